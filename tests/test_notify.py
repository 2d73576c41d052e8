"""The webhook: one payload for Slack and Discord, sent from a run's report, never a traceback."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from scraper.commands.notify import command as notify_command
from scraper.publish.notify import (
    DISCORD_CONTENT_LIMIT,
    build_payload,
    changelog_url,
    notify_from_report,
)
from tests.conftest import COMMIT_MESSAGE

LINK = "https://github.com/someone/claude-deprecations/blob/main/snapshots/CHANGELOG.md"


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "report"
    directory.mkdir()
    (directory / "commit-message.txt").write_text(COMMIT_MESSAGE, encoding="utf-8")
    (directory / "summary.md").write_text("## 2025-12-19\n\n| model | … |\n", encoding="utf-8")
    return directory


def _posted_json(httpserver: HTTPServer) -> list[object]:
    return [json.loads(request.get_data(as_text=True)) for request, _ in httpserver.log]


def test_payload_carries_the_message_for_slack_and_discord_and_pings_nobody() -> None:
    """Both `text` (Slack) and `content` (Discord) hold the message and link; mentions are off."""
    payload = build_payload(COMMIT_MESSAGE, LINK)

    expected = COMMIT_MESSAGE.strip() + f"\n\nChangelog: <{LINK}>"
    assert payload == {"text": expected, "content": expected, "allowed_mentions": {"parse": []}}


def test_page_text_cannot_ping_or_inject_slack_markup() -> None:
    """`<!channel>`, `@everyone` and `&` from the page are inert in both dialects."""
    payload = build_payload("1 change: a & b <!channel> @everyone @here <@U123>", LINK)

    assert payload["text"] == (
        f"1 change: a &amp; b &lt;!channel&gt; @everyone @here &lt;@U123&gt;\n\nChangelog: <{LINK}>"
    )
    assert "@everyone" not in payload["content"]
    assert "@here" not in payload["content"]
    assert "@\u200beveryone @\u200bhere" in payload["content"]
    assert payload["allowed_mentions"] == {"parse": []}


def test_long_message_is_cut_to_discords_limit_and_keeps_the_link() -> None:
    """A message past 2000 characters ends in an ellipsis, then the link, within the limit."""
    long_message = "50 changes: many models\n\n" + "\n".join(
        f"- claude-model-{index:03}: status active → deprecated" for index in range(200)
    )

    payload = build_payload(long_message, LINK)

    # Cut at a word boundary's trailing space at most: full, but never over.
    assert DISCORD_CONTENT_LIMIT - 2 <= len(payload["content"]) <= DISCORD_CONTENT_LIMIT
    assert payload["content"].endswith(f"…\n\nChangelog: <{LINK}>")
    assert payload["content"].startswith("50 changes: many models\n\n- claude-model-000")
    assert payload["text"] == payload["content"]


def test_no_link_means_no_changelog_line() -> None:
    """Outside GitHub Actions (no link), the message is the commit message alone."""
    assert build_payload(COMMIT_MESSAGE)["content"] == COMMIT_MESSAGE.strip()


def test_changelog_url_comes_from_github_actions_variables() -> None:
    """The link points at snapshots/CHANGELOG.md on the branch the workflow ran on."""
    environ = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "someone/claude-deprecations",
        "GITHUB_REF_NAME": "main",
    }
    assert changelog_url(environ) == LINK
    assert changelog_url({}) is None


def test_slack_style_ok_answer_is_success(
    httpserver: HTTPServer, report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A Slack webhook (200, body `ok`) gets exactly the built payload, and the exit code is 0."""
    httpserver.expect_oneshot_request("/slack", method="POST").respond_with_data("ok")

    code = notify_from_report(report_dir, httpserver.url_for("/slack"), link=LINK)

    assert code == 0
    assert _posted_json(httpserver) == [build_payload(COMMIT_MESSAGE, LINK)]
    request, _ = httpserver.log[0]
    assert request.headers["Content-Type"] == "application/json"
    assert capsys.readouterr().err == "Webhook notified (HTTP 200).\n"


