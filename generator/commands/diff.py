"""`factcheck diff`: the claim changes of a pull request, as Markdown for reviewers.

One section per changed claim, added first, then modified, then removed, each
group sorted by id; inside a claim the status (old label -> new label), the
summary, the citations and reported figures whose quotes were added or removed
(with their source ids), stance changes, new corrections entries, and the
names of any other fields that changed. Text from the files is escaped so it
shows literally in a GitHub comment or job summary.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from generator.corpus.history import (
    ChangeKind,
    ClaimChange,
    ListChange,
    QuoteItem,
    changed_figures,
    status_of,
)
from generator.corpus.scale import Status, verdict

NOTHING_CHANGED = "No claim changed."
_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&$])")
"""What can start inline markup mid-line (`$` is GitHub's maths); the text never starts a line."""
_REFERENCE = re.compile(r"([@#])(?=\w)")


def render_diff(changes: Sequence[ClaimChange], ref: str) -> str:
    """The whole Markdown report."""
    lines = [f"## Claim changes since {code(ref)}", ""]
    if not changes:
        lines.append(NOTHING_CHANGED)
        return "\n".join(lines) + "\n"
    counts = [
        f"{sum(1 for c in changes if c.kind is kind)} {kind}"
        for kind in ChangeKind
        if any(c.kind is kind for c in changes)
    ]
    noun = "claim" if len(changes) == 1 else "claims"
    lines += [f"{len(changes)} {noun} changed: {', '.join(counts)}.", ""]
    for change in changes:
        lines += _claim_section(change)
    return "\n".join(lines).rstrip("\n") + "\n"


def _claim_section(change: ClaimChange) -> list[str]:
    data = change.old if change.kind is ChangeKind.REMOVED else change.new
    lines = [f"### {change.kind.value.capitalize()}: {code(change.id)}", ""]
    question = data.get("question")
    if isinstance(question, str) and question.strip():
        lines += [f"**{text(question)}**", ""]
    unreadable = [
        label
        for label, side in (("before", change.base), ("now", change.current))
        if side is not None and side.loaded is None
    ]
    if unreadable:
        lines += [
            f"- The file cannot be read ({' and '.join(unreadable)}); run `factcheck validate`."
        ]
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


def _corrections(change: ClaimChange) -> list[str]:
    """New entries; and past entries edited or removed, which the log should never see."""
    if change.kind is not ChangeKind.MODIFIED:
        new = change.new_corrections
        return ["- New corrections:", *(f"  - {_correction(c)}" for c in new)] if new else []
    before, after = _entries(change.old), _entries(change.new)
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
