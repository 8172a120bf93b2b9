"""What a sentence reports as happening, read off spaCy's parse: who did what to whom.

A sentence's event is its main verb: the actor is the verb's subject, the action the verb with
what completes it (objects, particles, prepositional phrases, open complements), the object its
direct object. What only frames or extends the happening is left out of the action: adverbial
clauses ("after ...", "when ..."), coordinated clauses, relative clauses, parentheticals and
asides ("including ...", "with forces advancing ..."); the actor is the subject's name without
the apposition that describes it, or the name that apposition gives a description ("Another
automaker, General Motors, announced": General Motors), a pronoun as the name it stands for, and
a subject the parser hung on a headline or dateline without a full stop is still the noun phrase
before the verb. A sentence that reports speech ("X said Y happened") reports Y, as X's claim.

On the 26 fixtures of 2026-12-07, events read this way off the sentences the embedded 1.5B model
chose scored lenient F1 0.38 against the model's own 0.33, and off the lead's sentences 0.43
(`python benchmarks/event_guess.py`; docs/strategies.md); on the 28 of 2026-12-07 the lead's five
0.49 (strict 0.29) before actors were named this way, 0.55 (0.34) after, 0.57 (0.36) with words
only left out. A sentence whose main verb is "be" or "have", or holds a view ("believes that"),
states how things are, and one whose verb only says something ("stressed his view that ...") is
an attribution: `state`, no event.

What evals/LABELLING.md says is no key event is read off the parse too (2026-12-07, later): a simple
present that tells what a thing does ("Atlanta makes the Taurus") and a toll ("9,000 people have
been killed": a figure) are states; a modal ("might need", "must include"; "would" unless it
reports someone's words) is `speculative`; a verb dated by a year before the latest the article
names ("started Apple in 1976", "since 2004") is `background`; a verb inside quotation marks is
someone's words, `quoted`. And the circumstances that end an action leave it however deep they
hang on its verbs ("plans to stand down on January 15 following ...": "plans to stand down").
The lead's five on the 28 fixtures: lenient F1 0.562 -> 0.605, strict 0.361 -> 0.388.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from summarizer.find.nlp import (
    CONNECTIVES,
    COPULAS,
    appositive_name,
    cause_phrase,
    tokens_within,
)

_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
_OBJECTS: Final = frozenset({"dobj", "attr"})
# Dependents that frame or extend the happening rather than complete it: "lost 15.5% | after the
# firm announced ...", "broke down | when leaders insisted ...".
_FRAMING: Final = frozenset({"advcl", "parataxis", "conj", "cc", "relcl", "punct", "mark", "dep"})
_BEFORE_VERB: Final = frozenset({"aux", "auxpass", "neg", "prt"})
# Word forms (the pipeline has no lemmatizer): verbs whose content, not the saying, is the news.
# "announced", "confirmed" and "reported" stay events of their own: the act is the news.
_SPEECH: Final = frozenset(
    {
        "say", "says", "said", "tell", "tells", "told", "add", "adds", "added", "state",
        "states", "stated", "claim", "claims", "claimed", "insist", "insists", "insisted",
        "argue", "argues", "argued", "write", "writes", "wrote", "warn", "warns", "warned",
    }
)  # fmt: skip
# A pronoun that opens what a body reported is that body: "Ford said it will cut"; "he" and
# "she" are left to the names' reading.
_SPEAKER_PRONOUNS: Final = frozenset({"it", "they"})
# Any verb that reports, an announcement too, when what it reports comes first.
_REPORTED: Final = frozenset(
    {
        "announce", "announces", "announced", "confirm", "confirms", "confirmed", "report",
        "reports", "reported", "reveal", "reveals", "revealed",
    }
)  # fmt: skip
# What a reporting verb says after it besides its content ("reported a 39% loss"): then the
# clause before it is no content it reports.
_SAYS_MORE: Final = frozenset({"dobj", "ccomp", "xcomp", "prep", "attr", "oprd", "dative"})
_CLAIMING: Final = frozenset({"claim", "claims", "claimed", "alleges", "alleged"})
_VERBAL: Final = frozenset({"VERB", "AUX"})
# Holding a view is not a happening: "Israel believes that Gaza City houses tunnels".
_OPINION: Final = frozenset(
    {
        "believe", "believes", "believed", "think", "thinks", "thought", "expect", "expects",
        "expected", "hope", "hopes", "hoped", "fear", "fears", "feared", "want", "wants",
        "feel", "feels", "felt",
    }
)  # fmt: skip
# Saying without a happening reported: "Henderson stressed his view that ...", "Jobs started by
# hinting at ...", "X said." A reporting verb whose content has a subject of its own reports that
# content instead (above); "announced", "confirmed" and "reported" stay events.
_WORDS: Final = _SPEECH | frozenset(
    {
        "explain", "explains", "explained", "note", "notes", "noted", "describe", "describes",
        "described", "stress", "stresses", "stressed", "emphasize", "emphasizes", "emphasized",
        "emphasise", "emphasises", "emphasised", "suggest", "suggests", "suggested", "comment",
        "comments", "commented", "envision", "envisions", "envisioned", "hint", "hints",
        "hinted", "reply", "replies", "replied", "respond", "responds", "responded", "admit",
        "admits", "admitted", "acknowledge", "acknowledges", "acknowledged", "urge", "urges",
        "urged", "mention", "mentions", "mentioned", "predict", "predicts", "predicted",
        "estimate", "estimates", "estimated", "observe", "observes", "observed", "enthuse",
        "enthuses", "enthused",
    }
)  # fmt: skip
_FRONTED_REPORTING: Final = _REPORTED | _WORDS  # a verb that reports what came before it
_TIMES: Final = frozenset({"DATE", "TIME"})
# What may happen, or ought to, has not happened: "GM might need $30 billion", "the plan must
# include a partnership". "Can" is left out: "the phones can be returned" announces a policy.
_SPECULATIVE: Final = frozenset({"might", "may", "could", "must", "should"})
_PERFECT: Final = frozenset({"has", "have", "had", "'ve", "'s"})
_FUTURE: Final = frozenset({"will", "would", "shall", "'ll", "wo"})
# A count of the dead or hurt is a toll, a figure: "more than 9,000 Palestinians have been killed".
_TOLL: Final = frozenset({"killed", "died", "dead", "injured", "wounded", "hurt"})
_YEAR: Final = re.compile(r"\b(?:1[89]|20)\d\d\b")

_PERSONAL: Final = frozenset({"he", "she", "it"})
# Prepositions that place or date a happening ("for three days" is how long, not when).
_SITING: Final = frozenset(
    {"on", "in", "at", "during", "since", "by", "until", "before", "after", "near", "inside"}
)
_PLACES: Final = frozenset({"GPE", "LOC", "FAC"})
_STATES: Final = frozenset(
    {"is", "are", "was", "were", "be", "been", "being", "'s", "has", "have", "had", "remains"}
)
_BEING: Final = _STATES | COPULAS
_BREAKS: Final = frozenset({",", ";", ":", "(", "--", "—", "–"})
_TRAILING: Final = frozenset(
    {".", ",", ";", ":", "!", "?", "-", "--", "—", "–", '"', "'", "“", "”"}
)
_ELABORATING: Final = frozenset({"including", "despite", "amid", "amidst"})
_ADDING: Final = frozenset({"addition", "top"})
_FLOATING: Final = frozenset({"each", "both", "all"})  # "the indices each fell", "X and Y both"
ACTION_CHARS: Final = 160
"""An action is a few words: at most this many characters, cut at a word."""
LABEL_CHARS: Final = 120
"""An actor, object or source: at most this many characters, cut at a word."""


@dataclass(frozen=True, slots=True)
class EventReading:
    """A sentence's happening as the parse reads it."""

    sentence: int
    """Index of the sentence in the article's sentences."""
    actor: str | None
    action: str
    object: str | None
    source: str | None = None
    """Who claims it, when the sentence gives the event as someone's words."""
    state: bool = False
    """A state, not a happening: the main verb is "be" or "have" ("the carmaker had 54,000
    employees", "the ministry is part of the government"), holds a view ("believes that"), only
    says something ("stressed his view that ...": an attribution, not an event), is a simple
    present that tells what a thing does or is like ("Atlanta makes the Taurus", "the 787-9 holds
    290"; not "GM plans to ...", which announces), or counts the dead or hurt (a toll: a
    figure)."""
    speculative: bool = False
    """What may happen or ought to, not what did: "GM might need $30 billion", "the plan must
    include a partnership"; "would" too, unless it reports someone's words ("GM stated that it
    would stop production": the reported "will")."""
    background: bool = False
    """History told for context: the verb is dated by a year before the latest the article
    names ("He started Apple in 1976", "has been fighting cancer since 2004")."""
    quoted: bool = False
    """The happening is inside quotation marks: someone's words, an attribution's."""
    time_text: str | None = None
    """When, as written, where the verb itself is dated: "on Thursday", "earlier this week"."""
    location: str | None = None
    """Where, as written, where a place hangs on the verb: "in Gaza" gives "Gaza"."""


