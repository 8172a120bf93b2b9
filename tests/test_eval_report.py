"""Reports of a scored run: results.json, Markdown, terminal tables, gates."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

from summarizer.eval.reporting.gates import check_gates
from summarizer.eval.reporting.report import (
    EvalResults,
    compare_results,
    render_comparison,
    render_markdown,
    render_table,
    write_reports,
)
from summarizer.eval.scoring.stats import METRICS, ScoringError
from tests.test_eval_scoring import failed, fixtures, flawed, prediction, run, seed_003


def _perfect() -> EvalResults:
    fx = fixtures()
    return run(fx, *(prediction(f) for f in fx))


def _flawed() -> EvalResults:
    fx = fixtures()
    return run(fx, prediction(fx[0]), flawed(fx[1]))


def test_results_json_round_trips(tmp_path: Path) -> None:
    results = _flawed()
    paths = write_reports(results, tmp_path / "out")
    loaded = EvalResults.load(paths.results)
    assert loaded == results
    assert loaded.signature == results.settings.signature()
    assert loaded.manifest == {"predictor": "test"}
    assert [a.article_id for a in loaded.articles] == ["seed-000", "seed-003"]
    assert loaded.ungrounded == results.ungrounded


def test_a_results_json_with_a_forged_signature_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "results.json"
    _perfect().model_copy(update={"signature": "0" * 12}).dump(path)
    with pytest.raises(ScoringError, match="does not match its settings"):
        EvalResults.load(path)


def test_markdown_has_every_metric_and_the_detectability_sentence() -> None:
    text = render_markdown(_flawed())
    for name in METRICS:
        assert f"| {name} |" in text, name
    assert "| metric | value | 95% CI |" in text
    assert "| baseline | delta |" not in text
    assert "With 2 articles, only differences of about" in text
    assert "| seed-003 | figures | 0 | number | 9,967 |" in text


def test_markdown_shows_the_baseline_and_the_delta() -> None:
    text = render_markdown(_flawed(), baseline=_perfect())
    assert "| metric | value | 95% CI | baseline | delta |" in text
    row = next(line for line in text.splitlines() if line.startswith("| events.recall_strict |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3] == "1.000"
    assert cells[4] == "-0.250"  # 3 of 4 gold events found


def test_markdown_refuses_a_baseline_scored_differently() -> None:
    fx = fixtures()
    other = run(fx, *(prediction(f) for f in fx), min_similarity=0.6)
    text = render_markdown(_flawed(), baseline=other)
    assert "Baseline not compared" in text
    assert "| baseline | delta |" not in text


def test_terminal_tables_render() -> None:
    console = Console(record=True, width=140)
    results = _flawed()
    render_table(results, console, baseline=_perfect())
    render_comparison(compare_results(_perfect(), results), console)
    shown = console.export_text()
    assert "events.f1_strict" in shown
    assert "delta" in shown
    assert "B wins" in shown
    assert "only differences of about" in shown


def test_gates_pass_when_every_floor_is_met() -> None:
    results = _perfect()
    floors = {"events.f1_strict": 0.9, "figures.value_accuracy": 1.0}
    assert check_gates(results, floors, baseline=_perfect()) == []


def test_a_floor_fails_and_names_the_metric() -> None:
    failures = check_gates(_flawed(), {"events.recall_strict": 0.9, "events.precision_strict": 0.9})
    assert len(failures) == 1
    assert "events.recall_strict" in failures[0]
    assert "below the floor 0.9" in failures[0]


def test_a_regression_against_the_baseline_fails_and_names_the_metric() -> None:
    failures = check_gates(_flawed(), {}, baseline=_perfect())
    assert any(f.startswith("overall.f1_strict regressed") for f in failures)
    assert any(f.startswith("figures.value_accuracy regressed") for f in failures)
    assert check_gates(_perfect(), {}, baseline=_flawed()) == []
    assert check_gates(_flawed(), {}, baseline=_flawed()) == []


def test_a_regression_within_the_allowance_passes() -> None:
    results = _flawed()
    assert check_gates(results, {}, baseline=_perfect(), max_regression=0.5) == []


def test_invariants_fail_on_fabricated_quotes_and_missing_briefings() -> None:
    fx = fixtures()
    fixture = seed_003()
    attributions = list(fixture.gold.attributions)
    attributions[1] = attributions[1].model_copy(update={"quote": "words nobody said"})
    results = run(fx, failed(fx[0]), prediction(fx[1], attributions=attributions))
    failures = check_gates(results, {})
    assert any(f.startswith("schema_valid_rate = 0.500") for f in failures)
    assert any(f.startswith("attributions.fabricated_quotes = 1") for f in failures)
    assert check_gates(results, {}, invariants=False) == []


def test_a_baseline_scored_differently_is_refused() -> None:
    fx = fixtures()
    other = run(fx, *(prediction(f) for f in fx), correct_threshold=0.9)
    [failure] = check_gates(_perfect(), {}, baseline=other)
    assert failure.startswith("refusing to compare with the baseline")


def test_floors_on_unknown_or_lower_is_better_metrics_are_refused() -> None:
    with pytest.raises(ScoringError, match=r"unknown metric 'events\.f1'"):
        check_gates(_perfect(), {"events.f1": 0.5})
    with pytest.raises(ScoringError, match="lower-is-better"):
        check_gates(_perfect(), {"attributions.fabricated_quotes": 0})
