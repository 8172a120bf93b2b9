"""The Briefing: what one article becomes.

Field docstrings are the field descriptions in the exported JSON Schema, and the model reads the
same words in its draft schema (see `summarizer.ground.quote_drafts`), so one text documents the
code and instructs the model. Offsets, grounding, hashes, usage and cost are computed locally and
never asked of the model.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3.0"
"""Bumped whenever the Briefing or draft schema changes shape; stamped on every briefing."""

GroundingStatus = Literal["verified", "repaired", "unverified"]
MatchMethod = Literal["exact", "normalized", "fuzzy", "none"]
Epistemic = Literal["asserted", "claimed"]
Qualifier = Literal["exact", "at_least", "more_than", "about", "up_to", "less_than", "range"]
QuoteType = Literal["direct", "indirect"]
GroundingPolicy = Literal["strict", "lenient"]
EndpointKind = Literal[
    "openai", "azure", "vllm", "ollama", "llamacpp", "openai-compatible", "local", "none"
]
"""Where the model ran; "none" marks briefings made without a model (the eval baseline)."""
OutputMode = Literal["tools", "json_schema", "json"]
Strategy = Literal["cite", "quote"]
CiteLabels = Literal["model", "rules"]
"""Under the cite strategy, who labels figures and quotes: the model, or the library's rules."""
"""How the model gives evidence: "cite" picks ids of sentences, numbers, quotes and names the
library found, and the library quotes them; "quote" copies the article's words, which the library
then aligns."""


@dataclass(frozen=True)
class ItemLimits:
    """How many items of each kind a briefing may list, most important first.

    The defaults are the schema's own limits. A smaller model is asked for fewer (see
    `summarizer.options.LOCAL_ITEM_LIMITS`): every output token costs it about a tenth of a second
    on a CPU.
    """

    events: int = 12
    figures: int = 15
    attributions: int = 12

    def __post_init__(self) -> None:
        """Refuse a limit below zero or above the schema's own (the field's default)."""
        for kind, limit in self.items():
            most = ItemLimits.__dataclass_fields__[kind].default
            if not 0 <= limit <= most:  # type: ignore[operator] # the defaults are ints
                msg = f"{kind} limit must be 0 to {most} (the schema's limit), not {limit}"
                raise ValueError(msg)

    def of(self, kind: str) -> int:
        """The limit for one list: "events", "figures" or "attributions"."""
        limit: int = getattr(self, kind)
        return limit

    def items(self) -> list[tuple[str, int]]:
        """(list name, limit) for each list, in the briefing's order."""
        return [(f.name, self.of(f.name)) for f in fields(self)]


Text = Annotated[str, Field(min_length=1, max_length=600)]
OptionalText = Annotated[str | None, Field(default=None, max_length=300)]


class StrictModel(BaseModel):
    """The base of every schema model: unknown fields rejected, strings stripped."""

    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, str_strip_whitespace=True
    )


class EventFields(StrictModel):
    """What happened, as the article tells it."""

    actor: OptionalText
    """Who did it, as named in the article (null if the article does not say)."""
    action: Text
    """What happened, as a short verb phrase ("advanced toward Gaza City")."""
    object: OptionalText
    """What or whom the action was done to, if any."""
    location: OptionalText
    """Where it happened, as written in the article."""
    time_text: OptionalText
    """When it happened, exactly as written ("on Thursday", "October 7")."""
    date: dt.date | None = None
    """The ISO date (YYYY-MM-DD) of the event, only when the article's date makes it certain."""
    epistemic: Epistemic = "asserted"
    """"asserted" when the outlet states it as fact; "claimed" when it is a source's claim."""
    source: OptionalText
    """For a claimed event: who claims it, as named in the article."""


class FigureFields(StrictModel):
    """A number the article reports, with what it measures and who reports it."""

    number: Annotated[str, Field(min_length=1, max_length=80)]
    """The number exactly as written in the article, with its qualifier ("more than 9,000",
    "1.4 million", "3 percent", "$5.9 billion")."""
    qualifier: Qualifier = "exact"
    """How the number is hedged: exact, at_least, more_than, about, up_to, less_than, or range."""
    unit: OptionalText
    """The unit, if any: "percent", a currency code such as "USD", or a noun such as "people"."""
    measure: Text
    """What the number counts or measures ("Palestinians killed in Gaza since the war began")."""
    as_of: OptionalText
    """The time the number refers to, when stated ("as of Thursday")."""
    reported_by: OptionalText
    """Who reports the number, as named in the article (the outlet itself if no one else)."""


