"""`factcheck new claim|source|person|claimant`: commented skeletons for new content.

A fresh skeleton is deliberately *not* valid: every field only a person can
fill is left empty (`""`), so `factcheck validate` lists exactly those fields,
each at its line, and nothing else:

    question must not be blank / unknown status '' (use one of: ...) / ...

Dates are filled in with today's date; a claim starts as `draft: true`, so it
cannot be published by accident and may cite draft sources; the reviewer (or
the contributor, when it is ready) deletes that line.

`new source --from FILE` imports an article: its words are kept verbatim;
lines are trimmed, runs of blank lines become one, and a text with no blank
line at all is taken to put one paragraph per line, so blank lines are
inserted between its lines (the source's `note` says so). Publication details
are `unknown` unless given as options; they are never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.commands import DOCUMENTED_COMMAND
from generator.corpus.dates import is_calendar_day, latest_date
from generator.corpus.models import HTTP_URL_PATTERN, LANGUAGE_PATTERN, SLUG_PATTERN, UNKNOWN
from generator.corpus.read import (
    CLAIM_SUFFIXES,
    MAX_FILE_BYTES,
    SOURCE_SUFFIXES,
    LoadedFile,
    load_content,
)
from generator.errors import FactcheckError, display_path

_SLUG = re.compile(SLUG_PATTERN)
_URL = re.compile(HTTP_URL_PATTERN)
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_BLANK_RUN = re.compile(r"\n{2,}")
MAX_ID_LENGTH = 80


class ScaffoldError(FactcheckError):
    """The skeleton cannot be written (exit 1); nothing was written."""


def check_id(value: str) -> str | None:
    """Why `value` cannot be an id, or None when it can."""
    from generator.corpus.slugs import slugify

    if _SLUG.fullmatch(value) and len(value) <= MAX_ID_LENGTH:
        return None
    # `content/claims/foo.yaml` or `foo.md` means `foo`: the folder and the suffix are added.
    suggestion = slugify(
        re.sub(
            r"\.(ya?ml|md)$", "", value.replace("\\", "/").rsplit("/", 1)[-1], flags=re.IGNORECASE
        )
    )
    hint = f"; try {suggestion!r}" if suggestion and suggestion != value else ""
    if len(value) > MAX_ID_LENGTH and _SLUG.fullmatch(value):
        return f"{value!r} is {len(value)} characters long; an id has at most {MAX_ID_LENGTH}"
    return f"{value!r} is not a valid id: use lowercase letters, digits and hyphens, starting with a letter or digit{hint}"


def check_date(value: str) -> str | None:
    """Why `value` cannot be a source's date, or None: as in a source's front matter, a day
    of the calendar written YYYY-MM-DD and not after tomorrow, or `unknown`."""
    if value == UNKNOWN:
        return None
    if not _DATE.match(value):
        return f"{value!r} is not a date written YYYY-MM-DD (or `unknown`)"
    if not is_calendar_day(value):
        return f"{value} is not a day of the calendar; check the month and the day"
    if dt.date.fromisoformat(value) > latest_date(dt.date.today()):
        return f"{value} is in the future; use the date it happened, or `unknown`"
    return None


def check_retrieved(published: str | None, retrieved: str | None) -> str | None:
    """Why a copy retrieved on `retrieved` cannot be of an article published on `published`
    (both already checked by `check_date`), or None."""
    if not published or not retrieved or UNKNOWN in (published, retrieved):
        return None
    if retrieved < published:  # YYYY-MM-DD compare as dates do
        return (
            f"{retrieved} is before --published {published}; a copy cannot be taken "
            "before the article appeared"
        )
    return None


def check_url(value: str) -> str | None:
    if _URL.match(value) and len(value) <= 2000:
        return None
    return f"{value!r} is not a web address starting with http:// or https://"


def check_language(value: str) -> str | None:
    return (
        None if _LANGUAGE.match(value) else f"{value!r} is not a language tag like 'en' or 'pt-BR'"
    )


def check_text(value: str) -> str | None:
    if not value.strip():
        return "must not be blank"
    if len(value) > 1000:
        return f"is {len(value)} characters long; the limit is 1000"
    return None


# -- writing ------------------------------------------------------------------------------


def write_new(path: Path, text: str) -> Path:
    """Create `path` (and its folders) with `text`; never overwrite anything."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError as exc:
        if exc.filename is not None and Path(exc.filename) != path:
            raise ScaffoldError(
                f"cannot create the folder {display_path(Path(exc.filename))}: a file is in the way"
            ) from exc
        raise ScaffoldError(
            f"{display_path(path)} already exists; edit it, or choose another id"
        ) from exc
    except OSError as exc:
        raise ScaffoldError(f"cannot write {display_path(path)}: {exc.strerror}") from exc
    return path


