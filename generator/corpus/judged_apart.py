"""`factcheck validate` on every core: the claims read and judged in forked processes.

What one claim's checks need (the sources, and the layout of the folder) is read and
judged here first, and the processes inherit it. What compares claims with each other is
done here afterwards, in file order, by the same code as `validate.validate_loaded`:
related claims and the newsroom's files, claimants written out in several claims, tags
only one claim uses, translations, and the closest passage of each quote not found (one
budget serves them all). So the report is the same for any number of processes.

No corpus is kept (`Report.corpus` is None): nothing is rendered from this report, and
handing 10,000 validated claims back from the processes would cost more than it saves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.anchor import AnchoredSource
from generator.corpus.forking import forked_map, forking_available
from generator.corpus.gc_pause import gc_paused
from generator.corpus.models import Claim, ClaimantType, SourceDoc
from generator.corpus.newsroom import check_newsroom
from generator.corpus.read import (
    LoadedFile,
    LoadResult,
    list_content,
    load_file,
    load_listed,
    unreadable,
)
from generator.corpus.validate import (
    DeferredQuote,
    Editions,
    Report,
    citation_count,
    new_checker,
)
from generator.errors import Problem, sorted_problems

__all__ = ["CLAIMS_APART", "validate_apart"]

CLAIMS_APART = 400
"""Fewer claims than this are judged in this process: forking would cost more."""


@dataclass(frozen=True, slots=True)
class _Links:
    """What the checks across claims read of a claim (`models.ClaimLinks`): only this
    comes back from the processes."""

    draft: bool
    tags: Sequence[str]
    translations: Mapping[str, str]
    authors: Sequence[str]
    editor: str | None
    claimant: str
    claimant_type: ClaimantType | None
    related: Sequence[str]

    @classmethod
    def of(cls, claim: Claim) -> _Links:
        return cls(**{field.name: getattr(claim, field.name) for field in dataclasses.fields(cls)})


@dataclass(frozen=True)
class _Judged:
    """One claim judged in a process, as the checks across claims need it."""

    file: LoadedFile
    """Its file, with positions but without data (`Located.portable`)."""
    draft: bool
    links: _Links | None
    """None when it failed the schema."""


@dataclass
class _Share:
    """What reading and judging some of the claims found (`_judge_share`)."""

    problems: list[Problem]
    judged: list[_Judged]
    """Each claim whose file name is an id that no earlier file took."""
    deferred: list[DeferredQuote]
    """Quotes not found, whose closest passage is sought afterwards."""
    unreadable: tuple[Path, ...]
    read: int
    """Claim files read and parsed."""
    citations: int


@dataclass(frozen=True)
class _Against:
    """What every share of the claims is judged against; the processes inherit it."""

    sources: dict[str, SourceDoc]
    anchored: dict[str, AnchoredSource]
    broken_sources: set[str]
    cued: dict[str, SourceDoc]
    reported_at: set[tuple[Path, int, int]]


_AGAINST: _Against | None = None
"""Set while claims are judged (`_judged`)."""


def validate_apart(content_dir: Path, *, editions: Editions | None = None, jobs: int = 1) -> Report:
    """The problems and counts `pipeline.validate_content` reports for `content_dir`, the
    claims read and judged in `jobs` forked processes; `corpus` is None."""
    with gc_paused():
        return _validate_apart(content_dir, editions, jobs)


def _validate_apart(content_dir: Path, editions: Editions | None, jobs: int) -> Report:
    listing = list_content(content_dir)
    problems = list(listing.problems)
    claim_paths = tuple(path for kind, path in listing.paths if kind == "claim")
    others = load_listed(
        ((kind, path) for kind, path in listing.paths if kind != "claim"), load_file, problems
    )
    read_problems = tuple(problems)
    checker = new_checker(problems, read_problems, editions)
    sources = checker.sources([f for f in others if f.kind == "source"])
    anchored = checker.anchored(sources)
    against = _Against(sources, anchored, checker.broken_sources, checker.cued, checker.reported_at)
    shares = _judged(claim_paths, against, jobs)
    for share in shares:
        problems.extend(share.problems)
    judged = [claim for share in shares for claim in share.judged]
    files = {claim.file.path: claim.file for claim in judged}
    for claim in judged:
        checker.claim_drafts[claim.file.stem] = claim.draft
    for quote in (quote for share in shares for quote in share.deferred):
        checker.placed_deferred(quote, files[quote.path], anchored[quote.source_id])
    tagged = [(claim.file, claim.links) for claim in judged if claim.links is not None]
    checker.across_claims(tagged)
    rest = LoadResult(tuple(others), read_problems, content_dir=listing.content_dir)
    check_newsroom(checker, rest, tagged, checker.claim_drafts)
    kept_out = {*unreadable(read_problems, others)}
    kept_out.update(path for share in shares for path in share.unreadable)
    return Report(
        None,
        tuple(sorted_problems(checker.problems)),
        sum(share.read for share in shares) + _in_folder(kept_out, "claims"),
        sum(1 for f in others if f.kind == "source") + _in_folder(kept_out, "sources"),
        sum(share.citations for share in shares),
    )


def _in_folder(paths: set[Path], folder: str) -> int:
    return sum(1 for path in paths if path.parent.name == folder)


def _judged(paths: tuple[Path, ...], against: _Against, jobs: int) -> list[_Share]:
    """The claims at `paths` read and judged in shares, in `jobs` forked processes when
    there are enough of them to be worth it. Two files of one id (`a.yaml`, `a.yml`) are
    judged in this process: which keeps the id depends on which could be read."""
    global _AGAINST
    _AGAINST = against
    try:
        one_id_twice = len({path.stem for path in paths}) < len(paths)
        if jobs <= 1 or len(paths) < CLAIMS_APART or one_id_twice or not forking_available():
            return [_judge_share(list(paths))]
        return forked_map(_judge_share, _shares(paths, jobs), jobs)
    finally:
        _AGAINST = None


def _shares(paths: Sequence[Path], jobs: int) -> list[list[Path]]:
    """`paths` in runs of consecutive files, several per process (one that drew slow
    files takes fewer)."""
    size = max(1, min(256, len(paths) // (jobs * 8)))
    return [list(paths[start : start + size]) for start in range(0, len(paths), size)]


def _judge_share(paths: list[Path]) -> _Share:
    """Read and judge the claims at `paths` against `_AGAINST`."""
    against = _AGAINST
    assert against is not None, "only called by _judged"
    problems: list[Problem] = []
    files = load_listed((("claim", path) for path in paths), load_file, problems)
    checker = new_checker(problems, problems, None)
    checker.reported_at |= against.reported_at
    checker.broken_sources = against.broken_sources
    checker.cued = against.cued
    checker.deferred = []
    unique = checker.unique_ids(files, "claim")
    _, tagged = checker.judge_claims(unique, against.sources, against.anchored)
    passed = {file.path: claim for file, claim in tagged}
    return _Share(
        problems=problems,
        judged=[_judged_claim(file, passed.get(file.path)) for file in unique],
        deferred=checker.deferred,
        unreadable=unreadable(problems, files),
        read=len(files),
        citations=sum(citation_count(file) for file in files),
    )


def _judged_claim(file: LoadedFile, claim: Claim | None) -> _Judged:
    return _Judged(
        dataclasses.replace(file, located=file.located.portable()),
        file.located.data.get("draft") is True,
        _Links.of(claim) if claim is not None else None,
    )
