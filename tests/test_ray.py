"""Ray Data: the same batch as `summarizer run` on a real local Ray instance, exactly once.

One Ray instance for the module (its start-up is most of the cost); the scripted server on
loopback answers the actors' requests and counts them per article.
"""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.errors import ConfigurationError
from tests.conftest import run_cli
from tests.fake_openai import Action, Fault, RecordedRequest, ScriptedOpenAIServer
from tests.newsroom import Newsroom, corpus

if os.environ.get("SUMMARIZER_REQUIRE_RAY") != "1":
    pytest.importorskip("ray", reason='needs pip install -e ".[ray]"')

import pyarrow.parquet as pq
import ray

from summarizer.batch.ray_data import result_of_row, summarize_dataset


@pytest.fixture(scope="module", autouse=True)
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    yield
    ray.shutdown()


def distinct_records(count: int) -> list[dict[str, Any]]:
    """`count` article records with distinct ids and texts (the corpus, then marked copies)."""
    records = corpus()
    copies = [
        dict(r, id=f"{r['id']}-copy", text=f"{r['text']}\n\nThis copy was filed again.")
        for r in records
    ]
    chosen = (records + copies)[:count]
    assert len(chosen) == count
    return chosen


def options(server: ScriptedOpenAIServer, tmp_path: Path, **more: Any) -> dict[str, Any]:
    return {
        "base_url": server.base_url,
        "strategy": "quote",  # the newsroom's drafts are quote drafts
        "timeout": 1.0,
        "cache_dir": tmp_path / "cache",
        **more,
    }


