"""The embedded engine never takes a run down: the weights' layout per CPU, and native crashes.

The layout tests run everywhere. The crash tests load SmolLM2 (the `test-local` extra) in the
engine's worker process and make that process really die (SIGSEGV or SIGKILL, sent by itself from
the test-only SUMMARIZER_LOCAL_TEST_FAULT hook when a request holds a marker); they skip without
llama.cpp, or fail when SUMMARIZER_REQUIRE_LOCAL=1 (CI).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from summarizer import Article, ConfigurationError, EngineCrashedError, Result, Summarizer
from summarizer.engine.local.clients import LocalClients
from summarizer.engine.local.cpu import build_flags, choose_layout, parse_extra_buffers, system_info
from summarizer.engine.local.llama import LocalClient, llama_installed, resolve_model
from summarizer.engine.local.worker import describe_exit, read_message, remote_error, write_message
from summarizer.errors import GenerationStoppedError
from tests.test_local import _smollm2, _unavailable

# What llama.cpp printed on the Xeon of issue 29 (Sapphire Rapids) and on this project's AMD EPYC.
AMX_INFO = (
    "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
    "AVX512 = 1 | AVX512_VBMI = 1 | AVX512_VNNI = 1 | AVX512_BF16 = 1 | AMX_INT8 = 1 | "
    "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 |"
)
AVX2_INFO = (
    "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | BMI2 = 1 | "
    "LLAMAFILE = 1 | OPENMP = 1 | REPACK = 1 |"
)
MARKER = "ZQX-CRASH-HERE"


def test_an_amx_build_names_its_weights_for_repack_never_amx() -> None:
    layout = choose_layout(AMX_INFO)
    assert not layout.extra_buffers  # no extra buffer chosen by llama.cpp: AMX would be first
    assert layout.repack_by_name
    assert layout.prefill  # prompts on a copy as stored, as on CPUs without AMX
    assert "AMX" in layout.reason
    without_repack = choose_layout(AMX_INFO.replace("REPACK = 1", "REPACK = 0"))
    assert not without_repack.extra_buffers
    assert not without_repack.repack_by_name
    assert not without_repack.prefill


def _gguf(path: Path, tensors: list[tuple[str, int]]) -> Path:
    """A GGUF header: one string and one array value, then the tensors' names and types."""

    def text(value: str) -> bytes:
        raw = value.encode("utf-8")
        return struct.pack("<Q", len(raw)) + raw

    body = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), 2)
    body += text("general.name") + struct.pack("<I", 8) + text("tiny")
    body += text("tokenizer.scores") + struct.pack("<IIQ", 9, 6, 2) + struct.pack("<ff", 0, 1)
    for name, kind in tensors:
        body += text(name) + struct.pack("<I", 2) + struct.pack("<QQ", 8, 8)
        body += struct.pack("<IQ", kind, 0)
    path.write_bytes(body)
    return path


def test_the_repack_pattern_names_only_the_multiplied_q4_weights(tmp_path: Path) -> None:
    from summarizer.engine.local.repack import repack_pattern, tensor_types

    tensors = [
        ("token_embd.weight", 12),  # Q4_K, but looked up, not multiplied
        ("blk.0.ffn_up.weight", 12),  # Q4_K
        ("blk.0.ffn_down.weight", 14),  # Q6_K: not repacked here
        ("blk.0.attn_norm.weight", 0),  # F32
        ("blk.1.attn_q.weight", 2),  # Q4_0
    ]
    model = _gguf(tmp_path / "tiny.gguf", tensors)
    assert tensor_types(model) == tensors
    pattern = repack_pattern(model)
    assert pattern is not None
    named = [name for name, _ in tensors if re.search(pattern, name)]
    assert named == ["blk.0.ffn_up.weight", "blk.1.attn_q.weight"]
    assert repack_pattern(_gguf(tmp_path / "q6.gguf", [("blk.0.ffn_down.weight", 14)])) is None
    (tmp_path / "not.gguf").write_bytes(b"GGML")
    with pytest.raises(ValueError, match="not a GGUF"):
        tensor_types(tmp_path / "not.gguf")


