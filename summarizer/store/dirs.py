"""Where the library keeps files of its own: the briefing cache and the assembled models.

Imports nothing heavy: the command line reads the default for its `--help` from here.
"""

from __future__ import annotations

from pathlib import Path

from summarizer.environment import environment


def default_cache_dir() -> Path:
    """$XDG_CACHE_HOME/summarizer, or ~/.cache/summarizer."""
    base = environment().get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


def model_cache_dir() -> Path:
    """Where assembled models live: $XDG_CACHE_HOME/summarizer/models or ~/.cache/..."""
    return default_cache_dir() / "models"
