"""The resolver: every written form of a model id, each normalisation step, families and
ambiguity, and look-alikes that must stay unknown."""

from __future__ import annotations

import pytest

from scraper.answers.data import plain
from scraper.answers.resolve import Resolution, Resolver, Unanswered
from scraper.ids import bedrock_stem
from scraper.ids.history import HISTORICAL_IDS
from scraper.records import CanonicalModel, ModelIndex, Platform, PlatformEntry
from tests.conftest import PLATFORM_IDS

OVERVIEW = "https://platform.claude.com/docs/en/about-claude/models/overview"


def _index() -> ModelIndex:
    models = []
    for api_id, (aliases, platforms) in PLATFORM_IDS.items():
        models.append(
            CanonicalModel(
                model=api_id,
                status="active",
                deprecated_on=None,
                retires_on=None,
                retires_on_qualifier=None,
                replacement=None,
                announced_on=None,
                retired_on=None,
                sources={},
                aliases=aliases,
                platforms={
                    platform: PlatformEntry(ids=ids, status=status, page_url=OVERVIEW)
                    for platform, (ids, status) in platforms.items()
                },
            )
        )
    return ModelIndex(models=tuple(models))


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver.from_index(plain(_index()))


PAGE_FORMS: list[tuple[str, str, Platform]] = [
    # the forms the pages define
    # API ids and aliases, as learned
    ("claude-sonnet-4-20250514", "claude-sonnet-4-20250514", "claude-api"),
    ("claude-haiku-4-5", "claude-haiku-4-5-20251001", "claude-api"),
    ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-api"),
    ("claude-opus-4-6", "claude-opus-4-6", "claude-api"),
    ("claude-2.1", "claude-2.1", "claude-api"),
    ("  claude-fable-5\n", "claude-fable-5", "claude-api"),
    # -latest and x.0 aliases, by rule
    ("claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022", "claude-api"),
    ("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022", "claude-api"),
    ("claude-3-opus-latest", "claude-3-opus-20240229", "claude-api"),
    ("claude-sonnet-4-0", "claude-sonnet-4-20250514", "claude-api"),
    ("claude-opus-4-0", "claude-opus-4-20250514", "claude-api"),
    ("claude-opus-4-1", "claude-opus-4-1-20250805", "claude-api"),
    # Bedrock ids as the pages write them
    ("anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514", "bedrock-legacy"),
    ("anthropic.claude-opus-4-6-v1", "claude-opus-4-6", "bedrock-legacy"),
    ("anthropic.claude-sonnet-4-6", "claude-sonnet-4-6", "bedrock-legacy"),
    ("anthropic.claude-haiku-4-5", "claude-haiku-4-5-20251001", "bedrock"),
    ("anthropic.claude-opus-4-8", "claude-opus-4-8", "bedrock"),
    # any version suffix, profile prefix, context-window suffix
    ("anthropic.claude-sonnet-4-20250514-v2:0", "claude-sonnet-4-20250514", "bedrock-legacy"),
    ("anthropic.claude-sonnet-4-20250514-v1", "claude-sonnet-4-20250514", "bedrock-legacy"),
    ("anthropic.claude-sonnet-4-20250514", "claude-sonnet-4-20250514", "bedrock-legacy"),
    ("anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001", "bedrock-legacy"),
    ("us.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514", "bedrock-legacy"),
    (
        "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "bedrock-legacy",
    ),
    ("apac.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514", "bedrock-legacy"),
    (
        "jp.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "bedrock-legacy",
    ),
    ("au.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001", "bedrock-legacy"),
    ("global.anthropic.claude-opus-4-6-v1", "claude-opus-4-6", "bedrock-legacy"),
    ("global.anthropic.claude-opus-4-8", "claude-opus-4-8", "bedrock"),
    ("us.anthropic.claude-haiku-4-5", "claude-haiku-4-5-20251001", "bedrock"),
    ("anthropic.claude-3-opus-20240229-v1:0", "claude-3-opus-20240229", "bedrock-legacy"),
    ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022", "bedrock-legacy"),
    (
        "anthropic.claude-3-5-sonnet-20240620-v1:0:200k",
        "claude-3-5-sonnet-20240620",
        "bedrock-legacy",
    ),
    # ARNs
    (
        "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-sonnet-4-20250514-v1:0",
        "claude-sonnet-4-20250514",
        "bedrock-legacy",
    ),
    (
        "arn:aws:bedrock:us-west-2:123456789012:inference-profile/us.anthropic.claude-opus-4-6-v1",
        "claude-opus-4-6",
        "bedrock-legacy",
    ),
    (
        "arn:aws-us-gov:bedrock:us-gov-west-1:123456789012:inference-profile/"
        "us-gov.anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "bedrock-legacy",
    ),
    # Vertex AI
    ("claude-sonnet-4-5@20250929", "claude-sonnet-4-5-20250929", "vertex-ai"),
    ("claude-opus-4@20250514", "claude-opus-4-20250514", "vertex-ai"),
    ("claude-3-opus@20240229", "claude-3-opus-20240229", "vertex-ai"),
    ("claude-3-5-sonnet@20241022", "claude-3-5-sonnet-20241022", "vertex-ai"),
    ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022", "vertex-ai"),
    (
        "publishers/anthropic/models/claude-sonnet-4@20250514",
        "claude-sonnet-4-20250514",
        "vertex-ai",
    ),
    (
        "projects/my-project/locations/us-east5/publishers/anthropic/models/"
        "claude-haiku-4-5@20251001:streamRawPredict",
        "claude-haiku-4-5-20251001",
        "vertex-ai",
    ),
    (
        "https://aiplatform.googleapis.com/v1/projects/p/locations/global/publishers/anthropic/"
        "models/claude-opus-4-6:rawPredict",
        "claude-opus-4-6",
        "vertex-ai",
    ),
    ("publishers/anthropic/models/claude-opus-4", "claude-opus-4-20250514", "vertex-ai"),
    ("publishers/anthropic/models/claude-3-opus@20240229", "claude-3-opus-20240229", "vertex-ai"),
]


