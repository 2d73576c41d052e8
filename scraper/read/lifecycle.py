"""Which lifecycle stage (active, legacy, deprecated, retired) a status cell or a defined term
names: the page's own words first.

Words come from sources, in this order: the page's own defined terms and English (both
*authoritative*: the page says what its words mean, and an English word or gloss is the docs'
own), then the built-in words of the page's language and of every other docs language
(*fallbacks*, for pages that do not say). A text whose forms the authoritative sources read
as two stages contradicts the page itself and rejects it (`Retired (Deprecated)`, or a cell
glossing a word otherwise than the page's list). A fallback that disagrees with them is only
a warning: `Retired (Dihentikan)` means retired, whatever an older translation taught us.

A status cell is a whole word: a known word exactly, or with one of the endings its language
gives it (`vocabulary.STATUS_ENDINGS`, a closed list); any other text makes it unknown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

from scraper.errors import PageParseError
from scraper.read.vocabulary import (
    BUILTIN_STATUS_WORDS,
    STATUS_ENDINGS,
    fold_word,
    term_variants,
)
from scraper.terms import STATUSES, Status

_CHECK = "lifecycle-words"


@dataclass(frozen=True, slots=True)
class WordSource:
    """Words of one source, folded, with the endings they may take in a cell."""

    name: str
    words: Mapping[str, Status]
    endings: tuple[str, ...] = ()
    authoritative: bool = False

    def read(self, folded: str) -> Status | None:
        """The stage a folded form names: its exact word, or a word and one ending."""
        if folded in self.words:
            return self.words[folded]
        stages = {
            self.words[stem]
            for ending in self.endings
            if folded.endswith(ending) and (stem := folded[: -len(ending)].rstrip()) in self.words
        }
        if len(stages) > 1:
            raise PageParseError(
                f"lifecycle word {folded!r} names {' and '.join(sorted(stages))}", check=_CHECK
            )
        return next(iter(stages), None)


@cache
def builtin_source(locale: str) -> WordSource:
    """One language's built-in words (a word naming two stages in it is left out)."""
    words: dict[str, Status] = {}
    ambiguous: set[str] = set()
    for status, spellings in BUILTIN_STATUS_WORDS.get(locale, {}).items():
        for spelling in spellings:
            folded = fold_word(spelling)
            if words.setdefault(folded, status) != status:
                ambiguous.add(folded)
    endings = tuple(fold_word(ending) for ending in STATUS_ENDINGS.get(locale, ()))
    return WordSource(
        f"the built-in {locale} words",
        {word: status for word, status in words.items() if word not in ambiguous},
        endings,
        authoritative=locale == "en",
    )


@cache
def fallback_sources(locale: str) -> tuple[WordSource, ...]:
    """English (authoritative), then the page language's built-in words, then the others'."""
    others = sorted(other for other in BUILTIN_STATUS_WORDS if other not in (locale, "en"))
    own = (locale,) if locale in BUILTIN_STATUS_WORDS and locale != "en" else ()
    return tuple(builtin_source(name) for name in ("en", *own, *others))


@dataclass(frozen=True, slots=True)
class Reading:
    """What a text names: its stage (None: unknown), whether an authoritative source says so,
    and the fallbacks that read one of its forms otherwise (warnings)."""

    status: Status | None
    authoritative: bool = False
    disagreements: tuple[str, ...] = ()


def _form_readings(
    variant: str, sources: Sequence[WordSource]
) -> tuple[tuple[Status, WordSource] | None, tuple[Status, WordSource] | None]:
    """The first authoritative and the first fallback reading of one form."""
    first: dict[bool, tuple[Status, WordSource]] = {}
    for source in sources:
        if source.authoritative in first:
            continue
        status = source.read(variant)
        if status is not None:
            first[source.authoritative] = (status, source)
    return first.get(True), first.get(False)


def read_text(text: str, sources: Sequence[WordSource], *, whole: bool) -> Reading:
    """The stage a cell (`whole`: every form must be a known word) or a term names.

    Its forms are the word and each gloss in parentheses (`活跃（Active）`). Authoritative
    readings that disagree contradict the page (PageParseError); fallbacks that disagree with
    them are warnings; fallbacks that disagree among themselves, with no authoritative reading,
    leave a term unknown and make a cell ambiguous (PageParseError).
    """
    authoritative: dict[Status, str] = {}
    fallback: dict[Status, tuple[str, WordSource]] = {}
    for variant in term_variants(text):
        trusted, other = _form_readings(variant, sources)
        if trusted is None and other is None and whole:
            return Reading(None)
        if trusted is not None:
            authoritative.setdefault(trusted[0], variant)
        if other is not None:
            fallback.setdefault(other[0], (variant, other[1]))
    shown = text.strip(" :：")
    if len(authoritative) > 1:
        parts = ", ".join(f"{variant!r} is {status}" for status, variant in authoritative.items())
        raise PageParseError(f"lifecycle word {shown!r} contradicts itself ({parts})", check=_CHECK)
    if authoritative:
        (status,) = authoritative
        return Reading(status, True, _disagreements(shown, status, fallback))
    if len(fallback) > 1 and whole:
        raise PageParseError(
            f"lifecycle word {shown!r} names {' and '.join(sorted(fallback))}", check=_CHECK
        )
    if len(fallback) > 1:
        return Reading(None, False, _disagreements(shown, None, fallback))
    return Reading(next(iter(fallback), None))


