"""What a number measures, read off spaCy's dependency parse: the library's guess at a label.

A number that counts something is labelled by what it counts: the noun it modifies, that noun's
modifiers and scope, and its place in the clause ("9,061 people have been killed in Gaza" ->
"people killed in Gaza"; "Ford will cut 30,000 jobs" -> "jobs Ford will cut"; "a level of 4,211"
reached by a fall -> "level of the FTSE-100 index after the fall"). Money or a share may name
what it counts after the amount ("$16.6 billion in loans": loans; "12% of its officers": share of
its officers). A verb or adjective of a property names it ("costs $299" -> "price of ...", "9.3
millimetres thick" -> "thickness of ..."); a move said by its direction is named by what moved
("was down 2.62%" -> "fall of the Dow Jones"), a level by the session it closed ("closing at
682.60" -> "level of ... at the close"). Any other number is labelled by its clause: walking up
from the number to the first verb that governs it, that verb's subtree without the clauses that
do not hold the number (coordinated, adverbial, relative, reported, "according to ..."; a
condition, "if the plan succeeds", stays: the amount holds only under it),
without the number's own words, punctuation, articles and a preposition the number leaves
dangling; a verb of change is labelled by what moved ("the Nasdaq fell 3%": fall of Nasdaq). A
pronoun subject is replaced by the name it stands for ("it" a company, "he" a person), and a
measure never holds another amount of its sentence (a number in a name or a duration stays:
"iPhone 4", "Standard & Poor's 500", "in the past three days").

Measured against the 239 hand-labelled figures of `evals/fixtures` whose number the candidates
find (`python benchmarks/measure_guess.py`): on 2026-12-07 mean similarity to the gold measure
0.67 (the clause without the number: 0.50), 48% of guesses right (>= 0.7; 37% before money,
shares, directions, closing levels, properties after the unit, hedged counts, relative pronouns
and money described by its own clause were read) and 80% similar enough for a figure to pair
(73% before); a session later 0.72, 60% and 88%; on 2026-12-07 (the session after) 0.73, 64% and
89%, with moves undergone ("saw a 7% decline"), vote tallies, gapped clauses ("and the DAX 3%"),
wholes a count makes up, deeds a count joined others in, and places of a verb's object read;
a session later 0.74, 68% and 90%, with labels spelled as the article writes them ("GM's",
"3G"), shares owned ("owned 55 percent by X, eight percent by Y"), sizes and durations ("an
11.6-inch version", "would take 60 days"), votes cast alike ("voted with 31 Republicans against
it"), verbs that share the count's subject, money lost as a loss and conditions ("if the plan
succeeds") read; then 0.75, 69% and 90% with a part read by its whole ("including 3,760 who
are under 18": people under 18 killed in Gaza) and what a count is mostly made of ("mainly
women and minors") left out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from summarizer.find.nlp import (
    CONNECTIVES,
    COPULAS,
    appositive_name,
    cause_phrase,
    connective_phrase,
)

_OTHER_CLAUSES: Final = frozenset(
    {"conj", "cc", "advcl", "ccomp", "parataxis", "relcl", "punct", "mark", "appos"}
)
_VERBS: Final = frozenset({"VERB", "AUX"})
_CHAIN: Final = 3  # "hopes to be able to hire": three completing links, rarely more
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})
_AUXILIARY: Final = frozenset({"aux", "auxpass", "neg"})
# Word forms (the pipeline has no lemmatizer): a verb of change, and the noun a label uses for it.
_FALLS: Final = (
    "fall falls fell fallen falling drop drops dropped dropping lose loses lost losing "
    "decline declines declined declining plunge plunges plunged plunging slide slides slid "
    "sliding slip slips slipped slipping tumble tumbles tumbled tumbling sink sinks sank sunk "
    "shed sheds shedding decrease decreases decreased decreasing shrink shrank shrunk "
    "contract contracted contracting dip dips dipped dipping slump slumps slumped slumping "
    "plummet plummets plummeted plummeting retreat retreats retreated retreating"
)
_RISES: Final = (
    "rise rises rose risen rising gain gains gained gaining climb climbs climbed climbing "
    "jump jumps jumped jumping surge surges surged surging soar soars soared soaring "
    "increase increases increased increasing grow grows grew grown growing "
    "rally rallies rallied rallying rebound rebounds rebounded rebounding advance advanced "
    "advancing"
)
# What someone does to an amount is named as a reader (and the labellers) name the deed: "cut
# its all-in costs by CA$19 per hour" is a cut, "the price will be reduced to US $99" a
# reduction, "raised prices by 3%" an increase, not a fall or a rise.
_CUTS: Final = "cut cuts cutting"
_REDUCTIONS: Final = "reduce reduces reduced reducing lowers lowered lowering"
_INCREASES: Final = "boost boosts boosted boosting raise raises raised raising hike hikes hiked"
_CHANGES: Final = {
    **dict.fromkeys(_FALLS.split(), "fall"),
    **dict.fromkeys(_RISES.split(), "rise"),
    **dict.fromkeys(_CUTS.split(), "cut"),
    **dict.fromkeys(_REDUCTIONS.split(), "reduction"),
    **dict.fromkeys(_INCREASES.split(), "increase"),
}
_DIRECTIONS: Final = {"down": "fall", "lower": "fall", "up": "rise", "higher": "rise"}
_PHRASAL: Final = frozenset(
    {
        "make", "makes", "made", "making", "set", "sets", "setting", "sum", "sums", "summed",
        "add", "adds", "added", "adding", "take", "takes", "took", "taken", "taking", "shut",
        "shuts", "shutting", "turn", "turns", "turned", "break", "breaks", "broke", "step",
        "steps", "stepped", "give", "gives", "gave", "given", "pick", "picks", "picked",
    }
)  # fmt: skip
"""Verbs whose "up" or "down" makes another verb ("made up", "shut down"), not a move."""
"""A move said by its direction ("was down 2.62%"), and the noun a label uses for it."""
_SESSIONS: Final = {
    "close": "close closes closed closing",
    "end": "end ends ended ending finish finishes finished finishing",
    "open": "open opens opened opening",
}
_POINTS: Final = frozenset({"points", "point"})
_DIRECTION_TAGS: Final = frozenset({"ADV", "ADJ", "ADP"})  # "down" as a particle too
_CLOSES: Final = {word: name for name, words in _SESSIONS.items() for word in words.split()}
"""Verbs of a market's session, and what its level at them is called ("at the close")."""
_SOURCE_WORDS: Final = frozenset({"according"})
_MAX_WORDS: Final = 24
"""A label, not a sentence: past this many words the guess is no better than the clause."""


def measure_readings(  # noqa: PLR0917 - the number, its sentence, two views of its neighbours
    doc: Doc,
    start: int,
    end: int,
    within: tuple[int, int],
    named: Callable[[Token], str | None] | None = None,
    others: Sequence[tuple[int, int]] = (),
    *,
    restating: bool = False,
) -> tuple[str, ...]:
    """Every reading of what the number at `start:end` measures, the likeliest first.

    The first is the library's guess (`NumberCandidate.measure_guess`).

    A number that counts a noun ("30,000 jobs", "a 20 percent share") is read by that noun
    phrase and its place in the clause (`_counted`); a property's verb or adjective names one
    ("costs $299": price); a number a move reached is a level; and every number has its clause
    (the amount of a verb: "fell by 3%", "will pay $26.5 million"). Only words inside `within`
    (the number's sentence) count: the parser's sentences run across the line breaks that end a
    headline or a dateline, the library's do not. `named` gives the name a pronoun subject stands
    for ("It produces fifteen brands": General Motors does). `others` are the sentence's other
    numbers: a measure never holds another figure's words.
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return ()
    inside = {token.i for token in span}
    outside = _other_tokens(doc, others, inside)
    top = span.root
    # Compare positions: spaCy makes a new Token object on every access, so `is` never holds.
    path = [top]
    while top.pos_ not in _VERBS and top.head.i != top.i:
        top = top.head
        path.append(top)
    # "The FTSE fell 2% and the DAX 3%": the DAX's clause, its verb left out, is no part of the
    # FTSE's 2%, and the 3% is the DAX's own fall.
    gapped = [c for c in top.children if _gapped(c) and not any(t.i in inside for t in c.subtree)]
    outside |= {t.i for g in gapped for t in g.subtree}
    read = _Reader(inside, inside | outside, within, named, frozenset(outside))
    # Whose level or property it is may be named with a number ("the 787-9"): keep it.
    owner = _Reader(inside, inside, within, named)
    # The number is the gapped clause's amount, not a word of its subject ("the 32GB version"),
    # unless it is the noun's own "of" ("losing US$4.8 billion ... and a total loss of $8.6
    # billion": an object the parser joined to the verb, read as any "loss of").
    own_gap = next(
        (
            t
            for below, t in itertools.pairwise(path)
            if _gapped(t)
            and t.head.i == top.i
            and below.dep_ not in _NUMBER_LINKS
            and not (below.lower_ == "of" and below.dep_ == "prep")
        ),
        None,
    )
    if own_gap is not None:
        return _gap_reading(own_gap, top, owner)
    level = _level_reading(span, path, owner)
    restated = None if restating else _restated(span.root, inside)
    if restated is not None:
        antecedent, unit = restated
        first, last = antecedent.left_edge.idx, antecedent.idx + len(antecedent)
        # The sentence's other figures stay out of it, this number now among them.
        rest = [(low, high) for low, high in others if not low <= antecedent.idx < high]
        again = measure_readings(
            doc, first, last, within, named, [*rest, (start, end)], restating=True
        )
        restated_reading = f"{again[0]} in {unit}" if again else None
    else:
        restated_reading = None
    part = None if restating else _included(span.root, inside)
    if part is not None:
        whole, noun, described = part
        rest = [(low, high) for low, high in others if not low <= whole.idx < high]
        again = measure_readings(
            doc, whole.idx, whole.idx + len(whole), within, named, [*rest, (start, end)],
            restating=True,
        )  # fmt: skip
        included_reading = _part_of_whole(again[0], noun, described) if again else None
    else:
        included_reading = None
    readings = (
        _tally(span.root, read),
        restated_reading,
        included_reading,
        _compared(span.root, read),
        _owned_share(span.root, read),
        _size_of(span.root, read),
        _brought_to(span.root, read),
        _reached_level(span, top, owner),
        _extreme_of(span.root, owner),
        _range_level(span, path, owner),
        _worth(span.root, owner),
        _paid_for(span.root, read),
        _equated(span.root, read),
        _counted(span.root, inside, outside, within, named),
        _elided_object(span.root, read),
        _people_done_to(span.root, read),
        _batch_reading(span.root, read),
        _property_of(path, owner),
        level,
        _moved(path, owner),
        _amount_clause(span.root, read),
        _clause(top, read),
    )
    return tuple(dict.fromkeys(r for r in readings if r))


def _level_reading(span: Span, path: list[Token], read: _Reader) -> str | None:
    """A level the amount names: reached by a move, a session's close, or where it stayed."""
    top, inside = path[-1], read.inside
    change = _CHANGES.get(top.text.casefold())
    if change is None:
        # "had the largest gains of the three indexes, up 1.2% to 1,622": the gains' direction.
        change = next(
            (
                _DIRECTIONS[t.lower_]
                for t in path
                if t.lower_ in _DIRECTIONS
                and t.head.pos_ not in _VERBS
                and _move_verb(t.head) is not None
            ),
            None,
        )
    goal = span.root.head
    level = None
    reached = {t.lower_ for t in path if t.dep_ == "prep"} | {goal.lower_}
    # "fell 678 points to below 9,000": the bound's preposition heads the amount's words.
    bounded = span.root.pos_ == "ADP" and any(
        c.dep_ == "pobj" and c.i in inside for c in span.root.children
    )
    level_role = span.root.dep_ in _LEVEL_ROLES or bounded
    # "falling below 8,000": a move past a bound ends beyond it; its size is said with "by".
    root = span.root
    passed = (
        (bounded and root.lower_ in _PASSED_BOUNDS)
        # "slip below the four thousand mark": the mark's number, below it.
        or (
            root.dep_ == "nummod"
            and root.head.lower_ in _THRESHOLDS
            and root.head.head.lower_ in _PASSED_BOUNDS
        )
        # "stayed below 5000 mark": the bound read with the number, the mark after it.
        or (root.lower_ in _PASSED_BOUNDS and _marked(root, inside))
    )
    if change is not None and level_role and (reached & {"to", "at"} or passed):
        # "fell by 3.16% to 2138.14", "dropped ... to below the 5000 mark at 4907.20", "slid
        # 1.9% at 8,870.40": the level reached, not the move.
        level = _after_change(["level"], top, change, read.words, span.root)
        if passed and level == "level":
            level = None  # whose level, the move's reading may still say ("are predicted to")
    elif span.root.dep_ == "pobj" and goal.text.casefold() in {"at", "to", "on"}:
        level = _level_at(goal.head, read)  # "finished on 7223.98": a session's verbs only
        level = level or _stayed_at(span, top, read, passed=False)
    elif change is None and passed:
        level = _stayed_at(span, top, read, passed=True)  # "stayed below 5000 mark"
    return level


def _tally(root: Token, read: _Reader) -> str | None:
    """A vote's tally: "the Senate voted 52-35", "a vote of 237 to 189" (for, then against).

    Each side is named by what was voted on and who voted: "votes for the proposition in the
    Senate"; a tally's two numbers are the two sides, not a range.
    """
    doc = root.doc
    # Tallies are written in digits: "thirty-one" is one number, not a tally.
    if not root.text.isdigit():
        return None
    if _tallied(doc, root.i + 1, root.i + 2):
        side = "for"
    elif _tallied(doc, root.i - 1, root.i - 2):
        side = "against"
    else:
        return None
    low, high = read.within
    votes = [t for t in root.sent if t.lower_ in _VOTES and low <= t.idx < high]
    if not votes:
        return None
    vote = min(votes, key=lambda t: abs(t.i - root.i))
    noun = vote.head if vote.dep_ == "compound" else vote  # "the vote count in the Senate"
    verb = vote
    while verb.pos_ not in _VERBS and verb.head.i != verb.i:
        verb = verb.head
    # Who voted: "the vote count in the Senate", or the voting verb's subject.
    body = [
        t
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "in"
        for o in c.children
        if o.dep_ == "pobj"
        for t in o.subtree
    ]
    subject = _subject_of(verb)
    if not body and subject is not None and subject.i != noun.i and subject.pos_ != "PRON":
        body = _named_core(subject)
    # What was voted on: the verb's object ("voted the proposition down") or its purpose ("to
    # pass the bill").
    motion = [
        t
        for c in verb.children
        if c.dep_ in _OBJECTS or (c.dep_ == "xcomp" and c.pos_ in _VERBS)
        for t in (_core_of(c) if c.dep_ in _OBJECTS else c.subtree)
    ]
    where = read.words(body)
    return " ".join(["votes", side, *read.words(motion), *(["in", *where] if where else [])])


def _tallied(doc: Doc, mark: int, other: int) -> bool:
    """Whether a tally's other side (digits) is at `other`, its "-" or "to" at `mark`."""
    if not (0 <= mark < len(doc) and 0 <= other < len(doc)):
        return False
    return doc[mark].text in _TALLY_MARKS and doc[other].text.isdigit()


_TALLY_MARKS: Final = frozenset({"-", "–", "to"})
_VOTES: Final = frozenset({"vote", "votes", "voted", "voting", "ballot", "ballots"})


