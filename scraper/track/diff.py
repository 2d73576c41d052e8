"""Compare two snapshots of a page and name what changed, as typed events.

Records are compared keyed by model id and announcement date, never by list position
(deepdiff walks the keyed structures), and only on the fields that carry meaning: a row
moved, a re-translated title or a re-worded status word is no change. Rendering the events
is scraper.sinks's job.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import zip_longest
from typing import TYPE_CHECKING, Any

from pydantic import JsonValue

from scraper.records import Announcement, GenericTable, ModelStatus, PageContent, iso
from scraper.track.events import Change
from scraper.track.payloads import (
    AnnouncementFacts,
    BaselineCounts,
    EntryFacts,
    HistoryRow,
    ListedEntry,
    RetirementContext,
    RowFacts,
    StatusContext,
    TableFacts,
    TitleContext,
)

if TYPE_CHECKING:
    from deepdiff import DeepDiff


def _model_fields(model: ModelStatus) -> dict[str, JsonValue]:
    """The fields of a status row whose change is news; the *_text fields only say it in words."""
    return RowFacts(
        status=model.status,
        deprecated_on=model.deprecated_on,
        retires_on=model.retires_on,
        retires_on_qualifier=model.retires_on_qualifier,
    ).as_json()


def _status_context(model: ModelStatus, page: PageContent) -> dict[str, JsonValue]:
    dates = {
        "deprecated_on": model.deprecated_on,
        "retires_on": model.retires_on,
        "retires_on_qualifier": model.retires_on_qualifier,
    }
    history = page.newest_entries().get(model.model)
    if history is None:
        return StatusContext.model_validate(dates).as_json()
    announcement, entry = history
    return StatusContext(
        **dates, replacement=entry.replacement, announced_on=announcement.announced_on
    ).as_json()


def _history_row(model_id: str, page: PageContent) -> dict[str, JsonValue]:
    """Where the page's history leaves a model (the newest section listing it), if anywhere."""
    found = page.newest_entries().get(model_id)
    if found is None:
        return {}
    announcement, entry = found
    return HistoryRow(
        announced_on=announcement.announced_on,
        retires_on=entry.retires_on,
        retired_on=announcement.retired_on,
        replacement=entry.replacement,
    ).as_json()


def _tree_diff(before: Any, after: Any) -> DeepDiff:
    """DeepDiff's tree view; deepdiff is imported here, so `models` and `upcoming` never load it."""
    from deepdiff import DeepDiff

    return DeepDiff(before, after, view="tree", threshold_to_diff_deeper=0)


def _model_changes(old: PageContent, new: PageContent) -> Iterable[Change]:
    before = {model.model: _model_fields(model) for model in old.models}
    after = {model.model: _model_fields(model) for model in new.models}
    new_rows = {model.model: model for model in new.models}
    old_rows = {model.model: model for model in old.models}
    difference = _tree_diff(before, after)
    for level in difference.get("dictionary_item_added", []):
        (model_id,) = level.path(output_format="list")
        model = new_rows[model_id]
        yield Change(
            type="model_added",
            model=model_id,
            after=_model_fields(model),
            context=_status_context(model, new),
        )
    for level in difference.get("dictionary_item_removed", []):
        (model_id,) = level.path(output_format="list")
        yield Change(
            type="model_removed",
            model=model_id,
            before=_model_fields(old_rows[model_id]),
            context=_history_row(model_id, new),
        )
    changed: dict[str, set[str]] = {}
    for kind in ("values_changed", "type_changes"):
        for level in difference.get(kind, []):
            model_id, field = level.path(output_format="list")
            changed.setdefault(model_id, set()).add(field)
    for model_id, fields in changed.items():
        yield from _row_changes(old_rows[model_id], new_rows[model_id], fields, new)


