"""Score one article: per-list counts, field checks, grounding, and every verdict.

A scorer returns counts, never only a float: corpus metrics are computed from counts summed over
articles (the formulas `prf` and `Aggregator` here, the named metrics in `stats`), which is also
what makes the bootstrap over articles possible.

Count keys (all integers, every article has all of them):

- `<list>.correct|partial|incorrect|missed|spurious` for events, figures, attributions;
- `figures.pairs`, `figures.value_ok|unit_ok|measure_ok|reporter_ok|qualifier_ok` (field accuracy
  over pairs);
- `attributions.pairs`, `attributions.speaker_ok`, `attributions.quote_type_ok`,
  `attributions.predicted`, `attributions.misattributed`, `attributions.direct_quotes`,
  `attributions.fabricated_quotes`;
- `grounding.<field>.checked|grounded` for numbers, quotes, speakers, evidence;
- `articles` (1), `schema_valid` (0/1), `cost_known` (0/1).

An article without a usable briefing (no prediction, an error Result, or a briefing that does not
validate) has every gold item missed and counts as schema-invalid. Optional gold items left
unmatched are neither missed nor correct: they leave every count untouched.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, ValidationError

from summarizer.eval.scoring.fixtures import Fixture
from summarizer.eval.scoring.match import (
    Context,
    Item,
    ListMatch,
    PairScore,
    ScoreSettings,
    Verdict,
    compare_attributions,
    compare_events,
    compare_figures,
    figure_values,
    match_list,
    variants_of,
)
from summarizer.find.quantities import value_occurs_in
from summarizer.ground.alignment import align
from summarizer.ground.grounding import speaker_is_named
from summarizer.schema.briefing import Attribution, Briefing, Event, Figure
from summarizer.schema.records import Result

ListName = Literal["events", "figures", "attributions"]
LISTS: Final[tuple[ListName, ...]] = ("events", "figures", "attributions")
TALLIES: Final = ("correct", "partial", "incorrect", "missed", "spurious")
FIGURE_CHECKS: Final = ("value", "unit", "measure", "reporter", "qualifier")
GROUNDING_FIELDS: Final = ("numbers", "quotes", "speakers", "evidence")
ArticleStatus = Literal["ok", "error", "missing", "invalid"]
Scheme = Literal["strict", "lenient", "partial"]
FloatArray = NDArray[np.float64]
_PARTIAL_CREDIT: Final = {"strict": 0.0, "lenient": 1.0, "partial": 0.5}
_SPEND: Final = ("cost_usd", "elapsed_s")
_Field = Literal["number", "quote", "speaker", "reported_by", "evidence"]


def count_keys() -> list[str]:
    """Every count key, in a fixed order (the columns of the count matrix)."""
    keys = [f"{name}.{tally}" for name in LISTS for tally in TALLIES]
    keys += ["figures.pairs", *(f"figures.{check}_ok" for check in FIGURE_CHECKS)]
    attribution_keys = ("pairs", "speaker_ok", "quote_type_ok", "predicted", "misattributed")
    keys += [f"attributions.{k}" for k in (*attribution_keys, "direct_quotes", "fabricated_quotes")]
    keys += [f"grounding.{f}.{k}" for f in GROUNDING_FIELDS for k in ("checked", "grounded")]
    return [*keys, "articles", "schema_valid", "cost_known"]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ItemVerdict(_Frozen):
    """One line of an article's verdicts: a gold/predicted pair, or a leftover item."""

    list: ListName
    verdict: Verdict
    gold_index: int | None
    """Index in the gold list (None for a spurious prediction)."""
    pred_index: int | None
    """Index in the predicted list (None for a missed or optional gold item)."""
    similarity: float | None = None
    """Similarity of the pair (None for leftovers)."""


class UngroundedItem(_Frozen):
    """A predicted field the article does not back: a hallucination candidate."""

    article_id: str
    list: ListName
    index: int
    field: _Field
    text: str


