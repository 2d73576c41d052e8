"""The fault matrix: a docs server on 127.0.0.1 breaks in each known way, and the run says so.

Every case starts from snapshots recorded from the real pages, changes what the server answers,
runs `deprecations run` against it, and checks three things: the exit code, the one line that
names the language, the check and what it saw, and that every stored file is byte for byte (and
modification time for modification time) what it was.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import feedparser
import pytest
import stamina
from click.testing import CliRunner, Result
from markdown_it import MarkdownIt
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.cli import cli
from scraper.fetch.sources import page_sources
from scraper.read.markdown import render_html
from tests.conftest import PAGES

SERVED = {"en": "en--59934005988", "zh-CN": "zh-CN--57854826696"}
BASELINE_DAY = "2026-09-02"
# Faults are served on a later day than the baseline, as the next cron run would see them.
RUN_DAY = "2026-09-03"
MARKDOWN = "text/markdown; charset=utf-8"
HTML = "text/html; charset=utf-8"
ERROR_PAGE = (
    "<!DOCTYPE html><html><head><title>Something went wrong</title></head>"
    "<body><h1>500</h1><p>Please try again later.</p></body></html>"
)
# Error pages of old sites lay themselves out with a table: it passes the fetch's "has a table"
# test, so the parser has to be the one that says it is not the page.
ERROR_PAGE_WITH_TABLE = (
    "<!DOCTYPE html><html><body><table><tr><td>Service unavailable</td><td>"
    "Retry in 30 seconds</td></tr></table></body></html>"
)


@dataclass(frozen=True)
class Reply:
    body: bytes
    status: int = 200
    content_type: str = MARKDOWN
    headers: dict[str, str] = field(default_factory=dict)


NOT_FOUND = Reply(b"Not found", status=404, content_type="text/plain")


class Docs:
    """The docs site in miniature: each language's Markdown source and rendered page."""

    def __init__(self, server: HTTPServer) -> None:
        self.server = server
        self.replies: dict[str, Reply] = {}
        server.expect_request(re.compile("/.*")).respond_with_handler(self.respond)

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def serve(self, locale: str, markdown: Reply, html: Reply = NOT_FOUND) -> None:
        markdown_source, html_source = page_sources(locale, self.base_url)
        self.replies[_path(markdown_source.url)] = markdown
        self.replies[_path(html_source.url)] = html

    def serve_page(self, locale: str, page: str) -> None:
        self.serve(locale, Reply(page.encode("utf-8")))

    def respond(self, request: Request) -> Response:
        reply = self.replies.get(request.path, NOT_FOUND)
        response = Response(reply.body, status=reply.status, content_type=reply.content_type)
        response.headers.update(reply.headers)
        return response


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def fixture_page(locale: str) -> str:
    return (PAGES / f"{SERVED[locale]}.md").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def no_real_sleeps() -> Iterator[None]:
    """Retries of a broken transfer happen at once (stamina's test mode)."""
    with stamina.set_testing(True, attempts=100, cap=True):
        yield


@pytest.fixture
def docs(httpserver: HTTPServer) -> Docs:
    docs = Docs(httpserver)
    for locale in SERVED:
        docs.serve_page(locale, fixture_page(locale))
    return docs


def run(docs: Docs, snapshots: Path, *extra: str, day: str = RUN_DAY) -> Result:
    arguments = ["run", "--snapshots", str(snapshots), "--base-url", docs.base_url]
    arguments += ["--locales", ",".join(SERVED), "--as-of", day, "-q", *extra]
    return CliRunner().invoke(cli, arguments)


@pytest.fixture
def snapshots(docs: Docs, tmp_path: Path) -> Path:
    """Snapshots recorded from the real pages the day before each fault."""
    directory = tmp_path / "snapshots"
    result = run(docs, directory, day=BASELINE_DAY)
    assert result.exit_code == 0, result.output
    return directory


