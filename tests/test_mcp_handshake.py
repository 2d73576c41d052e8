"""`deprecations mcp` answers `initialize` before loading the SDK (scraper/answers/mcp/
handshake.py), then the SDK serves the rest (stdio.py): the early answer must be the SDK's.

In process, the answer is compared with what the SDK's own server writes for the same line,
byte for byte, over chosen and generated messages; as a real process, the server's whole
output with the early answer is compared with the same server run by the SDK alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import anyio
import mcp_types.version
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp.shared.message import SessionMessage
from mcp_types import JSONRPCRequest, jsonrpc_message_adapter
from pydantic import ValidationError

import scraper
from scraper.answers.mcp import handshake, origin
from scraper.answers.mcp.server import build

ROOT = Path(__file__).parent.parent
VERSION = scraper.__version__
SNAPSHOTS = str(ROOT / "snapshots")


def initialize(
    version: Any = handshake.LATEST_HANDSHAKE_VERSION,
    capabilities: Any = None,
    client: Any = None,
    request_id: Any = 1,
    **extra: Any,
) -> str:
    params = {
        "protocolVersion": version,
        "capabilities": {} if capabilities is None else capabilities,
        "clientInfo": {"name": "test", "version": "1.0"} if client is None else client,
        **extra,
    }
    message = {"jsonrpc": "2.0", "id": request_id, "method": "initialize", "params": params}
    return json.dumps(message)


E = "io.modelcontextprotocol/"  # the 2026 envelope's keys in `_meta`
ABSENT: Any = object()


def discover(
    capabilities: Any = None,
    client: Any = ABSENT,
    version: Any = "2026-07-28",
    request_id: Any = 1,
    **meta: Any,
) -> str:
    """`server/discover`, with which clients of the 2026-07-28 protocol (the SDK's own) start."""
    envelope = {
        f"{E}protocolVersion": version,
        f"{E}clientCapabilities": {} if capabilities is None else capabilities,
        **({} if client is ABSENT else {f"{E}clientInfo": client}),
        **meta,
    }
    params = {"_meta": envelope}
    message = {"jsonrpc": "2.0", "id": request_id, "method": "server/discover", "params": params}
    return json.dumps(message)


def sdk_answers(lines: list[str]) -> list[str]:
    """What the SDK's own server writes, as its stdio transport writes it, for `lines` sent
    as a connection's first messages: the reference every early answer is held to."""
    server = build(origin.packaged())._lowlevel_server
    messages = []
    for line in lines:
        try:
            messages.append(SessionMessage(jsonrpc_message_adapter.validate_json(line)))
        except ValidationError:
            continue  # the SDK's reader passes the error on; its server drops it

    requests = sum(isinstance(message.message, JSONRPCRequest) for message in messages)

    async def main() -> list[str]:
        send, reads = anyio.create_memory_object_stream[SessionMessage | Exception](len(lines))
        writes, receive = anyio.create_memory_object_stream[SessionMessage](len(lines) + 1)
        written: list[SessionMessage] = []
        async with anyio.create_task_group() as group:
            group.start_soon(server.run, reads, writes, server.create_initialization_options())
            for message in messages:
                await send.send(message)
            # Input ends once every request is answered: the SDK cancels what still runs.
            with anyio.move_on_after(10):
                while len(written) < requests:
                    written.append(await receive.receive())
            send.close()
        written += [item async for item in receive]
        return [
            item.message.model_dump_json(by_alias=True, exclude_unset=True) + "\n"
            for item in written
        ]

    return anyio.run(main)


def test_the_protocol_versions_are_the_sdks() -> None:
    """The versions `initialize` negotiates and `server/discover` offers, written in our code,
    are the SDK's own."""
    assert handshake.HANDSHAKE_PROTOCOL_VERSIONS == mcp_types.version.HANDSHAKE_PROTOCOL_VERSIONS
    assert handshake.LATEST_HANDSHAKE_VERSION == mcp_types.version.LATEST_HANDSHAKE_VERSION
    assert handshake.MODERN_PROTOCOL_VERSIONS == mcp_types.version.MODERN_PROTOCOL_VERSIONS


ANSWERED = {
    "the latest version": initialize(),
    "an older version": initialize(version="2024-11-05"),
    "each supported version": initialize(version="2025-03-26"),
    "an unknown version": initialize(version="2099-01-01"),
    "a version of the 2026 envelope era": initialize(version="2026-07-28"),
    "an empty version": initialize(version=""),
    "roots that change": initialize(capabilities={"roots": {"listChanged": True}}),
    "every capability": initialize(
        capabilities={
            "roots": {"listChanged": False},
            "sampling": {"context": {}, "tools": {}},
            "elicitation": {"form": {}, "url": {}},
            "experimental": {"x": {}},
            "extensions": {"io.modelcontextprotocol/ui": {}},
            "tasks": {"list": {}, "cancel": {}, "requests": {"sampling": {"createMessage": {}}}},
        }
    ),
    "a capability of its own": initialize(capabilities={"myClient": {"things": {}}}),
    "a full client description": initialize(
        client={
            "name": "claude-code",
            "version": "2.1.0",
            "title": "Claude Code",
            "description": None,
            "websiteUrl": "https://example.org",
            "extra": [1, 2],
        }
    ),
    "a text id": initialize(request_id="init-1"),
    "a zero id": initialize(request_id=0),
    "a negative id": initialize(request_id=-7),
    "non-ASCII text": initialize(client={"name": "客户端", "version": "1"}),
    "discover, as the SDK's client sends it": discover(client={"name": "mcp", "version": "0.1.0"}),
    "discover without client info": discover(),
    "discover with capabilities": discover(
        capabilities={"roots": {"listChanged": True}, "sampling": {"tools": {}}, "x": {}},
        client={"name": "c", "version": "2", "title": "C"},
        request_id="d",
    ),
}


@pytest.mark.parametrize("line", ANSWERED.values(), ids=ANSWERED.keys())
def test_the_early_answer_is_the_sdks_byte_for_byte(line: str) -> None:
    """For the initialize messages clients send (every version: supported, older, unknown;
    every kind of capability) and for `server/discover`, the early answer is the SDK's line,
    byte for byte, and the SDK answers the replayed request (with the version agreed) with
    the same result."""
    answered = handshake.answer(line, VERSION)
    assert answered is not None
    [expected] = sdk_answers([line])
    # Field by field, to say which one differs should the two ever part.
    given, sdk = json.loads(handshake.response(answered)), json.loads(expected)
    assert set(given["result"]) == set(sdk["result"])
    for field, value in sdk["result"].items():
        assert given["result"][field] == value, field
    assert handshake.response(answered).decode() == expected
    replayed = json.dumps({**json.loads(line), "params": dict(answered.params)})
    assert sdk_answers([replayed]) == [expected]


DECLINED = {
    "no capabilities": initialize().replace('"capabilities": {}, ', ""),
    "roots as a number": initialize(capabilities={"roots": 5}),
    "listChanged as text": initialize(capabilities={"roots": {"listChanged": "yes"}}),
    "a capability set to null": initialize(capabilities={"sampling": None}),
    "a client without a version": initialize(client={"name": "x"}),
    "a client name that is a number": initialize(client={"name": 3, "version": "1"}),
    "client icons": initialize(client={"name": "x", "version": "1", "icons": [{"src": "a"}]}),
    "a version that is a number": initialize(version=20251125),
    "a float id": initialize(request_id=1.0),
    "a boolean id": initialize(request_id=True),
    "a huge id": initialize(request_id=2**70),
    "a null id": initialize(request_id=None),
    "_meta": initialize(_meta={"progressToken": 1}),
    "NaN": initialize(client={"name": "x", "version": "1", "n": float("nan")}),
    "a key twice": initialize().replace('"id": 1,', '"id": 1, "id": 2,'),
    "a lone surrogate": initialize(client={"name": "\ud800", "version": "1"}),
    "deep nesting": initialize(
        capabilities={"experimental": {"x": json.loads('{"a": ' * 30 + "{}" + "}" * 30)}}
    ),
    "JSON-RPC 1.0": initialize().replace('"2.0"', '"1.0"'),
    "another method": initialize().replace('"initialize"', '"ping"'),
    "an extra member": json.dumps({**json.loads(initialize()), "result": {}}),
    "no JSON": "initialize please",
    "a batch": f"[{initialize()}]",
    "an empty line": "",
    "discover of a handshake version": discover(version="2025-11-25"),
    "discover of an unknown version": discover(version="2099-01-01"),
    "discover without capabilities": json.dumps(
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "server/discover",
            "params": {"_meta": {f"{E}protocolVersion": "2026-07-28"}},
        }
    ),
    "discover with a log level": discover(**{f"{E}logLevel": "info"}),
    "discover with a progress token": discover(progressToken=1),
    "discover with client info lacking a version": discover(client={"name": "c"}),
    "discover with null client info": discover(client=None),
    "discover with other params": json.dumps(
        {**json.loads(discover()), "params": {**json.loads(discover())["params"], "x": 1}}
    ),
    "discover without the envelope": '{"jsonrpc": "2.0", "id": 1, "method": "server/discover"}',
}


