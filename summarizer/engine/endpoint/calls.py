"""The only module that talks to instructor and openai.

One owner per failure class:
- transport faults (429 with Retry-After, 5xx, timeouts, dropped connections) are retried here, per
  HTTP request, by tenacity with exponential backoff and jitter; the openai client's own retries are
  switched off (see `summarizer/engine/endpoint/clients.py`) so retries never stack;
- invalid output (bad JSON, schema faults, ungrounded items) is re-asked by instructor, with an
  explicit budget of `max_reasks` re-asks after the first attempt;
- a truncated output (finish_reason=length) is retried once with twice the output budget, then
  becomes OutputTruncatedError; a refusal becomes RefusalError at once. Neither is ever parsed.
Every completion's usage is metered here, so usage sums every attempt whatever the outcome.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any, cast

import instructor
import openai
from instructor.core.exceptions import InstructorError
from instructor.v2.core.function_calls import response_schema

from summarizer.engine.contract import AsyncChatClient, ChatClient
from summarizer.engine.decoder_schema import CITED_SUMMARY_PATTERN, decoder_schema
from summarizer.engine.endpoint.failures import provider_error, translate
from summarizer.engine.endpoint.instructor_tuning import skip_repeated_checks_for
from summarizer.engine.endpoint.plan import CallPlan, Draft, Meter
from summarizer.engine.endpoint.retry import (
    BeforeSleep,
    RetryState,
    async_retrying,
    describe_fault,
    fault_of,
    never_sent,
    redact,
    retrying,
)
from summarizer.errors import (
    OutputTruncatedError,
    RefusalError,
    SummarizerError,
)
from summarizer.ground.cite_drafts import cite_decoder_schema, cite_schema
from summarizer.ground.grounding import GroundingScope, grounding_scope
from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.prompt.chunking import CHARS_PER_TOKEN
from summarizer.prompt.render import neutralise
from summarizer.schema.briefing import EndpointKind, OutputMode, Usage

log = logging.getLogger("summarizer")
# instructor logs every failed attempt and every exhausted re-ask at ERROR, which Python prints
# to stderr when the application configured no logging; the exception we raise already says it.
# A NullHandler keeps them out of an unconfigured program and changes nothing for a configured one.
logging.getLogger("instructor").addHandler(logging.NullHandler())


INSTRUCTOR_MODES: dict[OutputMode, instructor.Mode] = {
    "tools": instructor.Mode.TOOLS,
    "json_schema": instructor.Mode.JSON_SCHEMA,
    "json": instructor.Mode.JSON,
}
# Servers that constrain decoding to a schema passed inside a json_object response_format.
_SCHEMA_IN_JSON_OBJECT: frozenset[EndpointKind] = frozenset({"llamacpp", "local"})
# OpenAI's newer models reject max_tokens; most other servers only know max_tokens.
_MAX_COMPLETION_TOKENS: frozenset[EndpointKind] = frozenset({"openai", "azure"})
_RAW_OUTPUT_LIMIT = 20_000
# A briefing is typically well under this many output tokens; the throttle settles the real count.
_EXPECTED_OUTPUT = 1024
# The system turn and the user turn holding the article; later turns are re-asks.
_FIRST_TURNS = 2


def _raw_text(message: Any) -> str | None:
    tool_calls = getattr(message, "tool_calls", None) or []
    if tool_calls:
        return cast(str | None, tool_calls[0].function.arguments)
    return cast(str | None, getattr(message, "content", None))


def _record(response: Any, meter: Meter) -> bool:
    """Meter one completion; True when it is complete and may be parsed."""
    meter.attempts += 1
    usage = getattr(response, "usage", None)
    if usage is not None:
        meter.prompt_tokens += usage.prompt_tokens or 0
        meter.completion_tokens += usage.completion_tokens or 0
    choices = getattr(response, "choices", None) or []
    if not choices:
        return True
    message = choices[0].message
    raw = _raw_text(message)
    meter.last_raw = raw[:_RAW_OUTPUT_LIMIT] if raw else raw
    refusal = getattr(message, "refusal", None)
    if refusal or choices[0].finish_reason == "content_filter":
        reason = refusal or "the provider's content filter stopped the output"
        msg = f"the model refused to write the briefing: {reason}"
        raise RefusalError(msg)
    return bool(choices[0].finish_reason != "length")


def _budget_key(plan: CallPlan) -> str:
    return "max_completion_tokens" if plan.endpoint in _MAX_COMPLETION_TOKENS else "max_tokens"


def _grow_budget(kwargs: dict[str, Any], plan: CallPlan, meter: Meter) -> dict[str, Any]:
    key = _budget_key(plan)
    budget = int(kwargs[key])
    meter.truncated_at.append(budget)
    if budget >= 2 * plan.max_output_tokens:
        msg = (
            f"the model stopped at its output limit ({budget} tokens) before finishing the "
            "briefing, twice; raise max_output_tokens or use a model that writes less"
        )
        raise OutputTruncatedError(msg)
    log.info(
        "article %s: output truncated at %d tokens, retrying with more", plan.article_id, budget
    )
    return {**kwargs, key: 2 * budget}


def adapt_request(
    kwargs: dict[str, Any], plan: CallPlan, meter: Meter, scope: GroundingScope
) -> Any:
    """Per-call bookkeeping before a request; returns the kwargs to send."""
    meter.calls += 1
    # The last attempt may not fail on grounding alone: the grounding policy decides then.
    scope.enforce = meter.calls <= plan.max_reasks
    kwargs = _neutralise_reasks(kwargs)
    response_format = kwargs.get("response_format")
    if (
        plan.endpoint in _SCHEMA_IN_JSON_OBJECT
        and isinstance(response_format, dict)
        and response_format.get("type") in {"json_object", "json_schema"}
    ):
        # llama.cpp takes the schema inside json_object and constrains decoding to it.
        schema = (
            cite_decoder_schema(
                scope.candidates, plan.limits, summary_pattern=CITED_SUMMARY_PATTERN
            )
            if plan.strategy == "cite" and scope.candidates is not None
            else decoder_schema(plan.limits)
        )
        return {**kwargs, "response_format": {"type": "json_object", "schema": schema}}
    if plan.strategy == "cite" and scope.candidates is not None:
        return with_article_ids(kwargs, cite_schema(scope.candidates, plan.limits))
    return kwargs


def _neutralise_reasks(kwargs: dict[str, Any]) -> dict[str, Any]:
    """The request with its re-ask turns neutralised as the article is.

    Re-ask turns quote the model's output (pydantic's `input_value=...`), which may echo the
    article, outside the data markers.
    """
    messages = kwargs.get("messages")
    if not isinstance(messages, list) or len(messages) <= _FIRST_TURNS:
        return kwargs
    later = [
        {**m, "content": neutralise(m["content"])}
        if isinstance(m, dict) and isinstance(m.get("content"), str)
        else m
        for m in messages[_FIRST_TURNS:]
    ]
    return {**kwargs, "messages": [*messages[:_FIRST_TURNS], *later]}


def with_article_ids(kwargs: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The request with its tool or response schema swapped for one enumerating this article's ids.

    instructor builds the schema from the response model, whose ids are patterned strings; the
    enumerated schema is the same shape with only this article's ids allowed (JSON mode carries
    the schema in the prompt, where the listed ids already say the same).
    """
    tools = kwargs.get("tools")
    if isinstance(tools, list) and tools and "function" in tools[0]:
        function = {**tools[0]["function"], "parameters": schema}
        return {**kwargs, "tools": [{**tools[0], "function": function}, *tools[1:]]}
    response_format = kwargs.get("response_format")
    if isinstance(response_format, dict) and isinstance(response_format.get("json_schema"), dict):
        described = {**response_format["json_schema"], "schema": schema}
        return {**kwargs, "response_format": {**response_format, "json_schema": described}}
    return kwargs


