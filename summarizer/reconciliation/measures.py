"""What a figure measures, read from its words: the thing counted, its scope, its unit.

Linking never compares numbers first. Two figures can be one quantity only when their measures
name the same kind of thing (`heads`: killed, injured, price, sales, ...), in the same unit, with
a compatible scope. Scope comes in slots, because the same words can sit in different slots
without contradicting each other: "Palestinians killed" (who) and "people killed in Gaza" (where)
are one toll, while "killed in Gaza" and "killed on the Israeli side" (both where) are not.

The vocabulary below is ordinary news English (synonyms of the few things news counts most),
not the words of any one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Final

from summarizer.reconciliation.dates import MONTHS, WEEKDAYS

# Canonical concepts: every word on the right reads as the word on the left.
_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "die": (
        "kill",
        "killed",
        "killing",
        "killings",
        "died",
        "dead",
        "death",
        "fatality",
        "fatalities",
        "lives",
        "slain",
        "toll",
        "perished",
    ),
    "injure": ("injured", "injury", "injuries", "wounded", "wound", "hurt"),
    "captive": (
        "abducted",
        "abduction",
        "kidnapped",
        "captured",
        "captive",
        "hostage",
        "taken",
        "seized",
    ),
    "child": ("children", "minor", "minors", "kid", "kids", "under-18", "juvenile"),
    "missing": ("unaccounted",),
    "leave": ("left", "departed", "departure", "departures", "exited", "fled", "crossed"),
    "evacuate": ("evacuated", "evacuation", "evacuee", "evacuees"),
    "fall": (
        "fell",
        "drop",
        "dropped",
        "decline",
        "declined",
        "lost",
        "loss",
        "losses",
        "slump",
        "slumped",
        "plunge",
        "plunged",
        "down",
        "tumble",
        "tumbled",
        "slid",
        "lower",
        "decrease",
        "decreased",
        "shed",
    ),
    "rise": (
        "rose",
        "gain",
        "gained",
        "up",
        "climb",
        "climbed",
        "jump",
        "jumped",
        "surge",
        "surged",
        "rally",
        "rallied",
        "higher",
        "increase",
        "increased",
        "soar",
        "soared",
    ),
    "price": ("cost", "priced", "costing", "fare", "fee"),
    "sale": ("sold", "sell", "selling", "sales"),
    "job": ("jobs", "post", "posts", "position", "positions", "layoff", "layoffs"),
    "cut": (
        "cuts",
        "cutting",
        "eliminate",
        "eliminated",
        "slash",
        "slashed",
        "reduce",
        "reduced",
        "reduction",
    ),
    "loan": ("loans", "lend", "lent", "lending"),
    "aid": ("bailout", "rescue", "assistance", "subsidy", "subsidies"),
    "vote": ("votes", "voted", "voting", "ballot"),
    "level": ("close", "closed", "closing", "stood", "finish", "finished", "ended"),
    "worker": ("employee", "employees", "staff", "workforce", "workers"),
}
CANON: Final[dict[str, str]] = {w: head for head, words in _SYNONYMS.items() for w in words}
CANON.update({head: head for head in _SYNONYMS})

# Counts that only grow: a later, higher report of one of these is an update, not a conflict.
CUMULATIVE_HEADS: Final = frozenset({"die", "injure", "captive", "leave", "evacuate", "missing"})
# The thing counted. Two measures with heads in common can be one quantity; with heads that
# differ ("killed" vs "injured"), never.
HEADS: Final = frozenset(_SYNONYMS) - {"child", "worker"}
# Nouns that narrow a population: "children killed" is a part of "people killed", not the same.
GROUPS: Final = frozenset(
    {"child", "woman", "women", "man", "men", "soldier", "civilian", "militant", "patient",
     "student", "worker", "officer", "police", "journalist", "adult", "foreigner", "resident",
     "refugee", "citizen", "passenger", "crew", "doctor", "nurse", "teacher", "prisoner",
     "american", "national", "holder", "fighter", "member", "customer", "dealer", "dealership"}
)  # fmt: skip
_GENERIC: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "by",
        "with",
        "and",
        "or",
        "from",
        "as",
        "its",
        "their",
        "his",
        "her",
        "our",
        "this",
        "that",
        "these",
        "those",
        "who",
        "which",
        "whom",
        "whose",
        "what",
        "people",
        "person",
        "persons",
        "number",
        "total",
        "figure",
        "amount",
        "some",
        "be",
        "is",
        "are",
        "was",
        "were",
        "been",
        "being",
        "have",
        "has",
        "had",
        "so",
        "far",
        "since",
        "about",
        "around",
        "more",
        "than",
        "over",
        "least",
        "nearly",
        "almost",
        "approximately",
        "estimated",
        "value",
        "count",
        "reported",
        "according",
        "said",
        "says",
        "per",
        "each",
        "all",
        "any",
        "other",
        "another",
        "also",
        "only",
        "just",
        "still",
        "already",
        "now",
        "then",
        "there",
        "here",
        "it",
        "they",
        "he",
        "she",
        "we",
        "you",
        "into",
        "out",
        "up",
        "after",
        "before",
        "during",
        "while",
        "when",
        "where",
        "how",
        "many",
        "much",
        "very",
        "same",
        "new",
    ]
)
_PREPOSITIONS: Final = frozenset(
    {"in", "on", "at", "from", "across", "inside", "outside", "into", "near", "within",
     "throughout", "to"}
)  # fmt: skip
_WHEN: Final = frozenset(
    [
        *WEEKDAYS,
        *MONTHS,
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "yesterday",
        "today",
        "tonight",
        "morning",
        "afternoon",
        "evening",
        "intraday",
        "midday",
    ]
)
# Phrases that say a count is cumulative; cut from the scope so "since war broke out" and "so
# far" do not make two tolls look different.
_RUNNING_TOTAL = re.compile(
    r"\b(?:since\b.*$|so far|to date|in (?:just )?\S+ days of \w+|overall|cumulative|in total)",
    re.IGNORECASE,
)
_UNDER_AGE = re.compile(r"\bunder(?:\s+the\s+age\s+of)?\s*-?\s*18\b|\bunder-18\b", re.IGNORECASE)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’.&-]*[A-Za-z0-9]|[A-Za-z]|\d+(?:[-.]?[A-Za-z0-9]+)*")
_YEAR = re.compile(r"(?:19|20)\d\d")
# Words that make a figure something other than an outcome already counted: a plan, a forecast,
# a further batch ("another two" plants are not the first two).
_MODAL: Final = frozenset(
    [
        "plan",
        "planned",
        "planning",
        "plans",
        "expected",
        "expect",
        "expects",
        "scheduled",
        "could",
        "may",
        "might",
        "would",
        "will",
        "predicted",
        "forecast",
        "forecasts",
        "target",
        "targeted",
        "proposed",
        "projected",
        "hoped",
        "aim",
    ]
)
_ANOTHER: Final = frozenset({"another", "additional", "further", "other", "extra"})
_UNITS: Final[dict[str, str]] = {
    "%": "percent", "percent": "percent", "per cent": "percent", "percentage points": "points",
    "people": "", "persons": "", "person": "", "individuals": "", "": "",
    "$": "USD", "us$": "USD", "usd": "USD", "dollars": "USD", "us dollars": "USD",
    "points": "points", "point": "points", "pts": "points",
}  # fmt: skip
_SHORTEST_IES = 4
_SHORTEST_S = 3
_SHORTEST_STEM = 4
"""A name keeps its suffix when less than this would be left ("Iran" is not "Ir" + "an")."""
_SHORTEST_TERM = 2


def stem(word: str) -> str:
    """A word's comparable form: lower case, no possessive, no plural -s, synonyms merged."""
    low = word.lower().replace("’", "'").strip(".'-")
    low = low.removesuffix("'s").removesuffix("'")
    if low in CANON:
        return CANON[low]
    # Short words keep their s and ies: "bus", "gas", "lies" are no plurals worth merging.
    if low.endswith("ies") and len(low) > _SHORTEST_IES:
        low = low[:-3] + "y"
    elif low.endswith("s") and not low.endswith("ss") and len(low) > _SHORTEST_S:
        low = low[:-1]
    return CANON.get(low, low)


