"""The MCP server's answers (scraper/answers/mcp/tools.py), without the protocol: each equals
the JSON of the equivalent command on the same data, and bad arguments are one-line errors.

The server's own tests (tests/test_mcp_server.py) check that the protocol carries these
results unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from scraper.answers.data import Index, IndexSource, plain
from scraper.answers.mcp import tools
from scraper.cli import cli
from scraper.errors import InputError
from scraper.records import (
    PLATFORMS,
    STATUSES,
    ModelIndex,
    PageVersion,
    Platform,
    Record,
    RunStamp,
    Status,
    dumps,
)
from tests.test_related import joined_index

TODAY = dt.date(2026, 12, 4)
DATA_DATE = dt.date(2026, 10, 10)


def stamped_index() -> ModelIndex:
    """The real pages' index, with the page version and run a stored models.json carries."""
    page = PageVersion(url="https://example.org/deprecations", sha256="ab" * 32, date=DATA_DATE)
    return joined_index().model_copy(update={"source": page, "run": RunStamp(date=DATA_DATE)})


@pytest.fixture(scope="module")
def snapshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("snapshots")
    (directory / "models.json").write_text(dumps(stamped_index()), encoding="utf-8")
    return directory


@pytest.fixture(scope="module")
def source(snapshots: Path) -> IndexSource:
    return IndexSource(plain(stamped_index()), str(snapshots / "models.json"))


def command_json(*arguments: str) -> Any:
    result = CliRunner().invoke(cli, list(arguments), prog_name="deprecations")
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def structured(result: Record, *extra: str) -> dict[str, Any]:
    """The result as an agent receives it, without the keys the command does not print."""
    found: dict[str, Any] = result.model_dump(mode="json")
    assert found["data"] == {
        "origin": found["data"]["origin"],
        "date": DATA_DATE.isoformat(),
        "page_url": "https://example.org/deprecations",
        "page_sha256": "ab" * 32,
    }
    return {key: value for key, value in found.items() if key not in {"data", *extra}}


IDS = (
    "claude-3-5-sonnet-latest",
    "claude-3-5-sonnet-20241022",
    "us.anthropic.claude-sonnet-4-20250514-v1:0",
    "arn:aws:bedrock:eu-west-1:123456789012:inference-profile/eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
    "claude-sonnet-4-5@20250929",
    "publishers/anthropic/models/claude-opus-4-1@20250805",
    "claude-haiku-4-5",
    "claude-4-sonnet",  # version before family: Claude Sonnet 4
    "claude-opus-4-3",
    "gpt-4o",
    "",
    "  claude-opus-4-6  ",
)


def test_resolve_model_ids_equals_resolve_json(snapshots: Path, source: IndexSource) -> None:
    """Every written form, resolved or not, gets what `resolve --format json` prints for it."""
    expected = command_json("resolve", "--snapshots", str(snapshots), "--format", "json", *IDS)
    today = dt.datetime.now(dt.UTC).date()  # the command's today
    result = tools.resolve_model_ids(source, IDS, today=today)
    assert structured(result, "as_of") == {"answers": expected}
    assert [answer.model is None for answer in result.answers].count(True) == 3  # 4-3, gpt, ""


@pytest.mark.parametrize(
    "statuses",
    [None, ("deprecated",), ("retired", "legacy"), ("active",), tuple(STATUSES)],
    ids=str,
)
@pytest.mark.parametrize("platform", [None, *PLATFORMS])
@pytest.mark.parametrize("as_of", ["2026-12-04", "2025-01-15", "2027-08-01"])
def test_list_models_equals_models_json(
    snapshots: Path,
    source: IndexSource,
    statuses: tuple[Status, ...] | None,
    platform: Platform | None,
    as_of: str,
) -> None:
    """Every filter of statuses and platform, on days before, between and after the
    retirements, gives the document `models --format json` prints."""
    arguments = ["models", "--snapshots", str(snapshots), "--format", "json", "--as-of", as_of]
    arguments += ["--status", ",".join(statuses)] if statuses else []
    arguments += ["--platform", platform] if platform else []
    result = tools.list_models(
        source, statuses=statuses, platform=platform, as_of=as_of, today=TODAY
    )
    assert structured(result, "as_of") == command_json(*arguments)
    assert result.as_of.isoformat() == as_of


