"""Where the read commands find models.json (#28): `--data URL`, `--snapshots DIR`,
`./snapshots`, else the copy in the installed package, the same way for every command, with
one exit code for a directory that does not exist."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import stamina
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from scraper.answers.data import packaged_bytes
from scraper.cli import cli
from scraper.errors import ExitCode
from tests.conftest import FIXTURES

FIXTURE_INDEX = (FIXTURES / "audit" / "models.json").read_bytes()
# Each read command, with what it needs besides the data; the exit codes it may end with.
COMMANDS: dict[str, tuple[list[str], set[int]]] = {
    "models": (["models", "--format", "json"], {0}),
    "upcoming": (["upcoming", "--within", "1y", "--include-tentative", "--format", "json"], {0}),
    "resolve": (["resolve", "--format", "json", "claude-2.1"], {0}),
    "audit": (["audit", "code", "--format", "json"], {1}),
    "site": (["site", "out"], {0}),
    "catalog check": (["catalog", "check", "json", "catalogue.json", "--format", "json"], {0, 1}),
}


@pytest.fixture(autouse=True)
def _elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory far from any clone: no ./snapshots, a little code, a catalogue."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stamina.set_testing(True, attempts=1)
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "app.py").write_text('MODEL = "claude-2.1"\n')
    entries = {"claude-2.1": {"deprecation_date": "2025-07-21"}}
    (tmp_path / "catalogue.json").write_text(json.dumps(entries))
    return tmp_path


def _invoke(arguments: list[str]) -> Result:
    if arguments[:2] == ["catalog", "check"]:
        arguments = [*arguments, "--format-spec", "date=deprecation_date"]
    return CliRunner().invoke(cli, arguments)


def _models(result: Result, name: str) -> set[str]:
    if name == "site":
        return {
            row["model"] for row in json.loads(Path("out/data/models.json").read_text())["models"]
        }
    document = json.loads(result.stdout)
    if name == "audit":
        return {finding["model"] for finding in document["findings"]}
    if name == "resolve":
        return {row["model"] for row in document}
    if name == "catalog check":
        return {entry["model"] for entry in document["findings"] if entry.get("model")}
    return {model["model"] for model in document["models"]}


@pytest.mark.parametrize("name", COMMANDS)
def test_outside_a_clone_every_read_command_uses_the_packaged_data(name: str) -> None:
    """No ./snapshots and no option: the installed package's models.json answers."""
    arguments, codes = COMMANDS[name]
    result = _invoke(arguments)
    assert result.exit_code in codes, result.output
    packaged = {model["model"] for model in json.loads(packaged_bytes())["models"]}
    assert _models(result, name) and _models(result, name) <= packaged


@pytest.mark.parametrize("name", COMMANDS)
def test_a_missing_snapshots_directory_is_exit_2_for_every_command(name: str) -> None:
    """`--snapshots nowhere`: the same one line and exit 2, whichever command reads it."""
    arguments, _ = COMMANDS[name]
    result = _invoke([*arguments, "--snapshots", "nowhere"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == (
        "error: nowhere: no such directory (--snapshots names one `run` wrote)\n"
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_a_directory_without_models_json_is_exit_5(name: str, tmp_path: Path) -> None:
    """A directory that holds no models.json yet: unusable snapshots (exit 5), one line."""
    (tmp_path / "empty").mkdir()
    result = _invoke([*COMMANDS[name][0], "--snapshots", "empty"])
    assert result.exit_code == ExitCode.SNAPSHOTS_UNUSABLE
    assert result.stderr.startswith("error: empty/models.json: not there yet")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("name", COMMANDS)
def test_dot_snapshots_is_read_when_it_holds_models_json(name: str) -> None:
    """A ./snapshots with a models.json (a clone, a fork) is preferred to the packaged copy."""
    Path("snapshots").mkdir()
    Path("snapshots/models.json").write_bytes(FIXTURE_INDEX)
    result = _invoke(COMMANDS[name][0])
    fixture = {model["model"] for model in json.loads(FIXTURE_INDEX)["models"]}
    assert result.exit_code in COMMANDS[name][1], result.output
    assert _models(result, name) <= fixture


def test_a_foreign_snapshots_directory_falls_back_to_the_packaged_copy_and_says_so() -> None:
    """Some other tool's ./snapshots/models.json is not ours to judge: a warning, and the
    packaged data answers (an explicit --snapshots would be an error)."""
    Path("snapshots").mkdir()
    Path("snapshots/models.json").write_text('{"jest": true}')
    result = _invoke(COMMANDS["models"][0])
    assert result.exit_code == 0
    assert result.stderr.startswith("warning: snapshots/models.json: ")
    assert "using the packaged models.json instead" in result.stderr
    assert _invoke([*COMMANDS["models"][0], "--snapshots", "snapshots"]).exit_code == 5


@pytest.mark.parametrize("name", COMMANDS)
def test_data_url_serves_every_read_command(name: str, httpserver: HTTPServer) -> None:
    """`--data URL` is read (and cached) by every command, not only audit."""
    httpserver.expect_request("/models.json").respond_with_data(
        FIXTURE_INDEX, content_type="application/json"
    )
    result = _invoke([*COMMANDS[name][0], "--data", httpserver.url_for("/models.json")])
    assert result.exit_code in COMMANDS[name][1], result.output
    fixture = {model["model"] for model in json.loads(FIXTURE_INDEX)["models"]}
    assert _models(result, name) <= fixture
    assert len(httpserver.log) == 1


def test_snapshots_and_data_together_is_a_usage_error() -> None:
    """Both name the data: choose one (exit 2)."""
    result = _invoke(["models", "--snapshots", ".", "--data", "https://example.org/m.json"])
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr == "error: --snapshots and --data both name the data: choose one\n"


def test_a_site_of_the_packaged_data_says_when_that_data_last_changed() -> None:
    """Built from the packaged models.json, "last checked" is the day that copy last changed,
    not the build's time: a reader's browser then warns that the data is old."""
    result = _invoke(["site", "out"])
    assert result.exit_code == 0, result.output
    index = json.loads(packaged_bytes())
    day = (index.get("run") or index["source"])["date"]
    page = Path("out/index.html").read_text(encoding="utf-8")
    assert f'data-checked="{day}T00:00:00+00:00"' in page
    assert f'Last checked <time datetime="{day}T00:00:00+00:00">{day} 00:00 UTC</time>' in page