def _gapped(token: Token) -> bool:
    """A noun joined to a verb: a clause's subject, its verb left out ("and the DAX 3%")."""
    return token.dep_ == "conj" and token.pos_ in _NOUNS and token.head.pos_ in _VERBS


def _gap_reading(subject: Token, verb: Token, read: _Reader) -> tuple[str, ...]:
    """The amount of a clause whose verb is the one before: "and the 32GB version at US$299".

    Read as the verb's own amount, of the gapped clause's subject: the price of the 32GB
    version, the fall of the DAX.
    """
    words = read.words([t for t in _core_of(subject) if t.dep_ not in {"appos", "prep"}])
    if not words:
        return ()
    change = _CHANGES.get(verb.lower_)
    named = change or _PROPERTIES.get(verb.lower_)
    return (" ".join([named, "of", *words]),) if named else (" ".join([*words, verb.text]),)


def _owned_share(root: Token, read: _Reader) -> str | None:
    """A share of a thing owned, and by whom: "Chrysler will be owned 55 percent by the UAW".

    Its gapped followers ("..., eight percent by the US Government") are shares of the same
    thing, owned by their own "by": the parser hangs them anywhere, so the verb is the
    sentence's owning verb before them.
    """
    chain = _chain(root, read.inside)
    if not any(t.lower_ in _SHARES for t in chain):
        return None
    amount = chain[-1]
    agent = next((c for c in amount.children if c.dep_ == "prep" and c.lower_ == "by"), None)
    verb: Token | None = None
    if amount.head.lower_ in _OWNING_VERBS and amount.dep_ in {"npadvmod", "dobj"}:
        verb = amount.head
        agent = agent or next((c for c in verb.children if c.dep_ == "agent"), None)
    elif agent is not None:
        verbs = [t for t in amount.sent if t.i < amount.i and t.lower_ in _OWNING_VERBS]
        if verbs and any(c.dep_ == "agent" for c in verbs[-1].children):
            verb = verbs[-1]
    subject = (
        None if verb is None else next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    )
    if verb is None or subject is None or agent is None:
        return None
    owner = read.words(_named_core(subject))
    by = read.words(
        [t for c in agent.children if c.dep_ == "pobj" for t in _core_of(c, keep_prep=True)]
    )
    if not owner or not by:
        return None
    return " ".join(["share", "of", *owner, verb.text, "by", *by])


_OWNING_VERBS: Final = frozenset({"owned", "held", "controlled"})


def _size_of(root: Token, read: _Reader) -> str | None:
    """A size said before the thing it is of: "an 11.6-inch version", "a 40-tonne truck".

    The number measures the thing's size, weight or capacity, named by the thing and whose it
    is ("two models of the MacBook Air: an 11.6-inch version ..." -> "size of the MacBook Air
    version"), not by the sentence around it.
    """
    unit = root.head
    dimension = _DIMENSIONS.get(unit.lower_)
    thing = unit.head
    if (
        dimension is None
        or root.dep_ != "nummod"
        or unit.dep_ not in {"nmod", "compound", "amod"}
        or thing.pos_ not in _NOUNS
    ):
        return None
    words = [thing, *(c for c in thing.children if c.dep_ == "compound" and c.i != unit.i)]
    # "two models of the MacBook Air: an 11.6-inch version and a 13.3-inch model": whose.
    first = thing
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    listed = first.head if first.dep_ == "appos" else first
    whose = [
        t
        for c in listed.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
        for t in _core_of(o)
    ]
    found = read.words([*whose, *words])
    if not found:
        return None
    return " ".join([dimension, "of", *(["the"] if found[0].lower() != "the" else []), *found])


_DIMENSION_UNITS: Final = {
    "size": "inch inches cm mm millimetre millimetres millimeter millimeters centimetre "
    "centimetres metre metres meter meters foot feet km mile miles",
    "weight": "kg kilogram kilograms lb pound ton tonne tons tonnes",
    "capacity": "gb mb tb gigabyte gigabytes terabyte terabytes",
    "resolution": "megapixel megapixels",
    "length": "minute minutes hour hours day days week weeks month months year years",
}
_DIMENSIONS: Final = {w: name for name, ws in _DIMENSION_UNITS.items() for w in ws.split()}
"""A unit said before a thing ("an 11.6-inch version"), and what of the thing it measures."""


def _restated(root: Token, inside: set[int]) -> tuple[Token, str] | None:
    """The figure a number restates in other units, and those units.

    "dropped by 2.36%, which is 118.40 points" and "fell 3.3%, or 347.80 points": the points
    measure the same fall, in points.
    """
    chain = _chain(root, inside)
    top = chain[-1]
    units = " ".join(t.text for t in chain[1:])
    if not units:
        return None
    verb = top.head
    if top.dep_ == "attr" and verb.dep_ == "relcl" and verb.lower_ in COPULAS:
        return verb.head, units
    if top.dep_ == "conj" and any(c.dep_ == "cc" and c.lower_ == "or" for c in top.head.children):
        return top.head, units
    return None


def counted_with(doc: Doc, start: int, end: int) -> int | None:
    """Where the count starts whose noun the number at `start:end` counts too, if any.

    The whole it is part of ("9,061 people ..., including 3,760 who are under 18"), the count
    it is a further batch of ("At least 335 foreign passport holders left Wednesday and
    approximately another 100 left Thursday"), or the count whose noun it leaves out ("will
    appoint three members ..., and the United States government will appoint six").
    """
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inside = {t.i for t in span}
    part = _included(span.root, inside)
    if part is not None:
        return part[0].idx
    batch = _further_batch(span.root, inside)
    if batch is not None:
        return batch[0].idx
    elided = _elided_count(span.root)  # "will appoint three members ..., and ... six"
    return elided.idx if elided is not None else None


def _further_batch(root: Token, inside: set[int]) -> tuple[Token, Token, Token] | None:
    """The count before, its noun and this number's own verb, for a count joined to its clause.

    "335 ... left Wednesday and another 100 left Thursday": the parser hangs such a number on
    the first clause's verb and its own verb on the number; the number has the first clause's
    subject noun and its own verb.
    """
    if root.pos_ != "NUM" or root.dep_ != "conj" or root.head.pos_ not in _VERBS:
        return None
    own = next((c for c in root.children if c.dep_ in {"acl", "relcl"} and c.pos_ in _VERBS), None)
    noun = _subject_of(root.head)
    if own is None or noun is None or noun.pos_ not in _NOUNS:
        return None
    first = next((c for c in noun.children if c.dep_ == "nummod" and c.i not in inside), None)
    return (first, noun, own) if first is not None else None


def _batch_reading(root: Token, read: _Reader) -> str | None:
    """A further batch read by the count before's noun and its own verb ("... left Thursday")."""
    batch = _further_batch(root, read.inside)
    if batch is None:
        return None
    first, noun, verb = batch
    count = {t.i for t in first.subtree}
    counted = [t for t in _core_of(noun) if t.i not in count]
    clause = [verb, *read.scope(verb, _VERB_SCOPE | _COMPLEMENTS | _ADVERBIALS)]
    return " ".join(read.words([*counted, *clause])) or None


def _included(root: Token, inside: set[int]) -> tuple[Token, Token, list[str]] | None:
    """The count a bare number is part of, that count's noun, and how the part is described.

    "9,061 people have been killed in Gaza, including 3,760 who are under 18": the 3,760 are
    people killed in Gaza, under 18. Only a number that names no noun of its own is read so;
    "including 3,760 children" counts children.
    """
    top = _chain(root, inside)[-1]
    if top.dep_ != "pobj" or top.head.lower_ != "including" or top.i != root.i:
        return None
    host = top.head.head
    noun = _subject_of(host) if host.pos_ in _VERBS else host
    if noun is None or noun.pos_ not in _NOUNS:
        return None
    whole = next((c for c in noun.children if c.dep_ == "nummod" and c.i not in inside), None)
    if whole is None:
        return None
    described = [
        t.text
        for c in top.children
        if c.dep_ == "relcl"
        for t in c.subtree
        if t.dep_ not in {"nsubj", "nsubjpass"} and t.i != c.i and not t.is_punct
    ]
    return whole, noun, described


def _part_of_whole(whole: str, noun: Token, described: list[str]) -> str:
    """The part's label: the whole's, described after its noun ("people under 18 killed ...")."""
    if not described:
        return whole
    if whole.startswith(f"{noun.text} "):
        return " ".join([noun.text, *described, whole[len(noun.text) + 1 :]])
    return f"{whole} ({' '.join(described)})"


def _compared(root: Token, read: _Reader) -> str | None:
    """The figure a number is compared with measures what that figure does, at its own time.

    "Sales are predicted to have dipped below nine million in March, compared to February's
    9.12 million": the 9.12 million is February's sales; "Revenue rose to $4.2 billion, compared
    with $3.9 billion a year earlier": revenue a year earlier.
    """
    top = _chain(root, read.inside)[-1]
    preposition = top.head
    if top.dep_ != "pobj" or preposition.lower_ not in {"to", "with"}:
        return None
    cue = preposition.head
    if cue.lower_ not in _COMPARED:
        return None
    verb = cue.head
    while verb.pos_ not in _VERBS and verb.head.i != verb.i:
        verb = verb.head
    subject = _subject_of(verb)
    if subject is None or subject.pos_ == "PRON":
        return None
    # The number's own time: "February's", "a year earlier", "in 2008".
    own = [
        t
        for c in top.children
        if c.dep_ in {"poss", "npadvmod", "advmod", "prep"} and c.i not in read.inside
        for t in c.subtree
        if t.dep_ != "case"  # "February's" is February
    ]
    found = read.words([*_named_core(subject, keep_prep=True), *own])
    return " ".join(found) if found and not _too_long(found) else None


def _amount_clause(root: Token, read: _Reader) -> str | None:
    """An amount described by its own clause: "the $13.4 billion that it has already received".

    "US$700 billion earmarked to rescue the banking industry" measures what the clause says of
    it; the clause the amount sits in ("in addition to ...") does not.
    """
    head = _chain(root, read.inside)[-1]
    if not _money(head):
        return None
    for child in head.children:
        if child.dep_ not in {"relcl", "acl"} or child.pos_ not in _VERBS:
            continue
        if child.lower_ in COPULAS:
            return None  # "which is 118.40 points": a restatement, not a description
        words = [
            t
            for t in [*_core(child), *read.scope(child, _VERB_SCOPE | _COMPLEMENTS)]
            if not (t.lower_ in _RELATIVE and t.dep_ in _OBJECTS)  # "that" it received
        ]
        found = read.words(words)
        return " ".join(found) if found and not _too_long(found) else None
    return None


