"""Repacked weights on an AMX build, without AMX: llama.cpp's CPU_REPACK buffer, named per tensor.

With its extra buffers on, llama.cpp gives a weight to the first extra buffer type that takes it,
and on a build with AMX that is the AMX buffer, whose kernels crash (`summarizer.engine.local.cpu`).
The repack buffer itself works on such a CPU, and helps where it helps elsewhere. Measured on an
Intel Xeon with AMX (2 threads, Qwen2.5-Coder-1.5B Q4_K_M, llama-cpp-python 0.3.36, 2026-12-07):

| weights | prompt | one token at a time | 4-token batches (drafts) |
|---|---|---|---|
| as stored | 143 tokens/s | 11.7 tokens/s | 164 ms |
| Q4_K in CPU_REPACK, by name | 104 tokens/s | 14.0 tokens/s | 100 ms |

(`python benchmarks/repack_speed.py`.) A batch of the default strategy then took 15.6 s per
article against 18.9 s as stored (`benchmarks/strategy_speed.py`, median of 7).

So on such a build the generating model names its repackable weights (the GGUF header's Q4_0
and Q4_K tensors, not the token embeddings, which are looked up rather than multiplied) for the
CPU_REPACK buffer through llama.cpp's tensor buffer overrides, with the extra buffers off, and
prompts go to a copy as stored, as on CPUs without AMX (`summarizer.engine.local.prefill`).
Anything unexpected (no CPU_REPACK buffer in this build, a header this reader does not know)
leaves the weights as stored.
"""

from __future__ import annotations

import ctypes
import re
import struct
from pathlib import Path
from typing import Any, BinaryIO, Final

# ggml types whose weights this llama.cpp repacks on x86-64 with AVX2 or better. A tensor of
# another type named for the repack buffer would fail an assertion at load.
REPACKABLE: Final = {2: "Q4_0", 12: "Q4_K"}
_LOOKED_UP: Final = frozenset({"token_embd.weight"})
_SIZES: Final = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}
_STRING, _ARRAY = 8, 9
_MAX_TENSORS: Final = 100_000


class _Override(ctypes.Structure):
    """llama.cpp's `llama_model_tensor_buft_override`: a name pattern and a buffer type."""

    _fields_ = (("pattern", ctypes.c_char_p), ("buft", ctypes.c_void_p))


def tensor_types(path: Path) -> list[tuple[str, int]]:
    """Every tensor's name and ggml type, from a GGUF (version 2 or 3) file's header."""
    with path.open("rb") as handle:
        if handle.read(4) != b"GGUF":
            msg = f"{path} is not a GGUF file"
            raise ValueError(msg)
        (version,) = struct.unpack("<I", handle.read(4))
        if version < 2:  # noqa: PLR2004 - version 1 counted in 32 bits
            msg = f"{path}: GGUF version {version} is not read here"
            raise ValueError(msg)
        tensors, values = struct.unpack("<QQ", handle.read(16))
        if tensors > _MAX_TENSORS:
            msg = f"{path}: {tensors} tensors, not a header this reader trusts"
            raise ValueError(msg)
        for _ in range(values):
            _string(handle)
            _skip(handle, _u32(handle))
        found = []
        for _ in range(tensors):
            name = _string(handle)
            dims = _u32(handle)
            handle.seek(8 * dims, 1)
            kind = _u32(handle)
            handle.seek(8, 1)  # the data's offset
            found.append((name, kind))
        return found


def _u32(handle: BinaryIO) -> int:
    (value,) = struct.unpack("<I", handle.read(4))
    return int(value)


def _string(handle: BinaryIO) -> str:
    (size,) = struct.unpack("<Q", handle.read(8))
    return handle.read(size).decode("utf-8", "replace")


def _skip(handle: BinaryIO, kind: int) -> None:
    if kind == _STRING:
        _string(handle)
    elif kind == _ARRAY:
        item = _u32(handle)
        (count,) = struct.unpack("<Q", handle.read(8))
        if item in _SIZES:
            handle.seek(_SIZES[item] * count, 1)
        else:
            for _ in range(count):
                _skip(handle, item)
    elif kind in _SIZES:
        handle.seek(_SIZES[kind], 1)
    else:
        msg = f"unknown GGUF value type {kind}"
        raise ValueError(msg)


def repack_pattern(path: Path) -> str | None:
    """A regular expression naming the model's repackable weights, or None if it has none."""
    names = [
        name for name, kind in tensor_types(path) if kind in REPACKABLE and name not in _LOOKED_UP
    ]
    if not names:
        return None
    return "^(" + "|".join(re.escape(name) for name in names) + ")$"


def _repack_buffer_type() -> int | None:
    """llama.cpp's CPU_REPACK buffer type, as its CPU backend lists its extra buffer types."""
    import llama_cpp  # noqa: PLC0415 - native library, loaded only with the local engine

    library = ctypes.CDLL(str(Path(llama_cpp.__file__).parent / "lib" / "libggml.so"))
    library.ggml_backend_reg_by_name.restype = ctypes.c_void_p
    library.ggml_backend_reg_by_name.argtypes = [ctypes.c_char_p]
    library.ggml_backend_reg_get_proc_address.restype = ctypes.c_void_p
    library.ggml_backend_reg_get_proc_address.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    library.ggml_backend_reg_dev_get.restype = ctypes.c_void_p
    library.ggml_backend_reg_dev_get.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    library.ggml_backend_buft_name.restype = ctypes.c_char_p
    library.ggml_backend_buft_name.argtypes = [ctypes.c_void_p]
    llama_cpp.llama_backend_init()
    registry = library.ggml_backend_reg_by_name(b"CPU")
    address = (
        library.ggml_backend_reg_get_proc_address(registry, b"ggml_backend_dev_get_extra_bufts")
        if registry
        else None
    )
    if not address:
        return None
    listing = ctypes.CFUNCTYPE(ctypes.POINTER(ctypes.c_void_p), ctypes.c_void_p)(address)
    types = listing(library.ggml_backend_reg_dev_get(registry, 0))
    index = 0
    while types and types[index]:
        if library.ggml_backend_buft_name(types[index]) == b"CPU_REPACK":
            return int(types[index])
        index += 1
    return None


def repack_overrides(path: Path) -> Any | None:  # noqa: ANN401 - a ctypes array for llama.cpp
    """The NULL-terminated overrides naming `path`'s repackable weights for CPU_REPACK, or None.

    Keep the returned array alive as long as the model loads: llama.cpp reads it then.
    """
    try:
        pattern = repack_pattern(path)
        buffer_type = _repack_buffer_type() if pattern is not None else None
    except (OSError, ValueError, AttributeError, struct.error):
        return None
    if pattern is None or buffer_type is None:
        return None
    return (_Override * 2)(_Override(pattern.encode("utf-8"), buffer_type), _Override(None, None))
