"""The MCP server's tools as pure functions: the loaded data and the arguments in, a typed
result and one paragraph of text out. No SDK here (`server` puts these on the protocol), so
they are tested, and cost, like any other answer.

Each result holds what the equivalent command prints with `--format json` on the same data,
computed by the same functions, plus `data`: which models.json answered, and its date.

    resolve_model_ids      resolve ID... --format json    `answers`
    list_models            models --format json           the document, with `as_of`
    upcoming_retirements   upcoming --format json         the document, with `as_of`
    check_code             audit FILE --format json       `as_of` and `findings`
    recommend_model        (no command)                   the active models and their ids

A bad argument raises InputError with a sentence that says what to pass instead.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence

from pydantic import Field

from scraper.answers.audit.findings import (
    ANTHROPIC_OPERATED,
    Context,
    Finding,
    reported,
    standing,
)
from scraper.answers.audit.reading import MAX_FILE_BYTES
from scraper.answers.audit.render import message
from scraper.answers.audit.run import findings_in, in_place_order
from scraper.answers.data import IndexSource, Model, to_builtins
from scraper.answers.resolve import Answer, Resolver, answer
from scraper.answers.standing import listed, on_day, status_on, upcoming
from scraper.answers.window import parse_day, parse_window
from scraper.errors import InputError
from scraper.ids import model_name
from scraper.records import ModelIndex, Platform, Qualifier, Record, Status

MAX_IDS = 200  # more than any file names; a runaway list is a mistake, not a question


class DataStamp(Record):
    """Which model data answered, and how old it is."""

    origin: str = Field(description="The packaged models.json, a snapshots path, or a URL.")
    date: dt.date | None = Field(description="The day the data last changed (its run's date).")
    page_url: str | None = Field(description="The English page the data was read from.")
    page_sha256: str | None = Field(description="SHA-256 of that version of the page.")


def stamp(source: IndexSource) -> DataStamp:
    page = source.index.source
    return DataStamp(
        origin=source.origin,
        date=source.date,
        page_url=page.url if page else None,
        page_sha256=page.sha256 if page else None,
    )


def day_of(as_of: str | None, today: dt.date) -> dt.date:
    """`as_of` (YYYY-MM-DD) or today, checked as `--as-of` is."""
    if as_of is None:
        return today
    try:
        return parse_day(as_of)
    except ValueError as error:
        raise InputError(f"as_of: {error}") from None


def _data_sentence(data: DataStamp) -> str:
    when = data.date.isoformat() if data.date else "of unknown date"
    return f"(Data: {data.origin}, {when}.)"


def _when(
    status: Status, retires_on: dt.date | None, qualifier: Qualifier | None, day: dt.date
) -> str:
    """`retired on 2026-01-05`, `deprecated, retires on …`, `active, retires no sooner than …`,
    `deprecated, retirement date to be announced`, as on `day`: a "no sooner than" date behind
    it sets no retirement, and the model may be deprecated any day (`date passed` in tables)."""
    if retires_on is None:
        to_be_announced = qualifier == "to_be_announced"
        return f"{status}, retirement date to be announced" if to_be_announced else status
    if qualifier == "not_sooner_than" and retires_on < day:
        return (
            f"{status}, no retirement date yet: its 'no sooner than' date, {retires_on}, has passed"
        )
    if qualifier == "not_sooner_than":
        return f"{status}, retires no sooner than {retires_on}"
    if status == "retired":
        return f"retired on {retires_on}"
    return f"{status}, retires on {retires_on}"


# --- resolve_model_ids ------------------------------------------------------------------------


class Resolved(Record):
    data: DataStamp
    as_of: dt.date = Field(description="The day statuses are read on.")
    answers: tuple[Answer, ...] = Field(description="What `resolve --format json` gives.")


def resolve_model_ids(
    source: IndexSource, ids: Sequence[str], *, as_of: str | None = None, today: dt.date
) -> Resolved:
    if not ids:
        raise InputError("ids: give at least one model id, as written in code or config")
    if len(ids) > MAX_IDS:
        raise InputError(f"ids: {len(ids)} ids; at most {MAX_IDS} at once")
    day = day_of(as_of, today)
    resolver = Resolver.from_index(source.index)
    found = tuple(answer(source.index, resolver, text, day=day, today=today) for text in ids)
    return Resolved(data=stamp(source), as_of=day, answers=found)


def _answer_sentence(found: Answer, day: dt.date) -> str:
    if found.model is None or found.status is None:
        return f"{found.input!r} names no model for certain: {found.reason} (nothing is guessed)."
    named = found.model if found.input == found.model else f"{found.input!r} is {found.model}"
    if found.match == "family":
        named += f" (the models {', '.join(found.candidates)}, which agree)"
    api = _when(found.status, found.retires_on, found.retires_on_qualifier, day)
    if found.platform in (None, "claude-api"):
        where = f"on the Claude API: {api}"
    else:
        there = found.platform_status or "no status of its own"
        where = f"on {found.platform}: {there} there (on the Claude API: {api})"
    move = f"; replacement {found.replacement}" if found.replacement else ""
    return f"{named} {where}{move}."


def resolved_text(result: Resolved) -> str:
    sentences = (_answer_sentence(found, result.as_of) for found in result.answers)
    return " ".join([*sentences, _data_sentence(result.data)])


# --- list_models and upcoming_retirements -----------------------------------------------------


class Listing(ModelIndex):
    """The models document `models --format json` and `upcoming --format json` print."""

    data: DataStamp
    as_of: dt.date = Field(description="The day statuses are read on and days counted from.")


def _listing(source: IndexSource, models: Sequence[Model], day: dt.date, today: dt.date) -> Listing:
    chosen = to_builtins(source.index.only(on_day(models, day, today)))
    return Listing.model_validate({**chosen, "data": stamp(source), "as_of": day})


def list_models(
    source: IndexSource,
    *,
    statuses: Collection[Status] | None,
    platform: Platform | None,
    as_of: str | None,
    today: dt.date,
) -> Listing:
    day = day_of(as_of, today)
    chosen = listed(source.index.models, day, today, statuses=statuses, platform=platform)
    return _listing(source, chosen, day, today)


def upcoming_retirements(
    source: IndexSource,
    *,
    within: str,
    include_tentative: bool,
    as_of: str | None,
    today: dt.date,
) -> Listing:
    day = day_of(as_of, today)
    try:
        window = parse_window(within)
    except ValueError as error:
        raise InputError(f"within: {error}") from None
    chosen = upcoming(
        source.index.models, day, window, today=today, include_tentative=include_tentative
    )
    return _listing(source, chosen, day, today)


def listing_text(result: Listing, today: dt.date) -> str:
    if not result.models:
        return f"No model fits, as of {result.as_of}. {_data_sentence(result.data)}"
    rows = []
    for model in result.models:
        status = status_on(model, result.as_of, today)
        move = f", replacement {model.replacement}" if model.replacement else ""
        when = _when(status, model.retires_on, model.retires_on_qualifier, result.as_of)
        rows.append(f"{model.model} ({when}{move})")
    counted = f"{len(rows)} model{'' if len(rows) == 1 else 's'} as of {result.as_of}"
    return f"{counted}: {'; '.join(rows)}. {_data_sentence(result.data)}"


# --- check_code -------------------------------------------------------------------------------


class CodeCheck(Record):
    data: DataStamp
    as_of: dt.date
    findings: tuple[Finding, ...] = Field(description="What `audit --format json` reports.")


def check_code(
    source: IndexSource,
    *,
    text: str,
    path: str | None,
    platform: Platform | None,
    include_active: bool,
    as_of: str | None,
    today: dt.date,
) -> CodeCheck:
    day = day_of(as_of, today)
    data = text.encode("utf-8", errors="replace")
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"text: {len(data)} bytes; at most {MAX_FILE_BYTES}, as audit reads")
    shown = (path or "").strip() or "snippet"
    resolver = Resolver.from_index(source.index)
    context = Context({model.model: model for model in source.index.models}, platform, day, today)
    found = in_place_order(findings_in(shown, data, resolver.resolve, context))
    kept = reported(found, include_active=include_active)
    return CodeCheck(data=stamp(source), as_of=day, findings=tuple(kept))


def check_text(result: CodeCheck) -> str:
    data = _data_sentence(result.data)
    if not result.findings:
        return (
            "No model id in the text is deprecated, retired or legacy. An id the pages do not "
            f"list is not reported: check one you are unsure of with resolve_model_ids. {data}"
        )
    lines = [
        f"line {f.line}, column {f.column}: {'active' if f.level == 'none' else f.level}: "
        + message(f)
        for f in result.findings
    ]
    return f"{'; '.join(lines)}. {data}"


# --- recommend_model --------------------------------------------------------------------------


class Recommendation(Record):
    model: str = Field(description="The Claude API id.")
    name: str = Field(description="The name people call it by, e.g. Claude Opus 4.8.")
    status: Status = Field(description="On the platform asked about: its own page's status.")
    retires_on: dt.date | None = Field(
        description="The Claude API's date (a 'not sooner than' one for an active model), on "
        "Anthropic-operated platforms only."
    )
    retires_on_qualifier: Qualifier | None
    aliases: tuple[str, ...] = Field(description="Claude API aliases that point to it.")
    ids: dict[Platform, tuple[str, ...]] = Field(
        description="Per platform (only the one asked about, if any), the ids to call it by."
    )


class Recommendations(Record):
    data: DataStamp
    as_of: dt.date
    family: str | None
    platform: Platform | None
    models: tuple[Recommendation, ...] = Field(
        description="The active models, in the order the page lists them."
    )


_WORD = re.compile(r"[a-z]+|\d+")


def family_word(model_id: str) -> str | None:
    """The family as the model's name gives it (`Claude Opus 4.8` → opus, Fable, Instant):
    any family the page names, not only the site's Opus / Sonnet / Haiku buckets."""
    words = _WORD.findall(model_name(model_id).lower())
    if words[:1] == ["claude"]:
        words = words[1:]
    return words[0] if words and words[0].isalpha() else None


