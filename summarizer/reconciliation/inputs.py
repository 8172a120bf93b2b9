"""The briefings to reconcile, whatever form they come in, each with its article's facts.

`reconcile` takes Briefings, Result lines of `summarizer run` (objects or parsed JSON), or a mix.
An error Result is listed as skipped, never dropped silently; anything else is refused with a
message naming the position and what was found.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from summarizer.errors import ReconcileInputError
from summarizer.reconciliation.dates import publication_date, resolve_as_of
from summarizer.reconciliation.report import Report, Skipped
from summarizer.schema.article import Article
from summarizer.schema.briefing import Briefing, Event, Figure
from summarizer.schema.records import Result

BriefingLike = Briefing | Result | Mapping[str, Any]
ArticlesLike = Mapping[str, Article] | Iterable[Article]


@dataclass(frozen=True)
class Source:
    """One article's briefing, with the facts about the article that reconciling uses."""

    article_id: str
    briefing: Briefing
    published: dt.date | None
    title: str | None
    outlet: str | None

    def reports(self) -> list[Report]:
        """Every figure of the briefing as a Report, its as-of date resolved where certain."""
        return [self._report(n, figure) for n, figure in enumerate(self.briefing.figures)]

    def _report(self, index: int, figure: Figure) -> Report:
        as_of_text = figure.as_of
        as_of = resolve_as_of(as_of_text, self.published)
        if as_of is None and as_of_text is None:
            # "9,061 killed" inside the event "the ministry said on Thursday": the event's time.
            event = _enclosing_event(figure, self.briefing.events)
            if event is not None:
                as_of_text = event.time_text
                as_of = event.date or resolve_as_of(event.time_text, self.published)
        return Report(
            article_id=self.article_id,
            figure=index,
            number=figure.number,
            value=figure.value,
            value_max=figure.value_max,
            qualifier=figure.qualifier,
            unit=figure.unit,
            measure=figure.measure,
            reported_by=figure.reported_by,
            as_of=as_of,
            as_of_text=as_of_text,
            published=self.published,
            evidence=figure.evidence,
        )


def _enclosing_event(figure: Figure, events: list[Event]) -> Event | None:
    start, end = figure.evidence.start, figure.evidence.end
    if start is None or end is None:
        return None
    for event in events:
        span = event.evidence
        if (
            span.start is not None
            and span.end is not None
            and span.start <= start < end <= span.end
        ) and (event.time_text or event.date):
            return event
    return None


def _as_record(item: object, position: int) -> Briefing | Result:
    if isinstance(item, (Briefing, Result)):
        return item
    if isinstance(item, Mapping):
        model: type[Briefing] | type[Result] = Result if "status" in item else Briefing
        try:
            return model.model_validate(dict(item))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the record"
            msg = (
                f"input {position} is not a {model.__name__} of summarizer "
                f"({where}: {first['msg']})"
            )
            raise ReconcileInputError(msg, article_id=item.get("id")) from None
    kind = type(item).__name__
    msg = (
        f"input {position} is a {kind}; reconcile takes Briefings or Result lines of "
        "`summarizer run`"
    )
    raise ReconcileInputError(msg)


def _articles_by_id(articles: ArticlesLike | None) -> dict[str, Article]:
    if articles is None:
        return {}
    if isinstance(articles, Mapping):
        return dict(articles)
    return {article.resolved_id: article for article in articles}


def gather(
    items: Iterable[BriefingLike], articles: ArticlesLike | None = None
) -> tuple[list[Source], list[Skipped]]:
    """The briefings as Sources (the last one per article id) and the inputs that were skipped.

    Raises:
        ReconcileInputError: an input is neither a Briefing nor a Result.
    """
    if isinstance(items, (Briefing, Result, Mapping, str, bytes)):
        msg = "reconcile takes a list of Briefings or Result lines, not a single one"
        raise ReconcileInputError(msg)
    known = _articles_by_id(articles)
    sources: dict[str, Source] = {}
    skipped: list[Skipped] = []
    for position, item in enumerate(items, 1):
        record = _as_record(item, position)
        if isinstance(record, Result):
            if record.briefing is None:
                reason = record.error.message if record.error else "no briefing recorded"
                skipped.append(Skipped(id=record.id, reason=reason))
                continue
            article_id, briefing = record.id, record.briefing
        else:
            article_id, briefing = record.provenance.article_id, record
        article = known.get(article_id)
        sources[article_id] = Source(
            article_id=article_id,
            briefing=briefing,
            published=publication_date(article.published) if article else None,
            title=(article.title if article else None) or briefing.headline,
            outlet=article.outlet if article else None,
        )
    return list(sources.values()), skipped
