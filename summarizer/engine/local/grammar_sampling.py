"""Grammar-constrained greedy decoding that checks the grammar only when it has to.

llama-cpp-python (0.3.36, pinned) chains the grammar sampler before the token choice, so for every
output token llama.cpp tests the grammar against the whole vocabulary (151,936 tokens for Qwen2.5).
On 2 CPU cores that halves generation speed: 7.6 tokens/s with the briefing schema against 14
with no grammar (large vocabularies are the known cause: llama.cpp issues 4218 and 7554).
llama.cpp's own `common_sampler` avoids it: take the model's best token first, test only that one
token against the grammar, and filter the whole vocabulary only when it is refused. In a JSON
briefing the best token is refused a handful of times per hundred tokens (6 of 300 on seed 003),
so this gives the same tokens (the greedy choice among the tokens the grammar allows, either way)
at 10.7 tokens/s on seed 003.

Only temperature-0 decoding without logits processors or penalties takes this path; anything else
uses llama-cpp-python's own sampler chain unchanged.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from summarizer.engine.local.json_shape import StructureGuesser
from summarizer.engine.local.prefill import PREFILL_MIN_TOKENS, Prefiller
from summarizer.engine.local.prompt_lookup import MAX_DRAFT, PromptLookupDrafter

_TOKEN_DATA = np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)], align=True)
_NEUTRAL_PENALTIES = {"repeat_penalty": 1.0, "frequency_penalty": 0.0, "presence_penalty": 0.0}


class GrammarLastSampler:
    """A greedy sampler for one generation, holding its own llama.cpp grammar sampler.

    It has the one method llama-cpp-python's `Llama.sample` calls on its sampler,
    `sample(ctx, idx)`, which must also advance the grammar past the chosen token (llama.cpp's
    chain does that in `llama_sampler_sample`).
    """

    def __init__(self, llama: Any, grammar: Any) -> None:  # noqa: ANN401 - llama_cpp objects
        """Compile `grammar` (a LlamaGrammar) for `llama`'s vocabulary."""
        import llama_cpp  # noqa: PLC0415 - native library, loaded only with the local engine

        self._lib: Any = llama_cpp
        self._ctx = llama._ctx.ctx
        self._n_vocab = int(llama._n_vocab)
        self._grammar = llama_cpp.llama_sampler_init_grammar(
            llama._model.vocab, grammar._grammar.encode("utf-8"), grammar._root.encode("utf-8")
        )
        if not self._grammar:
            msg = "llama.cpp could not compile the output grammar"
            raise ValueError(msg)
        self._one: Any = (llama_cpp.llama_token_data * 1)()  # ctypes fields take plain ints
        self._one_array = llama_cpp.llama_token_data_array(
            data=self._one, size=1, selected=-1, sorted=False
        )
        self._all: npt.NDArray[np.void] = np.zeros(self._n_vocab, dtype=_TOKEN_DATA)
        self._all["id"] = np.arange(self._n_vocab, dtype=np.int32)
        self._all_array = llama_cpp.llama_token_data_array(
            data=self._all.ctypes.data_as(llama_cpp.llama_token_data_p),
            size=self._n_vocab,
            selected=-1,
            sorted=False,
        )
        self.tokens = 0
        self.refused = 0
        """Tokens chosen, and how many of them needed the whole-vocabulary filter."""

    def sample(self, ctx: Any, idx: int = -1) -> int:  # noqa: ANN401 - llama_cpp's signature
        """The grammar-allowed token with the highest logit at output position `idx`."""
        logits = np.ctypeslib.as_array(
            self._lib.llama_get_logits_ith(self._ctx, idx), shape=(self._n_vocab,)
        )
        token = int(logits.argmax())
        self.tokens += 1
        if not self._allows(token, float(logits[token])):
            self.refused += 1
            token = self._best_allowed(logits)
        self._lib.llama_sampler_accept(self._grammar, token)
        return token

    def _allows(self, token: int, logit: float) -> bool:
        self._one[0].id = token
        self._one[0].logit = logit
        self._one[0].p = 0.0
        self._one_array.size = 1
        self._one_array.selected = -1
        self._lib.llama_sampler_apply(self._grammar, ctypes.byref(self._one_array))
        return bool(np.isfinite(self._one[0].logit))

    def _best_allowed(self, logits: npt.NDArray[np.float32]) -> int:
        self._all["logit"] = logits
        self._all_array.size = self._n_vocab
        self._all_array.selected = -1
        self._all_array.sorted = False
        self._lib.llama_sampler_apply(self._grammar, ctypes.byref(self._all_array))
        return int(self._all["logit"].argmax())

    def close(self) -> None:
        """Free the native grammar sampler."""
        if self._grammar:
            self._lib.llama_sampler_free(self._grammar)
            self._grammar = None

    def __del__(self) -> None:
        """Free the native grammar sampler when the generation is dropped."""
        self.close()


