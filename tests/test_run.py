"""`deprecations run` end to end: snapshots, events, changelog, feeds, idempotence."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.read.extract import PageReading, read_page
from scraper.track import review as review_module
from tests.conftest import FIXTURES, GOLDEN, PAGES, assert_golden

JSON_FEED_SCHEMA = json.loads((FIXTURES / "schemas" / "jsonfeed-1.1.schema.json").read_text())
EN_ERAS = [
    ("en--31150348168", "2025-03-15"),
    ("en--81852090", "2026-01-20"),
    ("en--36054956312", "2026-02-06"),
    ("en--48343116347", "2026-02-07"),
    ("en--59934005988", "2026-09-02"),
]
IT_ERAS = [("it--7049210929", "2025-11-20"), ("it--21649214621", "2025-12-20")]


def saved(tmp_path: Path, fixture: str, locale: str) -> Path:
    """A --from directory holding one fixture page as <locale>.md."""
    directory = tmp_path / "pages" / fixture
    directory.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PAGES / f"{fixture}.md", directory / f"{locale}.md")
    return directory


def run(snapshots: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["run", "--snapshots", str(snapshots), "-q", *args])


def replay(tmp_path: Path, eras: list[tuple[str, str]], locale: str) -> Path:
    snapshots = tmp_path / "snapshots"
    for fixture, day in eras:
        result = run(snapshots, "--from", str(saved(tmp_path, fixture, locale)), "--as-of", day)
        assert result.exit_code == 0, result.output
    return snapshots


def events(snapshots: Path) -> list[dict[str, object]]:
    document = json.loads((snapshots / "events.json").read_text(encoding="utf-8"))
    assert isinstance(document["events"], list)
    return document["events"]


def test_italian_replay_yields_exactly_the_real_changes(tmp_path: Path) -> None:
    """The two Italian eras give the Haiku 3.5 announcement and status, not the new wording."""
    snapshots = replay(tmp_path, IT_ERAS, "it")
    changelog = (snapshots / "CHANGELOG.md").read_text(encoding="utf-8")
    assert_golden(GOLDEN / "replay-it-CHANGELOG.md", changelog)
    newest = [e for e in events(snapshots) if e["detected_at"] == "2025-12-20"]
    assert {e["type"] for e in newest} == {
        "status_changed",
        "deprecation_date_changed",
        "retirement_date_changed",
        "announcement_added",
        "replacement_changed",
    }
    assert {e["model"] for e in newest if e["type"] != "announcement_added"} == {
        "claude-3-5-haiku-20241022",
        *(f"claude-1.{n}" for n in range(4)),
        *(f"claude-instant-1.{n}" for n in range(3)),
    }
    status = next(e for e in newest if e["type"] == "status_changed")
    assert (status["model"], status["before"], status["after"]) == (
        "claude-3-5-haiku-20241022",
        "active",
        "deprecated",
    )


def test_english_replay_yields_the_known_lifecycle_moves(tmp_path: Path) -> None:
    """Sonnet 3.7 goes active → deprecated (retiring 2026-02-19), later → retired."""
    snapshots = replay(tmp_path, EN_ERAS, "en")
    moves = [
        (e["detected_at"], e["before"], e["after"], e["context"])
        for e in events(snapshots)
        if e["type"] == "status_changed" and e["model"] == "claude-3-7-sonnet-20250219"
    ]
    assert [(day, before, after) for day, before, after, _ in moves] == [
        ("2026-09-02", "deprecated", "retired"),
        ("2026-01-20", "active", "deprecated"),
    ]
    context = moves[1][3]
    assert isinstance(context, dict)
    assert context["retires_on"] == "2026-02-19"
    assert context["replacement"] == "claude-sonnet-4-5-20250929"
    changelog = (snapshots / "CHANGELOG.md").read_text(encoding="utf-8")
    assert (
        "  - Claude Sonnet 3.7 (`claude-3-7-sonnet-20250219`): active → deprecated; "
        "deprecated on 2025-10-28; retires on 2026-02-19; "
        "replacement: Claude Sonnet 4.5 (`claude-sonnet-4-5-20250929`)\n"
    ) in changelog


def test_first_run_records_a_baseline_per_language(tmp_path: Path) -> None:
    """No snapshots yet: one 'baseline recorded' entry per language, no flood of additions."""
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copyfile(PAGES / "zh-TW--seed.md", pages / "zh-TW.md")
    shutil.copyfile(PAGES / "de--7033491188.md", pages / "de.md")
    result = run(tmp_path / "snapshots", "--from", str(pages), "--as-of", "2025-12-20")
    assert result.exit_code == 0, result.output
    recorded = events(tmp_path / "snapshots")
    assert [(e["type"], e["locales"]) for e in recorded] == [
        ("baseline_recorded", ["zh-TW"]),
        ("baseline_recorded", ["de"]),
    ]
    changelog = (tmp_path / "snapshots" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert changelog.count("Started tracking this page") == 2
    assert "added" not in changelog


def test_a_second_copy_with_the_first_ones_bytes_is_not_read_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Confirming a change costs a second fetch, not a second reading: a copy byte for byte
    the first gives the same records (a copy that differs is read: tests/test_log.py)."""
    reads: list[str] = []

    def counted(content: bytes, **arguments: Any) -> PageReading:
        reads.append(arguments["locale"])
        return read_page(content, **arguments)

    monkeypatch.setattr(review_module, "read_page", counted)
    pages = saved(tmp_path, "de--7033491188", "de")
    shutil.copyfile(PAGES / "en--59934005988.md", pages / "en.md")
    result = run(tmp_path / "snapshots", "--from", str(pages), "--as-of", "2026-09-02")
    assert result.exit_code == 0, result.output
    assert sorted(reads) == ["de", "en"]
    told = [(e["type"], e["locales"]) for e in events(tmp_path / "snapshots")]
    assert {("baseline_recorded", "['de']"), ("baseline_recorded", "['en']")} <= {
        (kind, str(locales)) for kind, locales in told
    }


