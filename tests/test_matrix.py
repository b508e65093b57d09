"""The source x claim matrix: every citation linked in its cell, silence said in words, no drafts."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from contentkit import source_with, write_content

from generator.corpus.pipeline import check
from generator.corpus.scale import STANCE_LABELS
from generator.render.matrix import (
    MATRIX_PAGE,
    build_matrix,
    legend,
    matrix_stylesheet,
    matrix_table,
)
from generator.render.matrix_timeline_pages import extra_pages

MATRIX_BODY = "First paragraph says nine soldiers died.\n\nSecond paragraph says 100 soldiers died, and nine were honoured."

CLAIM = """\
question: {question}
claim: Kim honoured 100 dead.
claimant: Test
status: "false"
summary: Nine, not 100.
appears_in: [b]
citations:
  - source: a
    quote: nine soldiers died
    stance: refutes
  - source: b
    quote: 100 soldiers died
    stance: supports
  - source: b
    quote: nine were honoured
    stance: context
analysis: Text.
tags: [x]
published: 2026-11-23
updated: 2026-11-23
authors: [test-author]
editor: test-editor
draft: {draft}
"""


class _Table(HTMLParser):
    """Rows of the first table as lists of (cell text, [hrefs])."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, list[str]]]] = []
        self._cell: list[str] | None = None
        self._links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell, self._links = [], []
        elif tag == "a" and self._cell is not None:
            self._links.append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(("".join(self._cell), self._links))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_of(markdown_text: str) -> list[list[tuple[str, list[str]]]]:
    html = markdown.markdown(markdown_text, extensions=["tables", "md_in_html", "attr_list"])
    parser = _Table()
    parser.feed(html)
    return parser.rows


def small_corpus(tmp_path: Path, question: str = "Did Kim honour 100 dead?"):
    content = write_content(
        tmp_path,
        claims={
            "honoured-100.yaml": CLAIM.format(question=question, draft="false"),
            "secret-draft.yaml": CLAIM.format(question="A draft question?", draft="true"),
        },
        sources={
            "a.md": source_with("Report A", "Outlet A", MATRIX_BODY),
            "b.md": source_with("Report B", "unknown", MATRIX_BODY),
            "c.md": source_with("Report C", "Outlet C", MATRIX_BODY),
        },
    )
    return check(content)


def test_cells_link_every_quote_with_its_stance_in_words(tmp_path: Path) -> None:
    corpus = small_corpus(tmp_path)
    rows = table_of(matrix_table(build_matrix(corpus)))
    header, *body = rows
    assert [text for text, _ in header] == ["Claim", "Outlet A", "Report B", "Outlet C"]
    assert [links for _, links in header[1:]] == [
        ["sources/a.md"],
        ["sources/b.md"],
        ["sources/c.md"],
    ]
    (row,) = body  # the draft is left out
    claim_text, claim_links = row[0]
    assert claim_links == ["claims/honoured-100.md"] and "Verdict: False" in claim_text
    (a_text, a_links), (b_text, b_links), (c_text, c_links) = row[1:]
    doc = corpus.claims[0]
    fragments = [anchor.fragment for anchor in doc.citation_anchors]
    assert a_links == [f"sources/a.md#{fragments[0]}"]
    assert "✗ Refutes ¶1" in a_text
    assert b_links == [
        f"sources/b.md#{fragments[1]}",
        f"sources/b.md#{fragments[2]}",
    ]  # supports first
    assert "✓ Supports ¶2" in b_text and "○ Context ¶2" in b_text and "Claim made here" in b_text
    assert c_links == [] and "Silent" in c_text


def test_colour_is_never_the_only_signal() -> None:
    key = legend()
    for label in STANCE_LABELS.values():
        assert label in key
    assert "Silent" in key
    stylesheet = matrix_stylesheet()
    stances = re.findall(r'class="fc-matrix-cell fc-matrix-cell--(\w+)"', key)
    assert stances == ["supports", "refutes", "context"]
    for stance in stances:  # the tint, in the stylesheet, only repeats the words
        assert re.search(
            rf"\.fc-matrix-cell--{stance} {{ background: rgba\([^)]*\); border-inline-start: 3px solid #[0-9a-f]{{6}}; }}",
            stylesheet,
        )
    assert "style=" not in key


