"""The embedded model in a worker process of its own, so that a native crash costs one article.

llama.cpp is native code: a segmentation fault in it (an AMX kernel on a new CPU, a new
llama.cpp release, a corrupt model file) kills whatever process runs it. `WorkerClient` runs the
model in a child process (`python -m summarizer.engine.local.worker_main`) that loads it once and
serves one generation at a time. When the child dies, the generation it was serving fails with
`EngineCrashedError` (the signal, and the child's log kept for a bug report); the next request
starts a new child. Requests waiting their turn in this process are never sent to a dying child,
so one crash fails exactly one article.

The child is a fresh interpreter, not a fork: the parent has threads (a fork could copy a held
lock), and `multiprocessing`'s spawn would re-run a user's script that lacks a `__main__` guard.
Messages are length-prefixed JSON over the child's stdin and stdout; the child moves its own
stdout onto its log, so nothing native can print into the protocol.
"""

from __future__ import annotations

import builtins
import contextlib
import itertools
import json
import os
import signal
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import Future
from pathlib import Path
from typing import IO, Any

from summarizer.engine.contract import InProcessClient
from summarizer.errors import (
    ConfigurationError,
    EngineCrashedError,
    GenerationStoppedError,
)

CLOSED = "the local model was closed"
DOCS = "see docs/local-engine.md (Crashes)"
_HEADER = struct.Struct(">I")
_LOG_TAIL = 5
# How long close() waits for the child to free the model before it is killed.
_EXIT_WAIT = 30.0


def write_message(stream: IO[bytes], message: Mapping[str, Any]) -> None:
    """Send one message: a 4-byte length, then JSON."""
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    stream.write(_HEADER.pack(len(body)) + body)
    stream.flush()


