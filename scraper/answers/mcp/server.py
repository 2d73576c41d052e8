"""The tools of `tools` and two read-only resources over the Model Context Protocol, on the
official SDK (the `mcp` extra). Only `deprecations mcp` imports this module: the SDK takes a
second to load, and no other command needs it.

The data is loaded on the first request, not at start (so `initialize` is answered as soon as
the SDK is), and again whenever its version changes (a `deprecations run` that rewrote the
snapshots). A server without data still starts and runs: every answer says what is missing.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Hashable
from functools import partial
from typing import Annotated, TypeVar

from mcp.server import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field

from scraper import __version__
from scraper.answers.data import IndexSource, to_builtins
from scraper.answers.mcp import tools
from scraper.answers.mcp.handshake import INSTRUCTIONS, NAME
from scraper.answers.mcp.origin import Origin
from scraper.errors import DeprecationsError
from scraper.records import Platform, Record, Status, dumps
from scraper.sinks import json_value, terminal_text

MODELS_URI = "deprecations://models.json"
CHANGELOG_URI = "deprecations://CHANGELOG.md"
_NO_DATA_HINT = (
    "restart the server with --snapshots DIR (a directory `deprecations run` wrote) or --data URL"
)

Result = TypeVar("Result", bound=Record)
_LOG = logging.getLogger(__name__)


class NoData(DeprecationsError):
    """The server has no model data to answer from."""


class Live:
    """The data, loaded on first use and again when its version changes. A server that never
    had data says why in every answer, until the version changes; one that had some keeps
    answering from it, dated, when a reload fails (a URL answering 404 for a while)."""

    def __init__(self, origin: Origin) -> None:
        self._origin = origin
        self._lock = threading.Lock()  # sync tools run in worker threads
        self._version: Hashable = object()
        self._loaded: IndexSource | str = ""

    def get(self) -> IndexSource:
        with self._lock:
            version = self._origin.version()
            if version != self._version:
                self._loaded = self._reload(self._loaded)
                self._version = version
            loaded = self._loaded
        if isinstance(loaded, str):
            raise NoData(loaded)
        return loaded

    def changelog(self) -> str:
        return self._origin.changelog()

    def _reload(self, previous: IndexSource | str) -> IndexSource | str:
        try:
            return self._origin.load()
        except DeprecationsError as error:
            if isinstance(previous, IndexSource):
                # On stderr, where people read it: through the terminal's sink like every warning.
                _LOG.warning("%s", terminal_text(f"keeping the data of {previous.origin}: {error}"))
                return previous
            return f"no model data: {error}; {_NO_DATA_HINT}"


def _today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


AsOf = Annotated[
    str | None,
    Field(
        description="Read statuses and count days as on this date (YYYY-MM-DD); default today.",
        pattern=r"^\s*\d{4}-\d{2}-\d{2}\s*$",
    ),
]
PlatformArgument = Annotated[
    Platform | None,
    Field(description="Where the code calls the model; default the Claude API."),
]


class Tools:
    """The tools, bound to the server's data. Each docstring is what the agent reads."""

    def __init__(self, live: Live, today: Callable[[], dt.date] = _today) -> None:
        self._live = live
        self._today = today

    def _answer(
        self, compute: Callable[[IndexSource], Result], render: Callable[[Result], str]
    ) -> CallToolResult:
        """The result as structured content, and as one paragraph for clients that show text;
        a bad argument or missing data is a tool error the agent reads, never a crash."""
        try:
            result = compute(self._live.get())
        except DeprecationsError as error:
            raise ToolError(json_value(str(error))) from None
        # The arguments come back in the answer: a lone surrogate (a `\ud800` the client
        # sent) would stop the SDK's JSON writer, and the request would never be answered.
        return CallToolResult(
            content=[TextContent(type="text", text=json_value(render(result)))],
            structured_content=json_value(result.model_dump(mode="json")),
        )

    def resolve_model_ids(
        self,
        ids: Annotated[
            list[str],
            Field(
                description="Model ids as written in code or config: API ids and aliases, "
                "Bedrock ids, profiles and ARNs, Vertex AI ids, Foundry deployment names.",
                min_length=1,
                max_length=tools.MAX_IDS,
            ),
        ],
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, tools.Resolved]:
        """Which model each written id names, on which platform, and where it stands: its
        status on that platform and on the Claude API, its retirement date and the
        replacement. An id the pages do not list is unknown (null): nothing is guessed."""
        resolved = partial(tools.resolve_model_ids, ids=ids, as_of=as_of, today=self._today())
        return self._answer(resolved, tools.resolved_text)

    def list_models(
        self,
        status: Annotated[
            list[Status] | Status | None,
            Field(description="Only models with these statuses on the day; default all."),
        ] = None,
        platform: Annotated[
            Platform | None,
            Field(description="Only the models this platform lists; default all."),
        ] = None,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, tools.Listing]:
        """Every model the deprecations page lists, with its status, dates, replacement,
        aliases and ids on each platform (what `deprecations models --format json` gives)."""
        statuses = [status] if isinstance(status, str) else status
        today = self._today()
        chosen = partial(tools.list_models, statuses=statuses, platform=platform, as_of=as_of)
        return self._answer(partial(chosen, today=today), partial(tools.listing_text, today=today))

    def upcoming_retirements(
        self,
        within: Annotated[
            str, Field(description="The window from the day: 90d, 12w, 3m, 1y (at most 100y).")
        ] = "90d",
        include_tentative: Annotated[
            bool,
            Field(description="Also active models' 'not sooner than' dates, passed ones too."),
        ] = False,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, tools.Listing]:
        """The models whose retirement falls within the window, soonest first (what
        `deprecations upcoming --format json` gives)."""
        today = self._today()
        window = partial(tools.upcoming_retirements, within=within, as_of=as_of, today=today)
        return self._answer(
            partial(window, include_tentative=include_tentative),
            partial(tools.listing_text, today=today),
        )

    def check_code(
        self,
        text: Annotated[str, Field(description="A snippet, or one file's whole text.")],
        path: Annotated[
            str | None,
            Field(description="The file's name, to label findings (`.ipynb`: a notebook)."),
        ] = None,
        platform: PlatformArgument = None,
        include_active: Annotated[
            bool, Field(description="Also report ids of active models.")
        ] = False,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, tools.CodeCheck]:
        """The deprecated, retired or legacy Claude model ids in a piece of code, each with
        its line and column, status, retirement date and replacement (what `deprecations
        audit --format json` reports for a file with this text). Check code before writing it."""
        check = partial(tools.check_code, text=text, path=path, platform=platform, as_of=as_of)
        return self._answer(
            partial(check, include_active=include_active, today=self._today()), tools.check_text
        )

    def recommend_model(
        self,
        family: Annotated[
            str | None, Field(description="A family the page names: opus, sonnet, haiku, ...")
        ] = None,
        platform: PlatformArgument = None,
        as_of: AsOf = None,
    ) -> Annotated[CallToolResult, tools.Recommendations]:
        """The active models a new integration should choose from, in the page's order, with
        the ids to call each by (on the platform, when one is given). Only models the pages
        list as active; nothing is invented."""
        recommend = partial(tools.recommend_model, family=family, platform=platform, as_of=as_of)
        return self._answer(partial(recommend, today=self._today()), tools.recommendations_text)

    def models_json(self) -> str:
        """Every model's status, dates, replacement and platform ids (read-only)."""
        try:
            return dumps(to_builtins(self._live.get().index))
        except DeprecationsError as error:
            raise ResourceError(str(error)) from None

    def changelog(self) -> str:
        """What changed on the page, newest day first, after what retires soon (read-only)."""
        try:
            return self._live.changelog()
        except DeprecationsError as error:
            raise ResourceError(f"no changelog: {error}; {_NO_DATA_HINT}") from None


def build(origin: Origin, today: Callable[[], dt.date] = _today) -> MCPServer:
    """The server, its tools and resources registered; `run("stdio")` serves it."""
    live = Live(origin)
    answers = Tools(live, today)
    server: MCPServer = MCPServer(
        NAME, version=__version__, instructions=INSTRUCTIONS, log_level="WARNING"
    )
    read_only = ToolAnnotations(read_only_hint=True, open_world_hint=False)
    for tool in (
        answers.resolve_model_ids,
        answers.list_models,
        answers.upcoming_retirements,
        answers.check_code,
        answers.recommend_model,
    ):
        server.add_tool(tool, annotations=read_only)
    resources = (
        (MODELS_URI, "models.json", "application/json", answers.models_json),
        (CHANGELOG_URI, "CHANGELOG.md", "text/markdown", answers.changelog),
    )
    for uri, name, mime_type, read in resources:
        server.resource(uri, name=name, description=read.__doc__, mime_type=mime_type)(read)
    return server
