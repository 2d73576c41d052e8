"""What the commands that read snapshots/models.json share: loading it, printing models."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._options import fail, today_utc
from scraper.errors import DeprecationsError, InputError
from scraper.sinks import actions_text, terminal_text

if TYPE_CHECKING:
    from rich.table import Table

    from scraper.records import CanonicalModel, ModelIndex, Platform


def load_index(snapshots: Path) -> ModelIndex:
    from scraper.store.snapshots import read_index

    if not snapshots.is_dir():
        fail(InputError(f"{snapshots}: no such directory (pass --snapshots DIR)"))
    try:
        return read_index(snapshots)
    except DeprecationsError as error:
        fail(error)


def _width() -> int | None:
    """The terminal's width; for a pipe, COLUMNS if set, else no limit (nothing is cut)."""
    if sys.stdout.isatty():
        return None  # rich asks the terminal
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 10_000


def echo_table(table: Table) -> None:
    """A rich table on stdout, at the terminal's width (or a pipe's, see `_width`)."""
    from rich.console import Console

    from scraper.commands._tables import needed_width

    console = Console(width=_width(), highlight=False, markup=False, emoji=False)
    console.width = max(console.width, needed_width(table))
    with console.capture() as captured:
        console.print(table)
    # rich pads every cell to its column's width; the last column needs no padding. A wrapped
    # cell may start a line: no line may start a workflow command in a CI log.
    lines = "\n".join(line.rstrip() for line in captured.get().splitlines())
    click.echo(actions_text(lines))


# Which models to show, given them all, the day statuses are read on and today.
Choose = Callable[[Sequence["CanonicalModel"], dt.date, dt.date], Sequence["CanonicalModel"]]


def show_models(
    choose: Choose,
    *,
    snapshots: Path,
    output_format: str,
    locale: str | None,
    as_of: dt.date | None,
    platform: Platform | None = None,
) -> None:
    """The models of snapshots/models.json that `choose` picks for the day (--as-of, else
    today), as JSON (the index, with its scope notes, holding them) or as a table in the
    chosen language's words; with `platform`, that platform's ids and status beside."""
    today = today_utc()
    day = as_of or today
    index = load_index(snapshots)
    models = choose(index.models, day, today)
    if output_format == "json":
        from scraper.records import dumps

        click.echo(dumps(index.model_copy(update={"models": tuple(models)})), nl=False)
        return
    from scraper.commands._tables import conflict_notes, models_table, platform_table
    from scraper.read.vocabulary import status_names
    from scraper.store.snapshots import SnapshotStore

    words = None
    if locale is not None:
        try:
            page = SnapshotStore(snapshots).load_page(locale)
        except DeprecationsError as error:
            fail(error)
        words = page.status_words if page else None
    if not models:
        click.echo("(no models)")
        return
    names = status_names(locale, words)
    if platform is not None:
        echo_table(platform_table(models, platform, names, day, today))
        _echo_platform_notes(index, platform)
        return
    echo_table(models_table(models, names, day, today))
    notes = conflict_notes(models)
    if notes:
        click.echo("\n" + "\n".join(notes))


def _echo_platform_notes(index: ModelIndex, platform: Platform) -> None:
    """Whose dates apply there: the platform page's words, else the deprecations page's."""
    note = index.platform_notes.get(platform) or index.scope_note
    if note and platform != "claude-api":
        click.echo(f"\nRETIRES is the Claude API's date. {terminal_text(note)}")
