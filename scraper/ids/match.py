"""Which of the page's ids a name names: the page id or alias it spells, else by rule.

The rules, over the page's own API ids only: a name without its date names every model of that
name (`claude-3-5-haiku`, `claude-opus-4-0`: the x.0 model); `-latest` the newest dated one; a
family without a version (`claude-instant`) every model of the family.
The platforms join and the resolver both read ids through this table, so a platform page's id
and a user's are tied to a model by the same rules.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from scraper.ids.names import Name, read_name, spelling_steps

Kind = Literal["exact", "alias", "rule"]
_NO_VERSION = re.compile(r"claude-(?P<family>[a-z]+)(?P<latest>-latest)?")
_WORDS = re.compile(r"claude-(?P<family>[a-z]+)(?:-[a-z]+)+")  # an id of words: …-mythos-preview


@dataclass(frozen=True, slots=True)
class Named:
    """The page's API ids a name names (newest first), and how."""

    ids: tuple[str, ...]
    kind: Kind
    steps: tuple[str, ...] = ()
    reason: str | None = None  # why it names none
    family: str | None = None  # the family's name, when the text names a family as such


@dataclass(frozen=True, slots=True)
class _Entry:
    name: Name
    api_id: str
    kind: Kind  # exact: an API id; alias: one of its aliases


class NameTable:
    """The page's API ids (in the page's order) and aliases, read as names."""

    def __init__(self, api_ids: Iterable[str], aliases: Mapping[str, str]) -> None:
        forms = [(api_id, api_id, "exact") for api_id in api_ids]
        forms += [(alias, api_id, "alias") for alias, api_id in aliases.items()]
        # By family and major version: a name is only ever a spelling of one of those.
        self._entries: dict[tuple[str | None, int], list[_Entry]] = {}
        self._families: dict[str, list[str]] = {}  # family → its API ids, in the page's order
        for form, api_id, kind in forms:
            if (name := read_name(form)) is not None:
                entry = _Entry(name, api_id, kind)  # type: ignore[arg-type]
                self._entries.setdefault((name.family, name.major), []).append(entry)
                if kind == "exact" and name.family is not None:
                    self._families.setdefault(name.family, []).append(api_id)
            elif kind == "exact" and (words := _WORDS.fullmatch(form)) is not None:
                self._families.setdefault(words["family"], []).append(api_id)  # …-preview

    def named(self, text: str) -> Named:
        """What `text` (a lower-case id without platform syntax) names on the page."""
        name = read_name(text)
        if name is None:
            family = _NO_VERSION.fullmatch(text)
            members = self._families.get(family["family"], []) if family else []
            if family is None or family["latest"] or not members:
                return Named((), "rule", reason=_unreadable(text))
            # `claude-instant`: every model of the family (one answer only if they agree).
            said = ("family without a version",)
            return Named(tuple(members), "rule", said, family=text)
        near = self._entries.get((name.family, name.major), [])
        spelled = [e for e in near if name.is_spelling_of(e.name)]
        same = [e for e in spelled if e.name.date == name.date and not name.latest]
        if same and len({e.api_id for e in same}) == 1:
            best = min(same, key=lambda e: e.kind != "alias")  # the alias, if the name is one
            return Named((best.api_id,), best.kind, spelling_steps(name, best.name))
        models = [e for e in spelled if e.kind == "exact"]
        if name.date is not None or not models:
            return Named((), "rule", reason=_missing(text, models))
        steps = spelling_steps(name, models[0].name)
        if name.latest:
            return _newest(models, steps)
        return Named(tuple(e.api_id for e in models), "rule", (*steps, "name without its date"))


def _newest(models: list[_Entry], steps: tuple[str, ...]) -> Named:
    """`-latest`: the newest dated model of the name (several undated ones name no one)."""
    dated = sorted((e for e in models if e.name.date), key=lambda e: e.name.date or "")
    if len(models) == 1 or len(dated) == len(models):
        chosen = dated[-1] if dated else models[0]
        return Named((chosen.api_id,), "rule", (*steps, "'-latest': the newest of that name"))
    return Named(tuple(e.api_id for e in models), "rule", steps)


def _missing(text: str, models: list[_Entry]) -> str:
    if models:
        return f"no model {text} on the page (it lists {', '.join(e.api_id for e in models)})"
    return f"no model {text} on the page"


def _unreadable(text: str) -> str:
    if "claude" not in text:
        return f"{text!r} is not a Claude model id"
    if (match := _NO_VERSION.fullmatch(text)) is not None:
        moving = " (a moving alias names no model for certain)" if match["latest"] else ""
        return f"{text!r} names no model version{moving}"
    return f"{text!r} is not a form of a Claude model id"
