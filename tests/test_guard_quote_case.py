"""A quote must keep its source's letter case: matching made case-insensitive is a bug.

A mutation spot-check (issue 18) made the quote matching case-insensitive and only a
random property test noticed, now and then. These tests are deterministic: every
quote below differs from its source in letter case alone, so it must not anchor, at
every layer (the normaliser, the finder on a short source and on a long one, which
looks quotes up through a word index, and validation with its exact message).
The expected values are written out by hand.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from contentkit import CLAIM, write_content

from generator.corpus.anchor import INDEXED_FROM, AnchoredSource, ComparisonBudget, Found, Missing
from generator.corpus.models import Anchor, Paragraph
from generator.corpus.normalize import normalise, normalise_quote
from generator.corpus.pipeline import validate_content

BODY = (
    "The regiment returned in December after 120 days.\n"
    "\n"
    "Élise Dupont said the ÉTÉ campaign was over in Straße 9."
)
FIRST = Paragraph(1, 0, 49, 1)
SECOND = Paragraph(2, 51, 107, 3)

# (quote, where it is found in BODY: (paragraph, start, end)); written out by hand.
SAME_CASE = [
    ("returned in December after 120 days", (1, 13, 48)),
    ("The regiment", (1, 0, 12)),
    ("Élise Dupont", (2, 51, 63)),
    ("ÉTÉ campaign", (2, 73, 85)),
    ("Straße 9", (2, 98, 106)),
]

# Each differs from a passage of BODY in letter case alone.
OTHER_CASE = [
    "returned in december after 120 days",  # one letter lowered
    "Returned in December after 120 days",  # one letter raised
    "RETURNED IN DECEMBER AFTER 120 DAYS",  # all raised
    "the regiment",  # a sentence's first letter
    "élise dupont",  # a non-ASCII capital (normalised through NFKD)
    "été campaign",
    "ÉTÉ CAMPAIGN",
    "STRASSE 9",  # casefold("Straße") == "strasse"
    "straße 9",
]


def finder(body: str = BODY, paragraphs: tuple[Paragraph, ...] = (FIRST, SECOND)) -> AnchoredSource:
    return AnchoredSource(body, paragraphs)


def test_the_paragraphs_of_the_test_body_are_where_the_table_says() -> None:
    assert BODY[FIRST.start : FIRST.end] == "The regiment returned in December after 120 days."
    assert BODY[SECOND.start : SECOND.end].startswith("Élise")


@pytest.mark.parametrize(("quote", "where"), SAME_CASE)
def test_a_quote_in_the_source_s_case_is_found(quote: str, where: tuple[int, int, int]) -> None:
    found = finder().find(quote)
    assert found == Found(Anchor(*where), 1, None)
    assert BODY[where[1] : where[2]] == quote


@pytest.mark.parametrize("quote", OTHER_CASE)
def test_a_quote_in_another_case_is_not_found(quote: str) -> None:
    assert isinstance(finder().find(quote), Missing)


@functools.cache
def long_body() -> tuple[str, tuple[Paragraph, ...]]:
    """BODY after enough filler paragraphs that the finder uses its word index."""
    filler = "Filler words that say nothing in particular, again and again."
    paragraphs: list[Paragraph] = []
    parts: list[str] = []
    at = 0
    while at < INDEXED_FROM + 5_000:
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, at, at + len(filler), 2 * len(paragraphs) + 1)
        )
        parts.append(filler)
        at += len(filler) + 2
    for start, end in ((FIRST.start, FIRST.end), (SECOND.start, SECOND.end)):
        paragraphs.append(
            Paragraph(len(paragraphs) + 1, at + start, at + end, 2 * len(paragraphs) + 1)
        )
    return "\n\n".join(parts) + "\n\n" + BODY, tuple(paragraphs)


@pytest.mark.parametrize(("quote", "where"), SAME_CASE)
def test_in_a_long_source_a_quote_in_the_source_s_case_is_found(
    quote: str, where: tuple[int, int, int]
) -> None:
    body, paragraphs = long_body()
    offset = len(body) - len(BODY)
    found = finder(body, paragraphs).find(quote)
    assert isinstance(found, Found)
    assert found.occurrences == 1
    assert (found.anchor.start, found.anchor.end) == (offset + where[1], offset + where[2])
    assert found.anchor.paragraph == len(paragraphs) - 2 + where[0]


@pytest.mark.parametrize("quote", [*OTHER_CASE, "Returned in December after 120 Days"])
def test_in_a_long_source_a_quote_in_another_case_is_not_found(quote: str) -> None:
    body, paragraphs = long_body()
    assert len(normalise(body).text) >= INDEXED_FROM  # the word index is what is tested
    # No budget for the closest-passage search: only whether it is found matters here.
    missing = AnchoredSource(body, paragraphs, ComparisonBudget(pairs=0)).find(quote)
    assert missing == Missing(None, None, None)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("Kim", "Kim"),
        ("KIM said", "KIM said"),
        ("Ｋｉｍ", "Kim"),  # fullwidth letters become ASCII ones, in their case
        ("É\u0301", "E\u0301\u0301"),  # decomposed, the capital stays a capital
        ("ÉTÉ  campaign", "E\u0301TE\u0301 campaign"),
        ("Straße", "Straße"),
        ("ǅ", "Dz\u030c"),  # a titlecase digraph stays titlecase
    ],
)
def test_normalising_keeps_letter_case(text: str, normalised: str) -> None:
    assert normalise(text).text == normalised
    assert normalise_quote(f"  {text} ") == normalised


# -- validation: the exact message ----------------------------------------------------------


def problems_of(tmp_path: Path, quote: str) -> list[str]:
    text = CLAIM.replace("quote: returned in December after 120 days", f"quote: '{quote}'")
    report = validate_content(write_content(tmp_path, {"c.yaml": text}))
    return [f"{p.path.name}:{p.line}:{p.col}: {p.severity}: {p.message}" for p in report.problems]


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        (
            "returned in december after 120 days",
            "c.yaml:9:12: error: quote not found in source 'article'; closest passage "
            '(paragraph 1): "returned in December after 120 days"; the source has "December" '
            'where the quote has "december"',
        ),
        (
            "Returned in December after 120 days",
            "c.yaml:9:12: error: quote not found in source 'article'; closest passage "
            '(paragraph 1): "returned in December after 120 days"; the source has "returned" '
            'where the quote has "Returned"',
        ),
        (
            "the regiment returned in December after 120 days",
            "c.yaml:9:12: error: quote not found in source 'article'; closest passage "
            '(paragraph 1): "The regiment returned in December after 120 days"; the source has '
            '"The" where the quote has "the"',
        ),
        (
            "kim said",
            "c.yaml:9:12: error: quote not found in source 'article'; closest passage "
            '(paragraph 2): "Kim said"; the source has "Kim" where the quote has "kim"',
        ),
        (
            "RETURNED IN DECEMBER AFTER 120 DAYS",
            "c.yaml:9:12: error: quote not found in source 'article', and nothing in it is "
            "close; check the source id and copy the passage verbatim",
        ),
    ],
)
def test_validation_refuses_a_quote_in_another_case_and_says_how_it_differs(
    tmp_path: Path, quote: str, message: str
) -> None:
    assert problems_of(tmp_path, quote) == [message]


def test_validation_accepts_the_same_quote_in_the_source_s_case(tmp_path: Path) -> None:
    assert problems_of(tmp_path, "returned in December after 120 days") == []
    assert problems_of(tmp_path, "Kim said") == []
