"""What each page of the site shows, as the template wants it: rows of the models table and
the chart, the cards of "retiring in the next 90 days", the list of recent changes. All of it is
read off the publication view; nothing here knows HTML (the template decides how these values
look, and escapes them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scraper.ids import Family, family_of
from scraper.publish.view import Edition, ModelFacts, PublicationView
from scraper.records import PLATFORMS, REFERENCE_LOCALE, STATUSES, CanonicalModel, Status
from scraper.sinks import safe_url

RECENT_CHANGES = 20
_ANCHOR_UNSAFE = re.compile(r"[^a-z0-9._-]+")


def anchor_ids(model_ids: Iterable[str]) -> dict[str, str]:
    """A unique, valid HTML id per model id: readable where it can be, hashed where it must."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for model_id in model_ids:
        slug = _ANCHOR_UNSAFE.sub("-", model_id.lower()).strip("-") or "model"
        anchor = f"model-{slug}"
        if anchor in taken or slug != model_id:
            digest = hashlib.sha256(model_id.encode("utf-8", "surrogatepass")).hexdigest()[:8]
            anchor = f"model-{slug}-{digest}"
        taken.add(anchor)
        anchors[model_id] = anchor
    return anchors


def page_href(locale: str) -> str:
    """The file of a language's page: index.html for English, `<locale>.html` for the others."""
    return "index.html" if locale == REFERENCE_LOCALE else f"{locale}.html"


@dataclass(frozen=True, slots=True)
class PlatformIds:
    """How one platform names a model and what status its own page gives it."""

    platform: str
    ids: tuple[str, ...]
    status: str | None
    url: str | None  # an http(s) URL (`safe_url`), or none: no `javascript:` link from data


def platform_ids(model: CanonicalModel) -> tuple[PlatformIds, ...]:
    """Each platform's ids and own status for the model, in the platforms' order."""
    return tuple(
        PlatformIds(
            platform=platform, ids=entry.ids, status=entry.status, url=safe_url(entry.page_url)
        )
        for platform in PLATFORMS
        if (entry := model.platforms.get(platform)) is not None
    )


@dataclass(frozen=True, slots=True)
class ModelRow:
    """One model as the table and the chart show it."""

    model: str
    name: str  # `Claude Opus 4.1`: the name people know it by
    label: str  # its name, or its id where another model has the same name (the chart)
    anchor: str
    status: Status  # on the day the site is built for
    family: Family
    deprecated_on: dt.date | None
    retires_on: dt.date | None
    tentative: bool
    retired_on: dt.date | None
    days_left: int | None
    replacement: str | None
    replacement_anchor: str | None
    platforms: tuple[PlatformIds, ...]
    aliases: tuple[str, ...]
    first_seen: dt.date | None
    conflicts: tuple[str, ...]

    @property
    def start(self) -> dt.date | None:
        """Where its bar begins: first seen on the page, or its deprecation if earlier.

        Never after its end: a page can list a "not sooner than" date already passed when
        the tracker first saw it.
        """
        known = [day for day in (self.first_seen, self.deprecated_on, self.end) if day is not None]
        return min(known, default=None)

    @property
    def end(self) -> dt.date | None:
        """Its retirement: the day it was retired, else the day it retires (or not sooner)."""
        return self.retired_on or self.retires_on


def days_left(model: CanonicalModel, status: Status, today: dt.date) -> int | None:
    """Days until retirement (0 once the date has passed); None when retired or undated."""
    if model.retires_on is None or status == "retired":
        return None
    return max((model.retires_on - today).days, 0)


def model_rows(models: Sequence[ModelFacts], today: dt.date) -> list[ModelRow]:
    """The canonical models, in the index's order (the page's order)."""
    anchors = anchor_ids(facts.model.model for facts in models)
    names = Counter(facts.name for facts in models)
    return [_row(facts, anchors, names[facts.name] > 1, today) for facts in models]


