"""Which model a written model id names, and on which platform.

Interface (used by `resolve`, `audit`, `models` and the site):

    Resolver.from_index(index)      index: the canonical ModelIndex (snapshots/models.json)
    resolver.resolve(text)          -> Resolution(text, model, platform) | None
    Resolution.text                 the input as written
    Resolution.model                the Claude API id, e.g. "claude-sonnet-4-20250514"
    Resolution.platform             the platform the written form names: "claude-api" for API
                                    ids and aliases, "bedrock", "bedrock-legacy", "vertex-ai",
                                    "foundry", "aws-platform"
    answer(index, resolver, text)   -> Answer: the resolution plus the model's status on the
                                    Claude API and on that platform (`deprecations resolve`)

Forms learnt from the pages come first (API ids, aliases, each platform's ids, Foundry's default
deployment names); then well-defined rules over the API ids: the aliases by naming era
(`claude-3-5-sonnet-latest`: the newest dated id of that name; `claude-opus-4-0` and
`claude-opus-4-1`: the one dated id of that name); Bedrock `anthropic.<id>` with any version
suffix (`-v1`, `-v2:0`, `-v1:0:200k`), a cross-region inference-profile prefix (`us.`, `eu.`,
`apac.`, `jp.`, `au.`, `global.`, ...) and foundation-model / inference-profile ARNs; Vertex
`name@YYYYMMDD` (the API id `name-YYYYMMDD`) and the `publishers/anthropic/models/...` path.
Anything else is unknown (None), never a guess: no case folding, no fuzzy matching, and a form
that two models claim is unknown too.

This module stays light (no network, parsing or diff libraries): `resolve` imports only it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scraper.records import PLATFORMS, ModelIndex, Platform, Qualifier, Status

__all__ = [
    "PLATFORMS",
    "Answer",
    "BedrockId",
    "Platform",
    "Resolution",
    "Resolver",
    "answer",
    "bedrock_stem",
    "parse_bedrock_id",
]

# Cross-region inference-profile prefixes Amazon Bedrock uses for Claude.
PROFILE_PREFIXES = frozenset({"us", "eu", "apac", "jp", "au", "global", "us-gov", "ca"})
_BEDROCK = re.compile(
    r"^(?:(?P<profile>[a-z]+(?:-[a-z]+)?)\.)?anthropic\."
    r"(?P<stem>[a-z0-9][a-z0-9.-]*?)(?P<version>-v\d+(?::\d+)?(?::\d+k)?)?$"
)
_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:\d*:"
    r"(?P<kind>foundation-model|inference-profile)/(?P<id>[^/\s]+)$"
)
_VERTEX_PATH = re.compile(
    r"^(?:https://[a-z0-9.-]*aiplatform\.googleapis\.com/v1/)?"
    r"(?:projects/[^/\s]+/locations/[^/\s]+/)?publishers/anthropic/models/(?P<id>[^/:\s]+)"
    r"(?::(?:rawPredict|streamRawPredict|countTokens))?$"
)
# `claude-3-5-sonnet-v2@20241022`: Vertex AI names a second model of one name `-v2`; the date
# still tells the API id (`claude-3-5-sonnet-20241022`).
_VERTEX_VERSION = re.compile(r"^(?P<name>[a-z0-9][a-z0-9.-]*?)(?:-v\d+)?@(?P<date>\d{8})$")
_DATED = re.compile(r"^(?P<name>.+)-(?P<date>\d{8})$")
# The API's alias conventions, by naming era:
# `claude-3-5-sonnet-latest`: Claude 3 names, the newest dated id of that name;
_LATEST = re.compile(r"^(?P<name>claude-\d+(?:-\d+)?-[a-z]+)-latest$")
# `claude-opus-4-0`: a Claude 4 family's x.0 model (one dated id);
_ZERO_ALIAS = re.compile(r"^(?P<name>claude-[a-z]+-\d+)-0$")
# `claude-opus-4-1`: a Claude 4 x.y model without its date (one dated id).
_DATELESS_ALIAS = re.compile(r"^(?P<name>claude-[a-z]+-\d+-\d+)$")
_BEDROCK_PLATFORMS: tuple[Platform, ...] = ("bedrock", "bedrock-legacy")


@dataclass(frozen=True, slots=True)
class Resolution:
    text: str
    model: str
    platform: Platform


@dataclass(frozen=True, slots=True)
class BedrockId:
    """A Bedrock-style id taken apart: `[profile.]anthropic.<stem>[-vN[:M]]`."""

    stem: str
    profiled: bool
    versioned: bool


def parse_bedrock_id(text: str) -> BedrockId | None:
    match = _BEDROCK.match(text)
    if match is None:
        return None
    profile = match["profile"]
    if profile is not None and profile not in PROFILE_PREFIXES:
        return None
    return BedrockId(match["stem"], profile is not None, match["version"] is not None)


def bedrock_stem(text: str) -> str | None:
    """`us.anthropic.claude-x-20250101-v1:0` → `claude-x-20250101`; None if not Bedrock-style."""
    found = parse_bedrock_id(text)
    return found.stem if found else None


def _is_date(text: str) -> bool:
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return True


class _Forms:
    """Written form → (model, platform), where a form two models claim is left out."""

    def __init__(self) -> None:
        self.found: dict[str, tuple[str, Platform]] = {}
        self.ambiguous: set[str] = set()

    def add(self, form: str, model: str, platform: Platform) -> None:
        if form in self.ambiguous:
            return
        known = self.found.setdefault(form, (model, platform))
        if known[0] != model:
            del self.found[form]
            self.ambiguous.add(form)


class Resolver:
    """Resolves written model ids against one canonical index (see the module docstring)."""

    def __init__(
        self,
        exact: Mapping[str, tuple[str, Platform]],
        api_ids: Iterable[str],
        platform_ids: Mapping[Platform, Mapping[str, str]],
        ambiguous: Iterable[str] = (),
    ) -> None:
        self._exact = dict(exact)
        self._api_ids = frozenset(api_ids)
        self._ambiguous = frozenset(ambiguous)
        # Bedrock ids by stem, with the Bedrock platforms that list them.
        self._bedrock: dict[str, tuple[str, frozenset[Platform]]] = {}
        stems = _Forms()
        for platform in _BEDROCK_PLATFORMS:
            for written, model in platform_ids.get(platform, {}).items():
                if (stem := bedrock_stem(written)) is not None:
                    stems.add(stem, model, platform)
                    _, seen = self._bedrock.get(stem, (model, frozenset()))
                    self._bedrock[stem] = (model, seen | {platform})
        for stem in stems.ambiguous:
            self._bedrock.pop(stem, None)
        self._ambiguous |= stems.ambiguous
        # Vertex ids, and their model names (`claude-opus-4@20250514` → `claude-opus-4`), as
        # the last part of a resource path.
        names = _Forms()
        for written, model in platform_ids.get("vertex-ai", {}).items():
            names.add(written, model, "vertex-ai")
            names.add(written.split("@")[0], model, "vertex-ai")
        self._vertex_ids = {name: model for name, (model, _) in names.found.items()}

    @classmethod
    def from_index(cls, index: ModelIndex) -> Resolver:
        forms = _Forms()
        for model in index.models:
            forms.add(model.model, model.model, "claude-api")
        for model in index.models:
            for alias in model.aliases:
                forms.add(alias, model.model, "claude-api")
        platform_ids: dict[Platform, dict[str, str]] = {}
        for platform in PLATFORMS:
            for model in index.models:
                entry = model.platforms.get(platform)
                for written in entry.ids if entry else ():
                    forms.add(written, model.model, platform)
                    platform_ids.setdefault(platform, {})[written] = model.model
        return cls(
            forms.found,
            (model.model for model in index.models),
            platform_ids,
            forms.ambiguous,
        )

    def resolve(self, text: str) -> Resolution | None:
        """The model and platform `text` names, or None when it names none for certain."""
        written = text.strip()
        if not written or written in self._ambiguous:
            return None
        found = (
            self._exact.get(written)
            or self._arn(written)
            or self._bedrock_form(written, from_arn=False)
            or self._vertex_form(written)
            or self._alias_rule(written)
        )
        return Resolution(text, found[0], found[1]) if found else None

    def _arn(self, text: str) -> tuple[str, Platform] | None:
        match = _ARN.match(text)
        if match is None:
            return None
        parts = parse_bedrock_id(match["id"])
        # A foundation model is a base id; an inference profile always has a region prefix.
        if parts is None or parts.profiled != (match["kind"] == "inference-profile"):
            return None
        return self._bedrock_form(match["id"], from_arn=True)

    def _bedrock_form(self, text: str, *, from_arn: bool) -> tuple[str, Platform] | None:
        parts = parse_bedrock_id(text)
        if parts is None:
            return None
        # Version suffixes, profiles and ARNs belong to the ARN-versioned (InvokeModel) API.
        arn_versioned = parts.versioned or parts.profiled or from_arn
        learned = self._bedrock.get(parts.stem)
        if learned is not None:
            model, platforms = learned
            if len(platforms) == 1:
                return model, next(iter(platforms))
            return model, "bedrock-legacy" if arn_versioned else "bedrock"
        if parts.stem in self._api_ids and parts.stem not in self._ambiguous:
            return parts.stem, "bedrock-legacy" if arn_versioned else "bedrock"
        return None

    def _vertex_form(self, text: str) -> tuple[str, Platform] | None:
        path = _VERTEX_PATH.match(text)
        model_id = path["id"] if path else text
        if path and model_id in self._vertex_ids:
            return self._vertex_ids[model_id], "vertex-ai"
        version = _VERTEX_VERSION.match(model_id)
        if version is None or not _is_date(version["date"]):
            return None
        api_id = f"{version['name']}-{version['date']}"
        return (api_id, "vertex-ai") if api_id in self._api_ids else None

    def _alias_rule(self, text: str) -> tuple[str, Platform] | None:
        """`claude-3-5-sonnet-latest`: the newest dated id of the name; `claude-opus-4-0`,
        `claude-opus-4-1`: the one dated id of the name."""
        latest = _LATEST.match(text)
        match = latest or _ZERO_ALIAS.match(text) or _DATELESS_ALIAS.match(text)
        if match is None:
            return None
        dated = sorted(
            (found["date"], api_id)
            for api_id in self._api_ids
            if (found := _DATED.match(api_id)) and found["name"] == match["name"]
        )
        if not dated or (latest is None and len(dated) != 1):
            return None
        return dated[-1][1], "claude-api"


@dataclass(frozen=True, slots=True)
class Answer:
    """One line of `deprecations resolve`: what a written id names and where it stands."""

    input: str
    model: str | None
    platform: Platform | None
    status: Status | None  # on the Claude API (the deprecations page)
    platform_status: Status | None  # on the platform the input names, as its page shows it
    retires_on: dt.date | None  # the Claude API's date (Anthropic-operated platforms)
    retires_on_qualifier: Qualifier | None
    replacement: str | None


def answer(index: ModelIndex, resolver: Resolver, text: str) -> Answer:
    """The resolution of `text` with the index's facts about the model it names."""
    found = resolver.resolve(text)
    model = next((m for m in index.models if found and m.model == found.model), None)
    if found is None or model is None:
        return Answer(text, None, None, None, None, None, None, None)
    entry = model.platforms.get(found.platform)
    platform_status = model.status if found.platform == "claude-api" else None
    return Answer(
        input=text,
        model=model.model,
        platform=found.platform,
        status=model.status,
        platform_status=entry.status if entry else platform_status,
        retires_on=model.retires_on,
        retires_on_qualifier=model.retires_on_qualifier,
        replacement=model.replacement,
    )
