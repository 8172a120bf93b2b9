"""summarizer: news articles in, structured and verifiable briefings out.

```python
from summarizer import summarize
briefing = summarize(open("article.txt").read())
```
"""

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
