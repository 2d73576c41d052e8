"""Is this page in the language it was fetched for? A docs redirect or a CDN mix-up can serve
one language's page at another's address, and storing it would turn every difference between
the two translations into a false event.

Four kinds of evidence, any of which rejects the page: what the page declares (front matter
`language`/`url`, `<html lang>`, its canonical link), the script its prose is written in
(Han, kana, Hangul, Cyrillic or Latin; simplified or traditional Chinese characters), the
language of that prose when the page declares none (English and Indonesian are both Latin
script, and a translation may keep the English lifecycle terms), and the language of the
lifecycle terms it defines.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from babel import Locale

from scraper.fetch.sources import LOCALES, canonical_locale
from scraper.read.document import Document, ParsedPage
from scraper.read.vocabulary import BUILTIN_STATUS_WORDS, fold_word, term_variants

# Metadata keys that state the page's language, and those that give its address.
_LANGUAGE_KEYS = ("lang", "language", "locale", "og_locale")
_URL_KEYS = ("url", "source_url", "canonical")

# The script of each docs locale's prose; every locale not named is written in Latin script.
_SCRIPTS: Mapping[str, str] = {
    "zh-CN": "han",
    "zh-TW": "han",
    "ja": "japanese",
    "ko": "hangul",
    "ru": "cyrillic",
}
_SCRIPT_NAMES = {
    "CJK": "han",
    "HIRAGANA": "kana",
    "KATAKANA": "kana",
    "HANGUL": "hangul",
    "CYRILLIC": "cyrillic",
    "LATIN": "latin",
}
# Japanese prose is Han and kana; this share of kana or more is Japanese, not Chinese.
_KANA_SHARE = 0.1
# Prose letters looked at: enough to tell a script, few enough to stay cheap on a huge page.
_SAMPLE = 20_000
# Lifecycle terms of one other language that show the page is in that language.
_TERMS_NEEDED = 3

# The language of each docs locale, as the language identifier (CLD2) names it.
_LANGUAGES: Mapping[str, str] = {"zh-CN": "zh", "zh-TW": "zh-Hant", "pt-BR": "pt"}
# Prose needed before its language is believed (a real page has thousands of letters of it).
_PROSE_NEEDED = 400
# When the prose is another language's, by the percent of the text CLD2 finds in each. A page
# served by mistake is another language's whole page: CLD2 finds all of it (99%) in that
# language and none in the page's own (a real Indonesian copy, English model names and
# lifecycle terms included, reads 99% Indonesian). A real translation may keep an English
# paragraph or two, or be half English while it is being translated: it is judged by its
# majority, and a near tie is no verdict. So the prose is another language's only when CLD2
# calls its finding reliable and another docs language holds more than half of the text and at
# least twice the share of the page's own language.
_MAJORITY = 50
_MARGIN = 2

# Common characters written differently in simplified and traditional Chinese.
_SIMPLIFIED = frozenset(
    "这个们为时该发旧弃与请对于说过后从开关会经应产将并无现实动态让检测问题设计处务环节"
)
_TRADITIONAL = frozenset(
    "這個們為時該發舊棄與請對於說過後從開關會經應產將並無現實動態讓檢測問題設計處務環節"
)
_SIMPLIFIED_ONLY = _SIMPLIFIED - _TRADITIONAL
_TRADITIONAL_ONLY = _TRADITIONAL - _SIMPLIFIED


def _prose(document: Document) -> Iterable[str]:
    """Headings, paragraphs, notes and list items: the page's own words (tables are mostly
    model ids and dates, the same in every language)."""
    for section in document.sections:
        yield section.heading
        yield from section.paragraphs
        yield from section.notes
        for block in section.lists:
            yield from (item.text for item in block.items)


def _script_counts(letters: Counter[str]) -> Counter[str]:
    """How many of the letters are in each script, and how many are simplified-only and
    traditional-only Chinese characters. Each distinct letter is named once (a page has a
    few hundred), not each of its thousands of occurrences."""
    counts: Counter[str] = Counter()
    for char, times in letters.items():
        name = unicodedata.name(char, "").split(" ", 1)[0]
        counts[_SCRIPT_NAMES.get(name, "other")] += times
        if char in _SIMPLIFIED_ONLY:
            counts["simplified"] += times
        elif char in _TRADITIONAL_ONLY:
            counts["traditional"] += times
    return counts


def page_script(document: Document) -> str | None:
    """The script the page's prose is written in, as named in `_SCRIPTS` (None: no prose)."""
    counts = _script_counts(prose_sample(document)[1])
    han, kana = counts["han"], counts["kana"]
    groups = {
        "han": han + kana,
        "hangul": counts["hangul"],
        "cyrillic": counts["cyrillic"],
        "latin": counts["latin"],
    }
    if not any(groups.values()):
        return None
    dominant = max(groups, key=lambda name: groups[name])
    if dominant == "han":
        if kana >= _KANA_SHARE * (han + kana):
            return "japanese"
        if counts["simplified"] > 2 * counts["traditional"]:
            return "simplified Chinese"
        if counts["traditional"] > 2 * counts["simplified"]:
            return "traditional Chinese"
    return dominant


def _script_fits(script: str, locale: str) -> bool:
    expected = _SCRIPTS.get(locale, "latin")
    if expected == "han":
        wrong = "traditional Chinese" if locale == "zh-CN" else "simplified Chinese"
        return script in ("han", "simplified Chinese", "traditional Chinese") and script != wrong
    return script == expected


def _language(locale: str) -> str:
    return _LANGUAGES.get(locale, locale)


