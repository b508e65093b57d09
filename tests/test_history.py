"""`factcheck validate --base REF`: corrections are enforced against a git revision.

Every test builds a throwaway git repository in tmp_path, with its own identity and no global
or system git configuration, so it runs the same on a fresh CI machine.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import CLAIM, SOURCE, claim_with, write_content

from generator.cli import cli
from generator.corpus.history import list_change

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Test Committer",
    "GIT_COMMITTER_EMAIL": "committer@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}
FIX = (
    "under `corrections:` (written alone on its line, not `corrections: []`) add `- date: YYYY-MM-DD` and, on the "
    "next line under `date`, `note: what changed and why`, and set updated to the same date"
)
CLEAN = "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n"
CLAIM_PATH = "content/claims/served-120-days.yaml"
CORRECTED = "updated: 2026-11-24\ncorrections:\n  - date: 2026-11-24\n    note: Verdict revised.\n"
SECOND_CITATION = (
    "  - source: article\n    quote: Kim said “all of you” endured\n    stance: context\n"
)


class Repo:
    """A git repository in a temporary folder, with content/ committed on `main`."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.root,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def commit(self, message: str = "change") -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def claim(self, text: str, name: str = "served-120-days.yaml") -> None:
        self.write(f"content/claims/{name}", text)


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)


def make_repo(
    root: Path, monkeypatch: pytest.MonkeyPatch, claims: dict[str, str] | None = None
) -> Repo:
    isolate_git(monkeypatch)
    monkeypatch.chdir(root)
    repo = Repo(root)
    repo.git("init", "-q", "-b", "main")
    write_content(root, claims)
    repo.commit("base")
    return repo


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    return make_repo(tmp_path, monkeypatch)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def validate_base(ref: str = "main", *extra: str) -> tuple[int, str]:
    return run("validate", "--base", ref, *extra)


def error(line: int, col: int, message: str, path: str = CLAIM_PATH) -> str:
    return f"{path}:{line}:{col}: error: {message}"


# -- what needs a correction ------------------------------------------------------------------


def test_unchanged_content_passes_as_without_base(repo):
    assert validate_base() == (0, CLEAN)
    assert run("validate") == (0, CLEAN)


def test_status_change_without_correction_is_an_error_on_the_status_line(repo):
    repo.claim(CLAIM.replace("status: mostly-true", "status: mixed"))
    assert validate_base() == (
        1,
        error(
            5,
            9,
            f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}",
        )
        + "\n1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_status_change_with_a_new_correction_passes(repo):
    repo.claim(claim_with(status="status: mixed", updated=CORRECTED.rstrip("\n")))
    assert validate_base() == (0, CLEAN)


def test_a_correction_newer_than_updated_is_still_caught_by_validate(repo):
    repo.claim(
        claim_with(status="status: mixed")
        + "corrections:\n  - date: 2026-11-24\n    note: Verdict revised.\n"
    )
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        15,
        10,
        "updated (2026-11-23) is older than the newest correction (2026-11-24); set updated: 2026-11-24",
    )
    assert "corrections has no new entry" not in output


def test_an_edited_quote_is_an_error_on_its_line(repo):
    repo.claim(
        CLAIM.replace("quote: returned in December after 120 days", "quote: returned in December")
    )
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        9,
        12,
        f"quotes changed (1 added, 1 removed) since main but corrections has no new entry: {FIX}",
    )


def test_an_added_citation_points_at_the_new_quote(repo):
    repo.claim(CLAIM.replace("analysis: |", SECOND_CITATION + "analysis: |"))
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        12, 12, f"quotes changed (1 added) since main but corrections has no new entry: {FIX}"
    )


def test_a_removed_citation_points_at_the_citations_key(tmp_path, monkeypatch):
    two = CLAIM.replace("analysis: |", SECOND_CITATION + "analysis: |")
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": two})
    repo.claim(CLAIM)
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        7, 1, f"quotes changed (1 removed) since main but corrections has no new entry: {FIX}"
    )


def test_a_reported_quote_needs_a_correction_too(repo):
    reported = "reported:\n  - source: article\n    value: 120\n    unit: days\n    quote: after 120 days\n"
    repo.claim(CLAIM + reported)
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        20, 12, f"quotes changed (1 added) since main but corrections has no new entry: {FIX}"
    )


