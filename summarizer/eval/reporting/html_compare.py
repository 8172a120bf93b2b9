"""A comparison of two runs as one self-contained HTML page (`summarizer eval compare --html`).

Differences B - A with their paired-bootstrap intervals, then the per-article wins and losses on
each list's strict F1: the totals and every article's outcome, which `stats.compare` computes
from the same arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from summarizer.eval.reporting.report import EvalResults, detectability, format_metric
from summarizer.eval.scoring.stats import F1_LISTS, METRICS, Comparison, MetricDiff
from summarizer.eval.scoring.wins import ArticleOutcome
from summarizer.pages.markup import environment, render_page

Reading = Literal["B better", "A better", "no detectable difference", "n/a"]
_MANIFEST_KEYS: Final = ("model", "predictor", "prompt_version", "git_sha")


@dataclass(frozen=True)
class RunLabel:
    """How the page names a run: what was passed on the command line, and its manifest."""

    letter: str
    where: str
    details: list[tuple[str, str]]


@dataclass(frozen=True)
class DiffRow:
    """One metric's difference as the page shows it."""

    name: str
    description: str
    headline: bool
    a: str
    b: str
    diff: str
    interval: str
    share_b_better: str
    reading: Reading


@dataclass(frozen=True)
class ArticleRow:
    """One article's outcome in every list."""

    article_id: str
    outcomes: dict[str, ArticleOutcome]


def run_label(letter: str, where: str, results: EvalResults) -> RunLabel:
    """A run's label from its path and the manifest of its predictions."""
    manifest: dict[str, Any] = results.manifest
    details = [(key, str(manifest[key])) for key in _MANIFEST_KEYS if manifest.get(key)]
    return RunLabel(letter=letter, where=where, details=details)


def reading(diff: MetricDiff) -> Reading:
    """What the interval of B - A says: which run is better, if any detectably is."""
    if diff.ci_low is None or diff.ci_high is None:
        return "n/a"
    if diff.ci_low > 0 or diff.ci_high < 0:
        b_higher = diff.ci_low > 0
        return "B better" if b_higher == diff.higher_is_better else "A better"
    return "no detectable difference"


def diff_row(diff: MetricDiff) -> DiffRow:
    """A metric difference, formatted in its metric's unit."""
    spec = METRICS[diff.name]
    interval = "n/a"
    if diff.ci_low is not None and diff.ci_high is not None:
        low = format_metric(diff.ci_low, spec.kind, signed=True)
        interval = f"[{low}, {format_metric(diff.ci_high, spec.kind, signed=True)}]"
    share = "n/a" if diff.share_b_better is None else f"{diff.share_b_better:.2f}"
    return DiffRow(
        name=diff.name,
        description=spec.description,
        headline=spec.headline,
        a=format_metric(diff.a, spec.kind),
        b=format_metric(diff.b, spec.kind),
        diff=format_metric(diff.diff, spec.kind, signed=True),
        interval=interval,
        share_b_better=share,
        reading=reading(diff),
    )


def article_rows(outcomes: Sequence[ArticleOutcome]) -> list[ArticleRow]:
    """The outcomes grouped by article, in the order the comparison lists them."""
    rows: dict[str, dict[str, ArticleOutcome]] = {}
    for outcome in outcomes:
        rows.setdefault(outcome.article_id, {})[outcome.list] = outcome
    return [ArticleRow(article_id, by_list) for article_id, by_list in rows.items()]


def compare_page(
    comparison: Comparison,
    run_a: EvalResults,
    run_b: EvalResults,
    *,
    names: tuple[str, str] = ("A", "B"),
) -> str:
    """The comparison of two scored runs as a self-contained HTML page.

    Args:
        comparison: `compare_results(run_a, run_b)`.
        run_a: The reference run.
        run_b: The run compared with it.
        names: How each run was given (paths), to label them.
    """
    rows = [diff_row(diff) for diff in comparison.metrics]
    return render_page(
        environment(),
        "eval_compare.html.j2",
        comparison=comparison,
        runs=[run_label("A", names[0], run_a), run_label("B", names[1], run_b)],
        rows=rows,
        headline=[row for row in rows if row.headline],
        wins=comparison.per_article,
        articles=article_rows(comparison.articles),
        lists=F1_LISTS,
        detectability=detectability(comparison.n_articles, comparison.detectable_f1_points),
    )
