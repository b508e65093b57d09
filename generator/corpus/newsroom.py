"""The newsroom: people, claimants and `about.yaml`, and what the claims say of them.

Validation (`validate.validate_loaded`) hands this module the files of the new kinds
(`content/people/*.yaml`, `content/claimants/*.yaml`, `content/about.yaml`) and the claims
that passed the schema, and it reports, each at its line:

* a person or a claimant that fails its schema, HTML in their plain text (a bio, a name),
  two people with one GitHub account;
* a published claim that names no `authors` or no `editor`, an editor who is also an
  author (a second person reviews every published claim), a person id with no file;
* a claimant id with no file, a claimant that reads like a path, a `claimant_type` beside
  a claimant file; and a warning for a claimant written out in several claims (it should
  be a file) or written out although a file has its name;
* a related claim that does not exist, is the claim itself, or is a draft named by a
  published claim;
* in `about.yaml`: Markdown that may not be published (as in an analysis), funding without
  an amount or a share, shares over 100 %, an unknown placeholder; and a warning for each
  item of the IFCN Code of Principles that is missing (`--strict` fails on it).

These checks read several files at once, so they run on every validation (they are cheap):
nothing here is kept in `validation_cache`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from generator.corpus.analysis import ConvertedAnalysis
from generator.corpus.models import (
    SLUG_PATTERN,
    About,
    AboutDoc,
    Claimant,
    ClaimantDoc,
    ClaimLinks,
    Person,
    PersonDoc,
)
from generator.corpus.read import ABOUT_FILE, LoadedFile, LoadResult
from generator.corpus.schema_messages import ClosestNames, did_you_mean
from generator.corpus.yamlload import Path_
from generator.errors import Problem, Severity, display_path

_SLUG = re.compile(SLUG_PATTERN)
_HTML_TAG = re.compile(r"<[A-Za-z/!?][^<>\n]{0,40}>?")
"""The start of an HTML tag, comment or declaration: a bio is plain text."""
_PATH_LIKE = re.compile(r"(^|[/\\])\.\.?([/\\]|$)|^[/\\~]|\\|\.ya?ml$|(^|/)claimants/", re.I)
"""A claimant written as a path or a file name, not as an id or a name."""
PERSON_TEXTS = ("name", "role", "bio")
"""A person's plain-text fields, in which HTML is an error."""
CLAIMANT_TEXTS = ("name", "description")
"""A claimant's plain-text fields, in which HTML is an error."""
ABOUT_TEXTS = ("who_we_are", "nonpartisanship", "how_we_choose", "how_to_suggest")
"""The keys of `about.yaml` written in Markdown."""
IFCN_ITEMS: dict[str, str] = {
    "who_we_are": "who runs the desk",
    "legal_form": "the desk's legal form",
    "owners": "who owns the desk",
    "funding": "where the desk's money comes from, per year",
    "team": "who checks the claims (the people files)",
    "nonpartisanship": "the desk's nonpartisanship statement",
    "how_we_choose": "how the desk chooses the claims it checks",
    "how_to_suggest": "how readers can suggest a claim",
}
"""What the IFCN Code of Principles asks a desk to publish, by the key that gives it
(`team` is the people files); the methodology and the corrections policy are generated."""
SHARE_TOLERANCE = 0.01
"""Shares may add up to 100 % plus rounding."""


class Judge(Protocol):
    """What this module needs of validation's checker (`validate._Checker`)."""

    def error_at(self, file: LoadedFile, path: Path_, message: str) -> None: ...

    def warn_at(self, file: LoadedFile, path: Path_, message: str) -> None: ...

    def add(self, problem: Problem) -> None: ...

    def model(self, file: LoadedFile, model: type[Any]) -> Any: ...

    def unique_ids(self, files: list[LoadedFile], kind: str) -> list[LoadedFile]: ...

    def markdown(self, file: LoadedFile, path: Path_, text: str) -> ConvertedAnalysis: ...

    def text_position(
        self, file: LoadedFile, path: Path_, offset: int, length: int
    ) -> tuple[int, int]: ...

    def listed_twice(self, file: LoadedFile, field: str, values: list[Any]) -> None: ...

    def error_count(self) -> int: ...


