"""The corrections rule of `validate --base`, on two content folders, without git.

mutmut (docs/mutation-testing.md) changed generator/corpus/history.py's rule in ways
tests/test_history.py let through: which reported figure changed and where, plurals
and counts in the message, a removed corrections entry's position, a base whose
`status: false` is a YAML boolean, and the loops that must go on to the next claim
after skipping one. Here each side is a content folder read as the rule reads it
(`current_claims`), so no git repository is needed; every expected problem is
written out by hand, with its line and column in the claim file.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from contentkit import CLAIM, write_content

from generator.corpus.history import (
    ListChange,
    QuoteItem,
    compare,
    correction_fix,
    correction_problems,
    current_claims,
    list_change,
)

KEEP = (
    "past corrections are a public record: restore it as it was at main and add a new entry "
    "after it to say what changed"
)

# CLAIM is 15 lines (status on line 5, the citation's quote on line 9); then:
REPORTED = """\
reported:
  - source: article
    quote: returned in December after 120 days
    value: 120
    unit: days
  - source: article
    quote: Kim said
    value: 9
    unit: soldiers
"""  # lines 16-24: values on lines 19 and 23, units on 20 and 24
CORRECTIONS = """\
corrections:
  - date: 2026-11-23
    note: First fix.
  - date: 2026-11-23
    note: Second fix.
