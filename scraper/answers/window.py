"""A time window from a date: `90d`, `12w`, `3m`, `1y`, as `upcoming --within` takes it.

Months and years are calendar ones (2026-01-31 + 1m = 2026-02-28), not 30 or 365 days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

Unit = Literal["d", "w", "m", "y"]
_PATTERN = re.compile(r"^\s*(\d{1,12})\s*(d|days?|w|weeks?|m|months?|y|years?)?\s*$", re.IGNORECASE)
# A century is longer than any deprecation schedule; beyond it a window is a typo.
_LIMITS: dict[Unit, int] = {"d": 36_525, "w": 5_218, "m": 1_200, "y": 100}
_NAMES: dict[Unit, str] = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
# Dates the tracker can mean: the page appeared in 2023; a window may end at the calendar's end.
EARLIEST_DATE = dt.date(2020, 1, 1)


@dataclass(frozen=True, slots=True)
class Window:
    count: int
    unit: Unit

    def end(self, start: dt.date) -> dt.date:
        """The last day in the window; the calendar's last day if it runs past it."""
        if self.unit in ("d", "w"):
            days = self.count * (7 if self.unit == "w" else 1)
            return (
                start + dt.timedelta(days=days)
                if (dt.date.max - start).days >= days
                else dt.date.max
            )
        months = start.month - 1 + self.count * (12 if self.unit == "y" else 1)
        year = start.year + months // 12
        if year > dt.MAXYEAR:
            return dt.date.max
        month = months % 12 + 1
        return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"


def parse_window(text: str) -> Window:
    """`90d`, `12w`, `3m`, `1y` or a plain number of days; at most a century."""
    match = _PATTERN.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a window like 90d, 12w, 3m or 1y")
    unit: Unit = (match[2] or "d")[0].lower()  # type: ignore[assignment]
    count = int(match[1])
    if count > _LIMITS[unit]:
        raise ValueError(
            f"{text.strip()} is too long: at most {_LIMITS[unit]} {_NAMES[unit]} (a century)"
        )
    return Window(count, unit)


def parse_day(text: str) -> dt.date:
    """An ISO date (YYYY-MM-DD) from EARLIEST_DATE on, as `--as-of` takes it."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2026-01-31") from None
    if day < EARLIEST_DATE:
        raise ValueError(f"{day} is before {EARLIEST_DATE}, long before the page existed")
    return day
