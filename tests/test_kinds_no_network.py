"""Media beside sources are never fetched: checking and rendering sources of every kind
opens no connection and looks up no name, and no page shows a picture from elsewhere.

The every-kind fixture links its originals on the web (a post, a video, a PDF); only our
own copies of its files, beside the sources, may be read and published.
"""

from __future__ import annotations

import re

from contentkit import TEST_SETTINGS
from mediakit import kinds_content

from generator.corpus.pipeline import check
from generator.render.docs import generate_files

REMOTE_PICTURE = re.compile(
    rb"""<img[^>]*\ssrc=["']?(?:https?:)?//|!\[[^\]]*\]\(<?(?:https?:)?//""", re.IGNORECASE
)
"""A picture whose address is on another site, in HTML or in Markdown."""


def test_sources_of_every_kind_are_checked_and_rendered_without_the_network(tmp_path, no_network):
    files = generate_files(check(kinds_content(tmp_path)), TEST_SETTINGS)
    assert "sources/ferry-flyer/flyer.png" in files
    assert "sources/harbour-board-minutes/minutes.pdf" in files
    assert no_network == []


def test_no_page_shows_a_picture_from_elsewhere(tmp_path):
    files = generate_files(check(kinds_content(tmp_path)), TEST_SETTINGS)
    pages = {name: body for name, body in files.items() if name.endswith(".md")}
    assert sum(body.count(b"![") for body in pages.values()) == 2  # the flyer, the screenshot
    assert [name for name, body in pages.items() if REMOTE_PICTURE.search(body)] == []


def test_the_remote_picture_check_sees_one():
    assert REMOTE_PICTURE.search(b'<img alt="x" src="https://example.org/a.png">')
    assert REMOTE_PICTURE.search(b"<img src=//example.org/a.png>")
    assert REMOTE_PICTURE.search(b"![A flyer](https://example.org/a.png)")
    assert not REMOTE_PICTURE.search(b'<img alt="x" src="flyer.png">')
    assert not REMOTE_PICTURE.search(b"![A flyer](flyer.png)")
