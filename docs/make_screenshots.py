"""Make the README's screenshots: docs/briefing-page.png, eval-report.png and reconcile-page.png.

Runs the README's commands for real: `summarizer run` on the seed article against the scripted
OpenAI-compatible server of the tests (its replies include one item the library repairs and one
it cannot verify, kept by lenient grounding), `summarizer view`, and `summarizer eval score
--html` on the committed baseline predictions. Then Debian's chromium (never a downloaded
browser) photographs the pages at 1280x800. The reconcile page is made from the two seed
articles' hand-labelled gold briefings (evals/fixtures), through `summarizer view` and
`summarizer reconcile --html`, as a user would with a run's output.

    python docs/make_screenshots.py [briefing-page eval-report reconcile-page]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from summarizer.eval.reconciling.gold import gold_briefing  # noqa: E402
from summarizer.eval.scoring.fixtures import load_fixture  # noqa: E402
from summarizer.schema.records import Result  # noqa: E402
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


def reconcile_pages(work: Path) -> Path:
    """The seeds' gold briefings as Result lines, their pages, and the reconcile page."""
    folder = work / "reconcile"
    (folder / "articles").mkdir(parents=True)
    lines = []
    for name in ("seed-000-jabaliya", "seed-003-rafah"):
        fixture = load_fixture(ROOT / "evals" / "fixtures" / f"{name}.json")
        article = fixture.article.as_article()
        record = {"id": name, "text": article.text, "published": article.published}
        (folder / "articles" / f"{name}.jsonl").write_text(json.dumps(record) + "\n", "utf-8")
        result = Result(id=name, status="ok", source=name, briefing=gold_briefing(fixture))
        lines.append(result.model_dump_json())
    (folder / "briefings.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    summarizer("view", "briefings.jsonl", "-o", "pages/", "--articles", "articles/", cwd=folder)
    summarizer(
        "reconcile", "briefings.jsonl", "--articles", "articles/", "--html", "reconciled.html",
        cwd=folder,
    )  # fmt: skip
    return folder / "reconciled.html"


def photograph_reconcile(page: Page, path: Path) -> None:
    """The seeds' story: the Gaza toll as one quantity, reported by both articles."""
    page.goto(path.as_uri())
    page.screenshot(path=DOCS / "reconcile-page.png")


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
    """Write the screenshots named on the command line (default: all three) into docs/."""
    wanted = set(sys.argv[1:]) or {"briefing-page", "eval-report", "reconcile-page"}
    makers = {
        "briefing-page": (briefing_pages, photograph_briefing),
        "eval-report": (eval_report, photograph_report),
        "reconcile-page": (reconcile_pages, photograph_reconcile),
    }
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        made = {
            name: (make(work), shoot) for name, (make, shoot) in makers.items() if name in wanted
        }
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)  # type: ignore[arg-type]
            for path, shoot in made.values():
                shoot(page, path)
            browser.close()
    for name in made:
        print(f"wrote docs/{name}.png ({(DOCS / f'{name}.png').stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
