"""The theme's page chrome with a keyboard, a screen reader's names and a phone.

"Skip to content" lands on the page's title on every kind of page; the search
dialog has a name; a page outside the nav (a claim, a source) still offers its
table of contents on a phone, in the nav drawer as pages in the nav do.
"""

from __future__ import annotations

import pytest
from browserkit import Browser, Published

pytestmark = pytest.mark.browser

TIMEOUT = 20_000


def _page_of_each_kind(published: Published) -> list[str]:
    s = published.scenario
    return ["", f"claims/{s.claim_id}/", f"sources/{s.source_id}/", "claims/", "sources/", "matrix/", "timeline/",
            "methodology/"]


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
        page.wait_for_function("id => location.hash === '#' + id", arg=h1_id, timeout=5000)
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
