"""The plausibility gate: a page that parsed cleanly can still say something that is more
likely a mistake (of the page, or of reading it) than news. Such a change is held back and
reported, never published, unless a person names the check with `--accept CHECK`:
`events.json` is append-only, so a wrong event is forever.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from pydantic import JsonValue

from scraper.records import STATUSES, PageContent
from scraper.track.events import Change
from scraper.track.guard import listed
from scraper.track.payloads import TableFacts, read

# More status changes than this in one language at once is held back: the page announces
# a few models at a time, a misread table moves them all.
MANY_STATUSES = 8
CHECKS = ("backwards", "many-statuses", "look-alike", "date-columns")


@dataclass(frozen=True, slots=True)
class Held:
    """A change held back: the check that held it and what it saw."""

    check: str
    detail: str


def _moved_back(change: Change) -> bool:
    """The lifecycle only moves forward: active → legacy → deprecated → retired."""
    return (
        change.type == "status_changed"
        and isinstance(change.before, str)
        and isinstance(change.after, str)
        and change.before in STATUSES
        and change.after in STATUSES
        and STATUSES.index(change.after) < STATUSES.index(change.before)
    )


def _backwards(changes: Sequence[Change]) -> str | None:
    moves = [f"{c.model} {c.before} → {c.after}" for c in changes if _moved_back(c)]
    return f"the lifecycle moved backwards: {listed(moves, limit=3)}" if moves else None


def _many_statuses(changes: Sequence[Change]) -> str | None:
    moved = [str(change.model) for change in changes if change.type == "status_changed"]
    if len(moved) <= MANY_STATUSES:
        return None
    return f"{len(moved)} models change status at once ({listed(moved, limit=3)})"


def _skeleton(model: str) -> str:
    return "".join(char for char in model.lower() if char.isalnum())


# Look-alikes are ids this few edits apart (a letter inserted, left out, swapped with the next
# or replaced). Ids are short: a longer "id" is compared by its skeleton alone.
LOOK_ALIKE_EDITS = 2
_LONGEST_ID = 200


# A version number has at most this many digits: a longer number (a snapshot date) that
# changes by an edit or two is mistyped, not another version.
_VERSION_DIGITS = 2
_NUMBERS = re.compile(r"(\d+)")


def _versions_only(removed: str, added: str) -> bool:
    """The two ids differ only in version numbers, each changed for another of as many digits
    (`claude-opus-4-6` → `claude-opus-4-7`): another version, not a typo. Digits added, left
    out or swapped (`4-66`, `4-16`, `20251010` for `20251001`) are typos."""
    before, after = _NUMBERS.split(removed), _NUMBERS.split(added)
    if len(before) != len(after) or before[::2] != after[::2]:
        return False
    changed = [(old, new) for old, new in zip(before[1::2], after[1::2], strict=True) if old != new]
    old_digits = sorted("".join(old for old, _ in changed))
    new_digits = sorted("".join(new for _, new in changed))
    return old_digits != new_digits and all(
        len(old) == len(new) <= _VERSION_DIGITS for old, new in changed
    )


def near(removed: str, added: str) -> bool:
    """The same id but for separators, or within two edits of it (`claude-opsu-4-6`,
    `claude-opus-46`, `claude-ops-4-6`) that are not a change of version number."""
    if _skeleton(removed) == _skeleton(added):
        return True
    if _versions_only(removed, added) or max(len(removed), len(added)) > _LONGEST_ID:
        return False
    from rapidfuzz.distance import OSA

    return OSA.distance(removed, added, score_cutoff=LOOK_ALIKE_EDITS) <= LOOK_ALIKE_EDITS


def _swapped_ids(changes: Sequence[Change]) -> Iterator[tuple[str, str]]:
    """Each id the changes take away with each id they bring in: status-table rows, history
    entries, and a history entry's replacement."""
    removed = [str(c.model) for c in changes if c.type == "model_removed"]
    added = [str(c.model) for c in changes if c.type == "model_added"]
    for change in changes:
        if change.type == "announcement_changed" and change.field == "entries":
            (removed if change.before is not None else added).append(str(change.model))
        elif change.type == "replacement_changed" and change.before and change.after:
            yield str(change.before), str(change.after)
    yield from ((old, new) for old in removed for new in added)


def _look_alike(changes: Sequence[Change]) -> str | None:
    pairs = [f"{old} → {new}" for old, new in _swapped_ids(changes) if near(old, new)]
    if not pairs:
        return None
    return f"a model was removed while a near-identical id appeared: {listed(pairs, limit=3)}"


def _date_columns(previous: PageContent, page: PageContent) -> str | None:
    """A date that moved from one column of a model's row to the other."""
    before = {model.model: model for model in previous.models}
    moved = []
    for model in page.models:
        old = before.get(model.model)
        if old is None:
            continue
        new_deprecation = model.deprecated_on not in (None, old.deprecated_on)
        if new_deprecation and model.deprecated_on == old.retires_on:
            moved.append(f"{model.model} retirement date {old.retires_on} → deprecation")
        new_retirement = model.retires_on not in (None, old.retires_on)
        if new_retirement and model.retires_on == old.deprecated_on:
            moved.append(f"{model.model} deprecation date {old.deprecated_on} → retirement")
    return f"a date moved columns: {listed(moved, limit=3)}" if moved else None


def hold(
    previous: PageContent | None,
    page: PageContent,
    changes: Sequence[Change],
    accepted: Iterable[str] = (),
) -> Held | None:
    """The first check (of those not accepted) that holds the page's changes back."""
    if previous is None:
        return None
    findings = {
        "backwards": _backwards(changes),
        "many-statuses": _many_statuses(changes),
        "look-alike": _look_alike(changes),
        "date-columns": _date_columns(previous, page),
    }
    skip = set(accepted)
    for check, detail in findings.items():
        if detail is not None and check not in skip:
            return Held(check, f"{detail}; pass --accept {check} if that is real")
    return None


def _rows(table: JsonValue) -> set[tuple[str, ...]]:
    """A table_changed side's rows (none for a table that was not there)."""
    return set(read(TableFacts, table).rows) if table is not None else set()


def _takes_away(change: Change) -> bool:
    if change.before is not None and change.after is None:
        return True  # a model, a section, a history entry, a table or a date gone
    if change.type == "table_changed":
        return bool(_rows(change.before) - _rows(change.after))
    return _moved_back(change)


def _what(change: Change) -> str:
    subject = change.model or change.field or (change.announcement and str(change.announcement))
    if _moved_back(change):
        return f"{subject} {change.before} → {change.after}"
    return f"{change.type.replace('_', ' ')}: {subject}" if subject else change.type


def taken_away(changes: Sequence[Change]) -> tuple[str, ...]:
    """What the changes remove from the page or move back in its lifecycle.

    A cut or stale copy of a page looks exactly like this, and what is published is forever,
    so such changes wait for a second copy of the page that says the same (scraper.track.plan).
    """
    return tuple(_what(change) for change in changes if _takes_away(change))
