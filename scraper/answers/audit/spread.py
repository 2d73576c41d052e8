"""Work spread over forked processes, one per core, the calling process taking part.

The items are cut into chunks, and each process takes the next chunk nobody has taken, until
none is left: a process that starts late or is slowed down (the calling one, busy with
something else first) takes fewer, so all of them finish together. The chunks' numbers are
tickets in a pipe that every process reads from; each read takes one whole ticket (a pipe's
read takes what it asks for when that much is there, under the pipe's lock, so two readers
never split one).

A fork and a pipe per child, not a `concurrent.futures` pool: the pool's import, its queues,
threads and the pickling of every task cost about 100 ms, most of what a 20,000-file audit
takes on two cores (#29). A child inherits the work and its items at the fork, so nothing but
its results is ever pickled, once, through its pipe.

Ctrl-C is the caller's: children ignore SIGINT (`scraper.forking.fork`), and a caller
interrupted (or failing) stops them before it goes on, so no child outlives it or prints a
traceback of its own.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Generic, TypeVar

from scraper.forking import can_fork, cores, fork

Item = TypeVar("Item")
Result = TypeVar("Result")

_TICKET = 4  # bytes: a chunk's number
# At most this many chunks: their tickets fill PIPE_BUF (4 KiB), which any pipe holds whole,
# so they are all written before the first fork, without a reader.
MAX_CHUNKS = 1024


def processes_for(items: int, threshold: int) -> int:
    """How many processes to do `items` items with: one per core from `threshold` items on
    (below it, forking costs more than it saves), where processes can be forked."""
    if items < threshold or not can_fork():
        return 1
    return cores()


def chunks(items: Sequence[Item], smallest: int) -> list[Sequence[Item]]:
    """`items` in order, cut into runs of at least `smallest` (and at most MAX_CHUNKS runs)."""
    size = max(smallest, 1, -(-len(items) // MAX_CHUNKS))
    return [items[start : start + size] for start in range(0, len(items), size)]


@dataclass(frozen=True, slots=True)
class _Child:
    pid: int
    pipe: int  # the read end of the pipe its results come through
    received: bytearray  # what came through it and is not a whole result yet


class Spread(Generic[Item, Result]):
    """`work` over the chunks of `items`, in `processes` processes. The children start at
    once; this one takes its chunks when it asks for `own()` (it may do other work first),
    picks up what the children have sent with `arrived()` between its own chunks, and waits
    for the rest with `theirs()`. Used as a context manager: on leaving it, children not
    collected (an error, Ctrl-C) are ended and reaped. A child that cannot be forked (a limit
    on processes or memory) leaves its chunks to the others.

    `Spread.listed` makes the items in the first child (the lister), while this process goes
    on with something else: the lister sends them here, then takes chunks like the others."""

    def __init__(
        self,
        work: Callable[[Sequence[Item]], Result],
        items: Sequence[Item],
        processes: int,
        smallest: int = 1,
    ) -> None:
        self._work = work
        self._smallest = smallest
        self._chunks = chunks(items, smallest)
        self._note: object = None
        self._children: list[_Child] = []
        self._tickets: int | None = None  # the pipe's read end; None: no child, no pipe
        self._pending: list[Result] = []  # results that came with the lister's items
        self._done = 0
        self._listing = False  # a lister is at work: the items are not here yet
        self._store: int | None = None  # a file the lister writes its items to
        self._wanted = (processes, 2)  # processes, and the fewest items to spread
        if processes > 1 and len(self._chunks) > 1:
            self._start(min(processes, len(self._chunks)) - 1)

    @classmethod
    def listed(
        cls,
        work: Callable[[Sequence[Item]], Result],
        listing: Callable[[], tuple[Sequence[Item], object]],
        processes: int,
        smallest: int = 1,
        threshold: int = 2,
    ) -> Spread[Item, Result]:
        """`work` over the items `listing()` gives (with a note about them, which `note()`
        returns), listed in a child when there are processes to fork; spread only from
        `threshold` items on, else all done here."""
        spread = cls(work, (), 1, smallest)
        try:
            if not (processes > 1 and spread._start_lister(listing, processes, threshold)):
                spread._list_here(listing)
        except BaseException:  # the listing failed here, or Ctrl-C: nothing left open
            spread.close()
            raise
        return spread

    def _start_lister(
        self, listing: Callable[[], tuple[Sequence[Item], object]], processes: int, threshold: int
    ) -> bool:
        """Whether a lister could be forked (else the items are to be listed here)."""
        read_end, write_end = os.pipe()
        self._tickets = read_end
        self._wanted = processes, threshold
        self._store = _listing_store()
        try:
            self._children.append(_fork(lambda pipe: self._serve_lister(pipe, listing, write_end)))
        except OSError:  # no process to be had: no tickets either
            os.close(write_end)
            self.close()
            return False
        os.close(write_end)  # the lister's: the tickets end where it stops writing them
        self._listing = True
        return True

    def _list_here(self, listing: Callable[[], tuple[Sequence[Item], object]]) -> None:
        items, self._note = listing()
        self._chunks = chunks(items, self._smallest)

    def _serve_lister(
        self, pipe: int, listing: Callable[[], tuple[Sequence[Item], object]], tickets: int
    ) -> None:
        """In the lister: what it sends (an error in the listing included)."""
        _send(pipe, self._list_and_work(listing, tickets))

    def _list_and_work(
        self, listing: Callable[[], tuple[Sequence[Item], object]], tickets: int
    ) -> Iterator[object]:
        """The items with their note, first (in the store, where there is one: through the
        pipe, a megabyte of paths would wait for this process to read each 64 KiB); their
        chunks' tickets written; then the results of the chunks this child takes like any
        other, when there are enough of them."""
        import pickle

        items, note = listing()
        self._chunks = chunks(items, self._smallest)
        _write_tickets(tickets, len(self._chunks))
        if self._store is None:
            yield items, note
        else:
            with os.fdopen(self._store, "wb", closefd=False) as store:
                pickle.dump((items, note), store)
            yield None
        if len(items) >= self._wanted[1]:
            for number in _numbers(self._tickets):
                yield self._work(self._chunks[number])

    def note(self) -> object:
        """What the listing said of its items (once the lister has sent them)."""
        self._wait_for_listing()
        return self._note

    def _wait_for_listing(self) -> None:
        if not self._listing:
            return
        lister = self._children[0]
        values: list[Any] = []
        while not values and lister in self._children:
            select.select([lister.pipe], [], [], None)
            values = self._read_from(lister)
        if not values:
            raise RuntimeError(f"process {lister.pid} ended without its share of the work")
        listed, *self._pending = values
        items, self._note = listed if listed is not None else self._stored()
        self._chunks = chunks(items, self._smallest)
        self._done += len(self._pending)
        self._listing = False
        processes, threshold = self._wanted
        if len(items) >= threshold:
            self._fork_children(processes - 2)

    def _stored(self) -> Any:
        import pickle

        assert self._store is not None  # the lister said it wrote there
        with os.fdopen(self._store, "rb") as store:
            self._store = None
            store.seek(0)
            return pickle.load(store)

    def _start(self, children: int) -> None:
        read_end, write_end = os.pipe()
        _write_tickets(write_end, len(self._chunks))
        self._tickets = read_end
        self._fork_children(children)

    def _fork_children(self, children: int) -> None:
        for _ in range(min(children, len(self._chunks) - 1)):
            try:
                self._children.append(_fork(self._serve))
            except OSError:  # no process to be had: the others take its chunks
                break

    def own(self) -> Iterator[Result]:
        """The results of the chunks this process takes, each as it is done."""
        self._wait_for_listing()
        if self._tickets is None:
            numbers: Iterator[int] = iter(range(len(self._chunks)))
        else:
            numbers = _numbers(self._tickets)
        for number in numbers:
            result = self._work(self._chunks[number])
            self._done += 1
            yield result

    def arrived(self) -> list[Result]:
        """The children's results that have come since the last call, without waiting."""
        pending, self._pending = self._pending, []
        return pending + self._receive(wait=False)

    def theirs(self) -> list[Result]:
        """The children's results not received yet, once they have all ended (after `own()`:
        every chunk is taken by then)."""
        self._wait_for_listing()
        pending, self._pending = self._pending, []
        results = pending + self._receive(wait=True)
        if self._done != len(self._chunks):
            raise RuntimeError(f"{len(self._chunks) - self._done} chunks of the work were lost")
        return results

    def _receive(self, *, wait: bool) -> list[Result]:
        results: list[Result] = []
        while self._children:
            pipes = {child.pipe: child for child in self._children}
            ready, _, _ = select.select(list(pipes), [], [], None if wait else 0)
            if not ready:
                break
            for pipe in ready:
                results += self._read_from(pipes[pipe])
        self._done += len(results)
        return results

    def _read_from(self, child: _Child) -> list[Any]:
        """The whole results `child` has sent (it is ready: this read does not wait); at its
        end of the pipe, the child reaped, and an error if it ended before its work did."""
        data = os.read(child.pipe, 1 << 20)
        if not data:
            self._children.remove(child)
            os.close(child.pipe)
            if _reap(child.pid) != 0 or child.received:
                raise RuntimeError(f"process {child.pid} ended without its share of the work")
            return []
        child.received.extend(data)
        return _unframe(child.received)

    def _serve(self, pipe: int) -> None:
        """In a child: the result (or the error) of each chunk it takes, sent as it is done."""
        _send(pipe, (self._work(self._chunks[n]) for n in _numbers(self._tickets)))

    def close(self) -> None:
        for child in self._children:
            _stop(child)
        self._children.clear()
        if self._store is not None:
            os.close(self._store)
            self._store = None
        if self._tickets is not None:
            os.close(self._tickets)
            self._tickets = None

    def __enter__(self) -> Spread[Item, Result]:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


