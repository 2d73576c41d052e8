"""Every saved page parses into exactly the reviewed records, in Markdown and as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.read.parse import parse_page
from scraper.records import PageRecords, dumps
from tests.conftest import GOLDEN, assert_golden, page_fixtures


@pytest.mark.parametrize("page", page_fixtures(), ids=lambda path: path.stem)
def test_page_matches_golden_records(page: Path) -> None:
    """The whole records document of each fixture equals its reviewed golden file."""
    reading = read_page(page.read_bytes())
    document = PageRecords.of(reading.content, reading.source)
    assert_golden(GOLDEN / f"{page.stem}.json", dumps(document))


@pytest.mark.parametrize("page", page_fixtures(), ids=lambda path: path.stem)
def test_markdown_and_rendered_html_give_the_same_document(page: Path) -> None:
    """Rendering the Markdown to HTML (tables as <table>) and parsing that gives the same IR."""
    text = page.read_text(encoding="utf-8")
    html = render_html(text)
    assert "<table>" in html
    assert parse_page(html, "html").document == parse_page(text, "markdown").document


@pytest.mark.parametrize("page", page_fixtures(), ids=lambda path: path.stem)
def test_markdown_and_rendered_html_give_the_same_records(page: Path) -> None:
    """Records from the HTML rendering equal those from the Markdown, but for the source."""
    markdown = read_page(page.read_bytes())
    rendered = render_html(page.read_text(encoding="utf-8")).encode()
    html = read_page(rendered, locale=markdown.content.locale)
    assert html.source.format == "html"
    assert html.content.model_copy(update={"title": None}) == markdown.content.model_copy(
        update={"title": None}
    )
