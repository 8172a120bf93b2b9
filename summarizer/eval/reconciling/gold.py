"""The reconcile gold: which gold figures are one quantity, their verdicts, the near misses.

Fixtures live in `evals/reconcile/fixtures/<story>.json` (see `evals/reconcile/LABELLING.md`);
each reference names an article and the 0-based index of a figure in that article's gold
briefing (`evals/fixtures/<id>.json`). Gold briefings are turned into Briefings here, so the
linker can run on them exactly as on a model's output.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.errors import InputError
from summarizer.eval.scoring.fixtures import Fixture
from summarizer.ground.assemble import library_version
from summarizer.schema.briefing import SCHEMA_VERSION, Briefing, Grounding, Provenance, Usage

FigureRef = tuple[str, int]
"""(article id, 0-based index into that article's figures)."""
Verdict = Literal["agree", "update", "conflict", "different_scope"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GoldRef(_Model):
    """One gold figure, by article and index."""

    article: str
    figure: int
    number: str

    @property
    def key(self) -> FigureRef:
        """The (article, index) pair."""
        return (self.article, self.figure)


class GoldQuantity(_Model):
    """One quantity of a story's gold."""

    id: str
    measure: str
    unit: str | None = None
    reports: list[GoldRef] = Field(min_length=2)
    verdict: Verdict
    explanation: str


class GoldNearMiss(_Model):
    """A pair a linker must keep apart."""

    a: GoldRef
    b: GoldRef
    why: str


class GoldStory(_Model):
    """One reconcile fixture."""

    fixture_version: int
    story: str
    description: str
    articles: list[str]
    annotator: str
    quantities: list[GoldQuantity]
    near_misses: list[GoldNearMiss]


def load_gold_stories(directory: Path) -> list[GoldStory]:
    """Every story fixture in `directory`, sorted by story id."""
    paths = sorted(directory.glob("*.json"))
    if not paths:
        msg = f"no reconcile fixtures in {directory}"
        raise InputError(msg)
    stories = []
    for path in paths:
        try:
            stories.append(GoldStory.model_validate(json.loads(path.read_text("utf-8"))))
        except (ValueError, OSError) as error:
            msg = f"{path}: not a reconcile fixture ({error})"
            raise InputError(msg) from None
    return stories


def gold_briefing(fixture: Fixture) -> Briefing:
    """A fixture's gold briefing as a Briefing, so `reconcile` reads it like any other."""
    gold = fixture.gold
    return Briefing(
        headline=gold.headline,
        summary=gold.summary,
        summary_grounding=Grounding(status="verified"),
        events=gold.events,
        figures=gold.figures,
        attributions=gold.attributions,
        provenance=Provenance(
            article_id=fixture.id,
            text_sha256=fixture.text_sha256,
            prompt_version="gold",
            schema_version=SCHEMA_VERSION,
            library_version=library_version(),
            model="gold",
            endpoint="none",
            mode="json",
            grounding_policy="strict",
            created_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC),
            usage=Usage(),
        ),
    )