Namer = Callable[[Token], str | None]
"""Who a pronoun stands for ("she" -> "Mary Barra"), or None when nobody fits."""


def event_readings(
    doc: Doc, bounds: Sequence[tuple[int, int]], named: Namer | None = None
) -> tuple[EventReading, ...]:
    """Each sentence's event (`bounds`: the sentences' offsets), where its main word is a verb.

    `named` resolves a pronoun actor ("She replaces Daniel Akerson": Mary Barra does).
    """
    readings = []
    years = [int(y) for e in doc.ents if e.label_ == "DATE" for y in _YEAR.findall(e.text)]
    latest = max(years, default=None)
    for index, (start, end) in enumerate(bounds):
        tokens = tokens_within(doc, start, end)
        if reading := _reading(tokens, index, named, latest):
            readings.append(reading)
    return tuple(readings)


def _reading(
    tokens: list[Token], index: int, named: Namer | None, latest: int | None
) -> EventReading | None:
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    verb = next((t for t in roots if t.pos_ in _VERBAL), None) or _finite_of_noun(roots)
    if verb is None:
        return None  # a heading or a caption: no verb, no happening
    source = None
    reported = False
    # Across a line break the parser may join two of our sentences: only this one's words count.
    content = next((c for c in verb.children if c.dep_ == "ccomp" and c.i in inside), None)
    # "X are to be allowed to bid, the USAF has announced": what was announced, by the USAF.
    fronted = (
        content is not None
        and content.i < verb.i
        and verb.lower_ in _FRONTED_REPORTING
        and not any(c.i > verb.i and c.dep_ in _SAYS_MORE for c in verb.children)
    )
    speech = verb.lower_ in _SPEECH or fronted
    speaker = None
    if speech and content is not None and _subject(content, inside) is not None:
        speaker = _subject(verb, inside)
        source = _phrase(_within(speaker, inside), LABEL_CHARS) if speaker is not None else None
        verb = content
        reported = True
    subject = (
        _subject(verb, inside)
        or _stranded_subject(tokens, verb, inside)
        or _misread_subject(tokens, verb, inside)
        or _noun_of_finite(verb)
    )
    action = _action(verb, subject, inside)
    if not action:
        return None
    actor = _actor(subject, inside, named) if subject is not None else None
    if (
        speaker is not None
        and speaker.pos_ != "PRON"
        and subject is not None
        and subject.lower_ in _SPEAKER_PRONOUNS
        and subject.dep_ == "nsubj"
        and verb.lower_ not in _BEING  # "they were part of": no one acts
        # '"It's only going to get worse," he said': someone's words, a mark between them.
        and not any(
            t.text in _QUOTATION_MARKS
            for t in tokens
            if min(verb.i, speaker.i) < t.i < max(verb.i, speaker.i)
        )
    ):
        # "the company has told the US Treasury that it intends to ...": "it" is the company,
        # whoever was named last (was the US government); a name the pronoun already gave that
        # the speaker's words hold is kept ("General Motors", not "The US car manufacturer
        # General Motors").
        said_by = _actor(speaker, inside, named)
        if said_by is not None and (actor is None or actor not in said_by):
            actor = said_by
    if source is None and verb.lower_ in _CLAIMING:
        source = actor  # "Israel claims to have targeted leaders": Israel's claim of its own act
    obj = next((c for c in verb.children if c.dep_ in _OBJECTS and not _amount(c, verb)), None)
    auxiliaries = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    return EventReading(
        sentence=index,
        actor=actor,
        action=action,
        object=_phrase(_object_words(obj, inside), LABEL_CHARS) if obj is not None else None,
        source=source,
        state=(verb.lower_ in _STATES and not _released(verb, auxiliaries) and not _decided(verb))
        or verb.lower_ in _OPINION
        or _words_only(verb)
        or _habitual(verb, auxiliaries)
        or _toll(verb, subject)
        or _referring(subject),
        speculative=bool(auxiliaries & _SPECULATIVE) or ("would" in auxiliaries and not reported),
        background=_dated_before(verb, inside, auxiliaries, latest),
        quoted=_quoted(tokens[0], verb),
        time_text=_attached(verb, inside, _TIMES, with_preposition=True),
        location=_attached(verb, inside, _PLACES, with_preposition=False),
    )