@pytest.mark.parametrize("within", ["90d", "12w", "3m", "1y", "400", "0d", "100y"])
@pytest.mark.parametrize("tentative", [False, True])
@pytest.mark.parametrize("as_of", [None, "2026-01-01", "2026-11-01"])
def test_upcoming_retirements_equals_upcoming_json(
    snapshots: Path, source: IndexSource, within: str, tentative: bool, as_of: str | None
) -> None:
    """Each window, with and without the tentative dates, gives `upcoming --format json`."""
    arguments = ["upcoming", "--snapshots", str(snapshots), "--format", "json", "--within", within]
    arguments += ["--include-tentative"] if tentative else []
    arguments += ["--as-of", as_of] if as_of else []
    today = dt.datetime.now(dt.UTC).date()  # the command's today, when no day is given
    result = tools.upcoming_retirements(
        source, within=within, include_tentative=tentative, as_of=as_of, today=today
    )
    assert structured(result, "as_of") == command_json(*arguments)


SNIPPETS = {
    "app.py": (
        "import anthropic\n"
        'client.messages.create(model="claude-3-opus-20240229", max_tokens=10)\n'
        "MODEL = 'claude-sonnet-4-5'  # claude-code and claude-3 are no ids\n"
        'fallback = "claude-opus-4-8"\n'
    ),
    "infra.tf": (
        'model_id = "arn:aws:bedrock:us-east-1::foundation-model/'
        'anthropic.claude-3-5-haiku-20241022-v1:0"\n'
        'profile  = "us.anthropic.claude-sonnet-4-20250514-v1:0"\n'
    ),
    "vertex.js": (
        "const url = `${base}/publishers/anthropic/models/claude-opus-4@20250514:rawPredict`;\n"
        "const m = 'claude-haiku-4-5@20251001'; // ünïcödé before: 模型 claude-3-haiku-20240307\n"
    ),
    "notebook.ipynb": json.dumps(
        {
            "cells": [
                {"cell_type": "markdown", "source": ["# Try\n"]},
                {
                    "cell_type": "code",
                    "source": ['m = "claude-2.1"\n', 'n = "claude-3-7-sonnet-20250219"\n'],
                    "outputs": [{"text": "claude-instant-1.2"}],
                },
            ]
        },
        indent=1,
    ),
    "plain.txt": "nothing here\n",
}


