"""A written id reduced to the id it names, step by step, each step named.

`read_id` takes off, outside in: the case and the spaces of a name (`Claude Sonnet 4.5`), the
underscores of a constant (`CLAUDE_SONNET_4_20250514_V1_0`); a Bedrock ARN or a Vertex AI
resource path; router, gateway and provider prefixes (`openrouter/anthropic/`,
`bedrock/us-east-1/`, `anthropic:`, `databricks-`); Bedrock's `[profile.]anthropic.`; then
suffixes from the end: a router's (`:beta`), a variant's (`-fast`, `-thinking:1024`, `-100k`,
kept as the variant), Bedrock's version (`-v1:0`), Vertex AI's (`@20250514`, `@default`) and a
dashed date. What is left is read as a name by the resolver. A historical id (see `history`)
stops the reduction: its rows say what it stood for. A prefix that is in no table is refused,
never skipped, unless the vendor's segment follows it (`perplexity/anthropic/claude-…`: a
gateway passing Anthropic's model on).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from scraper.ids.history import HistoricalId, historical_id
from scraper.ids.names import is_date
from scraper.ids.platforms import (
    BEDROCK_VERSION,
    PROFILE_PREFIXES,
    VERTEX_CURRENT,
    arn_parts,
    bedrock_provider,
    vertex_api_id,
    vertex_path_id,
)
from scraper.ids.routes import (
    NAME_PREFIXES,
    ROUTE_SEGMENTS,
    ROUTER_SUFFIXES,
    ROUTING_SEGMENT,
    VENDORS,
    route_of,
)

if TYPE_CHECKING:
    from scraper.records import Platform

BEDROCK_PLATFORMS: frozenset[Platform] = frozenset({"bedrock", "bedrock-legacy"})


@dataclass(frozen=True, slots=True)
class BedrockSyntax:
    """What of Bedrock's syntax the id carried: the InvokeModel API's marks."""

    arn: bool = False
    profiled: bool = False
    versioned: bool = False

    @property
    def invoke_model(self) -> bool:
        """Version suffixes, profiles and ARNs belong to the InvokeModel/Converse API."""
        return self.arn or self.profiled or self.versioned


@dataclass(frozen=True, slots=True)
class Reading:
    """What a written id says once its syntax is read."""

    text: str  # what is left to read as a name
    steps: tuple[str, ...] = ()
    platform: Platform | None = None  # the platform the syntax names, if it names one
    bedrock: BedrockSyntax | None = None  # Bedrock's syntax, when the id is written in it
    via: str | None = None  # the gateway or router it goes through
    variant: str | None = None  # fast, thinking, 100k, ...
    historical: HistoricalId | None = None

    def step(self, text: str, step: str, **changes: Any) -> Reading:
        """The reading after one more step (built directly: `replace` is slow for this)."""
        fields = {
            "platform": self.platform,
            "bedrock": self.bedrock,
            "via": self.via,
            "variant": self.variant,
            "historical": self.historical,
        }
        return Reading(text, (*self.steps, step), **{**fields, **changes})

    def on(self, platform: Platform) -> Platform:
        """The platform: the outermost syntax's, or `platform` when none named one."""
        return self.platform or platform


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a written id cannot be read."""

    reason: str
    steps: tuple[str, ...] = ()


Step = Callable[[Reading], "Reading | Refusal | None"]
_PREFIX = re.compile(r"^(?P<name>[a-z0-9_.~-]+)(?P<separator>[/:])(?P<rest>.+)$")
# Variants, before a `-latest` they may stand in front of (`claude-3-7-sonnet-thinking-latest`):
# thinking (`-thinking:1024`, `:thinking:low`, `-think`, `-thought`, `-reasoner`), fast, and a
# context window (`-100k`, `:200k`, Claude Code's `[1m]`).
_LATEST = r"(?P<latest>-latest)?$"
_THINKING = re.compile(
    r"[-:](?:extended-)?(?:thinking|think|thought|reasoner|reasoning)"
    rf"(?:[-:](?!latest$)[a-z0-9]+)*{_LATEST}"
)
_FAST = re.compile(rf"-fast{_LATEST}")
_CONTEXT_WINDOW = re.compile(rf"(?:[-:](?P<size>\d+[km])|\[(?P<bracketed>\d+[km])\]){_LATEST}")
_ROUTER_SUFFIX = re.compile(rf":(?:{'|'.join(sorted(ROUTER_SUFFIXES))})$")
_DASHED_DATE = re.compile(r"-(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
_DATED = re.compile(r"-\d{8}$")
_SNAKE = re.compile(r"claude(?:_[a-z0-9]+)+")
_SNAKE_BEDROCK_VERSION = re.compile(r"_v(\d+)_(\d+)$")
ANCHOR = "claude"
_ID_STARTS = ("claude", "anthropic.")  # what follows a provider's `name:`


def _case(reading: Reading) -> Reading | None:
    lowered = reading.text.lower()
    return reading.step(lowered, "lower case") if lowered != reading.text else None


def _spaces(reading: Reading) -> Reading | None:
    """A name as people write it (`Claude Sonnet 4.5`): its words are an id's parts."""
    words = reading.text.split()
    return reading.step("-".join(words), "spaces read as hyphens") if len(words) > 1 else None


