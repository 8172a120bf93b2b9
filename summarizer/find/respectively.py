"""Amounts given "respectively": each paired with its own item of a list.

"The Hang Seng and Singapore Straits Times went up by 10.24% and 6.57% respectively" says that
the Hang Seng rose 10.24% and the Straits Times 6.57%. Read as it stands, both numbers measure
the rise of "the Hang Seng and Straits Times", and the parse of such sentences often gives no
measure at all ("Other stock indices, such as the Nasdaq and the S&P 500, dipped by 96 points
and 50 points, respectively"). So the sentence is written again for each number, as the writer
would have written it for that number alone ("the Nasdaq, dipped by 96 points"), and its
measure is read off that sentence's parse: the same rules, every word still the article's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from summarizer.find.nlp import tokens_within

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Token

_CUE: Final = "respectively"
# Between two listed amounts: a comma or "and"/"or", perhaps after a unit said again ("96
# points and 50 points", "10.24%, 6.57% and 3%").
_LISTED_GAP: Final = re.compile(r"\s*(?:[A-Za-z]+\s*)?(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
_CUE_GAP: Final = 4  # tokens between the last amount and "respectively" ("people cut respectively")
# "Other indices, such as the Nasdaq and the S&P 500, dipped": the list names what moved.
_EXAMPLES: Final = frozenset({"as", "including", "like"})
_ITEM_TAGS: Final = frozenset({"NOUN", "PROPN"})
_PHRASE_TAGS: Final = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM"})
_NAME_MARKS: Final = frozenset({"&", "-"})
_JOINS: Final = frozenset({"and", "or"})
_RELATIVE: Final = frozenset({"which", "who", "that"})


@dataclass(frozen=True)
class Respective:
    """The sentence written for one amount alone, and where that amount is in it.

    `pieces` are the (start, end, offset) of each stretch of the article kept in `text`:
    article characters `start:end` are at `offset` in `text`.
    """

    text: str
    start: int
    end: int
    pieces: tuple[tuple[int, int, int], ...]

    def moved(self, start: int, end: int) -> tuple[int, int] | None:
        """Where the article's characters `start:end` are in `text`, if kept whole."""
        for low, high, offset in self.pieces:
            if low <= start and end <= high:
                return offset + start - low, offset + end - low
        return None


def respective_sentence(
    doc: Doc, within: tuple[int, int], amount: tuple[int, int], amounts: Sequence[tuple[int, int]]
) -> Respective | None:
    """The sentence `within` as written for the amount at `amount` alone, given "respectively".

    `amounts` are the sentence's amounts (the one at `amount` among them), as character spans.
    None unless the amount is one of a list of k amounts followed by "respectively" and the
    sentence names a list of k things before it.
    """
    low, high = within
    text = doc.text
    # The common case, no "respectively", is decided without walking the sentence's tokens.
    words = tokens_within(doc, low, high) if _CUE in text[low:high].lower() else []
    cue = next((t for t in words if t.lower_ == _CUE), None)
    if cue is None:
        return None
    listed = _listed(text, sorted(amounts), amount)
    if listed is None or listed[-1][1] > cue.idx:
        return None
    comma = text.rfind(",", listed[-1][1], cue.idx)
    cut_from = comma if comma >= 0 and not text[comma + 1 : cue.idx].strip() else cue.idx
    # The things listed after the amounts, right before "respectively" ("sold 5,000 and 7,000
    # cars in France and Spain respectively"), else before them ("Ford and GM cut 5% and 7%").
    items = _items(doc, (listed[-1][1], cut_from), len(listed))
    if items is None or text[items[1] : cut_from].strip():
        if len(tokens_within(doc, listed[-1][1], cue.idx)) > _CUE_GAP:
            return None
        items = _items(doc, (low, listed[0][0]), len(listed))
    if items is None:
        return None
    replaced_from, replaced_to, spans = items
    swaps = sorted(
        [
            (replaced_from, replaced_to, spans[listed.index(amount)]),
            (listed[0][0], listed[-1][1], amount),
            (cut_from, cue.idx + len(cue.text), None),
        ]
    )
    kept: list[tuple[int, int]] = []
    at = low
    for start, end, instead in swaps:
        if start < at:
            return None
        kept.append((at, start))
        if instead is not None:
            kept.append(instead)
        at = end
    kept.append((at, high))
    pieces = []
    offset = 0
    for start, end in kept:
        pieces.append((start, end, offset))
        offset += end - start
    written = "".join(text[start:end] for start, end in kept)
    moved = next(o for start, _, o in pieces if start == amount[0])
    return Respective(written, moved, moved + amount[1] - amount[0], tuple(pieces))


