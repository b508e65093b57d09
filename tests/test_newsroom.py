"""The newsroom's rules (generator/corpus/newsroom.py): people, claimants, related claims and
about.yaml, each problem at its line, through the real validator."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import ABOUT, AUTHOR, CLAIM, CLAIMANTS, CREDITS, EDITOR, PEOPLE, write_content

from generator.cli import cli
from generator.corpus.pipeline import check, validate_content

UNCREDITED = CLAIM
"""The kit's claim as written: `write_content(credits=False)` leaves it without credits."""


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # messages name folders relative to here: content/...


def problems_of(tmp_path: Path, **files: object) -> list[str]:
    """`file:line:col: severity: message` of every problem (file names only)."""
    report = validate_content(write_content(tmp_path, **files))  # type: ignore[arg-type]
    return [f"{p.path.name}:{p.line}:{p.col}: {p.severity}: {p.message}" for p in report.problems]


def claim_credited(authors: str = "[test-author]", editor: str | None = "test-editor") -> str:
    lines = CLAIM + f"authors: {authors}\n"
    return lines + (f"editor: {editor}\n" if editor is not None else "")


# -- credits -------------------------------------------------------------------------------


def test_the_kits_content_is_clean(tmp_path):
    assert problems_of(tmp_path) == []


def test_a_published_claim_names_its_authors_and_its_editor(tmp_path):
    assert problems_of(tmp_path, claims={"c.yaml": UNCREDITED}, credits=False) == [
        "c.yaml:2:1: error: a published claim names its authors: add `authors: [person-id]`, the ids of the people who checked it (files in content/people/)",
        "c.yaml:2:1: error: a published claim names its editor: add `editor: person-id`, the person who reviewed the check, who is not one of its authors",
    ]


def test_an_editor_alone_still_needs_authors_and_authors_alone_an_editor(tmp_path):
    assert problems_of(
        tmp_path,
        claims={"a.yaml": claim_credited(editor=None), "b.yaml": CLAIM + "editor: test-editor\n"},
        credits=False,
    ) == [
        "a.yaml:2:1: error: a published claim names its editor: add `editor: person-id`, the person who reviewed the check, who is not one of its authors",
        "b.yaml:2:1: error: a published claim names its authors: add `authors: [person-id]`, the ids of the people who checked it (files in content/people/)",
    ]


def test_a_draft_may_name_nobody_yet(tmp_path):
    assert problems_of(tmp_path, claims={"c.yaml": CLAIM + "draft: true\n"}, credits=False) == []


def test_the_editor_is_not_one_of_the_authors(tmp_path):
    text = claim_credited(authors="[test-author, test-editor]")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:17:9: error: the editor 'test-editor' is also one of the authors; a second person reviews every claim: name another editor",
    ]


def test_a_draft_cannot_have_its_author_as_editor_either(tmp_path):
    text = claim_credited(editor="test-author") + "draft: true\n"
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:17:9: error: the editor 'test-author' is also one of the authors; a second person reviews every claim: name another editor",
    ]


def test_an_unknown_person_is_an_error_at_its_id_with_a_suggestion(tmp_path):
    text = claim_credited(authors="[test-autor]", editor="nobody")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:16:11: error: no person with id 'test-autor' in content/people/; did you mean 'test-author'? (add one with `factcheck new person test-autor`)",
        "c.yaml:17:9: error: no person with id 'nobody' in content/people/ (add one with `factcheck new person nobody`)",
    ]


def test_an_author_listed_twice(tmp_path):
    text = claim_credited(authors="[test-author, test-author]")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:16:24: error: 'test-author' is listed twice in authors (also item 1); remove one",
    ]


def test_a_person_id_that_is_a_path_is_no_id(tmp_path):
    text = claim_credited(authors="[../people/test-author]")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:16:11: error: '../people/test-author' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'people-test-author'?",
    ]


def test_naming_a_person_whose_file_is_broken_is_not_reported_twice(tmp_path):
    people = {**PEOPLE, "test-author.yaml": "name: Test Author\n"}
    assert problems_of(tmp_path, people=people) == [
        "test-author.yaml:1:1: error: missing required key 'bio' (A short biography, in plain text (no HTML, no Markdown))",
        "test-author.yaml:1:1: error: missing required key 'role' (Their role at the desk, e.g)",
    ]


