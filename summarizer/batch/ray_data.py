"""Summarising a Ray Data dataset: the same batch as `summarizer run`, on a cluster's actors.

```python
import ray
from summarizer.batch.ray_data import summarize_dataset

articles = ray.data.read_json("s3://feeds/2026-12-06/")        # rows: id, text, title, ...
results = summarize_dataset(articles, actors=8, requests_per_actor=16, model="gpt-4o-mini")
results.write_parquet("s3://briefings/2026-12-06/")
```

Built on `Dataset.map_batches` with a callable class: each actor holds one `Summarizer` (one
client and its connection pool, or one loaded local model) and runs its batches through the same
batch runner as `summarizer run` (adaptive concurrency, retries, re-asks, the cache), so every
row gets one Result row and a bad row becomes an error row, never a failed task.

Result rows have the JSONL line's fields; `briefing` and `error` are JSON text (one Arrow schema
for every block, whatever the briefing holds), and `result_of_row` rebuilds the `Result`.

Limits: `rpm` and `tpm` are for the whole dataset: one small pacing actor (`Pace`) holds the
schedule, every actor reserves each request there, and a 429 one actor receives pauses them all
for as long as the endpoint asked (Ray has no distributed rate limiter).
The API key is never put in a task's arguments (Ray stores those): each actor reads
`OPENAI_API_KEY` from its own environment. Exactly once: Ray retries the batch of an actor that
died (at-least-once), so an article of that batch may be sent again unless the cache (on a shared
folder) already holds it; its row is emitted once, by the attempt that finished. Skipping ids
already written (a re-run) is the caller's anti-join: `summarizer run --ray` does it.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import ray.data

from summarizer.batch.concurrency import run_batch
from summarizer.batch.inputs import InputItem, item_of_record
from summarizer.engine.throttle import Throttle
from summarizer.environment import environment
from summarizer.errors import ConfigurationError, SummarizerError
from summarizer.pipeline import Summarizer
from summarizer.schema.records import Failure, Result

RESULT_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("status", pa.string()),
        ("source", pa.string()),
        ("briefing", pa.string()),
        ("error", pa.string()),
        ("text", pa.string()),
        ("cached", pa.bool_()),
        ("elapsed_s", pa.float64()),
    ]
)
"""The Result rows' columns: the JSONL line's fields, `briefing` and `error` as JSON text."""
EXTRACTED = "_extracted"
"""An input column `summarizer run --ray` sets on texts it extracted from HTML (kept in the row)."""
_NOT_OPTIONS = frozenset({"api_key", "client", "async_client"})
_REFRESH_EVERY = 0.05
"""Seconds between an actor's questions to the pacing actor about a pause (without rpm/tpm)."""
_TEST_FAULT = "SUMMARIZER_RAY_TEST_FAULT"
"""Test hook: `exit-once:PATH` makes the first actor to finish a batch die (os._exit) before
returning it, once (PATH marks that it happened), to test a worker that dies mid-run;
`kill-once:PATH` has it `ray.kill`ed instead, as an operator would."""
_KILL_GRACE = 30.0
"""Seconds an actor that asked Ray to kill it waits for the kill before it exits itself."""


def result_row(result: Result) -> dict[str, Any]:
    """One Result as a row of `RESULT_SCHEMA`."""
    return {
        "id": result.id,
        "status": result.status,
        "source": result.source,
        "briefing": result.briefing.model_dump_json(exclude_none=True) if result.briefing else None,
        "error": result.error.model_dump_json(exclude_none=True) if result.error else None,
        "text": result.text,
        "cached": result.cached,
        "elapsed_s": result.elapsed_s,
    }


def result_of_row(row: dict[str, Any]) -> Result:
    """The Result a row of `RESULT_SCHEMA` holds."""
    fields = {key: row.get(key) for key in RESULT_SCHEMA.names}
    for nested in ("briefing", "error"):
        text = fields.get(nested)
        fields[nested] = json.loads(text) if isinstance(text, str) else None
    return Result.model_validate({k: v for k, v in fields.items() if v is not None})


def _items(rows: list[dict[str, Any]], start: int) -> Iterator[InputItem]:
    for offset, row in enumerate(rows):
        source = str(row.get("source") or f"row {start + offset}")
        record = {k: v for k, v in row.items() if k not in {"source", EXTRACTED} and v is not None}
        item = item_of_record(record, source, default_id=source)
        if row.get(EXTRACTED) and item.article is not None:
            item = InputItem(item.id, item.source, item.article, None, extracted=True)
        yield item


