"""From the intermediate document to records: find the tables by their content, not by their
headings or positions, and read them in the page's own vocabulary."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from scraper.errors import PageParseError
from scraper.fetch.sources import canonical_locale, detect_format
from scraper.read.dates import find_dates, fold, has_digits
from scraper.read.document import Document, ListItem, ParsedPage, Section, Table
from scraper.read.language import language_problem
from scraper.read.lifecycle import LifecycleWords, words_for
from scraper.read.notes import retirement_date
from scraper.read.parse import parse_page
from scraper.read.vocabulary import (
    BUILTIN_STATUS_WORDS,
    NO_VALUE_WORDS,
    fold_word,
    has_not_sooner_than_phrase,
    says_to_be_announced,
    term_display,
    term_variants,
)
from scraper.records import (
    STATUSES,
    Announcement,
    GenericTable,
    ModelStatus,
    PageContent,
    PageFormat,
    Qualifier,
    RetirementEntry,
    Source,
    Status,
    StatusWords,
)

# A dot only in a version number (claude-2.1): "CHANGELOG.md" is a file name, not a model.
# Starts only where no letter or digit precedes, and never gives back what it consumed:
# otherwise a long run of letters costs a scan from each of its positions (quadratic).
_MODEL_ID = re.compile(r"(?<![a-z0-9])[a-z][a-z0-9]*+(?:-[a-z0-9]++|\.[0-9]++)+", re.IGNORECASE)
# What may follow an id in its cell: a footnote mark, an aside in parentheses.
_AFTER_MODEL_ID = re.compile(r"$|[\s*†‡¹²³(（,]")
_HISTORY_HEADING = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})\s*+(?:[:：\-–—]\s*+)?(?P<title>.*)$"
)
_LOCALE_IN_URL = (
    re.compile(r"(?:^|/)docs/(?P<locale>[A-Za-z]{2}(?:[-_][A-Za-z]{2,4})?)(?:/|$)"),
    re.compile(
        r"^(?:https?://[^/]+)?/(?P<locale>[A-Za-z]{2}(?:-[A-Za-z]{2})?)/(?:docs|api|home)\b"
    ),
)
_NOT_SOONER_THAN: Qualifier = "not_sooner_than"
_TO_BE_ANNOUNCED: Qualifier = "to_be_announced"
# A table is the status table when most of its rows look like one (a footnote row may not).
_MAJORITY = 0.5
# Cell text quoted in an error message is cut to this: the message is one line of the run's
# output, and a broken page can put megabytes in one cell.
_QUOTE_LIMIT = 60


def _short(text: str) -> str:
    return text if len(text) <= _QUOTE_LIMIT else text[: _QUOTE_LIMIT - 1] + "…"


def fold_id(text: str) -> str:
    """A cell as ids are compared: NFKC (full-width letters are letters), format characters
    dropped (soft hyphen, LRM, zero-width joiners), lower case."""
    if text.isascii():  # nearly every cell: NFKC leaves ASCII as it is, and it has no Cf
        return text.lower()
    normal = unicodedata.normalize("NFKC", text)
    return "".join(char for char in normal if unicodedata.category(char) != "Cf").lower()


# Where an id token ends in a cell: `claude-opus-4-6†`, `Claude Opus 4.6 (claude-opus-4-6)`.
_TOKEN_ENDS = str.maketrans(dict.fromkeys("()（）,，*†‡¹²³`", " "))


def id_problem(text: str) -> str | None:
    """Why a model cell holds a look-alike of an id: once folded, a token with ASCII letters
    and a dash that is not plain ASCII (a Cyrillic `с`, a non-breaking hyphen U+2011).
    Such an id would be a new model that reads like an old one."""
    for token in fold_id(text).translate(_TOKEN_ENDS).split():
        dashed = any(unicodedata.category(char) == "Pd" for char in token)
        if token.isascii() or not dashed or not any("a" <= char <= "z" for char in token):
            continue
        odd = next(char for char in token if not char.isascii())
        name = unicodedata.name(odd, f"U+{ord(odd):04X}")
        return f"model id {_short(token)!r} is not plain ASCII ({name})"
    return None


def model_id(text: str) -> str | None:
    """The API model id of a cell (folded by `fold_id`): the one it starts with (`claude-2.1`,
    `claude-opus-4-6†`), or else the one id with a version number it names
    (`Claude Opus 4.6 (claude-opus-4-6)`)."""
    cleaned = fold_id(text).strip()
    match = _MODEL_ID.match(cleaned)
    if match is not None and _AFTER_MODEL_ID.match(cleaned, match.end()):
        return match.group()
    # Inside prose only a token with a digit counts: "non-default" is a word, not a model.
    named = {
        found.group()
        for found in _MODEL_ID.finditer(cleaned)
        if any(char.isdigit() for char in found.group())
        and (found.start() == 0 or not cleaned[found.start() - 1].isalnum())
    }
    return named.pop() if len(named) == 1 else None


def is_model_id(text: str) -> bool:
    return model_id(text) is not None


@dataclass(frozen=True, slots=True)
class DateCell:
    value: dt.date | None
    qualifier: Qualifier | None


def _lifecycle_list(document: Document) -> tuple[ListItem, ...] | None:
    """The overview's list of the four defined terms (Active, Legacy, Deprecated, Retired)."""
    for block in document.lists():
        if len(block.items) == len(STATUSES) and all(item.term for item in block.items):
            return block.items
    return None


