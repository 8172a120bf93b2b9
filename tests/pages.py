"""Articles and model replies for the page tests and the docs screenshots.

The briefings are made by the real library (alignment, grounding, provenance, cost) from scripted
replies, so the pages show what a run really writes: the seed article with verified, repaired and
unverified items whose evidence overlaps, and a hostile article whose text and model output try
to run script in the page.
"""

from __future__ import annotations

import asyncio
import copy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from summarizer import Summarizer
from summarizer.batch.concurrency import run_batch
from summarizer.batch.inputs import load_inputs
from summarizer.schema.records import Result
from tests.fake_openai import Action, RecordedRequest, Reply
from tests.newsroom import article_text, grounded_draft
from tests.payloads import SEED_003_DRAFT

SEED_003 = Path(__file__).parent / "data" / "seeds" / "003_7ca092153d92ac16.txt"
CHROMIUM = Path("/usr/bin/chromium")
"""Debian's chromium: the one browser the tests and the docs screenshots use (none is fetched)."""
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
SEED_ID = "seed-003-rafah"

# Each payload tries something different: run a script, run a handler, and close a textarea the
# page might (but must not) put the text in. Any success sets window.__pwned or the title, or
# opens a dialog.
SCRIPT_PAYLOAD = "<script>window.__pwned = 1; document.title = 'pwned'; alert('script')</script>"
IMG_PAYLOAD = "<img src=x onerror=\"window.__pwned = 2; alert('img')\">"
TEXTAREA_PAYLOAD = "</textarea><script>window.__pwned = 3; alert('textarea')</script>"
HOSTILE_ID = "hostile-<img src=x onerror=alert(1)>"
HOSTILE_TEXT = (
    "Officials met on Monday to discuss the plan. "
    f"The statement read {SCRIPT_PAYLOAD} in full.\n\n"
    f"A witness said {IMG_PAYLOAD} was posted 3 times.\n\n"
    f"The form closed {TEXTAREA_PAYLOAD} after 12 minutes.\n\n"
    "Reversed by a bidi override: \u202egnp.exe, and a bell \x07 here.\n"
)

_TOLL = "More than 3,600 Palestinian children have been killed in 25 days of fighting"

SHOWCASE_DRAFT: dict[str, Any] = copy.deepcopy(SEED_003_DRAFT)
SHOWCASE_DRAFT["figures"] += [
    {
        "number": "More than 3,600",
        "qualifier": "more_than",
        "unit": "people",
        "measure": "Palestinian children killed in 25 days of fighting",
        "as_of": None,
        "reported_by": None,
        # The model's words differ slightly from the article's: aligned fuzzily, so "repaired".
        "evidence": _TOLL.replace("have been killed", "had been killed"),
    },
    {
        "number": "2,000",
        "qualifier": "exact",
        "unit": "trucks",
        "measure": "aid trucks let through the Rafah crossing",
        "as_of": None,
        "reported_by": None,
        # The number is not in its evidence: "unverified", kept (and marked) by lenient grounding.
        "evidence": "more than 260 trucks carrying food and medicine through the crossing",
    },
]

HOSTILE_DRAFT: dict[str, Any] = {
    "headline": f"Officials met {SCRIPT_PAYLOAD}",
    "summary": f"A witness posted {IMG_PAYLOAD}. The form closed {TEXTAREA_PAYLOAD}.",
    "events": [
        {
            "actor": "Officials",
            "action": f"met {SCRIPT_PAYLOAD}",
            "evidence": f"The statement read {SCRIPT_PAYLOAD} in full.",
        },
        {
            "actor": "The form",
            "action": "closed",
            "evidence": f"The form closed {TEXTAREA_PAYLOAD} after 12 minutes.",
        },
    ],
    "figures": [
        {
            "number": "3",
            "unit": "times",
            "measure": f"times {IMG_PAYLOAD} was posted",
            "evidence": f"A witness said {IMG_PAYLOAD} was posted 3 times.",
        }
    ],
    "attributions": [
        {
            "speaker": "A witness",
            "claim": f"{IMG_PAYLOAD} was posted {TEXTAREA_PAYLOAD}",
            "cue": "said",
            "evidence": f"A witness said {IMG_PAYLOAD}",
        }
    ],
}


def write_articles(folder: Path) -> dict[str, Path]:
    """The seed, the hostile article and an empty file (an error line), by article id."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {
        SEED_ID: folder / f"{SEED_ID}.txt",
        HOSTILE_ID: folder / f"{HOSTILE_ID}.txt",
        "empty": folder / "empty.txt",
    }
    paths[SEED_ID].write_text(SEED_003.read_text("utf-8"), encoding="utf-8")
    paths[HOSTILE_ID].write_text(HOSTILE_TEXT, encoding="utf-8")
    paths["empty"].write_text("", encoding="utf-8")
    return paths


def draft_for(text: str) -> dict[str, Any]:
    """The scripted model's draft for an article."""
    if "window.__pwned" in text:
        return HOSTILE_DRAFT
    if text.startswith("Rafah, November 2"):
        return SHOWCASE_DRAFT
    return grounded_draft(text)


def newsdesk(request: RecordedRequest) -> Action:
    """A responder for `ScriptedOpenAIServer.respond_with`: each article gets its draft."""
    return Reply(draft_for(article_text(request)), prompt_tokens=2400, completion_tokens=700)


def run_folder(summarizer: Summarizer, folder: Path) -> list[Result]:
    """Summarise a folder as `summarizer run` does (sources, ids, error lines); sorted by id.

    Runs on its own event loop in a worker thread (Playwright's sync API keeps one running in
    this thread); the summarizer's async connections are closed with that loop.
    """

    async def collect() -> list[Result]:
        try:
            items = load_inputs([folder])
            return [result async for result in run_batch(summarizer, items, concurrency=2)]
        finally:
            await summarizer.aclose()

    with ThreadPoolExecutor(max_workers=1) as worker:
        results = worker.submit(asyncio.run, collect()).result()
    return sorted(results, key=lambda result: result.id)


def write_results(results: list[Result], path: Path) -> Path:
    """Write results as a run's JSONL output."""
    lines = (result.model_dump_json(exclude_none=True) + "\n" for result in results)
    path.write_text("".join(lines), encoding="utf-8")
    return path
