"""Every cost of the tracker in one table: figure, value, baseline, ratio, target, met.

    python benchmarks/run_all.py [--markdown] [--only SECTION ...]

Each figure is a median of several runs, next to a baseline measured in the same run on the same
machine (a shared, noisy machine slows both alike). Sections: startup, parse, run, server,
scaling, audit, adversarial, memory. The README's "Performance" section is this script's
`--markdown` output.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import cost
from benchmarks.common import Figure

SECTIONS: dict[str, Callable[[], list[Figure]]] = {
    "startup": cost.startup,
    "parse": cost.parse,
    "run": cost.offline_run,
    "server": cost.server_run,
    "scaling": cost.scaling,
    "audit": cost.audit,
    "adversarial": cost.adversarial,
    "memory": cost.big_page_memory,
}


def _number(value: float, unit: str) -> str:
    if unit == "s":
        if value < 0.01:  # a C parser's fraction of a millisecond, not "0 ms"
            return f"{value * 1000:.2g} ms"
        return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"
    return f"{value:,.0f} {unit}" if value >= 100 else f"{value:.3g} {unit}"


def table(figures: list[Figure], *, markdown: bool) -> str:
    header = ("figure", "value", "baseline", "ratio", "target", "met")
    rows = [
        (
            figure.name,
            _number(figure.value, figure.unit),
            f"{_number(figure.baseline, figure.unit)} ({figure.baseline_name})"
            if figure.baseline_name
            else _number(figure.baseline, figure.unit),
            f"x{figure.ratio:.2f}",
            ("≤ " if figure.at_most else "≥ ") + f"x{figure.target:g}",
            "yes" if figure.met else "NO",
        )
        for figure in figures
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(row[column]) for row in (header, *rows)) for column in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in (header, *rows)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--only", nargs="+", choices=sorted(SECTIONS), help="these sections")
    options = parser.parse_args()
    started = time.perf_counter()
    figures: list[Figure] = []
    for name in options.only or SECTIONS:
        print(f"measuring {name}...", file=sys.stderr, flush=True)
        figures.extend(SECTIONS[name]())
    print(table(figures, markdown=options.markdown))
    missed = sum(not figure.met for figure in figures)
    print(
        f"\n{len(figures)} figures, {len(figures) - missed} targets met, {missed} missed; "
        f"{time.perf_counter() - started:.0f} s",
    )


if __name__ == "__main__":
    main()