@pytest.mark.parametrize("line", DECLINED.values(), ids=DECLINED.keys())
def test_anything_else_is_left_to_the_sdk(line: str) -> None:
    """Messages of any other shape, odd JSON, other methods: not answered early (the SDK
    answers them, an error for most)."""
    assert handshake.answer(line, VERSION) is None


KEYS = st.sampled_from(
    [
        *("roots", "listChanged", "sampling", "elicitation", "experimental", "extensions"),
        *("tasks", "form", "url", "context", "tools", "requests", "createMessage", "list", "x"),
    ]
)
# Capabilities as clients send them: objects all the way down, roots.listChanged a boolean.
OBJECTS: st.SearchStrategy[dict[str, Any]] = st.recursive(
    st.just({}), lambda inner: st.dictionaries(KEYS, inner, max_size=3)
)


def _with_roots(tree: dict[str, Any], changes: bool | None) -> dict[str, Any]:
    roots = {key: value for key, value in tree.get("roots", {}).items() if key != "listChanged"}
    if changes is not None:
        roots["listChanged"] = changes
    return {**tree, "roots": roots} if "roots" in tree or changes is not None else tree


PLAIN_CAPABILITIES = st.builds(_with_roots, OBJECTS, st.one_of(st.none(), st.booleans()))
VERSIONS = st.sampled_from([*mcp_types.version.KNOWN_PROTOCOL_VERSIONS, "2099-01-01", "x"])
TEXT = st.text(max_size=6)


