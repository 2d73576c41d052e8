"""Time to parse one page, Markdown and HTML, next to the libraries underneath alone.

    python benchmarks/parse.py [--repeat N]

Prints, per saved page and on average, milliseconds per page for: markdown-it-py alone,
our Markdown parse + extract, lxml.html alone, our HTML parse + extract.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from lxml import html as lxml_html

from scraper.read.extract import read_page
from scraper.read.markdown import markdown_parser, render_html

PAGES = Path(__file__).parent.parent / "tests" / "fixtures" / "pages"


def per_call_ms(function: Callable[[], object], repeat: int) -> float:
    """Best of five rounds of `repeat` calls, in milliseconds per call (least noisy figure)."""
    function()  # warm caches (Babel locale data, compiled patterns)
    rounds = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(repeat):
            function()
        rounds.append((time.perf_counter() - start) / repeat * 1000)
    return min(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    print(
        f"{'page':<28}{'kB md':>7}{'md-it':>8}{'ours md':>9}"
        f"{'kB html':>9}{'lxml':>8}{'ours html':>11}"
    )
    columns: list[list[float]] = [[], [], [], []]
    for page in sorted(PAGES.glob("*.md")):
        markdown = page.read_bytes()
        text = markdown.decode()
        html = render_html(text).encode()
        figures = [
            per_call_ms(partial(markdown_parser().parse, text), repeat),
            per_call_ms(partial(read_page, markdown, page_format="markdown"), repeat),
            per_call_ms(partial(lxml_html.document_fromstring, html), repeat),
            per_call_ms(partial(read_page, html, page_format="html"), repeat),
        ]
        for column, figure in zip(columns, figures, strict=True):
            column.append(figure)
        print(
            f"{page.stem:<28}{len(markdown) / 1000:>7.1f}{figures[0]:>8.2f}{figures[1]:>9.2f}"
            f"{len(html) / 1000:>9.1f}{figures[2]:>8.2f}{figures[3]:>11.2f}"
        )
    means = [statistics.mean(column) for column in columns]
    print(
        f"{'mean (ms per page)':<28}{'':>7}{means[0]:>8.2f}{means[1]:>9.2f}"
        f"{'':>9}{means[2]:>8.2f}{means[3]:>11.2f}"
    )
    print(
        f"overhead over the library alone: Markdown x{means[1] / means[0]:.1f}, "
        f"HTML x{means[3] / means[2]:.1f}"
    )


if __name__ == "__main__":
    main()
