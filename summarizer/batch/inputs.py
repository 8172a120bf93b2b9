"""Turn the paths given to `summarizer run` into a stream of articles, one item per article.

A bad input never raises here: it becomes an item carrying an error, so a batch run writes one
record per article and loses nothing. Only a path argument that does not exist raises, before any
file is read.
"""

from __future__ import annotations

import codecs
import json
import logging
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import trafilatura
from trafilatura.utils import load_html

from summarizer.errors import ArticleTooLongError, InputError, NotTextError, SummarizerError
from summarizer.schema.article import Article

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm", ".json", ".jsonl"})
"""Suffixes taken from folders (case-insensitive); other files in folders are ignored."""

_IGNORED_SHOWN = 5
log = logging.getLogger(__name__)

MAX_INPUT_BYTES = 50 * 1024 * 1024
"""Files (and JSONL lines) larger than this are refused unread: no article is this big."""

_SNIFF_BYTES = 8 * 1024
_RECORD_FIELDS = ("title", "url", "published", "outlet")
# Text inside these elements is site furniture (menus, bylines bars, code), never the story.
_FURNITURE = ("head", "nav", "header", "footer", "aside", "script", "style", "noscript", "template")
_PROSE_XPATH = "//text()[not(" + " or ".join(f"ancestor::{tag}" for tag in _FURNITURE) + ")]"
MIN_ARTICLE_CHARS = 250
"""An HTML page whose main text is shorter than this holds no article (a .txt file may).

trafilatura's own `MIN_EXTRACTED_SIZE`: below it, trafilatura itself judges an extraction
unacceptable. Measured by `benchmarks/article_detection.py`: the 114 corpus articles as pages
extract 601 characters or more; login, cookie, 404, index, search and paywall pages 167 or fewer.
"""
_PREVIEW_CHARS = 60
# Errors about records speak JSON, which is what the user wrote.
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number"}


@dataclass(frozen=True)
class InputItem:
    """One article of a run, or the reason an input could not become one."""

    id: str
    """Unique within one load; later duplicates get "#2", "#3", ... appended."""
    source: str
    """"path" for files, "path:LINE" for JSONL records, "path[INDEX]" for JSON lists."""
    article: Article | None
    """The article, or None when the input could not be read."""
    error: SummarizerError | None
    """Set iff article is None: an InputError subclass naming the source and the cause."""
    extracted: bool = False
    """True when the text was extracted from HTML (the runner stores it with the result)."""


class MissingInputError(InputError):
    """A path argument does not exist."""


class NoArticleTextError(InputError):
    """An HTML page holds no article text."""


class BadRecordError(InputError):
    """A JSON or JSONL record is not valid JSON or lacks a usable text."""


class UnreadableInputError(InputError):
    """A file or folder could not be read (permissions, not a regular file, I/O error)."""


class DuplicateIdError(InputError):
    """An article id was already used by an earlier input of the same run."""


@dataclass(frozen=True)
class _Raw:
    """An item before its id is made unique; errors are built only once the id is final."""

    id: str
    source: str
    article: Article | None = None
    error: type[InputError] | None = None
    cause: str = ""
    extracted: bool = False


def load_inputs(paths: Sequence[Path]) -> Iterator[InputItem]:
    """Yield one item per article found in the given files and folders, lazily.

    Args:
        paths: Files and folders; folders are walked recursively in sorted order.

    Returns:
        An iterator of items; bad inputs are items with an error, never exceptions.

    Raises:
        MissingInputError: A path does not exist (checked for every path before anything is read).
    """
    for path in paths:
        try:
            path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise MissingInputError(f"input path does not exist: {path}") from None
        except OSError:
            pass  # it exists but cannot be inspected: reading it will report why, as an item
    return _unique_ids(_walk(paths))