def _glossed(item: ListItem) -> str:
    """A defined term with the gloss that follows it: `Retired (dipensiunkan)`."""
    return f"{item.term} ({item.gloss})" if item.gloss else item.term or ""


def _status_words(terms: Mapping[Status, str] | None) -> StatusWords | None:
    if terms is None:
        return None
    return StatusWords(**{status: term_display(term) for status, term in terms.items()})


def _detect_locale(page: ParsedPage, terms: Sequence[str] | None) -> str:
    for key in ("lang", "language", "locale", "og_locale"):
        if key in page.metadata and (found := canonical_locale(page.metadata[key])):
            return found
    for key in ("url", "source_url", "canonical"):
        if key in page.metadata and (found := _locale_in_url(page.metadata[key])):
            return found
    votes = Counter(found for link in page.links if (found := _locale_in_url(link)))
    if votes:
        return votes.most_common(1)[0][0]
    if terms:
        return _locale_from_terms(terms) or "und"
    return "und"


def _locale_in_url(url: str) -> str | None:
    for pattern in _LOCALE_IN_URL:
        match = pattern.search(url)
        if match and (found := canonical_locale(match["locale"])):
            return found
    return None


def _locale_from_terms(terms: Sequence[str]) -> str | None:
    """The locale whose built-in words cover most of the page's terms (English last)."""
    folded = {variant for term in terms for variant in term_variants(term)}
    scores = {
        locale: len(folded & {fold_word(w) for ws in words.values() for w in ws})
        for locale, words in BUILTIN_STATUS_WORDS.items()
    }
    best = max(scores, key=lambda locale: (scores[locale], locale != "en"))
    return best if scores[best] else None


def _date_cell(text: str, locale: str, *, tentative: bool = False) -> DateCell:
    """A table cell holding one date, or none (N/A, 不适用, To be announced...).

    `tentative`: the cell is in the status table's retirement column of a model that is
    active or legacy, whose date the page only ever gives as "not sooner than"; words around
    the date there mean that even in a language the built-in phrases do not cover.
    """
    found = find_dates(text, locale)
    if not found:
        if has_digits(text):
            raise PageParseError(f"unrecognised date {_short(text)!r}")
        return DateCell(None, _TO_BE_ANNOUNCED if says_to_be_announced(text) else None)
    first = found[0]
    folded = fold(text)
    rest = (folded[: first.start] + folded[first.end :]).strip(" \t.,:：()（）")
    qualified = has_not_sooner_than_phrase(rest) or (tentative and bool(rest))
    return DateCell(first.value, _NOT_SOONER_THAN if qualified else None)


def _column(table: Table, index: int) -> list[str]:
    return [row[index] if index < len(row) else "" for row in table.rows]


