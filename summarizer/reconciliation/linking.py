"""Which reports of one story are one quantity: pairs assessed by rule, then grouped.

Every pair of reports gets one status. A hard difference (another unit, another kind of thing
counted, values more than `MAX_RATIO` apart) keeps them apart; a scope difference between
otherwise similar measures is a near miss (shown with its reason, never merged); measures that
share enough words are linked; the band between is `borderline`, which only a judge may link,
unless both give the very same exact value, too large to recur by chance ("52" votes for "the
bill" and for "the auto bailout proposition"): the measure's words and the number together.
Within one article an amount restated in brackets ("$12 million (about US$16 million)") is one
amount written twice, kept apart, and one exact value said twice is a repeat or two things
counted ("one of two plants", "two more plants"): nothing to reconcile, borderline at most; a
bound beside an exact value, or two sources, link as across articles. A name spelled out on one
side and by its initials on the other ("Dow Jones Industrial Average", "DJIA") is one name.
Groups are grown from the strongest links down, and two groups merge only when no pair across
them is apart or a near miss, so one loose link cannot chain unrelated figures together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from summarizer.reconciliation.intervals import interval
from summarizer.reconciliation.measures import (
    Sense,
    as_acronyms,
    counted_noun,
    jaccard,
    normal_unit,
    read_measure,
    scope_difference,
)
from summarizer.reconciliation.report import Report

LINK: Final = 0.5
"""Share of measure words above which two reports with no scope difference are one quantity."""
BORDERLINE: Final = 0.3
"""Share of measure words from which a pair is worth a judge's look (and a near miss)."""
MAX_RATIO: Final = 2.0
"""Two reports of one quantity are within a factor of two: a toll is not 1,400 and 9,000."""

Status = Literal["link", "borderline", "near_miss", "apart"]
Judge = Callable[[Report, Report], bool | None]
"""Asked about a borderline pair: True links it, False keeps it apart, None: the rules decide."""


@dataclass(frozen=True)
class Pair:
    """The assessment of two reports (indices into the story's reports)."""

    a: int
    b: int
    status: Status
    score: float
    why: str | None = None
    judged: bool = False


def sense_of(report: Report) -> Sense:
    """The report's measure read into slots, with its evidence as context."""
    # A count's noun written as its unit ("palestinians") is part of what it measures.
    noun = counted_noun(report.unit)
    measure = (
        f"{noun} {report.measure}"
        if noun and noun.lower() not in report.measure.lower()
        else report.measure
    )
    return read_measure(measure, report.evidence.text, report.number)


def directional(*senses: Sense) -> bool:
    """Whether the measures name a movement (a fall, a rise), whose sign is only its direction."""
    return all(sense.heads & {"fall", "rise"} for sense in senses)


def compatible_values(a: Report, b: Report, *, magnitude: bool = False) -> bool:
    """Whether one value satisfies both reports, given their qualifiers."""
    (low_a, high_a) = interval(a, magnitude=magnitude)
    (low_b, high_b) = interval(b, magnitude=magnitude)
    return max(low_a, low_b) <= min(high_a, high_b)


def _typical(report: Report) -> float:
    if report.value_max is not None:
        return (report.value + report.value_max) / 2
    return report.value


def _ratio(a: Report, b: Report) -> float:
    x, y = abs(_typical(a)), abs(_typical(b))
    if x == 0 or y == 0:
        return 1.0 if x == y else math.inf
    return max(x, y) / min(x, y)


