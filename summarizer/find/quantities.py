"""Numbers as news articles write them: parse one, find all with spans, compare values.

Figures extracted by the model carry a normalised value; grounding checks that the value really
occurs in the article's own words, and the evaluation scorer compares values. Both need one
deterministic reading of "9,061", "1.4 million", "$5.9bn", "twenty-five" or "between 5 and 10".

Matching runs on a copy of the text in which exotic spaces and minus signs are swapped one for
one with ASCII ones, so every offset found there is an offset into the caller's text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from summarizer.schema.briefing import Qualifier


@dataclass(frozen=True, slots=True)
class Quantity:
    """One numeric mention found in a text.

    Attributes:
        value: The normalised value ("1.4 million" -> 1400000.0, "3 percent" -> 3.0); the lower
            bound for a range.
        value_max: The upper bound of a range ("5-10" -> 10.0), None otherwise.
        unit: "percent", an ISO currency code such as "USD", or None.
        qualifier: What the cue before the number says about it ("more than" -> "more_than").
        start: Offset of the mention's first character, cue included.
        end: Offset just past the mention.
        text: The mention as written, `text[start:end]` of the text searched.
    """

    value: float
    value_max: float | None
    unit: str | None
    qualifier: Qualifier
    start: int
    end: int
    text: str


# One-for-one replacements keep offsets valid in the caller's text.
_NORMALISE: Final = str.maketrans(
    {
        "\u00a0": " ",
        "\u2007": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
    }
)

_FLAGS: Final = re.ASCII | re.IGNORECASE | re.VERBOSE
_LOOKBACK: Final = 40
_ONE: Final = Decimal(1)

_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SMALL = rf"(?:(?:{_TENS})(?:[-\s](?:{_UNITS})\b)?|{_TEENS}|{_UNITS}|zero)\b"
_SCALE_WORDS = "dozen|hundred|thousand|million|billion|trillion"
# A bare "a" is a number only in front of a scale word: "a dozen", "a million".
_WORDS = (
    rf"(?:{_SMALL}|a(?=\s+(?:{_SCALE_WORDS})\b))"
    rf"(?:\s+hundred\b(?:\s+(?:and\s+)?{_SMALL})?)?"
)
# Bounded, possessive digit runs keep Decimal arithmetic small and the scan linear; the
# lookahead refuses to stop inside a longer number ("1.2.3", "1,234,5678"). A comma before one
# or two digits is a decimal comma when a percent, a scale word or euros follow ("8,26%", "1,5
# million", as writers from continental Europe put it): read apart, the figure was 8 and 26%.
_DECIMAL_COMMA = (
    r"[0-9]{1,3},[0-9]{1,2}(?=\s?(?:%|€|per\s?cent\b|euros?\b|(?:million|billion|trillion)\b))"
)
_DIGITS = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,10}+(?:\.[0-9]{1,30})?+"
    rf"|{_DECIMAL_COMMA}"
    r"|[0-9]{1,30}+(?:\.[0-9]{1,30})?+)"
    r"(?!\.?[0-9]|,[0-9]{3})"
)

# A number starts after anything but a letter or digit: an underscore separates words in slugs
# ("falls_below_9,000"), and a three-digit group after "9," is the tail of a number the
# lookbehind refused ("x9,000"), never a number itself; "1,2,3" is still a list of three.
# "US $199" is written apart as often as "US$199"; only the capitals count ("a $5 fee"). A
# pound sign may come as "#" and a space ("a # 13 billion contract", "sold for # 0.79": the
# corpus's Wikinews text lost its "£" so); "#1" stays a rank.
_ATOM_RE: Final = re.compile(
    rf"""
    (?<![^\W_])(?<![0-9]\.)(?!(?<=[0-9],)[0-9]{{3}}(?![0-9]))
    (?P<cur>(?:(?:US|AU|A|CA|C|NZ|HK)?\$|(?-i:US|U\.S\.)\s\$)\s?|[€£¥]\s?|(?-i:USD|EUR|GBP|JPY)\s?
        |\#\s(?=[0-9]))?
    (?P<sign>-(?=[0-9]))?
    (?:
        (?P<num>{_DIGITS})(?!(?:st|nd|rd|th)\b)
      | (?P<words>{_WORDS})
    )
    (?P<half>\s+and\s+a\s+half\b)?
    (?:
        (?:\s+|-)(?P<scale>{_SCALE_WORDS})\b
      | \s?(?P<suffix>bn|mn|tn|m|k|(?(cur)b|(?!)))(?!\w)
    )?
    (?P<unit>
        \s?%
      | (?:\s+|-)(?:per\s?cent|pct)\b
      | \s+(?:US\s+)?(?:dollars?|euros?|pounds?(?:\s+sterling)?|yen)\b
      | \s+(?-i:USD|EUR|GBP|JPY)\b
    )?
    """,
    _FLAGS,
)

_SCALES: Final[dict[str, Decimal]] = {
    "dozen": Decimal(12),
    "hundred": Decimal(100),
    "thousand": Decimal(10**3),
    "k": Decimal(10**3),
    "million": Decimal(10**6),
    "m": Decimal(10**6),
    "mn": Decimal(10**6),
    "billion": Decimal(10**9),
    "bn": Decimal(10**9),
    "b": Decimal(10**9),
    "trillion": Decimal(10**12),
    "tn": Decimal(10**12),
}

_UNIT_TOKEN_RE: Final = re.compile(r"[a-z$%€£¥#]+")
_UNIT_CODES: Final[dict[str, str]] = {
    "%": "percent",
    "percent": "percent",
    "cent": "percent",
    "pct": "percent",
    "$": "USD",
    "us$": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "usd": "USD",
    "a$": "AUD",
    "au$": "AUD",
    "c$": "CAD",
    "ca$": "CAD",
    "nz$": "NZD",
    "hk$": "HKD",
    "€": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "#": "GBP",  # ISO 646-GB put "£" where ASCII has "#": text that passed through it keeps "#"
    "pound": "GBP",
    "pounds": "GBP",
    "gbp": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "jpy": "JPY",
}

CURRENCIES: Final = frozenset(code for code in _UNIT_CODES.values() if code != "percent")
"""The currency codes an amount's unit may be ("USD", "EUR", ...)."""

_WORD_VALUES: Final[dict[str, int]] = {
    word: number for number, word in enumerate(("zero", *_UNITS.split("|"), *_TEENS.split("|")))
} | {word: 10 * tens for tens, word in enumerate(_TENS.split("|"), start=2)}

_CUES: Final[dict[str, Qualifier]] = {
    "more than": "more_than",
    "over": "more_than",
    "above": "more_than",
    "upwards of": "more_than",
    "in excess of": "more_than",
    "at least": "at_least",
    "no fewer than": "at_least",
    "no less than": "at_least",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "some": "about",
    "nearly": "about",
    "almost": "about",
    "an estimated": "about",
    "close to": "about",
    "up to": "up_to",
    "as many as": "up_to",
    "as much as": "up_to",
    "no more than": "up_to",
    "less than": "less_than",
    "fewer than": "less_than",
    "under": "less_than",
    "below": "less_than",
}
_CUE_RE: Final = re.compile(
    r"(?<!\w)(?P<cue>"
    + "|".join(re.escape(cue).replace(r"\ ", r"\s+") for cue in sorted(_CUES, key=len)[::-1])
    # "approximately another 100": the hedge is the further batch's (evals/LABELLING.md).
    + r")\s+(?:(?:another|a\s+further|an\s+additional)\s+)?\Z",
    _FLAGS,
)
# A bound on a round level: "below the 5000 mark", "above the 10,000 level".
_LEVEL_CUE_RE: Final = re.compile(r"(?<!\w)(?P<cue>below|above|under|over)\s+the\s+\Z", _FLAGS)
_MARK_AFTER: Final = re.compile(r"\s+(?:mark|level|barrier|threshold)\b", _FLAGS)
_BETWEEN_RE: Final = re.compile(r"(?<!\w)between\s+\Z", _FLAGS)
_FROM_RE: Final = re.compile(r"(?<!\w)from\s+\Z", _FLAGS)
_DASH_GAP_RE: Final = re.compile(r"\s*[-\u2013]\s*")
_TO_GAP_RE: Final = re.compile(r"\s+to\s+", _FLAGS)
_AND_GAP_RE: Final = re.compile(r"\s+and\s+", _FLAGS)


@dataclass(frozen=True, slots=True)
class _Atom:
    """One number with its own currency, sign, scale and unit, before ranges are joined."""

    start: int
    end: int
    base: Decimal
    scale: Decimal | None
    unit: str | None
    signed: bool

    @property
    def value(self) -> Decimal:
        return self.base * (self.scale if self.scale is not None else _ONE)


@dataclass(frozen=True, slots=True)
class _Found:
    """A mention plus the values it also vouches for when written unscaled ("1.4" of "1.4m")."""

    quantity: Quantity
    mantissas: tuple[float, ...]


def parse_number(text: str) -> Quantity | None:
    """Parse a short string meant to hold one number as written.

    Args:
        text: For example "more than 9,000", "$5.9 billion", "twenty-five" or "between 5 and 10";
            surrounding words are allowed ("9,061 people").

    Returns:
        The first mention in `text` (a range counts as one), or None when it holds no number.
    """
    found = find_quantities(text)
    return found[0] if found else None


def find_quantities(text: str) -> list[Quantity]:
    """Find every numeric mention in running text.

    Args:
        text: Any text, such as a whole article.

    Returns:
        The mentions in order, non-overlapping, each with `text[q.start:q.end] == q.text`.
        Ordinals ("3rd", "first") and bare plurals ("dozens", "hundreds") are not mentions.
    """
    return [found.quantity for found in _scan(text)]


def values_match(a: float, b: float, *, rel_tol: float = 1e-6) -> bool:
    """Tell whether two values are equal within a relative tolerance.

    Args:
        a: One value.
        b: The other value.
        rel_tol: Largest accepted difference, relative to the larger magnitude.

    Returns:
        True when the values agree (two zeros always do), False otherwise or for NaN.
    """
    return math.isclose(a, b, rel_tol=rel_tol, abs_tol=0.0)


def value_occurs_in(value: float, text: str, *, rel_tol: float = 1e-6) -> bool:
    """Tell whether `value` is written somewhere in `text`.

    A mention matches through its value, its range bound, or its number before scaling, so a
    figure stored as 1.4 (with "million" kept in its unit) is found in "1.4 million" just as
    1400000 is. Signs are ignored because articles write declines as "fell 3.5%".

    Args:
        value: The figure's value.
        text: The text to search, such as the article.
        rel_tol: Tolerance passed to `values_match`.

    Returns:
        True when some mention in `text` matches.
    """
    target = abs(value)
    for found in _scan(text):
        quantity = found.quantity
        candidates = (quantity.value, quantity.value_max, *found.mantissas)
        if any(c is not None and values_match(target, abs(c), rel_tol=rel_tol) for c in candidates):
            return True
    return False


def _scan(text: str) -> list[_Found]:
    norm = text.translate(_NORMALISE)
    atoms = [_atom(match) for match in _ATOM_RE.finditer(norm)]
    found: list[_Found] = []
    index, prev_end = 0, 0
    while index < len(atoms):
        joined = None
        if index + 1 < len(atoms):
            joined = _as_range(text, norm, atoms[index], atoms[index + 1], prev_end)
        if joined is not None:
            index += 2
        else:
            joined = _as_single(text, norm, atoms[index], prev_end)
            index += 1
        found.append(joined)
        prev_end = joined.quantity.end
    return found


def _as_single(text: str, norm: str, atom: _Atom, prev_end: int) -> _Found:
    start = atom.start
    qualifier: Qualifier = "exact"
    cue = _CUE_RE.search(norm, max(prev_end, atom.start - _LOOKBACK), atom.start)
    # Looked for only after "the N mark/level": most numbers have neither.
    mark = _MARK_AFTER.match(norm, atom.end) if cue is None else None
    level = (
        _LEVEL_CUE_RE.search(norm, max(prev_end, atom.start - _LOOKBACK), atom.start)
        if mark is not None
        else None
    )
    if cue is not None:
        start, qualifier = cue.start(), _CUES[" ".join(cue["cue"].lower().split())]
    elif level is not None:
        # "fell below the 5000 mark": a bound on a level. The number keeps its own words, so
        # what it measures is read off the same parse as "the 5000 mark" alone.
        qualifier = _CUES[level["cue"].lower()]
    quantity = Quantity(
        float(atom.value), None, atom.unit, qualifier, start, atom.end, text[start : atom.end]
    )
    return _Found(quantity, (float(atom.base),) if atom.scale is not None else ())


def _as_range(text: str, norm: str, low: _Atom, high: _Atom, prev_end: int) -> _Found | None:
    gap, high_base = norm[low.end : high.start], high.base
    if high.signed and not gap.strip():
        # "5 -10" and "5%-10%": the minus is the range dash, not a sign.
        gap, high_base = gap + "-", -high_base
    start = _range_start(norm, gap, low.start, prev_end)
    if start is None or (low.unit and high.unit and low.unit != high.unit):
        return None
    if low.unit == "percent" and high.unit is None and _TO_GAP_RE.fullmatch(gap):
        return None  # "fell 3.16% to 2138.14": a move, then the level it reached
    low_scale = low.scale
    if low_scale is None and high.scale is not None and low.base < high_base:
        # "5-10 million" scales both ends, but "500 to 1 million" does not.
        low_scale = high.scale
    low_value = low.base * (low_scale if low_scale is not None else _ONE)
    high_value = high_base * (high.scale if high.scale is not None else _ONE)
    if not high_value > low_value:
        return None  # "won 3-1", "2023-10-07": not ranges
    unit = low.unit or high.unit
    quantity = Quantity(
        float(low_value), float(high_value), unit, "range", start, high.end, text[start : high.end]
    )
    return _Found(quantity, (float(low.base), float(high_base)))


def _range_start(norm: str, gap: str, low_start: int, prev_end: int) -> int | None:
    if _DASH_GAP_RE.fullmatch(gap):
        return low_start
    window = max(prev_end, low_start - _LOOKBACK)
    if _TO_GAP_RE.fullmatch(gap):
        # "rose from 5 to 10" reports a change between two figures, not a range.
        return None if _FROM_RE.search(norm, window, low_start) else low_start
    if _AND_GAP_RE.fullmatch(gap):
        between = _BETWEEN_RE.search(norm, window, low_start)
        return between.start() if between is not None else None
    return None


def _atom(match: re.Match[str]) -> _Atom:
    if match["num"] is not None:
        num = match["num"]
        decimal_comma = re.fullmatch(r"[0-9]+,[0-9]{1,2}", num) is not None
        base = Decimal(num.replace(",", ".") if decimal_comma else num.replace(",", ""))
    else:
        base = Decimal(_words_value(match["words"]))
    if match["half"]:  # "two and a half years", "one and a half million"
        base += Decimal("0.5")
    scale_word = match["scale"] or match["suffix"]
    return _Atom(
        start=match.start(),
        end=match.end(),
        base=-base if match["sign"] else base,
        scale=_SCALES[scale_word.lower()] if scale_word else None,
        unit=_unit_of(match["cur"]) or _unit_of(match["unit"]),
        signed=bool(match["sign"]),
    )


def _words_value(words: str) -> int:
    total = 0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "hundred":
            total = (total or 1) * 100
        elif word == "a":
            total += 1
        elif word != "and":
            total += _WORD_VALUES[word]
    return total


def _unit_of(raw: str | None) -> str | None:
    if not raw:
        return None
    for token in _UNIT_TOKEN_RE.findall(raw.lower()):
        if token in _UNIT_CODES:
            return _UNIT_CODES[token]
    return None