class ArticleScore(_Frozen):
    """Everything scored for one article: counts, spend and verdicts."""

    article_id: str
    status: ArticleStatus
    """ok, error (an error Result), missing (no Result) or invalid (briefing fails validation)."""
    counts: dict[str, int]
    cost_usd: float = 0.0
    """provenance.cost_usd, 0 when unknown (see `counts["cost_known"]`)."""
    elapsed_s: float = 0.0
    verdicts: list[ItemVerdict]


def usable_briefing(result: Result | None) -> tuple[Briefing | None, ArticleStatus]:
    """The briefing to score and the article's status; None unless the briefing validates."""
    if result is None:
        return None, "missing"
    if result.status != "ok" or result.briefing is None:
        return None, "error"
    try:
        # Re-validate: a Result built with model_construct (or edited) may hold anything.
        Briefing.model_validate(result.briefing.model_dump(warnings=False))
    except (ValidationError, TypeError, ValueError, AttributeError):
        return None, "invalid"
    return result.briefing, "ok"


def score_article(
    fixture: Fixture, result: Result | None, settings: ScoreSettings
) -> tuple[ArticleScore, list[UngroundedItem]]:
    """Score one prediction against its fixture.

    Args:
        fixture: The gold briefing and its scoring aids.
        result: The prediction for the article, or None when there is none.
        settings: Thresholds.

    Returns:
        The article's counts and verdicts, and its ungrounded predicted fields.
    """
    briefing, status = usable_briefing(result)
    ctx = Context(
        settings=settings,
        aliases=fixture.aliases,
        offsets_comparable=briefing is not None
        and briefing.provenance.text_sha256 == fixture.text_sha256,
    )
    counts: Counter[str] = Counter(dict.fromkeys(count_keys(), 0))
    verdicts = _match_lists(counts, fixture, briefing, ctx)
    ungrounded = _ground(counts, fixture, briefing, settings) if briefing else []
    cost = briefing.provenance.cost_usd if briefing else None
    counts.update(articles=1, schema_valid=int(status == "ok"), cost_known=int(cost is not None))
    article = ArticleScore(
        article_id=fixture.id,
        status=status,
        counts=dict(counts),
        cost_usd=cost or 0.0,
        elapsed_s=result.elapsed_s if result is not None else 0.0,
        verdicts=verdicts,
    )
    return article, ungrounded


def _match_lists(
    counts: Counter[str], fixture: Fixture, briefing: Briefing | None, ctx: Context
) -> list[ItemVerdict]:
    events = _match(fixture, "events", briefing.events if briefing else [], compare_events, ctx)
    figures = _match(fixture, "figures", briefing.figures if briefing else [], compare_figures, ctx)
    predicted = briefing.attributions if briefing else []
    attributions = _match(fixture, "attributions", predicted, compare_attributions, ctx)
    verdicts = _tally(counts, "events", events) + _tally(counts, "figures", figures)
    verdicts += _tally(counts, "attributions", attributions)
    _attribution_counts(counts, attributions, predicted)
    return verdicts


def _match(
    fixture: Fixture,
    name: ListName,
    pred: Sequence[Item],
    compare: Callable[[Item, Item, Context], PairScore],
    ctx: Context,
) -> ListMatch:
    gold: Sequence[Item] = getattr(fixture.gold, name)
    alternatives = fixture.alternatives.get(name, {})
    variants = [variants_of(item, alternatives.get(str(i), [])) for i, item in enumerate(gold)]
    return match_list(variants, pred, compare, ctx, optional=fixture.optional.get(name, []))


