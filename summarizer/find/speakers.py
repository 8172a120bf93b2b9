"""Whose words a quote is, read off spaCy's parse: the library's guess at a quote's speaker.

The reporting verb ("said", "told", "added") nearest the quote, in the sentences the quote spans
(else the next sentence, then the previous one: `"...," he said.` is often a sentence of its
own), names the speaker as its subject. A subject that is a name the article lists is the
speaker; a pronoun or a role ("he", "the spokesman") is the person or organisation last named as
a sentence's subject before the quote. With no reporting verb near, the name closest before the
quote (else after it) is the guess. On the 26 fixtures (`eval generate --predictor
cite-baseline`), speaker accuracy 0.63 and misattribution rate 0.29, against 0.39 and 0.48 for the
nearest name alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Token

from summarizer.find.nlp import COPULAS, appositive_name, tokens_within

Mentions = tuple[tuple[int, int], ...]
Speaker = tuple[str, Mentions]
"""A person's or organisation's name id and the spans where the article mentions it."""

# Word forms, not lemmas: the pipeline loads without its lemmatizer (`summarizer.find.nlp`), which
# the rest of the library does not need.
_REPORTING: Final = frozenset(
    {
        "say", "says", "said", "saying", "tell", "tells", "told", "telling", "add", "adds",
        "added", "state", "states", "stated", "announce", "announced", "explain", "explained",
        "note", "noted", "claim", "claimed", "write", "wrote", "ask", "asked", "warn", "warned",
        "declare", "declared", "insist", "insisted", "comment", "commented", "argue", "argued",
        "suggest", "suggested", "describe", "described", "continue", "continued", "reply",
        "replied", "respond", "responded", "admit", "admitted", "acknowledge", "acknowledged",
        "confirm", "confirmed", "report", "reported", "urge", "urged", "call", "called",
        "reports", "claims", "mention", "mentioned", "predict", "predicts", "predicted",
        "estimate", "estimates", "estimated", "reveal", "reveals", "revealed", "recommend",
        "recommends", "recommended", "believe", "believes", "believed", "speak", "speaks",
        "spoke", "speaking", "remark", "remarks", "remarked", "stress", "stressed",
        "emphasise", "emphasised", "emphasize", "emphasized", "indicate", "indicates",
        "indicated", "concluded", "observe", "observed", "signal", "signals", "signaled",
        "signalled",
    }
)  # fmt: skip
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
# Who a reporting verb gives the words to: its active subject. "Tim Cook was recommended by
# Jobs" has Cook as its subject and Jobs as the one who spoke.
_SPEAKERS: Final = frozenset({"nsubj"})
_CONTENT: Final = frozenset({"ccomp"})
"""What a reporting verb's content is in the parse: its clausal complement ("said that ...")."""
_LEADING: Final = frozenset({"that", ",", "“", '"', "‘", "'"})
_PERSONAL: Final = frozenset({"he", "she", "him", "her"})
# Nouns a business report uses for the company it has just named ("the company has warned").
_BUSINESS: Final = frozenset(
    {"company", "firm", "carmaker", "automaker", "airline", "manufacturer", "bank", "retailer"}
)
# People of a named body, named by their role: "Republican Party leaders", "UAW officials".
_MEMBERS: Final = frozenset(
    {
        "leader", "leaders", "official", "officials", "negotiator", "negotiators", "spokesman",
        "spokeswoman", "spokesperson", "representative", "representatives", "executive",
        "executives", "member", "members", "lawmakers", "analyst", "analysts",
    }
)  # fmt: skip
_SIGNED_GAP: Final = 3  # '," ' between a quote's last word and the name that signs it
_ANNOUNCING: Final = frozenset({"announce", "announces", "announced"})
_SELF: Final = frozenset({"it", "we", "they", "he", "she", "i"})
_PLURAL: Final = frozenset({"they", "we"})
_PLURAL_NOUNS: Final = frozenset({"NNS", "NNPS"})
_INTENT: Final = frozenset({"seek", "seeks", "plan", "plans", "intend", "intends", "aim", "aims"})
_FUTURE: Final = frozenset({"will", "would", "shall", "'ll"})
_IMPERSONAL: Final = frozenset({"it"})


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """Someone's words given in the article's own, framed by a reporting verb or "according to".

    Indirect speech ("X said 9,061 people have been killed") as well as a quote's frame: the
    `speaker` name id, the `cue` ("said", "according to"), and the content's span.
    """

    sentence: int
    """Index of the sentence in the article's sentences."""
    speaker: str
    cue: str
    start: int
    end: int
    members: str | None = None
    """Who spoke, when the frame names them as people of the named body ("Republican Party
    leaders", "a United Auto Workers negotiator"): the body's name and their role, as written."""
    own_act: bool = False
    """The speaker announcing what it does itself ("GM announced that it seeks $16.6 billion"):
    news of an act, an event rather than someone's claim (evals/LABELLING.md, Statements)."""


