"""The GitHub workflows: valid for GitHub, clean for zizmor and shellcheck, and their shell
steps doing what they say against real git repositories (a bare remote in tmp_path).

The scrape job's `run:` steps are executed as GitHub would (bash -eo pipefail, the step's `env`,
its `if`, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY), with fakes of `deprecations run` and `gh`
first on PATH; the `uses:` steps are GitHub's and the install step is pip's, so they are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from ruamel.yaml import YAML

from tests.conftest import COMMIT_MESSAGE, report_events

# Real git repositories, shellcheck, zizmor and schema downloads: seconds each.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
SCRIPTS = GITHUB / "scripts"
FAKES = Path(__file__).parent / "fakes"
BIN = Path(sys.executable).parent

REPOSITORY = "someone/claude-deprecations"
BOT = "github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>"
CHANGELOG_ENTRY = "## 2025-12-19\n\n- `claude-3-5-haiku-20241022` is now **deprecated**.\n"
OLD_MODELS = '{"models": ["claude-3-5-haiku-20241022"]}\n'
NEW_MODELS = '{"models": ["claude-3-5-haiku-20241022", "claude-opus-4-5"]}\n'
# Page text that would run commands if it ever reached a shell line or an expression.
HOSTILE_TITLE = "Page layout changed: zh-CN `touch pwned` $(touch pwned) ${{ github.token }}"
HOSTILE_BODY = (
    "The zh-CN page has no status table.\n\n"
    "```\n$(touch pwned)\n`touch pwned`\n'; touch pwned\n```\n"
)


def _tool(name: str) -> str:
    """A command-line tool from the test extra, found next to this Python first."""
    found = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing: python -m pip install -e '.[test]'")
    return found


def _load(path: Path) -> dict[str, Any]:
    # YAML 1.2, as GitHub reads it: `on:` stays a string key.
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _steps(workflow: str, job: str) -> list[dict[str, Any]]:
    steps = _load(WORKFLOWS / workflow)["jobs"][job]["steps"]
    assert isinstance(steps, list)
    return steps


def _step(workflow: str, job: str, step_id: str) -> dict[str, Any]:
    return next(step for step in _steps(workflow, job) if step.get("id") == step_id)


# --- GitHub's schema, zizmor, shellcheck ---------------------------------------------------


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (WORKFLOWS / "scrape.yml", "vendor.github-workflows"),
        (WORKFLOWS / "ci.yml", "vendor.github-workflows"),
        (WORKFLOWS / "release.yml", "vendor.github-workflows"),
        (ROOT / "action.yml", "vendor.github-actions"),
        (GITHUB / "dependabot.yml", "vendor.dependabot"),
    ],
    ids=["scrape", "ci", "release", "action", "dependabot"],
)
def test_file_matches_githubs_schema(path: Path, schema: str) -> None:
    """Each workflow and the Dependabot config validate against GitHub's published schema."""
    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The schema check can fail: a job without `runs-on` is reported."""
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: 'true'\n")

    result = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(broken)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr


def _zizmor(*inputs: Path) -> tuple[int, list[dict[str, Any]], str]:
    result = subprocess.run(
        [_tool("zizmor"), "--offline", "--format", "json", *map(str, inputs)],
        capture_output=True,
        text=True,
        check=False,
    )
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, findings, result.stderr


def test_zizmor_finds_nothing() -> None:
    """zizmor (offline, default persona): no finding in the workflows, Dependabot, the action."""
    code, findings, stderr = _zizmor(GITHUB, ROOT / "action.yml")

    assert [finding["ident"] for finding in findings] == []
    assert code == 0, stderr


def test_zizmor_catches_page_text_in_a_run_line(tmp_path: Path) -> None:
    """The audit can fail: an expression with attacker text inside `run:` is a finding."""
    unsafe = tmp_path / ".github" / "workflows" / "unsafe.yml"
    unsafe.parent.mkdir(parents=True)
    unsafe.write_text(
        "on: issues\npermissions: {}\njobs:\n  echo:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo '${{ github.event.issue.title }}'\n"
    )

    code, findings, _ = _zizmor(unsafe)

    assert "template-injection" in {finding["ident"] for finding in findings}
    assert code != 0


def _run_blocks() -> list[tuple[str, str]]:
    """Every `run:` script of the workflows and of the composite action."""
    action_steps = _load(ROOT / "action.yml")["runs"]["steps"]
    return [
        (f"{path.name}:{job_id}:{index}", step["run"])
        for path in sorted(WORKFLOWS.glob("*.yml"))
        for job_id, job in _load(path)["jobs"].items()
        for index, step in enumerate(job["steps"])
        if "run" in step
    ] + [(f"action.yml:{i}", step["run"]) for i, step in enumerate(action_steps) if "run" in step]


def test_shell_is_shellcheck_clean(tmp_path: Path) -> None:
    """The scripts and every `run:` block of the workflows pass shellcheck."""
    blocks = []
    for name, script in _run_blocks():
        block = tmp_path / (name.replace(":", "-") + ".sh")
        block.write_text("#!/usr/bin/env bash\n" + script)
        blocks.append(block)

    result = subprocess.run(
        [_tool("shellcheck"), "--shell=bash", *map(str, sorted(SCRIPTS.glob("*.sh"))), *blocks],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- What the issue asks of the workflows ---------------------------------------------------


def test_actions_are_pinned_to_a_commit_with_the_version_in_a_comment() -> None:
    """Every `uses:` names a full 40-hex commit SHA followed by `# vX.Y.Z`."""
    pinned = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+")
    uses_lines = [
        line.strip().removeprefix("- ")
        for path in [*sorted(WORKFLOWS.glob("*.yml")), ROOT / "action.yml"]
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().removeprefix("- ").startswith("uses:")
    ]

    assert uses_lines, "no `uses:` found: the pattern is wrong"
    assert [line for line in uses_lines if not pinned.fullmatch(line)] == []


def test_no_expression_reaches_a_run_line() -> None:
    """No `run:` block contains `${{`: values reach the shell through `env:` only."""
    assert [name for name, script in _run_blocks() if "${{" in script] == []


@pytest.mark.parametrize(
    ("workflow", "job", "permissions"),
    [
        ("scrape.yml", "scrape", {"contents": "write", "issues": "write"}),
        ("ci.yml", "test", {"contents": "read"}),
    ],
)
def test_permissions_are_none_by_default_and_minimal_per_job(
    workflow: str, job: str, permissions: dict[str, str]
) -> None:
    """`permissions: {}` at the top; each job gets only what it uses."""
    data = _load(WORKFLOWS / workflow)

    assert data["permissions"] == {}
    assert data["jobs"][job]["permissions"] == permissions


def test_scrape_runs_every_six_hours_on_demand_and_never_overlaps() -> None:
    """A 6-hourly cron, workflow_dispatch, and a concurrency group that queues runs."""
    data = _load(WORKFLOWS / "scrape.yml")

    [schedule] = data["on"]["schedule"]
    minute, hour, *rest = schedule["cron"].split()
    assert minute.isdigit()
    assert hour == "*/6"
    assert rest == ["*", "*", "*"]
    assert "workflow_dispatch" in data["on"]
    assert data["concurrency"]["group"]
    assert data["concurrency"]["cancel-in-progress"] is False


def test_ci_runs_lint_types_and_tests_on_every_supported_python() -> None:
    """CI runs on push and pull requests, on Python 3.11 to 3.13, with ruff, mypy and pytest."""
    data = _load(WORKFLOWS / "ci.yml")
    job = data["jobs"]["test"]
    commands = "\n".join(step["run"] for step in job["steps"] if "run" in step)

    assert set(data["on"]) == {"push", "pull_request"}
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    for command in ("ruff check", "ruff format --check", "mypy", "pytest"):
        assert f"python -m {command}" in commands


@pytest.mark.parametrize(
    ("workflow", "job", "install"),
    [
        ("scrape.yml", "scrape", "python -m pip install -e . -c constraints.txt"),
        ("ci.yml", "test", "python -m pip install -q -e '.[test]' -c constraints.txt"),
    ],
)
def test_python_is_cached_and_the_project_installed_as_the_readme_says(
    workflow: str, job: str, install: str
) -> None:
    """setup-python caches pip keyed on the dependencies and their pins; the install is the
    README's command, pinned by constraints.txt."""
    steps = _steps(workflow, job)
    [setup] = [step for step in steps if step.get("uses", "").startswith("actions/setup-python@")]
    [checkout] = [step for step in steps if step.get("uses", "").startswith("actions/checkout@")]

    assert setup["with"]["cache"] == "pip"
    assert setup["with"]["cache-dependency-path"].split() == ["pyproject.toml", "constraints.txt"]
    assert checkout["with"]["persist-credentials"] is False
    assert install in [step.get("run") for step in steps]
    assert install in (ROOT / "README.md").read_text(encoding="utf-8")


