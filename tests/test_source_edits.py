"""`factcheck validate --base REF`: a published source's text changes only with a logged correction.

Each test builds a throwaway git repository (test_history's `Repo`), commits the default
content on `main`, edits the source, and validates against `main`.
"""

from __future__ import annotations

import pytest
from contentkit import SOURCE, SOURCE_BODY
from test_history import CLEAN, Repo, make_repo, run, validate_base

from generator.corpus.source_corrections import TYPO_WORDS, changed_words

SOURCE_PATH = "content/sources/article.md"
FRONT_END = "language: en\n"
"""The last line of the default source's front matter, before the closing `---`."""
NO_ENTRY = (
    "but corrections has no new entry: under `corrections:` add `- date: YYYY-MM-DD` and, "
    "below `date`, `note: what changed and why` (and `typo: true` when it only fixes a slip in "
    "copying the text); readers see it on the source's page and in the feed"
)


def with_log(body: str = SOURCE_BODY, *entries: str) -> str:
    """The default source with this body and these corrections entries (YAML lines)."""
    log = "corrections:\n" + "".join(entries) if entries else ""
    return SOURCE.replace(FRONT_END, FRONT_END + log).replace(SOURCE_BODY, body)


def entry(date: str, note: str = "Fixed.", typo: bool = False) -> str:
    return f"  - date: {date}\n" + ("    typo: true\n" if typo else "") + f"    note: {note}\n"


def edited(body: str) -> str:
    return SOURCE_BODY.replace("The regiment returned", body, 1)


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Repo:
    return make_repo(tmp_path, monkeypatch)


def error(line: int, col: int, message: str) -> str:
    return f"{SOURCE_PATH}:{line}:{col}: error: {message}"


# -- a changed text needs an entry -------------------------------------------------------------


def test_unchanged_sources_pass(repo):
    assert validate_base() == (0, CLEAN)


def test_a_changed_text_without_an_entry_is_an_error_at_the_front_matter(repo):
    repo.write(SOURCE_PATH, with_log(edited("The regimen returned")))
    assert validate_base() == (
        1,
        error(2, 1, f"the text changed since main (paragraph 1, line 8) {NO_ENTRY}")
        + "\n1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_the_error_points_at_the_corrections_key_when_there_is_one(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY, entry("2026-11-24")))
    repo.commit("a first correction")
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY + "\nA closing line.\n", entry("2026-11-24")))
    code, output = validate_base()
    assert code == 1
    assert output.splitlines()[0] == error(
        7, 1, f"the text changed since main (paragraph 4, line 17, added) {NO_ENTRY}"
    )


def test_whitespace_alone_is_a_change_of_the_text(repo):
    """The fingerprint is of the exact bytes: a space changes it, so readers are told."""
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY.replace("after 120 days", "after  120 days")))
    code, output = validate_base()
    assert code == 1 and "the text changed since main (paragraph 1, line 8)" in output


def test_a_changed_text_with_a_new_entry_passes(repo):
    repo.write(SOURCE_PATH, with_log(edited("The unit returned"), entry("2026-11-24", "Reworded.")))
    assert validate_base() == (0, CLEAN)


def test_a_typo_fix_with_a_typo_entry_passes(repo):
    repo.write(SOURCE_PATH, with_log(edited("The regimnet returned")))
    repo.commit("a slip in copying")
    repo.write(
        SOURCE_PATH,
        with_log(
            SOURCE_BODY,
            entry("2026-11-24", "A slip of ours, regimnet, is now regiment.", typo=True),
        ),
    )
    assert validate_base() == (0, CLEAN)


def test_a_typo_entry_may_not_cover_a_larger_change(repo):
    rewritten = edited("A completely different sentence about the unit, which returned")
    repo.write(SOURCE_PATH, with_log(rewritten, entry("2026-11-24", "Typo.", typo=True)))
    assert validate_base() == (
        1,
        error(
            9,
            11,
            f"this entry says `typo: true`, but since main 8 words were replaced, added or removed "
            f"(a typo fix keeps the paragraphs and changes at most {TYPO_WORDS} words per entry): "
            "remove `typo: true`, so that readers are told the text changed",
        )
        + "\n1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_a_typo_entry_may_not_cover_a_new_paragraph(repo):
    repo.write(
        SOURCE_PATH, with_log(SOURCE_BODY + "\nNew.\n", entry("2026-11-24", "Typo.", typo=True))
    )
    code, output = validate_base()
    assert code == 1
    assert "since main the paragraphs changed (a typo fix keeps the paragraphs" in output


def test_two_typo_entries_cover_twice_as_many_words(repo):
    body = SOURCE_BODY.replace("almost every day", "A B C D E F G H")
    words = changed_words(SOURCE_BODY.split("\n\n"), body.split("\n\n"))
    assert words is not None and TYPO_WORDS < words <= 2 * TYPO_WORDS
    one = with_log(body, entry("2026-11-24", "Typos.", typo=True))
    two = with_log(
        body, entry("2026-11-24", "Typos.", typo=True), entry("2026-11-24", "More.", typo=True)
    )
    repo.write(SOURCE_PATH, one)
    assert validate_base()[0] == 1
    repo.write(SOURCE_PATH, two)
    assert validate_base() == (0, CLEAN)


def test_an_entry_without_typo_covers_any_change(repo):
    body = "An entirely new text.\n\nIn two paragraphs: returned in December after 120 days.\n"
    repo.write(SOURCE_PATH, with_log(body, entry("2026-11-24", "Replaced by the full article.")))
    assert validate_base() == (0, CLEAN)


# -- the log itself ------------------------------------------------------------------------


def test_past_entries_may_not_be_edited_or_removed(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY, entry("2026-11-24", "First.")))
    repo.commit("logged")
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY, entry("2026-11-24", "First, reworded.")))
    assert validate_base()[1].splitlines()[0] == error(
        8,
        5,
        "corrections entry 1 (dated 2026-11-24) was edited since main; past corrections are a "
        "public record: restore it as it was at main and add a new entry after it to say what changed",
    )
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY))
    assert validate_base()[1].splitlines()[0] == error(
        2,
        1,
        "corrections entry 1 (dated 2026-11-24) was removed since main; past corrections are a "
        "public record: restore it as it was at main and add a new entry after it to say what changed",
    )


