"""The cite strategy's candidates for a batch, found in worker processes: every core, off the loop.

Finding an article's sentences, numbers, quotes and names (spaCy) takes ~75 ms of CPU. Done on
the event loop it stalls every request slot while it runs, and done in threads it still holds
one core (the parse holds the GIL): a 200-article batch at 300 ms latency took 16 s against a
latency bound of 3.75 s. A batch under cite therefore sends each text to one of a few worker
processes (`python -m summarizer.batch.candidate_worker`, one per core, started on first use,
spaCy loaded once each) and awaits the result while its requests go out.

The workers are fresh interpreters, not forks or `multiprocessing` children: `multiprocessing`'s
spawn would re-run a user's script that lacks a `__main__` guard, and a fork of a process with
threads may copy a held lock. Texts go out as UTF-8, candidates come back pickled (our own child,
over its own pipe). A worker that fails or dies costs nothing but time: that text's candidates
are found here, in a thread, and the pool carries on with the workers it has left.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import struct
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

from summarizer.environment import environment
from summarizer.find.candidates import Candidates, find_candidates

log = logging.getLogger("summarizer")
HEADER = struct.Struct(">I")
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

    async def find(self, text: str) -> Candidates:
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None:
            raise OSError("the candidate worker has no pipes")
        body = text.encode("utf-8")
        stdin.write(HEADER.pack(len(body)) + body)
        await stdin.drain()
        (size,) = HEADER.unpack(await stdout.readexactly(HEADER.size))
        reply: Any = pickle.loads(await stdout.readexactly(size))  # noqa: S301 - our own child
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


class CandidatePool:
    """Candidates found by worker processes; use as `async with CandidatePool() as pool`."""

    def __init__(self, size: int | None = None, *, env: dict[str, str] | None = None) -> None:
        """`size` workers at most (default: one per core), started as texts arrive."""
        self.size = size or default_workers()
        child_env = dict(environment() if env is None else env)
        # The workers import this very package, wherever it was imported from here.
        package_root = str(Path(__file__).resolve().parents[2])
        child_env["PYTHONPATH"] = os.pathsep.join(
            [package_root, *filter(None, [child_env.get("PYTHONPATH")])]
        )
        self._env = child_env
        # None wakes a waiter after a worker failed, so it can start a replacement.
        self._idle: asyncio.Queue[_Worker | None] = asyncio.Queue()
        self._failures = 0
        self._workers: list[_Worker] = []
        self._starting = 0
        self.found_here = 0
        """Texts whose candidates were found in this process after a worker failed."""
        self.found_by_workers = 0
        """Texts whose candidates a worker found."""

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
        worker = await self._acquire()
        if worker is not None:
            try:
                found = await worker.find(text)
            except (OSError, EOFError, asyncio.IncompleteReadError, RuntimeError, TypeError) as exc:
                log.warning("a candidate worker failed (%s); finding them here instead", exc)
                self._workers.remove(worker)
                self._failures += 1
                self._idle.put_nowait(None)
                await worker.stop()
            except BaseException:
                # Cancelled mid-reply: the worker's pipe may hold half a message; retire it.
                self._workers.remove(worker)
                await worker.stop()
                raise
            else:
                self._idle.put_nowait(worker)
                self.found_by_workers += 1
                return found
        self.found_here += 1
        return await asyncio.to_thread(find_candidates, text)

    async def _acquire(self) -> _Worker | None:
        """An idle worker, a new one while below size, or None when none can (or should) start."""
        while True:
            if self._failures > 2 * self.size:
                return None  # the workers keep failing: stop paying for their start-up
            while not self._idle.empty():  # an idle worker first; a None is only a wake-up
                idle = self._idle.get_nowait()
                if idle is not None:
                    return idle
            if len(self._workers) + self._starting < self.size:
                return await self._start()
            worker = await self._idle.get()
            if worker is not None:
                return worker

    async def _start(self) -> _Worker | None:
        self._starting += 1
        try:
            worker = await _Worker.start(self._env)
        except OSError as exc:
            log.warning("could not start a candidate worker (%s); finding them here", exc)
            self._failures += 1
            return None
        finally:
            self._starting -= 1
        self._workers.append(worker)
        return worker

    async def close(self) -> None:
        """Stop every worker (each exits when its stdin closes)."""
        workers, self._workers = self._workers, []
        await asyncio.gather(*(worker.stop() for worker in workers))
