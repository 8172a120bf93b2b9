"""Batch throughput against an endpoint that answers every request after a fixed latency.

Runs `summarizer run`'s engine over 200 articles at concurrency 16, under the default strategy
(cite: the library finds candidates with spaCy first) and under quote, beside the bare openai
SDK sending the same requests, in the same run. Prints, per run, the wall time, the latency bound
(200 x latency / 16), the CPU floor (the cite strategy's candidate finding for 200 articles, timed
here on one core in the batches the candidate workers parse, divided by the cores; one text at a
time beside it), ideal / wall with ideal = the larger of the two, peak
memory, and the time of a fully cached re-run (which must do no NLP). The scripted server runs in
its own process so it does not share this one's CPU. One warm-up article runs first, so the
one-time cost of modules that openai, instructor and spaCy load on first use is printed on its
own instead of being spread over the measured run.

Run: python benchmarks/batch_throughput.py [LATENCY_SECONDS]   (default 0.3)
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

from summarizer.batch.candidate_pool import BATCH  # noqa: E402
from summarizer.batch.progress import RunProgress, RunSummary  # noqa: E402
from summarizer.batch.run import RunOptions, execute_run  # noqa: E402
from summarizer.prompt.render import PromptSet, RenderedPrompt  # noqa: E402
from summarizer.schema.briefing import OutputMode, Strategy  # noqa: E402
from tests.newsroom import corpus, cpu_floor, serve_drafts  # noqa: E402

ARTICLES, CONCURRENCY = 200, 16
LATENCY = float(sys.argv[1]) if len(sys.argv) > 1 else 0.3


def run_once(
    inputs: Path, output: Path, cache: Path, mode: OutputMode, strategy: Strategy
) -> tuple[float, RunSummary]:
    quiet = RunProgress(Console(stderr=True), enabled=False)
    options = RunOptions(
        inputs=[inputs],
        output=output,
        concurrency=CONCURRENCY,
        cache_dir=cache,
        mode=mode,
        strategy=strategy,
    )
    started = time.perf_counter()
    summary = asyncio.run(execute_run(options, quiet))
    return time.perf_counter() - started, summary


def measure(
    folder: Path,
    records: list[dict[str, object]],
    mode: OutputMode,
    strategy: Strategy,
    floor: float,
) -> None:
    """Warm up, run 200 articles, re-run them from the cache; print the figures."""
    name = f"{strategy}-{mode}"
    inputs = folder / f"articles-{name}.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    warmup = folder / f"warmup-{name}.jsonl"
    warmup.write_text(json.dumps(dict(records[0], id="warm-up")) + "\n", encoding="utf-8")
    warm_wall, _ = run_once(
        warmup, folder / f"warm-{name}.jsonl", folder / "warm-cache", mode, strategy
    )
    wall, summary = run_once(
        inputs, folder / f"first-{name}.jsonl", folder / f"c-{name}", mode, strategy
    )
    cached_wall, cached = run_once(
        inputs, folder / f"again-{name}.jsonl", folder / f"c-{name}", mode, strategy
    )
    bound = ARTICLES * LATENCY / CONCURRENCY
    ideal = max(bound, floor if strategy == "cite" else 0.0)
    print(f"strategy {strategy}, mode {mode}")
    print(f"  warm-up article     {warm_wall:.2f} s  (first use: imports, connections)")
    print(f"  articles            {summary.done} ok, {summary.failed} failed")
    print(f"  wall time           {wall:.2f} s  (latency bound {bound:.2f} s, ideal {ideal:.2f} s)")
    print(f"  ideal / wall        {ideal / wall:.2f}  (wall / ideal {wall / ideal:.2f})")
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
    single = cpu_floor(records)
    floor = cpu_floor(records, BATCH)
    print(
        f"CPU floor of the cite strategy's candidates: {floor:.2f} s (one core's time / cores,"
        f" parsed in batches as the workers do; {single:.2f} s one at a time)"
    )
    runs: list[tuple[Strategy, OutputMode]] = [
        ("cite", "tools"),
        ("quote", "tools"),
        ("quote", "json"),
    ]
    with tempfile.TemporaryDirectory() as scratch:
        for strategy, mode in runs:
            measure(Path(scratch), records, mode, strategy, floor)
    parent.send("stop")
    server.join(5)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS)     {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