def _object_words(obj: Token, inside: set[int]) -> list[Token]:
    """The object's words up to a "following ..." that says when ("a plan following the news")."""
    words = _within(obj, inside)
    after = [
        d.left_edge.i
        for d in obj.subtree
        if d.i != obj.i and d.lower_ == "following" and d.dep_ in {"prep", "acl"}
    ]
    return [t for t in words if t.i < min(after)] if after else words


def _amount(phrase: Token, verb: Token) -> bool:
    """An object that is only the size of a move: a figure, not what the act was done to.

    "lost 15.5%", "lost 54.15 points, or 4%", "reported a 39% loss"; money received or a count
    ordered is what the act was about ("will receive CA$1 billion"), and a share of something
    is an object too ("will stop 30% of its North American production").
    """
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in phrase.children):
        return False
    if phrase.lower_ in _SIZES or (phrase.pos_ == "NUM" and verb.lower_ in _MOVING):
        return True
    return phrase.lower_ in _MOVES and any(
        t.pos_ == "NUM" for c in phrase.children if c.i < phrase.i for t in c.subtree
    )


_SIZES: Final = frozenset({"%", "percent", "points", "point"})
_MOVES: Final = frozenset(
    {"loss", "gain", "rise", "fall", "drop", "increase", "decrease", "decline", "jump", "slide"}
)
_MOVING: Final = frozenset(
    {"lost", "gained", "fell", "rose", "dropped", "declined", "shed", "climbed", "jumped", "slid"}
)


