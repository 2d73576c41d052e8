"""`--help` of the program and of every command, as golden files.

After a deliberate change (or a new command), regenerate them with
`UPDATE_GOLDEN=1 python -m pytest tests/test_help.py` and review the diff.
"""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from scraper.cli import cli
from tests.conftest import GOLDEN, assert_golden


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command and subcommand, as the words that name it (`catalog check`)."""
    paths = []
    context = click.Context(group)
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        paths.append((*prefix, name))
        if isinstance(command, click.Group):
            paths += command_paths(command, (*prefix, name))
    return paths


COMMANDS = [(), *command_paths(cli)]


def golden_name(path: tuple[str, ...]) -> str:
    return "-".join(("deprecations", *path)) + ".txt"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "deprecations")
def test_help_is_golden(path: tuple[str, ...]) -> None:
    """The whole help text, at 80 columns, is what its golden file holds."""
    arguments = [*path, "--help"]
    result = CliRunner().invoke(cli, arguments, prog_name="deprecations", terminal_width=80)
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "help" / golden_name(path), result.stdout)


def test_every_command_has_a_golden_file() -> None:
    """No stale golden file is left behind by a renamed or removed command."""
    files = {path.name for path in (GOLDEN / "help").glob("*.txt")}
    assert files == {golden_name(path) for path in COMMANDS}
