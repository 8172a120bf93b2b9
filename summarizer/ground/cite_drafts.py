"""What the model writes under the cite strategy: choices by id and short labels, no evidence.

The model sees the article as numbered sentences with its numbers and quotes tagged in place, and
a list of the names it contains (`summarizer.find.candidates`). It answers with ids: an event cites
the sentences it rests on, a figure picks a number, an attribution picks its speaker, its
sentences and, for a direct quote, the quote. The library then builds every item's evidence from
the ids (`summarizer.ground.citations`), so the evidence is exact by construction and the model
spends its tokens on what only it can do: choosing, and saying what a number measures or a
speaker claims.

The generic schema types ids as patterned strings; the schema sent with a request enumerates the
ids of that article (`cite_schema`), so a constrained decoder cannot cite what does not exist, and
the validators below re-ask any endpoint that does.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Annotated, Any, Self

from pydantic import Field, model_validator

from summarizer.find.candidates import Candidates
from summarizer.find.loops import without_loop
from summarizer.find.quantities import find_quantities, value_occurs_in
from summarizer.find.sentences import Sentence
from summarizer.ground.grounding import current_scope, ground_summary, speaker_is_named
from summarizer.ground.quote_drafts import cached_schema
from summarizer.schema.briefing import Epistemic, ItemLimits, StrictModel

SentenceId = Annotated[str, Field(pattern=r"^S[0-9]+$")]
NumberId = Annotated[str, Field(pattern=r"^N[0-9]+$")]
QuoteId = Annotated[str, Field(pattern=r"^Q[0-9]+$")]
NameId = Annotated[str, Field(pattern=r"^P[0-9]+$")]
Short = Annotated[str | None, Field(default=None, max_length=120)]

MAX_CITED_SENTENCES = 2
"""An item rests on one sentence, two when a quote or a clause runs on: more is a summary."""


class CitedEvent(StrictModel):
    """A key event: the sentences that report it, and what happened in a few words."""

    sentences: Annotated[list[SentenceId], Field(min_length=1, max_length=MAX_CITED_SENTENCES)]
    """Ids of the sentences reporting the event (usually one)."""
    actor: Short
    """Who did it, as named in the article (null if the article does not say)."""
    action: Annotated[str, Field(min_length=1, max_length=160)]
    """What happened, as a short verb phrase ("advanced toward Gaza City")."""
    object: Short
    """What or whom the action was done to, if any."""
    location: Short
    """Where it happened, as written in the article."""
    time_text: Short
    """When it happened, exactly as written ("on Thursday", "October 7")."""
    epistemic: Epistemic = "asserted"
    """"asserted" when the outlet states it as fact; "claimed" when it is a source's claim."""
    source: Short
    """For a claimed event: who claims it, as named in the article."""


class CitedFigure(StrictModel):
    """One tagged number of the article, labelled: what it measures, or null if it is no figure."""

    number: NumberId
    """Id of the number (N...), as tagged in the article."""
    measure: Annotated[str | None, Field(default=None, max_length=160)]
    """What the number counts or measures ("Palestinians killed in Gaza since the war began");
    null when the number is not a figure worth reporting (part of a name, a date, an age)."""
    unit: Short
    """The unit: "percent", a currency code such as "USD", or the counted noun ("people")."""
    as_of: Short
    """The time the number refers to, when stated ("as of Thursday")."""
    reported_by: NameId | None = None
    """Id of the name (P...) the article gives the number to; null when the outlet states it."""


class CitedQuote(StrictModel):
    """One quoted passage of the article, labelled with who says it (null when no one does)."""

    quote: QuoteId
    """Id of the quoted passage (Q...)."""
    speaker: NameId | None = None
    """Id of the speaker's name (P...); resolve "he" or "the spokesman" to the name it refers to.
    Null when the passage is not someone's words (a title, a term, a name)."""
    speaker_name: Short
    """Only when the speaker is not in the list of names: the name as the article writes it."""
    role: Short
    """The speaker's role or affiliation as given in the article ("ministry spokesperson")."""
    cue: Short
    """The reporting verb that attributes it ("said", "told", "according to")."""


class CitedAttribution(StrictModel):
    """Reported speech without quotation marks: who said or claimed what, and where."""

    sentences: Annotated[list[SentenceId], Field(min_length=1, max_length=MAX_CITED_SENTENCES)]
    """Ids of the sentences that attribute the claim, reporting verb included."""
    speaker: NameId | None = None
    """Id of the speaker's name (P...); resolve "he" or "the spokesman" to the name it refers to."""
    speaker_name: Short
    """Only when the speaker is not in the list of names: the name as the article writes it."""
    role: Short
    """The speaker's role or affiliation as given in the article ("ministry spokesperson")."""
    cue: Short
    """The reporting verb that attributes it ("said", "claimed", "denied")."""
    claim: Annotated[str, Field(min_length=1, max_length=400)]
    """What the speaker said or claimed, in brief."""


