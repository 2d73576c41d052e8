"""The guard on its own: which stored/new page pairs it rejects, and what it says."""

from __future__ import annotations

import datetime as dt

from scraper.records import Announcement, ModelStatus, PageContent, RetirementEntry
from scraper.track.guard import Rejection, check_page

DAY = dt.date(2026, 1, 1)


def row(model: str, status: str = "active", *, deprecated: dt.date | None = None) -> ModelStatus:
    return ModelStatus.model_validate(
        {
            "model": model,
            "status": status,
            "status_text": status,
            "deprecated_on": deprecated,
            "deprecated_on_text": "",
            "retires_on": dt.date(2027, 1, 1),
            "retires_on_text": "",
            "retires_on_qualifier": None,
        }
    )


def section(day: dt.date, *models: str) -> Announcement:
    entries = tuple(
        RetirementEntry(model=m, retires_on=None, retires_on_text="", replacement=None)
        for m in models
    )
    return Announcement(
        announced_on=day, title="t", retired_on=None, retired_on_text=None, entries=entries
    )


def page(models: list[ModelStatus], history: tuple[Announcement, ...] = ()) -> PageContent:
    return PageContent(
        locale="en",
        title=None,
        status_words=None,
        status_columns=("Model", "Status", "Deprecated", "Retires"),
        models=tuple(models),
        announcements=history,
        tables=(),
    )


SIX = [row(f"claude-{n}") for n in range(6)]


def test_first_page_is_accepted_without_notes() -> None:
    """Nothing stored yet: a page with a status table is accepted as it is."""
    verdict = check_page(None, page(SIX), accept_shrink=False)
    assert (verdict.rejection, verdict.notes) == (None, ())


def test_empty_status_table_is_rejected() -> None:
    """A page whose status table has no rows is broken, whatever was stored."""
    verdict = check_page(page(SIX), page([]), accept_shrink=True)
    assert verdict.rejection == Rejection(
        "en", "status-table", "the model status table has no rows"
    )


def test_shrink_not_explained_by_the_history_is_rejected_unless_accepted() -> None:
    """Half the rows gone, not in the history: a row-count rejection, or a note if accepted."""
    rejected = check_page(page(SIX), page(SIX[:3]), accept_shrink=False).rejection
    assert rejected is not None and rejected.check == "row-count"
    assert "status table has 3 rows, previously 6, and 3 of the missing models" in rejected.detail
    accepted = check_page(page(SIX), page(SIX[:3]), accept_shrink=True)
    assert accepted.rejection is None
    assert accepted.notes == (
        "en: status table has 3 rows, previously 6 (accepted with --accept-shrink)",
    )


def test_shrink_explained_by_the_history_is_accepted_with_a_note() -> None:
    """Models that left the table but stay in the history are a real page change."""
    history = (section(DAY, *(m.model for m in SIX[3:])),)
    verdict = check_page(page(SIX, history), page(SIX[:3], history), accept_shrink=False)
    assert verdict.rejection is None
    assert verdict.notes == (
        "en: status table has 3 rows, previously 6; the 3 models that left it are still in the "
        "deprecation history (accepted)",
    )


def test_a_lost_history_section_is_rejected() -> None:
    """The page only adds to its history: a section gone is how a cut page looks."""
    older, newer = section(DAY, "claude-0"), section(DAY + dt.timedelta(days=9), "claude-1")
    rejected = check_page(page(SIX, (newer, older)), page(SIX, (newer,)), accept_shrink=False)
    assert rejected.rejection is not None and rejected.rejection.check == "history"
    assert "2026-01-01 gone" in rejected.rejection.detail


def test_deprecation_dates_after_retirement_dates_are_rejected() -> None:
    """Most rows with both dates backwards: the date columns were swapped."""
    late = [row(f"claude-{n}", "deprecated", deprecated=dt.date(2028, 1, 1)) for n in range(4)]
    rejected = check_page(None, page(late), accept_shrink=True).rejection
    assert rejected is not None and rejected.check == "columns"
