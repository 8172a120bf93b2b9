"""Local grounding: check every drafted item against the article's own text.

The model supplies words; this module finds them in the article (offsets are never asked of the
model), runs the per-kind rules, and gives each item a status:

- verified: every check passed on the exact text;
- repaired: every check passed, but only after whitespace/quote normalisation or fuzzy alignment;
- unverified: at least one check failed (the problems say which).

Rules: evidence must align; a figure's value must occur in its evidence; an attribution's speaker
must be named in the article; a direct quote must itself be in the article; every number in the
headline and summary must occur in the article.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from summarizer.find.candidates import Candidates
from summarizer.find.loops import repeated_phrase
from summarizer.find.quantities import find_quantities, value_occurs_in
from summarizer.ground.alignment import DEFAULT_FUZZY_THRESHOLD, Alignment, align
from summarizer.schema.briefing import (
    Attribution,
    Event,
    Evidence,
    Figure,
    Grounding,
    GroundingStatus,
    ItemLimits,
)

_PRONOUNS = frozenset(
    {
        *("he", "she", "they", "it", "we", "i", "you", "him", "her", "them"),
        *("his", "hers", "their", "its", "someone", "somebody"),
    }
)
_WORD = re.compile(r"[\w'’-]+")
_MIN_SURNAME = 3


@dataclass
class GroundingScope:
    """What the draft validator needs to ground a draft: the article and how strictly to judge.

    `enforce` is switched off for the last attempt, so an output that is valid except for
    grounding survives validation and the grounding policy (strict/lenient) decides its fate;
    items that are themselves invalid are then removed, and counted in `malformed`, rather than
    failing the whole briefing. Lists longer than `limits` are cut on every attempt.
    """

    text: str
    window: tuple[int, int] | None = None
    threshold: float = DEFAULT_FUZZY_THRESHOLD
    enforce: bool = True
    malformed: int = 0
    limits: ItemLimits = field(default_factory=ItemLimits)
    candidates: Candidates | None = None
    """Under the cite strategy: what the article's ids refer to (this part's sentences)."""


# instructor's own `context=` argument would also render the messages as Jinja templates (and so
# rewrite any article containing "{{"), so the article reaches the validator through a contextvar.
_SCOPE: contextvars.ContextVar[GroundingScope | None] = contextvars.ContextVar(
    "summarizer_grounding_scope", default=None
)


@contextmanager
def grounding_scope(scope: GroundingScope) -> Iterator[GroundingScope]:
    """Make `scope` the one draft validators see while the block runs."""
    token = _SCOPE.set(scope)
    try:
        yield scope
    finally:
        _SCOPE.reset(token)


def current_scope() -> GroundingScope | None:
    """The scope set by the innermost `grounding_scope`, if any."""
    return _SCOPE.get()


@dataclass(frozen=True)
class GroundedDraft:
    """A draft whose items carry offsets and grounding verdicts."""

    events: list[Event]
    figures: list[Figure]
    attributions: list[Attribution]
    summary_grounding: Grounding

    def problems(self) -> list[str]:
        """Every problem of every item, in order, as sentences for the model."""
        found = list(self.summary_grounding.problems)
        items: list[Event | Figure | Attribution] = [
            *self.events,
            *self.figures,
            *self.attributions,
        ]
        for item in items:
            found.extend(item.grounding.problems)
        return found


def format_problems(problems: list[str]) -> str:
    """The re-ask message: precise, one line per failed check."""
    lines = "\n".join(f"- {p}" for p in problems)
    return (
        "the briefing is not grounded in the article. Copy the article's words exactly in every "
        "evidence field, or remove the item:\n" + lines
    )


def evidence_for(quote: str, scope: GroundingScope) -> tuple[Evidence, Alignment]:
    """The evidence of `quote` where it aligns in the article, and how it aligned."""
    found = align(quote, scope.text, window=scope.window, threshold=scope.threshold)
    evidence = Evidence(
        text=quote,
        start=found.start,
        end=found.end,
        match=found.method,
        edit_distance=found.distance,
    )
    return evidence, found


def span_text(evidence: Evidence, text: str) -> str:
    """The article's words under `evidence` (its own text when it aligned nowhere)."""
    if evidence.start is None or evidence.end is None:
        return evidence.text
    return text[evidence.start : evidence.end]


def status_of(problems: list[str], *alignments: Alignment) -> Grounding:
    """Verified, repaired (aligned only after normalising) or unverified (a check failed)."""
    status: GroundingStatus = "verified"
    if problems:
        status = "unverified"
    elif any(a.method != "exact" for a in alignments):
        status = "repaired"
    return Grounding(status=status, problems=problems)


def clip(text: str, limit: int = 120) -> str:
    """`text` quoted for a problem message, cut to `limit` characters."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def evidence_problem(kind: str, number: int, alignment: Alignment, quote: str) -> list[str]:
    """The problem of evidence that is not in the article, if it is not."""
    if alignment.method != "none":
        return []
    return [f"evidence for {kind} {number} is not in the article: {clip(quote)}"]


def speaker_is_named(speaker: str, text: str, *, threshold: float) -> bool:
    """True when the article names `speaker`: in full, by a distinctive word, or fuzzily."""
    words = [w.lower() for w in _WORD.findall(speaker)]
    if not words or all(w in _PRONOUNS for w in words):
        return False
    folded_text = " ".join(_WORD.findall(text)).lower()
    folded_speaker = " ".join(words)
    if folded_speaker in folded_text:
        return True
    article_words = set(folded_text.split())
    # A surname or organisation word ("al-Qudra", "Ministry") names the speaker as the article does.
    capitalised = [w for w in _WORD.findall(speaker) if w[:1].isupper() and len(w) > _MIN_SURNAME]
    if any(w.lower() in article_words for w in capitalised):
        return True
    return fuzz.partial_ratio(folded_speaker, folded_text) >= threshold


def ground_summary(headline: str, summary: str, text: str) -> Grounding:
    """Every number in the headline and summary must occur in the article; neither may loop."""
    problems: list[str] = []
    for where, prose in (("headline", headline), ("summary", summary)):
        looped = repeated_phrase(prose)
        if looped is not None:
            problems.append(f"the {where} repeats {looped!r} over and over: say it once")
        for quantity in find_quantities(prose):
            if not value_occurs_in(quantity.value, text):
                problems.append(
                    f"the {where} states {quantity.text!r}, a number that is not in the article"
                )
    return Grounding(status="unverified" if problems else "verified", problems=problems)