def _sync_create(
    client: ChatClient, plan: CallPlan, meter: Meter, scope: GroundingScope
) -> Callable[..., Any]:
    retry = retrying(plan.retry, before_sleep=_log_retry(plan))

    def send(kwargs: dict[str, Any]) -> Any:
        estimate = _pace(plan, kwargs)
        if plan.throttle is not None:
            plan.retry.sleep(plan.throttle.reserve(estimate))
        meter.requests += 1
        try:
            response = client.chat.completions.create(**kwargs)
        except openai.APIConnectionError as exc:
            meter.requests -= never_sent(exc)
            raise
        _settle(plan, estimate, response)
        return response

    def create(**kwargs: Any) -> Any:
        kwargs = adapt_request(kwargs, plan, meter, scope)
        while True:
            try:
                response = retry(send, kwargs)
            except openai.OpenAIError as exc:
                raise provider_error(exc, meter, plan) from None
            if _record(response, meter):
                return response
            kwargs = _grow_budget(kwargs, plan, meter)

    return create


def _async_create(
    client: AsyncChatClient, plan: CallPlan, meter: Meter, scope: GroundingScope
) -> Callable[..., Awaitable[Any]]:
    retry = async_retrying(plan.retry, before_sleep=_log_retry(plan))

    async def send(kwargs: dict[str, Any]) -> Any:
        estimate = _pace(plan, kwargs)
        if plan.throttle is not None:
            await plan.retry.async_sleep(plan.throttle.reserve(estimate))
        if plan.gate is not None:
            await plan.gate.acquire()
        succeeded = False
        try:
            # A 429 may have paused the run while this request waited for its slot.
            paced = plan.throttle if plan.gate is not None else None
            if paced is not None and (held := paced.held()):
                await plan.retry.async_sleep(held)
            meter.requests += 1
            try:
                response = await client.chat.completions.create(**kwargs)
            except openai.APIConnectionError as exc:
                meter.requests -= never_sent(exc)
                raise
            succeeded = True
        finally:
            if plan.gate is not None:
                await plan.gate.release(succeeded=succeeded)
        if plan.gate is not None:
            # Yield once so a request waiting for the freed slot goes out before this reply's
            # parsing and grounding (CPU work) runs: the endpoint is not left idle meanwhile.
            await asyncio.sleep(0)
        _settle(plan, estimate, response)
        return response

    async def create(**kwargs: Any) -> Any:
        kwargs = adapt_request(kwargs, plan, meter, scope)
        while True:
            try:
                response: Any = await retry(send, kwargs)
            except openai.OpenAIError as exc:
                raise provider_error(exc, meter, plan) from None
            if _record(response, meter):
                return response
            kwargs = _grow_budget(kwargs, plan, meter)

    return create