def _row_changes(
    old: ModelStatus, new: ModelStatus, fields: set[str], page: PageContent
) -> Iterable[Change]:
    if "status" in fields:
        yield Change(
            type="status_changed",
            model=new.model,
            field="status",
            before=old.status,
            after=new.status,
            context=_status_context(new, page),
        )
    if "deprecated_on" in fields:
        yield Change(
            type="deprecation_date_changed",
            model=new.model,
            field="deprecated_on",
            before=iso(old.deprecated_on),
            after=iso(new.deprecated_on),
        )
    if "retires_on" in fields or "retires_on_qualifier" in fields:
        date_moved = "retires_on" in fields
        yield Change(
            type="retirement_date_changed",
            model=new.model,
            field="retires_on" if date_moved else "retires_on_qualifier",
            before=iso(old.retires_on) if date_moved else old.retires_on_qualifier,
            after=iso(new.retires_on) if date_moved else new.retires_on_qualifier,
            context=RetirementContext(
                retires_on=new.retires_on,
                qualifier_before=old.retires_on_qualifier,
                qualifier_after=new.retires_on_qualifier,
            ).as_json(),
        )


def _entries(announcement: Announcement) -> dict[str, dict[str, JsonValue]]:
    return {
        entry.model: EntryFacts(
            retires_on=entry.retires_on, replacement=entry.replacement
        ).as_json()
        for entry in announcement.entries
    }


def _announcement_summary(announcement: Announcement) -> dict[str, JsonValue]:
    return AnnouncementFacts(
        title=announcement.title,
        retired_on=announcement.retired_on,
        entries=tuple(
            ListedEntry(
                model=entry.model, retires_on=entry.retires_on, replacement=entry.replacement
            )
            for entry in announcement.entries
        ),
    ).as_json()


def _announcement_changes(old: PageContent, new: PageContent) -> Iterable[Change]:
    before = {a.announced_on: a for a in old.announcements}
    after = {a.announced_on: a for a in new.announcements}
    for day in sorted(after.keys() - before.keys()):
        yield Change(
            type="announcement_added",
            announcement=day,
            after=_announcement_summary(after[day]),
        )
    for day in sorted(before.keys() - after.keys()):
        yield Change(
            type="announcement_removed",
            announcement=day,
            before=_announcement_summary(before[day]),
        )
    for day in sorted(before.keys() & after.keys()):
        yield from _section_changes(before[day], after[day])


def _section_changes(old: Announcement, new: Announcement) -> Iterable[Change]:
    day = new.announced_on
    if old.retired_on != new.retired_on:
        yield Change(
            type="announcement_changed",
            announcement=day,
            field="retired_on",
            before=iso(old.retired_on),
            after=iso(new.retired_on),
            context=TitleContext(title=new.title).as_json(),
        )
    old_entries, new_entries = _entries(old), _entries(new)
    difference = _tree_diff(old_entries, new_entries)
    for kind, side in (("dictionary_item_added", "after"), ("dictionary_item_removed", "before")):
        for level in difference.get(kind, []):
            (model_id,) = level.path(output_format="list")
            entry = (new_entries if side == "after" else old_entries)[model_id]
            yield Change(
                type="announcement_changed",
                announcement=day,
                model=model_id,
                field="entries",
                context=TitleContext(title=new.title).as_json(),
                **{side: entry},
            )
    for kind in ("values_changed", "type_changes"):
        for level in difference.get(kind, []):
            model_id, field = level.path(output_format="list")
            yield Change(
                type="replacement_changed" if field == "replacement" else "retirement_date_changed",
                announcement=day,
                model=model_id,
                field=field,
                before=old_entries[model_id][field],
                after=new_entries[model_id][field],
            )


def _table_value(table: GenericTable) -> dict[str, JsonValue]:
    return TableFacts(section=table.section, header=table.header, rows=table.rows).as_json()


@dataclass(frozen=True, slots=True)
class TablePairs:
    """Other tables of two snapshots, paired by identity (section and header)."""

    pairs: tuple[tuple[GenericTable, GenericTable], ...]
    removed: tuple[GenericTable, ...]
    added: tuple[GenericTable, ...]


