"""The pages in a real browser: Debian's chromium, driven headless by Playwright for Python.

Never downloads a browser (no `playwright install`): it launches /usr/bin/chromium. Without it,
or without playwright, the tests skip and say why; with SUMMARIZER_REQUIRE_BROWSER=1 (as in CI)
that is a failure instead. Screenshots of every page go to SUMMARIZER_SCREENSHOT_DIR (default: a
pytest temporary folder), to be looked at.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from summarizer.eval.predict import load_predictions, predict_baseline
from summarizer.eval.reporting.html_compare import compare_page
from summarizer.eval.reporting.html_report import score_page
from summarizer.eval.reporting.report import compare_results, score
from summarizer.eval.scoring.fixtures import label, load_fixtures
from summarizer.pages.article_texts import ArticleTexts
from summarizer.pages.markup import write_page
from summarizer.pages.view import INDEX, write_pages
from summarizer.schema.briefing import Attribution, Event, Figure
from summarizer.schema.records import Result
from tests.conftest import Make
from tests.fake_openai import ScriptedOpenAIServer
from tests.pages import (
    CHROMIUM,
    CHROMIUM_ARGS,
    HOSTILE_DRAFT,
    HOSTILE_ID,
    HOSTILE_TEXT,
    SEED_ID,
    VIEWPORT,
    newsdesk,
    run_folder,
    write_articles,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

ROOT = Path(__file__).resolve().parents[1]
# Read at import: the autouse `_offline` fixture removes every SUMMARIZER_* variable per test.
REQUIRE_BROWSER = os.environ.get("SUMMARIZER_REQUIRE_BROWSER") == "1"
SCREENSHOT_DIR = os.environ.get("SUMMARIZER_SCREENSHOT_DIR")
EVENT_AMBER = "rgb(253, 230, 138)"  # --event in pages.css: proves the stylesheet applied


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} not found (Debian: apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    reason = _missing()
    if reason is not None:
        if REQUIRE_BROWSER:
            pytest.fail(f"SUMMARIZER_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(SCREENSHOT_DIR) if SCREENSHOT_DIR else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Visit:
    """A page opened offline, with everything it tried and complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture
def visit(browser: Browser) -> Iterator[Callable[[Path], Visit]]:
    """Open a local file with the network off; any request not for a file:// URL is aborted."""
    context = browser.new_context(viewport=VIEWPORT, offline=True)  # type: ignore[arg-type]
    context.set_default_timeout(10_000)

    def open_page(path: Path) -> Visit:
        page = context.new_page()
        seen = Visit(page)
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda m: _console(seen, m))
        page.on("pageerror", lambda error: seen.errors.append(str(error)))
        page.on("dialog", lambda dialog: _dialog(seen, dialog))
        page.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.url.startswith("file://") else route.abort()
            ),
        )
        page.goto(path.as_uri())
        return seen

    yield open_page
    context.close()


def _dialog(seen: Visit, dialog: Dialog) -> None:
    seen.dialogs.append(dialog.message)
    dialog.dismiss()


def _console(seen: Visit, message: ConsoleMessage) -> None:
    # A Content-Security-Policy violation is reported as a console error, so this also proves
    # that the page's own style and script were allowed and nothing else was attempted.
    if message.type == "error":
        seen.errors.append(message.text)


@pytest.fixture
def briefings(make: Make, server: ScriptedOpenAIServer, tmp_path: Path) -> dict[str, Path]:
    """Briefing pages of the seed and the hostile article, and their index, by id."""
    server.respond_with(newsdesk)
    articles = write_articles(tmp_path / "articles")
    results = run_folder(make(grounding="lenient", max_reasks=0), articles[SEED_ID].parent)
    written = write_pages(results, tmp_path / "pages", ArticleTexts())
    pages = {result.id: path for result, path in zip(results, written.pages, strict=True)}
    return {**pages, INDEX: written.index, "results": _jsonl(results, tmp_path)}


