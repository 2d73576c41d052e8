"""`deprecations mcp`: the server, talked to with the MCP SDK's own client.

In memory for the protocol's details (tools, schemas, errors, resources, a server without
data); as a real subprocess over stdio, as Claude Code starts it, for the results against the
equivalent commands' JSON, a `--data URL`, and an install without the SDK.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, cast

import anyio
import pytest
from click.testing import CliRunner
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult, TextContent, TextResourceContents
from pytest_httpserver import HTTPServer

from scraper.answers.data import IndexSource, plain
from scraper.answers.mcp import origin, tools
from scraper.answers.mcp.server import CHANGELOG_URI, MODELS_URI, build
from scraper.cli import cli
from scraper.records import Record, Status, dumps
from tests.test_mcp_tools import DATA_DATE, TODAY, stamped_index

ROOT = Path(__file__).parent.parent
TOOLS = {
    "resolve_model_ids",
    "list_models",
    "upcoming_retirements",
    "check_code",
    "recommend_model",
}
CHANGELOG = "# Changelog\n\n## 2026-10-10\n\n- Claude Sonnet 4.5 deprecated\n"


@pytest.fixture
def snapshots(tmp_path: Path) -> Path:
    directory = tmp_path / "snapshots"
    directory.mkdir()
    (directory / "models.json").write_text(dumps(stamped_index()), encoding="utf-8")
    (directory / "CHANGELOG.md").write_text(CHANGELOG, encoding="utf-8")
    return directory


def talk(server: Any, conversation: Callable[[Client], Awaitable[None]]) -> None:
    """Run one conversation with a server (an MCPServer, or the parameters to start one)."""

    async def main() -> None:
        async with Client(server) as client:
            await conversation(client)

    anyio.run(main)


def text_of(result: CallToolResult) -> str:
    [block] = result.content
    assert isinstance(block, TextContent)
    return block.text


GOOD_CALLS: list[tuple[str, dict[str, Any]]] = [
    ("resolve_model_ids", {"ids": ["claude-3-5-sonnet-latest", "claude-4-sonnet"]}),
    ("list_models", {"status": ["deprecated", "retired"], "as_of": "2026-07-01"}),
    ("list_models", {"status": "active", "platform": "vertex-ai"}),
    ("upcoming_retirements", {"within": "6m", "include_tentative": True, "as_of": "2026-09-01"}),
    ("check_code", {"text": 'model = "claude-3-opus-20240229"\n', "path": "app.py"}),
    ("recommend_model", {"family": "sonnet", "platform": "bedrock"}),
]


def expected_result(source: IndexSource, name: str, arguments: dict[str, Any]) -> Any:
    """What `tools` computes for a call: the server must carry it unchanged."""
    options = dict(arguments)
    result: Record
    if name == "resolve_model_ids":
        resolved = tools.resolve_model_ids(source, options["ids"], today=TODAY)
        return resolved, tools.resolved_text
    if name == "check_code":
        result = tools.check_code(
            source,
            text=options["text"],
            path=options.get("path"),
            platform=options.get("platform"),
            include_active=options.get("include_active", False),
            as_of=options.get("as_of"),
            today=TODAY,
        )
        return result, tools.check_text
    if name == "recommend_model":
        result = tools.recommend_model(
            source,
            family=options.get("family"),
            platform=options.get("platform"),
            as_of=options.get("as_of"),
            today=TODAY,
        )
        return result, tools.recommendations_text
    if name == "list_models":
        status = options.get("status")
        result = tools.list_models(
            source,
            statuses=cast("list[Status] | None", [status] if isinstance(status, str) else status),
            platform=options.get("platform"),
            as_of=options.get("as_of"),
            today=TODAY,
        )
    else:
        result = tools.upcoming_retirements(
            source,
            within=options.get("within", "90d"),
            include_tentative=options.get("include_tentative", False),
            as_of=options.get("as_of"),
            today=TODAY,
        )
    return result, lambda found: tools.listing_text(found, TODAY)


def test_tools_are_listed_with_their_schemas(snapshots: Path) -> None:
    """Five read-only tools, each described, with a JSON schema for its input (every
    argument described) and for its structured result, which always says the data's date."""

    async def conversation(client: Client) -> None:
        listed = (await client.list_tools()).tools
        assert {tool.name for tool in listed} == TOOLS
        for tool in listed:
            assert tool.description and len(tool.description) > 80
            properties = tool.input_schema["properties"]
            assert properties and all("description" in p for p in properties.values())
            assert tool.output_schema is not None
            assert "data" in tool.output_schema["properties"]
            assert tool.annotations is not None and tool.annotations.read_only_hint
        assert "resolve_model_ids" in (client.instructions or "")

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


