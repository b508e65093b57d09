"""The benchmark's corpus generator (smoke test at N=20), and the equivalence of the
performance shortcuts with what they replace (same output, byte for byte)."""

from __future__ import annotations

import hashlib
import posixpath
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import (
    big_source,
    claim_id,
    copy_shipped,
    edit_claim,
    generate,
    source_count,
)
from benchmarks.floor import floor
from benchmarks.run import (
    TARGET_FLAT,
    Builds,
    bare_flat_row,
    floor_row,
    startup_floor_row,
    startup_needed,
)
from generator.corpus import yamlload
from generator.corpus.anchor import AnchoredSource, Found
from generator.corpus.normalize import NormalisedText, _normalise_char, normalise, normalise_quote
from generator.corpus.pipeline import validate_content
from generator.corpus.read import split_paragraphs
from generator.render.docs import _FAST_DUMPER_SAFE, front_matter
from generator.render.paths import _relative_path


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_the_corpus_validates_and_every_quote_anchors(tmp_path: Path) -> None:
    made = generate(tmp_path / "content", 20)
    assert (made.claims, made.sources, made.citations) == (20, 2, 60)
    report = validate_content(made.root)
    assert [p.format() for p in report.problems if p.is_error] == []
    assert report.corpus is not None
    assert (report.claims, report.sources, report.citations) == (20, 2, 60)
    assert all(len(doc.citation_anchors) == 3 for doc in report.corpus.claims)


def test_the_copied_shipped_claims_validate_with_their_related_claims(tmp_path: Path) -> None:
    """`benchmarks/scale.py`'s corpus: two rounds of the shipped claims and a part of a third,
    each copy's related claims naming copies (of its own round, or of the first)."""
    shipped = len(list((Path(__file__).resolve().parents[1] / "content" / "claims").glob("*.yaml")))
    claims = 2 * shipped + 3
    content = tmp_path / "content"
    citations = copy_shipped(content, claims)
    report = validate_content(content)
    assert [str(p) for p in report.errors] == []
    assert len(report.corpus.claims) == claims and citations > claims
    related = {doc.id: doc.claim.related for doc in report.corpus.claims}
    assert any(related.values())
    for doc_id, others in related.items():
        for other in others:
            assert other in related and other != doc_id


def test_the_corpus_is_deterministic_for_a_seed(tmp_path: Path) -> None:
    one = generate(tmp_path / "a", 20, seed=3)
    two = generate(tmp_path / "b", 20, seed=3)
    other = generate(tmp_path / "c", 20, seed=4)
    assert digest(one.root) == digest(two.root) != digest(other.root)


def test_every_quote_is_a_verbatim_passage_of_its_source(tmp_path: Path) -> None:
    made = generate(tmp_path / "content", 20)
    sources = {p.stem: p.read_text(encoding="utf-8") for p in (made.root / "sources").glob("*.md")}
    for path in (made.root / "claims").glob("*.yaml"):
        for citation in yaml.safe_load(path.read_text(encoding="utf-8"))["citations"]:
            assert citation["quote"] in sources[citation["source"]]


def test_sizes_follow_the_issue() -> None:
    assert source_count(10_000) == 1_000 and source_count(2_000) == 200 and source_count(5) == 1


def test_the_floor_makes_a_page_per_claim_with_its_quotes_and_analysis(tmp_path: Path) -> None:
    generate(tmp_path / "content", claims=20, seed=0)
    spent = floor(tmp_path / "content", tmp_path / "floor")
    pages = sorted((tmp_path / "floor").glob("*.md"))
    assert len(pages) == 20
    first_file = sorted((tmp_path / "content" / "claims").glob("*.yaml"))[0]
    first = yaml.safe_load(first_file.read_text(encoding="utf-8"))
    page = pages[0].read_text(encoding="utf-8")
    assert first["claim"] in page and "<p>" in page  # the analysis went through Markdown, unescaped
    assert page.count("> ") == len(first["citations"])
    assert set(spent) == {"yaml_s", "markdown_s", "jinja_s", "write_s", "total_s"}
    assert spent["total_s"] == pytest.approx(sum(v for k, v in spent.items() if k != "total_s"))


