"""Staying under rate limits: request/token pacing and concurrency that backs off on 429."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

_SECONDS_PER_MINUTE = 60.0


class Throttle:
    """Paces requests so a run stays under requests-per-minute and tokens-per-minute limits.

    Each request reserves a slot: the next slot moves forward by 60/rpm seconds, and the token
    schedule by tokens*60/tpm. Requests are therefore evenly spaced and never burst past the limit.
    Token use is estimated up front and settled with the real count afterwards. Reservation is
    thread-safe and the caller does the sleeping, so one throttle serves sync and async code.
    """

    def __init__(
        self,
        *,
        rpm: float | None = None,
        tpm: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Limits of None mean unlimited."""
        self.rpm, self.tpm = rpm, tpm
        self._clock = clock
        self._lock = threading.Lock()
        self._next_request = 0.0
        self._next_token = 0.0
        self._paused_until = 0.0

    @property
    def active(self) -> bool:
        """Whether any limit is set."""
        return bool(self.rpm or self.tpm)

    def reserve(self, tokens: int) -> float:
        """Reserve one request of about `tokens` tokens; return how long to wait before sending."""
        with self._lock:
            now = self._clock()
            start = max(now, self._paused_until)
            if self.rpm:
                start = max(start, self._next_request)
                self._next_request = start + _SECONDS_PER_MINUTE / self.rpm
            if self.tpm:
                start = max(start, self._next_token)
                self._next_token = max(self._next_token, now) + tokens * _SECONDS_PER_MINUTE / (
                    self.tpm
                )
            return start - now

    def settle(self, estimated: int, actual: int) -> None:
        """Correct the token schedule once the real token count of a request is known."""
        if not self.tpm:
            return
        with self._lock:
            self._next_token += (actual - estimated) * _SECONDS_PER_MINUTE / self.tpm

    def held(self) -> float:
        """Seconds left of the last pause (0.0 when none): checked again just before sending."""
        with self._lock:
            return max(0.0, self._paused_until - self._clock())

    def pause(self, seconds: float) -> None:
        """The endpoint said 429 (wait `seconds`): hold every later reservation until then.

        The request that got the 429 waits anyway; this keeps the others sharing the throttle
        (the run's other articles, or a cluster's other actors) from hitting the same limit.
        """
        with self._lock:
            self._paused_until = max(self._paused_until, self._clock() + max(0.0, seconds))


class AdaptiveLimit:
    """How many requests may be in flight: halves on a 429, creeps back up on success (AIMD)."""

    def __init__(
        self, maximum: int, *, cooldown: float = 2.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        """Start at `maximum` concurrent requests (articles, where a whole article holds a slot)."""
        self.maximum = max(1, maximum)
        self.limit = float(self.maximum)
        self._cooldown = cooldown
        self._clock = clock
        self._last_cut = -cooldown
        self._in_flight = 0
        self._changed = asyncio.Condition()

    async def acquire(self) -> None:
        """Wait for a free slot."""
        async with self._changed:
            await self._changed.wait_for(lambda: self._in_flight < int(self.limit))
            self._in_flight += 1

    async def release(self, *, succeeded: bool) -> None:
        """Free a slot; success raises the limit by 1/limit, up to the maximum."""
        async with self._changed:
            self._in_flight -= 1
            if succeeded:
                self.limit = min(float(self.maximum), self.limit + 1.0 / self.limit)
            self._changed.notify_all()

    def rate_limited(self) -> None:
        """The endpoint said 429: halve the limit (never below one).

        Requests in flight when the limit is cut were sent at the old rate, so their 429s are the
        same signal: within `cooldown` seconds of a cut, further 429s do not cut again.
        """
        now = self._clock()
        if now - self._last_cut >= self._cooldown:
            self.limit = max(1.0, self.limit / 2)
            self._last_cut = now
