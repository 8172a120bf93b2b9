"""The verdict on one quantity's reports, and the sentence that explains it.

Each report is an interval read from its qualifier ("more than 9,000" is (9000, inf), "about 240"
is 240 ± 10%, "9,061" is 9061). The reports `agree` when one value satisfies them all. When they
do not, and the quantity is a running count (deaths, injuries, departures) whose reports carry
different dates, a later and higher count is an `update`. Anything else is a `conflict`: the
same thing, the same time, values that cannot all be true; the explanation says who says what.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence

from summarizer.reconciliation.intervals import interval as value_interval
from summarizer.reconciliation.linking import directional, sense_of
from summarizer.reconciliation.report import Report, Verdict


def when(report: Report) -> dt.date | None:
    """The date a report holds for: its as-of date, else its article's publication date."""
    return report.as_of or report.published


def describe(report: Report) -> str:
    """'"9,061" (Dr. Ashraf al-Qudra, seed-003-rafah, 2 Nov 2023)': what a reader checks."""
    parts = [p for p in (report.reported_by, report.article_id) if p]
    day = when(report)
    if day is not None:
        parts.append(f"{day.day} {day:%b %Y}")
    return f"\u201c{report.number}\u201d ({', '.join(parts)})"


def _listed(reports: Sequence[Report]) -> str:
    named = [describe(r) for r in reports]
    return named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"


def _number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.4g}"


def judge_reports(measure: str, reports: Sequence[Report]) -> tuple[Verdict, str]:
    """The verdict on the reports of one quantity, and its one-sentence explanation."""
    senses = [sense_of(r) for r in reports]
    magnitude = directional(*senses)

    def interval(report: Report) -> tuple[float, float]:
        return value_interval(report, magnitude=magnitude)

    lows, highs = zip(*(interval(r) for r in reports), strict=True)
    low, high = max(lows), min(highs)
    if low <= high:
        exact = sorted({r.value for r in reports if r.qualifier == "exact"})
        every = "both" if len(reports) == 2 else "all"  # noqa: PLR2004 - words, not a limit
        if exact:
            fits = f"{every} hold for {_number(exact[0])}"
        elif math.isinf(high):
            fits = f"{every} hold for any value above {_number(low)}"
        elif math.isinf(low):
            fits = f"{every} hold for any value below {_number(high)}"
        else:
            fits = f"{every} hold for a value from {_number(low)} to {_number(high)}"
        return "agree", f"{measure}: {_listed(reports)} {fits}."
    dated = sorted((r for r in reports if when(r) is not None), key=lambda r: (when(r), r.value))
    running = all(sense.cumulative for sense in senses)
    if running and len(dated) == len(reports) and when(dated[0]) != when(dated[-1]):
        first, last = dated[0], dated[-1]
        rising = all(
            interval(later)[1] >= interval(earlier)[0]
            for earlier, later in itertools.pairwise(dated)
        )
        if rising and interval(last)[0] > interval(first)[1]:
            return "update", (
                f"{measure}: the count rose from {describe(first)} to {describe(last)}; "
                "the later report is the current figure."
            )
    low_report = max(reports, key=lambda r: interval(r)[0])
    high_report = min(reports, key=lambda r: interval(r)[1])
    return "conflict", (
        f"{measure}: {describe(low_report)} and {describe(high_report)} cannot both be true "
        "for the same time."
    )
