"""The note that dates a history section's retirement: "These models were retired November 6,
2024." A date is the section's `retired_on` only when its own sentence says the models were
retired, in a lifecycle word of the page for that stage (its defined term, its language's
built-in word, or English), and not in the future: never a date a note merely mentions
("Since November 1, 2026, … no longer offered to new organizations"), the announcement's
own date ("On June 30, 2025, we notified developers…"), nor a retirement still to come
("will be retired on…", "将于…停用", "廃止される予定").
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from scraper.read.dates import FoundDate, find_dates, fold
from scraper.read.vocabulary import FUTURE_MARKERS, fold_word

_WIDE_SENTENCE_ENDS = frozenset("。！？")
_SENTENCE_END = re.compile(r"[.!?。！？]")
# A future word rules its clause: up to a semicolon or colon, not a comma ("Requests will fail
# after January 5, 2026, when they are retired" retired nothing yet).
_CLAUSE_END = re.compile(r"[.!?。！？;:；：]")
_WORD = re.compile(r"\w+")
# A word that ends in a vowel takes the language's inflections there (`ritirato` → the note's
# `ritirati`, `retirado` → `retirados`, `выведена` → `выведены`): up to this many letters.
_VOWELS = frozenset("aeiouyàáâãäåèéêëìíîïòóôõöùúûüаеёиоуыэюя")
_INFLECTION = 3


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


def _spaced(word: str) -> bool:
    """Written with spaces between words (Latin, Cyrillic): matched by whole words. Han, kana
    and Hangul words are matched inside the text."""
    return all(ord(char) < 0x1100 for char in word)


def _agrees(token: str, word: str) -> bool:
    if token == word:
        return True
    stem = word[:-1]
    return (
        len(word) >= 5
        and word[-1] in _VOWELS
        and token.startswith(stem)
        and len(stem) < len(token) <= len(stem) + _INFLECTION
        and token[len(stem)] in _VOWELS
    )


def _word_spans(sentence: str, word: str) -> Iterable[_Span]:
    """Where a lifecycle word (perhaps of several words) stands in the folded sentence."""
    if not _spaced(word):
        start = sentence.find(word)
        while start >= 0:
            yield _Span(start, start + len(word))
            start = sentence.find(word, start + 1)
        return
    parts = word.split()
    tokens = list(_WORD.finditer(sentence))
    for index in range(len(tokens) - len(parts) + 1):
        run = tokens[index : index + len(parts)]
        if all(_agrees(token.group(), part) for token, part in zip(run, parts, strict=True)):
            yield _Span(run[0].start(), run[-1].end())


def _bounds(text: str, dates: Sequence[FoundDate], ends: re.Pattern[str]) -> list[int]:
    """Positions after which a sentence (or clause) ends: an end mark outside the dates (a
    date's `6.` is no end), followed by a space or the end of the text unless it is wide.
    `dates` are in order and do not overlap, so one walk over both is enough."""
    found = []
    remaining = iter(dates)
    current = next(remaining, None)
    for mark in ends.finditer(text):
        position = mark.start()
        while current is not None and current.end <= position:
            current = next(remaining, None)
        if current is not None and current.start <= position:
            continue
        following = text[position + 1 : position + 2]
        if mark.group() in _WIDE_SENTENCE_ENDS or not following or following.isspace():
            found.append(position + 1)
    return found


def _pieces(text: str, bounds: Sequence[int]) -> list[_Span]:
    starts = [0, *bounds]
    ends = [*bounds, len(text)]
    return [_Span(start, end) for start, end in zip(starts, ends, strict=True) if start < end]


class _Note:
    """One note, folded, in sentences and clauses. Each clause is judged future or not once,
    and found by bisection: linear in the note, however many words or dates it repeats."""

    def __init__(self, text: str, dates: Sequence[FoundDate], locale: str) -> None:
        self.folded = fold(text)
        self.dates = dates
        self.clauses = _pieces(self.folded, _bounds(self.folded, dates, _CLAUSE_END))
        self.starts = [clause.start for clause in self.clauses]
        spoken = (*FUTURE_MARKERS["en"], *FUTURE_MARKERS.get(locale, ()))
        self.markers = {fold_word(marker) for marker in spoken}
        self.future: dict[int, bool] = {}

    def sentences(self) -> list[_Span]:
        return _pieces(self.folded, _bounds(self.folded, self.dates, _SENTENCE_END))

    def _in_future(self, position: int) -> bool:
        index = bisect_right(self.starts, position) - 1
        if index not in self.future:
            clause = self.clauses[index]
            text = self.folded[clause.start : clause.end]
            tokens = {token.group() for token in _WORD.finditer(text)}
            self.future[index] = any(
                (marker in tokens) if _spaced(marker) else (marker in text)
                for marker in self.markers
            )
        return self.future[index]

    def retired_words(self, sentence: _Span, words: Collection[str]) -> list[_Span]:
        """Where the sentence says retired, in clauses not about the future, in order."""
        text = self.folded[sentence.start : sentence.end]
        found = {
            _Span(sentence.start + span.start, sentence.start + span.end)
            for word in words
            for span in _word_spans(text, word)
        }
        return sorted(
            (span for span in found if not self._in_future(span.start)),
            key=lambda span: span.start,
        )


def _gap(date: FoundDate, span: _Span) -> int:
    return max(span.start - date.end, date.start - span.end, 0)


def _nearest(dates: Sequence[FoundDate], spans: Sequence[_Span]) -> FoundDate:
    """The date closest to a retired word ("deprecated on June 30, 2025 and retired on
    October 28, 2025" retired on the second): for each date, the words on either side of it,
    found by bisection."""
    starts = [span.start for span in spans]

    def distance(date: FoundDate) -> int:
        index = bisect_right(starts, date.start)
        around = spans[max(index - 1, 0) : index + 1]
        return min(_gap(date, span) for span in around)

    return min(dates, key=distance)


def retirement_date(
    text: str, announced_on: dt.date, words: Collection[str], locale: str
) -> dt.date | None:
    """The date a note says the models were retired on (`words`: the page's folded words for
    retired), or None when it says no such thing."""
    dates = find_dates(text, locale)
    if not dates:
        return None
    note = _Note(text, dates, locale)
    remaining = iter(dates)  # dates and sentences are both in order: one walk
    current = next(remaining, None)
    for sentence in note.sentences():
        inside: list[FoundDate] = []
        while current is not None and current.start < sentence.end:
            if current.value != announced_on:
                inside.append(current)
            current = next(remaining, None)
        spans = note.retired_words(sentence, words) if inside else []
        if spans:
            return _nearest(inside, spans).value
    return None
