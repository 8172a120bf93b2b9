"""The `summarizer` command: real subprocesses against the scripted server."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from summarizer.cli.schemas import schema_json
from summarizer.schema.briefing import Briefing
from tests.conftest import API_KEY, run_cli
from tests.fake_openai import Action, Fault, RecordedRequest, ScriptedOpenAIServer
from tests.newsroom import Newsroom, article_title, corpus

ROOT = Path(__file__).resolve().parents[1]


# examples/: the two seeds and three Wikinews records (examples/CREDITS is not an input).
EXAMPLE_IDS = [
    "seed-000-jabaliya",
    "seed-003-rafah",
    "meantime-143300",
    "meantime-60658",
    "meantime-145930",
]


def _write_corpus(path: Path, count: int) -> list[dict[str, object]]:
    records = corpus()[:count]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return records


def test_run_writes_lines_and_a_summary(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    output = tmp_path / "briefings.jsonl"
    done = run_cli("run", "examples/", "-o", str(output), env=cli_env)

    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert sorted(line["id"] for line in lines) == sorted(EXAMPLE_IDS)
    assert all(line["status"] == "ok" for line in lines)
    for column in ("done", "failed", "skipped", "tokens", "cost", "elapsed"):
        assert column in done.stderr
    assert "Traceback" not in done.stderr
    assert API_KEY not in done.stderr + done.stdout


def test_run_exits_non_zero_when_an_article_fails(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text(str(corpus()[0]["text"]), encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    done = run_cli("run", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), env=cli_env)
    assert done.returncode == 1
    assert "empty" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_folder_of_looping_links_ends_in_error_lines_not_silence(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    loop = tmp_path / "loop"
    loop.mkdir()
    (loop / "a").symlink_to(loop / "b")
    (loop / "b").symlink_to(loop / "a")
    output = tmp_path / "o.jsonl"
    done = run_cli("run", str(loop), "-o", str(output), env=cli_env)

    assert done.returncode == 1
    lines = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert [(line["id"], line["status"]) for line in lines] == [("a", "error"), ("b", "error")]
    assert "symbolic links" in lines[0]["error"]["message"]
    assert "Traceback" not in done.stderr


def test_a_page_with_no_article_gets_its_line_and_no_stray_vendor_warning(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "in").mkdir()
    page = "<html><head><title>Log in</title></head><body><form><input></form></body></html>"
    (tmp_path / "in" / "login.html").write_text(page, encoding="utf-8")
    output = tmp_path / "o.jsonl"
    done = run_cli("run", str(tmp_path / "in"), "-o", str(output), env=cli_env)
    assert done.returncode == 1
    (line,) = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
    assert line["error"]["kind"] == "NoArticleTextError"
    assert "trafilatura" not in done.stderr
    assert "discarding data" not in done.stderr


def test_the_most_verbose_logs_never_show_the_key_even_when_the_server_echoes_it(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    # A server that quotes the key back: in the error body the SDK logs and raises at -vvv.
    echoed = (("X-Echo-Authorization", f"Bearer {API_KEY}"),)
    server.respond_with(lambda request: Fault(401, message=f"bad key {API_KEY}", headers=echoed))
    inputs = tmp_path / "in.jsonl"
    _write_corpus(inputs, 1)
    done = run_cli("-vvv", "run", str(inputs), "-o", str(tmp_path / "o.jsonl"), env=cli_env)
    assert done.returncode == 1
    assert "HTTP Request" in done.stderr or "DEBUG" in done.stderr  # the vendors' debug lines ran
    assert API_KEY not in done.stderr + done.stdout
    assert "[redacted]" in done.stderr


def test_an_empty_folder_is_said_and_fails(cli_env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    done = run_cli("run", str(tmp_path / "empty"), "-o", str(tmp_path / "o.jsonl"), env=cli_env)
    assert done.returncode == 1
    assert "no article found in the inputs" in done.stderr


def test_a_rerun_over_error_lines_exits_1_and_names_retry_errors(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(lambda request: Fault(401))
    inputs = tmp_path / "in.jsonl"
    _write_corpus(inputs, 3)
    output = tmp_path / "o.jsonl"
    first = run_cli("run", str(inputs), "-o", str(output), env=cli_env)
    assert first.returncode == 1
    requests = len(server.requests)

    again = run_cli("run", str(inputs), "-o", str(output), env=cli_env)
    assert again.returncode == 1
    assert "3 of these inputs already have an error line" in again.stderr
    assert "--retry-errors" in again.stderr
    assert len(server.requests) == requests  # skipped, not retried

    server.respond_with(Newsroom())
    retried = run_cli("run", str(inputs), "-o", str(output), "--retry-errors", env=cli_env)
    assert retried.returncode == 0, retried.stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "does-not-exist/"], "does-not-exist"),
        (["run", "examples/", "--price", "cheap"], "--price"),
        (["run", "examples/", "--concurrency", "0"], "concurrency"),
    ],
)
def test_bad_command_lines_get_clear_messages(
    cli_env: dict[str, str], tmp_path: Path, args: list[str], words: str
) -> None:
    done = run_cli(*args, "-o", str(tmp_path / "o.jsonl"), env=cli_env)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_no_endpoint_is_a_clear_message(cli_env: dict[str, str], tmp_path: Path) -> None:
    # With the local extra installed, no endpoint means the local engine; ask for an endpoint.
    env = {k: v for k, v in cli_env.items() if not k.startswith("OPENAI_")}
    env["SUMMARIZER_ENGINE"] = "endpoint"
    done = run_cli("run", "examples/", "-o", str(tmp_path / "o.jsonl"), env=env)
    assert done.returncode == 2
    assert "OPENAI_API_KEY" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_missing_local_model_stops_the_run_with_a_clear_message(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    env = {k: v for k, v in cli_env.items() if not k.startswith("OPENAI_")}
    env.update(SUMMARIZER_ENGINE="local", SUMMARIZER_LOCAL_MODEL=str(tmp_path / "nope.gguf"))
    output = tmp_path / "o.jsonl"
    done = run_cli("run", "examples/", "-o", str(output), env=env)
    assert done.returncode == 2
    assert "nope.gguf does not exist" in done.stderr
    assert "SUMMARIZER_LOCAL_MODEL" in done.stderr
    assert "Traceback" not in done.stderr
    # A configuration fault is nobody's article's fault: none is recorded as failed, so a rerun
    # with the model in place does them all.
    written = output.read_text().splitlines() if output.exists() else []
    assert not any(json.loads(line).get("status") == "failed" for line in written)


def test_schema_prints_the_briefing_schema(cli_env: dict[str, str]) -> None:
    done = run_cli("schema", env=cli_env)
    assert done.returncode == 0
    assert done.stdout == schema_json(Briefing)


def test_show_renders_and_filters(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    output = tmp_path / "briefings.jsonl"
    assert run_cli("run", "examples/", "-o", str(output), env=cli_env).returncode == 0
    shown = run_cli("show", str(output), "--id", "seed-003-rafah", env=cli_env)
    assert shown.returncode == 0
    assert "seed-003-rafah" in shown.stdout
    assert "seed-000-jabaliya" not in shown.stdout
    missing = run_cli("show", str(output), "--id", "nope", env=cli_env)
    assert missing.returncode == 1
    assert "nope" in missing.stderr


class _KillSwitch:
    """Answers like the newsroom and flips an event once `after` articles were answered."""

    def __init__(self, after: int) -> None:
        self.newsroom = Newsroom()
        self.answered = 0
        self.after = after
        self.reached = threading.Event()
        self.hold = threading.Event()
        self._lock = threading.Lock()

    def __call__(self, request: RecordedRequest) -> Action:
        with self._lock:
            self.answered += 1
            if self.answered >= self.after:
                self.reached.set()
        if self.answered > self.after:
            # Hold later requests open so the kill lands mid-batch with work in flight.
            self.hold.wait(30)
        return self.newsroom(request)


def test_sigkill_then_rerun_is_exactly_once(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    records = _write_corpus(tmp_path / "articles.jsonl", 40)
    titles = {str(r["title"]): str(r["id"]) for r in records}
    output = tmp_path / "briefings.jsonl"
    switch = _KillSwitch(after=15)
    server.respond_with(switch)
    command = [sys.executable, "-m", "summarizer", "run", str(tmp_path / "articles.jsonl")]
    command += ["-o", str(output), "--concurrency", "4", "--quiet", "--no-cache"]
    runner = subprocess.Popen(command, cwd=ROOT, env=cli_env, stderr=subprocess.DEVNULL)
    try:
        assert switch.reached.wait(60), "the runner never got going"
        runner.send_signal(signal.SIGKILL)
        runner.wait(10)
    finally:
        switch.hold.set()
        if runner.poll() is None:
            runner.kill()
    finished_before = {json.loads(line)["id"] for line in output.read_text().splitlines()}
    sent_before = len(server.completions)
    assert 0 < len(finished_before) < 40

    rerun = run_cli(*command[3:], env=cli_env)

    assert rerun.returncode == 0, rerun.stderr
    lines = output.read_text("utf-8").splitlines()
    ids = [json.loads(line)["id"] for line in lines]  # every line parses: none is torn
    assert sorted(ids) == sorted(str(r["id"]) for r in records)
    resent = {titles[article_title(r)] for r in server.completions[sent_before:]}
    assert not resent & finished_before


def test_no_cache_beats_the_environment(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    for run in ("first", "second"):
        done = run_cli(
            "run", "examples/", "-o", str(tmp_path / f"{run}.jsonl"), "--no-cache", env=cli_env
        )
        assert done.returncode == 0, done.stderr
    # SUMMARIZER_CACHE_DIR is set, yet nothing was cached: every run asked for every article.
    assert len(server.completions) == 2 * len(EXAMPLE_IDS)
    assert not (tmp_path / "cache").exists()
