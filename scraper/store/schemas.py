"""The documents the tracker writes, by name, for `deprecations schema` and snapshots/schema/."""

from __future__ import annotations

import json

from pydantic import BaseModel

from scraper.records import FetchState, ModelIndex, PageRecords, RelatedPageContent, StoredPage
from scraper.track.drift import DriftReport
from scraper.track.events import EventLog

SCHEMAS: dict[str, type[BaseModel]] = {
    "page": PageRecords,
    "snapshot": StoredPage,
    "events": EventLog,
    "state": FetchState,
    "models": ModelIndex,
    "drift": DriftReport,
    "related": RelatedPageContent,
}


def schema_json(name: str) -> str:
    """The JSON Schema of one document, as `deprecations schema NAME` prints it."""
    return json.dumps(SCHEMAS[name].model_json_schema(), indent=2, ensure_ascii=False) + "\n"
