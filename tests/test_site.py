"""The static site, read as HTML: valid, escaped, complete without JavaScript, and the command's
edges. The same site driven in a real browser is in test_site_browser.py."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path

import html5lib
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from scraper.cli import cli
from scraper.ids import family_of
from scraper.publish.compose import publication
from scraper.publish.site.rows import anchor_ids, model_rows
from scraper.publish.site.timeline import timeline
from scraper.records import CanonicalModel, ModelIndex, dumps
from tests.conftest import SITE_CHECKED_AT

# Void elements never close; every other element this site writes closes explicitly.
VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "col", "area", "base"}
HOSTILE_MODEL = """claude-<script>alert("pwned")</script>-'quoted' & "double"-&amp;"""
HOSTILE_REPLACEMENT = """<img src=x onerror=alert(1)> & 'co' "x\""""


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


class _Balance(HTMLParser):
    """Every non-void start tag has its own end tag, in order (stricter than HTML5 requires)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, tuple[int, int]]] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append((tag, self.getpos()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """`<line/>` and `<path/>` in the SVG close themselves."""

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            expected = self.open[-1] if self.open else ("nothing", (0, 0))
            self.problems.append(
                f"</{tag}> at {self.getpos()} closes <{expected[0]}> {expected[1]}"
            )
            return
        self.open.pop()


def _tree(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_bytes())


def _elements(tree: lxml_html.HtmlElement, path: str) -> list[lxml_html.HtmlElement]:
    found = tree.xpath(path)
    assert isinstance(found, list)
    return [item for item in found if isinstance(item, lxml_html.HtmlElement)]


def test_site_has_a_page_per_stored_language_and_its_files(built_site: Path) -> None:
    """English is index.html; each stored language has its page, its changelog and feeds."""
    pages = ["index.html", "de.html", "it.html", "id.html", "zh-TW.html"]
    shared = ["models.json", "events.json", "drift.json", "CHANGELOG.md", "feed.atom", "feed.json"]
    shared += ["TRANSLATIONS.md", "feed.translations.atom"]
    own = [
        name
        for locale in ("de", "it", "id", "zh-TW")
        for name in (f"CHANGELOG.{locale}.md", f"feed.{locale}.atom", f"feed.{locale}.json")
    ]
    names = sorted(path.relative_to(built_site).as_posix() for path in built_site.rglob("*"))

    assert names == sorted(
        [*pages, "site.css", "site.js", "favicon.svg", "data", *(f"data/{n}" for n in shared + own)]
    )
    links = _tree(built_site / "de.html").xpath("//p[@class='data-links']//a/@href")
    assert [str(link) for link in links][:3] == [
        "data/CHANGELOG.de.md",
        "data/feed.de.atom",
        "data/feed.de.json",
    ]


def test_every_page_parses_as_strict_html5(built_site: Path) -> None:
    """html5lib in strict mode (the HTML5 parsing algorithm) finds no parse error on any page."""
    for page in _pages(built_site):
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        parser.parse(page.read_bytes())  # raises ParseError on the first error
        assert parser.errors == [], page.name


def test_every_element_is_closed_in_order(built_site: Path) -> None:
    """No unclosed or mis-nested tag on any page, even where HTML5 would forgive it."""
    for page in _pages(built_site):
        balance = _Balance()
        balance.feed(page.read_text(encoding="utf-8"))
        balance.close()
        assert balance.problems == [], page.name
        assert balance.open == [], page.name


def test_ids_are_unique_and_every_reference_finds_its_target(built_site: Path) -> None:
    """No duplicate id; every href="#…", label for, aria-labelledby names an element that exists."""
    for page in _pages(built_site):
        tree = _tree(page)
        ids = [str(value) for value in tree.xpath("//@id")]
        assert len(ids) == len(set(ids)), page.name
        targets = [str(href)[1:] for href in tree.xpath("//a/@href") if str(href).startswith("#")]
        targets += [str(value) for value in tree.xpath("//label/@for")]
        targets += [
            name for value in tree.xpath("//@aria-labelledby") for name in str(value).split()
        ]
        assert targets
        assert sorted(set(targets) - set(ids)) == [], page.name


def test_nothing_is_loaded_from_elsewhere(built_site: Path) -> None:
    """Scripts, styles and icons are the site's own files; the CSP allows nothing else."""
    for page in _pages(built_site):
        tree = _tree(page)
        loaded = [str(v) for v in tree.xpath("//script/@src | //link[@rel!='alternate']/@href")]
        assert sorted(loaded) == ["favicon.svg", "site.css", "site.js"], page.name
        assert tree.xpath("//script[not(@src)] | //style | //@style") == [], page.name
        [policy] = tree.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")
        assert "default-src 'none'" in str(policy)


