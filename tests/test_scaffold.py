"""`factcheck new claim|source|person|claimant`: skeletons that validate tells you how to finish."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import SOURCE, SOURCE_BODY, write_content

from generator.cli import cli
from generator.commands.new import import_text
from generator.corpus.read import load_content

DRAFT_SOURCE = SOURCE.replace("title: A test article", "title: A draft article").replace(
    "language: en", "language: en\ndraft: true"
)
CONTRIBUTING = Path(__file__).parents[1] / "CONTRIBUTING.md"
DAY_AFTER_TOMORROW = (dt.date.today() + dt.timedelta(days=2)).isoformat()
FAR_FUTURE = (dt.date.today() + dt.timedelta(days=400)).isoformat()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_content(tmp_path, claims={})


# -- new claim --------------------------------------------------------------------------------


def test_new_claim_writes_a_commented_draft(content):
    before = dt.date.today()
    assert run("new", "claim", "did-x-happen") == (
        0,
        "wrote content/claims/did-x-happen.yaml\n"
        'next: fill in every "" (`.venv/bin/factcheck validate` lists them); delete `draft: true` when it is ready\n',
    )
    text = (content / "claims" / "did-x-happen.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/claim.schema.json"
    assert "\n#   article: A test article\n" in text
    assert "\ndraft: true\n" in text
    assert re.search(r"\npublished: (\S+)\nupdated: \1\n", text)
    assert re.search(r"\npublished: (\S+)", text).group(1) in {
        before.isoformat(),
        dt.date.today().isoformat(),
    }  # type: ignore[union-attr]


def test_the_claim_skeleton_lists_sources_by_id_and_marks_drafts(content):
    (content / "sources" / "b-draft.md").write_text(DRAFT_SOURCE, encoding="utf-8")
    (content / "sources" / "0-first.md").write_text(
        SOURCE.replace("title: A test article", 'title: "Multi\n  line"'), encoding="utf-8"
    )
    run("new", "claim", "x")
    comments = [
        line
        for line in (content / "claims" / "x.yaml").read_text().splitlines()
        if line.startswith("#   ")
    ]
    assert comments[:3] == [
        "#   0-first: Multi line",
        "#   article: A test article",
        "#   b-draft: A draft article (draft source)",
    ]


def test_the_claim_skeleton_says_when_there_is_no_source_yet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    assert run("new", "claim", "first")[0] == 0  # claims/ is created in content/
    text = (tmp_path / "content" / "claims" / "first.yaml").read_text()
    assert (
        "#   (none yet: add the article first with `.venv/bin/factcheck new source ID --from FILE`)\n"
        in text
    )


def test_validate_lists_exactly_the_fields_left_to_fill(content):
    run("new", "claim", "did-x-happen")
    code, output = run("validate")
    assert code == 1
    lines = (content / "claims" / "did-x-happen.yaml").read_text().splitlines()

    def line_of(key: str) -> int:
        return next(
            n for n, line in enumerate(lines, 1) if re.match(rf"^(  - |    )?{key}: ", line)
        )

    expected = [
        ("question", 11, "question must not be blank"),
        ("claim", 8, "claim must not be blank"),
        ("claimant", 11, "claimant must not be blank"),
        (
            "status",
            9,
            "unknown status '' (use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)",
        ),
        ("summary", 10, "summary must not be blank"),
        ("source", 13, "source is empty; give the id of the source quoted: article"),
        ("quote", 12, "quote must not be blank"),
        ("stance", 13, "unknown stance '' (use one of: supports, refutes, context)"),
        ("analysis", 11, "analysis must not be blank"),
    ]
    assert output.splitlines() == [
        f"content/claims/did-x-happen.yaml:{line_of(key)}:{col}: error: {message}"
        for key, col, message in expected
    ] + ["1 claim, 1 source, 1 citation: 9 errors, 0 warnings"]


def test_contributing_shows_the_real_output_for_a_fresh_skeleton(content):
    run("new", "claim", "did-x-happen")
    output = run("validate")[1].splitlines()
    shown = re.findall(
        r"^content/claims/did-x-happen\.yaml:.*$", CONTRIBUTING.read_text(encoding="utf-8"), re.M
    )
    assert shown, "CONTRIBUTING.md shows no validate output for a skeleton"
    assert all(line in output for line in shown), shown


def test_a_filled_in_skeleton_is_valid(content):
    run("new", "claim", "did-x-happen")
    path = content / "claims" / "did-x-happen.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in {
        "question": "Did the regiment return in December?",
        "claim": "The regiment returned in December.",
        "claimant": "test-outlet",
        "status": "true",
        "summary": "The article says so.",
        "source": "article",
        "quote": "returned in December",
        "stance": "supports",
    }.items():
        text = re.sub(rf'^(\s*(- )?{key}: )""', rf"\g<1>{value}", text, count=1, flags=re.M)
    text = text.replace("analysis: |\n", "analysis: |\n  The article says so.\n")
    path.write_text(text, encoding="utf-8")
    assert run("validate") == (0, "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n")
    published = text.replace("draft: true\n", "")
    path.write_text(published, encoding="utf-8")
    code, output = run("validate")
    assert code == 1 and "a published claim names its authors" in output
    credited = published.replace("authors: []", "authors: [test-author]").replace(
        "# editor: some-person-id", "editor: test-editor"
    )
    path.write_text(credited, encoding="utf-8")
    assert run("validate") == (0, "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n")


@pytest.mark.parametrize("existing", ["x.yaml", "x.yml"])
def test_new_claim_never_overwrites(content, existing):
    target = content / "claims" / existing
    target.write_text("keep me\n")
    assert run("new", "claim", "x") == (
        1,
        f"Error: content/claims/{existing} already exists; a claim with id 'x' is there: edit it, or choose another id\n",
    )
    assert target.read_text() == "keep me\n"
    assert sorted(p.name for p in (content / "claims").iterdir()) == [existing]


@pytest.mark.parametrize(
    ("bad", "hint"),
    [
        ("../escape", "; try 'escape'"),
        ("a/b", "; try 'b'"),
        ("content/claims/did-x.yaml", "; try 'did-x'"),
        ("Foo Bar", "; try 'foo-bar'"),
        ("-lead", "; try 'lead'"),
        ("x.yaml", "; try 'x'"),
        ("Article.MD", "; try 'article'"),
        ("über", "; try 'uber'"),
        ("///", ""),
    ],
)
def test_invalid_ids_are_refused_before_anything_is_written(tmp_path, monkeypatch, bad, hint):
    monkeypatch.chdir(tmp_path)
    for kind in ("claim", "source"):
        code, output = run("new", kind, "--", bad)
        assert code == 2
        assert output.endswith(
            f"Error: Invalid value for 'ID': {bad!r} is not a valid id: use lowercase letters, digits and hyphens, starting with a letter or digit{hint}\n"
        )
    assert list(tmp_path.rglob("*")) == []


def test_an_over_long_id_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, output = run("new", "claim", "a" * 81)
    assert code == 2
    assert output.endswith(
        f"Error: Invalid value for 'ID': '{'a' * 81}' is 81 characters long; an id has at most 80\n"
    )


def test_content_option(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "elsewhere" / "content").mkdir(parents=True)
    assert run("new", "claim", "x", "--content", "elsewhere/content")[1].startswith(
        "wrote elsewhere/content/claims/x.yaml\n"
    )
    assert run("new", "source", "y", "--content", "elsewhere/content")[1].startswith(
        "wrote elsewhere/content/sources/y.md\n"
    )


# -- new source -------------------------------------------------------------------------------


def test_a_new_source_with_an_address_is_to_be_archived_before_review(content):
    """The archive step comes when a source is added, before the pull request."""
    assert run("new", "source", "fresh", "--url", "https://example.org/a") == (
        0,
        "wrote content/sources/fresh.md\n"
        "next: paste the article's text below the front matter, one blank line between paragraphs\n"
        "next: archive the original before the pull request: `.venv/bin/factcheck archive fresh`\n",
    )


def test_new_source_without_text(content):
    assert run("new", "source", "fresh") == (
        0,
        "wrote content/sources/fresh.md\n"
        "next: paste the article's text below the front matter, one blank line between paragraphs\n",
    )
    code, output = run("validate")
    assert code == 1
    assert output.splitlines()[0] == "content/sources/fresh.md:3:8: error: title must not be blank"
    text = (content / "sources" / "fresh.md").read_text()
    text = text.replace('title: ""', "title: Fresh").rstrip("\n") + "\nSome text.\n"
    (content / "sources" / "fresh.md").write_text(text)
    assert run("validate") == (0, "0 claims, 2 sources, 0 citations: 0 errors, 0 warnings\n")


def test_import_with_one_paragraph_per_line_inserts_blank_lines(content, tmp_path):
    article = tmp_path / "article.txt"
    article.write_bytes("\ufeffFirst “line” — one.\r\n  Second line.  \r\nThird…\r\n".encode())
    assert run("new", "source", "imported", "--from", str(article), "--title", "Imported") == (
        0,
        "wrote content/sources/imported.md (3 paragraphs; blank lines were inserted between its lines)\n",
    )
    assert (content / "sources" / "imported.md").read_text(encoding="utf-8") == (
        "---\n"
        "# The headline as printed; if the article has none, an editor's description in [square brackets].\n"
        "title: Imported\n"
        "# The publication as named in the article, or unknown.\n"
        "outlet: unknown\n"
        "# The date the article states (YYYY-MM-DD), or unknown. Never guessed.\n"
        "published: unknown\n"
        "# url: https://...  (where it was published, if known)\n"
        "# When this copy of the text was captured (YYYY-MM-DD), or unknown.\n"
        "retrieved: unknown\n"
        "language: en\n"
        "note: Imported from article.txt. In that file, paragraphs were separated by single newlines; blank lines were inserted between them.\n"
        "---\n"
        "First “line” — one.\n"
        "\n"
        "Second line.\n"
        "\n"
        "Third…\n"
    )
    assert run("validate") == (0, "0 claims, 2 sources, 0 citations: 0 errors, 0 warnings\n")


def test_import_keeps_blank_line_paragraphs_and_their_line_breaks(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("\n\nA wrapped\nparagraph.\n\n\n \nNext one.\n\n", encoding="utf-8")
    imported = import_text(article)
    assert (imported.body, imported.paragraphs, imported.blank_lines_inserted) == (
        "A wrapped\nparagraph.\n\nNext one.",
        2,
        False,
    )
    single = tmp_path / "single.txt"
    single.write_text("Only one paragraph.", encoding="utf-8")
    assert import_text(single).body == "Only one paragraph."
    assert not import_text(single).blank_lines_inserted


def test_imported_words_are_verbatim_and_quotable(content, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(SOURCE_BODY, encoding="utf-8")
    code, output = run(
        "new",
        "source",
        "copy",
        "--from",
        str(article),
        "--title",
        'Kim: "all of you" #1',
        "--outlet",
        "Outlet",
        "--published",
        "2025-12-12",
        "--retrieved",
        "2026-01-02",
        "--url",
        "https://example.org/a?b=1",
        "--language",
        "pt-BR",
    )
    assert (code, output) == (
        0,
        "wrote content/sources/copy.md (3 paragraphs)\n"
        "next: archive the original before the pull request: `.venv/bin/factcheck archive copy`\n",
    )
    loaded = {f.stem: f for f in load_content(content).files}
    copy, original = loaded["copy"], loaded["article"]
    assert copy.body == original.body
    assert copy.located.data == {
        "title": 'Kim: "all of you" #1',
        "outlet": "Outlet",
        "published": dt.date(2025, 12, 12),
        "url": "https://example.org/a?b=1",
        "retrieved": dt.date(2026, 1, 2),
        "language": "pt-BR",
        "note": "Imported from article.txt.",
    }
    assert run("new", "claim", "quoting")[0] == 0
    assert '#   copy: Kim: "all of you" #1\n' in (content / "claims" / "quoting.yaml").read_text()


def test_import_refuses_what_is_not_text(content, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"caf\xe9\n")
    assert run("new", "source", "a", "--from", str(binary)) == (
        1,
        f"Error: {binary} is not UTF-8 text (byte 0xe9 at offset 3); convert it to UTF-8 first\n",
    )
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n")
    assert run("new", "source", "a", "--from", str(empty)) == (1, f"Error: {empty} has no text\n")
    assert not (content / "sources" / "a.md").exists()
    code, output = run("new", "source", "a", "--from", str(tmp_path / "missing.txt"))
    assert code == 2
    assert "does not exist" in output


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        (
            "--published",
            "12/12/2025",
            "'12/12/2025' is not a date written YYYY-MM-DD (or `unknown`)",
        ),
        (
            "--retrieved",
            "2025-02-30",
            "2025-02-30 is not a day of the calendar; check the month and the day",
        ),
        (
            "--published",
            FAR_FUTURE,
            f"{FAR_FUTURE} is in the future; use the date it happened, or `unknown`",
        ),
        (
            "--retrieved",
            DAY_AFTER_TOMORROW,
            f"{DAY_AFTER_TOMORROW} is in the future; use the date it happened, or `unknown`",
        ),
        (
            "--url",
            "ftp://example.org/x",
            "'ftp://example.org/x' is not a web address starting with http:// or https://",
        ),
        ("--language", "English", "'English' is not a language tag like 'en' or 'pt-BR'"),
        ("--title", "  ", "must not be blank"),
    ],
)
def test_bad_options_are_usage_errors(content, option, value, message):
    """As the front matter's dates are judged: a day of the calendar, not after tomorrow."""
    code, output = run("new", "source", "s", option, value)
    assert code == 2
    assert output.endswith(f"Error: Invalid value for '{option}': {message}\n")
    assert not (content / "sources" / "s.md").exists()


