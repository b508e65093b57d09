"""A new desk member's first hour, scripted: from a fresh clone to a claim in review.

The journey README's quick start describes, run as written in a shell with nothing
activated: clone, `make site`, a branch, a new source from an article's text file, a new
claim, the usual mistakes (another desk's rating as the status, `tag:` for `tags:`, the
skeleton's empty citation source), all reported in one run and fixed, `validate` clean,
`make site` naming the draft it leaves out, a commit pushed for review, and `factcheck diff`
against the base showing the new claim and the new source.

The clone is made from the repository under test (its committed state), through a bare copy
that stands in for GitHub. It reuses this checkout's `.venv` (a symbolic link, so that
`.venv/bin/factcheck` works as README writes it) instead of installing the locks again; the
clone's files are dated before that environment, so `make site` finds it up to date and
installs nothing. The article and the claim are invented.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
VENV = ROOT / ".venv"
SOURCE_ID = "outlet-2026-01-02-short-title"
CLAIM_ID = "did-x-happen"
CLAIM_FILE = f"content/claims/{CLAIM_ID}.yaml"

ARTICLE = """\
Elmtown council says visits to Elm Street fell by half

The council of Elmtown said on Friday that visits to the Elm Street market fell by half in 2025.

A spokesperson for the market's traders disputed the council's count.
"""
"""An invented article: no real place, person or outlet."""

GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "A New Editor",
    "GIT_AUTHOR_EMAIL": "editor@example.org",
    "GIT_COMMITTER_NAME": "A New Editor",
    "GIT_COMMITTER_EMAIL": "editor@example.org",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def fresh_shell_env(home: Path) -> dict[str, str]:
    """A new terminal's environment: no virtual environment active, nothing of ours on PATH."""
    path = os.pathsep.join(
        part
        for part in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep)
        if ".venv" not in part and "virtualenv" not in part
    )
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "TMPDIR", "CI")}
    return {**keep, **GIT_IDENTITY, "PATH": path, "HOME": str(home)}


