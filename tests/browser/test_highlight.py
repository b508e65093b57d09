"""In Chromium: a link to a quote that crosses another lights up exactly the quote's words.

Two quotes of the shipped content cross (each runs past the other's end). Opening
the source page at each one's fragment, the text shown with the landed-on background
and the lines above and below it (computed style, read from every text node of the
page) must be exactly that quote, and the page must have scrolled to its first word:
on the public site, in the dark scheme, and in the offline bundle (file://), in each
language of the catalogs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from browserkit import LANDED, LIT_TEXT, ROOT, Browser, Published, in_every_language

pytestmark = [pytest.mark.browser, in_every_language]


def _shown(text: str) -> str:
    return re.sub(r"[ \t\n\r\f]+", " ", text)


def _crossing_quotes() -> tuple[str, str, str, str]:
    """A source and two crossing quoted passages in it: (source id, body, fragment a, fragment b)."""
    from generator.corpus.pipeline import check

    corpus = check(ROOT / "content")
    passages: dict[str, set[tuple[int, int]]] = defaultdict(set)
    for doc in corpus.published_claims:
        for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True):
            passages[citation.source].add((anchor.start, anchor.end))
    bodies = {source.id: source.body for source in corpus.sources}
    for source_id, spans in sorted(passages.items()):
        for a in sorted(spans):
            for b in sorted(spans):
                if a[0] < b[0] < a[1] < b[1]:
                    return source_id, bodies[source_id], f"q-{a[0]}-{a[1]}", f"q-{b[0]}-{b[1]}"
    raise AssertionError("the shipped content has no crossing quotes")


def _check_landing(page: Any, url: str, body: str, fragment: str, scheme: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "id => { const r = document.getElementById(id).getBoundingClientRect();"
        " return r.top >= 0 && r.top < window.innerHeight; }",
        arg=fragment,
    )
    found = page.evaluate(LIT_TEXT, list(LANDED[scheme]))
    start, end = map(int, fragment[2:].split("-"))
    lit = found["lit"]
    assert _shown("".join(node["text"] for node in lit)) == _shown(body[start:end]), (fragment, lit)
    assert all(node["edged"] for node in lit), f"landed-on text without its lines: {lit}"
    assert len({node["paragraph"] for node in lit}) == 1
    anchor = found["anchor"]
    assert found["header"] - 1 <= anchor["top"] < found["viewport"], f"quote not in view: {found}"
    assert abs(lit[0]["top"] - anchor["top"]) < 20 and abs(lit[0]["left"] - anchor["left"]) < 2, (
        f"the page did not land on the quote's first word: {lit[0]} vs {anchor}"
    )


def test_a_crossing_quote_lights_up_exactly_its_words(
    published: Published, server: str, browser: Browser
) -> None:
    source_id, body, first, second = _crossing_quotes()
    page, traffic = browser.open((server,))
    for fragment in (first, second):
        _check_landing(page, f"{server}sources/{source_id}/#{fragment}", body, fragment, "light")
    traffic.check()
    dark, traffic = browser.open((server,))  # a new profile: Material keeps the scheme it chose
    dark.emulate_media(color_scheme="dark")
    _check_landing(dark, f"{server}sources/{source_id}/#{first}", body, first, "dark")
    assert dark.evaluate("document.body.dataset.mdColorScheme") == "slate"
    traffic.check()


def test_a_crossing_quote_lights_up_exactly_its_words_offline(
    published: Published, browser: Browser
) -> None:
    source_id, body, first, second = _crossing_quotes()
    root = published.bundle.as_uri() + "/"
    page, traffic = browser.open((root,))
    page_file = Path(published.bundle / "sources" / f"{source_id}.html")
    assert page_file.is_file()
    for fragment in (second, first):
        _check_landing(page, f"{root}sources/{source_id}.html#{fragment}", body, fragment, "light")
    traffic.check()
