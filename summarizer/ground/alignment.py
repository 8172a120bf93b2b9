"""Locate model-quoted evidence in the article it was copied from.

The model is never asked for offsets, only for the article's own words. `align` finds those
words and reports character offsets into the *original* text, trying progressively looser
strategies: exact, normalised (quotes, dashes, whitespace, case, NFKC), then fuzzy.

Normalisation keeps a map from every normalised character back to the original characters it
came from, so offsets found in normalised space always map back exactly. NFKC is applied per
cluster (a base character plus its combining marks), which lets precomposed and decomposed
accents compare equal without ever splitting an original character.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = ["DEFAULT_FUZZY_THRESHOLD", "Alignment", "MatchMethod", "align"]

MatchMethod = Literal["exact", "normalized", "fuzzy", "none"]

DEFAULT_FUZZY_THRESHOLD: float = 90.0

# Anything shorter matches somewhere in almost every article when edits are allowed.
_MIN_FUZZY_LEN = 4

_FANCY = str.maketrans(
    {
        # Curly, low-9 and reversed single quotes, primes, single guillemets.
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u2035\u2039\u203a", "'"),
        # Their double counterparts and guillemets.
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u2036", '"'),
        # Hyphen, non-breaking hyphen, figure/en/em dash, horizontal bar, minus sign.
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        "\u2026": "...",
    }
)

# Everything the cheap path (copy and lower-case) cannot handle: runs of anything but
# printable ASCII, and runs of spaces. A single character class keeps the scan fast.
_SPECIAL = re.compile(r"[^ -~]+| {2,}")
_WHITESPACE = re.compile(r"\s+")

# Marks a model may wrap a whole quote in (primes excluded: they end measurements).
_QUOTE_MARKS = frozenset(
    "'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a"
)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a quote was found in the text and how.

    Attributes:
        start: Offset into the original text; None when `method` is "none".
        end: End offset (exclusive) into the original text; None when `method` is "none".
        method: Which strategy found the span.
        distance: Levenshtein distance between the cleaned quote (stripped, and unwrapped from
            quotation marks when that is what matched) and ``text[start:end]``; 0 for exact;
            ``len(quote)`` for "none".
        score: 100.0 for exact and normalized; the rapidfuzz ratio of the span for fuzzy; the
            best partial-ratio score seen for none (0.0 when fuzzy matching was not tried).
    """

    start: int | None
    end: int | None
    method: MatchMethod
    distance: int
    score: float


@dataclass(frozen=True, slots=True)
class _Norm:
    """Normalised text plus a segment map back to the original.

    Segment k starts at ``seg_norm[k]`` (normalised) and ``seg_orig[k]`` (original). With
    ``seg_span[k] == 0`` it is a linear run, one original char per normalised char; otherwise
    all its chars come from the ``seg_span[k]`` original chars at ``seg_orig[k]``. Segments,
    not per-char tables, keep a cached 50k-char article at a few hundred entries.
    """

    text: str
    seg_norm: tuple[int, ...]
    seg_orig: tuple[int, ...]
    seg_span: tuple[int, ...]

    def original(self, pos: int) -> tuple[int, int]:
        """Original ``(start, end)`` of the char(s) that normalised position `pos` came from."""
        k = bisect_right(self.seg_norm, pos) - 1
        if self.seg_span[k] == 0:
            start = self.seg_orig[k] + pos - self.seg_norm[k]
            return start, start + 1
        return self.seg_orig[k], self.seg_orig[k] + self.seg_span[k]

    def position(self, orig: int) -> int:
        """First normalised position that comes from original position `orig` or later."""
        k = bisect_left(self.seg_orig, orig)
        pos = self.seg_norm[k] if k < len(self.seg_norm) else len(self.text)
        if k > 0 and self.seg_span[k - 1] == 0:
            offset = orig - self.seg_orig[k - 1]
            if offset < pos - self.seg_norm[k - 1]:
                return self.seg_norm[k - 1] + offset
        return pos

    def window(self, window: tuple[int, int]) -> tuple[int, int]:
        """Translate an original-text window into normalised positions."""
        return self.position(window[0]), self.position(window[1])