def test_the_floor_and_bare_flatness_rows() -> None:
    stage = {
        "total_s": 25.8,
        "floor": {"yaml_s": 3.0, "markdown_s": 2.0, "jinja_s": 0.5, "write_s": 1.0, "total_s": 6.5},
    }
    row = floor_row(10_000, stage)
    assert "10,000 claims" in row and "| 6.50 s: YAML 3.00 s" in row and "25.80 s" in row
    builds = {100: Builds(100, bare=[1.8, 1.9]), 2_000: Builds(2_000, bare=[22.4])}
    assert bare_flat_row(builds).endswith("18.0 ms at 100, 11.2 ms at 2,000: 1.61x | — |")


def test_the_start_up_needed_for_flat_time_per_claim_is_exactly_the_limit() -> None:
    builds = {
        100: Builds(100, ours=[1.11]),
        1_000: Builds(1_000, ours=[5.9]),
        2_000: Builds(2_000, ours=[12.5]),
    }
    needed = startup_needed(builds, 0.46)
    assert needed is not None
    per_claim = {n: (min(b.ours) - 0.46 + needed) / n for n, b in builds.items()}
    assert max(per_claim.values()) / min(per_claim.values()) == pytest.approx(TARGET_FLAT)
    assert needed == pytest.approx(0.1953, abs=1e-4)
    row = startup_floor_row(builds, {"ours": 0.46, "ours_serial": 0.46, "bare": 0.37})
    assert "(0.37 s)" in row and "1.76x" in row and "at most 0.20 s" in row
    assert (
        startup_needed({100: Builds(100, ours=[3.0]), 2_000: Builds(2_000, ours=[12.5])}, 0.46)
        is None
    )


def test_an_edited_claim_still_validates_and_shows_the_marker(tmp_path: Path) -> None:
    made = generate(tmp_path / "content", 20)
    path = edit_claim(made.root, 7, "marker-123")
    assert path.name == f"{claim_id(7)}.yaml"
    report = validate_content(made.root)
    assert report.corpus is not None
    (doc,) = [d for d in report.corpus.claims if d.id == claim_id(7)]
    assert "marker-123" in doc.claim.summary


def test_the_long_source_quotes_all_anchor() -> None:
    body, quotes = big_source(50_000, 50)
    source = AnchoredSource(body, split_paragraphs(body, 1))
    assert all(isinstance(source.find(quote), Found) for quote in quotes)


def test_the_fast_yaml_loader_is_used() -> None:
    if getattr(yaml, "__with_libyaml__", False):
        assert yamlload._Loader is yaml.CSafeLoader


# -- shortcuts give the same bytes --------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
_TRICKY = st.text(
    alphabet=" \t\n\u00a0\u3000\u2028\u00a8\u1fbda\u00e9\u2026\u2014\u201c\u2019\u00ad\u200b",
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["title", "description"]),
        st.one_of(
            _TEXT,
            _TRICKY,
            st.sampled_from(["null", "yes", "- x", "a: b", "#c", "'q'", '"d"', "1.5", "~"]),
        ),
    )
)
def test_front_matter_bytes_do_not_depend_on_the_emitter(meta: dict[str, str]) -> None:
    from generator.render.markup import escape_html_text

    expected = yaml.safe_dump(
        {k: str(escape_html_text(v)) for k, v in meta.items()},
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000_000,
    )
    assert front_matter(meta) == f"---\n{expected}---\n\n"


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=("Cs",)), max_size=60))
def test_libyaml_writes_what_pyyaml_writes_for_the_values_it_is_given(value: str) -> None:
    if not _FAST_DUMPER_SAFE.match(value) or not hasattr(yaml, "CSafeDumper"):
        return
    data = {"title": value}
    options = {"sort_keys": False, "allow_unicode": True, "width": 1_000_000_000}
    assert yaml.dump(data, Dumper=yaml.CSafeDumper, **options) == yaml.safe_dump(data, **options)


