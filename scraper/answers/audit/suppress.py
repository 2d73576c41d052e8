"""What the user asked the audit not to report: a line that says `deprecations: ignore[ID]`
(like ruff's `noqa`), paths matching `--exclude GLOB`, and the `[tool.deprecations]` table of
the nearest pyproject.toml (`exclude`: globs, `ignore`: ids never reported).

Globs are gitignore patterns (read by `pathspec`, as `.gitignore` files are): `docs/`,
`*.md`, `/CHANGELOG.md`, `tests/**/fixtures`, each relative to the directory it was given in
(the current one for `--exclude`, the pyproject.toml's for the table).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scraper.errors import InputError

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# `deprecations: ignore` (every id on the line) or `deprecations: ignore[id, id]`.
_INLINE = re.compile(r"deprecations:\s*ignore(?:\[([^\]]*)\])?", re.IGNORECASE)
CONFIG_FILE = "pyproject.toml"
_KEYS = ("exclude", "ignore")


def directive_spans(line: str) -> list[tuple[int, int]]:
    """Where the line's `deprecations: ignore[...]` comments are (0-based, end excluded):
    the ids they name are no calls."""
    return [match.span() for match in _INLINE.finditer(line)]


def inline_ignored(line: str, names: Iterable[str]) -> bool:
    """Whether the line's comment silences an id known by these names (as written, API id)."""
    wanted = set(names)
    for match in _INLINE.finditer(line):
        if match[1] is None:
            return True
        listed = {item.strip() for item in match[1].split(",")}
        if listed & wanted:
            return True
    return False


@dataclass(frozen=True, slots=True)
class Globs:
    """Gitignore patterns, and the directory they are relative to."""

    base: str  # absolute
    spec: GitIgnoreSpec

    def match(self, path: str) -> bool:
        relative = os.path.relpath(os.path.abspath(path), self.base)  # noqa: PTH100
        if relative.startswith(os.pardir):
            return False  # outside the directory the patterns were written for
        return self.spec.match_file(Path(relative).as_posix())


def globs(patterns: Sequence[str], base: Path) -> Globs | None:
    if not patterns:
        return None
    from pathspec import GitIgnoreSpec  # only when there are patterns to read

    return Globs(os.path.abspath(base), GitIgnoreSpec.from_lines(patterns))  # noqa: PTH100


@dataclass(frozen=True, slots=True)
class Suppression:
    """Everything the audit leaves out, from the command line and the configuration."""

    excluded: tuple[Globs, ...] = ()
    ignored: frozenset[str] = frozenset()  # ids never reported (as written, or API ids)
    config: str | None = None  # the pyproject.toml it came from, for the report

    def excludes(self, path: str) -> bool:
        if not self.excluded:  # the usual case, asked for each of 20,000 files
            return False
        return any(rules.match(path) for rules in self.excluded)


def find_config(start: Path) -> tuple[Path, object] | None:
    """The nearest pyproject.toml with a [tool.deprecations] table, from `start` upwards,
    and that table."""
    for directory in (start.absolute(), *start.absolute().parents):
        candidate = directory / CONFIG_FILE
        if candidate.is_file() and "deprecations" in (tables := _tool_tables(candidate)):
            return candidate, tables["deprecations"]
    return None


def _tool_tables(path: Path) -> dict[str, Any]:
    import tomllib  # only where there is a pyproject.toml

    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: cannot be read ({error})") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not valid TOML ({error})") from None
    tool = document.get("tool")
    return tool if isinstance(tool, dict) else {}


def _strings(path: Path, key: str, value: object) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(
            f"{path}: [tool.deprecations] {key} must be a list of strings, like "
            f'{key} = ["{"docs/" if key == "exclude" else "claude-2.1"}"]'
        )
    return value


def suppression(exclude: Sequence[str], start: Path) -> Suppression:
    """`--exclude` globs (relative to `start`, the current directory) and the settings of the
    nearest pyproject.toml's [tool.deprecations]; an unknown key or a wrong type exits 2."""
    given = globs(exclude, start)
    found = find_config(start)
    if found is None:
        return Suppression(excluded=(given,) if given else ())
    config, table = found
    if not isinstance(table, dict):
        raise InputError(f"{config}: [tool.deprecations] must be a table")
    unknown = sorted(set(table) - set(_KEYS))
    if unknown:
        raise InputError(
            f"{config}: [tool.deprecations] has no setting {', '.join(map(repr, unknown))} "
            f"(it knows {', '.join(_KEYS)})"
        )
    configured = globs(_strings(config, "exclude", table.get("exclude", [])), config.parent)
    return Suppression(
        excluded=tuple(rules for rules in (given, configured) if rules is not None),
        ignored=frozenset(_strings(config, "ignore", table.get("ignore", []))),
        config=str(config),
    )
