"""Never publish a wrong event: pages that would have published one with exit 0, each served by
a local docs server the day after a good baseline.

Each case ends one of two ways: refused (exit 3, or 4 for a fetch fault; one line naming the
language and the check; every stored file byte for byte and mtime for mtime as it was), or
read correctly (the stored records are right and no event is published).
"""

# The local docs server's fixtures come from the fault matrix; using a fixture by name
# reads to ruff as redefining the imported function.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from benchmarks import adversarial
from scraper.answers.standing import upcoming
from scraper.answers.window import Window
from scraper.errors import PageParseError
from scraper.fetch.sources import page_sources
from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.track.diff import diff_pages
from scraper.track.guard import check_page
from scraper.track.index import canonical_models
from tests.test_faults import (  # noqa: F401 (pytest fixtures used by name)
    BASELINE_DAY,
    MARKDOWN,
    NOT_FOUND,
    RUN_DAY,
    SERVED,
    Docs,
    Reply,
    docs,
    fixture_page,
    no_real_sleeps,
    run,
    snapshots,
    stored,
)


def refused(result: Result, code: int, line: str | re.Pattern[str]) -> None:
    """The given exit code, nothing on stdout, exactly one `error: …` line on stderr."""
    assert (result.exit_code, result.stdout) == (code, ""), result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    if isinstance(line, str):
        assert lines[0] == "error: " + line
    else:
        assert line.fullmatch(lines[0].removeprefix("error: ")), lines[0]


def assert_refused(
    docs: Docs, snapshots: Path, code: int, line: str | re.Pattern[str], *extra: str
) -> None:
    before = stored(snapshots)
    refused(run(docs, snapshots, *extra), code, line)
    assert stored(snapshots) == before


def records_and_events(snapshots: Path) -> dict[str, tuple[bytes, int]]:
    """Every stored file but state.json (a page with new bytes but the same records updates
    its validators there, and only there)."""
    return {name: data for name, data in stored(snapshots).items() if name != "state.json"}


def assert_no_change(docs: Docs, snapshots: Path) -> None:
    before = records_and_events(snapshots)
    result = run(docs, snapshots)
    assert (result.exit_code, result.output) == (0, "no changes\n")
    assert records_and_events(snapshots) == before


# 1. Lifecycle words are paired with stages by meaning, not by their place in the list.


def swap_definitions(page: str, first: int, second: int) -> str:
    """Swap two items of the page's lifecycle list (term and definition together)."""
    lines = page.split("\n")
    items = [i for i, line in enumerate(lines) if re.match(r"^[-*] \*\*", line)][:4]
    lines[items[first]], lines[items[second]] = lines[items[second]], lines[items[first]]
    return "\n".join(lines)


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
@pytest.mark.parametrize("pair", [(0, 3), (2, 3), (0, 1)])
def test_swapped_lifecycle_definitions_change_nothing(
    docs: Docs, snapshots: Path, locale: str, pair: tuple[int, int]
) -> None:
    """A list whose definitions trade places still reads every status right: no event."""
    docs.serve_page(locale, swap_definitions(fixture_page(locale), *pair))
    assert_no_change(docs, snapshots)


def test_a_term_glossed_in_english_means_what_the_english_says(docs: Docs, snapshots: Path) -> None:
    """`已停用（Active）` is active by the page's own English gloss, whatever our Chinese words
    say; read that way, the retired models it names move back to active, which the gate holds."""
    page = fixture_page("zh-CN").replace("**活跃（Active）：**", "**已停用（Active）：**")
    page = page.replace("**已停用（Retired）：**", "**活跃（Retired）：**")
    docs.serve_page("zh-CN", page)
    assert_refused(
        docs,
        snapshots,
        3,
        re.compile(r"zh-CN: rejected by the backwards check: the lifecycle moved backwards: .*"),
    )


