"""The local engine as a Summarizer sees it: the embedded model, loaded in a worker process.

The model runs in a worker process of its own (`summarizer.engine.local.worker`): a native crash
in llama.cpp fails the article being served with `EngineCrashedError`, and the next article gets
a new worker, instead of the whole run dying with a segmentation fault.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path

from summarizer.engine.local.cpu import parse_extra_buffers
from summarizer.engine.local.llama import (
    DEFAULT_CONTEXT,
    DEFAULT_MODEL,
    local_threads,
    resolve_model,
)
from summarizer.engine.local.worker import WorkerClient
from summarizer.environment import environment


class LocalClients:
    """What a Summarizer needs from its clients, for the embedded engine."""

    base_url: str | None = None
    azure = False
    secrets: tuple[str, ...] = ()
    can_sync = True
    # llama.cpp runs on this machine's cores; async callers are served from a worker thread.
    can_async = False

    def __init__(
        self,
        model: Path | str | None = None,
        *,
        n_ctx: int = DEFAULT_CONTEXT,
        env: Mapping[str, str] | None = None,
    ) -> None:
        """Resolve nothing yet: the model is found (or assembled) and loaded on first use.

        `model`, else SUMMARIZER_LOCAL_MODEL, else the default model; threads from
        SUMMARIZER_LOCAL_THREADS, the weights' layout from SUMMARIZER_LOCAL_EXTRA_BUFFERS; all
        read from `env` (the environment when None), which the worker process also inherits.
        """
        environ = environment() if env is None else env
        self._env = dict(environ)
        self._model = model or environ.get("SUMMARIZER_LOCAL_MODEL") or None
        self._threads = local_threads(environ)
        self._extra_buffers = parse_extra_buffers(environ.get("SUMMARIZER_LOCAL_EXTRA_BUFFERS"))
        self._n_ctx = n_ctx
        self._client: WorkerClient | None = None
        # Batch workers ask for the client at once; the model is assembled once.
        self._loading = threading.Lock()
        self.timeout = 0.0

    @property
    def model_name(self) -> str:
        """The model's file name without extension, as stamped in provenance."""
        chosen = self._model
        return Path(chosen).stem if chosen else Path(DEFAULT_MODEL.file).stem

    def sync(self) -> WorkerClient:
        """The model's client (made once, whichever thread asks first; loaded on first request)."""
        with self._loading:
            if self._client is None:
                model = resolve_model(self._model)
                config = {
                    "n_ctx": self._n_ctx,
                    "threads": self._threads,
                    "extra_buffers": self._extra_buffers,
                }
                self._client = WorkerClient(model, config=config, env=self._env)
            return self._client

    def async_(self) -> WorkerClient:
        """Never used: `can_async` is False, so async calls go through `sync()` in a thread."""
        return self.sync()

    def close(self) -> None:
        """Free the model and end its worker."""
        with self._loading:
            if self._client is not None:
                self._client.close()
                self._client = None

    async def aclose(self) -> None:
        """Free the model and end its worker."""
        self.close()

    async def release_async(self) -> None:
        """Nothing to release: there is no async client."""
