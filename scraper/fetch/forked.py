"""A second reader of pages: a process forked before the first request goes out, reading pages
on the other core while this process reads others, as their answers arrive (#29).

Reading a page is pure CPU in Python (the GIL runs one reader thread at a time), and a run's
pages all arrive within a few milliseconds of each other after the round trip: one reader
left them queued for ~15 ms each. The child inherits at the fork everything a reading needs
(the stored documents it compares with), so only each page and its result are pickled, once
each way, through two pipes. Forked before any other thread of the run starts, so no lock
another thread held is inherited taken.

Nothing here is trusted to succeed: a child that cannot be forked, fails on a page, dies or
answers what cannot be unpickled makes `read` return None, and the caller reads that page
itself, as a run with one reader would. The child writes nothing (no file, no stream), ends
when its request pipe closes (so also when this process is killed), and ignores Ctrl-C
(`scraper.forking.fork`): the run's own handling of it stops the child.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import signal
from collections.abc import Callable
from typing import IO, Generic, TypeVar, cast

from scraper.fetch.pages import FetchedPage
from scraper.forking import can_fork, fork

Result = TypeVar("Result")
_LENGTH = 8  # bytes of the length in front of each pickled message


class ForkedReader(Generic[Result]):
    """`read(page)` done in a child process forked by `start`; `close` ends it."""

    def __init__(self, pid: int, requests: IO[bytes], answers: IO[bytes]) -> None:
        self.pid = pid
        self.requests = requests
        self.answers = answers
        self.broken = False
        self.ended = False

    @classmethod
    def start(cls, read: Callable[[FetchedPage], Result]) -> ForkedReader[Result] | None:
        """A child that will `read` the pages sent to it; None if no process can be had."""
        if not can_fork():
            return None
        to_child, from_parent = os.pipe()
        to_parent, from_child = os.pipe()

        def serve() -> None:
            os.close(from_parent)
            os.close(to_parent)
            _own_pages()
            _serve(read, os.fdopen(to_child, "rb"), os.fdopen(from_child, "wb"))

        try:
            pid = fork(serve)
        except OSError:
            pid = -1
        os.close(to_child)
        os.close(from_child)
        if pid < 0:
            os.close(from_parent)
            os.close(to_parent)
            return None
        return cls(pid, os.fdopen(from_parent, "wb"), os.fdopen(to_parent, "rb"))

    def read(self, page: FetchedPage) -> Result | None:
        """The child's reading of `page`, or None if it gave none (then never asked again).
        One call at a time: the caller holds this reader while it waits."""
        if self.broken:
            return None
        try:
            _send(self.requests, page)
            answer = _receive(self.answers)
        except Exception:  # a dead child, a broken pipe, a result that does not unpickle
            answer = (False, None)
        done, result = cast(tuple[bool, Result | None], answer)
        self.broken = not done
        return result if done else None

    def finish(self) -> None:
        """No more pages: the child ends by itself once it sees its requests end."""
        with contextlib.suppress(OSError):
            self.requests.close()

    def close(self) -> None:
        """The child ended and reaped; one still busy (a reading past the run's deadline) is
        killed, so that no run waits on it. Once only: its pid, once reaped, may be another
        process's."""
        if self.ended:
            return
        self.ended = True
        self.finish()
        with contextlib.suppress(OSError):
            self.answers.close()
        with contextlib.suppress(ChildProcessError):
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)


def _own_pages() -> None:
    """In the child, before any page arrives: its own copy of the memory pages of every
    object, made now while the answers are on their way. Each first write to a page shared
    with the parent (a reference count is one) copies it: left to the first readings, those
    copies doubled their time. The garbage collector is off: it would walk (write to) every
    object again, and the child lives for one run's pages."""
    gc.disable()
    gc.get_objects().clear()


def _serve(read: Callable[[FetchedPage], object], requests: IO[bytes], answers: IO[bytes]) -> None:
    """In the child: each page read and its result sent back, until the requests end."""
    while (page := _receive_page(requests)) is not None:
        try:
            payload = pickle.dumps((True, read(page)), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # the parent reads this page itself, and meets the error there
            payload = pickle.dumps((False, None))
        answers.write(len(payload).to_bytes(_LENGTH, "big") + payload)
        answers.flush()


def _receive_page(requests: IO[bytes]) -> FetchedPage | None:
    try:
        page = _receive(requests)
    except EOFError:
        return None
    return page if isinstance(page, FetchedPage) else None


def _send(stream: IO[bytes], value: object) -> None:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(len(payload).to_bytes(_LENGTH, "big") + payload)
    stream.flush()


def _receive(stream: IO[bytes]) -> object:
    header = stream.read(_LENGTH)
    if len(header) < _LENGTH:
        raise EOFError("the other end closed its pipe")
    length = int.from_bytes(header, "big")
    payload = stream.read(length)
    if len(payload) < length:
        raise EOFError("the other end closed its pipe mid-message")
    return pickle.loads(payload)
