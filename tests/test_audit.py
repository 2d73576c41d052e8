"""`deprecations audit`: a generated tree with known hits, compared whole in every format.

The tree (tests/audit_tree.py) has every written form of an id in source, Terraform, YAML,
`.env`, Markdown, TOML, JSON and a notebook, and the places that must stay silent: ignored
files (nested .gitignore rules included), vendored code, virtual environments, a binary file,
a file over the size cap, a symbolic link and look-alikes. The model data is a fixture index
(tests/fixtures/audit/models.json), so the goldens do not move when the real page changes.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.commands.audit import command as audit_command
from scraper.records import PLATFORMS as RECORD_PLATFORMS
from tests.audit_tree import make_tree
from tests.conftest import FIXTURES, GOLDEN, assert_golden

INDEX_DIR = FIXTURES / "audit"
SARIF_SCHEMA = json.loads((FIXTURES / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
AS_OF = ["--as-of", "2026-11-27"]
BIG = 2_000_001  # just over the cap


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"},
    )


@pytest.fixture(params=["gitignore", "git"])
def tree(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The generated tree, as a plain directory and as a git work tree; the cwd is its root."""
    root = tmp_path / "repo"
    root.mkdir()
    make_tree(root, big_file_bytes=BIG)
    if request.param == "git":
        _git(root, "init", "-q")
        # Vendored code committed anyway: still not the user's calls.
        _git(root, "add", "-f", "node_modules", "vendor")
    monkeypatch.chdir(root)
    return root


def _audit(*args: str) -> Result:
    return CliRunner().invoke(cli, ["audit", *args, "--snapshots", str(INDEX_DIR), *AS_OF])


def test_every_form_found_and_nothing_else_json(tree: Path) -> None:
    """All findings, every field, exactly: ignored, vendored, binary, big and look-alikes silent."""
    result = _audit(".", "--all", "--format", "json")

    assert result.exit_code == 1, result.output
    # The data's path is this checkout's: the golden names it INDEX_DIR.
    assert_golden(
        GOLDEN / "audit" / "tree.json", result.stdout.replace(str(INDEX_DIR), "INDEX_DIR")
    )


def test_text_report_grouped_by_file(tree: Path) -> None:
    """Text: findings grouped by file, actives hidden without --all; summary line on stderr."""
    result = _audit(".")

    assert_golden(GOLDEN / "audit" / "tree.txt", result.stdout)
    assert result.stderr == (
        "10 errors, 12 warnings, 3 notes in 13 files scanned "
        "(skipped: 1 binary, 1 symbolic link, 1 too large)\n"
    )


def _sarif(tree: Path) -> dict[str, object]:
    result = _audit("--format", "sarif")
    log = json.loads(result.stdout)
    assert log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tree.as_uri() + "/"
    return log  # type: ignore[no-any-return]


def test_sarif_validates_and_matches_its_golden(tree: Path) -> None:
    """SARIF 2.1.0 (the official schema), rules per status, whole log compared."""
    log = _sarif(tree)

    jsonschema.validate(log, SARIF_SCHEMA)
    log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"] = "file:///repo/"  # type: ignore[index]
    log["runs"][0]["tool"]["driver"]["version"] = "VERSION"  # type: ignore[index]
    text = json.dumps(log, indent=2) + "\n"
    assert_golden(GOLDEN / "audit" / "tree.sarif", text.replace(str(INDEX_DIR), "INDEX_DIR"))


def test_sarif_fingerprints_survive_lines_added_above(tree: Path) -> None:
    """Adding lines above a hit moves its region, not its fingerprint."""
    before = _fingerprints(_sarif(tree))
    app = tree / "src" / "app.py"
    app.write_text("# a new header\n\n" + app.read_text())

    after = _fingerprints(_sarif(tree))

    assert after == before
    assert len(set(before.values())) == len(before)


def _fingerprints(log: dict[str, object]) -> dict[tuple[str, str], str]:
    results = log["runs"][0]["results"]  # type: ignore[index]
    return {
        (
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["message"]["text"] + str(index),
        ): result["partialFingerprints"]["deprecationsAudit/v1"]
        for index, result in enumerate(results)
    }