class _Builder:
    """Accumulates normalised text and its segment map; collapses whitespace runs."""

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.seg_norm: list[int] = []
        self.seg_orig: list[int] = []
        self.seg_span: list[int] = []
        self.length = 0
        self.prev_space = False

    def ascii_chunk(self, text: str, a: int, b: int) -> None:
        # The chunk holds only single spaces, so only its first char can extend a run.
        if a < b and text[a] == " " and self.prev_space:
            a += 1
        if a < b:
            self._segment(text[a:b].lower(), a, 0)

    def slow_chunk(self, text: str, a: int, b: int) -> None:
        i = a
        while i < b:
            j = i + 1
            if text[i].isspace():
                out = " "
            else:
                while j < b and unicodedata.combining(text[j]):
                    j += 1
                out = _fold(text[i:j])
            if self.prev_space and out.startswith(" "):
                out = out[1:]
            if out:
                self._segment(out, i, j - i)
            i = j

    def _segment(self, out: str, orig: int, span: int) -> None:
        self.pieces.append(out)
        self.seg_norm.append(self.length)
        self.seg_orig.append(orig)
        self.seg_span.append(span)
        self.length += len(out)
        self.prev_space = out.endswith(" ")


@lru_cache(maxsize=4096)
def _fold(cluster: str) -> str:
    # Translate before NFKC too: NFKC turns a double prime into two primes.
    folded = unicodedata.normalize("NFKC", cluster.translate(_FANCY))
    return _WHITESPACE.sub(" ", folded.translate(_FANCY).lower())


@lru_cache(maxsize=16)
def _normalize(text: str) -> _Norm:
    # Cached because one article is aligned against many quotes in a row.
    builder = _Builder()
    pos = 0
    for m in _SPECIAL.finditer(text):
        a = m.start()
        # A leading combining mark belongs to the (ASCII) character before the run.
        if a > pos and unicodedata.combining(text[a]):
            a -= 1
        builder.ascii_chunk(text, pos, a)
        builder.slow_chunk(text, a, m.end())
        pos = m.end()
    builder.ascii_chunk(text, pos, len(text))
    return _Norm(
        "".join(builder.pieces),
        tuple(builder.seg_norm),
        tuple(builder.seg_orig),
        tuple(builder.seg_span),
    )


def _unwrap(quote: str) -> str | None:
    """Strip one layer of matching quotation marks, or None when there is none."""
    first, last = quote[:1], quote[-1:]
    if first not in _QUOTE_MARKS or last not in _QUOTE_MARKS:
        return None
    if first.translate(_FANCY) != last.translate(_FANCY):
        return None
    inner = quote[1:-1].strip()
    return inner or None


def _clamp(window: tuple[int, int] | None, n: int) -> tuple[int, int] | None:
    if window is None:
        return None
    a = min(max(window[0], 0), n)
    return a, min(max(window[1], a), n)


def _find(needle: str, haystack: str, window: tuple[int, int] | None) -> int:
    if window is not None:
        found = haystack.find(needle, *window)
        if found >= 0:
            return found
    return haystack.find(needle)


def _to_original(norm: _Norm, text: str, a: int, b: int) -> tuple[int, int]:
    start, end = norm.original(a)[0], norm.original(b - 1)[1]
    # The quote was stripped, so whitespace at the edges of the span is never needed.
    chunk = text[start:end]
    if not chunk.strip():
        return start, end
    return start + len(chunk) - len(chunk.lstrip()), end - len(chunk) + len(chunk.rstrip())


def _normalized(quote: str, text: str, window: tuple[int, int] | None) -> Alignment | None:
    nq = _normalize(quote).text
    if not nq.strip():
        return None
    norm = _normalize(text)
    found = _find(nq, norm.text, norm.window(window) if window is not None else None)
    if found < 0:
        return None
    start, end = _to_original(norm, text, found, found + len(nq))
    return Alignment(start, end, "normalized", Levenshtein.distance(quote, text[start:end]), 100.0)