def _wanted_family(family: str | None, models: Sequence[Model]) -> str | None:
    if family is None or not family.strip():
        return None
    words = family.lower().split()
    wanted = " ".join(words[1:] if words[:1] == ["claude"] and len(words) > 1 else words)
    known = sorted({word for model in models if (word := family_word(model.model))})
    if wanted not in known:
        raise InputError(f"family: {family!r} is no family the page names ({', '.join(known)})")
    return wanted


def _active(model: Model, platform: Platform | None, day: dt.date, today: dt.date) -> bool:
    """Active on the day on the Claude API, and on `platform` as its own page shows it."""
    api = status_on(model, day, today)
    if platform is None:
        return api == "active"
    return platform in model.platforms and standing(model, platform, api)[0] == "active"


def _recommendation(model: Model, platform: Platform | None) -> Recommendation:
    ids = {
        where: entry.ids
        for where, entry in model.platforms.items()
        if platform is None or where == platform
    }
    dated = platform is None or platform in ANTHROPIC_OPERATED
    return Recommendation(
        model=model.model,
        name=model_name(model.model),
        status="active",
        retires_on=model.retires_on if dated else None,
        retires_on_qualifier=model.retires_on_qualifier if dated else None,
        aliases=model.aliases,
        ids=ids,
    )


