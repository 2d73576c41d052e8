"""The JSON Schemas in snapshots/schema/ are generated again only when the code they come from
changed, or when what is on disk is not what was written (#29); the code's digest follows the
package's imports, however they are written."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scraper.cli import cli
from scraper.read import fingerprint
from scraper.read.fingerprint import code_fingerprint, code_modules
from scraper.records import FetchState
from scraper.store import schemas as schemas_module
from scraper.store.schemas import SCHEMAS, schema_json
from scraper.store.snapshots import SnapshotStore, Writes
from tests.conftest import PAGES

CODE = "0123456789abcdef"


@pytest.fixture
def generated(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the schemas generated from now on."""
    names: list[str] = []

    def counted(name: str) -> str:
        names.append(name)
        return schema_json(name)

    monkeypatch.setattr("scraper.store.snapshots.schema_json", counted)
    return names


def _commit(root: Path, code: str | None = CODE, state: FetchState | None = None) -> list[Path]:
    store = SnapshotStore(root)
    with store.locked():
        return store.commit(Writes(state=state or FetchState(), schema_code=code))


def _schema_files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "schema").iterdir())}


def test_schemas_are_generated_once_for_the_same_code(tmp_path: Path, generated: list[str]) -> None:
    """A second commit with the same code generates nothing and writes nothing."""
    _commit(tmp_path)
    assert generated == list(SCHEMAS)
    assert _schema_files(tmp_path) == {
        f"{name}.schema.json": schema_json(name).encode() for name in SCHEMAS
    }
    generated.clear()
    assert _commit(tmp_path) == []
    assert generated == []


def test_other_code_generates_them_again(tmp_path: Path, generated: list[str]) -> None:
    _commit(tmp_path)
    generated.clear()
    _commit(tmp_path, code="fedcba9876543210")
    assert generated == list(SCHEMAS)
    generated.clear()
    _commit(tmp_path, code="fedcba9876543210")
    assert generated == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.unlink(),
        lambda path: path.write_bytes(path.read_bytes()[:-40]),
        lambda path: path.write_bytes(path.read_bytes().replace(b'"title"', b'"titel"', 1)),
        lambda path: path.write_bytes(b""),
    ],
    ids=["missing", "cut", "edited", "empty"],
)
def test_a_missing_or_damaged_schema_file_is_written_again(
    tmp_path: Path, generated: list[str], damage: Any
) -> None:
    _commit(tmp_path)
    before = _schema_files(tmp_path)
    target = tmp_path / "schema" / "events.schema.json"
    damage(target)
    generated.clear()
    written = _commit(tmp_path)
    assert generated == list(SCHEMAS)
    assert written == [target]  # the same bytes again: the stamp in state.json stands
    assert _schema_files(tmp_path) == before


def test_without_the_code_or_a_state_the_schemas_are_checked_by_generating_them(
    tmp_path: Path, generated: list[str]
) -> None:
    """A retraction hands no state and no code digest: it generates them, as it always did,
    and the state keeps no stamp it could not vouch for."""
    _commit(tmp_path, code=None)
    assert generated == list(SCHEMAS)
    assert json.loads((tmp_path / "state.json").read_text()).get("schemas") is None
    generated.clear()
    store = SnapshotStore(tmp_path)
    with store.locked():
        store.commit(Writes(schema_code=CODE))
    assert generated == list(SCHEMAS)


def test_the_schemas_digest_covers_the_code_they_come_from() -> None:
    """The record types, the words their literals take (terms), the events and their
    payloads, the drift report: every module the schemas' module imports, directly or not."""
    names = {
        path.relative_to(fingerprint.PACKAGE).as_posix()
        for path in code_modules([schemas_module.__name__])
    }
    assert {
        "store/schemas.py",
        "records.py",
        "terms.py",
        "track/events.py",
        "track/payloads.py",
        "track/drift.py",
    } <= names


def _package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "scraper" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root / "scraper"


def test_every_form_of_import_is_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain, aliased, several at once, in parentheses over lines with comments, inside a
    function or a TYPE_CHECKING block, a module imported from its package; and nothing else."""
    package = _package(
        tmp_path,
        {
            "__init__.py": "",
            "root.py": (
                "from __future__ import annotations\n"
                "import scraper.plain\n"
                "import scraper.aliased as short, scraper.second\n"
                "from scraper.parted import (\n"
                "    one,  # the first\n"
                "    two as deux,\n"
                ")\n"
                "from scraper.stage import child\n"
                "if TYPE_CHECKING:\n"
                "    from scraper.typing_only import Thing\n"
                "def later():\n"
                "    from scraper.lazy import run\n"
                "import json  # not the package's\n"
                "from . import relative_is_not_followed\n"
            ),
            **{
                f"{name}.py": ""
                for name in ("plain", "aliased", "second", "parted", "typing_only", "lazy")
            },
            "stage/__init__.py": "",
            "stage/child.py": "from scraper.deep import x\n",
            "stage/sibling.py": "",
            "deep.py": "",
            "relative_is_not_followed.py": "",
            "unrelated.py": "",
        },
    )
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    found = {path.relative_to(package).as_posix() for path in code_modules(["scraper.root"])}
    assert found == {
        "root.py",
        "plain.py",
        "aliased.py",
        "second.py",
        "parted.py",
        "typing_only.py",
        "lazy.py",
        "stage/__init__.py",
        "stage/child.py",
        "stage/sibling.py",
        "deep.py",
    }


def test_the_digest_changes_with_any_module_it_covers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = _package(
        tmp_path, {"__init__.py": "", "root.py": "from scraper import leaf\n", "leaf.py": "A = 1\n"}
    )
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    code_fingerprint.cache_clear()
    before = code_fingerprint("scraper.root")
    (package / "leaf.py").write_text("A = 2\n")
    code_fingerprint.cache_clear()
    assert code_fingerprint("scraper.root") != before
    code_fingerprint.cache_clear()


def test_a_second_run_generates_no_schema_and_a_deleted_one_comes_back(
    tmp_path: Path, generated: list[str]
) -> None:
    """Runs hand the store the digest of the schemas' code: the second run generates none; a
    schema file deleted by hand is back after the next run, as it was."""
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGES / "en--36054956312.md", pages / "en.md")
    snapshots = tmp_path / "snapshots"
    arguments = ["run", "--from", str(pages), "--as-of", "2026-02-06", "-q"]
    first = CliRunner().invoke(cli, [*arguments, "--snapshots", str(snapshots)])
    assert first.exit_code == 0, first.output
    assert generated == list(SCHEMAS)
    written = _schema_files(snapshots)
    generated.clear()
    again = CliRunner().invoke(cli, [*arguments, "--snapshots", str(snapshots)])
    assert again.exit_code == 0 and generated == []
    (snapshots / "schema" / "models.schema.json").unlink()
    CliRunner().invoke(cli, [*arguments, "--snapshots", str(snapshots)])
    assert generated == list(SCHEMAS) and _schema_files(snapshots) == written
