"""summarize() end to end over real HTTP: openai client and instructor against a scripted server."""

from __future__ import annotations

import asyncio
import hashlib
import json
from typing import Any

import pytest

from summarizer import (
    Article,
    Attribution,
    Briefing,
    ConfigurationError,
    Event,
    Figure,
    Summarizer,
    summarize,
)
from summarizer.prompt.render import OPEN_MARKER
from summarizer.schema.briefing import SCHEMA_VERSION, ItemLimits
from summarizer.schema.pricing import PRICES
from tests.conftest import SEED_000, SEED_003, Make, Waits, seed_article
from tests.fake_openai import Reply, ScriptedOpenAIServer
from tests.payloads import SEED_000_DRAFT, SEED_003_DRAFT, with_item


def _spans(briefing: Briefing) -> list[tuple[str, int | None, int | None, str]]:
    items: list[Event | Figure | Attribution] = [
        *briefing.events,
        *briefing.figures,
        *briefing.attributions,
    ]
    return [(i.evidence.text, i.evidence.start, i.evidence.end, i.grounding.status) for i in items]


@pytest.mark.parametrize(
    ("path", "payload"), [(SEED_003, SEED_003_DRAFT), (SEED_000, SEED_000_DRAFT)]
)
def test_seed_offsets_point_at_the_quoted_words(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, path: Any, payload: dict[str, Any]
) -> None:
    article = seed_article(path)
    server.enqueue(Reply(payload))
    briefing = make().summarize(article)

    spans = _spans(briefing)
    assert len(spans) == sum(len(payload[k]) for k in ("events", "figures", "attributions"))
    for text, start, end, status in spans:
        assert status == "verified"
        assert start == article.text.find(text)
        assert end == start + len(text)
        assert article.text[start:end] == text
    assert len(server.completions) == 1


