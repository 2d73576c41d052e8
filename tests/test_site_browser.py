"""The site in a real browser: Debian's Chromium driven by Playwright, served from 127.0.0.1.

Never downloads a browser: `.ci/run` installs the `chromium` package and the tests launch
/usr/bin/chromium. Screenshots (desktop and phone) go to test-artifacts/site/ (git-ignored).
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

from tests.conftest import SITE_CHECKED_AT

pytestmark = pytest.mark.slow

# Debian's chromium package; another installed Chromium or Chrome can stand in (GitHub's runners).
CHROMIUM = Path(os.environ.get("DEPRECATIONS_TEST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts" / "site"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
# The browser's clock: two hours after the run that built the site (it is not stale yet).
VIEWED_AT = dt.datetime.fromisoformat(SITE_CHECKED_AT) + dt.timedelta(hours=2)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as GitHub Pages would serve it."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)")
    with sync_playwright() as playwright:
        launched = _launch(playwright)
        yield launched
        launched.close()


def _launch(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)


@dataclass
class Visit:
    """One page load: the page, and everything it asked for or complained about."""

    page: Page
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _visit(
    browser: Browser,
    url: str,
    viewport: dict[str, int] = DESKTOP,
    clock: dt.datetime = VIEWED_AT,
) -> Visit:
    page = browser.new_page(viewport={"width": viewport["width"], "height": viewport["height"]})
    visit = Visit(page)

    def route(route: Route) -> None:
        requested = route.request.url
        visit.requests.append(requested)
        if urlsplit(requested).hostname == "127.0.0.1":
            route.continue_()
        else:
            visit.blocked.append(requested)
            route.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda message: visit.errors.extend([message.text] * (message.type == "error"))
    )
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.clock.set_fixed_time(clock)
    page.goto(url, wait_until="networkidle")
    return visit


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    opened = _visit(browser, f"{site_url}/index.html")
    yield opened
    opened.page.close()


def _models(site_snapshots: Path) -> list[dict[str, Any]]:
    document = json.loads((site_snapshots / "models.json").read_text(encoding="utf-8"))
    models: list[dict[str, Any]] = document["models"]
    return models


def _visible_models(page: Page) -> list[str]:
    models: list[str] = page.eval_on_selector_all(
        "#models-table tbody tr:not([hidden])", "rows => rows.map(row => row.dataset.model)"
    )
    return models


def test_loads_without_console_errors_or_requests_leaving_127_0_0_1(
    visit: Visit, built_site: Path
) -> None:
    """Every request stays on 127.0.0.1 (its own CSS, JS, icon) and the console stays clean."""
    assert visit.blocked == []
    assert visit.errors == []
    paths = sorted(urlsplit(url).path for url in visit.requests)
    assert paths == ["/favicon.svg", "/index.html", "/site.css", "/site.js"]
    assert visit.page.is_visible("#filters")  # the script ran
    assert visit.page.is_hidden("#stale")


def test_every_language_page_loads_cleanly(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """The other languages' pages load as cleanly as the English one."""
    for path in sorted(built_site.glob("*.html")):
        opened = _visit(browser, f"{site_url}/{path.name}")
        try:
            assert (path.name, opened.blocked, opened.errors) == (path.name, [], [])
        finally:
            opened.page.close()


def test_filter_deprecated_shows_exactly_the_deprecated_models(
    visit: Visit, site_snapshots: Path
) -> None:
    """Status "deprecated" leaves exactly the deprecated models, in the table and the chart."""
    models = _models(site_snapshots)
    deprecated = [model["model"] for model in models if model["status"] == "deprecated"]
    page = visit.page

    page.select_option("#filter-status", "deprecated")

    assert deprecated and _visible_models(page) == deprecated
    lit = page.eval_on_selector_all(
        "#chart .bar:not(.dimmed)", "bars => bars.map(bar => bar.dataset.model)"
    )
    assert sorted(lit) == sorted(deprecated)
    assert page.inner_text("#shown") == f"Showing {len(deprecated)} of {len(models)} models"

    page.select_option("#filter-status", "")
    assert len(_visible_models(page)) == len(models)


