"""Markdown (and MDX) pages into the intermediate document, through markdown-it-py."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.front_matter import front_matter_plugin

from scraper.read import html as html_parser
from scraper.read.chrome import Shape, chrome_start, has_words
from scraper.read.document import (
    Block,
    Callouts,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    ParsedPage,
    Table,
    block_shape,
    build_document,
    clean_heading,
    clean_text,
    gloss_after_term,
)
from scraper.read.ending import markdown_ending_problem
from scraper.read.visible import OpenElements, jsx_to_html

# The start of an MDX component tag: `<Note`, `</Warning`, `<Tab` (the rest is read by hand:
# a pattern for the whole line was quadratic on `<Note` and a long run of spaces).
_MDX_TAG_NAME = re.compile(r"<(/?)([A-Z][A-Za-z0-9_.]*+)")
_LINE_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class _MdxTag:
    closing: bool
    name: str
    attrs: str
    self_closing: bool
    rest: str  # what follows the tag on its line


def _mdx_tag(line: str) -> _MdxTag | None:
    """A line that starts with an MDX component tag: `<Note>`, `</Warning>`,
    `<Tab title="Python">`, `<Card />`, optionally followed by text (`<Note>Text</Note>`)."""
    match = _MDX_TAG_NAME.match(line)
    if match is None:
        return None
    end = line.find(">", match.end())
    if end < 0:
        return None
    inside = line[match.end() : end].rstrip()
    if "<" in inside:
        return None
    self_closing = inside.endswith("/")
    attrs = inside.removesuffix("/") if self_closing else inside
    if attrs and not attrs[0].isspace():
        return None  # `<Note-x>` is no component tag
    return _MdxTag(bool(match[1]), match[2], attrs.strip(), self_closing, line[end + 1 :])


def _mdx_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """Block rule: MDX component tags become `mdx_open` / `mdx_close` tokens.

    Without it markdown-it reads `<Note>` as the start of an HTML block, which runs to the
    next blank line and so can swallow a table that follows `</Note>` directly. The tokens
    do not nest (nesting 0): an unbalanced tag on the page must not unbalance the stream.
    """
    if state.is_code_block(start_line):
        return False
    begin = state.bMarks[start_line] + state.tShift[start_line]
    line = state.src[begin : state.eMarks[start_line]].rstrip()
    tag = _mdx_tag(line)
    if tag is None:
        return False
    name, rest = tag.name, tag.rest.strip()
    closing_tag = f"</{name}>"
    if rest and not rest.endswith(closing_tag):
        return False  # text continues on the next lines: leave it to the HTML rules
    if silent:
        return True
    if tag.closing:
        state.push("mdx_close", name, 0).map = [start_line, start_line + 1]
    else:
        opening = state.push("mdx_open", name, 0)
        opening.map = [start_line, start_line + 1]
        opening.info = tag.attrs
        inner = rest.removesuffix(closing_tag).strip()
        if inner:
            state.push("paragraph_open", "p", 1)
            inline = state.push("inline", "", 0)
            inline.content = inner
            inline.map = [start_line, start_line + 1]
            inline.children = []
            state.push("paragraph_close", "p", -1)
        if rest or tag.self_closing:
            state.push("mdx_close", name, 0)
    state.line = start_line + 1
    return True


def _render_mdx_open(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """Render callouts the way the docs site does (an `aside`), other components as a `div`."""
    name = tokens[idx].tag
    if name.lower() in html_parser.NOTE_TAGS:
        return f'<aside class="callout" data-callout="{name.lower()}">\n'
    return f'<div data-component="{name}">\n'


def _render_mdx_close(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    return "</aside>\n" if tokens[idx].tag.lower() in html_parser.NOTE_TAGS else "</div>\n"


@cache
def markdown_parser() -> MarkdownIt:
    # MDX has no indented code blocks: text indented inside `<Accordion>` or `<Tab>` is content
    # (a table four spaces deep is a table), and code is always fenced.
    # Strikethrough as GitHub and MDX (remark-gfm) write it, with one tilde or two: struck-out
    # text is not read.
    md = (
        MarkdownIt("commonmark", {"strikethrough_single_tilde": True})
        .enable(["table", "strikethrough"])
        .disable("code")
        .use(front_matter_plugin)
    )
    md.block.ruler.before(
        "html_block", "mdx_block", _mdx_block, {"alt": ["paragraph", "reference", "blockquote"]}
    )
    md.add_render_rule("mdx_open", _render_mdx_open)
    md.add_render_rule("mdx_close", _render_mdx_close)
    return md


def render_html(text: str) -> str:
    """Render a Markdown page to HTML as the docs site would serve it (used to test parity)."""
    body = markdown_parser().render(_markdown_body(text)[1])
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'></head><body>\n{body}</body></html>\n"
    )


# PyYAML's safe loader, through libyaml where the wheel has it: ten times faster on a crawler's
# front matter, and it refuses a value nested thousands deep as a YAML error.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter(content: str) -> dict[str, str] | None:
    """The block's keys and values, or None when it is not a YAML mapping."""
    try:
        data: Any = yaml.load(content, Loader=_YAML_LOADER)
    except (yaml.YAMLError, RecursionError):  # nested thousands deep: no front matter
        return None
    if not isinstance(data, dict):
        return None
    return {str(key).lower(): str(value) for key, value in data.items() if value is not None}


