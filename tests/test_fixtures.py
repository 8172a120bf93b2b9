"""The hand-labelled evaluation fixtures (evals/fixtures): valid, exactly grounded, in sync.

Every gold item must be verified on the exact article text, its scoring aids must point at real
items, and relabelling each hand-written draft (evals/fixtures/src) must reproduce the committed
fixture byte for byte, so drafts and fixtures cannot drift. See evals/LABELLING.md.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from summarizer.eval.scoring.fixtures import (
    Fixture,
    label,
    load_fixture,
    load_fixtures,
    write_fixture,
)
from summarizer.find.quantities import find_quantities, value_occurs_in
from summarizer.schema.briefing import Attribution, Event, Evidence, Figure
from tests.conftest import SEED_000, SEED_003

FIXTURES = Path(__file__).resolve().parent.parent / "evals" / "fixtures"
SOURCES = FIXTURES / "src"
PATHS = sorted(FIXTURES.glob("*.json"))
KINDS: dict[str, type[BaseModel]] = {
    "events": Event,
    "figures": Figure,
    "attributions": Attribution,
}
MIN_FIXTURES = 12
MIN_CORPUS = 10
SEED_TEXTS = {"seed-000-jabaliya": SEED_000, "seed-003-rafah": SEED_003}


def _items(fixture: Fixture, kind: str) -> Sequence[Event | Figure | Attribution]:
    items: Sequence[Event | Figure | Attribution] = getattr(fixture.gold, kind)
    return items


def _at(evidence: Evidence, text: str) -> str:
    assert evidence.start is not None
    assert evidence.end is not None
    return text[evidence.start : evidence.end]


@pytest.fixture(params=PATHS, ids=[p.stem for p in PATHS])
def path(request: pytest.FixtureRequest) -> Path:
    chosen: Path = request.param
    return chosen


@pytest.fixture
def fixture(path: Path) -> Fixture:
    return load_fixture(path)


def test_the_set_is_large_enough_and_credited() -> None:
    fixtures = load_fixtures(FIXTURES)
    assert len(fixtures) >= MIN_FIXTURES
    assert len({f.id for f in fixtures}) == len(fixtures)
    corpus = [f for f in fixtures if f.article.outlet == "Wikinews"]
    assert len(corpus) >= MIN_CORPUS
    for f in corpus:
        assert f.article.url
        assert f.article.url.startswith("http://en.wikinews.org/wiki/")
        assert f.article.credit
        assert "CC BY" in f.article.credit
        assert f.article.url in f.article.credit
        assert f.article.title
        assert f.article.published
    for f in fixtures:
        assert f.article.credit, f"{f.id} has no credit"


def test_seed_fixtures_hold_the_seed_articles() -> None:
    by_id = {f.id: f for f in load_fixtures(FIXTURES)}
    for article_id, seed in SEED_TEXTS.items():
        assert by_id[article_id].article.text == seed.read_text("utf-8")


def test_fixture_is_named_after_its_article(path: Path, fixture: Fixture) -> None:
    assert path.stem == fixture.id
    assert fixture.annotator
    assert fixture.notes


def test_items_round_trip_through_the_production_schemas(path: Path) -> None:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    for kind, model in KINDS.items():
        for raw in data["gold"][kind]:
            item = model.model_validate(raw)
            assert item.model_dump(mode="json") == raw
    assert Fixture.model_validate(data).model_dump(mode="json") == data


def test_every_gold_item_is_verified_at_its_offsets(fixture: Fixture) -> None:
    text = fixture.article.text
    for kind in KINDS:
        for n, item in enumerate(_items(fixture, kind)):
            where = f"{fixture.id} {kind}[{n}]"
            assert item.grounding.status == "verified", where
            assert item.grounding.problems == [], where
            assert item.evidence.match == "exact", where
            assert item.evidence.edit_distance == 0, where
            assert _at(item.evidence, text) == item.evidence.text, where


def test_figure_values_occur_in_their_evidence(fixture: Fixture) -> None:
    for n, figure in enumerate(fixture.gold.figures):
        where = f"{fixture.id} figures[{n}] {figure.number!r}"
        span = _at(figure.evidence, fixture.article.text)
        assert value_occurs_in(figure.value, span), where
        if figure.value_max is not None:
            assert figure.qualifier == "range", where
            assert value_occurs_in(figure.value_max, span), where


def test_direct_quotes_are_verbatim_inside_their_evidence(fixture: Fixture) -> None:
    text = fixture.article.text
    for n, attribution in enumerate(fixture.gold.attributions):
        where = f"{fixture.id} attributions[{n}]"
        if attribution.quote_type == "indirect":
            assert attribution.quote is None, where
            assert attribution.quote_span is None, where
            continue
        assert attribution.quote, where
        assert attribution.quote in text, where
        span = attribution.quote_span
        assert span is not None, where
        assert span.match == "exact", where
        assert _at(span, text) == attribution.quote, where
        evidence = attribution.evidence
        assert evidence.start is not None, where
        assert evidence.end is not None, where
        assert span.start is not None, where
        assert span.end is not None, where
        assert evidence.start <= span.start, where
        assert span.end <= evidence.end, where


def test_headline_and_summary_numbers_are_in_the_article(fixture: Fixture) -> None:
    for prose in (fixture.gold.headline, fixture.gold.summary):
        for quantity in find_quantities(prose):
            assert value_occurs_in(quantity.value, fixture.article.text), quantity.text


def test_optional_and_alternatives_point_at_gold_items(fixture: Fixture) -> None:
    assert set(fixture.optional) <= set(KINDS)
    assert set(fixture.alternatives) <= set(KINDS)
    for kind, indices in fixture.optional.items():
        assert len(set(indices)) == len(indices), kind
        assert all(0 <= i < len(_items(fixture, kind)) for i in indices), kind
    for kind, by_index in fixture.alternatives.items():
        fields = set(KINDS[kind].model_fields)
        for index, options in by_index.items():
            assert index.isdigit(), (kind, index)
            assert int(index) < len(_items(fixture, kind)), (kind, index)
            assert options, (kind, index)
            for option in options:
                assert option, (kind, index)
                assert set(option) <= fields, (kind, index, option)


def test_alias_keys_are_gold_speakers_named_in_the_article(fixture: Fixture) -> None:
    speakers = {a.speaker for a in fixture.gold.attributions}
    text = fixture.article.text.lower()
    for speaker, aliases in fixture.aliases.items():
        assert speaker in speakers, speaker
        assert aliases, speaker
        for alias in aliases:
            assert alias.lower() in text, (speaker, alias)


@pytest.mark.parametrize(
    "source", sorted(SOURCES.glob("*.json")), ids=lambda p: p.stem if isinstance(p, Path) else ""
)
def test_relabelling_the_draft_reproduces_the_fixture(source: Path, tmp_path: Path) -> None:
    fixture = label(json.loads(source.read_text("utf-8")))
    assert fixture.id == source.stem
    written = tmp_path / source.name
    write_fixture(fixture, written)
    committed = FIXTURES / source.name
    assert committed.exists(), f"run evals/relabel.py: {committed.name} is missing"
    assert written.read_text("utf-8") == committed.read_text("utf-8"), (
        f"{committed.name} is stale: run evals/relabel.py and review the diff"
    )


def test_every_fixture_has_a_draft() -> None:
    assert {p.stem for p in PATHS} == {p.stem for p in SOURCES.glob("*.json")}
