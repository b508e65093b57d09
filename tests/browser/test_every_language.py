"""In Chromium, the shipped content built in each language of the catalogs: axe-core finds
no accessibility violation on any page type (light and dark, desktop and phone), Arabic
lays out mirrored, and search finds a page by a word of the site's language (Korean's
included).

axe-core is the npm package `make vendor` fetches, pinned (scripts/vendor.py); it is
injected into each page from that file, never from the network. One page per page type
and language keeps the time reasonable: the home page, the two lists, a claim with a
chart, a source with highlighted passages, the matrix, the timeline, the methodology and
data pages, the claimants' list, a claimant, a person, the About page and the 404 page.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import ARTIFACTS, ROOT, Browser, Published, served

from generator.render.i18n import catalog_languages

pytestmark = pytest.mark.browser

LANGUAGES = catalog_languages()
"""Every language with a catalog in the repository (English among them)."""
AXE = ROOT / ".cache" / "vendor" / "axe-core-4.10.2" / "axe.min.js"
AXE_SHA256 = "b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3"
"""scripts/vendor.py's pin, checked again before the file is injected."""
MODES = {
    "light-desktop": ("light", False),
    "dark-desktop": ("dark", False),
    "light-phone": ("light", True),
    "dark-phone": ("dark", True),
}
CLAIM_WITH_CHART = "claims/north-korea-sent-15000-troops/"
SOURCE_WITH_PASSAGES = "sources/dprk-soldiers-return-from-kursk/"
PAGE_TYPES = (
    "",
    "claims/",
    CLAIM_WITH_CHART,
    "sources/",
    SOURCE_WITH_PASSAGES,
    "matrix/",
    "timeline/",
    "methodology/",
    "data/",
    "claimants/",
    "claimants/calitoday/",
    "people/placeholder-author/",
    "about/",
    "404.html",
)

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => `${v.id} (${v.impact}): ${v.help} at ` +
    v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(' | '));
}"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, as `make vendor` unpacked it."""
    if not AXE.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{AXE} is missing: `make vendor` must run before the browser tests")
        pytest.skip("run `make vendor` first (axe-core)")
    data = AXE.read_bytes()
    assert hashlib.sha256(data).hexdigest() == AXE_SHA256, f"{AXE} is not the pinned axe-core"
    return data.decode("utf-8")


@pytest.fixture(scope="session")
def site_in(published_in: Callable[[str], Published]) -> Callable[[str], Path]:
    """The public site of the shipped content in a language (English: the session's build)."""

    def site(language: str) -> Path:
        return published_in(language).site

    return site


@pytest.fixture(scope="session")
def arabic(site_in: Callable[[str], Path]) -> Iterator[str]:
    """The Arabic site over HTTP; its base URL."""
    with served(site_in("ar")) as url:
        yield url


