"""Quote anchoring, pinned down where mutation testing found the tests loose.

mutmut (docs/mutation-testing.md) changed generator/corpus/anchor.py and normalize.py
in ways the other tests let through: a match that starts or ends inside one
character's expansion ("…" is "...", "ﬁ" is "fi"), a quote that ends on its
paragraph's last character, the count of occurrences, the word index of long
sources, the windows of the closest-passage search, and how a difference is put in
words. Every expected value is written out by hand (offsets counted on the strings
shown), except where a comment names `str.find` on plain ASCII as the oracle.
"""

from __future__ import annotations

import functools
import re

import pytest

from generator.corpus.anchor import (
    CLOSEST_PAIRS,
    INDEXED_FROM,
    AnchoredSource,
    ComparisonBudget,
    Found,
    Missing,
    describe_difference,
)
from generator.corpus.models import Anchor, Paragraph
from generator.corpus.normalize import normalise


def one_paragraph(body: str) -> AnchoredSource:
    return AnchoredSource(body, (Paragraph(1, 0, len(body), 1),))


def found(paragraph: int, start: int, end: int, occurrences: int = 1) -> Found:
    return Found(Anchor(paragraph, start, end), occurrences, None)


NOT_FOUND = "missing"

# "Wait… then ﬁne ½ more": W0 a1 i2 t3 …4 _5 t6 h7 e8 n9 _10 ﬁ11 n12 e13 _14 ½15 _16 m17..e20
EXPANSIONS = "Wait… then ﬁne ½ more"


@pytest.mark.parametrize(
    ("body", "quote", "expected"),
    [
        (EXPANSIONS, "Wait...", found(1, 0, 5)),
        (EXPANSIONS, "Wait..", NOT_FOUND),  # ends inside "…"
        (EXPANSIONS, "Wait.", NOT_FOUND),
        (EXPANSIONS, "... then", found(1, 4, 10)),
        (EXPANSIONS, ".. then", NOT_FOUND),  # starts inside "…"
        (EXPANSIONS, ". then", NOT_FOUND),
        (EXPANSIONS, "fine", found(1, 11, 14)),
        (EXPANSIONS, "fin", found(1, 11, 13)),
        (EXPANSIONS, "ine", NOT_FOUND),  # starts inside "ﬁ"
        (EXPANSIONS, "then f", NOT_FOUND),  # ends inside "ﬁ"
        (EXPANSIONS, "1\u20442 more", found(1, 15, 21)),
        (EXPANSIONS, "1\u2044", NOT_FOUND),
        (EXPANSIONS, "\u20442", NOT_FOUND),
        (EXPANSIONS, "then fine 1\u20442", found(1, 6, 16)),
        ("x…y", "x...", found(1, 0, 2)),
        ("x…y", "...y", found(1, 1, 3)),
        ("x…y", "x.", NOT_FOUND),  # "x" is whole, the "." after it is not
        ("x…y", "x..", NOT_FOUND),
        ("x…y", ".", NOT_FOUND),  # every "." lies inside "…"
        ("x…y", "..", NOT_FOUND),
        ("…and", "...and", found(1, 0, 4)),
        ("…and", "..and", NOT_FOUND),  # starts at the second "." of "..."
        ("…and", "and", found(1, 1, 4)),
        ("…and", ".", NOT_FOUND),  # one character, ending inside the first "…"
        ("x…", "x...", found(1, 0, 2)),
        ("x…", "x.", NOT_FOUND),  # ends inside the text's last character
        ("x…", "x..", NOT_FOUND),
        ("a \u200b b", "a b", found(1, 0, 5)),  # spaces around a zero-width character
        ("a\u200b b", "a b", found(1, 0, 4)),
        ("Ｋｉｍ  said", "Kim said", found(1, 0, 9)),
        ("Wait!!! now", "!!", found(1, 4, 6, occurrences=2)),  # occurrences may overlap
        ("Wait!!! now", "Wait", found(1, 0, 4)),  # at the very start
        ("Wait!!! now", "now", found(1, 8, 11)),  # at the very end
    ],
)
def test_a_match_starts_and_ends_on_whole_characters(
    body: str, quote: str, expected: Found | str
) -> None:
    result = one_paragraph(body).find(quote)
    if expected == NOT_FOUND:
        assert isinstance(result, Missing), result
    else:
        assert result == expected


