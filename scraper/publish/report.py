"""What a run tells the people and scripts around it: the console summary, and the files of
`run --report-dir DIR` that the GitHub workflow reads (so page text never passes through a
shell command line):

    commit-message.txt   only when something changed: a summary line, a blank line, details
    summary.md           always: Markdown for the job summary
    problem-title.txt    only when the run exits 3 or 4: a stable one-line issue title
    problem.md           only when the run exits 3 or 4: the issue body
    events.json          always: the events of this run (`notify` tells a chat from them)

Each is written for where it lands, through its sink (`scraper.sinks`): the commit message
for git and GitHub (no `fixes #1`, no mention), the summary in Markdown, the issue body as
GitHub issue text, the console's lines for a terminal (and a CI log).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from scraper.fetch.pages import FailedPage
from scraper.publish.entries import without_dates_told_by_status
from scraper.publish.wording import describe_locales, wording
from scraper.records import REFERENCE_LOCALE, dumps
from scraper.sinks import COMMIT, GITHUB, MARKDOWN, TERMINAL, TextStyle
from scraper.track.events import EVENTS, Event
from scraper.track.guard import Rejection

SUBJECT_LIMIT = 72


class RunOutcome(Protocol):
    """What a run did, as far as its report tells (`pipeline.RunOutcome` is one)."""

    @property
    def events(self) -> tuple[Event, ...]: ...
    @property
    def failed(self) -> tuple[FailedPage, ...]: ...
    @property
    def rejected(self) -> tuple[Rejection, ...]: ...
    @property
    def notes(self) -> tuple[str, ...]: ...


def _short(event: Event, style: TextStyle) -> str:
    """A few words for a commit subject: "claude-3-5-haiku-20241022 deprecated"."""
    model = style.text(event.model or "")
    match event.type:
        case "status_changed":
            return f"{model} {style.text(str(event.after))}"
        case "model_added":
            return f"{model} added"
        case "model_removed":
            return f"{model} removed"
        case "retirement_date_changed":
            return f"{model} retires {style.text(str(event.after))}"
        case "deprecation_date_changed":
            return f"{model} deprecated {style.text(str(event.after))}"
        case "replacement_changed":
            return f"{model} replacement {style.text(str(event.after))}"
        case "announcement_added":
            return f"announcement {event.announcement}"
        case "baseline_recorded":
            return f"baseline {event.locales[0]}"
    return event.type.replace("_", " ")


def commit_subject(events: Sequence[Event], style: TextStyle = COMMIT) -> str:
    """`3 changes: claude-3-5-haiku-20241022 deprecated, …`, within SUBJECT_LIMIT."""
    shown = without_dates_told_by_status(events)
    phrases = list(dict.fromkeys(_short(event, style) for event in shown))
    count = len(shown)
    subject = f"{count} change{'' if count == 1 else 's'}: "
    listed = ""
    for index, phrase in enumerate(phrases):
        candidate = listed + (", " if listed else "") + phrase
        more = ", …" if index + 1 < len(phrases) else ""
        if len(subject + candidate + more) > SUBJECT_LIMIT and listed:
            return subject + listed + ", …"
        listed = candidate
    return subject + listed


def _changes(
    events: Sequence[Event], style: TextStyle, emphasis: str = "", item: str = "- "
) -> list[str]:
    """A line per change, `en, zh-TW: what changed` (a drift sentence names its languages
    itself), and beneath it, indented, the details the changelog shows (an announcement's
    models)."""
    w = wording(REFERENCE_LOCALE, style)
    lines = []
    for event in without_dates_told_by_status(events):
        told = w.headline(event)
        if event.type != "locale_drift":
            told = f"{emphasis}{describe_locales(event.locales)}{emphasis}: {told}"
        lines.append(item + told)
        lines.extend(f"  - {detail}" for detail in w.details(event))
    return lines


def changes_message(events: Sequence[Event], style: TextStyle) -> str:
    """The subject, a blank line and a line per change: the commit message, and the chat
    message of `notify`, each in its own style."""
    return "\n".join([commit_subject(events, style), "", *_changes(events, style)]) + "\n"


def commit_message(events: Sequence[Event]) -> str:
    return changes_message(events, COMMIT)


def problem_title(result: RunOutcome) -> str | None:
    """Stable while the same problem lasts, so the workflow updates one issue, not many."""
    if result.rejected:
        locales = ", ".join(sorted({r.locale for r in result.rejected}))
        return f"Page layout changed: {locales}"
    if result.failed:
        locales = ", ".join(sorted(f.locale for f in result.failed))
        return f"Fetch failed: {locales}"
    return None


def problem_body(result: RunOutcome, style: TextStyle = GITHUB) -> str:
    """What went wrong, for the issue the workflow opens (GitHub issue text: no mention or
    reference from the page) or the job summary (`MARKDOWN`)."""
    lines = []
    if result.rejected:
        lines += [
            "The tracker rejected these pages; their previous snapshots are unchanged and "
            "nothing was published for them:",
            "",
            *(f"- `{r.locale}`: {r.check} check: {style.text(r.detail)}" for r in result.rejected),
            "",
            "If the page really changed this way, update the parser or run with `--accept-shrink`.",
            "",
        ]
    if result.failed:
        lines += [
            "These languages could not be fetched; their snapshots are unchanged:",
            "",
            *(f"- `{f.locale}`: {style.text(f.reason)}" for f in result.failed),
            "",
        ]
    return "\n".join(lines)


def summary_markdown(result: RunOutcome) -> str:
    lines = ["## Claude model deprecations", ""]
    if result.events:
        lines += [
            f"**{commit_subject(result.events, MARKDOWN)}**",
            "",
            *_changes(result.events, MARKDOWN, "**"),
            "",
        ]
    else:
        lines += ["No changes.", ""]
    if result.notes:
        lines += [*(f"- {MARKDOWN.text(note)}" for note in result.notes), ""]
    problem = problem_body(result, MARKDOWN)
    if problem:
        lines += ["### Problems", "", problem]
    return "\n".join(lines).rstrip("\n") + "\n"


def summary_lines(result: RunOutcome) -> list[str]:
    """What the run changed, for stdout: a line per change and the summary line, or "no
    changes". Problems are diagnostics: the run command prints them on stderr."""
    lines = _changes(result.events, TERMINAL, item="")
    if result.events:
        lines.append(commit_subject(result.events, TERMINAL))
    elif not (result.rejected or result.failed):
        lines.append("no changes")
    return lines


ReportFiles = dict[str, str | None]
"""File name → text for the report directory; None: a file of an earlier run to remove."""
_OCCASIONAL = ("commit-message.txt", "problem-title.txt", "problem.md")


def report_files(result: RunOutcome) -> ReportFiles:
    """The files of `run --report-dir DIR` (see the module docstring)."""
    files: ReportFiles = dict.fromkeys(_OCCASIONAL)
    files["summary.md"] = summary_markdown(result)
    files["events.json"] = dumps(EVENTS.dump_python(list(result.events), mode="json"))
    if result.events:
        files["commit-message.txt"] = commit_message(result.events)
    title = problem_title(result)
    if title is not None:
        files["problem-title.txt"] = title + "\n"
        files["problem.md"] = problem_body(result)
    return files


def failure_report_files(message: str) -> ReportFiles:
    """The report of a run that stopped before doing anything (exit 5): its summary only."""
    text = f"## Claude model deprecations\n\nThe run stopped: {MARKDOWN.text(message)}\n"
    return {**dict.fromkeys((*_OCCASIONAL, "events.json")), "summary.md": text}
