"""Real-browser fixtures: Debian's Chromium driven by Playwright, the site built once a session.

What the browser looks at is a real build: of the shipped `content/` through
`generator.build.build` once the renderer exists, else of the hand-written
`fixture_docs/` through `generator.publish` (the scenario says which). The public
site is served by `http.server` on 127.0.0.1 (random port); the offline bundle is
unzipped into a temporary folder and opened from file://.

Every request the browser makes is recorded; anything not on the local server or
inside the unzipped bundle is aborted and fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browserkit import (
    ARTIFACTS,
    CHROMIUM,
    FIXTURE_DOCS,
    ROOT,
    Browser,
    Published,
    Scenario,
    served,
)

# ----------------------------------------------------------------- the build


def _renderer_available() -> bool:
    """A real build once the renderer exists; FACTCHECK_BROWSER_DOCS=fixture forces the fixture."""
    if os.environ.get("FACTCHECK_BROWSER_DOCS") == "fixture":
        return False
    try:
        import generator.render
        import generator.settings  # noqa: F401
    except ImportError:
        return False
    return True


def _search_word(text: str, avoid: set[str]) -> str:
    words = [w for w in re.findall(r"[A-Za-z]{5,}", text) if w.lower() not in avoid]
    if not words:
        raise AssertionError(f"no searchable word in {text!r}")
    return max(words, key=len)


_COMMON = {"about", "which", "their", "there", "claim", "soldiers", "north", "korea", "korean"}


def _real_build(tmp: Path) -> tuple[Scenario, Path, Path]:
    from generator.build import build
    from generator.scale import verdict
    from generator.validate import check

    result = build(
        ROOT / "content",
        tmp / "site",
        offline=True,
        dist_dir=tmp / "dist",
        config=ROOT / "mkdocs.yml",
        docs_dir=tmp / "docs",
    )
    assert result.bundle is not None
    doc = next(c for c in check(ROOT / "content").published_claims if c.claim.citations)
    citation = doc.claim.citations[0]
    scenario = Scenario(
        origin="content/",
        claim_id=doc.id,
        claim_title=doc.claim.question,
        status_label=verdict(doc.claim.status).label,
        source_id=citation.source,
        fragment=doc.citation_anchors[0].fragment,
        quote=citation.quote,
        search_word=_search_word(doc.claim.claim, _COMMON),
    )
    return scenario, result.site.path, result.bundle.path


def _fixture_build(tmp: Path) -> tuple[Scenario, Path, Path]:
    from generator.publish import (
        build_offline_bundle,
        build_site,
        default_shim_path,
        offline_zip_path,
    )

    project = tmp / "project"
    (project / "site_templates").mkdir(parents=True)
    overrides = ROOT / "site_templates" / "overrides"
    if overrides.is_dir():
        shutil.copytree(overrides, project / "site_templates" / "overrides")
    else:
        (project / "site_templates" / "overrides").mkdir()
    config = project / "mkdocs.yml"
    shutil.copy(ROOT / "mkdocs.yml", config)
    site = build_site(config, FIXTURE_DOCS, tmp / "site").path
    bundle = build_offline_bundle(
        config,
        FIXTURE_DOCS,
        offline_zip_path(config, tmp / "dist"),
        shim=default_shim_path(ROOT / "mkdocs.yml"),
    ).path
    scenario = Scenario(
        origin="fixture_docs/",
        claim_id="kim-100-deaths",
        claim_title="Did Kim Jong Un honour 100 soldiers killed in Kursk?",
        status_label="False",
        source_id="calitoday-nine-deaths",
        fragment="q-420-505",
        quote="Granting state honors to the nine members of the regiment who died during the mission",
        search_word="honoured",
    )
    return scenario, site, bundle


def _require_shim() -> None:
    from generator.publish import default_shim_path

    shim = default_shim_path(ROOT / "mkdocs.yml")
    if not shim.is_file():
        _missing(f"{shim} is missing: run `make vendor` (the iframe-worker shim for file:// search)")


def _missing(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    """The site and the offline bundle, built once per session."""
    _require_shim()
    tmp = tmp_path_factory.mktemp("published")
    scenario, site, zip_path = (_real_build if _renderer_available() else _fixture_build)(tmp)
    unzip_to = tmp / "unzipped"
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(unzip_to)
    (bundle,) = [p for p in unzip_to.iterdir() if p.is_dir()]
    pages = tuple(sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*.html")))
    return Published(scenario, site, zip_path, bundle, pages)


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
