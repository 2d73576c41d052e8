"""Time only moves forward: a run or a retraction is dated no earlier than the newest day of
the log, no later than today, and no earlier than a date the pages themselves give as past.

A wrong date is the user's (`--as-of`: exit 2) or the machine's clock (exit 5: nothing can be
dated right until it is fixed). Either way nothing is written, and the message names both dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.errors import ClockError, DeprecationsError, InputError
from scraper.records import PageContent
from scraper.track.plausibility import stated_past


def _wrong(option: bool, as_option: str, as_clock: str) -> DeprecationsError:
    return InputError(as_option) if option else ClockError(as_clock)


def check_day(
    day: dt.date, *, today: dt.date, newest: dt.date | None, option: bool, log: str
) -> None:
    """Refuse a day after `today` (UTC) or before the newest day of the log (`log`: its name
    in messages); `option`: the day is --as-of's, not the clock's."""
    if day > today:
        raise InputError(
            f"--as-of {day} is after today ({today}, UTC): changes are recorded under the day "
            "they were seen"
        )
    if newest is not None and day < newest:
        raise _wrong(
            option,
            f"--as-of {day} is before {newest}, the newest day in {log}; a backfill goes "
            "oldest first, into an empty snapshots directory",
            f"today is {day} by this machine's clock (UTC), before {newest}, the newest day in "
            f"{log}: is the clock behind? nothing was written",
        )


@dataclass(frozen=True, slots=True)
class StatedPast:
    """A date a page read now gives as past, after the run's day."""

    locale: str
    day: dt.date
    what: str


def stated_after(pages: Sequence[PageContent | None], day: dt.date) -> StatedPast | None:
    """The first page that gives as past a date after `day`."""
    for page in pages:
        stated = stated_past(page) if page is not None else None
        if page is not None and stated is not None and stated[0] > day:
            return StatedPast(page.locale, *stated)
    return None


def check_stated(pages: Sequence[PageContent | None], day: dt.date, *, option: bool) -> None:
    """Refuse a run dated before a date its pages give as past (the newest announcement, a
    "were retired on" note): the page cannot say so yet on that day."""
    late = stated_after(pages, day)
    if late is None:
        return
    raise _wrong(
        option,
        f"--as-of {day} is before {late.day}, which the {late.locale} page gives as past "
        f"({late.what}); record a saved copy under its own day or later",
        f"today is {day} by this machine's clock (UTC), before {late.day}, which the "
        f"{late.locale} page gives as past ({late.what}): is the clock behind? nothing was "
        "written",
    )
