"""`deprecations resolve` and `deprecations models --platform` over an index of the real pages."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.commands.models import command as models_command
from scraper.records import PLATFORMS, dumps
from tests.conftest import GOLDEN, assert_golden
from tests.test_related import joined_index


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("snapshots")
    (directory / "models.json").write_text(dumps(joined_index()), encoding="utf-8")
    return directory


def invoke(*arguments: str) -> Result:
    return CliRunner().invoke(cli, list(arguments), prog_name="deprecations", terminal_width=200)


FORMS = (
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "claude-sonnet-4-5@20250929",
    "claude-haiku-4-5",
    "claude-opus-4@20250514",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
    "claude-opus-4-6",
)
PAGE_DAY = "2026-10-10"  # the day of the joined pages: the goldens' statuses are that day's


def test_resolve_table(snapshots: Path) -> None:
    """Each input's model, platform, both statuses (on the day), retirement and replacement,
    as a table."""
    result = invoke("resolve", "--snapshots", str(snapshots), "--as-of", PAGE_DAY, *FORMS)
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "resolve-table.txt", result.stdout)


def test_resolve_json(snapshots: Path) -> None:
    """The same as JSON: one object per input, in input order, with the documented fields."""
    result = invoke(
        "resolve", "--snapshots", str(snapshots), "--format", "json", "--as-of", PAGE_DAY, *FORMS
    )
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "resolve.json", result.stdout)
    rows = json.loads(result.stdout)
    assert [row["input"] for row in rows] == list(FORMS)
    assert set(rows[0]) >= {
        "input",
        "model",
        "platform",
        "status",
        "platform_status",
        "retires_on",
        "replacement",
    }


def test_unresolved_input_exits_1_and_says_why(snapshots: Path) -> None:
    """Like grep: one id that names no model makes the exit code 1; it is listed as null, with
    its reason in the JSON and in one line on stderr."""
    result = invoke(
        "resolve", "--snapshots", str(snapshots), "--format", "json", "claude-opus-4-3", FORMS[0]
    )
    assert result.exit_code == 1
    rows = json.loads(result.stdout)
    assert rows[0] == {
        "input": "claude-opus-4-3",
        "model": None,
        "platform": None,
        "match": "unknown",
        "status": None,
        "platform_status": None,
        "retires_on": None,
        "retires_on_qualifier": None,
        "replacement": None,
        "candidates": [],
        "via": None,
        "variant": None,
        "steps": [],
        "reason": "no model claude-opus-4-3 on the page",
    }
    assert rows[1]["model"] == "claude-sonnet-4-20250514"
    assert result.stderr == "warning: 'claude-opus-4-3': no model claude-opus-4-3 on the page\n"


def test_forms_people_write_resolve_with_their_steps(snapshots: Path) -> None:
    """A router's form, a family and a reason per unknown form, in one run."""
    result = invoke(
        "resolve",
        "--snapshots",
        str(snapshots),
        "--format",
        "json",
        "openrouter/anthropic/claude-3.5-haiku:beta",
        "claude-3-5-sonnet",
        "foo/claude-opus-4-6",
    )
    assert result.exit_code == 1
    routed, family, unknown = json.loads(result.stdout)
    assert (routed["model"], routed["via"], routed["match"]) == (
        "claude-3-5-haiku-20241022",
        "OpenRouter",
        "rule",
    )
    assert routed["steps"][:2] == ["router prefix 'openrouter/'", "vendor 'anthropic/'"]
    assert (family["model"], family["match"], family["status"]) == (
        "claude-3-5-sonnet",
        "family",
        "retired",
    )
    assert family["candidates"] == ["claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"]
    assert (unknown["match"], unknown["reason"]) == ("unknown", "unknown router prefix 'foo/'")
    assert result.stderr.splitlines() == [
        "warning: 'foo/claude-opus-4-6': unknown router prefix 'foo/'"
    ]


def test_resolve_without_ids_is_a_usage_error(snapshots: Path) -> None:
    """No ID at all is a usage error (exit 2), not an empty answer."""
    assert invoke("resolve", "--snapshots", str(snapshots)).exit_code == 2


def test_resolve_without_snapshots_fails_in_one_line(tmp_path: Path) -> None:
    """A snapshots directory without models.json is unusable (exit 5), one line on stderr."""
    result = invoke("resolve", "--snapshots", str(tmp_path), "claude-haiku-4-5")
    assert result.exit_code == 5
    assert result.stderr.startswith("error: ") and result.stderr.count("\n") == 1


def test_models_platform_table(snapshots: Path) -> None:
    """`models --platform vertex-ai`: Vertex ids and Vertex's own status beside the API's."""
    result = invoke(
        "models", "--snapshots", str(snapshots), "--platform", "vertex-ai", "--as-of", "2026-10-10"
    )
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "models-platform-vertex-ai.txt", result.stdout)


def test_models_platform_json_keeps_the_scope_note(snapshots: Path) -> None:
    """The JSON holds only the models the platform lists, and the notes on whose dates apply."""
    result = invoke(
        "models", "--snapshots", str(snapshots), "--platform", "bedrock", "--format", "json"
    )
    data = json.loads(result.stdout)
    assert {model["model"] for model in data["models"]} == {
        "claude-fable-5",
        "claude-opus-5",
        "claude-opus-4-8",
        "claude-opus-4-7",
        "claude-sonnet-5",
        "claude-haiku-4-5-20251001",
        "claude-mythos-preview",
    }
    assert "Anthropic-operated" in data["scope_note"]


def test_models_platform_choices_are_the_records_platforms() -> None:
    """`models --platform` offers exactly the platforms the records know."""
    (option,) = [param for param in models_command.params if param.name == "platform"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == PLATFORMS
