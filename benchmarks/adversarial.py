"""Every pattern that reads page text, against 1 MB lines crafted to make it backtrack.

    python benchmarks/adversarial.py [--size 1000000]

A regular expression that backtracks turns one crafted line into hours of parsing (`<Note`
and 80,000 spaces took 41 s before it was rewritten). This feeds each compiled pattern of the
page-reading modules (found by walking them, so a new one is included without listing it),
the date patterns, and the hand-written readers that replaced patterns, each of
the crafted lines below, and prints the slowest time per pattern and which line it was.
Linear code reads 1 MB in milliseconds; a quadratic pattern would take hours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import re
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import Figure
from scraper.errors import PageParseError
from scraper.fetch.pages import has_markdown_table
from scraper.read import dates
from scraper.read.chrome import widget
from scraper.read.document import clean_heading, gloss_after_term
from scraper.read.extract import fold_id, id_problem, model_id
from scraper.read.lifecycle import LifecycleWords
from scraper.read.markdown import _mdx_tag, drop_mdx_comments, end_tables
from scraper.read.notes import retirement_date
from scraper.read.related import _row_kind, split_status_mark
from scraper.read.visible import OpenElements, _sheet_rules, inline_look, jsx_to_html
from scraper.read.vocabulary import term_variants
from scraper.track.plausibility import near

# The modules that read the page's text (the fetch check, both parsers, the extractor, the
# platform pages' reader) and the resolver, which reads ids from users' code.
PAGE_MODULES = (
    "scraper.read.document",
    "scraper.read.dates",
    "scraper.read.vocabulary",
    "scraper.read.language",
    "scraper.read.extract",
    "scraper.fetch.pages",
    "scraper.fetch.http",
    "scraper.read.parse",
    "scraper.read.markdown",
    "scraper.read.html",
    "scraper.read.ending",
    "scraper.read.related",
    "scraper.read.chrome",
    "scraper.read.notes",
    "scraper.read.visible",
    "scraper.read.lifecycle",
    "scraper.track.plausibility",
    "scraper.answers.resolve",
)
# Crafted lines: long runs that a pattern may try from every position, or give back one
# character at a time (spaces after a tag or number, unclosed brackets, repeated prefixes).
SHAPES: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: " " * n,
    "spaces then x": lambda n: " " * (n - 1) + "x",
    "<Note + spaces": lambda n: "<Note" + " " * (n - 5),
    "repeated {#": lambda n: "{#" * (n // 2),
    "repeated (": lambda n: "(" * n,
    "repeated ( + space": lambda n: "( " * (n // 2),
    "letters": lambda n: "a" * n,
    "a- repeated": lambda n: "a-" * (n // 2),
    "digits": lambda n: "1" * n,
    "digit + spaces": lambda n: "1" + " " * (n - 1) + "x",
    "1 de repeated": lambda n: "1 de " * (n // 5),
    "june + spaces": lambda n: "june" + " " * (n - 5) + "x",
    "year + spaces": lambda n: "2025" + " " * (n - 5) + "年",
    "iso date + spaces": lambda n: "2025-01-01" + " " * (n - 11) + "x",
    "| + spaces": lambda n: "|" + " " * (n - 2) + "x",
    "tabs then x": lambda n: "\t" * (n - 1) + "x",
    "|-: repeated then x": lambda n: "|-:" * (n // 3) + "x",
    "backslashes": lambda n: "\\" * n,
    "<": lambda n: "<" * n,
    "claude- repeated": lambda n: "claude-" * (n // 7),
    "word + spaces + words": lambda n: "a" + " " * (n - 4) + "b x",
    "digits then x": lambda n: "1" * (n - 1) + "x",
    # Raw HTML and styles: tags never closed, end tags closing nothing, endless declarations.
    "<a repeated": lambda n: "<a " * (n // 3),
    "<a> then </b>": lambda n: "<a>" * (n // 6) + "</b>" * (n // 8),
    "<span hidden> repeated": lambda n: "<span hidden>" * (n // 13),
    "style={{ repeated": lambda n: "style={{" * (n // 8),
    "{/* repeated": lambda n: "{/*" * (n // 3),
    "{/* */} lines": lambda n: "a {/* b */} c {/*\n" * (n // 16),
    "declarations repeated": lambda n: "display:none;" * (n // 13),
    # History notes: a date and a retired word in every clause, or every sentence.
    "dated clauses": lambda n: "retired January 1, 2026, will " * (n // 30),
    "CJK dated clauses": lambda n: "2026年1月1日停用，" * (n // 12),
    # Many rows of one table, then a line that is not a row.
    "table rows then x": lambda n: "| a |\n|---|\n" + "| b |\n" * (n // 6) + "x\n",
}


def _module_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for name in PAGE_MODULES:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            values = value if isinstance(value, tuple) else (value,)
            for index, item in enumerate(values):
                if isinstance(item, re.Pattern) and isinstance(item.pattern, str):
                    suffix = f"[{index}]" if isinstance(value, tuple) else ""
                    yield f"{name.removeprefix('scraper.')}.{attribute}{suffix}", item


# Every language's date pattern has the same shape (digits, joiners, a month name); English's
# own months and the one of all languages' months cover them.
DATE_LOCALES = ("en",)


def _date_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    for locale in DATE_LOCALES:
        for index, (pattern, _names) in enumerate(dates._patterns(locale)):
            which = "own months" if index == 0 else "all months"
            yield f"dates word-month ({locale}, {which})", pattern


def _all_matches(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


def readers() -> dict[str, Callable[[str], Any]]:
    """Every page-text pattern and hand-written reader, as a function of one line."""
    found: dict[str, Callable[[str], Any]] = {}
    for name, pattern in [*_module_patterns(), *_date_patterns()]:
        found[name] = partial(_all_matches, pattern)
    found |= {
        "document.clean_heading": clean_heading,
        "vocabulary.term_variants": term_variants,
        "markdown._mdx_tag": _mdx_tag,
        "fetch.has_markdown_table": has_markdown_table,
        "extract.model_id": model_id,
        "extract.fold_id": fold_id,
        "extract.id_problem": id_problem,
        "related.split_status_mark": split_status_mark,
        "related._row_kind": _row_kind,
        "dates.find_dates (en)": lambda text: dates.find_dates(text, "en"),
        "dates.find_dates (zh-CN)": lambda text: dates.find_dates(text, "zh-CN"),
        "chrome.widget": widget,
        "document.gloss_after_term": gloss_after_term,
        "lifecycle.status (ja)": partial(_status, LifecycleWords("ja", None)),
        "lifecycle.status (en, page terms)": partial(
            _status, LifecycleWords("en", ("Active", "Legacy", "Deprecated", "Retired"))
        ),
        "markdown.end_tables": end_tables,
        "markdown.drop_mdx_comments": drop_mdx_comments,
        "notes.retirement_date (en)": partial(_retired, locale="en", words=("retired",)),
        "notes.retirement_date (zh-CN)": partial(_retired, locale="zh-CN", words=("停用",)),
        "visible.tags (OpenElements.feed)": lambda text: OpenElements().feed(text),
        "visible.inline_look": lambda text: inline_look.__wrapped__(text),
        "visible.sheet_rules": lambda text: list(_sheet_rules(text)),
        "visible.jsx_to_html": jsx_to_html,
        "plausibility.near": lambda text: near(text, text[::-1]),
    }
    return found


def _status(words: LifecycleWords, text: str) -> object:
    try:
        return words.status(text)
    except PageParseError:
        return None


def _retired(text: str, *, locale: str, words: tuple[str, ...]) -> object:
    return retirement_date(text, dt.date(2000, 1, 1), frozenset(words), locale)


def slowest(reader: Callable[[str], Any], size: int) -> tuple[float, str]:
    """The slowest crafted line for one reader: seconds and the line's shape."""
    worst = (0.0, "")
    for shape, make in SHAPES.items():
        text = make(size)
        started = time.perf_counter()
        reader(text)
        worst = max(worst, (time.perf_counter() - started, shape))
    return worst


