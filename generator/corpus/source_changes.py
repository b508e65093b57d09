"""What changed in the sources since a git revision, for the reviewer (`factcheck diff`).

Sources are paired by id between the two sides `history.claims_at` and
`history.current_claims` read. A source is modified when its front matter or its
text differs; the text is compared paragraph by paragraph, so that a reviewer
is told which paragraphs to read again (every quote from them is checked again
by `factcheck validate`), and which claims quote the source.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.corpus.history import ChangeKind, ContentFile, FileChange, Side

FRONT_MATTER_ORDER = (
    "title",
    "outlet",
    "author",
    "published",
    "url",
    "retrieved",
    "language",
    "note",
    "draft",
)
"""The order in which changed fields are listed (others follow, by name)."""


@dataclass(frozen=True)
class TextChange:
    """How a source's paragraphs changed, numbered as they are now (removed ones as they were)."""

    edited: tuple[int, ...]
    """Paragraphs whose text changed."""
    added: tuple[int, ...]
    """Paragraphs that are new."""
    removed: tuple[int, ...]
    """Paragraphs that are gone, numbered as at the base."""

    def __bool__(self) -> bool:
        return bool(self.edited or self.added or self.removed)


@dataclass(frozen=True)
class SourceChange(FileChange):
    """How one source differs between the base and the current content (`old` and `new`:
    its front matter)."""

    def fields(self) -> list[tuple[str, object, object]]:
        """(key, before, now) for each front-matter key that changed, in the usual order."""
        keys = set(self.old) | set(self.new)
        ordered = [k for k in FRONT_MATTER_ORDER if k in keys]
        ordered += sorted((str(k) for k in keys if k not in FRONT_MATTER_ORDER), key=str)
        return [
            (k, self.old.get(k), self.new.get(k))
            for k in ordered
            if self.old.get(k) != self.new.get(k)
        ]

    def text(self) -> TextChange:
        """Which paragraphs changed between the two sides."""
        before, after = paragraphs(self.base), paragraphs(self.current)
        edited: list[int] = []
        added: list[int] = []
        removed: list[int] = []
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "replace":
                pairs = _pair(before[i1:i2], after[j1:j2])
                edited += [j1 + j + 1 for _, j in pairs]
                paired_old, paired_new = {i for i, _ in pairs}, {j for _, j in pairs}
                added += [j1 + j + 1 for j in range(j2 - j1) if j not in paired_new]
                removed += [i1 + i + 1 for i in range(i2 - i1) if i not in paired_old]
            elif tag == "insert":
                added += range(j1 + 1, j2 + 1)
            elif tag == "delete":
                removed += range(i1 + 1, i2 + 1)
        return TextChange(tuple(edited), tuple(added), tuple(removed))


EDITED_LIKENESS = 0.5
"""How alike an old and a new paragraph must be to count as one paragraph, edited."""
MAX_COMPARED = 2_500
"""Most pairs of paragraphs compared within one changed stretch (50 by 50)."""


def _pair(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """(old index, new index) of the paragraphs of a changed stretch that are edits of each
    other, in order: each new paragraph is paired with the likest old one after the last
    pair, when they are alike enough; the others were added or removed."""
    if len(old) * len(new) > MAX_COMPARED:  # a rewrite: pair them by position
        return [(i, i) for i in range(min(len(old), len(new)))]
    pairs: list[tuple[int, int]] = []
    start = 0
    for j, text in enumerate(new):
        likeness = [
            (difflib.SequenceMatcher(a=old[i], b=text, autojunk=False).ratio(), i)
            for i in range(start, len(old))
        ]
        best = max(likeness, key=lambda pair: (pair[0], -pair[1]), default=(0.0, -1))
        if best[0] >= EDITED_LIKENESS:
            pairs.append((best[1], j))
            start = best[1] + 1
    return pairs


def paragraphs(side: ContentFile | None) -> list[str]:
    """A source's paragraphs, each with its spacing made uniform (empty if unreadable)."""
    if side is None or side.loaded is None:
        return []
    body = side.loaded.body
    return [" ".join(body[p.start : p.end].split()) for p in side.loaded.paragraphs]


def compare_sources(base: Side, current: Side) -> list[SourceChange]:
    """Every source added, removed or modified (front matter or text), by kind then id."""
    changes: list[SourceChange] = []
    for source_id in sorted(set(base.sources) | set(current.sources)):
        old, new = base.sources.get(source_id), current.sources.get(source_id)
        if old is None:
            changes.append(SourceChange(source_id, ChangeKind.ADDED, None, new))
        elif new is None:
            changes.append(SourceChange(source_id, ChangeKind.REMOVED, old, None))
        elif old.data != new.data or paragraphs(old) != paragraphs(new):
            changes.append(SourceChange(source_id, ChangeKind.MODIFIED, old, new))
    order = list(ChangeKind)
    return sorted(changes, key=lambda c: (order.index(c.kind), c.id))


def quoted_by(source_id: str, side: Side) -> list[str]:
    """Ids of the claims of `side` that cite, report from, date by or appear in `source_id`."""
    found = []
    for claim_id, claim in sorted(side.claims.items()):
        data = claim.data or {}
        named = [data.get("appears_in")] + [
            data.get(f) for f in ("citations", "reported", "timeline")
        ]
        ids = {
            item.get("source") if isinstance(item, dict) else item
            for listed in named
            if isinstance(listed, list)
            for item in listed
        }
        if source_id in ids:
            found.append(claim_id)
    return found
