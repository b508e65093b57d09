"""A Python-Markdown extension that puts a page's HTML `<h1>` in its table of contents.

Claim and source pages open with an `<h1>` the templates write as HTML, with a
fixed id (`question`, `source-title`) that no content can take and, on a source
page, the title's `lang`. Python-Markdown's `toc` sees only Markdown headings, so
the table of contents of those pages started at their first `##` heading, and
Material, which points its "Skip to content" link at the first entry, sent readers
past the title and the verdict. This adds that `<h1>` as the first entry, with the
page's other headings as its children: the shape `toc` gives a page whose title is
a Markdown `#` heading (Material's sidebar then lists the children, as before).

Only the page's first block is looked at, and only an `<h1 id="...">` that is the
whole block; the HTML is not changed. mkdocs.yml lists it after `toc`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.extensions.toc import strip_tags
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

__all__ = ["HeadingTocExtension", "makeExtension"]

_HTML_H1 = re.compile(r'<h1 id="(?P<id>[^"<>]+)"[^<>]*>(?P<html>.*?)</h1>\s*', re.DOTALL)
"""An `<h1>` as the templates write it: the id first, nothing after the closing tag."""


class _HeadingToc(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        tokens: list[dict[str, Any]] = getattr(self.md, "toc_tokens", None) or []
        if any(token["level"] == 1 for token in tokens):
            return
        heading = self._opening_html_h1(root)
        if heading is None:
            return
        # `toc` leaves its entries in `md.toc_tokens`; MkDocs reads them after converting.
        self.md.toc_tokens = [  # type: ignore[attr-defined]
            {
                "level": 1,
                "id": heading["id"],
                "name": strip_tags(heading["html"]),
                "html": heading["html"],
                "data-toc-label": "",
                "children": tokens,
            }
        ]

    def _opening_html_h1(self, root: etree.Element) -> dict[str, str] | None:
        """The id and inner HTML of the `<h1>` that is the page's first block, if it is one."""
        if not len(root) or root[0].tag != "p" or len(root[0]):
            return None
        placeholder = HTML_PLACEHOLDER_RE.fullmatch((root[0].text or "").strip())
        if placeholder is None:
            return None
        block = self.md.htmlStash.rawHtmlBlocks[int(placeholder.group(1))]
        match = _HTML_H1.fullmatch(block) if isinstance(block, str) else None
        return {"id": match["id"], "html": match["html"].strip()} if match else None


class HeadingTocExtension(Extension):
    """The page's opening HTML `<h1 id>` becomes its table of contents' first, top-level entry."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After `toc` (5).
        md.treeprocessors.register(_HeadingToc(md), "fc_heading_toc", 4)


def makeExtension(**kwargs: Any) -> HeadingTocExtension:
    return HeadingTocExtension(**kwargs)
