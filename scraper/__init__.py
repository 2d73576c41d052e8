"""Track Anthropic's Claude model deprecations page in every language it is published in."""

from __future__ import annotations

PROJECT_URL = "https://github.com/claude-deprecations/claude-deprecations"


def __getattr__(name: str) -> str:
    """`__version__`, from the installed metadata (pyproject.toml), read only when asked:
    importlib.metadata costs a third of a cold start that does not need it."""
    if name != "__version__":
        raise AttributeError(f"module 'scraper' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("claude-deprecations")
    except PackageNotFoundError:  # a source tree that was never installed
        return "0.0.0"