def test_dependabot_watches_actions_and_pip() -> None:
    """Dependabot updates both the pinned actions and the Python dependencies."""
    updates = _load(GITHUB / "dependabot.yml")["updates"]

    assert sorted(update["package-ecosystem"] for update in updates) == ["github-actions", "pip"]


# --- Running the scrape job's shell steps ----------------------------------------------------

EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
STEP_OUTPUT = re.compile(r"steps\.([\w-]+)\.outputs\.([\w-]+)")
COMPARISON = re.compile(rf"{STEP_OUTPUT.pattern} (==|!=) '([^']*)'")
# GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail")
Outputs = dict[str, dict[str, str]]


def _condition(expression: str | None, outputs: Outputs, failed: bool) -> bool:
    """GitHub's `if:`, for the forms the workflow uses; anything else stops the test."""
    if expression is None:
        return not failed
    match = EXPRESSION.fullmatch(expression.strip())
    terms = [term.strip() for term in (match[1] if match else expression).split("&&")]
    result, has_status_function = True, False
    for term in terms:
        if term in ("always()", "!cancelled()"):
            has_status_function, value = True, True
        elif term in ("success()", "failure()"):
            has_status_function, value = True, failed == (term == "failure()")
        elif comparison := COMPARISON.fullmatch(term):
            step, name, operator, literal = comparison.groups()
            value = (outputs.get(step, {}).get(name, "") == literal) == (operator == "==")
        else:
            raise AssertionError(f"the test's runner cannot evaluate {term!r}: teach it")
        result = result and value
    # Without a status function GitHub adds an implicit success().
    return result and (has_status_function or not failed)


