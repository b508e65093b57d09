"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site built once a session.

What the browser looks at is a real build of the shipped `content/` through
`generator.commands.build.build`, the site and the offline bundle as `factcheck build --offline`
makes them (the session's one, tests/conftest.py's `shipped_build`, shared read-only). The public site is served by `http.server` on 127.0.0.1 (random port); the
offline bundle is unzipped into a temporary folder and opened from file://.

Every request the browser makes is recorded; anything not on the local server or
inside the unzipped bundle is aborted and fails the test.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
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
from contentkit import OfflineBundle

from generator.corpus.pipeline import check
from generator.corpus.scale import verdict

# ----------------------------------------------------------------- the build


def _search_word(text: str, avoid: set[str]) -> str:
    words = [w for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in avoid]
    if not words:
        raise AssertionError(f"no searchable word in {text!r}")
    return max(words, key=len)


_COMMON = {"about", "which", "their", "there", "claim", "soldiers", "north", "korea", "korean"}


def _scenario() -> Scenario:
    doc = next(c for c in check(ROOT / "content").published_claims if c.claim.citations)
    citation = doc.claim.citations[0]
    return Scenario(
        claim_id=doc.id,
        claim_title=doc.claim.question,
        status_label=verdict(doc.claim.status).label,
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
def published(shipped_site: Path, shipped_bundle: OfflineBundle) -> Published:
    """The site and the offline bundle: the session's shared build (`shipped_build`; the
    `shim` fixture skips, or fails in CI, without the iframe-worker shim)."""
    bundle = shipped_bundle.unzipped
    pages = tuple(sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*.html")))
    return Published(_scenario(), shipped_site, shipped_bundle.zip, bundle, pages)


# ----------------------------------------------------------------- the server


@pytest.fixture(scope="session")
def server(published: Published) -> Iterator[str]:
    """The public site over HTTP on 127.0.0.1, random port; yields the base URL."""
    with served(published.site) as url:
        yield url


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
