"""The history tells the truth: every retirement said, sentences that say what changed, and
translations placed in time (issue 27). Read against real copies of the page."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import feedparser
import pytest

from scraper.fetch.sources import LOCALES, page_url
from scraper.publish.compose import publication
from scraper.publish.wording import wording
from scraper.read.extract import read_page
from scraper.records import ModelIndex, PageContent, StoredPage
from scraper.sinks import PLAIN
from scraper.track.diff import diff_pages
from scraper.track.drift import locale_disagreements, track_drift
from scraper.track.events import Change, Event, EventLog, merge_changes
from scraper.track.index import canonical_models
from tests.conftest import PAGES

MARCH_2025 = read_page((PAGES / "en--31150348168.md").read_bytes()).content
JANUARY_2026 = read_page((PAGES / "en--81852090.md").read_bytes()).content
OPUS_3 = "claude-3-opus-20240229"


def events_between(old: PageContent, new: PageContent, day: dt.date) -> list[Event]:
    urls = {"en": "https://platform.claude.com/docs/en/about-claude/model-deprecations"}
    return merge_changes({"en": diff_pages(old, new)}, detected_at=day, page_urls=urls)


def _status_change(model: str, before: str, day: dt.date, retired: str, new: str) -> Event:
    change = Change(
        type="status_changed",
        model=model,
        field="status",
        before=before,
        after="retired",
        context={
            "deprecated_on": None,
            "retires_on": retired,
            "retires_on_qualifier": None,
            "replacement": new,
        },
    )
    (event,) = merge_changes({"en": [change]}, detected_at=day, page_urls={"en": "u"})
    return event


@pytest.mark.parametrize("locale", LOCALES)
def test_a_model_leaving_the_table_its_history_retired_reads_as_retired(locale: str) -> None:
    """Opus 3 left the status table after the day its history section says it was retired:
    that reads, in every language, exactly as a status change to retired would."""
    day = dt.date(2026, 1, 20)
    removed = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, day)
        if event.type == "model_removed" and event.model == OPUS_3
    )
    words = wording(locale, PLAIN)
    retired = _status_change(OPUS_3, "active", day, "2026-01-05", "claude-opus-4-5-20251101")
    assert words.headline(removed) == words.headline(retired)


def test_a_model_leaving_the_table_before_its_retirement_reads_as_removed() -> None:
    """The same removal seen before the history's date is no retirement (yet)."""
    removed = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, dt.date(2026, 1, 4))
        if event.type == "model_removed" and event.model == OPUS_3
    )
    assert wording("en", PLAIN).headline(removed) == (
        "Claude Opus 3 (claude-3-opus-20240229) removed from the status table (was active)"
    )


def test_an_announcement_whose_models_retired_says_so_beneath_it() -> None:
    """A history section recorded after its "were retired" note lists its models as retired
    on that day, not as retiring."""
    day = dt.date(2026, 1, 20)
    added = next(
        event
        for event in events_between(MARCH_2025, JANUARY_2026, day)
        if event.type == "announcement_added" and event.announcement == dt.date(2025, 6, 30)
    )
    assert wording("en", PLAIN).details(added) == [
        "Claude Opus 3 (claude-3-opus-20240229); retired on 2026-01-05; "
        "replacement: Claude Opus 4.5 (claude-opus-4-5-20251101)"
    ]


SEPTEMBER_2026 = read_page((PAGES / "en--59934005988.md").read_bytes()).content
OCTOBER_2026 = read_page((PAGES / "en--2026-10-10.md").read_bytes()).content


def _told(old: PageContent, new: PageContent, kind: str, model: str | None = None) -> str:
    event = next(
        event
        for event in events_between(old, new, dt.date(2026, 10, 10))
        if event.type == kind and (model is None or event.model == model)
    )
    return wording("en", PLAIN).headline(event)


def test_a_changed_cell_is_a_changed_cell() -> None:
    """The API parameter table's one re-worded status cell is that cell, not a row added and
    another removed."""
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "table_changed") == (
        "Table in section “API parameter deprecations” changed: “temperature, top_p, top_k”, "
        "Status: “Deprecated (Claude Opus 4.7 and later)” → “Deprecated (Claude 4.7 and later "
        "models)”"
    )


