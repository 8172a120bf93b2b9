"""Estimated cost from token usage and a per-model price table."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.schema.briefing import Usage


@dataclass(frozen=True, slots=True)
class Price:
    """US dollars per million tokens."""

    input_per_million: float
    output_per_million: float

    def cost(self, usage: Usage) -> float:
        """Dollar cost of `usage` at this price."""
        return (
            usage.prompt_tokens * self.input_per_million
            + usage.completion_tokens * self.output_per_million
        ) / 1_000_000


# Published list prices (standard tier, USD per 1M tokens) for models people commonly run this with.
# Pass `price=` to Summarizer for anything else, or when your contract differs.
PRICES: dict[str, Price] = {
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "gpt-3.5-turbo": Price(0.50, 1.50),
    "o3-mini": Price(1.10, 4.40),
    "o4-mini": Price(1.10, 4.40),
}


def price_for(model: str, table: dict[str, Price] | None = None) -> Price | None:
    """The price of `model`, matching dated snapshots ("gpt-4o-mini-2024-07-18") to their family."""
    prices = PRICES if table is None else table
    if model in prices:
        return prices[model]
    family = [name for name in prices if model.startswith(name + "-")]
    return prices[max(family, key=len)] if family else None