class AttributionFields(StrictModel):
    """Something a named source said or claimed."""

    speaker: Annotated[str, Field(min_length=1, max_length=120)]
    """The speaker exactly as named in the article (a person or organisation, never a pronoun)."""
    role: OptionalText
    """The speaker's role or affiliation as given in the article ("ministry spokesperson")."""
    claim: Text
    """What the speaker said or claimed, in brief."""
    quote_type: QuoteType = "indirect"
    """"direct" when the article quotes the words in quotation marks, otherwise "indirect"."""
    quote: Annotated[str | None, Field(default=None, max_length=600)]
    """For a direct quote: the quoted words verbatim, without the quotation marks."""
    cue: OptionalText
    """The reporting verb that attributes it ("said", "claimed", "denied")."""


class Evidence(StrictModel):
    """The article's own words an item rests on, and where they are."""

    text: str
    """The words as the model quoted them."""
    start: int | None = None
    """Character offset where the words start in the article text (None when not found)."""
    end: int | None = None
    """Character offset just past the words' end in the article text (None when not found)."""
    match: MatchMethod = "none"
    """How the words were found: exact, after normalisation, fuzzily, or not at all."""
    edit_distance: int = 0
    """Levenshtein distance between the quoted words and the article span."""


class Grounding(StrictModel):
    """Whether an item is backed by the article, computed locally."""

    status: GroundingStatus
    """verified: every check passed on exact text; repaired: passed after normalisation or fuzzy
    alignment; unverified: at least one check failed."""
    problems: list[str] = Field(default_factory=list)
    """Why the item is not verified, one sentence per failed check."""


class Event(EventFields):
    """An event with its evidence and grounding."""

    evidence: Evidence
    """The sentence or clause of the article that reports the event."""
    grounding: Grounding
    """Local grounding verdict."""


class Figure(FigureFields):
    """A figure with its normalised value, evidence and grounding."""

    value: float
    """The number normalised ("9,061" -> 9061, "1.4 million" -> 1400000, "3 percent" -> 3)."""
    value_max: float | None = None
    """Upper bound when the figure is a range."""
    evidence: Evidence
    """The words of the article that state the number."""
    grounding: Grounding
    """Local grounding verdict."""


class Attribution(AttributionFields):
    """An attribution with its evidence and grounding."""

    evidence: Evidence
    """The words of the article that attribute the claim, cue verb included."""
    quote_span: Evidence | None = None
    """Where the direct quote is in the article (direct quotes only)."""
    grounding: Grounding
    """Local grounding verdict."""


class Usage(StrictModel):
    """Tokens spent on one article, summed over every attempt."""

    prompt_tokens: int = 0
    """Input tokens over every model call."""
    completion_tokens: int = 0
    """Output tokens over every model call."""
    attempts: int = 0
    """Model calls that returned a completion (first tries, re-asks and truncation retries)."""
    requests: int = 0
    """HTTP requests made, including transport retries that returned no completion."""

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        """Sum two usages (parts of one article, or articles of one run)."""
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            attempts=self.attempts + other.attempts,
            requests=self.requests + other.requests,
        )


class Provenance(StrictModel):
    """Where a briefing came from: enough to reproduce it or to tell two runs apart."""

    article_id: str
    """The article's id (given, or derived from the text hash)."""
    text_sha256: str
    """sha256 of the exact article text the offsets refer to."""
    prompt_version: str
    """Version of the prompt templates used."""
    schema_version: str
    """Version of this schema."""
    library_version: str
    """Version of summarizer that made the briefing."""
    model: str
    """Model name as sent to the endpoint."""
    endpoint: EndpointKind
    """Kind of endpoint that served the model."""
    mode: OutputMode
    """How structured output was requested."""
    grounding_policy: GroundingPolicy
    """What happened to items still unverified after the re-ask budget."""
    strategy: Strategy = "quote"
    """How the model gave evidence: by citing ids ("cite") or by copying words ("quote")."""
    created_at: dt.datetime
    """When the briefing was made (UTC)."""
    parts: int = 1
    """How many parts the article was split into to fit the model's input budget."""
    dropped_items: int = 0
    """Unverified items removed by the strict grounding policy."""
    malformed_items: int = 0
    """Items removed, under either policy, because they were still invalid after the re-asks
    (an unreadable number, runaway text, more items than the list allows)."""
    usage: Usage
    """Tokens spent over every attempt."""
    cost_usd: float | None = None
    """Estimated cost in US dollars, when the model's price is known."""
    cached: bool = False
    """Served from the briefing cache: made earlier (at `created_at`, spending `usage`) for an
    article with the same text, metadata and settings; `article_id` names the one asking now."""


class Briefing(StrictModel):
    """A structured, verifiable briefing of one news article."""

    headline: str
    """One neutral sentence saying what the article is about."""
    summary: str
    """Two to four sentences summarising the article."""
    summary_grounding: Grounding
    """Checks on the headline and summary: every number in them must occur in the article."""
    events: list[Event]
    """Key events."""
    figures: list[Figure]
    """Figures the article reports."""
    attributions: list[Attribution]
    """Who said or claimed what."""
    provenance: Provenance
    """Where this briefing came from."""