def test_status_and_quotes_together_make_one_error_at_the_status(repo):
    changed = CLAIM.replace("status: mostly-true", "status: false").replace(
        "quote: returned in December after 120 days", "quote: returned in December"
    )
    repo.claim(changed)
    code, output = validate_base()
    assert code == 1
    assert output.splitlines() == [
        error(
            5,
            9,
            f"status changed from 'mostly-true' to 'false' and quotes changed (1 added, 1 removed) since main but corrections has no new entry: {FIX}",
        ),
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ]


def test_existing_corrections_do_not_count_only_new_ones(tmp_path, monkeypatch):
    base = claim_with(updated=CORRECTED.rstrip("\n"))
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": base})
    repo.claim(
        base.replace("status: mostly-true", "status: mixed").replace(
            "Verdict revised.", "Verdict revised again."
        )
    )
    code, output = validate_base()
    assert code == 1
    assert "status changed from 'mostly-true' to 'mixed'" in output.splitlines()[0]


# -- what does not -------------------------------------------------------------------------


def test_typography_spacing_and_order_of_quotes_are_not_changes(tmp_path, monkeypatch):
    two = CLAIM.replace("analysis: |", SECOND_CITATION + "analysis: |")
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": two})
    reordered = CLAIM.replace(
        "citations:\n",
        'citations:\n  - source: article\n    quote: "Kim said \\"all of you\\"   endured"\n    stance: context\n',
    )
    repo.claim(reordered)
    assert validate_base() == (0, "1 claim, 1 source, 2 citations: 0 errors, 0 warnings\n")


def test_other_edits_need_no_correction(repo):
    repo.claim(
        CLAIM.replace("stance: supports", "stance: context")
        .replace("tags: [deployment]", "tags: [deployment, duration]")
        .replace("claim: The regiment served 120 days.", "claim: The regiment served for 120 days.")
    )
    assert validate_base() == (0, CLEAN)


SUMMARY_WARNING = (
    "summary changed since main but corrections has no new entry: unless this only fixes its spelling or wording, "
    "under `corrections:` (written alone on its line, not `corrections: []`) add `- date: YYYY-MM-DD` and, on the "
    "next line under `date`, `note: what changed and why`, and set updated to the same date"
)
NEW_SUMMARY = "summary: The article says so, twice."


def test_a_changed_summary_without_a_correction_is_a_warning_on_its_line(repo):
    repo.claim(CLAIM.replace("summary: The article says so.", NEW_SUMMARY))
    assert validate_base() == (
        0,
        f"{CLAIM_PATH}:6:10: warning: {SUMMARY_WARNING}\n1 claim, 1 source, 1 citation: 0 errors, 1 warning\n",
    )
    code, output = validate_base("main", "--format", "github")
    assert (code, output.splitlines()[0]) == (
        0,
        f"::warning file={CLAIM_PATH},line=6,col=10,title=factcheck::{SUMMARY_WARNING}",
    )
    assert validate_base("main", "--strict")[0] == 1


def test_a_changed_summary_with_a_correction_passes(repo):
    repo.claim(claim_with(summary=NEW_SUMMARY, updated=CORRECTED.rstrip("\n")))
    assert validate_base() == (0, CLEAN)


def test_a_summary_retyped_or_rewrapped_is_not_a_change(repo):
    repo.claim(
        CLAIM.replace("summary: The article says so.", "summary: >-\n  The article\n  says   so.")
    )
    assert validate_base() == (0, CLEAN)


def test_a_changed_summary_and_status_make_one_error(repo):
    repo.claim(
        CLAIM.replace("summary: The article says so.", NEW_SUMMARY).replace(
            "status: mostly-true", "status: mixed"
        )
    )
    assert validate_base() == (
        1,
        error(
            5,
            9,
            f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}",
        )
        + "\n1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_a_summary_warning_keeps_the_content_buildable(repo):
    from generator.corpus.history import with_corrections_check
    from generator.corpus.pipeline import validate_content

    repo.claim(CLAIM.replace("summary: The article says so.", NEW_SUMMARY))
    report = with_corrections_check(validate_content(Path("content")), Path("content"), "main")
    assert [p.severity for p in report.problems] == ["warning"] and report.corpus is not None


