"""Time the scorer: 1,000 article pairs (seed fixtures replicated) including the bootstrap.

Each copy gets its own text (a distinct last line), so no cache is shared between articles as it
would not be on a real fixture set. Predictions mix perfect briefings, planted errors (a dropped
event, a figure 10% off, swapped speakers, an invented quote) and failed articles.

Run: python benchmarks/eval_scoring_speed.py [articles]
"""

from __future__ import annotations

import copy
import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from summarizer.eval.reporting.report import score
from summarizer.eval.scoring.fixtures import Fixture, label, sha256
from summarizer.eval.scoring.match import ScoreSettings
from summarizer.eval.scoring.metrics import score_article
from summarizer.eval.scoring.stats import summarise
from summarizer.schema.briefing import SCHEMA_VERSION, Briefing, Grounding, Provenance, Usage
from summarizer.schema.records import Failure, Result

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT))

from tests.payloads import SEED_000_DRAFT, SEED_003_DRAFT  # noqa: E402

SEEDS = ROOT / "tests" / "data" / "seeds"
EXTRA = {
    "speaker": "Wael Abu Omar",
    "claim": "at least 335 foreign passport holders left Wednesday",
    "evidence": "according to Wael Abu Omar, a spokesman for the Palestinian Crossings Authority",
}


def base_fixtures() -> list[Fixture]:
    seed_003 = copy.deepcopy(SEED_003_DRAFT)
    seed_003["attributions"].append(EXTRA)
    drafts = [("000_89f57da07f91dd22", SEED_000_DRAFT), ("003_7ca092153d92ac16", seed_003)]
    return [
        label(
            {
                "article": {"id": stem, "text": (SEEDS / f"{stem}.txt").read_text("utf-8")},
                "gold": draft,
            }
        )
        for stem, draft in drafts
    ]


def copy_of(fixture: Fixture, n: int) -> Fixture:
    text = fixture.article.text + f"\n\n(copy {n})"
    article = fixture.article.model_copy(update={"id": f"article-{n:04d}", "text": text})
    return fixture.model_copy(update={"article": article, "text_sha256": sha256(text)})


def plant_error(fixture: Fixture, n: int) -> dict[str, list[Any]]:
    """The gold lists, with one planted error for most articles."""
    gold = fixture.gold
    events, figures, attributions = list(gold.events), list(gold.figures), list(gold.attributions)
    kind = n % 6
    if kind == 1:
        events = events[1:]
    elif kind == 2:
        figures[0] = figures[0].model_copy(update={"value": figures[0].value * 1.1})
    elif kind == 3 and len(attributions) > 1:
        first, second = attributions[0], attributions[1]
        attributions[0] = first.model_copy(update={"speaker": second.speaker})
        attributions[1] = second.model_copy(update={"speaker": first.speaker})
    elif kind == 4:
        attributions[-1] = attributions[-1].model_copy(
            update={"quote_type": "direct", "quote": "words the article never printed"}
        )
    return {"events": events, "figures": figures, "attributions": attributions}


def predict(fixture: Fixture, n: int) -> Result:
    if n % 12 == 5:
        failure = Failure(kind="ProviderError", message="endpoint down")
        return Result(id=fixture.id, status="error", error=failure)
    provenance = Provenance(
        article_id=fixture.id,
        text_sha256=fixture.text_sha256,
        prompt_version="bench",
        schema_version=SCHEMA_VERSION,
        library_version="0.1.0",
        model="bench",
        endpoint="openai",
        mode="tools",
        grounding_policy="lenient",
        created_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
        usage=Usage(),
        cost_usd=0.0004,
    )
    briefing = Briefing(
        headline=fixture.gold.headline,
        summary=fixture.gold.summary,
        summary_grounding=Grounding(status="verified"),
        provenance=provenance,
        **plant_error(fixture, n),
    )
    return Result(id=fixture.id, status="ok", briefing=briefing, elapsed_s=3.0)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    bases = base_fixtures()
    fixtures = [copy_of(bases[n % 2], n) for n in range(size)]
    predictions = {f.id: predict(f, n) for n, f in enumerate(fixtures)}
    settings = ScoreSettings()

    started = time.perf_counter()
    results = score(fixtures, predictions, {"predictor": "bench"}, settings)
    total = time.perf_counter() - started

    articles = [score_article(f, predictions.get(f.id), settings)[0] for f in fixtures[:50]]
    articles = (articles * (size // 50 + 1))[:size]
    started = time.perf_counter()
    summarise(articles, settings)
    bootstrap = time.perf_counter() - started

    f1 = results.metrics["overall.f1_strict"]
    print(f"articles:            {size}")
    print(f"score() total:       {total:6.2f} s  ({size / total:,.0f} articles/s)")
    print(f"bootstrap alone:     {bootstrap:6.2f} s  ({settings.bootstrap_samples} resamples)")
    print(f"overall.f1_strict:   {f1.value:.3f}  CI [{f1.ci_low:.3f}, {f1.ci_high:.3f}]")
    print(f"detectable:          {results.detectable_f1_points:.1f} F1 points")
    print("target:              score() under 10 s for 1,000 articles")


if __name__ == "__main__":
    main()
