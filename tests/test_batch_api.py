"""`summarizer run --batch-api`: one batch at half price, real-time fallbacks, resumable by id."""

from __future__ import annotations

import asyncio
import io
import json
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer import PRICES
from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.batch.provider_batch import BatchState, execute_batch_api_run
from summarizer.batch.run import RunOptions, execute_run
from summarizer.errors import ProviderError
from summarizer.schema.briefing import Usage
from tests.conftest import API_KEY, SEED_000, SEED_003, run_cli
from tests.fake_openai import Action, BatchPlan, Fault, RawBody, RecordedRequest, Reply
from tests.fake_openai import ScriptedOpenAIServer as Server
from tests.newsroom import article_text, grounded_draft
from tests.payloads import SEED_000_DRAFT, SEED_003_DRAFT, with_item

ROOT = Path(__file__).resolve().parents[1]
PROMPT_TOKENS, COMPLETION_TOKENS = 1234, 321
# What one article's reply costs at gpt-4o-mini's standard (real-time) price.
FULL_PRICE = PRICES["gpt-4o-mini"].cost(
    Usage(prompt_tokens=PROMPT_TOKENS, completion_tokens=COMPLETION_TOKENS)
)


@dataclass(frozen=True)
class Story:
    """A short article written for these tests: each clause is the evidence of one item."""

    id: str
    event: str
    figure: str
    number: str
    quote: str
    speaker: str

    @property
    def text(self) -> str:
        return f"{self.event}. {self.figure}. {self.quote}."

    def draft(self) -> dict[str, Any]:
        return {
            "headline": f"News from the {self.id} desk.",
            "summary": "Something happened. Officials gave details.",
            "events": [{"action": "happened", "evidence": self.event}],
            "figures": [
                {"number": self.number, "measure": "the figure reported", "evidence": self.figure}
            ],
            "attributions": [
                {"speaker": self.speaker, "claim": "gave details", "evidence": self.quote}
            ],
        }


STORIES = [
    Story(
        "harbour",
        "The council of Port Alder approved a new harbour wall on Monday",
        "The wall will cost 42 million euros, the budget office said",
        "42 million",
        "Mayor Ines Varga said the wall would protect the seafront from winter storms",
        "Ines Varga",
    ),
    Story(
        "rail",
        "Engineers reopened the northern rail line after a landslide on Tuesday",
        "About 1,200 passengers had been stranded overnight, the operator said",
        "About 1,200",
        "Operator spokesman Tomas Reid said services would run normally by Friday",
        "Tomas Reid",
    ),
    Story(
        "meals",
        "The education ministry announced free school meals for primary pupils",
        "The scheme will reach 310,000 children from September, the ministry said",
        "310,000",
        "Minister Amara Okafor said no child should learn on an empty stomach",
        "Amara Okafor",
    ),
    Story(
        "wildfire",
        "Firefighters contained a wildfire near the town of Serra Alta on Wednesday",
        "The fire burned 850 hectares of pine forest, the regional fire service said",
        "850",
        "Fire chief Lucia Mendes said a change in the wind helped the crews",
        "Lucia Mendes",
    ),
    Story(
        "museum",
        "The national museum reopened its east wing after a long renovation",
        "Visitors can now see 2,400 objects that had been kept in storage, the museum said",
        "2,400",
        "Director Henrik Aalto said the collection had never been shown so completely",
        "Henrik Aalto",
    ),
    Story(
        "docks",
        "Dock workers in Brennholm ended a strike that had halted shipping",
        "The union accepted a pay rise of 6 percent over two years, officials said",
        "6 percent",
        "Union leader Maria Kowalski said members had voted to accept the offer",
        "Maria Kowalski",
    ),
    Story(
        "bridge",
        "Inspectors closed the old river bridge in Kettleby to heavy lorries on Thursday",
        "Cracks were found in 14 of its steel beams, the highways agency said",
        "14",
        "Agency engineer David Osei said the bridge remained safe for cars",
        "David Osei",
    ),
    Story(
        "library",
        "The city library in Marrow opened a new reading room for children on Saturday",
        "The room holds more than 5,000 picture books, the librarians said",
        "more than 5,000",
        "Head librarian Sofia Lind said the room had been funded by local donors",
        "Sofia Lind",
    ),
]
TEXTS = {
    **{story.id: story.text for story in STORIES},
    "seed-000": SEED_000.read_text("utf-8").strip(),
    "seed-003": SEED_003.read_text("utf-8").strip(),
}
DRAFTS = {
    **{story.id: story.draft() for story in STORIES},
    "seed-000": SEED_000_DRAFT,
    "seed-003": SEED_003_DRAFT,
}
UNGROUNDED = with_item(STORIES[0].draft(), "events", 0, evidence="Nothing like this was written")


