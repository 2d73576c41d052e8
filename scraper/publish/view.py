"""The publication view: everything people read, computed once (`compose.publication`) as
plain immutable values, in every language it is published in.

The renderers (`changelogs`: the Markdown files; `feeds`: Atom and JSON Feed; `site`: HTML)
import these types and nothing else of publishing: none of them groups, words or dates events.
Every sentence is here twice, as Markdown and as plain text (`Said`), because the changelogs
and the feeds write the same words in two syntaxes. The words a renderer writes itself (the
site's headings and labels) come from each language's gettext `Catalog`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol

from scraper.records import CanonicalModel, Status


class Catalog(Protocol):
    """A language's gettext catalog (`scraper/publish/locale`), for a renderer's own words."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


@dataclass(frozen=True, slots=True)
class Said:
    """A sentence (or a phrase) in both text styles."""

    markdown: str
    plain: str


@dataclass(frozen=True, slots=True)
class Line:
    """One event in one sentence, and the languages it was seen in when they are shown."""

    text: Said
    languages: str | None = None  # `zh-TW, de`, `all languages`; None: not shown


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a changelog or feed: an event, what the reader may want beneath it (the
    models an announcement lists), and the events it caused the same day."""

    id: str
    anchor: str  # `event-<id>`: the same in the changelog, the feeds and the site
    page_url: str  # the page that says it: English's, or the translation's that said it
    head: Line
    details: tuple[Said, ...]
    beneath: tuple[Line, ...]  # languages shown only where they differ from the head's
    tags: tuple[str, ...]  # event types, then the head's languages
    locales: tuple[str, ...] = ()  # the languages whose pages it was seen in


@dataclass(frozen=True, slots=True)
class DriftItem:
    """A translation starting or ending to disagree with English: a sentence per language
    (none where a status sentence of the same day already tells it), and all of them joined."""

    id: str
    anchor: str
    page_url: str  # the page of the (first) language it is about
    sentences: tuple[Said, ...]
    joined: Said
    tags: tuple[str, ...]  # `locale_drift`, then every language the event was seen in


@dataclass(frozen=True, slots=True)
class Day:
    """One day of an edition, its heading in the edition's language and date format."""

    date: dt.date
    heading: str
    items: tuple[Item, ...]
    drift: tuple[DriftItem, ...]


@dataclass(frozen=True, slots=True)
class Soon:
    """ "Retiring soon", as of a day: the retirement dates in the window, soonest first; apart,
    the models without a retirement announcement and the first day each could retire."""

    heading: str
    days: int  # the window: the next so many days
    as_of: dt.date  # the first day the list has been the same
    lead: str  # as of when, what the list holds, or that nothing retires in the window
    lines: tuple[Said, ...]  # Markdown: `**date (firm)**: model; replacement`
    unannounced_lead: str  # what the models apart are (said when there are any)
    unannounced_lines: tuple[Said, ...]  # Markdown: `**not before date**: model; retirement`
    source: str | None  # where the facts come from, when not from the edition's own page
    firm: tuple[str, ...]  # model ids with a firm date in the window
    tentative: tuple[str, ...]  # model ids whose "not sooner than" date is in it or passed
    noticed: tuple[str, ...]  # those of `tentative` whose deprecation was announced
    unannounced: tuple[str, ...]  # the models apart, in their order
    next_firm: str | None  # the next firm retirement after the window, when none is in it


@dataclass(frozen=True, slots=True)
class StandingLanguage:
    """Where one translation disagrees with English now, and which of the two is newer."""

    locale: str
    copies: str | None  # which page is newer, by their copies' dates, where the log has them
    sentences: tuple[Said, ...]


@dataclass(frozen=True, slots=True)
class Standing:
    """Where each translation disagrees with English now."""

    heading: str
    all_agree: str  # said when no translation disagrees
    languages: tuple[StandingLanguage, ...]


@dataclass(frozen=True, slots=True)
class Edition:
    """One changelog and its feeds, in one language: the words around it and its days."""

    locale: str  # the language of its words
    changelog: str  # file names
    atom: str
    json: str | None
    title: str
    intro: tuple[str, ...]  # Markdown, one paragraph
    feed_title: str
    feed_subtitle: str
    page_url: str  # the page the edition follows
    nothing_yet: str  # said when no day is recorded
    soon: Soon | None
    standing: Standing | None
    against_english: str | None  # the heading above a day's drift, where it has one
    days: tuple[Day, ...]  # newest first


DifferenceKind = Literal["missing", "extra", "value"]


@dataclass(frozen=True, slots=True)
class Difference:
    """Where a language says something other than English, and since when.

    `missing`: English has the model (or announcement) and this language does not yet;
    `extra`: the reverse; `value`: both have it and `field` differs.
    """

    kind: DifferenceKind
    model: str | None
    field: str  # status, retires_on, announcement:2025-12-19, …
    label: str  # the field as people read it: "retires on", "the 2025-12-19 announcement"
    english: str
    translated: str
    since: dt.date | None
    days_behind: int | None


@dataclass(frozen=True, slots=True)
class LocaleRow:
    """One row of a translation's status table, as written, with what differs from English."""

    model: str
    status_text: str
    deprecated_on_text: str
    retires_on_text: str
    differs: frozenset[str]


@dataclass(frozen=True, slots=True)
class Language:
    """A stored language: its name in itself, its status words, where it differs from English."""

    locale: str
    name: str  # e.g. 繁體中文
    status_words: Mapping[Status, str]
    differences: tuple[Difference, ...]
    rows: tuple[LocaleRow, ...]
    page_url: str
    catalog: Catalog  # its gettext catalog
    standing: tuple[Said, ...] = ()  # where it differs from English, in its own words

    @property
    def oldest(self) -> Difference | None:
        dated = [item for item in self.differences if item.since is not None]
        return min(dated, key=lambda item: item.since or dt.date.max, default=None)


@dataclass(frozen=True, slots=True)
class ModelFacts:
    """A model of the index, with what the events and the page say about it besides."""

    model: CanonicalModel
    name: str  # `Claude Opus 4.1`
    status: Status  # on the view's day: a firm retirement date that passed retires it
    first_seen: dt.date | None  # on the English page, as far as the events know
    conflicts: tuple[str, ...]  # where the status table and the history disagree, in words


@dataclass(frozen=True, slots=True)
class PublicationView:
    """Everything published, as of `today`."""

    today: dt.date
    main: Edition  # CHANGELOG.md: the page's changes, in English
    translations: Edition  # TRANSLATIONS.md: where translations differ from English
    editions: tuple[Edition, ...]  # CHANGELOG.<locale>.md: one per tracked translation
    models: tuple[ModelFacts, ...]  # the canonical index, in the page's order
    scope_note: str | None  # which platforms the page's dates apply to, in its words
    last_change: dt.date | None  # the newest day the page changed (reminders aside)
    languages: tuple[Language, ...]  # English first, then every stored translation
