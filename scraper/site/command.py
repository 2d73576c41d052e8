"""`deprecations site OUT_DIR`: build the static site from the snapshots."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from scraper.errors import DeprecationsError, ExitCode


def _checked_at(ctx: click.Context, param: click.Parameter, value: str | None) -> dt.datetime:
    """An ISO 8601 time (2026-11-27T06:17:00Z); without a zone it is UTC; default: now."""
    if value is None:
        return dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an ISO 8601 time like 2026-11-27T06:17:00Z"
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return parsed.astimezone(dt.UTC)


@click.command("site")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("snapshots"),
    show_default=True,
    help="Directory of the snapshots and published files.",
)
@click.option(
    "--checked-at",
    callback=_checked_at,
    metavar="TIME",
    help="When the run that read the page ran (ISO 8601, UTC if no zone); default: now. "
    "The site shows it as 'last checked'.",
)
def site_command(out_dir: Path, snapshots: Path, checked_at: dt.datetime) -> None:
    """Build the static site (timeline, table, languages, changes) into OUT_DIR.

    Writes index.html (English), one <locale>.html per stored language, site.css, site.js
    and data/ (models.json, events.json, drift.json, the feeds and the changelog). Only
    files whose content changed are rewritten; nothing else in OUT_DIR is touched.

    \b
    Example:
      deprecations site public --checked-at 2026-11-27T06:17:00Z
    """
    from scraper.site.render import build_site

    try:
        written = build_site(snapshots, out_dir, checked_at)
    except DeprecationsError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(error.exit_code)
    except OSError as error:
        where = error.filename or out_dir
        click.echo(f"error: {where}: cannot write the site ({error.strerror})", err=True)
        sys.exit(ExitCode.USAGE)
    click.echo(f"{len(written)} file(s) written to {out_dir}", err=True)
    click.echo(str(out_dir / "index.html"))