def test_discord_style_no_content_answer_is_success(
    httpserver: HTTPServer, report_dir: Path
) -> None:
    """A Discord webhook (204, no body) is a success too."""
    httpserver.expect_oneshot_request("/discord", method="POST").respond_with_response(
        Response(status=204)
    )

    assert notify_from_report(report_dir, httpserver.url_for("/discord"), link=LINK) == 0
    assert len(httpserver.log) == 1


def test_server_error_is_one_line_without_the_secret_url(
    httpserver: HTTPServer, report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 500 gives exit 1 and one `error:` line with the status, never a traceback or the URL."""
    httpserver.expect_oneshot_request("/hook/secret-token").respond_with_data(
        "upstream\nexploded", status=500
    )
    url = httpserver.url_for("/hook/secret-token")

    code = notify_from_report(report_dir, url, link=LINK)

    err = capsys.readouterr().err
    assert code == 1
    assert err == "error: the webhook answered HTTP 500: upstream exploded\n"
    assert "secret-token" not in err


def test_unreachable_webhook_is_one_line_error(
    report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing listening on the port: exit 1 and one line, not a traceback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hook/secret-token"

    code = notify_from_report(report_dir, url, link=LINK)

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("error: the webhook could not be reached: ")
    assert err.count("\n") == 1
    assert "secret-token" not in err


@pytest.mark.parametrize("webhook_url", [None, "", "   "], ids=["absent", "empty", "blank"])
def test_without_webhook_url_nothing_is_sent(
    httpserver: HTTPServer,
    report_dir: Path,
    capsys: pytest.CaptureFixture[str],
    webhook_url: str | None,
) -> None:
    """No secret configured (GitHub passes an empty string): a note, exit 0, no request."""
    code = notify_from_report(report_dir, webhook_url, link=LINK)

    assert code == 0
    assert capsys.readouterr().err == "DEPRECATIONS_WEBHOOK_URL is not set: no notification sent.\n"
    assert httpserver.log == []


def test_without_commit_message_nothing_is_sent(httpserver: HTTPServer, report_dir: Path) -> None:
    """A run that changed nothing writes no commit-message.txt: exit 0, no request."""
    (report_dir / "commit-message.txt").unlink()

    assert notify_from_report(report_dir, httpserver.url_for("/hook")) == 0
    assert httpserver.log == []


def test_webhook_url_that_is_not_http_is_a_usage_error(
    report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A mistyped secret (no http(s) scheme) is exit 2, and the value is not echoed."""
    code = notify_from_report(report_dir, "hooks.slack.com/services/T0/B0/secret")

    err = capsys.readouterr().err
    assert code == 2
    assert err == "error: DEPRECATIONS_WEBHOOK_URL must be an http(s) URL.\n"


def test_command_reads_the_environment_and_links_the_changelog(
    httpserver: HTTPServer, report_dir: Path
) -> None:
    """`notify --report-dir` takes the URL from the environment and links the branch's changelog."""
    received: list[object] = []

    def handler(request: Request) -> Response:
        received.append(json.loads(request.get_data(as_text=True)))
        return Response("ok")

    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_handler(handler)
    env = {
        "DEPRECATIONS_WEBHOOK_URL": httpserver.url_for("/hook"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "someone/claude-deprecations",
        "GITHUB_REF_NAME": "main",
    }

    result = CliRunner().invoke(notify_command, ["--report-dir", str(report_dir)], env=env)

    assert result.exit_code == 0, result.output
    assert received == [build_payload(COMMIT_MESSAGE, LINK)]


def test_command_without_the_variable_succeeds_quietly(report_dir: Path) -> None:
    """`notify` with DEPRECATIONS_WEBHOOK_URL unset exits 0 with a note."""
    result = CliRunner().invoke(
        notify_command, ["--report-dir", str(report_dir)], env={"DEPRECATIONS_WEBHOOK_URL": None}
    )

    assert result.exit_code == 0
    assert "DEPRECATIONS_WEBHOOK_URL is not set" in result.output