def entity_key(word: str) -> str:
    """A name's comparable form: "Israeli", "Israelis" and "Israel" all read "israel"."""
    low = stem(word)
    for suffix in ("ian", "ean", "an", "i", "e", "a"):
        if low.endswith(suffix) and len(low) - len(suffix) >= _SHORTEST_STEM:
            return low[: -len(suffix)]
    return low


# Units that measure (money aside, which is any three-letter code or sign): everything else a
# model writes as a unit ("palestinians", "trucks") is the thing counted, not a unit.
_MEASURING: Final = frozenset(
    [
        "percent",
        "points",
        "usd",
        "eur",
        "gbp",
        "km",
        "kilometer",
        "kilometers",
        "kilometre",
        "kilometres",
        "mile",
        "miles",
        "meter",
        "meters",
        "metre",
        "metres",
        "ton",
        "tons",
        "tonne",
        "tonnes",
        "kg",
        "kilogram",
        "kilograms",
        "pound",
        "pounds",
        "barrel",
        "barrels",
        "liter",
        "liters",
        "litre",
        "litres",
        "gallon",
        "gallons",
        "second",
        "seconds",
        "minute",
        "minutes",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "degree",
        "degrees",
        "inch",
        "inches",
        "foot",
        "feet",
        "acre",
        "acres",
        "hectare",
        "hectares",
        "mph",
        "gb",
        "tb",
        "mb",
        "ghz",
        "mhz",
        "mw",
        "gw",
        "kwh",
    ]
)
_MONEY = re.compile(r"^(?:[A-Z]{3}|[A-Z]{1,3}?[$€£¥]|[$€£¥])$")