class Desk:
    """Responder: each article's grounded draft, unless `script` says otherwise for a call.

    The batch answers an article's first call; real-time calls come after it.
    """

    def __init__(self, script: dict[str, list[Action]] | None = None) -> None:
        self.script = script or {}
        self.calls: Counter[str] = Counter()
        self._by_text = {text: article_id for article_id, text in TEXTS.items()}
        self._lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> Action:
        text = article_text(request)
        article_id = self._by_text.get(text)
        if article_id is None:  # a part of a split article
            return Reply(grounded_draft(text))
        with self._lock:
            call = self.calls[article_id]
            self.calls[article_id] += 1
        planned = self.script.get(article_id, [])
        if call < len(planned):
            return planned[call]
        return Reply(
            DRAFTS[article_id], prompt_tokens=PROMPT_TOKENS, completion_tokens=COMPLETION_TOKENS
        )


class Polls(RunProgress):
    """A quiet progress that records what the batch polls report."""

    def __init__(self) -> None:
        super().__init__(Console(file=io.StringIO()), enabled=False)
        self.seen: list[tuple[str, str, int, int, int]] = []

    def batch_polled(
        self, batch_id: str, status: str, *, completed: int, failed: int, total: int
    ) -> None:
        self.seen.append((batch_id, status, completed, failed, total))


async def _no_wait(seconds: float) -> None:
    del seconds


def _run(
    options: RunOptions,
    *,
    progress: RunProgress | None = None,
    sleep: Callable[[float], Awaitable[None]] = _no_wait,
) -> RunSummary:
    run = execute_batch_api_run(options, progress or Polls(), poll_interval=0.0, sleep=sleep)
    return asyncio.run(run)


def _inputs(path: Path, ids: list[str] | None = None) -> Path:
    chosen = ids or list(TEXTS)
    records = [{"id": i, "text": TEXTS[i], "published": "2023-11-02"} for i in chosen]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def _sent(server: Server, method: str, path: str) -> int:
    return sum(r.method == method and r.path == path for r in server.requests)


def _realtime_ids(server: Server) -> Counter[str]:
    by_text = {text: article_id for article_id, text in TEXTS.items()}
    return Counter(by_text.get(article_text(r), "?") for r in server.completions)


def _uploaded(server: Server, file_id: str = "file-1") -> list[dict[str, Any]]:
    """The request lines of an uploaded batch file (file-1 is the first run's)."""
    return [json.loads(line) for line in server.files[file_id].splitlines()]


@pytest.fixture
def endpoint(server: Server, monkeypatch: pytest.MonkeyPatch) -> Server:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("SUMMARIZER_TIMEOUT", "2")
    return server


@pytest.fixture
def options(tmp_path: Path) -> RunOptions:
    return RunOptions(inputs=[_inputs(tmp_path / "articles.jsonl")], output=tmp_path / "out.jsonl")


