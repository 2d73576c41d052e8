"""Model catalogues checked against the pages: which ones the tracker knows.

The names live here, not beside their loaders, so `deprecations --help` can list the command
without importing them.
"""

from __future__ import annotations

from typing import Literal

CatalogName = Literal["litellm", "models.dev", "json"]
CATALOGS: tuple[CatalogName, ...] = ("litellm", "models.dev", "json")
