"""Input paths become one item per article; a bad input is an error item, never an exception."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import summarizer.batch.inputs as inputs_module
from summarizer.batch.inputs import (
    MAX_INPUT_BYTES,
    MIN_ARTICLE_CHARS,
    BadRecordError,
    DuplicateIdError,
    InputItem,
    MissingInputError,
    NoArticleTextError,
    UnreadableInputError,
    load_inputs,
)
from summarizer.errors import ArticleTooLongError, InputError, NotTextError

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Flood waters force 1,200 from their homes | Valley Courier</title>
  <meta property="og:url" content="https://courier.example/news/flood-waters-rise">
  <meta property="og:site_name" content="Valley Courier">
  <meta property="article:published_time" content="2024-03-05T08:30:00Z">
  <script>window.dataLayer = window.dataLayer || [];</script>
</head>
<body>
  <nav class="site-nav">
    <ul>
      <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
      <li><a href="/sport">Sport</a></li><li><a href="/subscribe">Subscribe today</a></li>
    </ul>
  </nav>
  <article>
    <h1>Flood waters force 1,200 from their homes</h1>
    <p>Flood waters rose across the valley on Tuesday, forcing more than 1,200 residents to leave
    their homes as the river crested above its banks for the first time in four decades.</p>
    <p>The regional emergency office said 14 shelters had opened overnight and that volunteers were
    handing out food and blankets to families who had arrived with little more than the clothes
    they were wearing.</p>
    <p>"We have never seen the water come up this fast," said Maria Lopez, the mayor of Riverton,
    who spent the night coordinating rescue boats along the flooded streets near the old mill.</p>
    <p>Forecasters expect the rain to ease by Thursday, but officials warned that the river could
    stay dangerously high through the weekend as water drains from the hills upstream.</p>
  </article>
  <footer class="site-footer">
    <p>Copyright 2024 Valley Courier Media Group. All rights reserved.</p>
    <a href="/privacy">Privacy policy</a> <a href="/terms">Terms of use</a>
  </footer>
</body>
</html>
"""

_NOT_DONE = "this record was not summarised"

NO_ARTICLE_PAGE = """<html><head><title>Valley Courier</title>
<script>window.dataLayer = [];</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav><script>loadAds();</script></body></html>
"""


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def jsonl(*lines: object) -> str:
    return "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)


def only(paths: list[Path]) -> InputItem:
    items = list(load_inputs(paths))
    assert len(items) == 1, items
    return items[0]


def assert_error(item: InputItem, kind: type[InputError], cause: str) -> None:
    """The error is exactly `kind`, names the item and its source, and states the cause."""
    assert item.article is None
    assert type(item.error) is kind
    assert item.error.article_id == item.id
    assert str(item.error) == f"article {item.id!r}: {item.source}: {cause}"


# --- a folder of every supported kind -------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order_skipping_hidden_and_other_suffixes(
    tmp_path: Path,
) -> None:
    root = tmp_path / "in"
    write(root / "a.txt", "Alpha text.")
    write(root / "b.md", "# Bravo\n\nMarkdown text.")
    write(root / "UPPER.TXT", "Suffixes match whatever their case.")
    write(root / "page.html", NEWS_PAGE)
    write(root / "one.json", json.dumps({"id": "j1", "text": "One.", "title": "T", "extra": 1}))
    write(root / "list.json", json.dumps([{"text": "First."}, {"id": 7, "text": "Second."}]))
    write(root / "feed.jsonl", jsonl({"id": "r1", "text": "R1."}, "", "   ", {"text": "Third."}))
    write(root / "notes.csv", "ignored,in,folders")
    write(root / ".hidden.txt", "hidden files are skipped")
    write(root / ".git" / "inside-hidden.txt", "hidden folders are skipped")
    write(root / "sub" / "article-1.txt", "Nested.")
    write(root / "sub" / "deeper" / "c.md", "Deeper.")

    items = list(load_inputs([root]))

    assert [(item.id, item.source) for item in items] == [
        ("UPPER", f"{root}/UPPER.TXT"),
        ("a", f"{root}/a.txt"),
        ("b", f"{root}/b.md"),
        ("r1", f"{root}/feed.jsonl:1"),
        ("feed:4", f"{root}/feed.jsonl:4"),
        ("list[0]", f"{root}/list.json[0]"),
        ("7", f"{root}/list.json[1]"),
        ("j1", f"{root}/one.json"),
        ("page", f"{root}/page.html"),
        ("sub/article-1", f"{root}/sub/article-1.txt"),
        ("sub/deeper/c", f"{root}/sub/deeper/c.md"),
    ]
    assert all(item.error is None and item.article is not None for item in items)
    articles = {item.id: item.article for item in items if item.article is not None}
    assert [article.id for article in articles.values()] == list(articles)
    assert articles["a"].text == "Alpha text."
    assert articles["b"].text == "# Bravo\n\nMarkdown text."
    assert (articles["a"].title, articles["a"].url, articles["a"].published) == (None, None, None)
    assert (articles["j1"].text, articles["j1"].title) == ("One.", "T")
    assert articles["feed:4"].text == "Third."
    assert [item.extracted for item in items] == [item.id == "page" for item in items]


