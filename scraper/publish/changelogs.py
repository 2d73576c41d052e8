"""The changelogs people read, in Markdown: CHANGELOG.md, TRANSLATIONS.md and
CHANGELOG.<locale>.md, each from its edition of the publication view.

Layout only: the words and the days are the view's. Every entry carries the anchor
`event-<id>` that the feeds link to and the site reuses.
"""

from __future__ import annotations

from scraper.publish.view import Day, DriftItem, Edition, Item, Line, Soon, Standing


def _label(line: Line) -> str:
    return f"**{line.languages}**: " if line.languages else ""


def _anchor(anchor: str) -> str:
    return f'<a id="{anchor}"></a>'


def _item(item: Item) -> list[str]:
    """A list item for the entry, its details and the changes it caused indented beneath."""
    lines = [f"- {_anchor(item.anchor)}{_label(item.head)}{item.head.text.markdown}"]
    lines.extend(f"  - {detail.markdown}" for detail in item.details)
    lines.extend(f"  - {_label(line)}{line.text.markdown}" for line in item.beneath)
    return lines


def _drift(items: tuple[DriftItem, ...]) -> list[str]:
    """One line per language and disagreement; the first line of an event holds its anchor."""
    return [
        f"- {_anchor(item.anchor) if index == 0 else ''}{sentence.markdown}"
        for item in items
        for index, sentence in enumerate(item.sentences)
    ]


def _day(day: Day, against_english: str | None) -> list[str]:
    lines = [f"## {day.heading}", ""]
    for item in day.items:
        lines.extend(_item(item))
    if day.drift and against_english is not None:
        lines.extend([*([""] if day.items else []), f"### {against_english}", ""])
    lines.extend(_drift(day.drift))
    return [*lines, ""]


def _soon(soon: Soon) -> list[str]:
    lines = [f"## {soon.heading}", "", *([soon.source, ""] if soon.source else []), soon.lead, ""]
    if soon.lines:
        lines.extend([*(f"- {line.markdown}" for line in soon.lines), ""])
    if soon.unannounced_lines:
        lines.extend([soon.unannounced_lead, ""])
        lines.extend([*(f"- {line.markdown}" for line in soon.unannounced_lines), ""])
    return lines


def _standing(standing: Standing) -> list[str]:
    lines = [f"## {standing.heading}", ""]
    if not standing.languages:
        return [*lines, standing.all_agree, ""]
    for language in standing.languages:
        lines.extend([f"### {language.locale}", ""])
        lines.extend([language.copies, ""] if language.copies else [])
        lines.extend([*(f"- {s.markdown}" for s in language.sentences), ""])
    return lines


def render_changelog(edition: Edition) -> str:
    """The edition's changelog: its title and intro, "Retiring soon" or where each
    translation stands, then the days, newest first."""
    lines = [f"# {edition.title}", "", *edition.intro, ""]
    if edition.soon is not None:
        lines.extend(_soon(edition.soon))
    if edition.standing is not None:
        lines.extend(_standing(edition.standing))
    if not edition.days:
        lines.append(edition.nothing_yet)
    for day in edition.days:
        lines.extend(_day(day, edition.against_english))
    return "\n".join(lines).rstrip("\n") + "\n"
