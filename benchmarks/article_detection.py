"""Whether `summarizer run` tells an HTML article from an HTML page with no article.

Run: `python benchmarks/article_detection.py [CORPUS_DIR]` (default: ../shared/corpus/meantime).

Every corpus article is written as two pages, one with semantic markup (`<article>`, `<p>`) and
one of bare `<div>`s, both inside a site's menu, "most read" box and footer; the pages in
`tests/data/not_articles/` (login, cookie notice, 404, section index, search results, contact
form, paywall, gallery, app shell, server error, redirect, empty) have no article. Each page goes
through the library's own loader, and the script prints how many of each kind became articles,
with the shortest article text and the longest non-article text trafilatura extracted.
"""

from __future__ import annotations

import html
import json
import sys
import tempfile
from pathlib import Path

import trafilatura

from summarizer.batch.inputs import MIN_ARTICLE_CHARS, load_inputs

_ROOT = Path(__file__).resolve().parent.parent
_NOT_ARTICLES = _ROOT / "tests" / "data" / "not_articles"
_NAV = '<header><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>'
_ASIDE = '<aside><h3>Most read</h3><ul><li><a href="/x">Storm hits coast</a></li></ul></aside>'
_FOOTER = "<footer><p>&copy; 2024 Example News. All rights reserved.</p></footer>"


def as_page(title: str, text: str, *, semantic: bool) -> str:
    """The article inside a news site's page furniture."""
    tag = "p" if semantic else "div"
    paragraphs = "".join(
        f"<{tag}>{html.escape(line)}</{tag}>" for line in text.splitlines() if line.strip()
    )
    story = f"<h1>{html.escape(title)}</h1>{paragraphs}"
    if semantic:
        story = f"<main><article>{story}</article>{_ASIDE}</main>"
    else:
        story = f'<div class="c"><div class="story">{story}</div>{_ASIDE}</div>'
    head = f"<head><title>{html.escape(title)}</title></head>"
    return f"<html>{head}<body>{_NAV}{story}{_FOOTER}</body></html>"


def extracted_chars(page: str) -> int:
    """Characters of main text trafilatura finds, with the loader's settings."""
    text = trafilatura.extract(
        page, include_comments=False, include_tables=False, favor_precision=True
    )
    return len(text.strip()) if text else 0


def main() -> None:
    """Print the detection counts for articles and non-article pages."""
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else _ROOT.parent / "shared/corpus/meantime"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        article_chars: list[int] = []
        for path in sorted(corpus.glob("*.json")):
            record = json.loads(path.read_text(encoding="utf-8"))
            for semantic in (True, False):
                page = as_page(record["title"], record["text"], semantic=semantic)
                name = f"{path.stem}-{'article' if semantic else 'divs'}.html"
                (folder / name).write_text(page, encoding="utf-8")
                article_chars.append(extracted_chars(page))
        accepted = sum(item.article is not None for item in load_inputs([folder]))
        print(f"threshold: {MIN_ARTICLE_CHARS} characters of main text")
        print(f"article pages: {accepted}/{len(article_chars)} accepted as articles")
        print(f"  shortest main text: {min(article_chars)} characters")

    pages = sorted(_NOT_ARTICLES.glob("*.html"))
    items = list(load_inputs(pages))
    wrongly = [item.id for item in items if item.article is not None]
    longest = max(extracted_chars(p.read_text(encoding="utf-8")) for p in pages)
    print(f"non-article pages: {len(items) - len(wrongly)}/{len(items)} refused {wrongly or ''}")
    print(f"  longest main text: {longest} characters")


if __name__ == "__main__":
    main()
