"""Stage 2: judge what reading produced (`read.LoadResult`) and anchor every quote.

All problems in all files are collected before anything is decided (as MkDocs'
config validation does), so a contributor sees every mistake in one run.
Validation never reads a file: `pipeline.validate_content` reads, then calls
`validate_loaded` here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.corpus.analysis import ConvertedAnalysis, convert_analysis, finds_nothing
from generator.corpus.anchor import (
    AnchoredSource,
    ComparisonBudget,
    Found,
    Missing,
    ellipsis_hint,
)
from generator.corpus.dates import is_calendar_day, is_date
from generator.corpus.forking import forked_map, forking_available
from generator.corpus.gc_pause import gc_paused
from generator.corpus.languages import SCRIPT_SAMPLE, non_latin_script, same_language
from generator.corpus.models import (
    CLAIM_RECOMMENDED_LENGTH,
    LONG_TEXT_LIMIT,
    MAX_CITATIONS,
    SLUG_PATTERN,
    Anchor,
    Citation,
    Claim,
    ClaimDoc,
    Corpus,
    DatedEvent,
    Reported,
    SourceDoc,
    SourceMeta,
)
from generator.corpus.numbers import says_number
from generator.corpus.read import Listing, LoadedFile, LoadResult, load_file, unreadable
from generator.corpus.schema_messages import did_you_mean, schema_problem
from generator.corpus.slugs import slugify
from generator.corpus.validation_cache import JudgedClaim, JudgedSource, ValidationCache
from generator.corpus.yamlload import Path_
from generator.errors import Problem, Severity, display_path, sorted_problems

_SLUG = re.compile(SLUG_PATTERN)
MAX_PARAGRAPH_CHARACTERS = 20_000
"""Longest source paragraph (news paragraphs are under 3,000): Markdown's inline pass
grows with the square of a paragraph's punctuation, so a crafted one could stall a build."""
RESERVED_IDS = frozenset({"index"})
"""Ids whose page the site itself makes (`claims/index.md`, `sources/index.md`)."""


