"""A reader's journey through the public site (HTTP) and the offline bundle (file://).

Home page -> a claim -> a citation -> the highlighted passage in its source, in
view; then search for a word of the claim and land on it. Every request is
recorded and none may leave the site.

Every test runs on the shipped content built in each language of the catalogs; where
English visits every page, the other languages visit one page of each kind.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    ARTIFACTS,
    DESKTOP,
    LANDED,
    LIT_TEXT,
    MOBILE,
    Browser,
    Published,
    Scenario,
    Traffic,
    in_every_language,
    one_of_each_kind,
    settle,
)
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator.render.i18n import SOURCE_LANGUAGE

pytestmark = [pytest.mark.browser, in_every_language]

TIMEOUT = 20_000  # ms; search from file:// on a cold cache is the slowest step


def _letters(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _viewport_box(page: Any, selector: str) -> dict[str, float]:
    box: dict[str, float] = page.eval_on_selector(
        selector,
        """el => { const r = el.getBoundingClientRect();
                   const h = document.querySelector('.md-header');
                   return {top: r.top, bottom: r.bottom, height: r.height,
                           header: h ? h.getBoundingClientRect().bottom : 0,
                           viewport: window.innerHeight}; }""",
    )
    return box


def _claim_href(s: Scenario) -> str:
    return f'a[href*="claims/{s.claim_id}"]'


def open_claim_from_home(page: Any, home: str, s: Scenario) -> None:
    page.goto(home)
    assert page.title(), "home page has no title"
    links = page.locator(f".md-content {_claim_href(s)}")
    if links.count() == 0:  # the home page may only link the claims list
        page.locator('.md-content a[href*="claims/"]').first.click()
        page.wait_for_load_state()
        links = page.locator(f".md-content {_claim_href(s)}")
    assert links.count() > 0, f"no link to claims/{s.claim_id} from {page.url}"
    links.first.click()
    page.wait_for_load_state()
    assert f"claims/{s.claim_id}" in page.url
    assert _letters(s.claim_title) in _letters(page.locator("h1").first.inner_text())


def check_status_at_a_glance(page: Any, s: Scenario) -> None:
    """The verdict's label is visible in the first screen without scrolling."""
    label = page.locator(".md-content").get_by_text(s.status_label, exact=True).first
    label.wait_for(state="visible", timeout=TIMEOUT)
    box = label.bounding_box()
    assert box is not None
    assert box["y"] + box["height"] <= page.viewport_size["height"], "status is below the fold"


def follow_citation(page: Any, s: Scenario) -> None:
    cite = page.locator(f'.md-content a[href$="#{s.fragment}"]')
    assert cite.count() > 0, f"no citation link to #{s.fragment} on {page.url}"
    cite.first.click()
    page.wait_for_load_state()
    assert f"sources/{s.source_id}" in page.url and page.url.endswith(f"#{s.fragment}")
    target = f'[id="{s.fragment}"]'
    page.wait_for_function(
        "sel => { const r = document.querySelector(sel).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=target,
        timeout=TIMEOUT,
    )
    box = _viewport_box(page, target)
    assert box["top"] >= box["header"] - 1, f"passage hidden under the header: {box}"
    assert box["top"] < box["viewport"], f"passage not in view: {box}"
    lit = page.evaluate(LIT_TEXT, list(LANDED["light"]))["lit"]
    text = "".join(node["text"] for node in lit)
    assert _letters(text) == _letters(s.quote), f"{text!r} is lit up, not the quote {s.quote!r}"


