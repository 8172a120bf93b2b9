"""FunctionEngine: the real pipeline with a Python function as the model, no server."""

from __future__ import annotations

import json
from typing import Any

import pytest

from summarizer import (
    Article,
    Attribution,
    EngineRequest,
    Event,
    Figure,
    FunctionEngine,
    Summarizer,
    SummarizerError,
)
from summarizer.find.candidates import Candidates, find_candidates
from tests.conftest import SEED_003, seed_article
from tests.payloads import SEED_003_DRAFT
from tests.test_cite_summarize import seed_003_reply


@pytest.fixture(autouse=True)
def _no_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    # No endpoint at all: a custom engine needs none, and nothing may fall back to one.
    monkeypatch.delenv("OPENAI_BASE_URL")
    monkeypatch.delenv("SUMMARIZER_STRATEGY")


@pytest.fixture(scope="module")
def seed_003() -> Candidates:
    return find_candidates(SEED_003.read_text("utf-8"))


def test_the_function_answers_by_id_and_the_library_builds_exact_evidence(
    seed_003: Candidates,
) -> None:
    engine = FunctionEngine(lambda request: seed_003_reply(seed_003), model="my-fake")
    article = seed_article(SEED_003)
    with Summarizer(engine=engine, mode="tools") as summarizer:
        briefing = summarizer.summarize(article)
    assert briefing.provenance.model == "my-fake"
    assert briefing.provenance.cost_usd == 0
    assert [f.number for f in briefing.figures] == ["9,061", "3,760"]
    items: list[Event | Figure | Attribution] = [
        *briefing.events,
        *briefing.figures,
        *briefing.attributions,
    ]
    for item in items:
        start, end = item.evidence.start, item.evidence.end
        assert start is not None
        assert end is not None
        assert item.evidence.text == article.text[start:end]
    (request,) = engine.requests
    numbers = request.schema["$defs"]["CitedFigure"]["properties"]["number"]["enum"]
    assert numbers == [n.id for n in seed_003.numbers]
    assert "[S1] " in request.article


def test_an_invalid_reply_is_re_asked_and_the_function_sees_the_problems(
    seed_003: Candidates,
) -> None:
    def reply(request: EngineRequest) -> dict[str, Any]:
        good = seed_003_reply(seed_003)
        if len(engine.requests) == 1:
            good["figures"] = [{"number": "N999", "measure": "invented"}]
        return good

    engine = FunctionEngine(reply)
    with Summarizer(engine=engine, mode="json_schema") as summarizer:
        briefing = summarizer.summarize(seed_article(SEED_003))
    assert len(engine.requests) == 2
    assert "N999" in json.dumps(engine.requests[1].messages)
    assert engine.requests[1].article == engine.requests[0].article  # the article, not the re-ask
    assert "Rafah" in engine.requests[1].article
    assert engine.requests[0].schema["title"] == "CitedBriefingDraft"
    assert briefing.provenance.usage.attempts == 2


def test_the_quote_strategy_runs_through_a_function_too() -> None:
    engine = FunctionEngine(lambda request: json.dumps(SEED_003_DRAFT))
    with Summarizer(engine=engine, strategy="quote", mode="tools") as summarizer:
        briefing = summarizer.summarize(seed_article(SEED_003))
    assert briefing.provenance.strategy == "quote"
    assert briefing.figures
    assert "evidence" in json.dumps(engine.requests[0].schema)  # the model copies its evidence


def test_a_function_that_raises_fails_its_article_in_a_batch_and_loses_none(
    seed_003: Candidates,
) -> None:
    def reply(request: EngineRequest) -> dict[str, Any]:
        if "Rafah" not in request.article:
            msg = "this fake only knows seed 003"
            raise LookupError(msg)
        return seed_003_reply(seed_003)

    articles: list[str | Article] = [
        seed_article(SEED_003),
        "A short article about nothing in particular at all.",
    ]
    with Summarizer(engine=FunctionEngine(reply), mode="tools") as summarizer:
        results = {r.id: r for r in summarizer.summarize_many(articles, concurrency=2)}
        with pytest.raises(SummarizerError, match=r"\(the engine raised\): LookupError: this fake"):
            summarizer.summarize(articles[1])
    assert len(results) == 2
    statuses = sorted(r.status for r in results.values())
    assert statuses == ["error", "ok"]
    failed = next(r for r in results.values() if r.status == "error")
    assert failed.error is not None
    assert "only knows seed 003" in failed.error.message


def test_a_custom_engine_needs_no_endpoint_configuration() -> None:
    with pytest.raises(SummarizerError, match="no LLM endpoint"):
        Summarizer(engine="endpoint")
    Summarizer(engine=FunctionEngine(lambda request: "{}")).close()
