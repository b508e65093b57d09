"""The command line: exit codes and the exact text users see."""

import html
import importlib.util
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from contentkit import CLAIM, write_content

from generator.cli import cli

BAD_QUOTE = CLAIM.replace("returned in December", "returned in May")
BAD_STATUS = CLAIM.replace("status: mostly-true", "status: maybe")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def bad_content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, {"a.yaml": BAD_STATUS, "b.yaml": BAD_QUOTE})
    return Path("content")


def test_clean_content_exits_0_with_a_summary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path)
    assert run("validate") == (0, "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n")


def test_text_format_lists_every_problem_then_a_summary(bad_content):
    code, output = run("validate", "--content", str(bad_content))
    assert code == 1
    assert output == (
        "content/claims/a.yaml:5:9: error: unknown status 'maybe' (use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)\n"
        "content/claims/b.yaml:9:12: error: quote not found in source 'article'; closest passage (paragraph 1): "
        '"returned in December after 120 days"; the source has "December" where the quote has "May"\n'
        "2 claims, 1 source, 2 citations: 2 errors, 0 warnings\n"
    )


def test_the_closest_passage_ends_on_the_sources_word_boundary(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path, {"c.yaml": CLAIM.replace("after 120 days", "after 1200 days")})
    code, output = run("validate")
    assert (code, output) == (
        1,
        "content/claims/c.yaml:9:12: error: quote not found in source 'article'; closest passage (paragraph 1): "
        '"returned in December after 120 days"; the source has "120" where the quote has "1200"\n'
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings\n",
    )


def test_github_format_prints_workflow_annotations(bad_content):
    code, output = run("validate", "--format", "github")
    assert code == 1
    first = output.splitlines()[0]
    assert first == (
        "::error file=content/claims/a.yaml,line=5,col=9,title=factcheck::unknown status 'maybe' "
        "(use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)"
    )


def test_github_annotations_escape_newlines_and_percent():
    from generator.cli import github_annotation
    from generator.errors import Problem

    line = github_annotation(Problem(Path("a,b:c.yaml"), 1, 2, "50% done\nnext"))
    assert line == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=factcheck::50%25 done%0Anext"


def test_json_format_is_a_list_of_records(bad_content):
    code, output = run("validate", "--format", "json")
    assert code == 1
    records = json.loads(output)
    assert records[0] == {
        "path": "content/claims/a.yaml",
        "line": 5,
        "column": 9,
        "severity": "error",
        "message": "unknown status 'maybe' (use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)",
    }
    assert len(records) == 2


def test_warnings_pass_unless_strict(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_content(
        tmp_path,
        {"a.yaml": CLAIM.replace("claim: The regiment served 120 days.", "claim: " + "y" * 90)},
    )
    code, output = run("validate")
    assert code == 0
    assert ": warning: claim is 90 characters" in output
    assert run("validate", "--strict")[0] == 1


def test_usage_errors_exit_2():
    assert run("validate", "--format", "xml")[0] == 2
    assert run("no-such-command")[0] == 2


@pytest.mark.parametrize(
    "command", ["validate", "build", "diff", "serve", "new claim", "new source"]
)
def test_a_content_folder_that_is_not_there_is_a_usage_error(tmp_path, monkeypatch, command):
    """`new` run from the wrong folder used to start a second content tree there."""
    monkeypatch.chdir(tmp_path)
    extra = {"diff": ["--base", "main"], "new claim": ["x"], "new source": ["x"]}.get(command, [])
    code, output = run(*command.split(), "--content", "nowhere", *extra)
    assert (code, output.splitlines()[-1]) == (
        2,
        "Error: Invalid value for '--content': folder 'nowhere' does not exist: run factcheck from the project's "
        "top folder (the one with mkdocs.yml), or pass --content",
    )
    assert list(tmp_path.iterdir()) == []


def test_python_dash_m_works(tmp_path):
    import subprocess
    import sys

    write_content(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--content", "content"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (
        0,
        "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n",
    )


def test_never_a_traceback_on_garbage(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path, claims={})
    (content / "claims" / "junk.yaml").write_bytes(bytes(range(256)))
    (content / "claims" / "list.yaml").write_text("- a\n- b\n")
    code, output = run("validate")
    assert code == 1
    assert "Traceback" not in output
    assert output.splitlines()[:2] == [
        "content/claims/junk.yaml:2:118: error: invalid UTF-8 (byte 0x80); save the file as UTF-8",
        "content/claims/list.yaml:1:1: error: the file must be a mapping of keys (like `title: ...`), found a list",
    ]


MANUAL = Path(__file__).parents[1] / "docs" / "manual"


def test_every_command_is_documented_in_the_manual():
    """Each command has its prose in the manual's commands page, beyond its `--help`."""
    text = (MANUAL / "commands.md").read_text(encoding="utf-8")
    for name in cli.commands:
        assert re.search(rf"factcheck {name}\b", text), (
            f"docs/manual/commands.md does not document `factcheck {name}`"
        )


def _commands(
    command: click.Command, path: str = "factcheck"
) -> Iterator[tuple[str, click.Command]]:
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from _commands(sub, f"{path} {name}")


def test_every_option_of_every_command_is_in_the_generated_reference():
    """The manual's command reference is generated from the commands (mkdocs-click): each
    command has its usage line there, and each option, in each spelling (`-j`, `--jobs`;
    `--offline`, `--no-offline`), is in its own command's section."""
    if importlib.util.find_spec("mkdocs_click") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("mkdocs-click is missing: the development lock must install it")
        pytest.skip("mkdocs-click is not installed (`make docs` installs it)")
    import markdown

    text = (MANUAL / "commands.md").read_text(encoding="utf-8")
    (block,) = re.findall(r"^::: mkdocs-click\n(?:    .*\n)+", text, re.M)
    reference = markdown.Markdown(extensions=["mkdocs-click", "fenced_code"]).convert(block)
    sections = {}  # each command's section, by the command its usage line names
    for section in re.split(r"<h\d[^>]*>", html.unescape(reference)):
        usage = re.search(r"(factcheck(?: [\w-]+)*) \[OPTIONS\]", section)
        if usage:
            sections[usage[1]] = section
    missing = []
    for path, command in _commands(cli):
        assert path in sections, f"the reference has no usage line for `{path}`"
        section = sections[path]
        for param in command.params:
            for option in (
                (*param.opts, *param.secondary_opts) if isinstance(param, click.Option) else ()
            ):
                if not re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section):
                    missing.append(f"{path} {option}")
    assert not missing, "the command reference does not document: " + ", ".join(missing)


