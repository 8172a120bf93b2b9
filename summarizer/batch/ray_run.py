"""`summarizer run --ray`: the same run on Ray Data, written as shards of one output folder.

The driver (this process) reads the inputs exactly as `summarizer run` does, writes the error
rows of unreadable inputs itself, and skips every id the output folder already holds (the
anti-join, so a re-run sends nothing for what is done). The rest goes to `summarize_dataset`:
actors on a local Ray instance, or on the cluster at `--ray ADDRESS`. Result rows stream back to
the driver, which writes each id once (a row Ray delivers twice is dropped) into shards:
`part-RUN-NNNNN.jsonl`, appended and flushed line by line like `summarizer run`'s file, or
`.parquet`, each written whole under a temporary name and renamed, so a killed run leaves only
complete shards. The progress bar and the closing table are `summarizer run`'s.

Resolved on the driver, sent to the actors: every setting (model, endpoint, strategy, limits,
cache folder, ...), never the key: each actor reads `OPENAI_API_KEY` from its own environment.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq
import ray
import ray.data

from summarizer.batch.inputs import InputItem
from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.batch.ray_data import (
    EXTRACTED,
    RESULT_SCHEMA,
    result_of_row,
    result_row,
    summarize_dataset,
)
from summarizer.batch.run import RunOptions, make_summarizer, pending_items
from summarizer.errors import ConfigurationError
from summarizer.pipeline import Summarizer
from summarizer.schema.article import Article
from summarizer.schema.records import Failure, Result
from summarizer.store.result_log import ResultLog

ShardFormat = Literal["jsonl", "parquet"]
SHARD_ROWS = 1000
"""Rows per shard: small enough to lose little to a kill (Parquet), large enough to be few."""
_PARTIAL = ".partial"


@dataclass(frozen=True)
class RayOptions:
    """What `--ray` adds to a run."""

    address: str | None = None
    """A running cluster (`ray://host:10001` or `auto`); None starts a local instance."""
    actors: int | None = None
    """Actors (one Summarizer each); default: one per CPU of the cluster, one for a local model."""
    shard_format: ShardFormat = "jsonl"


class Shards:
    """The output folder: what it holds (by id), and the shard being written."""

    def __init__(self, folder: Path, shard_format: ShardFormat) -> None:
        """Use `folder` (created if needed); nothing is written until `write`."""
        if folder.exists() and not folder.is_dir():
            msg = f"--ray writes a folder of shards, and {folder} is a file: name a folder"
            raise ConfigurationError(msg)
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.format = shard_format
        self._run = uuid.uuid4().hex[:8]
        self._number = 0
        self._rows = 0
        self._log: ResultLog | None = None
        self._buffer: list[dict[str, Any]] = []

    def _paths(self) -> Iterator[Path]:
        for pattern in ("part-*.jsonl", "part-*.parquet"):
            yield from sorted(self.folder.glob(pattern))

    def recover(self) -> dict[str, str]:
        """{id: status} of every complete row already written (leftover partial files removed)."""
        for partial in self.folder.glob(f"*{_PARTIAL}"):
            partial.unlink()
        statuses: dict[str, str] = {}
        for path in self._paths():
            if path.suffix == ".jsonl":
                statuses.update(ResultLog(path).recover())
            else:
                table = pq.read_table(path, columns=["id", "status"])
                statuses.update(
                    zip(table["id"].to_pylist(), table["status"].to_pylist(), strict=True)
                )
        return statuses

    def drop_errors(self) -> int:
        """Remove every error row (for --retry-errors), shard by shard, atomically; how many."""
        dropped = 0
        for path in self._paths():
            if path.suffix == ".jsonl":
                dropped += ResultLog(path).drop_errors()
                continue
            table = pq.read_table(path)
            kept = table.filter(pa.compute.equal(table["status"], "ok"))
            if kept.num_rows != table.num_rows:
                dropped += table.num_rows - kept.num_rows
                _write_parquet(kept, path)
        return dropped

    def write(self, result: Result) -> None:
        """Add one row to the current shard (a new shard every SHARD_ROWS rows)."""
        if self._rows == SHARD_ROWS:
            self._finish_shard()
        self._rows += 1
        if self.format == "jsonl":
            if self._log is None:
                self._log = ResultLog(self._next_path())
            self._log.append(result)
        else:
            self._buffer.append(result_row(result))

    def _next_path(self) -> Path:
        self._number += 1
        return self.folder / f"part-{self._run}-{self._number:05d}.{self.format}"

    def _finish_shard(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._buffer:
            table = pa.Table.from_pylist(self._buffer, schema=RESULT_SCHEMA)
            _write_parquet(table, self._next_path())
            self._buffer = []
        self._rows = 0

    def close(self) -> None:
        """Write what is buffered and close the shard."""
        self._finish_shard()


def _write_parquet(table: pa.Table, path: Path) -> None:
    partial = path.with_name(path.name + _PARTIAL)
    pq.write_table(table, partial)
    os.replace(partial, path)


def _record(item: InputItem, article: Article) -> dict[str, Any]:
    return {
        "id": item.id,
        "text": article.text,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "outlet": article.outlet,
        "source": item.source,
        EXTRACTED: item.extracted,
    }


def actor_options(summarizer: Summarizer) -> dict[str, Any]:
    """Every setting the driver resolved, for the actors' Summarizers (never the key)."""
    settings = summarizer.settings
    chosen: dict[str, Any] = {
        "engine": summarizer.engine,
        "model": settings.model,
        "mode": settings.mode,
        "grounding": settings.grounding,
        "max_reasks": settings.max_reasks,
        "max_retries": settings.max_retries,
        "timeout": settings.timeout,
        "max_output_tokens": settings.max_output_tokens,
        "max_input_tokens": settings.max_input_tokens,
        "temperature": settings.temperature,
        "max_items": settings.max_items,
        "strategy": settings.strategy,
        "cite_labels": settings.cite_labels,
        "split_long_articles": settings.split_long_articles,
        "price": summarizer.price,
        "rpm": summarizer.throttle.rpm,
        "tpm": summarizer.throttle.tpm,
        "cache_dir": summarizer.cache_dir or False,
    }
    engine = summarizer.chat_engine
    if summarizer.engine == "endpoint" and not engine.azure:
        chosen["endpoint"] = settings.endpoint
        chosen["base_url"] = engine.base_url
    return chosen


