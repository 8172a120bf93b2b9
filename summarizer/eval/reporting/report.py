"""Score a run and report it: results.json (the source of truth), Markdown, terminal.

The command line calls:

- `score(fixtures, predictions, manifest=None, settings=None) -> EvalResults`
- `compare_results(run_a, run_b) -> Comparison` (paired bootstrap; refuses mismatched runs)
- `write_reports(results, out_dir, baseline=None) -> ReportPaths` (results.json, summary.md)
- `render_table(results, console, baseline=None)` and `render_comparison(comparison, console)`

Metric names are those of `stats.METRICS` (listed in `stats`' docstring), e.g.
`events.f1_strict`, `figures.value_accuracy`, `attributions.fabricated_quotes`.

The gates (`check_gates`) are in `summarizer.eval.reporting.gates`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple

from pydantic import BaseModel, ConfigDict
from rich.console import Console
from rich.table import Table

from summarizer.eval.scoring.fixtures import Fixture
from summarizer.eval.scoring.match import ScoreSettings
from summarizer.eval.scoring.metrics import ArticleScore, UngroundedItem, score_article
from summarizer.eval.scoring.stats import (
    METRICS,
    Comparison,
    MetricValue,
    ScoringError,
    compare,
    detectable_points,
    summarise,
)
from summarizer.schema.records import Result

RESULTS_VERSION: Final = 1
RESULTS_FILE: Final = "results.json"
SUMMARY_FILE: Final = "summary.md"
COST_NOTE: Final = "cost is provenance.cost_usd; an unknown cost (price not known) counts as 0"
_HEADLINE_F1: Final = "overall.f1_strict"
_SPEND: Final = ("cost.total_usd", "cost.mean_usd", "latency.total_s", "latency.mean_s")
INVARIANTS: Final = {"schema_valid_rate": 1.0, "attributions.fabricated_quotes": 0.0}


class EvalResults(BaseModel):
    """Everything one scoring run produced: the source of truth for every report."""

    model_config = ConfigDict(extra="forbid")

    results_version: int = RESULTS_VERSION
    signature: str
    """`settings.signature()`: compare two results only when these are equal."""
    settings: ScoreSettings
    manifest: dict[str, Any]
    """Of the predictions: git sha, prompt/schema version, model, predictor, fixture-set hash."""
    n_articles: int
    metrics: dict[str, MetricValue]
    detectable_f1_points: float | None
    """Half-width (x100) of overall.f1_strict's interval: smaller differences are noise."""
    unknown_cost_articles: int
    """Articles counted at cost 0 because their cost is unknown (see `cost_note`)."""
    cost_note: str = COST_NOTE
    articles: list[ArticleScore]
    ungrounded: list[UngroundedItem]
    """Every predicted field the article does not back: the hallucination candidates."""
    extra_predictions: list[str] = []
    """Predicted article ids without a fixture (not scored)."""

    @classmethod
    def load(cls, path: Path) -> EvalResults:
        """Read a results.json, refusing one whose signature does not match its settings."""
        results = cls.model_validate_json(path.read_text("utf-8"))
        if results.signature != results.settings.signature():
            msg = (
                f"{path}: signature {results.signature} does not match its settings "
                f"({results.settings.signature()}): the file was edited or written by another "
                "scorer version; re-score it"
            )
            raise ScoringError(msg)
        return results

    def dump(self, path: Path) -> None:
        """Write as indented JSON."""
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")


class ReportPaths(NamedTuple):
    """Where `write_reports` wrote."""

    results: Path
    summary: Path


