"""The command line as a new user meets it (#12): every case runs as a subprocess and is
checked for its exit code, what each stream carries, and that no file changed.

Each case gets a fresh copy of WORLD: `snap/` (snapshots recorded from the saved pages on
2026-08-05), `pages/` (those pages), and a few odd inputs. A case that must not write is
checked byte for byte against the copy it started from.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pty
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import termios
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from scraper import __version__
from scraper.errors import ExitCode

ROOT = Path(__file__).parent.parent
SAVED = ROOT / "examples" / "saved-pages"
# The day the saved pages are recorded under: no earlier than the newest date they give as past
# (the English copy says Claude Opus 4.1 was retired on 2026-08-05), as `run` demands.
BASELINE_DAY = "2026-08-05"
# The day the windows of `upcoming` are read from (a read command takes any day).
WINDOW_DAY = "2026-01-10"
PARSE_FIRST = re.compile(r"^error: .*not records JSON \(a saved page\? run `deprecations parse ")


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Case:
    arguments: list[str]
    code: ExitCode
    stdout: str | re.Pattern[str] | Callable[[str], bool] = ""
    # Each pattern must match one line of stderr, in order; no other line may appear.
    stderr: list[str | re.Pattern[str]] = field(default_factory=list)
    writes: bool = False  # may the case change files in its world?
    stdin: bytes | None = None
    stdin_file: str | None = None  # a file of the world, fed to stdin
    setup: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


def _lock_loop(world: Path) -> None:
    lock = world / "snap" / ".lock"
    lock.unlink(missing_ok=True)
    lock.symlink_to(".lock")


def _big_page(world: Path) -> None:
    rows = "| claude-x-1 | Active |\n" * 300_000  # 7 MB: over the 5 MB cap
    page = "| Model | Status |\n|---|---|\n" + rows
    (world / "big.md").write_text(page, encoding="utf-8")
    (world / "bigdir").mkdir()
    (world / "bigdir" / "en.md").write_text(page, encoding="utf-8")


def _broken_en(world: Path) -> None:
    (world / "broken").mkdir()
    text = (SAVED / "en.md").read_text(encoding="utf-8")
    assert "| Active " in text
    (world / "broken" / "en.md").write_text(text.replace("| Active ", "| Zombie "), "utf-8")


def _changed_en(world: Path) -> None:
    """A copy of the en snapshot in which one replacement changed."""
    text = (world / "snap" / "model-deprecations" / "en.json").read_text(encoding="utf-8")
    (world / "new-en.json").write_text(
        text.replace('"replacement": "claude-opus-4-8"', '"replacement": "claude-opus-5"', 1),
        encoding="utf-8",
    )


def _error(message: str) -> re.Pattern[str]:
    return re.compile("^error: " + message)


USAGE = [re.compile(r"^Usage: deprecations "), re.compile(r"^Try 'deprecations .*--help'")]
OFFLINE_HINT = re.compile(r"^hint: without network, read saved pages instead: .*--from DIR")
PORT = _closed_port()
EN = "snap/model-deprecations/en.json"
ZH_CN = "snap/model-deprecations/zh-CN.json"

CASES: dict[str, Case] = {
    # Streams: problems on stderr (once), data and summaries on stdout.
    "run -q, a rejected page": Case(
        ["run", "-q", "--from", "broken", "--snapshots", "snap", "--as-of", "2026-08-06"],
        ExitCode.REJECTED,
        stderr=[
            _error("en: rejected by the lifecycle-words check: unknown lifecycle word 'Zombie'")
        ],
        setup=_broken_en,
    ),
    "run, connection refused": Case(
        [
            "run",
            "--snapshots",
            "snap",
            "--base-url",
            f"http://127.0.0.1:{PORT}",
            "--locales",
            "en,ja",
            "--as-of",
            "2026-08-06",
        ],
        ExitCode.FETCH_FAILED,
        stderr=[
            _error("(en|ja): fetch failed: markdown: connection refused$"),
            _error("(en|ja): fetch failed: markdown: connection refused$"),
            OFFLINE_HINT,
        ],
    ),
    "run -q, no DNS": Case(
        [
            "run",
            "-q",
            "--snapshots",
            "snap",
            "--base-url",
            "http://docs.invalid",
            "--locales",
            "de",
            "--as-of",
            "2026-08-06",
        ],
        ExitCode.FETCH_FAILED,
        stderr=[
            _error(r"de: fetch failed: markdown: cannot resolve docs\.invalid \(no network\?\)$"),
            OFFLINE_HINT,
        ],
    ),
    # Environment errors: a documented code, checked before anything is written.
    "run, snapshots under a file": Case(
        ["run", "--from", "pages", "--snapshots", "pages/en.md/snap"],
        ExitCode.SNAPSHOTS_UNUSABLE,
        stderr=[_error(r"pages/en\.md/snap: the snapshots directory cannot be written")],
    ),
    "run, report dir under a file": Case(
        [
            "run",
            "--from",
            "pages",
            "--snapshots",
            "snap",
            "--report-dir",
            "pages/en.md/r",
            "--as-of",
            "2026-08-06",
        ],
        ExitCode.USAGE,
        stderr=[_error(r"pages/en\.md/r: the report directory cannot be written")],
    ),
    "run, lock is a symlink loop": Case(
        ["run", "--from", "pages", "--snapshots", "snap", "--as-of", "2026-08-06"],
        ExitCode.SNAPSHOTS_UNUSABLE,
        stderr=[_error(r".*snap/\.lock: Too many levels of symbolic links")],
        setup=_lock_loop,
    ),
    "run, a new snapshots directory is created": Case(
        ["run", "-q", "--from", "pages", "--snapshots", "new/snap", "--as-of", "2026-08-06"],
        ExitCode.OK,
        stdout=re.compile(r"^\d+ changes: locale drift, baseline en, ", re.MULTILINE),
        writes=True,
    ),
    "upcoming --within 3000000d": Case(
        ["upcoming", "--snapshots", "snap", "--within", "3000000d"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--within': 3000000d is too long"), *USAGE],
    ),
    "upcoming --within 99999999999d": Case(
        ["upcoming", "--snapshots", "snap", "--within", "99999999999d"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--within': 99999999999d is too long"), *USAGE],
    ),
    "upcoming --within -5d": Case(
        ["upcoming", "--snapshots", "snap", "--within", "-5d"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--within': '-5d' is not a window"), *USAGE],
    ),
    "upcoming --as-of 9999-12-31": Case(
        ["upcoming", "--snapshots", "snap", "--as-of", "9999-12-31", "--within", "100y"],
        ExitCode.OK,
        stdout="(no models)\n",
        stderr=[re.compile(r"^hint: no firm retirement date from 9999-12-31 to 9999-12-31")],
    ),
    "models --as-of 0001-01-01": Case(
        ["models", "--snapshots", "snap", "--as-of", "0001-01-01"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--as-of': 0001-01-01 is before 2020-01-01"), *USAGE],
    ),
    "models --as-of 2026-02-30": Case(
        ["models", "--snapshots", "snap", "--as-of", "2026-02-30"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--as-of': '2026-02-30' is not a date"), *USAGE],
    ),
    # Inputs that are not what they seem.
    "run --from a directory without pages": Case(
        ["run", "--from", "snap", "--snapshots", "fresh"],
        ExitCode.USAGE,
        stderr=[_error(r"snap: no saved pages \(expected <locale>\.md or <locale>\.html")],
    ),
    "run --as-of before the newest recorded date": Case(
        ["run", "--from", "pages", "--snapshots", "snap", "--as-of", "2025-12-01"],
        ExitCode.USAGE,
        stderr=[
            _error(r"--as-of 2025-12-01 is before 2026-08-05, the newest day in .*events\.json")
        ],
    ),
    "run --as-of in the future": Case(
        ["run", "--from", "pages", "--snapshots", "snap", "--as-of", "9999-12-31"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--as-of': 9999-12-31 is in the future"), *USAGE],
    ),
    "run --locales xx": Case(
        ["run", "--from", "pages", "--snapshots", "snap", "--locales", "en,xx"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--locales': 'xx' is not a docs language"), *USAGE],
    ),
    "diff of two languages": Case(
        ["diff", EN, ZH_CN],
        ExitCode.USAGE,
        stderr=[_error(r".*en\.json is the en page and .*zh-CN\.json the zh-CN page")],
    ),
    "diff of models.json": Case(
        ["diff", "snap/models.json", EN],
        ExitCode.USAGE,
        stderr=[_error(r"snap/models\.json: this is models\.json .*not one language's page")],
    ),
    "diff of a saved page": Case(["diff", "pages/en.md", EN], ExitCode.USAGE, stderr=[PARSE_FIRST]),
    "diff of a missing file": Case(
        ["diff", "nothing.json", EN],
        ExitCode.USAGE,
        stderr=[_error(r"nothing\.json: no such file$")],
    ),
    "diff --exit-code, no change": Case(["diff", "--exit-code", EN, EN], ExitCode.OK),
    "diff --exit-code, a change": Case(
        ["diff", "--exit-code", "--as-of", "2026-08-06", EN, "new-en.json"],
        ExitCode.CHANGES,
        stdout=re.compile(r"^- .*claude-opus-4-1-20250805.*claude-opus-5", re.MULTILINE),
        setup=_changed_en,
    ),
    "diff, stdin": Case(["diff", EN, "-"], ExitCode.OK, stdin_file=EN),
    "diff, both stdin": Case(
        ["diff", "-", "-"], ExitCode.USAGE, stderr=[_error("only one of OLD and NEW can be `-`")]
    ),
    "models --snapshots /nonexistent": Case(
        ["models", "--snapshots", "/nonexistent"],
        ExitCode.USAGE,
        stderr=[_error(r"/nonexistent: no such directory")],
    ),
    "models without models.json": Case(
        ["models", "--snapshots", "pages"],
        ExitCode.SNAPSHOTS_UNUSABLE,
        stderr=[_error(r"pages/models\.json: not there yet: `deprecations run` writes it")],
    ),
    "models --locale xx": Case(
        ["models", "--snapshots", "snap", "--locale", "xx"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--locale': 'xx' is not a docs language"), *USAGE],
    ),
    "models --status nonsense": Case(
        ["models", "--snapshots", "snap", "--status", "deprecated,gone"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--status': gone: not a status"), *USAGE],
    ),
    "parse --locale xx": Case(
        ["parse", "--locale", "xx", "pages/en.md"],
        ExitCode.USAGE,
        stderr=[_error(r"invalid value for '--locale': 'xx' is not a docs language"), *USAGE],
    ),
    "parse -": Case(
        ["parse", "-"],
        ExitCode.OK,
        stdout=re.compile(r'^  "locale": "zh-TW",$', re.MULTILINE),
        stdin=(SAVED / "zh-TW.md").read_bytes(),
    ),
    "parse feed.atom": Case(
        ["parse", "snap/feed.atom"],
        ExitCode.REJECTED,
        stderr=[_error(r"snap/feed\.atom: no model status table found")],
    ),
    "parse README.md": Case(
        ["parse", "pages/README.md"],
        ExitCode.REJECTED,
        stderr=[_error(r"pages/README\.md: no model status table found")],
    ),
    "parse a directory": Case(
        ["parse", "pages"], ExitCode.USAGE, stderr=[_error(r"pages: is a directory, not a file")]
    ),
    # Input size: capped like a download.
    "parse a 7 MB page": Case(
        ["parse", "big.md"],
        ExitCode.USAGE,
        stderr=[_error(r"big\.md: larger than 5 MB")],
        setup=_big_page,
    ),
    "parse - of a 7 MB page": Case(
        ["parse", "-"],
        ExitCode.USAGE,
        stderr=[_error(r"stdin: larger than 5 MB")],
        stdin=b"x" * 7_000_000,
    ),
    "run --from a 7 MB page": Case(
        ["run", "-q", "--from", "bigdir", "--snapshots", "snap", "--as-of", "2026-08-06"],
        ExitCode.FETCH_FAILED,
        stderr=[_error(r"en: fetch failed: en\.md: file too large")],
        setup=_big_page,
    ),
    # Tentative dates and --as-of.
    "upcoming --include-tentative lists passed 'not sooner than' dates": Case(
        ["upcoming", "--snapshots", "snap", "--as-of", "2027-03-01", "--include-tentative"],
        ExitCode.OK,
        stdout=re.compile(r"^claude-opus-4-6 +Active +- +≥ 2027-02-05 +date passed ", re.MULTILINE),
    ),
    "models says 'date passed' for a passed 'not sooner than' date": Case(
        ["models", "--snapshots", "snap", "--as-of", "2027-03-01", "--status", "active"],
        ExitCode.OK,
        stdout=lambda out: "claude-opus-4-6 " in out and "≥ 0 " not in out,
    ),
    "upcoming --as-of reads the status on that date": Case(
        ["upcoming", "--snapshots", "snap", "--as-of", "2026-01-01", "--within", "90d"],
        ExitCode.OK,
        stdout=re.compile(
            r"^claude-3-5-haiku-20241022 +Deprecated +2025-12-19 +2026-02-19 +49 ", re.M
        ),
    ),
    # Small things.
    "-V": Case(["-V"], ExitCode.OK, stdout=f"deprecations, version {__version__}\n"),
    "--within 3m": Case(
        ["upcoming", "--snapshots", "snap", "--within", "3m", "--as-of", WINDOW_DAY],
        ExitCode.OK,
        stdout=lambda out: out.startswith("MODEL "),  # a table: the window holds retirements
    ),
    "--within 1y": Case(
        ["upcoming", "--snapshots", "snap", "--within", "1y", "--as-of", WINDOW_DAY],
        ExitCode.OK,
        stdout=lambda out: out.startswith("MODEL "),  # a table: the window holds retirements
    ),
    # Shell completion, as the README sets it up.
    "bash completion script": Case(
        [],
        ExitCode.OK,
        stdout=re.compile(r"^_deprecations_completion\(\) \{", re.M),
        env={"_DEPRECATIONS_COMPLETE": "bash_source"},
    ),
    "zsh completion script": Case(
        [],
        ExitCode.OK,
        stdout=re.compile(r"^#compdef deprecations", re.M),
        env={"_DEPRECATIONS_COMPLETE": "zsh_source"},
    ),
    "fish completion script": Case(
        [],
        ExitCode.OK,
        stdout=re.compile(r"^function _deprecations_completion;", re.M),
        env={"_DEPRECATIONS_COMPLETE": "fish_source"},
    ),
    "completing a command": Case(
        [],
        ExitCode.OK,
        stdout="plain,models\n",
        env={
            "_DEPRECATIONS_COMPLETE": "bash_complete",
            "COMP_WORDS": "deprecations mo",
            "COMP_CWORD": "1",
        },
    ),
    "an unknown option": Case(
        ["models", "--colour"],
        ExitCode.USAGE,
        stderr=[_error(r"no such option '--colour'"), *USAGE],
    ),
    "an unknown command": Case(
        ["modles"],
        ExitCode.USAGE,
        stderr=[_error(r"no such command 'modles'"), *USAGE],
    ),
}


def _fingerprint(world: Path) -> dict[str, str]:
    return {
        str(path.relative_to(world)): hashlib.sha256(path.read_bytes()).hexdigest()
        if path.is_file()
        else "dir"
        for path in sorted(world.rglob("*"))
        if not path.is_symlink()
    }


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Snapshots recorded from the saved pages, and the pages themselves."""
    world = tmp_path_factory.mktemp("world")
    shutil.copytree(SAVED, world / "pages")
    completed = deprecations(
        world, ["run", "-q", "--from", "pages", "--snapshots", "snap", "--as-of", BASELINE_DAY]
    )
    assert completed.returncode == 0, completed.stderr
    return world


