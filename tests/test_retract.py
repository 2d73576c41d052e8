"""`deprecations retract`: a correction appended beside a wrong event, history untouched."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import feedparser
import jsonschema
import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.publish.wording import describe
from scraper.track.events import Event
from tests.test_run import IT_ERAS, JSON_FEED_SCHEMA, events, replay, run, saved

REASON = "the page was cut in transit"
DAY = "2025-12-21"


def retract(snapshots: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["retract", "--snapshots", str(snapshots), *args])


def files(snapshots: Path) -> dict[str, bytes]:
    """Every stored file's bytes (but the lock file, which only exists to be held)."""
    return {
        str(path.relative_to(snapshots)): path.read_bytes()
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    return replay(tmp_path, IT_ERAS, "it")


def _target(snapshots: Path) -> dict[str, object]:
    return next(e for e in events(snapshots) if e["type"] == "status_changed")


def test_a_retraction_is_one_new_event_and_history_is_untouched(snapshots: Path) -> None:
    """events.json gains exactly the correction on top; every earlier event is unchanged."""
    before = events(snapshots)
    target = _target(snapshots)
    result = retract(snapshots, str(target["id"]), "--reason", f"  {REASON} ", "--as-of", DAY)
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1 and str(target["id"]) in result.output
    after = events(snapshots)
    assert after[1:] == before
    correction = after[0]
    assert correction["type"] == "event_retracted"
    assert correction["context"] == {"retracts": target["id"], "reason": REASON}
    assert correction["detected_at"] == DAY
    assert correction["locales"] == target["locales"]
    assert correction["model"] == target["model"]
    assert correction["page_url"] == target["page_url"]


def test_the_changelogs_and_feeds_show_the_correction_beside_the_event(snapshots: Path) -> None:
    """CHANGELOG.md lists the retraction on its day and marks the retracted entry; the
    Italian changelog says it in Italian; the feeds carry both and stay valid."""
    target = _target(snapshots)
    assert retract(snapshots, str(target["id"]), "--reason", REASON, "--as-of", DAY).exit_code == 0
    changelog = (snapshots / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## {DAY}" in changelog
    assert "Retracted: " in changelog and f"— reason: {REASON}" in changelog
    assert f"(retracted on {DAY}: {REASON})" in changelog
    italian = (snapshots / "CHANGELOG.it.md").read_text(encoding="utf-8")
    assert "Revocato: " in italian and "(revocato il " in italian
    atom = feedparser.parse((snapshots / "feed.atom").read_bytes())
    assert not atom.bozo, atom.bozo_exception
    titles = [entry.title for entry in atom.entries]
    assert "Retracted: " in titles[0]
    # The retracted status change is told beneath the announcement that caused it.
    marked = [
        e for e in atom.entries[1:] if f"(retracted on {DAY}: {REASON})" in e.content[0].value
    ]
    assert len(marked) == 1
    feed = json.loads((snapshots / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, JSON_FEED_SCHEMA)
    assert "Retracted: " in feed["items"][0]["title"]


def test_describe_names_the_retracted_event_and_the_reason(snapshots: Path) -> None:
    """The English one-line description of a correction, alone, names the event id and why."""
    target = _target(snapshots)
    retract(snapshots, str(target["id"]), "--reason", REASON, "--as-of", DAY)
    correction = Event.model_validate(events(snapshots)[0])
    assert describe(correction) == f"Retracted: {target['id']} — reason: {REASON}"


def _retracted(snapshots: Path) -> list[str]:
    target = _target(snapshots)
    assert retract(snapshots, str(target["id"]), "--reason", REASON, "--as-of", DAY).exit_code == 0
    return [str(target["id"]), "--reason", "again", "--as-of", DAY]


def _retraction(snapshots: Path) -> list[str]:
    _retracted(snapshots)
    return [str(events(snapshots)[0]["id"]), "--reason", "no", "--as-of", DAY]


def _damaged(snapshots: Path) -> list[str]:
    target = _target(snapshots)
    path = snapshots / "events.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"locales"', '"locale"', 1))
    return [str(target["id"]), "--reason", REASON]


CASES: dict[str, tuple[Callable[[Path], list[str]], int, str]] = {
    "unknown id": (
        lambda s: ["0123456789abcdef", "--reason", REASON],
        2,
        "no event 0123456789abcdef",
    ),
    "already retracted": (_retracted, 2, "already retracted"),
    "a retraction": (_retraction, 2, "itself a retraction"),
    "empty reason": (lambda s: [str(_target(s)["id"]), "--reason", "  "], 2, "--reason"),
    "before the event": (
        lambda s: [str(_target(s)["id"]), "--reason", REASON, "--as-of", "2025-01-01"],
        2,
        "before",
    ),
    "damaged events.json": (_damaged, 5, "events.json"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_leaves_every_file_byte_identical(snapshots: Path, case: str) -> None:
    """Each refusal: its exit code, one line on stderr naming the problem, no file touched."""
    prepare, code, said = CASES[case]
    args = prepare(snapshots)
    stored = files(snapshots)
    result = CliRunner().invoke(cli, ["retract", "--snapshots", str(snapshots), *args])
    assert result.exit_code == code, result.output
    assert said in result.stderr and "Traceback" not in result.output
    assert files(snapshots) == stored


def test_the_unknown_id_error_names_the_file(snapshots: Path) -> None:
    """An unknown id is reported with the events.json it was looked for in."""
    result = retract(snapshots, "feedfacefeedface", "--reason", REASON)
    assert result.stderr == f"error: no event feedfacefeedface in {snapshots}/events.json\n"


def test_a_change_the_page_still_shows_is_published_again_once(tmp_path: Path) -> None:
    """A retracted event is out of what the log says (as consumers read it): a page that still
    shows the change publishes it again, once; the run after writes nothing."""
    snapshots = replay(tmp_path, IT_ERAS, "it")
    target = _target(snapshots)
    retract(snapshots, str(target["id"]), "--reason", REASON, "--as-of", DAY)
    pages = saved(tmp_path, IT_ERAS[-1][0], "it")
    assert run(snapshots, "--from", str(pages), "--as-of", DAY).exit_code == 0
    again = events(snapshots)[0]
    assert {key: again[key] for key in ("type", "model", "before", "after", "detected_at")} == {
        key: target[key] for key in ("type", "model", "before", "after")
    } | {"detected_at": DAY}
    stored = files(snapshots)
    assert run(snapshots, "--from", str(pages), "--as-of", DAY).exit_code == 0
    assert files(snapshots) == stored


def test_a_wrong_event_retracted_is_set_right_without_a_reverse_event(tmp_path: Path) -> None:
    """The usual case: a stale copy published a change the page never made. Once retracted,
    the next run on the real page publishes nothing (no reverse event to drop) and puts the
    snapshot right."""
    snapshots = replay(tmp_path, IT_ERAS, "it")
    stale = saved(tmp_path, IT_ERAS[0][0], "it")
    accepting = ("--accept", "backwards", "--accept-shrink")
    assert run(snapshots, "--from", str(stale), "--as-of", "2025-12-21", *accepting).exit_code == 0
    wrong = [event for event in events(snapshots) if event["detected_at"] == "2025-12-21"]
    assert {event["type"] for event in wrong} >= {"status_changed", "announcement_removed"}
    for event in wrong:
        retract(snapshots, str(event["id"]), "--reason", REASON, "--as-of", "2025-12-22")
    logged = events(snapshots)
    pages = saved(tmp_path, IT_ERAS[-1][0], "it")
    assert run(snapshots, "--from", str(pages), "--as-of", "2025-12-22").exit_code == 0
    assert events(snapshots) == logged
    stored = json.loads((snapshots / "model-deprecations" / "it.json").read_text())
    assert stored["source"]["sha256"] == hashlib.sha256((pages / "it.md").read_bytes()).hexdigest()


def test_the_site_marks_the_retracted_change(snapshots: Path) -> None:
    """The site's recent changes of the page's language tell the correction as its changelog
    does (naming the retracted change) and mark the retracted event."""
    from scraper.publish.compose import publication
    from scraper.publish.site.rows import IdFinder, recent_changes
    from scraper.store.snapshots import SnapshotStore

    target = _target(snapshots)
    retract(snapshots, str(target["id"]), "--reason", REASON, "--as-of", DAY)
    stored = SnapshotStore(snapshots).load()
    view = publication(
        stored.events, stored.index, stored.drift, stored.pages, dt.date.fromisoformat(DAY)
    )
    [italian] = [edition for edition in view.editions if edition.locale == "it"]
    changes = recent_changes(italian, IdFinder.of(()), limit=100)
    texts = [
        said.text for change in changes for said in (change.head, *(s for s, _ in change.beneath))
    ]
    told = describe(Event.model_validate(target), locale="it")
    assert texts[0] == f"Revocato: {told} — motivo: {REASON}"
    assert sum("(revocato il " in text and text.endswith(f": {REASON})") for text in texts) == 1
