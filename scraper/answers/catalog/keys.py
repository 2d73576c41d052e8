"""From a catalogue's key to the model id and the platform it names.

Catalogues write routing in front of the model id: LiteLLM's `bedrock/us-east-1/...`,
`vertex_ai/...`, `azure_ai/...`, gateways' `openrouter/anthropic/...`. The entry's own provider
field (models.dev's provider, LiteLLM's `litellm_provider`) says who serves it, whatever the
key's first segment says, so the provider's part of the key is taken off here, with the routing
segments after it (`scraper.ids.routes` names them all); the resolver reads the rest. What the
provider is (a platform the pages cover, or a gateway) decides which page's facts apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.ids.routes import PLATFORM_ROUTES, ROUTE_SEGMENTS, ROUTING_SEGMENT, VENDORS
from scraper.records import Platform


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
    if len(segments) > 1 and segments[0] in {provider, *PLATFORM_ROUTES}:
        segments = segments[1:]
    route = PLATFORM_ROUTES.get(provider) if provider else None
    platform: Platform | None = route.platform if route else None
    covered = provider is None or platform is not None
    while len(segments) > 1 and (
        segments[0] in ROUTE_SEGMENTS or ROUTING_SEGMENT.fullmatch(segments[0])
    ):
        platform = ROUTE_SEGMENTS.get(segments[0]) or platform
        segments = segments[1:]
    if len(segments) > 1 and segments[0] in VENDORS:
        segments = segments[1:]
    return CatalogKey(provider, platform, "/".join(segments), covered)