def test_a_term_whose_english_forms_disagree_contradicts_itself(
    docs: Docs, snapshots: Path
) -> None:
    """`Retired (Deprecated)`: the page's own two English words name two stages. Rejected."""
    page = fixture_page("en").replace("* **Retired:**", "* **Retired (Deprecated):**")
    docs.serve_page("en", page)
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the lifecycle-words check: lifecycle word 'Retired (Deprecated)' "
        "contradicts itself ('retired' is retired, 'deprecated' is deprecated)",
    )


# 2. A language served another language's page.


def _source_path(locale: str, docs: Docs, index: int = 0) -> str:
    return "/" + page_sources(locale, docs.base_url)[index].url.split("/", 3)[3]


def test_a_redirect_to_another_language_is_rejected(docs: Docs, snapshots: Path) -> None:
    """/docs/zh-CN/… redirected to /docs/en/… (a host the policy allows): zh-CN rejected."""
    target = docs.base_url + _source_path("en", docs)
    docs.serve("zh-CN", Reply(b"", status=302, headers={"Location": target}))
    assert_refused(
        docs,
        snapshots,
        3,
        f"zh-CN: rejected by the language check: served the en page (it came from {target})",
    )


def test_another_languages_page_at_this_address_is_rejected(docs: Docs, snapshots: Path) -> None:
    """A CDN mix-up: the English page (front matter url …/docs/en/…) at the zh-CN address."""
    docs.serve_page("zh-CN", fixture_page("en"))
    assert_refused(
        docs,
        snapshots,
        3,
        "zh-CN: rejected by the language check: served the en page (its url "
        "https://platform.claude.com/docs/en/about-claude/model-deprecations)",
    )


def test_a_page_in_another_script_is_rejected(docs: Docs, snapshots: Path) -> None:
    """The Chinese page, which declares nothing, served for English: its script gives it away."""
    docs.serve_page("en", fixture_page("zh-CN"))
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the language check: served a page in simplified Chinese script, not en",
    )


def test_a_page_in_another_latin_language_is_rejected(docs: Docs, snapshots: Path) -> None:
    """A German page (no front matter) at the English address: its lifecycle terms tell."""
    german = (Path(__file__).parent / "fixtures" / "pages" / "de--7033491188.md").read_text()
    docs.serve_page("en", german)
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the language check: served the de page (its lifecycle terms)",
    )


def without_front_matter(fixture: str) -> str:
    """A saved page as a server that declares nothing would send it: no front matter."""
    text = fixture_path(fixture).read_text(encoding="utf-8")
    return re.sub(r"\A(?:---\n.*?\n---\n\s*)+", "", text, flags=re.DOTALL)


def test_a_translation_keeping_the_english_terms_is_told_by_its_prose(
    docs: Docs, snapshots: Path
) -> None:
    """Indonesian with English lifecycle terms, undeclared, at the English address."""
    docs.serve_page("en", without_front_matter("id--2026-10-10"))
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the language check: served the id page (its prose is in Indonesian)",
    )


@pytest.mark.parametrize("locale", ["de", "fr", "es", "it", "pt-BR", "id"])
@pytest.mark.parametrize("fixture", ["en--2026-10-10", "en--81852090"])
def test_an_undeclared_english_page_at_a_latin_translation_address_is_rejected(
    fixture: str, locale: str
) -> None:
    """English words throughout, nothing declared: not the translation it was fetched as."""
    url = f"https://platform.claude.com/docs/{locale}/about-claude/model-deprecations.md"
    with pytest.raises(PageParseError) as error:
        read_page(without_front_matter(fixture).encode(), locale=locale, final_url=url)
    assert (error.value.check, str(error.value)) == (
        "language",
        "served the en page (its prose is in English)",
    )


@pytest.mark.parametrize(
    "fixture", ["de--7033491188", "it--21649214621", "id--2026-10-10", "id--21875957155"]
)
def test_an_undeclared_translation_at_its_own_address_is_read(fixture: str) -> None:
    """The prose check rejects only another language: a page's own is read as usual."""
    locale = fixture.split("--")[0]
    declared = read_page(fixture_path(fixture).read_bytes(), locale=locale)
    undeclared = read_page(without_front_matter(fixture).encode(), locale=locale)
    assert undeclared.content.models == declared.content.models and undeclared.content.models


