"""The exports, each loaded with a real parser and checked against the content.

Atom with feedparser (bozo must be 0) and ElementTree; ClaimReview against the
claim pages' own JSON-LD; FEVER JSONL line by line; Web Annotations against the
source texts their selectors point into. Drafts are left out of every one.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.exports import (
    ANNO_CONTEXT,
    ANNOTATIONS,
    CLAIMREVIEW,
    EXPORTS,
    FEED,
    FEVER,
    SELECTOR_CONTEXT,
    export_files,
)
from generator.models import Corpus
from generator.normalize import normalise_quote
from generator.render import generate_files
from generator.render_data import ITEMS_PLACEHOLDER, pretty_json_filled
from generator.settings import SiteSettings
from generator.validate import check

ATOM = "{http://www.w3.org/2005/Atom}"
SETTINGS = SiteSettings(
    site_name="Kursk Claims Fact-Check",
    site_url="https://factcheck.example.org/",
    description="Disputed claims checked.",
    publisher_name="Factcheck editors",
    publisher_url="https://factcheck.example.org/",
)


@pytest.fixture(scope="module", params=["content", "tests/fixtures/small/content"])
def corpus(request: pytest.FixtureRequest, repo_root: Path) -> Corpus:
    """The shipped content, and the small fixture (which has a draft)."""
    return check(repo_root / request.param)


@pytest.fixture(scope="module")
def files(corpus: Corpus) -> dict[str, str]:
    return {path: data.decode("utf-8") for path, data in export_files(corpus, SETTINGS).items()}


def published_citations(corpus: Corpus) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (doc.id, citation.source, anchor.start, anchor.end, citation.stance.value)
        for doc in corpus.published_claims
        for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True)
    )


def test_every_export_is_there(files: dict[str, str]) -> None:
    assert sorted(files) == sorted(EXPORTS)
    assert all(text.endswith("\n") for text in files.values())


def test_the_atom_feed_is_valid_and_lists_the_published_claims(corpus: Corpus, files: dict[str, str]) -> None:
    parsed = feedparser.parse(files[FEED])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    published = sorted(corpus.published_claims, key=lambda d: (-d.claim.updated.toordinal(), d.id))
    assert [e.link for e in parsed.entries] == [
        f"https://factcheck.example.org/claims/{doc.id}/" for doc in published
    ]
    newest = max(
        [d for doc in corpus.published_claims for d in (doc.claim.updated, doc.claim.published)]
        + [c.date for doc in corpus.published_claims for c in doc.claim.corrections]
    )
    assert parsed.feed.updated == f"{newest.isoformat()}T00:00:00Z"
    for entry, doc in zip(parsed.entries, published, strict=True):
        assert entry.title == doc.claim.question
        assert entry.updated == f"{doc.claim.updated.isoformat()}T00:00:00Z"
        assert entry.published == f"{doc.claim.published.isoformat()}T00:00:00Z"
        assert entry.id.startswith("tag:factcheck.example.org,") and entry.id.endswith(f":claim:{doc.id}")
        for correction in doc.claim.corrections:
            assert f"{correction.date.isoformat()}: {correction.note.split()[0]}" in entry.content[0].value
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_the_atom_feed_has_what_the_spec_requires(files: dict[str, str]) -> None:
    root = ET.fromstring(files[FEED].encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{required}") is not None, required
    self_link = [link for link in root.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_link] == ["https://factcheck.example.org/feed.xml"]
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated", "link", "summary", "content"):
            assert entry.find(f"{ATOM}{required}") is not None, required
        dt.datetime.fromisoformat(entry.findtext(f"{ATOM}updated", "").replace("Z", "+00:00"))


def test_claimreview_list_is_the_claim_pages_json_ld(corpus: Corpus, files: dict[str, str]) -> None:
    reviews = json.loads(files[CLAIMREVIEW])
    pages = generate_files(corpus, SETTINGS)
    on_pages = []
    for doc in sorted(corpus.published_claims, key=lambda d: d.id):
        text = pages[f"claims/{doc.id}.md"].decode("utf-8")
        front = yaml.safe_load(text.split("---\n")[1])
        on_pages.append(json.loads(front["claimreview"]))
    assert reviews == on_pages
    assert all(r["@type"] == "ClaimReview" and r["@context"] == "https://schema.org" for r in reviews)


def test_fever_lines_cover_every_citation_with_verbatim_evidence(corpus: Corpus, files: dict[str, str]) -> None:
    lines = files[FEVER].splitlines()
    records = [json.loads(line) for line in lines]
    sources = {s.id: s for s in corpus.sources}
    claims = {doc.id: doc for doc in corpus.published_claims}
    assert sorted(
        (r["claim_id"], r["evidence"][0][0], *r["evidence_span"], r["stance"]) for r in records
    ) == published_citations(corpus)
    assert len({r["id"] for r in records}) == len(records)
    assert records == sorted(records, key=lambda r: (r["claim_id"], r["evidence"][0][0], *r["evidence_span"]))
    labels = {"supports": "SUPPORTS", "refutes": "REFUTES", "context": "NOT ENOUGH INFO"}
    for record in records:
        ((source_id, paragraph, quote),) = record["evidence"]
        start, end = record["evidence_span"]
        body = sources[source_id].body
        assert quote == body[start:end]
        para = sources[source_id].paragraphs[paragraph - 1]
        assert para.start <= start < para.end
        doc = claims[record["claim_id"]]
        assert record["claim"] == doc.claim.claim
        assert record["label"] == labels[record["stance"]]
        assert record["verifiable"] == ("NOT VERIFIABLE" if record["stance"] == "context" else "VERIFIABLE")
        quoted = {normalise_quote(c.quote) for c in doc.claim.citations if c.source == source_id}
        assert normalise_quote(quote) in quoted


def test_web_annotations_select_exactly_the_quoted_passages(corpus: Corpus, files: dict[str, str]) -> None:
    collection = json.loads(files[ANNOTATIONS])
    assert collection["@context"] == ANNO_CONTEXT
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(published_citations(corpus))
    assert len({a["id"] for a in items}) == len(items)
    sources = {s.id: s for s in corpus.sources}
    by_url = {
        (s.meta.url or f"https://factcheck.example.org/sources/{s.id}/"): s for s in corpus.sources
    }
    seen = []
    for annotation in items:
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "assessing"
        target = annotation["target"]
        source = by_url[target["source"]]
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        body = source.body
        start, end = position["start"], position["end"]
        assert quote["exact"] == body[start:end]
        assert quote["prefix"] == body[max(0, start - SELECTOR_CONTEXT) : start]
        assert quote["suffix"] == body[end : end + SELECTOR_CONTEXT]
        assessing, _comment, link = annotation["body"]
        assert assessing["purpose"] == "assessing" and assessing["value"] in ("supports", "refutes", "context")
        assert link["purpose"] == "linking"
        claim_id = link["source"].removeprefix("https://factcheck.example.org/claims/").rstrip("/")
        seen.append((claim_id, source.id, start, end, assessing["value"]))
    assert sorted(seen) == published_citations(corpus)
    assert sources  # the corpus has sources to point into


def test_drafts_are_left_out_everywhere(repo_root: Path) -> None:
    corpus = check(repo_root / "tests" / "fixtures" / "small" / "content")
    drafts = [doc for doc in corpus.claims if doc.claim.draft]
    assert drafts, "the small fixture has a draft claim"
    text = "".join(data.decode("utf-8") for data in export_files(corpus, SETTINGS).values())
    for doc in drafts:
        assert doc.id not in text
        assert doc.claim.question not in text


def test_same_content_same_bytes_whatever_the_hash_seed(repo_root: Path) -> None:
    """Nothing depends on set or dict order that varies between runs."""
    script = (
        "import hashlib, sys; from pathlib import Path; from generator.validate import check; "
        "from generator.exports import export_files; from generator.extras import extra_page_files; "
        "from generator.settings import load_settings; corpus = check(Path('content')); "
        "files = export_files(corpus, load_settings(Path('mkdocs.yml'))) | extra_page_files(corpus); "
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script], cwd=repo_root, check=True, capture_output=True, text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=12,
)


@given(st.lists(_JSON_VALUES, max_size=5), _JSON_VALUES)
def test_filling_an_outline_item_by_item_gives_the_same_bytes_as_encoding_it_whole(items: list[object], other: object) -> None:
    whole = {"other": other, "first": {"items": items}, "after": [other]}
    outline = {"other": other, "first": {"items": [ITEMS_PLACEHOLDER] * min(1, len(items))}, "after": [other]}
    assert pretty_json_filled(outline, iter(items)) == (json.dumps(whole, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def test_web_annotations_of_a_site_with_nothing_published_are_an_empty_collection(tmp_path: Path) -> None:
    from contentkit import claim_with, write_content

    corpus = check(write_content(tmp_path, claims={"c.yaml": claim_with() + "draft: true\n"}))
    text = export_files(corpus, SETTINGS)[ANNOTATIONS].decode("utf-8")
    collection = json.loads(text)
    assert collection["total"] == 0 and collection["first"]["items"] == []
    assert '"items": []' in text
