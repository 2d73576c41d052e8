"""The `deprecations` command line.

Exit codes: 0 ok, 1 changes found (only with --exit-code), 2 usage error,
3 a page could not be parsed (nothing written), 4 fetching failed for some languages,
5 the snapshots directory is unusable (a damaged file, or another run holds its lock).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from scraper import PROJECT_URL, __version__
from scraper.errors import DeprecationsError, ExitCode
from scraper.jsonio import dumps
from scraper.records import STATUSES, CanonicalModel, ModelIndex
from scraper.schemas import SCHEMAS
from scraper.sources import DOCS_BASE_URL, LOCALES, canonical_locale, page_url

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  changes found (only with run --exit-code)
  2  usage error
  3  a page could not be parsed or looked broken; nothing was written for it
  4  fetching failed for some languages
  5  the snapshots directory is unusable (a damaged file, or another run holds it)
  70 internal error (a bug: please report it)
  130 interrupted (Ctrl-C)
"""


def _fail(error: DeprecationsError, prefix: str = "") -> NoReturn:
    click.echo(f"error: {prefix}{error}", err=True)
    sys.exit(error.exit_code)


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deprecations")
def cli() -> None:
    """Track Anthropic's Claude model deprecations page in every language."""


def _locale_option(value: str | None) -> str | None:
    return None if value is None else canonical_locale(value) or value


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--locale", help="Language of the page (en, zh-TW, pt-BR...); detected if omitted.")
@click.option(
    "--format",
    "page_format",
    type=click.Choice(["markdown", "html"]),
    help="Format of the file; detected from its content if omitted.",
)
def parse(file: Path, locale: str | None, page_format: str | None) -> None:
    """Parse one saved page and print its records as JSON.

    \b
    Example:
      deprecations parse model-deprecations.md --locale zh-TW
    """
    from scraper.extract import read_page

    try:
        records = read_page(
            file.read_bytes(),
            page_format="html" if page_format == "html" else "markdown" if page_format else None,
            locale=_locale_option(locale),
        )
    except DeprecationsError as error:
        _fail(error, f"{file}: ")
    except OSError as error:
        raise click.FileError(str(file), error.strerror) from None
    click.echo(dumps(records), nl=False)


@cli.command()
@click.argument("document", type=click.Choice(sorted(SCHEMAS)), default="page")
def schema(document: str) -> None:
    """Print the JSON Schema of a document the tracker writes (default: page)."""
    click.echo(json.dumps(SCHEMAS[document].model_json_schema(), indent=2, ensure_ascii=False))