def _request(
    ids: st.SearchStrategy[Any], method: str, params: st.SearchStrategy[Any]
) -> st.SearchStrategy[dict[str, Any]]:
    """A JSON-RPC request of `method`, its id and params drawn from the strategies given."""
    return st.fixed_dictionaries(
        {"jsonrpc": st.just("2.0"), "id": ids, "method": st.just(method), "params": params}
    )


def messages(
    ids: st.SearchStrategy[Any],
    versions: st.SearchStrategy[Any],
    capabilities: st.SearchStrategy[Any],
    texts: st.SearchStrategy[Any],
) -> st.SearchStrategy[dict[str, Any]]:
    client = st.fixed_dictionaries(
        {"name": texts, "version": texts},
        optional={"title": texts, "websiteUrl": texts, "other": st.integers()},
    )
    params = st.fixed_dictionaries(
        {"protocolVersion": versions, "capabilities": capabilities, "clientInfo": client}
    )
    return _request(ids, "initialize", params)


def discover_messages(
    ids: st.SearchStrategy[Any],
    versions: st.SearchStrategy[Any],
    capabilities: st.SearchStrategy[Any],
    texts: st.SearchStrategy[Any],
) -> st.SearchStrategy[dict[str, Any]]:
    client = st.fixed_dictionaries(
        {"name": texts, "version": texts}, optional={"title": texts, "other": st.integers()}
    )
    envelope = st.fixed_dictionaries(
        {f"{E}protocolVersion": versions, f"{E}clientCapabilities": capabilities},
        optional={f"{E}clientInfo": client},
    )
    return _request(ids, "server/discover", st.fixed_dictionaries({"_meta": envelope}))