def _tally(counts: Counter[str], name: ListName, matched: ListMatch) -> list[ItemVerdict]:
    verdicts = []
    for pair in matched.pairs:
        if pair.verdict != "optional":
            counts[f"{name}.{pair.verdict}"] += 1
        if pair.score is not None:
            # Only the checks that are count keys are reported; the rest only feed verdicts.
            for key, add in (
                (f"{name}.pairs", 1),
                *((f"{name}.{check}_ok", int(ok)) for check, ok in pair.score.checks.items()),
            ):
                if key in _KEYS:
                    counts[key] += add
        similarity = round(pair.score.similarity, 4) if pair.score else None
        verdicts.append(
            ItemVerdict(
                list=name,
                verdict=pair.verdict,
                gold_index=pair.gold,
                pred_index=pair.pred,
                similarity=similarity,
            )
        )
    return verdicts


def _attribution_counts(
    counts: Counter[str],
    matched: ListMatch,
    pred: Sequence[Attribution],
) -> None:
    """Misattributions: a predicted claim matching some gold claim, none of them by its speaker."""
    counts["attributions.predicted"] = len(pred)
    for j in range(len(pred)):
        column = [row[j] for row in matched.scores]
        claimed = [sc for sc in column if sc.checks.get("claim")]
        if claimed and not any(sc.checks["speaker"] for sc in claimed):
            counts["attributions.misattributed"] += 1


@dataclass
class _Grounder:
    """Checks predicted fields against the article, counting and listing what fails."""

    counts: Counter[str]
    article_id: str
    text: str
    settings: ScoreSettings
    found: list[UngroundedItem] = field(default_factory=list)
    spans: dict[tuple[ListName, int], str] = field(default_factory=dict)
    """Aligned evidence text per item: the cheap first place to look for a figure's number."""
    speakers: dict[str, bool] = field(default_factory=dict)

    @functools.cached_property
    def folded(self) -> str:
        """The casefolded article."""
        return self.text.casefold()

    def check(self, ok: bool, kind: str, where: tuple[ListName, int, _Field], shown: str) -> None:
        self.counts[f"grounding.{kind}.checked"] += 1
        self.counts[f"grounding.{kind}.grounded"] += int(ok)
        if not ok:
            name, index, fld = where
            self.found.append(
                UngroundedItem(
                    article_id=self.article_id, list=name, index=index, field=fld, text=shown
                )
            )

    def evidence(self, name: ListName, listed: Sequence[Event | Figure | Attribution]) -> None:
        for i, item in enumerate(listed):
            quote = item.evidence.text
            found = align(quote, self.text) if quote.strip() else None
            if found is not None and found.start is not None and found.end is not None:
                self.spans[name, i] = self.text[found.start : found.end]
            self.check((name, i) in self.spans, "evidence", (name, i, "evidence"), quote)

    def named(self, speaker: str, where: tuple[ListName, int, _Field]) -> None:
        ok = self.speakers.get(speaker)
        if ok is None:
            threshold = self.settings.grounding_speaker_threshold
            # A name written as is needs none of speaker_is_named's whole-article tokenising.
            ok = speaker.casefold() in self.folded or speaker_is_named(
                speaker, self.text, threshold=threshold
            )
            self.speakers[speaker] = ok
        self.check(ok, "speakers", where, speaker)

    def figures(self, figures: Sequence[Figure]) -> None:
        for i, figure in enumerate(figures):
            # Scanning a whole article for numbers is the scorer's slowest step; a value found in
            # its aligned evidence (a substring of the article) needs no full scan.
            values = figure_values(figure)
            span = self.spans.get(("figures", i), "")
            ok = any(value_occurs_in(v, span) for v in values) or any(
                value_occurs_in(v, self.text) for v in values
            )
            self.check(ok, "numbers", ("figures", i, "number"), figure.number)
            if figure.reported_by:
                self.named(figure.reported_by, ("figures", i, "reported_by"))

    def attributions(self, attributions: Sequence[Attribution]) -> None:
        for i, attribution in enumerate(attributions):
            self.named(attribution.speaker, ("attributions", i, "speaker"))
            if attribution.quote_type == "direct" and attribution.quote:
                quoted = align(attribution.quote, self.text).method != "none"
                self.check(quoted, "quotes", ("attributions", i, "quote"), attribution.quote)
                self.counts["attributions.direct_quotes"] += 1
                self.counts["attributions.fabricated_quotes"] += int(not quoted)


