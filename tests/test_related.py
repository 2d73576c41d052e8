"""The related pages (models overview, platform pages): records, footnotes, rejection, the join."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pytest

from scraper.answers.data import plain
from scraper.answers.resolve import Answer, Resolver, answer
from scraper.errors import PageParseError
from scraper.fetch.sources import RELATED_BY_NAME, RELATED_PAGES, page_url
from scraper.read.document import Document, Section, Table
from scraper.read.extract import read_page
from scraper.read.markdown import render_html
from scraper.read.related import extract_related, read_related_page, split_status_mark
from scraper.records import ModelIndex, Platform, PlatformEntry, RelatedPageContent, dumps
from scraper.track.guard import check_related_page
from scraper.track.index import canonical_models
from scraper.track.platforms import join_platforms, platform_changes
from tests.conftest import FIXTURES, GOLDEN, assert_golden

RELATED = FIXTURES / "related"
DEPRECATIONS = page_url("en")


def _related(name: str) -> RelatedPageContent:
    return read_related_page((RELATED / f"{name}.md").read_bytes(), RELATED_BY_NAME[name])


def _all_related() -> dict[str, RelatedPageContent]:
    return {page.name: _related(page.name) for page in RELATED_PAGES}


def joined_index() -> ModelIndex:
    """The October 2026 deprecations page joined with the August 2026 related pages."""
    page = read_page((FIXTURES / "pages" / "en--2026-10-10.md").read_bytes()).content
    return join_platforms(
        canonical_models(page),
        _all_related(),
        scope_note=page.scope_note,
        deprecations_url=DEPRECATIONS,
    )


@pytest.mark.parametrize("page", RELATED_PAGES, ids=lambda page: page.name)
def test_related_page_matches_golden_records(page: object) -> None:
    """The whole records document of each related page equals its reviewed golden file."""
    name = page.name  # type: ignore[attr-defined]
    assert_golden(GOLDEN / "related" / f"{name}.json", dumps(_related(name)))


@pytest.mark.parametrize("page", RELATED_PAGES, ids=lambda page: page.name)
def test_related_page_html_gives_the_same_records(page: object) -> None:
    """The page rendered to HTML gives the same records as its Markdown source."""
    name = page.name  # type: ignore[attr-defined]
    html = render_html((RELATED / f"{name}.md").read_text(encoding="utf-8")).encode()
    from_html = read_related_page(html, RELATED_BY_NAME[name], page_format="html")
    assert from_html.model_dump(exclude={"title"}) == _related(name).model_dump(exclude={"title"})


def test_footnote_digits_are_removed_only_when_confirmed() -> None:
    """`anthropic.claude-opus-4-86` is `-4-8` + footnote 6; `-4-6-v1`, `sonnet-4-6` stay."""
    overview = {model.api_id: model for model in _related("models-overview").compared}
    assert overview["claude-opus-4-8"].bedrock_id == "anthropic.claude-opus-4-8"
    assert overview["claude-opus-4-7"].bedrock_id == "anthropic.claude-opus-4-7"
    assert overview["claude-fable-5"].bedrock_id == "anthropic.claude-fable-5"
    assert overview["claude-opus-4-6"].bedrock_id == "anthropic.claude-opus-4-6-v1"
    assert overview["claude-sonnet-4-6"].bedrock_id == "anthropic.claude-sonnet-4-6"


def _overview(rows: Sequence[tuple[str, ...]], paragraphs: tuple[str, ...]) -> Document:
    table = Table(("Feature", "Claude Opus 4.8"), tuple(rows))
    return Document("Models overview", (Section(2, "Models", paragraphs, (), (), (table,)),))


def test_footnote_digits_stay_without_a_defined_footnote() -> None:
    """A trailing digit the page defines no footnote for is part of the id, as written."""
    rows = [
        ("Claude API ID", "claude-opus-4-8"),
        ("AWS Bedrock ID", "anthropic.claude-opus-4-86"),
    ]
    page = extract_related(_overview(rows, ()), RELATED_BY_NAME["models-overview"], None)
    assert page.compared[0].bedrock_id == "anthropic.claude-opus-4-86"


def test_footnote_digits_stay_when_no_other_id_confirms_them() -> None:
    """A defined footnote number is not stripped when the rest agrees with no other id."""
    rows = [
        ("Claude API ID", "claude-opus-4-8"),
        ("AWS Bedrock ID", "anthropic.claude-opus-4-96"),
    ]
    document = _overview(rows, ("6 Available through Claude in Amazon Bedrock.",))
    page = extract_related(document, RELATED_BY_NAME["models-overview"], None)
    assert page.compared[0].bedrock_id == "anthropic.claude-opus-4-96"


def test_footnote_glued_to_the_api_id_is_confirmed_by_the_alias() -> None:
    """The API id row can carry the glued mark too; the alias and Bedrock id confirm it."""
    rows = [
        ("Claude API ID", "claude-opus-4-83"),
        ("Claude API alias", "claude-opus-4-8"),
        ("AWS Bedrock ID", "anthropic.claude-opus-4-8"),
    ]
    document = _overview(rows, ("3 A footnote.",))
    page = extract_related(document, RELATED_BY_NAME["models-overview"], None)
    assert page.compared[0].api_id == "claude-opus-4-8"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Claude Sonnet 4 Deprecated.", ("Claude Sonnet 4", "deprecated", "Deprecated.")),
        ("Claude Opus 4 Retired.", ("Claude Opus 4", "retired", "Retired.")),
        ("Claude Opus 4.8", ("Claude Opus 4.8", None, None)),
        ("Claude Mythos Preview", ("Claude Mythos Preview", None, None)),
    ],
)
def test_status_mark_in_the_name_cell(cell: str, expected: tuple[object, ...]) -> None:
    """A lifecycle word after the model name is the platform's status mark."""
    assert split_status_mark(cell) == expected