def test_tomorrow_is_allowed_as_in_the_files(content):
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    assert run("new", "source", "s", "--title", "T", "--published", tomorrow)[0] == 0


def test_a_copy_retrieved_before_publication_is_refused(content):
    code, output = run(
        "new", "source", "s", "--published", "2025-12-12", "--retrieved", "2025-12-11"
    )
    assert code == 2
    assert output.endswith(
        "Error: Invalid value for '--retrieved': 2025-12-11 is before --published 2025-12-12; "
        "a copy cannot be taken before the article appeared\n"
    )
    assert not (content / "sources" / "s.md").exists()


def test_unknown_stays_unknown(content):
    run("new", "source", "s", "--published", "unknown")
    data = {f.stem: f for f in load_content(content).files}["s"].located.data
    assert (data["published"], data["outlet"], data["retrieved"]) == (
        "unknown",
        "unknown",
        "unknown",
    )


def test_new_source_never_overwrites(content):
    assert run("new", "source", "article") == (
        1,
        "Error: content/sources/article.md already exists; a source with id 'article' is there: edit it, or choose another id\n",
    )
    assert (content / "sources" / "article.md").read_text() == SOURCE


def test_write_new_refuses_an_existing_file_even_without_the_id_check(tmp_path):
    from generator.commands.new import ScaffoldError, write_new

    target = tmp_path / "deep" / "er" / "x.yaml"
    assert write_new(target, "first\n") == target
    with pytest.raises(ScaffoldError, match="already exists"):
        write_new(target, "second\n")
    assert target.read_text() == "first\n"


