"""The committed snapshots are what a fresh backfill of the saved copies writes, byte for byte,
so they can never drift from the code again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scraper.store.snapshots import SnapshotStore
from tests.log_checks import log_contradictions

REPOSITORY = Path(__file__).parent.parent
COMMITTED = REPOSITORY / "snapshots"


def _files(snapshots: Path) -> dict[str, bytes]:
    """Every file of a snapshots directory by its path in it, the run's lock aside."""
    return {
        path.relative_to(snapshots).as_posix(): _without_stamps(path)
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock"
    }


def _without_stamps(path: Path) -> bytes:
    """The file as compared. state.json's `parser` is a digest of the reader's code: it changes
    with every change to the code that reads pages, which says nothing about what was read, and
    a stale one only makes the next run read every page afresh (pipeline.py), which is what
    it is for. Its `schemas` digests the code of the schemas with their files: a stale one only
    makes the next run generate them again. Every other byte must be equal."""
    if path.name != "state.json" or path.parent.name == "schema":
        return path.read_bytes()
    state = json.loads(path.read_text(encoding="utf-8"))
    state.pop("parser", None)
    state.pop("schemas", None)
    return json.dumps(state, indent=2, sort_keys=True).encode()


def _differing(left: dict[str, bytes], right: dict[str, bytes]) -> list[str]:
    return sorted(name for name in left.keys() | right.keys() if left.get(name) != right.get(name))


def test_committed_snapshots_equal_a_fresh_backfill(backfill: Path) -> None:
    """snapshots/ holds exactly what replaying tests/fixtures/backfill-eras.txt writes; when this
    fails, rebuild them: `rm -rf snapshots && scripts/backfill-snapshots.sh`."""
    assert _differing(_files(COMMITTED), _files(backfill)) == []


def test_the_backfilled_log_folds_to_the_backfilled_snapshots(backfill: Path) -> None:
    """Eleven eras of real pages, twelve runs: events.json says exactly what the snapshots,
    models.json and drift.json say, with no event repeating or contradicting one before it
    (a reminder repeats a date, it does not set one)."""
    assert log_contradictions(SnapshotStore(backfill).load()) == []


@pytest.mark.slow
def test_the_backfill_script_writes_what_the_replay_writes(backfill: Path, tmp_path: Path) -> None:
    """scripts/backfill-snapshots.sh itself, run as a user runs it, gives the same files."""
    script = REPOSITORY / "scripts" / "backfill-snapshots.sh"
    environment = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    target = tmp_path / "snapshots"
    subprocess.run([str(script), str(target)], check=True, env=environment, capture_output=True)
    assert _differing(_files(target), _files(backfill)) == []
