"""Seconds per article on the embedded model: the cite strategy beside the quote strategy.

Over the same seven articles as `benchmarks/local_speed.py` (the two seeds and five corpus
articles), in one process and one run: each article is summarised with each variant through the
library (`Summarizer(engine="local", strategy=..., cite_labels=...)`, its default caps), cache
off. A variant is `cite:rules` (the embedded engine's default: the model writes the headline and
summary, the library makes events, figures and quotes), `cite:model` (the model labels everything)
or `quote`. Each variant starts from an empty KV cache and keeps its system prompt cached from
article to article, as a batch does; its first article pays that cold start and is timed like
the rest.

Prints, per article and variant: seconds, prompt and output tokens, items (events / figures /
attributions), and the median per variant.

Run: python benchmarks/strategy_speed.py [--variants cite:rules,quote] [ARTICLE_ID...]
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
from summarizer.engine.local.worker import WorkerClient  # noqa: E402
from summarizer.schema.briefing import CiteLabels, Strategy  # noqa: E402
from tests.newsroom import speed_articles  # noqa: E402


def timed(summarizer: Summarizer, article: Article) -> tuple[float, str]:
    """Seconds for one article, and what came out (tokens, items or the error)."""
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
    parser.add_argument("--variants", default="cite:rules,quote")
    parser.add_argument("ids", nargs="*")
    args = parser.parse_args()
    chosen = [a for a in speed_articles() if not args.ids or a.id in args.ids]
    variants = args.variants.split(",")
    seconds: dict[str, list[float]] = {v: [] for v in variants}
    for variant in variants:
        strategy, _, labels = variant.partition(":")
        with Summarizer(
            engine="local",
            strategy=cast(Strategy, strategy),
            cite_labels=cast(CiteLabels, labels or "rules"),
            cache_dir=False,
        ) as summarizer:
            cast(WorkerClient, summarizer._clients.sync()).forget_prompt()
            limits = summarizer.settings.max_items
            caps = f"{limits.events}/{limits.figures}/{limits.attributions}"
            print(f"{variant}: caps {caps}")
            for article in chosen:
                elapsed, what = timed(summarizer, article)
                seconds[variant].append(elapsed)
                print(f"  {article.id:24} {elapsed:6.1f} s  {what}", flush=True)
    print()
    for name, values in seconds.items():
        median = statistics.median(values)
        print(f"{name:10} median {median:6.1f} s per article over {len(values)}")


if __name__ == "__main__":
    main()
