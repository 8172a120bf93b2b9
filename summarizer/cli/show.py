r"""Terminal rendering of a run's results (`summarizer show`).

Everything in a result file is untrusted: article words, model output, and even ids and model names
came from outside. So every string is wrapped in a `rich.text.Text` (never parsed as markup or
emoji codes), and control characters are replaced by visible escapes such as ``\x1b`` before rich
sees them, so no escape sequence from the data ever reaches the terminal.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from pydantic import ValidationError
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from summarizer.schema.briefing import (
    Attribution,
    Briefing,
    Event,
    Evidence,
    Figure,
    Grounding,
    Usage,
)
from summarizer.schema.records import Failure, Result

log = logging.getLogger("summarizer")

# C0 (except tab and newline), DEL and C1 drive the terminal; the bidi embeddings, overrides and
# isolates reorder what is displayed ("Trojan Source"), so they are shown as escapes too.
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+)")
_Item = TypeVar("_Item", Event, Figure, Attribution)
_SMALLEST_COST = 0.0001
_STATUS_STYLE = {"verified": "green", "repaired": "yellow", "unverified": "red"}
_STATUS_MARK = {"verified": "✓", "repaired": "~", "unverified": "✗"}
_BREAKS = re.compile("[ \t]*[\t\n][ \t\n]*")
# A cue longer than this is cut for display; evidence sits this far in under its item.
_CUE_CHARS = 28
_EVIDENCE_INDENT = 2


def _escape(controls: str) -> str:
    # ascii() spells each one as Python would ("\\x1b", "\\u202e"); the quotes are cut off.
    return "".join(ascii(c)[1:-1] for c in controls)


def _safe(value: object, style: str = "") -> Text:
    """Untrusted data as inert text: no markup, no emoji codes, control characters made visible."""
    text = Text(style=style)
    for index, piece in enumerate(_CONTROL.split("" if value is None else str(value))):
        # re.split with one capture group puts the control runs at the odd indices.
        if index % 2:
            text.append(_escape(piece), style="reverse")
        elif piece:
            text.append(piece)
    return text


def _join(parts: Iterable[Text | None], separator: str = " · ", style: str = "") -> Text:
    # The joined text takes the separator's style as its base style.
    return Text(separator, style=style).join(p for p in parts if p is not None and p.plain)


def _number(value: float) -> str:
    if not math.isfinite(value):
        return str(value)
    return f"{int(value):,}" if value.is_integer() else f"{value:,}"


def _cost(cost_usd: float | None) -> str:
    if cost_usd is None:
        return "cost unknown"
    # A tiny cost printed as "$0.0000" would read as free.
    if 0 < cost_usd < _SMALLEST_COST:
        return f"<${_SMALLEST_COST}"
    return f"${cost_usd:.4f}"


def _tokens(usage: Usage) -> str:
    return (
        f"tokens {usage.total_tokens:,} "
        f"({usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion)"
    )


def _status(grounding: Grounding, *evidence: Evidence | None) -> Text:
    """The status: mark and word, and the edit distance of a repair."""
    status = grounding.status
    text = Text(f"{_STATUS_MARK[status]} {status}", style=_STATUS_STYLE[status])
    if status == "repaired":
        distance = max((e.edit_distance for e in evidence if e is not None), default=0)
        text.append(f" (edit {distance})")
    return text


def _problems(grounding: Grounding) -> list[Text]:
    """The problems of a failed check, one bulleted line each."""
    return [Text("• ", style="red").append_text(_safe(p, "red")) for p in grounding.problems]


def _one_line(value: str) -> str:
    # Only the tabs and newlines that _safe lets through; other controls still show as escapes.
    return _BREAKS.sub(" ", value).strip(" ")


def _shorten(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word where one is near and marked with an ellipsis."""
    value = _one_line(value)
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…"


def _evidence(evidence: Evidence) -> Padding:
    """The evidence on one dimmed, indented line, cut with an ellipsis where it is too long."""
    text = _safe(f"“{_one_line(evidence.text)}”", "dim italic")
    text.no_wrap = True
    text.overflow = "ellipsis"
    return Padding(text, (0, 0, 0, _EVIDENCE_INDENT))


def _items(rows: Iterable[tuple[Text, Evidence, Grounding, Text]]) -> Table:
    """One item a row: its number, then its line ending in its status, the evidence below it."""
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(justify="right", no_wrap=True)
    table.add_column(ratio=1, overflow="fold")
    for index, (line, evidence, grounding, status) in enumerate(rows, 1):
        line.append("  ")
        line.append_text(status)
        problems = [Padding(p, (0, 0, 0, _EVIDENCE_INDENT)) for p in _problems(grounding)]
        table.add_row(str(index), Group(line, _evidence(evidence), *problems))
    return table


def _events(events: list[Event]) -> Table:
    def line(event: Event) -> Text:
        what = Text(" / ").join(
            _safe(part) for part in (event.actor, event.action, event.object) if part
        )
        claimed = None
        if event.epistemic == "claimed":
            claimed = _safe(f"claimed by {event.source or 'an unnamed source'}", "italic")
        return _join(
            [what, _safe(event.location), _safe(event.time_text), _safe(event.date), claimed]
        )

    return _items(
        (line(e), e.evidence, e.grounding, _status(e.grounding, e.evidence)) for e in events
    )


