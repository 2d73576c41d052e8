"""Which code reads pages, and a digest of it: stored "unchanged page" validators vouch for
stored records only while the code that made them is the same.

The modules are found by following the package's own imports from the readers (`extract` for
the deprecations page, `related` for the platform pages), so a module added to the parser
counts without anyone keeping a list.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent.parent  # scraper/
READERS = ("scraper.read.extract", "scraper.read.related")


def _source(module: str) -> Path | None:
    relative = Path(*module.split(".")[1:])
    for candidate in (PACKAGE / relative.with_suffix(".py"), PACKAGE / relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported(path: Path) -> Iterable[str]:
    """The package's modules that a source file imports (type-checking imports included)."""
    for node in ast.walk(ast.parse(path.read_bytes())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def reader_modules() -> list[Path]:
    """Every source file of the package that the readers import, directly or not."""
    seen: set[Path] = set()
    pending = list(READERS)
    while pending:
        module = pending.pop()
        path = _source(module)
        if path is None or path in seen:
            continue
        seen.add(path)
        pending.extend(name for name in _imported(path) if name.startswith("scraper."))
        if path.name == "__init__.py":  # a package reads through all of its modules
            pending.extend(f"{module}.{file.stem}" for file in path.parent.glob("*.py"))
    return sorted(seen)


@cache
def parser_fingerprint() -> str:
    """A digest of the source of every module that reads pages."""
    digest = hashlib.sha256()
    for file in reader_modules():
        digest.update(file.relative_to(PACKAGE).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]
