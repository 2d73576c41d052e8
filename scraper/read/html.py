"""Rendered HTML pages into the intermediate document, through BeautifulSoup and lxml."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, PageElement, Tag

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
from scraper.read.visible import jsx_to_html, visible_soup

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
# Docs pages nest a few dozen elements deep. Far deeper is not a docs page, and walking it
# would exhaust Python's stack (the walker recurses once per level).
MAX_DEPTH = 150


def _inside_skipped(node: PageElement, root: PageElement) -> bool:
    parent = node.parent
    while parent is not None and parent is not root:
        if parent.name in _SKIPPED:
            return True
        parent = parent.parent
    return False


def _inline_text(*elements: PageElement) -> str:
    """The text of a run of inline nodes as a reader sees it: tags dropped, `<br>` a space."""
    return clean_text("".join(_raw_text(element) for element in elements))


def _raw_text(element: PageElement) -> str:
    parts: list[str] = []
    for node in element.descendants if isinstance(element, Tag) else (element,):
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            if not _inside_skipped(node, element):
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append(" ")
    return "".join(parts)


def _links_only(*nodes: PageElement) -> bool:
    """Every word of these nodes is a link's, and there is a link (navigation, social icons,
    a table of contents' entry)."""
    linked = False
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, Comment):
            continue
        if isinstance(node, NavigableString):
            if has_words(node):
                return False
        elif isinstance(node, Tag) and node.name == "a":
            linked = True
        elif isinstance(node, Tag) and node.name not in _SKIPPED:
            stack.extend(node.children)
    return linked


def _is_note(tag: Tag) -> bool:
    if tag.name in NOTE_TAGS:
        return True
    if tag.name == "aside":
        # Sites also use <aside> for a table of contents: that is navigation, not a callout.
        return tag.find(["ul", "ol", "nav", "h1", "h2", "h3", "h4", "h5", "h6"]) is None
    classes = tag.get("class")
    class_text = " ".join(classes) if isinstance(classes, list) else str(classes or "")
    return bool(_NOTE_CLASS.search(class_text)) or tag.get("role") in _NOTE_ROLES


def _cells(row: Tag) -> tuple[str, ...]:
    return tuple(_inline_text(cell) for cell in row.find_all(["th", "td"], recursive=False))


def _own_rows(table: Tag) -> list[Tag]:
    """The table's rows, not those of tables nested in its cells."""
    rows: list[Tag] = []
    for part in table.find_all(["thead", "tbody", "tfoot", "tr"], recursive=False):
        if part.name == "tr":
            rows.append(part)
        else:
            rows.extend(part.find_all("tr", recursive=False))
    return rows


def _table(table: Tag) -> Table:
    rows = _own_rows(table)
    header: tuple[str, ...] = ()
    if rows:
        first = rows[0]
        in_head = first.find_parent("thead") is not None
        all_th = all(cell.name == "th" for cell in first.find_all(["th", "td"], recursive=False))
        if in_head or all_th:
            header = _cells(first)
            rows = rows[1:]
    return Table(header, tuple(_cells(row) for row in rows))


def _leading_term(item: Tag) -> tuple[str | None, str | None]:
    """The bold words an item starts with (`<li><strong>Active</strong>: ...`), if any, and
    the gloss in parentheses right after them."""
    node: PageElement | None = item
    while isinstance(node, Tag):
        first = next(
            (
                child
                for child in node.children
                if not (isinstance(child, NavigableString) and not child.strip())
                and not isinstance(child, Comment)
            ),
            None,
        )
        if isinstance(first, Tag) and first.name in ("strong", "b"):
            following = _inline_text(*first.next_siblings)
            return _inline_text(first) or None, gloss_after_term(following)
        node = first if isinstance(first, Tag) and first.name in ("p", "span", "div") else None
    return None, None


class _BlockWalker:
    """Walks a tree without its unseen elements (`visible.drop_unseen`) and yields blocks."""

    def __init__(self) -> None:
        self.callouts = Callouts()
        self.depth = 0

    def walk(self, element: Tag) -> Iterator[Block]:
        """Blocks of a container element: its block children, loose text as paragraphs."""
        loose: list[PageElement] = []
        for child in element.children:
            if isinstance(child, Tag) and child.name not in _INLINE:
                yield from self._loose(loose)
                loose = []
                yield from self._element(child)
            elif not isinstance(child, Comment):
                loose.append(child)
        yield from self._loose(loose)

    def _loose(self, nodes: list[PageElement]) -> Iterator[Block]:
        yield from self.callouts.text(_inline_text(*nodes), _links_only(*nodes))

    def _element(self, tag: Tag) -> Iterator[Block]:
        if self.depth >= MAX_DEPTH:
            raise PageParseError(f"the page nests elements more than {MAX_DEPTH} levels deep")
        self.depth += 1
        try:
            yield from self._blocks(tag)
        finally:
            self.depth -= 1

    def _blocks(self, tag: Tag) -> Iterator[Block]:
        name = tag.name
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

    def _list(self, tag: Tag) -> Iterator[Block]:
        items: list[ListItem] = []
        after: list[Block] = []
        for item in tag.find_all("li", recursive=False):
            texts: list[str] = []
            loose: list[PageElement] = []
            read: list[PageElement] = []  # what the item's text is made of
            for child in item.children:
                if isinstance(child, Tag) and child.name not in _INLINE and child.name != "p":
                    after.extend(self._element(child))
                elif isinstance(child, Tag) and child.name == "p":
                    texts.extend((_inline_text(*loose), _inline_text(child)))
                    read.extend((*loose, child))
                    loose = []
                elif not isinstance(child, Comment):
                    loose.append(child)
            texts.append(_inline_text(*loose))
            text = clean_text(" ".join(texts))
            linked = bool(text) and _links_only(*read, *loose)
            items.append(ListItem(text, *_leading_term(item), links_only=linked))
        yield ListBlock(tuple(items))
        yield from after


def fragment_blocks(fragment: str) -> list[Block]:
    """Blocks of an HTML fragment (an HTML block inside a Markdown page, in MDX's JSX)."""
    soup = visible_soup(jsx_to_html(fragment))
    return list(_BlockWalker().walk(soup.body or soup))


def _metadata(soup: BeautifulSoup) -> dict[str, str]:
    metadata: dict[str, str] = {}
    html = soup.find("html")
    if isinstance(html, Tag) and isinstance(html.get("lang"), str):
        metadata["lang"] = str(html["lang"])
    # Metadata lives in <head>: searching only there keeps this from walking the whole page.
    head = soup.head or soup
    for found, key, attribute in (
        (head.find("link", rel="canonical"), "url", "href"),
        (head.find("meta", attrs={"property": "og:url"}), "url", "content"),
        (head.find("meta", attrs={"property": "og:locale"}), "og_locale", "content"),
        (head.find("title"), "title", ""),
    ):
        if not isinstance(found, Tag) or key in metadata:
            continue
        value = found.get_text() if not attribute else found.get(attribute)
        if isinstance(value, str) and value.strip():
            metadata[key] = value.strip()
    return metadata


def parse_html(text: str) -> ParsedPage:
    soup = visible_soup(text)
    root = soup.body or soup
    links = tuple(
        str(anchor["href"]) for anchor in root.find_all("a", href=True) if anchor.get("href")
    )
    document = build_document(_BlockWalker().walk(root))
    return ParsedPage(document, _metadata(soup), links, html_ending_problem(text))
