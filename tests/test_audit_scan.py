"""The audit's pieces alone: whole-token matching, notebooks, and the file walk's ignore rules."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from collections import Counter
from pathlib import Path
from types import FrameType

import pytest

from scraper.answers.audit.reading import read_file, read_files
from scraper.answers.audit.scan import scan_line, scan_notebook, scan_text
from scraper.answers.audit.walk import git_files, walk_files
from scraper.answers.data import parse_index
from scraper.answers.resolve import Resolver
from tests.conftest import FIXTURES

RESOLVER = Resolver.from_index(
    parse_index((FIXTURES / "audit" / "models.json").read_bytes(), "the audit fixture")
)


def _found(line: str) -> list[tuple[int, str, str]]:
    return [
        (column, text, answer.model) for column, text, answer in scan_line(line, RESOLVER.resolve)
    ]


@pytest.mark.parametrize(
    "line",
    [
        "npm i -g @anthropic-ai/claude-code",
        "the claude-3 family, claude-3-family, claude-3.5 and Claude 3.5 Sonnet",
        "see my-claude-2.1-notes and claude-2.1-notes and notes-claude-2.1",
        "claude-opus-4-3 claude-3-5-sonnet-2024062 claude-opus-4-1-2025 claude-haiku-latest",
        "foo/claude-2.1x poetools/claude-code anthropic/claude-code ~anthropic/claude-opus-latest",
        "claude_2.1 claude-2.1_x x_claude-2.1 claude-2.10 claude-2.1.3 Claude-2.1",
        "anthropic.claude-2.1x-v1:0 xanthropic.claude-3-opus-20240229-v1:0",
        "claude-3-opus@2024022 claude-3-opus@20241399",
        "https://example.com/claude-2.1-announcement",
        "claude_client = make(); claude_3_opus = 1; CLAUDE_API_KEY=x; ClaudeModel.OPUS",
        "Model.CLAUDE_2_1X self.claude-2.1 xx.anthropic.claude-3-opus-20240229-v1:0",
        "",
    ],
)
def test_look_alikes_are_not_hits(line: str) -> None:
    """An id inside a longer word, a family name, a near miss: no hit."""
    assert _found(line) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('model="claude-2.1"', [(7, "claude-2.1", "claude-2.1")]),
        ("Use claude-2.1.", [(4, "claude-2.1", "claude-2.1")]),
        (
            "(claude-2.1), [claude-2.1]",
            [(1, "claude-2.1", "claude-2.1"), (15, "claude-2.1", "claude-2.1")],
        ),
        ("MODEL=claude-2.1;", [(6, "claude-2.1", "claude-2.1")]),
        ("`claude-3-opus-latest`", [(1, "claude-3-opus-latest", "claude-3-opus-20240229")]),
        (
            "bedrock/us.anthropic.claude-3-opus-20240229-v1:0",
            [(0, "bedrock/us.anthropic.claude-3-opus-20240229-v1:0", "claude-3-opus-20240229")],
        ),
        (
            'Agent("anthropic:claude-4-sonnet"), openrouter/anthropic/claude-3.5-haiku:beta.',
            [
                (7, "anthropic:claude-4-sonnet", "claude-sonnet-4-20250514"),
                (36, "openrouter/anthropic/claude-3.5-haiku:beta", "claude-3-5-haiku-20241022"),
            ],
        ),
        (
            "unknown/claude-3-opus-20240229 claude-3-opus claude-2",
            [
                (8, "claude-3-opus-20240229", "claude-3-opus-20240229"),
                (31, "claude-3-opus", "claude-3-opus-20240229"),
            ],
        ),
        (
            "/model/anthropic.claude-3-opus-20240229-v1%3A0/invoke",
            [(7, "anthropic.claude-3-opus-20240229-v1%3A0", "claude-3-opus-20240229")],
        ),
        (
            "models/anthropic.claude-3-opus-20240229-v1%3A0",
            [(7, "anthropic.claude-3-opus-20240229-v1%3A0", "claude-3-opus-20240229")],
        ),
        (
            "claude-2.1 claude-2.1",
            [(0, "claude-2.1", "claude-2.1"), (11, "claude-2.1", "claude-2.1")],
        ),
        ("«claude-2.1»", [(1, "claude-2.1", "claude-2.1")]),
        (
            ".model(Model.CLAUDE_3_OPUS_20240229)",
            [(13, "CLAUDE_3_OPUS_20240229", "claude-3-opus-20240229")],
        ),
        ('MODEL = "CLAUDE-2.1"', [(9, "CLAUDE-2.1", "claude-2.1")]),
        (
            "llm = LLM('perplexity/anthropic/claude-3-opus-20240229')",
            [(11, "perplexity/anthropic/claude-3-opus-20240229", "claude-3-opus-20240229")],
        ),
    ],
)
def test_ids_in_punctuation_paths_and_urls(line: str, expected: list[tuple[int, str, str]]) -> None:
    """Quotes, brackets, sentence ends, routing prefixes and URL-encoding around an id."""
    assert _found(line) == expected


def test_a_token_longer_than_any_id_is_read_only_where_an_id_fits() -> None:
    """A crafted token of thousands of paths finds the id at its end, and nothing in a run of
    characters no id is that long."""
    line = "claude/" * 5000 + "claude-2.1 " + "claude-" + "a-" * 5000
    assert _found(line) == [(35000, "claude-2.1", "claude-2.1")]


def test_scan_text_counts_lines_and_columns_in_characters() -> None:
    """Line numbers from 1; columns from 1 in characters, wide characters counting one."""
    hits = scan_text("第一行\n模型：claude-2.1\r\nx claude-2.1\n", RESOLVER.resolve)

    assert [(hit.line, hit.column, hit.text) for hit in hits] == [
        (2, 4, "claude-2.1"),
        (3, 3, "claude-2.1"),
    ]


def test_notebook_reports_sources_not_outputs_at_the_files_own_lines() -> None:
    """Cell sources only; each hit at its line and column in the .ipynb file, with its cell."""
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "source": ['x = "a \\"q\\" claude-2.1"\n', "y = 1"],
                "outputs": [{"output_type": "stream", "text": ["claude-3-opus-20240229\n"]}],
            },
            {"cell_type": "markdown", "source": "We used claude-3-opus-20240229."},
        ],
        "nbformat": 4,
    }
    text = json.dumps(notebook, indent=1)

    hits = scan_notebook(text, RESOLVER.resolve)

    lines = text.splitlines()
    assert hits is not None
    located = [(h.cell, h.text, lines[h.line - 1][h.column - 1 :][: len(h.text)]) for h in hits]
    assert located == [
        (1, "claude-2.1", "claude-2.1"),
        (2, "claude-3-opus-20240229", "claude-3-opus-20240229"),
    ]


def test_a_file_named_ipynb_that_is_not_a_notebook_is_plain_text() -> None:
    """Not JSON, or JSON without cells: None, so the caller scans it as text."""
    assert scan_notebook("claude-2.1", RESOLVER.resolve) is None
    assert scan_notebook('{"model": "claude-2.1"}', RESOLVER.resolve) is None


def test_read_file_skips_binary_large_links_and_directories(tmp_path: Path) -> None:
    """NUL in the first 8 KiB is binary; over the cap is too large; links are not followed."""
    (tmp_path / "text").write_bytes(b"x" * 9000 + b"\0")
    (tmp_path / "binary").write_bytes(b"\x89PNG\0")
    (tmp_path / "big").write_bytes(b"x" * 11)
    (tmp_path / "link").symlink_to(tmp_path / "text")
    (tmp_path / "dir").mkdir()

    assert read_file(tmp_path / "text") == b"x" * 9000 + b"\0"
    assert read_file(tmp_path / "binary") == "binary"
    assert read_file(tmp_path / "big", cap=10) == "too large"
    assert read_file(tmp_path / "big", cap=11) == b"x" * 11
    assert read_file(tmp_path / "link") == "symbolic link"
    assert read_file(tmp_path / "dir") == "unreadable"
    assert read_file(tmp_path / "missing") == "unreadable"


def test_read_files_reads_each_file_as_read_file_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What reading some files found is what read_file says of each: relative and absolute
    paths, a directory reached through a link, a link itself, a missing directory, a FIFO;
    the bytes kept only for files naming the anchor, in either case code writes it."""
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "ids.py").write_text('MODEL = "claude-2.1"\n')
    (tmp_path / "a" / "b" / "CONST.java").write_text("Model.CLAUDE_2_1\n")
    (tmp_path / "a" / "b" / "plain.txt").write_text("Claude 2.1, in prose\n")
    (tmp_path / "a" / "binary").write_bytes(b"claude\0")
    (tmp_path / "through").symlink_to(tmp_path / "a")
    (tmp_path / "link.py").symlink_to(tmp_path / "a" / "b" / "ids.py")
    os.mkfifo(tmp_path / "a" / "pipe")
    monkeypatch.chdir(tmp_path)
    paths = [
        "link.py",
        "a/b/ids.py",
        str(tmp_path / "a" / "b" / "CONST.java"),
        "a/b/plain.txt",
        "through/b/ids.py",
        "a/binary",
        "a/pipe",
        "missing/file.py",
        "a/b/",
        str(tmp_path / "a" / "b" / "ids.py"),
    ]

    read = read_files(paths)

    alone = [read_file(path) for path in paths]
    assert read.skipped == Counter(data for data in alone if isinstance(data, str))
    assert read.skipped == {"symbolic link": 1, "binary": 1, "unreadable": 3}
    assert (read.scanned, read.size) == (5, sum(len(d) for d in alone if isinstance(d, bytes)))
    assert [path for path, _ in read.named] == [paths[1], paths[2], paths[4], paths[9]]
    assert [data for _, data in read.named] == [alone[1], alone[2], alone[4], alone[9]]