LIBRARY_FILLS = ("unit", "as_of")
"""Figure fields a constrained decoder is not asked for: the library's guesses stand in."""

MIN_EVENTS = 3
"""Fewest events asked of a constrained decoder for an article of `MIN_EVENTS_FROM` sentences."""
MIN_EVENTS_FROM = 8
"""An article this long reports several happenings; a small model left free stops at one or two."""

MAX_LABELLED = 60
"""Most numbers or quotes one draft labels (a part of a long article is split before this)."""
LIST_KINDS = ("events", "figures", "quotes", "attributions")


class CitedBriefingDraft(StrictModel):
    """A structured briefing of one news article, citing the article by id."""

    headline: Annotated[str, Field(min_length=1, max_length=240)]
    """One neutral sentence saying what the article is about."""
    summary: Annotated[str, Field(min_length=1, max_length=1500)]
    """Two to four sentences summarising the article."""
    events: Annotated[list[CitedEvent], Field(max_length=ItemLimits.events)]
    """The key events, most important first."""
    figures: Annotated[list[CitedFigure], Field(max_length=MAX_LABELLED)]
    """The tagged numbers in the article's order, each labelled (measure null: not a figure)."""
    quotes: Annotated[list[CitedQuote], Field(default_factory=list, max_length=MAX_LABELLED)]
    """The quoted passages in the article's order, each with its speaker (null: nobody's words)."""
    attributions: Annotated[list[CitedAttribution], Field(max_length=ItemLimits.attributions)]
    """Reported speech without quotation marks, most important first."""

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:  # noqa: ANN401
        """The JSON Schema, generated once per argument set, returned as a fresh copy."""
        cached = cached_schema(cls, args, tuple(sorted(kwargs.items())))
        copied: dict[str, Any] = json.loads(cached)
        return copied

    @model_validator(mode="before")
    @classmethod
    def _salvage(cls, data: Any) -> Any:  # noqa: ANN401 - whatever the model wrote
        """Keep what is labelled, cut lists to their limits; on the last attempt, drop bad ids.

        A number whose measure is null, or a quote with no speaker, is the model saying "not
        this one": it is left out here and not counted as malformed. Figures are cut to the
        figure limit; quoted and reported speech together to the attribution limit.
        """
        scope = current_scope()
        if scope is None or not isinstance(data, dict):
            return data
        salvaged, removed = dict(data), 0
        room = {
            "events": scope.limits.events,
            "figures": scope.limits.figures,
            "quotes": scope.limits.attributions,
            "attributions": scope.limits.attributions,
        }
        for name in LIST_KINDS:
            items = data.get(name)
            if not isinstance(items, list):
                continue
            chosen = [i for i in items if not _declined(name, i)]
            valid = chosen
            if not scope.enforce and scope.candidates is not None:
                valid = [i for i in chosen if not id_problems(name, i, scope.candidates)]
            quoted = salvaged.get("quotes") if name == "attributions" else None
            limit = max(room[name] - len(quoted if isinstance(quoted, list) else []), 0)
            removed += len(chosen) - len(valid)
            salvaged[name] = valid[:limit]
        for name in ("headline", "summary") if not scope.enforce else ():
            text = data.get(name)
            kept = without_loop(text) if isinstance(text, str) else text
            if kept != text:
                salvaged[name] = kept  # the last attempt: keep what came before the loop
                removed += 1
        scope.malformed = removed
        return salvaged

    @model_validator(mode="after")
    def _ids_exist(self) -> Self:
        scope = current_scope()
        if scope is None or not scope.enforce or scope.candidates is None:
            return self
        problems = [
            f"{name[:-1]} {n}: {problem}"
            for name in LIST_KINDS
            for n, item in enumerate(getattr(self, name), 1)
            for problem in item_problems(name, item.model_dump(), scope.candidates)
        ]
        problems.extend(ground_summary(self.headline, self.summary, scope.candidates.text).problems)
        if problems:
            lines = "\n".join(f"- {p}" for p in problems)
            msg = (
                "the briefing is not grounded in the article. Cite only the listed ids, name "
                f"speakers as the article does, and use only the article's numbers:\n{lines}"
            )
            raise ValueError(msg)
        return self


def _declined(kind: str, item: Any) -> bool:  # noqa: ANN401 - raw JSON
    """Whether a labelled candidate was declined: a number with no measure, a quote no one says."""
    if not isinstance(item, dict):
        return False
    if kind == "figures":
        return not item.get("measure")
    if kind == "quotes":
        return item.get("speaker") is None and not item.get("speaker_name")
    return False


