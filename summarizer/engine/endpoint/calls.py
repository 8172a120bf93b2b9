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
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, cast

import instructor
import openai
from instructor.core.exceptions import InstructorError
from instructor.v2.core.function_calls import response_schema
from pydantic import ValidationError

from summarizer.engine.contract import AsyncChatClient, ChatClient
from summarizer.engine.endpoint.instructor_tuning import skip_repeated_checks_for
from summarizer.engine.endpoint.retry import (
    BeforeSleep,
    RetryPolicy,
    RetryState,
    async_retrying,
    describe_fault,
    fault_of,
    redact,
    retrying,
)
from summarizer.engine.throttle import AdaptiveLimit, Throttle
from summarizer.errors import (
    ExtractionError,
    OutputTruncatedError,
    ProviderError,
    RefusalError,
    SummarizerError,
)
from summarizer.ground.cite_drafts import CitedBriefingDraft, cite_decoder_schema, cite_schema
from summarizer.ground.grounding import GroundingScope, grounding_scope
from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.prompt.chunking import CHARS_PER_TOKEN
from summarizer.schema.briefing import EndpointKind, ItemLimits, OutputMode, Strategy, Usage

log = logging.getLogger("summarizer")
# instructor logs every failed attempt and every exhausted re-ask at ERROR, which Python prints
# to stderr when the application configured no logging; the exception we raise already says it.
# A NullHandler keeps them out of an unconfigured program and changes nothing for a configured one.
logging.getLogger("instructor").addHandler(logging.NullHandler())

Draft = BriefingDraft | CitedBriefingDraft
"""What one model call produces: a quoted draft or a cited one."""

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
_SHOWN_ERRORS = 3
# A briefing is typically well under this many output tokens; the throttle settles the real count.
_EXPECTED_OUTPUT = 1024


@dataclass(frozen=True)
class CallPlan:
    """How to ask for one draft."""

    model: str
    mode: OutputMode
    endpoint: EndpointKind
    max_output_tokens: int
    temperature: float
    max_reasks: int
    retry: RetryPolicy
    article_id: str
    secrets: tuple[str, ...] = ()
    throttle: Throttle | None = None
    on_rate_limited: Callable[[], None] | None = None
    # A batch's concurrency limit, held for each HTTP request only: parsing, validation and
    # grounding run outside it, so the next request goes out while this reply is checked.
    gate: AdaptiveLimit | None = None
    limits: ItemLimits = field(default_factory=ItemLimits)
    strategy: Strategy = "quote"

    @property
    def draft_model(self) -> type[Draft]:
        """The draft the model writes under this plan's strategy."""
        return CitedBriefingDraft if self.strategy == "cite" else BriefingDraft


@dataclass
class Meter:
    """Counts everything one extraction spends, across every attempt."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    attempts: int = 0
    requests: int = 0
    calls: int = 0
    last_raw: str | None = None
    last_status: int | None = None
    truncated_at: list[int] = field(default_factory=list)

    def usage(self) -> Usage:
        """What was spent so far."""
        return Usage(
            prompt_tokens=self.prompt_tokens,
            completion_tokens=self.completion_tokens,
            attempts=self.attempts,
            requests=self.requests,
        )


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


_GRAMMAR_UNFRIENDLY = frozenset({"maxLength", "minLength"})


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _GRAMMAR_UNFRIENDLY}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


@functools.cache
def _decoder_schema_json() -> str:
    return json.dumps(_strip(BriefingDraft.model_json_schema()))


# A sentence ends at . ! or ? followed by a space or the end ("3.5" and "U.S" run on). Quotation
# marks and backslashes are left out: inside JSON they would need escapes the pattern cannot see.
# Each sentence is bounded: Qwen2.5-1.5B once looped inside one sentence that never ended (seed
# 003: a ten-word phrase repeated to the 3,072-token output limit, twice). llama.cpp unrolls a
# bound into nested rules, one grammar stack level each, and 250 nested characters made every
# token three times slower; so the bound is 48 words (twice a long news sentence) of at most 24
# characters, which nest three times less deep. A bound on words alone was dodged: the model
# looped on with its spaces left out.
MAX_SENTENCE_WORDS = 48
MAX_WORD_CHARS = 24
_WORD_CHARS = f'([^ .!?"\\\\]|[.!?][^ .!?"\\\\]){{1,{MAX_WORD_CHARS}}}'
_SENTENCE = f"{_WORD_CHARS}( {_WORD_CHARS}){{0,{MAX_SENTENCE_WORDS - 1}}}[.!?]"
SUMMARY_PATTERN = f"^{_SENTENCE}( {_SENTENCE}){{0,3}}$"
"""One to four sentences: what the prompt asks of the summary, held by constrained decoders.

Qwen2.5-1.5B wrote 6 to 10 sentences (up to 260 tokens, copied from the article) where two to four
are asked for; with the pattern, 85 to 155 tokens on the same articles.
"""


CITED_SUMMARY_PATTERN = f"^{_SENTENCE}( {_SENTENCE}){{0,2}}$"
"""One to three sentences: the cite strategy's summary, where every output token counts."""


