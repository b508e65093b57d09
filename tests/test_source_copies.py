"""Our copy of each source, and the archived copies of the original, as the site publishes them:
the fingerprint (SHA-256 of `api/sources/<id>.txt`) on the page and in every export, the
archived copies beside the original and in ClaimReview, the corrections to a text on its
page and in the feed.

The articles, their addresses and captures are invented (example.org).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import html
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from contentkit import CLAIM, SOURCE, TEST_SETTINGS, write_content

from generator.commands.build import content_date as build_date
from generator.corpus.pipeline import check
from generator.render.docs import generate_files
from generator.render.exports import SOURCES, content_date
from generator.render.source_copies import text_sha256

ORIGINAL = "https://example.org/news/regiment-returns"
WAYBACK = f"https://web.archive.org/web/20251212093000/{ORIGINAL}"
PERMA = "https://perma.cc/ABCD-1234"
ATOM = "{http://www.w3.org/2005/Atom}"
SOURCE_WITH_COPIES = SOURCE.replace(
    "retrieved: unknown\n",
    f"url: {ORIGINAL}\nretrieved: 2025-12-12\narchived:\n"
    f"  - url: {PERMA}\n    date: 2025-12-14\n"
    f"  - url: {WAYBACK}\n    date: 2025-12-12\n"
    "corrections:\n"
    "  - date: 2026-11-25\n    typo: true\n    note: A slip of ours in paragraph 2 is fixed.\n"
    "  - date: 2026-11-30\n    note: The third paragraph, left out at first, was added.\n",
)
CLAIM_APPEARING = CLAIM.replace("status: mostly-true", "status: mostly-true\nappears_in: [article]")


@pytest.fixture
def files(tmp_path: Path) -> dict[str, bytes]:
    content = write_content(
        tmp_path, {"served-120-days.yaml": CLAIM_APPEARING}, {"article.md": SOURCE_WITH_COPIES}
    )
    return generate_files(check(content), TEST_SETTINGS)


def sha256_of_text(files: dict[str, bytes]) -> str:
    return hashlib.sha256(files["api/sources/article.txt"]).hexdigest()


def front_matter(page: bytes) -> dict[str, str]:
    return yaml.safe_load(page.decode("utf-8").split("---\n")[1])


# -- the source page ---------------------------------------------------------------------


def said(files) -> str:
    """The source page's Markdown with character references resolved: our words'
    punctuation is written as references (`Our copy&#58;`), the same text once parsed."""
    return html.unescape(files["sources/article.md"].decode("utf-8"))


def test_the_page_shows_the_archived_copies_beside_the_original(files):
    lines = said(files).splitlines()
    original = next(i for i, line in enumerate(lines) if line.startswith("- **Original:**"))
    assert lines[original + 1 : original + 3] == [
        f'- **Archived copy:** <a class="fc-external" href="{WAYBACK}" rel="nofollow noopener">Wayback Machine</a>, captured <time datetime="2025-12-12">12 December 2025</time>',
        f'- **Archived copy:** <a class="fc-external" href="{PERMA}" rel="nofollow noopener">Perma.cc</a>, captured <time datetime="2025-12-14">14 December 2025</time>',
    ]


def test_the_page_shows_the_fingerprint_of_the_plain_text(files):
    page = said(files)
    assert (
        f'- **Our copy:** SHA-256 <code class="fc-fingerprint">{sha256_of_text(files)}</code> of '
        "[its plain text](../api/sources/article.txt) ([how to check it](../data.md#fingerprints))"
    ) in page


def test_the_page_lists_the_corrections_to_the_text(files):
    page = said(files)
    assert (
        '- **Corrected <time datetime="2026-11-25">25 November 2026</time>:** Typo fixed in our copy. '
        "A slip of ours in paragraph 2 is fixed."
    ) in page
    assert (
        '- **Corrected <time datetime="2026-11-30">30 November 2026</time>:** Text corrected. '
        "The third paragraph, left out at first, was added."
    ) in page
    assert front_matter(files["sources/article.md"])["lastmod"] == "2026-11-30"


def test_a_source_without_copies_shows_only_its_fingerprint(tmp_path):
    files = generate_files(check(write_content(tmp_path)), TEST_SETTINGS)
    page = files["sources/article.md"].decode("utf-8")
    assert "Archived copy" not in page and "Corrected" not in page
    assert f'<code class="fc-fingerprint">{sha256_of_text(files)}</code>' in page


def test_a_draft_has_no_fingerprint_in_the_preview(tmp_path):
    draft = SOURCE_WITH_COPIES.replace("language: en\n", "language: en\ndraft: true\n")
    content = write_content(tmp_path, {}, {"article.md": draft})
    preview = dataclasses.replace(TEST_SETTINGS, include_drafts=True)
    files = generate_files(check(content), preview)
    page = files["sources/article.md"].decode("utf-8")
    assert "Our copy" not in page and "api/sources/article.txt" not in files
    assert "Archived copy" in page  # the captures are public already
    assert json.loads(files[SOURCES]) == []


# -- the exports ----------------------------------------------------------------------------


def test_the_sources_export(files):
    (record,) = json.loads(files[SOURCES])
    assert record == {
        "id": "article",
        "url": "https://checks.example.org/sources/article/",
        "title": "A test article",
        "outlet": "Test Outlet",
        "author": None,
        "published": "2025-12-12",
        "original_url": ORIGINAL,
        "archived": [
            {"url": WAYBACK, "date": "2025-12-12", "archive": "Wayback Machine"},
            {"url": PERMA, "date": "2025-12-14", "archive": "Perma.cc"},
        ],
        "retrieved": "2025-12-12",
        "language": "en",
        "text_url": "https://checks.example.org/api/sources/article.txt",
        "text_sha256": sha256_of_text(files),
        "corrections": [
            {"date": "2026-11-25", "typo": True, "note": "A slip of ours in paragraph 2 is fixed."},
            {
                "date": "2026-11-30",
                "typo": False,
                "note": "The third paragraph, left out at first, was added.",
            },
        ],
        "kind": "article",
        "files": [],
    }


def test_annotations_carry_the_fingerprint_of_their_target(files):
    collection = json.loads(files["api/annotations.jsonld"])
    assert collection["@context"] == [
        "http://www.w3.org/ns/anno.jsonld",
        {"sha256": "https://schema.org/sha256"},
    ]
    (annotation,) = collection["first"]["items"]
    assert annotation["target"]["source"]["sha256"] == sha256_of_text(files)


def test_claimreview_appearance_carries_our_copy_and_the_archived_ones(files):
    page_review = json.loads(front_matter(files["claims/served-120-days.md"])["claimreview"])
    (review,) = json.loads(files["api/claimreview.json"])
    assert review == page_review
    (appearance,) = review["itemReviewed"]["appearance"]
    assert appearance["url"] == ORIGINAL
    assert appearance["archivedAt"] == [
        {
            "@type": "WebPage",
            "url": "https://checks.example.org/sources/article/",
            "encoding": {
                "@type": "MediaObject",
                "contentUrl": "https://checks.example.org/api/sources/article.txt",
                "encodingFormat": "text/plain; charset=utf-8",
                "sha256": sha256_of_text(files),
            },
        },
        WAYBACK,
        PERMA,
    ]


def test_the_feed_tells_of_corrections_to_a_source(files):
    feed = ET.fromstring(files["feed.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "tag:checks.example.org,2026-11-25:source:article",  # updated 2026-11-30
        "tag:checks.example.org,2026-11-23:claim:served-120-days",
    ]
    source = entries[0]
    assert source.findtext(f"{ATOM}title") == "Source text corrected: A test article"
    assert source.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00Z"
    assert source.findtext(f"{ATOM}published") == "2026-11-25T00:00:00Z"
    assert source.find(f"{ATOM}link").get("href") == "https://checks.example.org/sources/article/"
    assert source.find(f"{ATOM}category").get("term") == "source-correction"
    assert source.findtext(f"{ATOM}summary") == (
        "Text corrected: The third paragraph, left out at first, was added."
    )
    assert source.findtext(f"{ATOM}content") == (
        "<p>Our copy of this source's text was corrected:</p><ul>"
        "<li>2026-11-25, typo fixed in our copy: A slip of ours in paragraph 2 is fixed.</li>"
        "<li>2026-11-30, text corrected: The third paragraph, left out at first, was added.</li></ul>"
    )
    assert feed.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00Z"


def test_a_corrected_source_dates_the_build(tmp_path):
    corpus = check(
        write_content(
            tmp_path, {"served-120-days.yaml": CLAIM_APPEARING}, {"article.md": SOURCE_WITH_COPIES}
        )
    )
    assert content_date(corpus) == build_date(corpus) == dt.date(2026, 11, 30)


def test_the_fingerprint_is_of_the_utf8_bytes():
    assert text_sha256("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert text_sha256("é") == hashlib.sha256("é".encode()).hexdigest()