def id_problems(kind: str, item: Any, candidates: Candidates) -> list[str]:  # noqa: ANN401 - JSON
    """Why an item's ids are not this article's (empty when they all are)."""
    if not isinstance(item, dict):
        return ["not an object"]
    problems: list[str] = []
    cited = item.get("sentences") or []
    for key in cited if isinstance(cited, list) else []:
        if not isinstance(key, str) or candidates.sentence(key) is None:
            problems.append(f"sentence {key!r} is not one of S1-S{len(candidates.sentences)}")
    if kind == "figures" and candidates.number(str(item.get("number"))) is None:
        problems.append(f"number {item.get('number')!r} is not one of the tagged N ids")
    if kind == "quotes" and candidates.quote(str(item.get("quote"))) is None:
        problems.append(f"quote {item.get('quote')!r} is not one of the tagged Q ids")
    for field in ("reported_by", "speaker"):
        key = item.get(field)
        if key is not None and candidates.name(str(key)) is None:
            problems.append(f"{field} {key!r} is not one of the listed P ids")
    if kind == "attributions" and item.get("speaker") is None and not item.get("speaker_name"):
        problems.append(
            "no speaker: give the speaker's P id, or speaker_name when it is not listed"
        )
    return problems


def text_problems(kind: str, item: dict[str, Any], text: str) -> list[str]:
    """What an item wrote freely that the article does not support (a speaker, a claim's number)."""
    if kind not in {"quotes", "attributions"}:
        return []
    problems = []
    name = item.get("speaker_name")
    if item.get("speaker") is None and name and not speaker_is_named(name, text, threshold=90.0):
        problems.append(f"the speaker {name!r} is not named in the article")
    problems.extend(
        f"the claim states {q.text!r}, a number that is not in the article"
        for q in find_quantities(item.get("claim") or "")
        if not value_occurs_in(q.value, text)
    )
    return problems


def item_problems(kind: str, item: Any, candidates: Candidates) -> list[str]:  # noqa: ANN401
    """Every reason to re-ask for an item: unknown ids, then unsupported free text."""
    found = id_problems(kind, item, candidates)
    return found or text_problems(kind, item, candidates.text)


def _ids(keys: list[str]) -> dict[str, Any]:
    return {"type": "string", "enum": keys} if keys else {"type": "null"}


def _nullable_ids(keys: list[str]) -> dict[str, Any]:
    return (
        {"anyOf": [{"type": "string", "enum": keys}, {"type": "null"}]}
        if keys
        else {"type": "null"}
    )


def cite_schema(candidates: Candidates, limits: ItemLimits | None = None) -> dict[str, Any]:
    """The draft schema for one article: its ids enumerated, `limits` as maxItems.

    Strict structured outputs accept enums, so endpoints get the same constraint the embedded
    model's grammar does. A list with nothing to cite (no numbers, no sentences) gets maxItems 0.
    """
    schema = CitedBriefingDraft.model_json_schema()
    defs = schema["$defs"]
    sentences = [s.id for s in candidates.sentences]
    names = [n.id for n in candidates.names]
    for item in ("CitedEvent", "CitedAttribution"):
        defs[item]["properties"]["sentences"]["items"] = _ids(sentences)
    defs["CitedFigure"]["properties"]["number"] = _ids([n.id for n in candidates.numbers])
    defs["CitedFigure"]["properties"]["reported_by"] = _nullable_ids(names)
    defs["CitedQuote"]["properties"]["quote"] = _ids([q.id for q in candidates.quotes])
    for item in ("CitedQuote", "CitedAttribution"):
        defs[item]["properties"]["speaker"] = _nullable_ids(names)
    chosen = limits or ItemLimits()
    most = {
        "events": chosen.events if sentences else 0,
        # A zero limit asks for none: the library's rules label them
        # (`summarizer.ground.rule_labels`).
        "figures": min(len(candidates.numbers), MAX_LABELLED) if chosen.figures else 0,
        "quotes": min(len(candidates.quotes), MAX_LABELLED) if chosen.attributions else 0,
        "attributions": chosen.attributions if sentences else 0,
    }
    for kind, limit in most.items():
        schema["properties"][kind]["maxItems"] = limit
    return schema


_SENTENCE_END = re.compile(r"[.!?…:;\"'”’)\]]$")


def heading_lines(candidates: Candidates) -> tuple[Sentence, ...]:
    """The lines the text opens with that are not sentences: a title, a dateline, a byline.

    A heading restates what the body reports, with no detail to cite: an event resting on it
    repeats one from the body. A line ending without punctuation, alone on its line, before the
    first sentence of the body, is a heading.
    """
    text = candidates.text
    count = 0
    for sentence in candidates.sentences:
        alone = (sentence.start == 0 or text[sentence.start - 1] == "\n") and (
            sentence.end == len(text) or text[sentence.end] == "\n"
        )
        if not alone or _SENTENCE_END.search(sentence.text):
            break
        count += 1
    return candidates.sentences[:count]


