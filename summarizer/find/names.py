"""Who and what the article names: spaCy's entities plus institution phrases, ids P1, P2, ...

A person's later surname-only mentions ("Press") fold into the full name ("Jim Press"), also when
the recogniser takes the surname for a place; a name inside another story's headline is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from summarizer.find.sentences import Sentence, sentence_at

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

NameKind = Literal["person", "organisation", "place", "group"]

_ENTITY_KINDS: dict[str, NameKind] = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "NORP": "group",
}
# Heads of noun phrases that name a source by its institution ("the Israeli military"). A news
# source is usually an office, a body or its people; the list is of such words, not of fixtures.
_INSTITUTIONS = frozenset(
    {
        *("ministry", "military", "army", "government", "police", "office", "department"),
        *("agency", "authority", "council", "committee", "court", "forces", "force", "union"),
        *("spokesman", "spokeswoman", "spokesperson", "official", "officials", "minister"),
        *("president", "chairman", "director", "representatives", "commission", "board"),
        *("administration", "company", "group", "bank", "service", "organization"),
        *("organisation", "institute", "association", "party", "senate", "congress"),
        *("treasury", "parliament", "embassy", "regulator", "cabinet"),
    }
)


@dataclass(frozen=True, slots=True)
class NameCandidate:
    """A person, organisation, place or group the article names, with every mention found."""

    id: str
    text: str
    kind: NameKind
    mentions: tuple[tuple[int, int], ...]


# A name is kept without its article and its possessive ("the Army's" -> "Army").
_LEADING_WORDS = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")


def _clean_name(raw: str) -> str:
    return _POSSESSIVE.sub("", _LEADING_WORDS.sub("", raw.strip())).strip(" ,.;:")


def _institution_phrases(doc: Doc) -> Iterable[tuple[Span, NameKind]]:
    for whole in doc.noun_chunks:
        if whole.root.lower_ not in _INSTITUTIONS:
            continue
        # A chunk the parser ran across a dateline ("March 03, 2010\n\nFord Motor Company")
        # names only what follows the line break.
        start = max((t.i + 1 for t in whole if "\n" in t.text_with_ws), default=whole.start)
        chunk = doc[start : whole.end]
        if any(t.ent_type_ in _ENTITY_KINDS for t in chunk) and len(chunk) > 1:
            yield chunk, "organisation"


_MAX_NAMES = 40  # a news article names fewer; the prompt stays bounded if one names more


def find_names(doc: Doc, sentences: Sequence[Sentence]) -> tuple[NameCandidate, ...]:
    """People, organisations, places and groups named in the article's sentences, ids P1, P2, ..."""
    mentions: dict[str, tuple[str, NameKind, list[tuple[int, int]]]] = {}
    spans: list[tuple[Span, NameKind]] = [
        (ent, _ENTITY_KINDS[ent.label_]) for ent in doc.ents if ent.label_ in _ENTITY_KINDS
    ]
    spans.extend(_institution_phrases(doc))
    spans.sort(key=lambda pair: pair[0].start_char)
    companies = {
        word.casefold()
        for ent in doc.ents
        if ent.label_ == "ORG" and len(ent) > 1
        for word in ent.text.split()
    }
    for span, kind, named in _with_legal_forms(doc, spans):
        if sentence_at(sentences, span.start_char) is None:  # inside another story's headline
            continue
        name = _clean_name(named.text)
        if len(name) < 2 or not any(ch.isupper() for ch in name):  # noqa: PLR2004 - "UN" counts
            continue
        key = _same_person(name, kind, mentions, companies) or name.casefold()
        if key not in mentions:
            mentions[key] = (name, kind, [])
        where = (span.start_char, span.end_char)
        if where not in mentions[key][2]:  # an entity and its institution phrase, one mention
            mentions[key][2].append(where)
    people = {key: where for key, (_, kind, where) in mentions.items() if kind == "person"}
    for key, roles in _role_mentions(doc, people, sentences).items():
        mentions[key][2].extend(roles)
        mentions[key][2].sort()
    found = [
        NameCandidate(f"P{n}", name, kind, tuple(where))
        for n, (name, kind, where) in enumerate(list(mentions.values())[:_MAX_NAMES], 1)
    ]
    return tuple(found)


