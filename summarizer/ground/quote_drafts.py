"""What the model must produce: the Briefing without anything that can be computed locally.

Validators here are what instructor re-asks on: schema faults, unreadable numbers, a direct quote
without its words and, through the grounding scope, evidence that is not in the article.
"""

from __future__ import annotations

import functools
import json
import re
from typing import Annotated, Any, Self

from annotated_types import MaxLen
from pydantic import BaseModel, Field, ValidationError, field_validator, model_validator

from summarizer.find.loops import without_loop
from summarizer.find.quantities import parse_number, value_occurs_in
from summarizer.ground.grounding import (
    GroundedDraft,
    GroundingScope,
    clip,
    current_scope,
    evidence_for,
    evidence_problem,
    format_problems,
    ground_summary,
    span_text,
    speaker_is_named,
    status_of,
)
from summarizer.schema.briefing import (
    Attribution,
    AttributionFields,
    Event,
    EventFields,
    Evidence,
    Figure,
    FigureFields,
    ItemLimits,
    StrictModel,
    Text,
)

MAX_EVENTS = ItemLimits.events
MAX_FIGURES = ItemLimits.figures
MAX_ATTRIBUTIONS = ItemLimits.attributions


@functools.cache
def cached_schema(
    model: type[BaseModel], args: tuple[Any, ...], kwargs: tuple[tuple[str, Any], ...]
) -> str:
    """A draft model's JSON Schema as JSON text, generated once per argument set."""
    generate = BaseModel.model_json_schema.__func__  # type: ignore[attr-defined]
    return json.dumps(generate(model, *args, **dict(kwargs)))


class EventDraft(EventFields):
    """A key event of the article."""

    evidence: Text
    """The sentence or clause of the article reporting the event, copied word for word."""


class FigureDraft(FigureFields):
    """A number the article reports."""

    evidence: Text
    """The words of the article stating the number, copied word for word."""

    @field_validator("number")
    @classmethod
    def _readable(cls, number: str) -> str:
        if parse_number(number) is None:
            msg = f"cannot read a number from {number!r}: write the number as the article does"
            raise ValueError(msg)
        return number


class AttributionDraft(AttributionFields):
    """A claim attributed to a named source."""

    evidence: Text
    """The words of the article attributing the claim, cue verb included, copied word for word."""

    @model_validator(mode="after")
    def _direct_has_quote(self) -> Self:
        if self.quote_type == "direct" and not self.quote:
            msg = "a direct attribution needs the quoted words in `quote`"
            raise ValueError(msg)
        return self


