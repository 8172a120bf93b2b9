"""Briefing items as the HTML pages show them: one uniform card per event, figure or attribution.

The briefing page and the eval report render items alike, so each item becomes an `ItemView`:
a one-line title, the fields worth showing as (name, value) pairs, its evidence and where it is,
and its grounding. Values stay raw strings here; the templates escape them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from summarizer.pages.markup import Kind, Layer, Span, number, plain
from summarizer.schema.briefing import Attribution, Event, Evidence, Figure, GroundingStatus

_MARK: Final[dict[GroundingStatus, str]] = {"verified": "✓", "repaired": "~", "unverified": "✗"}


@dataclass(frozen=True, slots=True)
class ItemView:
    """One item, ready for a template."""

    id: str
    """Unique on its page; made from the kind and position, never from data."""
    kind: Kind
    number: int
    """1-based position in its list, as shown."""
    title: str
    fields: tuple[tuple[str, str], ...]
    evidence: Evidence
    located: bool
    """Whether the evidence has offsets inside the text shown (so it is highlighted)."""
    status: GroundingStatus
    edit_distance: int
    """Largest edit distance of the item's aligned words (a repair's size)."""
    problems: tuple[str, ...]

    @property
    def mark(self) -> str:
        """The status as one character: ✓ verified, ~ repaired, ✗ unverified."""
        return _MARK[self.status]

    @property
    def label(self) -> str:
        """The item in one line of plain text, for tooltips."""
        return plain(f"{self.kind} {self.number}: {self.title} ({self.status})")

    def span(self, layer: Layer = "briefing", *, prefix: str = "") -> Span | None:
        """Its evidence as a highlight, or None when the text does not locate it."""
        start, end = self.evidence.start, self.evidence.end
        if not self.located or start is None or end is None:
            return None
        return Span(start, end, self.id, self.kind, self.status, prefix + self.label, layer)


def _fields(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple((name, str(value)) for name, value in pairs if value not in (None, ""))


def _located(evidence: Evidence, length: int | None) -> bool:
    start, end = evidence.start, evidence.end
    return (
        length is not None and start is not None and end is not None and 0 <= start < end <= length
    )


def _event(event: Event) -> tuple[str, tuple[tuple[str, str], ...]]:
    title = " · ".join(part for part in (event.actor, event.action, event.object) if part)
    claimed = f"claimed by {event.source or 'an unnamed source'}"
    return title, _fields(
        ("where", event.location),
        ("when", event.time_text),
        ("date", event.date),
        ("epistemic", claimed if event.epistemic == "claimed" else None),
    )


def _figure(figure: Figure) -> tuple[str, tuple[tuple[str, str], ...]]:
    value = number(figure.value)
    if figure.value_max is not None:
        value += f"–{number(figure.value_max)}"
    return f"{figure.number} — {figure.measure}", _fields(
        ("value", value),
        ("qualifier", figure.qualifier),
        ("unit", figure.unit),
        ("as of", figure.as_of),
        ("reported by", figure.reported_by),
    )


def _attribution(item: Attribution) -> tuple[str, tuple[tuple[str, str], ...]]:
    quote = f"“{item.quote}”" if item.quote else None
    return f"{item.speaker}: {item.claim}", _fields(
        ("role", item.role),
        ("cue", item.cue),
        ("quote type", item.quote_type),
        ("quote", quote),
    )


def item_view(
    item: Event | Figure | Attribution, *, item_id: str, position: int, text_length: int | None
) -> ItemView:
    """The view of one item.

    Args:
        item: The event, figure or attribution.
        item_id: Its id on the page (letters, digits and dashes only: it goes into attributes).
        position: Its 1-based position in its list.
        text_length: Length of the article text shown with it; None when no text is shown or
            its offsets refer to another text, so nothing is located.
    """
    if isinstance(item, Event):
        kind: Kind = "event"
        title, fields = _event(item)
    elif isinstance(item, Figure):
        kind = "figure"
        title, fields = _figure(item)
    else:
        kind = "attribution"
        title, fields = _attribution(item)
    aligned = [item.evidence]
    if isinstance(item, Attribution) and item.quote_span is not None:
        aligned.append(item.quote_span)
    return ItemView(
        id=item_id,
        kind=kind,
        number=position,
        title=title,
        fields=fields,
        evidence=item.evidence,
        located=_located(item.evidence, text_length),
        status=item.grounding.status,
        edit_distance=max(e.edit_distance for e in aligned),
        problems=tuple(item.grounding.problems),
    )


@dataclass(frozen=True, slots=True)
class ItemLists:
    """A briefing's three lists as views."""

    events: list[ItemView]
    figures: list[ItemView]
    attributions: list[ItemView]

    @property
    def all(self) -> list[ItemView]:
        """Every item, events first."""
        return [*self.events, *self.figures, *self.attributions]

    def spans(self, layer: Layer = "briefing", *, prefix: str = "") -> list[Span]:
        """The highlights of every located item."""
        return [s for s in (v.span(layer, prefix=prefix) for v in self.all) if s is not None]


def item_lists(
    events: Sequence[Event],
    figures: Sequence[Figure],
    attributions: Sequence[Attribution],
    *,
    prefix: str,
    text_length: int | None,
) -> ItemLists:
    """Views of a briefing's items, with ids `<prefix>-event-1`, `<prefix>-figure-2`, ...."""

    def views(items: Sequence[Event | Figure | Attribution], kind: Kind) -> list[ItemView]:
        return [
            item_view(item, item_id=f"{prefix}-{kind}-{n}", position=n, text_length=text_length)
            for n, item in enumerate(items, 1)
        ]

    return ItemLists(
        views(events, "event"), views(figures, "figure"), views(attributions, "attribution")
    )