@pytest.mark.parametrize("size", [0, 1, 65535, 65536, 65537, 200_000])
def test_read_file_reads_every_size_whole(tmp_path: Path, size: int) -> None:
    """Below, at and above what one read asks for, a file is read to its last byte."""
    content = bytes(ord("a") + index % 26 for index in range(size))
    (tmp_path / "file").write_bytes(content)
    assert read_file(tmp_path / "file") == content
    assert read_file(tmp_path / "file", cap=size + 1) == content
    assert read_file(tmp_path / "file", cap=max(size - 1, 0)) == ("too large" if size else b"")


def _never_returned(signum: int, frame: FrameType | None) -> None:
    raise AssertionError("read_file waited for a writer")


def test_read_file_never_waits_on_a_fifo(tmp_path: Path) -> None:
    """A named pipe in the tree (or named on the command line) is unreadable at once: opened
    for reading, it would wait for a writer forever."""
    os.mkfifo(tmp_path / "pipe")
    previous = signal.signal(signal.SIGALRM, _never_returned)
    signal.alarm(10)
    try:
        assert read_file(tmp_path / "pipe") == "unreadable"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


IGNORE_CASES = {
    ".gitignore": "*.log\n/top-only.txt\ndocs/*.md\n!docs/keep.md\nout/\n\\#hash.txt\n",
    "a/.gitignore": "!important.log\nlocal.txt\n/anchored.txt\n",
    "a/b/.gitignore": "*.txt\n!keep.txt\n",
}
FILES = [
    "x.log",  # ignored
    "top-only.txt",  # ignored (anchored)
    "a/top-only.txt",  # kept: /top-only.txt is anchored to the root
    "docs/readme.md",  # ignored
    "docs/keep.md",  # re-included
    "docs/sub/deep.md",  # kept: docs/*.md does not cross /
    "out/file.py",  # ignored directory
    "a/out/file.py",  # ignored: out/ matches at any depth
    "#hash.txt",  # ignored (escaped #)
    "a/important.log",  # re-included by the nested file
    "a/other.log",  # ignored by the parent's rule
    "a/local.txt",  # ignored
    "a/b/local.txt",  # ignored by a/.gitignore (unanchored)
    "a/anchored.txt",  # ignored
    "a/b/anchored.txt",  # ignored by a/b's *.txt
    "a/b/keep.txt",  # re-included
    "a/b/code.py",  # kept
    "plain.py",  # kept
]


