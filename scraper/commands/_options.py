"""Options and option types the commands share: bounded, validated, with one error style.

Light on purpose (click and the standard library only at import time): every command imports
it, including the ones that must start fast.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from scraper.answers.window import Window, parse_day, parse_window
from scraper.errors import DeprecationsError, InputError
from scraper.fetch.sources import (
    LOCALES,
    MAX_PAGE_BYTES,
    RELATED_BY_NAME,
    canonical_locale,
    read_at_most,
)
from scraper.sinks import safe_url, terminal_text

if TYPE_CHECKING:
    from click.decorators import FC
    from click.shell_completion import CompletionItem

_BINARY_PROBE = 8192  # a NUL byte this early: a binary file (git's own test)


def fail(error: DeprecationsError, prefix: str = "") -> NoReturn:
    """One line on stderr and the error's exit code."""
    click.echo(terminal_text(f"error: {prefix}{error}"), err=True)
    raise SystemExit(error.exit_code)


def read_input(name: str) -> bytes:
    """A file, or stdin for `-`, capped like a download (a 50 MB page would take minutes)."""
    label = "stdin" if name == "-" else name
    try:
        if name == "-":
            body = read_at_most(sys.stdin.buffer)
        else:
            with Path(name).open("rb") as file:
                body = read_at_most(file)
    except FileNotFoundError:
        fail(InputError(f"{label}: no such file"))
    except IsADirectoryError:
        fail(InputError(f"{label}: is a directory, not a file"))
    except OSError as error:
        fail(InputError(f"{label}: cannot read it ({error.strerror or error})"))
    if body is None:
        fail(
            InputError(
                f"{label}: larger than {MAX_PAGE_BYTES // 1_000_000} MB, the page size limit"
            )
        )
    if b"\0" in body[:_BINARY_PROBE]:
        fail(InputError(f"{label}: a binary file, not text"))
    return body


def today_utc() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


class DateType(click.ParamType[dt.date]):
    """An ISO date (YYYY-MM-DD) between EARLIEST_DATE and the calendar's last day."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return parse_day(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class WindowType(click.ParamType[Window]):
    """A time window: 90d, 12w, 3m, 1y or a number of days (at most 100 years)."""

    name = "WINDOW"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Window):
            return value
        try:
            return parse_window(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)


class LocaleType(click.ParamType[str]):
    """One of the docs' languages, in any spelling (zh_tw, ZH-TW, pt-br...)."""

    name = "LOCALE"

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        from click.shell_completion import CompletionItem

        typed = incomplete.lower().replace("_", "-")
        return [CompletionItem(locale) for locale in LOCALES if locale.lower().startswith(typed)]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        locale = canonical_locale(str(value))
        if locale is None:
            self.fail(f"{value!r} is not a docs language (one of {', '.join(LOCALES)})", param, ctx)
        return locale


class LocalesType(click.ParamType[tuple[str, ...]]):
    """A comma-separated list of docs languages, without repeats; with `related`, the names
    of related pages (`models-overview`, `claude-on-vertex-ai`...) are accepted too."""

    name = "L1,L2"

    def __init__(self, *, related: bool = False) -> None:
        self.related = related

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        """The name being typed after the last comma, the ones before it kept."""
        from click.shell_completion import CompletionItem

        done, comma, typed = incomplete.rpartition(",")
        before = done + comma
        chosen = {item.strip() for item in done.split(",")}
        names = [*LOCALES, *(RELATED_BY_NAME if self.related else ())]
        return [
            CompletionItem(before + name)
            for name in names
            if name.lower().startswith(typed.lower().replace("_", "-")) and name not in chosen
        ]

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, tuple):
            return value
        items = [item.strip() for item in str(value).split(",") if item.strip()]
        if not items:
            self.fail("name at least one language", param, ctx)
        chosen = [
            item
            if self.related and item in RELATED_BY_NAME
            else LocaleType().convert(item, param, ctx)
            for item in items
        ]
        return tuple(dict.fromkeys(chosen))


class UrlType(click.ParamType[str]):
    """An http(s) URL."""

    name = "URL"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        url = safe_url(str(value))  # http(s), a host, nothing a request cannot carry
        if url is None:
            self.fail(f"{value!r} is not an http(s) URL", param, ctx)
        return url


def data_options(function: FC) -> FC:
    """`--snapshots DIR` and `--data URL`: where a command that reads models.json finds it
    (`scraper.answers.data.load`; neither: ./snapshots, else the installed package's copy)."""
    function = click.option(
        "--data",
        "data_url",
        type=UrlType(),
        help="Read models.json from this URL (any fork's published copy); cached, and "
        "without network the cached (else packaged) copy is used.",
    )(function)
    return click.option(
        "--snapshots",
        type=click.Path(file_okay=False, path_type=Path),
        help="Read models.json from this snapshots directory (default: ./snapshots when it "
        "holds one, else the copy in the installed package).",
    )(function)


snapshots_option = click.option(
    "--snapshots",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("snapshots"),
    show_default=True,
    help="Directory of the snapshots and published files.",
)


def format_option(choices: Sequence[str], default: str, describe: str) -> Callable[[FC], FC]:
    """`--format`, into `output_format`: how a command prints what it found."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=True,
        help=describe,
    )


table_format_option = format_option(
    ("table", "json"), "table", "A table for people, or JSON for scripts."
)

as_of_option = click.option(
    "--as-of",
    type=DateType(),
    help="Count days and read statuses as on this date (default: today, UTC).",
)

status_locale_option = click.option(
    "--locale",
    type=LocaleType(),
    help="Show statuses in this language's own words (e.g. zh-TW).",
)