def test_boolean_false_and_the_string_false_are_one_status(tmp_path, monkeypatch):
    repo = make_repo(
        tmp_path,
        monkeypatch,
        {"served-120-days.yaml": CLAIM.replace("status: mostly-true", "status: false")},
    )
    repo.claim(CLAIM.replace("status: mostly-true", 'status: "false"'))
    assert validate_base() == (0, CLEAN)


def test_a_claim_that_was_a_draft_needs_no_correction(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": CLAIM + "draft: true\n"})
    repo.claim(CLAIM.replace("status: mostly-true", "status: false"))
    assert validate_base() == (0, CLEAN)


def test_a_new_claim_needs_no_correction(repo):
    repo.claim(CLAIM.replace("status: mostly-true", "status: false"), name="another.yaml")
    assert validate_base() == (0, "2 claims, 1 source, 2 citations: 0 errors, 0 warnings\n")


# -- revisions, bases and folders -------------------------------------------------------------


def test_committed_and_uncommitted_changes(repo):
    repo.claim(CLAIM.replace("status: mostly-true", "status: mixed"))
    assert validate_base("HEAD")[0] == 1  # uncommitted: compared with the last commit
    repo.commit("change the verdict")
    assert validate_base("HEAD") == (0, CLEAN)
    assert validate_base("HEAD~1")[0] == 1
    sha = repo.git("rev-parse", "HEAD~1").strip()
    assert validate_base(sha)[1].startswith(
        error(5, 9, f"status changed from 'mostly-true' to 'mixed' since {sha} ")
    )


def test_the_work_tree_and_index_are_left_alone(repo):
    repo.claim(CLAIM.replace("status: mostly-true", "status: mixed"))
    before = repo.git("status", "--porcelain", "--untracked-files=all")
    validate_base()
    assert (
        repo.git("status", "--porcelain", "--untracked-files=all")
        == before
        == " M content/claims/served-120-days.yaml\n"
    )


def test_a_base_that_does_not_parse_is_tolerated(tmp_path, monkeypatch):
    repo = make_repo(
        tmp_path,
        monkeypatch,
        {
            "served-120-days.yaml": "status: [unclosed\n",
            "broken.yaml": CLAIM.replace("status: mostly-true", "status: maybe"),
        },
    )
    repo.claim(CLAIM)
    repo.claim(CLAIM, name="broken.yaml")
    assert validate_base() == (0, "2 claims, 1 source, 2 citations: 0 errors, 0 warnings\n")


def test_a_base_without_content_is_tolerated(tmp_path, monkeypatch):
    isolate_git(monkeypatch)
    monkeypatch.chdir(tmp_path)
    repo = Repo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    repo.write("README.md", "empty\n")
    repo.commit("before any content")
    write_content(tmp_path)
    assert validate_base() == (0, CLEAN)


def test_content_in_a_subfolder_from_anywhere_in_the_repository(tmp_path, monkeypatch):
    isolate_git(monkeypatch)
    repo = Repo(tmp_path)
    repo.git("init", "-q", "-b", "main")
    write_content(tmp_path / "data")
    repo.write(
        "content/claims/decoy.yaml", "not: compared\n"
    )  # a folder of the same name elsewhere
    repo.commit("base")
    repo.write(
        "data/content/claims/served-120-days.yaml",
        CLAIM.replace("status: mostly-true", "status: mixed"),
    )
    message = f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}"
    monkeypatch.chdir(tmp_path)
    assert validate_base("main", "--content", "data/content")[1].splitlines()[0] == error(
        5, 9, message, "data/content/claims/served-120-days.yaml"
    )
    monkeypatch.chdir(tmp_path / "data" / "content" / "claims")
    assert validate_base("main", "--content", "..")[1].splitlines()[0] == error(
        5, 9, message, "served-120-days.yaml"
    )


def test_other_problems_and_the_correction_are_reported_together_in_order(repo):
    repo.claim(
        CLAIM.replace("status: mostly-true", "status: mixed").replace(
            "claimant: Test Outlet", "claimant: ''"
        )
    )
    code, output = validate_base()
    assert code == 1
    assert output.splitlines() == [
        error(4, 11, "claimant must not be blank"),
        error(
            5,
            9,
            f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}",
        ),
        "1 claim, 1 source, 1 citation: 2 errors, 0 warnings",
    ]