def assess(a: Report, b: Report, sa: Sense, sb: Sense, *, index: tuple[int, int]) -> Pair:  # noqa: PLR0911 - one return per rule
    """One pair's status, by rule."""
    i, j = index
    sa, sb = as_acronyms(sa, sb), as_acronyms(sb, sa)
    if normal_unit(a.unit) != normal_unit(b.unit):
        return Pair(i, j, "apart", 0.0, "different units")
    if sa.heads and sb.heads and not (sa.heads & sb.heads):
        return Pair(i, j, "apart", 0.0, "different things counted")
    score = jaccard(sa.terms, sb.terms)
    if score < BORDERLINE:
        return Pair(i, j, "apart", score)
    if (difference := scope_difference(sa, sb)) is not None:
        return Pair(i, j, "near_miss", score, f"different scope: {difference}")
    magnitude = directional(sa, sb)
    if a.article_id == b.article_id and _restated(a, b):
        # "$12 million (about US$16 million)": one amount written twice, in other units.
        return Pair(i, j, "apart", score, "one amount restated in other units")
    if a.article_id == b.article_id and not compatible_values(a, b, magnitude=magnitude):
        # An article does not contradict itself in one breath: two values it gives for similar
        # measures ("39%" for Chrysler and Toyota, "41%" for Ford) are two quantities.
        return Pair(i, j, "near_miss", score, "different scope: one article gives both values")
    if a.as_of and b.as_of and a.as_of != b.as_of and not (sa.cumulative and sb.cumulative):
        days = f"{a.as_of.isoformat()} vs {b.as_of.isoformat()}"
        return Pair(i, j, "near_miss", score, f"different scope: different days ({days})")
    if _ratio(a, b) > MAX_RATIO and not (magnitude and compatible_values(a, b, magnitude=True)):
        return Pair(i, j, "apart", score, "values too far apart to be one quantity")
    if a.article_id == b.article_id and _same_exact(a, b):
        # An article that gives one exact value twice repeats itself, or counts two things
        # ("one of two plants", "two more plants"): nothing to reconcile, so the rules do not
        # link it; a bound beside an exact value, or two sources, are linked.
        return Pair(i, j, "borderline", score)
    linked = score >= LINK or _same_exact_value(a, b)
    return Pair(i, j, "link" if linked else "borderline", score)


def _same_exact(a: Report, b: Report) -> bool:
    exact = a.qualifier == b.qualifier == "exact"
    return exact and (a.value, a.value_max) == (b.value, b.value_max)


def _restated(a: Report, b: Report) -> bool:
    """Whether one report's number restates the other's in brackets, in the same sentence."""
    if (a.evidence.start, a.evidence.end) != (b.evidence.start, b.evidence.end):
        return False
    text = a.evidence.text
    for first, second in ((a.number, b.number), (b.number, a.number)):
        pattern = re.escape(first) + r"\s*\(\s*(?:\w+\s+){0,2}?" + re.escape(second)
        if re.search(pattern, text):
            return True
    return False


def _same_exact_value(a: Report, b: Report) -> bool:
    """Two exact values that are the same number, large enough not to recur by chance.

    Measures that share enough words to be worth a judge's look and give the very same "52"
    votes or "$14 billion" are one quantity in other words ("votes for the bill", "votes for
    the auto bailout proposition"); small counts ("two plants") recur in any story.
    """
    return _same_exact(a, b) and abs(a.value) >= _CHANCE_VALUES


_CHANCE_VALUES: Final = 10
"""Below this an equal value says little: "two", "three" and "five" recur in any story."""


def assess_all(reports: Sequence[Report], judge: Judge | None = None) -> list[Pair]:
    """Every pair of the story's reports, borderline ones put to the judge when there is one."""
    senses = [sense_of(report) for report in reports]
    pairs = []
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            pair = assess(reports[i], reports[j], senses[i], senses[j], index=(i, j))
            if pair.status == "borderline" and judge is not None:
                decision = judge(reports[i], reports[j])
                if decision is not None:
                    status: Status = "link" if decision else "apart"
                    why = None if decision else "the judge found different quantities"
                    pair = Pair(i, j, status, pair.score, why, judged=True)
            pairs.append(pair)
    return pairs


def group(count: int, pairs: Sequence[Pair]) -> list[list[int]]:
    """Groups of two or more linked reports, each sorted, strongest links merged first."""
    members = {n: {n} for n in range(count)}
    owner = list(range(count))
    by_pair = {(p.a, p.b): p for p in pairs}

    def compatible(x: set[int], y: set[int]) -> bool:
        for i in x:
            for j in y:
                pair = by_pair[(min(i, j), max(i, j))]
                if pair.status in {"apart", "near_miss"}:
                    return False
        return True

    for pair in sorted(pairs, key=lambda p: (-p.score, p.a, p.b)):
        if pair.status != "link":
            continue
        x, y = owner[pair.a], owner[pair.b]
        if x == y or not compatible(members[x], members[y]):
            continue
        members[x] |= members.pop(y)
        for n in members[x]:
            owner[n] = x
    return sorted(sorted(m) for m in members.values() if len(m) > 1)
