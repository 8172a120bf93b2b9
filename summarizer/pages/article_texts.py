"""Find the article text a result's offsets refer to.

A run's output stores the text only when it was extracted from HTML; otherwise the text is where
the run read it (`Result.source`: "path", "path:LINE" or "path[INDEX]"), or in files the user
points at. Whatever the candidate, it is used only when its sha256 equals the briefing's
`provenance.text_sha256`: offsets into any other text would highlight the wrong words.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Sequence
from pathlib import Path

from summarizer.batch.inputs import load_inputs
from summarizer.errors import InputError
from summarizer.schema.records import Result

log = logging.getLogger("summarizer")

# "path:12" (a JSONL line) or "path[3]" (an element of a JSON list) name a record inside a file.
_RECORD_SUFFIX = re.compile(r"(?::\d+|\[\d+\])$")


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ArticleTexts:
    """Article texts by sha256, gathered from result files' sources and from given inputs."""

    def __init__(self, inputs: Sequence[Path] = (), *, relative_to: Path | None = None) -> None:
        """Remember where to look; nothing is read until `find` needs it.

        Args:
            inputs: Files and folders of articles, read as `summarizer run` reads them.
            relative_to: Another folder to resolve relative sources against (the results
                file's folder), after the current directory.
        """
        self._pending = list(inputs)
        self._relative_to = relative_to
        self._by_sha: dict[str, str] = {}
        self._read: set[Path] = set()

    def find(self, result: Result) -> str | None:
        """The text the result's briefing was made from, or None when none is found."""
        if result.briefing is None:
            return result.text
        wanted = result.briefing.provenance.text_sha256
        if result.text is not None and _sha256(result.text) == wanted:
            return result.text
        while self._pending and wanted not in self._by_sha:
            self._load(self._pending.pop(0))
        if wanted not in self._by_sha and result.source:
            source = self._source_file(result.source)
            if source is not None:
                self._load(source)
        return self._by_sha.get(wanted)

    def _source_file(self, source: str) -> Path | None:
        name = _RECORD_SUFFIX.sub("", source)
        candidates = [Path(name)]
        if self._relative_to is not None and not Path(name).is_absolute():
            candidates.append(self._relative_to / name)
        return next((path for path in candidates if path.is_file()), None)

    def _load(self, path: Path) -> None:
        if path.resolve() in self._read:
            return
        self._read.add(path.resolve())
        try:
            for item in load_inputs([path]):
                if item.article is not None:
                    self._by_sha.setdefault(_sha256(item.article.text), item.article.text)
        except InputError as error:
            log.warning("cannot read articles from %s: %s", path, error)
