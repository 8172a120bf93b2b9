"""What can be found in an article without a model: sentences, numbers, quotes and names.

The cite strategy shows these to the model with ids (`S7`, `N3`, `Q2`, `P1`); the model answers
by id, and the library builds the evidence from the ids, so evidence is the article's own text at
exact offsets by construction. Everything here is deterministic and pure: the same text always
gives the same ids.

- Sentences come from spaCy's parser (see `summarizer.find.nlp`), cut again at line breaks: a
  headline, dateline or caption line never runs into the next paragraph. Other stories' headlines
  left in the text (`summarizer.find.link_text`) are no sentences, so nothing in them is a
  candidate.
- Numbers are the number parser's mentions (`summarizer.find.quantities`), less what is almost
  never a figure: years, days of a date, times of day, and numbers that are part of a name
  ("Flight 447").
- Quotes are passages between quotation marks, typographic or straight, within one paragraph.
- Events are each sentence's main verb with its subject and object (`summarizer.find.events`).
- Names are spaCy's people, organisations, places and nationalities, plus noun phrases headed by
  an institution word that contain one ("the Israeli military", "Gaza's Health Ministry"); a
  person's later surname-only mentions ("Press") are folded into the full name ("Jim Press").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

from summarizer.find.events import EventReading, event_readings
from summarizer.find.measures import (
    CURRENCY_COUNTRIES,
    INDEX_QUOTE,
    counted_with,
    measure_readings,
    part_whole,
    people_verb,
)
from summarizer.find.names import NameCandidate, find_names
from summarizer.find.nlp import analyse, analyse_many, appositive_name, root_at, tokens_within
from summarizer.find.quantities import CURRENCIES, Quantity, find_quantities
from summarizer.find.respectively import Respective, respective_sentence
from summarizer.find.sentences import Sentence, sentence_at, split_sentences
from summarizer.find.speakers import (
    ReportedSpeech,
    antecedent_of,
    description_of,
    is_framed,
    quote_subject,
    reported_speech,
    reporter_of,
    speaker_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b", re.IGNORECASE)
# A time of day: "16:08" (the minutes after "16:", the hours before ":08"), "9 a.m.", "16 UTC".
# Each side has its own pattern: "fell 4% in 2008." is no time because "2008." ends a sentence.
_TIME_BEFORE = re.compile(r"\d[:.]\s*$|\b(?:GMT|UTC)\s*[+-]?\s*$")  # "(GMT +8)": a time zone
_TIME_AFTER = re.compile(r"^[:.]\d|^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|utc\b|gmt\b)", re.I)
# A date written in digits: "2023-10-07", "7/8/07" (either order of day and month); a span of
# years: "by 2010-11", "the 2008/09 season".
_DIGIT_DATE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?!\d)|(?<!\d)\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?:18|19|20)\d\d[-–/]\d\d(?![\d-])"
)
# A length of time as one hyphenated word, a modifier ("a 27-year contract", "a ten-month
# high"): the recogniser calls it a date, but it says how long, not when.
# What the recogniser calls a date and is none: a share ("789, or about a quarter, of its
# dealers"), a model's name ("the A380-800"), a rate's period ("an annual rate of 2.3 percent"),
# a unit of time with no number ("in after hours trading").
_NOT_A_TIME = re.compile(
    r"^(?:about |nearly |almost |roughly |some |over )?(?:a|one) (?:quarter|third|half)$"
    r"|\b[A-Z][0-9]{3}|^annual$|^(?:minutes|hours|days|weeks|months|years)$",
    re.IGNORECASE,
)
_DURATION_WORD = re.compile(
    r"(?:[\d.,]+|(?:\w+-)?(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"\w+teen|\w+ty|hundred))(?:-(?:year|month|week|day|hour|minute)s?(?:-old)?"
    r"|\s(?:year|month|week|day|hour|minute))",  # written apart, singular: "a 4 year low"
    re.I,
)
_YEAR_CUE = re.compile(
    r"\b(?:in|since|of|by|from|until|to|year|the|late|early|quarter|fiscal)\s*$|\bmid-?\s*$"
    r"|[,(]\s*$",
    re.I,
)
_ENUMERATED = 20
_DECADE_AFTER = re.compile(r"['’]?s\b")
# A version's number: "the newest version of Apple Computer's Mac OS X, version 10.4".
_VERSION_BEFORE: Final = re.compile(r"\bversion\s+$", re.IGNORECASE)
# A rank, not an amount: "the No. 1 music seller", "the #1 seller", "Rounding out the top five".
_RANK_BEFORE = re.compile(r"(?:\b(?-i:No)\.?|\btop)\s*$|#$", re.I)
# A name's last word right before the number: "Flight 447", "Standard & Poor's 500", "S&P 500",
# "iLife '11", or joined to it by a hyphen: "FTSE-100", "A330-300E", "C-17" (never digits:
# "52-35").
_NAME_BEFORE = re.compile(
    r"\b(?:[A-Z][\w&'.-]*[A-Za-z]|[a-z]+[A-Z][\w-]*)\s+'?$|\b[A-Z](?:[\w&'.]*[A-Za-z0-9])?-$"
)
# An amount restated in other units in parentheses: "9.3 millimetres (0.37 inches)", "€2.73
# ($3.68)", "about 5 kilometers (3 miles)": the same figure again, not another one.
_UNITS_BEFORE = (
    r"in|inch|inches|cm|mm|km|kg|lbs?|miles?|feet|ft|metres?|meters?|millimetres?|millimeters?|"
    r"centimetres?|centimeters?|kilometres?|kilometers?|pounds?|tonnes?|tons?|ounces?|oz|grams?|"
    r"gallons?|litres?|liters?|mph|million|billion|trillion|bn"
)
# The bracket may name its currency's country first: "US$40 billion (GB # 20.1 billion)".
# A currency's name after the scale: "500 billion rubles (US$19.7 billion)".
_CURRENCY_WORDS = r"(?:rubles?|roubles?|yuan|yen|euros?|dollars?|pounds?|rupees?|won|pesos?)"
# A unit may have a word of its kind before it: "9,420 nautical miles (17,446 kilometers)".
_RESTATED_BEFORE = re.compile(
    rf"\d(?:[\s-]*(?:(?:nautical|square|cubic|metric)\s+)?(?:{_UNITS_BEFORE}))?"
    rf"(?:\s+{_CURRENCY_WORDS})?\s*\(\s*(?-i:{'|'.join(sorted(CURRENCY_COUNTRIES))})?\s*$",
    re.IGNORECASE,
)
_RESTATE_LOOK = 40
_MODEL_LEAST = 100
_VERSION = re.compile(r"[0-9]{1,2}\.[0-9]{1,2}")
# A model's variant written like a range: "737-800", "777-200" (a range has spaces or units).
_VARIANT = re.compile(r"[0-9]{3}-[0-9]{3}")
_MODEL_AFTER = re.compile(r"-\d(?!\d)")  # "787-8": a variant (not a tally, "218-212")
_SIZE_UNIT = re.compile(r"(?:GB|MB|TB|KB|GHz|MHz|MW|GW|KW|kW|MP)\b")
# A size that names a version: "the 16GB version", "a 30GB edition", "the 60GB iPod", "(2 GHz
# model only)". Which one, not how much (evals/LABELLING.md: numbers in names).
_VERSION_AFTER = re.compile(
    r"^\s?(?:GB|MB|TB|GHz)\s+(?:(?:and|or)\s+\d+\s?(?:GB|MB|TB|GHz)\s+)?"  # "16 GB and 32 GB"
    r"(?:models?|versions?|editions?|(?:i?[A-Z])\w*)\b(?!\s+of\b)"
)
# A year that dates a name: "the company's 2010 Worldwide Developers Conference" (where the
# recogniser reads a date: "2000 Palestinians" is a count). After a possessive a bare four-digit
# number is a year ("the country's 1998 crisis"): a count that large is written "2,000".
_NAME_AFTER = re.compile(r"^\s+[A-Z][a-z]")
_POSSESSIVE_BEFORE = re.compile(r"(?:'s|\b(?:its|their))\s+$")  # "its 1967 debut"
# "the two companies", "these three brands": things the story already named, not a count.
_DEFINITE_BEFORE = re.compile(r"\b(?:the|these|those)\s+$", re.IGNORECASE)
# "the second of the big three American car manufacturers", "the other two": ones known.
_KNOWN_FEW_BEFORE = re.compile(r"\b(?:the|these|those)\s+(?:big|other)\s+$", re.IGNORECASE)
# "connect almost any two cities": whichever they are, no count of anything.
_ANY_BEFORE = re.compile(r"\bany\s+$", re.IGNORECASE)
_FEW = 10
# Elapsed time that places the story: "three weeks ago", "end two years later" (not "three days
# later than planned", a delay); a span that describes a level: "a
# 12-year low", "a three-month search".
_AGO_AFTER = re.compile(
    r"^[\s-]*(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|(?:later|earlier)(?!\s+than))\b",
    re.I,
)
_PAST_BEFORE = re.compile(r"\b(?:past|last)\s+$", re.IGNORECASE)
# "closed at its lowest level in over six years": how long since, describing the level.
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:lowest|highest|biggest|largest|worst|best|steepest|sharpest|strongest|weakest"
    r"|deepest|greatest|first)\b[^.;]{0,30}\b(?:in|for)\s+$",
    re.IGNORECASE,
)
# "reaching 8.5%, the highest since 1983", "their best weekly gain": the time a record is
# measured against or by, not the figure's own time; "the first aircraft ... in 2010" is one.
_COMPARED_SINCE = re.compile(
    r"(?:\b(?:lowest|highest|biggest|largest|worst|best|steepest|sharpest|strongest|weakest"
    r"|deepest|greatest)\b(?:[^.;,]{0,30}\b(?:since|in|for|of)\s+(?:the\s+)?|\s+)"
    r"|\bfirst\b[^.;,]{0,30}\bsince\s+)$",
    re.IGNORECASE,
)
_UNIT_OF_TIME = re.compile(r"^\s+(?:minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.I)
# A span of some activity that places a count in time: "killed in 25 days of fighting", "after
# three weeks of heavy airstrikes" (evals/LABELLING.md: "25 days of fighting" is no figure).
_PLACING_BEFORE = re.compile(r"\b(?:in|after|over|during)\s+$", re.IGNORECASE)
_PLACING_AFTER = re.compile(r"^\s+(?:days?|weeks?|months?|years?|hours?)\s+of\b", re.I)
_WITHIN_SPAN_BEFORE = re.compile(r"\bin\s+(?:just\s+|only\s+|the\s+first\s+)?$", re.IGNORECASE)
# "profitable in two years' time": when, not how much.
_TIME_FROM_NOW = re.compile(r"^\s+(?:days?|weeks?|months?|years?)['’]?\s+time\b", re.I)
_SPAN_AFTER = re.compile(
    r"^(?:-(?:day|week|month|year|decade)(?!-old)\b|\s(?:day|week|month|year|decade)\s+(?:high|low)s?\b)",
    re.I,
)  # "a 12-year low", and written apart: "at a 4 year low"
# A number joined to capitals names a thing: "3G", "3GS", "4K" (a unit is written apart or is
# one the parser reads: "32GB" stays a size).
# "3G", "4K": digits joined to capitals; "the 7e7" (Boeing's name for the 787 before its launch):
# letters closed by a digit again, a code, not a number with its unit ("500km").
_JOINED_CAPITALS = re.compile(r"^(?:[A-Z]|[a-z]+[0-9])")
_FIRST_YEAR, _LAST_YEAR = 1800, 2100
_NAMED_ENTITIES = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "PRODUCT", "FAC", "EVENT", "WORK_OF_ART", "LAW", "NORP"}
)
# Ages: "aged 51", "51 years old", "a 51-year-old", and a person's age set off by commas
# ("Mary Barra, 51, will be ..."). An age places a person, it counts nothing.
_AGE_BEFORE = re.compile(r"\b(?:aged?|age\s+of)\s+$", re.IGNORECASE)
_AGE_AFTER = re.compile(r"^(?:-|\s)years?(?:-|\s)old\b", re.IGNORECASE)
_AGE_BESIDE_NAME = (re.compile(r"\b[A-Z][\w.'-]*[A-Za-z],\s$"), re.compile(r"^,"))
_OLDEST = 120
# An age bound on who is counted: "3,760 who are under 18", "children under 5". It says whom a
# count holds, it counts nothing itself (issue 31: ages are not figures).
_AGE_BOUND = re.compile(r"^(?:under|over|below|above)\s+\d{1,3}$", re.IGNORECASE)
_AGE_HOLDERS = re.compile(
    r"\b(?:who\s+(?:are|were|is|was)|aged|children|kids|people|those|adults)\s+$", re.IGNORECASE
)
_SCALED = re.compile(r"\b(?:million|billion|trillion|bn|mn)\b", re.IGNORECASE)
_BARE_FRAME_WORDS = 4  # "Mr Howard said.", "he added."
_LOOK = 12
_MORE_AFTER = re.compile(r"\s+more\b(?!\s+than)", re.IGNORECASE)
_LOOK_SIZES = 30


@dataclass(frozen=True, slots=True)
class NumberCandidate:
    """A number the parser found, with the sentence it is in and a guess at its unit."""

    id: str
    quantity: Quantity
    sentence: str
    unit_guess: str | None
    as_of_guess: str | None = None
    """The date or time expression nearest the number in its sentence ("on Thursday")."""
    measure_guess: str | None = None
    """What the number counts, from its clause's parse ("people killed in the raid")."""
    measure_readings: tuple[str, ...] = ()
    """Every reading of what it measures, `measure_guess` first (`find.measures`)."""
    reporter_guess: str | None = None
    """The name id its sentence gives the number to ("according to X", "X said"), if any."""

    @property
    def start(self) -> int:
        """Offset of the mention, hedge included."""
        return self.quantity.start

    @property
    def end(self) -> int:
        """Offset just past the mention."""
        return self.quantity.end


