"""The words a page's cells are read with, in each language: the lifecycle words (read by
`scraper.read.lifecycle`), the endings a status word may take, "not sooner than" phrases,
"no value" words, and how a word is folded and its glosses found.

The page defines its own four lifecycle terms in its overview list, and those always win
(translations change their words between versions). The built-in tables here are the fallback
for pages whose overview list is missing or whose table uses a variant spelling.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

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

# The grammatical endings a status word may take in a cell, per language: a closed list, so
# a cell is a known word exactly or with one of these (`폐기됨`, `廃止されました`, `지원 중단
# 예정입니다`). Anything else makes it an unknown word: `提供終了予定` ("scheduled to end")
# holds a retired word but is no status, nor is `即将停用` ("about to stop"). "Scheduled"
# and future forms (予定, 예정, 将) are never endings. Languages that write words apart
# (English, German, Russian...) have none: `Not active` is not `Active`.
STATUS_ENDINGS: Mapping[str, tuple[str, ...]] = {
    "ja": (
        "です",
        "でした",
        "済み",
        "済",
        "された",
        "されました",
        "されています",
        "しました",
        "となりました",
        "となっています",
        "になりました",
        "状態",
    ),
    "ko": ("됨", "된", "되었음", "되었습니다", "됐음", "됐습니다", "입니다", "임", "상태"),
    "zh-CN": ("了",),
    "zh-TW": ("了",),
}

# Words that put a retirement in the future, per language: a history note whose clause holds
# one ("will be retired on…", "将于…停用", "廃止される予定") says no model was retired yet.
FUTURE_MARKERS: Mapping[str, tuple[str, ...]] = {
    "en": ("will", "scheduled", "upcoming", "planned"),
    "zh-CN": ("即将", "将于", "将在", "计划"),
    "zh-TW": ("即將", "將於", "將在", "計劃", "計畫"),
    "ja": ("予定",),
    "ko": ("예정",),
    "de": ("wird", "werden", "geplant", "voraussichtlich"),
    "fr": ("sera", "seront", "prévu", "prévue", "prévus", "prévues"),
    "es": ("será", "serán", "programado", "programada", "programados", "programadas", "previsto"),
    "it": ("sarà", "saranno", "previsto", "prevista", "previsti", "programmato"),
    "pt-BR": ("será", "serão", "programado", "programada", "previsto", "prevista"),
    "id": ("akan", "dijadwalkan", "direncanakan"),
    "ru": ("будет", "будут", "запланирован", "запланирована", "запланированы", "планируется"),
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
# Footnote marks (`Retired†`) are punctuation at a word's edge too.
_EDGE_PUNCTUATION = " \t:：.。*、,，;；-–—†‡§"


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


def status_names(locale: str | None, page_words: StatusWords | None) -> Mapping[Status, str]:
    """Status words in the chosen language: the page's own, else the built-in table's."""
    if page_words is not None:
        return {status: getattr(page_words, status) for status in STATUSES}
    builtin = BUILTIN_STATUS_WORDS[locale or "en"]
    return {status: builtin[status][0] for status in STATUSES}
