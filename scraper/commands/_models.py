"""What the commands that read models.json share: finding it, printing models as tables."""

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
    from rich.console import RenderableType

    from scraper.answers.data import Index, IndexSource, Model
    from scraper.commands._tables import Grid
    from scraper.records import StatusWords
    from scraper.terms import Platform


def warn(text: str) -> None:
    click.echo(terminal_text(f"warning: {text}"), err=True)


def load_source(snapshots: Path | None, data_url: str | None) -> IndexSource:
    """The models.json `--snapshots` or `--data` names, else ./snapshots', else the packaged
    one (`scraper.answers.data.load`); one `error:` line and its exit code when unusable."""
    from scraper.answers.data import load

    try:
        if snapshots is not None and data_url is not None:
            raise InputError("--snapshots and --data both name the data: choose one")
        return load(snapshots, data_url, warn=warn)
    except DeprecationsError as error:
        fail(error)


def no_colour() -> bool:
    """NO_COLOR set to anything but the empty string (https://no-color.org)."""
    return bool(os.environ.get("NO_COLOR"))


def _width() -> int | None:
    """The width to fit: the terminal's (or COLUMNS, which rich reads first); for a pipe,
    COLUMNS if set, else none (nothing is left out)."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        from rich.console import Console

        return Console().width
    return None


def echo_prose(text: str) -> None:
    """A paragraph on stdout wrapped between words to the width (`_width`), so the terminal
    never breaks one of its ids or words; unwrapped when nothing sets a width. Wrapping starts
    lines: none may start a workflow command in a CI log."""
    width = _width()
    if width is not None:
        import textwrap

        text = textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
    click.echo(actions_text(text))


def echo_table(grid: Grid) -> None:
    """A table on stdout that fits the width (`_width`): the columns that matter least are
    left out, and stderr says which, rather than an id, date or status word broken; when the
    columns that always stay do not fit either, one block per row with every column."""
    from rich.console import Console

    from scraper.commands._tables import fit, rich_table, stacked, stacked_width

    width = _width()
    shown, dropped = fit(grid, width)
    plain = no_colour()
    renderable: RenderableType = rich_table(shown, styled=not plain)
    needed = shown.width
    if width is not None and shown.width > width and stacked_width(grid) < shown.width:
        # Not even the columns that always stay fit: one block per row, every column in it.
        renderable, needed, dropped = stacked(grid, styled=not plain), stacked_width(grid), ()
    console = Console(
        width=max(width or 0, needed),
        color_system=None if plain else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )
    with console.capture() as captured:
        console.print(renderable)
    # rich pads every cell to its column's width; the last column needs no padding. A cell
    # rich had to wrap starts a line: no line may start a workflow command in a CI log.
    lines = "\n".join(line.rstrip() for line in captured.get().splitlines())
    click.echo(actions_text(lines))
    if dropped:
        click.echo(
            f"hint: {', '.join(dropped)} left out to fit {width} columns "
            "(a wider terminal, COLUMNS=N or --format json shows every column)",
            err=True,
        )


# Which models to show, given them all, the day statuses are read on and today.
Choose = Callable[[Sequence["Model"], dt.date, dt.date], Sequence["Model"]]
# Why `Choose` picked none, given the data, the day and today: a hint, or None.
WhyEmpty = Callable[["IndexSource", dt.date, dt.date], "str | None"]


def show_models(
    choose: Choose,
    *,
    source: IndexSource,
    output_format: str,
    locale: str | None,
    as_of: dt.date | None,
    platform: Platform | None = None,
    why_empty: WhyEmpty | None = None,
) -> None:
    """The models of the index that `choose` picks for the day (--as-of, else today), as
    JSON (the index, with its scope notes, holding them) or as a table in the chosen
    language's words; with `platform`, that platform's ids and status beside. When none is
    picked, `why_empty` says why on stderr."""
    today = today_utc()
    day = as_of or today
    index = source.index
    models = choose(index.models, day, today)
    if output_format == "json":
        from scraper.answers.data import to_builtins
        from scraper.answers.standing import on_day
        from scraper.records import dumps

        dated = index.only(on_day(models, day, today))
        click.echo(dumps(to_builtins(dated)), nl=False)
        return
    from scraper.commands._tables import conflict_notes, models_grid, platform_grid
    from scraper.read.vocabulary import status_names

    if not models:
        click.echo("(no models)")
        hint = why_empty(source, day, today) if why_empty else None
        if hint:
            click.echo(terminal_text(f"hint: {hint}"), err=True)
        return
    names = status_names(locale, _page_words(source, locale))
    if platform is not None:
        echo_table(platform_grid(models, platform, names, day, today))
        _echo_platform_notes(index, platform)
        return
    echo_table(models_grid(models, names, day, today))
    notes = conflict_notes(models)
    if notes:
        click.echo()
    for note in notes:
        echo_prose(note)


def _page_words(source: IndexSource, locale: str | None) -> StatusWords | None:
    """The status words the stored page of `locale` defines, when the data has its page."""
    if locale is None or source.snapshots is None:
        return None
    from scraper.store.snapshots import SnapshotStore

    try:
        page = SnapshotStore(source.snapshots).load_page(locale)
    except DeprecationsError as error:
        fail(error)
    return page.status_words if page else None


def _echo_platform_notes(index: Index, platform: Platform) -> None:
    """Whose dates apply there: the platform page's words, else the deprecations page's."""
    note = index.platform_notes.get(platform) or index.scope_note
    if note and platform != "claude-api":
        click.echo()
        echo_prose(f"RETIRES is the Claude API's date. {terminal_text(note)}")
