"""Every data export is findable: the data page links each one, each source page links its
plain text, and the links resolve to the files, in a real build of the shipped content,
both on the public site and in the offline bundle (file://)."""

from __future__ import annotations

import html.parser
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from contentkit import OfflineBundle

from generator.corpus.pipeline import check
from generator.render.exports import EXPORTS
from generator.render.paths import CLAIMS_EXPORT

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = (CLAIMS_EXPORT, *EXPORTS)


class _Links(html.parser.HTMLParser):
    """The `href` of every `<a>` in the page's article (not the theme's header and nav), and
    of those among them that lead to another site without saying so (class `fc-external`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.nav_links: list[str] = []
        self.unmarked_outside: list[str] = []
        self._in_article = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "article":
            self._in_article += 1
        if tag == "a" and "href" in a:
            (self.links if self._in_article else self.nav_links).append(a["href"])
            outside = urlsplit(a["href"]).scheme in ("http", "https")
            if self._in_article and outside and "fc-external" not in a.get("class", "").split():
                self.unmarked_outside.append(a["href"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._in_article -= 1


def links_of(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def resolved(root: Path, page: Path, href: str) -> str | None:
    """The file (relative to `root`) a relative link on `page` opens, or None for outside links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    assert not parts.path.startswith("/"), f"{href!r} is root-absolute: it breaks on file://"
    target = posixpath.normpath(
        posixpath.join(page.parent.relative_to(root).as_posix(), unquote(parts.path))
    )
    if (root / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target


@pytest.fixture(scope="module")
def published(shipped_site: Path, shipped_bundle: OfflineBundle) -> tuple[Path, Path]:
    """The public site and the unzipped offline bundle of the shipped content."""
    return shipped_site, shipped_bundle.unzipped


@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline"])
def test_the_data_page_links_every_export_and_the_links_open_it(
    published: tuple[Path, Path], offline: bool
) -> None:
    root = published[offline]
    page = root / ("data.html" if offline else "data/index.html")
    targets = {resolved(root, page, href) for href in links_of(page).links}
    for name in DATA_FILES:
        assert name in targets, f"the data page does not link {name}"
        assert (root / name).is_file(), name


@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline"])
def test_the_data_page_is_in_the_navigation(published: tuple[Path, Path], offline: bool) -> None:
    root = published[offline]
    home = root / "index.html"
    data_page = "data.html" if offline else "data/index.html"
    assert data_page in {resolved(root, home, href) for href in links_of(home).nav_links}


@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline"])
def test_each_source_page_links_its_plain_text(published: tuple[Path, Path], offline: bool) -> None:
    root = published[offline]
    for source in check(ROOT / "content").published_sources:
        page = root / "sources" / (f"{source.id}.html" if offline else f"{source.id}/index.html")
        text_file = f"api/sources/{source.id}.txt"
        assert text_file in {resolved(root, page, href) for href in links_of(page).links}, source.id
        assert (root / text_file).read_bytes() == source.body.encode("utf-8")


@pytest.mark.parametrize("offline", [False, True], ids=["site", "offline"])
def test_every_link_to_another_site_is_marked_as_one(
    published: tuple[Path, Path], offline: bool
) -> None:
    """The site's rule (site_templates/assets/factcheck.css, `.fc-external`): a link that
    leaves the site says so, on the Data and methodology pages and in analysis prose too."""
    root = published[offline]
    pages = sorted(root.rglob("*.html"))
    assert len(pages) > 20
    unmarked = {
        page.relative_to(root).as_posix(): links
        for page in pages
        if (links := links_of(page).unmarked_outside)
    }
    assert unmarked == {}