@dataclass(frozen=True)
class Newsroom:
    """What the newsroom's files hold, validated."""

    people: tuple[PersonDoc, ...]
    """Every person whose file is valid, by id."""
    claimants: tuple[ClaimantDoc, ...]
    """Every claimant whose file is valid, by id."""
    about: AboutDoc | None
    """`about.yaml`, when it exists and is valid."""


def check_newsroom(
    judge: Judge,
    loaded: LoadResult,
    claims: Sequence[tuple[LoadedFile, ClaimLinks]],
    claim_drafts: Mapping[str, bool],
) -> Newsroom:
    """Judge the newsroom's files, and what `claims` (those that passed the schema) say of
    them. `claim_drafts` gives every claim id there is, and whether it is a draft."""
    broken = _broken_stems(loaded)
    people = _people(judge, [f for f in loaded.files if f.kind == "person"], broken["people"])
    claimants = _claimants(
        judge, [f for f in loaded.files if f.kind == "claimant"], broken["claimants"]
    )
    about_files = [f for f in loaded.files if f.kind == "about"]
    about = _about(judge, about_files[0]) if about_files else None
    unreadable = any(p.path.name == ABOUT_FILE and p.is_error for p in loaded.problems)
    if (not about_files and not unreadable) or about is not None:  # else: its errors say why
        has_team = bool(people) or bool(broken["people"])
        _ifcn_items(judge, loaded.content_dir, about, has_team, about_files)
    references = _References(judge, people, claimants, broken, claim_drafts)
    for file, claim in claims:
        references.credits(file, claim)
        references.claimant(file, claim)
        references.related(file, claim)
    _repeated_claimants(judge, claims, claimants)
    return Newsroom(
        people=tuple(sorted(people.values(), key=lambda p: p.id)),
        claimants=tuple(sorted(claimants.values(), key=lambda c: c.id)),
        about=about,
    )


def _broken_stems(loaded: LoadResult) -> dict[str, set[str]]:
    """Ids of people and claimants whose file exists but could not be read: naming them is
    not reported again."""
    broken: dict[str, set[str]] = {"people": set(), "claimants": set()}
    for problem in loaded.problems:
        folder = problem.path.parent.name
        if folder in broken and problem.is_error:
            broken[folder].add(problem.path.stem)
    return broken


# -- people ------------------------------------------------------------------------------


def _people(judge: Judge, files: list[LoadedFile], broken: set[str]) -> dict[str, PersonDoc]:
    people: dict[str, PersonDoc] = {}
    handles: dict[str, LoadedFile] = {}
    for file in judge.unique_ids(files, "person"):
        plain = _plain_texts(judge, file, PERSON_TEXTS)
        person: Person | None = judge.model(file, Person)
        if person is None or not plain:
            broken.add(file.stem)
            continue
        if person.github is not None:
            other = handles.setdefault(person.github.lower(), file)
            if other is not file:
                judge.error_at(
                    file,
                    ("github",),
                    f"GitHub account {person.github!r} is also {other.path.name}'s; each person has their own",
                )
        people[file.stem] = PersonDoc(file.stem, file.path, person)
    return people


def _plain_texts(judge: Judge, file: LoadedFile, fields: Sequence[str]) -> bool:
    """No HTML in the plain-text `fields` of `file` (a bio, a name): they are printed as
    text, so a tag would show as written (and never run); an error at each tag. Checked on
    the file as read, so that it is reported whatever else is wrong with the file."""
    plain = True
    for field in fields:
        value = file.located.data.get(field)
        match = _HTML_TAG.search(value) if isinstance(value, str) else None
        if match is None:
            continue
        plain = False
        line, col = _found_in_file(file, (field,), match.group()) or judge.text_position(
            file, (field,), match.start(), len(match.group())
        )
        judge.add(
            Problem(
                file.path,
                line,
                col,
                f"{field} is plain text, and {match.group()!r} is HTML; remove the tag (write a literal < with a space after it)",
            )
        )
    return plain