def test_rows_added_removed_and_changed_are_told_apart() -> None:
    """Rows are paired by their first cell: a new key is a row added, a gone key a row removed,
    the same key with other cells is its changed cells, told one by one, or counted when many."""
    (table,) = SEPTEMBER_2026.tables
    key, status, *rest = table.rows[0]
    other = ("max_tokens_to_sample", "Retired", "-", "max_tokens")

    def with_rows(*rows: tuple[str, ...]) -> PageContent:
        changed = table.model_copy(update={"rows": rows})
        return SEPTEMBER_2026.model_copy(update={"tables": (changed,)})

    one_cell = with_rows((key, "Retired", *rest), other)
    assert _told(SEPTEMBER_2026, one_cell, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 1 row added; "
        "“temperature, top_p, top_k”, Status: “Deprecated (Claude Opus 4.7 and later)” → “Retired”"
    )
    assert _told(one_cell, SEPTEMBER_2026, "table_changed").startswith(
        "Table in section “API parameter deprecations” changed: 1 row removed; “temperature"
    )
    many = with_rows((key, *(f"{cell}!" for cell in (status, *rest))))
    assert _told(SEPTEMBER_2026, many, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 3 cells changed"
    )
    assert _told(with_rows(*table.rows, other), many, "table_changed") == (
        "Table in section “API parameter deprecations” changed: 1 row removed; 3 cells changed"
    )


def test_a_date_that_appears_is_now_that_date() -> None:
    """A retirement date where the table had none reads as the date it now is."""
    assert _told(
        MARCH_2025, JANUARY_2026, "retirement_date_changed", "claude-3-haiku-20240307"
    ) == (
        "Claude Haiku 3 (claude-3-haiku-20240307): retirement date now not sooner than 2025-03-07"
    )


def test_an_added_model_has_its_name_status_and_dates() -> None:
    """A model new to the table is told by its name, with its deprecation date and a
    retirement date the page says is still to be announced (not "no date")."""
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "model_added", "claude-mythos-preview") == (
        "Claude Mythos Preview (claude-mythos-preview) added: deprecated on 2026-06-09; "
        "retirement date to be announced"
    )
    assert _told(SEPTEMBER_2026, OCTOBER_2026, "model_added", "claude-haiku-5-5") == (
        "Claude Haiku 5.5 (claude-haiku-5-5) added: active; retires not sooner than 2027-10-07"
    )


@pytest.mark.parametrize(
    ("cell", "qualifier"),
    [
        ("To be announced", "to_be_announced"),
        ("TBA", "to_be_announced"),
        ("待定", "to_be_announced"),
        ("Akan diumumkan", "to_be_announced"),
        ("Wird noch bekannt gegeben", "to_be_announced"),
        ("N/A", None),
        ("—", None),
    ],
)
def test_to_be_announced_is_its_own_qualifier(cell: str, qualifier: str | None) -> None:
    """A retirement cell saying the date is still to come keeps that, in any language; a cell
    saying there is none is no date at all."""
    text = (PAGES / "en--2026-10-10.md").read_text(encoding="utf-8")
    page = read_page(text.replace("| To be announced ", f"| {cell} ").encode()).content
    (row,) = [model for model in page.models if model.model == "claude-mythos-preview"]
    assert (row.retires_on, row.retires_on_qualifier) == (None, qualifier)


def _stored(snapshots: Path) -> tuple[tuple[Event, ...], ModelIndex, dict[str, PageContent]]:
    """The log, the index and every language's page of a snapshots directory."""
    log = EventLog.from_json(json.loads((snapshots / "events.json").read_text())).events
    index = ModelIndex.model_validate_json((snapshots / "models.json").read_text())
    pages = {
        path.stem: StoredPage.model_validate_json(path.read_text()).content
        for path in (snapshots / "model-deprecations").glob("*.json")
    }
    return log, index, pages


