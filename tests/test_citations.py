"""From ids to grounded items: evidence exact by construction, the parser's value and hedge."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer.engine.decoder_schema import SUMMARY_PATTERN
from summarizer.find.candidates import Candidates, find_candidates
from summarizer.ground.citations import clause_of, resolve_draft, without_number
from summarizer.ground.cite_drafts import (
    CitedBriefingDraft,
    cite_decoder_schema,
    cite_schema,
    heading_lines,
)
from summarizer.ground.grounding import GroundingScope, grounding_scope
from summarizer.schema.briefing import Attribution, Event, Figure, ItemLimits

TEXT = (
    "Dr. Ashraf al-Qudra, a ministry spokesperson, said more than 9,000 people have been killed. "
    '"We are facing a humanitarian catastrophe," al-Qudra said on Thursday. '
    "Troops advanced toward Gaza City; the army said 30 soldiers had died since the start. "
    "Jordan recalled its ambassador."
)


@pytest.fixture(scope="module")
def found() -> Candidates:
    return find_candidates(TEXT)


def _draft(found: Candidates, **lists: Any) -> CitedBriefingDraft:
    return CitedBriefingDraft.model_validate(
        {"headline": "Toll rises.", "summary": "More than 9,000 died.", "events": [],
         "figures": [], "attributions": [], **lists}
    )  # fmt: skip


def test_every_evidence_is_the_articles_text_at_its_offsets(found: Candidates) -> None:
    toll = next(n for n in found.numbers if n.quantity.value == 9000)
    quote = found.quotes[0]
    qudra = next(n for n in found.names if "Qudra" in n.text)
    draft = _draft(
        found,
        events=[{"sentences": ["S4"], "actor": "Jordan", "action": "recalled its ambassador"}],
        figures=[{"number": toll.id, "measure": "people killed", "unit": None,
                  "reported_by": qudra.id, "as_of": None}],
        quotes=[{"quote": quote.id, "speaker": qudra.id, "cue": "said"}],
    )  # fmt: skip
    grounded = resolve_draft(draft, found)
    items: list[Event | Figure | Attribution] = [
        *grounded.events,
        *grounded.figures,
        *grounded.attributions,
    ]
    for item in items:
        evidence = item.evidence
        assert evidence.start is not None
        assert evidence.end is not None
        assert evidence.text == TEXT[evidence.start : evidence.end]
        assert evidence.match == "exact"
        assert item.grounding.status == "verified"
    (figure,) = grounded.figures
    assert (figure.number, figure.value, figure.qualifier) == ("more than 9,000", 9000, "more_than")
    assert figure.unit == "people"  # the parser's guess where the model gave none
    assert figure.reported_by == "Ashraf al-Qudra"
    (attribution,) = grounded.attributions
    assert attribution.quote_type == "direct"
    assert attribution.quote == "We are facing a humanitarian catastrophe,"
    assert attribution.claim == attribution.quote  # the quote's words say what was claimed
    assert attribution.speaker == "Ashraf al-Qudra"
    assert attribution.quote_span is not None
    assert attribution.quote_span.start is not None
    assert attribution.evidence.start is not None
    assert attribution.evidence.end is not None
    # The evidence is the sentence the quote stands in.
    assert attribution.evidence.text.startswith('"We are facing')
    assert attribution.evidence.start <= attribution.quote_span.start
    assert attribution.quote_span.end is not None
    assert attribution.quote_span.end <= attribution.evidence.end


def test_a_figures_evidence_is_narrowed_to_its_clause(found: Candidates) -> None:
    soldiers = next(n for n in found.numbers if n.quantity.value == 30)
    assert clause_of(found, soldiers).text == (
        "the army said 30 soldiers had died since the start."
    )


def test_free_text_is_still_checked(found: Candidates) -> None:
    draft = _draft(
        found,
        attributions=[
            {"sentences": ["S3"], "speaker_name": "General Nobody", "cue": "said",
             "claim": "soldiers died"},
            {"sentences": ["S1"], "speaker": found.names[0].id, "cue": "said",
             "claim": "12,345 people were killed"},
        ],
    )  # fmt: skip
    first, second = resolve_draft(draft, found).attributions
    assert first.grounding.status == "unverified"
    assert "not named in the article" in first.grounding.problems[0]
    assert second.grounding.status == "unverified"
    assert "12,345" in second.grounding.problems[0]


def test_declined_candidates_are_not_items(found: Candidates) -> None:
    scope = GroundingScope(text=TEXT, candidates=found)
    raw = {
        "headline": "h", "summary": "s.", "events": [], "attributions": [],
        "figures": [{"number": n.id, "measure": None} for n in found.numbers],
        "quotes": [{"quote": q.id, "speaker": None} for q in found.quotes],
    }  # fmt: skip
    with grounding_scope(scope):
        draft = CitedBriefingDraft.model_validate(raw)
    assert (draft.figures, draft.quotes, scope.malformed) == ([], [], 0)
    assert resolve_draft(draft, found).figures == []


def test_a_cited_sentence_that_does_not_hold_the_event_is_relocated(found: Candidates) -> None:
    event = {"sentences": ["S1"], "actor": "Jordan", "action": "recalled its ambassador"}
    (located,) = resolve_draft(_draft(found, events=[event]), found).events
    assert located.evidence.text == "Jordan recalled its ambassador."
    near = {"sentences": ["S3"], "actor": "Troops", "action": "advanced toward Gaza City"}
    (kept,) = resolve_draft(_draft(found, events=[near]), found).events
    assert kept.evidence.text.startswith("Troops advanced toward Gaza City;")


def test_an_event_is_never_relocated_to_the_title() -> None:
    article = find_candidates(
        "Apple unveils iPhone 4 at its conference\nJune 8, 2010\n\n"
        "Yesterday, at the conference, Steve Jobs showed the new phone to developers. "
        "The phone goes on sale on June 24."
    )
    event = {"sentences": ["S4"], "actor": "Apple", "action": "unveils iPhone 4 at conference"}
    (kept,) = resolve_draft(_draft(article, events=[event]), article).events
    # The title holds the words best, but reports nothing: the body's sentence stays.
    assert kept.evidence.text.startswith("The phone goes on sale")


def test_one_number_is_one_figure(found: Candidates) -> None:
    number = found.numbers[0].id
    figure = {"number": number, "measure": "people killed"}
    draft = _draft(found, figures=[figure, {**figure, "measure": "dead"}])
    assert len(resolve_draft(draft, found).figures) == 1


@pytest.mark.parametrize(
    ("measure", "number", "left"),
    [
        # The number's own words go, wherever they stand whole.
        ("the S&P 500 dipped by 50 points", "50", "the S&P 500 dipped by points"),
        ("sales rose 5% to 50,000", "5%", "sales rose to 50,000"),
        ("a 50,000 crowd and 50 police", "50", "a 50,000 crowd and police"),
        ("the model sold for US$299", "US$299", "the model sold for"),
        ("3.50 dollars and 50 cents", "50", "3.50 dollars and cents"),
    ],
)
def test_a_measure_loses_its_own_number_not_part_of_another(
    measure: str, number: str, left: str
) -> None:
    (found,) = [n for n in find_candidates(measure + ".").numbers if n.quantity.text == number]
    assert without_number(measure, found) == left


def test_a_quote_longer_than_a_briefing_holds_keeps_its_verbatim_opening() -> None:
    asked = "We asked the people to do a big thing for the {}th time."
    speech = " ".join(asked.format(n) for n in range(14))
    text = f'The President spoke on Friday. "{speech}" Bush said.'
    found = find_candidates(text)
    (quote,) = found.quotes
    assert len(quote.text) > 600  # the schema's limit on a quote
    draft = _draft(found, quotes=[{"quote": quote.id, "speaker_name": "Bush"}])
    (said,) = resolve_draft(draft, found).attributions
    assert said.quote is not None
    assert said.quote_span is not None
    assert 300 <= len(said.quote) <= 600
    assert said.quote.endswith("time.")
    assert text[said.quote_span.start : said.quote_span.end] == said.quote == said.claim


def test_unknown_ids_are_re_asked_then_dropped_on_the_last_attempt(found: Candidates) -> None:
    raw = {
        "headline": "h", "summary": "s.", "events": [],
        "figures": [{"number": "N99", "measure": "nothing"},
                    {"number": found.numbers[0].id, "measure": "people killed"}],
        "attributions": [{"sentences": ["S77"], "speaker": "P1", "claim": "x"}],
    }  # fmt: skip
    scope = GroundingScope(text=TEXT, candidates=found)
    with grounding_scope(scope), pytest.raises(ValidationError) as raised:
        CitedBriefingDraft.model_validate(raw)
    message = str(raised.value)
    assert "'N99' is not one of the tagged N ids" in message
    assert "'S77' is not one of S1-S" in message
    scope.enforce = False  # the last attempt: the policy decides, invalid items go
    with grounding_scope(scope):
        salvaged = CitedBriefingDraft.model_validate(raw)
    assert [f.number for f in salvaged.figures] == [found.numbers[0].id]
    assert salvaged.attributions == []
    assert scope.malformed == 2


def test_the_schema_enumerates_this_articles_ids(found: Candidates) -> None:
    schema = cite_schema(found, ItemLimits(events=2, figures=3, attributions=1))
    defs = schema["$defs"]
    assert defs["CitedFigure"]["properties"]["number"]["enum"] == [n.id for n in found.numbers]
    assert defs["CitedEvent"]["properties"]["sentences"]["items"]["enum"] == [
        s.id for s in found.sentences
    ]
    speaker = defs["CitedAttribution"]["properties"]["speaker"]["anyOf"]
    assert speaker[0]["enum"] == [n.id for n in found.names]
    limits = [schema["properties"][k]["maxItems"] for k in ("events", "attributions")]
    assert limits == [2, 1]
    # Every number and every quote may be labelled: the figure limit applies to the labelled ones.
    assert schema["properties"]["figures"]["maxItems"] == len(found.numbers)
    assert schema["properties"]["quotes"]["maxItems"] == len(found.quotes)
    nothing = cite_schema(find_candidates("No numbers here, and no quotes."))
    assert nothing["properties"]["figures"]["maxItems"] == 0
    assert nothing["properties"]["quotes"]["maxItems"] == 0


def test_the_decoder_schema_bounds_every_free_string(found: Candidates) -> None:
    schema = cite_decoder_schema(found, summary_pattern=SUMMARY_PATTERN)
    text = json.dumps(schema)
    assert "maxLength" not in text  # llama.cpp compiles long length limits badly
    figures = schema["properties"]["figures"]
    assert [f["properties"]["number"] for f in figures["prefixItems"]] == [
        {"const": n.id} for n in found.numbers
    ]  # one entry per number, in the article's order
    assert figures["minItems"] == figures["maxItems"] == len(found.numbers)
    action = schema["$defs"]["CitedEvent"]["properties"]["action"]
    assert action["pattern"].endswith("{1,100}$")
    assert schema["properties"]["summary"]["pattern"] == SUMMARY_PATTERN


def test_the_decoder_schema_asks_a_long_article_for_several_events(found: Candidates) -> None:
    long_text = " ".join(f"Crews cleared road {k} on Monday." for k in range(1, 9))
    long_article = find_candidates(long_text)
    assert len(long_article.sentences) == 8
    events = cite_decoder_schema(long_article, summary_pattern=SUMMARY_PATTERN)["properties"][
        "events"
    ]
    assert (events["minItems"], events["maxItems"]) == (3, ItemLimits().events)
    # Never more than the caller's limit allows, and a short article may report one happening.
    capped = cite_decoder_schema(
        long_article, ItemLimits(events=2), summary_pattern=SUMMARY_PATTERN
    )["properties"]["events"]
    assert capped["minItems"] == capped["maxItems"] == 2
    short = cite_decoder_schema(found, summary_pattern=SUMMARY_PATTERN)["properties"]["events"]
    assert "minItems" not in short


def test_events_cite_the_body_not_the_title_or_dateline() -> None:
    text = (
        "Mill to close in Harlow\nMarch 3, 2009\n\nNorthgate Paper will close its mill.\n"
        "Workers marched on Tuesday\nThe union said it would strike."
    )
    article = find_candidates(text)
    assert [s.text for s in heading_lines(article)] == ["Mill to close in Harlow", "March 3, 2009"]
    schema = cite_decoder_schema(article, summary_pattern=SUMMARY_PATTERN)
    cited = schema["$defs"]["CitedEvent"]["properties"]["sentences"]["items"]["enum"]
    # A line without punctuation after the body has begun is the body's (a caption, a list).
    assert cited == [s.id for s in article.sentences[2:]]
    # An article that is all heading keeps its lines citable rather than offering nothing.
    only = cite_decoder_schema(find_candidates("Mill to close"), summary_pattern=SUMMARY_PATTERN)
    assert only["$defs"]["CitedEvent"]["properties"]["sentences"]["items"]["enum"] == ["S1"]


def test_llama_cpp_compiles_the_cite_grammar(found: Candidates) -> None:
    grammar_module = pytest.importorskip("llama_cpp.llama_grammar")
    schema = cite_decoder_schema(found, summary_pattern=SUMMARY_PATTERN)
    text = grammar_module.json_schema_to_gbnf(json.dumps(schema))
    grammar_module.LlamaGrammar.from_string(text, verbose=False)
    for key in ("N1", "S1", "Q1"):
        assert f'"\\"{key}\\""' in text  # each id is a literal of the grammar
