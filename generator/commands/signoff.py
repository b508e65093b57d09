"""Editor sign-off: a pull request that changes a published verdict is approved by the
claim's editor.

    verdict_changes(changes, base, current) -> [VerdictChange]
    signoff_section(verdict_changes, ref) -> Markdown for `factcheck diff`
    approval_problems(verdict_changes, reviews, head_sha) -> [Problem]
    check_signoff(request, token) -> SignoffReport                      (`factcheck signoff`)

A verdict changed when a claim that was published at the base (not a draft, valid there)
has another `status` now. The editor who signs off is the claim's `editor` as the pull
request leaves it (another editor may take a claim over), but their GitHub account is
read from their person file *at the base*: a pull request cannot name a new account for
an editor, nor bring in a new person, and approve its own change through them. An editor
with no `github` at the base cannot sign off until a pull request of its own adds it.

A review counts as the editor's approval when it is their latest review that approves or
requests changes (a comment after an approval does not take it back; a dismissal does),
and, given `head_sha`, when it approves that very commit (a push after the approval needs
a new one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.commands.diff import code, label, text
from generator.commands.github_api import GitHubError, Review, pull_request_reviews
from generator.corpus.history import (
    ChangeKind,
    ClaimChange,
    Side,
    claims_at,
    compare,
    current_claims,
    status_of,
    was_published,
)
from generator.corpus.models import GITHUB_HANDLE_PATTERN, SLUG_PATTERN
from generator.errors import Problem

__all__ = [
    "NO_CHANGE",
    "MissingToken",
    "SignoffReport",
    "SignoffRequest",
    "VerdictChange",
    "approval_problems",
    "approved",
    "check_signoff",
    "signoff_section",
    "verdict_changes",
]

_HANDLE = re.compile(GITHUB_HANDLE_PATTERN)
_SLUG = re.compile(SLUG_PATTERN)
NO_CHANGE = "No published claim's verdict changed: no editor needs to sign off."
DECISIVE = frozenset({"APPROVED", "CHANGES_REQUESTED", "DISMISSED"})
"""Review states that replace a reviewer's earlier verdict on the pull request."""


@dataclass(frozen=True)
class VerdictChange:
    """A published claim whose verdict the pull request changes, and who must sign it off."""

    claim_id: str
    path: Path
    """The claim's file."""
    line: int
    """Where its `status` is, for messages."""
    col: int
    old_status: str | None
    new_status: str | None
    editor: str | None
    """The id of the claim's editor (as the pull request leaves it), if it names one."""
    name: str | None
    """The editor's name, from their person file."""
    github: str | None
    """The editor's GitHub account, from their person file at the base only."""


def verdict_changes(
    changes: Sequence[ClaimChange], base: Side, current: Side
) -> list[VerdictChange]:
    """Every published claim whose status changed, with its editor."""
    found = []
    for change in changes:
        if change.kind is not ChangeKind.MODIFIED or not change.status_changed:
            continue
        if not was_published(change) or change.current is None or change.current.loaded is None:
            continue
        editor = change.new.get("editor")
        editor = editor if isinstance(editor, str) and _SLUG.fullmatch(editor) else None
        at_base = base.people.get(editor, {}) if editor else {}
        now = current.people.get(editor, {}) if editor else {}
        pos = change.current.loaded.located.position(("status",))
        found.append(
            VerdictChange(
                change.id,
                change.current.path,
                pos.line,
                pos.col,
                status_of(change.old),
                status_of(change.new),
                editor,
                _text(now.get("name")) or _text(at_base.get("name")),
                _handle(at_base.get("github")),
            )
        )
    return found


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


def _handle(value: Any) -> str | None:
    return value if isinstance(value, str) and _HANDLE.fullmatch(value) else None


# -- the pull request's summary ----------------------------------------------------------


def signoff_section(changes: Sequence[VerdictChange], ref: str) -> str:
    """Markdown naming each changed verdict's editor, for `factcheck diff`; "" for none."""
    if not changes:
        return ""
    noun = "claim" if len(changes) == 1 else "claims"
    lines = [
        "### Editor sign-off",
        "",
        f"The verdict of {len(changes)} published {noun} changed; each claim's editor reviews the change:",
        "",
    ]
    lines += [f"- {_signoff_line(change, ref)}" for change in changes]
    return "\n".join(lines) + "\n"


def _signoff_line(change: VerdictChange, ref: str) -> str:
    verdicts = f"{label(change.old_status)} -> {label(change.new_status)}"
    if change.editor is None:
        return f"{code(change.claim_id)}: {verdicts}. The claim names no editor."
    who = f"**{text(change.name)}** ({code(change.editor)})" if change.name else code(change.editor)
    if change.github is None:
        return (
            f"{code(change.claim_id)}: {verdicts}. Editor: {who}, who has no GitHub account "
            f"on record at {code(ref)}."
        )
    return (
        f"{code(change.claim_id)}: {verdicts}. Editor: {who}, GitHub {code('@' + change.github)}."
    )


