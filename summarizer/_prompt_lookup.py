"""Drafts for speculative decoding, looked up in the context itself ("prompt lookup decoding").

A briefing repeats what is already in its context: evidence strings are the article's own words,
summaries and claims copy its clauses, and the JSON keys recur from item to item. When the last
tokens of the context also occur earlier in it, the tokens that followed them there are a good guess
at what comes next. llama.cpp checks such a guess in one forward pass, and greedy decoding keeps the
guessed tokens only while they are the ones the model chooses anyway, so a guess costs time when
wrong but never changes what is chosen.

On 2 CPU cores one forward pass of Qwen2.5-1.5B over 1 token takes ~70 ms, over 4 tokens ~115 ms
and over 16 tokens ~255 ms (benchmarks/local_speed.py prints the speed this buys). A long guess
pays only when it is likely to be right, and the length of the match predicts that: measured on the
two seed articles, a guess after a 1-token match was accepted for less than 1 token on average
when it came from the article, after a match of 8 or more tokens for 12 to 14. Hence the table in
`DRAFT_LENGTHS`.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

MIN_MATCH = 2
"""The shortest match that yields a guess: single tokens match almost anywhere, and badly."""

MAX_MATCH = 16
"""Matches are compared up to this many tokens; longer ones are no more predictive."""

DRAFT_LENGTHS = ((6, 16), (4, 8), (MIN_MATCH, 3))
"""(match length at least, tokens to guess): longer matches earn longer guesses."""

MAX_DRAFT = max(length for _, length in DRAFT_LENGTHS)


def draft_length(match: int) -> int:
    """How many tokens to guess after a match of `match` tokens."""
    return next((length for least, length in DRAFT_LENGTHS if match >= least), 0)


def longest_earlier_match(ids: npt.NDArray[np.intc]) -> tuple[int, int]:
    """(length, where its continuation starts) of the longest earlier match of the context's tail.

    Among earlier occurrences of the last `MIN_MATCH` tokens, the one whose match extends furthest
    back (up to `MAX_MATCH` tokens) wins, the most recent on ties. (0, 0) when there is none.
    """
    n = len(ids)
    if n <= MIN_MATCH:
        return 0, 0
    tail = ids[n - MIN_MATCH :]
    # Windows end before the last token, so every hit has at least one token after it.
    windows = np.lib.stride_tricks.sliding_window_view(ids[: n - 1], MIN_MATCH)
    alive = np.flatnonzero((windows == tail).all(axis=1))
    if not alive.size:
        return 0, 0
    length = MIN_MATCH
    while length < MAX_MATCH and n - length - 1 >= 0:
        before = alive - (length - MIN_MATCH) - 1  # the token preceding each match so far
        ok = before >= 0
        ok[ok] = ids[before[ok]] == ids[n - length - 1]
        if not ok.any():
            break
        alive = alive[ok]
        length += 1
    return length, int(alive[-1]) + MIN_MATCH


class PromptLookupDrafter:
    """A draft model for llama-cpp-python's `Llama.draft_model`: guesses from the context itself."""

    def __init__(self) -> None:
        """Start with no guesses made."""
        self.drafts = 0
        self.proposed = 0
        """Guesses made, and the tokens they proposed (for benchmarks)."""

    def __call__(self, input_ids: npt.NDArray[np.intc], /) -> npt.NDArray[np.intc]:
        """The tokens that followed the longest earlier match of the context's tail, if any."""
        match, start = longest_earlier_match(input_ids)
        draft = np.asarray(input_ids[start : start + draft_length(match)], dtype=np.intc)
        if draft.size:
            self.drafts += 1
            self.proposed += int(draft.size)
        return draft
