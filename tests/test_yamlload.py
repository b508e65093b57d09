import datetime as dt
from collections.abc import Iterator

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.corpus.yamlload import load_yaml


def messages(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.col, p.message) for p in load_yaml(text)[1]]


def test_values_keep_their_positions():
    located, problems = load_yaml("a: 1\nlist:\n  - x: 2025-12-12\n")
    assert problems == []
    assert located.data == {"a": 1, "list": [{"x": dt.date(2025, 12, 12)}]}
    assert located.position(("list", 0, "x")).line == 3
    assert located.position(("list", 0, "x")).col == 8
    assert located.position(("list", 0, "x"), key=True).col == 5


def test_missing_path_falls_back_to_the_nearest_parent():
    located, _ = load_yaml("a:\n  b: 1\n")
    assert located.position(("a", "zzz")).line == 2


def test_duplicate_keys_are_errors():
    assert messages("a: 1\na: 2\n") == [
        (2, 1, "duplicate key 'a' (first given on line 1); keep one")
    ]


def test_a_repeated_key_in_a_list_entry_suggests_the_missing_dash():
    """The second citation written without its `- ` merges into the first: "keep one"
    would tell the contributor to throw a citation away."""
    text = "citations:\n  - source: a\n    quote: x\n    source: b\n    quote: y\n"
    hint = "if a new entry starts here, begin its first line with `- `; otherwise keep one"
    assert messages(text) == [
        (
            4,
            5,
            f"duplicate key 'source' in one entry of `citations` (first given on line 2): {hint}",
        ),
        (
            5,
            5,
            f"duplicate key 'quote' in one entry of `citations` (first given on line 3): {hint}",
        ),
    ]


PLAIN_WORDS = {
    "an empty list, then entries": (
        "a: 1\ncorrections: []\n  - date: 2026-11-24\n    note: x\n",
        (
            3,
            3,
            "invalid YAML: `corrections: []` on line 2 is an empty list written on one line, so entries cannot "
            "follow it: write `corrections:` alone on that line and keep the entries below it",
        ),
    ),
    "text after a quoted value": (
        'citations:\n  - source: a\n    quote: "a vast territory" of mines\n    stance: supports\n',
        (
            3,
            31,
            "invalid YAML: text follows the closing quotation mark: a value that starts with a quotation mark "
            "must end with it; put the whole value in single quotes ('…', writing a ' inside as ''), or leave "
            "out the outer quotes",
        ),
    ),
    "a key indented too far": (
        "citations:\n  - source: a\n    quote: x\n      stance: supports\n",
        (
            4,
            7,
            "invalid YAML: this line is indented more than the line above, so it reads as part of that line's "
            "value; line it up with the keys above it",
        ),
    ),
    "a key indented too little": (
        "citations:\n  - source: a\n   quote: x\n    stance: supports\n",
        (
            3,
            4,
            "invalid YAML: this line's indentation does not match the lines above: the keys of one list entry "
            "must line up under the first one (the one after `- `)",
        ),
    ),
    "block text not indented": (
        "summary: x\nanalysis: |\nSome text here.\nMore: text.\ntags: []\n",
        (
            3,
            1,
            "invalid YAML: the text of `analysis:` (line 2) must be indented below it, two spaces further in "
            "than `analysis:`",
        ),
    ),
    "an unclosed bracket": (
        "question: [unclosed\nclaim: x\nstatus: y\n",
        (
            1,
            11,
            "invalid YAML: the `[` opened here is not closed with `]`; close it, or put the value in quotes "
            "if the `[` is part of the text",
        ),
    ),
    "a colon in a value": (
        "claim: Kim said: no\n",
        (
            1,
            16,
            "invalid YAML: mapping values are not allowed in this context; a value that contains `: ` must be "
            "in quotes",
        ),
    ),
}


@pytest.mark.parametrize("mistake", sorted(PLAIN_WORDS))
def test_common_mistakes_are_explained_in_plain_words(mistake: str) -> None:
    text, expected = PLAIN_WORDS[mistake]
    assert messages(text) == [expected]


def test_python_tags_are_refused_and_never_constructed():
    problems = messages("a: !!python/object/apply:os.system ['echo hacked']\n")
    assert problems == [(1, 4, "the tag !!python/object/apply:os.system is not allowed in content")]


