"""`summarizer run`: inputs in, one JSONL line per article out, resumable and fault-tolerant."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol

from summarizer.batch.concurrency import run_batch
from summarizer.batch.inputs import InputItem, load_inputs
from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.pipeline import Summarizer
from summarizer.schema.briefing import (
    CiteLabels,
    EndpointKind,
    GroundingPolicy,
    OutputMode,
    Strategy,
)
from summarizer.schema.pricing import Price
from summarizer.schema.records import Result
from summarizer.store.result_log import ResultLog


@dataclass(frozen=True)
class RunOptions:
    """Everything `summarizer run` was asked to do."""

    inputs: list[Path]
    output: Path
    model: str | None = None
    base_url: str | None = None
    endpoint: EndpointKind | None = None
    mode: OutputMode | None = None
    concurrency: int | None = None
    rpm: float | None = None
    tpm: float | None = None
    grounding: GroundingPolicy | None = None
    strategy: Strategy | None = None
    cite_labels: CiteLabels | None = None
    cache_dir: Path | Literal[False] | None = None
    """None: from SUMMARIZER_CACHE_DIR, else off; False: off whatever the environment says."""
    price: Price | None = None
    retry_errors: bool = False
    batch_id: str | None = None
    """Batch API runs: attach to this provider batch instead of creating one."""


def make_summarizer(options: RunOptions) -> Summarizer:
    """The Summarizer a run uses; anything not given comes from the environment."""
    return Summarizer(
        model=options.model,
        base_url=options.base_url,
        endpoint=options.endpoint,
        mode=options.mode,
        grounding=options.grounding,
        strategy=options.strategy,
        cite_labels=options.cite_labels,
        price=options.price,
        cache_dir=options.cache_dir,
        rpm=options.rpm,
        tpm=options.tpm,
    )


class Output(Protocol):
    """Where a run's Results go: a JSONL file (`ResultLog`) or a folder of shards (`--ray`)."""

    def drop_errors(self) -> int:
        """Remove the error lines; how many there were."""
        ...

    def recover(self) -> dict[str, str]:
        """{id: status} of every complete line written so far."""
        ...


def pending_items(options: RunOptions, log: Output, summary: RunSummary) -> list[InputItem]:
    """Recover the output, load the inputs; return those not in it yet, count the others skipped."""
    if options.retry_errors:
        log.drop_errors()
    finished = log.recover()
    items = list(load_inputs(options.inputs))
    todo = [item for item in items if item.id not in finished]
    summary.total, summary.skipped = len(items), len(items) - len(todo)
    summary.earlier_errors = sum(finished.get(item.id) == "error" for item in items)
    return todo


def record(result: Result, log: ResultLog, summary: RunSummary, progress: RunProgress) -> None:
    """Write one finished article to the output, then count and show it."""
    log.append(result)
    summary.add(result)
    progress.advance(result, summary)


async def execute_run(options: RunOptions, progress: RunProgress) -> RunSummary:
    """Run every input not already in the output; append one Result per article as it finishes."""
    summarizer = make_summarizer(options)
    log = ResultLog(options.output)
    summary = RunSummary(output=options.output)
    try:
        todo = pending_items(options, log, summary)
        with progress.running(len(todo)):
            async for result in run_batch(summarizer, todo, concurrency=options.concurrency):
                record(result, log, summary, progress)
    finally:
        log.close()
        await summarizer.aclose()
    return summary
