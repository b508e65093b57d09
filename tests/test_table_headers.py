"""generator.publish.extensions.table_headers: the generated tables' first column is read as row headers.

Checked on Python-Markdown directly, then on every table of a real MkDocs build of
the shipped content (the matrix, the timeline, the figures, the tallies).
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from generator.render.markup import render_analysis

TABLE = (
    "| Claim | Source A |\n| --- | --- |\n| [Did it?](c.md) **Verdict** | ✓ ¶4 |\n| Second | — |\n"
)


class _Cells(HTMLParser):
    """Each table as its rows: (section, [(tag, scope), ...]) per row."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[tuple[str, list[tuple[str, str | None]]]]] = []
        self._section = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self.tables:
            self.tables[-1].append((self._section, []))
        elif tag in ("td", "th") and self.tables:
            self.tables[-1][-1][1].append((tag, dict(attrs).get("scope")))


def tables_in(html: str) -> list[list[tuple[str, list[tuple[str, str | None]]]]]:
    parser = _Cells()
    parser.feed(html)
    return parser.tables


def test_first_column_becomes_row_headers_and_head_cells_column_headers() -> None:
    html = markdown.markdown(
        TABLE, extensions=["tables", "generator.publish.extensions.table_headers"]
    )
    assert tables_in(html) == [
        [
            ("thead", [("th", "col"), ("th", "col")]),
            ("tbody", [("th", "row"), ("td", None)]),
            ("tbody", [("th", "row"), ("td", None)]),
        ]
    ]
    assert '<th scope="row"><a href="c.md">Did it?</a> <strong>Verdict</strong></th>' in html


def test_without_the_extension_python_markdown_writes_data_cells() -> None:
    """What the extension is for (and a check that this test's parser sees cells)."""
    html = markdown.markdown(TABLE, extensions=["tables"])
    assert [tag for _, cells in tables_in(html)[0][1:] for tag, _ in cells] == ["td"] * 4


def test_contributors_analysis_tables_are_left_as_written() -> None:
    """An analysis is converted apart from the page: its first column may be anything."""
    html = render_analysis("| a | b |\n| --- | --- |\n| 1 | 2 |\n")
    assert [tag for _, cells in tables_in(html)[0][1:] for tag, _ in cells] == ["td", "td"]


@pytest.mark.slow
def test_every_table_of_the_built_site_has_row_and_column_headers(shipped_site: Path) -> None:
    seen: dict[str, int] = {}
    for page in sorted(shipped_site.rglob("*.html")):
        name = page.relative_to(shipped_site).as_posix()
        for table in tables_in(page.read_text(encoding="utf-8")):
            seen[name] = seen.get(name, 0) + 1
            for section, cells in table:
                expected = "col" if section == "thead" else "row"
                assert cells[0] == ("th", expected), (name, section, cells)
                if section == "thead":
                    assert set(cells) == {("th", "col")}, (name, cells)
                else:
                    assert all(tag == "td" for tag, _ in cells[1:]), (name, cells)
    for page in (
        "matrix/index.html",
        "timeline/index.html",
        "methodology/index.html",
        "index.html",
        "sources/index.html",
    ):
        assert seen.get(page), f"{page} has no table: {sorted(seen)}"
    assert any(name.startswith("claims/") for name in seen), "no claim page has a table of figures"