def test_retiring_soon_is_as_of_the_first_day_of_its_list(backfill: Path) -> None:
    """A month after the last run that changed anything, the list is as of the day a model
    last entered it (Opus 4.6's "not sooner than" date came 90 days near on 2026-11-07), and
    the first day a model without an announcement may retire counts from that day."""
    log, index, pages = _stored(backfill)
    soon = publication(log, index, None, pages, dt.date(2026, 11, 15)).main.soon
    assert soon is not None
    assert (soon.as_of, soon.firm, soon.noticed) == (
        dt.date(2026, 11, 7),
        ("claude-sonnet-4-5-20250929",),
        (),
    )
    assert soon.lead.startswith("As of 2026-11-07: retirement dates in the next 90 days")
    assert [line.plain for line in soon.unannounced_lines] == [
        "not before 2027-01-06: Claude Haiku 4.5 (claude-haiku-4-5-20251001); "
        "retires not sooner than 2026-10-15",
        "not before 2027-01-06: Claude Mythos Preview (claude-mythos-preview); "
        "retirement date to be announced",
        "not before 2027-01-06: Claude Opus 4.5 (claude-opus-4-5-20251101); "
        "retires not sooner than 2026-11-24",
        "not before 2027-02-05: Claude Opus 4.6 (claude-opus-4-6); "
        "retires not sooner than 2027-02-05",
    ]


def test_a_translation_behind_english_gets_englishs_dates_and_says_so(backfill: Path) -> None:
    """zh-TW's copy (2025-12-20) is older than English's (2026-10-10) and lists other dates:
    its "Retiring soon" is English's, saying so in Chinese and how far behind it is; the
    Indonesian page, as new as English, tells its own."""
    zh_tw = (backfill / "CHANGELOG.zh-TW.md").read_text(encoding="utf-8")
    assert (
        "## 即將停用\n\n"
        "這些日期來自英文頁面：本頁面落後英文頁面 294 天（最近一次變更於 2025年12月20日）。\n\n"
        "截至 2026年10月10日："
    ) in zh_tw
    assert "- **2026年11月30日（確定）**：Claude Sonnet 4.5 (`claude-sonnet-4-5-20250929`)" in zh_tw
    indonesian = (backfill / "CHANGELOG.id.md").read_text(encoding="utf-8")
    assert "## Segera pensiun\n\nPer 10 Oktober 2026: tanggal pensiun" in indonesian


def test_a_translation_newer_than_english_tells_its_own_dates() -> None:
    """Before English had announced them, the zh-TW page's firm dates are its "Retiring soon",
    in its words, with no word of English."""
    seed = read_page((PAGES / "zh-TW--seed.md").read_bytes()).content
    day, later = dt.date(2025, 3, 15), dt.date(2025, 12, 20)
    urls = {"en": "https://e.test/en", "zh-TW": "https://e.test/zh-TW"}
    log = [
        *merge_changes({"zh-TW": diff_pages(None, seed)}, detected_at=later, page_urls=urls),
        *merge_changes({"en": diff_pages(None, MARCH_2025)}, detected_at=day, page_urls=urls),
    ]
    pages = {"en": MARCH_2025, "zh-TW": seed}
    view = publication(log, canonical_models(MARCH_2025, later), None, pages, later)
    (edition,) = view.editions
    assert edition.soon is not None and edition.soon.source is None
    assert [line.plain for line in edition.soon.lines][:1] == [
        "2026年1月5日（確定）：Claude Opus 3 (claude-3-opus-20240229)；"
        "推薦替代方案：Claude Opus 4.1 (claude-opus-4-1-20250805)"
    ]
    assert view.main.soon is not None and view.main.soon.lines == ()


def test_a_translation_tracked_without_english_tells_its_own_dates() -> None:
    """Snapshots that never stored the English page (`--locales zh-TW`) still give the
    translation its "Retiring soon", from its own page, in its words."""
    seed = read_page((PAGES / "zh-TW--seed.md").read_bytes()).content
    day = dt.date(2025, 12, 20)
    log = merge_changes(
        {"zh-TW": diff_pages(None, seed)}, detected_at=day, page_urls={"zh-TW": "https://e.test"}
    )
    view = publication(log, None, None, {"zh-TW": seed}, day)
    (edition,) = view.editions
    assert view.main.soon is None  # nothing in English to tell
    assert edition.soon is not None and edition.soon.source is None
    assert edition.soon.firm == (
        OPUS_3,
        "claude-3-5-haiku-20241022",
        "claude-3-7-sonnet-20250219",
    )
    assert edition.soon.lead.startswith("截至 2025年12月20日")


