"""The pages beyond claims and sources: the source x claim matrix and the timeline.

    extra_page_files(corpus) -> {"matrix.md": bytes, "timeline.md": bytes}

Both come from Jinja2 templates in `site_templates/markdown/` (`matrix.md.j2`,
`timeline.md.j2`), rendered with `markup.template_environment`, so every
printed value is escaped; the tables themselves are built by
`generator.matrix` and `generator.timeline`.

They are meant to join `generator.render.generate_files` with one line,
`files |= extra_page_files(corpus)`, once mkdocs.yml lists `matrix.md` and
`timeline.md` (in `nav` or `not_in_nav`): until then MkDocs' strict build
would fail on pages missing from the nav. The data exports are already there
(`generator.exports`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .markup import SafeMarkdown, escape_html_text, template_environment
from .matrix import MATRIX_PAGE, build_matrix, legend, matrix_table
from .models import Corpus
from .render_paths import CLAIMS_INDEX, SOURCES_INDEX, relative_link
from .timeline import TIMELINE_PAGE, build_timeline, timeline_markdown

__all__ = ["MATRIX_PAGE", "TEMPLATES_DIR", "TIMELINE_PAGE", "extra_page_files", "extra_pages"]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates" / "markdown"


def extra_page_files(corpus: Corpus, templates: Path = TEMPLATES_DIR) -> dict[str, bytes]:
    """`extra_pages` encoded, for `generate_files`."""
    return {path: text.encode("utf-8") for path, text in extra_pages(corpus, templates).items()}


def extra_pages(corpus: Corpus, templates: Path = TEMPLATES_DIR) -> dict[str, str]:
    """`matrix.md` and `timeline.md` as Markdown with YAML front matter."""
    env = template_environment(templates)

    def page(
        path: str, template: str, title: str, hide: tuple[str, ...] = (), unsearched: bool = False, **context: Any
    ) -> str:
        body = env.get_template(template).render(
            link=_linker(path),
            matrix_page=MATRIX_PAGE,
            timeline_page=TIMELINE_PAGE,
            claims_index=CLAIMS_INDEX,
            sources_index=SOURCES_INDEX,
            **context,
        )
        return _front_matter(title, hide, unsearched) + body

    return {
        MATRIX_PAGE: page(
            MATRIX_PAGE,
            "matrix.md.j2",
            "Which source says what",
            hide=("toc",),  # the table needs the width
            unsearched=True,  # claims x sources cells: it would swamp the search index at scale
            legend=legend(),
            table=matrix_table(build_matrix(corpus), MATRIX_PAGE),
        ),
        TIMELINE_PAGE: page(
            TIMELINE_PAGE,
            "timeline.md.j2",
            "Timeline",
            events=timeline_markdown(build_timeline(corpus), TIMELINE_PAGE),
        ),
    }


def _front_matter(title: str, hide: tuple[str, ...] = (), exclude_from_search: bool = False) -> str:
    """Front matter as generator.render writes it: the title HTML-escaped for the theme."""
    meta: dict[str, Any] = {"title": str(escape_html_text(title))}
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
