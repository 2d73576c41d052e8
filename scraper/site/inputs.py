"""What the site is built from: the stored documents, read and validated once (the I/O edge)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scraper.canonical import DriftReport
from scraper.diff import Event
from scraper.pipeline import MODELS_FILE, _load_drift, _load_events
from scraper.records import ModelIndex, PageContent
from scraper.snapshot import SnapshotError, SnapshotStore, read_model
from scraper.sources import LOCALES


@dataclass(frozen=True, slots=True)
class SiteInputs:
    index: ModelIndex
    events: tuple[Event, ...]
    drift: DriftReport | None
    pages: dict[str, PageContent]  # by locale, in the docs' order (English first)


def read_inputs(snapshots: Path) -> SiteInputs:
    """The canonical index (required), the events, the drift and every stored language."""
    models_path = snapshots / MODELS_FILE
    if not models_path.is_file():
        raise SnapshotError(
            f"{models_path} does not exist: run `deprecations run` first "
            "(it needs the English page)"
        )
    store = SnapshotStore(snapshots)
    stored = set(store.stored_locales())
    return SiteInputs(
        index=read_model(models_path, ModelIndex),
        events=tuple(_load_events(store)),
        drift=_load_drift(store),
        pages=store.load_pages([locale for locale in LOCALES if locale in stored]),
    )
