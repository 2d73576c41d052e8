"""Shared test helpers: fixture paths and golden-file comparison.

Regenerate golden files deliberately with `UPDATE_GOLDEN=1 pytest`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from scraper.records import Platform

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
GOLDEN = FIXTURES / "golden"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
# A report's commit message, as the notify and workflow tests feed it to their steps.
COMMIT_MESSAGE = (
    "3 changes: claude-3-5-haiku-20241022 deprecated, claude-3-7-sonnet-20250219 retired, …\n"
    "\n"
    "- claude-3-5-haiku-20241022: status active → deprecated (en, zh-TW, zh-CN)\n"
    "- claude-3-7-sonnet-20250219: status deprecated → retired (en)\n"
    "- claude-3-opus-20240229: retires_on 2026-01-05 → 2026-01-06 (ja)\n"
)


def report_events() -> list[dict[str, object]]:
    """The events.json a run writes into its report directory (what `notify` tells): two
    status changes and a retirement date, the events behind a commit message like the above."""
    page = "https://platform.claude.com/docs/en/about-claude/model-deprecations"
    dates = {
        "deprecated_on": "2025-10-28",
        "retires_on": "2026-02-19",
        "retires_on_qualifier": None,
    }
    return [
        {
            "id": "1111111111111111",
            "type": "status_changed",
            "model": "claude-3-5-haiku-20241022",
            "field": "status",
            "before": "active",
            "after": "deprecated",
            "context": {**dates, "replacement": "claude-haiku-4-5-20251001"},
            "detected_at": "2025-12-19",
            "locales": ["en", "zh-TW", "zh-CN"],
            "page_url": page,
        },
        {
            "id": "2222222222222222",
            "type": "status_changed",
            "model": "claude-3-7-sonnet-20250219",
            "field": "status",
            "before": "deprecated",
            "after": "retired",
            "context": {**dates, "retires_on": "2025-12-19"},
            "detected_at": "2025-12-19",
            "locales": ["en"],
            "page_url": page,
        },
        {
            "id": "3333333333333333",
            "type": "retirement_date_changed",
            "model": "claude-3-opus-20240229",
            "field": "retires_on",
            "before": "2026-01-05",
            "after": "2026-01-06",
            "context": {
                "retires_on": "2026-01-06",
                "qualifier_before": None,
                "qualifier_after": None,
            },
            "detected_at": "2025-12-19",
            "locales": ["ja"],
            "page_url": page,
        },
    ]


def assert_golden(path: Path, actual: str) -> None:
    """Compare a whole output with its golden file (or rewrite it under UPDATE_GOLDEN=1)."""
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"golden file {path} is missing; create it with UPDATE_GOLDEN=1 and review it")
    assert actual == path.read_text(encoding="utf-8")


def page_fixtures() -> list[Path]:
    return sorted(PAGES.glob("*.md"))


def backfill_eras() -> list[tuple[str, dict[str, str]]]:
    """The eras scripts/backfill-snapshots.sh replays: (day, {page: fixture path}), oldest first."""
    eras = []
    for line in (FIXTURES / "backfill-eras.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            day, *pairs = line.split()
            eras.append((day, dict(pair.split("=", 1) for pair in pairs)))
    return eras


def era_directory(root: Path, day: str, pages: dict[str, str]) -> Path:
    """A --from directory holding an era's copies as <page>.md, as the backfill script makes."""
    directory = root / "pages" / day
    directory.mkdir(parents=True, exist_ok=True)
    for page, fixture in pages.items():
        (directory / f"{page}.md").write_bytes((FIXTURES / f"{fixture}.md").read_bytes())
    return directory


def replay_backfill(root: Path, eras: list[tuple[str, dict[str, str]]] | None = None) -> Path:
    """`root/snapshots` as scripts/backfill-snapshots.sh writes it (in this process)."""
    from click.testing import CliRunner

    from scraper.cli import cli

    snapshots = root / "snapshots"
    for day, pages in backfill_eras() if eras is None else eras:
        saved = era_directory(root, day, pages)
        arguments = ["run", "-q", "--snapshots", str(snapshots), "--from", str(saved)]
        result = CliRunner().invoke(cli, [*arguments, "--as-of", day])
        assert result.exit_code == 0, (day, result.output)
    return snapshots


