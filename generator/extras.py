"""The pages and data files beyond the claim and source pages: matrix, timeline, exports.

    extra_files(corpus, settings) -> {path relative to docs_dir: bytes}

`generator.render.generate_files` adds these to the files it writes, so they
go through the same deterministic, incremental writer and MkDocs copies the
data files into the site unchanged. The two pages come from Jinja2 templates
in `site_templates/markdown/` (`matrix.md.j2`, `timeline.md.j2`), rendered with
`markup.template_environment`, so every printed value is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .exports import export_files
from .markup import SafeMarkdown, escape_html_text, template_environment
from .matrix import MATRIX_PAGE, build_matrix, legend, matrix_table
from .models import Corpus
from .render_paths import CLAIMS_INDEX, SOURCES_INDEX, relative_link
from .settings import SiteSettings
from .timeline import TIMELINE_PAGE, build_timeline, timeline_markdown

__all__ = ["MATRIX_PAGE", "TEMPLATES_DIR", "TIMELINE_PAGE", "extra_files", "extra_pages"]

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "site_templates" / "markdown"


def extra_files(corpus: Corpus, settings: SiteSettings, templates: Path = TEMPLATES_DIR) -> dict[str, bytes]:
    """The matrix and timeline pages and every export, by path relative to docs_dir."""
    files = {path: text.encode("utf-8") for path, text in extra_pages(corpus, templates).items()}
    files |= export_files(corpus, settings)
    return dict(sorted(files.items()))


def extra_pages(corpus: Corpus, templates: Path = TEMPLATES_DIR) -> dict[str, str]:
    """`matrix.md` and `timeline.md` as Markdown with YAML front matter."""
    env = template_environment(templates)

    def page(path: str, template: str, title: str, **context: Any) -> str:
        body = env.get_template(template).render(
            link=_linker(path),
            matrix_page=MATRIX_PAGE,
            timeline_page=TIMELINE_PAGE,
            claims_index=CLAIMS_INDEX,
            sources_index=SOURCES_INDEX,
            **context,
        )
        return _front_matter(title) + body

    return {
        MATRIX_PAGE: page(
            MATRIX_PAGE,
            "matrix.md.j2",
            "Which source says what",
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


def _front_matter(title: str) -> str:
    """Front matter as generator.render writes it: the title HTML-escaped for the theme."""
    dumped = yaml.safe_dump({"title": str(escape_html_text(title))}, allow_unicode=True, width=1_000_000_000)
    return f"---\n{dumped}---\n\n"


def _linker(from_page: str) -> Callable[..., SafeMarkdown]:
    def link(target: str, fragment: str | None = None) -> SafeMarkdown:
        return relative_link(from_page, target, fragment)

    return link
