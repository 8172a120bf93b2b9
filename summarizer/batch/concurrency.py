"""Running many articles with adaptive concurrency: one Result per article, never an exception."""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Iterator
from typing import Protocol, TypeVar, cast

from summarizer.batch.candidate_pool import CandidatePool
from summarizer.batch.inputs import InputItem
from summarizer.engine.throttle import AdaptiveLimit
from summarizer.errors import ConfigurationError, SummarizerError
from summarizer.options import resolve_concurrency
from summarizer.schema.article import Article, as_article
from summarizer.schema.briefing import Briefing
from summarizer.schema.pricing import Price
from summarizer.schema.records import Failure, Result


class Summarizer(Protocol):
    """What a batch needs of a summarizer (`summarizer.Summarizer` is one)."""

    @property
    def price(self) -> Price | None:
        """The price used for cost estimates."""

    @property
    def sends_async(self) -> bool:
        """Whether articles are sent on the event loop (else each runs in a worker thread)."""

    @property
    def finds_candidates(self) -> bool:
        """Whether each article's candidates are found first (CPU work: the cite strategy)."""

    async def asummarize_traced(
        self,
        article: str | Article,
        /,
        *,
        on_rate_limited: Callable[[], None] | None = None,
        gate: AdaptiveLimit | None = None,
        candidates: CandidatePool | None = None,
    ) -> tuple[Briefing, bool]:
        """The briefing of `article`, and whether it came from the cache."""
        ...


log = logging.getLogger("summarizer")
T = TypeVar("T")
# Articles worked on per request slot when the limit is held per request (see run_batch).
_ARTICLES_PER_SLOT = 2


def articles_as_items(articles: Iterable[str | Article]) -> Iterator[InputItem]:
    """Wrap library inputs; something that is not text becomes an error item, not an exception."""
    for index, article in enumerate(articles):
        try:
            checked = as_article(article)
        except SummarizerError as exc:
            yield InputItem(id=f"input[{index}]", source=f"input[{index}]", article=None, error=exc)
            continue
        yield InputItem(
            id=checked.resolved_id, source=f"input[{index}]", article=checked, error=None
        )


async def _process(
    summarizer: Summarizer,
    item: InputItem,
    limit: AdaptiveLimit,
    *,
    gate: AdaptiveLimit | None,
    candidates: CandidatePool | None = None,
) -> Result:
    if item.article is None:
        error = item.error or SummarizerError("no article", article_id=item.id)
        return Result(
            id=item.id, status="error", source=item.source, error=Failure.from_error(error)
        )
    started = time.perf_counter()
    try:
        briefing, cached = await summarizer.asummarize_traced(
            item.article, on_rate_limited=limit.rate_limited, gate=gate, candidates=candidates
        )
    except ConfigurationError:
        raise  # not this article's fault: every article would fail the same way
    except SummarizerError as exc:
        failure = Failure.from_error(exc, price=summarizer.price)
        return Result(
            id=item.id,
            status="error",
            source=item.source,
            error=failure,
            elapsed_s=time.perf_counter() - started,
        )
    except Exception as exc:
        log.exception("article %s: unexpected error", item.id)
        failure = Failure(kind="InternalError", message=f"article {item.id!r}: {exc!r}")
        return Result(id=item.id, status="error", source=item.source, error=failure)
    return Result(
        id=item.id,
        status="ok",
        source=item.source,
        briefing=briefing,
        text=item.article.text if item.extracted else None,
        cached=cached,
        elapsed_s=time.perf_counter() - started,
    )


async def run_batch(
    summarizer: Summarizer,
    items: Iterable[InputItem],
    *,
    concurrency: int | None,
    candidate_workers: bool = True,
) -> AsyncIterator[Result]:
    """Yield one Result per item, in completion order, at most `concurrency` requests in flight.

    On the event loop the limit is held per HTTP request, not per article, and twice as many
    articles are worked on: while one reply is parsed, validated and grounded (CPU work, a few ms)
    another article's request takes the free slot, so the endpoint is never left idle waiting for
    this process. Articles run in worker threads (a sync-only client, the local engine) hold it for
    the whole article. `candidate_workers=False`: the cite candidates are found in this process
    (a Ray actor is already one process per core; a pool per batch would cost its start-up).
    """
    limit = AdaptiveLimit(resolve_concurrency(concurrency))
    per_request = summarizer.sends_async
    results: asyncio.Queue[Result | None] = asyncio.Queue()
    pending = iter(items)
    # Candidates (spaCy, ~75 ms of CPU each) in worker processes, on every core, while requests
    # go out; a sync engine finds them in its article's own thread.
    wanted = candidate_workers and per_request and summarizer.finds_candidates
    pool = CandidatePool() if wanted else None

    async def worker() -> None:
        # The iterator is shared: next() never awaits, so workers cannot take the same item.
        for item in pending:
            if per_request:
                result = await _process(summarizer, item, limit, gate=limit, candidates=pool)
            else:
                await limit.acquire()
                try:
                    result = await _process(summarizer, item, limit, gate=None)
                finally:
                    await limit.release(succeeded=True)
            await results.put(result)

    async def supervise() -> None:
        workers = limit.maximum * (_ARTICLES_PER_SLOT if per_request else 1)
        try:
            await asyncio.gather(*(worker() for _ in range(workers)))
        finally:
            if pool is not None:
                await pool.close()
            await results.put(None)

    supervisor = asyncio.create_task(supervise())
    try:
        while (result := await results.get()) is not None:
            yield result
        await supervisor
    finally:
        supervisor.cancel()


def iterate_in_thread(
    make: Callable[[], AsyncIterator[T]], cleanup: Callable[[], Awaitable[None]]
) -> Iterator[T]:
    """Drive an async iterator on a private event loop in a thread; yield its items here."""
    handoff: queue.Queue[tuple[str, object]] = queue.Queue(maxsize=64)
    stop = threading.Event()

    async def pump() -> None:
        try:
            async for item in make():
                handoff.put(("item", item))
                if stop.is_set():
                    break
        finally:
            await cleanup()

    def run() -> None:
        try:
            asyncio.run(pump())
        except BaseException as exc:  # noqa: BLE001 - handed to the consuming thread to re-raise
            handoff.put(("error", exc))
        else:
            handoff.put(("done", None))

    thread = threading.Thread(target=run, name="summarizer-batch", daemon=True)
    thread.start()
    try:
        while True:
            kind, value = handoff.get()
            if kind == "done":
                return
            if kind == "error":
                raise cast(BaseException, value)
            yield cast(T, value)
    finally:
        stop.set()
        while thread.is_alive():
            try:
                handoff.get(timeout=0.1)
            except queue.Empty:
                continue
