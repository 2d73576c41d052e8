"""What `models` and `upcoming` share: reading snapshots/models.json, printing the table."""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._options import fail
from scraper.errors import DeprecationsError, InputError

if TYPE_CHECKING:
    from scraper.records import CanonicalModel, ModelIndex

MODELS_FILE = "models.json"  # scraper.pipeline.MODELS_FILE, without importing the pipeline


def load_index(snapshots: Path) -> ModelIndex:
    from scraper.records import ModelIndex
    from scraper.snapshot import SnapshotError, read_model

    if not snapshots.is_dir():
        fail(InputError(f"{snapshots}: no such directory (pass --snapshots DIR)"))
    path = snapshots / MODELS_FILE
    if not path.is_file():
        fail(
            SnapshotError(
                f"{path}: not there yet: `deprecations run` writes it (it needs the English page)"
            )
        )
    try:
        return read_model(path, ModelIndex)
    except DeprecationsError as error:
        fail(error)


def _width() -> int | None:
    """The terminal's width; for a pipe, COLUMNS if set, else no limit (nothing is cut)."""
    if sys.stdout.isatty():
        return None  # rich asks the terminal
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 10_000


def print_models(
    models: Sequence[CanonicalModel],
    *,
    output_format: str,
    snapshots: Path,
    locale: str | None,
    day: dt.date,
    today: dt.date,
) -> None:
    """As JSON (the records themselves) or as a table in the chosen language's words."""
    if output_format == "json":
        from scraper.jsonio import dumps
        from scraper.records import ModelIndex

        click.echo(dumps(ModelIndex(models=tuple(models))), nl=False)
        return
    from rich.console import Console

    from scraper.snapshot import SnapshotStore
    from scraper.views import conflict_notes, models_table, status_names

    words = None
    if locale is not None:
        try:
            page = SnapshotStore(snapshots).load_page(locale)
        except DeprecationsError as error:
            fail(error)
        words = page.status_words if page else None
    console = Console(width=_width(), highlight=False, markup=False, emoji=False)
    if not models:
        click.echo("(no models)")
        return
    with console.capture() as captured:
        console.print(models_table(models, status_names(locale, words), day, today))
    # rich pads every cell to its column's width; the last column needs no padding.
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))
    notes = conflict_notes(models)
    if notes:
        click.echo("\n" + "\n".join(notes))