def test_occurrences_are_counted_up_to_two_and_the_first_is_anchored() -> None:
    body = "Officials said nine. Officials said nine. Officials said nine."
    assert one_paragraph(body).find("Officials said") == found(1, 0, 14, occurrences=2)
    assert one_paragraph(body).find("said nine.") == found(1, 10, 20, occurrences=2)
    assert one_paragraph("Officials said nine.").find("said") == found(1, 10, 14)


# "One two.\n\nThree four.": paragraph 1 is 0-8, paragraph 2 is 10-21.
TWO = "One two.\n\nThree four."
TWO_PARAGRAPHS = (Paragraph(1, 0, 8, 1), Paragraph(2, 10, 21, 3))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("two.", found(1, 4, 8)),  # ends on the paragraph's last character
        ("One", found(1, 0, 3)),
        ("T", found(2, 10, 11)),  # one character, first of its paragraph
        ("Three", found(2, 10, 15)),
        ("four.", found(2, 16, 21)),
        ("two. Three", Found(Anchor(1, 4, 15), 1, (1, 2))),
        ("One two. Three four.", Found(Anchor(1, 0, 21), 1, (1, 2))),
    ],
)
def test_a_quote_is_placed_in_its_paragraph_or_said_to_cross_one(
    quote: str, expected: Found
) -> None:
    assert AnchoredSource(TWO, TWO_PARAGRAPHS).find(quote) == expected


def test_a_crossing_is_reported_only_when_there_is_no_other_occurrence() -> None:
    body = "a b\n\nc a b c"  # "b c" crosses at 2-6, and lies within paragraph 2 at 9-12
    paragraphs = (Paragraph(1, 0, 3, 1), Paragraph(2, 5, 12, 3))
    assert AnchoredSource(body, paragraphs).find("b c") == found(2, 9, 12)
    body = "a b\n\nc a b c a b c"  # and again at 15-18: two within, after the crossing
    paragraphs = (Paragraph(1, 0, 3, 1), Paragraph(2, 5, 18, 3))
    assert AnchoredSource(body, paragraphs).find("b c") == found(2, 9, 12, occurrences=2)


def test_nothing_to_search_or_nothing_to_search_for() -> None:
    assert AnchoredSource("", ()).find("x") == Missing(None, None, None)
    assert one_paragraph("text").find("   ") == Missing(None, None, None)


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        (" x", " x"),  # a leading space stays
        ("a\n", "a "),  # a trailing line break is a space
        ("a ¨b", "a \u0308b"),  # the diaeresis' own space joins the space before it
        ("a ¨", "a \u0308"),
        ("a \u200b b", "a b"),
        ("a\u200b b", "a b"),
        ("x\u00a0\u00a0y", "x y"),
        ("a \n b", "a b"),
        ("a\t", "a "),
        ("…", "..."),
    ],
)
def test_normalised_text_written_out(text: str, normalised: str) -> None:
    assert normalise(text).text == normalised


# -- long sources: the word index -----------------------------------------------------------

FILLER = "Filler words that say nothing in particular, again and again."
REGIMENT = "The regiment returned in December after 120 days."
CLOSING = "Unique closing words here today."


@functools.cache
def long_source() -> tuple[str, tuple[Paragraph, ...]]:
    """Filler paragraphs, then REGIMENT twice, then CLOSING: over INDEXED_FROM long."""
    texts = [FILLER] * 1_700 + [REGIMENT, REGIMENT, CLOSING]
    paragraphs, at = [], 0
    for number, text in enumerate(texts, 1):
        paragraphs.append(Paragraph(number, at, at + len(text), 2 * number - 1))
        at += len(text) + 2
    return "\n\n".join(texts), tuple(paragraphs)


@pytest.mark.parametrize(
    ("quote", "occurrences"),
    [
        ("returned in December after", 2),
        ("words that say", 2),
        ("Filler words", 2),  # two words: no inner word to look up
        ("Filler words that say nothing in particular, again and again.", 2),
        ("after 120 days.", 2),
        ("The regiment returned in December after 120 days.", 2),
        ("Unique closing words here today.", 1),
        ("closing words here", 1),
        ("words here today.", 1),
        ("Unique closing", 1),
    ],
)
def test_in_a_long_source_the_index_finds_the_first_occurrence(
    quote: str, occurrences: int
) -> None:
    body, paragraphs = long_source()
    assert len(normalise(body).text) >= INDEXED_FROM
    start = body.find(quote)  # the oracle: plain ASCII text, found by str.find
    number = next(p.number for p in paragraphs if p.start <= start < p.end)
    result = AnchoredSource(body, paragraphs).find(quote)
    assert result == found(number, start, start + len(quote), occurrences)


