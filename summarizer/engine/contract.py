"""What the pipeline needs of an engine: the `Engine` protocol, and the chat client it hands out.

Three engines implement it: the OpenAI-compatible endpoint (`engine.endpoint.clients.Clients`),
the embedded llama.cpp model (`engine.local.clients.LocalClients`) and a Python function
(`engine.function.FunctionEngine`, for tests). The chat client is the one method of
`openai.OpenAI` the library calls, `chat.completions.create`, returning an openai
`ChatCompletion`; instructor builds the request and parses the reply, whichever engine answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar


class Completions(Protocol):
    """`client.chat.completions` of a sync chat client."""

    def create(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - openai's signature
        """Send one chat completion request; return an openai `ChatCompletion`."""
        ...


class AsyncCompletions(Protocol):
    """`client.chat.completions` of an async chat client."""

    async def create(self, *args: Any, **kwargs: Any) -> Any:  # noqa: ANN401 - as above
        """Send one chat completion request; return an openai `ChatCompletion`."""
        ...


_Completions_co = TypeVar("_Completions_co", covariant=True)


class Chat(Protocol[_Completions_co]):
    """`client.chat`: holds the completions resource."""

    @property
    def completions(self) -> _Completions_co:
        """The completions resource."""
        ...


class Client(Protocol[_Completions_co]):
    """What the library calls on a client: `client.chat.completions.create`."""

    @property
    def chat(self) -> Chat[_Completions_co]:
        """The chat resource."""
        ...


ChatClient = Client[Completions]
"""A sync client (`openai.OpenAI` is one)."""
AsyncChatClient = Client[AsyncCompletions]
"""An async client (`openai.AsyncOpenAI` is one)."""


class Engine(Protocol):
    """Where a Summarizer's requests go: its clients, and what they may and may not do."""

    @property
    def base_url(self) -> str | None:
        """Where requests go (guides the endpoint's defaults); None when nowhere over HTTP."""
        ...

    @property
    def azure(self) -> bool:
        """Whether the endpoint is Azure OpenAI."""
        ...

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never appear in messages or logs (API keys)."""
        ...

    @property
    def model_name(self) -> str | None:
        """The model the engine runs, when the engine decides it (else the `model` option)."""
        ...

    @property
    def can_sync(self) -> bool:
        """Whether `sync()` may be called."""
        ...

    @property
    def can_async(self) -> bool:
        """False: async callers are served from a worker thread through `sync()`."""
        ...

    timeout: float
    """Seconds per response (set from the resolved settings)."""

    def sync(self) -> ChatClient:
        """The sync client."""
        ...

    def async_(self) -> AsyncChatClient:
        """The async client for the running event loop (only called when `can_async`)."""
        ...

    def close(self) -> None:
        """Release what the engine holds (connections, a loaded model)."""
        ...

    async def aclose(self) -> None:
        """Release what the engine holds, from async code."""
        ...

    async def release_async(self) -> None:
        """Forget an async client made for an event loop that is ending."""
        ...


class _Completions:
    def __init__(self, create: Callable[..., Any]) -> None:
        self.create = create


class _Chat:
    def __init__(self, create: Callable[..., Any]) -> None:
        self.completions = _Completions(create)


class InProcessClient:
    """A sync chat client whose `chat.completions.create` is `create` (an in-process model)."""

    def __init__(self, create: Callable[..., Any]) -> None:
        """`create` takes openai's keyword arguments and returns a `ChatCompletion`."""
        self.chat = _Chat(create)
