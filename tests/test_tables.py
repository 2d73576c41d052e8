"""The terminal tables of `models`, `upcoming` and `resolve` at any width (#28).

An id, a date or a status word is never broken: a table too wide for the terminal leaves out
its least important columns and says which on stderr. Piped, COLUMNS is the width.
"""

from __future__ import annotations

import datetime as dt
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


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("width", [30, 45, 60, 72, 80, 100, 120, 160])
def test_no_id_or_date_is_ever_broken_and_the_rest_fits(
    name: str, width: int, snapshots: Path, index: ModelIndex
) -> None:
    """Piped with COLUMNS=N: every id-like token is a whole id, every date a whole date; the
    table fits N unless its model column alone is wider; left-out columns are named."""
    result = _run(snapshots, COMMANDS[name], {"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    ids = _whole_tokens(index)
    table = result.stdout.split("\n\n")[0].splitlines()
    header, rows = table[0], table[1:]
    assert rows
    for token in (t for row in rows for t in row.split()):
        if "claude" in token:
            assert token in ids, token
        elif token[:1].isdigit() and "-" in token:
            assert _DATE.match(token), token
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


def test_a_platform_table_of_data_without_platform_pages_says_why(tmp_path: Path) -> None:
    """`models --platform bedrock` on a models.json that holds no platform ids says where
    they come from, not only `(no models)`."""
    bare = joined_index().model_copy(update={"models": ()})
    models = tuple(model.model_copy(update={"platforms": {}}) for model in joined_index().models)
    (tmp_path / "models.json").write_text(
        dumps(bare.model_copy(update={"models": models})), encoding="utf-8"
    )
    result = _run(tmp_path, ["models", "--platform", "bedrock"], {})
    assert (result.exit_code, result.stdout) == (0, "(no models)\n")
    assert result.stderr.startswith(f"hint: {tmp_path / 'models.json'} holds no platform ids")
    assert "platform pages" in result.stderr
