"""Read every real page, and only what a reader sees (#24).

Real copies must not be refused for what a crawler or the docs site put around them (site
chrome after the content, a footer line glued to a table) or for glossing a term otherwise
than our built-in words; and what no reader sees (hidden rows, cells, spans), struck-out
text, a cell that is not a lifecycle word, a mistyped id, a date a history note only
mentions, a platform id listed twice must never be published.
"""

# The local docs server's fixtures come from the fault matrix; using a fixture by name
# reads to ruff as redefining the imported function.
# ruff: noqa: F811

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.errors import PageParseError
from scraper.fetch.sources import RELATED_BY_NAME
from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.read.related import read_related_page
from scraper.records import ModelStatus, Status
from scraper.track.diff import diff_pages
from scraper.track.guard import check_page, check_related_page
from scraper.track.plausibility import near
from tests.test_faults import (  # noqa: F401 (pytest fixtures used by name)
    Docs,
    Reply,
    docs,
    fixture_page,
    no_real_sleeps,
    run,
    snapshots,
    stored,
)

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = sorted((FIXTURES / "pages").glob("*.md"))


def _models(content: bytes, locale: str) -> dict[str, tuple[object, ...]]:
    records = read_page(content, locale=locale).content
    return {m.model: _row(m) for m in records.models}


def _row(model: ModelStatus) -> tuple[object, ...]:
    return (model.status, model.deprecated_on, model.retires_on, model.retires_on_qualifier)


def _locale(path: Path) -> str:
    return path.name.split("--")[0]


def _no_change(docs: Docs, snapshots: Path) -> None:
    before = {name: data for name, data in stored(snapshots).items() if name != "state.json"}
    result = run(docs, snapshots)
    assert (result.exit_code, result.output) == (0, "no changes\n"), result.output
    after = {name: data for name, data in stored(snapshots).items() if name != "state.json"}
    assert after == before


def _refused(docs: Docs, snapshots: Path, line: str | re.Pattern[str], *extra: str) -> None:
    before = stored(snapshots)
    result = run(docs, snapshots, *extra)
    assert (result.exit_code, result.stdout) == (3, ""), result.output
    (error,) = result.stderr.splitlines()
    if isinstance(line, str):
        assert error == "error: " + line
    else:
        assert line.fullmatch(error.removeprefix("error: ")), error
    assert stored(snapshots) == before


# 1. Site chrome after the content is not content, and does not make a whole page look cut.

CHROME = {
    "feedback, links, assistant, table of contents": (
        "Was this page helpful?\n\nYesNo\n\n"
        "[Models overview](/docs/en/about-claude/models/overview)[Pricing](/docs/en/pricing)\n\n"
        "[x](https://x.com/AnthropicAI)[linkedin](https://www.linkedin.com/company/anthropic)\n\n"
        "Assistant\n\nResponses are generated using AI and may contain mistakes.\n\n"
        "On this page\n\n* [Overview](#overview)\n* [Model status](#model-status)\n"
    ),
    "ends with its label": "Was this page helpful?\n\nYes No\n\nOn this page\n",
    "widget on one line": "Was this page helpful? Yes No\n\nOn this page\n",
    "footer columns": (
        "---\n\n### Company\n\n- [Anthropic](https://www.anthropic.com/company)\n"
        "- [Careers](https://www.anthropic.com/careers)\n\n### Help and security\n\n"
        "- [Status](https://status.claude.com/)\n\n© 2026 Anthropic PBC\n"
    ),
    "last updated": "Last updated March 3, 2026\n",
    "navigation and cookies": (
        "Edit this page on GitHub\n\n← Pricing\n\nNext: Models overview\n\n"
        "We use cookies to improve your experience.\n\nAccept all\n\nReject all\n"
    ),
    "translated widget": "此页面对您有帮助吗？\n\n是否\n\n本页内容\n",
    "links between separators": (
        "[Privacy](https://www.anthropic.com/legal/privacy) · [Terms]"
        "(https://www.anthropic.com/legal/commercial-terms) | [Status](https://status.claude.com/)\n"
    ),
}


@pytest.mark.parametrize("chrome", CHROME)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_site_chrome_after_the_content_changes_nothing(page: Path, chrome: str) -> None:
    """A crawler's copy with the docs site's footer after the content reads as the page."""
    text = page.read_text(encoding="utf-8")
    whole = read_page(text.encode(), locale=_locale(page)).content
    with_chrome = text.rstrip("\n") + "\n\n" + CHROME[chrome]
    read = read_page(with_chrome.encode(), locale=_locale(page)).content
    assert read.model_copy(update={"title": None}) == whole.model_copy(update={"title": None})