class Pace:
    """The cluster's one pacing actor: the dataset's rpm/tpm schedule and its 429 pauses.

    Every actor reserves each request here (one small call, ~1 ms on one machine), so the limits
    hold for the whole dataset, and a 429 that one actor receives pauses every actor for as long
    as the endpoint asked (Ray has no distributed rate limiter; its docs suggest such an actor).
    """

    def __init__(self, rpm: float | None, tpm: float | None) -> None:
        """Pace `rpm` requests and `tpm` tokens per minute across the cluster (None: no limit)."""
        self._throttle = Throttle(rpm=rpm, tpm=tpm)

    def reserve(self, tokens: int) -> float:
        """Seconds the caller waits before sending a request of about `tokens` tokens."""
        return self._throttle.reserve(tokens)

    def settle(self, estimated: int, actual: int) -> None:
        """Correct the token schedule with a request's real count."""
        self._throttle.settle(estimated, actual)

    def pause(self, seconds: float) -> None:
        """Hold every actor's next requests for `seconds` (a 429's wait)."""
        self._throttle.pause(seconds)

    def held(self) -> float:
        """Seconds left of the last pause."""
        return self._throttle.held()


class SharedThrottle(Throttle):
    """An actor's throttle whose schedule lives in the `Pace` actor, shared by all actors.

    With rpm/tpm set, each reservation asks the pacing actor (the schedule must be one). Without,
    only 429 pauses are shared, and they need no round trip per request: the pause is kept here
    and refreshed from the pacing actor in the background (at most every 50 ms, one call in
    flight), so a pause another actor reported holds here within ~50 ms. A blocking call per
    request cost 2.4 s in 12 on 200 articles at 300 ms latency (`benchmarks/ray_throughput.py`).
    """

    def __init__(self, pace: Any, *, limited: bool) -> None:  # noqa: ANN401 - a Ray actor handle
        """Pace through `pace` (a handle to the `Pace` actor); `limited`: rpm or tpm is set."""
        super().__init__()
        self._pace = pace
        self._limited = limited
        self._refresh: Any = None  # the pending `held` call, an ObjectRef
        self._refreshing = threading.Lock()  # sync engines call from several threads
        self._asked = -_REFRESH_EVERY

    @property
    def active(self) -> bool:
        """Always: even without rpm/tpm, a 429 pauses every actor."""
        return True

    def reserve(self, tokens: int) -> float:
        """Seconds to wait: the pacing actor's schedule, or the shared pause."""
        if self._limited:
            return float(ray.get(self._pace.reserve.remote(tokens)))
        return self.held()

    def settle(self, estimated: int, actual: int) -> None:
        """Tell the pacing actor the real count (nothing to wait for)."""
        if self._limited:
            self._pace.settle.remote(estimated, actual)

    def pause(self, seconds: float) -> None:
        """Pause here at once, and every actor through the pacing actor."""
        super().pause(seconds)
        self._pace.pause.remote(seconds)

    def held(self) -> float:
        """Seconds left of the last pause known here; picks up the cluster's without waiting."""
        with self._refreshing:
            if self._refresh is not None:
                ready, _ = ray.wait([self._refresh], timeout=0)
                if ready:
                    super().pause(float(ray.get(self._refresh)))
                    self._refresh = None
            now = time.monotonic()
            if self._refresh is None and now - self._asked >= _REFRESH_EVERY:
                self._refresh, self._asked = self._pace.held.remote(), now
        return super().held()


