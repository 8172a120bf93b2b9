"""One small structured question through instructor: the reconcile judge's call.

The briefing call (`calls`) carries the article's grounding and id schemas; a judgement is a short
answer in a small model, so it takes the plain path: instructor builds the request from the
response model and re-asks on invalid JSON, tenacity retries transport faults, and servers that
constrain decoding (llama.cpp, the embedded model) get the schema the way they read it.
"""

from __future__ import annotations

from typing import Any, TypeVar

import instructor
import openai
from pydantic import BaseModel

from summarizer.engine.contract import ChatClient
from summarizer.engine.endpoint.failures import judgement_error
from summarizer.engine.endpoint.retry import RetryPolicy, never_sent, retrying
from summarizer.schema.briefing import EndpointKind, Usage

Answer = TypeVar("Answer", bound=BaseModel)
# Servers that read a schema from `response_format={"type": "json_object", "schema": ...}`.
_SCHEMA_IN_JSON_OBJECT = frozenset({"llamacpp", "local"})


def ask(
    client: ChatClient,
    messages: list[dict[str, str]],
    answer: type[Answer],
    *,
    model: str,
    endpoint: EndpointKind,
    policy: RetryPolicy,
    max_tokens: int = 200,
    max_reasks: int = 1,
    secrets: tuple[str, ...] = (),
) -> tuple[Answer, Usage]:
    """Ask one question; return the validated answer and what it spent.

    Raises:
        ProviderError: the endpoint kept failing at the transport level.
        ExtractionError: the answers stayed invalid after the re-asks.
        EngineCrashedError: the embedded model's worker died.
    """
    spent = {"prompt": 0, "completion": 0, "attempts": 0, "requests": 0}
    retry = retrying(policy)

    def send(kwargs: dict[str, Any]) -> Any:  # noqa: ANN401 - openai's ChatCompletion
        spent["requests"] += 1
        try:
            return client.chat.completions.create(**kwargs)
        except openai.APIConnectionError as exc:
            spent["requests"] -= never_sent(exc)  # refused: no request reached the endpoint
            raise

    def create(**kwargs: Any) -> Any:  # noqa: ANN401 - as above
        response_format = kwargs.get("response_format")
        if endpoint in _SCHEMA_IN_JSON_OBJECT and isinstance(response_format, dict):
            schema = (response_format.get("json_schema") or {}).get("schema")
            schema = schema or answer.model_json_schema()
            kwargs = {**kwargs, "response_format": {"type": "json_object", "schema": schema}}
        response = retry(send, kwargs)
        spent["attempts"] += 1
        usage = getattr(response, "usage", None)
        if usage is not None:
            spent["prompt"] += usage.prompt_tokens or 0
            spent["completion"] += usage.completion_tokens or 0
        return response

    def usage() -> Usage:
        return Usage(
            prompt_tokens=spent["prompt"],
            completion_tokens=spent["completion"],
            attempts=spent["attempts"],
            requests=spent["requests"],
        )

    patched = instructor.patch(create=create, mode=instructor.Mode.JSON_SCHEMA)
    try:
        result = patched(
            response_model=answer,
            messages=messages,
            model=model,
            max_retries=max_reasks,
            temperature=0.0,
            max_tokens=max_tokens,
        )
    except Exception as exc:  # noqa: BLE001 - every fault becomes one of ours, redacted
        raise judgement_error(
            exc, requests=spent["requests"], usage=usage(), secrets=secrets
        ) from None
    return result, usage()  # instructor returns the validated response model
