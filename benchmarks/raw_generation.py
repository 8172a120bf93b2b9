"""One article's raw constrained generation on the embedded model: the output and its speed.

Run: `python benchmarks/raw_generation.py ARTICLE.txt [MAX_TOKENS]` (default 1536).

It sends the request the default Summarizer would send for the article (cite strategy, its
decoder schema) straight to the local client, bypassing validation, and prints the seconds, the
token counts (prompt included in the seconds) and the raw JSON the model wrote: how a runaway or
a loop looks before the library cuts or re-asks it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from summarizer import Article, Summarizer


def main() -> None:
    """Generate once and print what came out."""
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    budget = int(sys.argv[2]) if len(sys.argv) > 2 else 1536
    with Summarizer() as summarizer:
        body = summarizer.request_bodies(Article(id=Path(sys.argv[1]).stem, text=text))[0]
        client: Any = summarizer._clients.sync()  # the raw engine, past validation
        started = time.perf_counter()
        response = client.chat.completions.create(
            messages=body["messages"],
            temperature=0.0,
            max_tokens=budget,
            response_format=body.get("response_format"),
        )
        elapsed = time.perf_counter() - started
    usage = response.usage
    print(
        f"{elapsed:.1f} s, {usage.prompt_tokens} prompt tokens, "
        f"{usage.completion_tokens} output tokens (limit {budget})"
    )
    print(response.choices[0].message.content)


if __name__ == "__main__":
    main()
