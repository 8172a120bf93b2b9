"""What a number measures, read off spaCy's dependency parse: the library's guess at a label.

The number's clause is found by walking up from the number to the first verb that governs it;
the measure is that verb's subtree without the clauses that do not hold the number (coordinated,
adverbial, relative, reported), without the number's own words, punctuation and articles. Word
order is the article's. Measured against the 223 hand-labelled figures of `evals/fixtures` whose
number the candidates find (`python benchmarks/measure_guess.py`): mean similarity to the gold
measure 0.58 (the clause without the number: 0.51), and 71% of guesses similar enough for a
figure to pair (46% for the clause).
"""

from __future__ import annotations

from typing import Final

from spacy.tokens import Doc, Token

_OTHER_CLAUSES: Final = frozenset(
    {"conj", "cc", "advcl", "ccomp", "parataxis", "relcl", "punct", "mark", "appos"}
)
_VERBS: Final = frozenset({"VERB", "AUX"})
_MAX_WORDS: Final = 24
"""A label, not a sentence: past this many words the guess is no better than the clause."""


def measure_of(doc: Doc, start: int, end: int, within: tuple[int, int]) -> str | None:
    """The words of the clause that say what the number at `start:end` counts, or None.

    Only words inside `within` (the number's sentence) count: the parser's sentences run across
    the line breaks that end a headline or a dateline, the library's do not.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {token.i for token in span}
    top = span.root
    # Compare positions: spaCy makes a new Token object on every access, so `is` never holds.
    while top.pos_ not in _VERBS and top.head.i != top.i:
        top = top.head
    kept: list[Token] = []
    pending = [top]
    while pending:
        token = pending.pop()
        if token.i in inside:
            continue
        elsewhere = token.dep_ in _OTHER_CLAUSES and not any(t.i in inside for t in token.subtree)
        if token.i != top.i and elsewhere:
            continue
        kept.append(token)
        pending.extend(token.children)
    low, high = within
    words = [
        t.text
        for t in sorted(kept, key=lambda t: t.i)
        if low <= t.idx < high and not t.is_punct and t.pos_ != "DET"
    ]
    if not words or len(words) > _MAX_WORDS:
        return None
    return " ".join(words)