# -- the check ---------------------------------------------------------------------------


def approved(reviews: Sequence[Review]) -> Mapping[str, Review]:
    """Each reviewer's standing verdict, by lowercased login: their latest review that
    approved, requested changes or was dismissed (reviews come oldest first)."""
    standing: dict[str, Review] = {}
    for review in reviews:
        if review.login is not None and review.state in DECISIVE:
            standing[review.login.lower()] = review
    return standing


def approval_problems(
    changes: Sequence[VerdictChange], reviews: Sequence[Review], head_sha: str | None, ref: str
) -> list[Problem]:
    """An error, at the claim's status, for each changed verdict its editor has not approved."""
    standing = approved(reviews)
    problems = []
    for change in changes:
        message = _missing_approval(
            change, standing.get((change.github or "").lower()), head_sha, ref
        )
        if message:
            problems.append(Problem(change.path, change.line, change.col, message))
    return problems


def _missing_approval(
    change: VerdictChange, review: Review | None, head_sha: str | None, ref: str
) -> str | None:
    verdicts = f"the verdict changed ({label(change.old_status)} -> {label(change.new_status)})"
    if change.editor is None:
        return f"{verdicts}, and the claim names no editor to approve it: add `editor: person-id`"
    if change.github is None:
        return (
            f"{verdicts}, and its editor {change.editor!r} has no `github` account in their person "
            f"file at {ref}: add it in a pull request of its own, then run this check again"
        )
    who = f"its editor, {change.name or change.editor} (@{change.github})"
    if review is None or review.state != "APPROVED":
        state = (
            "" if review is None else f" (their review: {review.state.lower().replace('_', ' ')})"
        )
        return f"{verdicts}; {who}, has not approved this pull request{state}"
    if head_sha and review.commit_id != head_sha:
        return (
            f"{verdicts}; {who}, approved an earlier commit ({(review.commit_id or '?')[:12]}), "
            "not the pull request's latest: ask for a new approval"
        )
    return None


def report_lines(changes: Sequence[VerdictChange], problems: Sequence[Problem]) -> list[str]:
    """What `factcheck signoff` prints: each problem, then one line per approved change."""
    failed = {problem.path for problem in problems}
    lines = [problem.format() for problem in problems]
    lines += [
        f"{change.claim_id}: the verdict change is approved by its editor, @{change.github}"
        for change in changes
        if change.path not in failed
    ]
    return lines


# -- the whole check, for `factcheck signoff` ---------------------------------------------


class MissingToken(Exception):
    """A verdict changed, so GitHub must be asked, but no token was given."""


@dataclass(frozen=True)
class SignoffRequest:
    """Which pull request to check, against which base, through which API."""

    content_dir: Path
    base: str
    """The pull request's base revision, e.g. `origin/main`."""
    repository: str
    """`owner/name` on GitHub."""
    number: int
    """The pull request's number."""
    head_sha: str | None
    """Its latest commit: an approval of an earlier one does not count."""
    api_url: str
    """GitHub's REST API (or a server that answers as it does)."""


@dataclass(frozen=True)
class SignoffReport:
    """What the check found: the lines to print, the Markdown for the run's summary, and
    whether an approval is missing. `error` is set when GitHub could not be read (then
    `summary` still names the editors)."""

    lines: list[str]
    summary: str
    failed: bool
    error: GitHubError | None = None


def check_signoff(request: SignoffRequest, token: str) -> SignoffReport:
    """Compare the content with its base and, when a published verdict changed, read the
    pull request's reviews from GitHub with `token` (raises MissingToken when it is
    empty); asks GitHub nothing when no verdict changed."""
    before, now = claims_at(request.base, request.content_dir), current_claims(request.content_dir)
    changes = verdict_changes(compare(before, now), before, now)
    if not changes:
        return SignoffReport([NO_CHANGE], NO_CHANGE, failed=False)
    if not token:
        raise MissingToken
    section = signoff_section(changes, request.base)
    try:
        reviews = pull_request_reviews(request.api_url, request.repository, request.number, token)
    except GitHubError as error:
        return SignoffReport([], section, failed=True, error=error)
    problems = approval_problems(changes, reviews, request.head_sha, request.base)
    lines = report_lines(changes, problems)
    summary = section + "\n" + "\n".join(f"    {line}" for line in lines)
    return SignoffReport(lines, summary, failed=bool(problems))
