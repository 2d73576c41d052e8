"""The cases of #25, end to end: text a page, a repository or a user controls reaches an
issue, a chat, an Actions log, a feed or a terminal, and is inert there.

The property test over every sink and field is test_sinks.py; these are the attacks as they
were first tried, through the commands people run.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from scraper.cli import cli
from tests.conftest import FIXTURES, PAGES
from tests.test_retract import files
from tests.test_sinks import _GITHUB_LIVE, _markdown_words, _unescaped, _workflow_commands

EN_PAGE = PAGES / "en--2026-10-10.md"
STATUS_ROW = "| claude-opus-4-1-20250805   | Retired       |"
HISTORY_REPLACEMENT = "| `claude-opus-4-1-20250805` | `claude-opus-4-8`       |"


def _pages(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """A --from directory with the English page, each (old, new) edit applied once."""
    text = EN_PAGE.read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    directory = tmp_path / f"pages-{len(list(tmp_path.glob('pages-*')))}"
    directory.mkdir()
    (directory / "en.md").write_text(text, encoding="utf-8")
    return directory


def _run(snapshots: Path, pages: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli, ["run", "-q", "--snapshots", str(snapshots), "--from", str(pages), *args]
    )


@pytest.fixture
def baseline(tmp_path: Path) -> Path:
    """Snapshots of the real English page."""
    snapshots = tmp_path / "snapshots"
    result = _run(snapshots, _pages(tmp_path), "--as-of", "2026-10-10")
    assert result.exit_code == 0, result.output
    return snapshots


def test_mentions_in_a_page_cell_do_not_reach_the_issue_as_mentions(
    tmp_path: Path, baseline: Path
) -> None:
    """A status cell `@octocat @some-org/security-team #1` is rejected; the issue body the
    workflow posts quotes it in a code span, where GitHub pings and links nobody."""
    cell = "| claude-opus-4-1-20250805   | @octocat @some-org/security-team #1 |"
    report = tmp_path / "report"

    pages = _pages(tmp_path, (STATUS_ROW, cell))

    result = _run(baseline, pages, "--as-of", "2026-10-11", "--report-dir", str(report))

    assert result.exit_code == 3, result.output
    body = (report / "problem.md").read_text(encoding="utf-8")
    assert (
        "- `en`: lifecycle-words check: `unknown lifecycle word '@octocat "
        "@some-org/security-team #1' for model claude-opus-4-1-20250805`\n"
    ) in body
    assert _GITHUB_LIVE.findall(_markdown_words(body)) == []
    summary = (report / "summary.md").read_text(encoding="utf-8")
    assert "@octocat" in summary  # the job summary pings nobody: plain Markdown there


def test_a_disguised_link_in_a_replacement_is_no_link_in_slack_or_discord(
    tmp_path: Path, baseline: Path, httpserver: HTTPServer
) -> None:
    """A replacement written `[claude-opus-4-8](https://evil.example/login) <!channel>
    @everyone` becomes a change; the webhook message shows it as text in both dialects, and
    a branch named `fix><!channel><x` is no mention in the link."""
    hostile = r"\[claude-opus-4-8\](https://evil.example/login) <!channel> @everyone"
    row = f"| `claude-opus-4-1-20250805` | {hostile} |"
    report = tmp_path / "report"
    pages = _pages(tmp_path, (HISTORY_REPLACEMENT, row))
    result = _run(baseline, pages, "--as-of", "2026-10-11", "--report-dir", str(report))
    assert result.exit_code == 0, result.output
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    env = {
        "DEPRECATIONS_WEBHOOK_URL": httpserver.url_for("/hook"),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "someone/claude-deprecations",
        "GITHUB_REF_NAME": "fix><!channel><x",
    }

    notified = CliRunner().invoke(cli, ["notify", "--report-dir", str(report)], env=env)

    assert notified.exit_code == 0, notified.output
    [(request, _)] = httpserver.log
    payload = json.loads(request.get_data(as_text=True))
    text, content = payload["text"], payload["content"]
    joiner = "\u2060"
    assert f"[claude-opus-4-8](https:{joiner}//evil.example/login) @{joiner}everyone" in text
    assert f"\\[claude-opus-4-8\\](https:{joiner}//evil.example/login) @{joiner}everyone" in content
    assert "<!channel>" not in text + content
    assert _unescaped(content, "[]<>") == 2  # the changelog link's own angle brackets
    assert payload["allowed_mentions"] == {"parse": []}
    link = "/blob/fix%3E%3C%21channel%3E%3Cx/snapshots/CHANGELOG.md>"
    assert text.endswith(link) and content.endswith(link)


def _git_repository(root: Path, names: list[str]) -> Path:
    root.mkdir()
    for name in names:
        (root / os.fsdecode(name)).write_text('model = "claude-2.1"\n', encoding="utf-8")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    for args in (["init", "-q"], ["add", "-A"]):
        subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return root


HOSTILE_NAMES = [
    "::error title=Injected::owned",
    "line\n::warning::owned.py",
    "\u3000::notice::indented.py",
    "##[error]anywhere.py",
    "\x1b]0;title\x07\u202eyp.txt",
]


def test_file_names_cannot_run_workflow_commands_in_an_actions_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Files named like workflow commands (or with a newline) start no command in audit's
    text, which the action prints into the log; control characters are shown escaped."""
    monkeypatch.chdir(_git_repository(tmp_path / "repo", HOSTILE_NAMES))
    snapshots = str(FIXTURES / "audit")

    result = CliRunner().invoke(cli, ["audit", ".", "--snapshots", snapshots])

    assert result.exit_code == 1, result.output
    out = result.stdout
    assert _workflow_commands(out) == []
    assert "\\x3a:error title=Injected::owned\n" in out
    assert "line\\n::warning::owned.py\n" in out  # one line: no command mid-line
    assert "\\x1b]0;title\\x07\\u202eyp.txt\n" in out
    assert not any(char in out for char in "\x1b\x07\u202e")
    assert out.count("claude-2.1 on Claude API") == len(HOSTILE_NAMES)