def test_github_and_json_formats_carry_the_correction(repo):
    import json

    repo.claim(CLAIM.replace("status: mostly-true", "status: mixed"))
    code, output = validate_base("main", "--format", "github")
    assert code == 1
    assert output.splitlines()[0] == (
        "::error file=content/claims/served-120-days.yaml,line=5,col=9,title=factcheck::"
        f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}"
    )
    code, output = validate_base("main", "--format", "json")
    assert code == 1
    assert json.loads(output) == [
        {
            "path": CLAIM_PATH,
            "line": 5,
            "column": 9,
            "severity": "error",
            "message": f"status changed from 'mostly-true' to 'mixed' since main but corrections has no new entry: {FIX}",
        }
    ]


# -- bad revisions ----------------------------------------------------------------------------


def test_an_unknown_revision_is_a_usage_error_without_traceback(repo):
    assert validate_base("origin/nope") == (
        2,
        "Error: --base: unknown git revision 'origin/nope'; name a branch, tag or commit that exists here "
        "(fetch it first, e.g. `git fetch origin main`; in GitHub Actions check out with fetch-depth: 0)\n",
    )


@pytest.mark.parametrize("ref", ["--help", "-x", ""])
def test_an_option_like_or_empty_revision_is_refused(repo, ref):
    code, output = run("validate", f"--base={ref}")
    assert (code, output) == (2, f"Error: --base: {ref!r} is not a git revision\n")


def test_a_revision_that_is_not_a_commit_is_refused(repo):
    tree = repo.git("rev-parse", "HEAD^{tree}").strip()
    code, output = validate_base(tree)
    assert code == 2
    assert output.startswith(f"Error: --base: unknown git revision {tree!r}")


def test_outside_a_git_repository(tmp_path, monkeypatch):
    isolate_git(monkeypatch)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path)
    assert validate_base() == (
        2,
        "Error: --base compares with a git revision, but content is not inside a git repository\n",
    )
    assert run("validate") == (0, CLEAN)


def test_a_source_change_alone_is_not_a_claim_change(repo):
    logged = "language: en\ncorrections:\n  - date: 2026-11-24\n    note: A closing paragraph was missing.\n"
    corrected = SOURCE.replace("language: en\n", logged) + "\nA new closing paragraph.\n"
    repo.write("content/sources/article.md", corrected)
    assert validate_base() == (0, CLEAN)


# -- the comparison itself ---------------------------------------------------------------------


def test_list_change_counts_duplicates_and_ignores_order():
    a = {"source": "s", "quote": "one", "stance": "supports"}
    b = {"source": "s", "quote": "two", "stance": "refutes"}
    change = list_change([a, a, b], [b, a])
    assert [i.quote for i in change.removed] == ["one"]
    assert change.added == ()
    assert change.quotes_changed
    moved = list_change([a, b], [{**b, "stance": "context"}, {**a, "quote": " one "}])
    assert not moved.quotes_changed
    assert [(old.stance, new.stance) for old, new in moved.restanced] == [("refutes", "context")]
    other_source = list_change([a], [{**a, "source": "t"}])
    assert ([i.source for i in other_source.added], [i.source for i in other_source.removed]) == (
        ["t"],
        ["s"],
    )


def test_a_pull_request_checkout_compares_with_origin(tmp_path, monkeypatch):
    """As in CI: a clone with the base branch as origin/main, and a shallow clone without it."""
    (tmp_path / "origin").mkdir()
    origin = make_repo(tmp_path / "origin", monkeypatch)
    origin.git("checkout", "-q", "-b", "feature")
    origin.claim(CLAIM.replace("status: mostly-true", "status: mixed"))
    origin.commit("change the verdict")
    full = Repo(tmp_path / "full")
    full.root.mkdir()
    full.git("clone", "-q", "--branch", "feature", str(origin.root), ".")
    monkeypatch.chdir(full.root)
    code, output = validate_base("origin/main")
    assert code == 1
    assert output.splitlines()[0] == error(
        5,
        9,
        f"status changed from 'mostly-true' to 'mixed' since origin/main but corrections has no new entry: {FIX}",
    )
    shallow = Repo(tmp_path / "shallow")
    shallow.root.mkdir()
    shallow.git(
        "clone",
        "-q",
        "--depth",
        "1",
        "--single-branch",
        "--branch",
        "feature",
        origin.root.as_uri(),
        ".",
    )
    monkeypatch.chdir(shallow.root)
    code, output = validate_base("origin/main")
    assert code == 2
    assert "in GitHub Actions check out with fetch-depth: 0" in output


