from generator.corpus.normalize import normalise, normalise_quote


def span(text: str, quote: str) -> str:
    """The original text the normalised quote maps back to."""
    norm = normalise(text)
    needle = normalise_quote(quote)
    at = norm.text.find(needle)
    assert at >= 0, (norm.text, needle)
    return text[norm.original_start(at) : norm.original_end(at + len(needle))]


def test_curly_and_straight_quotes_are_equal():
    assert normalise("“a” ‘b’ «c»").text == '"a" \'b\' "c"'


def test_dashes_ellipses_and_soft_hyphens():
    assert normalise("a—b – c…d\u00ade").text == "a-b - c...de"


def test_whitespace_runs_collapse_including_nbsp_and_newlines():
    assert normalise("a \n\n\u00a0 b\tc").text == "a b c"


def test_compatibility_forms_match_their_plain_letters():
    assert normalise_quote("ﬁne") == normalise_quote("fine")
    assert normalise_quote("e\u0301") == normalise_quote("é")


def test_case_is_kept():
    assert normalise("Kim").text != normalise("kim").text


def test_offsets_map_back_to_the_original_text():
    text = "He said “hi”  —\u00a0and…\n\nthen ﬁne."
    assert span(text, '"hi" - and...') == "“hi”  —\u00a0and…"
    assert span(text, "fine.") == "ﬁne."
    assert span(text, "then") == "then"


def test_zero_width_characters_vanish():
    assert normalise("a\u200bb").text == "ab"


def test_closest_passage_searches_share_a_budget() -> None:
    """Crafted content cannot make the closest-passage search (pure-Python difflib, which
    compares every pair of characters on repetitive text) run for hours: every search of
    one validation draws on one budget, and a quote too long to compare is not compared."""
    from generator.corpus.anchor import CLOSEST_PAIRS, AnchoredSource, ComparisonBudget
    from generator.corpus.read import split_paragraphs

    body = "The regiment returned in December after 120 days.\n\nOther text."
    quote = "The regiment returned in November after 120 days."
    found = AnchoredSource(body, split_paragraphs(body, 1), ComparisonBudget()).find(quote)
    assert found.closest == "The regiment returned in December after 120 days."  # type: ignore[union-attr]
    spent = ComparisonBudget(pairs=0)
    assert AnchoredSource(body, split_paragraphs(body, 1), spent).find(quote).closest is None  # type: ignore[union-attr]
    budget = ComparisonBudget()
    AnchoredSource(body, split_paragraphs(body, 1), budget).find(quote)
    characters = len(normalise(body).text) * len(normalise_quote(quote))
    words = 8 * 8  # then the passage's words against the quote's, to line them up
    assert budget.pairs == 25 * CLOSEST_PAIRS - characters - words
    huge = "a" * 200_000
    assert AnchoredSource._windows(huge, "a" * 2_999 + "b") == []  # too long to compare even once
    windows = AnchoredSource._windows("x " * 100_000 + "needle here", "a needle here")
    assert windows and all((high - low) * 13 <= CLOSEST_PAIRS for low, high in windows)
