"""The fast commands load none of the heavy libraries (#17): checked in a fresh interpreter.

To hold a new command to this, add a line to FAST (its arguments); `--help` of every command
is checked without a line.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click
import pytest

from scraper.cli import cli

ROOT = Path(__file__).parent.parent
SNAPSHOTS = str(ROOT / "snapshots")
HEAVY = ("httpx", "deepdiff", "feedgen", "bs4", "lxml", "pydantic", "rich")
# What each may load: the commands that read snapshots need the records (pydantic) and draw
# tables (rich); `--version` and `--help` need neither.
READS_SNAPSHOTS = {"pydantic", "rich"}
FAST: dict[str, list[str]] = {
    "--version": ["--version"],
    "--help": ["--help"],
    "models": ["models", "--snapshots", SNAPSHOTS],
    "models --format json": ["models", "--snapshots", SNAPSHOTS, "--format", "json"],
    "upcoming": ["upcoming", "--snapshots", SNAPSHOTS, "--within", "1y"],
    "audit": ["audit", str(ROOT / "tests" / "fixtures" / "audit"), "--fail-on", "never"],
    "resolve": ["resolve", "--snapshots", SNAPSHOTS, "claude-opus-4-6", "claude-2.1"],
    "resolve --format json": [
        "resolve",
        "--snapshots",
        SNAPSHOTS,
        "--format",
        "json",
        "claude-2.1",
    ],
    "models --platform": ["models", "--snapshots", SNAPSHOTS, "--platform", "vertex-ai"],
    **{f"{name} --help": [name, "--help"] for name in cli.list_commands(click.Context(cli))},
}
# Runs the command in-process, then reports which of HEAVY were imported (on stderr's last
# line, so the command's own output cannot be mistaken for it).
PROBE = """
import json, sys
from scraper.cli import main
try:
    main(sys.argv[1:])
except SystemExit as done:
    code = done.code
heavy = sorted({name.split(".")[0] for name in sys.modules} & set(HEAVY))
print(json.dumps({"code": code, "heavy": heavy}), file=sys.stderr)
"""


def loaded(arguments: list[str]) -> dict[str, object]:
    probe = f"HEAVY = {HEAVY!r}\n{PROBE}"
    completed = subprocess.run(
        [sys.executable, "-c", probe, *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    result: dict[str, object] = json.loads(completed.stderr.splitlines()[-1])
    return result


@pytest.mark.slow
@pytest.mark.parametrize("name", FAST)
def test_fast_command_loads_no_heavy_library(name: str) -> None:
    """The command succeeds without importing httpx, deepdiff, feedgen, bs4 or lxml; `--help`
    and `--version`, of the program or a command, not even pydantic or rich."""
    allowed = set() if name.endswith(("--help", "--version")) else READS_SNAPSHOTS
    result = loaded(FAST[name])
    heavy = result["heavy"]
    assert isinstance(heavy, list)
    assert (result["code"], set(heavy) - allowed) == (0, set())


@pytest.mark.slow
def test_the_probe_sees_heavy_imports() -> None:
    """The check can fail: `parse` does load the HTML parser."""
    page = str(ROOT / "tests" / "fixtures" / "pages" / "zh-TW--seed.md")
    assert loaded(["parse", page])["heavy"] != []
