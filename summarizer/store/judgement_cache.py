"""Cached answers of the reconcile judge (diskcache), so a re-run asks nothing twice.

The key covers the two figures' words, the model, the endpoint and the judge's prompt version:
change any and the judge is asked again. Failed questions are not cached.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import diskcache


def judgement_key(material: dict[str, object]) -> str:
    """A stable key for one question (no secrets go into it)."""
    encoded = json.dumps(material, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


class JudgementCache:
    """Answers (JSON objects) by key."""

    def __init__(self, directory: Path) -> None:
        """Open (or create) the cache in `directory`."""
        self.directory = directory
        self._store = diskcache.Cache(str(directory))

    def get(self, key: str) -> dict[str, object] | None:
        """The cached answer, or None (also for an entry that is not a JSON object)."""
        raw = self._store.get(key)
        if not isinstance(raw, str):
            return None
        try:
            loaded = json.loads(raw)
        except ValueError:
            return None
        return loaded if isinstance(loaded, dict) else None

    def put(self, key: str, answer: dict[str, object]) -> None:
        """Store one answer."""
        self._store.set(key, json.dumps(answer))

    def close(self) -> None:
        """Release the SQLite connection."""
        self._store.close()