def reported_speech(
    doc: Doc,
    sentences: Sequence[tuple[int, int]],
    speakers: Sequence[Speaker],
    people: frozenset[str] = frozenset(),
    places: Sequence[Speaker] = (),
) -> tuple[ReportedSpeech, ...]:
    """Every reporting frame the parse shows whose speaker the article names, in text order.

    A reporting verb (`_REPORTING`) with a subject and a clausal complement: the subject is the
    speaker (a pronoun or role: the last subject named before), the complement the content;
    "according to X" gives the rest of its clause to X. Frames without a named speaker ("it was
    said", "the ministry said" when the article names no ministry) are left out: an attribution
    needs a source. `people`: the name ids of persons, so that "he" is a person and "it" is not.
    `places` speak only as the subject of their reporting verb ("Egypt has said ..."): a
    country's government; never the one a pronoun stands for.
    """
    found: list[ReportedSpeech] = []
    for index, (low, high) in enumerate(sentences):
        # "..., according to Wael Abu Omar. ..., he said.": a pronoun continues the last source.
        recent = found[-1].speaker if found and found[-1].sentence >= index - 1 else None
        for token in tokens_within(doc, low, high):
            frame = _frame(doc, token, speakers, people, recent, places, (low, high))
            if frame is not None and min(frame[2][1], high) > max(frame[2][0], low):
                speaker, cue, (start, end) = frame
                start, end = max(start, low), min(end, high)  # the words of this sentence only
                members = _members(token, speaker, speakers)
                own = _own_act(token, speaker, speakers)
                found.append(ReportedSpeech(index, speaker, cue, start, end, members, own))
    return tuple(found)


def _members(verb: Token, speaker: str, speakers: Sequence[Speaker]) -> str | None:
    """People of the named body as the speakers ("Republican Party leaders"), else None.

    In "Republican Party leaders insisted", the leaders spoke, not the party as a whole.
    """
    # The subject `_frame` gave the words to: the active one.
    subject = next((c for c in verb.children if c.dep_ in _SPEAKERS), None)
    if subject is None or subject.pos_ != "NOUN" or subject.lower_ not in _MEMBERS:
        return None
    mentions = next((m for key, m in speakers if key == speaker), ())
    before = [(s, e) for s, e in mentions if e <= subject.idx and s >= subject.left_edge.idx]
    if not before:
        return None
    start = before[0][0]
    return subject.doc.text[start : subject.idx + len(subject.text)]


def _own_act(verb: Token, speaker: str, speakers: Sequence[Speaker]) -> bool:
    """Whether `verb` announces the speaker's own act: "announced that it seeks", "that we will"."""
    if verb.lower_ not in _ANNOUNCING:
        return False
    content = next((c for c in verb.children if c.dep_ in _CONTENT), None)
    subject = _subject_in(content) if content is not None else None
    if content is None or subject is None or not _ahead(content):
        return False  # "announced that it saw a 45% drop": a report of results, a claim
    if subject.lower_ in _SELF:
        return True
    return _name_at(subject, speakers) == speaker


def _ahead(verb: Token) -> bool:
    """Whether a clause says what its subject will do or means to: "will give", "seeks"."""
    if verb.lower_ in _INTENT:
        return True
    return any(c.dep_ in {"aux", "auxpass"} and c.lower_ in _FUTURE for c in verb.children)


def _subject_in(clause: Token) -> Token | None:
    return next((c for c in clause.children if c.dep_ in _SUBJECTS), None)


def _frame(  # noqa: PLR0917 - one frame's parse, its speakers and the context to resolve them
    doc: Doc,
    token: Token,
    speakers: Sequence[Speaker],
    people: frozenset[str],
    recent: str | None,
    places: Sequence[Speaker],
    within: tuple[int, int],
) -> tuple[str, str, tuple[int, int]] | None:
    if token.lower_ == "according":
        found = _according_to(token, speakers)
        clause = token.head
        if found is None or clause.i == token.i:
            return None
        source, prep = found
        # The clause without the "according to X" phrase: the longer side of it.
        words = list(clause.subtree)
        before = [t for t in words if t.i < token.i]
        after = [t for t in words if t.i > _last(prep).i]
        cue = f"{token.text} {prep.text}"  # as written: "According to"
        return source, cue, _span(before if len(before) >= len(after) else after)
    if token.pos_ != "VERB" or token.lower_ not in _REPORTING or _unsaid(token):
        return None
    subject = _speaking_subject(token)
    if subject is None and token.dep_ == "conj" and not _named_before(token):
        # "Jobs has not yet mentioned why, but said he will ...": the joined verb's subject.
        subject = _speaking_subject(token.head)
    # Only a content in the verb's own sentence: the parser may hang a headline run into the
    # sentence on the verb as a second one ("Boeing pushes back ...\n\nBoeing has announced
    # that ..." gave Boeing the headline's words).
    low, high = within
    content = next((c for c in token.children if c.dep_ in _CONTENT and low <= c.idx < high), None)
    # "I"/"we" report only inside a quotation, whose words are the quote's speaker's already:
    # "we are already saying, 'well, after all, ...'" is no report of its own.
    if subject is None or content is None or subject.lower_ in {"i", "we"}:
        return None
    named = (
        _name_at(subject, speakers)
        or _by_surname(subject, speakers, people)
        or _place_of(subject, places)
    )
    # "..., who stated": the name the clause describes, never the last subject named.
    relative = named is None and subject.lower_ in _RELATIVE_SPEAKERS
    if relative:
        named = _relative_speaker(subject, speakers, people)
    # "someone familiar with the situation said": a source not named, nobody met before.
    unnamed = subject.lower_ in _SOMEONE or relative
    if named is None and not unnamed and (subject.pos_ == "PRON" or _the_company(subject)):
        # "he said", "the company has warned": the source just given, else the last subject
        # named before that fits.
        fitting = _fitting(subject, speakers, people)
        if recent is not None and any(s[0] == recent for s in fitting):
            named = recent
        else:
            named = _last_subject_before(
                doc, subject.idx, fitting, plural=subject.lower_ in _PLURAL
            )
    if named is None:  # "the ministry said", unnamed here: no source to give it to
        return None
    return named, token.text, _span(list(content.subtree))


