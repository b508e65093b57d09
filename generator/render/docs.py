"""Render a validated corpus into the Markdown tree MkDocs publishes (docs_dir).

    render_docs(corpus, docs_dir, settings) -> RenderResult

Pages come from the Jinja2 templates in `site_templates/markdown/` (autoescape
off; every printed value escaped by `generator.render.markup.finalize`):

    index.md                home: what the site is, counts per status, latest claims
    claims/index.md         claims by status (scale order) and by tag; on a large site an
                            overview, and each status and tag has a list of its own,
                            claims/verdict/<status>.md and claims/tag/<tag>.md, in numbered
                            pages (.../<n>.md) if need be (generator/render/claim_lists.py)
    claims/<id>.md          one per published claim, with ClaimReview JSON-LD (a draft's, in a preview, without)
    sources/index.md        all published sources; on a large site the first of numbered
                            pages, sources/index/<n>.md (`index` is no source's id)
    sources/<id>.md         the source's text, numbered paragraphs, quotes highlighted
                            (each kind's details from site_templates/markdown/source_kinds/)
    sources/<id>/<file>     a source's screenshot, image or PDF, copied as checked
    people/<id>.md          a person of the desk and the fact-checks they checked and edited
    claimants/<id>.md       a claimant's fact-checks, with a count per verdict (table, chart);
                            claimants/index.md lists them (generator/render/newsroom.py)
    about.md                who runs, owns and funds the desk, with the Organization
                            JSON-LD (generator/render/about_page.py)
    methodology.md          the status scale (from generator/corpus/scale.py), corrections policy
    data.md                 every data file below: what it holds, its format, the FEVER labels
    api/claims.json         every published claim as data
    feed.xml, api/...       Atom feed, ClaimReview list, FEVER JSONL, Web Annotations,
                            each source's plain text (generator/render/exports.py)
    assets/...              copied from `site_templates/assets/`; the status badge
                            colours (from generator/corpus/scale.py) are appended to
                            `assets/factcheck.css`

Each page's YAML front matter carries `title` and `description` (the page's own,
from `generator.render.descriptions`; the home page has neither), both HTML-escaped, as
Material and `site_templates/overrides/main.html` print them unescaped (`<title>`,
`<meta content>`), and, on published claim pages, `claimreview` (script-safe JSON,
printed by the override; the About page's `organization` alike); a draft's page carries `robots` instead (`noindex`:
printed by the override, and left out of the sitemap); source pages with quotes
carry `landing_style`, the CSS that
lights up the quote a link lands on (printed in a `<style>` by main.html; see
`generator.render.highlight`).
Claim and source pages carry `lastmod`, the content's own date for the page
(`site_templates/overrides/sitemap.xml` prints it; other pages get the build's
content date).
Pages are not added to any nav; mkdocs.yml lists the index pages.

Drafts are rendered only with `settings.include_drafts` (`factcheck serve`'s
preview): each draft's page opens with a "Draft — not published" notice and its
title and description start with "Draft", and every list marks drafts with the word
"Draft". Nothing machine-readable presents a draft as published: its page has no
ClaimReview (and so `og:type` `website`, not `article`), is marked `noindex` and left
out of the sitemap, names no public address (main.html: no canonical link or `og:url`),
and the exports leave drafts out.

Every word of ours on a page comes from the catalogs, in mkdocs.yml's `theme.language`
(`generator.render.i18n`): each page is made while that language is the active one.

Output is deterministic (sorted everything, dates only from content) and
written incrementally (`generator.render.files`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator.corpus.gc_pause import gc_paused
from generator.corpus.media import read_verified
from generator.corpus.models import Corpus
from generator.corpus.scale import BEST_RATING, SCALE, Stance, Verdict
from generator.render import highlight as render_highlight
from generator.render import paging
from generator.render import views as render_views
from generator.render.about_page import ORGANIZATION, about_producers
from generator.render.charts import claim_charts
from generator.render.claim_lists import ListPage, claim_lists, list_pages
from generator.render.descriptions import (
    claim_description,
    claims_index_description,
    data_description,
    list_page_description,
    methodology_description,
    source_description,
    sources_index_description,
)
from generator.render.exports import (
    ANNOTATIONS,
    CLAIMREVIEW,
    EVIDENCE_STANCE,
    FEED,
    FEED_LIMIT,
    FEVER,
    FEVER_LABELS,
    SOURCES,
    export_producers,
)
from generator.render.files import Producer, RenderResult, write_if_changed, write_tree
from generator.render.i18n import (
    SiteLanguage,
    active_language,
    gettext,
    gettext_markup,
    site_language,
    speaking,
    template_environment,
)
from generator.render.labels import (
    draft_mark,
    format_date,
    format_partial_date,
    language_name,
    stance_label,
    unknown_date,
    verdict_description,
    verdict_label,
)
from generator.render.markup import (
    SafeMarkdown,
    code,
    escape_html_text,
    escape_text,
    external_link,
    fingerprint,
    in_language,
    lang_attribute,
    markdown_link,
    strong,
)
from generator.render.matrix import forget_order, matrix_stylesheet
from generator.render.matrix_timeline_pages import MATRIX_PAGE, TIMELINE_PAGE, extra_page_producers
from generator.render.newsroom import (
    TEMPLATE_HELPERS,
    NewsroomView,
    forget_newsroom,
    newsroom_producers,
    newsroom_view,
)
from generator.render.paths import (
    ABOUT_PAGE,
    CLAIMANTS_INDEX,
    CLAIMS_EXPORT,
    CLAIMS_INDEX,
    DATA_PAGE,
    HOME,
    METHODOLOGY,
    SOURCE_TEXTS,
    SOURCES_INDEX,
    claim_page,
    fragment_link,
    heading_id,
    media_path,
    pdf_page_link,
    relative_link,
    source_text,
)
from generator.render.report_links import claim_report_links, contact_sentence
from generator.render.settings import SiteSettings
from generator.render.source_copies import archive_name, correction_label, forget_fingerprints
from generator.render.structured_data import claim_review, claims_export, script_safe_json
from generator.render.views import ClaimView, SiteView, SourceView, format_figure, site_view

__all__ = [
    "ASSETS_DIR",
    "TEMPLATES_DIR",
    "RenderResult",
    "forget_remembered",
    "generate_files",
    "page_titles",
    "planned_files",
    "render_docs",
    "render_pages",
]

_SITE_TEMPLATES = Path(__file__).resolve().parents[2] / "site_templates"
TEMPLATES_DIR = _SITE_TEMPLATES / "markdown"
ASSETS_DIR = _SITE_TEMPLATES / "assets"
STYLESHEET = "factcheck.css"


def render_docs(
    corpus: Corpus, docs_dir: Path, settings: SiteSettings, *, jobs: int = 1
) -> RenderResult:
    """Write the site's Markdown, data and assets for `corpus` into `docs_dir`.

    Each file is made and written in turn, so the whole tree is never in memory;
    `jobs` > 1 shares that work among as many processes (same bytes either way).
    """
    with gc_paused():
        return write_tree(docs_dir, planned_files(corpus, settings), jobs=jobs)


def render_pages(
    corpus: Corpus,
    docs_dir: Path,
    settings: SiteSettings,
    *,
    claims: Collection[str],
    sources: Collection[str],
) -> tuple[str, ...]:
    """Write only the pages of these claims and sources (by id); return the paths written.

    `factcheck serve` shows an edit with these first, then runs `render_docs`, which
    brings every other file up to date (the lists, the exports, the manifest).
    """
    with gc_paused(), speaking(settings.language):
        site = site_view(corpus, include_drafts=settings.include_drafts)
        pages = _Pages(
            template_environment(TEMPLATES_DIR), settings, site, newsroom_view(corpus, site)
        )
        wanted = {
            v.summary.page: pages.claim_page(v) for v in site.claims if v.summary.id in claims
        }
        wanted |= {v.ref.page: pages.source_page(v) for v in site.sources if v.ref.id in sources}
    return tuple(
        path
        for path, text in wanted.items()
        if write_if_changed(docs_dir / path, text.encode("utf-8"))
    )


def forget_remembered() -> None:
    """Drop what rendering keeps for the next render (the site view, analysis HTML,
    highlighted sources, the matrix's order): `factcheck serve` reuses it; a one-off
    build frees it before MkDocs runs, and a benchmark starts from cold."""
    render_views.forget_last_view()
    render_views.forget_analyses()
    render_highlight.forget_highlights()
    forget_order()
    forget_newsroom()
    forget_fingerprints()


def generate_files(corpus: Corpus, settings: SiteSettings) -> dict[str, bytes]:
    """Every generated file, path relative to docs_dir -> bytes; nothing is written."""
    with gc_paused():
        return {path: make() for path, make in planned_files(corpus, settings).items()}


def planned_files(corpus: Corpus, settings: SiteSettings) -> dict[str, Producer]:
    """Every generated file, path relative to docs_dir -> a function that makes its bytes.

    Only the site view is built here; pages and exports are made when their
    function is called (`write_tree` calls each once, then lets the bytes go), each in
    the site's language.
    """
    language = site_language(settings.language)
    with speaking(language):  # the views hold a few words too (a quote's place)
        site = site_view(corpus, include_drafts=settings.include_drafts)
        newsroom = newsroom_view(corpus, site)
        pages = _Pages(template_environment(TEMPLATES_DIR), settings, site, newsroom)
        producers = pages.producers()
    files: dict[str, Producer] = {path: _utf8(make) for path, make in producers.items()}
    files[CLAIMS_EXPORT] = functools.partial(
        claims_export, site.published_claims, settings, newsroom
    )
    files |= export_producers(
        corpus, settings
    )  # feed.xml and api/ (never drafts): see generator/render/exports.py
    files |= (
        extra_page_producers(  # matrix.md, timeline.md: generator/render/matrix_timeline_pages.py
            corpus, page_language=settings.language, include_drafts=settings.include_drafts
        )
    )
    files |= {path: _constant(data) for path, data in asset_files(ASSETS_DIR).items()}
    files |= media_producers(corpus, include_drafts=settings.include_drafts)
    return {path: _spoken(language, make) for path, make in sorted(files.items())}


def media_producers(corpus: Corpus, *, include_drafts: bool) -> dict[str, Producer]:
    """The files beside the shown sources (screenshots, images, PDFs), each read again when
    written and checked to be the very bytes that validation checked (`media.read_verified`)."""
    return {
        media_path(source.id, media.name): functools.partial(read_verified, media)
        for source in corpus.shown_sources(include_drafts)
        for media in source.media
    }


def _utf8(make: Callable[[], str]) -> Producer:
    return lambda: make().encode("utf-8")


def _spoken(language: SiteLanguage, make: Producer) -> Producer:
    """`make`, run with `language` the active one (in whichever process calls it)."""

    def made() -> bytes:
        with speaking(language):
            return make()

    return made


def _constant(data: bytes) -> Producer:
    return lambda: data


class _Pages:
    """Renders every page of one site with one template environment."""

    def __init__(
        self,
        env: jinja2.Environment,
        settings: SiteSettings,
        site: SiteView,
        newsroom: NewsroomView,
    ) -> None:
        self.env = env
        self.settings = settings
        self.site = site
        self.newsroom = newsroom
        """People, claimants and what each claim says of them (generator/render/newsroom.py)."""
        self.lists = claim_lists(site)
        """Where the claims of each verdict and tag are listed (one index, or pages of their own)."""
        self.language_helpers = {
            "in_language": functools.partial(in_language, page_language=settings.language),
            "lang_attribute": functools.partial(lang_attribute, page_language=settings.language),
        }
        """Text in a language (a source's, a reference's) marked as such when it is not the page's."""
        for name in env.list_templates(extensions=["j2"]):
            env.get_template(name)  # compiled here, once: not by each forked worker

    def producers(self) -> dict[str, Callable[[], str]]:
        """Every page by path, as a function that renders it."""
        partial = functools.partial
        pages: dict[str, Callable[[], str]] = {
            # No title for the home page: Material would print "<site name> - <site name>";
            # no description either: the theme prints the site's.
            HOME: partial(self.page, HOME, "home.md.j2", self.translations(HOME, {})),
            # The descriptions count what is published: a preview's drafts are no fact-checks yet.
            CLAIMS_INDEX: partial(
                self.page,
                CLAIMS_INDEX,
                "claims_overview.md.j2" if self.lists.split else "claims_index.md.j2",
                {
                    "title": gettext("Claims"),
                    "description": claims_index_description(len(self.site.published_claims)),
                },
                list_pages=list_pages,
                most_listed=paging.MOST_LISTED,
            ),
            METHODOLOGY: partial(
                self.page,
                METHODOLOGY,
                "methodology.md.j2",
                {"title": gettext("Methodology"), "description": methodology_description()},
                report_contact=contact_sentence(self.settings.report_channel),
            ),
            DATA_PAGE: partial(
                self.page,
                DATA_PAGE,
                "data.md.j2",
                {"title": gettext("Data"), "description": data_description()},
                fever_labels=fever_label_rows(),
                feed_limit=FEED_LIMIT,
            ),
        }
        if self.lists.split:
            for group in (*self.site.by_status(), *self.site.by_tag()):
                for list_page in list_pages(group):
                    pages[list_page.path] = partial(self.list_page, list_page)
        for sources_page in source_index_pages(self.site):
            pages[sources_page.path] = partial(self.sources_index_page, sources_page)
        for claim in self.site.claims:
            pages[claim.summary.page] = partial(self.claim_page, claim)
        for source in self.site.sources:
            pages[source.ref.page] = partial(self.source_page, source)
        pages |= newsroom_producers(self.page, self.newsroom)
        about = self.newsroom.corpus.about if self.newsroom.corpus is not None else None
        pages |= about_producers(self.page, about, self.newsroom, self.settings)
        return pages

    def claim_page(self, claim: ClaimView) -> str:
        meta: dict[str, MetaValue] = {
            "title": _draft_title(claim.summary.draft, claim.claim.question),
            "description": claim_description(claim),
        }
        if claim.summary.draft:
            meta[ROBOTS] = DRAFT_ROBOTS  # a draft is reviewed by no one yet: no ClaimReview
        else:
            meta["claimreview"] = script_safe_json(
                claim_review(claim, self.settings, self.newsroom)
            )
        meta["lastmod"] = claim.claim.updated.isoformat()
        meta |= self.translations(claim.summary.page, claim.claim.translations)
        return self.page(
            claim.summary.page,
            "claim.md.j2",
            meta,
            claim=claim,
            report_links=self.report_links(claim),
        )

    def translations(self, page: str, ids: Mapping[str, str] | None) -> dict[str, MetaValue]:
        """`translations` for a page's front matter: each other edition's address of it
        (language -> URL), when the site has editions. The home page is in every edition;
        a claim in those its `translations` name (`ids`: language -> its id there), by
        the same path as ours; any other page has none (the language selector then leads
        to the edition's home page: partials/alternate.html)."""
        addresses = {}
        for edition in self.settings.other_editions():
            if page == HOME:
                addresses[edition.language] = edition.link
            elif ids and edition.language in ids:
                target = claim_page(ids[edition.language])
                addresses[edition.language] = edition.page_url(self.settings.page_path(target))
        return {"translations": addresses} if addresses else {}

    def report_links(self, claim: ClaimView) -> SafeMarkdown:
        """Where to report an error in `claim`, pre-filled with it; a draft's report names
        no public address (it has none yet)."""
        summary = claim.summary
        return claim_report_links(
            self.settings.report_channel,
            summary.id,
            claim.claim.question,
            "" if summary.draft else self.settings.page_url(summary.page),
        )

    def list_page(self, list_page: ListPage) -> str:
        """One page of a verdict's or a tag's own list (a large site: `claim_lists`)."""
        group = list_page.group
        heading = (
            gettext("Verdict: %(verdict)s", verdict=verdict_label(group.verdict))
            if group.verdict
            else gettext("Tag: %(tag)s", tag=group.title)
        )
        meta = {
            "title": _of_pages(heading, list_page.number, len(list_page.paths)),
            "description": list_page_description(list_page),
        }
        return self.page(
            list_page.path,
            "claims_group.md.j2",
            meta,
            heading=heading,
            list_page=list_page,
            pager=paging.pager(list_page.path, list_page.paths, list_page.number),
        )

    def sources_index_page(self, page: paging.Page[SourceView]) -> str:
        """The list of every source, or one of its pages (`source_index_pages`)."""
        meta = {
            "title": _of_pages(gettext("Sources"), page.number, len(page.paths)),
            "description": sources_index_description(
                len(self.site.published_sources), page.number, len(page.paths)
            ),
        }
        return self.page(
            page.path, "sources_index.md.j2", meta, sources_page=page, pager=page.pager()
        )

    def source_page(self, source: SourceView) -> str:
        meta = {
            "title": _draft_title(source.ref.draft, source.ref.title),
            "description": source_description(source),
        }
        if source.ref.draft:
            meta[ROBOTS] = DRAFT_ROBOTS
        if style := source.landing_style():
            meta[LANDING_STYLE] = style
        if source.last_modified is not None:
            meta["lastmod"] = source.last_modified.isoformat()
        return self.page(source.ref.page, "source.md.j2", meta, source=source)

    def page(self, path: str, template: str, meta: Mapping[str, MetaValue], **context: Any) -> str:
        """Front matter + the rendered template; `link` resolves from this page."""
        body = self.env.get_template(template).render(
            site=self.site,
            settings=self.settings,
            lists=self.lists,
            newsroom=self.newsroom,
            link=_linker(path),
            pdf_link=_pdf_linker(path),
            **_HELPERS,
            **self.language_helpers,
            **context,
        )
        return (front_matter(meta) if meta else "") + body


def source_index_pages(site: SiteView) -> tuple[paging.Page[SourceView], ...]:
    """The sources index's pages: `sources/index.md` alone, or with `sources/index/2.md`,
    ... when there are more published sources than `paging.SOURCES_LISTED` (a preview's
    drafts do not count: they join the page of the published source before them)."""
    return paging.paginate(site.sources, SOURCES_INDEX, paging.SOURCES_LISTED, _published_source)


def _published_source(source: SourceView) -> bool:
    return not source.ref.draft


LANDING_STYLE = "landing_style"
"""The front-matter key of a source page's CSS for the quote a link lands on."""
ROBOTS = "robots"
"""The front-matter key of a page's `<meta name="robots">` (printed by main.html); a page
that has it is left out of the sitemap (site_templates/overrides/sitemap.xml)."""
DRAFT_ROBOTS = "noindex, nofollow"
"""A draft's page (only ever in the preview) is no page to index, should the preview be
served beyond this machine (`--dev-addr`)."""
_PRINTED_AS_IS = frozenset({"claimreview", LANDING_STYLE, ORGANIZATION})
"""Front-matter values made safe for where the theme prints them by their maker."""


def _draft_title(draft: bool, title: str) -> str:
    """A page's title, which says "Draft:" first (browser tab, search results) for a draft."""
    return gettext("Draft: %(title)s", title=title) if draft else title


def _of_pages(title: str, number: int, count: int) -> str:
    """The title of page `number` of a list of `count` pages (`Sources (page 2 of 3)`)."""
    if count == 1:
        return title
    return gettext(
        "%(title)s (page %(number)s of %(count)s)", title=title, number=number, count=count
    )


def page_titles() -> dict[str, str]:
    """The titles of the pages mkdocs.yml's nav may list without one, in the active
    language: `generator.publish.theme_plugin` gives them to the nav (the home page's
    title is the nav's alone: the page itself is titled by the site's name)."""
    return {
        HOME: gettext("Home"),
        CLAIMS_INDEX: gettext("Claims"),
        SOURCES_INDEX: gettext("Sources"),
        METHODOLOGY: gettext("Methodology"),
        DATA_PAGE: gettext("Data"),
        MATRIX_PAGE: gettext("Which source says what"),
        TIMELINE_PAGE: gettext("Timeline"),
        CLAIMANTS_INDEX: gettext("Claimants"),
        ABOUT_PAGE: gettext("About us"),
    }


MetaValue = str | Mapping[str, str]
"""A front-matter value: text, or a mapping of texts (`translations`)."""


def front_matter(meta: Mapping[str, MetaValue]) -> str:
    """YAML front matter. Values are HTML-escaped (the theme prints them unescaped),
    except `claimreview` and `organization`, which are already script-safe JSON, and
    `landing_style`,
    CSS made of offsets only (`render_highlight.landing_style`); each text of a mapping
    value is escaped alike."""
    plain: dict[str, str | dict[str, str]] = {
        key: _escaped_meta(value) if key not in _PRINTED_AS_IS else str(value)
        for key, value in meta.items()
    }
    dumper = (
        _FAST_DUMPER
        if all(
            isinstance(value, str) and _FAST_DUMPER_SAFE.match(value) for value in plain.values()
        )
        else yaml.SafeDumper
    )
    dumped = yaml.dump(
        plain, Dumper=dumper, sort_keys=False, allow_unicode=True, width=1_000_000_000
    )
    return f"---\n{dumped}---\n\n"


def _escaped_meta(value: MetaValue) -> str | dict[str, str]:
    if isinstance(value, str):
        return str(escape_html_text(value))
    return {key: str(escape_html_text(text)) for key, text in value.items()}


_FAST_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
"""libyaml's emitter, for front matter: PyYAML's own is the costly part of writing it
(benchmarks/RESULTS.md)."""
_FAST_DUMPER_SAFE = re.compile(r"[\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]*\Z")
"""Values it writes byte for byte as PyYAML does (printable, one line, BMP, no BOM;
checked by tests/test_bench.py); anything else goes through PyYAML's own emitter."""


def _linker(from_page: str) -> Callable[..., SafeMarkdown]:
    def link(target: str, fragment: str | None = None) -> SafeMarkdown:
        return relative_link(from_page, target, fragment)

    return link


def _pdf_linker(from_page: str) -> Callable[[str, int], SafeMarkdown]:
    def pdf_link(target: str, page: int) -> SafeMarkdown:
        return pdf_page_link(from_page, target, page)

    return pdf_link


SEARCH_VERDICT = "verdict"
"""The name of the Pagefind metadata that a claim's search result shows its verdict from
(`data-pagefind-meta` on the claim page's badge; generator/publish/search.py)."""


def badge(verdict: Verdict, *, searched: bool = False) -> SafeMarkdown:
    """The status badge: the verdict in words, coloured by the stylesheet. `searched` marks
    it as the verdict that the claim's search result shows (on the claim's own page)."""
    meta = f' data-pagefind-meta="{SEARCH_VERDICT}"' if searched else ""
    return SafeMarkdown(
        f'<span class="fc-badge fc-badge--{verdict.status.value}"{meta}>{escape_text(verdict_label(verdict))}</span>'
    )


def date(value: dt.date | None, unknown: str | None = None) -> SafeMarkdown:
    """A date as `<time>` in ISO form, or `unknown` (by default `date unknown`) when there
    is none."""
    if value is None:
        return escape_text(unknown if unknown is not None else unknown_date())
    return SafeMarkdown(
        f'<time datetime="{value.isoformat()}">{escape_text(format_date(value))}</time>'
    )


def partial_date(value: str) -> SafeMarkdown:
    """A timeline date as precise as its source (`2025`, `2025-08`, `2025-08-06`), in words
    as the timeline page gives it, as `<time>`."""
    return SafeMarkdown(
        f'<time datetime="{escape_text(value)}">{escape_text(format_partial_date(value))}</time>'
    )


def draft_notices() -> dict[str, SafeMarkdown]:
    """What the notice atop a draft's page says, by kind of page."""
    command, setting = code("factcheck build"), code("draft: true")
    return {
        "claim": gettext_markup(
            "This claim is a draft: only this preview shows it. %(command)s leaves it out of "
            "the site, the offline bundle and the data until %(setting)s is removed from its file.",
            command=command,
            setting=setting,
        ),
        "source": gettext_markup(
            "This source is a draft: only this preview shows it, and only draft claims may "
            "cite it. %(command)s leaves it out until %(setting)s is removed from its front matter.",
            command=command,
            setting=setting,
        ),
    }


def draft_notice(kind: str) -> SafeMarkdown:
    """The notice at the top of a draft's page in the preview: a note, in words, that
    reads first (before the page's heading); styled as Material's warning admonition."""
    title = escape_text(gettext("Draft — not published"))
    return SafeMarkdown(
        '<div class="admonition warning fc-draft-notice" role="note" aria-labelledby="draft-notice">'
        f'<p class="admonition-title" id="draft-notice">{title}</p>'
        f"<p>{draft_notices()[kind]}</p></div>"
    )


def stance(value: Stance) -> SafeMarkdown:
    """A citation's stance, in words, classed for the stylesheet."""
    label = escape_text(stance_label(value))
    return SafeMarkdown(f'<span class="fc-stance fc-stance--{value.value}">{label}</span>')


def analysis(claim: ClaimView) -> SafeMarkdown:
    """The claim's analysis block, marked with the claim's `language` when it is not the
    page's."""
    block = claim.analysis
    attribute = lang_attribute(claim.claim.language, active_language().tag)
    if not attribute:
        return block
    return SafeMarkdown(
        block.replace('<div class="fc-analysis">', f'<div class="fc-analysis"{attribute}>', 1)
    )


@dataclass(frozen=True)
class FeverLabelRow:
    """One verdict's line in the data page's table of FEVER labels."""

    verdict: Verdict
    label: str
    """Its FEVER label."""
    evidence: Stance | None
    """The stance of the passages given as evidence; None for NOT ENOUGH INFO."""


def fever_label_rows() -> tuple[FeverLabelRow, ...]:
    """The verdict scale in order, each with its FEVER label (`exports.FEVER_LABELS`)."""
    return tuple(
        FeverLabelRow(v, FEVER_LABELS[v.status], EVIDENCE_STANCE.get(FEVER_LABELS[v.status]))
        for v in SCALE.values()
    )


_HELPERS: dict[str, Any] = {
    "badge": badge,
    "date": date,
    "partial_date": partial_date,
    "stance": stance,
    "draft_mark": draft_mark,
    "draft_notice": draft_notice,
    "analysis": analysis,
    "code": code,
    "fingerprint": fingerprint,
    "strong": strong,
    "markdown_link": markdown_link,
    "fragment_link": fragment_link,
    "heading_id": heading_id,
    "verdict_description": verdict_description,
    "external_link": external_link,
    **TEMPLATE_HELPERS,
    "figures_chart": claim_charts,
    "format_figure": format_figure,
    "language_name": language_name,
    "scale": tuple(SCALE.values()),
    "best_rating": BEST_RATING,
    "stances": Stance,
    "source_text": source_text,
    "archive_name": archive_name,
    "correction_label": correction_label,
    "source_texts_folder": SOURCE_TEXTS,
    "links": {
        "home": HOME,
        "claims_index": CLAIMS_INDEX,
        "sources_index": SOURCES_INDEX,
        "methodology": METHODOLOGY,
        "claims_export": CLAIMS_EXPORT,
        "claimreview_export": CLAIMREVIEW,
        "fever_export": FEVER,
        "annotations_export": ANNOTATIONS,
        "sources_export": SOURCES,
        "data": DATA_PAGE,
        "matrix": MATRIX_PAGE,
        "feed": FEED,
        "timeline": TIMELINE_PAGE,
        "about": ABOUT_PAGE,
        "claimants_index": CLAIMANTS_INDEX,
    },
}


def asset_files(assets_dir: Path) -> dict[str, bytes]:
    """`site_templates/assets/*` under `assets/`, status colours and matrix tints added to the stylesheet."""
    files = {
        f"assets/{path.relative_to(assets_dir).as_posix()}": path.read_bytes()
        for path in sorted(assets_dir.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }
    stylesheet = f"assets/{STYLESHEET}"
    files[stylesheet] = files.get(stylesheet, b"") + (
        status_stylesheet() + matrix_stylesheet()
    ).encode("utf-8")
    return files


def status_stylesheet() -> str:
    """One badge rule per status of the scale, with its colour (white text)."""
    rules = [
        f".fc-badge--{v.status.value} {{ background-color: {v.colour}; color: #fff; }}"
        for v in SCALE.values()
    ]
    return (
        "\n/* Status colours, generated from generator/corpus/scale.py by generator/render/docs.py */\n"
        + "\n".join(rules)
        + "\n"
    )
