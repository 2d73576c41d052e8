"""Events as English text: one sentence per event, escaped for the format it lands in.

One describing function per event type, reading the event's typed payloads. Pure: the same
events give the same text. The changelogs and feeds in every language are `scraper.wording`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from scraper.drift import DriftSubject
from scraper.events import Event, EventType
from scraper.payloads import (
    AnnouncementFacts,
    BaselineCounts,
    DriftValues,
    EntryFacts,
    ReminderContext,
    RetirementContext,
    RowFacts,
    StatusContext,
    TableFacts,
    TitleContext,
    read,
)
from scraper.sources import LOCALES

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How page-derived text is written in one output format."""

    code: Callable[[str], str]
    text: Callable[[str], str]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def markdown_code(value: str) -> str:
    """A code span that shows `value` literally, whatever backticks it contains."""
    value = _one_line(value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def markdown_text(value: str) -> str:
    """Plain text in Markdown: no markup, links, HTML or table cells can come from it."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(value))


MARKDOWN = TextStyle(code=markdown_code, text=markdown_text)
PLAIN = TextStyle(code=_one_line, text=_one_line)


def _date(value: object) -> str:
    return str(value) if value else "none"


def _retirement(date: object, qualifier: object) -> str:
    if not date:
        return "no retirement date"
    return (
        f"retires not sooner than {date}" if qualifier == "not_sooner_than" else f"retires {date}"
    )


def _replacement(style: TextStyle, replacement: object) -> str:
    return f" (replacement {style.code(str(replacement))})" if replacement else ""


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _model(event: Event, style: TextStyle) -> str:
    return style.code(event.model) if event.model else ""


def _day(event: Event) -> str:
    return event.announcement.isoformat() if event.announcement else ""


def _baseline(event: Event, style: TextStyle) -> str:
    counts = read(BaselineCounts, event.context)
    return (
        f"Baseline recorded: {_count(counts.models, 'model')}, "
        f"{_count(counts.announcements, 'announcement')}, "
        f"{_count(counts.tables, 'other table')}"
    )


def _model_added(event: Event, style: TextStyle) -> str:
    row = read(RowFacts, event.after)
    retirement = _retirement(row.retires_on, row.retires_on_qualifier)
    return f"{_model(event, style)} added: {row.status}; {retirement}"


def _model_removed(event: Event, style: TextStyle) -> str:
    row = read(RowFacts, event.before)
    return f"{_model(event, style)} removed from the status table (was {row.status})"


def _status_changed(event: Event, style: TextStyle) -> str:
    context = read(StatusContext, event.context)
    parts = [f"{_model(event, style)}: {event.before} → {event.after}"]
    if event.after == "deprecated" and context.deprecated_on:
        parts.append(f"deprecated {context.deprecated_on}")
    if context.retires_on:
        when = (
            f"retired {context.retires_on}"
            if event.after == "retired"
            else _retirement(context.retires_on, context.retires_on_qualifier)
        )
        parts.append(when + _replacement(style, context.replacement))
    return "; ".join(parts)


def _deprecation_date_changed(event: Event, style: TextStyle) -> str:
    change = f"{_date(event.before)} → {_date(event.after)}"
    return f"{_model(event, style)}: deprecation date {change}"


def _retirement_date_changed(event: Event, style: TextStyle) -> str:
    model, day = _model(event, style), _day(event)
    where = f" in the {day} announcement" if day else ""
    if event.announcement is not None:  # a history row: plain dates
        return f"{model}: retirement date{where} {_date(event.before)} → {_date(event.after)}"
    context = read(RetirementContext, event.context)
    if event.field == "retires_on_qualifier":
        state = "is now firm" if event.after is None else "is now 'not sooner than'"
        return f"{model}: retirement date {_date(context.retires_on)}{where} {state}"
    old = ("not sooner than " if context.qualifier_before else "") + _date(event.before)
    new = ("not sooner than " if context.qualifier_after else "") + _date(event.after)
    return f"{model}: retirement date{where} {old} → {new}"


def _replacement_changed(event: Event, style: TextStyle) -> str:
    old = style.code(str(event.before)) if event.before else "none"
    new = style.code(str(event.after)) if event.after else "none"
    change = f"recommended replacement {old} → {new} ({_day(event)} announcement)"
    return f"{_model(event, style)}: {change}"


def _announcement_added(event: Event, style: TextStyle) -> str:
    section = read(AnnouncementFacts, event.after)
    listed = "; ".join(
        f"{style.code(entry.model)} {_retirement(entry.retires_on, None)}"
        + _replacement(style, entry.replacement)
        for entry in section.entries
    )
    title = style.text(section.title)
    return f"New announcement {_day(event)}: {title}" + (f": {listed}" if listed else "")


def _announcement_removed(event: Event, style: TextStyle) -> str:
    section = read(AnnouncementFacts, event.before)
    return f"Announcement {_day(event)} removed: {style.text(section.title)}"


def _announcement_changed(event: Event, style: TextStyle) -> str:
    heading = f"Announcement {_day(event)} ({style.text(read(TitleContext, event.context).title)})"
    if event.field == "retired_on":
        return f"{heading}: retired {_date(event.before)} → {_date(event.after)}"
    model = _model(event, style)
    if event.after is None:
        return f"{heading}: {model} removed"
    entry = read(EntryFacts, event.after)
    added = f"{model} added, {_retirement(entry.retires_on, None)}"
    return f"{heading}: {added}" + _replacement(style, entry.replacement)


def _table_changed(event: Event, style: TextStyle) -> str:
    before = read(TableFacts, event.before) if event.before is not None else None
    after = read(TableFacts, event.after) if event.after is not None else None
    either = after or before
    section = style.text(either.section if either else "")
    if before is None:
        return f"New table in section “{section}”"
    if after is None:
        return f"Table removed from section “{section}”"
    old_rows, new_rows = set(before.rows), set(after.rows)
    return (
        f"Table in section “{section}” changed: {_count(len(new_rows - old_rows), 'row')} added, "
        f"{len(old_rows - new_rows)} removed"
    )


def _locale_drift(event: Event, style: TextStyle) -> str:
    """A translation starting to differ from English on one field, or agreeing again."""
    appeared = event.after is not None
    values = read(DriftValues, event.after if appeared else event.before)
    english, translated = values.english, values.translated
    model, subject = _model(event, style), DriftSubject.parse(event.field or "")
    if subject.aspect == "listed":
        what = f"{model} {'missing from' if english else 'still in'} the status table"
    elif subject.aspect == "section":
        what = f"the {subject.announcement} announcement "
        what += "missing" if english else "not in English"
    elif subject.aspect == "retired_on":
        what = f"retirement note of the {subject.announcement} announcement: {_date(translated)}"
        what += f", English {_date(english)}"
    elif subject.aspect == "replacement":  # the only free text: the rest are dates and words
        mine = style.code(str(translated)) if translated else "none"
        theirs = style.code(str(english)) if english else "none"
        what = f"{model} replacement {mine}, English {theirs}"
    else:
        what = f"{model} {subject.aspect} {_date(translated)}, English {_date(english)}"
    return (
        f"differs from English: {what}" if appeared else f"agrees with English again (was: {what})"
    )


def _reminder(event: Event, style: TextStyle) -> str:
    return style.text(read(ReminderContext, event.context).summary)


def _platform(event: Event, style: TextStyle) -> str:
    """`claude-opus-4-20250514` on vertex-ai: deprecated → retired (the platform's own status)."""
    model = _model(event, style)
    platform = style.text(str(event.field))
    if event.type == "platform_id_added":
        return f"{model} on {platform}: now also called {style.code(str(event.after))}"
    if event.type == "platform_id_removed":
        return f"{model} on {platform}: no longer listed as {style.code(str(event.before))}"
    old = str(event.before) if event.before else "no status"
    new = str(event.after) if event.after else "no status"
    return f"{model} on {platform}: {old} → {new} (that platform's own status)"


def _aliases(value: object, style: TextStyle) -> str:
    aliases = value if isinstance(value, list) else []
    return ", ".join(style.code(str(alias)) for alias in aliases) or "none"


def _alias_changed(event: Event, style: TextStyle) -> str:
    change = f"{_aliases(event.before, style)} → {_aliases(event.after, style)}"
    return f"{_model(event, style)}: Claude API aliases {change}"


def _event_retracted(event: Event, style: TextStyle) -> str:
    reason = style.text(str(event.context.get("reason", "")))
    return f"Retracted event {style.code(str(event.context.get('retracts')))}: reason: {reason}"


_DESCRIBE: dict[EventType, Callable[[Event, TextStyle], str]] = {
    "baseline_recorded": _baseline,
    "model_added": _model_added,
    "model_removed": _model_removed,
    "status_changed": _status_changed,
    "deprecation_date_changed": _deprecation_date_changed,
    "retirement_date_changed": _retirement_date_changed,
    "replacement_changed": _replacement_changed,
    "announcement_added": _announcement_added,
    "announcement_changed": _announcement_changed,
    "announcement_removed": _announcement_removed,
    "table_changed": _table_changed,
    "locale_drift": _locale_drift,
    "retirement_reminder": _reminder,
    "platform_status_changed": _platform,
    "platform_id_added": _platform,
    "platform_id_removed": _platform,
    "alias_changed": _alias_changed,
    "event_retracted": _event_retracted,
}


def describe(event: Event, style: TextStyle = PLAIN) -> str:
    """One readable sentence for an event, without the languages it was seen in."""
    return _DESCRIBE[event.type](event, style)


def describe_locales(locales: Sequence[str]) -> str:
    if len(locales) == len(LOCALES) and set(locales) == set(LOCALES):
        return "all languages"
    return ", ".join(locales)
