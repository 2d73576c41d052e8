"""Routers, gateways and providers: the prefixes written in front of a model id, and what each
one means.

Code and catalogues name a model through whoever serves it: LiteLLM's `bedrock/…`,
`vertex_ai/…`, `openrouter/anthropic/…`, Pydantic AI's and LangChain's `anthropic:…`, a
gateway's `vercel_ai_gateway/anthropic/…`, a reseller's `databricks-claude-…`. A prefix either
names a platform the pages cover (its page applies) or a service of its own that passes the
model on (`via`); a prefix in neither table is not guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.records import Platform


@dataclass(frozen=True, slots=True)
class Route:
    label: str  # for people: "OpenRouter"
    platform: Platform | None  # the platform whose page applies; None: a service of its own


_CLAUDE_API = Route("Claude API", "claude-api")
_BEDROCK = Route("Amazon Bedrock", "bedrock-legacy")  # the id's own form tells which Bedrock API
_VERTEX = Route("Vertex AI", "vertex-ai")
_FOUNDRY = Route("Microsoft Foundry", "foundry")

# Platforms the pages cover, as LiteLLM (key prefixes, `litellm_provider`), models.dev
# (provider ids), Pydantic AI and LangChain (`provider:model`) name them.
PLATFORM_ROUTES: dict[str, Route] = {
    "anthropic": _CLAUDE_API,
    "anthropic_text": _CLAUDE_API,
    "bedrock": _BEDROCK,
    "bedrock_converse": _BEDROCK,
    "amazon-bedrock": _BEDROCK,
    "aws-bedrock": _BEDROCK,
    "aws": _BEDROCK,  # aisuite's `aws:anthropic.claude-…`
    # `bedrock_mantle`: Claude in Amazon Bedrock, the Messages API at `bedrock-mantle`.
    "bedrock_mantle": Route("Claude in Amazon Bedrock", "bedrock"),
    "vertex_ai": _VERTEX,
    "vertex_ai_beta": _VERTEX,
    "vertex_ai-anthropic_models": _VERTEX,
    "vertexai": _VERTEX,
    "google-vertex": _VERTEX,
    "google-vertex-anthropic": _VERTEX,
    "google_vertexai": _VERTEX,
    "google_anthropic_vertex": _VERTEX,  # LangChain's init_chat_model provider
    "vertex": _VERTEX,
    "azure_ai": _FOUNDRY,
    "azure": _FOUNDRY,
    "azure-ai": _FOUNDRY,
    "azure-cognitive-services": _FOUNDRY,
    "foundry": _FOUNDRY,
}
# Services of their own that pass a Claude model on (each sets its own schedule).
GATEWAYS: dict[str, str] = {
    "302ai": "302.AI",
    "abacus": "Abacus.AI",
    "aihubmix": "AiHubMix",
    "auriko": "Auriko",
    "cloudflare": "Cloudflare AI Gateway",
    "cloudflare-ai-gateway": "Cloudflare AI Gateway",
    "cortecs": "Cortecs",
    "databricks": "Databricks",
    "deepinfra": "DeepInfra",
    "digitalocean": "DigitalOcean",
    "fastrouter": "FastRouter",
    "frogbot": "Frogbot",
    "gateway": "Pydantic AI Gateway",
    "github-copilot": "GitHub Copilot",
    "github_copilot": "GitHub Copilot",
    "gmi": "GMI Cloud",
    "gmicloud": "GMI Cloud",
    "gradient_ai": "DigitalOcean Gradient",
    "helicone": "Helicone",
    "heroku": "Heroku",
    "hostinger_router": "Hostinger",
    "jiekou": "Jiekou",
    "kilo": "Kilo Code",
    "kyma": "Kyma",
    "litellm": "LiteLLM proxy",
    "litellm_proxy": "LiteLLM proxy",
    "llmgateway": "LLM Gateway",
    "nano-gpt": "NanoGPT",
    "nearai": "NEAR AI",
    "opencode": "OpenCode",
    "opencode_go": "OpenCode Go",
    "openrouter": "OpenRouter",
    "orcarouter": "OrcaRouter",
    "perplexity": "Perplexity",
    "perplexity-agent": "Perplexity",
    "poe": "Poe",
    "portkey": "Portkey",
    "qihang-ai": "Qihang AI",
    "qiniu-ai": "Qiniu AI",
    "replicate": "Replicate",
    "requesty": "Requesty",
    "sap-ai-core": "SAP AI Core",
    "snowflake": "Snowflake Cortex",
    "together_ai": "Together AI",
    "vercel": "Vercel AI Gateway",
    "vercel_ai_gateway": "Vercel AI Gateway",
    "venice": "Venice",
    "zenmux": "ZenMux",
}
# Provider names written into the model's own name: `anthropic--claude-3-haiku` (SAP AI Core),
# `anthropic-claude-3.5-haiku` (DigitalOcean), `databricks-claude-sonnet-4` (Databricks).
NAME_PREFIXES: dict[str, str | None] = {
    "anthropic--": None,
    "anthropic-": None,
    "databricks-": "Databricks",
}
# The model's vendor, written between a gateway and the id (`openrouter/anthropic/…`); `~` is
# OpenRouter's mark of a moving alias (`~anthropic/claude-haiku-latest`).
VENDORS = frozenset({"anthropic", "~anthropic"})
# LiteLLM's Bedrock routes; `claude_platform` is Claude Platform on AWS (Anthropic-operated).
ROUTE_SEGMENTS: dict[str, Platform | None] = {
    "claude_platform": "aws-platform",
    "converse": None,
    "invoke": None,
    "converse_like": None,
}
# `us-east-1`, `us-gov-west-1` (AWS), `us-east5`, `europe-west1` (Google Cloud), `global`, and
# LiteLLM's provisioned-throughput terms (`1-month-commitment`).
ROUTING_SEGMENT = re.compile(
    r"[a-z]{2}(?:-gov)?-[a-z]+-\d+|[a-z]+-[a-z]+\d+|\d+-months?-commitment|global"
)
# A router's suffix that changes how it serves, not which model (OpenRouter's `:beta`, ...).
ROUTER_SUFFIXES = frozenset({"beta", "free", "nitro", "floor", "online", "extended", "exacto"})


def route_of(name: str) -> Route | None:
    """What a prefix names: a covered platform, a gateway, or None when it is neither."""
    if name in PLATFORM_ROUTES:
        return PLATFORM_ROUTES[name]
    label = GATEWAYS.get(name)
    return Route(label, None) if label is not None else None
