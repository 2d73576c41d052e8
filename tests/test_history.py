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


SEPTEMBER_2026 = read_page((PAGES / "en--59934005988.md").read_bytes()).content
OCTOBER_2026 = read_page((PAGES / "en--2026-10-10.md").read_bytes()).content


def _told(old: PageContent, new: PageContent, kind: str, model: str | None = None) -> str:
    event = next(
        event
        for event in events_between(old, new, dt.date(2026, 10, 10))
        if event.type == kind and (model is None or event.model == model)
    )
    return wording("en", PLAIN).headline(event)


def test_a_changed_cell_is_a_changed_cell() -> None:
    """The API parameter table's one re-worded status cell is that cell, not a row added and
    another removed."""
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "table_changed") == (
        "Table in section “API parameter deprecations” changed: “temperature, top_p, top_k”, "
        "Status: “Deprecated (Claude Opus 4.7 and later)” → “Deprecated (Claude 4.7 and later "
        "models)”"
    )


def test_rows_added_removed_and_changed_are_told_apart() -> None:
    """Rows are paired by their first cell: a new key is a row added, a gone key a row removed,
    the same key with other cells is its changed cells, told one by one, or counted when many."""
    (table,) = SEPTEMBER_2026.tables
    key, status, *rest = table.rows[0]
    other = ("max_tokens_to_sample", "Retired", "-", "max_tokens")

    def with_rows(*rows: tuple[str, ...]) -> PageContent:
        changed = table.model_copy(update={"rows": rows})
        return SEPTEMBER_2026.model_copy(update={"tables": (changed,)})

    one_cell = with_rows((key, "Retired", *rest), other)
    assert _told(SEPTEMBER_2026, one_cell, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 1 row added; "
        "“temperature, top_p, top_k”, Status: “Deprecated (Claude Opus 4.7 and later)” → “Retired”"
    )
    assert _told(one_cell, SEPTEMBER_2026, "table_changed").startswith(
        "Table in section “API parameter deprecations” changed: 1 row removed; “temperature"
    )
    many = with_rows((key, *(f"{cell}!" for cell in (status, *rest))))
    assert _told(SEPTEMBER_2026, many, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 3 cells changed"
    )
    assert _told(with_rows(*table.rows, other), many, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 1 row removed; 3 cells changed"
    )


def test_a_date_that_appears_is_now_that_date() -> None:
    """A retirement date where the table had none reads as the date it now is."""
    assert _told(
        MARCH_2025, JANUARY_2026, "retirement_date_changed", "claude-3-haiku-20240307"
    ) == (
        "Claude Haiku 3 (claude-3-haiku-20240307): retirement date now not sooner than 2025-03-07"
    )


def test_an_added_model_has_its_name_status_and_dates() -> None:
    """A model new to the table is told by its name, with its deprecation date and a
    retirement date the page says is still to be announced (not "no date")."""
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "model_added", "claude-mythos-preview") == (
        "Claude Mythos Preview (claude-mythos-preview) added: deprecated on 2026-06-09; "
        "retirement date to be announced"
    )
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "model_added", "claude-haiku-5-5") == (
        "Claude Haiku 5.5 (claude-haiku-5-5) added: active; retires not sooner than 2027-10-07"
    )


@pytest.mark.parametrize(
    ("cell", "qualifier"),
    [
        ("To be announced", "to_be_announced"),
        ("TBA", "to_be_announced"),
        ("待定", "to_be_announced"),
        ("Akan diumumkan", "to_be_announced"),
        ("Wird noch bekannt gegeben", "to_be_announced"),
        ("N/A", None),
        ("—", None),
    ],
)
def test_to_be_announced_is_its_own_qualifier(cell: str, qualifier: str | None) -> None:
    """A retirement cell saying the date is still to come keeps that, in any language; a cell
    saying there is none is no date at all."""
    text = (PAGES / "en--2026-10-10.md").read_text(encoding="utf-8")
    page = read_page(text.replace("| To be announced ", f"| {cell} ").encode()).content
    (row,) = [model for model in page.models if model.model == "claude-mythos-preview"]
    assert (row.retires_on, row.retires_on_qualifier) == (None, qualifier)
