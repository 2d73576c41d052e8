"""A large tree is read in several processes (#29): the same findings, counts and skips as
one process gives; a small one is read in this process. The processes take chunks of the
work as they can, the calling one after it has done something else first."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from scraper import forking
from scraper.answers.audit import reading, run, spread
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
CORES = forking.cores()
IGNORING = Suppression(ignored=frozenset({"claude-3-5-haiku-latest"}))


def _audit(root: Path, parallel_from: int, monkeypatch: pytest.MonkeyPatch) -> run.AuditResult:
    monkeypatch.setattr(reading, "PARALLEL_FROM", parallel_from)
    return run.audit([root], Resolver.from_index(INDEX).resolve, CONTEXT, IGNORING)


def test_processes_find_what_one_process_finds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The audit tree (every form of id, binaries, a file over the cap, a link, ignored ids),
    copied into many directories, read in processes and in one: equal results."""
    for copy in range(12):
        make_tree(tmp_path / f"copy{copy}", big_file_bytes=reading.MAX_FILE_BYTES + 10)
    files = len(list_files([tmp_path]).files)
    assert spread.processes_for(files, reading.PARALLEL_FROM) == 1  # below the threshold
    assert spread.processes_for(files, 2) == CORES  # one per core

    monkeypatch.setattr(reading, "CHUNK_FILES", 1)  # as many chunks as can be
    spread_out = _audit(tmp_path, 2, monkeypatch)
    alone = _audit(tmp_path, files + 1, monkeypatch)

    assert spread_out == alone
    assert (
        spread_out.findings
        and spread_out.suppressed
        and spread_out.skipped.keys() >= {"binary", "too large", "symbolic link"}
    )


def test_a_tree_below_the_threshold_forks_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No lister and no reader for a small tree: a fork would cost more than the listing."""
    make_tree(tmp_path, big_file_bytes=10)
    files = len(list_files([tmp_path]).files)

    def forbidden() -> int:
        raise AssertionError("forked for a small tree")

    monkeypatch.setattr(os, "fork", forbidden)
    result = _audit(tmp_path, files + 1, monkeypatch)

    assert result.files_scanned + sum(result.skipped.values()) == files
    assert result.findings


def test_judging_spread_over_processes_finds_what_one_process_finds(tmp_path: Path) -> None:
    """Many files naming a model left to judge when reading ends (a tree of SDK code): judged
    in forked processes, the same findings as judged here."""
    make_tree(tmp_path, big_file_bytes=reading.MAX_FILE_BYTES + 10)
    named = list(reading.read_files(list_files([tmp_path]).files).named) * 100
    job = run._Job(Resolver.from_index(INDEX).resolve, CONTEXT, IGNORING, str(tmp_path))

    assert len(named) >= run.JUDGE_PARALLEL_FROM
    spread_out = run._judge_spread(named, job)
    alone = run._judge(named, job)

    assert len(spread_out) > 1 and alone.findings
    found = [f for verdict in spread_out for f in verdict.findings]
    assert run.in_place_order(found) == run.in_place_order(list(alone.findings))
    assert sum(verdict.silenced for verdict in spread_out) == alone.silenced > 0


def _with_pid(chunk: Sequence[int]) -> tuple[int, tuple[int, ...]]:
    return os.getpid(), tuple(chunk)


def _all(work: spread.Spread[int, tuple[int, tuple[int, ...]]]) -> list[tuple[int, ...]]:
    """Every chunk's items, whichever process did it, in the order of the items."""
    results = [*work.own(), *work.arrived(), *work.theirs()]
    return sorted(chunk for _, chunk in results)


def test_every_chunk_is_done_once() -> None:
    """Whoever takes them, the chunks cover the items once, in runs of the size asked."""
    with spread.Spread(_with_pid, list(range(100)), 3, smallest=7) as work:
        chunks = _all(work)
    assert chunks == [tuple(range(start, min(start + 7, 100))) for start in range(0, 100, 7)]
    many = spread.chunks(list(range(5000)), 1)  # at most MAX_CHUNKS chunks, all of one size
    assert len(many) <= spread.MAX_CHUNKS and [n for c in many for n in c] == list(range(5000))


def _done_in(directory: Path) -> Callable[[Sequence[int]], tuple[int, bytes]]:
    def work(chunk: Sequence[int]) -> tuple[int, bytes]:
        (directory / f"{chunk[0]}-{os.getpid()}").write_text("")
        return chunk[0], b"x" * 100_000  # 20 of them fill any pipe several times over

    return work


def _wait_for(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 20
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)


def test_children_work_while_this_process_is_busy(tmp_path: Path) -> None:
    """The children take every chunk while this process does something else, and never
    wait for it to read what they send (more than their pipes hold); then this process
    has nothing left to take, and the children's results all come."""
    with spread.Spread(_done_in(tmp_path), list(range(20)), 2) as work:
        _wait_for(lambda: len(list(tmp_path.iterdir())) == 20)
        assert len(list(tmp_path.iterdir())) == 20  # all done, nothing read from them yet
        own = list(work.own())
        results = [*work.arrived(), *work.theirs()]

    assert own == []
    assert sorted(number for number, _ in results) == list(range(20))
    assert {path.name.split("-")[1] for path in tmp_path.iterdir()} != {str(os.getpid())}


PARENT = os.getpid()


def _in_child_first(
    directory: Path, fault: Callable[[Sequence[int]], None]
) -> Callable[[Sequence[int]], int]:
    """Work whose chunks fail (`fault`) in a child; this process waits for that first."""

    def work(chunk: Sequence[int]) -> int:
        if os.getpid() != PARENT:
            (directory / "child").write_text("")
            fault(chunk)
        _wait_for((directory / "child").exists)
        return len(chunk)

    return work


