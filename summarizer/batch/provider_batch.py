"""`summarizer run --batch-api`: the provider's Batch API (half price on OpenAI), not real time.

1. Every pending article that fits in one request becomes one JSONL line whose body is exactly the
   real-time path's first request (instructor's request handler for the mode builds it). Articles
   that are split into parts, cached, or unusable take the real-time path instead.
2. The file is uploaded and a batch created; `{output}.batch.json` records it at once, so a re-run
   (or `--batch-id`) polls the same batch instead of paying for a second one.
3. Each reply is validated and grounded as the real-time first attempt is, and assembled into a
   Briefing costed at the batch price. Replies that are invalid, ungrounded, missing, or in the
   error file (or every article of a failed or expired batch) are retried in real time, which
   re-asks as usual. Every article ends as exactly one line of the output; then the state file goes.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import BaseModel, ValidationError

from summarizer.batch.concurrency import run_batch
from summarizer.batch.inputs import InputItem
from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.batch.run import RunOptions, make_summarizer, pending_items, record
from summarizer.engine.endpoint.batch_files import ENDPOINT, BatchFiles, BatchStatus
from summarizer.engine.endpoint.clients import Clients
from summarizer.engine.endpoint.retry import RetryPolicy
from summarizer.engine.endpoint.wire import completion_from_body
from summarizer.errors import ConfigurationError, ExtractionError, SummarizerError
from summarizer.pipeline import Summarizer
from summarizer.schema.briefing import Provenance, Usage
from summarizer.schema.pricing import Price
from summarizer.schema.records import Failure, Result
from summarizer.store.result_log import ResultLog

log = logging.getLogger("summarizer")

BATCH_DISCOUNT = 0.5  # OpenAI bills Batch API tokens at half its standard price.
# OpenAI's limits per batch: 50,000 requests and a 200 MB input file (less a margin for framing).
MAX_BATCH_REQUESTS, MAX_BATCH_BYTES = 50_000, 190 * 1024 * 1024
Sleep = Callable[[float], Awaitable[None]]


def batch_price(price: Price | None) -> Price | None:
    """The price of a batched request: the standard price at OpenAI's batch discount."""
    if price is None:
        return None
    return Price(
        price.input_per_million * BATCH_DISCOUNT, price.output_per_million * BATCH_DISCOUNT
    )


class BatchState(BaseModel):
    """What `{output}.batch.json` remembers, so a re-run resumes the batch it created."""

    batch_id: str
    input_file_id: str
    ids: list[str]
    created_at: str

    @staticmethod
    def path_for(output: Path) -> Path:
        """Where the state of a run writing `output` lives."""
        return output.with_name(output.name + ".batch.json")

    @classmethod
    def load(cls, path: Path) -> BatchState | None:
        """The saved state, or None when there is none."""
        if not path.exists():
            return None
        try:
            return cls.model_validate_json(path.read_bytes())
        except ValidationError:
            msg = f"{path} is not a batch state file; delete it to start a new batch"
            raise ConfigurationError(msg) from None

    def save(self, path: Path) -> None:
        """Write atomically: a run killed mid-write leaves the old file or the new, never half."""
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(self.model_dump_json(indent=2), encoding="utf-8")
        os.replace(temporary, path)


class _Retry(NamedTuple):
    """An article for the real-time path, with what its batch reply already cost, and why."""

    item: InputItem
    spent: Usage
    reason: str | None = None


def _line(custom_id: str, body: dict[str, Any]) -> bytes:
    line = {"custom_id": custom_id, "method": "POST", "url": ENDPOINT, "body": body}
    return json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n"