def _speaking_subject(verb: Token) -> Token | None:
    """The verb's subject; of two the parser gives it, the name.

    "The US automobile manufacturer Ford has said": Ford, not the description whose "US" is a
    place.
    """
    subjects = [c for c in verb.children if c.dep_ in _SPEAKERS]
    if not subjects:
        # "Mulally predicted that ...": a surname the parser read as an adverb of the verb.
        subjects = [
            c
            for c in verb.children
            if c.dep_ in {"advmod", "npadvmod"} and c.pos_ == "PROPN" and c.i < verb.i
        ]
    return next((c for c in subjects if c.pos_ == "PROPN"), subjects[0] if subjects else None)


def _named_before(verb: Token) -> bool:
    """Whether a name stands before a verb with no subject: the parser may have lost it there.

    "... and in a reaction to the news European Commissioner Neelie Kroes said ...".
    """
    return any(t.pos_ == "PROPN" for c in verb.children if c.i < verb.i for t in c.subtree)


def _unsaid(verb: Token) -> bool:
    """Whether a reporting verb is negated: "Jobs has not yet mentioned what prompted it".

    ("declined to say" needs no rule: an open complement has no subject to speak.)
    """
    return any(c.dep_ == "neg" for c in verb.children)


def _the_company(subject: Token) -> bool:
    """Whether the subject is "the company" or "the carmaker": a business just named."""
    determiner = next((c for c in subject.children if c.dep_ == "det"), None)
    return (
        subject.lower_ in _BUSINESS
        and determiner is not None
        and determiner.lower_ in {"the", "this"}
        and len(list(subject.subtree)) == 2  # noqa: PLR2004 - "the" + the noun, nothing else
    )


def _fitting(pronoun: Token, speakers: Sequence[Speaker], people: frozenset[str]) -> list[Speaker]:
    """The speakers a pronoun can stand for: "he" and "she" a person, "it" anything else."""
    word = pronoun.lower_
    if word in _PERSONAL:
        return [s for s in speakers if s[0] in people]
    if word in _IMPERSONAL or word in _BUSINESS:
        return [s for s in speakers if s[0] not in people]
    return list(speakers)


def _according_to(according: Token, speakers: Sequence[Speaker]) -> tuple[str, Token] | None:
    """The name id of X in "according to X" (the token "according" given), and its "to".

    X ends at the comma after it: "According to an April 2nd report in Ars Technica, an
    internal memo at Apple showed ..." is not Apple's word, though the parser hangs "an internal
    memo at Apple" on "Ars Technica".
    """
    comma = next((t for t in according.doc[according.i :] if t.text == ","), None)
    limit = comma.idx if comma is not None else len(according.doc.text)
    within = [(key, tuple(m for m in where if m[0] < limit)) for key, where in speakers]
    for prep in (c for c in according.children if c.lower_ == "to"):
        for source in (c for c in prep.children if c.dep_ == "pobj"):
            named = _name_at(source, [(key, where) for key, where in within if where])
            if named is not None:
                return named, prep
    return None


def _last(token: Token) -> Token:
    return max(token.subtree, key=lambda t: t.i)


def _span(tokens: list[Token]) -> tuple[int, int]:
    words = sorted(tokens, key=lambda t: t.i)
    while words and words[0].lower_ in _LEADING:
        words = words[1:]
    while words and words[-1].is_punct and words[-1].text != "%":  # "by 30%": a unit, kept
        words = words[:-1]
    if not words:
        return 0, 0
    return words[0].idx, words[-1].idx + len(words[-1].text)


_NAMING: Final = re.compile(
    r"(?:\b(?:dubbed|called|named|so-called|so called|known as|nicknamed|titled|branded|"
    r"the text|the term|the word|the phrase|or)|[(])\s*(?:an?\s+|the\s+)?[\"“‘']?$",
    re.IGNORECASE,
)
"""A quote that is a name or a term: "dubbed a "retina display"", "the so-called "death grip"."""
_SHORT_QUOTE: Final = 3
"""Words of a quote that can be a scare quote or a term; a longer one is a statement."""