def test_200_articles_with_transient_faults_end_exactly_once_and_none_is_sent_after_success(
    server: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    records = distinct_records(200)
    newsroom = Newsroom(transient_pct=30)
    server.respond_with(newsroom)
    dataset = ray.data.from_items(records)

    rows = summarize_dataset(
        dataset, actors=2, requests_per_actor=8, **options(server, tmp_path)
    ).take_all()

    ids = Counter(str(row["id"]) for row in rows)
    assert ids == Counter(str(r["id"]) for r in records)  # every id, exactly once
    assert all(row["status"] == "ok" for row in rows), [r for r in rows if r["status"] != "ok"]
    kinds = Counter(newsroom.kind(str(r["text"]).strip()) for r in records)
    assert kinds["transient"] > 40  # the faults really happened
    # A transient article: its fault, then its answer; a good one: its answer. Nothing after.
    for record in records:
        text = str(record["text"]).strip()
        assert newsroom.seen[text] == (2 if newsroom.kind(text) == "transient" else 1), record["id"]
    briefing = result_of_row(rows[0]).briefing
    assert briefing is not None
    assert briefing.provenance.article_id == rows[0]["id"]


@pytest.mark.parametrize("death", ["kill-once", "exit-once"])
def test_an_actor_that_dies_mid_run_costs_no_row_and_no_second_request(
    server: ScriptedOpenAIServer, tmp_path: Path, death: str
) -> None:
    records = distinct_records(48)
    newsroom = Newsroom()
    server.respond_with(newsroom)
    died = tmp_path / "an-actor-died"
    dataset = ray.data.from_items(records)

    rows = summarize_dataset(
        dataset,
        actors=2,
        batch_size=8,
        runtime_env={"env_vars": {"SUMMARIZER_RAY_TEST_FAULT": f"{death}:{died}"}},
        **options(server, tmp_path),
    ).take_all()

    # An actor really died (ray.kill, or its process exited) after summarising a batch, before
    # returning it.
    assert died.exists()
    assert Counter(str(row["id"]) for row in rows) == Counter(str(r["id"]) for r in records)
    # Ray ran the dead actor's batch again; the cache answered for the articles it had done.
    assert all(count == 1 for count in newsroom.seen.values())
    assert sum(newsroom.seen.values()) == len(records)
    assert any(row["cached"] for row in rows)


def test_a_429_that_one_actor_receives_pauses_every_actor(
    server: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    records = distinct_records(24)
    newsroom = Newsroom(delay=0.2)
    first: list[RecordedRequest] = []
    lock = threading.Lock()

    def respond(request: RecordedRequest) -> Action:
        with lock:
            if not first:
                first.append(request)
                return Fault(429, retry_after="2")
        return newsroom(request)

    server.respond_with(respond)
    rows = summarize_dataset(
        ray.data.from_items(records),
        actors=2,
        requests_per_actor=1,
        batch_size=4,
        **options(server, tmp_path, cache_dir=False),
    ).take_all()

    assert len(rows) == len(records)
    assert all(row["status"] == "ok" for row in rows)
    limited = first[0].received
    # Within the 2 s the endpoint asked for, almost nothing new arrives: a request the other
    # actor had in flight, and one it sent before the pause reached it. Unpaced, it sends one
    # every 0.2 s (10 in that time).
    during = [r for r in server.completions if limited < r.received < limited + 1.95]
    assert len(during) <= 2, [round(r.received - limited, 2) for r in during]


def test_bad_rows_become_error_rows_that_name_the_row_and_the_cause(
    server: ScriptedOpenAIServer, tmp_path: Path
) -> None:
    server.respond_with(Newsroom())
    good = distinct_records(2)
    rows_in = [
        *({"id": r["id"], "text": r["text"], "title": None} for r in good),
        {"id": "no-text", "text": None, "title": "A title and nothing else"},
        {"id": "blank", "text": "   \n ", "title": None},
    ]

    rows = summarize_dataset(ray.data.from_items(rows_in), **options(server, tmp_path)).take_all()

    by_id = {str(row["id"]): row for row in rows}
    assert set(by_id) == {str(r["id"]) for r in rows_in}
    assert [by_id[str(r["id"])]["status"] for r in good] == ["ok", "ok"]
    no_text = json.loads(str(by_id["no-text"]["error"]))
    assert no_text["kind"] == "BadRecordError"
    assert "no text" in no_text["message"]
    assert by_id["blank"]["status"] == "error"
    assert len(server.completions) == 2  # only the good rows were sent


def test_an_actor_whose_engine_cannot_start_gives_each_article_an_error_row(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "no-such-model.gguf"
    records = distinct_records(3)

    rows = summarize_dataset(
        ray.data.from_items(records),
        actors=1,
        engine="local",
        local_model=str(missing),
        cache_dir=False,
    ).take_all()  # returns: Ray does not restart a failing actor for ever

    assert sorted(str(row["id"]) for row in rows) == sorted(str(r["id"]) for r in records)
    for row in rows:
        error = json.loads(str(row["error"]))
        assert error["kind"] == "ConfigurationError"
        assert str(row["id"]) in error["message"]
        assert "local" in error["message"]


def test_what_cannot_travel_to_an_actor_is_refused_before_ray_runs(tmp_path: Path) -> None:
    dataset = ray.data.from_items([{"id": "a", "text": "Some text."}])
    with pytest.raises(ConfigurationError, match="api_key"):
        summarize_dataset(dataset, api_key="sk-secret")
    with pytest.raises(ConfigurationError, match="at least 1"):
        summarize_dataset(dataset, actors=0)


def _write_inputs(path: Path, records: list[dict[str, Any]]) -> Path:
    lines = [json.dumps(r) for r in records]
    lines.insert(3, "{this line is not JSON")
    lines.insert(5, json.dumps({"id": "only-a-title", "title": "No text here"}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _shard_ids(folder: Path) -> Counter[str]:
    ids: Counter[str] = Counter()
    for shard in folder.glob("part-*.jsonl"):
        ids.update(json.loads(line)["id"] for line in shard.read_text("utf-8").splitlines())
    for shard in folder.glob("part-*.parquet"):
        ids.update(pq.read_table(shard, columns=["id"])["id"].to_pylist())
    return ids


def test_run_with_ray_writes_every_input_once_and_a_rerun_sends_nothing(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    records = distinct_records(30)
    inputs = _write_inputs(tmp_path / "articles.jsonl", records)
    server.respond_with(Newsroom())
    out = tmp_path / "out"

    first = run_cli("run", str(inputs), "-o", str(out), "--ray", env=cli_env, timeout=300)

    assert first.returncode == 1, first.stderr  # two inputs are bad: their lines say why
    ids = _shard_ids(out)
    assert set(ids.values()) == {1}  # exactly once each
    assert len(ids) == len(records) + 2
    assert {str(r["id"]) for r in records} <= set(ids)
    assert "summarizer run" in first.stderr
    assert "Traceback" not in first.stderr
    sent = len(server.completions)
    assert sent == len(records)

    again = run_cli("run", str(inputs), "-o", str(out), "--ray", env=cli_env, timeout=300)

    assert again.returncode == 1  # the output still holds this run's inputs' errors
    assert "--retry-errors" in again.stderr
    assert len(server.completions) == sent  # nothing sent twice
    assert _shard_ids(out) == ids


def test_run_with_ray_writes_parquet_shards_a_reader_can_load(
    server: ScriptedOpenAIServer, cli_env: dict[str, str], tmp_path: Path
) -> None:
    records = distinct_records(12)
    inputs = tmp_path / "articles.jsonl"
    inputs.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    server.respond_with(Newsroom())
    out = tmp_path / "out"

    done = run_cli(
        "run", str(inputs), "-o", str(out), "--format", "parquet", "--ray", env=cli_env, timeout=300
    )

    assert done.returncode == 0, done.stderr
    (shard,) = out.glob("part-*.parquet")
    table = pq.read_table(shard)
    assert sorted(table["id"].to_pylist()) == sorted(str(r["id"]) for r in records)
    row = table.to_pylist()[0]
    assert result_of_row(row).briefing is not None
    assert not list(out.glob("*.partial"))


def test_ray_options_without_ray_and_an_output_file_are_clear_errors(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    inputs = tmp_path / "a.txt"
    inputs.write_text("Some text of an article.", encoding="utf-8")
    alone = run_cli("run", str(inputs), "--format", "parquet", env=cli_env)
    assert alone.returncode == 2
    assert "go with --ray" in alone.stderr
    a_file = tmp_path / "briefings.jsonl"
    a_file.write_text("", encoding="utf-8")
    into_file = run_cli("run", str(inputs), "-o", str(a_file), "--ray", env=cli_env)
    assert into_file.returncode == 2
    assert "is a file" in into_file.stderr
    assert "Traceback" not in into_file.stderr
