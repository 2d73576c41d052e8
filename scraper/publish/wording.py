"""What an event says, in any of the twelve languages and either text style: one sentence per
event type, from the gettext catalogs.

One `Wording` holds what a sentence needs: the language's catalog and date format, its status
words (the page's own: 已棄用, not "deprecated"), and how page text is written in the output
(`publish.MARKDOWN` code spans, or `PLAIN`). `headline` is an event in one sentence, `details`
what a reader may want beneath it; `drift_sentence` tells where a translation stands against
English. English (ISO dates, the lifecycle's own names) is what the changelog, the console, the
commit message and the job summary say; `describe` is that sentence for one event.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from pydantic import JsonValue

from scraper.fetch.sources import LOCALES
from scraper.ids import model_name
from scraper.publish.i18n import N_, Writer
from scraper.read.vocabulary import status_names
from scraper.records import REFERENCE_LOCALE, STATUSES, Status, StatusWords
from scraper.sinks import PLAIN, TextStyle
from scraper.track.diff import CellChange, row_changes
from scraper.track.drift import DriftSubject
from scraper.track.events import Event, EventType
from scraper.track.payloads import (
    AnnouncementFacts,
    BaselineCounts,
    DriftValues,
    EntryFacts,
    HistoryRow,
    ReminderContext,
    RetirementContext,
    RetractionContext,
    RowFacts,
    StatusContext,
    TableFacts,
    TitleContext,
    read,
)

EnglishDates = Callable[[str], tuple[dt.date | None, dt.date | None]]
"""English deprecation and retirement date of a model, for drift sentences."""
Day = dt.date | JsonValue
"""A date: from a typed payload, or a plain value (`before`, `after`: ISO text or null)."""


def _no_facts(model: str) -> tuple[dt.date | None, dt.date | None]:
    return None, None


def _day(value: Day) -> dt.date | None:
    """A typed payload's date as it is; a plain value's ISO text read (anything else: none)."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Wording:
    """How one language, in one text style, tells events (build it with `wording`)."""

    writer: Writer
    status_words: Mapping[Status, str]
    style: TextStyle
    english_facts: EnglishDates = _no_facts
    # The event log by id, and the correction retracting each retracted event (errata).
    logged: Mapping[str, Event] = field(default_factory=dict)
    retractions: Mapping[str, Event] = field(default_factory=dict)

    # -- pieces ---------------------------------------------------------------------------
    def code(self, value: str) -> str:
        return self.style.code(value)

    def text(self, value: str) -> str:
        return self.style.text(value)

    def model(self, model_id: str) -> str:
        """`Claude Opus 4.1 (claude-opus-4-1-20250805)`: the name people use, and the id."""
        name = model_name(model_id)
        return self.code(model_id) if name == model_id else f"{name} ({self.code(model_id)})"

    def status(self, value: JsonValue) -> str:
        """A status in the edition's words: a translation's are its page's, page text."""
        if isinstance(value, str) and value in STATUSES:
            return self.text(self.status_words[value])
        return self.text(str(value))

    def date(self, value: Day) -> str:
        day = _day(value)
        return self.writer.date(day) if day else self.writer.gettext("no date")

    def retirement(self, date: Day, qualifier: str | None) -> str:
        day = _day(date)
        if day is None and qualifier == "to_be_announced":
            return self.writer.gettext("retirement date to be announced")
        if day is None:
            return self.writer.gettext("no retirement date")
        if qualifier == "not_sooner_than":
            return self.writer.gettext("retires not sooner than %(date)s", date=self.date(day))
        return self.writer.gettext("retires on %(date)s", date=self.date(day))

    def history_retirement(self, retires_on: Day, retired_note: Day, day: dt.date) -> str:
        """A history row's retirement as of `day`: "retired on" its section's note or its
        own date once that has passed, else "retires on" its date."""
        retired = HistoryRow(retires_on=_day(retires_on), retired_on=_day(retired_note)).retired_by(
            day
        )
        if retired is not None:
            return self.writer.gettext("retired on %(date)s", date=self.date(retired))
        return self.retirement(retires_on, None)

    def dated(self, date: Day, qualifier: str | None) -> str:
        """A retirement date with its qualifier, as a value: `not sooner than 2026年5月14日`,
        `to be announced`."""
        if qualifier == "to_be_announced" and not _day(date):
            return self.writer.gettext("to be announced")
        if qualifier == "not_sooner_than" and _day(date):
            return self.writer.gettext("not sooner than %(date)s", date=self.date(date))
        return self.date(date)

    def replacement(self, model_id: str | None) -> str:
        if not model_id:
            return self.writer.gettext("no replacement named")
        return self.writer.gettext("replacement: %(replacement)s", replacement=self.model(model_id))

    def join(self, parts: Sequence[str]) -> str:
        return self.writer.gettext("; ").join(part for part in parts if part)

    def behind(self, since: dt.date | None, day: dt.date) -> str | None:
        if since is None or since > day:
            return None
        days = (day - since).days
        return self.writer.ngettext("%(count)d day behind", "%(count)d days behind", days)

    # -- events ---------------------------------------------------------------------------
    def headline(self, event: Event) -> str:
        """The event in one sentence (without the languages it was seen in); a retracted
        event says when and why it was retracted."""
        told = self.sentence(event)
        correction = self.retractions.get(event.id)
        if correction is None:
            return told
        return self.writer.gettext(
            "%(event)s (retracted on %(date)s: %(reason)s)",
            event=told,
            date=self.date(correction.detected_at),
            reason=self.text(read(RetractionContext, correction.context).reason),
        )

    def sentence(self, event: Event) -> str:
        """The event in one sentence, whether or not it was retracted since."""
        return _HEADLINES[event.type](self, event)

    def details(self, event: Event, told: Collection[str] = ()) -> list[str]:
        """Lines that add what the headline leaves out: the models an announcement lists
        (but those in `told`, whose own lines say it already)."""
        if event.type != "announcement_added":
            return []
        section = read(AnnouncementFacts, event.after)
        return [
            self.join(
                [
                    self.model(entry.model),
                    self.history_retirement(
                        entry.retires_on, section.retired_on, event.detected_at
                    ),
                    self.replacement(entry.replacement),
                ]
            )
            for entry in section.entries
            if entry.model not in told
        ]