def fixture_path(fixture: str) -> Path:
    return Path(__file__).parent / "fixtures" / "pages" / f"{fixture}.md"


def test_traditional_chinese_at_the_simplified_address_is_rejected(
    docs: Docs, snapshots: Path
) -> None:
    """zh-TW's page served for zh-CN: same script family, other characters."""
    zh_tw = (Path(__file__).parent / "fixtures" / "pages" / "zh-TW--seed.md").read_text()
    docs.serve_page("zh-CN", zh_tw)
    assert_refused(
        docs,
        snapshots,
        3,
        "zh-CN: rejected by the language check: served a page in traditional Chinese script, "
        "not zh-CN",
    )


# 3. A page cut short: judged by how it ends, wherever the cut falls.

PAGES = Path(__file__).parent / "fixtures" / "pages"


@pytest.mark.slow
@pytest.mark.parametrize("path", sorted(PAGES.glob("*.md")), ids=lambda path: path.stem)
def test_a_page_cut_anywhere_near_its_end_is_refused_or_changes_nothing(path: Path) -> None:
    """Every cut in the last fifth of each saved page: rejected, or the same records."""
    locale = path.name.split("--")[0]
    content = path.read_bytes()
    whole = read_page(content, locale=locale).content
    start = len(content) * 4 // 5
    for offset in range(start, len(content), 23):
        try:
            cut = read_page(content[:offset], locale=locale).content
        except PageParseError:
            continue
        if check_page(whole, cut, accept_shrink=False).rejection is None:
            assert diff_pages(whole, cut) == [], content[:offset][-60:]


def cut_mid_row(page: str) -> str:
    """Cut inside the last table's only row, as a dropped transfer would."""
    row = page.index("| `temperature`")
    return page[: row + 200]


def test_a_page_cut_inside_its_last_table_is_refused(docs: Docs, snapshots: Path) -> None:
    """The English page cut inside its last table row (a table change on today's main)."""
    docs.serve_page("en", cut_mid_row(fixture_page("en")))
    assert_refused(
        docs,
        snapshots,
        3,
        re.compile(
            r"en: rejected by the completeness check: the page ends inside a table row "
            r"\('….*'\)"
        ),
    )


def test_a_page_cut_inside_its_last_sentence_is_refused(docs: Docs, snapshots: Path) -> None:
    """zh-CN cut in its closing paragraph's link: a page that does not end as pages end."""
    page = fixture_page("zh-CN")
    docs.serve_page("zh-CN", page[: page.rindex("迁移指南") + 2])
    assert_refused(
        docs,
        snapshots,
        3,
        "zh-CN: rejected by the completeness check: the page ends inside a link "
        "('有关迁移步骤，请参阅[迁移')",
    )


def test_a_page_cut_at_a_section_boundary_is_refused(docs: Docs, snapshots: Path) -> None:
    """Cut just before its last section: a whole-looking page that lost a table."""
    page = fixture_page("en")
    docs.serve_page("en", page[: page.index("## API parameter deprecations")])
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the tables check: 1 table(s) gone: 'API parameter deprecations' "
        "(Parameter | Status | Behavior | Recommended replacement); pass --accept-shrink if "
        "that is real",
    )


def test_a_rendered_page_cut_before_its_end_is_refused(docs: Docs, snapshots: Path) -> None:
    """The HTML rendering without its closing `</html>` (the Markdown source is missing)."""
    html = render_html(fixture_page("en"))
    cut = html[: html.rindex("</table>")]
    docs.serve("en", NOT_FOUND, Reply(cut.encode(), content_type="text/html; charset=utf-8"))
    assert_refused(
        docs,
        snapshots,
        3,
        re.compile(r"en: rejected by the completeness check: the page ends before </html> .*"),
    )


