"""The related pages as records: how the models overview and each platform page name the models.

Tables are found by their content, as on the deprecations page:
- the overview's comparison tables have models as columns and rows labelled "Claude API ID",
  "Claude API alias", "AWS Bedrock ID", "Google Cloud ID" (wherever they are, e.g. inside an
  `<Accordion>`);
- a platform page's model table has model names in its first column ("Claude Sonnet 4", with an
  optional status mark: "Claude Sonnet 4 Deprecated.") and the platform's ids in another.

The HTML-to-Markdown conversion glues footnote marks to ids (`anthropic.claude-opus-4-86` is
`anthropic.claude-opus-4-8` and footnote 6). A trailing number is read as a footnote only when
the page defines that footnote and the id without it agrees with another id of the same model
(its API id, alias or another platform's id); it is never guessed. A page with no such table
is rejected like a deprecations page without its status table, and so is a page cut short.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from fractions import Fraction

from scraper.errors import PageParseError
from scraper.fetch.sources import RELATED_LOCALE, RelatedPage, detect_format
from scraper.ids import bedrock_stem, dated_name
from scraper.read.document import Document, Table
from scraper.read.lifecycle import LifecycleWords
from scraper.read.parse import parse_page
from scraper.records import ComparedModel, ListedModel, PageFormat, RelatedPageContent, Status

_MODEL_NAME = re.compile(r"^Claude\s+\S")
# A platform id as a cell holds it: lower-case, no spaces (backticks are gone after parsing).
_PLATFORM_ID = re.compile(r"^[a-z0-9][a-z0-9._:@/-]*[a-z0-9]$")
_FOOTNOTE = re.compile(r"^(?P<number>\d{1,2})\s+\S")
# Comparison rows by the words of their label (footnote marks and emphasis aside).
_ROW_LABELS: tuple[tuple[str, str], ...] = (
    ("alias", "alias"),
    ("bedrock", "bedrock"),
    ("google cloud", "vertex"),
    ("vertex", "vertex"),
    ("api id", "api_id"),
    ("api model id", "api_id"),
)
_MAJORITY = Fraction(1, 2)
_ENGLISH = LifecycleWords(RELATED_LOCALE, None)


def platform_id(cell: str) -> str | None:
    """The id a cell holds (`claude-sonnet-4\\@20250514` → `claude-sonnet-4@20250514`)."""
    text = cell.strip().strip("`").replace("\\@", "@").strip()
    return text if _PLATFORM_ID.match(text) and "claude" in text else None


def _majority(values: Iterable[bool]) -> bool:
    items = list(values)
    return bool(items) and Fraction(sum(items), len(items)) > _MAJORITY


def _column(table: Table, index: int) -> list[str]:
    return [row[index] if index < len(row) else "" for row in table.rows]


def split_status_mark(cell: str) -> tuple[str, Status | None, str | None]:
    """`Claude Sonnet 4 Deprecated.` → (`Claude Sonnet 4`, deprecated, `Deprecated.`)."""
    text = cell.strip()
    # The last word is the mark (split by hand: a pattern for it backtracks quadratically).
    parts = text.rsplit(None, 1)
    if len(parts) == 2:
        name, mark = parts
        status = _ENGLISH.status(mark.rstrip("."))
        if status is not None:
            return name.strip(), status, mark
    return text, None, None


def _listed_models(table: Table) -> list[ListedModel]:
    """The rows of a model table, or nothing when the table is not one."""
    if len(table.header) < 2 or not _majority(
        bool(_MODEL_NAME.match(cell)) for cell in _column(table, 0)
    ):
        return []
    id_column = next(
        (
            index
            for index in range(1, len(table.header))
            if _majority(platform_id(cell) is not None for cell in _column(table, index))
        ),
        None,
    )
    if id_column is None:
        return []
    models = []
    for row in table.rows:
        cells = [*row, *([""] * len(table.header))]
        found = platform_id(cells[id_column])
        if found is None or not _MODEL_NAME.match(cells[0]):
            continue
        name, status, status_text = split_status_mark(cells[0])
        columns = {
            header: cells[index].strip()
            for index, header in enumerate(table.header)
            if index not in (0, id_column) and header
        }
        models.append(
            ListedModel(
                name=name, id=found, status=status, status_text=status_text, columns=columns
            )
        )
    return models


def _without_marks(label: str) -> str:
    """The label without its trailing footnote digits and asterisks (`Bedrock ID*6`)."""
    end = len(label)
    while end and (label[end - 1].isdecimal() or label[end - 1] == "*"):
        end -= 1
    return label[:end]


def _row_kind(label: str) -> str | None:
    words = " ".join(_without_marks(label).casefold().split())
    return next((kind for key, kind in _ROW_LABELS if key in words), None)


def _footnotes(document: Document) -> frozenset[int]:
    """The footnote numbers the page defines ("*6 Claude Opus 4.8 and ..." under a table)."""
    return frozenset(
        int(match["number"])
        for section in document.sections
        for text in (*section.paragraphs, *section.notes)
        if (match := _FOOTNOTE.match(text))
    )


def _core(kind: str, value: str) -> str:
    """The API-id-like part of an id: what ids of one model have in common."""
    if kind == "bedrock":
        return bedrock_stem(value) or value
    if kind == "vertex":
        return value.replace("@", "-")
    return value


def _agree(first: str, second: str) -> bool:
    """Same model: equal, or one is the other's dated id (alias `x`, id `x-20250929`)."""
    for one, other in ((first, second), (second, first)):
        if one == other or dated_name(one) == other:
            return True
    return False


