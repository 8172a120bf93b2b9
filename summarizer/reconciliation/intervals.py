"""The values a report allows: its number read through its qualifier."""

from __future__ import annotations

import math
from typing import Final

from summarizer.reconciliation.report import Report

ABOUT: Final = 0.1
""""about 240" holds for 216 to 264."""


def interval(report: Report, *, magnitude: bool = False) -> tuple[float, float]:
    """The values a report allows, given its qualifier ("more than 9,000" is (9000, inf)).

    With `magnitude`, a negative value counts by its size: a "fall of -3.16%" is a fall of 3.16%.
    """
    value = abs(report.value) if magnitude else report.value
    match report.qualifier:
        case "at_least" | "more_than":
            return value, math.inf
        case "up_to" | "less_than":
            return -math.inf, value
        case "about":
            return value * (1 - ABOUT), value * (1 + ABOUT)
        case "range":
            top = report.value_max if report.value_max is not None else report.value
            top = abs(top) if magnitude else top
            return min(value, top), max(value, top)
        case _:
            return value, value
