"""One result per article, a Briefing or a failure record: one line of a run's JSONL output."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.errors import ExtractionError, ProviderError, SummarizerError
from summarizer.schema.briefing import Briefing, Usage
from summarizer.schema.pricing import Price


class Failure(BaseModel):
    """Why an article has no briefing."""

    model_config = ConfigDict(extra="forbid")

    kind: str
    """The error class, e.g. "ProviderError", "EmptyArticleError", "ExtractionError"."""
    message: str
    """What went wrong, naming the article."""
    attempts: int = 0
    """Model calls (extraction) or HTTP requests (provider) made before giving up."""
    usage: Usage = Usage()
    """Tokens spent on the article before it failed."""
    cost_usd: float | None = None
    """Estimated dollars those tokens cost, when the model's price is known."""

    @classmethod
    def from_error(cls, error: SummarizerError, *, price: Price | None = None) -> Failure:
        """The failure record of a library error (messages never contain the API key)."""
        attempts = 0
        usage = None
        if isinstance(error, (ExtractionError, ProviderError)):
            attempts, usage = error.attempts, error.usage
        spent = usage or Usage()
        return cls(
            kind=type(error).__name__,
            message=str(error),
            attempts=attempts,
            usage=spent,
            cost_usd=price.cost(spent) if price else None,
        )


class Result(BaseModel):
    """The outcome for one article of a batch; one JSONL line of `summarizer run` output."""

    model_config = ConfigDict(extra="forbid")

    id: str
    """The article id (unique within a run)."""
    status: Literal["ok", "error"]
    """"ok" with a briefing, or "error" with a failure."""
    source: str | None = None
    """Where the article came from (a path, or path:line for JSONL inputs)."""
    briefing: Briefing | None = None
    """The briefing, when status is ok."""
    error: Failure | None = None
    """The failure, when status is error."""
    text: str | None = None
    """The article text the offsets refer to, stored when it was extracted (HTML inputs)."""
    cached: bool = False
    """True when the briefing came from the cache without calling the endpoint."""
    elapsed_s: float = 0.0
    """Wall-clock seconds spent on this article in this run."""

    @property
    def usage(self) -> Usage:
        """Tokens this article cost (zero for cache hits, since nothing was spent this run)."""
        if self.cached:
            return Usage()
        if self.briefing is not None:
            return self.briefing.provenance.usage
        return self.error.usage if self.error else Usage()

    @property
    def cost_usd(self) -> float:
        """Estimated dollars this article cost in this run (0 when unknown or cached)."""
        if self.cached:
            return 0.0
        if self.briefing is not None:
            return self.briefing.provenance.cost_usd or 0.0
        return (self.error.cost_usd or 0.0) if self.error else 0.0