@dataclass(frozen=True, slots=True)
class QuoteCandidate:
    """The words between a pair of quotation marks (the marks themselves left out)."""

    id: str
    start: int
    end: int
    text: str
    sentence: str
    speaker_guess: str | None = None
    """The name id of whoever the parse says spoke the words (`summarizer.find.speakers`), if
    anyone."""
    speaker_description: str | None = None
    """Who spoke when the article does not name them: "top administration official"."""


@dataclass(frozen=True)
class Candidates:
    """Everything found in one article text, with ids, in the order of the text."""

    text: str
    sentences: tuple[Sentence, ...]
    numbers: tuple[NumberCandidate, ...]
    quotes: tuple[QuoteCandidate, ...]
    names: tuple[NameCandidate, ...]
    reports: tuple[ReportedSpeech, ...] = ()
    """Reported speech (`find.speakers.reported_speech`): who said what, indirect or framed."""
    events: tuple[EventReading, ...] = ()
    """Each sentence's happening as the parse reads it (`find.events`), where it has a verb."""
    _by_id: dict[str, Sentence | NumberCandidate | QuoteCandidate | NameCandidate] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        """Index every candidate by its id."""
        for group in (self.sentences, self.numbers, self.quotes, self.names):
            for item in group:
                self._by_id[item.id] = item

    def sentence(self, key: str) -> Sentence | None:
        """The sentence with id `key`, if there is one."""
        found = self._by_id.get(key)
        return found if isinstance(found, Sentence) else None

    def number(self, key: str) -> NumberCandidate | None:
        """The number with id `key`, if there is one."""
        found = self._by_id.get(key)
        return found if isinstance(found, NumberCandidate) else None

    def quote(self, key: str) -> QuoteCandidate | None:
        """The quote with id `key`, if there is one."""
        found = self._by_id.get(key)
        return found if isinstance(found, QuoteCandidate) else None

    def name(self, key: str) -> NameCandidate | None:
        """The name with id `key`, if there is one."""
        found = self._by_id.get(key)
        return found if isinstance(found, NameCandidate) else None

    def within(self, start: int, end: int) -> Candidates:
        """Only the candidates inside `text[start:end]` (one part of a long article), same ids.

        Names stay whole: a part may refer to a person introduced in an earlier part.
        """
        inside = [s for s in self.sentences if start <= s.start and s.end <= end]
        keep = {s.id for s in inside}
        # Reports and events point at sentences by index: re-pointed at the part's own list.
        index = {
            i: n for n, i in enumerate(i for i, s in enumerate(self.sentences) if s.id in keep)
        }
        return Candidates(
            text=self.text,
            sentences=tuple(inside),
            numbers=tuple(n for n in self.numbers if n.sentence in keep),
            quotes=tuple(q for q in self.quotes if q.sentence in keep),
            names=self.names,
            reports=tuple(
                replace(r, sentence=index[r.sentence]) for r in self.reports if r.sentence in index
            ),
            events=tuple(
                replace(e, sentence=index[e.sentence]) for e in self.events if e.sentence in index
            ),
        )