def test_a_file_name_that_is_not_utf8_gives_valid_sarif_and_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name with a byte that is not UTF-8 is a finding like any other: SARIF (its raw byte
    percent-encoded in the URI) and JSON are valid UTF-8, never an internal error."""
    monkeypatch.chdir(_git_repository(tmp_path / "repo", [os.fsdecode(b"bad\xffname.py")]))
    snapshots = str(FIXTURES / "audit")

    for output_format in ("sarif", "json", "text"):
        result = CliRunner().invoke(
            cli, ["audit", ".", "--snapshots", snapshots, "--format", output_format]
        )
        assert result.exit_code == 1, result.output
        result.stdout.encode("utf-8")
        if output_format == "sarif":
            log = json.loads(result.stdout)
            [finding] = log["runs"][0]["results"]
            location = finding["locations"][0]["physicalLocation"]["artifactLocation"]
            assert location["uri"] == "bad%FFname.py"


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("bell\x07 in it", "error: --reason: it holds a control character (U+0007); "),
        ("escape \x1b[2J", "error: --reason: it holds a control character (U+001B); "),
        ("not \udcff UTF-8", "error: --reason: it is not valid UTF-8; "),
        ("typo in \u202ecod.exe", "error: --reason: it holds a bidirectional control (U+202E); "),
        ("C1 \x9b2J", "error: --reason: it holds a control character (U+009B); "),
    ],
    ids=["bell", "escape sequence", "not UTF-8", "bidi override", "C1 control"],
)
def test_a_retraction_reason_no_sink_can_carry_is_refused_and_changes_nothing(
    baseline: Path, reason: str, message: str
) -> None:
    """A reason with a control character or bytes that are not UTF-8: exit 2, one line,
    the snapshots byte for byte as they were (it used to end in the XML writer, exit 70)."""
    target = json.loads((baseline / "events.json").read_text(encoding="utf-8"))["events"][0]
    before = files(baseline)

    result = CliRunner().invoke(
        cli, ["retract", str(target["id"]), "--reason", reason, "--snapshots", str(baseline)]
    )

    assert result.exit_code == 2
    assert result.output == message + "say why in plain text\n"
    assert files(baseline) == before


def test_a_control_character_already_in_the_log_cannot_break_the_feeds(
    tmp_path: Path, baseline: Path
) -> None:
    """A reason stored before it was checked (or by hand) still renders: the feeds replace
    what XML cannot carry instead of crashing."""
    log = json.loads((baseline / "events.json").read_text(encoding="utf-8"))
    first = log["events"][0]
    context = {"retracts": first["id"], "reason": "bell\x07 and \ud800"}
    correction = {**first, "id": "00000000000000aa", "type": "event_retracted", "context": context}
    log["events"].insert(0, correction)
    (baseline / "events.json").write_text(json.dumps(log, indent=2), encoding="utf-8")
    row = "| `claude-opus-4-1-20250805` | `claude-opus-4-7` |"

    result = _run(baseline, _pages(tmp_path, (HISTORY_REPLACEMENT, row)), "--as-of", "2026-10-11")

    assert result.exit_code == 0, result.output
    feed = feedparser.parse((baseline / "feed.atom").read_bytes())
    assert not feed.bozo
    assert any("bell\ufffd and \ufffd" in entry.title for entry in feed.entries)
    json.loads((baseline / "feed.json").read_text(encoding="utf-8"))


def test_a_terminal_shows_escape_sequences_and_overrides_escaped() -> None:
    """`resolve` echoes its input in a table: an escape sequence clears no screen, a
    right-to-left override reverses nothing, and a workflow command starts no line."""
    snapshots = str(FIXTURES / "audit")

    result = CliRunner().invoke(
        cli, ["resolve", "--snapshots", snapshots, "\x1b[2Jx\u202eevil", "::error::owned"]
    )

    assert result.exit_code == 1
    assert "\\x1b[2Jx\\u202eevil" in result.stdout
    assert "\\x3a:error::owned" in result.stdout
    assert not any(char in result.stdout for char in "\x1b\u202e")
    assert _workflow_commands(result.stdout) == []


def test_an_mcp_answer_to_text_no_utf8_can_carry_is_still_json(tmp_path: Path) -> None:
    """An agent asks about `claude-\\ud800 ::error::x` (JSON lets it write a lone surrogate):
    the answer quoting it still serialises (the SDK's writer would drop it, and the agent wait
    forever); models.json holding one is refused in one line, a tool error the agent reads."""
    from mcp.server.mcpserver.exceptions import ToolError

    from scraper.answers.mcp import origin
    from scraper.answers.mcp.server import Live, Tools

    document = json.loads((FIXTURES / "audit" / "models.json").read_text(encoding="utf-8"))
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "models.json").write_text(json.dumps(document), encoding="utf-8")
    answer = Tools(Live(origin.from_snapshots(tmp_path / "good"))).resolve_model_ids(
        ["claude-\ud800 ::error::x"]
    )
    sent = answer.model_dump_json()  # raised on the surrogate before json_value
    assert "claude-\ufffd ::error::x" in json.dumps(json.loads(sent), ensure_ascii=False)

    document["models"][0]["replacement"] = "claude-\ud800 ::error::x"
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "models.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(ToolError) as refused:
        Tools(Live(origin.from_snapshots(tmp_path / "bad"))).list_models()
    assert "not a models.json: not valid JSON" in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(
    "url",
    ["https://x.example/\x1b[2J", "https://x.example/\udcff", "https://x.example/a\nb"],
    ids=["escape sequence", "not UTF-8", "newline"],
)
@pytest.mark.parametrize(
    "command",
    [
        ["run", "--snapshots", "snapshots", "--base-url"],
        ["audit", ".", "--data"],
        ["catalog", "check", "litellm", "--snapshots", str(FIXTURES / "audit")],
    ],
    ids=["run --base-url", "audit --data", "catalog check URL"],
)
def test_a_url_no_request_can_carry_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], url: str
) -> None:
    """A URL option with a control character or bytes that are not UTF-8 is refused before
    any request (exit 2, the URL shown escaped), never an internal error."""
    monkeypatch.chdir(tmp_path)

    result = CliRunner().invoke(cli, [*command, url])

    assert result.exit_code == 2, result.output
    assert "http(s) URL" in result.output
    assert not any(char in result.output for char in "\x1b\udcff")