def _role_mentions(
    doc: Doc, people: dict[str, list[tuple[int, int]]], sentences: Sequence[Sentence]
) -> dict[str, list[tuple[int, int]]]:
    """Later mentions of a person by the title the article gave them: "the Prime Minister".

    "The aircraft was greeted by the Prime Minister of Singapore, Mr. Lee Hsien Loong. In his
    speech, the Prime Minister applauded ... He also said that ...": the Prime Minister, and so
    "he", is Lee Hsien Loong. A title is the words before a name ("Australian Prime Minister John
    Howard"), the noun a name stands in apposition to, or one in apposition to the name ("Fritz
    Henderson, the chief executive,"); a later subject "the" + a title's last words is that
    person, when one person only has the title and the phrase says nothing more ("the president
    of GM" does).
    """
    titled: dict[tuple[str, ...], set[str]] = {}
    introduced: dict[str, int] = {}
    for key, where in people.items():
        for start, end in where:
            span = doc.char_span(start, end, alignment_mode="expand")
            title = _title_of(span) if span is not None else None
            if title:
                titled.setdefault(title, set()).add(key)
                introduced[key] = min(introduced.get(key, start), start)
    found: dict[str, list[tuple[int, int]]] = {}
    named = [m for where in people.values() for m in where]
    for token in doc:
        words = _role_words(token)
        if words is None:
            continue
        start = token.left_edge.idx
        end = token.idx + len(token.text)
        if any(s < end and start < e for s, e in named):
            continue
        if sentence_at(sentences, start) is None:
            continue
        holders = {
            key for title, keys in titled.items() if title[-len(words) :] == words for key in keys
        }
        if len(holders) == 1:
            (key,) = holders
            if introduced[key] < start:
                found.setdefault(key, []).append((start, end))
    return found


_ROLE_DEPS = frozenset({"nsubj", "nsubjpass"})
_TITLE_WORDS = frozenset({"compound", "amod"})  # "chief executive", "Prime Minister"


def _role_words(token: Token) -> tuple[str, ...] | None:
    """A subject "the" + a title ("the Prime Minister", "the chief executive"), as its words."""
    if token.dep_ not in _ROLE_DEPS or token.pos_ not in {"NOUN", "PROPN"}:
        return None
    children = list(token.children)
    if any(c.dep_ not in {"det", "compound", "amod"} for c in children if c.i < token.i):
        return None
    if any(c.dep_ in {"prep", "appos", "relcl", "acl"} for c in children):
        return None  # "the president of GM", "the minister, Ian Macfarlane,": more than a title
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in children):
        return None
    words = [
        t.lower_
        for t in token.subtree
        if (t.dep_ in _TITLE_WORDS and _title_word(t)) or t.i == token.i
    ]
    return tuple(words)


def _title_of(name: Span) -> tuple[str, ...] | None:
    """The title a person's mention gives them, as lower-case words; None without one.

    "Prime Minister John Howard": the words before the name in its phrase; "Fritz Henderson, the
    chief executive" and "the Prime Minister of Singapore, Mr. Lee Hsien Loong": the noun set
    beside the name, by the parse or, where the parser hangs the name elsewhere, by the comma.
    """
    head = name.root
    before = [
        t
        for c in head.children
        if c.dep_ in {"compound", "amod"} and c.i < name.start
        for t in c.subtree
        if t.i < name.start and _title_word(t)
    ]
    if before:
        return tuple(t.lower_ for t in sorted(before, key=lambda t: t.i))
    beside = [head.head] if head.dep_ == "appos" else []
    beside += [c for c in head.children if c.dep_ == "appos"]
    comma = _before_comma(name)
    beside += [comma] if comma is not None else []
    title = next((t for t in beside if _title_noun(t)), None)
    return _noun_words(title) if title is not None else None


