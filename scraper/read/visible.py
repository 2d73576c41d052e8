"""What a reader sees of an HTML element, by every means a browser honours: a stale copy of a
row, a cell or a whole table kept out of sight must not be read as the page, and struck-out
text (`<del>`, `<s>`, `<strike>`, `line-through`) is not a value.

An element is unseen when its own markup says so (`hidden`, `aria-hidden="true"`, a closed
`<details>` or `<dialog>`, `<template>`, a tab panel not selected), when its inline style
does (`display: none`, `visibility: hidden`, `opacity: 0`, moved off screen, clipped to
nothing...), when a utility class of the docs' frameworks does (`hidden`, `sr-only`,
`invisible`, `d-none`: unless a variant such as `md:block` shows it somewhere), or when a
rule of the page's own `<style>` sheets does (read with tinycss2, matched with cssselect2;
rules inside `@media` apply only somewhere, so they hide nothing). Everything inside an
unseen element is unseen too.

MDX pages write the same in JSX (`className`, `style={{display: "none"}}`, `hidden={true}`):
`jsx_to_html` turns those into HTML attributes before the HTML is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from html import unescape
from typing import TypeAlias

import cssselect2
import tinycss2
from lxml import etree

# An element of a page's tree, as lxml parses it.
Element: TypeAlias = etree._Element

# Elements a browser does not render, and those that show their text struck out.
_UNRENDERED = frozenset({"template", "rp", "datalist"})
_STRUCK = frozenset({"del", "s", "strike"})
# Classes of the utility frameworks docs sites use (Tailwind, Bootstrap) that hide.
_HIDING_CLASSES = frozenset({"hidden", "invisible", "sr-only", "visually-hidden", "d-none"})
_STRIKING_CLASSES = frozenset({"line-through", "text-decoration-line-through"})
# A variant class that displays the element under some condition (`md:block`, `dark:table-row`,
# `d-md-table-cell`): then some reader sees it.
_SHOWN_SOMEWHERE = re.compile(
    r"^(?:[\w-]+:(?:block|inline|inline-block|flex|inline-flex|grid|inline-grid|contents|"
    r"flow-root|list-item|visible|not-sr-only|table(?:-[a-z-]+)?)|"
    r"d-[a-z]+-(?:block|inline|inline-block|flex|inline-flex|grid|table(?:-[a-z-]+)?))$"
)
# Moved this far off screen (`left: -9999px`, `text-indent: -10000px`), an element is unseen.
_OFF_SCREEN = -999.0
_CLIPPED_AWAY = ("rect(0,0,0,0)", "rect(0000)")
# A column span beyond this is no table a page holds.
_MOST_COLUMNS = 1000
_SELECTOR_PROBLEMS = (cssselect2.SelectorError, NotImplementedError, ValueError, RecursionError)
# A selector longer than this is no selector a docs page writes: it selects nothing.
_LONGEST_SELECTOR = 1000


@dataclass(frozen=True, slots=True)
class Look:
    """What a style says of an element: hidden or shown, struck or not (None: says nothing)."""

    hidden: bool | None = None
    struck: bool | None = None

    def over(self, other: Look) -> Look:
        """This look where it says something, else the other's (a later or inline rule)."""
        return Look(
            self.hidden if self.hidden is not None else other.hidden,
            self.struck if self.struck is not None else other.struck,
        )


def _length(value: str) -> float | None:
    """The number of a CSS length or number (`-9999px`, `0`, `0.0em`), None if it is none."""
    number = value.replace(" ", "").rstrip("abcdefghijklmnopqrstuvwxyz%")
    try:
        return float(number)
    except ValueError:
        return None


def _at_most(value: str | None, limit: float) -> bool:
    number = _length(value) if value is not None else None
    return number is not None and number <= limit


def _hidden_by(style: Mapping[str, str]) -> bool | None:
    """Whether declarations hide an element (None: they say nothing about it)."""
    display, visibility = style.get("display"), style.get("visibility")
    clipped = style.get("overflow") == "hidden" and (
        _at_most(style.get("height"), 1)
        or _at_most(style.get("width"), 1)
        or _at_most(style.get("max-height"), 0)
    )
    positioned = style.get("position") in ("absolute", "fixed")
    hides = (
        display == "none"
        or visibility in ("hidden", "collapse")
        or style.get("content-visibility") == "hidden"
        or _at_most(style.get("opacity"), 0)
        or _at_most(style.get("font-size"), 0)
        or style.get("color") == "transparent"
        or "scale(0)" in style.get("transform", "").replace(" ", "")
        or clipped
        or _at_most(style.get("text-indent"), _OFF_SCREEN)
        or (positioned and any(_at_most(style.get(side), _OFF_SCREEN) for side in ("left", "top")))
        or (
            positioned and style.get("clip", "").replace(" ", "") in ("rect(0,0,0,0)", "rect(0000)")
        )
    )
    if hides:
        return True
    shown = (display is not None and display != "none") or visibility == "visible"
    return False if shown else None


