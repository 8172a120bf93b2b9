"""The reconcile suite's scores as a terminal table."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from summarizer.eval.reconciling.score import ReconcileScores

_SHOWN = (
    "links.precision", "links.recall", "links.f1", "verdicts.accuracy",
    "near_misses.kept_apart", "stories.precision", "stories.recall", "stories.f1",
)  # fmt: skip


def _cell(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def render_scores(scores: ReconcileScores, console: Console) -> None:
    """One table: every metric with its 95% bootstrap interval, and the counts behind it."""
    name = scores.run if scores.run == "gold" else Path(scores.run).name
    rows = scores.per_story
    table = Table(
        title=f"reconcile on {name}: {scores.articles} articles, {scores.stories} gold stories "
        f"(95% bootstrap over stories)"
    )
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("interval", justify="right")
    for metric in _SHOWN:
        value = scores.metrics[metric]
        table.add_row(metric, _cell(value.value), f"{_cell(value.ci_low)}-{_cell(value.ci_high)}")
    console.print(table)
    found = sum(r.quantities_found for r in rows)
    console.print(
        f"links: {sum(r.true_links for r in rows)} right of {sum(r.predicted_links for r in rows)} "
        f"predicted, {sum(r.gold_links for r in rows)} in gold; quantities found "
        f"{found}/{sum(r.quantities for r in rows)}, verdicts right "
        f"{sum(r.verdicts_right for r in rows)}/{found}",
        highlight=False,
    )