@pytest.mark.parametrize(("text", "model", "platform"), PAGE_FORMS)
def test_page_forms_resolve(resolver: Resolver, text: str, model: str, platform: Platform) -> None:
    """Each form the pages define gives the API id and the platform it names."""
    found = resolver.resolve(text)
    assert found is not None and (found.text, found.model, found.platform) == (
        text,
        model,
        platform,
    )
    assert found.candidates == (model,)


# Forms people write: (text, model, platform, match, the steps taken, in order).
NORMALISED: list[tuple[str, str, Platform, str, tuple[str, ...]]] = [
    ("CLAUDE-HAIKU-4-5", "claude-haiku-4-5-20251001", "claude-api", "rule", ("lower case",)),
    ("Claude-Sonnet-4-5", "claude-sonnet-4-5-20250929", "claude-api", "rule", ("lower case",)),
    ("claude-sonnet-4.5", "claude-sonnet-4-5-20250929", "claude-api", "rule", ("dotted version",)),
    (
        "Claude Sonnet 4.5",
        "claude-sonnet-4-5-20250929",
        "claude-api",
        "rule",
        ("lower case", "spaces read as hyphens", "dotted version"),
    ),
    ("claude-opus-4.6", "claude-opus-4-6", "claude-api", "rule", ("dotted version",)),
    (
        "CLAUDE_SONNET_4_20250514_V1_0",
        "claude-sonnet-4-20250514",
        "bedrock-legacy",
        "rule",
        ("lower case", "underscores read as hyphens", "Bedrock version '-v1:0'"),
    ),
    (
        "claude_3_5_haiku",
        "claude-3-5-haiku-20241022",
        "claude-api",
        "rule",
        ("underscores read as hyphens", "name without its date"),
    ),
    (
        "perplexity/anthropic/claude-opus-4-6",
        "claude-opus-4-6",
        "claude-api",
        "rule",
        ("router prefix 'perplexity/'", "vendor 'anthropic/'"),
    ),
    (
        "new_router/anthropic/claude-haiku-4.5",
        "claude-haiku-4-5-20251001",
        "claude-api",
        "rule",
        (
            "router prefix 'new_router/' (in no table; the vendor follows)",
            "vendor 'anthropic/'",
            "dotted version",
        ),
    ),
    (
        "aws:anthropic.claude-sonnet-4-20250514-v1:0",
        "claude-sonnet-4-20250514",
        "bedrock-legacy",
        "rule",
        ("platform prefix 'aws:'", "Bedrock provider 'anthropic.'", "Bedrock version '-v1:0'"),
    ),
    (
        "claude-4-sonnet",
        "claude-sonnet-4-20250514",
        "claude-api",
        "rule",
        ("version before family", "name without its date"),
    ),
    (
        "claude-4.5-haiku",
        "claude-haiku-4-5-20251001",
        "claude-api",
        "rule",
        ("version before family", "dotted version"),
    ),
    (
        "claude-haiku-3.5",
        "claude-3-5-haiku-20241022",
        "claude-api",
        "rule",
        ("family before version", "dotted version", "name without its date"),
    ),
    ("claude-opus4-6", "claude-opus-4-6", "claude-api", "rule", ("version glued to the family",)),
    (
        "claude-opus-41",
        "claude-opus-4-1-20250805",
        "claude-api",
        "rule",
        ("version digits glued", "name without its date"),
    ),
    ("claude-opus-4", "claude-opus-4-20250514", "claude-api", "rule", ("name without its date",)),
    (
        "claude-3-5-haiku",
        "claude-3-5-haiku-20241022",
        "claude-api",
        "rule",
        ("name without its date",),
    ),
    (
        "claude-sonnet-4-latest",
        "claude-sonnet-4-20250514",
        "claude-api",
        "rule",
        ("'-latest': the newest of that name",),
    ),
    (
        "anthropic/claude-3.5-haiku",
        "claude-3-5-haiku-20241022",
        "claude-api",
        "rule",
        ("platform prefix 'anthropic/'", "dotted version", "name without its date"),
    ),
    (
        "anthropic:claude-sonnet-4-0",
        "claude-sonnet-4-20250514",
        "claude-api",
        "rule",
        ("platform prefix 'anthropic:'", "name without its date"),
    ),
    (
        "vertex_ai/us-east5/claude-opus-4-6@default",
        "claude-opus-4-6",
        "vertex-ai",
        "rule",
        ("platform prefix 'vertex_ai/'", "routing segment 'us-east5/'", "Vertex AI '@default'"),
    ),
    (
        "bedrock/us-gov-west-1/claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "bedrock-legacy",
        "rule",
        (
            "platform prefix 'bedrock/'",
            "routing segment 'us-gov-west-1/'",
            "Bedrock version '-v1:0'",
        ),
    ),
    (
        "bedrock/claude_platform/claude-sonnet-4-5",
        "claude-sonnet-4-5-20250929",
        "aws-platform",
        "rule",
        ("platform prefix 'bedrock/'", "routing segment 'claude_platform/'"),
    ),
    (
        "gateway/bedrock:global.anthropic.claude-sonnet-4-6",
        "claude-sonnet-4-6",
        "bedrock-legacy",
        "rule",
        ("router prefix 'gateway/'", "platform prefix 'bedrock:'", "inference profile 'global.'"),
    ),
    (
        "anthropic.claude-haiku-4-5@20251001",
        "claude-haiku-4-5-20251001",
        "bedrock-legacy",
        "rule",
        ("Bedrock provider 'anthropic.'", "Vertex AI version '@20251001'"),
    ),
    (
        "claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
        "bedrock-legacy",
        "rule",
        ("Bedrock version '-v1:0'",),
    ),
    (
        "claude-opus-4-6-fast",
        "claude-opus-4-6",
        "claude-api",
        "rule",
        ("variant '-fast'",),
    ),
    (
        "claude-3-5-sonnet-2024-10-22",
        "claude-3-5-sonnet-20241022",
        "claude-api",
        "rule",
        ("dashed date '-2024-10-22'",),
    ),
    (
        "publishers/anthropic/models/claude-4-sonnet",
        "claude-sonnet-4-20250514",
        "vertex-ai",
        "rule",
        ("Vertex AI resource path", "version before family", "name without its date"),
    ),
    (
        "claude-3.5-sonnet-v2",
        "claude-3-5-sonnet-20241022",
        "claude-api",
        "rule",
        (
            "historical id 'claude-3-5-sonnet-v2': Vertex AI names the second Claude 3.5 Sonnet "
            "claude-3-5-sonnet-v2@20241022: "
            "https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude",
        ),
    ),
]


