"""Prompt-lookup drafts: guesses taken from the context, longer when the match is longer."""

from __future__ import annotations

import numpy as np

from summarizer.engine.local.prompt_lookup import (
    DRAFT_LENGTHS,
    MAX_DRAFT,
    MAX_MATCH,
    MIN_MATCH,
    PromptLookupDrafter,
    agreed_continuation,
    draft_length,
    earlier_matches,
)


def ids(*tokens: int) -> np.ndarray:
    return np.array(tokens, dtype=np.intc)


def longest_earlier_match(context: np.ndarray) -> tuple[int, int]:
    """(length, start of the newest continuation), or (0, 0) when nothing matches."""
    length, starts = earlier_matches(context)
    return (length, int(starts[-1])) if starts.size else (0, 0)


def test_the_longest_earlier_match_wins_over_a_more_recent_shorter_one() -> None:
    # Tail (1 2 3 4): its last two tokens (3 4) occur at 2 (after 1 2: a 4-token match) and at 7
    # (after 9: a 2-token match).
    context = ids(1, 2, 3, 4, 5, 6, 9, 3, 4, 8, 7, 1, 2, 3, 4)
    assert longest_earlier_match(context) == (4, 4)  # continuation starts at the 5
    assert list(PromptLookupDrafter()(context)) == list(context[4 : 4 + draft_length(4)])
    assert draft_length(4) == 8


def test_a_draft_continues_what_followed_the_match() -> None:
    context = ids(10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 99, 11, 12, 13, 14, 15)
    match, start = longest_earlier_match(context)
    assert (match, start) == (5, 6)
    drafter = PromptLookupDrafter()
    draft = drafter(context)
    assert draft_length(5) == 8
    assert list(draft) == [16, 17, 18, 19, 20, 99, 11, 12]
    assert draft.dtype == np.intc  # what llama-cpp-python's generate expects
    assert (drafter.drafts, drafter.proposed) == (1, len(draft))


def test_among_equally_long_matches_all_are_kept_oldest_first() -> None:
    context = ids(7, 8, 1, 9, 7, 8, 2, 9, 7, 8)
    assert longest_earlier_match(context) == (3, 6)  # "9 7 8" then 2, not "7 8" then 1
    context = ids(7, 8, 1, 5, 7, 8, 2, 6, 7, 8)
    length, starts = earlier_matches(context)
    assert (length, list(starts)) == (2, [2, 6])


def test_a_draft_holds_only_what_every_equally_good_match_agrees_on() -> None:
    # "3 4" led to "5 6 7" once and to "5 6 9" once: guess "5 6", not a coin toss on the third.
    context = ids(3, 4, 5, 6, 7, 0, 3, 4, 5, 6, 9, 1, 3, 4)
    length, starts = earlier_matches(context)
    assert length == 2
    assert list(agreed_continuation(context, starts, 8)) == [5, 6]
    assert list(PromptLookupDrafter()(context)) == [5, 6]
    # Disagreeing on the very next token: no guess at all.
    context = ids(3, 4, 5, 0, 3, 4, 6, 1, 3, 4)
    assert PromptLookupDrafter()(context).size == 0


def test_an_agreed_continuation_respects_its_limit_and_the_context_end() -> None:
    context = ids(1, 2, 3, 4, 5, 1, 2)
    _, starts = earlier_matches(context)
    assert list(agreed_continuation(context, starts, 2)) == [3, 4]
    assert list(agreed_continuation(context, starts, 0)) == []
    assert list(agreed_continuation(context, starts[:0], 5)) == []
    # The only earlier continuation runs into the context's end: the draft stops there.
    assert list(agreed_continuation(context, starts, 50)) == [3, 4, 5, 1, 2]


def test_no_guess_without_an_earlier_two_token_match() -> None:
    drafter = PromptLookupDrafter()
    assert longest_earlier_match(ids(1, 2, 3, 4, 5, 3)) == (0, 0)  # only "3" recurs
    assert drafter(ids(1, 2, 3, 4, 5, 3)).size == 0
    assert drafter(ids(1, 2)).size == 0
    assert drafter(ids()).size == 0
    assert (drafter.drafts, drafter.proposed) == (0, 0)


def test_a_draft_never_runs_past_the_end_of_the_context() -> None:
    # A run of one token matches itself shifted by one: the continuation is the context's end.
    context = ids(5, 5, 5, 5)
    _, start = longest_earlier_match(context)
    assert start < len(context)
    assert list(PromptLookupDrafter()(context)) == [5] * (len(context) - start)


def test_matches_are_compared_up_to_the_cap() -> None:
    block = list(range(100, 100 + 2 * MAX_MATCH))
    context = ids(*block, 1, *block)
    assert longest_earlier_match(context) == (MAX_MATCH, len(block))


def test_longer_matches_earn_longer_guesses() -> None:
    lengths = [draft_length(match) for match in range(MAX_MATCH + 1)]
    assert lengths[:MIN_MATCH] == [0] * MIN_MATCH
    assert lengths == sorted(lengths)
    assert max(lengths) == MAX_DRAFT == max(length for _, length in DRAFT_LENGTHS)