def test_a_compressed_body_cut_short_is_a_fetch_failure(docs: Docs, snapshots: Path) -> None:
    """A gzip stream cut in transfer, its Content-Length matching what arrived: exit 4."""
    packed = gzip.compress(fixture_page("en").encode())
    cut = packed[: len(packed) * 19 // 20]
    docs.serve("en", Reply(cut, headers={"Content-Encoding": "gzip"}))
    assert_refused(
        docs,
        snapshots,
        4,
        "en: fetch failed: markdown: protocol error (compressed body cut short (no end of "
        "stream)) after 4 attempts; html: HTTP 404",
    )


# 4. Rows that do not fill their table, and models listed twice.


def _status_row(page: str, model: str) -> str:
    return next(line for line in page.split("\n") if line.startswith(f"| {model} "))


def test_a_status_row_missing_a_cell_is_refused(docs: Docs, snapshots: Path) -> None:
    """`| model | Retired | June 15, 2026 |`: the date would land in the deprecation column."""
    page = fixture_page("en")
    row = _status_row(page, "claude-opus-4-20250514")
    docs.serve_page("en", page.replace(row, "| claude-opus-4-20250514 | Retired | June 15, 2026 |"))
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the rows check: the status row of claude-opus-4-20250514 fills 3 of "
        "the table's 4 columns (a cell is missing, empty or spans columns)",
    )


def test_a_status_cell_spanning_two_columns_is_refused(docs: Docs, snapshots: Path) -> None:
    """The rendered page with one `colspan="2"` date cell in the status table."""
    html = render_html(fixture_page("en"))
    row = "<td>claude-opus-4-20250514</td>\n<td>Retired</td>\n<td>April 14, 2026</td>\n"
    assert row in html
    html = html.replace(row, '<td>claude-opus-4-20250514</td>\n<td>Retired</td>\n<td colspan="2">')
    html = html.replace(
        '<td colspan="2"><td>June 15, 2026</td>', '<td colspan="2">June 15, 2026</td>', 1
    )
    docs.serve("en", NOT_FOUND, Reply(html.encode(), content_type="text/html; charset=utf-8"))
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the rows check: the status row of claude-opus-4-20250514 fills 3 of "
        "the table's 4 columns (a cell is missing, empty or spans columns)",
    )


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
def test_a_model_listed_twice_is_refused(docs: Docs, snapshots: Path, locale: str) -> None:
    """A second row for an active model, saying retired: which one is true? Neither is stored."""
    page = fixture_page(locale)
    row = _status_row(page, "claude-opus-4-7")
    retired = "Retired" if locale == "en" else "已停用"
    docs.serve_page(
        locale, page.replace(row, f"{row}\n| claude-opus-4-7 | {retired} | N/A | N/A |")
    )
    assert_refused(
        docs,
        snapshots,
        3,
        f"{locale}: rejected by the rows check: claude-opus-4-7 has more than one row in the "
        "status table",
    )


def test_a_history_row_listed_twice_is_refused(docs: Docs, snapshots: Path) -> None:
    """The same model twice in one history section, with two replacements."""
    page = fixture_page("en")
    row = "| April 20, 2026  | `claude-3-haiku-20240307` | `claude-haiku-4-5-20251001` |"
    assert row in page
    docs.serve_page(
        "en", page.replace(row, f"{row}\n{row.replace('haiku-4-5-20251001', 'opus-5')}")
    )
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the rows check: claude-3-haiku-20240307 has more than one row in the "
        "history section 2026-02-19",
    )


# 5. A model only the history lists, retiring in the future, is not retired yet.


def test_a_history_only_model_retiring_later_is_deprecated_and_upcoming() -> None:
    """Out of the status table but retiring in two months: deprecated, and in `upcoming`."""
    page = fixture_page("en")
    page = page.replace(_status_row(page, "claude-sonnet-4-5-20250929") + "\n", "")
    section = (
        "### 2026-08-01: Claude Sonnet 4.5 model\n\n"
        "| Retirement date | Deprecated model | Recommended replacement |\n"
        "| --- | --- | --- |\n"
        "| October 29, 2026 | `claude-sonnet-4-5-20250929` | `claude-sonnet-5` |\n\n"
    )
    newest = page.index("### 2026-06-05")
    records = read_page((page[:newest] + section + page[newest:]).encode(), locale="en").content
    day = dt.date(2026, 9, 3)
    by_id = {model.model: model for model in canonical_models(records, day).models}
    assert by_id["claude-sonnet-4-5-20250929"].status == "deprecated"
    soon = upcoming(list(by_id.values()), day, Window(90, "d"), today=day)
    assert [model.model for model in soon] == ["claude-sonnet-4-5-20250929"]
    after = canonical_models(records, dt.date(2026, 10, 29)).models
    assert next(m for m in after if m.model == "claude-sonnet-4-5-20250929").status == "retired"


