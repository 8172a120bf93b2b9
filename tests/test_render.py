"""`summarizer show`: readable briefings, untrusted text shown literally, torn files survived."""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer.cli.show import read_results, render_result, render_results
from summarizer.schema.briefing import (
    SCHEMA_VERSION,
    Attribution,
    Briefing,
    Event,
    Evidence,
    Figure,
    Grounding,
    Provenance,
    Usage,
)
from summarizer.schema.records import Failure, Result

SEED_003 = Path(__file__).parent / "data" / "seeds" / "003_7ca092153d92ac16.txt"
TEXT = SEED_003.read_text(encoding="utf-8")
MARKUP = "[bold red]HACK[/]"
LINK = "[link=http://evil]x[/link]"
ANSI = "\x1b[31mred\x1b[0m"
# Rich only ever writes SGR sequences (colours and weights); anything else would come from the data.
SGR = re.compile(r"\x1b\[[0-9;]*m")


def evidence(words: str, *, match: str = "exact", edit_distance: int = 0) -> Evidence:
    start = TEXT.index(words)
    return Evidence.model_validate(
        {
            "text": words,
            "start": start,
            "end": start + len(words),
            "match": match,
            "edit_distance": edit_distance,
        }
    )


VERIFIED = Grounding(status="verified")


# model_validate, because the schema's optional fields default inside Annotated, which mypy
# (without the pydantic plugin) does not see.
def event(**fields: Any) -> Event:
    return Event.model_validate(fields)


def figure(**fields: Any) -> Figure:
    return Figure.model_validate(fields)


def attribution(**fields: Any) -> Attribution:
    return Attribution.model_validate(fields)


