"""Text the project does not control (page cells, ids, titles, file names, branch names,
retraction reasons), made inert for the place it lands: one escaping function per sink, and
`SINKS`, the registry of them all.

Each sink names the syntax it defuses. A property test (tests/test_sinks.py) feeds hostile
strings through every field of every output and checks, per sink, that no live construct of
that syntax comes out of the data: it enumerates `SINKS`, so a new sink cannot be added
without a check. What an event says, in every language and style, is `publish.wording`'s;
how page text is written inside those sentences is a sink's `code` and `text`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

# -- text hygiene that every sink starts from -------------------------------------------------

# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees after them
# (`\u202eexe.txt` reads `txt.exe`), and none of the twelve languages' pages needs one.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_BIDI_CONTROL = re.compile(f"[{_BIDI_CONTROLS}]")
# C0 and C1 controls (whitespace aside: it is collapsed or kept), lone surrogates (bytes that
# were not UTF-8, or a JSON `\ud800`), the two noncharacters XML forbids (XML 1.0 cannot carry
# C0 controls but tab and newlines, surrogates, U+FFFE and U+FFFF; C1 controls it discourages)
# and the bidirectional controls: no sink shows them as they are.
_UNCARRIABLE = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff{_BIDI_CONTROLS}]"
)
REPLACEMENT = "\ufffd"
# Invisible between characters: breaks a construct (`@\u2060here`) without changing the text read.
WORD_JOINER = "\u2060"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def visible_text(value: str) -> str:
    """One line, and every character no sink can carry replaced by U+FFFD (shown, not lost)."""
    return _UNCARRIABLE.sub(REPLACEMENT, _one_line(value))


def text_problem(value: str) -> str | None:
    """Why text we are given to publish (a retraction reason) is refused, if it is: bytes
    that are not UTF-8, a control character (whitespace aside), a noncharacter or a
    bidirectional control."""
    for char in value:
        if "\ud800" <= char <= "\udfff":
            return "it is not valid UTF-8"
        if unicodedata.category(char) == "Cc" and not char.isspace():
            return f"it holds a control character (U+{ord(char):04X})"
        if char in "\ufffe\uffff":
            return f"it holds a noncharacter (U+{ord(char):04X})"
        if _BIDI_CONTROL.match(char):
            return f"it holds a bidirectional control (U+{ord(char):04X})"
    return None


# -- Markdown (changelogs, job summary) ------------------------------------------------------

# `&` too: an entity (`&commat;`, `&#x40;`, `&num;`) is read as the character it names, and
# GitHub finds mentions and references in the text it renders.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$&])")
# What starts a block when it starts a line: a heading, a list item, a setext underline (a
# quote's `>` is escaped everywhere).
_MARKDOWN_BLOCK_START = re.compile(r"^(?:[#+=-]|\d{1,9}(?=[.)](?:\s|$)))")
# The runner reads `##[command]` anywhere in a line of a log (see `actions_text`).
_LOG_COMMAND = "##["


def markdown_text(value: str) -> str:
    """Plain text in Markdown: no markup, links, HTML, entities, math or table cells can come
    from it."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", visible_text(value))
    return _MARKDOWN_BLOCK_START.sub(_block_start, escaped)


def _block_start(match: re.Match[str]) -> str:
    start = match.group()
    return f"{start}\\" if start[0].isdigit() else f"\\{start}"


