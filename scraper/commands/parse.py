"""`deprecations parse FILE`: one saved page as records JSON, the parser alone."""

from __future__ import annotations

import click

from scraper.commands._options import LocaleType, fail, read_input


@click.command(short_help="One saved page as records JSON.")
@click.argument("file", metavar="FILE")
@click.option(
    "--locale",
    type=LocaleType(),
    help="Language of the page (en, zh-TW, pt-BR...); detected if omitted.",
)
@click.option(
    "--format",
    "page_format",
    type=click.Choice(["markdown", "html"]),
    help="Format of the file; detected from its content if omitted.",
)
def command(file: str, locale: str | None, page_format: str | None) -> None:
    """Parse one saved page (or `-` for stdin) and print its records as JSON.

    \b
    Examples:
      deprecations parse model-deprecations.md --locale zh-TW
      curl -s https://platform.claude.com/docs/ja/about-claude/model-deprecations.md \\
        | deprecations parse - > ja.json
    """
    from scraper.errors import DeprecationsError
    from scraper.read.extract import read_page
    from scraper.records import PageRecords, dumps

    content = read_input(file)
    try:
        reading = read_page(
            content,
            page_format="html" if page_format == "html" else "markdown" if page_format else None,
            locale=locale,
        )
    except DeprecationsError as error:
        fail(error, f"{'stdin' if file == '-' else file}: ")
    click.echo(dumps(PageRecords.of(reading.content, reading.source)), nl=False)
