"""The extractor finds tables by their content and reads them in the page's own words."""

from __future__ import annotations

import datetime as dt
from textwrap import dedent

import pytest

from scraper.errors import PageParseError
from scraper.read.extract import model_id, read_page
from scraper.read.markdown import render_html
from scraper.records import PageContent


def records(markdown: str, **options: str) -> PageContent:
    return read_page(dedent(markdown).encode(), locale=options.get("locale")).content


ENGLISH_PAGE = """\
    # Model deprecations

    ## Overview

    - **Active**: The model is fully supported.
    - **Legacy**: The model will no longer receive updates.
    - **Deprecated**: The model is no longer recommended.
    - **Retired**: The model is no longer available.

    ## Model status

    | API Model Name | Current State | Deprecated | Tentative Retirement Date |
    |---|---|---|---|
    | `claude-opus-4-6` | Active | N/A | Not sooner than February 5, 2027 |
    | `claude-3-5-haiku-20241022` | Deprecated | December 19, 2025 | February 19, 2026 |

    ## Deprecation history

    ### 2025-12-19: Claude Haiku 3.5 model

    On December 19, 2025, we notified developers.

    | Retirement Date | Deprecated Model | Recommended Replacement |
    |---|---|---|
    | February 19, 2026 | `claude-3-5-haiku-20241022` | `claude-haiku-4-5-20251001` |
"""


def test_status_table_rows_become_model_records() -> None:
    """Each status row gives model, status, both dates with their text, and the qualifier."""
    page = records(ENGLISH_PAGE)
    assert [
        (m.model, m.status, m.deprecated_on, m.retires_on, m.retires_on_qualifier)
        for m in page.models
    ] == [
        ("claude-opus-4-6", "active", None, dt.date(2027, 2, 5), "not_sooner_than"),
        (
            "claude-3-5-haiku-20241022",
            "deprecated",
            dt.date(2025, 12, 19),
            dt.date(2026, 2, 19),
            None,
        ),
    ]
    assert page.models[0].retires_on_text == "Not sooner than February 5, 2027"
    assert page.models[0].deprecated_on_text == "N/A"


def test_history_section_becomes_an_announcement() -> None:
    """A heading starting with an ISO date and its table give an announcement with entries."""
    (announcement,) = records(ENGLISH_PAGE).announcements
    assert announcement.announced_on == dt.date(2025, 12, 19)
    assert announcement.title == "Claude Haiku 3.5 model"
    assert announcement.retired_on is None
    assert [(e.model, e.retires_on, e.replacement) for e in announcement.entries] == [
        ("claude-3-5-haiku-20241022", dt.date(2026, 2, 19), "claude-haiku-4-5-20251001")
    ]


def test_tables_are_found_by_content_not_heading_or_position() -> None:
    """Renamed headings and a status table placed after the history still parse the same."""
    head, rest = ENGLISH_PAGE.split("    ## Model status\n")
    status, history = rest.split("    ## Deprecation history\n")
    moved = head + "    ## Deprecation history\n" + history + "\n    ## Something else\n" + status
    original, reordered = records(ENGLISH_PAGE), records(moved)
    assert reordered.models == original.models
    assert reordered.announcements == original.announcements


@pytest.mark.parametrize(
    "heading",
    [
        "### 2025-12-19: Claude Haiku 3.5 model",
        "### 2025-12-19：Claude Haiku 3.5 model",
        "### 2025-12-19 : Claude Haiku 3.5 model",
        "### [\u200b](#2025-12-19-claude-haiku-3-5-model) 2025-12-19: Claude Haiku 3.5 model",
        "### 2025-12-19: Claude Haiku 3.5 model \\{#2025-12-19}",
        "### \n\n    2025-12-19: Claude Haiku 3.5 model",
    ],
)
def test_history_heading_forms(heading: str) -> None:
    """Colon variants, anchor links, MDX heading ids and split headings all give the same title."""
    page = records(
        ENGLISH_PAGE.replace("    ### 2025-12-19: Claude Haiku 3.5 model", "    " + heading)
    )
    assert [(a.announced_on, a.title) for a in page.announcements] == [
        (dt.date(2025, 12, 19), "Claude Haiku 3.5 model")
    ]


def test_ragged_tables_without_leading_pipes_and_escaped_underscores() -> None:
    """Tables without outer pipes, ragged padding, escaped characters and bare ids still parse."""
    page = records(
        """\
        - **Active**: a
        - **Legacy**: b
        - **Deprecated**: c
        - **Retired**: d

        Model | State | Deprecated | Retirement
        :-- | --- | --- | ---
        claude\\-opus\\-4\\-6   | Active   | N/A | Not sooner than February 5, 2027
        `claude-2.1`| Retired|January 21, 2025 |July 21, 2025
        """
    )
    assert [(m.model, m.status) for m in page.models] == [
        ("claude-opus-4-6", "active"),
        ("claude-2.1", "retired"),
    ]


def test_mdx_callout_neither_swallows_the_table_nor_leaks() -> None:
    """A table right after `</Note>` is still a table, and the callout text is a note."""
    page = records(
        ENGLISH_PAGE.replace(
            "    On December 19, 2025, we notified developers.\n\n",
            "    <Note>\n    These models were retired February 19, 2026.\n    </Note>\n",
        )
    )
    (announcement,) = page.announcements
    assert announcement.retired_on == dt.date(2026, 2, 19)
    assert announcement.retired_on_text == "These models were retired February 19, 2026."
    assert len(announcement.entries) == 1


