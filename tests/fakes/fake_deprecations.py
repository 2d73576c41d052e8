"""A fake `deprecations` playing one scripted run, per the `run --report-dir` contract.

`run` copies $FAKE_RUN/report/* into the report directory and $FAKE_RUN/snapshots/* over
./snapshots, then exits with the code in $FAKE_RUN/status. `notify` is the real one. `site OUT
--checked-at TIME` writes OUT/index.html naming the time. Every call is appended to
$FAKE_RUN/calls as a JSON argv.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    scenario = Path(os.environ["FAKE_RUN"])
    with (scenario / "calls").open("a", encoding="utf-8") as calls:
        calls.write(json.dumps(argv) + "\n")
    if argv[:1] == ["notify"]:
        from scraper.commands.notify import command as notify_command

        notify_command(argv[1:])
        return 0
    if argv[:1] == ["site"] and len(argv) == 4 and argv[2] == "--checked-at":
        out = Path(argv[1])
        out.mkdir(parents=True, exist_ok=True)
        (out / "index.html").write_text(f"last checked {argv[3]}\n", encoding="utf-8")
        return 0
    if argv[:2] != ["run", "--report-dir"] or len(argv) != 3:
        print(f"fake deprecations: unexpected call {argv}", file=sys.stderr)
        return 2
    report_dir = Path(argv[2])
    report_dir.mkdir(parents=True, exist_ok=True)
    for source, target in ((scenario / "report", report_dir), (scenario / "snapshots", None)):
        if source.is_dir():
            shutil.copytree(source, target or Path("snapshots"), dirs_exist_ok=True)
    return int((scenario / "status").read_text(encoding="utf-8"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
