"""Batches: one result per article whatever fails, resumable, cached, paced."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from pathlib import Path

import pytest

from summarizer import Article
from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.batch.run import RunOptions, execute_run
from summarizer.engine.throttle import AdaptiveLimit, Throttle
from summarizer.schema.briefing import Briefing
from tests.conftest import API_KEY, Make, Waits
from tests.fake_openai import Fault, RecordedRequest, Reply, ScriptedOpenAIServer
from tests.newsroom import Newsroom, article_text, corpus, grounded_draft


def _write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _run(options: RunOptions) -> RunSummary:
    from rich.console import Console

    quiet = RunProgress(Console(file=open("/dev/null", "w")), enabled=False)  # noqa: SIM115
    try:
        return asyncio.run(execute_run(options, quiet))
    finally:
        quiet.console.file.close()


@pytest.fixture
def endpoint(server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> ScriptedOpenAIServer:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "1")
    return server


def test_200_articles_with_faults_end_with_200_lines(
    endpoint: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    records = corpus()
    records += [dict(r, id=f"{r['id']}-again") for r in records[: 200 - len(records)]]
    inputs = _write_jsonl(tmp_path / "articles.jsonl", records)
    newsroom = Newsroom(transient_pct=30, invalid_pct=5)
    endpoint.respond_with(newsroom)
    output = tmp_path / "briefings.jsonl"

    summary = _run(RunOptions(inputs=[inputs], output=output, concurrency=16))

    lines = _lines(output)
    assert len(lines) == 200
    assert sorted(str(line["id"]) for line in lines) == sorted(str(r["id"]) for r in records)
    kinds = {str(r["id"]): newsroom.kind(str(r["text"]).strip()) for r in records}
    assert Counter(kinds.values())["transient"] > 30  # the faults really happened
    assert Counter(kinds.values())["invalid"] > 3
    for line in lines:
        expected = "error" if kinds[str(line["id"])] == "invalid" else "ok"
        assert line["status"] == expected, line
        if expected == "error":
            error = line["error"]
            assert isinstance(error, dict)
            assert error["kind"] == "ExtractionError"
            assert "no valid briefing after 3 attempts" in str(error["message"])
            assert "headline" in str(error["message"])
    assert summary.failed == Counter(kinds.values())["invalid"]
    assert summary.done == 200 - summary.failed


def test_rerun_resumes_and_sends_nothing_twice(
    endpoint: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    records = corpus()[:12]
    inputs = _write_jsonl(tmp_path / "articles.jsonl", records)
    output = tmp_path / "briefings.jsonl"
    endpoint.respond_with(Newsroom())
    first = _run(RunOptions(inputs=[inputs], output=output))
    sent = len(endpoint.completions)
    # A torn line, as a kill -9 mid-write would leave, must be cut off, not duplicated.
    with output.open("ab") as handle:
        handle.write(b'{"id": "torn", "status": "o')
    second = _run(RunOptions(inputs=[inputs], output=output))

    assert (first.done, second.done, second.skipped) == (12, 0, 12)
    assert len(endpoint.completions) == sent
    assert sorted(str(line["id"]) for line in _lines(output)) == sorted(
        str(r["id"]) for r in records
    )


def test_retry_errors_reruns_only_failures(endpoint: ScriptedOpenAIServer, tmp_path: Path) -> None:
    records = corpus()[:4]
    inputs = _write_jsonl(tmp_path / "articles.jsonl", records)
    output = tmp_path / "briefings.jsonl"
    broken = str(records[0]["text"]).strip()
    newsroom = Newsroom()
    endpoint.respond_with(
        lambda request: Fault(400) if article_text(request) == broken else newsroom(request)
    )
    _run(RunOptions(inputs=[inputs], output=output))
    assert [line["status"] for line in _lines(output)].count("error") == 1
    endpoint.respond_with(newsroom)
    summary = _run(RunOptions(inputs=[inputs], output=output, retry_errors=True))
    assert (summary.done, summary.skipped) == (1, 3)
    assert [line["status"] for line in _lines(output)] == ["ok"] * 4


def test_cache_makes_a_rerun_free_and_identical(
    endpoint: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    inputs = _write_jsonl(tmp_path / "articles.jsonl", corpus()[:6])
    endpoint.respond_with(Newsroom())
    cache = tmp_path / "cache"
    first = tmp_path / "first.jsonl"
    second = tmp_path / "second.jsonl"
    _run(RunOptions(inputs=[inputs], output=first, cache_dir=cache))
    sent = len(endpoint.completions)
    summary = _run(RunOptions(inputs=[inputs], output=second, cache_dir=cache))

    assert len(endpoint.completions) == sent
    assert (summary.cached, summary.usage.total_tokens, summary.cost_usd) == (6, 0, 0.0)
    by_id = {str(line["id"]): Briefing.model_validate(line["briefing"]) for line in _lines(first)}
    served = {str(line["id"]): Briefing.model_validate(line["briefing"]) for line in _lines(second)}
    # The same briefings, except that the second run's say they came from the cache.
    assert all(b.provenance.cached for b in served.values())
    assert not any(b.provenance.cached for b in by_id.values())
    unmarked = {i: b.model_dump(exclude={"provenance": {"cached"}}) for i, b in served.items()}
    assert unmarked == {
        i: b.model_dump(exclude={"provenance": {"cached"}}) for i, b in by_id.items()
    }
    # A different model is a different key: it misses.
    _run(RunOptions(inputs=[inputs], output=tmp_path / "third.jsonl", cache_dir=cache, model="x"))
    assert len(endpoint.completions) == sent + 6


BAD_INPUTS: dict[str, bytes] = {
    "empty.txt": b"",
    "blank.txt": b"  \n\t\n  ",
    "huge.txt": b"word " * 1_100_000,
    "latin1.txt": "caf\u00e9 au lait".encode("latin-1"),
    "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "nav.html": b"<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
}


def test_bad_inputs_become_error_records(endpoint: ScriptedOpenAIServer, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    good = corpus()[0]
    (folder / "records.jsonl").write_text(
        "not json at all\n"
        + json.dumps({"id": "no-text", "title": "x"})
        + "\n"
        + json.dumps({"id": "dup", "text": good["text"]})
        + "\n"
        + json.dumps({"id": "dup", "text": good["text"]})
        + "\n",
        encoding="utf-8",
    )
    endpoint.respond_with(Newsroom())
    output = tmp_path / "out.jsonl"
    summary = _run(RunOptions(inputs=[folder], output=output))

    kinds = {str(line["id"]): dict(line.get("error") or {}).get("kind") for line in _lines(output)}  # type: ignore[call-overload]
    assert kinds["empty"] == "EmptyArticleError"
    assert kinds["blank"] == "EmptyArticleError"
    assert kinds["huge"] == "ArticleTooLongError"
    assert kinds["latin1"] == "NotTextError"
    assert kinds["image"] == "NotTextError"
    assert kinds["nav"] == "NoArticleTextError"
    assert kinds["records:1"] == "BadRecordError"
    assert kinds["no-text"] == "BadRecordError"
    assert kinds["dup"] is None
    assert kinds["dup#2"] == "DuplicateIdError"
    assert summary.failed == 9
    assert len(endpoint.completions) == 1  # only the one good article was sent


def test_missing_input_path_is_a_clear_error(tmp_path: Path) -> None:
    from summarizer.batch.inputs import MissingInputError

    with pytest.raises(MissingInputError) as caught:
        _run(RunOptions(inputs=[tmp_path / "nope"], output=tmp_path / "o.jsonl"))
    assert "nope" in str(caught.value)


def test_api_key_never_reaches_output_cache_or_logs(
    endpoint: ScriptedOpenAIServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = corpus()[:3]
    inputs = _write_jsonl(tmp_path / "articles.jsonl", records)
    newsroom = Newsroom()
    leaky = Fault(401, message=f"Incorrect API key provided: {API_KEY}")
    endpoint.respond_with(
        lambda r: leaky if article_text(r) == str(records[0]["text"]).strip() else newsroom(r)
    )
    cache = tmp_path / "cache"
    with caplog.at_level("DEBUG"):
        _run(RunOptions(inputs=[inputs], output=tmp_path / "out.jsonl", cache_dir=cache))
    headers = {k.lower(): v for k, v in endpoint.completions[0].headers.items()}
    assert headers["authorization"] == f"Bearer {API_KEY}"  # the key was really in use
    for path in [tmp_path / "out.jsonl", *cache.rglob("*")]:
        if path.is_file():
            assert API_KEY.encode() not in path.read_bytes(), path
    assert API_KEY not in caplog.text
    assert "[redacted]" in (tmp_path / "out.jsonl").read_text("utf-8")


def test_summarize_many_yields_one_result_per_input(
    make: Make, server: ScriptedOpenAIServer
) -> None:
    server.respond_with(Newsroom(transient_pct=40))
    texts = [str(r["text"]) for r in corpus()[:10]]
    inputs: list[object] = [Article(id=f"a{i}", text=t) for i, t in enumerate(texts)]
    inputs += ["", 42]
    results = list(make().summarize_many(inputs, concurrency=3))  # type: ignore[arg-type]
    assert len(results) == 12
    statuses = {r.id: r.status for r in results}
    assert [statuses[f"a{i}"] for i in range(10)] == ["ok"] * 10
    assert sorted(r.error.kind for r in results if r.error) == ["EmptyArticleError", "NotTextError"]


def test_concurrency_bounds_the_requests_in_flight_and_is_used_in_full(
    make: Make, server: ScriptedOpenAIServer
) -> None:
    # The limit is held per request (validation runs outside it), so more articles than the limit
    # are worked on at once: the endpoint must still never see more than `concurrency` requests.
    lock, never = threading.Lock(), threading.Event()
    active, peak = [0], [0]

    def answer(request: RecordedRequest) -> Reply:
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
        never.wait(timeout=0.2)  # hold every request a while, so all that can overlap do
        with lock:
            active[0] -= 1
        return Reply(grounded_draft(article_text(request)))

    server.respond_with(answer)
    texts = [str(r["text"]) for r in corpus()[:12]]
    results = list(make().summarize_many(texts, concurrency=4))
    assert [r.status for r in results] == ["ok"] * 12
    assert peak[0] == 4


def test_asummarize_many_streams_results(make: Make, server: ScriptedOpenAIServer) -> None:
    server.respond_with(Newsroom())

    async def collect() -> list[str]:
        async with make() as summarizer:
            texts = [str(r["text"]) for r in corpus()[:5]]
            return [r.id async for r in summarizer.asummarize_many(texts, concurrency=2)]

    assert len(asyncio.run(collect())) == 5


def test_throttle_spaces_requests_under_the_rpm() -> None:
    now = [100.0]
    throttle = Throttle(rpm=60, clock=lambda: now[0])
    waits = [throttle.reserve(10) for _ in range(4)]
    assert waits == [0.0, 1.0, 2.0, 3.0]
    now[0] += 10  # idle time is not banked into a burst beyond one slot
    assert throttle.reserve(10) == 0.0
    assert throttle.reserve(10) == 1.0


def test_throttle_paces_tokens_and_settles_the_real_count() -> None:
    now = [0.0]
    throttle = Throttle(tpm=6000, clock=lambda: now[0])
    assert throttle.reserve(1000) == 0.0
    assert throttle.reserve(1000) == pytest.approx(10.0)
    throttle.settle(estimated=1000, actual=400)  # the second request used fewer tokens
    assert throttle.reserve(1000) == pytest.approx(14.0)


def test_a_429_pause_holds_every_later_reservation_without_adding_to_it() -> None:
    now = [50.0]
    throttle = Throttle(rpm=60, clock=lambda: now[0])
    assert throttle.reserve(10) == 0.0
    throttle.pause(5.0)  # a 429 asked for 5 s
    assert throttle.held() == 5.0  # what a request already reserved checks before sending
    assert throttle.reserve(10) == 5.0  # held until the pause ends, not 5 s after the next slot
    assert throttle.reserve(10) == 6.0  # and paced from there
    unlimited = Throttle(clock=lambda: now[0])
    unlimited.pause(2.0)
    assert unlimited.reserve(10) == 2.0  # a pause holds even without limits
    now[0] += 3
    assert unlimited.reserve(10) == 0.0
    assert unlimited.held() == 0.0


def test_adaptive_limit_halves_on_429_and_regrows() -> None:
    now = [0.0]

    async def scenario() -> list[float]:
        limit = AdaptiveLimit(8, cooldown=2.0, clock=lambda: now[0])
        seen = [limit.limit]
        limit.rate_limited()
        seen.append(limit.limit)
        limit.rate_limited()  # the same burst of 429s: no second cut
        assert limit.limit == seen[-1]
        now[0] += 2.5
        limit.rate_limited()
        seen.append(limit.limit)
        for _ in range(20):
            await limit.acquire()
            await limit.release(succeeded=True)
        seen.append(limit.limit)
        return seen

    full, half, quarter, regrown = asyncio.run(scenario())
    assert (full, half, quarter) == (8.0, 4.0, 2.0)
    assert 2.0 < regrown <= 8.0


def test_rate_limited_batch_stays_under_rpm(
    make: Make, server: ScriptedOpenAIServer, waits: Waits
) -> None:
    server.respond_with(lambda r: Reply(grounded_draft(article_text(r))))
    summarizer = make(rpm=120)
    texts = [str(r["text"]) for r in corpus()[:6]]
    results = list(summarizer.summarize_many(texts, concurrency=6))
    assert all(r.status == "ok" for r in results)
    # Six requests at 120/min: reserved 0.5 s apart, whatever the concurrency.
    assert sorted(waits) == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0, 2.5], abs=0.2)


def test_a_configuration_error_stops_the_batch_instead_of_failing_every_article(
    tmp_path: Path,
) -> None:
    from summarizer import ConfigurationError, Summarizer

    with (
        Summarizer(engine="local", local_model=tmp_path / "missing.gguf") as summarizer,
        pytest.raises(ConfigurationError, match="does not exist"),
    ):
        list(summarizer.summarize_many(["one article", "another"]))
