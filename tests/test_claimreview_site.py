"""ClaimReview JSON-LD, parsed from the HTML of a real build of the shipped content."""

import hashlib
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.corpus.pipeline import check
from generator.corpus.scale import BEST_RATING, WORST_RATING, verdict
from generator.render.settings import load_settings

ROOT = Path(__file__).parents[1]


class _JsonLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.blocks[-1] += data


@pytest.fixture(scope="module")
def built(shipped_site):
    return check(ROOT / "content"), shipped_site, load_settings(ROOT / "mkdocs.yml")


def test_every_claim_page_carries_one_complete_claimreview(built):
    corpus, site, settings = built
    assert corpus.published_claims
    for doc in corpus.published_claims:
        parser = _JsonLd()
        parser.feed((site / "claims" / doc.id / "index.html").read_text(encoding="utf-8"))
        assert len(parser.blocks) == 1, doc.id
        review = json.loads(parser.blocks[0])
        claim, scale = doc.claim, verdict(doc.claim.status)
        assert review["@context"] == "https://schema.org"
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim.claim
        assert review["url"] == f"{settings.site_url}claims/{doc.id}/"
        assert review["datePublished"] == claim.published.isoformat()
        assert review["author"] == {
            "@type": "Organization",
            "name": settings.publisher_name,
            "url": settings.publisher_url,
        }
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == scale.label
        if scale.rating is None:
            assert "ratingValue" not in rating
        else:
            assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (
                scale.rating,
                BEST_RATING,
                WORST_RATING,
            )
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["name"] == claim.claimant
        appearances = item.get("appearance", [])
        assert [a.get("url") for a in appearances] == [
            corpus.source(s).meta.url for s in claim.appears_in
        ]
        assert [a["archivedAt"][0]["url"] for a in appearances] == [
            f"{settings.site_url}sources/{s}/" for s in claim.appears_in
        ]
        for appearance, source_id in zip(appearances, claim.appears_in, strict=True):
            text = site / "api" / "sources" / f"{source_id}.txt"
            encoding = appearance["archivedAt"][0]["encoding"]
            assert encoding["contentUrl"] == f"{settings.site_url}api/sources/{source_id}.txt"
            assert encoding["sha256"] == hashlib.sha256(text.read_bytes()).hexdigest()
            assert appearance["archivedAt"][1:] == [
                c.url for c in sorted(corpus.source(source_id).meta.archived, key=lambda c: c.date)
            ]


def _people(value: object) -> list[dict[str, object]]:
    """Every `author` and `publisher` object anywhere in a JSON-LD value."""
    found: list[dict[str, object]] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            if key in ("author", "publisher"):
                found.extend(inner if isinstance(inner, list) else [inner])
            found.extend(_people(inner))
    elif isinstance(value, list):
        for inner in value:
            found.extend(_people(inner))
    return found


def test_every_author_and_publisher_is_a_typed_organization_or_person(built):
    corpus, site, _settings = built
    reviews = json.loads((site / "api" / "claimreview.json").read_text(encoding="utf-8"))
    people = _people(reviews)
    assert len(people) > len(reviews)  # the reviewers, the claimants and the outlets
    for person in people:
        assert person["@type"] in ("Organization", "Person"), person
        assert isinstance(person["name"], str) and person["name"] and person["name"] != "unknown", (
            person
        )
    person_claims = {
        d.claim.claimant for d in corpus.published_claims if d.claim.claimant_type == "person"
    }
    for review in reviews:
        author = review["itemReviewed"]["author"]
        assert author["@type"] == ("Person" if author["name"] in person_claims else "Organization")


def test_the_published_claimreview_list_is_what_the_pages_carry(built):
    corpus, site, _settings = built
    on_pages = []
    for doc in sorted(corpus.published_claims, key=lambda d: d.id):
        parser = _JsonLd()
        parser.feed((site / "claims" / doc.id / "index.html").read_text(encoding="utf-8"))
        on_pages.append(json.loads(parser.blocks[0]))
    assert json.loads((site / "api" / "claimreview.json").read_text(encoding="utf-8")) == on_pages


def test_unrated_and_rated_statuses_both_occur_in_the_shipped_content(built):
    ratings = {verdict(d.claim.status).rating is None for d in built[0].published_claims}
    assert ratings == {True, False}