@functools.lru_cache(maxsize=64)
def find_candidates(text: str) -> Candidates:
    """Segment `text` and find its numbers, quotes and names.

    Pure and immutable, so kept for the last texts: a Batch API run prepares each article twice
    (its request, then its reply), and the parse is most of the library's own time per article.
    """
    return _candidates(analyse(text), text)


def find_candidates_many(texts: Sequence[str], batch_size: int) -> Iterator[Candidates]:
    """The candidates of each of `texts`, in order, parsed `batch_size` at a time (less CPU).

    Exactly what `find_candidates` finds for each text; a batch's first result comes only after
    the whole batch is parsed, so a caller waiting on one text should not batch it with many.
    """
    for text, doc in zip(texts, analyse_many(texts, batch_size), strict=True):
        yield _candidates(doc, text)


def _candidates(doc: Doc, text: str) -> Candidates:
    sentences = split_sentences(doc, text)
    names = find_names(doc, sentences)
    bounds = [(s.start, s.end) for s in sentences]
    return Candidates(
        text=text,
        sentences=sentences,
        numbers=_with_labels(doc, *_numbers(doc, text, sentences), sentences, names),
        quotes=_with_speakers(doc, _quotes(text, sentences), sentences, names),
        names=names,
        reports=reported_speech(
            doc,
            bounds,
            _speakers(names),
            frozenset(n.id for n in names if n.kind == "person"),
            places=[(n.id, n.mentions) for n in names if n.kind == "place"],
        ),
        events=event_readings(doc, bounds, _namer(doc, names)),
    )


def _with_labels(
    doc: Doc,
    numbers: tuple[NumberCandidate, ...],
    described: tuple[tuple[str, int, int], ...],
    sentences: tuple[Sentence, ...],
    names: tuple[NameCandidate, ...],
) -> tuple[NumberCandidate, ...]:
    speakers = _speakers(names)
    bounds = {s.id: (s.start, s.end) for s in sentences}
    named = _namer(doc, names)
    labelled = []
    for n in numbers:
        amounts = [(m.start, m.end) for m in numbers if m.sentence == n.sentence]
        others = [span for span in amounts if span != (n.start, n.end)]
        others += [(start, end) for sentence, start, end in described if sentence == n.sentence]
        readings = measure_readings(doc, n.start, n.end, bounds[n.sentence], named, others)
        respective = respective_sentence(doc, bounds[n.sentence], (n.start, n.end), amounts)
        if respective is not None:
            readings = _respective_readings(respective, others) + readings
            readings = tuple(dict.fromkeys(readings))
        labelled.append(
            replace(
                n,
                reporter_guess=reporter_of(doc, (n.start, n.end), bounds[n.sentence], speakers),
                measure_guess=readings[0] if readings else None,
                measure_readings=readings,
                unit_guess=_level_mark(n.quantity, n.unit_guess, readings)
                or n.unit_guess
                or _index_points(n.quantity, readings)
                or _votes(readings)
                or _bare_people(doc, n.quantity),
            )
        )
    # A part counts what its whole counts: "9,061 people ..., including 3,760 who are under 18";
    # a further batch what the count before it counts ("335 people ... and another 100 ...").
    for index, n in enumerate(labelled):
        at = counted_with(doc, n.start, n.end) if n.unit_guess is None else None
        whole = next((m for m in labelled if at is not None and m.start <= at < m.end), None)
        if whole is not None:
            labelled[index] = replace(n, unit_guess=whole.unit_guess)
    # "5,700 737s have been delivered, with orders for 2,200 more"; "hired 300 workers and plans
    # to hire 200 more": "N more" with no noun counts what the count before it counts.
    for index, n in enumerate(labelled):
        after = doc.text[n.end : n.end + _LOOK]
        if n.unit_guess is not None or not _MORE_AFTER.match(after):
            continue
        before = [m for m in labelled[:index] if m.sentence == n.sentence and m.unit_guess]
        if before and not before[-1].quantity.unit:  # a count's noun, not "%" or money
            labelled[index] = replace(n, unit_guess=before[-1].unit_guess)
    # "US$5 billion in aid on top of the four billion it has already received": a scaled amount
    # with no unit of its own is in the currency of the amount before it in its sentence.
    for index, n in enumerate(labelled):
        if n.unit_guess is not None or not _SCALED.search(n.quantity.text):
            continue
        money = [
            m for m in labelled[:index] if m.sentence == n.sentence and m.unit_guess in CURRENCIES
        ]
        # Not a sum restated in brackets: "US$40 billion (GB # 20.1 billion)" is in pounds.
        between = tokens_within(doc, money[-1].end, n.start) if money else []
        if money and not any(t.text == "(" for t in between):
            labelled[index] = replace(n, unit_guess=money[-1].unit_guess)
    return tuple(labelled)


