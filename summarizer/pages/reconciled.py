"""The reconcile page: one section per story, each quantity's reports side by side, verdicts marked.

Every number links to its figure on its article's briefing page (`summarizer view` writes them:
`<pages>/<article page>#item-b-figure-<n>`), where its evidence is highlighted in the article.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from summarizer.pages.markup import environment, render_page
from summarizer.pages.view import page_names
from summarizer.reconciliation.report import ReconcileReport, Report


def reconcile_page(report: ReconcileReport, *, pages: str = "pages", title: str = "") -> str:
    """The page of `report`; links point into the briefing pages in folder `pages` (relative)."""
    ids = list(dict.fromkeys(a.id for story in report.stories for a in story.articles))
    folder = PurePosixPath(pages)
    hrefs = {
        article_id: quote(str(folder / name))
        for article_id, name in zip(ids, page_names(ids), strict=True)
    }

    def figure_link(found: Report) -> str:
        # Briefing pages number their figures from 1 (`item_lists`); reports count from 0.
        return f"{hrefs.get(found.article_id, '')}#item-b-figure-{found.figure + 1}"

    conflicts = sum(q.verdict == "conflict" for q in report.quantities)
    return render_page(
        environment(),
        "reconciled.html.j2",
        report=report,
        title=title or "reconcile",
        conflicts=conflicts,
        article_links=hrefs,
        figure_link=figure_link,
    )
