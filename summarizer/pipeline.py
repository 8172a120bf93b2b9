"""The public entry points: `Summarizer` (reusable, configured once) and `summarize` (one call)."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Self

import openai
from openai.types.chat import ChatCompletion

from summarizer.batch.candidate_pool import CandidatePool
from summarizer.batch.concurrency import articles_as_items, iterate_in_thread, run_batch
from summarizer.engine.choice import EngineKind, choose_engine
from summarizer.engine.contract import Engine
from summarizer.engine.endpoint.calls import aextract, extract
from summarizer.engine.endpoint.clients import Clients
from summarizer.engine.endpoint.plan import CallPlan
from summarizer.engine.endpoint.retry import RetryPolicy
from summarizer.engine.endpoint.wire import first_request, parse_completion
from summarizer.engine.local.clients import LocalClients
from summarizer.engine.throttle import AdaptiveLimit, Throttle
from summarizer.environment import environment
from summarizer.errors import (
    ConfigurationError,
    ExtractionError,
    ProviderError,
    SummarizerError,
)
from summarizer.find.candidates import Candidates
from summarizer.ground.alignment import DEFAULT_FUZZY_THRESHOLD
from summarizer.ground.assemble import PartResult, assemble
from summarizer.ground.grounding import GroundingScope
from summarizer.ground.rule_labels import with_rule_labels
from summarizer.options import Settings, resolve_limits, resolve_settings
from summarizer.prompt.chunking import Part
from summarizer.prompt.parts import candidates_per_part, part_messages, split_to_budget
from summarizer.prompt.render import PromptSet
from summarizer.schema.article import Article, as_article, check_article
from summarizer.schema.briefing import (
    Briefing,
    CiteLabels,
    EndpointKind,
    GroundingPolicy,
    ItemLimits,
    OutputMode,
    Strategy,
    Usage,
)
from summarizer.schema.pricing import Price, price_for
from summarizer.schema.records import Result
from summarizer.store.cache import BriefingCache, cache_key


@dataclass(frozen=True)
class _Job:
    """One article, checked and split, with the messages for each part."""

    article: Article
    parts: list[Part]
    messages: list[list[dict[str, str]]]
    plan: CallPlan
    cache_key: str
    candidates: list[Candidates | None]
    """Per part, under the cite strategy: what its ids refer to."""


class Summarizer:
    """Turns articles into Briefings through one configured endpoint.

    Options left as None come from the environment (see the README), then from defaults. Create one
    and reuse it: it holds the HTTP clients and their connection pools.
    """

    def __init__(
        self,
        *,
        client: openai.OpenAI | None = None,
        async_client: openai.AsyncOpenAI | None = None,
        model: str | None = None,
        base_url: str | None = None,
        api_key: str | None = None,
        endpoint: EndpointKind | None = None,
        mode: OutputMode | None = None,
        grounding: GroundingPolicy | None = None,
        max_reasks: int | None = None,
        max_retries: int | None = None,
        timeout: float | None = None,
        max_output_tokens: int | None = None,
        max_input_tokens: int | None = None,
        temperature: float | None = None,
        split_long_articles: bool = True,
        price: Price | None = None,
        prompts_dir: Path | None = None,
        fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
        retry_policy: RetryPolicy | None = None,
        cache_dir: Path | str | Literal[False] | None = None,
        rpm: float | None = None,
        tpm: float | None = None,
        engine: EngineKind | Engine | None = None,
        local_model: Path | str | None = None,
        max_items: ItemLimits | None = None,
        strategy: Strategy | None = None,
        cite_labels: CiteLabels | None = None,
    ) -> None:
        """Configure once; nothing is sent (and no model is loaded) until the first article."""
        env = environment()  # one snapshot: every option below is resolved from it
        custom = engine is not None and not isinstance(engine, str)
        self.engine, self._clients = _engine(
            engine, client, async_client, base_url=base_url, api_key=api_key,
            local_model=local_model, env=env,
        )  # fmt: skip
        if self.engine == "local":
            endpoint = "local"
        elif custom:
            endpoint = endpoint or "none"  # a custom engine is no known server
        if self.engine == "local" or custom:
            price = price or Price(0.0, 0.0)  # in-process engines cost nothing
        self.settings: Settings = resolve_settings(
            model=model or self._clients.model_name,
            endpoint=endpoint,
            mode=mode,
            grounding=grounding,
            max_reasks=max_reasks,
            max_retries=max_retries,
            timeout=timeout,
            max_output_tokens=max_output_tokens,
            max_input_tokens=max_input_tokens,
            temperature=temperature,
            split_long_articles=split_long_articles,
            base_url=self._clients.base_url,
            azure=self._clients.azure,
            local=self.engine == "local",
            max_items=max_items,
            strategy=strategy,
            cite_labels=cite_labels,
            env=env,
        )
        self._clients.timeout = self.settings.timeout
        self._prompts = PromptSet(prompts_dir)
        self._price = price or price_for(self.settings.model)
        self._threshold = fuzzy_threshold
        self._retry = retry_policy or RetryPolicy(max_retries=self.settings.max_retries)
        limits = resolve_limits(rpm=rpm, tpm=tpm, cache_dir=cache_dir, env=env)
        self.throttle = Throttle(rpm=limits.rpm, tpm=limits.tpm)
        self._cache = BriefingCache(limits.cache_dir) if limits.cache_dir else None
        self._cache_dir = limits.cache_dir
        self._base_url = self._clients.base_url

    def close(self) -> None:
        """Close HTTP connections and the cache (also done by `with Summarizer(...) as s:`)."""
        self._clients.close()
        if self._cache is not None:
            self._cache.close()

    async def aclose(self) -> None:
        """Close HTTP connections and the cache (also done by `async with Summarizer(...)`)."""
        await self._clients.aclose()
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> Self:
        """Use as a context manager to close connections on exit."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Close connections."""
        self.close()

    async def __aenter__(self) -> Self:
        """Use as an async context manager to close connections on exit."""
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        """Close connections."""
        await self.aclose()

    @property
    def prompt_version(self) -> str:
        """Version of the prompt templates in use."""
        return self._prompts.version

    @property
    def chat_engine(self) -> Engine:
        """Where this Summarizer sends, for other questions through it (the reconcile judge).

        The same endpoint, model, keys and connections, or the same loaded local model.
        """
        return self._clients

    @property
    def cache_dir(self) -> Path | None:
        """Where finished briefings are cached (None: no cache)."""
        return self._cache_dir

    @property
    def retry_policy(self) -> RetryPolicy:
        """How transport faults are retried."""
        return self._retry

    @property
    def price(self) -> Price | None:
        """The price used for cost estimates (None when the model's price is unknown)."""
        return self._price

    def summarize(self, article: str | Article, /) -> Briefing:
        """Summarise one article (a str or an Article) into a validated, grounded Briefing."""
        if not self._clients.can_sync:
            return self._run_async_from_sync(article)
        return self.summarize_traced(article)[0]

    @property
    def sends_async(self) -> bool:
        """Whether articles are sent on the event loop (else each runs in a worker thread)."""
        return self._clients.can_async

    @property
    def finds_candidates(self) -> bool:
        """Whether each article's candidates are found first (the cite strategy)."""
        return self.settings.strategy == "cite"

    async def asummarize(self, article: str | Article, /) -> Briefing:
        """Async twin of `summarize`."""
        if not self._clients.can_async:
            return await asyncio.to_thread(self.summarize, article)
        return (await self.asummarize_traced(article))[0]

    def summarize_many(
        self, articles: Iterable[str | Article], /, *, concurrency: int | None = None
    ) -> Iterator[Result]:
        """Summarise many articles concurrently; yield one Result per article as each finishes.

        A failing article yields an error Result and never stops the rest. Runs the async engine
        on a private event loop in a worker thread.
        """
        return iterate_in_thread(
            lambda: self.asummarize_many(articles, concurrency=concurrency),
            self._clients.release_async,
        )

    def asummarize_many(
        self, articles: Iterable[str | Article], /, *, concurrency: int | None = None
    ) -> AsyncIterator[Result]:
        """Async twin of `summarize_many`: an async iterator of Results in completion order."""
        return run_batch(self, articles_as_items(articles), concurrency=concurrency)

    def summarize_traced(
        self, article: str | Article, /, *, on_rate_limited: Callable[[], None] | None = None
    ) -> tuple[Briefing, bool]:
        """`summarize`, also saying whether the briefing came from the cache."""
        checked, key, cached = self._lookup(article)
        if cached is not None:
            return cached, True
        job = self._prepare(checked, key, on_rate_limited)
        client = self._clients.sync()
        results: list[PartResult] = []
        for index, part in enumerate(job.parts):
            scope = self._scope(job, index)
            try:
                draft, usage = extract(client, job.messages[index], job.plan, scope)
            except SummarizerError as exc:
                _add_spent(exc, results)
                raise
            results.append(PartResult(part, draft, usage, scope.malformed, scope.candidates))
        return self._finish(job, results), False

    async def asummarize_traced(
        self,
        article: str | Article,
        /,
        *,
        on_rate_limited: Callable[[], None] | None = None,
        gate: AdaptiveLimit | None = None,
        candidates: CandidatePool | None = None,
    ) -> tuple[Briefing, bool]:
        """Async twin of `summarize_traced`.

        `gate` bounds the requests in flight, `candidates` finds the cite strategy's candidates
        in worker processes (both given by batches).
        """
        if not self._clients.can_async:
            return await asyncio.to_thread(
                self.summarize_traced, article, on_rate_limited=on_rate_limited
            )
        checked, key, cached = self._lookup(article)
        if cached is not None:
            return cached, True
        if self.finds_candidates and candidates is not None:
            found = await candidates.find(checked.text)
            job = self._prepare(checked, key, on_rate_limited, gate, found=found)
        elif self.finds_candidates:
            # CPU work (spaCy): off the event loop, so other articles' requests still go out.
            job = await asyncio.to_thread(self._prepare, checked, key, on_rate_limited, gate)
        else:
            job = self._prepare(checked, key, on_rate_limited, gate)
        client = self._clients.async_()
        results: list[PartResult] = []
        for index, part in enumerate(job.parts):
            scope = self._scope(job, index)
            try:
                draft, usage = await aextract(client, job.messages[index], job.plan, scope)
            except SummarizerError as exc:
                _add_spent(exc, results)
                raise
            results.append(PartResult(part, draft, usage, scope.malformed, scope.candidates))
        return self._finish(job, results), False

    def request_bodies(self, article: Article, /) -> list[dict[str, Any]]:
        """The chat-completion body of each part's first attempt, as the real-time path sends it.

        Empty when the briefing is already in the cache (there is nothing to send); more than one
        body when the article is split into parts. Used to put articles in a Batch API run.

        Raises:
            SummarizerError: The article is unusable (empty, over the budget with splitting off).
        """
        checked, key, cached = self._lookup(article)
        if cached is not None:
            return []
        job = self._prepare(checked, key)
        return [
            first_request(job.plan, messages, self._scope(job, index))
            for index, messages in enumerate(job.messages)
        ]

    def briefing_from_completion(
        self, article: Article, completion: ChatCompletion, /, *, price: Price | None
    ) -> Briefing:
        """The briefing of a one-part article from a completion answering its `request_bodies`.

        The completion is validated and grounded as the real-time path's first attempt is, then
        assembled and cached like any briefing, its cost reckoned at `price` (a Batch API price).

        Raises:
            ExtractionError: The completion is not a valid, grounded briefing (its usage attached).
            ValueError: The article is split into parts, so no single completion answers it.
        """
        checked = self._checked(article)
        job = self._prepare(checked, self._cache_key(checked))
        (part,) = job.parts
        scope = self._scope(job, 0)
        draft, usage = parse_completion(job.plan, completion, scope)
        result = PartResult(part, draft, usage, scope.malformed, scope.candidates)
        return self._finish(job, [result], price=price)

    def _run_async_from_sync(self, article: str | Article) -> Briefing:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(self.asummarize(article))
        msg = (
            "this Summarizer only has an async client: call `await asummarize(...)` inside an "
            "event loop, or pass client=openai.OpenAI(...) as well"
        )
        raise ConfigurationError(msg)

    def _checked(self, article: str | Article) -> Article:
        checked = as_article(article)
        check_article(checked)
        return checked

    def _cache_key(self, article: Article) -> str:
        """The key of everything that shapes this article's briefing (no NLP needed for it).

        The text (by hash) and every field of the article that reaches the prompt or the
        grounding (title, outlet, url, published: dates are resolved against `published`). Not
        the id: two records with the same text and metadata get the same briefing.
        """
        return cache_key(
            text_sha256=article.sha256,
            prompt_version=self._prompts.version,
            settings={
                **dataclasses.asdict(self.settings),
                "base_url": self._base_url,
                "fuzzy_threshold": self._threshold,
                "article": article.model_dump(mode="json", exclude={"id", "text"}),
            },
        )

    def _lookup(self, article: str | Article) -> tuple[Article, str, Briefing | None]:
        """The checked article, its cache key, and its briefing when the cache holds one.

        Runs before any candidate finding: a fully cached re-run does no NLP. A briefing from the
        cache names the requesting article in its provenance and says it came from the cache.
        """
        checked = self._checked(article)
        key = self._cache_key(checked)
        if self._cache is None:
            return checked, key, None
        stored = self._cache.get(key)
        if stored is None:
            return checked, key, None
        provenance = stored.provenance.model_copy(
            update={"article_id": checked.resolved_id, "cached": True}
        )
        return checked, key, stored.model_copy(update={"provenance": provenance})

    def _prepare(
        self,
        checked: Article,
        key: str,
        on_rate_limited: Callable[[], None] | None = None,
        gate: AdaptiveLimit | None = None,
        *,
        found: Candidates | None = None,
    ) -> _Job:
        parts = split_to_budget(
            checked,
            max_input_tokens=self.settings.max_input_tokens,
            split_long_articles=self.settings.split_long_articles,
        )
        candidates = candidates_per_part(
            checked, parts, cite=self.settings.strategy == "cite", found=found
        )
        messages = [
            part_messages(
                self._prompts, checked, part, (number, len(parts)), found, settings=self.settings
            )
            for number, (part, found) in enumerate(zip(parts, candidates, strict=True), 1)
        ]
        plan = self._plan(checked.resolved_id, on_rate_limited, gate)
        return _Job(checked, parts, messages, plan, key, candidates)

    def _plan(
        self,
        article_id: str,
        on_rate_limited: Callable[[], None] | None,
        gate: AdaptiveLimit | None,
    ) -> CallPlan:
        return CallPlan(
            model=self.settings.model,
            mode=self.settings.mode,
            endpoint=self.settings.endpoint,
            max_output_tokens=self.settings.max_output_tokens,
            temperature=self.settings.temperature,
            max_reasks=self.settings.max_reasks,
            retry=self._retry,
            article_id=article_id,
            secrets=self._clients.secrets,
            throttle=self.throttle if self.throttle.active else None,
            on_rate_limited=on_rate_limited,
            gate=gate,
            limits=self.settings.model_limits,
            strategy=self.settings.strategy,
        )

    def _scope(self, job: _Job, index: int) -> GroundingScope:
        part = job.parts[index]
        return GroundingScope(
            text=job.article.text,
            window=(part.start, part.end),
            threshold=self._threshold,
            limits=job.plan.limits,
            candidates=job.candidates[index],
        )

    def _finish(
        self, job: _Job, results: list[PartResult], *, price: Price | None = None
    ) -> Briefing:
        if self.settings.labelled_by_rules:
            results = [
                dataclasses.replace(
                    r, draft=with_rule_labels(r.draft, r.candidates, self.settings.max_items)
                )
                for r in results
            ]
        briefing = assemble(
            job.article,
            results,
            settings=self.settings,
            prompt_version=self._prompts.version,
            threshold=self._threshold,
            price=self._price if price is None else price,
        )
        if self._cache is not None:
            self._cache.put(job.cache_key, briefing)
        return briefing


