"""The grammar of model ids: what each form of a Claude model id looks like, and what it says.

Every layer reads ids: the platform pages' reader, the platforms join, the resolver, audit,
catalog and the site. They all take ids apart here, by these rules only:

- a Claude API id: `claude-opus-4-1-20250805` (a name and a date), and the names people call
  it by (`Claude Opus 4.1`, `model_name`) and its family (`family_of`);
- the API's alias conventions, by naming era (`alias_target`);
- Amazon Bedrock: `[profile.]anthropic.<id>[-vN[:M]]` (`parse_bedrock_id`), with the
  cross-region inference-profile prefixes (`PROFILE_PREFIXES`), and the foundation-model /
  inference-profile ARNs around it (`arn_model_id`);
- Google Cloud Vertex AI: `name@YYYYMMDD` (`vertex_api_id`) and the
  `publishers/anthropic/models/...` resource path (`vertex_path_id`).

Pure and light: the standard library only, so the quick commands can import it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

# -- Claude API ids and their names ----------------------------------------------------------

_VERSION = r"(?P<major>\d+)(?:[-.](?P<minor>\d{1,2}))?"
_SUFFIX = r"(?:-\d{8}|-latest)?"
_NAME_PATTERNS = (
    re.compile(rf"^claude-{_VERSION}-(?P<family>[a-z]+){_SUFFIX}$"),  # claude-3-5-haiku-20241022
    re.compile(rf"^claude-(?P<family>[a-z]+)-{_VERSION}{_SUFFIX}$"),  # claude-opus-4-1-20250805
    re.compile(r"^claude-(?P<major>\d+)\.(?P<minor>\d+)$"),  # claude-2.1
)
# A model named in words only, without a version (claude-mythos-preview: Claude Mythos Preview).
_WORDS_ONLY = re.compile(r"^claude(?:-[a-z]+)+$")
_DATED = re.compile(r"^(?P<name>.+)-(?P<date>\d{8})$")
Family = Literal["opus", "sonnet", "haiku", "other"]
FAMILIES: tuple[Family, ...] = ("opus", "sonnet", "haiku", "other")
_FAMILY = re.compile(r"(?:^|[^a-z])(opus|sonnet|haiku)(?:$|[^a-z])")


def model_name(model_id: str) -> str:
    """The name people call a model by: `Claude Opus 4.1` for `claude-opus-4-1-20250805`.

    The page names models this way in its headings and prose in every language ("Claude Haiku
    3.5 模型"), family before version since Claude 3; the ids put the version first up to
    Claude 3.7 and last after it; an id of words only is those words (`Claude Mythos
    Preview`). An id that follows none of these keeps its id as its name.
    """
    if _WORDS_ONLY.match(model_id):
        return " ".join(word.capitalize() for word in model_id.split("-"))
    for pattern in _NAME_PATTERNS:
        match = pattern.match(model_id)
        if match is None:
            continue
        parts = match.groupdict()
        version = parts["major"] + (f".{parts['minor']}" if parts["minor"] is not None else "")
        family = parts.get("family")
        return f"Claude {family.capitalize()} {version}" if family else f"Claude {version}"
    return model_id


def family_of(model_id: str) -> Family:
    """Opus, Sonnet or Haiku when the id names one as a word (claude-3-5-haiku-…), else other."""
    match = _FAMILY.search(model_id.lower())
    if match is None:
        return "other"
    found: Family = "opus" if match[1] == "opus" else "sonnet" if match[1] == "sonnet" else "haiku"
    return found


def is_date(text: str) -> bool:
    """`YYYYMMDD` that is a real day."""
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return len(text) == 8 and text.isdigit()


def dated_name(model_id: str) -> str | None:
    """The name of a dated id without its date: `claude-opus-4-20250514` → `claude-opus-4`."""
    match = _DATED.match(model_id)
    return match["name"] if match else None


# -- the API's aliases ---------------------------------------------------------------------------

# `claude-3-5-sonnet-latest`: Claude 3 names, the newest dated id of that name;
_LATEST = re.compile(r"^(?P<name>claude-\d+(?:-\d+)?-[a-z]+)-latest$")
# `claude-opus-4-0`: a Claude 4 family's x.0 model (one dated id);
_ZERO_ALIAS = re.compile(r"^(?P<name>claude-[a-z]+-\d+)-0$")
# `claude-opus-4-1`: a Claude 4 x.y model without its date (one dated id).
_DATELESS_ALIAS = re.compile(r"^(?P<name>claude-[a-z]+-\d+-\d+)$")


def alias_target(text: str, api_ids: frozenset[str]) -> str | None:
    """The API id an alias names by the API's conventions: `…-latest` the newest dated id of
    that name; `claude-opus-4-0`, `claude-opus-4-1` the one dated id of that name."""
    latest = _LATEST.match(text)
    match = latest or _ZERO_ALIAS.match(text) or _DATELESS_ALIAS.match(text)
    if match is None:
        return None
    dated = sorted(
        (found["date"], api_id)
        for api_id in api_ids
        if (found := _DATED.match(api_id)) and found["name"] == match["name"]
    )
    if not dated or (latest is None and len(dated) != 1):
        return None
    return dated[-1][1]


# -- Amazon Bedrock ------------------------------------------------------------------------------

# Cross-region inference-profile prefixes Amazon Bedrock uses for Claude.
PROFILE_PREFIXES = frozenset({"us", "eu", "apac", "jp", "au", "global", "us-gov", "ca"})
_BEDROCK = re.compile(
    r"^(?:(?P<profile>[a-z]+(?:-[a-z]+)?)\.)?anthropic\."
    r"(?P<stem>[a-z0-9][a-z0-9.-]*?)(?P<version>-v\d+(?::\d+)?(?::\d+k)?)?$"
)
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


def arn_model_id(text: str) -> str | None:
    """The Bedrock id inside a foundation-model or inference-profile ARN; None when the ARN's
    kind and the id disagree (a foundation model is a base id, a profile has its prefix)."""
    match = _ARN.match(text)
    if match is None:
        return None
    parts = parse_bedrock_id(match["id"])
    if parts is None or parts.profiled != (match["kind"] == "inference-profile"):
        return None
    return match["id"]


# -- Google Cloud Vertex AI ----------------------------------------------------------------------

_VERTEX_PATH = re.compile(
    r"^(?:https://[a-z0-9.-]*aiplatform\.googleapis\.com/v1/)?"
    r"(?:projects/[^/\s]+/locations/[^/\s]+/)?publishers/anthropic/models/(?P<id>[^/:\s]+)"
    r"(?::(?:rawPredict|streamRawPredict|countTokens))?$"
)
# `claude-3-5-sonnet-v2@20241022`: Vertex AI names a second model of one name `-v2`; the date
# still tells the API id (`claude-3-5-sonnet-20241022`).
_VERTEX_VERSION = re.compile(r"^(?P<name>[a-z0-9][a-z0-9.-]*?)(?:-v\d+)?@(?P<date>\d{8})$")


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