def _respective_readings(
    respective: Respective, others: Sequence[tuple[int, int]]
) -> tuple[str, ...]:
    """The readings of an amount given "respectively", read off its sentence written for it alone.

    Parsed apart (rare: a few sentences in a hundred articles); a pronoun in it is not resolved.
    """
    moved = [m for low, high in others if (m := respective.moved(low, high)) is not None]
    written = respective.text
    return measure_readings(
        analyse(written), respective.start, respective.end, (0, len(written)), None, moved
    )


def _namer(doc: Doc, names: tuple[NameCandidate, ...]) -> Callable[[Token], str | None]:
    """Who a pronoun stands for: the last subject named before it, of the pronoun's kind."""
    texts = {n.id: n.text for n in names}

    organisations = [span for n in names if n.kind in _THINGS for span in n.mentions]

    def named(pronoun: Token) -> str | None:
        # "This brings Ryanair's total orders to 230": "this" stands for what happened.
        if _expletive(pronoun) or pronoun.lower_ in _DEMONSTRATIVES:
            return None
        if pronoun.lower_ in _PLURAL_PRONOUNS:
            plural = _plural_subject(doc, pronoun)
            if plural is not None:
                return plural
        # "It" is a company (or an index), never a person; "he" and "she" are people.
        kinds = _PRONOUN_KINDS.get(pronoun.text.casefold(), _SPEAKING)
        if kinds == _THINGS:
            unnamed = _unnamed_subject(doc, pronoun, organisations)
            if unnamed is not None:
                return unnamed
        pool = [(n.id, n.mentions) for n in names if n.kind in kinds]
        found = antecedent_of(doc, pronoun.idx, pool)
        return texts[found] if found is not None else None

    return named


def _expletive(pronoun: Token) -> bool:
    """An "it" that stands for nothing: "It is unclear whether ...", "It feels great to ...".

    The clause after the adjective is the real subject; naming a company there makes one say
    what nobody did ("Qantas is unclear whether the tour dates can be kept").
    """
    if pronoun.lower_ != "it":
        return False
    if pronoun.dep_ == "expl":
        return True
    verb = pronoun.head
    after = any(c.dep_ in {"ccomp", "xcomp", "csubj"} and c.i > verb.i for c in verb.children)
    if pronoun.dep_ == "nsubjpass":  # "It was announced that ...", not "it is expected to"
        return any(c.dep_ == "ccomp" and c.i > verb.i for c in verb.children)
    return (
        pronoun.dep_ == "nsubj"
        and any(c.dep_ in {"acomp", "attr", "oprd"} for c in verb.children)
        and after
    )


def _unnamed_subject(doc: Doc, pronoun: Token, organisations: list[tuple[int, int]]) -> str | None:
    """The nearest subject before "it", when a proper noun no organisation's name covers: its words.

    "The Japanese index the Nikkei was one of the few to rise. It ended up 1.2%": "It" is the
    Nikkei (which the recogniser misses, or takes for a person), not the FTSE 100 named as a
    subject two sentences before. A common noun ("the company") or an organisation's name is
    left to the names' own reading.
    """
    for token in _subjects_before(doc, pronoun):
        head = appositive_name(token) or token
        words = [c for c in _compounds(head) if c.pos_ in {"PROPN", "NUM"}]
        # "The Dow Jones Industrial Average index ..., and it closed up 11.08%": a common noun
        # a name describes is named too, as the name and the noun.
        proper = any(c.pos_ == "PROPN" for c in words)
        named = head.pos_ == "PROPN" or (head.pos_ == "NOUN" and proper)
        name = [head] if head.pos_ == "PROPN" else words
        # A name of its own is left to the names' reading; a common noun a company's name
        # describes is the noun ("The Dow Jones index continued to fall, and ... it had fallen").
        covered = any(low <= t.idx < high for t in name for low, high in organisations)
        if not named or (covered and head.pos_ == "PROPN"):
            return None
        the = ["the"] if any(c.lower_ == "the" for c in head.children) else []  # "the Nikkei"
        return " ".join([*the, *(t.text for t in sorted([*words, head], key=lambda t: t.i))])
    return None


def _plural_subject(doc: Doc, pronoun: Token) -> str | None:
    """What "they" stands for: the nearest plural subject before it, in its sentence or the last.

    "For the past five trading days, stocks have been down by a total of fourteen percent;
    today, they were down as much as five percent": stocks (was "fall of they"). "Subaru and
    South Korean Hyundai Motor Company were two of the few ... They posted gains": both. None
    when the nearest subject is singular: a name's reading may still find a group.
    """
    for token in _subjects_before(doc, pronoun):
        joined = [c for c in token.children if c.dep_ == "conj" and c.i > token.i]
        if joined and any(c.dep_ == "cc" for c in token.children):
            last = max(joined[-1].subtree, key=lambda t: t.i)
            start = min(t.i for t in [*_compounds(token), token])
            return doc[start : last.i + 1].text
        if token.tag_ not in {"NNS", "NNPS"}:
            return None
        the = ["the"] if any(c.lower_ == "the" for c in token.children) else []
        return " ".join([*the, *(t.text for t in [*_compounds(token), token])])
    return None


_PLURAL_PRONOUNS: Final = frozenset({"they", "them", "their"})


def _subjects_before(doc: Doc, pronoun: Token) -> Iterator[Token]:
    """The subjects named before a pronoun, nearest first, in its sentence and the one before."""
    first = pronoun.sent.start
    if first > 0:
        first = doc[first - 1].sent.start
    for token in reversed(doc[first : pronoun.i]):
        if token.dep_ in {"nsubj", "nsubjpass"} and token.pos_ != "PRON":
            yield token


def _compounds(head: Token) -> list[Token]:
    """The words compounded before a noun, nested ones too ("Dow" -> "Jones" -> "index")."""
    found: list[Token] = []
    for child in head.children:
        # "The British FTSE 100 index": the parser may call the name a modifier, and its
        # number a modifier of the noun.
        name_number = child.dep_ == "nummod" and child.i > 0 and child.nbor(-1).pos_ == "PROPN"
        if (child.dep_ in {"compound", "nmod"} or name_number) and child.i < head.i:
            found += [*_compounds(child), child]
    return sorted(found, key=lambda t: t.i)


_SPEAKING: Final = frozenset({"person", "organisation"})
_THINGS: Final = frozenset({"organisation"})
_DEMONSTRATIVES: Final = frozenset({"this", "that", "these", "those"})
_PRONOUN_KINDS: Final[dict[str, frozenset[str]]] = {
    "it": _THINGS,
    "its": _THINGS,
    **{word: frozenset({"person"}) for word in ("he", "she", "his", "her")},
}


def _speakers(names: tuple[NameCandidate, ...]) -> list[tuple[str, tuple[tuple[int, int], ...]]]:
    # Groups are mostly nationalities ("Canadian"): never whose words a quote or figure is.
    return [(n.id, n.mentions) for n in names if n.kind in {"person", "organisation"}]


