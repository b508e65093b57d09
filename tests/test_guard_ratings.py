"""Every verdict's ClaimReview rating and FEVER label, against tables written by hand.

A mutation spot-check (issue 18) found that a wrong rating or FEVER label was caught
only by the golden files, which `--update-golden` rewrites without a second look.
The tables below copy the documented scale (README: "`true` 5, `mostly-true` 4,
`mixed` 3, `mostly-false` 2, `false` 1, and the unrated `misleading` and
`unproven`"; FEVER: `true` and `mostly-true` are SUPPORTS, `false` and
`mostly-false` REFUTES, the rest NOT ENOUGH INFO), never the code's own constants.
The values read back come from rendering a small content folder with one claim of
each status: the claim page's JSON-LD, api/claimreview.json, api/claims.json and
api/fever.jsonl.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from contentkit import TEST_SETTINGS, claim_with, write_content

from generator.corpus.pipeline import check
from generator.render.docs import generate_files

# status -> (label readers see, ratingValue or None when unrated)
RATING = {
    "true": ("True", 5),
    "mostly-true": ("Mostly true", 4),
    "mixed": ("Mixed", 3),
    "mostly-false": ("Mostly false", 2),
    "false": ("False", 1),
    "misleading": ("Misleading", None),
    "unproven": ("Unproven", None),
}

FEVER = {
    "true": "SUPPORTS",
    "mostly-true": "SUPPORTS",
    "mostly-false": "REFUTES",
    "false": "REFUTES",
    "mixed": "NOT ENOUGH INFO",
    "misleading": "NOT ENOUGH INFO",
    "unproven": "NOT ENOUGH INFO",
}

CITATIONS = """\
citations:
  - source: article
    quote: returned in December after 120 days
    stance: supports
  - source: article
    quote: Kim said
    stance: refutes
"""

# FEVER's evidence for each label: the passages on its side (source id, paragraph).
EVIDENCE = {
    "SUPPORTS": [[[None, None, "article", 1]]],
    "REFUTES": [[[None, None, "article", 2]]],
    "NOT ENOUGH INFO": [[[None, None, None, None]]],
}


def claim_file(status: str) -> str:
    text = claim_with(status=f"status: '{status}'")
    head, _, rest = text.partition("citations:\n")
    return head + CITATIONS + rest.split("    stance: supports\n", 1)[1]


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    content = write_content(
        tmp_path_factory.mktemp("ratings"),
        {f"claim-{status}.yaml": claim_file(status) for status in RATING},
    )
    return generate_files(check(content), TEST_SETTINGS)


def page_review(files: dict[str, bytes], status: str) -> dict[str, Any]:
    page = files[f"claims/claim-{status}.md"].decode("utf-8")
    front = yaml.safe_load(page.split("---\n", 2)[1])
    review: dict[str, Any] = json.loads(front["claimreview"])
    return review


def expected_rating(status: str) -> dict[str, Any]:
    label, value = RATING[status]
    if value is None:
        return {"@type": "Rating", "alternateName": label}
    return {
        "@type": "Rating",
        "alternateName": label,
        "ratingValue": value,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_the_tables_cover_the_seven_statuses() -> None:
    assert sorted(RATING) == sorted(FEVER)
    assert len(RATING) == 7


@pytest.mark.parametrize("status", list(RATING))
def test_the_claim_page_s_claimreview_rates_the_verdict(
    files: dict[str, bytes], status: str
) -> None:
    assert page_review(files, status)["reviewRating"] == expected_rating(status)


@pytest.mark.parametrize("status", list(RATING))
def test_the_claim_page_shows_the_verdict_s_label(files: dict[str, bytes], status: str) -> None:
    page = html.unescape(files[f"claims/claim-{status}.md"].decode("utf-8"))
    label = RATING[status][0]
    badge = f'<span class="fc-badge fc-badge--{status}" data-pagefind-meta="verdict">{label}</span>'
    assert f"Our verdict: {badge}" in page


def test_the_claimreview_export_rates_every_claim(files: dict[str, bytes]) -> None:
    reviews = json.loads(files["api/claimreview.json"])
    got = {review["url"].rsplit("/", 2)[1]: review["reviewRating"] for review in reviews}
    assert got == {f"claim-{status}": expected_rating(status) for status in RATING}


def test_the_claims_export_gives_each_status_its_label_and_rating(
    files: dict[str, bytes],
) -> None:
    records = json.loads(files["api/claims.json"])
    got = {r["id"]: (r["status"], r["status_label"], r["rating"]) for r in records}
    assert got == {
        f"claim-{status}": (status, label, value) for status, (label, value) in RATING.items()
    }


def test_fever_labels_each_verdict_as_documented(files: dict[str, bytes]) -> None:
    records = [json.loads(line) for line in files["api/fever.jsonl"].splitlines()]
    got = {r["id"]: (r["verdict"], r["label"], r["verifiable"]) for r in records}
    assert got == {
        f"claim-{status}": (
            status,
            label,
            "NOT VERIFIABLE" if label == "NOT ENOUGH INFO" else "VERIFIABLE",
        )
        for status, label in FEVER.items()
    }


def test_fever_evidence_is_the_passage_on_the_label_s_side(files: dict[str, bytes]) -> None:
    records = [json.loads(line) for line in files["api/fever.jsonl"].splitlines()]
    for record in records:
        assert record["evidence"] == EVIDENCE[FEVER[record["verdict"]]], record["id"]
        stances = [p["stance"] for (p,) in record["evidence_passages"]]
        assert (
            stances
            == {
                "SUPPORTS": ["supports"],
                "REFUTES": ["refutes"],
                "NOT ENOUGH INFO": [],
            }[record["label"]]
        ), record["id"]


def test_a_rated_claim_is_rated_on_one_to_five_and_unrated_ones_not_at_all(
    files: dict[str, bytes],
) -> None:
    """The scale's ends, written once more by hand: a swap of best and worst shows here."""
    ratings = {s: page_review(files, s)["reviewRating"] for s in RATING}
    assert ratings["true"]["ratingValue"] == ratings["true"]["bestRating"] == 5
    assert ratings["false"]["ratingValue"] == ratings["false"]["worstRating"] == 1
    assert "ratingValue" not in ratings["misleading"]
    assert "ratingValue" not in ratings["unproven"]


def test_the_content_folder_is_what_the_tables_expect(tmp_path: Path) -> None:
    """Each claim file says its status as a string, so YAML reads no boolean."""
    assert "status: 'false'" in claim_file("false")
    assert claim_file("mixed").count("stance:") == 2