@pytest.mark.parametrize("name", sorted(SNIPPETS))
@pytest.mark.parametrize("platform", [None, "bedrock", "vertex-ai", "foundry"])
@pytest.mark.parametrize("include_active", [False, True])
def test_check_code_equals_audit_json(
    snapshots: Path,
    source: IndexSource,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    platform: Platform | None,
    include_active: bool,
) -> None:
    """A snippet gives the findings `audit FILE --format json` reports for a file holding it
    (lines, columns, statuses, dates, levels), with the same options."""
    (tmp_path / name).write_text(SNIPPETS[name], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    arguments = ["audit", name, "--format", "json", "--snapshots", str(snapshots)]
    arguments += ["--as-of", "2026-06-01", "--fail-on", "never"]
    arguments += ["--platform", platform] if platform else []
    arguments += ["--all"] if include_active else []
    expected = command_json(*arguments)
    result = tools.check_code(
        source,
        text=SNIPPETS[name],
        path=name,
        platform=platform,
        include_active=include_active,
        as_of="2026-06-01",
        today=TODAY,
    )
    assert structured(result) == {"as_of": expected["as_of"], "findings": expected["findings"]}


def test_check_code_finds_what_an_agent_is_about_to_write(source: IndexSource) -> None:
    """Line and column of each retired or deprecated id, and a paragraph that names them."""
    text = 'a = "claude-3-5-sonnet-20241022"\n\nb = client(model="claude-sonnet-4-5")\n'
    result = tools.check_code(
        source, text=text, path=None, platform=None, include_active=False, as_of=None, today=TODAY
    )
    where = [(f.path, f.line, f.column, f.model, f.level) for f in result.findings]
    assert where == [
        ("snippet", 1, 6, "claude-3-5-sonnet-20241022", "error"),
        # its firm date (2026-11-30) has passed: retired, whatever the page still says
        ("snippet", 3, 19, "claude-sonnet-4-5-20250929", "error"),
    ]
    paragraph = tools.check_text(result)
    assert "line 1, column 6: error: claude-3-5-sonnet-20241022" in paragraph
    assert "\n" not in paragraph and paragraph.endswith(f"{DATA_DATE}.)")


def _active_ids(index: Index, platform: Platform | None) -> list[str]:
    """Independently of the tool: the models whose status there is active, page order."""
    found = []
    for model in index.models:
        entry = model.platforms.get(platform) if platform else None
        if platform is not None and entry is None:
            continue
        status = (entry.status if entry else None) or model.status
        if status == "active":
            found.append(model.model)
    return found


@pytest.mark.parametrize("platform", [None, *PLATFORMS])
def test_recommend_model_lists_the_active_models_with_their_ids(
    source: IndexSource, platform: Platform | None
) -> None:
    """The models active there (its own page's status first), in the page's order, each
    with the ids that platform's page gives, copied, never made up."""
    result = tools.recommend_model(source, family=None, platform=platform, as_of=None, today=TODAY)
    index = source.index
    assert [found.model for found in result.models] == _active_ids(index, platform)
    by_id = {model.model: model for model in index.models}
    for found in result.models:
        listed = by_id[found.model].platforms
        wanted = [platform] if platform else list(listed)
        assert found.ids == {where: listed[where].ids for where in wanted}
        assert found.status == "active"
        assert found.aliases == by_id[found.model].aliases


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("opus", "opus"),
        ("Opus", "opus"),
        ("Claude Sonnet", "sonnet"),
        (" haiku ", "haiku"),
        ("mythos", "mythos"),
        ("fable", "fable"),
    ],
)
def test_recommend_model_by_family(source: IndexSource, family: str, expected: str) -> None:
    """A family as people write it, including ones the page adds (Mythos, Fable)."""
    result = tools.recommend_model(source, family=family, platform=None, as_of=None, today=TODAY)
    assert result.family == expected
    assert result.models
    assert all(expected in found.name.lower() for found in result.models)
    assert all(expected in found.model for found in result.models)


def test_recommend_model_on_a_day_when_a_model_was_still_active(source: IndexSource) -> None:
    """On a past day a model since retired is recommended, its dates read as on that day."""
    before = tools.recommend_model(
        source, family="sonnet", platform=None, as_of="2025-06-01", today=TODAY
    )
    now = tools.recommend_model(source, family="sonnet", platform=None, as_of=None, today=TODAY)
    assert "claude-sonnet-4-5-20250929" not in [found.model for found in now.models]
    assert "claude-3-7-sonnet-20250219" in [found.model for found in before.models]