def test_a_file_in_the_way_of_a_folder_is_reported(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "claims").write_text("a file\n")
    assert run("new", "claim", "x") == (
        1,
        "Error: cannot create the folder content/claims: a file is in the way\n",
    )


# -- new person, new claimant -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "folder", "schema", "blank"),
    [
        ("person", "people", "person", ["name", "role", "bio"]),
        ("claimant", "claimants", "claimant", ["name", "type", "description"]),
    ],
)
def test_new_person_and_claimant_write_skeletons_that_validate_completes(
    content, kind, folder, schema, blank
):
    code, output = run("new", kind, "jo-example")
    assert code == 0 and output.startswith(f"wrote content/{folder}/jo-example.yaml\nnext: ")
    path = content / folder / "jo-example.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(f"# yaml-language-server: $schema=../../schemas/{schema}.schema.json\n")
    problems = run("validate")[1].splitlines()[:-1]
    assert [p.split(": error: ")[0].rsplit(":", 2)[0] for p in problems] == [
        f"content/{folder}/jo-example.yaml"
    ] * len(blank)
    assert [re.search(r"error: (?:unknown )?(\w+)", p)[1] for p in problems] == blank  # type: ignore[index]
    for key in blank:
        text = re.sub(
            rf'^{key}: ""',
            f"{key}: Jo Example" if key != "type" else "type: person",
            text,
            flags=re.M,
        )
    path.write_text(text, encoding="utf-8")
    assert run("validate") == (0, "0 claims, 1 source, 0 citations: 0 errors, 0 warnings\n")
    assert run("new", kind, "jo-example")[0] == 1  # never overwrites
    assert path.read_text(encoding="utf-8") == text


def test_new_claim_lists_the_people_and_claimants_it_can_name(content):
    run("new", "claim", "did-x-happen")
    text = (content / "claims" / "did-x-happen.yaml").read_text(encoding="utf-8")
    assert (
        "# Who made the claim: a claimant's id (test-outlet), or a one-off claimant's name.\n"
        in text
    )
    assert "#   test-author: Test Author\n#   test-editor: Test Editor\nauthors: []\n" in text


@pytest.mark.parametrize("bad", ["../people/x", "Jo Example"])
def test_new_person_refuses_an_id_that_is_not_one(content, bad):
    code, output = run("new", "person", bad)
    assert code == 2 and "is not a valid id" in output
    assert sorted(p.name for p in (content / "people").iterdir()) == [
        "test-author.yaml",
        "test-editor.yaml",
    ]
