"""Briefing pages (`summarizer view`): highlights, escaping, the CSP, finding the article text.

These parse the written HTML (lxml) and run everywhere; `test_pages_browser.py` opens the same
pages in a real browser.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.pages.article_texts import ArticleTexts
from summarizer.pages.markup import Span, highlighted, http_url, split_segments, visible
from summarizer.pages.view import INDEX, page_names, write_pages
from summarizer.schema.briefing import Attribution, Event, Figure
from summarizer.schema.records import Result
from tests.conftest import API_KEY, Make
from tests.fake_openai import ScriptedOpenAIServer
from tests.pages import (
    HOSTILE_ID,
    HOSTILE_TEXT,
    SEED_ID,
    newsdesk,
    run_folder,
    write_articles,
    write_results,
)

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def results(make: Make, server: ScriptedOpenAIServer, tmp_path: Path) -> list[Result]:
    """The seed (verified, repaired and unverified items), the hostile article, an empty file."""
    server.respond_with(newsdesk)
    summarizer = make(grounding="lenient", max_reasks=0)
    return run_folder(summarizer, write_articles(tmp_path / "articles")[SEED_ID].parent)


def by_id(results: list[Result], article_id: str) -> Result:
    return next(result for result in results if result.id == article_id)


def written(results: list[Result], out: Path) -> dict[str, lxml.html.HtmlElement]:
    pages = write_pages(results, out, ArticleTexts())
    names = dict(zip(sorted({r.id for r in results}), pages.pages, strict=True))
    return {article_id: lxml.html.parse(str(path)).getroot() for article_id, path in names.items()}


def located(result: Result) -> Counter[str]:
    """Items whose evidence has offsets, by kind: what the page must highlight."""
    briefing = result.briefing
    assert briefing is not None
    lists: dict[str, Sequence[Event | Figure | Attribution]] = {
        "event": briefing.events,
        "figure": briefing.figures,
        "attribution": briefing.attributions,
    }
    return Counter({k: sum(i.evidence.start is not None for i in v) for k, v in lists.items()})


def highlight_starts(page: lxml.html.HtmlElement) -> list[str]:
    """Every highlight on the page: each item's id appears in data-starts exactly once."""
    return [
        i for mark in page.xpath("//mark[@data-starts]") for i in mark.get("data-starts").split()
    ]


def test_every_located_item_is_one_highlight_of_its_kind(
    results: list[Result], tmp_path: Path
) -> None:
    seed = by_id(results, SEED_ID)
    page = written(results, tmp_path / "out")[SEED_ID]

    starts = highlight_starts(page)
    assert len(starts) == len(set(starts))
    by_kind = Counter(item_id.split("-")[1] for item_id in starts)
    assert by_kind == located(seed)
    assert sum(by_kind.values()) == 9  # the seed draft's items all align
    for item_id in starts:  # each highlight points at a card that exists
        assert page.get_element_by_id(f"item-{item_id}") is not None


def test_the_article_text_is_shown_whole_and_verbatim(
    results: list[Result], tmp_path: Path
) -> None:
    page = written(results, tmp_path / "out")[SEED_ID]
    (article,) = page.xpath("//div[@class='article-text']")
    assert article.text_content() == (ROOT / "tests/data/seeds/003_7ca092153d92ac16.txt").read_text(
        "utf-8"
    )


def test_overlapping_evidence_is_cut_into_segments_that_name_every_item(
    results: list[Result], tmp_path: Path
) -> None:
    page = written(results, tmp_path / "out")[SEED_ID]
    # Figures 1 and 2 share their evidence, and attribution 1's evidence overlaps it.
    shared = [
        set(mark.get("data-items").split())
        for mark in page.xpath("//mark[@data-items]")
        if "said 9,061 people have been killed in Gaza" in mark.text_content()
    ]
    assert {"b-figure-1", "b-figure-2", "b-attribution-1"} in shared
    assert any("nested" in mark.get("class") for mark in page.xpath("//mark[@data-items]"))


