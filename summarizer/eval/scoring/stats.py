"""Corpus metrics from summed counts, bootstrap confidence intervals, paired comparison.

Metric names (the registry `METRICS`; command-line flags and report rows use exactly these):

- `<list>.precision_<scheme>`, `<list>.recall_<scheme>`, `<list>.f1_<scheme>` (micro: from counts
  summed over articles) and `<list>.macro_f1_<scheme>` (mean over articles of per-article F1,
  skipping articles with neither gold nor predictions in the list), for `<list>` in events,
  figures, attributions, overall (the three lists together) and `<scheme>` in strict (only
  correct pairs count), lenient (correct + partial) and partial (correct + 0.5 partial);
- `figures.value_accuracy`, `figures.unit_accuracy`, `figures.measure_accuracy`,
  `figures.reporter_accuracy`, `figures.qualifier_accuracy`, `attributions.speaker_accuracy`,
  `attributions.quote_type_accuracy` (over paired items);
- `attributions.misattributions` (count) and `attributions.misattribution_rate` (over predicted
  attributions), `attributions.fabricated_quotes` (count) and
  `attributions.fabricated_quote_rate` (over predicted direct quotes): lower is better;
- `grounding.numbers`, `grounding.quotes`, `grounding.speakers`, `grounding.evidence`,
  `grounding.all` (grounding precision of predicted fields, no gold needed);
- `schema_valid_rate`; `cost.total_usd`, `cost.mean_usd`, `latency.total_s`, `latency.mean_s`
  (lower is better; an unknown cost counts as 0).

Precision = matches / (correct + partial + incorrect + spurious), recall = matches /
(correct + partial + incorrect + missed), F1 = 2 matches / (both denominators), as in nervaluate.
A ratio with a zero denominator is undefined (None in reports), never 0 or 1.

Confidence intervals: percentile bootstrap over *articles* (resampled with replacement, never
items), vectorised: the resamples are a (samples x articles) matrix of multiplicities, so every
metric of every resample comes from one matrix product with the per-article count matrix.
Resamples in which a metric is undefined are left out of its interval.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Literal, Protocol

import numpy as np
from pydantic import BaseModel, ConfigDict

from summarizer.errors import SummarizerError
from summarizer.eval.scoring.match import ScoreSettings
from summarizer.eval.scoring.metrics import (
    FIGURE_CHECKS,
    GROUNDING_FIELDS,
    LISTS,
    Aggregator,
    ArticleScore,
    FloatArray,
    Scheme,
    article_f1,
    count_matrix,
    prf,
    ratio,
)
from summarizer.eval.scoring.wins import ArticleOutcome, WinLoss, article_outcomes, win_loss

MetricKind = Literal["ratio", "count", "usd", "seconds"]
SCHEMES: Final[tuple[Scheme, ...]] = ("strict", "lenient", "partial")
F1_LISTS: Final = (*LISTS, "overall")


class ScoringError(SummarizerError):
    """Scores cannot be computed or compared as asked (mismatched runs, unknown metric)."""


@dataclass(frozen=True)
class MetricSpec:
    """One named corpus metric."""

    name: str
    compute: Callable[[Aggregator], FloatArray]
    description: str
    higher_is_better: bool = True
    kind: MetricKind = "ratio"
    headline: bool = False
    """Compared by default, and checked for regressions against a baseline."""
    summary: bool = False
    """Shown in the terminal table (the Markdown report shows every metric)."""


def _spec(
    name: str,
    compute: Callable[[Aggregator], FloatArray],
    text: str,
    flags: str = "",
    kind: MetricKind = "ratio",
) -> MetricSpec:
    """A spec; flags: "h" headline, "s" summary, "-" lower is better."""
    return MetricSpec(name, compute, text, "-" not in flags, kind, "h" in flags, "s" in flags)


def _prf_specs() -> list[MetricSpec]:
    specs = []
    for name in F1_LISTS:
        for scheme in SCHEMES:
            for pos, measure in enumerate(("precision", "recall", "f1")):

                def micro(
                    agg: Aggregator, n: str = name, s: Scheme = scheme, p: int = pos
                ) -> FloatArray:
                    return prf(agg.total, n, s)[p]

                headline = measure == "f1" and (scheme == "strict" or name == "overall")
                flags = (
                    "hs" if headline else "s" if scheme == "strict" and name != "overall" else ""
                )
                text = f"{measure} of {name}, {scheme} (micro: from summed counts)"
                specs.append(_spec(f"{name}.{measure}_{scheme}", micro, text, flags))

            def macro(agg: Aggregator, n: str = name, s: Scheme = scheme) -> FloatArray:
                return agg.mean_of(*article_f1(agg, n, s))

            text = f"mean over articles of per-article {scheme} F1 of {name}"
            specs.append(_spec(f"{name}.macro_f1_{scheme}", macro, text))
    return specs


def _share(num: str, den: str) -> Callable[[Aggregator], FloatArray]:
    return lambda agg: ratio(agg.total(num), agg.total(den))


def _count(key: str) -> Callable[[Aggregator], FloatArray]:
    return lambda agg: agg.total(key)


def _grounding_all(agg: Aggregator) -> FloatArray:
    grounded = sum((agg.total(f"grounding.{f}.grounded") for f in GROUNDING_FIELDS), np.zeros(()))
    checked = sum((agg.total(f"grounding.{f}.checked") for f in GROUNDING_FIELDS), np.zeros(()))
    return ratio(grounded, checked)


def _other_specs() -> list[MetricSpec]:
    a = "attributions"
    specs = [
        _spec(f"{lst}.{c}_accuracy", _share(f"{lst}.{c}_ok", f"{lst}.pairs"),
              f"share of paired {lst} whose {c.replace('_', ' ')} agrees with gold",
              "hs" if c == "value" else "s")
        for lst, checks in (("figures", FIGURE_CHECKS), (a, ("speaker", "quote_type")))
        for c in checks
    ]  # fmt: skip
    specs += [
        _spec(f"{a}.misattributions", _count(f"{a}.misattributed"),
              "predicted claims matching a gold claim, never by its speaker", "s-", "count"),
        _spec(f"{a}.misattribution_rate", _share(f"{a}.misattributed", f"{a}.predicted"),
              "misattributions over predicted attributions", "hs-"),
        _spec(f"{a}.fabricated_quotes", _count(f"{a}.fabricated_quotes"),
              "predicted direct quotes not in the article (invariant: 0)", "hs-", "count"),
        _spec(f"{a}.fabricated_quote_rate", _share(f"{a}.fabricated_quotes", f"{a}.direct_quotes"),
              "fabricated quotes over predicted direct quotes", "-"),
    ]  # fmt: skip
    specs += [
        _spec(f"grounding.{f}", _share(f"grounding.{f}.grounded", f"grounding.{f}.checked"),
              f"share of predicted {f} found in the article", "s")
        for f in GROUNDING_FIELDS
    ]  # fmt: skip
    return [
        *specs,
        _spec("grounding.all", _grounding_all, "share of all checked fields found", "hs"),
        _spec("schema_valid_rate", _share("schema_valid", "articles"),
              "articles with a valid briefing (invariant: 1.0)", "hs"),
        _spec("cost.total_usd", _count("cost_usd"), "total cost (unknown as 0)", "-", "usd"),
        _spec("cost.mean_usd", _share("cost_usd", "articles"), "mean cost", "s-", "usd"),
        _spec("latency.total_s", _count("elapsed_s"), "total seconds", "-", "seconds"),
        _spec("latency.mean_s", _share("elapsed_s", "articles"), "mean seconds per article",
              "s-", "seconds"),
    ]  # fmt: skip


METRICS: Final[Mapping[str, MetricSpec]] = {m.name: m for m in (*_prf_specs(), *_other_specs())}
"""Every metric by name, in report order."""


def resample_weights(n: int, samples: int, seed: int) -> FloatArray:
    """How often each of `n` articles appears in each of `samples` bootstrap resamples."""
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, n, size=(samples, n))
    flat = (picks + (np.arange(samples) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=samples * n).reshape(samples, n).astype(np.float64)


def evaluate(
    matrix: FloatArray, columns: Sequence[str], weights: FloatArray
) -> dict[str, FloatArray]:
    """Every registered metric under the given article weights."""
    agg = Aggregator(matrix, columns, weights)
    return {name: np.asarray(spec.compute(agg), dtype=np.float64) for name, spec in METRICS.items()}


def _defined(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def interval(samples: FloatArray, confidence: float) -> tuple[float | None, float | None]:
    """Percentile interval of the defined bootstrap samples, (None, None) when none is."""
    kept = samples[~np.isnan(samples)]
    if kept.size == 0:
        return None, None
    tail = 100 * (1 - confidence) / 2
    low, high = np.percentile(kept, [tail, 100 - tail])
    return float(low), float(high)


class MetricValue(BaseModel):
    """A metric's value over the corpus with its bootstrap confidence interval."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float | None
    """None when undefined (e.g. no figures paired: value accuracy has no denominator)."""
    ci_low: float | None = None
    ci_high: float | None = None
    higher_is_better: bool = True
    kind: MetricKind = "ratio"


