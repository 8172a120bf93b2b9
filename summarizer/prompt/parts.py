"""An article as the model sees it: split to the budget, its candidates, each part's messages."""

from __future__ import annotations

from typing import TypedDict

from summarizer.errors import ArticleTooLongError
from summarizer.find.candidates import Candidates, find_candidates
from summarizer.options import Settings
from summarizer.prompt.chunking import Part, estimate_tokens, split_article
from summarizer.prompt.render import PromptSet
from summarizer.schema.article import Article


def split_to_budget(
    article: Article, *, max_input_tokens: int, split_long_articles: bool
) -> list[Part]:
    """The whole article as one part when it fits the budget, else parts at sentence ends.

    Raises:
        ArticleTooLongError: It does not fit and splitting is off.
    """
    if estimate_tokens(article.text) <= max_input_tokens:
        return [Part(0, len(article.text), article.text)]
    if not split_long_articles:
        msg = (
            f"the text (~{estimate_tokens(article.text):,} tokens) exceeds the input budget of "
            f"{max_input_tokens:,} tokens and splitting is disabled; allow split_long_articles or "
            "raise max_input_tokens"
        )
        raise ArticleTooLongError(msg, article_id=article.resolved_id)
    return split_article(article.text, max_input_tokens)


def candidates_per_part(
    article: Article, parts: list[Part], *, cite: bool, found: Candidates | None = None
) -> list[Candidates | None]:
    """Under the cite strategy, each part's candidates (found once, on the whole text).

    `found`: the whole text's candidates when they were found elsewhere (a batch's workers).
    """
    if not cite:
        return [None] * len(parts)
    if found is None or found.text != article.text:
        found = find_candidates(article.text)
    return [found.within(part.start, part.end) for part in parts]


def part_messages(
    prompts: PromptSet,
    article: Article,
    part: Part,
    position: tuple[int, int],
    found: Candidates | None,
    *,
    settings: Settings,
) -> list[dict[str, str]]:
    """The chat messages for part `position[0]` of `position[1]`: cited when it has candidates."""
    number, count = position
    header = _Header(
        title=article.title,
        outlet=article.outlet,
        published=article.published,
        part_number=number,
        part_count=count,
    )
    if found is not None:
        return prompts.cited_briefing(
            candidates=found, limits=settings.model_limits, labels=settings.cite_labels, **header
        ).messages()
    return prompts.briefing(
        text=part.text, url=article.url, limits=settings.max_items, **header
    ).messages()


class _Header(TypedDict):
    """What both templates say of the article and the part, besides its text."""

    title: str | None
    outlet: str | None
    published: str | None
    part_number: int
    part_count: int
