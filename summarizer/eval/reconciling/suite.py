"""The reconcile suite of `summarizer eval`: `reconcile` run on the fixture articles, scored.

Twice, as the scores mean different things: on the **gold** briefings (the linker alone: every
figure is right, so every miss is the linker's) and on a run's **predictions** (end to end: the
model's figures, measures and sources, then the linker).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from summarizer.eval.predict import load_predictions
from summarizer.eval.reconciling.gold import gold_briefing, load_gold_stories
from summarizer.eval.reconciling.score import ReconcileScores, align_figures, score_report
from summarizer.eval.scoring.fixtures import Fixture, load_fixtures
from summarizer.reconciliation.reconciler import reconcile
from summarizer.reconciliation.report import Report

Judge = Callable[[Report, Report], bool | None]
GOLD = "gold"


def run_suite(
    fixtures_dir: Path,
    stories_dir: Path,
    predictions: Path | None = None,
    *,
    judge: Judge | None = None,
) -> ReconcileScores:
    """Reconcile the fixture articles' briefings (gold, or a run's) and score the result."""
    fixtures = load_fixtures(fixtures_dir)
    stories = load_gold_stories(stories_dir)
    articles = [f.article.as_article() for f in fixtures]
    ids = [f.id for f in fixtures]
    if predictions is None:
        report = reconcile([gold_briefing(f) for f in fixtures], articles=articles, judge=judge)
        return score_report(report, stories, ids, run=GOLD)
    _, results = load_predictions(predictions)
    usable = [results[i] for i in ids if i in results and results[i].briefing is not None]
    report = reconcile(usable, articles=articles, judge=judge)
    return score_report(
        report, stories, ids, run=str(predictions), alignment=_alignment(fixtures, results)
    )


def _alignment(fixtures: list[Fixture], results: Mapping[str, object]) -> dict[str, dict[int, int]]:
    aligned = {}
    for fixture in fixtures:
        result = results.get(fixture.id)
        briefing = getattr(result, "briefing", None)
        if briefing is not None:
            aligned[fixture.id] = align_figures(fixture.gold.figures, briefing.figures)
    return aligned
