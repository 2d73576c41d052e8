"""`deprecations upcoming`: retirements within a window, soonest first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from scraper.answers.window import Window
from scraper.commands._models import load_source, show_models
from scraper.commands._options import (
    WindowType,
    as_of_option,
    data_options,
    status_locale_option,
    table_format_option,
)


@click.command(short_help="Retirements within a window, soonest first.")
@data_options
@click.option(
    "--within",
    type=WindowType(),
    default="90d",
    show_default=True,
    help="Window from today: 90d, 12w, 3m, 1y, or a number of days (at most a century).",
)
@click.option(
    "--include-tentative",
    is_flag=True,
    help="Also list active models' 'not sooner than' dates, including passed ones "
    "(the next candidates for deprecation, not announced retirements).",
)
@status_locale_option
@table_format_option
@as_of_option
def command(
    snapshots: Path | None,
    data_url: str | None,
    within: Window,
    include_tentative: bool,
    locale: str | None,
    output_format: str,
    as_of: dt.date | None,
) -> None:
    """Models whose retirement falls within the window, soonest first.

    With --as-of, the window starts on that day and statuses are those of that day.

    \b
    Examples:
      deprecations upcoming --within 6m
      deprecations upcoming --include-tentative --format json
    """
    from scraper.answers.standing import upcoming

    show_models(
        lambda models, day, today: upcoming(
            models, day, within, today=today, include_tentative=include_tentative
        ),
        source=load_source(snapshots, data_url),
        output_format=output_format,
        locale=locale,
        as_of=as_of,
    )
