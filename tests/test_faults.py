"""Every fault ends as its documented result: retried, re-asked, or a clear error with usage."""

from __future__ import annotations

import asyncio
import json
import socket

import pytest

from summarizer import (
    Briefing,
    ExtractionError,
    OutputTruncatedError,
    ProviderError,
    RefusalError,
    Summarizer,
    SummarizerError,
)
from tests.conftest import API_KEY, SEED_003, Make, Waits, seed_article
from tests.fake_openai import Fault, Hang, RawBody, Reply, Reset, ScriptedOpenAIServer
from tests.payloads import SEED_003_DRAFT, with_item


async def _asummarize(summarizer: Summarizer) -> Briefing:
    async with summarizer:
        return await summarizer.asummarize(seed_article(SEED_003))


def test_429_honours_retry_after(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    server.enqueue(Fault(429, retry_after="7"), Reply(SEED_003_DRAFT))
    briefing = make().summarize(seed_article(SEED_003))
    assert waits == [7.0]
    assert len(server.completions) == 2
    assert briefing.provenance.usage.requests == 2
    assert briefing.provenance.usage.attempts == 1


def test_retry_after_is_capped(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    server.enqueue(Fault(429, retry_after="3600"), Reply(SEED_003_DRAFT))
    make().summarize(seed_article(SEED_003))
    assert waits == [60.0]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_back_off_exponentially(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, status: int
) -> None:
    server.enqueue(Fault(status), Fault(status), Fault(status), Reply(SEED_003_DRAFT))
    make().summarize(seed_article(SEED_003))
    assert len(server.completions) == 4
    # Full jitter: each wait is random but bounded by initial_wait * 2**attempt.
    assert len(waits) == 3
    assert all(0 <= w <= 0.5 * 2 ** (n + 1) for n, w in enumerate(waits))


def test_timeout_is_retried(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    server.enqueue(Hang(10), Reply(SEED_003_DRAFT))
    briefing = make(timeout=0.5).summarize(seed_article(SEED_003))
    assert len(server.completions) == 2
    assert briefing.provenance.usage.requests == 2


def test_dropped_connection_is_retried(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(Reset(), Reply(SEED_003_DRAFT))
    make().summarize(seed_article(SEED_003))
    assert len(server.completions) == 2


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_a_refused_connection_is_retried_but_never_counted_as_a_request(
    waits: Waits, make: Make, flavour: str
) -> None:
    # A port bound but not listening: every connect is refused, no request reaches anyone.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        summarizer = make(base_url=f"http://127.0.0.1:{closed.getsockname()[1]}/v1")
        article = seed_article(SEED_003)

        def run() -> Briefing:
            if flavour == "sync":
                return summarizer.summarize(article)
            return asyncio.run(_asummarize(summarizer))

        with pytest.raises(ProviderError) as caught:
            run()
    assert len(waits) == 3  # retried like any dropped connection
    assert caught.value.attempts == 0
    assert caught.value.usage is not None
    assert caught.value.usage.requests == 0


def test_persistent_503_is_a_provider_error(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(*[Fault(503, message="overloaded")] * 4)
    with pytest.raises(ProviderError) as caught:
        make().summarize(seed_article(SEED_003))
    error = caught.value
    assert error.status_code == 503
    assert error.attempts == 4  # first request + max_retries=3
    assert error.article_id == SEED_003.stem
    assert "HTTP 503" in str(error)
    assert "overloaded" in str(error)
    assert len(server.completions) == 4


def test_auth_failure_is_not_retried_and_hides_the_key(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(Fault(401, message=f"Incorrect API key provided: {API_KEY}"))
    with pytest.raises(ProviderError) as caught:
        make().summarize(seed_article(SEED_003))
    assert len(server.completions) == 1
    assert "OPENAI_API_KEY" in str(caught.value)
    assert API_KEY not in str(caught.value)
    assert API_KEY not in repr(caught.value.__dict__)


def test_malformed_json_is_reasked(server: ScriptedOpenAIServer, waits: Waits, make: Make) -> None:
    server.enqueue(Reply('{"headline": "x", "summary": '), Reply(SEED_003_DRAFT))
    briefing = make().summarize(seed_article(SEED_003))
    assert len(server.completions) == 2
    assert briefing.provenance.usage.attempts == 2


def test_schema_invalid_output_is_reasked(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    invalid = {"headline": "x", "summary": "y", "events": "none", "figures": []}
    server.enqueue(Reply(invalid), Reply(SEED_003_DRAFT))
    make().summarize(seed_article(SEED_003))
    feedback = json.dumps(server.completions[1].messages[2:])
    assert "events" in feedback
    assert "attributions" in feedback


def test_permanently_invalid_output_is_an_extraction_error(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(*[Reply('{"headline": 1}', prompt_tokens=10, completion_tokens=5)] * 3)
    with pytest.raises(ExtractionError) as caught:
        make(max_reasks=2).summarize(seed_article(SEED_003))
    error = caught.value
    assert len(server.completions) == 3
    assert error.attempts == 3
    assert error.raw_output == '{"headline": 1}'
    assert error.usage is not None
    assert (error.usage.prompt_tokens, error.usage.completion_tokens) == (30, 15)
    assert "no valid briefing after 3 attempts" in str(error)
    assert error.last_error


@pytest.mark.parametrize("policy", ["strict", "lenient"])
def test_an_item_still_invalid_after_the_reasks_is_removed_not_the_briefing(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, policy: str
) -> None:
    # A small model wrote words where a number belongs, and again after being told.
    wordy = with_item(SEED_003_DRAFT, "figures", 1, number="fuel efficient Fiat technology")
    server.enqueue(Reply(wordy), Reply(wordy))

    briefing = make(max_reasks=1, grounding=policy).summarize(seed_article(SEED_003))

    feedback = json.dumps(server.completions[1].messages[2:])
    assert "cannot read a number from 'fuel efficient Fiat technology'" in feedback
    expected = [f["evidence"] for i, f in enumerate(SEED_003_DRAFT["figures"]) if i != 1]
    assert [f.evidence.text for f in briefing.figures] == expected
    assert len(briefing.events) == len(SEED_003_DRAFT["events"])
    assert briefing.provenance.malformed_items == 1
    assert briefing.provenance.dropped_items == 0


def test_items_beyond_the_list_limit_are_removed_on_the_last_attempt(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    looping = json.loads(json.dumps(SEED_003_DRAFT))
    looping["events"] = (SEED_003_DRAFT["events"] * 13)[:13]  # one over the limit of 12
    server.enqueue(Reply(looping))

    briefing = make(max_reasks=0).summarize(seed_article(SEED_003))

    assert briefing.provenance.malformed_items == 1
    assert len(briefing.events) <= 12  # (and the repeats are merged as duplicates)


def test_an_invalid_headline_still_fails_the_briefing(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    # Only list items can be removed; a briefing without a valid headline is no briefing.
    server.enqueue(Reply({**SEED_003_DRAFT, "headline": ""}))
    with pytest.raises(ExtractionError, match="headline"):
        make(max_reasks=0).summarize(seed_article(SEED_003))


def test_truncation_is_retried_with_a_larger_budget(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(Reply('{"headline": "Gaza', finish_reason="length"), Reply(SEED_003_DRAFT))
    briefing = make(max_output_tokens=1000).summarize(seed_article(SEED_003))
    budgets = [(r.body or {})["max_tokens"] for r in server.completions]
    assert budgets == [1000, 2000]
    assert briefing.provenance.usage.attempts == 2


def test_persistent_truncation_is_a_clear_error(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    cut = Reply('{"headline": "Gaza', finish_reason="length", completion_tokens=1000)
    server.enqueue(cut, cut)
    with pytest.raises(OutputTruncatedError) as caught:
        make(max_output_tokens=1000).summarize(seed_article(SEED_003))
    error = caught.value
    assert "output limit" in str(error)
    assert error.usage is not None
    assert error.usage.completion_tokens == 2000
    assert error.raw_output == '{"headline": "Gaza'
    assert len(server.completions) == 2


@pytest.mark.parametrize("mode", ["tools", "json"])
def test_refusal_is_a_clear_error(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, mode: str
) -> None:
    server.enqueue(Reply({}, refusal="I can't help with that."))
    with pytest.raises(RefusalError) as caught:
        make(mode=mode).summarize(seed_article(SEED_003))
    assert "I can't help with that." in str(caught.value)
    assert caught.value.usage is not None
    assert caught.value.usage.attempts == 1
    assert len(server.completions) == 1


def test_malformed_http_body_is_a_provider_error(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(RawBody())
    with pytest.raises(SummarizerError) as caught:
        make().summarize(seed_article(SEED_003))
    assert isinstance(caught.value, (ProviderError, ExtractionError))
    assert caught.value.article_id == SEED_003.stem


def test_async_faults_take_the_same_path(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(Fault(429, retry_after="2"), Reset(), Reply(SEED_003_DRAFT))
    briefing = asyncio.run(_asummarize(make()))
    assert waits[0] == 2.0
    assert len(waits) == 2
    assert briefing.provenance.usage.requests == 3


def test_async_extraction_error_carries_usage(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    server.enqueue(*[Reply("not json", prompt_tokens=7, completion_tokens=3)] * 2)
    with pytest.raises(ExtractionError) as caught:
        asyncio.run(_asummarize(make(max_reasks=1)))
    assert caught.value.usage is not None
    assert caught.value.usage.prompt_tokens == 14
    assert caught.value.attempts == 2


def test_timeout_from_the_environment_reaches_the_client(
    server: ScriptedOpenAIServer, waits: Waits, make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "0.5")
    server.enqueue(Hang(10), Reply(SEED_003_DRAFT))
    summarizer = make(timeout=None)
    summarizer.summarize(seed_article(SEED_003))
    assert summarizer.settings.timeout == 0.5
    assert len(server.completions) == 2


def _letters(n: int) -> str:
    """A word of its own for every n: "ba", "bb", ... (a number would have to be the article's)."""
    return "b" + "abcdefghijklmnopqrstuvwxyz"[n // 26] + "abcdefghijklmnopqrstuvwxyz"[n % 26]


def test_an_over_long_summary_is_cut_to_whole_sentences_on_the_last_attempt(
    server: ScriptedOpenAIServer, waits: Waits, make: Make
) -> None:
    """A small model's rambling summary costs a re-ask while there is one left, then loses its
    last sentences rather than the article its briefing."""
    # Fifty different sentences: the same one again and again would be a loop, cut sooner.
    sentences = [
        f"Soldiers held {_letters(2 * n)} Street and {_letters(2 * n + 1)} Avenue. "
        for n in range(50)
    ]
    rambling = json.loads(json.dumps(SEED_003_DRAFT))
    rambling["summary"] = "".join(sentences)  # over 1,900 characters; the limit is 1,500
    server.enqueue(Reply(rambling), Reply(rambling))

    briefing = make(max_reasks=1).summarize(seed_article(SEED_003))

    assert len(server.completions) == 2  # the first attempt was re-asked
    feedback = json.dumps(server.completions[1].messages[2:])
    assert "summary" in feedback
    assert "at most 1500 characters" in feedback
    kept = briefing.summary
    assert len(kept) <= 1500 < len(kept) + len(sentences[0])  # as many whole sentences as fit
    assert "".join(sentences).startswith(kept)
    assert kept.endswith("Avenue.")
    assert briefing.provenance.malformed_items == 1
    assert len(briefing.events) == len(SEED_003_DRAFT["events"])