def markdown_code(value: str) -> str:
    """A code span that shows `value` literally, whatever backticks it contains. Text a
    code span cannot defuse (a log's `##[`) is written as escaped text instead."""
    value = visible_text(value)
    if _LOG_COMMAND in value:
        return markdown_text(value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def markdown_cell(markdown: str) -> str:
    """Markdown made fit for a table cell: a pipe, even in a code span, ends a GFM cell."""
    return markdown.replace("|", "\\|")


# -- GitHub issue and pull-request text; git commit messages ----------------------------------

# What GitHub links or notifies from text: @mentions and team mentions, #123, GH-123 and
# owner/repo#123 references (which also notify the issue they name), URLs and e-mail addresses.
_GITHUB_LINKED = re.compile(r"@|#\d|\bgh-\d|://|\bwww\.", re.IGNORECASE)
_GITHUB_LINK_START = re.compile(r"(@|#(?=\d)|\bgh-(?=\d)|:(?=//)|\bwww(?=\.))", re.IGNORECASE)


def github_text(value: str) -> str:
    """Markdown for an issue, comment or pull request: text GitHub would turn into a mention,
    a cross-reference or a link goes in a code span, where GitHub reads nothing."""
    clean = visible_text(value)
    return github_code(clean) if _GITHUB_LINKED.search(clean) else markdown_text(clean)


def github_code(value: str) -> str:
    """An id in GitHub text: a code span, where GitHub reads no mention or reference."""
    clean = visible_text(value)
    if _LOG_COMMAND in clean:  # no code span (see markdown_code): joiners break the links
        return markdown_text(commit_text(clean))
    return markdown_code(clean)


def commit_text(value: str) -> str:
    """A commit message's text: no mention, issue reference (`fixes #1` closes it) or link,
    each broken by an invisible word joiner."""
    return _GITHUB_LINK_START.sub(rf"\1{WORD_JOINER}", visible_text(value))


# -- Slack and Discord ------------------------------------------------------------------------

# Discord's inline syntax (emphasis, code, spoilers `||`, quotes, masked links, `<@1>` mentions,
# `<t:0>` timestamps, `<:emoji:1>`); a value's start is escaped like Markdown's (`#`, `-#`, `-`).
_DISCORD_SPECIAL = re.compile(r"([\\*_~`|<>\[\]])")


def _no_pings_or_links(text: str) -> str:
    # `@here`, `@channel`, `@everyone`, an e-mail, a bare URL: none is read across a joiner.
    return text.replace("@", "@" + WORD_JOINER).replace("://", ":" + WORD_JOINER + "//")


def slack_text(value: str) -> str:
    """Slack mrkdwn: `&`, `<`, `>` escaped (no `<!channel>`, `<@U1>` or `<url|label>` from
    data), and no mention or link Slack would find in the words."""
    text = visible_text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _no_pings_or_links(text)


def discord_text(value: str) -> str:
    """Discord Markdown: every character of its syntax backslash-escaped (no masked link,
    mention `<@1>`, heading, quote or spoiler from data), no `@everyone` or bare URL."""
    escaped = _DISCORD_SPECIAL.sub(r"\\\1", _no_pings_or_links(visible_text(value)))
    return _MARKDOWN_BLOCK_START.sub(_block_start, escaped)


def slack_link(url: str) -> str:
    """A link in Slack mrkdwn, for a URL `safe_url` gave: `<url>`, its `&` escaped."""
    return f"<{url.replace('&', '&amp;')}>"


def discord_link(url: str) -> str:
    """A link in Discord, for a URL `safe_url` gave: `<url>`, which shows no preview card."""
    return f"<{url}>"


# -- links built from validated parts ---------------------------------------------------------

_URL_UNSAFE = re.compile(r"[\s<>|\"'`\\^{}]")


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with a host fit to be a link in any sink (percent-encoded where it
    needs to be), or None: a `javascript:` URL, a relative one or a broken one is no link."""
    # Line breaks and tabs too: urlsplit would drop them silently, and fetch another URL.
    if not url or _UNCARRIABLE.search(url) or any(char in url for char in "\t\r\n"):
        return None
    try:
        parts = urlsplit(url.strip())
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        return None
    if not valid or _URL_UNSAFE.search(parts.netloc):
        return None
    encoded = [quote(part, safe="/%:@!$&()*+,;=-._~?") for part in parts[2:]]
    return urlunsplit((parts.scheme, parts.netloc, *encoded))


def url_path(value: str) -> str:
    """A name (a branch, a file) as part of a URL path: every byte outside letters, digits,
    `-._~/` percent-encoded, even a name that is not UTF-8."""
    try:
        raw = value.encode("utf-8", "surrogateescape")  # a file name's own bytes
    except UnicodeEncodeError:
        raw = value.encode("utf-8", "replace")
    return quote(raw, safe="/")


# -- feeds, HTML, JSON ------------------------------------------------------------------------


def feed_text(value: str) -> str:
    """Atom and JSON Feed text: every character XML cannot carry (and every bidirectional
    control) replaced by U+FFFD. The XML writer (and `feed_html` inside it) escapes the
    markup."""
    return _UNCARRIABLE.sub(REPLACEMENT, value)


def html_value(value: object) -> object:
    """What the site's templates output before autoescaping (Jinja's `finalize`): text
    with the characters HTML cannot carry (and the bidirectional controls) replaced, anything
    else as it is."""
    if isinstance(value, str) and not hasattr(value, "__html__"):  # Markup is the template's
        return _UNCARRIABLE.sub(REPLACEMENT, value)
    return value


def html_text(value: str) -> str:
    """HTML text or attribute value (`&<>"'` escaped), as the site's autoescaping writes every
    value, in the entity spelling the feeds have always used (`&quot;`, `&#x27;`)."""
    import html  # not at the top: `--help` and every command's start import this module

    return html.escape(str(html_value(value)), quote=True)


def feed_html(value: str) -> str:
    """Text inside a feed entry's HTML body."""
    return html_text(feed_text(value))


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(document: str) -> str:
    """A JSON document as written: a lone surrogate (no UTF-8 can carry it) replaced by
    U+FFFD, and `##[` spelt `#\\u0023[` (the same string) so no Actions log reads it."""
    return _LONE_SURROGATE.sub(REPLACEMENT, document).replace(_LOG_COMMAND, "#\\u0023[")


