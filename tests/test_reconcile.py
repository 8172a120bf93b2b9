"""reconcile: stories, quantities and verdicts across articles; its eval suite; its errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarizer import (
    Article,
    Briefing,
    ReconcileInputError,
    ReconcileReport,
    Result,
    reconcile,
)
from summarizer.eval.reconciling.gold import gold_briefing
from summarizer.eval.scoring.fixtures import Fixture, load_fixture
from summarizer.pages.reconciled import reconcile_page
from summarizer.reconciliation.inputs import Source
from summarizer.reconciliation.linking import assess_all, group
from summarizer.reconciliation.measures import entity_key
from summarizer.reconciliation.report import Quantity, Report
from summarizer.reconciliation.stories import signature

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "evals" / "fixtures"
SEEDS = ("seed-000-jabaliya", "seed-003-rafah")


def _seed(name: str) -> tuple[Briefing, Article]:
    fixture: Fixture = load_fixture(FIXTURES / f"{name}.json")
    return gold_briefing(fixture), fixture.article.as_article()


@pytest.fixture(scope="module")
def seeds() -> tuple[list[Briefing], list[Article]]:
    pairs = [_seed(name) for name in SEEDS]
    return [b for b, _ in pairs], [a for _, a in pairs]


def _toll(report: ReconcileReport) -> Quantity:
    """The quantity holding the Gaza death toll's 9,061."""
    (story,) = report.stories
    return next(q for q in story.quantities if 9061 in {r.value for r in q.reports})


def test_the_seeds_death_tolls_are_one_quantity_that_agrees(
    seeds: tuple[list[Briefing], list[Article]],
) -> None:
    briefings, articles = seeds
    report = reconcile(briefings, articles=articles)

    toll = _toll(report)
    assert {r.value for r in toll.reports} == {8800, 9000, 9061}
    assert {r.article_id for r in toll.reports} == set(SEEDS)  # both reporters, side by side
    assert toll.verdict == "agree"
    assert "9,061" in toll.explanation
    # Never linked on the number alone: the Israeli toll ("over 1,400") is another quantity.
    assert all(r.value != 1400 for r in toll.reports)
    israeli = [q for q in report.stories[0].quantities if 1400 in {r.value for r in q.reports}]
    assert israeli
    assert all(q.id != toll.id for q in israeli)


def test_result_lines_are_read_like_briefings(
    seeds: tuple[list[Briefing], list[Article]],
) -> None:
    briefings, articles = seeds
    lines = [
        Result(id=b.provenance.article_id, status="ok", source="x", briefing=b).model_dump(
            mode="json"
        )
        for b in briefings
    ]
    from_lines = reconcile(lines, articles=articles)
    assert _toll(from_lines) == _toll(reconcile(briefings, articles=articles))


def test_an_exact_count_below_another_articles_at_the_same_time_is_a_conflict(
    seeds: tuple[list[Briefing], list[Article]],
) -> None:
    briefings, articles = seeds
    jabaliya = briefings[0]
    figures = [
        f.model_copy(update={"value": 8500.0, "number": "8,500", "qualifier": "exact"})
        if f.value == 8800
        else f
        for f in jabaliya.figures
    ]
    altered = jabaliya.model_copy(update={"figures": figures})
    report = reconcile([altered, briefings[1]], articles=articles)
    toll = next(q for q in report.stories[0].quantities if 8500 in {r.value for r in q.reports})
    assert toll.verdict == "conflict"
    assert {r.article_id for r in toll.reports} == set(SEEDS)
    assert "8,500" in toll.explanation
    assert "9,061" in toll.explanation


def _vote_quantities(report: ReconcileReport) -> list[set[tuple[str, float]]]:
    return [
        {(r.article_id, r.value) for r in q.reports}
        for story in report.stories
        for q in story.quantities
        if all(r.unit == "votes" for r in q.reports)
    ]


def test_the_same_exact_value_links_measures_said_in_other_words() -> None:
    # The Senate's 52-35 vote, reported the next day as votes on "the auto bailout
    # proposition": the measures share too few words to link alone, the exact "52" and "35"
    # across one story's articles make them one quantity each.
    pairs = [_seed(name) for name in ("meantime-118147", "meantime-118175")]
    briefings, articles = [b for b, _ in pairs], [a for _, a in pairs]
    votes = _vote_quantities(reconcile(briefings, articles=articles))
    assert {("meantime-118147", 52.0), ("meantime-118175", 52.0)} in votes
    assert {("meantime-118147", 35.0), ("meantime-118175", 35.0)} in votes

    # A small count recurs by chance: the same "5" on both sides is not enough.
    small = [
        b.model_copy(
            update={
                "figures": [
                    f.model_copy(update={"value": 5.0, "number": "5"}) if f.value == 52 else f
                    for f in b.figures
                ]
            }
        )
        for b in briefings
    ]
    votes = _vote_quantities(reconcile(small, articles=articles))
    assert not any({v for _, v in q} == {5.0} for q in votes)