def _walk(paths: Sequence[Path]) -> Iterator[_Raw]:
    for path in paths:
        # os.path.isdir, unlike Path.is_dir, answers False instead of raising when stat is
        # denied; the read that follows then reports the cause as an item.
        if os.path.isdir(path):
            yield from _walk_folder(path, path, frozenset())
        else:
            # Named explicitly, so any suffix is accepted (read as plain text) and hidden is fine.
            yield from _load_file(path, path.stem)


def _walk_folder(root: Path, folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[_Raw]:
    folder_id = folder.relative_to(root).as_posix() if folder != root else str(root)
    try:
        info = folder.stat()
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield _Raw(folder_id, str(folder), error=UnreadableInputError, cause=_cannot_read(exc))
        return
    key = (info.st_dev, info.st_ino)
    if key in ancestors:
        return  # a symlink back to an enclosing folder: walking it again would never end
    ignored: list[str] = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = folder / entry.name
        base = path.relative_to(root).with_suffix("").as_posix()
        try:
            path.stat()
        except OSError as exc:
            # A symlink loop or a dangling link, or an entry that vanished or cannot be inspected:
            # it may have been an article, so it gets its line rather than silence.
            yield _Raw(base, str(path), error=UnreadableInputError, cause=_cannot_read(exc))
            continue
        if os.path.isdir(path):
            yield from _walk_folder(root, path, ancestors | {key})
        elif path.suffix.lower() in SUPPORTED_SUFFIXES:
            yield from _load_file(path, base)
        else:
            ignored.append(entry.name)
    if ignored:
        more = ", ..." if len(ignored) > _IGNORED_SHOWN else ""
        shown = ", ".join(ignored[:_IGNORED_SHOWN]) + more
        log.warning(
            "%s: ignored %d file(s) that are not articles (%s); articles end in %s",
            folder,
            len(ignored),
            shown,
            " ".join(sorted(SUPPORTED_SUFFIXES)),
        )


def _load_file(path: Path, base: str) -> Iterator[_Raw]:
    suffix, source = path.suffix.lower(), str(path)
    if suffix == ".jsonl":
        yield from _load_jsonl(path, base)
        return
    data = _read_bytes(path, base)
    if isinstance(data, _Raw):
        yield data
        return
    text = _decode(data, 0, base, source) if not _is_binary(data) else None
    if text is None:
        yield _Raw(base, source, error=NotTextError, cause="binary file, not text")
    elif isinstance(text, _Raw):
        yield text
    elif suffix == ".json":
        yield from _json_records(text, source, base)
    elif suffix in {".html", ".htm"}:
        yield _from_html(text, source, base)
    else:
        yield _Raw(base, source, Article(id=base, text=text))


def _open_regular(path: Path, base: str) -> IO[bytes] | _Raw:
    source = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO or a device could block forever or never end.
            cause = "cannot read: not a regular file"
            return _Raw(base, source, error=UnreadableInputError, cause=cause)
        if info.st_size > MAX_INPUT_BYTES:
            return _Raw(base, source, error=ArticleTooLongError, cause=_too_big(info.st_size))
        return path.open("rb")
    except OSError as exc:
        return _Raw(base, source, error=UnreadableInputError, cause=_cannot_read(exc))


def _read_bytes(path: Path, base: str) -> bytes | _Raw:
    opened = _open_regular(path, base)
    if isinstance(opened, _Raw):
        return opened
    try:
        with opened as file:
            data = file.read(MAX_INPUT_BYTES + 1)  # the file may have grown since it was sized
    except OSError as exc:
        return _Raw(base, str(path), error=UnreadableInputError, cause=_cannot_read(exc))
    if len(data) > MAX_INPUT_BYTES:
        return _Raw(base, str(path), error=ArticleTooLongError, cause=_too_big(len(data)))
    return data


def _decode(data: bytes, offset: int, item_id: str, source: str) -> str | _Raw:
    """Decode UTF-8; `offset` is where `data` starts in its file, so errors point into the file."""
    skip = len(codecs.BOM_UTF8) if offset == 0 and data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        cause = f"not valid UTF-8 at byte {offset + skip + exc.start}"
        return _Raw(item_id, source, error=NotTextError, cause=cause)


def _from_html(html: str, source: str, base: str) -> _Raw:
    try:
        text: str | None = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=False,
            favor_precision=True,
            with_metadata=False,
        )
        # trafilatura's fallback extractors return menu labels ("Home") from pages with no story.
        found = text.strip() if text is not None and _has_prose(html) else ""
    except Exception as exc:  # noqa: BLE001 - a parser fault on one page is that page's error
        cause = f"the HTML page could not be parsed ({type(exc).__name__}: {exc})"
        return _Raw(base, source, error=NoArticleTextError, cause=cause)
    if text is None or len(found) < MIN_ARTICLE_CHARS:
        return _Raw(base, source, error=NoArticleTextError, cause=_no_article(found))
    article = Article(id=base, text=text, **_html_metadata(html))
    return _Raw(base, source, article, extracted=True)