def _make(root: Path) -> None:
    for name, text in IGNORE_CASES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    for name in FILES:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")


def test_nested_gitignore_rules_match_git(tmp_path: Path) -> None:
    """The .gitignore walk chooses exactly the files `git ls-files` does on the same tree."""
    _make(tmp_path)
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)

    walked = sorted(Path(path).relative_to(tmp_path).as_posix() for path in walk_files(tmp_path))
    listed = git_files(tmp_path)

    assert listed is not None
    assert walked == sorted(Path(path).relative_to(tmp_path).as_posix() for path in listed)
    assert [name for name in walked if not name.endswith(".gitignore")] == sorted(
        [
            "a/top-only.txt",
            "docs/keep.md",
            "docs/sub/deep.md",
            "a/important.log",
            "a/b/keep.txt",
            "a/b/code.py",
            "plain.py",
        ]
    )


def test_git_files_is_none_outside_a_work_tree(tmp_path: Path) -> None:
    """Outside git (or with git refusing), the .gitignore walk is used instead."""
    env_dir = tmp_path / "not-a-repo"
    env_dir.mkdir()
    os.environ["GIT_CEILING_DIRECTORIES"] = str(tmp_path)
    try:
        assert git_files(env_dir) is None
    finally:
        del os.environ["GIT_CEILING_DIRECTORIES"]