@pytest.mark.parametrize(
    "glued",
    [
        "Responses are generated using AI and may contain mistakes.",
        "Assistant\n\nResponses are generated using AI and may contain mistakes.",
        "Was this page helpful?",
        "Was this page helpful? | Yes | No",
        "[Privacy](https://www.anthropic.com/legal/privacy) | [Terms](https://www.anthropic.com/t)",
    ],
)
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_a_footer_line_glued_to_the_content_changes_nothing(page: Path, glued: str) -> None:
    """The footer's first line right after the last table or sentence, no blank line: not a
    row of the table, not the end of a sentence."""
    text = page.read_text(encoding="utf-8")
    whole = read_page(text.encode(), locale=_locale(page)).content
    read = read_page((text.rstrip("\n") + "\n" + glued + "\n").encode(), locale=_locale(page))
    assert read.content.model_copy(update={"title": None}) == whole.model_copy(
        update={"title": None}
    )


def test_crawled_copies_with_chrome_publish_nothing(docs: Docs, snapshots: Path) -> None:
    """Both served languages with a footer after the content: exit 0, no change."""
    for locale, chrome in (("en", "ends with its label"), ("zh-CN", "translated widget")):
        docs.serve_page(locale, fixture_page(locale).rstrip("\n") + "\n\n" + CHROME[chrome])
    _no_change(docs, snapshots)


def test_the_content_before_the_chrome_is_still_judged(docs: Docs, snapshots: Path) -> None:
    """A page cut inside its last table, with a footer after the cut: still cut."""
    page = fixture_page("en")
    cut = page[: page.index("| `temperature`") + 40]
    docs.serve_page("en", cut + "\n\nWas this page helpful?\n\nYes No\n\nOn this page\n")
    _refused(
        docs,
        snapshots,
        re.compile(r"en: rejected by the completeness check: the page ends inside a table row .*"),
    )


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.stem)
def test_a_page_with_chrome_cut_anywhere_near_its_end_changes_nothing(page: Path) -> None:
    """Every cut in the last fifth of each saved page with a footer after it: rejected (by
    the reader or the guard), or no change (a cut inside the chrome loses no content)."""
    locale = _locale(page)
    chrome = CHROME["feedback, links, assistant, table of contents"]
    content = (page.read_text(encoding="utf-8").rstrip("\n") + "\n" + chrome).encode()
    whole = read_page(content, locale=locale).content
    for offset in range(len(content) * 4 // 5, len(content), 19):
        try:
            cut = read_page(content[:offset], locale=locale).content
        except PageParseError:
            continue
        if check_page(whole, cut, accept_shrink=False).rejection is None:
            assert diff_pages(whole, cut) == [], content[:offset][-60:]


# 2. The page's own words outrank ours.


def _indonesian_glossed() -> tuple[bytes, dict[str, Status]]:
    """The Apr 2026 Indonesian page re-translated as a newer version says it: `Usang` is
    deprecated, and `Dihentikan` (deprecated in the older version) now means retired."""
    page = (FIXTURES / "pages" / "id--54626335572.md").read_text(encoding="utf-8")
    before = {m.model: m.status for m in read_page(page.encode(), locale="id").content.models}
    page = re.sub(r"\| Dihentikan(\s*)\|", r"| Usang     \1|", page)
    page = re.sub(r"\| Pensiun(\s*)\|", r"| Dihentikan\1|", page)
    page = page.replace("- **Aktif**:", "- **Active (Aktif)**:")
    page = page.replace("- **Warisan**:", "- **Legacy (Warisan)**:")
    page = page.replace("- **Dihentikan**:", "- **Deprecated (Usang)**:")
    page = page.replace("- **Pensiun**:", "- **Retired (Dihentikan)**:")
    return page.encode(), before


def test_a_term_glossed_in_english_means_what_the_english_says() -> None:
    """`Retired (Dihentikan)`: the retired models read as retired, with a warning that our
    Indonesian words said otherwise; nothing is rejected."""
    page, before = _indonesian_glossed()
    reading = read_page(page, locale="id")
    assert {m.model: m.status for m in reading.content.models} == before
    assert "retired" in before.values() and "deprecated" in before.values()
    assert reading.warnings == (
        "'Retired (Dihentikan)': the built-in id words read 'dihentikan' as deprecated",
    )


@pytest.mark.parametrize("form", ["**Retired** (Dihentikan):", "**Retired** （Dihentikan）："])
def test_a_gloss_after_the_bold_term_is_the_terms(form: str) -> None:
    """`**Retired** (Dihentikan):`, the gloss outside the bold as the Oct 2026 copy writes it,
    counts the same, in Markdown and in the rendered page."""
    page, before = _indonesian_glossed()
    text = page.decode().replace("**Retired (Dihentikan)**:", form)
    for content in (text.encode(), render_html(text).encode()):
        reading = read_page(content, locale="id")
        assert {m.model: m.status for m in reading.content.models} == before
        assert reading.content.status_words is not None
        assert reading.content.status_words.retired == "Retired"


def test_the_run_reads_the_page_as_it_says_and_warns(tmp_path: Path) -> None:
    """`run --from` with that page: exit 0, the statuses as the page defines them, one
    warning line naming the term."""
    saved = tmp_path / "saved"
    saved.mkdir()
    page, before = _indonesian_glossed()
    (saved / "id.md").write_bytes(page)
    snapshots = tmp_path / "snapshots"
    arguments = ["run", "--from", str(saved), "--snapshots", str(snapshots), "-q"]
    result = CliRunner().invoke(cli, [*arguments, "--as-of", "2026-10-10"])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: id: 'Retired (Dihentikan)': the built-in id words read 'dihentikan' as "
        "deprecated\n"
    )
    stored_page = json.loads((snapshots / "model-deprecations" / "id.json").read_text())
    assert {row["model"]: row["status"] for row in stored_page["models"]} == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda page: page.replace("| Dihentikan", "| Dihentikan (Deprecated)", 1),
            "lifecycle word 'Dihentikan (Deprecated)' contradicts itself ('dihentikan' is "
            "retired, 'deprecated' is deprecated)",
        ),
        (
            lambda page: page.replace("**Deprecated (Usang)**", "**Deprecated (Dihentikan)**"),
            "the lifecycle list defines 'dihentikan' as both deprecated and retired",
        ),
        (
            lambda page: page.replace("**Deprecated (Usang)**", "**Retired (Usang)**"),
            "the lifecycle list defines retired twice ('Retired (Usang)' and "
            "'Retired (Dihentikan)')",
        ),
    ],
)
def test_what_contradicts_the_page_itself_is_rejected(
    edit: Callable[[str], str], message: str
) -> None:
    """A cell glossing a word otherwise than the page's list, one word defined as two stages,
    two terms for one stage: the page contradicts itself."""
    page, _ = _indonesian_glossed()
    with pytest.raises(PageParseError) as error:
        read_page(edit(page.decode()).encode(), locale="id")
    assert (error.value.check, str(error.value)) == ("lifecycle-words", message) or (
        error.value.check == "lifecycle-words" and str(error.value).endswith(message)
    )


