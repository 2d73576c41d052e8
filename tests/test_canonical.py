"""One canonical record per model, locale drift against English, and the models commands."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.read.extract import read_page
from scraper.records import PageContent, dumps
from scraper.track.drift import locale_disagreements
from scraper.track.index import canonical_models
from tests.conftest import FIXTURES, GOLDEN, PAGES, assert_golden


def page(path: Path) -> PageContent:
    return read_page(path.read_bytes()).content


def run(snapshots: Path, pages: dict[str, str], day: str) -> Result:
    directory = snapshots.parent / f"pages-{day}"
    directory.mkdir(parents=True, exist_ok=True)
    for locale, fixture in pages.items():
        shutil.copyfile(PAGES / f"{fixture}.md", directory / f"{locale}.md")
    return CliRunner().invoke(
        cli, ["run", "-q", "--snapshots", str(snapshots), "--from", str(directory), "--as-of", day]
    )


def test_zh_tw_seed_against_english_of_its_era_shows_the_real_differences() -> None:
    """The seed lists Opus 3 (English had dropped it), another replacement, no retired note."""
    english = page(PAGES / "en--81852090.md")
    seed = page(PAGES / "zh-TW--seed.md")
    found = [item.model_dump(mode="json") for item in locale_disagreements(english, seed)]
    assert_golden(GOLDEN / "drift-zh-TW-seed-vs-en-dec-2025.json", dumps(found))


def test_zh_cn_june_lags_english_september() -> None:
    """zh-CN still shows Opus 4.1, Opus 4 and Sonnet 4 deprecated where English says retired."""
    english = page(PAGES / "en--59934005988.md")
    chinese = page(PAGES / "zh-CN--57854826696.md")
    statuses = {
        (item.model, item.english, item.translated)
        for item in locale_disagreements(english, chinese)
        if item.field == "status"
    }
    assert statuses == {
        ("claude-opus-4-1-20250805", "retired", "deprecated"),
        ("claude-opus-4-20250514", "retired", "deprecated"),
        ("claude-sonnet-4-20250514", "retired", "deprecated"),
    }
    missing = {
        item.model
        for item in locale_disagreements(english, chinese)
        if item.field == "listed" and item.english is True
    }
    assert missing == {"claude-fable-5-1", "claude-fable-5", "claude-opus-5", "claude-sonnet-5"}


def test_status_table_and_history_disagreement_is_a_conflict() -> None:
    """October 29 in the status table, October 22 in the history: both kept, as a conflict."""
    index = canonical_models(page(FIXTURES / "cases" / "en--status-history-conflict.md"))
    sonnet = next(m for m in index.models if m.model == "claude-3-5-sonnet-20241022")
    assert sonnet.retires_on == dt.date(2025, 10, 29)
    assert sonnet.sources["retires_on"] == "status_table"
    assert [c.model_dump(mode="json") for c in sonnet.conflicts] == [
        {
            "field": "retires_on",
            "status_table": "2025-10-29",
            "history": "2025-10-22",
            "announcement": "2025-08-13",
        }
    ]
    others = [m for m in index.models if m.conflicts and m.model != sonnet.model]
    assert others == []


def test_history_only_models_are_in_the_index_as_retired() -> None:
    """Claude 1 appears only in the history: it is listed, retired, with its replacement."""
    index = canonical_models(page(PAGES / "en--59934005988.md"))
    claude_1 = next(m for m in index.models if m.model == "claude-1.0")
    assert (claude_1.status, claude_1.retires_on, claude_1.retired_on, claude_1.replacement) == (
        "retired",
        dt.date(2024, 11, 6),
        dt.date(2024, 11, 6),
        "claude-haiku-4-5-20251001",
    )
    assert claude_1.sources["status"] == "history:2024-09-04"
    assert len(index.models) == 17 + 13


def test_models_command_table_is_golden(tmp_path: Path) -> None:
    """`models` prints the aligned canonical table; --locale uses that language's words."""
    snapshots = tmp_path / "snapshots"
    assert (
        run(
            snapshots, {"en": "en--59934005988", "zh-CN": "zh-CN--57854826696"}, "2026-09-02"
        ).exit_code
        == 0
    )
    runner = CliRunner()
    table = runner.invoke(cli, ["models", "--snapshots", str(snapshots), "--as-of", "2026-09-02"])
    assert table.exit_code == 0, table.output
    assert_golden(GOLDEN / "models-en-2026-09-02.txt", table.output)
    chinese = runner.invoke(
        cli,
        [
            "models",
            "--snapshots",
            str(snapshots),
            "--as-of",
            "2026-09-02",
            "--locale",
            "zh-CN",
            "--status",
            "deprecated,retired",
        ],
    )
    assert chinese.exit_code == 0, chinese.output
    assert_golden(GOLDEN / "models-zh-CN-retired-2026-09-02.txt", chinese.output)


def test_models_json_validates_against_its_schema(tmp_path: Path) -> None:
    """`models --format json` and snapshots/models.json validate against `schema models`."""
    snapshots = tmp_path / "snapshots"
    assert run(snapshots, {"en": "en--59934005988"}, "2026-09-02").exit_code == 0
    runner = CliRunner()
    schema = json.loads(runner.invoke(cli, ["schema", "models"]).output)
    output = runner.invoke(cli, ["models", "--snapshots", str(snapshots), "--format", "json"])
    document = json.loads(output.output)
    jsonschema.validate(document, schema)
    jsonschema.validate(json.loads((snapshots / "models.json").read_text()), schema)
    assert len(document["models"]) == 30