def normal_unit(unit: str | None) -> str:
    """The unit in one spelling; "" for plain counts (of people, of things) with no unit."""
    if unit is None:
        return ""
    raw = unit.strip()
    low = raw.lower()
    if low in _UNITS:
        return _UNITS[low]
    if _MONEY.match(raw):
        return {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}.get(raw, raw.upper())
    return low if low in _MEASURING else ""


def counted_noun(unit: str | None) -> str:
    """The thing counted when the "unit" is one ("palestinians", "trucks"), else ""."""
    if unit is None or normal_unit(unit) != "":
        return ""
    return "" if unit.strip().lower() in _UNITS else unit.strip()


def _is_name(token: str) -> bool:
    if any(c.isdigit() for c in token):
        return True  # "32GB", "3GS", "787": a model or edition, as distinguishing as a name
    return token[:1].isupper() and stem(token) not in _GENERIC and stem(token) not in CANON


@dataclass(frozen=True)
class Sense:
    """A measure, read into slots."""

    heads: frozenset[str]
    """The kind of thing counted (canonical words from HEADS)."""
    terms: frozenset[str]
    """Every content word of the measure (stemmed), heads and who-names included."""
    groups: frozenset[str]
    """Population nouns that narrow the scope (children, soldiers)."""
    who: frozenset[str]
    """Names outside a place phrase: whose count (Palestinians, GM, iPhone 4)."""
    where: frozenset[str]
    """Names after a preposition: where it was counted (in Gaza, on the Israeli side)."""
    when: frozenset[str]
    """Days and months in the measure itself (on Wednesday, in March)."""
    context: frozenset[str]
    """Every name in the measure and the evidence: what a slot's name may be found among."""
    cumulative: bool
    modal: bool
    """A plan, forecast or possibility, not a count of what happened."""
    another: bool
    """A further batch ("another 100", "two more plants"), by definition not the first one."""
    spelled_out: frozenset[tuple[str, frozenset[str]]] = frozenset()
    """Names of two words or more, each with its initials: ("djia", Dow Jones Industrial ...)."""


