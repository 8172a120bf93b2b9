"""Batch throughput against an endpoint that answers every request after a fixed 300 ms.

Runs `summarizer run`'s engine over 200 articles at concurrency 16 and prints the wall time, the
ratio to the ideal 200 x 0.3 / 16 s (target >= 0.90), peak memory, and the time of a fully cached
re-run. The scripted server runs in its own process so it does not share this one's CPU. One
warm-up article runs first, so the one-time cost of modules that openai and instructor import on
first use is printed on its own instead of being spread over the measured run.

Run: python benchmarks/batch_throughput.py
"""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import openai  # noqa: E402
from rich.console import Console  # noqa: E402

from summarizer.batch.progress import RunProgress, RunSummary  # noqa: E402
from summarizer.batch.run import RunOptions, execute_run  # noqa: E402
from summarizer.prompt.render import PromptSet, RenderedPrompt  # noqa: E402
from summarizer.schema.briefing import OutputMode  # noqa: E402
from tests.newsroom import corpus, serve_drafts  # noqa: E402

ARTICLES, CONCURRENCY, LATENCY = 200, 16, 0.3


def run_once(inputs: Path, output: Path, cache: Path, mode: OutputMode) -> tuple[float, RunSummary]:
    quiet = RunProgress(Console(stderr=True), enabled=False)
    # The scripted server writes quote drafts; the plumbing measured is the same for both.
    options = RunOptions(
        inputs=[inputs],
        output=output,
        concurrency=CONCURRENCY,
        cache_dir=cache,
        mode=mode,
        strategy="quote",
    )
    started = time.perf_counter()
    summary = asyncio.run(execute_run(options, quiet))
    return time.perf_counter() - started, summary


def measure(folder: Path, records: list[dict[str, object]], mode: OutputMode) -> None:
    """Warm up, run 200 articles, re-run them from the cache; print the figures."""
    inputs = folder / f"articles-{mode}.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    warmup = folder / f"warmup-{mode}.jsonl"
    warmup.write_text(json.dumps(dict(records[0], id="warm-up")) + "\n", encoding="utf-8")
    warm_wall, _ = run_once(warmup, folder / f"warm-{mode}.jsonl", folder / "warm-cache", mode)
    wall, summary = run_once(inputs, folder / f"first-{mode}.jsonl", folder / f"c-{mode}", mode)
    cached_wall, cached = run_once(
        inputs, folder / f"again-{mode}.jsonl", folder / f"c-{mode}", mode
    )
    ideal = ARTICLES * LATENCY / CONCURRENCY
    print(f"mode {mode}")
    print(f"  warm-up article     {warm_wall:.2f} s  (first use: imports, connections)")
    print(f"  articles            {summary.done} ok, {summary.failed} failed")
    print(f"  wall time           {wall:.2f} s  (ideal {ideal:.2f} s)")
    print(f"  ideal / wall        {ideal / wall:.2f}  (target >= 0.90)")
    print(f"  cached re-run       {cached_wall:.2f} s  ({cached.cached} from cache, no requests)")


async def bare_sdk(base_url: str, records: list[dict[str, object]]) -> float:
    """The floor: the same JSON-mode requests sent with the bare openai SDK, 16 at a time."""
    prompts = PromptSet()
    messages = [
        prompts.briefing(text=str(r["text"]), title=None, outlet=None, published=None, url=None)
        for r in records
    ]
    gate = asyncio.Semaphore(CONCURRENCY)
    async with openai.AsyncOpenAI(base_url=base_url, api_key="unused", max_retries=0) as client:

        async def one(prompt: RenderedPrompt) -> None:
            async with gate:
                # Plain role/content dicts, which openai's message TypedDicts do not name.
                response = await client.chat.completions.create(  # type: ignore[call-overload]
                    model="m", messages=prompt.messages(), response_format={"type": "json_object"}
                )
                json.loads(response.choices[0].message.content or "")

        await one(messages[0])
        started = time.perf_counter()
        await asyncio.gather(*(one(m) for m in messages))
        return time.perf_counter() - started


def main() -> None:
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve_drafts, args=(LATENCY, child), daemon=True)
    server.start()
    os.environ["OPENAI_BASE_URL"] = parent.recv()
    records = corpus()
    # Second copies get a different text (one trailing newline), so the cache cannot serve them.
    extra = records[: ARTICLES - len(records)]
    records += [dict(r, id=f"{r['id']}-b", text=f"{r['text']}\n") for r in extra]
    print(
        f"{ARTICLES} articles, concurrency {CONCURRENCY}, endpoint latency {LATENCY * 1000:.0f} ms"
    )
    bare = asyncio.run(bare_sdk(os.environ["OPENAI_BASE_URL"], records))
    ideal = ARTICLES * LATENCY / CONCURRENCY
    print(f"bare openai SDK, same requests: {bare:.2f} s, ideal / wall {ideal / bare:.2f}")
    with tempfile.TemporaryDirectory() as scratch:
        for mode in ("tools", "json"):
            measure(Path(scratch), records, mode)
    parent.send("stop")
    server.join(5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS)     {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