def pair_tables(old: Sequence[GenericTable], new: Sequence[GenericTable]) -> TablePairs:
    """A table is the one with the same section and header; failing that, the only table of
    its section (its header re-worded) or the only one with its header (its section renamed).
    Never its position: a table inserted before it changes nothing about it."""
    left, right = list(old), list(new)
    pairs: list[tuple[GenericTable, GenericTable]] = []
    keys: tuple[Callable[[GenericTable], object], ...] = (
        lambda table: (table.section, table.header),
        lambda table: table.section,
        lambda table: table.header,
    )
    for key in keys:
        counts_left = Counter(key(table) for table in left)
        counts_right = Counter(key(table) for table in right)
        by_key = {key(table): table for table in right if counts_right[key(table)] == 1}
        for table in list(left):
            match = by_key.get(key(table)) if counts_left[key(table)] == 1 else None
            if match is not None and match in right:
                pairs.append((table, match))
                left.remove(table)
                right.remove(match)
    return TablePairs(tuple(pairs), tuple(left), tuple(right))


@dataclass(frozen=True, slots=True)
class CellChange:
    """One cell of a table row that says something else now."""

    row: str  # the row's first cell, which names it
    column: str  # the column's header
    before: str
    after: str


@dataclass(frozen=True, slots=True)
class RowChanges:
    """What changed between two versions of a table's rows."""

    added: int
    removed: int
    cells: tuple[CellChange, ...]


def row_changes(before: TableFacts, after: TableFacts) -> RowChanges:
    """Rows paired by their first cell (where it names one row on each side): a row whose
    other cells changed is changed cells, not a row removed and another added."""
    old_rows, new_rows = set(before.rows) - set(after.rows), set(after.rows) - set(before.rows)
    old_keys = Counter(row[0] for row in old_rows if row)
    new_keys = Counter(row[0] for row in new_rows if row)
    paired = {key for key in old_keys if old_keys[key] == 1 and new_keys[key] == 1}
    old_by_key = {row[0]: row for row in old_rows if row and row[0] in paired}
    cells: list[CellChange] = []
    for row in sorted(new_rows):
        if row and row[0] in paired:
            pairs = zip_longest(old_by_key[row[0]], row, fillvalue="")
            cells.extend(
                CellChange(row[0], _column(after.header, index), old_value, new_value)
                for index, (old_value, new_value) in enumerate(pairs)
                if old_value != new_value
            )
    return RowChanges(
        added=len(new_rows) - len(paired), removed=len(old_rows) - len(paired), cells=tuple(cells)
    )


def _column(header: tuple[str, ...], index: int) -> str:
    return header[index] if index < len(header) else str(index + 1)


def _table_field(table: GenericTable) -> str:
    return f"tables[{table.section}]"


def _table_changes(old: PageContent, new: PageContent) -> Iterable[Change]:
    """Other tables, matched by section and header (pair_tables); rows compared as a set."""
    paired = pair_tables(old.tables, new.tables)
    for before, after in paired.pairs:
        # A re-worded header or a moved row alone is no change, as in the status table.
        if set(before.rows) != set(after.rows):
            yield Change(
                type="table_changed",
                field=_table_field(after),
                before=_table_value(before),
                after=_table_value(after),
            )
    for table in paired.removed:
        yield Change(type="table_changed", field=_table_field(table), before=_table_value(table))
    for table in paired.added:
        yield Change(type="table_changed", field=_table_field(table), after=_table_value(table))


def baseline(page: PageContent) -> Change:
    return Change(
        type="baseline_recorded",
        context=BaselineCounts(
            models=len(page.models),
            announcements=len(page.announcements),
            tables=len(page.tables),
        ).as_json(),
    )


def diff_pages(old: PageContent | None, new: PageContent) -> list[Change]:
    """Every meaningful difference between two snapshots of one language's page."""
    if old is None:
        return [baseline(new)]
    return [
        *_model_changes(old, new),
        *_announcement_changes(old, new),
        *_table_changes(old, new),
    ]
