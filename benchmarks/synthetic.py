"""Synthetic snapshots of any size, for the diff and publish steps' scaling figures.

A page of N models (every fifth in a history section of five) and the same page a day later
with every tenth model moved one lifecycle stage on and its retirement date changed, so the
number of events grows with N like the number of models.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from benchmarks.scaling import best_seconds
from scraper.publish.files import publish as publish_files
from scraper.records import (
    STATUSES,
    Announcement,
    ModelStatus,
    PageContent,
    RetirementEntry,
    dumps,
)
from scraper.track.diff import diff_pages
from scraper.track.events import EventLog, merge_changes

_START = dt.date(2020, 1, 1)


def _model(index: int, *, later: bool) -> ModelStatus:
    moved = later and index % 10 == 0
    status = STATUSES[min(index % 3 + moved, len(STATUSES) - 1)]
    retires = _START + dt.timedelta(days=index + (30 if moved else 0))
    return ModelStatus(
        model=f"claude-synthetic-{index}-20250101",
        status=status,
        status_text=status.capitalize(),
        deprecated_on=_START,
        deprecated_on_text=_START.isoformat(),
        retires_on=retires,
        retires_on_text=retires.isoformat(),
        retires_on_qualifier=None,
    )


@cache
def synthetic_page(models: int, *, later: bool) -> PageContent:
    rows = tuple(_model(index, later=later) for index in range(models))
    announcements = tuple(
        Announcement(
            announced_on=_START + dt.timedelta(days=section),
            title=f"Synthetic section {section}",
            retired_on=None,
            retired_on_text=None,
            entries=tuple(
                RetirementEntry(
                    model=row.model,
                    retires_on=row.retires_on,
                    retires_on_text=row.retires_on_text,
                    replacement="claude-synthetic-0-20250101",
                )
                for row in rows[section * 5 : section * 5 + 5]
            ),
        )
        for section in range(models // 5)
    )
    return PageContent(
        locale="en",
        title="Model deprecations",
        status_words=None,
        status_columns=("API Model Name", "Current State", "Deprecated", "Tentative Retirement"),
        models=rows,
        announcements=announcements,
        tables=(),
    )


def diff_seconds(models: int) -> float:
    old, new = synthetic_page(models, later=False), synthetic_page(models, later=True)
    return best_seconds(lambda: diff_pages(old, new), collector=True)


def publish_seconds(models: int) -> float:
    changes = diff_pages(synthetic_page(models, later=False), synthetic_page(models, later=True))
    events = merge_changes(
        {"en": changes}, detected_at=dt.date(2026, 1, 1), page_urls={"en": "https://example.test"}
    )

    page = synthetic_page(models, later=True)
    today = dt.date(2026, 1, 1)

    def publish() -> None:
        dumps(EventLog(events=tuple(events)))
        publish_files(tuple(events), None, None, {"en": page}, today, "snapshots")

    return best_seconds(publish, collector=True)
