"""In Chromium on a phone: a source page's fingerprint fits the screen and reads whole.

The fingerprint is 64 hexadecimal digits with no space to break at. Material's style for
inline code lets it break anywhere; were that lost (a theme update, a rule of ours), it
would widen the page on a phone (578 px of a 390 px screen), which this catches. Its text
must be the SHA-256 of the plain text the page links to, as readers are told to check it.
In each language of the catalogs.
"""

from __future__ import annotations

import hashlib

import pytest
from browserkit import MOBILE, Browser, Published, in_every_language

pytestmark = [pytest.mark.browser, in_every_language]


def test_the_fingerprint_fits_a_phone_and_is_the_texts_sha256(
    published: Published, server: str, browser: Browser
) -> None:
    page, traffic = browser.open((server,), mobile=True)
    for text in sorted((published.site / "api" / "sources").glob("*.txt")):
        page.goto(f"{server}sources/{text.stem}/")
        page.wait_for_load_state("networkidle")
        shown = page.evaluate(
            """() => { const code = document.querySelector("code.fc-fingerprint");
                       const box = code.getBoundingClientRect();
                       return {text: code.textContent, right: box.right,
                               page: document.documentElement.scrollWidth}; }"""
        )
        assert shown["text"] == hashlib.sha256(text.read_bytes()).hexdigest(), text.stem
        assert shown["page"] <= MOBILE["width"], f"{text.stem}: the page scrolls sideways"
        assert shown["right"] <= MOBILE["width"], (
            f"{text.stem}: the fingerprint runs off the screen"
        )
    traffic.check()
