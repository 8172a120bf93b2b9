"""How the embedded model's weights are laid out, decided from what the CPU and the build offer.

llama.cpp's CPU backend may put a model's weights in "extra buffers" at load: AMX tiles where the
CPU has AMX and the build compiled it in, else interleaved "repack" blocks where the build has
them. The AMX path crashes: on an Intel Xeon with AMX (system info `AMX_INT8 = 1`),
llama-cpp-python 0.3.36 built natively segfaults in the first decode of Qwen2.5 Q4_K_M, with any
thread count (ggml-org/llama.cpp#20824; stanfordnlp/dspy#10079 removed the AMX build for it). The
same call with the extra buffers off (weights as stored) runs, and on that CPU it is also the
fastest choice measured: 9.2 s against 11.6 s for a portable build without AMX that repacks
(seed 003, 60 output tokens, 2 threads; ../shared/notes/landscape.md). So:

- `AMX_INT8 = 1` and `REPACK = 1`: extra buffers off, and the generating model's Q4_0/Q4_K
  weights named for the CPU_REPACK buffer (never AMX: `summarizer.engine.local.repack`, measured
  there), with a prefill copy as stored. When that cannot be arranged, the weights as stored and
  no copy. The AMX kernels crash.
- `AMX_INT8 = 1` without repack: extra buffers off, no prefill copy.
- `REPACK = 1`, no AMX: extra buffers on, a prefill copy. Repacked kernels are faster for drafted
  batches, stored ones for prompts (`summarizer.engine.local.prefill`).
- neither: extra buffers on (nothing to put there), no prefill copy: one layout.

`SUMMARIZER_LOCAL_EXTRA_BUFFERS=on|off` overrides the choice (`auto`, the default, decides as
above), for a CPU or build this table does not know yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from summarizer.errors import ConfigurationError

ExtraBuffers = Literal["auto", "on", "off"]
_CHOICES: tuple[ExtraBuffers, ...] = ("auto", "on", "off")
_FLAG = re.compile(r"([A-Za-z0-9_]+)\s*=\s*(\d+)")


@dataclass(frozen=True)
class Layout:
    """How to load the model on this machine."""

    extra_buffers: bool
    """Whether llama.cpp may put weights in AMX or repacked buffers (`use_extra_bufts`)."""
    prefill: bool
    """Whether prompts are evaluated on a second copy of the weights as stored."""
    reason: str
    """Why, in words for `summarizer engine` and bug reports."""
    repack_by_name: bool = False
    """Whether the repackable weights are named for the CPU_REPACK buffer, never AMX
    (`summarizer.engine.local.repack`), with the extra buffers off."""


def build_flags(system_info: str) -> dict[str, bool]:
    """The `NAME = 0/1` features of llama.cpp's system info line, as booleans."""
    return {name: value != "0" for name, value in _FLAG.findall(system_info)}


def parse_extra_buffers(raw: str | None) -> ExtraBuffers:
    """SUMMARIZER_LOCAL_EXTRA_BUFFERS as one of auto, on, off (empty means auto)."""
    value = (raw or "auto").strip().lower() or "auto"
    for choice in _CHOICES:
        if value == choice:
            return choice
    msg = f"SUMMARIZER_LOCAL_EXTRA_BUFFERS must be auto, on or off, not {raw!r}"
    raise ConfigurationError(msg)


def choose_layout(system_info: str, setting: ExtraBuffers = "auto") -> Layout:
    """The layout for a build whose `llama_print_system_info()` reads `system_info`."""
    flags = build_flags(system_info)
    amx = flags.get("AMX_INT8", False)
    repack = flags.get("REPACK", False)
    if setting == "off":
        return Layout(False, False, "extra buffers off (SUMMARIZER_LOCAL_EXTRA_BUFFERS=off)")
    if setting == "on":
        reason = "extra buffers on (SUMMARIZER_LOCAL_EXTRA_BUFFERS=on)"
        if amx:
            reason += "; this build has AMX, whose kernels are known to crash (see docs)"
        return Layout(True, repack and not amx, reason)
    if amx and repack:
        return Layout(
            False,
            True,
            "AMX in this build: its kernels crash on Q4_K models (ggml-org/llama.cpp#20824), so "
            "the Q4_0/Q4_K weights are named for the repack buffer, never AMX; prompts on a copy "
            "as stored",
            repack_by_name=True,
        )
    if amx:
        return Layout(
            False,
            False,
            "AMX in this build: weights kept as stored, because llama.cpp's AMX kernels crash "
            "on Q4_K models (ggml-org/llama.cpp#20824)",
        )
    if repack:
        return Layout(
            True,
            True,
            "repack in this build: generation on repacked weights, prompts on a copy as stored",
        )
    return Layout(True, False, "no AMX or repack in this build: one layout")


def system_info() -> str:
    """This build's llama.cpp system info line (loads the native library)."""
    import llama_cpp  # noqa: PLC0415 - native library, loaded only with the local engine

    return str(llama_cpp.llama_print_system_info().decode("utf-8", "replace")).strip()
