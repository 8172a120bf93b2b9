"""The provider's Batch API requests: upload the request file, create, poll, download.

Each request is retried on transient faults as real-time calls are (the same tenacity setup)
and a lasting fault becomes a redacted ProviderError saying what could not be done. Batches
are returned as `BatchStatus`, so the run that orchestrates them (`summarizer.batch`) never
touches the vendor's types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Final, ParamSpec, TypeVar

import openai
from openai.types import Batch

from summarizer.engine.endpoint.clients import Clients
from summarizer.engine.endpoint.retry import RetryPolicy, async_retrying, describe_fault, redact
from summarizer.errors import ProviderError

T = TypeVar("T")
P = ParamSpec("P")
ENDPOINT: Final = "/v1/chat/completions"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


@dataclass(frozen=True)
class BatchStatus:
    """What a run needs to know of one provider batch."""

    id: str
    status: str
    input_file_id: str
    created_at: str
    """ISO 8601, UTC."""
    completed: int = 0
    failed: int = 0
    total: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    errors: str = ""
    """The provider's reasons for a failed or expired batch, joined."""

    @property
    def finished(self) -> bool:
        """Whether the provider has stopped working on the batch."""
        return self.status in TERMINAL


def _status(batch: Batch) -> BatchStatus:
    counts = batch.request_counts
    errors = batch.errors.data if batch.errors and batch.errors.data else []
    return BatchStatus(
        id=batch.id,
        status=batch.status,
        input_file_id=batch.input_file_id,
        created_at=dt.datetime.fromtimestamp(batch.created_at, dt.UTC).isoformat(),
        completed=counts.completed if counts else 0,
        failed=counts.failed if counts else 0,
        total=counts.total if counts else 0,
        output_file_id=batch.output_file_id,
        error_file_id=batch.error_file_id,
        errors="; ".join(error.message or error.code or "" for error in errors),
    )


class BatchFiles:
    """Batch API requests through one Summarizer's clients and retry policy."""

    def __init__(self, clients: Clients, policy: RetryPolicy) -> None:
        """Send through `clients`, retrying as `policy` says (its sleep is the one waited)."""
        self._clients = clients
        self._policy = policy

    async def submit(self, requests: bytes, metadata: dict[str, str]) -> BatchStatus:
        """Upload a JSONL file of requests and create its batch (24-hour window)."""
        client = self._clients.async_()
        upload = ("summarizer-batch.jsonl", requests)
        doing = "could not upload the batch requests"
        file = await self._call(doing, client.files.create, file=upload, purpose="batch")
        batch = await self._call(
            "could not create the batch",
            client.batches.create,
            input_file_id=file.id,
            endpoint=ENDPOINT,
            completion_window="24h",
            metadata=metadata,
        )
        return _status(batch)

    async def status(self, batch_id: str, *, doing: str) -> BatchStatus:
        """The batch as the provider reports it now; `doing` heads a lasting fault's message."""
        batch = await self._call(doing, self._clients.async_().batches.retrieve, batch_id)
        return _status(batch)

    async def download(self, file_id: str, *, doing: str) -> bytes:
        """The content of one of the batch's files."""
        content = await self._call(doing, self._clients.async_().files.content, file_id)
        return content.content

    async def _call(
        self, doing: str, request: Callable[P, Awaitable[T]], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        try:
            return await async_retrying(self._policy)(request, *args, **kwargs)
        except openai.OpenAIError as exc:
            fault = redact(describe_fault(exc), self._clients.secrets)
            status = exc.status_code if isinstance(exc, openai.APIStatusError) else None
            raise ProviderError(f"{doing}: {fault}", status_code=status) from None
