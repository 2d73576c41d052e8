"""The documents the tracker writes, by name, for `deprecations schema` and snapshots/schema/."""

from __future__ import annotations

from pydantic import BaseModel

from scraper.canonical import DriftReport
from scraper.publish import EventLog
from scraper.records import ModelIndex, PageContent, PageRecords
from scraper.snapshot import FetchState

SCHEMAS: dict[str, type[BaseModel]] = {
    "page": PageRecords,
    "snapshot": PageContent,
    "events": EventLog,
    "state": FetchState,
    "models": ModelIndex,
    "drift": DriftReport,
}