def test_existing_entries_do_not_count_only_new_ones(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(SOURCE_PATH, with_log(SOURCE_BODY, entry("2026-11-24", "First.")))
    repo.commit("logged")
    repo.write(
        SOURCE_PATH, with_log(edited("Then the regiment returned"), entry("2026-11-24", "First."))
    )
    code, output = validate_base()
    assert code == 1 and NO_ENTRY in output


# -- which sources the rule holds ---------------------------------------------------------------


def test_a_source_that_was_a_draft_needs_no_entry(tmp_path, monkeypatch):
    draft = SOURCE.replace(FRONT_END, FRONT_END + "draft: true\n")
    repo = make_repo(tmp_path, monkeypatch)
    repo.write(SOURCE_PATH, draft)
    repo.claim(repo_claim_as_draft())
    repo.commit("a draft source")
    repo.write(SOURCE_PATH, draft.replace("The regiment returned", "The regimen returned"))
    repo.claim(
        repo_claim_as_draft().replace("returned in December", "regimen returned in December")
    )
    code, output = validate_base()
    assert code == 0, output


def repo_claim_as_draft() -> str:
    from contentkit import CLAIM

    return CLAIM + "draft: true\n"


def test_a_new_source_needs_no_entry(repo):
    repo.write("content/sources/second.md", SOURCE)
    assert validate_base() == (0, "1 claim, 2 sources, 1 citation: 0 errors, 0 warnings\n")


def test_a_published_source_may_not_be_removed_renamed_or_made_a_draft(tmp_path, monkeypatch):
    repo = make_repo(tmp_path, monkeypatch)
    repo.write("content/sources/unquoted.md", SOURCE)
    repo.commit("a second source")
    (tmp_path / "content/sources/unquoted.md").unlink()
    removed = validate_base()[1].splitlines()[0]
    assert removed == (
        "content/sources/unquoted.md:1:1: error: the published source 'unquoted' was removed since "
        "main; its id is its address, where the claims quoting it link and its fingerprint is "
        "checked, so keep the file"
    )
    repo.write("content/sources/renamed.md", SOURCE)
    renamed = validate_base()[1].splitlines()[0]
    assert "the published source 'unquoted' was renamed to 'renamed' since main" in renamed
    assert renamed.endswith("so keep the file under its old name")
    (tmp_path / "content/sources/renamed.md").unlink()
    repo.write(
        "content/sources/unquoted.md", SOURCE.replace(FRONT_END, FRONT_END + "draft: true\n")
    )
    assert validate_base()[1].splitlines()[0] == (
        "content/sources/unquoted.md:7:8: error: the source was published at main and is now a "
        "draft, which takes its page off the site; keep it published"
    )


def test_a_source_that_does_not_parse_now_is_left_to_validate(repo):
    repo.write(SOURCE_PATH, "---\ntitle: [unclosed\n---\nText.\n")
    code, output = validate_base()
    assert code == 1
    assert "the text changed" not in output and "removed since" not in output


def test_without_base_a_changed_text_is_not_judged(repo):
    repo.write(SOURCE_PATH, with_log(edited("The regimen returned")))
    assert run("validate") == (0, CLEAN)


# -- counting the words of a typo fix -------------------------------------------------------------


def test_changed_words() -> None:
    assert changed_words(["a b c"], ["a b c"]) == 0
    assert changed_words(["a b c"], ["a x c"]) == 1
    assert changed_words(["a b c"], ["a c"]) == 1
    assert changed_words(["a b c", "d e"], ["a b c d", "d e f g"]) == 3
    assert changed_words(["a b"], ["a b", "c"]) is None
