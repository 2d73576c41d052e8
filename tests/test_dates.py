"""Dates in every docs language read as ISO dates; qualifiers and empty cells are recognised."""

from __future__ import annotations

import datetime as dt

import pytest

from scraper.errors import PageParseError
from scraper.read.dates import find_dates
from scraper.read.extract import _date_cell

JUNE_30 = dt.date(2025, 6, 30)


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("June 30, 2025", "en"),
        ("30 June 2025", "en"),
        ("Jun 30, 2025", "en"),
        ("30. Juni 2025", "de"),
        ("30 de junio de 2025", "es"),
        ("30 juin 2025", "fr"),
        ("30 giugno 2025", "it"),
        ("30 de junho de 2025", "pt-BR"),
        ("30 Juni 2025", "id"),
        ("30 июня 2025 г.", "ru"),
        ("2025 年 6 月 30 日", "zh-TW"),
        ("2025年6月30日", "zh-CN"),
        ("2025年6月30日", "ja"),
        ("2025년 6월 30일", "ko"),
        ("2025-06-30", "en"),
        ("２０２５年６月３０日", "ja"),
    ],
)
def test_written_dates_read_as_iso(text: str, locale: str) -> None:
    """Each locale's written form of June 30, 2025 gives that date."""
    assert [found.value for found in find_dates(text, locale)] == [JUNE_30]


def test_month_names_of_other_languages_are_a_fallback() -> None:
    """A Spanish date on a page of unknown language still reads, through the merged CLDR table."""
    assert [found.value for found in find_dates("19 de febrero de 2026", "und")] == [
        dt.date(2026, 2, 19)
    ]


def test_first_of_month_ordinals() -> None:
    """French `1er` and English `1st` day ordinals are understood."""
    assert find_dates("1er juillet 2025", "fr")[0].value == dt.date(2025, 7, 1)
    assert find_dates("July 1st, 2025", "en")[0].value == dt.date(2025, 7, 1)


def test_impossible_dates_are_not_dates() -> None:
    """February 30 is not read as a date."""
    assert find_dates("February 30, 2026", "en") == []


def test_several_dates_in_a_sentence_in_order() -> None:
    """A sentence with two dates yields both, first one first."""
    text = "On June 5, 2026, we announced its retirement on August 5, 2026."
    assert [found.value for found in find_dates(text, "en")] == [
        dt.date(2026, 6, 5),
        dt.date(2026, 8, 5),
    ]


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("Not sooner than May 14, 2026", "en"),
        ("Nicht vor dem 14. Mai 2026", "de"),
        ("Non prima del 14 maggio 2026", "it"),
        ("Tidak lebih awal dari 14 Mei 2026", "id"),
        ("不早於 2026 年 5 月 14 日", "zh-TW"),
        ("不早于 2026 年 5 月 14 日", "zh-CN"),
        ("Pas avant le 14 mai 2026", "fr"),
        ("No antes del 14 de mayo de 2026", "es"),
        ("Não antes de 14 de maio de 2026", "pt-BR"),
        ("Не ранее 14 мая 2026 г.", "ru"),
        ("2026年5月14日以降", "ja"),
    ],
)
def test_not_sooner_than_in_every_language(text: str, locale: str) -> None:
    """ "Not sooner than <date>" gives the date and the not_sooner_than qualifier."""
    cell = _date_cell(text, locale)
    assert cell.value == dt.date(2026, 5, 14)
    assert cell.qualifier == "not_sooner_than"


def test_unknown_words_around_a_tentative_date_mean_not_sooner_than() -> None:
    """In an active model's retirement cell, words the tables do not know still qualify it."""
    assert _date_cell("최소 2026년 5월 14일", "ko", tentative=True).qualifier == "not_sooner_than"
    assert _date_cell("최소 2026년 5월 14일", "ko").qualifier is None


def test_plain_date_has_no_qualifier() -> None:
    """A bare date is firm."""
    assert _date_cell("February 19, 2026", "en") == _date_cell("2026-02-19", "en")
    assert _date_cell("February 19, 2026", "en").qualifier is None


@pytest.mark.parametrize("text", ["N/A", "不适用", "—", "", "해당 없음"])
def test_cells_without_a_date_are_null(text: str) -> None:
    """N/A and its translations give a null date."""
    cell = _date_cell(text, "en")
    assert (cell.value, cell.qualifier) == (None, None)


@pytest.mark.parametrize("text", ["To be announced", "TBD", "TBA", "未定", "À annoncer"])
def test_cells_whose_date_is_to_come_are_null_and_to_be_announced(text: str) -> None:
    """A cell saying "to be announced" (or its kin) is a null date that is still to come."""
    cell = _date_cell(text, "en")
    assert (cell.value, cell.qualifier) == (None, "to_be_announced")


def test_a_cell_with_numbers_but_no_date_is_an_error() -> None:
    """A garbled date fails clearly instead of becoming null."""
    with pytest.raises(PageParseError, match="unrecognised date 'Smarch 5, 2026'"):
        _date_cell("Smarch 5, 2026", "en")
