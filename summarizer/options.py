"""Settings, resolved in one place: explicit argument, then environment, then default."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args
from urllib.parse import urlsplit

from summarizer.environment import environment
from summarizer.errors import ConfigurationError
from summarizer.schema.briefing import (
    CiteLabels,
    EndpointKind,
    GroundingPolicy,
    ItemLimits,
    OutputMode,
    Strategy,
)

DEFAULT_MODEL = "gpt-4o-mini"
OLLAMA_PORT = 11434

# Every variable the library reads. The README documents each one (a test checks).
ENVIRONMENT = {
    "OPENAI_API_KEY": "API key for OpenAI or any endpoint that needs one",
    "OPENAI_BASE_URL": "URL of an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp server)",
    "AZURE_OPENAI_ENDPOINT": "Azure OpenAI resource URL (selects Azure)",
    "AZURE_OPENAI_API_KEY": "Azure OpenAI key",
    "OPENAI_API_VERSION": "Azure OpenAI API version",
    "SUMMARIZER_MODEL": "model (or Azure deployment) name",
    "SUMMARIZER_ENDPOINT": "endpoint kind (openai, azure, vllm, ollama, llamacpp, ...)",
    "SUMMARIZER_MODE": "structured output mode: tools, json_schema, json",
    "SUMMARIZER_GROUNDING": "strict or lenient",
    "SUMMARIZER_STRATEGY": "cite (the model cites ids, the library quotes) or quote (it copies)",
    "SUMMARIZER_CITE_LABELS": "cite: model (it labels figures and quotes) or rules (the library)",
    "SUMMARIZER_MAX_REASKS": "re-asks after the first attempt when output is invalid",
    "SUMMARIZER_MAX_RETRIES": "transport retries per request (429, 5xx, timeouts, resets)",
    "SUMMARIZER_TIMEOUT": "seconds to wait for one response",
    "SUMMARIZER_MAX_OUTPUT_TOKENS": "output token budget per call",
    "SUMMARIZER_MAX_INPUT_TOKENS": "article token budget per call before splitting",
    "SUMMARIZER_MAX_ITEMS": "most events,figures,attributions to ask for (e.g. 3,6,4)",
    "SUMMARIZER_TEMPERATURE": "sampling temperature",
    "SUMMARIZER_CACHE_DIR": "directory of the briefing cache (off when unset)",
    "SUMMARIZER_RPM": "requests-per-minute limit",
    "SUMMARIZER_TPM": "tokens-per-minute limit",
    "SUMMARIZER_CONCURRENCY": "requests in flight at once in a batch",
    "SUMMARIZER_PRICE": "command line: USD per million input,output tokens",
    "SUMMARIZER_OUTPUT": "command line: the JSONL output file of `summarizer run`",
    "SUMMARIZER_ENGINE": "endpoint or local (default: endpoint when configured, else local)",
    "SUMMARIZER_LOCAL_MODEL": "a .gguf file for the local engine (default: the bundled model)",
    "SUMMARIZER_LOCAL_THREADS": "CPU threads for the local engine (default: every available core)",
    "SUMMARIZER_LOCAL_EXTRA_BUFFERS": "local engine: auto, on or off (AMX/repacked weight buffers)",
    "SUMMARIZER_LOCAL_TEST_FAULT": "tests only: segv:MARKER makes the local worker crash on MARKER",
    "SUMMARIZER_RAY_TEST_FAULT": "tests only: exit-once:PATH or kill-once:PATH: one Ray actor dies",
}
DEFAULT_CONCURRENCY = 8
# The embedded engine's budgets fit its 8,192-token context (see
# engine.local.llama.DEFAULT_CONTEXT) with room for a re-ask: system prompt and schema (~1.2k) +
# article + the previous output + the new one. Small CPU models loop rather than stop; a tight
# output budget bounds the cost of a loop (a truncated output is retried once with twice the
# budget).
LOCAL_MAX_OUTPUT_TOKENS = 1536
LOCAL_MAX_INPUT_TOKENS = 3000
# No re-ask by default: on 2 CPU cores a re-ask repeats the whole generation (a minute or more),
# and the one attempt's ungrounded items are still handled by the grounding policy and its invalid
# ones removed and counted. SUMMARIZER_MAX_REASKS=1 trades that minute for another chance.
LOCAL_MAX_REASKS = 0
# Fewer items than the schema allows: the small default model fills long lists with repeats, and
# each item costs it seconds of generation. The decoder enforces these exactly. Three events, not
# five: the eval scored its events at F1 0.00 with five, and three took 22% off its output tokens
# with no detectable change in any F1 (README, Local engine).
LOCAL_ITEM_LIMITS = ItemLimits(events=3, figures=6, attributions=4)
# Under the cite strategy the embedded model writes only the headline and summary
# (LOCAL_CITE_LABELS): events, figures and quotes are made by rule at no token cost, so the caps
# are the schema's own (the lead gives at most `ground.rule_labels.LEAD_EVENTS` events).
LOCAL_CITE_ITEM_LIMITS = ItemLimits(events=5, figures=15, attributions=12)
DEFAULT_STRATEGY: Strategy = "cite"
# On the embedded 1.5B model the library's rules label figures and quotes better than the model
# does (the 26-fixture eval: measure accuracy 0.35 vs 0.16, speaker 0.39 vs 0.24), and read events
# better off the lead (lenient F1 0.43 vs 0.33); asking only for the headline and summary cuts its
# output tokens. An endpoint's model writes them all.
LOCAL_CITE_LABELS: CiteLabels = "rules"

# Which structured-output mode each endpoint handles best. llama.cpp's server rejects
# response_format json_schema but constrains decoding when the schema rides in json_object; the
# json_schema mode is translated to that for it, which keeps the schema out of the prompt (on a
# CPU, ~2,500 prompt tokens of pretty-printed schema cost minutes per article).
DEFAULT_MODES: dict[EndpointKind, OutputMode] = {
    "openai": "tools",
    "azure": "tools",
    "vllm": "json_schema",
    "ollama": "json_schema",
    "llamacpp": "json_schema",
    "openai-compatible": "json",
    "local": "json_schema",
    "none": "json",
}

T = TypeVar("T")


@dataclass(frozen=True)
class Settings:
    """Everything that shapes a request, resolved."""

    model: str
    endpoint: EndpointKind
    mode: OutputMode
    grounding: GroundingPolicy
    max_reasks: int
    max_retries: int
    timeout: float
    max_output_tokens: int
    max_input_tokens: int
    temperature: float
    split_long_articles: bool
    max_items: ItemLimits = field(default_factory=ItemLimits)
    strategy: Strategy = "quote"
    cite_labels: CiteLabels = "model"

    @property
    def labelled_by_rules(self) -> bool:
        """Whether the library, not the model, labels figures and quotes."""
        return self.strategy == "cite" and self.cite_labels == "rules"

    @property
    def model_limits(self) -> ItemLimits:
        """What the model is asked for: no lists at all when rules label them."""
        if self.labelled_by_rules:
            return replace(self.max_items, events=0, figures=0, attributions=0)
        return self.max_items


def _from_env(
    name: str, explicit: T | None, parse: Callable[[str], T], default: T, env: Mapping[str, str]
) -> T:
    if explicit is not None:
        # An argument gets the check its variable gets: Summarizer(endpoint="bogus") is a clear
        # error here, not a KeyError later. Objects (ItemLimits) are validated by their type.
        if isinstance(explicit, str | int | float) and not isinstance(explicit, bool):
            try:
                parse(str(explicit))
            except ValueError as exc:
                option = name.removeprefix("SUMMARIZER_").lower()
                msg = f"{option}={explicit!r} is not valid: {exc}"
                raise ConfigurationError(msg) from exc
        return explicit
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        return parse(raw.strip())
    except ValueError as exc:
        msg = f"{name}={raw!r} is not valid: {exc}"
        raise ConfigurationError(msg) from exc


def _choice(allowed: object) -> Callable[[str], Any]:
    options = get_args(allowed)

    def parse(raw: str) -> str:
        if raw not in options:
            msg = f"expected one of {', '.join(options)}"
            raise ValueError(msg)
        return raw

    return parse


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        msg = "must be zero or more"
        raise ValueError(msg)
    return value


def _positive_float(raw: str) -> float:
    value = float(raw)
    if value <= 0:
        msg = "must be more than zero"
        raise ValueError(msg)
    return value


def _item_limits(raw: str) -> ItemLimits:
    parts = [p.strip() for p in raw.split(",")]
    if len(parts) != 3 or not all(p.isdigit() for p in parts):  # noqa: PLR2004 - three lists
        msg = "expected three whole numbers: events,figures,attributions (e.g. 3,6,4)"
        raise ValueError(msg)
    return ItemLimits(*(int(p) for p in parts))  # which refuses more than the schema allows


def guess_endpoint(base_url: str | None, *, azure: bool) -> EndpointKind:
    """The endpoint kind implied by a base URL; unknown servers are treated generically."""
    if azure:
        return "azure"
    if base_url is None:
        return "openai"
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    if host == "api.openai.com":
        return "openai"
    if host.endswith(".openai.azure.com"):
        return "azure"
    if parts.port == OLLAMA_PORT:
        return "ollama"
    return "openai-compatible"


def resolve_settings(
    *,
    model: str | None,
    endpoint: EndpointKind | None,
    mode: OutputMode | None,
    grounding: GroundingPolicy | None,
    max_reasks: int | None,
    max_retries: int | None,
    timeout: float | None,
    max_output_tokens: int | None,
    max_input_tokens: int | None,
    temperature: float | None,
    split_long_articles: bool,
    base_url: str | None,
    azure: bool,
    env: Mapping[str, str] | None = None,
    local: bool = False,
    max_items: ItemLimits | None = None,
    strategy: Strategy | None = None,
    cite_labels: CiteLabels | None = None,
) -> Settings:
    """Resolve every setting: explicit argument, then environment variable, then default.

    `local` selects the embedded engine's defaults for the token budgets (its context is small),
    the re-asks (each costs a minute or more on a CPU) and the item limits.
    """
    environ = environment() if env is None else env
    chosen_strategy = _from_env(
        "SUMMARIZER_STRATEGY", strategy, _choice(Strategy), DEFAULT_STRATEGY, environ
    )
    guessed = guess_endpoint(base_url, azure=azure)
    kind = _from_env("SUMMARIZER_ENDPOINT", endpoint, _choice(EndpointKind), guessed, environ)
    explicit: dict[str, object] = {
        "model": model, "mode": mode, "grounding": grounding, "max_reasks": max_reasks,
        "max_retries": max_retries, "timeout": timeout, "max_output_tokens": max_output_tokens,
        "max_input_tokens": max_input_tokens, "temperature": temperature,
        "max_items": max_items, "cite_labels": cite_labels,
    }  # fmt: skip
    defaults = _defaults(local=local, strategy=chosen_strategy, kind=kind)
    values = {
        name: _from_env(variable, explicit[name], parse, defaults[name], environ)
        for name, (variable, parse) in _SETTING_VARIABLES.items()
    }
    return Settings(
        endpoint=kind,
        strategy=chosen_strategy,
        split_long_articles=split_long_articles,
        **values,  # type: ignore[arg-type] # each parsed by its option's own parser
    )


# Each setting read from the environment: its variable and how its text is parsed.
_SETTING_VARIABLES: dict[str, tuple[str, Callable[[str], object]]] = {
    "model": ("SUMMARIZER_MODEL", str),
    "mode": ("SUMMARIZER_MODE", _choice(OutputMode)),
    "grounding": ("SUMMARIZER_GROUNDING", _choice(GroundingPolicy)),
    "max_reasks": ("SUMMARIZER_MAX_REASKS", _non_negative_int),
    "max_retries": ("SUMMARIZER_MAX_RETRIES", _non_negative_int),
    "timeout": ("SUMMARIZER_TIMEOUT", _positive_float),
    "max_output_tokens": ("SUMMARIZER_MAX_OUTPUT_TOKENS", _non_negative_int),
    "max_input_tokens": ("SUMMARIZER_MAX_INPUT_TOKENS", _non_negative_int),
    "temperature": ("SUMMARIZER_TEMPERATURE", float),
    "max_items": ("SUMMARIZER_MAX_ITEMS", _item_limits),
    "cite_labels": ("SUMMARIZER_CITE_LABELS", _choice(CiteLabels)),
}


def _defaults(*, local: bool, strategy: Strategy, kind: EndpointKind) -> dict[str, object]:
    """Each setting's default: the embedded engine's are smaller, the mode is the endpoint's."""
    local_limits = LOCAL_CITE_ITEM_LIMITS if strategy == "cite" else LOCAL_ITEM_LIMITS
    return {
        "model": DEFAULT_MODEL,
        "mode": DEFAULT_MODES[kind],
        "grounding": "strict",
        "max_reasks": LOCAL_MAX_REASKS if local else 2,
        "max_retries": 4,
        "timeout": 120.0,
        "max_output_tokens": LOCAL_MAX_OUTPUT_TOKENS if local else 4096,
        "max_input_tokens": LOCAL_MAX_INPUT_TOKENS if local else 12_000,
        "temperature": 0.0,
        "max_items": local_limits if local else ItemLimits(),
        "cite_labels": LOCAL_CITE_LABELS if local else "model",
    }


