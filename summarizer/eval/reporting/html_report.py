"""The eval report as one self-contained HTML page (`summarizer eval score --html report.html`).

It shows every metric with its bootstrap interval (and the baseline delta when one is given),
then each article: its text with the gold and the predicted evidence highlighted, and its gold and
predicted items side by side with their verdicts (correct, partial, incorrect, missed, spurious,
optional). Escaping and the CSP are those of every page (see `summarizer.pages.markup`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Final

import numpy as np
from markupsafe import Markup

from summarizer.eval.reporting.report import (
    INVARIANTS,
    EvalResults,
    detectability,
    format_interval,
    format_metric,
    usable_baseline,
)
from summarizer.eval.scoring.fixtures import Fixture
from summarizer.eval.scoring.metrics import (
    LISTS,
    Aggregator,
    ArticleScore,
    article_f1,
    count_matrix,
)
from summarizer.eval.scoring.stats import F1_LISTS, METRICS, MetricValue
from summarizer.pages.items import ItemLists, ItemView, item_lists
from summarizer.pages.markup import environment, highlighted, render_page
from summarizer.schema.records import Failure, Result

_BAR_WIDTH: Final = 120
_STATUS_FAILURE: Final = {
    "missing": "no prediction for this article",
    "invalid": "the predicted briefing does not validate against the schema",
}


@dataclass(frozen=True)
class CiBar:
    """A ratio metric's interval drawn in a small inline SVG (pixels of a 120-wide track)."""

    low: float
    width: float
    point: float | None


@dataclass(frozen=True)
class MetricRow:
    """One metric as the report's tables show it."""

    name: str
    description: str
    value: str
    interval: str
    bar: CiBar | None
    headline: bool
    summary: bool
    """Shown in the summary table (as in the terminal's); every metric is in the full table."""
    baseline: str | None = None
    delta: str | None = None
    delta_class: str = ""
    """"better" or "worse" than the baseline, or "" when equal or unknown."""


@dataclass(frozen=True)
class VerdictRow:
    """A gold item and the prediction it was paired with, or a leftover of either side."""

    verdict: str
    similarity: str
    gold: ItemView | None
    pred: ItemView | None

    @property
    def select(self) -> str:
        """The ids a click on the row selects: both sides' items."""
        return " ".join(view.id for view in (self.gold, self.pred) if view is not None)


@dataclass(frozen=True)
class ArticleSection:
    """Everything the report shows about one article."""

    anchor: str
    fixture: Fixture
    score: ArticleScore
    f1: dict[str, str]
    """Per-article strict F1 by list (and overall)."""
    article: Markup
    rows: dict[str, list[VerdictRow]]
    failure: str | None
    offsets_comparable: bool
    located: tuple[int, int]
    """Highlighted gold and predicted items."""


def ci_bar(metric: MetricValue) -> CiBar | None:
    """The interval bar of a ratio metric; None for counts, money, time or undefined values."""
    if metric.kind != "ratio" or metric.ci_low is None or metric.ci_high is None:
        return None
    low, high = (min(max(v, 0.0), 1.0) * _BAR_WIDTH for v in (metric.ci_low, metric.ci_high))
    point = None if metric.value is None else min(max(metric.value, 0.0), 1.0) * _BAR_WIDTH
    return CiBar(low=round(low, 1), width=round(max(high - low, 1.0), 1), point=point)


def metric_rows(results: EvalResults, baseline: EvalResults | None = None) -> list[MetricRow]:
    """Every metric, in registry order, with the baseline's value and the delta when usable."""
    usable = usable_baseline(results, baseline)
    rows = []
    for name, spec in METRICS.items():
        metric = results.metrics[name]
        row = MetricRow(
            name=name,
            description=spec.description,
            value=format_metric(metric.value, metric.kind),
            interval=format_interval(metric),
            bar=ci_bar(metric),
            headline=spec.headline,
            summary=spec.summary,
        )
        if usable is not None:
            then = usable.metrics[name].value
            delta = None if metric.value is None or then is None else metric.value - then
            better = delta is not None and (delta > 0) == spec.higher_is_better
            row = replace(
                row,
                baseline=format_metric(then, metric.kind),
                delta=format_metric(delta, metric.kind, signed=True),
                delta_class="" if not delta else ("better" if better else "worse"),
            )
        rows.append(row)
    return rows


