"""Typed models of the content.

Input models (`SourceMeta`, `Claim` and their parts) are pydantic models, chosen
on purpose: one declaration gives fast validation that reports *every* problem
with its location, and the JSON Schema that editors use (`schemas/`). Field
docstrings become the schema's descriptions.

Validated output (`SourceDoc`, `ClaimDoc`, `Corpus`) are frozen dataclasses
that carry what later stages need: paths, line numbers, quote anchors, and the
analysis as validation parsed it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal, Protocol

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StrictBool,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from generator.corpus.analysis import ConvertedAnalysis
from generator.corpus.scale import Stance, Status

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
HTTP_URL_PATTERN = r"^https?://[^\s/?#]+\.[^\s/?#]+([/?#]\S*)?$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
UNKNOWN = "unknown"

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
HttpUrl = Annotated[str, StringConstraints(pattern=HTTP_URL_PATTERN, max_length=2000)]
Text = Annotated[str, StringConstraints(pattern=r"\S", max_length=1000)]
LONG_TEXT_LIMIT = 100_000
LongText = Annotated[str, StringConstraints(pattern=r"\S", max_length=LONG_TEXT_LIMIT)]
Quote = Annotated[str, StringConstraints(pattern=r"\S", max_length=3000)]
LanguageTag = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN, max_length=35)]
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _calendar_date(value: object, kind: str) -> dt.date:
    """A date, or a YYYY-MM-DD text that is a day of the calendar; one clear error otherwise.

    Pydantic's own date parsing would also take numbers (86400 -> 1970-01-02) and
    datetimes, which are always a contributor's mistake here.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError(
                "date_not_in_calendar", "no such day in the calendar"
            ) from None
    raise PydanticCustomError(kind, "expected a date written YYYY-MM-DD")


def _date_only(value: object) -> dt.date:
    return _calendar_date(value, "date_only")


def _date_or_unknown(value: object) -> object:
    """Let only dates and the word `unknown` through, with one clear message otherwise."""
    if value == UNKNOWN:
        return value
    return _calendar_date(value, "date_or_unknown")


Date = Annotated[dt.date, BeforeValidator(_date_only)]
MaybeDate = Annotated[dt.date | Literal["unknown"], BeforeValidator(_date_or_unknown)]
Number = Annotated[float, Strict()]
"""An int or a float as YAML writes it; not a boolean, not text."""

MAX_CITATIONS = 200
CLAIM_RECOMMENDED_LENGTH = 75
MAX_PEOPLE = 20
"""Most authors a claim names."""
MAX_RELATED = 50
"""Most related claims a claim names."""
MEDIA_NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$"
"""A file name beside a source: letters, digits, `-`, `_` and dots between them; no folders."""


class SourceKind(StrEnum):
    """What a source is; each kind has its own fields, text and page."""

    ARTICLE = "article"
    POST = "post"
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    DOCUMENT = "document"

    @property
    def timed(self) -> bool:
        """A recording whose text is a transcript of timed cues."""
        return self in (SourceKind.VIDEO, SourceKind.AUDIO)


def _media_name(value: object) -> object:
    """A plain file name, with one clear message for a path or anything else."""
    if isinstance(value, str) and (
        "/" in value or "\\" in value or value in (".", "..") or value.startswith(".")
    ):
        raise PydanticCustomError(
            "media_name_path",
            "a file name without folders (e.g. `screenshot.png`): put the file in the source's own folder, content/sources/<id>/",
        )
    return value


MediaName = Annotated[
    str,
    BeforeValidator(_media_name),
    StringConstraints(pattern=MEDIA_NAME_PATTERN, max_length=100),
]
MAX_ARCHIVED = 20
"""Most archived copies one source may list (a source needs one or two)."""


class _Model(BaseModel):
    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        use_attribute_docstrings=True,
        str_strip_whitespace=False,
    )


class Correction(_Model):
    """One entry in a claim's public corrections log."""

    date: Date
    """When the correction was made (YYYY-MM-DD)."""
    note: Text
    """What changed and why."""


class SourceCorrection(Correction):
    """One entry in the public log of changes to a published source's text (our copy)."""

    typo: StrictBool = False
    """`true` when the change only fixes a slip of ours in copying the text (a few words,
    the paragraphs kept), so that our copy matches the original; leave it out otherwise."""


