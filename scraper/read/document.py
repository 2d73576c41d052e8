"""The intermediate document both page parsers produce.

A parser turns its format into a flat stream of blocks (headings, paragraphs, notes, lists,
tables) in page order; `build_document` groups that stream into sections and applies the
repairs that do not depend on the format, so Markdown and HTML give the same `Document`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from scraper.read.chrome import Shape, chrome_start, list_shape

# Zero-width characters that docs renderers put in heading anchors ("[​](#overview)").
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
# Control characters other than whitespace (which is collapsed), and the two noncharacters
# XML forbids: page text lands in an Atom feed (lxml refuses them), terminals and CI logs.
_CONTROLS = dict.fromkeys(
    (c for c in (*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF) if not chr(c).isspace()), None
)
_DROPPED = _INVISIBLE | _CONTROLS
# Finding one is cheaper than translating every text: most hold none.
_ANY_DROPPED = re.compile("[" + re.escape("".join(map(chr, _DROPPED))) + "]")


def clean_text(text: str) -> str:
    """Collapse whitespace, drop invisible and control characters, normalise to NFC."""
    if _ANY_DROPPED.search(text):
        text = text.translate(_DROPPED)
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_heading(text: str) -> str:
    """Heading text without its MDX id: `## Overview \\{#overview}`, `{#overview}` once
    unescaped. (String search, not a regular expression: a heading of repeated `{#` made the
    pattern quadratic.)"""
    text = clean_text(text)
    if not text.endswith("}"):
        return text
    start = text.rfind("{#")
    if start < 0 or "}" in text[start:-1]:
        return text
    if start > 0 and text[start - 1] == "\\":
        start -= 1
    return text[:start].rstrip()


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    # Nothing but links (a row of navigation links, social icons): maybe site chrome.
    links_only: bool = False


@dataclass(frozen=True, slots=True)
class Note:
    """Text of a callout (`<Note>`, `<Warning>`, an `aside`...)."""

    text: str


@dataclass(frozen=True, slots=True)
class ListItem:
    text: str
    # The bold words an item starts with ("**Active**: ..."), where the page defines a term.
    term: str | None = None
    # The parenthesised words right after the term, its gloss ("**Retired** (dipensiunkan):").
    gloss: str | None = None
    # Nothing but links (an entry of a table of contents or a footer column).
    links_only: bool = False


_GLOSS_OPENING, _GLOSS_CLOSING = "(（", ")）"


def gloss_after_term(text: str) -> str | None:
    """The gloss a term's following text starts with: ` (dipensiunkan): Model ...` gives
    `dipensiunkan`. Only a parenthesis right after the term (spaces aside), closed before
    any other opens."""
    rest = text.lstrip()
    if not rest or rest[0] not in _GLOSS_OPENING:
        return None
    for index, char in enumerate(rest[1:], start=1):
        if char in _GLOSS_CLOSING:
            return clean_text(rest[1:index]) or None
        if char in _GLOSS_OPENING:
            return None
    return None


@dataclass(frozen=True, slots=True)
class ListBlock:
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Heading | Paragraph | Note | ListBlock | Table


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and everything up to the next heading (level 0: text before any heading)."""

    level: int
    heading: str
    paragraphs: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    lists: tuple[ListBlock, ...] = ()
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    title: str | None
    sections: tuple[Section, ...]

    def tables(self) -> Iterable[tuple[Section, Table]]:
        for section in self.sections:
            for table in section.tables:
                yield section, table

    def lists(self) -> Iterable[ListBlock]:
        for section in self.sections:
            yield from section.lists


@dataclass(frozen=True, slots=True)
class ParsedPage:
    """A parsed page: the document plus what the file says about itself (front matter, lang)."""

    document: Document
    metadata: Mapping[str, str] = field(default_factory=dict)
    # Every link target on the page, in order; used to tell the page's language.
    links: tuple[str, ...] = ()
    # Why the page looks cut short (scraper.read.ending), None when it ends as pages end.
    ending_problem: str | None = None


class Callouts:
    """Paragraphs inside callouts (`<Note>`, an `aside`...) become one Note, emitted when the
    outermost callout closes; outside callouts they are plain paragraphs. Shared by both
    parsers, so both turn the same content into the same blocks."""

    def __init__(self) -> None:
        self.depth = 0
        self.parts: list[str] = []

    def open(self) -> None:
        self.depth += 1

    def text(self, text: str, links_only: bool = False) -> Iterator[Block]:
        if not text and not links_only:
            return
        if self.depth:
            if text:
                self.parts.append(text)
        else:
            yield Paragraph(text, links_only)

    def close(self) -> Iterator[Block]:
        self.depth = max(0, self.depth - 1)
        if self.depth == 0 and self.parts:
            yield Note(" ".join(self.parts))
            self.parts = []

    def close_all(self) -> Iterator[Block]:
        """Callouts left open at the end of the page close there."""
        while self.depth:
            yield from self.close()


@dataclass(slots=True)
class _SectionBuilder:
    level: int
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            self.level,
            self.heading,
            tuple(self.paragraphs),
            tuple(self.notes),
            tuple(self.lists),
            tuple(self.tables),
        )

    def is_empty(self) -> bool:
        return not (self.heading or self.paragraphs or self.notes or self.lists or self.tables)


def block_shape(block: Block) -> Shape:
    """What the site-chrome check sees of a block."""
    match block:
        case Heading(_, text):
            return Shape("heading", text)
        case Paragraph(text, links_only):
            return Shape("paragraph", text, links_only)
        case ListBlock(items):
            return list_shape(
                (item.text for item in items), (item.links_only or not item.text for item in items)
            )
    return Shape("other")


def content_blocks(blocks: Iterable[Block]) -> list[Block]:
    """The blocks of the page's content: without the site chrome after it (`chrome`)."""
    found = list(blocks)
    return found[: chrome_start(len(found), lambda index: block_shape(found[index]))]


def build_document(blocks: Iterable[Block]) -> Document:
    """Group a block stream into sections (site chrome after the content left out).

    Some renderings split a heading over two lines (`## ` then the text as a paragraph);
    an empty heading therefore takes the paragraph that follows it as its text.
    """
    blocks = content_blocks(blocks)
    sections: list[_SectionBuilder] = []
    current = _SectionBuilder(0, "")
    title: str | None = None
    waiting_for_heading_text = False
    for block in blocks:
        if isinstance(block, Paragraph) and block.text and waiting_for_heading_text:
            current.heading = clean_heading(block.text)
            waiting_for_heading_text = False
            if current.level == 1 and title is None:
                title = current.heading
            continue
        waiting_for_heading_text = False
        match block:
            case Heading(level, text):
                if not current.is_empty():
                    sections.append(current)
                current = _SectionBuilder(level, text)
                waiting_for_heading_text = not text
                if level == 1 and title is None and text:
                    title = text
            case Paragraph(text):
                if text:
                    current.paragraphs.append(text)
            case Note(text):
                current.notes.append(text)
            case ListBlock():
                current.lists.append(block)
            case Table():
                current.tables.append(block)
    if not current.is_empty():
        sections.append(current)
    return Document(title, tuple(section.freeze() for section in sections))
