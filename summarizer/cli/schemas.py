"""Export the JSON Schemas in `schemas/`: run `python -m summarizer.cli.schemas` after a change."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from summarizer.ground.cite_drafts import CitedBriefingDraft
from summarizer.ground.quote_drafts import BriefingDraft
from summarizer.schema.briefing import SCHEMA_VERSION, Briefing

SCHEMA_FILES: dict[str, type[BaseModel]] = {
    "briefing.schema.json": Briefing,
    "briefing-draft.schema.json": BriefingDraft,
    "briefing-cited-draft.schema.json": CitedBriefingDraft,
}


def schema_json(model: type[BaseModel]) -> str:
    """The model's JSON Schema as committed: stable key order, versioned, newline-terminated."""
    schema = model.model_json_schema()
    schema["$id"] = f"https://summarizer.invalid/schemas/{model.__name__}/{SCHEMA_VERSION}"
    schema["x-schema-version"] = SCHEMA_VERSION
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def export(directory: Path) -> list[Path]:
    """Write every schema file into `directory`; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMA_FILES.items():
        path = directory / name
        path.write_text(schema_json(model), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parents[2] / "schemas"
    for path in export(target):
        print(path)
