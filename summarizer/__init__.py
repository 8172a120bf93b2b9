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
    from summarizer.batch.ray_data import summarize_dataset
    from summarizer.engine.choice import EngineKind
    from summarizer.engine.contract import Engine
    from summarizer.engine.endpoint.retry import RetryPolicy
    from summarizer.engine.function import EngineRequest, FunctionEngine
    from summarizer.errors import (
        ArticleTooLongError,
        ConfigurationError,
        EmptyArticleError,
        EngineCrashedError,
        ExtractionError,
        GenerationStoppedError,
        InputError,
        NotTextError,
        OutputTruncatedError,
        PromptError,
        ProviderError,
        ReconcileInputError,
        RefusalError,
        SummarizerError,
    )
    from summarizer.link_judge import LinkJudge
    from summarizer.pipeline import Summarizer, summarize
    from summarizer.reconciliation.reconciler import reconcile
    from summarizer.reconciliation.report import ReconcileReport
    from summarizer.schema.article import Article
    from summarizer.schema.briefing import (
        SCHEMA_VERSION,
        Attribution,
        Briefing,
        CiteLabels,
        EndpointKind,
        Epistemic,
        Event,
        Evidence,
        Figure,
        Grounding,
        GroundingPolicy,
        GroundingStatus,
        ItemLimits,
        OutputMode,
        Provenance,
        Qualifier,
        QuoteType,
        Strategy,
        Usage,
    )
    from summarizer.schema.pricing import PRICES, Price
    from summarizer.schema.records import Failure, Result


# A library is quiet unless the application configures logging (the logging HOWTO's advice).
logging.getLogger("summarizer").addHandler(logging.NullHandler())

# The names load on first use (PEP 562) so that `summarizer --help`, `summarizer show` and an
# `import summarizer` pay for openai, instructor and pydantic only when a briefing is made:
# importing them all took 1.8 s, on every command.
_EXPORTS: Final[dict[str, str]] = {
    "Article": "summarizer.schema.article",
    "ArticleTooLongError": "summarizer.errors",
    "ConfigurationError": "summarizer.errors",
    "EmptyArticleError": "summarizer.errors",
    "ExtractionError": "summarizer.errors",
    "GenerationStoppedError": "summarizer.errors",
    "EngineCrashedError": "summarizer.errors",
    "ReconcileInputError": "summarizer.errors",
    "InputError": "summarizer.errors",
    "NotTextError": "summarizer.errors",
    "OutputTruncatedError": "summarizer.errors",
    "PromptError": "summarizer.errors",
    "ProviderError": "summarizer.errors",
    "RefusalError": "summarizer.errors",
    "SummarizerError": "summarizer.errors",
    "PRICES": "summarizer.schema.pricing",
    "Price": "summarizer.schema.pricing",
    "RetryPolicy": "summarizer.engine.endpoint.retry",
    "Attribution": "summarizer.schema.briefing",
    "Briefing": "summarizer.schema.briefing",
    "Event": "summarizer.schema.briefing",
    "Evidence": "summarizer.schema.briefing",
    "Figure": "summarizer.schema.briefing",
    "Grounding": "summarizer.schema.briefing",
    "ItemLimits": "summarizer.schema.briefing",
    "Provenance": "summarizer.schema.briefing",
    "SCHEMA_VERSION": "summarizer.schema.briefing",
    "Usage": "summarizer.schema.briefing",
    "CiteLabels": "summarizer.schema.briefing",
    "EndpointKind": "summarizer.schema.briefing",
    "Epistemic": "summarizer.schema.briefing",
    "GroundingPolicy": "summarizer.schema.briefing",
    "GroundingStatus": "summarizer.schema.briefing",
    "OutputMode": "summarizer.schema.briefing",
    "Qualifier": "summarizer.schema.briefing",
    "QuoteType": "summarizer.schema.briefing",
    "Strategy": "summarizer.schema.briefing",
    "Failure": "summarizer.schema.records",
    "Result": "summarizer.schema.records",
    "EngineKind": "summarizer.engine.choice",
    "Engine": "summarizer.engine.contract",
    "EngineRequest": "summarizer.engine.function",
    "FunctionEngine": "summarizer.engine.function",
    "reconcile": "summarizer.reconciliation.reconciler",
    "LinkJudge": "summarizer.link_judge",
    "summarize_dataset": "summarizer.batch.ray_data",
    "ReconcileReport": "summarizer.reconciliation.report",
    "Summarizer": "summarizer.pipeline",
    "summarize": "summarizer.pipeline",
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
    "CiteLabels",
    "ConfigurationError",
    "EmptyArticleError",
    "EndpointKind",
    "Engine",
    "EngineCrashedError",
    "EngineKind",
    "EngineRequest",
    "Epistemic",
    "Event",
    "Evidence",
    "ExtractionError",
    "Failure",
    "Figure",
    "FunctionEngine",
    "GenerationStoppedError",
    "Grounding",
    "GroundingPolicy",
    "GroundingStatus",
    "InputError",
    "ItemLimits",
    "LinkJudge",
    "NotTextError",
    "OutputMode",
    "OutputTruncatedError",
    "Price",
    "PromptError",
    "Provenance",
    "ProviderError",
    "Qualifier",
    "QuoteType",
    "ReconcileInputError",
    "ReconcileReport",
    "RefusalError",
    "Result",
    "RetryPolicy",
    "Strategy",
    "Summarizer",
    "SummarizerError",
    "Usage",
    "reconcile",
    "summarize",
    "summarize_dataset",
]
