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
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from scraper.errors import InputError
from scraper.records import ModelIndex
from scraper.store.snapshots import MODELS_FILE, SnapshotError, read_index, validation_problem

DEFAULT_SNAPSHOTS = Path("snapshots")
PACKAGED = "packaged models.json"


@dataclass(frozen=True, slots=True)
class IndexSource:
    """The index and where it came from, for the reports that cite their data."""

    index: ModelIndex
    origin: str  # PACKAGED, a path, or a URL
    sha256: str | None = None  # of the models.json read
    snapshots: Path | None = None  # the directory it was read from: its other documents

    @property
    def date(self) -> dt.date | None:
        """The day the data last changed: its run's date, else its page version's."""
        if self.index.run is not None:
            return self.index.run.date
        return self.index.source.date if self.index.source is not None else None


def packaged_bytes() -> bytes:
    return (resources.files("scraper") / "data" / MODELS_FILE).read_bytes()


def parse_index(data: bytes, origin: str) -> ModelIndex:
    """Validate a models.json from anywhere; a one-line error naming the origin if it is not."""
    try:
        return ModelIndex.model_validate_json(data)
    except ValidationError as error:
        raise SnapshotError(f"{origin}: not a models.json: {validation_problem(error)}") from None


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
    index = read_index(directory)  # says what is missing or damaged, and how to get it
    try:
        data = path.read_bytes()
    except OSError as error:
        raise SnapshotError(f"{path}: cannot be read ({error.strerror})") from None
    return IndexSource(index, str(path), hashlib.sha256(data).hexdigest(), directory)


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
