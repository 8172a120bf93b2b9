"""llama-cpp-python's own `Llama` and server, loaded with the weights' layout the library chooses.

The tests compare the library with stock llama-cpp-python and serve a small model with its
server. Stock, both put the weights in llama.cpp's extra buffers, which on an Intel Xeon with
AMX is the path that segfaults (`summarizer.engine.local.cpu`): a comparison must load the
weights as the library does, and a test server must not crash the suite's CPU.

`python -m tests.llama_layout --model M ...` runs `llama_cpp.server` so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def laid_out_params() -> Callable[[], Any]:
    """`llama_model_default_params` with `use_extra_bufts` as the library's layout says."""
    import llama_cpp.llama_cpp as native

    from summarizer.engine.local.cpu import choose_layout, system_info

    layout = choose_layout(system_info())
    stock = native.llama_model_default_params

    def params() -> Any:
        chosen = stock()
        chosen.use_extra_bufts = layout.extra_buffers
        return chosen

    return params


def main() -> None:
    """Run llama-cpp-python's server with the library's layout."""
    import llama_cpp.llama_cpp as native
    from llama_cpp.server.__main__ import main as serve

    native.llama_model_default_params = laid_out_params()
    serve()  # type: ignore[no-untyped-call] # llama-cpp-python's entry point is unannotated


if __name__ == "__main__":
    main()
