"""Shared test helpers: fixture paths and golden-file comparison.

Regenerate golden files deliberately with `UPDATE_GOLDEN=1 pytest`, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """Every test server listens on 127.0.0.1 (tests use `localhost` as a foreign host)."""
    return ("127.0.0.1", 0)