def _substitute(value: object, context: Mapping[str, str], outputs: Outputs) -> str:
    def replace(match: re.Match[str]) -> str:
        if step_output := STEP_OUTPUT.fullmatch(match[1]):
            return outputs.get(step_output[1], {}).get(step_output[2], "")
        if match[1] not in context:
            raise AssertionError(f"the test gives no value for {match[0]}")
        return context[match[1]]

    return EXPRESSION.sub(replace, str(value))


@dataclass(frozen=True)
class StepRun:
    id: str
    ran: bool
    returncode: int = 0
    output: str = ""


@dataclass(frozen=True)
class JobRun:
    steps: tuple[StepRun, ...]
    summary: str

    @property
    def failed(self) -> bool:
        return any(step.returncode != 0 for step in self.steps)

    @property
    def ran(self) -> list[str]:
        return [step.id for step in self.steps if step.ran]

    def step(self, step_id: str) -> StepRun:
        return next(step for step in self.steps if step.id == step_id)

    def log(self) -> str:
        return "\n".join(f"--- {step.id}: {step.returncode}\n{step.output}" for step in self.steps)


def _git(cwd: Path, env: Mapping[str, str], *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout.strip()


class Sandbox:
    """A GitHub runner in miniature: a shallow checkout of a bare remote, RUNNER_TEMP, fakes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        home = root / "home"
        fake_bin = root / "fake-bin"
        for directory in (home, fake_bin, root / "runner-temp", root / "scenario"):
            directory.mkdir()
        self.runner_temp = root / "runner-temp"
        self.report_dir = self.runner_temp / "deprecations-report"
        self.scenario_dir = root / "scenario"
        self.gh_state = root / "gh-state.json"
        self.gh_state.write_text('{"labels": [], "issues": []}')
        self.gh_calls_file = root / "gh-calls.jsonl"
        self.gh_calls_file.touch()
        for command, fake in (("gh", "fake_gh.py"), ("deprecations", "fake_deprecations.py")):
            wrapper = fake_bin / command
            wrapper.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{FAKES / fake}" "$@"\n')
            wrapper.chmod(0o755)
        self.env = {
            "PATH": os.pathsep.join([str(fake_bin), str(BIN), os.environ["PATH"]]),
            "HOME": str(home),
            "GIT_CONFIG_GLOBAL": str(home / ".gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "LANG": "C.UTF-8",
            "CI": "true",
            "GITHUB_ACTIONS": "true",
            "GITHUB_SERVER_URL": "https://github.com",
            "GITHUB_REPOSITORY": REPOSITORY,
            "GITHUB_REF_NAME": "main",
            "GITHUB_RUN_ID": "4242",
            "RUNNER_TEMP": str(self.runner_temp),
            "FAKE_RUN": str(self.scenario_dir),
            "FAKE_GH_STATE": str(self.gh_state),
            "FAKE_GH_CALLS": str(self.gh_calls_file),
        }
        self.remote = root / "remote.git"
        _git(root, self.env, "init", "--quiet", "--bare", "--initial-branch=main", str(self.remote))
        seed = self._clone("seed")
        (seed / "snapshots").mkdir()
        (seed / "snapshots" / "models.json").write_text(OLD_MODELS)
        (seed / "snapshots" / "CHANGELOG.md").write_text("# Changelog\n")
        (seed / "README.md").write_text("# My fork of the tracker\n")
        shutil.copytree(SCRIPTS, seed / ".github" / "scripts")
        self._commit_and_push(seed, "Start tracking")
        # actions/checkout makes a shallow clone of the branch, and no git identity.
        self.workspace = root / "workspace"
        remote_url = f"file://{self.remote}"
        _git(root, self.env, "clone", "--quiet", "--depth=1", remote_url, str(self.workspace))
        self.env["GITHUB_WORKSPACE"] = str(self.workspace)

    def _clone(self, name: str) -> Path:
        clone = self.root / name
        if not clone.exists():
            _git(self.root, self.env, "clone", "--quiet", str(self.remote), str(clone))
            _git(clone, self.env, "config", "user.name", "Someone Else")
            _git(clone, self.env, "config", "user.email", "someone@example.com")
        else:
            _git(clone, self.env, "pull", "--quiet", "--ff-only")
        return clone

    def _commit_and_push(self, clone: Path, message: str) -> str:
        _git(clone, self.env, "add", "--all")
        _git(clone, self.env, "commit", "--quiet", "--message", message)
        _git(clone, self.env, "push", "--quiet", "origin", "HEAD:main")
        return _git(clone, self.env, "rev-parse", "HEAD")

    def push_from_elsewhere(self, files: Mapping[str, str], message: str) -> str:
        """Someone pushes to the branch while the job runs; returns their commit."""
        other = self._clone("other")
        for name, content in files.items():
            (other / name).write_text(content)
        return self._commit_and_push(other, message)

    def scenario(
        self,
        status: int,
        report: Mapping[str, str],
        snapshots: Mapping[str, str] | None = None,
    ) -> None:
        """What the fake `deprecations run` writes and how it exits."""
        (self.scenario_dir / "status").write_text(str(status))
        for kind, files in (("report", report), ("snapshots", snapshots or {})):
            shutil.rmtree(self.scenario_dir / kind, ignore_errors=True)
            for name, content in files.items():
                path = self.scenario_dir / kind / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content)

    def run(self, webhook_url: str = "") -> JobRun:
        """The scrape job's steps, in order, each under its `if:` as GitHub evaluates it."""
        # Every job starts with an empty RUNNER_TEMP.
        shutil.rmtree(self.report_dir, ignore_errors=True)
        context = {
            "runner.temp": str(self.runner_temp),
            "github.token": "ghs_not_a_real_token",
            "github.repository": REPOSITORY,
            "secrets.DEPRECATIONS_WEBHOOK_URL": webhook_url,
        }
        summary = self.runner_temp / "step-summary.md"
        summary.write_text("")
        outputs: Outputs = {}
        results: list[StepRun] = []
        for index, step in enumerate(_steps("scrape.yml", "scrape")):
            step_id = step.get("id", f"#{index}")
            failed = any(result.returncode for result in results)
            if "uses" in step or step_id == "install":
                results.append(StepRun(step_id, ran=False))
                continue
            if not _condition(step.get("if"), outputs, failed):
                results.append(StepRun(step_id, ran=False))
                continue
            script = self.runner_temp / f"step-{index}.sh"
            script.write_text(step["run"])
            output_file = self.runner_temp / f"output-{index}"
            output_file.write_text("")
            env = {
                **self.env,
                "GITHUB_OUTPUT": str(output_file),
                "GITHUB_STEP_SUMMARY": str(summary),
            }
            for name, value in (step.get("env") or {}).items():
                env[name] = _substitute(value, context, outputs)
            result = subprocess.run(
                [*BASH, str(script)],
                cwd=self.workspace,
                env=env,
                capture_output=True,
                text=True,
                check=False,
                timeout=120,
            )
            outputs[step_id] = dict(
                line.split("=", 1) for line in output_file.read_text().splitlines() if line
            )
            results.append(StepRun(step_id, True, result.returncode, result.stdout + result.stderr))
        return JobRun(tuple(results), summary.read_text())

    def remote_git(self, *args: str) -> str:
        return _git(self.root, self.env, "--git-dir", str(self.remote), *args)

    def gh_calls(self) -> list[dict[str, Any]]:
        lines = self.gh_calls_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines]

    def issues(self) -> list[dict[str, Any]]:
        issues = json.loads(self.gh_state.read_text(encoding="utf-8"))["issues"]
        assert isinstance(issues, list)
        return issues

    def run_calls(self) -> list[list[str]]:
        calls = self.scenario_dir / "calls"
        lines = calls.read_text().splitlines() if calls.exists() else []
        return [json.loads(line) for line in lines]


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path)


