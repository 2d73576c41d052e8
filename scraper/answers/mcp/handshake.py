"""The MCP handshake's first answer, given before the SDK is loaded.

The official SDK takes most of a second to import (its protocol models), several times the
cold start of the other read commands; a client waits for the answer to its first request
before anything else. So `deprecations mcp` reads what the client has sent with the standard library
and, when the first message is a plain `initialize` (or `server/discover`, with which clients
of the 2026-07-28 protocol start), answers it here, exactly as the SDK would (the tests compare
the two, field by field and byte for byte); then it loads the SDK, which serves everything else
(scraper/answers/mcp/stdio.py). Anything else first, or a request of a shape not checked here,
goes to the SDK unanswered.

The values the SDK would send are written here, without importing it: tests hold them equal
to the SDK's (tests/test_mcp_handshake.py).
"""

from __future__ import annotations

import io
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

NAME = "claude-deprecations"
INSTRUCTIONS = """\
Which Claude models are active, deprecated or retired, read from Anthropic's model deprecations \
page and its platform pages (Amazon Bedrock, Vertex AI, Microsoft Foundry, Claude Platform on \
AWS). Before writing a Claude model id into code or config, call resolve_model_ids (or \
check_code on what you are about to write): ids remembered from training are often retired. To \
choose a model for new code, call recommend_model and use an id it returns, as written. Every \
answer gives the date of its data."""

# The SDK's `mcp_types.version.HANDSHAKE_PROTOCOL_VERSIONS` and `LATEST_HANDSHAKE_VERSION`: the
# versions `initialize` negotiates (the client's if listed, else the latest).
HANDSHAKE_PROTOCOL_VERSIONS = ("2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25")
LATEST_HANDSHAKE_VERSION = HANDSHAKE_PROTOCOL_VERSIONS[-1]
# The SDK's `MODERN_PROTOCOL_VERSIONS`: those of the per-request envelope (`server/discover`).
MODERN_PROTOCOL_VERSIONS = ("2026-07-28",)
_ENVELOPE = "io.modelcontextprotocol/"  # the reserved prefix of the envelope's `_meta` keys
# What the SDK declares for the server `server.build` makes: tools and resources, and the
# prompts every MCPServer serves (none); on the handshake, none announcing changes, on the
# 2026 envelope all of them (its `subscriptions/listen` carries the changes).
CAPABILITIES: Mapping[str, Any] = {
    "prompts": {"listChanged": False},
    "resources": {"listChanged": False, "subscribe": False},
    "tools": {"listChanged": False},
}
MODERN_CAPABILITIES: Mapping[str, Any] = {
    "prompts": {"listChanged": True},
    "resources": {"listChanged": True, "subscribe": True},
    "tools": {"listChanged": True},
}

_CHUNK = 1 << 16
_DEPTH = 16  # no initialize nests deeper; the SDK's JSON reader stops at 200
_LARGEST_ID = 1 << 53  # ids beyond what every JSON reader keeps exact go to the SDK
_CLIENT_INFO_TEXTS = ("title", "description", "websiteUrl")  # optional, text or null


@dataclass(frozen=True, slots=True)
class Answered:
    """The request answered here: its id and method, the params to replay into the SDK (with
    the version agreed, so that the SDK's session speaks what the client was told), the
    result."""

    request_id: int | str
    method: str
    params: Mapping[str, Any]
    result: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Opening:
    """What the client sent before the SDK was loaded: whole lines, split as the SDK's reader
    splits them, and the first one's answer when it was given here."""

    lines: tuple[str, ...]
    answered: Answered | None
    ended: bool  # the input ended while it was read: nothing more will come


def read_lines(fd: int) -> tuple[tuple[str, ...], bool]:
    """The lines the client has sent so far (at least one, unless the input ends first), and
    whether its input ended, read from the descriptor itself: a buffered reader would keep
    bytes the SDK's reader, which opens the descriptor anew, never sees. Reads on to the end
    of a line, so that the SDK starts at the beginning of one."""
    data = bytearray()
    ended = False
    while not data.endswith(b"\n") and not ended:
        chunk = os.read(fd, _CHUNK)
        data += chunk
        ended = not chunk
    # The SDK's reader: UTF-8 text, invalid bytes replaced, universal newlines.
    text = io.TextIOWrapper(io.BytesIO(bytes(data)), encoding="utf-8", errors="replace")
    return tuple(text), ended


def answer(line: str, version: str) -> Answered | None:
    """The answer to `line` if it is an `initialize` or a `server/discover` whose every part
    the SDK is sure to accept as this checks it; None for anything else, which the SDK answers."""
    message = _plain_json(line)
    if not isinstance(message, dict) or set(message) != {"jsonrpc", "id", "method", "params"}:
        return None
    request_id, method, params = message["id"], message["method"], message["params"]
    if message["jsonrpc"] != "2.0" or not _is_id(request_id):
        return None
    if method == "initialize" and _is_initialize(params):
        return _initialized(request_id, params, version)
    if method == "server/discover" and _is_discover(params):
        return _discovered(request_id, params, version)
    return None


