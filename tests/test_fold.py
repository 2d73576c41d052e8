"""The log is a fold: after every run, folding events.json gives what models.json, the page
snapshots and drift.json say, over random sequences of page versions (models dropped, re-added,
dropped again; statuses and dates moving either way; a history section gone and back; a
translation; a platform page's marks and ids), with runs cut short after writing part of
what they planned, as a kill or a full disk would leave them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from collections.abc import Mapping
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper.fetch.pages import FetchedPage
from scraper.fetch.sources import page_sources
from scraper.records import HttpValidators
from scraper.store.snapshots import SnapshotStore, Writes
from scraper.track.options import RunOptions
from scraper.track.plan import Plan, plan
from scraper.track.plausibility import CHECKS
from tests.conftest import FIXTURES, PAGES
from tests.log_checks import Documents, documents, log_contradictions, unexplained

ENGLISH = (PAGES / "en--2026-10-10.md").read_text(encoding="utf-8")
INDONESIAN = (PAGES / "id--2026-10-10.md").read_text(encoding="utf-8")
VERTEX = (FIXTURES / "related" / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
START = dt.date(2026, 10, 10)
# Every check accepted: the gate is not under test here, the log is.
OPTIONS = RunOptions(snapshots=Path("unused"), accept=frozenset(CHECKS), accept_shrink=True)

STATUSES = ("Active", "Legacy", "Deprecated", "Retired")
RETIREMENTS = ("Not sooner than April 16, 2027", "April 16, 2027", "May 1, 2027", "N/A")
# A row: left out (None), or its status and retirement cell.
rows = st.none() | st.tuples(st.sampled_from(STATUSES), st.sampled_from(RETIREMENTS))
ENGLISH_ROWS = ("claude-opus-4-7", "claude-opus-4-6", "claude-haiku-4-5-20251001", "claude-zz-9")
INDONESIAN_ROWS = ("claude-opus-4-7", "claude-sonnet-4-6")
VERTEX_ROWS = {
    "claude-opus-4-7": "| Claude Opus 4.7              | claude-opus-4-7             |",
    "claude-sonnet-4@20250514": "| Claude Sonnet 4 Deprecated.  | claude-sonnet-4\\@20250514   |",
}
versions = st.fixed_dictionaries(
    {
        "en": st.tuples(*(rows for _ in ENGLISH_ROWS)),
        "section": st.booleans(),  # the newest history section there or not
        "id": st.tuples(*(rows for _ in INDONESIAN_ROWS)),
        # Per platform row: left out (None), with no mark (""), or with a mark.
        "vertex": st.tuples(*(st.sampled_from((None, "", "Deprecated.")) for _ in VERTEX_ROWS)),
    }
)
# A run cut short: how many of its documents it wrote (in the order the store writes
# them: the log, pages, related pages, drift, index, state), or None: all of them.
cuts = st.none() | st.integers(min_value=1, max_value=5)


def _status_row(model: str, cells: tuple[str, str]) -> str:
    status, retirement = cells
    deprecated = "N/A" if status in ("Active", "Legacy") else "June 9, 2026"
    return f"| {model} | {status} | {deprecated} | {retirement} |"


def _edit_status_table(page: str, models: tuple[str, ...], cells: tuple[object, ...]) -> str:
    lines = page.split("\n")
    kept = [line for line in lines if not any(line.startswith(f"| {m} ") for m in models)]
    header = next(i for i, line in enumerate(kept) if line.startswith("| API model name"))
    added = [_status_row(m, c) for m, c in zip(models, cells, strict=True) if isinstance(c, tuple)]
    return "\n".join([*kept[: header + 2], *added, *kept[header + 2 :]])


def _without_newest_section(page: str) -> str:
    start = page.index("### 2026-09-30")
    return page[:start] + page[page.index("### 2026-06-05") :]


def _vertex(marks: tuple[str | None, ...]) -> str:
    page = VERTEX
    for (platform_id, row), mark in zip(VERTEX_ROWS.items(), marks, strict=True):
        name = row.split("|")[1].replace("Deprecated.", "").strip()
        cell = platform_id.replace("@", "\\@")
        new = "" if mark is None else f"| {name} {mark} | {cell} |".replace("  ", " ")
        page = page.replace(row + "\n", new + "\n" if new else "")
    return page


def pages_of(version: Mapping[str, object]) -> dict[str, str]:
    english = _edit_status_table(ENGLISH, ENGLISH_ROWS, version["en"])  # type: ignore[arg-type]
    if not version["section"]:
        english = _without_newest_section(english)
    indonesian = _edit_status_table(INDONESIAN, INDONESIAN_ROWS, version["id"])  # type: ignore[arg-type]
    return {"en": english, "id": indonesian, "claude-on-vertex-ai": _vertex(version["vertex"])}  # type: ignore[arg-type]


def fetched(pages: Mapping[str, str]) -> list[FetchedPage]:
    results = []
    for key, text in pages.items():
        body = text.encode("utf-8")
        validators = HttpValidators(sha256=hashlib.sha256(body).hexdigest())
        results.append(FetchedPage(key, page_sources(key)[0].url, "markdown", body, validators))
    return results


def commit(store: SnapshotStore, planned: Plan, cut: int | None) -> None:
    """What the store writes of a plan, or the first `cut` of its documents only."""
    parts: list[Writes] = [
        Writes(events=planned.log if planned.new_events else None),
        Writes(pages=planned.pages),
        Writes(related=planned.related),
        Writes(drift=planned.drift),
        Writes(index=planned.index),
        Writes(state=planned.state),
    ]
    for part in parts[: len(parts) if cut is None else cut]:
        store.commit(part)


def run_once(
    store: SnapshotStore, version: Mapping[str, object], day: dt.date, cut: int | None
) -> None:
    results = fetched(pages_of(version))
    copies = {result.locale: result for result in results}  # every change confirmed
    planned = plan(store.load_for_writing(), results, OPTIONS, day, second_copies=copies)
    if not planned.read_nothing:
        commit(store, planned, cut)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
@given(steps=st.lists(st.tuples(versions, cuts), min_size=1, max_size=4))
def test_the_log_folds_to_what_the_snapshots_say(
    steps: list[tuple[dict[str, object], int | None]],
) -> None:
    """After every whole run, fold(events.json) == the snapshots, models.json and drift.json,
    no id repeats and no event contradicts the log before it, however runs were cut."""
    with tempfile.TemporaryDirectory() as directory:
        store = SnapshotStore(Path(directory) / "snapshots")
        day, whole = START, Whole()
        for version, cut in steps:
            run_once(store, version, day, cut)
            if cut is None:
                whole.check(store)
            day += dt.timedelta(days=1)
        run_once(store, steps[-1][0], day, None)  # the last page once more, to the end
        whole.check(store)


class Whole:
    """What the store said after the last whole run, to check the next one against."""

    def __init__(self) -> None:
        self.said: Documents = {}
        self.ids: set[str] = set()

    def check(self, store: SnapshotStore) -> None:
        """The log folds to the documents, and every change since the last whole run is
        told by the events since then (none published without an event, none without its
        change)."""
        stored = store.load()
        assert log_contradictions(stored) == []
        new = [event for event in reversed(stored.events) if event.id not in self.ids]
        assert unexplained(self.said, new, documents(stored)) == []
        self.said, self.ids = documents(stored), {event.id for event in stored.events}
