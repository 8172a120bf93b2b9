"""The no-LLM floor of the cite strategy: the same candidates, chosen by rule, with no labels.

It shows what the candidate machinery gives without a model, so the model's share is measured
apart from the library's: lead sentences as events, every number as a figure (its clause as the
measure), every quoted passage as a direct attribution to the person or organisation named nearest
before it (else nearest after it). Nothing is labelled: actions and measures are the
article's own clauses.
"""

from __future__ import annotations

from typing import Any

from summarizer._assemble import PartResult, assemble
from summarizer._candidates import Candidates, NameCandidate, QuoteCandidate, find_candidates
from summarizer._chunking import Part
from summarizer._citations import clause_of
from summarizer._cite_drafts import CitedBriefingDraft
from summarizer._config import Settings
from summarizer._eval.fixtures import Fixture
from summarizer._records import Result
from summarizer._schema import ItemLimits, Usage

CITED_BASELINE_NAME = "baseline-cite-candidates"
LEAD_EVENTS = 3
_MIN_EVENT = 40
_LABEL = 160
_LIMITS = ItemLimits()


def _nearest_speaker(quote: QuoteCandidate, names: tuple[NameCandidate, ...]) -> str | None:
    """The person or organisation mentioned closest to a quote, before it, else after it."""
    speakers = [n for n in names if n.kind in {"person", "organisation"}]
    before = [(end, n.id) for n in speakers for start, end in n.mentions if end <= quote.start]
    after = [(start, n.id) for n in speakers for start, _ in n.mentions if start >= quote.end]
    if before:
        return max(before)[1]
    return min(after)[1] if after else None


def cited_baseline_draft(candidates: Candidates) -> CitedBriefingDraft:
    """A cited draft chosen by rule from `candidates`."""
    leads = [s for s in candidates.sentences if len(s.text) >= _MIN_EVENT]
    events = [{"sentences": [s.id], "action": s.text[:_LABEL]} for s in leads[:LEAD_EVENTS]]
    figures = [
        {
            "number": n.id,
            "measure": clause_of(candidates, n).text[:_LABEL],
            "unit": n.unit_guess,
        }
        for n in candidates.numbers[: _LIMITS.figures]
    ]
    quotes: list[dict[str, Any]] = [
        {"quote": quote.id, "speaker": _nearest_speaker(quote, candidates.names)}
        for quote in candidates.quotes
    ]
    quotes = [q for q in quotes if q["speaker"] is not None][: _LIMITS.attributions]
    lead = leads[0].text if leads else candidates.text.strip()[:200]
    return CitedBriefingDraft.model_validate(
        {
            "headline": lead[:240],
            "summary": " ".join(s.text for s in leads[:2])[:1500] or lead,
            "events": events,
            "figures": figures,
            "quotes": quotes,
            "attributions": [],
        }
    )


def predict_cited_baseline(fixture: Fixture, settings: Settings) -> Result:
    """This baseline's Result for one fixture article."""
    article = fixture.article.as_article()
    candidates = find_candidates(article.text)
    part = Part(0, len(article.text), article.text)
    draft = cited_baseline_draft(candidates)
    briefing = assemble(
        article,
        [PartResult(part, draft, Usage(), candidates=candidates)],
        settings=settings,
        prompt_version="none",
        threshold=90.0,
        price=None,
    )
    return Result(id=fixture.id, status="ok", source="baseline", briefing=briefing)
