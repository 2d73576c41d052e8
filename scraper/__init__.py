"""Track Anthropic's Claude model deprecations page in every language it is published in."""

from __future__ import annotations

from pathlib import Path

PROJECT_URL = "https://github.com/claude-deprecations/claude-deprecations"


def __getattr__(name: str) -> str:
    """`__version__`, from scraper/VERSION: the one place the version is written; the build
    reads it into the package's metadata (pyproject.toml), and the release checks the tag
    against it. Reading it costs nothing, where importlib.metadata cost a third of a cold start."""
    if name != "__version__":
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    return (Path(__file__).parent / "VERSION").read_text(encoding="utf-8").strip()