def test_drafts_never_appear(tmp_path: Path) -> None:
    pages = extra_pages(small_corpus(tmp_path))
    assert "draft" not in pages[MATRIX_PAGE].lower()
    assert "secret" not in "".join(pages.values())


@pytest.mark.parametrize(
    "question", ["A | B? <b>bold</b> [x](javascript:y) {% raw %}", "Pipes || everywhere?"]
)
def test_hostile_text_cannot_break_the_table(tmp_path: Path, question: str) -> None:
    corpus = small_corpus(tmp_path, question=question.replace('"', ""))
    table = matrix_table(build_matrix(corpus))
    rows = table_of(table)
    assert all(len(row) == 4 for row in rows)
    assert "<b>" not in table and "{%" not in table and "javascript:y)" not in table
    assert question in rows[1][0][0]


def test_every_citation_of_the_shipped_content_is_in_its_cell(repo_root: Path) -> None:
    corpus = check(repo_root / "content")
    matrix = build_matrix(corpus)
    rows = table_of(matrix_table(matrix))
    header, *body = rows
    published = sorted(corpus.published_claims, key=lambda d: d.id)
    assert len(body) == len(published) and len(header) == len(matrix.sources) + 1
    column = {source.id: index + 1 for index, source in enumerate(matrix.sources)}
    for doc, row in zip(published, body, strict=True):
        assert row[0][1] == [f"claims/{doc.id}.md"]
        expected: dict[str, set[str]] = {sid: set() for sid in column}
        for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True):
            expected[citation.source].add(f"sources/{citation.source}.md#{anchor.fragment}")
            text = row[column[citation.source]][0]
            assert f"{STANCE_LABELS[citation.stance]} ¶{anchor.paragraph}" in text
        for source_id, index in column.items():
            text, links = row[index]
            assert set(links) == expected[source_id], (doc.id, source_id)
            assert ("Silent" in text) == (not expected[source_id])


def test_past_the_column_limit_each_claim_lists_only_the_sources_that_speak(tmp_path):
    from benchmarks.corpus import generate
    from generator.render.matrix import MAX_COLUMNS

    generate(tmp_path / "content", claims=200)  # 3 citations each over 20 sources
    corpus = check(tmp_path / "content")
    assert len(corpus.sources) > MAX_COLUMNS
    matrix = build_matrix(corpus)
    assert not matrix.grid
    cited = {(d.id, c.source) for d in corpus.published_claims for c in d.claim.citations}
    listed = {(row.doc.id, cell.source.id) for row in matrix.rows for cell in row.cells}
    assert listed == cited
    table = matrix_table(matrix)
    assert table.count("\n") == len(corpus.published_claims) + 3
    first = matrix.rows[0]
    silent = len(corpus.sources) - len(first.cells)
    assert f"Silent&#58; {silent} other sources" in table.splitlines()[4]


def test_a_long_bracketed_headline_is_cut_whole_with_the_full_headline_as_tooltip(
    tmp_path: Path,
) -> None:
    title = "[Unattributed article citing Fox News: Kim Jong Un honours 100 soldiers killed fighting for Russia]"
    content = write_content(
        tmp_path,
        claims={"honoured-100.yaml": CLAIM.format(question="Q?", draft="false")},
        sources={
            "a.md": source_with("Report A", "Outlet A", MATRIX_BODY),
            "b.md": source_with(f"'{title}'", "unknown", MATRIX_BODY),
        },
    )
    html = markdown.markdown(
        matrix_table(build_matrix(check(content))), extensions=["tables", "md_in_html", "attr_list"]
    )
    (link,) = re.findall(r'<a href="sources/b\.md" title="([^"]*)">([^<]*)</a>', html)
    assert [unescape(part) for part in link] == [title, "[Unattributed article citing…]"]