def is_framed(doc: Doc, quote: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """Whether the quotation marks at `quote` give someone's words, not a name or a scare quote.

    Quotation marks also set off titles and names ("Back to the Mac", "Snow Leopard"), terms
    introduced by a naming word ("dubbed a "retina display""), and words a writer keeps at a
    distance (a "recommended" rating). Only words someone said are an attribution: a name or a
    term never, a short quote only with a reporting verb in its sentence ("called for a
    humanitarian "pause"", "said he was "terribly disappointed""), a longer one always (a
    statement, which may run on from the sentence that named its speaker).
    """
    text = doc.text
    quoted = text[quote[0] : quote[1]]
    words = quoted.strip(" \"“”‘’'.,;:!?").split()
    if not words:
        return False
    if _is_title(words) and not _is_sentence(quoted):
        return False  # a title or a name: "Back to the Mac", "New GM"
    if _NAMING.search(text[max(sentence[0], quote[0] - 40) : quote[0]]):
        return False
    if len(words) > _SHORT_QUOTE:
        return True
    return _reporting_subject(doc, quote, sentence) is not None


def _is_title(words: list[str]) -> bool:
    """Capitalised words, with a title's small words between them ("Back to the Mac")."""
    return (
        len(words) <= 2 * _SHORT_QUOTE
        and words[0][:1].isupper()
        and all(w[:1].isupper() or not w[:1].isalpha() or w in _TITLE_SMALL for w in words)
    )


_TITLE_SMALL: Final = frozenset({"a", "an", "the", "of", "to", "and", "for", "in", "on", "at"})


def _is_sentence(quoted: str) -> bool:
    """A quoted statement ends as a sentence does ("We will do it right.")."""
    return quoted.rstrip(" \"“”‘’'")[-1:] in {".", "!", "?"} and len(quoted.split()) > 1


def speaker_of(  # noqa: PLR0917 - called positionally by the candidates' finder only
    doc: Doc,
    quote: tuple[int, int],
    nearby: Sequence[tuple[int, int]],
    speakers: Sequence[Speaker],
    people: frozenset[str] = frozenset(),
    continued: str | None = None,
    places: Sequence[Speaker] = (),
) -> str | None:
    """The id of the speaker most likely to have said the quote at `quote`, or None.

    `nearby` holds the spans of the quote's sentence, the next and the previous, in that order.
    `people` are the speakers who are persons: "he said" is one of them, never the company
    last named, and a quote with no reporting verb near it is a person's words when a person
    was named before it. `continued`: the speaker of a quote just before this one, whose words
    this one continues when no reporting verb in `nearby` gives it to someone else (journalists
    run one speaker's quotes on without repeating "he said"). `places` speak as a frame's
    subject names them, as in reported speech ("The premier of the German state of North
    Rhine-Westphalia remarked that "..."": was the person quoted before).
    """
    # Signed below the quote, or given by an "according to" in its own sentence; a passive
    # frame ("The iPhone is claimed to be "..."") gives it to no one.
    given = _signed(doc.text, quote[1], speakers, people) or (
        _according_in(doc, quote, nearby[0], speakers) if nearby else None
    )
    if given is not None or (nearby and _said_of(doc, quote, nearby[0])):
        return given
    for bounds in nearby:
        subject = _quote_subject(doc, quote, bounds)
        if subject is not None:
            relative = subject.lower_ in _RELATIVE_SPEAKERS
            named = (
                _name_at(subject, speakers, people)
                or _by_surname(subject, speakers, people)
                or _place_of(subject, places)
                or (_relative_speaker(subject, speakers, people) if relative else None)
            )
            if named is not None:
                return named
            # "he", "the spokesman": the one last named as the subject of a sentence before. "A
            # group of Washington politicians", "Analysts": someone not named, no one before; a
            # relative pronoun's clause names whom it describes or no one.
            if relative or not _known(subject):
                return None
            fitting = _fitting(subject, speakers, people) if people else list(speakers)
            return _last_subject_before(doc, quote[0], fitting) or _last_before(quote[0], fitting)
    if continued is not None:
        return continued
    persons = [s for s in speakers if s[0] in people]
    return (
        _last_before(quote[0], persons)
        or _last_before(quote[0], speakers)
        or _first_after(quote[1], speakers)
    )


def quote_subject(
    doc: Doc, quote: tuple[int, int], nearby: Sequence[tuple[int, int]]
) -> Token | None:
    """The subject of the frame that reports the quote at `quote`, as `speaker_of` finds it.

    The first of the `nearby` sentences that has a frame gives it.
    """
    for bounds in nearby:
        subject = _quote_subject(doc, quote, bounds)
        if subject is not None:
            return subject
    return None


def description_of(subject: Token) -> str | None:
    """An unnamed speaker's description, when a frame's subject is one, else None.

    '"...," a top administration official said': "top administration official".
    evals/LABELLING.md counts an official of a named body as a speaker, without the leading
    article. Only one person described by an office or trade ("official", "spokesman",
    "analyst"); "Analysts", "someone" or a pronoun describe no one.
    """
    if subject.lower_ not in _ROLES or subject.tag_ != "NN" or _known(subject):
        return None
    words = [
        t
        for t in subject.subtree
        if (t.i <= subject.i and t.dep_ in {"compound", "amod", "nmod"}) or t.i == subject.i
    ]
    return " ".join(t.text for t in words)


# One person described by an office or a trade: an unnamed source a reader can still weigh.
_ROLES: Final = frozenset(
    {
        "official", "spokesman", "spokeswoman", "spokesperson", "analyst", "executive",
        "source", "economist", "expert", "strategist", "director", "aide", "adviser", "advisor",
        "representative", "insider", "employee", "trader", "lawyer", "engineer", "manager",
        "officer", "minister", "diplomat", "negotiator", "worker", "observer", "investor",
    }
)  # fmt: skip


def _according_in(
    doc: Doc, quote: tuple[int, int], bounds: tuple[int, int], speakers: Sequence[Speaker]
) -> str | None:
    """The source an "according to" in the quote's own sentence gives the clause holding it.

    "According to analyst Maryann Keller, the deal is a good one, as "neither one has the
    ability ..."": Keller's words, not those of the next sentence's subject.
    """
    for token in tokens_within(doc, *bounds):
        if token.lower_ != "according" or token.idx > quote[0]:
            continue
        found = _according_to(token, speakers)
        clause = token.head
        if found is None or clause.i == token.i:
            continue
        words = list(clause.subtree)
        if words[0].idx <= quote[0] and quote[1] <= words[-1].idx + len(words[-1]) + 1:
            return found[0]
    return None


_SOMEONE: Final = frozenset(
    {"someone", "somebody", "anyone", "anybody", "one", "nobody", "no-one", "others", "many"}
)


def _known(subject: Token) -> bool:
    """Whether an unnamed subject may be someone already met: a pronoun, "the spokesman".

    Only a reporting verb's own subject is judged: one borrowed from the clause a participle
    hangs on may be the parser's slip ("routes were possible, saying, "..."").
    """
    if subject.lower_ in _SOMEONE:
        return False
    if subject.pos_ == "PRON" or subject.head.lower_ not in _REPORTING:
        return True
    return any(c.dep_ in {"det", "poss"} and c.lower_ not in _INDEFINITE for c in subject.children)


_INDEFINITE: Final = frozenset({"a", "an", "some", "any", "another"})


def reporter_of(
    doc: Doc, number: tuple[int, int], sentence: tuple[int, int], speakers: Sequence[Speaker]
) -> str | None:
    """The id of whoever the number's sentence gives it to ("according to X", "X said"), or None.

    Unlike a quote, a number the article states itself has no reporter: only its own sentence
    counts, and no name is guessed from proximity.
    """
    low, high = sentence
    for token in tokens_within(doc, low, high):
        found = _according_to(token, speakers) if token.lower_ == "according" else None
        if found is not None:
            return found[0]
    subject = _reporting_subject(doc, number, sentence, figure=True)
    return _name_at(subject, speakers) if subject is not None else None


def _quote_subject(doc: Doc, quote: tuple[int, int], bounds: tuple[int, int]) -> Token | None:
    """The subject of the verb reporting the quote at `quote`, within `bounds`.

    The verb that governs the quoted words in the parse comes first, whatever the word
    ("enthused", "quipped"); a participle with no subject of its own ("..., saying, "...") takes
    the subject of the verb it hangs on. Else the reporting verb closest to the quote. (A
    number's reporter is found by the reporting verbs only: the verb a number hangs on is
    usually what it measures, "fell 5%".)
    """
    governing = _governing_verb(doc, quote, bounds)
    if governing is not None:
        quoted_as = _quoted_as(governing)
        found = quoted_as if quoted_as is not None else _subject_of(governing, quote)
        if found is not None:
            return found
    return _reporting_subject(doc, quote, bounds)


def _said_of(doc: Doc, quote: tuple[int, int], bounds: tuple[int, int]) -> bool:
    """Whether a passive reporting verb frames the quote: its subject is spoken of, not speaking.

    "The iPhone is claimed to be "a revolutionary mobile phone"": nobody named says it.
    """
    span = doc.char_span(quote[0], quote[1], alignment_mode="expand")
    if span is None or len(span) == 0 or not bounds[0] <= span.root.head.idx < bounds[1]:
        return False
    verb: Token | None = span.root.head
    for _ in range(_CHAIN_UP):
        if verb is None:
            return False
        if verb.lower_ in _REPORTING and any(c.dep_ == "nsubjpass" for c in verb.children):
            return True
        verb = verb.head if verb.dep_ == "xcomp" else None
    return False


_CHAIN_UP: Final = 2  # "is claimed to be "..."": the verb the quote hangs on, the one it completes


def _quoted_as(verb: Token) -> Token | None:
    """In "Detik.com quoted Djamal as saying", the words are Djamal's: the object's."""
    if verb.lower_ not in {"quoted", "quotes", "cited", "cites"}:
        return None
    return next((c for c in verb.children if c.dep_ in {"dobj", "obj"}), None)


def _governing_verb(doc: Doc, quote: tuple[int, int], bounds: tuple[int, int]) -> Token | None:
    """The verb outside the quote that the quoted words hang on (their clause's head)."""
    (low, high), (start, end) = bounds, quote
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    text = doc.text
    for token in span:
        head = token.head
        if head.i not in inside and head.pos_ == "VERB" and low <= head.idx < high:
            between = text[end : head.idx] if head.idx >= end else text[head.idx : start]
            # A verb of another quote ("...," "This opportunity will put ...") reports nothing
            # of this one; an unlisted verb reports a statement, not a phrase ("making it "the
            # thinnest smartphone"").
            other_quote = sum(between.count(mark) for mark in _QUOTE_MARKS) > 1
            listed = head.lower_ in _REPORTING
            statement = text[start : start + 1].isupper()
            if token.dep_ in _QUOTED_ROLES and not other_quote and (listed or statement):
                return head
            return None
    return None


_QUOTE_MARKS: Final = ('"', "“", "”")


def _subject_of(verb: Token, quote: tuple[int, int]) -> Token | None:
    start, end = quote
    for current in (verb, verb.head):
        subject = _nearest_subject(current, _SUBJECTS)
        if subject is not None and not start <= subject.idx < end:
            return subject
        if current.dep_ not in {"advcl", "xcomp", "conj"}:
            break
    inverted = _inverted_subject(verb) or _name_before(verb)
    return inverted if inverted is not None and not start <= inverted.idx < end else None


def _name_before(verb: Token) -> Token | None:
    """A name right before a reporting verb left with no subject: the parser's slip.

    "When asked whether ... the rift between Russia and the US, Boeing Executive Vice President
    Scott Carson replied, "..."": the parser joins Carson to Russia and the US.
    """
    if verb.i == 0 or verb.lower_ not in _REPORTING:
        return None
    if any(c.dep_ in _SUBJECTS for c in verb.children):
        return None
    before = verb.doc[verb.i - 1]
    return before if before.pos_ == "PROPN" and before.head.i != verb.i else None


def _inverted_subject(verb: Token) -> Token | None:
    """The speaker right after the verb, parsed as the subject of the clause that follows.

    '"...," said Uralsib analyst Chris Weafer commenting on this decision': the parser makes
    Weafer the subject of "commenting", leaving "said" none (and the quote went to the last
    organisation named).
    """
    for clause in verb.rights:
        if clause.dep_ not in {"ccomp", "xcomp", "advcl"}:
            continue
        subject = next((c for c in clause.children if c.dep_ in _SUBJECTS), None)
        if subject is not None and subject.left_edge.i == verb.i + 1:
            return subject
    return None


# How quoted words hang on the verb that reports them: its clause, its object, a parenthetical.
_QUOTED_ROLES: Final = frozenset({"ccomp", "dobj", "parataxis", "xcomp", "advcl"})


def _reporting_subject(
    doc: Doc, quote: tuple[int, int], bounds: tuple[int, int], *, figure: bool = False
) -> Token | None:
    """The subject of the reporting verb closest to the span, outside it, within `bounds`.

    For a `figure`, a verb reporting something of its own before the figure's clause does not
    report the figure (`_report_before`).
    """
    (low, high), (start, end) = bounds, quote
    span = doc.char_span(start, end, alignment_mode="expand")
    words = list(span) if span is not None else []
    # The verbs above the figure's words, nearest first: its clause and what that is joined to.
    above_words = list(span.root.ancestors) if span is not None and words else []
    clause = next((a for a in above_words if a.pos_ == "VERB"), None)
    chain = [clause, *clause.ancestors] if figure and clause is not None else []
    verbs = [
        t
        for t in tokens_within(doc, low, high)
        if not start <= t.idx < end
        and t.pos_ == "VERB"
        and t.lower_ in _REPORTING
        and not _going_on(t)
        and not _acting(t, figure=figure)
        and not _report_before(t, chain)
    ]
    # A verb whose clause holds the words reports them ("He stated that he expected GM to make
    # "..."", not "several times described" after them): those first, nearest first.
    above = {a.i for t in words for a in t.ancestors}
    verbs.sort(key=lambda t: (t.i not in above, min(abs(t.idx - start), abs(t.idx - end))))
    for verb in verbs:
        subject = _nearest_subject(verb, _SPEAKERS)
        participle = verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp"}
        if subject is None and participle and verb.i in above:
            # "Chrysler has asked for aid, saying that it plans to fire 3,000": Chrysler says.
            subject = _nearest_subject(verb.head, _SPEAKERS)
        if subject is not None and not start <= subject.idx < end:
            return subject
    return None


def _report_before(verb: Token, chain: list[Token]) -> bool:
    """Whether a report of its own comes before a figure's clause, inside the verbs above it.

    `chain`: the figure's clause and the verbs above it, nearest first (empty for a quote).
    "Toyota reported a 32% drop in US sales, Nissan Motors dropped 30%": the parser hangs
    "reported" under "dropped", but Toyota reports its own drop, not Nissan's.
    """
    if not chain or verb.i >= chain[0].i or any(v.i == verb.i for v in chain):
        return False  # "..., saying that it plans to fire 3,000": the frame of the figure
    above = {a.i for a in verb.ancestors}
    # Its own clause's verb, or the verb that clause is joined to ("..., and Honda sales dropped").
    holding = any(v.i in above for v in chain)
    return holding and any(c.dep_ in {"dobj", "ccomp"} for c in verb.children)


def _acting(verb: Token, *, figure: bool) -> bool:
    """Whether "add", "call" or "ask" does something to an object rather than say it.

    "Any members of the iPhone Developer Program can add applications to the store; the program
    costs $99": nobody reports the price ("added that ..." and '"...," he added' still report).
    """
    if verb.lower_ not in _ACTING or any(c.dep_ in {"ccomp", "parataxis"} for c in verb.children):
        return False
    # "The GAO called for a re-run of the bidding for the $40 billion contract": a demand, no
    # report of the sum; a quote it frames is the caller's words ('called for a humanitarian
    # "pause"', labelled so in seed-000-jabaliya).
    demand = figure and verb.lower_ in _CALLING and any(c.lower_ == "for" for c in verb.children)
    return demand or any(c.dep_ == "dobj" and c.pos_ in {"NOUN", "PROPN"} for c in verb.children)


_CALLING: Final = frozenset({"call", "calls", "called"})
_ACTING: Final = frozenset(
    {"add", "adds", "added", "adding", "call", "calls", "called", "ask", "asks", "asked"}
)


def _going_on(verb: Token) -> bool:
    """Whether "continued to fall" is a move going on, not words going on ("he continued")."""
    return verb.lower_ in _CONTINUING and any(c.dep_ == "xcomp" for c in verb.children)


_CONTINUING: Final = frozenset({"continue", "continues", "continued"})


def _nearest_subject(verb: Token, kinds: frozenset[str]) -> Token | None:
    """The verb's subject; of two, the name (or pronoun) nearest before it.

    The parser may take a fronted phrase or an apposition for a second subject: "As well as new
    routes to the US, Mannion stated ..." is Mannion's; "Whitey MacDonald, chairperson of Local
    1520, Canadian Auto Workers union said" is MacDonald's.
    """
    subjects = [c for c in verb.children if c.dep_ in kinds]
    before = [c for c in subjects if c.i < verb.i]
    named = [c for c in before if c.pos_ in {"PROPN", "PRON"}]
    if named:
        return named[-1]
    return before[-1] if before else next(iter(subjects), None)


def _signed(text: str, end: int, speakers: Sequence[Speaker], people: frozenset[str]) -> str | None:
    """A person named right after the closing mark, as in '"...," Jesse Toprak, an analyst'."""
    for name_id, mentions in speakers:
        if name_id in people and any(
            end <= s <= end + _SIGNED_GAP
            and not text[end:s].strip(" ,\"”’'")
            and "," in text[max(0, end - _SIGNED_GAP) : s]  # '...," Name', not '....\" Name'
            for s, _ in mentions
        ):
            return name_id
    return None


def _by_surname(subject: Token, speakers: Sequence[Speaker], people: frozenset[str]) -> str | None:
    """The person whose surname the subject is, when the recogniser missed it ("Mannion said")."""
    if not subject.text[:1].isupper():  # the tagger may call a surname a noun: the case decides
        return None
    doc = subject.doc
    for name_id, mentions in speakers:
        if name_id in people and mentions:
            start, end = mentions[0]
            if start < subject.idx and doc.text[start:end].split()[-1] == subject.text:
                return name_id
    return None


def _name_at(
    subject: Token, speakers: Sequence[Speaker], people: frozenset[str] = frozenset()
) -> str | None:
    """The name whose mention overlaps the subject's phrase (appositions included).

    The head word first: in "Ellen Reyes, the mayor of Riverton" the head is the name. Else a
    person named in the phrase before any organisation: in "the chairman of Chrysler LLC Jim
    Press" the words are Jim Press's, Chrysler is where he works.
    """
    if _someone_of(subject):
        return None
    phrase = list(subject.subtree)
    start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1].text)
    head = (subject.idx, subject.idx + len(subject.text))
    # "The vice president of Dacia, Constantin Stroe, said": the apposition names the head,
    # wherever the parser hangs it (here on "Dacia", which the recogniser calls a person too).
    named = appositive_name(subject) or next(
        (
            t
            for t in phrase
            if t.dep_ == "appos"
            and t.pos_ == "PROPN"
            and t.head.dep_ == "pobj"
            and (t.left_edge.i == 0 or t.doc[t.left_edge.i - 1].text != "(")
        ),
        None,
    )
    apposed = (named.left_edge.idx, named.idx + len(named.text)) if named is not None else (0, 0)
    persons = [s for s in speakers if s[0] in people]
    places = (
        (head, speakers),
        (apposed, speakers),
        ((start, end), persons),
        ((start, end), speakers),
    )
    for (low, high), group in places:
        for name_id, mentions in group:
            if any(s < high and low < e for s, e in mentions):
                return name_id
    return None


