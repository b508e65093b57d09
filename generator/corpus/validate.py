"""Stage 2: judge what reading produced (`read.LoadResult`) and anchor every quote.

All problems in all files are collected before anything is decided (as MkDocs'
config validation does), so a contributor sees every mistake in one run.
Validation never reads a file: `pipeline.validate_content` reads, then calls
`validate_loaded` here.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from generator.corpus.analysis import ConvertedAnalysis, convert_analysis
from generator.corpus.anchor import AnchoredSource, ComparisonBudget, Missing, ellipsis_hint
from generator.corpus.archives import archive_problems
from generator.corpus.dates import future_date_message, is_calendar_day, is_date, latest_date
from generator.corpus.gc_pause import gc_paused
from generator.corpus.kinds import RULES, kind_findings
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
    ClaimLinks,
    Corpus,
    DatedEvent,
    MediaFile,
    Reported,
    SourceDoc,
    SourceKind,
    SourceMeta,
)
from generator.corpus.newsroom import check_newsroom
from generator.corpus.numbers import says_number
from generator.corpus.read import EditionClaims, LoadedFile, LoadResult
from generator.corpus.schema_messages import ClosestNames, did_you_mean, schema_problems
from generator.corpus.slugs import slugify
from generator.corpus.source_corrections import log_problems
from generator.corpus.transcripts import format_time
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
class Editions:
    """The site's language editions (mkdocs.yml's `extra.alternate`), which claims'
    `translations` name: read by the commands from mkdocs.yml and the editions' content
    folders (`read.edition_claims`), given to validation."""

    language: str
    """This site's language (`theme.language`)."""
    others: dict[str, EditionClaims]
    """Each other edition, by language: its claims, when this checkout has its content."""


@dataclass(frozen=True)
class DeferredQuote:
    """A quote not found in its source, whose error waits for its closest passage."""

    path: Path
    """The claim file."""
    at: Path_
    """Where the quote is in it."""
    source_id: str
    quote: str


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


def validate_loaded(
    loaded: LoadResult, *, cache: ValidationCache | None = None, editions: Editions | None = None
) -> Report:
    """Judge what reading a content folder produced (`read.load_content`); `cache`
    (`factcheck serve`) gives back its verdicts on files that have not changed; `editions`,
    the site's language editions, are what claims' `translations` are checked against
    (None: mkdocs.yml was not read, and they are not)."""
    with gc_paused():
        return _validate_loaded(loaded, cache, editions)


def _validate_loaded(
    loaded: LoadResult, cache: ValidationCache | None, editions: Editions | None = None
) -> Report:
    if cache is not None:
        cache.start(_today())
    checker = new_checker(list(loaded.problems), loaded.problems, editions, cache)
    claim_files = [f for f in loaded.files if f.kind == "claim"]
    source_files = [f for f in loaded.files if f.kind == "source"]
    sources = checker.sources(source_files)
    claims = checker.claims(claim_files, sources)
    newsroom = check_newsroom(checker, loaded, checker.parsed_claims, checker.claim_drafts)
    if cache is not None:
        cache.forget_unseen(loaded.files)
    problems = tuple(sorted_problems(checker.problems))
    has_errors = any(p.is_error for p in problems)
    citations = sum(citation_count(f) for f in claim_files)
    corpus = None
    if not has_errors:
        corpus = Corpus(
            claims=tuple(sorted(claims, key=lambda c: c.id)),
            sources=tuple(sorted(sources.values(), key=lambda s: s.id)),
            warnings=tuple(p for p in problems if not p.is_error),
            people=newsroom.people,
            claimants=newsroom.claimants,
            about=newsroom.about,
        )
    return Report(corpus, problems, loaded.counted("claim"), loaded.counted("source"), citations)


def _today() -> dt.date:
    """The day content is judged on (dates after tomorrow are refused)."""
    return dt.date.today()


def _kind_or_none(value: object) -> SourceKind | None:
    """The kind a source's front matter names (an article when it names none), or None
    for a kind that is not one (the schema says so)."""
    if value is None:
        return SourceKind.ARTICLE
    known = {kind.value for kind in SourceKind}
    return SourceKind(value) if isinstance(value, str) and value in known else None


def _date_or_none(value: object) -> dt.date | None:
    """A date YAML gave, or None for anything else (the schema reports what is wrong)."""
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


