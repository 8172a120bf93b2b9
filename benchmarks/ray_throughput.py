"""Ray Data against the single-process runner: the same 200 articles, the same endpoint latency.

Both runs send 16 requests at a time to a scripted server (in its own process) that answers every
request after a fixed latency: `summarizer run`'s runner (concurrency 16) and `summarize_dataset`
on a local Ray instance (2 actors x 8 requests), each under the default strategy (cite) and under
quote, cache off. Prints per run the wall time, the latency bound (200 x latency / 16), the CPU
floor of the cite candidates (timed here on one core, divided by the cores), ideal / wall with
ideal = the larger of the two, and Ray's start-up (ray.init) on its own line. On one 2-core
machine Ray cannot be faster than the runner: it shows what the scale-out costs; a cluster adds
actors on other machines.

Run: python benchmarks/ray_throughput.py [LATENCY_SECONDS]   (default 0.3; needs .[ray])
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import ray  # noqa: E402
import ray.data  # noqa: E402
from rich.console import Console  # noqa: E402

from summarizer.batch.progress import RunProgress  # noqa: E402
from summarizer.batch.ray_data import summarize_dataset  # noqa: E402
from summarizer.batch.run import RunOptions, execute_run  # noqa: E402
from summarizer.schema.briefing import Strategy  # noqa: E402
from tests.newsroom import corpus, cpu_floor, serve_drafts  # noqa: E402

ARTICLES, ACTORS, PER_ACTOR = 200, 2, 8
CONCURRENCY = ACTORS * PER_ACTOR
LATENCY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3


def articles() -> list[dict[str, object]]:
    """200 records with distinct texts (second copies get one more newline)."""
    records = corpus()
    extra = records[: ARTICLES - len(records)]
    return records + [dict(r, id=f"{r['id']}-b", text=f"{r['text']}\n") for r in extra]


def single_process(folder: Path, records: list[dict[str, object]], strategy: Strategy) -> float:
    """Wall seconds of `summarizer run`'s runner over the records."""
    inputs = folder / f"in-{strategy}.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    options = RunOptions(
        inputs=[inputs],
        output=folder / f"out-{strategy}.jsonl",
        concurrency=CONCURRENCY,
        cache_dir=False,
        strategy=strategy,
    )
    started = time.perf_counter()
    summary = asyncio.run(execute_run(options, RunProgress(Console(stderr=True), enabled=False)))
    wall = time.perf_counter() - started
    if summary.done != len(records):
        print(f"  (single process: {summary.failed} failed)")
    return wall


def on_ray(records: list[dict[str, object]], strategy: Strategy, base_url: str) -> float:
    """Wall seconds of `summarize_dataset` over the records, actors started included."""
    started = time.perf_counter()
    rows = summarize_dataset(
        ray.data.from_items(records),
        actors=ACTORS,
        requests_per_actor=PER_ACTOR,
        base_url=base_url,
        strategy=strategy,
        cache_dir=False,
    ).take_all()
    wall = time.perf_counter() - started
    failed = sum(row["status"] != "ok" for row in rows)
    if failed or len(rows) != len(records):
        print(f"  (Ray: {len(rows)} rows, {failed} failed)")
    return wall


def main() -> None:
    """Print both runners' figures under cite and quote."""
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve_drafts, args=(LATENCY, child), daemon=True)
    server.start()
    base_url = parent.recv()
    os.environ["OPENAI_BASE_URL"] = base_url
    os.environ.setdefault("OPENAI_API_KEY", "unused")
    records = articles()
    bound = ARTICLES * LATENCY / CONCURRENCY
    floor = cpu_floor(records)
    print(
        f"{ARTICLES} articles, {CONCURRENCY} requests in flight, latency {LATENCY * 1000:.0f} ms: "
        f"latency bound {bound:.2f} s, CPU floor of the cite candidates {floor:.2f} s"
    )
    started = time.perf_counter()
    ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    print(f"ray.init: {time.perf_counter() - started:.1f} s (once per run; not in the figures)")
    with tempfile.TemporaryDirectory() as scratch:
        for strategy in ("cite", "quote"):
            ideal = max(bound, floor if strategy == "cite" else 0.0)
            single = single_process(Path(scratch), records, strategy)
            rayed = on_ray(records, strategy, base_url)
            print(
                f"{strategy:5}  single process {single:6.2f} s (ideal / wall {ideal / single:.2f})"
                f"   Ray, {ACTORS} actors x {PER_ACTOR} {rayed:6.2f} s "
                f"(ideal / wall {ideal / rayed:.2f})"
            )
    ray.shutdown()
    parent.send("stop")
    server.join(5)


if __name__ == "__main__":
    main()
