"""The matrix and timeline pages in a real, strict MkDocs build of the shipped content.

MkDocs validates every link and anchor (strict), so each link to a quote
(`sources/<id>.md#q-START-END`) must land on an id the source page has. The
pages are added to a copy of mkdocs.yml's `not_in_nav` here, as they must be
in mkdocs.yml itself before `generator.render` can publish them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from generator.extras import extra_page_files
from generator.render import render_docs
from generator.settings import load_settings
from generator.validate import check

pytestmark = pytest.mark.slow


def test_the_pages_build_strictly_and_every_quote_link_lands(
    repo_root: Path, tmp_path: Path
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    corpus = check(repo_root / "content")
    docs, site = tmp_path / "docs", tmp_path / "site"
    render_docs(corpus, docs, load_settings(repo_root / "mkdocs.yml"))
    for path, data in extra_page_files(corpus).items():
        (docs / path).write_bytes(data)
    raw = yaml.safe_load((repo_root / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["theme"]["custom_dir"] = str(repo_root / raw["theme"]["custom_dir"])
    raw["not_in_nav"] = raw.get("not_in_nav", "") + "\n/matrix.md\n/timeline.md\n"
    config = tmp_path / "mkdocs.yml"
    config.write_text(yaml.safe_dump(raw), encoding="utf-8")
    build(load_config(str(config), docs_dir=str(docs), site_dir=str(site), strict=True))

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
