"""Local engine speed: seconds per article and output tokens per second, library vs bare llama.cpp.

Over the two seed articles and five corpus articles, in the same process and the same run:
- the library (`Summarizer(engine="local")`: validation, grounding, re-asks, provenance), called
  directly (`summarize`) and through the batch path (`summarize_many`, one article at a time: calls
  come from worker threads, as in `summarizer run` and `eval generate`);
- the library's first request for the article (the default strategy's messages and decoder
  schema, as the library sent them) sent again bare, with no validation, grounding or re-ask;
- the same bare call with prompt-lookup drafts turned off (one token per forward pass), to show
  what the drafts buy (tok/pass: output tokens per forward pass of the bare call with drafts).
All use the one loaded model. Before every timed call llama.cpp's KV cache is reset to the
shared system prompt of the strategy in use, as in a real batch (the system prompt is evaluated
once and reused from the cache; the article is evaluated afresh): otherwise whichever runs second
would find the article's prompt already evaluated. The cold start (evaluating the system
prompt) is printed once.
Library overhead is the median, over articles the library finished in one attempt, of
(library - bare) / bare; re-asks are the library doing its job and are reported separately.
Prints memory: peak RSS of this process and of the engine's worker process (where the model
lives), and the worker's proportional set size (PSS) with the model loaded. The model file is
memory-mapped and, with the prefill copy (see `summarizer.engine.local.prefill`), mapped twice:
RSS counts those shared pages once per mapping, PSS counts them once.

Run: python benchmarks/local_speed.py [ARTICLE_ID...]   (needs pip install -e ".[local]")
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import Article, Summarizer, SummarizerError, Usage  # noqa: E402
from summarizer.engine.local.llama import local_threads  # noqa: E402
from summarizer.engine.local.worker import WorkerClient  # noqa: E402
from summarizer.options import Settings  # noqa: E402
from summarizer.prompt.parts import (  # noqa: E402
    candidates_per_part,
    part_messages,
    split_to_budget,
)
from summarizer.prompt.render import PromptSet  # noqa: E402
from tests.newsroom import speed_articles  # noqa: E402


def article_messages(article: Article, settings: Settings) -> list[dict[str, str]]:
    """The messages the library sends for the article's first part, under its strategy."""
    parts = split_to_budget(
        article,
        max_input_tokens=settings.max_input_tokens,
        split_long_articles=settings.split_long_articles,
    )
    found = candidates_per_part(article, parts, cite=settings.strategy == "cite")
    return part_messages(
        PromptSet(), article, parts[0], (1, len(parts)), found[0], settings=settings
    )


def keep_only_system_prompt(client: WorkerClient, system: dict[str, str]) -> float:
    """Reset the KV cache to the shared system prompt, as a batch leaves it; seconds taken."""
    client.forget_prompt()
    started = time.perf_counter()
    client.chat.completions.create(messages=[system], max_tokens=1)
    return time.perf_counter() - started


class Recorder:
    """Keeps the keyword arguments of every request the library sends through `client`."""

    def __init__(self, client: WorkerClient) -> None:
        self.requests: list[dict[str, Any]] = []
        completions: Any = client.chat.completions
        send = completions.create

        def create(**kwargs: Any) -> Any:  # noqa: ANN401 - openai's signature
            self.requests.append(kwargs)
            return send(**kwargs)

        completions.create = create


def bare(
    client: WorkerClient, request: dict[str, Any], *, drafts: bool = True
) -> tuple[float, int, str]:
    """The library's first request for an article, sent again as it was, with nothing around it
    (no validation, grounding or re-ask): seconds, output tokens, finish reason (length =
    truncated). `drafts=False` turns off the prompt-lookup drafts, to show what they buy.
    """
    keep_only_system_prompt(client, request["messages"][0])
    client.speculate = drafts
    try:
        started = time.perf_counter()
        response = client.chat.completions.create(**request)
        elapsed = time.perf_counter() - started
    finally:
        client.speculate = True
    choice = response.choices[0]
    if choice.finish_reason != "length":  # a truncated output is a finding, not a crash
        json.loads(choice.message.content or "null")
    return elapsed, int(response.usage.completion_tokens), str(choice.finish_reason)