def describe_locales(locales: Sequence[str]) -> str:
    """The languages an event was seen in: `zh-TW, de`, or `all languages`."""
    if len(locales) == len(LOCALES) and set(locales) == set(LOCALES):
        return "all languages"
    return ", ".join(locales)


def retractions(log: Sequence[Event]) -> dict[str, Event]:
    """The correction of each retracted event, by the retracted event's id."""
    return {
        read(RetractionContext, event.context).retracts: event
        for event in log
        if event.type == "event_retracted"
    }


def wording(
    locale: str,
    style: TextStyle,
    *,
    page_words: StatusWords | None = None,
    log: Sequence[Event] = (),
    english_facts: EnglishDates = _no_facts,
) -> Wording:
    """How `locale` tells events. English: ISO dates and the lifecycle's own names (`retired`),
    as the main changelog writes; another language: its catalog, its long dates and the status
    words of its page (`page_words`, else the built-in ones). `log`: the event log, for
    retractions."""
    english = locale == REFERENCE_LOCALE
    return Wording(
        writer=Writer(locale, dates="iso" if english else "long"),
        status_words={s: s for s in STATUSES} if english else status_names(locale, page_words),
        style=style,
        english_facts=english_facts,
        logged={event.id: event for event in log},
        retractions=retractions(log),
    )


def describe(event: Event, style: TextStyle = PLAIN, locale: str = REFERENCE_LOCALE) -> str:
    """What the event says in one sentence, without the languages it was seen in: the
    changelog's words, for the console, the commit message and the job summary."""
    return wording(locale, style).headline(event)


def _baseline(w: Wording, event: Event) -> str:
    counts = read(BaselineCounts, event.context)
    parts = [
        w.writer.ngettext("%(count)d model", "%(count)d models", counts.models),
        w.writer.ngettext(
            "%(count)d announcement", "%(count)d announcements", counts.announcements
        ),
        w.writer.ngettext("%(count)d other table", "%(count)d other tables", counts.tables),
    ]
    return w.writer.gettext(
        "Started tracking this page: %(counts)s", counts=w.writer.gettext(", ").join(parts)
    )


