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

import gzip
import re
from pathlib import Path

import pytest
from click.testing import Result

from scraper.diff import diff_pages
from scraper.errors import PageParseError
from scraper.extract import read_page
from scraper.guard import check_page
from scraper.parse.markdown import render_html
from scraper.sources import page_sources
from tests.test_faults import (  # noqa: F401 (pytest fixtures used by name)
    NOT_FOUND,
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
    """Exactly one line of output, the given exit code."""
    lines = result.output.splitlines()
    assert result.exit_code == code, result.output
    assert len(lines) == 1, result.output
    if isinstance(line, str):
        assert lines[0] == line
    else:
        assert line.fullmatch(lines[0]), lines[0]


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


def test_a_term_whose_gloss_contradicts_its_word_rejects_the_page(
    docs: Docs, snapshots: Path
) -> None:
    """`已停用（Active）` says retired in Chinese and active in English: rejected, not guessed."""
    page = fixture_page("zh-CN").replace("**活跃（Active）：**", "**已停用（Active）：**")
    page = page.replace("**已停用（Retired）：**", "**活跃（Retired）：**")
    docs.serve_page("zh-CN", page)
    assert_refused(
        docs,
        snapshots,
        3,
        "zh-CN: rejected by the lifecycle-words check: lifecycle word '已停用（Active）' "
        "contradicts itself ('已停用' is retired, 'active' is active)",
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
        "en: rejected by the language check: served the de page (its lifecycle terms are de words)",
    )


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
    whole = read_page(content, locale=locale).content()
    start = len(content) * 4 // 5
    for offset in range(start, len(content), 23):
        try:
            cut = read_page(content[:offset], locale=locale).content()
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
