"""`deprecations notify`: post a run's summary to a Slack or Discord webhook."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from scraper.commands._options import fail
from scraper.errors import InputError


@click.command(short_help="Post the last run's changes to a Slack or Discord webhook.")
@click.option(
    "--report-dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Directory `run --report-dir` wrote its report into.",
)
@click.option(
    "--link",
    help="Changelog URL for the message; inside GitHub Actions, the branch's CHANGELOG.md.",
)
def command(report_dir: Path, link: str | None) -> None:
    """Post what the last run changed to the webhook in $DEPRECATIONS_WEBHOOK_URL.

    Slack and Discord webhooks both work. Does nothing (and succeeds) when the variable is
    unset or empty, or when the run changed nothing. A report directory that does not exist
    is a usage error (exit 2).
    """
    if not report_dir.is_dir():
        fail(
            InputError(
                f"{report_dir}: no such directory (pass the one `deprecations run "
                "--report-dir` wrote)"
            )
        )
    from scraper.publish.notify import WEBHOOK_ENV, changelog_url, notify_from_report

    environ = os.environ
    code = notify_from_report(
        report_dir, environ.get(WEBHOOK_ENV), link=link or changelog_url(environ)
    )
    sys.exit(code)
