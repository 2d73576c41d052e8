"""Tell a chat channel what a run changed: one JSON payload that Slack and Discord both accept.

The message is the commit message the run wrote (its summary line and detail lines) plus a link
to the changelog. Page text lands in someone's chat, so it is defused there: Slack control
sequences (`<!channel>`, `<@U123>`) are escaped and Discord is told to ping nobody.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import click
import httpx

WEBHOOK_ENV = "DEPRECATIONS_WEBHOOK_URL"
COMMIT_MESSAGE_FILE = "commit-message.txt"
# Discord refuses a `content` longer than this; Slack accepts far more, so one limit serves both.
DISCORD_CONTENT_LIMIT = 2000
ELLIPSIS = "…"
TIMEOUT = httpx.Timeout(10.0)
# Exit codes, the command line's: 0 ok (sent or nothing to do), 1 the webhook call failed,
# 2 usage error (a webhook URL that is not http(s)).
OK, FAILED, USAGE = 0, 1, 2

Echo = Callable[[str], None]


def _echo_stderr(line: str) -> None:
    click.echo(line, err=True)


def _fit(body: str, room: int) -> str:
    return body if len(body) <= room else body[: room - len(ELLIPSIS)].rstrip() + ELLIPSIS


def _slack_escape(text: str) -> str:
    # Slack reads `<...>` as links and mentions (`<!everyone>`), and `&` starts an entity.
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _defuse_mentions(text: str) -> str:
    # allowed_mentions already stops Discord's pings; this keeps the words from looking like one.
    return text.replace("@everyone", "@\u200beveryone").replace("@here", "@\u200bhere")


def build_payload(commit_message: str, link: str | None = None) -> dict[str, Any]:
    """A webhook body for both Slack (`text`) and Discord (`content`) that pings nobody.

    The commit message comes first, cut to Discord's limit; the changelog link goes last and
    survives the cut (`<url>` is a link in Slack, and a link without a preview card in Discord).
    """
    body = "\n".join(line.rstrip() for line in commit_message.strip().splitlines())
    suffix = f"\n\nChangelog: <{link}>" if link else ""
    room = DISCORD_CONTENT_LIMIT - len(suffix)
    return {
        "text": _slack_escape(_fit(body, room)) + suffix,
        "content": _fit(_defuse_mentions(body), room) + suffix,
        "allowed_mentions": {"parse": []},
    }


def post_payload(url: str, payload: Mapping[str, Any], *, echo: Echo = _echo_stderr) -> int:
    """POST the payload; on failure print one line (never the secret URL) and return FAILED."""
    try:
        response = httpx.post(url, json=dict(payload), timeout=TIMEOUT, follow_redirects=False)
    # InvalidURL and ValueError (a host IDNA refuses) are not HTTPError; none may escape.
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError) as error:
        reason = str(error).replace(url, "<webhook>") or type(error).__name__
        echo(f"error: the webhook could not be reached: {reason}")
        return FAILED
    if not response.is_success:
        answer = " ".join(response.text.split())[:200]
        echo(f"error: the webhook answered HTTP {response.status_code}: {answer or '(no body)'}")
        return FAILED
    echo(f"Webhook notified (HTTP {response.status_code}).")
    return OK


def changelog_url(environ: Mapping[str, str]) -> str | None:
    """The changelog on the branch the workflow runs on, from GitHub Actions' own variables."""
    server = environ.get("GITHUB_SERVER_URL", "").rstrip("/")
    repository = environ.get("GITHUB_REPOSITORY", "")
    if not server or not repository:
        return None
    ref = environ.get("GITHUB_REF_NAME") or "HEAD"
    return f"{server}/{repository}/blob/{ref}/snapshots/CHANGELOG.md"


def notify_from_report(
    report_dir: Path,
    webhook_url: str | None,
    *,
    link: str | None = None,
    echo: Echo = _echo_stderr,
) -> int:
    """Send the run's commit message to the webhook; skip (exit 0) when either is missing."""
    url = (webhook_url or "").strip()
    if not url:
        echo(f"{WEBHOOK_ENV} is not set: no notification sent.")
        return OK
    message_file = report_dir / COMMIT_MESSAGE_FILE
    try:
        commit_message = message_file.read_text(encoding="utf-8")
    except FileNotFoundError:
        echo(f"No {COMMIT_MESSAGE_FILE} in {report_dir}: nothing changed, no notification sent.")
        return OK
    except (OSError, UnicodeDecodeError) as error:
        echo(f"error: cannot read {message_file}: {error}")
        return FAILED
    if not commit_message.strip():
        echo(f"{message_file} is empty: no notification sent.")
        return OK
    if not url.startswith(("https://", "http://")):
        echo(f"error: {WEBHOOK_ENV} must be an http(s) URL.")
        return USAGE
    return post_payload(url, build_payload(commit_message, link), echo=echo)
