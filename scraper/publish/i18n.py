"""Writing for people in their own language: gettext catalogs and CLDR dates, through Babel.

Sentence templates live in `scraper/locale/<ll_CC>/LC_MESSAGES/messages.po`, one catalog per
docs language, extracted from the code with Babel (see the README's Development section).
Beside each is its compiled form, named by the digest of the `.po` it was compiled from
(`messages.<digest>.mo`, written by `python -m scraper.publish.i18n`): reading the eleven `.po`
files with Babel took about 60 ms of every run, loading the `.mo` files under 10. A `.po`
edited since has no `.mo` of its digest and is compiled in memory when first used, so a stale
compiled catalog is never read (a test says when one is missing).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
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


def compiled_path(source: Path, text: bytes) -> Path:
    """Where the compiled form of the catalog `source` holding `text` is kept."""
    return source.with_name(f"{DOMAIN}.{hashlib.sha256(text).hexdigest()[:16]}.mo")


def compile_catalog(text: bytes, locale: str) -> bytes:
    """A `.po` catalog's text compiled to `.mo`, as Babel compiles it."""
    compiled = io.BytesIO()
    write_mo(compiled, read_po(io.BytesIO(text), locale=catalog_name(locale)))
    return compiled.getvalue()


@functools.cache
def translations(locale: str) -> Translations:
    """The compiled catalog of a docs locale; English (the msgids themselves) when it has none."""
    path = catalog_path(locale)
    if not path.exists():
        return Translations()
    text = path.read_bytes()
    try:
        compiled = compiled_path(path, text).read_bytes()
    except FileNotFoundError:
        compiled = compile_catalog(text, locale)
    return Translations(io.BytesIO(compiled), domain=DOMAIN)


def write_compiled_catalogs() -> list[Path]:
    """Compile every catalog beside its `.po`, removing the forms of older texts."""
    written = []
    for source in sorted(CATALOG_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        text = source.read_bytes()
        target = compiled_path(source, text)
        for old in source.parent.glob(f"{DOMAIN}.*.mo"):
            old.unlink()
        target.write_bytes(compile_catalog(text, source.parent.parent.name))
        written.append(target)
    return written


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


if __name__ == "__main__":
    for path in write_compiled_catalogs():
        print(path.relative_to(CATALOG_DIR))