@pytest.mark.parametrize(("text", "model", "platform", "match", "steps"), NORMALISED)
def test_written_forms_are_normalised_step_by_step(
    resolver: Resolver,
    text: str,
    model: str,
    platform: Platform,
    match: str,
    steps: tuple[str, ...],
) -> None:
    """A form the pages do not write is reduced by named steps to one they do."""
    found = resolver.explain(text)
    assert isinstance(found, Resolution)
    assert (found.model, found.platform, found.match, found.steps) == (
        model,
        platform,
        match,
        steps,
    )


@pytest.mark.parametrize(
    ("text", "via", "variant"),
    [
        ("openrouter/anthropic/claude-3.5-haiku:beta", "OpenRouter", None),
        ("vercel_ai_gateway/anthropic/claude-opus-4.6", "Vercel AI Gateway", None),
        ("databricks-claude-sonnet-4-5", "Databricks", None),
        ("sap-ai-core/anthropic--claude-4.5-haiku", "SAP AI Core", None),
        ("github_copilot/claude-opus-4.8-fast", "GitHub Copilot", "fast"),
        ("nano-gpt/claude-opus-4-6-thinking:1024", "NanoGPT", "thinking"),
        ("claude-opus-4-6-think", None, "thinking"),
        ("anthropic/claude-opus-4.6:thinking:low", None, "thinking"),
        ("claude-2.1-100k", None, "100k"),
        ("claude-sonnet-4-5-20250929[1m]", None, "1m"),
        ("claude-opus-4-6-thinking-latest", None, "thinking"),
        ("claude-opus-4.6-thought", None, "thinking"),
        ("claude-opus-4-6-extended-thinking", None, "thinking"),
        ("gateway/anthropic:claude-haiku-4-5", "Pydantic AI Gateway", None),
        ("hostinger_router/claude-sonnet-4-5", "Hostinger", None),
        ("some-proxy:anthropic/claude-opus-4-6-fast", "some-proxy", "fast"),
    ],
)
def test_gateways_and_variants_are_kept_beside_the_model(
    resolver: Resolver, text: str, via: str | None, variant: str | None
) -> None:
    """A gateway's form names the model it passes on (its page: the Claude API's); a variant
    names its base model, the variant kept."""
    found = resolver.resolve(text)
    assert found is not None and (found.via, found.variant) == (via, variant)
    assert found.platform == "claude-api" and found.candidates == (found.model,)


