"""How a run is asked to go: what the command line hands the pipeline and the plan."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from scraper.fetch.pages import FetchSettings
from scraper.fetch.sources import DOCS_BASE_URL

# Where the copy that confirms a change comes from: a second fetch in the same run, or the
# next run seeing the same records again.
Confirmation = Literal["same-run", "next-run"]
CONFIRMATIONS: tuple[Confirmation, ...] = ("same-run", "next-run")


@dataclass(frozen=True, slots=True)
class RunOptions:
    snapshots: Path
    locales: tuple[str, ...] | None = None
    base_url: str = DOCS_BASE_URL
    from_dir: Path | None = None
    as_of: dt.date | None = None
    accept_shrink: bool = False
    # Plausibility checks a person accepts for this run (scraper.track.plausibility.CHECKS).
    accept: frozenset[str] = frozenset()
    wait_for_lock: float = 0.0
    settings: FetchSettings = field(default_factory=FetchSettings)
    run_url: str | None = None  # the CI run doing this, stamped on what it changes
    confirm: Confirmation = "same-run"
