"""`deprecations site OUT_DIR`: build the static site from the snapshots (see scraper/site/)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from scraper.answers.window import EARLIEST_DATE
from scraper.commands._models import load_source
from scraper.commands._options import data_options, fail
from scraper.errors import DeprecationsError, InputError
from scraper.sinks import terminal_text

if TYPE_CHECKING:
    from scraper.answers.data import IndexSource


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
@data_options
@click.option(
    "--checked-at",
    type=TimeType(),
    help="When the run that read the page started (ISO 8601, UTC if no zone; default: now, "
    "or for the packaged models.json the day it last changed). The site shows it as 'last "
    "checked'.",
)
def command(
    out_dir: Path, snapshots: Path | None, data_url: str | None, checked_at: dt.datetime | None
) -> None:
    """Build the static site (timeline, table, languages, changes) into OUT_DIR.

    Writes index.html (English), one <locale>.html per stored language, site.css, site.js,
    favicon.svg and data/ (models.json, events.json, drift.json, the feeds and the
    changelog). Only files whose content changed are rewritten; nothing else in OUT_DIR is
    touched. Prints the path of index.html. From the packaged models.json or --data URL
    (no snapshots directory), the site shows the models only: no languages, no changes.

    \b
    Example:
      deprecations site public --checked-at 2026-11-27T06:17:00Z
    """
    source = load_source(snapshots, data_url)
    when = checked_at or _last_checked(source)
    try:
        written = _build_site(source, out_dir, when)
    except DeprecationsError as error:
        fail(error)
    except OSError as error:
        where = error.filename or out_dir
        fail(InputError(f"{where}: cannot write the site ({error.strerror or error})"))
    click.echo(terminal_text(f"{len(written)} file(s) written to {out_dir}"), err=True)
    click.echo(terminal_text(str(out_dir / "index.html")))


def _last_checked(source: IndexSource) -> dt.datetime:
    """Now, for data a run just wrote or a URL serves; for the packaged copy, the day it last
    changed: nothing has read the page since, and the site's stale-data warning should say so."""
    from scraper.answers.data import PACKAGED

    if source.origin == PACKAGED and source.date is not None:
        return dt.datetime.combine(source.date, dt.time(), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _build_site(source: IndexSource, out_dir: Path, checked_at: dt.datetime) -> list[Path]:
    """Write the site into `out_dir`; returns the files whose content changed.

    Only the site's own files are written; anything else in `out_dir` is left alone.
    """
    from scraper.fetch.sources import LOCALES
    from scraper.publish.compose import publication
    from scraper.publish.site.render import DATA_DIR, published_files, render_site
    from scraper.records import dumps
    from scraper.store.files import write_if_changed
    from scraper.store.snapshots import DRIFT_FILE, EVENTS_FILE, MODELS_FILE, SnapshotStore
    from scraper.track.stored import Stored

    snapshots = source.snapshots
    stored = SnapshotStore(snapshots).load() if snapshots is not None else Stored(pages={})
    pages = {locale: stored.pages[locale] for locale in LOCALES if locale in stored.pages}
    view = publication(stored.events, source.records(), stored.drift, pages, checked_at.date())
    shared, own = published_files(view, (MODELS_FILE, EVENTS_FILE, DRIFT_FILE))

    def present(names: Sequence[str]) -> tuple[str, ...]:
        if snapshots is None:
            return tuple(name for name in names if name == MODELS_FILE)
        return tuple(name for name in names if (snapshots / name).is_file())

    def copy(name: str) -> bytes:
        if snapshots is None:  # models.json alone, from the package or the URL
            return dumps(source.records()).encode("utf-8")
        return (snapshots / name).read_bytes()

    data = present(shared)
    per_language = {locale: present(names) for locale, names in own.items()}
    outputs = render_site(view, checked_at, data, per_language)
    for name in sorted({*data, *(name for names in per_language.values() for name in names)}):
        outputs[f"{DATA_DIR}/{name}"] = copy(name)
    return [
        out_dir / name for name, data in outputs.items() if write_if_changed(out_dir / name, data)
    ]
