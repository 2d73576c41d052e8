"""What the tests of the event log check: that folding events.json gives what the snapshots,
models.json and drift.json say, that no id repeats, and that no event contradicts the log
before it.

`scraper.track.fold` folds the log; here the fold is compared with the documents, key by key,
each value as far as it is news (a table's rows as a set, a section or a disagreement by its
presence).
"""

from __future__ import annotations

from collections import Counter

from pydantic import JsonValue

from scraper.track.events import Event
from scraper.track.fold import (
    DEPENDENTS,
    PRESENCE,
    Facts,
    Key,
    drift_facts,
    effects,
    fold,
    index_facts,
    page_facts,
)
from scraper.track.stored import Stored

UNKNOWN = "<not said>"


def comparable(key: Key, value: JsonValue) -> JsonValue:
    """A value as far as it is news: a section or a disagreement is there or not; a table is
    its rows, in any order."""
    if key[0] in ("section", "drift"):
        return value is not None
    if key[0] == "table":
        rows = value.get("rows") if isinstance(value, dict) else None
        return [str(row) for row in sorted(map(str, rows))] if isinstance(rows, list) else None
    return value


def disagreements(known: Facts, said: Facts, scope: str) -> list[str]:
    """Where the log (`known`) says other than a document (`said`)."""
    found = []
    for key, value in known.items():
        other = said.get(key, PRESENCE.get(key[0], UNKNOWN))
        if comparable(key, value) != comparable(key, other):
            found.append(f"{scope} {key}: the log says {value!r}, the document {other!r}")
    return found


def log_contradictions(stored: Stored) -> list[str]:
    """Everything that keeps fold(events.json) from being what the stored documents say."""
    log = fold(stored.events)
    found = []
    for locale, page in stored.pages.items():
        found += disagreements(log.page(locale), page_facts(page), locale)
    if stored.index is not None:
        listed = {model.model for model in stored.index.models}
        # A platform's mark means nothing once the platform lists none of the model's ids.
        entries = {
            key[1:3] for key, value in log.platforms.items() if key[0] == "platform-id" and value
        }
        platforms = {
            key: value
            for key, value in log.platforms.items()
            if key[1] in listed and (key[0] != "platform-status" or key[1:3] in entries)
        }
        found += disagreements(platforms, index_facts(stored.index), "platforms")
    if stored.drift is not None:
        said = drift_facts({k: v.disagreements for k, v in stored.drift.locales.items()})
        for locale, known in log.drift.items():
            found += disagreements(known, said.get(locale, {}), f"drift {locale}")
    return found + repeated_ids(stored.events) + contradicting_events(stored.events)


def repeated_ids(events: tuple[Event, ...]) -> list[str]:
    counted = Counter(event.id for event in events)
    return [f"id {event_id} {count} times" for event_id, count in counted.items() if count > 1]


def contradicting_events(events: tuple[Event, ...]) -> list[str]:
    """Events whose `before` is not what the log said before them (oldest first)."""
    retracted = {str(e.context.get("retracts")) for e in events if e.type == "event_retracted"}
    state: dict[tuple[str, Key], JsonValue] = {}
    found = []
    for event in reversed(events):
        if event.type == "baseline_recorded":
            state = {k: v for k, v in state.items() if k[0] != f"page:{event.locales[0]}"}
            continue
        if event.id in retracted:
            continue
        for effect in effects(event):
            scopes = ["platforms"] if effect.scope == "platforms" else event.locales
            for scope in scopes:
                where = (f"{effect.scope}:{scope}", effect.key)
                if where in state and comparable(effect.key, state[where]) != comparable(
                    effect.key, effect.before
                ):
                    found.append(f"{event.type} {event.id} {where}: before {effect.before!r}")
                state[where] = effect.after
                if effect.after in (False, None) and effect.key[0] in DEPENDENTS:
                    _forget(state, where)
    return found


def _forget(state: dict[tuple[str, Key], JsonValue], gone: tuple[str, Key]) -> None:
    """A model, section or history row gone takes what hung on it (its dates) with it."""
    scope, key = gone
    for other in [k for k in state if k[0] == scope and k[1][0] in DEPENDENTS[key[0]]]:
        if other[1][1 : len(key)] == key[1:]:
            del state[other]


Documents = dict[tuple[str, ...], Facts]


def documents(stored: Stored) -> Documents:
    """What the stored documents say, by the fold's keys: per page, per translation's drift,
    and the platforms."""
    found: Documents = {("page", locale): page_facts(page) for locale, page in stored.pages.items()}
    if stored.drift is not None:
        said = drift_facts({k: v.disagreements for k, v in stored.drift.locales.items()})
        found |= {("drift", locale): facts for locale, facts in said.items()}
    if stored.index is not None:
        found[("platforms",)] = index_facts(stored.index)
    return found


def unexplained(before: Documents, events: list[Event], after: Documents) -> list[str]:
    """What changed in the documents between two whole runs that the events of the runs in
    between (`events`, oldest first) do not tell: a change published without an event, or
    an event whose change the documents do not show. Only what the first run already held
    is compared: a first snapshot, a language's first drift and the platforms' first ids
    are baselines, told by no event of their own."""
    expected = {scope: dict(facts) for scope, facts in before.items()}
    for event in events:
        for effect in effects(event):
            scopes: list[tuple[str, ...]] = [(effect.scope, locale) for locale in event.locales]
            for scope in [("platforms",)] if effect.scope == "platforms" else scopes:
                if scope in expected:
                    _apply(expected[scope], effect.key, effect.after)
    if not any(key[0] == "platform-id" for key in before.get(("platforms",), {})):
        expected.pop(("platforms",), None)
    # A platform's mark comes with the first id the platform lists of the model.
    entries = {
        k[1:3] for k, v in before.get(("platforms",), {}).items() if k[0] == "platform-id" and v
    }
    found = []
    for scope, facts in expected.items():
        found += _differences(scope, facts, after.get(scope, {}), entries)
    return found


def _apply(facts: Facts, key: Key, value: JsonValue) -> None:
    facts[key] = value
    if value in (False, None) and key[0] in DEPENDENTS:
        _forget_in(facts, key)


def _forget_in(facts: Facts, gone: Key) -> None:
    for other in [k for k in facts if k[0] in DEPENDENTS[gone[0]]]:
        if other[1 : len(gone)] == gone[1:]:
            del facts[other]


def _differences(
    scope: tuple[str, ...], expected: Facts, said: Facts, entries: set[tuple[str, ...]]
) -> list[str]:
    found = []
    models = {key[1] for key in said if key[0] == "aliases"}
    for key in expected.keys() | said.keys():
        if scope == ("platforms",) and not _comparable_platform_key(key, expected, said, models):
            continue
        if key[0] == "platform-status" and key[1:3] not in entries:
            continue
        default = PRESENCE.get(key[0], UNKNOWN)
        wanted, shown = expected.get(key, default), said.get(key, default)
        if comparable(key, wanted) != comparable(key, shown):
            found.append(f"{scope} {key}: the events say {wanted!r}, the document {shown!r}")
    return found


def _comparable_platform_key(key: Key, expected: Facts, said: Facts, models: set[str]) -> bool:
    """A model new to the index brings its ids along, and a platform's mark comes and goes
    with the platform's entry, without events of their own."""
    known = {k[1] for k in expected if k[0] == "aliases"}
    if key[1] not in models or key[1] not in known:
        return False
    if key[0] == "platform-status":

        def listed(facts: Facts) -> bool:
            return any(k[:3] == ("platform-id", *key[1:]) and v is True for k, v in facts.items())

        return listed(expected) and listed(said)
    return True
