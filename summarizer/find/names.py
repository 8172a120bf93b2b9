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
    from spacy.tokens import Doc, Span

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
    found = [
        NameCandidate(f"P{n}", name, kind, tuple(where))
        for n, (name, kind, where) in enumerate(list(mentions.values())[:_MAX_NAMES], 1)
    ]
    return tuple(found)


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
