"""Ids the pages no longer list, and which models they stood for: each row with its source.

The deprecations page lists models by their API ids since Claude 1.0; older code and catalogues
still call them by ids of their own time: Amazon Bedrock's first ids (`anthropic.claude-v2:1`),
the API's "latest major version" aliases of 2023 (`claude-2`), Vertex AI's name for the second
Claude 3.5 Sonnet and Poe's for the first. Only these rows are known; nothing is inferred from
their shape.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scraper.records import Platform

_BEDROCK = (
    "Amazon Bedrock User Guide, Model lifecycle, legacy versions (anthropic.claude-v2, "
    "anthropic.claude-v2:1, anthropic.claude-instant-v1 and their provisioned-throughput ids): "
    "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html"
)
_API_2023 = (
    "Anthropic's API docs of mid-2023, Selecting a model (latest major versions claude-2, "
    "claude-instant-1, claude-1, each moving to the newest model of its version): "
    "https://docs.anthropic.com/claude/reference/selecting-a-model"
)
_API_EARLY_2023 = (
    "Anthropic's API reference of early 2023, the model parameter (claude-v1 and "
    "claude-instant-v1 moving to the newest 1.x; claude-v1.0, claude-v1.2, claude-v1.3, "
    "claude-instant-v1.0, claude-instant-v1.1 fixed), renamed claude-1.x in mid-2023; Amazon "
    "Bedrock kept anthropic.claude-v1 and anthropic.claude-instant-v1"
)
_POE = (
    "Poe's bot for the first Claude 3.5 Sonnet, of June 2024 (Claude-Sonnet-3.5-June, formerly "
    "Claude-3.5-Sonnet-June), as models.dev lists it: https://poe.com/Claude-Sonnet-3.5-June"
)
_CLAUDE_1 = tuple(f"claude-1.{n}" for n in range(4))
_INSTANT_1 = tuple(f"claude-instant-1.{n}" for n in range(3))


@dataclass(frozen=True, slots=True)
class HistoricalId:
    form: str  # lower case, without the provider's prefix (`claude-v2:1`, not `anthropic.…`)
    models: tuple[str, ...]  # the API ids it stood for: several when it moved between them
    platform: Platform | None  # the platform the id belongs to; None: as the rest says
    source: str


HISTORICAL_IDS: tuple[HistoricalId, ...] = (
    HistoricalId("claude-v1", _CLAUDE_1, None, _API_EARLY_2023),
    HistoricalId("claude-v1.0", ("claude-1.0",), "claude-api", _API_EARLY_2023),
    HistoricalId("claude-v1.2", ("claude-1.2",), "claude-api", _API_EARLY_2023),
    HistoricalId("claude-v1.3", ("claude-1.3",), "claude-api", _API_EARLY_2023),
    HistoricalId("claude-instant-v1", _INSTANT_1, None, _API_EARLY_2023),
    HistoricalId("claude-instant-v1.0", ("claude-instant-1.0",), "claude-api", _API_EARLY_2023),
    HistoricalId("claude-instant-v1.1", ("claude-instant-1.1",), "claude-api", _API_EARLY_2023),
    HistoricalId("claude-instant-v1:2", ("claude-instant-1.2",), "bedrock-legacy", _BEDROCK),
    HistoricalId("claude-v2", ("claude-2.0",), "bedrock-legacy", _BEDROCK),
    HistoricalId("claude-v2:0", ("claude-2.0",), "bedrock-legacy", _BEDROCK),
    HistoricalId("claude-v2:1", ("claude-2.1",), "bedrock-legacy", _BEDROCK),
    HistoricalId("claude-1", _CLAUDE_1, "claude-api", _API_2023),
    HistoricalId("claude-2", ("claude-2.0", "claude-2.1"), "claude-api", _API_2023),
    HistoricalId("claude-instant-1", _INSTANT_1, "claude-api", _API_2023),
    HistoricalId("claude-sonnet-3-5-june", ("claude-3-5-sonnet-20240620",), None, _POE),
    HistoricalId("claude-3-5-sonnet-june", ("claude-3-5-sonnet-20240620",), None, _POE),
    HistoricalId(
        "claude-3-5-sonnet-v2",
        ("claude-3-5-sonnet-20241022",),
        None,
        "Vertex AI names the second Claude 3.5 Sonnet claude-3-5-sonnet-v2@20241022: "
        "https://cloud.google.com/vertex-ai/generative-ai/docs/partner-models/use-claude",
    ),
)
_BY_FORM = {row.form: row for row in HISTORICAL_IDS}
_DOTTED = re.compile(r"(?<=\d)\.(?=\d)")


def historical_id(text: str) -> HistoricalId | None:
    """The row for `text` (lower case, no provider prefix); `claude-3.5-sonnet-v2` is read
    with its version hyphenated, as the rows write Claude 3 versions."""
    return _BY_FORM.get(text) or _BY_FORM.get(_DOTTED.sub("-", text))