def _raise(chunk: Sequence[int]) -> None:
    raise ValueError(f"chunk {list(chunk)} failed")


def _die(chunk: Sequence[int]) -> None:
    os._exit(3)


def _results(work: spread.Spread[Any, Any]) -> list[Any]:
    return [*work.own(), *work.arrived(), *work.theirs()]


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (_raise, r"ValueError: chunk \[\d\] failed"),
        (_die, "RuntimeError: .*ended without its share of the work"),
    ],
)
def test_a_childs_error_is_raised_here(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fault: Callable[[Sequence[int]], None],
    error: str,
) -> None:
    """A bug in a child is this process's error (the command's bug report then names it);
    a child that dies without its results is one too, never a chunk silently missing."""
    monkeypatch.setattr(f"{__name__}.PARENT", os.getpid())
    with (
        pytest.raises(Exception) as raised,  # its type checked below
        spread.Spread(_in_child_first(tmp_path, fault), list(range(8)), 2) as work,
    ):
        _results(work)
    assert re.fullmatch(error, f"{raised.type.__name__}: {raised.value}")


def _wait_or_interrupt(chunk: Sequence[str]) -> None:
    """In the child: leave its pid where the test finds it, then work on; here: Ctrl-C."""
    pid_file = Path(chunk[0])
    if os.getpid() != PARENT:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)
        return
    _wait_for(lambda: bool(pid_file.read_text()))
    raise KeyboardInterrupt


def test_an_interrupted_spread_leaves_no_process_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in this process while a child works: the child is ended and reaped before the
    interruption goes on (to the command's `interrupted`, exit 130)."""
    monkeypatch.setattr(f"{__name__}.PARENT", os.getpid())
    pid_file = tmp_path / "pid"
    pid_file.write_text("")
    started = time.monotonic()

    with (
        pytest.raises(KeyboardInterrupt),
        spread.Spread(_wait_or_interrupt, [str(pid_file)] * 2, 2) as work,
    ):
        _wait_for(lambda: bool(pid_file.read_text()))  # the child has its chunk
        _results(work)  # this process takes the other: Ctrl-C

    child = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # ended and reaped: no such process any more
        os.kill(child, 0)
    assert time.monotonic() - started < 30


def test_a_chunk_whose_process_cannot_be_had_is_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fork refused (a limit on processes or memory): the same results, all from here, and
    Ctrl-C no longer held back."""

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    with spread.Spread(_with_pid, list(range(10)), 3) as work:
        results = [*work.own(), *work.arrived(), *work.theirs()]

    assert sorted(chunk for _, chunk in results) == [(n,) for n in range(10)]
    assert {pid for pid, _ in results} == {os.getpid()}
    assert signal.SIGINT not in signal.pthread_sigmask(signal.SIG_BLOCK, set())


def _listing_in(directory: Path, count: int) -> Callable[[], tuple[list[int], str]]:
    def listing() -> tuple[list[int], str]:
        (directory / f"lister-{os.getpid()}").write_text("")
        return list(range(count)), f"{count} listed"

    return listing


@pytest.mark.parametrize("store", [True, False])
def test_items_listed_in_a_child_are_spread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store: bool
) -> None:
    """The items listed in a child while this process goes on: their note and every chunk
    once, the lister taking chunks too; its items through a file in memory or, where there
    is none, through its pipe."""
    if not store:
        monkeypatch.setattr(spread, "_listing_store", lambda: None)
    listing = _listing_in(tmp_path, 300)
    with spread.Spread.listed(_with_pid, listing, 2, smallest=3, threshold=10) as work:
        _wait_for(lambda: len(list(tmp_path.iterdir())) == 1)
        time.sleep(0.2)  # the lister at work on the chunks
        note = work.note()
        results = [*work.own(), *work.arrived(), *work.theirs()]

    (lister,) = tmp_path.iterdir()
    assert note == "300 listed" and lister.name != f"lister-{os.getpid()}"
    assert sorted(chunk for _, chunk in results) == [
        tuple(range(start, start + 3)) for start in range(0, 300, 3)
    ]
    helpers = {pid for pid, _ in results} - {os.getpid()}
    assert {f"lister-{pid}" for pid in helpers} == {lister.name}  # the lister took chunks


def test_few_items_listed_in_a_child_are_all_done_here(tmp_path: Path) -> None:
    """Below the threshold the lister only lists: every chunk is this process's."""
    with spread.Spread.listed(_with_pid, _listing_in(tmp_path, 9), 2, threshold=10) as work:
        note = work.note()
        results = [*work.own(), *work.arrived(), *work.theirs()]

    assert note == "9 listed" and len(list(tmp_path.iterdir())) == 1
    assert sorted(results) == [(os.getpid(), (n,)) for n in range(9)]


def _failing_listing() -> tuple[list[int], str]:
    raise ValueError("the listing failed")


def test_a_listers_error_is_raised_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A bug in the listing, in the child, is this process's error; with no process to
    fork, the items are listed here."""
    with (
        pytest.raises(ValueError, match="the listing failed"),
        spread.Spread.listed(_with_pid, _failing_listing, 2) as work,
    ):
        work.note()

    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    with spread.Spread.listed(_with_pid, lambda: ([1, 2, 3], "here"), 2) as work:
        assert work.note() == "here"
        assert [*work.own(), *work.theirs()] == [(os.getpid(), (n,)) for n in (1, 2, 3)]
