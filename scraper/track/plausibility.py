"""The plausibility gate: a page that parsed cleanly can still say something that is more
likely a mistake (of the page, or of reading it) than news. Such a change is held back and
reported, never published, unless a person names the check with `--accept CHECK`:
`events.json` is append-only, so a wrong event is forever.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from scraper.records import STATUSES, PageContent, RelatedPageContent
from scraper.track.events import Change
from scraper.track.guard import listed

# More status changes than this in one language at once is held back: the page announces
# a few models at a time, a misread table moves them all.
MANY_STATUSES = 8
CHECKS = ("backwards", "many-statuses", "look-alike", "date-columns", "premature")


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


def _premature(page: PageContent, changed: set[str] | None, today: dt.date) -> str | None:
    """A model deprecated or retired before the date the page gives for it (`changed`: the
    models whose row is new or changed; None: every row, for a first snapshot)."""
    found = []
    for model in page.models:
        if changed is not None and model.model not in changed:
            continue
        if model.status == "retired" and model.retires_on and model.retires_on > today:
            found.append(f"{model.model} retired, its retirement date {model.retires_on} ahead")
        elif model.status in ("deprecated", "retired") and (
            model.deprecated_on and model.deprecated_on > today
        ):
            found.append(
                f"{model.model} {model.status}, its deprecation date {model.deprecated_on} ahead"
            )
    if not found:
        return None
    return f"a model is marked before its date (today is {today}): {listed(found, limit=3)}"


_ROW_CHANGES = frozenset(
    {"model_added", "status_changed", "deprecation_date_changed", "retirement_date_changed"}
)


def hold(
    previous: PageContent | None,
    page: PageContent,
    changes: Sequence[Change],
    today: dt.date,
    accepted: Iterable[str] = (),
) -> Held | None:
    """The first check (of those not accepted) that holds the page's changes back."""
    changed = {
        str(change.model)
        for change in changes
        if change.type in _ROW_CHANGES and change.announcement is None
    }
    findings = {"premature": _premature(page, None if previous is None else changed, today)}
    if previous is not None:
        findings |= {
            "backwards": _backwards(changes),
            "many-statuses": _many_statuses(changes),
            "look-alike": _look_alike(changes),
            "date-columns": _date_columns(previous, page),
        }
    return _first(findings, accepted)


def _first(findings: Mapping[str, str | None], accepted: Iterable[str]) -> Held | None:
    skip = set(accepted)
    for check in CHECKS:
        detail = findings.get(check)
        if detail is not None and check not in skip:
            return Held(check, f"{detail}; pass --accept {check} if that is real")
    return None


def _platform_rank(status: str | None) -> int:
    """A platform's own lifecycle: no mark reads as active."""
    return STATUSES.index(status) if status in STATUSES else 0


def hold_related(
    previous: RelatedPageContent | None, page: RelatedPageContent, accepted: Iterable[str] = ()
) -> Held | None:
    """A platform page whose status marks move back, or disappear (deprecated → no mark)."""
    if previous is None:
        return None
    before = {row.id: row.status for row in previous.models}
    moves = [
        f"{row.id} {before[row.id]} → {row.status or 'no mark'}"
        for row in page.models
        if row.id in before and _platform_rank(row.status) < _platform_rank(before[row.id])
    ]
    detail = f"a platform's lifecycle moved backwards: {listed(moves, limit=3)}" if moves else None
    return _first({"backwards": detail}, accepted)


def _what(change: Change) -> str:
    subject = change.model or change.field or (change.announcement and str(change.announcement))
    if change.type == "status_changed":
        return f"{subject} {change.before} → {change.after}"
    return f"{change.type.replace('_', ' ')}: {subject}" if subject else change.type


def summary(changes: Sequence[Change]) -> tuple[str, ...]:
    """A few words per change, for the line that says why a page waits or was refused."""
    return tuple(_what(change) for change in changes)


def stated_past(page: PageContent) -> tuple[dt.date, str] | None:
    """The latest date the page itself gives as past: an announcement's day, or the day a
    section says its models were retired; a run dated before it has a wrong date."""
    stated = [(a.announced_on, f"the announcement of {a.announced_on}") for a in page.announcements]
    stated += [
        (a.retired_on, f'"retired on {a.retired_on}" in the announcement of {a.announced_on}')
        for a in page.announcements
        if a.retired_on is not None
    ]
    return max(stated, default=None, key=lambda item: item[0])