def _pace(plan: CallPlan, kwargs: dict[str, Any]) -> int:
    """Tokens one request is expected to use, for the rate-limit throttle."""
    if plan.throttle is None:
        return 0
    prompt = sum(len(str(m.get("content") or "")) for m in kwargs.get("messages", []))
    return prompt // CHARS_PER_TOKEN + min(plan.max_output_tokens, _EXPECTED_OUTPUT)


def _settle(plan: CallPlan, estimate: int, response: Any) -> None:
    usage = getattr(response, "usage", None)
    if plan.throttle is not None and usage is not None:
        plan.throttle.settle(estimate, (usage.prompt_tokens or 0) + (usage.completion_tokens or 0))


def _log_retry(plan: CallPlan) -> BeforeSleep:
    def before_sleep(state: RetryState) -> None:
        fault = fault_of(state)
        if isinstance(fault, openai.RateLimitError) and plan.on_rate_limited is not None:
            plan.on_rate_limited()
        if isinstance(fault, openai.RateLimitError) and plan.throttle is not None:
            # Everyone sharing the throttle waits as long as this request does.
            plan.throttle.pause(state.next_action.sleep if state.next_action else 0.0)
        # INFO, not WARNING: a retry that then succeeds is not a problem (`summarizer -v` shows it).
        log.info(
            "article %s: transient fault (%s); retry %d in %.1fs",
            plan.article_id,
            redact(describe_fault(fault), plan.secrets),
            state.attempt_number,
            state.next_action.sleep if state.next_action else 0.0,
        )

    return before_sleep


@functools.cache
def response_model(draft: type[Draft] = BriefingDraft) -> type[Draft]:
    """BriefingDraft wrapped for instructor once.

    Handed a plain model, instructor wraps it in a new class on every call (pydantic create_model,
    docstring extraction from source): measured at ~40 ms per article, more than the whole rest of
    the library. A model that already is a ResponseSchema is used as it is.
    """
    wrapped = cast(type[Draft], response_schema(draft))
    skip_repeated_checks_for(wrapped)
    return wrapped


def request_kwargs(plan: CallPlan, messages: list[dict[str, str]]) -> dict[str, Any]:
    """Instructor's create() arguments for the first attempt of `plan` on `messages`."""
    return {
        "response_model": response_model(plan.draft_model),
        "messages": messages,
        "model": plan.model,
        "max_retries": plan.max_reasks,
        # Pydantic strict mode would reject "9061" for an int; our validators do the checking.
        "strict": False,
        "temperature": plan.temperature,
        _budget_key(plan): plan.max_output_tokens,
    }


def extract(
    client: ChatClient, messages: list[dict[str, str]], plan: CallPlan, scope: GroundingScope
) -> tuple[Draft, Usage]:
    """Ask for a draft through instructor; return it with the usage of every attempt."""
    meter = Meter()
    create = instructor.patch(
        create=_sync_create(client, plan, meter, scope), mode=INSTRUCTOR_MODES[plan.mode]
    )
    try:
        with grounding_scope(scope):
            draft = create(**request_kwargs(plan, messages))
    except (InstructorError, SummarizerError, openai.OpenAIError) as exc:
        raise translate(exc, meter, plan) from exc
    return plain_draft(draft, plan), meter.usage()


def plain_draft(draft: Any, plan: CallPlan) -> Draft:
    """The draft as a plain draft model (instructor returns its wrapped subclass)."""
    return plan.draft_model.model_construct(**dict(draft))


async def aextract(
    client: AsyncChatClient,
    messages: list[dict[str, str]],
    plan: CallPlan,
    scope: GroundingScope,
) -> tuple[Draft, Usage]:
    """Async twin of `extract`."""
    meter = Meter()
    create = instructor.patch(
        create=_async_create(client, plan, meter, scope), mode=INSTRUCTOR_MODES[plan.mode]
    )
    try:
        with grounding_scope(scope):
            draft = await create(**request_kwargs(plan, messages))
    except (InstructorError, SummarizerError, openai.OpenAIError) as exc:
        raise translate(exc, meter, plan) from exc
    return plain_draft(draft, plan), meter.usage()