@dataclass(frozen=True)
class Report:
    """The outcome of validating a content folder."""

    corpus: Corpus | None
    """The validated content, or None when there are errors."""
    problems: tuple[Problem, ...]
    """Every error and warning, sorted by file and line."""
    claims: int
    """How many claim files were found."""
    sources: int
    """How many source files were found."""
    citations: int
    """How many citations the claims make."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


def validate_loaded(loaded: LoadResult, *, cache: ValidationCache | None = None) -> Report:
    """Judge what reading a content folder produced (`read.load_content`); `cache`
    (`factcheck serve`) gives back its verdicts on files that have not changed."""
    with gc_paused():
        return _validate_loaded(loaded, cache)


def _validate_loaded(loaded: LoadResult, cache: ValidationCache | None) -> Report:
    if cache is not None:
        cache.start(_today())
    checker = _Checker(list(loaded.problems), cache)
    claim_files = [f for f in loaded.files if f.kind == "claim"]
    source_files = [f for f in loaded.files if f.kind == "source"]
    checker.broken_sources = {
        p.path.stem for p in loaded.problems if p.path.parent.name == "sources"
    }
    checker.reported_at = {(p.path, p.line, p.col) for p in loaded.problems}
    sources = checker.sources(source_files)
    claims = checker.claims(claim_files, sources)
    if cache is not None:
        cache.forget_unseen(loaded.files)
    problems = tuple(sorted_problems(checker.problems))
    has_errors = any(p.is_error for p in problems)
    citations = sum(_citation_count(f) for f in claim_files)
    corpus = None
    if not has_errors:
        corpus = Corpus(
            claims=tuple(sorted(claims, key=lambda c: c.id)),
            sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
            warnings=tuple(p for p in problems if not p.is_error),
        )
    return Report(corpus, problems, loaded.counted("claim"), loaded.counted("source"), citations)


def validate_listed(listing: Listing, *, jobs: int = 1) -> Report:
    """The problems and counts `validate_loaded` gives for the listed files, for
    `factcheck validate`: no corpus is kept (`corpus` is None), so the analyses' HTML is
    not made, and the claims are read and judged in `jobs` forked processes.

    The sources are read and judged here first, and the processes inherit them. What
    needs all the claims at once is done here afterwards, in the files' order, so that
    the report is the same for any number of processes: the closest passage of each quote
    not found (with one budget, `anchor.ComparisonBudget`) and the tags that only one
    claim uses.
    """
    problems = list(listing.problems)
    source_files = [f for p in listing.sources if (f := load_file(p, "source", problems))]
    checker = _Checker(problems, html=False)
    checker.broken_sources = {p.path.stem for p in problems if p.path.parent.name == "sources"}
    checker.reported_at = {(p.path, p.line, p.col) for p in problems}
    sources = checker.sources(source_files)
    anchored = anchored_sources(sources)
    judged = _judged_apart(listing.claims, sources, anchored, checker.broken_sources, jobs)
    files: dict[Path, LoadedFile] = {}

    def file_of(path: Path) -> LoadedFile:
        if path not in files:
            loaded = load_file(path, "claim", [])
            assert loaded is not None, f"{path} was read before"
            files[path] = loaded
        return files[path]

    for share in judged:
        checker.problems.extend(share.problems)
    for path, where, source_id, quote in (d for share in judged for d in share.deferred):
        checker._anchor(file_of(path), where, source_id, quote, anchored[source_id])
    checker.lone_tags([t for share in judged for t in share.tags], file_of)
    kept_out = unreadable(checker.problems, source_files)
    read_sources = len(source_files) + sum(1 for p in kept_out if p.parent.name == "sources")
    listed_out = unreadable(list(listing.problems), [])  # e.g. a symbolic link in claims/
    read_claims = sum(share.claims for share in judged)
    read_claims += sum(1 for p in listed_out if p.parent.name == "claims")
    return Report(
        None,
        tuple(sorted_problems(checker.problems)),
        read_claims,
        read_sources,
        sum(share.citations for share in judged),
    )


def anchored_sources(sources: dict[str, SourceDoc]) -> dict[str, AnchoredSource]:
    """Each source prepared for its quotes to be found, with one budget for them all."""
    budget = ComparisonBudget()
    return {sid: AnchoredSource(doc.body, doc.paragraphs, budget) for sid, doc in sources.items()}


@dataclass
class _Share:
    """What judging some of the claims found (`_judge_share`)."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    tags: list[tuple[Path, tuple[str, ...]]] = dataclasses.field(default_factory=list)
    """The tags of each claim that passed the schema, for `_Checker.lone_tags`."""
    deferred: list[tuple[Path, Path_, str, str]] = dataclasses.field(default_factory=list)
    """Quotes not found, whose closest passage is looked for afterwards."""
    claims: int = 0
    """Claim files, read or not."""
    citations: int = 0


@dataclass(frozen=True)
class _Judging:
    """What every share of the claims is judged against."""

    sources: dict[str, SourceDoc]
    anchored: dict[str, AnchoredSource]
    broken_sources: set[str]


_JUDGING: _Judging | None = None
"""Set while claims are judged (`_judged_apart`): forked processes inherit it."""
CLAIMS_APART = 400
"""Fewer claims than this are judged in this process: forking would cost more."""


def _judged_apart(
    paths: tuple[Path, ...],
    sources: dict[str, SourceDoc],
    anchored: dict[str, AnchoredSource],
    broken_sources: set[str],
    jobs: int,
) -> list[_Share]:
    """The claims at `paths` judged in shares, in `jobs` forked processes when worth it."""
    global _JUDGING
    for source in anchored.values():
        source.defer_closest = True
    _JUDGING = _Judging(sources, anchored, broken_sources)
    try:
        if jobs <= 1 or len(paths) < CLAIMS_APART or not forking_available():
            return [_judge_share(list(paths))]
        return forked_map(_judge_share, _shares(paths, jobs), jobs)
    finally:
        _JUDGING = None
        for source in anchored.values():
            source.defer_closest = False


