"""The SDK serving stdio after the handshake's first answer (scraper/answers/mcp/handshake.py).

The SDK's own stdio transport reads and writes the wire; between it and the SDK's server
(`Server.run` on a pair of streams, as `MCPServer.run("stdio")` runs it), two relays:

- in: the lines read before the SDK was loaded, the request already answered first, then the
  transport's messages. A line that is no JSON-RPC message gets the JSON-RPC error the
  protocol asks for (the SDK would drop it unanswered, leaving the client waiting);
- out: the server's messages, but its answer to the replayed request, already sent. It is
  checked against the one sent: should the two ever differ, stderr says so.
"""

from __future__ import annotations

import logging
from typing import Any, TypeGuard

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream, MemoryObjectSendStream
from mcp.server.lowlevel import Server
from mcp.server.mcpserver import MCPServer
from mcp.server.stdio import stdio_server
from mcp.shared._stream_protocols import ReadStream, WriteStream
from mcp.shared.message import SessionMessage
from mcp_types import (
    INVALID_REQUEST,
    PARSE_ERROR,
    ErrorData,
    JSONRPCError,
    JSONRPCRequest,
    JSONRPCResponse,
    jsonrpc_message_adapter,
)
from pydantic import ValidationError

from scraper.answers.mcp.handshake import Answered, Opening

_LOG = logging.getLogger(__name__)
Inbound = SessionMessage | Exception


def serve(server: MCPServer, opening: Opening) -> None:
    """Serve the client on stdin and stdout until its input ends."""
    # The SDK's own client and in-memory transport reach the low-level server this way too.
    lowlevel: Server[Any] = server._lowlevel_server
    anyio.run(_serve, lowlevel, opening)


async def _serve(server: Server[Any], opening: Opening) -> None:
    async with stdio_server() as (from_client, to_client):
        inbound, server_reads = anyio.create_memory_object_stream[Inbound]()
        server_writes, outbound = anyio.create_memory_object_stream[SessionMessage]()
        async with to_client, anyio.create_task_group() as group:
            group.start_soon(_relay_in, opening, from_client, inbound, to_client)
            group.start_soon(_relay_out, outbound, to_client, opening.answered)
            options = server.create_initialization_options()
            await server.run(server_reads, server_writes, options)


def _replayed(opening: Opening) -> list[Inbound]:
    """The lines read before the SDK was loaded, as the SDK's stdio reader parses them."""
    lines = list(opening.lines)
    items: list[Inbound] = []
    if opening.answered is not None:
        answered = opening.answered
        request = JSONRPCRequest(
            jsonrpc="2.0",
            id=answered.request_id,
            method=answered.method,
            params=dict(answered.params),
        )
        items.append(SessionMessage(request))
        lines = lines[1:]
    for line in lines:
        try:
            items.append(SessionMessage(jsonrpc_message_adapter.validate_json(line, by_name=False)))
        except Exception as error:  # what the SDK's reader passes on
            items.append(error)
    return items


async def _relay_in(
    opening: Opening,
    from_client: ReadStream[Inbound],
    inbound: MemoryObjectSendStream[Inbound],
    to_client: WriteStream[SessionMessage],
) -> None:
    async with inbound, from_client:
        for item in _replayed(opening):
            await _pass_in(item, inbound, to_client)
        async for item in from_client:
            await _pass_in(item, inbound, to_client)


async def _pass_in(
    item: Inbound,
    inbound: MemoryObjectSendStream[Inbound],
    to_client: WriteStream[SessionMessage],
) -> None:
    if isinstance(item, SessionMessage):
        await inbound.send(item)
    elif (error := _error_for(item)) is not None:
        await to_client.send(SessionMessage(JSONRPCError(jsonrpc="2.0", id=None, error=error)))


def _error_for(failure: Exception) -> ErrorData | None:
    """JSON-RPC 2.0's answer to a line that is no message: invalid JSON is a parse error, JSON
    of no message's shape an invalid request, both with a null id (none can be read from it).
    A blank line asks nothing: no answer."""
    problems = failure.errors() if isinstance(failure, ValidationError) else []
    unreadable = [problem for problem in problems if problem["type"] == "json_invalid"]
    if any(str(problem["input"]).strip() == "" for problem in unreadable):
        return None
    if unreadable:
        return ErrorData(code=PARSE_ERROR, message="Parse error: the line is not JSON")
    return ErrorData(code=INVALID_REQUEST, message="Invalid request: not a JSON-RPC message")


async def _relay_out(
    outbound: MemoryObjectReceiveStream[SessionMessage],
    to_client: WriteStream[SessionMessage],
    answered: Answered | None,
) -> None:
    async with outbound:
        async for item in outbound:
            if answered is not None and _answers(item.message, answered.request_id):
                _check_same(item.message, answered)
                answered = None
                continue
            await to_client.send(item)


def _answers(message: object, request_id: int | str) -> TypeGuard[JSONRPCResponse | JSONRPCError]:
    """`message` is the answer to the request `request_id` (1 and "1" are two ids)."""
    return (
        isinstance(message, JSONRPCResponse | JSONRPCError)
        and type(message.id) is type(request_id)
        and message.id == request_id
    )


def _check_same(message: JSONRPCResponse | JSONRPCError, answered: Answered) -> None:
    """The SDK's answer to the replayed request is the one the client already has."""
    given = message.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if given.get("result") != answered.result:
        _LOG.warning(
            "the answer sent to %s differs from the MCP SDK's: sent %s, the SDK's %s",
            answered.method,
            dict(answered.result),
            given.get("result", given.get("error")),
        )