def write_new_bytes(path: Path, data: bytes) -> Path:
    """Create `path` (and its folders) with `data`: a file beside a source; never overwrite."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("xb") as handle:
            handle.write(data)
    except FileExistsError as exc:
        raise ScaffoldError(
            f"{display_path(path)} already exists; remove it, or choose another id"
        ) from exc
    except OSError as exc:
        raise ScaffoldError(f"cannot write {display_path(path)}: {exc.strerror}") from exc
    return path


def claim_path(content_dir: Path, claim_id: str) -> Path:
    """Where a new claim goes; refused when a claim with that id exists (.yaml or .yml)."""
    return _new_path(content_dir / "claims", "claim", claim_id, CLAIM_SUFFIXES)


def source_path(content_dir: Path, source_id: str) -> Path:
    """Where a new source goes; refused when a source with that id exists."""
    return _new_path(content_dir / "sources", "source", source_id, SOURCE_SUFFIXES)


def person_path(content_dir: Path, person_id: str) -> Path:
    """Where a new person goes; refused when a person with that id exists."""
    return _new_path(content_dir / "people", "person", person_id, CLAIM_SUFFIXES)


def claimant_path(content_dir: Path, claimant_id: str) -> Path:
    """Where a new claimant goes; refused when a claimant with that id exists."""
    return _new_path(content_dir / "claimants", "claimant", claimant_id, CLAIM_SUFFIXES)


def _new_path(folder: Path, kind: str, content_id: str, suffixes: Sequence[str]) -> Path:
    if check_id(content_id):  # the CLI checks first; this guards other callers
        raise ScaffoldError(str(check_id(content_id)))
    for suffix in suffixes:
        existing = folder / f"{content_id}{suffix}"
        if existing.exists() or existing.is_symlink():
            raise ScaffoldError(
                f"{display_path(existing)} already exists; a {kind} with id {content_id!r} is there: "
                "edit it, or choose another id"
            )
    return folder / f"{content_id}{suffixes[0]}"


# -- claims -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceEntry:
    id: str
    title: str
    draft: bool


@dataclass(frozen=True)
class Listed:
    """What a new claim's comments list: the sources it can cite, and the people and
    claimants it can name."""

    sources: Sequence[SourceEntry] = ()
    people: Sequence[tuple[str, str]] = ()
    """(id, name) of each person whose file parses, by id."""
    claimants: Sequence[str] = ()
    """The id of each claimant whose file parses, by id."""


def available(content_dir: Path) -> Listed:
    """The sources, people and claimants a new claim can name."""
    files = load_content(content_dir).files
    people = sorted(
        (f.stem, " ".join(str(f.located.data.get("name") or "(no name)").split()))
        for f in files
        if f.kind == "person"
    )
    claimants = sorted(f.stem for f in files if f.kind == "claimant")
    return Listed(_sources_in(files), people, claimants)


def available_sources(content_dir: Path) -> list[SourceEntry]:
    """The sources a claim can cite, by id (those whose front matter parses)."""
    return _sources_in(load_content(content_dir).files)


def _sources_in(files: Sequence[LoadedFile]) -> list[SourceEntry]:
    entries = []
    for file in files:
        if file.kind != "source":
            continue
        data = file.located.data
        title = data.get("title")
        entries.append(
            SourceEntry(
                file.stem,
                " ".join(str(title).split()) if title else "(no title)",
                data.get("draft") is True,
            )
        )
    return sorted(entries, key=lambda e: e.id)


def claim_skeleton(sources: Sequence[SourceEntry] | Listed, today: dt.date) -> str:
    listed = sources if isinstance(sources, Listed) else Listed(sources)
    if listed.sources:
        listing = "\n".join(
            f"#   {s.id}: {s.title}" + (" (draft source)" if s.draft else "")
            for s in listed.sources
        )
    else:
        listing = f"#   (none yet: add the article first with `{DOCUMENTED_COMMAND} new source ID --from FILE`)"
    people = "\n".join(f"#   {pid}: {name}" for pid, name in listed.people) or (
        f"#   (none yet: add one with `{DOCUMENTED_COMMAND} new person ID`)"
    )
    shown = list(listed.claimants[:MAX_LISTED_CLAIMANTS])
    more = len(listed.claimants) - len(shown)
    claimants = ", ".join(shown) + (f" and {more} more" if more > 0 else "") or "none yet"
    return CLAIM_TEMPLATE.format(
        sources=listing,
        people=people,
        claimants=claimants,
        today=today.isoformat(),
        command=DOCUMENTED_COMMAND,
    )


MAX_LISTED_CLAIMANTS = 12
"""Claimant ids a new claim's comment names (the rest are in content/claimants/)."""


