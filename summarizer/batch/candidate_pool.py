"""The cite strategy's candidates for a batch, found in worker processes: every core, off the loop.

Finding an article's sentences, numbers, quotes and names (spaCy) takes ~75 ms of CPU. Done on
the event loop it stalls every request slot while it runs, and done in threads it still holds
one core (the parse holds the GIL): a 200-article batch at 300 ms latency took 16 s against a
latency bound of 3.75 s. A batch under cite therefore sends each text to one of a few worker
processes (`python -m summarizer.batch.candidate_worker`, one per core, started on first use,
spaCy loaded once each) and awaits the result while its requests go out. A free worker takes
the texts that wait (up to 4) and parses them as one batch through `nlp.pipe`, which costs ~12%
less CPU than one at a time and leaves the worker no idle round trip between texts.

The workers are fresh interpreters, not forks or `multiprocessing` children: `multiprocessing`'s
spawn would re-run a user's script that lacks a `__main__` guard, and a fork of a process with
threads may copy a held lock. Texts go out as UTF-8, candidates come back pickled (our own child,
over its own pipe). A worker that fails or dies costs nothing but time: that text's candidates
are found here, in a thread, and the pool carries on with the workers it has left.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import pickle
import struct
import sys
from collections.abc import Coroutine
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.environment import environment
from summarizer.find.candidates import Candidates, find_candidates

log = logging.getLogger("summarizer")
HEADER = struct.Struct(">I")
BATCH = 4
"""Texts a free worker parses at once by default (`python benchmarks/candidate_batches.py`)."""
_STOP_WAIT = 5.0


def default_workers() -> int:
    """One worker per core this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(cls, env: dict[str, str]) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-P",  # not the working directory: the package on PYTHONPATH, this very one
            "-m",
            "summarizer.batch.candidate_worker",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.DEVNULL,
            env=env,
        )
        return cls(process)

    async def send(self, texts: list[str]) -> None:
        """One request: the number of texts, then each text, length-prefixed UTF-8."""
        if self.process.stdin is None:
            raise OSError("the candidate worker has no pipes")
        parts = [HEADER.pack(len(texts))]
        for text in texts:
            body = text.encode("utf-8")
            parts += [HEADER.pack(len(body)), body]
        self.process.stdin.write(b"".join(parts))
        await self.process.stdin.drain()

    async def receive(self) -> Candidates:
        """The next text's candidates; the worker answers each text of a request in order."""
        if self.process.stdout is None:
            raise OSError("the candidate worker has no pipes")
        (size,) = HEADER.unpack(await self.process.stdout.readexactly(HEADER.size))
        reply: Any = pickle.loads(await self.process.stdout.readexactly(size))  # noqa: S301
        if not (isinstance(reply, tuple) and reply and reply[0] == "ok"):
            msg = f"the candidate worker failed: {reply!r}"
            raise RuntimeError(msg)
        found = reply[1]
        if not isinstance(found, Candidates):
            msg = "the candidate worker sent something else than candidates"
            raise TypeError(msg)
        return found

    async def stop(self) -> None:
        if self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            await asyncio.wait_for(self.process.wait(), _STOP_WAIT)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            await self.process.wait()


_Waiting = tuple[str, "asyncio.Future[Candidates]"]


