"""The plan on its own: what a run would write, from what was stored and what was fetched."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from scraper.fetch import FailedPage, FetchedPage, FetchResult, UnchangedPage
from scraper.fingerprint import parser_fingerprint
from scraper.plan import Plan, RunOptions, plan
from scraper.records import HttpValidators
from scraper.snapshot import Stored
from scraper.sources import page_sources
from tests.conftest import PAGES

OPTIONS = RunOptions(snapshots=Path("unused"))
DAY, NEXT_DAY = dt.date(2026, 2, 6), dt.date(2026, 2, 7)
EN_URL = page_sources("en")[0].url
IT_URL = page_sources("it")[0].url


def fetched(locale: str, fixture: str) -> FetchedPage:
    content = (PAGES / f"{fixture}.md").read_bytes()
    validators = HttpValidators(etag='"1"', sha256=hashlib.sha256(content).hexdigest())
    return FetchedPage(locale, page_sources(locale)[0].url, "markdown", content, validators)


def stored_after(first: Plan) -> Stored:
    """The directory as the first plan leaves it once committed."""
    return Stored(
        pages={page.locale: page.content for page in first.pages},
        versions={page.locale: page.source for page in first.pages if page.source},
        events=first.publication.events,
        index=first.index,
        drift=first.drift,
        state=first.state or Stored({}).state,
    )


def test_first_run_records_a_baseline_per_language_and_their_validators() -> None:
    """Nothing stored: a baseline, reminders now due, the index from English, the URL kept."""
    result = plan(Stored({}), [fetched("en", "en--36054956312")], OPTIONS, DAY)
    kinds = [(event.type, event.locales, event.model) for event in result.new_events]
    assert kinds == [
        ("baseline_recorded", ("en",), None),
        ("retirement_reminder", ("en",), "claude-3-7-sonnet-20250219"),
        ("retirement_reminder", ("en",), "claude-3-5-haiku-20241022"),
    ]
    assert [page.locale for page in result.pages] == ["en"]
    assert result.index is not None and result.drift is not None
    assert result.state is not None and result.state.parser == parser_fingerprint()
    assert set(result.state.urls) == {EN_URL}
    assert result.publication.events == result.new_events


def test_same_page_again_plans_no_event_and_reports_it_unchanged() -> None:
    """A rerun on the same page: no new event, the language is reported unchanged."""
    first = plan(Stored({}), [fetched("en", "en--36054956312")], OPTIONS, DAY)
    again = plan(stored_after(first), [fetched("en", "en--36054956312")], OPTIONS, NEXT_DAY)
    assert (again.new_events, again.unchanged) == ((), ("en",))
    assert again.publication.events == first.new_events


def test_a_changed_page_plans_its_changes_as_events_dated_today() -> None:
    """The next English page: status changes and the new announcement, detected on the day."""
    first = plan(Stored({}), [fetched("en", "en--81852090")], OPTIONS, DAY)
    later = plan(stored_after(first), [fetched("en", "en--36054956312")], OPTIONS, NEXT_DAY)
    assert later.new_events and {e.detected_at for e in later.new_events} == {NEXT_DAY}
    assert later.publication.events == (*later.new_events, *first.new_events)


def test_events_already_in_the_log_are_not_planned_again() -> None:
    """A run killed after events.json: the rerun a day later finds the same change recorded."""
    first = plan(Stored({}), [fetched("en", "en--81852090")], OPTIONS, DAY)
    later = plan(stored_after(first), [fetched("en", "en--36054956312")], OPTIONS, DAY)
    killed = Stored(
        pages=stored_after(first).pages, events=later.publication.events, drift=first.drift
    )
    rerun = plan(killed, [fetched("en", "en--36054956312")], OPTIONS, NEXT_DAY)
    assert rerun.new_events == ()


def test_failed_and_unchanged_fetches_write_no_page() -> None:
    """A failed language is reported; an unchanged one only refreshes its validators."""
    first = plan(Stored({}), [fetched("en", "en--36054956312")], OPTIONS, DAY)
    fresh = HttpValidators(etag='"2"', sha256="0" * 64)
    results: list[FetchResult] = [
        UnchangedPage("en", EN_URL, "markdown", "304 Not Modified", fresh),
        FailedPage("it", "markdown: HTTP 503"),
    ]
    later = plan(stored_after(first), results, OPTIONS, NEXT_DAY)
    assert (later.pages, later.new_events, later.unchanged) == ((), (), ("en",))
    assert [failure.locale for failure in later.failed] == ["it"]
    assert later.state is not None and later.state.urls[EN_URL] == fresh


def test_a_rejected_page_keeps_its_snapshot_and_is_fetched_again_next_time() -> None:
    """A page without a status table: rejected, nothing planned for it, its URL not remembered."""
    broken = FetchedPage("it", IT_URL, "markdown", b"# Nothing here\n", HttpValidators())
    result = plan(Stored({}), [broken], OPTIONS, DAY)
    assert [rejection.locale for rejection in result.rejected] == ["it"]
    assert (result.pages, result.new_events) == ((), ())
    assert result.state is not None and IT_URL not in result.state.urls
