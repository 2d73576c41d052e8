"""`deprecations upcoming`: retirements within a window, soonest first."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scraper.answers.data import IndexSource, Model


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

    def why_empty(source: IndexSource, day: dt.date, today: dt.date) -> str:
        return _why_none(source.index.models, day, today, within, include_tentative)

    show_models(
        lambda models, day, today: upcoming(
            models, day, within, today=today, include_tentative=include_tentative
        ),
        source=load_source(snapshots, data_url),
        output_format=output_format,
        locale=locale,
        as_of=as_of,
        why_empty=why_empty,
    )


def _why_none(
    models: Sequence[Model],
    day: dt.date,
    today: dt.date,
    within: Window,
    include_tentative: bool,
) -> str:
    """An empty window says which dates it held none of, and what --include-tentative adds."""
    from scraper.answers.standing import upcoming

    span = f"from {day.isoformat()} to {within.end(day).isoformat()}"
    if include_tentative:
        return f"no retirement date, firm or 'not sooner than', {span}"
    tentative = len(upcoming(models, day, within, today=today, include_tentative=True))
    if not tentative:
        return f"no firm retirement date {span}, nor a 'not sooner than' one"
    models_word = "model" if tentative == 1 else "models"
    return (
        f"no firm retirement date {span}; --include-tentative also lists the {tentative} "
        f"{models_word} whose 'not sooner than' date falls in it or has passed (no retirement "
        "announced yet)"
    )