UNKNOWN: list[tuple[str, str]] = [
    ("claude-3-5-sonnet-2024062", "is not a form of a Claude model id"),
    ("claude-opus-4-1-2025", "is not a form of a Claude model id"),
    ("claude-sonnet-4-2025051", "is not a form of a Claude model id"),
    ("claude-sonnet-4-20250515", "no model claude-sonnet-4-20250515 on the page"),
    ("claude-sonnet-4-5-20250930", "no model claude-sonnet-4-5-20250930 on the page"),
    ("claude-opus-4-6-20260205", "(it lists claude-opus-4-6)"),
    ("claude-opus-4-3", "no model claude-opus-4-3 on the page"),
    ("claude-sonnet-4-1", "no model claude-sonnet-4-1 on the page"),
    ("claude-haiku-4-0", "no model claude-haiku-4-0 on the page"),
    ("claude-opus-latest", "a moving alias names no model for certain"),
    ("~anthropic/claude-haiku-latest", "a moving alias names no model for certain"),
    ("claude", "is not a form of a Claude model id"),
    ("sonnet-4-5", "is not a Claude model id"),
    ("claude-haiku-4-5-0", "is not a form"),
    ("claude-3-0", "no model claude-3-0 on the page"),
    ("claude-3-5-sonnet-0", "is not a form"),
    ("claude-opus-4-1-0", "is not a form"),
    ("claude-code", "names no model version"),
    ("claude-3-family", "no model claude-3-family"),
    ("gpt-4o", "is not a Claude model id"),
    ("", "empty"),
    ("   ", "empty"),
    ("foo/claude-opus-4-6", "unknown router prefix 'foo/'"),
    ("publishers/google/models/claude-opus-4-6", "unknown router prefix 'publishers/'"),
    ("xx.anthropic.claude-sonnet-4-20250514-v1:0", "unknown inference-profile prefix 'xx.'"),
    ("us.us.anthropic.claude-sonnet-4-20250514-v1:0", "is not a form"),
    ("anthropic.claude-sonnet-4-20250514-v1:0x", "is not a form"),
    ("meta.llama3-70b-instruct-v1:0", "is not a Claude model id"),
    ("hacker:claude-3-opus-20240229", "unknown router prefix 'hacker:'"),
    ("foo/openai/claude-opus-4-6", "unknown router prefix 'foo/'"),
    ("foo/anthropic/gpt-4o", "unknown router prefix 'foo/'"),
    ("claude_3_haiku_cost", "is not a form"),
    ("claude_client", "names no model version"),
    ("anthropic.", "is not a Claude model id"),
    (
        "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5",
        "is not a Claude model id",
    ),
    ("claude-sonnet-4@2025051", "is not a form"),
    ("claude-sonnet-4@20251345", "is not a form"),
    ("claude-sonnet-4@20250515", "no model claude-sonnet-4-20250515"),
    ("claude-3-5-sonnet-v2@20240621", "no model claude-3-5-sonnet-20240621"),
    ("claude-3-5-sonnet-v2-20241022", "is not a form"),
    ("anthropic.claude-v2", "stood for claude-2.0; the page lists none of them"),
    ("claude-" + "a-" * 300, "607 characters: longer than any model id"),
    ("claude-opus-4-6" + "-fast" * 30, "more prefixes and suffixes than any model id has"),
    ("openrouter/" + "anthropic/" * 30 + "claude-opus-4-6", "more prefixes and suffixes"),
]


