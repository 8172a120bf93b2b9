"""Transport faults: which are transient, how long to wait, how they are retried and reported.

The one place tenacity is set up (`retrying`, `async_retrying`) and the one place an openai
error becomes a message (`describe_fault`, redacted by `redact`): real-time calls and the Batch
API's file requests use the same pieces.
"""

from __future__ import annotations

import asyncio
import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import openai
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_random_exponential,
)

_TRANSIENT_STATUS = frozenset({408, 409, 429})
_SERVER_ERROR = 500


@dataclass(frozen=True)
class RetryPolicy:
    """How transport faults are retried.

    `sleep` and `async_sleep` are injectable so tests can record waits instead of waiting.
    """

    max_retries: int = 4
    """Retries after the first request, per request."""
    initial_wait: float = 0.5
    """Scale of the exponential backoff, in seconds."""
    max_wait: float = 60.0
    """Longest single wait, Retry-After included."""
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)


def is_transient(exc: BaseException) -> bool:
    """True for faults worth retrying: 408/409/429, 5xx, timeouts and dropped connections."""
    if isinstance(exc, openai.APIConnectionError):
        return True
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS or exc.status_code >= _SERVER_ERROR
    return False


def retry_after(exc: BaseException | None) -> float | None:
    """Seconds the server asked us to wait (Retry-After / retry-after-ms), if it said."""
    if not isinstance(exc, openai.APIStatusError):
        return None
    headers = exc.response.headers
    if (millis := headers.get("retry-after-ms")) is not None:
        try:
            return max(0.0, float(millis) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def wait_for(policy: RetryPolicy) -> Callable[[RetryCallState], float]:
    """Honour Retry-After when given (capped at max_wait), else exponential backoff with jitter."""
    backoff = wait_random_exponential(multiplier=policy.initial_wait, max=policy.max_wait)

    def wait(state: RetryCallState) -> float:
        fault = fault_of(state)
        hinted = retry_after(fault)
        if hinted is not None:
            return min(hinted, policy.max_wait)
        return float(backoff(state))

    return wait


RetryState = RetryCallState
"""What tenacity tells a hook about the retry in progress."""
BeforeSleep = Callable[[RetryState], None]


def retrying(policy: RetryPolicy, *, before_sleep: BeforeSleep | None = None) -> Retrying:
    """Retries of a sync request on transient faults, as `policy` says; the last fault raises."""
    return Retrying(sleep=policy.sleep, **_retry_args(policy, before_sleep))


def async_retrying(
    policy: RetryPolicy, *, before_sleep: BeforeSleep | None = None
) -> AsyncRetrying:
    """Retries of an async request on transient faults, as `policy` says."""
    return AsyncRetrying(sleep=policy.async_sleep, **_retry_args(policy, before_sleep))


def _retry_args(policy: RetryPolicy, before_sleep: BeforeSleep | None) -> dict[str, Any]:
    return {
        "stop": stop_after_attempt(policy.max_retries + 1),
        "wait": wait_for(policy),
        "retry": retry_if_exception(is_transient),
        "reraise": True,
        "before_sleep": before_sleep,
    }


def fault_of(state: RetryCallState) -> BaseException | None:
    """The fault that made tenacity retry."""
    return state.outcome.exception() if state.outcome else None


def redact(text: str, secrets: tuple[str, ...]) -> str:
    """`text` with every secret (an API key) replaced, so that no message can leak one."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "[redacted]")
    return text


_UNSENT: Final = frozenset({"ConnectError", "ConnectTimeout", "PoolTimeout"})


def never_sent(exc: BaseException) -> int:
    """1 when the request never left (no connection was made), else 0.

    `usage.requests` counts the requests an endpoint received. A connection it refused (a full
    listen backlog under a burst of connects), reset in the handshake or never free in time is
    retried like any dropped connection but carried no request: counting it made usage say one
    request more than the server saw. Everything after the connection (writing, waiting,
    reading) may have reached the endpoint, and counts.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if type(cause).__name__ in _UNSENT:
            return 1
        cause = cause.__cause__ or cause.__context__
    return 0


def describe_fault(exc: BaseException | None, *, requests: int | None = None) -> str:
    """A sentence a user can act on, for a transport or HTTP error."""
    tries = f" (after {requests} request{'s' if requests != 1 else ''})" if requests else ""
    if isinstance(exc, openai.APITimeoutError):
        return f"the endpoint did not answer in time{tries}"
    if isinstance(exc, openai.APIConnectionError):
        return f"could not reach the endpoint: the connection failed or was dropped{tries}"
    if isinstance(exc, openai.APIStatusError):
        return _describe_status(exc.status_code, _server_message(exc)) + tries
    if exc is None:
        return "unknown fault"
    return f"{type(exc).__name__}: {exc}{tries}"


def _server_message(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and isinstance(inner.get("message"), str):
            return str(inner["message"])
        if isinstance(inner, str):
            return inner
    return exc.message


def _describe_status(status: int, message: str) -> str:
    hints = {
        401: "the endpoint rejected the credentials: check OPENAI_API_KEY",
        403: "the endpoint refused access: check the key's permissions",
        404: "the endpoint does not know this model or path: check SUMMARIZER_MODEL and "
        "OPENAI_BASE_URL",
        429: "the endpoint kept rate-limiting the requests",
    }
    if status in hints:
        return f"HTTP {status}: {hints[status]} ({message})"
    if status >= _SERVER_ERROR:
        return f"HTTP {status}: the endpoint kept failing ({message})"
    if status == 400:  # noqa: PLR2004
        return (
            f"HTTP 400: the endpoint rejected the request ({message}); if it does not support "
            "this structured-output mode, set SUMMARIZER_MODE=json"
        )
    return f"HTTP {status}: {message}"
