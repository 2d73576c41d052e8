"""The canonical models as people read them: aligned tables for `models` and `upcoming`."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping, Sequence

from scraper.records import STATUSES, CanonicalModel, Status, StatusWords
from scraper.vocabulary import BUILTIN_STATUS_WORDS

_WITHIN = re.compile(r"^\s*(\d+)\s*(d|day|days|w|week|weeks)?\s*$", re.IGNORECASE)


def parse_window(text: str) -> dt.timedelta:
    """`90d`, `12w` or a plain number of days."""
    match = _WITHIN.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a window like 90d or 12w")
    number = int(match[1])
    unit = (match[2] or "d").lower()
    return dt.timedelta(weeks=number) if unit.startswith("w") else dt.timedelta(days=number)


def status_names(locale: str | None, page_words: StatusWords | None) -> Mapping[Status, str]:
    """Status words in the chosen language: the page's own, else the built-in table's."""
    if page_words is not None:
        return {status: getattr(page_words, status) for status in STATUSES}
    builtin = BUILTIN_STATUS_WORDS.get(locale or "en") or BUILTIN_STATUS_WORDS["en"]
    return {status: builtin[status][0] for status in STATUSES}


def _width(text: str) -> int:
    """Columns a terminal gives the text: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _retires(model: CanonicalModel) -> str:
    if model.retires_on is None:
        return "-"
    prefix = "≥ " if model.retires_on_qualifier == "not_sooner_than" else ""
    return prefix + model.retires_on.isoformat()


def _days_left(model: CanonicalModel, today: dt.date) -> str:
    if model.retires_on is None or model.status == "retired":
        return "-"
    days = (model.retires_on - today).days
    if days < 0:
        return "past"
    return f"≥ {days}" if model.retires_on_qualifier == "not_sooner_than" else str(days)


def render_table(
    models: Sequence[CanonicalModel], names: Mapping[Status, str], today: dt.date
) -> str:
    """Aligned columns; a conflict between the status table and the history is footnoted."""
    header = ("MODEL", "STATUS", "DEPRECATED", "RETIRES", "DAYS LEFT", "REPLACEMENT")
    rows = [
        (
            model.model + ("*" if model.conflicts else ""),
            names[model.status],
            model.deprecated_on.isoformat() if model.deprecated_on else "-",
            _retires(model),
            _days_left(model, today),
            model.replacement or "-",
        )
        for model in models
    ]
    widths = [max(_width(row[i]) for row in (header, *rows)) for i in range(len(header))]
    lines = [
        "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    ]
    notes = [
        f"* {model.model}: the status table says {conflict.field} {conflict.status_table}, "
        f"the {conflict.announcement.isoformat()} history section says {conflict.history}"
        for model in models
        for conflict in model.conflicts
    ]
    if not rows:
        lines.append("(no models)")
    return "\n".join([*lines, *(["", *notes] if notes else [])]) + "\n"


def upcoming(
    models: Sequence[CanonicalModel],
    today: dt.date,
    window: dt.timedelta,
    *,
    include_tentative: bool = False,
) -> list[CanonicalModel]:
    """Models whose retirement falls between today and today + window, soonest first."""
    end = today + window
    chosen = [
        model
        for model in models
        if model.retires_on is not None
        and today <= model.retires_on <= end
        and model.status != "retired"
        and (include_tentative or model.retires_on_qualifier is None)
    ]
    return sorted(chosen, key=lambda model: (model.retires_on, model.model))
