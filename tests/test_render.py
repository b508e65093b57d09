"""generator.render.docs: pages, ClaimReview, claims.json, highlights, incremental writes.

Corpora are built by hand here (no validator), so the renderer is also tested
on content the validator would refuse: it must stay safe on its own.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import posixpath
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from contentkit import TEST_SETTINGS
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from generator.corpus.analysis import convert_analysis
from generator.corpus.models import (
    Anchor,
    Claim,
    ClaimDoc,
    Corpus,
    Paragraph,
    SourceDoc,
    SourceMeta,
)
from generator.corpus.pipeline import check
from generator.corpus.scale import SCALE
from generator.render.descriptions import DESCRIPTION_LIMIT
from generator.render.docs import generate_files, page_titles, render_docs
from generator.render.files import MANIFEST_NAME
from generator.render.highlight import QuoteUse, highlighted_paragraphs, landing_style
from generator.render.markup import SafeMarkdown, UnsafeUrlError
from generator.render.settings import SiteSettings, load_settings

SETTINGS = TEST_SETTINGS

# --- building corpora by hand ------------------------------------------------------------

BODY = """\
The regiment returned in December after 120 days.

Officials said nine soldiers died, and praised
their "unimaginable" courage.

A third paragraph, never quoted."""


def source_doc(source_id: str, body: str = BODY, **meta: Any) -> SourceDoc:
    fields = {
        "title": f"Article {source_id}",
        "outlet": "Outlet",
        "published": "unknown",
        "retrieved": "unknown",
        "language": "en",
    } | meta
    return SourceDoc(
        source_id,
        Path(f"{source_id}.md"),
        SourceMeta.model_validate(fields),
        body,
        paragraphs_of(body),
    )


def paragraphs_of(body: str) -> tuple[Paragraph, ...]:
    spans = [m.span() for m in re.finditer(r"\S(?:.|\n(?!\s*\n))*", body)]
    return tuple(Paragraph(n, start, end, n) for n, (start, end) in enumerate(spans, 1))


def anchor_of(source: SourceDoc, quote: str) -> Anchor:
    start = source.body.index(quote)
    number = next(p.number for p in source.paragraphs if p.start <= start < p.end)
    return Anchor(number, start, start + len(quote))


def claim_doc(claim_id: str, sources: Iterable[SourceDoc], **fields: Any) -> ClaimDoc:
    by_id = {s.id: s for s in sources}
    defaults = {
        "question": f"Is {claim_id} true?",
        "claim": f"Claim {claim_id}.",
        "claimant": "Someone",
        "status": "false",
        "summary": "Summary.",
        "citations": [{"source": "a", "quote": "returned in December", "stance": "refutes"}],
        "analysis": "Analysis.",
        "tags": ["t"],
        "published": "2026-01-01",
        "updated": "2026-01-02",
    }
    claim = Claim.model_validate(defaults | fields)
    return ClaimDoc(
        id=claim_id,
        path=Path(f"{claim_id}.yaml"),
        claim=claim,
        citation_anchors=tuple(anchor_of(by_id[c.source], c.quote) for c in claim.citations),
        reported_anchors=tuple(anchor_of(by_id[r.source], r.quote) for r in claim.reported),
        converted_analysis=convert_analysis(claim.analysis),
    )


def corpus_of(claims: Iterable[ClaimDoc], sources: Iterable[SourceDoc]) -> Corpus:
    return Corpus(
        tuple(sorted(claims, key=lambda c: c.id)), tuple(sorted(sources, key=lambda s: s.id))
    )


def basic_corpus(**claim_fields: Any) -> Corpus:
    sources = [
        source_doc(
            "a", url="https://a.example/story?x=1&y=2", published="2025-12-12", outlet="Alpha"
        ),
        source_doc("b"),
    ]
    return corpus_of([claim_doc("one", sources, **claim_fields)], sources)


def render(corpus: Corpus, settings: SiteSettings = SETTINGS) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in generate_files(corpus, settings).items()}


def front_matter(page: str) -> dict[str, Any]:
    """The front matter as MkDocs reads it."""
    _, meta = get_data(page)
    return meta


# --- claim pages ----------------------------------------------------------------------------


def test_claim_page_has_question_as_title_and_verdict_in_words() -> None:
    page = render(basic_corpus(question="Did it happen?", status="mostly-false"))["claims/one.md"]
    assert '\n<h1 id="question">Did it happen&#63;</h1>\n' in page
    verdict = '<span class="fc-badge fc-badge--mostly-false" data-pagefind-meta="verdict">'
    assert f'<p class="fc-verdict">Our verdict&#58; {verdict}Mostly false</span></p>' in page


def test_claim_page_links_each_quote_to_its_passage_and_the_original() -> None:
    corpus = basic_corpus(
        citations=[
            {"source": "a", "quote": "nine soldiers died", "stance": "refutes", "note": "A note."},
            {"source": "b", "quote": "returned in December", "stance": "supports"},
        ]
    )
    page = render(corpus)["claims/one.md"]
    a = anchor_of(corpus.source("a"), "nine soldiers died")
    assert f"](../sources/a.md#{a.fragment})" in page
    assert (
        'href="https://a.example/story?x=1&amp;y=2" rel="nofollow noopener">original article</a>'
        in page
    )
    assert '**Alpha**, <time datetime="2025-12-12">12 December 2025</time>' in page
    assert "**Outlet**, date unknown" in page
    assert page.count("original article") == 1  # source b has no known URL
    assert '<span class="fc-stance fc-stance--refutes">Refutes</span>' in page
    assert "*Note&#58;* A note&#46;" in page  # our words are escaped like content


def test_claim_page_quotes_the_source_text_verbatim_not_the_claim_file() -> None:
    corpus = basic_corpus(
        citations=[{"source": "a", "quote": 'their "unimaginable" courage', "stance": "context"}]
    )
    assert "> their &quot;unimaginable&quot; courage\n" in render(corpus)["claims/one.md"]


def test_reported_figures_sit_side_by_side_in_a_table() -> None:
    corpus = basic_corpus(
        reported=[
            {"source": "a", "value": 9, "unit": "deaths", "quote": "nine soldiers"},
            {"source": "b", "value": 1500.5, "unit": "deaths", "quote": "120 days", "note": "Odd."},
        ]
    )
    page = render(corpus)["claims/one.md"]
    rows = [line for line in page.splitlines() if line.startswith("| [")]
    assert len(rows) == 2
    assert "| 9 deaths |" in rows[0]
    assert "| 1,500&#46;5 deaths |" in rows[1]
    assert rows[1].endswith("| Odd&#46; |")


def test_claim_page_lists_tags_dates_corrections_and_references() -> None:
    page = render(
        basic_corpus(
            tags=["b-tag", "a-tag"],
            corrections=[{"date": "2026-01-02", "note": "Fixed a quote."}],
            references=[{"title": "Ref", "url": "https://ref.example/", "publisher": "Pub"}],
        )
    )["claims/one.md"]
    assert "[b&#45;tag](index.md#tag-b-tag), [a&#45;tag](index.md#tag-a-tag)" in page
    assert '**Published&#58;** <time datetime="2026-01-01">' in page
    assert '**Updated&#58;** <time datetime="2026-01-02">' in page
    assert '- <time datetime="2026-01-02">2 January 2026</time>: Fixed a quote&#46;' in page
    assert (
        '<a class="fc-external" href="https://ref.example/" rel="nofollow noopener">Ref</a>, Pub'
        in page
    )


def test_a_claim_without_corrections_says_so() -> None:
    assert "No corrections so far&#46;" in render(basic_corpus())["claims/one.md"]


def test_drafts_are_never_rendered_anywhere() -> None:
    sources = [source_doc("a"), source_doc("draft-source", draft=True)]
    claims = [
        claim_doc("public", sources),
        claim_doc(
            "secret",
            sources,
            draft=True,
            question="Secret question?",
            citations=[
                {"source": "a", "quote": "nine soldiers died", "stance": "refutes"},
                {"source": "draft-source", "quote": "120 days", "stance": "refutes"},
            ],
        ),
    ]
    files = render(corpus_of(claims, sources))
    assert "claims/secret.md" not in files
    assert "sources/draft-source.md" not in files
    everything = "\n".join(files.values())
    assert "secret" not in everything.lower()
    assert "draft&#45;source" not in everything and "draft-source" not in everything
    secret_fragment = anchor_of(sources[0], "nine soldiers died").fragment
    assert secret_fragment not in files["sources/a.md"]


def test_claim_pages_carry_exactly_the_documented_front_matter() -> None:
    meta = front_matter(render(basic_corpus())["claims/one.md"])
    assert set(meta) == {"title", "description", "claimreview", "lastmod"}
    assert str(meta["lastmod"]) == basic_corpus().claims[0].claim.updated.isoformat()


def test_front_matter_is_html_escaped_for_the_theme() -> None:
    page = render(
        basic_corpus(
            question="</title><script>alert(1)</script>?", summary='"><script>alert(2)</script>'
        )
    )["claims/one.md"]
    meta = front_matter(page)
    assert meta["title"] == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;?"
    assert meta["description"].endswith(" &quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;")


# --- descriptions ---------------------------------------------------------------------------

HOSTILE_SUMMARY = (
    'It said "no" \'twice\'.\n\n<script>alert("x")</script>\r\n&amp; <b onclick=x>more</b>\u2028end'
)


def test_a_claim_page_describes_itself_by_verdict_claim_and_summary() -> None:
    meta = front_matter(
        render(basic_corpus(status="mostly-false", claim="It rained", summary="It did not."))[
            "claims/one.md"
        ]
    )
    assert meta["description"] == "Our verdict: Mostly false. Claim: It rained. It did not."


def test_a_hostile_summary_reaches_the_description_as_one_escaped_line_of_its_text() -> None:
    page = render(basic_corpus(summary=HOSTILE_SUMMARY))["claims/one.md"]
    head = page.split("\n---\n", 1)[0]
    assert len([line for line in head.splitlines() if line.startswith("description:")]) == 1
    description = front_matter(page)["description"]
    assert not re.search(r"[<>\"\n\r\u2028]", description), description
    expected = " ".join(f"Our verdict: False. Claim: Claim one. {HOSTILE_SUMMARY}".split())
    assert html.unescape(description) == expected


def test_a_long_description_is_cut_at_a_word() -> None:
    description = front_matter(render(basic_corpus(summary="word " * 100))["claims/one.md"])[
        "description"
    ]
    assert len(description) <= DESCRIPTION_LIMIT and description.endswith("word…")


def test_a_source_page_describes_itself_by_title_outlet_and_date() -> None:
    files = render(basic_corpus())
    assert front_matter(files["sources/a.md"])["description"] == (
        "The full text of “Article a” (Alpha, 12 December 2025), with the passages our fact-checks quote highlighted."
    )
    bracketed = source_doc("c", title="[An untitled report]", outlet="unknown")
    corpus = corpus_of(
        [
            claim_doc(
                "one",
                [bracketed],
                citations=[{"source": "c", "quote": "returned in December", "stance": "refutes"}],
            )
        ],
        [bracketed],
    )
    assert front_matter(render(corpus)["sources/c.md"])["description"] == (
        "The full text of [An untitled report], with the passages our fact-checks quote highlighted."
    )


def test_every_page_but_the_home_page_has_a_description_of_its_own() -> None:
    files = render(basic_corpus())
    pages = {path: front_matter(text) for path, text in files.items() if path.endswith(".md")}
    assert "description" not in pages["index.md"]  # the theme prints the site's
    descriptions = [meta["description"] for path, meta in pages.items() if path != "index.md"]
    assert len(descriptions) == len(pages) - 1
    assert len(set(descriptions)) == len(descriptions)
    assert SETTINGS.description not in descriptions
    assert (
        pages["claims/index.md"]["description"]
        == "The 1 fact-check on this site, by verdict and by tag."
    )
    assert pages["sources/index.md"]["description"].startswith(
        "The 2 articles our fact-checks quote"
    )


# --- ClaimReview ----------------------------------------------------------------------------


def claim_review_of(page: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(front_matter(page)["claimreview"])
    return data


def test_claim_review_of_a_rated_claim() -> None:
    sources = [
        source_doc("a", url="https://a.example/story", published="2025-12-12", title="A story"),
        source_doc("b", published="2025-11-30", title="B story"),
        source_doc("c", outlet="unknown", title="[An editor's description]"),
    ]
    corpus = corpus_of(
        [
            claim_doc(
                "one",
                sources,
                appears_in=["a", "b", "c"],
                claim="It happened.",
                claimant="A Person",
                status="mostly-true",
            )
        ],
        sources,
    )
    assert claim_review_of(render(corpus)["claims/one.md"]) == {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example.org/claims/one/",
        "claimReviewed": "It happened.",
        "datePublished": "2026-01-01",
        "author": {
            "@type": "Organization",
            "name": "Test Desk",
            "url": "https://desk.example.org/",
        },
        "reviewRating": {
            "@type": "Rating",
            "alternateName": "Mostly true",
            "ratingValue": 4,
            "bestRating": 5,
            "worstRating": 1,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Organization", "name": "A Person"},
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": "https://a.example/story",
                    "headline": "A story",
                    "datePublished": "2025-12-12",
                    "author": {"@type": "Organization", "name": "Outlet"},
                    "archivedAt": [our_copy("a")],
                },
                {
                    "@type": "CreativeWork",
                    "headline": "B story",
                    "datePublished": "2025-11-30",
                    "author": {"@type": "Organization", "name": "Outlet"},
                    "archivedAt": [our_copy("b")],
                },
                {
                    "@type": "CreativeWork",
                    "name": "[An editor's description]",
                    "archivedAt": [our_copy("c")],
                },
            ],
            "datePublished": "2025-11-30",
        },
    }


@pytest.mark.parametrize("status", [s.value for s, v in SCALE.items() if v.rating is None])
def test_claim_review_of_an_unrated_claim_has_only_the_label(status: str) -> None:
    review = claim_review_of(render(basic_corpus(status=status))["claims/one.md"])
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": SCALE[status].label}  # type: ignore[index]
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Organization", "name": "Someone"},
    }


def test_claim_review_never_gives_our_copy_as_the_article_s_address() -> None:
    """`appearance.url` is where the article was published; a source without one has no
    `url`, and our copy of its text is only ever `archivedAt`."""
    review = claim_review_of(render(basic_corpus(appears_in=["a", "b"]))["claims/one.md"])
    with_url, without_url = review["itemReviewed"]["appearance"]
    assert with_url["url"] == "https://a.example/story?x=1&y=2"
    assert "url" not in without_url
    assert [w["archivedAt"] for w in (with_url, without_url)] == [[our_copy("a")], [our_copy("b")]]


def test_claim_review_lists_the_archived_copies_after_ours() -> None:
    copies = [
        {"url": "https://perma.cc/ABCD-1234", "date": "2025-12-14"},
        {
            "url": "https://web.archive.org/web/20251213000000/https://a.example/story",
            "date": "2025-12-13",
        },
    ]
    sources = [source_doc("a", url="https://a.example/story", archived=copies)]
    corpus = corpus_of([claim_doc("one", sources, appears_in=["a"])], sources)
    (appearance,) = claim_review_of(render(corpus)["claims/one.md"])["itemReviewed"]["appearance"]
    assert appearance["archivedAt"] == [our_copy("a"), copies[1]["url"], copies[0]["url"]]


def our_copy(source_id: str, body: str = BODY) -> dict[str, Any]:
    """Our copy of a source in ClaimReview: its page, encoded as the plain text with its SHA-256."""
    return {
        "@type": "WebPage",
        "url": f"https://checks.example.org/sources/{source_id}/",
        "encoding": {
            "@type": "MediaObject",
            "contentUrl": f"https://checks.example.org/api/sources/{source_id}.txt",
            "encodingFormat": "text/plain; charset=utf-8",
            "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest(),
        },
    }


@pytest.mark.parametrize(
    ("claimant_type", "schema_type"), [("person", "Person"), ("organization", "Organization")]
)
def test_claim_review_types_the_claimant_when_the_claim_says_what_it_is(
    claimant_type: str, schema_type: str
) -> None:
    review = claim_review_of(render(basic_corpus(claimant_type=claimant_type))["claims/one.md"])
    assert review["itemReviewed"]["author"] == {"@type": schema_type, "name": "Someone"}


def test_claim_review_cannot_close_its_script_element() -> None:
    hostile = "</script><script>alert(1)</script><!-- & \u2028"
    page = render(basic_corpus(claim=hostile, claimant=hostile))["claims/one.md"]
    raw = front_matter(page)["claimreview"]
    for char in "<>&\u2028":
        assert char not in raw
    review = claim_review_of(page)
    assert review["claimReviewed"] == hostile
    assert review["itemReviewed"]["author"]["name"] == hostile


def test_claim_review_urls_follow_use_directory_urls() -> None:
    flat = SiteSettings(**{**SETTINGS.__dict__, "use_directory_urls": False})
    assert claim_review_of(render(basic_corpus(), flat)["claims/one.md"])["url"] == (
        "https://checks.example.org/claims/one.html"
    )


# --- claims.json ---------------------------------------------------------------------------


def test_claims_json_lists_published_claims_by_id_with_stable_keys() -> None:
    sources = [source_doc("a")]
    claims = [
        claim_doc("zeta", sources, status="unproven"),
        claim_doc(
            "alpha",
            sources,
            tags=["x", "y"],
            summary="S.",
            citations=[{"source": "a", "quote": "nine soldiers died", "stance": "refutes"}],
        ),
        claim_doc("hidden", sources, draft=True),
    ]
    text = render(corpus_of(claims, sources))["api/claims.json"]
    assert text.endswith("}\n]\n")
    assert text.startswith('[\n  {\n    "id": "alpha",\n')
    records = json.loads(text)
    assert [r["id"] for r in records] == ["alpha", "zeta"]
    alpha = records[0]
    assert list(alpha) == [
        "id",
        "url",
        "question",
        "claim",
        "claimant",
        "claimant_id",
        "status",
        "status_label",
        "rating",
        "summary",
        "tags",
        "published",
        "updated",
        "authors",
        "editor",
        "related",
        "citations",
    ]
    anchor = anchor_of(sources[0], "nine soldiers died")
    assert alpha["citations"] == [
        {
            "source": "a",
            "quote": "nine soldiers died",
            "stance": "refutes",
            "paragraph": 2,
            "url": f"https://checks.example.org/sources/a/#{anchor.fragment}",
        }
    ]
    assert (alpha["url"], alpha["status_label"], alpha["rating"], alpha["tags"]) == (
        "https://checks.example.org/claims/alpha/",
        "False",
        1,
        ["x", "y"],
    )
    assert (records[1]["rating"], records[1]["status"]) == (None, "unproven")


# --- index pages ---------------------------------------------------------------------------


_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s#]+)\)")
"""A Markdown link to a page (no fragment): its words and its target."""


def test_each_page_in_the_nav_has_one_name_wherever_it_is_named(repo_root: Path) -> None:
    """The nav's label is the page's title (or, shorter, the title's first words), and every
    link to the page in the site's text uses those words: "Which source says what", never
    "Matrix" beside "Who says what"; "Methodology", never "How we work"."""
    config = yaml.safe_load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"))
    assert all(isinstance(entry, str) for entry in config["nav"])  # titled by the catalogs
    nav = {page: page_titles()[page] for page in config["nav"]}
    pages = render(check(repo_root / "content"), load_settings(repo_root / "mkdocs.yml"))
    for page, label in nav.items():
        if page != "index.md":  # the home page is titled by the site's name
            assert front_matter(pages[page])["title"].startswith(label), page
    misnamed = [
        f"{path}: [{words}] for {label!r}"
        for path, text in pages.items()
        if path.endswith(".md")
        for words, target in _MARKDOWN_LINK.findall(text)
        if (page := posixpath.normpath(posixpath.join(posixpath.dirname(path), target))) in nav
        and page != "index.md"
        and (label := nav[page]).lower() not in html.unescape(words).lower()
    ]
    assert misnamed == []
    assert len(nav) == 9


def test_home_counts_every_status_and_lists_latest_claims_newest_first() -> None:
    sources = [source_doc("a")]
    claims = [
        claim_doc("old", sources, published="2025-01-01", updated="2025-01-01", status="true"),
        claim_doc("new-b", sources, published="2026-03-01", updated="2026-03-01"),
        claim_doc("new-a", sources, published="2026-03-01", updated="2026-03-01"),
    ]
    home = render(corpus_of(claims, sources))["index.md"]
    assert (
        '| <span class="fc-badge fc-badge--false">False</span> | [2](claims/index.md#status-false) |'
        in home
    )
    assert '| <span class="fc-badge fc-badge--mixed">Mixed</span> | 0 |' in home
    latest = home.split("## Latest fact&#45;checks")[1]
    assert re.findall(r"\]\(claims/([a-z-]+)\.md\)", latest) == ["new-a", "new-b", "old", "index"]


def test_the_home_page_says_once_that_quotes_link_to_their_place(repo_root: Path) -> None:
    """Its lead, the repository's `site_description`, says what the site is about; the
    paragraph after it says how a fact-check works, quotes and links included."""
    home = render(basic_corpus(), load_settings(repo_root / "mkdocs.yml"))["index.md"]
    intro = " ".join(html.unescape(home.split("## Verdicts")[0]).split())
    assert len(re.findall(r"\blink(?:s|ed)?\b[^.]*\bplace\b", intro)) == 1, intro
    assert len(re.findall(r"verbatim|word for word", intro)) == 1, intro


def test_claims_index_groups_by_status_in_scale_order_and_by_tag() -> None:
    sources = [source_doc("a")]
    claims = [
        claim_doc("c1", sources, status="unproven", tags=["zed"]),
        claim_doc("c2", sources, status="true", tags=["alpha", "zed"]),
    ]
    page = render(corpus_of(claims, sources))["claims/index.md"]
    ids = re.findall(r'<h3 id="([a-z-]+)">', page)
    assert ids == ["status-true", "status-unproven", "tag-alpha", "tag-zed"]


def test_methodology_lists_the_whole_scale_and_the_stylesheet_colours_it() -> None:
    files = render(basic_corpus())
    for verdict in SCALE.values():
        row = next(
            line
            for line in files["methodology.md"].splitlines()
            if f'fc-badge--{verdict.status.value}"' in line
        )
        assert f">{verdict.label}</span>" in row
        assert ("not rated" if verdict.rating is None else f"{verdict.rating} of 5") in row
        assert (
            f".fc-badge--{verdict.status.value} {{ background-color: {verdict.colour};"
            in files["assets/factcheck.css"]
        )
    assert "## Corrections policy" in files["methodology.md"]


# --- source pages and highlights ---------------------------------------------------------


class MarkupShape(HTMLParser):
    """Ids, nesting and text of the inline HTML a source paragraph is made of."""

    def __init__(self, fragment: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: list[str] = []
        self.open_marks = 0
        self.nested_marks = False
        self.text: list[str] = []
        self.text_after_id: dict[str, int] = {}
        self.text_of_id: dict[str, str] = {}
        self.lit_text: dict[str, str] = {}
        """Text in the elements that light up for each fragment (class `fc-in-<fragment>`)."""
        self.in_extra = 0
        self._open: list[str | None] = []
        self._lit: list[list[str]] = []
        self.feed(fragment)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        self._open.append(found)
        classes = (dict(attrs).get("class") or "").split()
        self._lit.append([c.removeprefix("fc-in-") for c in classes if c.startswith("fc-in-")])
        if found:
            self.ids.append(found)
            self.text_after_id[found] = len("".join(self.text))
            self.text_of_id[found] = ""
        if tag == "mark":
            self.nested_marks |= self.open_marks > 0
            self.open_marks += 1
        if tag in ("sup",) or (tag == "a" and "fc-pnum" in (dict(attrs).get("class") or "")):
            self.in_extra += 1

    def handle_endtag(self, tag: str) -> None:
        self._open.pop()
        self._lit.pop()
        if tag == "mark":
            self.open_marks -= 1
        if tag in ("sup", "a") and self.in_extra:
            self.in_extra -= 1

    def handle_data(self, data: str) -> None:
        if not self.in_extra:
            self.text.append(data)
            for open_id in filter(None, self._open):
                self.text_of_id[open_id] += data
            for fragment in {f for lit in self._lit for f in lit}:
                self.lit_text[fragment] = self.lit_text.get(fragment, "") + data


def plain(paragraph: str) -> str:
    """A highlighted paragraph without its Markdown links' syntax: the link text stays."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", paragraph)


def test_overlapping_quotes_give_one_flat_highlight_with_every_anchor() -> None:
    source = source_doc("a")
    uses = [
        QuoteUse.of(anchor_of(source, q), cid)
        for q, cid in [
            ("Officials said nine", "x"),
            ("nine soldiers died", "y"),
            ("said nine soldiers", "z"),
            ("nine soldiers died", "z"),
        ]
    ]
    (first, second, third) = highlighted_paragraphs(
        source, uses, lambda c: SafeMarkdown(f"[{c}](c.md)")
    )
    shape = MarkupShape(plain(second))
    assert second.count("<mark") == 1 and not shape.nested_marks
    assert sorted(shape.ids) == sorted({"p2", *(u.fragment for u in uses)})
    assert '<sup class="fc-cited-by">[x](c.md), [y](c.md), [z](c.md)</sup>' in second
    assert "<mark" not in first + third


def test_each_of_two_crossing_quotes_lights_up_exactly_its_own_words() -> None:
    source = source_doc("a")
    quotes = ["Officials said nine soldiers", "nine soldiers died, and praised"]
    uses = [QuoteUse.of(anchor_of(source, q), "c") for q in quotes]
    second = highlighted_paragraphs(source, uses, lambda c: SafeMarkdown(c))[1]
    shape = MarkupShape(plain(second))
    assert second.startswith(
        '<a class="fc-pnum" id="p2" href="#p2" title="Paragraph 2">2</a> <mark'
    )
    assert shape.lit_text == {uses[0].fragment: quotes[0], uses[1].fragment: quotes[1]}
    assert shape.text_of_id == {
        "p2": "",
        uses[0].fragment: "",
        uses[1].fragment: "",
    }  # empty anchors
    assert "".join(shape.text).count("nine soldiers") == 1  # the text once, for screen readers
    assert second.count("<mark") == 1 and not shape.nested_marks


def test_quotes_starting_at_one_character_each_get_their_own_anchor_there() -> None:
    source = source_doc("a")
    quotes = ["Officials said nine", "Officials said nine soldiers died"]
    uses = [QuoteUse.of(anchor_of(source, q), "c") for q in quotes]
    second = highlighted_paragraphs(source, uses, lambda c: SafeMarkdown(c))[1]
    shape = MarkupShape(plain(second))
    at = shape.text_after_id[uses[0].fragment]
    assert shape.text_after_id[uses[1].fragment] == at and "".join(shape.text)[at:].startswith(
        quotes[1]
    )
    assert shape.lit_text == {uses[0].fragment: quotes[0], uses[1].fragment: quotes[1]}


def test_the_landing_style_lights_each_quotes_segments_when_its_anchor_is_the_target() -> None:
    uses = [QuoteUse(30, 40, "b"), QuoteUse(5, 12, "a"), QuoteUse(5, 12, "c")]
    assert landing_style(uses) == (
        "body:has(#q-5-12:target) .fc-in-q-5-12,body:has(#q-30-40:target) .fc-in-q-30-40"
        "{background-color:var(--fc-landed-background);box-shadow:var(--fc-landed-edge)}"
    )
    assert landing_style([]) == ""


def test_a_quote_across_paragraphs_is_highlighted_in_both_with_one_id() -> None:
    source = source_doc("a")
    start = source.body.index("120 days")
    end = source.body.index("Officials said") + len("Officials said")
    anchor = Anchor(1, start, end)
    paragraphs = highlighted_paragraphs(
        source, [QuoteUse.of(anchor, "c")], lambda c: SafeMarkdown(c)
    )
    assert paragraphs[0].count("<mark") == paragraphs[1].count("<mark") == 1
    assert "".join(paragraphs).count(f'id="{anchor.fragment}"') == 1


@st.composite
def quotes_in(draw: st.DrawFn, body: str) -> list[QuoteUse]:
    spans = [m.span() for m in re.finditer(r"\S+", body)]
    uses = []
    for _ in range(draw(st.integers(0, 8))):
        first = draw(st.integers(0, len(spans) - 1))
        last = draw(st.integers(first, min(first + 12, len(spans) - 1)))
        uses.append(
            QuoteUse(spans[first][0], spans[last][1], draw(st.sampled_from(["c1", "c2", "c3"])))
        )
    return uses


@settings(max_examples=200, deadline=None)
@given(quotes_in(BODY))
def test_highlights_keep_the_text_and_put_every_anchor_on_its_quote(uses: list[QuoteUse]) -> None:
    source = source_doc("a")
    paragraphs = highlighted_paragraphs(
        source, uses, lambda c: SafeMarkdown(f"[{c}](../claims/{c}.md)")
    )
    seen_ids: list[str] = []
    for paragraph, markdown_text in zip(source.paragraphs, paragraphs, strict=True):
        shape = MarkupShape(plain(markdown_text))
        assert not shape.nested_marks and shape.open_marks == 0
        text = "".join(shape.text)
        assert " ".join(text.split()) == " ".join(source.paragraph_text(paragraph).split())
        for use in uses:
            clipped = source.body[max(use.start, paragraph.start) : min(use.end, paragraph.end)]
            quoted = " ".join(clipped.split())
            if use.fragment in shape.text_after_id:
                assert " ".join(text[shape.text_after_id[use.fragment] :].split()).startswith(
                    quoted
                )
            if use.start < paragraph.end and use.end > paragraph.start:
                assert " ".join(shape.lit_text[use.fragment].split()) == quoted
            else:
                assert use.fragment not in shape.lit_text
        seen_ids += shape.ids
    assert len(seen_ids) == len(set(seen_ids))
    assert set(seen_ids) == {f"p{p.number}" for p in source.paragraphs} | {u.fragment for u in uses}


def test_source_page_shows_metadata_numbered_paragraphs_and_citing_claims() -> None:
    sources = [
        source_doc(
            "a",
            url="https://a.example/x",
            published="2025-12-12",
            retrieved="2026-01-05",
            note="Captured twice.",
            author="By Line",
        )
    ]
    claims = [claim_doc("one", sources), claim_doc("two", sources, appears_in=["a"])]
    page = render(corpus_of(claims, sources))["sources/a.md"]
    for expected in (
        "- **Outlet&#58;** Outlet",
        "- **Author&#58;** By Line",
        '- **Published&#58;** <time datetime="2025-12-12">',
        '- **Retrieved&#58;** <time datetime="2026-01-05">',
        "- **Language&#58;** English &#40;en&#41;",
        '- **Original&#58;** <a class="fc-external" href="https://a.example/x"',
        "- **Editor&#39;s note&#58;** Captured twice&#46;",
    ):
        assert expected in page
    assert [int(n) for n in re.findall(r'id="p(\d+)" href="#p\1"', page)] == [1, 2, 3]
    citing = page.split("## Claims citing this source")[1].split("## Claims made in this source")
    assert re.findall(r"\]\(\.\./claims/([a-z]+)\.md\)", citing[0]) == ["one", "two"]
    assert re.findall(r"\]\(\.\./claims/([a-z]+)\.md\)", citing[1]) == ["two"]


def test_unknown_source_dates_and_address_say_so() -> None:
    page = render(basic_corpus())["sources/b.md"]
    assert "- **Published&#58;** date unknown" in page
    assert "- **Retrieved&#58;** not recorded" in page  # our record, not the article's date
    assert "- **Original&#58;** address not known" in page


def test_an_articles_unknown_date_reads_the_same_everywhere() -> None:
    """The sources list, the source's page, each quote from it and each figure it reports
    give an undated article's date in the same words."""
    corpus = basic_corpus(
        citations=[{"source": "b", "quote": "returned in December", "stance": "refutes"}],
        reported=[{"source": "b", "value": 120, "unit": "days", "quote": "120 days"}],
    )
    pages = render(corpus)
    (row,) = [x for x in pages["sources/index.md"].splitlines() if "(b.md)" in x]
    assert "| Outlet | date unknown |" in row
    assert "- **Published&#58;** date unknown\n" in pages["sources/b.md"]
    claim = pages["claims/one.md"]
    assert "**Outlet**, date unknown: *Article b*" in claim
    (figure,) = [x for x in claim.splitlines() if x.startswith("| [Outlet](../sources/b.md)")]
    assert figure.startswith("| [Outlet](../sources/b.md), date unknown | 120 days |")
    for other in ("not stated in the text", "| unknown |", ", unknown"):
        assert all(other not in page for page in pages.values()), other


# --- safety on content the validator would refuse -------------------------------------------


def test_a_non_http_url_that_slips_past_validation_stops_the_render() -> None:
    source = source_doc("a")
    evil = SourceDoc(
        "a",
        source.path,
        source.meta.model_copy(update={"url": "javascript:alert(1)"}),
        source.body,
        source.paragraphs,
    )
    corpus = corpus_of([claim_doc("one", [source])], [evil])
    with pytest.raises(UnsafeUrlError):
        render(corpus)


def test_ids_that_are_not_slugs_stop_the_render() -> None:
    sources = [source_doc("a")]
    doc = claim_doc("one", sources)
    bad = ClaimDoc(
        'x" onclick="alert(1)',
        doc.path,
        doc.claim,
        doc.citation_anchors,
        doc.reported_anchors,
        converted_analysis=doc.converted_analysis,
    )
    with pytest.raises(ValueError, match="not a slug"):
        render(corpus_of([bad], sources))


# --- writing: incremental, stale files, determinism -----------------------------------------


def mtimes(root: Path) -> dict[str, int]:
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
    }