def _connect(address: str | None) -> bool:
    """Join the cluster at `address`, or start a local instance; True when this run started it."""
    if ray.is_initialized():
        return False
    ray.init(address=address, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False  # ours is drawn instead
    return True


def _default_actors(summarizer: Summarizer) -> int:
    if summarizer.engine == "local":
        return 1  # one model already takes every core it is given
    cluster: Callable[[], dict[str, float]] = ray.cluster_resources
    return max(1, int(cluster().get("CPU", 1)))


def execute_ray_run(
    options: RunOptions, ray_options: RayOptions, progress: RunProgress
) -> RunSummary:
    """Run every input not already in the output folder on Ray; write each id exactly once."""
    summary = RunSummary(output=options.output)
    shards = Shards(options.output, ray_options.shard_format)
    summarizer = make_summarizer(options)  # resolves (and checks) the settings on the driver
    started = False
    try:
        todo = pending_items(options, shards, summary)
        written: set[str] = set()  # rows come only for `todo`, none of which is written yet

        def keep(result: Result) -> None:
            shards.write(result)
            written.add(result.id)
            summary.add(result)
            progress.advance(result, summary)

        with progress.running(len(todo)):
            for item in (item for item in todo if item.article is None):
                error = item.error or ConfigurationError(f"{item.source}: no article")
                failure = Failure.from_error(error)
                keep(Result(id=item.id, status="error", source=item.source, error=failure))
            articles = [_record(item, item.article) for item in todo if item.article is not None]
            if articles:
                started = _connect(ray_options.address)
                actors = ray_options.actors or _default_actors(summarizer)
                rows = summarize_dataset(
                    ray.data.from_items(articles),
                    actors=actors,
                    requests_per_actor=options.concurrency,
                    **actor_options(summarizer),
                )
                for row in rows.iter_rows():
                    result = result_of_row(row)
                    if result.id not in written:  # a row Ray delivered twice is written once
                        keep(result)
    finally:
        shards.close()
        summarizer.close()
        if started:
            ray.shutdown()
    return summary
