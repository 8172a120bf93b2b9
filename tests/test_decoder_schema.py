"""The schema constrained decoders (llama.cpp) get: item limits and a summary of 1-4 sentences."""

from __future__ import annotations

import json
import re

import pytest

from summarizer._llm import SUMMARY_PATTERN, decoder_schema
from summarizer._schema import ItemLimits


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


def test_the_decoder_schema_carries_the_limits_and_the_pattern() -> None:
    schema = decoder_schema(ItemLimits(events=3, figures=6, attributions=4))
    properties = schema["properties"]
    assert [properties[k]["maxItems"] for k in ("events", "figures", "attributions")] == [3, 6, 4]
    assert properties["summary"]["pattern"] == SUMMARY_PATTERN
    assert "maxLength" not in json.dumps(schema)  # llama.cpp cannot compile long length limits
    assert decoder_schema() is not decoder_schema()  # callers may not share one mutable dict


def test_llama_cpp_compiles_the_pattern_into_its_grammar() -> None:
    grammar_module = pytest.importorskip("llama_cpp.llama_grammar")
    text = grammar_module.json_schema_to_gbnf(json.dumps(decoder_schema()))
    assert "summary-1" in text  # the repeated sentence rule: the pattern was compiled, not dropped
    grammar_module.LlamaGrammar.from_string(text, verbose=False)
