"""Where things are in a JSON text, so a fix edits a few characters instead of the whole file.

Python's own scanner reads each value (`raw_decode`); this module only walks the punctuation
between them. (json-source-map does the same job but writes keys containing `/` unescaped into
its pointers, and LiteLLM's keys are full of slashes: `bedrock/us-east-1/...`.)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True, slots=True)
class Member:
    """One `"key": value` of an object, as offsets into the text."""

    key: str
    key_start: int
    key_end: int
    value_start: int
    value_end: int


@dataclass(frozen=True, slots=True)
class ObjectSpan:
    start: int  # the `{`
    end: int  # just after the `}`
    members: tuple[Member, ...]

    def member(self, key: str) -> Member | None:
        # The last one wins, as in json.loads.
        return next((m for m in reversed(self.members) if m.key == key), None)


def skip_space(text: str, index: int) -> int:
    match = _SPACE.match(text, index)
    return match.end() if match else index


def value_end(text: str, start: int) -> int:
    """The offset just after the JSON value starting at `start`."""
    return _DECODER.raw_decode(text, start)[1]


def object_at(text: str, start: int) -> ObjectSpan:
    """The members of the object whose `{` is at `start` (the text must be valid JSON)."""
    if text[start] != "{":
        raise ValueError(f"no object at offset {start}")
    members: list[Member] = []
    index = skip_space(text, start + 1)
    while text[index] != "}":
        key, after_key = _DECODER.raw_decode(text, index)
        colon = skip_space(text, after_key)
        value_start = skip_space(text, colon + 1)
        end = value_end(text, value_start)
        members.append(Member(str(key), index, after_key, value_start, end))
        index = skip_space(text, end)
        if text[index] == ",":
            index = skip_space(text, index + 1)
    return ObjectSpan(start, index + 1, tuple(members))


def array_items(text: str, start: int) -> tuple[tuple[int, int], ...]:
    """(start, end) of each element of the array whose `[` is at `start`."""
    if text[start] != "[":
        raise ValueError(f"no array at offset {start}")
    items: list[tuple[int, int]] = []
    index = skip_space(text, start + 1)
    while text[index] != "]":
        end = value_end(text, index)
        items.append((index, end))
        index = skip_space(text, end)
        if text[index] == ",":
            index = skip_space(text, index + 1)
    return tuple(items)
