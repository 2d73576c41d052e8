"""The lifecycle chart's geometry: one bar per model on a shared time axis (pure arithmetic).

A bar runs from the model's first appearance (or its deprecation, if earlier) to its
retirement. A "not sooner than" date is no end: the bar goes on, open, to the chart's edge.
The template draws these numbers as SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.publish.site.rows import ModelRow

# The model ids are HTML beside the SVG (they stay in view while a phone scrolls the chart).
WIDTH = 760
PLOT_LEFT = 12
END_LABEL_WIDTH = 110  # retirement dates, right of the plot
ROW_HEIGHT = 22
BAR_HEIGHT = 12
TOP = 34  # room for the axis labels and the "today" label (site.css aligns the ids with it)
BOTTOM = 10
MARGIN_DAYS = 45  # air at both ends of the axis
MIN_BAR = 3.0  # a model retired the day it was seen still shows


@dataclass(frozen=True, slots=True)
class Bar:
    row: ModelRow
    y: float  # top of the row
    x: float
    width: float
    open_ended: bool  # no firm end: the bar continues to the edge of the plot
    tail_width: float  # the open part, after the "not sooner than" date (or after today)
    deprecated_x: float | None
    end_x: float | None  # the retirement date's mark
    end_label: str | None  # ISO date, "≥ date" for not sooner than; None: no date

    @property
    def mid_y(self) -> float:
        return self.y + ROW_HEIGHT / 2


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str
    major: bool  # a year starts here


@dataclass(frozen=True, slots=True)
class Timeline:
    width: int
    height: int
    plot_left: int
    plot_right: int
    top: int
    bottom: float
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    today_x: float
    today: dt.date


def chart_order(rows: Sequence[ModelRow]) -> list[ModelRow]:
    """The models still to retire first, soonest retirement at the top and undated ones after
    them, then the retired ones, the latest first: two staircases that meet at today, so the
    first rows have their bars where the chart opens (today) on a narrow screen."""
    going = sorted(
        (row for row in rows if row.status != "retired"),
        key=lambda row: (row.end is None, row.end or dt.date.max, row.start or dt.date.min),
    )
    gone = sorted(
        (row for row in rows if row.status == "retired"),
        key=lambda row: (-(row.end or dt.date.min).toordinal(), row.model),
    )
    return going + gone


def _domain(rows: Sequence[ModelRow], today: dt.date) -> tuple[dt.date, dt.date]:
    days = [today]
    for row in rows:
        days.extend(day for day in (row.start, row.end, row.deprecated_on) if day is not None)
    margin = dt.timedelta(days=MARGIN_DAYS)
    return min(days) - margin, max(days) + margin * 2


def _ticks(first: dt.date, last: dt.date, x_of: _Scale) -> list[Tick]:
    """A labelled tick at each year and a plain one at each half year."""
    ticks = []
    for year in range(first.year, last.year + 1):
        for month, major in ((1, True), (7, False)):
            day = dt.date(year, month, 1)
            if first <= day <= last:
                ticks.append(Tick(x=x_of(day), label=str(year) if major else "", major=major))
    return ticks


@dataclass(frozen=True, slots=True)
class _Scale:
    first: dt.date
    last: dt.date
    left: float
    right: float

    def __call__(self, day: dt.date) -> float:
        span = max((self.last - self.first).days, 1)
        return round(self.left + (day - self.first).days / span * (self.right - self.left), 1)


def _end_label(row: ModelRow) -> str | None:
    if row.end is None:
        return None
    return (
        f"≥ {row.end.isoformat()}" if row.tentative and not row.retired_on else row.end.isoformat()
    )


def _bar(row: ModelRow, index: int, x_of: _Scale, today: dt.date) -> Bar:
    start = x_of(row.start) if row.start else x_of.left
    firm_end = row.end is not None and not (row.tentative and row.retired_on is None)
    open_ended = not firm_end and row.status != "retired"
    # Undated: solid up to today, open after.
    end = x_of(row.end) if row.end is not None else max(x_of(today), start)
    width = max(end - start, MIN_BAR)
    return Bar(
        row=row,
        y=TOP + index * ROW_HEIGHT,
        x=start,
        width=width,
        open_ended=open_ended,
        tail_width=round(max(x_of.right - (start + width), 0), 1) if open_ended else 0.0,
        deprecated_x=x_of(row.deprecated_on) if row.deprecated_on else None,
        end_x=x_of(row.end) if row.end else None,
        end_label=_end_label(row),
    )


def timeline(rows: Sequence[ModelRow], today: dt.date) -> Timeline:
    ordered = chart_order(rows)
    first, last = _domain(ordered, today)
    x_of = _Scale(first, last, PLOT_LEFT, WIDTH - END_LABEL_WIDTH)
    bars = tuple(_bar(row, index, x_of, today) for index, row in enumerate(ordered))
    bottom = TOP + len(bars) * ROW_HEIGHT
    return Timeline(
        width=WIDTH,
        height=bottom + BOTTOM,
        plot_left=PLOT_LEFT,
        plot_right=WIDTH - END_LABEL_WIDTH,
        top=TOP,
        bottom=bottom,
        bars=bars,
        ticks=tuple(_ticks(first, last, x_of)),
        today_x=x_of(today),
        today=today,
    )
