"""Text the project does not control (page cells, ids, titles), made inert for the place it
lands: one escaping function per sink (Markdown, plain text).

What an event says, in every language and either style, is `scraper.publish.wording`'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


@dataclass(frozen=True, slots=True)
class TextStyle:
    """How page-derived text is written in one output format."""

    code: Callable[[str], str]
    text: Callable[[str], str]


def _one_line(value: str) -> str:
    return " ".join(value.split())


def markdown_code(value: str) -> str:
    """A code span that shows `value` literally, whatever backticks it contains."""
    value = _one_line(value)
    longest = max((len(run) for run in re.findall(r"`+", value)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if value.startswith("`") or value.endswith("`") or longest else ""
    return f"{fence}{padding}{value}{padding}{fence}"


def markdown_text(value: str) -> str:
    """Plain text in Markdown: no markup, links, HTML or table cells can come from it."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _one_line(value))


MARKDOWN = TextStyle(code=markdown_code, text=markdown_text)
PLAIN = TextStyle(code=_one_line, text=_one_line)
