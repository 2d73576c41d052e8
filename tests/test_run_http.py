"""`deprecations run` against a real local docs server: conditional requests end to end."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper import pipeline
from scraper.cli import cli
from scraper.publish.files import publish
from scraper.read.fingerprint import parser_fingerprint
from tests.conftest import PAGES

SERVED = {"en": "en--59934005988", "zh-CN": "zh-CN--57854826696", "zh-TW": "zh-TW--seed"}


def serve_with_etags(
    server: HTTPServer,
    requests: list[tuple[str, str | None]],
    before_answering: Callable[[], None] = lambda: None,
) -> None:
    """Serve each locale's Markdown with an ETag, answering 304 to a matching If-None-Match."""
    for locale, fixture in SERVED.items():
        body = (PAGES / f"{fixture}.md").read_bytes()
        etag = f'"{fixture}"'

        def handler(request: Request, body: bytes = body, etag: str = etag) -> Response:
            requests.append((request.path, request.headers.get("If-None-Match")))
            before_answering()
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            return Response(body, headers={"ETag": etag, "Content-Type": "text/markdown"})

        server.expect_request(
            f"/docs/{locale}/about-claude/model-deprecations.md"
        ).respond_with_handler(handler)


def run_arguments(server: HTTPServer, snapshots: Path) -> list[str]:
    """`deprecations run` against the local server, for the served languages."""
    base = server.url_for("/").rstrip("/")
    return ["run", "--snapshots", str(snapshots), "--base-url", base, "--locales", ",".join(SERVED)]


