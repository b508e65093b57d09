"""The analysis field's Markdown: one parse, which validation checks and render shows.

An analysis is converted once, by Python-Markdown configured as the site shows it
(tables, sane lists, fenced code; raw HTML switched off, so that it stays text;
headings two levels down, under the page's own). From that same parse come:

* the HTML (`ConvertedAnalysis.html`), carried by the validated `ClaimDoc`; render
  sanitises it (`render.markup.sanitise_analysis`) and never converts again (an analysis
  that surely holds nothing forbidden is converted when render first reads it);
* what an analysis may not contain (`ConvertedAnalysis.problems`): raw HTML (which
  would show as literal text), links that are not http(s), and images (which would
  load from outside the site). Each is placed at its offset in the analysis text.

Python-Markdown keeps no positions, so a problem's offset is found by looking for
what the parse saw (a tag, a link's target, an image's `![alt`) in the text, in
order; a snippet that also sits in code before it may be placed there instead.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from dataclasses import dataclass

import markdown
from markdown.inlinepatterns import (
    HTML_RE,
    REFERENCE_RE,
    InlineProcessor,
    ReferenceInlineProcessor,
    ShortReferenceInlineProcessor,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import ETX, STX

from generator.corpus.control_characters import replace_control_characters

RAW_HTML = "raw HTML is not allowed in analysis; write Markdown (use `&lt;` for a literal <)"
IMAGE = "images are not allowed in analysis (they would load from outside the site)"
ALLOWED_LINK = re.compile(r"^https?://\S+$")
"""What a link's target must be: an absolute http(s) address."""
HEADING_SHIFT = 2
"""Analysis headings sit under the page's `## Analysis`: `#` becomes `<h3>`."""


def link_message(target: str) -> str:
    return f"link {target!r} is not allowed; links must start with http:// or https://"


@dataclass(frozen=True)
class AnalysisProblem:
    """Something an analysis may not contain, and where it is."""

    offset: int
    """Where it starts in the analysis text."""
    length: int
    """How many characters of the text it covers (the snippet that was found)."""
    message: str


class ConvertedAnalysis:
    """An analysis converted by Python-Markdown, and what the conversion found in it.

    An analysis that surely holds nothing an analysis may not contain (`finds_nothing`)
    is converted when its HTML is first read: `factcheck validate` never reads it, and a
    build converts it in the render's worker processes.
    """

    __slots__ = ("_html", "problems", "text")

    def __init__(
        self, text: str, html: str | None = None, problems: tuple[AnalysisProblem, ...] = ()
    ) -> None:
        self.text = text
        """The analysis's Markdown."""
        self._html = html
        self.problems = problems
        """Raw HTML, links other than http(s), images, in the order of the text."""

    @property
    def html(self) -> str:
        """Python-Markdown's HTML, not yet sanitised (render does that)."""
        if self._html is None:
            self._html = _converter().convert(self.text)
        return self._html

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ConvertedAnalysis):
            return NotImplemented
        return (self.text, self.problems) == (other.text, other.problems) and (
            self._html is None or other._html is None or self._html == other._html
        )

    def __hash__(self) -> int:
        return hash((self.text, self.problems))

    def __repr__(self) -> str:
        return f"ConvertedAnalysis({self.text[:40]!r}..., problems={self.problems!r})"


_PLAIN_LINK = re.compile(r"\]\(https?://[^\s()<>\\\"'`]+\)")
"""A link's `](` with a plain http(s) target right after it: no space, quote, parenthesis,
angle bracket or backslash that could make Python-Markdown read another target."""


def finds_nothing(text: str) -> bool:
    """Whether converting `text` surely finds nothing an analysis may not contain: it has
    no `<` (raw HTML, autolinks), no `![` (images), no `]:` (reference definitions), and
    every `](` starts a plain http(s) target, which any link Python-Markdown makes of it
    then has."""
    if "<" in text or "![" in text or "]:" in text:
        return False
    return text.count("](") == len(_PLAIN_LINK.findall(text))


def convert_analysis(text: str) -> ConvertedAnalysis:
    """Convert the Markdown of an analysis, and report what it may not contain (an
    analysis that `finds_nothing` is converted when its HTML is first read)."""
    if finds_nothing(text):
        return ConvertedAnalysis(text)
    converter = _converter()
    html = converter.convert(text)
    return ConvertedAnalysis(text, html, _placed(text, converter.found))