def _figures(figures: list[Figure]) -> Table:
    def line(figure: Figure) -> Text:
        value = _number(figure.value)
        if figure.value_max is not None:
            value += f"–{_number(figure.value_max)}"
        amount = _join(
            [_safe(figure.qualifier.replace("_", " "), "italic"), Text(value), _safe(figure.unit)],
            " ",
        )
        return _join(
            [
                _safe(figure.number, "bold"),
                amount,
                _safe(figure.measure),
                _safe(f"as of {figure.as_of}", "italic") if figure.as_of else None,
                _safe(f"reported by {figure.reported_by}") if figure.reported_by else None,
            ]
        )

    return _items(
        (line(f), f.evidence, f.grounding, _status(f.grounding, f.evidence)) for f in figures
    )


def _attributions(attributions: list[Attribution]) -> Table:
    def line(item: Attribution) -> Text:
        text = _safe(item.speaker, "bold")
        if item.role:
            text.append_text(_safe(f" ({item.role})"))
        if item.cue:
            # The cue is a short reporting phrase ("said", "told reporters"); a longer one is cut.
            text.append(" ")
            text.append_text(_safe(_shorten(item.cue, _CUE_CHARS), "italic"))
        text.append(": ")
        quote = item.quote if item.quote_type == "direct" else None
        # A direct quote often is its claim: printing both doubles the longest lines of the view.
        shown = [] if quote and item.claim.strip() == quote.strip() else [_safe(item.claim)]
        if quote:
            shown.append(_safe(f"“{quote}”"))
        text.append_text(Text(" ").join(shown))
        return text

    return _items(
        (line(a), a.evidence, a.grounding, _status(a.grounding, a.evidence, a.quote_span))
        for a in attributions
    )


def _section(title: str, items: list[_Item], build: Callable[[list[_Item]], Table]) -> Group:
    # A rule, not a blank line and a heading: it separates the sections in one line.
    heading = Rule(Text(title, style="bold"), align="left", style="dim")
    return Group(heading, build(items) if items else Text("none", style="dim"))


def _provenance(briefing: Briefing, *, cached: bool) -> Text:
    prov = briefing.provenance
    return _join(
        [
            _safe(f"model {prov.model}"),
            _safe(prov.endpoint),
            _safe(f"prompt {prov.prompt_version}"),
            Text(_tokens(prov.usage)),
            Text(f"attempts {prov.usage.attempts}"),
            Text(_cost(prov.cost_usd)),
            Text(f"dropped {prov.dropped_items}") if prov.dropped_items else None,
            Text(f"malformed {prov.malformed_items}") if prov.malformed_items else None,
            Text("cached") if cached else None,
        ],
        style="dim",
    )


def _briefing_panel(result: Result, briefing: Briefing) -> Panel:
    parts: list[RenderableType] = [_safe(briefing.headline, "bold"), _safe(briefing.summary)]
    if briefing.summary_grounding.status != "verified":
        grounding = briefing.summary_grounding
        parts.append(Text("summary: ").append_text(_status(grounding)))
        parts += _problems(grounding)
    parts += [
        _section("Events", briefing.events, _events),
        _section("Figures", briefing.figures, _figures),
        _section("Attributions", briefing.attributions, _attributions),
        _provenance(briefing, cached=result.cached),
    ]
    return Panel(Group(*parts), title=_safe(result.id), title_align="left", border_style="blue")


def _failure_panel(result: Result, failure: Failure | None) -> Panel:
    if failure is None:
        # A hand-edited or foreign file can hold neither; say so rather than crash.
        failure = Failure(kind="MissingResult", message="no briefing and no error recorded")
    details = [Text(f"attempts {failure.attempts}"), Text(_tokens(failure.usage))]
    if failure.cost_usd is not None:
        details.append(Text(_cost(failure.cost_usd)))
    body = Group(
        _safe(failure.kind, "bold red"),
        _safe(failure.message),
        _join(details, style="dim"),
    )
    return Panel(body, title=_safe(result.id), title_align="left", border_style="red")


def render_result(result: Result) -> RenderableType:
    """Render one article's result as a rich panel.

    Args:
        result: One line of a run's output.

    Returns:
        A panel with the briefing (headline, summary, events, figures, attributions and
        provenance), or a red panel with the failure when the article has no briefing.
    """
    if result.status == "ok" and result.briefing is not None:
        return _briefing_panel(result, result.briefing)
    return _failure_panel(result, result.error)


def render_results(
    results: Iterable[Result], console: Console, *, article_id: str | None = None
) -> int:
    """Print results to a console.

    Args:
        results: The results to show, e.g. from `read_results`.
        console: Where to print.
        article_id: Print only the results with this id (every one, if a file repeats it).

    Returns:
        How many results were printed.
    """
    printed = 0
    for result in results:
        if article_id is None or result.id == article_id:
            console.print(render_result(result))
            printed += 1
    return printed


def read_results(path: Path) -> Iterator[Result]:
    """Read a run's JSONL output, one `Result` per line.

    Lines that are not valid JSON or not a valid result (such as a last line torn by an interrupted
    run) are skipped with a warning on the "summarizer" logger; blank lines are skipped silently.

    Args:
        path: The JSONL file written by `summarizer run`.

    Yields:
        Each valid result, in file order.
    """
    # Binary mode: lines split only on b"\n", and a line with invalid UTF-8 fails validation alone
    # instead of aborting the whole file with a decode error.
    with path.open("rb") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                yield Result.model_validate_json(line)
            except ValidationError as error:
                first = error.errors(include_url=False, include_input=False)[0]
                log.warning(
                    "%s:%d: skipping a line that is not a valid result (%d errors, first: %s)",
                    path,
                    number,
                    error.error_count(),
                    first["msg"],
                )