def proportional_set_mb(pid: int | str = "self") -> float | None:
    """A process's PSS in MB (Linux), or None where /proc does not say."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    for line in rollup.splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return None


def batch_path(summarizer: Summarizer, article: Article) -> tuple[float, Usage, str]:
    """The same article through `summarize_many`: seconds, usage, outcome."""
    started = time.perf_counter()
    (result,) = summarizer.summarize_many([article], concurrency=1)
    elapsed = time.perf_counter() - started
    outcome = "ok" if result.error is None else result.error.kind
    return elapsed, result.usage, outcome


def main() -> None:
    rows = []
    batch_rows: list[float] = []
    pss = None
    only = set(sys.argv[1:])  # article ids to run, e.g. to finish an interrupted run
    with Summarizer(engine="local", grounding="lenient", cache_dir=False) as summarizer:
        client = cast(WorkerClient, summarizer._clients.sync())  # the model the library loaded
        settings = summarizer.settings
        articles = [a for a in speed_articles() if not only or a.id in only]
        system = article_messages(articles[0], settings)[0]  # the same for every article
        print(
            f"model {client.model_path.name}, {local_threads()} threads, {settings.strategy} "
            f"strategy, item limits {settings.max_items}, {settings.max_reasks} re-ask(s); "
            f"system prompt evaluated in {keep_only_system_prompt(client, system):.1f} s "
            "(once per batch)",
            flush=True,
        )
        recorder = Recorder(client)
        for article in articles:
            keep_only_system_prompt(client, system)
            recorder.requests.clear()
            started = time.perf_counter()
            outcome = "ok"
            try:
                usage = summarizer.summarize(article).provenance.usage
            except SummarizerError as error:  # the model's failure is a data point too
                usage, outcome = getattr(error, "usage", None) or Usage(), type(error).__name__
            library_s = time.perf_counter() - started
            request = recorder.requests[0]  # the library's first request for this article
            keep_only_system_prompt(client, system)
            batch_s, batch_usage, batch_outcome = batch_path(summarizer, article)
            bare_s, bare_tokens, finish = bare(client, request)
            chosen, passes = client.decoding_stats()
            plain_s, plain_tokens, plain_finish = bare(client, request, drafts=False)
            rows.append(
                (article.id, library_s, usage.completion_tokens, usage.attempts, bare_s, plain_s)
            )
            batch_rows.append(batch_s)
            print(
                f"{article.id:24s} library {library_s:6.1f} s ({usage.completion_tokens} tok, "
                f"{usage.attempts} attempt(s), {usage.completion_tokens / library_s:4.1f} tok/s, "
                f"{outcome})  batch path {batch_s:6.1f} s ({batch_usage.completion_tokens} tok, "
                f"{batch_usage.attempts} attempt(s), {batch_outcome})  "
                f"bare {bare_s:6.1f} s ({bare_tokens} tok, "
                f"{bare_tokens / bare_s:4.1f} tok/s, {chosen / max(passes, 1):.1f} tok/pass, "
                f"finish {finish})  bare without drafts {plain_s:6.1f} s ({plain_tokens} tok, "
                f"{plain_tokens / plain_s:4.1f} tok/s, finish {plain_finish})",
                flush=True,
            )
        # While the model is still loaded, in the engine's worker process (where it lives).
        pss = proportional_set_mb(client.info.get("pid", "self"))
    if not rows:
        return
    single = [r for r in rows if r[3] == 1]
    overhead = [(lib - b) / b for _, lib, _, _, b, _ in single]
    print(f"median seconds per article (library)  {statistics.median(r[1] for r in rows):.1f}")
    print(f"median seconds per article (batch)    {statistics.median(batch_rows):.1f}")
    print(f"median seconds per article (bare)     {statistics.median(r[4] for r in rows):.1f}")
    print(f"median seconds per article (no drafts) {statistics.median(r[5] for r in rows):.1f}")
    if overhead:
        share = 100 * statistics.median(overhead)
        print(f"library overhead, single-attempt articles: {share:+.1f}%")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # ended by now
    shared = f", the worker's PSS with the model loaded {pss:.0f} MB" if pss is not None else ""
    print(f"peak memory: RSS {peak:.0f} MB here, {worker:.0f} MB in the worker{shared}")


if __name__ == "__main__":
    main()
