"""A network run reads its pages in two processes: this one and a reader forked before the
fetch (#29). What it publishes is the same as with one reader, whatever the child does."""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper import forking, pipeline
from scraper.cli import cli
from scraper.fetch.forked import ForkedReader
from scraper.fetch.pages import FetchedPage
from scraper.publish.files import publish
from scraper.records import HttpValidators
from scraper.track import review as track_review
from tests.conftest import PAGES
from tests.test_run_http import SERVED, run_arguments, serve_with_etags, snapshot_files


def page(locale: str, content: bytes = b"# a page") -> FetchedPage:
    return FetchedPage(
        locale, f"https://example.test/{locale}", "markdown", content, HttpValidators()
    )


def reading(fetched: FetchedPage) -> tuple[int, str, int]:
    """What the child works out: which process read the page, and something of the page."""
    if fetched.locale == "fails":
        raise ValueError("this page cannot be read")
    if fetched.locale == "dies":
        os._exit(3)
    return os.getpid(), fetched.locale, len(fetched.content)


def gone(pid: int) -> bool:
    """The process was reaped (no zombie left): waiting for it finds no child."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def _without_times(content: bytes) -> bytes:
    """The file, less when the server made each copy (its Date header, to the second)."""
    return re.sub(rb'"served_at": "[^"]*"', b'"served_at": ""', content)


def _run_written(httpserver: HTTPServer, snapshots: Path) -> dict[Path, bytes]:
    """A run into `snapshots` against the server, on a fixed day: the files it wrote, by
    their path in the directory, without the times that differ from run to run."""
    arguments = [*run_arguments(httpserver, snapshots), "--as-of", "2026-09-02"]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    return {
        path.relative_to(snapshots): _without_times(content)
        for path, (content, _) in snapshot_files(snapshots).items()
    }


def test_pages_are_read_in_another_process_and_their_results_come_back() -> None:
    """Each page is read in the child (another pid), its result unpickled here, in order."""
    reader = ForkedReader.start(reading)
    assert reader is not None
    try:
        results = [
            reader.read(page(locale, b"x" * size)) for locale, size in (("en", 3), ("de", 70_000))
        ]
    finally:
        reader.close()
    assert results == [(reader.pid, "en", 3), (reader.pid, "de", 70_000)]
    assert reader.pid != os.getpid()
    assert gone(reader.pid)


@pytest.mark.parametrize("locale", ["fails", "dies"])
def test_a_child_that_gives_no_result_is_asked_nothing_more(locale: str) -> None:
    """A reading that raises, or a child that dies, gives None (the run reads the page itself)
    and the child is never asked again; closing it still reaps it."""
    reader = ForkedReader.start(reading)
    assert reader is not None
    try:
        assert reader.read(page(locale)) is None
        assert reader.read(page("en")) is None
    finally:
        reader.close()
    assert gone(reader.pid)


def test_the_child_ignores_ctrl_c_and_ends_when_its_requests_end() -> None:
    """Ctrl-C reaches every process of the terminal's group: the child leaves it to the run.
    It ends by itself once its requests end (as when the run is killed)."""
    reader = ForkedReader.start(reading)
    assert reader is not None
    try:
        os.kill(reader.pid, signal.SIGINT)
        assert reader.read(page("en")) == (reader.pid, "en", 8)
        reader.finish()
        deadline = time.monotonic() + 10
        while os.waitpid(reader.pid, os.WNOHANG) == (0, 0):
            assert time.monotonic() < deadline, "the child outlived its requests"
            time.sleep(0.01)
    finally:
        reader.close()
    assert gone(reader.pid)


def test_a_run_with_a_second_reader_publishes_what_one_reader_publishes(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same pages read by one process or by two give the same files, byte for byte (this
    process slowed down so that the child reads some of them); none of the run's processes
    outlives it."""
    used: list[object] = []
    children: list[int] = []
    start, read = ForkedReader.start, ForkedReader.read

    def counted_start(read: Callable[[FetchedPage], object]) -> ForkedReader[object] | None:
        reader: ForkedReader[object] | None = start(read)
        if reader is not None:
            children.append(reader.pid)
        return reader

    def counted_read(self: ForkedReader[object], fetched: FetchedPage) -> object:
        result = read(self, fetched)
        used.append(result)
        return result

    parent, review = os.getpid(), track_review.review

    def slow_here(*arguments: Any, **keywords: Any) -> Any:
        if os.getpid() == parent:  # this process busy with a page: the others go to the child
            time.sleep(0.3)
        return review(*arguments, **keywords)

    monkeypatch.setattr(ForkedReader, "start", counted_start)
    monkeypatch.setattr(ForkedReader, "read", counted_read)
    monkeypatch.setattr(pipeline, "review", slow_here)
    serve_with_etags(httpserver, [])
    written = {}
    for readers in ("one", "two"):
        monkeypatch.setattr(pipeline, "spare_core", lambda readers=readers: readers == "two")
        # The directory's name is in the feeds' links: the same in both runs.
        written[readers] = _run_written(httpserver, tmp_path / readers / "snapshots")
    assert written["one"] == written["two"]
    assert len(children) == 1 and gone(children[0])
    assert used and all(result is not None for result in used)
    assert 1 <= len(used) < len(SERVED)


def test_a_first_run_plans_and_renders_while_its_second_copies_are_on_their_way(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page of a first run waits for a second copy: its plan and files are worked out
    meanwhile (this server sends the second copies only once the files of the pages are
    rendered), and they are the files a run without that head start writes."""
    rendered = threading.Event()
    answered_after: list[bool] = []

    def rendering(*arguments: Any) -> dict[str, bytes]:
        files = publish(*arguments)
        if arguments[3]:  # rendered from pages: not the files of "nothing changed"
            rendered.set()
        return files

    def answer(request: Request) -> Response:
        if request.headers.get("Cache-Control") == "no-cache":  # a second copy
            answered_after.append(rendered.wait(10))
        locale = request.path.split("/")[2]
        body = (PAGES / f"{SERVED[locale]}.md").read_bytes()
        return Response(body, headers={"Content-Type": "text/markdown"})

    for locale in SERVED:
        path = f"/docs/{locale}/about-claude/model-deprecations.md"
        httpserver.expect_request(path).respond_with_handler(answer)
    monkeypatch.setattr(pipeline, "publish", rendering)
    written = {}
    for ahead in (False, True):
        if not ahead:  # no head start: the plan only once every second copy is in
            monkeypatch.setattr(pipeline._Ahead, "confirming", lambda self, firsts: None)
            rendered.set()
        else:
            monkeypatch.undo()
            monkeypatch.setattr(pipeline, "publish", rendering)
            rendered.clear()
            answered_after.clear()
        written[ahead] = _run_written(httpserver, tmp_path / str(ahead) / "snapshots")
    assert answered_after == [True] * len(SERVED)
    assert written[True] == written[False]


@pytest.mark.parametrize(
    ("cores", "load", "spare"),
    [({0, 1}, 0.9, True), ({0, 1}, 1.6, False), ({0, 1}, 3.0, False), ({0}, 0.0, False)],
)
def test_a_second_reader_only_where_a_core_is_idle(
    monkeypatch: pytest.MonkeyPatch, cores: set[int], load: float, spare: bool
) -> None:
    """On a machine other work keeps busy, or with one core, the run reads in one process:
    a second would only share the same cores, and pay its fork and pickling on top."""
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: cores)
    monkeypatch.setattr(os, "getloadavg", lambda: (load, load, load))
    assert forking.spare_core() is spare
