"""Rendered HTML pages into the intermediate document, through lxml.

lxml's tree keeps text in two places: an element's `text` (before its first child) and each
child's `tail` (after it, up to the next). A node of the walk below is either an element or
a piece of that text, in page order, as a reader meets them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypeAlias

from lxml import etree

from scraper.errors import PageParseError
from scraper.read.chrome import has_words
from scraper.read.document import (
    Block,
    Callouts,
    Heading,
    ListBlock,
    ListItem,
    ParsedPage,
    Table,
    build_document,
    clean_heading,
    clean_text,
    gloss_after_term,
)
from scraper.read.ending import html_ending_problem
from scraper.read.visible import Element, jsx_to_html, text_of, visible_tree

# Callouts: MDX components left as raw tags, and the elements docs sites render them as.
NOTE_TAGS = frozenset({"note", "warning", "tip", "info", "check", "callout", "caution", "danger"})
_NOTE_CLASS = re.compile(r"\b(callout|admonition)\b", re.IGNORECASE)
_NOTE_ROLES = frozenset({"note", "alert", "status"})
# Page chrome and code: nothing in them is page content.
_SKIPPED = frozenset(
    {
        "head",
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "nav",
        "footer",
        "button",
        "form",
        "iframe",
        "pre",
        "select",
        "textarea",
    }
)
# What a run of inline text holds other than text: a skipped element or a line break.
_NOT_PLAIN_TEXT = (*_SKIPPED, "br")
_INLINE = frozenset(
    {
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "br",
        "cite",
        "code",
        "data",
        "del",
        "dfn",
        "em",
        "i",
        "img",
        "ins",
        "kbd",
        "mark",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
        "wbr",
    }
)
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_LISTS = frozenset({"ul", "ol"})
_ASIDE_NAVIGATION = ("ul", "ol", "nav", "h1", "h2", "h3", "h4", "h5", "h6")
# Docs pages nest a few dozen elements deep. Far deeper is not a docs page, and walking it
# would exhaust Python's stack (the walker recurses once per level).
MAX_DEPTH = 150

Node: TypeAlias = Element | str


def _nodes(element: Element) -> Iterator[Node]:
    """An element's children with the text between them, in order."""
    if element.text:
        yield element.text
    for child in element:
        yield child
        if child.tail:
            yield child.tail


def _following(element: Element) -> Iterator[Node]:
    """What follows an element inside its parent: its tail, its later siblings."""
    if element.tail:
        yield element.tail
    for sibling in element.itersiblings():
        yield sibling
        if sibling.tail:
            yield sibling.tail


def _raw_text(node: Node) -> str:
    """A node's text as a reader sees it: tags dropped, `<br>` a space, nothing of the
    skipped elements in it."""
    if isinstance(node, str):
        return node
    if not len(node):  # no child element: only its text
        return node.text or ""
    if next(node.iterdescendants(*_NOT_PLAIN_TEXT), None) is None:
        return text_of(node)
    parts: list[str] = []
    walk = etree.iterwalk(node, events=("start", "end"))
    for event, element in walk:
        if event == "end":
            if element is not node and element.tail:
                parts.append(element.tail)
        elif element is not node and element.tag in _SKIPPED:
            walk.skip_subtree()
        else:
            parts.append(" " if element.tag == "br" else "")
            parts.append(element.text or "")
    return "".join(parts)


def _inline_text(*nodes: Node) -> str:
    """The text of a run of inline nodes as a reader sees it."""
    return clean_text("".join(_raw_text(node) for node in nodes))


def _links_only(*nodes: Node) -> bool:
    """Every word of these nodes is a link's, and there is a link (navigation, social icons,
    a table of contents' entry)."""
    linked = False
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if has_words(node):
                return False
        elif node.tag == "a":
            linked = True
        elif node.tag not in _SKIPPED:
            stack.extend(_nodes(node))
    return linked


def _is_note(tag: Element) -> bool:
    if tag.tag in NOTE_TAGS:
        return True
    if tag.tag == "aside":
        # Sites also use <aside> for a table of contents: that is navigation, not a callout.
        return next(tag.iterdescendants(*_ASIDE_NAVIGATION), None) is None
    return bool(_NOTE_CLASS.search(tag.get("class") or "")) or tag.get("role") in _NOTE_ROLES


def _cells(row: Element) -> tuple[str, ...]:
    return tuple(_inline_text(cell) for cell in row if cell.tag in ("th", "td"))


def _own_rows(table: Element) -> list[Element]:
    """The table's rows, not those of tables nested in its cells."""
    rows: list[Element] = []
    for part in table:
        if part.tag == "tr":
            rows.append(part)
        elif part.tag in ("thead", "tbody", "tfoot"):
            rows.extend(row for row in part if row.tag == "tr")
    return rows


def _table(table: Element) -> Table:
    rows = _own_rows(table)
    header: tuple[str, ...] = ()
    if rows:
        first = rows[0]
        in_head = next(first.iterancestors("thead"), None) is not None
        all_th = all(cell.tag == "th" for cell in first if cell.tag in ("th", "td"))
        if in_head or all_th:
            header = _cells(first)
            rows = rows[1:]
    return Table(header, tuple(_cells(row) for row in rows))


