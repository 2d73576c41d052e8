"""`deprecations parse` and `deprecations schema` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
from click.testing import CliRunner

from scraper.cli import cli
from scraper.read.markdown import render_html
from tests.conftest import PAGES

SEED = PAGES / "zh-TW--seed.md"


def test_parse_prints_the_records_as_json() -> None:
    """The seed page prints a document with the promised top-level keys and record fields."""
    result = CliRunner().invoke(cli, ["parse", str(SEED)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert {"locale", "models", "announcements", "tables"} <= document.keys()
    assert document["locale"] == "zh-TW"
    assert set(document["models"][0]) >= {
        "model",
        "status",
        "status_text",
        "deprecated_on",
        "retires_on",
        "retires_on_qualifier",
    }
    assert set(document["announcements"][0]) >= {"announced_on", "title", "retired_on", "entries"}
    assert set(document["announcements"][0]["entries"][0]) >= {"model", "retires_on", "replacement"}


def test_parse_output_validates_against_the_schema_command(tmp_path: Path) -> None:
    """Every fixture's records validate against the schema that `schema` prints."""
    runner = CliRunner()
    schema = json.loads(runner.invoke(cli, ["schema"]).output)
    html = tmp_path / "page.html"
    html.write_text(render_html(SEED.read_text(encoding="utf-8")), encoding="utf-8")
    for page in [*sorted(PAGES.glob("*.md")), html]:
        result = runner.invoke(cli, ["parse", str(page)])
        assert result.exit_code == 0, result.output
        jsonschema.validate(json.loads(result.output), schema)


def test_format_and_locale_can_be_forced(tmp_path: Path) -> None:
    """--format html reads HTML even without a doctype; --locale overrides detection."""
    html = tmp_path / "page.txt"
    html.write_text(render_html(SEED.read_text(encoding="utf-8")).split("<body>")[1], "utf-8")
    result = CliRunner().invoke(cli, ["parse", str(html), "--format", "html", "--locale", "zh_tw"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert (document["source"]["format"], document["locale"]) == ("html", "zh-TW")
    assert len(document["models"]) == 10


def test_page_without_status_table_exits_3_with_one_line(tmp_path: Path) -> None:
    """No status table: exit 3, one line on stderr naming the file, no traceback."""
    page = tmp_path / "error.html"
    page.write_text("<!doctype html><html><body><h1>Sign in</h1><p>Log in.</p></body></html>")
    process = subprocess.run(
        [sys.executable, "-m", "scraper", "parse", str(page)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 3
    assert process.stdout == ""
    assert process.stderr == (
        f"error: {page}: no model status table found (a table of model ids and their status)\n"
    )


def test_missing_file_is_a_usage_error() -> None:
    """A file that does not exist exits 2 with one error line."""
    result = CliRunner().invoke(cli, ["parse", "no/such/page.md"])
    assert result.exit_code == 2
    assert result.output == "error: no/such/page.md: no such file\n"


def test_schema_command_offers_every_document() -> None:
    """The schema command's choices (listed without importing the models) are SCHEMAS' keys."""
    from scraper.commands.schema import DOCUMENTS
    from scraper.store.schemas import SCHEMAS

    assert tuple(sorted(SCHEMAS)) == DOCUMENTS
