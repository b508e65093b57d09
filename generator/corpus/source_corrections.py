"""The public log of changes to a source's text: its dates, and the rule `--base` enforces.

A published source's text is what readers check our quotes against, and what the
fingerprint on its page (SHA-256 of `api/sources/<id>.txt`) is taken of, so it changes
in public, as a claim does:

* `log_problems` (every validation): the source's `corrections` entries are dated no
  later than tomorrow, oldest first, and none before the copy was `retrieved`.
* `source_edit_problems` (`validate --base REF`): for each source that was published
  at REF (not a draft, and its front matter valid there), a text that differs from
  REF's by a single character needs a new `corrections` entry, or it is an error at
  the front matter; past entries must stay as they were (the log is append-only); the
  source may not be removed, renamed or made a draft.

A typo fix is a change like any other, and readers are told of it, but its entry says
`typo: true`: the page lists it as a typo fixed in our copy. Such an entry covers a
slip of ours in copying, not a change of the text: the paragraphs stay as they were
and, in all, at most `TYPO_WORDS` words per `typo: true` entry are replaced, added or
removed (`changed_words`). A larger change needs an entry without `typo: true`.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.corpus.dates import is_date
from generator.corpus.models import SourceMeta
from generator.corpus.read import LoadedFile, load_content
from generator.corpus.yamlload import Path_
from generator.errors import Problem

TYPO_WORDS = 5
"""Words a `typo: true` entry may account for (replaced, added or removed)."""
ENTRY_TEMPLATE = (
    "under `corrections:` add `- date: YYYY-MM-DD` and, below `date`, `note: what changed and why`"
    " (and `typo: true` when it only fixes a slip in copying the text)"
)
"""How the fix is spelled in messages (one line)."""


# -- every validation -----------------------------------------------------------------


def log_problems(file: LoadedFile, today: dt.date) -> list[Problem]:
    """The dates of the source's corrections log: none after tomorrow, oldest first, none
    before the copy was retrieved. Entries whose date the schema refuses are left to it."""
    data = file.located.data
    entries = data.get("corrections")
    dated = [
        (index, entry["date"])
        for index, entry in enumerate(entries if isinstance(entries, list) else [])
        if isinstance(entry, dict) and is_date(entry.get("date"))
    ]
    retrieved = data.get("retrieved")
    problems = []
    latest: dt.date | None = None
    for index, date in dated:
        path = ("corrections", index, "date")
        if date > today + dt.timedelta(days=1):  # a day's grace, as for every date
            problems.append(_at(file, path, f"correction date {date} is in the future"))
        if is_date(retrieved) and date < retrieved:
            problems.append(
                _at(
                    file,
                    path,
                    f"correction dated {date}, before this copy was retrieved ({retrieved}); "
                    "a correction of our copy comes after it was taken",
                )
            )
        if latest is not None and date < latest:
            problems.append(
                _at(
                    file,
                    path,
                    f"correction dated {date} comes after one dated {latest}; list corrections oldest first",
                )
            )
        latest = max(date, latest or date)
    return problems


# -- validate --base ------------------------------------------------------------------


@dataclass(frozen=True)
class _Sources:
    """The sources of one side of the comparison, by id."""

    files: dict[str, LoadedFile]
    """Those that parse."""
    present: frozenset[str]
    """The ids of every source file there, parsed or not."""


def source_edit_problems(base_dir: Path, content_dir: Path, ref: str) -> list[Problem]:
    """An error for each source published at `ref` (read from its copy in `base_dir`)
    whose text in `content_dir` changed without a new corrections entry, whose past
    entries were edited or removed, that a `typo: true` entry claims for more than a typo,
    or that was removed, renamed or made a draft."""
    base, current = _sources(base_dir), _sources(content_dir)
    problems = _gone(base, current, content_dir, ref)
    for source_id, old in sorted(base.files.items()):
        new = current.files.get(source_id)
        if new is None or not _published(old):
            continue
        problems += _edits(old, new, ref)
    return problems


def _sources(folder: Path) -> _Sources:
    loaded = load_content(folder) if (folder / "sources").is_dir() else None
    if loaded is None:
        return _Sources({}, frozenset())
    files = {f.stem: f for f in loaded.files if f.kind == "source"}
    unreadable = {p.stem for p in loaded.unreadable if p.parent.name == "sources"}
    return _Sources(files, frozenset(files) | unreadable)


def _published(file: LoadedFile) -> bool:
    """Whether the source was on the site: not a draft, with valid front matter and a text."""
    data = file.located.data
    if data.get("draft") is True or not file.body.strip():
        return False
    try:
        SourceMeta.model_validate(data)
    except ValidationError:
        return False
    return True


def _gone(base: _Sources, current: _Sources, content_dir: Path, ref: str) -> list[Problem]:
    """An error for each source published at `ref` whose file is no longer there."""
    added_bodies = {
        file.body: source_id
        for source_id, file in sorted(current.files.items())
        if source_id not in base.present
    }
    problems = []
    for source_id, old in sorted(base.files.items()):
        if source_id in current.present or not _published(old):
            continue
        renamed = added_bodies.get(old.body)
        how = f"renamed to {renamed!r}" if renamed else "removed"
        problems.append(
            Problem(
                content_dir / "sources" / old.path.name,
                1,
                1,
                f"the published source {source_id!r} was {how} since {ref}; its id is its address, "
                "where the claims quoting it link and its fingerprint is checked, so keep the file"
                + (" under its old name" if renamed else ""),
            )
        )
    return problems


def _edits(old: LoadedFile, new: LoadedFile, ref: str) -> list[Problem]:
    """The problems of one source published at `ref` that is still there."""
    if new.located.data.get("draft") is True:
        return [
            _at(
                new,
                ("draft",),
                f"the source was published at {ref} and is now a draft, which takes its page off "
                "the site; keep it published",
            )
        ]
    old_log, new_log = _entries(old), _entries(new)
    problems = _rewritten(new, old_log, new_log, ref)
    if old.body == new.body:
        return problems
    added = new_log[len(old_log) :]
    if not added:
        return [*problems, _unlogged(old, new, ref)]
    if all(entry.get("typo") is True for entry in added):
        problems += _more_than_typos(old, new, len(old_log), len(added), ref)
    return problems


def _entries(file: LoadedFile) -> list[Any]:
    entries = file.located.data.get("corrections")
    return entries if isinstance(entries, list) else []


def _rewritten(new: LoadedFile, old_log: list[Any], new_log: list[Any], ref: str) -> list[Problem]:
    """Past entries are a public record: each of the base's must still be there, unchanged
    and in its place (new entries go after them)."""
    problems = []
    for index, entry in enumerate(old_log):
        if index < len(new_log) and new_log[index] == entry:
            continue
        dated = f" (dated {entry['date']})" if isinstance(entry, dict) and "date" in entry else ""
        path: Path_ = ("corrections", index) if index < len(new_log) else ("corrections",)
        what = "edited" if index < len(new_log) else "removed"
        problems.append(
            _at(
                new,
                path,
                f"corrections entry {index + 1}{dated} was {what} since {ref}; past corrections "
                f"are a public record: restore it as it was at {ref} and add a new entry after it "
                "to say what changed",
                key=what == "removed",
            )
        )
    return problems


def _unlogged(old: LoadedFile, new: LoadedFile, ref: str) -> Problem:
    where = _first_difference(old, new)
    at = ("corrections",) if ("corrections",) in new.located.keys else ()
    return _at(
        new,
        at,
        f"the text changed since {ref} ({where}) but corrections has no new entry: "
        f"{ENTRY_TEMPLATE}; readers see it on the source's page and in the feed",
        key=True,
    )


def _first_difference(old: LoadedFile, new: LoadedFile) -> str:
    """Where the text first differs: `paragraph 3, line 14`."""
    old_texts, new_texts = _paragraph_texts(old), _paragraph_texts(new)
    for index, (before, after) in enumerate(zip(old_texts, new_texts, strict=False)):
        if before != after:
            return f"paragraph {index + 1}, line {new.paragraphs[index].line}"
    if len(new_texts) > len(old_texts):
        index = len(old_texts)
        return f"paragraph {index + 1}, line {new.paragraphs[index].line}, added"
    if len(new_texts) < len(old_texts):
        return f"paragraph {len(new_texts) + 1} removed"
    return "spacing between paragraphs"


def _more_than_typos(
    old: LoadedFile, new: LoadedFile, first_new: int, entries: int, ref: str
) -> list[Problem]:
    """An error when `typo: true` entries claim a change that is more than a typo."""
    words = changed_words(_paragraph_texts(old), _paragraph_texts(new))
    allowed = TYPO_WORDS * entries
    if words is not None and words <= allowed:
        return []
    found = (
        "the paragraphs changed"
        if words is None
        else f"{words} words were replaced, added or removed"
    )
    return [
        _at(
            new,
            ("corrections", first_new, "typo"),
            f"this entry says `typo: true`, but since {ref} {found} (a typo fix keeps the "
            f"paragraphs and changes at most {TYPO_WORDS} words per entry): remove `typo: true`, "
            "so that readers are told the text changed",
        )
    ]


def changed_words(old: Sequence[str], new: Sequence[str]) -> int | None:
    """How many words of a text, given as its paragraphs, were replaced, added or removed
    (the larger side of each change counts); None when paragraphs were added, removed,
    split or joined."""
    if len(old) != len(new):
        return None
    return sum(_words_changed(a, b) for a, b in zip(old, new, strict=True) if a != b)


def _words_changed(old: str, new: str) -> int:
    matcher = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return sum(
        max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    )


def _paragraph_texts(file: LoadedFile) -> list[str]:
    return [file.body[p.start : p.end] for p in file.paragraphs]


def _at(file: LoadedFile, path: Path_, message: str, *, key: bool = False) -> Problem:
    pos = file.located.position(path, key=key)
    return Problem(file.path, pos.line, pos.col, message)
