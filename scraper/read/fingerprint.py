"""Which code makes a stored document, and a digest of it: stored "unchanged page" validators
vouch for stored records only while the code that read them is the same (`parser_fingerprint`),
and the JSON Schemas are generated again only when the code they come from changed.

The modules are found by following the package's own imports from a few roots (`extract` for
the deprecations page, `related` for the platform pages), so a module added to the parser
counts without anyone keeping a list.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).parent.parent  # scraper/
READERS = ("scraper.read.extract", "scraper.read.related")

# An import statement of the package, at the start of its line: ruff format gives every
# statement its own line and a long `from … import (…)` its parentheses. A line of a string
# that looks like one only adds a module, which makes a digest cover more, never less. (Found
# with a pattern rather than `ast`: parsing the sources took a tenth of a second per run.)
_IMPORT = re.compile(
    rb"^[ \t]*(?:from[ \t]+(?P<module>scraper[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n]*)"
    rb"|import[ \t]+(?P<imported>scraper[^\n]*))",
    re.MULTILINE,
)


def _source(module: str) -> Path | None:
    parts = module.split(".")[1:]
    relative = PACKAGE.joinpath(*parts)
    candidates = [relative.with_suffix(".py")] if parts else []
    for candidate in (*candidates, relative / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _names(text: bytes) -> Iterator[str]:
    """`a, b as c  # why` or `(⏎ a,⏎ b,⏎)` → a, b."""
    for line in text.strip(b"()").splitlines():
        for item in line.split(b"#")[0].split(b","):
            if words := item.split():
                yield words[0].decode()


def _imported(source: bytes) -> Iterable[str]:
    """The package's modules that a source file imports (type-checking and lazy imports
    included): `from M import N` names M and M.N, which is a module when N is one."""
    for found in _IMPORT.finditer(source):
        if found["module"] is not None:
            module = found["module"].decode()
            yield module
            yield from (f"{module}.{name}" for name in _names(found["names"]))
        else:
            yield from _names(found["imported"])


def code_modules(roots: Iterable[str]) -> list[Path]:
    """Every source file of the package that the `roots` modules import, directly or not."""
    seen: set[Path] = set()
    pending = list(roots)
    while pending:
        module = pending.pop()
        path = _source(module)
        if path is None or path in seen:
            continue
        seen.add(path)
        pending.extend(_imported(path.read_bytes()))
        if path.name == "__init__.py":  # a package reads through all of its modules
            pending.extend(f"{module}.{file.stem}" for file in path.parent.glob("*.py"))
    return sorted(seen)


@cache
def code_fingerprint(*roots: str) -> str:
    """A digest of the source of the `roots` modules and of every module they import."""
    digest = hashlib.sha256()
    for file in code_modules(roots):
        digest.update(file.relative_to(PACKAGE).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:16]


def parser_fingerprint() -> str:
    """A digest of the source of every module that reads pages."""
    return code_fingerprint(*READERS)
