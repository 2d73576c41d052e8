"""A fake `gh` holding issues and labels in a JSON file, like the GitHub API would.

It understands only the calls the issue script is meant to make, and refuses anything else
(exit 2), so a script drifting to another call fails its test. Every call is appended to
$FAKE_GH_CALLS as JSON: the argv, and the body file's content (read before the script deletes it).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gh", exit_on_error=False)
    top = parser.add_subparsers(dest="group", required=True)

    label = top.add_parser("label").add_subparsers(dest="command", required=True)
    label_create = label.add_parser("create")
    label_create.add_argument("name")
    label_create.add_argument("--color")
    label_create.add_argument("--description")
    label_create.add_argument("--force", action="store_true")

    issue = top.add_parser("issue").add_subparsers(dest="command", required=True)
    issue_list = issue.add_parser("list")
    issue_list.add_argument("--state", choices=["open", "closed", "all"], required=True)
    issue_list.add_argument("--label", required=True)
    issue_list.add_argument("--limit", type=int, required=True)
    issue_list.add_argument("--json", required=True)
    issue_create = issue.add_parser("create")
    issue_create.add_argument("--title", required=True)
    issue_create.add_argument("--label", required=True)
    issue_create.add_argument("--body-file", required=True)
    issue_comment = issue.add_parser("comment")
    issue_comment.add_argument("number", type=int)
    issue_comment.add_argument("--body-file", required=True)
    return parser


def main(argv: list[str]) -> int:
    state_file = Path(os.environ["FAKE_GH_STATE"])
    state: dict[str, Any] = json.loads(state_file.read_text(encoding="utf-8"))
    call: dict[str, Any] = {"argv": argv}
    try:
        if not os.environ.get("GH_TOKEN"):
            print("gh: set the GH_TOKEN environment variable to use GitHub CLI", file=sys.stderr)
            return 4
        try:
            args = _parser().parse_args(argv)
        except (argparse.ArgumentError, SystemExit) as error:
            print(f"fake gh: unsupported call {argv}: {error}", file=sys.stderr)
            return 2
        if getattr(args, "body_file", None):
            call["body"] = Path(args.body_file).read_text(encoding="utf-8")
        return _run(args, state)
    finally:
        with Path(os.environ["FAKE_GH_CALLS"]).open("a", encoding="utf-8") as calls:
            calls.write(json.dumps(call, ensure_ascii=False) + "\n")
        state_file.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")


def _run(args: argparse.Namespace, state: dict[str, Any]) -> int:
    labels: list[str] = state.setdefault("labels", [])
    issues: list[dict[str, Any]] = state.setdefault("issues", [])
    if args.group == "label":
        if args.name in labels and not args.force:
            print(f"label with name {args.name!r} already exists", file=sys.stderr)
            return 1
        labels.append(args.name)
        return 0
    if args.command == "list":
        fields = args.json.split(",")
        found = [
            {field: issue[field] for field in fields}
            for issue in issues
            if args.label in issue["labels"] and args.state in ("all", issue["state"])
        ]
        print(json.dumps(found[: args.limit], ensure_ascii=False))
        return 0
    if args.command == "create":
        if args.label not in labels:
            print(f"could not add label: {args.label!r} not found", file=sys.stderr)
            return 1
        number = 1 + max((issue["number"] for issue in issues), default=0)
        body = Path(args.body_file).read_text(encoding="utf-8")
        issues.append(
            {
                "number": number,
                "title": args.title,
                "labels": [args.label],
                "state": "open",
                "body": body,
                "comments": [],
            }
        )
        print(f"https://github.com/someone/claude-deprecations/issues/{number}")
        return 0
    matching = [issue for issue in issues if issue["number"] == args.number]
    if not matching:
        print(f"no issue #{args.number}", file=sys.stderr)
        return 1
    matching[0]["comments"].append(Path(args.body_file).read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