class CandidatePool:
    """Candidates found by worker processes; use as `async with CandidatePool() as pool`."""

    def __init__(
        self, size: int | None = None, *, env: dict[str, str] | None = None, batch: int = BATCH
    ) -> None:
        """`size` workers at most (default: one per core), started as texts arrive.

        A free worker takes up to `batch` waiting texts at once and parses them together (~12%
        less CPU at 4; `python benchmarks/candidate_batches.py`); a new worker's first request
        is one text, so the first requests of a run go out as soon as a worker has loaded spaCy.
        """
        self.size = size or default_workers()
        self.batch = max(1, batch)
        child_env = dict(environment() if env is None else env)
        # The workers import this very package, wherever it was imported from here.
        package_root = str(Path(__file__).resolve().parents[2])
        child_env["PYTHONPATH"] = os.pathsep.join(
            [package_root, *filter(None, [child_env.get("PYTHONPATH")])]
        )
        self._env = child_env
        self._waiting: collections.deque[_Waiting] = collections.deque()
        self._idle: list[_Worker] = []
        self._fresh: set[_Worker] = set()
        self._workers: list[_Worker] = []
        self._starting = 0
        self._failures = 0
        self._jobs: set[asyncio.Task[None]] = set()
        self.found_here = 0
        """Texts whose candidates were found in this process after a worker failed."""
        self.found_by_workers = 0
        """Texts whose candidates a worker found."""
        self.requests = 0
        """Requests sent to workers (each holds one text or a batch)."""

    async def __aenter__(self) -> CandidatePool:
        """The pool; no worker starts before the first text."""
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Stop every worker."""
        await self.close()

    async def find(self, text: str) -> Candidates:
        """The candidates of `text`, found by a worker (or here, if the workers fail)."""
        future: asyncio.Future[Candidates] = asyncio.get_running_loop().create_future()
        self._waiting.append((text, future))
        self._dispatch()
        # Cancelling the caller cancels the future; a worker's request it was part of goes on.
        return await future

    def _dispatch(self) -> None:
        """Hand waiting texts to idle workers, start workers while below size, or find here."""
        while self._waiting:
            if self._failures > 2 * self.size:  # the workers keep failing: stop paying for them
                text, future = self._waiting.popleft()
                self._spawn(self._find_here([(text, future)]))
            elif self._idle:
                worker = self._idle.pop()
                request = self._take(worker)
                if request:
                    self._spawn(self._serve(worker, request))
                else:
                    self._idle.append(worker)
                    return
            elif len(self._workers) + self._starting < self.size:
                self._starting += 1
                self._spawn(self._start())
            else:
                return

    def _take(self, worker: _Worker) -> list[_Waiting]:
        # Share what waits among the workers, at most `batch` each; a fresh worker takes one.
        if worker in self._fresh:
            self._fresh.discard(worker)
            share = 1
        else:
            share = min(self.batch, -(-len(self._waiting) // self.size))
        request: list[_Waiting] = []
        while self._waiting and len(request) < share:
            text, future = self._waiting.popleft()
            if not future.done():  # its caller was cancelled
                request.append((text, future))
        return request

    def _spawn(self, job: Coroutine[Any, Any, None]) -> None:
        task = asyncio.get_running_loop().create_task(job)
        self._jobs.add(task)
        task.add_done_callback(self._jobs.discard)

    async def _start(self) -> None:
        try:
            worker = await _Worker.start(self._env)
        except OSError as exc:
            log.warning("could not start a candidate worker (%s); finding them here", exc)
            self._failures += 1
        else:
            self._workers.append(worker)
            self._fresh.add(worker)
            self._idle.append(worker)
        finally:
            self._starting -= 1
        self._dispatch()

    async def _serve(self, worker: _Worker, request: list[_Waiting]) -> None:
        """One request to `worker`; what it fails to answer is found here."""
        answered = 0
        try:
            await worker.send([text for text, _ in request])
            self.requests += 1
            for _, future in request:
                found = await worker.receive()
                answered += 1
                self.found_by_workers += 1
                if not future.done():
                    future.set_result(found)
        except (OSError, EOFError, asyncio.IncompleteReadError, RuntimeError, TypeError) as exc:
            log.warning("a candidate worker failed (%s); finding them here instead", exc)
            self._failures += 1
            await self._retire(worker)
            await self._find_here(request[answered:])
        except BaseException:
            # Cancelled mid-reply (the pool closes): the pipe may hold half a message; retire it.
            await self._retire(worker)
            for _, future in request[answered:]:
                future.cancel()
            raise
        else:
            self._idle.append(worker)
        self._dispatch()

    async def _retire(self, worker: _Worker) -> None:
        if worker in self._workers:
            self._workers.remove(worker)
        await worker.stop()

    async def _find_here(self, request: list[_Waiting]) -> None:
        for text, future in request:
            if future.done():
                continue
            self.found_here += 1
            try:
                found = await asyncio.to_thread(find_candidates, text)
            except Exception as exc:  # noqa: BLE001 - the caller's error, as if found there
                if not future.done():
                    future.set_exception(exc)
            else:
                if not future.done():
                    future.set_result(found)

    async def close(self) -> None:
        """Stop every worker (each exits when its stdin closes); cancel what still waits."""
        for _, future in self._waiting:
            future.cancel()
        self._waiting.clear()
        jobs = list(self._jobs)
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        workers, self._workers, self._idle = self._workers, [], []
        await asyncio.gather(*(worker.stop() for worker in workers))