def _model_added(w: Wording, event: Event) -> str:
    """The model by its name, its status and dates as the row gives them, and the
    replacement the history names for it."""
    row = read(RowFacts, event.after)
    replacement = read(StatusContext, event.context).replacement
    deprecated = (
        w.writer.gettext("deprecated on %(date)s", date=w.date(row.deprecated_on))
        if row.deprecated_on
        else None
    )
    status = deprecated if row.status == "deprecated" and deprecated else w.status(row.status)
    parts = [
        w.writer.gettext(
            "%(model)s added: %(status)s", model=w.model(event.model or ""), status=status
        ),
        deprecated if status != deprecated else None,
        w.writer.gettext("retired on %(date)s", date=w.date(row.retires_on))
        if row.status == "retired" and row.retires_on
        else w.retirement(row.retires_on, row.retires_on_qualifier),
        w.replacement(replacement) if replacement else None,
    ]
    return w.join([part for part in parts if part])


def _model_removed(w: Wording, event: Event) -> str:
    """A model that left the status table on or after the day the history says it retired
    is told as retired, in the words of a status change to retired; otherwise as removed."""
    row = read(RowFacts, event.before)
    history = read(HistoryRow, event.context)
    retired = history.retired_by(event.detected_at)
    if retired is not None and row.status != "retired":
        dates = StatusContext(
            deprecated_on=None,
            retires_on=retired,
            retires_on_qualifier=None,
            replacement=history.replacement,
        )
        return _lifecycle_move(w, event.model or "", row.status, "retired", dates)
    return w.writer.gettext(
        "%(model)s removed from the status table (was %(status)s)",
        model=w.model(event.model or ""),
        status=w.status(row.status),
    )


def _status_changed(w: Wording, event: Event) -> str:
    context = read(StatusContext, event.context)
    return _lifecycle_move(w, event.model or "", event.before, event.after, context)


def _lifecycle_move(
    w: Wording, model: str, before: JsonValue, after: JsonValue, dates: StatusContext
) -> str:
    """`Claude Opus 4.1 (…): active → retired; retired on 2026-08-05; replacement: …`."""
    parts = [
        w.writer.gettext(
            "%(model)s: %(before)s → %(after)s",
            model=w.model(model),
            before=w.status(before),
            after=w.status(after),
        )
    ]
    if after == "deprecated" and dates.deprecated_on:
        parts.append(w.writer.gettext("deprecated on %(date)s", date=w.date(dates.deprecated_on)))
    if dates.retires_on:
        if after == "retired":
            parts.append(w.writer.gettext("retired on %(date)s", date=w.date(dates.retires_on)))
        else:
            parts.append(w.retirement(dates.retires_on, dates.retires_on_qualifier))
        if dates.replacement:
            parts.append(w.replacement(dates.replacement))
    return w.join(parts)


def _retirement_date_changed(w: Wording, event: Event) -> str:
    model = w.model(event.model or "")
    if event.announcement is not None:  # a history row: plain dates, no context
        return w.writer.gettext(
            "%(model)s: retirement date in the announcement of %(announcement)s %(before)s → %(after)s",
            model=model,
            announcement=w.date(event.announcement),
            before=w.date(event.before),
            after=w.date(event.after),
        )
    context = read(RetirementContext, event.context)
    qualifier_only = event.field == "retires_on_qualifier"
    old = context.retires_on if qualifier_only else _day(event.before)
    new = context.retires_on if qualifier_only else _day(event.after)
    if old is not None and old == new:  # the same date, now firm or now tentative
        template = (
            N_("%(model)s: the retirement date %(date)s is now firm")
            if context.qualifier_after is None
            else N_("%(model)s: the retirement date %(date)s is now tentative (not sooner than)")
        )
        return w.writer.gettext(template, model=model, date=w.date(new))
    before = w.dated(old, context.qualifier_before)
    after = w.dated(new, context.qualifier_after)
    if old is None and context.qualifier_before is None:  # a date where there was none
        return w.writer.gettext(
            "%(model)s: retirement date now %(after)s", model=model, after=after
        )
    if new is None and context.qualifier_after is None:
        return w.writer.gettext(
            "%(model)s: no retirement date any more (was %(before)s)", model=model, before=before
        )
    return w.writer.gettext(
        "%(model)s: retirement date %(before)s → %(after)s", model=model, before=before, after=after
    )