def new_checker(
    problems: list[Problem],
    read_problems: Iterable[Problem],
    editions: Editions | None,
    cache: ValidationCache | None = None,
) -> _Checker:
    """A checker that adds what it finds to `problems`, for files whose reading found
    `read_problems`; claims' `translations` are checked against `editions` when given."""
    checker = _Checker(problems, cache)
    checker.editions = editions
    read = list(read_problems)
    checker.broken_sources = {p.path.stem for p in read if p.path.parent.name == "sources"}
    checker.reported_at = {(p.path, p.line, p.col) for p in read}
    return checker


def citation_count(file: LoadedFile) -> int:
    """How many citations a claim file lists, whether or not they are valid."""
    citations = file.located.data.get("citations")
    return len(citations) if isinstance(citations, list) else 0


class _Checker:
    def __init__(self, problems: list[Problem], cache: ValidationCache | None = None) -> None:
        self.problems = problems
        self.cache = cache
        self.broken_sources: set[str] = set()
        """Sources that exist but failed: citing them is not reported again."""
        self.cued: dict[str, SourceDoc] = {}
        """Sources with a transcript, by id: their cues explain a quote that spans a pause."""
        self.reported_at: set[tuple[Path, int, int]] = set()
        """Where loading already found a problem (a refused YAML value): the schema's
        complaint about the same value would only repeat it."""
        self.editions: Editions | None = None
        """The site's language editions, for claims' `translations` (None: not checked)."""
        self._source_names: tuple[dict[str, SourceDoc], ClosestNames] | None = None
        """The sources, and the hints that name the closest of them, made once."""
        self.parsed_claims: Sequence[tuple[LoadedFile, ClaimLinks]] = []
        """Every claim that passed the schema (`corpus.newsroom` checks what they name)."""
        self.claim_drafts: dict[str, bool] = {}
        """Every claim id there is (its file name is a valid id), and whether it is a draft."""
        self.deferred: list[DeferredQuote] | None = None
        """When a list, quotes not found are put there instead of being reported: their
        closest passage is sought later, in file order (`judged_apart`)."""

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
        """The source in `file`, or None after reporting every problem it has: those of
        its front matter, its text and its dates together, whichever fail."""
        self.problems += archive_problems(file, _today()) + log_problems(file, _today())
        meta = self._model(file, SourceMeta)
        kind = meta.kind if meta is not None else _kind_or_none(file.located.data.get("kind"))
        has_text = self._source_text(file, kind)
        if meta is None:
            data = file.located.data
            self._source_dates(
                file, _date_or_none(data.get("published")), _date_or_none(data.get("retrieved"))
            )
            return None
        self._source_dates(file, meta.published, meta.retrieved)
        if not has_text:
            return None
        media = self._kind_rules(file, meta)
        self._language_of_text(file, meta, file.body)
        return SourceDoc(
            file.stem, file.path, meta, file.body, file.paragraphs, file.cues, file.pages, media
        )

    def _source_text(self, file: LoadedFile, kind: SourceKind | None) -> bool:
        """Whether the source has the text its kind needs (an error if not; a kind that is
        not known is not judged); each paragraph too long is an error too, but leaves the
        text to quote from. A text not read whole has had its problems reported already."""
        if not file.body_read:
            return False
        if not file.body.strip():
            if kind is None:
                return False
            rule = RULES[kind]
            if rule.text_optional:
                return True
            self.error(
                file.path,
                max(file.body_line - 1, 1),
                1,
                "source has no text; "
                + (
                    "paste the article below the front matter"
                    if kind is SourceKind.ARTICLE
                    else f"give {rule.text} below the front matter"
                ),
            )
            return False
        for paragraph in file.paragraphs:
            if paragraph.end - paragraph.start > MAX_PARAGRAPH_CHARACTERS:
                self.error(
                    file.path,
                    paragraph.line,
                    1,
                    f"paragraph {paragraph.number} is {paragraph.end - paragraph.start:,} characters long; the limit is {MAX_PARAGRAPH_CHARACTERS:,}: put a blank line where the article starts a new paragraph",
                )
        return True

    def _kind_rules(self, file: LoadedFile, meta: SourceMeta) -> tuple[MediaFile, ...]:
        """The kind's fields and files checked (`kinds`); the files the source publishes."""
        findings, media = kind_findings(meta, file.path.with_suffix(""), file.media, file.pages)
        for finding in findings:
            report = self.warn if finding.warning else self.error
            if finding.key is not None:
                pos = file.located.position((finding.key,))
                report(file.path, pos.line, pos.col, finding.message)
            else:
                report(finding.path or file.path, 1, 1, finding.message)
        return media

    def _source_dates(
        self, file: LoadedFile, published: dt.date | str | None, retrieved: dt.date | str | None
    ) -> None:
        """None after tomorrow; a copy cannot be retrieved before the article was published.
        A date that is `unknown`, missing or malformed (the schema says so) is not judged."""
        for field, when in (("published", published), ("retrieved", retrieved)):
            if isinstance(when, dt.date) and when > latest_date(_today()):
                self.error_at(file, (field,), future_date_message(field, when, unknown=True))
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
        anchored = self.anchored(sources)
        if self.cache is not None:
            self.cache.claims_against((tuple(sources.items()), frozenset(self.broken_sources)))
        docs, tagged = self.judge_claims(self._unique_ids(files, "claim"), sources, anchored)
        self.across_claims(tagged)
        return docs

    def anchored(self, sources: dict[str, SourceDoc]) -> dict[str, AnchoredSource]:
        """Each source ready for its quotes to be found, with one budget for them all."""
        budget = ComparisonBudget()
        self.cued = {sid: doc for sid, doc in sources.items() if doc.cues}
        return {
            sid: AnchoredSource(doc.body, doc.paragraphs, budget, joined=_joined_cues(doc))
            for sid, doc in sources.items()
        }

    def judge_claims(
        self,
        files: list[LoadedFile],
        sources: dict[str, SourceDoc],
        anchored: dict[str, AnchoredSource],
    ) -> tuple[list[ClaimDoc], list[tuple[LoadedFile, Claim]]]:
        """Each claim of `files` (each id once: `unique_ids`) judged on its own: their
        documents, and the claims that passed the schema with their files, which
        `across_claims` compares."""
        docs: list[ClaimDoc] = []
        tagged: list[tuple[LoadedFile, Claim]] = []
        for file in files:
            self.claim_drafts[file.stem] = file.located.data.get("draft") is True
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
                tagged.append((file, claim))
            if doc is not None:
                docs.append(doc)
        return docs, tagged

    def across_claims(self, tagged: Sequence[tuple[LoadedFile, ClaimLinks]]) -> None:
        """What needs every claim that passed the schema: tags only one uses, and (never
        cached, since the editions are outside the file) translations."""
        self._lone_tags(tagged)
        if self.editions is not None:
            for file, claim in tagged:
                self._translations(file, claim, self.editions)
        self.parsed_claims = tagged

    def _claim(
        self, file: LoadedFile, sources: dict[str, SourceDoc], anchored: dict[str, AnchoredSource]
    ) -> tuple[Claim | None, ClaimDoc | None]:
        """The claim in `file` (None if it fails the schema) and, when all its quotes are
        anchored, its document."""
        claim = self._model(file, Claim, anchored)
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
            converted_analysis=analysis,
        )

    def _lone_tags(self, claims: Sequence[tuple[LoadedFile, ClaimLinks]]) -> None:
        """A tag that only one claim uses and that looks like another tag is likely a typo
        (`casualty` beside `casualties`): it would make a group of one on the claims page."""
        users: dict[str, list[tuple[LoadedFile, int]]] = {}
        for file, claim in claims:
            for index, tag in enumerate(claim.tags):
                users.setdefault(tag, []).append((file, index))
        shared = sorted(tag for tag, used in users.items() if len(used) > 1)
        for tag, used in sorted(users.items()):
            close = (
                difflib.get_close_matches(tag, shared, n=1, cutoff=0.75) if len(used) == 1 else []
            )
            if close:
                file, index = used[0]
                self.warn_at(
                    file,
                    ("tags", index),
                    f"tag {tag!r} is used by no other claim; did you mean {close[0]!r}?",
                )

    def _translations(self, file: LoadedFile, claim: ClaimLinks, editions: Editions) -> None:
        """Each of `translations` names another edition of the site, and a claim of that
        edition when its content folder is here."""
        for language, other_id in claim.translations.items():
            at: Path_ = ("translations", language)
            if language == editions.language:
                self.error_at(
                    file,
                    at,
                    f"{language!r} is this site's own language (theme.language); a translation "
                    "is in another edition",
                )
                continue
            if language not in editions.others:
                listed = ", ".join(sorted(editions.others)) or "none"
                self.error_at(
                    file,
                    at,
                    f"no edition in mkdocs.yml's `extra.alternate` has `lang: {language}` "
                    f"(editions in other languages: {listed})",
                )
                continue
            edition = editions.others[language]
            if edition.claims is None:
                continue  # that edition's content is not in this checkout
            if other_id not in edition.claims:
                hint = did_you_mean(other_id, edition.claims)
                self.error_at(
                    file,
                    at,
                    f"no claim {other_id!r} in the {language} edition's "
                    f"{display_path(edition.folder)}/{hint}",
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
        """The analysis converted, with an error for each thing it may not contain."""
        return self.markdown(file, ("analysis",), analysis)

    # -- for corpus.newsroom -------------------------------------------------------

    def markdown(self, file: LoadedFile, path: Path_, text: str) -> ConvertedAnalysis:
        """The Markdown text at `path` converted as an analysis is, with an error for each
        thing it may not contain."""
        converted = convert_analysis(text)
        field = str(path[-1])
        for problem in converted.problems:
            line, col = _text_position(file, path, problem.offset, problem.length)
            message = problem.message
            if field != "analysis":
                message = message.replace(" in analysis", f" in {field}")
            self.error(file.path, line, col, message)
        return converted

    def add(self, problem: Problem) -> None:
        self.problems.append(problem)

    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.is_error)

    def model(self, file: LoadedFile, model: type[Any]) -> Any:
        """`model` validated from `file`'s data, or None (its problems reported)."""
        return self._model(file, model)

    def unique_ids(self, files: list[LoadedFile], kind: str) -> list[LoadedFile]:
        """`files` whose names are valid ids, each id once (problems for the others)."""
        return self._unique_ids(files, kind)

    def listed_twice(self, file: LoadedFile, field: str, values: list[Any]) -> None:
        """An error for each value of the list `field` that an earlier item has."""
        self._listed_twice(file, field, values)

    def text_position(
        self, file: LoadedFile, path: Path_, offset: int, length: int
    ) -> tuple[int, int]:
        """Line and column of `offset` in the text at `path`."""
        return _text_position(file, path, offset, length)

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
            hint = self._closest_source(sources).hint(source_id)
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

    def _closest_source(self, sources: dict[str, SourceDoc]) -> ClosestNames:
        """The hints over `sources`' ids, made once per set of sources."""
        if self._source_names is None or self._source_names[0] is not sources:
            self._source_names = (sources, ClosestNames(sources))
        return self._source_names[1]

    def _date_rules(
        self,
        file: LoadedFile,
        published: dt.date | None,
        updated: dt.date | None,
        corrections: list[tuple[int, dt.date]],
    ) -> None:
        """published <= corrections (oldest first) <= updated, none after tomorrow. Dates
        missing or malformed are None (or left out): the schema reports those."""
        latest = latest_date(_today())
        for path, when in [
            (("published",), published),
            (("updated",), updated),
            *((("corrections", i, "date"), d) for i, d in corrections),
        ]:
            if when is not None and when > latest:
                name = path[0] if len(path) == 1 else "correction"
                self.error_at(file, path, future_date_message(str(name), when, unknown=False))
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
        # Located only for a problem: reading a file's positions costs more than its checks.
        result = source.occurrence(quote)
        if result is None:
            if self.deferred is not None:
                self.deferred.append(DeferredQuote(file.path, path, source_id, quote))
            else:
                self._not_found(file, path, source_id, quote, source.closest(quote))
            return None
        if result.spans_paragraphs:
            self.error_at(file, path, self._spanning(source_id, result.spans_paragraphs))
            return None
        if result.occurrences > 1:
            self.warn_at(
                file,
                path,
                f"quote occurs more than once in {source_id!r}; anchored to the first (paragraph {result.anchor.paragraph}); quote more words to make it unique",
            )
        return result.anchor

    def placed_deferred(
        self, quote: DeferredQuote, file: LoadedFile, anchored: AnchoredSource
    ) -> None:
        """The error for a quote `judge_claims` did not find while deferring, with the
        passage most like it (sought now, so that one budget serves the files in order)."""
        self._not_found(file, quote.at, quote.source_id, quote.quote, anchored.closest(quote.quote))

    def _not_found(
        self, file: LoadedFile, path: Path_, source_id: str, quote: str, result: Missing
    ) -> None:
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

    def _spanning(self, source_id: str, spans: tuple[int, int]) -> str:
        """Why a quote across paragraphs (or across a pause between cues) is refused."""
        first, last = spans
        doc = self.cued.get(source_id)
        if doc is None:
            return f"quote spans paragraphs {first} to {last} of {source_id!r}; cite each paragraph's part separately"
        gap = next(
            (n for n in range(first, last) if doc.cues[n].start_ms > doc.cues[n - 1].end_ms),
            first,
        )
        before, after = doc.cues[gap - 1], doc.cues[gap]
        return (
            f"quote spans cues {first} to {last} of {source_id!r}, with a pause between them "
            f"(from {format_time(before.end_ms)} to {format_time(after.start_ms)}); cite each part separately"
        )

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
                    f"{file.path.name!r}: the id {file.stem!r} is taken by the site's own page ({file.path.parent.name}/{file.stem}.md); rename the file",
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

    def _model(
        self,
        file: LoadedFile,
        model: type[Any],
        anchored: dict[str, AnchoredSource] | None = None,
    ) -> Any:
        """`file`'s data as `model`, or None after reporting every way it fails the schema;
        with `anchored` (a claim's), an empty citation source lists the sources to cite."""
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
            errors = exc.errors()
            found: list[Problem] = []
            if anchored is not None:
                found += [
                    self._empty_source(file, tuple(e["loc"]), anchored)
                    for e in errors
                    if _is_empty_source(e)
                ]
                errors = [e for e in errors if not _is_empty_source(e)]
            for problem in [*found, *schema_problems(file, model, errors)]:
                if (problem.path, problem.line, problem.col) not in self.reported_at:
                    self.problems.append(problem)
            return None
        return None if id_differs else value

    def _empty_source(
        self, file: LoadedFile, loc: Path_, anchored: dict[str, AnchoredSource]
    ) -> Problem:
        """`source: ""` (as `new claim` writes it): the ids there are to give, those whose
        text holds the item's quote first, then those the claim cites elsewhere."""
        data = file.located.data
        item = data[loc[0]][loc[1]]
        quote = item.get("quote") if isinstance(item, dict) else None
        holding = (
            [sid for sid, source in anchored.items() if source.holds(quote)]
            if isinstance(quote, str)
            else []
        )
        pos = file.located.position(loc)
        ids = sorted(set(anchored) | self.broken_sources)
        if not ids:
            folder = display_path(file.path.parent.parent / "sources")
            message = (
                f"source is empty, and {folder}/ has no source to cite yet: add the article first"
            )
            return Problem(file.path, pos.line, pos.col, message)
        cited = _cited_ids(data)
        ordered = sorted(ids, key=lambda sid: (sid not in holding, sid not in cited, sid))
        shown = [
            f"{sid} (its text has this quote)" if sid in holding else sid
            for sid in ordered[:MAX_IDS_LISTED]
        ]
        more = len(ordered) - len(shown)
        listing = ", ".join(shown) + (f", and {more} more" if more else "")
        return Problem(
            file.path,
            pos.line,
            pos.col,
            f"source is empty; give the id of the source quoted: {listing}",
        )


