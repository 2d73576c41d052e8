"""The sections of `run_all.py`: each measures one cost and returns its figures."""

from __future__ import annotations

import compileall
import contextlib
import hashlib
import io
import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.common import (
    PAGES,
    ROOT,
    Figure,
    all_saved_languages,
    command_cpu_seconds,
    command_seconds,
    deprecations_command,
    median_seconds,
    peak_memory_mb,
)

SNAPSHOTS = ROOT / "snapshots"
RELATED = ROOT / "tests" / "fixtures" / "related"
DELAY = 0.2


def _has_command(name: str) -> bool:
    return (
        subprocess.run(
            [*deprecations_command(), name, "--help"], capture_output=True, check=False
        ).returncode
        == 0
    )


def _ten_file_tree(directory: Path) -> Path:
    for index in range(10):
        (directory / f"module_{index}.py").write_text(
            f'MODEL = "claude-3-5-haiku-20241022"  # file {index}\nprint(MODEL)\n'
        )
    return directory


_MCP_INITIALIZE = (
    b'{"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"protocolVersion": '
    b'"2025-11-25", "capabilities": {}, "clientInfo": {"name": "benchmark", "version": "1"}}}\n'
)
_MCP_DISCOVER = (
    b'{"jsonrpc": "2.0", "id": 1, "method": "server/discover", "params": {"_meta": {'
    b'"io.modelcontextprotocol/protocolVersion": "2026-07-28", '
    b'"io.modelcontextprotocol/clientCapabilities": {}, '
    b'"io.modelcontextprotocol/clientInfo": {"name": "benchmark", "version": "1"}}}}\n'
)
_MCP_TOOL_CALL = _MCP_INITIALIZE + (
    b'{"jsonrpc": "2.0", "method": "notifications/initialized"}\n'
    b'{"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": '
    b'"resolve_model_ids", "arguments": {"ids": ["claude-3-5-sonnet-20241022"]}}}\n'
)


def _has_mcp_sdk() -> bool:
    """`deprecations mcp` runs in this environment (the `mcp` extra is installed)."""
    completed = subprocess.run(
        [*deprecations_command(), "mcp"], input=b"", capture_output=True, check=False
    )
    return completed.returncode == 0


def _cpu_so_far(pid: int) -> float | None:
    """The CPU time a running process has used, every thread's (Linux's schedstat, in ns)."""
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
        return sum(int((task / "schedstat").read_text().split()[0]) for task in tasks) / 1e9
    except (OSError, ValueError, IndexError):
        return None


def _to_answer(command: list[str], requests: bytes, answers: int) -> tuple[float, float]:
    """Wall and CPU seconds from spawning `command` to its `answers`-th line on stdout (or
    its end): a server's time to answer, however much it goes on to do after. The CPU is
    read from the kernel as the line arrives (a little late: never in the server's favour);
    for a process that has ended by then, from its accounting once reaped."""
    environment = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    assert process.stdin is not None and process.stdout is not None
    with contextlib.suppress(BrokenPipeError):
        process.stdin.write(requests)
        process.stdin.flush()
    for _ in range(answers):
        process.stdout.readline()
    wall = time.perf_counter() - started
    cpu = _cpu_so_far(process.pid)
    with contextlib.suppress(BrokenPipeError):
        process.stdin.close()
    process.stdout.read()
    process.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is None:
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def mcp_answers(requests: bytes, answers: int, runs: int = 11) -> dict[str, float]:
    """Median wall and CPU seconds of `deprecations mcp` to its `answers`-th answer, and of
    `python -c pass` measured the same way (spawn to its end), interleaved run by run."""
    server = [*deprecations_command(), "mcp", "--snapshots", str(SNAPSHOTS)]
    measured: dict[str, list[float]] = {}
    for _ in range(runs):
        for name, (wall, cpu) in (
            ("python", _to_answer([sys.executable, "-c", "pass"], b"", 1)),
            ("mcp", _to_answer(server, requests, answers)),
        ):
            measured.setdefault(f"{name} wall", []).append(wall)
            measured.setdefault(f"{name} cpu", []).append(cpu)
    return {name: statistics.median(times) for name, times in measured.items()}


def _compile_package() -> None:
    """The package's bytecode, as `pip install` writes it: without it (a source tree where
    PYTHONDONTWRITEBYTECODE is set, as on the development machine) every start compiles the
    modules it imports, which no installed command does."""
    compileall.compile_dir(ROOT / "scraper", quiet=1)