def test_errors_are_clear_messages(seeds: tuple[list[Briefing], list[Article]]) -> None:
    briefings, articles = seeds
    with pytest.raises(ReconcileInputError, match="at least two articles"):
        reconcile(briefings[:1], articles=articles)
    no_figures = [b.model_copy(update={"figures": []}) for b in briefings]
    with pytest.raises(ReconcileInputError, match="has a figure"):
        reconcile(no_figures, articles=articles)
    with pytest.raises(ReconcileInputError, match="input 2 is not a Briefing"):
        reconcile([briefings[0], {"not": "a result line"}], articles=articles)


def _eval(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", "reconcile", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_the_eval_suite_scores_gold_and_a_run_and_gates_on_floors(tmp_path: Path) -> None:
    run = ROOT / "evals" / "predictions" / "qwen2.5-coder-1.5b"
    out = tmp_path / "scores.json"
    done = _eval(str(run), "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert "reconcile on gold" in done.stdout
    assert "links.f1" in done.stdout
    assert out.exists()
    impossible = _eval("--fail-under", "gold:links.f1=1.01")
    assert impossible.returncode == 1
    assert "gold: links.f1" in impossible.stderr


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "reconcile", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "COLUMNS": "120"},
    )


def _result_lines(path: Path, briefings: list[Briefing]) -> Path:
    lines = [
        Result(id=b.provenance.article_id, status="ok", source="x", briefing=b).model_dump_json()
        for b in briefings
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_command_shows_the_tolls_and_writes_the_report(
    seeds: tuple[list[Briefing], list[Article]], tmp_path: Path
) -> None:
    briefings, _ = seeds
    results = _result_lines(tmp_path / "briefings.jsonl", briefings)
    examples = ROOT / "examples"
    out = tmp_path / "reconciled.json"
    done = _cli(
        str(results),
        "--articles",
        str(examples / "seed-000-jabaliya.txt"),
        "--articles",
        str(examples / "seed-003-rafah.txt"),
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "9,061" in done.stdout
    assert "agree" in done.stdout
    report = ReconcileReport.model_validate_json(out.read_text("utf-8"))
    assert _toll(report).verdict == "agree"
    assert {a.published for a in report.stories[0].articles} == {None}  # .txt: no date given


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ("not json\n", "is not JSON"),
        ("[1, 2]\n", "is not a Result line"),
        ("", "holds no Result line"),
        ('{"headline": 3}\n', "is not a Briefing"),
    ],
)
def test_files_that_are_not_result_lines_are_clear_errors(
    tmp_path: Path, content: str, words: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    done = _cli(str(bad))
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_one_article_or_no_figure_is_a_clear_error(
    seeds: tuple[list[Briefing], list[Article]], tmp_path: Path
) -> None:
    briefings, _ = seeds
    one = _cli(str(_result_lines(tmp_path / "one.jsonl", briefings[:1])))
    assert one.returncode == 2
    assert "at least two articles" in one.stderr
    bare = [b.model_copy(update={"figures": []}) for b in briefings]
    none = _cli(str(_result_lines(tmp_path / "none.jsonl", bare)))
    assert none.returncode == 2
    assert "has a figure" in none.stderr
    assert "Traceback" not in one.stderr + none.stderr


def test_the_page_escapes_what_it_shows_and_links_each_number_to_its_evidence(
    seeds: tuple[list[Briefing], list[Article]],
) -> None:
    briefings, articles = seeds
    hostile = "<script>alert(1)</script> Ministry"
    jabaliya = briefings[0]
    figures = [
        f.model_copy(update={"reported_by": hostile}) if f.value == 8800 else f
        for f in jabaliya.figures
    ]
    report = reconcile(
        [jabaliya.model_copy(update={"figures": figures}), briefings[1]], articles=articles
    )
    page = reconcile_page(report, pages="pages")

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)" in page
    toll = _toll(report)
    for r in toll.reports:
        assert f'href="pages/{r.article_id}.html#item-b-figure-{r.figure + 1}"' in page


