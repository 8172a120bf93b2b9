"""What the embedded engine is on this machine, and whether it runs: `summarizer engine`.

Everything a bug report about the local engine needs, on lines a user can paste: the library and
llama-cpp-python versions, the model file and its sha256, llama.cpp's system info line, the
weights' layout chosen from it, and a one-token generation in a worker process (a crash there is
reported, never suffered).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from summarizer.engine.local.cpu import choose_layout, parse_extra_buffers, system_info
from summarizer.engine.local.llama import (
    DEFAULT_CONTEXT,
    DEFAULT_MODEL,
    llama_installed,
    local_threads,
    resolve_model,
)
from summarizer.engine.local.worker import WorkerClient
from summarizer.errors import SummarizerError

_BLOCK = 8 * 1024 * 1024
_SMOKE_CONTEXT = 512


@dataclass
class EngineReport:
    """Lines of `summarizer engine`, and whether the smoke test passed."""

    lines: list[tuple[str, str]] = field(default_factory=list)
    passed: bool | None = None
    """None when the smoke test could not run (no llama.cpp, no model)."""

    def add(self, name: str, value: object) -> None:
        """One `name: value` line."""
        self.lines.append((name, str(value)))


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def file_sha256(path: Path) -> str:
    """The sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def inspect_local_engine(env: Mapping[str, str], *, smoke: bool = True) -> EngineReport:
    """Describe the local engine, and (with `smoke`) generate one token in a worker process."""
    report = EngineReport()
    report.add("summarizer", _version("summarizer"))
    report.add("python", f"{platform.python_version()} ({sys.executable})")
    report.add("platform", f"{platform.platform()} {platform.machine()}")
    report.add("llama-cpp-python", _version("llama_cpp_python"))
    if not llama_installed():
        report.add("local engine", 'not installed: pip install -e ".[local]"')
        return report
    info = system_info()
    report.add("llama.cpp system info", info)
    try:
        setting = parse_extra_buffers(env.get("SUMMARIZER_LOCAL_EXTRA_BUFFERS"))
        layout = choose_layout(info, setting)
        report.add("weights layout", layout.reason)
        report.add("extra buffers", "on" if layout.extra_buffers else "off")
        report.add("prefill copy", "yes" if layout.prefill else "no")
        threads = local_threads(env)
        report.add("threads", threads)
        chosen = env.get("SUMMARIZER_LOCAL_MODEL") or None
        model = resolve_model(chosen)
    except SummarizerError as exc:
        report.add("error", exc)
        report.passed = False
        return report
    report.add("model", model)
    report.add("model size", f"{model.stat().st_size:,} bytes")
    if chosen is None:
        report.add("model sha256", f"{DEFAULT_MODEL.sha256} (verified when assembled)")
    else:
        report.add("model sha256", file_sha256(model))
    if smoke:
        _smoke_test(report, model, threads, setting, env)
    return report


def _smoke_test(
    report: EngineReport, model: Path, threads: int, setting: str, env: Mapping[str, str]
) -> None:
    config = {"n_ctx": min(_SMOKE_CONTEXT, DEFAULT_CONTEXT), "threads": threads}
    client = WorkerClient(model, config={**config, "extra_buffers": setting}, env=env)
    started = time.perf_counter()
    try:
        reply = client.chat.completions.create(
            messages=[{"role": "user", "content": "Say OK."}], max_tokens=1
        )
        tokens = reply.usage.completion_tokens if reply.usage else 0
        seconds = time.perf_counter() - started
        report.add("smoke test", f"passed: {tokens} token in {seconds:.1f} s (load included)")
        report.passed = True
    except SummarizerError as exc:
        report.add("smoke test", f"FAILED: {exc}")
        report.passed = False
    finally:
        client.close()
