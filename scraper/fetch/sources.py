"""What the job fetches: the page, the languages the docs publish it in, and their URLs; and
the related pages (the models overview and the platform pages, in English) that say how each
platform names the models.

Nothing else in the code names a URL or a language list. A fetch key is either a locale of the
deprecations page (`en`, `zh-TW`) or the name of a related page (`models-overview`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:  # records loads pydantic; `--help` and option parsing need none of it
    from scraper.records import PageFormat, Platform

PAGE = "model-deprecations"
DOCS_BASE_URL = "https://platform.claude.com"
# Hosts the docs live on; redirects anywhere else are refused.
DOCS_HOSTS = frozenset({"platform.claude.com", "docs.claude.com", "docs.anthropic.com"})
LOCALES: tuple[str, ...] = (
    "en",
    "zh-TW",
    "zh-CN",
    "ja",
    "ko",
    "de",
    "fr",
    "es",
    "it",
    "pt-BR",
    "id",
    "ru",
)
# The real page is about 60 kB; a page over 5 MB, fetched or read from a file, is refused.
MAX_PAGE_BYTES = 5_000_000


@dataclass(frozen=True, slots=True)
class PageSource:
    """One place the page can be read from, in the order to try them."""

    locale: str
    url: str
    format: PageFormat


@dataclass(frozen=True, slots=True)
class RelatedPage:
    """A page that names models another way: the overview, or one platform's page."""

    name: str
    path: str = field(repr=False)
    platform: Platform | None = None  # None: the models overview (every platform's ids)


RELATED_LOCALE = "en"
RELATED_PAGES: tuple[RelatedPage, ...] = (
    RelatedPage("models-overview", "about-claude/models/overview"),
    RelatedPage(
        "claude-in-amazon-bedrock", "build-with-claude/claude-in-amazon-bedrock", "bedrock"
    ),
    RelatedPage(
        "claude-on-amazon-bedrock-legacy",
        "build-with-claude/claude-on-amazon-bedrock-legacy",
        "bedrock-legacy",
    ),
    RelatedPage("claude-on-vertex-ai", "build-with-claude/claude-on-vertex-ai", "vertex-ai"),
    RelatedPage(
        "claude-in-microsoft-foundry", "build-with-claude/claude-in-microsoft-foundry", "foundry"
    ),
    RelatedPage(
        "claude-platform-on-aws", "build-with-claude/claude-platform-on-aws", "aws-platform"
    ),
)
RELATED_BY_NAME = {page.name: page for page in RELATED_PAGES}
# Every page a full run fetches: each language of the deprecations page and each related page.
PAGE_COUNT = len(LOCALES) + len(RELATED_PAGES)


def page_url(key: str, base_url: str = DOCS_BASE_URL) -> str:
    """The rendered page's address, used as the page URL in records and events."""
    related = RELATED_BY_NAME.get(key)
    if related is not None:
        return f"{base_url.rstrip('/')}/docs/{RELATED_LOCALE}/{related.path}"
    return f"{base_url.rstrip('/')}/docs/{key}/about-claude/{PAGE}"


def page_sources(key: str, base_url: str = DOCS_BASE_URL) -> tuple[PageSource, ...]:
    """The Markdown source first (smaller, stable), the rendered HTML page as fallback."""
    html = page_url(key, base_url)
    return (PageSource(key, f"{html}.md", "markdown"), PageSource(key, html, "html"))


def canonical_locale(value: str) -> str | None:
    """Map `zh-tw`, `zh_TW`, `pt-br`, `EN` ... to the docs' spelling, None if not a docs locale."""
    wanted = value.strip().replace("_", "-").lower()
    for locale in LOCALES:
        if locale.lower() == wanted:
            return locale
    language = wanted.split("-")[0]
    if language == "zh":
        traditional = any(part in wanted for part in ("hant", "tw", "hk", "mo"))
        return "zh-TW" if traditional else "zh-CN"
    return next((locale for locale in LOCALES if locale.split("-")[0] == language), None)


def read_at_most(file: BinaryIO, cap: int = MAX_PAGE_BYTES) -> bytes | None:
    """The whole stream, or None when it holds more than `cap` bytes (reading no further)."""
    body = file.read(cap + 1)
    return None if len(body) > cap else body


_HTML_START = re.compile(
    r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE
)


def detect_format(text: str) -> PageFormat:
    """HTML when the text starts like an HTML document; Markdown (or MDX) otherwise."""
    return "html" if _HTML_START.match(text[:1024]) else "markdown"
