"""Events, figures and quotes labelled by rule from the candidates, with no model.

Under `cite_labels="rules"` these replace what the model would write for them, and the no-LLM
cite baseline uses them too; the model writes the headline and summary. On the embedded 1.5B
model the eval measured the rules as better labellers than the model (26 fixtures, the model
labelling everything: figure measure accuracy 0.16, speaker accuracy 0.24; the rules then: 0.35
and 0.39, and with `summarizer.find.measures` and `summarizer.find.speakers` 0.39 and 0.63). Events
followed on 2026-12-07: the model's own events scored lenient F1 0.33 (strict 0.17); the lead's
sentences read by the parse (`summarizer.find.events`) scored 0.43 (0.24) on the same fixtures
(0.49 with five and states left out, on the 28 now; 0.57 with actors named and words left out),
and the model no longer spends its output tokens on them (`python benchmarks/event_guess.py`).
"""

from __future__ import annotations

from typing import Any

from summarizer.find.candidates import Candidates, NumberCandidate
from summarizer.find.quantities import Quantity, find_quantities, values_match
from summarizer.ground.citations import clause_of, without_number
from summarizer.ground.cite_drafts import CitedBriefingDraft, heading_lines
from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.schema.briefing import ItemLimits

Draft = BriefingDraft | CitedBriefingDraft

_LABEL = 160
"""A label's characters: the measure is a label, never a paragraph."""
_CLAIM = 400
"""A cited attribution's claim, at most (the draft's own limit)."""
MIN_EVENTS = 3
"""Events an article of `COVERED` sentences or more gets at least (issue 31: 3-5)."""
COVERED = 8
LEAD_EVENTS = 5
"""Events from the lead, as many as issue 31 asks of an article of eight sentences or more: on
the 28 fixtures three, four and five scored lenient F1 0.597, 0.613 and 0.605 (strict 0.409,
0.414, 0.388), the same within the eval's noise (`python benchmarks/event_guess.py`); five
covers the most of an article."""


def rule_figures(candidates: Candidates, limit: int) -> list[dict[str, Any]]:
    """Cited figures for the first `limit` numbers: measure from the parse, else the clause.

    A number of the title that the body reports again is left to the body, which says what it
    measures ("US stocks see 9% drop" above "the DJIA ... a drop of 9%"): the cap's places go
    to figures, not to their headlines.
    """
    headings = heading_lines(candidates)
    heading = {s.id for s in headings}
    # Every amount the body writes, one it restates in brackets too ("$57 million (US$78
    # million)" under the title "Ford offers US$78 million"), which is no figure of its own.
    body_start = headings[-1].end if headings else 0
    body = find_quantities(candidates.text[body_start:])
    numbers = [
        n
        for n in candidates.numbers
        if n.sentence not in heading or not any(_same_amount(n.quantity, b) for b in body)
    ]
    figures = []
    for number in _most_telling(numbers, candidates, limit):
        clause = clause_of(candidates, number).text
        measure = number.measure_guess or without_number(clause, number)
        figures.append(
            {
                "number": number.id,
                "measure": measure[:_LABEL],
                "unit": number.unit_guess,
                "reported_by": number.reporter_guess,
            }
        )
    return figures


def _most_telling(
    numbers: list[NumberCandidate], candidates: Candidates, limit: int
) -> list[NumberCandidate]:
    """The `limit` numbers a reader needs most, in the article's order.

    Over the cap, a number inside someone's quoted words goes first, the last first ("We were
    about three words away from a deal"): the quote is an attribution of its own, and the cap's
    places go to the figures the article reports (the market figures at the end of a vote's
    story), not to the speaker's turn of phrase.
    """
    spoken = [
        (q.start, q.end)
        for q in candidates.quotes
        if q.speaker_guess is not None or q.speaker_description is not None
    ]
    over = len(numbers) - limit
    dropped: set[str] = set()
    for number in reversed(numbers):
        if len(dropped) >= over:
            break
        if any(start <= number.quantity.start < end for start, end in spoken):
            dropped.add(number.id)
    return [n for n in numbers if n.id not in dropped][:limit]


