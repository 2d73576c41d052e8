"""Claude API ids as names: `claude-opus-4-1-20250805` is Claude Opus 4.1 of 2025-08-05.

An id is read into a `Name` (family, version, date) however it is spelled: the version before
or after the family (`claude-3-5-haiku`, `claude-haiku-3-5`), dotted or hyphenated (`4.1`,
`4-1`), glued (`claude-opus4-5`, `claude-opus-41`), with a date (`-20250805`) or none, or
`-latest`. Two spellings name the same model when their names are equal; `spelling_steps` says
how one spelling differs from another, in the words an answer shows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

# -- names people call a model by --------------------------------------------------------------

_VERSION = r"(?P<major>\d+)(?:[-.](?P<minor>\d{1,2}))?"
_SUFFIX = r"(?:-\d{8}|-latest)?"
_NAME_PATTERNS = (
    re.compile(rf"^claude-{_VERSION}-(?P<family>[a-z]+){_SUFFIX}$"),  # claude-3-5-haiku-20241022
    re.compile(rf"^claude-(?P<family>[a-z]+)-{_VERSION}{_SUFFIX}$"),  # claude-opus-4-1-20250805
    re.compile(r"^claude-(?P<major>\d+)\.(?P<minor>\d+)$"),  # claude-2.1
)
# A model named in words only, without a version (claude-mythos-preview: Claude Mythos Preview).
_WORDS_ONLY = re.compile(r"^claude(?:-[a-z]+)+$")
_DATED = re.compile(r"^(?P<name>.+)-(?P<date>\d{8})$")
Family = Literal["opus", "sonnet", "haiku", "other"]
FAMILIES: tuple[Family, ...] = ("opus", "sonnet", "haiku", "other")
_FAMILY = re.compile(r"(?:^|[^a-z])(opus|sonnet|haiku)(?:$|[^a-z])")


def model_name(model_id: str) -> str:
    """The name people call a model by: `Claude Opus 4.1` for `claude-opus-4-1-20250805`.

    The page names models this way in its headings and prose in every language ("Claude Haiku
    3.5 模型"), family before version since Claude 3; the ids put the version first up to
    Claude 3.7 and last after it; an id of words only is those words (`Claude Mythos
    Preview`). An id that follows none of these keeps its id as its name.
    """
    if _WORDS_ONLY.match(model_id):
        return " ".join(word.capitalize() for word in model_id.split("-"))
    for pattern in _NAME_PATTERNS:
        match = pattern.match(model_id)
        if match is None:
            continue
        parts = match.groupdict()
        version = parts["major"] + (f".{parts['minor']}" if parts["minor"] is not None else "")
        family = parts.get("family")
        return f"Claude {family.capitalize()} {version}" if family else f"Claude {version}"
    return model_id


def family_of(model_id: str) -> Family:
    """Opus, Sonnet or Haiku when the id names one as a word (claude-3-5-haiku-…), else other."""
    match = _FAMILY.search(model_id.lower())
    if match is None:
        return "other"
    found: Family = "opus" if match[1] == "opus" else "sonnet" if match[1] == "sonnet" else "haiku"
    return found


def is_date(text: str) -> bool:
    """`YYYYMMDD` that is a real day."""
    try:
        dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return False
    return len(text) == 8 and text.isdigit()


def dated_name(model_id: str) -> str | None:
    """The name of a dated id without its date: `claude-opus-4-20250514` → `claude-opus-4`."""
    match = _DATED.match(model_id)
    return match["name"] if match else None


# -- ids read as names ---------------------------------------------------------------------------

Order = Literal["version first", "family first", "no family"]
Separator = Literal["-", ".", "glued"]
# A version: `4`, `4-1`, `4.1`, or two digits glued (`41`: no Claude has had a two-digit number).
_READ_VERSION = (
    r"(?:(?P<major>\d)(?:(?P<sep>[-.])(?P<minor>\d{1,2}))?|(?P<gmajor>\d)(?P<gminor>\d))"
)
_TAIL = r"(?:-(?P<date>\d{8}))?(?P<latest>-latest)?$"
_FAMILY_WORD = r"(?P<family>[a-z]{2,})"  # `v` alone is a version mark (`claude-v2`)
_READ_PATTERNS: tuple[tuple[Order, re.Pattern[str]], ...] = (
    ("version first", re.compile(rf"^claude-{_READ_VERSION}-{_FAMILY_WORD}{_TAIL}")),
    ("family first", re.compile(rf"^claude-{_FAMILY_WORD}(?P<glue>-?){_READ_VERSION}{_TAIL}")),
    ("no family", re.compile(rf"^claude-{_READ_VERSION}{_TAIL}")),
)


@dataclass(frozen=True, slots=True)
class Name:
    """A model id read as a name, and how it was spelled."""

    family: str | None  # opus, sonnet, haiku, instant, ...; None for `claude-2.1`
    major: int
    minor: int | None
    date: str | None  # YYYYMMDD
    latest: bool  # `-latest`: the newest model of that name
    order: Order
    separator: Separator | None  # between major and minor; None without a minor
    glued_family: bool  # `claude-opus4-5`

    def is_spelling_of(self, page: Name) -> bool:
        """This written name and the page's id name the same family and version (dates aside).

        `x.0` written is the page's bare `x` (the API's `claude-opus-4-0` is Claude Opus 4);
        a bare `x` is never the page's `x.0` (`claude-2` named both Claude 2 models).
        """
        if (self.family, self.major) != (page.family, page.major):
            return False
        return self.minor == page.minor or (self.minor == 0 and page.minor is None)


def read_name(text: str) -> Name | None:
    """`text` (lower case, no platform syntax) read as a name; None when it is none."""
    for order, pattern in _READ_PATTERNS:
        match = pattern.match(text)
        if match is None or (match["date"] is not None and not is_date(match["date"])):
            continue
        glued = match["gmajor"] is not None
        major = match["gmajor"] if glued else match["major"]
        minor = match["gminor"] if glued else match["minor"]
        separator: Separator | None = "glued" if glued else "." if match["sep"] == "." else "-"
        return Name(
            family=match.groupdict().get("family"),
            major=int(major),
            minor=int(minor) if minor is not None else None,
            date=match["date"],
            latest=match["latest"] is not None,
            order=order,
            separator=separator if minor is not None else None,
            glued_family=order == "family first" and match["glue"] == "",
        )
    return None


def spelling_steps(written: Name, page: Name) -> tuple[str, ...]:
    """How `written` spells the name otherwise than the page's id does, as answer steps."""
    steps = []
    if written.order != page.order and "no family" not in (written.order, page.order):
        steps.append(f"{written.order.replace(' first', '')} before {_other(written.order)}")
    if written.glued_family:
        steps.append("version glued to the family")
    if written.separator is not None and written.separator != (page.separator or "-"):
        steps.append(
            {"-": "hyphenated version", ".": "dotted version", "glued": "version digits glued"}[
                written.separator
            ]
        )
    return tuple(steps)


def _other(order: Order) -> str:
    return "family" if order == "version first" else "version"
