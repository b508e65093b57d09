"""The pages beyond claims and sources: the source x claim matrix and the timeline.

    extra_page_producers(corpus) -> {"matrix.md": make_bytes, "timeline.md": make_bytes}

Both come from Jinja2 templates in `site_templates/markdown/` (`matrix.md.j2`,
`timeline.md.j2`), rendered with `markup.template_environment`, so every
printed value is escaped; the tables themselves are built by
`generator.matrix` and `generator.timeline`. `generator.render.planned_files`
adds them to the site; mkdocs.yml keeps them out of the nav (`not_in_nav`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .descriptions import MATRIX_DESCRIPTION, TIMELINE_DESCRIPTION
from .markup import SafeMarkdown, cached_template_environment, escape_html_text
from .matrix import MATRIX_PAGE, build_matrix, legend, matrix_table
from .models import Corpus
from .render_paths import CLAIMS_INDEX, SOURCES_INDEX, relative_link
from .timeline import TIMELINE_PAGE, build_timeline, timeline_markdown

__all__ = [
    "MATRIX_PAGE",
    "TEMPLATES_DIR",
    "TIMELINE_PAGE",
    "extra_page_files",
    "extra_page_producers",
    "extra_pages",
    "matrix_page",
    "timeline_page",
]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates" / "markdown"


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
    return {
        MATRIX_PAGE: lambda: matrix_page(corpus, templates, include_drafts=include_drafts).encode(
            "utf-8"
        ),
        TIMELINE_PAGE: lambda: timeline_page(
            corpus, templates, page_language, include_drafts=include_drafts
        ).encode("utf-8"),
    }


def extra_pages(
    corpus: Corpus,
    templates: Path = TEMPLATES_DIR,
    page_language: str = "en",
    *,
    include_drafts: bool = False,
) -> dict[str, str]:
    """`matrix.md` and `timeline.md` as Markdown with YAML front matter."""
    return {
        MATRIX_PAGE: matrix_page(corpus, templates, include_drafts=include_drafts),
        TIMELINE_PAGE: timeline_page(
            corpus, templates, page_language, include_drafts=include_drafts
        ),
    }


def matrix_page(
    corpus: Corpus, templates: Path = TEMPLATES_DIR, *, include_drafts: bool = False
) -> str:
    """Which source says what about each claim."""
    return _page(
        templates,
        MATRIX_PAGE,
        "matrix.md.j2",
        "Which source says what",
        MATRIX_DESCRIPTION,
        hide=("toc",),  # the table needs the width
        unsearched=True,  # claims x sources cells: it would swamp the search index at scale
        legend=legend(),
        table=matrix_table(build_matrix(corpus, include_drafts=include_drafts), MATRIX_PAGE),
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
        "Timeline",
        TIMELINE_DESCRIPTION,
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
        cached_template_environment(templates)
        .get_template(template)
        .render(
            link=_linker(path),
            matrix_page=MATRIX_PAGE,
            timeline_page=TIMELINE_PAGE,
            claims_index=CLAIMS_INDEX,
            sources_index=SOURCES_INDEX,
            **context,
        )
    )
    return _front_matter(title, description, hide, unsearched) + body


def _front_matter(
    title: str, description: str, hide: tuple[str, ...] = (), exclude_from_search: bool = False
) -> str:
    """Front matter as generator.render writes it: title and description HTML-escaped for the theme."""
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