def snapshot_files(snapshots: Path) -> dict[Path, tuple[bytes, int]]:
    return {
        path: (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def test_second_run_against_unchanged_server_writes_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Run 1 records the pages and their ETags; run 2 gets 304s, parses nothing, writes nothing."""
    requests: list[tuple[str, str | None]] = []
    serve_with_etags(httpserver, requests)
    snapshots = tmp_path / "snapshots"
    arguments = [*run_arguments(httpserver, snapshots), "--as-of", "2026-09-02"]
    first = CliRunner().invoke(cli, arguments)
    assert first.exit_code == 0, first.output
    assert sorted(p.stem for p in (snapshots / "model-deprecations").glob("*.json")) == sorted(
        SERVED
    )
    assert all(sent is None for _, sent in requests)
    before = snapshot_files(snapshots)

    requests.clear()
    second = CliRunner().invoke(cli, arguments)
    assert second.exit_code == 0, second.output
    assert sorted(requests) == sorted(
        (f"/docs/{locale}/about-claude/model-deprecations.md", f'"{fixture}"')
        for locale, fixture in SERVED.items()
    )
    assert second.output.count("unchanged markdown (304 Not Modified") == len(SERVED)
    assert second.output.rstrip().endswith("no changes")
    assert snapshot_files(snapshots) == before


def test_an_unchanged_run_renders_its_files_while_its_pages_are_on_their_way(
    httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most runs find nothing new: the files they publish are rendered while the pages are
    on their way (this server answers only once they are), the same files as ever."""
    rendered = threading.Event()
    answered_after: list[bool] = []
    requests: list[tuple[str, str | None]] = []
    serve_with_etags(httpserver, requests, lambda: answered_after.append(rendered.wait(10)))

    def rendering(*arguments: Any) -> dict[str, bytes]:
        files = publish(*arguments)
        rendered.set()
        return files

    monkeypatch.setattr(pipeline, "publish", rendering)
    snapshots = tmp_path / "snapshots"
    arguments = [*run_arguments(httpserver, snapshots), "--as-of", "2026-09-02"]
    assert CliRunner().invoke(cli, arguments).exit_code == 0
    before = snapshot_files(snapshots)
    rendered.clear()
    answered_after.clear()
    second = CliRunner().invoke(cli, arguments)
    assert second.exit_code == 0, second.output
    assert second.output.rstrip().endswith("no changes")
    assert answered_after == [True] * len(SERVED)
    assert snapshot_files(snapshots) == before


def test_a_new_parser_reads_unchanged_pages_again(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Validators stored by another parser version are not sent: the pages are parsed anew."""
    requests: list[tuple[str, str | None]] = []
    serve_with_etags(httpserver, requests)
    snapshots = tmp_path / "snapshots"
    arguments = run_arguments(httpserver, snapshots)
    assert CliRunner().invoke(cli, arguments).exit_code == 0
    state = json.loads((snapshots / "state.json").read_text(encoding="utf-8"))
    assert state["parser"] == parser_fingerprint()
    state["parser"] = "an-older-parser"
    (snapshots / "state.json").write_text(json.dumps(state), encoding="utf-8")
    requests.clear()
    again = CliRunner().invoke(cli, arguments)
    assert again.exit_code == 0, again.output
    assert [sent for _, sent in requests] == [None] * len(SERVED)
    assert "304" not in again.output
    saved = json.loads((snapshots / "state.json").read_text(encoding="utf-8"))
    assert saved["parser"] == parser_fingerprint()


def serve_in_turn(server: HTTPServer, bodies: list[bytes]) -> list[str]:
    """Serve the English Markdown page: BODIES in turn, the last one from then on."""
    served: list[str] = []

    def handler(request: Request) -> Response:
        served.append(request.path)
        body = bodies.pop(0) if len(bodies) > 1 else bodies[0]
        return Response(body, headers={"Content-Type": "text/markdown"})

    server.expect_request("/docs/en/about-claude/model-deprecations.md").respond_with_handler(
        handler
    )
    return served


def without_model(page: bytes, model: str) -> bytes:
    """The page without the status table's row for MODEL (its first cell is the id)."""
    lines = page.decode().splitlines(keepends=True)
    kept = [line for line in lines if [cell.strip() for cell in line.split("|")[1:2]] != [model]]
    return "".join(kept).encode()


GONE = "claude-3-haiku-20240307"


def english_run(server: HTTPServer, snapshots: Path, day: str) -> list[str]:
    base = server.url_for("/").rstrip("/")
    return [
        "run",
        "-q",
        "--snapshots",
        str(snapshots),
        "--base-url",
        base,
        "--locales",
        "en",
        "--as-of",
        day,
    ]


def test_a_removal_is_published_once_a_second_copy_says_the_same(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """The page lost a model: fetched twice in the run, the same twice, so it is an event."""
    page = (PAGES / "en--59934005988.md").read_bytes()
    assert without_model(page, GONE).count(GONE.encode()) == page.count(GONE.encode()) - 1
    # The first run's baseline is confirmed by a second copy too.
    bodies = [page, page, without_model(page, GONE)]
    served = serve_in_turn(httpserver, bodies)
    snapshots = tmp_path / "snapshots"
    assert CliRunner().invoke(cli, english_run(httpserver, snapshots, "2026-09-01")).exit_code == 0
    served.clear()
    result = CliRunner().invoke(cli, english_run(httpserver, snapshots, "2026-09-02"))
    assert result.exit_code == 0, result.output
    assert len(served) == 2
    events = json.loads((snapshots / "events.json").read_text(encoding="utf-8"))["events"]
    assert [(e["type"], e["model"]) for e in events if e["detected_at"] == "2026-09-02"] == [
        ("model_removed", GONE)
    ]
    assert result.stderr == ""


def test_a_removal_a_second_copy_contradicts_writes_nothing(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    """One stale or cut copy among good ones: exit 3, one line saying why, every file as it was."""
    page = (PAGES / "en--59934005988.md").read_bytes()
    bodies = [page, page, without_model(page, GONE), page]
    served = serve_in_turn(httpserver, bodies)
    snapshots = tmp_path / "snapshots"
    assert CliRunner().invoke(cli, english_run(httpserver, snapshots, "2026-09-01")).exit_code == 0
    before = snapshot_files(snapshots)
    served.clear()
    result = CliRunner().invoke(cli, english_run(httpserver, snapshots, "2026-09-02"))
    assert result.exit_code == 3, result.output
    assert len(served) == 2
    rejected = [line for line in result.stderr.splitlines() if "confirmation check" in line]
    assert len(rejected) == 1 and GONE in rejected[0] and "second copy" in rejected[0]
    assert snapshot_files(snapshots) == before