def test_filters_combine_status_and_family(visit: Visit, site_snapshots: Path) -> None:
    """Family and status filter together: active Opus models only."""
    page = visit.page
    expected = [
        model["model"]
        for model in _models(site_snapshots)
        if model["status"] == "active" and "opus" in model["model"]
    ]

    page.select_option("#filter-status", "active")
    page.select_option("#filter-family", "opus")

    assert expected and _visible_models(page) == expected


def test_filter_by_platform_shows_the_models_it_has_ids_for(
    visit: Visit, site_snapshots: Path
) -> None:
    """Platform "Google Vertex AI" leaves exactly the models with a Vertex AI id."""
    expected = [
        model["model"] for model in _models(site_snapshots) if "vertex-ai" in model["platforms"]
    ]

    visit.page.select_option("#filter-platform", "vertex-ai")

    assert len(expected) >= 3 and _visible_models(visit.page) == expected


def _retirement_column(page: Page) -> list[str]:
    values: list[str] = page.eval_on_selector_all(
        "#models-table tbody tr",
        "rows => rows.map(row => row.children["
        "document.getElementById('col-retires').cellIndex].dataset.value)",
    )
    return values


def test_sort_by_retirement_date_both_ways_with_undated_last(visit: Visit) -> None:
    """Clicking "Retires" sorts by date, again reverses it; models without a date stay last."""
    page = visit.page
    header = page.locator("#col-retires")

    header.get_by_role("button").click()
    ascending = _retirement_column(page)
    header.get_by_role("button").click()
    descending = _retirement_column(page)

    dated = sorted(value for value in ascending if value)
    undated = [value for value in ascending if not value]
    assert len(dated) > 5
    assert ascending == dated + undated
    assert descending == dated[::-1] + undated
    assert header.get_attribute("aria-sort") == "descending"


def test_chart_has_one_bar_per_model(visit: Visit, site_snapshots: Path) -> None:
    """The SVG timeline draws exactly one bar per model of the index."""
    models = sorted(model["model"] for model in _models(site_snapshots))
    bars = visit.page.eval_on_selector_all(
        "#chart .bar", "bars => bars.map(bar => bar.dataset.model)"
    )

    assert sorted(bars) == models
    assert visit.page.locator("#chart .bar-fill").count() == len(models)


def test_phone_width_never_scrolls_the_page_sideways(
    browser: Browser, site_url: str, built_site: Path
) -> None:
    """At 375 px, no page is wider than the screen (wide tables and the chart scroll in place)."""
    for path in sorted(built_site.glob("*.html")):
        opened = _visit(browser, f"{site_url}/{path.name}", PHONE)
        try:
            widths = opened.page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
                " document.body.scrollWidth]"
            )
            assert (path.name, widths) == (path.name, [375, 375, 375])
        finally:
            opened.page.close()


def test_phone_chart_opens_on_today_with_the_ids_in_view(browser: Browser, site_url: str) -> None:
    """At 375 px the chart box scrolls to today; the ids column stays at its left edge."""
    opened = _visit(browser, f"{site_url}/index.html", PHONE)
    try:
        box, today, ids = (
            opened.page.locator(selector).bounding_box()
            for selector in (".chart-scroll", "#chart .today line", ".chart-labels")
        )
        scrolled = opened.page.evaluate("document.querySelector('.chart-scroll').scrollLeft")
    finally:
        opened.page.close()
    assert box is not None and today is not None and ids is not None
    assert scrolled > 0
    assert ids["x"] == box["x"]
    assert ids["x"] + ids["width"] < today["x"] < box["x"] + box["width"]


