"""Track Anthropic's Claude model deprecations page in every language it is published in."""

from __future__ import annotations

# The one place the version is written: pyproject.toml reads it from here, so `--version`
# needs no importlib.metadata (a third of a cold start).
__version__ = "0.1.0"

PROJECT_URL = "https://github.com/claude-deprecations/claude-deprecations"
