"""Parse time against page size: does a 10x larger page take about 10x the time?

    python benchmarks/scaling.py [--page tests/fixtures/pages/en--59934005988.md] [--sizes 1,10,100]

Builds pages 1x, 10x and 100x the size of a real page (the status table's rows and the
deprecation-history sections repeated, with distinct model ids and dates; the prose once), and
prints, for Markdown and for the same page rendered to HTML, the size, the best parse time, the
time per kB and how the time grew against how the size grew (1.0: linear). The last two columns
time the parse with Python's cyclic garbage collector paused: its full collections scan every
live object, so on a huge page they add time that is the heap's, not the parser's.
"""

from __future__ import annotations

import argparse
import gc
import re
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.records import PageFormat

PAGES = Path(__file__).parent.parent / "tests" / "fixtures" / "pages"
DEFAULT_PAGE = PAGES / "en--59934005988.md"
_MODEL_ID = re.compile(r"\b(claude-[a-z0-9]+(?:[-.][a-z0-9]+)*)")
_HISTORY_HEADING = re.compile(r"^#{2,4} (\d{4})(-\d{1,2}-\d{1,2})", re.MULTILINE)
_HEADING = re.compile(r"^#{1,6} ", re.MULTILINE)


def _renamed(text: str, copy: int) -> str:
    """The same rows with other model ids (and, for history sections, other years)."""
    if copy == 0:
        return text
    renamed = _MODEL_ID.sub(lambda m: f"{m[1]}-r{copy}", text)
    return _HISTORY_HEADING.sub(
        lambda m: f"{m[0][: m.start(1) - m.start(0)]}{int(m[1]) - copy:04d}{m[2]}", renamed
    )


def _status_rows(page: str) -> tuple[int, int]:
    """Where the status table's data rows are: after the first header and delimiter row whose
    table holds model ids."""
    for match in re.finditer(r"^\|.*\n\|[ :|-]+\|[ \t]*\n((?:\|.*\n)+)", page, re.MULTILINE):
        if _MODEL_ID.search(match[1].split("\n")[0]):
            return match.start(1), match.end(1)
    raise ValueError("no status table in the page")


def _history(page: str) -> tuple[int, int]:
    """Where the deprecation-history sections are: from the first dated heading to the next
    heading that is not dated and not inside a section (or the end)."""
    first = _HISTORY_HEADING.search(page)
    if first is None:
        raise ValueError("no deprecation history in the page")
    level = page[first.start() :].index(" ")
    end = len(page)
    for heading in _HEADING.finditer(page, first.end()):
        line = page[heading.start() : page.find("\n", heading.start())]
        depth = len(line) - len(line.lstrip("#"))
        if depth < level or (depth == level and not _HISTORY_HEADING.match(line)):
            end = heading.start()
            break
    return first.start(), end


def scaled_page(page: str, factor: int) -> str:
    """`page` with its status rows and history sections repeated `factor` times."""
    rows_start, rows_end = _status_rows(page)
    history_start, history_end = _history(page)
    if not rows_end <= history_start:
        raise ValueError("the status table must come before the history")
    rows, history = page[rows_start:rows_end], page[history_start:history_end]
    sections = history.rstrip("\n")
    return "".join(
        [
            page[:rows_start],
            *(_renamed(rows, copy) for copy in range(factor)),
            page[rows_end:history_start],
            "\n\n".join(_renamed(sections, copy) for copy in range(factor)),
            history[len(sections) :],
            page[history_end:],
        ]
    )


def best_seconds(function: Callable[[], object], *, collector: bool, budget: float = 2.0) -> float:
    """Best of a few runs: at least three, more while they fit in `budget` seconds."""
    function()  # warm caches (Babel locale data, compiled patterns)
    times: list[float] = []
    while len(times) < 3 or (sum(times) < budget and len(times) < 20):
        gc.collect()
        if not collector:
            gc.disable()
        try:
            start = time.perf_counter()
            function()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", type=Path, default=DEFAULT_PAGE)
    parser.add_argument("--sizes", default="1,10,100", help="comma-separated factors")
    options = parser.parse_args()
    factors = [int(item) for item in options.sizes.split(",")]
    base = options.page.read_text(encoding="utf-8")
    print(f"page: {options.page.name}; x: the ratio to the row above (linear: time x = size x)")
    print(
        f"{'format':<10}{'size':>6}{'models':>8}{'kB':>8}{'size x':>8}{'ms':>9}{'time x':>8}"
        f"{'ms/kB':>7}{'ms no gc':>10}{'time x':>8}"
    )
    formats: tuple[PageFormat, ...] = ("markdown", "html")
    for page_format in formats:
        previous: tuple[int, float, float] | None = None
        for factor in factors:
            markdown = scaled_page(base, factor)
            text = markdown if page_format == "markdown" else render_html(markdown)
            content = text.encode("utf-8")
            models = len(read_page(content, page_format=page_format).content.models)
            parse = partial(read_page, content, page_format=page_format)
            seconds = best_seconds(parse, collector=True)
            bare = best_seconds(parse, collector=False)
            size, time_x, bare_x = (
                (len(content) / previous[0], seconds / previous[1], bare / previous[2])
                if previous
                else (1.0, 1.0, 1.0)
            )
            previous = (len(content), seconds, bare)
            print(
                f"{page_format:<10}{factor:>5}x{models:>8}{len(content) / 1000:>8.1f}{size:>8.1f}"
                f"{seconds * 1000:>9.1f}{time_x:>8.1f}{seconds * 1e6 / len(content):>7.3f}"
                f"{bare * 1000:>10.1f}{bare_x:>8.1f}"
            )


if __name__ == "__main__":
    main()
