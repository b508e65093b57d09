"""Each page's metadata, parsed from the HTML of a real build (site and offline bundle).

Descriptions of its own on every page, OpenGraph and Twitter card tags, the Atom
feed's autodiscovery link (in a form Material does not take for a translation) and
our favicon, and no other; content with quotes, markup and line breaks in it reaches
those attributes as its text, escaped once.
"""

from __future__ import annotations

import html
import posixpath
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contentkit import (
    CLAIM,
    SOURCE,
    build_with_bundle,
    write_content,
    write_content_with_drafts,
)

from generator.commands.serve import Preview
from generator.publish.theme_plugin import MATERIAL_FAVICON

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://factcheck.example.org/"
FAVICON = ROOT / "site_templates" / "overrides" / "assets" / "favicon.svg"

HOSTILE = "It said \"no\" & 'twice' <script>alert(1)</script> <b onclick=x>bold</b>"
HOSTILE_YAML = HOSTILE.replace("'", "''")
HOSTILE_CLAIM = (
    CLAIM.replace("claim: The regiment served 120 days.", f"claim: '{HOSTILE_YAML}'")
    .replace(
        "summary: The article says so.", f"summary: '{HOSTILE_YAML}\n\n  second line </title>'"
    )
    .replace("question: Did the regiment serve 120 days?", f"question: '{HOSTILE_YAML}?'")
)
HOSTILE_SOURCE = SOURCE.replace("title: A test article", f"title: '{HOSTILE_YAML}'")


class _Head(HTMLParser):
    """The head's <meta> and <link> elements and every <script> with its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.scripts: list[str] = []
        self.bold = 0
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "script":
            self._script = []
        elif tag == "b":
            self.bold += 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append("".join(self._script))
            self._script = None

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def link(self, rel: str) -> list[dict[str, str]]:
        """The links with `rel` among their space-separated rel tokens, as HTML reads them."""
        return [link for link in self.links if rel in link.get("rel", "").lower().split()]


def head_of(text: str) -> _Head:
    parser = _Head()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shim: Path) -> tuple[Path, Path]:
    """The public site and the unzipped offline bundle of one hostile claim and source."""
    root = tmp_path_factory.mktemp("page-meta")
    content = write_content(
        root, {"served-120-days.yaml": HOSTILE_CLAIM}, {"article.md": HOSTILE_SOURCE}
    )
    return build_with_bundle(content, root)


def pages_of(site: Path) -> dict[str, _Head]:
    return {
        p.relative_to(site).as_posix(): head_of(p.read_text(encoding="utf-8"))
        for p in sorted(site.rglob("*.html"))
    }


def page_url(path: str) -> str:
    """The page's public address: `claims/x/index.html` -> `claims/x/`."""
    return "" if path == "index.html" else path.removesuffix("index.html")


def resolve(site: Path, page: str, href: str) -> Path:
    return site / posixpath.normpath(posixpath.join(posixpath.dirname(page), href))


def test_every_page_has_opengraph_and_twitter_card_tags(built: tuple[Path, Path]) -> None:
    pages = pages_of(built[0])
    assert len(pages) >= 8
    for path, head in pages.items():
        if path == "404.html":
            continue
        description = head.one("description")
        assert description, path
        assert head.one("og:description") == head.one("twitter:description") == description, path
        assert head.one("og:title") == head.one("twitter:title"), path
        assert head.one("og:site_name") == "Kursk Claims Fact-Check"
        assert head.one("og:locale") == "en_US"  # theme.language `en`, with CLDR's likely territory
        assert (
            head.one("og:url") == SITE_URL + page_url(path) == head.link("canonical")[0]["href"]
        ), path
        assert head.one("og:type") == (
            "article" if path.startswith("claims/served") else "website"
        ), path
        assert head.one("twitter:card") == "summary"
        assert "og:image" not in head.meta and "twitter:image" not in head.meta
    assert pages["index.html"].one("og:title") == "Kursk Claims Fact-Check"
    assert pages["claims/index.html"].one("og:title") == "Claims"


def test_descriptions_are_each_pages_own(built: tuple[Path, Path]) -> None:
    pages = pages_of(built[0])
    descriptions = {
        path: head.one("description") for path, head in pages.items() if path != "404.html"
    }
    home = descriptions.pop("index.html")
    assert home.startswith("Disputed claims about")  # the site's, from mkdocs.yml
    assert home not in descriptions.values()
    assert len(set(descriptions.values())) == len(descriptions), descriptions


def test_hostile_content_reaches_the_metadata_as_its_text(built: tuple[Path, Path]) -> None:
    pages = pages_of(built[0])
    claim, source = pages["claims/served-120-days/index.html"], pages["sources/article/index.html"]
    text = " ".join(HOSTILE.split())
    assert claim.one("og:title") == f"{text}?"
    assert claim.one("description").startswith(
        f"Our verdict: Mostly true. Claim: {text}. {text} second line"
    )
    assert "\n" not in claim.one("description")
    assert source.one("description").startswith(
        f"The full text of “{text}” (Test Outlet, 12 December 2025)"
    )
    for head in (claim, source):
        assert head.bold == 0  # no element from the content
        assert not any(
            "alert" in script for script in head.scripts if not script.startswith('{"@context"')
        )
    raw = (built[0] / "claims" / "served-120-days" / "index.html").read_text(encoding="utf-8")
    assert f'content="{html.escape(text, quote=True)}?"' in raw  # escaped once, not twice


