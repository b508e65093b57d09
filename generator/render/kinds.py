"""How each kind of source is cited and shown: places in words, links to the original at
a second or to a PDF's page, the labels of a transcript's cues, a document's pages.

A quote's place is its paragraph in an article, a post or an image's text; its cue's
time in a recording (the source page shows every cue with its time); its page in a
document. A citation of a recording links the original at that second where the
platform has a way to say so (`time_link`):

* YouTube (`youtube.com/watch`, `youtu.be`, `youtube.com/shorts|live|embed`): `t=75`
  in the query;
* Vimeo (`vimeo.com`): `#t=75s`;
* a recording published as a file (`.mp4`, `.webm`, `.mp3`, `.m4a`, `.ogg`, `.oga`,
  `.ogv`, `.wav`, `.opus`, `.flac`): the Media Fragments URI `#t=75`.

Other platforms get the plain address. A document's PDF is linked at its page with
`#page=N` (RFC 8118's fragment for PDF), which browsers' PDF viewers follow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from generator.corpus.models import Anchor, Paragraph, SourceDoc, SourceKind
from generator.corpus.transcripts import format_time
from generator.render.i18n import gettext
from generator.render.markup import SafeMarkdown, escape_text
from generator.render.paths import media_path

__all__ = [
    "SCHEMA_TYPES",
    "kind_record",
    "long_place",
    "media_fragment",
    "page_heading",
    "paragraph_label",
    "short_place",
    "time_link",
    "with_page_headings",
]

SCHEMA_TYPES: dict[SourceKind, str] = {
    SourceKind.ARTICLE: "CreativeWork",
    SourceKind.POST: "SocialMediaPosting",
    SourceKind.IMAGE: "ImageObject",
    SourceKind.VIDEO: "VideoObject",
    SourceKind.AUDIO: "AudioObject",
    SourceKind.DOCUMENT: "DigitalDocument",
}
"""The schema.org type of a source of each kind (ClaimReview's `appearance`)."""

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
_MEDIA_FILE = re.compile(r"\.(mp4|webm|mp3|m4a|ogg|oga|ogv|wav|opus|flac)$", re.IGNORECASE)


def time_link(url: str | None, seconds: int) -> str | None:
    """The address of a recording at `seconds` from its start, where its platform has a
    way to say so; None otherwise (or with no address)."""
    if not url:
        return None
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "t"]
        query.append(("t", str(seconds)))
        return urlunsplit(parts._replace(query=urlencode(query), fragment=""))
    if host in _VIMEO_HOSTS:
        return urlunsplit(parts._replace(fragment=f"t={seconds}s"))
    if _MEDIA_FILE.search(parts.path):
        return urlunsplit(parts._replace(fragment=f"t={seconds}"))
    return None


def media_fragment(source: SourceDoc, anchor: Anchor) -> str | None:
    """The W3C fragment of the quote's place in the original: `t=START,END` (seconds) of its
    cues in a recording, `page=N` in a document's PDF; None for the other kinds."""
    if source.cues:
        first = source.cues[anchor.paragraph - 1]
        last = source.cues[_last_paragraph(source, anchor) - 1]
        return f"t={_seconds(first.start_ms)},{_seconds(last.end_ms)}"
    page = source.page_of(anchor.paragraph)
    return f"page={page.number}" if page is not None else None


def _seconds(milliseconds: int) -> str:
    whole, millis = divmod(milliseconds, 1000)
    return f"{whole}" if not millis else f"{whole}.{millis:03d}".rstrip("0")


def _last_paragraph(source: SourceDoc, anchor: Anchor) -> int:
    """The paragraph in which the quote ends (a quote may run on across cues)."""
    for paragraph in source.paragraphs[anchor.paragraph - 1 :]:
        if paragraph.end >= anchor.end:
            return paragraph.number
    return anchor.paragraph


