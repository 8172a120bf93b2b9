"""The grammar-last sampler (the same tokens as llama-cpp-python's own constrained sampler) and
the prompt-lookup drafts (fewer forward passes, the same choices up to rounding)."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from summarizer.engine.decoder_schema import decoder_schema
from summarizer.engine.local.grammar_sampling import GrammarLastSampler, takes_fast_path
from summarizer.engine.local.llama import LocalClient, llama_installed
from summarizer.prompt.render import PromptSet
from tests.conftest import SEED_003
from tests.test_local import _smollm2, _unavailable


def _request(max_tokens: int) -> dict[str, Any]:
    prompt = PromptSet().briefing(
        text=SEED_003.read_text("utf-8"), title=None, outlet=None, published=None, url=None
    )
    return {
        "messages": prompt.messages(),
        "temperature": 0.0,
        "max_tokens": max_tokens,
        "response_format": {"type": "json_object", "schema": decoder_schema()},
    }


def test_only_plain_greedy_constrained_generations_take_the_fast_path() -> None:
    plain = {"grammar": object(), "temp": 0.0, "logits_processor": None, "repeat_penalty": 1.0}
    assert takes_fast_path(plain)
    assert not takes_fast_path({**plain, "grammar": None})
    assert not takes_fast_path({**plain, "temp": 0.7})
    assert not takes_fast_path({**plain, "logits_processor": [print]})
    assert not takes_fast_path({**plain, "repeat_penalty": 1.1})
    assert not takes_fast_path({**plain, "presence_penalty": 0.5})


def test_constrained_greedy_output_matches_llama_cpp_python_token_for_token(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SmolLM2 with the briefing schema: its favourite tokens are often refused by the grammar,
    so both paths of the sampler run, and the text must equal the stock sampler chain's."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    import llama_cpp.llama_cpp as native
    from llama_cpp import Llama

    from tests.llama_layout import laid_out_params

    model = _smollm2()
    request = _request(max_tokens=80)
    # A draft is checked in one batch, whose rounding differs slightly from one token at a time;
    # the prefill model's kernels and batches round differently too.
    fast = LocalClient(model, n_ctx=4096, prefill=False)
    fast.speculate = False
    try:
        ours = fast.chat.completions.create(**request)
        sampler = fast._llama.last_sampler
    finally:
        fast.close()
    # The same weights' layout as ours: the same kernels, and no AMX crash (engine.local.cpu).
    monkeypatch.setattr(native, "llama_model_default_params", laid_out_params())
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


def _record_choices(
    client: LocalClient, request: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> list[tuple[int, npt.NDArray[np.float32]]]:
    """Every token the sampler chose, with the logits it chose it from."""
    import llama_cpp

    chosen: list[tuple[int, npt.NDArray[np.float32]]] = []
    sample = GrammarLastSampler.sample

    def recording(sampler: GrammarLastSampler, ctx: Any, idx: int = -1) -> int:
        logits = np.ctypeslib.as_array(
            llama_cpp.llama_get_logits_ith(sampler._ctx, idx), shape=(sampler._n_vocab,)
        ).copy()
        token = sample(sampler, ctx, idx)
        chosen.append((token, logits))
        return token

    with monkeypatch.context() as patch:
        patch.setattr(GrammarLastSampler, "sample", recording)
        client.chat.completions.create(**request)
    return chosen


def test_drafts_save_forward_passes_and_change_a_choice_only_at_a_near_tie(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With drafts, SmolLM2 makes the same choices in fewer forward passes. Where rounding (a
    draft is evaluated as a batch) tips a choice, the plain run must have seen a near-tie there:
    a wrong logits row or an unchecked draft token would show up as a clear loser chosen."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    request = _request(max_tokens=200)
    # SmolLM2 may run its headline past the whole budget (on some CPUs it does), leaving no JSON
    # between values to guess: a bounded headline makes it reach the structure on every machine.
    request["response_format"]["schema"]["properties"]["headline"]["pattern"] = '^[^"\\\\]{1,60}$'
    client = LocalClient(_smollm2(), n_ctx=4096)
    try:
        client.speculate = False
        plain = _record_choices(client, request, monkeypatch)
        client.speculate = True
        drafted = _record_choices(client, request, monkeypatch)
        tokens, passes = client.decoding_stats()
        drafter = client._llama.last_drafter
    finally:
        client.close()

    assert drafter is not None
    assert drafter.drafts > 0
    assert 0 < drafter.structural < drafter.drafts  # JSON between values guessed, text looked up
    assert tokens == len(drafted)
    assert passes < tokens / 1.5  # drafted tokens ride along in the passes of others
    same = 0
    while same < min(len(plain), len(drafted)) and plain[same][0] == drafted[same][0]:
        same += 1
    assert same >= 5, "drafts changed the output from its first tokens"
    if same < min(len(plain), len(drafted)):
        logits = plain[same][1]
        ours, theirs = drafted[same][0], plain[same][0]
        assert abs(float(logits[theirs]) - float(logits[ours])) < 1.0
