"""The `deprecations` command line.

Exit codes: 0 ok, 1 changes found (only with --exit-code), 2 usage error,
3 a page could not be parsed (nothing written), 4 fetching failed for some languages.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from scraper import __version__
from scraper.errors import DeprecationsError
from scraper.jsonio import dumps
from scraper.records import PageRecords
from scraper.sources import canonical_locale

EXIT_CODES_HELP = """\b
Exit codes:
  0  success
  1  changes found (only with run --exit-code)
  2  usage error
  3  a page could not be parsed; nothing was written for it
  4  fetching failed for some languages
"""

SCHEMAS = {"page": PageRecords}


def _fail(error: DeprecationsError, prefix: str = "") -> NoReturn:
    click.echo(f"error: {prefix}{error}", err=True)
    sys.exit(error.exit_code)


@click.group(epilog=EXIT_CODES_HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="deprecations")
def cli() -> None:
    """Track Anthropic's Claude model deprecations page in every language."""


def _locale_option(value: str | None) -> str | None:
    return None if value is None else canonical_locale(value) or value


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--locale", help="Language of the page (en, zh-TW, pt-BR...); detected if omitted.")
@click.option(
    "--format",
    "page_format",
    type=click.Choice(["markdown", "html"]),
    help="Format of the file; detected from its content if omitted.",
)
def parse(file: Path, locale: str | None, page_format: str | None) -> None:
    """Parse one saved page and print its records as JSON.

    \b
    Example:
      deprecations parse model-deprecations.md --locale zh-TW
    """
    from scraper.extract import read_page

    try:
        records = read_page(
            file.read_bytes(),
            page_format="html" if page_format == "html" else "markdown" if page_format else None,
            locale=_locale_option(locale),
        )
    except DeprecationsError as error:
        _fail(error, f"{file}: ")
    except OSError as error:
        raise click.FileError(str(file), error.strerror) from None
    click.echo(dumps(records), nl=False)


@cli.command()
@click.argument("document", type=click.Choice(sorted(SCHEMAS)), default="page")
def schema(document: str) -> None:
    """Print the JSON Schema of a document the tracker writes (default: page)."""
    click.echo(json.dumps(SCHEMAS[document].model_json_schema(), indent=2, ensure_ascii=False))


def main() -> None:
    cli()