def _attached(
    verb: Token, inside: set[int], labels: frozenset[str], *, with_preposition: bool
) -> str | None:
    """The first entity of `labels` that hangs on the verb, directly or through a preposition.

    Only the verb's own dependents count: a date inside a clause that frames the happening
    ("after the firm announced on Monday ...") dates that clause, not the event.
    """
    for child in verb.children:
        if child.i not in inside:
            continue
        target, preposition = child, None
        if child.dep_ == "prep" and child.lower_ in _SITING:
            target = next((c for c in child.children if c.dep_ == "pobj"), child)
            preposition = child
        elif not (with_preposition and child.dep_ in {"npadvmod", "tmod"}):
            continue  # "today", "Thursday" bare; a place only after "in", "at", ...
        if target.ent_type_ not in labels:
            continue
        entity = _entity_of(target)
        if entity is None:
            continue
        words = [t for t in entity if t.i in inside]
        if with_preposition and preposition is not None:
            words = [preposition, *words]
        return _phrase(words, LABEL_CHARS)
    return None


def _released(verb: Token, auxiliaries: set[str]) -> bool:
    """A release to come, said with "be": "iPhone 4 will be available on June 24"."""
    return bool(auxiliaries & _FUTURE) and any(
        c.dep_ == "acomp" and c.lower_ == "available" for c in verb.children
    )


def _decided(verb: Token) -> bool:
    """A decision said with "be to": "The company is to cut 500 jobs", "are to be allowed to bid".

    What is settled to happen, as "will cut" (evals/LABELLING.md: decisions announced as settled).
    """
    if verb.lower_ not in _PRESENT_BE or any(c.dep_ in {"attr", "acomp"} for c in verb.children):
        # "is one of the few to rise", "It's hard to say": how things are; the past ("were to
        # take delivery") may be a plan that failed.
        return False
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None or subject.lower_ in _PURPOSES:
        return False  # "The aim is to cut costs", "his desire was to remain": what is wanted
    return any(
        c.dep_ == "xcomp"
        and c.left_edge.i == verb.i + 1
        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in verb.children
    )


_PRESENT_BE: Final = frozenset({"is", "are", "'s", "'re"})
# Nouns whose "be to" says what is wanted or best, no decision: "The easiest way is to lift it".
_PURPOSES: Final = frozenset(
    {
        "aim", "aims", "goal", "goals", "plan", "plans", "intent", "intention", "desire", "way",
        "idea", "thing", "things", "objective", "purpose", "task", "job", "hope", "priority",
        "challenge", "point", "problem", "solution", "answer", "option", "step", "strategy",
        "one", "brainchild", "mission", "role", "dream", "wish",
    }
)  # fmt: skip


