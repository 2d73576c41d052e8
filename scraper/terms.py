"""The words the records are made of (statuses, date qualifiers, page formats, platforms):
plain `Literal` types with no pydantic behind them, so the read-only commands can name them
without building the record types (`scraper.records` re-exports them)."""

from __future__ import annotations

from typing import Literal, get_args

SCHEMA_VERSION = 1
# The language whose page is the canonical one (models.json); the others are compared with it.
REFERENCE_LOCALE = "en"

Status = Literal["active", "legacy", "deprecated", "retired"]
STATUSES: tuple[Status, ...] = get_args(Status)
# A retirement date "not sooner than" the date given; or one the page says is "to be announced"
# (no date yet, which is not the same as no retirement date at all).
Qualifier = Literal["not_sooner_than", "to_be_announced"]
# The two forms a page is published in; parsers, fetch and records name them the same.
PageFormat = Literal["markdown", "html"]
# Where a model is called: the Claude API (its ids and aliases), Claude in Amazon Bedrock
# (Messages API), Amazon Bedrock's InvokeModel/Converse integration (ARN-versioned ids),
# Google Cloud's Vertex AI / Agent Platform, Microsoft Foundry and Claude Platform on AWS.
Platform = Literal[
    "claude-api", "bedrock", "bedrock-legacy", "vertex-ai", "foundry", "aws-platform"
]
PLATFORMS: tuple[Platform, ...] = get_args(Platform)