def _subject_of(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it hangs on ("plunged ..., closing at 682.60")."""
    for candidate in (verb, verb.head):
        subjects = [c for c in candidate.children if c.dep_ in _SUBJECTS]
        # "It had, at one point, set an intraday bear market low": the parser may hang the
        # subject on the auxiliary.
        subjects = subjects or [
            g
            for c in candidate.children
            if c.dep_ in _AUXILIARY
            for g in c.children
            if g.dep_ in _SUBJECTS
        ]
        if subjects:
            return subjects[0]
        if candidate.dep_ not in {"advcl", "xcomp", "conj"}:
            break
    return None


def _owner(verb: Token, read: _Reader, *, keep_prep: bool = False) -> list[str]:
    """Whose level, move or property it is: the words of the verb's subject (or its name)."""
    subject = _subject_of(verb)
    return read.words(_named_core(subject, keep_prep=keep_prep)) if subject is not None else []


def _level_at(verb: Token, read: _Reader) -> str | None:
    """A level an index or price closed at: "closing at 682.60", "to close at 10,520"."""
    word = verb.text.casefold()
    if word not in _CLOSES:
        return None
    owner = _owner(verb, read, keep_prep=True)
    return " ".join(["level", "of", *owner, "at", "the", _CLOSES[word]]) if owner else None


def _equated(root: Token, read: _Reader) -> str | None:
    """What a copula's subject is, when the amount is its complement: that subject.

    "The cost of the project so far is # 8.4 bn": cost of the project (was "the cost of the
    project so far is over budget"); "Range for the A380-800 model is expected to be 8,000
    nautical miles": range for the A380-800 model. A pronoun ("It was $5bn") or a relative
    names nothing here; "there" counts the noun ("There are over 8,000 podcasts": podcasts,
    was "podcasts are").
    """
    noun = root.head if root.dep_ == "nummod" else root
    verb = noun.head
    if _amounted_to(noun, verb):
        return _equal_subject(verb, root, read)
    if noun.dep_ != "attr" or verb.lower_ not in COPULAS:
        return None
    # "is # 8.4 bn, # 1bn over budget": the second complement says something else; "the DAX
    # was up over 54 points" is a move.
    second = next(c for c in verb.children if c.dep_ == "attr").i != noun.i
    if second or any(c.lower_ in _DIRECTIONS for c in verb.children):
        return None
    if any(c.dep_ == "expl" for c in verb.children):
        return _there_are(noun, read) if noun.i != root.i else None
    return _equal_subject(verb, root, read)


def _amounted_to(noun: Token, verb: Token) -> bool:
    """Whether the verb says its subject amounts to the noun.

    "made up $7.1 billion", "totalled $5 billion", "amounted to 40%".
    """
    if noun.dep_ == "dobj":
        made_up = verb.lower_ in _PHRASAL and any(
            c.dep_ == "prt" and c.lower_ == "up" for c in verb.children
        )
        # Not a participle: "sold 13.7 million Macs last year, totaling US$22 billion" totals
        # the sale, not the subject.
        return made_up or (verb.lower_ in _TOTALLED and verb.tag_ != "VBG")
    return noun.dep_ == "pobj" and verb.lower_ == "to" and verb.head.lower_ in _AMOUNTED


_TOTALLED: Final = frozenset({"total", "totals", "totalled", "totaled", "totalling", "totaling"})
_AMOUNTED: Final = frozenset({"amount", "amounts", "amounted", "amounting"})


def _equal_subject(verb: Token, root: Token, read: _Reader) -> str | None:
    """The subject a verb equates with the amount, with the amount's own "per" scope."""
    if verb.lower_ == "to":
        verb = verb.head
    subject = _subject_of(verb)
    # "Subaru and Hyundai were two of the few auto firms that ...": a count of those firms.
    counted = any(c.dep_ == "prep" and c.lower_ == "of" for c in root.children)
    if (
        subject is None
        or subject.pos_ in {"PRON", "DET"}
        or subject.lower_ in _RELATIVE
        or counted
        or any(t.dep_ == "cc" for t in subject.subtree)
    ):
        return None
    # The amount's own scope: "$4.1556 per share".
    scope = [t for c in root.children if c.dep_ == "prep" and c.lower_ == "per" for t in c.subtree]
    words = read.words([*_named_core(subject, keep_prep=True), *scope])
    return " ".join(words) if words else None


def _there_are(noun: Token, read: _Reader) -> str | None:
    """The noun "there are" counts, and of what ("developers of Apple programs").

    Not where ("500 Apple engineers at what is their largest developers conference").
    """
    of = [
        t
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for o in c.children
        if o.dep_ == "pobj"
        for t in [c, *_core_of(o)]
    ]
    counted = read.words([t for t in [*_core_of(noun), *of] if t.i not in read.inside])
    return " ".join(counted) or None


def _paid_for(root: Token, read: _Reader) -> str | None:
    """What an amount a thing is bought or sold "for" measures: its price.

    "a contract to purchase a score of Airbus A320 passenger jets for 9.9 billion yuan": price
    of a score of Airbus A320 passenger jets (was "yuan to purchase score for").
    """
    noun = root.head if root.dep_ == "nummod" else root
    if noun.dep_ != "pobj" or noun.head.lower_ != "for":
        return None
    verb = noun.head.head
    priced = _offered(verb, read) or _kind_it_comes_in(verb, read)
    if priced:
        return " ".join(["price", "of", *priced])
    if verb.lower_ not in _BUYING:
        return None
    bought = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if bought is None or bought.pos_ == "PRON" or any(t.i in read.skip for t in bought.subtree):
        return None  # "sold 13.7 million Macs for ...": a count's sum; "it": not a name
    words = read.words(_core_of(bought, keep_prep=True))
    return " ".join(["price", "of", *words]) if words else None


def _offered(verb: Token, read: _Reader) -> list[str]:
    """What "is available" for an amount, the "for" hung on `verb` ("be" or "available").

    "music videos will also be available at the on-line music store for $1.99 each": the
    price of music videos. Not "it": a company's name would stand for it.
    """
    copula = verb.head if verb.lower_ == "available" else verb
    if copula.lower_ not in COPULAS or not any(c.lower_ == "available" for c in copula.children):
        return []
    offered = next((c for c in copula.children if c.dep_ in _SUBJECTS), None)
    if offered is None or offered.pos_ == "PRON":
        return []
    return read.words(_core_of(offered, keep_prep=True))


def _kind_it_comes_in(verb: Token, read: _Reader) -> list[str]:
    """The kind a thing "comes in" for an amount, and whose kind it is.

    "The new iPod comes in a 30GB edition for US$299": price of 30GB edition of the new iPod.
    """
    if verb.lower_ not in _COMING:
        return []
    kind = next(
        (o for c in verb.children if c.lower_ == "in" for o in c.children if o.dep_ == "pobj"),
        None,
    )
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if kind is None or subject is None or subject.pos_ == "PRON":
        return []
    whose = read.words(_core_of(subject, keep_prep=True))
    return [*read.words(_core_of(kind)), "of", *whose]


_COMING: Final = frozenset({"come", "comes", "came", "coming"})
_BUYING: Final = frozenset(
    {
        "buy", "buys", "bought", "buying", "purchase", "purchases", "purchased", "purchasing",
        "acquire", "acquires", "acquired", "acquiring", "sell", "sells", "sold", "selling",
    }
)  # fmt: skip


def _worth(root: Token, read: _Reader) -> str | None:
    """What an amount a thing is "worth" measures: its value.

    "Airbus wins Qatar Airways order worth $15bn": value of Qatar Airways order (was "Airbus
    wins Qatar Airways order worth"); "The Air India order is worth US$6.8 billion": value of
    the Air India order. A pronoun or a demonstrative ("this alone is worth US $129") names
    nothing a reader can use.
    """
    worth = root.head
    if root.dep_ not in {"npadvmod", "pobj", "dobj"} or worth.lower_ != "worth":
        return None
    if worth.dep_ == "amod" and worth.head.pos_ in _NOUNS:
        own = {t.i for t in worth.subtree}
        words = read.words([t for t in _core_of(worth.head) if t.i not in own])
        if any(c.dep_ == "det" and c.lower_ in {"a", "an"} for c in worth.head.children):
            words = ["the", *words]  # "in a deal worth US$7.2 bn": the value of the deal
    elif worth.dep_ == "acomp":
        be = worth.head
        # "a contract ..., which Boeing estimates to be worth $18 million": the estimate's
        # object is what is worth it, here the noun the relative clause describes.
        # The parser hangs that object on either verb.
        raised = next(
            (c for v in (be, be.head) for c in v.children if c.dep_ == "dobj"),
            None,
        )
        subject = raised if be.dep_ == "xcomp" and raised is not None else _subject_of(be)
        if subject is not None and subject.lower_ in _RELATIVE:
            clause = next((t for t in subject.ancestors if t.dep_ == "relcl"), None)
            noun = clause.head if clause is not None else None
            # A name is seldom what is worth an amount: the parser hung the clause on the
            # wrong noun ("a contract ... with Russia's VSMPO-Avisma, which").
            described = _described(noun) if noun is not None and noun.pos_ == "NOUN" else None
            return f"value of {described}" if described else None
        named = subject is not None and subject.pos_ not in {"PRON", "DET"}
        words = read.words(_named_core(subject)) if subject is not None and named else []
    else:
        return None
    return " ".join(["value", "of", *words]) if words else None


def _range_level(span: Span, path: list[Token], read: _Reader) -> str | None:
    """The level a move started from or reached: "plummet from about $42 to four cents".

    Said before the noun's reading: "cents" is the unit here, not what is counted. The parser
    may make one phrase of both amounts, so the words around them say which end each is.
    """
    top = path[-1]
    change = _CHANGES.get(top.text.casefold())
    side = _range_side(span) if change is not None else None
    if change is None or side is None:
        return None
    return _after_change(["level"], top, change, read.words, span, when=side)


def _range_side(span: Span) -> str | None:
    """Which end of a "from X to Y" the amount is: "before" (X), "after" (Y) or neither.

    A "from" amount is where the move started, with a "to" or without ("having boosted from
    $5.8 billion in 2005").
    """
    doc = span.doc
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before == "from":
        return "before"
    start = max(span.sent.start, span.start - _RANGE_GAP)
    if before == "to" and any(t.lower_ == "from" for t in doc[start : span.start - 1]):
        return "after"
    return None


def _with_units(span: Span) -> list[Token]:
    """The amount's tokens and the unit words right after them ("four" -> "four cents")."""
    end = span.end
    while end < len(span.doc) and span.doc[end].lower_ in _AMOUNT_WORDS:
        end += 1
    return list(span.doc[span.start : end])


_RANGE_GAP: Final = 6  # "from about US$12 billion to": the "from" amount's words and its own


def _marked(bound: Token, inside: set[int]) -> bool:
    """Whether a bound's object is a mark the amount numbers: "below 5000 mark"."""
    return any(
        c.dep_ == "pobj" and c.lower_ in _THRESHOLDS and any(g.i in inside for g in c.children)
        for c in bound.children
    )


def _stayed_at(span: Span, verb: Token, read: _Reader, *, passed: bool) -> str | None:
    """A level an index stayed at or beyond: "but stayed below 5000 mark at 4605.22".

    Only a mark's number or one quoted as an index is (`INDEX_QUOTE`): "the death toll stood
    at 45" counts deaths, and is read so by the noun.
    """
    # "The Dow Jones currently has a value of 9936.94 points, below the ten thousand mark".
    having = passed and verb.lower_ in _HAVE
    if (verb.lower_ not in _STAYS and not having) or not (passed or INDEX_QUOTE.search(span.text)):
        return None
    owner = _owner(verb, read, keep_prep=True)
    return " ".join(["level", "of", *owner]) if owner else None


_STAYS: Final = frozenset(
    {
        "stay", "stays", "stayed", "staying", "remain", "remains", "remained", "remaining",
        "stand", "stands", "stood", "standing", "hover", "hovers", "hovered", "hovering",
    }
)  # fmt: skip


def _brought_to(root: Token, read: _Reader) -> str | None:
    """A total a verb brought to the amount: the total, as readers name it.

    "..., bringing the death toll to 45": death toll; "This brings Ryanair's total number of
    outstanding orders with the US manufacturer to 230": that total (was "This brings ...").
    """
    noun = root.head if root.dep_ == "nummod" else root
    lead: list[str] = []
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _REACHED:
        # "bringing it to a level of 7,465.95"; "to take it to a new share price of 233.25"
        named = noun.head.head
        kind = [t.lower_ for t in named.children if t.dep_ == "compound" and t.i < named.i]
        lead = [*kind, named.lower_, "of"]
        noun = named
    if noun.dep_ != "pobj" or noun.head.lower_ != "to":
        return None
    verb = noun.head.head
    if verb.lower_ not in _BRINGING:
        return None
    moved = next((c for c in verb.children if c.dep_ in _OBJECTS), None)
    if moved is not None and moved.pos_ == "PRON":
        # "having lost 1.16%, bringing it to a level of ...": "it" is what the clause is about,
        # a pronoun there too when the text gives its name ("It went up by 41.25 points, to
        # take it to a new share price of 233.25": TUI Travel, the sentence before).
        moved = _subject_above(verb) or _spoken_of_above(verb, read)
        lead = lead or ["level", "of"]
    if moved is None or any(t.i in read.skip for t in moved.subtree):
        return None
    # "the death toll": a common noun's article is no word of its label ("the Nasdaq" keeps it).
    core = [
        t for t in _core_of(moved, keep_prep=True) if not (t.head.i == moved.i and t.dep_ == "det")
    ]
    words = _owned(read.words(core), verb)  # "GM raised its stake in the venture to 51 percent"
    return " ".join([*lead, *words]) if words else None


def _spoken_of_above(verb: Token, read: _Reader) -> Token | None:
    """A pronoun subject of the clause the verb hangs on, when it stands for a known name."""
    head = verb.head
    subject = next((c for c in head.children if c.dep_ in _SUBJECTS), None)
    named = read.named(subject) if subject is not None and read.named is not None else None
    return subject if subject is not None and subject.pos_ == "PRON" and named else None


_BRINGING: Final = frozenset(
    {
        "bring", "brings", "brought", "bringing", "take", "takes", "took", "taking",
        "push", "pushes", "pushed", "pushing", "raise", "raises", "raised", "raising",
        "lift", "lifts", "lifted", "lifting",
    }
)  # fmt: skip


def _reached_level(span: Span, verb: Token, read: _Reader) -> str | None:
    """A level or price a verb's subject reached: "The Nasdaq reached 2020.90 points".

    "..., reaching a level of 1,026.13 at the closing bell": the level of the index. Only an
    index's or a price's level ("points", a quote with two decimals, "a level of"): a company
    that "reached 5,000 employees" counts its employees.
    """
    after_move = verb.dep_ in _FOLLOWING and verb.head.lower_ in _CHANGES
    if verb.lower_ not in _REACHING or after_move:
        return None  # "losing 484.68 points, reaching a level of ...": the level after the fall
    root = span.root
    noun = root.head if root.dep_ == "nummod" else root
    of_level = noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ in _LEVELS
    reached = noun.head.head if of_level else noun
    quoted = noun.lower_ in _POINTS or INDEX_QUOTE.search(span.text) is not None
    subject = _subject_of(verb)
    # "with the unemployment rate reaching 8.5%": the rate itself, as "rising to 8.5%" reads.
    rate = subject is not None and subject.lower_ in _PRICE_NOUNS and not of_level
    if reached.dep_ not in _OBJECTS or reached.head.i != verb.i or not (of_level or quoted or rate):
        return None
    owner = _owner(verb, read, keep_prep=True)
    if not owner or (of_level and reached.lower_ != "level"):
        return None  # "reached its all-time high of over 14,000": `_extreme_of` reads it
    if rate:
        return " ".join(owner)
    # "Oil hit $147.27 a barrel": a price.
    return " ".join(["price" if _priced(root) else "level", "of", *owner])


def _extreme_of(root: Token, read: _Reader) -> str | None:
    """A high or low named with its level: whose it is, as the subject of its clause says.

    "Japan's Nikkei index closed at a three-year low of 11,489.30": three-year low of Japan's
    Nikkei index (was "three-year low Japan's Nikkei index closed at"); "It had set an intraday
    bear market low of 7,447.55"; "the index remained above its November 20, 2008 low of
    1316.12" (its date is the figure's as_of, no word of its measure).
    """
    noun = root.head if root.dep_ == "nummod" else root
    if noun.dep_ != "pobj" or noun.head.lower_ != "of" or noun.head.head.lower_ not in _EXTREMES:
        return None
    extreme = noun.head.head
    verb = extreme
    for _ in range(_CHAIN):
        if verb.pos_ in _VERBS or verb.dep_ not in _EXTREME_LINKS:
            break
        verb = verb.head
    owner = _owner(verb, read, keep_prep=True) if verb.pos_ in _VERBS else []
    if not owner:
        return None
    named = [t for c in extreme.children if c.dep_ in {"amod", "compound"} for t in c.subtree]
    return " ".join([*read.words([*named, extreme]), "of", *owner])


_EXTREMES: Final = frozenset({"high", "low", "peak"})
# How an extreme hangs on its verb: "set a low", "closed at a low", "remained above its low"
# (the parser hangs the last on the date before it, "November 20, 2008 low").
_EXTREME_LINKS: Final = frozenset({"dobj", "pobj", "prep", "appos", "attr"})


_REACHING_WORDS: Final = "reach reaches reached reaching hit hits hitting touch touches touched"
_REACHING: Final = frozenset(_REACHING_WORDS.split())
_LEVELS: Final = frozenset({"level", "high", "low"})
_REACHED: Final = _LEVELS | {"price", "value"}  # "to take it to a new share price of 233.25"
_FOLLOWING: Final = frozenset({"advcl", "xcomp", "conj"})
# An index's level is quoted to two decimals ("2138.14"); so a level, not a count, and in points.
INDEX_QUOTE: Final = re.compile(r"\d\.\d\d$")


def _moved(path: list[Token], read: _Reader) -> str | None:
    """A move stated by its direction: "The Dow Jones was down 2.62%", "It ended up 1.2%".

    A reader (and the fixtures' labellers) names it by what moved: the fall of the Dow Jones.
    """
    # On the path ("down 2.62%"), or beside it on the verb ("were lower by nine percent").
    by = any(t.text.casefold() == "by" for t in path)  # not "has seven hours, up two"
    # ... or right before the amount: "the Nikkei closed down 6.4 percent", or before the
    # amount it restates: "closed up 511.51 points or 3.31%".
    first = min(read.inside)
    if path[0].dep_ in {"conj", "appos"} and path[0].head.i < path[0].i:
        first = min(first, path[0].head.left_edge.i)
    beside = [
        c
        for c in path[-1].children
        if c.dep_ in {"acomp", "advmod", "prt"} and (by or c.i + 1 == first)
    ]
    for token in [*path[1:], *beside]:
        change = _DIRECTIONS.get(token.text.casefold())
        mover = _move_verb(token.head)
        if change is None or token.pos_ not in _DIRECTION_TAGS or mover is None:
            continue
        if token.dep_ == "prt" and token.head.lower_ in _PHRASAL:
            continue  # "Its net profit has made up $1.14 per share": amounted to, no rise
        compared = any(
            c.lower_ == "than" and any(t.i in read.inside for t in c.subtree)
            for c in token.children
        )
        if compared or any(c.dep_ == "neg" for c in token.children):
            continue  # "flying no higher than 10,000": a bound, not a move by 10,000
        owner = _owner(mover, read, keep_prep=True)
        # "lower than the start of the day": the fall from the start of the day.
        than = [t for c in token.children if c.lower_ == "than" for t in c.subtree][1:]
        since = ["from", *read.words(than)] if than else []
        return " ".join([change, "of", *owner, *since]) if owner else None
    return None


def _restates_move(token: Token, read: _Reader) -> bool:
    """A move, or the level it reached, said again as a noun after the amount: no scope.

    "The Hang Seng index fell 5.5 percent - its biggest fall since the September 11, 2001,
    terrorist attacks": the fall of the Hang Seng index; "lost 26 points ... to a level of
    743.33, its lowest level since April 1997": the fall of the index, in points.
    """
    return (
        token.dep_ in {"npadvmod", "appos"}
        and token.lower_ in _RESTATING
        and token.i > max(read.inside)
    )


# "to finish the day at a level of 5,210.17, a figure not seen since last September".
_RECORDS: Final = frozenset({"figure", "record", "mark", "peak"})


def _move_verb(head: Token) -> Token | None:
    """The verb whose subject moved, for a direction word hung on `head`.

    The verb itself, or the verb whose object is a move ("The Nasdaq had the largest gains of
    the three indexes, up 1.2%": the Nasdaq's rise).
    """
    if head.pos_ in _VERBS:
        return head
    noun = head.lower_.removesuffix("s")
    moved = noun in _MOVE_NOUNS and head.dep_ in _OBJECTS and head.head.pos_ in _VERBS
    return head.head if moved else None


def _clause(top: Token, read: _Reader) -> str | None:
    """The number's clause without the number: the reading of an amount of a verb."""
    kept: list[Token] = []
    pending = [top]
    while pending:
        token = pending.pop()
        if token.i in read.inside:
            continue
        if token.i != top.i and (
            (_beside(token, read.inside) and not _run_in_subject(token, read))
            or _about_another(token, read)
            or cause_phrase(token)
            or (token.head.i == top.i and (_opens_sentence(token) or _restates_move(token, read)))
        ):
            # another figure's phrase, why ("As a result of the news, sales fell 9%"), or the
            # text's flow ("Additionally, ...")
            continue
        kept.append(token)
        pending.extend(token.children)
    kept = read.tokens([*kept, *_completed(top), *_joined_subject(top)])
    change = _CHANGES.get(top.text.casefold()) if top.i in {t.i for t in kept} else None
    if (
        change is not None
        and top.lower_ in _LOSING
        and _in_currency(top.doc[i] for i in read.inside)
    ):
        change = "loss"  # "GM's division lost $1.5 billion": a loss, not a fall of the division
    if change is not None:
        kept, subject = _nominalised(top, kept, read.named)
        # "fell by 96 points": the fall in points, as a move's unit is said.
        points = [t for t in kept if t.lower_ in _POINTS]
        by = {t.head.i for t in points if t.dep_ == "pobj"}  # "by" of "by 96 points"
        kept = [t for t in kept if t.i not in by and t.lower_ not in _POINTS]
        unit = ["in", "points"] if points else []
        # "A further $1.3 billion was lost in restructuring charges": the amount is what moved
        # (a passive's subject; "60 of its members have lost money" count who lost).
        moved = any(
            c.dep_ == "nsubjpass" and any(t.i in read.inside for t in c.subtree)
            for c in top.children
        )
        thing = _transitive_mover(top, change, read)
        if thing is not None:
            # "GM cut its workforce by 10%": the fall of GM's workforce (was "GM cut its
            # workforce"); "Ford increased production by 20%": of Ford's production.
            mover, own = thing
            # Said once, by whose it is: not "cut of all-in costs wants" for "wants to cut".
            own |= {t.i for t in _completed(top)}
            rest = [t for t in kept if t.i not in own]
            words = [change, "of", *mover, *read.words(rest), *unit]
        elif subject:
            words = [change, "of", *subject, *read.words(kept), *unit]
        else:
            words = [change, *read.words(kept), *unit] if moved and kept else []
    else:
        words = read.words(kept)
    if not words or _too_long(words):
        return None
    return " ".join([*words, *_condition(top, read)])


def _transitive_mover(verb: Token, change: str, read: _Reader) -> tuple[list[str], set[int]] | None:
    """What a transitive verb of change moved, named by whose it is, and its tokens.

    The object, its "its" said by the subject's name, or the subject's name before it when
    the subject is a name and the object says no owner ("Ford increased production": Ford's
    production; "The winglets will boost fuel efficiency": fuel efficiency). Not an amount
    the verb lost ("GM's division lost $1.5 billion") nor a number in the object.
    """
    thing = next((c for c in verb.children if c.dep_ in _OBJECTS), None)
    subject = _subject_of(verb)  # "Chrysler wants to cut all-in costs": Chrysler's
    if subject is not None and any(t.i in read.inside for t in subject.subtree):
        return None  # "60 of its 6,500 members have lost money": a count of who lost it
    if thing is None or change == "loss":
        return None
    core = _core_of(thing)
    pronoun = any(t.pos_ == "PRON" and t.dep_ != "poss" for t in core)
    if pronoun or any(t.i in read.inside or t.like_num for t in core):
        return None
    words = _owned(read.words(core), verb)
    owned = any(c.dep_ == "poss" for c in thing.children)
    whose = _name_words(subject) if subject is not None and not owned else None
    return ([whose] if whose else []) + words, {t.i for t in core}


def _run_in_subject(token: Token, read: _Reader) -> bool:
    """The sentence's own subject, made the apposition of a headline run into the sentence.

    "Automobile sales in the United States down sharply", a dateline, then "Sales of automobiles
    in the United States fell ...": the parser's subject is the headline's noun.
    """
    return token.dep_ == "appos" and token.head.idx < read.within[0] <= token.idx


def _joined_subject(verb: Token) -> list[Token]:
    """The subject a verb joined to another shares, unless it is a pronoun.

    "Chrysler will receive $1 billion and may be eligible for $4 billion": Chrysler may be. A
    pronoun says nothing a label can use.
    """
    if verb.dep_ != "conj" or any(c.dep_ in _SUBJECTS for c in verb.children):
        return []
    subject = _subject_of(verb)
    return _named_core(subject) if subject is not None and subject.pos_ != "PRON" else []


_LOSING: Final = frozenset({"lose", "loses", "lost", "losing"})


def _about_another(token: Token, read: _Reader) -> bool:
    """A phrase of another figure beside this one's verb.

    The level a move reached ("to a level of US$2.69" beside "gained 2.3%"), or a move said by
    its direction ("seven hours of talk time, up two hours from the 3GS": the rise's own words).
    """
    another = any(t.i in read.skip and t.i not in read.inside for t in token.subtree)
    if token.lower_ in _DIRECTIONS and token.dep_ in _ADVERBIALS:
        return another
    if token.dep_ != "prep" or token.text.casefold() != "to":
        return False
    return token.head.text.casefold() in _CHANGES and another


def _in_name(token: Token) -> bool:
    """Whether `token` continues the name its head begins: "& Poor's" in "Standard & Poor's"."""
    if token.ent_iob_ == "I" and token.ent_type_ in _NAME_TYPES:
        return token.head.ent_type_ == token.ent_type_
    # The recogniser may miss the name; an ampersand between proper nouns still joins one, and
    # so does "and" between the possessors of one noun ("The Standard and Poor's 500 index",
    # "Chrysler's and Toyota's US sales": both own it).
    head = token.head
    joined = any(c.text == "&" for c in head.children) or head.dep_ == "poss"
    return (
        token.dep_ in {"cc", "conj"}
        and head.pos_ == "PROPN"
        and (token.text in {"&", "and"} or token.pos_ == "PROPN")
        and joined
    )


_NAME_TYPES: Final = frozenset(
    {"ORG", "PERSON", "GPE", "LOC", "PRODUCT", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW"}
)


def _beside(token: Token, inside: set[int]) -> bool:
    """Whether `token`'s phrase is about something beside what the number counts.

    Other clauses, and the source ("according to the ministry": the figure's reporter says it).
    A time stays: labellers keep it ("the fall of the Dax since the start of the day"), and
    dropping it lowered the rule's agreement with them (`benchmarks/measure_guess.py`).
    """
    if any(t.i in inside for t in token.subtree) or _in_name(token):
        return False
    return token.dep_ in _OTHER_CLAUSES or token.text.casefold() in _SOURCE_WORDS


def _word(token: Token, named: Callable[[Token], str | None] | None) -> str:
    """The token's text, or for a pronoun subject the name it stands for when one is known.

    A relative pronoun stands for the noun its clause describes ("a plan which would close five
    plants": the plan would), never for a name found earlier.
    """
    whose = token.lower_ == "whose" and token.dep_ == "poss" and token.head.head.dep_ == "relcl"
    if whose or _relative_object(token):
        # "the Ford Explorer, whose sales had a 29% decline": the Ford Explorer's sales; "a
        # restructuring program ..., in which 10,000 jobs go": jobs go in the program.
        return _described(token.head.head.head) or token.text
    if token.pos_ == "DET":
        return token.lower_  # "The Nasdaq index has fallen": the fall of the Nasdaq index
    if token.pos_ != "PRON" or token.dep_ not in _SUBJECTS or token.lower_ in _WH:
        return _possessor(token) or token.text  # "at what is their largest ...": no name
    if token.lower_ in _RELATIVE:
        # Never a name found earlier, whatever the parser hangs the clause on ("which after
        # the price cut will on average be reduced": was "Apple").
        described = _described(token.head.head) if token.head.dep_ == "relcl" else None
        return described or token.text
    if named is None:
        return token.text
    return named(token) or token.text


def _possessor(pronoun: Token) -> str | None:
    """Whose a subject's "its" or "their" is: the name the clause above is about, possessive.

    "General Motors was the best performer, with its value rising by 31.49%": rise of General
    Motors' value; "Ford said that its sales rose 43%": Ford's sales. Only a subject's: an
    object's "its" mostly stands for its own clause's subject, which the label names already
    ("share of its value General Motors lost"); and only a name, never a pronoun or a common
    noun ("the workers said their wages fell" stays so). The last name before the pronoun was
    wrong about one time in six in the corpus; the clause above is the one the text means.
    """
    if pronoun.dep_ != "poss" or pronoun.lower_ not in {"its", "their"}:
        return None
    if pronoun.head.dep_ not in _SUBJECTS:
        return None
    owner = _subject_above(pronoun.head.head)
    return _name_words(owner) if owner is not None else None


def _name_words(owner: Token) -> str | None:
    """A subject's name in the possessive ("General Motors'", "Ford's"); None unless a name."""
    if owner.pos_ != "PROPN":
        return None
    core = [
        t for t in _named_core(owner) if t.pos_ != "DET" and not t.is_punct and not _legal_form(t)
    ]
    core.sort(key=lambda t: t.i)
    # "consulting firm Accenture saw its shares plummet": Accenture's shares, not the firm's.
    core = core[next((n for n, t in enumerate(core) if t.pos_ == "PROPN"), 0) :]
    if not core or any(t.pos_ == "PRON" for t in core):
        return None
    name = " ".join(_spelled(core, plain=True))
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _described(noun: Token) -> str | None:
    """The words of the noun a relative clause describes, without any amount's words."""
    words = [
        t
        for t in _core_of(noun)
        if t.pos_ != "DET" and not t.is_punct and (not _is_unit(t) or _names_number(t))
    ]
    return " ".join(_spelled(sorted(words, key=lambda t: t.i), plain=True)) or None


def _relative_object(token: Token) -> bool:
    """Whether `token` is "which" after a preposition that opens a relative clause ("in which")."""
    preposition = token.head
    return (
        token.lower_ in {"which", "whom"}
        and token.dep_ == "pobj"
        and preposition.dep_ == "prep"
        and preposition.head.dep_ == "relcl"
        and preposition.i < preposition.head.i
    )


def _names_number(token: Token) -> bool:
    """Whether `token` is the number a name ends on ("Adam Air Flight 574", "iPhone 4")."""
    return token.dep_ == "nummod" and token.head.pos_ == "PROPN" and token.i > token.head.i


_RELATIVE: Final = frozenset({"which", "that", "who", "whom"})
_WH: Final = frozenset({"what", "whatever", "whoever"})


def _nominalised(
    top: Token, kept: list[Token], named: Callable[[Token], str | None] | None
) -> tuple[list[Token], list[str]]:
    """`kept` without the change verb, its auxiliaries and subject; the subject's words apart.

    "The Nasdaq index has fallen by 3.16%" measures the fall of the Nasdaq index: a reader
    labels a move by what moved, and so do the fixtures' labellers (and most reports of markets,
    prices, sales and polls).
    """
    subjects = [c for c in top.children if c.dep_ in _SUBJECTS]
    phrase = {t.i for s in subjects for t in s.subtree}
    subject = _spelled([t for t in sorted(kept, key=lambda t: t.i) if t.i in phrase], named)
    if subjects and appositive_name(subjects[0]) is not None:
        words = sorted(_named_core(subjects[0]), key=lambda t: t.i)
        subject = _spelled([t for t in words if t.pos_ != "DET" and not t.is_punct], plain=True)
    # "..., losing $9 billion": what the verb it hangs on says of; further up ("continuing
    # their trend of having risen 23 percent"), whose the move is may need its "of".
    borrowed = _subject_of(top) if not subjects else None
    above = _mover_above(top) if not subjects and borrowed is None else None
    core = None
    if borrowed is not None:
        core = _named_core(borrowed)
    elif above is not None:
        core = _named_core(above, keep_prep=True)
    if core is not None:
        words = sorted(core, key=lambda t: t.i)
        subject = _spelled([t for t in words if t.pos_ != "DET" and not t.is_punct], named)
    if borrowed is not None:
        # Said once: "GM reported losing US$4.8 billion" is the loss of GM reported, not the
        # loss of GM "GM reported".
        phrase |= {t.i for t in borrowed.subtree}
    rest = [
        t
        for t in kept
        if t.i not in phrase and t.i != top.i and not (t.head.i == top.i and t.dep_ in _AUXILIARY)
    ]
    return sorted(rest, key=lambda t: t.i), subject


def _mover_above(verb: Token) -> Token | None:
    """The subject of the clause a subjectless move hangs in, a few links up.

    "Shares of Apple rose $5.41, continuing their trend of having risen 23 percent this year":
    the shares rose 23 percent. A pronoun subject there says nothing a reader can use.
    """
    return _subject_above(verb, _HANGING)


def _dangling(token: Token, inside: set[int]) -> bool:
    """A preposition whose object is the number: "by" in "fell by 4%"."""
    return token.dep_ in {"prep", "agent"} and all(c.i in inside for c in token.children)


# Words that belong to the amount rather than to what it counts: "24 percent", "$26.5 million",
# "118.40 points". A number is climbed through them to the noun or verb it serves.
_UNITS: Final = (
    "% percent per cent percentage points point $ us$ usd € £ ¥ million millions billion "
    "billions trillion thousand thousands hundred dozen dozens bn m"
)
_UNIT_WORDS: Final = frozenset(_UNITS.split())
_AMOUNT_WORDS: Final = _UNIT_WORDS | {"cents"}  # "four cents": its unit, not what it counts
_NUMBER_LINKS: Final = frozenset({"nummod", "compound", "quantmod", "nmod", "amod", "npadvmod"})
_OBJECTS: Final = frozenset({"dobj", "obj"})
_NOUNS: Final = frozenset({"NOUN", "PROPN"})
_NOUN_MODIFIERS: Final = frozenset({"amod", "compound", "poss", "case", "nmod", "nummod"})
_NOUN_SCOPE: Final = frozenset({"prep", "acl", "relcl"})
_VERB_SCOPE: Final = frozenset({"prep", "agent"})
_MAX_SCOPE: Final = 10
"""Words of one phrase of scope ("in the takeover of AIG"): past this it is a clause of its own."""


def _other_tokens(doc: Doc, others: Sequence[tuple[int, int]], inside: set[int]) -> set[int]:
    """The tokens of the sentence's other amounts (never the number's own).

    A number in a name ("iPhone 4", "the Standard & Poor's 500") or a duration ("in the past
    three days") is part of the words that say what is measured, not another figure.
    """
    found: set[int] = set()
    for start, end in others:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        root = span.root
        # "(GB # 20.1 billion)": the country a currency is of names no thing the amount is of.
        country = [c for c in root.children if c.text in CURRENCY_COUNTRIES and c.i < span.start]
        named = any(
            c.pos_ == "PROPN" and c.dep_ in {"poss", "compound"} and c not in country
            for c in root.children
        )
        # A count of a group named after it is an amount ("forty Democrats"); a number after a
        # name, or inside its entity, is the name's ("the FTSE 100", "the Big Three").
        in_name = root.head.pos_ == "PROPN" and (
            root.i > root.head.i or root.ent_type_ in _NAME_TYPES
        )
        if in_name or root.pos_ == "PROPN" or named or _describing_size(root.head):
            continue  # "the FTSE 100", "Standard & Poor's 500": a name, not an amount
        amount = [*span, *_quantity(root, {t.i for t in span}), *country]
        # "will carry 150 tons of cargo 5,600 miles": its unit is its own, when a verb's
        # object or adverbial; not "a 20 year low", "the 8GB is available".
        unit = root.head
        argument = unit.dep_ in {"dobj", "npadvmod", "attr"} and unit.head.pos_ in _VERBS
        if root.dep_ == "nummod" and _is_size(unit) and argument:
            amount.append(unit)
        found |= {t.i for t in amount} - inside
    return found


CURRENCY_COUNTRIES: Final = frozenset({"GB", "UK", "US", "AU", "CA", "NZ", "HK"})


def _is_unit(token: Token) -> bool:
    return token.text.casefold() in _UNIT_WORDS or token.pos_ == "NUM" or token.like_num


def _quantity(root: Token, inside: set[int]) -> list[Token]:
    """The number's own words and the unit words it hangs on ("24" -> "24 percent")."""
    words = _chain(root, inside)
    # The unit's own modifiers ("$" before "26.5 million", "than" in "more than", "just" in
    # "just over 54,000") are the amount's too.
    words.extend(
        c
        for w in list(words)
        for c in w.children
        if c.dep_ == "quantmod" or (c.dep_ == "advmod" and c.i < root.i)
    )
    return words


def _chain(root: Token, inside: set[int]) -> list[Token]:
    """The number and the unit words it hangs on, the last one the amount's head in its clause."""
    words = [root]
    token = root
    while (
        token.dep_ in _NUMBER_LINKS
        and token.head.i != token.i
        and token.head.i not in inside
        and _is_unit(token.head)
    ):
        token = token.head
        words.append(token)
    return words


@dataclass(frozen=True)
class _Reader:
    """How one number's measure reads the sentence: which tokens are words of the label."""

    inside: set[int]
    """The number's own tokens."""
    skip: set[int]
    """Tokens never in the label: the amount with its unit, the sentence's other amounts."""
    within: tuple[int, int]
    named: Callable[[Token], str | None] | None
    others: frozenset[int] = frozenset()
    """The sentence's other amounts: a phrase that holds one is that figure's, not this one's."""

    def tokens(self, tokens: list[Token]) -> list[Token]:
        """The label's tokens among `tokens`, once each, in the article's order."""
        low, high = self.within
        return [
            t
            for t in sorted({t.i: t for t in tokens}.values(), key=lambda t: t.i)
            if low <= t.idx < high
            and t.i not in self.skip
            and (not t.is_punct or _in_name(t))
            and (
                t.pos_ != "DET"
                or t.lower_ == "whose"
                or _definite(t, self.skip)
                or _hyphen_joined(t)  # "all-time high"
            )
            and not _dangling(t, self.skip)
            and not _legal_form(t)
            # "102 and 21 people ... respectively": the amounts' own joining words.
            and not (t.dep_ == "cc" and t.head.i in self.skip)
            and t.lower_ != "respectively"
            and not _breakdown(t)
        ]

    def words(self, tokens: list[Token]) -> list[str]:
        """The label's words among `tokens` (a pronoun subject as the name it stands for).

        A time phrase that opens the sentence comes last, or not at all when it is a point
        the as_of says (`_opening_time`).
        """
        kept = self.tokens(tokens)
        # Not the number's own phrase: "Just two weeks after China sent markets into a tumble".
        opening = {
            t.i: phrase
            if (phrase := _opening_time(t)) is None
            or not any(w.i in self.inside for w in phrase.subtree)
            else None
            for t in kept
        }
        body = [t for t in kept if opening[t.i] is None]
        moved = [
            t for t in kept if (phrase := opening[t.i]) is not None and phrase.lower_ not in _STAMPS
        ]
        tail = _lowered(_spelled(moved, self.named), moved[0]) if moved else []
        # "in which" read after its verb, as the noun it stands for: "jobs go in the program".
        relative = {i for t in body for w in t.children if _relative_object(w) for i in (t.i, w.i)}
        after = [t for t in body if t.i in relative]
        body = [t for t in body if t.i not in relative]
        return _spelled(body, self.named) + _spelled(after, self.named) + tail

    def scope(
        self, head: Token, kinds: frozenset[str], but: frozenset[int] = frozenset()
    ) -> list[Token]:
        """`head`'s phrases of `kinds`, each as its core, short ones only."""
        found: list[Token] = []
        for child in head.children:
            if (
                child.dep_ not in kinds
                or child.i in but
                or _beside(child, self.inside)
                or _opens_sentence(child)
                or cause_phrase(child)  # "As a result of the announcement, sales fell 17%"
                or any(t.i in self.others for t in child.subtree)
            ):
                continue
            core = _core_of(child, keep_prep=True)
            if len(core) <= _MAX_SCOPE:
                found.extend(core)
        return found


def _breakdown(token: Token) -> bool:
    """Whether the token is in a phrase that says what a count is mostly made of.

    "over 8,800 Palestinians have died so far, mainly women and minors": the women and minors
    are most of the Palestinians counted, not what is counted.
    """
    for phrase in (token, *token.ancestors):
        if phrase.pos_ in _NOUNS and any(
            c.dep_ == "advmod" and c.lower_ in _MOSTLY for c in phrase.children
        ):
            return True
        if phrase.pos_ in _VERBS:
            return False
    return False


_MOSTLY: Final = frozenset({"mainly", "mostly", "largely", "chiefly", "primarily", "predominantly"})


def _spelled(
    tokens: list[Token], named: Callable[[Token], str | None] | None = None, *, plain: bool = False
) -> list[str]:
    """The words of `tokens` (in the article's order), as the article spells them.

    Tokens the article writes as one word stay one: "GM's", "3G", "short-haul", not "GM 's",
    "3 G", "short haul". A pronoun subject is the name it stands for (`_word`), unless `plain`.
    """
    found: list[str] = []
    last: Token | None = None
    for token in tokens:
        word = token.text if plain else _word(token, named)
        glue = _glue(last, token) if last is not None and word == token.text else None
        if glue is not None:
            found[-1] += glue + word
        else:
            found.append(_uncapitalised(token) if word == token.text and not plain else word)
        last = token if word == token.text else None
    return found


def _uncapitalised(token: Token) -> str:
    """A word as a label writes it: the capital a sentence's start gave it gone, unless a name.

    "Delays of the production ... have cost Airbus": cost of delays of the production ...
    """
    word = token.text
    start = token.is_sent_start and not token.ent_type_  # "Japanese automaker": a name's
    if not start or token.pos_ == "PROPN" or not word[:1].isupper() or not word[1:].islower():
        return word
    # "Jobs has built the most valuable technology company": a name the tagger missed, as the
    # article's other sentences write it with its capital.
    named = any(t.text == word and not t.is_sent_start for t in token.doc)
    return word if named else word.lower()


def _glue(last: Token, token: Token) -> str | None:
    """What joins two label tokens the article writes as one word ("" or "-"), else None."""
    doc = token.doc
    if last.whitespace_:
        return None
    if token.i == last.i + 1:
        return ""
    between = doc[last.i + 1] if token.i == last.i + 2 else None
    if between is not None and between.text in _HYPHENS and not between.whitespace_:
        return between.text
    return None


_HYPHENS: Final = frozenset({"-", "\u2010", "\u2011"})


def _hyphen_joined(token: Token) -> bool:
    """Whether a hyphen joins `token` to the next word ("all" of "all-time")."""
    doc = token.doc
    return not token.whitespace_ and token.i + 1 < len(doc) and doc[token.i + 1].text in _HYPHENS


def _legal_form(token: Token) -> bool:
    """A word of a company name's legal form, which readers leave out of a label.

    "Ford [Motor Company]", "Aer Lingus [Group PLC]", "General Motors [Corporation]".
    """
    if token.ent_type_ != "ORG" or token.ent_iob_ != "I":
        return False  # not inside a name, or its first word ("Company X")
    doc = token.doc
    start, end = token.i, token.i + 1  # the name's bounds, from its entity tags
    while doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    words = tuple(t.text for t in doc[start:end])
    for tail in _LEGAL_FORMS:
        if words[-len(tail) :] == tail and len(words) > len(tail):
            return token.i >= end - len(tail)
    return False


def _too_long(words: list[str]) -> bool:
    """Past `_MAX_WORDS` words, "the" not counted: a sentence, not a label."""
    return sum(w != "the" for w in words) > _MAX_WORDS


def _definite(determiner: Token, skip: set[int]) -> bool:
    """A "the" a label keeps: "rise of the Nikkei", as readers (and labellers) write it.

    Not the amount's own ("the 60 needed") nor another figure's: their words are not the label's;
    nor that of a name whose legal form is left out ("the Ford Motor Company": Ford).
    """
    head = determiner.head
    return determiner.lower_ == "the" and head.i not in skip and not _legal_form(head)


@dataclass(frozen=True)
class _Count:
    """What a number counts and where the count sits in its clause."""

    noun: Token
    """The noun counted: "jobs" in "30,000 jobs", "aid" in "$5 billion in aid"."""
    amount: set[int]
    """The amount's tokens (the number, its unit and scale words)."""
    role: Token
    """The token whose place in the clause places the count: the noun, or the amount itself."""
    lead: tuple[str, ...] = ()
    """Words a label puts before the noun phrase: "share of" for "12% of its officers"."""
    left: tuple[Token, ...] = ()
    """The amount's own modifiers that describe the noun ("an additional $5 billion in aid")."""


_SHARES: Final = frozenset({"%", "percent", "cent", "percentage"})  # "per cent": its "cent"
_MONEY_OF: Final = frozenset({"in", "worth", "of"})  # "$11bn of aircraft deals"


def _counted_noun(root: Token, inside: set[int]) -> _Count | None:
    """The noun the number counts and the amount's tokens; None when it counts no noun.

    A unit of time or size ("22 days", "9.3 millimetres") is the amount's, not a thing counted;
    so is a round mark an index crossed. An amount of money or a share may name what it counts
    after it: "$16.6 billion in loans" counts loans, "12% of its officers" a share of them.
    """
    quantity = _quantity(root, inside)
    amount = {t.i for t in quantity} | inside
    # Its head, not a modifier: "than" in "more than 9,000 Palestinians" hangs on the number.
    top = _chain(root, inside)[-1]
    following = _described_by_participle(top, amount) or _following_noun(top, amount)
    if following is not None:
        return following
    noun = top.head
    if top.dep_ == "pobj" and noun.dep_ == "prep" and noun.text.casefold() == "of":
        noun = noun.head  # "a level of 4,211", "a value of 10769.00 points"
        if noun.dep_ == "pobj" and noun.text.casefold() in _PREPOSITION_NOUNS:
            return None  # "on top of the four billion it received": a preposition, no count
    elif top.dep_ not in _NUMBER_LINKS or noun.i < top.i:
        return None  # the number is the amount of a verb, or a name's part ("US $299")
    stuff = _weighed(noun) if noun.i not in amount else None
    if stuff is not None:
        # "twenty tonnes of test equipment": the equipment, weighed (was "... flight crew
        # tonnes of test equipment on board").
        return _Count(stuff, amount | {noun.i}, noun)
    uncounted = _is_unit(noun) or _is_size(noun) or noun.text.casefold() in _THRESHOLDS
    if noun.i in amount or noun.pos_ not in _NOUNS or uncounted:
        return None
    return _Count(noun, amount, noun)


def _described_by_participle(top: Token, amount: set[int]) -> _Count | None:
    """The noun a number counts that the parser made the subject of the noun's participle.

    "149 confirmed orders for the aircraft have been received": the parser hangs 149 on
    "confirmed" as its subject; the orders are counted (the measure was "confirmed").
    """
    participle = top.head
    noun = participle.head
    if (
        top.dep_ in _SUBJECTS
        and participle.dep_ == "amod"
        and noun.pos_ in _NOUNS
        and top.i < participle.i < noun.i
    ):
        return _Count(noun, amount, noun)
    return None


def _weighed(unit: Token) -> Token | None:
    """The stuff a unit of mass or volume measures: "tonnes of food aid", "barrels of oil"."""
    if unit.lower_ not in _MASSES:
        return None
    return next(
        (
            g
            for c in unit.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj" and g.pos_ == "NOUN"
        ),
        None,
    )


def _following_noun(top: Token, amount: set[int]) -> _Count | None:
    """The noun named after an amount: "$5 billion in aid", "12% of its executive officers".

    The amount keeps its place in the clause ("GM seeks $16.6 billion in loans": what GM seeks);
    its adjectives describe the noun ("an additional $5 billion in aid": additional aid).
    """
    share = top.text.casefold() in _SHARES
    money = _money(top)
    if top.dep_ in _NUMBER_LINKS:
        return None
    if not (share or money):
        return _partitive(top, amount)
    for child in top.children:
        word = child.text.casefold()
        # "$11bn of aircraft deals"; not "the US commitment of $2.3 billion of aid", whose
        # amount is itself "of" the commitment.
        inner = not share and word == "of" and top.dep_ == "pobj" and top.head.lower_ == "of"
        if child.dep_ != "prep" or word not in (_OF if share else _MONEY_OF) or inner:
            continue
        # A money amount's noun is a common noun ("in aid"), never a time or place ("in March").
        kinds = _NOUNS if share else frozenset({"NOUN"})
        nouns = [
            c
            for c in child.children
            if c.dep_ == "pobj" and c.pos_ in kinds and c.ent_type_ not in _WHEN_WHERE
        ]
        if not nouns or nouns[0].i in amount or _is_unit(nouns[0]) or _is_size(nouns[0]):
            continue
        left = tuple(c for c in top.children if c.dep_ == "amod" and c.i < top.i)
        return _Count(nouns[0], amount, top, ("share", "of") if share else (), left)
    return None


_MASSES: Final = frozenset(
    {
        "ton", "tons", "tonne", "tonnes", "kg", "kilogram", "kilograms", "barrel", "barrels",
        "litre", "litres", "liter", "liters", "gallon", "gallons", "lb", "lbs", "ounces",
    }
)  # fmt: skip
"""Units an amount of stuff is measured in: "20 tonnes of food aid" counts the aid."""


def _partitive(top: Token, amount: set[int]) -> _Count | None:
    """A count of part of a whole the text names: "purchased six of these aeroplanes".

    The whole is definite and in the plural ("of the protesters", "of its plants"): the count
    keeps its place in the clause and counts those. "10 of 12" names no noun.
    """
    for child in top.children:
        if child.dep_ != "prep" or child.i != top.i + 1:
            continue
        whole = part_whole(child)
        if whole is None or whole.i in amount or _is_unit(whole) or _is_size(whole):
            continue
        return _Count(whole, amount, top)
    return None


def part_whole(preposition: Token) -> Token | None:
    """The whole an "of" names a part of, when definite and in the plural.

    "of these aeroplanes", "of its plants"; None for "of 12" or "of a kind".
    """
    if preposition.lower_ != "of":
        return None
    whole = next((c for c in preposition.children if c.dep_ == "pobj"), None)
    if whole is None or whole.tag_ not in {"NNS", "NNPS"}:
        return None
    return whole if any(c.dep_ in {"det", "poss"} for c in whole.children) else None


def _money(top: Token) -> bool:
    """Whether the amount whose head is `top` is money: a currency sign or a scale word."""
    return any(t.pos_ == "SYM" or t.text.casefold() in _SCALES for t in top.subtree)


_OF: Final = frozenset({"of"})
_STOCKS: Final = frozenset({"share", "shares", "stock", "stocks"})
_CLIMB: Final = 5
_HANGING: Final = frozenset({"pcomp", "pobj", "prep", "acl", "advcl", "xcomp", "dobj", "conj"})
_LEGAL_FORMS: Final = tuple(
    tuple(form.split())
    for form in (
        "Motor Company",
        "Motor Corporation",
        "Motor Co.",
        "Group PLC",
        "Group plc",
        "Group Inc.",
        "Corporation",
        "Company",
        "Inc.",
        "Inc",
        "Corp.",
        "Corp",
        "Co.",
        "PLC",
        "plc",
        "LLC",
        "Ltd.",
        "Ltd",
        "N.V.",
        "S.A.",
        "AG",
        "SE",
    )
)
"""Legal forms at the end of a company's name, the longer first."""
_MOVE_NOUNS: Final = frozenset(
    {
        "drop", "fall", "loss", "decline", "rise", "gain", "increase", "decrease", "jump",
        "slide", "reduction", "growth", "dip", "plunge", "surge",
    }
)  # fmt: skip
# A move or a level said again after an amount ("- its biggest fall since ..."): `_restates_move`.
_RESTATING: Final = _MOVE_NOUNS | _LEVELS | _RECORDS
_UNDERGOING: Final = frozenset(
    {
        "has", "have", "had", "saw", "see", "sees", "seen", "posted", "post", "posts",
        "reported", "report", "reports", "suffered", "suffer", "suffers", "recorded", "record",
        "records", "registered", "showed", "show", "shows", "experienced", "logged",
    }
)  # fmt: skip
"""Verbs whose subject undergoes or reports the move their object names ("saw a 5% drop")."""
_PASSED_BOUNDS: Final = frozenset({"below", "above", "beneath"})
"""Bounds a move ends beyond, a level: not "over" ("rose over 5%" is more than 5%)."""
_LEVEL_ROLES: Final = frozenset({"pobj", "nummod"})
"""Where a level's number sits: "to 2138.14", "to below the 5000 mark"."""
_PARTICIPLES: Final = {
    # Nouns of something done to people ("the arrest of 12 protesters") ...
    **dict.fromkeys(("killing", "killings"), "killed"),
    **dict.fromkeys(("arrest", "arrests"), "arrested"),
    **dict.fromkeys(("evacuation", "evacuations"), "evacuated"),
    **dict.fromkeys(("release", "releases"), "released"),
    **dict.fromkeys(("capture",), "captured"),
    **dict.fromkeys(("abduction", "abductions", "kidnapping", "kidnappings"), "abducted"),
    **dict.fromkeys(("rescue", "rescues"), "rescued"),
    **dict.fromkeys(("execution", "executions"), "executed"),
    **dict.fromkeys(("detention",), "detained"),
    **dict.fromkeys(("dismissal", "dismissals"), "dismissed"),
    # ... and participle-clause verbs ("..., killing 228 people"): "killing" is both.
    "injuring": "injured",
    "wounding": "wounded",
    "leaving": "left",
    "displacing": "displaced",
    "affecting": "affected",
    "stranding": "stranded",
    "trapping": "trapped",
    "forcing": "forced",
    "sending": "sent",
    "cutting": "cut",
    "eliminating": "eliminated",
    "adding": "added",
    "creating": "created",
    "bringing": "brought",
    "raising": "raised",
    "laying": "laid",
    "firing": "fired",
    "hiring": "hired",
    "evacuating": "evacuated",
    "arresting": "arrested",
    "detaining": "detained",
    "rescuing": "rescued",
    "destroying": "destroyed",
    "damaging": "damaged",
}
"""What was done to a count, as a label says it: "Hamas' killing of 1,400 Israelis" and "...,
killing 228 people" are people killed."""
_HAVE: Final = frozenset({"has", "have", "had", "having"})
_OTHERS: Final = frozenset({"others", "more"})
_COMPARED: Final = frozenset({"compared", "comparing", "compares"})
_OWNING: Final = frozenset({"of", "for", "in"})
_CURRENCY_SIGNS: Final = frozenset({"€", "£", "¥", "#"})  # "#": a pound sign some text lost
_PREPOSITION_NOUNS: Final = frozenset(
    {"top", "excess", "lieu", "place", "spite", "behalf", "wake", "front"}
)
"""Nouns of a preposition of several words ("on top of", "in excess of", "in the wake of")."""
_ARGUMENT_PREPOSITIONS: Final = frozenset({"from", "to", "into", "onto", "on", "for"})
"""Prepositions that name a party of a transfer ("received ... from the German government"),
which labellers keep; "in response to ...", "as part of ...", "by 2012" are circumstance."""
_COMPOSING: Final = frozenset({"consisting", "comprising", "composed"})
"""Verbs of what a whole is made of ("a fleet consisting of 30 aircraft")."""
_PLACING: Final = frozenset({"in", "at", "across", "throughout"})
"""Prepositions that place a verb's object ("brands in 37 countries"), as a count of places."""
_WHEN_WHERE: Final = frozenset({"DATE", "TIME", "GPE", "LOC"})
_SCALES: Final = frozenset({"million", "millions", "billion", "billions", "trillion", "bn"})


def _of_owner(noun: Token, left: list[Token], inside: set[int], read: _Reader) -> str | None:
    """An attribute or a move "of" the amount, read "of" whose it is; None for other nouns.

    "the computer's base price of US$999": the base price of the computer; "Apple shares rose
    to $373.72, a drop of only $2.46 since Wednesday's close": the drop of Apple shares.
    """
    if not _of_amount(noun, inside):
        return None
    owners = [c for c in noun.children if c.dep_ == "poss"]
    # "their previous estimate of $18 billion": whose estimate, by the name "their" stands for.
    pronoun = owners[0] if owners and owners[0].pos_ == "PRON" else None
    name = read.named(pronoun) if pronoun is not None and read.named is not None else None
    if owners and (pronoun is None or name is not None):
        subtree = {t.i for t in owners[0].subtree}
        own = [t for t in left if t.i not in subtree]
        whose = [t for t in owners[0].subtree if t.dep_ != "case"]  # "the computer's"
        named = [name] if name is not None else read.words(whose)
        return " ".join([*read.words([noun, *own]), "of", *named])
    mover = _subject_above(noun) if noun.lower_ in _MOVE_NOUNS else None
    if mover is None:
        return None
    words = read.words(_named_core(mover, keep_prep=True))
    scope = read.words(read.scope(noun, _NOUN_SCOPE))
    return " ".join([*read.words([noun, *left]), "of", *words, *scope])


def _subject_above(token: Token, through: frozenset[str] | None = None) -> Token | None:
    """The subject of the nearest clause above `token` that has one (not a pronoun).

    With `through`, only up links of those kinds.
    """
    for _ in range(_CLIMB):
        if token.head.i == token.i or (through is not None and token.dep_ not in through):
            return None
        token = token.head
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects and token.pos_ in _VERBS:
            return None if subjects[0].pos_ == "PRON" else subjects[0]
    return None


def _said_of_object(
    phrase: list[str], role: Token, verb: Token, inside: set[int], read: _Reader
) -> str | None:
    """An object a label names by whose it is or what was done to it; None for other objects.

    "The Dow Jones has a value of 10769.00 points": the value of the Dow Jones. "The jet
    crashed, killing all 228 people on board": the people on board killed; "..., leaving 40
    families homeless": the families left homeless.
    """
    if role.dep_ != "dobj":
        return None
    if _composes(verb):  # "a fleet comprising 400 Boeing jets": jets in the fleet
        return _part_of(phrase, verb, read)
    if verb.lower_ in _HAVE and _of_amount(role, inside):
        owner = _owner(verb, read, keep_prep=True)
        return " ".join([*phrase, "of", *owner]) if owner else None
    subject = _subject_of(verb)
    if role.lower_ in _MOVE_NOUNS and verb.lower_ in _UNDERGOING and subject is not None:
        # "Ford Explorer sales had a 29% decline": the decline of its sales, by what moved;
        # "Chrysler and Toyota both reported a 39% loss": the loss of both.
        movers = [subject, *(c for c in subject.children if c.dep_ in {"cc", "conj"})]
        owner = read.words([t for m in movers for t in _named_core(m, keep_prep=True)])
        return " ".join([*phrase, "of", *owner]) if owner else None
    done = _done(verb)
    if done is None:
        return None
    how = [t for c in verb.children if c.dep_ in {"oprd", "acomp"} for t in _core_of(c)]
    return " ".join([*phrase, done, *read.words(how)])


def _done(verb: Token) -> str | None:
    """The past participle of a participle clause's verb that hangs on another clause.

    "..., killing 228 people", "..., leaving 40 families homeless": what the clause did to its
    object, said of the object (killed, left). Only verbs without a subject of their own, and
    only those a label names this way (the pipeline has no lemmatiser to inflect others).
    """
    if verb.tag_ != "VBG" or verb.dep_ not in {"advcl", "xcomp", "conj"}:
        return None
    if any(c.dep_ in _SUBJECTS or c.dep_ == "aux" for c in verb.children):
        return None  # "is killing", "while it was killing": a clause of its own
    return _PARTICIPLES.get(verb.lower_)


def _of_amount(noun: Token, inside: set[int]) -> bool:
    """Whether `noun` is what an amount after "of" is: "a value of 10769.00 points"."""
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and any(t.i in inside for t in c.subtree)
        for c in noun.children
    )


def _counted_before(noun: Token, within: tuple[int, int]) -> str | None:
    """The last noun counted before `noun` in its sentence: who "others" are."""
    low, _ = within
    for token in reversed(noun.doc[noun.sent.start : noun.i]):
        if token.idx < low:
            break
        counts = any(c.dep_ == "nummod" for c in token.children)
        if counts and token.pos_ in _NOUNS and token.lower_ not in _OTHERS:
            return token.text
    return None


def _counted(  # noqa: PLR0911 - one return per place a counted noun can have in its clause
    root: Token,
    inside: set[int],
    outside: set[int],
    within: tuple[int, int],
    named: Callable[[Token], str | None] | None,
) -> str | None:
    """The noun phrase a number counts, placed in its clause; None when it counts no noun.

    "9,061 people have been killed in Gaza" -> "people killed in Gaza" (a subject: the noun, its
    verb, the verb's scope); "Ford will cut 30,000 jobs" -> "jobs Ford will cut" (an object: the
    noun, the subject, the verb); "a 20 percent share of Chrysler" -> "share of Chrysler"; "a
    level of 4,211" -> "level" and what reached it. This is how the fixtures' labellers (and
    readers) name a count: by what is counted and what happened to it, not by the clause around
    it.
    """
    count = _counted_noun(root, inside)
    if count is None:
        return None
    noun = count.noun
    read = _Reader(inside, count.amount | outside, within, named, frozenset(outside))
    left = [
        t for c in noun.children if c.dep_ in _NOUN_MODIFIERS and c.i < noun.i for t in c.subtree
    ]
    left += [t for c in count.left for t in c.subtree]
    phrase = [*count.lead, *read.words([noun, *left, *read.scope(noun, _NOUN_SCOPE)])]
    owned = _of_owner(noun, left, inside, read) or _accompanying_move(phrase, count.role, read)
    if owned is not None:
        return owned
    if noun.lower_ in _OTHERS:  # "195 killed, 120 people missing and 777 others wounded"
        counted = _counted_before(noun, within)
        phrase = [counted if w == noun.text else w for w in phrase] if counted else phrase
    # A coordinated noun shares its first conjunct's place ("30,000 jobs and 14 plants").
    role = count.role
    while role.dep_ == "conj" and role.head.i != role.i:
        role = role.head
    head = role.head
    low, high = within
    if head.i == role.i or not low <= head.idx < high:
        return " ".join(phrase) or None
    if role.dep_ == "pobj" and head.dep_ in _VERB_SCOPE:
        return _example(phrase, head, read, root) or _in_phrase(phrase, head, read, root)
    # A sum names what it is the value of; what befell that is no part of it: "A US$14 billion
    # bailout package deal ... has been rejected" measures the deal, not a rejection.
    if head.pos_ not in _VERBS or (role.dep_ in _SUBJECTS and _valued(noun, inside)):
        return " ".join(phrase) or None
    shared = _shared_deed(head) if role.dep_ in _SUBJECTS | _OBJECTS else None
    if shared is not None:
        # "ten Republicans joined forty Democrats in voting for the bill": each voted for it.
        objects = [t for c in shared.children if c.dep_ in _OBJECTS for t in _core_of(c)]
        deed = [shared, *objects, *read.scope(shared, _VERB_SCOPE | _COMPLEMENTS)]
        return _joined(phrase, read.words(deed))
    if role.dep_ in _SUBJECTS and head.text.casefold() not in COPULAS:
        # No auxiliaries: "people killed in Gaza", as a label reads, not "people have killed".
        objects = [t for c in head.children if c.dep_ in _OBJECTS for t in _core_of(c)]
        clause = [head, *objects, *read.scope(head, _VERB_SCOPE | _COMPLEMENTS | _ADVERBIALS)]
        clause += _particles(head) + _since(head) + _also_did(head)
        return _joined(phrase, [*read.words(clause), *_condition(head, read)])
    said = _said_of_object(phrase, role, head, inside, read)
    if said is not None:
        return said
    # "fell 5%, reaching a level of 8253.87"; a participle, not a purpose ("reduced to # 0.74
    # to match the EU prices").
    reaching = head.dep_ == "advcl" and head.tag_ == "VBG"
    change = _CHANGES.get(head.head.text.casefold()) if reaching else None
    if role.dep_ in _OBJECTS and change is not None:
        return _after_change(phrase, head.head, change, read.words, root)
    # An object ("jobs Ford will cut"), or another place ("slid $19.37, a drop of over 5%").
    # The counted noun's own words are the phrase's, not the clause's: "Ford unveiled the $5
    # billion plan" is "plan ... Ford unveiled", never "... Ford unveiled the".
    own = {t.i for t in _core_of(role)}
    clause = [t for t in _core(head) if t.i not in own]
    if role.dep_ in _OBJECTS:  # from whom, to whom: "received ... from the German government"
        circumstance = frozenset(
            c.i
            for c in head.children
            if c.text.casefold() not in _ARGUMENT_PREPOSITIONS and not _dated(c)
        )
        clause += read.scope(head, _VERB_SCOPE, circumstance)
    return _joined(phrase, [*read.words(clause), *_condition(head, read)])


def _accompanying_move(phrase: list[str], noun: Token, read: _Reader) -> str | None:
    """Whose a move is that comes "with" a clause: its verb's subject's ("of" + its words).

    "the Russian RTS, which partly recovered from yesterday's fall with a 10.91% increase":
    increase of the Russian RTS (the parser hangs "with" on "fall"; was "increase yesterday's
    fall with"). A move with its own scope ("with a 2% drop in sales") keeps it.
    """
    preposition = noun.head
    if (
        noun.lower_ not in _MOVE_NOUNS
        or noun.dep_ != "pobj"
        or preposition.lower_ != "with"
        or any(c.dep_ == "prep" for c in noun.children)
    ):
        return None
    verb = next((a for a in preposition.ancestors if a.pos_ in _VERBS), None)
    owner = _owner(verb, read, keep_prep=True) if verb is not None else []
    return " ".join([*phrase, "of", *owner]) if owner else None


def _valued(noun: Token, inside: set[int]) -> bool:
    """Whether the number at `inside` is a sum of money set before the noun it values.

    A currency's sign says so ("US$14 billion", the corpus's "# 13 billion"); a currency's name
    after the number is the noun counted ("500 billion rubles infused into the markets").
    """
    doc = noun.doc
    return all(i < noun.i for i in inside) and _in_currency(doc[i] for i in inside)


def people_verb(root: Token) -> Token | None:
    """The verb that says a bare count is of people: "Some 240 were captured", "12 are missing".

    A count with no noun of its own whose clause tells what happened to persons (killed,
    captured, evacuated, missing) counts people, as a reader (and evals/LABELLING.md) says.
    """
    if root.pos_ != "NUM" or root.dep_ not in _SUBJECTS:
        return None
    verb = root.head
    if verb.lower_ in COPULAS:  # "12 are missing", "20 were dead"
        verb = next((c for c in verb.children if c.dep_ == "acomp"), verb)
    return verb if verb.lower_ in _DONE_TO_PEOPLE else None


def _elided_object(root: Token, read: _Reader) -> str | None:
    """A bare number whose noun the same verb's object gave in the clause before.

    "Fiat will appoint three members on the emerging Chrysler's new board, and the United
    States government will appoint six": members the United States government will appoint.
    """
    count = _elided_count(root)
    if count is None:
        return None
    first = count.head
    number = {t.i for t in count.subtree}
    noun = [t for t in _core_of(first) if t.i not in number and t.pos_ != "DET"]
    clause = [t for t in _core(root.head) if t.i != root.i]
    return " ".join([*read.words(sorted(noun, key=lambda t: t.i)), *read.words(clause)]) or None


def _elided_count(root: Token) -> Token | None:
    """The count ("three" of "three members") a bare number object leaves its noun to.

    The same verb again, joined to the first: "will appoint three members ..., and the
    government will appoint six".
    """
    verb = root.head
    if (
        root.pos_ != "NUM"
        or root.dep_ != "dobj"
        or verb.dep_ != "conj"
        or verb.head.lower_ != verb.lower_
    ):
        return None
    first = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
    counts = [c for c in first.children if c.dep_ == "nummod"] if first is not None else []
    return counts[0] if counts else None


def _people_done_to(root: Token, read: _Reader) -> str | None:
    """A bare count of people read by what happened to them: "people captured"."""
    verb = people_verb(root)
    if verb is None:
        return None
    clause = [verb, *read.scope(verb, _VERB_SCOPE | _COMPLEMENTS)]
    return " ".join(["people", *read.words(clause)])


def _also_did(verb: Token) -> list[Token]:
    """Verbs joined to `verb` that share its subject, with their objects and joining words.

    "Two dozen lenders have closed or sold operations": the lenders did either; a joined
    clause with a subject of its own ("... and the banks lent more") is about others.
    """
    found: list[Token] = []
    for joined in verb.children:
        if (
            joined.dep_ != "conj"
            or joined.pos_ not in _VERBS
            or any(c.dep_ in _SUBJECTS for c in joined.children)
        ):
            continue
        joining = [c for c in verb.children if c.dep_ == "cc" and c.i < joined.i]
        objects = [t for c in joined.children if c.dep_ in _OBJECTS for t in _core_of(c)]
        found += [*joining[-1:], joined, *_particles(joined), *objects]
    return found


def _particles(verb: Token) -> list[Token]:
    """A phrasal verb's particle: "off" of "were laid off" is the verb's meaning."""
    return [c for c in verb.children if c.dep_ == "prt"]


def _dated(phrase: Token) -> bool:
    """A phrase that says when: "at the end of last year", "in 2005"."""
    return any(t.ent_type_ == "DATE" for t in phrase.subtree)


def _composes(verb: Token) -> bool:
    """A verb that says what the noun it describes is made of: "a fleet consisting of ..."."""
    return verb.lower_ in _COMPOSING and verb.dep_ == "acl"


def _part_of(phrase: list[str], verb: Token, read: _Reader) -> str:
    """A count that makes up a whole, named in that whole: "aircraft in the fleet it operates".

    "Aer Lingus operates a fleet consisting of 30 short-haul aircraft": short-haul aircraft in
    the fleet Aer Lingus operates, as a reader (and the labellers) say whose they are.
    """
    whole = verb.head
    kept = [whole, *(t for c in whole.children if c.dep_ in _NOUN_MODIFIERS for t in c.subtree)]
    # The whole first, then the clause it is the object of: "the fleet Aer Lingus operates".
    owner: list[Token] = []
    if whole.dep_ in _OBJECTS and whole.head.pos_ in _VERBS:
        owner = [t for t in _core(whole.head) if t.i not in {k.i for k in kept}]
    return " ".join([*phrase, "in", *read.words(kept), *read.words(owner)])


def _shared_deed(verb: Token) -> Token | None:
    """What a count joined others in doing: "voting" in "joined forty Democrats in voting".

    Those who joined and those joined did it alike; the joining itself says nothing of them.
    """
    if verb.lower_ not in _JOINING:
        return None
    return next(
        (
            g
            for c in verb.children
            if c.dep_ == "prep" and c.lower_ == "in"
            for g in c.children
            if g.tag_ == "VBG"
        ),
        None,
    )


_JOINING: Final = frozenset({"join", "joins", "joined", "joining"})


def _since(verb: Token) -> list[Token]:
    """A count's starting point said as a clause: "killed since the war broke out".

    Other adverbial clauses are beside the count ("..., saying that ..."); this one bounds it,
    as a time phrase does ("since Monday"), and labellers keep it.
    """
    for child in verb.children:
        marks = [m for m in child.children if m.dep_ == "mark"]
        if child.dep_ == "advcl" and marks and marks[0].text.casefold() == "since":
            core = _core_of(child, keep_prep=True)
            return core if len(core) <= _MAX_SCOPE else []
    return []


def _condition(verb: Token, read: _Reader) -> list[str]:
    """The condition an amount holds under, as words: "if its restructuring plan succeeds".

    "it would be eligible for a $6 billion loan if it succeeds": the loan is conditional, and a
    reader (and the labellers) keep the condition. Its subject, verb and object, and the
    phrases that hold no other figure; a long one is a clause of its own and left out.
    """
    for child in verb.children:
        marks = [m for m in child.children if m.dep_ == "mark"]
        if child.dep_ != "advcl" or not marks or marks[0].lower_ not in _CONDITIONS:
            continue
        kept = _SUBJECTS | _OBJECTS | _COMPLEMENTS | {"prt", "advmod", "neg", "auxpass"}
        core = [
            child,
            *(t for c in child.children if c.dep_ in kept for t in _core_of(c)),
            *read.scope(child, _VERB_SCOPE),
        ]
        words = read.words(core)
        return [marks[0].lower_, *words] if len(words) <= _MAX_CONDITION else []
    return []


_MAX_CONDITION: Final = 16
"""Words of a condition past its "if": a subject, a verb, an object and a phrase or two."""
_CONDITIONS: Final = frozenset({"if", "unless"})


def _example(phrase: list[str], preposition: Token, read: _Reader, amount: Token) -> str | None:
    """A counted noun given as an example ("including ...") of a noun: read on its own.

    "the ongoing events in the financial world, including the US Government's $700 billion bail
    out of the financial sector" (was "... bail ongoing events in financial world including"),
    with what the parser hung beside it ("out of the financial sector").
    """
    if preposition.lower_ != "including" or preposition.head.pos_ not in _NOUNS:
        return None
    beside = [
        t for c in preposition.children if c.dep_ == "prep" and c.i > amount.i for t in c.subtree
    ]
    return " ".join([*phrase, *read.words(beside)]) or None


def _in_phrase(  # noqa: PLR0911 - one return per kind of phrase a counted noun sits in
    phrase: list[str], preposition: Token, read: _Reader, amount: Token
) -> str | None:
    """A counted noun inside a prepositional phrase, read with what the phrase belongs to."""
    owner = preposition.head  # "a loan in the takeover", "in 37 countries", "eligible for"
    done = _PARTICIPLES.get(owner.lower_) if owner.pos_ in _NOUNS else None
    if done is not None and preposition.lower_ == "of":
        # "Hamas' killing of 1,400 Israelis": the Israelis killed by Hamas, as a reader says it.
        doers = [
            t for c in owner.children if c.dep_ == "poss" for t in _core_of(c) if t.dep_ != "case"
        ]
        by = ["by", *read.words(doers)] if doers else []
        rest = read.words(read.scope(owner, _NOUN_SCOPE, frozenset({preposition.i})))
        return " ".join([*phrase, done, *by, *rest])
    if preposition.lower_ == "of" and _composes(owner):
        return _part_of(phrase, owner, read)
    if preposition.lower_ == "of" and (owner.lower_ in _PARTS_AND_WHOLES or _an_amount(owner)):
        # "a total of 237 orders", "12% of its 53 executive officers": what the number counts
        # is the phrase, the total or the share another figure or the same one again; "reserve
        # a portion of the $700 billion bailout package": the number is the whole's, the part
        # another amount the article does not give.
        return " ".join(phrase) or None
    if preposition.lower_ == "of" and owner.pos_ in _NOUNS:
        # "a loss of 3,700 jobs": loss of jobs, as it is read, not "jobs loss of"; a body of
        # people is named by the body ("Ford's North American workforce of 122,000 people").
        modifiers = [t for c in owner.children if c.dep_ in _NOUN_MODIFIERS for t in c.subtree]
        scope = read.scope(owner, _NOUN_SCOPE, frozenset({preposition.i}))
        counted = [] if phrase == ["people"] else ["of", *phrase]
        return " ".join([*read.words([*modifiers, owner]), *counted, *read.words(scope)])
    if owner.pos_ in _NOUNS:
        context = [owner, preposition, *read.scope(owner, _NOUN_SCOPE, frozenset({preposition.i}))]
        context += [t for c in owner.children if c.dep_ in _NOUN_MODIFIERS for t in c.subtree]
        # The noun's own clause says whose it is: "It produces fifteen brands of vehicle in 37
        # countries" counts countries General Motors produces brands in, not brands' countries.
        verb = owner.head
        placed = preposition.lower_ in _PLACING and owner.dep_ in _OBJECTS
        clause = _core(verb) if placed and verb.pos_ in _VERBS else []
        return _joined(phrase, read.words([*context, *clause]))
    if owner.pos_ in _VERBS:
        # "Three Democrats voted with thirty-one Republicans against it": they voted against it
        # too; whom they voted with says nothing of them.
        alike = preposition.lower_ == "with" and owner.lower_ in _VOTES
        reached = None if alike else _reached(phrase, owner, preposition, read, amount)
        # "Chrysler was in debt to 20 creditors": the state a copula's bare phrase names
        # ("in debt", "on strike") is what it says.
        state = [
            t
            for c in owner.children
            if owner.lower_ in COPULAS
            and c.dep_ == "prep"
            and c.i < preposition.i
            and len(list(c.subtree)) == 2  # noqa: PLR2004 - the preposition and a bare noun
            for t in c.subtree
        ]
        context = (
            [owner, *read.scope(owner, _VERB_SCOPE, frozenset({preposition.i}))]
            if alike
            else [*_core(owner), *state, preposition]
        )
        return reached or _joined(phrase, read.words(context))
    # "people left Gaza other than four hostages": that clause is what they are set against.
    if owner.pos_ == "ADJ" and owner.head.pos_ in _VERBS and preposition.lower_ != "than":
        verb = owner.head
        main = read.words([preposition, owner, *_core(verb)])
        return _joined(phrase, [*main, *_condition(verb, read)])
    return " ".join(phrase) or None


# Nouns for a collection whose members the number after "of" counts: "a total of 237 orders".
_CONTAINERS: Final = frozenset(
    {"total", "number", "list", "range", "series", "set", "group", "batch", "lineup", "handful"}
)


def _an_amount(noun: Token) -> bool:
    """Whether a noun is an amount itself: the "12%" of "12% of its 53 executive officers"."""
    return noun.pos_ == "NUM" or noun.lower_ in {"%", "percent"} or noun.like_num


# Nouns for a part of a whole the number after "of" measures: the part is not that number.
_PARTS: Final = frozenset(
    {"portion", "part", "fraction", "rest", "remainder", "bulk", "majority", "proportion"}
)
_PARTS_AND_WHOLES: Final = _PARTS | _CONTAINERS


def _reached(
    phrase: list[str], verb: Token, preposition: Token, read: _Reader, amount: Token
) -> str | None:
    """A level a verb reached: by a move ("rose to a level of ..."), or at a session's end."""
    session = _CLOSES.get(verb.lower_)
    mover = _subject_of(verb) or _subject_above(verb)
    if session is not None and phrase[:1] == ["level"] and mover is not None:
        # "... to close with a loss of 3.30% to a level of 10,520": the level at the close.
        whose = read.words(_named_core(mover, keep_prep=True))
        return " ".join(["level", "of", *whose, "at", "the", session])
    change = _CHANGES.get(verb.text.casefold())
    if change is not None and preposition.text.casefold() == "to":
        return _after_change(phrase, verb, change, read.words, amount)
    return None


def _joined(phrase: list[str], clause: list[str]) -> str | None:
    """The counted phrase, then its clause's words not already in it.

    A preposition stays when the word after it is new: "stake in Chrysler Fiat bought in
    2009", not "... bought 2009".
    """
    rest = [
        word
        for k, word in enumerate(clause)
        if word not in phrase
        or (word in _PREPOSITIONS and k + 1 < len(clause) and clause[k + 1] not in phrase)
    ]
    return " ".join([*phrase, *rest]) or None


_PREPOSITIONS: Final = frozenset(
    {"in", "at", "on", "of", "for", "by", "to", "from", "with", "since", "before", "after"}
)


def _after_change(
    phrase: list[str],
    verb: Token,
    change: str,
    words: Callable[[list[Token]], list[str]],
    amount: Token | Span,
    *,
    when: str = "after",
) -> str | None:
    """A level reached by a move: "level of the Nasdaq index after the fall".

    Shares that moved to an amount of money reached a price: "Ford shares gained 2.3% to
    US$2.69" is the price of Ford shares, as readers (and labellers) name it. `when` is
    "before" for the level a move started from ("plummet from about $42 to four cents").
    """
    since = [when, "the", change]
    subjects = [t for c in verb.children if c.dep_ in _SUBJECTS for t in _named_core(c)]
    # "fell by 5.00% to slip below the four thousand mark": the one that fell slipped; "...
    # made up $7.1 billion in 2006, having boosted from $5.8 billion": the one that made up.
    participle = verb.dep_ == "advcl" and verb.tag_ in {"VBG", "VBN"}
    if not subjects and ((verb.dep_ == "xcomp" and verb.head.lower_ in _CHANGES) or participle):
        subjects = [t for c in verb.head.children if c.dep_ in _SUBJECTS for t in _named_core(c)]
    moved = _moved_object(verb)
    if moved is not None:
        # "Fiat has since increased its holding to 46 percent": the holding's level, Fiat's.
        moved_words = _owned(words(_named_core(moved, keep_prep=True)), moved.head)
        return " ".join([*_level_of(phrase, moved), *moved_words, *since])
    # "The iPhone 3GS's price will be reduced to US $99": the price after the reduction.
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subjects and subject is not None and not _level_of(phrase, subject):
        return " ".join([*words(subjects), *since])
    if not subjects:
        return " ".join(phrase) or None
    if _priced(amount) and any(t.lower_ in _STOCKS for t in subjects):
        # Whose shares: "stocks for Toyota's US depository", not where they trade.
        whose = [
            t
            for c in verb.children
            if c.dep_ in _SUBJECTS
            for p in c.children
            if p.dep_ == "prep" and p.lower_ in _OWNING
            for t in p.subtree
        ]
        owners = [t for t in subjects if t.lower_ not in _STOCKS]
        # The price a move reached is the price; the one it started from says so.
        start = since if when == "before" else []
        if owners and not whose:
            # "Ford shares": Ford's share price, as markets (and the labellers) name it.
            return " ".join([*words(owners), "share", "price", *start])
        return " ".join(["price", "of", *words([*subjects, *whose]), *start])
    return " ".join([*phrase, "of", *words(subjects), *since])


def _level_of(phrase: list[str], moved: Token) -> list[str]:
    """The words before what moved: "level of", unless it is a price ("cut the price to $199")."""
    return [] if phrase == ["level"] and moved.lower_ in _PRICE_NOUNS else [*phrase, "of"]


_PRICE_NOUNS: Final = frozenset(
    {"price", "prices", "cost", "costs", "fare", "fares", "fee", "fees", "rate", "rates"}
)


def _moved_object(verb: Token) -> Token | None:
    """What a transitive verb of change moved: "increased its holding to 46 percent".

    A verb with neither subject nor object that completes a participle moves what the clause
    the participle hangs on moved ("increased its holding to 46 percent, expected to increase
    to 57%"). Not an amount the parser takes for an object ("gained 30 points to 2,100").
    """
    for _ in range(_CLIMB):
        objects = [c for c in verb.children if c.dep_ in _OBJECTS]
        if objects:
            amount = (t.like_num or _is_unit(t) or t.lower_ in _POINTS for t in objects[0].subtree)
            return None if any(amount) else objects[0]
        if any(c.dep_ in _SUBJECTS for c in verb.children) or verb.dep_ not in _COMPLETING:
            return None
        verb = verb.head
    return None


_COMPLETING: Final = frozenset({"xcomp", "advcl"})


def _owned(words: list[str], verb: Token) -> list[str]:
    """`words` with a leading "its" or "their" said by the name of `verb`'s subject."""
    owner = _owner_of(verb)
    return [*owner, *words[1:]] if words[:1] in (["its"], ["their"]) and owner else words


def _owner_of(verb: Token) -> list[str]:
    """Whose an object's "its" is: the verb's subject, or its joined verb's, as a name.

    "Fiat ... has since increased its holding": Fiat's. None unless a name.
    """
    subject = next((c for c in verb.children if c.dep_ in _SUBJECTS), None)
    if subject is None and verb.dep_ == "conj":
        subject = next((c for c in verb.head.children if c.dep_ in _SUBJECTS), None)
    name = _name_words(subject) if subject is not None else None
    return [name] if name is not None else []


def _priced(amount: Token | Span) -> bool:
    """A price: an amount of money (a currency sign) without a scale ("$67", not "$2 billion").

    A span is read as it is: the parser may hang an amount's words on another's ("from about
    $42 to four cents" is one phrase to it, "four" its head).
    """
    subtree = list(amount.subtree) if isinstance(amount, Token) else _with_units(amount)
    return _in_currency(subtree) and not any(t.text.casefold() in _SCALES for t in subtree)


def _in_currency(tokens: Iterable[Token]) -> bool:
    """Whether the tokens hold a currency sign: money, not points or a share."""
    return any(
        t.pos_ == "SYM" or "$" in t.text or t.text in _CURRENCY_SIGNS or t.lower_ == "cents"
        for t in tokens
    )


def _named_core(subject: Token, *, keep_prep: bool = False) -> list[Token]:
    """A subject's core words, by its name when an apposition gives one (what labellers use)."""
    name = appositive_name(subject)
    return _core_of(subject if name is None else name, keep_prep=keep_prep)


def _core_of(phrase_head: Token, *, keep_prep: bool = False) -> list[Token]:
    """A phrase without its appositions and clauses ("Ford, the carmaker," -> "Ford").

    With `keep_prep` its prepositional phrases stay ("for the Big Three automakers").
    """
    cut = {"appos", "relcl", "acl", "punct", "conj", "cc", "advcl", "parataxis"}
    if not keep_prep:
        cut.add("prep")
    kept = [phrase_head]
    pending = list(phrase_head.children)
    while pending:
        token = pending.pop()
        if token.dep_ in cut and not _in_name(token):
            continue
        kept.append(token)
        pending.extend(token.children)
    return kept


def _name_only(subject: Token) -> list[Token]:
    """A named subject without the description before its name.

    "The United States auto manufacturer Chrysler has asked for US$5 billion" is Chrysler's ask:
    the labellers and a reader name the company, not what kind of company it is.
    """
    # "European aircraft manufacturer, Airbus, has won": the name the apposition gives.
    subject = appositive_name(subject) or subject
    kept = _core_of(subject)
    if subject.pos_ != "PROPN":
        return kept
    described = [t.i for t in kept if t.i < subject.i and t.pos_ == "NOUN"]
    if not described:
        return kept
    return [t for t in kept if t.i > max(described)]


def _core(verb: Token) -> list[Token]:
    """The verb with its subject, auxiliaries and object: "General Motors produces vehicles".

    A verb that completes another and has no subject of its own is read with that verb and its
    subject: "it plans to fire 3,000 employees" counts employees it plans to fire.
    """
    kept = [verb]
    for child in verb.children:
        # "be" of a passive too: "wages they asked to be paid", not "... asked to paid".
        modifier = child.dep_ in _VERB_MODIFIERS | {"auxpass"} and not _opens_sentence(child)
        if child.dep_ in _SUBJECTS:
            kept.extend(_name_only(child))
        elif child.dep_ in _OBJECTS or modifier:
            kept.extend(_core_of(child))
    if verb.dep_ == "conj" and not any(c.dep_ in _SUBJECTS for c in verb.children):
        # A verb joined to another shares its subject and auxiliaries: "which will be built
        # overseas and marketed to 80 countries" (the platform will be marketed).
        shared = _SUBJECTS | _AUXILIARY | {"auxpass"}
        kept.extend(t for c in verb.head.children if c.dep_ in shared for t in _core_of(c))
    return [*kept, *_completed(verb)]


def _completed(verb: Token) -> list[Token]:
    """What a subjectless verb completes, up to the word with a subject, with that subject.

    "they will be willing to contribute $12 million": they will be willing; "Ford is committed
    to invest $200 million": Ford is committed. Without them the amount reads "to contribute".
    """
    kept: list[Token] = []
    completed = verb
    for _ in range(_CHAIN):
        governor = completed.head
        if (
            completed.dep_ not in {"xcomp", "acomp"}
            or governor.pos_ not in _VERBS | {"ADJ"}
            or any(c.dep_ in _SUBJECTS for c in completed.children)
        ):
            break
        kept.append(governor)
        kept.extend(
            t for c in governor.children if c.dep_ in _SUBJECTS | _AUXILIARY for t in _core_of(c)
        )
        completed = governor
    return kept


def _property_of(path: list[Token], read: _Reader) -> str | None:
    """What "The iPhone 4 costs $199" or "is 9.3 mm thick" measures: a property of the subject.

    A verb or adjective that states a property names the measure; the subject says whose.
    """
    # The property's word is on the path, or modifies it ("9.3 millimetres thick").
    near = [*path, *(c for t in path[:-1] for c in t.children if c.dep_ in {"amod", "advmod"})]
    for token in near:
        name = _PROPERTIES.get(token.text.casefold())
        if name is None and token.lower_ in _STARTING and _priced(path[0]):
            name = "starting price"  # "slated for June 24, starting at US $199"
        if name is None and token.lower_ in _LASTING and _lasts(token, path):
            name = "length"  # "the process would take 60 days": how long the process is
        if name is None or (token.lower_ in _SELLING and not _priced(path[0])):
            continue  # "sold 13.7 million Macs, totaling US$22 billion": not a price
        verb = token if token.pos_ in _VERBS else token.head
        while verb.pos_ not in _VERBS and verb.head.i != verb.i:
            verb = verb.head
        owner = _owner(verb, read)
        # "Delays ... have cost Airbus more than 6 billion dollars": what it cost someone is
        # a cost to them, not a price.
        bearer = next((c for c in verb.children if c.dep_ == "dative"), None)
        if name == "price" and bearer is not None and owner:
            whose = _owner(verb, read, keep_prep=True)  # "Delays of the production of ..."
            return " ".join(["cost", "of", *whose, "to", *read.words(_core_of(bearer))])
        # "songs are sold for # 0.79 per song and # 7.99 per album": the price per song.
        scope = [
            t for c in path[0].children if c.dep_ == "prep" and c.lower_ == "per" for t in c.subtree
        ]
        return " ".join([name, "of", *owner, *read.words(scope)]) if owner else None
    return None


_SELLING: Final = frozenset({"sells", "sell", "retails", "retail", "retailing", "sold", "selling"})


def _lasts(verb: Token, path: list[Token]) -> bool:
    """Whether the amount is `verb`'s duration object: "take 60 days", not "in two days".

    A phrasal verb is another verb: "took six months off" is leave, not a length.
    """
    if any(c.dep_ == "prt" for c in verb.children):
        return False
    return any(
        t.head.i == verb.i
        and t.dep_ in {"dobj", "npadvmod"}
        and _DIMENSIONS.get(t.lower_) == "length"
        for t in path
    )


def _opens_sentence(modifier: Token) -> bool:
    """A sentence adverb ("Initially, ...", "Additionally ...") is the text's flow, not scope.

    One that says when ("Earlier this year, ...") is scope, moved to the end (`_opening_time`).
    """
    # "To date, 149 confirmed orders have been received": so far, no scope either.
    so_far = modifier.lower_ == "to" and any(c.lower_ == "date" for c in modifier.children)
    if (modifier.dep_ == "advmod" and modifier.lower_ in CONNECTIVES) or connective_phrase(
        modifier
    ):
        return True  # "The British FTSE, however, gained 0.77%", "In addition, ...", anywhere
    return (
        (modifier.dep_ == "advmod" or so_far)
        and _before_subject(modifier)
        and not _timed(modifier)
        and (so_far or modifier.lower_ not in _WHEN_PREPOSITIONS)
    )


def _before_subject(modifier: Token) -> bool:
    return any(c.dep_ in _SUBJECTS and c.i > modifier.i for c in modifier.head.children)


def _opening_time(token: Token) -> Token | None:
    """The time phrase before its clause's subject that `token` is in, if any.

    "At the end of last year, the auto maker had just over 54,000 employees": the time scopes
    the figure, but read in the article's order it splits the measure ("employees At the end of
    last year the auto maker had"), so `_Reader.words` puts it last, as the labellers do
    ("Chrysler employees at the end of last year").
    """
    for phrase in (token, *token.ancestors):
        if (
            phrase.dep_ in _OPENING_TIME
            and _before_subject(phrase)  # before `_timed`, which reads the phrase's subtree
            and (phrase.lower_ in _WHEN_PREPOSITIONS or _timed(phrase))
        ):
            return phrase
    return None


_OPENING_TIME: Final = frozenset({"prep", "npadvmod", "advmod"})
_WHEN_PREPOSITIONS: Final = frozenset(
    {"before", "after", "as", "by", "until", "during", "since", "following"}
)
"""Prepositions whose phrase says when even with no date in it ("Before the suspension")."""
_STAMPS: Final = frozenset({"as", "by"})
"""A point in time the figure holds at ("As of 14:48 UTC", "By mid-Wednesday"): its as_of
says it, and the labellers leave it out of the measure; a period ("in the past three days")
or an event ("before the crossing opened") is the figure's scope and stays."""


def _timed(phrase: Token) -> bool:
    """A phrase with a date or a clock time in it ("On Sunday", "By 17:30 UTC")."""
    return any(t.ent_type_ in {"DATE", "TIME"} for t in phrase.subtree)


def _lowered(words: list[str], first: Token) -> list[str]:
    """Words moved from a sentence's start, its capital gone unless a name ("On" -> "on")."""
    if words and first.pos_ != "PROPN" and first.text[:1].isupper() and first.text[1:].islower():
        words[0] = words[0][:1].lower() + words[0][1:]
    return words


def _is_size(token: Token) -> bool:
    return token.text.casefold() in _SIZE_WORDS


def _describing_size(unit: Token) -> bool:
    """A size that says which thing or when, not how much.

    "the 16GB version", "in the past three days", "three weeks ago"; "up two hours from the 3GS"
    is a move of its own, another figure.
    """
    if not _is_size(unit):
        return False
    if unit.dep_ == "npadvmod":
        return unit.head.lower_ == "ago"  # "since the war broke out three weeks ago"
    return unit.dep_ in {"compound", "amod", "nmod"} or (
        unit.dep_ == "pobj" and unit.head.lower_ != "by"
    )


_SIZES: Final = (
    "second seconds minute minutes hour hours day days week weeks month months year years "
    "decade decades inch inches cm mm millimetres millimeters centimetres centimeters metre "
    "metres meter meters km kilometres kilometers mile miles kg kilogram kilograms lb lbs ton "
    "tons tonnes pound pounds megapixel megapixels gb mb tb ghz mph knots feet foot"
)
_SIZE_WORDS: Final = frozenset(_SIZES.split())
_PROPERTY_WORDS: Final = {
    "price": "cost costs costing priced sells sell retails retail retailing sold selling",
    "weight": "weigh weighs weighing heavy",
    "thickness": "thick thin",
    "length": "long",
    "width": "wide",
    "height": "tall",
    "capacity": "seats seat holds hold carries carry",
}
_PROPERTIES: Final = {w: name for name, ws in _PROPERTY_WORDS.items() for w in ws.split()}
_LASTING_WORDS: Final = "take takes took taken taking last lasts lasted lasting span spans spanned"
_LASTING: Final = frozenset(_LASTING_WORDS.split())
_DONE_TO_PEOPLE_WORDS: Final = (
    "killed wounded injured hurt captured abducted kidnapped arrested detained evacuated "
    "rescued displaced died fled drowned executed jailed imprisoned hospitalised hospitalized "
    "missing dead deported"
)
_DONE_TO_PEOPLE: Final = frozenset(_DONE_TO_PEOPLE_WORDS.split())
"""What happens to persons (`people_verb`): a bare count beside one counts people."""
_STARTING: Final = frozenset({"starting", "starts", "start", "started"})
"""Verbs whose price is the cheapest offered: "starting at $199" (a price, not a count)."""
"""Verbs whose duration object is the subject's length: "would take 60 days"."""
"""A verb or adjective of a property, and the noun a label names it by."""
_THRESHOLDS: Final = frozenset({"mark", "barrier", "threshold", "milestone"})
"""A round number an index crossed ("below the 5000 mark"): the move says what it measures."""
_VERB_MODIFIERS: Final = frozenset({"aux", "neg", "advmod", "npadvmod", "prt"})
"""The verb's own words a label keeps: "will", "not", "still", "last year", "off"."""
_ADVERBIALS: Final = frozenset({"neg", "advmod", "npadvmod"})
_COMPLEMENTS: Final = frozenset({"xcomp", "oprd", "acomp"})
