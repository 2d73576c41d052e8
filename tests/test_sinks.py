"""Hostile text is inert in every place it lands (#25).

A list of hostile strings (mentions, Slack's `<!channel>`, Markdown and HTML links, `<script>`,
workflow commands, line breaks, NUL and other controls, U+202E, lone surrogates, 100 kB of one
character) goes through each sink's function, then through each field of each real output
(event sentences, titles, replacements, table cells, file names, catalogue keys, a branch name,
a retraction reason). Each output is checked against the same output rendered with a plain
word in that field: the hostile text may change the words, never the syntax. Which constructs
are live depends on the sink (`CHECKS`); both tables are keyed by `scraper.sinks.SINKS`, so a
sink added there without a check, or without an output that uses it, fails here.
"""

from __future__ import annotations

import ast
import contextlib
import datetime as dt
import io
import json
import os
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from unittest import mock

import msgspec
import pytest
from feedgen.feed import FeedGenerator
from lxml import etree
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from scraper.answers.audit.findings import Finding as AuditFinding
from scraper.answers.audit.render import render_json as audit_json
from scraper.answers.audit.render import render_sarif
from scraper.answers.audit.render import render_text as audit_text
from scraper.answers.audit.run import AuditResult
from scraper.answers.catalog.catalogue import Catalogue, FormatSpec
from scraper.answers.catalog.check import Finding as CatalogFinding
from scraper.answers.catalog.check import PageFact
from scraper.answers.catalog.render import PageSnapshot, Report, SnapshotRef
from scraper.answers.catalog.render import render_json as catalog_json
from scraper.answers.catalog.render import render_markdown as catalog_markdown
from scraper.answers.catalog.render import render_text as catalog_text
from scraper.answers.data import Index, IndexSource
from scraper.answers.resolve import Resolver, answer
from scraper.commands._models import _echo_platform_notes, echo_prose, echo_table
from scraper.commands._options import fail
from scraper.commands._tables import conflict_notes, models_grid, platform_grid, resolve_grid
from scraper.errors import InputError
from scraper.fetch.pages import FailedPage
from scraper.fetch.progress import ProgressReporter
from scraper.publish.changelogs import render_changelog
from scraper.publish.compose import publication
from scraper.publish.feeds import render_feeds
from scraper.publish.notify import build_payload, changelog_url
from scraper.publish.report import commit_message, problem_body, summary_lines, summary_markdown
from scraper.publish.site.render import render_site
from scraper.publish.view import PublicationView
from scraper.read.extract import read_page
from scraper.records import (
    STATUSES,
    CanonicalModel,
    Conflict,
    ModelIndex,
    PageContent,
    PlatformEntry,
    Status,
    StatusWords,
    dumps,
)
from scraper.sinks import (
    SINKS,
    actions_text,
    commit_text,
    discord_text,
    feed_html,
    feed_text,
    github_code,
    github_text,
    html_text,
    json_text,
    markdown_code,
    markdown_text,
    slack_text,
    terminal_text,
    workflow_command,
)
from scraper.track.events import EVENTS, Event
from scraper.track.guard import Rejection
from tests.conftest import PAGES

if TYPE_CHECKING:
    from scraper.pipeline import RunResult

HOSTILE = (
    "@octocat @some-org/security-team",
    "fixes #1, closes owner/repo#2 and GH-3",
    "<!channel> <!here> <!everyone> <@U123> <#C123> <!subteam^S1|team>",
    "fix><!channel><x",
    "[claude-opus-4-8](https://evil.example/login)",
    "![x](https://evil.example/x.png) <https://evil.example> www.evil.example",
    '<a href="javascript:alert(1)" onclick="x()">x</a>',
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    'https://evil.example/"><script>alert(1)</script>',
    "https://evil.example/a b|c<!channel>&x=1",
    "\"'><svg onload=alert(1)>",
    "::set-env name=PATH::/tmp",
    "::error title=Injected::owned",
    "x" * 70 + " ::error::owned",  # a line break where a paragraph is wrapped
    "x\n::error file=a.py::owned\r\n::add-mask::secret",
    "  \u3000::warning::indented",
    "##[error]owned ##[set-output name=a;]b",
    "line one\nline two\rline three\u2028four\u2029five\x85six",
    "nul\x00bell\x07esc\x1b[31mred\x1b[0m del\x7f csi\x9b2J",
    "\u202eevil\u202c \u2066isolated\u2069 \u200ezero\u200bwidth\ufeff",
    "lone \ud800 and \udcff surrogates",
    "\ufffe\uffff noncharacters",
    "`code` **bold** _it_ ~~struck~~ ||spoiler|| | a | b |",
    "# heading",
    "- item",
    "> quote",
    "1. first",
    "$x^2$ and $$y$$",
    "&amp; &lt;b&gt; &#64;octocat &#x3C;script&#x3E;",
    "&commat;octocat &num;12 &#x40;org/team &#X23;5 &#36;x&#36; &lbrack;x&rbrack;(https://e.example)",
    "]]> <![CDATA[ x ]]>",
    "%0A%0D%25 %3A%2C",
    "<t:0:R> <:emoji:1> </cmd:1> @here @everyone",
    "trailing backslash \\",
    "a" * 100_000,
    "`" * 1000,
    "<" * 1000,
)
BENIGN = "plain"
TODAY = dt.date(2026, 6, 1)
PAGE_URL = "https://platform.claude.com/docs/en/about-claude/model-deprecations"

