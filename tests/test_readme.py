"""The README's Python example runs as written (against the scripted server)."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.fake_openai import Reply, ScriptedOpenAIServer
from tests.payloads import SEED_003_DRAFT

ROOT = Path(__file__).resolve().parents[1]


def test_readme_example_runs(server: ScriptedOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    example = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.chdir(ROOT)
    server.enqueue(Reply(SEED_003_DRAFT))
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example.group(1), "README.md", "exec"), {})
    printed = out.getvalue().splitlines()
    assert printed[0] == SEED_003_DRAFT["headline"]
    assert "9,061" in printed[1]
    assert "[verified]" in printed[1]
    assert "'said 9,061 people have been killed in Gaza" in printed[1]
    assert len(printed) == 1 + len(SEED_003_DRAFT["figures"])


def test_readme_function_engine_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Testing your own code", 1)[1].split("\n## ", 1)[0]
    example = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert example is not None
    monkeypatch.delenv("OPENAI_BASE_URL")  # the function needs no endpoint
    monkeypatch.delenv("SUMMARIZER_STRATEGY")  # the default strategy, as a user gets it
    text = (ROOT / "examples" / "seed-003-rafah.txt").read_text("utf-8")
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(example.group(1), "README.md", "exec"), {"text": text})
    assert out.getvalue().strip() == "Rafah crossing opens 1"