# -- people --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bio", "col", "tag"),
    [
        ("Loves <b>bold</b> claims.", 12, "<b>"),
        ("Writes <script>alert(1)</script>", 13, "<script>"),
        ("A comment <!-- hidden --> here.", 16, "<!-- hidden -->"),
    ],
)
def test_html_in_a_bio_is_an_error_at_the_tag(tmp_path, bio, col, tag):
    people = {
        **PEOPLE,
        "test-author.yaml": AUTHOR.replace(
            "bio: An invented fact-checker of the test suite.", f"bio: {bio}"
        ),
    }
    assert problems_of(tmp_path, people=people) == [
        f"test-author.yaml:3:{col}: error: bio is plain text, and {tag!r} is HTML; remove the tag (write a literal < with a space after it)",
    ]


def test_a_less_than_sign_with_a_space_is_text(tmp_path):
    people = {
        **PEOPLE,
        "test-author.yaml": AUTHOR.replace("the test suite.", "the test suite, < 40."),
    }
    assert problems_of(tmp_path, people=people) == []


def test_html_in_a_folded_bio_is_placed_on_its_line(tmp_path):
    bio = "bio: >-\n  A first line of text,\n  then <em>a tag</em> on the second.\n"
    people = {**PEOPLE, "test-author.yaml": "name: Test Author\nrole: Fact-checker\n" + bio}
    assert problems_of(tmp_path, people=people) == [
        "test-author.yaml:5:8: error: bio is plain text, and '<em>' is HTML; remove the tag (write a literal < with a space after it)",
    ]


def test_a_long_bio_is_refused_at_its_limit(tmp_path):
    people = {**PEOPLE, "test-author.yaml": AUTHOR.replace("An invented", "x" * 2000)}
    (problem,) = problems_of(tmp_path, people=people)
    assert problem == "test-author.yaml:3:6: error: bio is 2032 characters long; the limit is 2000"


def test_a_github_account_is_a_user_name_and_each_persons_own(tmp_path):
    people = {
        "test-author.yaml": AUTHOR + "github: '@someone'\n",
        "test-editor.yaml": EDITOR,
        "other.yaml": EDITOR.replace("Test Editor", "Other Editor").replace(
            "test-editor", "Test-Editor"
        ),
    }
    assert problems_of(tmp_path, people=people) == [
        "test-author.yaml:4:9: error: '@someone' is not a GitHub user name: letters, digits and single hyphens, without `@`",
        "test-editor.yaml:4:9: error: GitHub account 'test-editor' is also other.yaml's; each person has their own",
    ]


def test_a_person_file_is_checked_like_every_content_file(tmp_path):
    people = {
        **PEOPLE,
        "Bad Name.yaml": AUTHOR,
        "index.yaml": AUTHOR,
        "typo.yaml": AUTHOR + "rol: x\n",
    }
    assert problems_of(tmp_path, people=people) == [
        "Bad Name.yaml:1:1: error: file name 'Bad Name.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to bad-name.yaml",
        "index.yaml:1:1: error: 'index.yaml': the id 'index' is taken by the site's own page (people/index.md); rename the file",
        "typo.yaml:4:1: error: unknown key 'rol'; did you mean 'role'?",
    ]


def test_a_persons_links_are_http_only(tmp_path):
    person = AUTHOR + "links:\n  - title: Site\n    url: javascript:alert(1)\n"
    assert problems_of(tmp_path, people={**PEOPLE, "test-author.yaml": person}) == [
        "test-author.yaml:6:10: error: 'javascript:alert(1)' is not a web address; links must start with http:// or https://",
    ]


# -- claimants -----------------------------------------------------------------------------


def test_a_claimant_id_names_a_file(tmp_path):
    text = CLAIM.replace("claimant: test-outlet", "claimant: test-outlt")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:4:11: error: no claimant with id 'test-outlt' in content/claimants/; did you mean 'test-outlet'? (add one with `factcheck new claimant test-outlt`, or write the claimant's name as readers should see it)",
    ]


@pytest.mark.parametrize(
    "claimant",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "claimants/test-outlet",
        "test-outlet.yaml",
        "..\\\\x",
        "~/x",
    ],
)
def test_a_claimant_that_is_a_path_is_an_error(tmp_path, claimant):
    text = CLAIM.replace("claimant: test-outlet", f'claimant: "{claimant}"')
    (problem,) = problems_of(tmp_path, claims={"c.yaml": text})
    assert problem.startswith("c.yaml:4:11: error: claimant ") and "looks like a path" in problem