def _issue(number: int, title: str) -> dict[str, Any]:
    """An open tracker-failure issue, as the fake `gh` stores it."""
    labels = ["tracker-failure"]
    return {
        "number": number,
        "title": title,
        "labels": labels,
        "state": "open",
        "body": "",
        "comments": [],
    }


def test_unchanged_run_commits_nothing_and_passes(sandbox: Sandbox) -> None:
    """No change: no commit, no issue, the run's summary in the job summary, a green job."""
    sandbox.scenario(status=0, report={"summary.md": "No change since the last run.\n"})
    before = sandbox.remote_git("rev-parse", "main")

    job = sandbox.run()

    assert not job.failed, job.log()
    assert job.ran == ["run", "commit", "site", "notify"]
    assert sandbox.remote_git("rev-parse", "main") == before
    assert "snapshots/ did not change: nothing to commit." in job.step("commit").output
    assert job.summary == "No change since the last run.\n"
    report_dir = str(sandbox.report_dir)
    checked_at = _checked_at(sandbox)
    assert sandbox.run_calls() == [
        ["run", "--report-dir", report_dir],
        ["site", str(sandbox.runner_temp / "site"), "--checked-at", checked_at],
        ["notify", "--report-dir", report_dir],
    ]
    assert "DEPRECATIONS_WEBHOOK_URL is not set" in job.step("notify").output
    assert sandbox.gh_calls() == []