def takes_fast_path(options: dict[str, Any]) -> bool:
    """Whether a generation's sampler options are greedy, constrained and otherwise plain."""
    return (
        options.get("grammar") is not None
        and options.get("temp") == 0.0
        and options.get("logits_processor") is None
        and all(options.get(k, v) == v for k, v in _NEUTRAL_PENALTIES.items())
    )


@functools.cache
def grammar_last_llama() -> type[Any]:
    """`llama_cpp.Llama` with the grammar-last sampler and prompt-lookup drafts.

    Both apply to greedy constrained generations only (see `summarizer.engine.local.prompt_lookup`).
    """
    from llama_cpp import Llama  # noqa: PLC0415 - native library, loaded only when used

    class GrammarLastLlama(Llama):
        last_sampler: GrammarLastSampler | None = None
        last_drafter: PromptLookupDrafter | None = None
        speculate = True
        """Guess tokens from the context on the fast path (False: one token per forward pass)."""
        passes = 0
        """Forward passes (`eval` calls) of the last generation, its prompt's included."""
        output_schema: dict[str, Any] | None = None
        """The JSON Schema the next generation's grammar came from, for structure guesses."""
        before_pass: Callable[[], None] | None = None
        """Called before every forward pass; what it raises stops the generation there."""
        prefiller: Prefiller | None = None
        """Where long prompt batches are evaluated instead (`summarizer.engine.local.prefill`)."""
        _pieces: dict[int, bytes] | None = None
        _extra_buffers = True
        _buffer_overrides: Any = None

        def __init__(
            self,
            *args: Any,  # noqa: ANN401
            extra_buffers: bool = True,
            buffer_overrides: Any = None,  # noqa: ANN401 - a ctypes array (engine.local.repack)
            **kwargs: Any,  # noqa: ANN401
        ) -> None:
            # llama-cpp-python 0.3.36 has no argument for llama.cpp's `use_extra_bufts` or its
            # tensor buffer overrides; they are set on the model parameters as Llama.__init__
            # assigns them (the setter below). The overrides must outlive the load: kept here.
            self._extra_buffers = extra_buffers
            self._buffer_overrides = buffer_overrides
            super().__init__(*args, **kwargs)

        @property
        def model_params(self) -> Any:  # noqa: ANN401 - a llama_model_params struct
            return self._model_params

        @model_params.setter
        def model_params(self, params: Any) -> None:  # noqa: ANN401 - as above
            # False keeps the weights as stored: no AMX tiles, no repacked copy (engine.local.cpu).
            params.use_extra_bufts = self._extra_buffers
            if self._buffer_overrides is not None:
                params.tensor_buft_overrides = ctypes.cast(self._buffer_overrides, ctypes.c_void_p)
            self._model_params = params

        # llama-cpp-python calls it with keywords only; **options keeps the override version-proof.
        def _init_sampler(self, **options: Any) -> Any:  # type: ignore[override] # noqa: ANN401
            # `generate` consults `draft_model` after every token; set it for this generation.
            self.draft_model = None
            self.passes = 0
            if takes_fast_path(options):
                self.last_sampler = GrammarLastSampler(self, options["grammar"])
                self.last_drafter = self._drafter() if self.speculate else None
                # Duck-typed: llama-cpp-python only ever calls a draft model with the token ids.
                self.draft_model = cast("Any", self.last_drafter)
                return self.last_sampler
            return super()._init_sampler(**options)

        def _drafter(self) -> PromptLookupDrafter:
            structure = StructureGuesser(self._piece, self._tokenize_text, self.output_schema)
            return PromptLookupDrafter(structure)

        def _piece(self, token: int) -> bytes:
            if self._pieces is None:
                self._pieces = {}
            if token not in self._pieces:
                self._pieces[token] = self.detokenize([token])
            return self._pieces[token]

        def _tokenize_text(self, text: bytes) -> list[int]:
            return self.tokenize(text, add_bos=False, special=False)

        def eval(self, tokens: Sequence[int]) -> None:
            """`Llama.eval`, with logits after every token of a token-plus-draft batch.

            llama-cpp-python keeps the logits of every position only when the whole context was
            created with `logits_all=True`, which also copies 600 KB of logits per prompt token
            into a buffer of n_ctx rows (5 GB at 8k context for Qwen2.5). A draft needs them for
            its own few positions only, and the sampler reads them from llama.cpp directly.
            """
            if self.before_pass is not None:
                self.before_pass()
            self.passes += 1
            if self.prefiller is not None and len(tokens) >= PREFILL_MIN_TOKENS:
                self.prefiller.extend(self, tokens[:-1])
                super().eval(tokens[-1:])  # the logits the sampler reads: this model's own
                return
            if self.draft_model is None or not 1 < len(tokens) <= MAX_DRAFT + 1:
                super().eval(tokens)
                return
            n_past = self.n_tokens
            self._ctx.kv_cache_seq_rm(-1, n_past, -1)
            self._batch.set_batch(batch=tokens, n_past=n_past, logits_all=True)
            self._ctx.decode(self._batch)
            self.input_ids[n_past : n_past + len(tokens)] = tokens
            self.n_tokens += len(tokens)
            self._requires_eval = False

    return GrammarLastLlama
