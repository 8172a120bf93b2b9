"""Choosing the engine: an OpenAI-compatible endpoint, or the embedded local model."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

from summarizer.engine.endpoint.clients import NO_ENDPOINT
from summarizer.engine.local.llama import INSTALL_HINT, llama_installed
from summarizer.environment import environment
from summarizer.errors import ConfigurationError

EngineKind = Literal["endpoint", "local"]
_ENDPOINT_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "AZURE_OPENAI_ENDPOINT")


def choose_engine(
    explicit: EngineKind | None, *, given: bool, env: Mapping[str, str] | None = None
) -> EngineKind:
    """Pick the engine.

    An explicit choice or SUMMARIZER_ENGINE wins; else an endpoint when one is configured (by
    argument or environment); else the local engine when installed; else an error naming both.
    """
    environ = environment() if env is None else env
    chosen = explicit or environ.get("SUMMARIZER_ENGINE") or None
    if chosen is not None:
        if chosen not in get_args(EngineKind):
            msg = f"SUMMARIZER_ENGINE / engine must be endpoint or local, not {chosen!r}"
            raise ConfigurationError(msg)
        return chosen  # type: ignore[return-value]
    if given or any(environ.get(name) for name in _ENDPOINT_VARIABLES):
        return "endpoint"
    if llama_installed():
        return "local"
    msg = f"{NO_ENDPOINT} Or, to run offline with the embedded model, {INSTALL_HINT}."
    raise ConfigurationError(msg)