def _relative_speaker(
    subject: Token, speakers: Sequence[Speaker], people: frozenset[str]
) -> str | None:
    """Who a relative pronoun stands for: the name its clause describes, never the last subject.

    "Charles O'Reilly, a management expert at Stanford University, who stated, "..."": O'Reilly
    (the parser hangs the clause on "University"; "who" is a person, so the first person up the
    phrase). Was Steve Jobs, the last subject named before.
    """
    clause = subject.head
    if clause.dep_ != "relcl":
        return None
    person = subject.lower_ == "who"
    token = clause.head
    for _ in range(_RELATIVE_CLIMB):
        mention = (token.idx, token.idx + len(token.text))
        for name_id, mentions in speakers:
            if (not person or name_id in people) and any(
                s < mention[1] and mention[0] < e for s, e in mentions
            ):
                return name_id
        if token.dep_ not in {"pobj", "prep", "appos", "compound"}:
            return None
        token = token.head
    return None


_RELATIVE_SPEAKERS: Final = frozenset({"who", "which", "that"})
_RELATIVE_CLIMB: Final = 5  # "O'Reilly, a management expert at Stanford University, who"


def _place_of(subject: Token, places: Sequence[Speaker]) -> str | None:
    """The place that speaks through the subject: itself, or the place an office is "of".

    "Egypt has said"; "The premier of the German state of North Rhine-Westphalia remarked". Not
    a place that only describes a person the recogniser missed ("Todd Tiahrt, a Kansas
    representative, said", "Alabama Governor Bob Riley said": was Kansas, Alabama).
    """
    if subject.pos_ == "PROPN":
        spans = [(subject.idx, subject.idx + len(subject.text))]
    elif subject.pos_ == "NOUN":
        spans = [
            (c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text))
            for c in subject.children
            if c.dep_ == "prep" and c.lower_ == "of"
        ]
    else:
        return None
    return next(
        (
            name_id
            for name_id, mentions in places
            if any(s < high and low < e for s, e in mentions for low, high in spans)
        ),
        None,
    )


