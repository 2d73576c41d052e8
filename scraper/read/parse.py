"""Page parsers: one per format, each giving the same intermediate `ParsedPage`."""

from __future__ import annotations

import re
from collections.abc import Callable

from scraper.read.document import ParsedPage
from scraper.records import PageFormat

_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE
)


def detect_format(text: str) -> PageFormat:
    """HTML when the text starts like an HTML document; Markdown (or MDX) otherwise."""
    return "html" if _HTML_START.match(text[:1024]) else "markdown"


def _parse_markdown(text: str) -> ParsedPage:
    from scraper.read.markdown import parse_markdown

    return parse_markdown(text)


def _parse_html(text: str) -> ParsedPage:
    from scraper.read.html import parse_html

    return parse_html(text)


PARSERS: dict[PageFormat, Callable[[str], ParsedPage]] = {
    "markdown": _parse_markdown,
    "html": _parse_html,
}


def parse_page(text: str, page_format: PageFormat | None = None) -> ParsedPage:
    return PARSERS[page_format or detect_format(text)](text)