# -- what the parse finds -------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """One thing the parse found, with what to look for in the text to place it."""

    needles: tuple[str, ...]
    """Snippets of the text it stands for, the most precise first."""
    message: str
    context: str = ""
    """Text the parse saw just before it on the same line: a place of the needle with
    this before it is preferred (it tells a tag from the same characters in a code
    span before it)."""


_AUTOLINK_LOOKALIKE = r"(<[A-Za-z][A-Za-z0-9+.-]*:[^\s<>]*>)"
"""`<scheme:...>` that Python-Markdown does not make a link of (it wants `scheme://`)."""
_DECLARATION = r"(<![A-Za-z][^<>]*>)"
"""`<!DOCTYPE ...>` and the like, which Python-Markdown's own HTML pattern leaves out."""
_TAG_HEAD = re.compile(r"<[/!?]?[A-Za-z0-9:+.-]*")
_CONTEXT = 24
"""Characters of the text before a tag kept to place it."""
_LOOKAHEAD = 16
"""Free places of a needle looked at for one with the finding's context before it."""


class _RawHtml(InlineProcessor):
    """In place of Python-Markdown's inline `html` pattern: records each tag, comment,
    declaration or processing instruction and leaves it as literal text (it declines
    every match, so the parse goes on exactly as with no such pattern)."""

    def __init__(self, md: markdown.Markdown, found: list[_Found]) -> None:
        super().__init__(f"{_AUTOLINK_LOOKALIKE}|{HTML_RE}|{_DECLARATION}", md)
        self.found = found

    # InlineProcessor's handleMatch differs from Pattern's, which its type stubs check against.
    def handleMatch(  # type: ignore[override]
        self, m: re.Match[str], data: str
    ) -> tuple[None, None, None]:
        snippet = re.split(f"[\n{STX}]", m.group(0), maxsplit=1)[0]
        head = _TAG_HEAD.match(snippet)
        needles = (snippet, head.group()) if head else (snippet,)
        context = _line_before(data, m.start())
        if m.group(1) is None:
            self.found.append(_Found(needles, RAW_HTML, context))
        elif not ALLOWED_LINK.match(target := m.group(1)[1:-1]):  # <scheme:...>
            self.found.append(_Found(needles, link_message(target), context))
        return None, None, None


_FROM_REFERENCE = "data-fc-from-reference"
"""Marks a link made from a reference definition until `_LinksAndImages` has seen it
(and taken the mark off: it never reaches the HTML)."""


class _ReferenceLink(ReferenceInlineProcessor):
    """`[text][id]`, made into a link marked as coming from a reference definition: its
    target is checked once, where it is defined (`_reference_definitions`)."""

    def makeTag(self, href: str, title: str, text: str) -> etree.Element:
        element = super().makeTag(href, title, text)
        element.set(_FROM_REFERENCE, "")
        return element


class _ShortReferenceLink(_ReferenceLink):
    """`[id]`, marked the same way."""

    evalId = ShortReferenceInlineProcessor.evalId


