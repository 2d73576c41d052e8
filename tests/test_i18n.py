"""Gettext catalogs and locale dates: every template translated in all twelve languages."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import get_args

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from babel.support import Translations

from scraper.fetch.sources import LOCALES
from scraper.ids import model_name
from scraper.publish import i18n
from scraper.publish.i18n import CATALOG_DIR, Writer, catalog_path, compile_catalog, compiled_path
from scraper.publish.wording import wording
from scraper.sinks import PLAIN
from scraper.track.events import Event, EventType


def _templates_in_code() -> set[str | tuple[str, ...]]:
    """What Babel extracts from the code and the site's templates now (so a template added
    without a catalog fails)."""
    found: set[str | tuple[str, ...]] = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(CATALOG_DIR.parent),
        method_map=[("**.py", "python"), ("**/templates/**.j2", "jinja2")],
        options_map={"**/templates/**.j2": {"extensions": "jinja2.ext.i18n"}},
        keywords={"_": None, "gettext": None, "ngettext": (1, 2), "N_": None},
    ):
        found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_the_template_catalog_matches_the_code() -> None:
    """messages.pot lists exactly the templates the code uses (re-extract after a change)."""
    template = read_po((CATALOG_DIR / "messages.pot").open("rb"))
    in_catalog = {m.id if isinstance(m.id, str) else tuple(m.id) for m in template if m.id}
    assert in_catalog == _templates_in_code()


@pytest.mark.parametrize("locale", LOCALES)
def test_no_catalog_misses_a_message(locale: str) -> None:
    """Each language's catalog translates every template, plurals included, placeholders intact."""
    with catalog_path(locale).open("rb") as source:
        catalog = read_po(source, locale=locale.replace("-", "_"))
    wanted = _templates_in_code()
    have = {m.id if isinstance(m.id, str) else tuple(m.id): m for m in catalog if m.id}
    assert set(have) == wanted
    untranslated = [
        m.id
        for m in have.values()
        if m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    ]
    assert untranslated == []
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def test_catalogs_compile_and_translate() -> None:
    """A catalog is compiled on first use and fills its placeholders and plurals."""
    zh = Writer("zh-TW")
    assert zh.gettext("retired on %(date)s", date=zh.date(dt.date(2026, 2, 19))) == (
        "已於 2026年2月19日 停用"
    )
    ru = Writer("ru")
    assert [ru.ngettext("%(count)d model", "%(count)d models", n) for n in (1, 3, 5)] == [
        "1 модель",
        "3 модели",
        "5 моделей",
    ]


@pytest.mark.parametrize(
    ("locale", "written"),
    [
        ("en", "February 19, 2026"),
        ("zh-TW", "2026年2月19日"),
        ("zh-CN", "2026年2月19日"),
        ("ja", "2026年2月19日"),
        ("ko", "2026년 2월 19일"),
        ("de", "19. Februar 2026"),
        ("fr", "19 février 2026"),
        ("pt-BR", "19 de fevereiro de 2026"),
        ("ru", "19 февраля 2026\u202fг."),  # CLDR: a narrow no-break space
    ],
)
def test_dates_are_written_as_each_language_writes_them(locale: str, written: str) -> None:
    """Babel's CLDR long date per language; ISO for the English changelog."""
    assert Writer(locale).date(dt.date(2026, 2, 19)) == written
    assert Writer(locale, dates="iso").date(dt.date(2026, 2, 19)) == "2026-02-19"


@pytest.mark.parametrize("locale", LOCALES)
def test_each_catalog_is_kept_compiled_from_its_current_text(locale: str) -> None:
    """Beside each .po, one .mo, of its current text (named by its digest) and holding what
    compiling it gives: else every run compiles it again (`python -m scraper.publish.i18n`)."""
    source = catalog_path(locale)
    text = source.read_bytes()
    kept = compiled_path(source, text)
    assert sorted(source.parent.glob("*.mo")) == [kept]
    compiled = Translations(io.BytesIO(compile_catalog(text, locale)))
    assert Translations(kept.open("rb"))._catalog == compiled._catalog