# A run of text with no sentence break; a quotation mark may appear as the JSON escape \" (see
# EVIDENCE_PATTERN). Tabs and newlines would have to be escaped in JSON too: left out.
_RUN = r'([^.!?"\\\n\t]|\\"|[.!?]+([^ .!?"\\\n\t]|\\"))+'
EVIDENCE_PATTERN = f"^{_RUN}([.!?]+ {_RUN})?[.!?]*$"
"""At most two sentences of evidence, written over the raw JSON text as llama.cpp applies it.

Evidence is the article's words for one item, and one sentence usually holds them (two when a quote
runs over a sentence break). Qwen2.5-1.5B copied three to five sentences per item, up to 80 tokens
each, which grounding verifies but nobody needs. Unlike the summary's, this pattern lets quotation
marks through as the escape `\\"` (llama.cpp does not decode JSON escapes before matching): quotes
are what attributions' evidence is made of.
"""


def decoder_schema(limits: ItemLimits | None = None) -> dict[str, Any]:
    """The draft schema for grammar-constrained decoders (llama.cpp), with `limits` as maxItems.

    llama.cpp compiles a JSON Schema into a GBNF grammar; a string maxLength of 1,500 becomes 1,500
    nested optional rules, which its parser rejects and the llama-cpp-python server then crashes.
    Length limits are dropped here (pydantic still enforces them); list limits stay, since they are
    what stops a small model from looping, and the decoder enforces them exactly (the prompt only
    asks). The summary is held to `SUMMARY_PATTERN`, one to four sentences, and every item's
    evidence to `EVIDENCE_PATTERN`, one or two.
    """
    loaded: dict[str, Any] = json.loads(_decoder_schema_json())
    for kind, limit in (limits or ItemLimits()).items():
        loaded["properties"][kind]["maxItems"] = limit
    loaded["properties"]["summary"]["pattern"] = SUMMARY_PATTERN
    for draft in loaded["$defs"].values():  # every item kind that carries evidence, new ones too
        if "evidence" in draft.get("properties", {}):
            draft["properties"]["evidence"]["pattern"] = EVIDENCE_PATTERN
    return loaded


def _sync_create(
    client: ChatClient, plan: CallPlan, meter: Meter, scope: GroundingScope
) -> Callable[..., Any]:
    retry = retrying(plan.retry, before_sleep=_log_retry(plan))

    def send(kwargs: dict[str, Any]) -> Any:
        estimate = _pace(plan, kwargs)
        if plan.throttle is not None:
            plan.retry.sleep(plan.throttle.reserve(estimate))
        meter.requests += 1
        response = client.chat.completions.create(**kwargs)
        _settle(plan, estimate, response)
        return response

    def create(**kwargs: Any) -> Any:
        kwargs = adapt_request(kwargs, plan, meter, scope)
        while True:
            try:
                response = retry(send, kwargs)
            except openai.OpenAIError as exc:
                raise _provider_error(exc, meter, plan) from None
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
            meter.requests += 1
            response = await client.chat.completions.create(**kwargs)
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
                raise _provider_error(exc, meter, plan) from None
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


def _root_cause(exc: BaseException) -> BaseException:
    """The first of our own or openai's errors in the cause chain, else the deepest cause."""
    current: BaseException = exc
    while True:
        if isinstance(current, (SummarizerError, openai.OpenAIError)):
            return current
        if current.__cause__ is None:
            return current
        current = current.__cause__


def describe_invalid(cause: BaseException) -> str:
    """One line saying what was wrong with the last output."""
    if isinstance(cause, ValidationError):
        errors = cause.errors(include_url=False)
        shown = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'output'}: {e['msg']}"
            for e in errors[:_SHOWN_ERRORS]
        )
        more = f" (and {len(errors) - _SHOWN_ERRORS} more)" if len(errors) > _SHOWN_ERRORS else ""
        return _clip_line(shown + more)
    return _clip_line(f"{type(cause).__name__}: {cause}")


def _clip_line(text: str, limit: int = 500) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _provider_error(
    cause: openai.OpenAIError | ProviderError, meter: Meter, plan: CallPlan
) -> ProviderError:
    """A redacted ProviderError: the vendor error (which may quote the key) is never kept."""
    if isinstance(cause, ProviderError):
        message, status = str(cause), cause.status_code
    else:
        message = redact(describe_fault(cause, requests=meter.requests), plan.secrets)
        status = getattr(cause, "status_code", None)
    return ProviderError(
        message.removeprefix(f"article {plan.article_id!r}: "),
        article_id=plan.article_id,
        status_code=status,
        attempts=meter.requests,
        usage=meter.usage(),
    )


def translate(exc: BaseException, meter: Meter, plan: CallPlan) -> SummarizerError:
    """Turn whatever instructor/openai raised into one of our errors, with usage attached."""
    cause = _root_cause(exc)
    usage = meter.usage()
    if isinstance(cause, ExtractionError):
        return type(cause)(
            str(cause),
            article_id=plan.article_id,
            attempts=meter.attempts,
            last_error=str(cause),
            raw_output=meter.last_raw,
            usage=usage,
        )
    if isinstance(cause, (openai.OpenAIError, ProviderError)):
        return _provider_error(cause, meter, plan)
    if isinstance(cause, SummarizerError):
        return cause
    detail = redact(str(exc), plan.secrets)
    # No attempt came back: the engine itself failed (a FunctionEngine's function raised, say).
    failed = f"after {meter.attempts} attempts" if meter.attempts else "(the engine raised)"
    return ExtractionError(
        f"no valid briefing {failed}: {describe_invalid(cause)}",
        article_id=plan.article_id,
        attempts=meter.attempts,
        last_error=detail,
        raw_output=meter.last_raw,
        usage=usage,
    )