def _habitual(verb: Token, auxiliaries: set[str]) -> bool:
    """A simple present that says what a thing does or is like, not what happened.

    "Atlanta makes the Ford Taurus", "Apple's fleet consists of ..."; a verb with an open
    complement announces or claims an act ("GM plans to lay off 47,000", "Israel claims to have
    targeted"), and stays.
    """
    return (
        verb.tag_ in {"VBZ", "VBP"}
        and not auxiliaries
        and not any(c.dep_ == "xcomp" for c in verb.children)
    )


def _referring(subject: Token | None) -> bool:
    """Whether the subject only points back: "This is following the ongoing events ...".

    "This"/"That" as the whole subject explains or comments on what came before; a reader gets
    no actor from it, and the happening it stands for is the one before.
    """
    return (
        subject is not None
        and subject.lower_ in {"this", "that"}
        and not any(True for _ in subject.children)
    )


def _toll(verb: Token, subject: Token | None) -> bool:
    """Whether the verb counts the dead or hurt: "more than 9,000 Palestinians have been killed"."""
    return (
        verb.lower_ in _TOLL
        and subject is not None
        and any(t.like_num or t.ent_type_ == "CARDINAL" for t in subject.subtree)
    )


def _dated_before(verb: Token, inside: set[int], auxiliaries: set[str], latest: int | None) -> bool:
    """Whether the verb itself is dated by a year before `latest`, and not in the future.

    News dates what happens now by the day ("on Thursday", "today") and history by the year ("in
    1976", "since 2004", "Since the original iPhone was released in 2007, ..."); a step planned
    for a year ("will close in 2008") is a plan, not history.
    """
    if latest is None or auxiliaries & _FUTURE:
        return False
    for child in verb.children:
        if child.i not in inside:
            continue
        if child.dep_ == "prep":
            targets = [c for c in child.children if c.dep_ == "pobj"]
        elif child.dep_ in {"npadvmod", "tmod"}:
            targets = [child]
        elif child.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ == "since" for c in child.children
        ):
            targets = list(child.subtree)
        else:
            continue
        for target in targets:
            entity = _entity_of(target)
            if (
                entity is not None
                and entity.label_ == "DATE"
                and any(int(y) < latest for y in _YEAR.findall(entity.text))
            ):
                return True
    return False


def _entity_of(token: Token) -> Span | None:
    """The named entity the token is part of, if any."""
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _quoted(first: Token, verb: Token) -> bool:
    """Whether the verb stands inside quotation marks opened earlier in its sentence."""
    before = first.doc[first.i : verb.i].text  # the span, not the whole text rebuilt per call
    return before.count('"') % 2 == 1 or before.count("“") > before.count("”")


def _within(head: Token, inside: set[int]) -> list[Token]:
    """`head`'s phrase up to a comma or gap after it: "Dr. Ashraf al-Qudra[, a spokesperson,]".

    An apposition or a clause set off by commas describes the one named, it does not name them;
    and the phrase stays in the sentence (a sentence cut at a line break ends there).
    """
    phrase: list[Token] = []
    for token in head.subtree:
        if token.i not in inside:
            continue
        if token.i > head.i and (
            (token.text in _BREAKS and not _listing(token)) or token.i != phrase[-1].i + 1
        ):
            break  # a comma, or a gap: the rest is set off from the name
        phrase.append(token)
    return phrase


def _actor(subject: Token, inside: set[int], named: Namer | None) -> str | None:
    """Who acts, named: a pronoun as the name it stands for, a description by its name.

    "Another automaker, General Motors (GM), announced ..." is General Motors: a common noun's
    proper-noun apposition names who the description describes.
    """
    if subject.pos_ == "PRON" and named is not None and subject.lower_ in _PERSONAL:
        name = named(subject)
        if name is not None:
            return name
    named_by = appositive_name(subject)
    if named_by is not None and named_by.i in inside:
        return _phrase(_within(named_by, inside), LABEL_CHARS)
    phrase = _within(subject, inside)
    partner = _partner(subject)
    if partner is not None and partner.i in inside and partner.i > phrase[-1].i:
        # What stands between belongs to the first ("(GM)") or joins the two ("and").
        between = subject.doc[phrase[-1].i + 1 : partner.i]
        if len(between) <= _ASIDE_WORDS and not any(t.text == "," for t in between):
            phrase = [*subject.doc[phrase[0].i : partner.i], *_within(partner, inside)]
    while len(phrase) > 1 and phrase[-1].lower_ in _FLOATING:
        phrase.pop()  # "Chrysler and Toyota both": who acted is Chrysler and Toyota
    return _phrase(phrase, LABEL_CHARS)