class BriefingDraft(StrictModel):
    """A structured briefing of one news article. Every item quotes the article's own words."""

    headline: Annotated[str, Field(min_length=1, max_length=240)]
    """One neutral sentence saying what the article is about."""
    summary: Annotated[str, Field(min_length=1, max_length=1500)]
    """Two to four sentences summarising the article."""
    events: Annotated[list[EventDraft], Field(max_length=MAX_EVENTS)]
    """The key events, most important first."""
    figures: Annotated[list[FigureDraft], Field(max_length=MAX_FIGURES)]
    """The figures the article reports (counts, amounts, percentages), most important first."""
    attributions: Annotated[list[AttributionDraft], Field(max_length=MAX_ATTRIBUTIONS)]
    """Who said or claimed what, most important first."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: ANN401
        """The JSON Schema, generated once per class and argument set, returned as a fresh copy.

        instructor regenerates the schema for every request in JSON modes (~18 ms each); the
        schema never changes at run time, and the copy keeps callers from sharing one dict.
        """
        cached = cached_schema(cls, args, tuple(sorted(kwargs.items())))
        copied: dict[str, Any] = json.loads(cached)  # a JSON round trip copies faster than deepcopy
        return copied

    @model_validator(mode="before")
    @classmethod
    def _salvage(cls, data: Any) -> Any:  # noqa: ANN401 - whatever the model wrote
        """Cut lists to their limits; on the last attempt, also remove or cut what is invalid.

        On the last attempt invalid items go, and an over-long headline or summary is cut back to
        its last whole sentence that fits. A small model's one unreadable number, runaway quote
        or rambling summary would otherwise cost the article every valid item it has; the
        re-asks have already had their chance to fix it. Items past a list's limit are the least
        important (lists come most important first), and a re-ask for them would cost a whole
        attempt. Removed items and cut texts are counted in the scope (and reach the provenance
        as `malformed_items`).
        """
        scope = current_scope()
        if scope is None or not isinstance(data, dict):
            return data
        salvaged, removed = dict(data), 0
        for name, model in _ITEM_LISTS:
            items = data.get(name)
            if not isinstance(items, list):
                continue
            limit = scope.limits.of(name)
            valid = items if scope.enforce else [item for item in items if _valid(model, item)]
            removed += len(items) - min(len(valid), limit)
            salvaged[name] = valid[:limit]  # most important first: the tail goes
        for name in ("headline", "summary") if not scope.enforce else ():
            text, limit = data.get(name), _max_length(cls, name)
            kept = cut_to_sentences(without_loop(text), limit) if isinstance(text, str) else text
            if kept != text:
                salvaged[name] = kept
                removed += 1
        scope.malformed = removed  # set, not added: each attempt is judged on its own
        return salvaged

    @model_validator(mode="after")
    def _grounded(self) -> Self:
        scope = current_scope()
        if scope is None or not scope.enforce:
            return self
        problems = ground_draft(self, scope).problems()
        if problems:
            raise ValueError(format_problems(problems))
        return self


_ITEM_LISTS: tuple[tuple[str, type[StrictModel]], ...] = (
    ("events", EventDraft),
    ("figures", FigureDraft),
    ("attributions", AttributionDraft),
)


# A sentence ends at . ! or ? (and any closing quotes or brackets) before a space or the end.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")
# Whole words: everything up to the last space (the space itself may sit just past the limit).
_WHOLE_WORDS = re.compile(r"(.*\S)\s", re.DOTALL)


def cut_to_sentences(text: str, limit: int) -> str:
    """The longest run of `text`'s whole sentences within `limit` characters.

    Without a sentence end in reach, the longest run of whole words; a word is cut only when a
    single one is longer than the limit.
    """
    if len(text) <= limit:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, limit + 1) if m.end() <= limit]
    if ends:
        return text[: ends[-1]]
    words = _WHOLE_WORDS.match(text, 0, limit + 1)
    return words.group(1) if words else text[:limit]


@functools.cache
def _max_length(model: type[BaseModel], name: str) -> int:
    return next(m.max_length for m in model.model_fields[name].metadata if isinstance(m, MaxLen))


def _valid(model: type[StrictModel], item: Any) -> bool:  # noqa: ANN401 - raw JSON
    try:
        model.model_validate(item, strict=False)
    except ValidationError:
        return False
    return True


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


def _ground_event(number: int, draft: EventDraft, scope: GroundingScope) -> Event:
    evidence, found = evidence_for(draft.evidence, scope)
    problems = evidence_problem("event", number, found, draft.evidence)
    fields = draft.model_dump(exclude={"evidence"})
    return Event(**fields, evidence=evidence, grounding=status_of(problems, found))


def _ground_figure(number: int, draft: FigureDraft, scope: GroundingScope) -> Figure:
    evidence, found = evidence_for(draft.evidence, scope)
    problems = evidence_problem("figure", number, found, draft.evidence)
    parsed = parse_number(draft.number)
    # The draft validator rejects unreadable numbers, so None only reaches here via model_construct.
    value = parsed.value if parsed else float("nan")
    value_max = parsed.value_max if parsed else None
    if parsed is None or not value_occurs_in(value, span_text(evidence, scope.text)):
        problems.append(
            f"figure {number}: the number {draft.number!r} does not occur in its evidence "
            f"{clip(draft.evidence)}"
        )
    fields = draft.model_dump(exclude={"evidence"})
    return Figure(
        **fields,
        value=value,
        value_max=value_max,
        evidence=evidence,
        grounding=status_of(problems, found),
    )


def _ground_attribution(number: int, draft: AttributionDraft, scope: GroundingScope) -> Attribution:
    evidence, found = evidence_for(draft.evidence, scope)
    problems = evidence_problem("attribution", number, found, draft.evidence)
    alignments = [found]
    if not speaker_is_named(draft.speaker, scope.text, threshold=scope.threshold):
        problems.append(
            f"attribution {number}: the speaker {draft.speaker!r} is not named in the article"
        )
    quote_span: Evidence | None = None
    if draft.quote_type == "direct" and draft.quote:
        quote_span, quote_found = evidence_for(draft.quote, scope)
        alignments.append(quote_found)
        if quote_found.method == "none":
            problems.append(
                f"attribution {number}: the direct quote is not in the article: {clip(draft.quote)}"
            )
    fields = draft.model_dump(exclude={"evidence"})
    return Attribution(
        **fields,
        evidence=evidence,
        quote_span=quote_span,
        grounding=status_of(problems, *alignments),
    )