def test_retired_note_may_be_a_plain_paragraph() -> None:
    """A 'were retired' sentence outside a callout is read too; the notify sentence is not."""
    page = records(
        ENGLISH_PAGE.replace(
            "    On December 19, 2025, we notified developers.",
            "    This model was retired February 19, 2026.\n\n"
            "    On December 19, 2025, we notified developers.",
        )
    )
    assert page.announcements[0].retired_on == dt.date(2026, 2, 19)


def test_other_tables_are_kept_as_generic_tables() -> None:
    """A table that is neither status nor history is kept with its section, header and rows."""
    page = records(
        ENGLISH_PAGE
        + """
    ## API parameter deprecations

    | Parameter | Status |
    |---|---|
    | `temperature` | Deprecated (Claude Opus 4.7 and later) |
    """
    )
    (table,) = page.tables
    assert table.section == "API parameter deprecations"
    assert table.header == ("Parameter", "Status")
    assert table.rows == (("temperature", "Deprecated (Claude Opus 4.7 and later)"),)


def test_unknown_lifecycle_word_fails_clearly() -> None:
    """A status word in neither the page's list nor the built-in table is an error naming it."""
    broken = ENGLISH_PAGE.replace("| Deprecated | December", "| Sunsetting | December")
    with pytest.raises(
        PageParseError, match="unknown lifecycle word 'Sunsetting' for model claude-3-5-haiku"
    ):
        records(broken)


def test_page_without_status_table_fails() -> None:
    """A page with no status table is a parse error, not an empty result."""
    with pytest.raises(PageParseError, match="no model status table"):
        records("# Not found\n\nThe page you are looking for does not exist.\n")


def test_the_pages_own_list_beats_the_builtin_table() -> None:
    """An Indonesian version that uses "Dihentikan" for Retired is read as the page defines it."""
    page = records(
        """\
        ## Ikhtisar

        - **Aktif**: a
        - **Warisan**: b
        - **Usang**: c
        - **Dihentikan**: d

        | Nama Model API | Status Saat Ini | Usang | Tanggal Dihentikan |
        |---|---|---|---|
        | `claude-3-haiku-20240307` | Dihentikan | 19 Februari 2026 | 20 April 2026 |
        | `claude-opus-4-20250514` | Usang | 14 April 2026 | 15 Juni 2026 |
        """
    )
    assert page.locale == "id"
    assert [(m.model, m.status) for m in page.models] == [
        ("claude-3-haiku-20240307", "retired"),
        ("claude-opus-4-20250514", "deprecated"),
    ]
    assert page.status_words is not None and page.status_words.retired == "Dihentikan"


def test_builtin_words_cover_a_page_without_overview_list() -> None:
    """Without the overview list the built-in words of the page's language are used."""
    page = records(
        """\
        | Nom du modèle | État | Obsolète | Retrait |
        |---|---|---|---|
        | claude-3-haiku-20240307 | Retiré | 19 février 2026 | 20 avril 2026 |
        """,
        locale="fr",
    )
    assert page.models[0].status == "retired"
    assert page.models[0].retires_on == dt.date(2026, 4, 20)
    assert page.status_words is None


@pytest.mark.parametrize(
    ("markdown", "locale"),
    [
        (
            "---\nurl: https://platform.claude.com/docs/ko/about-claude/model-deprecations\n---\n",
            "ko",
        ),
        ("---\nlang: pt-BR\n---\n", "pt-BR"),
        ("See [the guide](/docs/zh-TW/about-claude/models/overview).\n", "zh-TW"),
        ("See [the guide](/en/docs/welcome).\n", "en"),
    ],
)
def test_locale_is_detected_from_the_page(markdown: str, locale: str) -> None:
    """Front matter, then links tell the page's language."""
    body = dedent(ENGLISH_PAGE)
    assert read_page((markdown + "\n" + body).encode()).content.locale == locale


def test_locale_from_lifecycle_words_when_nothing_else_tells() -> None:
    """A page with no metadata and no links is placed by its lifecycle terms."""
    page = records(
        ENGLISH_PAGE.replace("**Active**", "**Actif**")
        .replace("**Legacy**", "**Hérité**")
        .replace("**Deprecated**", "**Obsolète**")
        .replace("**Retired**", "**Retiré**")
        .replace("| Active |", "| Actif |")
        .replace("| Deprecated |", "| Obsolète |")
    )
    assert page.locale == "fr"
    assert [m.status for m in page.models] == ["active", "deprecated"]


def test_html_lang_attribute_gives_the_locale() -> None:
    """An HTML page's <html lang> names its language."""
    html = render_html(dedent(ENGLISH_PAGE)).replace("<html>", '<html lang="ja">')
    assert read_page(html.encode()).content.locale == "ja"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("claude-opus-4-6", "claude-opus-4-6"),
        ("claude-3-haiku-20240307†", "claude-3-haiku-20240307"),
        ("claude-2.1 (legacy)", "claude-2.1"),
        ("Claude Opus 4.6 (claude-opus-4-6)", "claude-opus-4-6"),
        ("claude-mythos-preview", "claude-mythos-preview"),
        ("CHANGELOG.md", None),
        ("models.json", None),
        ("claude-instant-1.2", "claude-instant-1.2"),
        ("temperature, top_p, top_k", None),
        ("Returns a 400 error for a non-default value", None),
        ("claude-opus-4-6 or claude-sonnet-4-6 instead", "claude-opus-4-6"),
        ("Use claude-opus-4-6 or claude-sonnet-4-6", None),
    ],
)
def test_model_id_of_a_cell(cell: str, expected: str | None) -> None:
    """Ids are read at the start of a cell, or as the one versioned id a cell names."""
    assert model_id(cell) == expected