def _no_article(found: str) -> str:
    if not found:
        return "no article text found in the HTML page"
    preview = " ".join(found.split())
    if len(preview) > _PREVIEW_CHARS:
        preview = preview[: _PREVIEW_CHARS - 1] + "\u2026"
    return (
        f"no article text found in the HTML page: its main text is {len(found)} characters "
        f"({preview!r}), an article has at least {MIN_ARTICLE_CHARS}; give short texts as .txt"
    )


def _has_prose(html: str) -> bool:
    """Whether the page has any text outside navigation, headers, footers, asides and code."""
    tree = load_html(html)
    return tree is not None and any(part.strip() for part in tree.xpath(_PROSE_XPATH))


def _html_metadata(html: str) -> dict[str, str]:
    try:
        # extensive=False reads only the page's own metadata: a guessed date would mislead the
        # model when it resolves "on Thursday" to a date.
        doc = trafilatura.extract_metadata(html, extensive=False)
    except Exception:  # noqa: BLE001 - metadata is optional; losing it must not lose the article
        return {}
    if doc is None:
        return {}
    found = {"title": doc.title, "published": doc.date, "url": doc.url, "outlet": doc.sitename}
    return {key: value for key, value in found.items() if isinstance(value, str) and value.strip()}


def _json_records(text: str, source: str, base: str) -> Iterator[_Raw]:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        yield _Raw(base, source, error=BadRecordError, cause=f"not valid JSON: {exc}")
        return
    if isinstance(data, list):
        for index, record in enumerate(data):
            yield _record(record, f"{source}[{index}]", f"{base}[{index}]")
    else:
        yield _record(data, source, base)


def _load_jsonl(path: Path, base: str) -> Iterator[_Raw]:
    opened = _open_regular(path, base)
    if isinstance(opened, _Raw):
        yield opened
        return
    with opened as file:
        try:
            if _is_binary(file.read(_SNIFF_BYTES)):
                yield _Raw(base, str(path), error=NotTextError, cause="binary file, not text")
                return
            file.seek(0)
            yield from _jsonl_records(file, str(path), base)
        except OSError as exc:  # a read fault part-way: the lines already read stand
            yield _Raw(base, str(path), error=UnreadableInputError, cause=_cannot_read(exc))


def _jsonl_records(file: IO[bytes], source: str, base: str) -> Iterator[_Raw]:
    for number, offset, line in _lines(file):
        line_source, default_id = f"{source}:{number}", f"{base}:{number}"
        if line is None:
            cause = f"the line has more than {MAX_INPUT_BYTES:,} bytes"
            yield _Raw(default_id, line_source, error=ArticleTooLongError, cause=cause)
            continue
        text = _decode(line, offset, default_id, line_source)
        if isinstance(text, _Raw):
            yield text
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text.rstrip("\r\n"))  # so errors point into the line
        except (ValueError, RecursionError) as exc:
            cause = f"not valid JSON: {exc}"
            yield _Raw(default_id, line_source, error=BadRecordError, cause=cause)
            continue
        yield _record(record, line_source, default_id)