def make_briefing(**changes: object) -> Briefing:
    briefing = Briefing(
        headline="Gaza death toll passes 9,000 as Israeli troops advance on Gaza City",
        summary="The Health Ministry in Gaza says 9,061 people have been killed.",
        summary_grounding=VERIFIED,
        events=[
            event(
                actor="Israel's ground troops",
                action="advanced toward",
                object="Gaza City",
                location="Gaza",
                time_text="on Thursday",
                date=dt.date(2023, 11, 2),
                evidence=evidence("Israel's ground troops advanced toward Gaza City on Thursday"),
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
        ],
        figures=[
            figure(
                number="9,061",
                value=9061,
                unit="people",
                measure="people killed in Gaza",
                reported_by="Dr. Ashraf al-Qudra",
                evidence=evidence("9,061 people have been killed in Gaza"),
                grounding=VERIFIED,
            ),
            figure(
                number="2.3 million",
                value=2_300_000,
                qualifier="about",
                unit="people",
                measure="population",
                as_of="Thursday",
                evidence=evidence("the territory's 2.3 million people", match="fuzzy"),
                grounding=Grounding(status="repaired"),
            ),
            figure(
                number="1.5 million",
                value=1_500_000,
                measure="people displaced",
                evidence=Evidence(text="1.5 million people fled"),
                grounding=Grounding(
                    status="unverified",
                    problems=["evidence for figure 3 is not in the article: '1.5 million'"],
                ),
            ),
        ],
        attributions=[
            attribution(
                speaker="Dr. Ashraf al-Qudra",
                role="a ministry spokesperson",
                claim="9,061 people have been killed in Gaza",
                cue="said",
                evidence=evidence("Dr. Ashraf al-Qudra, a ministry spokesperson, said 9,061"),
                grounding=VERIFIED,
            ),
            attribution(
                speaker="Jordan",
                claim="Israel's envoy must stay away until the war halts",
                quote_type="direct",
                quote="humanitarian catastrophe",
                cue="told",
                evidence=evidence("told Israel's envoy to remain out of the country"),
                quote_span=evidence(
                    "humanitarian catastrophe", match="normalized", edit_distance=2
                ),
                grounding=Grounding(status="repaired"),
            ),
        ],
        provenance=Provenance(
            article_id="rafah",
            text_sha256="0" * 64,
            prompt_version="1.2.0",
            schema_version=SCHEMA_VERSION,
            library_version="0.1.0",
            model="gpt-4o-mini",
            endpoint="openai",
            mode="tools",
            grounding_policy="lenient",
            created_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
            dropped_items=1,
            malformed_items=2,
            usage=Usage(prompt_tokens=1200, completion_tokens=345, attempts=2, requests=3),
            cost_usd=0.0012,
        ),
    )
    return briefing.model_copy(update=changes)


def ok(article_id: str = "rafah", **changes: object) -> Result:
    return Result(id=article_id, status="ok", briefing=make_briefing(**changes))


def failed(article_id: str = "broken") -> Result:
    failure = Failure(
        kind="ProviderError",
        message="article 'broken': the endpoint kept failing (HTTP 503)",
        attempts=5,
        usage=Usage(prompt_tokens=900, completion_tokens=0),
    )
    return Result(id=article_id, status="error", error=failure)


def console(color_system: str | None = None) -> Console:
    return Console(record=True, width=120, color_system=color_system, file=io.StringIO())  # type: ignore[arg-type]


def shown(*results: Result, article_id: str | None = None) -> str:
    out = console()
    render_results(results, out, article_id=article_id)
    return out.export_text()


def test_briefing_shows_headline_summary_and_every_item() -> None:
    text = shown(ok())
    for words in (
        "rafah",
        "Gaza death toll passes 9,000",
        "The Health Ministry in Gaza says 9,061",
        "Israel's ground troops / advanced toward /",
        "on Thursday",
        "2023-11-02",
        "claimed by Wael Abu Omar",
        "Jordan / recalled its ambassador / from",
        "9,061",
        "2,300,000",
        "1,500,000",
        "about",
        "people killed in Gaza",
        "as of Thursday",
        "Dr. Ashraf al-Qudra (a ministry",
        "“humanitarian catastrophe”",
        "“Israel's ground troops advanced toward",
    ):
        assert words in text, words
    for heading in ("Events", "Figures", "Attributions"):
        assert heading in text


def test_statuses_problems_and_edit_distances() -> None:
    text = shown(ok())
    assert text.count("✓ verified") == 3
    assert "~ repaired (edit 0)" in text  # the fuzzy figure, recorded with distance 0
    assert "~ repaired (edit 2)" in text  # the attribution whose quote was normalised
    assert text.count("✗ unverified") == 2
    assert "the source is not who reports the event" in text
    # A problem line may wrap, so it is checked in pieces.
    assert "• evidence for figure 3" in text
    assert "not in the article" in text


def test_summary_grounding_is_shown_only_when_not_verified() -> None:
    assert "summary:" not in shown(ok())
    flagged = Grounding(status="unverified", problems=["the number 12,000 is not in the article"])
    text = shown(ok(summary_grounding=flagged))
    assert "summary: ✗ unverified" in text
    assert "the number 12,000 is not in the article" in text


def test_provenance_line() -> None:
    text = shown(ok())
    for words in (
        "model gpt-4o-mini",
        "openai",
        "prompt 1.2.0",
        "tokens 1,545 (1,200 prompt + 345 completion)",
        "attempts 2",
        "$0.0012",
        "dropped 1",
        "malformed 2",
    ):
        assert words in text, words
    assert "cached" not in text


def test_unknown_cost_cached_and_empty_sections() -> None:
    briefing = make_briefing(events=[], figures=[], attributions=[])
    briefing.provenance.cost_usd = None
    briefing.provenance.dropped_items = 0
    briefing.provenance.malformed_items = 0
    text = shown(Result(id="empty", status="ok", briefing=briefing, cached=True))
    assert "cost unknown" in text
    assert "cached" in text
    assert "dropped" not in text
    assert "malformed" not in text
    assert text.count("none") == 3


def test_error_result_shows_kind_message_attempts_and_tokens() -> None:
    text = shown(failed())
    assert "broken" in text
    assert "ProviderError" in text
    assert "the endpoint kept failing (HTTP 503)" in text
    assert "attempts 5" in text
    assert "tokens 900" in text


def test_result_with_neither_briefing_nor_error_does_not_crash() -> None:
    assert "no briefing and no error recorded" in shown(Result(id="odd", status="ok"))


def test_id_filter_prints_only_that_result() -> None:
    out = console()
    results = [ok("first"), failed("second"), ok("third")]
    assert render_results(results, out, article_id="second") == 1
    text = out.export_text()
    assert "second" in text
    assert "ProviderError" in text
    assert "first" not in text
    assert "third" not in text
    assert render_results(results, console()) == 3
    assert render_results(results, console(), article_id="missing") == 0


def hostile() -> Result:
    briefing = make_briefing(
        headline=f"{MARKUP} {LINK} {ANSI} \x1b[2J\x1b]0;pwned\x07 \x9b31m :smiley:"
    )
    briefing.attributions[1].evidence.text = f"{MARKUP} {ANSI}"
    briefing.attributions[0].speaker = f"{LINK} {ANSI}"
    briefing.provenance.model = f"{ANSI}\u202egpt"
    return Result(id=f"{ANSI}id", status="ok", briefing=briefing)


def test_untrusted_markup_and_escapes_are_shown_literally() -> None:
    text = shown(hostile())
    assert MARKUP in text
    assert f"“{MARKUP}" in text  # the evidence, on its own line
    assert LINK in text
    assert f"1 {LINK} \\x1b[31mred\\x1b[0m (a ministry" in text  # the speaker, leading its line
    assert ":smiley:" in text
    assert "\\x1b[31mred\\x1b[0m" in text
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in text
    assert "\\x9b31m" in text
    assert "\\u202egpt" in text
    assert "\x1b" not in text
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", text)


def test_with_colour_the_only_escape_sequences_are_rich_styling() -> None:
    out = console("truecolor")
    render_results([hostile()], out)
    raw = out.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" in raw  # styled output, or the test proves nothing
    assert ANSI not in raw
    assert "\x1b[31mred" not in raw
    assert "\x1b]" not in raw  # no hyperlinks or title changes: no OSC at all
    plain = SGR.sub("", raw)
    assert "\x1b" not in plain
    assert "\x9b" not in plain
    assert "\\x1b[31mred\\x1b[0m" in plain
    assert MARKUP in plain


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    return path


def test_read_results_round_trip(tmp_path: Path) -> None:
    results = [ok("a"), failed("b")]
    path = write_lines(tmp_path / "out.jsonl", *(r.model_dump_json() for r in results))
    assert list(read_results(path)) == results


def test_read_results_skips_bad_lines_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = [ok("a"), failed("b"), ok("c")]
    torn = good[0].model_dump_json()[:57]
    path = tmp_path / "out.jsonl"
    path.write_bytes(
        (
            f"{good[0].model_dump_json()}\n"
            "this is not json\n"
            '{"id": "x", "status": "maybe"}\n'
            "\n"
            f"{good[1].model_dump_json()}\n"
        ).encode()
        + b'{"id": "\xff\xfe", "status": "ok"}\n'
        + f"{good[2].model_dump_json()}\n{torn}".encode()
    )
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        read = list(read_results(path))
    assert read == good
    warnings = [r for r in caplog.records if r.name == "summarizer"]
    assert [r.levelno for r in warnings] == [logging.WARNING] * 4
    lines = [r.getMessage().split(":")[1] for r in warnings]
    assert lines == ["2", "3", "6", "8"]
    assert all("not a valid result" in r.getMessage() for r in warnings)


def test_render_result_returns_a_renderable_for_both_kinds() -> None:
    out = console()
    out.print(render_result(ok()))
    out.print(render_result(failed()))
    text = out.export_text()
    assert "Gaza death toll" in text
    assert "ProviderError" in text
