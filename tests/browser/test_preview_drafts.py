"""Drafts in the preview, in a real browser: the notice on a draft's page is the first thing
on it, is a named note for screen readers and keeps its contrast in both colour schemes; the
"Draft" mark in lists is a word with an outline, not a colour."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browserkit import CONTRAST_RATIO, ROOT, Browser, served, settle
from contentkit import write_content_with_drafts

from generator.commands.serve import Preview

pytestmark = pytest.mark.browser

NOTICE = "Draft — not published"

_CONTRAST = f"element => ({CONTRAST_RATIO})(element).ratio"
"""The WCAG contrast ratio of an element's text over the backgrounds it sits on."""


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A preview built with drafts (as `factcheck serve` builds it), over HTTP on loopback."""
    root = tmp_path_factory.mktemp("preview")
    preview = Preview(write_content_with_drafts(root), ROOT / "mkdocs.yml", root / "work")
    assert preview.rebuild(lambda line: None).ok
    with served(preview.site_dir) as url:
        yield url


def _open(browser: Browser, url: str, scheme: str) -> Any:
    page, traffic = browser.open((url.split("/claims/")[0].split("/sources/")[0],))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if scheme == "slate":
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
    settle(page)  # Material eases colour changes in
    return page, traffic


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["claims/ninety-nine-nights/", "sources/draft-notes/"])
def test_a_draft_page_opens_with_a_readable_named_notice(
    preview_site: str, browser: Browser, path: str, scheme: str
) -> None:
    page, traffic = _open(browser, preview_site + path, scheme)
    note = page.get_by_role("note", name=NOTICE)
    assert note.count() == 1 and note.is_visible()
    box, heading = note.bounding_box(), page.locator(".md-content h1").first.bounding_box()
    assert box is not None and heading is not None
    assert box["y"] < heading["y"] and box["y"] < 800 / 2, (
        box,
        heading,
    )  # above the heading, in the first screen
    first = page.eval_on_selector(
        ".md-content .md-typeset > *:not(a.md-content__button)", "el => el.className"
    )
    assert "fc-draft-notice" in first
    for selector in (
        ".fc-draft-notice .admonition-title",
        ".fc-draft-notice p:not(.admonition-title)",
    ):
        ratio = page.eval_on_selector(selector, _CONTRAST)
        assert ratio >= 4.5, (selector, scheme, ratio)
    traffic.check()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_drafts_in_lists_carry_the_word_with_an_outline(
    preview_site: str, browser: Browser, scheme: str
) -> None:
    page, traffic = _open(browser, preview_site + "claims/", scheme)
    item = page.locator('.md-content li:has(a[href*="ninety-nine-nights"])').first
    mark = item.locator(".fc-draft")
    assert mark.is_visible() and mark.text_content() == "Draft"
    style = mark.evaluate(
        "el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).borderTopWidth]"
    )
    assert style == ["dashed", "1px"]
    assert mark.evaluate(_CONTRAST) >= 4.5
    published = page.locator('.md-content li:has(a[href*="served-120-days"])').first
    assert published.locator(".fc-draft").count() == 0
    traffic.check()
