"""The cite strategy's candidates in worker processes: the same result; failures cost nothing."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import pytest

from summarizer import Summarizer
from summarizer.batch.candidate_pool import CandidatePool
from summarizer.find.candidates import Candidates, find_candidates
from tests.conftest import SEED_000, SEED_003, Make
from tests.fake_openai import RecordedRequest, Reply, ScriptedOpenAIServer
from tests.newsroom import BARE_CITE_DRAFT, corpus

TEXTS = [SEED_000.read_text("utf-8"), SEED_003.read_text("utf-8")]


def test_workers_find_what_this_process_finds() -> None:
    async def run() -> tuple[list[Candidates], CandidatePool]:
        async with CandidatePool(2) as pool:
            found = await asyncio.gather(*(pool.find(text) for text in TEXTS * 2))
        return list(found), pool

    found, pool = asyncio.run(run())
    assert found == [find_candidates(text) for text in TEXTS * 2]
    assert (pool.found_by_workers, pool.found_here) == (4, 0)


def test_a_worker_that_dies_costs_its_text_nothing_but_time() -> None:
    async def run() -> tuple[Candidates, tuple[Candidates, Candidates], CandidatePool]:
        async with CandidatePool(1) as pool:
            first = await pool.find(TEXTS[0])
            (worker,) = pool._workers
            os.kill(worker.process.pid, signal.SIGKILL)
            await worker.process.wait()
            second = await pool.find(TEXTS[1])  # the dead worker fails; found here instead
            third = await pool.find(TEXTS[0])  # and a new worker takes over
        return first, (second, third), pool

    first, (second, third), pool = asyncio.run(run())
    assert first == find_candidates(TEXTS[0])
    assert second == find_candidates(TEXTS[1])
    assert third == find_candidates(TEXTS[0])
    assert pool.found_here == 1
    assert pool.found_by_workers == 2


def test_a_free_worker_parses_the_texts_that_wait_as_one_batch() -> None:
    texts = [str(r["text"]) for r in corpus()[:6]]

    async def run() -> tuple[list[Candidates], CandidatePool]:
        async with CandidatePool(1, batch=4) as pool:
            found = await asyncio.gather(*(pool.find(text) for text in texts))
        return list(found), pool

    found, pool = asyncio.run(run())
    assert found == [find_candidates(text) for text in texts]
    # A fresh worker's first request is one text; then the five that waited: 4, then 1.
    assert (pool.requests, pool.found_by_workers, pool.found_here) == (3, 6, 0)


def test_what_a_worker_fails_to_answer_in_a_batch_is_found_here() -> None:
    texts = [str(r["text"]) for r in corpus()[:3]]
    too_long = "word " * 250_000  # past spaCy's max_length: the worker's parse raises

    async def run() -> tuple[list[Candidates | BaseException], CandidatePool]:
        async with CandidatePool(1, batch=4) as pool:
            await pool.find(TEXTS[0])  # the worker is up
            # The first text goes at once; the other three wait and go as one batch.
            calls = (pool.find(t) for t in [texts[0], too_long, texts[1], texts[2]])
            found = await asyncio.gather(*calls, return_exceptions=True)
        return list(found), pool

    found, pool = asyncio.run(run())
    assert found[0] == find_candidates(texts[0])
    # The batch fails at its first text; every text of it is found here, the long one's error
    # reaches its caller as if found here, the others get their candidates.
    assert isinstance(found[1], ValueError)
    assert found[2:] == [find_candidates(t) for t in texts[1:]]
    assert (pool.requests, pool.found_by_workers, pool.found_here) == (3, 2, 3)


def test_a_cancelled_caller_leaves_the_others_their_candidates() -> None:
    texts = [str(r["text"]) for r in corpus()[:3]]

    async def run() -> tuple[list[Candidates], CandidatePool]:
        async with CandidatePool(1, batch=4) as pool:
            tasks = [asyncio.create_task(pool.find(text)) for text in texts]
            await asyncio.sleep(0)  # every caller is waiting now; the first text is sent
            tasks[1].cancel()
            first, third = await tasks[0], await tasks[2]
            again = await pool.find(texts[1])  # the worker still answers in order
        assert tasks[1].cancelled()
        return [first, third, again], pool

    found, pool = asyncio.run(run())
    assert found == [find_candidates(t) for t in (texts[0], texts[2], texts[1])]
    assert (pool.found_by_workers, pool.found_here) == (3, 0)


def test_workers_that_cannot_start_leave_the_work_to_this_process(tmp_path: Path) -> None:
    # A PYTHONPATH whose `summarizer` is broken: every worker dies at import.
    broken = tmp_path / "summarizer"
    broken.mkdir()
    (broken / "__init__.py").write_text("raise SystemExit(3)\n", encoding="utf-8")

    async def run() -> tuple[list[Candidates], CandidatePool]:
        async with CandidatePool(2, env={"PYTHONPATH": str(tmp_path)}) as pool:
            pool._env["PYTHONPATH"] = str(tmp_path)  # ahead of the real package
            found = [await pool.find(text) for text in TEXTS * 4]
        return found, pool

    found, pool = asyncio.run(run())
    assert found == [find_candidates(text) for text in TEXTS * 4]
    assert pool.found_by_workers == 0
    assert pool.found_here == 8


def test_a_cite_batch_finds_candidates_in_workers_and_gets_every_briefing(
    server: ScriptedOpenAIServer, make: Make, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SUMMARIZER_STRATEGY")  # the default: cite

    def answer(request: RecordedRequest) -> Reply:
        return Reply(BARE_CITE_DRAFT)

    pools: list[CandidatePool] = []

    class RecordedPool(CandidatePool):
        def __init__(self) -> None:
            super().__init__()
            pools.append(self)

    monkeypatch.setattr("summarizer.batch.concurrency.CandidatePool", RecordedPool)
    server.respond_with(answer)
    texts = [str(r["text"]) for r in corpus()[:8]]
    summarizer: Summarizer = make()
    assert summarizer.finds_candidates
    results = list(summarizer.summarize_many(texts, concurrency=4))

    assert sorted(r.status for r in results) == ["ok"] * 8
    (pool,) = pools
    assert (pool.found_by_workers, pool.found_here) == (8, 0)
