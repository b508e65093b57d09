"""Every link, anchor and asset in the built HTML resolves, in the public site and the bundle.

MkDocs (strict) checks the links written in Markdown; this also checks what the
theme and its override print (header, nav, footer, scripts, styles), as a
browser would resolve it, without a browser. The offline bundle must reference
nothing outside itself except outbound `<a>` links that a reader may follow. In each
language of the catalogs (the others than English build their sites: `slow`).
"""

from __future__ import annotations

import html.parser
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import Published, in_every_language

pytestmark = in_every_language

RESOURCE_ATTRS = {
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
}


class _Refs(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.resources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        for t, attr in RESOURCE_ATTRS:
            if tag == t and attr in a:
                rels = set(a.get("rel", "").lower().split())
                if tag == "link" and rels & {"canonical", "alternate"}:
                    continue  # metadata, never fetched
                self.resources.append(a[attr])


@cache
def parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def resolve(root: Path, page: Path, url: str, directory_urls: bool) -> tuple[Path | None, str]:
    """The file a relative URL on `page` points to, and its fragment."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    base = page.parent.relative_to(root).as_posix()
    if parts.path.startswith("/"):
        if not directory_urls:
            raise AssertionError(
                f"{page.relative_to(root)}: {url!r} is root-absolute (breaks on file://)"
            )
        base = ""  # the 404 page's links; site_url's path is "/"
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path).lstrip("/")))
    if target.startswith(".."):
        raise AssertionError(f"{page.relative_to(root)}: {url!r} leaves the site")
    path = root / target
    if path.is_dir() or parts.path.endswith("/"):
        path = path / "index.html"
    return path, unquote(parts.fragment)


def problems(root: Path, *, offline: bool) -> list[str]:
    found: list[str] = []
    for page in sorted(root.rglob("*.html")):
        refs = parse(page)
        name = page.relative_to(root).as_posix()
        for url in refs.resources:
            target, _ = resolve(root, page, url, not offline)
            if target is None:
                if offline or not url.startswith("https://"):
                    found.append(f"{name}: loads {url} from outside the site")
                continue
            if not target.is_file():
                found.append(f"{name}: missing asset {url}")
        for url in refs.links:
            if url.startswith(("mailto:", "tel:")):
                continue
            target, fragment = resolve(root, page, url, not offline)
            if target is None:
                continue  # an outbound link: the reader's choice, never loaded by the page
            if not target.is_file():
                found.append(f"{name}: broken link {url}")
            elif fragment and target.suffix == ".html" and fragment not in parse(target).ids:
                found.append(f"{name}: link {url} has no #{fragment} on its page")
            if offline and target.is_dir():
                found.append(f"{name}: {url} is a folder (file:// cannot open it)")
    return found


def test_public_site_links_and_assets_resolve(published: Published) -> None:
    assert problems(published.site, offline=False) == []


def test_bundle_links_and_assets_resolve_without_a_server(published: Published) -> None:
    assert problems(published.bundle, offline=True) == []
    # every link in the bundle names a file: file:// has no index.html for folders
    for page in published.bundle.rglob("*.html"):
        for url in parse(page).links:
            path = urlsplit(url).path
            if path and not urlsplit(url).scheme:
                assert not path.endswith("/"), f"{page.relative_to(published.bundle)}: {url}"


@pytest.mark.parametrize("where", ["site", "bundle"])
def test_quote_links_land_on_highlighted_passages(published: Published, where: str) -> None:
    root = published.site if where == "site" else published.bundle
    s = published.scenario
    claim = root / ("claims/" + s.claim_id + ("/index.html" if where == "site" else ".html"))
    links = [u for u in parse(claim).links if u.endswith("#" + s.fragment)]
    assert links, f"no link to #{s.fragment} in {claim.relative_to(root)}"
    target, fragment = resolve(root, claim, links[0], where == "site")
    assert target is not None and fragment in parse(target).ids
