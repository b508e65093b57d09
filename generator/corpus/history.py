"""Compare the content with a git revision: what changed, and whether corrections were logged.

`read_claims_at(ref, content_dir)` copies the `claims/`, `sources/` and `people/`
folders of the content as they were at `ref` (via `git ls-tree` and `git cat-file`, never
touching the work tree or the index) into a temporary folder and reads them
with `read.load_content`, so the base is parsed exactly as the current content
is. Only what parses is compared: a base whose content is missing or invalid
is tolerated: a claim that could not be read at the base, or that fails the
claim schema there (so it could not have been published), is not judged.

`compare` pairs claims by id and describes each change; `correction_problems`
turns changes that readers must be told about into validation errors:

* the `status` changed, or
* a quote changed: a citation or reported figure whose (source, quote) pair
  was added, removed or edited; the quote is compared after the same
  normalisation the validator uses to find it (typography and spacing do not
  count), and reordering does not count,

and the claim does not have more `corrections` entries than at the base. A
changed `summary` (compared the same way as quotes) with no new entry is a
warning, not an error: readers see the summary, and a change to what it says is
logged like any other, but a tool cannot tell that from a fix of its spelling or
wording, which needs no entry, so the reviewer decides. A claim that was a draft
at the base was never published, so it needs no correction; neither does a new
claim. The corrections log is append-only: an
entry that was at the base must still be there, unchanged and in its place.

The texts of published sources are held to the same rule, with their own corrections
log: `source_corrections.source_edit_problems` judges them from the same copy of the
base (`content_at`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import ValidationError

from generator.corpus.models import Claim
from generator.corpus.normalize import normalise_quote
from generator.corpus.read import CLAIM_SUFFIXES, SOURCE_SUFFIXES, LoadedFile, load_content
from generator.corpus.source_corrections import source_edit_problems
from generator.corpus.validate import Report
from generator.errors import FactcheckError, Problem, Severity, sorted_problems

NOTE_PLACEHOLDER = "what changed and why"
"""The note a fix suggests writing, in the contributor's own words."""


class RevisionError(FactcheckError):
    """`--base` names no usable revision; a usage error (exit 2), shown without a traceback."""

    exit_code = 2


# -- reading a revision -----------------------------------------------------------------


@dataclass(frozen=True)
class ContentFile:
    """A claim or source file on one side of the comparison."""

    id: str
    """The file stem."""
    path: Path
    """Where it is (for the base: its path in the current content folder)."""
    loaded: LoadedFile | None
    """The parsed file, or None when it could not be read (syntax error, not a mapping...)."""

    @property
    def data(self) -> dict[str, Any] | None:
        """Its YAML: a claim, or a source's front matter."""
        return dict(self.loaded.located.data) if self.loaded is not None else None