def search_finds_claim(page: Any, s: Scenario) -> None:
    """Type a word of the claim into Material's search and open the claim from the results.

    Material reads the query on keyup and ignores one typed before its worker has
    built the index, so the query is typed again until answered (or TIMEOUT).
    """
    box = page.locator("input.md-search__input")
    if not box.is_visible():  # narrow screens: the search field opens from a header button
        page.locator("label[for='__search']:visible").first.click()
    box.click()
    results = page.locator(f".md-search-result__list a[href*='claims/{s.claim_id}']")
    for _ in range(TIMEOUT // 1000):
        box.fill("")
        box.press_sequentially(s.search_word, delay=10)
        try:
            results.first.wait_for(state="attached", timeout=1000)
            break
        except PlaywrightTimeout:
            continue
    else:
        meta = page.locator(".md-search-result__meta").inner_text()
        raise AssertionError(
            f"search for {s.search_word!r} did not list claims/{s.claim_id}: {meta}"
        )
    results.first.click()
    page.wait_for_load_state()
    assert f"claims/{s.claim_id}" in page.url


def journey(page: Any, traffic: Traffic, home: str, s: Scenario) -> None:
    open_claim_from_home(page, home, s)
    check_status_at_a_glance(page, s)
    follow_citation(page, s)
    page.goto(home)
    search_finds_claim(page, s)
    traffic.check()
    assert traffic.requests, "no request was recorded"


# ----------------------------------------------------------------------- tests


def test_public_site_journey(published: Published, server: str, browser: Browser) -> None:
    page, traffic = browser.open((server,))
    journey(page, traffic, server, published.scenario)
    assert all(u.startswith((server, "data:", "blob:")) for u in traffic.requests)


def test_offline_bundle_journey_from_file_urls(published: Published, browser: Browser) -> None:
    root = published.bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    journey(page, traffic, root + "index.html", published.scenario)
    assert any("search_index.js" in u for u in traffic.requests), (
        "search index not loaded from file://"
    )
    assert any("iframe-worker" in u for u in traffic.requests), "iframe-worker shim not loaded"


def _visited(published: Published, pages: list[str]) -> list[str]:
    """Every page in English; one of each kind in the other languages."""
    english = published.scenario.language == SOURCE_LANGUAGE
    return pages if english else one_of_each_kind(pages)


def test_every_bundle_page_loads_with_its_assets_from_file_urls(
    published: Published, browser: Browser
) -> None:
    root = published.bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    for rel in _visited(published, list(published.pages)):
        page.goto(root + rel)
        page.wait_for_load_state("networkidle")
        styled = page.evaluate(
            "() => [...document.styleSheets].filter(s => { try { return s.cssRules.length > 0 }"
            " catch (e) { return true } }).length"
        )
        assert styled >= 2, f"{rel}: stylesheets did not load"
        assert page.evaluate("() => typeof document$ !== 'undefined' || !!window.component$"), (
            f"{rel}: Material's script did not run"
        )
    traffic.check()


def test_every_public_page_is_served(published: Published, server: str, browser: Browser) -> None:
    page, traffic = browser.open((server,))
    pages = sorted(
        p.relative_to(published.site).as_posix() for p in published.site.rglob("index.html")
    )
    assert pages
    for rel in _visited(published, pages):
        response = page.goto(server + rel.removesuffix("index.html"))
        assert response is not None and response.status == 200, rel
        page.wait_for_load_state("networkidle")
    traffic.check()


@pytest.mark.parametrize("device", ["desktop", "mobile"])
def test_claim_page_screenshots(
    published: Published, server: str, browser: Browser, artifacts: Path, device: str
) -> None:
    """Screenshots for a person to look at; also checks nothing overflows sideways."""
    mobile = device == "mobile"
    page, traffic = browser.open((server,), mobile=mobile)
    s = published.scenario
    page.goto(f"{server}claims/{s.claim_id}/")
    page.wait_for_load_state("networkidle")
    width = (MOBILE if mobile else DESKTOP)["width"]
    name = f"{device}-{width}" + ("" if s.language == SOURCE_LANGUAGE else f"-{s.language}")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (
        "page scrolls sideways"
    )
    check_status_at_a_glance(page, s)
    page.screenshot(path=str(artifacts / f"claim-{name}.png"))
    page.screenshot(path=str(artifacts / f"claim-{name}-full.png"), full_page=True)
    page.goto(f"{server}sources/{s.source_id}/#{s.fragment}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"source-{name}.png"))
    traffic.check()
    assert (ARTIFACTS / f"claim-{name}.png").stat().st_size > 10_000


@pytest.mark.parametrize("where", ["public", "offline"])
def test_matrix_cells_are_tinted_by_stance(
    published: Published, server: str, browser: Browser, where: str
) -> None:
    """The tints come from the stylesheet (`matrix.matrix_stylesheet`), not from each cell;
    each cell's line stands where its text starts (left, or right in a right-to-left language)."""
    root = server if where == "public" else published.bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    page.goto(root + ("matrix/" if where == "public" else "matrix.html"))
    page.wait_for_load_state("networkidle")
    styles = page.evaluate(
        """() => ['supports', 'refutes', 'context'].map(stance => {
             const cell = document.querySelector('.md-content .fc-matrix-cell--' + stance);
             if (!cell) return null;
             const style = getComputedStyle(cell);
             return [style.backgroundColor, style.borderInlineStartWidth, style.borderInlineStartStyle,
                     style.whiteSpace];
           })"""
    )
    assert None not in styles, f"a stance has no cell on the matrix page: {styles}"
    for background, width, line, wrap in styles:
        assert background not in ("rgba(0, 0, 0, 0)", "transparent") and (width, line, wrap) == (
            "3px",
            "solid",
            "nowrap",
        ), styles
    assert len({background for background, *_ in styles}) == 3, f"stances share a tint: {styles}"
    claim = page.eval_on_selector(
        ".md-content .fc-matrix-claim", "el => getComputedStyle(el).display"
    )
    assert claim == "inline-block"
    traffic.check()


@pytest.mark.parametrize("where", ["public", "offline"])
def test_links_in_text_are_underlined_and_dark_cells_keep_links_readable(
    published: Published, server: str, browser: Browser, where: str
) -> None:
    """Colour alone must not tell a link from text (WCAG 1.4.1); in the dark scheme the
    matrix's tinted cells get a lighter link colour (4.1:1 before, 6.3:1 or more now)."""
    root = server if where == "public" else published.bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    page.goto(root + ("methodology/" if where == "public" else "methodology.html"))
    page.wait_for_load_state("networkidle")
    decoration = page.eval_on_selector(
        ".md-content p a:not(.headerlink)", "el => getComputedStyle(el).textDecorationLine"
    )
    assert decoration == "underline"
    page.goto(root + ("matrix/" if where == "public" else "matrix.html"))
    page.wait_for_load_state("networkidle")
    page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    settle(page)  # Material eases colour changes
    colour = page.eval_on_selector(
        ".md-content .fc-matrix-cell--supports a", "el => getComputedStyle(el).color"
    )
    assert colour == "rgb(143, 176, 234)"
    traffic.check()


def _visit(page: Any, url: str) -> None:
    """Open `url` and wait until the page and its assets are loaded."""
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _built_pages_with(published: Published, marker: str) -> list[str]:
    """The claim pages (as paths under the site root, ending in /) whose HTML holds `marker`."""
    return [
        f"{p.parent.relative_to(published.site).as_posix()}/"
        for p in sorted(published.site.glob("claims/*/index.html"))
        if marker in p.read_text(encoding="utf-8")
    ]


def test_cited_by_markers_are_24px_targets_that_keep_lines_even(
    published: Published, server: str, browser: Browser
) -> None:
    """WCAG 2.5.8: each "cited by" number is a target of at least 24 x 24 px, and a line
    holding one is no taller than the others (the paragraphs are whole lines high)."""
    page, traffic = browser.open((server,))
    _visit(page, f"{server}sources/{published.scenario.source_id}/")
    found = page.evaluate(
        """() => {
             const targets = [...document.querySelectorAll('.md-content .fc-cited-by a')]
               .map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height]; });
             const paragraphs = [...document.querySelectorAll('.md-content p')].filter(p => p.querySelector('.fc-cited-by'))
               .map(p => [p.getBoundingClientRect().height, parseFloat(getComputedStyle(p).lineHeight)]);
             return {targets, paragraphs};
           }"""
    )
    assert found["targets"] and found["paragraphs"], found
    assert all(w >= 24 and h >= 24 for w, h in found["targets"]), found["targets"]
    for height, line in found["paragraphs"]:
        lines = height / line
        assert abs(lines - round(lines)) < 0.05, (
            f"a paragraph with markers is {height}px, lines of {line}px"
        )
    traffic.check()


def test_a_cited_by_number_stays_on_the_line_of_its_passages_last_word(
    published: Published, server: str, browser: Browser
) -> None:
    """The number after a highlighted passage is never carried alone to the next line: it
    follows the passage's last word (on a phone, where lines break most), on every source page."""
    page, traffic = browser.open((server,), mobile=True)
    broken: dict[str, list[str]] = {}
    for source in sorted(published.site.glob("sources/*/index.html")):
        _visit(page, f"{server}sources/{source.parent.name}/")
        carried = page.evaluate(
            """() => [...document.querySelectorAll('.md-content mark.fc-quote + .fc-cited-by')]
                 .filter(marker => {
                   const words = marker.previousElementSibling.getClientRects();
                   const last = words[words.length - 1], number = marker.getClientRects()[0];
                   return !(number.left >= last.right - 1 && number.top < last.bottom);
                 })
                 .map(marker => marker.previousElementSibling.textContent.slice(-30))"""
        )
        if carried:
            broken[source.parent.name] = carried
    assert broken == {}, broken
    traffic.check()


def test_a_date_outside_a_table_is_never_split_across_lines(
    published: Published, server: str, browser: Browser
) -> None:
    """On a phone, "23 November 2026" after a claim in a list moves to the next line whole,
    its words side by side (in Arabic too, after a claim written left to right)."""
    page, traffic = browser.open((server,), mobile=True)
    split: dict[str, list[str]] = {}
    for path in ("", "claims/", f"sources/{published.scenario.source_id}/"):
        _visit(page, f"{server}{path}")
        dates = page.evaluate(
            """() => {
               const whole = time => {
                 const pieces = [...time.getClientRects()].sort((a, b) => a.left - b.left);
                 return pieces.every((r, i) => i === 0 || (Math.abs(r.top - pieces[0].top) < 1
                                                           && r.left - pieces[i - 1].right < 1));
               };
               return [...document.querySelectorAll('.md-content time')]
                 .filter(time => !time.closest('table'))
                 .map(time => [time.textContent, whole(time)]);
             }"""
        )
        assert dates, path
        if broken := [text for text, whole in dates if not whole]:
            split[path] = broken
    assert split == {}, split
    traffic.check()


def test_wide_tables_show_they_scroll_and_name_their_rows(
    published: Published, server: str, browser: Browser
) -> None:
    """On a phone the matrix scrolls sideways: a shadow on the hidden side says so; its
    first column is row headers (generator/publish/extensions/table_headers.py), drawn like the other cells."""
    page, traffic = browser.open((server,), mobile=True)
    _visit(page, f"{server}matrix/")
    found = page.evaluate(
        """() => {
             const wrap = document.querySelector('.md-content .md-typeset__scrollwrap');
             const table = wrap.querySelector('table');
             const header = table.querySelector('tbody th[scope=row]');
             return {scrolls: wrap.scrollWidth > wrap.clientWidth,
                     layers: getComputedStyle(wrap).backgroundImage.split('linear-gradient').length - 1,
                     attachments: getComputedStyle(wrap).backgroundAttachment,
                     table: getComputedStyle(table).backgroundColor,
                     weight: header && getComputedStyle(header).fontWeight,
                     border: header && getComputedStyle(header).borderTopStyle};
           }"""
    )
    assert found == {
        "scrolls": True,
        "layers": 4,
        "attachments": "local, local, scroll, scroll",
        "table": "rgba(0, 0, 0, 0)",
        "weight": "400",
        "border": "solid",
    }
    traffic.check()


def test_charts_keep_readable_text_on_a_phone(
    published: Published, server: str, browser: Browser
) -> None:
    """A chart scrolls sideways in its own box below 560 px rather than shrinking its text
    to 7 px; the page itself never scrolls sideways."""
    charted = _built_pages_with(published, "fc-chart-svg")
    if not charted:
        pytest.skip("no page of the shipped content has a chart")
    page, traffic = browser.open((server,), mobile=True)
    _visit(page, f"{server}{charted[0]}")
    found = page.evaluate(
        """() => {
             const box = document.querySelector('.md-content .fc-chart');
             const label = box.querySelector('svg text');
             return {scrolls: box.scrollWidth > box.clientWidth, shadows: getComputedStyle(box).backgroundAttachment,
                     text: label.getBoundingClientRect().height, page: document.documentElement.scrollWidth};
           }"""
    )
    assert found["scrolls"] and found["shadows"] == "local, local, scroll, scroll", found
    assert found["text"] >= 11, f"chart text is {found['text']} px high on a phone"
    assert found["page"] <= MOBILE["width"], "the page scrolls sideways"
    traffic.check()


def test_print_keeps_the_whole_matrix_the_addresses_and_the_attribution(
    published: Published, server: str, browser: Browser
) -> None:
    """On paper nothing scrolls: the matrix fits an A4 page's width instead of being cut off,
    outside links print their address, and the page says where it lives and under which terms."""
    page, traffic = browser.open((server,))
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.emulate_media(media="print")
    _visit(page, f"{server}matrix/")
    fit = page.evaluate(
        """() => { const wrap = document.querySelector('.md-content .md-typeset__scrollwrap');
                   const table = wrap.querySelector('table');
                   return {overflow: getComputedStyle(wrap).overflowX,
                           table: table.getBoundingClientRect().right, page: document.documentElement.clientWidth}; }"""
    )
    assert fit["overflow"] == "visible" and fit["table"] <= fit["page"], fit
    _visit(page, f"{server}claims/{published.scenario.claim_id}/")
    printed = page.evaluate(
        """() => { const note = document.querySelector('.fc-print-only');
                   const link = document.querySelector('.md-content a.fc-external');
                   return {note: note && getComputedStyle(note).display !== 'none' ? note.innerText : null,
                           after: link ? getComputedStyle(link, '::after').content : null}; }"""
    )
    assert (
        printed["note"]
        and f"claims/{published.scenario.claim_id}/" in printed["note"]
        and "CC BY" in printed["note"]
    ), printed
    linked = _built_pages_with(published, 'class="fc-external" href="http')
    if linked:
        _visit(page, f"{server}{linked[0]}")
        after, href = page.eval_on_selector(
            ".md-content a.fc-external",
            "a => [getComputedStyle(a, '::after').content, a.getAttribute('href')]",
        )
        assert after == f'" ({href})"'
    traffic.check()
