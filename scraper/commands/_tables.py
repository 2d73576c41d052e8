"""The canonical models in a terminal: the tables of `models`, `upcoming` and `resolve`.

Widths, East Asian characters and styles are rich's job; which columns fit is decided here.
No cell is ever broken: ids, dates and status words are whole tokens, and a cell that lists
several ids puts each on its own line. When the table is wider than the terminal, the columns
that matter least are left out (`fit`), and the caller says which; when even the columns that
always stay are wider, each row becomes a block of its own (`stacked`), every column kept.
Every cell goes through the terminal sink: an escape sequence or a bidirectional override from
the page or the command line is shown escaped, not obeyed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Group
from rich.table import Table
from rich.text import Text

from scraper.answers.standing import status_on
from scraper.sinks import terminal_text

if TYPE_CHECKING:  # types only: `models` and `upcoming` need no resolver
    from scraper.answers.data import Model
    from scraper.answers.resolve import Answer
    from scraper.terms import Platform, Status

# Colour only marks what a reader scans for; it goes under NO_COLOR or off a terminal.
_STATUS_STYLES: Mapping[Status, str] = {"deprecated": "yellow", "retired": "red"}
_GAP = 2  # the spaces between two columns
ALWAYS = 0  # a column shown whatever the width


@dataclass(frozen=True, slots=True)
class Column:
    """A column of a table: `drop` orders which go first when the terminal is too narrow
    (the highest first; ALWAYS: never)."""

    header: str
    drop: int
    cells: tuple[Text, ...]

    @property
    def width(self) -> int:
        """Its width when no cell is broken: the longest line of any cell, or the header."""
        lines = [line for cell in self.cells for line in cell.plain.split("\n")]
        return max((cell_len(line) for line in [self.header, *lines]), default=0)


@dataclass(frozen=True, slots=True)
class Grid:
    """A table before it meets a terminal."""

    columns: tuple[Column, ...]

    @property
    def width(self) -> int:
        return sum(column.width for column in self.columns) + _GAP * (len(self.columns) - 1)


def fit(grid: Grid, width: int | None) -> tuple[Grid, tuple[str, ...]]:
    """The grid with the columns that fit in `width` (None: any width), and the headers of
    those left out. Columns are taken in `drop` order, lowest first, each while it still fits
    (a narrow one after a wide one that did not); the ALWAYS ones stay even when they alone
    are wider (the terminal wraps the line: better than a broken id)."""
    if width is None or grid.width <= width:
        return grid, ()
    kept = {index for index, column in enumerate(grid.columns) if column.drop == ALWAYS}
    for index in sorted(set(range(len(grid.columns))) - kept, key=lambda i: grid.columns[i].drop):
        trial = [grid.columns[i] for i in sorted({*kept, index})]
        if Grid(tuple(trial)).width <= width:
            kept.add(index)
    shown = tuple(column for i, column in enumerate(grid.columns) if i in kept)
    dropped = sorted(
        (column for i, column in enumerate(grid.columns) if i not in kept),
        key=lambda column: -column.drop,
    )
    return Grid(shown), tuple(column.header for column in dropped)


def rich_table(grid: Grid, *, styled: bool) -> Table:
    """The grid as a rich table whose cells never wrap (`fit` made it fit)."""
    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold" if styled else "")
    for column in grid.columns:
        table.add_column(column.header, no_wrap=True)
    for row in zip(*(column.cells for column in grid.columns), strict=True):
        table.add_row(*row)
    return table


def stacked_width(grid: Grid) -> int:
    """The width `stacked` needs: the first column's cells as headings, each other column a
    line of its own under them (header, then value)."""
    first, *rest = grid.columns
    headers = max((cell_len(column.header) for column in rest), default=0)
    values = max((Grid((column,)).width for column in rest), default=0)
    return max(first.width, _GAP + headers + _GAP + values if rest else 0)


def stacked(grid: Grid, *, styled: bool) -> Group:
    """The grid as one block per row, for a terminal narrower than the columns that always
    stay (a long Bedrock id beside its model): the row's first cell, then each other column
    as `HEADER  value` beneath it. Every column stays, and no cell is broken."""
    first, *rest = grid.columns
    blocks: list[Text | Table] = []
    for row, heading in enumerate(first.cells):
        if row:
            blocks.append(Text(""))
        blocks.append(Text.assemble(heading, style="bold" if styled else ""))
        fields = Table(box=None, show_header=False, padding=(0, 0, 0, _GAP))
        fields.add_column(no_wrap=True)
        fields.add_column(no_wrap=True)
        for column in rest:
            fields.add_row(Text(column.header), column.cells[row])
        blocks.append(fields)
    return Group(*blocks)


def _cell(value: str, style: str = "") -> Text:
    """Page text as a cell: a Text, so `[brackets]` in it are never read as rich markup, as
    the terminal sink shows it (one line: a line break in it is shown `\\n`)."""
    return Text(terminal_text(value), style=style)


def _ids(values: Sequence[str]) -> Text:
    """Several ids in one cell: one per line, so none is ever broken."""
    return Text("\n".join(terminal_text(value) for value in values) if values else "-")


def _retires(model: Model | Answer) -> str:
    if model.retires_on is None:
        return "-"
    prefix = "≥ " if model.retires_on_qualifier == "not_sooner_than" else ""
    return prefix + model.retires_on.isoformat()


def days_left(model: Model, status: Status, day: dt.date) -> str:
    """Days until retirement; `≥ N` for a "not sooner than" date, `date passed` once that
    date is behind (the model may be retired any day, the page has not said when)."""
    if model.retires_on is None or status == "retired":
        return "-"
    days = (model.retires_on - day).days
    if days < 0:
        return "date passed"
    return f"≥ {days}" if model.retires_on_qualifier == "not_sooner_than" else str(days)


def _status(names: Mapping[Status, str], status: Status | None) -> Text:
    return _cell(names[status], _STATUS_STYLES.get(status, "")) if status else _cell("-")


def _grid(columns: Sequence[tuple[str, int]], rows: Sequence[Sequence[Text]]) -> Grid:
    """Rows of cells as a grid of (header, drop order) columns."""
    cells = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    return Grid(
        tuple(
            Column(header, drop, tuple(column))
            for (header, drop), column in zip(columns, cells, strict=True)
        )
    )


def models_grid(
    models: Sequence[Model], names: Mapping[Status, str], day: dt.date, today: dt.date
) -> Grid:
    """One row per model; a model marked * has a conflict, explained by `conflict_notes`."""
    rows = []
    for model in models:
        status = status_on(model, day, today)
        rows.append(
            (
                _cell(model.model + ("*" if model.conflicts else "")),
                _status(names, status),
                _cell(model.deprecated_on.isoformat() if model.deprecated_on else "-"),
                _cell(_retires(model)),
                _cell(days_left(model, status, day)),
                _cell(model.replacement or "-"),
            )
        )
    columns = (
        ("MODEL", ALWAYS),
        ("STATUS", ALWAYS),
        ("DEPRECATED", 5),
        ("RETIRES", 2),
        ("DAYS LEFT", 4),
        ("REPLACEMENT", 3),
    )
    return _grid(columns, rows)


def platform_grid(
    models: Sequence[Model],
    platform: Platform,
    names: Mapping[Status, str],
    day: dt.date,
    today: dt.date,
) -> Grid:
    """The models a platform lists: its ids and its own status beside the Claude API's."""
    rows = [
        (
            _cell(model.model),
            _status(names, status_on(model, day, today)),
            _cell(_retires(model)),
            _ids(entry.ids),
            _status(names, entry.status),
            _cell(model.replacement or "-"),
        )
        for model in models
        if (entry := model.platforms.get(platform)) is not None
    ]
    columns = (
        ("MODEL", ALWAYS),
        ("STATUS", 3),
        ("RETIRES", 4),
        (f"ID ON {platform.upper()}", ALWAYS),
        ("STATUS THERE", 2),
        ("REPLACEMENT", 5),
    )
    return _grid(columns, rows)


def resolve_grid(answers: Sequence[Answer], names: Mapping[Status, str]) -> Grid:
    """One row per input: the model it names, on which platform, and where it stands."""
    rows = [
        (
            _cell(found.input),
            _cell(found.model or "(unknown)"),
            _cell(found.platform or "-"),
            _status(names, found.status),
            _status(names, found.platform_status),
            _cell(_retires(found)),
            _cell(found.replacement or "-"),
        )
        for found in answers
    ]
    columns = (
        ("INPUT", ALWAYS),
        ("MODEL", ALWAYS),
        ("PLATFORM", 2),
        ("STATUS", 1),
        ("PLATFORM STATUS", 3),
        ("RETIRES", 4),
        ("REPLACEMENT", 5),
    )
    return _grid(columns, rows)


def conflict_notes(models: Sequence[Model]) -> list[str]:
    """Where the status table and the deprecation history disagree, one line each."""
    return [
        terminal_text(
            f"* {model.model}: the status table says {conflict.field} {conflict.status_table}, "
            f"the {conflict.announcement.isoformat()} history section says {conflict.history}"
        )
        for model in models
        for conflict in model.conflicts
    ]
