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
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from summarizer._records import Failure, Result
from summarizer._schema import Attribution, Briefing, Event, Evidence, Figure, Grounding, Usage

log = logging.getLogger("summarizer")

# C0 (except tab and newline), DEL and C1 drive the terminal; the bidi embeddings, overrides and
# isolates reorder what is displayed ("Trojan Source"), so they are shown as escapes too.
_CONTROL = re.compile("([\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]+)")
_Item = TypeVar("_Item", Event, Figure, Attribution)
_SMALLEST_COST = 0.0001
_STATUS_STYLE = {"verified": "green", "repaired": "yellow", "unverified": "red"}
_STATUS_MARK = {"verified": "✓", "repaired": "~", "unverified": "✗"}


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
    """The status cell: mark and word, the edit distance of a repair, the problems of a failure."""
    status = grounding.status
    text = Text(f"{_STATUS_MARK[status]} {status}", style=_STATUS_STYLE[status])
    if status == "repaired":
        distance = max((e.edit_distance for e in evidence if e is not None), default=0)
        text.append(f" (edit {distance})")
    for problem in grounding.problems:
        text.append("\n• ")
        text.append_text(_safe(problem, "red"))
    return text


def _with_evidence(main: Text, evidence: Evidence) -> Text:
    return Text("\n").join([main, _safe(f"“{evidence.text}”", "dim italic")])


def _table(*columns: str) -> Table:
    table = Table(expand=True, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    table.add_column("status", overflow="fold")
    return table


def _events(events: list[Event]) -> Table:
    table = _table("event", "where", "when")
    for index, event in enumerate(events, 1):
        what = Text(" / ").join(
            _safe(part) for part in (event.actor, event.action, event.object) if part
        )
        if event.epistemic == "claimed":
            what.append("\n")
            what.append_text(_safe(f"claimed by {event.source or 'an unnamed source'}", "italic"))
        when = _join([_safe(event.time_text), _safe(event.date)], "\n")
        table.add_row(
            str(index),
            _with_evidence(what, event.evidence),
            _safe(event.location),
            when,
            _status(event.grounding, event.evidence),
        )
    return table


def _figures(figures: list[Figure]) -> Table:
    table = _table("number", "value", "unit", "measure", "reported by")
    for index, figure in enumerate(figures, 1):
        value = _number(figure.value)
        if figure.value_max is not None:
            value += f"–{_number(figure.value_max)}"
        measure = _safe(figure.measure)
        if figure.as_of:
            measure.append("\n")
            measure.append_text(_safe(f"as of {figure.as_of}", "italic"))
        table.add_row(
            str(index),
            _safe(figure.number, "bold"),
            Text("\n").join([Text(value), _safe(figure.qualifier, "italic")]),
            _safe(figure.unit),
            _with_evidence(measure, figure.evidence),
            _safe(figure.reported_by),
            _status(figure.grounding, figure.evidence),
        )
    return table


def _attributions(attributions: list[Attribution]) -> Table:
    table = _table("speaker", "cue", "claim")
    for index, item in enumerate(attributions, 1):
        speaker = _safe(item.speaker, "bold")
        if item.role:
            speaker.append_text(_safe(f" ({item.role})"))
        claim = _safe(item.claim)
        if item.quote_type == "direct" and item.quote:
            claim.append("\n")
            claim.append_text(_safe(f"“{item.quote}”"))
        table.add_row(
            str(index),
            speaker,
            _safe(item.cue),
            _with_evidence(claim, item.evidence),
            _status(item.grounding, item.evidence, item.quote_span),
        )
    return table


def _section(title: str, items: list[_Item], build: Callable[[list[_Item]], Table]) -> Group:
    heading = Text(f"\n{title}", style="bold underline")
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
        parts.append(Text("summary: ").append_text(_status(briefing.summary_grounding)))
    parts += [
        _section("Events", briefing.events, _events),
        _section("Figures", briefing.figures, _figures),
        _section("Attributions", briefing.attributions, _attributions),
        Text(""),
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