def _with_speakers(
    doc: Doc,
    quotes: tuple[QuoteCandidate, ...],
    sentences: tuple[Sentence, ...],
    names: tuple[NameCandidate, ...],
) -> tuple[QuoteCandidate, ...]:
    speakers = _speakers(names)
    people = frozenset(n.id for n in names if n.kind == "person")
    places = [(n.id, n.mentions) for n in names if n.kind == "place"]
    guessed: list[QuoteCandidate] = []
    ended = -2  # the sentence the last quote with a speaker ended in
    for quote in quotes:
        first = next(i for i, s in enumerate(sentences) if s.end > quote.start)
        last = next((i for i, s in enumerate(sentences) if s.end >= quote.end), first)
        # A quote right after another quote (same or next sentence) continues its speaker unless
        # its own sentence, or a bare frame after it ('... he said.'), gives it to someone: the
        # next sentence's frame otherwise belongs to that sentence's own words.
        continued = guessed[-1].speaker_guess if first - ended <= 1 and guessed else None
        described = guessed[-1].speaker_description if first - ended <= 1 and guessed else None
        after = last + 1 if continued is None or _bare_frame(sentences, last + 1) else None
        order = dict.fromkeys(
            i for i in (first, last, after, None if continued else first - 1) if i is not None
        )  # a quote may span sentences
        nearby = [(sentences[i].start, sentences[i].end) for i in order if 0 <= i < len(sentences)]
        framed = is_framed(doc, (quote.start, quote.end), nearby[0])
        speaker = (
            speaker_of(doc, (quote.start, quote.end), nearby, speakers, people, continued, places)
            if framed
            else None
        )
        # '"...," a top administration official said, "...": an unnamed source, described.
        subject = quote_subject(doc, (quote.start, quote.end), nearby) if framed else None
        if not framed or speaker is not None:
            described = None
        elif subject is not None:
            described = description_of(subject)
        elif continued is not None:
            described = None
        # else: a statement with no frame of its own runs on from the description before it

        if speaker is not None or described is not None:
            ended = last
        guessed.append(replace(quote, speaker_guess=speaker, speaker_description=described))
    return tuple(guessed)


def _bare_frame(sentences: tuple[Sentence, ...], index: int) -> bool:
    """Whether sentence `index` is only a quote's frame the splitter cut off ("he said.")."""
    if not 0 <= index < len(sentences):
        return False
    text = sentences[index].text
    return text[:1].islower() or len(text.split()) <= _BARE_FRAME_WORDS


def _numbers(
    doc: Doc, text: str, sentences: Sequence[Sentence]
) -> tuple[tuple[NumberCandidate, ...], tuple[tuple[str, int, int], ...]]:
    """The numbers that may be figures, and (sentence id, start, end) of those that describe.

    A number that describes is still an amount of its sentence: no other figure's label holds it
    ("13.3-inch (33.78-cm)": 33.78 is no word of the 13.3's measure).
    """
    kept: list[tuple[Quantity, Sentence]] = []
    described: list[tuple[str, int, int]] = []
    bounds: list[Quantity] = []  # "who are under 18", "in 25 days of": no figure, and no time
    quantities = find_quantities(text)
    models = _model_numbers(doc, quantities, text, sentences)
    for quantity in quantities:
        sentence = sentence_at(sentences, quantity.start)
        if sentence is None:
            continue
        if _described(quantity, text, sentence):
            described.append((sentence.id, quantity.start, quantity.end))
            if _placing_span(quantity, text, sentence):
                bounds.append(quantity)  # "in 25 days of fighting" dates nothing either
        elif quantity.text in models or _joined_name(quantity, text):
            continue
        elif any(text.endswith(f"{model}-", 0, quantity.start) for model in models):
            continue  # "the 787-8": the variant's number is the model's name too
        elif _VARIANT.fullmatch(quantity.text.strip()) and quantity.text[:3] in models:
            continue  # "from the 737-800 range", once the 737 is a model
        elif _age_bound(quantity, text, sentence):
            bounds.append(quantity)
        elif not _not_a_figure(doc, quantity, text, sentence):
            kept.append((quantity, sentence))
    # spaCy calls "under 18" or "25 days" dates too: a time expression is one holding no number.
    held = [q for q, _ in kept] + bounds
    times = [
        ent
        for ent in doc.ents
        if ent.label_ in {"DATE", "TIME"}
        and not any(q.start < ent.end_char and ent.start_char < q.end for q in held)
        and not _DURATION_WORD.fullmatch(ent.text)  # "a 27-year contract" says how long
        and not _NOT_A_TIME.search(ent.text)
        and not _names_part(ent)
    ]
    numbers = tuple(
        NumberCandidate(
            id=f"N{n}",
            quantity=quantity,
            sentence=sentence.id,
            unit_guess=quantity.unit or _noun_after(doc, quantity.end, sentence.end),
            as_of_guess=_nearest_time(times, quantity, sentence),
        )
        for n, (quantity, sentence) in enumerate(kept, 1)
    )
    return numbers, tuple(described)


def _nearest_time(times: Sequence[Span], quantity: Quantity, sentence: Sentence) -> str | None:
    text = sentence.text
    inside = [
        t
        for t in times
        if sentence.start <= t.start_char
        and t.end_char <= sentence.end
        and not _COMPARED_SINCE.search(text[: t.start_char - sentence.start])
        and not _owned_elsewhere(t, quantity)
    ]
    if not inside:
        return None
    nearest = min(
        inside,
        key=lambda t: min(abs(t.start_char - quantity.end), abs(quantity.start - t.end_char)),
    )
    return str(nearest.text)


def _names_part(time: Span) -> bool:
    """Whether a "date" is a number in a name: "The Russel 2000 Index", "the CAC 40".

    (A time of day before a zone, "At 14:58 UTC", is a time.)
    """
    root = time.root
    named = root.dep_ in {"compound", "nummod"} and root.head.pos_ == "PROPN"
    return named and time.text.isdigit()


def _owned_elsewhere(time: Span, quantity: Quantity) -> bool:
    """Whether a time is a possessor of another thing than the number ("yesterday's fall").

    "compared to February's 9.12 million": February is when the 9.12 million holds; but "the
    Russian RTS, which partly recovered from yesterday's fall" dates the fall, not the Hang
    Seng's rise said before it, and "fell two percent from Monday's closing price" names the
    base of the fall, not when it fell.
    """
    root = time.root
    if root.dep_ != "poss":
        return False
    owned = root.head
    low = min(t.idx for t in owned.subtree)
    high = max(t.idx + len(t) for t in owned.subtree)
    return not (low <= quantity.start and quantity.end <= high)


def _bare_integer(quantity: Quantity) -> bool:
    digits = quantity.text.strip()
    return (
        digits.isdigit()
        and quantity.unit is None
        and quantity.value_max is None
        and quantity.qualifier == "exact"
    )


