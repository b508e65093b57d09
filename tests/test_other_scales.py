"""Other desks' ratings get a hint from what they mean, not from how they are spelt.

The table below is written out by hand, not read from generator/corpus/other_scales.py: a
change to the mapping must be made in both places, and in the manual's table, which a test
here reads too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from contentkit import claim_with, write_content

from generator.corpus.other_scales import OTHER_RATINGS, rating_key, status_meaning
from generator.corpus.pipeline import validate_content

MANUAL = Path(__file__).resolve().parents[1] / "docs" / "manual" / "content.md"
KEYS = "use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven"

# rating as written -> the status of this site's scale that means the same (None: none does)
MAPPING: dict[str, str | None] = {
    # PolitiFact
    "half-true": "mixed",
    "pants-on-fire": "false",
    "pants-fire": "false",
    "barely-true": "mostly-false",
    # Snopes (and AAP FactCheck's Mixture)
    "mixture": "mixed",
    "unfounded": "unproven",
    "miscaptioned": "misleading",
    "outdated": None,
    "research-in-progress": None,
    # Meta's labels, as AFP and Full Fact used them
    "partly-false": "mixed",
    "partially-false": "mixed",
    "missing-context": "misleading",
    "needs-context": "misleading",
    "lacks-context": "misleading",
    "altered": "false",
    "satire": None,
    # plain words
    "correct": "true",
    "accurate": "true",
    "mostly-correct": "mostly-true",
    "mostly-accurate": "mostly-true",
    "partly-true": "mixed",
    "partially-true": "mixed",
    "mostly-incorrect": "mostly-false",
    "mostly-inaccurate": "mostly-false",
    "incorrect": "false",
    "inaccurate": "false",
    "untrue": "false",
    "wrong": "false",
    "fake": "false",
    "fabricated": "false",
    "not-true": "false",
    "out-of-context": "misleading",
    "misrepresented": "misleading",
    "unverified": "unproven",
    "unverifiable": "unproven",
    "unsubstantiated": "unproven",
    "unsupported": "unproven",
    "inconclusive": "unproven",
}


def status_error(tmp_path: Path, written: str) -> str:
    """The one error validation gives for `status: <written>`."""
    report = validate_content(
        write_content(tmp_path, {"c.yaml": claim_with(status=f'status: "{written}"')})
    )
    (problem,) = report.problems
    return problem.message


def test_the_module_maps_exactly_the_hand_written_table():
    mapped = {
        word: (str(rating.status) if rating.status else None)
        for rating in OTHER_RATINGS
        for word in rating.words
    }
    assert mapped == MAPPING


def test_half_true_is_not_taken_for_true(tmp_path):
    assert status_error(tmp_path, "half-true") == (
        "unknown status 'half-true': 'half-true' is PolitiFact's middle rating; "
        f"this site's is 'mixed' ({KEYS})"
    )


@pytest.mark.parametrize(
    ("written", "said"),
    [
        (
            "Pants on Fire!",
            "'Pants on Fire!' is PolitiFact's rating for a claim that is not accurate and also "
            "ridiculous; this site's is 'false'",
        ),
        (
            "Mixture",
            "'Mixture' is the rating Snopes and AAP FactCheck give a claim with significant "
            "elements of both truth and falsity; this site's is 'mixed'",
        ),
        (
            "unproven ",
            "",  # this site's own status with a space: a typo, see below
        ),
        (
            "missing context",
            "'missing context' is the label Meta's fact-checkers (AFP and Full Fact among them) "
            "give content that may mislead without more context; this site's is 'misleading'",
        ),
        (
            "Partly false",
            "'Partly false' is the label Meta's fact-checkers (AFP and Full Fact among them) give "
            "content with some factual inaccuracies; this site's is 'mixed'",
        ),
        (
            "ALTERED",
            "'ALTERED' is the label Meta's fact-checkers (AFP and Full Fact among them) give "
            "images, audio or video edited in ways that could mislead; this site's is 'false'",
        ),
        (
            "outdated",
            "'outdated' is Snopes' rating for a claim that later events made irrelevant; this "
            "site has no such status: give the status the sources support now, and log the "
            "change under corrections",
        ),
        ("inaccurate", "'inaccurate' reads as this site's 'false'"),
    ],
)
def test_a_rating_is_explained_by_what_it_means(written, said):
    assert status_meaning(written) == said


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("Mostly False", "; did you mean 'mostly-false'?"),
        ("MOSTLY_TRUE", "; did you mean 'mostly-true'?"),
        ("unproven ", "; did you mean 'unproven'?"),
        ("mostly-ture", "; did you mean 'mostly-true'?"),
        ("flase", "; did you mean 'false'?"),
        ("maybe", ""),
        ("quarter-true", ""),  # spelt like 'true', but means nothing known: no guess
    ],
)
def test_this_sites_statuses_mistyped_still_get_a_spelling_hint(tmp_path, written, hint):
    assert status_error(tmp_path, written) == f"unknown status {written!r}{hint} ({KEYS})"


def test_every_rating_of_the_table_gets_its_status_in_a_validation_error(tmp_path):
    for index, (written, status) in enumerate(MAPPING.items()):
        message = status_error(tmp_path / str(index), written.replace("-", " ").title())
        expected = f"this site's is '{status}'" if status else "this site has no such status"
        assert expected in message or f"reads as this site's '{status}'" in message, message


def test_rating_keys_ignore_case_spaces_underscores_and_edge_punctuation():
    assert rating_key("  Pants on Fire! ") == "pants-on-fire"
    assert rating_key("MISSING_CONTEXT") == "missing-context"
    assert rating_key("“Half True”") == "half-true"


def manual_table() -> dict[str, str | None]:
    """The manual's table of other desks' ratings: written -> status (None for "none: ...")."""
    text = MANUAL.read_text(encoding="utf-8")
    section = text.split("## Other desks' ratings", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| (`.+?`) \| .+? \| (.+?) \|$", section, re.M)
    table: dict[str, str | None] = {}
    for words, status in rows:
        for word in re.findall(r"`([^`]+)`", words):
            table[word] = status.strip("`") if status.startswith("`") else None
    return table


def test_the_manuals_table_is_the_mapping():
    assert manual_table() == MAPPING
