"""What the site is built from: the stored documents, read and validated once (the I/O edge)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scraper.fetch.sources import LOCALES
from scraper.records import ModelIndex, PageContent
from scraper.store.snapshots import SnapshotStore, read_index
from scraper.track.drift import DriftReport
from scraper.track.events import Event


@dataclass(frozen=True, slots=True)
class SiteInputs:
    index: ModelIndex
    events: tuple[Event, ...]
    drift: DriftReport | None
    pages: dict[str, PageContent]  # by locale, in the docs' order (English first)


def read_inputs(snapshots: Path) -> SiteInputs:
    """The canonical index (required), the events, the drift and every stored language."""
    stored = SnapshotStore(snapshots).load()
    return SiteInputs(
        index=stored.index or read_index(snapshots),  # read_index says why it is missing
        events=stored.events,
        drift=stored.drift,
        pages={locale: stored.pages[locale] for locale in LOCALES if locale in stored.pages},
    )
