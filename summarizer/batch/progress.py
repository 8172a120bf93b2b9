"""Progress on stderr while a run works, and the closing summary table."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from summarizer.schema.briefing import Usage
from summarizer.schema.records import Result


@dataclass
class RunSummary:
    """What a run did, for the closing table and the exit code."""

    output: Path
    total: int = 0
    done: int = 0
    failed: int = 0
    skipped: int = 0
    cached: int = 0
    earlier_errors: int = 0
    """Inputs skipped because the output already holds an error line for them."""
    usage: Usage = field(default_factory=Usage)
    cost_usd: float = 0.0
    started: float = field(default_factory=time.perf_counter)

    @property
    def elapsed_s(self) -> float:
        """Seconds since the run started."""
        return time.perf_counter() - self.started

    @property
    def unresolved(self) -> bool:
        """Whether any input of this run ends without a briefing (the exit code is then 1)."""
        return bool(self.failed or self.earlier_errors)

    def add(self, result: Result) -> None:
        """Count one finished article."""
        if result.status == "ok":
            self.done += 1
        else:
            self.failed += 1
        self.cached += result.cached
        self.usage = self.usage + result.usage
        self.cost_usd += result.cost_usd


class RunProgress:
    """A rich progress bar: articles done/failed, tokens, cost so far, rate."""

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        """Draw on `console` (stderr); `enabled=False` keeps quiet except for the summary."""
        self.console = console
        self._enabled = enabled
        self._progress: Progress | None = None
        self._task: TaskID | None = None
        self._batch_line = ""

    @contextmanager
    def running(self, total: int) -> Iterator[None]:
        """Show the bar while the block runs."""
        if not self._enabled:
            yield
            return
        self._progress = Progress(
            TextColumn("[bold]summarising"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TextColumn("{task.fields[tokens]:,} tokens"),
            TextColumn("${task.fields[cost]:.4f}"),
            TextColumn("{task.fields[rate]:.1f}/min"),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        self._task = self._progress.add_task(
            "run", total=total, failed=0, tokens=0, cost=0.0, rate=0.0
        )
        with self._progress:
            yield

    def advance(self, result: Result, summary: RunSummary) -> None:
        """Count one finished article."""
        if self._progress is None or self._task is None:
            return
        finished = summary.done + summary.failed
        self._progress.update(
            self._task,
            advance=1,
            failed=summary.failed,
            tokens=summary.usage.total_tokens,
            cost=summary.cost_usd,
            rate=60 * finished / max(summary.elapsed_s, 1e-9),
        )
        if result.error is not None:
            line = Text("failed ", style="red")
            line.append(result.error.message)  # untrusted: appended as plain text, never markup
            self._progress.console.print(line, highlight=False)

    def batch_polled(
        self, batch_id: str, status: str, *, completed: int, failed: int, total: int
    ) -> None:
        """Show the state of a provider batch (Batch API runs): one line each time it changes."""
        line = f"batch {batch_id}: {status}, {completed + failed}/{total} answered, {failed} failed"
        if not self._enabled or line == self._batch_line:
            return
        self._batch_line = line
        # The id and status come from the provider: printed as plain text, never as markup.
        self.console.print(Text(line, style="cyan"), highlight=False)

    def print_summary(self, summary: RunSummary) -> None:
        """The closing table."""
        table = Table(title=f"summarizer run → {summary.output}", show_header=True)
        for column in ("done", "failed", "skipped", "cached", "tokens", "cost", "elapsed"):
            table.add_column(column, justify="right")
        table.add_row(
            str(summary.done),
            str(summary.failed),
            str(summary.skipped),
            str(summary.cached),
            f"{summary.usage.total_tokens:,}",
            f"${summary.cost_usd:.4f}",
            f"{summary.elapsed_s:.1f}s",
        )
        self.console.print(table)
        if summary.earlier_errors:
            self.console.print(
                f"{summary.earlier_errors} of these inputs already have an error line in "
                f"{summary.output} and were not retried: run again with --retry-errors to retry "
                "them",
                markup=False,
                highlight=False,
            )
        if summary.total == 0:
            self.console.print(
                "no article found in the inputs (files ending .txt .md .html .htm .json .jsonl)",
                markup=False,
                highlight=False,
            )