def _underscores(reading: Reading) -> Reading | None:
    """An SDK constant or a config's enum (`CLAUDE_SONNET_4_20250514_V1_0`): its underscores are
    an id's hyphens, a trailing `_V1_0` Bedrock's version (`-v1:0`)."""
    if _SNAKE.fullmatch(reading.text) is None:
        return None
    text = _SNAKE_BEDROCK_VERSION.sub(r"-v\1:\2", reading.text).replace("_", "-")
    return reading.step(text, "underscores read as hyphens")


def _arn(reading: Reading) -> Reading | None:
    found = arn_parts(reading.text)
    if found is None:
        return None
    return reading.step(
        found[1], "Bedrock ARN", platform="bedrock-legacy", bedrock=BedrockSyntax(arn=True)
    )


def _vertex_path(reading: Reading) -> Reading | None:
    inner = vertex_path_id(reading.text)
    if inner is None:
        return None
    return reading.step(inner, "Vertex AI resource path", platform=reading.on("vertex-ai"))


def _prefix(reading: Reading) -> Reading | Refusal | None:
    """One prefix: a router, gateway or platform, a routing segment, or the vendor."""
    match = _PREFIX.match(reading.text)
    if match is None:
        return None
    name, separator, rest = match["name"], match["separator"], match["rest"]
    routed = reading.via is not None or reading.platform is not None
    route = route_of(name)
    # `provider:model` always names a provider; `…/anthropic/` after a router is the vendor.
    if route is not None and (separator == ":" or not (routed and name in VENDORS)):
        said = f"{'router' if route.platform is None else 'platform'} prefix '{name}{separator}'"
        if route.platform is None:
            return reading.step(rest, said, via=reading.via or route.label)
        return reading.step(rest, said, platform=_outer(reading, route.platform))
    if route is None and ANCHOR not in name and name not in VENDORS and _after_vendor(rest):
        # `perplexity/anthropic/…`: a gateway in no table, which names the vendor it passes on.
        said = f"router prefix '{name}{separator}' (in no table; the vendor follows)"
        return reading.step(rest, said, via=reading.via or name)
    if separator == ":" and (ANCHOR in name or not rest.startswith(_ID_STARTS)):
        return None  # `claude-…:thinking`, `…-v1:0`: no prefix
    if name in VENDORS:
        return reading.step(rest, f"vendor '{name}/'")
    if routed and (name in ROUTE_SEGMENTS or ROUTING_SEGMENT.fullmatch(name)):
        platform = ROUTE_SEGMENTS.get(name)
        changes = {"platform": platform} if platform is not None else {}
        return reading.step(rest, f"routing segment '{name}/'", **changes)
    return Refusal(f"unknown router prefix '{name}{separator}'", reading.steps)


def _after_vendor(rest: str) -> bool:
    """`rest` starts with the vendor's segment and then a Claude id (`anthropic/claude-…`)."""
    vendor, slash, model = rest.partition("/")
    return bool(slash) and vendor in VENDORS and model.startswith(ANCHOR)


def _outer(reading: Reading, platform: Platform) -> Platform:
    """A platform prefix after another names the same platform or a narrower Bedrock API."""
    if reading.platform in BEDROCK_PLATFORMS and platform in BEDROCK_PLATFORMS:
        return platform
    return reading.on(platform)


def _name_prefix(reading: Reading) -> Reading | None:
    for prefix, via in NAME_PREFIXES.items():
        if reading.text.startswith(prefix + "claude"):
            return reading.step(
                reading.text.removeprefix(prefix),
                f"provider prefix '{prefix}'",
                via=reading.via or via,
            )
    return None


