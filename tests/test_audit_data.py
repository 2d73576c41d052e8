"""Where audit's model data comes from: the package, a snapshots directory, or a URL (cached)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import stamina
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.answers.data import packaged_bytes
from scraper.cli import cli
from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
INDEX = (FIXTURES / "audit" / "models.json").read_bytes()
AS_OF = ["--as-of", "2026-11-27"]


@pytest.fixture(autouse=True)
def _no_waiting_and_own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stamina.set_testing(True, attempts=3)


@pytest.fixture
def code(tmp_path: Path) -> Path:
    """A one-file code base calling a model the fixture index says is deprecated."""
    directory = tmp_path / "code"
    directory.mkdir()
    (directory / "a.py").write_text('"claude-3-5-haiku-20241022"\n')
    return directory


def _audit(code: Path, *options: str) -> Result:
    return CliRunner().invoke(cli, ["audit", str(code), "--format", "json", *AS_OF, *options])


def _models(result: Result) -> list[str]:
    return [finding["model"] for finding in json.loads(result.stdout)["findings"]]


def test_packaged_models_json_is_the_committed_snapshot() -> None:
    """The package ships snapshots/models.json byte for byte (a link, so it cannot fall behind)."""
    assert packaged_bytes() == (ROOT / "snapshots" / "models.json").read_bytes()
    assert (ROOT / "scraper" / "data" / "models.json").is_symlink()


def test_default_data_is_the_packaged_index(tmp_path: Path) -> None:
    """Without --snapshots or --data, the installed package's models.json answers."""
    (tmp_path / "a.py").write_text("claude-2.1\n")

    result = CliRunner().invoke(cli, ["audit", str(tmp_path), "--format", "json"])

    assert _models(result) == ["claude-2.1"]
    assert result.exit_code == 1


def test_data_url_is_fetched_cached_and_revalidated(code: Path, httpserver: HTTPServer) -> None:
    """First run: a 200 with an ETag; second: If-None-Match, a 304, the cached copy used."""
    seen: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304, headers={"ETag": '"v1"'})
        return Response(INDEX, headers={"ETag": '"v1"', "Content-Type": "application/json"})

    httpserver.expect_request("/models.json").respond_with_handler(handler)
    url = httpserver.url_for("/models.json")

    first = _audit(code, "--data", url)
    second = _audit(code, "--data", url)

    assert seen == [None, '"v1"']
    assert _models(first) == _models(second) == ["claude-3-5-haiku-20241022"]
    assert httpserver.log[0][0].headers["User-Agent"].startswith("claude-deprecations/")
    assert first.stderr == second.stderr == "1 warning in 1 file scanned\n"


def test_offline_uses_the_cached_copy_and_says_so(code: Path) -> None:
    """The server goes away after one fetch: the cached copy is used, named on stderr."""
    server = HTTPServer(host="127.0.0.1", port=0)  # its own: this test stops it
    server.start()
    server.expect_request("/models.json").respond_with_data(INDEX)
    url = server.url_for("/models.json")
    assert _audit(code, "--data", url).exit_code == 0
    server.stop()

    result = _audit(code, "--data", url)

    assert _models(result) == ["claude-3-5-haiku-20241022"]
    assert result.stderr.startswith(f"warning: cannot fetch {url} (")
    assert "using the copy cached at" in result.stderr


def test_offline_without_cache_falls_back_to_the_packaged_copy(code: Path) -> None:
    """Nothing listening and nothing cached: the packaged models.json, and stderr says so."""
    url = "http://127.0.0.1:9/models.json"  # discard port: connection refused

    result = _audit(code, "--data", url)

    assert result.exit_code in (0, 1)
    assert result.stderr.splitlines()[0].startswith(f"warning: cannot fetch {url} (")
    assert result.stderr.splitlines()[0].endswith("using the packaged models.json instead")


def test_server_errors_are_retried_then_fall_back(code: Path, httpserver: HTTPServer) -> None:
    """A 503 is retried (3 attempts), then treated like no network."""
    httpserver.expect_request("/models.json").respond_with_data("busy", status=503)

    result = _audit(code, "--data", httpserver.url_for("/models.json"))

    assert len(httpserver.log) == 3
    assert "(HTTP 503); using the packaged models.json instead" in result.stderr


@pytest.mark.parametrize(
    ("status", "body", "exit_code", "message"),
    [
        (404, b"not found", 4, "HTTP 404"),
        (200, b"<html>login</html>", 5, "not a models.json"),
        (200, b'{"models": "none"}', 5, "not a models.json: models"),
    ],
)
def test_a_url_that_answers_wrongly_is_an_error(
    code: Path, httpserver: HTTPServer, status: int, body: bytes, exit_code: int, message: str
) -> None:
    """A 404 or a body that is not a models.json: one `error:` line, nothing cached."""
    httpserver.expect_request("/models.json").respond_with_data(body, status=status)
    url = httpserver.url_for("/models.json")

    result = _audit(code, "--data", url)

    assert result.exit_code == exit_code
    assert result.stderr.startswith(f"error: {url}: ")
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_audit_imports_no_network_or_parsing_library_unless_data_url(code: Path) -> None:
    """A plain audit loads neither httpx, deepdiff, feedgen, bs4 nor lxml; --data loads httpx."""
    heavy = ("httpx", "deepdiff", "feedgen", "bs4", "lxml")
    probe = (
        "import sys\n"
        "from scraper.cli import main\n"
        "try:\n"
        "    main(['audit', *sys.argv[1:]])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)\n"
    )

    def loaded(*options: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", probe, str(code), *options],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "XDG_CACHE_HOME": str(code.parent / "cache")},
        )
        return result.stderr.splitlines()[-1]

    assert loaded() == "[]"
    assert loaded("--format", "sarif", "--fail-within", "30d") == "[]"
    assert "httpx" in loaded("--data", "http://127.0.0.1:9/models.json")