def score(
    fixtures: Sequence[Fixture],
    predictions: Mapping[str, Result],
    manifest: Mapping[str, Any] | None = None,
    settings: ScoreSettings | None = None,
) -> EvalResults:
    """Score predictions against fixtures; deterministic and offline.

    Args:
        fixtures: The hand-labelled articles (ids unique).
        predictions: Results by article id; a missing id or an error Result is an article with
            no briefing: all its gold items are missed and it is schema-invalid.
        manifest: Where the predictions came from, stored as is.
        settings: Thresholds; the defaults when None.

    Returns:
        Per-article counts and verdicts, every metric with its bootstrap interval, grounding
        failures, cost and latency.

    Raises:
        ScoringError: Two fixtures share an id.
    """
    settings = settings or ScoreSettings()
    ids = [f.id for f in fixtures]
    if len(set(ids)) != len(ids):
        msg = (
            f"fixture ids must be unique; repeated: {sorted({i for i in ids if ids.count(i) > 1})}"
        )
        raise ScoringError(msg)
    scored = [score_article(f, predictions.get(f.id), settings) for f in fixtures]
    articles = [article for article, _ in scored]
    metrics = summarise(articles, settings)
    return EvalResults(
        signature=settings.signature(),
        settings=settings,
        manifest=dict(manifest or {}),
        n_articles=len(articles),
        metrics=metrics,
        detectable_f1_points=detectable_points(metrics[_HEADLINE_F1]),
        unknown_cost_articles=sum(1 for a in articles if not a.counts["cost_known"]),
        articles=articles,
        ungrounded=[item for _, found in scored for item in found],
        extra_predictions=sorted(set(predictions) - set(ids)),
    )


def compare_results(run_a: EvalResults, run_b: EvalResults) -> Comparison:
    """Paired comparison of two scored runs (B - A); see `stats.compare`.

    Raises:
        ScoringError: Different settings signatures or different article sets.
    """
    return compare(run_a, run_b)


def detectability(n_articles: int, points: float | None) -> str:
    """The sentence saying how large a difference this many articles can detect."""
    if points is None:
        return f"With {n_articles} articles, no confidence interval could be computed."
    return (
        f"With {n_articles} articles, only differences of about {points:.1f} F1 points are "
        "detectable (half-width of the 95% interval of overall.f1_strict); smaller differences "
        "between runs are noise."
    )


def format_metric(value: float | None, kind: str, *, signed: bool = False) -> str:
    """A metric value as reports print it: "n/a" when undefined, in the unit of its kind."""
    if value is None:
        return "n/a"
    sign = "+" if signed else ""
    if kind == "count":
        return f"{value:{sign}.0f}"
    if kind == "usd":
        return f"{value:{sign}.4f} $"
    if kind == "seconds":
        return f"{value:{sign}.2f} s"
    return f"{value:{sign}.3f}"


def format_interval(metric: MetricValue) -> str:
    """A metric's confidence interval as "[low, high]", or "n/a"."""
    if metric.ci_low is None or metric.ci_high is None:
        return "n/a"
    low, high = (
        format_metric(metric.ci_low, metric.kind),
        format_metric(metric.ci_high, metric.kind),
    )
    return f"[{low}, {high}]"


def usable_baseline(results: EvalResults, baseline: EvalResults | None) -> EvalResults | None:
    """The baseline when it was scored with the same settings (so comparable), else None."""
    return baseline if baseline is not None and baseline.signature == results.signature else None


def value_in(baseline: EvalResults, name: str) -> float | None:
    """The baseline's value of `name`; None when it was scored before the metric existed."""
    metric = baseline.metrics.get(name)
    return metric.value if metric is not None else None


def _row(results: EvalResults, name: str, baseline: EvalResults | None) -> list[str]:
    metric = results.metrics[name]
    row = [name, format_metric(metric.value, metric.kind), format_interval(metric)]
    if baseline is not None:
        base = value_in(baseline, name)
        delta = metric.value - base if metric.value is not None and base is not None else None
        row += [format_metric(base, metric.kind), format_metric(delta, metric.kind, signed=True)]
    return row


def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _invariant_lines(results: EvalResults) -> list[str]:
    lines = []
    for name, wanted in INVARIANTS.items():
        value = results.metrics[name].value
        ok = value == wanted
        shown = format_metric(value, results.metrics[name].kind)
        lines.append(f"- {'pass' if ok else 'FAIL'}: `{name}` = {shown} (must be {wanted:g})")
    return lines


def render_markdown(results: EvalResults, baseline: EvalResults | None = None) -> str:
    """The Markdown summary: every metric with its interval, and the baseline delta if given."""
    usable = usable_baseline(results, baseline)
    manifest = ", ".join(
        f"{k}: `{v}`" for k, v in results.manifest.items() if not isinstance(v, dict)
    )
    lines = [
        "# Evaluation",
        "",
        f"{results.n_articles} articles; scorer signature `{results.signature}`.",
        f"Predictions: {manifest or 'no manifest'}.",
        "",
        detectability(results.n_articles, results.detectable_f1_points),
        "",
    ]
    if baseline is not None and usable is None:
        lines += [f"Baseline not compared: its signature `{baseline.signature}` differs.", ""]
    header = ["metric", "value", "95% CI"] + (["baseline", "delta"] if usable else [])
    lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_row(results, name, usable)) + " |" for name in METRICS]
    lines += ["", "## Invariants", "", *_invariant_lines(results), "", *_md_spend(results)]
    return "\n".join(lines) + "\n"


