"""Words the page uses in each language, for when the page itself does not say.

The page defines its own four lifecycle terms in its overview list, and those always win
(translations change their words between versions). This table is the fallback for pages
whose overview list is missing or whose table uses a variant spelling.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from scraper.records import Status

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

_PARENTHESISED = re.compile(r"[(（]\s*([^()（）]*?)\s*[)）]")
_EDGE_PUNCTUATION = " \t:：.。*、,，;；-–—"


def normalise_word(text: str) -> str:
    """Fold a status cell or term for comparison: width, case, edge punctuation."""
    return unicodedata.normalize("NFKC", text).casefold().strip(_EDGE_PUNCTUATION).strip()


def term_variants(term: str) -> tuple[str, ...]:
    """`活跃（Active）：` gives `活跃` and `active`; `Active:` gives `active`."""
    variants = [normalise_word(_PARENTHESISED.sub("", term))]
    variants.extend(normalise_word(inner) for inner in _PARENTHESISED.findall(term))
    return tuple(variant for variant in variants if variant)


def term_display(term: str) -> str:
    """`活跃（Active）：` shows as `活跃`; `Active:` as `Active`."""
    without_gloss = _PARENTHESISED.sub("", term).strip()
    return without_gloss.strip(" :：").strip() or term.strip(" :：")


def has_not_sooner_than_phrase(text: str) -> bool:
    folded = normalise_word(text)
    return any(phrase in folded for phrase in NOT_SOONER_THAN_PHRASES)


# Cells that say "no value" in a text column (a replacement of "N/A"). Date columns need no
# such list: a date cell without a date in it is null.
NO_VALUE_WORDS = frozenset(
    normalise_word(word)
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