@dataclass(frozen=True, slots=True)
class LanguageShares:
    """What CLD2 finds in a text: its (at most three) languages by CLD2's codes, each with the
    percent of the text in it, most first; and whether it calls that finding reliable."""

    reliable: bool
    percents: tuple[tuple[str, int], ...]

    def percent(self, language: str) -> int:
        return next((share for code, share in self.percents if code == language), 0)


def identify_languages(text: str) -> LanguageShares:
    """The languages of `text`, by Google's Compact Language Detector 2 (pycld2): its tables
    are compiled into the library, so this costs a few milliseconds and no model to load."""
    import pycld2  # only a run reads prose; the read-only commands never load it

    # CLD2 refuses control characters, noncharacters and surrogates ("invalid UTF-8"): none
    # of them is part of a word, so each is read as a space.
    plain = "".join(char if char.isprintable() or char == "\n" else " " for char in text)
    reliable: bool
    details: tuple[tuple[str, str, int, float], ...]
    reliable, _, details = pycld2.detect(plain, isPlainText=True)
    found = tuple((code, percent) for _, code, percent, _ in details if code != "un")
    return LanguageShares(reliable=reliable, percents=found)


def prose_sample(document: Document) -> tuple[str, Counter[str]]:
    """The page's prose, up to `_SAMPLE` letters, and how often each letter occurs in it."""
    prose: list[str] = []
    letters: Counter[str] = Counter()
    total = 0
    for text in _prose(document):
        prose.append(text)
        characters = Counter(text)  # counted in C; the letters among them picked below
        for char, times in characters.items():
            if char.isalpha():
                letters[char] += times
                total += times
        if total >= _SAMPLE:
            break
    return "\n".join(prose), letters


def prose_language(document: Document, expected: str) -> str | None:
    """The other docs locale whose language the page's prose is in, when it surely is not
    `expected`'s (see `_MAJORITY`); None when it may be, or there is too little prose to tell."""
    prose, letters = prose_sample(document)
    if letters.total() < _PROSE_NEEDED:
        return None
    shares = identify_languages(prose)
    if not shares.reliable or not shares.percents:
        return None
    language, percent = shares.percents[0]
    locales = [locale for locale in LOCALES if _language(locale) == language]
    if len(locales) != 1 or locales[0] == expected or percent <= _MAJORITY:
        return None
    return locales[0] if percent >= _MARGIN * shares.percent(_language(expected)) else None


def _declared(page: ParsedPage, locate_url: Callable[[str], str | None]) -> tuple[str, str] | None:
    """The locale the page says it is in, and where it says so."""
    for key in _LANGUAGE_KEYS:
        if key in page.metadata and (found := canonical_locale(page.metadata[key])):
            return found, f"its {key} {page.metadata[key]!r}"
    for key in _URL_KEYS:
        if key in page.metadata and (found := locate_url(page.metadata[key])):
            return found, f"its {key} {page.metadata[key]}"
    return None


def _words(locale: str) -> frozenset[str]:
    spellings = BUILTIN_STATUS_WORDS.get(locale, {}).values()
    return frozenset(fold_word(word) for words in spellings for word in words)


def terms_problem(terms: Sequence[str], expected: str) -> str | None:
    """The lifecycle terms are another language's words: "served the de page (…)".

    Translations gloss their terms in English (`活跃（Active）`) or keep the English term
    (`**Active** (aktif)`), so English words prove nothing on a translated page: it is
    rejected only when another translation's words name at least three terms, two more than
    its own language's. On the English page, two terms in another language's words (not also
    English ones) give it away. (An English page at a translation's address is told by what it
    declares, or by its prose when it declares nothing: see `prose_language`.)
    """
    forms = [set(term_variants(term)) for term in terms]
    known = {
        locale: sum(1 for variants in forms if variants & _words(locale))
        for locale in BUILTIN_STATUS_WORDS
    }
    if expected == "en":
        english = _words("en")
        foreign = {
            locale: sum(1 for variants in forms if (variants - english) & _words(locale))
            for locale in BUILTIN_STATUS_WORDS
            if locale != "en"
        }
        found = [locale for locale, count in foreign.items() if count >= _TERMS_NEEDED - 1]
        best = max(found, key=lambda locale: foreign[locale], default=None)
        return None if best is None else f"served the {best} page (its lifecycle terms)"
    own = known.get(expected, 0)
    others = [locale for locale in known if locale not in (expected, "en")]
    best = max(others, key=lambda locale: known[locale])
    if own <= _TERMS_NEEDED - 1 and own + 2 <= known[best] and known[best] >= _TERMS_NEEDED:
        return f"served the {best} page (its lifecycle terms are {best} words)"
    return None


def language_problem(
    page: ParsedPage,
    expected: str,
    *,
    terms: Sequence[str] | None,
    locate_url: Callable[[str], str | None],
    final_url: str | None = None,
) -> str | None:
    """Why the page is not in `expected`'s language ("served the en page (…)"), or None."""
    evidence: list[tuple[str, str]] = []
    if final_url is not None and (found := locate_url(final_url)):
        evidence.append((found, f"it came from {final_url}"))
    declared = _declared(page, locate_url)
    if declared is not None:
        evidence.append(declared)
    for locale, where in evidence:
        if locale != expected:
            return f"served the {locale} page ({where})"
    script = page_script(page.document)
    if script is not None and not _script_fits(script, expected):
        return f"served a page in {script} script, not {expected}"
    if _SCRIPTS.get(expected, "latin") != "latin":
        return None
    if terms and (problem := terms_problem(terms, expected)) is not None:
        return problem
    # Docs pages declare their address; a page that declares nothing (served at whatever
    # address) is judged by its words, which English, Indonesian... all write in Latin.
    spoken = None if declared is not None else prose_language(page.document, expected)
    if spoken is None:
        return None
    return (
        f"served the {spoken} page (its prose is in {Locale.parse(spoken, sep='-').english_name})"
    )
