"""The cite strategy's candidates one text at a time against batches through `nlp.pipe`.

Finds the candidates of 200 corpus articles (the batch benchmark's texts) on one core, first one
text at a time (`find_candidates`, what an article in this process does), then through
`find_candidates_many` at batch sizes 2, 4 and 8 (what a batch's candidate workers do), and
prints the CPU seconds of each and whether the batches found exactly the same candidates.

Run: python benchmarks/candidate_batches.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.find.candidates import find_candidates, find_candidates_many  # noqa: E402
from tests.newsroom import corpus  # noqa: E402

ARTICLES = 200


def main() -> None:
    texts = [str(r["text"]) for r in corpus()]
    texts = [*texts, *(f"{t}\n" for t in texts)][:ARTICLES]
    find_candidates("Warm-up: the pipeline loads once.")
    started = time.process_time()
    # __wrapped__: past the per-text cache, so every text is parsed.
    alone = [find_candidates.__wrapped__(t) for t in texts]
    single = time.process_time() - started
    print(f"{len(texts)} articles, one at a time: {single:.2f} s CPU")
    for size in (2, 4, 8):
        started = time.process_time()
        batched = list(find_candidates_many(texts, size))
        spent = time.process_time() - started
        same = "the same candidates" if batched == alone else "OTHER CANDIDATES"
        print(f"  batches of {size}: {spent:.2f} s CPU ({1 - spent / single:.0%} less), {same}")


if __name__ == "__main__":
    main()
