"""Property tests: the normaliser, the quote finder and the loader on generated input.

Example counts are kept moderate (the whole suite must stay fast). Failures
Hypothesis finds are replayed from its database (.hypothesis/) until fixed; the
@example cases are the bugs found so far, kept as regressions.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from generator.corpus.analysis import convert_analysis
from generator.corpus.anchor import AnchoredSource, Found
from generator.corpus.normalize import normalise, normalise_quote
from generator.corpus.pipeline import validate_content
from generator.corpus.read import split_paragraphs
from generator.corpus.validate import Report

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Characters that exercise every rule of the normaliser, plus ordinary text.
TRICKY = (
    "“”‘’«»\"'`´′″ʼ‚„‛‟"  # quotes
    "-‐‑‒–—―−﹘﹣－"  # dashes
    "…"  # ellipsis
    "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # soft hyphen, zero-width
    " \t\u00a0\u2002\u2003\u3000\u2028\u2029\x85\x0b\x0c"  # spaces and odd breaks
    "ﬁﬂﬃ①⑴²½Ｋｉｍ™"  # compatibility forms
    "e\u0301é¨˘῾"  # combining marks, spacing diacritics
    "Ǆǅǆ㍿ﷺ"  # long expansions
    "abcKim.,;:!?0123456789"
    "<>&[](){}*_#|\\"
    "\U0001f600"
)
texts = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=200)
paragraph = st.text(
    alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8", exclude_characters="\n\r"),
    min_size=1,
    max_size=120,
)


# -- normaliser ----------------------------------------------------------------------


@SETTINGS
@given(texts)
def test_normalise_never_crashes_and_its_offset_map_is_sound(text: str) -> None:
    norm = normalise(text)
    assert "  " not in norm.text  # runs of whitespace collapse, even a diacritic's own space
    previous = 0
    for index in range(len(norm.text)):
        start = norm.original_start(index)
        end = norm.original_end(index + 1)
        assert 0 <= start < end <= len(text)
        assert start >= previous
        previous = start


@SETTINGS
@given(texts)
def test_normalising_is_idempotent_on_quotes(text: str) -> None:
    once = normalise_quote(text)
    assert normalise_quote(once) == once


# -- the quote finder ----------------------------------------------------------------


@st.composite
def source_and_quote(draw: st.DrawFn) -> tuple[str, str]:
    """A source body (paragraphs separated by blank lines) and a quote cut from one paragraph."""
    paragraphs = draw(st.lists(paragraph.filter(lambda p: p.strip()), min_size=1, max_size=5))
    body = "\n\n".join(p.strip() for p in paragraphs)
    chosen = draw(st.sampled_from(split_paragraphs(body, 1)))
    start = draw(st.integers(chosen.start, chosen.end - 1))
    end = draw(st.integers(start + 1, chosen.end))
    quote = body[start:end]
    assume(
        normalise_quote(quote)
    )  # a quote of only spaces/zero-width characters is refused earlier
    return body, quote


@SETTINGS
@given(source_and_quote())
@example(("He said… He said.", "He said."))  # the first "He said." was matched inside "He said..."
@example(("a\n\nb a b", "a b"))  # an earlier match across the paragraph break hid this one
@example(("oﬃce of", "of"))  # "of" was matched inside the expansion of "ﬃ"
@example(("x ¨ y", "¨"))
def test_a_quote_cut_from_a_paragraph_is_always_found(case: tuple[str, str]) -> None:
    body, quote = case
    source = AnchoredSource(body, split_paragraphs(body, 1))
    result = source.find(quote)
    assert isinstance(result, Found), result
    assert result.spans_paragraphs is None
    span = body[result.anchor.start : result.anchor.end]
    assert normalise_quote(span) == normalise_quote(quote)
    assert source.paragraph_at(result.anchor.start) == result.anchor.paragraph


@SETTINGS
@given(texts, texts)
def test_the_quote_finder_never_crashes(body: str, quote: str) -> None:
    source = AnchoredSource(body, split_paragraphs(body, 1))
    result = source.find(quote)
    if isinstance(result, Found):
        assert 0 <= result.anchor.start < result.anchor.end <= len(body)
    elif result.closest is not None:
        assert result.closest in body


# -- the analysis checker ------------------------------------------------------------


@SETTINGS
@given(texts)
def test_analysis_checker_never_crashes(text: str) -> None:
    for problem in convert_analysis(text).problems:
        assert 0 <= problem.offset <= len(text) and problem.length >= 0 and problem.message


# -- the loader ----------------------------------------------------------------------

YAML_TOKENS = [
    *"-:[]{}&*!|>'\"#%@`,?~=<. \n\t\r\x85\u2028\ufeff\x00\x07abcxyz019é“",
    "!!python/object/apply:os.system ",
    "!!str ",
    "!!binary ",
    "!foo ",
    "&a ",
    "*a",
    "<<: ",
    "---\n",
    "...\n",
    "%YAML 1.1\n",
    "question: ",
    "citations:\n  - ",
    "  quote: ",
    "source: article\n",
    "\\u",
    "\\x",
    "\n  ",
    "\n    ",
    "2026-02-30",
    ".nan",
    "0x1F",
    "1e9999",
]
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS), max_size=80).map("".join)

VALID_SOURCE = "---\ntitle: T\noutlet: O\npublished: unknown\nretrieved: unknown\nlanguage: en\n---\nSome text here.\n"


def validate_files(root: Path, claim: bytes, source: bytes) -> Report:
    content = root / "content"
    (content / "claims").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    (content / "claims" / "fuzz.yaml").write_bytes(claim)
    (content / "sources" / "fuzz.md").write_bytes(source)
    (content / "sources" / "article.md").write_text(VALID_SOURCE, encoding="utf-8")
    return validate_content(content)


def check_report(report: Report) -> None:
    assert isinstance(report, Report)
    for problem in report.problems:
        assert problem.line >= 1 and problem.col >= 1
        assert problem.message and "\n" not in problem.message


@SETTINGS
@given(st.binary(max_size=600), st.binary(max_size=600))
def test_validate_returns_a_report_for_any_bytes(
    tmp_path_factory, claim: bytes, source: bytes
) -> None:
    check_report(validate_files(tmp_path_factory.mktemp("bytes"), claim, b"---\n" + source))


@SETTINGS
@given(YAMLISH, YAMLISH, YAMLISH)
def test_validate_returns_a_report_for_yaml_like_text(
    tmp_path_factory, claim: str, front: str, body: str
) -> None:
    source = f"---\n{front}\n---\n{body}"
    check_report(
        validate_files(
            tmp_path_factory.mktemp("yamlish"),
            claim.encode("utf-8", "surrogatepass"),
            source.encode("utf-8", "surrogatepass"),
        )
    )


@SETTINGS
@given(st.text(max_size=300), st.text(max_size=300))
def test_any_text_in_a_well_formed_claim_gives_a_report(
    tmp_path_factory, quote: str, summary: str
) -> None:
    claim = (
        f"question: Q?\nclaim: C.\nclaimant: X\nstatus: false\nsummary: {json.dumps(summary)}\n"
        f"citations:\n  - source: article\n    quote: {json.dumps(quote)}\n    stance: refutes\n"
        "analysis: A.\ntags: [t]\npublished: 2026-01-01\nupdated: 2026-01-01\n"
    )
    check_report(
        validate_files(
            tmp_path_factory.mktemp("claim"),
            claim.encode("utf-8", "surrogatepass"),
            VALID_SOURCE.encode(),
        )
    )


# -- shortened labels -------------------------------------------------------------------


@SETTINGS
@given(
    st.text(alphabet=st.sampled_from("ab ,.()[]{}“”‘’«»\"'"), max_size=80),
    st.integers(min_value=8, max_value=60),
)
def test_a_shortened_label_fits_and_leaves_no_mark_open(text: str, limit: int) -> None:
    from generator.render.labels import _unclosed, shorten

    label = shorten(text, limit)
    assert len(label) <= limit
    if label != " ".join(text.split()):
        assert label.endswith("…") or label.rstrip('])}”’»"').endswith("…")
        assert _unclosed(label) == []


_WORD_BREAKS = " -\u2010\u2013\u2014/"
"""Where a label may end inside the text: a space, or a hyphen, dash or slash within a word."""
_LABEL_PIECES = (*"abcdé-\u2013/,.()“”\"'", "e\u0301", "\U0001f468\u200d\U0001f469", "\u2764\ufe0f")
"""Letters, marks, and characters written with more than one code point: a letter and its
combining accent, emoji joined by a zero-width joiner, an emoji and its variation selector."""
label_words = st.lists(st.sampled_from(_LABEL_PIECES), min_size=1, max_size=40).map("".join)
"""Words short and long, with hyphens and slashes, brackets and quotes."""


@SETTINGS
@example(["A", "Supercalifragilisticexpialidocious", "word"], 20)
@example(["Kim", "honours", "Pneumonoultramicroscopicsilicovolcanoconiosis"], 32)
@given(st.lists(label_words, min_size=1, max_size=8), st.integers(min_value=8, max_value=60))
def test_a_shortened_label_cuts_no_word_it_could_keep_whole(words: list[str], limit: int) -> None:
    """Whatever the words, a label is the text's start up to a word boundary, cut inside a word
    only when no earlier word could end it (the first word is longer than the room), and never
    between a letter and what is joined to it; it fits and leaves no mark open."""
    import unicodedata

    from generator.render.labels import _CLOSERS, _unclosed, shorten

    text = " ".join(words)
    label = shorten(text, limit)
    assert len(label) <= limit
    if label == text:
        return
    assert _unclosed(label) == []
    kept = label.rstrip("".join(_CLOSERS))
    assert kept.endswith("…"), label
    kept = kept.removesuffix("…")
    assert text.startswith(kept), (text, label)
    after = text[len(kept)]
    if (
        kept and after not in _WORD_BREAKS
    ):  # inside a word, nothing joined is split: no accent cut off its letter, no emoji apart
        assert (
            not unicodedata.category(after).startswith("M")
            and "\u200d" not in text[len(kept) - 1 : len(kept) + 1]
        )
    if kept and (kept[-1].isalnum() and after.isalnum()):  # cut inside a word: no boundary earlier
        first_word = next(offset for offset, char in enumerate(kept) if char.isalnum())
        assert not any(char in _WORD_BREAKS for char in kept[first_word:]), (text, limit, label)
