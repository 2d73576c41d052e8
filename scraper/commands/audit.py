"""`deprecations audit PATH...`: the models a code base calls that are going away (see
scraper/audit/). Only click and the shared options at import time: the audit starts fast."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._options import DateType, WindowType, format_option
from scraper.errors import DeprecationsError, ExitCode
from scraper.sinks import safe_url, terminal_text

if TYPE_CHECKING:
    from scraper.answers.audit.data import IndexSource
    from scraper.answers.audit.findings import FailOn, Finding
    from scraper.answers.audit.run import AuditResult
    from scraper.answers.window import Window
    from scraper.records import Platform

# The values of records.Platform (a test keeps them equal), without importing it here.
PLATFORMS = ("claude-api", "bedrock", "bedrock-legacy", "vertex-ai", "foundry", "aws-platform")
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
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    help="Read models.json from this snapshots directory (default: the installed package's).",
)
@click.option("--data", "data_url", metavar="URL", help="Fetch models.json from this URL.")
@click.option(
    "--as-of", type=DateType(), help="Count days left from this date (default: today, UTC)."
)
def command(
    paths: tuple[Path, ...],
    output_format: str,
    output: Path | None,
    fail_on: FailOn,
    fail_within: Window | None,
    platform: Platform | None,
    include_active: bool,
    snapshots: Path | None,
    data_url: str | None,
    as_of: dt.date | None,
) -> None:
    """Find the Claude models your code calls that are deprecated or retired.

    Scans every text file under PATH (default: the current directory) that git would track,
    or that no .gitignore ignores, for model ids in every form (API ids and aliases, Bedrock
    ids, profiles and ARNs, Vertex AI ids), and reports each with its status on its platform,
    its retirement date and its replacement. Retired is an error, deprecated a warning,
    legacy a note. Exits 1 when a finding is at or above --fail-on (or retires within
    --fail-within), 0 otherwise.

    \b
    Examples:
      deprecations audit .
      deprecations audit src/ --fail-on deprecated --platform bedrock
      deprecations audit --format sarif -o audit.sarif
    """
    if snapshots is not None and data_url is not None:
        raise click.UsageError("--snapshots and --data both name the data: choose one")
    if data_url is not None:
        data_url = _check_url(data_url)
    today = as_of or dt.datetime.now(dt.UTC).date()
    try:
        result = _run(paths or (Path(),), snapshots, data_url, platform, today)
    except DeprecationsError as error:
        click.echo(terminal_text(f"error: {error}"), err=True)
        sys.exit(error.exit_code)
    from scraper.answers.audit.findings import fails, reported

    shown = reported(result.findings, include_active=include_active)
    _emit(result, shown, output_format, output, today)
    failed = fails(shown, fail_on=fail_on, within=fail_within, today=today)
    sys.exit(ExitCode.CHANGES if failed else ExitCode.OK)


def _check_url(value: str) -> str:
    """The URL to fetch: http(s) with a host, nothing a request cannot carry (`safe_url`)."""
    url = safe_url(value)
    if url is None:
        raise click.BadParameter(f"{value!r} is not an http(s) URL", param_hint="--data")
    return url


def _run(
    paths: tuple[Path, ...],
    snapshots: Path | None,
    data_url: str | None,
    platform: Platform | None,
    today: dt.date,
) -> AuditResult:
    from scraper.answers.audit.findings import Context
    from scraper.answers.audit.run import audit as run_audit
    from scraper.answers.resolve import Resolver

    source = _load_index(snapshots, data_url)
    resolver = Resolver.from_index(source.index)
    context = Context({m.model: m for m in source.index.models}, platform, today)
    return run_audit(paths, resolver.resolve, context)


def _load_index(snapshots: Path | None, url: str | None) -> IndexSource:
    """`--data URL`, else `--snapshots DIR`, else the packaged copy."""
    from scraper.answers.audit.data import IndexSource, packaged_bytes, parse_index
    from scraper.store.snapshots import MODELS_FILE, read_index

    if url is not None:
        from scraper.answers.audit.remote import fetch_index  # httpx only when a URL is asked

        def warn(text: str) -> None:
            click.echo(terminal_text(f"warning: {text}"), err=True)

        return fetch_index(url, warn=warn)
    if snapshots is not None:
        return IndexSource(read_index(snapshots), str(snapshots / MODELS_FILE))
    return IndexSource(parse_index(packaged_bytes(), "packaged models.json"), "packaged")


def _emit(
    result: AuditResult,
    shown: list[Finding],
    output_format: str,
    output: Path | None,
    today: dt.date,
) -> None:
    from scraper.answers.audit.render import render_json, render_sarif, render_text, summary

    colour = output is None and _colour(sys.stdout)
    if output_format == "sarif":
        text = render_sarif(shown, Path.cwd())
    elif output_format == "json":
        text = render_json(result, shown, today)
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
