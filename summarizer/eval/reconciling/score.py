"""Scoring `reconcile` against the gold stories: links, verdicts, near misses, stories.

- **Links**: every pair of figures inside one quantity is a link. Precision is the share of
  predicted links that are gold links, recall the share of gold links predicted, F1 their
  harmonic mean; a predicted figure counts through the gold figure it stands for (below).
- **Verdicts**: for each gold quantity, the predicted quantity holding most of its reports (at
  least two); the verdict is right when it is the gold one. Accuracy is over the gold quantities
  found; `quantities_found` says how many were.
- **Near misses kept apart**: the share of gold near-miss pairs not linked.
- **Stories**: pairs of articles put in one story, scored like links against the gold stories
  (each fixture article outside every story fixture is a story of its own).

Intervals: percentile bootstrap over gold stories (resampled with replacement), so a story's
links rise and fall together. On gold briefings the figures are the gold ones; on a model's
predictions each predicted figure stands for the gold figure of its article whose evidence span
it overlaps most with the same value, one to one, and a figure that stands for none is a link
only a precision can lose.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from pydantic import BaseModel, ConfigDict

from summarizer.eval.reconciling.gold import FigureRef, GoldStory
from summarizer.eval.scoring.stats import MetricValue, interval, resample_weights
from summarizer.find.quantities import values_match
from summarizer.reconciliation.report import ReconcileReport
from summarizer.schema.briefing import Figure

Link = frozenset[FigureRef]
SAMPLES = 2000
SEED = 20261204
CONFIDENCE = 0.95


class StoryScore(BaseModel):
    """One gold story's counts."""

    model_config = ConfigDict(extra="forbid")

    story: str
    gold_links: int
    predicted_links: int
    true_links: int
    quantities: int
    quantities_found: int
    verdicts_right: int
    near_misses: int
    near_misses_apart: int
    article_pairs_gold: int
    article_pairs_predicted: int
    article_pairs_true: int


class ReconcileScores(BaseModel):
    """The reconcile suite's figures for one run."""

    model_config = ConfigDict(extra="forbid")

    run: str
    articles: int
    stories: int
    metrics: dict[str, MetricValue]
    per_story: list[StoryScore]


@dataclass
class _Counts:
    gold: set[Link] = field(default_factory=set)
    predicted: set[Link] = field(default_factory=set)


# Two figures of one quantity make a link: a quantity is found when two of its reports are.
_A_LINK = 2


def gold_links(story: GoldStory) -> set[Link]:
    """Every pair of gold figures inside one gold quantity."""
    return {
        frozenset((a.key, b.key))
        for quantity in story.quantities
        for a, b in itertools.combinations(quantity.reports, 2)
    }


def align_figures(gold: Sequence[Figure], predicted: Sequence[Figure]) -> dict[int, int]:
    """Predicted figure index -> the gold figure index it stands for.

    Same value, overlapping evidence, the largest overlap first, one to one.
    """
    options = []
    for p, pred in enumerate(predicted):
        for g, want in enumerate(gold):
            overlap = _overlap(want, pred)
            if overlap > 0 and values_match(want.value, pred.value, rel_tol=0.005):
                options.append((overlap, p, g))
    taken_p: set[int] = set()
    taken_g: set[int] = set()
    chosen = {}
    for _, p, g in sorted(options, key=lambda o: (-o[0], o[1], o[2])):
        if p not in taken_p and g not in taken_g:
            chosen[p] = g
            taken_p.add(p)
            taken_g.add(g)
    return chosen


def _overlap(a: Figure, b: Figure) -> int:
    ea, eb = a.evidence, b.evidence
    if None in (ea.start, ea.end, eb.start, eb.end):
        return 0
    return max(0, min(ea.end or 0, eb.end or 0) - max(ea.start or 0, eb.start or 0))