def test_direct_quote_gets_its_own_span(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    article = seed_article(SEED_003)
    server.enqueue(Reply(SEED_003_DRAFT))
    briefing = make().summarize(article)
    jordan = briefing.attributions[1]
    assert jordan.quote_span is not None
    assert jordan.quote_span.start is not None
    assert article.text[jordan.quote_span.start : jordan.quote_span.end] == (
        "humanitarian catastrophe"
    )


def test_figures_are_normalised_and_traced(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(Reply(SEED_003_DRAFT))
    briefing = make().summarize(seed_article(SEED_003))
    values = {(f.value, f.qualifier) for f in briefing.figures}
    assert values == {(9061.0, "exact"), (3760.0, "exact"), (1400.0, "more_than")}


def test_provenance_is_stamped(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    article = seed_article(SEED_003)
    server.enqueue(Reply(SEED_003_DRAFT, prompt_tokens=1000, completion_tokens=500))
    summarizer = make()
    provenance = summarizer.summarize(article).provenance

    assert provenance.article_id == article.id
    assert provenance.text_sha256 == hashlib.sha256(article.text.encode()).hexdigest()
    assert provenance.prompt_version == summarizer.prompt_version
    assert provenance.schema_version == SCHEMA_VERSION
    assert (provenance.model, provenance.endpoint, provenance.mode) == (
        "gpt-4o-mini",
        "openai-compatible",
        "tools",
    )
    assert provenance.usage.prompt_tokens == 1000
    assert provenance.usage.completion_tokens == 500
    assert provenance.usage.attempts == 1
    assert provenance.cost_usd == pytest.approx(PRICES["gpt-4o-mini"].cost(provenance.usage))
    assert provenance.created_at.tzinfo is not None


def test_unknown_model_has_no_cost(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    server.enqueue(Reply(SEED_003_DRAFT))
    briefing = make(model="my-finetune").summarize(seed_article(SEED_003))
    assert briefing.provenance.cost_usd is None


@pytest.mark.parametrize(
    ("endpoint", "mode"),
    [
        ("openai", "tools"),
        ("openai", "json_schema"),
        ("openai-compatible", "json"),
        ("llamacpp", "json"),
        ("llamacpp", "json_schema"),
    ],
)
def test_request_shape_per_mode(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, endpoint: str, mode: str
) -> None:
    server.enqueue(Reply(SEED_003_DRAFT))
    make(endpoint=endpoint, mode=mode).summarize(seed_article(SEED_003))

    body = server.completions[0].body or {}
    assert body["model"] == "gpt-4o-mini"
    assert body["temperature"] == 0.0
    budget_key = "max_completion_tokens" if endpoint == "openai" else "max_tokens"
    assert body[budget_key] == 4096
    messages = body["messages"]
    assert [m["role"] for m in messages] == ["system", "user"]
    assert OPEN_MARKER in messages[1]["content"]
    assert OPEN_MARKER not in messages[0]["content"].split("between the markers")[1][40:]
    if mode == "tools":
        assert body["tools"][0]["function"]["name"] == "BriefingDraft"
        assert body["tool_choice"]["function"]["name"] == "BriefingDraft"
        assert "evidence" in str(body["tools"][0]["function"]["parameters"])
        assert "response_format" not in body
    elif mode == "json_schema" and endpoint == "llamacpp":
        assert body["response_format"]["type"] == "json_object"
        assert "maxLength" not in json.dumps(body["response_format"]["schema"])
        assert '"evidence"' not in messages[0]["content"]  # the decoder has it, not the prompt
    elif mode == "json_schema":
        assert body["response_format"]["type"] == "json_schema"
        assert body["response_format"]["json_schema"]["name"] == "BriefingDraft"
        assert "tools" not in body
    else:
        assert body["response_format"]["type"] == "json_object"
        assert '"evidence"' in messages[0]["content"]  # the schema rides in the prompt
        constrained = endpoint == "llamacpp"
        assert ("schema" in body["response_format"]) is constrained
        if constrained:
            # llama.cpp turns long string limits into grammars its parser rejects.
            decoder = json.dumps(body["response_format"]["schema"])
            assert "maxLength" not in decoder
            assert '"maxItems": 12' in decoder


def test_reask_carries_the_grounding_message(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    invented = "a secret report counted more than 1,400 dead in Tel Aviv alone"
    bad = with_item(SEED_003_DRAFT, "figures", 2, evidence=invented)
    server.enqueue(Reply(bad, prompt_tokens=1000, completion_tokens=400))
    server.enqueue(Reply(SEED_003_DRAFT, prompt_tokens=1500, completion_tokens=450))

    briefing = make(max_reasks=2).summarize(seed_article(SEED_003))

    assert len(server.completions) == 2
    reask = server.completions[1].messages
    feedback = " ".join(str(m.get("content")) for m in reask[2:])
    assert f"evidence for figure 3 is not in the article: '{invented}'" in feedback
    assert "does not occur in its evidence" not in feedback  # 1,400 is in the invented words
    assert all(s[3] == "verified" for s in _spans(briefing))
    usage = briefing.provenance.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.attempts) == (2500, 850, 2)


@pytest.mark.parametrize("policy", ["strict", "lenient"])
def test_grounding_policy_after_the_reask_budget(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, policy: str
) -> None:
    bad = with_item(
        SEED_003_DRAFT, "attributions", 0, speaker="Minister Nobody", evidence="made-up words"
    )
    server.enqueue(Reply(bad), Reply(bad))

    briefing = make(max_reasks=1, grounding=policy).summarize(seed_article(SEED_003))

    assert len(server.completions) == 2  # first try + exactly one re-ask
    speakers = [a.speaker for a in briefing.attributions]
    if policy == "strict":
        assert speakers == ["Jordan"]
        assert briefing.provenance.dropped_items == 1
        assert all(a.grounding.status != "unverified" for a in briefing.attributions)
    else:
        assert speakers == ["Minister Nobody", "Jordan"]
        marked = briefing.attributions[0].grounding
        assert marked.status == "unverified"
        assert any("not named in the article" in p for p in marked.problems)
        assert any("evidence for attribution 1 is not in the article" in p for p in marked.problems)
        assert briefing.attributions[0].evidence.start is None


def test_repaired_evidence_records_the_edit(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    article = seed_article(SEED_003)
    # Straight quotes where the article has curly ones: found after normalisation, not verbatim.
    straightened = with_item(
        SEED_003_DRAFT,
        "attributions",
        1,
        evidence='the war and the "humanitarian catastrophe" it is causing',
    )
    server.enqueue(Reply(straightened))
    briefing = make().summarize(article)
    evidence = briefing.attributions[1].evidence
    assert briefing.attributions[1].grounding.status == "repaired"
    assert evidence.match == "normalized"
    assert evidence.start is not None
    assert article.text[evidence.start : evidence.end] == (
        "the war and the “humanitarian catastrophe” it is causing"
    )
    assert evidence.edit_distance == 2


def test_summary_numbers_must_be_in_the_article(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    invented = dict(SEED_003_DRAFT, summary="Officials said 12,345 people died. Troops advanced.")
    server.enqueue(Reply(invented), Reply(invented))
    briefing = make(max_reasks=1, grounding="lenient").summarize(seed_article(SEED_003))
    assert briefing.summary_grounding.status == "unverified"
    assert "'12,345'" in briefing.summary_grounding.problems[0]


def test_async_matches_sync(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    article = seed_article(SEED_003)
    server.enqueue(Reply(SEED_003_DRAFT), Reply(SEED_003_DRAFT))
    summarizer = make()
    sync = summarizer.summarize(article)

    async def run() -> Briefing:
        async with summarizer:
            return await summarizer.asummarize(article)

    async_ = asyncio.run(run())
    assert _spans(sync) == _spans(async_)
    assert sync.model_dump(exclude={"provenance"}) == async_.model_dump(exclude={"provenance"})


def test_module_level_summarize_reads_the_environment(
    server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("SUMMARIZER_MODEL", "env-model")
    monkeypatch.setenv("SUMMARIZER_MODE", "json")
    server.enqueue(Reply(SEED_003_DRAFT))
    briefing = summarize(SEED_003.read_text("utf-8"))
    body = server.completions[0].body or {}
    assert body["model"] == "env-model"
    assert body["response_format"]["type"] == "json_object"
    assert briefing.provenance.article_id.startswith("sha256:")


def test_given_client_is_used_without_its_own_retries(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    import openai

    client = openai.OpenAI(base_url=server.base_url, api_key="k", max_retries=5)
    server.enqueue(Reply(SEED_003_DRAFT))
    with client, Summarizer(client=client, model="gpt-4o-mini", mode="tools") as summarizer:
        briefing = summarizer.summarize(Article(text=SEED_003.read_text("utf-8"), id="x"))
    assert briefing.provenance.endpoint == "openai-compatible"
    assert len(server.completions) == 1


def test_item_limits_reach_the_prompt_and_the_decoder_and_cut_longer_lists(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A llama.cpp server enforces the limits as maxItems; a reply over them loses its tail
    (the least important items), counted as malformed, without a re-ask."""
    monkeypatch.setenv("SUMMARIZER_MAX_ITEMS", "2,1,1")
    server.enqueue(Reply(SEED_003_DRAFT))
    summarizer = make(endpoint="llamacpp", mode="json_schema", max_reasks=1)
    assert summarizer.settings.max_items == ItemLimits(events=2, figures=1, attributions=1)
    briefing = summarizer.summarize(seed_article(SEED_003))

    body = server.completions[0].body or {}
    schema = body["response_format"]["schema"]["properties"]
    assert [schema[k]["maxItems"] for k in ("events", "figures", "attributions")] == [2, 1, 1]
    assert "at most 2 events, 1 figures and\n1 attributions" in body["messages"][0]["content"]
    assert len(server.completions) == 1  # no re-ask spent on items nobody asked for
    sent = {k: SEED_003_DRAFT[k] for k in ("events", "figures", "attributions")}
    assert [e.action for e in briefing.events] == [e["action"] for e in sent["events"][:2]]
    assert [f.number for f in briefing.figures] == [sent["figures"][0]["number"]]
    assert len(briefing.attributions) == 1
    kept = len(briefing.events) + len(briefing.figures) + len(briefing.attributions)
    assert briefing.provenance.malformed_items == sum(len(v) for v in sent.values()) - kept


def test_item_limits_are_checked_when_read(make: Make, monkeypatch: pytest.MonkeyPatch) -> None:
    for bad in ("5,6", "a,b,c", "5,6,-1", "13,1,1"):
        monkeypatch.setenv("SUMMARIZER_MAX_ITEMS", bad)
        with pytest.raises(ConfigurationError, match="SUMMARIZER_MAX_ITEMS"):
            make()
    monkeypatch.delenv("SUMMARIZER_MAX_ITEMS")
    assert make().settings.max_items == ItemLimits()  # endpoints get the schema's own limits
    with pytest.raises(ValueError, match="figures limit must be 0 to 15"):
        ItemLimits(figures=16)


def test_an_argument_is_checked_as_its_environment_variable_is(make: Make) -> None:
    with pytest.raises(ConfigurationError, match=r"endpoint='bogus' is not valid: expected one of"):
        make(endpoint="bogus")
    with pytest.raises(ConfigurationError, match=r"timeout=-1 is not valid"):
        make(timeout=-1)
    with pytest.raises(ConfigurationError, match=r"grounding='loose' is not valid"):
        make(grounding="loose")
    assert make(timeout=0.5, max_retries=0, temperature=0.2).settings.timeout == 0.5