def _leading_term(item: Element) -> tuple[str | None, str | None]:
    """The bold words an item starts with (`<li><strong>Active</strong>: ...`), if any, and
    the gloss in parentheses right after them."""
    node: Node | None = item
    while isinstance(node, etree._Element):
        first = next((child for child in _nodes(node) if not _blank(child)), None)
        if isinstance(first, etree._Element) and first.tag in ("strong", "b"):
            following = _inline_text(*_following(first))
            return _inline_text(first) or None, gloss_after_term(following)
        is_wrapper = isinstance(first, etree._Element) and first.tag in ("p", "span", "div")
        node = first if is_wrapper else None
    return None, None


def _blank(node: Node) -> bool:
    return isinstance(node, str) and not node.strip()


class _BlockWalker:
    """Walks a tree without its unseen elements (`visible.drop_unseen`) and yields blocks."""

    def __init__(self) -> None:
        self.callouts = Callouts()
        self.depth = 0

    def walk(self, element: Element) -> Iterator[Block]:
        """Blocks of a container element: its block children, loose text as paragraphs."""
        loose: list[Node] = []
        for child in _nodes(element):
            if isinstance(child, str) or child.tag in _INLINE:
                loose.append(child)
            else:
                yield from self._loose(loose)
                loose = []
                yield from self._element(child)
        yield from self._loose(loose)

    def _loose(self, nodes: list[Node]) -> Iterator[Block]:
        if nodes:
            yield from self.callouts.text(_inline_text(*nodes), _links_only(*nodes))

    def _element(self, tag: Element) -> Iterator[Block]:
        if self.depth >= MAX_DEPTH:
            raise PageParseError(f"the page nests elements more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            yield from self._blocks(tag)
        finally:
            self.depth -= 1

    def _blocks(self, tag: Element) -> Iterator[Block]:
        name = tag.tag
        if name in _SKIPPED:
            return
        if name in _HEADINGS:
            yield Heading(_HEADINGS[name], clean_heading(_inline_text(tag)))
        elif name == "p":
            yield from self.callouts.text(_inline_text(tag), _links_only(tag))
        elif name in _LISTS:
            yield from self._list(tag)
        elif name == "table":
            yield _table(tag)
        elif _is_note(tag):
            self.callouts.open()
            yield from self.walk(tag)
            yield from self.callouts.close()
        else:
            yield from self.walk(tag)

    def _list(self, tag: Element) -> Iterator[Block]:
        items: list[ListItem] = []
        after: list[Block] = []
        for item in (child for child in tag if child.tag == "li"):
            texts: list[str] = []
            loose: list[Node] = []
            read: list[Node] = []  # what the item's text is made of
            for child in _nodes(item):
                if isinstance(child, str) or child.tag in _INLINE:
                    loose.append(child)
                elif child.tag == "p":
                    texts.extend((_inline_text(*loose), _inline_text(child)))
                    read.extend((*loose, child))
                    loose = []
                else:
                    after.extend(self._element(child))
            texts.append(_inline_text(*loose))
            text = clean_text(" ".join(texts))
            linked = bool(text) and _links_only(*read, *loose)
            items.append(ListItem(text, *_leading_term(item), links_only=linked))
        yield ListBlock(tuple(items))
        yield from after


def _content_root(root: Element) -> Element:
    """Where the page's content is: its `<body>`, or the whole document when it has none."""
    return next(root.iter("body"), root)


def fragment_blocks(fragment: str) -> list[Block]:
    """Blocks of an HTML fragment (an HTML block inside a Markdown page, in MDX's JSX)."""
    return list(_BlockWalker().walk(_content_root(visible_tree(jsx_to_html(fragment)))))


def _canonical(head: Element) -> Element | None:
    """The first `<link>` whose `rel` (a list of words) holds `canonical`."""
    return next((link for link in head.iter("link") if "canonical" in _words(link, "rel")), None)


def _words(element: Element, attribute: str) -> list[str]:
    return (element.get(attribute) or "").split()


def _meta(head: Element, property_name: str) -> Element | None:
    return next((meta for meta in head.iter("meta") if meta.get("property") == property_name), None)


def _metadata(root: Element) -> dict[str, str]:
    metadata: dict[str, str] = {}
    lang = root.get("lang") if root.tag == "html" else None
    if lang is not None:
        metadata["lang"] = lang
    # Metadata lives in <head>: searching only there keeps this from walking the whole page.
    head = next(root.iter("head"), root)
    for found, key, attribute in (
        (_canonical(head), "url", "href"),
        (_meta(head, "og:url"), "url", "content"),
        (_meta(head, "og:locale"), "og_locale", "content"),
        (next(head.iter("title"), None), "title", ""),
    ):
        if found is None or key in metadata:
            continue
        value = text_of(found) if not attribute else found.get(attribute)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    return metadata


def parse_html(text: str) -> ParsedPage:
    root = visible_tree(text)
    content = _content_root(root)
    links = tuple(
        str(anchor.get("href")) for anchor in content.iterdescendants("a") if anchor.get("href")
    )
    document = build_document(_BlockWalker().walk(content))
    return ParsedPage(document, _metadata(root), links, html_ending_problem(text))
