"""Shortened labels: cut at a word, never leaving a bracket or quotation mark open."""

from __future__ import annotations

import pytest

from generator.labels import SHORT_TITLE, shorten, source_label

FOX = "[Unattributed article citing Fox News: Kim Jong Un honours 100 soldiers killed fighting for Russia]"


@pytest.mark.parametrize(
    ("text", "limit", "label"),
    [
        # an editor's bracketed description is closed after the ellipsis
        (FOX, 32, "[Unattributed article citing…]"),
        (FOX, SHORT_TITLE, "[Unattributed article citing Fox News: Kim…]"),
        # a quoted headline keeps its closing quotation mark
        ("“Granting state honors to the nine members of the regiment who died”", 32, "“Granting state honors to the…”"),
        ('Kim says "we will never forget the heroes who cleared the mines" at ceremony', 32, 'Kim says "we will never forget…"'),
        # an unfinished part after enough words is dropped
        ("Kim honours the nine sappers who died (report by Fox News, unverified, via social media)", 48, "Kim honours the nine sappers who died…"),
        ("Kim honours sappers (report by Fox News, unverified)", 32, "Kim honours sappers…"),
        # nested marks are closed innermost first
        ("Kim (and “all of you” [the sappers who endured every day])", 40, "Kim (and “all of you” [the sappers…])"),
        # a closing mark that closes nothing is an apostrophe or a list number, not an opener
        ("Kim’s men return 1) safely and 2) to a ceremony in Pyongyang today", 32, "Kim’s men return 1) safely and…"),
        # a word boundary at the very cut is used, not the one before it
        ("North Korea and Russia Complete Massive Demining", 32, "North Korea and Russia Complete…"),
        # a word longer than half the room is cut inside
        ("A Supercalifragilisticexpialidocious word", 20, "A Supercalifragilis…"),
        ("Short enough (as it is", 32, "Short enough (as it is"),
    ],
)
def test_cut_labels_end_at_a_word_and_leave_nothing_open(text: str, limit: int, label: str) -> None:
    assert shorten(text, limit) == label
    assert len(label) <= limit


def test_a_source_of_unknown_outlet_is_named_by_its_shortened_headline() -> None:
    assert source_label("unknown", None, FOX) == "[Unattributed article citing Fox News: Kim…]"
