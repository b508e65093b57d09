"""The theme's page chrome with a keyboard, a screen reader's names and a phone.

"Skip to content" lands on the page's title on every kind of page; the search
dialog has a name; a page outside the nav (a claim, a source) still offers its
table of contents on a phone, in the nav drawer as pages in the nav do. The head's
feed link is there for feed readers without making Material fetch the sitemap. In each
language of the catalogs: the names read are the site's language's, ours from its
catalog, Material's from the theme's.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from browserkit import ROOT, Browser, Published, in_every_language, material_word

from generator.corpus.pipeline import check
from generator.render.i18n import gettext, speaking

pytestmark = [pytest.mark.browser, in_every_language]

TIMEOUT = 20_000
LANDED_AT = "id => decodeURIComponent(location.hash) === '#' + id"
"""Whether the address is at the element of that id (a heading's id in Arabic, Russian or
Korean letters stands percent-encoded in the address)."""


def _page_of_each_kind(published: Published) -> list[str]:
    s = published.scenario
    return [
        "",
        f"claims/{s.claim_id}/",
        f"sources/{s.source_id}/",
        "claims/",
        "sources/",
        "matrix/",
        "timeline/",
        "methodology/",
    ]


_FIRST_FOCUSABLE_FROM_H1 = """() => {
    const h1 = document.querySelector('.md-content h1');
    const focusable = 'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])';
    const shown = el => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
    return [...document.querySelectorAll(focusable)].filter(shown).find(el =>
        el === h1 || h1.contains(el) || (h1.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) || null;
}"""


@pytest.mark.parametrize("mobile", [False, True], ids=["desktop", "phone"])
def test_skip_link_lands_on_the_title_of_every_kind_of_page(
    published: Published, server: str, browser: Browser, mobile: bool
) -> None:
    """Tab once, Enter: the page is at its h1 (in view, below the header), and the
    next Tab goes to the first link from the h1 on, not past the verdict."""
    page, traffic = browser.open((server,), mobile=mobile)
    for path in _page_of_each_kind(published):
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.matches('a.md-skip')"), path
        page.keyboard.press("Enter")
        h1_id = page.eval_on_selector(".md-content h1", "h1 => h1.id")
        page.wait_for_function(LANDED_AT, arg=h1_id, timeout=5000)
        box = page.eval_on_selector(
            ".md-content h1",
            """h1 => ({top: h1.getBoundingClientRect().top, viewport: window.innerHeight,
                      header: document.querySelector('.md-header').getBoundingClientRect().bottom})""",
        )
        assert box["header"] - 1 <= box["top"] < box["viewport"] / 2, (path, box)
        expected = page.evaluate_handle(_FIRST_FOCUSABLE_FROM_H1)
        page.keyboard.press("Tab")
        assert page.evaluate("el => el === document.activeElement", expected), (
            path,
            page.evaluate("document.activeElement.outerHTML.slice(0, 200)"),
        )
    traffic.check()


def test_search_dialog_has_a_name(published: Published, server: str, browser: Browser) -> None:
    page, traffic = browser.open((server,))
    page.goto(server)
    page.locator("input.md-search__input").click()
    language = published.scenario.language
    dialog = page.get_by_role("dialog", name=material_word(language, "search"), exact=True)
    dialog.wait_for(state="visible", timeout=TIMEOUT)
    box = material_word(language, "search.placeholder")
    assert dialog.get_by_role("textbox", name=box, exact=True).is_visible()
    traffic.check()


def _open_drawer(page: Any) -> None:
    page.locator("label.md-header__button[for='__drawer']").click()
    page.locator(".md-sidebar--primary").wait_for(state="visible", timeout=TIMEOUT)


@pytest.mark.parametrize("kind", ["claim", "source"])
def test_a_page_outside_the_nav_has_its_table_of_contents_in_the_phone_drawer(
    published: Published, server: str, browser: Browser, kind: str
) -> None:
    s = published.scenario
    path = f"claims/{s.claim_id}/" if kind == "claim" else f"sources/{s.source_id}/"
    page, traffic = browser.open((server,), mobile=True)
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    headings = page.eval_on_selector_all(".md-content h2[id]", "hs => hs.map(h => h.id)")
    assert headings, path
    _open_drawer(page)
    drawer = page.locator(".md-sidebar--primary")
    drawer.locator(".fc-nav-page > label[for='__toc']").click()
    toc = drawer.get_by_role(
        "navigation", name=material_word(published.scenario.language, "toc"), exact=True
    )
    toc.wait_for(state="visible", timeout=TIMEOUT)
    links = toc.locator("a.md-nav__link")
    assert [unquote(h.split("#")[1]) for h in links.evaluate_all("as => as.map(a => a.href)")][
        : len(headings)
    ] == headings
    last = links.nth(len(headings) - 1)
    last.click()
    page.wait_for_function(LANDED_AT, arg=headings[-1], timeout=TIMEOUT)
    traffic.check()


NAV = (
    "Home",
    "Claims",
    "Sources",
    "Which source says what",
    "Timeline",
    "Claimants",
    "Methodology",
    "Data",
    "About us",
)
"""The site's nav, in English: the shipped mkdocs.yml lists these pages without titles."""


def nav_titles(language: str) -> list[str]:
    """NAV in `language`, from its catalog."""
    with speaking(language):
        return [gettext(title) for title in NAV]


def test_the_desktop_nav_is_the_site_nav_alone_on_a_page_outside_it(
    published: Published, server: str, browser: Browser
) -> None:
    """On a wide screen the table of contents has its own sidebar: the drawer's entry
    for the page stays hidden there, and the primary nav lists the site's pages only."""
    page, traffic = browser.open((server,))
    page.goto(f"{server}claims/{published.scenario.claim_id}/")
    page.wait_for_load_state("networkidle")
    nav = page.locator(".md-sidebar--primary .md-nav__link:visible")
    assert nav.all_inner_texts() == nav_titles(published.scenario.language)
    toc = material_word(published.scenario.language, "toc")
    assert (
        page.locator(".md-sidebar--secondary")
        .get_by_role("navigation", name=toc, exact=True)
        .is_visible()
    )
    traffic.check()


_FEED_LINKS = """() => [...document.head.querySelectorAll('link')]
    .filter(link => link.relList.contains('alternate') && link.type === 'application/atom+xml')
    .map(link => link.href)"""
"""The head's feed autodiscovery links as HTML defines them (`alternate` among the rel
tokens, a feed's type), by their absolute addresses."""


def test_pages_link_the_feed_and_load_no_sitemap(
    published: Published, server: str, browser: Browser
) -> None:
    """Material fetches the sitemap.xml next to every `link[rel=alternate]` on each page
    load (1.5 MB at 10,000 claims), taking it for a translation of the site: the feed
    link must keep `alternate` for feed readers without matching that selector."""
    page, traffic = browser.open((server,))
    for path in _page_of_each_kind(published):
        page.goto(f"{server}{path}")
        page.wait_for_load_state("networkidle")
        assert page.evaluate(_FEED_LINKS) == [f"{server}feed.xml"], path
    sitemaps = [
        url
        for url in traffic.requests
        if urlsplit(url).path.endswith(("sitemap.xml", "sitemap.xml.gz"))
    ]
    assert sitemaps == []
    assert page.request.get(f"{server}feed.xml").ok
    traffic.check()


_DATE_WRAPPING = """() => ({
  text: [...document.querySelectorAll('.md-content p time')].map(t => getComputedStyle(t).whiteSpace),
  table: [...document.querySelectorAll('.md-content :is(td, th) time')]
    .map(t => getComputedStyle(t).whiteSpace),
})"""
"""How the dates of the page wrap: kept whole in running text, free to wrap in a table."""


def test_dates_wrap_in_tables_and_stay_whole_in_text_on_a_phone(
    published: Published, server: str, browser: Browser
) -> None:
    """A claim's timeline has its dates as row headers (`th`): on a phone they wrap as a
    table's other cells do, where a date in a sentence moves to the next line whole."""
    dated = next(doc.id for doc in check(ROOT / "content").published_claims if doc.claim.timeline)
    page, traffic = browser.open((server,), mobile=True)
    page.goto(f"{server}claims/{dated}/")
    page.wait_for_load_state("networkidle")
    dates = page.evaluate(_DATE_WRAPPING)
    assert dates["table"] and set(dates["table"]) == {"normal"}, dates
    assert set(dates["text"]) <= {"nowrap"}, dates
    traffic.check()