# Each row's height, and what its cells in view need (their content and padding): a cell
# scrolled out of view must not make a row taller than what the reader sees needs.
_ROW_HEIGHTS = """([box]) => Array.from(document.querySelectorAll("#models-table tbody tr"))
.map(row => {
  const frame = box.getBoundingClientRect();
  const needs = Array.from(row.cells).filter(cell => {
    const r = cell.getBoundingClientRect();
    return r.right > frame.left + 1 && r.left < frame.right - 1;
  }).map(cell => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const boxes = Array.from(range.getClientRects()).filter(r => r.height > 0)
      .sort((a, b) => a.top - b.top);
    let lines = 0, bottom = -Infinity;
    for (const r of boxes) {
      if (r.top >= bottom - 1) lines += 1;
      bottom = Math.max(bottom, r.bottom);
    }
    const style = getComputedStyle(cell);
    return lines * parseFloat(style.lineHeight) + parseFloat(style.paddingTop) +
      parseFloat(style.paddingBottom) + parseFloat(style.borderBottomWidth);
  });
  return [row.dataset.model, row.getBoundingClientRect().height, Math.max(...needs)];
})"""


def test_phone_rows_are_no_taller_than_their_content_needs(browser: Browser, site_url: str) -> None:
    """At 375 px every row of the models table is as tall as its visible cells need: no blank
    band under the name from a column scrolled out of view (the platform ids open on demand)."""
    opened = _visit(browser, f"{site_url}/index.html", PHONE)
    try:
        box = opened.page.query_selector("#models .table-scroll")
        heights = opened.page.evaluate(_ROW_HEIGHTS, [box])
    finally:
        opened.page.close()
    assert len(heights) > 10
    assert [row for row in heights if row[1] > row[2] + 2] == []


def test_phone_table_keeps_the_model_name_in_view_when_scrolled_sideways(
    browser: Browser, site_url: str
) -> None:
    """At 375 px the table scrolls sideways inside its box; its name column stays at the box's
    left edge, fully visible, however far it is scrolled."""
    opened = _visit(browser, f"{site_url}/index.html", PHONE)
    try:
        page = opened.page
        box = page.locator("#models .table-scroll")
        page.eval_on_selector(
            "#models .table-scroll", "box => { box.scrollLeft = box.scrollWidth; }"
        )
        scrolled = page.eval_on_selector("#models .table-scroll", "box => box.scrollLeft")
        frame = box.bounding_box()
        names = page.eval_on_selector_all(
            "#models-table tbody th.name-col",
            "cells => cells.map(cell => { const r = cell.getBoundingClientRect();"
            " return [cell.textContent.trim(), r.left, r.right]; })",
        )
        last = page.locator("#models-table tbody tr:first-child td:last-child").bounding_box()
    finally:
        opened.page.close()
    assert frame is not None and last is not None
    assert scrolled > 100  # it did scroll: the table is wider than the phone
    assert last["x"] + last["width"] <= frame["x"] + frame["width"] + 1  # the far end in view
    assert names and all(
        abs(left - frame["x"]) < 1 and right <= frame["x"] + frame["width"]
        for _, left, right in names
    )
    assert all(name.startswith("Claude") for name, _, _ in names)


def test_phone_chart_opens_with_bars_in_its_first_rows_and_says_it_scrolls(
    browser: Browser, site_url: str
) -> None:
    """At 375 px the chart opens at today: every row before the first retired model has its
    bar in the window, and a line above the chart says that it scrolls sideways."""
    opened = _visit(browser, f"{site_url}/index.html", PHONE)
    try:
        page = opened.page
        hint = page.is_visible(".scroll-hint")
        box = page.locator(".chart-scroll").bounding_box()
        labels = page.locator(".chart-labels").bounding_box()
        bars = page.eval_on_selector_all(
            "#chart .bar",
            "bars => bars.map(bar => { const parts = Array.from(bar.querySelectorAll("
            "'.bar-fill, .bar-open')).map(p => p.getBoundingClientRect());"
            " return [bar.dataset.model, bar.getAttribute('class'),"
            " Math.min(...parts.map(r => r.left)), Math.max(...parts.map(r => r.right))]; })",
        )
    finally:
        opened.page.close()
    assert hint and box is not None and labels is not None
    window = (labels["x"] + labels["width"], box["x"] + box["width"])
    first = bars[: next(i for i, bar in enumerate(bars) if "retired" in bar[1])]
    assert len(first) >= 5
    assert [bar[0] for bar in first if not (bar[2] < window[1] and bar[3] > window[0])] == []


