"""The integrations other repositories use: the composite action, the pre-commit hook, and the
release workflow that publishes what `uvx`/`pipx run` install.

The action's shell steps run as GitHub runs them (bash -eo pipefail, the step's env with the
inputs substituted, $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY) against a real temporary git
repository; the install step is pip's (a virtual environment whose `deprecations` is this
checkout's) and the upload is GitHub's, whose inputs are checked instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from ruamel.yaml import YAML

from tests.conftest import FIXTURES

ROOT = Path(__file__).parent.parent
ACTION = ROOT / "action.yml"
SARIF_SCHEMA = json.loads((FIXTURES / "schemas" / "sarif-2.1.0-rtm.5.json").read_text())
BASH = ("bash", "--noprofile", "--norc", "-eo", "pipefail")
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")
TERM = re.compile(r"(inputs\.[\w-]+|steps\.[\w-]+\.outputs\.[\w-]+) (==|!=) '([^']*)'")


def _load(path: Path) -> dict[str, Any]:
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _git_env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Someone",
        "GIT_AUTHOR_EMAIL": "someone@example.com",
        "GIT_COMMITTER_NAME": "Someone",
        "GIT_COMMITTER_EMAIL": "someone@example.com",
    }


def _repository(root: Path, files: dict[str, str]) -> Path:
    """A committed git repository holding `files`, as actions/checkout leaves it."""
    repo = root / "workspace"
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    env = _git_env(root)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "code"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    return repo


@dataclass(frozen=True)
class ActionRun:
    ran: list[str]
    codes: dict[str, int]
    outputs: dict[str, dict[str, str]]
    uses: dict[str, dict[str, str]]  # `with:` of each GitHub action that would run
    summary: str
    log: str


def _evaluate(condition: str | None, inputs: dict[str, str], outputs: dict[str, Any]) -> bool:
    """The `if:` forms the action uses: !cancelled() and comparisons joined by &&."""
    if condition is None:
        return True
    match = EXPRESSION.fullmatch(condition.strip())
    result = True
    for term in (match[1] if match else condition).split("&&"):
        term = term.strip()
        if term == "!cancelled()":
            continue
        found = TERM.fullmatch(term)
        assert found, f"the test cannot evaluate {term!r}: teach it"
        name, operator, literal = found.groups()
        parts = name.split(".")
        value = (
            inputs[parts[1]]
            if parts[0] == "inputs"
            else outputs.get(parts[1], {}).get(parts[3], "")
        )
        result = result and ((value == literal) == (operator == "=="))
    return result


def run_action(tmp_path: Path, repo: Path, **given: str) -> ActionRun:
    """The action's steps in order, each under its `if:`, with `given` inputs over defaults."""
    action = _load(ACTION)
    inputs = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    inputs.update(given)
    runner_temp = tmp_path / "runner-temp"
    runner_temp.mkdir()
    # What the install step makes: a virtual environment with `deprecations` in it.
    venv_bin = runner_temp / "deprecations-audit" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "deprecations").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m scraper "$@"\n')
    (venv_bin / "deprecations").chmod(0o755)
    summary = runner_temp / "summary.md"
    summary.write_text("")
    context = {"github.action_path": str(ROOT)} | {f"inputs.{k}": v for k, v in inputs.items()}

    def substitute(value: object) -> str:
        def one(match: re.Match[str]) -> str:
            if step := re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", match[1]):
                return outputs.get(step[1], {}).get(step[2], "")
            return context[match[1]]

        return EXPRESSION.sub(one, str(value))

    ran: list[str] = []
    codes: dict[str, int] = {}
    outputs: dict[str, dict[str, str]] = {}
    uses: dict[str, dict[str, str]] = {}
    log = []
    for index, step in enumerate(action["runs"]["steps"]):
        name = step.get("id", step["name"])
        if any(codes.values()) or not _evaluate(step.get("if"), inputs, outputs):
            continue  # no step of the action says always(): a failure stops the rest
        if "uses" in step:
            uses[step["uses"].split("@")[0]] = {k: substitute(v) for k, v in step["with"].items()}
            ran.append(name)
            continue
        if name == "install":
            continue
        assert step["shell"] == "bash"
        script = runner_temp / f"step-{index}.sh"
        script.write_text(step["run"])
        output_file = runner_temp / f"output-{index}"
        output_file.write_text("")
        env = {
            **_git_env(tmp_path),
            "RUNNER_TEMP": str(runner_temp),
            "GITHUB_OUTPUT": str(output_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            "GITHUB_WORKSPACE": str(repo),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
        }
        env.pop("NO_COLOR", None)
        env |= {key: substitute(value) for key, value in (step.get("env") or {}).items()}
        result = subprocess.run(
            [*BASH, str(script)], cwd=repo, env=env, capture_output=True, text=True, timeout=120
        )
        ran.append(name)
        codes[name] = result.returncode
        outputs[name] = dict(
            line.split("=", 1) for line in output_file.read_text().splitlines() if line
        )
        log.append(f"--- {name}: {result.returncode}\n{result.stdout}{result.stderr}")
    return ActionRun(ran, codes, outputs, uses, summary.read_text(), "\n".join(log))


CODE = {
    "app.py": 'client.messages.create(model="claude-2.1")\n',
    "README.md": "We use claude-code to write this.\n",
}


@pytest.mark.slow
def test_findings_are_uploaded_summarised_and_fail_the_job(tmp_path: Path) -> None:
    """A retired model: SARIF written and handed to upload-sarif, summary written, job red."""
    repo = _repository(tmp_path, CODE)

    run = run_action(tmp_path, repo)

    assert run.ran == ["audit", "Upload to code scanning", "Fail on findings"], run.log
    assert run.codes == {"audit": 0, "Fail on findings": 1}
    sarif = Path(run.outputs["audit"]["sarif-file"])
    assert run.outputs["audit"]["exit-code"] == "1"
    assert run.uses == {
        "github/codeql-action/upload-sarif": {
            "sarif_file": str(sarif),
            "category": "deprecations-audit",
        }
    }
    log = json.loads(sarif.read_text())
    jsonschema.validate(log, SARIF_SCHEMA)
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "app.py"
    assert result["level"] == "error"
    assert run.summary.startswith(
        "### Claude model deprecations\n\n```text\napp.py\n  1:31  error "
    )
    assert "claude-2.1 on Claude API: retired on 2025-07-21" in run.summary
    assert "\x1b[" not in run.summary
    assert (
        "::error title=deprecations audit::the code calls models at or above 'retired'" in run.log
    )


def _runner_commands(log: str) -> list[str]:
    """The workflow commands the runner would run from a log: `::name …::` lines (after the
    spaces it trims) and `##[`, except between `::stop-commands::TOKEN` and `::TOKEN::`."""
    found, stopped = [], None
    for line in log.split("\n"):
        stripped = line.lstrip()
        if stopped is not None:
            if stripped == f"::{stopped}::":
                stopped = None
            continue
        if stripped.startswith("::stop-commands::"):
            stopped = stripped.removeprefix("::stop-commands::")
        elif stripped.startswith("::") or "##[" in stripped:
            found.append(stripped)
    return found


@pytest.mark.slow
def test_file_names_run_no_workflow_command_and_stay_in_the_summarys_fence(
    tmp_path: Path,
) -> None:
    """A pull request adding files named like workflow commands, a code fence or a link: the
    log runs none of them (printed with commands off, and escaped anyway), and the job summary
    keeps them inside its code block."""
    names = ["::error title=Injected::owned", "```", "[x](https:evil.example).py", "##[error]x"]
    repo = _repository(tmp_path, dict.fromkeys(names, '"claude-2.1"\n'))

    run = run_action(tmp_path, repo, **{"upload-sarif": "false"})

    assert run.codes == {"audit": 0, "Fail on findings": 1}, run.log
    assert _runner_commands(run.log) == [
        "::error title=deprecations audit::the code calls models at or above 'retired' (see above)"
    ]
    assert "\\x3a:error title=Injected::owned" in run.log
    fence = "````"
    assert run.summary.startswith(f"### Claude model deprecations\n\n{fence}text\n")
    assert run.summary.endswith(f"\n{fence}\n")
    assert run.summary.count(fence) == 2


def test_the_command_reader_sees_commands_outside_a_stop() -> None:
    """The log reader above can fail: a command outside stop-commands is found."""
    log = "::stop-commands::abc\n::error::inert\n::abc::\n  ::warning::live\nx ##[error]y"
    assert _runner_commands(log) == ["::warning::live", "x ##[error]y"]


@pytest.mark.slow
def test_clean_code_passes_and_says_so(tmp_path: Path) -> None:
    """No finding: an empty SARIF is still uploaded (it closes old alerts), the job is green."""
    repo = _repository(tmp_path, {"README.md": "We use claude-code.\n"})

    run = run_action(tmp_path, repo)

    assert run.ran == ["audit", "Upload to code scanning"], run.log
    assert run.codes == {"audit": 0}
    assert run.outputs["audit"]["exit-code"] == "0"
    assert run.summary == "### Claude model deprecations\n\nNo deprecated or retired model found.\n"


@pytest.mark.slow
def test_inputs_reach_the_audit(tmp_path: Path) -> None:
    """fail-on never keeps the job green; two paths; the platform; no upload when turned off."""
    repo = _repository(
        tmp_path,
        {"a/app.py": '"claude-2.1"\n', "b/app.py": '"claude-2.1"\n', "c/app.py": '"claude-2.1"\n'},
    )

    run = run_action(
        tmp_path,
        repo,
        path="a b",
        **{"fail-on": "never", "upload-sarif": "false"},
        platform="foundry",
    )

    assert run.ran == ["audit"], run.log
    assert run.outputs["audit"]["exit-code"] == "0"
    results = json.loads(Path(run.outputs["audit"]["sarif-file"]).read_text())["runs"][0]["results"]
    where = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results]
    assert where == ["a/app.py", "b/app.py"]
    assert {r["properties"]["platform"] for r in results} == {"foundry"}


