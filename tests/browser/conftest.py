"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site built once a session.

What the browser looks at is a real build of the shipped `content/` through
`generator.commands.build.build`, the site and the offline bundle as `factcheck build --offline`
makes them (the session's one, tests/conftest.py's `shipped_build`, shared read-only). The public site is served by `http.server` on 127.0.0.1 (random port); the
offline bundle is unzipped into a temporary folder and opened from file://.

Every request the browser makes is recorded; anything not on the local server or
inside the unzipped bundle is aborted and fails the test.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    ARTIFACTS,
    CHROMIUM,
    ROOT,
    Browser,
    Published,
    Scenario,
    served,
)
from contentkit import OfflineBundle, ShippedBuild

from generator.corpus.pipeline import check
from generator.corpus.scale import verdict
from generator.render.i18n import SOURCE_LANGUAGE, speaking
from generator.render.labels import verdict_label

# ----------------------------------------------------------------- the build


def _search_word(text: str, avoid: set[str]) -> str:
    words = [w for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in avoid]
    if not words:
        raise AssertionError(f"no searchable word in {text!r}")
    return max(words, key=len)


_COMMON = {"about", "which", "their", "there", "claim", "soldiers", "north", "korea", "korean"}


def _scenario(language: str) -> Scenario:
    doc = next(c for c in check(ROOT / "content").published_claims if c.claim.citations)
    citation = doc.claim.citations[0]
    with speaking(language):
        status_label = verdict_label(verdict(doc.claim.status))
    return Scenario(
        language=language,
        claim_id=doc.id,
        claim_title=doc.claim.question,
        status_label=status_label,
        source_id=citation.source,
        fragment=doc.citation_anchors[0].fragment,
        quote=citation.quote,
        search_word=_search_word(doc.claim.claim, _COMMON),
    )


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def site_language() -> str:
    """The language of the site `published` is: English, unless a test is marked
    `in_every_language`."""
    return SOURCE_LANGUAGE


def _published(language: str, built: ShippedBuild, bundle: OfflineBundle) -> Published:
    top = bundle.unzipped
    pages = tuple(sorted(p.relative_to(top).as_posix() for p in top.rglob("*.html")))
    return Published(_scenario(language), built.site, bundle.zip, top, pages)


@pytest.fixture(scope="session")
def published_in(
    shipped_build: ShippedBuild, shipped_in: Callable[[str], ShippedBuild], shim: Path
) -> Callable[[str], Published]:
    """The site and the offline bundle in a language, each made once a session. English:
    the session's shared build (`shipped_build`, whose files are checked unchanged); another
    language: `shipped_in`'s build of it. The `shim` fixture skips, or fails in CI, without
    the iframe-worker shim."""
    made: dict[str, Published] = {}

    def published(language: str) -> Published:
        if language not in made:
            built = shipped_build if language == SOURCE_LANGUAGE else shipped_in(language)
            assert built.bundle is not None, "the shim is there: the bundle must be too"
            made[language] = _published(language, built, built.bundle)
        return made[language]

    return published


# A test's own fixtures pick its language out of the session's caches: a session fixture
# built on the parametrized `site_language` would keep the last language for later tests.
@pytest.fixture
def published(site_language: str, published_in: Callable[[str], Published]) -> Published:
    """The site and the offline bundle in `site_language`."""
    return published_in(site_language)


# ----------------------------------------------------------------- the server


@pytest.fixture(scope="session")
def servers(published_in: Callable[[str], Published]) -> Iterator[Callable[[str], str]]:
    """Each language's public site over HTTP on 127.0.0.1, a random port each, started on
    first use; gives the base URL."""
    urls: dict[str, str] = {}
    with contextlib.ExitStack() as stack:

        def server(language: str) -> str:
            if language not in urls:
                urls[language] = stack.enter_context(served(published_in(language).site))
            return urls[language]

        yield server


@pytest.fixture
def server(site_language: str, servers: Callable[[str], str]) -> str:
    """The public site in `site_language` over HTTP; its base URL."""
    return servers(site_language)


# ----------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(
            f"{CHROMIUM} is missing; `make test` installs it when run as root "
            "(else: sudo apt-get install chromium)"
        )
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        yield pw


@pytest.fixture
def browser(playwright: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    b = Browser(playwright, tmp_path_factory)
    try:
        yield b
    finally:
        b.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
