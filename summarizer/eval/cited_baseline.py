"""The no-LLM floor of the cite strategy: the same candidates, chosen by rule, with no labels.

It shows what the candidate machinery gives without a model, so the model's share is measured
apart from the library's: lead sentences as events, every number as a figure and every quoted
passage as a direct attribution (`summarizer.ground.rule_labels`: the measure read off the number's
clause, the speaker named nearest the quote). Events are the lead sentences as they stand: no rule
labels who did what.
"""

from __future__ import annotations

from summarizer.eval.scoring.fixtures import Fixture
from summarizer.find.candidates import Candidates, find_candidates
from summarizer.ground.assemble import PartResult, assemble
from summarizer.ground.cite_drafts import CitedBriefingDraft
from summarizer.ground.rule_labels import rule_figures, rule_quotes
from summarizer.options import Settings
from summarizer.prompt.chunking import Part
from summarizer.schema.briefing import ItemLimits, Usage
from summarizer.schema.records import Result

CITED_BASELINE_NAME = "baseline-cite-candidates"
LEAD_EVENTS = 3
_MIN_EVENT = 40
_LABEL = 160
_LIMITS = ItemLimits()


def cited_baseline_draft(candidates: Candidates) -> CitedBriefingDraft:
    """A cited draft chosen by rule from `candidates`."""
    leads = [s for s in candidates.sentences if len(s.text) >= _MIN_EVENT]
    events = [{"sentences": [s.id], "action": s.text[:_LABEL]} for s in leads[:LEAD_EVENTS]]
    figures = rule_figures(candidates, _LIMITS.figures)
    quotes = rule_quotes(candidates, _LIMITS.attributions)
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