def _jsonl(results: list[Result], tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in results), encoding="utf-8")
    return path


def _results(briefings: dict[str, Path]) -> dict[str, Result]:
    lines = briefings["results"].read_text("utf-8").splitlines()
    return {r.id: r for r in (Result.model_validate_json(line) for line in lines)}


def _highlight_ids(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        "() => [...document.querySelectorAll('mark[data-starts]')]"
        ".flatMap(m => m.dataset.starts.split(' '))"
    )
    return found


def _assert_clean(seen: Visit) -> None:
    assert seen.errors == []
    assert seen.dialogs == []
    assert all(url.startswith("file://") for url in seen.requests), seen.requests


def test_one_highlight_per_grounded_item_and_a_click_shows_it(
    visit: Callable[[Path], Visit], briefings: dict[str, Path], shots: Path
) -> None:
    briefing = _results(briefings)[SEED_ID].briefing
    assert briefing is not None
    lists: dict[str, Sequence[Event | Figure | Attribution]] = {
        "event": briefing.events,
        "figure": briefing.figures,
        "attribution": briefing.attributions,
    }
    seen = visit(briefings[SEED_ID])
    page = seen.page

    ids = _highlight_ids(page)
    grounded = {k: sum(i.evidence.start is not None for i in v) for k, v in lists.items()}
    assert len(ids) == sum(grounded.values()) == 9
    assert {k: sum(f"-{k}-" in i for i in ids) for k in lists} == grounded

    unverified = page.locator('mark[data-starts~="b-figure-5"]')
    assert "figure 5: 2,000" in (unverified.get_attribute("title") or "")  # the hover text
    unverified.click()
    selection = page.locator(".selection")
    assert selection.is_visible()
    assert "2,000 — aid trucks let through the Rafah crossing" in selection.inner_text()
    assert "unverified" in selection.inner_text()
    assert "active" in (page.locator("#item-b-figure-5").get_attribute("class") or "")
    page.screenshot(path=shots / "briefing-selected.png")

    page.locator("#item-b-event-1").click()  # and back: the item selects its highlight
    active = page.locator("mark.active")
    assert active.count() >= 1
    assert all("b-event-1" in (m.get_attribute("data-items") or "") for m in active.all())
    assert page.eval_on_selector("mark.k-event", "m => getComputedStyle(m).backgroundColor") == (
        EVENT_AMBER
    )
    page.screenshot(path=shots / "briefing-page.png")
    _assert_clean(seen)


def test_a_hostile_article_runs_nothing_and_reads_literally(
    visit: Callable[[Path], Visit], briefings: dict[str, Path], shots: Path, tmp_path: Path
) -> None:
    fixture = label({"article": {"id": HOSTILE_ID, "text": HOSTILE_TEXT}, "gold": HOSTILE_DRAFT})
    predictions = {HOSTILE_ID: predict_baseline(fixture)}
    report = tmp_path / "hostile-report.html"
    write_page(score_page(score([fixture], predictions), [fixture], predictions), report)

    for path in (briefings[HOSTILE_ID], briefings[INDEX], report):
        seen = visit(path)
        page = seen.page
        for summary in page.locator("summary").all():
            summary.click()  # opens the report's collapsed sections
        for mark in page.locator("mark[data-items]").all():
            mark.click()
        assert page.evaluate("() => window.__pwned === undefined")
        assert "pwned" not in page.title()
        assert page.evaluate("() => document.scripts.length") == 1
        assert page.locator("img, textarea, iframe").count() == 0
        text = page.inner_text("body")
        assert "<img src=x onerror=" in text
        if path != briefings[INDEX]:
            assert "<script>window.__pwned = 1;" in text
            assert "</textarea><script>" in text
        _assert_clean(seen)
        page.screenshot(path=shots / f"hostile-{path.stem[:20]}.png")


