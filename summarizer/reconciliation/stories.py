"""Which articles report one story: shared names and measures, published close together.

Each article is read into the names its briefing mentions (actors, places, speakers, sources,
the names in its measures) and the kinds of things its figures count. Two articles are one story
when they share enough of those and were published within `MAX_DAYS` of each other; stories are
the connected groups. An article that shares nothing stands alone: a story of one.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from summarizer.reconciliation.dates import MONTHS, WEEKDAYS
from summarizer.reconciliation.inputs import Source
from summarizer.reconciliation.measures import entity_key, read_measure

MAX_DAYS: Final = 10
"""Articles of one story are published within this many days of each other."""
MIN_SHARED: Final = 3
MIN_OVERLAP: Final = 0.2
"""Shared names over the smaller article's names; doubled when a publication date is unknown."""
_NAME = re.compile(r"\b[A-Z][A-Za-z'’.&-]*[A-Za-z]\b|\b[A-Z]{2,}\b")
# Capitalised words that are no one's name (sentence starts, days, titles).
_NOT_NAMES: Final = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "but",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "of",
        "for",
        "by",
        "with",
        "as",
        "from",
        "to",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "how",
        "why",
        "what",
        "who",
        *WEEKDAYS,
        *MONTHS,
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "chief",
        "officer",
        "said",
        "says",
        "according",
    ]
)


@dataclass(frozen=True)
class Signature:
    """What one article is about, as comparable words."""

    names: frozenset[str]
    heads: frozenset[str]
    mentions: Counter[str]
    """How many of the briefing's texts mention each name."""
    spelling: dict[str, str]
    """A name's first spelling, by comparable key."""


def _surfaces(text: str | None) -> dict[str, str]:
    """Names in `text`, by comparable key, each with the first spelling seen."""
    found: dict[str, str] = {}
    for word in _NAME.findall(text or ""):
        if word.lower() not in _NOT_NAMES and len(word) > 1:
            found.setdefault(entity_key(word), word)
    return found


def signature(source: Source) -> Signature:
    """The names and counted things of one article's briefing."""
    briefing = source.briefing
    texts = [source.title, briefing.headline]
    for event in briefing.events:
        texts += [event.actor, event.action, event.object, event.location, event.source]
    texts += [attribution.speaker for attribution in briefing.attributions]
    texts += [text for f in briefing.figures for text in (f.measure, f.reported_by)]
    mentions: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        found = _surfaces(text)
        mentions.update(found.keys())
        for key, word in found.items():
            spelling.setdefault(key, word)
    heads = {head for f in briefing.figures for head in read_measure(f.measure).heads}
    return Signature(frozenset(mentions), frozenset(heads), mentions, spelling)


def _close_in_time(a: Source, b: Source) -> bool | None:
    if a.published is None or b.published is None:
        return None
    return abs((a.published - b.published).days) <= MAX_DAYS


def same_story(a: Source, b: Source, sa: Signature, sb: Signature) -> bool:
    """Whether two articles report one story."""
    close = _close_in_time(a, b)
    if close is False:
        return False
    shared = len(sa.names & sb.names) + len(sa.heads & sb.heads)
    smaller = min(len(sa.names) + len(sa.heads), len(sb.names) + len(sb.heads)) or 1
    overlap = MIN_OVERLAP if close else 2 * MIN_OVERLAP
    return shared >= MIN_SHARED and shared / smaller >= overlap


def group_stories(sources: Sequence[Source]) -> list[list[int]]:
    """The stories, as lists of indices into `sources`, each in input order."""
    signatures = [signature(source) for source in sources]
    parent = list(range(len(sources)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for i in range(len(sources)):
        for j in range(i + 1, len(sources)):
            if same_story(sources[i], sources[j], signatures[i], signatures[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for n in range(len(sources)):
        groups.setdefault(root(n), []).append(n)
    return list(groups.values())


def shared_names(sources: Sequence[Source]) -> list[str]:
    """The names most articles of a story mention, the most mentioned first."""
    if len(sources) < 2:  # noqa: PLR2004 - names shared by one article are no story's
        return []
    signatures = [signature(source) for source in sources]
    articles = Counter(name for sig in signatures for name in sig.names)
    mentions = sum((sig.mentions for sig in signatures), Counter[str]())
    spelling: dict[str, str] = {}
    for sig in signatures:
        for key, word in sig.spelling.items():
            spelling.setdefault(key, word)
    needed = max(2, len(sources) // 2 + 1)
    shared = [name for name, n in articles.items() if n >= needed]
    shared.sort(key=lambda name: (-mentions[name], name))
    return [spelling[name] for name in shared][:8]