IDS = st.one_of(st.integers(-(2**40), 2**40), TEXT)
PLAIN = st.one_of(
    messages(IDS, VERSIONS, PLAIN_CAPABILITIES, TEXT),
    discover_messages(IDS, st.just("2026-07-28"), PLAIN_CAPABILITIES, TEXT),
)
# The same, each part now and then of another type, null, or out of range.
LEAVES = st.one_of(st.none(), st.booleans(), st.integers(-2, 2), TEXT, st.just({}), st.just([]))
ODD_TREES = st.recursive(LEAVES, lambda inner: st.dictionaries(KEYS, inner, max_size=3))
ODD_PARTS = (
    st.one_of(IDS, IDS, st.integers(-(2**70), 2**70), st.booleans(), st.none(), st.floats()),
    st.one_of(VERSIONS, VERSIONS, st.integers(), st.none()),
    st.one_of(PLAIN_CAPABILITIES, PLAIN_CAPABILITIES, ODD_TREES),
    st.one_of(TEXT, TEXT, TEXT, st.none(), st.integers()),
)
ODD = st.one_of(messages(*ODD_PARTS), discover_messages(*ODD_PARTS))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PLAIN)
def test_plain_initialize_messages_are_answered_early_as_the_sdk_answers(
    message: dict[str, Any],
) -> None:
    """Generated `initialize` and `server/discover` messages of the shapes clients send: each
    answered early, as the SDK does."""
    line = json.dumps(message, ensure_ascii=False)
    answered = handshake.answer(line, VERSION)
    assert answered is not None
    assert [handshake.response(answered).decode()] == sdk_answers([line])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ODD)
def test_whatever_is_answered_early_is_what_the_sdk_answers(message: dict[str, Any]) -> None:
    """Generated messages with odd parts anywhere (ids, versions, capabilities, client info
    of other types or nulls): whatever is answered early is what the SDK answers, never a
    success where the SDK has an error; the rest is left to the SDK."""
    line = json.dumps(message)
    answered = handshake.answer(line, VERSION)
    if answered is not None:
        assert [handshake.response(answered).decode()] == sdk_answers([line])


# --- the real server, as a client starts it ---------------------------------------------------

SDK_ALONE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from scraper.answers.mcp import origin\n"
    "from scraper.answers.mcp.server import build\n"
    "build(origin.from_snapshots(Path(sys.argv[1]))).run('stdio')\n"
)


LAST = '{"jsonrpc": "2.0", "id": "last", "method": "ping"}'


def exchange(lines: list[str], *, early: bool = True) -> tuple[list[str], int, str]:
    """The server's answers to `lines` (`deprecations mcp`, or with `early=False` the same
    server run by the SDK alone), its exit code and stderr. Input ends once the answer to a
    last `ping` is in: the SDK cancels what is still running when its input ends, so a client
    that leaves at once gets the answers that were quick enough, which is no fair comparison."""
    command = (
        [sys.executable, "-m", "scraper", "mcp", "--snapshots", SNAPSHOTS]
        if early
        else [sys.executable, "-c", SDK_ALONE, SNAPSHOTS]
    )
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("".join(f"{line}\n" for line in [*lines, LAST]).encode())
        process.stdin.flush()
        answers = []
        while (line := process.stdout.readline().decode()) and '"id":"last"' not in line:
            answers.append(line)
        process.stdin.close()
        answers += [line.decode() for line in process.stdout]
        assert process.stderr is not None
        stderr = process.stderr.read().decode()
    return answers, process.wait(timeout=60), stderr


