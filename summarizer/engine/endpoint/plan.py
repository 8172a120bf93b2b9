"""What one extraction is asked to do (`CallPlan`) and what it spent (`Meter`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from summarizer.engine.endpoint.retry import RetryPolicy
from summarizer.engine.throttle import AdaptiveLimit, Throttle
from summarizer.ground.cite_drafts import CitedBriefingDraft
from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.schema.briefing import EndpointKind, ItemLimits, OutputMode, Strategy, Usage

Draft = BriefingDraft | CitedBriefingDraft
"""What one model call produces: a quoted draft or a cited one."""


@dataclass(frozen=True)
class CallPlan:
    """How to ask for one draft."""

    model: str
    mode: OutputMode
    endpoint: EndpointKind
    max_output_tokens: int
    temperature: float
    max_reasks: int
    retry: RetryPolicy
    article_id: str
    secrets: tuple[str, ...] = ()
    throttle: Throttle | None = None
    on_rate_limited: Callable[[], None] | None = None
    # A batch's concurrency limit, held for each HTTP request only: parsing, validation and
    # grounding run outside it, so the next request goes out while this reply is checked.
    gate: AdaptiveLimit | None = None
    limits: ItemLimits = field(default_factory=ItemLimits)
    strategy: Strategy = "quote"

    @property
    def draft_model(self) -> type[Draft]:
        """The draft the model writes under this plan's strategy."""
        return CitedBriefingDraft if self.strategy == "cite" else BriefingDraft


@dataclass
class Meter:
    """Counts everything one extraction spends, across every attempt."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    requests: int = 0
    calls: int = 0
    last_raw: str | None = None
    last_status: int | None = None
    truncated_at: list[int] = field(default_factory=list)

    def usage(self) -> Usage:
        """What was spent so far."""
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            attempts=self.attempts,
            requests=self.requests,
        )