def _md_spend(results: EvalResults) -> list[str]:
    shown = {
        name: format_metric(results.metrics[name].value, results.metrics[name].kind)
        for name in _SPEND
    }
    lines = [
        "## Cost and latency",
        "",
        f"Cost {shown['cost.total_usd']} in total, {shown['cost.mean_usd']} per article "
        f"({results.unknown_cost_articles} articles of unknown cost: {results.cost_note}). "
        f"Latency {shown['latency.total_s']} in total, {shown['latency.mean_s']} per article.",
        "",
        f"## Ungrounded predicted fields ({len(results.ungrounded)})",
        "",
    ]
    if results.ungrounded:
        lines += ["| article | list | index | field | text |", "|---|---|---|---|---|"]
        lines += [
            f"| {_md_cell(u.article_id)} | {u.list} | {u.index} | {u.field} | {_md_cell(u.text)} |"
            for u in results.ungrounded
        ]
    return lines


def write_reports(
    results: EvalResults, out_dir: Path, baseline: EvalResults | None = None
) -> ReportPaths:
    """Write results.json and summary.md into `out_dir` (created if needed)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = ReportPaths(out_dir / RESULTS_FILE, out_dir / SUMMARY_FILE)
    results.dump(paths.results)
    paths.summary.write_text(render_markdown(results, baseline), encoding="utf-8")
    return paths


def render_table(
    results: EvalResults, console: Console, baseline: EvalResults | None = None
) -> None:
    """Print the summary metrics, invariants and the detectability sentence to `console`."""
    usable = usable_baseline(results, baseline)
    table = Table(title=f"{results.n_articles} articles, signature {results.signature}")
    for column in ["metric", "value", "95% CI"] + (["baseline", "delta"] if usable else []):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for name, spec in METRICS.items():
        if spec.summary:
            table.add_row(*_row(results, name, usable))
    console.print(table)
    if baseline is not None and usable is None:
        console.print(f"baseline not compared: signature {baseline.signature} differs")
    for line in _invariant_lines(results):
        console.print(line, markup=False, highlight=False)
    console.print(f"{len(results.ungrounded)} ungrounded predicted fields", highlight=False)
    console.print(detectability(results.n_articles, results.detectable_f1_points))


def render_comparison(comparison: Comparison, console: Console) -> None:
    """Print the headline differences (B - A) and per-article wins and losses."""
    table = Table(title=f"B - A over {comparison.n_articles} articles (paired bootstrap)")
    for column in ("metric", "A", "B", "B - A", "95% CI", "P(B better)"):
        table.add_column(column, justify="left" if column == "metric" else "right")
    for diff in comparison.metrics:
        spec = METRICS[diff.name]
        if not spec.headline:
            continue
        ci = "n/a"
        if diff.ci_low is not None and diff.ci_high is not None:
            ci = f"[{format_metric(diff.ci_low, spec.kind, signed=True)}, "
            ci += f"{format_metric(diff.ci_high, spec.kind, signed=True)}]"
        share = f"{diff.share_b_better:.2f}" if diff.share_b_better is not None else "n/a"
        cells = (format_metric(diff.a, spec.kind), format_metric(diff.b, spec.kind))
        table.add_row(
            diff.name, *cells, format_metric(diff.diff, spec.kind, signed=True), ci, share
        )
    console.print(table)
    wins = Table(title="Articles won on per-article strict F1")
    for column in ("list", "B wins", "A wins", "ties", "skipped"):
        wins.add_column(column, justify="left" if column == "list" else "right")
    for row in comparison.per_article:
        wins.add_row(row.list, str(row.b_wins), str(row.a_wins), str(row.ties), str(row.skipped))
    console.print(wins)
    console.print(detectability(comparison.n_articles, comparison.detectable_f1_points))