def _someone_of(subject: Token) -> bool:
    """Whether the subject is someone not named whose words are not the named body's.

    "said a university professor from the University of Michigan who specializes in
    bankruptcy": not the university's words, nor "a Delhi auto parts supplier" Delhi's
    (evals/LABELLING.md: officials and representatives of a named body speak for it, "a top
    administration official", "a United Auto Workers negotiator"; others are unnamed sources).
    """
    article = next((c for c in subject.children if c.dep_ == "det"), None)
    return (
        subject.pos_ == "NOUN"
        and article is not None
        and article.lower_ in {"a", "an"}
        and subject.lower_ in _OWN_WORDS
        and appositive_name(subject) is None  # "An aerospace analyst, Richard Aboulafia, said"
    )


_OWN_WORDS: Final = frozenset(
    {
        "professor", "analyst", "expert", "economist", "researcher", "scientist", "student",
        "resident", "customer", "worker", "supplier", "dealer", "investor", "observer",
        "witness", "owner", "driver", "passenger", "trader", "strategist", "consultant",
    }
)  # fmt: skip
"""Who speaks for themselves, not for the body they are named with ("an analyst at ...")."""


def antecedent_of(doc: Doc, offset: int, speakers: Sequence[Speaker]) -> str | None:
    """Who "he", "it" or "the company" at `offset` most likely is: the last subject named before."""
    return _last_subject_before(doc, offset, speakers)