def test_ids_are_never_broken_inside(browser: Browser, site_url: str) -> None:
    """At 375 px no id in the table, the cards or the changes is split over two lines."""
    opened = _visit(browser, f"{site_url}/index.html", PHONE)
    try:
        opened.page.eval_on_selector_all(
            "#models-table details", "all => all.forEach(d => d.open = true)"
        )
        split = opened.page.eval_on_selector_all(
            "main code",
            "codes => codes.filter(code => code.getClientRects().length > 1)"
            ".map(code => code.textContent)",
        )
        count = opened.page.eval_on_selector_all("main code", "codes => codes.length")
    finally:
        opened.page.close()
    assert count > 50 and split == []


def test_a_language_page_speaks_its_language_in_the_browser(
    browser: Browser, site_url: str
) -> None:
    """The German page: German headings, and the words the script writes (the filter count,
    the sort buttons, the age of the last check, the stall warning) in German too."""
    opened = _visit(browser, f"{site_url}/de.html", clock=VIEWED_AT + dt.timedelta(days=3))
    try:
        page = opened.page
        headings = page.eval_on_selector_all("main h2", "all => all.map(h => h.textContent.trim())")
        shown = page.inner_text("#shown")
        sort = page.get_attribute("#col-retires button", "aria-label")
        age = page.inner_text("#checked-age")
        stale = page.inner_text("#stale")
    finally:
        page.close()
    assert headings[1:3] == ["Zeitleiste", "Alle Modelle"]
    assert headings[-1] == "Letzte Änderungen"
    assert re.fullmatch(r"\d+ von \d+ Modellen angezeigt", shown)
    assert sort == "Nach Stilllegung sortieren"
    assert age == " (vor 3 Tagen)"
    assert stale.startswith("Diese Seite wurde 3 Tage lang nicht neu erstellt")


def test_keyboard_focus_reaches_the_filters(visit: Visit) -> None:
    """Tabbing from the top of the page reaches the status filter, then the family filter."""
    page = visit.page
    reached = []
    for _ in range(100):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.id")
        reached.append(focused)
        if focused == "filter-status":
            break
    assert reached[-1] == "filter-status", reached
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "filter-family"


def test_a_stalled_tracker_is_visible(browser: Browser, site_url: str) -> None:
    """Viewed three days after the last check, the page says the tracker may have stopped."""
    opened = _visit(browser, f"{site_url}/index.html", clock=VIEWED_AT + dt.timedelta(days=3))
    try:
        assert opened.page.is_visible("#stale")
        assert "has not been rebuilt for 3 days" in opened.page.inner_text("#stale")
    finally:
        opened.page.close()


def test_screenshots_desktop_and_phone(
    browser: Browser, site_url: str, request: pytest.FixtureRequest
) -> None:
    """Screenshots of the first screen, desktop and phone, written to test-artifacts/site/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    written = []
    for name, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        opened = _visit(browser, f"{site_url}/index.html", viewport)
        try:
            for suffix, full_page in (("", False), ("-full", True)):
                path = ARTIFACTS / f"{name}{suffix}.png"
                opened.page.screenshot(path=str(path), full_page=full_page)
                written.append(path)
        finally:
            opened.page.close()
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    for path in written:
        assert path.stat().st_size > 10_000
        if reporter is not None:
            reporter.write_line(f"screenshot: {path}")
