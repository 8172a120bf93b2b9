"""Headlines of other stories left inside an article's text ("Read more" links, related stories).

Pages copied from the web keep them as lines of their own: "Israel-Hamas War: 15 Israeli Soldiers
Killed During Ground Operation in Gaza, Says IDF." They are not this article's reporting, so
their numbers are no figures and their names no sources. They are told apart by headline case:
every word of four letters or more capitalised, verbs and common nouns too, which prose never
does over six such words (checked on the 114 MEANTIME articles and both seeds: none flagged but
the seed's three links; `tests/test_candidates.py`).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")
_LONG = 4
_MIN_LONG_WORDS = 6


def is_link_headline(sentence: str) -> bool:
    """Whether `sentence` reads as a headline in title case rather than as prose."""
    long_words = [w for w in _WORD.findall(sentence) if len(w) >= _LONG]
    return len(long_words) >= _MIN_LONG_WORDS and all(w[0].isupper() for w in long_words)
