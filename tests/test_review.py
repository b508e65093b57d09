"""`factcheck diff --base REF`: claim and source changes as Markdown for a pull-request comment."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import CLAIM, SOURCE
from test_history import CORRECTED, SECOND_CITATION, Repo, make_repo

from generator.cli import cli
from generator.commands.diff import code, text


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return make_repo(tmp_path, monkeypatch)


def diff(ref: str = "main") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["diff", "--base", ref])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def other_claim(
    question: str, status: str, quote: str = "returned in December after 120 days"
) -> str:
    return (
        CLAIM.replace("Did the regiment serve 120 days?", question)
        .replace("status: mostly-true", f"status: {status}")
        .replace("quote: returned in December after 120 days", f"quote: {quote}")
    )


def test_nothing_changed(repo):
    assert diff() == (0, "## Changes since `main`\n\nNo claim or source changed.\n")


def test_comment_and_layout_changes_are_not_changes(repo):
    repo.claim("# a comment\n" + CLAIM.replace("tags: [deployment]", "tags:\n  - deployment"))
    assert diff() == (0, "## Changes since `main`\n\nNo claim or source changed.\n")


def test_a_modified_claim(repo):
    repo.claim(
        CLAIM.replace("status: mostly-true", "status: false")
        .replace("summary: The article says so.", "summary: The article says otherwise.")
        .replace("quote: returned in December after 120 days", "quote: returned in December")
        .replace("analysis: |", SECOND_CITATION + "analysis: |")
        .replace("tags: [deployment]", "tags: [deployment, duration]")
        .replace("updated: 2026-11-23\n", CORRECTED)
    )
    assert diff() == (
        0,
        "## Changes since `main`\n"
        "\n"
        "1 claim changed: 1 modified.\n"
        "\n"
        "### Modified claim: `served-120-days`\n"
        "\n"
        "**Did the regiment serve 120 days?**\n"
        "\n"
        "- Status: Mostly true -> False\n"
        "- Summary:\n"
        "  - before: The article says so.\n"
        "  - after: The article says otherwise.\n"
        "- Citations:\n"
        "  - added `article` (supports): “returned in December”\n"
        "  - added `article` (context): “Kim said “all of you” endured”\n"
        "  - removed `article` (supports): “returned in December after 120 days”\n"
        "- New corrections:\n"
        "  - 2026-11-24: Verdict revised.\n"
        "- Also changed: tags, updated\n"
        "\n"
        "### Editor sign-off\n"
        "\n"
        "The verdict of 1 published claim changed; each claim's editor reviews the change:\n"
        "\n"
        "- `served-120-days`: Mostly true -> False. Editor: **Test Editor** (`test-editor`), "
        "GitHub `@test-editor`.\n",
    )


def test_added_and_removed_claims_in_a_deterministic_order(repo):
    repo.claim(other_claim("Is B true?", "true"), name="b-claim.yaml")
    repo.claim(
        other_claim("Is A true?", "mixed", "Officials said nine soldiers died."),
        name="a-claim.yaml",
    )
    repo.commit("two claims")
    (repo.root / "content/claims/served-120-days.yaml").unlink()
    repo.claim(other_claim("Is C true?", "unproven"), name="c-claim.yaml")
    repo.claim(
        other_claim("Is A true?", "false", "Officials said nine soldiers died."),
        name="a-claim.yaml",
    )
    expected = (
        "## Changes since `HEAD`\n"
        "\n"
        "3 claims changed: 1 added, 1 modified, 1 removed.\n"
        "\n"
        "### Added claim: `c-claim`\n"
        "\n"
        "**Is C true?**\n"
        "\n"
        "- Status: Unproven\n"
        "- Summary: The article says so.\n"
        "- Citations:\n"
        "  - added `article` (supports): “returned in December after 120 days”\n"
        "\n"
        "### Modified claim: `a-claim`\n"
        "\n"
        "**Is A true?**\n"
        "\n"
        "- Status: Mixed -> False\n"
        "\n"
        "### Removed claim: `served-120-days`\n"
        "\n"
        "**Did the regiment serve 120 days?**\n"
        "\n"
        "- Status: Mostly true (claim removed)\n"
        "- Citations:\n"
        "  - removed `article` (supports): “returned in December after 120 days”\n"
        "\n"
        "### Editor sign-off\n"
        "\n"
        "The verdict of 1 published claim changed; each claim's editor reviews the change:\n"
        "\n"
        "- `a-claim`: Mixed -> False. Editor: **Test Editor** (`test-editor`), GitHub `@test-editor`.\n"
    )
    assert diff("HEAD") == (0, expected)
    assert diff("HEAD") == (0, expected)  # the same again: nothing depends on timing or hashing


def test_stance_changes_and_unchanged_status_are_shown(repo):
    repo.claim(
        CLAIM.replace("stance: supports", "stance: refutes").replace(
            "summary: The article says so.", "summary: It does."
        )
    )
    code_, output = diff()
    assert code_ == 0
    assert output.split("\n\n", 4)[4] == (
        "- Status: Mostly true (unchanged)\n"
        "- Summary:\n"
        "  - before: The article says so.\n"
        "  - after: It does.\n"
        "- Citations:\n"
        "  - stance of `article` “returned in December after 120 days”: supports -> refutes\n"
    )


def test_quote_typography_only_is_named_as_an_other_change(repo):
    repo.claim(
        CLAIM.replace(
            "quote: returned in December after 120 days",
            "quote: returned  in December after 120 days",
        )
    )
    assert diff()[1].endswith("- Status: Mostly true (unchanged)\n- Also changed: citations\n")


def test_text_from_files_is_escaped_and_unreadable_files_are_named(repo):
    repo.claim(
        CLAIM.replace(
            "summary: The article says so.",
            "summary: '<script>alert(1)</script> *bold* [x](y) `c` $x$'",
        )
    )
    repo.claim("question: [unclosed\n", name="zz-broken.yaml")
    repo.commit("odd claims")
    repo.claim("question: Is it fixed now?\nstatus: maybe\n", name="zz-broken.yaml", credits=False)
    repo.claim(CLAIM.replace("summary: The article says so.", "summary: fine"))
    output = diff("HEAD")[1]
    assert (
        "  - before: \\<script\\>alert(1)\\</script\\> \\*bold\\* \\[x\\](y) \\`c\\` \\$x\\$\n"
        in output
    )
    assert output.endswith(
        "### Modified claim: `zz-broken`\n"
        "\n"
        "**Is it fixed now?**\n"
        "\n"
        "- The file cannot be read (before); run `.venv/bin/factcheck validate`.\n"
        "- Status: (none) -> `maybe` (not a valid status)\n"
        "- Also changed: question\n"
    )


def test_source_only_changes_leave_claims_unchanged(repo):
    repo.write("content/sources/article.md", SOURCE + "\nMore text.\n")
    output = diff()[1]
    assert "1 source changed: 1 modified.\n" in output and "claim changed" not in output


NEW_SOURCE = (
    "---\ntitle: Town council says visits halved\noutlet: The Elmtown Courier\n"
    "published: 2026-01-02\nurl: https://example.org/elmtown\nretrieved: unknown\n"
    "language: en\n---\nFirst paragraph.\n\nSecond paragraph.\n\nThird paragraph.\n"
)


def test_an_added_source_is_shown_with_its_title_details_and_the_claims_quoting_it(repo):
    repo.write("content/sources/elmtown-2026-visits.md", NEW_SOURCE)
    repo.claim(
        other_claim("Were visits halved?", "unproven", "Second paragraph."),
        name="elm-street-visits-halved.yaml",
    )
    repo.claim(
        other_claim("Were visits halved?", "unproven", "Second paragraph.").replace(
            "source: article", "source: elmtown-2026-visits"
        ),
        name="elm-street-visits-halved.yaml",
    )
    output = diff()[1]
    assert output.startswith(
        "## Changes since `main`\n\n1 claim changed: 1 added. 1 source changed: 1 added.\n"
    )
    assert output.endswith(
        "### Added source: `elmtown-2026-visits`\n"
        "\n"
        "**Town council says visits halved**\n"
        "\n"
        "- Outlet: The Elmtown Courier\n"
        "- Published: 2026-01-02\n"
        "- Address: https://example.org/elmtown\n"
        "- Text: 3 paragraphs\n"
        "- Quoted by: `elm-street-visits-halved`\n"
    )


MODIFIED_ARTICLE = (
    "## Changes since `HEAD`\n\n1 source changed: 1 modified.\n\n"
    "### Modified source: `article`\n\n**Town council says visits halved**\n\n"
)
"""The head of the report on NEW_SOURCE, modified since the last commit."""


def test_a_modified_source_names_the_fields_and_paragraphs_that_changed(repo):
    repo.write("content/sources/article.md", NEW_SOURCE)
    repo.commit("a source to change")
    repo.write(
        "content/sources/article.md",
        NEW_SOURCE.replace("published: 2026-01-02", "published: unknown")
        .replace("Second paragraph.", "Second paragraph, corrected.")
        .replace("First paragraph.\n\n", "")
        + "\nFourth paragraph.\n\nFifth paragraph.\n",
    )
    assert diff("HEAD")[1] == MODIFIED_ARTICLE + (
        "- Published: 2026-01-02 -> unknown\n"
        "- Text: paragraph 1 edited; paragraphs 3, 4 added; paragraph 1 removed (numbered as before)\n"
        "- Quoted by: `served-120-days`\n"
    )


def test_a_sources_new_correction_is_listed_as_an_entry(repo):
    logged = NEW_SOURCE.replace(
        "language: en\n", "language: en\ncorrections:\n  - date: 2026-01-05\n    note: A typo.\n"
    )
    repo.write("content/sources/article.md", logged)
    repo.commit("a source with a corrections log")
    repo.write(
        "content/sources/article.md",
        logged.replace("Second paragraph.", "Second paragraph, as printed.").replace(
            "    note: A typo.\n",
            "    note: A typo.\n  - date: 2026-02-01\n    note: Paragraph 2 as printed.\n",
        ),
    )
    assert diff("HEAD")[1] == MODIFIED_ARTICLE + (
        "- Text: paragraph 2 edited\n"
        "- New corrections:\n"
        "  - 2026-02-01: Paragraph 2 as printed.\n"
        "- Quoted by: `served-120-days`\n"
    )


def test_a_reflowed_source_text_is_not_a_change(repo):
    repo.write("content/sources/article.md", SOURCE.replace("after 120 days.", "after\n120 days."))
    assert diff()[1].endswith("No claim or source changed.\n")


def test_a_removed_source_names_the_claims_that_still_quote_it(repo):
    (repo.root / "content/sources/article.md").unlink()
    assert diff()[1] == (
        "## Changes since `main`\n"
        "\n"
        "1 source changed: 1 removed.\n"
        "\n"
        "### Removed source: `article`\n"
        "\n"
        "**A test article**\n"
        "\n"
        "- Quoted by (still): `served-120-days`\n"
    )


def test_bad_revision_exits_2(repo):
    assert diff("nope") == (
        2,
        "Error: --base: unknown git revision 'nope'; name a branch, tag or commit that exists here "
        "(fetch it first, e.g. `git fetch origin main`; in GitHub Actions check out with fetch-depth: 0)\n",
    )


def test_base_is_required():
    result = CliRunner().invoke(cli, ["diff"])
    assert result.exit_code == 2
    assert "Missing option '--base'" in result.output


def test_markdown_helpers():
    assert (
        text("a  *b*\n_c_ <d> & e|f ~g~ \\") == "a \\*b\\* \\_c\\_ \\<d\\> \\& e\\|f \\~g\\~ \\\\"
    )
    assert code("origin/main") == "`origin/main`"
    assert code("a`b") == "a\\`b"
    assert code("") == "(empty)"
    # a carriage return would end the list item in CommonMark renderers (GitHub's)
    assert (
        text("ask @octocat about #12, not a#b")
        == "ask @\u2060octocat about #\u206012, not a#\u2060b"
    )  # no mention, no issue link
    shown = code("true\r<!-- hidden")
    assert "\r" not in shown and "<" not in shown.replace("\\<", "") and not shown.startswith("`")


def test_past_corrections_edited_removed_or_reordered_are_shown(tmp_path, monkeypatch):
    from contentkit import claim_with

    base = claim_with(updated=CORRECTED.rstrip("\n"))
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": base})
    repo.claim(base.replace("note: Verdict revised.", "note: Something else."))
    assert (
        "- New corrections:\n  - 2026-11-24: Something else.\n"
        "- Past corrections edited or removed (the log is a public record):\n  - was 2026-11-24: Verdict revised.\n"
    ) in diff()[1]
    inserted = base.replace(
        "corrections:\n", "corrections:\n  - date: 2026-11-23\n    note: Inserted first.\n"
    )
    repo.claim(inserted)
    output = diff()[1]
    assert (
        "- New corrections:\n  - 2026-11-23: Inserted first.\n" in output
        and "Past corrections" not in output
    )


def test_a_file_that_cannot_be_read_now_is_not_compared_field_by_field(repo):
    repo.claim(CLAIM.replace("status: mostly-true", 'status: "false'))
    output = diff()[1]
    assert output.endswith("- The file cannot be read (now); run `.venv/bin/factcheck validate`.\n")
    assert "removed" not in output and "Status" not in output


def test_a_changed_figure_is_shown_with_both_values(tmp_path, monkeypatch):
    from test_history import FIGURE

    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": CLAIM + FIGURE})
    repo.claim(CLAIM + FIGURE.replace("value: 120", "value: 121"))
    output = diff()[1]
    assert (
        "- Reported figures:\n  - figure of `article` “returned in December after 120 days”: 120 days -> 121 days\n"
        in output
    )
    assert "Also changed" not in output