class _LinksAndImages(Treeprocessor):
    """Records every link whose target is not http(s) (but those of reference
    definitions), and every image, in the order of the text; runs last, when targets
    have their final form."""

    def __init__(self, md: markdown.Markdown, found: list[_Found]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag == "img":
                self.found.append(_Found((f"![{element.get('alt', '')}", "!["), IMAGE))
            elif element.tag == "a" and element.attrib.pop(_FROM_REFERENCE, None) is None:
                href = element.get("href") or ""
                if not ALLOWED_LINK.match(href):
                    self.found.append(_Found(_target_needles(href), link_message(href)))


def _line_before(data: str, end: int) -> str:
    """Up to `_CONTEXT` characters of `data` before `end`, on the same line and after
    the last placeholder (which stands for text the original has in another form)."""
    start = max(0, end - _CONTEXT)
    start = max(start, data.rfind("\n", start, end) + 1, data.rfind(ETX, start, end) + 1)
    return data[start:end]


def _target_needles(target: str) -> tuple[str, ...]:
    """What a link's target looks like in the text: `<target>` or the bare target, or
    its scheme when Python-Markdown changed the rest (a backslash escape)."""
    if not target:
        return ("](",)
    scheme = target.split(":", 1)[0] + ":" if ":" in target else target
    return (f"<{target}>", target, scheme)


def _reference_definitions(md: markdown.Markdown) -> list[_Found]:
    """Every reference definition (`[id]: target`) whose target is not http(s), used or not."""
    return [
        _Found(_target_needles(url), link_message(url))
        for url, _title in md.references.values()
        if not ALLOWED_LINK.match(url)
    ]


class _DemoteHeadings(Treeprocessor):
    """Puts every heading `HEADING_SHIFT` levels down (at most `<h6>`)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if re.fullmatch(r"h[1-6]", element.tag):
                level = min(int(element.tag[1]) + HEADING_SHIFT, 6)
                element.tag = f"h{level}"


# -- the converter --------------------------------------------------------------------


class _Converter:
    """A Python-Markdown configured for analyses, with the patterns that record what
    may not be in one."""

    def __init__(self) -> None:
        self.found: list[_Found] = []
        md = markdown.Markdown(
            extensions=["tables", "sane_lists", "fenced_code"], output_format="html"
        )
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.deregister("automail")
        md.inlinePatterns.register(_RawHtml(md, self.found), "fc_raw_html", 90)
        md.inlinePatterns.register(_ReferenceLink(REFERENCE_RE, md), "reference", 170)
        md.inlinePatterns.register(_ShortReferenceLink(REFERENCE_RE, md), "short_reference", 130)
        md.treeprocessors.register(_DemoteHeadings(md), "fc_demote_headings", 1)
        md.treeprocessors.register(_LinksAndImages(md, self.found), "fc_links_and_images", -1)
        self.md = md

    def convert(self, text: str) -> str:
        """The HTML of `text`; `found` then holds what the parse found in it."""
        self.found.clear()
        html = self.md.reset().convert(replace_control_characters(text))
        self.found.extend(_reference_definitions(self.md))
        return html


_PER_THREAD = threading.local()


def _converter() -> _Converter:
    """This thread's converter: building one costs more than converting an analysis
    (and leaves a reference cycle behind), so it is built once and reset per use."""
    converter: _Converter | None = getattr(_PER_THREAD, "converter", None)
    if converter is None:
        converter = _PER_THREAD.converter = _Converter()
    return converter


# -- placing what was found -----------------------------------------------------------


def _placed(text: str, found: list[_Found]) -> tuple[AnalysisProblem, ...]:
    """Each finding at its offset in `text`, in the order of the text."""
    places = _Places(text)
    problems = {places.take(item) for item in found}
    return tuple(sorted(problems, key=lambda p: (p.offset, p.message)))


class _Places:
    """Where each needle occurs in the text (found as far as needed), and which of those
    places a problem holds."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._at: dict[str, list[int]] = {}
        self._first_free: dict[str, int] = {}
        self._taken: set[tuple[int, str]] = set()
        self._all_found: set[str] = set()
        """Needles whose every place is in `_at`."""

    def take(self, item: _Found) -> AnalysisProblem:
        """The first place of the finding's most precise needle that no problem with the
        same message holds yet, one with the finding's context before it if there is one
        near (the start of the text if the needles are not there)."""
        for needle in item.needles:
            at = self._free(needle, item.message, item.context)
            if at is not None:
                self._taken.add((at, item.message))
                return AnalysisProblem(at, len(needle), item.message)
        return AnalysisProblem(0, 0, item.message)

    def _free(self, needle: str, message: str, context: str) -> int | None:
        index = self._first_free.get(needle, 0)
        while (at := self._place(needle, index)) is not None and (at, message) in self._taken:
            index += 1
        self._first_free[needle] = index
        free: list[int] = []
        while len(free) < _LOOKAHEAD and (at := self._place(needle, index)) is not None:
            if (at, message) not in self._taken:
                if at >= len(context) and self.text.startswith(context, at - len(context)):
                    return at
                free.append(at)
            index += 1
        return free[0] if free else None

    def _place(self, needle: str, index: int) -> int | None:
        """Where `needle` occurs for the `index`-th time (from 0), if it does."""
        places = self._at.setdefault(needle, [])
        while len(places) <= index and needle not in self._all_found:
            at = self.text.find(needle, places[-1] + 1 if places else 0)
            if at < 0:
                self._all_found.add(needle)
            else:
                places.append(at)
        return places[index] if index < len(places) else None
