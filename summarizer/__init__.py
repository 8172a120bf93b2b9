"""summarizer: news articles in, structured and verifiable briefings out.

```python
from summarizer import summarize
briefing = summarize(open("article.txt").read())
```
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from summarizer._article import Article
    from summarizer._errors import (
        ArticleTooLongError,
        ConfigurationError,
        EmptyArticleError,
        ExtractionError,
        GenerationStoppedError,
        InputError,
        NotTextError,
        OutputTruncatedError,
        PromptError,
        ProviderError,
        RefusalError,
        SummarizerError,
    )
    from summarizer._pricing import PRICES, Price
    from summarizer._retry import RetryPolicy
    from summarizer._schema import (
        SCHEMA_VERSION,
        Attribution,
        Briefing,
        Event,
        Evidence,
        Figure,
        Grounding,
        ItemLimits,
        Provenance,
        Usage,
    )
    from summarizer._summarizer import Summarizer, summarize


# A library is quiet unless the application configures logging (the logging HOWTO's advice).
logging.getLogger("summarizer").addHandler(logging.NullHandler())

# The names load on first use (PEP 562) so that `summarizer --help`, `summarizer show` and an
# `import summarizer` pay for openai, instructor and pydantic only when a briefing is made:
# importing them all took 1.8 s, on every command.
_EXPORTS: Final[dict[str, str]] = {
    "Article": "summarizer._article",
    "ArticleTooLongError": "summarizer._errors",
    "ConfigurationError": "summarizer._errors",
    "EmptyArticleError": "summarizer._errors",
    "ExtractionError": "summarizer._errors",
    "GenerationStoppedError": "summarizer._errors",
    "InputError": "summarizer._errors",
    "NotTextError": "summarizer._errors",
    "OutputTruncatedError": "summarizer._errors",
    "PromptError": "summarizer._errors",
    "ProviderError": "summarizer._errors",
    "RefusalError": "summarizer._errors",
    "SummarizerError": "summarizer._errors",
    "PRICES": "summarizer._pricing",
    "Price": "summarizer._pricing",
    "RetryPolicy": "summarizer._retry",
    "Attribution": "summarizer._schema",
    "Briefing": "summarizer._schema",
    "Event": "summarizer._schema",
    "Evidence": "summarizer._schema",
    "Figure": "summarizer._schema",
    "Grounding": "summarizer._schema",
    "ItemLimits": "summarizer._schema",
    "Provenance": "summarizer._schema",
    "SCHEMA_VERSION": "summarizer._schema",
    "Usage": "summarizer._schema",
    "Summarizer": "summarizer._summarizer",
    "summarize": "summarizer._summarizer",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'summarizer' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "PRICES",
    "SCHEMA_VERSION",
    "Article",
    "ArticleTooLongError",
    "Attribution",
    "Briefing",
    "ConfigurationError",
    "EmptyArticleError",
    "Event",
    "Evidence",
    "ExtractionError",
    "Figure",
    "GenerationStoppedError",
    "Grounding",
    "InputError",
    "ItemLimits",
    "NotTextError",
    "OutputTruncatedError",
    "Price",
    "PromptError",
    "Provenance",
    "ProviderError",
    "RefusalError",
    "RetryPolicy",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "summarize",
]