def test_sarif_of_a_clean_tree_is_valid_and_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No findings: still a valid log, with no rules and no results."""
    (tmp_path / "clean.py").write_text('MODEL = "claude-opus-4-1"\n')
    monkeypatch.chdir(tmp_path)

    result = _audit("--format", "sarif")

    log = json.loads(result.stdout)
    jsonschema.validate(log, SARIF_SCHEMA)
    assert (log["runs"][0]["results"], log["runs"][0]["tool"]["driver"]["rules"]) == ([], [])
    assert result.exit_code == 0


@pytest.mark.parametrize(
    ("files", "options", "code"),
    [
        ({"a.py": "claude-2.1"}, [], 1),
        ({"a.py": "claude-2.1"}, ["--fail-on", "never"], 0),
        ({"a.py": "claude-3-5-haiku-20241022"}, [], 0),
        ({"a.py": "claude-3-5-haiku-20241022"}, ["--fail-on", "deprecated"], 1),
        ({"a.py": "claude-sonnet-4-0"}, ["--fail-on", "deprecated"], 0),
        ({"a.py": "claude-sonnet-4-0"}, ["--fail-on", "legacy"], 1),
        ({"a.py": "claude-3-5-haiku-20241022"}, ["--fail-within", "30d"], 1),
        ({"a.py": "claude-3-5-haiku-20241022"}, ["--fail-within", "3w"], 0),
        # A tentative "not sooner than" date is no retirement: never inside a window.
        ({"a.py": "claude-sonnet-4-0"}, ["--fail-within", "400d", "--fail-on", "never"], 0),
        ({"a.py": "claude-opus-4-1"}, ["--fail-on", "legacy"], 0),
        ({"a.py": "nothing here"}, [], 0),
    ],
)
def test_exit_codes(tmp_path: Path, files: dict[str, str], options: list[str], code: int) -> None:
    """0 clean, 1 at or above --fail-on or a firm retirement inside --fail-within."""
    for name, text in files.items():
        (tmp_path / name).write_text(text)

    assert _audit(str(tmp_path), *options).exit_code == code


@pytest.mark.parametrize(
    "options",
    [
        ["--fail-on", "sometimes"],
        ["--fail-within", "soon"],
        ["--platform", "azure"],
        ["--format", "xml"],
        ["--data", "ftp://example.invalid/models.json"],
        ["--data", "http://127.0.0.1:1/models.json", "--snapshots", "."],
        ["/no/such/path"],
    ],
)
def test_usage_errors_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    """A bad option or a missing path: exit 2 and a message, never a traceback."""
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["audit", *options])

    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_platform_option_reads_bare_ids_as_that_platforms(tmp_path: Path) -> None:
    """--platform vertex-ai: a bare API id takes Vertex's own status; Bedrock ids keep theirs."""
    (tmp_path / "a.py").write_text(
        '"claude-3-opus-20240229"\n"anthropic.claude-3-opus-20240229-v1:0"\n'
    )
    result = _audit(str(tmp_path), "--platform", "vertex-ai", "--format", "json")

    found = [
        (f["text"], f["platform"], f["status"], f["api_status"], f["level"], f["retires_on"])
        for f in json.loads(result.stdout)["findings"]
    ]
    assert found == [
        ("claude-3-opus-20240229", "vertex-ai", "deprecated", "retired", "warning", None),
        (
            "anthropic.claude-3-opus-20240229-v1:0",
            "bedrock-legacy",
            "retired",
            "retired",
            "error",
            None,
        ),
    ]


def test_foundry_follows_the_claude_api_dates(tmp_path: Path) -> None:
    """Foundry is Anthropic-operated: the deprecations page's dates and days left apply."""
    (tmp_path / "a.py").write_text('"claude-3-5-haiku-20241022"\n')

    result = _audit(str(tmp_path), "--platform", "foundry", "--format", "json")

    [finding] = json.loads(result.stdout)["findings"]
    assert (finding["platform"], finding["retires_on"], finding["days_left"]) == (
        "foundry",
        "2026-12-19",
        22,
    )


def test_named_files_are_scanned_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files named on the command line (as pre-commit passes them) are read even if ignored."""
    (tmp_path / ".gitignore").write_text("*.py\n")
    (tmp_path / "a.py").write_text("claude-2.1\n")
    (tmp_path / "b.py").write_text("claude-2.1\n")
    monkeypatch.chdir(tmp_path)

    result = _audit("a.py", "--format", "json")

    assert [f["path"] for f in json.loads(result.stdout)["findings"]] == ["a.py"]


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path) -> None:
    """-o FILE: the report goes to the file; the summary still to stderr."""
    (tmp_path / "a.py").write_text("claude-2.1\n")
    out = tmp_path / "out" / "report.sarif"
    out.parent.mkdir()

    result = _audit(str(tmp_path / "a.py"), "--format", "sarif", "-o", str(out))

    assert result.stdout == ""
    jsonschema.validate(json.loads(out.read_text()), SARIF_SCHEMA)
    assert result.stderr.startswith("1 error in 1 file scanned")


def test_damaged_snapshot_is_exit_5_with_one_line(tmp_path: Path) -> None:
    """A models.json that is not one: `error: …` naming it, exit 5."""
    (tmp_path / "models.json").write_text('{"models": [{"model": 3}]}')

    result = CliRunner().invoke(cli, ["audit", str(tmp_path), "--snapshots", str(tmp_path)])

    assert result.exit_code == 5
    assert result.stderr.startswith(
        f"error: {tmp_path / 'models.json'}: not a models.json: models.0"
    )
    assert len(result.stderr.splitlines()) == 1


def test_platform_choices_are_the_records_platforms() -> None:
    """The command's --platform choices are exactly the platforms the records know."""
    (option,) = [param for param in audit_command.params if param.name == "platform"]
    assert isinstance(option.type, click.Choice)
    assert tuple(option.type.choices) == RECORD_PLATFORMS


# --- colour ----------------------------------------------------------------------------------


def _on_a_terminal(tmp_path: Path, env: dict[str, str]) -> bytes:
    """Run the audit with stdout on a pseudo-terminal, as a person would see it."""
    (tmp_path / "a.py").write_text("claude-2.1\n")
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "audit", str(tmp_path), "--snapshots", str(INDEX_DIR)],
        stdout=follower,
        stderr=subprocess.DEVNULL,
        env={k: v for k, v in {**os.environ, **env}.items() if v},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks)


@pytest.mark.slow
def test_colour_on_a_terminal_and_never_with_no_color(tmp_path: Path) -> None:
    """A terminal gets colour (red for retired); NO_COLOR turns it off; a pipe never has it."""
    coloured = _on_a_terminal(tmp_path, {"NO_COLOR": ""})
    plain = _on_a_terminal(tmp_path, {"NO_COLOR": "1"})

    assert b"\x1b[31merror" in coloured
    assert b"\x1b[" not in plain
    assert b"claude-2.1 on Claude API: retired on 2025-07-21" in plain
    assert "\x1b[" not in _audit(str(tmp_path)).stdout
