"""The terminal tables of `models`, `upcoming` and `resolve` at any width (#28).

An id, a date or a status word is never broken: a table too wide for the terminal leaves out
its least important columns and says which on stderr. Piped, COLUMNS is the width.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scraper.answers.standing import status_on
from scraper.cli import cli
from scraper.commands._tables import ALWAYS, Column, Grid, fit
from scraper.records import CanonicalModel, ModelIndex, dumps
from tests.test_related import joined_index

AS_OF = "2026-10-10"
RESOLVED = (
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "claude-opus-4@20250514",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-haiku-20241022-v1:0",
    "claude-haiku-4-5",
)
COMMANDS = {
    "models": ["models", "--as-of", AS_OF],
    "upcoming": ["upcoming", "--as-of", AS_OF, "--within", "1y", "--include-tentative"],
    "models --platform": ["models", "--as-of", AS_OF, "--platform", "bedrock-legacy"],
    "models --locale": ["models", "--as-of", AS_OF, "--locale", "zh-TW"],
    "resolve": ["resolve", *RESOLVED],
}
# The columns a table keeps at any width (the words of their headers).
ESSENTIAL = {
    "models": ["MODEL", "STATUS"],
    "upcoming": ["MODEL", "STATUS"],
    "models --platform": ["MODEL", "ID", "ON", "BEDROCK-LEGACY"],
    "models --locale": ["MODEL", "STATUS"],
    "resolve": ["INPUT", "MODEL"],
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def index() -> ModelIndex:
    return joined_index()


@pytest.fixture(scope="module")
def snapshots(index: ModelIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("snapshots")
    (directory / "models.json").write_text(dumps(index), encoding="utf-8")
    return directory


def _run(snapshots: Path, arguments: list[str], env: dict[str, str]) -> Result:
    return CliRunner(env=env).invoke(cli, [*arguments, "--snapshots", str(snapshots)])


def _whole_tokens(index: ModelIndex) -> set[str]:
    """Every id a table may show, whole."""
    tokens = {*RESOLVED, "claude-api"}  # a platform's name
    for model in index.models:
        tokens |= {model.model, f"{model.model}*", *(model.aliases or ())}
        tokens |= {model.replacement} if model.replacement else set()
        for entry in model.platforms.values():
            tokens |= set(entry.ids)
    return tokens


def _check_whole(lines: list[str], ids: set[str]) -> None:
    """Every id-like token is a whole id, every date-like one a whole date."""
    for token in (t for line in lines for t in line.split()):
        if "claude" in token:
            assert token in ids, token
        elif token[:1].isdigit() and "-" in token:
            assert _DATE.match(token), token


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("width", [30, 45, 60, 72, 80, 100, 120, 160])
def test_no_id_or_date_is_ever_broken_and_the_rest_fits(
    name: str, width: int, snapshots: Path, index: ModelIndex
) -> None:
    """Piped with COLUMNS=N: every id-like token is a whole id, every date a whole date; the
    table fits N, leaving out columns and naming them; when even the columns that always stay
    are wider, each row is a block of its own that keeps every column, and only a line
    holding one whole id may be wider."""
    result = _run(snapshots, COMMANDS[name], {"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    ids = _whole_tokens(index)
    notes = re.compile(r"\n\n(?:\* |RETIRES is)")  # conflicts, whose dates apply
    output = notes.split(result.stdout)[0].splitlines()
    _check_whole(output, ids)
    header = output[0]
    if not header.startswith(ESSENTIAL[name][0]):  # one block per row
        assert result.stderr == ""
        headings = [line for line in output if line and not line.startswith(" ")]
        assert headings and all(len(line.split()) == 1 for line in headings)
        fields = [line.split("  ")[1].strip() for line in output if line.startswith("  ")]
        assert set(ESSENTIAL[name][1:]) <= {word for field in fields for word in field.split()}
        # Narrower than the columns that always stay, side by side, would be.
        kept = " ".join(ESSENTIAL[name][1:])
        values = [line.split(kept, 1)[1].strip() for line in output if f"  {kept}  " in line]
        side_by_side = max(map(len, headings)) + 2 + max(map(len, values))
        assert max(map(len, output)) < side_by_side
        assert side_by_side > width
        return
    table = output
    assert table[1:]
    if max(len(line) for line in table) > width:  # only what is never left out
        assert header.split() == ESSENTIAL[name]
    hint = result.stderr
    if hint:
        assert hint.startswith("hint: ") and f"to fit {width} columns" in hint
        for header_left_out in hint.removeprefix("hint: ").split(" left out")[0].split(", "):
            assert header_left_out not in header
    else:
        assert max(len(line) for line in table) <= width
        assert set(ESSENTIAL[name]) < set(header.split())


def test_a_narrow_terminal_shows_each_resolved_id_as_a_block_with_every_column(
    snapshots: Path,
) -> None:
    """At 60 columns a Bedrock id and its model side by side are already wider: each input
    becomes a block with every column, the status included, and nothing is left out."""
    result = _run(snapshots, ["resolve", RESOLVED[0], RESOLVED[3]], {"COLUMNS": "60"})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout == (
        "us.anthropic.claude-sonnet-4-20250514-v1:0\n"
        "  MODEL            claude-sonnet-4-20250514\n"
        "  PLATFORM         bedrock-legacy\n"
        "  STATUS           Retired\n"
        "  PLATFORM STATUS  Deprecated\n"
        "  RETIRES          2026-06-15\n"
        "  REPLACEMENT      claude-sonnet-5-5\n"
        "\n"
        "claude-haiku-4-5\n"
        "  MODEL            claude-haiku-4-5-20251001\n"
        "  PLATFORM         claude-api\n"
        "  STATUS           Active\n"
        "  PLATFORM STATUS  Active\n"
        "  RETIRES          ≥ 2026-10-15\n"
        "  REPLACEMENT      -\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 60


def test_a_narrow_pipe_keeps_the_important_columns_and_says_which_went(snapshots: Path) -> None:
    """At 80 columns `models` keeps status, retirement and replacement, and says that the
    deprecation date and days left are left out."""
    result = _run(snapshots, COMMANDS["models"], {"COLUMNS": "80"})
    header = result.stdout.splitlines()[0].split()
    assert header == ["MODEL", "STATUS", "RETIRES", "REPLACEMENT"]
    assert result.stderr == (
        "hint: DEPRECATED, DAYS LEFT left out to fit 80 columns "
        "(a wider terminal, COLUMNS=N or --format json shows every column)\n"
    )
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


def test_a_pipe_without_columns_is_never_narrowed(snapshots: Path) -> None:
    """Without COLUMNS a piped table keeps every column, however wide."""
    result = CliRunner().invoke(
        cli, ["resolve", *RESOLVED, "--snapshots", str(snapshots)], env={"COLUMNS": ""}
    )
    assert result.stdout.splitlines()[0].split() == [
        "INPUT",
        "MODEL",
        "PLATFORM",
        "STATUS",
        "PLATFORM",
        "STATUS",
        "RETIRES",
        "REPLACEMENT",
    ]
    assert result.stderr == ""


def _grid(*widths: tuple[int, int]) -> Grid:
    from rich.text import Text

    return Grid(
        tuple(Column(f"C{n}", drop, (Text("x" * size),)) for n, (size, drop) in enumerate(widths))
    )


def test_fit_takes_columns_by_importance_while_they_fit() -> None:
    """A narrow column of lesser importance still takes room a wider, more important one
    could not; the columns keep their order; those left out are named, least important
    first."""
    grid = _grid((10, ALWAYS), (20, 1), (5, 2), (30, 3))
    shown, dropped = fit(grid, 20)
    assert [c.header for c in shown.columns] == ["C0", "C2"]
    assert dropped == ("C3", "C1")
    assert fit(grid, None) == (grid, ())
    assert fit(grid, 5)[0].columns == (grid.columns[0],)  # the model stays, wider or not


def _model(status: str, retires: dt.date, *, tentative: bool = False) -> CanonicalModel:
    return CanonicalModel.model_validate(
        {
            "model": "claude-x-1",
            "status": status,
            "deprecated_on": "2026-01-01",
            "retires_on": retires.isoformat(),
            "retires_on_qualifier": "not_sooner_than" if tentative else None,
            "replacement": None,
            "announced_on": None,
            "retired_on": None,
            "sources": {},
        }
    )


def test_a_firm_date_that_passed_is_a_retirement_today_a_tentative_one_is_not() -> None:
    """Today, a firm date already behind retires the model whatever the page's word; on the
    day itself too; a "not sooner than" date that passed retires nothing."""
    today = dt.date(2026, 12, 4)
    firm = _model("deprecated", dt.date(2026, 11, 30))
    assert status_on(firm, today, today) == "retired"
    assert status_on(firm, dt.date(2026, 11, 30), today) == "retired"
    assert status_on(firm, dt.date(2026, 11, 29), today) == "deprecated"
    assert status_on(firm, dt.date(2025, 12, 31), today) == "active"
    tentative = _model("active", dt.date(2026, 11, 30), tentative=True)
    assert status_on(tentative, today, today) == "active"


def test_a_passed_not_sooner_than_date_says_date_passed(snapshots: Path) -> None:
    """`models` on a day after a "not sooner than" date: `date passed`, never `≥ 0`."""
    result = _run(snapshots, ["models", "--as-of", "2027-03-01", "--status", "active"], {})
    row = next(line for line in result.stdout.splitlines() if line.startswith("claude-opus-4-6 "))
    assert "date passed" in row
    assert "≥ 0 " not in result.stdout


def _without_platform_pages(directory: Path) -> Path:
    """A models.json as a run that read no platform page writes it: each model's Claude API
    entry (from the deprecations page itself) and no other platform."""
    index = joined_index()
    models = tuple(
        model.model_copy(
            update={"platforms": {k: v for k, v in model.platforms.items() if k == "claude-api"}}
        )
        for model in index.models
    )
    assert any(model.platforms for model in models)
    (directory / "models.json").write_text(
        dumps(index.model_copy(update={"models": models})), encoding="utf-8"
    )
    return directory


@pytest.mark.parametrize("platform", ["bedrock", "vertex-ai", "foundry"])
def test_a_platform_table_of_data_without_platform_pages_says_why(
    tmp_path: Path, platform: str
) -> None:
    """`models --platform P` on a models.json that holds no ids on P (its page was not read)
    says where they come from, not only `(no models)`."""
    data = _without_platform_pages(tmp_path)
    result = _run(data, ["models", "--platform", platform], {})
    assert (result.exit_code, result.stdout) == (0, "(no models)\n")
    assert result.stderr.startswith(f"hint: {data / 'models.json'} holds no ids on {platform}: ")
    assert f"{platform}'s own page" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_a_status_no_model_has_says_so(snapshots: Path) -> None:
    """A filter that leaves nothing names what it asked for and the day, on stderr."""
    result = _run(snapshots, ["models", "--status", "legacy", "--as-of", AS_OF], {})
    assert (result.exit_code, result.stdout) == (0, "(no models)\n")
    assert result.stderr == f"hint: no model is legacy on {AS_OF}\n"


def test_an_empty_window_says_what_include_tentative_adds(snapshots: Path) -> None:
    """`upcoming` with no firm retirement in the window says so, and how many models
    --include-tentative would add; with it, that the window holds no date at all."""
    day = "2027-04-01"  # after the last firm date, while "not sooner than" dates fall due
    plain = _run(snapshots, ["upcoming", "--as-of", day, "--within", "30d"], {})
    tentative = _run(
        snapshots, ["upcoming", "--as-of", day, "--within", "30d", "--include-tentative"], {}
    )
    listed = len(tentative.stdout.splitlines()) - 1
    assert listed > 1
    assert (plain.exit_code, plain.stdout) == (0, "(no models)\n")
    assert plain.stderr == (
        f"hint: no firm retirement date from {day} to 2027-05-01; --include-tentative also "
        f"lists the {listed} models whose 'not sooner than' date falls in it or has passed "
        "(no retirement announced yet)\n"
    )
    empty = _run(snapshots, ["upcoming", "--as-of", "2020-01-01", "--within", "1d"], {})
    assert empty.stderr.startswith("hint: no firm retirement date from 2020-01-01 to 2020-01-02")


@pytest.mark.parametrize(
    ("day", "status"), [("2026-11-29", "Deprecated"), ("2026-12-01", "Retired")]
)
def test_resolve_and_models_say_the_same_status_on_the_same_day(
    snapshots: Path, day: str, status: str
) -> None:
    """Sonnet 4.5 retires firmly on 2026-11-30 while the page still says deprecated: both
    commands read the day's status from the dates, in the table and in resolve's JSON."""
    model = "claude-sonnet-4-5-20250929"
    models = _run(snapshots, ["models", "--as-of", day], {})
    row = next(line for line in models.stdout.splitlines() if line.startswith(model + " "))
    resolved = _run(snapshots, ["resolve", "claude-sonnet-4-5", model, "--as-of", day], {})
    assert [line.split()[3] for line in resolved.stdout.splitlines()[1:]] == [status] * 2
    assert row.split()[1] == status
    as_json = _run(
        snapshots, ["resolve", "claude-sonnet-4-5", "--as-of", day, "--format", "json"], {}
    )
    [found] = json.loads(as_json.stdout)
    assert (found["status"], found["platform_status"]) == (status.lower(),) * 2


@pytest.mark.parametrize("width", [40, 60, 80])
def test_notes_under_a_table_wrap_between_words(snapshots: Path, width: int) -> None:
    """The note on whose dates apply under `models --platform` fits the width, broken only
    between words, every id in it whole; piped without COLUMNS it stays one line."""
    arguments = ["models", "--platform", "vertex-ai"]
    whole = _run(snapshots, arguments, {"COLUMNS": ""}).stdout.split("\n\nRETIRES", 1)[1]
    assert whole.startswith(" is the Claude API's date.") and whole.count("\n") == 1
    wrapped = (
        "RETIRES"
        + _run(snapshots, arguments, {"COLUMNS": str(width)}).stdout.split("\n\nRETIRES", 1)[1]
    )
    lines = wrapped.splitlines()
    assert len(lines) > 1 and max(len(line) for line in lines) <= width
    assert " ".join(lines) == "RETIRES" + whole.rstrip()


@pytest.mark.parametrize(
    ("day", "status"), [("2026-11-29", "deprecated"), ("2026-12-01", "retired")]
)
def test_json_says_the_status_of_the_day_that_chose_the_model(
    snapshots: Path, day: str, status: str
) -> None:
    """`models --status retired --format json` after Sonnet 4.5's firm retirement lists it
    as retired, not with the page's older word; `upcoming`'s JSON says the same."""
    model = "claude-sonnet-4-5-20250929"
    listed = _run(snapshots, ["models", "--as-of", day, "--status", status, "--format", "json"], {})
    [found] = [m for m in json.loads(listed.stdout)["models"] if m["model"] == model]
    assert found["status"] == status
    assert {m["status"] for m in json.loads(listed.stdout)["models"]} == {status}
    window = _run(snapshots, ["upcoming", "--as-of", "2026-11-29", "--format", "json"], {})
    assert [(m["model"], m["status"]) for m in json.loads(window.stdout)["models"]] == [
        (model, "deprecated")
    ]