def test_recommend_model_on_a_partner_platform_gives_no_claude_api_dates(
    source: IndexSource,
) -> None:
    """Bedrock and Vertex AI set their own schedules: the API's dates are not theirs."""
    vertex = tools.recommend_model(
        source, family=None, platform="vertex-ai", as_of=None, today=TODAY
    )
    api = tools.recommend_model(source, family=None, platform=None, as_of=None, today=TODAY)
    assert all(found.retires_on is None for found in vertex.models)
    assert any(found.retires_on is not None for found in api.models)
    paragraph = tools.recommendations_text(vertex)
    assert "claude-opus-4-8" in paragraph and "vertex-ai" in paragraph


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: tools.resolve_model_ids(s, [], today=TODAY), "ids: give at least one model id"),
        (
            lambda s: tools.resolve_model_ids(s, ["x"] * 201, today=TODAY),
            "ids: 201 ids; at most 200",
        ),
        (
            lambda s: tools.upcoming_retirements(
                s, within="soon", include_tentative=False, as_of=None, today=TODAY
            ),
            "within: 'soon' is not a window like 90d",
        ),
        (
            lambda s: tools.upcoming_retirements(
                s, within="101y", include_tentative=False, as_of=None, today=TODAY
            ),
            "within: 101y is too long",
        ),
        (
            lambda s: tools.list_models(
                s, statuses=None, platform=None, as_of="2026-02-30", today=TODAY
            ),
            "as_of: '2026-02-30' is not a date",
        ),
        (
            lambda s: tools.list_models(
                s, statuses=None, platform=None, as_of="1999-12-31", today=TODAY
            ),
            "as_of: 1999-12-31 is before 2020-01-01",
        ),
        (
            lambda s: tools.recommend_model(
                s, family="gpt", platform=None, as_of=None, today=TODAY
            ),
            "family: 'gpt' is no family the page names (fable, haiku, instant, mythos, opus",
        ),
        (
            lambda s: tools.check_code(
                s,
                text="claude-2.1 " * 200_000,
                path=None,
                platform=None,
                include_active=False,
                as_of=None,
                today=TODAY,
            ),
            "text: 2200000 bytes; at most 2000000",
        ),
    ],
)
def test_bad_arguments_say_what_to_pass(source: IndexSource, call: Any, message: str) -> None:
    """Each bad argument is an InputError naming the argument and what it takes."""
    with pytest.raises(InputError) as raised:
        call(source)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_every_paragraph_gives_the_datas_date(source: IndexSource) -> None:
    """The text an agent reads without the structured result still dates the data."""
    paragraphs = [
        tools.resolved_text(tools.resolve_model_ids(source, ["claude-2.1", "nope"], today=TODAY)),
        tools.listing_text(
            tools.list_models(source, statuses=None, platform=None, as_of=None, today=TODAY),
            TODAY,
        ),
        tools.listing_text(
            tools.upcoming_retirements(
                source, within="1d", include_tentative=False, as_of=None, today=TODAY
            ),
            TODAY,
        ),
        tools.recommendations_text(
            tools.recommend_model(source, family="opus", platform=None, as_of=None, today=TODAY)
        ),
    ]
    for paragraph in paragraphs:
        assert paragraph.endswith(f"(Data: {source.origin}, {DATA_DATE}.)")
        assert "\n" not in paragraph
    assert "'nope' names no model for certain: 'nope' is not a Claude model id" in paragraphs[0]
    assert paragraphs[2].startswith("No model fits, as of 2026-12-04.")


def test_a_date_yet_to_be_announced_is_said_so(source: IndexSource) -> None:
    """Claude Mythos Preview is deprecated with its retirement date to be announced: the
    paragraph says that, not a bare status."""
    result = tools.resolve_model_ids(source, ["claude-mythos-preview"], today=TODAY)
    [found] = result.answers
    assert (found.status, found.retires_on, found.retires_on_qualifier) == (
        "deprecated",
        None,
        "to_be_announced",
    )
    assert "on the Claude API: deprecated, retirement date to be announced." in (
        tools.resolved_text(result)
    )


@pytest.mark.parametrize("day", ["2026-09-01", "2026-10-15", "2026-10-16", "2026-12-04"])
def test_a_passed_no_sooner_than_date_is_said_to_have_passed(source: IndexSource, day: str) -> None:
    """A "no sooner than" date behind the day sets no retirement (`models` shows `date
    passed`): no paragraph says the model still "retires no sooner than" it."""
    as_of = dt.date.fromisoformat(day)
    recommended = tools.recommend_model(source, family=None, platform=None, as_of=day, today=TODAY)
    ids = [found.model for found in recommended.models]
    paragraphs = [
        tools.recommendations_text(recommended),
        tools.resolved_text(tools.resolve_model_ids(source, ids, as_of=day, today=TODAY)),
        tools.listing_text(
            tools.list_models(source, statuses=["active"], platform=None, as_of=day, today=TODAY),
            TODAY,
        ),
    ]
    tentative = [found for found in recommended.models if found.retires_on_qualifier]
    assert tentative
    for found in tentative:
        assert found.retires_on is not None
        passed = f"its 'no sooner than' date, {found.retires_on}, has passed"
        ahead = f"retires no sooner than {found.retires_on}"
        for paragraph in paragraphs:
            assert (passed in paragraph) == (found.retires_on < as_of), (found.model, paragraph)
            assert (ahead in paragraph) == (found.retires_on >= as_of), (found.model, paragraph)