def test_this_build_loads_the_layout_it_chooses() -> None:
    """On the machine running the suite: the real build, its choice, and a load that works."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    from summarizer.engine.local.repack import repack_overrides

    layout = choose_layout(system_info())
    model = _smollm2()  # Q4_1: nothing this build repacks, so never named for it
    assert repack_overrides(model) is None
    client = LocalClient(model, n_ctx=512, prefill=True)
    try:
        assert not client.layout.repack_by_name
        reply = client.chat.completions.create(
            messages=[{"role": "user", "content": "Say OK."}], max_tokens=1
        )
        assert reply.usage.completion_tokens == 1
    finally:
        client.close()
    if layout.repack_by_name:  # an AMX build: the default model's Q4_K weights are named
        assert repack_overrides(resolve_model()) is not None


def test_a_repacking_build_without_amx_keeps_repack_and_the_prefill_copy() -> None:
    layout = choose_layout(AVX2_INFO)
    assert layout.extra_buffers
    assert layout.prefill


def test_a_build_with_neither_has_one_layout() -> None:
    layout = choose_layout("CPU : SSE3 = 1 | AVX = 1 | AMX_INT8 = 0 | REPACK = 0 |")
    assert layout.extra_buffers
    assert not layout.prefill


def test_the_setting_overrides_the_choice_and_refuses_nonsense() -> None:
    assert not choose_layout(AVX2_INFO, "off").extra_buffers
    assert not choose_layout(AVX2_INFO, "off").prefill
    forced = choose_layout(AMX_INFO, "on")
    assert forced.extra_buffers
    assert "crash" in forced.reason
    assert parse_extra_buffers(None) == "auto"
    assert parse_extra_buffers(" OFF ") == "off"
    with pytest.raises(ConfigurationError, match="SUMMARIZER_LOCAL_EXTRA_BUFFERS"):
        parse_extra_buffers("maybe")


def test_flags_read_zero_as_off() -> None:
    flags = build_flags("AVX2 = 1 | AMX_INT8 = 0 | REPACK = 1")
    assert flags == {"AVX2": True, "AMX_INT8": False, "REPACK": True}


def test_the_protocol_frames_round_trip_and_end_cleanly() -> None:
    stream = io.BytesIO()
    write_message(stream, {"id": 1, "text": "«Gaza» 9,061 \u200b"})
    write_message(stream, {"id": 2})
    stream.write(b"\x00\x00")  # a child that died mid-header
    stream.seek(0)
    assert read_message(stream) == {"id": 1, "text": "«Gaza» 9,061 \u200b"}
    assert read_message(stream) == {"id": 2}
    assert read_message(stream) is None


def test_exits_and_errors_are_named() -> None:
    assert describe_exit(-11) == ("signal 11, SIGSEGV", 11, None)
    assert describe_exit(3) == ("exit status 3", None, 3)
    assert isinstance(remote_error({"kind": "ValueError", "message": "x"}), ValueError)
    stopped = remote_error({"kind": "GenerationStoppedError", "message": "closed"})
    assert isinstance(stopped, GenerationStoppedError)
    assert isinstance(remote_error({"kind": "LlamaThing", "message": "x"}), RuntimeError)


# --- a real worker process -------------------------------------------------------------------


@pytest.fixture
def smollm2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """SmolLM2 as the local model, with few items so each article takes seconds."""
    from summarizer.engine.local.llama import llama_installed

    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    model = _smollm2()
    monkeypatch.setenv("SUMMARIZER_LOCAL_MODEL", str(model))
    monkeypatch.setenv("SUMMARIZER_MAX_ITEMS", "1,2,1")
    monkeypatch.setenv("SUMMARIZER_MAX_OUTPUT_TOKENS", "400")
    monkeypatch.setenv("SUMMARIZER_STRATEGY", "cite")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a crashed worker's kept log
    return model


def _articles(crash_at: int | None = None, count: int = 5) -> list[Article]:
    texts = [
        "The city council approved a budget of 12 million dollars on Monday.",
        "Officials said 40 workers were hired. The mayor said the plan works.",
        "A storm cut power to 3,000 homes on Tuesday, the utility said.",
        "The school opened two new classrooms for 60 pupils this week.",
        "Police said 5 people were arrested after the match on Saturday.",
    ]
    articles = []
    for number, text in enumerate(texts[:count]):
        body = f"{text} {MARKER}" if number == crash_at else text
        articles.append(Article(id=f"a{number + 1}", text=body, published="2024-03-04"))
    return articles


def test_the_real_build_gets_the_layout_its_system_info_calls_for(smollm2: Path) -> None:
    info = system_info()
    clients = LocalClients()
    try:
        engine = clients.sync()
        engine.forget_prompt()  # starts the worker, which loads the model
        reported = engine.info
    finally:
        clients.close()
    from summarizer.engine.local.repack import repack_overrides

    expected = choose_layout(info)
    if expected.repack_by_name and repack_overrides(smollm2) is None:
        # SmolLM2 is Q4_1, which this build does not repack: its weights stay as stored.
        expected = replace(expected, prefill=False, repack_by_name=False)
    assert reported["system_info"] == info
    assert reported["extra_buffers"] == expected.extra_buffers
    assert reported["prefill"] == expected.prefill
    assert reported["repack_by_name"] == expected.repack_by_name
    assert reported["pid"] != os.getpid()  # the model lives in another process
    if build_flags(info).get("AMX_INT8"):
        assert reported["extra_buffers"] is False


@pytest.mark.parametrize("fault", ["segv", "kill"])
def test_summarize_raises_a_clear_error_and_the_next_article_gets_a_new_worker(
    smollm2: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    monkeypatch.setenv("SUMMARIZER_LOCAL_TEST_FAULT", f"{fault}:{MARKER}")
    first, crashing = _articles(crash_at=1, count=2)
    with Summarizer(engine="local", grounding="lenient", cache_dir=False) as summarizer:
        assert summarizer.summarize(first).provenance.article_id == "a1"
        with pytest.raises(EngineCrashedError) as caught:
            summarizer.summarize(crashing)
        again = summarizer.summarize(first)
        engine = summarizer._clients.sync()
        starts, crashes = engine.starts, engine.crashes  # type: ignore[attr-defined]

    error = caught.value
    number = signal.SIGSEGV if fault == "segv" else signal.SIGKILL
    assert error.article_id == "a2"
    assert error.signal == number
    assert f"crashed (signal {int(number)}, {number.name})" in str(error)
    assert "docs/local-engine.md" in str(error)
    assert error.log is not None
    assert Path(error.log).exists()
    if fault == "segv":  # faulthandler left the Python stack in the kept log
        assert "Segmentation fault" in Path(error.log).read_text("utf-8")
    assert again.provenance.article_id == "a1"
    assert (starts, crashes) == (2, 1)  # one load per worker, not per article


def test_asummarize_many_turns_a_crash_into_one_failed_result(
    smollm2: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUMMARIZER_LOCAL_TEST_FAULT", f"segv:{MARKER}")

    async def run() -> list[Result]:
        with Summarizer(engine="local", grounding="lenient", cache_dir=False) as summarizer:
            return [r async for r in summarizer.asummarize_many(_articles(1, 3), concurrency=3)]

    results = {result.id: result for result in asyncio.run(run())}
    assert sorted(results) == ["a1", "a2", "a3"]
    assert results["a1"].status == "ok"
    assert results["a3"].status == "ok"
    failed = results["a2"]
    assert failed.status == "error"
    assert failed.error is not None
    assert failed.error.kind == "EngineCrashedError"
    assert "signal 11" in failed.error.message
    assert "Fatal Python error: Segmentation fault" in failed.error.message


def test_summarizer_run_survives_a_worker_that_dies_on_the_second_of_five(
    smollm2: Path, tmp_path: Path
) -> None:
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(
        "".join(json.dumps(a.model_dump(mode="json")) + "\n" for a in _articles(crash_at=1)),
        "utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_"))}
    env["SUMMARIZER_LOCAL_TEST_FAULT"] = f"segv:{MARKER}"
    env["SUMMARIZER_GROUNDING"] = "lenient"
    env["TMPDIR"] = str(tmp_path)  # the crashed worker's kept log lands here
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "summarizer", "run", str(inputs), "-o", str(out)]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=600, check=False
    )

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "most recent call first" not in done.stderr  # no stack dump reaches the user
    lines = {line["id"]: line for line in map(json.loads, out.read_text("utf-8").splitlines())}
    assert sorted(lines) == ["a1", "a2", "a3", "a4", "a5"]
    crashed = [
        i for i, line in lines.items() if line.get("error", {}).get("kind") == "EngineCrashedError"
    ]
    assert crashed == ["a2"]
    # The others were served by a live worker: a briefing, or at worst SmolLM2's own bad output.
    others = [line.get("error", {}).get("kind", "ok") for i, line in lines.items() if i != "a2"]
    assert set(others) <= {"ok", "ExtractionError"}, others
    assert others.count("ok") >= 2, others
    message = lines["a2"]["error"]["message"]
    assert "article 'a2': the local engine crashed (signal 11, SIGSEGV)" in message
    assert "docs/local-engine.md" in message


def test_the_engine_command_reports_and_smoke_tests_the_engine(
    smollm2: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "AZURE_"))}
    command = [sys.executable, "-m", "summarizer", "engine"]
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert system_info() in done.stdout
    assert str(smollm2) in done.stdout
    assert "smoke test             passed" in done.stdout
    assert re.search(r"^llama-cpp-python +\d", done.stdout, re.MULTILINE)

    env["SUMMARIZER_LOCAL_TEST_FAULT"] = "segv:Say OK"  # the smoke test's own prompt
    env["TMPDIR"] = str(tmp_path)  # the crashed worker's kept log lands here
    crashed = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert crashed.returncode == 1
    assert "smoke test             FAILED: the local engine crashed (signal 11, SIGSEGV)" in (
        crashed.stdout
    )
    assert "Traceback" not in crashed.stderr


def test_version_option_prints_the_library_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "summarizer", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("summarizer, version ")