def test_pages_render_with_the_network_off(
    visit: Callable[[Path], Visit], briefings: dict[str, Path], tmp_path: Path
) -> None:
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    manifest, predictions = load_predictions(ROOT / "evals" / "predictions" / "baseline")
    results = score(fixtures, predictions, manifest)
    report, compared = tmp_path / "report.html", tmp_path / "compare.html"
    write_page(score_page(results, fixtures, predictions), report)
    write_page(compare_page(compare_results(results, results), results, results), compared)

    for path in (briefings[INDEX], briefings[SEED_ID], report, compared):
        seen = visit(path)
        assert seen.page.locator("h1").inner_text()
        assert seen.requests == [path.as_uri()]  # the page itself, and nothing else
        _assert_clean(seen)
    seen = visit(briefings[SEED_ID])
    seen.page.locator("mark[data-starts]").first.click()
    assert seen.page.locator(".selection").is_visible()  # the script ran under the CSP


def test_the_eval_report_pairs_gold_and_predicted_in_the_text(
    visit: Callable[[Path], Visit], tmp_path: Path, shots: Path
) -> None:
    fixtures = load_fixtures(ROOT / "evals" / "fixtures")
    manifest, predictions = load_predictions(ROOT / "evals" / "predictions" / "baseline")
    results = score(fixtures, predictions, manifest)
    report = tmp_path / "report.html"
    write_page(score_page(results, fixtures, predictions), report)
    seen = visit(report)
    page = seen.page
    page.screenshot(path=shots / "eval-report.png")

    section = page.locator("details.article", has_text=SEED_ID.replace("-rafah", ""))
    section.locator("summary").click()
    pair = section.locator("tr.v-row-partial").first
    gold, pred = (pair.get_attribute("data-select") or "").split()
    pair.click()
    assert "active" in (pair.get_attribute("class") or "")
    for item in (gold, pred):
        marks = section.locator(f'mark[data-items~="{item}"]')
        assert marks.count() >= 1
        assert all("active" in (m.get_attribute("class") or "") for m in marks.all())
    page.screenshot(path=shots / "eval-article.png")

    section.locator('input[data-hide="hide-pred"]').uncheck()
    predicted = section.locator(f'mark[data-items~="{pred}"]').first
    assert predicted.evaluate("m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    _assert_clean(seen)


def test_the_reconcile_page_opens_clean_and_its_numbers_lead_to_their_evidence(
    visit: Callable[[Path], Visit], tmp_path: Path, shots: Path
) -> None:
    from summarizer.eval.reconciling.gold import gold_briefing
    from summarizer.eval.scoring.fixtures import load_fixture
    from summarizer.pages.reconciled import reconcile_page
    from summarizer.reconciliation.reconciler import reconcile

    fixtures = [
        load_fixture(ROOT / "evals" / "fixtures" / f"{name}.json")
        for name in ("seed-000-jabaliya", "seed-003-rafah")
    ]
    results = [
        Result(id=f.id, status="ok", source=f.id, briefing=gold_briefing(f)) for f in fixtures
    ]
    articles = [f.article.as_article() for f in fixtures]
    folder = tmp_path / "articles"
    folder.mkdir()
    for article in articles:
        (folder / f"{article.resolved_id}.txt").write_text(article.text, encoding="utf-8")
    write_pages(results, tmp_path / "pages", ArticleTexts([folder]))
    report = reconcile([r.briefing for r in results if r.briefing], articles=articles)
    page_path = tmp_path / "reconciled.html"
    write_page(reconcile_page(report, pages="pages"), page_path)

    seen = visit(page_path)
    _assert_clean(seen)
    seen.page.screenshot(path=shots / "reconcile.png")
    link = seen.page.locator("a", has_text="9,061").first
    href = link.get_attribute("href")
    assert href is not None
    link.click()
    seen.page.wait_for_load_state()
    target, _, anchor = href.partition("#")
    assert seen.page.url.endswith(f"{target}#{anchor}")
    assert seen.page.locator(f"#{anchor}").count() == 1
    assert "9,061" in seen.page.locator(f"#{anchor}").inner_text()
    _assert_clean(seen)