# 3. Only what a reader sees: hidden rows, bodies, cells and spans of the rendered page.

ROW = "<tr>\n<td>claude-opus-4-7</td>\n<td>Active</td>"
GHOST = "<td>claude-ghost-1</td><td>Active</td><td>N/A</td><td>N/A</td></tr>\n"
HIDDEN_HTML: dict[str, Callable[[str], str]] = {
    "tr hidden": lambda html: html.replace(ROW, f"<tr hidden>{GHOST}{ROW}"),
    "tr display:none": lambda html: html.replace(ROW, f'<tr style="display: none">{GHOST}{ROW}'),
    "tr visibility:collapse": lambda html: html.replace(
        ROW, f'<tr style="visibility:collapse !important">{GHOST}{ROW}'
    ),
    "tr aria-hidden": lambda html: html.replace(ROW, f'<tr aria-hidden="true">{GHOST}{ROW}'),
    "tr class hidden": lambda html: html.replace(ROW, f'<tr class="row hidden">{GHOST}{ROW}'),
    "tr sr-only": lambda html: html.replace(ROW, f'<tr class="sr-only">{GHOST}{ROW}'),
    "tr by a style sheet": lambda html: html.replace(
        "<body>", "<body><style>/* old */ tr.stale { display: none }</style>"
    ).replace(ROW, f'<tr class="stale">{GHOST}{ROW}'),
    "tbody hidden": lambda html: html.replace(
        "<tbody>", f"<tbody hidden><tr>{GHOST}</tbody><tbody>", 1
    ),
    "td hidden before the status": lambda html: html.replace(
        ROW, "<tr>\n<td>claude-opus-4-7</td><td hidden>Retired</td>\n<td>Active</td>"
    ),
    "td display:none before the status": lambda html: html.replace(
        ROW,
        '<tr>\n<td>claude-opus-4-7</td><td style="DISPLAY:NONE">Retired</td>\n<td>Active</td>',
    ),
    "span hidden in the status": lambda html: html.replace(
        ROW, "<tr>\n<td>claude-opus-4-7</td>\n<td><span hidden>Retired</span>Active</td>"
    ),
    "span opacity 0 in the status": lambda html: html.replace(
        ROW,
        '<tr>\n<td>claude-opus-4-7</td>\n<td><span style="opacity:0">Retired </span>Active</td>',
    ),
    "span off screen in the status": lambda html: html.replace(
        ROW,
        "<tr>\n<td>claude-opus-4-7</td>\n"
        '<td><span style="position:absolute;left:-10000px">Retired </span>Active</td>',
    ),
    "template": lambda html: html.replace(ROW, f"<template><tr>{GHOST}</template>{ROW}"),
    "a column collapsed by its col": lambda html: _with_collapsed_column(html),
    "tr by a style sheet for screens": lambda html: html.replace(
        "<body>", "<body><style>@media screen { .stale { visibility: hidden } }</style>"
    ).replace(ROW, f'<tr class="stale">{GHOST}{ROW}'),
}