_HONORIFICS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir"})


def _title_word(token: Token) -> bool:
    return (
        token.pos_ in {"NOUN", "PROPN"} and not token.ent_type_ and token.lower_ not in _HONORIFICS
    )


def _title_noun(token: Token) -> bool:
    """A singular common noun (or title-cased one) no name: "minister", "chief executive"."""
    return _title_word(token) and token.tag_ in {"NN", "NNP"}


def _before_comma(name: Span) -> Token | None:
    """The noun of the phrase that ends at the comma before a name.

    "the Prime Minister of Singapore, Mr. Lee Hsien Loong": "Minister".
    """
    doc = name.doc
    first = name.start
    while first > 0 and doc[first - 1].lower_ in _HONORIFICS:
        first -= 1
    if first < 2 or doc[first - 1].text != ",":  # noqa: PLR2004 - a word and the comma
        return None
    token = doc[first - 2]
    while token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ == "of":
        token = token.head.head  # "the Prime Minister of Singapore": the minister
    return token


def _noun_words(noun: Token) -> tuple[str, ...]:
    """A title noun's words as `_role_words` reads a later mention: "chief executive"."""
    words = [c for c in noun.children if c.dep_ in _TITLE_WORDS and c.i < noun.i and _title_word(c)]
    return tuple(t.lower_ for t in [*words, noun])


# A company's legal form the recogniser may tag as a name of its own ("Chrysler LLC": "Chrysler"
# and "LLC"), which made "LLC" the speaker of "Chrysler LLC has said".
_LEGAL_FORMS = frozenset({"LLC", "Inc", "Inc.", "Corp", "Corp.", "Ltd", "Ltd.", "plc", "PLC", "AG"})


def _with_legal_forms(
    doc: Doc, spans: Sequence[tuple[Span, NameKind]]
) -> list[tuple[Span, NameKind, Span]]:
    """Each name's mention, kind and name; a legal form tagged apart joins the name before it.

    "Chrysler LLC", tagged "Chrysler" and "LLC", is one mention of Chrysler.
    """
    joined: list[tuple[Span, NameKind, Span]] = []
    for span, kind in spans:
        before = joined[-1] if joined else None
        if (
            before is not None
            and before[1] == "organisation"
            and span.text in _LEGAL_FORMS
            and span.start == before[0].end
        ):
            joined[-1] = (doc[before[0].start : span.end], "organisation", before[2])
            continue
        joined.append((span, kind, span))
    return joined


def _same_person(
    name: str,
    kind: NameKind,
    known: dict[str, tuple[str, NameKind, list[tuple[int, int]]]],
    companies: set[str],
) -> str | None:
    """The key of a person already named in full whose surname (or first name) `name` is.

    A surname the recogniser takes for a place is still the person ("Henderson described ...",
    after "Fritz Henderson"), and so is one it takes for an organisation ("concluded Stroe",
    after "Constantin Stroe"; "Jobs", "Mulally", "Schiller" in the corpus), unless a company's
    name of several words holds it (`companies`): "Ford" after "Henry Ford" is mostly the Ford
    Motor Company.
    """
    folded = name.casefold()
    if kind not in {"person", "place", "organisation"} or " " in name:
        return None
    if kind == "organisation" and folded in companies:
        return None
    for key, (full, known_kind, _) in known.items():
        if known_kind == "person" and full.casefold().split()[-1] == folded:
            return key
    # A first name alone ("Steve called podcasting ...", after "Steve Jobs"), when only one
    # person named in full has it.
    firsts = [
        key
        for key, (full, known_kind, _) in known.items()
        if known_kind == "person" and " " in full and full.casefold().split()[0] == folded
    ]
    return firsts[0] if kind == "person" and len(firsts) == 1 else None
