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
from typing import TYPE_CHECKING

from rapidfuzz import fuzz

from summarizer._alignment import DEFAULT_FUZZY_THRESHOLD, Alignment, align
from summarizer._candidates import Candidates
from summarizer._loops import repeated_phrase
from summarizer._numbers import find_quantities, parse_number, value_occurs_in
from summarizer._schema import (
    Attribution,
    Event,
    Evidence,
    Figure,
    Grounding,
    GroundingStatus,
    ItemLimits,
)

if TYPE_CHECKING:
    from summarizer._drafts import AttributionDraft, BriefingDraft, EventDraft, FigureDraft

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


def ground_draft(draft: BriefingDraft, scope: GroundingScope) -> GroundedDraft:
    """Align and check every item of `draft` against `scope.text`."""
    return GroundedDraft(
        events=[_ground_event(n, e, scope) for n, e in enumerate(draft.events, 1)],
        figures=[_ground_figure(n, f, scope) for n, f in enumerate(draft.figures, 1)],
        attributions=[
            _ground_attribution(n, a, scope) for n, a in enumerate(draft.attributions, 1)
        ],
        summary_grounding=ground_summary(draft.headline, draft.summary, scope.text),
    )


def format_problems(problems: list[str]) -> str:
    """The re-ask message: precise, one line per failed check."""
    lines = "\n".join(f"- {p}" for p in problems)
    return (
        "the briefing is not grounded in the article. Copy the article's words exactly in every "
        "evidence field, or remove the item:\n" + lines
    )


def _evidence(quote: str, scope: GroundingScope) -> tuple[Evidence, Alignment]:
    found = align(quote, scope.text, window=scope.window, threshold=scope.threshold)
    evidence = Evidence(
        text=quote,
        start=found.start,
        end=found.end,
        match=found.method,
        edit_distance=found.distance,
    )
    return evidence, found


def _span_text(evidence: Evidence, text: str) -> str:
    if evidence.start is None or evidence.end is None:
        return evidence.text
    return text[evidence.start : evidence.end]


def _status(problems: list[str], *alignments: Alignment) -> Grounding:
    status: GroundingStatus = "verified"
    if problems:
        status = "unverified"
    elif any(a.method != "exact" for a in alignments):
        status = "repaired"
    return Grounding(status=status, problems=problems)


def _clip(text: str, limit: int = 120) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _evidence_problem(kind: str, number: int, alignment: Alignment, quote: str) -> list[str]:
    if alignment.method != "none":
        return []
    return [f"evidence for {kind} {number} is not in the article: {_clip(quote)}"]


def _ground_event(number: int, draft: EventDraft, scope: GroundingScope) -> Event:
    evidence, found = _evidence(draft.evidence, scope)
    problems = _evidence_problem("event", number, found, draft.evidence)
    fields = draft.model_dump(exclude={"evidence"})
    return Event(**fields, evidence=evidence, grounding=_status(problems, found))


def _ground_figure(number: int, draft: FigureDraft, scope: GroundingScope) -> Figure:
    evidence, found = _evidence(draft.evidence, scope)
    problems = _evidence_problem("figure", number, found, draft.evidence)
    parsed = parse_number(draft.number)
    # The draft validator rejects unreadable numbers, so None only reaches here via model_construct.
    value = parsed.value if parsed else float("nan")
    value_max = parsed.value_max if parsed else None
    if parsed is None or not value_occurs_in(value, _span_text(evidence, scope.text)):
        problems.append(
            f"figure {number}: the number {draft.number!r} does not occur in its evidence "
            f"{_clip(draft.evidence)}"
        )
    fields = draft.model_dump(exclude={"evidence"})
    return Figure(
        **fields,
        value=value,
        value_max=value_max,
        evidence=evidence,
        grounding=_status(problems, found),
    )


def _ground_attribution(number: int, draft: AttributionDraft, scope: GroundingScope) -> Attribution:
    evidence, found = _evidence(draft.evidence, scope)
    problems = _evidence_problem("attribution", number, found, draft.evidence)
    alignments = [found]
    if not speaker_is_named(draft.speaker, scope.text, threshold=scope.threshold):
        problems.append(
            f"attribution {number}: the speaker {draft.speaker!r} is not named in the article"
        )
    quote_span: Evidence | None = None
    if draft.quote_type == "direct" and draft.quote:
        quote_span, quote_found = _evidence(draft.quote, scope)
        alignments.append(quote_found)
        if quote_found.method == "none":
            problems.append(
                f"attribution {number}: the direct quote is not in the article: "
                f"{_clip(draft.quote)}"
            )
    fields = draft.model_dump(exclude={"evidence"})
    return Attribution(
        **fields,
        evidence=evidence,
        quote_span=quote_span,
        grounding=_status(problems, *alignments),
    )


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
