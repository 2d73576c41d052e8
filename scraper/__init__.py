"""Track Anthropic's Claude model deprecations page in every language it is published in."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("claude-deprecations")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"

PROJECT_URL = "https://github.com/claude-deprecations/claude-deprecations"