def stored(snapshots: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of the snapshots directory (but the lock): its bytes and modification time."""
    return {
        str(path.relative_to(snapshots)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


# Editing the real page the way a layout change would.


def _cells(line: str) -> list[str]:
    return line.strip().strip("|").split("|")


def _row(cells: list[str]) -> str:
    return "|" + "|".join(cells) + "|"


def edit_status_table(page: str, edit: Callable[[list[list[str]]], list[list[str]]]) -> str:
    """Apply `edit` to the status table's rows of cells (header, delimiter, then data rows)."""
    lines = page.split("\n")
    start = next(i for i, line in enumerate(lines) if line.startswith("| API model name"))
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    rows = edit([_cells(line) for line in lines[start:end]])
    return "\n".join([*lines[:start], *map(_row, rows), *lines[end:]])


def _swap(first: int, second: int) -> Callable[[list[list[str]]], list[list[str]]]:
    def swap(rows: list[list[str]]) -> list[list[str]]:
        for cells in rows:
            cells[first], cells[second] = cells[second], cells[first]
        return rows

    return swap


def table_removed(page: str) -> str:
    return edit_status_table(page, lambda rows: [])


def columns_renamed_and_swapped(page: str) -> str:
    """The two date columns trade places and get each other's names: still four columns."""
    swapped = edit_status_table(page, _swap(2, 3))
    return swapped.replace("Tentative retirement date", "Deprecated on").replace(
        "| Deprecated        |", "| Retirement date   |"
    )


def column_dropped(page: str) -> str:
    return edit_status_table(page, lambda rows: [cells[:2] + cells[3:] for cells in rows])


def status_and_date_swapped(page: str) -> str:
    return edit_status_table(page, _swap(1, 2))


def rows_halved(page: str) -> str:
    return edit_status_table(page, lambda rows: rows[:2] + rows[3::2])


def unknown_status_word(page: str) -> str:
    row = "| claude-opus-4-7            | Active        |"
    assert row in page
    return page.replace(row, "| claude-opus-4-7            | Sunsetting    |")


def cut_in_status_table(page: str) -> str:
    """Cut at a row boundary: 12 of 17 rows left (within the third), no history at all."""
    return page[: page.index("| claude-sonnet-4-20250514")]


def cut_in_history(page: str) -> str:
    """Cut at a row boundary in the oldest history section's table (a cut inside a row is
    the completeness check's, in tests/test_trust.py)."""
    return page[: page.rindex("\n", 0, page.index("`claude-1.2`")) + 1]


@dataclass(frozen=True)
class Fault:
    markdown: Reply
    html: Reply
    exit_code: int
    line: str


def _markdown(edit: Callable[[str], str]) -> Reply:
    return Reply(edit(fixture_page("en")).encode("utf-8"))


EN_PAGE = (PAGES / f"{SERVED['en']}.md").read_bytes()
HALF = len(EN_PAGE) // 2
NO_STATUS_TABLE = (
    "en: rejected by the status-table check: no model status table found (a table of model ids and "
    "their status)"
)
FAULTS = {
    "table-removed": Fault(
        _markdown(table_removed),
        NOT_FOUND,
        3,
        NO_STATUS_TABLE,
    ),
    "columns-renamed-and-swapped": Fault(
        _markdown(columns_renamed_and_swapped),
        NOT_FOUND,
        3,
        "en: rejected by the columns check: deprecation dates fall after retirement dates for "
        "claude-opus-4-1-20250805, claude-opus-4-20250514, claude-sonnet-4-20250514: the date "
        "columns look swapped or renamed",
    ),
    "column-dropped": Fault(
        _markdown(column_dropped),
        NOT_FOUND,
        3,
        "en: rejected by the columns check: the status table has 3 columns "
        "(API model name | Current state | Tentative retirement date), previously 4",
    ),
    "status-and-date-columns-swapped": Fault(
        _markdown(status_and_date_swapped),
        NOT_FOUND,
        3,
        "en: rejected by the lifecycle-words check: unknown lifecycle word 'N/A' for model "
        "claude-fable-5-1",
    ),
    "rows-halved": Fault(
        _markdown(rows_halved),
        NOT_FOUND,
        3,
        "en: rejected by the row-count check: status table has 8 rows, previously 17, and 6 of "
        "the missing models are not in the history either (claude-fable-5-1, claude-opus-5, "
        "claude-opus-4-7, claude-opus-4-5-20251101, claude-sonnet-4-6 …); pass --accept-shrink "
        "if that is real",
    ),
    "unknown-status-word": Fault(
        _markdown(unknown_status_word),
        NOT_FOUND,
        3,
        "en: rejected by the lifecycle-words check: unknown lifecycle word 'Sunsetting' for model "
        "claude-opus-4-7",
    ),
    "body-cut-in-status-table": Fault(
        _markdown(cut_in_status_table),
        NOT_FOUND,
        3,
        "en: rejected by the history check: 0 deprecation-history sections, previously 9 "
        "(2026-06-05, 2026-04-14, 2026-02-19, 2025-12-19, 2025-10-28 … gone); pass "
        "--accept-shrink if that is real",
    ),
    "body-cut-in-history": Fault(
        _markdown(cut_in_history),
        NOT_FOUND,
        3,
        "en: rejected by the history check: 5 models left their deprecation-history sections: "
        "claude-1.2 (2024-09-04), claude-1.3 (2024-09-04), claude-instant-1.0 (2024-09-04), "
        "claude-instant-1.1 (2024-09-04), claude-instant-1.2 (2024-09-04); pass "
        "--accept-shrink if that is real",
    ),
    "html-error-page-with-a-table": Fault(
        Reply(ERROR_PAGE_WITH_TABLE.encode(), content_type=HTML),
        Reply(ERROR_PAGE_WITH_TABLE.encode(), content_type=HTML),
        3,
        NO_STATUS_TABLE,
    ),
    "html-error-page": Fault(
        Reply(ERROR_PAGE.encode(), content_type=HTML),
        Reply(ERROR_PAGE.encode(), content_type=HTML),
        4,
        "en: fetch failed: markdown: an HTML document, not the Markdown source; "
        "html: not the deprecations page (no table)",
    ),
    "wrong-content-type": Fault(
        Reply(EN_PAGE, content_type=HTML),
        Reply(render_html(EN_PAGE.decode()).encode(), content_type="application/json"),
        4,
        "en: fetch failed: markdown: an HTML document, not the Markdown source; "
        "html: not the deprecations page (content type application/json)",
    ),
    "empty-body": Fault(
        Reply(b""),
        Reply(b"", content_type=HTML),
        4,
        "en: fetch failed: markdown: empty body; html: empty body",
    ),
}


@pytest.mark.parametrize("name", FAULTS)
def test_fault_is_refused_in_one_line_and_nothing_is_written(
    docs: Docs, snapshots: Path, name: str
) -> None:
    """Each fault: its exit code, one line naming language, check and finding; no file touched."""
    fault = FAULTS[name]
    before = stored(snapshots)
    docs.serve("en", fault.markdown, fault.html)
    result = run(docs, snapshots)
    assert (result.exit_code, result.stdout) == (fault.exit_code, "")
    assert result.stderr == f"error: {fault.line}\n"
    assert stored(snapshots) == before


def test_body_cut_off_in_transfer_is_a_fetch_failure(docs: Docs, snapshots: Path) -> None:
    """A body shorter than its Content-Length is retried, then the language fails (exit 4)."""
    before = stored(snapshots)
    cut = Reply(EN_PAGE[:HALF], headers={"Content-Length": str(len(EN_PAGE))})
    docs.serve("en", cut)
    result = run(docs, snapshots)
    assert result.exit_code == 4
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(
        "error: en: fetch failed: markdown: protocol error (peer closed connection without sending "
        "complete message body"
    )
    assert line.endswith(" after 4 attempts; html: HTTP 404")
    assert stored(snapshots) == before


def test_a_rejected_language_does_not_hold_back_the_others(docs: Docs, snapshots: Path) -> None:
    """en rejected, zh-CN changed: zh-CN is written and published, en stays as it was; exit 3."""
    en_before = (snapshots / "model-deprecations" / "en.json").read_bytes()
    docs.serve_page("en", rows_halved(fixture_page("en")))
    zh_cn = fixture_page("zh-CN")
    changed = next(line for line in zh_cn.split("\n") if line.startswith("| claude-opus-4-7 "))
    assert changed.endswith("| 不早于 2027 年 4 月 16 日 |")
    docs.serve_page("zh-CN", zh_cn.replace(changed, changed.replace("16 日", "30 日")))
    result = run(docs, snapshots)
    assert result.exit_code == 3
    assert result.stderr == f"error: {FAULTS['rows-halved'].line}\n"
    assert result.stdout.splitlines() == [
        "zh-CN: Claude Opus 4.7 (claude-opus-4-7): retirement date not sooner than 2027-04-16 → "
        "not sooner than 2027-04-30",
        "zh-CN gives 2027-04-30 as the retirement date of Claude Opus 4.7 (claude-opus-4-7); "
        "English gives 2027-04-16",
        "2 changes: claude-opus-4-7 retires 2027-04-30, locale drift",
    ]
    assert (snapshots / "model-deprecations" / "en.json").read_bytes() == en_before
    zh_cn_models = json.loads((snapshots / "model-deprecations" / "zh-CN.json").read_text())
    opus = next(m for m in zh_cn_models["models"] if m["model"] == "claude-opus-4-7")
    assert opus["retires_on"] == "2027-04-30"


def test_accept_shrink_lets_a_person_accept_a_real_removal(docs: Docs, snapshots: Path) -> None:
    """The same halved table with --accept-shrink: stored, reported, exit 0."""
    docs.serve_page("en", rows_halved(fixture_page("en")))
    result = run(docs, snapshots, "--accept-shrink")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert result.stderr == (
        "warning: en: status table has 8 rows, previously 17 (accepted with --accept-shrink)\n"
    )
    assert sum(line.endswith("removed from the status table (was active)") for line in lines) == 6
    stored_en = json.loads((snapshots / "model-deprecations" / "en.json").read_text())
    assert len(stored_en["models"]) == 8


def test_shrink_explained_by_the_history_is_accepted_and_reported(
    docs: Docs, tmp_path: Path
) -> None:
    """The real page's 2025 shrink (16 rows to 9, the rest kept in the history) is no fault."""
    snapshots = tmp_path / "snapshots"
    docs.serve_page("en", (PAGES / "en--31150348168.md").read_text(encoding="utf-8"))
    # English alone: the served zh-CN page is from 2026, and would rule out a 2025 run.
    assert run(docs, snapshots, "--locales", "en", day="2025-03-15").exit_code == 0
    docs.serve_page("en", (PAGES / "en--81852090.md").read_text(encoding="utf-8"))
    result = run(docs, snapshots, "--locales", "en", day="2026-01-20")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        "warning: en: status table has 9 rows, previously 16; the 13 models that left it are "
        "still in the deprecation history (accepted)"
    ]
    assert (
        len(json.loads((snapshots / "model-deprecations" / "en.json").read_text())["models"]) == 9
    )