@pytest.fixture(scope="session")
def backfill(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The snapshots the backfill script makes from the saved copies, every era."""
    return replay_backfill(tmp_path_factory.mktemp("backfill"))


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Every test server listens on 127.0.0.1 (tests use `localhost` as a foreign host)."""
    return ("127.0.0.1", 0)


# --- the site's snapshots: two real runs over saved pages (deprecated models, drift, events) ---
SITE_RUNS = (
    (
        "2026-01-20",
        {
            "en": "en--81852090",
            "zh-TW": "zh-TW--seed",
            "de": "de--7033491188",
            "it": "it--7049210929",
        },
    ),
    (
        "2026-02-06",
        {"en": "en--36054956312", "it": "it--21649214621", "id": "id--21875957155"},
    ),
)
SITE_CHECKED_AT = "2026-02-06T06:17:00Z"
# Ids as the August 2026 pages list them (tests/fixtures/related/), per API id:
# aliases, then per platform the ids and the status mark the platform's page shows.
PLATFORM_IDS: dict[
    str, tuple[tuple[str, ...], dict[Platform, tuple[tuple[str, ...], str | None]]]
] = {
    "claude-fable-5": (
        ("claude-fable-5",),
        {
            "bedrock": (("anthropic.claude-fable-5",), None),
            "vertex-ai": (("claude-fable-5",), None),
            "foundry": (("claude-fable-5",), None),
            "aws-platform": (("claude-fable-5",), None),
        },
    ),
    "claude-opus-4-8": (
        ("claude-opus-4-8",),
        {
            "bedrock": (("anthropic.claude-opus-4-8",), None),
            "vertex-ai": (("claude-opus-4-8",), None),
        },
    ),
    "claude-opus-4-6": (
        ("claude-opus-4-6",),
        {
            "bedrock-legacy": (("anthropic.claude-opus-4-6-v1",), None),
            "vertex-ai": (("claude-opus-4-6",), None),
        },
    ),
    "claude-sonnet-4-6": (
        ("claude-sonnet-4-6",),
        {"bedrock-legacy": (("anthropic.claude-sonnet-4-6",), None)},
    ),
    "claude-sonnet-4-5-20250929": (
        ("claude-sonnet-4-5",),
        {
            "bedrock-legacy": (("anthropic.claude-sonnet-4-5-20250929-v1:0",), None),
            "vertex-ai": (("claude-sonnet-4-5@20250929",), None),
            "foundry": (("claude-sonnet-4-5",), None),
            "aws-platform": (("claude-sonnet-4-5",), None),
        },
    ),
    "claude-sonnet-4-20250514": (
        (),
        {
            "bedrock-legacy": (("anthropic.claude-sonnet-4-20250514-v1:0",), "deprecated"),
            "vertex-ai": (("claude-sonnet-4@20250514",), "deprecated"),
        },
    ),
    "claude-opus-4-20250514": (
        (),
        {
            "bedrock-legacy": (("anthropic.claude-opus-4-20250514-v1:0",), "retired"),
            "vertex-ai": (("claude-opus-4@20250514",), "deprecated"),
        },
    ),
    "claude-opus-4-1-20250805": (
        (),
        {"vertex-ai": (("claude-opus-4-1@20250805",), "deprecated")},
    ),
    "claude-haiku-4-5-20251001": (
        ("claude-haiku-4-5",),
        {
            "bedrock": (("anthropic.claude-haiku-4-5",), None),
            "bedrock-legacy": (("anthropic.claude-haiku-4-5-20251001-v1:0",), None),
            "vertex-ai": (("claude-haiku-4-5@20251001",), None),
            "foundry": (("claude-haiku-4-5",), None),
        },
    ),
    "claude-3-5-haiku-20241022": (
        (),
        {"vertex-ai": (("claude-3-5-haiku@20241022",), "deprecated")},
    ),
    "claude-3-5-sonnet-20240620": ((), {}),
    "claude-3-5-sonnet-20241022": ((), {}),
    "claude-3-opus-20240229": ((), {}),
    "claude-2.1": ((), {}),
    "claude-instant-1.2": ((), {}),
}
# The site's models.json takes its platforms and aliases from the same pages: its input
# contract is models.json, whose `platforms` and `aliases` come from them.
SITE_PLATFORMS = {
    model: PLATFORM_IDS[model]
    for model in (
        "claude-haiku-4-5-20251001",
        "claude-sonnet-4-5-20250929",
        "claude-sonnet-4-20250514",
        "claude-3-5-haiku-20241022",
    )
}
SCOPE_NOTE = "These dates apply to Anthropic-operated platforms."


def _with_platforms(models_json: Path) -> None:
    from scraper.records import ModelIndex, PlatformEntry, dumps

    index = ModelIndex.model_validate_json(models_json.read_text(encoding="utf-8"))
    models = []
    for model in index.models:
        aliases, platforms = SITE_PLATFORMS.get(model.model, ((), {}))
        entries = {
            platform: PlatformEntry(
                ids=ids, status=status, page_url=f"https://example.test/{platform}"
            )
            for platform, (ids, status) in platforms.items()
        }
        models.append(model.model_copy(update={"aliases": aliases, "platforms": entries}))
    updated = index.model_copy(update={"models": tuple(models), "scope_note": SCOPE_NOTE})
    models_json.write_text(dumps(ModelIndex.model_validate(updated.model_dump())), encoding="utf-8")


@pytest.fixture(scope="session")
def site_snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Snapshots written by `deprecations run` from saved pages of Dec 2025 and Feb 2026."""
    from click.testing import CliRunner

    from scraper.cli import cli

    root = tmp_path_factory.mktemp("site-snapshots")
    snapshots = root / "snapshots"
    for day, pages in SITE_RUNS:
        saved = root / f"pages-{day}"
        saved.mkdir()
        for locale, fixture in pages.items():
            (saved / f"{locale}.md").write_bytes((PAGES / f"{fixture}.md").read_bytes())
        result = CliRunner().invoke(
            cli, ["run", "-q", "--snapshots", str(snapshots), "--from", str(saved), "--as-of", day]
        )
        assert result.exit_code == 0, result.output
    _with_platforms(snapshots / "models.json")
    return snapshots


@pytest.fixture(scope="session")
def built_site(site_snapshots: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from `site_snapshots`, last checked on the second run's morning."""
    from click.testing import CliRunner

    from scraper.cli import cli

    out = tmp_path_factory.mktemp("site") / "public"
    result = CliRunner().invoke(
        cli,
        ["site", str(out), "--snapshots", str(site_snapshots), "--checked-at", SITE_CHECKED_AT],
    )
    assert result.exit_code == 0, result.output
    return out
