"""Runs killed at any moment, and two runs at once on one snapshots directory.

A killed run must leave every file old or new, never torn, with events.json a whole document;
a rerun must end byte for byte where an uninterrupted run ends, and one on a later day must
publish no change twice. The same holds for a run stopped by a failed write (a full disk). The
runs are real processes killed with real signals: `python -m scraper`, or
tests/fakes/paused_run.py, the same command stopped just before it replaces one chosen file (its
temporary file complete), or failing to replace it.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scraper.cli import cli
from scraper.store.snapshots import SnapshotStore
from scraper.track.events import EventLog
from tests.conftest import PAGES
from tests.log_checks import log_contradictions

# Real processes killed with real signals: seconds each.
pytestmark = pytest.mark.slow

PAUSED_RUN = Path(__file__).parent / "fakes" / "paused_run.py"
BEFORE = {"en": "en--81852090", "it": "it--7049210929"}
# zh-TW is new in the second run: its first snapshot is a baseline, also for locale drift.
AFTER = {"en": "en--36054956312", "it": "it--21649214621", "zh-TW": "zh-TW--seed"}
BEFORE_DAY, AFTER_DAY, NEXT_DAY = "2026-01-20", "2026-02-06", "2026-02-07"
# What the run from BEFORE to AFTER replaces, in the order it does: events first, so a rerun
# finds an interrupted change again; fetch validators last.
WRITTEN = (
    "events.json",
    "model-deprecations/en.json",
    "model-deprecations/zh-TW.json",
    "model-deprecations/it.json",
    "drift.json",
    "models.json",
    "CHANGELOG.md",
    "TRANSLATIONS.md",
    "feed.atom",
    "feed.json",
    "feed.translations.atom",
    "CHANGELOG.zh-TW.md",
    "feed.zh-TW.atom",
    "feed.zh-TW.json",
    "CHANGELOG.it.md",
    "feed.it.atom",
    "feed.it.json",
    "state.json",
)
# Generous: eighteen runs start at once, on a machine others share.
TIMEOUT = 240.0

Files = dict[str, bytes]


def files(snapshots: Path) -> Files:
    """Every file of the directory but the lock and temporary files."""
    return {
        path.relative_to(snapshots).as_posix(): path.read_bytes()
        for path in sorted(snapshots.rglob("*"))
        if path.is_file() and path.name != ".lock" and not is_temporary(path)
    }


def is_temporary(path: Path) -> bool:
    return path.name.startswith(".") and path.suffix == ".tmp"


def temporaries(snapshots: Path) -> list[Path]:
    return [path for path in snapshots.rglob("*") if is_temporary(path)]


def saved_pages(directory: Path, pages: Mapping[str, str]) -> Path:
    directory.mkdir(parents=True)
    for locale, fixture in pages.items():
        shutil.copyfile(PAGES / f"{fixture}.md", directory / f"{locale}.md")
    return directory


def arguments(snapshots: Path, pages: Path, day: str, *extra: str) -> list[str]:
    return [
        "run",
        "--snapshots",
        str(snapshots),
        "--from",
        str(pages),
        "--as-of",
        day,
        "-q",
        *extra,
    ]


def run_in_process(snapshots: Path, pages: Path, day: str) -> Result:
    result = CliRunner().invoke(cli, arguments(snapshots, pages, day))
    assert result.exit_code == 0, result.output
    return result


@dataclass(frozen=True)
class Scenario:
    """Snapshots of BEFORE, the pages of AFTER, and what an uninterrupted run makes of them."""

    root: Path
    pages: Path
    baseline: Path
    finished: Path
    seconds: float  # how long the uninterrupted run took, as a process

    @property
    def old(self) -> Files:
        return files(self.baseline)

    @property
    def new(self) -> Files:
        return files(self.finished)

    def copy(self, name: str, source: Path | None = None) -> Path:
        """A fresh copy of the baseline (or `source`), always named `snapshots`: the directory's
        name is part of the feeds' self links."""
        target = self.root / name / "snapshots"
        shutil.copytree(source or self.baseline, target)
        return target


def make_scenario(root: Path, after: Mapping[str, str]) -> Scenario:
    baseline = root / "baseline" / "snapshots"
    run_in_process(baseline, saved_pages(root / "before", BEFORE), BEFORE_DAY)
    pages = saved_pages(root / "after", after)
    finished = root / "finished" / "snapshots"
    shutil.copytree(baseline, finished)
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "scraper", *arguments(finished, pages, AFTER_DAY)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return Scenario(root, pages, baseline, finished, time.perf_counter() - started)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    return make_scenario(tmp_path_factory.mktemp("kill"), AFTER)