def _candidates(value: str, footnotes: frozenset[int]) -> list[str]:
    """The id as written, then without each trailing number the page defines as a footnote."""
    found = [value]
    for length in (1, 2):
        digits = value[-length:]
        if len(value) > length and digits.isdigit() and int(digits) in footnotes:
            found.append(value[:-length])
    return found


def _unglued(cells: dict[str, str], footnotes: frozenset[int]) -> dict[str, str]:
    """Each id of one model with a glued footnote mark removed where the other ids confirm it."""
    result = {}
    for kind, value in cells.items():
        others = {
            _core(other_kind, candidate)
            for other_kind, other in cells.items()
            if other_kind != kind
            for candidate in _candidates(other, footnotes)
        }
        result[kind] = next(
            (
                candidate
                for candidate in _candidates(value, footnotes)
                if any(_agree(_core(kind, candidate), other) for other in others)
            ),
            value,
        )
    return result


def _compared_models(table: Table, footnotes: frozenset[int]) -> list[ComparedModel]:
    rows: dict[str, tuple[str, ...]] = {}
    for row in table.rows:
        kind = _row_kind(row[0]) if row else None
        if kind is not None:
            rows.setdefault(kind, row)
    if "api_id" not in rows:
        return []
    models = []
    for index in range(1, len(table.header)):
        cells = {
            kind: found
            for kind, row in rows.items()
            if index < len(row) and (found := platform_id(row[index])) is not None
        }
        if "api_id" not in cells:
            continue
        ids = _unglued(cells, footnotes)
        models.append(
            ComparedModel(
                name=table.header[index],
                api_id=ids["api_id"],
                alias=ids.get("alias"),
                bedrock_id=ids.get("bedrock"),
                vertex_id=ids.get("vertex"),
            )
        )
    return models


def _lifecycle_note(document: Document) -> str | None:
    """The page's first paragraph or callout about model lifecycle."""
    return next(
        (
            text
            for section in document.sections
            for text in (*section.paragraphs, *section.notes)
            if "lifecycle" in text.casefold()
        ),
        None,
    )


def _mark(model: ListedModel) -> str:
    return repr(f"{model.name} {model.status_text}" if model.status_text else model.name) + (
        "" if model.status_text else " (no mark)"
    )


def _unique(models: Iterable[ListedModel]) -> tuple[ListedModel, ...]:
    """Each id once. An id listed twice with different status marks (a small table above
    the real one) cannot be read: which status is the platform's? The page is rejected."""
    seen: dict[str, ListedModel] = {}
    for model in models:
        first = seen.setdefault(model.id, model)
        if first.status != model.status:
            raise PageParseError(
                f"{model.id} is listed twice with different status marks: {_mark(first)} "
                f"and {_mark(model)}",
                check="model-table",
            )
    return tuple(seen.values())


def extract_related(document: Document, page: RelatedPage, title: str | None) -> RelatedPageContent:
    """Records of one related page. Raises PageParseError when its table is missing."""
    tables = [table for _, table in document.tables()]
    if page.platform is None:
        footnotes = _footnotes(document)
        compared = [model for table in tables for model in _compared_models(table, footnotes)]
        if not compared:
            raise PageParseError(
                "no model comparison table found (rows 'Claude API ID', 'AWS Bedrock ID'... "
                "with models as columns)",
                check="comparison-table",
            )
        models: tuple[ListedModel, ...] = ()
    else:
        compared = []
        models = _unique(model for table in tables for model in _listed_models(table))
        if not models:
            raise PageParseError(
                "no model table found (model names and their ids on this platform)",
                check="model-table",
            )
    return RelatedPageContent(
        page=page.name,
        title=document.title or title,
        lifecycle_note=_lifecycle_note(document),
        models=models,
        compared=tuple(dict.fromkeys(compared)),
    )


def read_related_page(
    content: bytes, page: RelatedPage, *, page_format: PageFormat | None = None
) -> RelatedPageContent:
    """Parse and extract one related page as received (bytes, UTF-8)."""
    text = content.decode("utf-8", errors="replace")
    parsed = parse_page(text, page_format or detect_format(text))
    if parsed.ending_problem is not None:  # cut short in transfer: what it lost is no change
        raise PageParseError(parsed.ending_problem, check="completeness")
    return extract_related(parsed.document, page, parsed.metadata.get("title"))
