"""The words a page's cells are read with, in each language: `LifecycleWords` for status cells,
"not sooner than" phrases, "no value" words.

The page defines its own four lifecycle terms in its overview list, and those always win
(translations change their words between versions). The built-in tables here are the fallback
for pages whose overview list is missing or whose table uses a variant spelling.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from scraper.errors import PageParseError
from scraper.read.dates import fold
from scraper.terms import STATUSES, Status

if TYPE_CHECKING:
    from scraper.records import StatusWords

# Known translations of each lifecycle stage, per docs locale. The English words are
# accepted on every page (translations sometimes leave the table untranslated).
BUILTIN_STATUS_WORDS: Mapping[str, Mapping[Status, tuple[str, ...]]] = {
    "en": {
        "active": ("Active",),
        "legacy": ("Legacy",),
        "deprecated": ("Deprecated",),
        "retired": ("Retired",),
    },
    "zh-CN": {
        "active": ("活跃", "活动", "可用"),
        "legacy": ("遗留", "旧版", "传统"),
        "deprecated": ("已弃用", "弃用", "已废弃"),
        "retired": ("已停用", "停用", "已退役", "已下线"),
    },
    "zh-TW": {
        "active": ("活躍", "活動", "可用"),
        "legacy": ("舊版", "遺留", "傳統"),
        "deprecated": ("已棄用", "棄用", "已廢棄"),
        "retired": ("已停用", "停用", "已退役", "已下線"),
    },
    "ja": {
        "active": ("アクティブ", "有効", "提供中"),
        "legacy": ("レガシー", "旧版"),
        "deprecated": ("非推奨", "廃止予定", "非推奨済み"),
        "retired": ("廃止", "廃止済み", "提供終了", "引退", "退役"),
    },
    "ko": {
        "active": ("활성", "활성화", "사용 가능"),
        "legacy": ("레거시", "기존"),
        "deprecated": ("지원 중단", "사용 중단", "더 이상 사용되지 않음", "지원 중단 예정"),
        "retired": ("폐기", "폐기됨", "은퇴", "사용 종료", "서비스 종료", "종료"),
    },
    "de": {
        "active": ("Aktiv",),
        "legacy": ("Legacy", "Altmodell"),
        "deprecated": ("Abgeschrieben", "Veraltet", "Als veraltet markiert", "Auslaufend"),
        "retired": ("Stillgelegt", "Eingestellt", "Außer Betrieb", "Ausgemustert"),
    },
    "fr": {
        "active": ("Actif", "Active"),
        "legacy": ("Hérité", "Héritée", "Ancien", "Ancienne", "Legacy"),
        "deprecated": ("Obsolète", "Déprécié", "Dépréciée", "Déconseillé", "Abandonné"),
        "retired": ("Retiré", "Retirée", "Mis hors service", "Supprimé", "Arrêté"),
    },
    "es": {
        "active": ("Activo", "Activa"),
        "legacy": ("Heredado", "Heredada", "Legado", "Legacy"),
        "deprecated": ("Obsoleto", "Obsoleta", "En desuso", "Descontinuado", "Deprecado"),
        "retired": ("Retirado", "Retirada", "Dado de baja"),
    },
    "it": {
        "active": ("Attivo", "Attiva"),
        "legacy": ("Legacy", "Precedente"),
        "deprecated": ("Deprecato", "Deprecata", "Dismesso"),
        "retired": ("Ritirato", "Ritirata"),
    },
    "pt-BR": {
        "active": ("Ativo", "Ativa"),
        "legacy": ("Legado", "Legada", "Legacy"),
        "deprecated": ("Descontinuado", "Obsoleto", "Depreciado", "Preterido"),
        "retired": ("Aposentado", "Retirado", "Desativado", "Encerrado"),
    },
    "id": {
        "active": ("Aktif",),
        "legacy": ("Warisan", "Lama", "Legacy"),
        "deprecated": ("Dihentikan", "Usang", "Tidak digunakan lagi"),
        "retired": ("Pensiun", "Dipensiunkan", "Ditarik", "Dinonaktifkan"),
    },
    "ru": {
        "active": ("Активна", "Активная", "Активный", "Активен", "Активно"),
        "legacy": ("Устаревшая", "Устаревший", "Унаследованная", "Legacy"),
        "deprecated": (
            "Устарела",
            "Не рекомендуется",
            "Выводится из эксплуатации",
            "Объявлена устаревшей",
        ),
        "retired": ("Выведена из эксплуатации", "Выведена", "Снята", "Отключена", "Удалена"),
    },
}

# "Not sooner than <date>" in each language, lower-cased. Japanese and Korean put it after
# the date ("2026年5月14日以降").
NOT_SOONER_THAN_PHRASES: tuple[str, ...] = (
    "not sooner than",
    "no sooner than",
    "not before",
    "no earlier than",
    "not earlier than",
    "不早於",
    "不早于",
    "以降",
    "より前ではない",
    "以前ではない",
    "이후",
    "이전 아님",
    "빨라도",
    "nicht vor dem",
    "nicht vor",
    "nicht früher als",
    "frühestens",
    "pas avant le",
    "pas avant",
    "au plus tôt le",
    "au plus tôt",
    "no antes del",
    "no antes de",
    "no antes",
    "non prima del",
    "non prima di",
    "non prima",
    "não antes de",
    "não antes",
    "tidak lebih awal dari",
    "tidak sebelum",
    "paling cepat",
    "не ранее",
    "не раньше",
)

# "To be announced" in a date cell, in each language, lower-cased: a retirement date the page
# says is still to come, which is not "no date" (N/A). Abbreviations count as the whole cell.
TO_BE_ANNOUNCED_PHRASES: tuple[str, ...] = (
    "to be announced",
    "to be determined",
    "to be confirmed",
    "待定",
    "待公布",
    "待公佈",
    "待宣布",
    "另行通知",
    "未定",
    "追って発表",
    "後日発表",
    "後日お知らせ",
    "추후 발표",
    "추후 공지",
    "미정",
    "wird noch bekannt gegeben",
    "wird bekannt gegeben",
    "noch festzulegen",
    "noch nicht festgelegt",
    "à annoncer",
    "à déterminer",
    "à confirmer",
    "sera annoncée",
    "por anunciar",
    "por determinar",
    "por confirmar",
    "se anunciará",
    "da annunciare",
    "da definire",
    "da confermare",
    "sarà annunciata",
    "a ser anunciada",
    "a ser anunciado",
    "a anunciar",
    "a definir",
    "akan diumumkan",
    "belum diumumkan",
    "akan ditentukan",
    "будет объявлена",
    "будет объявлено",
    "уточняется",
    "пока не объявлена",
)
TO_BE_ANNOUNCED_CELLS = frozenset({"tba", "tbd", "tbc"})


def says_to_be_announced(text: str) -> bool:
    """A cell saying its date is yet to be announced (`To be announced`, `TBA`, `待定`)."""
    folded = fold_word(text)
    return folded in TO_BE_ANNOUNCED_CELLS or any(
        phrase in folded for phrase in TO_BE_ANNOUNCED_PHRASES
    )


_OPENING, _CLOSING = "(（", ")）"
_EDGE_PUNCTUATION = " \t:：.。*、,，;；-–—"


def fold_word(text: str) -> str:
    """A status cell or term as words are compared: folded (`dates.fold`: width and case),
    without the punctuation at its edges."""
    return fold(text).strip(_EDGE_PUNCTUATION).strip()


def _glosses(text: str) -> tuple[str, list[str]]:
    """The text without its parenthesised parts, and those parts (innermost, in order).

    One pass over the text (a regular expression for this was quadratic on a cell of
    unclosed parentheses)."""
    outside: list[str] = []
    inside: list[str] = []
    start: int | None = None
    kept = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            start = index
        elif char in _CLOSING and start is not None:
            outside.append(text[kept:start])
            inside.append(text[start + 1 : index].strip())
            kept, start = index + 1, None
    outside.append(text[kept:])
    return "".join(outside), inside


def term_variants(term: str) -> tuple[str, ...]:
    """`活跃（Active）：` gives `活跃` and `active`; `Active:` gives `active`."""
    without, glosses = _glosses(term)
    variants = [fold_word(without), *(fold_word(inner) for inner in glosses)]
    return tuple(variant for variant in variants if variant)


def term_display(term: str) -> str:
    """`活跃（Active）：` shows as `活跃`; `Active:` as `Active`."""
    without_gloss = _glosses(term)[0].strip()
    return without_gloss.strip(" :：").strip() or term.strip(" :：")


def has_not_sooner_than_phrase(text: str) -> bool:
    folded = fold_word(text)
    return any(phrase in folded for phrase in NOT_SOONER_THAN_PHRASES)


# Cells that say "no value" in a text column (a replacement of "N/A"). Date columns need no
# such list: a date cell without a date in it is null.
NO_VALUE_WORDS = frozenset(
    fold_word(word)
    for word in (
        "N/A",
        "NA",
        "None",
        "-",
        "—",
        "–",
        "TBD",
        "TBA",
        "To be announced",
        "不适用",
        "不適用",
        "无",
        "無",
        "該当なし",
        "なし",
        "해당 없음",
        "없음",
        "Nicht zutreffend",
        "Keine",
        "Keiner",
        "Non applicable",
        "Aucun",
        "Aucune",
        "No aplica",
        "Ninguno",
        "Ninguna",
        "Non applicabile",
        "Nessuno",
        "Nessuna",
        "Não aplicável",
        "Nenhum",
        "Nenhuma",
        "Tidak ada",
        "Tidak berlaku",
        "Н/Д",
        "Нет",
    )
)


# Scripts whose words take particles and endings without a space ("폐기됨", "廃止済みです"):
# there a status cell may hold a known word plus such a suffix. Elsewhere extra words change
# the meaning ("Not active", "Не активна"), so only an exact word counts.
_SUFFIXING_SCRIPTS = (
    (0x1100, 0x11FF),  # Hangul Jamo
    (0x3040, 0x30FF),  # Hiragana, Katakana
    (0x3130, 0x318F),  # Hangul compatibility Jamo
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # Hangul syllables
)


def _suffix_character(char: str) -> bool:
    code = ord(char)
    if any(low <= code <= high for low, high in _SUFFIXING_SCRIPTS):
        return True
    return char.isspace() or unicodedata.category(char)[0] == "P"


def builtin_words(locales: Iterable[str]) -> dict[str, Status]:
    """Built-in words of these locales, folded; a word that names two stages is left out."""
    words: dict[str, Status] = {}
    ambiguous: set[str] = set()
    for locale in locales:
        for status, spellings in BUILTIN_STATUS_WORDS.get(locale, {}).items():
            for spelling in spellings:
                folded = fold_word(spelling)
                if words.setdefault(folded, status) != status:
                    ambiguous.add(folded)
    return {word: status for word, status in words.items() if word not in ambiguous}


def match_word(folded: str, tables: Sequence[Mapping[str, Status]]) -> Status | None:
    """The stage a folded cell names: its exact word, in the first table that has it; else (in
    suffixing scripts) the longest known word of any table inside it, when the rest is
    particles or endings. Longest across tables: `廃止予定です` is deprecated (廃止予定) even
    where the page's own list only has 廃止 (retired). A word in several tables means what
    the first says; two stages matching equally well is no answer: PageParseError."""
    for words in tables:
        if folded in words:
            return words[folded]
    inside: dict[str, Status] = {}
    for words in tables:
        for word, status in words.items():
            if word and word not in inside and _holds_with_endings(folded, word):
                inside[word] = status
    if not inside:
        return None
    longest = max(len(word) for word in inside)
    best = {status for word, status in inside.items() if len(word) == longest}
    if len(best) > 1:
        raise PageParseError(
            f"lifecycle word {folded!r} names {' and '.join(sorted(best))} equally",
            check="lifecycle-words",
        )
    return next(iter(best))


def _holds_with_endings(folded: str, word: str) -> bool:
    """The word is in the cell, and all else in it is particles or endings."""
    start = folded.find(word)
    if start < 0:
        return False
    return all(_suffix_character(char) for char in folded[:start] + folded[start + len(word) :])


def meaning(text: str, tables: Sequence[Mapping[str, Status]]) -> Status | None:
    """The stage a cell or term names by meaning: each of its forms (the word, an English
    gloss in parentheses) read with the tables (`match_word`); forms that name different
    stages contradict each other (PageParseError)."""
    named: dict[Status, str] = {}
    for variant in term_variants(text):
        status = match_word(variant, tables)
        if status is not None:
            named.setdefault(status, variant)
    if len(named) > 1:
        parts = ", ".join(f"{variant!r} is {status}" for status, variant in named.items())
        raise PageParseError(
            f"lifecycle word {text.strip(' :：')!r} contradicts itself ({parts})",
            check="lifecycle-words",
        )
    return next(iter(named), None)


def lifecycle_terms(terms: Sequence[str], locale: str) -> dict[Status, str]:
    """Each of the page's four defined terms paired with the stage it means.

    The pairing is by meaning (the term's word and its English gloss, read with the built-in
    words), not by the list's order: a list whose definitions were swapped still maps
    `Retired` to retired. Translations do move a word to another stage between versions
    (Indonesian "Dihentikan"), so when two terms mean the same stage, the one in that stage's
    place keeps it and the other is read by its place. A term the built-in words do not know
    is read by its place too, or takes the one stage left. Anything else that does not add up
    (a term contradicting itself, two terms for one stage) rejects the page.
    """
    tables = (builtin_words((locale, "en")), builtin_words(BUILTIN_STATUS_WORDS))
    meanings = [meaning(term, tables) for term in terms]
    claims = Counter(status for status in meanings if status is not None)
    known: dict[Status, str] = {}
    placed: list[tuple[int, str]] = []
    for position, (term, status) in enumerate(zip(terms, meanings, strict=True)):
        if status is None or (claims[status] > 1 and STATUSES[position] != status):
            placed.append((position, term))
        elif status in known:
            raise PageParseError(
                f"the lifecycle list defines {status} twice ({known[status]!r} and {term!r})",
                check="lifecycle-words",
            )
        else:
            known[status] = term
    left = [status for status in STATUSES if status not in known]
    if len(placed) == 1 and len(left) == 1:
        known[left[0]] = placed[0][1]
        placed = []
    for position, term in placed:
        stage = STATUSES[position]
        if stage in known:
            raise PageParseError(
                f"the lifecycle list's term {term!r} stands in the place of {stage}, "
                f"which {known[stage]!r} means",
                check="lifecycle-words",
            )
        known[stage] = term
    return {status: known[status] for status in STATUSES}


class LifecycleWords:
    """The lifecycle words one page's status cells are read with: its own defined terms first
    (paired with stages by meaning), then the built-in words of its language and English,
    then every language's."""

    def __init__(self, locale: str, page_terms: Sequence[str] | None) -> None:
        self.terms = lifecycle_terms(page_terms, locale) if page_terms else None
        page_words: dict[str, Status] = {}
        for status, term in (self.terms or {}).items():
            for variant in term_variants(term):
                page_words.setdefault(variant, status)
        self.tables = (
            page_words,
            builtin_words((locale, "en")),
            builtin_words(BUILTIN_STATUS_WORDS),
        )

    def status(self, cell: str) -> Status | None:
        """The stage a status cell names; PageParseError when it names two."""
        return meaning(cell, self.tables)

    def knows(self, cell: str) -> bool:
        """Whether a cell is a lifecycle word at all (one naming two stages still is)."""
        try:
            return self.status(cell) is not None
        except PageParseError:
            return True


def status_names(locale: str | None, page_words: StatusWords | None) -> Mapping[Status, str]:
    """Status words in the chosen language: the page's own, else the built-in table's."""
    if page_words is not None:
        return {status: getattr(page_words, status) for status in STATUSES}
    builtin = BUILTIN_STATUS_WORDS[locale or "en"]
    return {status: builtin[status][0] for status in STATUSES}
