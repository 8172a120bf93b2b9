"""Contracts the project keeps: public surface, exported schemas, prompt versions, packaging."""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import jsonschema
import pytest

import summarizer
from summarizer.cli.schemas import SCHEMA_FILES, schema_json
from summarizer.options import ENVIRONMENT
from summarizer.prompt.render import MANIFEST, PromptSet, default_prompts_dir, template_digest

ROOT = Path(__file__).resolve().parents[1]


def test_public_surface_is_pinned() -> None:
    assert sorted(summarizer.__all__) == sorted(
        [
            "PRICES", "SCHEMA_VERSION", "Article", "ArticleTooLongError", "Attribution",
            "Briefing", "ConfigurationError", "EmptyArticleError", "Event", "Evidence",
            "EngineCrashedError", "ExtractionError", "Figure", "GenerationStoppedError",
            "ReconcileInputError", "ReconcileReport", "reconcile", "LinkJudge",
            "summarize_dataset",
            "Grounding", "InputError",
            "ItemLimits", "NotTextError",
            "OutputTruncatedError", "Price", "PromptError", "Provenance", "ProviderError",
            "RefusalError", "RetryPolicy", "SummarizerError", "Summarizer", "Usage", "summarize",
            # Result lines, the engine contract and the options' Literals.
            "Result", "Failure", "Engine", "EngineRequest", "FunctionEngine", "EngineKind",
            "CiteLabels", "EndpointKind", "Epistemic", "GroundingPolicy", "GroundingStatus",
            "OutputMode", "Qualifier", "QuoteType", "Strategy",
        ]
    )  # fmt: skip
    for name in summarizer.__all__:
        assert hasattr(summarizer, name)


def test_tracebacks_show_the_public_path() -> None:
    assert summarizer.ProviderError.__module__ == "summarizer"
    assert repr(summarizer.Summarizer) == "<class 'summarizer.Summarizer'>"
    error = summarizer.ExtractionError("no briefing", article_id="a1")
    restored = pickle.loads(pickle.dumps(error))
    assert type(restored) is summarizer.ExtractionError
    assert str(restored) == str(error)


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_exported_schemas_match_the_models(name: str) -> None:
    committed = (ROOT / "schemas" / name).read_text("utf-8")
    assert committed == schema_json(SCHEMA_FILES[name]), (
        f"schemas/{name} is stale: run `python -m summarizer.cli.schemas` and bump SCHEMA_VERSION "
        "if the shape changed"
    )
    jsonschema.Draft202012Validator.check_schema(json.loads(committed))


def test_prompt_templates_match_their_manifest() -> None:
    directory = default_prompts_dir()
    manifest = json.loads((directory / MANIFEST).read_text("utf-8"))
    templates = {p.name: template_digest(p) for p in sorted(directory.glob("*.j2"))}
    assert templates == manifest["templates"], (
        "a prompt template changed: bump `version` in prompts/manifest.json and record the new "
        "sha256 of each template"
    )
    assert PromptSet().version == manifest["version"]


def test_every_environment_variable_is_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    source = "\n".join(p.read_text("utf-8") for p in (ROOT / "summarizer").rglob("*.py"))
    used = set(re.findall(r"\b((?:SUMMARIZER|OPENAI|AZURE_OPENAI)_[A-Z_]+)\b", source))
    assert used <= set(ENVIRONMENT), (
        f"undocumented in summarizer.options.ENVIRONMENT: {used - set(ENVIRONMENT)}"
    )
    missing = [name for name in ENVIRONMENT if f"`{name}`" not in readme]
    assert not missing, f"README does not document {missing}"


def test_wheel_ships_the_prompts_and_no_top_level_extras(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for template in ("briefing_system.j2", "briefing_user.j2", MANIFEST):
        assert f"summarizer/prompt/templates/{template}" in names
    top_level = {n.split("/")[0] for n in names if not n.endswith(".dist-info") and "/" in n}
    assert top_level <= {"summarizer", wheel.name.split("-")[0] + "-0.1.0.dist-info"}
    assert "summarizer/py.typed" in names
    shipped = {n for n in names if "/pages/templates/" in n}  # the pages' templates, css and js
    templates = ROOT / "summarizer" / "pages" / "templates"
    assert shipped == {f"summarizer/pages/templates/{p.name}" for p in templates.iterdir()}
    assert {"pages.css", "pages.js", "briefing.html.j2", "eval_report.html.j2"} <= {
        n.rsplit("/", 1)[1] for n in shipped
    }