def _with_collapsed_column(html: str) -> str:
    """The status table with a second column of stale statuses, collapsed by its `<col>`."""
    start = html.index("<table>")
    end = html.index("</table>", start)
    table = html[start:end].replace(
        "<table>", '<table><colgroup><col><col style="visibility: collapse"></colgroup>', 1
    )
    table = re.sub(r"(<tr>\n<t([hd])>[^<]*</t[hd]>\n)", r"\1<t\2>Retired</t\2>\n", table)
    return html[:start] + table + html[end:]


@pytest.mark.parametrize("how", HIDDEN_HTML)
def test_what_no_reader_sees_in_the_rendered_page_is_not_read(how: str) -> None:
    """A hidden row adds no model; a hidden cell shifts no column; a hidden word is no
    status: the records are the visible page's."""
    html = render_html(fixture_page("en"))
    assert ROW in html
    expected = _models(html.encode(), "en")
    assert _models(HIDDEN_HTML[how](html).encode(), "en") == expected


@pytest.mark.parametrize(
    "shown",
    [
        '<tr class="hidden md:table-row">',  # every desktop reader sees it
        '<tr hidden style="display: table-row">',  # the style outranks the attribute
        '<tr style="visibility: hidden; visibility: visible">',  # the last declaration wins
    ],
)
def test_a_row_a_reader_sees_is_read(shown: str) -> None:
    """Hidden by one means and shown by a stronger one: a reader sees it, so it is read."""
    html = render_html(fixture_page("en")).replace(ROW, f"{shown}{GHOST}{ROW}")
    assert "claude-ghost-1" in _models(html.encode(), "en")


STATUS_ROW = "| claude-opus-4-7            | Active        |"
HIDDEN_MARKDOWN: dict[str, Callable[[str], str]] = {
    "span hidden": lambda page: page.replace(
        STATUS_ROW, "| claude-opus-4-7 | <span hidden>Retired</span>Active |"
    ),
    "span display:none": lambda page: page.replace(
        STATUS_ROW, '| claude-opus-4-7 | <span style="display:none">Retired</span>Active |'
    ),
    "JSX style": lambda page: page.replace(
        STATUS_ROW, '| claude-opus-4-7 | <span style={{display: "none"}}>Retired</span>Active |'
    ),
    "JSX className": lambda page: page.replace(
        STATUS_ROW, '| claude-opus-4-7 | <span className="sr-only">Retired</span>Active |'
    ),
    "MDX comment in the status": lambda page: page.replace(
        STATUS_ROW, "| claude-opus-4-7 | {/* Retired */}Active |"
    ),
    "MDX comment holding an old row": lambda page: re.sub(
        f"^{re.escape(STATUS_ROW)}.*$",
        lambda row: row[0] + "\n{/* | claude-ghost-1 | Active | N/A | N/A |\n*/}",
        page,
        count=1,
        flags=re.M,
    ),
    "div hidden around a Markdown table": lambda page: page.replace(
        "## Model status",
        "<div hidden>\n\n| API model name | Current state | Deprecated | Retirement |\n"
        "| --- | --- | --- | --- |\n| claude-opus-4-7 | Retired | N/A | N/A |\n\n</div>\n\n"
        "## Model status",
    ),
    "details around a Markdown table": lambda page: page.replace(
        "## Model status",
        "<details>\n<summary>Older</summary>\n\n| API model name | Current state | Deprecated "
        "| Retirement |\n| --- | --- | --- | --- |\n| claude-ghost-1 | Active | N/A | N/A |\n\n"
        "</details>\n\n## Model status",
    ),
}