def _listing_store() -> int | None:
    """A file in memory, shared with a child forked after it (Linux), or None."""
    if not hasattr(os, "memfd_create"):
        return None
    try:
        return os.memfd_create("deprecations-audit-listing", os.MFD_CLOEXEC)
    except OSError:  # no memory for it: the pipe, then
        return None


def _write_tickets(pipe: int, count: int) -> None:
    """The tickets of `count` chunks, into the pipe's write end, which is then closed: a
    reader finding no ticket left gets the end of the file."""
    try:
        os.write(pipe, b"".join(number.to_bytes(_TICKET, "little") for number in range(count)))
    finally:
        os.close(pipe)


def _numbers(tickets: int | None) -> Iterator[int]:
    """The chunks' numbers this process takes from the pipe, until none is left."""
    while tickets is not None and (ticket := os.read(tickets, _TICKET)):
        if len(ticket) != _TICKET:
            raise RuntimeError(f"a ticket read in part ({len(ticket)} bytes)")
        yield int.from_bytes(ticket, "little")


def _fork(serve: Callable[[int], None]) -> _Child:
    """A child that runs `serve` with the write end of the pipe its results come through."""
    read_end, write_end = os.pipe()

    def child() -> None:
        os.close(read_end)
        serve(write_end)

    try:
        pid = fork(child)
    except OSError:
        os.close(read_end)
        os.close(write_end)
        raise
    os.close(write_end)
    return _Child(pid, read_end, bytearray())


