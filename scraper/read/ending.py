"""Does the page end as pages end? A body cut short in transfer (or by a proxy) still parses,
and what it lost looks like a change. A page's own structure says whether it is whole: the
last block of its content (site chrome after it aside: `chrome`) ends as blocks end: its last
table row closed like the rows above it, its last sentence finished, every code fence,
callout, code span and link closed; and an HTML document is closed by `</html>`.

No character percentage: a cut is recognised wherever it falls.
"""

from __future__ import annotations

from collections.abc import Sequence

from markdown_it.token import Token

from scraper.read.chrome import widget

# What a finished paragraph may end with: sentence punctuation in the docs' languages, or
# the end of a construct (a link, code span, emphasis, tag, quotation).
_FINISHED = frozenset(".!?…。！？:：;；)）」』\"'”’»*_`>|~")
_QUOTE_LIMIT = 60


def _short(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else "…" + text[-(_QUOTE_LIMIT - 1) :]


def _unescaped(text: str, char: str) -> int:
    """How many times `char` occurs not preceded by a backslash."""
    count = 0
    escaped = False
    for current in text:
        if escaped:
            escaped = False
        elif current == "\\":
            escaped = True
        elif current == char:
            count += 1
    return count


def _open_markup(line: str) -> str | None:
    """A code span, link text or link target left open on this line."""
    if _unescaped(line, "`") % 2:
        return "a code span"
    if _unescaped(line, "[") > _unescaped(line, "]"):
        return "a link"
    target = line.rfind("](")
    if target >= 0 and line.find(")", target) < 0:
        return "a link target"
    return None


def _table_problem(lines: list[str]) -> str | None:
    """The page ends in a table (`lines`: its rows, header first): is its last row whole?"""
    last = lines[-1]
    if len(lines) < 3:
        return f"the page ends in a table's header ({_short(last)!r})"
    header = lines[0]
    if header.endswith("|") and not last.endswith("|"):
        return f"the page ends inside a table row ({_short(last)!r})"
    if _unescaped(last, "|") < _unescaped(header, "|"):
        return f"the page ends inside a table row ({_short(last)!r}: cells missing)"
    if (markup := _open_markup(last)) is not None:
        return f"the page ends inside {markup} ({_short(last)!r})"
    return None


def _last_block(tokens: Sequence[Token]) -> Token | None:
    """The page's last top-level block (its opening token, which carries its lines)."""
    for token in reversed(tokens):
        if token.level == 0 and token.map is not None and token.nesting >= 0:
            return token
    return None


def _prose_problem(line: str, *, sentence: bool) -> str | None:
    if (markup := _open_markup(line)) is not None:
        return f"the page ends inside {markup} ({_short(line)!r})"
    if sentence and line[-1] not in _FINISHED:
        return f"the page ends mid-sentence ({_short(line)!r})"
    return None


def markdown_ending_problem(body: str, tokens: Sequence[Token], open_callouts: int) -> str | None:
    """Why a Markdown page looks cut short, or None when it ends as a page ends.

    `tokens`: markdown-it's tokens of `body`; `open_callouts`: MDX callouts never closed.
    """
    if open_callouts:
        return "the page ends inside a callout (<Note>, <Warning>…) that is never closed"
    block = _last_block(tokens)
    if block is None or block.map is None:
        return "the page is empty"
    all_lines = body.split("\n")
    lines = [line.strip() for line in all_lines[block.map[0] : block.map[1]]]
    lines = [line for line in lines if line]
    if not lines:
        return None
    last = lines[-1]
    kind = block.type
    if kind == "fence":
        closed = len(lines) > 1 and last.startswith(block.markup) and not last.strip("`~")
        return None if closed else "the page ends inside a code block"
    if kind == "table_open":
        return _table_problem(lines)
    if kind == "heading_open":
        return f"the page ends with a heading and nothing under it ({_short(last)!r})"
    if kind == "html_block":
        return None if last.endswith(">") else f"the page ends inside a tag ({_short(last)!r})"
    if kind == "paragraph_open":
        # A widget's line glued to the paragraph (no blank line between) is chrome.
        while len(lines) > 1 and widget(lines[-1]):
            lines.pop()
        return _prose_problem(lines[-1], sentence=True)
    if kind in ("bullet_list_open", "ordered_list_open", "blockquote_open"):
        return _prose_problem(last, sentence=False)
    return None


def html_ending_problem(text: str) -> str | None:
    """Why an HTML document looks cut short: it must end with `</html>` (then only comments
    or whitespace)."""
    end = text.rstrip()
    while end.endswith("-->") and (start := end.rfind("<!--")) >= 0:
        end = end[:start].rstrip()
    if end[-7:].lower() == "</html>":
        return None
    return f"the page ends before </html> ({_short(end)!r})"