def _row(facts: ModelFacts, anchors: Mapping[str, str], shared: bool, today: dt.date) -> ModelRow:
    model = facts.model
    return ModelRow(
        model=model.model,
        name=facts.name,
        label=model.model if shared else facts.name,
        anchor=anchors[model.model],
        status=facts.status,
        family=family_of(model.model),
        deprecated_on=model.deprecated_on,
        retires_on=model.retires_on,
        tentative=model.retires_on_qualifier == "not_sooner_than",
        retired_on=model.retired_on,
        days_left=days_left(model, facts.status, today),
        replacement=model.replacement,
        replacement_anchor=anchors.get(model.replacement or ""),
        platforms=platform_ids(model),
        aliases=model.aliases,
        first_seen=facts.first_seen,
        conflicts=facts.conflicts,
    )


@dataclass(frozen=True, slots=True)
class Soon:
    """The top of the page: what retires within the window, and dates to watch."""

    days: int | None  # the window's length; None without models
    firm: tuple[ModelRow, ...]
    tentative: tuple[ModelRow, ...]  # "not sooner than" dates within the window or passed
    next_firm: ModelRow | None  # the next firm retirement after the window, if nothing is in it


def retiring_soon(view: PublicationView, rows: Sequence[ModelRow]) -> Soon:
    soon = view.main.soon
    if soon is None:
        return Soon(None, (), (), None)
    by_id = {row.model: row for row in rows}
    return Soon(
        days=soon.days,
        firm=tuple(by_id[model] for model in soon.firm),
        tentative=tuple(by_id[model] for model in soon.tentative),
        next_firm=by_id.get(soon.next_firm) if soon.next_firm else None,
    )


Piece = tuple[str, bool]  # a part of a sentence, and whether it is a model id


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence cut around the model ids it names, so the page keeps each id whole."""

    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.pieces)


@dataclass(frozen=True, slots=True)
class IdFinder:
    """Finds the known model ids (any platform's, aliases) as whole words in sentences."""

    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, ids: Iterable[str]) -> IdFinder:
        known = sorted({model_id for model_id in ids if model_id}, key=len, reverse=True)
        if not known:
            return cls(None)
        alternatives = "|".join(re.escape(model_id) for model_id in known)
        # Whole ids only: not a part of a longer id, nor the id's text inside a word.
        return cls(re.compile(rf"(?<![\w.@:/-])(?:{alternatives})(?![\w@:/-]|\.\w)"))

    def sentence(self, text: str) -> Sentence:
        if self.pattern is None:
            return Sentence(((text, False),))
        pieces: list[Piece] = []
        at = 0
        for match in self.pattern.finditer(text):
            pieces += [(text[at : match.start()], False), (match.group(), True)]
            at = match.end()
        pieces.append((text[at:], False))
        return Sentence(tuple(piece for piece in pieces if piece[0]))


def known_ids(models: Sequence[ModelFacts]) -> list[str]:
    """Every id the view's models go by: API ids, aliases, platform ids, replacements."""
    found = []
    for facts in models:
        model = facts.model
        found += [model.model, *model.aliases, *([model.replacement] if model.replacement else [])]
        found += [model_id for entry in model.platforms.values() for model_id in entry.ids]
    return found


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of "Recent changes": what happened, in the edition's words, and beneath it
    what it caused that day (each with its languages, when shown)."""

    day: dt.date
    anchor: str
    head: Sentence
    languages: str | None
    beneath: tuple[tuple[Sentence, str | None], ...]


def recent_changes(edition: Edition, finder: IdFinder, limit: int = RECENT_CHANGES) -> list[Change]:
    """The newest entries of the edition's own page, one per entry as its changelog words
    it (the English changelog covers every language: its page shows English's)."""
    return [
        Change(
            day=day.date,
            anchor=item.anchor,
            head=finder.sentence(item.head.text.plain),
            languages=item.head.languages,
            beneath=tuple(
                (finder.sentence(line.text.plain), line.languages) for line in item.beneath
            ),
        )
        for day in edition.days
        for item in day.items
        if not item.locales or edition.locale in item.locales
    ][:limit]


def status_counts(rows: Sequence[ModelRow]) -> Mapping[Status, int]:
    return {status: sum(row.status == status for row in rows) for status in STATUSES}
