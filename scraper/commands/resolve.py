"""`deprecations resolve`: which model each written id names, on which platform, and its status.

Light: the resolver and the records only (no network, parsing or diff libraries).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._models import echo_table, load_source
from scraper.commands._options import as_of_option, data_options, table_format_option, today_utc
from scraper.errors import ExitCode
from scraper.sinks import json_text, terminal_text

if TYPE_CHECKING:
    from scraper.answers.resolve import Answer


@click.command(short_help="Which model (and platform) each written model id names.")
@click.argument("ids", nargs=-1, required=True, metavar="ID...")
@data_options
@table_format_option
@as_of_option
def command(
    ids: tuple[str, ...],
    snapshots: Path | None,
    data_url: str | None,
    output_format: str,
    as_of: dt.date | None,
) -> None:
    """Resolve each ID as written in code, config or a catalogue: an API id or alias, a
    Bedrock id (version suffix, inference-profile prefix, ARN), a Vertex AI id (`name@date`,
    the `publishers/anthropic/models/...` path), a Foundry deployment name, and the forms
    routers and gateways write (`openrouter/anthropic/claude-3.5-haiku:beta`,
    `bedrock/us-east-1/...`, `anthropic:claude-sonnet-4-0`, `claude-4-sonnet`,
    `claude-opus-4-6-fast`, `CLAUDE-3-HAIKU-20240307`, old ids such as `anthropic.claude-v2:1`).

    For each: the Claude API id (a family's name when it names several models that agree; else
    nothing is guessed), the platform the form names, the status on the Claude API on the day
    (today or --as-of, read from the dates as `models` reads it), the status the platform's
    own page shows, the Claude API's retirement date and the replacement; the
    JSON adds how it matched (`match`), the normalisations applied (`steps`), the `candidates`,
    the gateway (`via`) and the `variant`. Each ID that names no model gets one line on stderr
    saying why. The deprecations page's dates apply to Anthropic-operated platforms; on
    Bedrock and Vertex AI, go by the platform status.

    Exit 0 when every ID resolved, 1 when one did not (like grep), 2 on usage errors.

    \b
    Examples:
      deprecations resolve us.anthropic.claude-sonnet-4-20250514-v1:0 claude-haiku-4-5
      deprecations resolve 'claude-sonnet-4-5@20250929' --format json
    """
    from scraper.answers.resolve import Resolver, answer

    index = load_source(snapshots, data_url).index
    resolver = Resolver.from_index(index)
    today = today_utc()
    answers = [answer(index, resolver, text, day=as_of or today, today=today) for text in ids]
    if output_format == "json":
        _echo_json(answers)
    else:
        from scraper.commands._tables import resolve_grid
        from scraper.read.vocabulary import status_names

        echo_table(resolve_grid(answers, status_names(None, None)))
    unanswered = [found for found in answers if found.model is None]
    for found in unanswered:
        click.echo(terminal_text(f"warning: {found.input!r}: {found.reason}"), err=True)
    if unanswered:
        raise SystemExit(ExitCode.CHANGES)


def _echo_json(answers: list[Answer]) -> None:
    import json  # only here: `--help` imports every command's module

    rows = [dataclasses.asdict(found) for found in answers]
    document = json.dumps(rows, indent=2, ensure_ascii=False, default=dt.date.isoformat)
    click.echo(json_text(document))