def test_a_catalog_edited_since_it_was_compiled_is_read_from_its_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A .po changed after its .mo was written: its own text is what the sentences say."""
    edited = tmp_path / "de" / "LC_MESSAGES"
    edited.mkdir(parents=True)
    source = catalog_path("de")
    (edited / source.name).write_bytes(
        source.read_bytes().replace(b'msgstr "Bald stillgelegt"', 'msgstr "Demnächst weg"'.encode())
    )
    for compiled in source.parent.glob("*.mo"):
        (edited / compiled.name).write_bytes(compiled.read_bytes())
    monkeypatch.setattr(i18n, "CATALOG_DIR", tmp_path)
    i18n.translations.cache_clear()
    try:
        assert Writer("de").gettext("Retiring soon") == "Demnächst weg"
    finally:
        i18n.translations.cache_clear()


@pytest.mark.parametrize(
    ("model_id", "name"),
    [
        ("claude-opus-4-1-20250805", "Claude Opus 4.1"),
        ("claude-opus-4-20250514", "Claude Opus 4"),
        ("claude-3-5-haiku-20241022", "Claude Haiku 3.5"),
        ("claude-3-haiku-20240307", "Claude Haiku 3"),
        ("claude-sonnet-4-6", "Claude Sonnet 4.6"),
        ("claude-3-5-sonnet-latest", "Claude Sonnet 3.5"),
        ("claude-2.1", "Claude 2.1"),
        ("claude-instant-1.2", "Claude Instant 1.2"),
        ("claude-mythos-preview", "Claude Mythos Preview"),
        ("some-other-model", "some-other-model"),
    ],
)
def test_model_names_follow_the_page(model_id: str, name: str) -> None:
    """Ids become the names the page uses in its headings, family before version."""
    assert model_name(model_id) == name


def _event(type_: str, **fields: object) -> Event:
    """An event whose payloads are its type's shapes, as every logged event's are."""
    event = Event.model_validate(
        {
            "id": "0123456789abcdef",
            "type": type_,
            "detected_at": "2026-09-02",
            "locales": ["zh-TW"],
            "page_url": "https://platform.claude.com/docs/zh-TW/about-claude/model-deprecations",
            **fields,
        }
    )
    assert event.payload_problem() is None, event.payload_problem()
    return event


DEPRECATED_ROW = {
    "status": "deprecated",
    "deprecated_on": "2025-06-30",
    "retires_on": "2026-01-05",
    "retires_on_qualifier": None,
}
EVERY_KIND = [
    _event("baseline_recorded", context={"models": 1, "announcements": 2, "tables": 0}),
    _event(
        "model_added",
        model="claude-opus-5",
        after={
            "status": "active",
            "deprecated_on": None,
            "retires_on": "2027-07-24",
            "retires_on_qualifier": None,
        },
        context={"deprecated_on": None, "retires_on": "2027-07-24", "retires_on_qualifier": None},
    ),
    _event("model_removed", model="claude-3-opus-20240229", before=DEPRECATED_ROW),
    _event(
        "status_changed",
        model="claude-opus-4-1-20250805",
        field="status",
        before="active",
        after="deprecated",
        context={
            "deprecated_on": "2026-06-05",
            "retires_on": "2026-08-05",
            "retires_on_qualifier": None,
            "replacement": "claude-opus-4-8",
        },
    ),
    _event("deprecation_date_changed", model="claude-opus-4-1-20250805", after="2026-06-05"),
    _event(
        "retirement_date_changed",
        model="claude-opus-4-1-20250805",
        field="retires_on_qualifier",
        before="not_sooner_than",
        context={
            "retires_on": "2026-08-05",
            "qualifier_before": "not_sooner_than",
            "qualifier_after": None,
        },
    ),
    _event(
        "replacement_changed",
        model="claude-2.1",
        announcement="2025-01-21",
        before="claude-opus-4-6",
        after="claude-opus-4-8",
    ),
    _event(
        "announcement_added",
        announcement="2026-06-05",
        after={
            "title": "Claude Opus 4.1 模型",
            "retired_on": None,
            "entries": [
                {
                    "model": "claude-opus-4-1-20250805",
                    "retires_on": "2026-08-05",
                    "replacement": None,
                }
            ],
        },
    ),
    _event(
        "announcement_removed",
        announcement="2026-06-05",
        before={"title": "t", "retired_on": None, "entries": []},
    ),
    _event(
        "announcement_changed",
        announcement="2025-10-28",
        field="retired_on",
        after="2026-02-19",
        context={"title": "t"},
    ),
    _event("table_changed", after={"section": "API", "header": [], "rows": []}),
    _event(
        "retirement_reminder",
        model="claude-opus-4-1-20250805",
        after="2026-08-05",
        context={"days_left": 7, "threshold": 7, "summary": "s"},
    ),
    _event(
        "platform_status_changed",
        model="claude-opus-4-20250514",
        field="vertex-ai",
        context={"platform": "vertex-ai"},
        before="deprecated",
        after="retired",
    ),
    _event(
        "platform_id_added",
        model="claude-opus-4-20250514",
        field="bedrock-legacy",
        context={"platform": "bedrock-legacy"},
        after="anthropic.claude-opus-4-20250514-v2:0",
    ),
    _event(
        "platform_id_removed",
        model="claude-opus-4-20250514",
        field="bedrock-legacy",
        context={"platform": "bedrock-legacy"},
        before="anthropic.claude-opus-4-20250514-v1:0",
    ),
    _event(
        "alias_changed",
        model="claude-haiku-4-5-20251001",
        field="aliases",
        before=["claude-haiku-4-5"],
        after=[],
    ),
    _event(
        "locale_drift",
        model="claude-opus-4-1-20250805",
        field="status",
        after={"english": "retired", "translated": "active"},
        context={"state": "appeared"},
    ),
    _event(
        "event_retracted",
        model="claude-opus-4-1-20250805",
        context={"retracts": "fedcba9876543210", "reason": "r"},
    ),
]


def test_every_kind_covers_every_event_type() -> None:
    """The sentences below are checked for every event type there is."""
    assert sorted({event.type for event in EVERY_KIND}) == sorted(get_args(EventType))


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_every_kind_of_event_is_told_in_each_language(locale: str) -> None:
    """Each event type becomes a whole sentence in the language, none left in English."""
    english = wording("en", PLAIN)
    local = wording(locale, PLAIN)
    for event in EVERY_KIND:
        sentence = local.headline(event)
        assert "%(" not in sentence and sentence != english.headline(event), (locale, event.type)