class ArchivedCopy(_Model):
    """A capture of the original article by a web archive."""

    url: HttpUrl
    """The capture's address (http or https), e.g. a Wayback Machine address
    `https://web.archive.org/web/<YYYYMMDDhhmmss>/<the article's address>`."""
    date: Date
    """When the archive captured the page (YYYY-MM-DD); for the Wayback Machine, the day its timestamp gives."""


class SourceMeta(_Model):
    """Front matter of a source article (`content/sources/<id>.md`)."""

    id: Slug | None = None
    """Optional; when given it must equal the file name without `.md`."""
    kind: SourceKind = SourceKind.ARTICLE
    """`article` (the default), `post`, `image`, `video`, `audio` or `document`: what the text
    below the front matter is (the manual's "Kinds of sources")."""
    title: Text
    """The headline as printed. If the article has none, an editor's description in [square brackets]."""
    outlet: Text
    """The publication, as named in the article, or `unknown`."""
    published: MaybeDate
    """Publication date as the article states it (YYYY-MM-DD), or `unknown`. Never guessed."""
    url: HttpUrl | None = None
    """Where the article was published (http or https), if known."""
    retrieved: MaybeDate
    """When this copy of the text was captured (YYYY-MM-DD), or `unknown`."""
    archived: list[ArchivedCopy] = Field(default_factory=list, max_length=MAX_ARCHIVED)
    """Captures of the original by web archives (the Wayback Machine, archive.today,
    Perma.cc); `factcheck archive` asks the Wayback Machine for one."""
    corrections: list[SourceCorrection] = Field(default_factory=list)
    """Public log of changes to the text once published, oldest first: `validate --base`
    requires an entry for each change, typo fixes included."""
    language: LanguageTag
    """BCP 47 language tag of the text, e.g. `en`."""
    author: Text | None = None
    """Byline, if the article gives one."""
    note: LongText | None = None
    """Editor's note on provenance or quirks of the text (shown on the source page)."""
    platform: Text | None = None
    """A post's (or a recording's) platform as it names itself, e.g. `Telegram`; required for a post."""
    handle: Text | None = None
    """A post's author as the platform shows them, e.g. `@example_account`; required for a post."""
    screenshot: MediaName | None = None
    """A post's screenshot (PNG, JPEG, GIF or WebP), a file name in `content/sources/<id>/`."""
    file: MediaName | None = None
    """An image's picture (PNG, JPEG, GIF or WebP) or a document's PDF, a file name in `content/sources/<id>/`; required for those kinds."""
    alt: Text | None = None
    """An image's alt text: what it shows, for readers who cannot see it; required for an image."""
    description: LongText | None = None
    """An image's description: where it comes from and what matters in it; required for an image."""
    draft: StrictBool = False
    """A draft source is validated but never published; only draft claims may cite it."""


class Citation(_Model):
    """A verbatim passage of a source that bears on the claim."""

    source: Slug
    """Id of the cited source (its file name in `content/sources/` without `.md`)."""
    quote: Quote
    """The passage, copied verbatim from the source text (quotes, dashes and spacing may differ)."""
    stance: Stance
    """`supports`, `refutes` or `context`."""
    note: Text | None = None
    """Optional remark shown beside the quote."""


class Reported(_Model):
    """A figure one source reports, for numeric disputes."""

    source: Slug
    """Id of the source reporting the figure."""
    value: Number
    """The figure as a number."""
    unit: Annotated[str, StringConstraints(pattern=r"\S", max_length=60)]
    """What the figure counts, e.g. `deaths`, `hectares`, `American football fields`."""
    quote: Quote
    """The verbatim passage that gives the figure."""
    note: Text | None = None
    """Optional remark, e.g. how the figure was read."""


class Conversion(_Model):
    """How to convert a reported unit into another, so figures can be compared."""

    unit: Annotated[str, StringConstraints(pattern=r"\S", max_length=60)]
    """The unit as written in `reported`, e.g. `American football fields`."""
    to: Annotated[str, StringConstraints(pattern=r"\S", max_length=60)]
    """The unit to compare in, e.g. `hectares`."""
    factor: Number = Field(gt=0)
    """How many `to` one `unit` is, e.g. 0.535."""
    title: Text
    """Title of the outside source for the factor."""
    url: HttpUrl
    """Where the factor comes from (http or https)."""
    note: Text | None = None
    """How the factor was derived."""