# 8. Other tables are known by their section and header, not their place on the page.


def test_a_table_inserted_before_another_is_one_new_table(docs: Docs, snapshots: Path) -> None:
    """A small table in the Overview: one event for it, nothing about the tables after it."""
    page = fixture_page("en")
    table = "| Term | Meaning |\n| --- | --- |\n| GA | Generally available |\n\n"
    at = page.index("<Warning>")
    docs.serve_page("en", page[:at] + table + page[at:])
    result = run(docs, snapshots)
    assert (result.exit_code, result.output) == (
        0,
        "en: New table in section “Overview”\nzh-CN has 1 other table; English has 2\n"
        "2 changes: table changed, locale drift\n",
    )


# 6. A hidden stale copy of the status table is not the page.

STALE_TABLE = (
    "<table><thead><tr><th>API model name</th><th>Current state</th><th>Deprecated</th>"
    "<th>Tentative retirement date</th></tr></thead><tbody>"
    "<tr><td>claude-opus-4-7</td><td>Retired</td><td>N/A</td><td>N/A</td></tr>"
    "<tr><td>claude-opus-4-6</td><td>Retired</td><td>N/A</td><td>N/A</td></tr>"
    "</tbody></table>"
)
HIDING = {
    "hidden": f"<div hidden>{STALE_TABLE}</div>",
    "display-none": f'<div style="color: red; display : none">{STALE_TABLE}</div>',
    "visibility-hidden": f'<section style="visibility:hidden">{STALE_TABLE}</section>',
    "aria-hidden": f'<div aria-hidden="true">{STALE_TABLE}</div>',
    "details": f"<details><summary>Older table</summary>{STALE_TABLE}</details>",
    "inactive-tab": (
        '<div role="tablist"><button role="tab" aria-selected="true" aria-controls="now">Now'
        '</button><button role="tab" aria-selected="false" aria-controls="old">Old</button>'
        f'</div><div role="tabpanel" id="old">{STALE_TABLE}</div>'
    ),
    "inactive-tab-state": f'<div role="tabpanel" data-state="inactive">{STALE_TABLE}</div>',
}


@pytest.mark.parametrize("how", HIDING)
def test_a_hidden_stale_status_table_is_not_read(docs: Docs, snapshots: Path, how: str) -> None:
    """A stale copy before the real table, hidden from readers (HTML in the Markdown source,
    as MDX allows): the real one is read, no event."""
    page = fixture_page("en")
    at = page.index("Current and recently retired models")
    docs.serve_page("en", page[:at] + HIDING[how] + "\n\n" + page[at:])
    assert_no_change(docs, snapshots)


def test_a_hidden_stale_table_in_the_rendered_page_is_not_read(tmp_path: Path) -> None:
    """The same in the rendered HTML page: the visible table's records."""
    html = render_html(fixture_page("en"))
    at = html.index("<table>")
    expected = read_page(html.encode(), locale="en").content.models
    for hiding in HIDING.values():
        hidden = (html[:at] + hiding + html[at:]).encode()
        assert read_page(hidden, locale="en").content.models == expected


# 7. Look-alike ids: folded when they are the same id, rejected when they are not ASCII.