def _partner(subject: Token) -> Token | None:
    """The subject joined to `subject` by "and": its conjunct, or the second subject of the verb.

    "General Motors (GM) and Chrysler will receive bridge loans": both receive. The parser makes
    Chrysler General Motors' conjunct, or the verb's second subject with "and" on the first.
    """
    doc = subject.doc
    joined = [c for c in subject.children if c.dep_ == "conj" and c.i > subject.i]
    if joined and any(c.dep_ == "cc" for c in subject.children):
        return joined[-1]  # "General Motors (GM) and Chrysler": the aside ended the name's words
    for sibling in subject.head.children:
        if sibling.i > subject.i and sibling.dep_ == subject.dep_:
            joint = doc[sibling.i - 1]
            return sibling if joint.dep_ == "cc" and joint.head.i == subject.i else None
    return None


_ASIDE_WORDS: Final = 6  # "(GM) and": an abbreviation in brackets, not a clause


def _listing(comma: Token) -> bool:
    """Whether a comma separates the items of a list ("Egypt, Israel and Hamas")."""
    return comma.text == "," and any(
        c.dep_ == "conj" and c.i > comma.i for c in comma.head.children
    )


def _subject(verb: Token, inside: set[int]) -> Token | None:
    """The verb's subject; of two, the one nearest before it (a dateline is parsed as one).

    A floating quantifier is no subject beside its noun: "The three indices each fell 2%" is
    the indices' fall.
    """
    subjects = [
        c
        for c in verb.children
        if c.dep_ in _SUBJECTS and c.i in inside and not _name_then_day(c) and not _when(c, verb)
    ]
    before = [c for c in subjects if c.i < verb.i]
    named = [c for c in before if c.lower_ not in _FLOATING]
    if len(named) > 1 and _partner(named[-2]) == named[-1]:
        return named[-2]  # the first of two subjects joined by "and": _actor names both
    if named:
        return named[-1]
    return before[-1] if before else next(iter(subjects), None)


def _when(subject: Token, verb: Token) -> bool:
    """Whether the parser made a time the subject of a deed.

    "dealerships whose franchises won't be renewed after October of next year will receive a
    letter". A time may be a copula's subject ("2009 was a pivotal year") or a passive one's
    ("Sunday was chosen as its date").
    """
    return (
        subject.dep_ == "nsubj"
        and subject.ent_type_ in _TIMES
        and subject.pos_ == "PROPN"
        and verb.pos_ != "AUX"
    )


def _name_then_day(subject: Token) -> bool:
    """A day the parser made the subject, right after the name it took elsewhere.

    "Apple Inc. today has introduced ...", "Apple Inc." hung on the headline: "today" is when.
    "Today is a great day" keeps its subject.
    """
    doc = subject.doc
    before = doc[subject.i - 1] if subject.i > 0 else None
    return (
        subject.lower_ in _DAYS
        and before is not None
        and before.pos_ == "PROPN"
        and before.head.i != subject.i
    )


_DAYS: Final = frozenset({"today", "yesterday", "tomorrow", "tonight"})


def _words_only(verb: Token) -> bool:
    """Whether the verb only says something: no act of its own, no content that happens.

    "Israel claims to have targeted leaders" is a claimed act (its open complement), not words.
    """
    if verb.lower_ not in _WORDS:
        return False
    return not (verb.lower_ in _CLAIMING and any(c.dep_ == "xcomp" for c in verb.children))


def _stranded_subject(tokens: list[Token], verb: Token, inside: set[int]) -> Token | None:
    """A subject the parser hung on another sentence: the last noun phrase before the verb.

    A headline and a dateline end without a full stop, so the parser may read "General Motors
    today named ..." as part of the headline, with the noun phrase attached there.
    """
    if verb.head.i in inside and verb.head.i != verb.i:
        return None
    stranded = [
        t
        for t in tokens
        if t.i < verb.i
        and t.pos_ in {"NOUN", "PROPN"}
        and t.head.i not in inside
        and t.ent_type_ not in _TIMES  # "today", "March 3": when, not who
    ]
    return stranded[-1] if stranded else None