@pytest.mark.parametrize("how", HIDDEN_MARKDOWN)
def test_what_no_reader_sees_in_the_markdown_source_is_not_read(
    docs: Docs, snapshots: Path, how: str
) -> None:
    """The same hiding in the Markdown source (HTML and JSX, as MDX allows): no event."""
    page = fixture_page("en")
    assert STATUS_ROW in page
    docs.serve_page("en", HIDDEN_MARKDOWN[how](page))
    _no_change(docs, snapshots)


# 4. Struck-out text is not a value.

DATE_CELL = "Not sooner than April 16, 2027     |"
STRUCK = {
    "~~": "~~Not sooner than January 20, 2027~~ Not sooner than April 16, 2027 |",
    "~": "~Not sooner than January 20, 2027~ Not sooner than April 16, 2027 |",
    "<del>": "<del>Not sooner than January 20, 2027</del> Not sooner than April 16, 2027 |",
    "<s>": "<s>Not sooner than January 20, 2027</s> Not sooner than April 16, 2027 |",
    "<strike>": "<strike>Not sooner than January 20, 2027</strike>Not sooner than April 16, 2027|",
    "line-through": (
        '<span style="text-decoration: line-through red">Not sooner than January 20, 2027'
        "</span> Not sooner than April 16, 2027 |"
    ),
}


@pytest.mark.parametrize("how", STRUCK)
def test_a_struck_date_is_not_the_date(docs: Docs, snapshots: Path, how: str) -> None:
    """`~~January 20, 2027~~ April 16, 2027`: the date is the one not struck. No event."""
    page = fixture_page("en")
    assert DATE_CELL in page
    docs.serve_page("en", page.replace(DATE_CELL, STRUCK[how]))
    _no_change(docs, snapshots)


@pytest.mark.parametrize("how", STRUCK)
def test_a_struck_date_in_the_rendered_page_is_not_the_date(how: str) -> None:
    page = fixture_page("en")
    expected = _models(page.encode(), "en")
    html = render_html(page.replace(DATE_CELL, STRUCK[how]))
    assert _models(html.encode(), "en") == expected


# 5. A status word is a whole word.


def _synthetic(locale: str, cell: str) -> bytes:
    page = (FIXTURES / "synthetic" / f"{locale}.md").read_text(encoding="utf-8")
    row = next(line for line in page.splitlines() if line.startswith("| `claude-opus-4-6` |"))
    cells = row.split(" | ")
    return page.replace(row, " | ".join([cells[0], cell, *cells[2:]])).encode()


@pytest.mark.parametrize(
    ("locale", "cell"),
    [
        ("ja", "提供終了予定"),  # scheduled to end: holds 提供終了 (retired)
        ("ja", "廃止予定日未定"),
        ("ko", "서비스 종료 예정"),  # service end scheduled
        ("ko", "폐기될 예정"),
        ("ja", "まもなく廃止"),
    ],
)
def test_a_scheduled_phrase_is_no_status(locale: str, cell: str) -> None:
    """A known word inside a "scheduled" or future phrase is an unknown word: rejected."""
    with pytest.raises(PageParseError) as error:
        read_page(_synthetic(locale, cell), locale=locale)
    assert error.value.check == "lifecycle-words"
    assert str(error.value).startswith(f"unknown lifecycle word {cell!r}")


def test_a_chinese_about_to_stop_phrase_is_no_status(docs: Docs, snapshots: Path) -> None:
    """`即将停用` ("about to stop") on zh-CN: rejected, not read as retired."""
    page = fixture_page("zh-CN")
    row = next(line for line in page.splitlines() if line.startswith("| claude-opus-4-7 "))
    docs.serve_page("zh-CN", page.replace(row, row.replace("活跃", "即将停用", 1)))
    _refused(
        docs,
        snapshots,
        "zh-CN: rejected by the lifecycle-words check: unknown lifecycle word '即将停用' for "
        "model claude-opus-4-7",
    )


@pytest.mark.parametrize(
    ("locale", "cell", "status"),
    [
        ("ja", "廃止済みです", "retired"),
        ("ja", "非推奨となりました", "deprecated"),
        ("ko", "폐기 됨", "retired"),
        ("ko", "활성 상태", "active"),
    ],
)
def test_a_word_with_an_ending_of_its_language_is_read(locale: str, cell: str, status: str) -> None:
    """The closed list of endings still reads the words real pages inflect."""
    records = read_page(_synthetic(locale, cell), locale=locale).content
    assert {m.model: m.status for m in records.models}["claude-opus-4-6"] == status


