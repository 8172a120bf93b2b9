"""Generating predictions for the fixtures: the baseline and the summariser."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.eval.predict import (
    BASELINE_NAME,
    baseline_draft,
    fixtures_hash,
    generate_baseline,
    generate_llm,
    load_predictions,
)
from summarizer.eval.scoring.fixtures import Fixture, label, write_fixture
from summarizer.schema.briefing import SCHEMA_VERSION
from tests.conftest import SEED_000, SEED_003, Make
from tests.fake_openai import ScriptedOpenAIServer
from tests.newsroom import Newsroom
from tests.payloads import SEED_000_DRAFT, SEED_003_DRAFT


def _fixtures() -> list[Fixture]:
    return [
        label(
            {
                "article": {"id": path.stem, "text": path.read_text("utf-8")},
                "annotator": "test",
                "gold": payload,
            }
        )
        for path, payload in ((SEED_000, SEED_000_DRAFT), (SEED_003, SEED_003_DRAFT))
    ]


def test_baseline_finds_lead_numbers_and_speakers() -> None:
    draft = baseline_draft(SEED_003.read_text("utf-8"))
    assert draft.events[0].evidence.startswith("Rafah, November 2:")
    assert {"9,061", "3,760", "More than 1,400"} <= {f.number for f in draft.figures}
    assert "Wael Abu Omar" in {a.speaker for a in draft.attributions}


def test_baseline_predictions_are_grounded_results(tmp_path: Path) -> None:
    fixtures = _fixtures()
    generate_baseline(fixtures, tmp_path / "baseline")
    manifest, results = load_predictions(tmp_path / "baseline")

    assert set(results) == {f.id for f in fixtures}
    assert manifest["predictor"] == BASELINE_NAME
    assert manifest["fixtures"] == fixtures_hash(fixtures)
    assert manifest["schema_version"] == SCHEMA_VERSION
    for fixture in fixtures:
        briefing = results[fixture.id].briefing
        assert briefing is not None
        assert briefing.provenance.endpoint == "none"
        assert briefing.provenance.text_sha256 == fixture.text_sha256
        for figure in briefing.figures:
            assert figure.evidence.start is not None
            assert fixture.article.text[figure.evidence.start : figure.evidence.end] == (
                figure.evidence.text
            )


def test_generate_with_the_summarizer_writes_a_manifest(
    make: Make, server: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    fixtures = _fixtures()
    summarizer = make(mode="json")
    generate_llm(fixtures, tmp_path / "llm", summarizer, concurrency=2)
    manifest, results = load_predictions(tmp_path / "llm")

    assert {r.status for r in results.values()} == {"ok"}
    assert manifest["model"] == "gpt-4o-mini"
    assert manifest["prompt_version"] == summarizer.prompt_version
    assert manifest["settings"]["mode"] == "json"
    assert len(server.completions) == len(fixtures)


def test_fixture_round_trip_keeps_offsets(tmp_path: Path) -> None:
    fixture = _fixtures()[1]
    write_fixture(fixture, tmp_path / "f.json")
    from summarizer.eval.scoring.fixtures import load_fixture

    assert load_fixture(tmp_path / "f.json") == fixture


def test_labelling_refuses_gold_that_is_not_verbatim() -> None:
    from summarizer.eval.scoring.fixtures import LabellingError

    bad = dict(SEED_003_DRAFT, figures=[dict(SEED_003_DRAFT["figures"][0], evidence="made up")])
    with pytest.raises(LabellingError) as caught:
        label({"article": {"id": "x", "text": SEED_003.read_text("utf-8")}, "gold": bad})
    assert "evidence for figure 1 is not in the article" in str(caught.value)