SAME_ID = {
    "upper-case": "CLAUDE-OPUS-4-7",
    "full-width": "ｃｌａｕｄｅ-ｏｐｕｓ-４-７",
    "soft-hyphen": "claude-opus-\u00ad4-7",
    "left-to-right-mark": "\u200eclaude-opus-4-7",
    "zero-width-joiner": "claude\u200d-opus-4-7",
}
NOT_ASCII = {
    "cyrillic-es": ("\u0441laude-opus-4-7", "CYRILLIC SMALL LETTER ES"),
    "non-breaking-hyphen": ("claude-opus\u20114-7", "HYPHEN"),
    "greek-omicron": ("claude-\u03bfpus-4-7", "GREEK SMALL LETTER OMICRON"),
}


def _with_id(page: str, written: str) -> str:
    row = _status_row(page, "claude-opus-4-7")
    return page.replace(row, row.replace("claude-opus-4-7", written, 1))


@pytest.mark.parametrize("locale", ["en", "zh-CN"])
@pytest.mark.parametrize("name", SAME_ID)
def test_an_id_written_another_way_is_the_same_model(
    docs: Docs, snapshots: Path, locale: str, name: str
) -> None:
    """Case, width and invisible characters do not make a new model: no event."""
    docs.serve_page(locale, _with_id(fixture_page(locale), SAME_ID[name]))
    assert_no_change(docs, snapshots)


@pytest.mark.parametrize("name", NOT_ASCII)
def test_a_look_alike_id_is_refused(docs: Docs, snapshots: Path, name: str) -> None:
    """A Cyrillic letter or a Unicode hyphen in an id: rejected, not a removed + added pair."""
    written, character = NOT_ASCII[name]
    docs.serve_page("en", _with_id(fixture_page("en"), written))
    folded = written.lower()
    if name == "non-breaking-hyphen":
        folded = folded.replace("\u2011", "\u2010")
    assert_refused(
        docs,
        snapshots,
        3,
        f"en: rejected by the ids check: model id {folded!r} is not plain ASCII ({character})",
    )


def test_a_look_alike_replacement_is_refused(docs: Docs, snapshots: Path) -> None:
    """The same in a history row's replacement: no replacement_changed event."""
    page = fixture_page("en")
    row = "| April 20, 2026  | `claude-3-haiku-20240307` | `claude-haiku-4-5-20251001` |"
    docs.serve_page("en", page.replace(row, row.replace("`claude-haiku-4", "`сlaude-haiku-4")))
    assert_refused(
        docs,
        snapshots,
        3,
        "en: rejected by the ids check: the replacement's model id 'сlaude-haiku-4-5-20251001' "
        "is not plain ASCII (CYRILLIC SMALL LETTER ES)",
    )


# 10. Every pattern on page text is linear: a 1 MB crafted line is read, not a stall.

MEGABYTE = 1_000_000


class _Stalled(Exception):
    pass


