"""The records a page turns into: what users consume, and what snapshots store.

They are immutable pydantic models, so the JSON Schema of the stored documents is generated
from these types (`deprecations schema`); `dumps` is the one way the project writes them (and
any JSON) as text.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from functools import cached_property
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from scraper.sinks import json_text
from scraper.terms import PLATFORMS as PLATFORMS
from scraper.terms import REFERENCE_LOCALE as REFERENCE_LOCALE
from scraper.terms import SCHEMA_VERSION as SCHEMA_VERSION
from scraper.terms import STATUSES as STATUSES
from scraper.terms import PageFormat as PageFormat
from scraper.terms import Platform as Platform
from scraper.terms import Qualifier as Qualifier
from scraper.terms import Status as Status


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class ModelStatus(Record):
    """One row of the page's model status table."""

    model: str = Field(description="API model id, e.g. claude-3-5-haiku-20241022.")
    status: Status
    status_text: str = Field(description="The status as the page writes it, e.g. 已弃用.")
    deprecated_on: dt.date | None
    deprecated_on_text: str = Field(description="The deprecation cell as written.")
    retires_on: dt.date | None = Field(description="Retirement date; tentative on the page.")
    retires_on_text: str = Field(description="The retirement cell as written.")
    retires_on_qualifier: Qualifier | None = Field(
        description="not_sooner_than when the page says the model retires no sooner than the "
        "date; to_be_announced when it says the date is yet to be announced (retires_on null)."
    )


class RetirementEntry(Record):
    """One row of a deprecation-history table."""

    model: str
    retires_on: dt.date | None
    retires_on_text: str
    replacement: str | None = Field(description="Recommended replacement, as the page names it.")


class Announcement(Record):
    """One deprecation-history section, e.g. `2025-12-19: Claude Haiku 3.5 model`."""

    announced_on: dt.date
    title: str = Field(description="The heading after the date, as written.")
    retired_on: dt.date | None = Field(description="From the section's 'were retired' note.")
    retired_on_text: str | None = Field(description="The note that gave retired_on, as written.")
    entries: tuple[RetirementEntry, ...]


class GenericTable(Record):
    """A table that is neither the status table nor a history table, kept so changes show."""

    section: str = Field(description="Heading of the section the table is in.")
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


class Source(Record):
    format: PageFormat
    url: str | None
    sha256: str = Field(description="SHA-256 of the page as received.")


class StatusWords(Record):
    """The page's own words for the four lifecycle stages."""

    active: str
    legacy: str
    deprecated: str
    retired: str


class PageContent(Record):
    """What one page in one language says, as structured records: the snapshot of a locale.

    It holds nothing about how the page was fetched, so re-fetching the same content (or
    the same records through another format) gives the same bytes on disk.
    """

    schema_version: int = SCHEMA_VERSION
    locale: str = Field(description="Language of the page, e.g. en, zh-TW, pt-BR.")
    title: str | None
    status_words: StatusWords | None = Field(
        description="The lifecycle terms the page defines in its overview, in its language."
    )
    status_columns: tuple[str, ...] = Field(description="Header of the model status table.")
    models: tuple[ModelStatus, ...]
    announcements: tuple[Announcement, ...]
    tables: tuple[GenericTable, ...]
    scope_note: str | None = Field(
        default=None,
        description="The page's statement of which platforms its dates apply to, as written.",
    )

    def newest_entries(self) -> Mapping[str, tuple[Announcement, RetirementEntry]]:
        """For each model, the newest history section that lists it, and its row there."""
        return MappingProxyType(self._newest_entries)

    @cached_property
    def _newest_entries(self) -> dict[str, tuple[Announcement, RetirementEntry]]:
        # Computed once per page: the diff asks for it once per changed model. A dict, kept
        # private, so that a page read in another process pickles with it (#29).
        found: dict[str, tuple[Announcement, RetirementEntry]] = {}
        for announcement in sorted(self.announcements, key=lambda a: a.announced_on, reverse=True):
            for entry in announcement.entries:
                found.setdefault(entry.model, (announcement, entry))
        return found


def iso(value: dt.date | None) -> str | None:
    """A date as it is written in JSON documents and events."""
    return value.isoformat() if value else None


class PageVersion(Record):
    """The version of the page a stored document was read from."""

    url: str | None
    sha256: str = Field(description="SHA-256 of the page as received.")
    date: dt.date = Field(description="The day the run that read this version recorded it.")


class RunStamp(Record):
    """The run that last changed a stored document."""

    date: dt.date = Field(description="The run's date (its --as-of for a backfill).")
    url: str | None = Field(
        default=None,
        description="The CI run (GitHub Actions) that wrote it; null for a run by hand.",
    )


class StoredPage(PageContent):
    """A language's snapshot on disk: its records, the page version they come from, the run
    that stored them. Rewritten only when the records change, so a new version of the page
    that says the same keeps the version that first said it."""

    source: PageVersion | None = Field(default=None, description="Null in older snapshots.")
    run: RunStamp | None = Field(default=None, description="Null in older snapshots.")

    @classmethod
    def stamp(cls, content: PageContent, source: PageVersion | None, run: RunStamp) -> StoredPage:
        return cls(**page_fields(content), source=source, run=run)

    @property
    def content(self) -> PageContent:
        """Its records alone, without the version and run it is stamped with."""
        return PageContent(**page_fields(self))


class PageRecords(PageContent):
    """The records of one page plus where they came from (the output of `parse`)."""

    source: Source

    @classmethod
    def of(cls, content: PageContent, source: Source) -> PageRecords:
        return cls(**page_fields(content), source=source)


