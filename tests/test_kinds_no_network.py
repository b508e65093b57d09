"""Media beside sources are never fetched: checking and rendering sources of every kind
opens no connection and looks up no name, and no page shows a picture from elsewhere.

The every-kind fixture links its originals on the web (a post, a video, a PDF); only our
own copies of its files, beside the sources, may be read and published.
"""

from __future__ import annotations

import re
import socket
from collections.abc import Callable

import pytest
from contentkit import TEST_SETTINGS
from mediakit import kinds_content

from generator.corpus.pipeline import check
from generator.render.docs import generate_files

REMOTE_PICTURE = re.compile(
    rb"""<img[^>]*\ssrc=["']?(?:https?:)?//|!\[[^\]]*\]\(<?(?:https?:)?//""", re.IGNORECASE
)
"""A picture whose address is on another site, in HTML or in Markdown."""


@pytest.fixture
def refused_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every connection and name lookup fails (and is recorded)."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., None]:
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise AssertionError(f"a network call: {name}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts


def test_sources_of_every_kind_are_checked_and_rendered_without_the_network(
    tmp_path, refused_calls
):
    files = generate_files(check(kinds_content(tmp_path)), TEST_SETTINGS)
    assert "sources/ferry-flyer/flyer.png" in files
    assert "sources/harbour-board-minutes/minutes.pdf" in files
    assert refused_calls == []


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
