"""Seconds per article on the embedded model: the cite strategy beside the quote strategy.

Over the same seven articles as `benchmarks/local_speed.py` (the two seeds and five corpus
articles), in one process and one run: each article is summarised with each strategy through
the library (`Summarizer(engine="local", strategy=...)`, its default caps), cache off. Before
every timed call the model's KV cache is cleared, so neither strategy finds the other's prompt
evaluated; each strategy's system prompt is evaluated with its first article, as in a batch, and
that first article is timed like the rest (so the figures include a batch's cold start once).

Prints, per article and strategy: seconds, prompt and output tokens, items (events / figures /
attributions), and the medians; then the items per second of generation.

Run: python benchmarks/strategy_speed.py [--strategies cite,quote] [ARTICLE_ID...]
(needs pip install -e ".[local]")
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import Article, Summarizer, SummarizerError  # noqa: E402
from summarizer._local import LocalClient  # noqa: E402
from summarizer._schema import Strategy  # noqa: E402
from tests.newsroom import corpus  # noqa: E402

CORPUS_IDS = ("meantime-1007169", "meantime-113219", "meantime-124043", "meantime-191597")


def articles() -> list[Article]:
    """The seven articles of benchmarks/local_speed.py: the two seeds and five corpus ones."""
    seeds = [
        Article(id=p.stem, text=p.read_text("utf-8"), published="2023-11-02")
        for p in sorted((ROOT / "examples").glob("seed-*.txt"))
    ]
    chosen = [r for r in corpus() if r["id"] in CORPUS_IDS]
    chosen += [r for r in corpus() if r["id"] not in CORPUS_IDS][: 5 - len(chosen)]
    return seeds + [
        Article(id=str(r["id"]), text=str(r["text"]), title=str(r["title"])) for r in chosen
    ]


def timed(summarizer: Summarizer, article: Article) -> tuple[float, str]:
    """Seconds for one article, and what came out (tokens, items or the error)."""
    client = cast(LocalClient, summarizer._clients.sync())
    client.forget_prompt()
    started = time.perf_counter()
    try:
        briefing = summarizer.summarize(article)
    except SummarizerError as exc:
        spent = getattr(exc, "usage", None)
        tokens = spent.completion_tokens if spent else 0
        return time.perf_counter() - started, f"error {type(exc).__name__} out={tokens}"
    elapsed = time.perf_counter() - started
    usage = briefing.provenance.usage
    items = f"{len(briefing.events)}/{len(briefing.figures)}/{len(briefing.attributions)}"
    return elapsed, f"in={usage.prompt_tokens} out={usage.completion_tokens} items={items}"


def main() -> None:
    """Run both strategies over the articles and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--strategies", default="cite,quote")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    chosen = [a for a in articles() if not args.ids or a.id in args.ids]
    strategies = cast(list[Strategy], args.strategies.split(","))
    seconds: dict[str, list[float]] = {s: [] for s in strategies}
    for strategy in strategies:
        with Summarizer(engine="local", strategy=strategy, cache_dir=False) as summarizer:
            limits = summarizer.settings.max_items
            caps = f"{limits.events}/{limits.figures}/{limits.attributions}"
            print(f"strategy {strategy}: caps {caps}")
            for article in chosen:
                elapsed, what = timed(summarizer, article)
                seconds[strategy].append(elapsed)
                print(f"  {article.id:24} {elapsed:6.1f} s  {what}", flush=True)
    print()
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:6} median {median:6.1f} s per article over {len(values)}")


if __name__ == "__main__":
    main()