def test_each_tool_answers_with_the_structured_result_and_a_paragraph(snapshots: Path) -> None:
    """Each call returns, unchanged, the result `tools` computes, and its one paragraph."""
    source = IndexSource(plain(stamped_index()), str(snapshots / "models.json"))

    async def conversation(client: Client) -> None:
        for name, arguments in GOOD_CALLS:
            result = await client.call_tool(name, arguments)
            expected, render = expected_result(source, name, arguments)
            assert not result.is_error, text_of(result)
            assert result.structured_content == expected.model_dump(mode="json")
            assert text_of(result) == render(expected)
            assert result.structured_content["data"]["date"] == DATA_DATE.isoformat()

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


BAD_CALLS: list[tuple[str, dict[str, Any], str]] = [
    ("resolve_model_ids", {}, "ids\n  Field required"),
    ("resolve_model_ids", {"ids": []}, "List should have at least 1 item"),
    ("resolve_model_ids", {"ids": "claude-2.1"}, "Input should be a valid list"),
    ("resolve_model_ids", {"ids": ["x"] * 201}, "List should have at most 200 items"),
    ("list_models", {"status": ["gone"]}, "Input should be 'active', 'legacy'"),
    ("list_models", {"platform": "azure"}, "Input should be 'claude-api', 'bedrock'"),
    ("list_models", {"as_of": "yesterday"}, "String should match pattern"),
    ("list_models", {"as_of": "2026-13-01"}, "as_of: '2026-13-01' is not a date"),
    ("upcoming_retirements", {"within": "soon"}, "within: 'soon' is not a window"),
    ("upcoming_retirements", {"within": "1000y"}, "within: 1000y is too long"),
    ("upcoming_retirements", {"include_tentative": "perhaps"}, "valid boolean"),
    ("check_code", {"path": "a.py"}, "text\n  Field required"),
    ("check_code", {"text": 42}, "Input should be a valid string"),
    ("recommend_model", {"family": "gemini"}, "family: 'gemini' is no family the page names"),
    ("no_such_tool", {}, "no_such_tool"),
]


def test_bad_arguments_are_tool_errors_and_the_server_goes_on(snapshots: Path) -> None:
    """Each bad argument is an error result whose message names the argument and what it
    takes; the server answers the next call as before."""

    async def conversation(client: Client) -> None:
        for name, arguments, message in BAD_CALLS:
            result = await client.call_tool(name, arguments)
            assert result.is_error, (name, arguments)
            assert message in text_of(result), text_of(result)
            assert result.structured_content is None
        after = await client.call_tool("resolve_model_ids", {"ids": ["claude-2.1"]})
        assert not after.is_error
        assert after.structured_content is not None
        assert after.structured_content["answers"][0]["status"] == "retired"

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


def test_a_server_without_data_says_so_in_every_answer_until_it_has_some(tmp_path: Path) -> None:
    """Started on a directory without models.json: every tool and resource says so and how
    to fix it; once a run writes models.json, the next call answers from it."""
    directory = tmp_path / "empty"
    directory.mkdir()

    async def conversation(client: Client) -> None:
        for name, arguments in GOOD_CALLS:
            result = await client.call_tool(name, arguments)
            assert result.is_error
            assert "no model data:" in text_of(result)
            assert "--snapshots DIR" in text_of(result)
        with pytest.raises(Exception, match="no model data"):
            await client.read_resource(MODELS_URI)
        (directory / "models.json").write_text(dumps(stamped_index()), encoding="utf-8")
        result = await client.call_tool("resolve_model_ids", {"ids": ["claude-2.1"]})
        assert not result.is_error, text_of(result)

    talk(build(origin.from_snapshots(directory), lambda: TODAY), conversation)


def test_a_rewritten_models_json_is_read_again(snapshots: Path) -> None:
    """A long-running server answers from what a later run wrote, not what it first read."""
    changed = stamped_index().model_copy(update={"models": stamped_index().models[:3]})

    async def conversation(client: Client) -> None:
        first = await client.call_tool("list_models", {})
        (snapshots / "models.json").write_text(dumps(changed), encoding="utf-8")
        second = await client.call_tool("list_models", {})
        assert first.structured_content and second.structured_content
        assert len(first.structured_content["models"]) == len(stamped_index().models)
        assert len(second.structured_content["models"]) == 3

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


