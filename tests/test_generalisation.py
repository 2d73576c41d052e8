"""Pages in languages the saved copies do not cover parse into the same records."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from tests.conftest import FIXTURES

SYNTHETIC = FIXTURES / "synthetic"
EXPECTED_MODELS = [
    ("claude-opus-4-6", "active", None, dt.date(2027, 2, 5), "not_sooner_than"),
    ("claude-opus-4-1-20250805", "deprecated", dt.date(2026, 6, 5), dt.date(2026, 8, 5), None),
    ("claude-3-haiku-20240307", "retired", dt.date(2026, 2, 19), dt.date(2026, 4, 20), None),
]
EXPECTED_ANNOUNCEMENTS = [
    (
        dt.date(2026, 6, 5),
        None,
        [("claude-opus-4-1-20250805", dt.date(2026, 8, 5), "claude-opus-4-8")],
    ),
    (
        dt.date(2026, 2, 19),
        dt.date(2026, 4, 20),
        [("claude-3-haiku-20240307", dt.date(2026, 4, 20), "claude-haiku-4-5-20251001")],
    ),
]


def _pages() -> list[Path]:
    return sorted(SYNTHETIC.glob("*.md"), key=lambda path: path.name)


@pytest.mark.parametrize("page", [p for p in _pages() if p.stem != "README"], ids=lambda p: p.stem)
@pytest.mark.parametrize("page_format", ["markdown", "html"])
def test_unseen_language_parses_like_english(page: Path, page_format: str) -> None:
    """Statuses, dates, qualifiers, replacements and retirement notes all read correctly."""
    text = page.read_text(encoding="utf-8")
    content = (render_html(text) if page_format == "html" else text).encode()
    records = read_page(content, locale=page.stem if page_format == "html" else None).content
    assert records.locale == page.stem
    assert [
        (m.model, m.status, m.deprecated_on, m.retires_on, m.retires_on_qualifier)
        for m in records.models
    ] == EXPECTED_MODELS
    assert [
        (a.announced_on, a.retired_on, [(e.model, e.retires_on, e.replacement) for e in a.entries])
        for a in records.announcements
    ] == EXPECTED_ANNOUNCEMENTS
    assert records.status_words is not None


def test_rendered_docs_site_page_parses_like_its_markdown_source() -> None:
    """A docs-site rendering (site chrome, anchor links, copy buttons, callout divs, a table
    of contents, scripts) gives the same records as the Markdown source of the page."""
    site = read_page((SYNTHETIC / "en-site.html").read_bytes())
    source = read_page((FIXTURES / "pages" / "en--59934005988.md").read_bytes())
    assert (site.content.locale, site.source.format) == ("en", "html")
    assert site.content.model_copy(update={"title": None}) == source.content.model_copy(
        update={"title": None}
    )