def test_table_and_chart_are_in_the_html_for_readers_without_javascript(
    built_site: Path, site_snapshots: Path
) -> None:
    """Every model is a table row and one chart bar in the served HTML, before any script runs."""
    models = json.loads((site_snapshots / "models.json").read_text(encoding="utf-8"))["models"]
    expected = [model["model"] for model in models]
    tree = _tree(built_site / "index.html")

    rows = tree.xpath("//table[@id='models-table']/tbody/tr/@data-model")
    bars = tree.xpath("//*[local-name()='svg'][@id='chart']//*[contains(@class, 'bar ')]")

    assert [str(model) for model in rows] == expected
    assert sorted(str(bar.get("data-model")) for bar in bars) == sorted(expected)
    assert len(expected) == 23


def test_retiring_soon_names_the_firm_retirements_and_their_replacements(built_site: Path) -> None:
    """The top section lists what retires within 90 days of the check, with its replacement."""
    tree = _tree(built_site / "index.html")
    cards = tree.xpath("//li[contains(@class, 'card')]")

    assert [" ".join(card.text_content().split()) for card in cards] == [
        "Claude Haiku 3.5 claude-3-5-haiku-20241022 Deprecated 13 days left: retires Feb 19, "
        "2026 Move to claude-haiku-4-5-20251001",
        "Claude Sonnet 3.7 claude-3-7-sonnet-20250219 Deprecated 13 days left: retires Feb 19, "
        "2026 Move to claude-opus-4-6",
    ]


def test_last_checked_is_the_time_given(built_site: Path) -> None:
    """ "Last checked" shows --checked-at, machine-readable for the staleness script."""
    tree = _tree(built_site / "index.html")
    [checked] = tree.xpath("//p[@id='checked']")

    assert checked.get("data-checked") == "2026-02-06T06:17:00+00:00"
    assert "Last checked 2026-02-06 06:17 UTC" in checked.text_content()
    assert SITE_CHECKED_AT.startswith("2026-02-06T06:17")


def test_language_page_shows_its_own_words_dates_and_drift(
    built_site: Path, site_snapshots: Path
) -> None:
    """The German page: German status words, dates and headings, and where German differs
    from English as the sentences its changelog uses, never raw fields or enum values."""
    tree = _tree(built_site / "de.html")
    words = {str(word) for word in tree.xpath("//span[contains(@class, 'badge')]/text()")}
    differences = [
        " ".join(li.text_content().split()) for li in tree.xpath("//ul[@class='differences']/li")
    ]
    marked = tree.xpath("//table[@class='as-written']//mark")

    assert {"Aktiv", "Legacy", "Abgeschrieben", "Stillgelegt"} <= words
    assert tree.xpath("//time[@datetime='2026-02-19']/text()")[0] == "19.02.2026"
    assert differences == list(_standing(site_snapshots, "de"))
    assert any(" führt " in text and "; Englisch schon" in text for text in differences)
    raw = ("retires_on", "retires on qualifier", "not_sooner_than", "this page says", "since ")
    assert not [text for text in differences if any(word in text for word in raw)]
    assert marked
    assert tree.xpath("//nav//a[@aria-current='page']/text()") == ["Deutsch"]
    assert tree.xpath("/html/@lang") == ["de"]


def _standing(snapshots: Path, locale: str) -> tuple[str, ...]:
    """Where a language differs from English, as the publication view words it."""
    from scraper.store.snapshots import SnapshotStore

    stored = SnapshotStore(snapshots).load()
    today = dt.date.fromisoformat(SITE_CHECKED_AT[:10])
    view = publication(stored.events, stored.index, stored.drift, stored.pages, today)
    [language] = [language for language in view.languages if language.locale == locale]
    return tuple(said.plain for said in language.standing)