# The properties a look is made of: other declarations are not read.
_READ_PROPERTIES = frozenset(
    {
        "display",
        "visibility",
        "content-visibility",
        "opacity",
        "font-size",
        "color",
        "transform",
        "overflow",
        "height",
        "width",
        "max-height",
        "position",
        "left",
        "top",
        "clip",
        "text-indent",
        "text-decoration",
        "text-decoration-line",
    }
)


def _declarations(nodes: Iterable[tinycss2.ast.Node]) -> dict[str, str]:
    style: dict[str, str] = {}
    for node in nodes:
        if (
            not isinstance(node, tinycss2.ast.Declaration)
            or node.lower_name not in _READ_PROPERTIES
        ):
            continue
        try:
            value = tinycss2.serialize(node.value).strip().lower()
        except RecursionError:  # a value nested thousands deep names no look we read
            continue
        style[node.lower_name] = " ".join(value.split())
    return style


def _tolerantly(
    parse: Callable[..., list[tinycss2.ast.Node]], css: str, end: str, closing: str
) -> list[tinycss2.ast.Node]:
    """What `parse` reads of `css`. A number of thousands of digits stops tinycss2's
    tokenizer (Python's limit on int()): then each `end`-separated piece (with `closing`
    put back) is read alone, and a piece that cannot be read is left out, as a browser
    leaves out what it cannot read."""
    try:
        return list(parse(css, skip_comments=True, skip_whitespace=True))
    except ValueError:
        nodes = []
        for piece in css.split(end):
            try:
                nodes.extend(parse(piece + closing, skip_comments=True))
            except ValueError:
                continue
        return nodes


def _parsed(css: str) -> list[tinycss2.ast.Node]:
    """Declarations as tinycss2 reads them, each `;`-ended piece alone if need be."""
    return _tolerantly(tinycss2.parse_blocks_contents, css, ";", "")


def _look_of(style: Mapping[str, str]) -> Look:
    decoration = style.get("text-decoration-line", style.get("text-decoration"))
    struck = None if decoration is None else "line-through" in decoration
    return Look(_hidden_by(style), struck)


@lru_cache(maxsize=512)
def inline_look(css: str) -> Look:
    """What an element's `style` attribute says of it."""
    return _look_of(_declarations(_parsed(css)))


def _class_look(classes: Iterable[str]) -> Look:
    names = set(classes)
    shown = any(_SHOWN_SOMEWHERE.match(name) for name in names)
    hidden = True if names & _HIDING_CLASSES and not shown else None
    return Look(hidden, True if names & _STRIKING_CLASSES else None)


def markup_look(name: str, attrs: Mapping[str, str], unselected: frozenset[str]) -> Look:
    """What an element's own name and attributes say (`attrs`: values as text, `class`
    space-separated); `unselected`: ids of tab panels whose tab is not selected. Its inline
    style outranks its classes, which outrank what the browser's own sheet does with it (a
    `hidden` element styled `display: block` is seen), as in a browser."""
    if name in _UNRENDERED:
        return Look(hidden=True)
    state = attrs.get("data-state", "").lower()
    hidden = (
        "hidden" in attrs
        or attrs.get("aria-hidden", "").strip().lower() == "true"
        or (name in ("details", "dialog") and "open" not in attrs)
        or (attrs.get("role") == "tabpanel" and state in ("inactive", "closed"))
        or attrs.get("id", "") in unselected
    )
    own = Look(True if hidden else None, True if name in _STRUCK else None)
    styled = inline_look(attrs["style"]) if attrs.get("style") else Look()
    return styled.over(_class_look(attrs.get("class", "").split())).over(own)


def _stylesheet(css: str) -> list[tinycss2.ast.Node]:
    """A sheet's rules as tinycss2 reads them, each `}`-ended rule alone if need be (a
    browser drops only the rule it cannot read)."""
    return _tolerantly(tinycss2.parse_stylesheet, css, "}", "}")


