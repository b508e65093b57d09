"""The exports, each loaded with a real parser and checked against the content.

Atom with feedparser (bozo must be 0) and ElementTree; ClaimReview against the
claim pages' own JSON-LD; FEVER JSONL line by line, against a JSON Schema of the
documented record; Web Annotations against the published plain-text files their
selectors point into. Drafts are left out of every one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from generator.corpus.models import Corpus
from generator.corpus.pipeline import check
from generator.corpus.scale import Stance
from generator.render.docs import generate_files
from generator.render.exports import (
    ANNO_CONTEXT,
    ANNOTATIONS,
    CLAIMREVIEW,
    EXPORTS,
    FEED,
    FEVER,
    SELECTOR_CONTEXT,
    export_files,
)
from generator.render.settings import SiteSettings
from generator.render.structured_data import ITEMS_PLACEHOLDER, pretty_json_filled

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


def test_every_export_is_there(corpus: Corpus, files: dict[str, str]) -> None:
    texts = {f"api/sources/{s.id}.txt" for s in corpus.published_sources}
    assert sorted(files) == sorted([*EXPORTS, *texts])
    assert all(files[name].endswith("\n") for name in EXPORTS)


def test_each_published_source_is_published_as_exactly_its_text(corpus: Corpus) -> None:
    """The plain-text copy is the body, byte for byte: no front matter, nothing added."""
    exported = export_files(corpus, SETTINGS)
    for source in corpus.published_sources:
        assert exported[f"api/sources/{source.id}.txt"] == source.body.encode("utf-8")


def test_the_atom_feed_is_valid_and_lists_the_published_claims(
    corpus: Corpus, files: dict[str, str]
) -> None:
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
        assert entry.id.startswith("tag:factcheck.example.org,") and entry.id.endswith(
            f":claim:{doc.id}"
        )
        for correction in doc.claim.corrections:
            assert (
                f"{correction.date.isoformat()}: {correction.note.split()[0]}"
                in entry.content[0].value
            )
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
    assert all(
        r["@type"] == "ClaimReview" and r["@context"] == "https://schema.org" for r in reviews
    )


_NULL4 = {"type": "array", "prefixItems": [{"type": "null"}] * 4, "items": False}
_PASSAGE_EVIDENCE = {
    "type": "array",
    "prefixItems": [
        {"type": "null"},
        {"type": "null"},
        {"type": "string"},
        {"type": "integer", "minimum": 1},
    ],
    "items": False,
}
FEVER_RECORD = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "id",
        "verifiable",
        "label",
        "claim",
        "evidence",
        "verdict",
        "claim_url",
        "evidence_passages",
        "references",
    ],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string"},
        "verifiable": {"enum": ["VERIFIABLE", "NOT VERIFIABLE"]},
        "label": {"enum": ["SUPPORTS", "REFUTES", "NOT ENOUGH INFO"]},
        "claim": {"type": "string", "minLength": 1},
        "evidence": {
            "type": "array",
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {"anyOf": [_NULL4, _PASSAGE_EVIDENCE]},
            },
        },
        "verdict": {
            "enum": [
                "true",
                "mostly-true",
                "mixed",
                "mostly-false",
                "false",
                "misleading",
                "unproven",
            ]
        },
        "claim_url": {"type": "string", "format": "uri"},
        "evidence_passages": {
            "type": "array",
            "items": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["source", "paragraph", "start", "end", "text", "stance", "url"],
                    "additionalProperties": False,
                    "properties": {
                        "source": {"type": "string"},
                        "paragraph": {"type": "integer", "minimum": 1},
                        "start": {"type": "integer", "minimum": 0},
                        "end": {"type": "integer", "minimum": 0},
                        "text": {"type": "string", "minLength": 1},
                        "stance": {"enum": ["supports", "refutes"]},
                        "url": {"type": "string"},
                    },
                },
            },
        },
        "references": {"type": "array", "items": {"type": "string"}},
    },
}
"""The documented FEVER record (the manual's "The data exports", docs/manual/exports.md)."""

FEVER_LABEL_OF = {
    "true": "SUPPORTS",
    "mostly-true": "SUPPORTS",
    "false": "REFUTES",
    "mostly-false": "REFUTES",
    "mixed": "NOT ENOUGH INFO",
    "misleading": "NOT ENOUGH INFO",
    "unproven": "NOT ENOUGH INFO",
}


def test_the_manual_documents_the_fever_labels():
    """docs/manual/exports.md's table of verdicts and labels is `FEVER_LABEL_OF`."""
    page = Path(__file__).parents[1] / "docs" / "manual" / "exports.md"
    documented = {}
    for verdicts, label in re.findall(
        r"^\| (`[\w-]+`(?:, `[\w-]+`)*) \| `([A-Z ]+)` \|", page.read_text("utf-8"), re.M
    ):
        for verdict in re.findall(r"`([\w-]+)`", verdicts):
            documented[verdict] = label
    assert documented == FEVER_LABEL_OF


def test_fever_has_one_line_per_claim_with_a_claim_level_label(
    corpus: Corpus, files: dict[str, str]
) -> None:
    """FEVER labels claims, not passages: one line per published claim, its label from the verdict."""
    records = [json.loads(line) for line in files[FEVER].splitlines()]
    jsonschema.Draft202012Validator.check_schema(FEVER_RECORD)
    for record in records:
        jsonschema.validate(record, FEVER_RECORD, cls=jsonschema.Draft202012Validator)
    published = sorted(corpus.published_claims, key=lambda d: d.id)
    assert [r["id"] for r in records] == [doc.id for doc in published]
    for record, doc in zip(records, published, strict=True):
        assert record["claim"] == doc.claim.claim
        assert record["verdict"] == doc.claim.status.value
        assert record["label"] == FEVER_LABEL_OF[doc.claim.status.value]
        assert record["verifiable"] == (
            "NOT VERIFIABLE" if record["label"] == "NOT ENOUGH INFO" else "VERIFIABLE"
        )
        assert record["references"] == [r.url for r in doc.claim.references]


def test_fever_evidence_is_the_passages_on_the_side_of_the_label(
    corpus: Corpus, files: dict[str, str]
) -> None:
    """SUPPORTS: every supporting passage, REFUTES: every refuting one, each its own
    evidence set; NOT ENOUGH INFO: FEVER's `[[[null, null, null, null]]]`."""
    sources = {s.id: s for s in corpus.sources}
    claims = {doc.id: doc for doc in corpus.published_claims}
    side = {"SUPPORTS": Stance.SUPPORTS, "REFUTES": Stance.REFUTES}
    for record in (json.loads(line) for line in files[FEVER].splitlines()):
        doc = claims[record["id"]]
        if record["label"] == "NOT ENOUGH INFO":
            assert record["evidence"] == [[[None, None, None, None]]]
            assert record["evidence_passages"] == []
            continue
        wanted = sorted(
            (citation.source, anchor.start, anchor.end)
            for citation, anchor in zip(doc.claim.citations, doc.citation_anchors, strict=True)
            if citation.stance == side[record["label"]]
        )
        passages = [p for (p,) in record["evidence_passages"]]
        assert sorted((p["source"], p["start"], p["end"]) for p in passages) == wanted
        assert record["evidence"] == [[[None, None, p["source"], p["paragraph"]]] for p in passages]
        for passage in passages:
            source = sources[passage["source"]]
            assert passage["text"] == source.body[passage["start"] : passage["end"]]
            paragraph = source.paragraphs[passage["paragraph"] - 1]
            assert paragraph.start <= passage["start"] < paragraph.end
            assert passage["stance"] == side[record["label"]].value
            assert passage["url"] == (
                f"https://factcheck.example.org/sources/{source.id}/#q-{passage['start']}-{passage['end']}"
            )


def test_the_shipped_content_has_every_fever_label(repo_root: Path) -> None:
    records = [
        json.loads(line)
        for line in export_files(check(repo_root / "content"), SETTINGS)[FEVER].splitlines()
    ]
    assert {r["label"] for r in records} == {"SUPPORTS", "REFUTES", "NOT ENOUGH INFO"}
    assert any(r["label"] == "REFUTES" and r["evidence_passages"] for r in records)


def test_web_annotations_select_exactly_the_quoted_passages(
    corpus: Corpus, files: dict[str, str]
) -> None:
    """Each selector holds in the text its target names: the published plain-text copy,
    fetched here from the exports by its URL (W3C: positions count the target's characters)."""
    collection = json.loads(files[ANNOTATIONS])
    assert collection["@context"] == [ANNO_CONTEXT, {"sha256": "https://schema.org/sha256"}]
    assert collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(published_citations(corpus))
    assert len({a["id"] for a in items}) == len(items)
    sources = {s.id: s for s in corpus.sources}
    site = "https://factcheck.example.org/"
    seen = []
    for annotation in items:
        assert annotation["type"] == "Annotation" and annotation["motivation"] == "assessing"
        target = annotation["target"]
        assert target["type"] == "SpecificResource"
        text_file = target["source"]
        assert text_file["type"] == "Text" and text_file["format"] == "text/plain"
        assert text_file["id"].startswith(site)
        target_text = files[text_file["id"].removeprefix(site)]
        source_id = text_file["id"].removeprefix(f"{site}api/sources/").removesuffix(".txt")
        source = sources[source_id]
        assert text_file["language"] == source.meta.language
        assert text_file["sha256"] == hashlib.sha256(target_text.encode("utf-8")).hexdigest()
        assert text_file.get("via") == source.meta.url
        assert target["scope"] == f"{site}sources/{source_id}/"
        quote, position = target["selector"]
        assert quote["type"] == "TextQuoteSelector" and position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert target_text[start:end] == quote["exact"]
        assert quote["prefix"] == target_text[max(0, start - SELECTOR_CONTEXT) : start]
        assert quote["suffix"] == target_text[end : end + SELECTOR_CONTEXT]
        assessing, _comment, link = annotation["body"]
        assert assessing["purpose"] == "assessing" and assessing["value"] in (
            "supports",
            "refutes",
            "context",
        )
        assert link["purpose"] == "linking"
        claim_id = link["source"].removeprefix(f"{site}claims/").rstrip("/")
        seen.append((claim_id, source.id, start, end, assessing["value"]))
    assert sorted(seen) == published_citations(corpus)


def test_web_annotation_positions_count_code_points_not_utf16_units(tmp_path: Path) -> None:
    """W3C: positions count Unicode code points. An emoji (two UTF-16 units, four UTF-8
    bytes) before the quote moves it by one."""
    from contentkit import CLAIM, source_with, write_content

    content = write_content(
        tmp_path,
        sources={
            "article.md": source_with(
                "T", "O", "\U0001f600 Kim honoured 100 soldiers in Pyongyang."
            )
        },
        claims={
            "c.yaml": CLAIM.replace("returned in December after 120 days", "honoured 100 soldiers")
        },
    )
    exported = export_files(check(content), SETTINGS)
    (annotation,) = json.loads(exported[ANNOTATIONS])["first"]["items"]
    position = annotation["target"]["selector"][1]
    text = exported["api/sources/article.txt"].decode("utf-8")
    assert (position["start"], position["end"]) == (6, 27)
    assert text[position["start"] : position["end"]] == "honoured 100 soldiers"


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
        "import hashlib, sys; from pathlib import Path; from generator.corpus.pipeline import check; "
        "from generator.render.exports import export_files; from generator.render.matrix_timeline_pages import extra_page_files; "
        "from generator.render.settings import load_settings; corpus = check(Path('content')); "
        "files = export_files(corpus, load_settings(Path('mkdocs.yml'))) | extra_page_files(corpus); "
        "print(hashlib.sha256(repr(sorted(files.items())).encode()).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", script],
            cwd=repo_root,
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(digests) == 1


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.lists(_JSON_VALUES, max_size=5), _JSON_VALUES)
def test_filling_an_outline_item_by_item_gives_the_same_bytes_as_encoding_it_whole(
    items: list[object], other: object
) -> None:
    whole = {"other": other, "first": {"items": items}, "after": [other]}
    outline = {
        "other": other,
        "first": {"items": [ITEMS_PLACEHOLDER] * min(1, len(items))},
        "after": [other],
    }
    assert pretty_json_filled(outline, iter(items)) == (
        json.dumps(whole, ensure_ascii=False, indent=2) + "\n"
    ).encode("utf-8")


def test_web_annotations_of_a_site_with_nothing_published_are_an_empty_collection(
    tmp_path: Path,
) -> None:
    from contentkit import claim_with, write_content

    corpus = check(write_content(tmp_path, claims={"c.yaml": claim_with() + "draft: true\n"}))
    text = export_files(corpus, SETTINGS)[ANNOTATIONS].decode("utf-8")
    collection = json.loads(text)
    assert collection["total"] == 0 and collection["first"]["items"] == []
    assert '"items": []' in text