def _hostile_snapshots(root: Path) -> Path:
    snapshots = root / "snapshots"
    snapshots.mkdir()
    index = ModelIndex(
        models=(
            CanonicalModel(
                model=HOSTILE_MODEL,
                status="deprecated",
                deprecated_on=dt.date(2026, 1, 5),
                retires_on=dt.date(2026, 3, 1),
                retires_on_qualifier=None,
                replacement=HOSTILE_REPLACEMENT,
                announced_on=dt.date(2026, 1, 5),
                retired_on=None,
                sources={},
            ),
        )
    )
    (snapshots / "models.json").write_text(dumps(index), encoding="utf-8")
    return snapshots


def test_page_text_with_markup_quotes_and_ampersands_comes_out_escaped(tmp_path: Path) -> None:
    """A model cell holding <script>, quotes and & is text everywhere: no element, no attribute."""
    out = tmp_path / "public"
    result = CliRunner().invoke(
        cli,
        [
            "site",
            str(out),
            "--snapshots",
            str(_hostile_snapshots(tmp_path)),
            "--checked-at",
            SITE_CHECKED_AT,
        ],
    )
    assert result.exit_code == 0, result.output
    source = (out / "index.html").read_text(encoding="utf-8")
    tree = lxml_html.fromstring(source)

    assert [script.get("src") for script in _elements(tree, "//script")] == ["site.js"]
    assert tree.xpath("//img | //@onerror") == []
    [row] = _elements(tree, "//table[@id='models-table']/tbody/tr")
    assert row.get("data-model") == HOSTILE_MODEL
    assert row.xpath("string(td[@class='model-id']/code)") == HOSTILE_MODEL
    assert row.xpath("string(td[6])") == HOSTILE_REPLACEMENT
    [bar_label] = _elements(tree, "//ol[@class='chart-labels']/li")
    assert bar_label.text == HOSTILE_MODEL
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;" in source
    assert "&amp;amp;" in source  # a literal "&amp;" in the id is shown as typed


def test_model_ids_become_unique_valid_anchors() -> None:
    """Readable anchors for plain ids; a hashed suffix where two ids would collide or are odd."""
    anchors = anchor_ids(["claude-opus-4-6", "Claude-Opus-4-6", "claude 2.1", "<b>"])

    assert anchors["claude-opus-4-6"] == "model-claude-opus-4-6"
    assert len(set(anchors.values())) == 4
    assert all(value.startswith("model-") and " " not in value for value in anchors.values())


@pytest.mark.parametrize(
    ("model", "family"),
    [
        ("claude-3-5-haiku-20241022", "haiku"),
        ("claude-opus-4-6", "opus"),
        ("claude-sonnet-4-5@20250929", "sonnet"),
        ("anthropic.claude-3-sonnet-20240229-v1:0", "sonnet"),
        ("claude-instant-1.2", "other"),
        ("claude-2.1", "other"),
        ("claude-opusx-5", "other"),
    ],
)
def test_family_is_read_from_the_id_as_a_word(model: str, family: str) -> None:
    """Opus, Sonnet, Haiku when the id names one between separators; anything else is other."""
    assert family_of(model) == family


def test_chart_has_open_ended_bars_for_not_sooner_than_dates() -> None:
    """A "not sooner than" date is drawn open to the edge; a firm date ends the bar there."""
    models = [
        CanonicalModel(
            model="firm",
            status="deprecated",
            deprecated_on=dt.date(2026, 1, 1),
            retires_on=dt.date(2026, 6, 1),
            retires_on_qualifier=None,
            replacement=None,
            announced_on=None,
            retired_on=None,
            sources={},
        ),
        CanonicalModel(
            model="open",
            status="active",
            deprecated_on=None,
            retires_on=dt.date(2027, 1, 1),
            retires_on_qualifier="not_sooner_than",
            replacement=None,
            announced_on=None,
            retired_on=None,
            sources={},
        ),
    ]
    today = dt.date(2026, 2, 1)
    view = publication((), ModelIndex(models=tuple(models)), None, {}, today)
    chart = timeline(model_rows(view.models, today), today)
    firm, open_bar = chart.bars

    assert (firm.row.model, open_bar.row.model) == ("firm", "open")
    assert not firm.open_ended and firm.tail_width == 0
    assert (
        open_bar.open_ended
        and open_bar.x + open_bar.width + open_bar.tail_width == pytest.approx(chart.plot_right)
    )
    assert firm.end_label == "2026-06-01" and open_bar.end_label == "≥ 2027-01-01"
    assert chart.plot_left < chart.today_x < (firm.end_x or 0)