def _bedrock(reading: Reading) -> Reading | Refusal | None:
    found = bedrock_provider(reading.text)
    if found is None:
        return None
    profile, rest = found
    if profile is not None and profile not in PROFILE_PREFIXES:
        return Refusal(f"unknown inference-profile prefix '{profile}.'", reading.steps)
    syntax = replace(reading.bedrock or BedrockSyntax(), profiled=profile is not None)
    said = f"inference profile '{profile}.'" if profile else "Bedrock provider 'anthropic.'"
    return reading.step(rest, said, platform=reading.on("bedrock-legacy"), bedrock=syntax)


def _variant(reading: Reading) -> Reading | None:
    for pattern, variant in ((_THINKING, "thinking"), (_FAST, "fast"), (_CONTEXT_WINDOW, None)):
        match = pattern.search(reading.text)
        if match is None:
            continue
        text = reading.text[: match.start()] + (match["latest"] or "")
        said = match[0].removesuffix(match["latest"] or "")
        named = variant or match["size"] or match["bracketed"]
        kind = "variant" if variant else "context window"
        return reading.step(text, f"{kind} '{said}'", variant=reading.variant or named)
    return None


def _router_suffix(reading: Reading) -> Reading | None:
    match = _ROUTER_SUFFIX.search(reading.text)
    if match is None:
        return None
    return reading.step(reading.text[: match.start()], f"router suffix '{match[0]}'")


def _bedrock_version(reading: Reading) -> Reading | None:
    """`-v1:0`: Bedrock's syntax, or a colon or a date before it say it is Bedrock's version
    (a bare `-v2` is Vertex AI's second model of a name, see the historical ids)."""
    match = BEDROCK_VERSION.search(reading.text)
    if match is None:
        return None
    text = reading.text[: match.start()]
    if reading.bedrock is None and ":" not in match[0] and not _DATED.search(text):
        return None
    syntax = replace(reading.bedrock or BedrockSyntax(), versioned=True)
    platform = reading.on("bedrock-legacy")
    return reading.step(text, f"Bedrock version '{match[0]}'", platform=platform, bedrock=syntax)


def _vertex_version(reading: Reading) -> Reading | None:
    current = VERTEX_CURRENT.search(reading.text)
    if current is not None:
        text = reading.text[: current.start()]
        return reading.step(text, f"Vertex AI '{current[0]}'", platform=reading.on("vertex-ai"))
    dated = vertex_api_id(reading.text)
    if dated is None:
        return None
    said = f"Vertex AI version '{reading.text[reading.text.index('@') :]}'"
    return reading.step(dated, said, platform=reading.on("vertex-ai"))


def _dashed_date(reading: Reading) -> Reading | None:
    match = _DASHED_DATE.search(reading.text)
    if match is None or not is_date(date := match["year"] + match["month"] + match["day"]):
        return None
    return reading.step(f"{reading.text[: match.start()]}-{date}", f"dashed date '{match[0]}'")


# The prefixes, outside in: each runs until it no longer applies.
_OUTER: tuple[Step, ...] = (
    _case,
    _spaces,
    _underscores,
    _arn,
    _vertex_path,
    _prefix,
    _name_prefix,
    _bedrock,
)
# The suffixes, from the end: the first that applies, again, until none does.
_SUFFIXES: tuple[Callable[[Reading], Reading | None], ...] = (
    _router_suffix,
    _variant,
    _bedrock_version,
    _vertex_version,
    _dashed_date,
)


# Longer than any id, ARN or resource URL a platform writes; more steps than any of them takes.
MAX_LENGTH = 512
MAX_STEPS = 24


def read_id(text: str) -> Reading | Refusal:
    """`text` (stripped) read outside in; see the module docstring. Bounded: a text longer than
    any id, or one that takes more steps than any id does, is refused at once."""
    if len(text) > MAX_LENGTH:
        return Refusal(f"{len(text)} characters: longer than any model id")
    reading = Reading(text)
    for step in _OUTER:
        while (found := step(reading)) is not None:
            if isinstance(found, Refusal) or len(found.steps) > MAX_STEPS:
                return _refused(found)
            reading = found
    while (row := historical_id(reading.text)) is None:
        changed = next((new for step in _SUFFIXES if (new := step(reading)) is not None), None)
        if changed is None:
            return reading
        if len(changed.steps) > MAX_STEPS:
            return _refused(changed)
        reading = changed
    return replace(reading, historical=row)


def _refused(found: Reading | Refusal) -> Refusal:
    if isinstance(found, Refusal):
        return found
    return Refusal(f"more prefixes and suffixes than any model id has ({len(found.steps)})")
