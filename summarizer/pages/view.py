"""`summarizer view`: a run's output as HTML, one self-contained page per article and an index.

Each page shows the article with every located evidence span highlighted by kind, the structured
briefing beside it (unverified and repaired items marked), and the provenance. Pages need nothing
but themselves: no external resource, no network (see `summarizer.pages.markup` for the escaping
and the CSP).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import jinja2

from summarizer.pages.article_texts import ArticleTexts
from summarizer.pages.items import ItemLists, item_lists
from summarizer.pages.markup import environment, highlighted, render_page, write_page
from summarizer.schema.briefing import GroundingStatus
from summarizer.schema.records import Failure, Result

INDEX: Final = "index.html"
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_NAME = 80
_STATUSES: Final[tuple[GroundingStatus, ...]] = ("verified", "repaired", "unverified")


def page_names(ids: Sequence[str]) -> list[str]:
    """A file name per article id: safe on every file system, unique, and never the index.

    An id made only of letters, digits, dots, dashes and underscores keeps its name; any other
    id (slashes, spaces, "..", a clash that differs only in case, "index") gets a hash suffix.
    """
    taken = {INDEX}
    names = []
    for article_id in ids:
        stem = _SAFE_NAME.sub("-", article_id).strip(".-")[:_MAX_NAME] or "article"
        name = f"{stem}.html"
        if stem != article_id or name.casefold() in taken:
            digest = hashlib.sha256(article_id.encode("utf-8", "surrogatepass")).hexdigest()
            name = f"{stem}-{digest[:10]}.html"
        taken.add(name.casefold())
        names.append(name)
    return names


@dataclass(frozen=True)
class PageEntry:
    """One article's page, as the index lists it."""

    result: Result
    href: str
    text_found: bool
    counts: dict[GroundingStatus, int]


@dataclass(frozen=True)
class PageSet:
    """What `write_pages` wrote."""

    index: Path
    pages: list[Path]
    without_text: list[str]
    """Ids of briefings whose article text was not found (evidence not shown in place)."""


def _status_counts(items: ItemLists) -> dict[GroundingStatus, int]:
    counted = Counter(view.status for view in items.all)
    return {status: counted[status] for status in _STATUSES}


def briefing_page(
    env: jinja2.Environment, result: Result, text: str | None, *, index_href: str = INDEX
) -> str:
    """One article's page: the highlighted article beside its briefing, or its failure.

    Args:
        env: The page environment (`_html.environment()`).
        result: One line of a run's output.
        text: The article text the offsets refer to, or None when it was not found.
        index_href: Where the "all articles" link points.
    """
    briefing = result.briefing if result.status == "ok" else None
    if briefing is None:
        items = item_lists([], [], [], prefix="b", text_length=None)
    else:
        items = item_lists(
            briefing.events,
            briefing.figures,
            briefing.attributions,
            prefix="b",
            text_length=len(text) if text is not None else None,
        )
    spans = items.spans()
    return render_page(
        env,
        "briefing.html.j2",
        result=result,
        briefing=briefing,
        failure=result.error or Failure(kind="MissingResult", message="no briefing recorded"),
        text=text,
        article=highlighted(text, spans) if text is not None else None,
        items=items,
        located=len(spans),
        total=len(items.all),
        counts=_status_counts(items),
        index_href=index_href,
    )


def write_pages(
    results: Iterable[Result], out_dir: Path, texts: ArticleTexts, *, title: str = "briefings"
) -> PageSet:
    """Write a page per article and an index into `out_dir` (created if needed).

    Args:
        results: A run's results; when an id repeats, its last result is the one shown.
        out_dir: The folder to write into; existing pages of the same names are replaced.
        texts: Where to find the article texts the offsets refer to.
        title: What the index calls the run (the results file's name).

    Returns:
        The index, the pages, and the ids whose text was not found.
    """
    latest = {result.id: result for result in results}
    out_dir.mkdir(parents=True, exist_ok=True)
    env = environment()
    entries, pages, without_text = [], [], []
    for result, name in zip(latest.values(), page_names(list(latest)), strict=True):
        text = texts.find(result)
        if result.briefing is not None and text is None:
            without_text.append(result.id)
        page = briefing_page(env, result, text)
        pages.append(out_dir / name)
        write_page(page, pages[-1])
        entries.append(_entry(result, name, text))
    index = out_dir / INDEX
    write_page(_index_page(env, entries, title=title), index)
    return PageSet(index=index, pages=pages, without_text=without_text)


def _entry(result: Result, href: str, text: str | None) -> PageEntry:
    briefing = result.briefing
    counts = dict.fromkeys(_STATUSES, 0)
    if briefing is not None:
        lists = item_lists(
            briefing.events, briefing.figures, briefing.attributions, prefix="b", text_length=None
        )
        counts = _status_counts(lists)
    return PageEntry(result=result, href=href, text_found=text is not None, counts=counts)


def _index_page(env: jinja2.Environment, entries: list[PageEntry], *, title: str) -> str:
    results = [entry.result for entry in entries]
    return render_page(
        env,
        "index.html.j2",
        title=title,
        entries=entries,
        failed=sum(result.status != "ok" for result in results),
        tokens=sum(result.usage.total_tokens for result in results),
        cost=sum(result.cost_usd for result in results),
    )