def _model_or_none(w: Wording, value: JsonValue) -> str:
    return w.model(str(value)) if value else w.writer.gettext("none")


def _before_after(
    template: str, value: Callable[[Wording, JsonValue], str]
) -> Callable[[Wording, Event], str]:
    """A sentence with the model, its value `before` → `after` (and its announcement)."""

    def tell(w: Wording, event: Event) -> str:
        return w.writer.gettext(
            template,
            model=w.model(event.model or ""),
            before=value(w, event.before),
            after=value(w, event.after),
            announcement=w.date(event.announcement),
        )

    return tell


_deprecation_date_changed = _before_after(
    N_("%(model)s: deprecation date %(before)s → %(after)s"), Wording.date
)
_replacement_changed = _before_after(
    N_(
        "%(model)s: recommended replacement %(before)s → %(after)s (announcement of %(announcement)s)"
    ),
    _model_or_none,
)


def _announcement_added(w: Wording, event: Event) -> str:
    return w.writer.gettext(
        "New announcement of %(date)s: %(title)s",
        date=w.date(event.announcement),
        title=w.text(read(AnnouncementFacts, event.after).title),
    )


def _announcement_removed(w: Wording, event: Event) -> str:
    return w.writer.gettext(
        "Announcement of %(date)s removed: %(title)s",
        date=w.date(event.announcement),
        title=w.text(read(AnnouncementFacts, event.before).title),
    )


def _announcement_changed(w: Wording, event: Event) -> str:
    values = {
        "date": w.date(event.announcement),
        "title": w.text(read(TitleContext, event.context).title),
    }
    if event.field == "retired_on":
        if event.before is None:
            template = N_(
                "Announcement of %(date)s (%(title)s): its models were retired on %(after)s"
            )
        elif event.after is None:
            template = N_(
                "Announcement of %(date)s (%(title)s): the note that its models were retired on %(before)s is gone"
            )
        else:
            template = N_("Announcement of %(date)s (%(title)s): retired on %(before)s → %(after)s")
        return w.writer.gettext(
            template, before=w.date(event.before), after=w.date(event.after), **values
        )
    model = w.model(event.model or "")
    if event.after is not None:
        retires_on = read(EntryFacts, event.after).retires_on
        return w.writer.gettext(
            "Announcement of %(date)s (%(title)s): %(model)s added, %(retirement)s",
            model=model,
            retirement=w.history_retirement(retires_on, None, event.detected_at),
            **values,
        )
    return w.writer.gettext(
        "Announcement of %(date)s (%(title)s): %(model)s removed", model=model, **values
    )


def _table_changed(w: Wording, event: Event) -> str:
    before = None if event.before is None else read(TableFacts, event.before)
    after = None if event.after is None else read(TableFacts, event.after)
    either = after or before
    section = w.text(either.section if either else "")
    if before is None:
        return w.writer.gettext("New table in section “%(section)s”", section=section)
    if after is None:
        return w.writer.gettext("Table removed from section “%(section)s”", section=section)
    changes = row_changes(before, after)
    parts = [
        w.writer.ngettext("%(count)d row added", "%(count)d rows added", changes.added)
        if changes.added
        else "",
        w.writer.ngettext("%(count)d row removed", "%(count)d rows removed", changes.removed)
        if changes.removed
        else "",
    ]
    if len(changes.cells) > _CELLS_TOLD:
        parts.append(
            w.writer.ngettext(
                "%(count)d cell changed", "%(count)d cells changed", len(changes.cells)
            )
        )
    else:
        parts.extend(_cell_change(w, cell) for cell in changes.cells)
    return w.writer.gettext(
        "Table in section “%(section)s” changed: %(changes)s",
        section=section,
        changes=w.join(parts),
    )


# Cell changes told one by one; more are counted.
_CELLS_TOLD = 2


def _cell_change(w: Wording, cell: CellChange) -> str:
    return w.writer.gettext(
        "“%(row)s”, %(column)s: “%(before)s” → “%(after)s”",
        row=w.text(cell.row),
        column=w.text(cell.column),
        before=w.text(cell.before),
        after=w.text(cell.after),
    )


