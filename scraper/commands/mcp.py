"""`deprecations mcp`: the answers as a Model Context Protocol server on stdio, for coding
agents (scraper/answers/mcp/). The SDK is the optional `mcp` extra, imported only here."""

from __future__ import annotations

import os
from pathlib import Path

import click

from scraper.commands._options import UrlType, fail
from scraper.errors import InputError
from scraper.sinks import terminal_text

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
    from scraper.answers.mcp import origin

    if snapshots is not None and data_url is not None:
        raise click.UsageError("--snapshots and --data both name the data: choose one")
    if data_url is not None:
        chosen = origin.from_url(
            data_url, warn=lambda text: click.echo(terminal_text(f"warning: {text}"), err=True)
        )
    else:
        chosen = origin.from_snapshots(snapshots) if snapshots else origin.packaged()
    try:
        from scraper.answers.mcp.server import build
    except ImportError as error:
        if (error.name or "").partition(".")[0] != "mcp":
            raise
        fail(InputError(f"the MCP server needs the MCP SDK, an optional extra: {INSTALL_HINT}"))
    build(chosen).run("stdio")