def deprecations(
    world: Path, arguments: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "COLUMNS": "200", **(env or {})}
    environment.pop("NO_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "scraper", *arguments],
        cwd=world,
        input=stdin,
        capture_output=True,
        env=environment,
        check=False,
        timeout=120,
    )


def _stdout_matches(expected: str | re.Pattern[str] | Callable[[str], bool], out: str) -> bool:
    if isinstance(expected, str):
        return out == expected
    if isinstance(expected, re.Pattern):
        return expected.search(out) is not None
    return expected(out)


@pytest.mark.slow
@pytest.mark.parametrize("name", CASES)
def test_cli_case(name: str, template: Path, tmp_path: Path) -> None:
    """The case's exit code, its stdout, one stderr line per expected pattern, files kept."""
    case = CASES[name]
    world = tmp_path / "world"
    shutil.copytree(template, world, symlinks=True)
    if case.setup is not None:
        case.setup(world)
    before = _fingerprint(world)
    stdin = (world / case.stdin_file).read_bytes() if case.stdin_file else case.stdin
    completed = deprecations(world, case.arguments, stdin, case.env)
    out, err = completed.stdout.decode(), completed.stderr.decode()
    assert "Traceback" not in out + err and "internal error" not in out + err
    assert completed.returncode == case.code, err
    assert _stdout_matches(case.stdout, out), out
    lines = err.splitlines()
    assert len(lines) == len(case.stderr), err
    for line, pattern in zip(lines, case.stderr, strict=True):
        assert re.search(pattern, line), (pattern, line)
    if not case.writes:
        assert _fingerprint(world) == before


