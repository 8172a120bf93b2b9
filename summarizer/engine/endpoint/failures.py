"""Whatever instructor or openai raised, as one of our errors: redacted, with the usage spent.

The one place vendor errors become `SummarizerError`s (the Batch API's file requests use
`retry.describe_fault` for theirs); no vendor error, which may quote the API key, is kept.
"""

from __future__ import annotations

import openai
from pydantic import ValidationError

from summarizer.engine.endpoint.plan import CallPlan, Meter
from summarizer.engine.endpoint.retry import describe_fault, redact
from summarizer.errors import (
    EngineCrashedError,
    ExtractionError,
    ProviderError,
    SummarizerError,
)
from summarizer.schema.briefing import Usage

_SHOWN_ERRORS = 3


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


def provider_error(
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
        return provider_error(cause, meter, plan)
    if isinstance(cause, EngineCrashedError) and cause.article_id is None:
        return cause.for_article(plan.article_id)  # the engine cannot know whose request it was
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


def judgement_error(
    exc: BaseException, *, requests: int, usage: Usage, secrets: tuple[str, ...]
) -> SummarizerError:
    """A failed judgement (`engine.endpoint.judgement.ask`) as one of our errors, redacted."""
    cause = _root_cause(exc)
    if isinstance(cause, SummarizerError):  # the engine's own (a crashed local worker)
        return cause
    if isinstance(cause, openai.OpenAIError):
        return ProviderError(
            redact(describe_fault(cause, requests=requests), secrets),
            status_code=getattr(cause, "status_code", None),
            attempts=requests,
            usage=usage,
        )
    return ExtractionError(
        redact(f"the judge's answers stayed invalid: {describe_invalid(cause)}", secrets),
        attempts=usage.attempts,
        usage=usage,
    )
