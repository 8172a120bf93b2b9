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

The Batch API is simulated too: `POST /v1/files` (multipart upload, bytes kept in `files`),
`GET /v1/files/{id}/content`, `POST /v1/batches` and `GET /v1/batches/{id}`. Each retrieve advances
a batch validating → in_progress → its outcome (see `BatchPlan`); a completed batch's output is
made by answering every request line with the same script/responder logic as
/v1/chat/completions: a `Reply` becomes an output line, a `Fault` an error-file line, a `RawBody`
is written verbatim as a malformed output line, and `Hang`/`Reset` leave the request out. Those
lines are recorded in `batched`, not in `requests` (which holds real HTTP requests only).
"""

from __future__ import annotations

import email.policy
import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal


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
    headers: tuple[tuple[str, str], ...] = ()
    """Extra response headers (e.g. one that echoes the key, as a misbehaving proxy might)."""


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


@dataclass(frozen=True)
class BatchPlan:
    """How the server runs the batches created after `plan_batches(...)`."""

    outcome: Literal["completed", "failed", "expired", "cancelled"] = "completed"
    polls_in_progress: int = 1
    """Retrieves answered "in_progress" before the batch reaches its outcome."""
    drop: frozenset[str] = frozenset()
    """custom_ids left out of both the output and the error file."""
    errors: frozenset[str] = frozenset()
    """custom_ids answered in the error file (HTTP 500) without asking the script."""
    upload_fault: Fault | None = None
    """When set, `POST /v1/files` answers with this fault instead of storing the file."""


TERMINAL_BATCH_STATUSES = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: dict[str, Any] | None
    received: float = field(default_factory=time.monotonic)
    """When the server read it (time.monotonic)."""

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
    files: dict[str, bytes] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    batch_plans: dict[str, BatchPlan] = field(default_factory=dict)
    batch_polls: dict[str, int] = field(default_factory=dict)
    batch_plan: BatchPlan = field(default_factory=BatchPlan)
    batched: list[RecordedRequest] = field(default_factory=list)


def _next_action(state: _State, recorded: RecordedRequest) -> Action:
    """The script's next action, else the responder's answer, else a 500."""
    with state.lock:
        action = state.script.popleft() if state.script else None
        responder = state.responder
    if action is None:
        action = responder(recorded) if responder else Fault(500, message="script empty")
    return action


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

    def plan_batches(self, plan: BatchPlan) -> None:
        """Run batches created from now on as `plan` says."""
        with self._state.lock:
            self._state.batch_plan = plan

    @property
    def files(self) -> dict[str, bytes]:
        """Uploaded and generated files by id."""
        with self._state.lock:
            return dict(self._state.files)

    @property
    def batches(self) -> list[dict[str, Any]]:
        """Every batch object, as the last retrieve returned it, in creation order."""
        with self._state.lock:
            return [dict(batch) for batch in self._state.batches.values()]

    @property
    def batched(self) -> list[RecordedRequest]:
        """The request lines the server answered inside batches."""
        with self._state.lock:
            return list(self._state.batched)

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
            path = self.path.split("?", 1)[0]
            if path.startswith("/v1/files/") and path.endswith("/content"):
                self._file_content(path.removeprefix("/v1/files/").removesuffix("/content"))
            elif path.startswith("/v1/batches/"):
                self._retrieve_batch(path.removeprefix("/v1/batches/"))
            else:
                self._send_json(
                    200, {"object": "list", "data": [{"id": "scripted", "object": "model"}]}
                )

        def do_POST(self) -> None:
            arrived = time.monotonic()
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            if self.path == "/v1/files":
                self._upload(raw)
                return
            try:
                body = json.loads(raw) if raw else None
            except json.JSONDecodeError:
                body = None
            recorded = self._record(body)
            if self.path == "/v1/batches":
                self._create_batch(body or {})
                return
            action = _next_action(state, recorded)
            self._perform(action, body or {}, len(state.requests), arrived)

        def _upload(self, raw: bytes) -> None:
            form = _form_fields(self.headers.get("Content-Type", ""), raw)
            purpose = form.get("purpose", (None, b""))[1].decode()
            filename, data = form.get("file", (None, b""))
            self._record({"purpose": purpose, "filename": filename})
            fault = state.batch_plan.upload_fault
            if fault is not None:
                self._perform(fault, {}, 0, time.monotonic())
                return
            self._send_json(200, _store_file(state, data, filename or "upload", purpose))

        def _file_content(self, file_id: str) -> None:
            with state.lock:
                data = state.files.get(file_id)
            if data is None:
                self._perform(Fault(404, message=f"no file {file_id}"), {}, 0, time.monotonic())
            else:
                self._send_raw(200, data)

        def _create_batch(self, body: dict[str, Any]) -> None:
            with state.lock:
                data = state.files.get(str(body.get("input_file_id")))
            if data is None:
                self._perform(Fault(400, message="unknown input_file_id"), {}, 0, time.monotonic())
                return
            self._send_json(200, _new_batch(state, body, len(data.splitlines())))

        def _retrieve_batch(self, batch_id: str) -> None:
            with state.lock:
                known = batch_id in state.batches
            if not known:
                self._perform(Fault(404, message=f"no batch {batch_id}"), {}, 0, time.monotonic())
            else:
                self._send_json(200, _advance_batch(state, batch_id))

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
                headers.update(action.headers)
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


def _form_fields(content_type: str, raw: bytes) -> dict[str, tuple[str | None, bytes]]:
    """The fields of a multipart/form-data body: name -> (filename, bytes)."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
    fields: dict[str, tuple[str | None, bytes]] = {}
    for part in message.walk():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            fields[name] = (part.get_filename(), payload)
    return fields