"""  # lines 25-29
BASE = CLAIM + REPORTED + CORRECTIONS
NEW_ENTRY = "  - date: 2026-11-23\n    note: Third fix.\n"


def problems(tmp_path: Path, base: dict[str, str], current: dict[str, str]) -> list[str]:
    old = write_content(tmp_path / "base", base)
    new = write_content(tmp_path / "current", current)
    changes = compare(current_claims(old), current_claims(new))
    return [
        f"{p.path.name}:{p.line}:{p.col}: {p.severity}: {p.message}"
        for p in correction_problems(changes, "main")
    ]


def unlogged(what: str) -> str:
    return f"{what} since main, but corrections has no new entry"


# -- reported figures -----------------------------------------------------------------------


def test_a_changed_value_is_reported_at_its_line(tmp_path: Path) -> None:
    current = BASE.replace("value: 120", "value: 121")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:19:12: error: {unlogged('1 reported figure changed')}"
    ]


def test_a_changed_unit_is_reported_at_its_line(tmp_path: Path) -> None:
    current = BASE.replace("unit: days", "unit: nights")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:20:11: error: {unlogged('1 reported figure changed')}"
    ]


def test_two_changed_figures_are_counted_in_the_plural(tmp_path: Path) -> None:
    current = BASE.replace("value: 120", "value: 121").replace("value: 9", "value: 10")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:19:12: error: {unlogged('2 reported figures changed')}"
    ]


def test_figures_are_told_apart_by_source_and_by_quote(tmp_path: Path) -> None:
    """Two figures with one quote from two sources, and two quotes from one source: only
    the figure that changed counts."""
    same_quote = REPORTED.replace("quote: Kim said", "quote: returned in December after 120 days")
    other_source = same_quote.replace(
        "  - source: article\n    quote: returned in December after 120 days\n    value: 9",
        "  - source: other\n    quote: returned in December after 120 days\n    value: 9",
    )
    base = CLAIM + other_source + CORRECTIONS
    changed_first = base.replace("value: 120", "value: 121")
    assert problems(tmp_path / "a", {"x.yaml": base}, {"x.yaml": changed_first}) == [
        f"x.yaml:19:12: error: {unlogged('1 reported figure changed')}"
    ]
    changed_first = BASE.replace("value: 120", "value: 121")  # two quotes, one source
    assert problems(tmp_path / "b", {"x.yaml": BASE}, {"x.yaml": changed_first}) == [
        f"x.yaml:19:12: error: {unlogged('1 reported figure changed')}"
    ]


def test_a_new_figure_is_a_changed_quote_at_its_quote_line(tmp_path: Path) -> None:
    added = "  - source: article\n    quote: nine soldiers died\n    value: 9\n    unit: soldiers\n"
    current = CLAIM + REPORTED + added + CORRECTIONS  # its quote is on line 26
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:26:12: error: {unlogged('quotes changed (1 added)')}"
    ]


def test_removed_citations_and_figures_are_counted_together(tmp_path: Path) -> None:
    citation = CLAIM.replace(
        "returned in December after 120 days\n    stance", "Kim said\n    stance"
    )
    one_figure = REPORTED.split("  - source: article\n    quote: Kim said")[0]
    current = citation + one_figure + CORRECTIONS
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:9:12: error: {unlogged('quotes changed (1 added, 2 removed)')}"
    ]


def test_a_removed_figure_is_reported_at_the_reported_key(tmp_path: Path) -> None:
    one_figure = REPORTED.split("  - source: article\n    quote: Kim said")[0]
    current = CLAIM + one_figure + CORRECTIONS
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        "x.yaml:16:1: error: " + unlogged("quotes changed (1 removed)")
    ]


def test_a_status_taken_out_is_a_status_changed_to_none(tmp_path: Path) -> None:
    current = BASE.replace("status: mostly-true\n", "")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        "x.yaml:2:1: error: " + unlogged("status changed from 'mostly-true' to None")
    ]


def test_figures_removed_with_their_key_are_reported_at_the_top(tmp_path: Path) -> None:
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": CLAIM + CORRECTIONS}) == [
        f"x.yaml:2:1: error: {unlogged('quotes changed (2 removed)')}"
    ]


# -- the corrections log ----------------------------------------------------------------------


def test_a_removed_entry_is_reported_at_the_corrections_key(tmp_path: Path) -> None:
    current = BASE.replace("  - date: 2026-11-23\n    note: Second fix.\n", "")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:25:1: error: corrections entry 2 (dated 2026-11-23) was removed since main; {KEEP}"
    ]


def test_an_edited_second_entry_is_reported_after_an_unchanged_first(tmp_path: Path) -> None:
    current = BASE.replace("Second fix.", "Second fixed.") + NEW_ENTRY
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == [
        f"x.yaml:28:5: error: corrections entry 2 (dated 2026-11-23) was edited since main; {KEEP}"
    ]


# -- the base as validate reads it ------------------------------------------------------------


def test_a_base_status_written_as_yaml_false_was_published(tmp_path: Path) -> None:
    base = BASE.replace("status: mostly-true", "status: false")
    current = BASE.replace("status: mostly-true", "status: mostly-false")
    assert problems(tmp_path, {"x.yaml": base}, {"x.yaml": current}) == [
        "x.yaml:5:9: error: " + unlogged("status changed from 'false' to 'mostly-false'")
    ]


def test_a_claim_that_stays_a_draft_needs_nothing(tmp_path: Path) -> None:
    base = BASE + "draft: true\n"
    current = base.replace("status: mostly-true", "status: false")
    assert problems(tmp_path, {"x.yaml": base}, {"x.yaml": current}) == []


def test_a_claim_that_does_not_parse_now_is_left_to_validate(tmp_path: Path) -> None:
    current = BASE.replace("status: mostly-true", "status: [unclosed")
    assert problems(tmp_path, {"x.yaml": BASE}, {"x.yaml": current}) == []


# -- every claim is judged: skipping one goes on to the next ----------------------------------

STATUS_CHANGED = BASE.replace("status: mostly-true", "status: false")
STATUS_ERROR = "z.yaml:5:9: error: " + unlogged("status changed from 'mostly-true' to 'false'")


def test_a_new_claim_before_a_changed_one(tmp_path: Path) -> None:
    assert problems(tmp_path, {"z.yaml": BASE}, {"a.yaml": BASE, "z.yaml": STATUS_CHANGED}) == [
        STATUS_ERROR
    ]


def test_an_unparsable_claim_before_a_changed_one(tmp_path: Path) -> None:
    broken = BASE.replace("status: mostly-true", "status: [unclosed")
    assert problems(
        tmp_path, {"a.yaml": BASE, "z.yaml": BASE}, {"a.yaml": broken, "z.yaml": STATUS_CHANGED}
    ) == [STATUS_ERROR]


def test_a_draft_before_a_changed_one(tmp_path: Path) -> None:
    draft = BASE + "draft: true\n"
    assert problems(
        tmp_path,
        {"a.yaml": draft, "z.yaml": BASE},
        {"a.yaml": draft.replace("mostly-true", "false"), "z.yaml": STATUS_CHANGED},
    ) == [STATUS_ERROR]


def test_a_corrected_claim_before_a_changed_one(tmp_path: Path) -> None:
    corrected = STATUS_CHANGED + NEW_ENTRY
    assert problems(
        tmp_path,
        {"a.yaml": BASE, "z.yaml": BASE},
        {"a.yaml": corrected, "z.yaml": STATUS_CHANGED},
    ) == [STATUS_ERROR]


def test_a_summary_warning_before_a_changed_one(tmp_path: Path) -> None:
    reworded = BASE.replace("summary: The article says so.", "summary: The article says it.")
    assert problems(
        tmp_path,
        {"a.yaml": BASE, "z.yaml": BASE},
        {"a.yaml": reworded, "z.yaml": STATUS_CHANGED},
    ) == [
        "a.yaml:6:10: warning: summary changed since main, but corrections has no new entry "
        "(a fix of its wording needs none)",
        STATUS_ERROR,
    ]


REMOVED = (
    "the published claim 'z' was removed since main; its id is its address, so keep the file; "
    "to withdraw a fact-check, change its status and add a corrections entry saying why"
)


def test_a_removed_claim_after_a_modified_one_is_reported(tmp_path: Path) -> None:
    corrected = STATUS_CHANGED + NEW_ENTRY
    assert problems(tmp_path, {"a.yaml": BASE, "z.yaml": BASE}, {"a.yaml": corrected}) == [
        f"z.yaml:1:1: error: {REMOVED}"
    ]


def test_a_removed_claim_after_a_removed_draft_is_reported(tmp_path: Path) -> None:
    base = {"a.yaml": BASE + "draft: true\n", "z.yaml": BASE}
    assert problems(tmp_path, base, {}) == [f"z.yaml:1:1: error: {REMOVED}"]


def test_a_removed_claim_is_renamed_only_to_a_new_claim_with_its_question(tmp_path: Path) -> None:
    """A claim that was there before with the same question is not where it went."""
    corrected = STATUS_CHANGED + NEW_ENTRY
    assert problems(tmp_path, {"a.yaml": BASE, "z.yaml": BASE}, {"a.yaml": corrected}) == [
        f"z.yaml:1:1: error: {REMOVED}"
    ]
    assert problems(tmp_path / "renamed", {"z.yaml": BASE}, {"y.yaml": BASE}) == [
        "z.yaml:1:1: error: the published claim 'z' was renamed to 'y' since main; its id is "
        "its address, so keep the file under its old name; to withdraw a fact-check, change "
        "its status and add a corrections entry saying why"
    ]


# -- comparing ----------------------------------------------------------------------------------


def test_changes_are_listed_by_kind_then_id(tmp_path: Path) -> None:
    old = write_content(tmp_path / "old", {"b.yaml": BASE, "c.yaml": BASE, "d.yaml": BASE})
    new = write_content(
        tmp_path / "new", {"a.yaml": BASE, "b.yaml": STATUS_CHANGED, "c.yaml": STATUS_CHANGED}
    )
    changes = compare(current_claims(old), current_claims(new))
    assert [(c.kind.value, c.id) for c in changes] == [
        ("added", "a"),
        ("modified", "b"),
        ("modified", "c"),
        ("removed", "d"),
    ]


def test_unchanged_claims_are_no_change(tmp_path: Path) -> None:
    content = write_content(tmp_path, {"a.yaml": BASE, "b.yaml": BASE + "draft: true\n"})
    assert compare(current_claims(content), current_claims(content)) == []


def test_an_unparsable_file_unchanged_is_no_change(tmp_path: Path) -> None:
    broken = BASE.replace("status: mostly-true", "status: [unclosed")
    content = write_content(tmp_path, {"a.yaml": broken})
    assert compare(current_claims(content), current_claims(content)) == []


def item(quote: str, index: int, stance: str | None = "supports") -> QuoteItem:
    return QuoteItem("article", quote, stance, index)


def cited(*quotes: str) -> list[dict[str, str]]:
    return [{"source": "article", "quote": q, "stance": "supports"} for q in quotes]


def test_a_quote_listed_twice_is_two_quotes() -> None:
    assert list_change(cited("A"), cited("A", "A")) == ListChange((item("A", 1),), (), ())
    assert list_change(cited("A", "A"), cited("A")) == ListChange((), (item("A", 1),), ())
    assert list_change(cited("A", "A"), cited("A", "A")) == ListChange((), (), ())


def test_an_item_that_is_not_a_mapping_is_skipped_not_the_rest() -> None:
    assert list_change(cited("A"), ["junk", *cited("A", "B")]) == ListChange(
        (item("B", 2),), (), ()
    )


# -- the fix line fits the claim's corrections log ---------------------------------------------

TODAY = dt.date(2026, 12, 5)
ENTRY = "`- date: 2026-12-05` and `note: what changed and why`"


@pytest.mark.parametrize(
    ("log", "fix"),
    [
        (
            {"corrections": [{"date": dt.date(2026, 11, 23), "note": "First fix."}]},
            f"after the last entry under `corrections:`, add {ENTRY}",
        ),
        (
            {"corrections": []},
            f"replace `corrections: []` with `corrections:`, then below it add {ENTRY}",
        ),
        ({"corrections": None}, f"below `corrections:`, add {ENTRY}"),
        ({}, f"add `corrections:`, then below it {ENTRY}"),
    ],
    ids=["entries", "empty-list", "empty-key", "no-key"],
)
def test_the_fix_fits_the_log_the_claim_has(log, fix):
    """It once advised against `corrections: []` to a claim that already had entries."""
    assert correction_fix({**log, "updated": TODAY}, TODAY) == fix
    assert correction_fix({**log, "updated": dt.date(2026, 11, 23)}, TODAY) == (
        f"{fix}; set `updated: 2026-12-05`"
    )


def test_the_error_is_one_short_line_then_the_fix_on_a_second(tmp_path: Path) -> None:
    changed = BASE.replace("status: mostly-true", "status: mixed")
    old = write_content(tmp_path / "base", {"x.yaml": BASE})
    new = write_content(tmp_path / "current", {"x.yaml": changed})
    (problem,) = correction_problems(compare(current_claims(old), current_claims(new)), "main")
    assert problem.message == (
        "status changed from 'mostly-true' to 'mixed' since main, but corrections has no new entry"
    )
    assert problem.fix.startswith("after the last entry under `corrections:`, add `- date: ")
    assert "corrections: []" not in problem.fix
    first, second = problem.format().split("\n")
    assert first == f"{problem.display_path}:5:9: error: {problem.message}"
    assert second == f"    fix: {problem.fix}"
    assert len(problem.message) < 100
