"""The fast commands load none of the heavy libraries (#17, #29): checked in a fresh
interpreter, never timed (benchmarks/run_all.py measures the time).

To hold a new command to this, add a line to FAST (its arguments, and what it may load);
`--help` of every command is checked without a line.
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
HEAVY = (
    "httpx",
    "deepdiff",
    "feedgen",
    "cssselect2",
    "lxml",
    "pydantic",
    "rich",
    "filelock",
    "babel",
    "msgspec",
    "importlib.metadata",
)
# What each may load beyond the standard library and click (#29): the commands that read
# models.json decode it with msgspec into plain values (no pydantic records); those that draw
# a table, rich; JSON of the whole index goes through `records.dumps` (pydantic). `--help`
# and `--version` load none of them.
DATA = {"msgspec"}
TABLE = {*DATA, "rich"}
FAST: dict[str, tuple[list[str], set[str]]] = {
    "--version": (["--version"], set()),
    "--help": (["--help"], set()),
    "models": (["models", "--snapshots", SNAPSHOTS], TABLE),
    "models --format json": (
        ["models", "--snapshots", SNAPSHOTS, "--format", "json"],
        {"msgspec", "pydantic"},
    ),
    "upcoming": (["upcoming", "--snapshots", SNAPSHOTS, "--within", "1y"], TABLE),
    "audit": (["audit", str(ROOT / "tests" / "fixtures" / "audit"), "--fail-on", "never"], DATA),
    "audit --format sarif": (
        [
            "audit",
            str(ROOT / "tests" / "fixtures" / "audit"),
            "--format",
            "sarif",
            "--fail-on",
            "never",
        ],
        DATA,
    ),
    "resolve": (["resolve", "--snapshots", SNAPSHOTS, "claude-opus-4-6", "claude-2.1"], TABLE),
    "resolve --format json": (
        ["resolve", "--snapshots", SNAPSHOTS, "--format", "json", "claude-2.1"],
        DATA,
    ),
    "models --platform": (["models", "--snapshots", SNAPSHOTS, "--platform", "vertex-ai"], TABLE),
    **{
        f"{name} --help": ([name, "--help"], set())
        for name in cli.list_commands(click.Context(cli))
    },
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
heavy = sorted(name for name in HEAVY if name in sys.modules)
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
    """The command succeeds loading none of the heavy libraries but those it needs: `--help`
    and `--version`, of the program or a command, none at all."""
    arguments, allowed = FAST[name]
    result = loaded(arguments)
    heavy = result["heavy"]
    assert isinstance(heavy, list)
    assert (result["code"], set(heavy) - allowed) == (0, set())


@pytest.mark.slow
def test_the_probe_sees_heavy_imports() -> None:
    """The check can fail: `parse` does load the HTML parser."""
    page = str(ROOT / "tests" / "fixtures" / "pages" / "zh-TW--seed.md")
    assert loaded(["parse", page])["heavy"] != []


# `deprecations mcp` answers `initialize` before loading the SDK: what it has loaded when the
# answer is out (on stderr's last line, then the probe exits).
MCP_PROBE = """
import json, sys
import scraper.answers.mcp.handshake as handshake
from scraper.cli import main

answer_first = handshake.open_session

def answered(*arguments):
    answer_first(*arguments)
    heavy = sorted(name for name in HEAVY if name in sys.modules)
    print(json.dumps({"heavy": heavy}), file=sys.stderr)
    sys.exit(0)

handshake.open_session = answered
main(sys.argv[1:])
"""
SDK = ("mcp", "mcp_types", "anyio", "pydantic_core")


@pytest.mark.slow
def test_mcp_answers_initialize_before_loading_the_sdk() -> None:
    """The answer to `initialize` is written before the SDK, or any heavy library, is loaded."""
    request = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "probe", "version": "1"},
        },
    }
    probe = f"HEAVY = {(*HEAVY, *SDK)!r}\n{MCP_PROBE}"
    completed = subprocess.run(
        [sys.executable, "-c", probe, "mcp", "--snapshots", SNAPSHOTS],
        input=json.dumps(request) + "\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert json.loads(completed.stdout)["result"]["protocolVersion"] == "2025-06-18"
    assert json.loads(completed.stderr.splitlines()[-1]) == {"heavy": []}
    # The probe sees the SDK once it is loaded: the check can fail.
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            f"HEAVY = {SDK!r}\nimport mcp, sys\nprint([n for n in HEAVY if n in sys.modules])",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() != "[]"
