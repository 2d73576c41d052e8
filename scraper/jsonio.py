"""The one way the project writes JSON: deterministic, readable, UTF-8."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel


def to_jsonable(value: BaseModel | Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def dumps(value: BaseModel | Any) -> str:
    """Sorted keys (their order carries no meaning), lists in page order, trailing newline."""
    return json.dumps(to_jsonable(value), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
