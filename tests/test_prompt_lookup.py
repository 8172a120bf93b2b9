"""Prompt-lookup drafts: guesses taken from the context, longer when the match is longer."""

from __future__ import annotations

import numpy as np

from summarizer._prompt_lookup import (
    DRAFT_LENGTHS,
    MAX_DRAFT,
    MAX_MATCH,
    MIN_MATCH,
    PromptLookupDrafter,
    draft_length,
    longest_earlier_match,
)


def ids(*tokens: int) -> np.ndarray:
    return np.array(tokens, dtype=np.intc)


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


def test_among_equally_long_matches_the_most_recent_wins() -> None:
    context = ids(7, 8, 1, 9, 7, 8, 2, 9, 7, 8)
    assert longest_earlier_match(context) == (3, 6)  # "9 7 8" then 2, not "7 8" then 1


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
