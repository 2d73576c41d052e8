"""Every name a model goes by, per platform: the related pages joined into the canonical index.

The models overview gives each model's API id, alias, Bedrock id and Google Cloud id; each
platform page gives the ids it lists and the status it shows (which can differ from the Claude
API's: partner platforms set their own lifecycle). A platform row is tied to its API id by its
id first (an API id or alias as written, else by the grammar of ids: `anthropic.<id>-v1:0`,
`<name>@<date>`, the API's alias conventions) and by the model name the overview gives that id
second; a row tied to no model in the index is left
out of it (it stays in the page's snapshot).

The changes between two indexes are the platform events: an id added or removed on a platform,
a platform's status changed, a model's aliases changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial

from pydantic import JsonValue

from scraper.fetch.sources import DOCS_BASE_URL, RELATED_BY_NAME, RELATED_LOCALE, page_url
from scraper.ids import bedrock_stem, parse_bedrock_id
from scraper.ids.match import NameTable
from scraper.ids.normalise import Reading, read_id
from scraper.records import (
    CanonicalModel,
    ComparedModel,
    ModelIndex,
    Platform,
    PlatformEntry,
    RelatedPageContent,
    Status,
)
from scraper.track.events import Change, Event, event_id

OVERVIEW = "models-overview"


@dataclass(slots=True)
class _Entry:
    ids: list[str] = field(default_factory=list)
    status: Status | None = None
    status_text: str | None = None
    page_url: str = ""

    def add(self, platform_id: str) -> None:
        if platform_id not in self.ids:
            self.ids.append(platform_id)

    def freeze(self) -> PlatformEntry:
        return PlatformEntry(
            ids=tuple(self.ids),
            status=self.status,
            status_text=self.status_text,
            page_url=self.page_url,
        )


def _aliases(compared: Iterable[ComparedModel], known: set[str]) -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for model in compared:
        if model.api_id in known and model.alias and model.alias != model.api_id:
            aliases = found.setdefault(model.api_id, [])
            if model.alias not in aliases:
                aliases.append(model.alias)
    return {model: tuple(aliases) for model, aliases in found.items()}


def _api_id(written: str, known: Mapping[str, str], names: NameTable) -> str | None:
    """The API id a platform page's id stands for: one the index knows (`known`: its API ids
    and aliases), as written or read as the resolver reads ids (`read_id`, then `names`); None
    when it names none, or several, for certain."""
    if written in known:
        return known[written]
    reading = read_id(written)
    if not isinstance(reading, Reading) or reading.historical is not None:
        return None
    if reading.text in known:
        return known[reading.text]
    named = names.named(reading.text)
    return named.ids[0] if len(named.ids) == 1 else None


def _known_forms(known: set[str], aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """API ids and aliases → API id; an alias two models claim names neither."""
    claims: dict[str, set[str]] = {}
    for model, listed in aliases.items():
        for alias in listed:
            claims.setdefault(alias, set()).add(model)
    forms = {alias: next(iter(models)) for alias, models in claims.items() if len(models) == 1}
    return {**forms, **{api_id: api_id for api_id in known}}


def _listed_rows(
    pages: Mapping[str, RelatedPageContent],
    known: Mapping[str, str],
    names: Mapping[str, str],
    base_url: str,
) -> dict[str, dict[Platform, _Entry]]:
    """Per API id and platform, what the platform pages list."""
    found: dict[str, dict[Platform, _Entry]] = {}
    api_ids = dict.fromkeys(known.values())
    table = NameTable(api_ids, {form: api_id for form, api_id in known.items() if form != api_id})
    for key, page in pages.items():
        platform = RELATED_BY_NAME[key].platform if key in RELATED_BY_NAME else None
        if platform is None:
            continue
        for row in page.models:
            model = _api_id(row.id, known, table) or names.get(row.name)
            if model is None:
                continue
            entry = found.setdefault(model, {}).setdefault(
                platform, _Entry(page_url=page_url(key, base_url))
            )
            entry.add(row.id)
            if entry.status is None:
                entry.status, entry.status_text = row.status, row.status_text
    return found


def _bedrock_platform(entries: Mapping[Platform, _Entry], bedrock_id: str) -> Platform:
    """The Bedrock integration an overview id belongs to: the page listing it, else its form."""
    stem = bedrock_stem(bedrock_id)
    for platform in ("bedrock", "bedrock-legacy"):
        entry = entries.get(platform)
        if entry and any(bedrock_stem(listed) == stem for listed in entry.ids):
            return platform
    parts = parse_bedrock_id(bedrock_id)
    return "bedrock-legacy" if parts is not None and parts.versioned else "bedrock"


def _add_overview_ids(
    found: dict[str, dict[Platform, _Entry]],
    compared: Iterable[ComparedModel],
    known: set[str],
    overview_url: str,
) -> None:
    for model in compared:
        if model.api_id not in known:
            continue
        entries = found.setdefault(model.api_id, {})
        if model.bedrock_id:
            platform = _bedrock_platform(entries, model.bedrock_id)
            entries.setdefault(platform, _Entry(page_url=overview_url)).add(model.bedrock_id)
        if model.vertex_id:
            entries.setdefault("vertex-ai", _Entry(page_url=overview_url)).add(model.vertex_id)


def join_platforms(
    index: ModelIndex,
    pages: Mapping[str, RelatedPageContent],
    *,
    scope_note: str | None,
    deprecations_url: str,
    base_url: str = DOCS_BASE_URL,
) -> ModelIndex:
    """The index with each model's aliases and per-platform ids and status, and the notes."""
    known = {model.model for model in index.models}
    overview = pages.get(OVERVIEW)
    compared = overview.compared if overview else ()
    aliases = _aliases(compared, known)
    with_aliases = index.model_copy(
        update={
            "models": tuple(
                model.model_copy(update={"aliases": aliases.get(model.model, ())})
                for model in index.models
            )
        }
    )
    names = {model.name: model.api_id for model in compared if model.api_id in known}
    found = _listed_rows(pages, _known_forms(known, aliases), names, base_url)
    _add_overview_ids(found, compared, known, page_url(OVERVIEW, base_url))
    models = []
    for model in with_aliases.models:
        entries: dict[Platform, PlatformEntry] = {
            "claude-api": PlatformEntry(
                ids=(model.model,), status=model.status, page_url=deprecations_url
            )
        }
        entries.update(
            (platform, entry.freeze()) for platform, entry in found.get(model.model, {}).items()
        )
        models.append(model.model_copy(update={"platforms": entries}))
    notes = {
        platform: page.lifecycle_note
        for key, page in sorted(pages.items())
        if page.lifecycle_note
        and (platform := RELATED_BY_NAME[key].platform if key in RELATED_BY_NAME else None)
    }
    return with_aliases.model_copy(
        update={"models": tuple(models), "scope_note": scope_note, "platform_notes": notes}
    )


