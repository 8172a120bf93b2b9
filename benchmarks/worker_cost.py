"""What running the embedded model in a worker process costs, at start-up and per request.

The same model, loaded in this process (`LocalClient`) and in a worker process (`WorkerClient`,
what the library uses): start-up to the first one-token reply (interpreter, imports and model load
for the worker; model load for in-process), then N short requests of one output token each on a
warm KV cache, whose median is the per-request cost (the worker adds a pipe round trip and JSON
of the request and the completion). Also the per-article wall time of one real article through
both, with the same prompt and schema. Prints the llama.cpp system info line.

Run: python benchmarks/worker_cost.py [MODEL.gguf] [N]   (default: the bundled model, N=20)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.engine.decoder_schema import decoder_schema  # noqa: E402
from summarizer.engine.local.cpu import system_info  # noqa: E402
from summarizer.engine.local.llama import (  # noqa: E402
    DEFAULT_CONTEXT,
    LocalClient,
    local_threads,
    resolve_model,
)
from summarizer.engine.local.worker import WorkerClient  # noqa: E402
from summarizer.environment import environment  # noqa: E402
from summarizer.options import LOCAL_ITEM_LIMITS  # noqa: E402
from summarizer.prompt.render import PromptSet  # noqa: E402
from tests.newsroom import speed_articles  # noqa: E402

SHORT = [{"role": "user", "content": "Say OK."}]


def timed(client: Any, **request: Any) -> float:  # noqa: ANN401 - either client
    """Seconds for one request."""
    started = time.perf_counter()
    client.chat.completions.create(**request)
    return time.perf_counter() - started


def measure(client: Any, started: float, requests: int) -> tuple[float, float, float]:  # noqa: ANN401
    """(start-up to first reply, median short request, one article) for a client."""
    first = timed(client, messages=SHORT, max_tokens=1)
    startup = time.perf_counter() - started
    short = statistics.median(timed(client, messages=SHORT, max_tokens=1) for _ in range(requests))
    article = speed_articles()[1]
    prompt = PromptSet().briefing(
        text=article.text,
        title=article.title,
        outlet=None,
        published=article.published,
        url=None,
        limits=LOCAL_ITEM_LIMITS,
    )
    client.forget_prompt()
    long = timed(
        client,
        messages=prompt.messages(),
        temperature=0.0,
        max_tokens=1536,
        response_format={"type": "json_object", "schema": decoder_schema(LOCAL_ITEM_LIMITS)},
    )
    del first
    return startup, short, long


def main() -> None:
    """Print start-up, per-request and per-article figures, in-process and in a worker."""
    model = resolve_model(sys.argv[1] if len(sys.argv) > 1 else None)
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    threads = local_threads()
    print(f"system info: {system_info()}")
    print(f"model {model.name}, {threads} threads, {requests} short requests")
    started = time.perf_counter()
    local = LocalClient(model, threads=threads)
    try:
        in_process = measure(local, started, requests)
    finally:
        local.close()
    config = {"n_ctx": DEFAULT_CONTEXT, "threads": threads, "extra_buffers": "auto"}
    started = time.perf_counter()
    worker = WorkerClient(model, config=config, env=environment())
    try:
        in_worker = measure(worker, started, requests)
    finally:
        worker.close()
    names = ("start-up to first reply", "median 1-token request", "one article")
    for name, here, there in zip(names, in_process, in_worker, strict=True):
        print(
            f"{name:26s} in-process {here:7.3f} s  worker {there:7.3f} s  "
            f"difference {there - here:+.3f} s"
        )


if __name__ == "__main__":
    main()
