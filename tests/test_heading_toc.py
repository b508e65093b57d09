"""generator.publish.extensions.heading_toc: a page's opening HTML <h1 id> heads its table of contents.

On Python-Markdown directly, then on the pages of a real MkDocs build of the
shipped content, where Material's "Skip to content" link takes the first entry.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import markdown
import pytest

PAGE = '<h1 id="question" lang="ru">Is it &#63; <span>true</span></h1>\n\nIntro.\n\n## What the sources say\n\n### One\n\n## Analysis\n'
EXTENSIONS = ["toc", "generator.publish.extensions.heading_toc"]


def converted(text: str, extensions: list[str] = EXTENSIONS) -> tuple[str, list[dict[str, Any]]]:
    md = markdown.Markdown(extensions=extensions)
    html = md.convert(text)
    return html, md.toc_tokens  # type: ignore[attr-defined]


def shape(tokens: list[dict[str, Any]]) -> list[tuple[int, str, str, list[Any]]]:
    return [(t["level"], t["id"], t["name"], shape(t["children"])) for t in tokens]


def test_the_html_h1_becomes_the_top_entry_with_the_headings_below_it() -> None:
    html, tokens = converted(PAGE)
    assert shape(tokens) == [
        (
            1,
            "question",
            "Is it &#63; true",
            [
                (2, "what-the-sources-say", "What the sources say", [(3, "one", "One", [])]),
                (2, "analysis", "Analysis", []),
            ],
        ),
    ]
    assert html == converted(PAGE, ["toc"])[0], "the HTML must stay as it was"


def test_without_the_extension_the_toc_starts_past_the_title() -> None:
    """What it is for: `toc` alone does not see the HTML heading."""
    assert converted(PAGE, ["toc"])[1][0]["id"] == "what-the-sources-say"


@pytest.mark.parametrize(
    "text",
    [
        "# A Markdown title\n\n## Part\n",  # already has its level-1 entry
        "Intro first.\n\n" + PAGE,  # the h1 is not the opening block
        "<h1>No id</h1>\n\n## Part\n",
        '<div><h1 id="x">Inside</h1></div>\n\n## Part\n',
    ],
)
def test_only_an_opening_html_h1_with_an_id_is_added(text: str) -> None:
    assert converted(text)[1] == converted(text, ["toc"])[1]


def test_a_page_with_no_other_heading_gets_its_title_alone() -> None:
    assert shape(converted('<h1 id="t">Title</h1>\n\nText.\n')[1]) == [(1, "t", "Title", [])]


@pytest.fixture(scope="module")
def site(shipped_site: Path) -> Path:
    return shipped_site


_SKIP = re.compile(r'<a href="#([^"]+)" class="md-skip">')
_H1 = re.compile(r'<h1 id="([^"]+)"')


def test_every_page_skips_to_its_h1(site: Path) -> None:
    pages = sorted(site.rglob("index.html"))
    assert len(pages) > 20
    for page in pages:
        html = page.read_text(encoding="utf-8")
        skip, h1 = _SKIP.search(html), _H1.search(html)
        assert skip and h1 and skip.group(1) == h1.group(1), page.relative_to(site)


def test_the_sidebar_table_of_contents_still_lists_the_sections(site: Path) -> None:
    """Material lists the children of a level-1 entry: the h2 sections, not the title."""
    claim = next(site.glob("claims/*/index.html")).read_text(encoding="utf-8")
    sidebar = claim[claim.index('data-md-type="toc"') :]
    assert 'href="#what-the-sources-say"' in sidebar
    assert 'href="#question"' not in sidebar[: sidebar.index("</nav>")]
