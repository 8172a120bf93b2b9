"""The run's JSONL output: append-safe, one line per article, recoverable after a kill -9.

Each Result is written with a single `write` on an O_APPEND descriptor and flushed to disk before
the next one, so a killed run leaves at most one torn line at the very end. `recover()` cuts that
tail off and reports which articles are done, so re-running the same command sends nothing twice
and ends with every article exactly once.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from summarizer.schema.records import Result

log = logging.getLogger("summarizer")


class ResultLog:
    """Appends Results to a JSONL file and knows which ids it already holds."""

    def __init__(self, path: Path, *, fsync: bool = True) -> None:
        """Open nothing yet; `recover()` then `append()`."""
        self.path = path
        self._fsync = fsync
        self._fd: int | None = None

    def recover(self) -> dict[str, str]:
        """Drop a torn last line, then return {id: status} for every complete line."""
        if not self.path.exists():
            return {}
        data = self.path.read_bytes()
        complete = data[: data.rfind(b"\n") + 1]
        if len(complete) != len(data):
            log.warning("%s: removing a torn last line left by an interrupted run", self.path)
            with self.path.open("r+b") as handle:
                handle.truncate(len(complete))
        statuses: dict[str, str] = {}
        for number, line in enumerate(complete.splitlines(), 1):
            try:
                record = json.loads(line)
                statuses[str(record["id"])] = str(record["status"])
            except (ValueError, KeyError, TypeError):
                log.warning("%s:%d: not a result line; ignored", self.path, number)
        return statuses

    def drop_errors(self) -> int:
        """Rewrite the file without its error lines (atomically); return how many were dropped."""
        if not self.path.exists():
            return 0
        kept, dropped = [], 0
        for line in self.path.read_bytes().splitlines(keepends=True):
            try:
                is_error = json.loads(line).get("status") == "error"
            except ValueError:
                is_error = False
            dropped += is_error
            if not is_error:
                kept.append(line)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_bytes(b"".join(kept))
        os.replace(temporary, self.path)
        return dropped

    def append(self, result: Result) -> None:
        """Write one Result as one line, durably."""
        if self._fd is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        line = result.model_dump_json(exclude_none=True).encode("utf-8") + b"\n"
        written = os.write(self._fd, line)
        while written < len(line):  # a regular file takes it whole; this is belt and braces
            written += os.write(self._fd, line[written:])
        if self._fsync:
            os.fsync(self._fd)

    def close(self) -> None:
        """Close the file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
