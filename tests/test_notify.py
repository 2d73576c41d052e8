"""The webhook: one payload for Slack and Discord, told from a run's report (its events.json),
never a traceback; page text and branch names inert in both dialects."""

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
from scraper.track.events import Event, EventLog
from tests.conftest import report_events

LINK = "https://github.com/someone/claude-deprecations/blob/main/snapshots/CHANGELOG.md"
EVENTS = EventLog.from_json({"events": report_events()}).events
MESSAGE = (
    "3 changes: claude-3-5-haiku-20241022 deprecated, …\n"
    "\n"
    "- en, zh-TW, zh-CN: Claude Haiku 3.5 (claude-3-5-haiku-20241022): active → deprecated; "
    "deprecated on 2025-10-28; retires on 2026-02-19; replacement: Claude Haiku 4.5 "
    "(claude-haiku-4-5-20251001)\n"
    "- en: Claude Sonnet 3.7 (claude-3-7-sonnet-20250219): deprecated → retired; retired on "
    "2025-12-19\n"
    "- ja: Claude Opus 3 (claude-3-opus-20240229): retirement date 2026-01-05 → 2026-01-06"
)


@pytest.fixture
def report_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "report"
    directory.mkdir()
    (directory / "events.json").write_text(json.dumps(report_events()), encoding="utf-8")
    (directory / "summary.md").write_text("## 2025-12-19\n\n| model | … |\n", encoding="utf-8")
    return directory


def _with(**fields: object) -> Event:
    """The first report event, with some of its fields replaced (as a page could write them)."""
    data = report_events()[0]
    context = data["context"]
    assert isinstance(context, dict)
    replacement = fields.pop("replacement", context["replacement"])
    return Event.model_validate(
        {**data, **fields, "context": {**context, "replacement": replacement}}
    )


def _posted_json(httpserver: HTTPServer) -> list[object]:
    return [json.loads(request.get_data(as_text=True)) for request, _ in httpserver.log]


def test_payload_carries_the_message_for_slack_and_discord_and_pings_nobody() -> None:
    """Both `text` (Slack) and `content` (Discord) tell the changes and link; mentions are off."""
    payload = build_payload(EVENTS, LINK)

    assert payload == {
        "text": f"{MESSAGE}\n\nChangelog: <{LINK}>",
        "content": f"{MESSAGE}\n\nChangelog: <{LINK}>",
        "allowed_mentions": {"parse": []},
    }


def test_page_text_cannot_ping_or_inject_slack_markup() -> None:
    """`<!channel>`, `@everyone`, `&` and a disguised link from the page are inert in both."""
    hostile = "[x](https://evil.example/login) & <!channel> @everyone <@U123>"

    payload = build_payload([_with(replacement=hostile)], LINK)

    text, content = payload["text"], payload["content"]
    assert (
        "replacement: [x](https:\u2060//evil.example/login) &amp; &lt;!channel&gt; "
        "@\u2060everyone &lt;@\u2060U123&gt;\n" in text
    )
    assert (
        "replacement: \\[x\\](https:\u2060//evil.example/login) & \\<!channel\\> "
        "@\u2060everyone \\<@\u2060U123\\>\n" in content
    )
    assert payload["allowed_mentions"] == {"parse": []}


def test_a_branch_name_cannot_ping_the_channel_through_the_link() -> None:
    """A branch `fix><!channel><x` (valid for git) is percent-encoded into the link."""
    environ = {
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "someone/claude-deprecations",
        "GITHUB_REF_NAME": "fix><!channel><x",
    }

    payload = build_payload(EVENTS, changelog_url(environ))

    link = (
        "https://github.com/someone/claude-deprecations/blob/fix%3E%3C%21channel%3E%3Cx/"
        "snapshots/CHANGELOG.md"
    )
    assert payload["text"].endswith(f"\n\nChangelog: <{link}>")
    assert payload["content"].endswith(f"\n\nChangelog: <{link}>")
    assert "<!channel>" not in payload["text"] + payload["content"]