@pytest.fixture(scope="module")
def updates_only(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    """The same update without a new language (no drift baseline to lose)."""
    after = {locale: page for locale, page in AFTER.items() if locale in BEFORE}
    return make_scenario(tmp_path_factory.mktemp("kill-updates"), after)


@dataclass
class Paused:
    """A run stopped just before it replaces `target`."""

    process: subprocess.Popen[str]
    signal_file: Path
    resume_file: Path

    def wait(self) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not self.signal_file.exists():
            if self.process.poll() is not None:
                output, errors = self.process.communicate()
                pytest.fail(f"the run ended before pausing: {output}{errors}")
            if time.monotonic() > deadline:
                pytest.fail("the run did not pause in time")
            time.sleep(0.01)

    def resume(self) -> subprocess.CompletedProcess[str]:
        self.resume_file.touch()
        output, errors = self.process.communicate(timeout=TIMEOUT)
        return subprocess.CompletedProcess(
            self.process.args, self.process.returncode, output, errors
        )

    def kill(self, signal_number: int = signal.SIGKILL) -> None:
        self.process.send_signal(signal_number)
        self.process.communicate(timeout=TIMEOUT)


def start_paused(scenario: Scenario, snapshots: Path, target: str) -> Paused:
    control = snapshots.parent
    return Paused(
        subprocess.Popen(
            [sys.executable, str(PAUSED_RUN), *arguments(snapshots, scenario.pages, AFTER_DAY)],
            env={
                **os.environ,
                "PAUSE_BEFORE_REPLACING": target,
                "PAUSE_SIGNAL": str(control / "paused"),
                "PAUSE_RESUME": str(control / "resume"),
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        ),
        control / "paused",
        control / "resume",
    )


def assert_old_or_new(snapshots: Path, scenario: Scenario) -> None:
    """No file is torn: each holds its bytes from before the run or from after it."""
    old, new = scenario.old, scenario.new
    for name, data in files(snapshots).items():
        assert data in (old.get(name), new.get(name)), f"{name} is neither old nor new"
        if name.endswith(".json"):
            json.loads(data)
    EventLog.from_json(json.loads((snapshots / "events.json").read_bytes()))


@pytest.fixture(scope="module")
def killed(scenario: Scenario) -> Iterator[dict[str, Path]]:
    """One run per file it writes, all at once, each SIGKILLed just before replacing it."""
    runs = {
        target: start_paused(scenario, scenario.copy(f"killed-{index}"), target)
        for index, target in enumerate(WRITTEN)
    }
    try:
        for paused in runs.values():
            paused.wait()
            paused.kill()
        yield {target: paused.signal_file.parent / "snapshots" for target, paused in runs.items()}
    finally:
        for paused in runs.values():
            if paused.process.poll() is None:
                paused.kill()


def test_the_run_writes_these_files_in_this_order(scenario: Scenario) -> None:
    """The files WRITTEN lists are exactly those the run changes (keep the list in step)."""
    old, new = scenario.old, scenario.new
    assert sorted(name for name in new if old.get(name) != new[name]) == sorted(WRITTEN)


@pytest.mark.parametrize("target", WRITTEN)
def test_killed_run_leaves_every_file_old_or_new(
    scenario: Scenario, killed: dict[str, Path], target: str
) -> None:
    """Killed before replacing `target`: the files before it are new, the rest old, none torn."""
    snapshots = killed[target]
    assert_old_or_new(snapshots, scenario)
    after_kill, new = files(snapshots), scenario.new
    assert [name for name in WRITTEN if after_kill.get(name) == new[name]] == list(
        WRITTEN[: WRITTEN.index(target)]
    )
    # The complete, never renamed, new `target`, and those of its step written beside it (each
    # fsynced before the first rename), not renamed yet: the next run removes them.
    left = [path.read_bytes() for path in temporaries(snapshots)]
    assert new[target] in left
    assert all(data in [new[name] for name in WRITTEN[WRITTEN.index(target) :]] for data in left)


@pytest.mark.parametrize("target", WRITTEN)
def test_rerun_after_a_kill_ends_where_an_uninterrupted_run_ends(
    scenario: Scenario, killed: dict[str, Path], target: str
) -> None:
    """The same run again, the same day: every file byte for byte as if never killed."""
    snapshots = scenario.copy(f"rerun-{WRITTEN.index(target)}", killed[target])
    run_in_process(snapshots, scenario.pages, AFTER_DAY)
    assert files(snapshots) == scenario.new
    assert temporaries(snapshots) == []


@pytest.fixture(scope="module")
def next_day(scenario: Scenario) -> Path:
    """The uninterrupted run's snapshots after the next day's run (the next cron)."""
    reference = scenario.copy("next-day-reference", scenario.finished)
    run_in_process(reference, scenario.pages, NEXT_DAY)
    return reference


@pytest.mark.parametrize("target", WRITTEN[1:])
def test_rerun_on_a_later_day_does_not_publish_a_change_twice(
    scenario: Scenario, killed: dict[str, Path], next_day: Path, target: str
) -> None:
    """Killed before replacing `target` (after the log), rerun the next day: each change once,
    under the id it was first published with, and the log folds to what the snapshots say.
    (Killed before the log, nothing was published: the next day publishes it, dated then.)"""
    snapshots = scenario.copy(f"next-day-killed-{WRITTEN.index(target)}", killed[target])
    run_in_process(snapshots, scenario.pages, NEXT_DAY)
    assert (snapshots / "events.json").read_bytes() == (next_day / "events.json").read_bytes()
    assert log_contradictions(SnapshotStore(snapshots).load()) == []


@pytest.fixture(scope="module")
def failed(scenario: Scenario) -> dict[str, Path]:
    """One run per file it writes, all at once, each failing to write it (a full disk)."""
    runs = {}
    for index, target in enumerate(WRITTEN):
        snapshots = scenario.copy(f"failed-{index}")
        command = [
            sys.executable,
            str(PAUSED_RUN),
            *arguments(snapshots, scenario.pages, AFTER_DAY),
        ]
        environment = {**os.environ, "FAIL_BEFORE_REPLACING": target}
        process = subprocess.Popen(
            command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        runs[target] = (snapshots, process)
    for target, (_, process) in runs.items():
        _, errors = process.communicate(timeout=TIMEOUT)
        assert process.returncode == 5, errors
        assert errors.endswith(f"{target}: No space left on device\n"), errors
        assert "Traceback" not in errors
    return {target: snapshots for target, (snapshots, _) in runs.items()}


@pytest.mark.parametrize("target", WRITTEN)
def test_rerun_after_a_failed_write_ends_where_an_uninterrupted_run_ends(
    scenario: Scenario, failed: dict[str, Path], target: str
) -> None:
    """The disk was full when `target` was written (exit 5): every file old or new, and the
    rerun the same day ends byte for byte as a run never stopped."""
    snapshots = failed[target]
    assert_old_or_new(snapshots, scenario)
    run_in_process(snapshots, scenario.pages, AFTER_DAY)
    assert files(snapshots) == scenario.new
    assert temporaries(snapshots) == []


@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_terminated_or_interrupted_run_is_as_safe_as_a_killed_one(
    scenario: Scenario, signal_number: int
) -> None:
    """SIGTERM (a CI timeout) and SIGINT (Ctrl-C) midway: old or new files, no traceback."""
    snapshots = scenario.copy(f"signal-{signal_number}")
    paused = start_paused(scenario, snapshots, "models.json")
    paused.wait()
    paused.process.send_signal(signal_number)
    _, errors = paused.process.communicate(timeout=TIMEOUT)
    # Ctrl-C exits 130, never 1 (which `--exit-code` gives to "changes found").
    expected = 130 if signal_number == signal.SIGINT else -signal.SIGTERM
    assert paused.process.returncode == expected
    assert "Traceback" not in errors
    assert_old_or_new(snapshots, scenario)
    run_in_process(snapshots, scenario.pages, AFTER_DAY)
    assert files(snapshots) == scenario.new


def test_run_killed_at_random_moments(updates_only: Scenario) -> None:
    """Black box: `python -m scraper run` SIGKILLed at delays spread over its second half."""
    delays = sorted(random.Random(5).uniform(0.5, 1.1) * updates_only.seconds for _ in range(6))
    processes = []
    for index in range(len(delays)):
        snapshots = updates_only.copy(f"random-{index}")
        command = [sys.executable, "-m", "scraper"]
        command += arguments(snapshots, updates_only.pages, AFTER_DAY)
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append((time.monotonic(), snapshots, process))
    for delay, (started, snapshots, process) in zip(delays, processes, strict=True):
        time.sleep(max(0.0, started + delay - time.monotonic()))
        process.kill()
        process.wait(timeout=TIMEOUT)
        assert_old_or_new(snapshots, updates_only)
        run_in_process(snapshots, updates_only.pages, AFTER_DAY)
        assert files(snapshots) == updates_only.new
        assert temporaries(snapshots) == []


def lock_message(snapshots: Path) -> str:
    return (
        f"error: {snapshots}: another run is using this snapshots directory "
        f"(lock {snapshots / '.lock'}); try again when it has finished\n"
    )


def test_second_run_exits_5_while_the_first_holds_the_lock(scenario: Scenario) -> None:
    """Run 2 starts while run 1 is midway: it exits 5 at once, writing nothing; run 1 finishes."""
    snapshots = scenario.copy("locked")
    first = start_paused(scenario, snapshots, "model-deprecations/en.json")
    first.wait()
    midway = files(snapshots)
    second = subprocess.run(
        [sys.executable, "-m", "scraper", *arguments(snapshots, scenario.pages, AFTER_DAY)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )
    assert (second.returncode, second.stdout, second.stderr) == (5, "", lock_message(snapshots))
    assert files(snapshots) == midway
    assert first.resume().returncode == 0
    assert files(snapshots) == scenario.new


def test_second_run_with_wait_runs_after_the_first(scenario: Scenario) -> None:
    """With --wait, run 2 blocks until run 1 is done, then finds nothing left to do."""
    snapshots = scenario.copy("waiting")
    first = start_paused(scenario, snapshots, "model-deprecations/en.json")
    first.wait()
    command = [sys.executable, "-m", "scraper"]
    command += arguments(snapshots, scenario.pages, AFTER_DAY, "--wait", "60")
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    assert second.poll() is None, "run 2 did not wait for run 1"
    assert first.resume().returncode == 0
    output, errors = second.communicate(timeout=TIMEOUT)
    assert (second.returncode, output) == (0, "no changes\n"), errors
    assert files(snapshots) == scenario.new
