"""The event log can never contradict the page: every case of issue #23, each as a user meets
it, on saved pages (`run --from`) or a local docs server.

After every run that writes, `log_contradictions` holds: fold(events.json) is what the
snapshots, models.json and drift.json say, no id repeats, no event contradicts the log
before it. Where a run is refused, it says why in one line and every file stays as it was.
"""

from __future__ import annotations

import datetime as dt
import errno
import itertools
import json
import re
import shutil
from collections.abc import Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.cli import cli
from scraper.fetch.sources import page_sources
from scraper.store.snapshots import SnapshotStore
from tests.conftest import FIXTURES, PAGES
from tests.log_checks import log_contradictions
from tests.test_faults import Docs, Reply, no_real_sleeps  # noqa: F401 (a fixture, by name)

ENGLISH = (PAGES / "en--2026-10-10.md").read_text(encoding="utf-8")
INDONESIAN = (PAGES / "id--2026-10-10.md").read_text(encoding="utf-8")
VERTEX = (FIXTURES / "related" / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
DAY = dt.date(2026, 10, 10)
_counter = itertools.count()


def day(offset: int) -> str:
    return (DAY + dt.timedelta(days=offset)).isoformat()


def run(snapshots: Path, pages: Mapping[str, str], when: str, *extra: str) -> Result:
    """`deprecations run --from` over these pages (by key: a language or a related page)."""
    directory = snapshots.parent / "saved" / f"{when}-{next(_counter)}"
    directory.mkdir(parents=True)
    for key, text in pages.items():
        (directory / f"{key}.md").write_text(text, encoding="utf-8")
    arguments = ["run", "-q", "--snapshots", str(snapshots), "--from", str(directory)]
    return CliRunner().invoke(cli, [*arguments, "--as-of", when, *extra])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


def events(snapshots: Path) -> list[dict[str, object]]:
    """events.json's events, oldest first."""
    log: list[dict[str, object]] = json.loads((snapshots / "events.json").read_text())["events"]
    return log[::-1]


def consistent(snapshots: Path) -> None:
    assert log_contradictions(SnapshotStore(snapshots).load()) == []


def files(snapshots: Path) -> dict[str, tuple[bytes, int]]:
    """Every file but the lock: its bytes and modification time."""
    return {
        path.relative_to(snapshots).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def refused(result: Result, code: int, pattern: str) -> None:
    """The exit code, and exactly one line on stderr: `error: …` matching `pattern`."""
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and re.fullmatch(f"error: {pattern}", lines[0]), result.stderr


def row(page: str, model: str) -> str:
    return next(line for line in page.split("\n") if line.startswith(f"| {model} "))


def with_row(page: str, model: str, cells: str) -> str:
    return page.replace(row(page, model), f"| {model} | {cells} |")


def without_row(page: str, model: str) -> str:
    return page.replace(row(page, model) + "\n", "")


# 1. A repeated change is published every time it happens.


def test_a_model_removed_re_added_and_removed_again_ends_removed(tmp_path: Path) -> None:
    """Remove, re-add, remove: three events, the log ends where models.json does."""
    snapshots = tmp_path / "snapshots"
    gone = without_row(ENGLISH, "claude-opus-4-6")
    for offset, page in enumerate([ENGLISH, gone, ENGLISH, gone]):
        ok(run(snapshots, {"en": page}, day(offset)))
    told = [e["type"] for e in events(snapshots) if e["model"] == "claude-opus-4-6"]
    assert told == ["model_removed", "model_added", "model_removed"]
    index = json.loads((snapshots / "models.json").read_text())
    assert "claude-opus-4-6" not in {model["model"] for model in index["models"]}
    consistent(snapshots)


def test_the_same_change_twice_on_one_day_gets_an_id_of_its_own(tmp_path: Path) -> None:
    """A date moved, moved back and moved again the same day: three events, three ids."""
    snapshots = tmp_path / "snapshots"
    moved = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | Not sooner than May 1, 2027")
    for page in [ENGLISH, moved, ENGLISH, moved]:
        ok(run(snapshots, {"en": page}, day(0)))
    dates = [e for e in events(snapshots) if e["type"] == "retirement_date_changed"]
    assert [(e["before"], e["after"]) for e in dates] == [
        ("2027-04-16", "2027-05-01"),
        ("2027-05-01", "2027-04-16"),
        ("2027-04-16", "2027-05-01"),
    ]
    assert len({e["id"] for e in dates}) == 3
    consistent(snapshots)


# 2. Every change is confirmed by a second copy, fetched fresh; a stale copy publishes nothing.


class TurnDocs(Docs):
    """The docs server, whose pages can answer differently from one request to the next."""

    def __init__(self, server: HTTPServer) -> None:
        super().__init__(server)
        self.turns: dict[str, list[Reply]] = {}
        self.requests: list[Request] = []

    def serve_in_turn(self, key: str, *replies: Reply) -> None:
        """The Markdown source answers these in turn, the last from then on."""
        self.turns["/" + page_sources(key, self.base_url)[0].url.split("/", 3)[3]] = list(replies)

    def respond(self, request: Request) -> Response:
        self.requests.append(request)
        turns = self.turns.get(request.path)
        if not turns:
            return super().respond(request)
        reply = turns.pop(0) if len(turns) > 1 else turns[0]
        response = Response(reply.body, status=reply.status, content_type=reply.content_type)
        response.headers.update(reply.headers)
        return response


LOCALES = "en,claude-on-vertex-ai"


@pytest.fixture
def docs(httpserver: HTTPServer) -> TurnDocs:
    docs = TurnDocs(httpserver)
    docs.serve_page("en", ENGLISH)
    docs.serve_page("claude-on-vertex-ai", VERTEX)
    return docs


def run_docs(docs: Docs, snapshots: Path, when: str, *extra: str) -> Result:
    arguments = ["run", "-q", "--snapshots", str(snapshots), "--base-url", docs.base_url]
    return CliRunner().invoke(cli, [*arguments, "--locales", LOCALES, "--as-of", when, *extra])


@pytest.fixture
def served(docs: TurnDocs, tmp_path: Path) -> Path:
    """Snapshots of the pages as the server has them, on DAY."""
    snapshots = tmp_path / "snapshots"
    ok(run_docs(docs, snapshots, day(0)))
    docs.requests.clear()
    return snapshots


def markdown(text: str, **headers: str) -> Reply:
    return Reply(text.encode("utf-8"), headers=headers)


STALE = {
    "a retirement date moved back": (
        "en",
        with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | Not sooner than March 1, 2027"),
    ),
    "a model the page dropped, back": ("en", ENGLISH + "\n"),
    "a platform's Deprecated mark gone": (
        "claude-on-vertex-ai",
        VERTEX.replace("| Claude Sonnet 4 Deprecated.  |", "| Claude Sonnet 4              |"),
    ),
}


@pytest.mark.parametrize("case", STALE)
def test_a_stale_copy_then_the_fresh_one_publishes_nothing(
    docs: TurnDocs, tmp_path: Path, case: str
) -> None:
    """One stale copy from a cache, the fresh page on the second request: exit 3 (the
    confirmation check), nothing written, nothing to take back on the next run."""
    key, stale = STALE[case]
    snapshots = tmp_path / "snapshots"
    current = without_row(ENGLISH, "claude-haiku-5-5") if "dropped" in case else ENGLISH
    docs.serve_page("en", current)
    ok(run_docs(docs, snapshots, day(0)))
    if "dropped" in case:
        stale = ENGLISH
    fresh = current if key == "en" else VERTEX
    before = files(snapshots)
    docs.serve_in_turn(key, markdown(stale), markdown(fresh))
    result = run_docs(docs, snapshots, day(1), "--accept", "backwards")
    says_else = ".*a second copy of the page says something else.*"
    refused(result, 3, f"{key}: rejected by the confirmation check: {says_else}")
    assert files(snapshots) == before
    ok(run_docs(docs, snapshots, day(2)))  # the page as it is: nothing to publish or take back
    assert [e["detected_at"] for e in events(snapshots)][-1] == day(0)
    consistent(snapshots)


def test_the_second_copy_asks_every_cache_for_a_fresh_one(docs: TurnDocs, served: Path) -> None:
    """A change is fetched twice: the second request is not conditional and says no-cache."""
    docs.serve_page("en", with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | May 1, 2027"))
    ok(run_docs(docs, served, day(1)))
    path = "/docs/en/about-claude/model-deprecations.md"
    _, second = [request for request in docs.requests if request.path == path]
    assert (second.headers.get("Cache-Control"), second.headers.get("Pragma")) == (
        "no-cache",
        "no-cache",
    )
    assert "If-None-Match" not in second.headers and "If-Modified-Since" not in second.headers
    assert [e["type"] for e in events(served) if e["detected_at"] == day(1)] == [
        "retirement_date_changed"
    ]


STORED_AT = "Sat, 10 Oct 2026 06:00:00 GMT"


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        (
            {"Last-Modified": "Fri, 09 Oct 2026 06:00:00 GMT"},
            r"a stale copy: Last-Modified Fri, 09 Oct 2026 06:00:00 GMT is before the stored "
            r"copy's \(Sat, 10 Oct 2026 06:00:00 GMT\)",
        ),
        (
            # The server dates every answer now: two days in a cache make it older.
            {"Age": "172800"},
            r"a stale copy: made [-\d]+ [:\d]+ UTC \(Date less Age\), before the stored "
            r"copy \([-\d]+ [:\d]+ UTC\)",
        ),
    ],
    ids=["Last-Modified", "Date less Age"],
)
def test_a_copy_older_than_the_stored_one_is_refused(
    docs: TurnDocs, tmp_path: Path, headers: dict[str, str], reason: str
) -> None:
    """Other content, but older than what is stored by its own dates: a fetch failure (4)."""
    snapshots = tmp_path / "snapshots"
    docs.serve_in_turn("en", markdown(ENGLISH, **{"Last-Modified": STORED_AT}))
    ok(run_docs(docs, snapshots, day(0)))
    before = files(snapshots)
    older = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | Not sooner than March 1, 2027")
    docs.serve_in_turn("en", markdown(older, **headers))
    result = run_docs(docs, snapshots, day(1), "--locales", "en")
    refused(result, 4, f"en: fetch failed: markdown: {reason}; html: HTTP 404")
    assert files(snapshots) == before


# 3. A run stopped by a failed write (a full disk) is finished by the next one, byte for byte.

BEFORE = {"en": "en--81852090", "it": "it--7049210929"}
AFTER = {"en": "en--36054956312", "it": "it--21649214621", "zh-TW": "zh-TW--seed"}
BEFORE_DAY, AFTER_DAY, NEXT_DAY = "2026-01-20", "2026-02-06", "2026-02-07"


def fixtures(pages: Mapping[str, str]) -> dict[str, str]:
    return {key: (PAGES / f"{name}.md").read_text(encoding="utf-8") for key, name in pages.items()}


def contents(snapshots: Path) -> dict[str, bytes]:
    return {name: data for name, (data, _) in files(snapshots).items()}


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    snapshots = tmp_path_factory.mktemp("uninterrupted") / "snapshots"
    ok(run(snapshots, fixtures(BEFORE), BEFORE_DAY))
    ok(run(snapshots, fixtures(AFTER), AFTER_DAY))
    return snapshots


def disk_full_at(monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    """Writing `target` fails as on a full disk (every file goes through write_temporary)."""
    from scraper.store import files as store_files

    real = store_files.write_temporary

    def write_temporary(path: Path, data: bytes) -> Path:
        if path.as_posix().endswith("/" + target):
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, data)

    monkeypatch.setattr(store_files, "write_temporary", write_temporary)


@pytest.mark.parametrize(
    "target", ["model-deprecations/en.json", "drift.json", "models.json", "feed.it.json"]
)
def test_a_rerun_after_a_full_disk_ends_as_an_uninterrupted_run(
    tmp_path: Path, uninterrupted: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    """The disk fills while writing `target`: exit 5 naming it; the rerun the same day ends
    byte for byte as a run never stopped, and one the next day adds no event twice."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, fixtures(BEFORE), BEFORE_DAY))
    with monkeypatch.context() as patch:
        disk_full_at(patch, target)
        refused(
            run(snapshots, fixtures(AFTER), AFTER_DAY), 5, f".*{target}: No space left on device"
        )
    later = tmp_path / "later" / "snapshots"
    shutil.copytree(snapshots, later)
    ok(run(snapshots, fixtures(AFTER), AFTER_DAY))
    assert contents(snapshots) == contents(uninterrupted)
    ok(run(later, fixtures(AFTER), NEXT_DAY))
    assert [e["id"] for e in events(later)] == [e["id"] for e in events(uninterrupted)]
    consistent(later)


def test_a_stopped_run_whose_page_went_back_publishes_the_way_back(tmp_path: Path) -> None:
    """The log was written, the snapshot not, and the page went back before the rerun: what
    the log told is taken back by an event, not left standing against the page."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, {"en": ENGLISH}, day(0)))
    moved = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | Not sooner than May 1, 2027")
    with pytest.MonkeyPatch.context() as patch:
        disk_full_at(patch, "model-deprecations/en.json")
        refused(run(snapshots, {"en": moved}, day(1)), 5, ".*No space left on device")
    ok(run(snapshots, {"en": ENGLISH}, day(2)))
    dates = [
        (e["before"], e["after"]) for e in events(snapshots) if e["model"] == "claude-opus-4-7"
    ]
    assert dates == [("2027-04-16", "2027-05-01"), ("2027-05-01", "2027-04-16")]
    consistent(snapshots)


def test_two_languages_behind_on_one_model_are_told_once_after_a_stop(tmp_path: Path) -> None:
    """English moves a date; zh-CN and id each still show another: two drift events about one
    model and field. Stopped after the log, rerun the next day: each is told once."""
    snapshots = tmp_path / "snapshots"
    chinese = (PAGES / "zh-CN--57854826696.md").read_text(encoding="utf-8")
    ok(run(snapshots, {"en": ENGLISH, "zh-CN": chinese, "id": INDONESIAN}, day(0)))
    later = "Active | N/A | Not sooner than May 1, 2027"
    moved = {
        "en": with_row(ENGLISH, "claude-opus-4-7", later),
        "zh-CN": chinese,
        "id": with_row(
            INDONESIAN, "claude-opus-4-7", "Active | N/A | Not sooner than April 30, 2027"
        ),
    }
    with pytest.MonkeyPatch.context() as patch:
        disk_full_at(patch, "model-deprecations/en.json")
        refused(run(snapshots, moved, day(1)), 5, ".*No space left on device")
    ok(run(snapshots, moved, day(2)))
    drift = [
        e for e in events(snapshots) if e["type"] == "locale_drift" and e["detected_at"] != day(0)
    ]
    assert sorted(str(e["locales"]) for e in drift) == ["['id']", "['zh-CN']"]
    assert {e["detected_at"] for e in drift} == {day(1)}
    consistent(snapshots)


# 4. A missing file is rebuilt, never compared with; a missing log is refused.

RELATED_PAGES = {"en": ENGLISH, "claude-on-vertex-ai": VERTEX}


def test_a_deleted_platform_snapshot_is_read_again_and_publishes_nothing(tmp_path: Path) -> None:
    """Its validators say "unchanged", but the file is gone: the page is read again, the file
    comes back as it was, and no platform id is said removed."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, RELATED_PAGES, day(0)))
    path = snapshots / "claude-on-vertex-ai" / "en.json"
    before = path.read_bytes()
    logged = events(snapshots)
    path.unlink()
    result = ok(run(snapshots, RELATED_PAGES, day(1)))
    assert (
        result.stderr
        == "warning: claude-on-vertex-ai: the missing snapshot was rebuilt from the page\n"
    )
    assert path.read_bytes() == before
    assert events(snapshots) == logged


def test_a_deleted_platform_snapshot_that_cannot_be_read_keeps_its_ids(tmp_path: Path) -> None:
    """The file gone and the page not read this time: models.json keeps what it said of the
    platform, and no id is said removed."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, RELATED_PAGES, day(0)))
    index = (snapshots / "models.json").read_bytes()
    logged = events(snapshots)
    (snapshots / "claude-on-vertex-ai" / "en.json").unlink()
    ok(run(snapshots, {"en": ENGLISH}, day(1)))
    assert events(snapshots) == logged
    assert (snapshots / "models.json").read_bytes() == index


@pytest.mark.parametrize("damage", ["deleted", "not JSON", "empty"])
def test_a_missing_or_unreadable_log_is_refused(tmp_path: Path, damage: str) -> None:
    """Beside other snapshots, the log cannot be rebuilt from pages: exit 5, nothing written
    (not "Nothing recorded yet" over every changelog)."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, {"en": ENGLISH}, day(0)))
    log = snapshots / "events.json"
    if damage == "deleted":
        log.unlink()
    else:
        log.write_text("" if damage == "empty" else "{ not json", encoding="utf-8")
    before = files(snapshots)
    moved = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | May 1, 2027")
    problem = "missing, beside other snapshots.*" if damage == "deleted" else "not valid JSON.*"
    refused(run(snapshots, {"en": moved}, day(1)), 5, f"{re.escape(str(log))}: {problem}")
    assert files(snapshots) == before


@pytest.mark.parametrize("locale", ["en", "id"])
def test_a_deleted_page_snapshot_while_the_page_changed_publishes_the_change(
    tmp_path: Path, locale: str
) -> None:
    """The snapshot is gone and the page moved a model on: the change is published (what was
    published is known from the log, models.json and drift.json), the snapshot rebuilt."""
    snapshots = tmp_path / "snapshots"
    pages = {"en": ENGLISH, "id": INDONESIAN}
    ok(run(snapshots, pages, day(0)))
    (snapshots / "model-deprecations" / f"{locale}.json").unlink()
    retired = with_row(
        pages[locale], "claude-opus-4-6", "Deprecated | October 10, 2026 | May 1, 2027"
    )
    result = ok(run(snapshots, {**pages, locale: retired}, day(1)))
    assert "the missing snapshot was rebuilt from the page" in result.stderr
    told = [
        (e["type"], e["model"], e["locales"])
        for e in events(snapshots)
        if e["detected_at"] == day(1)
    ]
    assert ("status_changed", "claude-opus-4-6", [locale]) in told
    consistent(snapshots)


def with_new_section(page: str, day_seen: str, model: str) -> str:
    """The page with a new history section on top: a copy of the newest one, for `model`."""
    start = page.index("\n### ") + 1
    end = page.index("\n### ", start) + 1
    newest = page[start:end]
    heading_day = newest[4:14]
    old_model = re.search(r"`(claude-[^`]+)`", newest)
    assert old_model is not None
    section = newest.replace(heading_day, day_seen).replace(old_model.group(1), model)
    return page[:start] + section + page[start:]


@pytest.mark.parametrize("locale", ["en", "id"])
def test_a_deleted_page_snapshot_while_the_page_added_a_model_and_a_section(
    tmp_path: Path, locale: str
) -> None:
    """The snapshot is gone and the page now lists a new model and announces a deprecation
    in a new section: both are news (models.json or drift.json never named them), published
    once, and a rerun the same day publishes nothing more."""
    snapshots = tmp_path / "snapshots"
    pages = {"en": ENGLISH, "id": INDONESIAN}
    ok(run(snapshots, pages, day(0)))
    (snapshots / "model-deprecations" / f"{locale}.json").unlink()
    page = with_row(pages[locale], "claude-opus-4-6", "Deprecated | October 11, 2026 | May 1, 2027")
    new_row = "| claude-opus-6 | Active | N/A | Not sooner than October 1, 2027 |"
    page = page.replace(row(page, "claude-opus-4-6"), row(page, "claude-opus-4-6") + "\n" + new_row)
    page = with_new_section(page, day(1), "claude-opus-4-6")
    changed = {**pages, locale: page}
    ok(run(snapshots, changed, day(1)))
    told = {
        (e["type"], e["model"] or e["announcement"])
        for e in events(snapshots)
        if e["detected_at"] == day(1) and locale in e["locales"]  # type: ignore[operator]
    }
    assert {
        ("status_changed", "claude-opus-4-6"),
        ("model_added", "claude-opus-6"),
        ("announcement_added", day(1)),
    } <= told
    logged = events(snapshots)
    ok(run(snapshots, changed, day(1)))
    assert events(snapshots) == logged
    consistent(snapshots)


@pytest.mark.parametrize("name", ["drift.json", "models.json", "state.json", "CHANGELOG.md"])
def test_a_deleted_document_is_rebuilt_as_it_was(tmp_path: Path, name: str) -> None:
    """models.json, drift.json, state.json or a changelog gone: rebuilt the same day to the
    same bytes, with no event."""
    snapshots = tmp_path / "snapshots"
    pages = {"en": ENGLISH, "id": INDONESIAN, **RELATED_PAGES}
    ok(run(snapshots, {"en": ENGLISH, "id": INDONESIAN}, day(0)))
    ok(run(snapshots, pages, day(1)))
    before = contents(snapshots)
    (snapshots / name).unlink()
    ok(run(snapshots, pages, day(1)))
    assert contents(snapshots) == before


# 5. Time only moves forward.


def shifted_log(snapshots: Path, days: int) -> None:
    """events.json as a machine whose clock is ahead by `days` would have written it."""
    path = snapshots / "events.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    for event in document["events"]:
        day_seen = dt.date.fromisoformat(event["detected_at"]) + dt.timedelta(days=days)
        event["detected_at"] = day_seen.isoformat()
    path.write_text(json.dumps(document), encoding="utf-8")


def test_a_clock_behind_the_log_is_refused(tmp_path: Path) -> None:
    """A runner whose clock is behind the newest day in the log: exit 5, both dates, nothing
    written."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, {"en": ENGLISH}, day(0)))
    today = dt.datetime.now(dt.UTC).date()
    shifted_log(snapshots, (today - DAY).days + 2)
    before = files(snapshots)
    saved = tmp_path / "today"
    saved.mkdir()
    (saved / "en.md").write_text(ENGLISH, encoding="utf-8")
    arguments = ["run", "-q", "--snapshots", str(snapshots), "--from", str(saved)]
    newest = today + dt.timedelta(days=2)
    refused(
        CliRunner().invoke(cli, arguments),
        5,
        f"today is {today} by this machine's clock \\(UTC\\), before {newest}, the newest day "
        "in .*events.json: is the clock behind\\? nothing was written",
    )
    assert files(snapshots) == before


@pytest.mark.parametrize(
    ("as_of", "why"),
    [("2099-01-01", "is after today"), (day(-1), f"is before {day(0)}, the newest day in")],
)
def test_a_retraction_out_of_time_is_refused_and_later_runs_go_on(
    tmp_path: Path, as_of: str, why: str
) -> None:
    """`retract --as-of` after today, or before the newest day in the log: exit 2, nothing
    written, and the next run works."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, {"en": ENGLISH}, day(0)))
    target = str(events(snapshots)[0]["id"])
    before = files(snapshots)
    arguments = ["retract", target, "--reason", "wrong", "--snapshots", str(snapshots)]
    result = CliRunner().invoke(cli, [*arguments, "--as-of", as_of])
    refused(result, 2, f"--as-of {as_of} {why}.*")
    assert files(snapshots) == before
    ok(run(snapshots, {"en": ENGLISH}, day(1)))


def test_a_run_dated_before_what_its_page_gives_as_past_is_refused(tmp_path: Path) -> None:
    """--as-of before the page's newest announcement (2026-09-30): exit 2, both dates."""
    snapshots = tmp_path / "snapshots"
    result = run(snapshots, {"en": ENGLISH}, "2026-09-29")
    refused(
        result,
        2,
        "--as-of 2026-09-29 is before 2026-09-30, which the en page gives as past "
        "\\(the announcement of 2026-09-30\\); .*",
    )
    assert not (snapshots / "events.json").exists()


def test_a_page_announcing_tomorrow_means_the_clock_is_behind(tmp_path: Path) -> None:
    """Without --as-of, a page whose newest announcement is tomorrow: exit 5, nothing written."""
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    page = ENGLISH.replace("### 2026-09-30:", f"### {tomorrow}:")
    snapshots = tmp_path / "snapshots"
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / "en.md").write_text(page, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["run", "-q", "--snapshots", str(snapshots), "--from", str(saved)]
    )
    refused(result, 5, f"today is .* before {tomorrow}, which the en page gives as past .*")
    assert not (snapshots / "events.json").exists()


# 6. Contradictions are held by the plausibility gate.

CONTRADICTIONS = {
    "retired, its retirement date ahead": (
        "en",
        with_row(ENGLISH, "claude-opus-4-7", "Retired | June 9, 2026 | April 16, 2027"),
        "premature",
        "a model is marked before its date .*claude-opus-4-7 retired, its retirement date "
        "2027-04-16 ahead.*",
    ),
    "deprecated, its deprecation date ahead": (
        "en",
        with_row(ENGLISH, "claude-opus-4-7", "Deprecated | December 1, 2026 | April 16, 2027"),
        "premature",
        ".*claude-opus-4-7 deprecated, its deprecation date 2026-12-01 ahead.*",
    ),
    "a platform's mark gone": (
        "claude-on-vertex-ai",
        VERTEX.replace("| Claude Sonnet 4 Deprecated.  |", "| Claude Sonnet 4              |"),
        "backwards",
        "a platform's lifecycle moved backwards: claude-sonnet-4@20250514 deprecated → no mark.*",
    ),
    "a platform's mark moving back": (
        "claude-on-vertex-ai",
        VERTEX.replace("| Claude Sonnet 3.7 Retired.   |", "| Claude Sonnet 3.7 Deprecated. |"),
        "backwards",
        ".*claude-3-7-sonnet@20250219 retired → deprecated.*",
    ),
}


@pytest.mark.parametrize("case", CONTRADICTIONS)
def test_a_contradiction_is_held_until_a_person_accepts_it(tmp_path: Path, case: str) -> None:
    """Exit 3, one line naming the check; `--accept CHECK` publishes it."""
    key, page, check, detail = CONTRADICTIONS[case]
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, RELATED_PAGES, day(0)))
    before = files(snapshots)
    changed = {**RELATED_PAGES, key: page}
    refused(
        run(snapshots, changed, day(1)),
        3,
        f"{key}: rejected by the {check} check: {detail}; pass --accept {check} if that is real",
    )
    assert files(snapshots) == before
    ok(run(snapshots, changed, day(1), "--accept", check))
    assert events(snapshots)[-1]["detected_at"] == day(1)
    consistent(snapshots)


