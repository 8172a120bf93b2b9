"""The library is quiet unless the application configures logging; the CLI's -v shows retries.

A plain `summarize()` once printed instructor's `API call failed on attempt 1` and our own retry
warnings to stderr, and `-vv` dumped the openai SDK's traceback for every HTTP error.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import API_KEY, run_cli
from tests.fake_openai import Fault, Reply, ScriptedOpenAIServer
from tests.payloads import SEED_003_DRAFT

ROOT = Path(__file__).resolve().parents[1]
SEED_003 = ROOT / "tests" / "data" / "seeds" / "003_7ca092153d92ac16.txt"

_PROGRAM = textwrap.dedent(
    """
    from summarizer import RetryPolicy, Summarizer, SummarizerError
    from tests.fake_openai import Fault, Reply, Reset, ScriptedOpenAIServer
    from tests.payloads import SEED_003_DRAFT

    text = open({seed!r}, encoding="utf-8").read()
    retry = RetryPolicy(max_retries=2, initial_wait=0.01, max_wait=0.01)
    with ScriptedOpenAIServer() as server:
        server.enqueue(
            Reset(), Fault(429, retry_after="0"), Reply(SEED_003_DRAFT),  # retried, then fine
            Fault(503), Fault(503), Fault(503),  # retries exhausted
            *[Reply({{"headline": 3}})] * 3,  # re-asks exhausted
        )
        with Summarizer(
            base_url=server.base_url, api_key="sk-unused", strategy="quote", cache_dir=False,
            retry_policy=retry,
        ) as summarizer:
            print("ok", len(summarizer.summarize(text).events) > 0)
            for suffix in (" ", "  "):
                try:
                    summarizer.summarize(text + suffix)
                except SummarizerError as exc:
                    print("failed", type(exc).__name__)
    """
)


def test_a_program_without_logging_configured_prints_nothing_to_stderr() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _PROGRAM.format(seed=str(SEED_003))],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [
        "ok",
        "True",
        "failed",
        "ProviderError",
        "failed",
        "ExtractionError",
    ]
    assert done.stderr == ""


@pytest.mark.parametrize(("flags", "retry_lines"), [((), 0), (("-v",), 1), (("-vv",), 1)])
def test_verbose_levels_show_one_line_per_retry_and_no_traceback(
    server: ScriptedOpenAIServer,
    cli_env: dict[str, str],
    tmp_path: Path,
    flags: tuple[str, ...],
    retry_lines: int,
) -> None:
    server.enqueue(Fault(500), Reply(SEED_003_DRAFT))
    article = tmp_path / "rafah.txt"
    article.write_text(SEED_003.read_text("utf-8"), encoding="utf-8")
    done = run_cli(
        *flags, "run", str(article), "-o", str(tmp_path / "out.jsonl"), "--quiet", env=cli_env
    )

    assert done.returncode == 0, done.stderr
    retries = [line for line in done.stderr.splitlines() if "transient fault" in line]
    assert len(retries) == retry_lines
    assert all("HTTP 500" in line and "retry 1" in line for line in retries)
    assert "Traceback" not in done.stderr
    assert "API call failed" not in done.stderr
    assert API_KEY not in done.stderr