def test_a_damaged_rewrite_keeps_the_data_it_had(snapshots: Path) -> None:
    """A reload that fails (models.json damaged by hand) keeps answering from the last data,
    dated as it was, rather than from nothing."""

    async def conversation(client: Client) -> None:
        first = await client.call_tool("resolve_model_ids", {"ids": ["claude-2.1"]})
        (snapshots / "models.json").write_text("{not json", encoding="utf-8")
        second = await client.call_tool("resolve_model_ids", {"ids": ["claude-2.1"]})
        assert not second.is_error, text_of(second)
        assert second.structured_content == first.structured_content

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


def test_resources_are_models_json_and_the_changelog(snapshots: Path) -> None:
    """Two read-only resources: models.json as the data has it, and the changelog beside it."""

    async def conversation(client: Client) -> None:
        listed = {str(r.uri): r for r in (await client.list_resources()).resources}
        assert set(listed) == {MODELS_URI, CHANGELOG_URI}
        assert listed[MODELS_URI].mime_type == "application/json"
        read = {}
        for uri in listed:
            [contents] = (await client.read_resource(uri)).contents
            assert isinstance(contents, TextResourceContents)
            read[uri] = contents.text
        assert read[MODELS_URI] == dumps(stamped_index())
        assert read[CHANGELOG_URI] == CHANGELOG

    talk(build(origin.from_snapshots(snapshots), lambda: TODAY), conversation)


def test_the_packaged_data_answers_without_any_option() -> None:
    """Outside a clone the installed package's models.json and changelog answer."""

    async def conversation(client: Client) -> None:
        result = await client.call_tool("recommend_model", {})
        assert result.structured_content is not None
        assert result.structured_content["data"]["origin"] == "packaged models.json"
        assert result.structured_content["models"]
        [contents] = (await client.read_resource(CHANGELOG_URI)).contents
        assert isinstance(contents, TextResourceContents)
        assert contents.text == (ROOT / "snapshots" / "CHANGELOG.md").read_text(encoding="utf-8")

    talk(build(origin.packaged()), conversation)