def test_environments_and_vendored_code_are_skipped_by_any_name_but_the_root(
    tmp_path: Path,
) -> None:
    """A directory with `pyvenv.cfg` or `conda-meta` at its top is an environment whatever its
    name, and `node_modules`, `vendor`, ... are skipped by name, in the walk and in git's
    listing alike; the directory the user names is read even when it is one; a broken link
    named `pyvenv.cfg` marks nothing."""
    for name in [
        "src/app.py",
        "env/pyvenv.cfg",
        "env/lib/x.py",
        "conda/conda-meta/history",
        "conda/x.py",
        "node_modules/a.js",
        "pkg/vendor/b.go",
        "broken/x.py",
    ]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "broken" / "pyvenv.cfg").symlink_to(tmp_path / "nowhere")

    def relative(paths: list[str] | None, root: Path) -> list[str]:
        assert paths is not None
        return sorted(Path(path).relative_to(root).as_posix() for path in paths)

    expected = ["broken/pyvenv.cfg", "broken/x.py", "src/app.py"]
    assert relative(walk_files(tmp_path), tmp_path) == expected
    assert relative(walk_files(tmp_path / "env"), tmp_path / "env") == ["lib/x.py", "pyvenv.cfg"]
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True, env=env)
    assert relative(git_files(tmp_path), tmp_path) == expected


def test_git_is_asked_only_where_a_repository_can_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a `.git` in the directory or above it, the listing is the walk's without
    starting git; GIT_DIR names a repository from anywhere, as it does for git."""
    plain, repository = tmp_path / "plain", tmp_path / "repository"
    plain.mkdir()
    (plain / "a.py").write_text("x")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", str(repository)], check=True, env=env)
    monkeypatch.delenv("GIT_DIR", raising=False)

    def no_git(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"git started: {args}")

    with monkeypatch.context() as patched:
        patched.setattr(subprocess, "run", no_git)
        assert git_files(plain) is None
    monkeypatch.setenv("GIT_DIR", str(repository / ".git"))
    monkeypatch.setenv("GIT_WORK_TREE", str(plain))
    assert git_files(plain) == [str(plain / "a.py")]
