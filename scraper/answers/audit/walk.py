"""Which files of a tree are the user's own code: `.gitignore` respected, vendored code skipped.

Inside a git work tree the list comes from git itself (`git ls-files`: tracked files plus
untracked ones that no ignore rule covers, with git's own rules, global excludes included).
Elsewhere the tree is walked and every `.gitignore` on the way applies to its own directory and
below, read by `pathspec` (git's wildmatch rules, negations, directory-only patterns).

In both cases directories of other people's code or of tools (`node_modules`, virtual
environments, `.git`, caches) are skipped even when nothing ignores them: a vendored copy of an
SDK is full of model ids the user never calls.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# Directory names that hold vendored code, tool state or build caches, never the user's calls.
SKIPPED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        "bower_components",
        "jspm_packages",
        "vendor",
        "site-packages",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".terraform",
    }
)
# A virtual environment by any name has one of these at its top.
VENV_MARKERS = ("pyvenv.cfg", "conda-meta")


@dataclass(frozen=True, slots=True)
class Listing:
    """The files to read, and how they were chosen (for the summary line)."""

    files: tuple[str, ...]  # paths as strings: 20,000 Path objects cost more than the walk
    method: str  # "git" or "gitignore"


def _skipped_dir(path: Path) -> bool:
    return path.name in SKIPPED_DIRS or any((path / marker).exists() for marker in VENV_MARKERS)


def _in_skipped_dir(relative: PurePosixPath, root: Path, cache: dict[str, bool]) -> bool:
    """Whether any directory between `root` and the file is one to skip."""
    current = root
    for part in relative.parts[:-1]:
        current = current / part
        key = str(current)
        if key not in cache:
            cache[key] = _skipped_dir(current)
        if cache[key]:
            return True
    return False


def _in_repository(directory: Path) -> bool:
    """Whether git could find a repository for `directory`: a `.git` in it or above it (git's
    own search, from the real path), or one named by GIT_DIR. Where there is none, git is not
    started only to say so (a few milliseconds of a large audit)."""
    if "GIT_DIR" in os.environ:
        return True
    current = os.path.realpath(directory)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):  # noqa: PTH118
            return True
        parent = os.path.dirname(current)  # noqa: PTH120
        if parent == current:
            return False
        current = parent


def git_files(directory: Path) -> list[str] | None:
    """Files git would consider part of the tree at `directory`, or None outside a work tree."""
    if not _in_repository(directory):
        return None
    import shutil  # only where there is a repository to ask (shutil loads three compressors)
    import subprocess

    git = shutil.which("git")
    if git is None:
        return None

    result = subprocess.run(
        [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
        cwd=directory,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    names = dict.fromkeys(result.stdout.decode("utf-8", "surrogateescape").split("\0"))
    cache: dict[str, bool] = {}
    skipped_parents: dict[str, bool] = {}  # by the file's directory: most files share one
    files = []
    for name in names:
        if not name:
            continue
        parent = name.rpartition("/")[0]
        if parent not in skipped_parents:
            skipped_parents[parent] = _in_skipped_dir(PurePosixPath(name), directory, cache)
        if skipped_parents[parent]:
            continue
        files.append(os.path.join(directory, name))  # noqa: PTH118  (strings: see Listing)
    return files


@dataclass(frozen=True, slots=True)
class _Rules:
    """One `.gitignore`: its patterns apply to paths relative to its directory."""

    base: str  # its directory, relative to the walk's root ("" for the root)
    spec: GitIgnoreSpec


def _read_rules(directory: str, base: str) -> _Rules | None:
    try:
        path = os.path.join(directory, ".gitignore")  # noqa: PTH118  (strings: see walk_files)
        with open(path, encoding="utf-8", errors="replace") as file:  # noqa: PTH123
            text = file.read()
    except OSError:
        return None
    from pathspec import GitIgnoreSpec  # imported here: a tree without .gitignore never needs it

    return _Rules(base, GitIgnoreSpec.from_lines(text.splitlines()))


def _ignored(relative: str, is_dir: bool, rules: Sequence[_Rules]) -> bool:
    """Git's precedence: the deepest .gitignore with a matching pattern decides."""
    decision = False
    for rule in rules:
        inner = relative[len(rule.base) + 1 :] if rule.base else relative
        include = rule.spec.check_file(inner + "/" if is_dir else inner).include
        if include is not None:
            decision = include
    return decision


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _environment(directory: str, names: Sequence[str]) -> bool:
    """A directory holding these names is a virtual environment (`_skipped_dir`'s test)."""
    return any(
        marker in names and os.path.exists(os.path.join(directory, marker))  # noqa: PTH110, PTH118
        for marker in VENV_MARKERS
    )


def iter_walk(root: Path) -> Iterator[str]:
    """Every file under `root` that no .gitignore on the way ignores, directory by directory
    in name order.

    Paths are plain strings relative to the root, joined by hand: in a 20,000-file tree,
    `PurePosixPath` per entry cost more than reading the directories."""
    stack: list[tuple[str, str, tuple[_Rules, ...]]] = [(os.fspath(root), "", ())]
    while stack:
        directory, relative, inherited = stack.pop()
        try:
            with os.scandir(directory) as scan:
                entries = sorted(scan, key=_name)
        except OSError:
            continue
        names = [entry.name for entry in entries]
        if relative and _environment(directory, names):
            continue  # a virtual environment, whatever its name (the root is the user's choice)
        own = _read_rules(directory, relative) if ".gitignore" in names else None
        rules = (*inherited, own) if own else inherited
        subdirectories = []
        for entry in entries:
            is_dir = entry.is_dir(follow_symlinks=False)
            if not (rules or is_dir):  # most files of most trees: no rules, no path arithmetic
                yield entry.path
                continue
            path = f"{relative}/{entry.name}" if relative else entry.name
            if rules and _ignored(path, is_dir, rules):
                continue
            if not is_dir:
                # Links too (never entered: a link could loop or leave the tree), as git
                # lists them; reading counts them as skipped.
                yield entry.path
            elif entry.name not in SKIPPED_DIRS:
                subdirectories.append((entry.path, path, rules))
        stack.extend(reversed(subdirectories))


def walk_files(root: Path) -> list[str]:
    return list(iter_walk(root))


def iter_files(paths: Sequence[Path], methods: set[str]) -> Iterator[str]:
    """The files to scan, each once, as they are found: named files as they are, directories
    through git or .gitignore (`methods` gets which, as each directory is reached)."""
    seen: set[str] = set()
    for path in paths:
        found: Iterable[str]
        if not path.is_dir():
            found = (os.fspath(path),)  # named explicitly (as pre-commit does): the user chose it
        elif (listed := git_files(path)) is None:
            methods.add("gitignore")
            found = iter_walk(path)
        else:
            methods.add("git")
            found = listed
        for file in found:
            if file not in seen:
                seen.add(file)
                yield file


def method(methods: set[str]) -> str:
    """How the files were chosen, for the summary line."""
    return "+".join(sorted(methods)) or "files"


def list_files(paths: Sequence[Path]) -> Listing:
    """The files to scan: named files as they are, directories through git or .gitignore."""
    methods: set[str] = set()
    files = tuple(iter_files(paths, methods))
    return Listing(files, method(methods))
