"""The `summarizer` command line: a thin layer over the library. No traceback reaches a user.

Each command imports what it needs when it runs: `--help` and `show` must not pay the two
seconds that openai, instructor, scipy and trafilatura take to import
(`benchmarks/cli_startup.py`).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from summarizer.cli.friendly import EXIT_USAGE, friendly
from summarizer.cli.redaction import redact_logs
from summarizer.environment import environment
from summarizer.eval.cli import eval_group
from summarizer.store.dirs import default_cache_dir

if TYPE_CHECKING:
    from summarizer.schema.pricing import Price

EXIT_FAILED = 1
_IDS_SHOWN = 5


def _parse_price(value: str | None) -> Price | None:
    if not value:
        return None
    from summarizer.schema.pricing import Price

    try:
        prompt, completion = (float(part) for part in value.split(","))
    except ValueError:
        msg = (
            f"--price expects INPUT,OUTPUT in USD per million tokens, e.g. 0.15,0.60; got {value!r}"
        )
        raise click.BadParameter(msg) from None
    return Price(prompt, completion)


# Whose values no log line may show (the filter also removes any bearer token).
_SECRET_VARIABLES = ("OPENAI_API_KEY", "AZURE_OPENAI_API_KEY")
_VENDORS = ("openai", "httpx", "httpx2", "httpcore", "httpcore2", "instructor")
_VENDOR_DEBUG = 3


@click.group(context_settings={"help_option_names": ["-h", "--help"], "show_default": True})
@click.version_option(package_name="summarizer", prog_name="summarizer")
@click.option(
    "-v",
    "--verbose",
    count=True,
    help="More logging on stderr: -v a line per retry with its cause, -vv the library's debug "
    "lines, -vvv also the HTTP client's and the SDK's.",
)
def main(verbose: int) -> None:
    """Turn news articles into structured, verifiable briefings."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    environ = environment()
    redact_logs(environ.get(name, "") for name in _SECRET_VARIABLES)
    # The SDK's debug lines carry a traceback for every HTTP error, and instructor logs every
    # failed attempt at ERROR: our own lines already say what happened, once.
    for vendor in _VENDORS:
        quiet = logging.CRITICAL if vendor == "instructor" else logging.WARNING
        logging.getLogger(vendor).setLevel(logging.DEBUG if verbose >= _VENDOR_DEBUG else quiet)
    # trafilatura warns "discarding data: None" for a page with no article; the run's own error
    # line for that page already says so, naming it.
    trafilatura_level = logging.DEBUG if verbose >= _VENDOR_DEBUG else logging.ERROR
    logging.getLogger("trafilatura").setLevel(trafilatura_level)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=Path("briefings.jsonl"),
    envvar="SUMMARIZER_OUTPUT",
    show_envvar=True,
    help="JSONL file, appended to and resumed (with --ray: a folder of shards).",
)
@click.option("--model", envvar="SUMMARIZER_MODEL", show_envvar=True, help="Model name.")
@click.option("--base-url", envvar="OPENAI_BASE_URL", show_envvar=True, help="Endpoint URL.")
@click.option(
    "--endpoint",
    envvar="SUMMARIZER_ENDPOINT",
    show_envvar=True,
    type=click.Choice(["openai", "azure", "vllm", "ollama", "llamacpp", "openai-compatible"]),
)
@click.option(
    "--mode",
    envvar="SUMMARIZER_MODE",
    show_envvar=True,
    type=click.Choice(["tools", "json_schema", "json"]),
    help="Structured-output mode.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=8,
    envvar="SUMMARIZER_CONCURRENCY",
    show_envvar=True,
    help="Requests in flight at once (halved on 429, then regrown).",
)
@click.option(
    "--rpm",
    type=click.FloatRange(min=0, min_open=True),
    envvar="SUMMARIZER_RPM",
    show_envvar=True,
    help="Requests-per-minute limit.",
)
@click.option(
    "--tpm",
    type=click.FloatRange(min=0, min_open=True),
    envvar="SUMMARIZER_TPM",
    show_envvar=True,
    help="Tokens-per-minute limit.",
)
@click.option(
    "--grounding",
    type=click.Choice(["strict", "lenient"]),
    envvar="SUMMARIZER_GROUNDING",
    show_envvar=True,
    help="Drop (strict) or keep marked (lenient) unverified items.",
)
@click.option(
    "--strategy",
    type=click.Choice(["cite", "quote"]),
    envvar="SUMMARIZER_STRATEGY",
    show_envvar=True,
    help="cite: the model cites ids of sentences, numbers, quotes and names, the library quotes "
    "them (default); quote: the model copies the article's words.",
)
@click.option(
    "--cite-labels",
    type=click.Choice(["model", "rules"]),
    envvar="SUMMARIZER_CITE_LABELS",
    show_envvar=True,
    help="Under cite, who labels figures and quotes: the model, or the library's rules (the "
    "embedded engine's default).",
)
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path),
    default=default_cache_dir(),
    envvar="SUMMARIZER_CACHE_DIR",
    show_envvar=True,
    help="Briefing cache directory.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--price",
    envvar="SUMMARIZER_PRICE",
    show_envvar=True,
    metavar="IN,OUT",
    help="USD per million input,output tokens, for models not in the built-in table.",
)
@click.option(
    "--retry-errors", is_flag=True, help="Re-run articles whose last result was an error."
)
@click.option(
    "--batch-api",
    is_flag=True,
    help="Send the articles through the provider's Batch API (half price on OpenAI, within 24 h).",
)
@click.option(
    "--batch-id",
    metavar="ID",
    help="Batch API: attach to this existing batch (implies --batch-api).",
)
@click.option(
    "--ray",
    "ray_address",
    is_flag=False,
    flag_value="local",
    default=None,
    metavar="[ADDRESS]",
    help="Run on Ray Data (pip install -e '.[ray]'): a local Ray instance, or the cluster at "
    "ADDRESS (ray://head:10001, auto). OUTPUT is then a folder of shards. Put it last.",
)
@click.option(
    "--actors",
    type=click.IntRange(min=1),
    help="With --ray: actors, one Summarizer each (default: one per CPU; one for the local "
    "engine). --concurrency is then per actor.",
)
@click.option(
    "--format",
    "shard_format",
    type=click.Choice(["jsonl", "parquet"]),
    default="jsonl",
    help="With --ray: the shards' format.",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@friendly
def run(inputs: tuple[Path, ...], output: Path, **options: Any) -> None:  # noqa: ANN401
    """Summarise INPUTS (files or folders of .txt .md .html .json .jsonl) into a JSONL file.

    Safe to interrupt: run the same command again and it resumes, sending nothing twice.
    """
    import asyncio

    from rich.console import Console

    from summarizer.batch.progress import RunProgress
    from summarizer.batch.provider_batch import execute_batch_api_run
    from summarizer.batch.run import RunOptions, execute_run

    run_options = RunOptions(
        inputs=list(inputs),
        output=output,
        model=options["model"],
        base_url=options["base_url"],
        endpoint=options["endpoint"],
        mode=options["mode"],
        concurrency=options["concurrency"],
        rpm=options["rpm"],
        tpm=options["tpm"],
        grounding=options["grounding"],
        strategy=options["strategy"],
        cite_labels=options["cite_labels"],
        cache_dir=False if options["no_cache"] else options["cache_dir"],
        price=_parse_price(options["price"]),
        retry_errors=options["retry_errors"],
        batch_id=options["batch_id"],
    )
    console = Console(stderr=True)
    progress = RunProgress(console, enabled=not options["quiet"])
    batch_api = options["batch_api"] or options["batch_id"] is not None
    on_ray = options["ray_address"] is not None
    if not on_ray and (options["actors"] is not None or options["shard_format"] != "jsonl"):
        raise click.UsageError("--actors and --format go with --ray")
    if on_ray and batch_api:
        raise click.UsageError("--ray and the Batch API are two ways to run: choose one")
    if on_ray:
        from summarizer.errors import ConfigurationError

        try:
            from summarizer.batch.ray_run import RayOptions, execute_ray_run
        except ImportError as exc:
            msg = f"--ray needs Ray Data: pip install -e '.[ray]' ({exc})"
            raise ConfigurationError(msg) from None

        address = options["ray_address"]
        ray_options = RayOptions(
            address=None if address == "local" else address,
            actors=options["actors"],
            shard_format=options["shard_format"],
        )
        summary = execute_ray_run(run_options, ray_options, progress)
    else:
        execute = execute_batch_api_run if batch_api else execute_run
        summary = asyncio.run(execute(run_options, progress))
    progress.print_summary(summary)
    if summary.unresolved or summary.total == 0:
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--id", "article_id", help="Show only this article.")
@friendly
def show(path: Path, article_id: str | None) -> None:
    """Print the briefings of a run's JSONL output readably."""
    from rich.console import Console

    from summarizer.cli.show import read_results, render_results

    shown = render_results(read_results(path), Console(), article_id=article_id)
    if article_id is not None and shown == 0:
        click.echo(f"error: no article with id {article_id!r} in {path}", err=True)
        sys.exit(EXIT_FAILED)


@main.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", "out_dir", required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the pages and index.html (created if needed).",
)  # fmt: skip
@click.option(
    "--articles", multiple=True, type=click.Path(exists=True, path_type=Path),
    help="Files or folders holding the articles, when they are no longer where the run read "
    "them; repeatable.",
)  # fmt: skip
@click.option("--id", "article_id", help="Write only this article's page (and the index).")
@friendly
def view(path: Path, out_dir: Path, articles: tuple[Path, ...], article_id: str | None) -> None:
    """Write a self-contained HTML page per article of a run's JSONL output, and an index.

    Each page shows the article with the evidence highlighted beside its briefing; the pages
    open offline.
    """
    from summarizer.cli.show import read_results
    from summarizer.pages.article_texts import ArticleTexts
    from summarizer.pages.markup import plain
    from summarizer.pages.view import write_pages

    results = [r for r in read_results(path) if article_id is None or r.id == article_id]
    if not results:
        wanted = f"with id {article_id!r} " if article_id is not None else ""
        click.echo(f"error: no result {wanted}in {path}", err=True)
        sys.exit(EXIT_FAILED if article_id is not None else EXIT_USAGE)
    texts = ArticleTexts(articles, relative_to=path.parent)
    written = write_pages(results, out_dir, texts, title=str(path))
    if written.without_text:
        missing = written.without_text
        # Ids are data: control characters in them must not reach the terminal.
        shown = ", ".join(plain(i) for i in missing[:_IDS_SHOWN]) + (
            ", ..." if len(missing) > _IDS_SHOWN else ""
        )
        click.echo(
            f"warning: article text not found for {len(missing)} briefings "
            f"({shown}): their evidence is listed but not highlighted; pass the run's inputs "
            "with --articles",
            err=True,
        )
    click.echo(f"wrote {len(written.pages)} pages; open {written.index}")