@pytest.mark.parametrize(
    "environ",
    [
        {"GITHUB_SERVER_URL": "javascript:alert(1)", "GITHUB_REPOSITORY": "a/b"},
        {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "a/b><!here>"},
        {"GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "no-slash"},
    ],
    ids=["server not http", "repository with markup", "repository without owner"],
)
def test_a_link_from_parts_that_do_not_fit_is_no_link(environ: dict[str, str]) -> None:
    """The link is built from validated parts only: anything else gives no link at all."""
    assert changelog_url(environ) is None


def test_long_message_is_cut_to_discords_limit_and_keeps_the_link() -> None:
    """A message past 2000 characters ends in an ellipsis, then the link, within the limit."""
    many = [
        _with(id=f"{index:016x}", model=f"claude-model-{index:03}-20250101") for index in range(60)
    ]

    payload = build_payload(many, LINK)

    # Cut at a word boundary's trailing space at most: full, but never over.
    assert DISCORD_CONTENT_LIMIT - 2 <= len(payload["content"]) <= DISCORD_CONTENT_LIMIT
    assert payload["content"].endswith(f"…\n\nChangelog: <{LINK}>")
    assert payload["content"].startswith("60 changes: claude-model-000-20250101 deprecated")
    assert payload["text"] == payload["content"]


def test_a_cut_never_leaves_half_an_escape() -> None:
    """Cut inside `&amp;` or after Discord's backslash, the message drops the half escape."""
    long = "&" * 3000

    payload = build_payload([_with(replacement=long)], LINK)

    text = payload["text"].split("\n\nChangelog:")[0]
    assert text.endswith("&amp;…")
    assert payload["content"].split("\n\nChangelog:")[0].endswith("&…")


def test_no_link_means_no_changelog_line() -> None:
    """Outside GitHub Actions (no link), the message is the changes alone."""
    assert build_payload(EVENTS)["content"] == MESSAGE


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
    assert _posted_json(httpserver) == [build_payload(EVENTS, LINK)]
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


@pytest.mark.parametrize("events", [None, "[]"], ids=["no events.json", "no events"])
def test_without_changes_nothing_is_sent(
    httpserver: HTTPServer, report_dir: Path, events: str | None
) -> None:
    """A run that changed nothing (or wrote no report): exit 0, no request."""
    if events is None:
        (report_dir / "events.json").unlink()
    else:
        (report_dir / "events.json").write_text(events)

    assert notify_from_report(report_dir, httpserver.url_for("/hook")) == 0
    assert httpserver.log == []


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'[{"type": "nonsense"}]', b"\xff\xfe"],
    ids=["not JSON", "not events", "not UTF-8"],
)
def test_a_damaged_report_is_one_line_and_exit_1(
    httpserver: HTTPServer,
    report_dir: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
) -> None:
    """events.json that cannot be read: one `error:` line, exit 1, nothing sent."""
    (report_dir / "events.json").write_bytes(content)

    code = notify_from_report(report_dir, httpserver.url_for("/hook"))

    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: cannot read {report_dir / 'events.json'}: ")
    assert err.count("\n") == 1
    assert httpserver.log == []


def test_a_link_that_is_not_http_is_a_usage_error(
    httpserver: HTTPServer, report_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--link javascript:…` is refused (exit 2) before anything is sent."""
    code = notify_from_report(report_dir, httpserver.url_for("/hook"), link="javascript:alert(1)")

    assert code == 2
    assert capsys.readouterr().err == "error: the changelog link must be an http(s) URL.\n"
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
    assert received == [build_payload(EVENTS, LINK)]


def test_command_without_the_variable_succeeds_quietly(report_dir: Path) -> None:
    """`notify` with DEPRECATIONS_WEBHOOK_URL unset exits 0 with a note."""
    result = CliRunner().invoke(
        notify_command, ["--report-dir", str(report_dir)], env={"DEPRECATIONS_WEBHOOK_URL": None}
    )

    assert result.exit_code == 0
    assert "DEPRECATIONS_WEBHOOK_URL is not set" in result.output
