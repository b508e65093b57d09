"""Hostile and broken input through the real `factcheck validate`.

Every case in `cases/` is a small content folder (`claims/`, `sources/`) kept on
disk byte for byte (BOMs, invalid UTF-8, tabs, NULs and all). Each must give
exactly the lines in `EXPECTED` (`path:line:col: severity: message`, then the
summary), exit 1, and never print a traceback. Cases too big to commit (a 50 MB
file, 10,000 citations, 100,000 nested brackets, ...) are generated in tmp_path.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli

CASES = Path(__file__).resolve().parent / "cases"
NEWSROOM = Path(__file__).resolve().parent / "newsroom"
"""The desk every case shares (two people and a complete about.yaml), so that each case
shows its own problems only; a case's own file of the same name wins."""

SOURCE = (CASES / "citation-to-missing-source" / "sources" / "article.md").read_text(
    encoding="utf-8"
)
CITATION = (
    "  - source: article\n    quote: returned in December after 120 days\n    stance: supports\n"
)

# case -> every line `factcheck validate` prints, in order.
EXPECTED: dict[str, list[str]] = {
    "archived-copies": [
        "content/sources/hostile.md:8:10: error: 'javascript:alert(document.domain)' is not a web address; links must start with http:// or https://",
        "content/sources/hostile.md:10:10: error: the timestamp 20250230120000 in this address is not a real time (YYYYMMDDhhmmss, a day of the calendar); copy the capture's address again",
        "content/sources/hostile.md:13:11: error: capture date 2999-01-01 is in the future; use the day the archive captured the page",
        "content/sources/hostile.md:15:11: error: date 2025-12-13 is not the day of this capture: its address's timestamp (20251212093000) says 2025-12-12; write date: 2025-12-12",
        "content/sources/hostile.md:16:10: warning: mirror.example.net is not a known web archive (web.archive.org, archive.today, archive.ph, archive.is, perma.cc); check that this address is a lasting capture of the article, not the article itself",
        "content/sources/hostile.md:19:11: error: correction date 2999-12-31 is in the future",
        "content/sources/many.md:8:3: error: archived has 100 items; the limit is 20",
        "0 claims, 2 sources, 0 citations: 6 errors, 1 warning",
    ],
    "billion-laughs": [
        "content/claims/lol.yaml:2:8: error: YAML aliases (*a) are not allowed in content; write the value out",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "byte-order-mark": [
        "content/claims/bom.yaml:1:1: error: file starts with a byte-order mark (BOM); save it as UTF-8 without BOM",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "citation-to-draft-source": [
        "content/claims/cites-draft.yaml:7:13: error: source 'article' is a draft; publish the source (remove `draft: true`) or mark this claim `draft: true`",
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ],
    "citation-to-missing-source": [
        "content/claims/cites-missing.yaml:7:13: error: no source with id 'artcle' in content/sources/; did you mean 'article'?",
        "content/claims/cites-missing.yaml:15:14: error: no source with id 'nowhere' in content/sources/",
        "1 claim, 1 source, 1 citation: 2 errors, 0 warnings",
    ],
    "claimant-id-is-a-path": [
        "content/claims/absolute.yaml:3:11: error: claimant '/etc/passwd' looks like a path: name a claimant by its id, the file name in content/claimants/ without .yaml, or write a one-off claimant's name",
        "content/claims/path.yaml:3:11: error: claimant '../../claimants/test-outlet' looks like a path: name a claimant by its id, the file name in content/claimants/ without .yaml, or write a one-off claimant's name",
        "content/claims/unknown.yaml:3:11: error: no claimant with id 'no-such-claimant' in content/claimants/ (add one with `factcheck new claimant no-such-claimant`, or write the claimant's name as readers should see it)",
        "3 claims, 1 source, 3 citations: 3 errors, 0 warnings",
    ],
    "comment-only": [
        "content/claims/comments.yaml:1:1: error: the file must be a mapping of keys (like `title: ...`), found nothing",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "control-characters": [
        "content/claims/bell.yaml:5:30: error: invalid YAML: control character U+0007 is not allowed; remove it",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "deep-nesting": [
        "content/claims/deep.yaml:1:42: error: lists and mappings are nested more than 32 deep; content never needs that",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "anchor-named-twice": [
        "content/claims/anchors.yaml:12:20: error: 'Bad Tag' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'bad-tag'?",
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ],
    "duplicate-keys": [
        "content/claims/twice.yaml:10:5: error: duplicate key 'stance' (first given on line 9); keep one",
        "content/claims/twice.yaml:16:1: error: duplicate key 'status' (first given on line 4); keep one",
        "1 claim, 1 source, 1 citation: 2 errors, 0 warnings",
    ],
    "editor-is-author": [
        "content/claims/self-edited.yaml:16:9: error: the editor 'test-editor' is also one of the authors; a second person reviews every claim: name another editor",
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ],
    "empty-files": [
        "content/claims/blank.yaml:1:1: error: file is empty; a claim needs its fields (see docs/manual/content.md)",
        "content/claims/empty.yaml:1:1: error: file is empty; a claim needs its fields (see docs/manual/content.md)",
        "content/sources/empty.md:1:1: error: file is empty; a source needs its fields (see docs/manual/content.md)",
        "2 claims, 2 sources, 0 citations: 3 errors, 0 warnings",
    ],
    "file-name-differs-from-id": [
        "content/claims/one-name.yaml:1:5: error: id 'another-name' differs from the file name 'one-name.yaml'; they must match (or leave out id)",
        "content/sources/article.md:2:5: error: id 'other-article' differs from the file name 'article.md'; they must match (or leave out id)",
        "1 claim, 1 source, 1 citation: 2 errors, 0 warnings",
    ],
    "front-matter-unclosed": [
        "content/sources/no-front-matter.md:1:1: error: a source must start with YAML front matter: a line '---', the fields, then '---'",
        "content/sources/unclosed.md:1:1: error: front matter opened on line 1 is never closed; add a line '---' after the fields",
        "0 claims, 3 sources, 0 citations: 2 errors, 0 warnings",
    ],
    "html-in-bio": [
        "content/people/evil.yaml:3:21: error: bio is plain text, and '<script>' is HTML; remove the tag (write a literal < with a space after it)",
        "content/people/worse.yaml:1:8: error: name is plain text, and '<img src=x onerror=alert(1)>' is HTML; remove the tag (write a literal < with a space after it)",
        "content/people/worse.yaml:5:3: error: bio is plain text, and '<img src=x onerror=alert(1)>' is HTML; remove the tag (write a literal < with a space after it)",
        "content/people/worse.yaml:8:10: error: 'javascript:alert(1)' is not a web address; links must start with http:// or https://",
        "1 claim, 1 source, 1 citation: 4 errors, 0 warnings",
    ],
    "ids-unicode": [
        "content/claims/ascii.yaml:1:5: error: 'café' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'cafe'?",
        "content/claims/ascii.yaml:1:5: error: id 'café' differs from the file name 'ascii.yaml'; they must match (or leave out id)",
        "content/claims/ascii.yaml:8:13: error: 'artícle' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'article'?",
        "content/claims/ünïcode-claim.yaml:1:1: error: file name 'ünïcode-claim.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to unicode-claim.yaml",
        "2 claims, 1 source, 2 citations: 4 errors, 0 warnings",
    ],
    "ids-uppercase": [
        "content/claims/Did-It-Happen.yaml:1:1: error: file name 'Did-It-Happen.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to did-it-happen.yaml",
        "content/claims/lower.yaml:1:5: error: 'Lower' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'lower'?",
        "content/claims/lower.yaml:1:5: error: id 'Lower' differs from the file name 'lower.yaml'; they must match (or leave out id)",
        "content/claims/lower.yaml:13:8: error: 'Deployment' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'deployment'?",
        "content/sources/Article.md:1:1: error: file name 'Article.md' is not a valid id (lowercase letters, digits and hyphens); rename it to article.md",
        "2 claims, 2 sources, 2 citations: 5 errors, 0 warnings",
    ],
    "ids-with-dots": [
        "content/claims/a..b.yaml:1:1: error: file name 'a..b.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to a-b.yaml",
        "content/claims/x.y.yaml:1:1: error: file name 'x.y.yaml' is not a valid id (lowercase letters, digits and hyphens); rename it to x-y.yaml",
        "2 claims, 1 source, 2 citations: 2 errors, 0 warnings",
    ],
    "ids-with-slashes": [
        "content/claims/slash.yaml:1:5: error: '../../etc/passwd' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'etc-passwd'?",
        "content/claims/slash.yaml:1:5: error: id '../../etc/passwd' differs from the file name 'slash.yaml'; they must match (or leave out id)",
        "content/claims/slash.yaml:8:13: error: '../sources/article' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'sources-article'?",
        "content/sources/outside.md:2:5: error: '/etc/passwd' is not a valid id: use lowercase letters, digits and hyphens; did you mean 'etc-passwd'?",
        "content/sources/outside.md:2:5: error: id '/etc/passwd' differs from the file name 'outside.md'; they must match (or leave out id)",
        "1 claim, 2 sources, 1 citation: 5 errors, 0 warnings",
    ],
    "invalid-utf8": [
        "content/claims/latin1.yaml:5:34: error: invalid UTF-8 (byte 0xe9); save the file as UTF-8",
        "content/sources/cp1252.md:10:16: error: invalid UTF-8 (byte 0x93); save the file as UTF-8",
        "1 claim, 2 sources, 0 citations: 2 errors, 0 warnings",
    ],
    "invalid-yaml": [
        "content/claims/unclosed.yaml:12:7: error: invalid YAML: the `[` opened here is not closed with `]`; close it, or put the value in quotes if the `[` is part of the text",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "invalid-yaml-indent": [
        "content/claims/indent.yaml:9:4: error: invalid YAML: this line's indentation does not match the lines above: the keys of one list entry must line up under the first one (the one after `- `)",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "list-not-mapping": [
        "content/claims/list.yaml:1:1: error: the file must be a mapping of keys (like `title: ...`), found a list",
        "content/claims/text.yaml:1:1: error: the file must be a mapping of keys (like `title: ...`), found a str",
        "content/sources/list-front.md:2:1: error: the front matter must be a mapping of keys (like `title: ...`), found a list",
        "2 claims, 2 sources, 0 citations: 3 errors, 0 warnings",
    ],
    "merge-key": [
        "content/claims/merge.yaml:3:1: error: YAML merge keys (<<) are not allowed in content",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "non-finite-number": [
        "content/claims/nan.yaml:17:12: error: value must be an ordinary number, not nan",
        "content/claims/nan.yaml:21:12: error: value must be an ordinary number, not -inf",
        "content/claims/nan.yaml:27:13: error: factor must be an ordinary number, not inf",
        "1 claim, 1 source, 1 citation: 3 errors, 0 warnings",
    ],
    "nul-byte": [
        "content/claims/binary.yaml:8:38: error: file contains a NUL character; is it a binary file?",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "python-tags": [
        "content/claims/apply.yaml:1:11: error: the tag !!python/object/apply:os.system is not allowed in content",
        "content/claims/module.yaml:13:5: error: the tag !!python/module:os is not allowed in content",
        "content/claims/name.yaml:3:11: error: the tag !!python/name:os.system is not allowed in content",
        "content/claims/new.yaml:5:10: error: the tag !!python/object/new:subprocess.check_call is not allowed in content",
        "content/claims/object.yaml:1:1: error: the tag !!python/object:subprocess.Popen is not allowed in content",
        "content/sources/tagged.md:2:8: error: the tag !!python/object/apply:os.system is not allowed in content",
        "5 claims, 2 sources, 4 citations: 6 errors, 0 warnings",
    ],
    "source-without-body": [
        "content/sources/blank-body.md:7:1: error: source has no text; paste the article below the front matter",
        "content/sources/no-body.md:7:1: error: source has no text; paste the article below the front matter",
        "0 claims, 3 sources, 0 citations: 2 errors, 0 warnings",
    ],
    "tab-indentation": [
        "content/claims/tabs.yaml:8:1: error: tab character in indentation; indent with spaces",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "two-documents": [
        "content/claims/two.yaml:15:1: error: invalid YAML: but found another document (expected a single document in the stream)",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ],
    "two-files-one-id": [
        "content/claims/same.yml:1:1: error: duplicate claim id 'same': same.yaml has it too; keep one file",
        "2 claims, 1 source, 2 citations: 1 error, 0 warnings",
    ],
    "unknown-person": [
        "content/claims/unknown.yaml:15:11: error: no person with id 'test-autor' in content/people/; did you mean 'test-author'? (add one with `factcheck new person test-autor`)",
        "content/claims/unknown.yaml:16:9: error: no person with id 'nobody' in content/people/ (add one with `factcheck new person nobody`)",
        "1 claim, 1 source, 1 citation: 2 errors, 0 warnings",
    ],
    "unknown-status": [
        "content/claims/stance.yaml:9:13: error: unknown stance 'agrees'; did you mean 'refutes'? (use one of: supports, refutes, context)",
        "content/claims/status.yaml:4:9: error: unknown status 'pants-on-fire': 'pants-on-fire' is "
        "PolitiFact's rating for a claim that is not accurate and also ridiculous; this site's is "
        "'false' (use one of: true, mostly-true, mixed, mostly-false, false, misleading, unproven)",
        "2 claims, 1 source, 2 citations: 2 errors, 0 warnings",
    ],
    "whitespace-quote": [
        "content/claims/blank-quote.yaml:8:12: error: quote must not be blank",
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ],
    "wrong-shapes": [
        "content/claims/shapes.yaml:1:11: error: question must be text, not a list; put it in quotes",
        "content/claims/shapes.yaml:7:3: error: citations must be a list (lines starting with `- `), not a mapping",
        "content/claims/shapes.yaml:10:7: error: tags must be a list (lines starting with `- `), not 'deployment'",
        "1 claim, 1 source, 0 citations: 3 errors, 0 warnings",
    ],
}


def stage(case: str, where: Path) -> Path:
    """Copy a case to `where/content` (so paths read `content/...`), with the shared desk's
    files it does not have itself, and return it."""
    content = where / "content"
    shutil.copytree(CASES / case, content, symlinks=True)
    add_newsroom(content)
    return content


def add_newsroom(content: Path) -> None:
    """Copy in each file of the shared desk (`NEWSROOM`) that `content` does not have."""
    for path in sorted(NEWSROOM.rglob("*")):
        target = content / path.relative_to(NEWSROOM)
        if path.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


def invoke(*args: str) -> Result:
    result = CliRunner().invoke(cli, list(args))
    # click turns sys.exit into a SystemExit; anything else is a crash.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def assert_clean_failure(code: int, *streams: str) -> None:
    assert code == 1
    for text in streams:
        assert "Traceback" not in text


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_case_on_disk_has_expectations() -> None:
    assert sorted(p.name for p in CASES.iterdir() if p.is_dir()) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_gives_exactly_the_expected_lines(case: str, workdir: Path) -> None:
    stage(case, workdir)
    result = invoke("validate")
    assert_clean_failure(result.exit_code, result.output)
    assert result.output.splitlines() == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_case_positions_point_into_the_files(case: str, workdir: Path) -> None:
    """Machine-readable output agrees: every problem names a real file, line and column."""
    stage(case, workdir)
    result = invoke("validate", "--format", "json")
    assert result.exit_code == 1
    records = json.loads(result.output)
    assert records and all(r["severity"] in ("error", "warning") for r in records)
    for record in records:
        path = workdir / record["path"]
        assert path.is_file() or path.is_dir(), record
        lines = path.read_bytes().split(b"\n") if path.is_file() else [b""]
        assert 1 <= record["line"] <= max(len(lines), 1), record
        assert record["column"] >= 1, record
        assert "\n" not in record["message"], record


SUBPROCESS_CASES = [
    "billion-laughs",
    "python-tags",
    "invalid-utf8",
    "byte-order-mark",
    "control-characters",
    "deep-nesting",
]


def factcheck_commands() -> list[list[str]]:
    commands = [[sys.executable, "-m", "generator"]]
    script = Path(sys.executable).parent / "factcheck"
    if script.is_file():
        commands.append([str(script)])
    return commands


@pytest.mark.parametrize("case", SUBPROCESS_CASES)
def test_case_through_a_real_process(case: str, tmp_path: Path) -> None:
    stage(case, tmp_path)
    for command in factcheck_commands():
        done = subprocess.run(
            [*command, "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=120
        )
        assert_clean_failure(done.returncode, done.stdout, done.stderr)
        assert done.stdout.splitlines() == EXPECTED[case]
        assert done.stderr == ""


# -- Python object tags run nothing ------------------------------------------------------


def test_python_tags_run_nothing_in_process(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def record(*args: object, **kwargs: object) -> int:
        calls.append(args)
        raise AssertionError(f"content made the validator run {args!r}")

    monkeypatch.setattr(os, "system", record)
    monkeypatch.setattr(subprocess, "Popen", record)
    monkeypatch.setattr(subprocess, "check_call", record)
    stage("python-tags", workdir)
    result = invoke("validate")
    assert result.output.splitlines() == EXPECTED["python-tags"]
    assert calls == []
    assert sorted(p.name for p in workdir.iterdir()) == ["content"]


def test_python_tags_run_nothing_in_a_real_process(tmp_path: Path) -> None:
    stage("python-tags", tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # no pwned-by-* marker files


# -- generated: too big to commit ------------------------------------------------------


def generated(
    where: Path,
    claims: dict[str, bytes | str] | None = None,
    sources: dict[str, bytes | str] | None = None,
) -> Path:
    content = where / "content"
    for folder, files in (
        ("claims", claims or {}),
        ("sources", sources if sources is not None else {"article.md": SOURCE}),
    ):
        (content / folder).mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (content / folder / name).write_bytes(
                data if isinstance(data, bytes) else data.encode("utf-8")
            )
    add_newsroom(content)
    return content


def claim(citations: str = CITATION) -> str:
    base = (CASES / "citation-to-missing-source" / "claims" / "cites-missing.yaml").read_text(
        encoding="utf-8"
    )
    base = base.replace("source: artcle", "source: article").replace("appears_in: [nowhere]\n", "")
    return base.replace(CITATION, citations)


def test_the_template_claim_is_valid(workdir: Path) -> None:
    generated(workdir, {"ok.yaml": claim()})
    assert invoke("validate").output == "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n"


def test_a_50_mb_file_is_refused_quickly_without_being_parsed(workdir: Path) -> None:
    huge = b"question: " + b"x" * (50 * 2**20) + b"\n"
    generated(
        workdir,
        {"huge.yaml": huge},
        {"article.md": SOURCE, "huge.md": SOURCE.encode() + b"word " * (10 * 2**20)},
    )
    start = time.monotonic()
    result = invoke("validate")
    assert time.monotonic() - start < 5
    assert_clean_failure(result.exit_code, result.output)
    assert result.output.splitlines() == [
        "content/claims/huge.yaml:1:1: error: file is 50.0 MiB; the limit is 5 MiB",
        "content/sources/huge.md:1:1: error: file is 50.0 MiB; the limit is 5 MiB",
        "1 claim, 2 sources, 0 citations: 2 errors, 0 warnings",
    ]
    for path in workdir.rglob("huge.*"):
        path.unlink()  # pytest keeps the last runs' tmp folders: do not keep 100 MB in them


@pytest.mark.parametrize("megabytes", [10, 4])
def test_a_huge_bio_is_refused_at_its_place(workdir: Path, megabytes: int) -> None:
    """10 MB: over every file's limit, refused unread; 4 MB: read, and refused as a bio."""
    bio = b"bio: " + b"word " * (megabytes * 2**20 // 5) + b"\n"
    content = generated(workdir, {"ok.yaml": claim()})
    (content / "people" / "test-author.yaml").write_bytes(
        b"name: Test Author\nrole: Fact-checker\n" + bio
    )
    result = invoke("validate")
    assert_clean_failure(result.exit_code, result.output)
    size = len(bio) + 37
    expected = (
        f"content/people/test-author.yaml:1:1: error: file is {size / 2**20:.1f} MiB; the limit is 5 MiB"
        if megabytes == 10
        else f"content/people/test-author.yaml:3:6: error: bio is {len(bio) - 7} characters long; the limit is 2000"
    )
    assert result.output.splitlines() == [
        expected,
        "1 claim, 1 source, 1 citation: 1 error, 0 warnings",
    ]
    for path in workdir.rglob("test-author.yaml"):
        path.unlink()  # pytest keeps the last runs' tmp folders: do not keep megabytes in them


NEWSROOM_CASES = ["unknown-person", "editor-is-author", "claimant-id-is-a-path", "html-in-bio"]


@pytest.mark.parametrize("case", NEWSROOM_CASES)
def test_hostile_newsroom_files_publish_nothing(case: str, workdir: Path) -> None:
    """`factcheck build` stops at validation: the previous site and bundle stay as they were,
    and nothing is rendered."""
    stage(case, workdir)
    shutil.copyfile(CASES.parents[2] / "mkdocs.yml", workdir / "mkdocs.yml")
    for kept in ("site/index.html", "dist/previous.txt"):
        (workdir / kept).parent.mkdir()
        (workdir / kept).write_text("the last good build\n", encoding="utf-8")
    result = invoke("build", "--offline")
    assert_clean_failure(result.exit_code, result.output)
    errors = [line for line in EXPECTED[case] if ": error: " in line]
    assert result.output.splitlines() == [*errors, f"validation failed with {len(errors)} error(s)"]
    assert sorted(
        p.relative_to(workdir).as_posix()
        for p in workdir.rglob("*")
        if p.is_file() and "content" not in p.parts
    ) == [
        "dist/previous.txt",
        "mkdocs.yml",
        "site/index.html",
    ]
    assert (workdir / "site" / "index.html").read_text(encoding="utf-8") == "the last good build\n"


def test_10000_citations_give_one_error_quickly(workdir: Path) -> None:
    wrong = CITATION.replace("December", "May")  # each would be "quote not found" on its own
    generated(workdir, {"many.yaml": claim(wrong * 10_000)})
    start = time.monotonic()
    result = invoke("validate")
    assert time.monotonic() - start < 5
    assert_clean_failure(result.exit_code, result.output)
    assert result.output.splitlines() == [
        "content/claims/many.yaml:7:3: error: citations has 10000 items; the limit is 200",
        "1 claim, 1 source, 10,000 citations: 1 error, 0 warnings",
    ]


def test_a_million_values_stop_at_the_limit(workdir: Path) -> None:
    generated(workdir, {"wide.yaml": "tags: [" + "a, " * 1_000_000 + "]\n"})
    start = time.monotonic()
    result = invoke("validate")
    assert time.monotonic() - start < 10
    assert result.output.splitlines() == [
        "content/claims/wide.yaml:1:299999: error: more than 100,000 values in one file; content never needs that many",
        "1 claim, 1 source, 0 citations: 1 error, 0 warnings",
    ]


def test_100000_nested_brackets_do_not_crash_the_process(tmp_path: Path) -> None:
    """PyYAML's composer recurses (in C with libyaml): this used to kill the interpreter."""
    deep = "question: " + "[" * 100_000 + "]" * 100_000 + "\n"
    flow = "question: " + "{a: " * 50_000 + "b" + "}" * 50_000 + "\n"
    block = "question:\n" + "".join(" " * i + "- \n" for i in range(0, 2000, 1))
    generated(tmp_path, {"deep.yaml": deep, "flow.yaml": flow, "block.yaml": block})
    done = subprocess.run(
        [sys.executable, "-m", "generator", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert_clean_failure(done.returncode, done.stdout, done.stderr)
    assert done.stdout.splitlines() == [
        "content/claims/block.yaml:33:32: error: lists and mappings are nested more than 32 deep; content never needs that",
        "content/claims/deep.yaml:1:42: error: lists and mappings are nested more than 32 deep; content never needs that",
        "content/claims/flow.yaml:1:135: error: lists and mappings are nested more than 32 deep; content never needs that",
        "3 claims, 1 source, 0 citations: 3 errors, 0 warnings",
    ]


def test_a_source_with_100000_paragraphs_validates_in_linear_time(workdir: Path) -> None:
    """Paragraph line numbers used to be counted from the top for each paragraph (quadratic)."""
    body = "".join(f"Paragraph {i} of the article.\n\n" for i in range(100_000))
    generated(workdir, {"ok.yaml": claim()}, {"article.md": SOURCE + "\n" + body})
    start = time.monotonic()
    assert invoke("validate").output == "1 claim, 1 source, 1 citation: 0 errors, 0 warnings\n"
    assert time.monotonic() - start < 10


def test_symbolic_links_are_refused(workdir: Path) -> None:
    content = generated(workdir, {"ok.yaml": claim()})
    (content / "sources" / "passwd.md").symlink_to("/etc/passwd")
    (content / "claims" / "link.yaml").symlink_to(content / "claims" / "ok.yaml")
    other = generated(workdir / "elsewhere")
    (content / "sources" / "folder.md").symlink_to(other / "sources", target_is_directory=True)
    result = invoke("validate")
    assert_clean_failure(result.exit_code, result.output)
    assert result.output.splitlines() == [
        "content/claims/link.yaml:1:1: error: symbolic links are not allowed in content; copy the file in",
        "content/sources/folder.md:1:1: error: symbolic links are not allowed in content; copy the file in",
        "content/sources/passwd.md:1:1: error: symbolic links are not allowed in content; copy the file in",
        "2 claims, 2 sources, 1 citation: 3 errors, 0 warnings",
    ]


def test_symlinked_content_folders_are_refused(workdir: Path) -> None:
    content = generated(workdir, {"ok.yaml": claim()})
    outside = generated(workdir / "outside")
    shutil.rmtree(content / "sources")
    (content / "sources").symlink_to(outside / "sources", target_is_directory=True)
    result = invoke("validate")
    assert_clean_failure(result.exit_code, result.output)
    assert result.output.splitlines() == [
        "content/claims/ok.yaml:7:13: error: no source with id 'article' in content/sources/",
        "content/sources:1:1: error: sources/ is a symbolic link; content must be real folders and files",
        "1 claim, 0 sources, 1 citation: 2 errors, 0 warnings",
    ]


def test_random_garbage_files_never_crash(workdir: Path) -> None:
    import random

    rng = random.Random(1234)
    claims = {
        f"junk-{i}.yaml": bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        for i in range(30)
    }
    sources = {
        f"junk-{i}.md": b"---\n" + bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400)))
        for i in range(30)
    }
    generated(workdir, claims, {"article.md": SOURCE, **sources})
    result = invoke("validate")
    assert_clean_failure(result.exit_code, result.output)
    assert len(result.output.splitlines()) >= 61