PartialDate = Annotated[
    str, StringConstraints(pattern=r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
]


class DatedEvent(_Model):
    """An event a source places in time, for the timeline."""

    event: Text
    """What happened, in a few words, e.g. `Deployment began`."""
    date: PartialDate
    """As precise as the source is: `2025`, `2025-08` or `2025-08-06`. Leave events a source does not date out."""
    source: Slug
    """Id of the source that dates it."""
    quote: Quote
    """The verbatim passage that gives the date."""
    note: Text | None = None
    """How the date was read, e.g. `"early August" read as 2025-08`."""


class Reference(_Model):
    """An outside source for a fact the analysis states that the articles do not."""

    title: Text
    """Title of the referenced page or document."""
    url: HttpUrl
    """Where to find it (http or https)."""
    publisher: Text | None = None
    """Who publishes it."""
    language: LanguageTag | None = None
    """BCP 47 language tag of the title and the page (e.g. `ru`), when not the site's."""
    note: Text | None = None
    """Which fact in the analysis it supports."""


class ClaimantType(StrEnum):
    """What kind of author the claimant is, for schema.org (`itemReviewed.author`)."""

    PERSON = "person"
    ORGANIZATION = "organization"


class Claim(_Model):
    """A disputed claim (`content/claims/<id>.yaml`)."""

    id: Slug | None = None
    """Optional; when given it must equal the file name without `.yaml`."""
    question: Text
    """The page headline, phrased as a question."""
    claim: Text
    """The statement being checked; under 75 characters where possible (ClaimReview)."""
    claimant: Text
    """Who made the claim. The id of a claimant file (`content/claimants/<id>.yaml`), whose
    page then lists the claim; or, for a one-off claimant, their name."""
    claimant_type: ClaimantType | None = None
    """For a claimant named here: `person` when `claimant` is just the name of one person
    (the ClaimReview's `itemReviewed.author` is then a Person, otherwise an Organization),
    `organization` when it is the name of one organisation; leave it out otherwise (a
    claimant file gives its own `type`)."""
    appears_in: list[Slug] = Field(default_factory=list)
    """Ids of the sources in which the claim is made (ClaimReview `appearance`)."""
    status: Status
    """The verdict: one of the status scale's keys."""
    summary: Text
    """One or two sentences of conclusion."""
    citations: list[Citation] = Field(min_length=1, max_length=MAX_CITATIONS)
    """Every source passage that speaks to the claim, each with its stance."""
    analysis: LongText
    """The reasoning, in Markdown (no raw HTML; links must be http or https)."""
    tags: list[Slug]
    """Topic slugs used to group claims."""
    published: Date
    """When this fact-check was first published (YYYY-MM-DD)."""
    updated: Date
    """When it last changed (YYYY-MM-DD); not older than `published` or the newest correction."""
    corrections: list[Correction] = Field(default_factory=list)
    """Public log of corrections, oldest first."""
    reported: list[Reported] = Field(default_factory=list, max_length=MAX_CITATIONS)
    """Figures the sources give, shown side by side."""
    references: list[Reference] = Field(default_factory=list)
    """Outside sources for facts stated in the analysis."""
    conversions: list[Conversion] = Field(default_factory=list, max_length=50)
    """Unit conversions for comparing `reported` figures, each with its outside source."""
    timeline: list[DatedEvent] = Field(default_factory=list, max_length=MAX_CITATIONS)
    """Dated events the claim discusses, each dated by one source (sources may disagree)."""
    authors: list[Slug] = Field(default_factory=list, max_length=MAX_PEOPLE)
    """Ids of the people who checked the claim (files in `content/people/`); required once
    it is published."""
    editor: Slug | None = None
    """Id of the person who reviewed the check, who is not one of its `authors`; required
    once it is published."""
    related: list[Slug] = Field(default_factory=list, max_length=MAX_RELATED)
    """Ids of other published claims on the same question; both claims' pages link each other."""
    draft: StrictBool = False
    """A draft is validated but never published."""
    language: LanguageTag | None = None
    """BCP 47 language tag of the fact-check's own text (question, claim, summary, analysis,
    notes), when it is not the site's (`theme.language` in mkdocs.yml)."""
    translations: dict[LanguageTag, Slug] = Field(default_factory=dict, max_length=50)
    """The same fact-check in the site's other language editions (mkdocs.yml's
    `extra.alternate`): each edition's language and the claim's id there, e.g. `{es: some-id}`."""


class ClaimLinks(Protocol):
    """What the checks across claims read of a claim (`corpus.newsroom`, tags and
    translations): a `Claim` has it, and so does what `judged_apart` hands back."""

    @property
    def draft(self) -> bool: ...
    @property
    def tags(self) -> Sequence[str]: ...
    @property
    def translations(self) -> Mapping[str, str]: ...
    @property
    def authors(self) -> Sequence[str]: ...
    @property
    def editor(self) -> str | None: ...
    @property
    def claimant(self) -> str: ...
    @property
    def claimant_type(self) -> ClaimantType | None: ...
    @property
    def related(self) -> Sequence[str]: ...


# -- the newsroom: people, claimants, the About page ------------------------------------

GITHUB_HANDLE_PATTERN = r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$"
GitHubHandle = Annotated[str, StringConstraints(pattern=GITHUB_HANDLE_PATTERN, max_length=39)]
BIO_LIMIT = 2000
Bio = Annotated[str, StringConstraints(pattern=r"\S", max_length=BIO_LIMIT)]
ABOUT_TEXT_LIMIT = 20_000
AboutText = Annotated[str, StringConstraints(pattern=r"\S", max_length=ABOUT_TEXT_LIMIT)]
CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
Percent = Annotated[float, Strict(), Field(gt=0, le=100)]
"""A share in per cent: more than 0, at most 100."""


class Link(_Model):
    """A page about a person, or by them, elsewhere."""

    title: Text
    """What the page is, e.g. `Personal website`."""
    url: HttpUrl
    """Its address (http or https)."""


class Person(_Model):
    """A member of the desk (`content/people/<id>.yaml`), credited on the claims they check or edit."""

    id: Slug | None = None
    """Optional; when given it must equal the file name without `.yaml`."""
    name: Text
    """The name as bylines print it."""
    role: Text
    """Their role at the desk, e.g. `Fact-checker` or `Editor`."""
    bio: Bio
    """A short biography, in plain text (no HTML, no Markdown)."""
    links: list[Link] = Field(default_factory=list, max_length=20)
    """Their pages elsewhere (a personal website, a profile); ClaimReview's `sameAs` too."""
    github: GitHubHandle | None = None
    """Their GitHub user name, without `@`: the optional sign-off check asks this account to
    approve a pull request that changes the verdict of a claim they edit."""
    placeholder: StrictBool = False
    """A stand-in, not a real person: its page and the About page say so, and ClaimReview
    names the publisher instead. Replace it with a real person's file before publishing."""


class Claimant(_Model):
    """Someone whose claims the desk checks (`content/claimants/<id>.yaml`); their page lists them."""

    id: Slug | None = None
    """Optional; when given it must equal the file name without `.yaml`."""
    name: Text
    """The name as claim pages print it."""
    type: ClaimantType | None = None
    """`person` or `organization`, for schema.org (ClaimReview's `itemReviewed.author`);
    leave it out for neither (e.g. an unattributed article), which ClaimReview gives as an
    Organization."""
    description: Text
    """Who they are, in a sentence or two (plain text)."""
    url: HttpUrl | None = None
    """Their own website, if any (ClaimReview's `url`)."""
    same_as: list[HttpUrl] = Field(default_factory=list, max_length=20)
    """Pages that identify them elsewhere, e.g. their Wikidata item (ClaimReview's `sameAs`)."""


class Owner(_Model):
    """One owner of the desk."""

    name: Text
    """The owner's name: a person or an organisation."""
    share: Percent | None = None
    """Their share of the desk in per cent, where there are several owners."""
    url: HttpUrl | None = None
    """Their website, if any."""
    note: Text | None = None
    """Anything a reader should know about them."""


class Funder(_Model):
    """One source of the desk's funding in a year: an amount, a share, or both."""

    name: Text
    """Who gave the money (a grant-maker, a company, `Reader donations`, ...)."""
    amount: Number | None = Field(default=None, ge=0)
    """How much, in `currency`."""
    currency: CurrencyCode | None = None
    """ISO 4217 code of `amount`, e.g. `EUR`."""
    share: Percent | None = None
    """Its share of the year's funding, in per cent."""
    url: HttpUrl | None = None
    """The funder's website, if any."""
    note: Text | None = None
    """What the money was for, or any condition attached to it."""


class FundingYear(_Model):
    """Where the desk's money came from in one year."""

    year: Annotated[int, Strict(), Field(ge=1900, le=2200)]
    """The year, e.g. `2026`."""
    funders: list[Funder] = Field(min_length=1, max_length=200)
    """Every source of funding that year."""


class About(_Model):
    """The desk's transparency statement (`content/about.yaml`), shown on the About page.

    Every key is optional to the schema, but `factcheck validate` warns about each item of
    the IFCN Code of Principles that is missing (and `--strict` fails)."""

    who_we_are: AboutText | None = None
    """Who runs the desk and what it does, in Markdown."""
    legal_form: Text | None = None
    """The desk's legal form, e.g. `Non-profit association registered in ...`."""
    owners: list[Owner] = Field(default_factory=list, max_length=100)
    """Who owns the desk."""
    funding: list[FundingYear] = Field(default_factory=list, max_length=100)
    """Where the desk's money comes from, per year, with amounts or shares."""
    nonpartisanship: AboutText | None = None
    """The desk's nonpartisanship statement, in Markdown."""
    how_we_choose: AboutText | None = None
    """How the desk chooses the claims it checks, in Markdown."""
    how_to_suggest: AboutText | None = None
    """How readers suggest a claim to check, in Markdown (the page adds where to write)."""
    placeholders: dict[str, Text] = Field(default_factory=dict)
    """Items not stated yet, by key (e.g. `owners: Not stated yet.`), each with a note that
    the page shows in its place; validation counts them as given. Replace each before publishing."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source body."""

    number: int
    """1-based position in the body; the page anchor is `p<number>`."""
    start: int
    """Offset of the paragraph's first character in the body."""
    end: int
    """Offset just past its last character."""
    line: int
    """Line of the source file on which it starts."""


@dataclass(frozen=True)
class Anchor:
    """Where a quote was found in its source."""

    paragraph: int
    """Number of the paragraph in which the quote starts."""
    start: int
    """Offset of the quote's first character in the source body."""
    end: int
    """Offset just past its last character."""

    @property
    def fragment(self) -> str:
        """Stable HTML id of the highlighted passage on the source page."""
        return f"q-{self.start}-{self.end}"


@dataclass(frozen=True)
class Cue:
    """One timed cue of a video's or an audio's transcript: one paragraph of its text."""

    paragraph: int
    """The number of its paragraph in the text (the n-th cue is paragraph n)."""
    start_ms: int
    """When it starts, in milliseconds from the beginning of the recording."""
    end_ms: int
    """When it ends, in milliseconds."""

    @property
    def start_seconds(self) -> int:
        """The whole second it starts in (for links to the original at that second)."""
        return self.start_ms // 1000


@dataclass(frozen=True)
class Page:
    """One page of a document, as the paragraphs of its text that the desk gave."""

    number: int
    """The page's number in the PDF, from 1."""
    first_paragraph: int
    """The number of its first paragraph in the text."""
    last_paragraph: int
    """The number of its last paragraph."""


@dataclass(frozen=True)
class MediaFile:
    """A file beside a source (`content/sources/<id>/<name>`), checked by its content."""

    name: str
    """The file name."""
    path: Path
    """Where it was read from."""
    media_type: str
    """Its type by its content, e.g. `image/png` or `application/pdf`."""
    size: int
    """Its size in bytes."""
    sha256: str
    """The digest of its bytes: what is published must be what was checked."""
    width: int = 0
    """An image's width in pixels (0 for a PDF)."""
    height: int = 0
    """An image's height in pixels (0 for a PDF)."""
    pages: int = 0
    """A PDF's number of pages (0 for an image)."""


@dataclass(frozen=True)
class SourceDoc:
    """A validated source: an article, a post, an image, a recording or a document."""

    id: str
    """File stem, a slug."""
    path: Path
    """The file it was read from."""
    meta: SourceMeta
    """Its front matter."""
    body: str
    """The article text, verbatim."""
    paragraphs: tuple[Paragraph, ...]
    """The body's paragraphs, in order."""
    cues: tuple[Cue, ...] = ()
    """A video's or an audio's cues, one per paragraph, in order (empty for other kinds)."""
    pages: tuple[Page, ...] = ()
    """A document's pages that have text, in order (empty for other kinds)."""
    media: tuple[MediaFile, ...] = ()
    """The files it publishes beside its page (its screenshot, image or PDF)."""

    @property
    def kind(self) -> SourceKind:
        return self.meta.kind

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.body[paragraph.start : paragraph.end]

    def cue(self, paragraph: int) -> Cue | None:
        """The cue that is paragraph number `paragraph` (None for a source without cues)."""
        return self.cues[paragraph - 1] if self.cues else None

    def page_of(self, paragraph: int) -> Page | None:
        """The page on which paragraph number `paragraph` stands (None without pages)."""
        for page in self.pages:
            if page.first_paragraph <= paragraph <= page.last_paragraph:
                return page
        return None

    def media_file(self, name: str | None) -> MediaFile | None:
        """The file of that name beside the source, if it publishes one."""
        return next((m for m in self.media if m.name == name), None)


@dataclass(frozen=True)
class CitedQuote:
    """A citation or reported figure together with where its quote sits."""

    source: str
    """Id of the source."""
    quote: str
    """The quote as written in the claim file."""
    anchor: Anchor
    """Its place in the source body."""


@dataclass(frozen=True)
class ClaimDoc:
    """A validated claim with its quotes anchored."""

    id: str
    """File stem, a slug."""
    path: Path
    """The file it was read from."""
    claim: Claim
    """The claim's content."""
    citation_anchors: tuple[Anchor, ...]
    """One anchor per entry of `claim.citations`, same order."""
    reported_anchors: tuple[Anchor, ...]
    """One anchor per entry of `claim.reported`, same order."""
    line: int = 1
    """Line of the first key, for messages."""
    timeline_anchors: tuple[Anchor, ...] = ()
    """One anchor per entry of `claim.timeline`, same order."""
    converted_analysis: ConvertedAnalysis = field(kw_only=True, repr=False)
    """`claim.analysis` converted from Markdown (`corpus.analysis`), not yet sanitised:
    render sanitises this very parse and never converts the analysis again."""

    @property
    def analysis_html(self) -> str:
        """The converted analysis's HTML."""
        return self.converted_analysis.html


@dataclass(frozen=True)
class PersonDoc:
    """A validated person of the desk."""

    id: str
    """File stem, a slug."""
    path: Path
    """The file it was read from."""
    person: Person
    """What the file says."""


@dataclass(frozen=True)
class ClaimantDoc:
    """A validated claimant."""

    id: str
    """File stem, a slug."""
    path: Path
    """The file it was read from."""
    claimant: Claimant
    """What the file says."""


@dataclass(frozen=True)
class AboutDoc:
    """The validated `about.yaml`, its Markdown converted once as an analysis is."""

    path: Path
    """The file it was read from."""
    about: About
    """What the file says."""
    texts_html: tuple[tuple[str, str], ...] = ()
    """(key, HTML) of each Markdown text it gives, converted (`corpus.analysis`), not sanitised."""

    def html(self, key: str) -> str | None:
        """The converted Markdown of text `key`, or None when the file does not give it."""
        return dict(self.texts_html).get(key)


@dataclass(frozen=True)
class Corpus:
    """Everything validated, ready to render. Claims and sources are sorted by id."""

    claims: tuple[ClaimDoc, ...]
    """Every claim, drafts included."""
    sources: tuple[SourceDoc, ...]
    """Every source."""
    warnings: tuple[object, ...] = field(default=())
    """Problems of warning severity found while validating."""
    people: tuple[PersonDoc, ...] = ()
    """Every person of the desk, by id."""
    claimants: tuple[ClaimantDoc, ...] = ()
    """Every claimant with a file, by id."""
    about: AboutDoc | None = None
    """The transparency statement, when `about.yaml` exists."""

    @property
    def published_claims(self) -> tuple[ClaimDoc, ...]:
        """Claims that go on the site: drafts left out."""
        return tuple(c for c in self.claims if not c.claim.draft)

    @property
    def published_sources(self) -> tuple[SourceDoc, ...]:
        """Sources that go on the site: drafts left out."""
        return tuple(s for s in self.sources if not s.meta.draft)

    def shown_claims(self, include_drafts: bool) -> tuple[ClaimDoc, ...]:
        """Claims a render shows: the published ones, and the drafts too in a preview."""
        return self.claims if include_drafts else self.published_claims

    def shown_sources(self, include_drafts: bool) -> tuple[SourceDoc, ...]:
        """Sources a render shows: the published ones, and the drafts too in a preview."""
        return self.sources if include_drafts else self.published_sources

    def source(self, source_id: str) -> SourceDoc:
        return self._sources_by_id[source_id]

    @cached_property
    def _sources_by_id(self) -> dict[str, SourceDoc]:
        # Built once: a lookup per citation must not rescan every source.
        return {s.id: s for s in self.sources}