def _fraction(values: Iterable[bool]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0


def _status_table_score(table: Table, words: LifecycleWords) -> int:
    """2: model ids then lifecycle words (the status table); 1: model ids then unknown words
    (the status table in words the tracker does not know); 0: another table."""
    if not table.rows or len(table.header) < 2:
        return 0
    if _fraction(is_model_id(cell) for cell in _column(table, 0)) <= _MAJORITY:
        return 0
    if _fraction(words.knows(cell) for cell in _column(table, 1)) > _MAJORITY:
        return 2
    # Unknown words beside ids with version numbers; hyphenated words (`look-alike`) beside
    # prose are another document's table, not a status table in unknown words.
    versioned = _fraction(any(c.isdigit() for c in cell) for cell in _column(table, 0))
    return 1 if versioned > _MAJORITY else 0


def _find_status_table(document: Document, words: LifecycleWords) -> Table | None:
    """The table of model ids and lifecycle words; failing that, of model ids (whose unknown
    words then fail clearly instead of "no status table"). Several that say the same are one
    table; several that disagree reject the page."""
    candidates = [
        (score, section.heading, table)
        for section in document.sections
        if not _HISTORY_HEADING.match(section.heading)
        for table in section.tables
        if (score := _status_table_score(table, words))
    ]
    best = max((score for score, _, _ in candidates), default=0)
    found = [(heading, table) for score, heading, table in candidates if score == best]
    # Two status tables that say different things (a stale copy left on the page, visible):
    # taking the first would publish whichever the page happens to list first.
    differing = [
        (heading, table) for heading, table in found if set(table.rows) != set(found[0][1].rows)
    ]
    if differing:
        raise PageParseError(
            f"two model status tables that disagree (under {found[0][0]!r} and "
            f"{differing[0][0]!r}): which one is current cannot be told",
            check="status-table",
        )
    return found[0][1] if found else None


def _check_id(cell: str) -> None:
    if (problem := id_problem(cell)) is not None:
        raise PageParseError(problem, check="ids")


def _check_row(table: Table, row: tuple[str, ...], model: str, where: str) -> None:
    """A row must fill every column of its table: a missing cell (or one spanning two
    columns) would shift the cells after it into the wrong columns."""
    width = len(table.header) or max(len(other) for other in table.rows)
    filled = sum(1 for cell in row[:width] if cell.strip())
    if filled < width:
        raise PageParseError(
            f"the {where} row of {_short(model)} fills {filled} of the table's {width} columns "
            "(a cell is missing, empty or spans columns)",
            check="rows",
        )


def _check_unique(models: Iterable[str], where: str) -> None:
    """A model listed twice, in two states, cannot be told apart: which row is true?"""
    repeated = [model for model, count in Counter(models).items() if count > 1]
    if repeated:
        raise PageParseError(
            f"{_short(repeated[0])} has more than one row in the {where}", check="rows"
        )


def _status_rows(table: Table, words: LifecycleWords, locale: str) -> list[ModelStatus]:
    models = []
    for row in table.rows:
        cells = [*row, "", "", "", ""]
        model_text, status_text, deprecated_text, retires_text = (c.strip() for c in cells[:4])
        if not model_text:
            continue
        _check_id(model_text)
        model = model_id(model_text) or model_text
        _check_row(table, row, model, "status")
        status = words.status(status_text)
        if status is None:
            raise PageParseError(
                f"unknown lifecycle word {_short(status_text)!r} for model {_short(model)}",
                check="lifecycle-words",
            )
        tentative = status in ("active", "legacy")
        try:
            deprecated = _date_cell(deprecated_text, locale)
            retires = _date_cell(retires_text, locale, tentative=tentative)
        except PageParseError as error:
            raise PageParseError(f"{error} in the status row of {_short(model)}") from None
        models.append(
            ModelStatus(
                model=model,
                status=status,
                status_text=status_text,
                deprecated_on=deprecated.value,
                deprecated_on_text=deprecated_text,
                retires_on=retires.value,
                retires_on_text=retires_text,
                retires_on_qualifier=retires.qualifier,
            )
        )
    return models


@dataclass(frozen=True, slots=True)
class _HistoryColumns:
    date: int
    model: int
    replacement: int | None


def _history_columns(table: Table, locale: str) -> _HistoryColumns | None:
    """Which column holds the retirement date, the deprecated model and its replacement."""
    if not table.rows:
        return None
    width = max(len(table.header), *(len(row) for row in table.rows))
    id_columns = [
        index
        for index in range(width)
        if _fraction(is_model_id(c) for c in _column(table, index) if c) > _MAJORITY
    ]
    date_columns = [
        index
        for index in range(width)
        if index not in id_columns
        and _fraction(bool(find_dates(c, locale)) for c in _column(table, index) if c) > _MAJORITY
    ]
    if not id_columns or not date_columns:
        return None
    model = id_columns[0]
    others = [index for index in range(width) if index not in (model, date_columns[0])]
    replacement = id_columns[1] if len(id_columns) > 1 else (others[0] if others else None)
    return _HistoryColumns(date_columns[0], model, replacement)


def _replacement(text: str) -> str | None:
    cleaned = text.strip()
    if not cleaned or fold_word(cleaned) in NO_VALUE_WORDS:
        return None
    if (problem := id_problem(cleaned)) is not None:
        raise PageParseError(f"the replacement's {problem}", check="ids")
    folded = fold_id(cleaned)
    return folded if _MODEL_ID.fullmatch(folded) else cleaned


def _history_entries(table: Table, columns: _HistoryColumns, locale: str) -> list[RetirementEntry]:
    entries = []
    for row in table.rows:
        cells = [*row, *([""] * (1 + max(columns.date, columns.model, columns.replacement or 0)))]
        model_text = cells[columns.model].strip()
        if not model_text:
            continue
        _check_id(model_text)
        model = model_id(model_text) or model_text
        _check_row(table, row, model, "history")
        retires_text = cells[columns.date].strip()
        try:
            retires = _date_cell(retires_text, locale)
        except PageParseError as error:
            raise PageParseError(f"{error} in the history row of {_short(model)}") from None
        replacement = None if columns.replacement is None else cells[columns.replacement]
        entries.append(
            RetirementEntry(
                model=model,
                retires_on=retires.value,
                retires_on_text=retires_text,
                replacement=_replacement(replacement or ""),
            )
        )
    return entries


def _retired_note(
    section: Section, announced_on: dt.date, words: _Reading
) -> tuple[dt.date, str] | None:
    """The section's "These models were retired <date>" note, in any language: the first
    callout, else paragraph, that says so (`notes.retirement_date`)."""
    for text in (*section.notes, *section.paragraphs):
        found = retirement_date(text, announced_on, words.retired, words.locale)
        if found is not None:
            return found, text
    return None


@dataclass(frozen=True, slots=True)
class _Reading:
    """What the history sections are read with: the page's language and its words for
    retired."""

    locale: str
    retired: frozenset[str]


def _generic(section: Section, table: Table) -> GenericTable:
    return GenericTable(section=section.heading, header=table.header, rows=table.rows)


def _announcement(section: Section, words: _Reading) -> tuple[Announcement, list[Table]] | None:
    """A deprecation-history section, and its tables that are not history tables (read by
    `_sections` as other tables)."""
    match = _HISTORY_HEADING.match(section.heading)
    if match is None:
        return None
    year, month, day = (int(part) for part in match["date"].split("-"))
    try:
        announced_on = dt.date(year, month, day)
    except ValueError:
        return None
    entries: list[RetirementEntry] = []
    others: list[Table] = []
    for table in section.tables:
        columns = _history_columns(table, words.locale)
        if columns is not None:
            entries.extend(_history_entries(table, columns, words.locale))
        else:
            others.append(table)
    _check_unique((entry.model for entry in entries), f"history section {match['date']}")
    note = _retired_note(section, announced_on, words)
    announcement = Announcement(
        announced_on=announced_on,
        title=match["title"].strip(),
        retired_on=note[0] if note else None,
        retired_on_text=note[1] if note else None,
        entries=tuple(entries),
    )
    return announcement, others


def _scope_note(document: Document) -> str | None:
    """The paragraph that says which platforms the page's dates apply to: the one naming the
    partner platforms that set their own (product names are not translated)."""
    return next(
        (
            text
            for section in document.sections
            for text in (*section.paragraphs, *section.notes)
            if "Bedrock" in text and ("Google Cloud" in text or "Vertex" in text)
        ),
        None,
    )


def _sections(
    document: Document, status_table: Table, words: _Reading
) -> tuple[list[Announcement], list[GenericTable]]:
    """The history sections, and every table that is neither the status table nor a
    history table, in page order."""
    announcements: list[Announcement] = []
    generic: list[GenericTable] = []
    for section in document.sections:
        history = _announcement(section, words)
        if history is not None:
            announcements.append(history[0])
            generic.extend(_generic(section, table) for table in history[1])
        else:
            generic.extend(
                _generic(section, table) for table in section.tables if table is not status_table
            )
    return announcements, generic


def _page_words(
    page: ParsedPage, locale: str | None, final_url: str | None
) -> tuple[str, LifecycleWords]:
    """The page's language (checked to be `locale`, when given) and its lifecycle words."""
    items = _lifecycle_list(page.document)
    # The language is told by the terms as written; the words also take their glosses.
    terms = tuple(item.term or "" for item in items) if items else None
    if locale is not None:
        problem = language_problem(
            page, locale, terms=terms, locate_url=_locale_in_url, final_url=final_url
        )
        if problem is not None:
            raise PageParseError(problem, check="language")
    page_locale = locale or _detect_locale(page, terms)
    glossed = tuple(_glossed(item) for item in items) if items else None
    return page_locale, LifecycleWords(page_locale, glossed)


def extract(
    page: ParsedPage, *, locale: str | None = None, final_url: str | None = None
) -> tuple[PageContent, tuple[str, ...]]:
    """Records of one parsed page, and warnings (where the page's own words disagree with the
    built-in ones). Raises PageParseError when there is no status table, or when `locale` is
    given and the page is in another language (`final_url`: where it was fetched from after
    redirects)."""
    document = page.document
    if page.ending_problem is not None:
        raise PageParseError(page.ending_problem, check="completeness")
    page_locale, words = _page_words(page, locale, final_url)
    status_table = _find_status_table(document, words)
    if status_table is None:
        raise PageParseError(
            "no model status table found (a table of model ids and their status)",
            check="status-table",
        )
    models = _status_rows(status_table, words, page_locale)
    _check_unique((model.model for model in models), "status table")
    reading = _Reading(page_locale, frozenset(words_for("retired", page_locale, words.terms)))
    announcements, generic = _sections(document, status_table, reading)
    content = PageContent(
        locale=page_locale,
        title=document.title or page.metadata.get("title"),
        status_words=_status_words(words.terms),
        status_columns=status_table.header,
        models=tuple(models),
        announcements=tuple(announcements),
        tables=tuple(generic),
        scope_note=_scope_note(document),
    )
    return content, words.warnings


@dataclass(frozen=True, slots=True)
class PageReading:
    """One page as read: what it says, which page it was (format, URL, digest), and warnings
    about it that reject nothing."""

    content: PageContent
    source: Source
    warnings: tuple[str, ...] = ()


def read_page(
    content: bytes,
    *,
    page_format: PageFormat | None = None,
    locale: str | None = None,
    url: str | None = None,
    final_url: str | None = None,
) -> PageReading:
    """Parse and extract one page as received (bytes, UTF-8). `url`: where it was published
    (else the URL its front matter names)."""
    text = content.decode("utf-8", errors="replace")
    chosen_format = page_format or detect_format(text)
    page = parse_page(text, chosen_format)
    records, warnings = extract(page, locale=locale, final_url=final_url)
    return PageReading(
        records,
        Source(
            format=chosen_format,
            url=url or page.metadata.get("url") or page.metadata.get("source_url"),
            sha256=hashlib.sha256(content).hexdigest(),
        ),
        warnings,
    )