def _reminder(w: Wording, event: Event) -> str:
    return w.writer.ngettext(
        "Reminder: %(model)s retires on %(date)s, in %(count)d day",
        "Reminder: %(model)s retires on %(date)s, in %(count)d days",
        read(ReminderContext, event.context).days_left,
        model=w.model(event.model or ""),
        date=w.date(event.after),
    )


def _platform_status_changed(w: Wording, event: Event) -> str:
    return w.writer.gettext(
        "%(model)s on %(platform)s: %(before)s → %(after)s (that platform's own status)",
        model=w.model(event.model or ""),
        platform=w.code(str(event.field)),
        before=w.status(event.before) if event.before else w.writer.gettext("none"),
        after=w.status(event.after) if event.after else w.writer.gettext("none"),
    )


def _platform_id(w: Wording, event: Event) -> str:
    """An id a platform now lists for a model (`after`), or no longer lists (`before`)."""
    added = event.type == "platform_id_added"
    template = (
        N_("%(model)s on %(platform)s: now also called %(id)s")
        if added
        else N_("%(model)s on %(platform)s: no longer listed as %(id)s")
    )
    return w.writer.gettext(
        template,
        model=w.model(event.model or ""),
        platform=w.code(str(event.field)),
        id=w.code(str(event.after if added else event.before)),
    )


def _aliases(w: Wording, value: JsonValue) -> str:
    """A plain list of alias ids (alias_changed carries no payload model)."""
    aliases = [w.code(str(alias)) for alias in value] if isinstance(value, list) else []
    return w.join(aliases) if aliases else w.writer.gettext("none")


_alias_changed = _before_after(N_("%(model)s: Claude API aliases %(before)s → %(after)s"), _aliases)


def _locale_drift(w: Wording, event: Event) -> str:
    """One sentence, with every language the drift was seen in as its subject."""
    return drift_sentence(w, drift_fact(event, describe_locales(event.locales)))


def _retraction(w: Wording, event: Event) -> str:
    correction = read(RetractionContext, event.context)
    retracted = w.logged.get(correction.retracts)
    return w.writer.gettext(
        "Retracted: %(event)s — reason: %(reason)s",
        event=w.sentence(retracted) if retracted else w.code(correction.retracts),
        reason=w.text(correction.reason),
    )


_HEADLINES: Mapping[EventType, Callable[[Wording, Event], str]] = {
    "baseline_recorded": _baseline,
    "model_added": _model_added,
    "model_removed": _model_removed,
    "status_changed": _status_changed,
    "deprecation_date_changed": _deprecation_date_changed,
    "retirement_date_changed": _retirement_date_changed,
    "replacement_changed": _replacement_changed,
    "announcement_added": _announcement_added,
    "announcement_removed": _announcement_removed,
    "announcement_changed": _announcement_changed,
    "table_changed": _table_changed,
    "locale_drift": _locale_drift,
    "retirement_reminder": _reminder,
    "platform_status_changed": _platform_status_changed,
    "platform_id_added": _platform_id,
    "platform_id_removed": _platform_id,
    "alias_changed": _alias_changed,
    "event_retracted": _retraction,
}


# -- translation drift -----------------------------------------------------------------------

_DRIFT_SUBJECTS: Mapping[str, str] = {
    "status": N_("the status of %(model)s"),
    "listed": N_("whether %(model)s is listed"),
    "deprecated_on": N_("the deprecation date of %(model)s"),
    "retires_on": N_("the retirement date of %(model)s"),
    "retires_on_qualifier": N_("whether the retirement date of %(model)s is firm"),
    "replacement": N_("the replacement for %(model)s"),
    "announcement": N_("the announcement of %(date)s"),
    "retired_on": N_("the retirement note of the announcement of %(date)s"),
    "tables": N_("the number of other tables"),
}


@dataclass(frozen=True, slots=True)
class Copies:
    """The dates of the copies of the English page and of a translation that were compared."""

    english: dt.date
    translated: dt.date


# Which page is newer: (English's, the translation's), as a clause and as a sentence.
_NEWER_CLAUSE = (
    N_("the English page is newer (%(english)s; %(language)s: %(translated)s)"),
    N_("the %(language)s page is newer (%(translated)s; English: %(english)s)"),
)
_NEWER_SENTENCE = (
    N_("The English page is newer: %(english)s; the %(language)s page: %(translated)s."),
    N_("The %(language)s page is newer: %(translated)s; the English page: %(english)s."),
)


