"""The public entry points: `Summarizer` (reusable, configured once) and `summarize` (one call)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Self

import openai

from summarizer._alignment import DEFAULT_FUZZY_THRESHOLD
from summarizer._article import Article, as_article, check_article
from summarizer._assemble import PartResult, assemble
from summarizer._chunking import Part, estimate_tokens, split_article
from summarizer._client import Clients
from summarizer._config import Settings, resolve_settings
from summarizer._errors import (
    ArticleTooLongError,
    ConfigurationError,
    ExtractionError,
    ProviderError,
    SummarizerError,
)
from summarizer._grounding import GroundingScope
from summarizer._llm import CallPlan, aextract, extract
from summarizer._pricing import Price, price_for
from summarizer._prompts import PromptSet
from summarizer._retry import RetryPolicy
from summarizer._schema import Briefing, EndpointKind, GroundingPolicy, OutputMode, Usage


@dataclass(frozen=True)
class _Job:
    """One article, checked and split, with the messages for each part."""

    article: Article
    parts: list[Part]
    messages: list[list[dict[str, str]]]
    plan: CallPlan


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
    ) -> None:
        """Configure once; nothing is sent until the first article."""
        timeout_s = timeout
        self._clients = Clients(
            client=client,
            async_client=async_client,
            base_url=base_url,
            api_key=api_key,
            timeout=timeout_s if timeout_s is not None else 120.0,
        )
        self.settings: Settings = resolve_settings(
            model=model,
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
        )
        self._prompts = PromptSet(prompts_dir)
        self._price = price or price_for(self.settings.model)
        self._threshold = fuzzy_threshold
        self._retry = retry_policy or RetryPolicy(max_retries=self.settings.max_retries)

    def close(self) -> None:
        """Close the HTTP connections (also done by `with Summarizer(...) as s:`)."""
        self._clients.close()

    async def aclose(self) -> None:
        """Close the HTTP connections (also done by `async with Summarizer(...) as s:`)."""
        await self._clients.aclose()

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

    def summarize(self, article: str | Article, /) -> Briefing:
        """Summarise one article (a str or an Article) into a validated, grounded Briefing."""
        if not self._clients.can_sync:
            return self._run_async_from_sync(article)
        job = self._prepare(article)
        client = self._clients.sync()
        results: list[PartResult] = []
        for index, part in enumerate(job.parts):
            scope = self._scope(job, part)
            try:
                draft, usage = extract(client, job.messages[index], job.plan, scope)
            except SummarizerError as exc:
                _add_spent(exc, results)
                raise
            results.append(PartResult(part, draft, usage))
        return self._assemble(job, results)

    async def asummarize(self, article: str | Article, /) -> Briefing:
        """Async twin of `summarize`."""
        if not self._clients.can_async:
            return await asyncio.to_thread(self.summarize, article)
        job = self._prepare(article)
        client = self._clients.async_()
        results: list[PartResult] = []
        for index, part in enumerate(job.parts):
            scope = self._scope(job, part)
            try:
                draft, usage = await aextract(client, job.messages[index], job.plan, scope)
            except SummarizerError as exc:
                _add_spent(exc, results)
                raise
            results.append(PartResult(part, draft, usage))
        return self._assemble(job, results)

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

    def _prepare(self, article: str | Article) -> _Job:
        checked = as_article(article)
        check_article(checked)
        parts = self._split(checked)
        messages = [
            self._prompts.briefing(
                text=part.text,
                title=checked.title,
                outlet=checked.outlet,
                published=checked.published,
                url=checked.url,
                part_number=number,
                part_count=len(parts),
            ).messages()
            for number, part in enumerate(parts, 1)
        ]
        plan = CallPlan(
            model=self.settings.model,
            mode=self.settings.mode,
            endpoint=self.settings.endpoint,
            max_output_tokens=self.settings.max_output_tokens,
            temperature=self.settings.temperature,
            max_reasks=self.settings.max_reasks,
            retry=self._retry,
            article_id=checked.resolved_id,
            secrets=self._clients.secrets,
        )
        return _Job(checked, parts, messages, plan)

    def _split(self, article: Article) -> list[Part]:
        budget = self.settings.max_input_tokens
        if estimate_tokens(article.text) <= budget:
            return [Part(0, len(article.text), article.text)]
        if not self.settings.split_long_articles:
            msg = (
                f"the text (~{estimate_tokens(article.text):,} tokens) exceeds the input budget of "
                f"{budget:,} tokens and splitting is disabled; allow split_long_articles or raise "
                "max_input_tokens"
            )
            raise ArticleTooLongError(msg, article_id=article.resolved_id)
        return split_article(article.text, budget)

    def _scope(self, job: _Job, part: Part) -> GroundingScope:
        return GroundingScope(
            text=job.article.text, window=(part.start, part.end), threshold=self._threshold
        )

    def _assemble(self, job: _Job, results: list[PartResult]) -> Briefing:
        return assemble(
            job.article,
            results,
            settings=self.settings,
            prompt_version=self._prompts.version,
            threshold=self._threshold,
            price=self._price,
        )


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