# -- the corrections log is append-only ------------------------------------------------------


def test_an_edited_past_correction_is_an_error_on_its_entry(tmp_path, monkeypatch):
    base = claim_with(updated=CORRECTED.rstrip("\n"))
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": base})
    repo.claim(base.replace("Verdict revised.", "Verdict revised, quietly."))
    assert validate_base() == (
        1,
        error(
            17,
            5,
            "corrections entry 1 (dated 2026-11-24) was edited since main; past corrections are a public record: "
            "restore it as it was at main and add a new entry after it to say what changed",
        )
        + "\n1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_a_removed_past_correction_is_an_error_even_with_a_new_one(tmp_path, monkeypatch):
    base = claim_with(updated=CORRECTED.rstrip("\n"))
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": base})
    replaced = base.replace(
        "  - date: 2026-11-24\n    note: Verdict revised.\n",
        "  - date: 2026-11-24\n    note: Something else.\n",
    )
    replaced = replaced.replace(
        "note: Something else.", "note: Something else.\n  - date: 2026-11-24\n    note: And more."
    )
    repo.claim(replaced)
    code, output = validate_base()
    assert code == 1
    assert "corrections entry 1 (dated 2026-11-24) was edited since main" in output

    repo.claim(base.replace("corrections:\n  - date: 2026-11-24\n    note: Verdict revised.\n", ""))
    code, output = validate_base()
    assert code == 1
    assert "corrections entry 1 (dated 2026-11-24) was removed since main" in output


def test_appending_a_correction_after_the_past_ones_passes(tmp_path, monkeypatch):
    base = claim_with(updated=CORRECTED.rstrip("\n"))
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": base})
    repo.claim(
        base.replace("status: mostly-true", "status: mixed")
        + "  - date: 2026-11-24\n    note: Verdict revised again.\n"
    )
    assert validate_base() == (0, CLEAN)


def test_a_published_claim_deleted_or_renamed_is_an_error(repo):
    (repo.root / CLAIM_PATH).rename(
        repo.root / "content/claims/served-a-hundred-and-twenty-days.yaml"
    )
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        1,
        1,
        "the published claim 'served-120-days' was renamed to 'served-a-hundred-and-twenty-days' since main; its id is its "
        "address, so keep the file under its old name; to withdraw a fact-check, change its status and add a corrections entry saying why",
    )
    (repo.root / "content/claims/served-a-hundred-and-twenty-days.yaml").unlink()
    code, output = validate_base()
    assert code == 1
    assert (
        "the published claim 'served-120-days' was removed since main; its id is its address, so keep the file;"
        in output
    )


def test_a_draft_may_be_deleted(tmp_path, monkeypatch):
    repo = make_repo(
        tmp_path, monkeypatch, {"served-120-days.yaml": claim_with() + "draft: true\n"}
    )
    (repo.root / CLAIM_PATH).unlink()
    _, output = validate_base()
    assert "published claim" not in output


def test_a_published_claim_made_a_draft_is_an_error(repo):
    repo.claim(claim_with() + "draft: true\n")
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        16,
        8,
        "the claim was published at main and is now a draft, which takes its page off the site; "
        "keep it published, and to withdraw it, change its status and add a corrections entry saying why",
    )


FIGURE = "reported:\n  - source: article\n    value: 120\n    unit: days\n    quote: returned in December after 120 days\n"


def test_a_changed_reported_figure_needs_a_correction(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch, {"served-120-days.yaml": CLAIM + FIGURE})
    repo.claim(CLAIM + FIGURE.replace("value: 120", "value: 121"))
    code, output = validate_base()
    assert code == 1
    value_line = (CLAIM + FIGURE).splitlines().index("    value: 120") + 1
    assert output.splitlines()[0] == error(
        value_line,
        12,
        f"1 reported figure changed since main but corrections has no new entry: {FIX}",
    )
    repo.claim(
        CLAIM.replace("updated: 2026-11-23", CORRECTED.rstrip("\n"))
        + FIGURE.replace("value: 120", "value: 121")
    )
    assert validate_base()[0] == 0
