"""Work spread over forked processes, one per core, the calling process doing a share itself.

A fork and a pipe per child, not a `concurrent.futures` pool: the pool's import, its queues,
threads and the pickling of every task cost about 100 ms, most of what a 20,000-file audit
takes on two cores (#29). A child inherits the work (the audit's resolver and data) at the
fork, so nothing but its result is ever pickled, once, through its pipe.

Ctrl-C is the caller's: children ignore SIGINT, and a caller interrupted (or failing) stops
them before it goes on, so no child outlives it or prints a traceback of its own.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork")


@dataclass(frozen=True, slots=True)
class _Child:
    pid: int
    pipe: int  # the read end of the pipe its result comes through


def spread(
    work: Callable[[Sequence[Item]], Result], items: Sequence[Item], processes: int
) -> list[Result]:
    """`work` over `processes` interleaved shares of `items` (every `processes`-th item, so
    that the shares of a sorted listing weigh alike), the first share in this process and
    each other in a forked child; the results in share order. A share whose process cannot
    be had (a limit on processes or memory) is done here too."""
    shares = [items[index::processes] for index in range(processes)]
    children: dict[int, _Child] = {}
    try:
        for index, share in enumerate(shares[1:], start=1):
            with contextlib.suppress(OSError):  # no fork: done here, below
                children[index] = _fork(work, share)
        results = {
            index: work(share) for index, share in enumerate(shares) if index not in children
        }
        while children:
            index = min(children)
            results[index] = _collect(children.pop(index))
    finally:  # interrupted or failed: the children still working are of no use any more
        for child in children.values():
            _stop(child)
    return [results[index] for index in range(processes)]


def _fork(work: Callable[[Sequence[Item]], Result], share: Sequence[Item]) -> _Child:
    read_end, write_end = os.pipe()
    # Ctrl-C held back across the fork: a child that got it before ignoring it would unwind
    # the parent's stack as its own (and print `interrupted` a second time). A Ctrl-C held
    # back here reaches this process once the mask is restored.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        os.close(read_end)
        os.close(write_end)
        raise
    if pid == 0:  # the child: never returns
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            os.close(read_end)
            _serve(work, share, write_end)
        finally:
            os._exit(1)
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    os.close(write_end)
    return _Child(pid, read_end)


def _serve(work: Callable[[Sequence[Item]], Result], share: Sequence[Item], pipe: int) -> None:
    """In the child: the result (or the error) of its share, pickled into its pipe; then it
    ends at once (`os._exit`: the parent's buffered output and exit handlers are not its)."""
    import pickle  # here and in `_collect`: a small audit never forks

    try:
        try:
            outcome: tuple[bool, object] = (True, work(share))
        except Exception as error:  # a bug: raised again in the parent, which reports it
            outcome = (False, error)
        try:
            payload = pickle.dumps(outcome)
        except Exception as error:  # an error that cannot be pickled: its text still can
            payload = pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))
        with os.fdopen(pipe, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)


def _collect(child: _Child) -> Any:
    """The child's result (its pipe closed and the child reaped, whatever happens)."""
    import pickle

    try:
        with os.fdopen(child.pipe, "rb") as stream:
            payload = stream.read()
    finally:
        _reap(child.pid)
    if not payload:
        raise RuntimeError(f"process {child.pid} ended without its share of the work")
    succeeded, value = pickle.loads(payload)
    if not succeeded:
        raise value
    return value


def _stop(child: _Child) -> None:
    """A child not collected: ended, reaped, its pipe closed."""
    os.close(child.pipe)
    with contextlib.suppress(ProcessLookupError):  # it had ended by itself
        os.kill(child.pid, signal.SIGKILL)
    _reap(child.pid)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):  # reaped already
        os.waitpid(pid, 0)
