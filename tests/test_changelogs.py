"""Changelogs and feeds people read: Retiring soon, grouped entries, translations, languages.

They are read off the backfill (the saved copies replayed as scripts/backfill-snapshots.sh
does), whose files are the committed snapshots/ (tests/test_backfill.py): those are the goldens.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import jsonschema

from scraper.publish.changelogs import render_changelog
from scraper.publish.compose import publication
from scraper.publish.entries import by_day
from scraper.publish.feeds import whole_days
from scraper.publish.wording import describe
from scraper.records import CanonicalModel, ModelIndex, Status
from scraper.sinks import MARKDOWN
from scraper.track.events import Change, Event, EventLog, merge_changes
from tests.conftest import FIXTURES, backfill_eras, replay_backfill

JSON_FEED_SCHEMA = json.loads((FIXTURES / "schemas" / "jsonfeed-1.1.schema.json").read_text())


def test_drift_leaves_the_main_changelog_and_feed(backfill: Path) -> None:
    """Every locale_drift event is in TRANSLATIONS.md and its feed, none in the main ones."""
    events = json.loads((backfill / "events.json").read_text(encoding="utf-8"))["events"]
    drift = {e["id"] for e in events if e["type"] == "locale_drift"}
    changelog = (backfill / "CHANGELOG.md").read_text(encoding="utf-8")
    translations = (backfill / "TRANSLATIONS.md").read_text(encoding="utf-8")
    main_feed = feedparser.parse((backfill / "feed.atom").read_bytes())
    assert drift and not any(f"event-{i}" in changelog for i in drift)
    assert not any(entry.link.endswith(tuple(drift)) for entry in main_feed.entries)
    assert "### Translations against English" not in changelog
    # Each drift event is told there, unless its dates are told by the same model's status line.
    anchors = set(re.findall(r'<a id="event-([0-9a-f]+)"></a>', translations))
    assert anchors <= drift and len(anchors) >= len(drift) * 3 // 4


def _feeds(snapshots: Path) -> list[Path]:
    return sorted(snapshots.glob("feed*.atom")) + sorted(snapshots.glob("feed*.json"))


def test_every_feed_validates(backfill: Path) -> None:
    """Atom feeds parse without bozo, JSON feeds validate as JSON Feed 1.1; one per language."""
    names = {path.name for path in _feeds(backfill)}
    languages = ("zh-TW", "zh-CN", "de", "it", "id")
    assert names == {
        "feed.atom",
        "feed.json",
        "feed.translations.atom",
        *(f"feed.{locale}.{kind}" for locale in languages for kind in ("atom", "json")),
    }
    for path in _feeds(backfill):
        if path.suffix == ".atom":
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
            assert parsed.entries, path.name
        else:
            jsonschema.validate(json.loads(path.read_text(encoding="utf-8")), JSON_FEED_SCHEMA)


def _day_entries(changelog: str) -> Counter[str]:
    """Top-level entries per day anchor in a changelog (its `## ` sections)."""
    counts: Counter[str] = Counter()
    day = ""
    for line in changelog.splitlines():
        if line.startswith("## "):
            day = line[3:]
        elif line.startswith('- <a id="event-'):
            counts[day] += 1
    return counts


def test_feed_entries_link_to_their_anchor_and_keep_whole_days(backfill: Path) -> None:
    """Each entry links to its own anchor; a day is in a feed with all its entries or not at all;
    timestamps fall within the entry's day and keep the changelog's order."""
    for path in backfill.glob("feed*.atom"):
        entries = feedparser.parse(path.read_bytes()).entries
        links = [urlsplit(entry.link) for entry in entries]
        assert len({link.fragment for link in links}) == len(entries), path.name
        changelog = (backfill / Path(links[0].path).name).read_text(encoding="utf-8")
        for link in links:
            assert f'<a id="{link.fragment}"></a>' in changelog, (path.name, link.fragment)
        times = [dt.datetime.fromisoformat(entry.updated) for entry in entries]
        assert times == sorted(times, reverse=True) and len(set(times)) == len(times), path.name
        assert len(entries) <= 100 or len({t.date() for t in times}) == 1
        if path.name == "feed.atom":
            per_day = Counter(t.date().isoformat() for t in times)
            assert all(_day_entries(changelog)[day] == n for day, n in per_day.items())


def test_main_feed_cuts_no_day_in_half() -> None:
    """Whole days up to the limit; the newest day even when it alone is over the limit."""
    days = [(dt.date(2026, 1, n), list(range(size))) for n, size in ((3, 40), (2, 50), (1, 20))]
    assert [day.day for day, _ in whole_days(days, 100)] == [3, 2]
    assert [day.day for day, _ in whole_days(days, 30)] == [3]


def test_feed_entries_have_bodies_with_details(backfill: Path) -> None:
    """An announcement's entry tells, in its body, the status changes it caused that day."""
    feed = json.loads((backfill / "feed.json").read_text(encoding="utf-8"))
    item = next(
        i for i in feed["items"] if i["title"].startswith("[en] New announcement of 2026-06-05")
    )
    assert item["content_text"].splitlines()[1:] == [
        "- Claude Opus 4.1 (claude-opus-4-1-20250805): active → retired; retired on 2026-08-05; "
        "replacement: Claude Opus 4.8 (claude-opus-4-8)"
    ]
    assert item["url"].endswith(f"/CHANGELOG.md#event-{item['id']}")