@pytest.mark.parametrize("page", RELATED_PAGES, ids=lambda page: page.name)
def test_page_without_its_table_is_rejected(page: object) -> None:
    """A related page whose model or comparison table is gone is rejected, not emptied."""
    prose = Document("A page", (Section(2, "Models", ("Claude is available here.",)),))
    other = Table(("AWS region", "Location"), (("us-east-1", "US East"),))
    with_other = Document("A page", (Section(2, "Regions", (), (), (), (other,)),))
    for document in (prose, with_other):
        with pytest.raises(PageParseError) as raised:
            extract_related(document, page, None)  # type: ignore[arg-type]
        assert raised.value.check in ("model-table", "comparison-table")


def test_shrunk_model_table_is_rejected_unless_accepted() -> None:
    """Losing more than a third of the listed models is rejected, or noted when accepted."""
    before = _related("claude-on-vertex-ai")
    after = before.model_copy(update={"models": before.models[:5]})
    verdict = check_related_page(before, after, accept_shrink=False, key="claude-on-vertex-ai")
    assert verdict.rejection is not None
    assert verdict.rejection.check == "row-count"
    accepted = check_related_page(before, after, accept_shrink=True, key="claude-on-vertex-ai")
    assert accepted.rejection is None and accepted.notes
    same = check_related_page(before, before, accept_shrink=False, key="claude-on-vertex-ai")
    assert same == check_related_page(None, before, accept_shrink=False, key="x")


def test_joined_index_matches_golden() -> None:
    """Aliases, per-platform ids and statuses, scope and platform notes, as reviewed."""
    assert_golden(GOLDEN / "models-platforms-2026-10-10.json", dumps(joined_index()))


def test_platform_status_can_differ_from_the_api() -> None:
    """Opus 4: retired on the Claude API, Deprecated on Vertex AI, Retired on Bedrock (legacy)."""
    opus4 = next(m for m in joined_index().models if m.model == "claude-opus-4-20250514")
    assert opus4.status == "retired"
    assert opus4.platforms["vertex-ai"].status == "deprecated"
    assert opus4.platforms["vertex-ai"].ids == ("claude-opus-4@20250514",)
    assert opus4.platforms["bedrock-legacy"].status == "retired"
    assert opus4.platforms["bedrock-legacy"].page_url == page_url("claude-on-amazon-bedrock-legacy")


