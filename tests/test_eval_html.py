"""The eval report and comparison pages (`eval score --html`, `eval compare --html`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import lxml.html
import pytest
from lxml.html import HtmlElement

from summarizer.eval.predict import load_predictions, predict_baseline
from summarizer.eval.reporting.html_compare import compare_page
from summarizer.eval.reporting.html_report import score_page
from summarizer.eval.reporting.report import EvalResults, compare_results, format_metric, score
from summarizer.eval.scoring.fixtures import Fixture, label, load_fixtures
from summarizer.eval.scoring.metrics import LISTS
from summarizer.eval.scoring.stats import METRICS
from summarizer.schema.records import Failure, Result
from tests.conftest import run_eval
from tests.pages import HOSTILE_DRAFT, HOSTILE_TEXT

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "evals" / "fixtures"
BASELINE = ROOT / "evals" / "predictions" / "baseline"


@pytest.fixture(scope="module")
def fixtures() -> list[Fixture]:
    return load_fixtures(FIXTURES)


@pytest.fixture(scope="module")
def predictions() -> dict[str, Result]:
    return load_predictions(BASELINE)[1]


@pytest.fixture(scope="module")
def results(fixtures: list[Fixture], predictions: dict[str, Result]) -> EvalResults:
    return score(fixtures, predictions, load_predictions(BASELINE)[0])


def parse(page: str) -> HtmlElement:
    return lxml.html.fromstring(page)


def sections(page: HtmlElement) -> list[HtmlElement]:
    found: list[HtmlElement] = page.xpath("//details[contains(@class, 'article')]")
    return found


def starts(element: HtmlElement) -> list[str]:
    marks = element.xpath(".//mark[@data-starts]")
    return [i for mark in marks for i in mark.get("data-starts").split()]


def test_every_metric_is_shown_with_its_interval(
    results: EvalResults, fixtures: list[Fixture], predictions: dict[str, Result]
) -> None:
    page = parse(score_page(results, fixtures, predictions))
    rows = page.xpath("//details[@class='all-metrics']//tr[@data-metric]")
    assert [row.get("data-metric") for row in rows] == list(METRICS)
    for row in rows:
        metric = results.metrics[row.get("data-metric")]
        cells = [cell.text_content().strip() for cell in row.xpath("./td")]
        assert cells[1] == format_metric(metric.value, metric.kind)
        if metric.ci_low is not None:
            assert cells[2] == (
                f"[{format_metric(metric.ci_low, metric.kind)}, "
                f"{format_metric(metric.ci_high, metric.kind)}]"
            )
    f1_row = page.xpath("//details[@class='all-metrics']//tr[@data-metric='overall.f1_strict']")[0]
    assert f1_row.xpath(".//svg[@class='ci']/rect[@class='range']")  # an interval bar
    assert "detectable" in page.text_content()


def test_every_article_shows_its_verdicts_side_by_side(
    results: EvalResults, fixtures: list[Fixture], predictions: dict[str, Result]
) -> None:
    page = parse(score_page(results, fixtures, predictions))
    found = sections(page)
    assert len(found) == len(fixtures) == len(list(FIXTURES.glob("*.json")))
    for section, article in zip(found, results.articles, strict=True):
        assert article.article_id in section.xpath("./summary")[0].text_content()
        shown = Counter(
            span.text_content() for span in section.xpath(".//span[contains(@class, 'verdict')]")
        )
        assert shown == Counter(v.verdict for v in article.verdicts)
        for verdict, row in zip(
            article.verdicts,
            section.xpath(".//table[@class='pairs']//tr[@data-select]"),
            strict=True,
        ):
            gold, _, pred = row.xpath("./td")
            assert bool(gold.xpath("./div[contains(@class, 'item')]")) == (
                verdict.gold_index is not None
            )
            assert bool(pred.xpath("./div[contains(@class, 'item')]")) == (
                verdict.pred_index is not None
            )


def test_gold_and_predicted_evidence_are_highlighted(
    results: EvalResults, fixtures: list[Fixture], predictions: dict[str, Result]
) -> None:
    page = parse(score_page(results, fixtures, predictions))
    for section, fixture in zip(sections(page), fixtures, strict=True):
        ids = starts(section)
        gold = fixture.gold
        n_gold = len(gold.events) + len(gold.figures) + len(gold.attributions)
        assert sum("-gold-" in i for i in ids) == n_gold
        briefing = predictions[fixture.id].briefing
        assert briefing is not None
        n_pred = sum(
            1
            for items in (briefing.events, briefing.figures, briefing.attributions)
            for item in items
            if item.evidence.start is not None
        )
        assert sum("-pred-" in i for i in ids) == n_pred
        (text,) = section.xpath(".//div[@class='article-text']")
        assert text.text_content() == fixture.article.text


def test_an_article_without_a_prediction_is_all_missed(
    fixtures: list[Fixture], predictions: dict[str, Result]
) -> None:
    failed = Result(
        id="seed-003-rafah", status="error", error=Failure(kind="ProviderError", message="boom")
    )
    partial = {**predictions, "seed-003-rafah": failed}
    del partial["seed-000-jabaliya"]
    page = parse(score_page(score(fixtures, partial), fixtures, partial))
    by_id = {s.get("id"): s for s in sections(page)}
    texts = {s.xpath("./summary")[0].text_content().split(" ")[0]: s for s in by_id.values()}
    assert "ProviderError: boom" in texts["seed-003-rafah"].text_content()
    assert "no prediction for this article" in texts["seed-000-jabaliya"].text_content()
    verdicts = {
        v.text_content()
        for v in texts["seed-003-rafah"].xpath(".//span[contains(@class, 'verdict')]")
    }
    assert verdicts <= {"missed", "optional"}


def test_a_hostile_fixture_stays_text(tmp_path: Path) -> None:
    raw = {
        "article": {"id": "hostile", "text": HOSTILE_TEXT, "url": "javascript:alert(1)"},
        "gold": HOSTILE_DRAFT,
        "notes": "<script>alert('notes')</script>",
    }
    fixture = label(raw)
    predictions = {"hostile": predict_baseline(fixture)}
    page = parse(score_page(score([fixture], predictions), [fixture], predictions))
    assert len(page.xpath("//script")) == 1
    assert not page.xpath("//img | //textarea | //@*[starts-with(name(), 'on')]")
    assert not page.xpath("//a[starts-with(@href, 'javascript')]")
    body = page.xpath("//body")[0].text_content()
    assert "<script>window.__pwned = 1;" in body
    assert "</textarea>" in body
    assert "javascript:alert(1)" in body  # shown, not linked


def _some_correct(results: EvalResults) -> list[str]:
    """Three articles on which the baseline gets something right (so failing them loses)."""
    right = [a.article_id for a in results.articles if any(a.counts[f"{n}.correct"] for n in LISTS)]
    assert len(right) >= 3
    return right[:3]


@pytest.fixture(scope="module")
def worse(
    fixtures: list[Fixture], predictions: dict[str, Result], results: EvalResults
) -> EvalResults:
    """The baseline with three articles' predictions failed: A (the baseline) wins those."""
    lost = dict(predictions)
    for article_id in _some_correct(results):
        lost[article_id] = Result(
            id=article_id, status="error", error=Failure(kind="ProviderError", message="down")
        )
    return score(fixtures, lost)


