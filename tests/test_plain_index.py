"""The read path's plain index (`answers.data`, msgspec) says what the records' `ModelIndex`
(pydantic) says, and refuses what it refuses (#29): two readers of one file stay one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pydantic import BaseModel, ValidationError

from scraper.answers import data
from scraper.errors import SnapshotError
from scraper.records import (
    CanonicalModel,
    Conflict,
    ModelIndex,
    PageVersion,
    PlatformEntry,
    RunStamp,
)
from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
INDEXES = [
    ROOT / "snapshots" / "models.json",
    FIXTURES / "audit" / "models.json",
    FIXTURES / "catalog" / "snapshots" / "models.json",
]
TWINS: list[tuple[type[msgspec.Struct], type[BaseModel]]] = [
    (data.Index, ModelIndex),
    (data.Model, CanonicalModel),
    (data.PlatformEntry, PlatformEntry),
    (data.Conflict, Conflict),
    (data.PageVersion, PageVersion),
    (data.RunStamp, RunStamp),
]


@pytest.mark.parametrize(("plain", "record"), TWINS, ids=[t[0].__name__ for t in TWINS])
def test_the_plain_values_have_the_records_fields(
    plain: type[msgspec.Struct], record: type[BaseModel]
) -> None:
    """Every field of the record, with the same default, and no other: a field added to the
    records must be added to the read path too."""
    record_defaults = {
        name: None if field.is_required() else field.get_default(call_default_factory=True)
        for name, field in record.model_fields.items()
    }
    info = msgspec.inspect.type_info(plain)
    assert isinstance(info, msgspec.inspect.StructType)
    plain_defaults = {
        f.name: None
        if f.required
        else (f.default if f.default is not msgspec.NODEFAULT else f.default_factory())
        for f in info.fields
    }
    assert plain_defaults == record_defaults


@pytest.mark.parametrize("path", INDEXES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_models_json_reads_the_same(path: Path) -> None:
    """The committed index and the fixtures give the same values through both readers."""
    raw = path.read_bytes()
    plain = json.loads(json.dumps(data.to_builtins(data.parse_index(raw, str(path)))))
    assert plain == ModelIndex.model_validate_json(raw).model_dump(mode="json")
    assert data.from_bytes(raw, "x").records() == ModelIndex.model_validate_json(raw)


def _damaged(document: dict[str, Any]) -> list[dict[str, Any]]:
    """One document per kind of damage, each on a copy."""
    variants: list[dict[str, Any]] = []
    edits = [
        ("status", "gone"),
        ("retires_on", "2025-02-30"),
        ("retires_on_qualifier", "soon"),
        ("model", 3),
        ("aliases", "claude"),
        ("platforms", {"mars": {"ids": [], "status": None, "page_url": "u"}}),
        ("conflicts", [{"field": "status"}]),
        ("surprise", True),
    ]
    for key, value in edits:
        copy = json.loads(json.dumps(document))
        copy["models"][0][key] = value
        variants.append(copy)
    for key, value in [("models", None), ("platform_notes", {"mars": "x"}), ("extra", 1)]:
        copy = json.loads(json.dumps(document))
        copy[key] = value
        variants.append(copy)
    without = json.loads(json.dumps(document))
    del without["models"][0]["status"]
    return [*variants, without]


@pytest.mark.parametrize("index", range(12))
def test_what_the_records_refuse_the_plain_reader_refuses(index: int) -> None:
    """Damage of each kind is refused by both, the plain reader in one line naming where."""
    document = json.loads((ROOT / "snapshots" / "models.json").read_bytes())
    raw = json.dumps(_damaged(document)[index]).encode()
    with pytest.raises(ValidationError):
        ModelIndex.model_validate_json(raw)
    with pytest.raises(SnapshotError) as refused:
        data.parse_index(raw, "models.json")
    message = str(refused.value)
    assert message.startswith("models.json: not a models.json: ")
    assert "\n" not in message


def test_plain_of_records_is_the_same_index() -> None:
    """A run's index (records) handed to the answers (`plain`) loses and adds nothing."""
    raw = (ROOT / "snapshots" / "models.json").read_bytes()
    records = ModelIndex.model_validate_json(raw)
    assert data.plain(records) == data.parse_index(raw, "x")