def _report(
    article: str,
    figure: int,
    number: str,
    value: float,
    measure: str,
    sentence: str,
    **more: object,
) -> Report:
    start = 100 * figure
    fields: dict[str, object] = {"value_max": None, "qualifier": "exact", "unit": "USD", **more}
    return Report.model_validate(
        {
            "article_id": article,
            "figure": figure,
            "number": number,
            "value": value,
            "measure": measure,
            "evidence": {"text": sentence, "start": start, "end": start + len(sentence)},
            **fields,
        }
    )


def _linked(reports: list[Report]) -> list[list[int]]:
    return group(len(reports), assess_all(reports))


def test_an_amount_restated_in_brackets_is_not_a_second_report_of_it() -> None:
    # evals/reconcile/LABELLING.md: different units are not linked, even a conversion in
    # brackets; "$" and "US$" both read as dollars, so the brackets say it.
    sentence = (
        "Airbus will contribute between $12 million and $20 million (about US$16 million to $28 "
        "million) to the search."
    )
    measure, dollars = "money Airbus will contribute", "between $12 million and $20 million"
    reports = [
        _report("a", 0, dollars, 12e6, measure, sentence, value_max=20e6, qualifier="range"),
        _report(
            "a", 0, "US$16 million to $28 million", 16e6, measure, sentence, value_max=28e6,
            qualifier="range",
        ),
    ]  # fmt: skip
    assert _linked(reports) == []
    # Another article's same range is still one quantity with the first.
    other = "Airbus said it would give between $12 million and $20 million to the search."
    reports.append(
        _report(
            "b", 1, "between $12 million and $20 million", 12e6, "money Airbus will contribute",
            other, value_max=20e6, qualifier="range",
        )
    )  # fmt: skip
    assert _linked(reports) == [[0, 2]]


def test_one_article_saying_an_exact_value_twice_is_not_reconciled_with_itself() -> None:
    plants = {"unit": "plants", "qualifier": "exact"}
    reports = [
        _report("a", 0, "two", 2, "plants that make the Explorer", "One of two plants.", **plants),
        _report("a", 1, "Two", 2, "plants that make the Explorer", "Two plants make it.", **plants),
    ]
    assert _linked(reports) == []
    # A bound beside an exact value in one article is two reports of one quantity.
    toll = {"unit": "people"}
    reports = [
        _report("a", 0, "more than 9,000", 9000, "Palestinians killed in Gaza", "More than 9,000.",
                qualifier="more_than", **toll),
        _report("a", 1, "9,061", 9061, "Palestinians killed in Gaza", "9,061 killed.", **toll),
    ]  # fmt: skip
    assert _linked(reports) == [[0, 1]]


def test_a_plan_and_a_further_batch_are_not_what_happened() -> None:
    people = {"unit": "people", "qualifier": "exact"}
    left = _report("a", 0, "335", 335, "foreign passport holders left Gaza", "335 left.", **people)
    planned = _report(
        "b", 1, "335", 335, "foreign passport holders plans to leave Gaza", "Plans.", **people
    )
    more = _report("b", 2, "335", 335, "more foreign passport holders left Gaza", "More.", **people)
    pairs = {(p.a, p.b): p for p in assess_all([left, planned, more])}
    assert pairs[(0, 1)].status == "near_miss"
    assert "planned" in (pairs[(0, 1)].why or "")
    assert pairs[(0, 2)].status == "near_miss"
    assert "further batch" in (pairs[(0, 2)].why or "")


def test_a_name_and_its_acronym_are_one_name() -> None:
    points = {"unit": "points", "qualifier": "exact"}
    spelled = _report(
        "a", 0, "998", 998, "fall of the Dow Jones Industrial Average in points", "It fell.",
        **points,
    )  # fmt: skip
    acronym = _report("b", 1, "998", 998, "drop of the DJIA in points", "It dropped.", **points)
    other = _report("b", 2, "998", 998, "drop of the DJTA in points", "It dropped.", **points)
    pairs = {(p.a, p.b): p for p in assess_all([spelled, acronym, other])}
    assert pairs[(0, 1)].status == "link"
    assert pairs[(0, 2)].status != "link"  # initials that are not the name's stay apart


def test_an_article_is_known_by_the_names_in_what_happened_too() -> None:
    # meantime-127227's lead: "Obama refused "to let General Motors ... become wards of the
    # state"": the company is named in the action only, and the story still is about it.
    briefing, _ = _seed("meantime-127227")
    event = briefing.events[0].model_copy(
        update={
            "actor": "Barack Obama",
            "action": 'refused "to let General Motors fail"',
            "object": None,
            "location": None,
            "source": None,
        }
    )
    only = briefing.model_copy(
        update={"headline": "A plan", "events": [event], "figures": [], "attributions": []}
    )
    names = signature(Source("a", only, None, None, None)).names
    assert entity_key("Motors") in names
