"""The check between parse and snapshot: never store or publish a page that looks broken.

A docs layout change usually shows as a parse that finds less, not as an error: a status
table that lost most of its rows, columns that no longer hold what they held. Such a page is
rejected (its previous snapshot stays as it was) unless the shrink is explained or a person
accepts it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from scraper.records import PageContent, RelatedPageContent
from scraper.track.diff import pair_tables

# More than this share of the status table's rows gone at once is suspicious.
SHRINK_LIMIT = Fraction(1, 3)


@dataclass(frozen=True, slots=True)
class Rejection:
    """Why a language's page was not stored: the check that failed and what it saw."""

    locale: str
    check: str
    detail: str

    def line(self) -> str:
        return f"{self.locale}: rejected by the {self.check} check: {self.detail}"


@dataclass(frozen=True, slots=True)
class Verdict:
    rejection: Rejection | None
    notes: tuple[str, ...] = ()


def _shrunk(before: int, after: int) -> bool:
    return before > 0 and Fraction(before - after, before) > SHRINK_LIMIT


def check_page(previous: PageContent | None, new: PageContent, *, accept_shrink: bool) -> Verdict:
    """Accept or reject a freshly parsed page, compared with what was stored before."""
    locale = new.locale
    if not new.models:
        return Verdict(Rejection(locale, "status-table", "the model status table has no rows"))
    column_problem = _column_problem(previous, new)
    if column_problem:
        return Verdict(Rejection(locale, "columns", column_problem))
    if previous is None:
        return Verdict(None)
    notes: list[str] = []
    in_history = {entry.model for a in new.announcements for entry in a.entries}
    current = {model.model for model in new.models}
    gone = [model.model for model in previous.models if model.model not in current]
    if _shrunk(len(previous.models), len(new.models)):
        unexplained = [model for model in gone if model not in in_history]
        summary = f"status table has {len(new.models)} rows, previously {len(previous.models)}"
        if not unexplained:
            notes.append(
                f"{locale}: {summary}; the {len(gone)} models that left it are still in the "
                "deprecation history (accepted)"
            )
        elif accept_shrink:
            notes.append(f"{locale}: {summary} (accepted with --accept-shrink)")
        else:
            missing = listed(unexplained)
            return Verdict(
                Rejection(
                    locale,
                    "row-count",
                    f"{summary}, and {len(unexplained)} of the missing models are not in the "
                    f"history either ({missing}); pass --accept-shrink if that is real",
                )
            )
    for check, problem in (
        ("history", _history_loss(previous, new)),
        ("tables", _tables_lost(previous, new)),
    ):
        if problem and accept_shrink:
            notes.append(f"{locale}: {problem} (accepted with --accept-shrink)")
        elif problem:
            return Verdict(
                Rejection(locale, check, f"{problem}; pass --accept-shrink if that is real")
            )
    return Verdict(None, tuple(notes))


def _tables_lost(previous: PageContent, new: PageContent) -> str | None:
    """Other tables gone from the page: how a page cut at a section boundary looks."""
    gone = pair_tables(previous.tables, new.tables).removed
    if not gone:
        return None
    named = [f"{table.section!r} ({' | '.join(table.header)})" for table in gone]
    return f"{len(gone)} table(s) gone: {listed(named)}"


def _history_loss(previous: PageContent, new: PageContent) -> str | None:
    """Sections or entries gone from the deprecation history, which the page only ever adds to.

    A page cut short (a truncated body that still parses) loses its oldest sections and
    entries first: that is how a truncation looks once the status table is intact.
    """
    sections: dict[dt.date, set[str]] = {}
    for announcement in new.announcements:
        sections.setdefault(announcement.announced_on, set()).update(
            entry.model for entry in announcement.entries
        )
    gone = [
        a.announced_on.isoformat() for a in previous.announcements if a.announced_on not in sections
    ]
    if gone:
        return (
            f"{len(new.announcements)} deprecation-history sections, previously "
            f"{len(previous.announcements)} ({listed(gone)} gone)"
        )
    left = [
        f"{entry.model} ({a.announced_on.isoformat()})"
        for a in previous.announcements
        for entry in a.entries
        if entry.model not in sections[a.announced_on]
    ]
    if left:
        return f"{len(left)} models left their deprecation-history sections: {listed(left)}"
    return None


def listed(items: Sequence[str], limit: int = 5) -> str:
    """The first few items of a problem, for a one-line reason: `a, b, c …`."""
    return ", ".join(items[:limit]) + (" …" if len(items) > limit else "")


def _column_problem(previous: PageContent | None, new: PageContent) -> str | None:
    """The status table's columns no longer hold model, status, deprecation, retirement."""
    if previous is not None and len(previous.status_columns) != len(new.status_columns):
        return (
            f"the status table has {len(new.status_columns)} columns "
            f"({' | '.join(new.status_columns)}), previously {len(previous.status_columns)}"
        )
    # Only rows with both dates can tell: active models have no deprecation date, and
    # they are most of the table, so counting them would hide a swap.
    both_dates = [m for m in new.models if m.deprecated_on and m.retires_on]
    backwards = [
        model.model
        for model in both_dates
        if model.deprecated_on and model.retires_on and model.deprecated_on > model.retires_on
    ]
    if backwards and len(backwards) * 2 >= len(both_dates):
        return (
            f"deprecation dates fall after retirement dates for {', '.join(backwards[:3])}: "
            "the date columns look swapped or renamed"
        )
    return None


# -- the related pages (models overview, platform pages) ----------------------------------


def _ids(page: RelatedPageContent) -> list[str]:
    """Every id the page lists: a platform page's, and each one the overview's comparison
    tables give (a row of them lost takes ids away as surely as a column)."""
    compared = (
        written
        for model in page.compared
        for written in (model.api_id, model.alias, model.bedrock_id, model.vertex_id)
        if written is not None
    )
    return [model.id for model in page.models] + list(dict.fromkeys(compared))


def ids_gone(previous: RelatedPageContent | None, new: RelatedPageContent) -> tuple[str, ...]:
    """The ids the page listed before and lists no more."""
    after = set(_ids(new))
    return tuple(model for model in _ids(previous) if model not in after) if previous else ()


def check_related_page(
    previous: RelatedPageContent | None,
    new: RelatedPageContent,
    *,
    accept_shrink: bool,
    key: str,
) -> Verdict:
    """Reject a related page that lists fewer models than before: a platform page cut at a
    row boundary still ends as pages end, and only its lost rows tell. A platform dropping
    a model is real too, so a person accepts it (`--accept-shrink`)."""
    if previous is None:
        return Verdict(None)
    before, after = _ids(previous), _ids(new)
    if len(after) >= len(before):
        return Verdict(None)
    gone = ids_gone(previous, new)
    summary = f"the page lists {len(after)} model ids, previously {len(before)}"
    if accept_shrink:
        return Verdict(None, (f"{key}: {summary} (accepted with --accept-shrink)",))
    return Verdict(
        Rejection(
            key,
            "row-count",
            f"{summary} ({listed(gone)} gone); pass --accept-shrink if that is real",
        )
    )
