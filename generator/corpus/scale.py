"""The verdict scale and the citation stances: defined once, used everywhere.

Templates, the methodology page, ClaimReview JSON-LD, the JSON Schema and the
validator all read these tables, so a new status is added here and nowhere else.
The labels and descriptions are English: each is marked `N_` for the catalogs, and the
renderer prints it in the site's language (`generator.render.i18n`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


def N_(message: str) -> str:
    """Marks an English `message` for the catalogs (Babel's extraction finds it); the
    renderer translates it where it prints it."""
    return message


class Status(StrEnum):
    """A claim's verdict."""

    TRUE = "true"
    MOSTLY_TRUE = "mostly-true"
    MIXED = "mixed"
    MOSTLY_FALSE = "mostly-false"
    FALSE = "false"
    MISLEADING = "misleading"
    UNPROVEN = "unproven"


class Stance(StrEnum):
    """How a cited passage bears on the claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


@dataclass(frozen=True)
class Verdict:
    """Presentation and rating of one status."""

    status: Status
    """The status key as written in claim files."""
    label: str
    """What readers see, in words (colour is never the only signal)."""
    colour: str
    """Badge background; every colour has at least 4.5:1 contrast with white text."""
    rating: int | None
    """ClaimReview `ratingValue` (5 best, 1 worst); None for unrated statuses."""
    description: str
    """One sentence for the methodology page."""


BEST_RATING = 5
WORST_RATING = 1

SCALE: dict[Status, Verdict] = {
    v.status: v
    for v in (
        Verdict(
            Status.TRUE,
            N_("True"),
            "#1a7f37",
            5,
            N_("The claim is accurate and nothing significant is missing."),
        ),
        Verdict(
            Status.MOSTLY_TRUE,
            N_("Mostly true"),
            "#3f6212",
            4,
            N_("The claim is accurate but needs clarification or additional detail."),
        ),
        Verdict(
            Status.MIXED,
            N_("Mixed"),
            "#8a5a00",
            3,
            N_("The claim is partly accurate and partly not, or the sources conflict."),
        ),
        Verdict(
            Status.MOSTLY_FALSE,
            N_("Mostly false"),
            "#b4430c",
            2,
            N_("The claim contains an element of truth but ignores facts that change it."),
        ),
        Verdict(Status.FALSE, N_("False"), "#b42318", 1, N_("The claim is not accurate.")),
        Verdict(
            Status.MISLEADING,
            N_("Misleading"),
            "#7e22ce",
            None,
            N_("The claim's wording may be accurate, but it creates a false impression."),
        ),
        Verdict(
            Status.UNPROVEN,
            N_("Unproven"),
            "#57606a",
            None,
            N_("The available sources cannot establish whether the claim is accurate."),
        ),
    )
}

STANCE_LABELS: dict[Stance, str] = {
    Stance.SUPPORTS: N_("Supports"),
    Stance.REFUTES: N_("Refutes"),
    Stance.CONTEXT: N_("Context"),
}


def verdict(status: Status | str) -> Verdict:
    """The scale entry for a status key."""
    return SCALE[Status(status)]