# -- what is live in each sink ----------------------------------------------------------------

# text_join off: an escaped character stays its own token (`text_special`).
_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_MD.disable("text_join")
_INERT_INLINE = {"text", "text_special", "code_inline"}


def _markdown_shape(text: str) -> list[str]:
    """The Markdown's constructs, in order: a code span counts as text (it is inert)."""
    shape: list[str] = []
    for token in _MD.parse(text):
        for child in (token.children or []) if token.type == "inline" else [token]:
            kind = "text" if child.type in _INERT_INLINE else f"{child.type}:{child.tag}"
            if not (kind == "text" and shape and shape[-1] == "text"):
                shape.append(kind)
    return shape


def _markdown_words(text: str, escapes: bool = True) -> str:
    """What GitHub reads mentions and references from: text (with its escaped characters,
    unless `escapes` is false), not code spans or HTML."""
    kinds = {"text", "text_special"} if escapes else {"text"}
    words = []
    for token in _MD.parse(text):
        for child in token.children or []:
            words.append(child.content if child.type in kinds else " ")
    return "".join(words)


# What GitHub turns into a ping, a cross-reference or a link in words.
_GITHUB_LIVE = re.compile(r"(?<![\w`])@[A-Za-z0-9]|#\d|\bgh-\d|://|\bwww\.", re.IGNORECASE)


def _entities(text: str) -> list[str]:
    """The characters written as entities (`&commat;` is an @ to GitHub's mention finder)."""
    return [
        child.content
        for token in _MD.parse(text)
        for child in token.children or []
        if child.type == "text_special" and child.info == "entity"
    ]


def check_markdown(out: str, benign: str) -> None:
    assert _markdown_shape(out) == _markdown_shape(benign)
    assert _entities(out) == _entities(benign)
    # GitHub renders `$…$` as math: no dollar from data may be left unescaped in the text.
    dollars = _markdown_words(out, escapes=False).count("$")
    assert dollars == _markdown_words(benign, escapes=False).count("$")
    check_no_controls(out)


def check_github(out: str, benign: str) -> None:
    check_markdown(out, benign)
    live = _GITHUB_LIVE.findall(_markdown_words(out))
    assert live == _GITHUB_LIVE.findall(_markdown_words(benign))


def check_commit(out: str, benign: str) -> None:
    check_no_controls(out)
    assert out.count("\n") == benign.count("\n")
    assert _GITHUB_LIVE.findall(out) == _GITHUB_LIVE.findall(benign)


_PINGS = re.compile(r"@(?:here|channel|everyone)\b|(?<![\w`])@[A-Za-z0-9]", re.IGNORECASE)


def _chat(out: str, benign: str) -> tuple[str, str]:
    """A chat message's words and those of the plain one; its link, if any, is a link."""
    check_no_controls(out)
    body, _, link = out.partition("\n\nChangelog: ")
    assert not link or re.fullmatch(r"<https?://[^\s<>|]+>", link)
    plain = benign.partition("\n\nChangelog: ")[0]
    # A subject, then a line per change (with its details): no line of the data's own, even
    # where a long message is cut short.
    lines = body.split("\n")
    assert re.match(r"\d+ changes?: ", lines[0])
    assert [line for line in lines[1:] if line and not line.startswith(("- ", "  - "))] == []
    assert body.endswith("…") or body.count("\n") == plain.count("\n")
    assert _PINGS.findall(body) == _PINGS.findall(plain)
    assert body.count("://") == plain.count("://") == 0
    return body, plain


def check_slack(out: str, benign: str) -> None:
    body, plain = _chat(out, benign)
    assert re.findall(r"&(?!amp;|lt;|gt;)", out) == []
    assert (body.count("<"), body.count(">")) == (plain.count("<"), plain.count(">"))


def _unescaped(text: str, specials: str) -> int:
    count, index = 0, 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        count += text[index] in specials
        index += 1
    return count