def age_everything(root: Path) -> None:
    """Set every file's mtime to a fixed past time, so a rewrite cannot go unnoticed."""
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))


def test_a_second_render_touches_nothing(tmp_path: Path) -> None:
    first = render_docs(basic_corpus(), tmp_path, SETTINGS)
    assert first.written and not first.unchanged
    age_everything(tmp_path)
    before = mtimes(tmp_path)
    second = render_docs(basic_corpus(), tmp_path, SETTINGS)
    assert second.written == () and second.deleted == ()
    assert second.unchanged == first.written
    assert mtimes(tmp_path) == before


def test_a_change_rewrites_only_the_files_it_changes(tmp_path: Path) -> None:
    render_docs(basic_corpus(analysis="Old."), tmp_path, SETTINGS)
    age_everything(tmp_path)
    before = mtimes(tmp_path)
    result = render_docs(basic_corpus(analysis="New."), tmp_path, SETTINGS)
    assert result.written == ("claims/one.md",)
    after = mtimes(tmp_path)
    assert [p for p in after if after[p] != before[p]] == ["claims/one.md"]


def test_stale_generated_files_are_deleted_and_foreign_files_kept(tmp_path: Path) -> None:
    sources = [source_doc("a")]
    render_docs(
        corpus_of([claim_doc("one", sources), claim_doc("two", sources)], sources),
        tmp_path,
        SETTINGS,
    )
    (tmp_path / "notes.txt").write_text("not ours", encoding="utf-8")
    result = render_docs(corpus_of([claim_doc("one", sources)], sources), tmp_path, SETTINGS)
    assert result.deleted == ("claims/two.md",)
    assert not (tmp_path / "claims/two.md").exists()
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not ours"
    assert json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")) == list(
        result.generated
    )