@pytest.mark.parametrize(
    ("quote", "first", "last"),
    [
        ("again and again. Filler words", 1, 2),
        ("nothing in particular, again and again. The regiment", 1700, 1701),
        ("after 120 days. Unique", 1702, 1703),
    ],
)
def test_in_a_long_source_a_quote_across_paragraphs_is_reported(
    quote: str, first: int, last: int
) -> None:
    body, paragraphs = long_source()
    # the oracle: a regular expression that lets each space of the quote be any whitespace
    match = re.search(re.escape(quote).replace("\\ ", "\\s+"), body)
    assert match is not None
    start = match.start()
    result = AnchoredSource(body, paragraphs, ComparisonBudget(pairs=0)).find(quote)
    assert isinstance(result, Found)
    assert result.spans_paragraphs == (first, last)
    assert result.anchor.paragraph == first
    assert result.anchor.start == start


@pytest.mark.parametrize(
    "quote", ["Filler banana words", "regiment returned in November", "Unique closing words gone"]
)
def test_in_a_long_source_a_changed_word_is_not_found(quote: str) -> None:
    body, paragraphs = long_source()
    result = AnchoredSource(body, paragraphs, ComparisonBudget(pairs=0)).find(quote)
    assert result == Missing(None, None, None)


# -- where the closest passage is looked for, in a long text -------------------------------


def test_the_windows_are_around_the_three_longest_words_of_the_quote() -> None:
    # "epsilon" at 150001; "delta" at 200010; "zeta" at 200016; the quote is 18 long.
    haystack = "q" * 150_000 + " epsilon " + "q" * 50_000 + " delta zeta " + "q" * 100_000
    needle = "delta epsilon zeta"
    assert len(haystack) * len(needle) > CLOSEST_PAIRS
    assert AnchoredSource._windows(haystack, needle) == [
        (150_001 - 18, 150_001 + 7 + 18),
        (200_010 - 18, 200_010 + 5 + 18),
        (200_016 - 18, 200_016 + 4 + 18),
    ]


def test_a_window_s_next_search_starts_past_it() -> None:
    # "beta" at 100001, 100042 (inside the first window, which ends at 100044) and 100148;
    # the quote is 39 long.
    haystack = "z" * 100_000 + " beta " + "z" * 35 + " beta " + "z" * 100 + " beta " + "z" * 5_000
    needle = " ".join(["beta"] * 8)
    assert len(haystack) * len(needle) > CLOSEST_PAIRS
    assert AnchoredSource._windows(haystack, needle) == [
        (100_001 - 39, 100_001 + 4 + 39),
        (100_148 - 39, 100_148 + 4 + 39),
    ]


def test_windows_stop_when_the_comparison_allowance_is_spent() -> None:
    # width 2 * 1000 + 5 = 2005; 4,000,000 // (2005 * 1000) = 1 window allowed
    haystack = "word " * 2_000
    needle = " ".join(["word"] * 199) + " wordy"
    assert len(needle) == 1_000
    assert AnchoredSource._windows(haystack, needle) == [(0, 4 + 1_000)]


def test_a_short_text_is_one_window() -> None:
    assert AnchoredSource._windows("abc " * 10, "abc") == [(0, 40)]
    assert AnchoredSource._windows("q" * 200_000, "a" * 20) == [(0, 200_000)]  # 4,000,000 pairs


def test_a_fourth_word_of_the_quote_opens_no_window() -> None:
    # as above, and "be" (the shortest of four words) at 300026; the quote is 21 long
    haystack = "q" * 150_000 + " epsilon " + "q" * 50_000 + " delta zeta " + "q" * 100_000 + " be "
    assert AnchoredSource._windows(haystack, "delta epsilon zeta be") == [
        (150_001 - 21, 150_001 + 7 + 21),
        (200_010 - 21, 200_010 + 5 + 21),
        (200_016 - 21, 200_016 + 4 + 21),
    ]


def test_as_many_windows_as_the_allowance_gives() -> None:
    # "wordy" every 307 characters; the quote is 197 long: width 2 * 197 + 5 = 399 and
    # 4,000,000 // (399 * 197) = 50 windows, though "wordy" occurs 70 times
    haystack = ("wordy " + "z" * 300 + " ") * 70
    needle = " ".join(["wordy"] + ["ab"] * 64)
    assert len(needle) == 197
    windows = AnchoredSource._windows(haystack, needle)
    assert len(windows) == 50
    assert windows[:3] == [(0, 5 + 197), (307 - 197, 307 + 5 + 197), (614 - 197, 614 + 5 + 197)]


