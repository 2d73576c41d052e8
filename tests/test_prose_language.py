"""The prose check (read/language.py, #29): a Latin-script page that declares no language is
judged by the language of its prose, both ways, on pages it was not built from: every saved
copy, hand-written paragraphs in the languages the copies lack, and variants made from them
(another copy's prose in a page's place, English paragraphs mixed in, cuts near the prose
threshold, the HTML rendering, any text at all).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraper.errors import PageParseError
from scraper.read.document import Document
from scraper.read.extract import read_page
from scraper.read.language import identify_languages, prose_language, prose_sample
from scraper.read.markdown import render_html
from scraper.read.parse import parse_page
from tests.test_trust import without_front_matter

FIXTURES = Path(__file__).parent / "fixtures"
LATIN = ("en", "de", "fr", "es", "it", "pt-BR", "id")
NAMES = {
    "en": "English",
    "de": "German",
    "fr": "French",
    "es": "Spanish",
    "it": "Italian",
    "pt-BR": "Portuguese",
    "id": "Indonesian",
}
COPIES = sorted(
    path.stem for path in (FIXTURES / "pages").glob("*.md") if path.name.split("--")[0] in LATIN
)
WRITTEN = sorted(path.stem for path in (FIXTURES / "prose").glob("*.md") if path.stem in LATIN)
SYNTHETIC = ("es", "fr", "pt-BR")


def copy_text(name: str) -> str:
    """A saved copy as a server that declares nothing would send it."""
    return without_front_matter(name)


def locale_of(name: str) -> str:
    return name.split("--")[0]


def document(text: str) -> Document:
    return parse_page(text).document


def samples() -> list[tuple[str, str]]:
    """(locale, Markdown) of every text in a known language: copies, synthetic, written."""
    found = [(locale_of(name), copy_text(name)) for name in COPIES]
    found += [
        (locale, (FIXTURES / "synthetic" / f"{locale}.md").read_text(encoding="utf-8"))
        for locale in SYNTHETIC
    ]
    found += [
        (locale, (FIXTURES / "prose" / f"{locale}.md").read_text(encoding="utf-8"))
        for locale in WRITTEN
    ]
    return found


SAMPLES = samples()
SAMPLE_IDS = [f"{locale}-{index}" for index, (locale, _) in enumerate(SAMPLES)]


@pytest.mark.parametrize("render", [False, True], ids=["markdown", "html"])
@pytest.mark.parametrize(("locale", "text"), SAMPLES, ids=SAMPLE_IDS)
def test_each_text_is_its_own_language_at_every_latin_address(
    locale: str, text: str, render: bool
) -> None:
    """At its own address nothing is said; at every other Latin language's, its language."""
    prose = document(render_html(text) if render else text)
    verdicts = {expected: prose_language(prose, expected) for expected in LATIN}
    assert verdicts == {expected: None if expected == locale else locale for expected in LATIN}


def paragraphs(text: str) -> list[str]:
    """The sentences of a page: its paragraph lines of eight words or more."""
    return [
        line
        for line in text.splitlines()
        if line[:1].isalpha() and len(line.split()) >= 8 and "|" not in line
    ]


# A line of prose: a paragraph, a note, a list item's text (after its marker and bold term).
PROSE_LINE = re.compile(r"^(\s*(?:(?:[-*]|\d+\.)\s+)?(?:\*\*[^*\n]*\*\*\s*:?\s*)?)(\w.*)$")


def with_prose_of(page: str, donor: str) -> str:
    """`page` with the text of each of its prose lines replaced by the next of `donor`'s
    sentences: its tables, headings and lifecycle terms stay as they were."""
    sentences = itertools.cycle(paragraphs(donor))
    lines = []
    for line in page.splitlines():
        found = PROSE_LINE.match(line)
        lines.append(found[1] + next(sentences) if found and "|" not in line else line)
    return "\n".join(lines) + "\n"


SWAPS = [
    (page, donor)
    for page, donor in itertools.product(COPIES, COPIES)
    if locale_of(page) != locale_of(donor)
]


@pytest.mark.parametrize(("page", "donor"), SWAPS, ids=[f"{p}<-{d}" for p, d in SWAPS])
def test_a_copy_with_another_languages_prose_is_refused(page: str, donor: str) -> None:
    """Each real copy's own tables and terms, another Latin copy's sentences: refused as that
    language's page, with the same message and check as any page in the wrong language."""
    locale, other = locale_of(page), locale_of(donor)
    swapped = with_prose_of(copy_text(page), copy_text(donor))
    with pytest.raises(PageParseError) as error:
        read_page(swapped.encode(), locale=locale)
    assert (error.value.check, str(error.value)) == (
        "language",
        f"served the {other} page (its prose is in {NAMES[other]})",
    )


def mixed(text: str, english: list[str], share: float) -> str:
    """`text` with English paragraphs put after its own, until about `share` of its letters
    are English."""
    own = sum(char.isalpha() for char in text)
    wanted, added, lines = own * share / (1 - share), 0, []
    pending = iter(english)
    for line in text.splitlines():
        lines.append(line)
        if line in english or not line[:1].isalpha():
            continue
        while added < wanted * len(lines) / len(text.splitlines()):
            paragraph = next(pending, None)
            if paragraph is None:
                break
            lines += ["", paragraph, ""]
            added += sum(char.isalpha() for char in paragraph)
    return "\n".join(lines) + "\n"