def _found_in_file(file: LoadedFile, path: Path_, snippet: str) -> tuple[int, int] | None:
    """Line and column of `snippet` as written in the file, at or after the value at `path`
    (whatever its style), or None when it is not written as it reads (an escape in it)."""
    pos = file.located.position(path)
    lines = file.text.split("\n")
    start = pos.col - 1
    for number in range(pos.line, len(lines) + 1):
        col = lines[number - 1].find(snippet, start)
        if col >= 0:
            return number, col + 1
        start = 0
    return None


# -- claimants ---------------------------------------------------------------------------


def _claimants(judge: Judge, files: list[LoadedFile], broken: set[str]) -> dict[str, ClaimantDoc]:
    claimants: dict[str, ClaimantDoc] = {}
    for file in judge.unique_ids(files, "claimant"):
        plain = _plain_texts(judge, file, CLAIMANT_TEXTS)
        claimant: Claimant | None = judge.model(file, Claimant)
        if claimant is None or not plain:
            broken.add(file.stem)
            continue
        judge.listed_twice(file, "same_as", claimant.same_as)
        claimants[file.stem] = ClaimantDoc(file.stem, file.path, claimant)
    return claimants


# -- what claims say of people, claimants and each other -----------------------------------


class _References:
    """The checks of one claim's `authors`, `editor`, `claimant` and `related`."""

    def __init__(
        self,
        judge: Judge,
        people: Mapping[str, PersonDoc],
        claimants: Mapping[str, ClaimantDoc],
        broken: Mapping[str, set[str]],
        claim_drafts: Mapping[str, bool],
    ) -> None:
        self.judge = judge
        self.people = people
        self.claimants = claimants
        self.broken = broken
        self.claim_drafts = claim_drafts
        self.closest_person = ClosestNames(people)
        self.closest_claimant = ClosestNames(claimants)
        self.closest_claim = ClosestNames(claim_drafts)

    def credits(self, file: LoadedFile, claim: ClaimLinks) -> None:
        """A published claim names who checked it and who reviewed it, two people apart."""
        judge = self.judge
        if not claim.draft and not claim.authors:
            judge.error_at(
                file,
                ("authors",),
                "a published claim names its authors: add `authors: [person-id]`, the ids of the people who checked it (files in content/people/)",
            )
        if not claim.draft and claim.editor is None:
            judge.error_at(
                file,
                ("editor",),
                "a published claim names its editor: add `editor: person-id`, the person who reviewed the check, who is not one of its authors",
            )
        judge.listed_twice(file, "authors", list(claim.authors))
        for index, person in enumerate(claim.authors):
            self._person(file, ("authors", index), person)
        if claim.editor is None:
            return
        self._person(file, ("editor",), claim.editor)
        if claim.editor in claim.authors:
            judge.error_at(
                file,
                ("editor",),
                f"the editor {claim.editor!r} is also one of the authors; a second person reviews every claim: name another editor",
            )

    def _person(self, file: LoadedFile, path: Path_, person_id: str) -> None:
        if person_id in self.people or person_id in self.broken["people"]:
            return
        folder = display_path(file.path.parent.parent / "people")
        hint = self.closest_person.hint(person_id)
        self.judge.error_at(
            file,
            path,
            f"no person with id {person_id!r} in {folder}/{hint} (add one with `factcheck new person {person_id}`)",
        )

    def claimant(self, file: LoadedFile, claim: ClaimLinks) -> None:
        """A claimant id names a file; a name is not a path; the type comes from one place."""
        value = claim.claimant
        if _PATH_LIKE.search(value):
            self.judge.error_at(
                file,
                ("claimant",),
                f"claimant {value!r} looks like a path: name a claimant by its id, the file name in content/claimants/ without .yaml, or write a one-off claimant's name",
            )
            return
        if not is_claimant_id(value):
            return
        if value not in self.claimants and value not in self.broken["claimants"]:
            folder = display_path(file.path.parent.parent / "claimants")
            self.judge.error_at(
                file,
                ("claimant",),
                f"no claimant with id {value!r} in {folder}/{self.closest_claimant.hint(value)} (add one with `factcheck new claimant {value}`, or write the claimant's name as readers should see it)",
            )
        elif claim.claimant_type is not None:
            self.judge.error_at(
                file,
                ("claimant_type",),
                f"claimant {value!r} is a claimant file, which gives its own `type`; remove claimant_type here",
            )

    def related(self, file: LoadedFile, claim: ClaimLinks) -> None:
        """Each related claim exists, is another claim, and is published (unless this is a draft)."""
        self.judge.listed_twice(file, "related", list(claim.related))
        for index, other in enumerate(claim.related):
            path: Path_ = ("related", index)
            if other == file.stem:
                self.judge.error_at(
                    file, path, f"a claim is not related to itself; remove {other!r}"
                )
            elif other not in self.claim_drafts:
                folder = display_path(file.path.parent)
                hint = self.closest_claim.hint(other)
                self.judge.error_at(file, path, f"no claim with id {other!r} in {folder}/{hint}")
            elif self.claim_drafts[other] and not claim.draft:
                self.judge.error_at(
                    file,
                    path,
                    f"related claim {other!r} is a draft, and a published claim names only published claims: publish it, or remove it here",
                )


