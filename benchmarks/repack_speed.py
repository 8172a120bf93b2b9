"""Weights as stored against the repack buffer, on this build: prompt, one token, a draft batch.

Loads the default model (or the GGUF given) twice with llama-cpp-python, 2 threads: once with
the weights as stored (llama.cpp's extra buffers off), once with its Q4_0/Q4_K weights named for
the CPU_REPACK buffer (`summarizer.engine.local.repack`, what the library does on an AMX build),
and prints prompt tokens per second, one-token generation per second and the time of a 4-token
batch (what a prompt-lookup draft costs). On a build with AMX the second never touches AMX.

Run: python benchmarks/repack_speed.py [MODEL.gguf]   (needs pip install -e ".[local]")
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.engine.local.cpu import system_info  # noqa: E402
from summarizer.engine.local.grammar_sampling import grammar_last_llama  # noqa: E402
from summarizer.engine.local.llama import resolve_model  # noqa: E402
from summarizer.engine.local.repack import repack_overrides  # noqa: E402

TEXT = (ROOT / "examples" / "seed-003-rafah.txt").read_text("utf-8")[:4000]
BATCHES = 10
TOKENS = 40


def measure(model: Path, overrides: Any) -> tuple[float, float, float]:  # noqa: ANN401
    llama: Any = grammar_last_llama()(
        model_path=str(model),
        n_ctx=4096,
        n_threads=2,
        n_threads_batch=2,
        verbose=False,
        extra_buffers=False,
        buffer_overrides=overrides,
    )
    try:
        tokens = llama.tokenize(TEXT.encode("utf-8"))
        started = time.perf_counter()
        llama.eval(tokens)
        prompt = len(tokens) / (time.perf_counter() - started)
        token = tokens[-1]
        started = time.perf_counter()
        for _ in range(TOKENS):
            llama.eval([token])
        one = TOKENS / (time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(BATCHES):
            llama.eval([token] * 4)
        batch = (time.perf_counter() - started) / BATCHES * 1000
        return prompt, one, batch
    finally:
        llama.close()


def main() -> None:
    model = resolve_model(sys.argv[1] if len(sys.argv) > 1 else None)
    print(system_info())
    overrides = repack_overrides(model)
    rows: list[tuple[str, Any]] = [("as stored", None)]
    if overrides is None:
        print("nothing in this model that this build repacks: one row")
    else:
        rows.append(("Q4 weights in CPU_REPACK", overrides))
    print("weights | prompt tokens/s | one token, tokens/s | 4-token batch, ms")
    for name, chosen in rows:
        prompt, one, batch = measure(model, chosen)
        print(f"{name} | {prompt:.0f} | {one:.1f} | {batch:.0f}", flush=True)


if __name__ == "__main__":
    main()
