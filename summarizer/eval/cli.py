"""`summarizer eval generate | score | compare`.

Like the main command line, each command imports its machinery (scipy, the summariser) when
it runs, so that `summarizer --help` does not pay for it.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summarizer.cli.friendly import friendly

if TYPE_CHECKING:
    from summarizer.eval.reporting.report import EvalResults

DEFAULT_FIXTURES = Path("evals/fixtures")
DEFAULT_STORIES = Path("evals/reconcile/fixtures")
HTML_HELP = "Also write the report as one self-contained HTML page (opens offline)."
EXIT_GATE = 1


@click.group(name="eval")
def eval_group() -> None:
    """Evaluate briefings against the hand-labelled fixtures in evals/fixtures."""


@eval_group.command()
@click.option(
    "--predictor", type=click.Choice(["summarizer", "baseline", "cite-baseline"]),
    default="summarizer",
    help="The summariser (an endpoint, else the local engine), the no-LLM baseline, or the "
    "cite strategy's candidates chosen by rule with no model.",
)  # fmt: skip
@click.option("--model", envvar="SUMMARIZER_MODEL", show_envvar=True, help="Model name.")
@click.option(
    "--fixtures", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FIXTURES
)
@click.option(
    "-o", "--output", type=click.Path(file_okay=False, path_type=Path), required=True,
    help="Folder for manifest.json and predictions.jsonl.",
)  # fmt: skip
@click.option("--concurrency", type=click.IntRange(min=1), default=4)
@click.option(
    "--cache-dir", type=click.Path(path_type=Path), envvar="SUMMARIZER_CACHE_DIR",
    show_envvar=True, help="Briefing cache (re-running generate costs nothing).",
)  # fmt: skip
@friendly
def generate(
    *,
    predictor: str,
    model: str | None,
    fixtures: Path,
    output: Path,
    concurrency: int,
    cache_dir: Path | None,
) -> None:
    """Run a predictor over the fixtures and write its predictions with a manifest."""
    from rich.console import Console

    from summarizer.batch.progress import RunProgress
    from summarizer.eval.predict import generate_baseline, generate_llm, load_predictions
    from summarizer.eval.scoring.fixtures import load_fixtures
    from summarizer.pipeline import Summarizer

    loaded = load_fixtures(fixtures)
    if predictor in {"baseline", "cite-baseline"}:
        generate_baseline(loaded, output, cited=predictor == "cite-baseline")
    else:
        with Summarizer(model=model, cache_dir=cache_dir) as summarizer:
            progress = RunProgress(Console(stderr=True))
            generate_llm(loaded, output, summarizer, concurrency=concurrency, progress=progress)
    _, results = load_predictions(output)
    failed = sum(r.status == "error" for r in results.values())
    Console(stderr=True).print(
        f"{len(results)} predictions ({failed} failed) written to {output}", highlight=False
    )


def _parse_floors(values: tuple[str, ...]) -> dict[str, float]:
    floors = {}
    for value in values:
        name, _, number = value.partition("=")
        try:
            floors[name.strip()] = float(number)
        except ValueError:
            msg = f"--fail-under expects metric=value, got {value!r}"
            raise click.BadParameter(msg) from None
    return floors


def exit_on_gate_failures(failures: list[str]) -> None:
    """Print failed gates and exit non-zero, or return when every gate passed."""
    if failures:
        for failure in failures:
            click.echo(f"gate failed: {failure}", err=True)
        sys.exit(EXIT_GATE)


def _scored(run: Path, fixtures: Path) -> EvalResults:
    """A run to report on: a results.json as it is, or a predictions folder scored now."""
    from summarizer.eval.predict import PREDICTIONS, load_predictions
    from summarizer.eval.reporting.report import RESULTS_FILE, EvalResults, score
    from summarizer.eval.scoring.fixtures import load_fixtures

    if run.is_file():
        return EvalResults.load(run)
    if (run / RESULTS_FILE).is_file() and not (run / PREDICTIONS).is_file():
        return EvalResults.load(run / RESULTS_FILE)
    manifest, predictions = load_predictions(run)
    return score(load_fixtures(fixtures), predictions, manifest)


@eval_group.command(name="score")
@click.argument("predictions", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--fixtures", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FIXTURES
)
@click.option(
    "-o", "--out", type=click.Path(file_okay=False, path_type=Path),
    help="Where to write results.json and summary.md (default: the predictions folder).",
)  # fmt: skip
@click.option(
    "--baseline", type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A results.json to compare with and to gate regressions against.",
)  # fmt: skip
@click.option(
    "--fail-under", multiple=True, metavar="METRIC=VALUE",
    help="Fail (exit 1) when a higher-is-better metric is below VALUE; repeatable.",
)  # fmt: skip
@click.option(
    "--max-regression", type=float, default=0.0, show_default=True,
    help="How much worse than --baseline a headline metric may get.",
)  # fmt: skip
@click.option(
    "--invariants/--no-invariants", default=True, show_default=True,
    help="Also fail unless every article has a schema-valid briefing and no quote is invented.",
)  # fmt: skip
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help=HTML_HELP)
@friendly
def score_command(
    *,
    predictions: Path,
    fixtures: Path,
    out: Path | None,
    baseline: Path | None,
    fail_under: tuple[str, ...],
    max_regression: float,
    invariants: bool,
    html: Path | None,
) -> None:
    """Score PREDICTIONS (a folder from `eval generate`) against the fixtures, offline."""
    from rich.console import Console

    from summarizer.eval.predict import load_predictions
    from summarizer.eval.reporting.gates import check_gates
    from summarizer.eval.reporting.html_report import score_page
    from summarizer.eval.reporting.report import (
        EvalResults,
        render_table,
        score,
        write_reports,
    )
    from summarizer.eval.scoring.fixtures import load_fixtures
    from summarizer.pages.markup import write_page

    manifest, predicted = load_predictions(predictions)
    loaded = load_fixtures(fixtures)
    results = score(loaded, predicted, manifest)
    previous = EvalResults.load(baseline) if baseline else None
    paths = write_reports(results, out or predictions, baseline=previous)
    console = Console()
    render_table(results, console, baseline=previous)
    console.print(f"wrote {paths.results} and {paths.summary}", highlight=False)
    if html is not None:
        write_page(score_page(results, loaded, predicted, previous), html)
        console.print(f"wrote {html}", highlight=False)
    floors = _parse_floors(fail_under)
    exit_on_gate_failures(
        check_gates(results, floors, previous, max_regression, invariants=invariants)
    )


@eval_group.command(name="compare")
@click.argument("run_a", type=click.Path(exists=True, path_type=Path))
@click.argument("run_b", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--fixtures", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FIXTURES
)
@click.option("--html", type=click.Path(dir_okay=False, path_type=Path), help=HTML_HELP)
@friendly
def compare_command(*, run_a: Path, run_b: Path, fixtures: Path, html: Path | None) -> None:
    """Compare two runs (predictions folders or results.json): paired bootstrap, wins and losses."""
    from rich.console import Console

    from summarizer.eval.reporting.html_compare import compare_page
    from summarizer.eval.reporting.report import compare_results, render_comparison
    from summarizer.pages.markup import write_page

    scored_a, scored_b = _scored(run_a, fixtures), _scored(run_b, fixtures)
    comparison = compare_results(scored_a, scored_b)
    console = Console()
    render_comparison(comparison, console)
    if html is not None:
        write_page(
            compare_page(comparison, scored_a, scored_b, names=(str(run_a), str(run_b))), html
        )
        console.print(f"wrote {html}", highlight=False)


@eval_group.command(name="reconcile")
@click.argument("runs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--fixtures", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_FIXTURES
)
@click.option(
    "--stories", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_STORIES,
    help="The reconcile gold: one story fixture per file.",
)  # fmt: skip
@click.option(
    "-o", "--out", type=click.Path(dir_okay=False, path_type=Path),
    help="Also write every run's scores to this JSON file.",
)  # fmt: skip
@click.option(
    "--fail-under", multiple=True, metavar="[RUN:]METRIC=VALUE",
    help="Fail (exit 1) when a metric is below VALUE, on every run or on RUN (gold, or a "
    "predictions folder's name); repeatable.",
)  # fmt: skip
@click.option(
    "--judge", is_flag=True,
    help="Put the pairs the rules leave borderline to a model (the engine `run` would use; "
    "answers cached), to measure what the judge changes.",
)  # fmt: skip
@friendly
def reconcile_command(
    *, runs: tuple[Path, ...], fixtures: Path, stories: Path, out: Path | None,
    fail_under: tuple[str, ...], judge: bool,
) -> None:  # fmt: skip
    """Score `summarizer reconcile` on the gold briefings, then on each predictions folder RUN."""
    import json

    from rich.console import Console

    from summarizer.eval.reconciling.report import render_scores
    from summarizer.eval.reconciling.suite import GOLD, run_suite

    console = Console()
    with ExitStack() as stack:
        link_judge = None
        if judge:
            from summarizer.link_judge import LinkJudge
            from summarizer.pipeline import Summarizer

            link_judge = stack.enter_context(LinkJudge(stack.enter_context(Summarizer())))
        scored = [run_suite(fixtures, stories, judge=link_judge)]
        scored += [run_suite(fixtures, stories, run, judge=link_judge) for run in runs]
    for scores in scored:
        render_scores(scores, console)
    if link_judge is not None:
        from summarizer.cli.reconciled import judge_line

        console.print(judge_line(link_judge.use), highlight=False)
    if out is not None:
        out.write_text(
            json.dumps([s.model_dump(mode="json") for s in scored], indent=2) + "\n", "utf-8"
        )
        console.print(f"wrote {out}", highlight=False)
    failures = []
    for name, floor in _parse_floors(fail_under).items():
        wanted, _, metric = name.rpartition(":")
        for scores in scored:
            label = GOLD if scores.run == GOLD else Path(scores.run).name
            if wanted and wanted != label:
                continue
            if metric not in scores.metrics:
                msg = f"--fail-under: no reconcile metric {metric!r}"
                raise click.BadParameter(msg)
            value = scores.metrics[metric].value
            if value is None or value < floor:
                failures.append(f"{label}: {metric} = {value} < {floor}")
    exit_on_gate_failures(failures)