def test_changed_run_commits_once_with_the_summary_message(
    sandbox: Sandbox, httpserver: HTTPServer
) -> None:
    """A change: one pushed commit of snapshots/ with the run's message; summary and webhook."""
    sandbox.scenario(
        status=0,
        report={
            "summary.md": CHANGELOG_ENTRY,
            "commit-message.txt": COMMIT_MESSAGE,
            "events.json": json.dumps(report_events()),
        },
        snapshots={"models.json": NEW_MODELS, "CHANGELOG.md": "# Changelog\n" + CHANGELOG_ENTRY},
    )
    (sandbox.workspace / "stray.txt").write_text("left behind by something else\n")
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    before = sandbox.remote_git("rev-parse", "main")

    job = sandbox.run(webhook_url=httpserver.url_for("/hook"))

    assert not job.failed, job.log()
    assert sandbox.remote_git("rev-list", "--count", f"{before}..main") == "1"
    assert sandbox.remote_git("log", "-1", "--format=%B", "main") == COMMIT_MESSAGE.strip()
    assert sandbox.remote_git("log", "-1", "--format=%an <%ae>", "main") == BOT
    changed = sandbox.remote_git("diff-tree", "--no-commit-id", "--name-only", "-r", "main")
    assert changed.splitlines() == ["snapshots/CHANGELOG.md", "snapshots/models.json"]
    assert sandbox.remote_git("show", "main:snapshots/models.json") == NEW_MODELS.strip()
    assert job.summary == CHANGELOG_ENTRY
    [(request, _)] = httpserver.log
    content = json.loads(request.get_data(as_text=True))["content"]
    assert content.startswith("3 changes: claude-3-5-haiku-20241022 deprecated, …\n\n- en, ")
    changelog = f"https://github.com/{REPOSITORY}/blob/main/snapshots/CHANGELOG.md"
    assert content.endswith(f"Changelog: <{changelog}>")