def test_a_name_with_a_slash_is_still_a_name(tmp_path):
    text = CLAIM.replace("claimant: test-outlet", "claimant: AP/Reuters")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == []


def test_a_claimant_file_gives_the_type(tmp_path):
    text = CLAIM.replace("claimant: test-outlet", "claimant: test-outlet\nclaimant_type: person")
    assert problems_of(tmp_path, claims={"c.yaml": text}) == [
        "c.yaml:5:16: error: claimant 'test-outlet' is a claimant file, which gives its own `type`; remove claimant_type here",
    ]


def test_a_claimant_written_out_in_several_claims_is_warned_about_in_each(tmp_path):
    named = CLAIM.replace("claimant: test-outlet", "claimant: Some  Outlet")
    claims = {
        "a.yaml": named,
        "b.yaml": named.replace("Some  Outlet", "some outlet"),
        "c.yaml": CLAIM,
    }
    message = "this claimant is written out in 2 claims (also {}); give them a file (`factcheck new claimant ID`) and write its id here, so that one page lists their claims"
    assert problems_of(tmp_path, claims=claims) == [
        f"a.yaml:4:11: warning: {message.format('b.yaml')}",
        f"b.yaml:4:11: warning: {message.format('a.yaml')}",
    ]


def test_a_claimant_written_out_in_many_claims_names_three_others(tmp_path):
    named = CLAIM.replace("claimant: test-outlet", "claimant: Some Outlet")
    claims = {f"{letter}.yaml": named for letter in "abcde"}
    message = "this claimant is written out in 5 claims (also {}); give them a file (`factcheck new claimant ID`) and write its id here, so that one page lists their claims"
    assert problems_of(tmp_path, claims=claims) == [
        f"a.yaml:4:11: warning: {message.format('b.yaml, c.yaml, d.yaml and 1 more')}",
        f"b.yaml:4:11: warning: {message.format('a.yaml, c.yaml, d.yaml and 1 more')}",
        f"c.yaml:4:11: warning: {message.format('a.yaml, b.yaml, d.yaml and 1 more')}",
        f"d.yaml:4:11: warning: {message.format('a.yaml, b.yaml, c.yaml and 1 more')}",
        f"e.yaml:4:11: warning: {message.format('a.yaml, b.yaml, c.yaml and 1 more')}",
    ]


def test_a_one_off_claimant_written_out_is_fine(tmp_path):
    named = CLAIM.replace("claimant: test-outlet", "claimant: Some Outlet")
    assert problems_of(tmp_path, claims={"a.yaml": named, "b.yaml": CLAIM}) == []


def test_a_claimant_written_out_with_a_files_name_is_pointed_to_the_file(tmp_path):
    named = CLAIM.replace("claimant: test-outlet", "claimant: test OUTLET")
    assert problems_of(tmp_path, claims={"a.yaml": named}) == [
        "a.yaml:4:11: warning: this is the name of the claimant in test-outlet.yaml; write `claimant: test-outlet` so that their page lists this claim",
    ]


def test_a_claimant_file_is_checked(tmp_path):
    claimants = {
        **CLAIMANTS,
        "odd.yaml": "name: Odd\ntype: persn\ndescription: An odd one.\nsame_as: [ftp://x.example.org, https://example.org/q, https://example.org/q]\n",
    }
    assert problems_of(tmp_path, claimants=claimants) == [
        "odd.yaml:2:7: error: unknown type 'persn'; did you mean 'person'? (use one of: person, organization)",
        "odd.yaml:4:11: error: 'ftp://x.example.org' is not a web address; links must start with http:// or https://",
    ]


def test_same_as_listed_twice(tmp_path):
    claimants = {
        **CLAIMANTS,
        "odd.yaml": "name: Odd\ndescription: An odd one.\nsame_as: [https://example.org/q, https://example.org/q]\n",
    }
    assert problems_of(tmp_path, claimants=claimants) == [
        "odd.yaml:3:34: error: 'https://example.org/q' is listed twice in same_as (also item 1); remove one",
    ]


# -- related claims ------------------------------------------------------------------------


def related(ids: str) -> str:
    return CLAIM + f"related: {ids}\n"


