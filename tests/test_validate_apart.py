"""`factcheck validate` at desk scale: the shortcuts it takes give the report a plain
validation gives, line numbers and all.

* `yamlload.load_yaml` reads a document without positions when it keeps every rule, and
  finds them only when asked; a document that breaks one is read with them at once.
* `analysis.finds_nothing` says when converting an analysis cannot find anything it may
  not contain, so that `validate` (which needs no HTML) can leave the conversion out.
* `pipeline.problems_of` reads and judges the claims in forked processes, then finds the
  closest passage of each quote not found, and the lone tags, in the files' order.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from contentkit import CLAIM, SOURCE, claim_with, write_content
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus import anchor, validate
from generator.corpus.analysis import convert_analysis, finds_nothing
from generator.corpus.pipeline import problems_of, validate_content
from generator.corpus.yamlload import _load_located, load_yaml

CASES = Path(__file__).resolve().parent / "hostile" / "cases"
ROOT = Path(__file__).resolve().parent.parent

# ------------------------------------------------------------------- YAML without positions


def assert_read_alike(text: str) -> None:
    """`load_yaml` gives what the positioned reader gives: values, problems, positions."""
    quick, quick_problems = load_yaml(text, first_line=3)
    full, full_problems = _load_located(text, 3)
    assert quick_problems == full_problems
    assert quick.data == full.data
    assert quick.values == full.values and quick.keys == full.keys
    assert quick.position(()) == full.position(())


_WORDS = st.sampled_from(
    [
        *("a", "b", "yes", "no", "null", "~", "1", "-2.5", "0x1F", "2025-12-12", "2025-13-01"),
        *(".inf", "<<", "true", "False", "'q'", '"d\\x07"', '"ok"', "!!str x", "!tag y", "&a z"),
        *("*a", "[1, 2]", "{k: v}", "|\n  block", ">-\n  folded", "'it''s'", "é", ""),
    ]
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Small YAML documents, many of them breaking a rule (aliases, tags, merge keys,
    duplicate keys, control characters, keys that are not words, syntax errors)."""
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        indent = "  " * draw(st.integers(0, 2))
        key = draw(st.sampled_from(["a", "b", "c", "1", "true", "<<", "'q'", "[k]", "- x"]))
        lines.append(f"{indent}{key}: {draw(_WORDS)}")
    return "\n".join(lines) + "\n"


@settings(max_examples=400, deadline=None)
@given(documents())
def test_a_document_read_without_positions_is_read_alike(text: str) -> None:
    assert_read_alike(text)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.one_of(st.text(max_size=12), st.integers(), st.booleans(), st.none()),
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(min_size=1, max_size=6), children, max_size=4),
        ),
        max_leaves=24,
    ),
    st.sampled_from([False, True, None]),
)
def test_dumped_data_is_read_alike(data: object, flow: bool | None) -> None:
    assert_read_alike(yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True))


