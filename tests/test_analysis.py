"""The analysis is parsed once: what validation refuses is what that parse found, and
render shows that same parse (sanitised), never a second conversion."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import markdown
import pytest
import yaml
from contentkit import claim_with, write_content
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus import analysis as parse
from generator.corpus.analysis import RAW_HTML, ConvertedAnalysis, convert_analysis
from generator.corpus.pipeline import check, validate_content
from generator.render import views

SHIPPED_CLAIMS = sorted((Path(__file__).resolve().parents[1] / "content" / "claims").glob("*.yaml"))
DEFAULT_ANALYSIS = (
    "  The article says the regiment returned after [120 days](https://example.org/a).\n"
)


def problems_of(tmp_path: Path, analysis: str) -> list[str]:
    """`line:col: message` of each error `factcheck validate` gives for `analysis`
    (written as a literal block whose text starts on line 12 of the claim file)."""
    block = "analysis: |\n" + "".join(
        f"  {line}\n" if line else "\n" for line in analysis.split("\n")
    )
    text = claim_with(analysis=block.rstrip("\n")).replace(DEFAULT_ANALYSIS, "")
    report = validate_content(write_content(tmp_path, {"c.yaml": text}))
    return [f"{p.line}:{p.col}: {p.message}" for p in report.errors]


# What looks like HTML, a link or an image to a scan of the text, but is not one to the
# Markdown parser that renders the analysis (a regex scan refused each of these).
NOT_HTML_TO_THE_PARSER = {
    "a double-backtick code span": "Compare ``<b>`` with bold.",
    "a code span over two lines": "Write `a\n<b>` to bold.",
    "an indented code block": "Code:\n\n    <b>indented</b>\n",
    "a reference definition in an indented code block": "Code:\n\n    [r]: javascript:alert(1)\n",
    "a link's title": '[a](https://example.org "<b>bold</b>")',
}


@pytest.mark.parametrize("analysis", NOT_HTML_TO_THE_PARSER.values(), ids=NOT_HTML_TO_THE_PARSER)
def test_what_the_parser_reads_as_code_or_text_is_not_refused(
    tmp_path: Path, analysis: str
) -> None:
    assert convert_analysis(analysis).problems == ()
    assert problems_of(tmp_path, analysis) == []


def test_a_short_reference_image_is_refused(tmp_path: Path) -> None:
    """`![p]` with `[p]: ...` elsewhere is an image too (a scan for `![...](` or
    `![...][` misses it)."""
    assert problems_of(tmp_path, "See ![p].\n\n[p]: https://example.org/p.png") == [
        "12:7: images are not allowed in analysis (they would load from outside the site)",
    ]


def test_a_link_target_is_read_as_the_parser_reads_it(tmp_path: Path) -> None:
    """Balanced parentheses belong to the target: the page would link to all of it."""
    assert problems_of(tmp_path, "[x](javascript:alert(1))") == [
        "12:7: link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ]


def test_links_to_one_reference_definition_are_one_problem_at_the_definition(
    tmp_path: Path,
) -> None:
    assert problems_of(tmp_path, "[a][r], [b][r] and [r].\n\n[r]: javascript:alert(1)") == [
        "14:8: link 'javascript:alert(1)' is not allowed; links must start with http:// or https://",
    ]


def test_a_tag_is_placed_on_its_own_line_not_on_the_code_that_shows_it() -> None:
    text = "Write `<b>` for bold,\nbut not <b> itself."
    (problem,) = convert_analysis(text).problems
    assert (problem.offset, problem.message) == (text.rindex("<b>"), RAW_HTML)


def test_a_tag_broken_over_two_lines_of_a_folded_block_is_found_on_the_first(
    tmp_path: Path,
) -> None:
    """A folded block (`>`) joins its lines with spaces, so the tag the parse sees is not on
    one line of the file: it is placed by its start."""
    text = claim_with(analysis="analysis: >\n  First line, and\n  an <img\n  src=x> here.")
    report = validate_content(
        write_content(tmp_path, {"c.yaml": text.replace(DEFAULT_ANALYSIS, "")})
    )
    assert [f"{p.line}:{p.col}: {p.message}" for p in report.errors] == [f"13:6: {RAW_HTML}"]


def test_render_sanitises_the_parse_that_validation_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = check(write_content(tmp_path))
    (doc,) = corpus.claims
    assert doc.analysis_html == convert_analysis(doc.claim.analysis).html
    parsed = ConvertedAnalysis(doc.claim.analysis, "<p>As <em>parsed</em> once</p>")
    marked = dataclasses.replace(doc, converted_analysis=parsed)
    edited = dataclasses.replace(corpus, claims=(marked,))

    def second_conversion(*_: object) -> str:
        raise AssertionError("render converted the analysis again")

    monkeypatch.setattr(markdown.Markdown, "convert", second_conversion)
    views.forget_last_view()
    views.forget_analyses()
    (view,) = views.site_view(edited).claims
    assert "<p>As <em>parsed</em> once</p>" in view.analysis
    views.forget_last_view()
    views.forget_analyses()


# -- the shortcut: an analysis that surely holds nothing forbidden --------------------------

_PIECES = st.sampled_from(
    [
        *("[", "]", "(", ")", "<", ">", "!", ":", "`", "\\", '"', "'", "*", " ", "\n", "\n\n"),
        *("a", "word", "https://example.org/x", "http://a.b", "javascript:x", "ftp://f", "#top"),
        *("[a](", "](https://example.org)", "](/x)", "][", "[id]", "[id]: ", "    "),
    ]
)


def _converted_in_full(text: str) -> tuple[str, tuple[parse.AnalysisProblem, ...]]:
    """What converting `text` gives without the shortcut: its HTML and its problems."""
    converter = parse._converter()
    html = converter.convert(text)
    return html, parse._placed(text, converter.found)


@settings(max_examples=600, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_an_analysis_the_shortcut_passes_holds_nothing_forbidden(text: str) -> None:
    html, problems = _converted_in_full(text)
    if parse.finds_nothing(text):
        assert problems == ()
    assert convert_analysis(text).html == html


def test_the_shortcut_takes_the_shipped_analyses_and_leaves_a_bad_link() -> None:
    texts = [yaml.safe_load(p.read_text("utf-8"))["analysis"] for p in SHIPPED_CLAIMS]
    assert texts and all(parse.finds_nothing(text) for text in texts)
    assert not parse.finds_nothing("See [this](javascript:alert(1)).")
    assert convert_analysis("See [this](javascript:alert(1)).").problems