def test_related_claims_exist_are_others_and_are_published(tmp_path):
    claims = {
        "a.yaml": related("[a, b, nope, d, d]"),
        "b.yaml": CLAIM,
        "d.yaml": CLAIM + "draft: true\n",
    }
    assert problems_of(tmp_path, claims=claims) == [
        "a.yaml:16:11: error: a claim is not related to itself; remove 'a'",
        "a.yaml:16:17: error: no claim with id 'nope' in content/claims/",
        "a.yaml:16:23: error: related claim 'd' is a draft, and a published claim names only published claims: publish it, or remove it here",
        "a.yaml:16:26: error: 'd' is listed twice in related (also item 4); remove one",
        "a.yaml:16:26: error: related claim 'd' is a draft, and a published claim names only published claims: publish it, or remove it here",
    ]


def test_a_draft_may_relate_a_draft(tmp_path):
    claims = {"a.yaml": related("[d]") + "draft: true\n", "d.yaml": CLAIM + "draft: true\n"}
    assert problems_of(tmp_path, claims=claims) == []


def test_a_related_claim_that_fails_validation_still_exists(tmp_path):
    claims = {"a.yaml": related("[b]"), "b.yaml": CLAIM.replace("mostly-true", "maybe")}
    assert [p.split(": error")[0] for p in problems_of(tmp_path, claims=claims)] == ["b.yaml:5:9"]


# -- about.yaml ----------------------------------------------------------------------------


def test_no_about_file_is_one_warning_and_strict_fails(tmp_path, monkeypatch):
    content = write_content(tmp_path, about=None)
    report = validate_content(content)
    assert [p.format() for p in report.problems] == [
        "content/about.yaml:1:1: warning: there is no about.yaml, so the About page cannot say who runs, owns and funds the desk or how it chooses claims, as the IFCN Code of Principles asks; create it (docs/manual/content.md, `The About page`)"
    ]
    assert report.corpus is not None  # a warning: the site still builds
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["validate"]).exit_code == 0
    assert CliRunner().invoke(cli, ["validate", "--strict"]).exit_code == 1


def test_each_missing_item_is_a_warning_and_a_placeholder_counts_as_given(tmp_path):
    about = "who_we_are: We.\nplaceholders:\n  owners: Not stated yet.\n"
    found = problems_of(tmp_path, about=about)
    assert all(
        line.startswith("about.yaml:1:1: warning: the About page does not say") for line in found
    )
    missing = {
        line.split(") (")[-1].split(")")[0] if ") (" in line else line.split(" (")[1].split(")")[0]
        for line in found
    }
    assert missing == {
        "legal_form",
        "funding",
        "nonpartisanship",
        "how_we_choose",
        "how_to_suggest",
    }
    assert (
        "about.yaml:1:1: warning: the About page does not say the desk's legal form (legal_form), which the IFCN Code of Principles asks a desk to publish; add `legal_form:`, or list it under `placeholders` until you can"
        in found
    )


def test_the_team_is_the_people_files(tmp_path):
    assert problems_of(
        tmp_path, people={}, claims={"c.yaml": CLAIM + "draft: true\n"}, credits=False
    ) == [
        "about.yaml:1:1: warning: the About page does not say who checks the claims (the people files) (team), which the IFCN Code of Principles asks a desk to publish; add a person's file (`factcheck new person ID`), or list it under `placeholders` until you can",
    ]


def test_placeholders_name_items_that_are_not_given(tmp_path):
    about = ABOUT + "placeholders:\n  owners: Soon.\n  ownrs: Soon.\n"
    assert problems_of(tmp_path, about=about) == [
        "about.yaml:16:3: error: owners is given above, so it is no placeholder: remove it from placeholders",
        "about.yaml:17:3: error: unknown item 'ownrs' in placeholders; did you mean 'owners'? (items: who_we_are, legal_form, owners, funding, team, nonpartisanship, how_we_choose, how_to_suggest)",
    ]


