"""`deprecations audit PATH...`: the models a code base calls that are going away (see
scraper/audit/). Only click and the shared options at import time: the audit starts fast."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._models import load_source
from scraper.commands._options import DateType, WindowType, data_options, format_option
from scraper.errors import DeprecationsError, ExitCode
from scraper.sinks import terminal_text
from scraper.terms import PLATFORMS, Platform

if TYPE_CHECKING:
    from scraper.answers.audit.findings import FailOn, Finding
    from scraper.answers.audit.reading import Read
    from scraper.answers.audit.run import AuditResult
    from scraper.answers.audit.spread import Spread
    from scraper.answers.audit.suppress import Suppression
    from scraper.answers.data import IndexSource
    from scraper.answers.window import Window

FORMATS = ("text", "json", "sarif")


def _colour(stream: object) -> bool:
    """Colours on a terminal only, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@click.command(short_help="Find the deprecated or retired models your code calls.")
@click.argument(
    "paths", nargs=-1, type=click.Path(exists=True, path_type=Path), metavar="[PATH]..."
)
@format_option(
    FORMATS, "text", "Text for people (by file), JSON for scripts, SARIF for GitHub code scanning."
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["retired", "deprecated", "legacy", "never"]),
    default="retired",
    show_default=True,
    help="Exit 1 when a finding has this status or a later one (deprecated: a deadline early).",
)
@click.option(
    "--fail-within",
    type=WindowType(),
    help="Also exit 1 on a firm retirement within the window (30d, 8w, 3m); tentative aside.",
)
@click.option(
    "--platform",
    type=click.Choice(PLATFORMS),
    help="Where the code calls models, for ids that name no platform (claude-opus-4-1).",
)
@click.option("--all", "include_active", is_flag=True, help="Also report active models.")
@click.option(
    "--exclude",
    metavar="GLOB",
    multiple=True,
    help="Leave out the files this gitignore pattern matches (docs/, *.md); repeatable. "
    "[tool.deprecations] exclude in pyproject.toml adds more.",
)
@data_options
@click.option(
    "--as-of",
    type=DateType(),
    help="Read statuses and count days left as on this date (default: today, UTC).",
)
def command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    fail_on: FailOn,
    fail_within: Window | None,
    platform: Platform | None,
    include_active: bool,
    exclude: tuple[str, ...],
    snapshots: Path | None,
    data_url: str | None,
    as_of: dt.date | None,
) -> None:
    """Find the Claude models your code calls that are deprecated or retired.

    Scans every text file under PATH (default: the current directory) that git would track,
    or that no .gitignore ignores, for model ids in every form (API ids and aliases, Bedrock
    ids, profiles and ARNs, Vertex AI ids), and reports each with its status on its platform
    on the day (from the dates, as `models --as-of` reads them), its retirement date and its
    replacement. Retired is an error, deprecated a warning, legacy a note. A line holding
    `deprecations: ignore[ID]` (or a bare `deprecations: ignore`) is not reported. Exits 1
    when a finding is at or above --fail-on (or retires within --fail-within), 0 otherwise.

    \b
    Examples:
      deprecations audit .
      deprecations audit src/ --fail-on deprecated --platform bedrock
      deprecations audit --exclude 'docs/' --format sarif -o audit.sarif
    """
    today = dt.datetime.now(dt.UTC).date()
    day = as_of or today
    from scraper.answers.audit.reading import start_reading  # light: the readers' imports
    from scraper.answers.audit.suppress import suppression

    try:
        leave_out = suppression(exclude, Path.cwd())
        # A large tree's readers start before judging's imports and data are loaded, which
        # this process does while they read.
        with start_reading(paths or (Path(),), leave_out) as reads:
            source = load_source(snapshots, data_url)
            result = _judge(reads, source, platform, day, leave_out)
    except DeprecationsError as error:
        click.echo(terminal_text(f"error: {error}"), err=True)
        sys.exit(error.exit_code)
    from scraper.answers.audit.findings import fails, reported

    shown = reported(result.findings, include_active=include_active)
    _emit(result, shown, output_format, output, day, source)
    failed = fails(shown, fail_on=fail_on, within=fail_within, today=day)
    sys.exit(ExitCode.CHANGES if failed else ExitCode.OK)


def _judge(
    reads: Spread[str, Read],
    source: IndexSource,
    platform: Platform | None,
    day: dt.date,
    leave_out: Suppression,
) -> AuditResult:
    from scraper.answers.audit.findings import Context
    from scraper.answers.audit.run import finish
    from scraper.answers.resolve import Resolver

    resolver = Resolver.from_index(source.index)
    models = {m.model: m for m in source.index.models}
    context = Context(models, platform, day, dt.datetime.now(dt.UTC).date())
    return finish(reads, resolver.resolve, context, leave_out)


def _emit(
    result: AuditResult,
    shown: list[Finding],
    output_format: str,
    output: Path | None,
    day: dt.date,
    source: IndexSource,
) -> None:
    from scraper.answers.audit.render import render_json, render_sarif, render_text, summary

    colour = output is None and _colour(sys.stdout)
    if output_format == "sarif":
        text = render_sarif(shown, Path.cwd(), source)
    elif output_format == "json":
        text = render_json(result, shown, day, source)
    else:
        text = render_text(shown, colour=colour)
    if output is None:
        click.echo(text, nl=False, color=colour)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise click.FileError(str(output), error.strerror) from None
    click.echo(summary(result, shown), err=True)