ENGLISH = paragraphs(copy_text("en--2026-10-10"))
TRANSLATIONS = [name for name in COPIES if locale_of(name) != "en"]


@pytest.mark.parametrize("name", TRANSLATIONS)
def test_a_translation_with_an_english_paragraph_or_two_is_judged_by_its_majority(
    name: str,
) -> None:
    """Two English paragraphs in a real translation: read as usual at its own address, and
    still that language's page at the English one."""
    locale = locale_of(name)
    text = copy_text(name)
    first = next(line for line in text.splitlines() if line in paragraphs(text))
    page = text.replace(first, f"{first}\n\n{ENGLISH[0]}\n\n{ENGLISH[1]}", 1)
    assert read_page(page.encode(), locale=locale).content.models
    with pytest.raises(PageParseError) as error:
        read_page(page.encode(), locale="en")
    assert str(error.value).startswith(f"served the {locale} page (")


@pytest.mark.parametrize("name", TRANSLATIONS)
def test_a_translation_half_english_is_no_verdict_either_way(name: str) -> None:
    """A translation whose prose is half English (left untranslated): no language holds a
    clear majority, so the prose check refuses it at neither address."""
    locale = locale_of(name)
    page = document(mixed(copy_text(name), ENGLISH, 0.5))
    assert (prose_language(page, locale), prose_language(page, "en")) == (None, None)


@pytest.mark.parametrize("locale", ["de", "fr", "es", "it", "pt-BR", "id"])
def test_an_english_page_with_a_translated_paragraph_is_english(locale: str) -> None:
    """The English page with one paragraph of a translation: English at a translation's
    address; nothing said at the English one."""
    english = copy_text("en--2026-10-10")
    translated = paragraphs((FIXTURES / "prose" / f"{locale}.md").read_text(encoding="utf-8"))
    page = document(english.replace(ENGLISH[2], f"{ENGLISH[2]}\n\n{translated[0]}", 1))
    assert (prose_language(page, locale), prose_language(page, "en")) == ("en", None)


def cut(text: str, letters: int) -> str:
    """`text` up to its `letters`-th letter."""
    seen = 0
    for index, char in enumerate(text):
        seen += char.isalpha()
        if seen == letters:
            return text[: index + 1]
    return text


def prose_only(text: str) -> str:
    """The sentences of a page as plain paragraphs (what the prose check reads, nothing else)."""
    return "\n\n".join(paragraphs(text))


@pytest.mark.parametrize(("locale", "text"), SAMPLES, ids=SAMPLE_IDS)
def test_too_little_prose_is_not_judged_and_enough_is_judged_right(locale: str, text: str) -> None:
    """Prose cut to fewer than 400 letters says nothing anywhere; cut anywhere from 400 letters
    on, it is never taken for another language, and is told from about 500."""
    prose = prose_only(text)
    other = "de" if locale == "en" else "en"
    assert prose_language(document(cut(prose, 399)), other) is None
    total = sum(char.isalpha() for char in prose)
    for letters in range(400, min(total, 800), 25):
        shorter = document(cut(prose, letters))
        assert prose_language(shorter, locale) is None
        verdict = prose_language(shorter, other)
        assert verdict in ((None, locale) if letters < 500 else (locale,)), letters


def test_a_short_english_page_at_a_translation_address_is_read() -> None:
    """The English page with its tables, headings and lifecycle terms but hardly any prose, at
    the German address: too little to judge, so read (with its English terms) as usual."""
    prose_sections = ("Migrating", "Notifications", "Auditing", "Best practices", "Deprecation d")
    lines = copy_text("en--2026-10-10").splitlines()
    page = "\n".join(
        found[1] + "Supported." if (found := PROSE_LINE.match(line)) and "**" in found[1] else line
        for line in lines
        if (not PROSE_LINE.match(line) or "**" in line or "|" in line)
        and not line.startswith(tuple(f"## {heading}" for heading in prose_sections))
    )
    assert 0 < prose_sample(document(page))[1].total() < 400
    assert prose_language(document(page), "de") is None
    assert read_page(page.encode(), locale="de").content.models


@given(st.text())
def test_any_text_is_identified_without_an_error(text: str) -> None:
    """Control characters, noncharacters, surrogates: CLD2 refuses them as "invalid UTF-8",
    so they must never reach it."""
    shares = identify_languages(text)
    assert all(0 <= percent <= 100 for _, percent in shares.percents)


def test_control_characters_in_the_prose_do_not_hide_its_language() -> None:
    """English prose strewn with characters CLD2 refuses is still English at the German
    address (a page decoded with replacement characters can hold any of them)."""
    hostile = "\x00\x01\x0b\x7f\x85\x9f\ufffe\uffff\U0010ffff\u2028"
    prose = prose_only(copy_text("en--2026-10-10"))
    strewn = "".join(
        char + hostile[index % len(hostile)] if char == " " and index % 7 == 0 else char
        for index, char in enumerate(prose)
    )
    with pytest.raises(PageParseError) as error:
        read_page(strewn.encode(), locale="de")
    assert str(error.value) == "served the en page (its prose is in English)"