@pytest.mark.parametrize(("text", "reason"), UNKNOWN)
def test_lookalikes_stay_unknown_and_say_why(resolver: Resolver, text: str, reason: str) -> None:
    """A form that names no model for certain resolves to None, never to a near model, and
    the answer says why in one line."""
    assert resolver.resolve(text) is None
    found = resolver.explain(text)
    assert isinstance(found, Unanswered) and found.match == "unknown"
    assert reason in found.reason and "\n" not in found.reason


def _with(index: ModelIndex, **changes: dict[str, object]) -> ModelIndex:
    """The index with some models' fields changed: model id → {field: value}."""
    models = tuple(
        model.model_copy(update=changes.get(model.model.replace("-", "_").replace(".", "_"), {}))
        for model in index.models
    )
    return index.model_copy(update={"models": models})


def test_a_family_is_answered_when_its_models_agree() -> None:
    """`claude-3-5-sonnet` fits two dated models; with the same facts it names their family."""
    found = Resolver.from_index(plain(_index())).explain("claude-3-5-sonnet")
    assert isinstance(found, Resolution)
    assert (found.model, found.match, found.candidates) == (
        "claude-3-5-sonnet",
        "family",
        ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"),
    )


def test_a_family_whose_models_differ_is_ambiguous() -> None:
    """When the candidates differ in status, dates or replacement the name is ambiguous: the
    candidates are listed and no one of them is answered."""
    index = _with(_index(), claude_3_5_sonnet_20240620={"status": "retired"})
    resolver = Resolver.from_index(plain(index))
    found = resolver.explain("anthropic/claude-3.5-sonnet")
    assert isinstance(found, Unanswered)
    assert (found.match, found.candidates) == (
        "ambiguous",
        ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"),
    )
    assert "differ in status, dates or replacement" in found.reason
    assert resolver.resolve("claude-3-5-sonnet") is None
    assert resolver.resolve("claude-3-5-sonnet-latest") is not None  # -latest picks one


def test_a_family_must_agree_on_the_platform_it_is_called_on() -> None:
    """On Vertex AI the platform's own status counts too."""
    vertex = PlatformEntry(
        ids=("claude-3-5-sonnet@20241022",), status="deprecated", page_url=OVERVIEW
    )
    index = _with(_index(), claude_3_5_sonnet_20241022={"platforms": {"vertex-ai": vertex}})
    resolver = Resolver.from_index(plain(index))
    assert resolver.resolve("claude-3-5-sonnet") is not None
    assert isinstance(resolver.explain("vertex_ai/claude-3-5-sonnet"), Unanswered)


