"""Site chrome after a page's content: what the docs site or a crawler appends to it (the
feedback widget "Was this page helpful? Yes No", the table of contents "On this page", the
assistant's "Responses are generated using AI and may contain mistakes.", previous and next
links, footer columns of links, social icons, "Last updated …"). It is not content: it is
not read, and a page is judged whole or cut by where its *content* ends.

A trailing run of blocks is chrome when the page's very last block is chrome on its own (a
widget's words in any docs language, a paragraph or list of nothing but links, a rule), and
the run goes back over blocks that are chrome on their own, and over headings and short
labels followed by chrome. A page cut in transfer ends inside a block of its content, never
in a whole widget, so what comes before the run is what is judged.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from scraper.read.dates import fold

# A widget's words, in the docs' languages (sites translate them; crawlers of a translation
# sometimes keep the English). A block is chrome when its words are one or more of these.
_WIDGET_PHRASES = (
    # English
    "Was this page helpful?",
    "Did this page help you?",
    "Yes",
    "No",
    "Helpful",
    "Not helpful",
    "Thumbs up",
    "Thumbs down",
    "On this page",
    "Table of contents",
    "Contents",
    "In this article",
    "Responses are generated using AI and may contain mistakes.",
    "Assistant",
    "Ask AI",
    "Ask Claude",
    "Copy page",
    "Copy",
    "Copied!",
    "Edit this page",
    "Edit this page on GitHub",
    "Edit on GitHub",
    "View as Markdown",
    "Open in Claude",
    "Open in ChatGPT",
    "Suggest edits",
    "Raise issue",
    "Report an issue",
    "Send feedback",
    "Give feedback",
    "Feedback",
    "Previous",
    "Next",
    "Back to top",
    "Skip to main content",
    "Search",
    "Search...",
    "Powered by Mintlify",
    "Powered by",
    "Loading...",
    "Ctrl K",
    "⌘K",
    "We use cookies",
    "Cookie settings",
    "Manage cookies",
    "Accept",
    "Accept all",
    "Reject",
    "Reject all",
    "Customize",
    # Chinese
    "此页面对您有帮助吗？",
    "这个页面有帮助吗？",
    "此頁面對您有幫助嗎？",
    "這個頁面有幫助嗎？",
    "是",
    "否",
    "本页内容",
    "在此页面",
    "本頁內容",
    "在此頁面",
    "上一页",
    "下一页",
    "上一頁",
    "下一頁",
    "复制页面",
    "複製頁面",
    "助手",
    "助理",
    # Japanese
    "このページは役に立ちましたか？",
    "はい",
    "いいえ",
    "このページの内容",
    "目次",
    "前へ",
    "次へ",
    "ページをコピー",
    "アシスタント",
    # Korean
    "이 페이지가 도움이 되었나요?",
    "이 페이지가 도움이 되었습니까?",
    "예",
    "아니요",
    "이 페이지에서",
    "목차",
    "이전",
    "다음",
    "페이지 복사",
    "어시스턴트",
    # German
    "War diese Seite hilfreich?",
    "Ja",
    "Nein",
    "Auf dieser Seite",
    "Inhalt",
    "Zurück",
    "Weiter",
    "Seite kopieren",
    "Assistent",
    # French
    "Cette page vous a-t-elle été utile ?",
    "Cette page a-t-elle été utile ?",
    "Oui",
    "Non",
    "Sur cette page",
    "Précédent",
    "Suivant",
    "Copier la page",
    # Spanish
    "¿Esta página le ayudó?",
    "¿Te resultó útil esta página?",
    "¿Fue útil esta página?",
    "Sí",
    "En esta página",
    "Anterior",
    "Siguiente",
    "Copiar página",
    "Asistente",
    # Italian
    "Questa pagina è stata utile?",
    "Questa pagina ti è stata utile?",
    "In questa pagina",
    "Precedente",
    "Successivo",
    "Copia pagina",
    # Portuguese
    "Esta página foi útil?",
    "Essa página foi útil?",
    "Sim",
    "Não",
    "Nesta página",
    "Próximo",
    "Copiar página",
    "Assistente",
    # Indonesian
    "Apakah halaman ini membantu?",
    "Ya",
    "Tidak",
    "Di halaman ini",
    "Sebelumnya",
    "Berikutnya",
    "Salin halaman",
    "Asisten",
    # Russian
    "Была ли эта страница полезной?",
    "Эта страница была полезной?",
    "Да",
    "Нет",
    "На этой странице",
    "Назад",
    "Далее",
    "Копировать страницу",
    "Ассистент",
)
# Footer lines known by how they start ("Last updated on March 3, 2026", "© 2026 Anthropic").
_FOOTER_STARTS = (
    "Last updated",
    "Last modified",
    "Updated",
    "Copyright",
    "©",
    "Zuletzt aktualisiert",
    "Dernière mise à jour",
    "Última actualización",
    "Ultimo aggiornamento",
    "Última atualização",
    "Terakhir diperbarui",
    "Последнее обновление",
    "最后更新",
    "最後更新",
    "最終更新",
    "마지막 업데이트",
)
# Navigation to the previous and next pages, however the crawler kept it ("Next: Pricing",
# "← Models overview").
_NAV_STARTS = ("previous:", "next:", "previous page", "next page", "←", "→", "«", "»", "‹", "›")
# Widget text is short: longer text is never matched (which also bounds the work).
_LONGEST = 300
# A label before chrome ("Solutions" over a column of footer links): a few words.
_LABEL_WORDS = 6


@dataclass(frozen=True, slots=True)
class Shape:
    """What the chrome check sees of a block: its kind, its words, and whether all of them
    are in links (a paragraph), or all items are (a list)."""

    kind: Literal["heading", "paragraph", "list", "rule", "other"]
    text: str = ""
    links_only: bool = False


def has_words(text: str) -> bool:
    """Whether text holds a word: separators between links ("|", "·", "•") are none."""
    return any(char.isalnum() for char in text)


def _compact(text: str) -> str:
    """Letters and digits only, folded: "Yes No" and "YesNo" are both `yesno`."""
    return "".join(char for char in fold(text) if char.isalnum() or char == "©")


@cache
def _phrases() -> tuple[frozenset[str], int]:
    compact = frozenset(filter(None, map(_compact, _WIDGET_PHRASES)))
    return compact, max(map(len, compact))


def widget(text: str) -> bool:
    """The text is one or more widget phrases, run together or not ("YesNo"), a footer or
    navigation line, or no words at all."""
    if len(text) > _LONGEST:
        return False
    compact = _compact(text)
    if not compact:
        return True  # icons and separators ("👍 👎", "·"): no words, no content
    if any(compact.startswith(_compact(start)) for start in _FOOTER_STARTS):
        return True
    if fold(text).lstrip().startswith(_NAV_STARTS):
        return True
    phrases, longest = _phrases()
    reachable = [True] + [False] * len(compact)
    for end in range(1, len(compact) + 1):
        reachable[end] = any(
            reachable[start] and compact[start:end] in phrases
            for start in range(max(0, end - longest), end)
        )
    return reachable[-1]


def standalone(shape: Shape) -> bool:
    """Chrome on its own: a rule, links and nothing else, or a widget's words."""
    if shape.kind == "rule":
        return True
    if shape.kind in ("paragraph", "list"):
        return shape.links_only or widget(shape.text)
    return False


def _label(shape: Shape) -> bool:
    return shape.kind == "heading" or (
        shape.kind == "paragraph" and len(shape.text.split()) <= _LABEL_WORDS
    )


def chrome_start(count: int, shape_at: Callable[[int], Shape]) -> int:
    """Where the trailing chrome starts among a page's `count` blocks (`count` when the page
    ends in content). `shape_at(index)`: a block's shape, asked for from the last block back
    and only as far as the chrome goes, so a page that ends in content costs one."""
    start = count
    for index in range(count - 1, -1, -1):
        shape = shape_at(index)
        if index == count - 1 and not standalone(shape):
            return count
        if not (standalone(shape) or _label(shape)):
            break
        start = index
    return start


def list_shape(texts: Iterable[str], links_only: Iterable[bool]) -> Shape:
    """A list: chrome when every item is links, or every item a widget's words."""
    items = list(texts)
    return Shape("list", " ".join(items), all(links_only) and bool(items))