def test_branch_that_moved_meanwhile_is_rebased_on_and_pushed(sandbox: Sandbox) -> None:
    """The remote moved during the run: the push is retried once on top of it, history linear."""
    sandbox.scenario(
        status=0,
        report={"summary.md": CHANGELOG_ENTRY, "commit-message.txt": COMMIT_MESSAGE},
        snapshots={"models.json": NEW_MODELS},
    )
    moved = sandbox.push_from_elsewhere({"README.md": "# Edited meanwhile\n"}, "Edit the README")

    job = sandbox.run()

    assert not job.failed, job.log()
    assert "main moved while the job ran: rebasing on it" in job.step("commit").output
    assert sandbox.remote_git("log", "-1", "--format=%P", "main") == moved
    assert sandbox.remote_git("log", "-1", "--format=%B", "main") == COMMIT_MESSAGE.strip()
    assert sandbox.remote_git("show", "main:README.md") == "# Edited meanwhile"
    assert sandbox.remote_git("show", "main:snapshots/models.json") == NEW_MODELS.strip()


def test_conflicting_move_fails_without_pushing_or_leaving_a_rebase(sandbox: Sandbox) -> None:
    """Someone else changed the same snapshot: the step fails, the remote keeps their commit."""
    sandbox.scenario(
        status=0,
        report={"summary.md": CHANGELOG_ENTRY, "commit-message.txt": COMMIT_MESSAGE},
        snapshots={"models.json": NEW_MODELS},
    )
    moved = sandbox.push_from_elsewhere(
        {"snapshots/models.json": '{"models": []}\n'}, "Edit a snapshot by hand"
    )

    job = sandbox.run()

    assert job.failed
    assert job.step("commit").returncode == 1
    assert "conflicts in snapshots/" in job.step("commit").output
    assert sandbox.remote_git("rev-parse", "main") == moved
    assert not (sandbox.workspace / ".git" / "rebase-merge").exists()
    assert not (sandbox.workspace / ".git" / "rebase-apply").exists()


