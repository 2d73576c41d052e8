"""The README stays true: its two commands, every command and option of the CLI."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from scraper.cli import cli
from scraper.errors import ExitCode
from scraper.fetch.sources import LOCALES

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _shell_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL)


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs exactly the test command the README gives a newcomer."""
    test_command = next(
        line for block in _shell_blocks() for line in block.splitlines() if "pytest" in line
    )
    command = test_command.split("&& ", 2)[-1]
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_install_and_run_command_names_the_job() -> None:
    """The first command installs the project and runs `deprecations run`."""
    first = _shell_blocks()[0]
    assert "python -m pip install -e ." in first
    assert first.strip().endswith("deprecations run")


COMMANDS = cli.list_commands(click.Context(cli))


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_is_documented(name: str) -> None:
    """Each subcommand and each of its long options appears in the README."""
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert f"deprecations {name}" in README
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            longest = max(parameter.opts, key=len)
            if longest != "--help":
                assert longest in README, f"{name} {longest} is not in the README"


def test_offline_example_directory_exists() -> None:
    """`run --from examples/saved-pages` in the README points at real saved pages."""
    assert "--from examples/saved-pages" in README
    saved = {path.stem for path in (ROOT / "examples" / "saved-pages").glob("*.md")} - {"README"}
    assert saved and saved <= set(LOCALES)


def test_exit_code_table_matches_the_enum() -> None:
    """The README's exit-code table is ExitCode's, row for row, as `--help` prints it."""
    section = README.split("### Exit codes", 1)[1]
    rows = re.findall(r"^\| (\d+) \| (.+?) \|$", section, flags=re.MULTILINE)
    assert rows == [(str(code.value), code.meaning) for code in ExitCode]


def test_every_module_is_in_the_architecture_paragraph() -> None:
    """Each module and package of scraper/, and each module of a stage package, is named in
    the README's list of stages (keep it in step)."""
    package = ROOT / "scraper"
    stages = [path for path in package.iterdir() if (path / "__init__.py").exists()]
    modules = {path.stem for path in package.glob("*.py") if not path.stem.startswith("_")}
    modules |= {path.name for path in stages}
    for stage in stages:
        if stage.name != "commands":  # one module per subcommand: `--help` documents those
            modules |= {path.stem for path in stage.glob("*.py") if not path.stem.startswith("_")}
            modules |= {path.parent.name for path in stage.glob("*/__init__.py")}
    paragraph = README.split("## Development", 1)[1].split("\n\n", 2)[1]
    assert sorted(m for m in modules if f"`{m}`" not in paragraph) == []