@dataclass(frozen=True)
class Limits:
    """Batch-level settings: pacing and the cache."""

    rpm: float | None
    tpm: float | None
    cache_dir: Path | None


def resolve_limits(
    *,
    rpm: float | None,
    tpm: float | None,
    cache_dir: Path | str | Literal[False] | None,
    env: Mapping[str, str] | None = None,
) -> Limits:
    """Resolve rate limits and the cache directory: argument, then environment, then off.

    `cache_dir=False` turns the cache off whatever the environment says.
    """
    environ = environment() if env is None else env
    cache = (
        None
        if cache_dir is False
        else _from_env("SUMMARIZER_CACHE_DIR", cache_dir, str, None, environ)
    )
    return Limits(
        rpm=_from_env("SUMMARIZER_RPM", rpm, _positive_float, None, environ),
        tpm=_from_env("SUMMARIZER_TPM", tpm, _positive_float, None, environ),
        cache_dir=Path(cache).expanduser() if cache else None,
    )


def resolve_concurrency(concurrency: int | None, env: Mapping[str, str] | None = None) -> int:
    """Requests in flight at once: argument, then SUMMARIZER_CONCURRENCY, then 8."""
    environ = environment() if env is None else env
    value = _from_env(
        "SUMMARIZER_CONCURRENCY", concurrency, _non_negative_int, DEFAULT_CONCURRENCY, environ
    )
    if value < 1:
        msg = "SUMMARIZER_CONCURRENCY / concurrency must be at least 1"
        raise ConfigurationError(msg)
    return value
