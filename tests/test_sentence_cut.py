"""Cutting an over-long headline or summary back to whole sentences (the last attempt's salvage)."""

from __future__ import annotations

import pytest

from summarizer.ground.quote_drafts import cut_to_sentences


@pytest.mark.parametrize(
    ("text", "limit", "cut"),
    [
        ("Short enough.", 40, "Short enough."),
        ("One two. Three four. Five six.", 25, "One two. Three four."),
        # Closing quotes and brackets stay with their sentence.
        ('He said "go." Then (it ended.) More words here.', 31, 'He said "go." Then (it ended.)'),
        # A decimal point is not a sentence end: "$5." would change the number.
        ("Revenue was $5.9 billion in 2012. Next.", 20, "Revenue was $5.9"),
        # No sentence end in reach: whole words, including one ending exactly at the limit.
        ("abc def ghi", 7, "abc def"),
        ("abc def ghi", 9, "abc def"),
        # Only a single word longer than the limit is itself cut.
        ("abcdefghij klm", 4, "abcd"),
    ],
)
def test_cut_keeps_whole_sentences_then_whole_words(text: str, limit: int, cut: str) -> None:
    assert cut_to_sentences(text, limit) == cut
    assert len(cut) <= limit
