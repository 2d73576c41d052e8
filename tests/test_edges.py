"""The command line's edges (#28): each with its documented exit code and a message that says
what to do, run through `main` as the `deprecations` script runs it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from scraper.cli import main
from scraper.errors import ExitCode


def _run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as ended:
        main(list(arguments))
    out, err = capsys.readouterr()
    code = ended.value.code
    return (code if isinstance(code, int) else -1), out, err


@pytest.mark.parametrize(
    ("arguments", "commands"),
    [((), "audit, catalog, diff"), (("catalog",), "check")],
)
def test_a_group_without_its_command_shows_its_help_once_and_one_error(
    capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], commands: str
) -> None:
    """`deprecations catalog` alone: the help once, then one `error:` line naming the
    commands; exit 2 (it used to print the help twice around `error: usage:`)."""
    code, out, err = _run(capsys, *arguments)
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.count("Usage: deprecations") == 1
    assert "error: usage" not in err
    last = err.rstrip("\n").splitlines()[-1]
    assert last.startswith("error: name a command after deprecations") and commands in last


def test_parse_of_a_document_that_is_not_the_page_says_so(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A README whose table pairs hyphenated words with prose is not a status table in
    unknown words: the page has no status table (exit 3), not "unknown lifecycle word"."""
    readme = tmp_path / "NOTES.md"
    readme.write_text(
        "# Checks\n\n| check | holds a page back when |\n|---|---|\n"
        "| `backwards` | a model's status moves backwards |\n"
        "| `many-statuses` | more than 8 models change status at once |\n"
        "| `look-alike` | a model is removed while a near-identical id appears |\n\n"
        "That is all.\n",
        encoding="utf-8",
    )
    code, out, err = _run(capsys, "parse", str(readme))
    assert (code, out) == (ExitCode.REJECTED, "")
    assert (
        err
        == f"error: {readme}: no model status table found (a table of model ids and their status)\n"
    )


def test_parse_of_a_binary_file_is_an_input_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A binary file is refused before it is read as a page, without its bytes in the message."""
    binary = tmp_path / "page.md"
    binary.write_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)))
    code, _, err = _run(capsys, "parse", str(binary))
    assert (code, err) == (ExitCode.USAGE, f"error: {binary}: a binary file, not text\n")


def test_notify_with_a_missing_report_directory_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`notify --report-dir /nonexistent`: exit 2 and what to pass, with or without a webhook."""
    missing = tmp_path / "nowhere"
    for webhook in ("", "https://hooks.example.org/x"):
        monkeypatch.setenv("DEPRECATIONS_WEBHOOK_URL", webhook)
        code, out, err = _run(capsys, "notify", "--report-dir", str(missing))
        assert (code, out) == (ExitCode.USAGE, "")
        assert err == (
            f"error: {missing}: no such directory (pass the one `deprecations run "
            "--report-dir` wrote)\n"
        )


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("root=data,key=nope,date=retires_on", "no entry has key=nope (the entries have id,"),
        ("root=data,key=id,date=retires", "no entry has date=retires (the entries have id,"),
        ("root=data,key=id,status=state", "no entry has status=state"),
        ("key=id,date=retires_on", "no entries (objects) at the top of the document"),
        ("root=data,key=id,date=retires_on,provider=vendor", "no entry has provider=vendor"),
    ],
)
def test_a_format_spec_naming_a_field_no_entry_has_is_an_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, spec: str, message: str
) -> None:
    """A field the catalogue does not have (a typo) would check nothing and pass: exit 2."""
    catalogue = tmp_path / "catalogue.json"
    entries = [{"id": "claude-2.1", "retires_on": "2025-07-21"}, {"id": "gpt-4", "x": 1}]
    catalogue.write_text(json.dumps({"data": entries}))
    code, out, err = _run(capsys, "catalog", "check", "json", str(catalogue), "--format-spec", spec)
    assert (code, out) == (ExitCode.USAGE, "")
    assert err.startswith(f"error: --format-spec: {message}") and err.count("\n") == 1


def test_a_format_spec_whose_fields_exist_still_checks(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The check leaves a good spec alone: an entry without the date still counts as such."""
    catalogue = tmp_path / "catalogue.json"
    entries = [{"id": "claude-2.1", "retires_on": "2025-07-21"}, {"id": "claude-3-opus-20240229"}]
    catalogue.write_text(json.dumps({"data": entries}))
    code, out, _ = _run(
        capsys,
        "catalog",
        "check",
        "json",
        str(catalogue),
        "--format-spec",
        "root=data,key=id,date=retires_on",
        "--format",
        "json",
    )
    kinds = [finding["kind"] for finding in json.loads(out)["findings"]]
    assert (code, kinds) == (1, ["consistent", "retired_still_listed"])


def _complete(words: str, capsys: pytest.CaptureFixture[str]) -> list[str]:
    os.environ["_DEPRECATIONS_COMPLETE"] = "bash_complete"
    os.environ["COMP_WORDS"] = words
    os.environ["COMP_CWORD"] = str(len(words.split()) - 1)
    try:
        with pytest.raises(SystemExit):
            main([])
    finally:
        for name in ("_DEPRECATIONS_COMPLETE", "COMP_WORDS", "COMP_CWORD"):
            del os.environ[name]
    return [line.split(",", 1)[1] for line in capsys.readouterr().out.splitlines()]


def test_completion_offers_languages_and_related_pages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`--locale z<TAB>` offers the Chinese locales; `--locales en,z<TAB>` keeps `en,`;
    `run --locales` offers the related pages too, never a name already chosen."""
    assert _complete("deprecations models --locale z", capsys) == ["zh-TW", "zh-CN"]
    assert _complete("deprecations upcoming --locale PT", capsys) == ["pt-BR"]
    assert _complete("deprecations run --locales en,z", capsys) == ["en,zh-TW", "en,zh-CN"]
    assert _complete("deprecations run --locales en,models", capsys) == ["en,models-overview"]
    offered = _complete("deprecations run --locales en,", capsys)
    assert "en,en" not in offered and "en,ja" in offered and "en,claude-on-vertex-ai" in offered