# At-rules whose rules apply on every screen: `@media screen`, `@media all`, `@supports`,
# `@layer`. Other media queries (`min-width`, `print`) apply only somewhere.
_EVERYWHERE = frozenset({"", "all", "screen", "only screen"})


def _applies_everywhere(rule: tinycss2.ast.AtRule) -> bool:
    if rule.lower_at_keyword in ("supports", "layer"):
        return rule.content is not None
    query = " ".join(tinycss2.serialize(rule.prelude).lower().split())
    return rule.lower_at_keyword == "media" and rule.content is not None and query in _EVERYWHERE


def _qualified_rules(nodes: Iterable[tinycss2.ast.Node]) -> Iterator[tinycss2.ast.Node]:
    """The sheet's style rules, and those of its at-rules that apply on every screen (one
    level: a sheet nests no deeper in practice)."""
    for rule in nodes:
        if isinstance(rule, tinycss2.ast.QualifiedRule):
            yield rule
        elif isinstance(rule, tinycss2.ast.AtRule) and _applies_everywhere(rule):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True)
            yield from (r for r in inner if isinstance(r, tinycss2.ast.QualifiedRule))


def _sheet_rules(css: str) -> Iterable[tuple[str, Look]]:
    """The rules of a `<style>` sheet that say whether what they select is seen or struck;
    rules under a condition (a media query for some screens) apply only somewhere, and are
    left out."""
    for rule in _qualified_rules(_stylesheet(css)):
        nodes = tinycss2.parse_blocks_contents(rule.content, skip_comments=True)
        look = _look_of(_declarations(nodes))
        if look == Look():
            continue
        try:
            yield tinycss2.serialize(rule.prelude).strip(), look
        except RecursionError:  # a selector nested thousands deep selects nothing we match
            continue


def text_of(element: Element) -> str:
    """All the text inside an element (not the text after it)."""
    return etree.tostring(element, method="text", encoding="unicode", with_tail=False)


def _sheet_matcher(root: Element) -> cssselect2.Matcher | None:
    """The rules of the page's `<style>` sheets that hide or strike, by what they select
    (payload: the rule's place in the page, and its look); None when there are none."""
    matcher = cssselect2.Matcher()
    order = 0
    for style in root.iter("style"):
        for selector, look in _sheet_rules(text_of(style)):
            if len(selector) > _LONGEST_SELECTOR:
                continue
            try:
                compiled = cssselect2.compile_selector_list(selector)
            except _SELECTOR_PROBLEMS:
                continue  # a selector cssselect2 cannot read selects nothing we can tell
            order += 1
            for one in compiled:
                matcher.add_selector(one, (order, look))
    return matcher if order else None


def _sheet_looks(root: Element) -> dict[Element, Look]:
    """Each element's look by the page's style sheets, later rules over earlier ones (as
    they were read before: by their order, not their specificity). A selector of a
    pseudo-element (`::before`) styles no element."""
    matcher = _sheet_matcher(root)
    if matcher is None:
        return {}
    looks: dict[Element, Look] = {}
    for wrapper in cssselect2.ElementWrapper.from_html_root(root).iter_subtree():
        try:
            matched = matcher.match(wrapper)
        except _SELECTOR_PROBLEMS:
            continue
        rules = sorted(payload for _, _, pseudo, payload in matched if pseudo is None)
        look = Look()
        for _, rule_look in rules:
            look = rule_look.over(look)
        if look != Look():
            looks[wrapper.etree_element] = look
    return looks


# Tabs that are not selected, and the panels they control: not on screen.
_UNSELECTED_TABS = etree.XPath('//*[@role="tab"][@aria-selected="false"][@aria-controls]')


def unselected_panels(root: Element) -> frozenset[str]:
    """The panels that tabs not selected control: their content is not on screen."""
    found = _UNSELECTED_TABS(root)
    assert isinstance(found, list)
    return frozenset(
        str(tab.get("aria-controls")) for tab in found if isinstance(tab, etree._Element)
    )


def _span(tag: Element, attribute: str) -> int:
    try:
        return min(max(int(str(tag.get(attribute, "1"))), 1), _MOST_COLUMNS)
    except ValueError:
        return 1


def _children(tag: Element, *names: str) -> list[Element]:
    return [child for child in tag if child.tag in names]


# Characters lxml reads from a page but refuses to be given back (XML has no place for them):
# no reader sees them, and the text is read without them either way (`document.clean_text`
# drops the controls, and reads the two spaces as spaces).
_NOT_XML = {
    **dict.fromkeys((*range(0x09), 0x0E, *range(0x0F, 0x20), 0xFFFE, 0xFFFF)),
    0x0B: " ",
    0x0C: " ",
}


