"""The plan on its own: what a run would write, from what was stored and what was fetched."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scraper.fetch.pages import FailedPage, FetchedPage, FetchResult, UnchangedPage
from scraper.fetch.sources import page_sources
from scraper.read.extract import read_page
from scraper.read.fingerprint import parser_fingerprint
from scraper.records import HttpValidators
from scraper.track.events import EventLog
from scraper.track.options import RunOptions
from scraper.track.plan import Plan, plan
from scraper.track.stored import Stored
from tests.conftest import FIXTURES, PAGES

OPTIONS = RunOptions(snapshots=Path("unused"))
DAY, NEXT_DAY = dt.date(2026, 2, 6), dt.date(2026, 2, 7)
EN_URL = page_sources("en")[0].url
IT_URL = page_sources("it")[0].url


def fetched(locale: str, fixture: str) -> FetchedPage:
    content = (PAGES / f"{fixture}.md").read_bytes()
    validators = HttpValidators(etag='"1"', sha256=hashlib.sha256(content).hexdigest())
    return FetchedPage(locale, page_sources(locale)[0].url, "markdown", content, validators)


def confirmed(
    stored: Stored, results: list[FetchResult], day: dt.date, options: RunOptions = OPTIONS
) -> Plan:
    """The plan once second copies of the same pages confirm what the first ones say."""
    return plan(stored, results, options, day, second_copies={r.locale: r for r in results})


def stored_after(first: Plan) -> Stored:
    """The directory as the first plan leaves it once committed."""
    return Stored(
        pages={page.locale: page.content for page in first.pages},
        versions={page.locale: page.source for page in first.pages if page.source},
        events=first.log,
        index=first.index,
        drift=first.drift,
        state=first.state or Stored({}).state,
    )


def test_first_run_records_a_baseline_per_language_and_their_validators() -> None:
    """Nothing stored: a baseline, reminders now due, the index from English, the URL kept."""
    result = confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY)
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
    assert result.log == result.new_events


def test_same_page_again_plans_no_event_and_reports_it_unchanged() -> None:
    """A rerun on the same page: no new event, the language is reported unchanged."""
    first = confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY)
    again = confirmed(stored_after(first), [fetched("en", "en--36054956312")], NEXT_DAY)
    assert (again.new_events, again.unchanged) == ((), ("en",))
    assert again.log == first.new_events


def test_a_changed_page_plans_its_changes_as_events_dated_today() -> None:
    """The next English page: status changes and the new announcement, detected on the day."""
    first = confirmed(Stored({}), [fetched("en", "en--81852090")], DAY)
    later = confirmed(stored_after(first), [fetched("en", "en--36054956312")], NEXT_DAY)
    assert later.new_events and {e.detected_at for e in later.new_events} == {NEXT_DAY}
    assert later.log == (*later.new_events, *first.new_events)


def test_events_already_in_the_log_are_not_planned_again() -> None:
    """A run killed after events.json: the rerun a day later finds the same change recorded."""
    first = confirmed(Stored({}), [fetched("en", "en--81852090")], DAY)
    later = confirmed(stored_after(first), [fetched("en", "en--36054956312")], DAY)
    killed = Stored(pages=stored_after(first).pages, events=later.log, drift=first.drift)
    rerun = plan(killed, [fetched("en", "en--36054956312")], OPTIONS, NEXT_DAY)
    assert rerun.new_events == ()


def test_failed_and_unchanged_fetches_write_no_page() -> None:
    """A failed language is reported; an unchanged one only refreshes its validators."""
    first = confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY)
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


def without_row(fixture: str, model: str) -> bytes:
    """The page with the status table's row for MODEL left out."""
    lines = (PAGES / f"{fixture}.md").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not (line.startswith("|") and f"`{model}`" in line)]
    return "".join(kept).encode()