def _engine(
    chosen: EngineKind | Engine | None,
    client: openai.OpenAI | None,
    async_client: openai.AsyncOpenAI | None,
    *,
    base_url: str | None,
    api_key: str | None,
    local_model: Path | str | None,
    env: Mapping[str, str],
) -> tuple[EngineKind, Engine]:
    """The engine a Summarizer sends to, and its kind (a custom engine counts as an endpoint)."""
    if chosen is not None and not isinstance(chosen, str):
        return "endpoint", chosen
    given = any((client, async_client, base_url, api_key))
    if choose_engine(chosen, given=given, env=env) == "local":
        return "local", LocalClients(local_model, env=env)
    clients = Clients(
        client=client, async_client=async_client, base_url=base_url, api_key=api_key, env=env
    )
    return "endpoint", clients


def _add_spent(exc: SummarizerError, earlier: list[PartResult]) -> None:
    """Add the usage of parts already done to a failing part's error, so no spend goes unseen."""
    if isinstance(exc, (ExtractionError, ProviderError)) and earlier:
        spent = sum((r.usage for r in earlier), Usage())
        exc.usage = spent + exc.usage if exc.usage else spent


def summarize(article: str | Article, /, **options: Any) -> Briefing:  # noqa: ANN401
    """Summarise one article with a Summarizer configured by `options` and the environment.

    For more than one article, create a `Summarizer` once and reuse it.
    """
    with Summarizer(**options) as summarizer:
        return summarizer.summarize(article)


# The public path in reprs and tracebacks (see summarizer.errors).
Summarizer.__module__ = summarize.__module__ = "summarizer"