@dataclass(frozen=True)
class Side:
    """The claims and sources of one side, by id, and its people."""

    label: str
    """How the side is named in messages: the revision as given, or `working tree`."""
    claims: Mapping[str, ContentFile]
    sources: Mapping[str, ContentFile] = dataclasses.field(default_factory=dict)
    people: Mapping[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    """What each person file that parses says, by id (`content/people/`)."""


def current_claims(content_dir: Path, files: Sequence[LoadedFile] | None = None) -> Side:
    """The claims, sources and people in the content folder as they are on disk (`files`:
    the folder, already read)."""
    return _side("working tree", content_dir, content_dir, files)


def claims_at(ref: str, content_dir: Path) -> Side:
    """The claims, sources and people of `content_dir` as they were at git revision `ref`."""
    with content_at(ref, content_dir) as copy:
        return _side(ref, copy, content_dir)


@contextlib.contextmanager
def content_at(ref: str, content_dir: Path) -> Iterator[Path]:
    """A temporary copy of the claims and sources of `content_dir` as they were at `ref`."""
    repo, prefix = _locate(content_dir)
    commit = _resolve(repo, ref)
    with tempfile.TemporaryDirectory(prefix="factcheck-base-") as tmp:
        copy = Path(tmp) / "content"
        _export(repo, commit, prefix, copy)
        yield copy


def _side(
    label: str, folder: Path, shown_as: Path, read: Sequence[LoadedFile] | None = None
) -> Side:
    """One side read from `folder` (`read`: what reading it gave, when already read)."""
    if read is None:
        read = load_content_quietly(folder)
    claims, sources = _files_of(folder, shown_as, read)
    return Side(label, claims, sources, _people_of(read))


def _people_of(files: Sequence[LoadedFile]) -> dict[str, dict[str, Any]]:
    return {f.stem: dict(f.located.data) for f in files if f.kind == "person"}


def _files_of(
    folder: Path, shown_as: Path, read: Sequence[LoadedFile]
) -> tuple[dict[str, ContentFile], dict[str, ContentFile]]:
    """(claims, sources) below `folder` (`read`: what reading it gave), with paths
    rewritten to lie below `shown_as`."""
    loaded: dict[tuple[str, str], LoadedFile] = {(file.kind, file.path.name): file for file in read}
    found: list[dict[str, ContentFile]] = []
    for kind, suffixes in (("claim", CLAIM_SUFFIXES), ("source", SOURCE_SUFFIXES)):
        by_id: dict[str, ContentFile] = {}
        kind_dir = folder / f"{kind}s"
        for path in sorted(kind_dir.iterdir()) if kind_dir.is_dir() else []:
            if path.name.startswith(".") or path.suffix not in suffixes or not path.is_file():
                continue
            if path.stem in by_id:
                continue  # x.yaml and x.yml: validate reports the duplicate; compare the first
            file = loaded.get((kind, path.name))
            shown = shown_as / f"{kind}s" / path.name
            if file is not None:
                file = dataclasses.replace(file, path=shown)
            by_id[path.stem] = ContentFile(path.stem, shown, file)
        found.append(by_id)
    return found[0], found[1]


def load_content_quietly(folder: Path) -> tuple[LoadedFile, ...]:
    """Every file of `folder` that parses; problems are validate's business, not ours."""
    return load_content(folder).files


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "--literal-pathspecs", "-C", str(repo), *args],
            input=stdin,
            capture_output=True,
            check=False,
        )
    except FileNotFoundError as exc:
        raise RevisionError("--base needs git, and git is not installed (or not on PATH)") from exc


def _locate(content_dir: Path) -> tuple[Path, PurePosixPath]:
    """The repository's top folder, and the content folder's path inside it."""
    absolute = content_dir.resolve()
    probe = absolute
    while not probe.is_dir() and probe != probe.parent:
        probe = probe.parent
    done = _git(probe, "rev-parse", "--show-toplevel")
    if done.returncode != 0:
        detail = _first_line(done.stderr)
        raise RevisionError(
            f"--base compares with a git revision, but {content_dir} is not inside a git repository"
            + (f" ({detail})" if detail and "not a git repository" not in detail else "")
        )
    top = Path(done.stdout.decode("utf-8", "replace").strip()).resolve()
    try:
        relative = absolute.relative_to(top)
    except ValueError as exc:  # pragma: no cover - rev-parse ran inside it
        raise RevisionError(f"{content_dir} is not inside the git repository {top}") from exc
    return top, PurePosixPath(relative.as_posix())


def _resolve(repo: Path, ref: str) -> str:
    if not ref or ref.startswith("-") or any(c in ref for c in "\n\r\0"):
        raise RevisionError(f"--base: {ref!r} is not a git revision")
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}")
    if done.returncode != 0:
        raise RevisionError(
            f"--base: unknown git revision {ref!r}; name a branch, tag or commit that exists here "
            "(fetch it first, e.g. `git fetch origin main`; in GitHub Actions check out with fetch-depth: 0)"
        )
    return done.stdout.decode().strip()