def recommend_model(
    source: IndexSource,
    *,
    family: str | None,
    platform: Platform | None,
    as_of: str | None,
    today: dt.date,
) -> Recommendations:
    day = day_of(as_of, today)
    models = source.index.models
    wanted = _wanted_family(family, models)
    chosen = tuple(
        _recommendation(model, platform)
        for model in models
        if (wanted is None or family_word(model.model) == wanted)
        and _active(model, platform, day, today)
    )
    return Recommendations(
        data=stamp(source), as_of=day, family=wanted, platform=platform, models=chosen
    )


def recommendations_text(result: Recommendations) -> str:
    where = result.platform or "the Claude API"
    kind = f"{result.family} " if result.family else ""
    data = _data_sentence(result.data)
    if not result.models:
        return f"The page lists no active {kind}model on {where} as of {result.as_of}. {data}"
    rows = []
    for found in result.models:
        ids = found.ids.get(result.platform, ()) if result.platform else (found.model,)
        api = result.platform in (None, "claude-api")
        called = ", ".join(dict.fromkeys([*ids, *(found.aliases if api else ())])) or found.model
        when = _when("active", found.retires_on, found.retires_on_qualifier, result.as_of)
        dated = f"; {when.removeprefix('active, ')}" if when != "active" else ""
        rows.append(f"{found.name} ({called}{dated})")
    return (
        f"Active {kind}models on {where} as of {result.as_of}, in the page's order: "
        f"{'; '.join(rows)}. Use one of these ids as written. {data}"
    )
