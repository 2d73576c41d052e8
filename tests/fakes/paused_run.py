"""The real `deprecations` command, made to stop just before it replaces one file.

Every file a run writes goes through `scraper.store.files`: a temporary file in the same
directory, fsync, then one `os.replace` over the target. With $PAUSE_BEFORE_REPLACING set
to a path relative to the snapshots directory (`events.json`, `model-deprecations/en.json`), the
run stops at that rename, with the temporary file complete and the target not yet replaced: it
writes `paused <target>` to the file $PAUSE_SIGNAL, then waits until the file $PAUSE_RESUME
exists, or for ever when that variable is unset (the test kills it there).

    PAUSE_BEFORE_REPLACING=drift.json PAUSE_SIGNAL=/tmp/signal \\
        python tests/fakes/paused_run.py run --from DIR --snapshots DIR

With $FAIL_BEFORE_REPLACING set instead, replacing that file fails as on a full disk (ENOSPC),
with the temporary file written: the run stops there the way a real write failure stops it.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import StrOrBytesPath

_real_replace = os.replace


def _before_replacing(target: str, act: Callable[[str], None]) -> None:
    """Make `os.replace` call `act(destination)` before it replaces `target`."""
    suffix = os.sep + os.path.normpath(target)

    def replace(
        src: StrOrBytesPath,
        dst: StrOrBytesPath,
        *,
        src_dir_fd: int | None = None,
        dst_dir_fd: int | None = None,
    ) -> None:
        destination = os.fsdecode(dst)
        if destination.endswith(suffix):
            act(destination)
        _real_replace(src, dst, src_dir_fd=src_dir_fd, dst_dir_fd=dst_dir_fd)

    os.replace = replace


def _install(target: str, signal: Path, resume: Path | None) -> None:
    def pause(destination: str) -> None:
        pending = signal.with_name(signal.name + ".part")
        pending.write_text(f"paused {destination}\n", encoding="utf-8")
        _real_replace(pending, signal)  # the test sees the whole line or nothing
        while resume is None or not resume.exists():
            time.sleep(0.01)

    _before_replacing(target, pause)


def _install_failure(target: str) -> None:
    def fail(destination: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", destination)

    _before_replacing(target, fail)


def main() -> None:
    # Ctrl-C as a terminal sends it: a test runner started in the background (`cmd &` in a
    # script) ignores SIGINT, and Python keeps an ignored SIGINT ignored, so the run would never
    # see the test's signal.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    failing = os.environ.get("FAIL_BEFORE_REPLACING")
    if failing:
        _install_failure(failing)
    target = os.environ.get("PAUSE_BEFORE_REPLACING")
    if target:
        resume = os.environ.get("PAUSE_RESUME")
        _install(target, Path(os.environ["PAUSE_SIGNAL"]), Path(resume) if resume else None)
    from scraper.cli import main as deprecations

    sys.argv[0] = "deprecations"
    deprecations()


if __name__ == "__main__":
    main()