def score_report(
    report: ReconcileReport,
    stories: Sequence[GoldStory],
    articles: Sequence[str],
    *,
    run: str,
    alignment: Mapping[str, Mapping[int, int]] | None = None,
) -> ReconcileScores:
    """Score one reconcile report against the gold.

    Args:
        report: What `reconcile` returned for the fixture articles' briefings.
        stories: The gold stories.
        articles: Every fixture article id (those outside the gold stories stand alone).
        run: A name for the run ("gold", or the predictions folder).
        alignment: Per article, predicted figure index -> gold figure index; None when the
            briefings are the gold ones (each figure stands for itself).
    """
    story_of = {a: s.story for s in stories for a in s.articles}
    units = [s.story for s in stories] + [a for a in articles if a not in story_of]
    for article in articles:
        story_of.setdefault(article, article)
    gold_by_unit = {s.story: s for s in stories}

    def as_gold(article: str, index: int) -> FigureRef | None:
        if alignment is None:
            return (article, index)
        g = alignment.get(article, {}).get(index)
        return None if g is None else (article, g)

    predicted: dict[str, set[Link]] = {u: set() for u in units}
    unmatched: dict[str, int] = dict.fromkeys(units, 0)
    predicted_quantities: list[set[FigureRef]] = []
    for quantity in report.quantities:
        refs = [(r.article_id, r.figure) for r in quantity.reports if r.article_id in story_of]
        mapped = [as_gold(a, i) for a, i in refs]
        predicted_quantities.append({m for m in mapped if m is not None})
        for (a, _), (_b, _), ma, mb in (
            (x, y, mx, my)
            for (x, mx), (y, my) in itertools.combinations(zip(refs, mapped, strict=True), 2)
        ):
            unit = story_of[a]
            if ma is None or mb is None:
                unmatched[unit] += 1  # a link through a figure gold does not have: never right
            else:
                predicted[unit].add(frozenset((ma, mb)))
    predicted_story = {a.id: story.id for story in report.stories for a in story.articles}
    rows = []
    for unit in units:
        story = gold_by_unit.get(unit)
        gold = gold_links(story) if story else set()
        mine = predicted[unit]
        found, right = 0, 0
        for gold_quantity in story.quantities if story else []:
            keys = {r.key for r in gold_quantity.reports}
            best = max(predicted_quantities, key=lambda q: len(q & keys), default=set())
            if len(best & keys) >= _A_LINK:
                found += 1
                right += _verdict_of(report, best, alignment) == gold_quantity.verdict
        apart = sum(
            not any({m.a.key, m.b.key} <= q for q in predicted_quantities)
            for m in (story.near_misses if story else [])
        )
        members = story.articles if story else [unit]
        gold_pairs = {frozenset(p) for p in itertools.combinations(members, 2)}
        grouped = {
            frozenset((a, b))
            for a, b in itertools.combinations(members, 2)
            if predicted_story.get(a) is not None
            and predicted_story.get(a) == predicted_story.get(b)
        }
        extra = {
            frozenset((a, b))
            for a in members
            for b in articles
            if b not in members and a < b and predicted_story.get(a) == predicted_story.get(b)
        }
        rows.append(
            StoryScore(
                story=unit,
                gold_links=len(gold),
                predicted_links=len(mine) + unmatched[unit],
                true_links=len(mine & gold),
                quantities=len(story.quantities) if story else 0,
                quantities_found=found,
                verdicts_right=right,
                near_misses=len(story.near_misses) if story else 0,
                near_misses_apart=apart,
                article_pairs_gold=len(gold_pairs),
                article_pairs_predicted=len(grouped) + len(extra),
                article_pairs_true=len(grouped),
            )
        )
    return ReconcileScores(
        run=run,
        articles=len(articles),
        stories=len(stories),
        metrics=_metrics(rows),
        per_story=rows,
    )


def _verdict_of(
    report: ReconcileReport,
    members: set[FigureRef],
    alignment: Mapping[str, Mapping[int, int]] | None,
) -> str | None:
    for quantity in report.quantities:
        keys = set()
        for r in quantity.reports:
            g = r.figure if alignment is None else alignment.get(r.article_id, {}).get(r.figure)
            if g is not None:
                keys.add((r.article_id, g))
        if keys == members:
            return quantity.verdict
    return None


_COLUMNS = (
    "gold_links", "predicted_links", "true_links", "quantities_found", "verdicts_right",
    "near_misses", "near_misses_apart", "article_pairs_gold", "article_pairs_predicted",
    "article_pairs_true",
)  # fmt: skip


def _metrics(rows: Sequence[StoryScore]) -> dict[str, MetricValue]:
    matrix = np.array([[getattr(r, c) for c in _COLUMNS] for r in rows], dtype=np.float64)
    weights = resample_weights(len(rows), SAMPLES, SEED)
    point = _compute(matrix, np.ones((1, len(rows))))
    boot = _compute(matrix, weights)
    out = {}
    for name, values in point.items():
        low, high = interval(boot[name], CONFIDENCE)
        value = float(values[0])
        out[name] = MetricValue(value=None if np.isnan(value) else value, ci_low=low, ci_high=high)
    return out


def _compute(matrix: np.ndarray, weights: np.ndarray) -> dict[str, np.ndarray]:
    sums = weights @ matrix
    col = {c: sums[:, i] for i, c in enumerate(_COLUMNS)}
    with np.errstate(divide="ignore", invalid="ignore"):
        precision = col["true_links"] / col["predicted_links"]
        recall = col["true_links"] / col["gold_links"]
        story_p = col["article_pairs_true"] / col["article_pairs_predicted"]
        story_r = col["article_pairs_true"] / col["article_pairs_gold"]
        return {
            "links.precision": precision,
            "links.recall": recall,
            "links.f1": 2 * col["true_links"] / (col["predicted_links"] + col["gold_links"]),
            "verdicts.accuracy": col["verdicts_right"] / col["quantities_found"],
            "near_misses.kept_apart": col["near_misses_apart"] / col["near_misses"],
            "stories.precision": story_p,
            "stories.recall": story_r,
            "stories.f1": 2
            * col["article_pairs_true"]
            / (col["article_pairs_predicted"] + col["article_pairs_gold"]),
        }
