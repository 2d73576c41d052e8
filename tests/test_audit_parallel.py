"""A large tree is read in several processes (#29): the same findings, counts and skips as
one process gives, in the same order; a small one is read in this process."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from scraper.answers.audit import run
from scraper.answers.audit.findings import Context
from scraper.answers.audit.suppress import Suppression
from scraper.answers.audit.walk import list_files
from scraper.answers.data import parse_index
from scraper.answers.resolve import Resolver
from tests.audit_tree import make_tree
from tests.conftest import FIXTURES

INDEX = parse_index((FIXTURES / "audit" / "models.json").read_bytes(), "the audit fixture")
DAY = dt.date(2026, 6, 1)
CONTEXT = Context({model.model: model for model in INDEX.models}, None, DAY, DAY)
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


def _audit(root: Path, parallel_from: int, monkeypatch: pytest.MonkeyPatch) -> run.AuditResult:
    monkeypatch.setattr(run, "PARALLEL_FROM", parallel_from)
    ignoring = Suppression(ignored=frozenset({"claude-3-5-haiku-latest"}))
    return run.audit([root], Resolver.from_index(INDEX).resolve, CONTEXT, ignoring)


def test_processes_find_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit tree (every form of id, binaries, a file over the cap, a link, ignored ids),
    copied into many directories, read in processes and in one: equal results."""
    for copy in range(12):
        make_tree(tmp_path / f"copy{copy}", big_file_bytes=run.MAX_FILE_BYTES + 10)
    files = len(list_files([tmp_path]).files)
    assert run._processes(files) == 1  # below the threshold
    monkeypatch.setattr(run, "PARALLEL_FROM", 2)
    assert run._processes(files) == (CORES if (CORES or 1) >= 2 else 1)  # one per core

    spread = _audit(tmp_path, 2, monkeypatch)
    alone = _audit(tmp_path, files + 1, monkeypatch)

    assert spread == alone
    assert (
        spread.findings
        and spread.suppressed
        and spread.skipped.keys()
        >= {
            "binary",
            "too large",
            "symbolic link",
        }
    )
