"""Content-addressed cache of finished briefings (diskcache: SQLite, safe across processes).

The key covers everything that shapes a briefing: the article text (sha256) and metadata (title,
outlet, url, published), prompt version, schema version, model, endpoint, every generation
setting, and the library's own code that finds, labels and grounds (`code_digest`: the rules
that read measures, speakers and events change what a briefing says without any of the rest
changing). Change any of them and the cache misses; run the same inputs again and nothing is
sent. Failures are never cached, so a re-run retries them.
"""

from __future__ import annotations

import functools
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
        "code": code_digest(),
        **settings,
    }
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


_PACKAGE = Path(__file__).resolve().parents[1]
# What a briefing never depends on: the command line, the pages, the eval harness, reconcile.
_NOT_SHAPING = frozenset({"cli", "pages", "eval", "reconciliation"})


@functools.cache
def code_digest(package: Path = _PACKAGE) -> str:
    """A digest of the package's source that shapes a briefing, read once per process.

    The library's version string does not move with every change of its rules; the source does.
    A briefing cached by other rules (an upgrade, an edited checkout) is therefore not served.
    """
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] in _NOT_SHAPING:
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


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
