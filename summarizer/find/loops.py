"""Text a model wrote in a loop: the same run of words again and again.

Greedy decoding of a small model can fall into a cycle (Qwen2.5-1.5B on seed 003 repeated a
ten-word phrase until the output limit). The grammar bounds how long the loop runs; this module
recognises it, so the loop is re-asked, and on the last attempt cut away, instead of shipped.
"""

from __future__ import annotations

import re
from collections import Counter

PHRASE_WORDS = 4
"""A loop is a run of at least this many words..."""
LOOP_TIMES = 3
"""...written at least this many times. Prose repeats a name, not four words three times."""

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s|$)")


def repeated_phrase(text: str) -> str | None:
    """The first run of `PHRASE_WORDS` words that `text` writes `LOOP_TIMES` times, if any."""
    loop = _first_loop(text)
    return loop[0] if loop else None


def before_loop(text: str) -> str:
    """`text` up to where its loop repeats for the first time (all of it when it has none).

    What precedes the second occurrence was written once and may be sound; the rest is the cycle.
    """
    loop = _first_loop(text)
    return text[: loop[1]].rstrip() if loop else text


def _first_loop(text: str) -> tuple[str, int] | None:
    """The first looped run of words, and the offset where it is written the second time."""
    matches = list(_WORD.finditer(text))
    words = [m.group(0).casefold() for m in matches]
    runs = [tuple(words[i : i + PHRASE_WORDS]) for i in range(len(words) - PHRASE_WORDS + 1)]
    counts = Counter(runs)
    looped = next((run for run in runs if counts[run] >= LOOP_TIMES), None)
    if looped is None:
        return None
    second = [i for i, run in enumerate(runs) if run == looped][1]
    return " ".join(looped), matches[second].start()


def without_loop(text: str) -> str:
    """`text` up to its loop, cut back to its last whole sentence when it has one there."""
    kept = before_loop(text)
    if kept == text:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(kept)]
    return kept[: ends[-1]] if ends else kept