def _last_subject_before(
    doc: Doc, offset: int, speakers: Sequence[Speaker], *, plural: bool = False
) -> str | None:
    """The last speaker named as a subject before `offset`.

    For "they", a name that says whose a plural subject is names it too: "explained Barclays
    Capital economists, and they predicted ...": the economists (Barclays Capital) predicted.
    """
    subjects = []
    for name_id, mentions in speakers:
        for start, end in mentions:
            span = doc.char_span(start, end, alignment_mode="expand") if end <= offset else None
            if span is None:
                continue
            # A name in apposition to the subject names it: "Another automaker, General Motors
            # (GM), announced that it seeks ...": "it" is General Motors; so does each name of
            # a coordinated subject ("GM and Chrysler seek ...").
            root = span.root
            apposed = root.dep_ == "appos"
            while root.head.i != root.i and (
                root.dep_ in {"appos", "conj"}
                or (plural and root.dep_ == "compound" and root.head.tag_ in _PLURAL_NOUNS)
            ):
                root = root.head
            # "The vice president of Dacia, Constantin Stroe, said": the parser hangs the name
            # on "Dacia"; it names the subject (as `_name_at` reads it).
            if apposed and root.dep_ == "pobj" and root.head.head.dep_ in _SUBJECTS:
                root = root.head.head
            # "the Brazilian Bovespa index", "the Nasdaq index": the name of the index it heads.
            if root.dep_ == "compound" and root.head.lower_ in _INDEX_NOUNS:
                root = root.head
            # "One of the worst faring indexes was the Brazilian Bovespa index. It has fallen
            # by 14.45%": a copula's complement is its subject again.
            if root.dep_ in _SUBJECTS or (root.dep_ == "attr" and root.head.lower_ in COPULAS):
                subjects.append((end, name_id))
    return max(subjects)[1] if subjects else None


_INDEX_NOUNS: Final = frozenset({"index", "average", "composite"})


def _last_before(offset: int, speakers: Sequence[Speaker]) -> str | None:
    before = [(end, name) for name, mentions in speakers for _, end in mentions if end <= offset]
    return max(before)[1] if before else None


def _first_after(offset: int, speakers: Sequence[Speaker]) -> str | None:
    after = [
        (start, name) for name, mentions in speakers for start, _ in mentions if start >= offset
    ]
    return min(after)[1] if after else None
