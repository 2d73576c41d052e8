"""The project's own errors: each carries a one-line message a user can act on."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Every exit status the command line uses; `--help` and the README list the same table."""

    OK = 0
    CHANGES = 1  # changes found (`--exit-code`), findings (`audit`), unresolved ids (`resolve`)
    USAGE = 2  # a usage or input error
    REJECTED = 3  # a page was rejected by the guard: nothing written for it
    FETCH_FAILED = 4  # fetching failed for some pages
    SNAPSHOTS_UNUSABLE = 5  # the snapshots directory is unusable (damaged, or locked)
    BUG = 70  # an internal error: a bug
    INTERRUPTED = 130  # Ctrl-C: the shell's 128 + SIGINT

    @property
    def meaning(self) -> str:
        """One line for `--help` and the README's table."""
        return _MEANINGS[self]


_MEANINGS = {
    ExitCode.OK: "success (changes or not)",
    ExitCode.CHANGES: (
        "changes found (--exit-code); findings (audit, catalog check); unresolved ids (resolve)"
    ),
    ExitCode.USAGE: "usage or input error (bad option, missing or unreadable file)",
    ExitCode.REJECTED: "a page could not be parsed or looked broken; nothing was written for it",
    ExitCode.FETCH_FAILED: "fetching failed for some languages; their snapshots are untouched",
    ExitCode.SNAPSHOTS_UNUSABLE: (
        "snapshots unusable: damaged, not writable, locked, or ahead of the clock"
    ),
    ExitCode.BUG: "internal error: a bug (its traceback is saved to a file the message names)",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C)",
}


class DeprecationsError(Exception):
    """Base class; `str(error)` is the one-line message the command line prints."""

    exit_code: ExitCode = ExitCode.CHANGES


class InputError(DeprecationsError):
    """A file or option the user gave cannot be used (missing, unreadable, the wrong kind)."""

    exit_code = ExitCode.USAGE


class ClockError(DeprecationsError):
    """The clock is behind what is recorded: today comes before the newest day of the log,
    or before a date a page gives as past. Nothing can be dated right until it is fixed."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


class PageParseError(DeprecationsError):
    """The page does not have the shape the tracker reads (no status table, unknown word...).

    `check` names what failed, as the run reports it: status-table, lifecycle-words, parse.
    """

    exit_code = ExitCode.REJECTED

    def __init__(self, message: str, *, check: str = "parse") -> None:
        super().__init__(message)
        self.check = check


class SnapshotError(DeprecationsError):
    """A stored file is unreadable or was edited into something the tracker cannot trust."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE


class LockedError(DeprecationsError):
    """Another run holds the snapshots directory."""

    exit_code = ExitCode.SNAPSHOTS_UNUSABLE