def _day_of(changelog: str, heading: str) -> str:
    """The lines of one day of a changelog, its heading aside."""
    return changelog.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]


def test_a_translations_changelog_opens_with_its_differences_at_first_tracking(
    backfill: Path,
) -> None:
    """The German page's first entry is where it stood against English when tracking began."""
    german = (backfill / "CHANGELOG.de.md").read_text(encoding="utf-8")
    first = _day_of(german, "15. November 2025")
    assert german.rstrip().endswith(first.rstrip())  # the oldest day
    assert "Beobachtung dieser Seite begonnen" in first
    assert "### Abweichungen von der englischen Seite" in first
    assert (
        "de nennt 6. November 2024 als Tag, an dem die Modelle der Ankündigung vom 4. September "
        "2024 stillgelegt wurden; Englisch nennt kein Datum; die Seite de ist neuer "
        "(15. November 2025; Englisch: 15. März 2025)"
    ) in first


def test_a_difference_says_which_side_is_newer(backfill: Path) -> None:
    """By the dates of the two copies compared: in December 2025 the translations were newer
    than the March English copy; in January 2026 English was."""
    translations = (backfill / "TRANSLATIONS.md").read_text(encoding="utf-8")
    assert (
        "zh-TW shows Claude Haiku 3.5 (`claude-3-5-haiku-20241022`) as deprecated; English shows "
        "it as active; the zh-TW page is newer (2025-12-20; English: 2025-03-15)"
    ) in _day_of(translations, "2025-12-20")
    assert (
        "zh-TW lists Claude Opus 3 (`claude-3-opus-20240229`); English does not; "
        "the English page is newer (2026-01-20; zh-TW: 2025-12-20)"
    ) in _day_of(translations, "2026-01-20")
    standing = translations.split("\n### zh-TW\n", 1)[1]
    assert standing.startswith(
        "\nThe English page is newer: 2026-10-10; the zh-TW page: 2025-12-20."
    )


def test_who_caught_up_is_said(backfill: Path) -> None:
    """A disagreement that ends because the English page changed says English moved (zh-TW's
    copy is still the December one); one that ends because the translation changed says the
    translation agrees again."""
    translations = (backfill / "TRANSLATIONS.md").read_text(encoding="utf-8")
    january = _day_of(translations, "2026-01-20")
    assert "English now agrees with zh-TW on the announcement of 2025-06-30" in january
    assert "zh-TW agrees with English again" not in january
    assert "id agrees with English again on the status of Claude Haiku 3 " in _day_of(
        translations, "2026-10-10"
    )
    german = (backfill / "CHANGELOG.de.md").read_text(encoding="utf-8")
    assert "Englisch stimmt jetzt mit de überein: die Ankündigung vom 30. Juni 2025" in german


def test_no_date_is_never_called_firm(backfill: Path) -> None:
    """A translation's "not sooner than" date against an English page that gives none is one
    sentence with both, not "English shows it as firm"."""
    translations = (backfill / "TRANSLATIONS.md").read_text(encoding="utf-8")
    assert "English shows it as firm" not in _day_of(translations, "2025-12-20")
    assert (
        "zh-TW gives not sooner than 2025-03-07 as the retirement date of Claude Haiku 3 "
        "(`claude-3-haiku-20240307`); English gives no date"
    ) in _day_of(translations, "2025-12-20")


def _retiring(
    page: PageContent, model: str, day: dt.date | None, qualifier: str | None
) -> PageContent:
    """The page with one model's retirement date and qualifier replaced."""
    rows = tuple(
        row.model_copy(update={"retires_on": day, "retires_on_qualifier": qualifier})
        if row.model == model
        else row
        for row in page.models
    )
    return page.model_copy(update={"models": rows})


