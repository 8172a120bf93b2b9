"""Loops in what a model writes: found, and cut before they repeat."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.find.loops import before_loop, repeated_phrase, without_loop

PHRASE = "More Foreign Nationals To Leave Gaza (organisation) "


@pytest.mark.parametrize(
    "prose",
    [
        "Israel said 1,400 people died. Hamas said 9,000 people died in Gaza.",
        # A name three times is prose; the same four words three times is not.
        "Gaza City was hit. Gaza City was cut off, and Gaza City burned.",
        "The Health Ministry in Gaza said the toll rose; the ministry's spokesman said more.",
    ],
)
def test_prose_does_not_loop(prose: str) -> None:
    assert repeated_phrase(prose) is None
    assert without_loop(prose) == prose


def test_a_phrase_written_three_times_is_a_loop() -> None:
    looped = "Foreigners left Gaza. " + PHRASE * 3
    assert repeated_phrase(looped) == "more foreign nationals to"
    assert before_loop(looped) == "Foreigners left Gaza. " + PHRASE.strip()
    assert without_loop(looped) == "Foreigners left Gaza."


def test_a_loop_with_no_sentence_before_it_keeps_its_first_turn() -> None:
    assert without_loop(PHRASE * 5) == PHRASE.strip()


def test_case_and_punctuation_do_not_hide_a_loop() -> None:
    assert (
        repeated_phrase("the war goes on, THE WAR GOES ON; The war goes on!") == "the war goes on"
    )


@given(
    st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=4, max_size=6), st.integers(3, 6)
)
def test_any_phrase_repeated_is_found_and_cut_to_one_turn(words: list[str], times: int) -> None:
    phrase = " ".join(words)
    looped = " ".join([phrase] * times)
    assert repeated_phrase(looped) is not None
    kept = before_loop(looped)
    assert looped.startswith(kept)
    assert repeated_phrase(kept) is None
