"""Model ids in a file's text: whole tokens only, each handed to the resolver.

A token is a maximal run of the characters ids, ARNs and resource paths are written with
(letters, digits and `._:@/%-`) that contains `claude`. The whole token is asked first, so a word
that only contains an id (`claude-code`, `my-claude-2.1-notes`, `claude-3-family`) is unknown to
the resolver and never a hit. Then, so that paths and URLs still count, the token's parts after
each `/` (`bedrock/us.anthropic.…`, `…/models/claude-x@date:rawPredict`) and between two
(`/model/anthropic.claude-…-v1%3A0/invoke`), with a trailing `:method` removed, and an SDK's
constant after its class (`Model.CLAUDE_3_5_SONNET_20241022`). A name in code (`claude_3_opus`)
is no id; an upper-case one is an SDK's or a configuration's constant. The resolver
decides what is a model: nothing here guesses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from scraper.answers.audit.reading import ANCHORS
from scraper.answers.resolve import Resolution
from scraper.ids.normalise import MAX_LENGTH

Resolve = Callable[[str], Resolution | None]

_LOWER, _UPPER = ANCHORS


def mentions(text: str) -> bool:
    """`text` may hold an id: it has the anchor in one of the cases code writes it in."""
    return _LOWER in text or _UPPER in text  # no loop: it runs on every line of a file


_TOKEN = re.compile(r"[\w.:@/%+-]+")
_EDGE = "._:@/%+-"  # punctuation that can end a sentence or a path, never an id
_METHOD = re.compile(r":[A-Za-z]\w*$")  # `:rawPredict`, `:streamRawPredict` after a Vertex path
# An SDK's constant after its class (`Model.CLAUDE_3_5_SONNET_20241022`, Java and Kotlin).
_CONSTANT = re.compile(r"\.(?=claude_\w+$)", re.IGNORECASE)
# A name in code, not an id (`claude_3_opus = …`), unless in upper case: an SDK's constant.
_IDENTIFIER = re.compile(r"\w*_\w*")


@dataclass(frozen=True, slots=True)
class Hit:
    """One resolved id: where it starts (1-based line and column, in characters) and what it is."""

    line: int
    column: int
    text: str
    resolution: Resolution
    cell: int | None = None  # a notebook's cell, counted from 1


def _candidates(token: str) -> Iterator[tuple[int, str]]:
    """(offset in token, text) to ask the resolver: the whole token, then what follows each
    `/`, then each `/`-separated segment (`/model/<bedrock id>/invoke`)."""
    cuts = [index for index, char in enumerate(token) if char == "/"]
    starts = [0, *(cut + 1 for cut in cuts)]
    spans = [(start, len(token)) for start in starts]
    spans += list(zip(starts, cuts, strict=False))
    spans += [(match.end(), len(token)) for match in _CONSTANT.finditer(token)]
    seen = set()
    for start, end in spans:
        if end - start > MAX_LENGTH:  # no id is that long: not even cut out of the token
            continue
        part = token[start:end]
        stripped = part.lstrip(_EDGE)
        offset = start + len(part) - len(stripped)
        stripped = stripped.rstrip(_EDGE)
        if not mentions(stripped) or (offset, stripped) in seen or _variable(stripped):
            continue
        seen.add((offset, stripped))
        yield offset, stripped
        without_method = _METHOD.sub("", stripped)
        if without_method != stripped:
            yield offset, without_method


def _variable(text: str) -> bool:
    return _IDENTIFIER.fullmatch(text) is not None and not text.isupper()


def resolve_token(token: str, resolve: Resolve) -> tuple[int, str, Resolution] | None:
    """The first candidate of the token the resolver knows: (offset, text as written, answer)."""
    for offset, text in _candidates(token):
        answer = resolve(unquote(text) if "%" in text else text)
        if answer is not None:
            return offset, text, answer
    return None


def scan_line(line: str, resolve: Resolve) -> Iterator[tuple[int, str, Resolution]]:
    """(0-based column, text, resolution) for each id in one line."""
    for match in _TOKEN.finditer(line):
        token = match[0]
        if not mentions(token):
            continue
        found = resolve_token(token, resolve)
        if found is not None:
            offset, text, answer = found
            yield match.start() + offset, text, answer


def scan_text(text: str, resolve: Resolve) -> list[Hit]:
    """Every id in a text file, in reading order."""
    if not mentions(text):
        return []
    return [
        Hit(number, column + 1, found, answer)
        for number, line in enumerate(text.splitlines(), start=1)
        if mentions(line)
        for column, found, answer in scan_line(line, resolve)
    ]


def _source_lines(cell: dict[str, Any]) -> list[str]:
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else str(source)
    return text.splitlines()


def scan_notebook(text: str, resolve: Resolve) -> list[Hit] | None:
    """Ids in a Jupyter notebook's cell sources (outputs are a past run's results, not calls).

    Lines are the file's own, found by following the cells' JSON strings through the file in
    order (how Jupyter writes them: one string per line); `cell` says which cell. None when the
    file is not a notebook, so it is scanned as plain text instead.
    """
    try:
        document = json.loads(text)
    except ValueError:
        return None
    cells = document.get("cells") if isinstance(document, dict) else None
    if not isinstance(cells, list):
        return None
    raw_lines = text.splitlines()
    cursor = 0
    hits = []
    for cell_number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict):
            continue
        for source_line in _source_lines(cell):
            encoded = _encode(source_line)
            located = next(
                (i for i in range(cursor, len(raw_lines)) if encoded and encoded in raw_lines[i]),
                None,
            )
            if located is not None:
                cursor = located
            for column, found, answer in scan_line(source_line, resolve):
                if located is None:  # not written one string per line: cell-relative place
                    hits.append(Hit(1, column + 1, found, answer, cell=cell_number))
                    continue
                raw_column = raw_lines[located].index(encoded) + len(_encode(source_line[:column]))
                hits.append(Hit(located + 1, raw_column + 1, found, answer, cell=cell_number))
    return hits


def _encode(text: str) -> str:
    """A string as Jupyter writes it inside its JSON quotes."""
    return json.dumps(text, ensure_ascii=False)[1:-1]
