"""What `reconcile` returns: stories, the quantities inside them, and every report of each.

A **report** is one figure of one briefing, with what reconciling needs beside it (the article's
date, the resolved as-of date, where its evidence is). A **quantity** is one thing measured, as
two or more reports give it, with a verdict a reader can check against the reports. A **near
miss** is a pair that looked like one quantity but differs in scope: it is shown, never merged.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer.schema.briefing import Evidence, Qualifier

REPORT_VERSION = "1"
Verdict = Literal["agree", "update", "conflict", "different_scope"]
LinkedBy = Literal["rules", "judge"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Report(_Model):
    """One figure as one article reports it."""

    article_id: str
    figure: int
    """The figure's 0-based position in its briefing's `figures`."""
    number: str
    """The number as the article writes it ("over 8,800")."""
    value: float
    value_max: float | None = None
    qualifier: Qualifier
    unit: str | None = None
    measure: str
    reported_by: str | None = None
    as_of: dt.date | None = None
    """The date the figure holds for, when the text makes it certain (else None)."""
    as_of_text: str | None = None
    """The words the as-of date was read from ("on Thursday"), or None."""
    published: dt.date | None = None
    """The article's publication date, when known."""
    evidence: Evidence


class Quantity(_Model):
    """One thing measured, as two or more reports give it."""

    id: str
    measure: str
    unit: str | None = None
    verdict: Verdict
    explanation: str
    """One sentence a reader can check against the reports."""
    reports: list[Report] = Field(min_length=2)
    linked_by: LinkedBy = "rules"
    """"judge" when an LLM judge confirmed a borderline link inside this quantity."""


class NearMiss(_Model):
    """Two reports that look like one quantity but measure different things."""

    a: Report
    b: Report
    verdict: Literal["different_scope"] = "different_scope"
    why: str
    """Starts "different scope:" and names the difference."""


class StoryArticle(_Model):
    """One article of a story."""

    id: str
    title: str | None = None
    published: dt.date | None = None
    outlet: str | None = None
    figures: int


class Story(_Model):
    """Articles about one event or development, and what their figures say together."""

    id: str
    title: str
    articles: list[StoryArticle]
    shared: list[str] = Field(default_factory=list)
    """The names and measures the articles share (why they are one story); empty for one article."""
    quantities: list[Quantity] = Field(default_factory=list)
    near_misses: list[NearMiss] = Field(default_factory=list)


class Skipped(_Model):
    """An input line that could not be reconciled, and why (errors are listed, never dropped)."""

    id: str
    reason: str


class JudgeUse(_Model):
    """What the optional LLM judge did."""

    model: str
    asked: int = 0
    cached: int = 0
    confirmed: int = 0
    rejected: int = 0
    failed: int = 0


class ReconcileReport(_Model):
    """Every story of a set of briefings."""

    report_version: str = REPORT_VERSION
    stories: list[Story]
    skipped: list[Skipped] = Field(default_factory=list)
    judge: JudgeUse | None = None

    @property
    def quantities(self) -> list[Quantity]:
        """Every quantity of every story."""
        return [q for story in self.stories for q in story.quantities]