@pytest.mark.slow
def test_a_wrong_input_fails_the_step_without_uploading(tmp_path: Path) -> None:
    """fail-on: sometimes is a usage error: the audit step fails (exit 2), nothing after runs."""
    repo = _repository(tmp_path, CODE)

    run = run_action(tmp_path, repo, **{"fail-on": "sometimes"})

    assert run.ran == ["audit"]
    assert run.codes == {"audit": 2}
    assert "the audit could not run (exit 2)" in run.log


def test_action_declares_the_three_inputs_and_pins_upload_sarif() -> None:
    """Inputs path, fail-on, platform (and the upload switch); upload-sarif pinned to a SHA."""
    action = _load(ACTION)
    [upload] = [step["uses"] for step in action["runs"]["steps"] if "uses" in step]
    line = next(text for text in ACTION.read_text().splitlines() if "upload-sarif@" in text)

    assert list(action["inputs"]) == ["path", "fail-on", "platform", "upload-sarif"]
    assert action["runs"]["using"] == "composite"
    assert re.fullmatch(r"github/codeql-action/upload-sarif@[0-9a-f]{40}", upload)
    assert re.search(r"# v\d+\.\d+\.\d+$", line)


# --- pre-commit ------------------------------------------------------------------------------


def _pre_commit() -> str:
    found = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("pre-commit is missing: python -m pip install -e '.[test]'")
    return found