def test_push_refused_for_another_reason_is_not_retried(sandbox: Sandbox) -> None:
    """A push refused while the branch has not moved (here a hook) fails at once, no rebase."""
    hook = sandbox.remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'branch protected' >&2\nexit 1\n")
    hook.chmod(0o755)
    sandbox.scenario(
        status=0,
        report={"summary.md": CHANGELOG_ENTRY, "commit-message.txt": COMMIT_MESSAGE},
        snapshots={"models.json": NEW_MODELS},
    )
    before = sandbox.remote_git("rev-parse", "main")

    job = sandbox.run()

    output = job.step("commit").output
    assert job.step("commit").returncode == 1
    assert "The push failed and main has not moved: this is not a race" in output
    assert "rebasing" not in output
    assert sandbox.remote_git("rev-parse", "main") == before


def test_missing_commit_message_falls_back_to_a_generic_one(sandbox: Sandbox) -> None:
    """Changed snapshots without commit-message.txt still get committed, with a warning."""
    sandbox.scenario(
        status=0, report={"summary.md": "changed\n"}, snapshots={"models.json": NEW_MODELS}
    )

    job = sandbox.run()

    assert not job.failed, job.log()
    assert "::warning::" in job.step("commit").output
    assert sandbox.remote_git("log", "-1", "--format=%B", "main") == "Update snapshots"


def test_layout_change_commits_what_worked_opens_an_issue_and_fails(sandbox: Sandbox) -> None:
    """Exit 3: what parsed is committed, a labelled issue opened (page text inert), job red."""
    sandbox.scenario(
        status=3,
        report={
            "summary.md": "## Run failed\n\nzh-CN: status table not found.\n",
            "commit-message.txt": COMMIT_MESSAGE,
            "problem-title.txt": HOSTILE_TITLE + "\n",
            "problem.md": HOSTILE_BODY,
        },
        snapshots={"models.json": NEW_MODELS},
    )

    job = sandbox.run()

    assert job.failed
    assert job.ran == ["run", "commit", "site", "notify", "issue", "fail"]
    assert [step.id for step in job.steps if step.returncode] == ["fail"]
    assert "::error title=Tracker run failed::deprecations run exited 3" in job.step("fail").output
    assert sandbox.remote_git("show", "main:snapshots/models.json") == NEW_MODELS.strip()
    assert job.summary == "## Run failed\n\nzh-CN: status table not found.\n"
    run_link = f"https://github.com/{REPOSITORY}/actions/runs/4242"
    assert sandbox.issues() == [
        {
            "number": 1,
            "title": HOSTILE_TITLE,
            "labels": ["tracker-failure"],
            "state": "open",
            "body": HOSTILE_BODY + f"\n---\nSeen in run {run_link}\n",
            "comments": [],
        }
    ]
    assert [call["argv"][:2] for call in sandbox.gh_calls()] == [
        ["label", "create"],
        ["issue", "list"],
        ["issue", "create"],
    ]
    assert list(sandbox.root.rglob("pwned")) == []


def test_repeated_failure_comments_on_the_open_issue_instead_of_opening_another(
    sandbox: Sandbox,
) -> None:
    """Exit 4 twice: one issue, then a comment on it; closed or other-titled issues untouched."""
    title = "Fetch failed for 2 languages"
    closed = {**_issue(3, title), "state": "closed"}
    other = _issue(4, "Fetch failed for 3 languages")
    sandbox.gh_state.write_text(
        json.dumps({"labels": ["tracker-failure"], "issues": [closed, other]})
    )
    sandbox.scenario(
        status=4,
        report={
            "summary.md": "## Run failed\n\nja, ko: HTTP 503.\n",
            "problem-title.txt": title + "\n",
            "problem.md": "ja and ko could not be fetched (HTTP 503).\n",
        },
    )

    first, second = sandbox.run(), sandbox.run()

    assert first.failed
    assert second.failed
    opened = [issue for issue in sandbox.issues() if issue["number"] not in (3, 4)]
    assert [(issue["number"], issue["title"]) for issue in opened] == [(5, title)]
    assert opened[0]["comments"] == [
        "ja and ko could not be fetched (HTTP 503).\n"
        f"\n---\nSeen in run https://github.com/{REPOSITORY}/actions/runs/4242\n"
    ]
    assert "Commented on the open issue #5." in second.step("issue").output
    assert [issue["comments"] for issue in sandbox.issues() if issue["number"] in (3, 4)] == [
        [],
        [],
    ]


