"""What a number measures, read off spaCy's dependency parse: the library's guess at a label.

The number's clause is found by walking up from the number to the first verb that governs it;
the measure is that verb's subtree without the clauses that do not hold the number (coordinated,
adverbial, relative, reported, "according to ..."), without the number's own words, punctuation,
articles and a preposition the number leaves dangling. Word order is the article's, except that
a verb of change is labelled by what moved ("the Nasdaq fell 3%": fall of Nasdaq), and a pronoun
subject is replaced by the name it stands for. Measured against the 223 hand-labelled figures of
`evals/fixtures` whose number the candidates find (`python benchmarks/measure_guess.py`): mean
similarity to the gold measure 0.61 (the clause without the number: 0.51), 35% of guesses right
(>= 0.7; the clause 16%) and 70% similar enough for a figure to pair (46%).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from spacy.tokens import Doc, Token

_OTHER_CLAUSES: Final = frozenset(
    {"conj", "cc", "advcl", "ccomp", "parataxis", "relcl", "punct", "mark", "appos"}
)
_VERBS: Final = frozenset({"VERB", "AUX"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
_AUXILIARY: Final = frozenset({"aux", "auxpass", "neg"})
# Word forms (the pipeline has no lemmatizer): a verb of change, and the noun a label uses for it.
_FALLS: Final = (
    "fall falls fell fallen falling drop drops dropped dropping lose loses lost losing "
    "decline declines declined declining plunge plunges plunged plunging slide slides slid "
    "sliding slip slips slipped slipping tumble tumbles tumbled tumbling sink sinks sank sunk "
    "shed sheds shedding decrease decreases decreased decreasing shrink shrank shrunk "
    "contract contracted contracting"
)
_RISES: Final = (
    "rise rises rose risen rising gain gains gained gaining climb climbs climbed climbing "
    "jump jumps jumped jumping surge surges surged surging soar soars soared soaring "
    "increase increases increased increasing grow grows grew grown growing"
)
_CHANGES: Final = {
    **dict.fromkeys(_FALLS.split(), "fall"),
    **dict.fromkeys(_RISES.split(), "rise"),
}
_SOURCE_WORDS: Final = frozenset({"according"})
_MAX_WORDS: Final = 24
"""A label, not a sentence: past this many words the guess is no better than the clause."""


def measure_of(
    doc: Doc,
    start: int,
    end: int,
    within: tuple[int, int],
    named: Callable[[Token], str | None] | None = None,
) -> str | None:
    """The words of the clause that say what the number at `start:end` counts, or None.

    Only words inside `within` (the number's sentence) count: the parser's sentences run across
    the line breaks that end a headline or a dateline, the library's do not. `named` gives the
    name a pronoun subject stands for ("It produces fifteen brands": General Motors does).
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
        if token.i != top.i and _beside(token, inside):
            continue
        kept.append(token)
        pending.extend(token.children)
    low, high = within
    kept = [
        t
        for t in kept
        if low <= t.idx < high and not t.is_punct and t.pos_ != "DET" and not _dangling(t, inside)
    ]
    change = _CHANGES.get(top.text.casefold()) if top.i in {t.i for t in kept} else None
    if change is not None:
        kept, subject = _nominalised(top, kept, named)
        words = [change, "of", *subject, *(_word(t, named) for t in kept)] if subject else []
    else:
        words = [_word(t, named) for t in sorted(kept, key=lambda t: t.i)]
    if not words or len(words) > _MAX_WORDS:
        return None
    return " ".join(words)


def _beside(token: Token, inside: set[int]) -> bool:
    """Whether `token`'s phrase is about something beside what the number counts.

    Other clauses, and the source ("according to the ministry": the figure's reporter says it).
    A time stays: labellers keep it ("the fall of the Dax since the start of the day"), and
    dropping it lowered the rule's agreement with them (`benchmarks/measure_guess.py`).
    """
    if any(t.i in inside for t in token.subtree):
        return False
    return token.dep_ in _OTHER_CLAUSES or token.text.casefold() in _SOURCE_WORDS


def _word(token: Token, named: Callable[[Token], str | None] | None) -> str:
    """The token's text, or for a pronoun subject the name it stands for when one is known."""
    if named is None or token.pos_ != "PRON" or token.dep_ not in _SUBJECTS:
        return token.text
    return named(token) or token.text


def _nominalised(
    top: Token, kept: list[Token], named: Callable[[Token], str | None] | None
) -> tuple[list[Token], list[str]]:
    """`kept` without the change verb, its auxiliaries and subject; the subject's words apart.

    "The Nasdaq index has fallen by 3.16%" measures the fall of the Nasdaq index: a reader
    labels a move by what moved, and so do the fixtures' labellers (and most reports of markets,
    prices, sales and polls).
    """
    subjects = [c for c in top.children if c.dep_ in _SUBJECTS]
    phrase = {t.i for s in subjects for t in s.subtree}
    subject = [_word(t, named) for t in sorted(kept, key=lambda t: t.i) if t.i in phrase]
    rest = [
        t
        for t in kept
        if t.i not in phrase and t.i != top.i and not (t.head.i == top.i and t.dep_ in _AUXILIARY)
    ]
    return sorted(rest, key=lambda t: t.i), subject


def _dangling(token: Token, inside: set[int]) -> bool:
    """A preposition whose object is the number: "by" in "fell by 4%"."""
    return token.dep_ in {"prep", "agent"} and all(c.i in inside for c in token.children)
