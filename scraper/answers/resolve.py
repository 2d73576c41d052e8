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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scraper.ids import (
    alias_target,
    arn_model_id,
    bedrock_stem,
    parse_bedrock_id,
    vertex_api_id,
    vertex_path_id,
)
from scraper.records import PLATFORMS, ModelIndex, Platform, Qualifier, Status

_BEDROCK_PLATFORMS: tuple[Platform, ...] = ("bedrock", "bedrock-legacy")


@dataclass(frozen=True, slots=True)
class Resolution:
    text: str
    model: str
    platform: Platform


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
        inner = arn_model_id(text)
        return self._bedrock_form(inner, from_arn=True) if inner is not None else None

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
        in_path = vertex_path_id(text)
        if in_path is not None and in_path in self._vertex_ids:
            return self._vertex_ids[in_path], "vertex-ai"
        api_id = vertex_api_id(in_path or text)
        return (api_id, "vertex-ai") if api_id in self._api_ids else None

    def _alias_rule(self, text: str) -> tuple[str, Platform] | None:
        target = alias_target(text, self._api_ids)
        return (target, "claude-api") if target is not None else None


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