def _listed(
    text: str, amounts: Sequence[tuple[int, int]], amount: tuple[int, int]
) -> list[tuple[int, int]] | None:
    """The run of amounts listed one after another that holds `amount`, if it has two or more."""
    runs: list[list[tuple[int, int]]] = []
    for span in amounts:
        if runs and _LISTED_GAP.fullmatch(text, runs[-1][-1][1], span[0]):
            runs[-1].append(span)
        else:
            runs.append([span])
    run = next((r for r in runs if amount in r), None)
    return run if run is not None and len(run) > 1 else None


def _items(
    doc: Doc, bounds: tuple[int, int], count: int
) -> tuple[int, int, list[tuple[int, int]]] | None:
    """The list of `count` things named last within `bounds`: what it replaces, each item.

    Read off the words, not the tree: the parser often joins "the Hang Seng and Singapore
    Straits Times" as two modifiers of "Times", or "Adam Air Flight 574 and Garuda Indonesia
    Flight 200" as "Flight" and "Indonesia". Each item is a run of noun-phrase words ("the S&P
    500"); items are joined by commas and a last "and". A phrase the list gives examples of or
    names again gives way with it: "Other stock indices, such as the Nasdaq and the S&P 500,"
    and "two sedans, the Fusion and Taurus," read as one index, one sedan.
    """
    low, before = bounds
    tokens = tokens_within(doc, low, before)
    joins = [t for t in tokens if t.lower_ in _JOINS and t.pos_ == "CCONJ"]
    if not joins:
        return None
    join = joins[-1]
    last = _run(doc, join.i + 1, 1, bounds)
    items = [] if last is None else [last]
    edge = join.i - 1
    while last is not None and len(items) < count:
        item = _run(doc, edge, -1, bounds)
        if item is None:
            return None
        items.insert(0, item)
        edge = item[0].i - 1
        if len(items) < count:
            if edge < 0 or doc[edge].text != ",":
                return None
            edge -= 1
    if len(items) != count:
        return None
    spans = [(first.idx, final.idx + len(final)) for first, final in items]
    start, end = spans[0][0], spans[-1][1]
    enclosing = _enclosing(doc, items[0][0].i, items[-1][1].i, low)
    if enclosing is not None:
        start, end = enclosing
    return start, end, spans


def _run(doc: Doc, index: int, step: int, bounds: tuple[int, int]) -> tuple[Token, Token] | None:
    """The noun-phrase words from token `index` on, forward (`step` 1) or back (-1)."""
    low, high = bounds
    run = []
    while 0 <= index < len(doc) and low <= doc[index].idx < high and _in_phrase(doc[index]):
        run.append(doc[index])
        if step < 0 and doc[index].pos_ == "DET":
            break  # "the" opens the phrase
        index += step
    run.sort(key=lambda t: t.i)
    words = [t for t in run if t.pos_ != "DET"]
    # "a 16 GB and 32 GB models": sizes that say which, not things the amounts belong to, and
    # "two sedans" a count; but "a 30GB edition and a 60GB edition" are two things, each a
    # size with a noun of its own.
    own = len(words) > 2 and _own_noun(words[-1])  # noqa: PLR2004 - number, unit, noun
    sized = bool(words) and words[0].pos_ == "NUM" and not own
    if not any(t.pos_ in _ITEM_TAGS for t in words) or sized:
        return None
    return run[0], run[-1]


def _own_noun(token: Token) -> bool:
    """Whether a sized item ends on a noun of its own ("edition"), not a unit ("GB")."""
    return token.pos_ == "NOUN" and not token.text.isupper()


def _in_phrase(token: Token) -> bool:
    return token.pos_ in _PHRASE_TAGS or token.text in _NAME_MARKS or token.tag_ == "POS"


def _enclosing(doc: Doc, first: int, last: int, low: int) -> tuple[int, int] | None:
    """What a list replaces with the phrase it gives examples of, or names again, if it does.

    "Other indices, such as the Nasdaq and the S&P 500,"; "two sedans, the Fusion and Taurus,".
    """
    after = last + 1
    if after >= len(doc) or doc[after].text != ",":
        return None
    words = [t.lower_ if t.idx >= low else "" for t in doc[max(0, first - 2) : first]]
    opening = first
    if words[-1:] and words[-1] in _EXAMPLES:
        opening = first - (2 if words[0] == "such" else 1)
    if opening < 1 or doc[opening - 1].text != ",":
        return None
    phrase = _run(doc, opening - 2, -1, (low, doc[opening].idx))
    if phrase is None:
        return None
    # "indices, such as X and Y, dipped": the commas go with the list; "sedans, the Fusion and
    # Taurus, which rose": the relative clause keeps its comma.
    relative = after + 1 < len(doc) and doc[after + 1].lower_ in _RELATIVE
    return phrase[0].idx, doc[after].idx + (0 if relative else 1)