def copy_of(locale: str, content: bytes) -> FetchedPage:
    validators = HttpValidators(sha256=hashlib.sha256(content).hexdigest())
    return FetchedPage(locale, page_sources(locale)[0].url, "markdown", content, validators)


REMOVED = "claude-3-haiku-20240307"


def test_a_removal_waits_for_a_second_copy_of_the_page() -> None:
    """A model gone from the page: nothing is planned until a second copy is fetched."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = [copy_of("en", without_row("en--36054956312", REMOVED))]
    first = plan(stored, removal, OPTIONS, NEXT_DAY)
    assert first.to_confirm == ("en",)
    assert (first.pages, first.new_events) == ((), ())


def test_a_removal_the_second_copy_confirms_is_published() -> None:
    """The same records twice: the removal is an event."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = copy_of("en", without_row("en--36054956312", REMOVED))
    later = plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies={"en": removal})
    assert later.to_confirm == () and later.rejected == ()
    assert [(e.type, e.model) for e in later.new_events] == [("model_removed", REMOVED)]
    assert [page.locale for page in later.pages] == ["en"]


def test_a_removal_the_second_copy_contradicts_is_rejected() -> None:
    """A stale or cut first copy: the second says otherwise, so nothing is planned (exit 3)."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = copy_of("en", without_row("en--36054956312", REMOVED))
    second = {"en": fetched("en", "en--36054956312")}
    later = plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies=second)
    assert [(r.locale, r.check) for r in later.rejected] == [("en", "confirmation")]
    assert REMOVED in later.rejected[0].detail
    assert (later.pages, later.new_events, later.index, later.to_confirm) == ((), (), None, ())
    assert later.state is None  # the stored validators still describe the stored page


def test_a_second_copy_with_the_same_bytes_is_not_read_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading is a pure function of the bytes, their format and their address: a second copy
    that repeats all three confirms the first reading as it is; one whose bytes differ is read."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = copy_of("en", without_row("en--36054956312", REMOVED))
    reads: list[bytes] = []

    def counted(content: bytes, **arguments: Any) -> Any:
        reads.append(content)
        return read_page(content, **arguments)

    monkeypatch.setattr("scraper.track.review.read_page", counted)
    same = plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies={"en": replace(removal)})
    assert [(e.type, e.model) for e in same.new_events] == [("model_removed", REMOVED)]
    assert reads == [removal.content]
    other = copy_of("en", removal.content + b"\n")
    plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies={"en": other})
    assert reads == [removal.content, removal.content, other.content]


def test_the_same_bytes_from_another_address_are_read_again() -> None:
    """A second copy that a redirect brought from another language's address is read, and its
    verdict counts, even though its bytes are the first copy's."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = copy_of("en", without_row("en--36054956312", REMOVED))
    redirected = replace(removal, final_url=page_sources("de")[0].url)
    later = plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies={"en": redirected})
    assert [(r.locale, r.check) for r in later.rejected] == [("en", "confirmation")]
    assert "served the de page" in later.rejected[0].detail
    assert (later.pages, later.new_events) == ((), ())


