"""The `deprecations` command line: a click group whose commands load on demand.

Each command lives in its own module, `scraper/commands/<name>.py`, which defines `command`
(a click command). Adding a command is adding a module; nothing is registered here. A command
module imports only click and light modules at its top and the heavy libraries (httpx,
deepdiff, feedgen, lxml) inside its function, so `--help`, `--version` and the read-only
commands start fast (tests/test_cold_start.py checks which modules each command loads).

Streams, as in git, ruff and gh: data and summaries on stdout; every diagnostic on stderr, once,
as `error: …` or `warning: …`; exit codes from `scraper.errors.ExitCode`. A bug ends in one
line naming the file its traceback was saved to (exit 70), never a traceback on the terminal.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import os
import sys
import warnings
from pathlib import Path
from typing import Any, NoReturn

import click

import scraper
from scraper import PROJECT_URL
from scraper.errors import ExitCode
from scraper.sinks import terminal_text

COMMANDS_PACKAGE = "scraper.commands"


def _exit_codes_help() -> str:
    """The exit-code table for `--help` epilogs (the README's table is tested against it)."""
    width = max(len(str(code.value)) for code in ExitCode)
    rows = [f"  {code.value:<{width}}  {code.meaning}" for code in ExitCode]
    return "\b\nExit codes:\n" + "\n".join(rows)


EXIT_CODES_HELP = _exit_codes_help()


@functools.cache
def command_names() -> tuple[str, ...]:
    """The modules of `scraper.commands`, read from its directory once (`--help` asks for each
    command's name: pkgutil, and a listing per command, cost more than the commands)."""
    files = (Path(__file__).parent / "commands").iterdir()  # no glob: it compiles a pattern
    names = (path.stem for path in files if path.suffix == ".py")
    return tuple(sorted(name.replace("_", "-") for name in names if not name.startswith("_")))


class LazyGroup(click.Group):
    """Subcommands are the modules of `scraper.commands`, imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(command_names())

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in command_names():
            return None
        module = importlib.import_module(f"{COMMANDS_PACKAGE}.{cmd_name.replace('-', '_')}")
        command: click.Command = module.command
        command.name = cmd_name
        command.epilog = command.epilog or EXIT_CODES_HELP
        return command


@click.group(
    cls=LazyGroup,
    epilog=EXIT_CODES_HELP,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(scraper.__version__, "-V", "--version", prog_name="deprecations")
def cli() -> None:
    """Track Anthropic's Claude model deprecations page in every language."""


def _lower_first(message: str) -> str:
    """click says "Invalid value"; our one style is lower case ("error: invalid value")."""
    if len(message) > 1 and message[0].isupper() and message[1].islower():
        return message[0].lower() + message[1:]
    return message


def _usage_error(error: click.UsageError) -> NoReturn:
    ctx = error.ctx
    if isinstance(error, click.exceptions.NoArgsIsHelpError) and ctx is not None:
        # A group without its command: its help once, then what is missing, in one line.
        group = ctx.command
        names = ", ".join(group.list_commands(ctx)) if isinstance(group, click.Group) else ""
        click.echo(ctx.get_help(), err=True)
        click.echo(f"error: name a command after {ctx.command_path} ({names})", err=True)
        sys.exit(ExitCode.USAGE)
    click.echo(terminal_text(f"error: {_lower_first(error.format_message())}"), err=True)
    if error.ctx is not None:
        click.echo(error.ctx.get_usage(), err=True)
        name = error.ctx.command_path
        click.echo(f"Try '{name} --help' for help.", err=True)
    sys.exit(ExitCode.USAGE)


def _save_traceback() -> str | None:
    """The traceback of a bug, in a file whose name the one-line message gives."""
    import tempfile  # only a bug needs these: not every command's start
    import traceback

    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    try:
        handle, path = tempfile.mkstemp(prefix=f"deprecations-crash-{stamp}-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(f"deprecations {scraper.__version__}, Python {sys.version}\n")
            file.write(f"argv: {sys.argv!r}\n\n")
            file.write(traceback.format_exc())
    except OSError:
        return None
    return path


def _bug(error: Exception) -> NoReturn:
    path = _save_traceback()
    where = f"the traceback is in {path}" if path else "the traceback could not be saved"
    message = (
        f"error: internal error ({type(error).__name__}: {error}); this is a bug: {where}; "
        f"please report it at {PROJECT_URL}/issues"
    )
    click.echo(terminal_text(message), err=True)
    sys.exit(ExitCode.BUG)


def main(args: list[str] | None = None) -> NoReturn:
    """Entry point: one line per problem on stderr and an `ExitCode`, whatever happens."""
    if not sys.warnoptions:  # a library's warnings are for its developers, not our users
        warnings.simplefilter("ignore")
    try:
        returned: Any = cli.main(args, prog_name="deprecations", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):  # the shell's 128 + SIGINT, not 1
        click.echo("\ninterrupted", err=True)
        sys.exit(ExitCode.INTERRUPTED)
    except click.UsageError as error:
        _usage_error(error)
    except click.ClickException as error:  # a bad file or value: an input error
        click.echo(terminal_text(f"error: {_lower_first(error.format_message())}"), err=True)
        sys.exit(ExitCode.USAGE)
    except BrokenPipeError:  # `deprecations models | head`: the reader left, not a bug
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(ExitCode.OK)
    except Exception as error:
        _bug(error)
    sys.exit(returned if isinstance(returned, int) else ExitCode.OK)