def _locales_option(value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    chosen = []
    for item in value.split(","):
        locale = canonical_locale(item)
        if locale is None or locale not in LOCALES:
            raise click.BadParameter(
                f"{item.strip()!r} is not a docs language (one of {', '.join(LOCALES)})",
                param_hint="--locales",
            )
        chosen.append(locale)
    return tuple(dict.fromkeys(chosen))


def _base_url_option(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid:
        raise click.BadParameter(f"{value!r} is not an http(s) URL with a host")
    return value.rstrip("/")


snapshots_option = click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("snapshots"),
    show_default=True,
    help="Directory of the snapshots and published files.",
)


@cli.command()
@snapshots_option
@click.option(
    "--locales",
    metavar="L1,L2",
    help=f"Only these languages (default: all: {','.join(LOCALES)}; with --from: those saved).",
)
@click.option(
    "--from",
    "from_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Read saved pages DIR/<locale>.md or DIR/<locale>.html instead of the network.",
)
@click.option(
    "--base-url",
    default=DOCS_BASE_URL,
    show_default=True,
    callback=_base_url_option,
    help="Docs server to fetch from (a mirror, or a local test server).",
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to record changes under (default: today, UTC); for backfills from archives.",
)
@click.option(
    "--accept-shrink",
    is_flag=True,
    help="Accept a status table or history that lost more than a third of its rows.",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything changed (like git diff).")
@click.option(
    "--report-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write summary.md, commit-message.txt, problem-*.{txt,md}, events.json here.",
)
@click.option(
    "--wait",
    "wait_for_lock",
    type=click.FloatRange(min=0),
    default=0,
    show_default=True,
    help="Seconds to wait for another run on the same snapshots to finish.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=32),
    default=len(LOCALES),
    show_default=True,
    help="Languages fetched at once.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only problems and the summary.")
@click.option("-v", "--verbose", is_flag=True, help="Also print every request and retry.")
def run(
    snapshots: Path,
    locales: str | None,
    from_dir: Path | None,
    base_url: str,
    as_of: dt.datetime | None,
    accept_shrink: bool,
    exit_code: bool,
    report_dir: Path | None,
    wait_for_lock: float,
    concurrency: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Fetch every language, compare with the snapshots, write and publish what changed.

    \b
    Examples:
      deprecations run
      deprecations run --locales en,zh-TW,zh-CN
      deprecations run --from saved-pages/ --as-of 2025-12-01
    """
    from scraper.fetch import FetchSettings
    from scraper.pipeline import RunOptions
    from scraper.pipeline import run as run_job
    from scraper.progress import Level, ProgressReporter
    from scraper.report import console_lines, write_failure_report, write_report

    options = RunOptions(
        snapshots=snapshots,
        locales=_locales_option(locales),
        base_url=base_url,
        from_dir=from_dir,
        as_of=as_of.date() if as_of else None,
        accept_shrink=accept_shrink,
        wait_for_lock=wait_for_lock,
        settings=FetchSettings(concurrency=concurrency),
    )
    level: Level = "verbose" if verbose else "normal"
    try:
        # Quiet: the summary lines below already name every problem.
        result = run_job(options, None if quiet else ProgressReporter(level=level))
    except DeprecationsError as error:
        if report_dir is not None:
            write_failure_report(report_dir, str(error))
        _fail(error)
    for line in console_lines(result):
        click.echo(line)
    if report_dir is not None:
        write_report(report_dir, result)
    sys.exit(result.exit_code(exit_code_on_change=exit_code))


@cli.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "markdown"]),
    default="markdown",
    show_default=True,
)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date to stamp the events with (default: today, UTC).",
)
def diff(old: Path, new: Path, output_format: str, as_of: dt.datetime | None) -> None:
    """Compare two snapshots of one language (snapshot or `parse` output files).

    Prints the events, as Markdown lines or as JSON. Exits 0 either way.
    """
    from pydantic import TypeAdapter

    from scraper.diff import Event, diff_pages, merge_changes
    from scraper.publish import MARKDOWN, describe, fold_status_dates
    from scraper.records import PageContent
    from scraper.snapshot import read_model

    try:
        before = read_model(old, PageContent, ignore={"source"})
        after = read_model(new, PageContent, ignore={"source"})
    except DeprecationsError as error:
        _fail(error)
    detected = as_of.date() if as_of else dt.datetime.now(dt.UTC).date()
    events = merge_changes(
        {after.locale: diff_pages(before, after)},
        detected_at=detected,
        page_urls={after.locale: page_url(after.locale)},
    )
    if output_format == "json":
        click.echo(dumps(TypeAdapter(list[Event]).dump_python(events, mode="json")), nl=False)
    else:
        for event in fold_status_dates(events):
            click.echo(f"- {describe(event, MARKDOWN)}")


def _statuses_option(value: str | None) -> set[str] | None:
    if not value:
        return None
    chosen = {item.strip().lower() for item in value.split(",") if item.strip()}
    unknown = chosen - set(STATUSES)
    if unknown:
        raise click.BadParameter(
            f"{', '.join(sorted(unknown))}: not a status (one of {', '.join(STATUSES)})",
            param_hint="--status",
        )
    return chosen


def _load_index(snapshots: Path) -> ModelIndex:
    from scraper.pipeline import MODELS_FILE
    from scraper.snapshot import read_model

    path = snapshots / MODELS_FILE
    if not path.exists():
        raise click.ClickException(
            f"{path} does not exist yet: run `deprecations run` first (it needs the English page)"
        )
    try:
        return read_model(path, ModelIndex)
    except DeprecationsError as error:
        _fail(error)


def _today(as_of: dt.datetime | None) -> dt.date:
    return as_of.date() if as_of else dt.datetime.now(dt.UTC).date()


def _print_models(
    models: list[CanonicalModel],
    *,
    output_format: str,
    snapshots: Path,
    locale: str | None,
    today: dt.date,
) -> None:
    from scraper.snapshot import SnapshotStore
    from scraper.views import render_table, status_names

    if output_format == "json":
        click.echo(dumps(ModelIndex(models=tuple(models))), nl=False)
        return
    words = None
    if locale is not None:
        try:
            page = SnapshotStore(snapshots).load_page(locale)
        except DeprecationsError as error:
            _fail(error)
        words = page.status_words if page else None
    click.echo(render_table(models, status_names(locale, words), today), nl=False)


format_option = click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
as_of_option = click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Count days from this date (default: today, UTC).",
)


@cli.command()
@snapshots_option
@click.option(
    "--status", "statuses", metavar="S1,S2", help="Only these statuses, e.g. deprecated,retired."
)
@click.option("--locale", help="Show statuses in this language's own words (e.g. zh-TW).")
@format_option
@as_of_option
def models(
    snapshots: Path,
    statuses: str | None,
    locale: str | None,
    output_format: str,
    as_of: dt.datetime | None,
) -> None:
    """Every model's canonical status, dates and replacement (from snapshots/models.json).

    Joined from the English status table and the deprecation history; a model marked * has
    a conflict between the two, explained under the table.

    \b
    Examples:
      deprecations models --status deprecated
      deprecations models --locale zh-CN --format table
    """
    wanted = _statuses_option(statuses)
    index = _load_index(snapshots)
    chosen = [model for model in index.models if wanted is None or model.status in wanted]
    _print_models(
        chosen,
        output_format=output_format,
        snapshots=snapshots,
        locale=_locale_option(locale),
        today=_today(as_of),
    )


@cli.command()
@snapshots_option
@click.option(
    "--within",
    default="90d",
    show_default=True,
    help="Window from today: 90d, 12w, or a number of days.",
)
@click.option(
    "--include-tentative",
    is_flag=True,
    help="Also list 'not sooner than' dates of active models (not real retirements).",
)
@click.option("--locale", help="Show statuses in this language's own words.")
@format_option
@as_of_option
def upcoming(
    snapshots: Path,
    within: str,
    include_tentative: bool,
    locale: str | None,
    output_format: str,
    as_of: dt.datetime | None,
) -> None:
    """Models whose retirement falls within the window, soonest first."""
    from scraper.views import parse_window
    from scraper.views import upcoming as upcoming_models

    try:
        window = parse_window(within)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--within") from None
    today = _today(as_of)
    index = _load_index(snapshots)
    chosen = upcoming_models(index.models, today, window, include_tentative=include_tentative)
    _print_models(
        chosen,
        output_format=output_format,
        snapshots=snapshots,
        locale=_locale_option(locale),
        today=today,
    )


def _register_notify() -> None:
    from scraper.notify import notify_command

    cli.add_command(notify_command)


_register_notify()


def _register_audit() -> None:
    from scraper.audit.command import audit

    cli.add_command(audit)


_register_audit()


def main() -> None:
    try:
        returned = cli.main(standalone_mode=False)
    except click.exceptions.Abort:  # Ctrl-C: not "changes found" (1), the shell's 128 + SIGINT
        click.echo("\ninterrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except Exception as error:  # a bug must still end in one line, not a traceback
        click.echo(
            f"error: internal error ({type(error).__name__}: {error}); please report it at "
            f"{PROJECT_URL}/issues",
            err=True,
        )
        sys.exit(ExitCode.BUG)
    sys.exit(returned if isinstance(returned, int) else 0)