def _ground(
    counts: Counter[str], fixture: Fixture, briefing: Briefing, settings: ScoreSettings
) -> list[UngroundedItem]:
    """Check every predicted field against the article (no gold needed)."""
    grounder = _Grounder(counts, fixture.id, fixture.article.text, settings)
    grounder.evidence("events", briefing.events)
    grounder.evidence("figures", briefing.figures)
    grounder.evidence("attributions", briefing.attributions)
    grounder.figures(briefing.figures)
    grounder.attributions(briefing.attributions)
    return grounder.found


_KEYS: Final = frozenset(count_keys())


def ratio(num: FloatArray, den: FloatArray) -> FloatArray:
    """Elementwise num / den, NaN where den is 0."""
    out: FloatArray = np.full(np.shape(num), np.nan)
    np.divide(num, den, out=out, where=np.asarray(den) > 0)
    return out


Counts = Callable[[str], FloatArray]


def _tallies(get: Counts, name: str) -> dict[str, FloatArray]:
    lists = LISTS if name == "overall" else (name,)
    return {
        tally: sum((get(f"{n}.{tally}") for n in lists), start=np.zeros(())) for tally in TALLIES
    }


def prf(get: Counts, name: str, scheme: Scheme) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Precision, recall and F1 of one list (or "overall") from counts."""
    t = _tallies(get, name)
    matches = t["correct"] + _PARTIAL_CREDIT[scheme] * t["partial"]
    paired = t["correct"] + t["partial"] + t["incorrect"]
    actual, possible = paired + t["spurious"], paired + t["missed"]
    return ratio(matches, actual), ratio(matches, possible), ratio(2 * matches, actual + possible)


def count_matrix(articles: Sequence[ArticleScore]) -> tuple[FloatArray, list[str]]:
    """The (articles x columns) matrix of counts, cost and latency, and its column names."""
    columns = [*count_keys(), *_SPEND]
    rows = [
        [*(float(a.counts.get(k, 0)) for k in count_keys()), a.cost_usd, a.elapsed_s]
        for a in articles
    ]
    return np.array(rows, dtype=np.float64).reshape(len(articles), len(columns)), columns


class Aggregator:
    """Article counts summed under article weights.

    The weights are ones for the point estimate, and a (samples x articles) matrix of resample
    multiplicities for the bootstrap, so every metric is one formula for both.
    """

    def __init__(self, matrix: FloatArray, columns: Sequence[str], weights: FloatArray) -> None:
        """Sum `matrix` (articles x columns) under `weights` (articles, or samples x articles)."""
        self._matrix = matrix
        self._index = {name: i for i, name in enumerate(columns)}
        self._weights = weights
        self._sums: FloatArray = weights @ matrix

    def total(self, key: str) -> FloatArray:
        """The weighted sum of one count over articles."""
        return self._sums[..., self._index[key]]

    def column(self, key: str) -> FloatArray:
        """One count, article by article (unweighted)."""
        return self._matrix[:, self._index[key]]

    def mean_of(self, values: FloatArray, defined: NDArray[np.bool_]) -> FloatArray:
        """Weighted mean of per-article `values` over the articles where they are defined."""
        kept = np.where(defined, values, 0.0)
        return ratio(self._weights @ kept, self._weights @ defined.astype(np.float64))


def article_f1(agg: Aggregator, name: str, scheme: Scheme) -> tuple[FloatArray, NDArray[np.bool_]]:
    """Per-article F1 of one list and whether it is defined (some gold or some prediction)."""
    f1 = prf(agg.column, name, scheme)[2]
    return f1, ~np.isnan(f1)
