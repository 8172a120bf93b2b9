"""Content-addressed cache of finished briefings (diskcache: SQLite, safe across processes).

The key covers everything that shapes a briefing: the article text (sha256) and metadata (title,
outlet, url, published), prompt version, schema version, model, endpoint and every generation
setting. Change any of them and the cache misses; run the same inputs again and nothing is sent.
Failures are never cached, so a re-run retries them.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import diskcache

from summarizer.schema.briefing import SCHEMA_VERSION, Briefing


def cache_key(*, text_sha256: str, prompt_version: str, settings: dict[str, object]) -> str:
    """A stable key for one article under one configuration (no secrets go into it)."""
    material = {
        "text_sha256": text_sha256,
        "prompt_version": prompt_version,
        "schema_version": SCHEMA_VERSION,
        **settings,
    }
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


class BriefingCache:
    """Briefings by cache key, stored as JSON in a diskcache directory."""

    def __init__(self, directory: Path) -> None:
        """Open (or create) the cache in `directory`."""
        self.directory = directory
        self._store = diskcache.Cache(str(directory))

    def get(self, key: str) -> Briefing | None:
        """The cached briefing, or None (also when an entry no longer validates)."""
        raw = self._store.get(key)
        if not isinstance(raw, str):
            return None
        try:
            return Briefing.model_validate_json(raw)
        except ValueError:
            return None

    def put(self, key: str, briefing: Briefing) -> None:
        """Store a finished briefing."""
        self._store.set(key, briefing.model_dump_json())

    def close(self) -> None:
        """Release the SQLite connection."""
        self._store.close()