def test_reworded_header_alone_is_not_a_layout_change(docs: Docs, snapshots: Path) -> None:
    """Translations re-word headers (and English once did): same columns, same data, accepted."""
    header = (
        "| API model name             | Current state | Deprecated        "
        "| Tentative retirement date          |"
    )
    page = fixture_page("en")
    assert header in page
    docs.serve_page("en", page.replace(header, "| Model | Lifecycle | Deprecation | Retired |"))
    result = run(docs, snapshots)
    assert (result.exit_code, result.stdout) == (0, "no changes\n")


# Damaged snapshots: one line naming the file and the problem, exit 5, nothing written.


def _replace(old: str, new: str) -> Callable[[bytes], bytes]:
    def edit(data: bytes) -> bytes:
        text = data.decode("utf-8")
        assert old in text
        return text.replace(old, new, 1).encode("utf-8")

    return edit


EN_JSON = "model-deprecations/en.json"
DAMAGE: dict[str, tuple[str, Callable[[bytes], bytes], str]] = {
    "invalid-json": (
        EN_JSON,
        lambda data: b"{not json",
        "not valid JSON (line 1, column 2: Expecting property name enclosed in double quotes)",
    ),
    "truncated": (
        EN_JSON,
        lambda data: data[:100],
        "not valid JSON (line ",
    ),
    "emptied": (EN_JSON, lambda data: b"", "not valid JSON (line 1, column 1: Expecting value)"),
    "not-utf8": (EN_JSON, lambda data: b"\xff" + data, "not UTF-8 text (invalid start byte)"),
    "wrong-type": (
        EN_JSON,
        _replace('"status": "active"', '"status": 1'),
        "models.0.status: Input should be 'active', 'legacy', 'deprecated' or 'retired' "
        "(1 problem(s) in all)",
    ),
    "hand-added-field": (
        EN_JSON,
        _replace('"status": "active"', '"status": "active", "note": "checked by hand"'),
        "models.0.note: Extra inputs are not permitted (1 problem(s) in all)",
    ),
    "wrong-locale-in-file": (
        "model-deprecations/zh-CN.json",
        lambda data: data.replace(b'"locale": "zh-CN"', b'"locale": "en"'),
        "holds locale 'en', expected 'zh-CN'",
    ),
    "events-truncated": (
        "events.json",
        lambda data: data[: len(data) // 2],
        "not valid JSON (",
    ),
    "events-not-a-document": (
        "events.json",
        lambda data: b"[]\n",
        "not an events document (expected an object with an 'events' list)",
    ),
    "event-edited": (
        "events.json",
        _replace('"detected_at": "2026-09-02"', '"detected_at": "yesterday"'),
        "not an events document (1 validation error for list[Event])",
    ),
    "state-damaged": (
        "state.json",
        lambda data: b'{"schema_version": 1, "urls": []}\n',
        "urls: Input should be a valid dictionary (1 problem(s) in all)",
    ),
    "drift-damaged": (
        "drift.json",
        lambda data: b'{"as_of": "2026-09-02", "locales": {"zh-CN": {"disagreements": "none"}}}\n',
        "locales.zh-CN.disagreements: Input should be a valid tuple (1 problem(s) in all)",
    ),
}


@pytest.mark.parametrize("name", DAMAGE)
def test_damaged_snapshot_stops_the_run_with_one_line(
    docs: Docs, snapshots: Path, name: str
) -> None:
    """A damaged or hand-edited stored file: exit 5, `error: <file>: <problem>`, nothing written."""
    relative, damage, problem = DAMAGE[name]
    path = snapshots / relative
    path.write_bytes(damage(path.read_bytes()))
    before = stored(snapshots)
    # A page the run would accept and write, were it not stopped: "nothing written" means it.
    docs.serve_page("en", rows_halved(fixture_page("en")))
    result = run(docs, snapshots, "--accept-shrink")
    assert (result.exit_code, result.stdout) == (5, "")
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {path}: {problem}")
    assert "Traceback" not in result.output
    assert stored(snapshots) == before


def test_damaged_snapshot_of_a_language_not_in_the_run_still_stops_it(
    docs: Docs, snapshots: Path
) -> None:
    """The canonical index reads every stored language, so a damaged one is found before writing."""
    path = snapshots / EN_JSON
    path.write_text("{}", encoding="utf-8")
    before = stored(snapshots)
    arguments = ["run", "--snapshots", str(snapshots), "--base-url", docs.base_url, "-q"]
    result = CliRunner().invoke(cli, [*arguments, "--locales", "zh-CN", "--as-of", RUN_DAY])
    assert result.exit_code == 5
    assert result.stderr.startswith(f"error: {path}: locale: Field required (")
    assert stored(snapshots) == before


def test_snapshot_path_that_is_a_directory_is_a_clear_error(docs: Docs, snapshots: Path) -> None:
    """A file that cannot be read at all is named too, not a traceback."""
    path = snapshots / EN_JSON
    path.unlink()
    path.mkdir()
    result = run(docs, snapshots)
    assert result.exit_code == 5
    assert result.stderr == f"error: {path}: cannot be read (Is a directory)\n"


# Text from the page is data: escaped wherever it lands.

SCRIPT = "<script>alert(1)</script>"
LINK = "](javascript:alert(1))"
INJECTED_ROWS = [
    # Markdown entities give the parser the characters themselves, as a real page could.
    "| claude-evil-1 &lt;script&gt;alert(1)&lt;/script&gt; | Active | N/A | N/A |",
    "| &lt;script&gt;alert(1)&lt;/script&gt; | Active | N/A | N/A |",
    "| claude-x](javascript:alert(1)) | Active | N/A | N/A |",
    "| claude-pipe\\|`tick` ``a`b`` &#10;## Fake heading&#10;- **en**: fake | Active | N/A | N/A |",
    # (A NUL would be U+FFFD, CommonMark's rule, and an id that is not ASCII is refused:
    # tests/test_trust.py.)
    "| claude-ctl\x1b[31m\x07 | Active | N/A | N/A |",
]
INJECTED_SECTION = (
    "### 2026-09-01: &lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](javascript:alert(1)) "
    "a\\|b `c`\n\n"
    "| Retirement date | Deprecated model | Recommended replacement |\n"
    "| --- | --- | --- |\n"
    "| October 1, 2027 | `claude-opus-5` | `<img src=x onerror=alert(1)>](javascript:alert(1))` |\n"
    "\n"
)


def injected_page() -> str:
    page = fixture_page("en")
    last_row = "| claude-3-haiku-20240307    | Retired       | February 19, 2026 | April 20, 2026"
    index = page.index(last_row)
    end = page.index("\n", index)
    page = page[:end] + "\n" + "\n".join(INJECTED_ROWS) + page[end:]
    newest = page.index("### 2026-06-05")
    return page[:newest] + INJECTED_SECTION + page[newest:]


def rendered_changelog(snapshots: Path) -> str:
    """CHANGELOG.md as GitHub would show it: CommonMark with raw HTML allowed, plus tables."""
    markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    html: str = markdown.render((snapshots / "CHANGELOG.md").read_text(encoding="utf-8"))
    return html


def assert_inert(html: str) -> None:
    """No element or link came from page text, and the text itself is still there."""
    assert "<script" not in html and "<img" not in html
    assert 'href="javascript:' not in html
    assert "<h2>Fake heading" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_injected_cells_land_escaped_in_changelog_and_feeds(docs: Docs, snapshots: Path) -> None:
    """Markup, links, pipes, backticks, newlines and control characters stay inert text."""
    docs.serve_page("en", injected_page())
    result = run(docs, snapshots)
    assert result.exit_code == 0, result.output

    changelog = (snapshots / "CHANGELOG.md").read_text(encoding="utf-8")
    assert_inert(rendered_changelog(snapshots))
    # A newline or `## ` in a cell starts no heading or entry of its own: one line per event.
    headings = {line for line in changelog.splitlines() if line.startswith("#")}
    assert headings == {
        "# Changelog: Claude model deprecations",
        "## Retiring soon",
        f"## {RUN_DAY}",
        f"## {BASELINE_DAY}",
    }
    entries = changelog.split(f"## {RUN_DAY}\n", 1)[1].splitlines()
    assert all(line.startswith(('- <a id="event-', "  - ", "#")) for line in entries if line)

    atom = feedparser.parse((snapshots / "feed.atom").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    titles = [entry.title for entry in atom.entries]
    assert f"[en] {SCRIPT} added: active; no retirement date" in titles
    assert f"[en] claude-x{LINK} added: active; no retirement date" in titles
    # ESC and BEL dropped by the parser.
    assert "[en] claude-ctl[31m added: active; no retirement date" in titles
    feed = json.loads((snapshots / "feed.json").read_text(encoding="utf-8"))
    assert f"[en] {SCRIPT} added: active; no retirement date" in [i["title"] for i in feed["items"]]
    announcement = next(t for t in titles if "New announcement" in t)
    assert f"{SCRIPT} [click](javascript:alert(1)) a|b c" in announcement


def test_injected_cells_land_escaped_in_the_job_summary(
    docs: Docs, snapshots: Path, tmp_path: Path
) -> None:
    """summary.md (the GitHub job summary, rendered as HTML) shows page text as text."""
    docs.serve_page("en", injected_page())
    report = tmp_path / "report"
    assert run(docs, snapshots, "--report-dir", str(report)).exit_code == 0
    assert_inert(MarkdownIt("commonmark").render((report / "summary.md").read_text()))


def test_injected_status_word_is_escaped_in_the_problem_report(
    docs: Docs, snapshots: Path, tmp_path: Path
) -> None:
    """A rejection quotes what it saw: on the console in one line, in problem.md escaped."""
    row = "| claude-opus-4-7            | Active        |"
    page = fixture_page("en").replace(
        row, "| claude-opus-4-7 | &lt;script&gt;alert(1)&lt;/script&gt; |"
    )
    docs.serve_page("en", page)
    report = tmp_path / "report"
    result = run(docs, snapshots, "--report-dir", str(report))
    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == (
        f"error: en: rejected by the lifecycle-words check: unknown lifecycle word '{SCRIPT}' "
        "for model claude-opus-4-7\n"
    )
    problem = MarkdownIt("commonmark").render((report / "problem.md").read_text(encoding="utf-8"))
    assert "<script" not in problem
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in problem


def test_nothing_new_on_a_later_day_rewrites_no_file(docs: Docs, snapshots: Path) -> None:
    """The same pages a day later: no event, and no file rewritten (git status stays clean)."""
    before = stored(snapshots)
    result = run(docs, snapshots, day="2026-09-03")
    assert (result.exit_code, result.stdout) == (0, "no changes\n")
    assert stored(snapshots) == before