def _export(repo: Path, commit: str, prefix: PurePosixPath, dest: Path) -> None:
    """Write the base's claims/, sources/ and people/ files (regular files only) below `dest`."""
    wanted: list[tuple[str, Path]] = []
    for folder, suffixes in (
        ("claims", CLAIM_SUFFIXES),
        ("sources", SOURCE_SUFFIXES),
        ("people", CLAIM_SUFFIXES),
    ):
        tree = (prefix / folder).as_posix() if str(prefix) != "." else folder
        listing = _git(repo, "ls-tree", "-z", "--full-tree", commit, "--", tree + "/")
        if listing.returncode != 0:
            raise RevisionError(
                f"--base: cannot list {tree}/ at {commit[:12]}: {_first_line(listing.stderr)}"
            )
        (dest / folder).mkdir(parents=True, exist_ok=True)
        for entry in listing.stdout.split(b"\0"):
            if not entry:
                continue
            meta, _, name_bytes = entry.partition(b"\t")
            mode, kind, oid = meta.decode().split()
            name = PurePosixPath(name_bytes.decode("utf-8", "surrogateescape")).name
            if kind != "blob" or mode not in ("100644", "100755"):
                continue  # sub-folders, symbolic links and submodules are not content
            if name.startswith(".") or not name.endswith(suffixes):
                continue
            wanted.append((oid, dest / folder / name))
    if not wanted:
        return
    batch = _git(
        repo, "cat-file", "--batch", stdin="".join(f"{oid}\n" for oid, _ in wanted).encode()
    )
    if batch.returncode != 0:
        raise RevisionError(
            f"--base: cannot read files at {commit[:12]}: {_first_line(batch.stderr)}"
        )
    out = batch.stdout
    pos = 0
    for _oid, target in wanted:
        header_end = out.index(b"\n", pos)
        header = out[pos:header_end].split()
        if len(header) != 3:  # "<oid> missing": not in this (partial) clone
            pos = header_end + 1
            continue
        size = int(header[2])
        start = header_end + 1
        target.write_bytes(out[start : start + size])
        pos = start + size + 1


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else ""


# -- comparing --------------------------------------------------------------------------


class ChangeKind(StrEnum):
    ADDED = "added"
    MODIFIED = "modified"
    REMOVED = "removed"


QuoteKey = tuple[str, str]
"""(source id, normalised quote)."""


@dataclass(frozen=True)
class QuoteItem:
    """A citation or reported figure, reduced to what the comparison needs."""

    source: str
    quote: str
    """As written."""
    stance: str | None
    """A citation's stance; None for a reported figure."""
    index: int
    """Position in its list."""

    @property
    def key(self) -> QuoteKey:
        return (self.source, normalise_quote(self.quote))


@dataclass(frozen=True)
class ListChange:
    """What changed in `citations` or `reported`."""

    added: tuple[QuoteItem, ...]
    """Items of the current list whose (source, quote) the base lacks, in current order."""
    removed: tuple[QuoteItem, ...]
    """Items of the base list the current one lacks, in base order."""
    restanced: tuple[tuple[QuoteItem, QuoteItem], ...]
    """(base, current) pairs with the same quote and another stance."""

    @property
    def quotes_changed(self) -> bool:
        return bool(self.added or self.removed)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.restanced)


@dataclass(frozen=True)
class FileChange:
    """How one claim or source file differs between the base and the current content."""

    id: str
    kind: ChangeKind
    base: ContentFile | None
    current: ContentFile | None

    @property
    def old(self) -> dict[str, Any]:
        """What the file said at the base (empty when added or unreadable)."""
        return (self.base.data if self.base else None) or {}

    @property
    def new(self) -> dict[str, Any]:
        """What the file says now (empty when removed or unreadable)."""
        return (self.current.data if self.current else None) or {}


@dataclass(frozen=True)
class ClaimChange(FileChange):
    """How one claim differs between the base and the current content."""

    @property
    def status_changed(self) -> bool:
        return self.kind is ChangeKind.MODIFIED and status_of(self.old) != status_of(self.new)

    @property
    def summary_changed(self) -> bool:
        """Whether the summary reads differently (typography and spacing aside)."""
        old, new = self.old.get("summary"), self.new.get("summary")
        return self.kind is ChangeKind.MODIFIED and normalise_quote(str(old)) != normalise_quote(
            str(new)
        )

    @property
    def citations(self) -> ListChange:
        return list_change(self.old.get("citations"), self.new.get("citations"))

    @property
    def reported(self) -> ListChange:
        return list_change(self.old.get("reported"), self.new.get("reported"))

    @property
    def new_corrections(self) -> list[dict[str, Any]]:
        """Correction entries beyond the base's count (the log is appended to)."""
        old, new = _as_list(self.old.get("corrections")), _as_list(self.new.get("corrections"))
        return [c if isinstance(c, dict) else {"note": c} for c in new[len(old) :]]

    def other_fields(self) -> list[str]:
        """Top-level keys that changed, besides those described on their own."""
        described = {"status", "summary", "citations", "reported", "corrections"}
        keys = sorted(set(self.old) | set(self.new), key=str)
        changed = [
            str(k) for k in keys if k not in described and self.old.get(k) != self.new.get(k)
        ]
        for field, change in (("citations", self.citations), ("reported", self.reported)):
            explained = field == "reported" and changed_figures(self)
            if not change and not explained and self.old.get(field) != self.new.get(field):
                changed.append(field)
        return changed


