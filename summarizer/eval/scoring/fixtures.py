"""Hand-labelled fixtures: an article, its gold briefing in the production schema, and scoring aids.

A fixture file (`evals/fixtures/<id>.json`) is written by hand as a *draft*: items with the
article's words as evidence, exactly like the model's output. `label()` turns it into a fixture:
offsets, normalised values and grounding are computed by the library's own grounding, and every
gold item must be verified on the exact text, or labelling fails with the reasons.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer.errors import ConfigurationError, InputError
from summarizer.ground.grounding import GroundingScope
from summarizer.ground.quote_drafts import BriefingDraft, ground_draft
from summarizer.schema.article import Article
from summarizer.schema.briefing import Attribution, Event, Figure

FIXTURE_VERSION = 1
ItemKind = str  # "events" | "figures" | "attributions"


class FixtureArticle(BaseModel):
    """The article as labelled, with its credit."""

    model_config = ConfigDict(extra="forbid")

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    outlet: str | None = None
    credit: str | None = None
    """Licence and attribution of the text (e.g. Wikinews, CC BY 2.5, with the url)."""

    def as_article(self) -> Article:
        """The library's Article for this text."""
        return Article(
            id=self.id,
            text=self.text,
            title=self.title,
            url=self.url,
            published=self.published,
            outlet=self.outlet,
        )


class GoldBriefing(BaseModel):
    """The gold briefing: the production Briefing's content, without provenance."""

    model_config = ConfigDict(extra="forbid")

    headline: str
    summary: str
    events: list[Event]
    figures: list[Figure]
    attributions: list[Attribution]


class Fixture(BaseModel):
    """One hand-labelled article."""

    model_config = ConfigDict(extra="forbid")

    fixture_version: int = FIXTURE_VERSION
    article: FixtureArticle
    text_sha256: str
    annotator: str
    notes: str = ""
    gold: GoldBriefing
    optional: dict[str, list[int]] = Field(default_factory=dict)
    """Per list, indices of gold items a prediction may miss without penalty."""
    aliases: dict[str, list[str]] = Field(default_factory=dict)
    """Other names the article uses for a gold speaker ("al-Qudra", "the spokesperson")."""
    alternatives: dict[str, dict[str, list[dict[str, Any]]]] = Field(default_factory=dict)
    """Per list and gold index, field values also accepted (e.g. a figure's value 9000 for "more
    than 9,000" read as a lower bound)."""

    @property
    def id(self) -> str:
        """The article id."""
        return self.article.id

    def is_optional(self, kind: ItemKind, index: int) -> bool:
        """Whether gold item `index` of list `kind` may be missed without penalty."""
        return index in self.optional.get(kind, [])


class LabellingError(InputError):
    """A hand-written fixture does not ground: some gold evidence is not verbatim in the text."""


def sha256(text: str) -> str:
    """sha256 of the article text, as stored in the fixture."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def label(raw: dict[str, Any]) -> Fixture:
    """Compute offsets, values and grounding for a hand-written fixture; refuse unverified gold."""
    article = FixtureArticle.model_validate(raw["article"])
    gold_raw = raw["gold"]
    draft = BriefingDraft.model_validate(
        {k: _draft_items(gold_raw, k) for k in ("events", "figures", "attributions")}
        | {"headline": gold_raw["headline"], "summary": gold_raw["summary"]}
    )
    grounded = ground_draft(draft, GroundingScope(text=article.text))
    problems = grounded.problems()
    kinds: list[tuple[str, Sequence[Event | Figure | Attribution]]] = [
        ("event", grounded.events),
        ("figure", grounded.figures),
        ("attribution", grounded.attributions),
    ]
    loose = [
        f"{kind} {n}: matched {item.evidence.match}, not exactly"
        for kind, items in kinds
        for n, item in enumerate(items, 1)
        if item.grounding.status != "verified"
    ]
    if problems or loose:
        msg = "gold does not ground on the exact text:\n- " + "\n- ".join(problems + loose)
        raise LabellingError(msg, article_id=article.id)
    gold = GoldBriefing(
        headline=draft.headline,
        summary=draft.summary,
        events=grounded.events,
        figures=grounded.figures,
        attributions=grounded.attributions,
    )
    extras = {k: raw[k] for k in ("optional", "aliases", "alternatives", "notes") if k in raw}
    return Fixture(
        article=article,
        text_sha256=sha256(article.text),
        annotator=raw.get("annotator", "unknown"),
        gold=gold,
        **extras,
    )


_COMPUTED = {"evidence", "grounding", "value", "value_max", "quote_span"}


def _draft_items(gold: dict[str, Any], kind: ItemKind) -> list[dict[str, Any]]:
    """Items as drafts: computed fields dropped, evidence reduced to its text."""
    items = []
    for item in gold.get(kind, []):
        evidence = item["evidence"]
        text = evidence["text"] if isinstance(evidence, dict) else evidence
        items.append({k: v for k, v in item.items() if k not in _COMPUTED} | {"evidence": text})
    return items


def load_fixture(path: Path) -> Fixture:
    """Read and validate one fixture; its text hash must match."""
    fixture = Fixture.model_validate_json(path.read_text("utf-8"))
    if sha256(fixture.article.text) != fixture.text_sha256:
        msg = f"{path}: the article text changed since it was labelled (sha256 mismatch)"
        raise LabellingError(msg, article_id=fixture.id)
    return fixture


def load_fixtures(directory: Path) -> list[Fixture]:
    """Every fixture of a folder, sorted by id.

    Raises:
        ConfigurationError: The folder does not exist or holds no fixture (scoring against
            nothing would print a table of n/a and a failed gate instead of the cause).
    """
    if not directory.is_dir():
        msg = (
            f"fixtures folder {directory} does not exist: run from the project's root (the "
            "default is evals/fixtures) or pass --fixtures FOLDER"
        )
        raise ConfigurationError(msg)
    paths = sorted(directory.glob("*.json"))
    if not paths:
        msg = f"fixtures folder {directory} holds no fixture (*.json): pass --fixtures FOLDER"
        raise ConfigurationError(msg)
    return sorted((load_fixture(p) for p in paths), key=lambda f: f.id)


def write_fixture(fixture: Fixture, path: Path) -> None:
    """Write a fixture as stable, reviewable JSON."""
    data = fixture.model_dump(mode="json", exclude_defaults=False)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