def test_the_comparison_lists_every_article_outcome(
    results: EvalResults, worse: EvalResults
) -> None:
    comparison = compare_results(results, worse)
    page = parse(compare_page(comparison, results, worse, names=("baseline", "worse")))
    for wins in comparison.per_article:
        cells = page.xpath(f"//table[@class='per-article']//td[@data-list='{wins.list}']")
        assert len(cells) == comparison.n_articles
        winners = Counter(cell.get("data-winner") for cell in cells)
        expected = {"b": wins.b_wins, "a": wins.a_wins, "tie": wins.ties, "skipped": wins.skipped}
        assert winners == Counter({k: v for k, v in expected.items() if v})
        row = page.xpath(f"//table[@class='wins']//tr[@data-list='{wins.list}']")[0]
        assert [td.text_content() for td in row.xpath("./td")][1:] == [
            str(wins.b_wins),
            str(wins.a_wins),
            str(wins.ties),
            str(wins.skipped),
        ]
    overall = next(w for w in comparison.per_article if w.list == "overall")
    assert (overall.a_wins, overall.b_wins) == (3, 0)
    lost = page.xpath("//table[@class='per-article']//td[@data-list='overall'][@data-winner='a']")
    assert {cell.getparent()[0].text_content() for cell in lost} == set(_some_correct(results))
    headline = page.xpath("//tr[@data-metric='overall.f1_strict']")[0].text_content()
    assert "A better" in headline or "no detectable difference" in headline


def test_the_comparison_outcomes_add_up_to_the_totals(
    results: EvalResults, worse: EvalResults
) -> None:
    comparison = compare_results(results, worse)
    for wins in comparison.per_article:
        outcomes = Counter(o.winner for o in comparison.articles if o.list == wins.list)
        assert outcomes["a"] == wins.a_wins
        assert outcomes["b"] == wins.b_wins
        assert outcomes["tie"] == wins.ties
        assert outcomes["skipped"] == wins.skipped
    assert {o.list for o in comparison.articles} == {*LISTS, "overall"}


def test_score_and_compare_write_html(tmp_path: Path) -> None:
    report = tmp_path / "report" / "report.html"
    done = run_eval("score", str(BASELINE), "--out", str(tmp_path), "--html", str(report))
    assert done.returncode == 0, done.stderr
    assert len(sections(lxml.html.parse(str(report)).getroot())) == len(
        list(FIXTURES.glob("*.json"))
    )
    compared = tmp_path / "compare.html"
    done = run_eval(
        "compare", str(BASELINE), "evals/baselines/baseline-results.json", "--html", str(compared)
    )
    assert done.returncode == 0, done.stderr
    cells = lxml.html.parse(str(compared)).getroot().xpath("//td[@data-winner]")
    assert {cell.get("data-winner") for cell in cells} <= {"tie", "skipped"}  # same run twice
