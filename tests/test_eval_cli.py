"""`summarizer eval` end to end on the committed fixtures and predictions."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.conftest import run_eval

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "evals" / "predictions" / "baseline"
LOCAL_MODEL = ROOT / "evals" / "predictions" / "qwen2.5-coder-1.5b"


def same_metrics(fresh: dict[str, Any], committed: dict[str, Any]) -> bool:
    """Equal metrics, up to the last bits of float sums (BLAS builds add in different orders)."""

    def same(a: Any, b: Any) -> bool:
        if isinstance(a, float) and isinstance(b, float):
            return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
        if isinstance(a, dict) and isinstance(b, dict):
            return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
        return bool(a == b)

    return same(fresh, committed)


def test_score_on_committed_predictions_matches_the_committed_results(tmp_path: Path) -> None:
    done = run_eval(
        "score", str(BASELINE), "--out", str(tmp_path),
        "--baseline", "evals/baselines/baseline-results.json",
        "--fail-under", "attributions.f1_strict=0.2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "overall.f1_strict" in done.stdout
    fresh = json.loads((tmp_path / "results.json").read_text("utf-8"))
    committed = json.loads((ROOT / "evals/baselines/baseline-results.json").read_text("utf-8"))
    assert same_metrics(fresh["metrics"], committed["metrics"])  # scoring is deterministic
    assert (tmp_path / "summary.md").read_text("utf-8").count("|") > 20


def test_the_local_models_committed_predictions_score_as_committed(tmp_path: Path) -> None:
    done = run_eval(
        "score", str(LOCAL_MODEL), "--out", str(tmp_path),
        "--baseline", str(LOCAL_MODEL / "results.json"), "--no-invariants",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    fresh = json.loads((tmp_path / "results.json").read_text("utf-8"))
    committed = json.loads((LOCAL_MODEL / "results.json").read_text("utf-8"))
    assert same_metrics(fresh["metrics"], committed["metrics"])
    assert committed["manifest"]["settings"]["endpoint"] == "local"  # made by the local engine


def test_a_failed_gate_exits_non_zero(tmp_path: Path) -> None:
    done = run_eval(
        "score", str(BASELINE), "--out", str(tmp_path), "--fail-under", "overall.f1_strict=0.99"
    )
    assert done.returncode == 1
    assert "overall.f1_strict" in done.stderr


def test_an_unknown_metric_is_a_clear_error(tmp_path: Path) -> None:
    done = run_eval("score", str(BASELINE), "--out", str(tmp_path), "--fail-under", "nonsense=1")
    assert done.returncode == 2
    assert "nonsense" in done.stderr
    assert "Traceback" not in done.stderr


def test_compare_a_run_with_itself_is_all_ties(tmp_path: Path) -> None:
    done = run_eval("compare", str(BASELINE), "evals/baselines/baseline-results.json")
    assert done.returncode == 0, done.stderr
    assert "ties" in done.stdout.lower()


def _comparable(line: str) -> object:
    """A prediction line without what changes from run to run (creation time)."""
    record = json.loads(line)
    record["briefing"]["provenance"].pop("created_at")
    return record


def test_generate_baseline_reproduces_the_committed_predictions(tmp_path: Path) -> None:
    assert run_eval("generate", "--predictor", "baseline", "-o", str(tmp_path)).returncode == 0
    fresh = (tmp_path / "predictions.jsonl").read_text("utf-8").splitlines()
    committed = (BASELINE / "predictions.jsonl").read_text("utf-8").splitlines()
    assert [_comparable(line) for line in fresh] == [_comparable(line) for line in committed]


def test_a_failed_article_breaks_the_invariants_unless_they_are_waived(tmp_path: Path) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "manifest.json").write_bytes((BASELINE / "manifest.json").read_bytes())
    lines = (BASELINE / "predictions.jsonl").read_text("utf-8").splitlines()
    failed = {
        "id": json.loads(lines[0])["id"],
        "status": "error",
        "error": {"kind": "ExtractionError", "message": "no valid briefing after 2 attempts"},
    }
    (run / "predictions.jsonl").write_text(
        "\n".join([json.dumps(failed), *lines[1:]]) + "\n", encoding="utf-8"
    )
    strict = run_eval("score", str(run), "--out", str(tmp_path / "a"))
    assert strict.returncode == 1
    assert "schema_valid_rate" in strict.stderr
    waived = run_eval("score", str(run), "--out", str(tmp_path / "b"), "--no-invariants")
    assert waived.returncode == 0, waived.stderr
    metrics = json.loads((tmp_path / "b" / "results.json").read_text("utf-8"))["metrics"]
    assert metrics["schema_valid_rate"]["value"] == (len(lines) - 1) / len(lines)


def test_a_baseline_scored_before_a_metric_existed_still_compares(tmp_path: Path) -> None:
    older = json.loads((BASELINE / "results.json").read_text("utf-8"))
    older["metrics"].pop("figures.qualifier_accuracy", None)  # as results from before it were
    (tmp_path / "older.json").write_text(json.dumps(older), encoding="utf-8")
    done = run_eval(
        "score", str(BASELINE), "--out", str(tmp_path / "out"),
        "--baseline", str(tmp_path / "older.json"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "out" / "summary.md").read_text("utf-8")
    row = next(line for line in summary.splitlines() if "figures.qualifier_accuracy" in line)
    assert row.rstrip(" |").endswith("| n/a | n/a"), row  # no baseline value, no delta


def test_scoring_outside_the_project_root_names_the_missing_fixtures(tmp_path: Path) -> None:
    def score_here(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "summarizer", "eval", "score", str(BASELINE)]
        return subprocess.run(
            [*command, "--out", str(tmp_path / "out"), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    done = score_here()
    assert done.returncode == 2
    assert "fixtures folder evals/fixtures does not exist" in done.stderr
    assert "--fixtures" in done.stderr
    assert "gate failed" not in done.stderr + done.stdout
    (tmp_path / "empty").mkdir()
    empty = score_here("--fixtures", str(tmp_path / "empty"))
    assert empty.returncode == 2
    assert "holds no fixture" in empty.stderr
