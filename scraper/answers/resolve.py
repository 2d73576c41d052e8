"""Which model a written model id names, and on which platform.

Interface (used by `resolve`, `audit`, `catalog` and the MCP server):

    Resolver.from_index(index)      index: the canonical Index (snapshots/models.json)
    resolver.explain(text)          -> Resolution | Unanswered: the answer, or why there is none
    resolver.resolve(text)          -> Resolution | None: the answer only
    Resolution.model                the Claude API id ("claude-sonnet-4-20250514"); for a
                                    family, its name ("claude-3-5-sonnet"), the ids in
                                    `candidates`
    Resolution.platform             the platform whose page applies: "claude-api" (also for a
                                    gateway's ids, `via` naming the gateway), "bedrock",
                                    "bedrock-legacy", "vertex-ai", "foundry", "aws-platform"
    Resolution.match                exact or alias (as the pages write it), rule (after steps),
                                    family; Unanswered.match: ambiguous | unknown
    Resolution.steps                the normalisations applied, in order
    answer(index, resolver, text, day=, today=)
                                    -> Answer: the above with the model's status on the Claude
                                    API on that day (read from its dates, as `models` reads
                                    it) and on that platform (`deprecations resolve`)

The pages' own forms come first, as written (API ids, aliases, each platform's ids, Foundry's
deployment names). Then the written id is reduced by named steps (`scraper.ids.normalise`: case,
routers and providers, Bedrock and Vertex AI syntax, variants, ...), a historical id is looked up
in its sourced table (`scraper.ids.history`), and what is left is read as a name
(`scraper.ids.match`). A name that fits several models is answered as their family only when
they agree on status, dates and replacement (and on the platform's own status); otherwise it is
ambiguous, with the candidates. Nothing else is guessed: no fuzzy matching, no near model.

This module stays light (no network, parsing or diff libraries): `resolve` imports only it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from scraper.answers.data import Index, Model
from scraper.answers.standing import status_on
from scraper.ids.match import Kind, Named, NameTable
from scraper.ids.normalise import BEDROCK_PLATFORMS, BedrockSyntax, Reading, Refusal, read_id
from scraper.ids.platforms import bedrock_stem
from scraper.terms import PLATFORMS, Platform, Qualifier, Status

Match = Literal["exact", "alias", "rule", "family", "ambiguous", "unknown"]
_REMEMBERED = 65536  # answers kept per resolver


@dataclass(frozen=True, slots=True)
class Resolution:
    """A written id answered: the model (or the family) it names, and where."""

    text: str
    model: str  # the API id; for a family, the family's name
    platform: Platform
    match: Match = "exact"
    candidates: tuple[str, ...] = ()  # the API ids it names (the family's in the page's order)
    steps: tuple[str, ...] = ()
    via: str | None = None  # the gateway or router the id goes through
    variant: str | None = None  # fast, thinking, 200k: the base model's facts apply

    @property
    def facts(self) -> str:
        """The API id whose facts answer for it (a family's models all agree)."""
        return self.candidates[0] if self.candidates else self.model


@dataclass(frozen=True, slots=True)
class Unanswered:
    """A written id that names no model for certain, and why."""

    text: str
    match: Literal["ambiguous", "unknown"]
    reason: str
    candidates: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Form:
    model: str
    platform: Platform
    kind: Kind


class Resolver:
    """Resolves written model ids against one canonical index (see the module docstring)."""

    def __init__(self, models: Sequence[Model]) -> None:
        self._models = {model.model: model for model in models}
        claims: dict[str, list[_Form]] = {}
        for form, found in _page_forms(models):
            if all(known.model != found.model for known in claims.setdefault(form, [])):
                claims[form].append(found)
        self._forms = {form: found[0] for form, found in claims.items() if len(found) == 1}
        self._claimed = {
            form: tuple(f.model for f in found) for form, found in claims.items() if len(found) > 1
        }
        aliases = {
            alias: found.model
            for alias, found in self._forms.items()
            if found.kind == "alias" and found.platform == "claude-api"
        }
        self._names = NameTable(self._models, aliases)
        self._bedrock = _bedrock_stems(models)
        self._answers: dict[str, Resolution | Unanswered] = {}

    @classmethod
    def from_index(cls, index: Index) -> Resolver:
        return cls(index.models)

    def resolve(self, text: str) -> Resolution | None:
        """The model and platform `text` names, or None when it names none for certain."""
        found = self.explain(text)
        return found if isinstance(found, Resolution) else None

    def explain(self, text: str) -> Resolution | Unanswered:
        """The answer for `text`, or why there is none (remembered: audit asks for the same
        tokens in file after file)."""
        found = self._answers.get(text)
        if found is None:
            found = self._explain(text)
            if len(self._answers) < _REMEMBERED:
                self._answers[text] = found
        return found

    def _explain(self, text: str) -> Resolution | Unanswered:
        written = text.strip()
        if not written:
            return Unanswered(text, "unknown", "empty")
        if written in self._claimed:
            models = self._claimed[written]
            return Unanswered(
                text, "ambiguous", f"the pages list {written} for {_listed(models)}", models
            )
        if (form := self._forms.get(written)) is not None:
            return Resolution(text, form.model, form.platform, form.kind, (form.model,))
        reading = read_id(written)
        if isinstance(reading, Refusal):
            return Unanswered(text, "unknown", reading.reason, steps=reading.steps)
        named, default = self._named(reading)
        if not named.ids:
            return Unanswered(text, "unknown", named.reason or "unknown", steps=reading.steps)
        return self._answer(text, reading, named, default)

    def _named(self, reading: Reading) -> tuple[Named, Platform]:
        """The page ids the reading names (a historical id's, a page form's, else by name),
        and the platform they are on unless the syntax says otherwise."""
        row = reading.historical
        if row is not None:
            present = tuple(model for model in row.models if model in self._models)
            step = f"historical id '{row.form}': {row.source}"
            if len(present) == len(row.models):
                return Named(present, "rule", (step,)), row.platform or "claude-api"
            listed = f"only {_listed(present)}" if present else "none of them"
            reason = f"{row.form} stood for {_listed(row.models)}; the page lists {listed}"
            return Named((), "rule", (step,), reason), "claude-api"
        form = self._forms.get(reading.text)
        if form is not None:
            return Named((form.model,), form.kind), form.platform
        learned = self._bedrock.get(reading.text)
        if reading.bedrock is not None and learned is not None:
            return Named((learned[0],), "exact"), "claude-api"
        return self._names.named(reading.text), "claude-api"

    def _answer(
        self, text: str, reading: Reading, named: Named, default: Platform
    ) -> Resolution | Unanswered:
        platform = self._platform(reading, named.ids[0], default)
        steps = (*reading.steps, *named.steps)
        if len(named.ids) == 1:
            return Resolution(
                text,
                named.ids[0],
                platform,
                "rule" if steps else named.kind,  # exact and alias: as the pages write it
                named.ids,
                steps,
                reading.via,
                reading.variant,
            )
        if len({_facts(self._models[model], platform) for model in named.ids}) > 1:
            reason = (
                f"{text.strip()} fits {_listed(named.ids)}, which differ in status, dates or "
                "replacement"
            )
            return Unanswered(text, "ambiguous", reason, named.ids, steps)
        family = named.family or _family_name(named.ids)
        return Resolution(
            text, family, platform, "family", named.ids, steps, reading.via, reading.variant
        )

    def _platform(self, reading: Reading, model: str, default: Platform) -> Platform:
        """The outermost syntax's platform; between the two Bedrock APIs, the id's own form (a
        historical id's row says its own)."""
        if reading.historical is not None:
            return reading.platform or default
        if reading.bedrock is None or reading.platform not in BEDROCK_PLATFORMS:
            return reading.on(default)
        return self._bedrock_platform(reading.text, model, reading.bedrock)

    def _bedrock_platform(self, stem: str, model: str, syntax: BedrockSyntax) -> Platform:
        """The Bedrock API a Bedrock-style id belongs to: the one page that lists its stem (or
        its model), else InvokeModel/Converse for a version, profile or ARN."""
        learned = self._bedrock.get(stem)
        listing = learned[1] if learned is not None and learned[0] == model else frozenset()
        if not listing:
            entries = self._models[model].platforms
            listing = frozenset(p for p in BEDROCK_PLATFORMS if p in entries)
        if len(listing) == 1:
            return next(iter(listing))
        return "bedrock-legacy" if syntax.invoke_model else "bedrock"


def _page_forms(models: Sequence[Model]) -> Iterable[tuple[str, _Form]]:
    """Every form the pages write, with its model: API ids, aliases, each platform's ids."""
    for model in models:
        yield model.model, _Form(model.model, "claude-api", "exact")
    for model in models:
        yield from ((alias, _Form(model.model, "claude-api", "alias")) for alias in model.aliases)
    for platform in PLATFORMS:
        for model in models:
            entry = model.platforms.get(platform)
            for written in entry.ids if entry else ():
                yield written, _Form(model.model, platform, "exact")


def _bedrock_stems(
    models: Sequence[Model],
) -> dict[str, tuple[str, frozenset[Platform]]]:
    """The stems of the Bedrock ids the pages list → (model, the Bedrock APIs listing it); a
    stem two models claim is left out."""
    found: dict[str, tuple[str, frozenset[Platform]]] = {}
    claimed: set[str] = set()
    for model in models:
        for platform in sorted(BEDROCK_PLATFORMS):
            entry = model.platforms.get(platform)
            for stem in filter(None, map(bedrock_stem, entry.ids if entry else ())):
                known, seen = found.get(stem, (model.model, frozenset()))
                if known != model.model:
                    claimed.add(stem)
                found[stem] = (model.model, seen | {platform})
    return {stem: found[stem] for stem in found.keys() - claimed}


def _listed(models: Sequence[str]) -> str:
    return models[0] if len(models) == 1 else f"{len(models)} models: {', '.join(models)}"


def _facts(model: Model, platform: Platform) -> tuple[object, ...]:
    """What a family's models must agree on to be answered as one."""
    entry = model.platforms.get(platform) if platform != "claude-api" else None
    return (
        model.status,
        model.deprecated_on,
        model.retires_on,
        model.retires_on_qualifier,
        model.retired_on,
        model.replacement,
        entry.status if entry is not None else None,
    )


def _family_name(models: tuple[str, ...]) -> str:
    """The name the models share: `claude-3-5-sonnet` for its two dated ids, `claude-2`."""
    shared = models[0]
    for model in models[1:]:
        while not model.startswith(shared):
            shared = shared[:-1]
    cut = max(shared.rfind("-"), shared.rfind("."))
    return shared[:cut] if cut > 0 and shared != models[0] else shared


@dataclass(frozen=True, slots=True)
class Answer:
    """One line of `deprecations resolve`: what a written id names and where it stands."""

    input: str
    model: str | None  # the API id; a family's name; null when ambiguous or unknown
    platform: Platform | None
    match: Match
    status: Status | None  # on the Claude API (the deprecations page)
    platform_status: Status | None  # on the platform the input names, as its page shows it
    retires_on: dt.date | None  # the Claude API's date (Anthropic-operated platforms)
    retires_on_qualifier: Qualifier | None
    replacement: str | None
    candidates: tuple[str, ...]  # the API ids it names (a family's), or could name (ambiguous)
    via: str | None
    variant: str | None
    steps: tuple[str, ...]
    reason: str | None  # why it names no model, for ambiguous and unknown


def answer(index: Index, resolver: Resolver, text: str, *, day: dt.date, today: dt.date) -> Answer:
    """The resolution of `text` with the index's facts about the model it names, its Claude
    API status that of `day` (a firm retirement date passed is a retirement, whatever the
    page's word; `scraper.answers.standing.status_on`)."""
    found = resolver.explain(text)
    if isinstance(found, Unanswered):
        return Answer(
            text, None, None, found.match, None, None, None, None, None,
            found.candidates, None, None, found.steps, found.reason,
        )  # fmt: skip
    model = next(m for m in index.models if m.model == found.facts)
    status = status_on(model, day, today)
    entry = model.platforms.get(found.platform)
    platform_status = entry.status if entry and found.platform != "claude-api" else None
    return Answer(
        input=text,
        model=found.model,
        platform=found.platform,
        match=found.match,
        status=status,
        platform_status=status if found.platform == "claude-api" else platform_status,
        retires_on=model.retires_on,
        retires_on_qualifier=model.retires_on_qualifier,
        replacement=model.replacement,
        candidates=found.candidates,
        via=found.via,
        variant=found.variant,
        steps=found.steps,
        reason=None,
    )
