"""Shared fixtures. Tests are offline: the environment is scrubbed and pointed at a dead port."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

import pytest

from summarizer import Article, RetryPolicy, Summarizer
from tests.fake_openai import ScriptedOpenAIServer

SEEDS = Path(__file__).parent / "data" / "seeds"
SEED_000 = SEEDS / "000_89f57da07f91dd22.txt"
SEED_003 = SEEDS / "003_7ca092153d92ac16.txt"
# Port 9 (discard) is closed on loopback: anything that escapes the fixtures fails fast, offline.
DEAD_ENDPOINT = "http://127.0.0.1:9/v1"
API_KEY = "sk-test-9f8e7d6c5b4a-never-log-me"


@pytest.fixture(autouse=True)
def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("SUMMARIZER_", "OPENAI_", "AZURE_OPENAI_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("OPENAI_BASE_URL", DEAD_ENDPOINT)
    # The scripted payloads (tests/payloads.py, tests/newsroom.py) are quote-strategy drafts; the
    # cite tests (test_cite_*.py) take this away to test the default, or ask for "cite" themselves.
    monkeypatch.setenv("SUMMARIZER_STRATEGY", "quote")


@pytest.fixture
def server() -> Iterator[ScriptedOpenAIServer]:
    with ScriptedOpenAIServer() as running:
        yield running


class Waits(list[float]):
    """Records the backoff waits the retry policy asks for, instead of sleeping."""

    def sleep(self, seconds: float) -> None:
        self.append(seconds)

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def waits() -> Waits:
    return Waits()


class Make(Protocol):
    """Builds a Summarizer pointed at the scripted server; closed when the test ends."""

    def __call__(self, **options: Any) -> Summarizer: ...


@pytest.fixture
def make(server: ScriptedOpenAIServer, waits: Waits) -> Iterator[Make]:
    made: list[Summarizer] = []

    def build(**options: Any) -> Summarizer:
        made.append(make_summarizer(server, waits, **options))
        return made[-1]

    yield build
    for summarizer in made:
        summarizer.close()


def make_summarizer(server: ScriptedOpenAIServer, waits: Waits, **options: Any) -> Summarizer:
    defaults: dict[str, Any] = {
        "base_url": server.base_url,
        "api_key": API_KEY,
        "model": "gpt-4o-mini",
        "endpoint": "openai-compatible",
        "mode": "tools",
        "timeout": 2.0,
        "retry_policy": RetryPolicy(
            max_retries=3, sleep=waits.sleep, async_sleep=waits.async_sleep
        ),
    }
    return Summarizer(**{**defaults, **options})


def seed_article(path: Path) -> Article:
    return Article(
        id=path.stem, text=path.read_text("utf-8"), published="2023-11-02", outlet="seed"
    )


def run_eval(*args: str) -> subprocess.CompletedProcess[str]:
    """`summarizer eval ARGS` in a subprocess, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", *args],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def run_cli(
    *args: str, env: dict[str, str], timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """`summarizer ARGS` in a subprocess, from the repository root, with exactly `env`."""
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture
def cli_env(server: ScriptedOpenAIServer, tmp_path: Path) -> dict[str, str]:
    """An environment for `run_cli` that points at the scripted server and a private cache."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
    env.update(
        OPENAI_BASE_URL=server.base_url,
        OPENAI_API_KEY=API_KEY,
        SUMMARIZER_CACHE_DIR=str(tmp_path / "cache"),
        SUMMARIZER_TIMEOUT="2",
        SUMMARIZER_STRATEGY="quote",  # the scripted replies are quote-strategy drafts
    )
    return env
