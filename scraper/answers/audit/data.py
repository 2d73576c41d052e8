"""Where the audit's model data comes from: the installed package, a snapshots directory, a URL.

The package ships the repository's `snapshots/models.json` (`scraper/data/models.json` is a
link to it, which the sdist and the wheel turn into a copy), so `pip install` and `uvx` users
need no clone and every release carries the snapshot it was built from.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from pydantic import ValidationError

from scraper.records import ModelIndex
from scraper.store.snapshots import MODELS_FILE, SnapshotError, validation_problem


@dataclass(frozen=True, slots=True)
class IndexSource:
    """The index and where it came from, for the summary and the JSON output."""

    index: ModelIndex
    origin: str  # "packaged", a path, or a URL


def packaged_bytes() -> bytes:
    return (resources.files("scraper") / "data" / MODELS_FILE).read_bytes()


def parse_index(data: bytes, origin: str) -> ModelIndex:
    """Validate a models.json from anywhere; a one-line error naming the origin if it is not."""
    try:
        return ModelIndex.model_validate_json(data)
    except ValidationError as error:
        raise SnapshotError(f"{origin}: not a models.json: {validation_problem(error)}") from None
