"""llama.cpp's dialect of the draft schema: what grammar-constrained decoders are given.

llama.cpp compiles a JSON Schema into a GBNF grammar, and does some of it badly (long string
length limits) and some of it well (patterns, list limits). Both the embedded engine and a
llama.cpp server endpoint get the schema in this form; the cite strategy's version is
`ground.cite_drafts.cite_decoder_schema`, which takes the summary pattern from here.
"""

from __future__ import annotations

import functools
import json
from typing import Any

from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.schema.briefing import ItemLimits

_GRAMMAR_UNFRIENDLY = frozenset({"maxLength", "minLength"})


def _strip(node: Any) -> Any:  # noqa: ANN401 - any JSON value
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if k not in _GRAMMAR_UNFRIENDLY}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


@functools.cache
def _decoder_schema_json() -> str:
    return json.dumps(_strip(BriefingDraft.model_json_schema()))


# A sentence ends at . ! or ? followed by a space or the end ("3.5" and "U.S" run on). Quotation
# marks and backslashes are left out: inside JSON they would need escapes the pattern cannot see.
# Each sentence is bounded: Qwen2.5-1.5B once looped inside one sentence that never ended (seed
# 003: a ten-word phrase repeated to the 3,072-token output limit, twice). llama.cpp unrolls a
# bound into nested rules, one grammar stack level each, and 250 nested characters made every
# token three times slower; so the bound is 48 words (twice a long news sentence) of at most 24
# characters, which nest three times less deep. A bound on words alone was dodged: the model
# looped on with its spaces left out.
MAX_SENTENCE_WORDS = 48
MAX_WORD_CHARS = 24
_WORD_CHARS = f'([^ .!?"\\\\]|[.!?][^ .!?"\\\\]){{1,{MAX_WORD_CHARS}}}'
_SENTENCE = f"{_WORD_CHARS}( {_WORD_CHARS}){{0,{MAX_SENTENCE_WORDS - 1}}}[.!?]"
SUMMARY_PATTERN = f"^{_SENTENCE}( {_SENTENCE}){{0,3}}$"
"""One to four sentences: what the prompt asks of the summary, held by constrained decoders.

Qwen2.5-1.5B wrote 6 to 10 sentences (up to 260 tokens, copied from the article) where two to four
are asked for; with the pattern, 85 to 155 tokens on the same articles.
"""


CITED_SUMMARY_PATTERN = f"^{_SENTENCE}( {_SENTENCE}){{0,2}}$"
"""One to three sentences: the cite strategy's summary, where every output token counts."""


# A run of text with no sentence break; a quotation mark may appear as the JSON escape \" (see
# EVIDENCE_PATTERN). Tabs and newlines would have to be escaped in JSON too: left out.
_RUN = r'([^.!?"\\\n\t]|\\"|[.!?]+([^ .!?"\\\n\t]|\\"))+'
EVIDENCE_PATTERN = f"^{_RUN}([.!?]+ {_RUN})?[.!?]*$"
"""At most two sentences of evidence, written over the raw JSON text as llama.cpp applies it.

Evidence is the article's words for one item, and one sentence usually holds them (two when a quote
runs over a sentence break). Qwen2.5-1.5B copied three to five sentences per item, up to 80 tokens
each, which grounding verifies but nobody needs. Unlike the summary's, this pattern lets quotation
marks through as the escape `\\"` (llama.cpp does not decode JSON escapes before matching): quotes
are what attributions' evidence is made of.
"""


def decoder_schema(limits: ItemLimits | None = None) -> dict[str, Any]:
    """The draft schema for grammar-constrained decoders (llama.cpp), with `limits` as maxItems.

    llama.cpp compiles a JSON Schema into a GBNF grammar; a string maxLength of 1,500 becomes 1,500
    nested optional rules, which its parser rejects and the llama-cpp-python server then crashes.
    Length limits are dropped here (pydantic still enforces them); list limits stay, since they are
    what stops a small model from looping, and the decoder enforces them exactly (the prompt only
    asks). The summary is held to `SUMMARY_PATTERN`, one to four sentences, and every item's
    evidence to `EVIDENCE_PATTERN`, one or two.
    """
    loaded: dict[str, Any] = json.loads(_decoder_schema_json())
    for kind, limit in (limits or ItemLimits()).items():
        loaded["properties"][kind]["maxItems"] = limit
    loaded["properties"]["summary"]["pattern"] = SUMMARY_PATTERN
    for draft in loaded["$defs"].values():  # every item kind that carries evidence, new ones too
        if "evidence" in draft.get("properties", {}):
            draft["properties"]["evidence"]["pattern"] = EVIDENCE_PATTERN
    return loaded