def check_discord(out: str, benign: str) -> None:
    body, plain = _chat(out, benign)
    specials = "*_~`|<>[]"
    found = _unescaped(body, specials)
    assert found == _unescaped(plain, specials) or (body.endswith("…") and found == 0)


# What XML cannot carry, and the bidirectional controls that reorder what a reader sees.
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
_NOT_XML = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff{_BIDI_CONTROLS}]")
ATOM = "{http://www.w3.org/2005/Atom}"


FEED_SEPARATOR = "\n\n(next feed)\n\n"


def _feed_bodies(text: str) -> list[str]:
    """The HTML body of every entry of every feed (Atom or JSON Feed) in the text."""
    bodies = []
    for document in text.split(FEED_SEPARATOR):
        if document.lstrip().startswith("{"):
            bodies += [item["content_html"] for item in json.loads(document)["items"]]
        else:
            root = etree.fromstring(document.encode("utf-8"))
            bodies += [
                entry.findtext(f"{ATOM}content") or "" for entry in root.iter(f"{ATOM}entry")
            ]
    return bodies


def check_feed(out: str, benign: str) -> None:
    assert not _NOT_XML.search(out)
    bodies, plain = _feed_bodies(out), _feed_bodies(benign)
    assert len(bodies) == len(plain)
    for body, expected in zip(bodies, plain, strict=True):
        assert _html_shape(body, fragment=True) == _html_shape(expected, fragment=True)


_LINKING = ("href", "src", "action", "formaction", "xlink:href")


def _html_shape(text: str, fragment: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """Every element and its attributes' names; every link http(s), relative or a fragment."""
    if not text.strip():
        return []
    tree = (
        lxml_html.fragment_fromstring(text, create_parent="div")
        if fragment
        else lxml_html.document_fromstring(text)
    )
    shape = []
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else "#comment"
        shape.append((tag, tuple(sorted(element.attrib))))
        for name in _LINKING:
            target = element.attrib.get(name, "").strip().lower()
            assert not re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("http")
    return shape


# The site sets the model ids it finds in a sentence in a bare `<code>` of its own (none when
# the data's id is no whole word there), and sorts rows by id: neither is a construct from data.
_SITE_MARKUP = ("code", ())


def _elements(text: str) -> Counter[tuple[str, tuple[str, ...]]]:
    shape = Counter(_html_shape(text))
    del shape[_SITE_MARKUP]
    return shape


def check_html(out: str, benign: str) -> None:
    assert not _NOT_XML.search(out)  # what HTML cannot carry either
    assert _elements(out) == _elements(benign)


def _json_shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _json_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_shape(item) for item in value]
    return type(value).__name__


def check_json(out: str, benign: str) -> None:
    out.encode("utf-8")  # no lone surrogate: every byte writable
    assert "##[" not in out
    assert _json_shape(json.loads(out)) == _json_shape(json.loads(benign))


def check_no_controls(out: str) -> None:
    """Nothing a terminal or a parser would act on: C0/C1 controls but line ends, surrogates;
    nothing that reorders what a reader sees (bidirectional controls)."""
    found = [c for c in out if unicodedata.category(c) in {"Cc", "Cs"} and c not in "\n\t"]
    assert found == []
    assert re.findall(f"[{_BIDI_CONTROLS}]", out) == []


_SHOWN_ESCAPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def check_terminal(out: str, benign: str) -> None:
    assert [c for c in out if unicodedata.category(c) in _SHOWN_ESCAPED and c != "\n"] == []
    assert out.count("\n") == benign.count("\n")
    check_actions(out, benign)


def _workflow_commands(text: str) -> list[str]:
    """What the Actions runner would run: `::name key=…::` at a line's start (after the spaces
    it trims), and `##[` anywhere."""
    found = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("::"):
            name, _, rest = stripped[2:].partition("::")[0].partition(" ")
            keys = [pair.partition("=")[0] for pair in rest.split(",") if rest]
            found.append(f"{name} {','.join(keys)}")
    return found + ["##["] * text.count("##[")


def check_actions(out: str, benign: str) -> None:
    assert _workflow_commands(out) == _workflow_commands(benign)


CHECKS: dict[str, Callable[[str, str], None]] = {
    "markdown": check_markdown,
    "github": check_github,
    "commit": check_commit,
    "slack": check_slack,
    "discord": check_discord,
    "feed": check_feed,
    "html": check_html,
    "json": check_json,
    "terminal": check_terminal,
    "actions": check_actions,
}


# -- each sink's function alone, in the smallest document of its syntax ---------------------