def article_f1_table(articles: Sequence[ArticleScore]) -> list[dict[str, str]]:
    """Per-article strict F1 of each list and overall, formatted ("n/a" when undefined)."""
    if not articles:
        return []
    matrix, columns = count_matrix(articles)
    aggregator = Aggregator(matrix, columns, np.ones(len(articles)))
    table: list[dict[str, str]] = [{} for _ in articles]
    for name in F1_LISTS:
        values, defined = article_f1(aggregator, name, "strict")
        for row, value, ok in zip(table, values, defined, strict=True):
            row[name] = f"{value:.2f}" if ok else "n/a"
    return table


def _failure(score: ArticleScore, result: Result | None) -> str | None:
    if score.status == "ok":
        return None
    if score.status == "error":
        failure = (result.error if result else None) or Failure(kind="Error", message="")
        return f"{failure.kind}: {failure.message}"
    return _STATUS_FAILURE[score.status]


def _rows(score: ArticleScore, gold: ItemLists, pred: ItemLists) -> dict[str, list[VerdictRow]]:
    rows: dict[str, list[VerdictRow]] = {name: [] for name in LISTS}
    for verdict in score.verdicts:
        golds: list[ItemView] = getattr(gold, verdict.list)
        preds: list[ItemView] = getattr(pred, verdict.list)
        similarity = "" if verdict.similarity is None else f"{verdict.similarity:.2f}"
        rows[verdict.list].append(
            VerdictRow(
                verdict=verdict.verdict,
                similarity=similarity,
                gold=golds[verdict.gold_index] if verdict.gold_index is not None else None,
                pred=preds[verdict.pred_index] if verdict.pred_index is not None else None,
            )
        )
    return rows


def article_section(
    number: int, fixture: Fixture, score: ArticleScore, result: Result | None, f1: dict[str, str]
) -> ArticleSection:
    """One article of the report: highlighted text and verdict rows (ids prefixed `a<number>`)."""
    text = fixture.article.text
    prefix = f"a{number}"
    gold_items = fixture.gold
    gold = item_lists(
        gold_items.events,
        gold_items.figures,
        gold_items.attributions,
        prefix=f"{prefix}-gold",
        text_length=len(text),
    )
    briefing = result.briefing if result is not None and score.status == "ok" else None
    comparable = briefing is not None and briefing.provenance.text_sha256 == fixture.text_sha256
    if briefing is None:
        pred = item_lists([], [], [], prefix=f"{prefix}-pred", text_length=None)
    else:
        pred = item_lists(
            briefing.events,
            briefing.figures,
            briefing.attributions,
            prefix=f"{prefix}-pred",
            text_length=len(text) if comparable else None,
        )
    gold_spans = gold.spans("gold", prefix="gold ")
    pred_spans = pred.spans("pred", prefix="predicted ")
    return ArticleSection(
        anchor=f"article-{number}",
        fixture=fixture,
        score=score,
        f1=f1,
        article=highlighted(text, gold_spans + pred_spans),
        rows=_rows(score, gold, pred),
        failure=_failure(score, result),
        offsets_comparable=comparable or briefing is None,
        located=(len(gold_spans), len(pred_spans)),
    )


def score_page(
    results: EvalResults,
    fixtures: Sequence[Fixture],
    predictions: Mapping[str, Result],
    baseline: EvalResults | None = None,
) -> str:
    """The report of one scored run as a self-contained HTML page.

    Args:
        results: The scored run.
        fixtures: The fixtures it was scored against (articles without one are left out).
        predictions: The predictions by article id, as scored.
        baseline: A results.json to show deltas against (ignored unless scored alike).
    """
    by_id = {fixture.id: fixture for fixture in fixtures}
    scored = [a for a in results.articles if a.article_id in by_id]
    sections = [
        article_section(n, by_id[a.article_id], a, predictions.get(a.article_id), f1)
        for n, (a, f1) in enumerate(zip(scored, article_f1_table(scored), strict=True), 1)
    ]
    rows = metric_rows(results, baseline)
    return render_page(
        environment(),
        "eval_report.html.j2",
        results=results,
        rows=rows,
        values={row.name: row.value for row in rows},
        baseline_used=usable_baseline(results, baseline) is not None,
        baseline_refused=baseline is not None and usable_baseline(results, baseline) is None,
        invariants=[
            (name, wanted, results.metrics[name].value == wanted)
            for name, wanted in INVARIANTS.items()
        ],
        detectability=detectability(results.n_articles, results.detectable_f1_points),
        manifest=[(k, str(v)) for k, v in results.manifest.items() if not isinstance(v, dict)],
        sections=sections,
        lists=LISTS,
    )
