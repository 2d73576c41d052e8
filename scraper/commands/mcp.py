"""`deprecations mcp`: the answers as a Model Context Protocol server on stdio, for coding
agents (scraper/answers/mcp/). The SDK is the optional `mcp` extra, imported only here."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

import scraper
from scraper.commands._options import UrlType, fail
from scraper.errors import InputError
from scraper.sinks import terminal_text

if TYPE_CHECKING:
    from scraper.answers.mcp.origin import Origin

INSTALL_HINT = "pip install 'claude-deprecations[mcp]'"


@click.command(short_help="Answer coding agents: an MCP server on stdio.")
@click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    help="Read models.json and CHANGELOG.md from this snapshots directory (default: the "
    "installed package's), again whenever a run rewrites them.",
)
@click.option(
    "--data",
    "data_url",
    type=UrlType(),
    help="Fetch models.json (and CHANGELOG.md beside it) from this URL: cached, asked again "
    "hourly.",
)
def command(snapshots: Path | None, data_url: str | None) -> None:
    """Serve the answers to coding agents over the Model Context Protocol (stdio).

    Tools: resolve_model_ids, list_models, upcoming_retirements, check_code and
    recommend_model, each with a JSON schema and a structured result equal to the JSON of
    resolve, models, upcoming and audit; resources: models.json and CHANGELOG.md. Every answer
    gives the date of its data. Needs the `mcp` extra.

    Without data (a directory with no models.json) the server still starts, and every answer
    says what is missing. Exits 0 when the client closes the connection, 2 on a usage error
    or without the `mcp` extra.

    \b
    Examples:
      claude mcp add deprecations -- deprecations mcp
      deprecations mcp --snapshots ./snapshots
    """
    # Pydantic's errors reach the agent as tool errors: without a documentation link per line.
    os.environ.setdefault("PYDANTIC_ERRORS_INCLUDE_URL", "0")
    if snapshots is not None and data_url is not None:
        raise click.UsageError("--snapshots and --data both name the data: choose one")
    if importlib.util.find_spec("mcp") is None:  # found without importing it
        _without_sdk()
    if sys.stdin.isatty():
        click.echo(
            "hint: this is a Model Context Protocol server: it reads JSON-RPC on stdin; add it "
            "to an MCP client (claude mcp add deprecations -- deprecations mcp), Ctrl-D ends it",
            err=True,
        )
    # The client's `initialize` answered before the SDK is loaded (it costs most of a second).
    from scraper.answers.mcp.handshake import open_session

    opening = open_session(sys.stdin.fileno(), sys.stdout.fileno(), scraper.__version__)
    if opening.ended and not opening.lines:
        return  # nothing asked (on a terminal, Ctrl-D: the SDK would wait for another)
    chosen = _origin(snapshots, data_url)
    try:
        from scraper.answers.mcp.server import build
        from scraper.answers.mcp.stdio import serve
    except ImportError as error:
        if (error.name or "").partition(".")[0] not in ("mcp", "mcp_types"):
            raise
        _without_sdk()
    serve(build(chosen), opening)


def _origin(snapshots: Path | None, data_url: str | None) -> Origin:
    from scraper.answers.mcp import origin

    if data_url is not None:
        return origin.from_url(
            data_url, warn=lambda text: click.echo(terminal_text(f"warning: {text}"), err=True)
        )
    # Not ./snapshots by default, unlike the read commands: an agent starts the server in its
    # user's project, whose snapshots/ directory, if any, is no data of ours.
    return origin.from_snapshots(snapshots) if snapshots else origin.packaged()


def _without_sdk() -> NoReturn:
    fail(InputError(f"the MCP server needs the MCP SDK, an optional extra: {INSTALL_HINT}"))