def json_value(value: Any) -> Any:
    """A JSON value (text, lists, objects) for a library that writes the JSON itself (the
    MCP SDK): through `json_text`, so no string holds what no UTF-8 writer can carry."""
    import json  # not at the top: `--help` and every command's start import this module

    return json.loads(json_text(json.dumps(value, ensure_ascii=False)))


# -- terminals and GitHub Actions logs --------------------------------------------------------

_SHOWN_AS = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _escaped(char: str) -> str:
    if char in _SHOWN_AS:
        return _SHOWN_AS[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def actions_text(text: str) -> str:
    """Text printed into a GitHub Actions log: no line the runner reads as a workflow
    command (`::name::` at a line's start, after any spaces it trims) and no `##[name]`."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            start = len(line) - len(stripped)
            line = f"{line[:start]}\\x3a{stripped[1:]}"
        lines[index] = line.replace(_LOG_COMMAND, "##\\x5b")
    return "\n".join(lines)


def terminal_text(value: str) -> str:
    """A value shown on a terminal: control characters (escape sequences too), bidirectional
    overrides, invisible format characters, line breaks and lone surrogates shown escaped
    (`\\x1b`, `\\u202e`, `\\n`), and nothing an Actions log would run."""
    if value.isprintable():  # nearly every value: nothing to show
        return actions_text(value)
    shown = "".join(
        _escaped(char) if unicodedata.category(char) in _INVISIBLE_CATEGORIES else char
        for char in value
    )
    return actions_text(shown)


def _property(value: str) -> str:
    return _command_data(value).replace(":", "%3A").replace(",", "%2C")


def _command_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_command(name: str, message: str, **properties: str) -> str:
    """`::name key=value,…::message`, every value encoded as the runner decodes it, so data
    can neither end the command early nor start another line."""
    listed = ",".join(f"{key}={_property(terminal_text(v))}" for key, v in properties.items())
    data = _command_data(terminal_text(message))
    return f"::{name}{' ' + listed if listed else ''}::{data}"


# -- the registry -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How page-derived text is written in one output format: ids (`code`), and words."""

    code: Callable[[str], str]
    text: Callable[[str], str]


def _style(text: Callable[[str], str], code: Callable[[str], str] | None = None) -> TextStyle:
    return TextStyle(code=code or text, text=text)


@dataclass(frozen=True, slots=True)
class Sink:
    """A place text lands, and its one escaping function (`style.text`; `style.code` writes
    ids, in a code span where the syntax has them)."""

    lands_in: str
    style: TextStyle


SINKS: Mapping[str, Sink] = {
    "markdown": Sink(
        "the changelogs, the job summary, `diff --format markdown`",
        _style(markdown_text, markdown_code),
    ),
    "github": Sink(
        "the issue a failed run opens, catalog's pull-request body",
        _style(github_text, github_code),
    ),
    "commit": Sink(
        "the commit message of a run (GitHub reads its references)", _style(commit_text)
    ),
    "slack": Sink("the webhook message's `text` (Slack mrkdwn)", _style(slack_text)),
    "discord": Sink("the webhook message's `content` (Discord Markdown)", _style(discord_text)),
    "feed": Sink("Atom and JSON Feed titles and bodies", _style(feed_text)),
    "html": Sink("the site's pages, feed entries' HTML bodies", _style(html_text)),
    "json": Sink("every JSON document: snapshots, SARIF, audit, resolve", _style(json_text)),
    "terminal": Sink("tables, audit's text, run's lines, diagnostics", _style(terminal_text)),
    "actions": Sink("lines in a GitHub Actions log, workflow commands", _style(actions_text)),
}

# The styles sentences are written in: a sink's, or plain words for a renderer that escapes
# them itself (the publication view's plain text, for the feeds and the site).
MARKDOWN = SINKS["markdown"].style
GITHUB = SINKS["github"].style
COMMIT = SINKS["commit"].style
SLACK = SINKS["slack"].style
DISCORD = SINKS["discord"].style
TERMINAL = SINKS["terminal"].style
PLAIN = TextStyle(code=_one_line, text=_one_line)
