"""`deprecations audit` against the calendar and the user's wishes (#28): statuses as of the
day, a severity per platform that says where it comes from, suppression by comment, glob and
pyproject.toml, and the data the report was judged by."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.errors import ExitCode
from tests.conftest import FIXTURES

INDEX_DIR = FIXTURES / "audit"
HAIKU = "claude-3-5-haiku-20241022"  # deprecated 2025-12-19, retires 2026-12-19 (firm)


@pytest.fixture(autouse=True)
def _in_a_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _audit(*args: str, data: tuple[str, ...] = ("--snapshots", str(INDEX_DIR))) -> Result:
    return CliRunner().invoke(cli, ["audit", *args, *data])


def _findings(result: Result) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def _write(path: str, text: str) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("as_of", "status", "level"),
    [
        ("2025-12-01", "active", None),  # before its deprecation: nothing to report
        ("2026-11-27", "deprecated", "warning"),
        ("2026-12-19", "retired", "error"),  # the retirement day itself
        ("2027-01-10", "retired", "error"),  # the page may still say "deprecated"
    ],
)
def test_the_status_is_that_of_the_day_read_from_the_dates(
    as_of: str, status: str, level: str | None
) -> None:
    """The index says "deprecated"; the audit reads the day's status from the dates as
    `models --as-of` does: a firm retirement date that passed is an error."""
    _write("app.py", f'MODEL = "{HAIKU}"\n')
    result = _audit(".", "--all", "--format", "json", "--as-of", as_of)
    (finding,) = _findings(result)
    assert (finding["status"], finding["api_status"], finding["basis"]) == (
        status,
        status,
        "schedule",
    )
    assert finding["level"] == (level or "none")
    assert result.exit_code == (ExitCode.CHANGES if status == "retired" else ExitCode.OK)


def test_each_platform_says_where_its_severity_comes_from() -> None:
    """One bare id, four platforms: the API's schedule on Foundry, the platform page's own mark
    on Bedrock (legacy), the API's status where Vertex AI lists it unmarked or Bedrock not at
    all; the text says which, so opposite severities are explained."""
    _write("app.py", 'MODEL = "claude-3-opus-20240229"\n')
    seen = {}
    for platform in ("foundry", "bedrock-legacy", "vertex-ai", "bedrock"):
        result = _audit(".", "--platform", platform, "--as-of", "2026-11-27")
        seen[platform] = result.stdout.splitlines()[1].split("  ", 2)[-1].strip()
    assert seen == {
        "foundry": "error    claude-3-opus-20240229 on Microsoft Foundry: retired on 2026-01-05, "
        "on the Claude API's schedule; move to claude-opus-4-1-20250805",
        "bedrock-legacy": "error    claude-3-opus-20240229 on Amazon Bedrock (legacy): retired, "
        "as marked on its Amazon Bedrock (legacy) page; move to claude-opus-4-1-20250805",
        "vertex-ai": "warning  claude-3-opus-20240229 on Vertex AI: deprecated, as marked on its "
        "Vertex AI page; retired on the Claude API; move to claude-opus-4-1-20250805",
        "bedrock": "error    claude-3-opus-20240229 on Amazon Bedrock: retired, as on the Claude "
        "API (the Amazon Bedrock page does not list it); move to claude-opus-4-1-20250805",
    }
    _write("app.py", f'MODEL = "{HAIKU}"\n')
    vertex = _findings(_audit(".", "--format", "json", "--platform", "vertex-ai"))
    assert [(f["status"], f["basis"]) for f in vertex] == [("deprecated", "unmarked")]


def test_an_inline_comment_silences_the_ids_it_names_on_its_line() -> None:
    """`deprecations: ignore[ID]` (as written or the API id) and a bare `deprecations: ignore`
    silence their own line only, and only the ids they name; the summary counts them."""
    _write(
        "app.py",
        '"claude-2.1"  # deprecations: ignore[claude-2.1]\n'
        '"claude-2.1", "claude-3-opus-20240229"  # deprecations: ignore[claude-3-opus-20240229]\n'
        "// claude-3-opus-20240229 claude-2.1 deprecations: ignore\n"
        '"claude-2.1"  # deprecations: ignore[claude-3-opus-20240229]\n'
        "<!-- us.anthropic.claude-3-opus-20240229-v1:0 "
        "deprecations: IGNORE[ claude-3-opus-20240229 ] -->\n",
    )
    result = _audit(".", "--format", "json", "--as-of", "2026-11-27")
    assert [(f["line"], f["model"]) for f in _findings(result)] == [
        (2, "claude-2.1"),
        (4, "claude-2.1"),
    ]
    assert json.loads(result.stdout)["ignored"] == 5
    assert result.stderr == "2 errors; 5 ignored in 1 file scanned\n"


def test_exclude_globs_leave_files_out_like_gitignore_patterns() -> None:
    """`--exclude docs/` and `--exclude '*.md'` drop whole paths, relative to the current
    directory; the summary counts the files left out."""
    _write("src/app.py", '"claude-2.1"\n')
    _write("docs/history.txt", '"claude-2.1"\n')
    _write("src/notes/CHANGES.md", '"claude-2.1"\n')
    result = _audit(".", "--format", "json", "--exclude", "docs/", "--exclude", "*.md")
    assert [f["path"] for f in _findings(result)] == ["src/app.py"]
    assert json.loads(result.stdout)["excluded"] == 2
    assert "(skipped: 2 excluded)" in result.stderr
    named = _audit("docs/history.txt", "--format", "json", "--exclude", "docs/")
    assert _findings(named) == []  # a file named on the command line (pre-commit) too


def test_pyproject_settings_exclude_and_ignore_from_the_nearest_table() -> None:
    """[tool.deprecations] in the nearest pyproject.toml: its globs are relative to its
    directory, its `ignore` ids are never reported, whichever subdirectory the audit runs in."""
    _write(
        "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.deprecations]\n'
        'exclude = ["/legacy/"]\nignore = ["claude-3-opus-20240229"]\n',
    )
    _write("legacy/old.py", '"claude-2.1"\n')
    _write("pkg/app.py", '"claude-2.1" "claude-3-opus-20240229"\n')
    _write("pkg/legacy/kept.py", '"claude-2.1"\n')  # /legacy/ is anchored at the root
    result = _audit(".", "--format", "json")
    assert sorted(f["path"] for f in _findings(result)) == ["pkg/app.py", "pkg/legacy/kept.py"]
    os.chdir("pkg")  # from a subdirectory: the same table, still relative to the root
    inner = _audit("..", "--format", "json")
    assert sorted(f["path"] for f in _findings(inner)) == ["app.py", "legacy/kept.py"]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (
            'exclud = ["docs/"]',
            "[tool.deprecations] has no setting 'exclud' (it knows exclude, ignore)",
        ),
        ('exclude = "docs/"', "[tool.deprecations] exclude must be a list of strings"),
        ("ignore = [1]", "[tool.deprecations] ignore must be a list of strings"),
        ('exclude = ["docs/"', "not valid TOML"),
    ],
)
def test_a_wrong_setting_is_exit_2_in_one_line(table: str, message: str) -> None:
    """An unknown key, a wrong type or broken TOML: exit 2 and one line naming the file."""
    _write("pyproject.toml", f"[tool.deprecations]\n{table}\n")
    _write("app.py", '"claude-2.1"\n')
    result = _audit(".")
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith(f"error: {Path('pyproject.toml').resolve()}: ")
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_the_report_says_which_data_it_judged_by() -> None:
    """JSON and SARIF carry the data's source, date and SHA-256 and the page version."""
    _write("app.py", '"claude-2.1"\n')
    packaged = json.loads(_audit(".", "--format", "json", data=()).stdout)["data"]
    from scraper.answers.data import packaged_bytes

    index = json.loads(packaged_bytes())
    assert packaged == {
        "source": "packaged models.json",
        "date": index["run"]["date"],
        "sha256": hashlib.sha256(packaged_bytes()).hexdigest(),
        "page": index["source"],
    }
    fixture = json.loads(_audit(".", "--format", "json").stdout)["data"]
    assert fixture["source"] == str(INDEX_DIR / "models.json")
    assert fixture["sha256"] == hashlib.sha256((INDEX_DIR / "models.json").read_bytes()).hexdigest()
    sarif = json.loads(_audit(".", "--format", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["data"] == fixture