def test_same_change_in_several_languages_is_one_event(tmp_path: Path) -> None:
    """Haiku 3.5's deprecation seen in it and id on the same run is one event, both listed."""
    before, after = tmp_path / "before", tmp_path / "after"
    before.mkdir()
    after.mkdir()
    shutil.copyfile(PAGES / "it--7049210929.md", before / "it.md")
    shutil.copyfile(PAGES / "it--21649214621.md", after / "it.md")
    id_page = (PAGES / "id--21875957155.md").read_text(encoding="utf-8")
    haiku_row = id_page.split("\n")[68]
    assert "claude-3-5-haiku-20241022" in haiku_row
    active = "| `claude-3-5-haiku-20241022` | Aktif | N/A | Tidak lebih awal dari 22 Oktober 2025 |"
    (before / "id.md").write_text(id_page.replace(haiku_row, active), encoding="utf-8")
    (after / "id.md").write_text(id_page, encoding="utf-8")
    snapshots = tmp_path / "snapshots"
    assert run(snapshots, "--from", str(before), "--as-of", "2025-12-19").exit_code == 0
    assert run(snapshots, "--from", str(after), "--as-of", "2025-12-20").exit_code == 0
    status = [e for e in events(snapshots) if e["type"] == "status_changed"]
    assert [(e["model"], e["locales"]) for e in status] == [
        ("claude-3-5-haiku-20241022", ["it", "id"])
    ]


def test_second_run_over_the_same_pages_writes_nothing(tmp_path: Path) -> None:
    """Re-running on unchanged pages leaves every file byte-for-byte and mtime as it was."""
    pages = saved(tmp_path, "zh-CN--57854826696", "zh-CN")
    snapshots = tmp_path / "snapshots"
    assert run(snapshots, "--from", str(pages), "--as-of", "2026-06-10").exit_code == 0
    files = [path for path in snapshots.rglob("*") if path.is_file()]
    before = {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}
    result = run(snapshots, "--from", str(pages), "--as-of", "2026-06-11")
    assert result.exit_code == 0
    assert result.output.strip().endswith("no changes")
    files = [path for path in snapshots.rglob("*") if path.is_file()]
    assert {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files} == before


def test_git_status_stays_clean_after_an_unchanged_run(tmp_path: Path) -> None:
    """In a real git repository, a second run leaves `git status --porcelain` empty."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    pages = saved(tmp_path, "en--59934005988", "en")
    assert run(repo / "snapshots", "--from", str(pages), "--as-of", "2026-09-02").exit_code == 0
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "baseline"], check=True)
    assert run(repo / "snapshots", "--from", str(pages), "--as-of", "2026-09-03").exit_code == 0
    status = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""


def test_exit_code_flag_reports_changes(tmp_path: Path) -> None:
    """--exit-code exits 1 when something changed and 0 when nothing did; without it, 0."""
    pages = saved(tmp_path, "de--7033491188", "de")
    snapshots = tmp_path / "snapshots"
    assert run(snapshots, "--from", str(pages), "--exit-code").exit_code == 1
    assert run(snapshots, "--from", str(pages), "--exit-code").exit_code == 0


def test_feeds_are_valid(tmp_path: Path) -> None:
    """The Atom feed parses cleanly with feedparser; the JSON feed validates as JSON Feed 1.1."""
    snapshots = replay(tmp_path, IT_ERAS, "it")
    atom = feedparser.parse((snapshots / "feed.atom").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    # 12 events; the two date changes of the status change are told by its line, and the
    # status change is told beneath the announcement that caused it.
    assert (len(events(snapshots)), len(atom.entries)) == (12, 9)
    assert atom.entries[0].title == "[it] New announcement of 2025-12-19: Modello Claude Haiku 3.5"
    assert "Claude Haiku 3.5 (claude-3-5-haiku-20241022): active → deprecated" in (
        atom.entries[0].content[0].value
    )
    feed = json.loads((snapshots / "feed.json").read_text(encoding="utf-8"))
    jsonschema.validate(feed, JSON_FEED_SCHEMA)
    feed_ids = [item["id"] for item in feed["items"]]
    assert [entry.id.rsplit("-", 1)[1] for entry in atom.entries] == feed_ids
    assert set(feed_ids) <= {str(e["id"]) for e in events(snapshots)}


def test_report_dir_for_the_workflow(tmp_path: Path) -> None:
    """--report-dir writes the commit message, job summary and this run's events."""
    snapshots = replay(tmp_path, IT_ERAS[:1], "it")
    report = tmp_path / "report"
    result = run(
        snapshots,
        "--from",
        str(saved(tmp_path, IT_ERAS[1][0], "it")),
        "--as-of",
        IT_ERAS[1][1],
        "--report-dir",
        str(report),
    )
    assert result.exit_code == 0
    message = (report / "commit-message.txt").read_text(encoding="utf-8")
    assert message.splitlines()[0].startswith("9 changes: claude-3-5-haiku-20241022 deprecated, ")
    assert len(message.splitlines()[0]) <= 72
    assert "## Claude model deprecations" in (report / "summary.md").read_text(encoding="utf-8")
    assert len(json.loads((report / "events.json").read_text(encoding="utf-8"))) == 11
    assert not (report / "problem-title.txt").exists()


