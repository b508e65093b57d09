"""The matrix and timeline pages in a real, strict MkDocs build of the shipped content.

MkDocs validates every link and anchor (strict), so each link to a quote
(`sources/<id>.md#q-START-END`) must land on an id the source page has. The build
is the session's one of the shipped content (conftest's `shipped_build`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.corpus.pipeline import check

pytestmark = pytest.mark.slow


def test_the_pages_build_strictly_and_every_quote_link_lands(
    repo_root: Path, shipped_site: Path
) -> None:
    corpus = check(repo_root / "content")
    site = shipped_site
    matrix = (site / "matrix" / "index.html").read_text(encoding="utf-8")
    timeline = (site / "timeline" / "index.html").read_text(encoding="utf-8")
    for page in (matrix, timeline):
        links = re.findall(r'href="\.\./sources/([a-z0-9-]+)/#(q-\d+-\d+)"', page)
        assert links
        for source_id, fragment in links:
            source_page = (site / "sources" / source_id / "index.html").read_text(encoding="utf-8")
            assert f'id="{fragment}"' in source_page, (source_id, fragment)
    cited = {
        (c.source, a.fragment)
        for doc in corpus.published_claims
        for c, a in zip(doc.claim.citations, doc.citation_anchors, strict=True)
    }
    assert set(re.findall(r'href="\.\./sources/([a-z0-9-]+)/#(q-\d+-\d+)"', matrix)) == cited