def _shares(paths: tuple[Path, ...], jobs: int) -> list[list[Path]]:
    """`paths` in runs of consecutive files (a worker that drew slow files takes fewer),
    never parting files with the same id (the first keeps it: `_Checker._unique_ids`)."""
    size = max(1, min(256, len(paths) // (jobs * 8)))
    shares: list[list[Path]] = []
    for path in paths:
        if shares and (len(shares[-1]) < size or shares[-1][-1].stem == path.stem):
            shares[-1].append(path)
        else:
            shares.append([path])
    return shares


def _judge_share(paths: list[Path]) -> _Share:
    """Read and judge the claims at `paths` (against `_JUDGING`)."""
    assert _JUDGING is not None, "only called by _judged_apart"
    share = _Share()
    files = [f for p in paths if (f := load_file(p, "claim", share.problems))]
    checker = _Checker(share.problems, html=False)
    checker.broken_sources = _JUDGING.broken_sources
    checker.reported_at = {(p.path, p.line, p.col) for p in share.problems}
    _, share.tags = checker.judge_claims(files, _JUDGING.sources, _JUDGING.anchored)
    share.deferred = checker.deferred
    kept_out = unreadable(share.problems, files)
    share.claims = len(files) + sum(1 for p in kept_out if p.parent.name == "claims")
    share.citations = sum(_citation_count(f) for f in files)
    return share


def _today() -> dt.date:
    """The day content is judged on (dates after tomorrow are refused)."""
    return dt.date.today()


def _citation_count(file: LoadedFile) -> int:
    citations = file.located.data.get("citations")
    return len(citations) if isinstance(citations, list) else 0


class _Checker:
    def __init__(
        self, problems: list[Problem], cache: ValidationCache | None = None, *, html: bool = True
    ) -> None:
        self.problems = problems
        self.cache = cache
        self.html = html
        """The analyses' HTML is wanted (for the site); without, an analysis is converted
        only when the conversion may find something it may not contain."""
        self.deferred: list[tuple[Path, Path_, str, str]] = []
        """Quotes not found whose closest passage was not looked for (a forked validation):
        (file, path in it, source id, quote)."""
        self.broken_sources: set[str] = set()
        """Sources that exist but failed: citing them is not reported again."""
        self.reported_at: set[tuple[Path, int, int]] = set()
        """Where loading already found a problem (a refused YAML value): the schema's
        complaint about the same value would only repeat it."""

    def error(self, path: Path, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(path, line, col, message))

    def warn(self, path: Path, line: int, col: int, message: str) -> None:
        self.problems.append(Problem(path, line, col, message, Severity.WARNING))

    def error_at(self, file: LoadedFile, path: Path_, message: str) -> None:
        """An error at the value `path` leads to in `file`."""
        pos = file.located.position(path)
        self.error(file.path, pos.line, pos.col, message)

    def warn_at(self, file: LoadedFile, path: Path_, message: str) -> None:
        """A warning at the value `path` leads to in `file`."""
        pos = file.located.position(path)
        self.warn(file.path, pos.line, pos.col, message)

    # -- sources -------------------------------------------------------------

    def sources(self, files: list[LoadedFile]) -> dict[str, SourceDoc]:
        docs: dict[str, SourceDoc] = {}
        for file in self._unique_ids(files, "source"):
            judged = self.cache.source(file) if self.cache is not None else None
            if judged is None:
                start = len(self.problems)
                doc = self._source(file)
                judged = JudgedSource(file, doc, tuple(self.problems[start:]))
                if self.cache is not None:
                    self.cache.keep_source(judged)
            else:
                self.problems.extend(judged.problems)
            if judged.doc is None:
                self.broken_sources.add(file.stem)
            else:
                docs[file.stem] = judged.doc
        return docs

    def _source(self, file: LoadedFile) -> SourceDoc | None:
        meta = self._model(file, SourceMeta)
        if meta is None:
            return None
        if not file.body.strip():
            self.error(
                file.path,
                max(file.body_line - 1, 1),
                1,
                "source has no text; paste the article below the front matter",
            )
            return None
        self._language_of_text(file, meta, file.body)
        self._source_dates(file, meta)
        for paragraph in file.paragraphs:
            if paragraph.end - paragraph.start > MAX_PARAGRAPH_CHARACTERS:
                self.error(
                    file.path,
                    paragraph.line,
                    1,
                    f"paragraph {paragraph.number} is {paragraph.end - paragraph.start:,} characters long; the limit is {MAX_PARAGRAPH_CHARACTERS:,}: put a blank line where the article starts a new paragraph",
                )
        return SourceDoc(file.stem, file.path, meta, file.body, file.paragraphs)

    def _source_dates(self, file: LoadedFile, meta: SourceMeta) -> None:
        """None after tomorrow; a copy cannot be retrieved before the article was published."""
        latest = _today() + dt.timedelta(days=1)  # a day's grace, as for claims
        dates = {field: getattr(meta, field) for field in ("published", "retrieved")}
        for field, when in dates.items():
            if isinstance(when, dt.date) and when > latest:
                self.error_at(
                    file,
                    (field,),
                    f"{field} date {when} is in the future; use the date it happened, or `unknown`",
                )
        published, retrieved = dates["published"], dates["retrieved"]
        if (
            isinstance(published, dt.date)
            and isinstance(retrieved, dt.date)
            and retrieved < published
        ):
            self.error_at(
                file,
                ("retrieved",),
                f"retrieved ({retrieved}) is before published ({published}); a copy cannot be taken before the article appeared",
            )

    def _language_of_text(self, file: LoadedFile, meta: SourceMeta, body: str) -> None:
        """`language: en` (what `factcheck new source` writes) on a text mostly in another
        script: the page would tell screen readers and search to read it as English."""
        script = non_latin_script(f"{meta.title} {body[:SCRIPT_SAMPLE]}")
        if script and same_language(meta.language, "en"):
            self.warn_at(
                file,
                ("language",),
                f"language is {meta.language!r} but most of the text is in {script} script; give the text's language (e.g. 'ru', 'ko')",
            )

    # -- claims --------------------------------------------------------------

    def claims(self, files: list[LoadedFile], sources: dict[str, SourceDoc]) -> list[ClaimDoc]:
        if self.cache is not None:
            self.cache.claims_against((tuple(sources.items()), frozenset(self.broken_sources)))
        docs, tagged = self.judge_claims(files, sources, anchored_sources(sources))
        by_path = {file.path: file for file in files}
        self.lone_tags(tagged, by_path.__getitem__)
        return docs

    def judge_claims(
        self,
        files: list[LoadedFile],
        sources: dict[str, SourceDoc],
        anchored: dict[str, AnchoredSource],
    ) -> tuple[list[ClaimDoc], list[tuple[Path, tuple[str, ...]]]]:
        """The claims that are valid, and the tags of each claim that passed the schema
        (in the files' order), for `lone_tags`. Files with the same id must come together:
        the first keeps it."""
        docs: list[ClaimDoc] = []
        tagged: list[tuple[Path, tuple[str, ...]]] = []
        for file in self._unique_ids(files, "claim"):
            judged = self.cache.claim(file) if self.cache is not None else None
            claim: Claim | None
            doc: ClaimDoc | None
            if judged is not None:
                self.problems.extend(judged.problems)
                claim, doc = judged.claim, judged.doc
            else:
                start = len(self.problems)
                claim, doc = self._claim(file, sources, anchored)
                if self.cache is not None and claim is not None and doc is not None:
                    self.cache.keep_claim(
                        JudgedClaim(file, claim, doc, tuple(self.problems[start:]))
                    )
            if claim is not None:
                tagged.append((file.path, tuple(claim.tags)))
            if doc is not None:
                docs.append(doc)
        return docs, tagged

    def _claim(
        self, file: LoadedFile, sources: dict[str, SourceDoc], anchored: dict[str, AnchoredSource]
    ) -> tuple[Claim | None, ClaimDoc | None]:
        """The claim in `file` (None if it fails the schema) and, when all its quotes are
        anchored, its document."""
        claim = self._model(file, Claim)
        if claim is None:
            self._partial_claim_checks(file, sources, anchored)
            return None, None
        self._claim_rules(file, claim, sources)
        analysis = self._analysis(file, claim.analysis)
        citation_anchors = self._anchor_all(file, claim, "citations", claim.citations, anchored)
        reported_anchors = self._anchor_all(file, claim, "reported", claim.reported, anchored)
        timeline_anchors = self._anchor_all(file, claim, "timeline", claim.timeline, anchored)
        if citation_anchors is None or reported_anchors is None or timeline_anchors is None:
            return claim, None
        return claim, ClaimDoc(
            file.stem,
            file.path,
            claim,
            citation_anchors,
            reported_anchors,
            file.located.position(()).line,
            timeline_anchors,
            analysis_html=analysis.html,
        )

    def lone_tags(
        self,
        claims: Sequence[tuple[Path, Sequence[str]]],
        file_of: Callable[[Path], LoadedFile],
    ) -> None:
        """A tag that only one claim uses and that looks like another tag is likely a typo
        (`casualty` beside `casualties`): it would make a group of one on the claims page.
        `claims`: each claim's file and tags; `file_of` gives the file a warning is in."""
        users: dict[str, list[tuple[Path, int]]] = {}
        for path, tags in claims:
            for index, tag in enumerate(tags):
                users.setdefault(tag, []).append((path, index))
        shared = sorted(tag for tag, used in users.items() if len(used) > 1)
        for tag, used in sorted(users.items()):
            close = (
                difflib.get_close_matches(tag, shared, n=1, cutoff=0.75) if len(used) == 1 else []
            )
            if close:
                path, index = used[0]
                self.warn_at(
                    file_of(path),
                    ("tags", index),
                    f"tag {tag!r} is used by no other claim; did you mean {close[0]!r}?",
                )

    def _partial_claim_checks(
        self, file: LoadedFile, sources: dict[str, SourceDoc], anchored: dict[str, AnchoredSource]
    ) -> None:
        """Check the well-formed parts of a claim that failed the schema, so every problem shows."""
        data = file.located.data
        draft = data.get("draft") is True
        for field in ("citations", "reported", "timeline"):
            items = data.get(field)
            if not isinstance(items, list) or (field == "citations" and len(items) > MAX_CITATIONS):
                continue  # over the limit: one error says so, not one per item
            for index, item in enumerate(items):
                source, quote = (
                    (item.get("source"), item.get("quote"))
                    if isinstance(item, dict)
                    else (None, None)
                )
                if not (
                    isinstance(source, str)
                    and _SLUG.fullmatch(source)
                    and isinstance(quote, str)
                    and quote.strip()
                ):
                    continue  # the schema check has said what is wrong
                path: Path_ = (field, index, "source")
                if self._reference_ok(file, draft, path, source, sources):
                    self._anchor(file, (field, index, "quote"), source, quote, anchored[source])
        analysis = data.get("analysis")
        if isinstance(analysis, str) and len(analysis) <= LONG_TEXT_LIMIT:
            self._analysis(file, analysis)  # a longer one is refused as it is
        corrections = data.get("corrections")
        dated = [
            (index, item["date"])
            for index, item in enumerate(corrections if isinstance(corrections, list) else [])
            if isinstance(item, dict) and is_date(item.get("date"))
        ]
        published, updated = data.get("published"), data.get("updated")
        self._date_rules(
            file,
            published if is_date(published) else None,
            updated if is_date(updated) else None,
            dated,
        )
        for field in ("tags", "appears_in"):
            if isinstance(data.get(field), list):
                self._listed_twice(file, field, data[field])

    def _analysis(self, file: LoadedFile, analysis: str) -> ConvertedAnalysis:
        """The analysis converted, with an error for each thing it may not contain (its
        HTML left empty when no HTML is wanted and the conversion would find nothing)."""
        if not self.html and finds_nothing(analysis):
            return ConvertedAnalysis("", ())
        converted = convert_analysis(analysis)
        for problem in converted.problems:
            line, col = _text_position(file, ("analysis",), problem.offset, problem.length)
            self.error(file.path, line, col, problem.message)
        return converted

    def _claim_rules(self, file: LoadedFile, claim: Claim, sources: dict[str, SourceDoc]) -> None:
        """Every rule a schema-valid claim must also follow, but anchoring its quotes."""
        if len(claim.claim) > CLAIM_RECOMMENDED_LENGTH:
            self.warn_at(
                file,
                ("claim",),
                f"claim is {len(claim.claim)} characters; ClaimReview asks for under {CLAIM_RECOMMENDED_LENGTH}: shorten it and keep detail for the summary",
            )
        self._source_references(file, claim, sources)
        self._date_rules(
            file,
            claim.published,
            claim.updated,
            [(i, c.date) for i, c in enumerate(claim.corrections)],
        )
        self._listed_twice(file, "tags", claim.tags)
        self._listed_twice(file, "appears_in", claim.appears_in)
        self._duplicate_citations(file, claim)
        self._ordinary_numbers(file, claim)
        self._figures_quoted(file, claim)
        self._conversions(file, claim)
        self._timeline_days(file, claim)
        self._reference_languages(file, claim)

    def _source_references(
        self, file: LoadedFile, claim: Claim, sources: dict[str, SourceDoc]
    ) -> None:
        """Every source id the claim names is a source it may cite."""
        cited = [("citations", i, c.source) for i, c in enumerate(claim.citations)]
        cited += [("reported", i, r.source) for i, r in enumerate(claim.reported)]
        cited += [("timeline", i, e.source) for i, e in enumerate(claim.timeline)]
        for field, index, source_id in cited:
            self._reference_ok(file, claim.draft, (field, index, "source"), source_id, sources)
        for index, source_id in enumerate(claim.appears_in):
            self._reference_ok(file, claim.draft, ("appears_in", index), source_id, sources)

    def _ordinary_numbers(self, file: LoadedFile, claim: Claim) -> None:
        """No figure or factor is YAML's .nan or .inf (they would print as "nan")."""
        numbers: list[tuple[Path_, float]] = [
            (("reported", i, "value"), r.value) for i, r in enumerate(claim.reported)
        ]
        numbers += [
            (("conversions", i, "factor"), c.factor) for i, c in enumerate(claim.conversions)
        ]
        for path, number in numbers:
            if not math.isfinite(number):
                self.error_at(file, path, f"{path[-1]} must be an ordinary number, not {number}")

    def _figures_quoted(self, file: LoadedFile, claim: Claim) -> None:
        """The quote of each reported figure gives its value (a warning otherwise)."""
        for index, figure in enumerate(claim.reported):
            if math.isfinite(figure.value) and not says_number(figure.quote, figure.value):
                self.warn_at(
                    file,
                    ("reported", index, "value"),
                    f"the quote of this figure does not give {figure.value:g} (in digits or words); check the value, or quote the passage that gives it",
                )

    def _conversions(self, file: LoadedFile, claim: Claim) -> None:
        """Each conversion converts a reported unit, into figures that can be printed."""
        units = {r.unit for r in claim.reported}
        for index, conversion in enumerate(claim.conversions):
            if conversion.unit not in units:
                known = ", ".join(sorted(units)) or "none"
                self.error_at(
                    file,
                    ("conversions", index, "unit"),
                    f"no reported figure uses the unit {conversion.unit!r} (reported units: {known})",
                )
            converted = [
                r.value * conversion.factor for r in claim.reported if r.unit == conversion.unit
            ]
            if math.isfinite(conversion.factor) and not all(math.isfinite(v) for v in converted):
                self.error_at(
                    file,
                    ("conversions", index, "factor"),
                    "this factor makes a converted figure too large to print; check the factor and the values",
                )

    def _timeline_days(self, file: LoadedFile, claim: Claim) -> None:
        """A timeline date given to the day is a day of the calendar."""
        for index, event in enumerate(claim.timeline):
            if len(event.date) == 10 and not is_calendar_day(event.date):
                self.error_at(
                    file,
                    ("timeline", index, "date"),
                    f"date {event.date} is not a day of the calendar; check the month and the day",
                )

    def _reference_languages(self, file: LoadedFile, claim: Claim) -> None:
        """A reference titled in another script says its language (a warning otherwise)."""
        for index, reference in enumerate(claim.references):
            script = non_latin_script(reference.title)
            if script and reference.language is None:
                self.warn_at(
                    file,
                    ("references", index, "title"),
                    f"this title is in {script} script: add `language:` with its language tag (e.g. 'ru') so that it is marked for screen readers, unless the site is in that language",
                )
            elif script and reference.language and same_language(reference.language, "en"):
                self.warn_at(
                    file,
                    ("references", index, "language"),
                    f"language is {reference.language!r} but the title is in {script} script; give the title's language (e.g. 'ru')",
                )

    def _reference_ok(
        self,
        file: LoadedFile,
        draft: bool,
        path: Path_,
        source_id: str,
        sources: dict[str, SourceDoc],
    ) -> bool:
        if source_id in self.broken_sources:
            return False
        if source_id not in sources:
            hint = did_you_mean(source_id, sources)
            folder = display_path(file.path.parent.parent / "sources")
            self.error_at(file, path, f"no source with id {source_id!r} in {folder}/{hint}")
            return False
        if sources[source_id].meta.draft and not draft:
            self.error_at(
                file,
                path,
                f"source {source_id!r} is a draft; publish the source (remove `draft: true`) or mark this claim `draft: true`",
            )
        return True

    def _date_rules(
        self,
        file: LoadedFile,
        published: dt.date | None,
        updated: dt.date | None,
        corrections: list[tuple[int, dt.date]],
    ) -> None:
        """published <= corrections (oldest first) <= updated, none after tomorrow. Dates
        missing or malformed are None (or left out): the schema reports those."""
        latest = _today() + dt.timedelta(
            days=1
        )  # a day's grace for time zones ahead of this machine
        for path, when in [
            (("published",), published),
            (("updated",), updated),
            *((("corrections", i, "date"), d) for i, d in corrections),
        ]:
            if when is not None and when > latest:
                self.error_at(
                    file,
                    path,
                    f"{path[0] if len(path) == 1 else 'correction'} date {when} is in the future; use the date it happened",
                )
        if published is not None and updated is not None and updated < published:
            self.error_at(
                file, ("updated",), f"updated ({updated}) is before published ({published})"
            )
        if corrections and updated is not None:
            newest = max(d for _, d in corrections)
            if updated < newest:
                self.error_at(
                    file,
                    ("updated",),
                    f"updated ({updated}) is older than the newest correction ({newest}); set updated: {newest}",
                )
        latest_so_far: dt.date | None = None
        for index, date in corrections:
            if latest_so_far is not None and date < latest_so_far:
                self.error_at(
                    file,
                    ("corrections", index, "date"),
                    f"correction dated {date} comes after one dated {latest_so_far}; list corrections oldest first",
                )
            latest_so_far = max(date, latest_so_far or date)
        for index, date in corrections:
            if published is not None and date < published:
                self.error_at(
                    file,
                    ("corrections", index, "date"),
                    f"correction dated {date}, before the claim was published ({published})",
                )

    def _listed_twice(self, file: LoadedFile, field: str, values: list[Any]) -> None:
        first: dict[Any, int] = {}
        for index, value in enumerate(values):
            if isinstance(value, str) and value in first:
                self.error_at(
                    file,
                    (field, index),
                    f"{value!r} is listed twice in {field} (also item {first[value] + 1}); remove one",
                )
            elif isinstance(value, str):
                first[value] = index

    def _duplicate_citations(self, file: LoadedFile, claim: Claim) -> None:
        seen: dict[tuple[str, str], int] = {}
        for index, citation in enumerate(claim.citations):
            key = (citation.source, " ".join(citation.quote.split()))
            if key in seen:
                self.warn_at(
                    file,
                    ("citations", index),
                    f"the same quote is cited twice (also citation {seen[key] + 1}); remove one",
                )
            seen.setdefault(key, index)

    def _anchor_all(
        self,
        file: LoadedFile,
        claim: Claim,
        field: str,
        items: Iterable[Citation | Reported | DatedEvent],
        anchored: dict[str, AnchoredSource],
    ) -> tuple[Anchor, ...] | None:
        anchors: list[Anchor] = []
        ok = True
        for index, item in enumerate(items):
            source = anchored.get(item.source)
            if source is None:
                ok = False  # reported above as a missing source
                continue
            anchor = self._anchor(file, (field, index, "quote"), item.source, item.quote, source)
            if anchor is None:
                ok = False
            else:
                anchors.append(anchor)
        return tuple(anchors) if ok else None

    def _anchor(
        self, file: LoadedFile, path: Path_, source_id: str, quote: str, source: AnchoredSource
    ) -> Anchor | None:
        result = source.find(quote)
        if isinstance(result, Missing) and result.deferred:
            self.deferred.append((file.path, path, source_id, quote))
            return None
        if isinstance(result, Found):
            if result.spans_paragraphs:
                first, last = result.spans_paragraphs
                self.error_at(
                    file,
                    path,
                    f"quote spans paragraphs {first} to {last} of {source_id!r}; cite each paragraph's part separately",
                )
                return None
            if result.occurrences > 1:
                self.warn_at(
                    file,
                    path,
                    f"quote occurs more than once in {source_id!r}; anchored to the first (paragraph {result.anchor.paragraph}); quote more words to make it unique",
                )
            return result.anchor
        if result.closest is None:
            self.error_at(
                file,
                path,
                f"quote not found in source {source_id!r}, and nothing in it is close; check the source id and copy the passage verbatim{ellipsis_hint(quote)}",
            )
        else:
            closest = " ".join(result.closest.split())
            self.error_at(
                file,
                path,
                f'quote not found in source {source_id!r}; closest passage (paragraph {result.paragraph}): "{closest}"; {result.difference}{ellipsis_hint(quote)}',
            )
        return None

    # -- shared --------------------------------------------------------------

    def _unique_ids(self, files: list[LoadedFile], kind: str) -> list[LoadedFile]:
        seen: dict[str, LoadedFile] = {}
        unique: list[LoadedFile] = []
        for file in files:
            if not _SLUG.fullmatch(file.stem) or len(file.stem) > 80:
                suggestion = slugify(file.stem)
                fix = f"; rename it to {suggestion}{file.path.suffix}" if suggestion else ""
                self.error(
                    file.path,
                    1,
                    1,
                    f"file name {file.path.name!r} is not a valid id (lowercase letters, digits and hyphens){fix}",
                )
                continue
            if file.stem in RESERVED_IDS:
                self.error(
                    file.path,
                    1,
                    1,
                    f"{file.path.name!r}: the id {file.stem!r} is taken by the site's own page ({kind}s/{file.stem}.md); rename the file",
                )
                continue
            if file.stem in seen:
                other = seen[file.stem].path.name
                self.error(
                    file.path,
                    1,
                    1,
                    f"duplicate {kind} id {file.stem!r}: {other} has it too; keep one file",
                )
                continue
            seen[file.stem] = file
            unique.append(file)
        return unique

    def _model(self, file: LoadedFile, model: type[Any]) -> Any:
        data = dict(file.located.data)
        status = data.get("status")
        if isinstance(status, bool):  # `status: false` is YAML for a boolean
            data["status"] = str(status).lower()
        declared = data.get("id")
        id_differs = isinstance(declared, str) and declared != file.stem
        if id_differs:
            self.error_at(
                file,
                ("id",),
                f"id {declared!r} differs from the file name {file.path.name!r}; they must match (or leave out id)",
            )
        try:
            value = model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                problem = schema_problem(file, model, error)
                if (problem.path, problem.line, problem.col) not in self.reported_at:
                    self.problems.append(problem)
            return None
        return None if id_differs else value


def _text_position(file: LoadedFile, path: Path_, offset: int, length: int) -> tuple[int, int]:
    """File line and column of `offset` within the block text at `path`."""
    pos = file.located.position(path)
    value = file.located.data
    for part in path:
        value = value[part]
    line_in_value = str(value).count("\n", 0, offset)
    if pos.style not in ("|", ">"):
        return pos.line, pos.col
    # A literal block (|) keeps its line breaks, so this is the line; a folded one (>)
    # joins lines, so the snippet sits on this line or a later one.
    line = pos.line + 1 + line_in_value
    lines = file.text.split("\n")
    found = str(value)[offset : offset + max(length, 1)]
    snippet = found.split(" ", 1)[0] or found  # a folded block may break the line at a space
    for candidate in range(line, len(lines) + 1 if pos.style == ">" else line + 1):
        col = lines[candidate - 1].find(snippet) if candidate >= 1 else -1
        if col >= 0:
            return candidate, col + 1
    return line, 1
