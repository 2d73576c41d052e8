"""Model catalogues as entries: the key, the catalogue's date and status, where the entry is.

A catalogue is read through a `FormatSpec` (which field holds what), so LiteLLM's map, any other
JSON map keyed by model id and models.dev's provider tree all become the same `CatalogEntry`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from scraper.errors import DeprecationsError, ExitCode

Location = tuple[str | int, ...]
SPEC_FIELDS = ("root", "key", "date", "status", "provider", "alias")


class CatalogError(DeprecationsError):
    """A catalogue that cannot be read, or a format spec that does not fit it."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """Which field of an entry holds what; each a dotted path (`lifecycle.retires`).

    `root`: where the map (or list) of entries is in the document (default: the document).
    `key`: the field holding the model id (default: the map's key; required for a list).
    `date`: the date the model stops serving; `status`: a lifecycle word; `provider`: who serves
    it; `alias`: the key of another entry this one stands for.
    """

    root: str | None = None
    key: str | None = None
    date: str | None = None
    status: str | None = None
    provider: str | None = None
    alias: str | None = None

    @classmethod
    def parse(cls, text: str) -> FormatSpec:
        """`key=id,date=deprecation_date,status=status` → a spec; CatalogError if malformed."""
        values: dict[str, str] = {}
        for item in (part.strip() for part in text.split(",")):
            name, equals, path = item.partition("=")
            name, path = name.strip(), path.strip()
            if not equals or not path or name not in SPEC_FIELDS:
                raise CatalogError(
                    f"--format-spec: {item!r} is not FIELD=PATH with FIELD one of "
                    f"{', '.join(SPEC_FIELDS)}"
                )
            values[name] = path
        if "date" not in values and "status" not in values:
            raise CatalogError("--format-spec: name a date= or a status= field to check")
        return cls(**values)

    def merged(self, other: FormatSpec) -> FormatSpec:
        """This spec with every field `other` sets replaced."""
        return replace(self, **{n: getattr(other, n) for n in SPEC_FIELDS if getattr(other, n)})


LITELLM_SPEC = FormatSpec(date="deprecation_date", provider="litellm_provider", alias="alias_of")
# models.dev's api.json, flattened to one map keyed `provider/model` (see `models_dev_map`).
MODELS_DEV_SPEC = FormatSpec(key="id", status="status", provider="provider")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One Claude entry of a catalogue, as the catalogue writes it."""

    key: str
    location: Location  # path from the document's root to the entry (for the patch)
    provider: str | None
    date: dt.date | None
    date_text: str | None  # the date field as written (None: no date field)
    status: str | None
    alias_of: str | None


@dataclass(frozen=True, slots=True)
class Catalogue:
    name: str  # litellm, models.dev, json
    source: str  # the file, URL or installed package it was read from
    version: str | None
    spec: FormatSpec
    text: str | None  # the JSON text, when the catalogue is one JSON file (for the patch)
    entries: tuple[CatalogEntry, ...]
    other_entries: int  # entries that are not Claude models


def get_path(value: Any, path: str | None) -> Any:
    """The value at a dotted path; None when there is no path or any step is missing."""
    if path is None:
        return None
    for step in path.split("."):
        if not isinstance(value, Mapping) or step not in value:
            return None
        value = value[step]
    return value


def read_date(raw: Any) -> dt.date | None:
    """An ISO date (or date-time) as catalogues write it; None when it is not one."""
    if not isinstance(raw, str):
        return None
    for parse in (dt.date.fromisoformat, lambda text: dt.datetime.fromisoformat(text).date()):
        try:
            return parse(raw.strip())
        except ValueError:
            continue
    return None


def _items(container: Any, spec: FormatSpec) -> Iterator[tuple[str | int, Mapping[str, Any]]]:
    if isinstance(container, Mapping):
        yield from ((k, v) for k, v in container.items() if isinstance(v, Mapping))
    elif isinstance(container, list):
        if spec.key is None:
            raise CatalogError("the entries are a list: name their id field with key=")
        yield from ((i, v) for i, v in enumerate(container) if isinstance(v, Mapping))
    else:
        where = f"at {spec.root!r}" if spec.root else "at the top"
        raise CatalogError(f"no map or list of entries {where} of the document")


def _has(value: Any, path: str) -> bool:
    """Whether the dotted path leads somewhere in `value` (a null there counts)."""
    *steps, last = path.split(".")
    for step in steps:
        if not isinstance(value, Mapping) or step not in value:
            return False
        value = value[step]
    return isinstance(value, Mapping) and last in value


def check_named_fields(document: Any, spec: FormatSpec, named: FormatSpec) -> None:
    """CatalogError when the document has no entries where `spec` looks, or when no entry
    has a field the user `named` (a typo would otherwise check nothing, and pass)."""
    container = get_path(document, spec.root) if spec.root else document
    entries = [value for _, value in _items(container, spec)]
    if not entries:
        where = f"at {spec.root!r}" if spec.root else "at the top of the document"
        raise CatalogError(f"--format-spec: no entries (objects) {where}; root= says where")
    for field in SPEC_FIELDS:
        path = getattr(named, field)
        if field != "root" and path and not any(_has(entry, path) for entry in entries):
            seen = sorted({name for entry in entries[:50] for name in entry})[:10]
            raise CatalogError(
                f"--format-spec: no entry has {field}={path} (the entries have {', '.join(seen)})"
            )


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def is_claude(key: str, provider: str | None) -> bool:
    """An entry this check is about: it names Claude, or Anthropic serves it."""
    return "claude" in key.lower() or "anthropic" in (provider or "").lower()


def catalog_entries(document: Any, spec: FormatSpec) -> tuple[tuple[CatalogEntry, ...], int]:
    """The Claude entries of a document read through `spec`, and how many others it has."""
    root: Location = tuple(spec.root.split(".")) if spec.root else ()
    entries: list[CatalogEntry] = []
    others = 0
    container = get_path(document, spec.root) if spec.root else document
    for position, value in _items(container, spec):
        key = _text(get_path(value, spec.key)) if spec.key else str(position)
        provider = _text(get_path(value, spec.provider))
        if key is None or not is_claude(key, provider):
            others += 1
            continue
        raw_date = get_path(value, spec.date)
        entries.append(
            CatalogEntry(
                key=key,
                location=(*root, position),
                provider=provider,
                date=read_date(raw_date),
                date_text=_text(raw_date),
                status=_text(get_path(value, spec.status)),
                alias_of=_text(get_path(value, spec.alias)),
            )
        )
    return tuple(entries), others
