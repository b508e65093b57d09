"""`factcheck diff`: the claim and source changes of a pull request, as Markdown for reviewers.

One section per changed claim, added first, then modified, then removed, each
group sorted by id; inside a claim the status (old label -> new label), the
summary, the citations and reported figures whose quotes were added or removed
(with their source ids), stance changes, new corrections entries, and the
names of any other fields that changed. Then one section per changed source, in
the same order: its title, the front-matter fields that changed, the paragraphs
of its text that were edited, added or removed, and the claims that quote it.
Text from the files is escaped so it shows literally in a GitHub comment or job
summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.commands import DOCUMENTED_COMMAND
from generator.corpus.history import (
    ChangeKind,
    ClaimChange,
    FileChange,
    ListChange,
    QuoteItem,
    Side,
    changed_figures,
    status_of,
)
from generator.corpus.scale import Status, verdict
from generator.corpus.source_changes import SourceChange, quoted_by

NOTHING_CHANGED = "No claim or source changed."
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
"""What can start inline markup mid-line (`$` is GitHub's maths); the text never starts a line."""
_REFERENCE = re.compile(r"([@#])(?=\w)")


def render_diff(
    changes: Sequence[ClaimChange],
    ref: str,
    sources: Sequence[SourceChange] = (),
    current: Side | None = None,
) -> str:
    """The whole Markdown report: the claims' sections, then the sources' (with the claims
    of `current` that quote each)."""
    lines = [f"## Changes since {code(ref)}", ""]
    if not changes and not sources:
        lines.append(NOTHING_CHANGED)
        return "\n".join(lines) + "\n"
    counts = [
        _counts([c.kind for c in changes], "claim"),
        _counts([s.kind for s in sources], "source"),
    ]
    lines += [" ".join(count for count in counts if count), ""]
    for change in changes:
        lines += _claim_section(change)
    for source in sources:
        lines += _source_section(source, current)
    return "\n".join(lines).rstrip("\n") + "\n"


def _counts(kinds: list[ChangeKind], noun: str) -> str:
    """`2 claims changed: 1 added, 1 modified.`, or "" when none did."""
    if not kinds:
        return ""
    by_kind = [f"{kinds.count(kind)} {kind}" for kind in ChangeKind if kind in kinds]
    plural = noun if len(kinds) == 1 else f"{noun}s"
    return f"{len(kinds)} {plural} changed: {', '.join(by_kind)}."


def _heading(change: FileChange, noun: str, title_key: str) -> list[str]:
    """A changed file's heading, its title in bold, and a line if it cannot be read."""
    data = change.old if change.kind is ChangeKind.REMOVED else change.new
    lines = [f"### {change.kind.value.capitalize()} {noun}: {code(change.id)}", ""]
    title = data.get(title_key)
    if isinstance(title, str) and title.strip():
        lines += [f"**{text(title)}**", ""]
    unreadable = [
        label
        for label, side in (("before", change.base), ("now", change.current))
        if side is not None and side.loaded is None
    ]
    if unreadable:
        lines.append(
            f"- The file cannot be read ({' and '.join(unreadable)}); run `{DOCUMENTED_COMMAND} validate`."
        )
    return lines


def _source_section(change: SourceChange, current: Side | None) -> list[str]:
    data = change.old if change.kind is ChangeKind.REMOVED else change.new
    lines = _heading(change, "source", "title")
    if change.kind is ChangeKind.ADDED:
        lines += [f"- {label}: {value(data.get(key))}" for key, label in _DESCRIBED]
        lines.append(f"- Text: {_paragraph_count(change)}")
    elif change.kind is ChangeKind.MODIFIED:
        lines += [
            f"- {key.capitalize()}: {value(before)} -> {value(after)}"
            for key, before, after in change.fields()
            if key != "corrections"  # the log: its entries, below
        ]
        lines += _text_lines(change)
        lines += _corrections(change)
    quoting = quoted_by(change.id, current) if current is not None else []
    if quoting:
        still = " (still)" if change.kind is ChangeKind.REMOVED else ""
        lines.append(f"- Quoted by{still}: {', '.join(code(c) for c in quoting)}")
    lines.append("")
    return lines


_DESCRIBED = (("outlet", "Outlet"), ("published", "Published"), ("url", "Address"))
"""The front-matter fields an added source's section gives, with their labels."""


def _paragraph_count(change: SourceChange) -> str:
    loaded = change.current.loaded if change.current is not None else None
    count = len(loaded.paragraphs) if loaded is not None else 0
    return f"{count} paragraph" + ("" if count == 1 else "s")


def _text_lines(change: SourceChange) -> list[str]:
    """`- Text: paragraphs 2, 3 edited; paragraph 7 added; ...` for a modified source."""
    diff = change.text()
    if not diff:
        return []
    parts = [
        _numbered(numbers, what)
        for numbers, what in (
            (diff.edited, "edited"),
            (diff.added, "added"),
            (diff.removed, "removed (numbered as before)"),
        )
        if numbers
    ]
    return [f"- Text: {'; '.join(parts)}"]


def _numbered(numbers: tuple[int, ...], what: str) -> str:
    noun = "paragraph" if len(numbers) == 1 else "paragraphs"
    return f"{noun} {', '.join(str(n) for n in numbers)} {what}"


def _claim_section(change: ClaimChange) -> list[str]:
    lines = _heading(change, "claim", "question")
    if (
        change.kind is ChangeKind.MODIFIED
        and change.current is not None
        and change.current.loaded is None
    ):
        return [*lines, ""]  # no fields now: comparing them would read as if all were removed
    lines += _status(change)
    lines += _summary(change)
    lines += _quotes("Citations", change.citations)
    lines += _quotes("Reported figures", change.reported)
    figures = changed_figures(change) if change.kind is ChangeKind.MODIFIED else []
    if figures and not change.reported:
        lines.append("- Reported figures:")
    lines += [
        f"  - figure of {code(str(after.get('source')))} {_quoted(str(after.get('quote')))}: "
        f"{value(before.get('value'))} {value(before.get('unit'))} -> {value(after.get('value'))} {value(after.get('unit'))}"
        for before, after in figures
    ]
    lines += _corrections(change)
    if change.kind is ChangeKind.MODIFIED:
        others = change.other_fields()
        if others:
            lines.append(f"- Also changed: {', '.join(others)}")
    lines.append("")
    return lines


def _corrections(change: FileChange) -> list[str]:
    """New entries of a claim's or a source's corrections log; and past entries edited or
    removed, which the log should never see."""
    if change.kind is ChangeKind.REMOVED:
        return []
    before = _entries(change.old) if change.kind is ChangeKind.MODIFIED else []
    after = _entries(change.new)
    added = [entry for entry in after if entry not in before]
    gone = [entry for entry in before if entry not in after]
    lines = []
    if added:
        lines += ["- New corrections:", *(f"  - {_correction(c)}" for c in added)]
    if gone:
        lines += ["- Past corrections edited or removed (the log is a public record):"]
        lines += [f"  - was {_correction(c)}" for c in gone]
    return lines


def _entries(data: dict[str, Any]) -> list[dict[str, Any]]:
    entries = data.get("corrections")
    return (
        [e if isinstance(e, dict) else {"note": e} for e in entries]
        if isinstance(entries, list)
        else []
    )


def _status(change: ClaimChange) -> list[str]:
    old, new = status_of(change.old), status_of(change.new)
    if change.kind is ChangeKind.ADDED:
        return [f"- Status: {label(new)}"]
    if change.kind is ChangeKind.REMOVED:
        return [f"- Status: {label(old)} (claim removed)"]
    if old != new:
        return [f"- Status: {label(old)} -> {label(new)}"]
    return [f"- Status: {label(new)} (unchanged)"]


def _summary(change: ClaimChange) -> list[str]:
    old, new = change.old.get("summary"), change.new.get("summary")
    if change.kind is ChangeKind.ADDED:
        return [f"- Summary: {value(new)}"]
    if change.kind is ChangeKind.REMOVED or old == new:
        return []
    return ["- Summary:", f"  - before: {value(old)}", f"  - after: {value(new)}"]


def _quotes(title: str, change: ListChange) -> list[str]:
    if not change:
        return []
    lines = [f"- {title}:"]
    lines += [f"  - added {_quote(item)}" for item in change.added]
    lines += [f"  - removed {_quote(item)}" for item in change.removed]
    lines += [
        f"  - stance of {code(old.source)} {_quoted(old.quote)}: {text(old.stance or '')} -> {text(new.stance or '')}"
        for old, new in change.restanced
    ]
    return lines


def _quote(item: QuoteItem) -> str:
    stance = f" ({text(item.stance)})" if item.stance else ""
    return f"{code(item.source)}{stance}: {_quoted(item.quote)}"


def _quoted(quote: str) -> str:
    return f"“{text(quote)}”"


def _correction(entry: dict[str, Any]) -> str:
    date, note = entry.get("date"), entry.get("note")
    return f"{text(str(date)) if date is not None else '(no date)'}: {value(note)}"


def label(status: str | None) -> str:
    """The readers' label of a status, or the raw value marked as invalid."""
    if status is None:
        return "(none)"
    if status in {s.value for s in Status}:
        return verdict(status).label
    return f"{code(status)} (not a valid status)"


def value(raw: object) -> str:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "(empty)"
    return text(str(raw))


def text(raw: str) -> str:
    """One line of literal text: whitespace collapsed, Markdown punctuation escaped, and no
    GitHub reference: a word joiner (U+2060, invisible) after `@` and `#` keeps `@user` from
    notifying anyone and `#12` from linking an issue when the report is posted."""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(raw.split()))
    return _REFERENCE.sub("\\1\u2060", escaped)


def code(raw: str) -> str:
    """An id or revision as inline code (escaped text if it holds a backtick or line break)."""
    if not raw or "`" in raw or not raw.isprintable():  # line breaks, CR, controls
        return text(raw) or "(empty)"
    return f"`{raw}`"
