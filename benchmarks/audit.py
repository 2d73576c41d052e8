"""How fast `deprecations audit` reads a code base, against `grep -rE` with the same patterns.

Generates a tree of 20,000 text files (source-like lines, 1 in 50 files calling a model, in the
forms the audit knows), then times, each the best of a few runs:

- `grep -rIE -n -o` with the audit's token pattern (binary files skipped, as the audit does);
- `deprecations audit` on the same tree as a plain directory (the .gitignore walk) and as a git
  work tree (`git ls-files`), end to end as a user runs it (a new process each time);
- where the audit's time goes, in one process: listing, reading, scanning;
- the cold start of `deprecations audit` on a 10-file tree against `python -c pass`.

Run: python benchmarks/audit.py [--files 20000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure  # noqa: E402  (the repository root must be importable first)

# The audit's candidate token (scraper.answers.audit.scan): id characters around `claude`.
GREP_PATTERN = "[[:alnum:]_.:@/%+-]*claude[[:alnum:]_.:@/%+-]*"
CALLS = [
    'client.messages.create(model="claude-3-5-haiku-20241022", max_tokens=1024)',
    'MODEL_ID = "us.anthropic.claude-sonnet-4-20250514-v1:0"',
    "model: claude-3-opus@20240229",
    'arn = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"',
    "ANTHROPIC_MODEL=claude-opus-4-1",
    "# we use claude-code for reviews",  # a look-alike
]
WORDS = ["def", "return", "self", "value", "result", "data", "item", "config", "index", "path"]
SUFFIXES = [".py", ".ts", ".go", ".yaml", ".md", ".json", ".tf"]


def make_tree(root: Path, files: int, seed: int = 7) -> int:
    """`files` files in nested directories; returns the total size in bytes."""
    rng = random.Random(seed)
    total = 0
    for number in range(files):
        directory = root / f"pkg{number % 40}" / f"mod{number % 13}"
        directory.mkdir(parents=True, exist_ok=True)
        lines = [
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 12)))
            for _ in range(rng.randint(20, 160))
        ]
        if number % 50 == 0:
            lines.insert(rng.randrange(len(lines)), rng.choice(CALLS))
        text = "\n".join(lines) + "\n"
        path = directory / f"file{number}{SUFFIXES[number % len(SUFFIXES)]}"
        path.write_text(text)
        total += len(text)
    return total


def best(runs: int, action: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def run(*command: str, cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def audit_command(target: Path) -> list[str]:
    return [sys.executable, "-m", "scraper", "audit", str(target), "--fail-on", "never"]


def breakdown(target: Path) -> dict[str, float]:
    """Where one in-process audit spends its time."""
    import datetime as dt

    from scraper.answers.audit.findings import Context
    from scraper.answers.audit.reading import read_file
    from scraper.answers.audit.run import audit, hits_in
    from scraper.answers.audit.walk import list_files
    from scraper.answers.data import packaged_bytes, parse_index
    from scraper.answers.resolve import Resolver

    started = time.perf_counter()
    index = parse_index(packaged_bytes(), "packaged")
    resolver = Resolver.from_index(index)
    loaded = time.perf_counter()
    listing = list_files([target])
    listed = time.perf_counter()
    contents = [read_file(path) for path in listing.files]
    read = time.perf_counter()
    for path, data in zip(listing.files, contents, strict=True):
        if isinstance(data, bytes) and b"claude" in data:
            hits_in(path, data.decode("utf-8", errors="replace"), resolver.resolve)
    scanned = time.perf_counter()
    today = dt.date.today()
    context = Context({m.model: m for m in index.models}, None, today, today)
    whole_started = time.perf_counter()
    audit([target], resolver.resolve, context)
    whole = time.perf_counter() - whole_started
    return {
        "load data + resolver": loaded - started,
        "list files": listed - loaded,
        "read files": read - listed,
        "scan hits": scanned - read,
        "audit() in all": whole,
    }


def figures(files: int = 20_000, runs: int = 2) -> list[Figure]:
    """The run_all.py figures: audit's throughput against grep's on one generated tree."""
    grep = shutil.which("grep")
    if grep is None:
        raise SystemExit("benchmarks/audit.py needs grep on PATH for its baseline")
    with tempfile.TemporaryDirectory() as temporary:
        tree = Path(temporary) / "tree"
        megabytes = make_tree(tree, files) / 1e6
        grep_seconds = best(runs, lambda: run(grep, "-rIEno", GREP_PATTERN, str(tree)))
        audit_seconds = best(runs, lambda: run(*audit_command(tree)))
    return [
        Figure(
            f"audit {files:,} files ({megabytes:.0f} MB): files/s",
            files / audit_seconds,
            files / grep_seconds,
            "files/s",
            1,
            "grep -rE, same pattern",
            at_most=False,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    grep = shutil.which("grep")
    with tempfile.TemporaryDirectory() as temporary:
        base = Path(temporary)
        tree = base / "tree"
        size = make_tree(tree, args.files)
        megabytes = size / 1e6
        print(f"tree: {args.files} files, {megabytes:.1f} MB")

        def report(name: str, seconds: float) -> None:
            print(
                f"  {name:<34} {seconds:6.3f} s  {args.files / seconds:9.0f} files/s"
                f"  {megabytes / seconds:7.1f} MB/s"
            )

        if grep:
            report(
                "grep -rIE -n -o (same pattern)",
                best(args.runs, lambda: run(grep, "-rIEno", GREP_PATTERN, str(tree))),
            )
        report("audit, .gitignore walk", best(args.runs, lambda: run(*audit_command(tree))))
        git_tree = base / "git-tree"
        shutil.copytree(tree, git_tree)
        run("git", "init", "-q", cwd=git_tree)
        run("git", "add", "-A", cwd=git_tree)
        report("audit, git work tree", best(args.runs, lambda: run(*audit_command(git_tree))))
        if grep:
            report(
                "git grep -IEno (same pattern)",
                best(args.runs, lambda: run("git", "grep", "-IEno", GREP_PATTERN, cwd=git_tree)),
            )
        print("where the audit's time goes (one process, .gitignore walk):")
        for name, seconds in breakdown(tree).items():
            print(f"  {name:<34} {seconds:6.3f} s")

        small = base / "small"
        make_tree(small, 10)
        python = best(10, lambda: run(sys.executable, "-c", "pass"))
        cold = best(10, lambda: run(*audit_command(small)))
        print("cold start, 10-file tree (best of 10):")
        print(f"  python -c pass                      {python * 1000:6.0f} ms")
        print(f"  deprecations audit                  {cold * 1000:6.0f} ms")
        print(f"  audit's own share                   {(cold - python) * 1000:6.0f} ms")
        samples = [best(1, lambda: run(*audit_command(small))) for _ in range(5)]
        print(f"  (median of 5 more: {statistics.median(samples) * 1000:.0f} ms)")
    os.environ.pop("PYTHONPATH", None)


if __name__ == "__main__":
    main()
