"""`deprecations diff OLD NEW`: the events between two versions of one language's page."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING

import click

from scraper.commands._options import DateType, fail, format_option, read_input, today_utc
from scraper.errors import ExitCode, InputError

if TYPE_CHECKING:
    from scraper.records import PageContent

_PAGE_SUFFIXES = (".md", ".markdown", ".html", ".htm")
# Top-level keys of the other documents in snapshots/, to say which one was given.
_OTHER_DOCUMENTS = {
    "reference_locale": "models.json (every model, joined across languages)",
    "events": "an events log",
    "urls": "state.json (fetch validators)",
    "locales": "drift.json (differences between languages)",
}


def _read_records(name: str) -> PageContent:
    """One language's records: a snapshot, or `parse` output (its `source` is ignored)."""
    import json  # here, as pydantic: `--help` imports every command's module

    from pydantic import ValidationError

    from scraper.records import PageContent

    content = read_input(name)
    parse_first = f"a saved page? run `deprecations parse {name} > page.json` first"
    if name.lower().endswith(_PAGE_SUFFIXES):
        fail(InputError(f"{name}: not records JSON ({parse_first})"))
    try:
        data = json.loads(content)
    except (UnicodeDecodeError, json.JSONDecodeError):
        fail(InputError(f"{name}: not JSON ({parse_first})"))
    if isinstance(data, dict) and "locale" not in data:
        other = next((what for key, what in _OTHER_DOCUMENTS.items() if key in data), None)
        if other is not None:
            fail(
                InputError(
                    f"{name}: this is {other}, not one language's page; diff takes "
                    "snapshots/model-deprecations/<locale>.json or `deprecations parse` output"
                )
            )
    if isinstance(data, dict):  # where the records came from is no part of them
        data.pop("source", None)
        data.pop("run", None)
    try:
        return PageContent.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "document"
        fail(InputError(f"{name}: not a page's records ({where}: {first['msg']})"))


@click.command(short_help="The events between two versions of one language's page.")
@click.argument("old", metavar="OLD.json")
@click.argument("new", metavar="NEW.json")
@format_option(
    ("json", "markdown"), "markdown", "Markdown lines for people, or the events as JSON."
)
@click.option(
    "--as-of",
    type=DateType(),
    help="Date to stamp the events with (default: today, UTC).",
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when there are changes (like git diff).")
def command(old: str, new: str, output_format: str, as_of: dt.date | None, exit_code: bool) -> None:
    """Compare two versions of one language's page (snapshot or `parse` output files).

    Prints the events, as Markdown lines or as JSON. Exits 0 either way, unless --exit-code.
    `-` reads one of them from stdin.

    \b
    Examples:
      deprecations diff old/en.json snapshots/model-deprecations/en.json
      deprecations parse new.md | deprecations diff snapshots/model-deprecations/en.json -
    """
    from scraper.fetch.sources import page_url
    from scraper.publish.entries import without_dates_told_by_status
    from scraper.publish.wording import describe
    from scraper.records import dumps
    from scraper.sinks import MARKDOWN
    from scraper.track.diff import diff_pages
    from scraper.track.events import EVENTS, merge_changes

    if old == new == "-":
        fail(InputError("only one of OLD and NEW can be `-` (stdin)"))
    before, after = _read_records(old), _read_records(new)
    if before.locale != after.locale:
        fail(
            InputError(
                f"{old} is the {before.locale} page and {new} the {after.locale} page: "
                "diff compares two versions of one language's page"
            )
        )
    events = merge_changes(
        {after.locale: diff_pages(before, after)},
        detected_at=as_of or today_utc(),
        page_urls={after.locale: page_url(after.locale)},
    )
    if output_format == "json":
        click.echo(dumps(EVENTS.dump_python(events, mode="json")), nl=False)
    else:
        for event in without_dates_told_by_status(events):
            click.echo(f"- {describe(event, MARKDOWN)}")
    sys.exit(ExitCode.CHANGES if exit_code and events else ExitCode.OK)