def page_fields(page: PageContent) -> dict[str, Any]:
    """A page's records by field name, the values shared as they are (immutable, so a
    document built on them, or taken apart into them, copies nothing)."""
    return {name: getattr(page, name) for name in PageContent.model_fields}


class HttpValidators(Record):
    """What is remembered of one URL between runs, for conditional requests."""

    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    served_at: dt.datetime | None = Field(
        default=None,
        description="When the origin made the stored copy (its Date less its Age): a response "
        "with other content made before it is a stale copy.",
    )


class FetchState(Record):
    schema_version: int = 1
    parser: str | None = Field(
        default=None,
        description="Fingerprint of the parser that read these pages (see parser_fingerprint).",
    )
    urls: dict[str, HttpValidators] = Field(default_factory=dict)
    pending: dict[str, str] = Field(
        default_factory=dict,
        description="With --confirm next-run: per page, the SHA-256 of the records it showed "
        "once, published when a run sees them again.",
    )
    schemas: str | None = Field(
        default=None,
        description="Digest of the code the JSON Schemas in schema/ were generated from and of "
        "those files as written: they are generated again only when it no longer matches.",
    )


class Conflict(Record):
    """The status table and the history say different things about one field."""

    field: str
    status_table: JsonValue
    history: JsonValue
    announcement: dt.date = Field(description="The history section that says otherwise.")


class PlatformEntry(Record):
    """How one platform calls a model, and the status that platform's own page gives it."""

    ids: tuple[str, ...] = Field(description="The ids the model is called by on the platform.")
    status: Status | None = Field(
        description="The status the platform's page shows; null where it shows none."
    )
    status_text: str | None = Field(default=None, description="That status as written.")
    page_url: str = Field(description="The page that lists the model on the platform.")


class CanonicalModel(Record):
    model: str
    status: Status
    deprecated_on: dt.date | None
    retires_on: dt.date | None
    retires_on_qualifier: Qualifier | None
    replacement: str | None
    announced_on: dt.date | None = Field(description="Date of the deprecation announcement.")
    retired_on: dt.date | None = Field(description="From the history's 'were retired' note.")
    sources: dict[str, str] = Field(
        description="Where each value came from: 'status_table' or 'history:<announced_on>'."
    )
    conflicts: tuple[Conflict, ...] = ()
    aliases: tuple[str, ...] = Field(
        default=(), description="Claude API aliases that point to this model (models overview)."
    )
    platforms: dict[Platform, PlatformEntry] = Field(
        default_factory=dict,
        description="Per platform, the ids the model goes by there and that platform's status.",
    )


class ModelIndex(Record):
    """snapshots/models.json: the canonical record of every model the page has listed."""

    schema_version: int = SCHEMA_VERSION
    reference_locale: str = REFERENCE_LOCALE
    scope_note: str | None = Field(
        default=None,
        description="The deprecations page's statement of which platforms its dates apply to "
        "(Anthropic-operated ones); partner platforms set their own, see `platforms`.",
    )
    platform_notes: dict[Platform, str] = Field(
        default_factory=dict,
        description="Each platform page's own words on whose lifecycle dates apply there.",
    )
    models: tuple[CanonicalModel, ...]
    source: PageVersion | None = Field(
        default=None, description="The English page version the index was joined from."
    )
    run: RunStamp | None = Field(default=None, description="The run that last changed the index.")

    def same_content(self, other: ModelIndex | None) -> bool:
        """The same records, whatever page version or run they are stamped with."""
        return other is not None and self.model_dump(exclude={"source", "run"}) == other.model_dump(
            exclude={"source", "run"}
        )


class ListedModel(Record):
    """One row of a platform page's model table: the model as that platform names it."""

    name: str = Field(description="The model's name as written, without its status mark.")
    id: str = Field(description="The id the platform calls it by (backticks and `\\@` undone).")
    status: Status | None = Field(description="The page's status mark; null where it shows none.")
    status_text: str | None = Field(description="The mark as written, e.g. 'Deprecated.'.")
    columns: dict[str, str] = Field(
        description="The row's other cells by column header (inference-profile prefixes, "
        "hosting, access...)."
    )


class ComparedModel(Record):
    """One column of the models overview's comparison tables."""

    name: str
    api_id: str
    alias: str | None
    bedrock_id: str | None = Field(description="AWS Bedrock ID, footnote marks removed.")
    vertex_id: str | None = Field(description="Google Cloud (Vertex AI) ID.")


class RelatedPageContent(Record):
    """What one related page (models overview, a platform page) says about model ids."""

    schema_version: int = SCHEMA_VERSION
    page: str = Field(description="The page's name in sources.RELATED_PAGES.")
    title: str | None
    lifecycle_note: str | None = Field(
        description="The page's own words on whose lifecycle dates apply to it."
    )
    models: tuple[ListedModel, ...] = Field(description="A platform page's model table.")
    compared: tuple[ComparedModel, ...] = Field(description="The overview's comparison tables.")


def to_jsonable(value: BaseModel | Any) -> Any:
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def dumps(value: BaseModel | Any) -> str:
    """Deterministic, readable UTF-8 JSON: sorted keys (their order carries no meaning), lists
    in page order, trailing newline; through the JSON sink (`json_text`)."""
    document = json.dumps(to_jsonable(value), indent=2, ensure_ascii=False, sort_keys=True)
    return json_text(document) + "\n"
