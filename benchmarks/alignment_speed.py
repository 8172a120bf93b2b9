"""Time evidence alignment: a 200-character quote in a 50,000-character article.

Run: python benchmarks/alignment_speed.py
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from summarizer.ground.alignment import align

SEED = (Path(__file__).parents[1] / "examples" / "seed-003-rafah.txt").read_text("utf-8")


def main() -> None:
    text = ((SEED + "\n\n") * 12)[:50_000]
    cases = {
        "exact": SEED[2000:2200],
        "fuzzy (one word changed)": SEED[2000:2200].replace("the", "teh", 1),
        "no match (paraphrase)": "Officials in the region said something else entirely. " * 4,
    }
    for name, quote in cases.items():
        timings = []
        for _ in range(20):
            started = time.perf_counter()
            found = align(quote, text)
            timings.append(time.perf_counter() - started)
        print(
            f"{name:28s} method={found.method:10s} "
            f"median={statistics.median(timings) * 1000:7.2f} ms  max={max(timings) * 1000:7.2f} ms"
        )


if __name__ == "__main__":
    main()
