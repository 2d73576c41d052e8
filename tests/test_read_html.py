"""The HTML reader on lxml (#29): a page's own style sheets matched as a browser matches
them, what lxml's tree keeps (text after a removed element, characters XML has no place for),
documents with nothing to read, and front matter no YAML reader can nest.

The hiding means themselves are test_reading.py's; these are the cases the move from
BeautifulSoup to lxml could change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.errors import ExitCode
from scraper.read.document import Paragraph, Table
from scraper.read.extract import read_page
from scraper.read.html import fragment_blocks, parse_html
from scraper.read.markdown import render_html
from tests.conftest import PAGES

EN_PAGE = PAGES / "en--59934005988.md"
ROW = "<tr>\n<td>claude-opus-4-7</td>\n<td>Active</td>"
GHOST = '<tr class="stale"><td>claude-ghost-1</td><td>Active</td><td>N/A</td><td>N/A</td></tr>\n'


def _page_with(sheet: str) -> bytes:
    """The English page rendered to HTML, a stale row (class `stale`) before the real one,
    and a style sheet."""
    html = render_html(EN_PAGE.read_text(encoding="utf-8"))
    assert ROW in html
    html = html.replace(ROW, GHOST + ROW).replace("<body>", f"<body><style>{sheet}</style>")
    return html.encode()


def _models(content: bytes) -> set[str]:
    return {model.model for model in read_page(content, locale="en").content.models}


@pytest.mark.parametrize(
    "sheet",
    [
        "tbody > tr.stale { display: none }",
        ":is(thead, tbody) .stale { display: none }",
        "table :where(.stale) { visibility: hidden }",
        "tr:not(.current, .live).stale { opacity: 0 }",
        "tbody:has(> .stale) .stale { display: none }",
        "tr:nth-child(1 of .stale) { display: none }",
        "TR.stale { DISPLAY: NONE }",
        ".stale { display: block } .stale { display: none }",  # the later rule wins
        "@media screen { .stale { display: none } } .x::before { display: none }",
        ".stale { display: none",  # never closed: a browser closes it at the end of the sheet
    ],
)
def test_a_style_sheet_hides_what_its_selector_selects(sheet: str) -> None:
    """Selectors of CSS level 4 (`:is`, `:where`, `:not` of a list, `:has`, `of S`) select
    as in a browser: the stale row they hide is not read."""
    assert "claude-ghost-1" not in _models(_page_with(sheet))


@pytest.mark.parametrize(
    "sheet",
    [
        ".stale::before { display: none }",  # styles a box before the row, not the row
        ".stale:-soup-contains('ghost') { display: none }",  # no browser knows this
        ".stale:hover { display: none }",  # only while a pointer is over it
        ".stale { display: none } .stale { display: table-row }",  # the later rule shows it
        "@media (min-width: 2000px) { .stale { display: none } }",  # only on some screens
    ],
)
def test_a_rule_a_browser_does_not_apply_to_the_row_hides_nothing(sheet: str) -> None:
    """A pseudo-element, a selector no browser supports, a state, a rule overridden or under
    a condition: a reader sees the row, so it is read."""
    assert "claude-ghost-1" in _models(_page_with(sheet))


def test_text_around_a_hidden_element_is_read_whatever_characters_it_holds() -> None:
    """The text after a removed element stays, control characters and form feeds in it or
    not (lxml refuses them when the text is moved: they are read as nothing and a space)."""
    blocks = fragment_blocks("<p>a\x01<span hidden>x</span>b\x0c<span hidden>y</span>c</p>")
    assert blocks == [Paragraph("ab c")]
    cells = fragment_blocks("<table><tr><td>A\x02<del>B</del>\x0bC</td></tr></table>")
    assert cells == [Table((), (("A C",),))]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "<!DOCTYPE html>",
        "<!-- only a comment -->",
        "<html hidden><body><p>Active</p></body></html>",
        "<head><title>Model deprecations</title></head>",
    ],
)
def test_a_document_with_nothing_to_show_reads_as_no_content(text: str) -> None:
    """No body, nothing visible, only a doctype: no block (a doctype is not text)."""
    assert parse_html(text).document.sections == ()


def test_a_declared_encoding_does_not_change_how_decoded_text_is_read() -> None:
    """The text is decoded already: `<?xml encoding?>` or `<meta charset>` cannot make lxml
    read it again in another encoding, nor refuse it."""
    for head in ('<?xml version="1.0" encoding="iso-8859-1"?>', '<meta charset="shift_jis">'):
        page = parse_html(f"{head}<html><body><p>Übersicht 中文</p></body></html>")
        assert page.document.sections[0].paragraphs == ("Übersicht 中文",)


def test_an_xml_document_given_as_html_is_a_clean_error(tmp_path: Path) -> None:
    """An Atom feed passed to `parse` is no page: exit 3 and one line, no traceback."""
    feed = tmp_path / "feed.html"
    feed.write_text('<?xml version="1.0" encoding="utf-8"?><feed><title>x</title></feed>')
    result = CliRunner().invoke(cli, ["parse", str(feed)])
    assert result.exit_code == ExitCode.REJECTED
    assert result.output.startswith("error: ") and "Traceback" not in result.output


def test_front_matter_nested_thousands_deep_is_page_text_not_a_crash(tmp_path: Path) -> None:
    """YAML that nests past any reader's depth is no front matter: the page is read without
    it (here: rejected for having no status table), never an internal error."""
    page = tmp_path / "en.md"
    nested = "[" * 5000 + "]" * 5000
    page.write_text(f"---\ntitle: {nested}\n---\n\n# Model deprecations\n\nNo table here.\n")
    result = CliRunner().invoke(cli, ["parse", str(page)])
    assert result.exit_code == ExitCode.REJECTED, result.output
    assert "no model status table" in result.output