def _not_a_figure(doc: Doc, quantity: Quantity, text: str, sentence: Sentence) -> bool:
    """Years, days of dates, times of day, ages, ranks and numbers in names: hardly ever figures."""
    before = text[max(sentence.start, quantity.start - _LOOK) : quantity.start]
    after = text[quantity.end : quantity.end + _LOOK]
    around = text[max(0, quantity.start - _LOOK) : quantity.end + _LOOK]
    in_date = any(
        m.start() <= quantity.start - max(0, quantity.start - _LOOK) < m.end()
        for m in _DIGIT_DATE.finditer(around)
    )
    word = quantity.text.strip()
    ranked = bool(_RANK_BEFORE.search(before)) and quantity.unit is None
    # "Its manufacturer's serial number is 001": digits with a leading zero name, not count.
    coded = word.isdigit() and len(word) > 1 and word.startswith("0")
    # "the newest version of Apple Computer's Mac OS X, version 10.4": a version's number.
    coded = coded or (quantity.unit is None and bool(_VERSION_BEFORE.search(before)))
    if in_date or ranked or coded or _TIME_BEFORE.search(before) or _TIME_AFTER.search(after):
        return True
    # "the Big Three", "the Ford Five Hundred": number words in a name, and "turn the Five
    # Hundred into a blockbuster" once named; "The Boeing 737-800 has ...": a model's variant.
    capitalised = all(w[:1].isupper() and w.isalpha() for w in word.split())
    again = capitalised and quantity.start > sentence.start and before.endswith("the ")
    # "the new iPhone 3.0 software", "the new Safari 4.0 web browser": a version.
    version = quantity.unit is None and quantity.value_max is None and _VERSION.fullmatch(word)
    named = capitalised or _VARIANT.fullmatch(word) or version
    if again or (named and _named_before(doc, text, quantity, sentence)):
        return True
    if not _bare_integer(quantity):
        return _hedged_year(quantity, before, after)
    value = int(quantity.value)
    decade = value % 10 == 0 and bool(_DECADE_AFTER.match(after))  # "the 70s", "the 1990's"
    # "a number of factors: (1) U.S. growth ..., (2) ...": a list's marks.
    listed = before.endswith("(") and after.startswith(")") and value <= _ENUMERATED
    if decade or listed or _MONTH_BEFORE.search(before) or _MONTH_AFTER.search(after):
        return True
    if _FIRST_YEAR <= value <= _LAST_YEAR and (
        _YEAR_CUE.search(before)
        or quantity.start == sentence.start
        or after[:1] in {",", ".", ")"}
        or _POSSESSIVE_BEFORE.search(before)
        or (_NAME_AFTER.search(after) and _read_as_date(doc, quantity))
    ):
        return True
    # "Flight 447", "FTSE 100", "iPhone 4": a capitalised word right before a bare integer;
    # "the 16GB version": a size that says which.
    further = text[quantity.end : quantity.end + _LOOK_SIZES]  # "16 GB and 32 GB models"
    return (
        bool(_VERSION_AFTER.search(further))
        or _named_before(doc, text, quantity, sentence)
        or _is_age(value, before, after)
    )


def _hedged_year(quantity: Quantity, before: str, after: str) -> bool:
    """A year with a hedge: "anticipated to be around 2020, and ...", "until at least 2014."."""
    return (
        quantity.unit is None
        and quantity.value_max is None
        and _HEDGED_YEAR.fullmatch(quantity.text.strip()) is not None
        and _FIRST_YEAR <= quantity.value <= _LAST_YEAR
        and (after[:1] in {",", ".", ")"} or _YEAR_CUE.search(before) is not None)
    )


_HEDGED_YEAR = re.compile(r"[A-Za-z][A-Za-z ]*\s\d{4}")


def _read_as_date(doc: Doc, quantity: Quantity) -> bool:
    """Whether the recogniser reads the number as a date ("Apple's 2010 conference")."""
    root = root_at(doc, quantity.start, quantity.end)
    return root is not None and root.ent_type_ == "DATE"


def _age_bound(quantity: Quantity, text: str, sentence: Sentence) -> bool:
    """An age bound on who is counted ("3,760 who are under 18"): neither a figure nor a time."""
    before = text[max(sentence.start, quantity.start - _LOOK) : quantity.start]
    return (
        bool(_AGE_BOUND.match(quantity.text.strip()))
        and quantity.value <= _OLDEST
        and bool(_AGE_HOLDERS.search(before))
    )


def _named_before(doc: Doc, text: str, quantity: Quantity, sentence: Sentence) -> bool:
    """Whether a name's last word stands right before the number: "Flight 447", "FTSE 100".

    A sentence's first word is capitalised whatever it is: it is a name's only when the parser
    reads it as a noun ("Flight 447 left"), not a determiner, an adverb or a date ("The 300
    workers", "Only 155 planes", "Yesterday 312 jobs").
    """
    start = max(sentence.start, quantity.start - _LOOK)
    found = _NAME_BEFORE.search(text, start, quantity.start)
    if found is None:
        return False
    if found.start() > sentence.start:
        return True
    first = doc.char_span(found.start(), found.start() + 1, alignment_mode="expand")
    if first is None:
        return False
    word = first.root
    nominal = word.pos_ in {"PROPN", "NOUN"} and word.ent_type_ not in {"DATE", "TIME"}
    return nominal or word.ent_type_ in _NAMED_ENTITIES


def _described(quantity: Quantity, text: str, sentence: Sentence) -> bool:
    """A number that describes rather than measures (evals/LABELLING.md, "Not figures").

    "one" as an article ("one of the few", "one day"); "the two companies" already named, "any
    two cities" whichever they are;
    time that only places the story ("three weeks ago", "in the past three days", "a 12-year
    low", "between 2014 and 2016", "in 25 days of fighting", "in two years' time"); an amount
    restated in other units in parentheses ("9.3 millimetres (0.37 inches)").
    """
    word = quantity.text.strip().casefold()
    plain = quantity.unit is None and quantity.value_max is None and quantity.qualifier == "exact"
    before = text[max(sentence.start, quantity.start - _LOOK) : quantity.start]
    after = text[quantity.end : quantity.end + _LOOK]
    wider = text[max(sentence.start, quantity.start - _RESTATE_LOOK) : quantity.start]
    few = word.isalpha() and quantity.value <= _FEW
    named = few and any(
        r.search(before) for r in (_DEFINITE_BEFORE, _ANY_BEFORE, _KNOWN_FEW_BEFORE)
    )
    return (
        (plain and (word == "one" or named))
        or bool(_AGO_AFTER.search(text[quantity.end : quantity.end + _RESTATE_LOOK]))
        or (plain and bool(_SPAN_AFTER.search(after)))
        or bool(
            (_PAST_BEFORE.search(before) or _SUPERLATIVE_BEFORE.search(wider))
            and _UNIT_OF_TIME.search(after)
        )
        or (plain and _placing_span(quantity, text, sentence))
        or (plain and bool(_TIME_FROM_NOW.search(after)))
        or _span_of_years(quantity)
        or bool(_RESTATED_BEFORE.search(wider))
    )


def _placing_span(quantity: Quantity, text: str, sentence: Sentence) -> bool:
    """A span that places a count or a move: "killed in 25 days of fighting".

    So does "lost almost a thousand points in thirty minutes" ("fell 6.39 percent in just two
    hours"); "in the past three days" says when (its as_of), and a deadline ("in the next 30
    days", "within 90 days") is a figure (evals/LABELLING.md).
    """
    before = text[max(sentence.start, quantity.start - _LOOK) : quantity.start]
    wider = text[max(sentence.start, quantity.start - _RESTATE_LOOK) : quantity.start]
    after = text[quantity.end : quantity.end + _LOOK]
    return bool(
        (_PLACING_BEFORE.search(before) and _PLACING_AFTER.search(after))
        or (_WITHIN_SPAN_BEFORE.search(wider) and _UNIT_OF_TIME.search(after))
    )