def test_funding_gives_amounts_or_shares_that_add_up(tmp_path):
    about = ABOUT.replace(
        """      - name: Invented Test Fund
        amount: 1000
        currency: EUR
        share: 100
""",
        """      - name: Invented Test Fund
        share: 80
      - name: Nothing given
      - name: No currency
        amount: 5
        share: 30
      - name: No amount
        currency: USD
  - year: 2026
    funders:
      - name: Again
        amount: 1500
        currency: EUR
""",
    )
    assert problems_of(tmp_path, about=about) == [
        "about.yaml:6:11: error: the funders' shares of 2026 add up to 110 %, over 100 %",
        "about.yaml:10:9: error: give this funder's `amount` (with its `currency`) or its `share` of the year in per cent",
        "about.yaml:12:17: error: give the `currency` of this amount, e.g. EUR",
        "about.yaml:15:19: error: a currency without an `amount`: give the amount",
        "about.yaml:16:11: error: 2026 is listed twice in funding (also entry 1); give each year once",
    ]


def test_a_currency_is_a_code(tmp_path):
    assert problems_of(tmp_path, about=ABOUT.replace("currency: EUR", "currency: euros")) == [
        "about.yaml:10:19: error: 'euros' is not a currency code: three capital letters, like 'EUR' or 'USD'",
    ]


def test_a_share_is_at_most_100_per_cent(tmp_path):
    assert problems_of(tmp_path, about=ABOUT.replace("share: 100", "share: 120")) == [
        "about.yaml:11:16: error: share must be at most 100, not 120",
    ]


def test_the_owners_shares_add_up_to_at_most_100_per_cent(tmp_path):
    about = ABOUT.replace(
        "  - name: Invented Owners' Association\n",
        "  - name: Invented Owners' Association\n    share: 70\n  - name: Another\n    share: 40\n",
    )
    assert problems_of(tmp_path, about=about) == [
        "about.yaml:4:3: error: the owners' shares add up to 110 %, over 100 %",
    ]


def test_the_about_texts_are_markdown_without_html(tmp_path):
    about = ABOUT.replace(
        "nonpartisanship: The invented desk takes no side.",
        "nonpartisanship: We take <b>no</b> side; [see](javascript:x).",
    )
    assert problems_of(tmp_path, about=about) == [
        "about.yaml:12:26: error: raw HTML is not allowed in nonpartisanship; write Markdown (use `&lt;` for a literal <)",
        "about.yaml:12:31: error: raw HTML is not allowed in nonpartisanship; write Markdown (use `&lt;` for a literal <)",
        "about.yaml:12:48: error: link 'javascript:x' is not allowed; links must start with http:// or https://",
    ]


def test_about_yml_is_pointed_at_its_right_name(tmp_path):
    content = write_content(tmp_path)
    (content / "about.yaml").rename(content / "about.yml")
    found = [
        f"{p.path.name}:{p.line}:{p.col}: {p.message}" for p in validate_content(content).problems
    ]
    assert "about.yml:1:1: rename this file to about.yaml" in found


def test_a_valid_newsroom_is_in_the_corpus(tmp_path):
    corpus = check(write_content(tmp_path))
    assert [p.id for p in corpus.people] == ["test-author", "test-editor"]
    assert [c.id for c in corpus.claimants] == ["test-outlet"]
    assert corpus.about is not None and corpus.about.html("who_we_are") == (
        "<p>An invented desk that checks the claims of the test suite.</p>"
    )
    assert corpus.about.html("legal_form") is None  # plain text, not Markdown


def test_credits_are_the_kits_own(tmp_path):
    assert CREDITS == "authors: [test-author]\neditor: test-editor\n"


@pytest.mark.parametrize("dangling", [False, True])
def test_a_newsroom_folder_or_about_yaml_that_is_a_link_is_refused(tmp_path, dangling):
    content = write_content(tmp_path / "site")
    elsewhere = write_content(tmp_path / "elsewhere")
    for name in ("people", "about.yaml"):
        target = elsewhere / name if not dangling else tmp_path / "nowhere"
        moved = content / name
        moved.rename(tmp_path / f"old-{name}")
        moved.symlink_to(target)
    found = [
        f"{p.path.name}:{p.line}:{p.col}: {p.message}" for p in validate_content(content).errors
    ]
    assert "people:1:1: people/ is a symbolic link; content must be real folders and files" in found
    assert "about.yaml:1:1: symbolic links are not allowed in content; copy the file in" in found


def test_an_about_yaml_that_cannot_be_read_is_one_error_not_also_a_missing_file(tmp_path):
    assert problems_of(tmp_path, about="who_we_are: [unclosed\n") == [
        "about.yaml:1:13: error: invalid YAML: the `[` opened here is not closed with `]`; close it, or put the value in quotes if the `[` is part of the text",
    ]