def _lines(file: IO[bytes]) -> Iterator[tuple[int, int, bytes | None]]:
    """Yield (line number, byte offset, line), with None for a line too long to hold in memory."""
    number, offset = 0, 0
    while line := file.readline(MAX_INPUT_BYTES + 1):
        number += 1
        start, too_long = offset, len(line) > MAX_INPUT_BYTES
        offset += len(line)
        while too_long and not line.endswith(b"\n") and (line := file.readline(MAX_INPUT_BYTES)):
            offset += len(line)  # skip the rest of the over-long line, one bounded chunk at a time
        yield number, start, None if too_long else line


def item_of_record(record: object, source: str, default_id: str) -> InputItem:
    """One JSON record (as a JSONL line holds it) as an item: an article, or why it is none."""
    raw = _record(record, source, default_id)
    return _finish(raw, raw.id)


def _record(record: object, source: str, default_id: str) -> _Raw:
    if not isinstance(record, dict):
        cause = f"a record must be a JSON object, not {_json_type(record)}"
        return _Raw(default_id, source, error=BadRecordError, cause=cause)
    record_id, problem = _record_id(record.get("id"), default_id)
    problem = problem or _record_problem(record)
    if problem:
        return _Raw(record_id, source, error=BadRecordError, cause=problem)
    fields = {key: record[key] for key in _RECORD_FIELDS if record.get(key) is not None}
    return _Raw(record_id, source, Article(id=record_id, text=record["text"], **fields))


def _record_id(value: object, default_id: str) -> tuple[str, str | None]:
    if value is None:
        return default_id, None
    if isinstance(value, bool) or not isinstance(value, str | int):
        return default_id, f"id must be a string or an integer, not {_json_type(value)}"
    if not str(value).strip():
        return default_id, "id must not be empty"
    return str(value), None


def _record_problem(record: dict[str, Any]) -> str | None:
    if "text" not in record:
        return "record has no text field"
    if not isinstance(record["text"], str):
        return f"text must be a string, not {_json_type(record['text'])}"
    for key in _RECORD_FIELDS:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            return f"{key} must be a string, not {_json_type(value)}"
    return None


def _is_binary(data: bytes) -> bool:
    # Text never holds NUL; binary formats (images, archives, UTF-16) almost always do, early.
    return b"\x00" in data[:_SNIFF_BYTES]


def _json_type(value: object) -> str:
    if value is None or isinstance(value, bool):
        return json.dumps(value)  # null, true, false
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _unique_ids(raws: Iterator[_Raw]) -> Iterator[InputItem]:
    first_source: dict[str, str] = {}
    next_suffix: dict[str, int] = {}  # so many copies of one id do not rescan from "#2" each time
    for raw in raws:
        item_id, outcome = raw.id, raw
        if raw.id in first_source:
            suffix = next_suffix.get(raw.id, 2)
            while f"{raw.id}#{suffix}" in first_source:
                suffix += 1
            next_suffix[raw.id], item_id = suffix + 1, f"{raw.id}#{suffix}"
            if raw.error is None:  # an input that already failed keeps its own, more useful error
                used_by = first_source[raw.id]
                cause = (
                    f"id {raw.id!r} is already used by {used_by}; this record was not summarised"
                )
                outcome = _Raw(raw.id, raw.source, error=DuplicateIdError, cause=cause)
        first_source[item_id] = raw.source
        yield _finish(outcome, item_id)


def _finish(raw: _Raw, item_id: str) -> InputItem:
    if raw.error is None:
        return InputItem(item_id, raw.source, raw.article, None, raw.extracted)
    error = raw.error(f"{raw.source}: {raw.cause}", article_id=item_id)
    return InputItem(item_id, raw.source, None, error)


def _cannot_read(exc: OSError) -> str:
    return f"cannot read: {exc.strerror or exc}"


def _too_big(size: int) -> str:
    return f"the file has {size:,} bytes, more than the {MAX_INPUT_BYTES:,} an input may have"