def test_build_prints_validation_errors_as_validate_does_and_exits_1(bad_content):
    Path("mkdocs.yml").write_text(
        (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, output = run("build", "--site-dir", "site")
    assert code == 1
    lines = output.splitlines()
    assert lines[0].startswith("content/claims/a.yaml:5:9: error: unknown status 'maybe'")
    assert lines[-1] == "validation failed with 2 error(s)"
    assert not Path("site").exists()


def test_a_config_file_that_is_not_there_is_a_usage_error(bad_content):
    code, output = run("build", "--site-dir", "site", "--config", "missing.yml")
    assert (code, output.splitlines()[-1]) == (
        2,
        "Error: Invalid value for '--config': File 'missing.yml' does not exist.",
    )
    assert not Path("site").exists()


@pytest.fixture
def a_project(tmp_path, monkeypatch) -> Path:
    """Valid content beside a copy of the real mkdocs.yml (docs_dir: build/docs); the cwd."""
    monkeypatch.chdir(tmp_path)
    write_content(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        (Path(__file__).parent.parent / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    (tmp_path / "NOTES.txt").write_text("mine\n", encoding="utf-8")
    return tmp_path


def files_under(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--site-dir", "."],
            "Error: --site-dir . holds the content folder (content), which a build would delete; choose another folder, e.g. site/\n"
            "--site-dir . holds the configuration (mkdocs.yml), which a build would delete; choose another folder, e.g. site/\n"
            "--site-dir . holds mkdocs.yml's docs_dir (build/docs), which a build would delete; choose another folder, e.g. site/\n"
            "--site-dir . exists and is not a site built before (it has no index.html); a build replaces the whole folder, "
            "so give a new or empty folder, or remove this one\n",
        ),
        (
            ["--site-dir", "content"],
            "Error: --site-dir content is the content folder (content), which a build would delete; choose another folder, e.g. site/\n"
            "--site-dir content exists and is not a site built before (it has no index.html); a build replaces the whole folder, "
            "so give a new or empty folder, or remove this one\n",
        ),
        (
            ["--site-dir", "content/claims/site"],
            "Error: --site-dir content/claims/site is inside the content folder (content); choose a folder outside it, e.g. site/\n",
        ),
        (
            ["--site-dir", "build/docs/site"],
            "Error: --site-dir build/docs/site is inside mkdocs.yml's docs_dir (build/docs); choose a folder outside it, e.g. site/\n",
        ),
        (
            ["--site-dir", "site", "--offline", "--dist-dir", "content"],
            "Error: --dist-dir puts the offline bundle (content/kursk-claims-fact-check-offline.zip) inside the content folder (content); "
            "choose another folder, e.g. dist/\n",
        ),
    ],
)
def test_build_refuses_outputs_that_would_overwrite_its_inputs(a_project, args, message):
    before = files_under(a_project)
    assert run("build", *args) == (2, message)
    assert files_under(a_project) == before


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(a_project):
    (a_project / "Documents").mkdir()
    (a_project / "Documents" / "letter.txt").write_text("keep me\n", encoding="utf-8")
    code, output = run("build", "--site-dir", "Documents")
    assert code == 2
    assert (
        "--site-dir Documents exists and is not a site built before (it has no index.html)"
        in output
    )
    assert (a_project / "Documents" / "letter.txt").read_text(encoding="utf-8") == "keep me\n"


def test_build_refuses_docs_dir_over_the_content(a_project):
    config = a_project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("docs_dir: build/docs", "docs_dir: content"),
        encoding="utf-8",
    )
    before = files_under(a_project)
    code, output = run("build", "--site-dir", "site")
    assert (code, output) == (
        2,
        "Error: docs_dir content and the content folder (content) overlap; the rendered Markdown needs a folder of its own (in mkdocs.yml)\n",
    )
    assert files_under(a_project) == before


# -- what build says at the end: what it left out, and how to look at the result --------------


@pytest.mark.slow
def test_build_names_the_drafts_it_leaves_out_and_says_how_to_look_at_the_site(
    tmp_path, monkeypatch, shim
):
    """It once said only "Built site/ from 18 claims", and the new draft was simply not there."""
    from contentkit import DRAFT_CLAIM, DRAFT_SOURCE, SOURCE
    from publishkit import make_project

    monkeypatch.chdir(tmp_path)
    make_project(tmp_path)
    vendored = tmp_path / shim.relative_to(shim.parents[3])  # .cache/vendor/<version>/shim.js
    vendored.parent.mkdir(parents=True)
    vendored.write_bytes(shim.read_bytes())
    write_content(tmp_path, sources={"article.md": SOURCE, "draft-notes.md": DRAFT_SOURCE})
    Path("content/claims/ninety-nine-nights.yaml").write_text(DRAFT_CLAIM, encoding="utf-8")
    code, output = run("build", "--offline")
    assert code == 0, output
    first, *rest = output.splitlines()
    assert re.fullmatch(r"Built site/ from 1 claim and 1 source in \d+\.\d s", first), first
    assert rest == [
        "1 draft not published: ninety-nine-nights",
        "1 draft source not published: draft-notes",
        "Offline bundle: dist/kursk-claims-fact-check-offline.zip (unzip it anywhere and open "
        "its index.html)",
        "To look at the site: .venv/bin/factcheck serve, then open http://127.0.0.1:8000/",
    ]


def test_drafts_are_named_ten_at_most_and_counted():
    from generator.commands.build import drafts_report

    ids = tuple(f"d{n:02}" for n in range(12))
    assert drafts_report(ids, (), "not published") == [
        "12 drafts not published: d00, d01, d02, d03, d04, d05, d06, d07, d08, d09 and 2 more"
    ]
    assert drafts_report((), ("a", "b"), "not shown") == ["2 draft sources not shown: a, b"]
    assert drafts_report((), (), "not published") == []


@pytest.mark.parametrize(
    ("argv0", "on_path", "shown"),
    [
        (".venv/bin/factcheck", None, ".venv/bin/factcheck"),  # as the manual writes it
        ("{root}/.venv/bin/factcheck", "{root}/.venv/bin/factcheck", "factcheck"),  # activated
        ("{root}/.venv/bin/factcheck", None, ".venv/bin/factcheck"),  # typed in full
        ("{root}/generator/__main__.py", None, ".venv/bin/python -m generator"),
        ("/usr/lib/python3/pytest", None, ".venv/bin/factcheck"),  # from Python: the manual's
    ],
)
def test_suggested_commands_are_written_as_factcheck_was_run(
    tmp_path, monkeypatch, argv0, on_path, shown
):
    import generator.cli as cli_module

    monkeypatch.chdir(tmp_path)
    script = tmp_path / ".venv" / "bin" / "factcheck"
    script.parent.mkdir(parents=True)
    script.write_text("", encoding="utf-8")
    (tmp_path / "generator").mkdir()
    (tmp_path / "generator" / "__main__.py").write_text("", encoding="utf-8")
    monkeypatch.setattr(cli_module.sys, "argv", [argv0.format(root=tmp_path)])
    monkeypatch.setattr(cli_module.sys, "executable", str(tmp_path / ".venv" / "bin" / "python"))
    found = on_path.format(root=tmp_path) if on_path else None
    monkeypatch.setattr(cli_module.shutil, "which", lambda name: found)
    assert cli_module.invoked_as() == shown