def axe_violations(page: Any, url: str, axe: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("load")
    page.add_script_tag(content=axe)
    return [f"{url}: {violation}" for violation in page.evaluate(RUN_AXE)]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_on_any_page_type(
    language: str,
    mode: str,
    site_in: Callable[[str], Path],
    browser: Browser,
    axe_source: str,
) -> None:
    scheme, phone = MODES[mode]
    site = site_in(language)
    for path in PAGE_TYPES:
        assert (site / path).exists() or (site / path / "index.html").exists(), path
    with served(site) as server:
        page, traffic = browser.open((server,), mobile=phone)
        page.emulate_media(color_scheme=scheme)
        found = [v for path in PAGE_TYPES for v in axe_violations(page, server + path, axe_source)]
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        assert page.evaluate("document.documentElement.lang") == language
    assert found == [], "\n".join(found)
    traffic.check()


def test_axe_sees_a_violation(published: Published, browser: Browser, axe_source: str) -> None:
    """The check itself: an image without a text alternative is reported."""
    with served(published.site) as server:
        page, _ = browser.open((server,))
        page.goto(server + "methodology/")
        page.evaluate(
            "document.querySelector('article').append(Object.assign("
            "document.createElement('img'), {src: 'data:image/gif;base64,R0lGODlhAQABAAAAACw='}))"
        )
        page.add_script_tag(content=axe_source)
        found = page.evaluate(RUN_AXE)
    assert any(v.startswith("image-alt") for v in found), found


# ----------------------------------------------------------------- right to left

BOXES = """selectors => Object.fromEntries(selectors.map(s => {
  const e = document.querySelector(s);
  if (!e) return [s, null];
  const r = e.getBoundingClientRect();
  return [s, {left: r.left, right: r.right, center: (r.left + r.right) / 2}];
}))"""


def boxes(page: Any, *selectors: str) -> dict[str, dict[str, float]]:
    found = page.evaluate(BOXES, list(selectors))
    missing = [s for s, box in found.items() if box is None]
    assert missing == [], f"{page.url}: nothing matches {missing}"
    return found


def open_screenshot(page: Any, url: str, name: str) -> None:
    page.goto(url)
    page.wait_for_load_state("load")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


def test_an_arabic_claim_page_is_mirrored(arabic: str, browser: Browser) -> None:
    """The text starts on the right: the verdict badge sits in the right half of the
    article, the chart's bars grow from its right edge, the site's navigation is on the
    right of the content (screenshot: test-artifacts/rtl-claim.png)."""
    page, traffic = browser.open((arabic,))
    open_screenshot(page, arabic + CLAIM_WITH_CHART, "rtl-claim")
    assert page.evaluate("document.body.dir") == "rtl"
    found = boxes(
        page,
        ".md-content__inner",
        ".fc-verdict",
        ".fc-verdict .fc-badge",
        ".fc-chart-svg",
        ".fc-chart-bar + .fc-chart-bar rect",
        ".md-sidebar--primary .md-nav",
    )
    article, verdict = found[".md-content__inner"], found[".fc-verdict"]
    badge, chart = found[".fc-verdict .fc-badge"], found[".fc-chart-svg"]
    shortest = found[".fc-chart-bar + .fc-chart-bar rect"]
    assert badge["center"] > article["center"], (badge, article)
    assert verdict["right"] == pytest.approx(article["right"], abs=2)
    assert shortest["center"] > chart["center"], (shortest, chart)
    assert found[".md-sidebar--primary .md-nav"]["left"] > article["center"]
    traffic.check()


def test_an_english_claim_page_is_not(published: Published, browser: Browser) -> None:
    """The same measures on the English page see the other side (the test can fail)."""
    with served(published.site) as server:
        page, _ = browser.open((server,))
        page.goto(server + CLAIM_WITH_CHART)
        found = boxes(page, ".md-content__inner", ".fc-verdict .fc-badge")
    assert found[".fc-verdict .fc-badge"]["center"] < found[".md-content__inner"]["center"]


def test_an_arabic_source_page_is_mirrored(arabic: str, browser: Browser) -> None:
    """Paragraph numbers stand at the right of their paragraphs, where Arabic lines start,
    and the highlighted passages' badges follow (screenshot: test-artifacts/rtl-source.png)."""
    page, traffic = browser.open((arabic,))
    open_screenshot(page, arabic + SOURCE_WITH_PASSAGES, "rtl-source")
    found = boxes(page, ".md-content__inner", ".fc-pnum", ".fc-quote")
    article, number = found[".md-content__inner"], found[".fc-pnum"]
    assert number["center"] > article["center"], (number, article)
    assert found[".fc-quote"]["right"] <= article["right"] + 1
    traffic.check()


# ----------------------------------------------------------------- search


SEARCHED_HEADING = "What the sources say"
"""A heading of every claim page, whose words search must find in the site's language
(search indexes the published claims' pages)."""


def interface_word(language: str) -> str:
    """The longest word of SEARCHED_HEADING in `language`."""
    from generator.render.i18n import gettext, speaking

    with speaking(language):
        heading = gettext(SEARCHED_HEADING)
    return max(heading.split(), key=len)


def search_finds(page: Any, word: str, href: str) -> None:
    """Type `word` into Material's search until a result links to `href` (or fail)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.locator("input.md-search__input")
    box.click()
    results = page.locator(f".md-search-result__list a[href*='{href}']")
    for _ in range(20):
        box.fill(word)  # Korean and Arabic letters are no keys: typed as text,
        box.press("End")  # then a keyup, which Material reads the query on
        try:
            results.first.wait_for(state="attached", timeout=1000)
            return
        except PlaywrightTimeout:
            continue
    meta = page.locator(".md-search-result__meta").inner_text()
    raise AssertionError(f"search for {word!r} found nothing at {href}: {meta}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_finds_a_page_by_a_word_of_the_sites_language(
    language: str, site_in: Callable[[str], Path], browser: Browser
) -> None:
    """The search box, in the site's language (Korean's words included), finds a claim page
    by a word of ours on it."""
    site = site_in(language)
    with served(site) as server:
        page, traffic = browser.open((server,))
        page.goto(server)
        search_finds(page, interface_word(language), "claims/")
    traffic.check()


def bundle_page(path: str) -> str:
    """A page's file in the offline bundle (plain file addresses), from its public path."""
    if path in ("", "claims/", "sources/", "claimants/"):
        return path + "index.html"
    return path.rstrip("/") + ".html"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_offline_bundle_searches_in_the_sites_language_from_files(
    language: str, published_in: Callable[[str], Published], browser: Browser
) -> None:
    """The same search in the language's offline bundle, opened from file://; each page
    type loads with its stylesheets."""
    root = published_in(language).bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    for path in PAGE_TYPES[:-1]:  # the bundle has no 404 page
        page.goto(root + bundle_page(path))
        page.wait_for_load_state("load")
        sheets = page.evaluate("() => document.styleSheets.length")
        assert sheets >= 2, f"{language}: {path or 'home'}: its stylesheets did not load"
    page.goto(root + "index.html")
    search_finds(page, interface_word(language), "claims/")
    traffic.check()