def _newer(w: Wording, language: str, copies: Copies, templates: tuple[str, str]) -> str:
    english_newer, translation_newer = templates
    return w.writer.gettext(
        english_newer if copies.english > copies.translated else translation_newer,
        language=language,
        english=w.date(copies.english),
        translated=w.date(copies.translated),
    )


def newer_copy(w: Wording, language: str, copies: Copies) -> str | None:
    """Which of the two pages compared is the newer, by their copies' dates (none when the
    same): `the English page is newer (2026-10-10; zh-TW: 2025-12-20)`."""
    if copies.english == copies.translated:
        return None
    return _newer(w, language, copies, _NEWER_CLAUSE)


def copies_sentence(w: Wording, language: str, copies: Copies) -> str:
    """The same, as a sentence of its own: where a translation stands now."""
    if copies.english == copies.translated:
        return w.writer.gettext(
            "The English and the %(language)s page were last changed the same day, %(date)s.",
            language=language,
            date=w.date(copies.english),
        )
    return _newer(w, language, copies, _NEWER_SENTENCE)


@dataclass(frozen=True, slots=True)
class DriftFact:
    """One disagreement of a translation with English, appearing or ending on `seen`."""

    language: str
    model: str | None
    field: str
    english: JsonValue
    translated: JsonValue
    appeared: bool
    seen: dt.date
    copies: Copies | None = None  # the dates of the two pages compared, where known
    # A retirement date's qualifiers (English's, the translation's) where they differ too.
    qualifiers: tuple[JsonValue, JsonValue] | None = None


def drift_fact(event: Event, language: str) -> DriftFact:
    """A locale_drift event as one fact, seen in `language` (one locale, or a list of them)."""
    values = read(DriftValues, event.after if event.after is not None else event.before)
    return DriftFact(
        language=language,
        model=event.model,
        field=event.field or "",
        english=values.english,
        translated=values.translated,
        appeared=event.after is not None,
        seen=event.detected_at,
    )


def drift_facts(event: Event) -> list[DriftFact]:
    """A locale_drift event as one fact per language it was seen in."""
    return [drift_fact(event, locale) for locale in event.locales]


# Dates a status disagreement already tells: "still shows it as active; English retired it on …".
_TOLD_BY_STATUS = {"deprecated_on", "retires_on", "retires_on_qualifier"}
# What only a status-table row says: compared only while both tables list the model.
_ROW_FIELDS = {"status", *_TOLD_BY_STATUS}


def fold_drift_dates(facts: Sequence[DriftFact]) -> list[DriftFact]:
    """Drop the date disagreements of a model whose status disagreement says them already,
    and the status-table disagreements that end because one of the two tables no longer
    lists the model (that is no agreement: the listing sentence tells it); a retirement
    date that differs with its qualifier is one fact ("gives not sooner than … as the
    retirement date; English gives no date"), never "English shows it as firm"."""

    def key(fact: DriftFact) -> tuple[object, ...]:
        return (fact.language, fact.model, fact.appeared, fact.seen)

    status = {key(fact) for fact in facts if fact.field == "status"}
    unlisted = {key(f) for f in facts if f.field == "listed" and f.appeared}
    kept = [
        fact
        for fact in facts
        if not (fact.field in _TOLD_BY_STATUS and key(fact) in status)
        and not (
            fact.field in _ROW_FIELDS
            and not fact.appeared
            and (fact.language, fact.model, True, fact.seen) in unlisted
        )
    ]
    dated = {key(fact) for fact in kept if fact.field == "retires_on"}
    qualifiers = {
        key(fact): (fact.english, fact.translated)
        for fact in kept
        if fact.field == "retires_on_qualifier"
    }
    return [
        replace(fact, qualifiers=qualifiers.get(key(fact))) if fact.field == "retires_on" else fact
        for fact in kept
        if not (fact.field == "retires_on_qualifier" and key(fact) in dated)
    ]


def _drift_field(fact: DriftFact) -> tuple[str, dt.date | None]:
    """`status`, ... or `announcement` / `retired_on` with the announcement's date."""
    subject = DriftSubject.parse(fact.field)
    if subject.announcement is None:
        return fact.field, None
    return ("announcement" if subject.aspect == "section" else subject.aspect), subject.announcement


