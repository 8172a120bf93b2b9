"""`summarizer show` layout: a 15-item briefing reads on one screen at 80 columns.

Each item is one line (wrapping only when its own fields are long), with its evidence on a dimmed,
indented line of its own below it, cut with an ellipsis instead of wrapped.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from summarizer.cli.show import render_results
from summarizer.schema.briefing import Attribution, Briefing, Event, Evidence, Figure, Grounding
from summarizer.schema.records import Result
from tests.test_render import (
    VERIFIED,
    attribution,
    event,
    evidence,
    figure,
    make_briefing,
)

MARKUP = "[bold red]x[/]"
LONG_CUE = "said on Thursday in a lengthy statement that could not be independently confirmed"
LONGER_CUE = "told reporters at a news conference in Amman late on Wednesday night"
# One screen. Every item takes at least 2 lines (its line, its evidence) and, at 80 columns, a
# realistic item line (90 to 140 characters of actor/action/object, value, measure, source and
# status) wraps once more in the 73 columns the panel leaves: 15 items x 3 = 45, plus about 12 for
# the headline, summary, three section rules, two problems, the provenance and the panel's borders.
# Reaching 50 would mean cutting the items' own fields, which the view keeps whole (only evidence
# and cues are cut), so 60 rows (a full-height 80-column terminal) is the bound at 80 columns; at
# 120 columns most items fit their line and the briefing takes under 50.
MAX_LINES_AT_80 = 60
MAX_LINES_AT_120 = 50


def _fifteen_items() -> Briefing:
    """A realistic briefing: 5 events, 6 figures with long evidence, 4 attributions."""
    events = [
        event(
            actor="Israel's ground troops",
            action="advanced toward",
            object="Gaza City",
            location="Gaza",
            time_text="on Thursday",
            date=dt.date(2023, 11, 2),
            evidence=evidence(
                "Israel's ground troops advanced toward Gaza City on Thursday, as the US and Arab "
                "countries intensified diplomatic efforts to ease the siege of the Hamas-ruled "
                "enclave"
            ),
            grounding=VERIFIED,
        ),
        event(
            actor="Jordan",
            action="recalled its ambassador",
            object="from Israel",
            epistemic="claimed",
            source="Wael Abu Omar",
            evidence=evidence("Jordan recalled its ambassador from Israel"),
            grounding=Grounding(
                status="unverified", problems=["the source is not who reports the event"]
            ),
        ),
        event(
            actor="hundreds of Palestinians with foreign passports",
            action="left",
            object="Gaza",
            time_text="for the first time",
            evidence=evidence(
                "allowed hundreds of Palestinians with foreign passports and dozens of wounded to "
                "leave Gaza for the first time"
            ),
            grounding=VERIFIED,
        ),
        event(
            actor="Airstrikes",
            action="destroyed",
            object="apartment blocks",
            location="Jabaliya",
            time_text="on Tuesday and Wednesday",
            evidence=evidence(
                "Airstrikes on Tuesday and Wednesday destroyed apartment blocks in Jabaliya, but "
                "the number of dead and wounded remained unknown",
                match="fuzzy",
                edit_distance=1,
            ),
            grounding=Grounding(status="repaired"),
        ),
        event(
            actor="Palestinian militants",
            action="fired antitank missiles at",
            object="Israeli troops",
            epistemic="claimed",
            source="the Israeli military",
            time_text="during an overnight battle",
            evidence=evidence(
                "Palestinian militants fired antitank missiles, set off explosive devices and "
                "hurled grenades at Israeli troops during an overnight battle, the Israeli "
                "military said Thursday"
            ),
            grounding=VERIFIED,
        ),
    ]
    figures = [
        figure(
            number="9,061",
            value=9061,
            unit="people",
            measure="people killed in Gaza",
            reported_by="Dr. Ashraf al-Qudra",
            evidence=evidence(
                "Dr. Ashraf al-Qudra, a ministry spokesperson, said 9,061 people have been killed "
                "in Gaza, including 3,760 who are under 18"
            ),
            grounding=VERIFIED,
        ),
        figure(
            number="More than 1,400",
            value=1400,
            qualifier="more_than",
            unit="people",
            measure="people killed on the Israeli side",
            evidence=evidence(
                "More than 1,400 people have been killed on the Israeli side, the vast majority "
                "civilians killed by Hamas in its bloody October 7 incursion into Israel"
            ),
            grounding=VERIFIED,
        ),
        figure(
            number="2.3 million",
            value=2_300_000,
            qualifier="about",
            unit="people",
            measure="population of the territory",
            as_of="Thursday",
            evidence=evidence(
                "bombings have driven more than half the territory's 2.3 million people from "
                "their homes, while food, water and fuel run low",
                match="fuzzy",
            ),
            grounding=Grounding(status="repaired"),
        ),
        figure(
            number="At least 335",
            value=335,
            qualifier="at_least",
            unit="foreign passport holders",
            measure="foreign passport holders who left Gaza",
            as_of="Wednesday",
            reported_by="Wael Abu Omar",
            evidence=evidence(
                "At least 335 foreign passport holders left Wednesday and approximately another "
                "100 left Thursday, according to Wael Abu Omar, a spokesman for the Palestinian "
                "Crossings Authority"
            ),
            grounding=VERIFIED,
        ),
        figure(
            number="about 5 kilometers",
            value=5,
            value_max=6,
            qualifier="range",
            unit="km",
            measure="advance down the Mediterranean coast",
            evidence=evidence(
                "has moved about 5 kilometers (3 miles) down the Mediterranean coast, reaching the "
                "outskirts of the Shati and Jabaliya refugee camps, on the edges of Gaza City"
            ),
            grounding=VERIFIED,
        ),
        figure(
            number="more than 260",
            value=260,
            qualifier="more_than",
            unit="trucks",
            measure="aid trucks let through the crossing",
            evidence=Evidence(
                text=f"{MARKUP} Israel has also allowed more than 260 trucks carrying food and "
                "medicine through the crossing, but aid workers say it's not nearly enough"
            ),
            grounding=Grounding(
                status="unverified", problems=["evidence for figure 6 is not in the article"]
            ),
        ),
    ]
    attributions = [
        attribution(
            speaker="Dr. Ashraf al-Qudra",
            role="a ministry spokesperson",
            claim="9,061 people have been killed in Gaza, including 3,760 under 18",
            cue="said",
            evidence=evidence("Dr. Ashraf al-Qudra, a ministry spokesperson, said 9,061"),
            grounding=VERIFIED,
        ),
        attribution(
            speaker="Wael Abu Omar",
            role="a spokesman for the Palestinian Crossings Authority",
            claim="at least 335 foreign passport holders left Gaza on Wednesday",
            cue="according to",
            evidence=evidence(
                "At least 335 foreign passport holders left Wednesday and approximately another "
                "100 left Thursday, according to Wael Abu Omar"
            ),
            grounding=VERIFIED,
        ),
        attribution(
            speaker="the Israeli military",
            claim="militants attacked troops overnight",
            cue=LONG_CUE,
            evidence=evidence(
                "Palestinian militants fired antitank missiles, set off explosive devices and "
                "hurled grenades at Israeli troops during an overnight battle, the Israeli "
                "military said Thursday"
            ),
            grounding=VERIFIED,
        ),
        attribution(
            speaker="Jordan",
            claim=f"Israel's envoy {MARKUP} must stay away until the war halts",
            quote_type="direct",
            quote="humanitarian catastrophe",
            cue=LONGER_CUE,
            evidence=evidence(
                "told Israel's envoy to remain out of the country until there's a halt to the war "
                "and the “humanitarian catastrophe” it is causing"
            ),
            quote_span=evidence("humanitarian catastrophe", match="normalized", edit_distance=2),
            grounding=Grounding(status="repaired"),
        ),
    ]
    return make_briefing(events=events, figures=figures, attributions=attributions)


# How each item's line starts, after its number, in display order (numbers restart per section).
ITEM_STARTS = [
    "Israel's ground troops / advanced toward",
    "Jordan / recalled its ambassador",
    "hundreds of Palestinians with",
    "Airstrikes / destroyed",
    "Palestinian militants / fired",
    "9,061 · exact 9,061",
    "More than 1,400 · more than",
    "2.3 million · about 2,300,000",
    "At least 335 · at least 335",
    "about 5 kilometers · range",
    "more than 260 · more than 260",
    "Dr. Ashraf al-Qudra (a ministry",
    "Wael Abu Omar (a spokesman",
    "the Israeli military said",
    "Jordan told reporters",
]
NUMBERS = [*range(1, 6), *range(1, 7), *range(1, 5)]


def lines_at(width: int) -> list[str]:
    out = Console(
        record=True, width=width, force_terminal=False, color_system=None, file=io.StringIO()
    )
    render_results([Result(id="rafah", status="ok", briefing=_fifteen_items())], out)
    return out.export_text().splitlines()


def inside(line: str) -> str:
    """A line's content without the panel's borders."""
    return line.strip().strip("│").strip()


def flowing(width: int) -> str:
    """The text inside the panel, with wrapped lines joined back at the space they were cut at."""
    return " ".join(inside(line) for line in lines_at(width))


def _evidence_texts(briefing: Briefing) -> list[str]:
    items: list[Event | Figure | Attribution] = [
        *briefing.events,
        *briefing.figures,
        *briefing.attributions,
    ]
    return [item.evidence.text for item in items]


@pytest.mark.parametrize(("width", "most"), [(80, MAX_LINES_AT_80), (120, MAX_LINES_AT_120)])
def test_fifteen_items_fit_one_screen_within_the_width(width: int, most: int) -> None:
    briefing = _fifteen_items()
    assert (len(briefing.events), len(briefing.figures), len(briefing.attributions)) == (5, 6, 4)
    assert all(len(f.evidence.text) > 100 for f in briefing.figures)
    lines = lines_at(width)
    assert max(cell_len(line) for line in lines) <= width
    assert len(lines) <= most


@pytest.mark.parametrize("width", [80, 120])
def test_each_evidence_is_on_its_own_line_below_its_item(width: int) -> None:
    lines = [inside(line) for line in lines_at(width)]
    starts = [
        next(i for i, line in enumerate(lines) if line.startswith(f"{number} {words}"))
        for number, words in zip(NUMBERS, ITEM_STARTS, strict=True)
    ]
    assert starts == sorted(starts)
    ends = [*starts[1:], len(lines)]
    for words, start, end, text in zip(
        ITEM_STARTS, starts, ends, _evidence_texts(_fifteen_items()), strict=True
    ):
        quoted = f"“{text}”"
        own = [
            line
            for line in lines[start + 1 : end]
            # The line holds the evidence and nothing else: the whole of it, or its start and "…".
            if line == quoted or (line.endswith("…") and quoted.startswith(line[:-1]))
        ]
        assert len(own) == 1, (words, lines[start:end])
        assert len(own[0]) >= min(len(quoted), 30), own  # cut sensibly, not to a stub


@pytest.mark.parametrize("width", [80, 120])
def test_long_evidence_is_cut_with_an_ellipsis_not_wrapped(width: int) -> None:
    lines = [inside(line) for line in lines_at(width)]
    # 155 characters: too long for one line even at 120 columns, so its end is never shown.
    coast = _fifteen_items().figures[4].evidence.text
    shown = [line for line in lines if line.startswith("“has moved about 5 kilometers")]
    assert len(shown) == 1
    assert shown[0].endswith("…")
    assert len(shown[0]) < len(coast)
    assert not any("edges of Gaza City" in line for line in lines)


@pytest.mark.parametrize("width", [80, 120])
def test_markup_in_the_article_is_printed_literally(width: int) -> None:
    lines = [inside(line) for line in lines_at(width)]
    assert any(line.startswith(f"“{MARKUP} Israel has also allowed") for line in lines)
    assert f"Israel's envoy {MARKUP} must stay away" in flowing(width)  # the model's claim


def test_long_cues_are_shortened_and_short_ones_kept() -> None:
    text = flowing(120)
    for speaker, cue in (("the Israeli military", LONG_CUE), ("Jordan", LONGER_CUE)):
        assert cue not in text
        shown = re.search(f"{speaker} ([^:]+)…: ", text)
        assert shown, speaker
        # Cut at a word, to a short phrase that still starts like the cue.
        assert cue.startswith(f"{shown[1]} ")
        assert 10 <= len(shown[1]) < 30
    assert "(a ministry spokesperson) said: 9,061 people" in text
    assert "according to: at least 335" in text


@pytest.mark.parametrize("width", [80, 120])
def test_every_value_status_and_speaker_is_still_shown(width: int) -> None:
    text = flowing(width)
    for words in (
        "2023-11-02",
        "on Thursday",
        "claimed by Wael Abu Omar",
        "claimed by the Israeli military",
        "9,061",
        "exact 9,061 people",
        "more than 1,400 people",
        "about 2,300,000 people",
        "at least 335 foreign passport holders",
        "range 5–6 km",
        "as of Thursday",
        "as of Wednesday",
        "reported by Dr. Ashraf al-Qudra",
        "reported by Wael Abu Omar",
        "“humanitarian catastrophe”",
        "• the source is not who reports the event",
        "• evidence for figure 6 is not in the article",
    ):
        assert words in text, words
    assert text.count("✓ verified") == 10
    assert text.count("~ repaired (edit 1)") == 1
    assert text.count("~ repaired (edit 0)") == 1
    assert text.count("~ repaired (edit 2)") == 1
    assert text.count("✗ unverified") == 2