def test_a_rerun_with_nothing_new_rewrites_nothing(backfill: Path, tmp_path: Path) -> None:
    """The last era again, that day and the next (no model enters or leaves the window): no file
    is rewritten."""
    snapshots = tmp_path / "snapshots"
    shutil.copytree(backfill, snapshots)
    before = {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file() and p.name != ".lock"}
    day, pages = backfill_eras()[-1]
    next_day = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
    replay_backfill(tmp_path, [(day, pages), (next_day, pages)])
    after = {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file() and p.name != ".lock"}
    assert [p.name for p in after if before.get(p) != after[p]] == []


def _model(
    model: str, retires_on: dt.date, *, tentative: bool = False, status: Status = "deprecated"
) -> CanonicalModel:
    return CanonicalModel(
        model=model,
        status=status,
        deprecated_on=dt.date(2026, 1, 1) if status == "deprecated" else None,
        retires_on=retires_on,
        retires_on_qualifier="not_sooner_than" if tentative else None,
        replacement="claude-opus-4-8" if status == "deprecated" else None,
        announced_on=None,
        retired_on=None,
        sources={},
    )


def _baseline(day: dt.date) -> Event:
    (event,) = merge_changes(
        {
            "en": [
                Change(
                    type="baseline_recorded", context={"models": 3, "announcements": 0, "tables": 0}
                )
            ]
        },
        detected_at=day,
        page_urls={"en": "https://platform.claude.com/docs/en/about-claude/model-deprecations"},
    )
    return event