@pytest.mark.parametrize(
    ("english", "translated", "said"),
    [
        (
            (None, "to_be_announced"),
            (dt.date(2026, 5, 14), "not_sooner_than"),
            "de gives not sooner than 2026-05-14 as the retirement date of Claude Opus 4 "
            "(claude-opus-4-20250514); English says it is to be announced",
        ),
        (
            (dt.date(2026, 6, 15), None),
            (None, "to_be_announced"),
            "de says the retirement date of Claude Opus 4 (claude-opus-4-20250514) is to be "
            "announced; English gives 2026-06-15",
        ),
    ],
)
def test_a_date_to_be_announced_is_said_so_against_a_date(
    english: tuple[dt.date | None, str | None],
    translated: tuple[dt.date | None, str | None],
    said: str,
) -> None:
    """One side's "to be announced" against the other's date is one sentence that says so,
    never "gives to be announced" nor a second sentence on the qualifier alone."""
    model, day = "claude-opus-4-20250514", dt.date(2026, 1, 20)
    pages = {
        "en": _retiring(JANUARY_2026, model, *english),
        "de": _retiring(JANUARY_2026, model, *translated).model_copy(update={"locale": "de"}),
    }
    report, changes = track_drift(pages, None, day)
    urls = {"en": "https://e.test/en", "de": "https://e.test/de"}
    log = merge_changes(changes, detected_at=day, page_urls=urls)
    view = publication(log, canonical_models(pages["en"], day), report, pages, day)
    told = [
        sentence.plain for item in view.translations.days[0].drift for sentence in item.sentences
    ]
    assert told == [said]


def test_a_model_leaving_one_table_is_no_agreement(backfill: Path) -> None:
    """When English dropped Opus 3 from its status table, zh-TW did not "agree again" on its
    status: it still lists it, and that is what is said."""
    day = _day_of((backfill / "TRANSLATIONS.md").read_text(encoding="utf-8"), "2026-01-20")
    assert "zh-TW lists Claude Opus 3 (`claude-3-opus-20240229`); English does not" in day
    assert "agrees with English again on the status of Claude Opus 3" not in day


def test_a_translation_catching_up_is_not_news_of_the_page(backfill: Path) -> None:
    """The Indonesian page retiring Haiku 3 months after English is in its own changelog and
    in TRANSLATIONS.md, not in CHANGELOG.md; the Italian page announcing 2025-12-19 before the
    English copy did is."""
    main = (backfill / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Claude Haiku 3 (`claude-3-haiku-20240307`): deprecated → retired" not in main
    assert "**it**: New announcement of 2025-12-19: Modello Claude Haiku 3.5" in main
    assert not re.search(
        r"^- <a id=\"event-\w+\"></a>\*\*id\*\*", _day_of(main, "2026-10-10"), re.M
    )
    indonesian = (backfill / "CHANGELOG.id.md").read_text(encoding="utf-8")
    assert "Claude Haiku 3 (`claude-3-haiku-20240307`): Deprecated → Retired" in indonesian
    translations = (backfill / "TRANSLATIONS.md").read_text(encoding="utf-8")
    assert "id agrees with English again on the status of Claude Haiku 3" in translations


def test_translation_entries_link_their_own_page(backfill: Path) -> None:
    """Each feed entry's body links the page that said it: a translation's own."""
    for name in ("feed.atom", "feed.translations.atom", "feed.it.atom"):
        for entry in feedparser.parse((backfill / name).read_bytes()).entries:
            (link,) = re.findall(r'href="([^"]+)"', entry.content[0].value)
            # The languages it was seen in, as its categories say: English's page when English
            # says it, else one of theirs.
            seen = [tag.term for tag in entry.tags if tag.term in LOCALES]
            pages = [page_url("en")] if "en" in seen else [page_url(locale) for locale in seen]
            assert link in pages, (name, entry.title)
            assert name == "feed.atom" or "en" not in seen


def test_other_tables_are_compared_by_their_number() -> None:
    """Other tables are in each language's words: a translation without the English page's
    table differs on how many it has, and agrees again once it has it."""
    english = SEPTEMBER_2026
    without = english.model_copy(update={"tables": (), "locale": "de"})
    assert [
        (item.field, item.english, item.translated)
        for item in locale_disagreements(english, without)
        if item.field == "tables"
    ] == [("tables", 1, 0)]
    assert not [item for item in locale_disagreements(english, english) if item.field == "tables"]