def test_every_page_links_the_feed_and_our_favicon(built: tuple[Path, Path]) -> None:
    site = built[0]
    for path, head in pages_of(site).items():
        if path == "404.html":  # served at any depth: MkDocs gives it absolute addresses
            continue
        (feed,) = head.link("alternate")
        assert feed["type"] == "application/atom+xml" and not feed["href"].startswith(
            ("/", "http")
        ), path
        assert resolve(site, path, feed["href"]) == site / "feed.xml"
        (icon,) = head.link("icon")
        assert resolve(site, path, icon["href"]).read_bytes() == FAVICON.read_bytes(), path
    assert (site / "feed.xml").is_file()


def test_no_link_is_what_material_takes_for_a_translation(built: tuple[Path, Path]) -> None:
    """Material fetches sitemap.xml for each `link[rel=alternate]`: a rel attribute that is
    `alternate` as a whole (the selector ignores case). The feed link has the token, as
    feed readers read it, but not that exact value (tests/browser checks the requests)."""
    for folder in built:
        for path, head in pages_of(folder).items():
            assert not [
                link for link in head.links if link.get("rel", "").lower() == "alternate"
            ], path


def test_materials_own_favicon_is_not_published(built: tuple[Path, Path]) -> None:
    """Pages link our favicon only, so Material's default one is left out of the site and
    the bundle, and nothing refers to it."""
    for folder in built:
        assert not (folder / MATERIAL_FAVICON).exists(), folder
        for path in folder.rglob("*"):
            if path.is_file() and path.suffix in {
                ".html",
                ".css",
                ".js",
                ".json",
                ".xml",
                ".webmanifest",
            }:
                assert b"favicon.png" not in path.read_bytes(), path


def test_the_offline_bundle_keeps_the_metadata_but_not_what_needs_the_web(
    built: tuple[Path, Path],
) -> None:
    """No og:url (there is no site address offline) and no feed link (Material would
    fetch sitemap.xml for it, which file:// refuses); the favicon works from file://."""
    bundle = built[1]
    pages = pages_of(bundle)
    assert "claims/served-120-days.html" in pages
    for path, head in pages.items():
        assert "og:url" not in head.meta and not head.link("alternate"), path
        assert head.one("og:title") and head.one("twitter:card") == "summary"
        (icon,) = head.link("icon")
        assert resolve(bundle, path, icon["href"]).read_bytes() == FAVICON.read_bytes(), path


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of `factcheck serve`'s preview with drafts (a claim and a source)."""
    root = tmp_path_factory.mktemp("preview-meta")
    built = Preview(write_content_with_drafts(root), ROOT / "mkdocs.yml", root / "work")
    assert built.rebuild(lambda line: None).ok
    return built.site_dir


def test_a_draft_claims_no_public_address(preview: Path) -> None:
    """A draft has no address on the site yet: its page (noindex) gives no canonical link,
    no og:url and, on paper, no address; published pages of the same preview keep theirs."""
    for page in ("claims/ninety-nine-nights/index.html", "sources/draft-notes/index.html"):
        text = (preview / page).read_text(encoding="utf-8")
        head = head_of(text)
        assert head.one("robots") == "noindex, nofollow", page
        assert not head.link("canonical") and "og:url" not in head.meta, page
        assert head.one("og:title").startswith("Draft: "), page
        assert SITE_URL not in text, page  # nowhere else either (print note, JSON-LD, links)
    for page in ("claims/served-120-days/index.html", "sources/article/index.html"):
        head = head_of((preview / page).read_text(encoding="utf-8"))
        assert head.one("og:url") == SITE_URL + page_url(page) == head.link("canonical")[0]["href"]


class _Body(HTMLParser):
    """The <title>'s text and the href and text of every <a> in the page's article."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.links: list[tuple[str, str]] = []
        self._in: str | None = None
        self._article = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "title":
            self._in = "title"
        elif tag == "article":
            self._article = True
        elif tag == "a" and self._article and "headerlink" not in a.get("class", ""):
            self.links.append((a.get("href", ""), ""))
            self._in = "a"

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "a":
            href, text = self.links[-1]
            self.links[-1] = (href, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "a"):
            self._in = None
        elif tag == "article":
            self._article = False


def test_the_404_page_says_what_it_is_and_offers_a_way_on(built: tuple[Path, Path]) -> None:
    """Material titles its 404 page with the site's name alone, as if it were the home page,
    and offers nothing but "404 - Not found"."""
    site = built[0]
    text = (site / "404.html").read_text(encoding="utf-8")
    body = _Body()
    body.feed(text)
    assert " ".join(body.title.split()) == "Page not found - Kursk Claims Fact-Check"
    assert head_of(text).one("robots") == "noindex"
    links = {" ".join(words.split()): href for href, words in body.links}
    # Absolute addresses: the server sends this page for a missing address at any depth.
    assert links == {"home page": "/.", "list of all claims": "/claims/"}, links
    assert (site / "claims" / "index.html").is_file()
