"""The package shows the pipeline: stage packages whose imports run one way only (#22).

Read from the code's own imports with `ast` (every import: at the top, inside functions, for
type checking only), so a new module or a stray import is judged without anyone keeping a list.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "scraper"
# The shared modules at the bottom: every layer may use them, they use no layer.
BOTTOM = {"scraper", "errors", "terms", "records", "ids", "sinks", "forking"}
# What each part of the package may import, besides the bottom (the direction per pair).
MAY_IMPORT: dict[str, set[str]] = {
    "fetch": set(),
    "read": {"fetch"},
    "track": {"fetch", "read"},
    "store": {"fetch", "track"},
    "answers": {"fetch", "read", "track", "store"},
    "publish": {"fetch", "read", "track", "answers"},
    "pipeline": {"fetch", "read", "track", "store", "publish"},
    "commands": {"fetch", "read", "track", "store", "publish", "answers", "pipeline"},
    "cli": set(),  # finds the commands by name (importlib), not by import
    "__main__": {"cli"},
}
# The renderers of the publication view, and what of publishing each may import.
RENDERERS = {
    "scraper.publish.changelogs": {"scraper.publish.view"},
    "scraper.publish.feeds": {"scraper.publish.view"},
    "scraper.publish.site.render": {
        "scraper.publish.view",
        "scraper.publish.site.rows",
        "scraper.publish.site.timeline",
    },
    "scraper.publish.site.rows": {"scraper.publish.view"},
    "scraper.publish.site.timeline": {"scraper.publish.site.rows"},
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def imports(module: str) -> set[str]:
    """The package's modules (or packages) that `module` imports, wherever the import is."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[module].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("scraper")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("scraper"):
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
    return found - {module}


def part(module: str) -> str:
    """The stage package or bottom module a module belongs to: `scraper.track.plan` → track."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def edges() -> Iterator[tuple[str, str]]:
    for module in MODULES:
        for imported in imports(module):
            yield module, imported


def test_the_allowed_directions_are_one_way() -> None:
    """The table itself: no two parts may import each other, directly or round a loop."""

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            step == goal or (step not in seen and reaches(step, goal, seen | {step}))
            for step in MAY_IMPORT.get(start, set())
        )

    assert [name for name in MAY_IMPORT if reaches(name, name)] == []


def test_every_import_runs_with_the_flow() -> None:
    """Each import between two parts of the package goes the way the table allows; the
    bottom modules import no stage."""
    wrong = []
    for module, imported in edges():
        source, target = part(module), part(imported)
        if source == target or target in BOTTOM:
            continue
        allowed = set() if source in BOTTOM else MAY_IMPORT.get(source)
        if allowed is None or target not in allowed:
            wrong.append(f"{module} -> {imported}")
    assert wrong == []


def test_every_part_is_in_the_table() -> None:
    """A new stage package or top-level module has to say where it stands."""
    parts = {part(module) for module in MODULES}
    assert parts - BOTTOM - set(MAY_IMPORT) == set()


def test_no_import_cycle_anywhere() -> None:
    """No module reaches itself through the imports of others."""
    graph = {module: {i for i in imports(module) if i in MODULES} for module in MODULES}
    state: dict[str, str] = {}
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                cycles.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported, [*path, imported])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_few_modules_directly_in_the_package() -> None:
    """At most eight modules sit directly in scraper/: the rest is in a stage package."""
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= 8, top


@pytest.mark.parametrize("renderer", sorted(RENDERERS))
def test_a_renderer_reads_only_the_publication_view(renderer: str) -> None:
    """The changelogs, the feeds and the site import nothing of publishing but the view's
    types (and their own package): not wording, not another renderer."""
    publishing = {i for i in imports(renderer) if i.startswith("scraper.publish")}
    assert publishing - RENDERERS[renderer] == set()


def test_the_checks_can_fail() -> None:
    """The import reader sees a module's imports, including those inside functions."""
    assert "scraper.track.plan" in imports("scraper.pipeline")
    assert "scraper.publish.compose" in imports("scraper.commands.site")
    assert part("scraper.publish.site.rows") == "publish"