INITIALIZED = '{"jsonrpc": "2.0", "method": "notifications/initialized"}'
CONVERSATIONS = {
    "initialize, latest version": [initialize()],
    "initialize, older version": [initialize(version="2025-03-26")],
    "initialize, unknown version, capabilities": [
        initialize(version="1999-01-01", capabilities={"roots": {"listChanged": True}})
    ],
    "initialize declined early": [initialize(capabilities={"roots": 5})],
    "tools/list before initialize": [
        '{"jsonrpc": "2.0", "id": 1, "method": "tools/list"}',
        initialize(request_id=2),
        INITIALIZED,
        '{"jsonrpc": "2.0", "id": 3, "method": "ping"}',
    ],
    "ping before initialize": ['{"jsonrpc": "2.0", "id": "p", "method": "ping"}', initialize()],
    "initialize twice": [initialize(), initialize(request_id=2, version="2024-11-05")],
    "the same id again": [initialize(), INITIALIZED, '{"jsonrpc":"2.0","id":1,"method":"ping"}'],
    "server/discover, then a request in its envelope": [
        discover(client={"name": "mcp", "version": "0.1.0"}),
        json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 2,
                "method": "tools/list",
                "params": json.loads(discover())["params"],
            }
        ),
    ],
    "server/discover declined early": [discover(version="2025-06-18")],
}


@pytest.mark.slow
@pytest.mark.parametrize("lines", CONVERSATIONS.values(), ids=CONVERSATIONS.keys())
def test_the_server_answers_as_the_sdk_alone_does(lines: list[str]) -> None:
    """Whatever comes first, the answers are the SDK's, byte for byte: an early `initialize`
    answer, or the SDK's own answers to a client that asks something else first."""
    early, code, stderr = exchange(lines)
    alone, *_ = exchange(lines, early=False)
    assert (code, stderr) == (0, "")
    assert early[:1] == alone[:1]
    assert sorted(early) == sorted(alone)  # requests run at once may finish in any order
    assert early


@pytest.mark.slow
def test_a_malformed_line_is_a_json_rpc_error_and_the_server_goes_on() -> None:
    """A line that is not JSON, first or later, is a JSON-RPC parse error (id null); one that
    is JSON but no JSON-RPC message, an invalid request; a blank one asks nothing and gets
    nothing; then the server answers as before."""
    answers, code, stderr = exchange(
        [
            "{not json",
            initialize(),
            INITIALIZED,
            '{"jsonrpc": "2.0", "id": 2, "method": "ping"}',
            "   ",
            '{"method": 3}',
            '{"jsonrpc": "2.0", "id": 3, "method": "ping"}',
        ]
    )
    assert (code, stderr) == (0, "")
    read = [json.loads(answer) for answer in answers]
    pairs = [(answer.get("id"), answer.get("error", {}).get("code")) for answer in read]
    assert pairs[:2] == [(None, -32700), (1, None)]
    # Requests run at once: their answers come in any order.
    assert sorted(pairs[2:], key=str) == [(2, None), (3, None), (None, -32600)]
    assert read[1]["result"]["serverInfo"] == {"name": "claude-deprecations", "version": VERSION}


@pytest.mark.slow
def test_end_of_input_after_initialize_exits_cleanly() -> None:
    """A client that leaves right after `initialize`: its answer, exit 0, nothing on stderr."""
    completed = subprocess.run(
        [sys.executable, "-m", "scraper", "mcp", "--snapshots", SNAPSHOTS],
        input=f"{initialize()}\n",
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        timeout=120,
    )
    assert (completed.returncode, completed.stderr) == (0, "")
    [line] = completed.stdout.splitlines()
    assert json.loads(line)["result"]["protocolVersion"] == handshake.LATEST_HANDSHAKE_VERSION


@pytest.mark.slow
def test_a_client_that_sends_everything_at_once_is_served_in_order() -> None:
    """initialize, initialized and a tool call in one write (read together before the SDK is
    loaded): each is answered, the tool from the data."""
    call = {
        "jsonrpc": "2.0",
        "id": 2,
        "method": "tools/call",
        "params": {"name": "resolve_model_ids", "arguments": {"ids": ["claude-2.1"]}},
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "mcp", "--snapshots", SNAPSHOTS],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(f"{initialize()}\n{INITIALIZED}\n{json.dumps(call)}\n".encode())
    process.stdin.flush()
    first, second = process.stdout.readline(), process.stdout.readline()
    process.stdin.close()
    assert process.wait(timeout=60) == 0
    assert json.loads(first)["id"] == 1
    result = json.loads(second)["result"]["structuredContent"]
    assert result["answers"][0]["status"] == "retired"