def compare(base: Side, current: Side) -> list[ClaimChange]:
    """Every claim that was added, removed or modified (its parsed data differ), by kind then id."""
    changes: list[ClaimChange] = []
    for claim_id in sorted(set(base.claims) | set(current.claims)):
        old, new = base.claims.get(claim_id), current.claims.get(claim_id)
        if old is None:
            changes.append(ClaimChange(claim_id, ChangeKind.ADDED, None, new))
        elif new is None:
            changes.append(ClaimChange(claim_id, ChangeKind.REMOVED, old, None))
        elif old.data != new.data or (old.loaded is None) != (new.loaded is None):
            changes.append(ClaimChange(claim_id, ChangeKind.MODIFIED, old, new))
    order = list(ChangeKind)
    return sorted(changes, key=lambda c: (order.index(c.kind), c.id))


def status_of(data: Mapping[str, Any]) -> str | None:
    """The status as validate reads it (`status: false` is the boolean false in YAML)."""
    status = data.get("status")
    if isinstance(status, bool):
        return str(status).lower()
    return None if status is None else str(status)


def _as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _items(value: object) -> list[QuoteItem]:
    items = []
    for index, item in enumerate(_as_list(value)):
        if not isinstance(item, dict):
            continue
        source, quote, stance = item.get("source"), item.get("quote"), item.get("stance")
        items.append(
            QuoteItem(
                "" if source is None else str(source),
                "" if quote is None else str(quote),
                None if stance is None else str(stance),
                index,
            )
        )
    return items


def list_change(old: object, new: object) -> ListChange:
    """Compare two citation (or reported) lists as multisets of (source, quote)."""
    old_items, new_items = _items(old), _items(new)
    remaining = Counter(i.key for i in old_items)
    added = []
    matched: dict[QuoteKey, list[QuoteItem]] = {}
    for item in new_items:
        if remaining[item.key] > 0:
            remaining[item.key] -= 1
            matched.setdefault(item.key, []).append(item)
        else:
            added.append(item)
    still = Counter(i.key for i in new_items)
    removed = []
    pairs = []
    for item in old_items:
        if still[item.key] > 0:
            still[item.key] -= 1
            partner = matched[item.key].pop(0)
            if item.stance != partner.stance:
                pairs.append((item, partner))
        else:
            removed.append(item)
    return ListChange(tuple(added), tuple(removed), tuple(pairs))


# -- the corrections rule -----------------------------------------------------------------


def with_corrections_check(report: Report, content_dir: Path, ref: str) -> Report:
    """`report` plus a problem for each claim changed since `ref` without a new correction,
    and for each published source whose text did (`source_corrections`)."""
    current = load_content(content_dir)  # each side is read once, for claims and sources
    with content_at(ref, content_dir) as copy:
        at_base = load_content(copy)
        base = _side(ref, copy, content_dir, at_base.files)
    extra = source_edit_problems(at_base, current, content_dir, ref)
    extra += correction_problems(compare(base, current_claims(content_dir, current.files)), ref)
    if not extra:
        return report
    problems = tuple(sorted_problems([*report.problems, *extra]))
    corpus = None if any(p.is_error for p in extra) else report.corpus
    return dataclasses.replace(report, corpus=corpus, problems=problems)


