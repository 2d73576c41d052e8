"""The canonical models in a terminal: the tables of `models`, `upcoming` and `resolve`.

Widths, East Asian characters, narrow terminals and NO_COLOR are rich's job. The model id is
never cut: when the terminal is narrow, the replacement column wraps. Every cell goes through
the terminal sink (`_cell`): an escape sequence or a bidirectional override from the page or
the command line is shown escaped, not obeyed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from scraper.answers.resolve import Answer
from scraper.answers.standing import status_on
from scraper.records import CanonicalModel, Platform, Status
from scraper.sinks import terminal_text


def _cell(value: str, style: str = "") -> Text:
    """A cell: Text, so page text is no rich markup, and shown as the terminal sink shows it."""
    return Text(terminal_text(value), style=style)


def _retires(model: CanonicalModel | Answer) -> str:
    if model.retires_on is None:
        return "-"
    prefix = "≥ " if model.retires_on_qualifier == "not_sooner_than" else ""
    return prefix + model.retires_on.isoformat()


# Colour only marks what a reader scans for; rich drops it under NO_COLOR or off a terminal.
_STATUS_STYLES: Mapping[Status, str] = {"deprecated": "yellow", "retired": "red"}


# The last column (the replacement) wraps; it keeps at least this width on a narrow terminal.
_LAST_COLUMN_ROOM = 12


def _table(headers: Sequence[str]) -> Table:
    """Columns that never cut an id, word or date; the last one (replacement) wraps when
    space runs out (see `needed_width`)."""
    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="bold")
    for header in headers[:-1]:
        table.add_column(header, no_wrap=True)
    table.add_column(headers[-1], overflow="fold", min_width=_LAST_COLUMN_ROOM)
    return table


def needed_width(table: Table) -> int:
    """The width a `_table` needs: its unwrapped columns whole. On a narrower terminal a
    line the terminal wraps beats a cut id or date (rich would cut them with an ellipsis)."""
    fixed = [
        max(cell_len(str(column.header)), *(Text(str(cell)).cell_len for cell in column.cells))
        for column in table.columns
        if column.no_wrap
    ]
    return sum(fixed) + 2 * len(fixed) + _LAST_COLUMN_ROOM


def days_left(model: CanonicalModel, status: Status, day: dt.date) -> str:
    """Days until retirement; `≥ N` for a "not sooner than" date (`≥ 0` once it has passed:
    the model may be retired any day), `past` for a firm date the page has not caught up with."""
    if model.retires_on is None or status == "retired":
        return "-"
    days = (model.retires_on - day).days
    if model.retires_on_qualifier == "not_sooner_than":
        return f"≥ {max(days, 0)}"
    return "past" if days < 0 else str(days)


def models_table(
    models: Sequence[CanonicalModel],
    names: Mapping[Status, str],
    day: dt.date,
    today: dt.date,
) -> Table:
    """One row per model; a model marked * has a conflict, explained by `conflict_notes`."""
    table = _table(("MODEL", "STATUS", "DEPRECATED", "RETIRES", "DAYS LEFT", "REPLACEMENT"))
    for model in models:
        status = status_on(model, day, today)
        table.add_row(
            _cell(model.model + ("*" if model.conflicts else "")),
            _cell(names[status], style=_STATUS_STYLES.get(status, "")),
            _cell(model.deprecated_on.isoformat() if model.deprecated_on else "-"),
            _cell(_retires(model)),
            _cell(days_left(model, status, day)),
            _cell(model.replacement or "-"),
        )
    return table


def platform_table(
    models: Sequence[CanonicalModel],
    platform: Platform,
    names: Mapping[Status, str],
    day: dt.date,
    today: dt.date,
) -> Table:
    """The models a platform lists: its ids and its own status beside the Claude API's."""
    table = _table(
        ("MODEL", "STATUS", "RETIRES", f"ID ON {platform.upper()}", "STATUS THERE", "REPLACEMENT")
    )
    for model in models:
        entry = model.platforms.get(platform)
        if entry is None:
            continue
        table.add_row(
            *(
                _cell(cell)
                for cell in (
                    model.model,
                    names[status_on(model, day, today)],
                    _retires(model),
                    ", ".join(entry.ids),
                    names[entry.status] if entry.status else "-",
                    model.replacement or "-",
                )
            )
        )
    return table


def resolve_table(answers: Sequence[Answer], names: Mapping[Status, str]) -> Table:
    """One row per input: the model it names, on which platform, and where it stands."""
    table = _table(
        ("INPUT", "MODEL", "PLATFORM", "STATUS", "PLATFORM STATUS", "RETIRES", "REPLACEMENT")
    )
    for found in answers:
        table.add_row(
            *(
                _cell(cell)
                for cell in (
                    found.input,
                    found.model or "(unknown)",
                    found.platform or "-",
                    names[found.status] if found.status else "-",
                    names[found.platform_status] if found.platform_status else "-",
                    _retires(found),
                    found.replacement or "-",
                )
            )
        )
    return table


def conflict_notes(models: Sequence[CanonicalModel]) -> list[str]:
    """Where the status table and the deprecation history disagree, one line each."""
    return [
        terminal_text(
            f"* {model.model}: the status table says {conflict.field} {conflict.status_table}, "
            f"the {conflict.announcement.isoformat()} history section says {conflict.history}"
        )
        for model in models
        for conflict in model.conflicts
    ]