def test_aliases_are_refused_so_a_billion_laughs_costs_nothing():
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    problems = messages(bomb)
    assert problems
    assert all("aliases" in message for _, _, message in problems)


def test_tabs_in_indentation_are_named():
    assert messages("a:\n\t- 1\n") == [(2, 1, "tab character in indentation; indent with spaces")]


def test_syntax_errors_carry_positions_shifted_by_first_line():
    problems = load_yaml("a: [1\n", first_line=2)[1]
    assert problems[0].line == 2  # where the unclosed `[` opens
    assert problems[0].message.startswith("invalid YAML: ")


def test_yaml_1_1_yes_no_stay_words():
    assert load_yaml("a: yes\nb: off\nc: true\n")[0].data == {"a": "yes", "b": "off", "c": True}


def test_impossible_date_stays_text_for_the_schema_to_report():
    assert load_yaml("d: 2025-13-01\n")[0].data == {"d": "2025-13-01"}


def test_merge_keys_are_refused():
    assert "merge keys" in messages("a: {x: 1}\nb:\n  <<: {x: 1}\n")[0][2]


_KEYS = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=8
)
_SCALARS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=20),
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
)
_DATA = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(_KEYS, children, max_size=4)
    ),
    max_leaves=20,
)


def _node_positions(
    text: str, node: yaml.Node, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], tuple[int, int]]]:
    """Where PyYAML's composer puts each node, counting lines at `\n` only, as editors
    do (PyYAML's own line numbers also break at U+0085, U+2028 and U+2029)."""
    index = node.start_mark.index
    yield path, (text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index))
    if isinstance(node, yaml.SequenceNode):
        for number, child in enumerate(node.value):
            yield from _node_positions(text, child, (*path, number))
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            yield from _node_positions(text, child, (*path, key.value))


@settings(max_examples=300, deadline=None)
@given(_DATA, st.sampled_from([False, True, None]))
def test_values_and_positions_match_pyyaml(data: object, flow: bool | None) -> None:
    """The event-by-event builder gives PyYAML's own values, and every value's position
    is where PyYAML's composer puts that node."""
    text = yaml.safe_dump({"root": data}, default_flow_style=flow, allow_unicode=True, width=40)
    located, problems = load_yaml(text)
    assert problems == []
    assert located.data == yaml.safe_load(text)
    for path, (line, col) in _node_positions(text, yaml.compose(text, Loader=yaml.SafeLoader)):
        if path:
            position = located.values[path]
            assert (position.line, position.col) == (line, col), path


def test_an_unclosed_quote_is_reported_where_it_opens():
    assert messages('a: "open\nb: 1\nc: "x"\nd: [\n') == [
        (
            1,
            4,
            "invalid YAML: the double quote opened here is not closed on this line (the parser stopped at line 3); "
            "close it, or write long text as `key: >-` with the text indented below",
        ),
    ]
    assert messages("list:\n  - 'it''s open\nb: 1\nc: 'x'\nd: [\n")[0][:2] == (2, 5)


def test_a_quoted_value_over_several_lines_is_not_blamed_for_a_later_error():
    assert messages('a: "multi\n  line"\nb: [1\nc: 2\n')[0][:2] == (3, 4)  # the unclosed `[`
    assert (
        "double quote" not in messages('t: |\n  "quoted in block\nb: [1\n')[0][2]
    )  # block text is not YAML syntax


def test_a_colon_in_a_plain_value_says_to_quote_it():
    assert messages("claim: soldiers: killed\n") == [
        (
            1,
            16,
            "invalid YAML: mapping values are not allowed in this context; a value that contains `: ` must be in quotes",
        ),
    ]


def test_the_words_remembered_as_keys_are_bounded_and_never_let_a_non_word_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.corpus import yamlload

    monkeypatch.setattr(yamlload, "_WORD_KEYS", set())
    monkeypatch.setattr(yamlload, "MAX_WORD_KEYS", 10)
    many = "".join(f"key{n}: v\n" for n in range(50))
    located, problems = load_yaml(many)
    assert problems == [] and located.data == {f"key{n}": "v" for n in range(50)}
    assert len(yamlload._WORD_KEYS) == 10
    load_yaml("yes_word: 1\n")
    for text in ("yes: 1\n", "3: x\n", "null: x\n", "<<: {a: 1}\n") * 2:
        assert messages(text), text  # a key that is no word is still refused