def _model_numbers(
    doc: Doc, quantities: Sequence[Quantity], text: str, sentences: Sequence[Sentence]
) -> frozenset[str]:
    """Digits the text uses as a name ("Boeing 717"), so a model's number wherever it stands.

    "the first 717 built", "the 787 will play a role": after the name has been given, the
    number alone stands for the model. Round hundreds are left out: "FTSE 100" says nothing of
    "lost 100 points" elsewhere.
    """
    found = set()
    for quantity in quantities:
        sentence = sentence_at(sentences, quantity.start)
        after = text[quantity.end : quantity.end + _LOOK]
        if (
            not _bare_integer(quantity)
            or quantity.value % 100 == 0
            or quantity.value < _MODEL_LEAST
        ):
            continue
        named = sentence is not None and _named_before(doc, text, quantity, sentence)
        if (
            named
            or _MODEL_AFTER.match(after)
            or _PLURAL_MODEL.match(after)
            or _name_follows(doc, quantity)
            or _model_alone(doc, quantity, text)
            or _counted_twice(doc, quantity)
        ):
            found.add(quantity.text.strip())
    return frozenset(found)


def _counted_twice(doc: Doc, quantity: Quantity) -> bool:
    """Whether a count before "of" already counts the noun these digits stand before.

    "purchase 20 of Boeing's larger 777 planes": 20 counts the planes; 777 names them.
    """
    span = doc.char_span(quantity.start, quantity.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    digits = span.root
    noun = digits.head
    of = noun.head
    return (
        digits.dep_ == "nummod"
        and noun.dep_ == "pobj"
        and of.lower_ == "of"
        and of.head.pos_ == "NUM"
        and of.head.i < digits.i
    )


def _model_alone(doc: Doc, quantity: Quantity, text: str) -> bool:
    """Whether digits after "the" name a model: "shrink the 787 and expect ...".

    A count after "the" names what it counts ("the 300 workers"); digits that stand alone
    before a verb, a conjunction or a stop name a thing already known, unless round ("exceed
    the 250 required": a count of what was just named).
    """
    before = text[max(0, quantity.start - _LOOK) : quantity.start]
    if quantity.value % 10 == 0 or not _DEFINITE_BEFORE.search(before):
        return False
    token = root_at(doc, quantity.start, quantity.end)
    following = doc[token.i + 1] if token is not None and token.i + 1 < len(doc) else None
    return following is not None and following.pos_ in _ALONE_BEFORE


_ALONE_BEFORE: Final = frozenset({"VERB", "AUX", "CCONJ", "PUNCT"})
# "5,700 737s have been delivered": digits in the plural are a model's name.
_PLURAL_MODEL = re.compile(r"^s\b")


def _name_follows(doc: Doc, quantity: Quantity) -> bool:
    """A singular capitalised noun right after the digits names a model: "the new 787 Dreamliner".

    A plural one is counted ("300 Palestinians"), and so is anything the parser does not join
    to the number.
    """
    root = root_at(doc, quantity.start, quantity.end)
    if root is None or root.i + 1 >= len(doc):
        return False
    name = doc[root.i + 1]
    return (
        name.text[:1].isupper()
        and name.tag_ in {"NNP", "NN"}  # the tagger takes "Dreamliner" for a common noun
        and root.head.i == name.i
        and root.dep_ in {"compound", "nummod"}
    )


def _joined_name(quantity: Quantity, text: str) -> bool:
    """Digits joined to capitals or to a code name a thing ("3G", "4K", "7e7"), a unit aside."""
    after = text[quantity.end : quantity.end + _LOOK]
    return (
        quantity.text.isdigit()
        and bool(_JOINED_CAPITALS.search(after))
        and not _SIZE_UNIT.match(after)
    )


def _span_of_years(quantity: Quantity) -> bool:
    """A range whose both ends are years written whole: "from 2009 to 2011"."""
    if quantity.unit is not None or quantity.value_max is None:
        return False
    ends = (quantity.value, quantity.value_max)
    return all(_FIRST_YEAR <= end <= _LAST_YEAR and end == int(end) for end in ends)


def _is_age(value: int, before: str, after: str) -> bool:
    """Whether the bare integer between `before` and `after` is a person's age."""
    return value <= _OLDEST and bool(
        _AGE_BEFORE.search(before)
        or _AGE_AFTER.search(after)
        or (_AGE_BESIDE_NAME[0].search(before) and _AGE_BESIDE_NAME[1].search(after))
    )


def _noun_after(doc: Doc, offset: int, limit: int) -> str | None:
    """The counted noun after a number ("9,061 people", "3,600 Palestinian children").

    The phrase's head, not a compound's first noun ("24 short-haul aircraft": aircraft). A
    count of persons is "people", whoever they are (evals/LABELLING.md: the measure says which).
    """
    within = tokens_within(doc, offset, limit)
    tokens: list[Token] = within[:7]
    # "two of the Rolls-Royce Trent 900 engines": the whole's name may run longer.
    part = _partitive(within[:_PARTITIVE_MOST])
    if part is not None:
        tokens = [part]
    for token in tokens:
        # "8,800 Palestinians": a plural proper noun is a count of people or things too.
        if token.pos_ == "NOUN" or token.tag_ == "NNPS":
            if token.dep_ == "compound" and token.head.i > token.i and token.head.pos_ == "NOUN":
                # "a 3.5-inch display", "his 2 hour speech": a unit says what the number is in.
                unit = _COMPOUND_UNITS.get(token.lower_)
                if unit is not None:
                    square = token.i > 0 and token.doc[token.i - 1].lower_ == "square"
                    return f"square {unit}" if square else unit  # "500,000 square foot"
                continue  # "haul" of "short-haul aircraft"
            if _is_person(token):
                return "people"
            word = token.text.lower()
            return _UNIT_NAMES.get(word, word)
        # "killed 102 and 21 people": amounts joined before their noun share it.
        if token.pos_ not in {"ADJ", "PROPN", "NUM", "ADV", "VERB", "CCONJ"} and token.text != "-":
            return None
    return None


def _partitive(tokens: Sequence[Token]) -> Token | None:
    """The whole a count is a part of: "six of these aeroplanes", "three of the protesters"."""
    whole = part_whole(tokens[0]) if tokens else None
    return whole if whole is not None and whole in tokens else None


_PARTITIVE_MOST: Final = 12


def _bare_people(doc: Doc, quantity: Quantity) -> str | None:
    """A count with no noun of what happens to persons ("Some 240 were captured"): people."""
    root = root_at(doc, quantity.start, quantity.end)
    return "people" if root is not None and people_verb(root) is not None else None


def _index_points(quantity: Quantity, readings: tuple[str, ...]) -> str | None:
    """The unit of a bare move or level of a market index ("fell 118.40", "to 2138.14"): points.

    An index moves and stands in points, quoted to two decimals; a bare number so written and
    read as a fall, a rise or a level reached is one (evals/LABELLING.md). A toll that "rose
    12" is not: it is written without decimals.
    """
    first = _first_words(readings)
    moved = first[1:] == ["of"] and first[0] in _MOVES
    # An index's high or low ("closed at a three-year low of 11,489.30", "reached its all-time
    # high of over 14,000") is a level too.
    extreme = bool(readings) and _EXTREME.match(readings[0]) is not None
    if not (moved or extreme) or any(_CURRENCY_NAMED.search(r) for r in readings):
        return None  # "the trading value for the yen fell to 90.89": an exchange rate
    # A level in the hundreds or more may be quoted to one decimal ("closing at 1,387.7"), or
    # none at a session's end ("ending the day at 8,017") or when the reading names an index
    # ("the Dow Jones Industrial Average falling below 8,000").
    level = (first[:1] in (["level"], ["value"]) or extreme) and quantity.value >= _LEVEL_LEAST
    session = bool(readings) and readings[0].endswith(_SESSION_ENDS)
    named = bool(readings) and _INDEX_NAMED.search(readings[0]) is not None
    rounded = _ONE_DECIMAL.search(quantity.text) or session or named
    return "points" if INDEX_QUOTE.search(quantity.text) or (level and rounded) else None


_EXTREME: Final = re.compile(r"^[\w\s-]*\b(?:high|low|peak) of ")
# A market index by a word its name holds, or by one of the names the news calls them by.
_INDEX_NAMED: Final = re.compile(
    r"\b(?:index|indices|indexes|average|composite|dow|nasdaq|ftse|nikkei|dax|cac|s&p|"
    r"hang seng|sensex|bovespa|merval|kospi|straits times|all ordinaries)\b",
    re.IGNORECASE,
)
_CURRENCY_NAMED: Final = re.compile(
    r"\b(?:yen|dollars?|euros?|pounds? sterling|sterling|yuan|renminbi|rupees?|rubles?|francs?)\b"
)
_LEVEL_LEAST: Final = 100
_SESSION_ENDS: Final = ("at the close", "at the end", "at the open")
_ONE_DECIMAL: Final = re.compile(r"\d\.\d$")


def _level_mark(quantity: Quantity, unit: str | None, readings: tuple[str, ...]) -> str | None:
    """A round level a move passed ("fell below the 5000 mark") is in points, not in marks.

    `unit` is the noun after the number (`_noun_after`): "mark", "level", "barrier".
    """
    moved = _first_words(readings)[:1] in (["level"], ["fall"], ["rise"])
    return "points" if unit in _LEVEL_WORDS and moved and not quantity.unit else None


_LEVEL_WORDS: Final = frozenset({"mark", "level", "barrier", "threshold"})
"""Nouns a round level is named by (`find.quantities` reads "below the N mark" as a bound)."""


def _first_words(readings: tuple[str, ...]) -> list[str]:
    """The first two words of the likeliest reading: the kind of figure it names."""
    return readings[0].split()[:2] if readings else []


def _votes(readings: tuple[str, ...]) -> str | None:
    """A vote's tally ("the Senate voted 52-35") counts votes (`find.measures` reads its sides)."""
    first = _first_words(readings)
    return "votes" if first in (["votes", "for"], ["votes", "against"]) else None


_MOVES: Final = frozenset(
    {
        "fall", "rise", "level", "value", "increase", "drop", "decline", "gain", "loss", "cut",
        "reduction",
    }
)  # fmt: skip
"""The first word of a reading of an index's move or level ("an increase of 330.89")."""


def _is_person(token: Token) -> bool:
    """Whether a counted noun counts persons: a nationality or group, or a word for people."""
    return token.ent_type_ == "NORP" or token.text.lower() in _PERSON_NOUNS


_UNIT_NAMES: Final = {
    **dict.fromkeys(("lb", "lbs"), "pounds"),
    **dict.fromkeys(("in", "inch"), "inches"),
    **dict.fromkeys(("ft", "foot"), "feet"),
    "mm": "millimetres",
    "cm": "centimetres",
    "km": "kilometres",
    "kg": "kilograms",
}
"""A unit by its name, as a reader (and the fixtures' labellers) writes it: "3 lbs" is pounds."""
_COMPOUND_UNITS: Final = {
    **{word: f"{word}s" for word in ("hour", "minute", "second", "day", "week", "month", "year")},
    **{word: f"{word}s" for word in ("mile", "metre", "meter", "kilometre", "kilometer")},
    "point": "points",  # "a 6 point gain"
    "inch": "inches",
    "foot": "feet",
}
"""Units a count names as a modifier, singular ("a 2 hour speech"), as the unit is written."""
_PERSON_NOUNS: Final = frozenset(
    {
        *("people", "persons", "children", "adults", "men", "women", "civilians", "residents"),
        *("patients", "soldiers", "troops", "hostages", "prisoners", "passengers", "workers"),
        *("employees", "staff", "students", "voters", "fighters", "militants", "refugees"),
        *("victims", "survivors", "casualties", "citizens", "nationals", "protesters"),
        *("officers", "doctors", "nurses", "journalists", "members", "senators", "americans"),
        *("holders", "customers", "users", "shareholders", "executives", "managers", "pilots"),
        # A count of deaths or injuries counts the persons they befell ("22,000 injuries").
        *("deaths", "fatalities", "injuries"),
    }
)


# Typographic quotes say which end they are; straight ones are told by what is beside them.
_TYPOGRAPHIC_QUOTE = re.compile(r"“([^“”\n]+)”")


def _straight_quotes(text: str) -> list[tuple[int, int]]:
    """Spans between straight quotation marks, each mark read as an opening or a closing one.

    Paired in turn, one stray mark turns every later quote of its paragraph inside out
    ('tanker," it said. ... has called it "a textbook case' made the narration between two
    quotes a quote). A mark after a space and before a word opens, one after a word and before
    a space or a stop closes, one spaced on both sides closes what is open; a closing mark with
    nothing open is stray (an unopened quote, an inch mark) and left alone, and a second
    opening one replaces an unclosed first.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for match in re.finditer(r'["\n]', text):
        at = match.start()
        if match.group() == "\n":
            opened = None  # straight quotes pair within a paragraph
            continue
        before = text[at - 1] if at > 0 else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        opens = (before.isspace() or before in _BEFORE_OPENING) and not after.isspace()
        closes = not before.isspace() and (after.isspace() or after in _AFTER_CLOSING)
        if opens == closes:  # '"-"', or spaced on both sides ('has come. " In that')
            opens = opened is None and not after.isspace()
            closes = opened is not None
        if opens:
            opened = at + 1
        elif closes and opened is not None:
            spans.append((opened, at))
            opened = None
    return spans


_BEFORE_OPENING: Final = frozenset("([{\u2014\u2013-/:")
_AFTER_CLOSING: Final = frozenset(".,;:!?)]}\u2014\u2013-'")


def _quotes(text: str, sentences: Sequence[Sentence]) -> tuple[QuoteCandidate, ...]:
    marked = [(m.start(1), m.end(1)) for m in _TYPOGRAPHIC_QUOTE.finditer(text)]
    spans: list[tuple[int, int]] = []
    for low, high in [*marked, *_straight_quotes(text)]:
        inner = text[low:high]
        start = low + (len(inner) - len(inner.lstrip()))
        end = high - (len(inner) - len(inner.rstrip()))
        if end > start and any(ch.isalpha() for ch in text[start:end]):
            spans.append((start, end))
    found: list[QuoteCandidate] = []
    for start, end in sorted(set(spans)):
        sentence = sentence_at(sentences, start) or sentence_at(sentences, end - 1)
        if sentence is None:
            continue
        found.append(QuoteCandidate(f"Q{len(found) + 1}", start, end, text[start:end], sentence.id))
    return tuple(found)