def test_repaired_and_unverified_items_are_marked(results: list[Result], tmp_path: Path) -> None:
    seed = by_id(results, SEED_ID)
    assert seed.briefing is not None
    statuses = [f.grounding.status for f in seed.briefing.figures]
    assert statuses[3:] == ["repaired", "unverified"]
    page = written(results, tmp_path / "out")[SEED_ID]

    repaired, unverified = (
        page.get_element_by_id("item-b-figure-4"),
        page.get_element_by_id("item-b-figure-5"),
    )
    assert "st-repaired" in repaired.get("class")
    assert "repaired (edit" in repaired.text_content()
    assert "st-unverified" in unverified.get("class")
    problem = seed.briefing.figures[4].grounding.problems[0]
    assert problem in unverified.text_content()
    notice = page.get_element_by_id("grounding-notice").text_content()
    assert "1 unverified" in notice
    assert "1 repaired" in notice
    marks = {m.get("data-starts"): m.get("class") for m in page.xpath("//mark[@data-starts]")}
    assert "st-unverified" in marks["b-figure-5"]


def test_the_provenance_is_shown(results: list[Result], tmp_path: Path) -> None:
    seed = by_id(results, SEED_ID)
    assert seed.briefing is not None
    prov = seed.briefing.provenance
    table = written(results, tmp_path / "out")[SEED_ID].xpath("//table[@class='provenance']")[0]
    shown = " ".join(table.text_content().split())
    assert prov.model in shown
    assert prov.prompt_version in shown
    assert f"{prov.usage.total_tokens:,} tokens" in shown
    assert prov.cost_usd is not None
    assert f"${prov.cost_usd:.4f}" in shown


def test_hostile_text_and_output_stay_text(results: list[Result], tmp_path: Path) -> None:
    hostile = by_id(results, HOSTILE_ID)
    assert hostile.status == "ok"
    page = written(results, tmp_path / "out")[HOSTILE_ID]

    scripts = page.xpath("//script")
    assert len(scripts) == 1  # the page's own
    assert "__pwned" not in (scripts[0].text or "")
    assert not page.xpath("//img | //textarea | //iframe | //object | //embed")
    handlers = [a for el in page.iter() for a in el.attrib if a.lower().startswith("on")]
    assert handlers == []
    body = page.xpath("//body")[0].text_content()
    for payload in ("<script>window.__pwned = 1;", 'onerror="window.__pwned = 2;', "</textarea>"):
        assert payload in body
    # The id (file name and title) is escaped as well, and invisible characters are spelt out.
    assert page.findtext(".//title").startswith(HOSTILE_ID)
    assert "\\u202e" in body
    assert "\\x07" in body
    assert "\u202e" not in body