def remove(element: Element) -> None:
    """Take an element and everything in it out of the tree, keeping the text after it
    (lxml holds that text on the element, as its `tail`)."""
    parent = element.getparent()
    if parent is None:
        element.clear()  # the whole document is unseen: nothing of it is read
        return
    if element.tail:
        previous = element.getprevious()
        if previous is not None:
            previous.tail = ((previous.tail or "") + element.tail).translate(_NOT_XML)
        else:
            parent.text = ((parent.text or "") + element.tail).translate(_NOT_XML)
    parent.remove(element)


def _collapse_columns(table: Element, unseen: set[Element]) -> None:
    """A table's columns whose `<col>` a reader does not see (`visibility: collapse`): their
    cells are not seen either, in every row."""
    hidden: set[int] = set()
    position = 0
    columns = [(col, col) for col in _children(table, "col")]
    for group in _children(table, "colgroup"):
        columns += [(col, group if group in unseen else col) for col in _children(group, "col")]
    for col, key in columns:
        span = _span(col, "span")
        if key in unseen:
            hidden.update(range(position, position + span))
        position += span
    if not hidden:
        return
    groups = [table, *_children(table, "thead", "tbody", "tfoot")]
    for row in (row for group in groups for row in _children(group, "tr")):
        position = 0
        for cell in _children(row, "td", "th"):
            span = _span(cell, "colspan")
            if hidden.issuperset(range(position, position + span)):
                remove(cell)
            position += span


# Elements a browser hides or strikes by their name alone, and the attributes that can hide
# or strike any element (`markup_look` reads no other).
_LOOKS_BY_NAME = _UNRENDERED | _STRUCK | {"details", "dialog"}
_LOOKING_ATTRIBUTES = frozenset({"hidden", "aria-hidden", "role", "id", "style", "class"})


def _own_look(tag: Element, unselected: frozenset[str]) -> Look:
    """What an element's markup says of it (`markup_look`); most elements of a page have no
    attribute that could say something (a link's `href`), and then only their name can."""
    if tag.tag not in _LOOKS_BY_NAME and _LOOKING_ATTRIBUTES.isdisjoint(tag.keys()):
        return Look()
    attributes = {str(name): str(value) for name, value in tag.items()}
    return markup_look(str(tag.tag), attributes, unselected)


def drop_unseen(root: Element) -> None:
    """Remove every element a reader does not see, or sees struck out, from the tree."""
    sheet = _sheet_looks(root)
    unselected = unselected_panels(root)
    unseen = []
    for tag in root.iter(etree.Element):
        look = _own_look(tag, unselected)
        if sheet:
            look = look.over(sheet.get(tag, Look()))
        if look.hidden or look.struck:
            unseen.append(tag)
    columns = {tag for tag in unseen if tag.tag in ("col", "colgroup")}
    if columns:
        for table in root.iter("table"):
            _collapse_columns(table, columns)
    for tag in unseen:
        remove(tag)


_JSX_STYLE = re.compile(r"style=\{\{([^{}]*)\}\}")
_JSX_FALSE = re.compile(r"\s[\w:-]+=\{false\}")
_JSX_VALUE = re.compile(r"=\{(true|\"[^\"]*\"|'[^']*')\}")
_CAMEL = re.compile(r"(?<=[a-z])([A-Z])")


def _css_of_jsx(match: re.Match[str]) -> str:
    """`style={{display: "none", fontSize: 0}}` → `style="display: none; font-size: 0"`."""
    parts = []
    for item in match[1].split(","):
        key, _, value = item.partition(":")
        css_key = _CAMEL.sub(r"-\1", key.strip().strip("'\"")).lower()
        parts.append(f"{css_key}: {value.strip().strip(chr(39) + chr(34))}")
    return 'style="' + "; ".join(part for part in parts if part != ": ").replace('"', "") + '"'


def jsx_to_html(fragment: str) -> str:
    """JSX attributes of MDX as HTML ones: `className`, `style={{…}}`, `hidden={true}`;
    an attribute set `{false}` is not set."""
    if "{" not in fragment and "className" not in fragment:
        return fragment
    text = _JSX_STYLE.sub(_css_of_jsx, fragment.replace("className=", "class="))
    text = _JSX_FALSE.sub("", text)
    return _JSX_VALUE.sub(lambda match: '="' + match[1].strip("\"'") + '"', text)


