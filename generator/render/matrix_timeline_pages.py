"""The pages beyond claims and sources: the source x claim matrix and the timeline.

    extra_page_producers(corpus) -> {"matrix.md": make_bytes, "timeline.md": make_bytes}

A site with more published claims than `paging.MATRIX_ROWS` gets a matrix of several
pages, `matrix.md` then `matrix/2.md`, ..., each with a pager (`matrix_page_paths`); a
preview's drafts join the page of the published claim before them.

Both come from Jinja2 templates in `site_templates/markdown/` (`matrix.md.j2`,
`timeline.md.j2`), rendered with `markup.template_environment`, so every
printed value is escaped; the tables themselves are built by
`generator.render.matrix` and `generator.render.timeline`. `generator.render.docs.planned_files`
adds them to the site; mkdocs.yml keeps them out of the nav (`not_in_nav`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from generator.corpus.models import ClaimDoc, Corpus
from generator.render import paging
from generator.render.descriptions import matrix_page_description, timeline_description
from generator.render.i18n import gettext, gettext_markup, template_environment
from generator.render.markup import SafeMarkdown, escape_html_text, markdown_link
from generator.render.matrix import MATRIX_PAGE, build_matrix, legend, matrix_order, matrix_table
from generator.render.paths import CLAIMS_INDEX, SOURCES_INDEX, relative_link
from generator.render.timeline import TIMELINE_PAGE, build_timeline, timeline_markdown

__all__ = [
    "MATRIX_PAGE",
    "TEMPLATES_DIR",
    "TIMELINE_PAGE",
    "extra_page_files",
    "extra_page_producers",
    "extra_pages",
    "matrix_page",
    "matrix_page_paths",
    "timeline_page",
]

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "site_templates" / "markdown"


def extra_page_files(corpus: Corpus, templates: Path = TEMPLATES_DIR) -> dict[str, bytes]:
    """`extra_pages` encoded, for `generate_files`."""
    return {path: make() for path, make in extra_page_producers(corpus, templates).items()}


def extra_page_producers(
    corpus: Corpus,
    templates: Path = TEMPLATES_DIR,
    page_language: str = "en",
    *,
    include_drafts: bool = False,
) -> dict[str, Callable[[], bytes]]:
    """`matrix.md` and `timeline.md`, each as a function that makes its bytes when called
    (`page_language`: mkdocs.yml's `theme.language`; `include_drafts`: the preview's
    drafts too, marked as such)."""
    pages: dict[str, Callable[[], bytes]] = {
        page.path: functools.partial(_encoded_matrix, corpus, templates, include_drafts, page)
        for page in _matrix_pages(corpus, include_drafts)
    }
    pages[TIMELINE_PAGE] = lambda: timeline_page(
        corpus, templates, page_language, include_drafts=include_drafts
    ).encode("utf-8")
    return pages


def _encoded_matrix(
    corpus: Corpus, templates: Path, include_drafts: bool, page: paging.Page[ClaimDoc]
) -> bytes:
    return _matrix_page(corpus, templates, include_drafts, page).encode("utf-8")


def extra_pages(
    corpus: Corpus,
    templates: Path = TEMPLATES_DIR,
    page_language: str = "en",
    *,
    include_drafts: bool = False,
) -> dict[str, str]:
    """`matrix.md` and `timeline.md` as Markdown with YAML front matter."""
    pages = {
        page.path: _matrix_page(corpus, templates, include_drafts, page)
        for page in _matrix_pages(corpus, include_drafts)
    }
    pages[TIMELINE_PAGE] = timeline_page(
        corpus, templates, page_language, include_drafts=include_drafts
    )
    return pages


def matrix_page_paths(corpus: Corpus, include_drafts: bool = False) -> tuple[str, ...]:
    """The matrix's pages, first to last: `matrix.md` alone, or with `matrix/2.md`, ...
    when there are more published claims than `paging.MATRIX_ROWS` (a preview's drafts
    do not count: they share the release's pages)."""
    return _matrix_pages(corpus, include_drafts)[0].paths


def _matrix_pages(corpus: Corpus, include_drafts: bool) -> tuple[paging.Page[ClaimDoc], ...]:
    """The matrix's pages, each with its rows (claims, by id)."""
    _, rows = matrix_order(corpus, include_drafts)
    return paging.paginate(rows, MATRIX_PAGE, paging.MATRIX_ROWS, _published)


def _published(doc: ClaimDoc) -> bool:
    return not doc.claim.draft


def matrix_page(
    corpus: Corpus,
    templates: Path = TEMPLATES_DIR,
    *,
    include_drafts: bool = False,
    number: int = 1,
) -> str:
    """Which source says what about each claim: page `number` of `matrix_page_paths`."""
    page = _matrix_pages(corpus, include_drafts)[number - 1]
    return _matrix_page(corpus, templates, include_drafts, page)


def _matrix_page(
    corpus: Corpus, templates: Path, include_drafts: bool, page: paging.Page[ClaimDoc]
) -> str:
    matrix = build_matrix(
        corpus, include_drafts=include_drafts, rows=slice(page.first - 1, page.last)
    )
    title = gettext("Which source says what")
    number, count = page.number, len(page.paths)
    return _page(
        templates,
        page.path,
        "matrix.md.j2",
        gettext("%(title)s (page %(number)s of %(count)s)", title=title, number=number, count=count)
        if page.several
        else title,
        matrix_page_description(number, count),
        hide=("toc",),  # the table needs the width
        unsearched=True,  # claims x sources cells: it would swamp the search index at scale
        legend=legend(),
        table=matrix_table(matrix, page.path),
        rows_shown=_rows_shown(page) if page.several else "",
        pager=page.pager(),
    )


def _rows_shown(page: paging.Page[ClaimDoc]) -> SafeMarkdown:
    """`Claims 101 to 200 of 10,000, by id.`"""
    return gettext_markup(
        "Claims %(first)s to %(last)s of %(total)s, by id.",
        first=page.first,
        last=page.last,
        total=page.total,
    )


def timeline_page(
    corpus: Corpus,
    templates: Path = TEMPLATES_DIR,
    page_language: str = "en",
    *,
    include_drafts: bool = False,
) -> str:
    """Every dated event the claims' sources give, in date order."""
    return _page(
        templates,
        TIMELINE_PAGE,
        "timeline.md.j2",
        gettext("Timeline"),
        timeline_description(),
        events=timeline_markdown(
            build_timeline(corpus, include_drafts=include_drafts), TIMELINE_PAGE, page_language
        ),
    )


def _page(
    templates: Path,
    path: str,
    template: str,
    title: str,
    description: str,
    hide: tuple[str, ...] = (),
    unsearched: bool = False,
    **context: Any,
) -> str:
    body = (
        template_environment(templates)
        .get_template(template)
        .render(
            link=_linker(path),
            matrix_page=MATRIX_PAGE,
            timeline_page=TIMELINE_PAGE,
            claims_index=CLAIMS_INDEX,
            sources_index=SOURCES_INDEX,
            markdown_link=markdown_link,
            **context,
        )
    )
    return _front_matter(title, description, hide, unsearched) + body


def _front_matter(
    title: str, description: str, hide: tuple[str, ...] = (), exclude_from_search: bool = False
) -> str:
    """Front matter as generator.render.docs writes it: title and description HTML-escaped for the theme."""
    meta: dict[str, Any] = {
        "title": str(escape_html_text(title)),
        "description": str(escape_html_text(description)),
    }
    if hide:
        meta["hide"] = list(hide)  # Material: leave out these sidebars
    if exclude_from_search:
        meta["search"] = {"exclude": True}
    dumped = yaml.safe_dump(meta, allow_unicode=True, width=1_000_000_000)
    return f"---\n{dumped}---\n\n"


def _linker(from_page: str) -> Callable[..., SafeMarkdown]:
    def link(target: str, fragment: str | None = None) -> SafeMarkdown:
        return relative_link(from_page, target, fragment)

    return link