def test_one_batch_at_half_price_with_no_real_time_call(
    endpoint: Server, options: RunOptions
) -> None:
    endpoint.respond_with(Desk())
    polls = Polls()
    summary = _run(options, progress=polls)

    assert _sent(endpoint, "POST", "/v1/files") == 1
    assert _sent(endpoint, "POST", "/v1/batches") == 1
    assert endpoint.completions == []
    lines = _lines(options.output)
    assert sorted(line["id"] for line in lines) == sorted(TEXTS)
    assert all(line["status"] == "ok" for line in lines)
    for line in lines:
        provenance = line["briefing"]["provenance"]
        assert provenance["usage"] == {
            "prompt_tokens": PROMPT_TOKENS,
            "completion_tokens": COMPLETION_TOKENS,
            "attempts": 1,
            "requests": 1,
        }
        assert provenance["cost_usd"] == pytest.approx(FULL_PRICE / 2)
        assert provenance["dropped_items"] == 0  # every item passed grounding
    assert summary.done == len(TEXTS)
    assert summary.cost_usd == pytest.approx(len(TEXTS) * FULL_PRICE / 2)
    assert summary.usage.prompt_tokens == PROMPT_TOKENS * len(TEXTS)
    assert polls.seen[0] == ("batch_1", "in_progress", 0, 0, len(TEXTS))
    assert polls.seen[-1] == ("batch_1", "completed", len(TEXTS), 0, len(TEXTS))
    assert not BatchState.path_for(options.output).exists()


def test_polling_progress_is_shown(endpoint: Server, options: RunOptions) -> None:
    endpoint.respond_with(Desk())
    shown = io.StringIO()
    _run(options, progress=RunProgress(Console(file=shown, width=200)))
    assert f"batch batch_1: in_progress, 0/{len(TEXTS)} answered, 0 failed" in shown.getvalue()
    assert f"batch batch_1: completed, {len(TEXTS)}/{len(TEXTS)} answered" in shown.getvalue()


def test_bad_batch_replies_are_retried_in_real_time(endpoint: Server, options: RunOptions) -> None:
    desk = Desk(
        {
            "harbour": [Reply(UNGROUNDED)],  # ungrounded in the batch, good in real time
            "rail": [Reply("{not json")],  # invalid in the batch, good in real time
            "meals": [Reply("{not json")] * 4,  # invalid in the batch and in every re-ask
        }
    )
    endpoint.respond_with(desk)
    summary = _run(options)

    assert _realtime_ids(endpoint) == {"harbour": 1, "rail": 1, "meals": 3}
    lines = {line["id"]: line for line in _lines(options.output)}
    assert len(lines) == len(_lines(options.output)) == len(TEXTS)
    assert {i for i, line in lines.items() if line["status"] == "error"} == {"meals"}
    assert lines["meals"]["error"]["kind"] == "ExtractionError"
    # Usage counts the batch attempt too: one batched plus one real-time call.
    assert lines["harbour"]["briefing"]["provenance"]["usage"]["attempts"] == 2
    assert lines["meals"]["error"]["usage"]["attempts"] == 4
    assert (summary.done, summary.failed) == (len(TEXTS) - 1, 1)