def _atom(value: str) -> str:
    feed = FeedGenerator()
    feed.id("https://example.com/feed")
    feed.title("t")
    feed.updated(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    entry = feed.add_entry()
    entry.id("https://example.com/1")
    entry.title(feed_text(value))
    entry.updated(dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    entry.content(f"<p>{feed_html(value)}</p>", type="html")
    atom: bytes = feed.atom_str()
    return atom.decode("utf-8")


EMBED: dict[str, Callable[[str], str]] = {
    "markdown": lambda v: f"- **en**: {markdown_text(v)} ({markdown_code(v)})\n",
    "github": lambda v: f"- `en`: {github_text(v)} ({github_code(v)})\n",
    "commit": lambda v: f"1 change: {commit_text(v)}\n\n- en: {commit_text(v)}\n",
    "slack": lambda v: f"1 change: x\n\n- {slack_text(v)}\n\nChangelog: <https://example.com/c>",
    "discord": lambda v: (
        f"1 change: x\n\n- {discord_text(v)}\n\nChangelog: <https://example.com/c>"
    ),
    "feed": _atom,
    "html": lambda v: f'<!DOCTYPE html><p title="{html_text(v)}">{html_text(v)}</p>',
    "json": lambda v: json_text(json.dumps({"value": v, "list": [v]}, ensure_ascii=False)),
    "terminal": lambda v: f"{terminal_text(v)}\n  1:1  error  {terminal_text(v)}\n",
    "actions": lambda v: workflow_command("error", v, file=v, title=v) + "\n" + actions_text(v),
}


PACKAGE = Path(__file__).parent.parent / "scraper"
# What escapes text for a syntax: only scraper/sinks.py may use it, so every output goes
# through a sink of the registry rather than an escaping of its own.
_ESCAPING_MODULES = {"html", "markupsafe", "xml.sax.saxutils", "rich.markup"}
_ESCAPING_NAMES = {"quote", "quote_plus", "quote_from_bytes"}  # urllib.parse's
# Reading a page's entities (`&#58;` in an attribute it hides with) is not escaping.
_READING_NAMES = {"unescape"}
_ENTITIES = ("&lt;", "&gt;", "&amp;", "&quot;", "&#")


def _escapes(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name in _ESCAPING_MODULES]
        elif isinstance(node, ast.ImportFrom) and node.module in _ESCAPING_MODULES:
            found += [node.module for alias in node.names if alias.name not in _READING_NAMES]
        elif isinstance(node, ast.ImportFrom) and node.module == "urllib.parse":
            found += [alias.name for alias in node.names if alias.name in _ESCAPING_NAMES]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [entity for entity in _ENTITIES if entity in node.value]
    return found


def test_escaping_happens_only_in_the_sinks() -> None:
    """No module but scraper/sinks.py escapes text itself (HTML or XML entities, URL quoting):
    a new output uses a sink of the registry, or this fails."""
    found = {
        str(path.relative_to(PACKAGE)): escapes
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != PACKAGE / "sinks.py"
        and (escapes := _escapes(ast.parse(path.read_text(encoding="utf-8"))))
    }
    assert found == {}
    assert _escapes(ast.parse((PACKAGE / "sinks.py").read_text(encoding="utf-8")))


def test_every_sink_has_a_check_and_an_embedding() -> None:
    """The registry and the checks agree: a new sink cannot go unchecked."""
    assert set(CHECKS) == set(SINKS) == set(EMBED)


@pytest.mark.parametrize("sink", sorted(SINKS))
def test_each_sink_function_makes_every_hostile_string_inert(sink: str) -> None:
    """The escaping function of a sink, alone: no live construct of its syntax, no crash."""
    benign = EMBED[sink](BENIGN)
    for value in HOSTILE:
        CHECKS[sink](EMBED[sink](value), benign)


@pytest.mark.parametrize("sink", sorted(SINKS))
def test_the_check_of_each_sink_can_fail(sink: str) -> None:
    """Each check finds the live constructs an unescaped value would bring."""
    raw = {
        "markdown": "- **en**: [x](https://evil.example) (`x`)\n",
        "github": "- `en`: @octocat (`x`)\n",
        "commit": "1 change: fixes #1\n\n- en: x\n",
        "slack": "1 change: x\n\n- <!channel>\n\nChangelog: <https://example.com/c>",
        "discord": "1 change: x\n\n- [x](https://e.example)\n\nChangelog: <https://example.com/c>",
        "feed": _atom(BENIGN).replace("&lt;p&gt;", "&lt;p&gt;&lt;script&gt;&lt;/script&gt;"),
        "html": '<!DOCTYPE html><p title="x">x<script>alert(1)</script></p>',
        "json": '{"value": "##[error]", "list": ["x"]}',
        "terminal": "x\n  1:1  error  \x1b[2J\n",
        "actions": "::error::x\n::error::owned",
    }[sink]
    with pytest.raises(AssertionError):
        CHECKS[sink](raw, EMBED[sink](BENIGN))


# JSON is data, kept as it is; an Actions log reads commands, not what a reader sees.
_SHOWN_TO_READERS = sorted(set(SINKS) - {"json", "actions"})


@pytest.mark.parametrize("sink", _SHOWN_TO_READERS)
def test_the_checks_of_what_people_read_find_a_bidirectional_override(sink: str) -> None:
    """`\u202e` reverses what follows it on screen: a check of text people read finds it."""
    benign = EMBED[sink](BENIGN)
    with pytest.raises(AssertionError):
        CHECKS[sink](benign.replace(BENIGN, f"\u202e{BENIGN}"), benign)


@pytest.mark.parametrize("sink", ["markdown", "github"])
def test_the_markdown_checks_find_an_entity(sink: str) -> None:
    """An entity from data is a character GitHub reads: `&commat;octocat` is a mention."""
    with pytest.raises(AssertionError):
        CHECKS[sink]("- `en`: &commat;octocat (`x`)\n", EMBED[sink](BENIGN))


# -- the real outputs, with hostile text in one field at a time -------------------------------

EVENT_FIELDS = (
    "model",
    "replacement",
    "title",
    "section",
    "cell",
    "platform id",
    "alias",
    "reason",
    "drift value",
)


def _pick(chosen: str, value: str) -> Callable[[str, str], str]:
    return lambda name, default: value if name == chosen else default


def _event(number: int, type_: str, **fields: Any) -> Event:
    """An event whose payloads have its type's shapes, as every logged event's have."""
    event = Event.model_validate(
        {
            "id": f"{number:016x}",
            "type": type_,
            "detected_at": "2026-05-20",
            "locales": ["en", "zh-TW"],
            "page_url": PAGE_URL,
            **fields,
        }
    )
    assert event.payload_problem() is None, event.payload_problem()
    return event


def events_with(chosen: str, value: str) -> tuple[Event, ...]:
    """An event of every kind that carries page text, `value` in the `chosen` field."""
    v = _pick(chosen, value)
    model, replacement = v("model", "claude-opus-4-1-20250805"), v("replacement", "claude-opus-4-8")
    dates = {"deprecated_on": "2026-05-01", "retires_on": "2026-08-05"}
    entry = {"model": model, "retires_on": "2026-08-05", "replacement": replacement}
    table = {"section": v("section", "API"), "header": [v("cell", "h")], "rows": [[v("cell", "c")]]}
    return (
        _event(
            1,
            "event_retracted",
            model=model,
            context={"retracts": f"{2:016x}", "reason": v("reason", "cut page")},
        ),
        _event(
            2,
            "status_changed",
            model=model,
            field="status",
            before="active",
            after="deprecated",
            context={**dates, "retires_on_qualifier": None, "replacement": replacement},
        ),
        _event(
            3,
            "model_added",
            model=model,
            after={**dates, "status": "active", "retires_on_qualifier": None},
            context={**dates, "retires_on_qualifier": None, "replacement": replacement},
        ),
        _event(
            4,
            "replacement_changed",
            model=model,
            announcement="2026-05-01",
            before="claude-opus-4-6",
            after=replacement,
        ),
        _event(
            5,
            "announcement_added",
            announcement="2026-05-01",
            after={"title": v("title", "Opus"), "retired_on": None, "entries": [entry]},
        ),
        _event(
            6,
            "announcement_changed",
            announcement="2026-05-01",
            field="retired_on",
            after="2026-08-05",
            context={"title": v("title", "Opus")},
        ),
        _event(7, "table_changed", before=table, after={**table, "rows": [*table["rows"], ["d"]]}),
        _event(
            8,
            "platform_id_added",
            model=model,
            field="bedrock",
            context={"platform": "bedrock"},
            after=v("platform id", "anthropic.x-v1:0"),
        ),
        _event(
            9,
            "alias_changed",
            model=model,
            field="aliases",
            before=[],
            after=[v("alias", "claude-opus-4-1")],
        ),
        _event(
            10,
            "locale_drift",
            model=model,
            field="replacement",
            locales=["zh-TW"],
            after={"english": replacement, "translated": v("drift value", "claude-opus-4-7")},
            context={"state": "appeared"},
        ),
    )


INDEX_FIELDS = ("model", "replacement", "alias", "platform id", "page url", "scope note", "cell")


def index_with(chosen: str, value: str) -> ModelIndex:
    v = _pick(chosen, value)
    bedrock = PlatformEntry(
        # Two ids: a table shows them one per line, the second at the start of a line.
        ids=(
            "anthropic.claude-opus-4-1-20250805-v1:0",
            v("platform id", "us.anthropic.claude-opus-4-1-20250805-v1:0"),
        ),
        status="deprecated",
        status_text="Deprecated",
        page_url=v("page url", "https://docs.aws.amazon.com/bedrock/"),
    )
    model = CanonicalModel(
        model=v("model", "claude-opus-4-1-20250805"),
        status="deprecated",
        deprecated_on=dt.date(2026, 5, 1),
        retires_on=dt.date(2026, 8, 5),
        retires_on_qualifier=None,
        replacement=v("replacement", "claude-opus-4-8"),
        announced_on=dt.date(2026, 5, 1),
        retired_on=None,
        sources={},
        conflicts=(
            Conflict(
                field="retires_on",
                status_table=v("cell", "2026-08-05"),
                history="2026-08-06",
                announcement=dt.date(2026, 5, 1),
            ),
        ),
        aliases=(v("alias", "claude-opus-4-1"),),
        platforms={"bedrock": bedrock},
    )
    return ModelIndex(
        models=(model,),
        scope_note=v("scope note", "These dates apply to the Claude API."),
        platform_notes={"bedrock": v("scope note", "Bedrock sets its own dates.")},
    )


def _page(name: str) -> PageContent:
    return read_page((PAGES / name).read_bytes()).content


PAGES_READ = {"en": _page("en--2026-10-10.md"), "zh-TW": _page("zh-TW--seed.md")}
WORDS = StatusWords(active="使用中", legacy="舊版", deprecated="已棄用", retired="已停用")


def view_with(chosen: str, value: str) -> PublicationView:
    """The publication of those events and that index; a translation's status words too."""
    words = WORDS.model_copy(update={"deprecated": value} if chosen == "status word" else {})
    pages = {**PAGES_READ, "zh-TW": PAGES_READ["zh-TW"].model_copy(update={"status_words": words})}
    index = index_with(chosen, value) if chosen in INDEX_FIELDS else index_with("", "")
    return publication(events_with(chosen, value), index, None, pages, TODAY)


def _changelogs(chosen: str, value: str) -> str:
    view = view_with(chosen, value)
    editions = (view.main, view.translations, *view.editions)
    return "\n\n".join(render_changelog(edition) for edition in editions)


def _feeds(kind: str) -> Callable[[str, str], str]:
    def render(chosen: str, value: str) -> str:
        view = view_with(chosen, value)
        files: dict[str, str] = {}
        for edition in (view.main, view.translations, *view.editions):
            files |= render_feeds(edition, "https://example.com/b", "https://example.com/r")
        return FEED_SEPARATOR.join(text for name, text in files.items() if name.endswith(kind))

    return render


def _site(chosen: str, value: str) -> str:
    view = view_with(chosen, value)
    checked = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
    files = render_site(view, checked, ("models.json",), {"zh-TW": ("CHANGELOG.zh-TW.md",)})
    return "\n".join(files[name].decode("utf-8") for name in ("index.html", "zh-TW.html"))


@dataclass(frozen=True)
class _Outcome:
    """What a run did, as its report reads it (report.RunOutcome)."""

    events: tuple[Event, ...] = ()
    failed: tuple[FailedPage, ...] = ()
    rejected: tuple[Rejection, ...] = ()
    notes: tuple[str, ...] = ()


# Table cells are counted in sentences, not quoted: only the JSON carries them.
SENTENCE_FIELDS = tuple(name for name in EVENT_FIELDS if name != "cell")
PROBLEM_FIELDS = ("rejection", "fetch failure")
RUN_FIELDS = (*SENTENCE_FIELDS, *PROBLEM_FIELDS, "note")


def outcome_with(chosen: str, value: str) -> _Outcome:
    v = _pick(chosen, value)
    return _Outcome(
        events=events_with(chosen, value),
        failed=(FailedPage("ja", v("fetch failure", "HTTP 503")),),
        rejected=(Rejection("zh-CN", "lifecycle-words", v("rejection", "unknown word 'x'")),),
        notes=(v("note", "en: 3 rows left the status table"),),
    )


def _printed(render: Callable[[], None], columns: int = 10_000) -> str:
    """What a command prints on stdout and stderr, through click, as on a pipe."""
    out, err = io.StringIO(), io.StringIO()
    with (
        mock.patch.dict(os.environ, {"COLUMNS": str(columns)}),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        contextlib.suppress(SystemExit),
    ):
        render()
    return out.getvalue() + err.getvalue()


def _run_console(chosen: str, value: str) -> str:
    from scraper.commands.run import _print_outcome

    result = outcome_with(chosen, value)
    printed = _printed(lambda: _print_outcome(cast("RunResult", result), None))
    return printed + "\n".join(summary_lines(result)) + "\n"


def _plain(index: ModelIndex) -> Index:
    """The plain index the answers read, with the text as it is: `answers.data.plain` goes
    through JSON bytes, which cannot carry a lone surrogate (one from a command line can)."""
    return msgspec.convert(index.model_dump(mode="json"), Index, strict=False)


def _tables(columns: int) -> Callable[[str, str], str]:
    def render(chosen: str, value: str) -> str:
        index = _plain(index_with(chosen, value))
        names: dict[Status, str] = {status: status.capitalize() for status in STATUSES}
        written = [value if chosen == "input" else "claude-2.1", index.models[0].model]
        resolver = Resolver.from_index(index)
        answers = [answer(index, resolver, text, day=TODAY, today=TODAY) for text in written]

        def show() -> None:
            echo_table(models_grid(index.models, names, TODAY, TODAY))
            echo_table(platform_grid(index.models, "bedrock", names, TODAY, TODAY))
            echo_table(resolve_grid(answers, names))
            for note in conflict_notes(index.models):
                echo_prose(note)
            _echo_platform_notes(index, "bedrock")

        return _printed(show, columns)

    return render


FILE_FIELDS = ("file name", "replacement")


def audit_findings(chosen: str, value: str) -> tuple[AuditFinding, ...]:
    v = _pick(chosen, value)
    return tuple(
        AuditFinding(
            path=name,
            line=3,
            column=8,
            end_column=18,
            cell=None,
            text="claude-2.1",
            model="claude-2.1",
            platform="claude-api",
            status="retired",
            basis="schedule",
            api_status="retired",
            retires_on=dt.date(2025, 7, 21),
            retires_on_qualifier=None,
            days_left=None,
            replacement=v("replacement", "claude-opus-4-8"),
            level="error",
        )
        for name in (v("file name", "src/app.py"), f"sub/{v('file name', 'x.py')}")
    )


def _audit(kind: str) -> Callable[[str, str], str]:
    def render(chosen: str, value: str) -> str:
        findings = audit_findings(chosen, value)
        result = AuditResult(findings, 2, 100, {}, "git")
        source = IndexSource(_plain(index_with("", "")), "snapshots/models.json")
        if kind == "sarif":
            return render_sarif(findings, Path("/work"), source)
        if kind == "json":
            return audit_json(result, findings, TODAY, source)
        return audit_text(findings, colour=False)

    return render


CATALOG_FIELDS = ("key", "provider", "catalogue version", "catalogue value")


def catalog_report(chosen: str, value: str) -> Report:
    v = _pick(chosen, value)
    url = "https://platform.claude.com/docs/en/about-claude/model-deprecations"
    fact = PageFact("claude-api", "retired", dt.date(2025, 7, 21), None, url)
    finding = CatalogFinding(
        key=v("key", "anthropic/claude-2.1"),
        kind="date_mismatch",
        provider=v("provider", "anthropic"),
        platform="claude-api",
        model="claude-2.1",
        catalogue=v("catalogue value", "2025-07-20"),
        page=fact,
        fix=dt.date(2025, 7, 21),
        note="the catalogue's date is not the page's",
    )
    catalogue = Catalogue(
        name="litellm",
        source="map.json",
        version=v("catalogue version", "1.0"),
        spec=FormatSpec(date="deprecation_date"),
        text=None,
        entries=(),
        other_entries=0,
    )
    snapshot = SnapshotRef("snapshots/models.json", TODAY, {url: PageSnapshot(url, "ab" * 32)})
    return Report(catalogue, (finding,), snapshot)


def _branch_payload(kind: str) -> Callable[[str, str], str]:
    def render(chosen: str, value: str) -> str:
        environ = {
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": "someone/claude-deprecations",
            "GITHUB_REF_NAME": value if chosen == "branch" else "main",
        }
        payload = build_payload(events_with(chosen, value), changelog_url(environ))
        assert payload["allowed_mentions"] == {"parse": []}
        return str(payload[kind])

    return render


def _diagnostic(chosen: str, value: str) -> str:
    def show() -> None:
        progress = ProgressReporter(level="verbose", is_tty=False)
        progress.finished(FailedPage("ja", value), 0.1)
        fail(InputError(f"{value}: no such file"))

    return _printed(show)


def _workflow_command(chosen: str, value: str) -> str:
    return workflow_command("warning", value, file=value, line="3", title=value)


@dataclass(frozen=True)
class Output:
    """A real output, the sink it lands in, the fields it carries text from."""

    name: str
    sink: str
    fields: tuple[str, ...]
    render: Callable[[str, str], str]
    slow: bool = field(default=False)


TABLE_FIELDS = ("model", "replacement", "platform id", "cell", "input", "scope note")
OUTPUTS = (
    Output("changelogs", "markdown", (*SENTENCE_FIELDS, "status word"), _changelogs),
    Output(
        "job summary", "markdown", RUN_FIELDS, lambda c, v: summary_markdown(outcome_with(c, v))
    ),
    Output("issue body", "github", PROBLEM_FIELDS, lambda c, v: problem_body(outcome_with(c, v))),
    Output(
        "catalog pull request",
        "github",
        CATALOG_FIELDS,
        lambda c, v: catalog_markdown(catalog_report(c, v)),
    ),
    Output(
        "commit message", "commit", SENTENCE_FIELDS, lambda c, v: commit_message(events_with(c, v))
    ),
    Output("slack", "slack", (*SENTENCE_FIELDS, "branch"), _branch_payload("text")),
    Output("discord", "discord", (*SENTENCE_FIELDS, "branch"), _branch_payload("content")),
    Output("atom", "feed", (*SENTENCE_FIELDS, "status word"), _feeds(".atom")),
    Output("json feed", "feed", SENTENCE_FIELDS, _feeds(".json")),
    Output("site", "html", (*INDEX_FIELDS, "title", "status word"), _site, slow=True),
    Output(
        "events.json",
        "json",
        EVENT_FIELDS,
        lambda c, v: dumps(EVENTS.dump_python(list(events_with(c, v)), mode="json")),
    ),
    Output("models.json", "json", INDEX_FIELDS, lambda c, v: dumps(index_with(c, v))),
    Output("audit sarif", "json", FILE_FIELDS, _audit("sarif")),
    Output("audit json", "json", FILE_FIELDS, _audit("json")),
    Output("catalog json", "json", CATALOG_FIELDS, lambda c, v: catalog_json(catalog_report(c, v))),
    Output("audit text", "terminal", FILE_FIELDS, _audit("text")),
    Output("run's console", "terminal", (*SENTENCE_FIELDS, "rejection", "note"), _run_console),
    Output("tables", "terminal", TABLE_FIELDS, _tables(10_000_000)),
    Output(
        "catalog text",
        "terminal",
        ("key", "catalogue version", "catalogue value"),
        lambda c, v: catalog_text(catalog_report(c, v)),
    ),
    Output("diagnostics", "terminal", ("message",), _diagnostic),
    Output(
        "narrow tables",
        "actions",
        ("model", "platform id", "cell", "input", "scope note"),
        _tables(60),
    ),
    Output("workflow command", "actions", ("message",), _workflow_command),
)


def test_every_sink_has_a_real_output() -> None:
    """Each sink of the registry is exercised through at least one output the project writes."""
    assert {output.sink for output in OUTPUTS} == set(SINKS)


CASES = [
    pytest.param(
        output,
        name,
        id=f"{output.name}: {name}",
        marks=[pytest.mark.slow] if output.slow else [],
    )
    for output in OUTPUTS
    for name in output.fields
]


# A URL field is shown as a link when it is an http(s) URL, as text otherwise: either is fine.
PLAIN_VALUES = {"page url": ("https://docs.example.com/plain", BENIGN)}


@pytest.mark.parametrize(("output", "chosen"), CASES)
def test_hostile_text_in_every_field_of_every_output_is_inert(output: Output, chosen: str) -> None:
    """The output with hostile text in the field has the constructs it has with a plain word
    there, and nothing more; it never crashes."""
    benigns = [output.render(chosen, plain) for plain in PLAIN_VALUES.get(chosen, (BENIGN,))]
    for value in HOSTILE:
        rendered = output.render(chosen, value)
        errors = []
        for benign in benigns:
            try:
                CHECKS[output.sink](rendered, benign)
            except AssertionError as error:
                errors.append(error)
        if len(errors) == len(benigns):
            raise AssertionError(f"{output.name}, {chosen} = {value[:60]!r}: {errors[0]}")


def test_the_outputs_carry_the_field_they_are_fed() -> None:
    """The harness can fail: a value in a field shows up in the output it is fed to."""
    marker = "zqxmarker"
    fed = {"page url": f"https://docs.example.com/{marker}"}
    missing = [
        f"{output.name}: {name}"
        for output in OUTPUTS
        for name in output.fields
        if marker not in output.render(name, fed.get(name, marker))
    ]
    assert missing == []
