"""Every file published into the snapshots directory, by name, rendered from one publication
view:

    CHANGELOG.md, feed.atom, feed.json                   the page's changes, in English
    TRANSLATIONS.md, feed.translations.atom              where translations differ from English
    CHANGELOG.<locale>.md, feed.<locale>.atom/.json      one language's own events, in its words

An entry has the same anchor (`event-<id>`) in a changelog and in the feed that links to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from scraper import PROJECT_URL
from scraper.publish.changelogs import render_changelog
from scraper.publish.compose import publication
from scraper.publish.feeds import render_feeds
from scraper.publish.view import PublicationView
from scraper.records import ModelIndex, PageContent
from scraper.track.drift import DriftReport
from scraper.track.events import Event


def render_files(view: PublicationView, links_base: str, files_base: str) -> dict[str, str]:
    """File name → text of every changelog and feed.

    `links_base`: where people read the changelogs (entries link to their anchors there);
    `files_base`: where the feed files are served (their `self` links).
    """
    # In the order they are written: English's changelogs first, then their feeds.
    rendered = {
        edition.changelog: render_changelog(edition) for edition in (view.main, view.translations)
    }
    for edition in (view.main, view.translations):
        rendered |= render_feeds(edition, links_base, files_base)
    for edition in view.editions:
        rendered[edition.changelog] = render_changelog(edition)
        rendered |= render_feeds(edition, links_base, files_base)
    return rendered


def publish(
    events: Sequence[Event],
    models: ModelIndex | None,
    drift: DriftReport | None,
    pages: Mapping[str, PageContent],
    today: dt.date,
    directory: str,
) -> dict[str, bytes]:
    """Every file published from the log (newest first) and the index, by name in the
    snapshots directory (`directory`: its name in the repository, for the links in them)."""
    view = publication(events, models, drift, pages, today)
    rendered = render_files(
        view,
        links_base=f"{PROJECT_URL}/blob/main/{directory}",
        files_base=f"{PROJECT_URL}/raw/main/{directory}",
    )
    return {name: text.encode("utf-8") for name, text in rendered.items()}
