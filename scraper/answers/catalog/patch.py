"""The fix as the smallest change to the catalogue's own text: only date values, nothing else.

Each date is written where the entry has it; a missing one is inserted next to its siblings,
with their indentation and separators, where it sorts among them. Keys, order, spacing and
every other byte of the file stay as they were.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from scraper.answers.catalog.catalogue import Location
from scraper.answers.catalog.spans import ObjectSpan, array_items, object_at, skip_space


@dataclass(frozen=True, slots=True)
class DateFix:
    location: Location  # the entry, from the document's root
    field: str  # the dotted path of its date field
    date: dt.date


@dataclass(frozen=True, slots=True)
class Edit:
    start: int
    end: int
    text: str


class _Walker:
    """Offsets of values in one text; objects are read once (the root holds thousands)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._objects: dict[int, ObjectSpan] = {}

    def object(self, start: int) -> ObjectSpan | None:
        if self.text[start] != "{":
            return None
        if start not in self._objects:
            self._objects[start] = object_at(self.text, start)
        return self._objects[start]

    def child(self, start: int, step: str | int) -> int | None:
        if isinstance(step, int):
            items = array_items(self.text, start) if self.text[start] == "[" else ()
            return items[step][0] if 0 <= step < len(items) else None
        found = self.object(start)
        member = found.member(step) if found else None
        return member.value_start if member else None


def _gap(text: str, span: ObjectSpan) -> str:
    """What follows the comma between two members: a line break and indent, or a space."""
    members = span.members
    if len(members) > 1:
        between = text[members[0].value_end : members[1].key_start]
        return between[between.index(",") + 1 :]
    # One member: a line break if it has one, else a space if the file spaces out `": "`.
    only = members[0]
    lead = text[span.start + 1 : only.key_start]
    if "\n" in lead:
        return lead
    return " " if " " in text[only.key_end : only.value_start] else ""


def _insert(text: str, span: ObjectSpan, key: str, value: str) -> Edit:
    """A new member among the others, in their style, before the first that sorts after it."""
    if not span.members:
        inner = skip_space(text, span.start + 1)
        return Edit(span.start + 1, inner, f"{json.dumps(key)}: {value}")
    sample = span.members[0]
    separator = text[sample.key_end : sample.value_start]
    member = f"{json.dumps(key, ensure_ascii=False)}{separator}{value}"
    gap = _gap(text, span)
    later = next((m for m in span.members if m.key > key), None)
    if later is not None:
        return Edit(later.key_start, later.key_start, f"{member},{gap}")
    last = span.members[-1]
    return Edit(last.value_end, last.value_end, f",{gap}{member}")


def _edit(walker: _Walker, fix: DateFix) -> Edit | None:
    start: int | None = skip_space(walker.text, 0)
    *parents, field = fix.field.split(".")
    for step in (*fix.location, *parents):
        start = walker.child(start, step) if start is not None else None
    span = walker.object(start) if start is not None else None
    if span is None:
        return None
    value = json.dumps(fix.date.isoformat())
    member = span.member(field)
    if member is not None:
        return Edit(member.value_start, member.value_end, value)
    return _insert(walker.text, span, field, value)


def apply_fixes(text: str, fixes: Iterable[DateFix]) -> tuple[str, list[DateFix]]:
    """The patched text, and the fixes that had no place to go (a missing parent object)."""
    walker = _Walker(text)
    edits: list[Edit] = []
    skipped: list[DateFix] = []
    for fix in fixes:
        edit = _edit(walker, fix)
        if edit is None:
            skipped.append(fix)
        else:
            edits.append(edit)
    # From the end backwards, so the offsets of the edits still to make stay valid.
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text, skipped
