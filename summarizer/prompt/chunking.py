"""Splitting articles longer than the model's input budget on paragraph boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

CHARS_PER_TOKEN = 4
"""A conservative average for English news prose with OpenAI-style tokenizers."""

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]?\s+")


@dataclass(frozen=True, slots=True)
class Part:
    """A contiguous slice of the article: `text == article[start:end]`."""

    start: int
    end: int
    text: str


def estimate_tokens(text: str) -> int:
    """A cheap upper-bound token estimate; no tokenizer is needed to decide on splitting."""
    return len(text) // CHARS_PER_TOKEN + 1


def split_article(text: str, max_tokens: int) -> list[Part]:
    """Split `text` into parts of at most `max_tokens` (estimated), on paragraph boundaries.

    Paragraphs are packed greedily; a single paragraph over budget is cut between sentences, and a
    single sentence over budget is cut hard. Parts cover the text with no gaps or overlap, so
    `"".join(p.text for p in parts) == text` and offsets stay relative to the whole article.
    """
    max_chars = max(1, max_tokens * CHARS_PER_TOKEN)
    if len(text) <= max_chars:
        return [Part(0, len(text), text)]
    pieces = _pieces(text, _PARAGRAPH_BREAK, 0, len(text))
    bounded: list[tuple[int, int]] = []
    for start, end in pieces:
        if end - start <= max_chars:
            bounded.append((start, end))
            continue
        for s_start, s_end in _pieces(text, _SENTENCE_END, start, end):
            bounded.extend(_hard_cut(s_start, s_end, max_chars))
    return [Part(s, e, text[s:e]) for s, e in _pack(bounded, max_chars)]


def _pieces(text: str, separator: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    """Spans that end just after each separator, covering text[start:end]."""
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in separator.finditer(text, start, end):
        if match.end() > cursor:
            spans.append((cursor, match.end()))
            cursor = match.end()
    if cursor < end:
        spans.append((cursor, end))
    return spans


def _hard_cut(start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    return [(s, min(s + max_chars, end)) for s in range(start, end, max_chars)]


def _pack(spans: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    packed: list[tuple[int, int]] = []
    for start, end in spans:
        if packed and end - packed[-1][0] <= max_chars:
            packed[-1] = (packed[-1][0], end)
        else:
            packed.append((start, end))
    return packed