def test_emptied_directories_are_removed(tmp_path: Path) -> None:
    render_docs(basic_corpus(), tmp_path, SETTINGS)
    (tmp_path / MANIFEST_NAME).write_text(json.dumps(["old/deep/page.md"]), encoding="utf-8")
    (tmp_path / "old/deep").mkdir(parents=True)
    (tmp_path / "old/deep/page.md").write_text("x", encoding="utf-8")
    assert render_docs(basic_corpus(), tmp_path, SETTINGS).deleted == ("old/deep/page.md",)
    assert not (tmp_path / "old").exists()


def test_a_tampered_manifest_cannot_delete_outside_docs_dir(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    render_docs(basic_corpus(), docs, SETTINGS)
    (docs / MANIFEST_NAME).write_text(
        json.dumps(["../precious.txt", str(outside)]), encoding="utf-8"
    )
    assert render_docs(basic_corpus(), docs, SETTINGS).deleted == ()
    assert outside.read_text(encoding="utf-8") == "keep"


def test_output_does_not_depend_on_input_order() -> None:
    corpus = corpus_of(
        [
            claim_doc(
                f"c{i}",
                [source_doc("a"), source_doc("b")],
                tags=["x", f"t{i % 3}"],
                published=f"2026-01-0{i + 1}",
                updated=f"2026-01-0{i + 1}",
            )
            for i in range(5)
        ],
        [source_doc("a"), source_doc("b")],
    )
    shuffled = Corpus(tuple(reversed(corpus.claims)), tuple(reversed(corpus.sources)))
    assert generate_files(corpus, SETTINGS) == generate_files(shuffled, SETTINGS)


def test_generated_files_carry_no_build_time() -> None:
    sources = [source_doc("a")]
    files = render(
        corpus_of(
            [claim_doc("old", sources, published="2001-02-03", updated="2001-02-03")], sources
        )
    )
    today = dt.date.today()
    for stamp in (today.isoformat(), today.strftime("%d %B %Y"), str(today.year)):
        assert all(stamp not in text for text in files.values()), stamp


def test_front_matter_is_safe_yaml() -> None:
    page = render(
        basic_corpus(question="key: value\n---\n!!python/object:os.system", summary="'\"\\")
    )["claims/one.md"]
    head = page.split("---\n")[1]
    assert yaml.safe_load(head)["title"] == "key: value --- !!python/object:os.system"


# --- end to end: hostile content through MkDocs + Material ------------------------------

PAYLOAD = (
    "<script>alert('pwn')</script> <img src=x onerror=alert('pwn')> [pwn](javascript:alert('pwn')) "
    '!!! note "pwn" {: onclick="alert(\'pwn\')" } --8<-- "mkdocs.yml" {{ config.site_name }} '
    "{% if true %}pwn{% endif %} </title><script>alert('pwn')</script> <!-- pwn"
)


def hostile_corpus() -> Corpus:
    body = f'First paragraph: {PAYLOAD}\n\n!!! warning "pwn"\n    indented {PAYLOAD}\n\n<div onclick=x>{PAYLOAD}</div>'
    sources = [
        source_doc(
            "evil",
            body,
            title=PAYLOAD,
            outlet=PAYLOAD,
            author=PAYLOAD,
            note=PAYLOAD,
            url="https://evil.example/?q=<script>&x=[a](javascript:b)",
        )
    ]
    claim = claim_doc(
        "evil-claim",
        sources,
        question=PAYLOAD,
        claim=PAYLOAD,
        claimant=PAYLOAD,
        summary=PAYLOAD,
        appears_in=["evil"],
        status="misleading",
        citations=[{"source": "evil", "quote": PAYLOAD, "stance": "supports", "note": PAYLOAD}],
        reported=[
            {
                "source": "evil",
                "value": 1,
                "unit": "<script>alert('pwn')</script>",
                "quote": PAYLOAD,
                "note": PAYLOAD,
            }
        ],
        references=[
            {
                "title": PAYLOAD,
                "url": "https://ref.example/<script>",
                "publisher": PAYLOAD,
                "note": PAYLOAD,
            }
        ],
        corrections=[{"date": "2026-01-02", "note": PAYLOAD}],
        analysis=f"{PAYLOAD}\n\n<script>alert('pwn')</script>\n\n[x](javascript:alert('pwn'))\n",
    )
    return corpus_of([claim], sources)


class PageScan(HTMLParser):
    """What a built page would let run: scripts, event handlers, script URLs, admonitions."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str | None, str]] = []
        self.problems: list[str] = []
        self._script_type: str | None = None
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.match(r"\s*(javascript|data|vbscript):", value, re.I)
            ):
                self.problems.append(f"<{tag} {name}={value}>")
        if "admonition" in (values.get("class") or ""):
            self.problems.append("admonition")
        if tag == "script":
            self._in_script, self._script_type = True, values.get("type")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append((self._script_type, data))


def build_with_mkdocs(repo_root: Path, docs: Path, site: Path) -> None:
    """MkDocs through our one door (`run_build`: our theme plugin added), strictly."""
    from generator.publish.publisher import run_build

    run_build(
        repo_root / "mkdocs.yml",
        {"docs_dir": str(docs), "site_dir": str(site)},
        strict=True,
        dirty=False,
        build_date=None,
    )


@pytest.mark.slow
def test_hostile_content_builds_into_inert_pages(repo_root: Path, tmp_path: Path) -> None:
    render_docs(hostile_corpus(), tmp_path / "docs", SETTINGS)
    build_with_mkdocs(repo_root, tmp_path / "docs", tmp_path / "site")
    for name in (
        "claims/evil-claim/index.html",
        "sources/evil/index.html",
        "index.html",
        "claims/index.html",
    ):
        page = (tmp_path / "site" / name).read_text(encoding="utf-8")
        scan = PageScan()
        scan.feed(page)
        assert scan.problems == [], name
        for script_type, script in scan.scripts:
            if "pwn" in script:
                assert script_type == "application/ld+json", name
                assert json.loads(script)["claimReviewed"] == PAYLOAD
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        assert title and "<" not in title.group(1), name
    index = json.loads((tmp_path / "site/search/search_index.json").read_text(encoding="utf-8"))
    for entry in index["docs"]:  # Material shows titles and text as HTML
        for field in ("title", "text"):
            assert not re.search(r"<(script|img|title|/title|!--)", entry[field], re.I), entry
    claim_page = (tmp_path / "site/claims/evil-claim/index.html").read_text(encoding="utf-8")
    assert "{{ config.site_name }}" in claim_page.replace("&#123;", "{").replace("&#125;", "}")
    assert claim_page.count('<script type="application/ld+json">') == 1


@pytest.mark.parametrize("title", ["P1", "Q 0 20", "Source title"])
def test_no_source_title_takes_the_id_of_a_paragraph_or_a_quote(title: str) -> None:
    """The title is an HTML heading with a fixed id: Python-Markdown's toc never slugs it
    into `p1` or `q-0-20`, which claims link to."""
    sources = [source_doc("a", title=title), source_doc("b")]
    page = render(corpus_of([claim_doc("one", sources)], sources))["sources/a.md"]
    assert page.count('id="p1"') == 1
    assert f'<h1 id="source-title">{title}</h1>' in page
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["toc"])
    assert html.count('id="p1"') == 1 and html.count('id="q-') == page.count('id="q-')