def summarise(articles: Sequence[ArticleScore], settings: ScoreSettings) -> dict[str, MetricValue]:
    """Every metric with its confidence interval, from per-article scores."""
    matrix, columns = count_matrix(articles)
    n = len(articles)
    point = evaluate(matrix, columns, np.ones(n))
    weights = resample_weights(n, settings.bootstrap_samples, settings.seed) if n else None
    boot = evaluate(matrix, columns, weights) if weights is not None else {}
    out = {}
    for name, spec in METRICS.items():
        low, high = interval(boot[name], settings.confidence) if boot else (None, None)
        out[name] = MetricValue(
            value=_defined(float(point[name])), ci_low=low, ci_high=high,
            higher_is_better=spec.higher_is_better, kind=spec.kind,
        )  # fmt: skip
    return out


def detectable_points(metric: MetricValue) -> float | None:
    """Half-width of a ratio metric's interval in points (x100): smaller differences are noise."""
    if metric.ci_low is None or metric.ci_high is None:
        return None
    return 100 * (metric.ci_high - metric.ci_low) / 2


class ScoredRun(Protocol):
    """What a comparison needs of a run (an `EvalResults` is one)."""

    @property
    def settings(self) -> ScoreSettings:
        """The scorer's settings."""

    @property
    def signature(self) -> str:
        """The settings' signature, as stamped when the run was scored."""

    @property
    def articles(self) -> Sequence[ArticleScore]:
        """Per-article scores."""


