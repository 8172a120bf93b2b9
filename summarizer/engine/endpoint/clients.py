"""Building the openai clients from arguments and environment. No I/O happens here."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping

import openai

from summarizer.environment import environment
from summarizer.errors import ConfigurationError

# Local servers (llama.cpp, vLLM, Ollama) accept any key, but the openai client insists on one.
_PLACEHOLDER_KEY = "no-key-required"

NO_ENDPOINT = (
    "no LLM endpoint is configured. Set OPENAI_API_KEY to use OpenAI; or OPENAI_BASE_URL (and "
    "SUMMARIZER_MODEL) for an OpenAI-compatible server such as vLLM, Ollama or a llama.cpp server; "
    "or AZURE_OPENAI_ENDPOINT, AZURE_OPENAI_API_KEY and OPENAI_API_VERSION for Azure OpenAI. "
    "You can also pass client=openai.OpenAI(...) to Summarizer."
)


class Clients:
    """The sync and async clients one Summarizer uses, made on first use.

    Transport retries belong to summarizer (tenacity, honouring Retry-After), so every client,
    including one the caller passes in, is used with the openai client's own retries switched off.
    """

    def __init__(
        self,
        *,
        client: openai.OpenAI | None,
        async_client: openai.AsyncOpenAI | None,
        base_url: str | None,
        api_key: str | None,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Resolve where to connect; raise ConfigurationError when nothing says where."""
        environ = environment() if env is None else env
        self._made_async = False
        self._async_loop = 0
        self._sync = client.with_options(max_retries=0) if client else None
        self._async = async_client.with_options(max_retries=0) if async_client else None
        self.timeout = 120.0
        """Seconds per response for clients made here (set from the resolved settings)."""
        self._azure_endpoint = environ.get("AZURE_OPENAI_ENDPOINT") or ""
        # With one client given, the other flavour is not invented: its settings may not transfer.
        self.can_sync = client is not None or async_client is None
        self.can_async = async_client is not None or client is None
        given = self._sync or self._async
        if given is not None:
            self.base_url: str | None = str(given.base_url)
            self.azure = isinstance(given, (openai.AzureOpenAI, openai.AsyncAzureOpenAI))
            self._api_key = str(given.api_key or "")
            return
        self.base_url = base_url or environ.get("OPENAI_BASE_URL") or None
        self.azure = bool(self._azure_endpoint) and self.base_url is None
        key_variable = "AZURE_OPENAI_API_KEY" if self.azure else "OPENAI_API_KEY"
        self._api_key = api_key or environ.get(key_variable) or ""
        if not (self._api_key or self.base_url or self.azure):
            raise ConfigurationError(NO_ENDPOINT)

    @property
    def model_name(self) -> str | None:
        """None: an endpoint serves whichever model the `model` option names."""
        return None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Strings that must never appear in messages or logs."""
        return (self._api_key,) if self._api_key and self._api_key != _PLACEHOLDER_KEY else ()

    def sync(self) -> openai.OpenAI:
        """The sync client."""
        if self._sync is None:
            if self.azure:
                self._sync = openai.AzureOpenAI(
                    api_key=self._api_key or None,
                    azure_endpoint=self._azure_endpoint,
                    timeout=self.timeout,
                    max_retries=0,
                )
            else:
                self._sync = openai.OpenAI(
                    api_key=self._api_key or _PLACEHOLDER_KEY,
                    base_url=self.base_url,
                    timeout=self.timeout,
                    max_retries=0,
                )
        return self._sync

    def async_(self) -> openai.AsyncOpenAI:
        """The async client for the running event loop.

        An httpx connection pool belongs to the loop it was opened on, so a client this object made
        is replaced when a new loop (another `asyncio.run`) asks; a client the caller passed is not.
        """
        loop = id(asyncio.get_running_loop())
        stale = self._async_loop != loop or (self._async is not None and self._async.is_closed())
        if self._async is not None and self._made_async and stale:
            self._async = None
        if self._async is None:
            self._made_async = True
            self._async_loop = loop
            if self.azure:
                self._async = openai.AsyncAzureOpenAI(
                    api_key=self._api_key or None,
                    azure_endpoint=self._azure_endpoint,
                    timeout=self.timeout,
                    max_retries=0,
                )
            else:
                self._async = openai.AsyncOpenAI(
                    api_key=self._api_key or _PLACEHOLDER_KEY,
                    base_url=self.base_url,
                    timeout=self.timeout,
                    max_retries=0,
                )
        return self._async

    def close(self) -> None:
        """Close the sync client's connections."""
        if self._sync is not None:
            self._sync.close()

    async def release_async(self) -> None:
        """Close and forget an async client this object made (its event loop is ending)."""
        if self._async is not None and self._made_async:
            await self._async.close()
            self._async = None

    async def aclose(self) -> None:
        """Close both clients' connections."""
        self.close()
        if self._async is not None:
            await self._async.close()