# 7. A run that read no page writes nothing.


def test_a_run_that_reads_no_page_writes_nothing(docs: TurnDocs, served: Path) -> None:
    """Every page fails (the docs are down) on a later day: exit 4, not one file rewritten."""
    before = files(served)
    down = Reply(b"down", status=404, content_type="text/plain")
    for key in LOCALES.split(","):
        docs.serve(key, down, down)
    result = run_docs(docs, served, day(30))
    assert result.exit_code == 4, result.output
    assert files(served) == before


# 8. Confirmation across two runs.


def test_next_run_confirmation_publishes_a_change_the_second_time_it_is_seen(
    tmp_path: Path,
) -> None:
    """`--confirm next-run`: seen once, nothing but state.json is written; seen again, it is
    published; a page that changed again in between waits again."""
    snapshots = tmp_path / "snapshots"
    ok(run(snapshots, {"en": ENGLISH}, day(0)))
    first = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | May 1, 2027")
    second = with_row(ENGLISH, "claude-opus-4-7", "Active | N/A | June 1, 2027")
    before = contents(snapshots)
    for when, page in [(day(1), first), (day(2), second)]:
        result = ok(run(snapshots, {"en": page}, when, "--confirm", "next-run"))
        assert "published when the next run sees the same" in result.stderr
        changed = {k for k, v in contents(snapshots).items() if before.get(k) != v}
        assert changed == {"state.json"}
    ok(run(snapshots, {"en": second}, day(3), "--confirm", "next-run"))
    told = [
        (e["detected_at"], e["after"]) for e in events(snapshots) if e["model"] == "claude-opus-4-7"
    ]
    assert told == [(day(3), "2027-06-01")]
    consistent(snapshots)