def _strip_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Remove every front-matter block at the top (crawlers stack their own on the page's).

    The first block's values win. A `---` block that is not a YAML mapping is page content
    (a thematic break), so it stays.
    """
    metadata: dict[str, str] = {}
    while text.lstrip("\n").startswith("---"):
        candidate = text.lstrip("\n")
        found = _leading_front_matter(markdown_parser(), candidate)
        values = _front_matter(found[0].content) if found else None
        if found is None or values is None:
            break
        metadata = {**values, **metadata}
        text = "\n".join(candidate.split("\n")[found[1] :])
    return metadata, text


def _leading_front_matter(md: MarkdownIt, text: str) -> tuple[Token, int] | None:
    """The front-matter token at the start of `text` and the line after it, if there is one."""
    # Parsing only the head keeps this cheap: a front-matter block closes within its lines.
    closing = re.search(r"^---[ \t]*$", text[3:], re.MULTILINE)
    if closing is None:
        return None
    head = text[: 3 + closing.end()] + "\n"
    tokens = md.parse(head)
    if not tokens or tokens[0].type != "front_matter" or tokens[0].map is None:
        return None
    return tokens[0], tokens[0].map[1]


def _seen(children: Sequence[Token]) -> Iterator[Token]:
    """The inline tokens a reader sees: not struck out (`~~…~~`, `~…~`, `<del>`), not inside
    raw HTML that hides them (`<span hidden>`, `<span style="display:none">`)."""
    struck = 0
    raw: OpenElements | None = None  # most text holds no raw HTML
    for child in children:
        if child.type in ("s_open", "s_close"):
            struck = max(0, struck + child.nesting)
        elif child.type == "html_inline" and not _LINE_BREAK_TAG.match(child.content.strip()):
            raw = raw or OpenElements()
            raw.feed(child.content)
        elif not struck and (raw is None or not raw.unseen):
            yield child


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in _seen(token.children or ()):
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and _LINE_BREAK_TAG.match(child.content.strip())
        ):
            parts.append(" ")
    return clean_text("".join(parts))


def _links_only(token: Token) -> bool:
    """Every word of the inline is a link's (navigation links, social icons, a table of
    contents' entry), and there is a link."""
    depth = 0
    linked = False
    for child in _seen(token.children or ()):
        if child.type in ("link_open", "link_close"):
            depth += child.nesting
            linked = True
        elif child.type in ("text", "code_inline") and not depth and has_words(child.content):
            return False
    return linked


def _links(tokens: Sequence[Token]) -> Iterator[str]:
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                href = child.attrGet("href")
                if isinstance(href, str):
                    yield href


def _closing_index(tokens: Sequence[Token], start: int) -> int:
    """Index of the token that closes the one opened at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _spans(tokens: Sequence[Token]) -> Iterator[tuple[int, int]]:
    """Each top-level token of `tokens`, and the index of the token that closes it."""
    index = 0
    while index < len(tokens):
        end = _closing_index(tokens, index) if tokens[index].nesting == 1 else index
        yield index, end
        index = end + 1


def _table(tokens: Sequence[Token]) -> Table:
    header: list[str] = []
    rows: list[list[str]] = []
    in_head = False
    for token in tokens:
        if token.type == "thead_open":
            in_head = True
        elif token.type == "thead_close":
            in_head = False
        elif token.type == "tr_open" and not in_head:
            rows.append([])
        elif token.type == "inline":
            (header if in_head else rows[-1]).append(_inline_text(token))
    return Table(tuple(header), tuple(tuple(row) for row in rows))


class _BlockWalker:
    """Walks markdown-it's token stream and yields the document's blocks."""

    def __init__(self) -> None:
        self.callouts = Callouts()
        # Raw HTML elements the page opened in one HTML block and closes in a later one.
        self.wrappers = OpenElements()

    def walk(self, tokens: Sequence[Token]) -> Iterator[Block]:
        for index, end in _spans(tokens):
            token = tokens[index]
            if token.type == "html_block":
                # What a hiding wrapper holds is unseen up to the block that closes it.
                if not self.wrappers.unseen:
                    yield from self._html(token.content)
                self.wrappers.feed(token.content)
            elif self.wrappers.unseen and token.nesting == 1:
                self._skip(tokens[index + 1 : end])
            elif self.wrappers.unseen:
                pass
            elif token.type == "heading_open":
                yield Heading(int(token.tag[1:]), clean_heading(_inline_text(tokens[index + 1])))
            elif token.type == "paragraph_open":
                inline = tokens[index + 1]
                yield from self.callouts.text(_inline_text(inline), _links_only(inline))
            elif token.type in ("bullet_list_open", "ordered_list_open"):
                yield from self._list(tokens[index + 1 : end])
            elif token.type == "table_open":
                yield _table(tokens[index + 1 : end])
            elif token.type == "mdx_open" and token.tag.lower() in html_parser.NOTE_TAGS:
                self.callouts.open()
            elif token.type == "mdx_close" and token.tag.lower() in html_parser.NOTE_TAGS:
                yield from self.callouts.close()
            elif token.nesting == 1:
                # blockquote and other containers: their content belongs to the page
                yield from self.walk(tokens[index + 1 : end])

    def _skip(self, tokens: Sequence[Token]) -> None:
        """Content inside a hiding wrapper: only its HTML blocks count, for where it ends."""
        for token in tokens:
            if token.type == "html_block":
                self.wrappers.feed(token.content)

    def finish(self) -> Iterator[Block]:
        yield from self.callouts.close_all()

    def _list(self, tokens: Sequence[Token]) -> Iterator[Block]:
        items: list[ListItem] = []
        after: list[Block] = []
        for index, end in _spans(tokens):
            if tokens[index].type == "list_item_open":
                item, nested = self._list_item(tokens[index + 1 : end])
                items.append(item)
                after.extend(nested)
        yield ListBlock(tuple(items))
        yield from after

    def _list_item(self, tokens: Sequence[Token]) -> tuple[ListItem, list[Block]]:
        texts: list[str] = []
        term: tuple[str | None, str | None] = (None, None)
        linked: list[bool] = []
        nested: list[Block] = []
        for index, end in _spans(tokens):
            if tokens[index].type == "paragraph_open":
                inline = tokens[index + 1]
                if not texts:
                    term = _leading_term(inline)
                texts.append(_inline_text(inline))
                linked.append(_links_only(inline) or not texts[-1])
            else:
                nested.extend(self.walk(tokens[index : end + 1]))
        text = clean_text(" ".join(texts))
        return ListItem(text, *term, links_only=bool(text) and all(linked)), nested

    def _html(self, fragment: str) -> Iterator[Block]:
        for block in html_parser.fragment_blocks(fragment):
            if isinstance(block, Paragraph):
                yield from self.callouts.text(block.text)
            else:
                yield block


def _leading_term(inline: Token) -> tuple[str | None, str | None]:
    """The bold words an item starts with, and the gloss in parentheses right after them."""
    # markdown-it may put an empty text token before the emphasis delimiter.
    children = [
        c for c in _seen(inline.children or ()) if not (c.type == "text" and not c.content.strip())
    ]
    if not children or children[0].type != "strong_open":
        return None, None
    parts: list[str] = []
    index = 1
    while index < len(children) and children[index].type != "strong_close":
        if children[index].type in ("text", "code_inline"):
            parts.append(children[index].content)
        index += 1
    after = "".join(c.content for c in children[index + 1 :] if c.type == "text")
    return clean_text("".join(parts)) or None, gloss_after_term(after)


# The indentation before a line that is only an MDX tag. MDX ignores it, but CommonMark reads a
# line indented four spaces past a paragraph as that paragraph's continuation, so a `</Note>`
# nested in a `<Step>` would never close its callout.
_INDENTED_TAG_LINE = re.compile(
    r"^[ \t]+(?=</?[A-Z][A-Za-z0-9_.]*(?:\s[^<>\n]*)?/?>[ \t]*$)", re.MULTILINE
)


_TABLE_DELIMITER = frozenset("|-: \t")


def end_tables(body: str) -> str:
    """A table ends at the first line not written as its rows are: a line without `|` right
    after a table (a crawler's "Responses are generated using AI…" glued to the page's last
    table), or one that does not start with `|` under rows that all do (a footer's "[Privacy]
    | [Terms]"), is a paragraph, not a row. A cut shortens a line's end, never its start."""
    kept: list[str] = []
    in_table = piped = False
    fence: str | None = None
    for line in body.split("\n"):
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence, in_table = stripped[:3], False
        elif not stripped:
            in_table = False
        elif in_table and ("|" not in stripped or (piped and not stripped.startswith("|"))):
            kept.append("")
            in_table = False
        elif "|" in stripped and "-" in stripped and set(stripped) <= _TABLE_DELIMITER:
            in_table = bool(kept) and "|" in kept[-1]
            piped = in_table and stripped.startswith("|") and kept[-1].lstrip().startswith("|")
        kept.append(line)
    return "\n".join(kept)


_COMMENT_OPEN, _COMMENT_CLOSE = "{/*", "*/}"


def _uncommented(line: str, commented: bool) -> tuple[str, bool]:
    """A line without the MDX comments in it, and whether one is still open at its end."""
    kept: list[str] = []
    position = 0
    while True:
        if commented:
            close = line.find(_COMMENT_CLOSE, position)
            if close < 0:
                return "".join(kept), True
            position, commented = close + len(_COMMENT_CLOSE), False
        opening = line.find(_COMMENT_OPEN, position)
        if opening < 0:
            kept.append(line[position:])
            return "".join(kept), False
        kept.append(line[position:opening])
        position, commented = opening + len(_COMMENT_OPEN), True


def drop_mdx_comments(body: str) -> str:
    """MDX comments (`{/* an old row */}`, on one line or several) render nothing: no reader
    sees them. Outside fenced code, where they are shown as written; a line that held only a
    comment is left out. A comment never closed is kept: the page was cut there."""
    if _COMMENT_OPEN not in body:
        return body
    kept: list[str] = []
    fence: str | None = None
    commented = False
    for line in body.split("\n"):
        stripped = line.strip()
        if fence is not None:
            fence = None if stripped.startswith(fence) else fence
        elif not commented and stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        else:
            text, still = _uncommented(line, commented)
            if not text.strip() and (commented or still or _COMMENT_OPEN in line):
                commented = still
                continue  # the line held only a comment
            line, commented = text, still
        kept.append(line)
    return body if commented else "\n".join(kept)


def _markdown_body(text: str) -> tuple[dict[str, str], str]:
    """The front matter, and the body as the docs site's renderer reads it."""
    metadata, body = _strip_front_matter(text)
    # MDX writes raw HTML's attributes in JSX (`style={{display: "none"}}`): as HTML, they
    # are read (and hide) as the site's renderer reads them.
    body = drop_mdx_comments(_INDENTED_TAG_LINE.sub("", body))
    return metadata, end_tables(jsx_to_html(body))


def _content_tokens(tokens: Sequence[Token]) -> Sequence[Token]:
    """The tokens of the page's content: without the site chrome after it (`chrome`)."""
    spans = list(_spans(tokens))
    starts = [index for index, _ in spans]
    cut = chrome_start(len(spans), lambda position: _token_shape(tokens, *spans[position]))
    return tokens if cut == len(starts) else tokens[: starts[cut]]


def _token_shape(tokens: Sequence[Token], index: int, end: int) -> Shape:
    kind = tokens[index].type
    if kind == "hr":
        return Shape("rule")
    if kind in ("heading_open", "paragraph_open"):
        inline = tokens[index + 1]
        if kind == "heading_open":
            return block_shape(Heading(0, _inline_text(inline)))
        return block_shape(Paragraph(_inline_text(inline), _links_only(inline)))
    if kind in ("bullet_list_open", "ordered_list_open"):
        return block_shape(next(_BlockWalker()._list(tokens[index + 1 : end])))
    return Shape("other")


def parse_markdown(text: str) -> ParsedPage:
    metadata, body = _markdown_body(text)
    tokens = markdown_parser().parse(body)
    walker = _BlockWalker()
    blocks = list(walker.walk(tokens))
    ending = markdown_ending_problem(body, _content_tokens(tokens), walker.callouts.depth)
    blocks.extend(walker.finish())
    return ParsedPage(build_document(blocks), metadata, tuple(_links(tokens)), ending)