def startup() -> list[Figure]:
    """Cold start of each command (CPU time) against `python -c pass`, interleaved."""
    _compile_package()
    command = deprecations_command()
    snapshots = ["--snapshots", str(SNAPSHOTS)]
    with tempfile.TemporaryDirectory() as tree:
        cases: list[tuple[str, list[str], float]] = [
            ("--version", ["--version"], 3),
            ("--help", ["--help"], 3),
            ("models", ["models", *snapshots], 6),
            ("upcoming", ["upcoming", *snapshots], 6),
        ]
        if _has_command("resolve"):
            cases.append(("resolve", ["resolve", "claude-opus-4-1", *snapshots], 6))
        if _has_command("audit"):
            cases.append(("audit (10 files)", ["audit", str(_ten_file_tree(Path(tree)))], 6))
        times = command_cpu_seconds(
            [[sys.executable, "-c", "pass"], *([*command, *args] for _, args, _ in cases)]
        )
    baseline, *rest = times
    figures = [
        Figure(f"cold start (CPU): {name}", seconds, baseline, "s", target, "python -c pass")
        for (name, _, target), seconds in zip(cases, rest, strict=True)
    ]
    return figures + (_mcp_first_answers() if _has_mcp_sdk() else [])


def _mcp_first_answers() -> list[Figure]:
    """`deprecations mcp` from its spawn to its answer to a client's first request, whatever
    it goes on to do: `initialize` (CPU and wall), and `server/discover`, with which clients
    of the 2026-07-28 protocol (the SDK's own) start."""
    figures = []
    for request, kinds in ((_MCP_INITIALIZE, ("CPU", "wall")), (_MCP_DISCOVER, ("CPU",))):
        first = mcp_answers(request, 1)
        method = "" if request is _MCP_INITIALIZE else " (server/discover)"
        figures += [
            Figure(
                f"cold start ({kind}): mcp: first answer{method}",
                first[f"mcp {kind.lower()}"],
                first[f"python {kind.lower()}"],
                "s",
                6,
                "python -c pass",
            )
            for kind in kinds
        ]
    return figures


def parse() -> list[Figure]:
    """Parse + extract of every saved page against the parsing library alone: markdown-it-py
    for Markdown, lxml's HTML parser (which the HTML reader uses directly) for HTML."""
    from lxml import html as lxml_html

    from scraper.read.extract import read_page
    from scraper.read.markdown import markdown_parser, render_html

    columns: list[list[float]] = [[], [], [], []]
    for page in sorted(PAGES.glob("*.md")):
        text = page.read_text(encoding="utf-8")
        html = render_html(text).encode()
        for column, function in zip(
            columns,
            (
                partial(markdown_parser().parse, text),
                partial(read_page, text.encode(), page_format="markdown"),
                partial(lxml_html.document_fromstring, html),
                partial(read_page, html, page_format="html"),
            ),
            strict=True,
        ):
            column.append(median_seconds(function, runs=7))
    library_md, ours_md, library_html, ours_html = (statistics.mean(c) for c in columns)
    return [
        Figure("parse a page: Markdown", ours_md, library_md, "s", 2, "markdown-it-py alone"),
        Figure("parse a page: HTML", ours_html, library_html, "s", 2, "lxml.html alone"),
    ]


_PARSE_ONLY = """
import sys
from pathlib import Path
from scraper.read.extract import read_page
for page in sorted(Path(sys.argv[1]).glob("*.md")):
    read_page(page.read_bytes(), page_format="markdown")
"""


def offline_run() -> list[Figure]:
    """`run --from` over every saved language into an empty snapshots directory, against a
    process that only imports the parser and parses the same pages."""
    with tempfile.TemporaryDirectory() as scratch:
        pages = all_saved_languages(Path(scratch) / "pages")
        runs = [Path(scratch) / f"snapshots-{index}" for index in range(4)]
        run = [*deprecations_command(), "run", "--from", str(pages), "-q", "--snapshots"]
        # Each run needs an empty directory, so each is timed once; a baseline beside each run
        # (medians of both) so that a busy moment of the machine slows them alike.
        parse_only = [sys.executable, "-c", _PARSE_ONLY, str(pages)]
        walls = command_seconds(
            [command for d in runs for command in (parse_only, [*run, str(d)])], runs=1
        )
        baseline_wall, run_wall = statistics.median(walls[0::2]), statistics.median(walls[1::2])
        parse_memory = peak_memory_mb([sys.executable, "-c", _PARSE_ONLY, str(pages)])
        run_memory = peak_memory_mb([*run, str(Path(scratch) / "snapshots-memory")])
        languages = len(list(pages.glob("*.md")))
    return [
        Figure(
            f"full offline run, {languages} languages: wall",
            run_wall,
            baseline_wall,
            "s",
            2,
            "import + parse only",
        ),
        Figure(
            f"full offline run, {languages} languages: peak memory",
            run_memory,
            parse_memory,
            "MB",
            1.5,
            "import + parse only",
        ),
    ]


