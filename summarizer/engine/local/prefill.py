"""Long prompts evaluated by a second copy of the model that keeps the weights as stored.

llama.cpp (as llama-cpp-python 0.3.36 builds it on x86 with AVX2) re-lays Q4_K weights at load into
interleaved 8x8 blocks ("repack"). Its kernels for that layout are the faster ones for the batches
of a few tokens that drafted generation runs (4 tokens: ~120 ms against ~175 ms on this project's
2 cores), but the slower ones for a long batch: a prompt is evaluated at ~105 tokens/s against ~135
with the weights as stored. Each layout is fixed for the life of a loaded model, so the local engine
loads the file twice: the generating model repacked, and a prefill model as stored. The file is
memory-mapped, so the second copy's weights are the same pages of the page cache (though the
kernel's resident-set count includes them twice); its own cost is a context (KV cache and buffers).

A prompt's new tokens, but the last, are evaluated in the prefill context, and their KV cache rows
are moved into the generating context with llama.cpp's sequence-state API; the generating model
then evaluates the last token itself, so the logits the sampler reads are its own. The rows differ
from the generating model's own in rounding only (another kernel sums in another order): like a
draft batch, that can tip a near-tie later on, never the validity of what is written.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from typing import Any

PREFILL_MIN_TOKENS = 64
"""Batches at least this long go to the prefill model (drafts are at most 17 tokens)."""


class Prefiller:
    """The model file loaded a second time without repacking, to evaluate long prompts."""

    def __init__(self, model_path: str, context_params: Any, n_batch: int) -> None:  # noqa: ANN401
        """Load `model_path` as stored, with a context made from the generating one's parameters."""
        import llama_cpp  # noqa: PLC0415 - native library, loaded only with the local engine
        from llama_cpp._internals import (  # noqa: PLC0415 - as above
            LlamaBatch,
            LlamaContext,
            LlamaModel,
        )

        self._lib: Any = llama_cpp
        params = llama_cpp.llama_model_default_params()
        params.use_extra_bufts = False  # the weights as stored: no repacked copy
        self._model = LlamaModel(path_model=model_path, params=params, verbose=False)
        # The same KV cache geometry (size, types, layout) is what lets the rows move across.
        self._ctx = LlamaContext(model=self._model, params=context_params, verbose=False)
        self._batch = LlamaBatch(n_tokens=n_batch, embd=0, n_seq_max=1, verbose=False)
        self._n_batch = n_batch
        self.tokens = 0
        """Prompt tokens evaluated here so far."""

    def extend(self, llama: Any, tokens: Sequence[int]) -> None:  # noqa: ANN401 - a llama_cpp.Llama
        """Evaluate `tokens` after `llama`'s first `n_tokens` here, and move the result into it."""
        n_past = int(llama.n_tokens)
        llama._ctx.kv_cache_seq_rm(-1, n_past, -1)  # what Llama.eval does first
        # Loading an empty sequence leaves the old rows in place (llama.cpp returns early): clear.
        context: Any = self._ctx  # llama-cpp-python leaves kv_cache_clear() unannotated
        context.kv_cache_clear()
        if n_past:
            self._copy(llama._ctx.ctx, self._ctx.ctx)  # the prefix, e.g. the system prompt
        for start in range(0, len(tokens), self._n_batch):
            if start and llama.before_pass is not None:
                llama.before_pass()  # a long prompt is several passes; each may be the last
            chunk = list(tokens[start : start + self._n_batch])
            self._batch.set_batch(batch=chunk, n_past=n_past + start, logits_all=False)
            self._ctx.decode(self._batch)
        self._copy(self._ctx.ctx, llama._ctx.ctx)  # prefix and new rows, back
        llama.input_ids[n_past : n_past + len(tokens)] = tokens
        llama.n_tokens = n_past + len(tokens)
        self.tokens += len(tokens)

    def _copy(self, source: Any, target: Any) -> None:  # noqa: ANN401 - llama_context pointers
        """Replace sequence 0 of `target`'s KV cache with `source`'s."""
        size = int(self._lib.llama_state_seq_get_size(source, 0))
        buffer = (ctypes.c_uint8 * size)()
        written = int(self._lib.llama_state_seq_get_data(source, buffer, size, 0))
        if int(self._lib.llama_state_seq_set_data(target, buffer, written, 0)) != written:
            msg = "llama.cpp refused to move the prompt's KV cache between contexts"
            raise RuntimeError(msg)

    def close(self) -> None:
        """Free the context and the model."""
        context: Any = self._ctx  # llama-cpp-python leaves close() unannotated
        model: Any = self._model
        context.close()
        model.close()