_LENGTH = 8  # bytes before each result: the length of its pickle


def _send(pipe: int, results: Iterator[object]) -> None:
    """In the child: each of `results` (or the error that stops them), pickled into its pipe
    as it comes, never waiting for the parent to read while there is work left (what the
    pipe cannot take yet waits here); then it ends at once (`os._exit`: the parent's
    buffered output and exit handlers are not its)."""
    import pickle  # here and in `_unframe`: a small audit never forks

    outgoing = bytearray()
    os.set_blocking(pipe, False)
    try:
        try:
            for result in results:
                outgoing += _frame(pickle.dumps((True, result)))
                with contextlib.suppress(BlockingIOError):  # the parent is busy: later
                    del outgoing[: os.write(pipe, outgoing)]
        except Exception as error:  # a bug: raised again in the parent, which reports it
            outgoing += _frame(_pickled_error(error))
        os.set_blocking(pipe, True)
        while outgoing:
            del outgoing[: os.write(pipe, outgoing)]
    finally:
        os._exit(0)


def _pickled_error(error: Exception) -> bytes:
    import pickle

    try:
        return pickle.dumps((False, error))
    except Exception:  # an error that cannot be pickled: its text still can
        return pickle.dumps((False, RuntimeError(f"{type(error).__name__}: {error}")))


def _frame(payload: bytes) -> bytes:
    return len(payload).to_bytes(_LENGTH, "little") + payload


def _unframe(received: bytearray) -> list[Any]:
    """The whole results at the start of `received`, taken out of it (a part stays)."""
    import pickle

    results = []
    while len(received) >= _LENGTH:
        end = _LENGTH + int.from_bytes(received[:_LENGTH], "little")
        if len(received) < end:
            break
        succeeded, value = pickle.loads(received[_LENGTH:end])
        del received[:end]
        if not succeeded:
            raise value
        results.append(value)
    return results


def _stop(child: _Child) -> None:
    """A child not collected: ended, reaped, its pipe closed."""
    os.close(child.pipe)
    with contextlib.suppress(ProcessLookupError):  # it had ended by itself
        os.kill(child.pid, signal.SIGKILL)
    _reap(child.pid)


def _reap(pid: int) -> int:
    """The child's exit code, once it has ended (0 when it was reaped already)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return 0
    return os.waitstatus_to_exitcode(status)
