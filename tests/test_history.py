"""The history tells the truth: every retirement said, sentences that say what changed, and
translations placed in time (issue 27). Read against real copies of the page."""

from __future__ import annotations

import datetime as dt

import pytest

from scraper.fetch.sources import LOCALES
from scraper.publish.wording import wording
from scraper.read.extract import read_page
from scraper.records import PageContent
from scraper.sinks import PLAIN
from scraper.track.diff import diff_pages
from scraper.track.events import Change, Event, merge_changes
from tests.conftest import PAGES

MARCH_2025 = read_page((PAGES / "en--31150348168.md").read_bytes()).content
JANUARY_2026 = read_page((PAGES / "en--81852090.md").read_bytes()).content
OPUS_3 = "claude-3-opus-20240229"


def events_between(old: PageContent, new: PageContent, day: dt.date) -> list[Event]:
    urls = {"en": "https://platform.claude.com/docs/en/about-claude/model-deprecations"}
    return merge_changes({"en": diff_pages(old, new)}, detected_at=day, page_urls=urls)


def _status_change(model: str, before: str, day: dt.date, retired: str, new: str) -> Event:
    change = Change(
        type="status_changed",
        model=model,
        field="status",
        before=before,
        after="retired",
        context={
            "deprecated_on": None,
            "retires_on": retired,
            "retires_on_qualifier": None,
            "replacement": new,
        },
    )
    (event,) = merge_changes({"en": [change]}, detected_at=day, page_urls={"en": "u"})
    return event


@pytest.mark.parametrize("locale", LOCALES)
def test_a_model_leaving_the_table_its_history_retired_reads_as_retired(locale: str) -> None:
    """Opus 3 left the status table after the day its history section says it was retired:
    that reads, in every language, exactly as a status change to retired would."""
    day = dt.date(2026, 1, 20)
    removed = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, day)
        if event.type == "model_removed" and event.model == OPUS_3
    )
    words = wording(locale, PLAIN)
    retired = _status_change(OPUS_3, "active", day, "2026-01-05", "claude-opus-4-5-20251101")
    assert words.headline(removed) == words.headline(retired)


def test_a_model_leaving_the_table_before_its_retirement_reads_as_removed() -> None:
    """The same removal seen before the history's date is no retirement (yet)."""
    removed = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, dt.date(2026, 1, 4))
        if event.type == "model_removed" and event.model == OPUS_3
    )
    assert wording("en", PLAIN).headline(removed) == (
        "Claude Opus 3 (claude-3-opus-20240229) removed from the status table (was active)"
    )


def test_an_announcement_whose_models_retired_says_so_beneath_it() -> None:
    """A history section recorded after its "were retired" note lists its models as retired
    on that day, not as retiring."""
    day = dt.date(2026, 1, 20)
    added = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, day)
        if event.type == "announcement_added" and event.announcement == dt.date(2025, 6, 30)
    )
    assert wording("en", PLAIN).details(added) == [
        "Claude Opus 3 (claude-3-opus-20240229); retired on 2026-01-05; "
        "replacement: Claude Opus 4.5 (claude-opus-4-5-20251101)"
    ]