def test_pages_load_nothing_from_anywhere(results: list[Result], tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_pages(results, out, ArticleTexts())
    for path in out.glob("*.html"):
        page = lxml.html.parse(str(path)).getroot()
        assert not page.xpath("//@src | //link | //@srcset | //@poster | //@formaction")
        hrefs = page.xpath("//@href")
        assert all(h == INDEX or (h.endswith(".html") and "/" not in h) for h in hrefs), hrefs
        (style,) = page.xpath("//style")
        assert "url(" not in (style.text or "")
        assert "@import" not in (style.text or "")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def test_the_csp_forbids_the_network_and_allows_exactly_the_page_assets(
    results: list[Result], tmp_path: Path
) -> None:
    page = written(results, tmp_path / "out")[SEED_ID]
    (meta,) = page.xpath('//meta[@http-equiv="Content-Security-Policy"]')
    policy = dict(part.strip().split(" ", 1) for part in meta.get("content").split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == _csp_hash(page.xpath("//script")[0].text)
    assert policy["style-src"] == _csp_hash(page.xpath("//style")[0].text)
    assert "unsafe-inline" not in meta.get("content")
    # The policy must come before anything it governs.
    head = page.find("head")
    assert [el.tag for el in head][:2] == ["meta", "meta"]


def test_a_failure_gets_a_page_and_an_index_row(results: list[Result], tmp_path: Path) -> None:
    pages = write_pages(results, tmp_path / "out", ArticleTexts())
    empty = lxml.html.parse(str(tmp_path / "out" / "empty.html")).getroot()
    assert "EmptyArticleError" in empty.text_content()
    index = lxml.html.parse(str(pages.index)).getroot()
    links = index.xpath("//table[@class='index']//a/@href")
    assert sorted(links) == sorted(p.name for p in pages.pages)
    assert "EmptyArticleError" in index.text_content()


def test_a_briefing_without_its_text_lists_its_evidence_without_highlights(
    results: list[Result], tmp_path: Path
) -> None:
    seed = by_id(results, SEED_ID).model_copy(update={"source": str(tmp_path / "gone.txt")})
    pages = write_pages([seed], tmp_path / "out", ArticleTexts())
    assert pages.without_text == [SEED_ID]
    page = lxml.html.parse(str(pages.pages[0])).getroot()
    assert highlight_starts(page) == []
    assert "article text was not found" in page.text_content()
    assert "not located in the text shown" in page.text_content()


def test_texts_are_found_by_hash_from_sources_and_given_inputs(
    results: list[Result], tmp_path: Path
) -> None:
    seed = by_id(results, SEED_ID)
    assert seed.source is not None
    text = Path(seed.source).read_text("utf-8")
    assert ArticleTexts().find(seed) == text

    record = {"id": SEED_ID, "text": text}
    jsonl = tmp_path / "records.jsonl"
    jsonl.write_text(json.dumps({"id": "other", "text": "x"}) + "\n" + json.dumps(record) + "\n")
    moved = seed.model_copy(update={"source": f"{jsonl}:2"})
    assert ArticleTexts().find(moved) == text  # "path:LINE" names the JSONL file

    Path(seed.source).write_text(text + " (edited)", encoding="utf-8")
    assert ArticleTexts().find(seed) is None  # offsets into another text would mislead
    elsewhere = tmp_path / "kept"
    elsewhere.mkdir()
    (elsewhere / "copy.txt").write_text(text, encoding="utf-8")
    assert ArticleTexts([elsewhere]).find(seed) == text


def test_page_names_are_safe_unique_and_never_the_index() -> None:
    ids = ["seed-003", "../../etc/passwd", "a b", "Seed-003", "index", "x" * 300, "", "ü"]
    names = page_names(ids)
    assert names[0] == "seed-003.html"
    assert len({n.casefold() for n in names}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9._-]+\.html", n) for n in names)
    assert INDEX not in names
    assert all(len(n) < 100 for n in names)


@given(
    st.text(min_size=0, max_size=40),
    st.lists(st.tuples(st.integers(-5, 45), st.integers(-5, 45)), max_size=6),
)
def test_segments_rebuild_the_text_and_start_each_span_once(
    text: str, ranges: list[tuple[int, int]]
) -> None:
    spans = [
        Span(start, end, f"i{n}", "event", "verified", "label")
        for n, (start, end) in enumerate(ranges)
    ]
    segments = split_segments(text, spans)
    assert "".join(s.text for s in segments) == text
    usable = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    assert sorted(s.item for seg in segments for s in seg.starts) == sorted(s.item for s in usable)
    offset = 0
    for segment in segments:
        for span in usable:
            inside = span.start <= offset and offset + len(segment.text) <= span.end
            assert (span in segment.spans) == inside
        offset += len(segment.text)


def test_highlighted_text_escapes_everything_it_is_given() -> None:
    text = "a <b>&amp; \x1b[31m</mark>"
    spans = [Span(2, 5, "x-event-1", "event", "verified", 'say "<hi>"')]
    html = str(highlighted(text, spans))
    assert "<b>" not in html
    assert "</mark>" in html
    assert html.count("</mark>") == 1
    assert "&lt;/mark&gt;" in html
    assert 'title="say &#34;&lt;hi&gt;&#34;"' in html
    assert '<span class="ctl">\\x1b</span>' in html
    assert str(visible("\u2066x")) == '<span class="ctl">\\u2066</span>x'
    assert str(visible("line\r\nnext\tcell")) == "line\r\nnext\tcell"  # layout, not controls


def test_only_http_urls_become_links() -> None:
    assert http_url("https://en.wikinews.org/wiki/X") == "https://en.wikinews.org/wiki/X"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//x", None, 3):
        assert http_url(bad) is None
    assert http_url("https://x.org/\u202eexe") is None


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_view_command_writes_pages_and_an_index(results: list[Result], tmp_path: Path) -> None:
    jsonl = write_results(results, tmp_path / "briefings.jsonl")
    done = _cli("view", str(jsonl), "-o", str(tmp_path / "pages"))
    assert done.returncode == 0, done.stderr
    assert "wrote 3 pages" in done.stdout
    assert (tmp_path / "pages" / INDEX).is_file()
    assert (tmp_path / "pages" / f"{SEED_ID}.html").is_file()
    assert done.stderr == ""
    assert API_KEY not in (tmp_path / "pages" / f"{SEED_ID}.html").read_text("utf-8")


def test_view_command_warns_when_a_text_is_missing(results: list[Result], tmp_path: Path) -> None:
    seed = by_id(results, SEED_ID)
    assert seed.source is not None
    Path(seed.source).unlink()
    jsonl = write_results([seed], tmp_path / "briefings.jsonl")
    done = _cli("view", str(jsonl), "-o", str(tmp_path / "pages"))
    assert done.returncode == 0
    assert "article text not found for 1 briefings" in done.stderr
    assert "--articles" in done.stderr


def test_view_command_errors_are_one_line(tmp_path: Path) -> None:
    missing = _cli("view", str(tmp_path / "nope.jsonl"), "-o", str(tmp_path / "o"))
    assert missing.returncode == 2
    empty = tmp_path / "empty.jsonl"
    empty.write_text("not json\n", encoding="utf-8")
    nothing = _cli("view", str(empty), "-o", str(tmp_path / "o"))
    assert nothing.returncode == 2
    assert "no result" in nothing.stderr
    for done in (missing, nothing):
        assert "Traceback" not in done.stderr


def test_view_command_id_filter(results: list[Result], tmp_path: Path) -> None:
    jsonl = write_results(results, tmp_path / "briefings.jsonl")
    one = _cli("view", str(jsonl), "-o", str(tmp_path / "one"), "--id", SEED_ID)
    assert one.returncode == 0, one.stderr
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [INDEX, f"{SEED_ID}.html"]
    unknown = _cli("view", str(jsonl), "-o", str(tmp_path / "two"), "--id", "nope")
    assert unknown.returncode == 1
    assert "no result with id 'nope'" in unknown.stderr


def test_hostile_text_is_what_the_article_says() -> None:
    # Guard for the fixtures themselves: the payloads must be in the article verbatim, or the
    # hostile tests would pass without showing anything hostile.
    assert "<script>" in HOSTILE_TEXT
    assert "onerror=" in HOSTILE_TEXT
    assert "</textarea>" in HOSTILE_TEXT


def test_the_readme_shows_both_pages_from_committed_screenshots() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    pages = readme.split("## Pages", 1)[1].split("\n## ", 1)[0]
    for command in ("summarizer view briefings.jsonl -o", "--html report.html"):
        assert command in pages
    for name in ("briefing-page.png", "eval-report.png"):
        assert f"](docs/{name})" in pages
        data = (ROOT / "docs" / name).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert len(data) < 400_000