def is_claimant_id(value: str) -> bool:
    """Whether a claim's `claimant` names a claimant file (an id) rather than a person or
    an organisation in words."""
    return len(value) <= 80 and _SLUG.fullmatch(value) is not None


def _repeated_claimants(
    judge: Judge,
    claims: Sequence[tuple[LoadedFile, ClaimLinks]],
    claimants: Mapping[str, ClaimantDoc],
) -> None:
    """A warning for each claimant written out that another claim writes too, or that a
    claimant file names: a file gives them a page listing every claim."""
    names = {_folded(doc.claimant.name): doc for doc in claimants.values()}
    written: dict[str, list[LoadedFile]] = defaultdict(list)
    for file, claim in claims:
        if not is_claimant_id(claim.claimant) and not _PATH_LIKE.search(claim.claimant):
            written[_folded(claim.claimant)].append(file)
    for key, files in sorted(written.items()):
        doc = names.get(key)
        file_names = [f.path.name for f in files]
        for index, file in enumerate(files):
            if doc is not None:
                judge.warn_at(
                    file,
                    ("claimant",),
                    f"this is the name of the claimant in {doc.path.name}; write `claimant: {doc.id}` so that their page lists this claim",
                )
            elif len(files) > 1:
                others = _others_named(file_names, index)
                judge.warn_at(
                    file,
                    ("claimant",),
                    f"this claimant is written out in {len(files)} claims (also {others}); give them a file (`factcheck new claimant ID`) and write its id here, so that one page lists their claims",
                )


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


def _others_named(names: list[str], index: int, most: int = 3) -> str:
    """The first `most` of `names` but the one at `index`, and how many more there are:
    read from the head of the list, as thousands of claims may share one claimant."""
    others = [name for at, name in enumerate(names[: most + 1]) if at != index][:most]
    more = len(names) - 1 - len(others)
    return ", ".join(others) + (f" and {more} more" if more > 0 else "")


# -- about.yaml --------------------------------------------------------------------------


def _about(judge: Judge, file: LoadedFile) -> AboutDoc | None:
    about: About | None = judge.model(file, About)
    if about is None:
        return None
    texts: list[tuple[str, str]] = []
    before = judge.error_count()
    for key in ABOUT_TEXTS:
        text = getattr(about, key)
        if text is not None:
            texts.append((key, judge.markdown(file, (key,), text).html))
    _funding(judge, file, about)
    _owners(judge, file, about)
    _placeholders(judge, file, about)
    if judge.error_count() != before:
        return None
    return AboutDoc(file.path, about, tuple(texts))