class Shell:
    """Runs command lines with bash in the clone, as a person at a terminal would."""

    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.cwd, self.env = cwd, env

    def run(self, line: str, expect: int = 0, timeout: float = 600) -> str:
        done = subprocess.run(
            ["bash", "-c", line],
            cwd=self.cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        output = done.stdout + done.stderr
        assert done.returncode == expect, f"$ {line}\n(exit {done.returncode})\n{output}"
        return output


def quick_start() -> list[str]:
    """The command lines of README's quick start, continuations joined, comments dropped."""
    section = README.read_text(encoding="utf-8").split("## Quick start", 1)[1]
    (block,) = re.findall(r"```sh\n(.*?)```", section, re.S)[:1]
    lines = block.replace("\\\n", " ").splitlines()
    return [re.sub(r"\s+#.*$", "", line).strip() for line in lines if line.strip()]


def step(lines: list[str], start: str) -> str:
    """The quick start's line that starts with `start` (exactly one)."""
    (found,) = [line for line in lines if line.startswith(start)]
    return found


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of the repository under test, with a bare copy as its `origin`."""
    for needed in ("git", "make", "bash"):
        if shutil.which(needed) is None:
            pytest.skip(f"{needed} is not installed")
    stamp = VENV / ".runtime-stamp"
    if not stamp.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{stamp} is missing: `make deps` must run before the tests in CI")
        pytest.skip("this checkout's .venv was not made by `make deps`")
    env = fresh_shell_env(tmp_path)
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(ROOT), str(origin)], check=True, env=env)
    work = tmp_path / "factcheck"
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, env=env)
    (work / ".venv").symlink_to(VENV, target_is_directory=True)
    old = stamp.stat().st_mtime - 3600
    for name in ("pyproject.toml", "requirements.lock", "requirements-dev.lock"):
        os.utime(work / name, (old, old))  # git does not keep dates: as if cloned long ago
    vendored = ROOT / ".cache" / "vendor"
    if vendored.is_dir():  # the pinned shim `make vendor` would fetch from npm again
        shutil.copytree(vendored, work / ".cache" / "vendor")
    return work


def test_a_new_editors_first_hour_from_clone_to_a_claim_in_review(clone: Path) -> None:
    shell = Shell(clone, fresh_shell_env(clone.parent))
    lines = quick_start()
    base = shell.run("git rev-parse --abbrev-ref HEAD").strip()

    # `make site` from the fresh clone: it installs nothing here (the reused .venv is up to
    # date), builds, and ends by saying how to look at the result.
    planned = shell.run("make -n site")
    assert " install " not in planned, planned  # never into the shared .venv
    built = shell.run(step(lines, "make site")).rstrip("\n").splitlines()
    assert built[-2] == (
        "Offline bundle: dist/kursk-claims-fact-check-offline.zip "
        "(unzip it anywhere and open its index.html)"
    ), built
    assert (
        built[-1]
        == "To look at the site: .venv/bin/factcheck serve, then open http://127.0.0.1:8000/"
    )
    assert (clone / "site" / "index.html").is_file()

    shell.run(step(lines, "git switch -c "))
    (clone / "article.txt").write_text(ARTICLE, encoding="utf-8")
    made = shell.run(step(lines, ".venv/bin/factcheck new source "))
    assert made.startswith(f"wrote content/sources/{SOURCE_ID}.md (3 paragraphs)")
    made = shell.run(step(lines, ".venv/bin/factcheck new claim "))
    assert made.splitlines() == [
        f"wrote {CLAIM_FILE}",
        'next: fill in every "" (`.venv/bin/factcheck validate` lists them); '
        "delete `draft: true` when it is ready",
    ]
    skeleton = (clone / CLAIM_FILE).read_text(encoding="utf-8")
    assert f"#   {SOURCE_ID}: The headline as printed" in skeleton

    # The claim filled in with three usual mistakes: another desk's rating, `tag:` for
    # `tags:`, and the skeleton's citation source left empty.
    (clone / CLAIM_FILE).write_text(
        skeleton.replace('question: ""', "question: Did visits to Elm Street halve in 2025?")
        .replace('claim: ""', "claim: Visits to the Elm Street market fell by half in 2025.")
        .replace('claimant: ""', "claimant: Elmtown council")
        .replace('status: ""', "status: half-true")
        .replace('summary: ""', "summary: The council says so; the traders dispute it.")
        .replace('quote: ""', "quote: visits to the Elm Street market fell by half in 2025")
        .replace('stance: ""', "stance: supports")
        .replace("analysis: |\n", "analysis: |\n  Only the council gives a figure.\n")
        .replace("tags: []", "tag: [markets]"),
        encoding="utf-8",
    )
    validate = step(lines, ".venv/bin/factcheck validate")
    report = shell.run(validate, expect=1)
    assert report.splitlines()[-1].endswith(": 3 errors, 0 warnings"), report
    for expected in (
        "error: unknown status 'half-true': 'half-true' is PolitiFact's middle rating; "
        "this site's is 'mixed'",
        "error: unknown key 'tag'; did you mean 'tags'? (and 'tags' is missing)",
        f"error: source is empty; give the id of the source quoted: {SOURCE_ID} (its text has "
        "this quote)",
    ):
        assert expected in report, report

    fixed = (
        (clone / CLAIM_FILE)
        .read_text(encoding="utf-8")
        .replace("status: half-true", "status: mixed")
        .replace("tag: [markets]", "tags: [markets]")
        .replace('  - source: ""', f"  - source: {SOURCE_ID}")
    )
    (clone / CLAIM_FILE).write_text(fixed, encoding="utf-8")
    clean = shell.run(validate)
    assert clean.splitlines()[-1].endswith(": 0 errors, 0 warnings"), clean

    rebuilt = shell.run(step(lines, "make site"))
    assert f"\n1 draft not published: {CLAIM_ID}\n" in rebuilt, rebuilt

    # In review: committed and pushed as README says, then compared with the base as the
    # workflow compares it.
    shell.run(step(lines, "git add content && git commit "))
    shell.run(step(lines, "git push -u origin HEAD"))
    assert shell.run("git ls-remote origin refs/heads/add-did-x-happen").strip()
    shell.run(f".venv/bin/factcheck validate --base origin/{base}")
    review = shell.run(f".venv/bin/factcheck diff --base origin/{base}")
    assert review.startswith(
        f"## Changes since `origin/{base}`\n\n"
        "1 claim changed: 1 added. 1 source changed: 1 added.\n"
    ), review
    assert f"### Added claim: `{CLAIM_ID}`\n\n**Did visits to Elm Street halve in 2025?**" in review
    assert f"### Added source: `{SOURCE_ID}`\n\n**The headline as printed**" in review
    assert f"- Quoted by: `{CLAIM_ID}`" in review