def correction_problems(changes: Sequence[ClaimChange], ref: str) -> list[Problem]:
    """An error for each published claim whose status or quotes changed without a new
    correction, and for each past correction that was edited or removed; a warning for
    each whose summary alone changed without one."""
    problems = _removed_claims(changes, ref)
    for change in changes:
        if change.kind is not ChangeKind.MODIFIED or change.base is None or change.current is None:
            continue
        if change.base.loaded is None or change.current.loaded is None:
            continue  # one side does not parse: nothing reliable to compare
        if change.old.get("draft") is True or not _schema_valid(change.old):
            continue  # never published (a draft, or invalid so it could not be), nothing to correct
        problems += _rewritten_corrections(change, ref)
        if change.new_corrections:
            continue
        what = _what_changed(change)
        if not what:
            if change.summary_changed:
                problems.append(_summary_warning(change, ref))
            continue
        line, col = _position(change)
        problems.append(
            Problem(
                change.current.path,
                line,
                col,
                f"{what} since {ref}, but corrections has no new entry",
                fix=correction_fix(change.new, _today()),
            )
        )
    return problems


def _today() -> dt.date:
    """The day a fix suggests dating the new entry."""
    return dt.date.today()


def correction_fix(data: Mapping[str, Any], today: dt.date) -> str:
    """How to add the missing corrections entry, in the terms of what the claim has now:
    a log with entries, `corrections: []`, `corrections:` with nothing below, or no key."""
    entry = f"`- date: {today}` and `note: {NOTE_PLACEHOLDER}`"
    corrections = data.get("corrections")
    if isinstance(corrections, list) and corrections:
        fix = f"after the last entry under `corrections:`, add {entry}"
    elif corrections == []:
        fix = f"replace `corrections: []` with `corrections:`, then below it add {entry}"
    elif "corrections" in data:
        fix = f"below `corrections:`, add {entry}"
    else:
        fix = f"add `corrections:`, then below it {entry}"
    if data.get("updated") != today:
        fix += f"; set `updated: {today}`"
    return fix


def _summary_warning(change: ClaimChange, ref: str) -> Problem:
    assert change.current is not None and change.current.loaded is not None
    pos = change.current.loaded.located.position(("summary",))
    return Problem(
        change.current.path,
        pos.line,
        pos.col,
        f"summary changed since {ref}, but corrections has no new entry (a fix of its wording needs none)",
        Severity.WARNING,
        fix="if what it says changed, " + correction_fix(change.new, _today()),
    )


def _removed_claims(changes: Sequence[ClaimChange], ref: str) -> list[Problem]:
    """An error for each claim published at `ref` whose file is gone (deleted or renamed) or
    that became a draft: its page, and every link and ClaimReview pointing to it, would
    disappear unnoticed."""
    added = {
        change.new.get("question"): change.id
        for change in changes
        if change.kind is ChangeKind.ADDED and isinstance(change.new.get("question"), str)
    }
    problems = []
    for change in changes:
        if (
            change.kind is ChangeKind.MODIFIED
            and change.base is not None
            and change.current is not None
        ):
            if (
                change.old.get("draft") is not True
                and _schema_valid(change.old)
                and change.new.get("draft") is True
            ):
                problems.append(_unpublished(change, ref))
            continue
        if (
            change.kind is not ChangeKind.REMOVED
            or change.base is None
            or change.base.loaded is None
        ):
            continue
        if change.old.get("draft") is True or not _schema_valid(change.old):
            continue  # never published
        question = change.old.get("question")
        renamed = added.get(question) if isinstance(question, str) else None
        how = f"renamed to {renamed!r}" if renamed else "removed"
        problems.append(
            Problem(
                change.base.path,
                1,
                1,
                f"the published claim {change.id!r} was {how} since {ref}; its id is its address, so keep the file"
                + (" under its old name" if renamed else "")
                + "; to withdraw a fact-check, change its status and add a corrections entry saying why",
            )
        )
    return problems


def _unpublished(change: ClaimChange, ref: str) -> Problem:
    assert change.current is not None
    line, col = _draft_position(change)
    return Problem(
        change.current.path,
        line,
        col,
        f"the claim was published at {ref} and is now a draft, which takes its page off the site; "
        "keep it published, and to withdraw it, change its status and add a corrections entry saying why",
    )


def _draft_position(change: ClaimChange) -> tuple[int, int]:
    assert change.current is not None and change.current.loaded is not None
    position = change.current.loaded.located.position(("draft",))
    return position.line, position.col


