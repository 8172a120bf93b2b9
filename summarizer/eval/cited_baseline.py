"""The no-LLM floor of the cite strategy: the same candidates, chosen by rule, with no labels.

It shows what the candidate machinery gives without a model, so the model's share is measured
apart from the library's: the lead's happenings as events, every number as a figure, every quoted
passage as a direct attribution and every reported speech the parse shows as an indirect one
(`summarizer.ground.rule_labels`: who did what read off the parse, the measure read off the
number's clause, the quote's speaker from its reporting verb, else the name nearest it); the
headline and summary are the lead sentences as they stand.
"""

from __future__ import annotations

from summarizer.find.candidates import find_candidates
from summarizer.ground.cite_drafts import CitedBriefingDraft
from summarizer.ground.rule_labels import (
    LEAD_EVENTS,
    rule_attributions,
    rule_events,
    rule_figures,
    rule_quotes,
)
from summarizer.schema.article import Article
from summarizer.schema.briefing import ItemLimits

CITED_BASELINE_NAME = "baseline-cite-candidates"
_MIN_EVENT = 40
_LIMITS = ItemLimits()


def cited_baseline_draft(article: Article) -> CitedBriefingDraft:
    """A cited draft chosen by rule from the article's candidates (found as the pipeline does)."""
    candidates = find_candidates(article.text)
    leads = [s for s in candidates.sentences if len(s.text) >= _MIN_EVENT]
    events = rule_events(candidates, LEAD_EVENTS)
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
            "attributions": rule_attributions(candidates, _LIMITS.attributions - len(quotes)),
        }
    )