def _initialized(request_id: int | str, params: dict[str, Any], version: str) -> Answered:
    requested = params["protocolVersion"]
    agreed = requested if requested in HANDSHAKE_PROTOCOL_VERSIONS else LATEST_HANDSHAKE_VERSION
    # Keys in the order the SDK writes them.
    result = {
        "capabilities": CAPABILITIES,
        "instructions": INSTRUCTIONS,
        "protocolVersion": agreed,
        "serverInfo": {"name": NAME, "version": version},
    }
    replayed = {**params, "protocolVersion": agreed}
    return Answered(request_id, "initialize", replayed, result)


def _discovered(request_id: int | str, params: dict[str, Any], version: str) -> Answered:
    # Keys in the order the SDK writes them; the 2026 protocol stamps who answered in `_meta`,
    # and tells the client not to keep the answer (the SDK's default cache hint).
    result = {
        "cacheScope": "private",
        "capabilities": MODERN_CAPABILITIES,
        "instructions": INSTRUCTIONS,
        "resultType": "complete",
        "supportedVersions": list(MODERN_PROTOCOL_VERSIONS),
        "ttlMs": 0,
        "_meta": {f"{_ENVELOPE}serverInfo": {"name": NAME, "version": version}},
    }
    return Answered(request_id, "server/discover", params, result)


def response(answered: Answered) -> bytes:
    """The answer's line, as the SDK writes it: compact JSON, UTF-8, one line."""
    envelope = {"jsonrpc": "2.0", "id": answered.request_id, "result": answered.result}
    return (json.dumps(envelope, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def open_session(stdin: int, stdout: int, version: str) -> Opening:
    """Read what the client has sent and answer a plain `initialize` first, on the spot."""
    lines, ended = read_lines(stdin)
    answered = answer(lines[0], version) if lines else None
    if answered is not None:
        _write_all(stdout, response(answered))
    return Opening(lines, answered, ended)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [key for key, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("a key appears twice")
    return dict(pairs)


def _plain_json(line: str) -> object:
    """The line's JSON where every reader reads it alike: no NaN or Infinity, no key twice, no
    number beyond a float, no unpaired surrogate, nested a few levels only (the SDK's reader
    stops at 200); None otherwise."""
    try:
        value = json.loads(line, parse_constant=_reject_constant, object_pairs_hook=_unique_keys)
    except (ValueError, RecursionError):
        return None
    return value if _is_plain(value, _DEPTH) else None


def _is_plain(value: object, depth: int) -> bool:
    if isinstance(value, dict | list) and depth == 0:
        return False
    if isinstance(value, dict):
        return all(_is_plain(key, 0) and _is_plain(item, depth - 1) for key, item in value.items())
    if isinstance(value, list):
        return all(_is_plain(item, depth - 1) for item in value)
    if isinstance(value, str):
        return not any("\ud800" <= character <= "\udfff" for character in value)
    if isinstance(value, float):
        return math.isfinite(value)
    return True


def _is_id(value: object) -> bool:
    if isinstance(value, str):
        return True
    return type(value) is int and -_LARGEST_ID < value < _LARGEST_ID


def _is_initialize(params: object) -> bool:
    """`initialize` params of the shape the SDK's models accept: a protocol version, client
    info with a name and a version, capabilities that are objects all the way down (but
    `roots.listChanged`, a boolean); no `_meta`. Keys the models do not know, they ignore."""
    if not isinstance(params, dict) or "_meta" in params:
        return False
    return (
        isinstance(params.get("protocolVersion"), str)
        and _is_client(params.get("clientInfo"))
        and _is_capabilities(params.get("capabilities"))
    )


def _is_discover(params: object) -> bool:
    """`server/discover` params of the shape the SDK accepts: nothing but the envelope in
    `_meta`, with a version of the envelope, capabilities as `initialize` has them, and client
    info (which may be left out) as `initialize` has it."""
    if not isinstance(params, dict) or set(params) != {"_meta"}:
        return False
    envelope = params["_meta"]
    known = {f"{_ENVELOPE}{key}" for key in ("protocolVersion", "clientCapabilities", "clientInfo")}
    if not isinstance(envelope, dict) or not set(envelope) <= known:
        return False
    client = envelope.get(f"{_ENVELOPE}clientInfo", {"name": "", "version": ""})
    return (
        envelope.get(f"{_ENVELOPE}protocolVersion") in MODERN_PROTOCOL_VERSIONS
        and _is_capabilities(envelope.get(f"{_ENVELOPE}clientCapabilities"))
        and _is_client(client)
    )


def _is_client(client: object) -> bool:
    return (
        isinstance(client, dict)
        and isinstance(client.get("name"), str)
        and isinstance(client.get("version"), str)
        and all(isinstance(client.get(key), str | None) for key in _CLIENT_INFO_TEXTS)
        and "icons" not in client
    )


def _is_capabilities(capabilities: object) -> bool:
    return isinstance(capabilities, dict) and _objects_only(capabilities, ())


def _objects_only(tree: dict[str, Any], path: tuple[str, ...]) -> bool:
    for key, value in tree.items():
        if (*path, key) == ("roots", "listChanged"):
            if not isinstance(value, bool):
                return False
        elif not isinstance(value, dict) or not _objects_only(value, (*path, key)):
            return False
    return True
