"""The resolver: every written form of a model id, and look-alikes that must stay unknown."""

from __future__ import annotations

import pytest

from scraper.answers.resolve import Resolution, Resolver
from scraper.ids import bedrock_stem
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
    return Resolver.from_index(_index())


RESOLVED: list[tuple[str, str, Platform]] = [
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


@pytest.mark.parametrize(("text", "model", "platform"), RESOLVED)
def test_written_forms_resolve(
    resolver: Resolver, text: str, model: str, platform: Platform
) -> None:
    """Each written form gives the API id and the platform it names."""
    assert resolver.resolve(text) == Resolution(text, model, platform)


UNKNOWN = [
    # the look-alikes
    "claude-4-sonnet",
    "claude-3-5-sonnet-2024062",
    "claude-opus-4-1-2025",
    # near misses of real ids
    "claude-sonnet-4-2025051",
    "claude-sonnet-4-20250515",
    "claude-sonnet-4-5-20250930",
    "Claude-Sonnet-4-5",
    "CLAUDE-HAIKU-4-5",
    "claude-sonnet-4.5",
    "claude-sonnet",
    "claude",
    "sonnet-4-5",
    "claude-opus-4",
    "claude-3-5-sonnet",
    "claude-haiku-4-5-0",
    "claude-haiku-4-0",
    "claude-3-0",
    "claude-4-sonnet-latest",
    "claude-sonnet-4-latest",
    "claude-sonnet-4-5-latest",
    "claude-opus-4-1-0",
    "claude-3-5-sonnet-0",
    "claude-opus-5-latest",
    "claude-sonnet-4-5-20250929-v1:0",
    "gpt-4o",
    "",
    "   ",
    # Bedrock forms of no model, an unknown prefix, an alias Bedrock never used
    "anthropic.claude-sonnet-4-5",
    "anthropic.claude-opus-4-1",
    "anthropic.claude-v2",
    "anthropic.claude-instant-v1",
    "xx.anthropic.claude-sonnet-4-20250514-v1:0",
    "us.us.anthropic.claude-sonnet-4-20250514-v1:0",
    "anthropic.claude-sonnet-4-20250514-v1:0x",
    "meta.llama3-70b-instruct-v1:0",
    "anthropic.",
    # ARNs: a base model under a profile, a profile without a region, opaque profiles
    "arn:aws:bedrock:us-east-1::foundation-model/us.anthropic.claude-sonnet-4-20250514-v1:0",
    "arn:aws:bedrock:us-east-1:123456789012:inference-profile/anthropic.claude-opus-4-6-v1",
    "arn:aws:bedrock:us-east-1:123456789012:application-inference-profile/a1b2c3d4e5",
    "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-4-sonnet-v1:0",
    # Vertex forms: a short or impossible date, no such model, an unknown model name
    "claude-sonnet-4@2025051",
    "claude-sonnet-4@20251345",
    "claude-sonnet-4@20250515",
    "claude-4-sonnet@20250514",
    "claude-sonnet-4-5@latest",
    "claude-3-5-sonnet-v2@20240621",
    "claude-3-5-sonnet-v2-20241022",
    "publishers/anthropic/models/claude-4-sonnet",
    "publishers/anthropic/models/claude-2.1",
    "publishers/google/models/claude-opus-4-6",
    "publishers/anthropic/models/anthropic.claude-opus-4-8",
]


@pytest.mark.parametrize("text", UNKNOWN)
def test_lookalikes_stay_unknown(resolver: Resolver, text: str) -> None:
    """A form that names no model for certain resolves to None, never to a near model."""
    assert resolver.resolve(text) is None


def test_form_claimed_by_two_models_is_unknown() -> None:
    """When two models list the same platform id, it names neither."""
    index = _index()
    first, second, *rest = index.models
    twice = PlatformEntry(ids=("shared-deployment",), status=None, page_url=OVERVIEW)
    models = (
        first.model_copy(update={"platforms": {"foundry": twice}}),
        second.model_copy(update={"platforms": {"foundry": twice}}),
        *rest,
    )
    resolver = Resolver.from_index(index.model_copy(update={"models": models}))
    assert resolver.resolve("shared-deployment") is None
    assert resolver.resolve(first.model) == Resolution(first.model, first.model, "claude-api")


def test_platform_only_name_names_its_platform() -> None:
    """A Foundry deployment name that is no API id or alias resolves to Foundry."""
    index = _index()
    first, *rest = index.models
    named = PlatformEntry(ids=("fable-prod",), status=None, page_url=OVERVIEW)
    index = index.model_copy(
        update={"models": (first.model_copy(update={"platforms": {"foundry": named}}), *rest)}
    )
    assert Resolver.from_index(index).resolve("fable-prod") == Resolution(
        "fable-prod", first.model, "foundry"
    )


def test_empty_index_knows_nothing() -> None:
    """With no models, even well-formed ids are unknown: rules only rewrite known ids."""
    resolver = Resolver.from_index(ModelIndex(models=()))
    for text in ("claude-sonnet-4-20250514", "claude-3-opus@20240229", "claude-3-opus-latest"):
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