CLAIM_TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/claim.schema.json
# A new claim. Fill in every "" below; `{command} validate` lists the fields still empty.
# Format and examples: docs/manual/content.md and CONTRIBUTING.md.

# The page headline, phrased as a question.
question: ""
# The statement being checked, under 75 characters where possible.
claim: ""
# Who made the claim: a claimant's id ({claimants}), or a one-off claimant's name.
claimant: ""
# Optional, when `claimant` is just one author's name: person | organization
# claimant_type: organization
# Ids of the sources in which the claim is made, e.g. [some-source-id].
appears_in: []
# The verdict: true | mostly-true | mixed | mostly-false | false | misleading | unproven
status: ""
# One or two sentences of conclusion.
summary: ""

# Every passage of a source that bears on the claim. Copy each quote verbatim from the
# source's text, within one paragraph; `stance` is supports | refutes | context.
# Add an optional `note:` to a citation to explain it. Sources you can cite (id: title):
{sources}
citations:
  - source: ""
    quote: ""
    stance: ""

# The reasoning, in Markdown, as an indented block below `analysis: |`
# (no raw HTML; links must start with http:// or https://).
analysis: |

# Topic slugs, e.g. [casualties, sourcing].
tags: []
# Who checked the claim (`authors`) and who reviewed it (`editor`: one person, not an
# author): ids of people in content/people/. Needed once the claim is published; the
# reviewer may add the editor. People (id: name):
{people}
authors: []
# editor: some-person-id
# Optional: ids of other published claims on the same question (each page links the other).
# related: [some-claim-id]
# Optional, for numeric disputes: the figures the sources give, each with its quote:
# reported:
#   - source: some-source-id
#     value: 100
#     unit: deaths
#     quote: the deaths of 100 troops
# Optional, to compare figures in different units, each factor with its outside source:
# conversions:
#   - unit: American football fields
#     to: hectares
#     factor: 0.535
#     title: American football field
#     url: https://en.wikipedia.org/wiki/American_football_field
# Optional: dated events, each dated by one source only as precisely as it does
# ("2025", "2025-08" or "2025-08-06"); leave out events a source does not date:
# timeline:
#   - event: Deployment began
#     date: "2025-08"
#     source: some-source-id
#     quote: began in August
# Outside sources for facts the analysis states that no source here gives:
# references:
#   - title: Page title
#     url: https://example.org/page
#     publisher: Example
#     language: ru  # only when the title is not in the site's language
published: {today}
updated: {today}
# Public log. Once the claim is published, add an entry whenever its status, quotes,
# reported values or what its summary says change (a wording fix needs none).
corrections: []
# Drafts are validated and shown in `factcheck serve` (marked as drafts), never published.
# Delete this line when the claim is ready.
draft: true
"""


# -- sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceFields:
    title: str = ""
    outlet: str = UNKNOWN
    published: str = UNKNOWN
    retrieved: str = UNKNOWN
    url: str | None = None
    language: str = "en"
    note: str | None = None


@dataclass(frozen=True)
class Imported:
    """An article's text, ready to be a source body."""

    body: str
    """Paragraphs separated by one blank line, words verbatim."""
    paragraphs: int
    blank_lines_inserted: bool
    """True when the text had one paragraph per line and blank lines were put between them."""


