"""Shared by the browser fixtures and tests: what was built, the browser, its traffic."""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from benchmarks.search import CHROMIUM_ARGS  # the benchmark's browser is the tests' browser
from generator.render.i18n import SOURCE_LANGUAGE, catalog_languages

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 390, "height": 844}

LANGUAGES = catalog_languages()
"""Every language with a catalog in the repository, English among them."""
in_every_language = pytest.mark.parametrize(
    "site_language",
    [
        language if language == SOURCE_LANGUAGE else pytest.param(language, marks=pytest.mark.slow)
        for language in LANGUAGES
    ],
    scope="session",
)
"""Run a test that reads `published` (or `server`) against the shipped content built in
each language of the catalogs, each language's build made once a session (so the other
languages than English are `slow`: each builds a whole site)."""


def material_word(language: str, key: str) -> str:
    """Material's own word for `key` (`search`, `toc`) in `language`, from the theme's
    language partial, English where that has none (as Material's `lang.t` does)."""
    import material

    folder = Path(material.__file__).parent / "templates" / "partials" / "languages"
    for tag in (language, SOURCE_LANGUAGE):
        partial = folder / f"{tag}.html"
        if partial.is_file():
            found = re.search(rf'"{re.escape(key)}": "([^"]*)"', partial.read_text("utf-8"))
            if found:
                return found.group(1)
    raise AssertionError(f"Material has no word for {key!r}")


LANDED = {
    "light": ("rgb(255, 216, 77)", "rgb(138, 90, 0)"),
    "dark": ("rgb(92, 74, 0)", "rgb(255, 216, 77)"),
}
"""The landed-on background, and the colour of the lines above and below it, per scheme."""

LIT_TEXT = """
([background, edge]) => {
  const lit = [];
  const paragraphOf = node => {
    const p = node.parentElement.closest('p');
    return p && (p.querySelector('.fc-pnum') || p).id;
  };
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const style = getComputedStyle(node.parentElement);
    if (style.backgroundColor !== background || !node.data.trim()) continue;
    const range = document.createRange();
    range.setStart(node, 0);
    range.setEnd(node, 1);
    const first = range.getBoundingClientRect();
    lit.push({text: node.data, edged: style.boxShadow.split(edge).length === 3,
              paragraph: paragraphOf(node),
              top: first.top, left: first.left});
  }
  const anchor = document.querySelector(':target').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  return {lit, anchor: {top: anchor.top, left: anchor.left}, header, viewport: window.innerHeight};
}
"""
"""Every text node of the page shown with the landed-on background (argument: [background,
edge] of LANDED): its text, whether it has the lines above and below, its paragraph and
where its first character is; and where the :target anchor, the header and the viewport are."""


CONTRAST_RATIO = """
element => {
  const parse = c => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a] = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const luminance = c => {
    const [r, g, b] = c.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) layers.push(c);
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(element).color), background);
  const [l1, l2] = [luminance(text), luminance(background)].sort((a, b) => b - a);
  return {ratio: (l1 + 0.05) / (l2 + 0.05), background: background.slice(0, 3).map(Math.round)};
}
"""
"""WCAG 2's contrast of an element's text colour over the background colours of it and its
ancestors (translucent ones composited, over white): `{ratio, background: [r, g, b]}`."""


_SETTLE = """async () => {
  const easing = document.getAnimations().filter(a => a instanceof CSSTransition);
  await Promise.all(easing.map(a => a.finished.catch(() => null)));
}"""


