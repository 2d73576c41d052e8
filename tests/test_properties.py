"""Whatever the page becomes, the parser answers with records or with its own parse error.

Hypothesis mutates the real saved pages (rows shuffled, cells dropped, random Unicode, huge
cells, deep nesting of lists, quotes, MDX and HTML tags, random bytes, truncation), as Markdown
and rendered to HTML. Any other exception would end a run as an internal error instead of a
rejected page. The records that come out must survive the trip to JSON and back, and hold no
character an Atom feed cannot carry. Last, the parse does linear work in the page's size.
"""

from __future__ import annotations

import cProfile
import pstats
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.scaling import scaled_page
from scraper.errors import PageParseError
from scraper.read.extract import read_page
from scraper.read.html import MAX_DEPTH
from scraper.read.markdown import render_html
from scraper.records import PageFormat, PageRecords, dumps
from tests.conftest import page_fixtures

PAGES = {path.stem: path.read_text(encoding="utf-8") for path in page_fixtures()}
SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Characters XML 1.0 cannot carry (lxml refuses them in an Atom feed).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_TABLE_ROW = re.compile(r"^\|.*\|[ \t]*$", re.MULTILINE)
_DELIMITER = re.compile(r"^\|[ :|-]+\|[ \t]*$")

Draw = st.DrawFn
Mutation = Callable[[Draw, str], str]


def _lines(page: str) -> list[str]:
    return page.split("\n")


def shuffle_rows(draw: Draw, page: str) -> str:
    """Every table's data rows in another order (header and delimiter stay on top)."""
    lines = _lines(page)
    start = 0
    while start < len(lines):
        if not _DELIMITER.match(lines[start]):
            start += 1
            continue
        end = start + 1
        while end < len(lines) and _TABLE_ROW.match(lines[end]):
            end += 1
        lines[start + 1 : end] = draw(st.permutations(lines[start + 1 : end]))
        start = end
    return "\n".join(lines)


def drop_cells(draw: Draw, page: str) -> str:
    """Some table rows lose a cell (rows shorter than the header)."""
    lines = _lines(page)
    rows = [index for index, line in enumerate(lines) if _TABLE_ROW.match(line)]
    for index in draw(st.lists(st.sampled_from(rows), max_size=8)) if rows else []:
        cells = lines[index].strip().strip("|").split("|")
        del cells[draw(st.integers(0, len(cells) - 1))]
        lines[index] = "|" + "|".join(cells) + "|"
    return "\n".join(lines)


def insert_text(draw: Draw, page: str) -> str:
    """Random Unicode (controls, combining marks, RTL, astral planes...) anywhere."""
    position = draw(st.integers(0, len(page)))
    text = draw(st.text(st.characters(codec="utf-8"), min_size=1, max_size=40))
    return page[:position] + text + page[position:]


def huge_cell(draw: Draw, page: str) -> str:
    """One table cell grows to tens of thousands of characters."""
    lines = _lines(page)
    rows = [index for index, line in enumerate(lines) if _TABLE_ROW.match(line)]
    if not rows:
        return page
    index = draw(st.sampled_from(rows))
    unit = draw(
        st.sampled_from(["x", "1 ", "June 30, 2025 ", "年", "`", "|", "*", "&lt;", "2025-"])
    )
    cells = lines[index].strip().strip("|").split("|")
    cells[draw(st.integers(0, len(cells) - 1))] = unit * draw(st.integers(1_000, 40_000))
    lines[index] = "|" + "|".join(cells) + "|"
    return "\n".join(lines)


def deep_nesting(draw: Draw, page: str) -> str:
    """Lists, quotes, MDX callouts or HTML elements nested deep, at a line start."""
    # Shallow like a real page, or deep enough to exhaust a recursive walker's stack.
    depth = draw(st.integers(1, 40) | st.integers(400, 1200))
    block = draw(
        st.sampled_from(
            [
                ">" * depth + " quoted",
                "\n".join("  " * level + "- item" for level in range(depth)),
                "<Note>\n" * depth + "text\n" + "</Note>\n" * draw(st.integers(0, depth)),
                "<div>" * depth + "text" + "</div>" * draw(st.integers(0, depth)),
                "*" * depth + "emphasis" + "*" * depth,
                "[" * depth + "link" + "]" * depth + "(javascript:x)",
            ]
        )
    )
    lines = _lines(page)
    position = draw(st.integers(0, len(lines)))
    return "\n".join([*lines[:position], "", block, "", *lines[position:]])


def delete_lines(draw: Draw, page: str) -> str:
    lines = _lines(page)
    start = draw(st.integers(0, len(lines)))
    end = draw(st.integers(start, min(len(lines), start + 30)))
    return "\n".join(lines[:start] + lines[end:])


