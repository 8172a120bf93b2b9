"""The schema constrained decoders (llama.cpp) get: item limits, a summary of 1-4 sentences and
evidence of 1-2 sentences."""

from __future__ import annotations

import json
import re

import pytest

from summarizer.engine.decoder_schema import (
    CITED_SUMMARY_PATTERN,
    EVIDENCE_PATTERN,
    MAX_SENTENCE_WORDS,
    MAX_WORD_CHARS,
    SUMMARY_PATTERN,
    decoder_schema,
)
from summarizer.schema.briefing import ItemLimits

ITEM_DRAFTS = ("EventDraft", "FigureDraft", "AttributionDraft")


@pytest.mark.parametrize(
    "summary",
    [
        "One sentence.",
        # "U.S. on" ends a sentence by this count (four here): abbreviations cost a sentence.
        "Prices rose 3.5% in the U.S. on Monday. Markets fell! Why?",
        "Israel's army said 1,400 people died; the U.N. disputed it.",
    ],
)
def test_one_to_four_sentences_pass(summary: str) -> None:
    assert re.fullmatch(SUMMARY_PATTERN, summary)


@pytest.mark.parametrize(
    "summary",
    [
        "",
        "No closing punctuation",
        "One. Two. Three. Four. Five.",
        "Prices rose 3.5% in the U.S. on Monday. Markets fell! Why? Nobody knows.",
        'He said "no" to the plan.',  # a quote would need a JSON escape the pattern cannot see
        "A backslash \\ here.",
    ],
)
def test_anything_else_is_refused(summary: str) -> None:
    assert not re.fullmatch(SUMMARY_PATTERN, summary)


@pytest.mark.parametrize("pattern", [SUMMARY_PATTERN, CITED_SUMMARY_PATTERN])
def test_a_sentence_that_never_ends_is_cut_off_by_the_grammar(pattern: str) -> None:
    # What Qwen2.5-1.5B wrote on seed 003 until the output limit: one phrase, never a full stop.
    loop = "Israel-Palestine War: More Foreign Nationals To Leave Gaza (organisation) "
    word = "w" * MAX_WORD_CHARS
    assert re.fullmatch(pattern, " ".join([word] * MAX_SENTENCE_WORDS) + ".")
    assert not re.fullmatch(pattern, " ".join([word] * (MAX_SENTENCE_WORDS + 1)) + ".")
    assert not re.fullmatch(pattern, loop * 6 + "Gaza.")
    # Leaving the spaces out does not get round it: a word is bounded too.
    assert not re.fullmatch(pattern, loop.replace(" ", "") * 2 + ".")
    # Bounded sentences bound the whole summary, whatever the model loops on.
    assert not re.fullmatch(pattern, ("y" * MAX_WORD_CHARS + ". ") * 5)


def as_raw_json(text: str) -> str:
    """The characters a model writes between the quotes of a JSON string: what llama.cpp matches."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


@pytest.mark.parametrize(
    "evidence",
    [
        "Mary Barra, 51, has been appointed as General Motors' new chief executive.",
        "Akerson plans to stand down on January 15",  # a clause, without closing punctuation
        'Prices rose 3.5% on Monday. "We are worried," a trader said.',
        '"We will not stop. Never," he said.',  # a quote over a sentence break: two by this count
        "Vidal Medina, 24, said: \u201cEverything is gone.\u201d",  # curly quotes need no escape
        "Was it planned?",
    ],
)
def test_one_or_two_sentences_of_evidence_pass(evidence: str) -> None:
    assert re.fullmatch(EVIDENCE_PATTERN, as_raw_json(evidence))


@pytest.mark.parametrize(
    "evidence",
    [
        "",
        "One. Two. Three.",
        "The U.S. army said so. It denied it later.",  # "U.S. army" ends a sentence by this count
        "A line\nbreak",
        "A tab\there",
        "A backslash \\ here",
    ],
)
def test_longer_or_unescapable_evidence_is_refused(evidence: str) -> None:
    assert not re.fullmatch(EVIDENCE_PATTERN, as_raw_json(evidence))


def test_a_quotation_mark_passes_only_as_its_json_escape() -> None:
    quoted = 'He said "no" to the plan.'
    assert re.fullmatch(EVIDENCE_PATTERN, as_raw_json(quoted))
    assert not re.fullmatch(EVIDENCE_PATTERN, quoted)  # raw, it would end the JSON string early


def test_the_decoder_schema_carries_the_limits_and_the_pattern() -> None:
    schema = decoder_schema(ItemLimits(events=3, figures=6, attributions=4))
    properties = schema["properties"]
    assert [properties[k]["maxItems"] for k in ("events", "figures", "attributions")] == [3, 6, 4]
    assert properties["summary"]["pattern"] == SUMMARY_PATTERN
    for draft in ITEM_DRAFTS:
        assert schema["$defs"][draft]["properties"]["evidence"]["pattern"] == EVIDENCE_PATTERN
    assert "maxLength" not in json.dumps(schema)  # llama.cpp cannot compile long length limits
    assert decoder_schema() is not decoder_schema()  # callers may not share one mutable dict


def test_llama_cpp_compiles_the_pattern_into_its_grammar() -> None:
    grammar_module = pytest.importorskip("llama_cpp.llama_grammar")
    text = grammar_module.json_schema_to_gbnf(json.dumps(decoder_schema()))
    assert "summary-1" in text  # the repeated sentence rule: the pattern was compiled, not dropped
    for draft in ITEM_DRAFTS:
        rule = next(line for line in text.splitlines() if line.startswith(f"{draft}-evidence ::="))
        assert '"\\\\\\""' in rule  # the escaped quotation mark survived as a literal
    grammar_module.LlamaGrammar.from_string(text, verbose=False)
