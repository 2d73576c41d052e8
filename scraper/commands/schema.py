"""`deprecations schema [DOCUMENT]`: the JSON Schema of a document the tracker writes."""

from __future__ import annotations

import click

# The keys of scraper.store.schemas.SCHEMAS (a test keeps them equal): listed here, because that
# module imports every model and `--help` should not.
DOCUMENTS = ("drift", "events", "models", "page", "related", "snapshot", "state")


@click.command(
    short_help="The JSON Schema of a document the tracker writes.",
    help="Print the JSON Schema of a document the tracker writes (default: page).\n\n"
    f"DOCUMENT is one of: {', '.join(DOCUMENTS)}.",
)
@click.argument("document", metavar="[DOCUMENT]", type=click.Choice(DOCUMENTS), default="page")
def command(document: str) -> None:
    import json

    from scraper.store.schemas import SCHEMAS

    click.echo(json.dumps(SCHEMAS[document].model_json_schema(), indent=2, ensure_ascii=False))
