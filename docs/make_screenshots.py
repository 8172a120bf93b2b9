"""Make the README's screenshots: docs/briefing-page.png and docs/eval-report.png.

Runs the README's commands for real: `summarizer run` on the seed article against the scripted
OpenAI-compatible server of the tests (its replies include one item the library repairs and one
it cannot verify, kept by lenient grounding), `summarizer view`, and `summarizer eval score
--html` on the committed baseline predictions. Then Debian's chromium (never a downloaded
browser) photographs the pages at 1280x800.

    python docs/make_screenshots.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.fake_openai import ScriptedOpenAIServer  # noqa: E402
from tests.pages import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    SEED_003,
    SEED_ID,
    VIEWPORT,
    newsdesk,
)

DOCS = ROOT / "docs"


def summarizer(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> None:
    """Run a `summarizer` command (from the repository root by default); stop on failure."""
    command = [sys.executable, "-m", "summarizer", *args]
    print("$ summarizer", " ".join(args))
    subprocess.run(command, cwd=cwd, env=env, check=True)


def briefing_pages(work: Path) -> Path:
    """`summarizer run` then `summarizer view` on the seed article; the seed's page."""
    articles = work / "articles"
    articles.mkdir()
    (articles / f"{SEED_ID}.txt").write_text(SEED_003.read_text("utf-8"), encoding="utf-8")
    with ScriptedOpenAIServer() as server:
        server.respond_with(newsdesk)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SUMMARIZER_", "OPENAI_"))}
        env.update(
            OPENAI_BASE_URL=server.base_url,
            OPENAI_API_KEY="sk-scripted",
            SUMMARIZER_MODEL="scripted-demo",  # not a real model: say so on the page
            SUMMARIZER_MAX_REASKS="0",
        )
        # Relative paths, as a user would type them: the page shows where the article came from.
        run = ("run", "articles/", "-o", "briefings.jsonl", "--grounding", "lenient", "--no-cache")
        summarizer(*run, cwd=work, env=env)
    summarizer("view", "briefings.jsonl", "-o", "pages/", cwd=work)
    return work / "pages" / f"{SEED_ID}.html"


def eval_report(work: Path) -> Path:
    """`summarizer eval score --html` on the committed baseline predictions."""
    report = work / "report.html"
    summarizer(
        "eval", "score", "evals/predictions/baseline", "--out", str(work / "scored"),
        "--html", str(report),
    )  # fmt: skip
    return report


def photograph_briefing(page: Page, path: Path) -> None:
    """The seed's page with its repaired figure selected."""
    page.goto(path.as_uri())
    page.locator('mark[data-starts~="b-figure-4"]').click()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=DOCS / "briefing-page.png")


def photograph_report(page: Page, path: Path) -> None:
    """The seed's section of the eval report, a partially correct figure pair selected."""
    page.goto(path.as_uri())
    section = page.locator("details.article", has_text="seed-003-rafah")
    section.locator("summary").click()
    figures = section.locator('h3[data-list="figures"]')
    figures.locator(
        "xpath=following-sibling::table[1]//tr[contains(@class, 'v-row-partial')]"
    ).first.click()
    figures.evaluate("h => h.scrollIntoView()")
    page.evaluate("window.scrollBy(0, -8)")
    page.screenshot(path=DOCS / "eval-report.png")


def main() -> None:
    """Write both screenshots into docs/."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        briefing, report = briefing_pages(work), eval_report(work)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            photograph_briefing(page, briefing)
            photograph_report(page, report)
            browser.close()
    for name in ("briefing-page.png", "eval-report.png"):
        print(f"wrote docs/{name} ({(DOCS / name).stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