def figures(small: int = 100_000, large: int = 1_000_000) -> list[Figure]:
    """The run_all.py figure: for every reader, its worst crafted line at 100 kB, then that line
    at 1 MB; linear code takes ten times as long for ten times the text."""
    worst_step, worst_name, worst_seconds = 0.0, "", 0.0
    for name, reader in readers().items():
        small_seconds, shape = slowest(reader, small)
        text = SHAPES[shape](large)
        started = time.perf_counter()
        reader(text)
        large_seconds = time.perf_counter() - started
        # Below a millisecond the step is the timer's noise, not the pattern's.
        step = large_seconds / max(small_seconds, 1e-3)
        if step > worst_step:
            worst_step, worst_name, worst_seconds = step, f"{name}, {shape!r}", large_seconds
    return [
        Figure(
            f"1 MB crafted line, steepest reader ({worst_name}: {worst_seconds:.2f} s)",
            worst_step,
            large / small,
            "x",
            2,
            "size step",
        )
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters per line")
    size = parser.parse_args().size
    print(f"{'pattern':<48} {'slowest':>9}  crafted line ({size:,} characters)")
    total = 0.0
    for name, reader in readers().items():
        seconds, shape = slowest(reader, size)
        total += seconds
        print(f"{name:<48} {seconds * 1000:>7.1f} ms  {shape}")
    print(f"{'all of them, every line':<48} {total:>7.2f} s")


if __name__ == "__main__":
    main()