# 6. Near-identical ids are look-alikes.

TYPOS = {
    "swapped letters": "claude-opsu-4-6",
    "a letter left out": "claude-ops-4-6",
    "a letter added": "claude-opuss-4-6",
    "two edits": "claude-opsu-4-66",
    "a dash left out": "claude-opus4-6",
    "a digit added": "claude-opus-4-66",
    "numbers swapped": "claude-opus-6-4",
}


@pytest.mark.parametrize("typo", TYPOS)
def test_a_mistyped_id_in_the_status_table_is_held(docs: Docs, snapshots: Path, typo: str) -> None:
    """`claude-opsu-4-6`: not a removal and a new model, but a look-alike held back."""
    written = TYPOS[typo]
    page = fixture_page("en").replace("| claude-opus-4-6 ", f"| {written} ", 1)
    docs.serve_page("en", page)
    _refused(
        docs,
        snapshots,
        "en: rejected by the look-alike check: a model was removed while a near-identical id "
        f"appeared: claude-opus-4-6 → {written}; pass --accept look-alike if that is real",
    )


def test_a_mistyped_id_in_the_history_is_held(docs: Docs, snapshots: Path) -> None:
    """The same in a history row: the entry left its section (the history check), and with
    that accepted, the look-alike still holds it."""
    page = fixture_page("en")
    row = "| April 20, 2026  | `claude-3-haiku-20240307` | `claude-haiku-4-5-20251001` |"
    assert row in page
    docs.serve_page("en", page.replace(row, row.replace("claude-3-haiku", "claude-3-hiaku")))
    _refused(
        docs,
        snapshots,
        "en: rejected by the history check: 1 models left their deprecation-history sections: "
        "claude-3-haiku-20240307 (2026-02-19); pass --accept-shrink if that is real",
    )
    _refused(
        docs,
        snapshots,
        "en: rejected by the look-alike check: a model was removed while a near-identical id "
        "appeared: claude-3-haiku-20240307 → claude-3-hiaku-20240307; pass --accept look-alike "
        "if that is real",
        "--accept-shrink",
    )


def test_a_mistyped_replacement_is_held(docs: Docs, snapshots: Path) -> None:
    page = fixture_page("en")
    row = "| April 20, 2026  | `claude-3-haiku-20240307` | `claude-haiku-4-5-20251001` |"
    docs.serve_page("en", page.replace(row, row.replace("`claude-haiku-4-5", "`claude-hauki-4-5")))
    _refused(
        docs,
        snapshots,
        "en: rejected by the look-alike check: a model was removed while a near-identical id "
        "appeared: claude-haiku-4-5-20251001 → claude-hauki-4-5-20251001; pass --accept "
        "look-alike if that is real",
    )


@pytest.mark.parametrize(
    ("removed", "added", "alike"),
    [
        ("claude-opus-4-6", "claude-opus-4-7", False),  # another version
        ("claude-opus-4-6", "claude-opus-5-6", False),
        ("claude-2.0", "claude-2.1", False),
        ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022", False),  # another date
        # A snapshot date an edit or two away is mistyped: dates are not version numbers.
        ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20251029", True),
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5-20251010", True),  # digits swapped
        ("claude-haiku-4-5-20251001", "claude-haiku-4-5-2025101", True),  # a digit left out
        ("claude-opus-4-6", "claude-opus-4-66", True),  # a digit added
        ("claude-opus-4-6", "claude-opus-4-16", True),
        ("claude-opus-4-6", "claude-opus-6-4", True),  # numbers swapped
        ("claude-opus-4-6", "claude-opus-5", False),
        ("claude-mythos-preview", "claude-mythos-5", False),
        ("claude-opus-4-6", "claude-opsu-4-6", True),
        ("claude-opus-4-6", "claude-opus-4.6", True),
        ("claude-haiku-4-5", "claude-haiku-4-5-v", True),
        ("claude-haiku-4-5", "claude-haiku-4-5-v1", False),  # three edits
    ],
)
def test_near_is_two_edits_but_not_a_new_version(removed: str, added: str, alike: bool) -> None:
    """Ids two edits apart are look-alikes; a version number changed for another is not."""
    assert near(removed, added) is alike


# 7. retired_on only from a note that says the models were retired.

SECTION = "### 2026-02-19: Claude Haiku 3 model"