def _disagreements(
    shown: str, status: Status | None, fallback: Mapping[Status, tuple[str, WordSource]]
) -> tuple[str, ...]:
    return tuple(
        f"{shown!r}: {source.name} read {variant!r} as {other}"
        for other, (variant, source) in fallback.items()
        if other != status
    )


@dataclass(frozen=True, slots=True)
class PageTerms:
    """The page's four defined terms by stage, and what our words said otherwise."""

    terms: Mapping[Status, str]
    warnings: tuple[str, ...] = ()


def _claims(
    terms: Sequence[str], readings: Sequence[Reading]
) -> tuple[dict[Status, str], list[tuple[int, str]]]:
    """The terms whose reading places them (authoritative ones first), and the terms left to
    be placed by their position in the list."""
    known: dict[Status, str] = {}
    for term, reading in zip(terms, readings, strict=True):
        if reading.authoritative and reading.status is not None:
            if reading.status in known:
                raise PageParseError(
                    f"the lifecycle list defines {reading.status} twice "
                    f"({known[reading.status]!r} and {term!r})",
                    check=_CHECK,
                )
            known[reading.status] = term
    fallback = [r.status for r in readings if not r.authoritative]
    placed: list[tuple[int, str]] = []
    for position, (term, reading) in enumerate(zip(terms, readings, strict=True)):
        status = reading.status
        if reading.authoritative:
            continue
        shared = fallback.count(status) > 1 and STATUSES[position] != status
        if status is None or status in known or shared:
            placed.append((position, term))
        else:
            known[status] = term
    return known, placed


def lifecycle_terms(terms: Sequence[str], locale: str) -> PageTerms:
    """Each of the page's four defined terms paired with the stage it means.

    By meaning, not by the list's order: a list whose definitions were swapped still maps
    `Retired` to retired. A term the page glosses in English means what the English says. A
    term only our built-in words read, when another term already means that stage, or which
    no word reads, is placed by its position in the list (translations move a word to
    another stage between versions: Indonesian "Dihentikan"), or takes the one stage left.
    """
    readings = [read_text(term, fallback_sources(locale), whole=False) for term in terms]
    known, placed = _claims(terms, readings)
    warnings = [note for reading in readings for note in reading.disagreements]
    left = [status for status in STATUSES if status not in known]
    if len(placed) == 1 and len(left) == 1:
        placed = [(STATUSES.index(left[0]), placed[0][1])]
    for position, term in placed:
        stage = STATUSES[position]
        if stage in known:
            raise PageParseError(
                f"the lifecycle list's term {term!r} stands in the place of {stage}, "
                f"which {known[stage]!r} means",
                check=_CHECK,
            )
        known[stage] = term
        reading = readings[terms.index(term)]
        if reading.status not in (None, stage):
            warnings.append(
                f"{term.strip(' :：')!r} stands in the place of {stage}; "
                f"the built-in words read it as {reading.status}"
            )
    return PageTerms({status: known[status] for status in STATUSES}, tuple(warnings))


def _page_source(terms: Mapping[Status, str], locale: str) -> WordSource:
    """The page's defined terms as words; one word defined as two stages contradicts the
    page itself."""
    words: dict[str, Status] = {}
    for status, term in terms.items():
        for variant in term_variants(term):
            if words.setdefault(variant, status) != status:
                raise PageParseError(
                    f"the lifecycle list defines {variant!r} as both {words[variant]} and {status}",
                    check=_CHECK,
                )
    endings = tuple(fold_word(ending) for ending in STATUS_ENDINGS.get(locale, ()))
    return WordSource("the page's list", words, endings, authoritative=True)


class LifecycleWords:
    """The lifecycle words one page's status cells are read with: its own defined terms and
    English first, then the built-in words of its language, then every language's."""

    def __init__(self, locale: str, page_terms: Sequence[str] | None) -> None:
        defined = lifecycle_terms(page_terms, locale) if page_terms else None
        self.terms = defined.terms if defined else None
        # What the page's own list says otherwise than our built-in words.
        self.warnings = defined.warnings if defined else ()
        own = (_page_source(defined.terms, locale),) if defined else ()
        self.sources = (*own, *fallback_sources(locale))

    def status(self, cell: str) -> Status | None:
        """The stage a status cell names (None: not a lifecycle word); PageParseError when
        it names two, or contradicts the page's own words."""
        return read_text(cell, self.sources, whole=True).status

    def knows(self, cell: str) -> bool:
        """Whether a cell is a lifecycle word at all (one naming two stages still is)."""
        try:
            return self.status(cell) is not None
        except PageParseError:
            return True


def words_for(status: Status, locale: str, page_terms: Mapping[Status, str] | None) -> set[str]:
    """Every folded word that names `status` on a page: its own term, its language's and
    English's built-in words."""
    found = {
        word
        for source in (builtin_source("en"), builtin_source(locale))
        for word, stage in source.words.items()
        if stage == status
    }
    if page_terms is not None:
        found.update(term_variants(page_terms[status]))
    return found
