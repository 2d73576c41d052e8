"""Where each model stands on a day, read from its dates, and what retires within a window:
what `models --as-of`, `upcoming`, the changelogs' "Retiring soon" and the site all ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

import msgspec

from scraper.answers.window import Window
from scraper.terms import Platform, Qualifier, Status

if TYPE_CHECKING:
    from scraper.answers.data import Model


class Dated(Protocol):
    """What standing reads of a model: the read path's plain `data.Model` and the run's
    `records.CanonicalModel` alike."""

    @property
    def model(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def deprecated_on(self) -> dt.date | None: ...
    @property
    def retires_on(self) -> dt.date | None: ...
    @property
    def retires_on_qualifier(self) -> Qualifier | None: ...
    @property
    def platforms(self) -> Mapping[Platform, object]: ...


M = TypeVar("M", bound=Dated)


def status_on(model: Dated, day: dt.date, today: dt.date) -> Status:
    """The model's status on `day`, read from its dates and the page's word.

    A firm retirement date that has passed is a retirement, whatever the page's word (the
    page catches up later); a "not sooner than" date retires nothing when it passes. Today and
    after, the page's word holds otherwise. Before today, a model counts as active before its
    deprecation date (the page does not say when a model became legacy), then as deprecated.
    """
    firm_retirement = model.retires_on if model.retires_on_qualifier is None else None
    if firm_retirement is not None and day >= firm_retirement:
        return "retired"
    if day >= today or model.status in ("active", "legacy"):
        return model.status
    if model.deprecated_on is not None and day < model.deprecated_on:
        return "active"
    return "deprecated" if firm_retirement is not None else model.status


def on_day(models: Sequence[Model], day: dt.date, today: dt.date) -> tuple[Model, ...]:
    """The models with `status` that of `day` (`status_on`), as the commands print them in
    JSON beside their tables; models.json keeps the page's word."""
    dated = []
    for model in models:
        status = status_on(model, day, today)
        same = status == model.status
        dated.append(model if same else msgspec.structs.replace(model, status=status))
    return tuple(dated)


def listed(
    models: Sequence[M],
    day: dt.date,
    today: dt.date,
    *,
    statuses: Collection[Status] | None = None,
    platform: Platform | None = None,
) -> list[M]:
    """The models with one of `statuses` on `day` (all when None) that `platform` lists (all
    when None), in the page's order: what `models` shows."""
    return [
        model
        for model in models
        if (statuses is None or status_on(model, day, today) in statuses)
        and (platform is None or platform in model.platforms)
    ]


def upcoming(
    models: Sequence[M],
    day: dt.date,
    window: Window,
    *,
    today: dt.date,
    include_tentative: bool = False,
) -> list[M]:
    """Models not retired on `day` whose retirement falls in the window from it, soonest first.

    With `include_tentative`, active models whose "not sooner than" date falls in the window
    or has already passed (the next candidates for deprecation) are listed too.
    """
    end = window.end(day)
    chosen = []
    for model in models:
        if model.retires_on is None or status_on(model, day, today) == "retired":
            continue
        if model.retires_on_qualifier is None:
            if day <= model.retires_on <= end:
                chosen.append(model)
        elif include_tentative and model.retires_on <= end:
            chosen.append(model)
    return sorted(chosen, key=lambda model: (model.retires_on or day, model.model))