def drift_subject(w: Wording, fact: DriftFact) -> str:
    """What a translation disagrees on: `the status of Claude Opus 4.1 (…)`."""
    field, day = _drift_field(fact)
    template = _DRIFT_SUBJECTS.get(field)
    if template is None:
        return w.code(fact.field)
    return w.writer.gettext(template, model=w.model(fact.model or ""), date=w.date(day))


def drift_sentence(w: Wording, fact: DriftFact) -> str:
    """`zh-TW still shows Claude Opus 4.1 as active; English retired it on …`."""
    if not fact.appeared:
        return w.writer.gettext(
            N_("English now agrees with %(language)s on %(subject)s")
            if _english_moved(fact)
            else N_("%(language)s agrees with English again on %(subject)s"),
            language=fact.language,
            subject=drift_subject(w, fact),
        )
    field, day = _drift_field(fact)
    tell = _DRIFT.get(field)
    if tell is None:
        told = w.writer.gettext(
            "%(language)s differs from English on %(subject)s",
            language=fact.language,
            subject=drift_subject(w, fact),
        )
    else:
        facts = _DriftFacts(
            fact.language,
            w.model(fact.model or ""),
            fact.model or "",
            day,
            fact.seen,
            fact.qualifiers,
        )
        told = tell(w, facts, fact.english, fact.translated)
    newer = newer_copy(w, fact.language, fact.copies) if fact.copies else None
    return w.join([told, newer]) if newer else told


def _english_moved(fact: DriftFact) -> bool:
    """A disagreement that ended because the English page changed that day, while the
    translation's copy is older: English caught up with it, not the other way round."""
    copies = fact.copies
    return copies is not None and copies.english == fact.seen and copies.translated < fact.seen


@dataclass(frozen=True, slots=True)
class _DriftFacts:
    language: str
    model: str
    model_id: str
    announcement: dt.date | None
    seen: dt.date
    qualifiers: tuple[JsonValue, JsonValue] | None = None


def _drift_status(w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue) -> str:
    deprecated_on, retires_on = w.english_facts(facts.model_id)
    behind_of = {"retired": retires_on, "deprecated": deprecated_on}
    since = behind_of.get(str(english))
    behind = w.behind(since, facts.seen) if _earlier(translated, english) else None
    values = {
        "language": facts.language,
        "model": facts.model,
        "translated": w.status(translated),
        "english": w.status(english),
    }
    if since is not None and behind is not None:
        template = (
            N_(
                "%(language)s still shows %(model)s as %(translated)s; English retired it on %(date)s (%(behind)s)"
            )
            if english == "retired"
            else N_(
                "%(language)s still shows %(model)s as %(translated)s; English deprecated it on %(date)s (%(behind)s)"
            )
        )
        return w.writer.gettext(template, date=w.date(since), behind=behind, **values)
    return w.writer.gettext(
        "%(language)s shows %(model)s as %(translated)s; English shows it as %(english)s", **values
    )


def _earlier(translated: JsonValue, english: JsonValue) -> bool:
    """The translation shows an earlier stage of the lifecycle than English."""
    if translated not in STATUSES or english not in STATUSES:
        return False
    return STATUSES.index(translated) < STATUSES.index(english)


def _drift_listed(w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue) -> str:
    template = (
        N_("%(language)s does not list %(model)s; English does")
        if english
        else N_("%(language)s lists %(model)s; English does not")
    )
    return w.writer.gettext(template, language=facts.language, model=facts.model)


def _drift_date(field: str) -> Callable[[Wording, _DriftFacts, JsonValue, JsonValue], str]:
    template = (
        N_(
            "%(language)s gives %(translated)s as the deprecation date of %(model)s; English gives %(english)s"
        )
        if field == "deprecated_on"
        else N_(
            "%(language)s gives %(translated)s as the retirement date of %(model)s; English gives %(english)s"
        )
    )

    def tell(w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue) -> str:
        english_qualifier, translated_qualifier = facts.qualifiers or (None, None)
        if _announced_later(translated, translated_qualifier):
            said = _TRANSLATION_TO_BE_ANNOUNCED
        elif _announced_later(english, english_qualifier):
            said = _ENGLISH_TO_BE_ANNOUNCED
        else:
            said = template
        return w.writer.gettext(
            said,
            language=facts.language,
            model=facts.model,
            translated=w.dated(translated, _qualifier(translated_qualifier)),
            english=w.dated(english, _qualifier(english_qualifier)),
        )

    return tell