def test_historical_ids_name_what_they_stood_for() -> None:
    """Old ids come from a sourced table; a moving alias is the family of what it stood for."""
    index = _index()
    extra = [
        index.models[-1].model_copy(update={"model": model})
        for model in ("claude-2.0", "claude-instant-1.0", "claude-instant-1.1")
    ]
    resolver = Resolver.from_index(
        plain(index.model_copy(update={"models": (*index.models, *extra)}))
    )
    answers = {
        text: (found.model, found.platform, found.candidates)
        for text in (
            "anthropic.claude-v2:1",
            "bedrock/us-east-1/6-month-commitment/anthropic.claude-v2",
            "anthropic.claude-instant-v1:2:100k",
            "claude-2",
            "claude-instant-1",
        )
        if (found := resolver.resolve(text)) is not None
    }
    assert answers == {
        "anthropic.claude-v2:1": ("claude-2.1", "bedrock-legacy", ("claude-2.1",)),
        "bedrock/us-east-1/6-month-commitment/anthropic.claude-v2": (
            "claude-2.0",
            "bedrock-legacy",
            ("claude-2.0",),
        ),
        "anthropic.claude-instant-v1:2:100k": (
            "claude-instant-1.2",
            "bedrock-legacy",
            ("claude-instant-1.2",),
        ),
        "claude-2": ("claude-2", "claude-api", ("claude-2.0", "claude-2.1")),
        "claude-instant-1": (
            "claude-instant-1",
            "claude-api",
            ("claude-instant-1.0", "claude-instant-1.1", "claude-instant-1.2"),
        ),
    }


def test_every_historical_row_has_a_source_and_known_models() -> None:
    """Each row of the table says where it comes from and names page-style API ids."""
    for row in HISTORICAL_IDS:
        assert row.source.strip() and row.models and row.form == row.form.lower().strip()
        assert all(model.startswith("claude-") for model in row.models)


def test_form_claimed_by_two_models_is_ambiguous() -> None:
    """When two models list the same platform id, it names neither: ambiguous, both listed."""
    index = _index()
    first, second, *rest = index.models
    twice = PlatformEntry(ids=("shared-deployment",), status=None, page_url=OVERVIEW)
    models = (
        first.model_copy(update={"platforms": {"foundry": twice}}),
        second.model_copy(update={"platforms": {"foundry": twice}}),
        *rest,
    )
    resolver = Resolver.from_index(plain(index.model_copy(update={"models": models})))
    found = resolver.explain("shared-deployment")
    assert isinstance(found, Unanswered) and found.candidates == (first.model, second.model)
    assert found.match == "ambiguous"
    assert resolver.resolve(first.model) == Resolution(
        first.model, first.model, "claude-api", "exact", (first.model,)
    )


def test_platform_only_name_names_its_platform() -> None:
    """A Foundry deployment name that is no API id or alias resolves to Foundry, also when its
    case differs."""
    index = _index()
    first, *rest = index.models
    named = PlatformEntry(ids=("fable-prod",), status=None, page_url=OVERVIEW)
    index = index.model_copy(
        update={"models": (first.model_copy(update={"platforms": {"foundry": named}}), *rest)}
    )
    resolver = Resolver.from_index(plain(index))
    assert resolver.resolve("fable-prod") == Resolution(
        "fable-prod", first.model, "foundry", "exact", (first.model,)
    )
    found = resolver.resolve("Fable-Prod")
    assert found is not None and (found.model, found.platform) == (first.model, "foundry")


def test_empty_index_knows_nothing() -> None:
    """With no models, even well-formed ids are unknown: rules only rewrite known ids."""
    resolver = Resolver.from_index(plain(ModelIndex(models=())))
    for text in (
        "claude-sonnet-4-20250514",
        "claude-3-opus@20240229",
        "claude-3-opus-latest",
        "claude-2",
        "openrouter/anthropic/claude-3.5-haiku",
    ):
        assert resolver.resolve(text) is None


@pytest.mark.parametrize(
    ("text", "stem"),
    [
        ("anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
        ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"),
        ("anthropic.claude-sonnet-4-6", "claude-sonnet-4-6"),
        ("claude-sonnet-4-6", None),
        ("zz.anthropic.claude-sonnet-4-6", None),
    ],
)
def test_bedrock_stem(text: str, stem: str | None) -> None:
    """A Bedrock id without its provider, profile prefix and version suffix."""
    assert bedrock_stem(text) == stem
