"""Files written in a batch (#29): each file's data fsynced before its rename, each directory
once at the end; unchanged files untouched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from scraper.store import files


def test_a_batch_fsyncs_each_file_and_each_directory_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Six files in two directories (one unchanged): five data fsyncs, then two directory
    fsyncs, after every rename; the unchanged file keeps its inode."""
    (tmp_path / "a").mkdir()
    same = tmp_path / "a" / "same.json"
    same.write_bytes(b"same")
    inode = same.stat().st_ino
    batch = [(tmp_path / "a" / f"{n}.json", f"{n}".encode()) for n in range(3)]
    batch += [(same, b"same")]
    batch += [(tmp_path / "b" / f"{n}.json", f"{n}".encode()) for n in range(2)]
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(descriptor: int) -> None:
        kind = stat.S_ISDIR(os.fstat(descriptor).st_mode)
        renamed = all(path.exists() for path, _ in batch)
        synced.append(("directory" if kind else "file", renamed))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)

    written = files.write_changed(batch)

    assert written == [path for path, _ in batch if path != same]
    assert [kind for kind, _ in synced] == ["file"] * 5 + ["directory"] * 2
    assert all(renamed for kind, renamed in synced if kind == "directory")
    assert all(path.read_bytes() == data for path, data in batch)
    assert same.stat().st_ino == inode
    assert not list(tmp_path.rglob("*.tmp"))