def test_without_the_sdk_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An install without the `mcp` extra: one line naming the pip command, exit 2."""
    for name in [name for name in sys.modules if name.partition(".")[0] == "mcp"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if never installed
    monkeypatch.delitem(sys.modules, "scraper.answers.mcp.server")
    result = CliRunner().invoke(cli, ["mcp"], prog_name="deprecations")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: the MCP server needs the MCP SDK, an optional extra: "
        "pip install 'claude-deprecations[mcp]'\n"
    )


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--snapshots", "s", "--data", "https://example.org/m.json"], "choose one"),
        (["--data", "file:///etc/passwd"], "is not an http(s) URL"),
    ],
)
def test_usage_errors_exit_2_before_serving(arguments: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["mcp", *arguments], prog_name="deprecations")
    assert result.exit_code == 2
    assert message in result.stderr


# --- the real server, over stdio ---------------------------------------------------------------


def server_process(*arguments: str, **environment: str) -> StdioServerParameters:
    return StdioServerParameters(
        command=sys.executable,
        args=["-m", "scraper", "mcp", *arguments],
        env=environment or None,
        cwd=str(ROOT),
    )


def command_json(*arguments: str, cwd: Path = ROOT) -> Any:
    completed = subprocess.run(
        [sys.executable, "-m", "scraper", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    assert completed.returncode in (0, 1), completed.stderr
    return json.loads(completed.stdout)


def without(found: dict[str, Any] | None, *keys: str) -> dict[str, Any]:
    assert found is not None
    return {key: value for key, value in found.items() if key not in keys}


@pytest.mark.slow
def test_the_real_server_answers_as_the_commands_do(snapshots: Path, tmp_path: Path) -> None:
    """Started as an agent starts it: each tool's structured result equals the JSON the
    equivalent command prints on the same data; bad input is an error and the server lives on."""
    data = ["--snapshots", str(snapshots)]
    ids = ["claude-3-5-sonnet-latest", "anthropic.claude-opus-4-6-v1", "claude-opus-4@20250514"]
    (tmp_path / "app.py").write_text('m = "claude-sonnet-4-5"\nn = "claude-2.1"\n')
    expected = {
        "resolve": command_json("resolve", *data, "--format", "json", *ids),
        "models": command_json(
            "models", *data, "--format", "json", "--status", "retired", "--as-of", "2026-03-01"
        ),
        "upcoming": command_json(
            "upcoming", *data, "--format", "json", "--within", "1y", "--as-of", "2026-05-01"
        ),
        "audit": command_json(
            *("audit", "app.py", *data, "--format", "json", "--as-of", "2026-05-01"),
            *("--fail-on", "never"),
            cwd=tmp_path,
        ),
    }

    async def conversation(client: Client) -> None:
        assert {tool.name for tool in (await client.list_tools()).tools} == TOOLS
        resolved = await client.call_tool("resolve_model_ids", {"ids": ids})
        assert without(resolved.structured_content, "data", "as_of") == {
            "answers": expected["resolve"]
        }
        models = await client.call_tool("list_models", {"status": "retired", "as_of": "2026-03-01"})
        assert without(models.structured_content, "data", "as_of") == expected["models"]
        upcoming = await client.call_tool(
            "upcoming_retirements", {"within": "1y", "as_of": "2026-05-01"}
        )
        assert without(upcoming.structured_content, "data", "as_of") == expected["upcoming"]
        code = (tmp_path / "app.py").read_text()
        checked = await client.call_tool(
            "check_code", {"text": code, "path": "app.py", "as_of": "2026-05-01"}
        )
        assert without(checked.structured_content, "data") == without(
            expected["audit"], "files_scanned", "skipped", "data", "excluded", "ignored"
        )
        recommended = await client.call_tool("recommend_model", {"family": "haiku"})
        assert recommended.structured_content is not None
        assert [m["model"] for m in recommended.structured_content["models"]] == [
            "claude-haiku-5-5",
            "claude-haiku-4-5-20251001",
        ]
        for name, arguments, message in [
            ("upcoming_retirements", {"within": "-3d"}, "within: '-3d' is not a window"),
            ("resolve_model_ids", {"ids": "claude-2.1"}, "ids\n  Input should be a valid list"),
            ("list_models", {"status": "gone"}, "Input should be 'active', 'legacy'"),
            ("check_code", {"path": "app.py"}, "text\n  Field required"),
            ("recommend_model", {"family": "gemini"}, "family: 'gemini' is no family"),
        ]:
            bad = await client.call_tool(name, arguments)
            assert bad.is_error and message in text_of(bad), text_of(bad)
            assert "errors.pydantic.dev" not in text_of(bad)  # for people, not a link per line
        again = await client.call_tool("resolve_model_ids", {"ids": ids})
        assert again.structured_content == resolved.structured_content

    talk(server_process(*data), conversation)


@pytest.mark.slow
def test_the_real_server_reads_a_published_url(httpserver: HTTPServer, tmp_path: Path) -> None:
    """`--data URL`: models.json and the changelog beside it, fetched from the fork that
    publishes them, the answers citing the URL."""
    httpserver.expect_request("/fork/snapshots/models.json").respond_with_data(
        dumps(stamped_index()), content_type="application/json"
    )
    httpserver.expect_request("/fork/snapshots/CHANGELOG.md").respond_with_data(
        CHANGELOG, content_type="text/markdown"
    )
    url = httpserver.url_for("/fork/snapshots/models.json")

    async def conversation(client: Client) -> None:
        result = await client.call_tool("resolve_model_ids", {"ids": ["claude-opus-4-1"]})
        assert result.structured_content is not None
        assert result.structured_content["data"]["origin"] == url
        assert result.structured_content["answers"][0]["model"] == "claude-opus-4-1-20250805"
        [contents] = (await client.read_resource(CHANGELOG_URI)).contents
        assert isinstance(contents, TextResourceContents) and contents.text == CHANGELOG

    talk(server_process("--data", url, XDG_CACHE_HOME=str(tmp_path / "cache")), conversation)


@pytest.mark.slow
def test_the_real_server_without_data_starts_and_says_so(tmp_path: Path) -> None:
    """A snapshots directory that does not exist: the server still starts, and every
    answer names the directory and how to give it data."""
    missing = tmp_path / "nowhere"

    async def conversation(client: Client) -> None:
        for name, arguments in GOOD_CALLS:
            result = await client.call_tool(name, arguments)
            assert result.is_error
            assert f"no model data: {missing}" in text_of(result)

    talk(server_process("--snapshots", str(missing)), conversation)


def test_the_data_date_is_the_runs(snapshots: Path) -> None:
    """The date every answer gives is the day the data last changed."""
    stamped = tools.stamp(IndexSource(plain(stamped_index()), "x"))
    assert stamped.date == DATA_DATE
    undated = stamped_index().model_copy(update={"run": None, "source": None})
    assert tools.stamp(IndexSource(plain(undated), "x")).date is None