@pytest.mark.parametrize("damage", ["{not json", '{"schema_version": 1, "locale": "it"}'])
def test_corrupt_snapshot_is_a_clear_error_and_nothing_is_written(
    tmp_path: Path, damage: str
) -> None:
    """A damaged snapshot: exit 5, one line naming the file, every file left as it was."""
    snapshots = replay(tmp_path, IT_ERAS[:1], "it")
    (snapshots / "model-deprecations" / "it.json").write_text(damage, encoding="utf-8")
    before = {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file()}
    result = run(snapshots, "--from", str(saved(tmp_path, IT_ERAS[1][0], "it")))
    assert result.exit_code == 5
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"error: {snapshots / 'model-deprecations' / 'it.json'}: ")
    assert {p: p.read_bytes() for p in snapshots.rglob("*") if p.is_file()} == before


def test_diff_command_compares_two_snapshots(tmp_path: Path) -> None:
    """`diff OLD NEW` prints the events between two parse outputs, as Markdown or JSON."""
    runner = CliRunner()
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(runner.invoke(cli, ["parse", str(PAGES / "it--7049210929.md")]).output)
    new.write_text(runner.invoke(cli, ["parse", str(PAGES / "it--21649214621.md")]).output)
    markdown = runner.invoke(cli, ["diff", str(old), str(new), "--as-of", "2025-12-20"])
    assert markdown.exit_code == 0
    assert markdown.output.splitlines()[0] == (
        "- Claude Haiku 3.5 (`claude-3-5-haiku-20241022`): active → deprecated; deprecated on "
        "2025-12-19; retires on 2026-02-19; replacement: Claude Haiku 4.5 "
        "(`claude-haiku-4-5-20251001`)"
    )
    as_json = runner.invoke(cli, ["diff", str(old), str(new), "--format", "json"])
    assert [e["type"] for e in json.loads(as_json.output)].count("replacement_changed") == 7


def test_snapshots_and_index_say_which_page_version_and_run_they_come_from(
    tmp_path: Path,
) -> None:
    """Each snapshot and models.json carry the page's URL, SHA-256 and date, and the run that
    changed them; a rerun on a later day, or a run by CI, leaves them as they were."""
    pages = saved(tmp_path, "en--59934005988", "en")
    snapshots = tmp_path / "snapshots"
    ci = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": "42",
    }
    args = ["run", "-q", "--snapshots", str(snapshots), "--from", str(pages)]
    assert CliRunner().invoke(cli, [*args, "--as-of", "2026-09-02"], env=ci).exit_code == 0
    page = json.loads((snapshots / "model-deprecations" / "en.json").read_text())
    models = json.loads((snapshots / "models.json").read_text())
    sha = hashlib.sha256((PAGES / "en--59934005988.md").read_bytes()).hexdigest()
    version = {
        "url": "https://platform.claude.com/docs/en/about-claude/model-deprecations",
        "sha256": sha,
        "date": "2026-09-02",
    }
    run_stamp = {"date": "2026-09-02", "url": "https://github.com/o/r/actions/runs/42"}
    assert (page["source"], page["run"]) == (version, run_stamp)
    assert (models["source"], models["run"]) == (version, run_stamp)
    before = {path: path.read_bytes() for path in snapshots.rglob("*.json")}
    assert run(snapshots, "--from", str(pages), "--as-of", "2026-09-03").exit_code == 0
    assert {path: path.read_bytes() for path in snapshots.rglob("*.json")} == before
