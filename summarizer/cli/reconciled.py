"""`summarizer reconcile`: read a run's Result lines, reconcile them, show and write the report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from summarizer.batch.inputs import load_inputs
from summarizer.errors import ReconcileInputError
from summarizer.reconciliation.linking import Judge
from summarizer.reconciliation.reconciler import reconcile
from summarizer.reconciliation.report import JudgeUse, Quantity, ReconcileReport, Report
from summarizer.schema.article import Article

_VERDICT_STYLE = {"agree": "green", "update": "cyan", "conflict": "bold red"}


def read_result_lines(path: Path) -> list[dict[str, Any]]:
    """The JSON lines of `path`, each an object; a clear error for anything else."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        msg = f"cannot read {path}: {exc}"
        raise ReconcileInputError(msg) from None
    lines: list[dict[str, Any]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError:
            msg = f"{path}:{number} is not JSON: give the JSONL output of `summarizer run`"
            raise ReconcileInputError(msg) from None
        if not isinstance(record, dict):
            msg = f"{path}:{number} is not a Result line of `summarizer run`"
            raise ReconcileInputError(msg)
        lines.append(record)
    if not lines:
        msg = f"{path} holds no Result line: give the JSONL output of `summarizer run`"
        raise ReconcileInputError(msg)
    return lines


def articles_of(inputs: Sequence[Path]) -> list[Article]:
    """The articles among `inputs` (as `summarizer run` reads them), for dates and titles."""
    return [item.article for item in load_inputs(inputs) if item.article is not None]


def reconcile_files(
    results: Sequence[Path], inputs: Sequence[Path], judge: Judge | None = None
) -> ReconcileReport:
    """Reconcile the Result lines of every file in `results`, with `inputs`' articles."""
    lines = [line for path in results for line in read_result_lines(path)]
    return reconcile(lines, articles=articles_of(inputs) if inputs else None, judge=judge)


def _who(report: Report) -> str:
    said = report.reported_by or "the outlet"
    when = report.as_of or report.published
    return f"{said}, {report.article_id}" + (f", {when.isoformat()}" if when else "")


def _quantity_table(quantity: Quantity) -> Table:
    style = _VERDICT_STYLE.get(quantity.verdict, "yellow")
    title = Text.assemble((quantity.verdict.replace("_", " "), style), "  ", quantity.measure)
    table = Table(title=title, title_justify="left", show_header=True, expand=False)
    for column in ("number", "value", "who, where, when"):
        table.add_column(column)
    for report in quantity.reports:
        table.add_row(report.number, f"{report.value:,g}", _who(report))
    table.caption = quantity.explanation
    table.caption_justify = "left"
    return table


def render_report(report: ReconcileReport, console: Console) -> None:
    """Every story with its quantities and near misses, then what was skipped."""
    for story in report.stories:
        names = ", ".join(story.shared[:5])
        console.rule(Text(f"{story.title} ({len(story.articles)} articles)"))
        if names:
            console.print(Text(f"shared: {names}", style="dim"))
        if not story.quantities:
            console.print("no figure is reported by more than one article of this story")
        for quantity in story.quantities:
            console.print(_quantity_table(quantity))
        for miss in story.near_misses:
            said = (
                f"near miss: {miss.a.number.strip()} ({miss.a.article_id}) and "
                f"{miss.b.number.strip()} ({miss.b.article_id}): {miss.why}"
            )
            console.print(Text(said, style="dim"))
    for skipped in report.skipped:
        console.print(Text(f"skipped {skipped.id}: {skipped.reason}", style="yellow"))
    if report.judge is not None:
        console.print(judge_line(report.judge), highlight=False)


def judge_line(use: JudgeUse) -> str:
    """What the judge did, in one line."""
    failed = f", {use.failed} failed (the rules' call stood)" if use.failed else ""
    return (
        f"judge ({use.model}): {use.asked} asked, {use.cached} from its cache; "
        f"{use.confirmed} linked, {use.rejected} kept apart{failed}"
    )
