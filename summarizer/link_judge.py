"""An optional LLM judge for the pairs reconcile's rules leave borderline, through a Summarizer.

```python
from summarizer import LinkJudge, Summarizer, reconcile

with Summarizer(engine="local") as summarizer, LinkJudge(summarizer) as judge:
    report = reconcile(results, judge=judge)
```

Only pairs the rules call `borderline` reach it (similar measures, no scope difference, values
close enough): it can link or separate those, never a pair the rules decided. The judge sees the
two figures (number, unit, measure, source and the article's own words), all between the
untrusted-data markers, and answers whether they are one quantity. Answers are cached by the
figures' words, model, endpoint and the judge's prompt version, so a re-run asks nothing twice. A
question that fails (the endpoint down, answers that stay invalid, a crashed local worker) is
logged and counted, and the rules' call stands: the judge cannot break a report.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field

from summarizer.engine.endpoint.judgement import ask
from summarizer.errors import ConfigurationError, SummarizerError
from summarizer.pipeline import Summarizer
from summarizer.prompt.render import PromptSet
from summarizer.reconciliation.report import JudgeUse, Report
from summarizer.store.judgement_cache import JudgementCache, judgement_key

log = logging.getLogger("summarizer")


class JudgeAnswer(BaseModel):
    """What the judge answers about one pair."""

    model_config = ConfigDict(extra="ignore")

    same_quantity: bool
    reason: str = Field(default="", max_length=400)


def _fields(report: Report) -> dict[str, str | None]:
    return {
        "number": report.number,
        "unit": report.unit,
        "measure": report.measure,
        "source": report.reported_by,
        "evidence": report.evidence.text,
    }


class LinkJudge:
    """Asks a model whether two borderline reports are one quantity; callable as `judge(a, b)`."""

    def __init__(
        self,
        summarizer: Summarizer,
        *,
        cache_dir: Path | Literal[False] | None = None,
        prompts_dir: Path | None = None,
    ) -> None:
        """Judge through `summarizer`'s engine and model, with its retry policy.

        Args:
            summarizer: Whose engine, model and retry policy to use.
            cache_dir: Where answers are cached (default: `judge/` in the Summarizer's cache
                folder; none when the Summarizer has no cache); False for no cache.
            prompts_dir: Another folder of templates (default: the bundled ones).
        """
        if not summarizer.chat_engine.can_sync:
            msg = "the reconcile judge needs an engine that can send synchronous requests"
            raise ConfigurationError(msg)
        self._summarizer = summarizer
        self._prompts = PromptSet(prompts_dir)
        if cache_dir is None:
            home = summarizer.cache_dir
            cache_dir = home / "judge" if home is not None else False
        self._cache = JudgementCache(cache_dir) if cache_dir is not False else None
        self.use = JudgeUse(model=summarizer.settings.model)

    def __call__(self, a: Report, b: Report) -> bool | None:
        """True: one quantity; False: two; None: no answer (the rules' call stands)."""
        settings = self._summarizer.settings
        # Order-free: (a, b) and (b, a) are one question, asked and cached once.
        first, second = sorted((_fields(a), _fields(b)), key=lambda f: sorted(f.items(), key=str))
        key = judgement_key(
            {
                "a": first,
                "b": second,
                "model": settings.model,
                "endpoint": settings.endpoint,
                "judge_version": self._prompts.judge_version,
            }
        )
        cached = self._cache.get(key) if self._cache is not None else None
        if cached is not None:
            self.use.cached += 1
            return self._count(JudgeAnswer.model_validate(cached))
        engine = self._summarizer.chat_engine
        try:
            answer, _ = ask(
                engine.sync(),
                self._prompts.link_judgement(first, second).messages(),
                JudgeAnswer,
                model=settings.model,
                endpoint=settings.endpoint,
                policy=self._summarizer.retry_policy,
                secrets=engine.secrets,
            )
        except SummarizerError as error:
            self.use.failed += 1
            log.warning("the reconcile judge could not answer (%s): the rules' call stands", error)
            return None
        self.use.asked += 1
        if self._cache is not None:
            self._cache.put(key, answer.model_dump())
        return self._count(answer)

    def _count(self, answer: JudgeAnswer) -> bool:
        if answer.same_quantity:
            self.use.confirmed += 1
        else:
            self.use.rejected += 1
        return answer.same_quantity

    def close(self) -> None:
        """Release the cache."""
        if self._cache is not None:
            self._cache.close()

    def __enter__(self) -> Self:
        """Use in a `with` block; the cache is released at its end."""
        return self

    def __exit__(self, *exc_info: object) -> None:
        """Release the cache."""
        self.close()