def _checked_at(sandbox: Sandbox) -> str:
    """The time the run step recorded and handed to `deprecations site`."""
    [site_call] = [call for call in sandbox.run_calls() if call[0] == "site"]
    return site_call[3]


def test_site_says_when_the_run_started(sandbox: Sandbox) -> None:
    """The site is built after the run, told the run's start time (UTC), into RUNNER_TEMP/site."""
    sandbox.scenario(status=0, report={"summary.md": "No change since the last run.\n"})
    started = dt.datetime.now(dt.UTC).replace(microsecond=0)

    job = sandbox.run()

    checked_at = _checked_at(sandbox)
    parsed = dt.datetime.strptime(checked_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    assert started <= parsed <= dt.datetime.now(dt.UTC)
    assert not job.failed, job.log()
    site = sandbox.runner_temp / "site" / "index.html"
    assert site.read_text() == f"last checked {checked_at}\n"


def test_site_is_deployed_by_its_own_least_privileged_job() -> None:
    """Upload in the scrape job; deploy in a job that alone holds pages and id-token."""
    data = _load(WORKFLOWS / "scrape.yml")
    scrape, deploy = data["jobs"]["scrape"], data["jobs"]["deploy"]
    [upload] = [
        step
        for step in scrape["steps"]
        if step.get("uses", "").startswith("actions/upload-pages-artifact@")
    ]
    uses = [step["uses"].split("@")[0] for step in deploy["steps"]]

    assert upload["with"]["path"] == "${{ runner.temp }}/site"
    assert scrape["outputs"]["site"] == "${{ steps.site.outputs.built }}"
    assert deploy["needs"] == "scrape"
    assert "needs.scrape.outputs.site == 'true'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]


def test_crashed_run_commits_nothing_and_fails(sandbox: Sandbox) -> None:
    """An exit code outside the contract (a crash): nothing committed, no issue, a red job."""
    sandbox.scenario(status=1, report={}, snapshots={"models.json": "half-written"})
    before = sandbox.remote_git("rev-parse", "main")

    job = sandbox.run()

    assert job.ran == ["run", "fail"]
    assert job.step("fail").returncode == 1
    assert sandbox.remote_git("rev-parse", "main") == before
    assert "exited 1 without writing a summary" in job.summary
    assert sandbox.gh_calls() == []


def test_credential_helper_hands_git_the_token_from_the_environment(sandbox: Sandbox) -> None:
    """`git credential fill` through the helper answers with $GITHUB_TOKEN, and only on `get`."""
    helper = str(SCRIPTS / "git-credential-github-token.sh")
    env = {**sandbox.env, "GITHUB_TOKEN": "ghs_from_the_environment", "GIT_TERMINAL_PROMPT": "0"}

    git = ["git", "-c", "credential.helper=", "-c", f"credential.helper={helper}"]

    filled = subprocess.run(
        [*git, "credential", "fill"],
        input="protocol=https\nhost=github.com\n\n",
        cwd=sandbox.workspace,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    stored = subprocess.run(
        [helper, "store"], input="", env=env, capture_output=True, text=True, check=True
    )

    assert filled.stdout.splitlines() == [
        "protocol=https",
        "host=github.com",
        "username=x-access-token",
        "password=ghs_from_the_environment",
    ]
    assert stored.stdout == ""
    assert "ghs_from_the_environment" not in (sandbox.workspace / ".git" / "config").read_text()