class SummarizeBatches:
    """The actor: one Summarizer, kept for every batch it is given (`map_batches`' callable class).

    Not meant to be built directly: `summarize_dataset` hands it to Ray.
    """

    def __init__(
        self,
        options: dict[str, Any],
        requests: int | None,
        pace: Any = None,  # noqa: ANN401 - a Ray actor handle
        *,
        limited: bool = False,
    ) -> None:
        """Make the actor's Summarizer (its engine reads the key from this process' environment).

        `pace`: the `Pace` actor every actor's requests are paced by (None: this actor's own);
        `limited`: whether it holds an rpm or tpm schedule (else only 429 pauses).
        """
        # A Summarizer that cannot be made (no key on this node, say) must not fail the actor:
        # Ray would restart it for ever. Each article of its batches gets an error row instead.
        self._summarizer: Summarizer | None = None
        self._broken: SummarizerError | None = None
        try:
            self._summarizer = Summarizer(**options)
        except SummarizerError as exc:
            self._broken = exc
        if pace is not None and self._summarizer is not None:
            self._summarizer.throttle = SharedThrottle(pace, limited=limited)
        self._requests = requests
        self._loop = asyncio.new_event_loop()
        self._rows = 0

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Summarise one batch of article rows; one Result row per input row."""
        rows = batch.to_pylist()
        items = list(_items(rows, self._rows))
        self._rows += len(rows)
        results: list[Result] = []
        try:
            self._loop.run_until_complete(self._run(items, results))
        except Exception as exc:  # noqa: BLE001 - every article of the batch still gets its row
            done = {result.id for result in results}
            results += [_failed(item, exc) for item in items if item.id not in done]
        _maybe_die()
        return pa.Table.from_pylist([result_row(r) for r in results], schema=RESULT_SCHEMA)

    async def _run(self, items: list[InputItem], results: list[Result]) -> None:
        if self._summarizer is None:
            raise self._broken or ConfigurationError("the actor has no Summarizer")
        # The actor is the unit of parallelism here: no candidate worker processes per batch.
        batch = run_batch(
            self._summarizer, items, concurrency=self._requests, candidate_workers=False
        )
        async for result in batch:
            results.append(result)


def _failed(item: InputItem, exc: Exception) -> Result:
    """The row of an article its actor could not summarise (a setting every article shares)."""
    if not isinstance(exc, SummarizerError):
        exc = SummarizerError(f"the Ray actor failed: {type(exc).__name__}: {exc}")
    message = str(exc)
    if not message.startswith(f"article {item.id!r}"):
        message = f"article {item.id!r}: {message}"
    failure = Failure(kind=type(exc).__name__, message=message)
    return Result(id=item.id, status="error", source=item.source, error=failure)


def _maybe_die() -> None:
    fault = environment().get(_TEST_FAULT, "")
    kind, _, marker = fault.partition(":")
    if kind not in {"exit-once", "kill-once"} or not marker:
        return
    try:
        Path(marker).touch(exist_ok=False)
    except FileExistsError:
        return
    if kind == "kill-once":  # as an operator would: ray.kill, the actor restartable
        ray.kill(ray.get_runtime_context().current_actor, no_restart=False)
        threading.Event().wait(_KILL_GRACE)  # the kill lands while this waits
    os._exit(1)


def summarize_dataset(
    dataset: ray.data.Dataset,
    *,
    actors: int = 2,
    requests_per_actor: int | None = None,
    batch_size: int = 16,
    num_cpus: float = 1.0,
    runtime_env: dict[str, Any] | None = None,
    shared_limits: bool = True,
    **options: Any,  # noqa: ANN401 - Summarizer's keyword options
) -> ray.data.Dataset:
    """A dataset of Result rows, one per article row of `dataset`.

    Args:
        dataset: Rows with `id` and `text`, and optionally `title`, `url`, `published`,
            `outlet` (as a JSONL input line holds them) and `source` (where the row came from).
        actors: How many actors (each one Summarizer, one client or one loaded local model).
        requests_per_actor: Requests in flight per actor (default: the batch default).
        batch_size: Rows per batch handed to an actor.
        num_cpus: CPUs reserved per actor.
        runtime_env: Ray's runtime environment for the actors (e.g. `env_vars`).
        shared_limits: Pace every request through one actor (global rpm/tpm, a 429 pauses all);
            False: each actor keeps an even share of rpm/tpm and its own 429s.
        **options: `Summarizer` options (model, base_url, endpoint, strategy, rpm, tpm, ...);
            `rpm`/`tpm` are for the whole dataset, paced by one actor. Not `api_key`:
            actors read `OPENAI_API_KEY` from their environment, so Ray never stores the key.

    Raises:
        ConfigurationError: an option that cannot travel to the actors (a key, a client).
    """
    refused = sorted(_NOT_OPTIONS & options.keys())
    if options.get("engine") is not None and not isinstance(options["engine"], str):
        refused.append("an engine object")
    if refused:
        msg = (
            f"summarize_dataset cannot send {', '.join(refused)} to Ray actors (Ray stores task "
            "arguments); set OPENAI_API_KEY in the actors' environment, and pass a base_url"
        )
        raise ConfigurationError(msg)
    if actors < 1:
        msg = f"actors must be at least 1, not {actors}"
        raise ConfigurationError(msg)
    shared = dict(options)
    rpm, tpm = shared.pop("rpm", None), shared.pop("tpm", None)
    pace = ray.remote(num_cpus=0)(Pace).remote(rpm, tpm) if shared_limits else None
    if not shared_limits and (rpm or tpm):
        shared["rpm"] = rpm / actors if rpm else None
        shared["tpm"] = tpm / actors if tpm else None
    return dataset.map_batches(
        SummarizeBatches,
        fn_constructor_kwargs={
            "options": shared,
            "requests": requests_per_actor,
            "pace": pace,
            "limited": bool(rpm or tpm),
        },
        batch_size=batch_size,
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=num_cpus,
        runtime_env=runtime_env,
    )