def _one_per_candidate(schema: dict[str, Any], kind: str, key: str, ids: list[str]) -> None:
    """Make `schema`'s list `kind` exactly one item per id, in order, each naming its id."""
    prop = schema["properties"][kind]
    item = prop.pop("items")
    target = schema["$defs"][item["$ref"].rsplit("/", 1)[-1]]
    prop["prefixItems"] = [
        {**target, "properties": {**target["properties"], key: {"const": key_id}}} for key_id in ids
    ]
    prop["minItems"] = prop["maxItems"] = len(ids)


# Free text on one line: a loop or a raw control character cannot get past the grammar, and the
# bound stops a runaway string at its limit instead of at the output budget.
_LINE = r'([^"\\\x00-\x1f]|\\")'
_BOUNDS = {
    "headline": 200,
    "action": 100,
    "measure": 100,
    "claim": 240,
    "time_text": 40,
    "as_of": 40,
    "unit": 30,
    "cue": 30,
}
_SHORT_BOUND = 60


def _bounded(node: dict[str, Any], limit: int) -> dict[str, Any]:
    pattern = f"^{_LINE}{{1,{limit}}}$"
    if "anyOf" in node:
        return {"anyOf": [{"type": "string", "pattern": pattern}, {"type": "null"}]}
    return {"type": "string", "pattern": pattern}


def cite_decoder_schema(
    candidates: Candidates, limits: ItemLimits | None = None, *, summary_pattern: str
) -> dict[str, Any]:
    """`cite_schema` for grammar-constrained decoders: every free string bounded, on one line.

    llama.cpp compiles length limits badly (see `summarizer.engine.decoder_schema`),
    so the bounds ride in patterns, whose repetition counts its grammar compiler handles natively.
    """
    schema = copy.deepcopy(cite_schema(candidates, limits))
    schema["properties"]["headline"] = _bounded(
        schema["properties"]["headline"], _BOUNDS["headline"]
    )
    schema["properties"]["summary"] = {"type": "string", "pattern": summary_pattern}
    schema["required"] = list(schema["properties"])  # quotes too, in the declared order
    for item in schema["$defs"].values():
        for key, node in item["properties"].items():
            if _is_text(node):
                item["properties"][key] = _bounded(node, _BOUNDS.get(key, _SHORT_BOUND))
        # llama.cpp's grammar puts required properties first and lets optional ones be skipped:
        # all required keeps the declared order, the one the prompt's example shows (null allowed).
        item["required"] = list(item["properties"])
    # On a CPU every output token costs a tenth of a second: the unit and the time of a figure
    # are found by the library (the parser's unit or the counted noun; the date expression near
    # the number), and the embedded model writes only what it must.
    figure = schema["$defs"]["CitedFigure"]
    for key in LIBRARY_FILLS:
        del figure["properties"][key]
    figure["required"] = list(figure["properties"])
    # Quoted words are someone's: the model picks whose (declining with null, it declined all).
    quote = schema["$defs"]["CitedQuote"]
    names = [n.id for n in candidates.names]
    if names:
        quote["properties"]["speaker"] = {"type": "string", "enum": names}
        del quote["properties"]["speaker_name"]
        quote["required"] = list(quote["properties"])
    # A small model skips what it is not walked through: every number and every quote gets its
    # own entry, in the article's order, and the model labels it (or declines it with null).
    chosen = limits or ItemLimits()
    numbers = [n.id for n in candidates.numbers][:MAX_LABELLED] if chosen.figures else []
    quotes = [q.id for q in candidates.quotes][:MAX_LABELLED] if chosen.attributions else []
    _one_per_candidate(schema, "figures", "number", numbers)
    _one_per_candidate(schema, "quotes", "quote", quotes)
    # Greedy decoding closes the events list after one or two on most articles (the fixtures'
    # gold has five to twelve): the grammar holds it open to a floor the article can carry.
    events = schema["properties"]["events"]
    body = [s.id for s in candidates.sentences[len(heading_lines(candidates)) :]]
    if body:
        schema["$defs"]["CitedEvent"]["properties"]["sentences"]["items"] = _ids(body)
    if len(candidates.sentences) >= MIN_EVENTS_FROM:
        events["minItems"] = min(MIN_EVENTS, events["maxItems"])
    return schema


def _is_text(node: dict[str, Any]) -> bool:
    if node.get("type") == "string" and "enum" not in node and "pattern" not in node:
        return True
    options = node.get("anyOf") or []
    return any(
        o.get("type") == "string" and "enum" not in o and "pattern" not in o for o in options
    )
