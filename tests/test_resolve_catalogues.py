"""The resolver on the ids of two real catalogues: every key that names a model on the page is
answered, and nothing is answered wrongly.

FORMS holds 270 keys of LiteLLM 1.110.2 and models.dev (one per shape: provider, routing,
spelling, variant, historical id), each with the model or family it names, read by hand, or
`ambiguous` / `unknown`. The index is the real page's (tests/fixtures/catalog/snapshots).
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from scraper.answers.catalog.catalogue import LITELLM_SPEC, MODELS_DEV_SPEC, catalog_entries
from scraper.answers.catalog.check import check_catalogue
from scraper.answers.catalog.load import models_dev_list
from scraper.answers.data import plain
from scraper.answers.resolve import Resolution, Resolver
from scraper.records import ModelIndex
from tests.conftest import FIXTURES

CATALOG = FIXTURES / "catalog"
INDEX = ModelIndex.model_validate_json((CATALOG / "snapshots" / "models.json").read_bytes())
RESOLVER = Resolver.from_index(plain(INDEX))

FORMS: list[tuple[str, str]] = [
    # LiteLLM 1.110.2
    ("anthropic.claude-v1", "claude-1"),
    ("bedrock/ap-northeast-1/1-month-commitment/anthropic.claude-v1", "claude-1"),
    ("anthropic.claude-v2:1", "claude-2.1"),
    ("bedrock/ap-northeast-1/1-month-commitment/anthropic.claude-v2:1", "claude-2.1"),
    ("anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022"),
    ("bedrock/us.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022"),
    ("eu.anthropic.claude-3-5-haiku-20241022-v1:0", "claude-3-5-haiku-20241022"),
    ("gradient_ai/anthropic-claude-3.5-haiku", "claude-3-5-haiku-20241022"),
    ("heroku/claude-3-5-haiku", "claude-3-5-haiku-20241022"),
    ("replicate/anthropic/claude-3.5-haiku", "claude-3-5-haiku-20241022"),
    ("vertex_ai/claude-3-5-haiku", "claude-3-5-haiku-20241022"),
    ("vertex_ai/claude-3-5-haiku@20241022", "claude-3-5-haiku-20241022"),
    ("gradient_ai/anthropic-claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("replicate/anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("snowflake/claude-3-5-sonnet", "claude-3-5-sonnet"),
    ("vercel_ai_gateway/anthropic/claude-3-5-sonnet", "claude-3-5-sonnet"),
    ("vertex_ai/claude-3-5-sonnet", "claude-3-5-sonnet"),
    ("anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"),
    ("bedrock/invoke/anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"),
    ("eu.anthropic.claude-3-5-sonnet-20240620-v1:0", "claude-3-5-sonnet-20240620"),
    ("vertex_ai/claude-3-5-sonnet@20240620", "claude-3-5-sonnet-20240620"),
    ("anthropic.claude-3-5-sonnet-20241022-v2:0", "claude-3-5-sonnet-20241022"),
    ("heroku/claude-3-5-sonnet-latest", "claude-3-5-sonnet-20241022"),
    ("vercel_ai_gateway/anthropic/claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20241022"),
    ("anthropic.claude-3-7-sonnet-20250219-v1:0", "claude-3-7-sonnet-20250219"),
    (
        "bedrock/us-gov-east-1/anthropic.claude-3-7-sonnet-20250219-v1:0",
        "claude-3-7-sonnet-20250219",
    ),
    ("deepinfra/anthropic/claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219"),
    ("gradient_ai/anthropic-claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("heroku/claude-3-7-sonnet", "claude-3-7-sonnet-20250219"),
    ("replicate/anthropic/claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("vercel_ai_gateway/anthropic/claude-3-7-sonnet", "claude-3-7-sonnet-20250219"),
    ("bedrock/us-gov-east-1/anthropic.claude-3-haiku-20240307-v1:0", "claude-3-haiku-20240307"),
    ("vercel_ai_gateway/anthropic/claude-3-haiku", "claude-3-haiku-20240307"),
    ("vertex_ai/claude-3-haiku", "claude-3-haiku-20240307"),
    ("vertex_ai/claude-3-haiku@20240307", "claude-3-haiku-20240307"),
    ("anthropic.claude-3-opus-20240229-v1:0", "claude-3-opus-20240229"),
    ("gradient_ai/anthropic-claude-3-opus", "claude-3-opus-20240229"),
    ("vercel_ai_gateway/anthropic/claude-3-opus", "claude-3-opus-20240229"),
    ("vertex_ai/claude-3-sonnet", "claude-3-sonnet-20240229"),
    ("vertex_ai/claude-3-sonnet@20240229", "claude-3-sonnet-20240229"),
    ("azure_ai/claude-fable-5", "claude-fable-5"),
    ("bedrock/claude_platform/claude-fable-5", "claude-fable-5"),
    ("databricks/databricks-claude-fable-5", "claude-fable-5"),
    ("deepinfra/anthropic/claude-fable-5", "claude-fable-5"),
    ("github_copilot/claude-fable-5", "claude-fable-5"),
    ("global.anthropic.claude-fable-5", "claude-fable-5"),
    ("vertex_ai/claude-fable-5@default", "claude-fable-5"),
    ("anthropic.claude-fable-5-1", "claude-fable-5-1"),
    ("azure_ai/claude-fable-5-1", "claude-fable-5-1"),
    ("bedrock/claude_platform/claude-fable-5-1", "claude-fable-5-1"),
    ("bedrock/us-gov-west-1/anthropic.claude-fable-5-1", "claude-fable-5-1"),
    ("databricks/databricks-claude-fable-5-1", "claude-fable-5-1"),
    ("github_copilot/claude-fable-5.1", "claude-fable-5-1"),
    ("global.anthropic.claude-fable-5-1", "claude-fable-5-1"),
    ("vertex_ai/claude-fable-5-1@default", "claude-fable-5-1"),
    ("anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
    ("anthropic.claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001"),
    ("apac.anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
    ("azure_ai/claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("bedrock/claude_platform/claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("bedrock/us-gov-east-1/anthropic.claude-haiku-4-5-20251001-v1:0", "claude-haiku-4-5-20251001"),
    ("bedrock_mantle/anthropic.claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("databricks/databricks-claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("deepinfra/anthropic/claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("github_copilot/claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("replicate/anthropic/claude-4.5-haiku", "claude-haiku-4-5-20251001"),
    ("snowflake/claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("vercel_ai_gateway/anthropic/claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("vertex_ai/claude-haiku-4-5@20251001", "claude-haiku-4-5-20251001"),
    ("anthropic.claude-haiku-5-5", "claude-haiku-5-5"),
    ("bedrock/claude_platform/claude-haiku-5-5", "claude-haiku-5-5"),
    ("bedrock_mantle/anthropic.claude-haiku-5-5", "claude-haiku-5-5"),
    ("github_copilot/claude-haiku-5.5", "claude-haiku-5-5"),
    ("anthropic.claude-instant-v1", "claude-instant-1"),
    ("bedrock/ap-northeast-1/1-month-commitment/anthropic.claude-instant-v1", "claude-instant-1"),
    ("anthropic.claude-mythos-5-1", "claude-mythos-5-1"),
    ("azure_ai/claude-mythos-5-1", "claude-mythos-5-1"),
    ("anthropic.claude-opus-4-1-20250805-v1:0", "claude-opus-4-1-20250805"),
    ("databricks/databricks-claude-opus-4-1", "claude-opus-4-1-20250805"),
    ("vercel_ai_gateway/anthropic/claude-opus-4.1", "claude-opus-4-1-20250805"),
    ("anthropic.claude-opus-4-20250514-v1:0", "claude-opus-4-20250514"),
    ("databricks/databricks-claude-opus-4", "claude-opus-4-20250514"),
    ("deepinfra/anthropic/claude-4-opus", "claude-opus-4-20250514"),
    ("gmi/anthropic/claude-opus-4", "claude-opus-4-20250514"),
    ("snowflake/claude-4-opus", "claude-opus-4-20250514"),
    ("anthropic.claude-opus-4-5-20251101-v1:0", "claude-opus-4-5-20251101"),
    ("azure_ai/claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("bedrock/claude_platform/claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("databricks/databricks-claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("gmi/anthropic/claude-opus-4.5", "claude-opus-4-5-20251101"),
    ("vertex_ai/claude-opus-4-5@20251101", "claude-opus-4-5-20251101"),
    ("azure_ai/claude-opus-4-6", "claude-opus-4-6"),
    ("bedrock/claude_platform/claude-opus-4-6", "claude-opus-4-6"),
    ("databricks/databricks-claude-opus-4-6", "claude-opus-4-6"),
    ("global.anthropic.claude-opus-4-6-v1", "claude-opus-4-6"),
    ("vercel_ai_gateway/anthropic/claude-opus-4.6", "claude-opus-4-6"),
    ("vertex_ai/claude-opus-4-6@default", "claude-opus-4-6"),
    ("azure_ai/claude-opus-4-7", "claude-opus-4-7"),
    ("bedrock/claude_platform/claude-opus-4-7", "claude-opus-4-7"),
    ("databricks/databricks-claude-opus-4-7", "claude-opus-4-7"),
    ("global.anthropic.claude-opus-4-7", "claude-opus-4-7"),
    ("kyma/claude-opus-4-7", "claude-opus-4-7"),
    ("vertex_ai/claude-opus-4-7@default", "claude-opus-4-7"),
    ("aihubmix/claude-opus-4-8-think", "claude-opus-4-8"),
    ("bedrock/claude_platform/claude-opus-4-8", "claude-opus-4-8"),
    ("bedrock/us-gov-west-1/anthropic.claude-opus-4-8", "claude-opus-4-8"),
    ("databricks/databricks-claude-opus-4-8", "claude-opus-4-8"),
    ("deepinfra/anthropic/claude-opus-4-8", "claude-opus-4-8"),
    ("github_copilot/claude-opus-4.8", "claude-opus-4-8"),
    ("github_copilot/claude-opus-4.8-fast", "claude-opus-4-8"),
    ("global.anthropic.claude-opus-4-8", "claude-opus-4-8"),
    ("azure_ai/claude-opus-5", "claude-opus-5"),
    ("bedrock/us-gov-west-1/anthropic.claude-opus-5", "claude-opus-5"),
    ("databricks/databricks-claude-opus-5", "claude-opus-5"),
    ("deepinfra/anthropic/claude-opus-5", "claude-opus-5"),
    ("github_copilot/claude-opus-5", "claude-opus-5"),
    ("global.anthropic.claude-opus-5", "claude-opus-5"),
    ("vertex_ai/claude-opus-5@default", "claude-opus-5"),
    ("anthropic.claude-opus-5-5", "claude-opus-5-5"),
    ("azure_ai/claude-opus-5-5-fast", "claude-opus-5-5"),
    ("bedrock/us-gov-west-1/anthropic.claude-opus-5-5", "claude-opus-5-5"),
    ("bedrock_mantle/anthropic.claude-opus-5-5", "claude-opus-5-5"),
    ("github_copilot/claude-opus-5.5", "claude-opus-5-5"),
    ("global.anthropic.claude-opus-5-5", "claude-opus-5-5"),
    ("vertex_ai/claude-opus-5-5@default", "claude-opus-5-5"),
    ("apac.anthropic.claude-sonnet-4-20250514-v1:0", "claude-sonnet-4-20250514"),
    ("databricks/databricks-claude-sonnet-4", "claude-sonnet-4-20250514"),
    ("deepinfra/anthropic/claude-4-sonnet", "claude-sonnet-4-20250514"),
    ("gmi/anthropic/claude-sonnet-4", "claude-sonnet-4-20250514"),
    ("heroku/claude-4-sonnet", "claude-sonnet-4-20250514"),
    ("au.anthropic.claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
    ("azure_ai/claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("bedrock/claude_platform/claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    (
        "bedrock/us-gov-east-1/anthropic.claude-sonnet-4-5-20250929-v1:0",
        "claude-sonnet-4-5-20250929",
    ),
    ("bedrock/us-gov-east-1/claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
    ("claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("claude-sonnet-4-5-20250929-v1:0", "claude-sonnet-4-5-20250929"),
    ("databricks/databricks-claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("gmi/anthropic/claude-sonnet-4.5", "claude-sonnet-4-5-20250929"),
    ("replicate/anthropic/claude-4.5-sonnet", "claude-sonnet-4-5-20250929"),
    ("snowflake/claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("deepinfra/anthropic/claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("github_copilot/claude-sonnet-4.6", "claude-sonnet-4-6"),
    ("snowflake/claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("bedrock/us-gov-west-1/anthropic.claude-sonnet-5", "claude-sonnet-5"),
    ("deepinfra/anthropic/claude-sonnet-5", "claude-sonnet-5"),
    ("github_copilot/claude-sonnet-5", "claude-sonnet-5"),
    ("anthropic.claude-sonnet-5-5", "claude-sonnet-5-5"),
    ("bedrock_mantle/anthropic.claude-sonnet-5-5", "claude-sonnet-5-5"),
    ("bedrock_mantle/us-gov-west-1/anthropic.claude-sonnet-5-5", "claude-sonnet-5-5"),
    ("github_copilot/claude-sonnet-5.5", "claude-sonnet-5-5"),
    ("anthropic.claude-3-7-sonnet-20240620-v1:0", "unknown"),
    ("bedrock/claude-fable-latest", "unknown"),
    ("claude-sonnet-latest", "unknown"),
    ("databricks/claude-fable-latest", "unknown"),
    ("databricks/databricks-claude-sonnet-4-1", "unknown"),
    # models.dev (models-dev 1.0.398)
    ("anthropic-claude-3.5-haiku", "claude-3-5-haiku-20241022"),
    ("anthropic/claude-3-5-haiku", "claude-3-5-haiku-20241022"),
    ("anthropic/claude-3.5-haiku", "claude-3-5-haiku-20241022"),
    ("anthropic/claude-haiku-3.5", "claude-3-5-haiku-20241022"),
    ("claude-3-5-haiku", "claude-3-5-haiku-20241022"),
    ("claude-3-5-haiku-20241022", "claude-3-5-haiku-20241022"),
    ("claude-3-5-haiku-latest", "claude-3-5-haiku-20241022"),
    ("claude-3.5-haiku", "claude-3-5-haiku-20241022"),
    ("anthropic-claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("anthropic/claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("anthropic/claude-sonnet-3.5", "claude-3-5-sonnet"),
    ("claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("anthropic/claude-3.5-sonnet-20240620", "claude-3-5-sonnet-20240620"),
    ("anthropic/claude-sonnet-3.5-june", "claude-3-5-sonnet-20240620"),
    ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20240620"),
    ("claude-3-5-sonnet@20241022", "claude-3-5-sonnet-20241022"),
    ("claude-3.5-sonnet-v2", "claude-3-5-sonnet-20241022"),
    ("anthropic-claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("anthropic/claude-3-7-sonnet-latest", "claude-3-7-sonnet-20250219"),
    ("anthropic/claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("anthropic/claude-sonnet-3.7", "claude-3-7-sonnet-20250219"),
    ("claude-3-7-sonnet", "claude-3-7-sonnet-20250219"),
    ("claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219"),
    ("claude-3-7-sonnet-reasoner", "claude-3-7-sonnet-20250219"),
    ("claude-3.7-sonnet", "claude-3-7-sonnet-20250219"),
    ("anthropic--claude-3-haiku", "claude-3-haiku-20240307"),
    ("anthropic/claude-3-haiku", "claude-3-haiku-20240307"),
    ("anthropic/claude-haiku-3", "claude-3-haiku-20240307"),
    ("anthropic-claude-3-opus", "claude-3-opus-20240229"),
    ("anthropic/claude-3-opus", "claude-3-opus-20240229"),
    ("claude-3-opus", "claude-3-opus-20240229"),
    ("anthropic--claude-3-sonnet", "claude-3-sonnet-20240229"),
    ("anthropic/claude-3-sonnet", "claude-3-sonnet-20240229"),
    ("anthropic-claude-4.5-haiku", "claude-haiku-4-5-20251001"),
    ("anthropic-claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("anthropic/claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("anthropic/claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("claude-4.5-haiku", "claude-haiku-4-5-20251001"),
    ("claude-haiku-4.5", "claude-haiku-4-5-20251001"),
    ("databricks-claude-haiku-4-5", "claude-haiku-4-5-20251001"),
    ("anthropic-claude-4.1-opus", "claude-opus-4-1-20250805"),
    ("anthropic/claude-opus-4-1", "claude-opus-4-1-20250805"),
    ("anthropic/claude-opus-4.1", "claude-opus-4-1-20250805"),
    ("claude-4.1-opus", "claude-opus-4-1-20250805"),
    ("claude-opus-4-1", "claude-opus-4-1-20250805"),
    ("claude-opus-4-1-20250805", "claude-opus-4-1-20250805"),
    ("claude-opus-4-1-20250805-thinking", "claude-opus-4-1-20250805"),
    ("claude-opus-4-1-thinking", "claude-opus-4-1-20250805"),
    ("claude-opus-41", "claude-opus-4-1-20250805"),
    ("databricks-claude-opus-4-1", "claude-opus-4-1-20250805"),
    ("anthropic--claude-4-opus", "claude-opus-4-20250514"),
    ("anthropic-claude-opus-4", "claude-opus-4-20250514"),
    ("anthropic/claude-4-opus", "claude-opus-4-20250514"),
    ("anthropic/claude-opus-4", "claude-opus-4-20250514"),
    ("claude-4.0-opus", "claude-opus-4-20250514"),
    ("claude-opus-4-0", "claude-opus-4-20250514"),
    ("claude-opus-4-20250514", "claude-opus-4-20250514"),
    ("claude-opus-4-thinking", "claude-opus-4-20250514"),
    ("anthropic--claude-4.5-opus", "claude-opus-4-5-20251101"),
    ("anthropic-claude-opus-4.5", "claude-opus-4-5-20251101"),
    ("anthropic/claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("anthropic/claude-opus-4.5", "claude-opus-4-5-20251101"),
    ("claude-4.5-opus", "claude-opus-4-5-20251101"),
    ("claude-opus-4-5-20251101-thinking", "claude-opus-4-5-20251101"),
    ("claude-opus-4.5", "claude-opus-4-5-20251101"),
    ("claude-opus4-5", "claude-opus-4-5-20251101"),
    ("databricks-claude-opus-4-5", "claude-opus-4-5-20251101"),
    ("anthropic--claude-4.6-opus", "claude-opus-4-6"),
    ("anthropic-claude-opus-4.6", "claude-opus-4-6"),
    ("anthropic/claude-opus-4-6", "claude-opus-4-6"),
    ("anthropic/claude-opus-4.6", "claude-opus-4-6"),
    ("anthropic/claude-opus-4.6-fast", "claude-opus-4-6"),
    ("claude-opus-4-6-thinking", "claude-opus-4-6"),
    ("claude-opus-4-6@default", "claude-opus-4-6"),
    ("claude-opus-4.6", "claude-opus-4-6"),
    ("claude-opus4-6", "claude-opus-4-6"),
    ("databricks-claude-opus-4-6", "claude-opus-4-6"),
    ("anthropic--claude-4.7-opus", "claude-opus-4-7"),
    ("anthropic-claude-opus-4.7", "claude-opus-4-7"),
    ("anthropic/claude-opus-4-7", "claude-opus-4-7"),
    ("anthropic/claude-opus-4.7", "claude-opus-4-7"),
    ("anthropic/claude-opus-4.7-fast", "claude-opus-4-7"),
    ("claude-opus-4-7-think", "claude-opus-4-7"),
    ("claude-opus-4-7@default", "claude-opus-4-7"),
    ("claude-opus-4.7", "claude-opus-4-7"),
    ("claude-opus4-7", "claude-opus-4-7"),
    ("databricks-claude-opus-4-7", "claude-opus-4-7"),
    ("anthropic--claude-4-sonnet", "claude-sonnet-4-20250514"),
    ("claude-4.0-sonnet", "claude-sonnet-4-20250514"),
    ("claude-sonnet-4-0", "claude-sonnet-4-20250514"),
    ("claude-sonnet-4-20250514", "claude-sonnet-4-20250514"),
    ("claude-sonnet-4-thinking", "claude-sonnet-4-20250514"),
    ("databricks-claude-sonnet-4", "claude-sonnet-4-20250514"),
    ("anthropic-claude-4.5-sonnet", "claude-sonnet-4-5-20250929"),
    ("anthropic/claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("anthropic/claude-sonnet-4.5", "claude-sonnet-4-5-20250929"),
    ("claude-4-5-sonnet", "claude-sonnet-4-5-20250929"),
    ("claude-4.5-sonnet", "claude-sonnet-4-5-20250929"),
    ("claude-sonnet-4-5-20250929-thinking", "claude-sonnet-4-5-20250929"),
    ("claude-sonnet-4.5", "claude-sonnet-4-5-20250929"),
    ("databricks-claude-sonnet-4-5", "claude-sonnet-4-5-20250929"),
    ("anthropic-claude-4.6-sonnet", "claude-sonnet-4-6"),
    ("anthropic/claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("anthropic/claude-sonnet-4.6", "claude-sonnet-4-6"),
    ("anthropic/claude-sonnet-4.6:thinking", "claude-sonnet-4-6"),
    ("claude-4-6-sonnet", "claude-sonnet-4-6"),
    ("claude-sonnet-4-6-thinking", "claude-sonnet-4-6"),
    ("claude-sonnet-4-6@default", "claude-sonnet-4-6"),
    ("claude-sonnet-4.6", "claude-sonnet-4-6"),
    ("databricks-claude-sonnet-4-6", "claude-sonnet-4-6"),
    ("deepclaude", "unknown"),
    ("~anthropic/claude-haiku-latest", "unknown"),
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_catalogue_keys_name_the_model_a_reader_would(text: str, expected: str) -> None:
    """Each key names the model (or family) read off it by hand; unknown ones stay unknown."""
    found = RESOLVER.explain(text)
    assert (found.model if isinstance(found, Resolution) else found.match) == expected


def test_the_table_covers_both_catalogues_and_every_answer_kind() -> None:
    """At least 150 forms, from both catalogues, families and unknowns among them."""
    answers = Counter(RESOLVER.explain(text).match for text, _ in FORMS)
    assert len(FORMS) >= 150 and len({text for text, _ in FORMS}) == len(FORMS)
    assert {"exact", "alias", "rule", "family", "unknown"} <= set(answers)


@pytest.mark.parametrize(
    ("text", "match", "model", "candidates"),
    [
        ("claude-instant", "family", "claude-instant", 3),
        ("Claude-Instant", "family", "claude-instant", 3),  # Poe's bot
        ("openrouter/anthropic/claude-instant:beta", "family", "claude-instant", 3),
        ("claude-sonnet", "ambiguous", None, 9),
        ("claude-mythos", "ambiguous", None, 3),  # claude-mythos-preview among them
        ("claude-opus-latest", "unknown", None, 0),  # moving: which model it is changes
        ("claude-code", "unknown", None, 0),
    ],
)
def test_a_family_without_a_version_names_all_its_models(
    text: str, match: str, model: str | None, candidates: int
) -> None:
    """A family named without a version is answered when all its models agree (Claude
    Instant: every 1.x retired alike), else ambiguous with them all; never one of them."""
    found = RESOLVER.explain(text)
    answered = found.model if isinstance(found, Resolution) else None
    assert (found.match, answered, len(found.candidates)) == (match, model, candidates)


def _unresolved(name: str) -> dict[str, str]:
    """A whole catalogue through `catalog check`: its unresolved keys and why."""
    document = json.loads((CATALOG / name).read_text(encoding="utf-8"))
    if name.startswith("models.dev"):
        entries, _ = catalog_entries(models_dev_list(document), MODELS_DEV_SPEC)
        spec = MODELS_DEV_SPEC
    else:
        entries, _ = catalog_entries(document, LITELLM_SPEC)
        spec = LITELLM_SPEC
    findings = check_catalogue(entries, spec, RESOLVER, plain(INDEX))
    return {f.key: f.note for f in findings if f.kind == "unresolved"}


def test_what_litellm_leaves_unresolved_names_no_model_on_the_page() -> None:
    """Of LiteLLM's 434 Claude keys only ids of no model stay unresolved (the README lists
    the kinds): a date no model of that name has, a version that never existed."""
    assert _unresolved("litellm-1.110.2-claude.json") == {
        "anthropic.claude-3-7-sonnet-20240620-v1:0": (
            "no model claude-3-7-sonnet-20240620 on the page (it lists claude-3-7-sonnet-20250219)"
        ),
        "claude-opus-4-6-20260205": (
            "no model claude-opus-4-6-20260205 on the page (it lists claude-opus-4-6)"
        ),
        "claude-opus-4-7-20260416": (
            "no model claude-opus-4-7-20260416 on the page (it lists claude-opus-4-7)"
        ),
        "databricks/databricks-claude-sonnet-4-1": "no model claude-sonnet-4-1 on the page",
    }


def test_what_models_dev_leaves_unresolved_names_no_model() -> None:
    """Of models.dev's 411 Claude keys only moving aliases and names of no model remain."""
    moving = "names no model version (a moving alias names no model for certain)"
    assert _unresolved("models.dev-1.0.398-claude.json") == {
        "~anthropic/claude-haiku-latest": f"'claude-haiku-latest' {moving}",
        "~anthropic/claude-opus-latest": f"'claude-opus-latest' {moving}",
        "~anthropic/claude-sonnet-latest": f"'claude-sonnet-latest' {moving}",
        "deepclaude": "'deepclaude' is not a form of a Claude model id",
        "poetools/claude-code": "unknown router prefix 'poetools/'",
    }