def _with_note(page: str, heading: str, note: str) -> str:
    """The page with a note (a callout, as the page writes its retirement notes) first under
    a heading."""
    at = page.index("\n", page.index(heading))
    return page[:at] + f"\n\n<Note>\n{note}\n</Note>\n" + page[at:]


def _retired_on(page: str, locale: str, day: str) -> str | None:
    records = read_page(page.encode(), locale=locale).content
    section = next(a for a in records.announcements if str(a.announced_on) == day)
    return str(section.retired_on) if section.retired_on else None


MENTIONS = [
    "Since November 1, 2026, this model is no longer offered to new organizations.",
    "This model will be retired on November 1, 2026.",
    "Requests to this model fail since November 1, 2026, as announced.",
    "See the retirement schedule of November 1, 2026.",
    "Claude Sonnet 4.5 is scheduled to be retired on November 1, 2026.",
    "Requests to this model will fail after November 1, 2026, when it is retired.",
    "This model was deprecated on September 30, 2026 and will be retired on November 1, 2026.",
]


@pytest.mark.parametrize("note", MENTIONS)
def test_a_date_a_note_only_mentions_is_no_retirement(note: str) -> None:
    """The Oct 2026 page's newest section (its model not retired yet) gains a note with a
    date: no retired_on. Only "were retired <date>" dates a retirement."""
    page = (FIXTURES / "pages" / "en--2026-10-10.md").read_text(encoding="utf-8")
    heading = "### 2026-09-30"
    assert _retired_on(page, "en", "2026-09-30") is None
    assert _retired_on(_with_note(page, heading, note), "en", "2026-09-30") is None


@pytest.mark.parametrize("note", MENTIONS)
def test_a_mentioned_date_before_the_retirement_note_changes_nothing(note: str) -> None:
    """In a retired section, such a note first leaves the real one's date."""
    page = fixture_page("en")
    assert _retired_on(_with_note(page, SECTION, note), "en", "2026-02-19") == "2026-04-20"


def test_the_date_a_note_retires_on_is_the_one_by_its_retired_word() -> None:
    """A note "deprecated on <one date> and retired on <another>": retired on the other."""
    page = fixture_page("en")
    note = "This model was retired April 20, 2026."
    both = "This model was deprecated on February 19, 2026 and retired on April 20, 2026."
    assert _retired_on(page.replace(note, both), "en", "2026-02-19") == "2026-04-20"
    earlier = "This model was deprecated on March 1, 2026 and retired on April 20, 2026."
    assert _retired_on(page.replace(note, earlier), "en", "2026-02-19") == "2026-04-20"


def test_a_section_without_a_retirement_note_has_no_retired_on() -> None:
    """A history section whose only dated note says nothing of retiring: no retired_on."""
    page = fixture_page("en")
    note = "This model was retired April 20, 2026."
    assert note in page
    page = page.replace(note, "Since November 1, 2026, it is no longer offered to new users.")
    records = read_page(page.encode(), locale="en").content
    section = next(a for a in records.announcements if str(a.announced_on) == "2026-02-19")
    assert section.retired_on is None


@pytest.mark.parametrize(
    ("note", "retired"),
    [
        ("该模型将于 2026 年 11 月 1 日停用。", None),
        ("自 2026 年 11 月 1 日起，该模型不再向新组织提供。", None),
        ("该模型已于 2026 年 11 月 1 日停用。", "2026-11-01"),
    ],
)
def test_retired_on_in_another_language(note: str, retired: str | None) -> None:
    """In the page's own words: 已…停用 is retired, 将于…停用 is to come."""
    page = fixture_page("zh-CN")
    assert _retired_on(page, "zh-CN", "2026-06-05") is None
    text = _with_note(page, "### 2026-06-05：Claude Opus 4.1 模型", note)
    assert _retired_on(text, "zh-CN", "2026-06-05") == retired


def test_a_new_section_with_a_mentioned_date_publishes_no_retirement(
    docs: Docs, snapshots: Path
) -> None:
    """A new history section whose note only mentions a date: announced with no
    retired_on."""
    page = fixture_page("en")
    newest = page.index("### 2026-06-05")
    section = (
        "### 2026-08-20: Claude Sonnet 4.5 model\n\n<Note>\nSince November 1, 2026, Claude "
        "Sonnet 4.5 is no longer offered to new organizations.\n</Note>\n\n"
        "| Retirement date | Deprecated model | Recommended replacement |\n| --- | --- | --- |\n"
        "| December 29, 2026 | `claude-sonnet-4-5-20250929` | `claude-sonnet-5` |\n\n"
    )
    docs.serve_page("en", page[:newest] + section + page[newest:])
    result = run(docs, snapshots)
    assert result.exit_code == 0, result.output
    events = json.loads((snapshots / "events.json").read_text(encoding="utf-8"))["events"]
    (added,) = [event for event in events if event["type"] == "announcement_added"]
    assert added["after"]["retired_on"] is None