def test_missing_errored_and_malformed_lines_are_retried_in_real_time(
    endpoint: Server, options: RunOptions, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.respond_with(Desk({"museum": [RawBody(b'{"custom_id": "museum", "resp')]}))
    endpoint.plan_batches(BatchPlan(drop=frozenset({"rail"}), errors=frozenset({"docks"})))
    _run(options)

    assert _realtime_ids(endpoint) == {"rail": 1, "docks": 1, "museum": 1}
    assert [line["status"] for line in _lines(options.output)] == ["ok"] * len(TEXTS)
    assert "1 malformed lines ignored" in caplog.text


@pytest.mark.parametrize("outcome", ["failed", "expired"])
def test_unfinished_batch_sends_every_article_real_time(
    endpoint: Server, options: RunOptions, caplog: pytest.LogCaptureFixture, outcome: str
) -> None:
    endpoint.respond_with(Desk())
    endpoint.plan_batches(BatchPlan(outcome=outcome))  # type: ignore[arg-type]
    summary = _run(options)

    assert _realtime_ids(endpoint) == dict.fromkeys(TEXTS, 1)
    assert sorted(line["id"] for line in _lines(options.output)) == sorted(TEXTS)
    assert summary.done == len(TEXTS)
    assert f"batch batch_1 {outcome}" in caplog.text
    assert f"{len(TEXTS)} of its articles are retried in real time" in caplog.text
    assert summary.cost_usd == pytest.approx(len(TEXTS) * FULL_PRICE)  # real time: full price


class Interrupt:
    """An injected sleep that stops the run (like Ctrl-C) on its n-th call."""

    def __init__(self, on_call: int) -> None:
        self.on_call = on_call
        self.calls = 0

    async def __call__(self, seconds: float) -> None:
        self.calls += 1
        if self.calls == self.on_call:
            raise KeyboardInterrupt


def test_interrupted_run_resumes_the_same_batch(endpoint: Server, options: RunOptions) -> None:
    endpoint.respond_with(Desk())
    endpoint.plan_batches(BatchPlan(polls_in_progress=3))
    with pytest.raises(KeyboardInterrupt):
        _run(options, sleep=Interrupt(on_call=2))
    state = BatchState.load(BatchState.path_for(options.output))
    assert state is not None
    assert (state.batch_id, sorted(state.ids)) == ("batch_1", sorted(TEXTS))
    assert not options.output.exists() or _lines(options.output) == []

    summary = _run(options)

    assert _sent(endpoint, "POST", "/v1/batches") == 1
    assert _sent(endpoint, "GET", "/v1/batches/batch_1") == 4
    assert sorted(line["id"] for line in _lines(options.output)) == sorted(TEXTS)
    assert summary.done == len(TEXTS)
    assert endpoint.completions == []
    assert not BatchState.path_for(options.output).exists()


def test_batch_id_attaches_to_an_existing_batch(endpoint: Server, options: RunOptions) -> None:
    endpoint.respond_with(Desk())
    endpoint.plan_batches(BatchPlan(polls_in_progress=3))
    with pytest.raises(KeyboardInterrupt):
        _run(options, sleep=Interrupt(on_call=1))
    BatchState.path_for(options.output).unlink()  # as if the batch was made elsewhere

    _run(RunOptions(inputs=options.inputs, output=options.output, batch_id="batch_1"))

    assert _sent(endpoint, "POST", "/v1/batches") == 1
    assert sorted(line["id"] for line in _lines(options.output)) == sorted(TEXTS)
    assert endpoint.completions == []


def test_articles_already_done_are_not_batched_again(
    endpoint: Server, options: RunOptions, tmp_path: Path
) -> None:
    endpoint.respond_with(Desk())
    first = RunOptions(
        inputs=[_inputs(tmp_path / "some.jsonl", ["harbour", "rail"])], output=options.output
    )
    _run(first)
    _run(options)

    assert _sent(endpoint, "POST", "/v1/batches") == 2
    # file-1 and file-2 are the first batch's input and output.
    assert sorted(line["custom_id"] for line in _uploaded(endpoint, "file-3")) == sorted(
        set(TEXTS) - {"harbour", "rail"}
    )
    assert Counter(line["id"] for line in _lines(options.output)) == dict.fromkeys(TEXTS, 1)


def test_long_and_cached_articles_take_the_real_time_path(
    endpoint: Server, options: RunOptions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    endpoint.respond_with(Desk())
    # The budget is part of the cache key, so both runs use it; it splits the two seed articles.
    monkeypatch.setenv("SUMMARIZER_MAX_INPUT_TOKENS", "300")
    cache = tmp_path / "cache"
    warm = RunOptions(
        inputs=[_inputs(tmp_path / "warm.jsonl", ["harbour"])],
        output=tmp_path / "w.jsonl",
        cache_dir=cache,
    )
    _run(warm)
    summary = _run(RunOptions(inputs=options.inputs, output=options.output, cache_dir=cache))

    batched = {line["custom_id"] for line in _uploaded(endpoint, "file-3")}
    assert batched == set(TEXTS) - {"harbour", "seed-000", "seed-003"}
    assert summary.cached == 1
    assert len(endpoint.completions) > 2  # the seeds' parts, in real time
    assert all(line["status"] == "ok" for line in _lines(options.output))


def test_upload_rejected_is_a_clear_error(endpoint: Server, options: RunOptions) -> None:
    endpoint.respond_with(Desk())
    endpoint.plan_batches(BatchPlan(upload_fault=Fault(400, message="this file is not valid")))
    with pytest.raises(ProviderError, match="could not upload the batch requests: HTTP 400"):
        _run(options)
    assert not BatchState.path_for(options.output).exists()
    assert endpoint.completions == []


def test_api_key_is_never_written(
    endpoint: Server, options: RunOptions, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint.respond_with(Desk({"harbour": [Reply(UNGROUNDED)]}))
    endpoint.plan_batches(BatchPlan(polls_in_progress=2))
    with caplog.at_level("DEBUG"), pytest.raises(KeyboardInterrupt):
        _run(options, sleep=Interrupt(on_call=1))
    state_file = BatchState.path_for(options.output).read_bytes()
    with caplog.at_level("DEBUG"):
        _run(options)

    headers = {k.lower(): v for k, v in endpoint.requests[0].headers.items()}
    assert headers["authorization"] == f"Bearer {API_KEY}"  # the key was really in use
    assert endpoint.completions  # one article went real-time too
    secret = API_KEY.encode()
    assert secret not in endpoint.files["file-1"]
    assert secret not in state_file
    assert secret not in options.output.read_bytes()
    assert API_KEY not in caplog.text


@pytest.mark.parametrize(
    ("endpoint_kind", "mode"),
    [
        ("openai", "tools"),
        ("vllm", "json_schema"),
        ("openai-compatible", "json"),
        ("llamacpp", "json"),
    ],
)
def test_batched_body_is_the_real_time_first_request(
    endpoint: Server,
    options: RunOptions,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    endpoint_kind: str,
    mode: str,
) -> None:
    monkeypatch.setenv("SUMMARIZER_ENDPOINT", endpoint_kind)
    monkeypatch.setenv("SUMMARIZER_MODE", mode)
    endpoint.respond_with(Desk())
    _run(options)
    batched = {line["custom_id"]: line for line in _uploaded(endpoint)}
    sample = RunOptions(
        inputs=[_inputs(tmp_path / "one.jsonl", ["seed-003"])], output=tmp_path / "rt.jsonl"
    )
    asyncio.run(execute_run(sample, Polls()))

    (real_time,) = endpoint.completions
    line = batched["seed-003"]
    assert (line["method"], line["url"]) == ("POST", "/v1/chat/completions")
    assert line["body"] == real_time.body
    assert line["body"]["model"] == "gpt-4o-mini"


def test_command_line_batch_api(server: Server, tmp_path: Path) -> None:
    server.respond_with(Desk())
    server.plan_batches(BatchPlan(polls_in_progress=0))  # done at the first check: no 30 s wait
    env = {
        "PATH": "/usr/bin:/bin",
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": API_KEY,
        "SUMMARIZER_CACHE_DIR": str(tmp_path / "cache"),
        "SUMMARIZER_STRATEGY": "quote",  # the scripted replies are quote-strategy drafts
    }
    inputs = str(_inputs(tmp_path / "articles.jsonl"))
    output = tmp_path / "out.jsonl"

    done = run_cli("run", inputs, "-o", str(output), "--batch-api", env=env)

    assert done.returncode == 0, done.stderr
    assert "batch batch_1: completed" in done.stderr
    assert len(_lines(output)) == len(TEXTS)
    assert server.completions == []
    server.plan_batches(BatchPlan(upload_fault=Fault(401, message="bad key")))
    env["SUMMARIZER_CACHE_DIR"] = str(tmp_path / "empty-cache")  # so the articles are sent
    rejected = run_cli("run", inputs, "-o", str(tmp_path / "o2.jsonl"), "--batch-api", env=env)
    assert rejected.returncode == 2
    assert "error: could not upload the batch requests: HTTP 401" in rejected.stderr
    assert "Traceback" not in rejected.stderr