def _as_nobody() -> list[str]:
    """Root writes anywhere: run as `nobody` to meet a read-only directory as users do."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only directory cannot be tried")
    return [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]


@pytest.mark.slow
def test_read_only_snapshots_stop_the_run_before_anything_is_written(template: Path) -> None:
    """A snapshots directory the user cannot write: exit 5, one line, nothing changed."""
    base = Path(tempfile.mkdtemp(prefix="deprecations-ro-"))
    try:
        world = base / "world"
        shutil.copytree(template, world)
        for path in [base, *world.rglob("*"), world]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        before = _fingerprint(world)
        command = [*_as_nobody(), sys.executable, "-m", "scraper", "run", "--from", "pages"]
        completed = subprocess.run(
            [*command, "--snapshots", "snap", "--as-of", "2026-08-06"],
            cwd=world,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        assert (completed.returncode, completed.stdout) == (ExitCode.SNAPSHOTS_UNUSABLE, "")
        assert completed.stderr == (
            "error: snap: the snapshots directory cannot be written (Permission denied)\n"
        )
        assert _fingerprint(world) == before
    finally:
        for path in base.rglob("*"):
            path.chmod(0o755)
        shutil.rmtree(base)


@pytest.mark.slow
def test_a_full_disk_is_one_line_and_exit_5(template: Path, tmp_path: Path) -> None:
    """No space left: exit 5 and the reason, not a traceback (a 64 kB tmpfs, when root)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here")
    try:
        arguments = ["run", "-q", "--from", "pages", "--snapshots", str(disk / "snap")]
        completed = deprecations(template, [*arguments, "--as-of", "2026-08-06"])
    finally:
        subprocess.run(["umount", str(disk)], check=True)
    assert completed.returncode == ExitCode.SNAPSHOTS_UNUSABLE
    assert completed.stderr.decode() == f"error: {disk / 'snap'}: No space left on device\n"


