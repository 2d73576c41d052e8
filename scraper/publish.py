"""Render events for people and feed readers: CHANGELOG.md, Atom and JSON Feed.

Every function here is pure: the same events give the same bytes, so re-running the job
rewrites nothing. Text that came from the page is escaped for the format it lands in.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from scraper.events import Event
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


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _date(value: Any) -> str:
    return str(value) if value else "none"


def _retirement(date: Any, qualifier: Any) -> str:
    if not date:
        return "no retirement date"
    return (
        f"retires not sooner than {date}" if qualifier == "not_sooner_than" else f"retires {date}"
    )


def _replacement(style: TextStyle, replacement: Any) -> str:
    return f" (replacement {style.code(str(replacement))})" if replacement else ""


def _count(number: Any, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def describe(event: Event, style: TextStyle = PLAIN) -> str:
    """One readable sentence for an event, without the languages it was seen in."""
    code, text = style.code, style.text
    model = code(event.model) if event.model else ""
    context: dict[str, Any] = event.context
    before_value, after_value = _as_dict(event.before), _as_dict(event.after)
    day = event.announcement.isoformat() if event.announcement else ""
    match event.type:
        case "baseline_recorded":
            return (
                f"Baseline recorded: {_count(context.get('models'), 'model')}, "
                f"{_count(context.get('announcements'), 'announcement')}, "
                f"{_count(context.get('tables'), 'other table')}"
            )
        case "model_added":
            retirement = _retirement(
                after_value.get("retires_on"), after_value.get("retires_on_qualifier")
            )
            return f"{model} added: {after_value.get('status')}; {retirement}"
        case "model_removed":
            return f"{model} removed from the status table (was {before_value.get('status')})"
        case "status_changed":
            parts = [f"{model}: {event.before} → {event.after}"]
            if event.after == "deprecated" and context.get("deprecated_on"):
                parts.append(f"deprecated {context['deprecated_on']}")
            retires_on = context.get("retires_on")
            if retires_on:
                when = (
                    f"retired {retires_on}"
                    if event.after == "retired"
                    else _retirement(retires_on, context.get("retires_on_qualifier"))
                )
                parts.append(when + _replacement(style, context.get("replacement")))
            return "; ".join(parts)
        case "deprecation_date_changed":
            return f"{model}: deprecation date {_date(event.before)} → {_date(event.after)}"
        case "retirement_date_changed":
            where = f" in the {day} announcement" if day else ""
            if event.field == "retires_on_qualifier":
                firm = event.after is None
                state = "is now firm" if firm else "is now 'not sooner than'"
                return f"{model}: retirement date {_date(context.get('retires_on'))}{where} {state}"
            was_tentative = context.get("qualifier_before") == "not_sooner_than"
            is_tentative = context.get("qualifier_after") == "not_sooner_than"
            old = ("not sooner than " if was_tentative else "") + _date(event.before)
            new = ("not sooner than " if is_tentative else "") + _date(event.after)
            return f"{model}: retirement date{where} {old} → {new}"
        case "replacement_changed":
            old = code(str(event.before)) if event.before else "none"
            new = code(str(event.after)) if event.after else "none"
            return f"{model}: recommended replacement {old} → {new} ({day} announcement)"
        case "announcement_added":
            listed = "; ".join(
                f"{code(str(entry.get('model')))} {_retirement(entry.get('retires_on'), None)}"
                + _replacement(style, entry.get("replacement"))
                for entry in map(_as_dict, _as_list(after_value.get("entries")))
            )
            title = text(str(after_value.get("title", "")))
            return f"New announcement {day}: {title}" + (f": {listed}" if listed else "")
        case "announcement_removed":
            return f"Announcement {day} removed: {text(str(before_value.get('title', '')))}"
        case "announcement_changed":
            title = text(str(context.get("title", "")))
            if event.field == "retired_on":
                change = f"{_date(event.before)} → {_date(event.after)}"
                return f"Announcement {day} ({title}): retired {change}"
            if event.after is not None:
                return (
                    f"Announcement {day} ({title}): {model} added, "
                    f"{_retirement(after_value.get('retires_on'), None)}"
                    + _replacement(style, after_value.get("replacement"))
                )
            return f"Announcement {day} ({title}): {model} removed"
        case "table_changed":
            return _describe_table(event, style)
        case "locale_drift":
            return _describe_drift(event, style)
        case "retirement_reminder":
            return text(str(context.get("summary", event.type)))
        case "platform_status_changed" | "platform_id_added" | "platform_id_removed":
            return _describe_platform(event, style)
        case "alias_changed":
            old = ", ".join(code(str(alias)) for alias in _as_list(event.before)) or "none"
            new = ", ".join(code(str(alias)) for alias in _as_list(event.after)) or "none"
            return f"{model}: Claude API aliases {old} → {new}"
    return event.type  # pragma: no cover - every type is matched above


def _describe_platform(event: Event, style: TextStyle) -> str:
    """`claude-opus-4-20250514` on vertex-ai: deprecated → retired (the platform's own status)."""
    model = style.code(event.model) if event.model else ""
    platform = style.text(str(event.field))
    if event.type == "platform_id_added":
        return f"{model} on {platform}: now also called {style.code(str(event.after))}"
    if event.type == "platform_id_removed":
        return f"{model} on {platform}: no longer listed as {style.code(str(event.before))}"
    old = str(event.before) if event.before else "no status"
    new = str(event.after) if event.after else "no status"
    return f"{model} on {platform}: {old} → {new} (that platform's own status)"


def _describe_drift(event: Event, style: TextStyle) -> str:
    """A translation starting to differ from English on one field, or agreeing again."""
    appeared = event.after is not None
    values = _as_dict(event.after if appeared else event.before)
    english, translated = values.get("english"), values.get("translated")
    model = style.code(event.model) if event.model else ""
    field = event.field or ""
    if field == "listed":
        what = f"{model} {'missing from' if english else 'still in'} the status table"
    elif field.startswith("announcement:"):
        parts = field.split(":")
        if len(parts) == 2:
            what = f"the {parts[1]} announcement {'missing' if english else 'not in English'}"
        else:
            what = f"retirement note of the {parts[1]} announcement: {_date(translated)}"
            what += f", English {_date(english)}"
    elif field == "replacement":  # the only free text: the rest are dates and status words
        mine = style.code(str(translated)) if translated else "none"
        theirs = style.code(str(english)) if english else "none"
        what = f"{model} replacement {mine}, English {theirs}"
    else:
        what = f"{model} {field} {_date(translated)}, English {_date(english)}"
    if appeared:
        return f"differs from English: {what}"
    return f"agrees with English again (was: {what})"


def _describe_table(event: Event, style: TextStyle) -> str:
    before, after = _as_dict(event.before), _as_dict(event.after)
    section = style.text(str((after or before).get("section", "")))
    if not before:
        return f"New table in section “{section}”"
    if not after:
        return f"Table removed from section “{section}”"
    old_rows = {tuple(row) for row in map(_as_list, _as_list(before.get("rows")))}
    new_rows = {tuple(row) for row in map(_as_list, _as_list(after.get("rows")))}
    return (
        f"Table in section “{section}” changed: {_count(len(new_rows - old_rows), 'row')} added, "
        f"{len(old_rows - new_rows)} removed"
    )


def describe_locales(locales: Sequence[str]) -> str:
    if len(locales) == len(LOCALES) and set(locales) == set(LOCALES):
        return "all languages"
    return ", ".join(locales)


# Status-table date changes of a model whose status changed the same day, in the same
# languages, are already told by the status line.
_FOLDED_INTO_STATUS = {"deprecation_date_changed", "retirement_date_changed"}


def fold_status_dates(events: Sequence[Event]) -> list[Event]:
    status_keys = {(e.model, e.locales) for e in events if e.type == "status_changed"}
    return [
        event
        for event in events
        if not (
            event.type in _FOLDED_INTO_STATUS
            and event.announcement is None
            and (event.model, event.locales) in status_keys
        )
    ]