def _same_amount(one: Quantity, other: Quantity) -> bool:
    """Whether two numbers state the same amount ("twelve new jets" and "12 aircraft" alike)."""
    return values_match(one.value, other.value) and one.unit == other.unit


def rule_quotes(candidates: Candidates, limit: int) -> list[dict[str, Any]]:
    """Cited quotes, each given to its parsed speaker (`find.speakers`); speakerless ones left."""
    quotes = [
        {"quote": q.id, "speaker": q.speaker_guess, "speaker_name": q.speaker_description}
        for q in candidates.quotes
    ]
    return [q for q in quotes if q["speaker"] is not None or q["speaker_name"]][:limit]


def rule_attributions(candidates: Candidates, limit: int) -> list[dict[str, Any]]:
    """Reported speech (`find.speakers.reported_speech`) as cited attributions.

    The content's own words are the claim; a frame around a quote is left to the quote.
    """
    quoted = [(q.start, q.end) for q in candidates.quotes]
    attributions = []
    for report in candidates.reports:
        if report.own_act:
            continue  # "GM announced that it seeks ...": an event of the lead, not a claim
        if _mostly_quoted(report.start, report.end, quoted):
            continue  # '"We will fight," he said': the quote is the attribution
        claim = candidates.text[report.start : report.end]
        attributions.append(
            {
                "sentences": [candidates.sentences[report.sentence].id],
                "speaker": None if report.members else report.speaker,
                "speaker_name": report.members,
                "cue": report.cue,
                "claim": claim[:_CLAIM],
            }
        )
    return attributions[:limit]


def rule_events(candidates: Candidates, limit: int) -> list[dict[str, Any]]:
    """Cited events: the body's first sentences that report a happening, read off the parse.

    News puts what happened first (the inverted pyramid), so the lead's sentences are the key
    events; a title or dateline restates them, a sentence that is mostly a quote is someone's
    words, one whose main verb is "be" or "have" a state, not a happening, and what may happen,
    history and words in quotation marks are no key events either (`summarizer.find.events`
    reads who did what, and which of these a reading is). An article of `COVERED` sentences or
    more still gets `MIN_EVENTS` (issue 31): when too few of its sentences report a happening,
    the first of its forecasts, history and states fill the list, in the article's order.
    """
    heading = len(heading_lines(candidates))
    quoted = [(q.start, q.end) for q in candidates.quotes]
    sentences = candidates.sentences
    readings = [
        r
        for r in candidates.events
        if r.sentence >= heading
        and not r.quoted
        and not _mostly_quoted(sentences[r.sentence].start, sentences[r.sentence].end, quoted)
    ]
    chosen = [r for r in readings if not (r.state or r.speculative or r.background)][:limit]
    wanted = min(limit, MIN_EVENTS) if len(sentences) >= COVERED else 0
    if len(chosen) < wanted:
        chosen += [r for r in readings if r not in chosen][: wanted - len(chosen)]
        chosen.sort(key=lambda r: r.sentence)
    return [
        {
            "sentences": [sentences[reading.sentence].id],
            "actor": reading.actor,
            "action": reading.action,
            "object": reading.object,
            "location": reading.location,
            "time_text": reading.time_text,
            "epistemic": "claimed" if reading.source else "asserted",
            "source": reading.source,
        }
        for reading in chosen
    ]


def _mostly_quoted(start: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether more than half of `text[start:end]` lies between quotation marks."""
    inside = sum(max(0, min(e, end) - max(s, start)) for s, e in quoted)
    return inside * 2 > end - start


def with_rule_labels(draft: Draft, candidates: Candidates | None, limits: ItemLimits) -> Draft:
    """A cited draft with its events, figures and quotes made by rule (other drafts as they are).

    The model's draft keeps its headline and summary.
    """
    if not isinstance(draft, CitedBriefingDraft) or candidates is None:
        return draft
    quotes = rule_quotes(candidates, limits.attributions)
    labelled = {
        "events": rule_events(candidates, min(limits.events, LEAD_EVENTS)),
        "figures": rule_figures(candidates, limits.figures),
        "quotes": quotes,
        "attributions": rule_attributions(candidates, limits.attributions - len(quotes)),
    }
    return CitedBriefingDraft.model_validate({**draft.model_dump(), **labelled})
