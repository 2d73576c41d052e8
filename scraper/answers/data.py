"""Where the model data of the read commands comes from (`models`, `upcoming`, `resolve`,
`site`, `audit`, `catalog`): `--data URL`, else `--snapshots DIR`, else `./snapshots` when it
holds a models.json, else the copy in the installed package.

The package ships the repository's `snapshots/models.json` (`scraper/data/models.json` is a
link to it, which the sdist and the wheel turn into a copy), so `pip install` and `uvx` users
need no clone and every release carries the snapshot it was built from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import msgspec

from scraper.errors import InputError, SnapshotError
from scraper.store import MODELS_FILE
from scraper.terms import REFERENCE_LOCALE, SCHEMA_VERSION, Platform, Qualifier, Status

if TYPE_CHECKING:
    from scraper.records import ModelIndex

DEFAULT_SNAPSHOTS = Path("snapshots")
PACKAGED = "packaged models.json"


# The index as plain frozen values: what `records.ModelIndex` holds, decoded and checked by
# msgspec without building pydantic's types (a third of a read-only command's start). The run
# and everything written stay on the records; tests/test_plain_index.py holds the two equal,
# field for field, on every models.json the records accept.
class Conflict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    field: str
    status_table: Any
    history: Any
    announcement: dt.date


class PlatformEntry(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    ids: tuple[str, ...]
    status: Status | None
    page_url: str
    status_text: str | None = None


class Model(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One model of models.json (`records.CanonicalModel`)."""

    model: str
    status: Status
    deprecated_on: dt.date | None
    retires_on: dt.date | None
    retires_on_qualifier: Qualifier | None
    replacement: str | None
    announced_on: dt.date | None
    retired_on: dt.date | None
    sources: dict[str, str]
    conflicts: tuple[Conflict, ...] = ()
    aliases: tuple[str, ...] = ()
    platforms: dict[Platform, PlatformEntry] = {}


class PageVersion(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    url: str | None
    sha256: str
    date: dt.date


class RunStamp(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    date: dt.date
    url: str | None = None


class Index(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """models.json (`records.ModelIndex`)."""

    models: tuple[Model, ...]
    schema_version: int = SCHEMA_VERSION
    reference_locale: str = REFERENCE_LOCALE
    scope_note: str | None = None
    platform_notes: dict[Platform, str] = {}
    source: PageVersion | None = None
    run: RunStamp | None = None

    def only(self, models: tuple[Model, ...]) -> Index:
        """The same index holding only `models`."""
        return msgspec.structs.replace(self, models=models)


_DECODER = msgspec.json.Decoder(Index)


@dataclass(frozen=True, slots=True)
class IndexSource:
    """The index and where it came from, for the reports that cite their data."""

    index: Index
    origin: str  # PACKAGED, a path, or a URL
    sha256: str | None = None  # of the models.json read
    snapshots: Path | None = None  # the directory it was read from: its other documents

    @property
    def date(self) -> dt.date | None:
        """The day the data last changed: its run's date, else its page version's."""
        if self.index.run is not None:
            return self.index.run.date
        return self.index.source.date if self.index.source is not None else None

    def records(self) -> ModelIndex:
        """The index as the typed records, for what publishes it (the site, the MCP tools)."""
        from scraper.records import ModelIndex

        return ModelIndex.model_validate(to_builtins(self.index))


def plain(index: ModelIndex) -> Index:
    """The records' index as the plain values the answers read (an index a run just built)."""
    return _DECODER.decode(index.model_dump_json())


def to_builtins(value: object) -> Any:
    """Plain values as JSON's types (dates as ISO text), for `records.dumps`."""
    return msgspec.to_builtins(value)


def packaged_bytes() -> bytes:
    from importlib import resources  # the packaged copy only: a snapshots directory needs none

    return (resources.files("scraper") / "data" / MODELS_FILE).read_bytes()


def parse_index(data: bytes, origin: str) -> Index:
    """Check a models.json from anywhere; a one-line error naming the origin if it is not."""
    try:
        return _DECODER.decode(data)
    except msgspec.ValidationError as error:
        problem = _where_first(str(error))
    except msgspec.DecodeError:
        problem = _not_json(data)
    raise SnapshotError(f"{origin}: not a models.json: {problem}")


def _where_first(message: str) -> str:
    """msgspec's "Expected `str`, got `int` - at `$.models[0].model`" as the records say it:
    "models.0.model: expected `str`, got `int`"."""
    what, _, where = message.partition(" - at `$")
    path = where.rstrip("`").replace("[", ".").replace("]", "").strip(".")
    return f"{path or 'document'}: {what[:1].lower()}{what[1:]}"


def _not_json(data: bytes) -> str:
    """Where the text stops being JSON, in lines and columns (json's own message)."""
    try:
        json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return f"not UTF-8 text ({error.reason})"
    except json.JSONDecodeError as error:
        return f"not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})"
    return "not valid JSON"


def from_bytes(data: bytes, origin: str) -> IndexSource:
    return IndexSource(parse_index(data, origin), origin, hashlib.sha256(data).hexdigest())


def packaged() -> IndexSource:
    return from_bytes(packaged_bytes(), PACKAGED)


def from_snapshots(directory: Path) -> IndexSource:
    """A snapshots directory's models.json: exit 2 when the directory is missing, 5 when it
    holds no models.json or a damaged one."""
    if not directory.is_dir():
        raise InputError(f"{directory}: no such directory (--snapshots names one `run` wrote)")
    path = directory / MODELS_FILE
    if not path.is_file():
        raise SnapshotError(
            f"{path}: not there yet: `deprecations run` writes it (it needs the English page)"
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SnapshotError(f"{path}: cannot be read ({error.strerror})") from None
    return IndexSource(
        parse_index(data, str(path)), str(path), hashlib.sha256(data).hexdigest(), directory
    )


def load(snapshots: Path | None, url: str | None, *, warn: Callable[[str], None]) -> IndexSource:
    """`--data URL`, else `--snapshots DIR`, else ./snapshots when it holds a models.json,
    else the packaged copy; `warn` hears of every fallback."""
    if url is not None:
        from scraper.answers.remote import fetch_index  # httpx only when a URL is asked

        return fetch_index(url, read=from_bytes, fallback=packaged, warn=warn)
    if snapshots is not None:
        return from_snapshots(snapshots)
    if (DEFAULT_SNAPSHOTS / MODELS_FILE).is_file():
        try:
            return from_snapshots(DEFAULT_SNAPSHOTS)
        except SnapshotError as error:
            # Another tool's snapshots/ (code being audited has its own): not ours to judge.
            warn(f"{error}; using the {PACKAGED} instead (--snapshots DIR names yours)")
    return packaged()
