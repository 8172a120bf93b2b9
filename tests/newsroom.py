"""A stand-in model for batch tests: grounded drafts for any article, with scripted faults.

The draft quotes the article's first sentence as an event and its first number (with its sentence)
as a figure, so a correct library verifies it. Faults are decided per article from a hash of its
text, so they are deterministic across runs and processes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from summarizer.find.quantities import find_quantities
from summarizer.prompt.render import CLOSE_MARKER
from summarizer.schema.article import Article
from tests.fake_openai import (
    Action,
    Fault,
    Hang,
    RecordedRequest,
    Reply,
    Reset,
    ScriptedOpenAIServer,
)

CORPUS = Path(__file__).parent / "data" / "corpus.jsonl"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")


def corpus() -> list[dict[str, Any]]:
    """The bundled Wikinews articles as records (id, title, url, license, text, ...)."""
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines()]


SPEED_CORPUS_IDS = ("meantime-1007169", "meantime-113219", "meantime-124043", "meantime-191597")
SEEDS = Path(__file__).resolve().parents[1] / "examples"


def speed_articles() -> list[Article]:
    """The seven articles the local speed benchmarks time: the two seeds and five corpus ones."""
    seeds = [
        Article(id=p.stem, text=p.read_text("utf-8"), published="2023-11-02")
        for p in sorted(SEEDS.glob("seed-*.txt"))
    ]
    chosen = [r for r in corpus() if r["id"] in SPEED_CORPUS_IDS]
    chosen += [r for r in corpus() if r["id"] not in SPEED_CORPUS_IDS][: 5 - len(chosen)]
    return seeds + [
        Article(id=str(r["id"]), text=str(r["text"]), title=str(r["title"])) for r in chosen
    ]


def article_text(request: RecordedRequest) -> str:
    """The article text inside a chat request's user message."""
    user = str(request.messages[1]["content"])
    after_header = user.split("\nurl: ", 1)[1].split("\n\n", 1)[1]
    return after_header.rsplit(CLOSE_MARKER, 1)[0].strip()


def article_title(request: RecordedRequest) -> str:
    """The title line of the article's metadata in a chat request."""
    user = str(request.messages[1]["content"])
    return user.split("\ntitle: ", 1)[1].split("\n", 1)[0]


def bucket(text: str) -> int:
    """A stable number in 0..99 for an article."""
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest(), 16) % 100


def grounded_draft(text: str) -> dict[str, Any]:
    """A draft whose every item is verbatim in `text`."""
    sentences = [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > 20]
    first = sentences[0] if sentences else text.strip()[:200]
    figures = []
    for sentence in sentences:
        found = find_quantities(sentence)
        if found:
            figures.append(
                {
                    "number": found[0].text,
                    "measure": "a figure the article reports",
                    "evidence": sentence,
                }
            )
            break
    return {
        "headline": "A news briefing.",
        "summary": "The article reports events. It is summarised here.",
        "events": [{"action": "reported", "evidence": first[:600]}],
        "figures": figures,
        "attributions": [],
    }


BARE_CITE_DRAFT: dict[str, Any] = {
    "headline": "A news report.",
    "summary": "The article reports news.",
    "events": [],
    "figures": [],
    "quotes": [],
    "attributions": [],
}
"""A valid cite-strategy draft for any article: headline and summary, no cited item."""


def serve_drafts(latency: float, pipe: Connection) -> None:
    """A child process's server: a grounded draft for every request, after `latency` seconds.

    Sends its base URL through `pipe` and serves until the parent sends anything back. The
    benchmarks run it in its own process so that it does not share their CPU.
    """

    def answer(request: RecordedRequest) -> Reply:
        if "CitedFigure" in json.dumps(request.body):  # the cite strategy's schema: cite nothing
            return Reply(BARE_CITE_DRAFT, delay=latency)
        return Reply(grounded_draft(article_text(request)), delay=latency)

    with ScriptedOpenAIServer() as server:
        server.respond_with(answer)
        pipe.send(server.base_url)
        pipe.recv()


TRANSIENT: tuple[Callable[[], Action], ...] = (
    lambda: Fault(429, retry_after="0"),
    lambda: Fault(500),
    lambda: Fault(503),
    lambda: Hang(30),
    Reset,
)


class Newsroom:
    """A responder for ScriptedOpenAIServer: grounded drafts, some transient faults, some junk."""

    def __init__(self, *, transient_pct: int = 0, invalid_pct: int = 0, delay: float = 0.0) -> None:
        self.transient_pct = transient_pct
        self.invalid_pct = invalid_pct
        self.delay = delay
        self.seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def kind(self, text: str) -> str:
        """ "transient", "invalid" or "good" for this article."""
        b = bucket(text)
        if b < self.transient_pct:
            return "transient"
        if b < self.transient_pct + self.invalid_pct:
            return "invalid"
        return "good"

    def __call__(self, request: RecordedRequest) -> Action:
        text = article_text(request)
        with self._lock:
            self.seen[text] += 1
            calls = self.seen[text]
        kind = self.kind(text)
        if kind == "transient" and calls == 1:
            return TRANSIENT[bucket(text[::-1]) % len(TRANSIENT)]()
        if kind == "invalid":
            return Reply('{"headline": 1}', delay=self.delay)
        return Reply(grounded_draft(text), delay=self.delay)


def cpu_floor(records: list[dict[str, object]], batch: int = 1) -> float:
    """Seconds of candidate finding for every article, on one core, divided by the cores.

    `batch` > 1: parsed that many at a time, as a batch's candidate workers do.
    """
    from summarizer.find.candidates import (  # spaCy: loaded only here
        find_candidates,
        find_candidates_many,
    )

    find_candidates("Warm-up: the pipeline loads once.")
    texts = [str(record["text"]) for record in records]
    started = time.process_time()
    if batch > 1:
        for _ in find_candidates_many(texts, batch):
            pass
    else:
        for text in texts:
            find_candidates.__wrapped__(text)  # past the per-text cache: every text is parsed
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (time.process_time() - started) / (cores or 1)