@pytest.mark.slow
def test_a_bug_exits_70_and_names_the_file_holding_its_traceback(tmp_path: Path) -> None:
    """An exception nobody foresaw: one line on stderr, exit 70, the traceback in a file."""
    crash = (
        "import sys, scraper.commands.schema as schema\n"
        "def boom(*args, **kwargs): raise ValueError('a planted bug')\n"
        "schema.command.callback = boom\n"
        "from scraper.cli import main\n"
        "main(['schema'])\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", crash],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
    )
    assert (completed.returncode, completed.stdout) == (ExitCode.BUG, "")
    (line,) = completed.stderr.splitlines()
    match = re.fullmatch(
        r"error: internal error \(ValueError: a planted bug\); this is a bug: the traceback is "
        r"in (\S+); please report it at \S+/issues",
        line,
    )
    assert match is not None, line
    saved = Path(match[1])
    assert saved.parent == tmp_path
    assert "Traceback" in saved.read_text() and "a planted bug" in saved.read_text()


@pytest.mark.slow
def test_a_closed_pipe_is_not_an_error(template: Path) -> None:
    """`models | head -1`: the reader leaves early; exit 0 and nothing on stderr."""
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", "models", "--snapshots", "snap", "--format", "json"],
        cwd=template,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert process.stderr.read() == b""