def _qualifier(value: JsonValue) -> str | None:
    return value if isinstance(value, str) else None


# A side whose retirement date is "to be announced" says so, rather than "gives to be announced".
_TRANSLATION_TO_BE_ANNOUNCED = N_(
    "%(language)s says the retirement date of %(model)s is to be announced; English gives %(english)s"
)
_ENGLISH_TO_BE_ANNOUNCED = N_(
    "%(language)s gives %(translated)s as the retirement date of %(model)s; English says it is to be announced"
)


def _announced_later(date: JsonValue, qualifier: JsonValue) -> bool:
    return qualifier == "to_be_announced" and not date


def _drift_qualifier(
    w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue
) -> str:
    if "to_be_announced" in (english, translated):
        template = (
            N_(
                "%(language)s says the retirement date of %(model)s is to be announced; English does not"
            )
            if translated == "to_be_announced"
            else N_(
                "English says the retirement date of %(model)s is to be announced; %(language)s does not"
            )
        )
        return w.writer.gettext(template, language=facts.language, model=facts.model)
    template = (
        N_(
            "%(language)s shows the retirement date of %(model)s as tentative; English shows it as firm"
        )
        if translated == "not_sooner_than"
        else N_(
            "%(language)s shows the retirement date of %(model)s as firm; English shows it as tentative"
        )
    )
    return w.writer.gettext(template, language=facts.language, model=facts.model)


def _drift_replacement(
    w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue
) -> str:
    return w.writer.gettext(
        "%(language)s names %(translated)s as the replacement for %(model)s; English names %(english)s",
        language=facts.language,
        model=facts.model,
        translated=_model_or_none(w, translated),
        english=_model_or_none(w, english),
    )


def _drift_announcement(
    w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue
) -> str:
    behind = w.behind(facts.announcement, facts.seen)
    if english and behind is not None:
        return w.writer.gettext(
            "%(language)s does not have the announcement of %(date)s yet (%(behind)s)",
            language=facts.language,
            date=w.date(facts.announcement),
            behind=behind,
        )
    template = (
        N_("%(language)s does not have the announcement of %(date)s; English does")
        if english
        else N_("%(language)s has an announcement of %(date)s that English does not")
    )
    return w.writer.gettext(template, language=facts.language, date=w.date(facts.announcement))


def _drift_retired_note(
    w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue
) -> str:
    behind = w.behind(_day(english), facts.seen)
    values = {"language": facts.language, "date": w.date(facts.announcement)}
    if translated is None and behind is not None:
        return w.writer.gettext(
            "%(language)s does not say yet that the models of the announcement of %(date)s were retired; English says they were retired on %(english)s (%(behind)s)",
            english=w.date(english),
            behind=behind,
            **values,
        )
    return w.writer.gettext(
        "%(language)s gives %(translated)s as the day the models of the announcement of %(date)s were retired; English gives %(english)s",
        translated=w.date(translated),
        english=w.date(english),
        **values,
    )


def _drift_tables(w: Wording, facts: _DriftFacts, english: JsonValue, translated: JsonValue) -> str:
    return w.writer.ngettext(
        "%(language)s has %(count)d other table; English has %(english)s",
        "%(language)s has %(count)d other tables; English has %(english)s",
        translated if isinstance(translated, int) else 0,
        language=facts.language,
        english=english,
    )


_DRIFT: Mapping[str, Callable[[Wording, _DriftFacts, JsonValue, JsonValue], str]] = {
    "status": _drift_status,
    "listed": _drift_listed,
    "deprecated_on": _drift_date("deprecated_on"),
    "retires_on": _drift_date("retires_on"),
    "retires_on_qualifier": _drift_qualifier,
    "replacement": _drift_replacement,
    "announcement": _drift_announcement,
    "retired_on": _drift_retired_note,
    "tables": _drift_tables,
}
