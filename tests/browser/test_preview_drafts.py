"""Drafts in the preview, in a real browser: the notice on a draft's page is the first thing
on it, is a named note for screen readers and keeps its contrast in both colour schemes; the
"Draft" mark in lists is a word with an outline, not a colour."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from browserkit import ROOT, Browser
from contentkit import write_content_with_drafts

from generator.serve import Preview

pytestmark = pytest.mark.browser

NOTICE = "Draft — not published"

_CONTRAST = """el => {
  const rgba = text => { const m = text.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const over = (top, under) => { const a = top[3]; return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat([1]); };
  const layers = [];
  for (let node = el; node; node = node.parentElement) layers.push(rgba(getComputedStyle(node).backgroundColor));
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const foreground = over(rgba(getComputedStyle(el).color), background);
  const luminance = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const [l1, l2] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
  return (l1 + 0.05) / (l2 + 0.05);
}"""
"""The WCAG contrast ratio of an element's text over the backgrounds it sits on (translucent ones blended)."""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def preview_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A preview built with drafts (as `factcheck serve` builds it), over HTTP on loopback."""
    root = tmp_path_factory.mktemp("preview")
    preview = Preview(write_content_with_drafts(root), ROOT / "mkdocs.yml", root / "work")
    assert preview.rebuild(lambda line: None).ok
    handler = functools.partial(_Quiet, directory=str(preview.site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


def _open(browser: Browser, url: str, scheme: str) -> Any:
    page, traffic = browser.open((url.split("/claims/")[0].split("/sources/")[0],))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if scheme == "slate":
        page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
        page.wait_for_timeout(500)  # Material eases colour changes
    return page, traffic


@pytest.mark.parametrize("scheme", ["default", "slate"])
@pytest.mark.parametrize("path", ["claims/ninety-nine-nights/", "sources/draft-notes/"])
def test_a_draft_page_opens_with_a_readable_named_notice(preview_site: str, browser: Browser, path: str, scheme: str) -> None:
    page, traffic = _open(browser, preview_site + path, scheme)
    note = page.get_by_role("note", name=NOTICE)
    assert note.count() == 1 and note.is_visible()
    box, heading = note.bounding_box(), page.locator(".md-content h1").first.bounding_box()
    assert box is not None and heading is not None
    assert box["y"] < heading["y"] and box["y"] < 800 / 2, (box, heading)  # above the heading, in the first screen
    first = page.eval_on_selector(".md-content .md-typeset > *:not(a.md-content__button)", "el => el.className")
    assert "fc-draft-notice" in first
    for selector in (".fc-draft-notice .admonition-title", ".fc-draft-notice p:not(.admonition-title)"):
        ratio = page.eval_on_selector(selector, _CONTRAST)
        assert ratio >= 4.5, (selector, scheme, ratio)
    traffic.check()


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_drafts_in_lists_carry_the_word_with_an_outline(preview_site: str, browser: Browser, scheme: str) -> None:
    page, traffic = _open(browser, preview_site + "claims/", scheme)
    item = page.locator('.md-content li:has(a[href*="ninety-nine-nights"])').first
    mark = item.locator(".fc-draft")
    assert mark.is_visible() and mark.text_content() == "Draft"
    style = mark.evaluate("el => [getComputedStyle(el).borderTopStyle, getComputedStyle(el).borderTopWidth]")
    assert style == ["dashed", "1px"]
    assert mark.evaluate(_CONTRAST) >= 4.5
    published = page.locator('.md-content li:has(a[href*="served-120-days"])').first
    assert published.locator(".fc-draft").count() == 0
    traffic.check()
