"""Child processes forked to share CPU-bound work on the other cores (#29): a network run's
second page reader (fetch/forked.py) and audit's listers and readers (answers/audit/spread.py).

The standard library only, so that a command that may never fork (a small audit) pays
nothing for it. Each user keeps its own pipes and what goes through them; what they share is
how a child is made and when one pays.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable


def cores() -> int:
    """The cores this process may run on (its affinity, where the system tells it)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def can_fork() -> bool:
    return hasattr(os, "fork")


def spare_core() -> bool:
    """Whether a second process would find a core of its own: this process may run on more
    than one, and the machine's load over the last minute leaves one idle (this process
    itself counts for about one). On a machine other work keeps busy, a second process only
    shares the same cores, and its fork, pickling and copies of memory made a run slower
    (#29: 0.90 s against 0.80 s at a load of 3 on two cores)."""
    if cores() < 2:
        return False
    try:
        load = os.getloadavg()[0]
    except OSError:  # not known here: assume the cores are there to be used
        return True
    return load < cores() - 0.5


def fork(serve: Callable[[], None]) -> int:
    """A child that runs `serve` and ends (exit 0, or 1 if `serve` raised; `os._exit`: the
    parent's buffered output and exit handlers are not its); its pid. Raises OSError when no
    process can be had.

    Ctrl-C is the parent's: it is held back across the fork (a child that got it before
    ignoring it would unwind the parent's stack as its own, and print `interrupted` a second
    time) and reaches the parent once the mask is restored; the child ignores it, and the
    parent's own handling of it stops the child."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)
        raise
    if pid == 0:  # the child: never returns
        code = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            serve()
            code = 0
        finally:
            os._exit(code)
    signal.pthread_sigmask(signal.SIG_SETMASK, held)
    return pid
