"""The grammar of model ids: what each form of a Claude model id looks like, and what it says.

Every layer reads ids: the platform pages' reader, the platforms join, the resolver, audit,
catalog and the site. They all take ids apart here, by these rules only:

- `names`: a Claude API id (`claude-opus-4-1-20250805`) as a name however it is spelled, the
  name people call it by (`Claude Opus 4.1`, `model_name`) and its family (`family_of`);
- `platforms`: Amazon Bedrock's `[profile.]anthropic.<id>[-vN[:M]]` with the cross-region
  inference-profile prefixes and the ARNs around it; Vertex AI's `name@YYYYMMDD` and the
  `publishers/anthropic/models/...` resource path;
- `routes`: the routers, gateways and providers written in front of an id, and what each means;
- `history`: ids the pages no longer list (`anthropic.claude-v2:1`, `claude-2`), with sources;
- `normalise`: a written id reduced to the id it names, each step named (`read_id`);
- `match`: which of the page's ids a name names (`NameTable`), for the join and the resolver.

Pure and light: the standard library only, so the quick commands can import it.
"""

from __future__ import annotations

from scraper.ids.names import (
    FAMILIES,
    Family,
    dated_name,
    family_of,
    is_date,
    model_name,
)
from scraper.ids.platforms import (
    PROFILE_PREFIXES,
    BedrockId,
    arn_model_id,
    bedrock_stem,
    parse_bedrock_id,
    vertex_api_id,
    vertex_path_id,
)

__all__ = [
    "FAMILIES",
    "PROFILE_PREFIXES",
    "BedrockId",
    "Family",
    "arn_model_id",
    "bedrock_stem",
    "dated_name",
    "family_of",
    "is_date",
    "model_name",
    "parse_bedrock_id",
    "vertex_api_id",
    "vertex_path_id",
]
