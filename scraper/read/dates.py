"""Dates as the page writes them, in any language, to ISO 8601.

Month names come from CLDR through Babel, for the page's language first and then for every
docs language, so `30. Juni 2025`, `30 de junio de 2025`, `2025 年 6 月 30 日`, `2025년 6월 30일`
and `30 июня 2025 г.` all read as 2025-06-30.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from scraper.fetch.sources import LOCALES

if TYPE_CHECKING:
    from babel import Locale

_NUMERIC = re.compile(r"\d")
_ISO = re.compile(r"(?<!\d)(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)")
# Chinese, Japanese and Korean write year, month and day with unit characters.
_CJK = re.compile(
    r"(?<!\d)(?P<year>\d{4})\s*+[年년]\s*+(?P<month>\d{1,2})\s*+[月월]\s*+(?P<day>\d{1,2})\s*+[日일]?"
)
_DAY = r"(?P<day>\d{1,2})(?!\d)"
_YEAR = r"(?P<year>\d{4})(?!\d)"
# Joiners between day, month and year: `30. Juni`, `30 de junio de`, `1er juillet`, `5th of`.
_DAY_SUFFIX = r"(?:\.|er|º|°|st|nd|rd|th)?"
# Possessive (`*+`): what a joiner consumed is never given back, so a long run of spaces
# after a number costs one scan, not one per position.
_JOINER = r"[\s,.]*+(?:(?:de|del|of)\s++)?"
_NOT_LETTER_BEFORE = r"(?<![^\W\d_])"
_NOT_LETTER_AFTER = r"(?![^\W\d_])"


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: dt.date
    start: int
    end: int


def _babel_locale(locale: str) -> Locale | None:
    # Babel (CLDR) only when a date is read: `fold` and the status words need none of it.
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@cache
def month_names(locale: str) -> Mapping[str, int]:
    """Month names and abbreviations of one language, folded, to month numbers."""
    babel_locale = _babel_locale(locale)
    if babel_locale is None:
        return {}
    names: dict[str, int] = {}
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for number, name in babel_locale.months[context][width].items():
                folded = fold(name).rstrip(".")
                # CJK month names are numerals ("6月"): the unit pattern reads them.
                if folded and not _NUMERIC.search(folded):
                    names.setdefault(folded, number)
    return names


@cache
def _all_month_names() -> Mapping[str, int]:
    """Month names of every docs language, minus the few that mean different months."""
    merged: dict[str, int] = {}
    ambiguous: set[str] = set()
    for locale in LOCALES:
        for name, number in month_names(locale).items():
            if merged.setdefault(name, number) != number:
                ambiguous.add(name)
    return {name: number for name, number in merged.items() if name not in ambiguous}


@cache
def _patterns(locale: str) -> tuple[tuple[re.Pattern[str], Mapping[str, int]], ...]:
    """Word-month patterns for the page's language, then for every docs language."""
    result = []
    for names in (month_names(locale), _all_month_names()):
        if not names:
            continue
        alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
        month = rf"{_NOT_LETTER_BEFORE}(?P<month>{alternatives})\.?{_NOT_LETTER_AFTER}"
        day_first = rf"{_DAY}{_DAY_SUFFIX}{_JOINER}{month}{_JOINER}{_YEAR}"
        month_first = rf"{month}\s*+{_DAY}{_DAY_SUFFIX}{_JOINER}{_YEAR}"
        pattern = re.compile(rf"{day_first}|{month_first.replace('?P<', '?P<m_')}", re.IGNORECASE)
        result.append((pattern, names))
    return tuple(result)


def fold(text: str) -> str:
    """Width and case folded (NFKC, casefold): the form `find_dates` positions refer to."""
    return unicodedata.normalize("NFKC", text).casefold()


def _make_date(year: str, month: str | int, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _numeric_dates(text: str) -> Iterable[FoundDate]:
    for pattern in (_ISO, _CJK):
        for match in pattern.finditer(text):
            value = _make_date(match["year"], match["month"], match["day"])
            if value is not None:
                yield FoundDate(value, match.start(), match.end())


def _word_dates(text: str, locale: str) -> Iterable[FoundDate]:
    for pattern, names in _patterns(locale):
        found = False
        for match in pattern.finditer(text):
            groups = {
                key.removeprefix("m_"): value for key, value in match.groupdict().items() if value
            }
            month = names.get(groups["month"].casefold().rstrip("."))
            value = month and _make_date(groups["year"], month, groups["day"])
            if value:
                found = True
                yield FoundDate(value, match.start(), match.end())
        if found:
            return  # the page's own language matched; the merged table is only a fallback


def find_dates(text: str, locale: str) -> list[FoundDate]:
    """Every date written in `text`, in order. Positions refer to the NFKC-folded text.

    A date written with a month name that overlaps a numeric one is the numeric one's. The
    numeric dates do not overlap each other, so the one that might is found by bisection:
    a text of many dates costs n log n, not n² (a note of a thousand dates took minutes)."""
    folded = fold(text)
    if not _NUMERIC.search(folded):
        return []  # every form of a date has digits (its year at least)
    numeric = sorted(
        {(item.start, item.end): item for item in _numeric_dates(folded)}.values(),
        key=lambda item: item.start,
    )
    starts = [item.start for item in numeric]
    found = list(numeric)
    for item in _word_dates(folded, locale):
        before = bisect_left(starts, item.end) - 1
        if before < 0 or numeric[before].end <= item.start:
            found.append(item)
    return sorted(found, key=lambda item: item.start)


def has_digits(text: str) -> bool:
    return bool(_NUMERIC.search(fold(text)))
