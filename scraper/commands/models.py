"""`deprecations models`: every model's canonical status, dates and replacement."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scraper.commands._models import load_source, show_models
from scraper.commands._options import (
    as_of_option,
    data_options,
    status_locale_option,
    table_format_option,
)
from scraper.terms import PLATFORMS, STATUSES, Platform, Status

if TYPE_CHECKING:
    from collections.abc import Sequence

    from scraper.answers.data import IndexSource, Model


def _statuses(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    chosen = {item.strip().lower() for item in value.split(",") if item.strip()}
    unknown = chosen - set(STATUSES)
    if unknown or not chosen:
        named = ", ".join(sorted(unknown)) or repr(value)
        raise click.BadParameter(f"{named}: not a status (one of {', '.join(STATUSES)})")
    return chosen


@click.command(short_help="Every model's status, dates and replacement.")
@data_options
@click.option(
    "--status",
    "statuses",
    metavar="S1,S2",
    callback=_statuses,
    help="Only these statuses, e.g. deprecated,retired.",
)
@click.option(
    "--platform",
    type=click.Choice(PLATFORMS),
    help="Only the models this platform lists, with its ids and its own status beside the "
    "Claude API's.",
)
@status_locale_option
@table_format_option
@as_of_option
def command(
    snapshots: Path | None,
    data_url: str | None,
    statuses: set[Status] | None,
    platform: Platform | None,
    locale: str | None,
    output_format: str,
    as_of: dt.date | None,
) -> None:
    """Every model's canonical status, dates and replacement (from snapshots/models.json).

    Joined from the English status table and the deprecation history; a model marked * has
    a conflict between the two, explained under the table. With --as-of, statuses are read
    from the dates as they stood on that day.

    \b
    Examples:
      deprecations models --status deprecated
      deprecations models --locale zh-CN
      deprecations models --platform vertex-ai
      deprecations models --format json | jq -r '.models[].model'
    """
    from scraper.answers.standing import listed

    def chosen(models: Sequence[Model], day: dt.date, today: dt.date) -> list[Model]:
        return listed(models, day, today, statuses=statuses, platform=platform)

    def why_empty(source: IndexSource, day: dt.date, today: dt.date) -> str | None:
        return _why_none(source, day, statuses, platform)

    show_models(
        chosen,
        source=load_source(snapshots, data_url),
        output_format=output_format,
        locale=locale,
        as_of=as_of,
        platform=platform,
        why_empty=why_empty,
    )


def _why_none(
    source: IndexSource, day: dt.date, statuses: set[Status] | None, platform: Platform | None
) -> str | None:
    """Why no model is listed: the data holds no ids on the platform (its page was not
    read), or no model had the statuses asked for on the day."""
    if platform is not None and not any(platform in m.platforms for m in source.index.models):
        return (
            f"{source.origin} holds no ids on {platform}: they come from {platform}'s own "
            "page, which `deprecations run` reads unless --locales leaves it out (or, with "
            "--from DIR, DIR does not hold it)"
        )
    if statuses:
        where = f" on {platform}" if platform else ""
        return f"no model{where} is {' or '.join(sorted(statuses))} on {day.isoformat()}"
    return None
