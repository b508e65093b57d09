"""Each page's own description, for `<meta name="description">` and `og:description`.

Plain text, whitespace collapsed, cut at a word to at most `DESCRIPTION_LIMIT`
characters. The page's front matter HTML-escapes it (`render.front_matter`), as
the theme prints it unescaped inside an attribute. The home page has none of its
own: the theme falls back to the site's `site_description`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.corpus.models import UNKNOWN
from generator.render.labels import format_date, shorten
from generator.render.views import ClaimView, SourceView

if TYPE_CHECKING:
    from generator.render.claim_lists import ListPage

__all__ = [
    "DATA_DESCRIPTION",
    "DESCRIPTION_LIMIT",
    "DRAFT_PREFIX",
    "MATRIX_DESCRIPTION",
    "METHODOLOGY_DESCRIPTION",
    "TIMELINE_DESCRIPTION",
    "claim_description",
    "claims_index_description",
    "list_page_description",
    "matrix_page_description",
    "source_description",
    "sources_index_description",
]

DESCRIPTION_LIMIT = 200
"""Characters kept: search results show about 155, link previews about 200."""

METHODOLOGY_DESCRIPTION = (
    "How a fact-check is made here: every quote checked word for word against the article's text,"
    " what each verdict means, the corrections policy, how to report an error, and the data we"
    " publish."
)
MATRIX_DESCRIPTION = (
    "Which source says what: each checked claim against each source, with whether its passages"
    " support the claim, refute it or give context."
)
DATA_DESCRIPTION = (
    "The data files this site publishes: every fact-check as JSON, schema.org ClaimReview, FEVER"
    " lines, W3C Web Annotations, each source's plain text and an Atom feed."
)
TIMELINE_DESCRIPTION = (
    "The events the checked claims discuss, in date order, each with the sources that date it,"
    " side by side where they disagree."
)


DRAFT_PREFIX = "Draft — not published. "
"""What a draft's description (in the preview) starts with, as its page's notice does:
a link preview or search snippet of it must not read as a published verdict."""


def claim_description(claim: ClaimView) -> str:
    """`Our verdict: False. Claim: <the claim> <the summary>`, shortened (after
    `DRAFT_PREFIX` for a draft)."""
    c = claim.claim
    text = f"Our verdict: {claim.summary.verdict.label}. Claim: {_sentence(c.claim)} {c.summary}"
    return shorten(_drafted(claim.summary.draft, text), DESCRIPTION_LIMIT)


def source_description(source: SourceView) -> str:
    """`The full text of “<title>” (<outlet>, <date>), with ...`, leaving out what is unknown
    (after `DRAFT_PREFIX` for a draft).

    A bracketed title is an editor's description of an article with no headline:
    it is not quoted as if it were the headline.
    """
    ref = source.ref
    title = _collapsed(ref.title)
    name = title if title.startswith("[") else f"“{title}”"
    details = ([ref.outlet] if ref.outlet != UNKNOWN else []) + (
        [format_date(ref.published)] if ref.published else []
    )
    where = f" ({', '.join(details)})" if details else ""
    said = _SAID_OF_KIND.get(ref.kind.value, "The full text of {name}{where}")
    text = f"{said.format(name=name, where=where)}, with the passages our fact-checks quote highlighted."
    return shorten(_drafted(ref.draft, text), DESCRIPTION_LIMIT)


_SAID_OF_KIND = {
    "post": "The text of the post {name}{where}, as posted",
    "image": "The image {name}{where} and the text in it",
    "video": "The transcript of {name}{where}, cue by cue",
    "audio": "The transcript of {name}{where}, cue by cue",
    "document": "The text of {name}{where}, page by page",
}
"""What a source page's description says it holds, by kind (an article: its full text)."""


def _drafted(draft: bool, description: str) -> str:
    return DRAFT_PREFIX + description if draft else description


def claims_index_description(count: int) -> str:
    return f"The {_count(count, 'fact-check')} on this site, by verdict and by tag."


def list_page_description(page: ListPage) -> str:
    """`The 1429 fact-checks on this site with the verdict False, page 2 of 3.` (published
    ones: a preview's drafts are no fact-checks yet)."""
    group = page.group
    count = _count(sum(1 for claim in group.claims if not claim.draft), "fact-check")
    which = f"with the verdict {group.title}" if group.verdict else f"tagged “{group.title}”"
    of_pages = f", page {page.number} of {len(page.paths)}" if len(page.paths) > 1 else ""
    return shorten(f"The {count} on this site {which}{of_pages}.", DESCRIPTION_LIMIT)


def matrix_page_description(number: int, count: int) -> str:
    """`MATRIX_DESCRIPTION`, and which of its `count` pages this is when there are several."""
    if count == 1:
        return MATRIX_DESCRIPTION
    return shorten(f"{MATRIX_DESCRIPTION} Page {number} of {count}.", DESCRIPTION_LIMIT)


def sources_index_description(count: int, number: int = 1, pages: int = 1) -> str:
    """What the sources index lists (`count`: the published sources), and which of its
    `pages` this is when there are several."""
    described = f"The {_count(count, 'article')} our fact-checks quote, each with its full text as we captured it."
    if pages == 1:
        return described
    return shorten(f"{described} Page {number} of {pages}.", DESCRIPTION_LIMIT)


_CLOSING = "\"')]\u00bb\u201d\u2019"
"""Closing quotation marks and brackets, which may follow a sentence's last punctuation."""


def _sentence(text: str) -> str:
    """`text` ending as a sentence does (a full stop added when it has no closing punctuation)."""
    collapsed = _collapsed(text)
    return (
        collapsed if collapsed.rstrip(_CLOSING).endswith((".", "!", "?", "…")) else f"{collapsed}."
    )


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
