"""The briefing cache: what its key covers, what a served briefing says, that it needs no NLP."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Article, FunctionEngine, Summarizer
from summarizer.find.candidates import Candidates, find_candidates
from tests.conftest import SEED_003
from tests.test_cite_summarize import seed_003_reply


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("SUMMARIZER_STRATEGY")  # the default, cite: the strategy that runs NLP


@pytest.fixture(scope="module")
def seed_003() -> Candidates:
    return find_candidates(SEED_003.read_text("utf-8"))


def _article(article_id: str, **metadata: str) -> Article:
    fields = {"published": "2023-11-02", "title": "Rafah crossing opens", **metadata}
    return Article(id=article_id, text=SEED_003.read_text("utf-8"), **fields)


def _summarizer(engine: FunctionEngine, cache: Path) -> Summarizer:
    return Summarizer(engine=engine, mode="tools", cache_dir=cache)


def test_same_text_with_other_metadata_is_a_miss(seed_003: Candidates, tmp_path: Path) -> None:
    engine = FunctionEngine(lambda request: seed_003_reply(seed_003))
    with _summarizer(engine, tmp_path) as summarizer:
        first = summarizer.summarize(_article("rafah"))
        other = _article("same-text-other-id", published="2023-11-09", title="A week later")
        second = summarizer.summarize(other)
    assert len(engine.requests) == 2  # the dates resolve against another day: ask again
    assert second.provenance.article_id == "same-text-other-id"
    assert not first.provenance.cached
    assert not second.provenance.cached


@pytest.mark.parametrize("field", ["title", "outlet", "url", "published"])
def test_every_field_that_reaches_the_prompt_is_in_the_key(
    seed_003: Candidates, tmp_path: Path, field: str
) -> None:
    engine = FunctionEngine(lambda request: seed_003_reply(seed_003))
    changed = "2023-11-03" if field == "published" else f"other {field}"
    with _summarizer(engine, tmp_path) as summarizer:
        summarizer.summarize(_article("a"))
        summarizer.summarize(_article("a", **{field: changed}))
    assert len(engine.requests) == 2


def test_same_text_and_metadata_under_another_id_is_served_and_says_so(
    seed_003: Candidates, tmp_path: Path
) -> None:
    engine = FunctionEngine(lambda request: seed_003_reply(seed_003))
    with _summarizer(engine, tmp_path) as summarizer:
        first = summarizer.summarize(_article("rafah"))
        served, from_cache = summarizer.summarize_traced(_article("rafah-copy"))
    assert len(engine.requests) == 1
    assert from_cache
    assert served.provenance.article_id == "rafah-copy"
    assert served.provenance.cached
    assert served.figures == first.figures
    assert served.provenance.usage == first.provenance.usage  # what making it cost, then


def test_a_cached_article_runs_no_nlp(
    seed_003: Candidates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = FunctionEngine(lambda request: seed_003_reply(seed_003))
    with _summarizer(engine, tmp_path) as summarizer:
        summarizer.summarize(_article("rafah"))

    def no_nlp(*args: object, **kwargs: object) -> None:
        raise AssertionError("candidates were found for a cached article")

    monkeypatch.setattr("summarizer.pipeline.candidates_per_part", no_nlp)
    with _summarizer(engine, tmp_path) as summarizer:
        again = summarizer.summarize(_article("rafah"))
    assert again.provenance.cached
    assert len(engine.requests) == 1


def _package(root: Path, rules: str, cli: str) -> Path:
    (root / "find").mkdir(parents=True)
    (root / "cli").mkdir()
    (root / "find" / "measures.py").write_text(rules, encoding="utf-8")
    (root / "cli" / "main.py").write_text(cli, encoding="utf-8")
    return root


def test_the_key_moves_with_the_code_that_shapes_a_briefing(tmp_path: Path) -> None:
    from summarizer.store.cache import code_digest

    before = code_digest(_package(tmp_path / "a", "RULES = 1\n", "HELP = 'x'\n"))
    same = code_digest(_package(tmp_path / "b", "RULES = 1\n", "HELP = 'x'\n"))
    new_rules = code_digest(_package(tmp_path / "c", "RULES = 2\n", "HELP = 'x'\n"))
    new_help = code_digest(_package(tmp_path / "d", "RULES = 1\n", "HELP = 'y'\n"))
    assert before == same == new_help  # the command line's text shapes no briefing
    assert new_rules != before


def test_a_briefing_cached_by_other_rules_is_not_served(
    seed_003: Candidates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.store import cache

    engine = FunctionEngine(lambda request: seed_003_reply(seed_003))
    monkeypatch.setattr(cache, "code_digest", lambda: "rules-of-yesterday")
    with _summarizer(engine, tmp_path) as summarizer:
        summarizer.summarize(_article("rafah"))
        summarizer.summarize(_article("rafah"))  # same rules: served
    assert len(engine.requests) == 1
    monkeypatch.setattr(cache, "code_digest", lambda: "rules-of-today")
    with _summarizer(engine, tmp_path) as summarizer:
        again, from_cache = summarizer.summarize_traced(_article("rafah"))
    assert len(engine.requests) == 2
    assert not from_cache
    assert not again.provenance.cached
