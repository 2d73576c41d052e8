"""Atom and JSON Feed documents of an edition of the publication view: the main feed, the
translations feed, one per language.

Each feed holds whole days (never half of one) up to FEED_ENTRIES entries; each entry links
to its anchor in the matching changelog, carries a body with the details the title leaves
out, and a timestamp that keeps the changelog's order within its day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from feedgen.feed import FeedGenerator

from scraper import PROJECT_URL
from scraper.publish.view import Day, DriftItem, Edition, Item
from scraper.sinks import feed_text, html_text, json_text, safe_url

FEED_ENTRIES = 100
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One feed entry: a sentence for its title and the lines of its body (plain text, with
    no character XML cannot carry: `feed_text`)."""

    id: str
    anchor: str
    title: str
    lines: tuple[str, ...]
    tags: tuple[str, ...]
    page_url: str | None  # the page that says it (`safe_url`: no `javascript:` link)


@dataclass(frozen=True, slots=True)
class FeedInfo:
    """What a feed says of itself, and where it and its changelog live."""

    title: str
    subtitle: str
    language: str
    feed_url: str
    changelog_url: str  # entries link to `changelog_url#<anchor>`


@dataclass(frozen=True, slots=True)
class _Dated:
    item: FeedItem
    time: dt.datetime


def _dated(days: Sequence[tuple[dt.date, list[FeedItem]]]) -> list[_Dated]:
    return [
        _Dated(item, entry_time(day, position, len(items)))
        for day, items in whole_days(days, FEED_ENTRIES)
        for position, item in enumerate(items)
    ]


def _html(item: FeedItem) -> str:
    lines = "".join(f"<li>{html_text(line)}</li>" for line in item.lines)
    body = f"<p>{html_text(item.title)}</p>" + (f"<ul>{lines}</ul>" if lines else "")
    if item.page_url is None:
        return body
    link = html_text(item.page_url)
    return body + f'<p><a href="{link}">{link}</a></p>'


def _text(item: FeedItem) -> str:
    return "\n".join([item.title, *(f"- {line}" for line in item.lines)])


def _link(info: FeedInfo, item: FeedItem) -> str:
    return f"{info.changelog_url}#{item.anchor}"


def render_atom(info: FeedInfo, days: Sequence[tuple[dt.date, list[FeedItem]]]) -> str:
    """An Atom feed; its date is its newest entry's, so an unchanged log gives the same bytes."""
    feed = FeedGenerator()
    feed.id(f"{info.feed_url}#feed")
    feed.title(info.title)
    feed.subtitle(info.subtitle)
    feed.link(href=info.changelog_url, rel="alternate")
    feed.link(href=info.feed_url, rel="self")
    feed.language(info.language)
    feed.generator("claude-deprecations", uri=PROJECT_URL)
    shown = _dated(days)
    feed.updated(shown[0].time if shown else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for dated in shown:
        entry = feed.add_entry(order="append")
        entry.id(f"{PROJECT_URL}#event-{dated.item.id}")  # the ids feeds had before
        entry.title(dated.item.title)
        entry.link(href=_link(info, dated.item))
        entry.updated(dated.time)
        entry.published(dated.time)
        entry.content(_html(dated.item), type="html")
        for tag in dated.item.tags:
            entry.category(term=tag)
    atom: bytes = feed.atom_str(pretty=True)
    return atom.decode("utf-8")


def render_json_feed(info: FeedInfo, days: Sequence[tuple[dt.date, list[FeedItem]]]) -> str:
    """A JSON Feed 1.1 document with the same entries as the Atom feed."""
    items = [
        {
            "id": dated.item.id,
            "url": _link(info, dated.item),
            **({"external_url": dated.item.page_url} if dated.item.page_url else {}),
            "title": dated.item.title,
            "content_html": _html(dated.item),
            "content_text": _text(dated.item),
            "date_published": dated.time.isoformat(),
            "tags": list(dated.item.tags),
        }
        for dated in _dated(days)
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": info.title,
        "home_page_url": info.changelog_url,
        "feed_url": info.feed_url,
        "description": info.subtitle,
        "language": info.language,
        "items": items,
    }
    return json_text(json.dumps(feed, indent=2, ensure_ascii=False)) + "\n"


def whole_days(
    days: Sequence[tuple[dt.date, list[T]]], limit: int
) -> list[tuple[dt.date, list[T]]]:
    """The newest days whose entries fit in `limit`; the newest day always, however long."""
    kept: list[tuple[dt.date, list[T]]] = []
    total = 0
    for day, entries in days:
        if kept and total + len(entries) > limit:
            break
        kept.append((day, entries))
        total += len(entries)
    return kept


def entry_time(day: dt.date, position: int, count: int) -> dt.datetime:
    """A timestamp per entry that keeps the day's order in readers that sort by time.

    Changes are known to the day only: entries are spaced a second apart after midnight, the
    first the latest, so a reader sorting newest first shows the day as the changelog does.
    """
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
    return midnight + dt.timedelta(seconds=count - 1 - position)


def _label(languages: str | None) -> str:
    return f"[{languages}] " if languages else ""


def _item(item: Item) -> FeedItem:
    return FeedItem(
        id=item.id,
        anchor=item.anchor,
        title=feed_text(_label(item.head.languages) + item.head.text.plain),
        lines=tuple(
            feed_text(text)
            for text in (
                *(detail.plain for detail in item.details),
                *(line.text.plain for line in item.beneath),
            )
        ),
        tags=item.tags,
        page_url=safe_url(item.page_url),
    )


def _drift_item(item: DriftItem) -> FeedItem:
    """Its sentences (one per language) as title, and as body when there are several."""
    several = len(item.sentences) > 1
    return FeedItem(
        id=item.id,
        anchor=item.anchor,
        title=feed_text(item.joined.plain if several else item.sentences[0].plain),
        lines=tuple(feed_text(sentence.plain) for sentence in item.sentences) if several else (),
        tags=item.tags,
        page_url=safe_url(item.page_url),
    )


def _feed_days(days: Sequence[Day]) -> list[tuple[dt.date, list[FeedItem]]]:
    """Every day with something to say: its entries, then its drift items that have a
    sentence (the others are told by a status sentence of the same day)."""
    found = []
    for day in days:
        items = [_item(item) for item in day.items]
        items += [_drift_item(item) for item in day.drift if item.sentences]
        if items:
            found.append((day.date, items))
    return found


def render_feeds(edition: Edition, links_base: str, files_base: str) -> dict[str, str]:
    """File name → text of the edition's Atom feed (and JSON Feed, if it has one).

    `links_base`: where people read the changelogs (entries link to their anchors there);
    `files_base`: where the feed files are served (their `self` links).
    """
    info = FeedInfo(
        title=edition.feed_title,
        subtitle=edition.feed_subtitle,
        language=edition.locale,
        feed_url="",
        changelog_url=f"{links_base}/{edition.changelog}",
    )
    days = _feed_days(edition.days)
    found = {
        edition.atom: render_atom(replace(info, feed_url=f"{files_base}/{edition.atom}"), days)
    }
    if edition.json is not None:
        json_info = replace(info, feed_url=f"{files_base}/{edition.json}")
        found[edition.json] = render_json_feed(json_info, days)
    return found
