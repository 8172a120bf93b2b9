"""Predictors for the fixtures: the summariser itself, and a no-LLM baseline that sets the floor.

Predictions are a folder: `manifest.json` (what produced them) and `predictions.jsonl` (one Result
per fixture article, the same lines `summarizer run` writes).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from rich.console import Console

from summarizer.batch.progress import RunProgress, RunSummary
from summarizer.cli.show import read_results
from summarizer.engine.function import FunctionEngine
from summarizer.errors import SummarizerError
from summarizer.eval.cited_baseline import CITED_BASELINE_NAME, cited_baseline_draft
from summarizer.eval.scoring.fixtures import Fixture
from summarizer.find.quantities import find_quantities
from summarizer.ground.assemble import library_version
from summarizer.ground.quote_drafts import MAX_ATTRIBUTIONS, MAX_EVENTS, MAX_FIGURES, BriefingDraft
from summarizer.options import Settings
from summarizer.pipeline import Summarizer
from summarizer.schema.article import Article
from summarizer.schema.briefing import SCHEMA_VERSION
from summarizer.schema.records import Failure, Result
from summarizer.store.result_log import ResultLog

MANIFEST = "manifest.json"
PREDICTIONS = "predictions.jsonl"
BASELINE_NAME = "baseline-lead-numbers-said"
LEAD_SENTENCES = 3
# Baselines read the whole article in one part, however long (no model context to fit).
_WHOLE_ARTICLE = 10_000_000
_MIN_SENTENCE = 15
_EVIDENCE_LIMIT = 600

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"'”’]?|$)", re.MULTILINE)
_NAME = r"[A-Z][\w'’.-]+(?:\s+(?:[A-Z][\w'’.-]+|al-\w+|bin|de|van|von))*"
_CUES = r"said|says|told|stated|announced|added|claimed|warned|denied|explained|reported"
_SAID = re.compile(rf"(?P<speaker>{_NAME})(?:,\s[^,]{{3,80}},)?\s+(?P<cue>{_CUES})\b")
_ACCORDING = re.compile(rf"according to (?:the\s)?(?P<speaker>{_NAME})")
_QUOTED = re.compile(r"[\"“]([^\"”]{3,600})[\"”]")


def fixtures_hash(fixtures: Iterable[Fixture]) -> str:
    """A short hash of the fixture set (ids and text hashes), stamped on predictions and reports."""
    material = sorted(f"{f.id}:{f.text_sha256}" for f in fixtures)
    return hashlib.sha256("\n".join(material).encode()).hexdigest()[:16]


def git_sha(root: Path) -> str | None:
    """The repository's HEAD commit, when run from a git checkout."""
    try:
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH is the point
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) > _MIN_SENTENCE]


