"""A large tree is read in several processes (#29): the same findings, counts and skips as
one process gives, in the same order; a small one is read in this process."""

from __future__ import annotations

import datetime as dt
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from scraper.answers.audit import run, spread
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
CORES = spread.cores()


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


def _lengths(share: Sequence[int]) -> tuple[int, ...]:
    return (os.getpid(), *share)


def test_spread_gives_each_share_in_order_from_its_own_process() -> None:
    """Interleaved shares, the first in this process, the others each in a child."""
    results = spread.spread(_lengths, list(range(10)), 3)

    assert [result[1:] for result in results] == [(0, 3, 6, 9), (1, 4, 7), (2, 5, 8)]
    pids = [result[0] for result in results]
    assert pids[0] == os.getpid() and len(set(pids)) == 3


def _fail_in_child(share: Sequence[int]) -> int:
    if share[0] == 1:
        raise ValueError(f"share {list(share)} failed")
    return len(share)


def _die_in_child(share: Sequence[int]) -> int:
    if share[0] == 1:
        os._exit(3)
    return len(share)


def test_a_childs_error_is_raised_here() -> None:
    """A bug in a child is this process's error (the command's bug report then names it);
    a child that dies without its result is one too, never a share silently missing."""
    with pytest.raises(ValueError, match=r"share \[1, 3\] failed"):
        spread.spread(_fail_in_child, [0, 1, 2, 3], 2)
    with pytest.raises(RuntimeError, match="ended without its share"):
        spread.spread(_die_in_child, [0, 1, 2, 3], 2)


def _wait_or_interrupt(share: Sequence[str]) -> None:
    """In the child: leave its pid where the test finds it, then work on; here: Ctrl-C."""
    if share[0] == "child":
        Path(share[1]).write_text(str(os.getpid()))
        time.sleep(60)
        return
    deadline = time.monotonic() + 10
    while not Path(share[1]).read_text() and time.monotonic() < deadline:
        time.sleep(0.01)
    raise KeyboardInterrupt


def test_an_interrupted_spread_leaves_no_process_behind(tmp_path: Path) -> None:
    """Ctrl-C in this process while a child works: the child is ended and reaped before the
    interruption goes on (to the command's `interrupted`, exit 130)."""
    pid_file = tmp_path / "pid"
    pid_file.write_text("")
    started = time.monotonic()

    with pytest.raises(KeyboardInterrupt):
        spread.spread(_wait_or_interrupt, ["here", "child", str(pid_file), str(pid_file)], 2)

    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # ended and reaped: no such process any more
        os.kill(child, 0)
    assert time.monotonic() - started < 30


def test_a_share_whose_process_cannot_be_had_is_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """fork refused (a limit on processes or memory): the same results, all from here, and
    Ctrl-C no longer held back."""

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    results = spread.spread(_lengths, list(range(10)), 3)

    assert [result[1:] for result in results] == [(0, 3, 6, 9), (1, 4, 7), (2, 5, 8)]
    assert {result[0] for result in results} == {os.getpid()}
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())
