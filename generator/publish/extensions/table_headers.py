"""A Python-Markdown extension that gives the generated tables their header cells.

Python-Markdown's `tables` writes every body cell as `<td>`. In each table the
generator writes, the first column names the row (the claim in the matrix, the
date in the timeline, the source in a claim's figures, the verdict in the
tallies), so a screen reader should announce it with every cell of its row:
that cell becomes `<th scope="row">`, and the head's cells `<th scope="col">`.

mkdocs.yml lists it (`generator.publish.extensions.table_headers`), so it applies to the pages
MkDocs converts, which are the generator's own. The analyses that contributors
write are converted elsewhere (`corpus.analysis`, sanitised by `render.markup`) and reach the page as
one block of sanitised HTML, which this never sees: their first column may be
anything.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

__all__ = ["TableHeadersExtension", "makeExtension"]


class _TableHeaders(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            for head_cell in table.iterfind("./thead/tr/th"):
                head_cell.set("scope", "col")
            for row in table.iterfind("./tbody/tr"):
                if len(row) and row[0].tag == "td":
                    row[0].tag = "th"
                    row[0].set("scope", "row")


class TableHeadersExtension(Extension):
    """Head cells get `scope="col"`; each body row's first cell becomes `<th scope="row">`."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After `inline` (20): only the cells' tags and attributes change, which no
        # other treeprocessor (MkDocs' links, `toc`) looks at.
        md.treeprocessors.register(_TableHeaders(md), "fc_table_headers", 5)


def makeExtension(**kwargs: Any) -> TableHeadersExtension:
    return TableHeadersExtension(**kwargs)
