"""An engine that is a Python function: test code that uses summarizer without a server or model.

In the spirit of httpx's `MockTransport` and pydantic-ai's `FunctionModel`: the function gets
each request as the model would (the messages, and the JSON Schema the reply must satisfy, with
this article's ids enumerated) and returns the reply (a JSON string or a mapping). Everything
else is the real pipeline: prompts, instructor's parsing and validation, re-asks with the
problems, grounding, assembly, the cache and batches.

```python
from summarizer import FunctionEngine, Summarizer

def reply(request):
    return {"headline": "...", "summary": "...", "events": [], "figures": [], ...}

briefing = Summarizer(engine=FunctionEngine(reply)).summarize(article)
```
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from summarizer.engine.contract import AsyncChatClient, ChatClient, InProcessClient


@dataclass(frozen=True)
class EngineRequest:
    """One request, as a model would get it."""

    messages: list[dict[str, str]]
    """The chat messages: the instructions, the article between its data markers, re-asks."""
    schema: dict[str, Any]
    """The JSON Schema the reply must satisfy (empty when the mode sends none)."""
    max_tokens: int | None

    @property
    def article(self) -> str:
        """The first user message: the article between its data markers (numbered under cite).

        Re-asks come after it, as later user messages; `messages` holds the whole conversation.
        """
        return next((m["content"] for m in self.messages if m.get("role") == "user"), "")


Reply = str | Mapping[str, Any] | BaseModel
Respond = Callable[[EngineRequest], Reply]


def _schema(kwargs: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The schema the request asks for, and the tool to answer with (tools mode)."""
    tools = kwargs.get("tools") or []
    if tools:
        function = tools[0]["function"]
        return dict(function.get("parameters") or {}), str(function["name"])
    response_format = kwargs.get("response_format") or {}
    wrapped = response_format.get("json_schema") or {}
    schema = wrapped.get("schema") or response_format.get("schema") or {}
    return dict(schema), None


def _text(reply: Reply) -> str:
    if isinstance(reply, str):
        return reply
    if isinstance(reply, BaseModel):
        return reply.model_dump_json()
    return json.dumps(dict(reply))


class _FunctionCompletions:
    def __init__(self, respond: Respond, model: str) -> None:
        self._respond = respond
        self._model = model
        self.requests: list[EngineRequest] = []

    def create(self, **kwargs: Any) -> Any:  # noqa: ANN401 - an openai ChatCompletion
        from openai.types.chat import ChatCompletion  # noqa: PLC0415 - the vendor's reply type

        schema, tool = _schema(kwargs)
        request = EngineRequest(
            messages=[dict(m) for m in kwargs.get("messages", [])],
            schema=schema,
            max_tokens=kwargs.get("max_tokens") or kwargs.get("max_completion_tokens"),
        )
        self.requests.append(request)
        text = _text(self._respond(request))
        message: dict[str, Any] = {"role": "assistant", "content": text}
        if tool is not None:
            call = {
                "id": "call_0",
                "type": "function",
                "function": {"name": tool, "arguments": text},
            }
            message = {"role": "assistant", "content": None, "tool_calls": [call]}
        finish = "tool_calls" if tool else "stop"
        return ChatCompletion.model_validate(
            {
                "id": f"function-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": self._model,
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": finish,
                        "message": message,
                    }
                ],
                # A function spends no tokens: usage counts requests and attempts only.
                "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
            }
        )


class FunctionEngine:
    """An `Engine` whose model is `respond`, called once per request, in the calling thread.

    `requests` records every request it answered, for tests to inspect. A Summarizer treats it as
    endpoint kind `none` (so JSON mode unless `mode=` says otherwise), prices it at nothing, and,
    since it is sync-only, runs it in a worker thread for async callers, as the embedded model.
    """

    base_url: str | None = None
    azure = False
    secrets: tuple[str, ...] = ()
    can_sync = True
    can_async = False

    def __init__(self, respond: Respond, *, model: str = "function") -> None:
        """Answer every request with `respond(request)`; `model` is stamped in provenance."""
        self.model_name = model
        self.timeout = 0.0
        self._completions = _FunctionCompletions(respond, model)
        self._client = InProcessClient(self._completions.create)

    @property
    def requests(self) -> list[EngineRequest]:
        """Every request answered so far, in order."""
        return self._completions.requests

    def sync(self) -> ChatClient:
        """The chat client that calls the function."""
        return self._client

    def async_(self) -> AsyncChatClient:
        """Never used: `can_async` is False, so async callers go through `sync()` in a thread."""
        raise NotImplementedError

    def close(self) -> None:
        """Nothing to release."""

    async def aclose(self) -> None:
        """Nothing to release."""

    async def release_async(self) -> None:
        """Nothing to release."""