def _stall(signum: int, frame: object) -> None:
    raise _Stalled


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(adversarial.readers()))
def test_every_page_text_pattern_reads_a_crafted_megabyte_line(name: str) -> None:
    """Each pattern or reader gets every 1 MB crafted line; a backtracking one never returns
    (hours), so an alarm far above the seconds a linear one needs turns that into a failure."""
    reader = adversarial.readers()[name]
    previous = signal.signal(signal.SIGALRM, _stall)
    try:
        for shape, make in adversarial.SHAPES.items():
            signal.alarm(300)
            try:
                reader(make(MEGABYTE))
            except _Stalled:
                pytest.fail(f"{name} stalls on a megabyte of {shape!r}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)


# The plausibility gate: parsed cleanly, but more likely a mistake than news.


def _edit_row(page: str, model: str, cells: str) -> str:
    row = _status_row(page, model)
    return page.replace(row, f"| {model} | {cells} |")


GATE: dict[str, tuple[Callable[[str], str], str]] = {
    "backwards": (
        lambda page: _edit_row(page, "claude-3-haiku-20240307", "Active | N/A | N/A"),
        "the lifecycle moved backwards: claude-3-haiku-20240307 retired → active",
    ),
    "look-alike": (
        lambda page: page.replace("| claude-opus-4-6 ", "| claude-opus-46 "),
        "a model was removed while a near-identical id appeared: claude-opus-4-6 → claude-opus-46",
    ),
    "date-columns": (
        lambda page: _edit_row(
            page, "claude-opus-4-20250514", "Retired | June 15, 2026 | June 15, 2026"
        ),
        "a date moved columns: claude-opus-4-20250514 retirement date 2026-06-15 → deprecation",
    ),
    "many-statuses": (
        lambda page: page.replace("| Active        |", "| Legacy        |"),
        "11 models change status at once (claude-fable-5-1, claude-fable-5, claude-opus-5 …)",
    ),
}


@pytest.mark.parametrize("check", GATE)
def test_an_implausible_change_is_held_back(docs: Docs, snapshots: Path, check: str) -> None:
    """Each gate check: exit 3, one line naming it, nothing written."""
    edit, detail = GATE[check]
    docs.serve_page("en", edit(fixture_page("en")))
    assert_refused(
        docs,
        snapshots,
        3,
        f"en: rejected by the {check} check: {detail}; pass --accept {check} if that is real",
    )


@pytest.mark.parametrize("check", GATE)
def test_accept_names_the_check_a_person_has_looked_at(
    docs: Docs, snapshots: Path, check: str
) -> None:
    """The same page with `--accept CHECK`: published, exit 0."""
    edit, _ = GATE[check]
    docs.serve_page("en", edit(fixture_page("en")))
    result = run(docs, snapshots, "--accept", check)
    assert result.exit_code == 0, result.output
    assert (
        json.loads((snapshots / "events.json").read_text())["events"][0]["detected_at"] == RUN_DAY
    )


# 9. A missing snapshot is rebuilt, even when the page's validators say "unchanged".


def test_a_deleted_snapshot_is_rebuilt_without_a_second_baseline(
    docs: Docs, snapshots: Path
) -> None:
    """en.json deleted, page unchanged (state.json remembers it): rebuilt as it was, no event."""
    path = snapshots / "model-deprecations" / "en.json"
    original = path.read_bytes()
    path.unlink()
    before = {k: v for k, v in stored(snapshots).items() if k != "state.json"}
    result = run(docs, snapshots)
    assert result.exit_code == 0, result.output
    assert result.stderr == "warning: en: the missing snapshot was rebuilt from the page\n"
    # The same records; only the stamp of when this version of the page was read is new.
    unstamped = {"source", "run"}
    rebuilt = {k: v for k, v in json.loads(path.read_bytes()).items() if k not in unstamped}
    assert rebuilt == {k: v for k, v in json.loads(original).items() if k not in unstamped}
    after = stored(snapshots)
    assert {
        k: v for k, v in after.items() if k not in ("state.json", "model-deprecations/en.json")
    } == before


# 10. A run-wide deadline: a server that drips its answer costs one language, not the run.


def test_a_dripping_server_fails_its_language_at_the_deadline(tmp_path: Path) -> None:
    """en trickles a byte every 0.2 s; with --deadline 2, zh-CN is written and en fails."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    try:
        docs = DrippingDocs(server)
        for locale in SERVED:
            docs.serve_page(locale, fixture_page(locale))
        snapshots = tmp_path / "snapshots"
        assert run(docs, snapshots, day=BASELINE_DAY).exit_code == 0
        zh_cn = fixture_page("zh-CN")
        row = _status_row(zh_cn, "claude-opus-4-7")
        docs.serve_page("zh-CN", zh_cn.replace(row, row.replace("16 日", "30 日")))
        en_before = (snapshots / "model-deprecations" / "en.json").read_bytes()

        docs.dripping = _source_path("en", docs)
        result = run(docs, snapshots, "--deadline", "2")
        assert result.exit_code == 4, result.output
        assert "error: en: fetch failed: not done by the run's deadline (2 s)" in result.stderr
        zh = json.loads((snapshots / "model-deprecations" / "zh-CN.json").read_text())
        opus = next(m for m in zh["models"] if m["model"] == "claude-opus-4-7")
        assert opus["retires_on"] == "2027-04-30"
        assert (snapshots / "model-deprecations" / "en.json").read_bytes() == en_before
    finally:
        server.clear()
        server.stop()


class DrippingDocs(Docs):
    """The docs server, but one path answers a byte every 0.2 s for 20 s."""

    dripping = ""

    def respond(self, request: Request) -> Response:
        if request.path != self.dripping:
            return super().respond(request)

        def drip() -> Iterator[bytes]:
            for _ in range(100):
                time.sleep(0.2)
                yield b" "

        return Response(drip(), content_type=MARKDOWN)


def test_two_status_tables_that_disagree_are_rejected() -> None:
    """A stale copy of the status table left visible above the real one: neither is trusted."""
    page = fixture_path("en--59934005988").read_text(encoding="utf-8")
    lines = page.splitlines(keepends=True)
    start = lines.index("## Model status\n")
    end = lines.index("## Deprecation history\n")
    table = [line for line in lines[start:end] if line.startswith("|")]
    stale = [line.replace("| Retired  ", "| Active   ") for line in table]
    assert stale != table
    section = ["## Current model states\n", "\n", *stale, "\n"]
    with pytest.raises(PageParseError) as error:
        read_page("".join(lines[:start] + section + lines[start:]).encode(), locale="en")
    assert error.value.check == "status-table"
    assert "'Current model states'" in str(error.value) and "'Model status'" in str(error.value)
    same = ["## Current model states\n", "\n", *table, "\n"]
    repeated = read_page("".join(lines[:start] + same + lines[start:]).encode(), locale="en")
    assert repeated.content.models == read_page(page.encode(), locale="en").content.models


def _synthetic_with_cell(locale: str, model: str, cell: str) -> bytes:
    """The synthetic page of LOCALE with MODEL's status cell written as CELL."""
    page = (Path(__file__).parent / "fixtures" / "synthetic" / f"{locale}.md").read_text()
    row = next(line for line in page.splitlines() if line.startswith(f"| `{model}` |"))
    cells = row.split(" | ")
    changed = " | ".join([cells[0], cell, *cells[2:]])
    return page.replace(row, changed).encode()


@pytest.mark.parametrize(
    ("locale", "cell", "status"),
    [
        ("ko", "폐기됨", "retired"),  # the list's word plus an ending
        ("ko", "지원 중단됨", "deprecated"),
        (
            "ko",
            "지원 중단 예정입니다",
            "deprecated",
        ),  # holds 지원 중단 and the longer 지원 중단 예정
        ("ja", "廃止予定です", "deprecated"),  # holds 廃止 (retired) too: the longer word wins
        ("ja", "廃止されました", "retired"),
        ("ja", "非推奨済み", "deprecated"),
    ],
)
def test_a_status_word_with_an_ending_is_read_by_its_most_specific_word(
    locale: str, cell: str, status: str
) -> None:
    """Korean and Japanese add endings and particles to the list's words."""
    model = "claude-opus-4-1-20250805"
    records = read_page(_synthetic_with_cell(locale, model, cell), locale=locale)
    assert {m.model: m.status for m in records.content.models}[model] == status


@pytest.mark.parametrize(("locale", "cell"), [("ja", "有効／廃止"), ("ko", "활성 폐기")])
def test_a_status_cell_naming_two_stages_is_no_status(locale: str, cell: str) -> None:
    """Two words for two stages in one cell are not one word with an ending: no guess."""
    with pytest.raises(PageParseError) as error:
        read_page(_synthetic_with_cell(locale, "claude-opus-4-1-20250805", cell), locale=locale)
    assert error.value.check == "lifecycle-words"
    assert str(error.value).startswith("unknown lifecycle word")


@pytest.mark.parametrize(("locale", "cell"), [("fr", "Pas actif"), ("es", "Activo no")])
def test_extra_words_in_a_latin_status_cell_are_not_an_ending(locale: str, cell: str) -> None:
    """Outside suffixing scripts extra words change the meaning: the cell is not a status."""
    with pytest.raises(PageParseError) as error:
        read_page(_synthetic_with_cell(locale, "claude-opus-4-1-20250805", cell), locale=locale)
    assert error.value.check in ("lifecycle-words", "status-table")
