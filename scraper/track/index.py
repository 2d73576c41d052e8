"""One answer per model: the English status table joined with the English history.

The page answers "which models are going away, when, and what do I move to?" in two places
(the status table and the history). The canonical index joins them; where the two disagree
both values are kept as a conflict.
"""

from __future__ import annotations

import datetime as dt

from scraper.records import (
    Announcement,
    CanonicalModel,
    Conflict,
    ModelIndex,
    ModelStatus,
    PageContent,
    RetirementEntry,
)


def canonical_models(page: PageContent, today: dt.date | None = None) -> ModelIndex:
    """Join the status table with the history (both from the same page, normally English).

    A model only the history lists is retired once its retirement date has passed (on
    `today`, default the current UTC day), deprecated before: a model whose retirement is
    still ahead must stay in `upcoming` and the reminders.
    """
    today = today or dt.datetime.now(dt.UTC).date()
    history = page.newest_entries()
    in_table = {row.model for row in page.models}
    return ModelIndex(
        models=(
            *(_from_status_row(row, history.get(row.model)) for row in page.models),
            *(
                _from_history(announcement, entry, today)
                for model_id, (announcement, entry) in history.items()
                if model_id not in in_table
            ),
        )
    )


def _history_source(announcement: Announcement) -> str:
    return f"history:{announcement.announced_on.isoformat()}"


def _from_status_row(
    row: ModelStatus, found: tuple[Announcement, RetirementEntry] | None
) -> CanonicalModel:
    """A model of the status table, with its replacement and announcement from the history."""
    sources = dict.fromkeys(("status", "deprecated_on", "retires_on"), "status_table")
    announcement, entry = found if found is not None else (None, None)
    if announcement is not None and entry is not None:
        where = _history_source(announcement)
        sources |= {"replacement": where, "announced_on": where}
        if announcement.retired_on is not None:
            sources["retired_on"] = where
    return CanonicalModel(
        model=row.model,
        status=row.status,
        deprecated_on=row.deprecated_on,
        retires_on=row.retires_on,
        retires_on_qualifier=row.retires_on_qualifier,
        replacement=entry.replacement if entry else None,
        announced_on=announcement.announced_on if announcement else None,
        retired_on=announcement.retired_on if announcement else None,
        sources=sources,
        conflicts=_conflicts(row, announcement, entry) if announcement and entry else (),
    )


def _conflicts(
    row: ModelStatus, announcement: Announcement, entry: RetirementEntry
) -> tuple[Conflict, ...]:
    return tuple(
        Conflict(
            field=field,
            status_table=table_value.isoformat(),
            history=history_value.isoformat(),
            announcement=announcement.announced_on,
        )
        for field, table_value, history_value in (
            ("retires_on", row.retires_on, entry.retires_on),
            ("deprecated_on", row.deprecated_on, announcement.announced_on),
        )
        if table_value and history_value and table_value != history_value
    )


def _from_history(
    announcement: Announcement, entry: RetirementEntry, today: dt.date
) -> CanonicalModel:
    """A model only the history still lists: retired, or deprecated until its date passes."""
    where = _history_source(announcement)
    retires = announcement.retired_on or entry.retires_on
    fields = ("status", "deprecated_on", "retires_on", "replacement", "announced_on")
    return CanonicalModel(
        model=entry.model,
        status="retired" if retires is None or retires <= today else "deprecated",
        deprecated_on=announcement.announced_on,
        retires_on=entry.retires_on,
        retires_on_qualifier=None,
        replacement=entry.replacement,
        announced_on=announcement.announced_on,
        retired_on=announcement.retired_on,
        sources={
            **dict.fromkeys(fields, where),
            **({"retired_on": where} if announcement.retired_on else {}),
        },
    )