def test_second_build_rewrites_nothing(built_site: Path, site_snapshots: Path) -> None:
    """Building again with the same inputs changes no file (the deploy sees no churn)."""
    result = CliRunner().invoke(
        cli,
        [
            "site",
            str(built_site),
            "--snapshots",
            str(site_snapshots),
            "--checked-at",
            SITE_CHECKED_AT,
        ],
    )

    assert result.exit_code == 0, result.output
    assert "0 file(s) written" in result.stderr


def test_missing_index_is_a_one_line_error_exit_5(tmp_path: Path) -> None:
    """Snapshots without models.json: `error: …` naming the file and what to run, exit 5."""
    result = CliRunner().invoke(cli, ["site", str(tmp_path / "out"), "--snapshots", str(tmp_path)])

    assert result.exit_code == 5
    assert result.stderr.startswith("error: ")
    assert "models.json: not there yet: `deprecations run` writes it" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not (tmp_path / "out").exists()


def test_damaged_index_is_a_one_line_error_exit_5(tmp_path: Path) -> None:
    """A models.json that is not JSON: one line, exit 5, nothing written."""
    (tmp_path / "models.json").write_text("{", encoding="utf-8")

    result = CliRunner().invoke(cli, ["site", str(tmp_path / "out"), "--snapshots", str(tmp_path)])

    assert result.exit_code == 5
    assert result.stderr.startswith("error: ") and "not valid JSON" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("checked_at", "says"),
    [("yesterday", "is not an ISO 8601 time"), ("1990-01-01T00:00:00Z", "is before 2020-01-01")],
)
def test_bad_checked_at_is_a_usage_error(
    site_snapshots: Path, tmp_path: Path, checked_at: str, says: str
) -> None:
    """--checked-at that is not an ISO 8601 time, or long before the page: exit 2, the error
    names the option, nothing is written."""
    arguments = ["site", str(tmp_path / "out"), "--snapshots", str(site_snapshots)]
    result = CliRunner().invoke(cli, [*arguments, "--checked-at", checked_at])

    assert result.exit_code == 2
    assert "invalid value for '--checked-at'" in result.stderr.lower()
    assert f"'{checked_at}' {says}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_out_dir_that_is_a_file_is_an_error_exit_2(site_snapshots: Path, tmp_path: Path) -> None:
    """OUT_DIR names a file: one line naming it, exit 2, the file untouched."""
    target = tmp_path / "taken"
    target.write_text("mine\n")

    result = CliRunner().invoke(cli, ["site", str(target), "--snapshots", str(site_snapshots)])

    assert result.exit_code == 2
    assert target.read_text() == "mine\n"


def test_the_html_checks_can_fail() -> None:
    """The validators are not blind: an unclosed element, a stray end tag, a parse error."""
    balance = _Balance()
    balance.feed("<main><div><p>text</div></main>")
    balance.close()
    assert balance.problems

    with pytest.raises(html5lib.html5parser.ParseError):
        html5lib.HTMLParser(strict=True).parse("<!DOCTYPE html><p id=a id=b>twice</p>")


def test_platform_ids_and_their_own_status_are_in_the_table(built_site: Path) -> None:
    """Each platform's ids and status sit in the model's row; the page's scope note is quoted."""
    tree = _tree(built_site / "index.html")
    [row] = _elements(tree, "//tr[@data-model='claude-sonnet-4-20250514']")
    cell = " ".join(row.xpath("string(td[@class='platforms']//ul)").split())
    [scope] = _elements(tree, "//p[@class='scope']")
    options = tree.xpath("//select[@id='filter-platform']/option/@value")

    assert cell == (
        "Bedrock (legacy) anthropic.claude-sonnet-4-20250514-v1:0 (Deprecated) "
        "Vertex AI claude-sonnet-4@20250514 (Deprecated)"
    )
    assert row.get("data-platforms") == "bedrock-legacy vertex-ai"
    assert "Anthropic-operated platforms" in scope.text_content()
    assert [str(value) for value in options] == [
        "",
        "bedrock",
        "bedrock-legacy",
        "vertex-ai",
        "foundry",
        "aws-platform",
    ]
    [haiku] = _elements(tree, "//tr[@data-model='claude-haiku-4-5-20251001']")
    assert " ".join(haiku.xpath("string(td/span[@class='aliases'])").split()) == (
        "alias claude-haiku-4-5"
    )
