"""An article and the checks that turn bad input into clear errors."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict

from summarizer.errors import ArticleTooLongError, EmptyArticleError, NotTextError

MAX_ARTICLE_CHARS = 200_000
"""Hard cap on article size. Longer texts are not news articles (and would cost many calls)."""

# Control characters other than tab/newline/carriage return are what binary data looks like.
_ALLOWED_CONTROL = {"\t", "\n", "\r", "\f"}
_MAX_CONTROL_SHARE = 0.01


class Article(BaseModel):
    """One news article. Only `text` is required."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    """The article text; offsets in the briefing refer to exactly this string."""
    id: str | None = None
    """A stable identifier; defaults to a prefix of the text's sha256."""
    title: str | None = None
    """The headline as published."""
    url: str | None = None
    """Where the article was published."""
    published: str | None = None
    """Publication date (ISO 8601), used to turn "on Thursday" into a date."""
    outlet: str | None = None
    """The publishing outlet."""

    @property
    def sha256(self) -> str:
        """sha256 of the text, the key offsets and caches refer to."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def resolved_id(self) -> str:
        """The given id, or one derived from the text."""
        return self.id or f"sha256:{self.sha256[:16]}"


def as_article(article: object) -> Article:
    """Accept a str or an Article; reject everything else with a clear error."""
    if isinstance(article, Article):
        return article
    if isinstance(article, str):
        return Article(text=article)
    kind = type(article).__name__
    hint = " (decode bytes first, e.g. data.decode('utf-8'))" if isinstance(article, bytes) else ""
    msg = f"an article must be a str or summarizer.Article, not {kind}{hint}"
    raise NotTextError(msg)


def check_article(article: Article) -> None:
    """Raise an InputError subclass naming the article when its text is unusable."""
    text, article_id = article.text, article.resolved_id
    if not text.strip():
        what = "empty" if not text else "whitespace only"
        msg = f"the text is {what}: there is nothing to summarise"
        raise EmptyArticleError(msg, article_id=article_id)
    if len(text) > MAX_ARTICLE_CHARS:
        msg = (
            f"the text has {len(text):,} characters, more than the {MAX_ARTICLE_CHARS:,} "
            "a news article can have here"
        )
        raise ArticleTooLongError(msg, article_id=article_id)
    control = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROL)
    if "\x00" in text or control > _MAX_CONTROL_SHARE * len(text):
        msg = "the text contains binary data (NUL or control characters), not prose"
        raise NotTextError(msg, article_id=article_id)
