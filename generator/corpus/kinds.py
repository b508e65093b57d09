"""What each kind of source must have, and the files it names (`validate` applies it).

A source's `kind` decides which of the kind fields (`platform`, `handle`,
`screenshot`, `file`, `alt`, `description`) it must give and may give, what its text
below the front matter is, and which files of its folder it publishes: a post's
screenshot, an image's picture, a document's PDF. Every other file in the folder is
reported (a fault as an error, an unused file as a warning), so nothing is published
by accident and nothing hostile hides there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.media import IMAGE_TYPES, PDF, MediaFolder
from generator.corpus.models import MediaFile, Page, SourceKind, SourceMeta
from generator.errors import display_path

__all__ = ["KIND_FIELDS", "RULES", "Finding", "KindRule", "kind_findings"]

KIND_FIELDS = ("platform", "handle", "screenshot", "file", "alt", "description")
"""The front-matter keys that belong to some kinds only."""


@dataclass(frozen=True)
class KindRule:
    """What one kind of source has."""

    required: tuple[str, ...] = ()
    """Kind fields it must give."""
    optional: tuple[str, ...] = ()
    """Kind fields it may give."""
    images: tuple[str, ...] = ()
    """Fields that name an image file of its folder."""
    pdfs: tuple[str, ...] = ()
    """Fields that name a PDF of its folder."""
    text: str = "the article's text"
    """What its text below the front matter is, in words."""
    text_optional: bool = False
    """Whether it may have no text (an image with no words in it)."""


RULES: dict[SourceKind, KindRule] = {
    SourceKind.ARTICLE: KindRule(),
    SourceKind.POST: KindRule(
        required=("platform", "handle"),
        optional=("screenshot",),
        images=("screenshot",),
        text="the text as posted",
    ),
    SourceKind.IMAGE: KindRule(
        required=("file", "alt", "description"),
        images=("file",),
        text="the text in the image, transcribed",
        text_optional=True,
    ),
    SourceKind.VIDEO: KindRule(optional=("platform",), text="the transcript as WebVTT cues"),
    SourceKind.AUDIO: KindRule(optional=("platform",), text="the transcript as WebVTT cues"),
    SourceKind.DOCUMENT: KindRule(
        required=("file",), pdfs=("file",), text="the text of each page after a line `[page N]`"
    ),
}


@dataclass(frozen=True)
class Finding:
    """A problem with a source's kind fields or files."""

    message: str
    key: str | None = None
    """The front-matter key it is about, or None for a file of the folder (`path`)."""
    path: Path | None = None
    """The file of the folder it is about, when `key` is None."""
    warning: bool = False


def kind_findings(
    meta: SourceMeta, folder: Path, media: MediaFolder | None, pages: tuple[Page, ...]
) -> tuple[list[Finding], tuple[MediaFile, ...]]:
    """The problems with `meta`'s kind fields and its folder's files, and the files it publishes."""
    rule = RULES[meta.kind]
    findings = list(_field_findings(meta, rule))
    published: list[MediaFile] = []
    named: set[str] = set()
    for key, expected in [*((k, "image") for k in rule.images), *((k, "pdf") for k in rule.pdfs)]:
        name = getattr(meta, key)
        if name is None:
            continue
        named.add(name)
        found = _named_file(key, name, expected, folder, media)
        if isinstance(found, Finding):
            findings.append(found)
        else:
            published.append(found)
            findings.extend(_pages_in_file(found, pages))
    findings.extend(_unused(media, named))
    return findings, tuple(published)


def _field_findings(meta: SourceMeta, rule: KindRule) -> Iterable[Finding]:
    given = {key for key in KIND_FIELDS if getattr(meta, key) is not None}
    for key in sorted(given - set(rule.required) - set(rule.optional)):
        owners = [kind.value for kind, r in RULES.items() if key in (*r.required, *r.optional)]
        yield Finding(
            f"`{key}` is for a source of kind {' or '.join(owners)}; this one is {_kind_words(meta.kind)}: remove it, or set `kind:`",
            key,
        )
    for key in rule.required:
        if key not in given:
            yield Finding(
                f"a source of kind {meta.kind.value} needs `{key}:` ({_KEY_WORDS[key]})", "kind"
            )


def _kind_words(kind: SourceKind) -> str:
    return f"an {kind.value}" if kind.value[0] in "aeiou" else f"a {kind.value}"


_KEY_WORDS = {
    "platform": "the platform as it names itself, e.g. Telegram",
    "handle": "the author's handle as the platform shows it",
    "file": "the file's name in the source's folder",
    "alt": "what the image shows, for readers who cannot see it",
    "description": "where the image comes from and what matters in it",
    "screenshot": "the screenshot's file name",
}


def _named_file(
    key: str, name: str, expected: str, folder: Path, media: MediaFolder | None
) -> MediaFile | Finding:
    """The checked file `key` names, or why it cannot be published."""
    if media is None or (name not in media.files and name not in media.faults):
        return Finding(
            f"no file {name!r} in {display_path(folder)}/; put the file there, beside the source's .md file",
            key,
        )
    fault = media.faults.get(name)
    if fault is not None:
        return Finding(f"{media.path.name}/{fault.message}", key)
    found = media.files[name]
    if expected == "pdf" and found.media_type != PDF:
        return Finding(f"{name} is an image; `{key}` of a document is its PDF", key)
    if expected == "image" and found.media_type not in IMAGE_TYPES:
        return Finding(f"{name} is a PDF; `{key}` names an image (PNG, JPEG, GIF or WebP)", key)
    return found


def _pages_in_file(pdf: MediaFile, pages: tuple[Page, ...]) -> Iterable[Finding]:
    """Every page the text gives is a page of the PDF."""
    for page in pages:
        if pdf.pages and page.number > pdf.pages:
            yield Finding(
                f"the text gives page {page.number}, but {pdf.name} has {pdf.pages} page(s); check the page markers",
                "file",
            )


def _unused(media: MediaFolder | None, named: set[str]) -> Iterable[Finding]:
    """Faults in files no key names (errors), and checked files no key names (warnings)."""
    if media is None:
        return
    for name, fault in sorted(media.faults.items()):
        if name not in named:
            yield Finding(fault.message, path=fault.path)
    for name, file in sorted(media.files.items()):
        if name not in named:
            yield Finding(
                f"{name} is not named by its source's front matter, so it is not published; name it there, or remove it",
                path=file.path,
                warning=True,
            )
