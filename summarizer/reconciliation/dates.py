"""Dates a figure holds for: publication dates, and as-of words resolved against them.

Only what is certain becomes a date. "on Thursday" in an article published on Thursday 2
November 2023 is that day, and a weekday within the six days before publication is the last such
day (news reports the past week, not the next); "yesterday" is the day before; "2 November" or
"November 2" takes the publication year. "in March", "recently" or "next week" give no date:
comparing them as if they did would invent updates and conflicts.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

WEEKDAYS: Final = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS: Final = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>\d{4}))?"
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b{_YEAR}", re.IGNORECASE)
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b{_YEAR}", re.IGNORECASE)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_TODAY = re.compile(r"\b(today|tonight|this (?:morning|afternoon|evening))\b", re.IGNORECASE)
_YESTERDAY = re.compile(r"\b(yesterday|last night)\b", re.IGNORECASE)
# Words that move a weekday away from the past week: "next Monday", "by Friday", "until Friday".
_NOT_PAST = re.compile(r"\b(next|coming|by|until|till|from)\s+$", re.IGNORECASE)
_PUBLISHED_FORMATS: Final = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d")


def publication_date(published: str | None) -> dt.date | None:
    """An article's `published` field as a date (ISO 8601 or "September 17, 2008"), else None."""
    if not published:
        return None
    text = published.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for layout in _PUBLISHED_FORMATS:
        try:
            return dt.datetime.strptime(text, layout).date()
        except ValueError:
            continue
    return None


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(MONTHS, 1) if month.startswith(key))


def _calendar_date(found: re.Match[str], published: dt.date | None) -> dt.date | None:
    year = int(found["year"]) if found["year"] else (published.year if published else None)
    if year is None:
        return None
    try:
        day = dt.date(year, _month_number(found["month"]), int(found["day"]))
    except ValueError:
        return None
    if not found["year"] and published is not None and day > published + dt.timedelta(days=31):
        # "December 30" in an article of 2 January is last year's.
        day = day.replace(year=year - 1)
    return day


def resolve_as_of(text: str | None, published: dt.date | None) -> dt.date | None:  # noqa: PLR0911 - one return per way a date is written
    """The one date `text` names for certain, given the publication date; else None."""
    if not text:
        return None
    if found := _ISO.search(text):
        try:
            return dt.date(int(found[1]), int(found[2]), int(found[3]))
        except ValueError:
            return None
    for pattern in (_MONTH_DAY, _DAY_MONTH):
        if found := pattern.search(text):
            return _calendar_date(found, published)
    if published is None:
        return None
    if _TODAY.search(text):
        return published
    if _YESTERDAY.search(text):
        return published - dt.timedelta(days=1)
    if (found := _WEEKDAY.search(text)) and not _NOT_PAST.search(text[: found.start()]):
        back = (published.weekday() - WEEKDAYS.index(found[1].lower())) % 7
        return published - dt.timedelta(days=back)
    return None
