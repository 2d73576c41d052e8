"""Saved pages instead of the network: `DIR/<key>.md` or `DIR/<key>.html` (offline runs,
tests, the backfill)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from scraper.fetch.pages import (
    FailedPage,
    FetchedPage,
    FetchProgress,
    FetchResult,
    Refused,
    SecondCopy,
    check_body,
    one_line,
    unchanged_by_content,
)
from scraper.fetch.sources import DOCS_BASE_URL, MAX_PAGE_BYTES, page_sources, read_at_most
from scraper.records import HttpValidators, PageFormat

_SUFFIXES: dict[PageFormat, str] = {"markdown": ".md", "html": ".html"}


def _read_capped(path: Path) -> bytes:
    """A saved page, refused like a response over the cap (a 50 MB file would take minutes)."""
    with path.open("rb") as file:
        body = read_at_most(file)
    if body is None:
        raise Refused(f"file too large (over {MAX_PAGE_BYTES} bytes)")
    return body


def read_saved_pages(
    directory: Path,
    locales: Sequence[str],
    *,
    base_url: str = DOCS_BASE_URL,
    validators: Mapping[str, HttpValidators] | None = None,
    progress: FetchProgress | None = None,
    again: SecondCopy | None = None,
) -> list[FetchResult]:
    """Read `DIR/<locale>.md`, else `DIR/<locale>.html`, instead of the network.

    A page read from a file gets the URL of the source it stands for, so an offline run
    records the same source URLs (and compares against the same validators) as a fetch. A
    page `again` asks for is read a second time (`second_copy`), as a fetch would be.
    """
    stored = validators or {}
    results: list[FetchResult] = []
    for locale in locales:
        started = time.perf_counter()
        result = _read_saved_page(directory, locale, base_url, stored)
        if again is not None and isinstance(result, FetchedPage) and again(result):
            if progress is not None:
                progress.again(locale)
            second = _read_saved_page(directory, locale, base_url, stored)
            result = replace(result, second_copy=second)
        if progress is not None:
            progress.finished(result, time.perf_counter() - started)
        results.append(result)
    return results


def _read_saved_page(
    directory: Path, locale: str, base_url: str, validators: Mapping[str, HttpValidators]
) -> FetchResult:
    sources = page_sources(locale, base_url)
    paths = [directory / f"{locale}{_SUFFIXES[source.format]}" for source in sources]
    if not any(path.is_file() for path in paths):
        names = " or ".join(path.name for path in paths)
        return FailedPage(locale, f"no saved page ({names} not found in {directory})")
    reasons = []
    for source, path in zip(sources, paths, strict=True):
        try:
            body = _read_capped(path)
            check_body(source.format, None, body)
        except FileNotFoundError:
            reasons.append(f"{path.name}: not found")
            continue
        except OSError as error:
            reasons.append(f"{path.name}: {one_line(error.strerror or str(error))}")
            continue
        except Refused as error:
            reasons.append(f"{path.name}: {error}")
            continue
        new = HttpValidators(sha256=hashlib.sha256(body).hexdigest())
        return unchanged_by_content(source, body, new, validators.get(source.url, HttpValidators()))
    return FailedPage(locale, "; ".join(reasons))
