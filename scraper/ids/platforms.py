"""Platform ids: Amazon Bedrock's `[profile.]anthropic.<id>[-vN[:M]]` and its ARNs, Vertex AI's
`name@YYYYMMDD` and `publishers/anthropic/models/…` paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.ids.names import is_date

# -- Amazon Bedrock ------------------------------------------------------------------------------

# Cross-region inference-profile prefixes Amazon Bedrock uses for Claude.
PROFILE_PREFIXES = frozenset({"us", "eu", "apac", "jp", "au", "global", "us-gov", "ca", "regional"})
_PROFILE = r"(?:(?P<profile>[a-z]+(?:-[a-z]+)?)\.)?"
# `-v1:0`, `-v2` (then `:200k`, a context window of provisioned throughput).
BEDROCK_VERSION = re.compile(r"-v\d+(?::\d+)?$")
_BEDROCK = re.compile(
    rf"^{_PROFILE}anthropic\."
    r"(?P<stem>[a-z0-9][a-z0-9.-]*?)(?P<version>-v\d+(?::\d+)?(?::\d+k)?)?$"
)
_BEDROCK_PROVIDER = re.compile(rf"^{_PROFILE}anthropic\.(?P<rest>.+)$")
_ARN = re.compile(
    r"^arn:aws(?:-[a-z]+)*:bedrock:[a-z0-9-]*:\d*:"
    r"(?P<kind>foundation-model|inference-profile)/(?P<id>[^/\s]+)$"
)


@dataclass(frozen=True, slots=True)
class BedrockId:
    """A Bedrock-style id taken apart: `[profile.]anthropic.<stem>[-vN[:M]]`."""

    stem: str
    profiled: bool
    versioned: bool


def parse_bedrock_id(text: str) -> BedrockId | None:
    match = _BEDROCK.match(text)
    if match is None:
        return None
    profile = match["profile"]
    if profile is not None and profile not in PROFILE_PREFIXES:
        return None
    return BedrockId(match["stem"], profile is not None, match["version"] is not None)


def bedrock_stem(text: str) -> str | None:
    """`us.anthropic.claude-x-20250101-v1:0` → `claude-x-20250101`; None if not Bedrock-style."""
    found = parse_bedrock_id(text)
    return found.stem if found else None


def bedrock_provider(text: str) -> tuple[str | None, str] | None:
    """(profile prefix or None, the rest) of `[profile.]anthropic.<rest>`; None otherwise."""
    match = _BEDROCK_PROVIDER.match(text)
    return (match["profile"], match["rest"]) if match else None


def arn_parts(text: str) -> tuple[str, str] | None:
    """(kind, the id inside) of a Bedrock foundation-model or inference-profile ARN."""
    match = _ARN.match(text)
    return (match["kind"], match["id"]) if match else None


def arn_model_id(text: str) -> str | None:
    """The Bedrock id inside a foundation-model or inference-profile ARN; None when the ARN's
    kind and the id disagree (a foundation model is a base id, a profile has its prefix)."""
    found = arn_parts(text)
    if found is None:
        return None
    kind, inner = found
    parts = parse_bedrock_id(inner)
    if parts is None or parts.profiled != (kind == "inference-profile"):
        return None
    return inner


# -- Google Cloud Vertex AI ----------------------------------------------------------------------

_VERTEX_PATH = re.compile(
    r"^(?:https://[a-z0-9.-]*aiplatform\.googleapis\.com/v1(?:beta1)?/)?"
    r"(?:projects/[^/\s]+/locations/[^/\s]+/)?publishers/anthropic/models/(?P<id>[^/:\s]+)"
    r"(?::(?i:rawPredict|streamRawPredict|countTokens))?$"
)
# `claude-3-5-sonnet-v2@20241022`: Vertex AI names a second model of one name `-v2`; the date
# still tells the API id (`claude-3-5-sonnet-20241022`).
_VERTEX_VERSION = re.compile(r"^(?P<name>[a-z0-9][a-z0-9.-]*?)(?:-v\d+)?@(?P<date>\d{8})$")
# `@default` and `@latest`: the model's current version on Vertex AI, the bare name.
VERTEX_CURRENT = re.compile(r"@(?:default|latest)$")


def vertex_path_id(text: str) -> str | None:
    """The model id at the end of a Vertex AI resource path or URL."""
    match = _VERTEX_PATH.match(text)
    return match["id"] if match else None


def vertex_api_id(model_id: str) -> str | None:
    """The API id a Vertex `name@YYYYMMDD` stands for (`name-YYYYMMDD`), if the date is real."""
    match = _VERTEX_VERSION.match(model_id)
    if match is None or not is_date(match["date"]):
        return None
    return f"{match['name']}-{match['date']}"