def _chunks(lines: list[tuple[str, bytes]]) -> Iterator[list[tuple[str, bytes]]]:
    """Split request lines into batches within the provider's count and size limits."""
    chunk: list[tuple[str, bytes]] = []
    size = 0
    for custom_id, line in lines:
        if chunk and (len(chunk) == MAX_BATCH_REQUESTS or size + len(line) > MAX_BATCH_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append((custom_id, line))
        size += len(line)
    if chunk:
        yield chunk


def _parse_lines(data: bytes, source: str) -> dict[str, dict[str, Any]]:
    """Batch file lines by custom_id; malformed lines are logged and left out."""
    replies: dict[str, dict[str, Any]] = {}
    malformed = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        try:
            reply = json.loads(line)
            replies[str(reply["custom_id"])] = reply
        except (ValueError, KeyError, TypeError):
            malformed += 1
    if malformed:
        log.warning(
            "%s: %d malformed lines ignored; their articles go real-time", source, malformed
        )
    return replies


def _with_spent(result: Result, spent: Usage, price: Price | None) -> Result:
    """Add what the batch reply cost to the real-time result, so usage counts every attempt."""
    if not spent.attempts or result.cached:
        return result
    cost = price.cost(spent) if price else None

    def add(was: Provenance | Failure) -> dict[str, Any]:
        total = None if was.cost_usd is None and cost is None else (was.cost_usd or 0) + (cost or 0)
        return {"usage": was.usage + spent, "cost_usd": total}

    if result.briefing is not None:
        provenance = result.briefing.provenance.model_copy(update=add(result.briefing.provenance))
        briefing = result.briefing.model_copy(update={"provenance": provenance})
        return result.model_copy(update={"briefing": briefing})
    if result.error is not None:
        return result.model_copy(
            update={"error": result.error.model_copy(update=add(result.error))}
        )
    return result


@dataclass
class _BatchRun:
    """One `summarizer run --batch-api`: the batch's life cycle and the real-time fallbacks."""

    options: RunOptions
    summarizer: Summarizer
    files: BatchFiles
    log: ResultLog
    summary: RunSummary
    progress: RunProgress
    interval: float
    sleep: Sleep

    @property
    def state_path(self) -> Path:
        """Where this run's batch state lives."""
        return BatchState.path_for(self.options.output)

    @property
    def price(self) -> Price | None:
        """What a batched request costs."""
        return batch_price(self.summarizer.price)

    async def execute(self, todo: list[InputItem]) -> None:
        """Finish a batch left by an earlier run (or named by --batch-id), then batch the rest."""
        pending = {item.id: item for item in todo}
        state = await self._attach()
        if state is not None:
            await self._finish(state, pending)
        batchable, direct = self._sort(list(pending.values()))
        for chunk in _chunks(batchable):
            state = await self._submit(chunk)
            # The provider works on the batch meanwhile: the real-time articles cost no waiting.
            await self._realtime(direct)
            direct = []
            await self._finish(state, pending)
        await self._realtime(direct)

    def _sort(self, items: list[InputItem]) -> tuple[list[tuple[str, bytes]], list[_Retry]]:
        """Request lines for the articles that fit one request; the rest go real-time."""
        batchable: list[tuple[str, bytes]] = []
        direct: list[_Retry] = []
        for item in items:
            bodies: list[dict[str, Any]] = []
            if item.article is not None:
                try:
                    bodies = self.summarizer.request_bodies(item.article)
                except SummarizerError:
                    bodies = []  # the real-time path reports it, as it would without --batch-api
            if len(bodies) == 1:
                batchable.append((item.id, _line(item.id, bodies[0])))
            else:
                direct.append(_Retry(item, Usage()))
        return batchable, direct

    async def _submit(self, chunk: list[tuple[str, bytes]]) -> BatchState:
        metadata = {"created_by": "summarizer", "prompt_version": self.summarizer.prompt_version}
        batch = await self.files.submit(b"".join(line for _, line in chunk), metadata)
        log.info("batch %s created for %d articles (%s)", batch.id, len(chunk), self.state_path)
        return self._remember(batch, [custom_id for custom_id, _ in chunk])

    def _remember(self, batch: BatchStatus, ids: list[str]) -> BatchState:
        """Save the batch's state before anything else can go wrong."""
        state = BatchState(
            batch_id=batch.id,
            input_file_id=batch.input_file_id,
            ids=ids,
            created_at=batch.created_at,
        )
        state.save(self.state_path)
        return state

    async def _attach(self) -> BatchState | None:
        """The batch to finish first: the saved one, or the one --batch-id names."""
        saved = BatchState.load(self.state_path)
        wanted = self.options.batch_id
        if wanted is None or (saved is not None and saved.batch_id == wanted):
            return saved
        if saved is not None:
            msg = (
                f"{self.state_path} tracks batch {saved.batch_id}: run without --batch-id to "
                "finish it, or delete the file to give it up"
            )
            raise ConfigurationError(msg)
        batch = await self.files.status(wanted, doing=f"could not find batch {wanted}")
        # The batch's own input file says which articles it holds.
        requests = await self._download(batch.input_file_id, batch.id)
        return self._remember(batch, list(requests))

    async def _poll(self, batch_id: str) -> BatchStatus:
        doing = f"could not check batch {batch_id} (run the same command again to resume it)"
        while True:
            batch = await self.files.status(batch_id, doing=doing)
            self.progress.batch_polled(
                batch.id,
                batch.status,
                completed=batch.completed,
                failed=batch.failed,
                total=batch.total,
            )
            if batch.finished:
                return batch
            await self.sleep(self.interval)

    async def _download(self, file_id: str, batch_id: str) -> dict[str, dict[str, Any]]:
        doing = f"could not download {file_id} of batch {batch_id} (run the same command again)"
        content = await self.files.download(file_id, doing=doing)
        return _parse_lines(content, f"batch {batch_id} file {file_id}")

    async def _replies(self, batch: BatchStatus) -> dict[str, dict[str, Any]]:
        """Every reply of a finished batch (an expired one keeps those it completed)."""
        replies: dict[str, dict[str, Any]] = {}
        # Output last: a success there wins over an error line for the same request.
        for file_id in (batch.error_file_id, batch.output_file_id):
            if file_id:
                replies.update(await self._download(file_id, batch.id))
        return replies

    async def _finish(self, state: BatchState, pending: dict[str, InputItem]) -> None:
        """Write every pending article of a batch (real time for its failures); drop the state."""
        mine = [pending.pop(custom_id) for custom_id in state.ids if custom_id in pending]
        if mine:
            batch = await self._poll(state.batch_id)
            replies = await self._replies(batch)
            if batch.status != "completed":
                _report_unfinished(batch, sum(item.id not in replies for item in mine))
            retries: list[_Retry] = []
            for item in mine:
                outcome = self._from_reply(item, replies.get(item.id))
                if isinstance(outcome, _Retry):
                    retries.append(outcome)
                else:
                    record(outcome, self.log, self.summary, self.progress)
            await self._realtime(retries)
        self.state_path.unlink(missing_ok=True)

    def _from_reply(self, item: InputItem, reply: dict[str, Any] | None) -> Result | _Retry:
        """The article's Result from its batch reply, or why it goes real-time."""
        if item.article is None or reply is None:
            return _Retry(item, Usage(), "no reply in the batch output")
        response = reply.get("response") or {}
        if response.get("status_code") != 200:  # noqa: PLR2004 - HTTP OK
            error = reply.get("error") or {}
            detail = error.get("message") or f"HTTP {response.get('status_code')}"
            return _Retry(item, Usage(), f"the batch could not answer it: {detail}")
        started = time.perf_counter()
        try:
            completion = completion_from_body(response.get("body"))
            briefing = self.summarizer.briefing_from_completion(
                item.article, completion, price=self.price
            )
        except SummarizerError as exc:
            spent = exc.usage if isinstance(exc, ExtractionError) and exc.usage else Usage()
            return _Retry(item, spent, str(exc))
        except ValueError:  # not a chat completion, or the article now splits into parts
            return _Retry(item, Usage(), "the batch reply does not answer the article as it is")
        return Result(
            id=item.id,
            status="ok",
            source=item.source,
            briefing=briefing,
            text=item.article.text if item.extracted else None,
            elapsed_s=time.perf_counter() - started,
        )

    async def _realtime(self, retries: list[_Retry]) -> None:
        """Run articles through the real-time path; add what their batch replies cost."""
        spent = {r.item.id: r.spent for r in retries}
        for retry in retries:
            if retry.reason:
                log.info("article %s: %s; retrying in real time", retry.item.id, retry.reason)
        items = [r.item for r in retries]
        async for result in run_batch(self.summarizer, items, concurrency=self.options.concurrency):
            total = _with_spent(result, spent[result.id], self.price)
            record(total, self.log, self.summary, self.progress)


def _report_unfinished(batch: BatchStatus, unanswered: int) -> None:
    reasons = batch.errors
    log.warning(
        "batch %s %s%s: %d of its articles are retried in real time, at the full price",
        batch.id,
        batch.status,
        f" ({reasons})" if reasons else "",
        unanswered,
    )


async def execute_batch_api_run(
    options: RunOptions,
    progress: RunProgress,
    *,
    poll_interval: float = 30.0,
    sleep: Sleep = asyncio.sleep,
) -> RunSummary:
    """`execute_run` through the provider's Batch API: one Result per article, resumable by batch.

    Args:
        options: What the run was asked to do; `options.batch_id` attaches to an existing batch.
        progress: Shows finished articles and, while waiting, the batch's request counts.
        poll_interval: Seconds between two checks of the batch.
        sleep: Waits between checks and transport retries (injectable, so tests need not wait).

    Returns:
        What the run did.

    Raises:
        SummarizerError: The provider refused the batch (upload or creation), or could not be
            reached for its status or files; a re-run resumes a batch that was created.
    """
    summarizer = make_summarizer(options)
    clients = Clients(client=None, async_client=None, base_url=options.base_url, api_key=None)
    clients.timeout = summarizer.settings.timeout
    policy = RetryPolicy(max_retries=summarizer.settings.max_retries, async_sleep=sleep)
    files = BatchFiles(clients, policy)
    output = ResultLog(options.output)
    summary = RunSummary(output=options.output)
    try:
        todo = pending_items(options, output, summary)
        run = _BatchRun(options, summarizer, files, output, summary, progress, poll_interval, sleep)
        with progress.running(len(todo)):
            await run.execute(todo)
    finally:
        output.close()
        await clients.aclose()
        await summarizer.aclose()
    return summary
