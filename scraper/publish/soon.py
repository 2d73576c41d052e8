"""What "Retiring soon" holds, as of a date: the facts, which `compose` words.

Firm retirements in the window first, then the "not sooner than" dates in it (or passed) of
models that have had a deprecation notice. Apart: the models that have had none, whose "not
sooner than" date is in the window or passed, and the deprecated ones whose retirement date is
still to be announced; under the page's rule of at least `NOTICE_DAYS` days' notice, none of
them can retire before the date `earliest` gives.

The list is dated: it is as of the first day it has held the same models (`as_of`), never
before the log's last change, so it changes only on the day a model enters or leaves it and a
reader later on knows from when its dates are told.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from scraper.answers.standing import status_on, upcoming
from scraper.answers.window import Window
from scraper.records import CanonicalModel

RETIRING_WINDOW = Window(90, "d")
# "Anthropic notifies customers … providing at least 60 days' notice before model retirement
# for publicly released models": the page's own rule, in every copy of it so far.
NOTICE_DAYS = 60


def has_notice(model: CanonicalModel) -> bool:
    """The page has announced the model's deprecation (its status, a deprecation date, or a
    history section listing it): a "not sooner than" date is then a date it may retire on."""
    return (
        model.status in ("deprecated", "retired")
        or model.deprecated_on is not None
        or model.announced_on is not None
    )


@dataclass(frozen=True, slots=True)
class Candidates:
    """The models "Retiring soon" lists on a day, in the order it lists them."""

    firm: tuple[CanonicalModel, ...]  # a firm date in the window
    noticed: tuple[CanonicalModel, ...]  # "not sooner than" in the window or passed, announced
    unannounced: tuple[CanonicalModel, ...]  # no retirement announced: see `earliest`

    def facts(self) -> tuple[tuple[tuple[object, ...], ...], ...]:
        """What the list says of each model, for telling two lists apart."""
        return tuple(
            tuple((m.model, m.retires_on, m.retires_on_qualifier, m.replacement) for m in models)
            for models in (self.firm, self.noticed, self.unannounced)
        )


def candidates(models: Sequence[CanonicalModel], day: dt.date, today: dt.date) -> Candidates:
    """The models "Retiring soon" lists on `day` (the page's statuses are those of `today`)."""
    listed = upcoming(models, day, RETIRING_WINDOW, today=today, include_tentative=True)
    tentative = [model for model in listed if model.retires_on_qualifier is not None]
    undated = [
        model
        for model in models
        if model.retires_on_qualifier == "to_be_announced"
        and status_on(model, day, today) != "retired"
    ]
    return Candidates(
        firm=tuple(model for model in listed if model.retires_on_qualifier is None),
        noticed=tuple(model for model in tentative if has_notice(model)),
        unannounced=(*(model for model in tentative if not has_notice(model)), *undated),
    )


def earliest(model: CanonicalModel, as_of: dt.date) -> dt.date:
    """The first day a model without a retirement announcement could retire, as of a day: not
    before its "not sooner than" date, nor before the page's notice after that day."""
    notice = as_of + dt.timedelta(days=NOTICE_DAYS)
    return max(notice, model.retires_on) if model.retires_on else notice


def as_of(models: Sequence[CanonicalModel], today: dt.date, since: dt.date | None) -> dt.date:
    """The first day the list has held the same models, back to `since` (the log's last
    change: before it, the page said otherwise); today without one."""
    listed = ids(candidates(models, today, today))
    day = today
    while since is not None and day > since:
        before = day - dt.timedelta(days=1)
        if ids(candidates(models, before, before)) != listed:  # as a run that day listed them
            break
        day = before
    return day


def ids(found: Candidates) -> tuple[frozenset[str], ...]:
    """Which models the list holds, in which part (not in which order)."""
    return tuple(
        frozenset(model.model for model in models)
        for models in (found.firm, found.noticed, found.unannounced)
    )