def test_scope_note_is_kept() -> None:
    """The deprecations page's scope statement and the platform pages' notes are data."""
    index = joined_index()
    assert index.scope_note is not None and "Anthropic-operated" in index.scope_note
    assert "follows the Claude API lifecycle" in index.platform_notes["foundry"]


def test_resolver_over_the_joined_index() -> None:
    """The forms of the issue resolve over the index learnt from the real pages."""
    resolver = Resolver.from_index(plain(joined_index()))
    cases: dict[str, tuple[str, Platform]] = {
        "us.anthropic.claude-sonnet-4-20250514-v1:0": (
            "claude-sonnet-4-20250514",
            "bedrock-legacy",
        ),
        "claude-sonnet-4-5@20250929": ("claude-sonnet-4-5-20250929", "vertex-ai"),
        "claude-haiku-4-5": ("claude-haiku-4-5-20251001", "claude-api"),
        "anthropic.claude-haiku-4-5": ("claude-haiku-4-5-20251001", "bedrock"),
        "anthropic.claude-opus-4-8": ("claude-opus-4-8", "bedrock"),
        "global.anthropic.claude-opus-4-6-v1": ("claude-opus-4-6", "bedrock-legacy"),
        "anthropic.claude-mythos-preview": ("claude-mythos-preview", "bedrock"),
    }
    for text, (model, platform) in cases.items():
        found = resolver.resolve(text)
        assert found is not None and (found.model, found.platform) == (model, platform), text
    for text in ("claude-opus-4-3", "claude-3-5-sonnet-2024062", "claude-opus-4-1-2025"):
        assert resolver.resolve(text) is None


def test_platform_changes_between_indexes() -> None:
    """A status, an id and an alias changing on the pages are one event each."""
    before = joined_index()

    def edit(model_id: str, **update: object) -> ModelIndex:
        models = tuple(
            m.model_copy(update=update) if m.model == model_id else m for m in after.models
        )
        return after.model_copy(update={"models": models})

    after = before
    opus4 = next(m for m in before.models if m.model == "claude-opus-4-20250514")
    vertex = opus4.platforms["vertex-ai"]
    platforms = {
        **opus4.platforms,
        "vertex-ai": vertex.model_copy(update={"status": "retired", "status_text": "Retired."}),
        "bedrock-legacy": opus4.platforms["bedrock-legacy"].model_copy(
            update={"ids": ("anthropic.claude-opus-4-20250514-v2:0",)}
        ),
    }
    after = edit("claude-opus-4-20250514", platforms=platforms)
    after = edit("claude-haiku-4-5-20251001", aliases=("claude-haiku-4-5", "claude-haiku-latest"))
    changes = platform_changes(before, after)
    summary = sorted((c.type, c.model, c.field, json.dumps([c.before, c.after])) for c in changes)
    assert summary == [
        (
            "alias_changed",
            "claude-haiku-4-5-20251001",
            "aliases",
            json.dumps([["claude-haiku-4-5"], ["claude-haiku-4-5", "claude-haiku-latest"]]),
        ),
        (
            "platform_id_added",
            "claude-opus-4-20250514",
            "bedrock-legacy",
            json.dumps([None, "anthropic.claude-opus-4-20250514-v2:0"]),
        ),
        (
            "platform_id_removed",
            "claude-opus-4-20250514",
            "bedrock-legacy",
            json.dumps(["anthropic.claude-opus-4-20250514-v1:0", None]),
        ),
        (
            "platform_status_changed",
            "claude-opus-4-20250514",
            "vertex-ai",
            json.dumps(["deprecated", "retired"]),
        ),
    ]


def test_first_platform_data_is_a_baseline() -> None:
    """An index without platform data before gives no platform events (no flood of adds)."""
    index = joined_index()
    bare = index.model_copy(
        update={
            "models": tuple(
                m.model_copy(update={"aliases": (), "platforms": {}}) for m in index.models
            )
        }
    )
    assert platform_changes(None, index) == []
    assert platform_changes(bare, index) == []
    assert platform_changes(index, index) == []


