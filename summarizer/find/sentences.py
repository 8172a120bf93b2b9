"""The article's sentences, with ids and offsets: spaCy's sentences, cut again at line breaks.

A headline, dateline or caption line never runs into the next paragraph, and another story's
headline left in the text (`find.link_text`) is no sentence at all.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.find.link_text import is_link_headline

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the article, `text[start:end]`, stripped of surrounding space."""

    id: str
    start: int
    end: int
    text: str


# A line break ends a sentence whatever the parser says (headlines, datelines, captions), and so
# does a list's bullet where the line breaks were lost ("... affected: * Chicago, Illinois *
# Wixom Assembly Plant ... * River Rouge Plant of Dearborn, Michigan Ford's stock fell ...").
_LINE_BREAK = re.compile(r"\n+|(?:^|\s)\*(?:\s|$)")


def split_sentences(doc: Doc, text: str) -> tuple[Sentence, ...]:
    """The article's sentences, ids S1, S2, ... in order: spaCy's, cut again at line breaks."""
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        start = sent.start_char
        for piece in _LINE_BREAK.split(text[start : sent.end_char]):
            offset = text.find(piece, start)
            spans.append((offset, offset + len(piece)))
            start = offset + len(piece)
    found: list[Sentence] = []
    for start, end in spans:
        raw = text[start:end]
        stripped = raw.strip()
        if not any(ch.isalnum() for ch in stripped):
            continue
        # Another story's headline is no sentence of this one; the first line is its own title.
        if found and is_link_headline(stripped):
            continue
        begin = start + (len(raw) - len(raw.lstrip()))
        found.append(Sentence(f"S{len(found) + 1}", begin, begin + len(stripped), stripped))
    return tuple(found)


def sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    """The sentence that holds character `offset`, if any."""
    return next((s for s in sentences if s.start <= offset < s.end), None)
