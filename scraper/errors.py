"""The project's own errors: each carries a one-line message a user can act on."""

from __future__ import annotations


class DeprecationsError(Exception):
    """Base class; `str(error)` is the one-line message the command line prints."""

    exit_code = 1


class PageParseError(DeprecationsError):
    """The page does not have the shape the tracker reads (no status table, unknown word...).

    `check` names what failed, as the run reports it: status-table, lifecycle-words, parse.
    """

    exit_code = 3

    def __init__(self, message: str, *, check: str = "parse") -> None:
        super().__init__(message)
        self.check = check
