"""From a cited draft to grounded items: the library quotes what the model cited.

Every evidence span is built from ids, so `evidence.text == article[start:end]` always holds and
its match is exact. What the model wrote freely is still checked, as under the quote strategy: a
speaker it names outside the list must be named in the article, and every number in a claim, the
headline or the summary must occur in the article. The number's value and its hedge come from the
parser, never from the model; a direct quote's words come from the quote the model cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer.find.candidates import Candidates, NumberCandidate
from summarizer.find.sentences import Sentence
from summarizer.ground.cite_drafts import (
    CitedAttribution,
    CitedBriefingDraft,
    CitedEvent,
    CitedFigure,
    CitedQuote,
    heading_lines,
    id_problems,
    text_problems,
)
from summarizer.ground.grounding import GroundedDraft, ground_summary
from summarizer.schema.briefing import Attribution, Event, Evidence, Figure, Grounding

# Clause boundaries a figure's evidence is narrowed to: only those that always end a clause.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?:while|whilst|but|whereas)\s+|\s+—\s+|\s+--\s+")
_MIN_CLAUSE = 25
_CLAIM_LIMIT = 600
_MIN_MEASURE = 3


def exact(text: str, start: int, end: int) -> Evidence:
    """Evidence for `text[start:end]`: exact by construction."""
    return Evidence(text=text[start:end], start=start, end=end, match="exact")


def _status(problems: list[str]) -> Grounding:
    return Grounding(status="unverified" if problems else "verified", problems=problems)


def cited_span(candidates: Candidates, keys: Sequence[str], anchor: str | None = None) -> Evidence:
    """The evidence for cited sentences: the run of adjacent cited sentences holding `anchor`.

    Sentences cited far apart cannot be one contiguous span: the run around the anchor (a direct
    quote's sentence) wins, else the first run. An anchor the model did not cite is added.
    """
    order = {s.id: n for n, s in enumerate(candidates.sentences)}
    wanted = {k for k in (*keys, *([anchor] if anchor else [])) if k in order}
    chosen = sorted(wanted, key=lambda key: order[key])
    runs: list[list[Sentence]] = []
    for key in chosen:
        sentence = candidates.sentences[order[key]]
        if runs and order[runs[-1][-1].id] + 1 == order[key]:
            runs[-1].append(sentence)
        else:
            runs.append([sentence])
    run = next((r for r in runs if anchor in {s.id for s in r}), runs[0])
    return exact(candidates.text, run[0].start, run[-1].end)


def clause_of(candidates: Candidates, number: NumberCandidate) -> Evidence:
    """The clause of its sentence that holds a number, when the sentence has certain breaks."""
    sentence = candidates.sentence(number.sentence)
    if sentence is None:  # candidates always place a number in a sentence; defensive
        return exact(candidates.text, number.start, number.end)
    start, end = sentence.start, sentence.end
    for match in _CLAUSE_BREAK.finditer(candidates.text, sentence.start, sentence.end):
        if match.end() <= number.start:
            start = match.end()
        elif match.start() >= number.end:
            end = match.start()
            break
    if end - start < _MIN_CLAUSE:
        start, end = sentence.start, sentence.end
    return exact(candidates.text, start, end)


_WORD = re.compile(r"[\w'’-]{4,}")
_CLEARLY_BETTER = 0.34


def _words(text: str | None) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "")}


def _coverage(words: set[str], sentence: Sentence) -> float:
    return len(words & _words(sentence.text)) / len(words) if words else 0.0


def located(
    candidates: Candidates,
    cited: Sequence[str],
    *labels: str | None,
    single: bool = False,
    among: Sequence[Sentence] | None = None,
) -> list[str]:
    """The cited sentence ids, or the sentence the labels' words clearly come from instead.

    A small model often writes the right item with a neighbouring sentence's id. When the cited
    sentences hold few of the words of what it wrote and one other sentence holds clearly more
    (a third of the words or more), that sentence is the evidence. `single` keeps only the cited
    sentence that holds most of the words (an event rests on one sentence). `among` limits the
    sentences an item may move to (default: all).
    """
    words = set().union(*(_words(label) for label in labels))
    if not words:
        return list(cited[:1] if single else cited)
    chosen = [s for s in candidates.sentences if s.id in set(cited)]
    best = max(among or candidates.sentences, key=lambda s: _coverage(words, s))
    have = max((_coverage(words, s) for s in chosen), default=0.0)
    if _coverage(words, best) - have >= _CLEARLY_BETTER:
        return [best.id]
    if single and chosen:
        return [max(chosen, key=lambda s: _coverage(words, s)).id]
    return list(cited)


def _reporter(candidates: Candidates, key: str | None, number: NumberCandidate) -> str | None:
    """The reporter's name, kept only when it is named in the number's sentence or the one before.

    A source the article gives a number to is named where the number is ("according to X",
    "X said"); a name from elsewhere is a small model repeating its last reporter.
    """
    name = candidates.name(key) if key else None
    sentence = candidates.sentence(number.sentence)
    if name is None or sentence is None:
        return None
    index = candidates.sentences.index(sentence)
    start = candidates.sentences[index - 1].start if index else sentence.start
    if any(start <= at < sentence.end for at, _ in name.mentions):
        return name.text
    return None


def _event(cited: CitedEvent, candidates: Candidates) -> Event:
    fields = cited.model_dump(exclude={"sentences"})
    # Never moved to the title: a headline holds every event's words, and reports none of them.
    body = candidates.sentences[len(heading_lines(candidates)) :]
    sentences = located(
        candidates,
        cited.sentences,
        cited.actor,
        cited.action,
        cited.object,
        single=True,
        among=body,
    )
    return Event(
        **fields,
        evidence=cited_span(candidates, sentences),
        grounding=_status([]),
    )


def without_number(measure: str, number: NumberCandidate) -> str:
    """The measure with the number's own words taken out ("45% drop in sales" -> "drop in sales").

    The figure carries its number already; a small model copies the tagged number into the
    measure. When nothing but the number was written, the measure is kept as it is.
    """
    written = number.quantity.text
    core = re.sub(r"^\D+", "", written)  # "more than 9,000" -> "9,000"
    stripped = measure
    for words in (written, core):
        if words:
            # Only where the words stand whole: the "50" of "50 points" is no part of "S&P 500"
            # or of "50,000", and taking it out of them wrote "S&P 0".
            before = r"(?<![\w.,])" if words[0].isalnum() else ""
            after = r"(?![\w])(?![.,][0-9])" if words[-1].isalnum() else ""
            stripped = re.sub(before + re.escape(words) + after, " ", stripped, flags=re.IGNORECASE)
    stripped = " ".join(stripped.split()).strip(" ,.;:-")
    return stripped if len(stripped) >= _MIN_MEASURE else measure


def _figure(cited: CitedFigure, candidates: Candidates) -> Figure:
    found = candidates.number(cited.number)
    if found is None:  # the validator refuses unknown ids; reached only via model_construct
        msg = f"unknown number id {cited.number!r}"
        raise ValueError(msg)
    quantity = found.quantity
    return Figure(
        number=quantity.text,
        # The hedge as written ("more than 3,600") decides, whatever the model would have said.
        qualifier=quantity.qualifier,
        unit=cited.unit or found.unit_guess,
        measure=without_number(cited.measure or "", found),
        as_of=cited.as_of or found.as_of_guess,
        reported_by=_reporter(candidates, cited.reported_by, found),
        value=quantity.value,
        value_max=quantity.value_max,
        evidence=clause_of(candidates, found),
        grounding=_status([]),
    )


def _speaker(candidates: Candidates, key: str | None, name: str | None) -> str:
    named = candidates.name(key) if key else None
    return named.text if named else (name or "")


def _quoted(cited: CitedQuote, candidates: Candidates) -> Attribution:
    """A direct attribution: the quote's own words, in the sentences the quote spans."""
    text = candidates.text
    quote = candidates.quote(cited.quote)
    if quote is None:  # the validator refuses unknown ids; reached only via model_construct
        msg = f"unknown quote id {cited.quote!r}"
        raise ValueError(msg)
    spanned = [s.id for s in candidates.sentences if s.start < quote.end and quote.start < s.end]
    problems = [
        f"quote {cited.quote}: {p}" for p in text_problems("quotes", cited.model_dump(), text)
    ]
    words = _opening(quote.text, _CLAIM_LIMIT)
    return Attribution(
        speaker=_speaker(candidates, cited.speaker, cited.speaker_name) or "unknown",
        role=cited.role,
        claim=words,
        quote_type="direct",
        quote=words,
        cue=cited.cue,
        evidence=cited_span(candidates, spanned or [quote.sentence], quote.sentence),
        quote_span=exact(text, quote.start, quote.start + len(words)),
        grounding=_status(problems),
    )


def _opening(words: str, limit: int) -> str:
    """A quote's first `limit` characters at most, ended at a sentence's end, else a word's.

    A speech quoted whole runs past what a Briefing holds (692 characters in a corpus article):
    its opening stays verbatim, and its span covers exactly those words.
    """
    if len(words) <= limit:
        return words
    head = words[:limit]
    sentence_end = max(head.rfind(f"{mark} ") for mark in ".?!")
    if sentence_end >= limit // 2:
        return head[: sentence_end + 1]
    return head[: head.rfind(" ")].rstrip(" ,;:-") if " " in head else head


def _reported(number: int, cited: CitedAttribution, candidates: Candidates) -> Attribution:
    """An indirect attribution: what the speaker claimed, in the sentences that say so."""
    text = candidates.text
    problems = [
        f"attribution {number}: {p}"
        for p in text_problems("attributions", cited.model_dump(), text)
    ]
    speaker = _speaker(candidates, cited.speaker, cited.speaker_name)
    sentences = located(candidates, cited.sentences, cited.claim, speaker)
    evidence = cited_span(candidates, sentences)
    if not _cue_in(cited.cue, evidence.text):
        # Reported speech is reported by a verb the article writes; without one in the evidence
        # the "attribution" is a statement of fact the model gave a speaker to.
        problems.append(
            f"attribution {number}: its reporting verb {cited.cue!r} is not in its sentences"
        )
    return Attribution(
        speaker=speaker or "unknown",
        role=cited.role,
        claim=cited.claim,
        quote_type="indirect",
        quote=None,
        cue=cited.cue,
        evidence=evidence,
        grounding=_status(problems),
    )


def _cue_in(cue: str | None, evidence: str) -> bool:
    """Whether a word of the cue (the reporting verb as written) occurs in the evidence."""
    written = {w.casefold() for w in re.findall(r"[A-Za-z]{3,}", cue or "")}
    return bool(written) and bool(
        written & {w.casefold() for w in re.findall(r"[A-Za-z]+", evidence)}
    )


def resolve_draft(draft: CitedBriefingDraft, candidates: Candidates) -> GroundedDraft:
    """Build every item of a cited draft from its ids; items citing unknown ids are left out.

    The validators re-ask (or, on the last attempt, remove) items with unknown ids, so leaving
    them out here only matters for drafts built without validation.
    """
    events = [
        _event(e, candidates)
        for e in draft.events
        if not id_problems("events", e.model_dump(), candidates)
    ]
    seen_numbers: set[str] = set()
    figures = []
    for cited in draft.figures:
        # One number is one figure: a second pick of the same id is a repeat. A number with no
        # measure is one the model declined.
        declined = not cited.measure
        if declined or cited.number in seen_numbers:
            continue
        if id_problems("figures", cited.model_dump(), candidates):
            continue
        seen_numbers.add(cited.number)
        figures.append(_figure(cited, candidates))
    quotes = [
        _quoted(q, candidates)
        for q in draft.quotes
        if (q.speaker or q.speaker_name) and not id_problems("quotes", q.model_dump(), candidates)
    ]
    attributions = quotes + [
        _reported(n, a, candidates)
        for n, a in enumerate(draft.attributions, 1)
        if not id_problems("attributions", a.model_dump(), candidates)
    ]
    return GroundedDraft(
        events=events,
        figures=figures,
        attributions=attributions,
        summary_grounding=ground_summary(draft.headline, draft.summary, candidates.text),
    )


def cited_problems(draft: CitedBriefingDraft, candidates: Candidates) -> list[str]:
    """What the model wrote freely that the article does not support, as re-ask sentences."""
    return resolve_draft(draft, candidates).problems()