def test_json_record_fields_become_article_fields(tmp_path: Path) -> None:
    record = {
        "id": "r-9",
        "text": "Body.",
        "title": "Headline",
        "url": "https://example.org/a",
        "published": "2024-01-02",
        "outlet": "Example Times",
        "tags": ["ignored"],
    }
    item = only([write(tmp_path / "single.json", json.dumps(record))])

    assert (item.id, item.source, item.error) == ("r-9", f"{tmp_path}/single.json", None)
    assert item.article is not None
    assert item.article.model_dump() == {k: v for k, v in record.items() if k != "tags"}


def test_a_json_object_without_id_takes_the_file_stem(tmp_path: Path) -> None:
    item = only([write(tmp_path / "lonely.json", json.dumps({"text": "Body."}))])

    assert item.id == "lonely"
    assert item.article is not None
    assert item.article.id == "lonely"


# --- file arguments -------------------------------------------------------------------------------


def test_a_file_argument_is_named_by_its_stem_and_any_suffix_is_read_as_text(
    tmp_path: Path,
) -> None:
    plain = write(tmp_path / "deep" / "story.txt", "\ufeffA story with a byte order mark.")
    readme = write(tmp_path / "README.rst", "Explicit files of any suffix are plain text.")
    hidden = write(tmp_path / ".draft", "Explicit hidden files are read too.")

    items = list(load_inputs([plain, readme, hidden]))

    assert [(item.id, item.source) for item in items] == [
        ("story", str(plain)),
        ("README", str(readme)),
        (".draft", str(hidden)),
    ]
    texts = [item.article.text if item.article else None for item in items]
    assert texts == [
        "A story with a byte order mark.",
        "Explicit files of any suffix are plain text.",
        "Explicit hidden files are read too.",
    ]


# --- HTML -----------------------------------------------------------------------------------------


def test_html_keeps_the_article_prose_and_drops_the_boilerplate(tmp_path: Path) -> None:
    item = only([write(tmp_path / "flood.html", NEWS_PAGE)])

    assert (item.id, item.error, item.extracted) == ("flood", None, True)
    assert item.article is not None
    text = item.article.text
    assert "forcing more than 1,200 residents to leave" in text
    assert "14 shelters had opened overnight" in text
    assert '"We have never seen the water come up this fast," said Maria Lopez' in text
    assert "as water drains from the hills upstream" in text
    for boilerplate in ("Subscribe today", "Sport", "Copyright", "Privacy policy", "dataLayer"):
        assert boilerplate not in text
    assert item.article.title == "Flood waters force 1,200 from their homes"
    assert item.article.url == "https://courier.example/news/flood-waters-rise"
    assert item.article.published == "2024-03-05"


@pytest.mark.parametrize(
    "page",
    [
        NO_ARTICLE_PAGE,
        # trafilatura itself returns "Home" for this one: its fallback takes the menu label.
        "<html><body><nav><a href='/'>Home</a></nav><script>x()</script></body></html>",
        "<html><head><title>Only a title</title></head><body>  </body></html>",
        "",
    ],
)
def test_an_html_page_without_an_article_is_an_error_item(tmp_path: Path, page: str) -> None:
    item = only([write(tmp_path / "nav.htm", page)])

    assert (item.id, item.extracted) == ("nav", False)
    assert_error(item, NoArticleTextError, "no article text found in the HTML page")