def read_measure(measure: str, evidence: str = "", number: str = "") -> Sense:
    """Read a figure's measure (and its evidence, for context) into a Sense."""
    words = {w.lower() for w in _TOKEN.findall(f"{measure} {number}")}
    text = _UNDER_AGE.sub(" children ", measure)
    running = bool(_RUNNING_TOTAL.search(text))
    text = _RUNNING_TOTAL.sub(" ", text)
    tokens = _TOKEN.findall(text)
    heads: set[str] = set()
    terms: set[str] = set()
    groups: set[str] = set()
    who: set[str] = set()
    where: set[str] = set()
    when: set[str] = set()
    place_phrase = False
    for token in tokens:
        low = token.lower()
        if low in _PREPOSITIONS:
            place_phrase = True
            continue
        word = stem(token)
        if low in _WHEN or word in _WHEN or _YEAR.fullmatch(low):
            when.add(word)
            continue
        if _is_name(token):
            key = entity_key(token)
            # "on the Israeli side": a name after a preposition is where it was counted.
            (where if place_phrase else who).add(key)
            if not place_phrase:
                terms.add(key)
            continue
        if low in {"the", "a", "an"}:
            continue
        place_phrase = False  # the place phrase ends at its first common word
        if word in _GENERIC or len(word) < _SHORTEST_TERM:
            continue
        terms.add(word)
        if word in HEADS:
            heads.add(word)
        if word in GROUPS:
            groups.add(word)
    context = {entity_key(t) for t in _TOKEN.findall(f"{measure} {evidence}") if _is_name(t)}
    spelled_out = {
        ("".join(t[0] for t in run).lower(), frozenset(entity_key(t) for t in run))
        for run in _name_runs(tokens)
    }
    return Sense(
        heads=frozenset(heads),
        terms=frozenset(terms),
        groups=frozenset(groups),
        who=frozenset(who),
        where=frozenset(where),
        when=frozenset(when),
        context=frozenset(context | who | where),
        cumulative=running or bool(heads & CUMULATIVE_HEADS),
        modal=bool(words & _MODAL),
        # "Two more plants will close": the measure left after the count starts with "more".
        another=bool(words & _ANOTHER) or measure.lower().startswith("more "),
        spelled_out=frozenset(spelled_out),
    )


def _name_runs(tokens: list[str]) -> list[list[str]]:
    """Runs of two or more capitalised words: names an acronym may stand for."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token[:1].isupper() and token.isalpha() and not token.isupper():
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= _SPELLED_OUT]


_SPELLED_OUT: Final = 2


def as_acronyms(sense: Sense, other: Sense) -> Sense:
    """`sense` with a name spelled out read as the acronym `other` uses for it.

    "fall of the Dow Jones Industrial Average" and "drop of the DJIA", "General Motors" and
    "GM": one name in two spellings, whose words would otherwise count as different terms.
    """
    for initials, keys in sense.spelled_out:
        acronym = entity_key(initials)
        if acronym in sense.terms or acronym not in other.terms:
            continue
        sense = replace(
            sense,
            terms=(sense.terms - keys) | {acronym},
            who=(sense.who - keys) | ({acronym} if sense.who & keys else set()),
            where=(sense.where - keys) | ({acronym} if sense.where & keys else set()),
            context=sense.context | {acronym},
        )
    return sense


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over all words (1.0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 1.0


def scope_difference(a: Sense, b: Sense) -> str | None:
    """Why two measures have different scopes, in a reader's words; None when they are compatible.

    A slot differs when each side names something there that the other does not mention at all
    (in its measure or its evidence): "Canadian sales" vs "US sales" differ, "Palestinians
    killed" vs "people killed in Gaza" do not (the slots differ, and the ministry's words say
    both).
    """
    for slot, label in (("who", "whose count"), ("where", "where"), ("when", "when")):
        own_a, own_b = getattr(a, slot), getattr(b, slot)
        only_a = own_a - b.context - getattr(b, slot)
        only_b = own_b - a.context - getattr(a, slot)
        if only_a and only_b:
            return f"{label} differs ({', '.join(sorted(only_a))} vs {', '.join(sorted(only_b))})"
    if a.when and b.when and not (a.when & b.when):
        return f"when differs ({', '.join(sorted(a.when))} vs {', '.join(sorted(b.when))})"
    if a.modal != b.modal:
        return "one is planned or expected, the other counts what happened"
    if a.another != b.another:
        return "one is a further batch (another, additional), not the first"
    if a.groups != b.groups:
        extra = sorted(a.groups ^ b.groups)
        return f"one counts only {', '.join(extra)}"
    return None