def test_platform_entry_is_in_the_models_schema() -> None:
    """models.json's schema documents the per-platform entry and the scope note."""
    schema = ModelIndex.model_json_schema()
    assert "PlatformEntry" in schema["$defs"]
    assert "scope_note" in schema["properties"]
    assert set(PlatformEntry.model_fields) == {"ids", "status", "status_text", "page_url"}


def test_related_golden_files_are_json() -> None:
    """Golden documents load back as the records they were written from."""
    for page in RELATED_PAGES:
        data = json.loads((GOLDEN / "related" / f"{page.name}.json").read_text(encoding="utf-8"))
        assert RelatedPageContent.model_validate(data) == _related(page.name)


def test_answer_gives_the_platform_status_beside_the_api_status() -> None:
    """Opus 4 on Vertex AI: deprecated there, retired on the Claude API on 2026-06-15."""
    index = joined_index()
    resolver = Resolver.from_index(plain(index))
    vertex = answer(plain(index), resolver, "claude-opus-4@20250514", day=PAGE_DAY, today=PAGE_DAY)
    assert vertex == Answer(
        input="claude-opus-4@20250514",
        model="claude-opus-4-20250514",
        platform="vertex-ai",
        match="exact",
        status="retired",
        platform_status="deprecated",
        retires_on=dt.date(2026, 6, 15),
        retires_on_qualifier=None,
        replacement="claude-opus-4-8",
        candidates=("claude-opus-4-20250514",),
        via=None,
        variant=None,
        steps=(),
        reason=None,
    )
    api = answer(plain(index), resolver, "claude-sonnet-4-5", day=PAGE_DAY, today=PAGE_DAY)
    assert (api.platform, api.status, api.platform_status) == ("claude-api",) + ("deprecated",) * 2
    foundry_only = answer(plain(index), resolver, "claude-fable-5", day=PAGE_DAY, today=PAGE_DAY)
    assert foundry_only.platform_status == "active"
    unknown = answer(plain(index), resolver, "claude-opus-4-3", day=PAGE_DAY, today=PAGE_DAY)
    assert unknown == Answer(
        "claude-opus-4-3",
        *(None, None, "unknown", None, None, None, None, None, (), None, None, ()),
        reason="no model claude-opus-4-3 on the page",
    )


PAGE_DAY = dt.date(2026, 10, 10)  # the day of the joined pages


@pytest.mark.parametrize(
    ("written", "platform", "page_status"),
    [
        ("claude-sonnet-4-5", "claude-api", None),
        ("claude-sonnet-4-5-20250929", "claude-api", None),
        ("claude-sonnet-4-5@20250929", "vertex-ai", None),  # Vertex AI's page: no mark
        ("claude-opus-4@20250514", "vertex-ai", "deprecated"),
    ],
)
def test_answer_reads_the_claude_api_status_of_the_day_from_the_dates(
    written: str, platform: str, page_status: str | None
) -> None:
    """A firm retirement (Sonnet 4.5's on 2026-11-30) is a retirement from that day on,
    whatever the page's word (as `models` and `audit` read it), the day before it is not;
    the platform's own page keeps its own word."""
    index = plain(joined_index())
    resolver = Resolver.from_index(index)
    today = dt.date(2026, 12, 4)
    retires = answer(index, resolver, written, day=today, today=today).retires_on
    assert retires is not None
    for day, status in [
        (retires - dt.timedelta(days=1), "deprecated"),
        (retires, "retired"),
        (today, "retired"),
    ]:
        found = answer(index, resolver, written, day=day, today=today)
        assert (found.platform, found.status) == (platform, status), day
        there = status if platform == "claude-api" else page_status
        assert found.platform_status == there


def test_related_page_cut_short_is_rejected() -> None:
    """A page cut off mid-table (a body cut short in transfer) is rejected, not read as less."""
    text = (RELATED / "claude-on-vertex-ai.md").read_text(encoding="utf-8")
    cut = text[: text.index("| Claude Opus 4.1 Deprecated.") + 20]
    with pytest.raises(PageParseError) as raised:
        read_related_page(cut.encode(), RELATED_BY_NAME["claude-on-vertex-ai"])
    assert raised.value.check == "completeness"