MAX_IDS_LISTED = 8
"""How many source ids an empty citation source lists, the closest first."""


def _is_empty_source(error: Any) -> bool:
    """Whether pydantic refused an item's `source: ""` in citations, reported or timeline."""
    loc = tuple(error["loc"])
    return (
        len(loc) == 3
        and loc[0] in ("citations", "reported", "timeline")
        and loc[2] == "source"
        and error.get("input") == ""
    )


def _cited_ids(data: dict[str, Any]) -> set[str]:
    """The source ids a claim's data names anywhere (well-formed or not)."""
    ids: set[str] = set()
    for field in ("citations", "reported", "timeline"):
        items = data.get(field)
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("source"), str):
                ids.add(item["source"])
    appears = data.get("appears_in")
    if isinstance(appears, list):
        ids.update(a for a in appears if isinstance(a, str))
    return ids


def _joined_cues(doc: SourceDoc) -> frozenset[int]:
    """The cues (by paragraph number) that the next one follows without a pause: a quote
    may run on across those, never across a pause."""
    return frozenset(
        before.paragraph
        for before, after in zip(doc.cues, doc.cues[1:], strict=False)
        if after.start_ms <= before.end_ms
    )


def _text_position(file: LoadedFile, path: Path_, offset: int, length: int) -> tuple[int, int]:
    """File line and column of `offset` within the block text at `path`."""
    pos = file.located.position(path)
    value = file.located.data
    for part in path:
        value = value[part]
    line_in_value = str(value).count("\n", 0, offset)
    if pos.style is None and _written_as_is(file, pos.line, pos.col, str(value)):
        return pos.line, pos.col + offset  # a plain scalar on one line: the text as written
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


def _written_as_is(file: LoadedFile, line: int, col: int, value: str) -> bool:
    """Whether `value` stands verbatim in the file from `line`:`col` (a plain scalar on one line)."""
    if "\n" in value:
        return False
    lines = file.text.split("\n")
    return 1 <= line <= len(lines) and lines[line - 1].startswith(value, col - 1)
