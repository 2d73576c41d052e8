"""The diff compares records by key and meaning, never by position or wording."""

from __future__ import annotations

import datetime as dt

from scraper.read.extract import read_page
from scraper.records import PageContent
from scraper.track.diff import diff_pages
from scraper.track.events import Change, merge_changes
from tests.conftest import PAGES

SEED = read_page((PAGES / "zh-TW--seed.md").read_bytes()).content


def changed(new: PageContent) -> list[tuple[str, str | None, str | None]]:
    return [(c.type, c.model, c.field) for c in diff_pages(SEED, new)]


def test_reordered_rows_and_reworded_text_are_no_change() -> None:
    """Rows in another order, another status wording, another title: no event."""
    models = tuple(reversed(SEED.models))
    models = tuple(m.model_copy(update={"status_text": m.status_text + " "}) for m in models)
    announcements = tuple(
        a.model_copy(update={"title": a.title.upper(), "entries": tuple(reversed(a.entries))})
        for a in reversed(SEED.announcements)
    )
    assert changed(SEED.model_copy(update={"models": models, "announcements": announcements})) == []


def test_entry_added_to_and_removed_from_an_announcement() -> None:
    """A history row that appears or disappears is an announcement change naming the model."""
    first = SEED.announcements[-1]  # 2024-09-04, seven Claude 1 rows
    trimmed = first.model_copy(update={"entries": first.entries[1:]})
    without = SEED.model_copy(update={"announcements": (*SEED.announcements[:-1], trimmed)})
    assert [
        (c.type, c.model, c.field, c.before is not None, c.after is not None)
        for c in diff_pages(SEED, without)
    ] == [("announcement_changed", "claude-1.0", "entries", True, False)]
    assert [(c.type, c.model, c.before is None) for c in diff_pages(without, SEED)] == [
        ("announcement_changed", "claude-1.0", True)
    ]


def test_a_retirement_moved_in_the_status_table_and_history() -> None:
    """The same new date in both places gives one status-table and one history event."""
    haiku = "claude-3-5-haiku-20241022"
    later = dt.date(2026, 3, 1)
    models = tuple(
        m.model_copy(update={"retires_on": later}) if m.model == haiku else m for m in SEED.models
    )
    announcements = tuple(
        a.model_copy(
            update={
                "entries": tuple(
                    e.model_copy(update={"retires_on": later}) if e.model == haiku else e
                    for e in a.entries
                )
            }
        )
        for a in SEED.announcements
    )
    changes = diff_pages(
        SEED, SEED.model_copy(update={"models": models, "announcements": announcements})
    )
    assert [(c.type, c.model, c.announcement, c.before, c.after) for c in changes] == [
        ("retirement_date_changed", haiku, None, "2026-02-19", "2026-03-01"),
        ("retirement_date_changed", haiku, dt.date(2025, 12, 19), "2026-02-19", "2026-03-01"),
    ]


def test_merge_lists_languages_in_docs_order_and_ids_are_stable() -> None:
    """One change in three languages is one event; the same input gives the same id."""
    change = Change(
        type="status_changed", model="m", field="status", before="active", after="legacy"
    )
    urls = {locale: f"https://example.test/{locale}" for locale in ("de", "en", "zh-CN")}
    day = dt.date(2026, 1, 1)
    merged = merge_changes(
        {"de": [change], "zh-CN": [change], "en": [change]}, detected_at=day, page_urls=urls
    )
    again = merge_changes(
        {"en": [change], "de": [change], "zh-CN": [change]}, detected_at=day, page_urls=urls
    )
    assert [(e.locales, e.page_url) for e in merged] == [(("en", "zh-CN", "de"), urls["en"])]
    assert merged == again
