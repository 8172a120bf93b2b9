"""Drafts for speculative decoding, looked up in the context itself ("prompt lookup decoding").

A briefing repeats what is already in its context: evidence strings are the article's own words,
summaries and claims copy its clauses, and the JSON keys recur from item to item. When the last
tokens of the context also occur earlier in it, the tokens that followed them there are a good guess
at what comes next. llama.cpp checks such a guess in one forward pass, and greedy decoding keeps the
guessed tokens only while they are the ones the model chooses anyway, so a guess costs time when
wrong but never changes what is chosen.

On 2 CPU cores one forward pass of Qwen2.5-1.5B over 1 token takes ~85 ms, over 4 tokens ~150 ms
and over 17 tokens ~400 ms (benchmarks/local_speed.py prints the speed this buys). A long guess
pays only when it is likely to be right, and the length of the match predicts that: measured on the
two seed articles, a guess after a 1-token match was accepted for less than 1 token on average
when it came from the article, after a match of 8 or more tokens for 12 to 14. Hence the table in
`DRAFT_LENGTHS` (re-checked against the measured pass costs in a simulation over four articles'
token streams: it stays within 2% of every other table tried). The JSON between values has its
own guesser (`summarizer.engine.local.json_shape`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from summarizer.engine.local.json_shape import StructureGuesser

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


def earlier_matches(ids: npt.NDArray[np.intc]) -> tuple[int, npt.NDArray[np.intp]]:
    """(length, where each continuation starts) of the longest earlier matches of the tail.

    Among earlier occurrences of the last `MIN_MATCH` tokens, those whose match extends furthest
    back (up to `MAX_MATCH` tokens) are kept, oldest first. (0, empty) when there is none.
    """
    n = len(ids)
    none = np.empty(0, dtype=np.intp)
    if n <= MIN_MATCH:
        return 0, none
    tail = ids[n - MIN_MATCH :]
    # Windows end before the last token, so every hit has at least one token after it.
    windows = np.lib.stride_tricks.sliding_window_view(ids[: n - 1], MIN_MATCH)
    alive = np.flatnonzero((windows == tail).all(axis=1))
    if not alive.size:
        return 0, none
    length = MIN_MATCH
    while length < MAX_MATCH and n - length - 1 >= 0:
        before = alive - (length - MIN_MATCH) - 1  # the token preceding each match so far
        ok = before >= 0
        ok[ok] = ids[before[ok]] == ids[n - length - 1]
        if not ok.any():
            break
        alive = alive[ok]
        length += 1
    return length, alive + MIN_MATCH


def agreed_continuation(
    ids: npt.NDArray[np.intc], starts: npt.NDArray[np.intp], limit: int
) -> npt.NDArray[np.intc]:
    """The first `limit` tokens or fewer on which every continuation at `starts` agrees.

    When the same words led to different places earlier ("the" before many nouns, `", "` before
    many keys), the model's next choice is anyone's guess, and a wrong guess costs a pass over
    tokens that are thrown away. Replayed over four articles' token streams with measured pass
    costs, drafting only the agreed part took 6% off generation time against following the most
    recent match alone.
    """
    if not starts.size or limit <= 0:
        return np.empty(0, dtype=np.intc)
    positions = starts[:, None] + np.arange(limit)[None, :]
    inside = positions < len(ids)
    tokens = ids[np.minimum(positions, len(ids) - 1)]
    agree = inside & (tokens == tokens[-1])
    agree &= inside[-1]  # the newest continuation may stop at the context's end
    same = agree.all(axis=0)
    length = int(np.argmin(same)) if not same.all() else limit
    return np.asarray(tokens[-1, :length], dtype=np.intc)


class PromptLookupDrafter:
    """A draft model for llama-cpp-python's `Llama.draft_model`: guesses from the context itself.

    After a value or a list ends, `structure` (if given) guesses the JSON up to the next value;
    everywhere else, and when it has no guess, the agreed continuation of the longest earlier
    matches of the context's tail.
    """

    def __init__(self, structure: StructureGuesser | None = None) -> None:
        """Start with no guesses made."""
        self._structure = structure
        self.drafts = 0
        self.proposed = 0
        self.structural = 0
        """Guesses made, the tokens they proposed, and how many guesses were of JSON structure."""

    def __call__(self, input_ids: npt.NDArray[np.intc], /) -> npt.NDArray[np.intc]:
        """The guessed tokens after `input_ids` (the whole context); empty when there is none."""
        draft = np.empty(0, dtype=np.intc)
        if self._structure is not None:  # it reads every call, to follow the output's JSON
            draft = self._structure(input_ids)[:MAX_DRAFT]
            self.structural += bool(draft.size)
        if not draft.size:
            match, starts = earlier_matches(input_ids)
            draft = agreed_continuation(input_ids, starts, draft_length(match))
        if draft.size:
            self.drafts += 1
            self.proposed += int(draft.size)
        return draft