@pytest.mark.parametrize(
    "path",
    sorted([*CASES.rglob("*.yaml"), *CASES.rglob("*.md"), *(ROOT / "content").rglob("*.yaml")]),
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_every_hostile_and_shipped_file_is_read_alike(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: refused before any YAML is read")
    assert_read_alike(text.split("\n---\n")[0].removeprefix("---\n"))


@pytest.mark.slow
def test_deep_nesting_and_too_many_values_are_refused_alike() -> None:
    assert_read_alike("a: " + "[" * 40 + "]" * 40 + "\n")
    assert_read_alike("a: [" + ", ".join(["1"] * 100_001) + "]\n")


# ------------------------------------------------------------------- analyses not converted

_MARKDOWN = st.lists(
    st.sampled_from(
        [
            *("word", " ", "\n", "\n\n", "[", "]", "(", ")", "!", "<", ">", ":", "`", "\\", '"'),
            *("'", "https://a.org/x", "http://b.org", "javascript:x", "mailto:m@x.org", "data:x"),
            *("](", "](https://", "![", "]:", "<b>", "&lt;", "    ", "*", "#", "|", "-"),
        ]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=2000, deadline=None)
@given(_MARKDOWN)
def test_an_analysis_said_to_find_nothing_finds_nothing(text: str) -> None:
    if finds_nothing(text):
        assert convert_analysis(text).problems == ()


def test_plain_links_find_nothing_and_anything_else_is_converted() -> None:
    assert finds_nothing("See [the report](https://example.org/r?a=1&b=2), p. 4.")
    for text in (
        "See [it](javascript:alert(1)).",
        "See [it](https://example.org/a b).",
        "See <https://example.org>.",
        "![p](https://example.org/p.png)",
        "[r]: https://example.org",
    ):
        assert not finds_nothing(text), text


# ------------------------------------------------------------------- claims judged apart


def shares_of_one_id(paths: tuple[Path, ...], jobs: int) -> list[list[Path]]:
    """A share for each id (the real shares are larger, and never part an id either)."""
    return [[p for p in paths if p.stem == stem] for stem in dict.fromkeys(p.stem for p in paths)]


def reports_alike(content: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`problems_of` in one process and in two (forking even for a few claims) gives
    `validate_content`'s problems and counts."""
    whole = validate_content(content)
    expected = (whole.problems, whole.claims, whole.sources, whole.citations)
    alone = problems_of(content, jobs=1)
    assert (alone.problems, alone.claims, alone.sources, alone.citations) == expected
    monkeypatch.setattr(validate, "CLAIMS_APART", 1)
    monkeypatch.setattr(validate, "_shares", shares_of_one_id)
    apart = problems_of(content, jobs=2)
    assert (apart.problems, apart.claims, apart.sources, apart.citations) == expected
    assert apart.corpus is None


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_each_hostile_case_gets_the_same_report_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(CASES / case, content)
    reports_alike(content, monkeypatch)


def test_the_shipped_content_gets_the_same_report_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    reports_alike(content, monkeypatch)


def missing_quote(number: int) -> str:
    return claim_with(
        citations=(
            "citations:\n  - source: article\n"
            f"    quote: returned in Decenber after {number} dayz\n    stance: supports"
        )
    )


def test_closest_passages_are_looked_for_in_file_order_with_one_budget(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a budget for only some of the searches, the same quotes get a closest passage
    whatever process judged them: the first ones, in the files' order."""
    claims = {f"claim-{i:02d}.yaml": missing_quote(i) for i in range(12)}
    content = write_content(tmp_path, claims)
    full = validate_content(content).problems
    assert all("closest passage" in p.message for p in full)
    pairs = 5 * 8_000  # each search compares the short source with the quote: about 8,000 pairs
    monkeypatch.setattr(validate, "ComparisonBudget", lambda: anchor.ComparisonBudget(pairs))
    limited = validate_content(content).problems
    hinted = ["closest passage" in p.message for p in limited]
    assert 0 < hinted.count(True) < len(hinted) and hinted == sorted(hinted, reverse=True)
    reports_alike(content, monkeypatch)


def test_lone_tags_and_ids_shared_by_two_files_are_judged_over_all_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tagged = {
        f"claim-{i}.yaml": claim_with(tags=f"tags: [{tag}]")
        for i, tag in enumerate(["casualties", "casualties", "casualty", "deployment"])
    }
    content = write_content(
        tmp_path, {**tagged, "twice.yaml": CLAIM, "twice.yml": CLAIM}, {"article.md": SOURCE}
    )
    problems = validate_content(content).problems
    assert any("did you mean 'casualties'" in p.message for p in problems)
    assert any("duplicate claim id 'twice'" in p.message for p in problems)
    reports_alike(content, monkeypatch)


def test_a_share_never_parts_files_with_the_same_id() -> None:
    paths = tuple(Path(f"claims/{name}") for name in ["a.yaml", "b.yaml", "b.yml", "c.yaml"])
    shares = validate._shares(paths, jobs=4)  # shares of one file, but for the two b's
    assert [[p.name for p in share] for share in shares] == [
        ["a.yaml"],
        ["b.yaml", "b.yml"],
        ["c.yaml"],
    ]
