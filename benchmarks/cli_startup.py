"""How fast the `summarizer` command starts, and what a whole run costs as a command.

Prints the median of 5 runs of `summarizer --help`, `summarizer run --help` and
`summarizer show` (one briefing, and all 200), each a fresh process as a user types it; then runs
`summarizer run` as a subprocess over 200 articles at concurrency 16 against a scripted endpoint
that answers each request after 300 ms, and prints its wall time against the ideal
200 x 0.3 / 16 s. Unlike `batch_throughput.py`, which times the engine inside one process, this
figure includes the interpreter's start, the imports and the output's writing.

Targets: `--help` <= 0.3 s, `show` <= 0.5 s.

Run: python benchmarks/cli_startup.py
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.newsroom import corpus, serve_drafts  # noqa: E402

ARTICLES, CONCURRENCY, LATENCY, REPEATS = 200, 16, 0.3, 5
_COMMAND = shutil.which("summarizer") or "summarizer"


def timed(args: list[str], env: dict[str, str]) -> float:
    """Seconds for one run of the command, its output discarded; a failure stops the script."""
    started = time.perf_counter()
    subprocess.run([_COMMAND, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_of(args: list[str], env: dict[str, str]) -> float:
    """The median of REPEATS runs (the first warms the disk cache like a user's second call)."""
    return statistics.median(timed(args, env) for _ in range(REPEATS))


def main() -> None:
    """Print the start-up times and the end-to-end ratio."""
    parent, child = multiprocessing.Pipe()
    server = multiprocessing.Process(target=serve_drafts, args=(LATENCY, child), daemon=True)
    server.start()
    env = {**os.environ, "OPENAI_BASE_URL": parent.recv(), "OPENAI_API_KEY": "unused"}
    records = corpus()
    # Second copies get a different text (one trailing newline), so no two are the same article.
    extra = records[: ARTICLES - len(records)]
    records += [dict(r, id=f"{r['id']}-b", text=f"{r['text']}\n") for r in extra]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        inputs = folder / "articles.jsonl"
        inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        output = folder / "briefings.jsonl"
        run = [
            "run", str(inputs), "-o", str(output), "--concurrency", str(CONCURRENCY),
            "--no-cache", "--quiet", "--strategy", "quote",
        ]  # fmt: skip
        wall = timed(run, env)
        ideal = ARTICLES * LATENCY / CONCURRENCY
        first_id = str(records[0]["id"])
        print(f"summarizer --help          {median_of(['--help'], env):.2f} s  (target <= 0.3)")
        print(f"summarizer run --help      {median_of(['run', '--help'], env):.2f} s")
        one = median_of(["show", str(output), "--id", first_id], env)
        print(f"summarizer show (1 of 200) {one:.2f} s  (target <= 0.5)")
        print(f"summarizer show (all 200)  {median_of(['show', str(output)], env):.2f} s")
        print(
            f"summarizer run, {ARTICLES} articles at {LATENCY * 1000:.0f} ms, concurrency "
            f"{CONCURRENCY}: {wall:.2f} s (ideal {ideal:.2f} s), ideal / wall {ideal / wall:.2f}"
        )
    parent.send("stop")
    server.join(5)


if __name__ == "__main__":
    main()