def _store_file(state: _State, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
    with state.lock:
        file_id = f"file-{len(state.files) + 1}"
        state.files[file_id] = data
    return {
        "id": file_id,
        "object": "file",
        "bytes": len(data),
        "created_at": 1_700_000_000,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
    }


def _new_batch(state: _State, body: dict[str, Any], lines: int) -> dict[str, Any]:
    with state.lock:
        batch_id = f"batch_{len(state.batches) + 1}"
        state.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": body.get("endpoint"),
            "input_file_id": body.get("input_file_id"),
            "completion_window": body.get("completion_window"),
            "metadata": body.get("metadata"),
            "status": "validating",
            "created_at": 1_700_000_000,
            "output_file_id": None,
            "error_file_id": None,
            "errors": None,
            "request_counts": {"total": lines, "completed": 0, "failed": 0},
        }
        state.batch_plans[batch_id] = state.batch_plan
        return dict(state.batches[batch_id])


def _advance_batch(state: _State, batch_id: str) -> dict[str, Any]:
    """Move a batch one step on, as one retrieve sees it."""
    with state.lock:
        batch = state.batches[batch_id]
        plan = state.batch_plans[batch_id]
        polls = state.batch_polls[batch_id] = state.batch_polls.get(batch_id, 0) + 1
        if batch["status"] in TERMINAL_BATCH_STATUSES or polls <= plan.polls_in_progress:
            if batch["status"] == "validating":
                batch["status"] = "in_progress"
            return dict(batch)
        data = state.files[str(batch["input_file_id"])]
    # The responder runs outside the lock: it may be slow, and it may read the server's state.
    finished = _finish_batch(state, plan, data) if plan.outcome == "completed" else {}
    with state.lock:
        batch.update(finished, status=plan.outcome)
        if plan.outcome == "failed":
            error = {"code": "invalid_request", "message": "injected batch failure", "line": None}
            batch["errors"] = {"object": "list", "data": [error]}
        return dict(batch)


def _finish_batch(state: _State, plan: BatchPlan, data: bytes) -> dict[str, Any]:
    """Answer every request line; return the batch fields naming the output and error files."""
    output: list[bytes] = []
    errors: list[bytes] = []
    for raw in data.splitlines():
        line = json.loads(raw)
        custom_id, body = str(line["custom_id"]), line["body"]
        if custom_id in plan.drop:
            continue
        recorded = RecordedRequest("POST", str(line["url"]), {}, body)
        with state.lock:
            state.batched.append(recorded)
            serial = len(state.batched)
        action = Fault(500) if custom_id in plan.errors else _next_action(state, recorded)
        if isinstance(action, Reply):
            output.append(_batch_line(custom_id, serial, 200, completion(body, action, serial)))
        elif isinstance(action, Fault):
            error = {"error": {"message": action.message, "type": "injected", "code": None}}
            errors.append(_batch_line(custom_id, serial, action.status, error))
        elif isinstance(action, RawBody):
            output.append(action.body.rstrip(b"\n") + b"\n")
        # Hang and Reset: the request never finished, so it has no line at all.
    fields: dict[str, Any] = {
        "request_counts": {
            "total": len(data.splitlines()),
            "completed": len(output),
            "failed": len(errors),
        }
    }
    if output:
        fields["output_file_id"] = _store_file(state, b"".join(output), "output.jsonl", "")["id"]
    if errors:
        fields["error_file_id"] = _store_file(state, b"".join(errors), "errors.jsonl", "")["id"]
    return fields


def _batch_line(custom_id: str, serial: int, status: int, body: dict[str, Any]) -> bytes:
    line = {
        "id": f"batch_req_{serial}",
        "custom_id": custom_id,
        "response": {"status_code": status, "request_id": f"req_{serial}", "body": body},
        "error": None,
    }
    return json.dumps(line).encode() + b"\n"