def test_a_second_copy_that_cannot_be_fetched_fails_the_language() -> None:
    """No second copy: the language failed (exit 4), nothing of it is written."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    removal = copy_of("en", without_row("en--36054956312", REMOVED))
    failed = {"en": FailedPage("en", "markdown: HTTP 503")}
    later = plan(stored, [removal], OPTIONS, NEXT_DAY, second_copies=failed)
    assert [(f.locale, "HTTP 503" in f.reason) for f in later.failed] == [("en", True)]
    assert (later.pages, later.new_events, later.rejected) == ((), (), ())


def test_a_backwards_move_accepted_by_a_person_still_needs_a_second_copy() -> None:
    """`--accept backwards` lets a move back through the gate, not past the confirmation."""
    stored = stored_after(confirmed(Stored({}), [fetched("en", "en--36054956312")], DAY))
    page = (PAGES / "en--36054956312.md").read_text(encoding="utf-8")
    row = "| `claude-3-7-sonnet-20250219`| Deprecated "
    assert row in page
    moved_back = copy_of(
        "en", page.replace(row, "| `claude-3-7-sonnet-20250219`| Active     ").encode()
    )
    accepting = RunOptions(snapshots=Path("unused"), accept=frozenset({"backwards"}))
    assert plan(stored, [moved_back], accepting, NEXT_DAY).to_confirm == ("en",)
    agreed = confirmed(stored, [moved_back], NEXT_DAY, accepting)
    assert [(e.type, e.model) for e in agreed.new_events][:1] == [
        ("status_changed", "claude-3-7-sonnet-20250219")
    ]


def test_additions_and_forward_moves_wait_for_a_second_copy_too() -> None:
    """Every change that would publish an event is confirmed, the page's usual news too: a
    stale copy can add back what the page dropped as easily as drop it."""
    first = confirmed(Stored({}), [fetched("en", "en--81852090")], DAY)
    later = plan(stored_after(first), [fetched("en", "en--36054956312")], OPTIONS, NEXT_DAY)
    assert (later.to_confirm, later.new_events, later.pages) == (("en",), (), ())
    agreed = confirmed(stored_after(first), [fetched("en", "en--36054956312")], NEXT_DAY)
    assert agreed.to_confirm == () and agreed.new_events


def test_an_id_gone_from_a_platform_page_waits_for_a_second_copy() -> None:
    """A platform page that no longer lists a model's id is held (the guard's row-count: a
    page cut at a row boundary looks the same); accepted by a person, it is confirmed like
    the docs page."""
    page = (FIXTURES / "related" / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
    row = "| Claude Opus 4.7              | claude-opus-4-7             |\n"
    assert row in page
    key = "claude-on-vertex-ai"
    first = confirmed(Stored({}), [related_copy(key, page.encode())], DAY)
    stored = Stored({}, related={key: first.related[0]})
    shorter = related_copy(key, page.replace(row, "").encode())
    held = plan(stored, [shorter], OPTIONS, NEXT_DAY)
    assert [(r.locale, r.check) for r in held.rejected] == [(key, "row-count")]
    accepting = RunOptions(snapshots=Path("unused"), accept_shrink=True)
    assert plan(stored, [shorter], accepting, NEXT_DAY).to_confirm == (key,)
    original = {key: related_copy(key, page.encode())}
    contradicted = plan(stored, [shorter], accepting, NEXT_DAY, second_copies=original)
    assert [(r.locale, r.check) for r in contradicted.rejected] == [(key, "confirmation")]
    agreed = confirmed(stored, [shorter], NEXT_DAY, accepting)
    assert agreed.rejected == () and len(agreed.related) == 1


def related_copy(key: str, content: bytes) -> FetchedPage:
    url = f"https://platform.claude.com/docs/en/build-with-claude/{key}.md"
    return FetchedPage(key, url, "markdown", content, HttpValidators())


@pytest.mark.parametrize(
    ("event_type", "value", "problem"),
    [
        ("status_changed", "retried", "after: Input should be 'active', 'legacy'"),
        ("deprecation_date_changed", "soon", "after: Input should be a valid date"),
        ("retirement_reminder", 20260219, "after: Datetimes provided to dates should have zero"),
    ],
)
def test_a_hand_edited_plain_payload_is_refused_on_load(
    event_type: str, value: object, problem: str
) -> None:
    """A status, date or id in before/after is checked on load like the payload models."""
    committed = Path(__file__).parent.parent / "snapshots" / "events.json"
    document = json.loads(committed.read_text(encoding="utf-8"))
    assert EventLog.from_json(document).events
    edited = next(event for event in document["events"] if event["type"] == event_type)
    edited["after"] = value
    with pytest.raises(ValueError, match=re.escape(problem)):
        EventLog.from_json(document)