def read_message(stream: IO[bytes]) -> dict[str, Any] | None:
    """The next message, or None at the end of the stream (the other side is gone)."""
    header = stream.read(_HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    body = stream.read(size)
    if len(body) < size:
        return None
    message = json.loads(body.decode("utf-8"))
    return message if isinstance(message, dict) else None


def describe_exit(returncode: int) -> tuple[str, int | None, int | None]:
    """How a child ended, in words, with its signal or exit status."""
    if returncode < 0:
        number = -returncode
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = "unknown signal"
        return f"signal {number}, {name}", number, None
    return f"exit status {returncode}", None, returncode


def last_words(path: Path | None, lines: int = _LOG_TAIL) -> str:
    """What a dead worker's log says, on one line (empty when there is no log or nothing in it).

    After a crash `faulthandler` has written "Fatal Python error: ..." and each thread's stack;
    the fatal line and the crashing thread's innermost frame say where. Otherwise, the last lines.
    """
    if path is None:
        return ""
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return ""
    kept = [line.strip() for line in text.splitlines() if line.strip()]
    fatal = [line for line in kept if line.startswith("Fatal Python error")]
    if fatal:
        said = [fatal[-1]]
        current = [n for n, line in enumerate(kept) if line.startswith("Current thread")]
        if current and current[-1] + 1 < len(kept) and kept[current[-1] + 1].startswith("File"):
            said.append("in " + kept[current[-1] + 1])
        return " ".join(said)
    return " | ".join(kept[-lines:])


def remote_error(error: Mapping[str, Any]) -> BaseException:
    """The exception the child reported, as ours or the builtin it was."""
    kind, message = str(error.get("kind", "")), str(error.get("message", ""))
    if kind == "GenerationStoppedError":
        return GenerationStoppedError(message)
    if kind == "ConfigurationError":
        return ConfigurationError(message)
    found = getattr(builtins, kind, None)
    if isinstance(found, type) and issubclass(found, Exception):
        with contextlib.suppress(Exception):
            return found(message)
    return RuntimeError(f"{kind}: {message}")


class _Worker:
    """One child process and the reader thread that hands its replies to the waiting callers."""

    def __init__(
        self, command: list[str], env: Mapping[str, str], config: Mapping[str, Any]
    ) -> None:
        handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the child writes it for its life
            prefix="summarizer-local-engine-", suffix=".log", delete=False
        )
        self.log = Path(handle.name)
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=handle, env=dict(env)
        )
        handle.close()
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self._in: IO[bytes] = self.process.stdin
        self._out: IO[bytes] = self.process.stdout
        self._write = threading.Lock()
        self._pending: dict[int, Future[dict[str, Any]]] = {}
        # Guards _pending and _ended: a request made as the child dies must still be answered.
        self._state = threading.Lock()
        self._ended: BaseException | None = None
        self._ids = itertools.count(1)
        self.closing = False
        self.info: dict[str, Any] = {}
        self.send({"op": "load", **config})
        ready = read_message(self._out)
        if ready is None:
            self._close_pipes()
            raise self.crashed("while loading the model")
        if "error" in ready:  # said, not crashed: the error is the message, no log to keep
            self.stop()
            self.log.unlink(missing_ok=True)
            raise remote_error(ready["error"])
        self.info = dict(ready.get("info") or {})
        self._reader = threading.Thread(target=self._read, name="summarizer-engine-reader")
        self._reader.daemon = True
        self._reader.start()

    def send(self, message: Mapping[str, Any]) -> None:
        with self._write:
            if self._in.closed:
                raise BrokenPipeError("the local engine's worker has ended")
            write_message(self._in, message)

    def request(self, op: str, **fields: Any) -> tuple[int, Future[dict[str, Any]]]:  # noqa: ANN401
        """Send one request; its reply arrives in the future (or the crash, as its exception)."""
        number = next(self._ids)
        future: Future[dict[str, Any]] = Future()
        with self._state:
            if self._ended is not None:  # the reader has already seen the child's end
                future.set_exception(self._ended)
                return number, future
            self._pending[number] = future
        # A child that is gone makes the reader fail the future when it sees the end.
        with contextlib.suppress(OSError):
            self.send({"op": op, "id": number, **fields})
        return number, future

    def alive(self) -> bool:
        return self.process.poll() is None and not self.closing

    def crashed(self, doing: str) -> EngineCrashedError:
        returncode = self.process.wait()
        how, number, status = describe_exit(returncode)
        tail = last_words(self.log)
        said = f"; its last words: {tail}" if tail else ""
        message = (
            f"the local engine crashed ({how}) {doing}{said}. Its log is kept at {self.log}; "
            f"a new worker serves the next article; {DOCS}"
        )
        return EngineCrashedError(message, signal=number, exit_status=status, log=str(self.log))

    def _read(self) -> None:
        while (message := read_message(self._out)) is not None:
            with self._state:
                future = self._pending.pop(int(message.get("id", 0)), None)
            if future is None:
                continue  # the reply to a request whose caller left
            if "error" in message:
                future.set_exception(remote_error(message["error"]))
            else:
                future.set_result(dict(message.get("result") or {}))
        error: BaseException
        if self.closing:
            self.process.wait()
            error = GenerationStoppedError(CLOSED)
        else:
            error = self.crashed("while summarising this article")
        with self._state:
            self._ended = error
            pending, self._pending = self._pending, {}
        for future in pending.values():
            future.set_exception(error)
        self._close_pipes()

    def _close_pipes(self) -> None:
        with self._write, contextlib.suppress(OSError):
            self._in.close()
        self._out.close()

    def stop(self) -> None:
        """Ask the child to free the model and exit; kill it if it does not."""
        self.closing = True
        with contextlib.suppress(OSError):
            self.send({"op": "close"})
        with self._write, contextlib.suppress(OSError):
            self._in.close()
        try:
            self.process.wait(_EXIT_WAIT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if hasattr(self, "_reader"):
            self._reader.join(_EXIT_WAIT)
        self._close_pipes()
        if self.process.returncode == 0:
            self.log.unlink(missing_ok=True)


class WorkerClient:
    """The embedded model in a worker process, behind `chat.completions.create`.

    The model is loaded once per worker, when the first request arrives. Requests take turns
    here, one generation in the child at a time, so a crash fails the one being served.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        config: Mapping[str, Any],
        env: Mapping[str, str],
    ) -> None:
        """`config`: what the child's LocalClient is built with; `env`: the child's environment."""
        self.model_path = model_path
        self._config = {"model": str(model_path), **config}
        package_root = str(Path(__file__).resolve().parents[3])
        child_env = dict(env)
        # The child imports this very package, wherever it was imported from here.
        child_env["PYTHONPATH"] = os.pathsep.join(
            [package_root, *filter(None, [child_env.get("PYTHONPATH")])]
        )
        self._env = child_env
        # -P: not the working directory first, so the package on PYTHONPATH is this very one.
        self._command = [sys.executable, "-P", "-m", "summarizer.engine.local.worker_main"]
        self._worker: _Worker | None = None
        self._turn = threading.Lock()
        self._closed = threading.Event()
        self.crashes = 0
        """Workers that died so far."""
        self.starts = 0
        """Workers started so far (the first, and one after each crash)."""
        self.chat = InProcessClient(self._create).chat

    @property
    def info(self) -> dict[str, Any]:
        """What the running worker reported at load (system info, layout); empty before."""
        return dict(self._worker.info) if self._worker is not None else {}

    def _live_worker(self) -> _Worker:
        if self._worker is not None and not self._worker.alive():
            self._worker = None
        if self._worker is None:
            self.starts += 1
            try:
                self._worker = _Worker(self._command, self._env, self._config)
            except EngineCrashedError:
                self.crashes += 1
                raise
        return self._worker

    def _call(self, op: str, **fields: Any) -> dict[str, Any]:  # noqa: ANN401 - JSON fields
        if self._closed.is_set():
            raise GenerationStoppedError(CLOSED)
        with self._turn:
            if self._closed.is_set():
                raise GenerationStoppedError(CLOSED)
            worker = self._live_worker()
            number, future = worker.request(op, **fields)
            try:
                return future.result()
            except EngineCrashedError:
                self.crashes += 1
                raise
            except BaseException:
                if not future.done():
                    # Ctrl-C (or any other exit) while waiting: the child stops the generation at
                    # its next forward pass, rather than hold the model for a minute.
                    with contextlib.suppress(OSError):
                        worker.send({"op": "cancel", "id": number})
                raise

    def _create(
        self,
        *,
        messages: list[dict[str, Any]],
        temperature: float = 0.0,
        max_tokens: int | None = None,
        response_format: dict[str, Any] | None = None,
        **_ignored: Any,  # noqa: ANN401 - model, timeout: meaningless in-process
    ) -> Any:  # noqa: ANN401 - an openai ChatCompletion
        from openai.types.chat import ChatCompletion  # noqa: PLC0415 - only when generating

        reply = self._call(
            "create",
            messages=messages,
            temperature=temperature,
            max_tokens=max_tokens,
            response_format=response_format,
        )
        return ChatCompletion.model_validate(reply["completion"])

    @property
    def speculate(self) -> bool:
        """Whether greedy constrained generations guess tokens from their context."""
        return bool(self._call("get", name="speculate")["value"])

    @speculate.setter
    def speculate(self, value: bool) -> None:
        self._call("set_speculate", value=bool(value))

    def decoding_stats(self) -> tuple[int, int]:
        """(tokens chosen, forward passes after the prompt's) of the last constrained generation."""
        tokens, passes = self._call("get", name="decoding_stats")["value"]
        return int(tokens), int(passes)

    def prefill_tokens(self) -> int | None:
        """Prompt tokens evaluated on the prefill copy so far; None when there is no copy."""
        value = self._call("get", name="prefill_tokens")["value"]
        return None if value is None else int(value)

    def forget_prompt(self) -> None:
        """Clear llama.cpp's KV cache, so the next prompt is evaluated in full (for benchmarks)."""
        self._call("forget_prompt")

    def close(self) -> None:
        """Stop a generation in progress (GenerationStoppedError), free the model, end the child."""
        if self._closed.is_set():
            return
        self._closed.set()
        worker = self._worker
        if worker is not None:
            worker.stop()  # a caller waiting on the child gets GenerationStoppedError
        with self._turn:  # callers that were waiting their turn see the closed flag
            self._worker = None
