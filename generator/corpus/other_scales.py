"""Other fact-checking desks' ratings, and which status of this site's scale says the same.

A desk member used to another desk's scale writes its rating (`half-true`,
`pants-on-fire`, `missing context`). Spelling alone would suggest the status
spelt most like it (`half-true` -> `true`, the opposite end of the scale), so
validation asks this table first and says what the rating means and which of
this site's statuses means the same: "'half-true' is PolitiFact's middle rating;
this site's is 'mixed'". Where each desk defines its ratings is cited in the
manual (the content format, "Other desks' ratings"), which shows this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.corpus.scale import Status


@dataclass(frozen=True)
class OtherRating:
    """A rating of another desk's scale, or a plain word for a verdict, and its status here."""

    words: tuple[str, ...]
    """The rating as `rating_key` writes it (`half-true`), with its variants."""
    meaning: str
    """What it is, after "'x' is ": "PolitiFact's middle rating"; empty for a plain word."""
    status: Status | None
    """The status of this site's scale that says the same, or None when none does."""
    advice: str = ""
    """What to write instead, when no status says the same."""
    desks: tuple[str, ...] = ()
    """The desks whose scales have it (empty for a plain word)."""


_META = "the label Meta's fact-checkers (AFP and Full Fact among them) give"

OTHER_RATINGS: tuple[OtherRating, ...] = (
    # PolitiFact's Truth-O-Meter; True, Mostly True, Mostly False and False are spelt as here.
    OtherRating(("half-true",), "PolitiFact's middle rating", Status.MIXED, desks=("PolitiFact",)),
    OtherRating(
        ("pants-on-fire", "pants-fire"),
        "PolitiFact's rating for a claim that is not accurate and also ridiculous",
        Status.FALSE,
        desks=("PolitiFact",),
    ),
    OtherRating(
        ("barely-true",),
        "PolitiFact's former name for its Mostly False",
        Status.MOSTLY_FALSE,
        desks=("PolitiFact",),
    ),
    # Snopes; True, Mostly True, Mostly False, False and Unproven are spelt as here.
    OtherRating(
        ("mixture",),
        "the rating Snopes and AAP FactCheck give a claim with significant elements of both "
        "truth and falsity",
        Status.MIXED,
        desks=("Snopes", "AAP FactCheck"),
    ),
    OtherRating(
        ("unfounded",),
        "Snopes' rating for a claim with no demonstrable evidence to support it",
        Status.UNPROVEN,
        desks=("Snopes",),
    ),
    OtherRating(
        ("miscaptioned",),
        "Snopes' rating for authentic photos or videos described falsely",
        Status.MISLEADING,
        desks=("Snopes",),
    ),
    OtherRating(
        ("outdated",),
        "Snopes' rating for a claim that later events made irrelevant",
        None,
        "give the status the sources support now, and log the change under corrections",
        desks=("Snopes",),
    ),
    OtherRating(
        ("research-in-progress",),
        "Snopes' label for a check without a conclusion yet",
        None,
        "keep the claim a draft (`draft: true`) with status 'unproven' until it has one",
        desks=("Snopes",),
    ),
    # Meta's third-party fact-checking labels, which AFP and Full Fact used as its partners.
    OtherRating(
        ("partly-false", "partially-false"),
        f"{_META} content with some factual inaccuracies",
        Status.MIXED,
        desks=("AFP", "Full Fact", "Meta"),
    ),
    OtherRating(
        ("missing-context", "needs-context", "lacks-context"),
        f"{_META} content that may mislead without more context",
        Status.MISLEADING,
        desks=("AFP", "Full Fact", "Meta"),
    ),
    OtherRating(
        ("altered",),
        f"{_META} images, audio or video edited in ways that could mislead",
        Status.FALSE,
        desks=("AFP", "Full Fact", "Meta"),
    ),
    OtherRating(
        ("satire",),
        f"{_META} humour or parody",
        None,
        "satire is not a claim to rate; if people take it as fact, rate what they claim",
        desks=("AFP", "Full Fact", "Meta"),
    ),
    # Plain words for a verdict, as desks that conclude in words (Full Fact, AFP) write them.
    OtherRating(("correct", "accurate"), "", Status.TRUE),
    OtherRating(("mostly-correct", "mostly-accurate"), "", Status.MOSTLY_TRUE),
    OtherRating(("partly-true", "partially-true"), "", Status.MIXED),
    OtherRating(("mostly-incorrect", "mostly-inaccurate"), "", Status.MOSTLY_FALSE),
    OtherRating(
        ("incorrect", "inaccurate", "untrue", "wrong", "fake", "fabricated", "not-true"),
        "",
        Status.FALSE,
    ),
    OtherRating(("out-of-context", "misrepresented"), "", Status.MISLEADING),
    OtherRating(
        ("unverified", "unverifiable", "unsubstantiated", "unsupported", "inconclusive"),
        "",
        Status.UNPROVEN,
    ),
)

_BY_WORD = {word: rating for rating in OTHER_RATINGS for word in rating.words}
_SEPARATORS = re.compile(r"[\s_]+")
_EDGE_PUNCTUATION = re.compile(r"^[^\w]+|[^\w]+$")


def rating_key(value: str) -> str:
    """A rating as the table writes it: lowercase, hyphens between words (`Pants on Fire!`
    -> `pants-on-fire`)."""
    words = _EDGE_PUNCTUATION.sub("", value.strip().lower())
    return _SEPARATORS.sub("-", words).replace("'", "")


def other_rating(value: str) -> OtherRating | None:
    """The entry for `value`, written in any case and with spaces or underscores, or None."""
    return _BY_WORD.get(rating_key(value))


def written_otherwise(value: str) -> Status | None:
    """This site's status that `value` is, written in capitals, with spaces or underscores
    (`Mostly False`, `MOSTLY_FALSE`), or None."""
    key = rating_key(value)
    return Status(key) if key != value and key in {s.value for s in Status} else None


def status_meaning(value: str) -> str:
    """What `value`, a rating this site does not use, means here, or "" when it is not known:

    * another desk's rating: "'half-true' is PolitiFact's middle rating; this site's is 'mixed'";
    * a plain word: "'inaccurate' reads as this site's 'false'".
    """
    rating = _BY_WORD.get(rating_key(value))
    if rating is None:
        return ""
    if not rating.meaning:
        return f"{value!r} reads as this site's {str(rating.status)!r}"
    said = f"{value!r} is {rating.meaning}"
    if rating.status is None:
        return f"{said}; this site has no such status: {rating.advice}"
    return f"{said}; this site's is {str(rating.status)!r}"