def _baseline_attributions(sentences: list[str]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for sentence in sentences:
        match = _SAID.search(sentence) or _ACCORDING.search(sentence)
        if match is None:
            continue
        quoted = _QUOTED.search(sentence)
        found.append(
            {
                "speaker": match.group("speaker"),
                "claim": sentence[:600],
                "quote_type": "direct" if quoted else "indirect",
                "quote": quoted.group(1) if quoted else None,
                "cue": match.groupdict().get("cue") or "according to",
                "evidence": sentence[:600],
            }
        )
    return found[:MAX_ATTRIBUTIONS]


def baseline_draft(text: str) -> BriefingDraft:
    """Lead sentences as events, numbers in their sentences as figures, "X said" as attributions."""
    sentences = _sentences(text)
    events = [{"action": s[:600], "evidence": s[:600]} for s in sentences[:LEAD_SENTENCES]]
    figures = [
        {"number": q.text, "qualifier": q.qualifier, "measure": s[:600], "evidence": s[:600]}
        for s in sentences
        for q in find_quantities(s)
        if len(s) <= _EVIDENCE_LIMIT
    ]
    lead = sentences[0] if sentences else text.strip()[:200]
    return BriefingDraft.model_validate(
        {
            "headline": lead[:240],
            "summary": " ".join(sentences[:2])[:1500] or lead,
            "events": events[:MAX_EVENTS],
            "figures": figures[:MAX_FIGURES],
            "attributions": _baseline_attributions(sentences),
        }
    )


def baseline_settings() -> Settings:
    """Provenance settings of the baseline predictor (no endpoint, no model)."""
    return Settings(
        model=BASELINE_NAME,
        endpoint="none",
        mode="json",
        grounding="lenient",
        max_reasks=0,
        max_retries=0,
        timeout=0.0,
        max_output_tokens=0,
        max_input_tokens=0,
        temperature=0.0,
        split_long_articles=False,
    )


def cited_baseline_settings() -> Settings:
    """Provenance settings of the cite candidates' baseline: the quote baseline's, marked cite."""
    return dataclasses.replace(baseline_settings(), model=CITED_BASELINE_NAME, strategy="cite")


def predict_through_pipeline(
    fixture: Fixture, settings: Settings, draft: Callable[[Article], BaseModel]
) -> Result:
    """A no-model predictor's Result for one fixture, through the real pipeline.

    `draft(article)` is the "model": a FunctionEngine answers every request with it, and the
    Summarizer validates, grounds and assembles it as it would a model's reply (no re-ask, the
    lenient policy: a baseline's items are scored as they are, never dropped).
    """
    article = fixture.article.as_article()
    engine = FunctionEngine(lambda _: draft(article), model=settings.model)
    with Summarizer(
        engine=engine,
        strategy=settings.strategy,
        cite_labels="model",  # the draft is the labelling: no rule may relabel it
        mode=settings.mode,
        grounding=settings.grounding,
        max_reasks=settings.max_reasks,
        max_retries=settings.max_retries,
        max_input_tokens=_WHOLE_ARTICLE,
        split_long_articles=False,
        cache_dir=False,
    ) as summarizer:
        try:
            briefing = summarizer.summarize(article)
        except SummarizerError as exc:
            return Result(
                id=fixture.id, status="error", source="baseline", error=Failure.from_error(exc)
            )
    return Result(id=fixture.id, status="ok", source="baseline", briefing=briefing)


def predict_baseline(fixture: Fixture) -> Result:
    """The quote baseline's Result for one fixture article."""
    return predict_through_pipeline(
        fixture, baseline_settings(), lambda article: baseline_draft(article.text)
    )


def write_predictions(directory: Path, results: Iterable[Result], manifest: dict[str, Any]) -> Path:
    """Write a predictions folder (fresh: an existing predictions file is replaced)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / PREDICTIONS
    target.unlink(missing_ok=True)
    log = ResultLog(target, fsync=False)
    try:
        for result in sorted(results, key=lambda r: r.id):
            log.append(result)
    finally:
        log.close()
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return directory


def manifest_for(
    *, predictor: str, fixtures: list[Fixture], settings: Settings | None, prompt_version: str
) -> dict[str, Any]:
    """What produced a set of predictions."""
    return {
        "predictor": predictor,
        "model": settings.model if settings else predictor,
        "prompt_version": prompt_version,
        "schema_version": SCHEMA_VERSION,
        "library_version": library_version(),
        "git_sha": git_sha(Path.cwd()),
        "settings": asdict(settings) if settings else {},
        "fixtures": fixtures_hash(fixtures),
        "articles": len(fixtures),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def generate_baseline(fixtures: list[Fixture], directory: Path, *, cited: bool = False) -> Path:
    """Baseline predictions for every fixture: the quote baseline, or the cite candidates'."""
    settings = cited_baseline_settings() if cited else baseline_settings()
    manifest = manifest_for(
        predictor=settings.model, fixtures=fixtures, settings=settings, prompt_version="none"
    )
    draft = cited_baseline_draft if cited else lambda article: baseline_draft(article.text)
    predictions = (predict_through_pipeline(f, settings, draft) for f in fixtures)
    return write_predictions(directory, predictions, manifest)


def generate_llm(
    fixtures: list[Fixture],
    directory: Path,
    summarizer: Summarizer,
    *,
    concurrency: int,
    progress: RunProgress | None = None,
) -> Path:
    """The summariser's predictions for every fixture (through its cache, if it has one)."""
    articles = [f.article.as_article() for f in fixtures]
    # A local model takes minutes per article: show the run's progress bar while it works.
    progress = progress or RunProgress(Console(stderr=True), enabled=False)
    summary = RunSummary(output=directory / PREDICTIONS, total=len(articles))
    results = []
    with progress.running(len(articles)):
        for result in summarizer.summarize_many(articles, concurrency=concurrency):
            results.append(result)
            summary.add(result)
            progress.advance(result, summary)
    manifest = manifest_for(
        predictor="summarizer",
        fixtures=fixtures,
        settings=summarizer.settings,
        prompt_version=summarizer.prompt_version,
    )
    return write_predictions(directory, results, manifest)


def load_predictions(directory: Path) -> tuple[dict[str, Any], dict[str, Result]]:
    """A predictions folder: its manifest and its Results by article id."""
    manifest: dict[str, Any] = json.loads((directory / MANIFEST).read_text("utf-8"))
    results = {r.id: r for r in read_results(directory / PREDICTIONS)}
    return manifest, results
