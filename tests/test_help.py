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

COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", ["", *COMMANDS])
def test_help_is_golden(name: str) -> None:
    """The whole help text, at 80 columns, is what its golden file holds."""
    arguments = [name, "--help"] if name else ["--help"]
    result = CliRunner().invoke(cli, arguments, prog_name="deprecations", terminal_width=80)
    assert result.exit_code == 0, result.output
    assert_golden(GOLDEN / "help" / f"{name or 'deprecations'}.txt", result.stdout)


def test_every_command_has_a_golden_file() -> None:
    """No stale golden file is left behind by a renamed or removed command."""
    files = {path.stem for path in (GOLDEN / "help").glob("*.txt")}
    assert files == {"deprecations", *COMMANDS}