def _finite_of_noun(roots: list[Token]) -> Token | None:
    """A tensed verb the parser hung on the sentence's noun as a clause describing it.

    "The United Kingdom's largest lender Nordbank today named Anna Lindqvist as its chief": the
    parser made "lender" the sentence's head and "named" (past tense, not a participle) a clause
    of it. A participle stays the noun's description ("a lender named Nordbank").
    """
    for root in roots:
        if root.pos_ in {"NOUN", "PROPN"}:
            verb = next((c for c in root.children if _finite_clause(c)), None)
            if verb is not None:
                return verb
    return None


def _noun_of_finite(verb: Token) -> Token | None:
    """The noun whose clause `_finite_of_noun` took as the sentence's verb: its subject."""
    return verb.head if _finite_clause(verb) and verb.head.pos_ in {"NOUN", "PROPN"} else None


def _finite_clause(token: Token) -> bool:
    return token.dep_ == "acl" and token.tag_ in _FINITE and token.i > token.head.i


_FINITE: Final = frozenset({"VBD", "VBZ", "VBP"})


def _misread_subject(tokens: list[Token], verb: Token, inside: set[int]) -> Token | None:
    """A subject the parser gave another role, where the verb has none.

    A name opening the sentence read as an adverb of time ("Apple unveiled Lion": "Apple" as
    npadvmod); a verb that goes on from another with "then" shares its subject ("the index
    dipped, then rose to close up 0.7%", where the parser made "dipped" a clause of its own).
    """
    opening = next((t for t in tokens if not t.is_space), None)
    for child in verb.children:
        if (
            child.dep_ == "npadvmod"
            and child.pos_ == "PROPN"
            and child.i < verb.i
            and opening is not None
            and child.left_edge.i == opening.i
            and child.ent_type_ not in _TIMES
        ):
            return child
    if not any(c.lower_ == "then" and c.dep_ == "advmod" for c in verb.children):
        return None
    earlier = [t for t in tokens if t.i < verb.i and t.pos_ in {"VERB", "AUX"}]
    for before in reversed(earlier):
        subject = _subject(before, inside)
        if subject is not None:
            return subject
    return None


def _action(verb: Token, subject: Token | None, inside: set[int]) -> str:
    """The verb and what completes it, as one unbroken run of the sentence's words."""
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    if verb.i in skip:  # a verb misread as a clause of its subject (`_finite_of_noun`)
        skip -= {t.i for t in verb.subtree}
    completing = []
    for child in verb.children:
        if child.i in skip or child.dep_ in _FRAMING or _aside(child):
            continue
        if child.i < verb.i and child.dep_ not in _BEFORE_VERB and not _inner(child, skip):
            continue  # "On Tuesday, ..." and other fronted phrases: the time, not the action
        completing.append(child)
    while completing and completing[-1].i > verb.i and _circumstance(completing[-1]):
        completing.pop()  # trailing "on Thursday", "in addition to ...": not the act
    kept = [verb, *(t for child in completing for t in child.subtree)]
    ordered = sorted({t.i: t for t in kept if t.i in inside}.values(), key=lambda t: t.i)
    before = [t for t in ordered if t.i < verb.i]
    after = [t for t in ordered if t.i >= verb.i]
    if not after:
        return ""
    # The auxiliaries are written with the few words between them and the verb ("has today
    # gone up", "have both begun to offer"); a gap there is no frame, and stopping at it left
    # "has" as the action. A long aside in that place is left out with the auxiliaries.
    if before and verb.i - before[0].i - len(before) > _MAX_INSERTED:
        before = []
    run = [*before, after[0]]
    doc = verb.doc
    for token in after[1:]:
        gap = doc[run[-1].i + 1 : token.i]
        # A gap is a framing clause left out: the action stops before it. An opening quotation
        # mark is none ('refused "to let General Motors fail"' is no bare "refused").
        if len(gap) and not all(t.text in _QUOTATION_MARKS for t in gap):
            break
        run.append(token)
    run = _without_trailing_circumstances(run, verb)
    return _phrase(run, ACTION_CHARS) or ""


_QUOTATION_MARKS: Final = frozenset({'"', "“", "”", "'"})
_MAX_INSERTED: Final = 3
"""Words between an auxiliary and its verb read with the action ("has, so far, agreed")."""


