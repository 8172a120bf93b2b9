"""Long prompts evaluated by the second copy of the model: the generating model carries on from the
moved KV cache as if it had evaluated the prompt itself."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from summarizer.engine.local.llama import LocalClient, llama_installed
from summarizer.engine.local.prefill import PREFILL_MIN_TOKENS, Prefiller
from tests.conftest import SEED_003
from tests.test_local import _smollm2, _unavailable


def _greedy(llama: Any, steps: int) -> tuple[npt.NDArray[np.float32], list[int]]:
    """The logits after the context so far, and the next `steps` greedy tokens."""
    import llama_cpp

    def last_logits() -> npt.NDArray[np.float32]:
        row = llama_cpp.llama_get_logits_ith(llama._ctx.ctx, -1)
        return np.ctypeslib.as_array(row, shape=(llama.n_vocab(),)).copy()

    first = last_logits()
    chosen, logits = [], first
    for _ in range(steps):
        chosen.append(int(logits.argmax()))
        llama.eval(chosen[-1:])
        logits = last_logits()
    return first, chosen


@pytest.fixture
def models() -> Iterator[tuple[Any, Prefiller]]:
    """SmolLM2 as the generating model (no prefill of its own), and a prefiller to attach."""
    if not llama_installed():
        _unavailable('needs pip install -e ".[local]"')
    client = LocalClient(_smollm2(), n_ctx=4096, prefill=False)
    llama: Any = client._llama
    prefiller = Prefiller(str(client.model_path), llama.context_params, llama.n_batch)
    try:
        yield llama, prefiller
    finally:
        prefiller.close()
        llama.prefiller = None
        client.close()


def test_a_prefilled_prompt_continues_as_if_evaluated_in_place(
    models: tuple[Any, Prefiller],
) -> None:
    llama, prefiller = models
    tokens = llama.tokenize(SEED_003.read_text("utf-8").encode(), add_bos=False)[:700]
    system, article = tokens[:200], tokens[200:]
    assert min(len(system), len(article)) >= PREFILL_MIN_TOKENS
    llama.reset()
    llama.eval(system)
    llama.eval(article)
    in_place, continued = _greedy(llama, 8)

    llama.prefiller = prefiller
    runs = []
    # Twice: the second run starts from an empty cache while the prefill context still holds
    # the first run's rows (an empty sequence copied over would leave them in place).
    for _ in range(2):
        llama.reset()
        llama.eval(system)  # no prefix: the whole batch but its last token goes across
        llama.eval(article)  # after the 200-token prefix, which is copied over first
        runs.append(_greedy(llama, 8))

    assert prefiller.tokens == 2 * (len(system) - 1 + len(article) - 1)
    for logits, chosen in runs:
        # The first choice is the copied rows' own; later ones may tip at a near-tie on CPUs whose
        # kernels round differently (seen on this machine kind at the fourth token).
        assert chosen[0] == continued[0]
        assert int(logits.argmax()) == int(in_place.argmax())
        # Another kernel's rounding, not another context: the rows are the same up to noise.
        # On this machine kind 2 of 49,152 logits differed by more than 0.5: noise, not context.
        far = np.abs(logits - in_place) > 0.5
        assert far.mean() < 0.001


def test_short_batches_stay_with_the_generating_model(models: tuple[Any, Prefiller]) -> None:
    """Drafts (at most 17 tokens) and single tokens never go to the prefill model."""
    llama, prefiller = models
    tokens = llama.tokenize(SEED_003.read_text("utf-8").encode(), add_bos=False)
    llama.prefiller = prefiller
    llama.reset()
    llama.eval(tokens[: PREFILL_MIN_TOKENS - 1])
    llama.eval(tokens[PREFILL_MIN_TOKENS - 1 : PREFILL_MIN_TOKENS])
    assert prefiller.tokens == 0
    llama.eval(tokens[PREFILL_MIN_TOKENS : 3 * PREFILL_MIN_TOKENS])
    assert prefiller.tokens == 2 * PREFILL_MIN_TOKENS - 1
    assert llama.n_tokens == 3 * PREFILL_MIN_TOKENS