def test_a_budget_may_be_spent_to_the_last_pair() -> None:
    budget = ComparisonBudget(pairs=10)
    assert budget.take(10) is True
    assert budget.pairs == 0
    assert budget.take(1) is False
    assert budget.take(0) is True


# -- the closest passage and how the quote differs from it ---------------------------------

ARTICLE = (
    "The regiment returned in December after 120 days.\n\n"
    "Kim said “all of you” endured — almost every day — unimaginable stress…\n\n"
    "Officials said nine soldiers died. Officials said nine soldiers died."
)
ARTICLE_PARAGRAPHS = (Paragraph(1, 0, 49, 1), Paragraph(2, 51, 122, 3), Paragraph(3, 124, 193, 5))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "returned in November after 120 days",
            Missing(
                "returned in December after 120 days",
                1,
                'the source has "December" where the quote has "November"',
            ),
        ),
        (
            "The regiment came back in December after 120 days",
            Missing(
                "The regiment returned in December after 120 days",
                1,
                'the source has "returned" where the quote has "came back"',
            ),
        ),
        (
            "The regiment returned in December after 120 days!",
            Missing(
                "The regiment returned in December after 120 days.",
                1,
                'the source has "days." where the quote has "days!"',
            ),
        ),
        (
            "every single day - unimaginable",
            Missing("every day — unimaginable", 2, 'the quote adds "single"'),
        ),
        (
            'Kim said "all of us" endured',
            Missing(
                "Kim said “all of you” endured",
                2,
                'the source has "you"" where the quote has "us""',
            ),
        ),
        (
            "nine soldiers perished.",
            Missing(
                "nine soldiers died.", 3, 'the source has "died." where the quote has "perished."'
            ),
        ),
        (
            "Officials said ten soldiers died",
            Missing(
                "Officials said nine soldiers died",
                3,
                'the source has "nine" where the quote has "ten"',
            ),
        ),
        (
            "regimnt retrned",  # no whole word in common: the words the match covers
            Missing(
                "regiment returned",
                1,
                'the source has "regiment returned" where the quote has "regimnt retrned"',
            ),
        ),
        (
            "retrned in Decembr",
            Missing(
                "returned in December",
                1,
                'the source has "returned" where the quote has "retrned"; the source has '
                '"December" where the quote has "Decembr"',
            ),
        ),
        (
            "Oficials sayd",
            Missing(
                "Officials said",
                3,
                'the source has "Officials said" where the quote has "Oficials sayd"',
            ),
        ),
        (
            "all, of you endured",  # the source's opening quotation mark stays outside
            Missing(
                "all of you” endured",
                2,
                'the source has "all" where the quote has "all,"; the source has "you"" where '
                'the quote has "you"',
            ),
        ),
        ("xyzzy plugh", Missing(None, None, None)),
        ("abcd", Missing(None, None, None)),
    ],
)
def test_the_closest_passage_and_the_difference_written_out(quote: str, expected: Missing) -> None:
    assert AnchoredSource(ARTICLE, ARTICLE_PARAGRAPHS).find(quote) == expected


@pytest.mark.parametrize(
    ("quote", "passage", "said"),
    [
        ("a x c", "a b c", 'the source has "b" where the quote has "x"'),
        ("x b", "a b", 'the source has "a" where the quote has "x"'),
        ("a c", "a b c", 'the quote leaves out "b"'),
        ("a b c d", "a b c", 'the quote adds "d"'),
        ("a b y", "a b", 'the quote adds "y"'),
        ("w x y z", "a b c d", 'the source has "a b c d" where the quote has "w x y z"'),
        # words missing at either edge are the passage's edges, not a difference
        ("b c", "a b c", "the quote runs past the passage; check its beginning and end"),
        ("a b", "a b c", "the quote runs past the passage; check its beginning and end"),
        ("a b c", "a b c", "the quote runs past the passage; check its beginning and end"),
        (
            "a P b Q c R d",
            "a b c d",
            'the quote adds "P"; the quote adds "Q"; the quote adds "R"',
        ),
        (
            "a P b Q c R d S e",
            "a b c d e",
            'the quote adds "P"; the quote adds "Q"; the quote adds "R"; …',
        ),
        (
            "a x c y e",
            "a b c d e",
            'the source has "b" where the quote has "x"; the source has "d" where the quote has "y"',
        ),
    ],
)
def test_a_difference_in_words(quote: str, passage: str, said: str) -> None:
    assert describe_difference(quote, passage) == said