def _without_trailing_circumstances(run: list[Token], verb: Token) -> list[Token]:
    """`run` without the circumstances that end it, on the verb or on the verbs it governs.

    "plans to stand down on January 15 following his wife's diagnosis": the date and the cause
    hang on "stand", not on the main verb, and still only lengthen the act; so does what an
    amount comes on top of, wherever it hangs ("in addition to the funds it has received"). A
    date inside a noun
    phrase or a relative clause dates that, not the act ("the collapse of Lehman Brothers in
    September", "meetings that will be held this weekend"), and stays.
    """
    while True:
        while run and run[-1].text in _TRAILING:
            run.pop()
        if not run:
            return run
        last = run[-1].i
        ending = next(
            (
                token
                for token in run[1:]
                if max(t.i for t in token.subtree) == last
                and token.head.i != token.i
                and _circumstance(token)
                # "following ..." says when or why wherever the parser hangs it ("presented a
                # plan following the announcement that ...")
                and (_on_the_act(token, verb) or _adding(token) or token.lower_ == "following")
                and (
                    token.dep_ != "prep"
                    or token.lower_ in _SITING | {"following"}
                    or cause_phrase(token)
                )
            ),
            None,
        )
        if ending is None:
            return run
        first = min(t.i for t in ending.subtree)
        run = [t for t in run if t.i < first]


def _adding(token: Token) -> bool:
    """What an amount comes on top of ("in addition to ...", "on top of ..."), wherever it hangs."""
    return token.dep_ == "prep" and any(
        c.dep_ == "pobj" and c.lower_ in _ADDING for c in token.children
    )


def _on_the_act(token: Token, verb: Token) -> bool:
    """Whether `token` hangs on `verb`, or on a verb it governs as its complement."""
    head = token.head
    while head.i != verb.i:
        if head.pos_ not in _VERBAL or head.dep_ not in {"xcomp", "ccomp"} or head.head == head:
            return False
        head = head.head
    return True


def _inner(child: Token, subject: set[int]) -> bool:
    """An adverb between the subject and its verb: "will also relinquish", "has already"."""
    return (
        child.dep_ == "advmod"
        and bool(subject)
        and child.i > max(subject)
        and child.ent_type_ not in _TIMES
        and child.lower_ not in _CONNECTIVES  # "The FTSE, however, gained 0.77%": the text's flow
    )


_CONNECTIVES: Final = CONNECTIVES | {"then"}  # "dipped, then rose": the flow of the acts too


def _aside(child: Token) -> bool:
    """A phrase that adds detail around the happening: "including ...", "with forces advancing"."""
    if child.dep_ != "prep":
        return False
    if child.lower_ in _ELABORATING:
        return True
    return child.lower_ == "with" and any(t.tag_ == "VBG" for t in child.subtree)


def _circumstance(child: Token) -> bool:
    """When, why, or in addition to what: "on Thursday", "due to ...", "in addition to ...".

    When it happened is the event's `time_text`; at the end of the action it only lengthens
    it ("dropped to twelve-year lows on Thursday"), and a reader names the act itself.
    """
    if child.dep_ in {"npadvmod", "tmod"}:
        return child.ent_type_ in _TIMES
    if child.lower_ == "following" and child.dep_ in {"prep", "acl"}:
        return True  # the parser reads it as a participle too: "a plan following the news"
    if child.dep_ != "prep":
        return False
    if _cause(child):
        return True
    objects = [c for c in child.children if c.dep_ == "pobj"]
    if not objects or objects[0].lower_ == "age":
        return False  # "at the age of 56", an entity of dates to the parser, is no time
    return objects[0].ent_type_ in _TIMES or objects[0].lower_ in _ADDING


def _cause(child: Token) -> bool:
    """Why it happened: "in response to ...", "due to ...", "because of ...".

    A reader names the act without its cause ("released the program", not "... in response to
    complaints that ..."); after "be" the cause is what is said ("the growth is due to sales").
    """
    return child.head.lower_ not in _STATES and cause_phrase(child)


def _phrase(tokens: list[Token], limit: int) -> str | None:
    """The text from the first token to the last, as written, cut at a word within `limit`."""
    if not tokens:
        return None
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    doc = first.doc
    # The span's own text: `doc.text` rebuilds the whole article on every access.
    text = doc[first.i : last.i + 1].text.strip()
    after = doc[last.i + 1].text if last.i + 1 < len(doc) else ""
    # A quotation the phrase ends with ends with its mark: 'was "terribly disappointed"'.
    if (after == '"' and text.count('"') % 2) or (after == "”" and "“" in text.rsplit("”")[-1]):
        text += after
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return text or None