@pytest.mark.slow
def test_pre_commit_hook_through_try_repo(tmp_path: Path) -> None:
    """`pre-commit try-repo` installs this repository's hook and fails on a retired model."""
    repo = _repository(tmp_path, {"ok.py": '"claude-opus-4-1"\n'})
    env = _git_env(tmp_path) | {"PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    (repo / "bad.py").write_text('"claude-2.1"\n')
    subprocess.run(["git", "add", "bad.py"], cwd=repo, env=env, check=True)

    result = subprocess.run(
        [_pre_commit(), "try-repo", str(ROOT), "deprecations-audit", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "Claude model deprecations" in result.stdout
    assert "Failed" in result.stdout
    assert "bad.py\n  1:2  error    claude-2.1 on Claude API: retired on" in result.stdout


def test_pre_commit_hook_definition() -> None:
    """One hook, `deprecations audit` on text files, run once over all of them."""
    hooks = YAML(typ="safe", pure=True).load((ROOT / ".pre-commit-hooks.yaml").read_text())

    assert [(h["id"], h["entry"], h["language"], h["types"]) for h in hooks] == [
        ("deprecations-audit", "deprecations audit", "python", ["text"])
    ]
    assert hooks[0]["require_serial"] is True


# --- release ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("tag", "code"), [("v0.1.0", 0), ("v0.1.1", 1), ("0.1.0", 1), ("", 1)])
def test_release_tag_must_be_the_version(tag: str, code: int) -> None:
    """The release refuses a tag that is not `v` + the version (scraper/VERSION)."""
    version = _load_version()
    tag = tag.replace("0.1.0", version)
    result = subprocess.run(
        ["bash", str(ROOT / ".github" / "scripts" / "check-release-tag.sh")],
        cwd=ROOT,
        env={**os.environ, "TAG": tag},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == (0 if tag == f"v{version}" else 1), result.stdout


def _load_version() -> str:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dynamic"] == ["version"]  # read from scraper/VERSION by the build
    return (ROOT / "scraper" / "VERSION").read_text().strip()


@pytest.mark.slow
def test_built_distributions_carry_the_model_data(tmp_path: Path) -> None:
    """`python -m build` (as the release job runs it) gives an sdist and a wheel with
    models.json and CHANGELOG.md equal to snapshots/'s; the release's check accepts them."""
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    import zipfile

    [wheel] = (tmp_path / "dist").glob("*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read("scraper/data/models.json")
        changelog = archive.read("scraper/data/CHANGELOG.md")  # `deprecations mcp` serves it
    check = subprocess.run(
        ["bash", str(ROOT / ".github" / "scripts" / "check-dist.sh"), str(tmp_path / "dist")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert shipped == (ROOT / "snapshots" / "models.json").read_bytes()
    assert changelog == (ROOT / "snapshots" / "CHANGELOG.md").read_bytes()
    assert check.returncode == 0, check.stdout + check.stderr


def test_release_publishes_with_trusted_publishing_only() -> None:
    """Tag pushes only; the publish job has id-token: write and no password or token input."""
    workflow = _load(ROOT / ".github" / "workflows" / "release.yml")
    publish = workflow["jobs"]["publish"]
    [step] = [s for s in publish["steps"] if s.get("uses", "").startswith("pypa/")]

    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["permissions"] == {}
    assert publish["permissions"] == {"id-token": "write"}
    assert publish["environment"]["name"] == "pypi"
    assert "with" not in step
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read"}