NOT_ARTICLES = sorted((Path(__file__).parent / "data" / "not_articles").glob("*.html"))


@pytest.mark.parametrize("page", NOT_ARTICLES, ids=[page.stem for page in NOT_ARTICLES])
def test_pages_with_no_story_are_refused_before_anything_is_sent(page: Path) -> None:
    # Login, cookie, 404, index, search, paywall pages: trafilatura extracts menu labels or
    # notices from them ("Home About"), which were once summarised and paid for.
    item = only([page])

    assert item.article is None
    assert type(item.error) is NoArticleTextError
    assert str(item.error).startswith(
        f"article {item.id!r}: {item.source}: no article text found in the HTML page"
    )


def test_the_refusal_says_what_the_page_held(tmp_path: Path) -> None:
    login = (
        '<html><body><nav><a href="/">Home</a> <a href="/about">About</a></nav>'
        "<form><button>Sign in</button></form><footer>&copy; 2024</footer></body></html>"
    )
    item = only([write(tmp_path / "c.html", login)])

    assert item.error is not None
    assert "c.html" in str(item.error)
    assert "10 characters ('Home About')" in str(item.error)
    assert f"at least {MIN_ARTICLE_CHARS}" in str(item.error)


# --- bad text files -------------------------------------------------------------------------------


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
def test_empty_and_blank_files_are_articles_the_library_rejects_later(
    tmp_path: Path, content: str
) -> None:
    item = only([write(tmp_path / "blank.txt", content)])

    assert item.error is None
    assert item.article is not None
    assert item.article.text == content


def test_a_5_mb_text_is_loaded_lazily_one_file_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = "word " * (1024 * 1024)
    write(tmp_path / "in" / "1-big.txt", big)
    write(tmp_path / "in" / "2-small.txt", "small")
    reads: list[str] = []
    real_read = inputs_module._read_bytes

    def spy(path: Path, base: str) -> bytes | object:
        reads.append(path.name)
        return real_read(path, base)

    monkeypatch.setattr(inputs_module, "_read_bytes", spy)
    items = load_inputs([tmp_path / "in"])
    assert reads == []

    first = next(items)
    assert reads == ["1-big.txt"]
    assert first.article is not None
    assert first.article.text == big
    assert [item.id for item in items] == ["2-small"]


