"""The grammar-last sampler: the same tokens as llama-cpp-python's own constrained sampler."""

from __future__ import annotations

import json

from summarizer._grammar_sampling import takes_fast_path
from summarizer._llm import decoder_schema
from summarizer._local import LocalClient, llama_installed
from summarizer._prompts import PromptSet
from tests.conftest import SEED_003
from tests.test_local import _smollm2, _unavailable


def test_only_plain_greedy_constrained_generations_take_the_fast_path() -> None:
    plain = {"grammar": object(), "temp": 0.0, "logits_processor": None, "repeat_penalty": 1.0}
    assert takes_fast_path(plain)
    assert not takes_fast_path({**plain, "grammar": None})
    assert not takes_fast_path({**plain, "temp": 0.7})
    assert not takes_fast_path({**plain, "logits_processor": [print]})
    assert not takes_fast_path({**plain, "repeat_penalty": 1.1})
    assert not takes_fast_path({**plain, "presence_penalty": 0.5})


def test_constrained_greedy_output_matches_llama_cpp_python_token_for_token() -> None:
    """SmolLM2 with the briefing schema: its favourite tokens are often refused by the grammar,
    so both paths of the sampler run, and the text must equal the stock sampler chain's."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    from llama_cpp import Llama

    model = _smollm2()
    prompt = PromptSet().briefing(
        text=SEED_003.read_text("utf-8"), title=None, outlet=None, published=None, url=None
    )
    request = {
        "messages": prompt.messages(),
        "temperature": 0.0,
        "max_tokens": 80,
        "response_format": {"type": "json_object", "schema": decoder_schema()},
    }
    fast = LocalClient(model, n_ctx=4096)
    try:
        ours = fast.chat.completions.create(**request)
        sampler = fast._llama.last_sampler
    finally:
        fast.close()
    stock = Llama(model_path=str(model), n_ctx=4096, verbose=False)
    try:
        theirs = stock.create_chat_completion_openai_v1(**request)
    finally:
        stock.close()

    assert sampler is not None, "the constrained generation did not use the grammar-last sampler"
    # Every output token was chosen by it (plus the end-of-turn token, when it stopped).
    stopped = ours.choices[0].finish_reason == "stop"
    assert sampler.tokens == ours.usage.completion_tokens + stopped
    assert 0 < sampler.refused < sampler.tokens  # both the one-token check and the full filter ran
    text = ours.choices[0].message.content
    assert text == theirs.choices[0].message.content
    assert ours.choices[0].finish_reason == theirs.choices[0].finish_reason
    assert text.lstrip().startswith('{ "headline"')  # the grammar held from the first token
    if stopped:
        json.loads(text)  # a finished output is JSON, as the grammar demands
