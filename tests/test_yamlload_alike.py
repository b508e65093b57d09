"""Reading YAML at desk scale: `yamlload.load_yaml` reads a document without positions when
it keeps every rule, and finds them only when asked; a document that breaks one is read with
them at once. Either way, what is read, and where each problem is, is the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert list(quick.values) == list(full.values) and list(quick.keys) == list(full.keys)
    assert quick.position(()) == full.position(())
    if isinstance(full.data, dict):  # a top-level key is found without reading the rest
        for name in [*full.data, "not-a-key"]:
            for key in (False, True):
                fresh, _ = load_yaml(text, first_line=3)
                assert fresh.position((name,), key=key) == full.position((name,), key=key)


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


def test_an_anchor_named_twice_is_placed_alike() -> None:
    """libyaml's composer, which places the values of a document read without positions,
    refuses an anchor named twice; the positions are then read as `_Builder` reads them."""
    assert_read_alike("a: &a z\nb: &a z\n")