def _entry_changes(
    model: str, platform: Platform, before: PlatformEntry | None, after: PlatformEntry | None
) -> Iterable[Change]:
    old_ids = before.ids if before else ()
    new_ids = after.ids if after else ()
    listed = after or before
    where: dict[str, JsonValue] = {"platform": platform}
    if listed is not None:
        where["page_url"] = listed.page_url
    change = partial(Change, model=model, field=platform, context=where)
    yield from (change(type="platform_id_added", after=i) for i in new_ids if i not in old_ids)
    yield from (change(type="platform_id_removed", before=i) for i in old_ids if i not in new_ids)
    old_status = before.status if before else None
    new_status = after.status if after else None
    if platform != "claude-api" and before and after and old_status != new_status:
        yield Change(
            type="platform_status_changed",
            model=model,
            field=platform,
            before=old_status,
            after=new_status,
            context={**where, "status_text": after.status_text},
        )


def _model_changes(before: CanonicalModel, after: CanonicalModel) -> Iterable[Change]:
    if before.aliases != after.aliases:
        yield Change(
            type="alias_changed",
            model=after.model,
            field="aliases",
            before=list(before.aliases),
            after=list(after.aliases),
        )
    for platform in sorted(before.platforms.keys() | after.platforms.keys()):
        if platform == "claude-api":
            continue  # its status and id are the deprecations page's own events
        yield from _entry_changes(
            after.model, platform, before.platforms.get(platform), after.platforms.get(platform)
        )


def platform_changes(previous: ModelIndex | None, current: ModelIndex) -> list[Change]:
    """What changed in the platforms' ids and statuses and the aliases, model by model.

    The first index with platform data is a baseline (the related pages' snapshots record it),
    and a model new to the index brings its ids with it (its model_added event tells it).
    """
    if previous is None or not any(_has_platforms(model) for model in previous.models):
        return []
    before = {model.model: model for model in previous.models}
    changes: list[Change] = []
    for model in current.models:
        if model.model in before:
            changes.extend(_model_changes(before[model.model], model))
    return changes


def _has_platforms(model: CanonicalModel) -> bool:
    return any(platform != "claude-api" for platform in model.platforms)


def platform_events(changes: Iterable[Change], detected_at: dt.date) -> list[Event]:
    """Platform changes as events: English pages, each pointing at the page that says so."""
    locales = (RELATED_LOCALE,)
    return [
        Event(
            **change.model_dump(),
            id=event_id(change, detected_at, locales),
            detected_at=detected_at,
            locales=locales,
            page_url=str(change.context.get("page_url") or page_url(OVERVIEW)),
        )
        for change in changes
    ]