def import_text(path: Path) -> Imported:
    """Read an article's text and lay out its paragraphs as sources want them."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > MAX_FILE_BYTES:
        raise ScaffoldError(
            f"{path} is {len(data) / 1e6:.1f} MB; a source may be at most {MAX_FILE_BYTES // 2**20} MiB"
        )
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(
            f"{path} is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert it to UTF-8 first"
        ) from exc
    if "\x00" in text:
        raise ScaffoldError(f"{path} contains a NUL character; is it a binary file?")
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    joined = "\n".join(lines).strip("\n")
    if not joined.strip():
        raise ScaffoldError(f"{path} has no text")
    inserted = "\n\n" not in joined and "\n" in joined
    body = joined.replace("\n", "\n\n") if inserted else _BLANK_RUN.sub("\n\n", joined)
    return Imported(body, body.count("\n\n") + 1, inserted)


def source_skeleton(fields: SourceFields, body: str | None, kind_lines: Sequence[str] = ()) -> str:
    """A source's front matter (`kind_lines`, a kind's own, after `language:`), and `body`."""
    lines = [
        "---",
        "# The headline as printed; if the article has none, an editor's description in [square brackets].",
        f"title: {_scalar(fields.title)}",
        "# The publication as named in the article, or unknown.",
        f"outlet: {_scalar(fields.outlet)}",
        "# The date the article states (YYYY-MM-DD), or unknown. Never guessed.",
        f"published: {_scalar(fields.published)}",
    ]
    if fields.url:
        lines.append(f"url: {_scalar(fields.url)}")
    else:
        lines.append("# url: https://...  (where it was published, if known)")
    lines += [
        "# When this copy of the text was captured (YYYY-MM-DD), or unknown.",
        f"retrieved: {_scalar(fields.retrieved)}",
        f"language: {_scalar(fields.language)}",
        *kind_lines,
    ]
    if fields.note:
        lines.append(f"note: {_scalar(fields.note)}")
    else:
        lines.append("# note: where this text comes from, and any quirks of it")
    lines.append("---")
    if body is None:
        return "\n".join(lines) + "\n"
    return "\n".join(lines) + "\n" + body + "\n"


def _scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as the same string."""
    if value == "":
        return '""'
    if value == UNKNOWN or _DATE.match(value):
        return value
    dumped = (
        yaml.safe_dump(value, allow_unicode=True, width=1_000_000).removesuffix("\n...\n").strip()
    )
    if "\n" in dumped:  # a multi-line value: one double-quoted line instead
        dumped = yaml.safe_dump(
            value, default_style='"', allow_unicode=True, width=1_000_000
        ).strip()
    return dumped


def import_note(from_path: Path, imported: Imported) -> str:
    note = f"Imported from {from_path.name}."
    if imported.blank_lines_inserted:
        note += " In that file, paragraphs were separated by single newlines; blank lines were inserted between them."
    return note


# -- people and claimants -----------------------------------------------------------------

PERSON_TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/person.schema.json
# A person of the desk, credited on the claims they check (a claim's `authors`) or review
# (its `editor`). Fill in every "" below; `factcheck validate` lists the fields still empty.
# Format: docs/manual/content.md, "People".

# The name as bylines print it.
name: ""
# Their role at the desk, e.g. Fact-checker or Editor.
role: ""
# A short biography, in plain text (no HTML, no Markdown).
bio: ""
# Optional: their pages elsewhere (also ClaimReview's sameAs):
# links:
#   - title: Personal website
#     url: https://example.org/
# Optional: their GitHub user name, without @ (the optional sign-off check asks this
# account to approve a pull request that changes the verdict of a claim they edit):
# github: user-name
"""
"""`factcheck new person`: a skeleton that `validate` then completes."""

CLAIMANT_TEMPLATE = """\
# yaml-language-server: $schema=../../schemas/claimant.schema.json
# Someone whose claims the desk checks. Write this file's id as a claim's `claimant`, and
# their page lists the claim with its verdict. Fill in every "" below; `factcheck validate`
# lists the fields still empty. Format: docs/manual/content.md, "Claimants".

# The name as claim pages print it.
name: ""
# person or organization; delete the line for neither (e.g. an unattributed article).
type: ""
# Who they are, in a sentence or two (plain text).
description: ""
# Optional: their own website:
# url: https://example.org/
# Optional: pages that identify them elsewhere, such as their Wikidata item:
# same_as:
#   - https://www.wikidata.org/wiki/Q00000
"""
"""`factcheck new claimant`: a skeleton that `validate` then completes."""