def test_retiring_soon_changes_only_when_a_model_enters_or_leaves_the_window() -> None:
    """Rendered day by day over a year after the last change, the changelog changes exactly on
    the days a model's date comes 90 days near or its firm date passes: its "as of" date is the
    first day of the list, and the first day an unannounced model may retire is counted from it."""
    models = (
        _model("claude-opus-4-1-20250805", dt.date(2026, 8, 5)),
        _model("claude-sonnet-4-5-20250929", dt.date(2026, 9, 29), tentative=True),
        _model("claude-haiku-4-5-20251001", dt.date(2026, 10, 15), tentative=True, status="active"),
    )
    start = dt.date(2026, 1, 1)
    log = (_baseline(start),)
    texts = [
        render_changelog(
            publication(log, ModelIndex(models=models), None, {}, start + dt.timedelta(days=n)).main
        )
        for n in range(365)
    ]
    changed = [start + dt.timedelta(days=n) for n in range(1, 365) if texts[n] != texts[n - 1]]
    assert changed == [
        dt.date(2026, 5, 7),  # 90 days before 2026-08-05
        dt.date(2026, 7, 1),  # 90 days before 2026-09-29
        dt.date(2026, 7, 17),  # 90 days before Haiku 4.5's "not sooner than" 2026-10-15
        dt.date(2026, 8, 5),  # the firm retirement: retired from that day on
        # a tentative date that passed stays: the model may now retire any day
    ]
    july = texts[(dt.date(2026, 7, 15) - start).days]
    assert (
        "As of 2026-07-01: retirement dates in the next 90 days, soonest first. "
        "A tentative date is the earliest day the model may retire.\n\n"
        "- **2026-08-05 (firm)**: Claude Opus 4.1 (`claude-opus-4-1-20250805`); "
        "replacement: Claude Opus 4.8 (`claude-opus-4-8`)\n"
        "- **not sooner than 2026-09-29 (tentative)**: "
        "Claude Sonnet 4.5 (`claude-sonnet-4-5-20250929`); "
        "replacement: Claude Opus 4.8 (`claude-opus-4-8`)\n\n## "
    ) in july
    november = texts[(dt.date(2026, 11, 1) - start).days]
    assert ("As of 2026-08-05: retirement dates in the next 90 days") in november and (
        "No retirement announced yet: with the page's notice of at least 60 days, none of these "
        "retires before the day shown.\n\n"
        "- **not before 2026-10-15**: Claude Haiku 4.5 (`claude-haiku-4-5-20251001`); "
        "retires not sooner than 2026-10-15\n"
    ) in november


def test_the_one_line_description_is_the_changelogs_sentence(backfill: Path) -> None:
    """What the console, commit message and job summary say of a change is its changelog line
    (for every entry CHANGELOG.md holds: a translation catching up with English is not there)."""
    changelog = (backfill / "CHANGELOG.md").read_text(encoding="utf-8")
    logged = EventLog.from_json(json.loads((backfill / "events.json").read_text())).events
    page_events = [event for event in logged if event.type != "locale_drift"]
    entries = [entry for _, day in by_day(page_events) for entry in day]
    held = [entry for entry in entries if f'<a id="{entry.anchor}"></a>' in changelog]
    assert all("en" not in entry.locales for entry in entries if entry not in held)
    shown = [event for entry in held for event in (entry.head, *entry.beneath)]
    assert len(shown) > 100
    missing = [event.id for event in shown if describe(event, MARKDOWN) not in changelog]
    assert missing == []


def test_the_retirement_of_every_retired_model_is_stated(backfill: Path) -> None:
    """Every model models.json holds as retired is said to be retired in CHANGELOG.md, on
    the day its page said so: as a status change, or as a table row that was retired already."""
    index = json.loads((backfill / "models.json").read_text(encoding="utf-8"))
    changelog = (backfill / "CHANGELOG.md").read_text(encoding="utf-8")
    retired = [model for model in index["models"] if model["status"] == "retired"]
    assert len(retired) > 10
    unsaid = [
        model["model"]
        for model in retired
        if f"(`{model['model']}`) removed from the status table (was retired)" not in changelog
        and not re.search(
            rf"\(`{re.escape(model['model'])}`\): \w+ → retired; retired on "
            rf"{model['retired_on'] or model['retires_on']}",
            changelog,
        )
    ]
    assert unsaid == []


def test_one_entry_per_announcement_per_day(backfill: Path) -> None:
    """An announcement that several languages carry the same day, each in its own words, is
    one entry listing them all."""
    changelog = (backfill / "CHANGELOG.md").read_text(encoding="utf-8")
    days = re.split(r"^## ", changelog, flags=re.MULTILINE)[1:]
    told = Counter(
        (day.splitlines()[0], announced)
        for day in days
        for announced in re.findall(r"New announcement of (\d{4}-\d\d-\d\d)", day)
    )
    assert told and [key for key, count in told.items() if count > 1] == []
    assert "**en, id**: New announcement of 2026-09-30: Claude Sonnet 4.5 model" in changelog
