"""The name people call a model by, from its API id: `claude-opus-4-1-20250805` → Claude Opus 4.1.

The page names models this way in its headings and prose in every language ("Claude Haiku
3.5 模型"), family before version since Claude 3; the ids put the version first up to Claude
3.7 and last after it. An id that follows neither pattern keeps its id as its name.
"""

from __future__ import annotations

import re

_VERSION = r"(?P<major>\d+)(?:[-.](?P<minor>\d{1,2}))?"
_SUFFIX = r"(?:-\d{8}|-latest)?"
_PATTERNS = (
    re.compile(rf"^claude-{_VERSION}-(?P<family>[a-z]+){_SUFFIX}$"),  # claude-3-5-haiku-20241022
    re.compile(rf"^claude-(?P<family>[a-z]+)-{_VERSION}{_SUFFIX}$"),  # claude-opus-4-1-20250805
    re.compile(r"^claude-(?P<major>\d+)\.(?P<minor>\d+)$"),  # claude-2.1
)


def model_name(model_id: str) -> str:
    """`Claude Opus 4.1` for `claude-opus-4-1-20250805`; the id itself if not a Claude id."""
    for pattern in _PATTERNS:
        match = pattern.match(model_id)
        if match is None:
            continue
        parts = match.groupdict()
        version = parts["major"] + (f".{parts['minor']}" if parts["minor"] is not None else "")
        family = parts.get("family")
        return f"Claude {family.capitalize()} {version}" if family else f"Claude {version}"
    return model_id
