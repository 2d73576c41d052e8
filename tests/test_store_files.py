"""Files written in a batch (#29): each file's data fsynced before its rename, each directory
once at the end; unchanged files untouched."""

from __future__ import annotations

import errno
import os
import stat
import threading
from pathlib import Path

import pytest

from scraper.records import FetchState
from scraper.store import files
from scraper.store.snapshots import SnapshotStore, Writes


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


def test_the_files_of_a_batch_are_written_side_by_side(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Their fsyncs wait together: two files of a batch are being written at the same time."""
    both_writing = threading.Barrier(2, timeout=10)
    real_write = files.write_temporary

    def write_temporary(path: Path, data: bytes) -> Path:
        both_writing.wait()  # broken (an error) unless the other file is being written too
        return real_write(path, data)

    monkeypatch.setattr(files, "write_temporary", write_temporary)
    batch = [(tmp_path / "a.json", b"a"), (tmp_path / "b.json", b"b")]
    assert files.write_changed(batch) == [path for path, _ in batch]
    assert [path.read_bytes() for path, _ in batch] == [b"a", b"b"]


def test_a_write_that_fails_replaces_nothing_of_its_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file that cannot be written (a full disk) stops the batch before its first
    rename: state.json as it was (a page counts as stored, "unchanged" next time, only once
    its snapshot is written), no file half-way, no temporary file left."""
    store = SnapshotStore(tmp_path)
    with store.locked():
        store.commit(Writes(state=FetchState(parser="before")))
    state = (tmp_path / "state.json").read_bytes()
    real_write = files.write_temporary

    def write_temporary(path: Path, data: bytes) -> Path:
        if path.name == "CHANGELOG.md":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real_write(path, data)

    monkeypatch.setattr(files, "write_temporary", write_temporary)
    published = {"CHANGELOG.md": b"# Changes\n", "feed.json": b"{}\n"}
    with store.locked(), pytest.raises(OSError, match="No space left"):
        store.commit(Writes(published=published, state=FetchState(parser="after")))
    assert (tmp_path / "state.json").read_bytes() == state
    assert not (tmp_path / "CHANGELOG.md").exists()
    assert not (tmp_path / "feed.json").exists()  # nothing renamed once a write failed
    assert not list(tmp_path.rglob("*.tmp"))
