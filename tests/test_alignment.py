"""Tests for locating quoted evidence in article text."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from rapidfuzz.distance import Levenshtein

from summarizer.ground.alignment import DEFAULT_FUZZY_THRESHOLD, Alignment, align

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"
SEED_000 = (SEEDS / "000_89f57da07f91dd22.txt").read_text(encoding="utf-8")
SEED_003 = (SEEDS / "003_7ca092153d92ac16.txt").read_text(encoding="utf-8")

# Fancy stand-ins for the straight characters a model tends to type, and vice versa.
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u00ab\u00bb"
SINGLE_QUOTES = "\u2018\u2019\u201a\u201b"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015"
FANCY_VARIANTS: dict[str, list[str]] = {
    '"': list(DOUBLE_QUOTES),
    "'": list(SINGLE_QUOTES),
    "-": list(DASHES),
    " ": ["\u00a0", "\u2009", "  ", "\n", " \n\n "],
    "\n": [" ", "\r\n", "\n\n"],
}
REFERENCE_FOLD = str.maketrans(
    {
        **dict.fromkeys(DOUBLE_QUOTES, '"'),
        **dict.fromkeys(SINGLE_QUOTES, "'"),
        **dict.fromkeys(DASHES, "-"),
        "\u2026": "...",
    }
)
QUOTE_MARKS = "\"'" + DOUBLE_QUOTES + SINGLE_QUOTES


def reference_norm(s: str) -> str:
    """An independent, offset-free version of the normalisation `align` promises."""
    folded = unicodedata.normalize("NFKC", s.translate(REFERENCE_FOLD)).translate(REFERENCE_FOLD)
    return " ".join(folded.lower().split())


def span(text: str, found: Alignment) -> str:
    assert found.start is not None
    assert found.end is not None
    return text[found.start : found.end]


# --- Examples from real articles ------------------------------------------------------------


def test_exact_quote() -> None:
    quote = "Dr. Ashraf al-Qudra, a ministry spokesperson, said 9,061 people have been killed"
    found = align(quote, SEED_003)
    assert found == Alignment(
        SEED_003.index(quote), SEED_003.index(quote) + len(quote), "exact", 0, 100.0
    )


def test_exact_ignores_surrounding_whitespace() -> None:
    found = align("  Dozens more left on Thursday.\n", SEED_003)
    assert found.method == "exact"
    assert span(SEED_003, found) == "Dozens more left on Thursday."


def test_straight_quotes_match_curly_ones() -> None:
    quote = 'President Joe Biden suggested a humanitarian "pause" the day before'
    found = align(quote, SEED_003)
    assert found.method == "normalized"
    assert span(SEED_003, found) == quote.replace('"pause"', "\u201cpause\u201d")
    assert found.distance == 2
    assert found.score == 100.0


def test_curly_quotes_match_straight_ones() -> None:
    quote = "called for a humanitarian \u201cpause\u201d in the Israel\u2013Hamas conflict"
    found = align(quote, SEED_000)
    assert found.method == "normalized"
    assert span(SEED_000, found) == 'called for a humanitarian "pause" in the Israel-Hamas conflict'


def test_whitespace_collapsed_across_paragraph_break() -> None:
    quote = "the \u201chumanitarian catastrophe\u201d it is causing. More than 3,600 Palestinian"
    found = align(quote, SEED_003)
    assert found.method == "normalized"
    assert "causing.\n\nMore than" in span(SEED_003, found)
    assert span(SEED_003, found).startswith("the \u201chumanitarian")
    assert span(SEED_003, found).endswith("3,600 Palestinian")


def test_case_differences_are_normalized() -> None:
    found = align("THE US HAS SAID IT IS TRYING TO EVACUATE 400 AMERICANS", SEED_003)
    assert found.method == "normalized"
    assert span(SEED_003, found) == "The US has said it is trying to evacuate 400 Americans"


@pytest.mark.parametrize(
    "wrapped",
    [
        '"Dozens more left on Thursday."',
        "'Dozens more left on Thursday.'",
        "\u201cDozens more left on Thursday.\u201d",
    ],
)
def test_model_added_quotation_marks_are_stripped(wrapped: str) -> None:
    found = align(wrapped, SEED_003)
    assert found.method == "exact"
    assert span(SEED_003, found) == "Dozens more left on Thursday."


def test_quotation_marks_in_the_article_are_kept_when_copied_exactly() -> None:
    quote = "\u201chumanitarian catastrophe\u201d"
    assert span(SEED_003, align(quote, SEED_003)) == quote
    # With straight marks the unwrapped words match verbatim, which beats a normalised match.
    found = align('"humanitarian catastrophe"', SEED_003)
    assert found.method == "exact"
    assert span(SEED_003, found) == "humanitarian catastrophe"


def test_one_word_changed_is_a_fuzzy_repair() -> None:
    original = (
        "Israel's ground troops advanced toward Gaza City on Thursday, as the US and Arab "
        "countries intensified diplomatic efforts to ease the siege"
    )
    quote = original.replace("Thursday", "Friday")
    found = align(quote, SEED_003)
    assert found.method == "fuzzy"
    assert span(SEED_003, found) == original
    assert found.distance == Levenshtein.distance(quote, original) > 0
    assert DEFAULT_FUZZY_THRESHOLD <= found.score < 100.0


def test_fuzzy_span_does_not_cut_the_last_word() -> None:
    original = "Jordan recalled its ambassador from Israel and told Israel's envoy to remain out"
    quote = original.replace("recalled", "withdrew")
    found = align(quote, SEED_003, threshold=80.0)
    assert found.method == "fuzzy"
    text = span(SEED_003, found)
    assert text.endswith("remain out")
    assert text.startswith("Jordan")


def test_paraphrase_does_not_align() -> None:
    quote = "Biden urged an immediate ceasefire and condemned the strikes on the camp."
    found = align(quote, SEED_003)
    assert found.method == "none"
    assert (found.start, found.end) == (None, None)
    assert found.distance == len(quote)
    assert 0.0 < found.score < DEFAULT_FUZZY_THRESHOLD


@pytest.mark.parametrize("quote", ["", "   ", "\n\t\u00a0", '""', "\u201c \u201d"])
def test_empty_quote_does_not_align(quote: str) -> None:
    found = align(quote, SEED_003)
    assert found.method == "none"
    assert found.start is None


def test_short_quotes_are_never_fuzzy() -> None:
    assert align("US", SEED_003).method == "exact"
    assert align("qzx", SEED_003, threshold=0.0) == Alignment(None, None, "none", 3, 0.0)
    assert align("qzxw", SEED_003, threshold=0.0).method == "fuzzy"


@pytest.mark.parametrize(
    ("quote", "variant"),
    [
        ("Dozens more left on Thursday.", "Dozens more left on Thursday."),
        ("Dozens more left on Thursday.", "dozens  more left on thursday."),
        ("Dozens more left on Thursday.", "Dozens more left on Thursdy."),
    ],
)
def test_window_is_preferred_for_a_repeated_sentence(quote: str, variant: str) -> None:
    text = SEED_003 + "\n\nUpdate: " + quote + " More are expected on Friday."
    first, second = text.index(quote), text.rindex(quote)
    assert first != second
    assert align(variant, text).start == first
    assert align(variant, text, window=(len(SEED_003), len(text))).start == second
    # A window that does not contain the quote only sets a preference.
    assert align(variant, text, window=(0, 10)).start == first


def test_window_out_of_range_is_clamped() -> None:
    found = align("Dozens more left on Thursday.", SEED_003, window=(-50, 10**9))
    assert found.method == "exact"


def test_unicode_compatibility_forms() -> None:
    text = "The \ufb01nal caf\u00e9 in \u0130stanbul closed\u2026 for now \u2014 reportedly."
    found = align("FINAL CAFE\u0301 IN \u0130STANBUL closed... for now - reportedly", text)
    assert found.method == "normalized"
    assert span(text, found) == text[4:-1]


# --- Properties ------------------------------------------------------------------------------

ODD_CHARS = "\u0130\u0301\u0307\u0308\ufb01\u2026\u00a0\u2028\u201c\u201d\u00a8\u2033 \n\"'-"
UNICODE_TEXT = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(ODD_CHARS)), max_size=60)
PLAIN_ALPHABET = "abcAB 01\n.,\"'-"


@given(text=UNICODE_TEXT, data=st.data())
def test_any_substring_aligns_exactly(text: str, data: st.DataObject) -> None:
    assume(text)
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = text[i:j]
    assume(quote.strip())
    found = align(quote, text)
    assert found.method == "exact"
    assert span(text, found) == quote.strip()
    assert found.distance == 0


@st.composite
def fancified_substring(draw: st.DrawFn) -> tuple[str, str]:
    text = draw(st.text(alphabet=PLAIN_ALPHABET, min_size=1, max_size=80))
    i = draw(st.integers(0, len(text) - 1))
    j = draw(st.integers(i + 1, len(text)))
    quote = "".join(draw(st.sampled_from([c, *FANCY_VARIANTS.get(c, [])])) for c in text[i:j])
    if draw(st.booleans()):
        quote = " ".join(quote.split())
    if draw(st.booleans()):
        quote = quote.replace("...", "\u2026")
    return text, quote


@given(fancified_substring())
def test_fancy_variants_of_a_substring_align(case: tuple[str, str]) -> None:
    text, quote = case
    assume(quote.strip())
    found = align(quote, text)
    assert found.method in ("exact", "normalized")
    got = reference_norm(span(text, found))
    stripped = quote.strip()
    unwrapped = (
        stripped[1:-1] if stripped[:1] in QUOTE_MARKS and stripped[-1:] in QUOTE_MARKS else stripped
    )
    assert got in (reference_norm(stripped), reference_norm(unwrapped))


@given(
    quote=UNICODE_TEXT,
    text=UNICODE_TEXT,
    window=st.none() | st.tuples(st.integers(-5, 70), st.integers(-5, 70)),
    threshold=st.floats(0.0, 100.0),
)
def test_offsets_are_always_in_bounds(
    quote: str, text: str, window: tuple[int, int] | None, threshold: float
) -> None:
    found = align(quote, text, window=window, threshold=threshold)
    if found.method == "none":
        assert found.start is None
        assert found.end is None
        return
    assert found.start is not None
    assert found.end is not None
    assert 0 <= found.start <= found.end <= len(text)
    assert found.distance >= 0
    if found.method == "exact":
        assert found.distance == 0


@given(text=UNICODE_TEXT, data=st.data())
def test_substrings_with_odd_unicode_align_with_in_bounds_offsets(
    text: str, data: st.DataObject
) -> None:
    assume(text)
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = text[i:j].upper()
    found = align(quote, text, threshold=0.0)
    if found.start is not None and found.end is not None:
        assert 0 <= found.start <= found.end <= len(text)
