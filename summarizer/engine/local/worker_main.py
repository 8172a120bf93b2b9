"""The local engine's worker process: loads the model once, serves generations until told to stop.

Started by `summarizer.engine.local.worker.WorkerClient` as `python -m
summarizer.engine.local.worker_main`; not a command for people. Reads length-prefixed JSON
requests on stdin and answers on what was stdout; its own stdout and stderr go to its log, where
`faulthandler` leaves the Python stack if native code crashes.
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
from pathlib import Path
from typing import IO, Any

from summarizer.engine.local.worker import read_message, write_message
from summarizer.environment import environment

# Test-only: "segv:MARKER" or "kill:MARKER" makes the worker kill itself with that signal when a
# request's messages contain MARKER (the crash tests inject a real native-style death with it).
FAULT_VARIABLE = "SUMMARIZER_LOCAL_TEST_FAULT"
_FAULT_SIGNALS = {"segv": signal.SIGSEGV, "kill": signal.SIGKILL, "abrt": signal.SIGABRT}


class _Server:
    def __init__(self, client: Any, replies: IO[bytes]) -> None:  # noqa: ANN401 - a LocalClient
        self.client = client
        self._replies = replies
        self._write = threading.Lock()
        self._stops: dict[int, threading.Event] = {}
        fault = environment().get(FAULT_VARIABLE, "")
        kind, _, marker = fault.partition(":")
        self._fault = (_FAULT_SIGNALS[kind], marker) if kind in _FAULT_SIGNALS and marker else None

    def reply(self, message: dict[str, Any]) -> None:
        with self._write:
            write_message(self._replies, message)

    def serve(self, request: dict[str, Any]) -> None:
        number = int(request["id"])
        stop = self._stops.setdefault(number, threading.Event())
        try:
            self.reply({"id": number, "result": self._answer(request, stop)})
        except Exception as exc:  # noqa: BLE001 - every failure goes back to the caller, by name
            self.reply({"id": number, "error": {"kind": type(exc).__name__, "message": str(exc)}})
        finally:
            self._stops.pop(number, None)

    def cancel(self, number: int) -> None:
        self._stops.setdefault(number, threading.Event()).set()

    def _answer(self, request: dict[str, Any], stop: threading.Event) -> dict[str, Any]:
        op = request["op"]
        client = self.client
        if op == "create":
            if self._fault is not None and self._fault[1] in str(request.get("messages")):
                os.kill(os.getpid(), self._fault[0])
            completion = client.chat.completions.create(
                messages=request["messages"],
                temperature=request.get("temperature", 0.0),
                max_tokens=request.get("max_tokens"),
                response_format=request.get("response_format"),
                stop_event=stop,
            )
            return {"completion": completion.model_dump(mode="json")}
        if op == "get":
            name = request["name"]
            if name == "speculate":
                return {"value": client.speculate}
            if name == "decoding_stats":
                return {"value": list(client.decoding_stats())}
            if name == "prefill_tokens":
                return {"value": client.prefill_tokens()}
        if op == "set_speculate":
            client.speculate = bool(request["value"])
            return {}
        if op == "forget_prompt":
            client.forget_prompt()
            return {}
        msg = f"unknown request {op!r}"
        raise ValueError(msg)


def main() -> int:
    """Serve one parent until it closes our stdin or says close."""
    requests = sys.stdin.buffer
    replies = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever native code prints goes to the log, never into the protocol
    faulthandler.enable()
    # Ctrl-C reaches the whole process group; the parent decides what stops, and tells us.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    config = read_message(requests)
    if config is None or config.get("op") != "load":
        return 2
    try:
        from summarizer.engine.local.llama import LocalClient  # noqa: PLC0415 - loads llama_cpp

        client = LocalClient(
            Path(config["model"]),
            n_ctx=int(config["n_ctx"]),
            threads=int(config["threads"]),
            prefill=bool(config.get("prefill", True)),
            extra_buffers=config.get("extra_buffers", "auto"),
        )
    except Exception as exc:  # noqa: BLE001 - the parent raises it, by name
        write_message(replies, {"error": {"kind": type(exc).__name__, "message": str(exc)}})
        return 1
    write_message(replies, {"info": client.describe()})
    server = _Server(client, replies)
    threads: list[threading.Thread] = []
    while (request := read_message(requests)) is not None and request.get("op") != "close":
        if request.get("op") == "cancel":
            server.cancel(int(request["id"]))
            continue
        thread = threading.Thread(target=server.serve, args=(request,), daemon=True)
        thread.start()
        threads.append(thread)
    client.close()  # a generation in progress stops at its next forward pass
    for thread in threads:
        thread.join()
    return 0


if __name__ == "__main__":
    sys.exit(main())