MUTATIONS: tuple[Mutation, ...] = (
    shuffle_rows,
    drop_cells,
    insert_text,
    huge_cell,
    deep_nesting,
    delete_lines,
)


def damage_bytes(draw: Draw, content: bytes) -> bytes:
    """Random bytes over a stretch of the page, or the page cut short (maybe mid-character)."""
    position = draw(st.integers(0, len(content)))
    if draw(st.booleans()):
        return content[:position]
    return content[:position] + draw(st.binary(min_size=1, max_size=64)) + content[position:]


@st.composite
def mutated_pages(draw: Draw, page_format: PageFormat) -> bytes:
    """A real page, mutated, rendered to `page_format`, maybe damaged as bytes after that."""
    page: str = PAGES[draw(st.sampled_from(sorted(PAGES)))]
    for mutate in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        page = mutate(draw, page)
    content = (page if page_format == "markdown" else render_html(page)).encode("utf-8")
    return damage_bytes(draw, content) if draw(st.booleans()) else content


def assert_records_or_parse_error(content: bytes, page_format: PageFormat) -> None:
    """The parser's contract with the run: records it can store, or a one-line PageParseError."""
    try:
        reading = read_page(content, page_format=page_format)
    except PageParseError as error:
        message = str(error)
        assert message and "\n" not in message and len(message) < 300
        return
    records = PageRecords.of(reading.content, reading.source)
    assert PageRecords.model_validate_json(dumps(records)) == records
    published = records.model_dump(include={"models", "announcements", "tables", "status_columns"})
    assert not [text for text in _strings(published) if _NOT_XML.search(text)]


def _strings(value: Any) -> Iterator[str]:
    """Every string in a dumped document, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


@pytest.mark.slow  # hundreds of generated pages
@SETTINGS
@given(content=mutated_pages("markdown"))
def test_mutated_markdown_gives_records_or_a_parse_error(content: bytes) -> None:
    """Markdown: any mutation of a real page parses, or fails with PageParseError only."""
    assert_records_or_parse_error(content, "markdown")


@pytest.mark.slow  # hundreds of generated pages
@SETTINGS
@given(content=mutated_pages("html"))
def test_mutated_html_gives_records_or_a_parse_error(content: bytes) -> None:
    """HTML: the mutated page rendered as the docs site would, maybe damaged after rendering."""
    assert_records_or_parse_error(content, "html")


@settings(max_examples=60, deadline=None)
@given(content=st.binary(max_size=2_000) | st.text(max_size=500).map(str.encode))
@pytest.mark.parametrize("page_format", ["markdown", "html"])
def test_arbitrary_input_gives_records_or_a_parse_error(
    content: bytes, page_format: PageFormat
) -> None:
    """Not a page at all (random bytes, random text): a parse error, never a crash."""
    assert_records_or_parse_error(content, page_format)


@pytest.mark.parametrize("page_format", ["markdown", "html"])
def test_nesting_just_under_the_limit_is_read_and_over_it_refused(page_format: PageFormat) -> None:
    """HTML nested MAX_DEPTH - 1 deep still parses; deeper is refused, not a RecursionError."""
    page = PAGES["en--59934005988"]
    heading = page.index("## Model status")

    def nested(depth: int) -> bytes:
        if page_format == "markdown":
            block = "<div>" * depth + "\n\n"
            return (page[:heading] + block + page[heading:]).encode()
        return f"<!DOCTYPE html><html><body>{'<div>' * depth}{render_html(page)}".encode()

    # The HTML page's own body and the table cells add their levels to the nesting.
    assert len(read_page(nested(MAX_DEPTH - 10), page_format=page_format).content.models) == 17
    with pytest.raises(PageParseError, match="nests elements more than"):
        read_page(nested(MAX_DEPTH * 20), page_format=page_format)


def _calls(content: bytes, page_format: PageFormat) -> int:
    profile = cProfile.Profile()
    profile.enable()
    read_page(content, page_format=page_format)
    profile.disable()
    calls: int = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
    return calls


@pytest.mark.parametrize("page_format", ["markdown", "html"])
def test_parse_work_grows_linearly_with_the_page(page_format: PageFormat) -> None:
    """Each repeat of the rows and history costs the same function calls: no quadratic step."""
    # Calls, not seconds: deterministic on any machine. benchmarks/scaling.py measures time.

    def page(factor: int) -> bytes:
        markdown = scaled_page(PAGES["en--59934005988"], factor)
        return (markdown if page_format == "markdown" else render_html(markdown)).encode()

    read_page(page(1), page_format=page_format)  # warm the caches (Babel, compiled patterns)
    once, twice, eight = (_calls(page(factor), page_format) for factor in (1, 2, 8))
    assert eight == pytest.approx(twice + 6 * (twice - once), rel=0.02)
