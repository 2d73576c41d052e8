"""Writing for people in their own language: gettext catalogs and CLDR dates, through Babel.

Sentence templates live in `scraper/locale/<ll_CC>/LC_MESSAGES/messages.po`, one catalog per
docs language, extracted from the code with Babel (see the README's Development section).
They are compiled when first used (`.po` → `.mo` in memory), so the repository holds only the
text translators edit and there is no build step to forget.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

CATALOG_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
DateStyle = Literal["iso", "long"]


def N_(message: str) -> str:
    """Mark a template for extraction where it is defined; it is translated where it is used."""
    return message


def catalog_name(locale: str) -> str:
    """The catalog directory of a docs locale: `zh-TW` → `zh_TW` (gettext spelling)."""
    return locale.replace("-", "_")


def babel_locale(locale: str) -> Locale:
    return Locale.parse(catalog_name(locale))


def language_name(locale: str) -> str:
    """The language's name in itself, from CLDR: `Deutsch`, `中文 (繁體, 台灣)`."""
    locale_data = babel_locale(locale)
    return locale_data.get_display_name(locale_data) or locale


def catalog_path(locale: str) -> Path:
    return CATALOG_DIR / catalog_name(locale) / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(locale: str) -> Translations:
    """The compiled catalog of a docs locale; English (the msgids themselves) when it has none."""
    path = catalog_path(locale)
    if not path.exists():
        return Translations()
    with path.open("rb") as source:
        catalog = read_po(source, locale=catalog_name(locale))
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Writer:
    """Everything needed to write sentences in one language: its catalog and its dates."""

    locale: str
    dates: DateStyle = "long"

    def gettext(self, message: str, **values: object) -> str:
        """A translated template, filled in (`%(name)s` placeholders)."""
        template = translations(self.locale).gettext(message)
        return template % values if values else template

    def ngettext(self, singular: str, plural: str, number: int, **values: object) -> str:
        """A translated template that depends on a number (`%(count)d`), in the right plural."""
        template = translations(self.locale).ngettext(singular, plural, number)
        return template % {"count": number, **values}

    def date(self, value: dt.date) -> str:
        """A date as this language writes it (`2026年2月19日`, `19. Februar 2026`), or ISO."""
        if self.dates == "iso":
            return value.isoformat()
        return _long_date(value, self.locale)


@functools.lru_cache(maxsize=4096)
def _long_date(value: dt.date, locale: str) -> str:
    """CLDR's long date (the publication writes the same few hundred days thousands of times)."""
    return format_date(value, format="long", locale=babel_locale(locale))