def _on_a_terminal(
    template: Path, arguments: list[str], env: dict[str, str], *, hint: bool = True
) -> str:
    """The command's stdout as a 60-column terminal shows it (and stderr's hint, if any)."""
    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 60, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR")}
    process = subprocess.Popen(
        [sys.executable, "-m", "scraper", *arguments],
        cwd=template,
        stdout=terminal,
        stderr=subprocess.PIPE,
        env={**environment, "TERM": "xterm-256color", **env},
    )
    os.close(terminal)
    chunks = []
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(controller)
    assert process.wait(timeout=60) == 0
    assert process.stderr is not None
    assert process.stderr.read().startswith(b"hint: ") if hint else True
    return b"".join(chunks).decode().replace("\r\n", "\n")


@pytest.mark.slow
def test_a_narrow_terminal_leaves_columns_out_never_breaks_an_id(template: Path) -> None:
    """At 60 columns every id, word and date stays whole and every line fits; colours only
    without NO_COLOR, and NO_COLOR removes every style (bold headers too)."""
    arguments = ["models", "--snapshots", "snap", "--locale", "zh-TW", "--status", "retired"]
    colour = re.compile(r"\x1b\[(?:\d+;)*3\d")  # a foreground colour
    assert colour.search(_on_a_terminal(template, arguments, {}))
    plain = _on_a_terminal(template, arguments, {"NO_COLOR": "1"})
    assert "\x1b" not in plain
    index = json.loads((template / "snap" / "models.json").read_text(encoding="utf-8"))
    retired = [model for model in index["models"] if model["status"] == "retired"]
    lines = plain.splitlines()
    assert max(len(line) for line in lines) <= 60
    for model in retired:
        row = next(line for line in lines if line.startswith(model["model"] + " "))
        assert "已停用" in row and (model["retires_on"] or "-") in row
    assert "…" not in plain


@pytest.mark.slow
def test_a_terminal_too_narrow_for_a_table_gets_blocks_styled_only_without_no_color(
    template: Path,
) -> None:
    """A Bedrock id and its model are wider than 60 columns together: one block per id,
    every line within the terminal, coloured on a terminal and plain under NO_COLOR."""
    bedrock_id = "us.anthropic.claude-3-5-haiku-20241022-v1:0"
    arguments = ["resolve", bedrock_id, "--snapshots", "snap"]
    coloured = _on_a_terminal(template, arguments, {}, hint=False)
    plain = _on_a_terminal(template, arguments, {"NO_COLOR": "1"}, hint=False)
    assert "\x1b[1m" in coloured and "\x1b" not in plain
    lines = plain.splitlines()
    assert lines[0] == bedrock_id
    assert [line.split()[0] for line in lines[1:]] == [
        "MODEL", "PLATFORM", "STATUS", "PLATFORM", "RETIRES", "REPLACEMENT",
    ]  # fmt: skip
    assert max(len(line) for line in lines) <= 60
