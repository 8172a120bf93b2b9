"""The article as the cite strategy shows it: numbered sentences, numbers and quotes tagged.

    [S3] The ministry said [N2 more than 9,000] people had died. He called it [Q1]"a catastrophe".

Tags are inserted, never substituted: every character of the article is still there, in order,
so the model reads the story as written. The article's own text is untrusted: it is neutralised
against the data markers (`summarizer.prompt.render.neutralise`) and anything in it that looks
like one of our tags ("[S12]") loses its bracket, so an article cannot plant ids or fake sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summarizer.find.candidates import Candidates
from summarizer.find.sentences import Sentence

# "[S12", "[N3 ", "[Q1]", "[P4": the shape of our tags; in article text the bracket becomes "(".
_TAG_LOOKALIKE = re.compile(r"\[(?=\s*[SNQP]\s*\d)", re.IGNORECASE)


def _clean(untrusted: str, neutralise: Callable[[str], str]) -> str:
    return neutralise(_TAG_LOOKALIKE.sub("(", untrusted))


def tagged_sentence(
    sentence: Sentence, candidates: Candidates, neutralise: Callable[[str], str]
) -> str:
    """One sentence with its numbers wrapped as `[N2 9,061]` and quotes prefixed with `[Q1]`."""
    text = candidates.text
    marks: list[tuple[int, int, str, str]] = []  # (start, end, before, after) over the article
    for number in candidates.numbers:
        if number.sentence == sentence.id:
            marks.append((number.start, number.end, f"[{number.id} ", "]"))
    for quote in candidates.quotes:
        if quote.sentence == sentence.id and sentence.start < quote.start:
            # Before the opening quotation mark (the quoted words may start after a space).
            opening = max(text.rfind(mark, sentence.start, quote.start) for mark in '"“')
            opening = opening if opening >= 0 else quote.start
            marks.append((opening, opening, f"[{quote.id}]", ""))
    pieces: list[str] = []
    at = sentence.start
    for start, end, before, after in sorted(marks, key=lambda m: (m[0], m[1])):
        if start < at:  # a mark inside one already placed (a number inside a number): skip
            continue
        pieces.append(_clean(text[at:start], neutralise))
        pieces.append(before + _clean(text[start:end], neutralise) + after)
        at = end
    pieces.append(_clean(text[at : sentence.end], neutralise))
    return f"[{sentence.id}] " + "".join(pieces)


def numbered_article(candidates: Candidates, neutralise: Callable[[str], str]) -> str:
    """Every sentence on its own line, tagged."""
    return "\n".join(tagged_sentence(s, candidates, neutralise) for s in candidates.sentences)


def name_list(candidates: Candidates, neutralise: Callable[[str], str]) -> str:
    """The names, one per line: `P1 Ashraf al-Qudra (person)`."""
    if not candidates.names:
        return "(no names found)"
    return "\n".join(
        f"{name.id} {_clean(name.text, neutralise)} ({name.kind})" for name in candidates.names
    )
