"""`deprecations retract`: append a correction for a wrong event (events.json stays append-only)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.commands._options import DateType, fail, snapshots_option, today_utc
from scraper.errors import DeprecationsError, InputError
from scraper.sinks import text_problem

if TYPE_CHECKING:
    from scraper.track.events import Event


def _reason(ctx: click.Context, param: click.Parameter, value: str) -> str:
    # Published in every changelog, feed and chat message: plain text on one line, refused
    # early (one line, exit 2) when it holds what no sink can carry.
    if (problem := text_problem(value)) is not None:
        fail(InputError(f"--reason: {problem}; say why in plain text"))
    reason = " ".join(value.split())
    if not reason:
        raise click.BadParameter("say why the event is retracted (it is published)")
    return reason


@click.command(short_help="Retract a wrong event: append a correction, keep history.")
@click.argument("event_id", metavar="EVENT_ID")
@click.option(
    "--reason",
    required=True,
    callback=_reason,
    help="Why the event is wrong (one line of plain text, published beside it).",
)
@snapshots_option
@click.option(
    "--as-of",
    type=DateType(),
    help="Date the correction is recorded under (default: today, UTC): not after today, nor "
    "before the newest day in events.json.",
)
def command(event_id: str, reason: str, snapshots: Path, as_of: dt.date | None) -> None:
    """Retract EVENT_ID (an `id` from events.json): append an `event_retracted` event that
    names it (`retracts`) and says why (`reason`), and render the changelogs and feeds
    again, where the correction is shown beside the retracted event. The retracted event
    itself is never edited or removed: events.json is append-only.

    Exit 0 when retracted; 2 when the id is unknown, already retracted or itself a
    retraction, the reason holds a control character or bytes that are not UTF-8, or
    --as-of is after today or before the newest day in events.json; 5 when the snapshots
    are unusable, or the clock is behind that newest day.

    \b
    Examples:
      deprecations retract 3f2a9c0d1e4b5a67 --reason "a cut page published a removal"
    """
    try:
        line = _retract(snapshots, event_id.strip(), reason, as_of)
    except DeprecationsError as error:
        fail(error)
    click.echo(line)


def _retract(snapshots: Path, event_id: str, reason: str, as_of: dt.date | None) -> str:
    from scraper.publish.files import publish
    from scraper.publish.wording import describe
    from scraper.sinks import TERMINAL
    from scraper.store.snapshots import EVENTS_FILE, SnapshotStore, Writes
    from scraper.track.clock import check_day
    from scraper.track.events import Event, stable_id
    from scraper.track.payloads import RetractionContext

    store = SnapshotStore(snapshots)
    clock = today_utc()
    today = as_of or clock
    with store.locked():
        stored = store.load_for_writing()
        path = snapshots / EVENTS_FILE
        target = _retractable(stored.events, event_id, path)
        newest = max(event.detected_at for event in stored.events)
        check_day(today, today=clock, newest=newest, option=as_of is not None, log=str(path))
        correction = Event(
            type="event_retracted",
            model=target.model,
            context=RetractionContext(retracts=target.id, reason=reason).as_json(),
            id=stable_id(today.isoformat(), "event_retracted", target.id),
            detected_at=today,
            locales=target.locales,
            page_url=target.page_url,
        )
        log = (correction, *stored.events)
        published = publish(log, stored.index, stored.drift, stored.pages, today, snapshots.name)
        # Events first, then every file rendered from them (see SnapshotStore.commit).
        store.commit(Writes(events=log, published=published))
    return f"retracted {target.id} ({describe(target, TERMINAL)}) as {correction.id}"


def _retractable(events: Sequence[Event], event_id: str, path: Path) -> Event:
    """The event to retract, if it can be (it exists, and is neither a correction nor
    corrected already)."""
    found = [event for event in events if event.id == event_id]
    if not found:
        raise InputError(f"no event {event_id} in {path}")
    target = found[0]
    if target.type == "event_retracted":
        raise InputError(f"{event_id} is itself a retraction; retract what it corrects instead")
    for event in events:
        if event.type == "event_retracted" and event.context.get("retracts") == event_id:
            raise InputError(f"{event_id} is already retracted (by {event.id})")
    return target
