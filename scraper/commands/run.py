"""`deprecations run`: the whole job (fetch, parse, check, compare, write, publish)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scraper.commands._options import DateType, LocalesType, fail, snapshots_option, today_utc
from scraper.errors import DeprecationsError, InputError
from scraper.fetch.sources import DOCS_BASE_URL, LOCALES, PAGE_COUNT, RELATED_BY_NAME
from scraper.sinks import safe_url, terminal_text

if TYPE_CHECKING:
    from scraper.fetch.progress import ProgressReporter
    from scraper.pipeline import RunResult
    from scraper.track.options import Confirmation, RunOptions

OFFLINE_HINT = (
    "hint: without network, read saved pages instead: deprecations run --from DIR "
    "(DIR/<locale>.md or DIR/<locale>.html)"
)


def _base_url(ctx: click.Context, param: click.Parameter, value: str) -> str:
    url = safe_url(value)  # http(s), a host, nothing a request cannot carry
    if url is None:
        raise click.BadParameter(f"{value!r} is not an http(s) URL with a host")
    return url.rstrip("/")


def _as_of(ctx: click.Context, param: click.Parameter, value: dt.date | None) -> Any:
    # No slack east of UTC: a day recorded ahead of the clock would stop the next runs.
    today = today_utc()
    if value is not None and value > today:
        raise click.BadParameter(
            f"{value} is in the future (today is {today}, UTC): changes are recorded under "
            "the day they were seen"
        )
    return value


def _writable(directory: Path, error_type: type[DeprecationsError], what: str) -> None:
    """Create the directory and try a file in it, so a run fails before writing anything."""
    import tempfile

    try:
        directory.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as error:
        fail(error_type(f"{directory}: {what} cannot be written ({error.strerror or error})"))


def _check_inputs(options: RunOptions, report_dir: Path | None) -> None:
    """Everything a run needs, checked before it writes anything."""
    from scraper.pipeline import saved_locales
    from scraper.store.snapshots import SnapshotError

    if options.from_dir is not None:
        saved = saved_locales(options.from_dir)
        if not saved:
            fail(
                InputError(
                    f"{options.from_dir}: no saved pages (expected <locale>.md or "
                    f"<locale>.html for a locale among {', '.join(LOCALES)}, or a related "
                    f"page such as models-overview.md)"
                )
            )
    _writable(options.snapshots, SnapshotError, "the snapshots directory")
    if report_dir is not None:
        _writable(report_dir, InputError, "the report directory")


def _print_outcome(result: RunResult, report_dir: Path | None) -> None:
    """Problems on stderr (fetch failures were printed as they happened), the summary on
    stdout, and the report files in `report_dir` if one was asked for."""
    from scraper.publish.report import report_files, summary_lines

    for rejection in result.rejected:
        click.echo(terminal_text(f"error: {rejection.line()}"), err=True)
    for note in result.notes:
        click.echo(terminal_text(f"warning: {note}"), err=True)
    if any(failed.unreachable for failed in result.failed):
        click.echo(OFFLINE_HINT, err=True)
    for line in summary_lines(result):
        click.echo(line)
    if report_dir is not None:
        _write_report(report_dir, report_files(result))


@click.command(short_help="Fetch, compare, write snapshots and publish what changed.")
@snapshots_option
@click.option(
    "--locales",
    type=LocalesType(related=True),
    help=f"Only these languages (default: all: {','.join(LOCALES)}, and the related pages: "
    f"{','.join(RELATED_BY_NAME)}; with --from: those saved). A related page is named like "
    "a language.",
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
    callback=_base_url,
    help="Docs server to fetch from (a mirror, or a local test server).",
)
@click.option(
    "--as-of",
    type=DateType(),
    callback=_as_of,
    help="Date to record changes under (default: today, UTC); for backfills from archives, "
    "oldest first: never before the newest day in events.json, nor before a date the pages "
    "give as past.",
)
@click.option(
    "--accept-shrink",
    is_flag=True,
    help="Accept a status table or history that lost more than a third of its rows.",
)
@click.option(
    "--accept",
    "accept",
    multiple=True,
    metavar="CHECK",
    type=click.Choice(("backwards", "many-statuses", "look-alike", "date-columns", "premature")),
    help="Publish a change the plausibility gate held back (repeatable): backwards, "
    "many-statuses, look-alike, date-columns, premature.",
)
@click.option(
    "--confirm",
    metavar="WHEN",
    type=click.Choice(("same-run", "next-run")),
    default="same-run",
    show_default=True,
    help="How a change is confirmed before it is published: same-run (a second copy of the "
    "page, fetched fresh from the origin at once) or next-run (no extra request: published "
    "when the next run sees the same).",
)
@click.option(
    "--deadline",
    metavar="SECONDS",
    type=click.FloatRange(min=1, max=86_400),
    default=900,
    show_default=True,
    help="Seconds the whole fetch may take; languages not done by then fail (exit 4), the "
    "others are written.",
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
    type=click.FloatRange(min=0, max=86_400),
    default=0,
    show_default=True,
    help="Seconds to wait for another run on the same snapshots to finish.",
)
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=32),
    default=PAGE_COUNT,
    show_default=True,
    help="Pages fetched at once (all of them by default: a run costs one round trip).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress; problems and the summary only.")
@click.option("-v", "--verbose", is_flag=True, help="Also print every request and retry.")
def command(
    snapshots: Path,
    locales: tuple[str, ...] | None,
    from_dir: Path | None,
    base_url: str,
    as_of: dt.date | None,
    accept_shrink: bool,
    accept: tuple[str, ...],
    confirm: Confirmation,
    deadline: float,
    exit_code: bool,
    report_dir: Path | None,
    wait_for_lock: float,
    concurrency: int,
    quiet: bool,
    verbose: bool,
) -> None:
    """Fetch every language, compare with the snapshots, write and publish what changed.

    Progress and problems go to stderr, the summary of what changed to stdout.

    \b
    Examples:
      deprecations run
      deprecations run --locales en,zh-TW,zh-CN
      deprecations run --from saved-pages/ --as-of 2025-12-01
      deprecations run -q --report-dir report/   # cron: prints only problems
    """
    from scraper.fetch.pages import FetchSettings
    from scraper.fetch.progress import ProgressReporter
    from scraper.track.options import RunOptions

    options = RunOptions(
        snapshots=snapshots,
        locales=locales,
        base_url=base_url,
        from_dir=from_dir,
        as_of=as_of,
        accept_shrink=accept_shrink,
        accept=frozenset(accept),
        wait_for_lock=wait_for_lock,
        settings=FetchSettings(concurrency=concurrency, deadline=deadline),
        run_url=_ci_run_url(os.environ),
        confirm=confirm,
    )
    _check_inputs(options, report_dir)
    reporter = ProgressReporter(level="quiet" if quiet else "verbose" if verbose else "normal")
    result = _run_or_fail(options, reporter, report_dir)
    _print_outcome(result, report_dir)
    sys.exit(result.exit_code(exit_code_on_change=exit_code))


def _run_or_fail(
    options: RunOptions, reporter: ProgressReporter, report_dir: Path | None
) -> RunResult:
    """The run's result; a run that stops (exit 5, 2...) says why in one line and exits."""
    from scraper.pipeline import run as run_job
    from scraper.publish.report import failure_report_files

    try:
        return run_job(options, reporter)
    except DeprecationsError as error:
        if report_dir is not None:
            _write_report(report_dir, failure_report_files(str(error)))
        fail(error)
    except OSError as error:  # disk full, a lock file that is a symlink loop...
        from scraper.store.snapshots import SnapshotError

        where = error.filename or options.snapshots
        fail(SnapshotError(f"{where}: {error.strerror or error}"))


def _write_report(directory: Path, files: Mapping[str, str | None]) -> None:
    """The report files written (atomically: the workflow reads them), stale ones removed."""
    from scraper.store.files import write_atomic

    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        if text is None:
            (directory / name).unlink(missing_ok=True)
        else:
            write_atomic(directory / name, text.encode("utf-8"))


def _ci_run_url(environment: Mapping[str, str]) -> str | None:
    """The GitHub Actions run doing this job (stamped on the files it changes), if any."""
    parts = [environment.get(name) for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY")]
    run_id = environment.get("GITHUB_RUN_ID")
    if not all(parts) or not run_id:
        return None
    return f"{parts[0]}/{parts[1]}/actions/runs/{run_id}"
