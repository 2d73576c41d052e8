"""What a run finds stored: the snapshots directory as typed values (`store` reads it once,
before fetching; `plan` compares what was fetched with it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from scraper.records import FetchState, ModelIndex, PageContent, PageVersion, RelatedPageContent
from scraper.track.drift import DriftReport
from scraper.track.events import Event


@dataclass(frozen=True, slots=True)
class Stored:
    """The snapshots directory as a run finds it."""

    pages: Mapping[str, PageContent]
    versions: Mapping[str, PageVersion] = field(default_factory=dict)  # of stamped snapshots
    events: tuple[Event, ...] = ()  # newest first
    related: Mapping[str, RelatedPageContent] = field(default_factory=dict)
    index: ModelIndex | None = None
    drift: DriftReport | None = None
    state: FetchState = field(default_factory=FetchState)