def settle(page: Any) -> None:
    """Wait until every CSS transition running on `page` has finished.

    Material eases colour changes (a page coming in, a colour scheme switched) over up to
    250 ms of the page's clock, which a busy machine stretches; a fixed pause would
    measure a colour half way. `getAnimations()` applies pending style changes first, so
    the transitions a change just started are among those waited for.
    """
    page.evaluate(_SETTLE)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` over HTTP on 127.0.0.1 (a random port) while the block runs; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=httpd.serve_forever, name=f"serving {folder.name}", daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def one_of_each_kind(paths: Iterable[str]) -> list[str]:
    """The first of `paths` (site paths, `claims/some-id/#q-1-2`, or the bundle's files,
    `claims/some-id.html`) of each kind: in the same
    folder at the same depth. Where English visits every page, the other languages visit
    one of each kind: their pages differ from English only in the interface's words."""
    kinds: dict[tuple[str, int], str] = {}
    for path in paths:
        address = path.split("#")[0].removesuffix("index.html")
        parts = [part for part in address.split("/") if part]
        kinds.setdefault((parts[0] if parts else "", len(parts)), path)
    return list(kinds.values())


@dataclass(frozen=True)
class Scenario:
    """What to click and search for, taken from the shipped content that was built."""

    language: str
    """The site's language (`theme.language`)."""
    claim_id: str
    claim_title: str
    """The claim page's headline."""
    status_label: str
    """The verdict as readers see it, e.g. 'False'."""
    source_id: str
    """The source of the first citation."""
    fragment: str
    """The id of the highlighted passage on the source page."""
    quote: str
    """The cited passage's text (as written in the claim)."""
    search_word: str
    """A word from the claim that search must find the claim page by."""


@dataclass(frozen=True)
class Published:
    scenario: Scenario
    site: Path
    """The public site folder."""
    bundle_zip: Path
    bundle: Path
    """The unzipped bundle's top folder (holds index.html)."""
    pages: tuple[str, ...] = field(default=())
    """Every HTML page of the bundle, relative to `bundle`."""


@dataclass
class Traffic:
    """Every request the browser made, and those that left the allowed places."""

    allowed: tuple[str, ...]
    requests: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def is_local(self, url: str) -> bool:
        return url.startswith(("data:", "blob:", "about:")) or url.startswith(self.allowed)

    def check(self) -> None:
        assert self.outside == [], f"requests left the site: {self.outside}"
        assert self.failed == [], f"requests failed: {self.failed}"
        assert self.errors == [], f"page errors: {self.errors}"


class Browser:
    """Opens fresh Chromium contexts (each with its own new user-data-dir)."""

    def __init__(self, pw: Any, tmp: pytest.TempPathFactory) -> None:
        self.pw = pw
        self.tmp = tmp
        self._open: list[Any] = []

    def open(self, allowed: tuple[str, ...], *, mobile: bool = False) -> tuple[Any, Traffic]:
        traffic = Traffic(allowed)
        options: dict[str, Any] = {"viewport": MOBILE if mobile else DESKTOP}
        if mobile:
            options.update(is_mobile=True, has_touch=True, device_scale_factor=2)
        context = self.pw.chromium.launch_persistent_context(
            str(self.tmp.mktemp("user-data-dir")),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            service_workers="block",
            **options,
        )
        self._open.append(context)

        def on_request(request: Any) -> None:
            traffic.requests.append(request.url)

        def route(route: Any) -> None:
            url = route.request.url
            if traffic.is_local(url):
                route.continue_()
            else:
                traffic.outside.append(url)
                route.abort("blockedbyclient")

        def on_failed(request: Any) -> None:
            # ERR_ABORTED: cancelled by leaving the page, not a broken link.
            if traffic.is_local(request.url) and "ERR_ABORTED" not in str(request.failure):
                traffic.failed.append(f"{request.url}: {request.failure}")

        def on_response(response: Any) -> None:
            if response.status >= 400:
                traffic.failed.append(f"{response.url}: HTTP {response.status}")

        context.on("request", on_request)
        context.on("requestfailed", on_failed)
        context.on("response", on_response)
        context.on("weberror", lambda e: traffic.errors.append(str(e.error)))
        context.route("**/*", route)
        page = context.pages[0] if context.pages else context.new_page()
        page.on("websocket", lambda ws: traffic.outside.append(ws.url))
        return page, traffic

    def close(self) -> None:
        for context in self._open:
            context.close()
        self._open.clear()
