"""Each page's own description, for `<meta name="description">` and `og:description`.

Plain text, whitespace collapsed, cut at a word to at most `DESCRIPTION_LIMIT`
characters. The page's front matter HTML-escapes it (`render.front_matter`), as
the theme prints it unescaped inside an attribute. The home page has none of its
own: the theme falls back to the site's `site_description`. In the site's language
(`generator.render.i18n`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from generator.corpus.models import UNKNOWN
from generator.render.i18n import N_, gettext, ngettext
from generator.render.labels import format_date, shorten, verdict_label
from generator.render.views import ClaimView, SourceView

if TYPE_CHECKING:
    from generator.render.claim_lists import ListPage

__all__ = [
    "DESCRIPTION_LIMIT",
    "claim_description",
    "claims_index_description",
    "data_description",
    "draft_prefix",
    "list_page_description",
    "matrix_description",
    "matrix_page_description",
    "methodology_description",
    "source_description",
    "sources_index_description",
    "timeline_description",
]

DESCRIPTION_LIMIT = 200
"""Characters kept: search results show about 155, link previews about 200."""


def methodology_description() -> str:
    return gettext(
        "How a fact-check is made here: every quote checked word for word against the article's"
        " text, what each verdict means, the corrections policy, how to report an error, and the"
        " data we publish."
    )


def matrix_description() -> str:
    return gettext(
        "Which source says what: each checked claim against each source, with whether its"
        " passages support the claim, refute it or give context."
    )


def data_description() -> str:
    return gettext(
        "The data files this site publishes: every fact-check as JSON, schema.org ClaimReview,"
        " FEVER lines, W3C Web Annotations, each source's plain text and an Atom feed."
    )


def timeline_description() -> str:
    return gettext(
        "The events the checked claims discuss, in date order, each with the sources that date"
        " it, side by side where they disagree."
    )


def draft_prefix() -> str:
    """What a draft's description (in the preview) starts with, as its page's notice does:
    a link preview or search snippet of it must not read as a published verdict."""
    return gettext("Draft — not published.") + " "


def claim_description(claim: ClaimView) -> str:
    """`Our verdict: False. Claim: <the claim> <the summary>`, shortened (after
    `draft_prefix` for a draft)."""
    c = claim.claim
    text = gettext(
        "Our verdict: %(verdict)s. Claim: %(claim)s %(summary)s",
        verdict=verdict_label(claim.summary.verdict),
        claim=_sentence(c.claim),
        summary=c.summary,
    )
    return shorten(_drafted(claim.summary.draft, text), DESCRIPTION_LIMIT)


def source_description(source: SourceView) -> str:
    """`The full text of “<title>” (<outlet>, <date>), with ...`, leaving out what is unknown
    (after `draft_prefix` for a draft).

    A bracketed title is an editor's description of an article with no headline:
    it is not quoted as if it were the headline.
    """
    ref = source.ref
    title = _collapsed(ref.title)
    name = title if title.startswith("[") else gettext("“%(title)s”", title=title)
    details = ([ref.outlet] if ref.outlet != UNKNOWN else []) + (
        [format_date(ref.published)] if ref.published else []
    )
    if len(details) == 2:
        # Translators: a source named by its outlet and the article's date.
        details = [gettext("%(outlet)s, %(date)s", outlet=details[0], date=details[1])]
    # Translators: what a source's description says of its outlet and date, after its name.
    where = gettext(" (%(details)s)", details=details[0]) if details else ""
    holds = gettext(_HOLDS_OF_KIND.get(ref.kind.value, ARTICLE_HOLDS), name=name, where=where)
    text = gettext("%(holds)s, with the passages our fact-checks quote highlighted.", holds=holds)
    return shorten(_drafted(ref.draft, text), DESCRIPTION_LIMIT)


ARTICLE_HOLDS = N_("The full text of %(name)s%(where)s")
"""What an article's page holds (`where`: its outlet and date, in parentheses, or nothing)."""
_HOLDS_OF_KIND = {
    "post": N_("The text of the post %(name)s%(where)s, as posted"),
    "image": N_("The image %(name)s%(where)s and the text in it"),
    "video": N_("The transcript of %(name)s%(where)s, cue by cue"),
    "audio": N_("The transcript of %(name)s%(where)s, cue by cue"),
    "document": N_("The text of %(name)s%(where)s, page by page"),
}
"""What a source page's description says it holds, by kind (an article: its full text)."""


def _drafted(draft: bool, description: str) -> str:
    return draft_prefix() + description if draft else description


def claims_index_description(count: int) -> str:
    return ngettext(
        "The %(count)s fact-check on this site, by verdict and by tag.",
        "The %(count)s fact-checks on this site, by verdict and by tag.",
        count,
        count=count,
    )


def list_page_description(page: ListPage) -> str:
    """`The 1,429 fact-checks on this site with the verdict False, page 2 of 3.` (published
    ones: a preview's drafts are no fact-checks yet)."""
    group = page.group
    count = sum(1 for claim in group.claims if not claim.draft)
    if group.verdict:
        text = ngettext(
            "The %(count)s fact-check on this site with the verdict %(verdict)s.",
            "The %(count)s fact-checks on this site with the verdict %(verdict)s.",
            count,
            count=count,
            verdict=verdict_label(group.verdict),
        )
    else:
        text = ngettext(
            "The %(count)s fact-check on this site tagged “%(tag)s”.",
            "The %(count)s fact-checks on this site tagged “%(tag)s”.",
            count,
            count=count,
            tag=group.title,
        )
    return shorten(_with_page(text, page.number, len(page.paths)), DESCRIPTION_LIMIT)


def matrix_page_description(number: int, count: int) -> str:
    """`matrix_description`, and which of its `count` pages this is when there are several."""
    return shorten(_with_page(matrix_description(), number, count), DESCRIPTION_LIMIT)


def sources_index_description(count: int, number: int = 1, pages: int = 1) -> str:
    """What the sources index lists (`count`: the published sources), and which of its
    `pages` this is when there are several."""
    described = ngettext(
        "The %(count)s article our fact-checks quote, with its full text as we captured it.",
        "The %(count)s articles our fact-checks quote, each with its full text as we captured it.",
        count,
        count=count,
    )
    return shorten(_with_page(described, number, pages), DESCRIPTION_LIMIT)


def _with_page(description: str, number: int, pages: int) -> str:
    """`description`, followed by which of `pages` pages this is when there are several."""
    if pages == 1:
        return description
    return gettext(
        "%(description)s Page %(number)s of %(count)s.",
        description=description,
        number=number,
        count=pages,
    )


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
