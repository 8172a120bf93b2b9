"""Gates on a scored run: floors, invariants, and regressions against a baseline.

- `fail_under` floors apply to higher-is-better metrics only; naming a lower-is-better metric
  (counts such as `attributions.fabricated_quotes`, rates of errors, cost, latency) is refused
  rather than silently read as a ceiling. A floor on an undefined metric fails.
- Invariants, checked unless `invariants=False`: `schema_valid_rate == 1.0` and
  `attributions.fabricated_quotes == 0`.
- Regressions against a baseline: every headline metric (see `stats.MetricSpec.headline`) and
  every metric given a floor may not get worse than the baseline by more than `max_regression`
  (in the metric's own units: 0.02 is 2 F1 points, 1 is one more fabricated quote). A baseline
  scored with other settings (signature) or on other articles is refused, as a failure.
"""

from __future__ import annotations

from collections.abc import Mapping

from summarizer.eval.reporting.report import INVARIANTS, EvalResults, format_metric, value_in
from summarizer.eval.scoring.stats import METRICS, ScoringError


def check_gates(
    results: EvalResults,
    fail_under: Mapping[str, float],
    baseline: EvalResults | None = None,
    max_regression: float = 0.0,
    *,
    invariants: bool = True,
) -> list[str]:
    """Check floors, invariants and regressions (rules in the module docstring).

    Args:
        results: The run to check.
        fail_under: Floors by metric name (higher-is-better metrics only).
        baseline: A baseline run to check regressions against.
        max_regression: How much worse than the baseline a metric may get, in its own units.
        invariants: Check schema_valid_rate == 1.0 and fabricated_quotes == 0.

    Returns:
        One message per failed gate, naming the metric; empty when every gate passed.

    Raises:
        ScoringError: A floor names an unknown or a lower-is-better metric.
    """
    failures = [_floor(results, name, floor) for name, floor in fail_under.items()]
    if invariants:
        for name, wanted in INVARIANTS.items():
            value = results.metrics[name].value
            if value != wanted:
                shown = format_metric(value, results.metrics[name].kind)
                failures.append(f"{name} = {shown}, must be {wanted:g} (invariant)")
    if baseline is not None:
        failures += _regressions(results, baseline, set(fail_under), max_regression)
    return [f for f in failures if f]


def _floor(results: EvalResults, name: str, floor: float) -> str:
    spec = METRICS.get(name)
    if spec is None:
        msg = f"unknown metric {name!r}; known metrics: {', '.join(METRICS)}"
        raise ScoringError(msg)
    if not spec.higher_is_better:
        msg = (
            f"{name} is lower-is-better, so a floor would mean nothing; floors take "
            "higher-is-better metrics (fabricated quotes and schema validity are invariants)"
        )
        raise ScoringError(msg)
    value = results.metrics[name].value
    if value is None:
        return f"{name} is undefined (nothing to measure it on), floor {floor:g}"
    if value < floor:
        return f"{name} = {format_metric(value, spec.kind)} is below the floor {floor:g}"
    return ""


def _regressions(
    results: EvalResults, baseline: EvalResults, floors: set[str], max_regression: float
) -> list[str]:
    if baseline.signature != results.signature:
        return [
            f"refusing to compare with the baseline: scorer signature {results.signature} vs "
            f"{baseline.signature} (re-score the baseline with the same settings)"
        ]
    if {a.article_id for a in results.articles} != {a.article_id for a in baseline.articles}:
        return ["refusing to compare with the baseline: it was scored on other articles"]
    failures = []
    for name, spec in METRICS.items():
        now, then = results.metrics[name].value, value_in(baseline, name)
        if not (spec.headline or name in floors) or now is None or then is None:
            continue
        worse = then - now if spec.higher_is_better else now - then
        # The tolerance keeps float noise (0.1 + 0.2) from failing a max_regression of 0.
        if worse > max_regression + 1e-9:
            failures.append(
                f"{name} regressed: {format_metric(now, spec.kind)} vs baseline "
                f"{format_metric(then, spec.kind)} "
                f"(worse by {worse:.4g}, allowed {max_regression:g})"
            )
    return failures
