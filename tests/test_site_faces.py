"""The site fits its reader (#28): each language's page in its own words, differences and
changes as sentences, names beside ids, statuses of the day, ids kept whole, a chart that
opens on the models still to retire. Read as HTML; the phone layout is in
test_site_browser.py."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from scraper.cli import cli
from scraper.ids import model_name
from scraper.publish.compose import publication
from scraper.publish.i18n import translations
from scraper.publish.site.rows import IdFinder, model_rows
from scraper.publish.site.timeline import chart_order
from scraper.store.snapshots import SnapshotStore
from tests.conftest import SITE_CHECKED_AT

ROOT = Path(__file__).parent.parent
BUILT_ON = dt.date(2026, 12, 4)
# The site's own words, each a heading or label every page shows.
LABELS = {
    "Timeline": "//h2[@id='timeline-title']",
    "All models": "//h2[@id='models-title']",
    "Recent changes": "//h2[@id='changes-title']",
    "Days left": "//table[@id='models-table']/thead//th[6]",
    "Replacement": "//table[@id='models-table']/thead//th[7]",
    "Family": "//label[@for='filter-family']",
}


def _tree(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def _text(element: lxml_html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of the repository's own snapshots, built on 2026-12-04 (after Claude Sonnet
    4.5's firm retirement date, which its snapshot still calls deprecated)."""
    out = tmp_path_factory.mktemp("real-site")
    result = CliRunner().invoke(
        cli,
        [
            "site",
            str(out),
            "--snapshots",
            str(ROOT / "snapshots"),
            "--checked-at",
            "2026-12-04T06:00:00Z",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_every_language_page_has_its_headings_and_labels_in_its_own_words(
    built_site: Path, real_site: Path
) -> None:
    """Every page but English shows the site's headings and labels from its own catalog, not
    English; `<html lang>` is its language."""
    pages = [*built_site.glob("*.html"), *real_site.glob("*.html")]
    checked = set()
    for page in pages:
        if page.name == "index.html":
            continue
        locale = page.stem
        tree = _tree(page)
        catalog = translations(locale)
        assert tree.xpath("/html/@lang") == [locale]
        for message, where in LABELS.items():
            [element] = tree.xpath(where)
            assert (locale, _text(element)) == (locale, catalog.gettext(message))
            assert catalog.gettext(message) != message, (locale, message)
        checked.add(locale)
    assert {"de", "it", "zh-TW", "id", "zh-CN"} <= checked


def _heads(tree: lxml_html.HtmlElement) -> list[str]:
    return [
        _text(span) for span in tree.xpath("//ol[@class='changes']/li/span[@class='change-text']")
    ]


def test_recent_changes_tell_each_announcement_once_in_the_pages_language(
    real_site: Path,
) -> None:
    """The English page tells an announcement once however many languages saw it; a
    language's page tells its own changelog's entries, in its words."""
    english = _heads(_tree(real_site / "index.html"))
    dates = [
        found[1] for head in english if (found := re.match(r"New announcement of (\S+):", head))
    ]
    assert dates and len(dates) == len(set(dates))
    stored = SnapshotStore(ROOT / "snapshots").load()
    view = publication(stored.events, stored.index, stored.drift, stored.pages, BUILT_ON)
    for edition in (view.main, *view.editions):
        told = [
            item.head.text.plain
            for day in edition.days
            for item in day.items
            if edition.locale in item.locales
        ]
        page = "index" if edition is view.main else edition.locale
        heads = _heads(_tree(real_site / f"{page}.html"))
        assert heads == told[: len(heads)] and heads, edition.locale


def test_models_show_their_names_beside_their_ids(built_site: Path) -> None:
    """Each row names its model as people know it (Claude Sonnet 4.5) beside its id; the
    chart labels its bars with the names, and with the id where two models share one."""
    tree = _tree(built_site / "index.html")
    rows = tree.xpath("//table[@id='models-table']/tbody/tr")
    assert rows
    for row in rows:
        model = row.get("data-model")
        [name] = row.xpath("th[@scope='row']")
        [code] = row.xpath("td[@class='model-id']/code")
        assert (_text(name), code.text) == (model_name(model), model)
    labels = [_text(li) for li in tree.xpath("//ol[@class='chart-labels']/li")]
    assert len(labels) == len(set(labels)) == len(rows)
    assert "Claude Sonnet 3.7" in labels and "claude-3-5-sonnet-20240620" in labels


def test_a_firm_date_that_passed_is_shown_retired(real_site: Path) -> None:
    """The snapshot still says deprecated; on 2026-12-04, after its firm date, the site says
    retired (as `models` does), in the table and the chart."""
    tree = _tree(real_site / "index.html")
    [row] = tree.xpath("//tr[@data-model='claude-sonnet-4-5-20250929']")
    [bar] = tree.xpath("//*[@id='chart']//*[@data-model='claude-sonnet-4-5-20250929']")
    assert row.get("data-status") == "retired"
    assert _text(row.xpath("td[5]")[0]) == "retired"
    assert "status-retired" in bar.get("class")


def test_ids_in_sentences_are_kept_whole_as_code() -> None:
    """A sentence is cut around the ids it names, whole ids only: not a longer id that
    starts alike, nor an id inside a word."""
    finder = IdFinder.of(["claude-opus-4-1-20250805", "claude-opus-4-8", "claude-opus-4"])
    said = finder.sentence(
        "Claude Opus 4.1 (claude-opus-4-1-20250805) retired; replacement: claude-opus-4-8. "
        "Not claude-opus-4-8-v2, my-claude-opus-4-8 or claude-opus-4@20250514."
    )
    assert [text for text, is_id in said.pieces if is_id] == [
        "claude-opus-4-1-20250805",
        "claude-opus-4-8",
    ]
    assert said.text.startswith("Claude Opus 4.1 (claude-opus-4-1-20250805) retired")
    assert IdFinder.of([]).sentence("no ids").pieces == (("no ids", False),)


def test_the_chart_opens_with_the_models_still_to_retire(site_snapshots: Path) -> None:
    """The first bars are the models not retired (soonest first), so a phone opening the chart
    at today sees bars; the retired follow, the latest first."""
    stored = SnapshotStore(site_snapshots).load()
    today = dt.date.fromisoformat(SITE_CHECKED_AT[:10])
    view = publication(stored.events, stored.index, stored.drift, stored.pages, today)
    ordered = chart_order(model_rows(view.models, today))
    statuses = [row.status == "retired" for row in ordered]
    assert statuses == sorted(statuses) and not statuses[0] and statuses[-1]
    retired = [row.end or dt.date.min for row in ordered if row.status == "retired"]
    assert retired == sorted(retired, reverse=True)
    going = [row.end for row in ordered if row.status != "retired" and row.end]
    assert going == sorted(going)