class MetricDiff(BaseModel):
    """B minus A for one metric, with its paired-bootstrap interval."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    a: float | None
    b: float | None
    diff: float | None
    ci_low: float | None
    ci_high: float | None
    share_b_better: float | None
    """Share of resamples in which B is better (higher, or lower for lower-is-better metrics)."""
    higher_is_better: bool = True


class Comparison(BaseModel):
    """A paired comparison of two runs over the same articles."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    signature: str
    n_articles: int
    metrics: list[MetricDiff]
    per_article: list[WinLoss]
    detectable_f1_points: float | None
    """Half-width, in points, of the paired interval of overall.f1_strict's difference."""
    articles: list[ArticleOutcome] = []
    """Each article's outcome in each list (what `per_article` totals), list by list."""


def compare(run_a: ScoredRun, run_b: ScoredRun) -> Comparison:
    """Paired bootstrap of B - A on every metric, plus per-article wins and losses.

    Each resample draws article indices once and applies them to both runs, so the article-to-
    article variation both runs share cancels out of the difference.

    Args:
        run_a: The reference run (its settings drive the bootstrap).
        run_b: The run compared with it.

    Returns:
        The comparison.

    Raises:
        ScoringError: The runs were scored with different settings, or on different articles.
    """
    _check_comparable(run_a, run_b)
    by_id = {a.article_id: a for a in run_b.articles}
    ordered_b = [by_id[a.article_id] for a in run_a.articles]
    settings = run_a.settings
    (ma, columns), (mb, _) = count_matrix(run_a.articles), count_matrix(ordered_b)
    n = len(ordered_b)
    ones = np.ones(n)
    weights = resample_weights(n, settings.bootstrap_samples, settings.seed)
    pa, pb = evaluate(ma, columns, ones), evaluate(mb, columns, ones)
    ba, bb = evaluate(ma, columns, weights), evaluate(mb, columns, weights)
    diffs = [_diff(name, (pa, pb), (ba, bb), settings.confidence) for name in METRICS]
    overall = next(d for d in diffs if d.name == "overall.f1_strict")
    detectable = None
    if overall.ci_low is not None and overall.ci_high is not None:
        detectable = 100 * (overall.ci_high - overall.ci_low) / 2
    return Comparison(
        signature=run_a.signature,
        n_articles=n,
        metrics=diffs,
        per_article=[win_loss(ma, mb, columns, name) for name in F1_LISTS],
        detectable_f1_points=detectable,
        articles=[
            outcome
            for name in F1_LISTS
            for outcome in article_outcomes(
                [a.article_id for a in run_a.articles], ma, mb, columns, name
            )
        ],
    )


def _check_comparable(run_a: ScoredRun, run_b: ScoredRun) -> None:
    if run_a.signature != run_b.signature:
        msg = (
            f"refusing to compare runs scored with different settings (signature "
            f"{run_a.signature} vs {run_b.signature}): re-score both with the same settings"
        )
        raise ScoringError(msg)
    ids_a = {a.article_id for a in run_a.articles}
    ids_b = {a.article_id for a in run_b.articles}
    if ids_a != ids_b:
        only_a, only_b = sorted(ids_a - ids_b)[:5], sorted(ids_b - ids_a)[:5]
        msg = (
            f"refusing to compare runs over different articles (only in A: {only_a}, only in "
            f"B: {only_b}): score both on the same fixture set"
        )
        raise ScoringError(msg)


_Pair = tuple[Mapping[str, FloatArray], Mapping[str, FloatArray]]


def _diff(name: str, point: _Pair, boot: _Pair, confidence: float) -> MetricDiff:
    spec = METRICS[name]
    (pa, pb), (ba, bb) = point, boot
    a, b = _defined(float(pa[name])), _defined(float(pb[name]))
    samples = bb[name] - ba[name]
    low, high = interval(samples, confidence)
    kept = samples[~np.isnan(samples)]
    better = kept > 0 if spec.higher_is_better else kept < 0
    return MetricDiff(
        name=name,
        a=a,
        b=b,
        diff=b - a if a is not None and b is not None else None,
        ci_low=low,
        ci_high=high,
        share_b_better=float(better.mean()) if kept.size else None,
        higher_is_better=spec.higher_is_better,
    )
