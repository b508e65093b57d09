"""The newsroom in a real build of the shipped content: every page's footer links the About
page, whose Organization JSON-LD points at anchors that exist; claim pages carry their byline
and link their claimant's page (parsed HTML of the public site and of the offline bundle)."""

from __future__ import annotations

import json
import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.corpus.pipeline import check
from generator.render.settings import load_settings

ROOT = Path(__file__).parents[1]


class _Page(HTMLParser):
    """The About links, JSON-LD blocks, ids and links of one HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.about_links: list[str] = []
        self.jsonld: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))
            if found.get("class") == "fc-about-link":
                self.about_links.append(str(found["href"]))
        self._script = tag == "script" and found.get("type") == "application/ld+json"
        if self._script:
            self.jsonld.append("")

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script:
            self.jsonld[-1] += data


def parsed(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _resolve(page: Path, href: str, root: Path) -> Path:
    target = posixpath.normpath(posixpath.join(page.parent.relative_to(root).as_posix(), href))
    resolved = root / target
    return resolved / "index.html" if href.endswith("/") or resolved.is_dir() else resolved


def test_every_pages_footer_links_the_about_page(shipped_site, shipped_bundle):
    for root, about in (
        (shipped_site, "about/index.html"),
        (shipped_bundle.unzipped, "about.html"),
    ):
        pages = [p for p in sorted(root.rglob("*.html")) if p.name != "404.html"]
        assert len(pages) > 40
        for page in pages:
            (href,) = parsed(page).about_links
            assert _resolve(page, href, root) == root / about, (page, href)


def test_the_organization_json_ld_points_at_parts_of_pages_that_exist(shipped_site):
    settings = load_settings(ROOT / "mkdocs.yml")
    (block,) = parsed(shipped_site / "about" / "index.html").jsonld
    organization = json.loads(block)
    assert organization["@type"] == "NewsMediaOrganization"
    policies = [v for k, v in organization.items() if k not in ("@context", "@type", "name", "url")]
    assert len(policies) == 8
    for url in policies:
        assert url.startswith(settings.site_url)
        parts = urlsplit(url)
        page = (
            shipped_site / parts.path.removeprefix(urlsplit(settings.site_url).path) / "index.html"
        )
        if parts.fragment:
            assert parts.fragment in parsed(page).ids, url
        else:
            assert page.is_file(), url
    assert not parsed(shipped_site / "index.html").jsonld  # the About page's alone


def test_claim_pages_carry_the_byline_and_link_their_claimant(shipped_site):
    corpus = check(ROOT / "content")
    claimants = {c.id for c in corpus.claimants}
    for doc in corpus.published_claims:
        page = shipped_site / "claims" / doc.id / "index.html"
        hrefs = parsed(page).hrefs
        assert (
            "../../people/placeholder-author/" in hrefs
            and "../../people/placeholder-editor/" in hrefs
        )
        if doc.claim.claimant in claimants:
            assert f"../../claimants/{doc.claim.claimant}/" in hrefs, doc.id
    for claimant in claimants:
        assert (shipped_site / "claimants" / claimant / "index.html").is_file()


def test_the_first_editions_placeholders_say_so_and_name_nobody():
    """No name, owner or funder is invented: every stand-in says it is one."""
    people = sorted((ROOT / "content" / "people").glob("*.yaml"))
    assert people
    for path in people:
        person = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert person["placeholder"] is True and "placeholder" in person["name"].lower(), path
    about = yaml.safe_load((ROOT / "content" / "about.yaml").read_text(encoding="utf-8"))
    assert not {"owners", "funding", "legal_form"} & set(about)
    assert about["placeholders"].keys() >= {"owners", "funding", "legal_form"}
    assert all("placeholder" in note for note in about["placeholders"].values())