def _word_bounds(nt: str, pos: int, *, is_end: bool) -> tuple[int, ...]:
    """`pos` and the ends of the word it cuts; the widening candidate last (it wins ties)."""
    if not (0 < pos < len(nt) and nt[pos - 1].isalnum() and nt[pos].isalnum()):
        return (pos,)
    back = fwd = pos
    while back > 0 and nt[back - 1].isalnum():
        back -= 1
    while fwd < len(nt) and nt[fwd].isalnum():
        fwd += 1
    return (back, pos, fwd) if is_end else (fwd, pos, back)


def _tighten(nq: str, nt: str, s: int, e: int) -> tuple[int, int, float]:
    """Move span edges to word boundaries when that keeps or improves the score.

    partial_ratio compares fixed-width windows, so a span can begin or end mid-word. Each edge
    may move to either boundary of the word it cuts; the best-scoring combination wins, and on
    a tie the wider span wins.
    """
    best = (fuzz.ratio(nq, nt[s:e]), s, e)
    for s2 in _word_bounds(nt, s, is_end=False):
        for e2 in _word_bounds(nt, e, is_end=True):
            if s2 < e2 and (score := fuzz.ratio(nq, nt[s2:e2])) >= best[0]:
                best = (score, s2, e2)
    return best[1], best[2], best[0]


def _fuzzy(
    quote: str, text: str, window: tuple[int, int] | None, threshold: float
) -> Alignment | float:
    """Fuzzy alignment, or the best score seen when nothing reaches `threshold`."""
    nq = _normalize(quote).text.strip()
    norm = _normalize(text)
    nt = norm.text
    best_seen = 0.0
    for a, b in ([norm.window(window)] if window is not None else []) + [(0, len(nt))]:
        hit = fuzz.partial_ratio_alignment(nq, nt[a:b])
        if hit is None or hit.dest_end <= hit.dest_start:
            continue
        s, e, score = _tighten(nq, nt, hit.dest_start + a, hit.dest_end + a)
        best_seen = max(best_seen, score)
        if score >= threshold:
            start, end = _to_original(norm, text, s, e)
            distance = Levenshtein.distance(quote, text[start:end])
            return Alignment(start, end, "fuzzy", distance, score)
    return best_seen


def align(
    quote: str,
    text: str,
    *,
    window: tuple[int, int] | None = None,
    threshold: float = DEFAULT_FUZZY_THRESHOLD,
) -> Alignment:
    """Find where `quote` occurs in `text`.

    Tries, in order: the stripped quote verbatim; the quote without one layer of surrounding
    quotation marks verbatim; the same two after normalisation (NFKC, straight quotes and
    dashes, "..." for an ellipsis, whitespace runs as one space, lower case); then a fuzzy
    match of the unwrapped quote. Each search looks inside `window` first, then in the whole
    text. Quotes of at most three characters are never matched fuzzily.

    Args:
        quote: Evidence copied by the model from `text`.
        text: The original article text.
        window: Preferred ``(start, end)`` region of `text`; clamped to the text, negative
            values are not Python-style indices.
        threshold: Minimum rapidfuzz score (0-100) to accept a fuzzy match.

    Returns:
        The alignment; offsets always index into the original `text`.
    """
    stripped = quote.strip()
    window = _clamp(window, len(text))
    variants = [v for v in (stripped, _unwrap(stripped)) if v]
    for variant in variants:
        found = _find(variant, text, window)
        if found >= 0:
            return Alignment(found, found + len(variant), "exact", 0, 100.0)
    for variant in variants:
        if (normalized := _normalized(variant, text, window)) is not None:
            return normalized
    best_seen = 0.0
    if variants and len(variants[-1]) >= _MIN_FUZZY_LEN:
        fuzzy = _fuzzy(variants[-1], text, window, threshold)
        if isinstance(fuzzy, Alignment):
            return fuzzy
        best_seen = fuzzy
    return Alignment(None, None, "none", len(quote), best_seen)