def long_place(source: SourceDoc, anchor: Anchor) -> str:
    """Where the quote is, in words: `paragraph 4`, `at 1:15`, `page 3, paragraph 7`."""
    cue = source.cue(anchor.paragraph)
    if cue is not None:
        return gettext("at %(time)s", time=format_time(cue.start_ms, exact=False))
    page = source.page_of(anchor.paragraph)
    if page is not None:
        return gettext(
            "page %(page)s, paragraph %(paragraph)s", page=page.number, paragraph=anchor.paragraph
        )
    return gettext("paragraph %(paragraph)s", paragraph=anchor.paragraph)


def short_place(source: SourceDoc, anchor: Anchor) -> str:
    """Where the quote is, for a table cell: `¶4`, `1:15`, `p. 3`."""
    cue = source.cue(anchor.paragraph)
    if cue is not None:
        return format_time(cue.start_ms, exact=False)
    page = source.page_of(anchor.paragraph)
    if page is not None:
        return gettext("p. %(page)s", page=page.number)
    return f"¶{anchor.paragraph}"


def paragraph_label(source: SourceDoc) -> Callable[[Paragraph], SafeMarkdown] | None:
    """The self-link that starts each paragraph on the source page, when it is not the
    paragraph's number: a cue's time (its end in the link's tooltip). None for numbers."""
    if not source.cues:
        return None

    def label(paragraph: Paragraph) -> SafeMarkdown:
        cue = source.cues[paragraph.number - 1]
        start = format_time(cue.start_ms, exact=False)
        title = gettext(
            "Cue %(number)s: from %(start)s to %(end)s",
            number=paragraph.number,
            start=start,
            end=format_time(cue.end_ms, exact=False),
        )
        return SafeMarkdown(
            f'<a class="fc-pnum fc-cue-time" id="p{paragraph.number}" href="#p{paragraph.number}" '
            f'title="{escape_text(title)}"><time datetime="{_duration(cue.start_ms)}">{escape_text(start)}</time></a>'
        )

    return label


def _duration(milliseconds: int) -> str:
    """An HTML duration, `PT75S` (whole seconds): what `<time datetime>` takes for a time
    into a recording."""
    return f"PT{milliseconds // 1000}S"


def page_heading(number: int) -> SafeMarkdown:
    """The heading that starts a document's page on its source page (id `page-N`)."""
    words = escape_text(gettext("Page %(number)s", number=number))
    return SafeMarkdown(f'<h3 class="fc-page" id="page-{number}">{words}</h3>')


def with_page_headings(
    source: SourceDoc, paragraphs: tuple[SafeMarkdown, ...]
) -> tuple[SafeMarkdown, ...]:
    """A document's paragraphs with a heading before the first paragraph of each page
    (the paragraphs as they are for other kinds)."""
    if not source.pages:
        return paragraphs
    starts = {page.first_paragraph: page.number for page in source.pages}
    blocks: list[SafeMarkdown] = []
    for number, paragraph in enumerate(paragraphs, start=1):
        if number in starts:
            blocks.append(page_heading(starts[number]))
        blocks.append(paragraph)
    return tuple(blocks)


def kind_record(source: SourceDoc, site_url: str) -> dict[str, object]:
    """What `api/sources.json` adds for a source's kind: `kind`, the kind's own fields that
    it gives, and the files published beside it (`files`: each file's `name`, `url`,
    `media_type`, `size`, `sha256`, and a PDF's `pages`)."""
    meta = source.meta
    record: dict[str, object] = {"kind": meta.kind.value}
    for key in ("platform", "handle", "alt", "description"):
        value = getattr(meta, key)
        if value is not None:
            record[key] = value
    record["files"] = [
        {
            "name": media.name,
            "url": site_url + media_path(source.id, media.name),
            "media_type": media.media_type,
            "size": media.size,
            "sha256": media.sha256,
        }
        | ({"pages": media.pages} if media.pages else {})
        for media in source.media
    ]
    return record