def test_a_long_quote_with_one_word_changed_still_has_a_closest_passage() -> None:
    """From 200 characters (or words) on, difflib takes frequent ones for junk unless told
    not to; in a quote made of frequent characters alone nothing would then be close."""
    passage = " ".join(["ab"] * 60 + ["cd"] + ["ab"] * 60)
    quote = passage.replace("cd", "dc")
    assert len(quote) == 362
    source = "Intro words come first here. " + passage
    assert one_paragraph(source).find(quote) == Missing(
        passage, 1, 'the source has "cd" where the quote has "dc"'
    )
    passage = " ".join(["ab"] * 150 + ["cd"] + ["ab"] * 60)  # 211 words
    quote = passage.replace("cd", "dc")
    assert one_paragraph("Intro words come first here. " + passage).find(quote) == Missing(
        passage, 1, 'the source has "cd" where the quote has "dc"'
    )


def test_a_long_quote_with_one_word_changed_is_told_in_that_word() -> None:
    passage = " ".join(["ab"] * 150 + ["cd"] + ["ab"] * 60)  # 211 words
    quote = passage.replace("cd", "dc")
    assert describe_difference(quote, passage) == 'the source has "cd" where the quote has "dc"'


def test_a_match_of_four_characters_is_close_enough_for_a_short_quote() -> None:
    """A quote of 24 characters needs a common run of max(4, 24 // 5) = 4 characters."""
    assert one_paragraph("wxyz is here.").find("wxyz01234567890123456789") == Missing(
        "wxyz is here",
        1,
        'the source has "wxyz is here" where the quote has "wxyz01234567890123456789"',
    )
    assert one_paragraph("wxy is here.").find("wxy012345678901234567890") == Missing(
        None, None, None
    )


def test_a_source_without_paragraphs_is_searched_whole() -> None:
    assert AnchoredSource("December days", ()).find("December nights") == Missing(
        "December days", 1, 'the source has "days" where the quote has "nights"'
    )


def test_the_closest_passage_reaches_its_paragraph_s_end_after_an_expansion() -> None:
    # "A… b c d." is 9 characters, 11 once "…" is "..."; paragraph 2 is "e f" at 11-14
    body = "A… b c d.\n\ne f"
    paragraphs = (Paragraph(1, 0, 9, 1), Paragraph(2, 11, 14, 3))
    assert AnchoredSource(body, paragraphs).find("b c x.") == Missing(
        "b c d.", 1, 'the source has "d." where the quote has "x."'
    )


def test_in_a_long_source_the_budget_is_charged_for_the_windows_only() -> None:
    """Three windows of about a hundred characters each, against a 49-character quote: a
    budget of one whole CLOSEST_PAIRS is plenty, were each window not charged as if it
    reached from the start of the text."""
    body, paragraphs = long_source()
    quote = "The regiment returned in December after 121 days."
    budget = ComparisonBudget(pairs=CLOSEST_PAIRS)
    assert AnchoredSource(body, paragraphs, budget).find(quote) == Missing(
        REGIMENT, 1701, 'the source has "120" where the quote has "121"'
    )


LONG_PARAGRAPH = (
    "Intro words come first here and then more words follow before it. "
    "The regiment returned in December after 120 days."
)


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "Yes, the regiment returned in December after 120 days.",
            Missing(
                "it. The regiment returned in December after 120 days.",
                1,
                'the source has "it. The" where the quote has "Yes, the"',
            ),
        ),
        (
            # two words left out before the longest common run: the passage reaches back
            # past where that run puts the quote's start
            "more words it. The regiment returned in December after 120 days!",
            Missing(
                "more words follow before it. The regiment returned in December after 120 days.",
                1,
                'the quote leaves out "follow before"; the source has "days." where the quote '
                'has "days!"',
            ),
        ),
        (
            "before it. The regiment came home in December",
            Missing(
                "before it. The regiment returned in December",
                1,
                'the source has "returned" where the quote has "came home"',
            ),
        ),
    ],
)
def test_the_closest_passage_lines_words_up_in_a_long_paragraph(
    quote: str, expected: Missing
) -> None:
    assert one_paragraph(LONG_PARAGRAPH).find(quote) == expected
