"""What every benchmark shares: a figure (value, baseline, ratio, target) and careful timing.

Figures are ratios against a baseline measured in the same run on the same machine, so a
shared, noisy machine moves both sides together; no figure is an absolute threshold.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "tests" / "fixtures" / "pages"
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the report: `value` against `baseline`, and the ratio it should stay under."""

    name: str
    value: float
    baseline: float
    unit: str
    target: float
    baseline_name: str = ""
    at_most: bool = True  # False: the ratio must reach the target (throughput against grep)

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def met(self) -> bool:
        return self.ratio <= self.target if self.at_most else self.ratio >= self.target


def median_seconds(function: Callable[[], object], runs: int = 5) -> float:
    """The median wall time of `runs` calls after one warm-up call."""
    function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command_seconds(commands: Sequence[Sequence[str]], runs: int = 7) -> list[float]:
    """Median wall time of each command, the commands interleaved run by run so that a busy
    moment of the machine slows them all alike."""
    times: list[list[float]] = [[] for _ in commands]
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    for _ in range(runs):
        for index, command in enumerate(commands):
            started = time.perf_counter()
            subprocess.run(
                command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
            times[index].append(time.perf_counter() - started)
    return [statistics.median(column) for column in times]


def command_cpu_seconds(
    commands: Sequence[Sequence[str]], runs: int = 11, inputs: Sequence[bytes | None] = ()
) -> list[float]:
    """Median CPU time (user + system) of each command, interleaved run by run: on a shared
    machine the CPU a process uses varies far less than the wall time it waits. `inputs`, by
    position, is what a command reads on stdin (a server's requests, then end of input)."""
    times: list[list[float]] = [[] for _ in commands]
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    for _ in range(runs):
        for index, command in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run(
                command,
                env=environment,
                input=inputs[index] if index < len(inputs) else None,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            times[index].append(used)
    return [statistics.median(column) for column in times]


def peak_memory_mb(command: Sequence[str]) -> float:
    """Peak resident memory of a command, in MB, read from the kernel's accounting for it."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    # A fresh parent per measurement: RUSAGE_CHILDREN keeps the maximum over all children.
    output = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, check=True
    ).stdout
    return int(output.strip()) / 1024  # Linux reports kilobytes


def own_peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def deprecations_command() -> list[str]:
    """The installed console script if there is one, else the module."""
    script = Path(sys.executable).parent / "deprecations"
    return [str(script)] if script.exists() else [sys.executable, "-m", "scraper"]


def all_saved_languages(directory: Path) -> Path:
    """A `--from` directory with a saved page in every tracked language: the real copies in
    examples/saved-pages and the hand-made pages of the languages we have no copy of."""
    directory.mkdir(parents=True, exist_ok=True)
    for page in (*(ROOT / "examples" / "saved-pages").glob("*.md"), *SYNTHETIC.glob("*.md")):
        if page.name != "README.md":
            (directory / page.name).write_bytes(page.read_bytes())
    return directory
