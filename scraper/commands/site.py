"""`deprecations site OUT_DIR`: build the static site from the snapshots (see scraper/site/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from scraper.commands._options import EARLIEST_DATE, fail, snapshots_option
from scraper.errors import DeprecationsError, InputError


class TimeType(click.ParamType[dt.datetime]):
    """An ISO 8601 time (2026-11-27T06:17:00Z); without a zone it is UTC."""

    name = "TIME"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.datetime):
            return value
        try:
            parsed = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not an ISO 8601 time like 2026-11-27T06:17:00Z", param, ctx)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.UTC)
        if parsed.date() < EARLIEST_DATE:
            self.fail(
                f"{value!r} is before {EARLIEST_DATE}, long before the page existed", param, ctx
            )
        return parsed.astimezone(dt.UTC)


@click.command(short_help="Build the static site (timeline, table, languages) into OUT_DIR.")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@snapshots_option
@click.option(
    "--checked-at",
    type=TimeType(),
    help="When the run that read the page started (ISO 8601, UTC if no zone; default: now). "
    "The site shows it as 'last checked'.",
)
def command(out_dir: Path, snapshots: Path, checked_at: dt.datetime | None) -> None:
    """Build the static site (timeline, table, languages, changes) into OUT_DIR.

    Writes index.html (English), one <locale>.html per stored language, site.css, site.js,
    favicon.svg and data/ (models.json, events.json, drift.json, the feeds and the
    changelog). Only files whose content changed are rewritten; nothing else in OUT_DIR is
    touched. Prints the path of index.html.

    \b
    Example:
      deprecations site public --checked-at 2026-11-27T06:17:00Z
    """
    from scraper.publish.site.render import build_site

    when = checked_at or dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        written = build_site(snapshots, out_dir, when)
    except DeprecationsError as error:
        fail(error)
    except OSError as error:
        where = error.filename or out_dir
        fail(InputError(f"{where}: cannot write the site ({error.strerror or error})"))
    click.echo(f"{len(written)} file(s) written to {out_dir}", err=True)
    click.echo(str(out_dir / "index.html"))