def _funding(judge: Judge, file: LoadedFile, about: About) -> None:
    """Each funder gives an amount (with its currency) or a share; a year's shares fit in 100 %."""
    seen: dict[int, int] = {}
    for index, year in enumerate(about.funding):
        if year.year in seen:
            judge.error_at(
                file,
                ("funding", index, "year"),
                f"{year.year} is listed twice in funding (also entry {seen[year.year] + 1}); give each year once",
            )
        seen.setdefault(year.year, index)
        for number, funder in enumerate(year.funders):
            where: Path_ = ("funding", index, "funders", number)
            if funder.amount is None and funder.share is None and funder.currency is None:
                judge.error_at(
                    file,
                    where,
                    "give this funder's `amount` (with its `currency`) or its `share` of the year in per cent",
                )
            if funder.amount is not None and funder.currency is None:
                judge.error_at(
                    file, (*where, "amount"), "give the `currency` of this amount, e.g. EUR"
                )
            if funder.currency is not None and funder.amount is None:
                judge.error_at(
                    file, (*where, "currency"), "a currency without an `amount`: give the amount"
                )
        total = sum(funder.share or 0 for funder in year.funders)
        if total > 100 + SHARE_TOLERANCE:
            judge.error_at(
                file,
                ("funding", index, "year"),
                f"the funders' shares of {year.year} add up to {total:g} %, over 100 %",
            )


def _owners(judge: Judge, file: LoadedFile, about: About) -> None:
    total = sum(owner.share or 0 for owner in about.owners)
    if total > 100 + SHARE_TOLERANCE:
        judge.error_at(file, ("owners",), f"the owners' shares add up to {total:g} %, over 100 %")


def _placeholders(judge: Judge, file: LoadedFile, about: About) -> None:
    """Each placeholder stands for an item of the IFCN list that the file does not give."""
    for key in about.placeholders:
        if key not in IFCN_ITEMS:
            judge.add(
                _at_key(
                    file,
                    ("placeholders", key),
                    f"unknown item {key!r} in placeholders{did_you_mean(key, IFCN_ITEMS)} (items: {', '.join(IFCN_ITEMS)})",
                )
            )
        elif key != "team" and _given(about, key):
            judge.add(
                _at_key(
                    file,
                    ("placeholders", key),
                    f"{key} is given above, so it is no placeholder: remove it from placeholders",
                )
            )


def _at_key(file: LoadedFile, path: Path_, message: str) -> Problem:
    pos = file.located.position(path, key=True)
    return Problem(file.path, pos.line, pos.col, message)


def _given(about: About, key: str) -> bool:
    value = getattr(about, key, None)
    return bool(value)


def _ifcn_items(
    judge: Judge,
    content_dir: Path | None,
    about: AboutDoc | None,
    has_team: bool,
    about_files: list[LoadedFile],
) -> None:
    """A warning for each item of the IFCN Code of Principles the content does not give
    (a placeholder counts as given): one for the whole file when there is no about.yaml."""
    if not about_files:
        if content_dir is not None:
            judge.add(
                Problem(
                    content_dir / ABOUT_FILE,
                    1,
                    1,
                    f"there is no {ABOUT_FILE}, so the About page cannot say who runs, owns and funds the desk or how it chooses claims, as the IFCN Code of Principles asks; create it (docs/manual/content.md, `The About page`)",
                    Severity.WARNING,
                )
            )
        return
    assert about is not None
    file = about_files[0]
    for key, what in IFCN_ITEMS.items():
        given = has_team if key == "team" else _given(about.about, key)
        if given or key in about.about.placeholders:
            continue
        fix = (
            "add a person's file (`factcheck new person ID`)" if key == "team" else f"add `{key}:`"
        )
        judge.warn_at(
            file,
            (),
            f"the About page does not say {what} ({key}), which the IFCN Code of Principles asks a desk to publish; {fix}, or list it under `placeholders` until you can",
        )