def test_upcoming_lists_retirements_in_the_window_soonest_first(tmp_path: Path) -> None:
    """On 2026-01-25, Haiku 3.5 and Sonnet 3.7 retire within 30 days; Opus 3 already did."""
    snapshots = tmp_path / "snapshots"
    assert run(snapshots, {"en": "en--36054956312"}, "2026-01-25").exit_code == 0
    result = CliRunner().invoke(
        cli,
        [
            "upcoming",
            "--snapshots",
            str(snapshots),
            "--within",
            "30d",
            "--as-of",
            "2026-01-25",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [m["model"] for m in json.loads(result.output)["models"]] == [
        "claude-3-5-haiku-20241022",
        "claude-3-7-sonnet-20250219",
    ]
    tentative = CliRunner().invoke(
        cli,
        [
            "upcoming",
            "--snapshots",
            str(snapshots),
            "--within",
            "8w",
            "--as-of",
            "2026-01-25",
            "--include-tentative",
            "--format",
            "json",
        ],
    )
    listed = {m["model"]: m["status"] for m in json.loads(tentative.output)["models"]}
    # Active past its "not sooner than" date (2025-03-07): the next candidate, so listed.
    assert listed["claude-3-haiku-20240307"] == "active"
    assert "claude-3-haiku-20240307" not in result.output  # only with --include-tentative


def test_retirement_reminders_at_30_and_7_days_once_each(tmp_path: Path) -> None:
    """Reminders come 30 and 7 days out, once: reruns on the same or a later day add none."""
    snapshots = tmp_path / "snapshots"
    for day in ("2026-01-10", "2026-01-25", "2026-01-25", "2026-01-26", "2026-02-14", "2026-02-15"):
        assert run(snapshots, {"en": "en--36054956312"}, day).exit_code == 0
    events = json.loads((snapshots / "events.json").read_text())["events"]
    reminders = sorted(
        (e["detected_at"], e["model"], e["context"]["threshold"])
        for e in events
        if e["type"] == "retirement_reminder"
    )
    assert reminders == [
        ("2026-01-25", "claude-3-5-haiku-20241022", 30),
        ("2026-01-25", "claude-3-7-sonnet-20250219", 30),
        ("2026-02-14", "claude-3-5-haiku-20241022", 7),
        ("2026-02-14", "claude-3-7-sonnet-20250219", 7),
    ]
    feed = json.loads((snapshots / "feed.json").read_text())
    assert sum("Reminder:" in item["title"] for item in feed["items"]) == 4


def test_locale_drift_events_and_days_behind(tmp_path: Path) -> None:
    """zh-TW's differences when it is first compared are its first drift events; English
    moving ahead opens more, dated, with days behind.

    drift.json counts days to the run that last changed the drift, so a later run that
    finds nothing new leaves it as it was.
    """
    snapshots = tmp_path / "snapshots"
    assert (
        run(snapshots, {"en": "en--81852090", "zh-TW": "zh-TW--seed"}, "2026-01-20").exit_code == 0
    )
    first = json.loads((snapshots / "events.json").read_text())["events"]
    # Claude Haiku 3.5 and Sonnet 3.7 retire on 2026-02-19, 30 days ahead.
    assert {(e["type"], e["model"]) for e in first if e["type"] != "locale_drift"} == {
        ("baseline_recorded", None),
        ("retirement_reminder", "claude-3-5-haiku-20241022"),
        ("retirement_reminder", "claude-3-7-sonnet-20250219"),
    }
    at_first = [e for e in first if e["type"] == "locale_drift"]
    assert at_first and all(
        e["locales"] == ["zh-TW"] and e["context"] == {"state": "appeared"} for e in at_first
    )
    assert (
        run(snapshots, {"en": "en--36054956312", "zh-TW": "zh-TW--seed"}, "2026-02-06").exit_code
        == 0
    )
    written = (snapshots / "drift.json").read_bytes()
    assert (
        run(snapshots, {"en": "en--36054956312", "zh-TW": "zh-TW--seed"}, "2026-02-16").exit_code
        == 0
    )
    assert (snapshots / "drift.json").read_bytes() == written
    drift = json.loads(written)
    assert drift["as_of"] == "2026-02-06"
    opened = [
        e
        for e in json.loads((snapshots / "events.json").read_text())["events"]
        if e["type"] == "locale_drift" and e["detected_at"] == "2026-02-06"
    ]
    assert opened and all(e["locales"] == ["zh-TW"] for e in opened)
    new_model = next(
        d
        for d in drift["locales"]["zh-TW"]["disagreements"]
        if d["model"] == "claude-opus-4-6" and d["field"] == "listed"
    )
    assert (new_model["since"], new_model["days_behind"]) == ("2026-02-06", 0)
    older = next(
        d
        for d in drift["locales"]["zh-TW"]["disagreements"]
        if d["model"] == "claude-3-opus-20240229" and d["field"] == "listed"
    )
    assert (older["since"], older["days_behind"]) == ("2026-01-20", 17)
