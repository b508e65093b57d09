"""Where generated files go in docs_dir, and Markdown-relative links between them.

Internal links are written as Markdown links to the `.md` file
(`../sources/x.md#q-1-2`), so MkDocs rewrites them for `use_directory_urls` and
the offline bundle alike, and its link and anchor validation checks every one.
"""

from __future__ import annotations

import posixpath
import re

from markdown.extensions.toc import slugify_unicode

from generator.render.markup import SafeMarkdown

__all__ = [
    "ABOUT_PAGE",
    "CLAIMANTS_INDEX",
    "CLAIMS_EXPORT",
    "CLAIMS_INDEX",
    "DATA_PAGE",
    "HOME",
    "METHODOLOGY",
    "SOURCES_INDEX",
    "SOURCE_TEXTS",
    "checked_id",
    "claim_page",
    "claimant_page",
    "fragment_link",
    "heading_id",
    "media_path",
    "numbered_page",
    "pdf_page_link",
    "person_page",
    "relative_link",
    "source_page",
    "source_text",
    "tag_page",
    "verdict_page",
]

HOME = "index.md"
CLAIMS_INDEX = "claims/index.md"
SOURCES_INDEX = "sources/index.md"
METHODOLOGY = "methodology.md"
CLAIMS_EXPORT = "api/claims.json"
DATA_PAGE = "data.md"
SOURCE_TEXTS = "api/sources"
"""Where each source's text is published as plain text (`source_text`)."""

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DOCS_PATH = re.compile(
    r"^(?:[a-z0-9][a-z0-9-]*/)*[a-z0-9][a-z0-9-]*\.(?:md|json|jsonl|jsonld|xml|txt)$"
    r"|^sources/[a-z0-9][a-z0-9-]*/[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
    r"\.(?i:png|jpe?g|gif|webp|pdf)$"
)
"""A generated page or data file; or a source's file (`media_path`)."""
_MEDIA_NAME = re.compile(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.(?i:png|jpe?g|gif|webp|pdf)$"
)
_PDF_PAGE = re.compile(r"^page=[1-9][0-9]{0,5}$")


def checked_id(value: str) -> str:
    """`value` if it is a slug (safe in a path, an HTML id or a URL); raises otherwise."""
    if not _ID.match(value):
        raise ValueError(f"not a slug: {value!r}")
    return value


_HEADING_ID = re.compile(r"^[^\W_][\w-]*$")
"""An id Python-Markdown's table of contents gives a heading (`heading_id`): letters and
digits of any script, `_` and `-`; nothing a link or an attribute would read otherwise."""
HEADING_SEPARATOR = "-"


def heading_id(text: str) -> SafeMarkdown:
    """The id a heading of `text` gets on its page: the table of contents' Unicode slug
    (the publisher configures the same one: `toc.slugify`), so a link to a heading of ours
    works in every language (`Corrections policy` is `corrections-policy`, `Política de
    correcciones` is `política-de-correcciones`)."""
    return SafeMarkdown(_checked_fragment(slugify_unicode(text, HEADING_SEPARATOR)))


def fragment_link(fragment: str) -> SafeMarkdown:
    """A link destination to an id on the same page."""
    return SafeMarkdown(f"#{_checked_fragment(fragment)}")


def _checked_fragment(fragment: str) -> str:
    if not _HEADING_ID.match(fragment):
        raise ValueError(f"not an id: {fragment!r}")
    return fragment


def claim_page(claim_id: str) -> str:
    """The Markdown file of a claim, relative to docs_dir."""
    return f"claims/{checked_id(claim_id)}.md"


def source_page(source_id: str) -> str:
    """The Markdown file of a source, relative to docs_dir."""
    return f"sources/{checked_id(source_id)}.md"


def verdict_page(status: str) -> str:
    """The list of the claims with this verdict, on a site too large for one claims index.

    In a folder of its own, as the tags' lists are: a name in `claims/` itself could be
    a claim's id. (No `index.md` there either: `claims/verdict/index.md` and a claim
    `verdict` would both be published as `claims/verdict/`.)"""
    return f"claims/verdict/{checked_id(status)}.md"


def tag_page(tag: str) -> str:
    """The list of the claims with this tag, on a site too large for one claims index."""
    return f"claims/tag/{checked_id(tag)}.md"


def numbered_page(first_page: str, number: int) -> str:
    """Page `number` (from 1) of a list split over pages, whose first page is `first_page`:
    `matrix.md`, then `matrix/2.md`, `matrix/3.md`, ..."""
    if number < 1:
        raise ValueError(f"pages are numbered from 1: {number}")
    if number == 1:
        return first_page
    return f"{first_page.removesuffix('.md')}/{number}.md"


def media_path(source_id: str, name: str) -> str:
    """A file beside a source (its screenshot, image or PDF), relative to docs_dir: in the
    folder that the source's page is published as (`sources/<id>/`)."""
    if not _MEDIA_NAME.match(name):
        raise ValueError(f"not a media file name: {name!r}")
    return f"sources/{checked_id(source_id)}/{name}"


def pdf_page_link(from_page: str, target: str, page: int) -> SafeMarkdown:
    """A link destination to page `page` of the PDF `target` (`#page=N`, RFC 8118)."""
    fragment = f"page={page}"
    if not _PDF_PAGE.match(fragment) or not target.lower().endswith(".pdf"):
        raise ValueError(f"not a PDF page: {target!r} {fragment!r}")
    return SafeMarkdown(f"{relative_link(from_page, target)}#{fragment}")


def source_text(source_id: str) -> str:
    """The plain-text copy of a source's body, relative to docs_dir: exactly the text
    whose characters `Anchor.start`/`end` count (`api/annotations.jsonld` selects in it)."""
    return f"{SOURCE_TEXTS}/{checked_id(source_id)}.txt"


def relative_link(from_page: str, target: str, fragment: str | None = None) -> SafeMarkdown:
    """A link destination from `from_page` to `target` (both relative to docs_dir)."""
    for path in (from_page, target):
        if not _DOCS_PATH.match(path):
            raise ValueError(f"not a generated docs path: {path!r}")
    link = _relative_path(target, posixpath.dirname(from_page))
    if fragment is not None:
        link += f"#{_checked_fragment(fragment)}"
    return SafeMarkdown(link)


def _relative_path(target: str, from_dir: str) -> str:
    """`posixpath.relpath(target, from_dir or ".")` for checked docs paths (slug
    segments, never `.` or `..`), without its two `os.getcwd()` calls per link."""
    parts = target.split("/")
    from_parts = from_dir.split("/") if from_dir else []
    common = 0
    while (
        common < len(from_parts) and common < len(parts) - 1 and from_parts[common] == parts[common]
    ):
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + parts[common:])


ABOUT_PAGE = "about.md"
"""The About page: who runs, owns and funds the desk (`content/about.yaml`)."""
CLAIMANTS_INDEX = "claimants/index.md"
"""The list of claimants with a file, each with their number of fact-checks."""


def person_page(person_id: str) -> str:
    """The Markdown file of a person of the desk, relative to docs_dir."""
    return f"people/{checked_id(person_id)}.md"


def claimant_page(claimant_id: str) -> str:
    """The Markdown file of a claimant, relative to docs_dir."""
    return f"claimants/{checked_id(claimant_id)}.md"