# 8. Platform pages: an id listed twice, a page cut at a row boundary.

RELATED = FIXTURES / "related"


def _vertex(edit: Callable[[str], str]) -> bytes:
    return edit((RELATED / "claude-on-vertex-ai.md").read_text(encoding="utf-8")).encode()


def test_a_platform_id_listed_twice_with_different_marks_is_rejected() -> None:
    """A small unmarked table above the real one: which status is Vertex AI's? Neither."""
    small = (
        "| Model | Agent Platform API model ID |\n| --- | --- |\n"
        "| Claude Opus 4 | claude-opus-4\\@20250514 |\n\n"
    )
    page = _vertex(lambda text: text.replace("#### API model IDs", small + "#### API model IDs", 1))
    with pytest.raises(PageParseError) as error:
        read_related_page(page, RELATED_BY_NAME["claude-on-vertex-ai"])
    assert (error.value.check, str(error.value)) == (
        "model-table",
        "claude-opus-4@20250514 is listed twice with different status marks: "
        "'Claude Opus 4' (no mark) and 'Claude Opus 4 Deprecated.'",
    )


def test_a_platform_id_listed_twice_alike_is_read_once() -> None:
    """The same row twice, with the same mark: one model, as before."""
    row = "| Claude Opus 4 Deprecated.    |"
    text = (RELATED / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith(row))
    page = text.replace(line, f"{line}\n{line}", 1).encode()
    read = read_related_page(page, RELATED_BY_NAME["claude-on-vertex-ai"])
    whole = read_related_page(text.encode(), RELATED_BY_NAME["claude-on-vertex-ai"])
    assert read == whole


def test_a_platform_page_cut_at_a_row_boundary_is_held() -> None:
    """Cut after a whole row of its model table: it ends as pages end, but lists fewer ids
    than before. Held unless a person accepts the shrink."""
    text = (RELATED / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
    page = RELATED_BY_NAME["claude-on-vertex-ai"]
    whole = read_related_page(text.encode(), page)
    row = text.index("| Claude Opus 4 Deprecated.")
    cut = read_related_page(text[:row].encode(), page)
    assert len(cut.models) < len(whole.models)
    verdict = check_related_page(whole, cut, accept_shrink=False, key="claude-on-vertex-ai")
    assert verdict.rejection is not None and verdict.rejection.check == "row-count"
    gone = [m.id for m in whole.models if m not in cut.models]
    assert verdict.rejection.detail == (
        f"the page lists {len(cut.models)} model ids, previously {len(whole.models)} "
        f"({', '.join(gone[:5])}{' …' if len(gone) > 5 else ''} gone); pass --accept-shrink "
        "if that is real"
    )
    accepted = check_related_page(whole, cut, accept_shrink=True, key="claude-on-vertex-ai")
    assert accepted.rejection is None


def test_the_overview_cut_at_a_row_boundary_is_held() -> None:
    """The models overview cut after its comparison table's "Claude API alias" row: every
    model is still there, but their Bedrock and Vertex AI ids are gone. Held."""
    text = (RELATED / "models-overview.md").read_text(encoding="utf-8")
    page = RELATED_BY_NAME["models-overview"]
    whole = read_related_page(text.encode(), page)
    cut = read_related_page(text[: text.rindex("| **AWS Bedrock ID**")].encode(), page)
    assert {m.api_id for m in cut.compared} <= {m.api_id for m in whole.compared}
    verdict = check_related_page(whole, cut, accept_shrink=False, key="models-overview")
    assert verdict.rejection is not None and verdict.rejection.check == "row-count"
    assert "anthropic.claude-opus-4-8" in verdict.rejection.detail


def test_a_platform_page_renaming_an_id_is_not_a_shrink() -> None:
    """An id re-versioned in place lists as many models: no shrink."""
    text = (RELATED / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
    page = RELATED_BY_NAME["claude-on-vertex-ai"]
    whole = read_related_page(text.encode(), page)
    renamed = read_related_page(text.replace("\\@20250514", "\\@20250515", 1).encode(), page)
    assert renamed != whole
    assert check_related_page(whole, renamed, accept_shrink=False, key="x").rejection is None
