"""From a catalogue's key to the model id and the platform it names.

Catalogues write routing in front of the model id: LiteLLM's `bedrock/us-east-1/...`,
`vertex_ai/...`, `azure_ai/...`, gateways' `openrouter/anthropic/...`. That syntax is the
catalogue's, not a model-id form, so it is taken off here, before the resolver sees the id;
what it says (which provider serves the model) decides which page's facts apply.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.records import Platform

# Providers whose models the tracked pages speak for, as catalogues name them
# (LiteLLM's key prefixes and `litellm_provider` values, models.dev's provider ids).
PROVIDER_PLATFORMS: dict[str, Platform] = {
    "anthropic": "claude-api",
    "azure_ai": "foundry",
    "azure": "foundry",
    # InvokeModel/Converse (`bedrock-runtime`) is the legacy integration; `bedrock_mantle` is
    # Claude in Amazon Bedrock (the Messages API at `bedrock-mantle`). The resolver's answer,
    # from the id's own form, wins between the two.
    "bedrock": "bedrock-legacy",
    "bedrock_converse": "bedrock-legacy",
    "amazon-bedrock": "bedrock-legacy",
    "bedrock_mantle": "bedrock",
    "vertex_ai": "vertex-ai",
    "vertex_ai_beta": "vertex-ai",
    "vertex_ai-anthropic_models": "vertex-ai",
    "google-vertex": "vertex-ai",
    "google-vertex-anthropic": "vertex-ai",
}
BEDROCK_PLATFORMS: frozenset[Platform] = frozenset({"bedrock", "bedrock-legacy"})
# LiteLLM's Bedrock routes; `claude_platform` is Claude Platform on AWS (Anthropic-operated).
ROUTES: dict[str, Platform | None] = {
    "claude_platform": "aws-platform",
    "converse": None,
    "invoke": None,
    "converse_like": None,
}
# `us-east-1`, `us-gov-west-1` (AWS), `us-east5`, `europe-west1` (Google Cloud) and LiteLLM's
# provisioned-throughput terms (`1-month-commitment`).
_ROUTING_SEGMENT = re.compile(
    r"[a-z]{2}(?:-gov)?-[a-z]+-\d+|[a-z]+-[a-z]+\d+|\d+-months?-commitment|global"
)
VENDOR = "anthropic"


@dataclass(frozen=True, slots=True)
class CatalogKey:
    """What a key says once the catalogue's routing syntax is taken off."""

    provider: str | None  # as the catalogue names it (`bedrock_converse`, `databricks`)
    platform: Platform | None  # the platform whose page applies; None: one the pages do not cover
    model_text: str  # what is left for the resolver
    covered: bool  # False for gateways and resellers (Databricks, OpenRouter...)


def split_key(key: str, provider: str | None) -> CatalogKey:
    """Take routing off a key. `provider` is the entry's own provider field, if it has one.

    The provider field wins over the key's first segment: under models.dev's `openrouter`,
    `anthropic/claude-3-haiku` is OpenRouter's, not the Claude API's.
    """
    segments = key.strip().split("/")
    if provider is None and len(segments) > 1:
        provider = segments[0]
    if len(segments) > 1 and segments[0] in {provider, *PROVIDER_PLATFORMS}:
        segments = segments[1:]
    platform: Platform | None = PROVIDER_PLATFORMS.get(provider) if provider else None
    covered = provider is None or platform is not None
    while len(segments) > 1 and (segments[0] in ROUTES or _ROUTING_SEGMENT.fullmatch(segments[0])):
        platform = ROUTES.get(segments[0]) or platform
        segments = segments[1:]
    if len(segments) > 1 and segments[0] == VENDOR:
        segments = segments[1:]
    return CatalogKey(provider, platform, "/".join(segments), covered)