@main.command()
@click.option("--draft", is_flag=True, help="The schema the model is asked to fill instead.")
def schema(draft: bool) -> None:
    """Print the Briefing JSON Schema."""
    from summarizer.cli.schemas import schema_json
    from summarizer.ground.quote_drafts import BriefingDraft
    from summarizer.schema.briefing import Briefing

    click.echo(schema_json(BriefingDraft if draft else Briefing), nl=False)


@main.command(name="reconcile")
@click.argument(
    "results", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--articles",
    "inputs",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="The run's inputs (files or folders, as for `run`), for publication dates and titles; "
    "repeatable.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report as JSON.",
)
@click.option(
    "--html",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report as a page (self-contained, offline).",
)
@click.option(
    "--pages",
    default="pages",
    help="Where `summarizer view` wrote the briefing pages, relative to the --html page: each "
    "number links to its evidence there.",
)
@click.option(
    "--judge",
    is_flag=True,
    help="Ask a model about the pairs the rules leave borderline: the engine `run` would use "
    "(an endpoint when OPENAI_BASE_URL or OPENAI_API_KEY is set, else the embedded model); "
    "answers are cached beside the briefings.",
)
@friendly
def reconcile_command(
    *,
    results: tuple[Path, ...],
    inputs: tuple[Path, ...],
    output: Path | None,
    html: Path | None,
    pages: str,
    judge: bool,
) -> None:
    """Link the same figure across the articles of RESULTS (`summarizer run` output) and judge it.

    Groups the briefings into stories, links the figures that measure the same thing (never on
    the number alone) and says whether the reports agree, update one another or conflict.
    """
    from rich.console import Console

    from summarizer.cli.reconciled import reconcile_files, render_report

    if judge:
        from summarizer.link_judge import LinkJudge
        from summarizer.pipeline import Summarizer

        with Summarizer() as summarizer, LinkJudge(summarizer) as link_judge:
            report = reconcile_files(results, inputs, judge=link_judge)
    else:
        report = reconcile_files(results, inputs)
    render_report(report, Console())
    if output is not None:
        output.write_text(report.model_dump_json(indent=2) + "\n", encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    if html is not None:
        from summarizer.pages.markup import write_page
        from summarizer.pages.reconciled import reconcile_page

        title = ", ".join(str(path) for path in results)
        write_page(reconcile_page(report, pages=pages, title=title), html)
        click.echo(f"wrote {html}", err=True)


@main.command()
@click.option("--no-smoke", is_flag=True, help="Skip the one-token generation.")
@friendly
def engine(no_smoke: bool) -> None:
    """Describe the embedded engine and test it with one token (paste this into bug reports).

    Prints the library and llama-cpp-python versions, the model file and its sha256, llama.cpp's
    system info line and the weights' layout chosen from it, then generates one token in a worker
    process, so that a crash is reported here rather than suffered. Exits 1 when that fails.
    """
    from summarizer.engine.local.doctor import inspect_local_engine

    report = inspect_local_engine(environment(), smoke=not no_smoke)
    width = max(len(name) for name, _ in report.lines)
    for name, value in report.lines:
        click.echo(f"{name:<{width}}  {value}")
    if report.passed is False:
        sys.exit(EXIT_FAILED)


main.add_command(eval_group)
