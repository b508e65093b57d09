"""Golden files: the generated Markdown and data of tests/fixtures/small/.

The fixture (2 sources, 3 claims of which one is a draft) goes through the real
validator and renderer; every generated page and `api/claims.json` must equal
its copy in tests/golden/small/. After an intended change, refresh them with

    pytest tests/test_render_golden.py --update-golden

and review the diff. Only the Markdown pages and `api/claims.json` are pinned:
assets are copies, and other exports have tests of their own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.corpus.pipeline import check
from generator.render.docs import generate_files, render_docs
from generator.render.report_links import ReportChannel
from generator.render.settings import SiteSettings

SETTINGS = SiteSettings(
    site_name="Kursk Claims Fact-Check",
    site_url="https://factcheck.example.org/",
    description="Disputed claims checked against the verbatim text of the articles that make them.",
    publisher_name="Factcheck editors",
    publisher_url="https://factcheck.example.org/",
    corrections=ReportChannel(email="corrections@factcheck.example.org"),
)


@pytest.fixture(scope="module")
def fixture_dir(repo_root: Path) -> Path:
    return repo_root / "tests" / "fixtures" / "small" / "content"


@pytest.fixture(scope="module")
def golden_dir(repo_root: Path) -> Path:
    return repo_root / "tests" / "golden" / "small"


GOLDEN_DATA = ("api/claims.json",)
"""Besides every Markdown page, the data files whose bytes are pinned here."""


def generated_pages(fixture_dir: Path) -> dict[str, bytes]:
    files = generate_files(check(fixture_dir), SETTINGS)
    return {
        path: data for path, data in files.items() if path.endswith(".md") or path in GOLDEN_DATA
    }


def golden_files(golden_dir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(golden_dir).as_posix(): path.read_bytes()
        for path in sorted(golden_dir.rglob("*"))
        if path.is_file()
    }


def update(golden_dir: Path, files: dict[str, bytes]) -> None:
    for stale in set(golden_files(golden_dir)) - set(files):
        (golden_dir / stale).unlink()
    for path, data in files.items():
        target = golden_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def test_generated_files_match_the_golden_copies(
    fixture_dir: Path, golden_dir: Path, request: pytest.FixtureRequest
) -> None:
    files = generated_pages(fixture_dir)
    if request.config.getoption("--update-golden"):
        update(golden_dir, files)
    golden = golden_files(golden_dir)
    assert sorted(files) == sorted(golden), "generated and golden file lists differ"
    for path, data in files.items():
        assert data.decode("utf-8") == golden[path].decode("utf-8"), (
            f"{path} differs from its golden copy"
        )


def test_the_fixture_has_what_the_golden_files_should_show(fixture_dir: Path) -> None:
    corpus = check(fixture_dir)
    assert len(corpus.sources) == 2
    assert len(corpus.claims) == 3
    assert [c.id for c in corpus.claims if c.claim.draft] == ["unpublished-area-claim"]


def test_the_draft_is_absent_from_the_golden_files(golden_dir: Path) -> None:
    text = "\n".join(data.decode("utf-8") for data in golden_files(golden_dir).values())
    assert "unpublished" not in text


@pytest.mark.slow
def test_the_fixture_builds_strictly_with_mkdocs_and_carries_claimreview(
    fixture_dir: Path, repo_root: Path, tmp_path: Path
) -> None:
    """Every link and anchor the pages use resolves (MkDocs validates them, strict),
    and the theme override prints each claim's ClaimReview intact, once."""
    from generator.publish.publisher import run_build

    docs, site = tmp_path / "docs", tmp_path / "site"
    render_docs(check(fixture_dir), docs, SETTINGS)
    run_build(
        repo_root / "mkdocs.yml",
        {"docs_dir": str(docs), "site_dir": str(site)},
        strict=True,
        dirty=False,
        build_date=None,
    )
    for claim_id in ("kim-honoured-100-dead", "deployment-lasted-120-days"):
        page = (site / "claims" / claim_id / "index.html").read_text(encoding="utf-8")
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        assert len(scripts) == 1
        review = json.loads(scripts[0])
        assert review["@type"] == "ClaimReview"
        assert review["url"] == f"https://factcheck.example.org/claims/{claim_id}/"
    for other in ("index.html", "claims/index.html", "sources/calitoday-sappers-return/index.html"):
        assert "application/ld+json" not in (site / other).read_text(encoding="utf-8")
    assert json.loads((site / "api" / "claims.json").read_text(encoding="utf-8"))
    assert (site / "assets" / "factcheck.css").is_file()
