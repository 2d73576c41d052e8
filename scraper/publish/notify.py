"""Tell a chat channel what a run changed: one JSON payload that Slack and Discord both accept.

The message says what the commit message says (a summary line, a line per change), told from
the events the run wrote into its report directory, plus a link to the changelog. Page text
lands in someone's chat, so each dialect gets its own sink (`scraper.sinks`): Slack's `text`
has no `<!channel>`, `<@U123>` or `<url|label>` from data, Discord's `content` no Markdown,
link or mention, and Discord is told to ping nobody. The link is built from validated parts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import click
import httpx

from scraper.publish.report import changes_message
from scraper.sinks import (
    DISCORD,
    SLACK,
    TERMINAL,
    TextStyle,
    discord_link,
    safe_url,
    slack_link,
    url_path,
)
from scraper.track.events import Event, EventLog

WEBHOOK_ENV = "DEPRECATIONS_WEBHOOK_URL"
EVENTS_FILE = "events.json"
# Discord refuses a `content` longer than this; Slack accepts far more, so one limit serves both.
DISCORD_CONTENT_LIMIT = 2000
# A longer link (a branch named with hundreds of characters) would crowd out the message.
LINK_LIMIT = DISCORD_CONTENT_LIMIT // 4
ELLIPSIS = "…"
TIMEOUT = httpx.Timeout(10.0)
# Exit codes, the command line's: 0 ok (sent or nothing to do), 1 the webhook call failed,
# 2 usage error (a webhook URL that is not http(s)).
OK, FAILED, USAGE = 0, 1, 2

Echo = Callable[[str], None]


def _echo_stderr(line: str) -> None:
    click.echo(TERMINAL.text(line), err=True)


# An escape the cut would leave half-written: `&am` of `&amp;`, or Discord's lone backslash.
_CUT_ESCAPE = re.compile(r"(&[a-z]*|\\)$")


def _fit(body: str, room: int) -> str:
    if len(body) <= room:
        return body
    return _CUT_ESCAPE.sub("", body[: room - len(ELLIPSIS)].rstrip()) + ELLIPSIS


def _message(events: Sequence[Event], style: TextStyle, link: str, room: int) -> str:
    body = "\n".join(line.rstrip() for line in changes_message(events, style).strip().split("\n"))
    return _fit(body, room) + (f"\n\nChangelog: {link}" if link else "")


def build_payload(events: Sequence[Event], link: str | None = None) -> dict[str, Any]:
    """A webhook body for both Slack (`text`) and Discord (`content`) that pings nobody.

    The changes come first, cut to Discord's limit; the changelog link goes last and survives
    the cut (`<url>` is a link in Slack, and a link without a preview card in Discord). A link
    that is not an http(s) URL, or longer than LINK_LIMIT, is left out.
    """
    url = safe_url(link) or ""
    if len(url) > LINK_LIMIT:
        url = ""
    slack, discord = (slack_link(url), discord_link(url)) if url else ("", "")
    room = DISCORD_CONTENT_LIMIT - len(f"\n\nChangelog: {slack}" if url else "")
    return {
        "text": _message(events, SLACK, slack, room),
        "content": _message(events, DISCORD, discord, room),
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


_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")


def changelog_url(environ: Mapping[str, str]) -> str | None:
    """The changelog on the branch the workflow runs on, from GitHub Actions' own variables:
    the server an http(s) URL, the repository `owner/name`, the branch (any name git allows,
    `fix><!channel>` too) percent-encoded into the path."""
    server = safe_url(environ.get("GITHUB_SERVER_URL", "").rstrip("/"))
    repository = environ.get("GITHUB_REPOSITORY", "")
    if server is None or not _REPOSITORY.fullmatch(repository):
        return None
    ref = url_path(environ.get("GITHUB_REF_NAME") or "HEAD")
    return f"{server.rstrip('/')}/{repository}/blob/{ref}/snapshots/CHANGELOG.md"


def read_events(path: Path) -> tuple[Event, ...] | None:
    """The events a run wrote into its report directory (None: there is no such file)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    return EventLog.from_json({"events": data}).events


def notify_from_report(
    report_dir: Path,
    webhook_url: str | None,
    *,
    link: str | None = None,
    echo: Echo = _echo_stderr,
) -> int:
    """Send the run's changes to the webhook; skip (exit 0) when either is missing."""
    url = (webhook_url or "").strip()
    if not url:
        echo(f"{WEBHOOK_ENV} is not set: no notification sent.")
        return OK
    events_file = report_dir / EVENTS_FILE
    try:
        events = read_events(events_file)
    except (OSError, ValueError) as error:  # ValueError: not JSON, not events, not UTF-8
        echo(f"error: cannot read {events_file}: {' '.join(str(error).split())}")
        return FAILED
    if not events:
        echo(f"No change in {events_file}: no notification sent.")
        return OK
    if not url.startswith(("https://", "http://")):
        echo(f"error: {WEBHOOK_ENV} must be an http(s) URL.")
        return USAGE
    if link is not None and safe_url(link) is None:
        echo("error: the changelog link must be an http(s) URL.")
        return USAGE
    return post_payload(url, build_payload(events, link), echo=echo)