def _parser() -> etree.HTMLParser:
    """A parser for one page: lxml's parsers are not to be shared between threads (the run
    reads pages in one beside the fetch), and one costs a microsecond. Comments and processing
    instructions are never shown: it leaves them out, so the text on both sides of one reads
    as one. The text is decoded already: what the page declares (`<meta charset>`,
    `<?xml encoding?>`) does not change how it is read."""
    return etree.HTMLParser(remove_comments=True, remove_pis=True, encoding="utf-8")


def visible_tree(text: str) -> Element:
    """The HTML as a tree (its `<html>` element), without what a reader does not see."""
    markup = text.encode("utf-8", errors="replace")
    root = etree.fromstring(markup, _parser()) if text.strip() else None
    if root is None:  # nothing lxml can build a document from
        root = etree.Element("html")
    drop_unseen(root)
    return root


_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _attributes(text: str, index: int) -> tuple[dict[str, str], int, bool]:
    """A start tag's attributes from `index` to its `>`: the attributes, where the tag ends
    (-1: it never does) and whether it closes itself (`<br/>`)."""
    attrs: dict[str, str] = {}
    length = len(text)
    while index < length:
        char = text[index]
        if char == ">" or text.startswith("/>", index):
            return attrs, index + (1 if char == ">" else 2), char == "/"
        if char.isspace() or char == "/":
            index += 1
            continue
        end = index
        while end < length and not text[end].isspace() and text[end] not in "/>=":
            end += 1
        name, index = text[index:end].lower(), end
        while index < length and text[index].isspace():
            index += 1
        value = ""
        if index < length and text[index] == "=":
            index += 1
            while index < length and text[index].isspace():
                index += 1
            if index < length and text[index] in "\"'":
                close = text.find(text[index], index + 1)
                if close < 0:
                    return attrs, -1, False
                value, index = text[index + 1 : close], close + 1
            else:
                end = index
                while end < length and not text[end].isspace() and text[end] != ">":
                    end += 1
                value, index = text[index:end], end
        attrs.setdefault(name, unescape(value))
    return attrs, -1, False


def tag_events(text: str) -> Iterator[tuple[str, dict[str, str] | None]]:
    """The start tags (with their attributes) and end tags (None) of raw HTML, in order, as
    written: no repair, an element left open stays open. One pass over the text (the standard
    library's HTMLParser takes minutes on 100 kB of `<a `)."""
    position, length = 0, len(text)
    while (start := text.find("<", position)) >= 0 and start + 1 < length:
        if text.startswith("<!--", start) or text[start + 1] in "!?":
            closer = "-->" if text.startswith("<!--", start) else ">"
            end = text.find(closer, start + 2)
            if end < 0:
                return
            position = end + len(closer)
            continue
        closing = text[start + 1] == "/"
        name_end = name_start = start + 1 + closing
        while name_end < length and (text[name_end].isalnum() or text[name_end] in "-:_."):
            name_end += 1
        if name_end == name_start or not text[name_start].isalpha():
            position = start + 1
            continue
        attrs, position, self_closing = _attributes(text, name_end)
        if position < 0:
            return  # a tag never closed swallows the rest, as in a browser
        name = text[name_start:name_end].lower()
        if closing:
            yield name, None
        elif not self_closing and name not in _VOID:
            yield name, attrs


class OpenElements:
    """The raw HTML elements a Markdown page has opened and not closed yet, and whether one of
    them keeps what it holds from a reader: MDX lets `<div hidden>` (or `<del>`) wrap Markdown
    content up to its `</div>`, and a `<span hidden>` wrap part of a table cell."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, bool]] = []
        self.hiding = 0
        # How many of each name are open: an end tag that closes nothing costs no search.
        self.names: Counter[str] = Counter()

    @property
    def unseen(self) -> bool:
        return self.hiding > 0

    def feed(self, fragment: str) -> None:
        for name, attrs in tag_events(jsx_to_html(fragment)):
            if attrs is not None:
                look = markup_look(name, attrs, frozenset())
                self.stack.append((name, bool(look.hidden or look.struck)))
                self.hiding += self.stack[-1][1]
                self.names[name] += 1
            else:
                self._close(name)

    def _close(self, name: str) -> None:
        """An end tag closes the innermost open element of its name (and any left open in
        it); an end tag that closes nothing is ignored, as browsers do."""
        if not self.names[name]:
            return
        while self.stack:  # each element is popped once: linear over the page
            closed, hides = self.stack.pop()
            self.hiding -= hides
            self.names[closed] -= 1
            if closed == name:
                return