_SEGMENT = st.from_regex(r"[a-z0-9][a-z0-9-]{0,3}", fullmatch=True)


@given(st.lists(_SEGMENT, min_size=1, max_size=4), st.lists(_SEGMENT, max_size=3))
def test_relative_links_match_posixpath(target: list[str], from_dir: list[str]) -> None:
    path = "/".join(target) + ".md"
    start = "/".join(from_dir)
    assert _relative_path(path, start) == posixpath.relpath(path, start or ".")


def _reference_normalise(text: str) -> NormalisedText:
    """The normaliser before the lone-space shortcut: one segment per whitespace run."""
    out: list[str] = []
    seg_norm: list[int] = []
    seg_orig: list[int] = []
    seg_len: list[int] = []
    seg_plain: list[bool] = []
    size, last_space = 0, False

    def emit(piece: str, orig_start: int, orig_len: int, plain: bool) -> None:
        nonlocal size, last_space
        seg_norm.append(size)
        seg_orig.append(orig_start)
        seg_len.append(orig_len)
        seg_plain.append(plain)
        out.append(piece)
        size += len(piece)
        last_space = piece.endswith(" ")

    pos = 0
    for match in re.finditer(r"\s+|[^\x00-\x7f]", text):
        if match.start() > pos:
            emit(text[pos : match.start()], pos, match.start() - pos, True)
        token = match.group()
        piece = " " if token.isspace() else _normalise_char(token)
        if last_space and piece.startswith(" "):
            piece = piece[1:]
        if piece:
            emit(piece, match.start(), len(token), False)
        pos = match.end()
    if pos < len(text):
        emit(text[pos:], pos, len(text) - pos, True)
    return NormalisedText(
        "".join(out), tuple(seg_norm), tuple(seg_orig), tuple(seg_len), tuple(seg_plain)
    )


@settings(max_examples=500, deadline=None)
@given(
    st.one_of(_TRICKY, st.text(max_size=30), st.text(alphabet="ab \t\n\u00a0\u00a8é", max_size=30))
)
def test_the_normaliser_shortcut_changes_nothing(text: str) -> None:
    ours, reference = normalise(text), _reference_normalise(text)
    assert ours.text == reference.text
    assert normalise_quote(text) == reference.text.strip()
    for index in range(len(ours.text) + 1):
        assert ours.starts_whole(index) == reference.starts_whole(index)
        assert ours.ends_whole(index) == reference.ends_whole(index)
        if index < len(ours.text):
            assert ours.original_start(index) == reference.original_start(index)
        if index > 0:
            assert ours.original_end(index) == reference.original_end(index)


_WORD_CHOICES = st.sampled_from(["ab", "b", "a", "ba", "\u2026", "x\u00e9", "c"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_WORD_CHOICES, min_size=1, max_size=12), min_size=1, max_size=4),
    st.lists(_WORD_CHOICES, min_size=1, max_size=6),
    st.booleans(),
)
def test_the_word_index_finds_what_a_scan_finds(
    paragraphs: list[list[str]], quote: list[str], cut: bool
) -> None:
    import generator.corpus.anchor as anchor

    body = "\n\n".join(" ".join(words) for words in paragraphs)
    needle = " ".join(quote)
    if cut and len(needle) > 2:
        needle = needle[1:-1]  # a quote may start and end inside words
    if not needle.strip():
        return
    normalised = normalise_quote(needle)
    scanned = AnchoredSource(body, split_paragraphs(body, 1))
    expected = (scanned.find(needle), list(scanned._occurrences(normalised)))
    saved = anchor.INDEXED_FROM
    try:
        anchor.INDEXED_FROM = 0
        indexed = AnchoredSource(body, split_paragraphs(body, 1))
        assert (indexed.find(needle), list(indexed._occurrences(normalised))) == expected
    finally:
        anchor.INDEXED_FROM = saved