def test_a_file_over_the_byte_cap_is_refused_unread(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as file:
        file.truncate(MAX_INPUT_BYTES + 1)  # sparse: costs no disk

    item = only([huge])

    size, cap = f"{MAX_INPUT_BYTES + 1:,}", f"{MAX_INPUT_BYTES:,}"
    cause = f"the file has {size} bytes, more than the {cap} an input may have"
    assert_error(item, ArticleTooLongError, cause)


@pytest.mark.parametrize(
    ("content", "offset"),
    [(b"abc\xffdef", 3), (b"\xef\xbb\xbfab\xc3", 5), ("caf\u00e9 ".encode() + b"\x80", 6)],
)
def test_invalid_utf8_names_the_byte_offset(tmp_path: Path, content: bytes, offset: int) -> None:
    item = only([write(tmp_path / "latin.txt", content)])

    assert_error(item, NotTextError, f"not valid UTF-8 at byte {offset}")


@pytest.mark.parametrize("name", ["image.txt", "image.html", "image.json", "image.jsonl"])
def test_a_binary_file_is_not_text(tmp_path: Path, name: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
    item = only([write(tmp_path / name, png)])

    assert (item.id, item.source) == ("image", str(tmp_path / name))
    assert_error(item, NotTextError, "binary file, not text")


# --- JSON and JSONL records -----------------------------------------------------------------------


def test_bad_jsonl_lines_become_error_items_and_good_lines_survive(tmp_path: Path) -> None:
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl(
            {"id": "ok-1", "text": "Fine."},
            '{"id": "broken", "text": ',
            {"id": "no-text", "title": "A title alone"},
            {"text": 42},
            ["not", "an", "object"],
            {"id": 1.5, "text": "Float ids are refused."},
            {"text": "Fine, without id."},
        ),
    )

    items = list(load_inputs([feed]))

    assert [(item.id, item.source) for item in items] == [
        ("ok-1", f"{feed}:1"),
        ("feed:2", f"{feed}:2"),
        ("no-text", f"{feed}:3"),
        ("feed:4", f"{feed}:4"),
        ("feed:5", f"{feed}:5"),
        ("feed:6", f"{feed}:6"),
        ("feed:7", f"{feed}:7"),
    ]
    assert [item.error is None for item in items] == [True, False, False, False, False, False, True]
    bad_json = "not valid JSON: Expecting value: line 1 column 26 (char 25)"
    assert_error(items[1], BadRecordError, bad_json)
    assert_error(items[2], BadRecordError, "record has no text field")
    assert_error(items[3], BadRecordError, "text must be a string, not number")
    assert_error(items[4], BadRecordError, "a record must be a JSON object, not array")
    assert_error(items[5], BadRecordError, "id must be a string or an integer, not number")


def test_invalid_utf8_in_a_jsonl_line_names_its_byte_in_the_file(tmp_path: Path) -> None:
    first = b'{"text": "ok"}\n'
    feed = write(tmp_path / "feed.jsonl", first + b'{"text": "caf\xe9"}\n{"text": "after"}\n')

    items = list(load_inputs([feed]))

    assert [item.id for item in items] == ["feed:1", "feed:2", "feed:3"]
    assert_error(items[1], NotTextError, f"not valid UTF-8 at byte {len(first) + 13}")
    assert items[2].article is not None


def test_a_json_file_that_does_not_parse_is_one_error_item(tmp_path: Path) -> None:
    item = only([write(tmp_path / "broken.json", '[{"text": "a"}, {"text": ')])

    assert (item.id, item.source) == ("broken", str(tmp_path / "broken.json"))
    cause = "not valid JSON: Expecting value: line 1 column 26 (char 25)"
    assert_error(item, BadRecordError, cause)


def test_json_list_entries_are_checked_one_by_one(tmp_path: Path) -> None:
    path = write(tmp_path / "batch.json", json.dumps([{"text": "a"}, {"text": None}, "loose"]))

    items = list(load_inputs([path]))

    assert [(item.id, item.source) for item in items] == [
        ("batch[0]", f"{path}[0]"),
        ("batch[1]", f"{path}[1]"),
        ("batch[2]", f"{path}[2]"),
    ]
    assert items[0].error is None
    assert_error(items[1], BadRecordError, "text must be a string, not null")
    assert_error(items[2], BadRecordError, "a record must be a JSON object, not string")


# --- duplicates -----------------------------------------------------------------------------------


def test_duplicate_ids_keep_the_first_and_mark_the_rest(tmp_path: Path) -> None:
    first = write(tmp_path / "one" / "x.txt", "First x.")
    second = write(tmp_path / "two" / "x.txt", "Second x.")
    feed = write(
        tmp_path / "feed.jsonl",
        jsonl({"id": "x", "text": "Third x."}, {"id": "x#2", "text": "Taken."}, {"id": "x"}),
    )

    items = list(load_inputs([tmp_path / "one", tmp_path / "two", feed]))

    assert [(item.id, item.source) for item in items] == [
        ("x", str(first)),
        ("x#2", str(second)),
        ("x#3", f"{feed}:1"),
        ("x#2#2", f"{feed}:2"),
        ("x#4", f"{feed}:3"),
    ]
    assert items[0].article is not None
    assert items[0].article.text == "First x."
    used = "is already used by"
    assert_error(items[1], DuplicateIdError, f"id 'x' {used} {first}; {_NOT_DONE}")
    assert_error(items[2], DuplicateIdError, f"id 'x' {used} {first}; {_NOT_DONE}")
    assert_error(items[3], DuplicateIdError, f"id 'x#2' {used} {second}; {_NOT_DONE}")
    # An input that failed anyway keeps its own cause, under a unique id.
    assert_error(items[4], BadRecordError, "record has no text field")


def test_the_same_file_given_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = write(tmp_path / "same.md", "Once.")

    items = list(load_inputs([path, path]))

    assert [item.id for item in items] == ["same", "same#2"]
    assert items[0].article is not None
    assert_error(items[1], DuplicateIdError, f"id 'same' is already used by {path}; {_NOT_DONE}")


# --- unreadable and missing paths -----------------------------------------------------------------


def test_an_unreadable_file_is_an_error_item(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.txt", "secret")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        item = only([locked])
    finally:
        locked.chmod(0o600)

    assert_error(item, UnreadableInputError, "cannot read: Permission denied")


def test_an_os_error_while_opening_is_an_error_item(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Covers the same path as chmod 000 where the tests run as root (which reads anything).
    path = write(tmp_path / "in" / "denied.txt", "secret")
    write(tmp_path / "in" / "fine.txt", "fine")
    real_open = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "denied.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", deny)
    items = list(load_inputs([tmp_path / "in"]))

    assert [item.id for item in items] == ["denied", "fine"]
    assert items[0].source == str(path)
    assert_error(items[0], UnreadableInputError, "cannot read: Permission denied")
    assert items[1].article is not None


def test_a_file_in_a_folder_that_cannot_be_searched_is_an_error_item(tmp_path: Path) -> None:
    closed = tmp_path / "closed"
    inside = write(closed / "inside.txt", "Behind a folder without search permission.")
    closed.chmod(0o600)  # readable listing, but no x: stat on anything inside is denied
    try:
        if os.access(inside, os.R_OK):
            pytest.skip("running as root: chmod does not stop reading")
        item = only([inside])
    finally:
        closed.chmod(0o700)

    assert (item.id, item.source) == ("inside", str(inside))
    assert_error(item, UnreadableInputError, "cannot read: Permission denied")


def test_an_unreadable_folder_is_an_error_item(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "a.txt", "A.")
    locked = root / "locked"
    write(locked / "b.txt", "B.")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading")
        items = list(load_inputs([root]))
    finally:
        locked.chmod(0o700)

    assert [item.id for item in items] == ["a", "locked"]
    assert_error(items[1], UnreadableInputError, "cannot read: Permission denied")


def test_a_fifo_is_refused_instead_of_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)

    assert_error(only([fifo]), UnreadableInputError, "cannot read: not a regular file")


def test_a_symlink_loop_in_a_folder_ends(tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "a.txt", "A.")
    (root / "loop").symlink_to(root)

    assert [item.id for item in load_inputs([root])] == ["a"]


def test_links_that_loop_or_dangle_inside_a_folder_each_get_an_error_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = tmp_path / "loop"
    root.mkdir()
    (root / "a").symlink_to(root / "b")
    (root / "b").symlink_to(root / "a")
    (root / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    write(root / "c.txt", "C.")
    write(root / "notes.pdf", "not an article")

    items = list(load_inputs([root]))

    assert [item.id for item in items] == ["a", "b", "c", "gone"]
    assert_error(items[0], UnreadableInputError, "cannot read: Too many levels of symbolic links")
    assert_error(items[1], UnreadableInputError, "cannot read: Too many levels of symbolic links")
    assert_error(items[3], UnreadableInputError, "cannot read: No such file or directory")
    assert "ignored 1 file(s) that are not articles (notes.pdf)" in caplog.text


def test_a_missing_path_raises_before_anything_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    present = write(tmp_path / "present.txt", "Here.")
    missing = tmp_path / "nowhere" / "gone.txt"
    monkeypatch.setattr(inputs_module, "_walk", lambda _paths: pytest.fail("read something"))

    with pytest.raises(MissingInputError) as caught:
        load_inputs([present, missing])

    assert str(caught.value) == f"input path does not exist: {missing}"
    assert isinstance(caught.value, InputError)


def test_a_dangling_symlink_is_missing(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "target-that-does-not-exist.txt")

    with pytest.raises(MissingInputError, match="input path does not exist"):
        load_inputs([link])
