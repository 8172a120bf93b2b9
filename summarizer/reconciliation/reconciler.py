"""`reconcile`: the same figures as several articles report them, grouped and judged.

Briefings in, a ReconcileReport out: stories (articles about one story), and in each story the
quantities (linked reports of one thing measured) with a verdict and its explanation, and the near
misses (similar measures with different scopes). Deterministic: the same briefings give the same
report. A judge, when given, is asked only about borderline pairs the rules leave open.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from summarizer.errors import ReconcileInputError
from summarizer.reconciliation.inputs import ArticlesLike, BriefingLike, Source, gather
from summarizer.reconciliation.linking import Judge, Pair, assess_all, group
from summarizer.reconciliation.report import (
    NearMiss,
    Quantity,
    ReconcileReport,
    Report,
    Story,
    StoryArticle,
)
from summarizer.reconciliation.stories import group_stories, shared_names
from summarizer.reconciliation.verdicts import judge_reports, when

_SLUG = re.compile(r"[^a-z0-9]+")
_AT_LEAST = 2
"""Articles with a briefing a reconciliation needs."""


def reconcile(
    briefings: Iterable[BriefingLike],
    *,
    articles: ArticlesLike | None = None,
    judge: Judge | None = None,
) -> ReconcileReport:
    """Group briefings into stories and link the figures that measure the same thing.

    Args:
        briefings: Briefings, or Result lines of `summarizer run` (objects or parsed JSON);
            error Results are listed in `skipped`.
        articles: The articles (Article objects, or a mapping by id), for their publication
            dates and titles; without them, stories are grouped on names alone and as-of dates
            are resolved only where the text names a date.
        judge: Asked about borderline pairs only: a callable `(report, report)` returning True
            (one quantity), False (not) or None (no opinion: the rules stand).

    Raises:
        ReconcileInputError: an input is not a Briefing or Result, fewer than two articles have
            a briefing, or no briefing has a figure.
    """
    sources, skipped = gather(briefings, articles)
    if len(sources) < _AT_LEAST:
        have = f"one ({sources[0].article_id})" if sources else "none"
        errors = f"; {len(skipped)} error lines skipped" if skipped else ""
        msg = f"reconcile needs briefings of at least two articles, and has {have}{errors}"
        raise ReconcileInputError(msg)
    if not any(source.briefing.figures for source in sources):
        msg = f"none of the {len(sources)} briefings has a figure to reconcile"
        raise ReconcileInputError(msg)
    stories = [_story([sources[n] for n in members], judge) for members in group_stories(sources)]
    stories.sort(key=lambda story: (-len(story.articles), story.id))
    use = getattr(judge, "use", None)
    return ReconcileReport(stories=_unique_ids(stories), skipped=skipped, judge=use)


def _story(sources: Sequence[Source], judge: Judge | None) -> Story:
    ordered = sorted(sources, key=lambda s: (s.published is None, s.published, s.article_id))
    reports = [report for source in ordered for report in source.reports()]
    pairs = assess_all(reports, judge)
    groups = group(len(reports), pairs)
    judged = {(p.a, p.b) for p in pairs if p.judged and p.status == "link"}
    quantities = [
        _quantity(f"Q{n}", [reports[i] for i in members], _has_pair(members, judged))
        for n, members in enumerate(groups, 1)
    ]
    together = {(i, j) for members in groups for i in members for j in members}
    near = [
        NearMiss(a=reports[p.a], b=reports[p.b], why=p.why or "different scope")
        for p in pairs
        if p.status == "near_miss" and (p.a, p.b) not in together
    ]
    shared = shared_names(ordered)
    first = ordered[0]
    dated = first.published.isoformat() if first.published else None
    stem = _SLUG.sub("-", (shared[0] if shared else first.article_id).lower()).strip("-")
    return Story(
        id="-".join(part for part in (stem or "story", dated) if part),
        title=first.title or first.briefing.headline,
        articles=[
            StoryArticle(
                id=s.article_id,
                title=s.title,
                published=s.published,
                outlet=s.outlet,
                figures=len(s.briefing.figures),
            )
            for s in ordered
        ],
        shared=shared,
        quantities=quantities,
        near_misses=near,
    )


def _has_pair(members: list[int], pairs: set[tuple[int, int]]) -> bool:
    return any((i, j) in pairs for i in members for j in members)


def _quantity(quantity_id: str, reports: list[Report], judged: bool) -> Quantity:
    ordered = sorted(reports, key=lambda r: (when(r) is None, when(r), r.article_id, r.figure))
    measure = min((r.measure for r in ordered), key=len)
    verdict, explanation = judge_reports(measure, ordered)
    return Quantity(
        id=quantity_id,
        measure=measure,
        unit=ordered[0].unit,
        verdict=verdict,
        explanation=explanation,
        reports=ordered,
        linked_by="judge" if judged else "rules",
    )


def _unique_ids(stories: list[Story]) -> list[Story]:
    seen: dict[str, int] = {}
    unique = []
    for story in stories:
        seen[story.id] = seen.get(story.id, 0) + 1
        if seen[story.id] > 1:
            unique.append(story.model_copy(update={"id": f"{story.id}-{seen[story.id]}"}))
        else:
            unique.append(story)
    return unique


__all__ = ["Pair", "reconcile"]