class _Counts:
    def __init__(self) -> None:
        self.statuses: list[int] = []
        self.lock = threading.Lock()

    def add(self, status: int) -> None:
        with self.lock:
            self.statuses.append(status)

    def take(self) -> list[int]:
        with self.lock:
            taken, self.statuses = self.statuses, []
        return taken


def _served_pages() -> dict[str, bytes]:
    """Every language's page and every related page at its docs path."""
    from scraper.fetch.sources import LOCALES, RELATED_PAGES, page_url

    saved = {page.stem: page for page in (ROOT / "examples" / "saved-pages").glob("*.md")}
    saved |= {page.stem: page for page in (ROOT / "tests" / "fixtures" / "synthetic").glob("*.md")}
    english = saved["en"].read_bytes()
    pages = {
        f"/docs/{locale}/about-claude/model-deprecations.md": (
            saved[locale].read_bytes() if locale in saved else english
        )
        for locale in LOCALES
    }
    pages |= {
        urlsplit(page_url(page.name)).path + ".md": (RELATED / f"{page.name}.md").read_bytes()
        for page in RELATED_PAGES
    }
    return pages


_STATUSES = "/benchmark/statuses"  # the answers' statuses so far (and forgotten), as JSON


def _serve_slowly(delay: float, ready: int) -> None:
    """The docs on 127.0.0.1, each answer `delay` seconds late, with ETags and 304s; its
    address written to the pipe `ready`. Runs in a process of its own until killed."""
    pages = _served_pages()
    counts = _Counts()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body in two writes: no 40 ms delayed ACK

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == _STATUSES:
                self.answer(200, json.dumps(counts.take()).encode(), {})
                return
            time.sleep(delay)
            body = pages.get(path)
            if body is None:
                counts.add(404)
                self.send_error(404)
                return
            etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            status = 304 if self.headers.get("If-None-Match") == etag else 200
            counts.add(status)
            self.answer(status, body if status == 200 else b"", {"ETag": etag})

        def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if status == 200:
                self.send_header("Content-Type", "text/markdown; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Keep the report to its figures."""

    class Server(ThreadingHTTPServer):
        request_queue_size = 64  # the default 5 drops SYNs when all languages connect at once
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    os.write(ready, f"http://127.0.0.1:{server.server_address[1]}".encode())
    os.close(ready)
    server.serve_forever()


@contextmanager
def _slow_server(delay: float) -> Iterator[str]:
    """`_serve_slowly` in a process of its own: a server in the run's process would take
    turns with the run for the GIL (its threads wake, parse and answer), which a real
    docs server never does."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the server: never returns
        try:
            os.close(read_end)
            _serve_slowly(delay, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as ready:
        base_url = ready.read().decode()
    try:
        yield base_url
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _statuses(base_url: str) -> list[int]:
    """The statuses the server answered since it was last asked."""
    from urllib.request import urlopen

    with urlopen(base_url + _STATUSES) as answer:
        statuses: list[int] = json.loads(answer.read())
    return statuses


def _run_in_process(*arguments: str) -> None:
    from scraper.cli import cli

    with (
        contextlib.redirect_stdout(io.StringIO()),
        contextlib.redirect_stderr(io.StringIO()),
        contextlib.suppress(SystemExit),  # the run's exit status is not the figure
    ):
        cli.main(["run", "-q", *arguments], standalone_mode=False)


def _file_times(directory: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in directory.rglob("*") if path.is_file()}


def _new_parser(snapshots: Path) -> None:
    """Make the stored state say another parser wrote it: the next run sends no validators
    and reads every page again (as after an upgrade), finding the same records."""
    state = snapshots / "state.json"
    data = json.loads(state.read_text(encoding="utf-8"))
    data["parser"] = "an-older-parser"
    state.write_text(json.dumps(data), encoding="utf-8")


def server_run() -> list[Figure]:
    """A full run against a local server that delays every answer; a second run with
    nothing changed (how many files it writes, how many answers were 304); and a run that
    reads every page again and finds nothing to confirm.

    A first run's changes are all confirmed by a second copy of each page, fetched as soon
    as the first is read: its floor is two round trips, shown by a figure of its own."""
    with _slow_server(DELAY) as base_url, tempfile.TemporaryDirectory() as scratch:
        _run_in_process("--base-url", base_url, "--snapshots", str(Path(scratch) / "warm"))
        walls = []
        for index in range(5):
            snapshots = str(Path(scratch) / f"run-{index}")
            started = time.perf_counter()
            _run_in_process("--base-url", base_url, "--snapshots", snapshots)
            walls.append(time.perf_counter() - started)
        again = Path(scratch) / "run-0"
        before = _file_times(again)
        _statuses(base_url)
        started = time.perf_counter()
        _run_in_process("--base-url", base_url, "--snapshots", str(again))
        second_wall = time.perf_counter() - started
        written = sum(1 for path, mtime in _file_times(again).items() if before.get(path) != mtime)
        statuses = _statuses(base_url)
        not_modified, requests = statuses.count(304), len(statuses)
        rereads = []
        for index in range(1, 5):
            snapshots = Path(scratch) / f"run-{index}"
            _new_parser(snapshots)
            started = time.perf_counter()
            _run_in_process("--base-url", base_url, "--snapshots", str(snapshots))
            rereads.append(time.perf_counter() - started)
    first = statistics.median(walls)
    return [
        Figure("full run, every answer 200 ms late", first, DELAY, "s", 2, "one delay"),
        Figure(
            "full run, against its floor (the pages, then their confirmation)",
            first,
            2 * DELAY,
            "s",
            2,
            "two delays",
        ),
        Figure("second run, nothing changed", second_wall, DELAY, "s", 2, "one delay"),
        Figure("second run: files written", written, 1, "files", 0, "none"),
        Figure(
            "second run: answers that were 304",
            not_modified,
            requests,
            "answers",
            1,
            "all requests",
            at_most=False,
        ),
        Figure(
            "every page read again, nothing to confirm",
            statistics.median(rereads),
            DELAY,
            "s",
            2,
            "one delay",
        ),
    ]


def scaling() -> list[Figure]:
    """Diff and publish on synthetic snapshots of 100, 1,000 and 10,000 models: each tenfold
    step should cost about tenfold (ratio of the time step to the size step near 1)."""
    from benchmarks.synthetic import diff_seconds, publish_seconds

    figures: list[Figure] = []
    for step, measure in (("diff", diff_seconds), ("publish", publish_seconds)):
        times = {size: measure(size) for size in (100, 1_000, 10_000)}
        for small, large in ((100, 1_000), (1_000, 10_000)):
            figures.append(
                Figure(
                    f"{step}: {large:,} models against {small:,} (time step)",
                    times[large] / times[small],
                    large / small,
                    "x",
                    1.5,
                    "size step",
                )
            )
    return figures


def audit() -> list[Figure]:
    """`audit` against `grep -rE` with the same patterns on a generated 20,000-file tree (the
    package's bytecode written first, as for the cold starts: an installed audit has it)."""
    from benchmarks.audit import figures

    _compile_package()
    return figures()


def adversarial() -> list[Figure]:
    """Parse time of 1 MB crafted inputs, one per pattern that reads page text."""
    from benchmarks.adversarial import figures

    return figures()


def big_page_memory() -> list[Figure]:
    """Peak memory of parsing a page at the input cap (5 MB), against a page of normal size."""
    from benchmarks.scaling import scaled_page

    base = (PAGES / "en--59934005988.md").read_text(encoding="utf-8")
    factor = 1
    while len(scaled_page(base, factor).encode()) < 5_000_000:
        factor *= 2
    while len(scaled_page(base, factor).encode()) > 5_000_000:
        factor -= max(1, factor // 20)
    with tempfile.TemporaryDirectory() as scratch:
        big, small = Path(scratch) / "big.md", Path(scratch) / "small.md"
        big.write_text(scaled_page(base, factor), encoding="utf-8")
        small.write_text(base, encoding="utf-8")
        parse = [*deprecations_command(), "parse"]
        big_mb, small_mb = peak_memory_mb([*parse, str(big)]), peak_memory_mb([*parse, str(small)])
    return [
        Figure(
            "peak memory: parse a 5 MB page",
            big_mb,
            small_mb,
            "MB",
            20,
            f"a {len(base) // 1000} kB page",
        ),
    ]
