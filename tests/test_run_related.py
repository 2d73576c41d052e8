"""`run` with the related pages: snapshots, models.json's platforms, events, rejection."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.fetch.sources import RELATED_PAGES
from tests.conftest import FIXTURES

PAGES = FIXTURES / "pages"
RELATED = FIXTURES / "related"


def _saved(directory: Path, *, english: str | None = "en--2026-10-10") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if english:
        shutil.copyfile(PAGES / f"{english}.md", directory / "en.md")
    for page in RELATED_PAGES:
        shutil.copyfile(RELATED / f"{page.name}.md", directory / f"{page.name}.md")
    return directory


def _run(snapshots: Path, saved: Path, day: str) -> Result:
    arguments = ["run", "-q", "--snapshots", str(snapshots), "--from", str(saved), "--as-of", day]
    return CliRunner().invoke(cli, arguments)


def _events(snapshots: Path) -> list[dict[str, object]]:
    data = json.loads((snapshots / "events.json").read_text(encoding="utf-8"))
    events: list[dict[str, object]] = data["events"]
    return events


def test_run_stores_related_pages_and_joins_them(tmp_path: Path) -> None:
    """Each related page gets its snapshot; models.json gets aliases, platforms, scope note."""
    snapshots = tmp_path / "snapshots"
    result = _run(snapshots, _saved(tmp_path / "saved"), "2026-10-10")
    assert result.exit_code == 0, result.output
    for page in RELATED_PAGES:
        stored = json.loads((snapshots / page.name / "en.json").read_text(encoding="utf-8"))
        assert stored["page"] == page.name
    index = json.loads((snapshots / "models.json").read_text(encoding="utf-8"))
    assert "Anthropic-operated" in index["scope_note"]
    opus4 = next(m for m in index["models"] if m["model"] == "claude-opus-4-20250514")
    assert opus4["platforms"]["vertex-ai"]["status"] == "deprecated"
    assert opus4["status"] == "retired"
    # the first platform data is a baseline: no flood of platform events
    assert not [e for e in _events(snapshots) if str(e["type"]).startswith("platform")]


def test_a_platform_status_change_is_one_event(tmp_path: Path) -> None:
    """Vertex AI marking Opus 4 retired gives one platform_status_changed event, in the log
    and the changelog, pointing at the Vertex AI page; a rerun adds nothing."""
    snapshots = tmp_path / "snapshots"
    saved = _saved(tmp_path / "saved")
    assert _run(snapshots, saved, "2026-10-10").exit_code == 0
    vertex = saved / "claude-on-vertex-ai.md"
    text = vertex.read_text(encoding="utf-8")
    changed = text.replace("| Claude Opus 4 Deprecated.    |", "| Claude Opus 4 Retired.       |")
    assert changed != text
    vertex.write_text(changed, encoding="utf-8")
    assert _run(snapshots, saved, "2026-10-11").exit_code == 0
    found = [e for e in _events(snapshots) if e["type"] == "platform_status_changed"]
    assert [(e["model"], e["field"], e["before"], e["after"]) for e in found] == [
        ("claude-opus-4-20250514", "vertex-ai", "deprecated", "retired")
    ]
    assert found[0]["page_url"] == (
        "https://platform.claude.com/docs/en/build-with-claude/claude-on-vertex-ai"
    )
    changelog = (snapshots / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "claude-opus-4-20250514" in changelog and "vertex-ai" in changelog
    before = (snapshots / "events.json").read_bytes()
    assert _run(snapshots, saved, "2026-10-12").exit_code == 0
    assert (snapshots / "events.json").read_bytes() == before


def test_a_related_page_without_its_table_is_rejected_alone(tmp_path: Path) -> None:
    """Exit 3, that page's snapshot byte for byte as it was, the other pages still written."""
    snapshots = tmp_path / "snapshots"
    saved = _saved(tmp_path / "saved")
    assert _run(snapshots, saved, "2026-10-10").exit_code == 0
    stored = (snapshots / "claude-on-vertex-ai" / "en.json").read_bytes()
    moved = "# Claude on Vertex AI\n\n| Region | Endpoint |\n|---|---|\n| us-east5 | regional |\n"
    (saved / "claude-on-vertex-ai.md").write_text(moved, encoding="utf-8")
    bedrock = saved / "claude-in-amazon-bedrock.md"
    bedrock.write_text(
        bedrock.read_text(encoding="utf-8").replace(
            "| Claude Mythos Preview | anthropic.claude-mythos-preview |",
            "| Claude Mythos Preview | anthropic.claude-mythos-preview-v2 |",
        ),
        encoding="utf-8",
    )
    result = _run(snapshots, saved, "2026-10-11")
    assert result.exit_code == 3
    assert "claude-on-vertex-ai: rejected by the model-table check" in result.stderr
    assert (snapshots / "claude-on-vertex-ai" / "en.json").read_bytes() == stored
    bedrock_page = json.loads((snapshots / "claude-in-amazon-bedrock" / "en.json").read_text())
    assert "anthropic.claude-mythos-preview-v2" in {m["id"] for m in bedrock_page["models"]}
    added = [e for e in _events(snapshots) if e["type"] == "platform_id_added"]
    assert [(e["model"], e["after"]) for e in added] == [
        ("claude-mythos-preview", "anthropic.claude-mythos-preview-v2")
    ]


def test_related_pages_alone_need_a_stored_english_page(tmp_path: Path) -> None:
    """Related pages saved without English are stored; models.json waits for English."""
    snapshots = tmp_path / "snapshots"
    result = _run(snapshots, _saved(tmp_path / "saved", english=None), "2026-08-22")
    assert result.exit_code == 0, result.output
    assert (snapshots / "models-overview" / "en.json").exists()
    assert not (snapshots / "models.json").exists()
    english = tmp_path / "english"
    english.mkdir()
    shutil.copyfile(PAGES / "en--2026-10-10.md", english / "en.md")
    assert _run(snapshots, english, "2026-10-10").exit_code == 0
    index = json.loads((snapshots / "models.json").read_text(encoding="utf-8"))
    haiku = next(m for m in index["models"] if m["model"] == "claude-haiku-4-5-20251001")
    assert haiku["aliases"] == ["claude-haiku-4-5"]
    assert haiku["platforms"]["bedrock"]["ids"] == ["anthropic.claude-haiku-4-5"]