def _rewritten_corrections(change: ClaimChange, ref: str) -> list[Problem]:
    """Past corrections are a public record: each entry of the base must still be there,
    unchanged and in its place (new entries go after them)."""
    assert change.current is not None and change.current.loaded is not None
    located = change.current.loaded.located
    old, new = _as_list(change.old.get("corrections")), _as_list(change.new.get("corrections"))
    problems = []
    for index, entry in enumerate(old):
        if index < len(new) and new[index] == entry:
            continue
        dated = f" (dated {entry['date']})" if isinstance(entry, dict) and "date" in entry else ""
        if index < len(new):
            pos = located.position(("corrections", index))
            what = f"corrections entry {index + 1}{dated} was edited since {ref}"
        else:
            pos = located.keys.get(("corrections",)) or located.position(("corrections",))
            what = f"corrections entry {index + 1}{dated} was removed since {ref}"
        problems.append(
            Problem(
                change.current.path,
                pos.line,
                pos.col,
                f"{what}; past corrections are a public record: restore it as it was at {ref} "
                "and add a new entry after it to say what changed",
            )
        )
    return problems


def was_published(change: ClaimChange) -> bool:
    """Whether the claim was published at the base: a claim that was a draft there, or
    that failed the schema (so it could not have been published), was not."""
    return (
        change.base is not None
        and change.base.loaded is not None
        and change.old.get("draft") is not True
        and _schema_valid(change.old)
    )


def _schema_valid(data: dict[str, Any]) -> bool:
    """Whether `data` passes the claim schema, as validate reads it."""
    try:
        Claim.model_validate({**data, "status": status_of(data)} if "status" in data else data)
    except ValidationError:
        return False
    return True


def _what_changed(change: ClaimChange) -> str:
    parts = []
    if change.status_changed:
        parts.append(f"status changed from {status_of(change.old)!r} to {status_of(change.new)!r}")
    counts = []
    added = len(change.citations.added) + len(change.reported.added)
    removed = len(change.citations.removed) + len(change.reported.removed)
    if added:
        counts.append(f"{added} added")
    if removed:
        counts.append(f"{removed} removed")
    if counts:
        parts.append(f"quotes changed ({', '.join(counts)})")
    figures = changed_figures(change)
    if figures:
        parts.append(f"{len(figures)} reported figure{'s' if len(figures) > 1 else ''} changed")
    return " and ".join(parts)


def changed_figures(change: ClaimChange) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(before, after) for each reported figure whose quote stayed but whose value or unit changed."""

    def by_key(data: dict[str, Any]) -> dict[QuoteKey, dict[str, Any]]:
        items = [i for i in _as_list(data.get("reported")) if isinstance(i, dict)]
        return {(str(i.get("source")), normalise_quote(str(i.get("quote")))): i for i in items}

    before, after = by_key(change.old), by_key(change.new)
    return [
        (before[key], after[key])
        for key in before
        if key in after
        and (before[key].get("value"), before[key].get("unit"))
        != (after[key].get("value"), after[key].get("unit"))
    ]


def _position(change: ClaimChange) -> tuple[int, int]:
    """Status line when the status changed; else the first new quote; else the list's key;
    else the changed value (or unit) of a reported figure."""
    assert change.current is not None and change.current.loaded is not None
    located = change.current.loaded.located
    if change.status_changed:
        pos = located.position(("status",))
        return pos.line, pos.col
    for field, listed in (("citations", change.citations), ("reported", change.reported)):
        if listed.added:
            pos = located.position((field, listed.added[0].index, "quote"))
            return pos.line, pos.col
    for field, listed in (("citations", change.citations), ("reported", change.reported)):
        if listed.removed:
            key = located.keys.get((field,)) or located.position((field,))
            return key.line, key.col
    for before, after in changed_figures(change):
        index = next(
            i for i, item in enumerate(_as_list(change.new.get("reported"))) if item is after
        )
        field = "value" if before.get("value") != after.get("value") else "unit"
        pos = located.position(("reported", index, field))
        return pos.line, pos.col
    return 1, 1  # pragma: no cover - something changed, so one of the above holds
