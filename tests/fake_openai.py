"""A scripted OpenAI-compatible server on 127.0.0.1, for tests that need exact responses and faults.

Tests drive the real `openai` client (and instructor) through real HTTP. Each POST to
/v1/chat/completions takes the next action from the script (or asks `responder` when the script is
empty); every request is recorded for assertions.

Actions:
- `Reply(payload)`: a completion in the shape the request asked for (a tool call when the request
  has `tools`, message content otherwise); `finish_reason`, `refusal`, usage and a server-side
  `delay` are settable; a str payload is sent verbatim (malformed or schema-invalid JSON).
- `Fault(status, retry_after=...)`: an HTTP error with an OpenAI-style error body.
- `Hang(seconds)`: hold the request open past the client's timeout, then drop it.
- `Reset()`: drop the connection at once (TCP RST), no response.
- `RawBody(body)`: HTTP 200 whose body is not a valid completion.
"""

from __future__ import annotations

import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Reply:
    payload: dict[str, Any] | str
    finish_reason: str = "stop"
    refusal: str | None = None
    prompt_tokens: int = 100
    completion_tokens: int = 50
    delay: float = 0.0


@dataclass(frozen=True)
class Fault:
    status: int
    retry_after: str | None = None
    message: str = "injected fault"


@dataclass(frozen=True)
class Hang:
    seconds: float = 5.0


@dataclass(frozen=True)
class Reset:
    pass


@dataclass(frozen=True)
class RawBody:
    body: bytes = b'{"id": "chatcmpl-broken", "choices": [{"index": 0, "mess'


Action = Reply | Fault | Hang | Reset | RawBody


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None

    @property
    def messages(self) -> list[dict[str, Any]]:
        return list((self.body or {}).get("messages", []))


def completion(request: dict[str, Any], reply: Reply, serial: int) -> dict[str, Any]:
    """A chat.completion object answering `request` the way its mode expects."""
    arguments = reply.payload if isinstance(reply.payload, str) else json.dumps(reply.payload)
    message: dict[str, Any] = {"role": "assistant", "content": None, "refusal": reply.refusal}
    tools = request.get("tools") or []
    if reply.refusal is None and tools:
        message["tool_calls"] = [
            {
                "id": f"call_{serial}",
                "type": "function",
                "function": {"name": tools[0]["function"]["name"], "arguments": arguments},
            }
        ]
    elif reply.refusal is None:
        message["content"] = arguments
    return {
        "id": f"chatcmpl-{serial}",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": request.get("model", "scripted"),
        "choices": [
            {"index": 0, "message": message, "finish_reason": reply.finish_reason, "logprobs": None}
        ],
        "usage": {
            "prompt_tokens": reply.prompt_tokens,
            "completion_tokens": reply.completion_tokens,
            "total_tokens": reply.prompt_tokens + reply.completion_tokens,
        },
    }


@dataclass
class _State:
    script: deque[Action] = field(default_factory=deque)
    requests: list[RecordedRequest] = field(default_factory=list)
    responder: Callable[[RecordedRequest], Action] | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    stopping: threading.Event = field(default_factory=threading.Event)


class _Server(ThreadingHTTPServer):
    # The default listen backlog of 5 drops bursts of concurrent connects into SYN retries.
    request_queue_size = 128


class ScriptedOpenAIServer:
    """Start with `with ScriptedOpenAIServer() as server:`; point clients at `server.base_url`."""

    def __init__(self) -> None:
        self._state = _State()
        self._httpd = _Server(("127.0.0.1", 0), _handler_for(self._state))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    @property
    def requests(self) -> list[RecordedRequest]:
        with self._state.lock:
            return list(self._state.requests)

    @property
    def completions(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.endswith("/chat/completions")]

    def enqueue(self, *actions: Action) -> None:
        with self._state.lock:
            self._state.script.extend(actions)

    def respond_with(self, responder: Callable[[RecordedRequest], Action] | None) -> None:
        with self._state.lock:
            self._state.responder = responder

    def start(self) -> ScriptedOpenAIServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._state.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> ScriptedOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _handler_for(state: _State) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle on, delayed ACKs add ~40 ms each.
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

        def do_GET(self) -> None:
            self._record(None)
            self._send_json(
                200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]}
            )

        def do_POST(self) -> None:
            arrived = time.monotonic()
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = None
            recorded = self._record(body)
            with state.lock:
                action = state.script.popleft() if state.script else None
                responder = state.responder
            if action is None:
                action = responder(recorded) if responder else Fault(500, message="script empty")
            self._perform(action, body or {}, len(state.requests), arrived)

        def _record(self, body: dict[str, Any] | None) -> RecordedRequest:
            recorded = RecordedRequest(self.command, self.path, dict(self.headers.items()), body)
            with state.lock:
                state.requests.append(recorded)
            return recorded

        def _perform(
            self, action: Action, body: dict[str, Any], serial: int, arrived: float
        ) -> None:
            if isinstance(action, Reply):
                # The delay counts from arrival, so the server's own parsing does not add to it.
                if action.delay:
                    state.stopping.wait(max(0.0, arrived + action.delay - time.monotonic()))
                self._send_json(200, completion(body, action, serial))
            elif isinstance(action, Fault):
                headers = {"Retry-After": action.retry_after} if action.retry_after else {}
                error = {"error": {"message": action.message, "type": "injected", "code": None}}
                self._send_json(action.status, error, headers)
            elif isinstance(action, Hang):
                state.stopping.wait(action.seconds)
                self._drop()
            elif isinstance(action, Reset):
                self._drop()
            else:
                self._send_raw(200, action.body)

        def _send_json(
            self, status: int, payload: dict[str, Any], headers: dict[str, str] | None = None
        ) -> None:
            self._send_raw(status, json.dumps(payload).encode(), headers)

        def _send_raw(
            self, status: int, data: bytes, headers: dict[str, str] | None = None
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _drop(self) -> None:
            # SO_LINGER with a zero timeout makes close() send RST: a real dropped connection.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

    return Handler
