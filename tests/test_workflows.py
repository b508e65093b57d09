"""The GitHub workflow, the pre-commit hook and the contributor docs run commands that exist.

Every `run:` step is split into simple commands; each `factcheck ...` command is parsed by the
real click CLI (sub-command, options, choices and required options, without running it) and
each `make ...` target must be a target of the Makefile, whose own `factcheck` recipe lines are
checked the same way. The helpers are tested against broken input too.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import yaml

from generator.cli import cli

ROOT = Path(__file__).parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
MAIN_WORKFLOW = ROOT / ".github" / "workflows" / "content.yml"
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


# -- helpers ----------------------------------------------------------------------------------


def load_workflow(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    if True in data:  # YAML 1.1 reads the key `on` as the boolean true
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def shell_commands(script: str) -> list[list[str]]:
    """The simple commands of a shell script: words, without operators and redirections."""
    commands: list[list[str]] = []
    for line in script.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|<>")
        lexer.whitespace_split = True
        lexer.commenters = "#"
        current: list[str] = []
        skip_target = False
        for token in lexer:
            if skip_target:
                skip_target = False
            elif set(token) <= set("<>&"):
                if "<" in token or ">" in token:
                    skip_target = True  # the file after a redirection is not an argument
                else:
                    commands.append(current) if current else None
                    current = []
            elif set(token) <= set(";|"):
                if current:
                    commands.append(current)
                current = []
            else:
                current.append(token)
        if current:
            commands.append(current)
    return commands


def factcheck_args(command: list[str]) -> list[str] | None:
    """The arguments after `factcheck` (any path to it, or `python -m generator`); None otherwise."""
    if command and command[0].rsplit("/", 1)[-1] == "factcheck":
        return command[1:]
    if (
        len(command) >= 3
        and command[0].rsplit("/", 1)[-1].startswith("python")
        and command[1:3] == ["-m", "generator"]
    ):
        return command[3:]
    return None


def cli_problem(args: list[str]) -> str | None:
    """Why click would refuse `factcheck <args>`, or None; nothing is run."""
    command: click.Command = cli
    name = "factcheck"
    rest = list(args)
    parent = None
    while isinstance(command, click.Group):
        if not rest or rest[0].startswith("-"):
            return f"`{name}` needs a sub-command"
        ctx = click.Context(command, info_name=name, parent=parent)
        sub = command.get_command(ctx, rest[0])
        if sub is None:
            return f"no command `{name} {rest[0]}`"
        parent, name, command, rest = ctx, rest[0], sub, rest[1:]
    try:
        command.make_context(name, list(rest), parent=parent)
    except click.ClickException as exc:
        return f"`{name} {' '.join(rest)}`: {exc.format_message()}"
    return None


def make_targets(makefile: Path = ROOT / "Makefile") -> set[str]:
    targets = set()
    for line in makefile.read_text(encoding="utf-8").splitlines():
        match = re.match(r"^([A-Za-z0-9_.$() /-]+?)\s*::?(?!=)", line)
        if match and not line.startswith("\t"):
            targets.update(t for t in match.group(1).split() if not t.startswith("."))
    return targets


def command_problems(commands: list[list[str]], targets: set[str]) -> list[str]:
    problems = []
    for command in commands:
        args = factcheck_args(command)
        if args is not None:
            problem = cli_problem(args)
            if problem:
                problems.append(problem)
        elif command and command[0] == "make":
            for target in command[1:]:
                if not target.startswith("-") and "=" not in target and target not in targets:
                    problems.append(f"no make target {target!r}")
    return problems


def makefile_recipe_commands() -> list[list[str]]:
    """The commands of the Makefile's recipe lines that run factcheck or make."""
    lines = (ROOT / "Makefile").read_text(encoding="utf-8").replace("\\\n", " ").splitlines()
    recipes = [line.strip().lstrip("@-") for line in lines if line.startswith("\t")]
    return [
        c
        for line in recipes
        if re.search(r"\b(factcheck|make)\b", line)
        for c in shell_commands(line)
    ]


# -- the helpers catch mistakes ---------------------------------------------------------------


def test_shell_commands_split_operators_redirections_and_continuations():
    script = 'make deps && .venv/bin/factcheck diff --base "origin/$BASE" >> "$GITHUB_STEP_SUMMARY"\n# note\nmake \\\n  site; echo ok | cat'
    assert shell_commands(script) == [
        ["make", "deps"],
        [".venv/bin/factcheck", "diff", "--base", "origin/$BASE"],
        ["make", "site"],
        ["echo", "ok"],
        ["cat"],
    ]


@pytest.mark.parametrize(
    ("command", "problem"),
    [
        (
            "factcheck validate --format xml",
            "`validate --format xml`: Invalid value for '--format'",
        ),
        (
            "factcheck validate --no-such-option",
            "`validate --no-such-option`: No such option '--no-such-option'",
        ),
        ("factcheck frobnicate", "no command `factcheck frobnicate`"),
        ("factcheck diff", "`diff `: Missing option '--base'"),
        ("factcheck new", "`new` needs a sub-command"),
        ("factcheck new thing x", "no command `new thing`"),
        ("factcheck new claim Bad", "`claim Bad`: Invalid value for 'ID'"),
        (
            "python3 -m generator build --offline --nope",
            "`build --offline --nope`: No such option '--nope'",
        ),
        ("make no-such-target", "no make target 'no-such-target'"),
    ],
)
def test_the_checker_refuses_what_does_not_exist(command, problem):
    found = command_problems(shell_commands(command), make_targets())
    assert len(found) == 1 and found[0].startswith(problem), found


def test_the_checker_accepts_real_commands():
    commands = shell_commands(
        "factcheck validate --format github --base origin/main && factcheck diff --base HEAD~1 > out.md\n"
        "factcheck new source x --from /dev/null --title T; factcheck schema --check; make site test"
    )
    assert command_problems(commands, make_targets()) == []


def test_make_targets_are_read_from_the_makefile():
    assert {"site", "test", "deps", "vendor"} <= make_targets()
    assert "SHELL" not in make_targets() and "STAMP" not in make_targets()


# -- the workflows ----------------------------------------------------------------------------


def test_there_is_a_workflow():
    assert MAIN_WORKFLOW in WORKFLOWS


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_is_valid_yaml_with_triggers_and_jobs(path):
    workflow = load_workflow(path)
    assert workflow["on"] and workflow["jobs"]
    for name, job in workflow["jobs"].items():
        assert job.get("runs-on"), f"job {name} has no runs-on"
        for step in job["steps"]:
            assert ("run" in step) != ("uses" in step), step


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_command_a_workflow_runs_exists(path):
    commands = [
        c
        for step in steps(load_workflow(path))
        if "run" in step
        for c in shell_commands(step["run"])
    ]
    assert commands
    assert command_problems(commands, make_targets()) == []


def test_the_makefile_recipes_run_real_factcheck_commands():
    commands = [c for c in makefile_recipe_commands() if factcheck_args(c) is not None]
    assert commands, "the Makefile runs no factcheck command"
    assert command_problems(commands, make_targets()) == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_with_its_version(path):
    uses = [
        line.split("uses:", 1)[1].strip()
        for line in path.read_text().splitlines()
        if line.strip().startswith(("uses:", "- uses:"))
    ]
    assert uses
    for action in uses:
        assert PINNED.match(action), (
            f"not pinned to a full commit SHA with a `# vX.Y.Z` comment: {action}"
        )


def test_pull_requests_are_validated_with_annotations_and_corrections():
    workflow = load_workflow(MAIN_WORKFLOW)
    assert "pull_request" in workflow["on"]
    check = workflow["jobs"]["check"]
    checkout = next(s for s in check["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    pr_runs = [
        c
        for s in check["steps"]
        if "run" in s and s.get("if") == "github.event_name == 'pull_request'"
        for c in shell_commands(s["run"])
    ]
    validate = [factcheck_args(c) for c in pr_runs if (factcheck_args(c) or [""])[0] == "validate"]
    assert validate == [["validate", "--format", "github", "--base", "origin/$BASE_REF"]]
    base_env = {s["env"]["BASE_REF"] for s in check["steps"] if "BASE_REF" in s.get("env", {})}
    assert base_env == {"${{ github.base_ref }}"}
    diff = [
        c
        for s in check["steps"]
        if "run" in s
        for c in shell_commands(s["run"])
        if (factcheck_args(c) or [""])[0] == "diff"
    ]
    assert diff == [[".venv/bin/factcheck", "diff", "--base", "origin/$BASE_REF"]]


def test_pushes_to_main_are_held_to_the_corrections_rule_too():
    check = load_workflow(MAIN_WORKFLOW)["jobs"]["check"]
    no_previous = "github.event.before == '0000000000000000000000000000000000000000'"
    pushed = [s for s in check["steps"] if "github.event.before !=" in s.get("if", "")]
    assert len(pushed) == 1
    (step,) = pushed
    assert step["if"] == f"github.event_name == 'push' && {no_previous.replace('==', '!=')}"
    assert step["env"] == {"BEFORE": "${{ github.event.before }}"}
    assert [factcheck_args(c) for c in shell_commands(step["run"])] == [
        ["validate", "--format", "github", "--base", "$BEFORE"]
    ]
    plain = [s for s in check["steps"] if s.get("name") == "Validate content"]
    assert [s["if"] for s in plain] == [
        f"github.event_name == 'workflow_dispatch' || (github.event_name == 'push' && {no_previous})"
    ]


def test_the_site_is_built_strictly_and_uploaded():
    check = load_workflow(MAIN_WORKFLOW)["jobs"]["check"]
    runs = [c for s in check["steps"] if "run" in s for c in shell_commands(s["run"])]
    assert ["make", "site"] in runs
    site_recipe = [
        c
        for c in makefile_recipe_commands()
        if factcheck_args(c) and factcheck_args(c)[0] == "build"
    ]  # type: ignore[index]
    assert any("--offline" in c for c in site_recipe)
    uploads = {
        s["with"]["name"]: s["with"]["path"]
        for s in check["steps"]
        if s.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {
        "site": "site/",
        "offline-bundle": "dist/*-offline.zip",
        "review": "build/review/changes.md",
    }


SAME_REPOSITORY = "github.event.pull_request.head.repo.full_name == github.repository"


def test_the_summary_is_posted_on_same_repository_pull_requests_by_a_job_that_runs_no_pr_code():
    workflow = load_workflow(MAIN_WORKFLOW)
    check, comment = workflow["jobs"]["check"], workflow["jobs"]["comment"]
    review = next(s for s in check["steps"] if s.get("id") == "review")
    assert [factcheck_args(c) for c in shell_commands(review["run"]) if factcheck_args(c)] == [
        ["diff", "--base", "origin/$BASE_REF"]
    ]
    assert 'cat build/review/changes.md >> "$GITHUB_STEP_SUMMARY"' in review["run"]
    assert 'echo "review=ready" >> "$GITHUB_OUTPUT"' in review["run"]
    assert check["outputs"] == {"review": "${{ steps.review.outputs.review }}"}
    assert comment["needs"] == "check"
    for condition in (
        "!cancelled()",
        "github.event_name == 'pull_request'",
        SAME_REPOSITORY,  # a fork's pull request gets a read-only token: the summary stays
        "github.actor != 'dependabot[bot]'",
        "needs.check.outputs.review == 'ready'",
    ):
        assert condition in comment["if"], condition
    assert comment["permissions"] == {"pull-requests": "write"}
    used = [s["uses"].split("@")[0] for s in comment["steps"]]
    assert used == ["actions/download-artifact", "actions/github-script"]
    assert all("run" not in s for s in comment["steps"])  # no checkout, nothing of the PR runs
    assert comment["steps"][0]["with"] == {"name": "review", "path": "review"}
    script = comment["steps"][1]["with"]["script"]
    assert "github.rest.issues.updateComment" in script and "github.paginate" in script
    assert comment["steps"][1]["env"] == {"CHANGES": "review/changes.md"}


def test_main_is_deployed_to_pages_and_pull_requests_are_not():
    workflow = load_workflow(MAIN_WORKFLOW)
    assert workflow["on"]["push"]["branches"] == ["main"]
    on_main = "github.event_name != 'pull_request' && github.ref == 'refs/heads/main'"
    check, deploy = workflow["jobs"]["check"], workflow["jobs"]["deploy"]
    pages_steps = {
        s["uses"].split("@")[0]: s for s in check["steps"] if "pages" in s.get("uses", "")
    }
    assert set(pages_steps) == {"actions/configure-pages", "actions/upload-pages-artifact"}
    assert all(s["if"] == on_main for s in pages_steps.values())
    assert pages_steps["actions/upload-pages-artifact"]["with"]["path"] == "site/"
    assert deploy["if"] == on_main and deploy["needs"] == "check"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    writers = {
        name: job["permissions"]
        for name, job in workflow["jobs"].items()
        if "write" in job.get("permissions", {}).values()
    }
    assert writers == {
        "deploy": deploy["permissions"],
        "comment": {"pull-requests": "write"},
    }, "only the deploy and comment jobs may write"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]
    assert workflow["permissions"] == {"contents": "read"}


# -- pre-commit, the pull-request template and CONTRIBUTING -----------------------------------


def test_pre_commit_runs_factcheck_validate():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert hook["language"] == "system" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "content/claims/x.yaml")
    commands = shell_commands(hook["entry"])
    assert [factcheck_args(c) for c in commands] == [["validate"]]
    assert command_problems(commands, make_targets()) == []


def documented_commands(text: str) -> list[list[str]]:
    """Commands in fenced `sh` blocks and in `factcheck ...`/`make ...` code spans."""
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        found += shell_commands(block)
    for span in re.findall(r"`((?:(?:\.venv/bin/)?factcheck|make) [^`]*)`", text):
        span = re.sub(r"<[^>]+>", "placeholder", span)  # e.g. origin/<base branch>
        found += shell_commands(span.replace("[", " ").replace("]", " "))  # [optional] parts kept
    return found


@pytest.mark.parametrize("name", ["CONTRIBUTING.md", ".github/pull_request_template.md"])
def test_documented_commands_exist(name):
    commands = documented_commands((ROOT / name).read_text(encoding="utf-8"))
    assert any(factcheck_args(c) for c in commands)
    placeholders = {
        "ID": "some-id",
        "FILE": "/dev/null",
        "article.txt": "/dev/null",
        "DATE": "2025-01-01",
        "URL": "https://example.org/",
        "T": "t",
        "O": "o",
        "REF": "main",
    }
    concrete = [[placeholders.get(word, word) for word in c] for c in commands]
    assert command_problems(concrete, make_targets()) == []


def test_contributing_covers_the_four_tasks():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, re.M)
    for heading in (
        "Add a source",
        "Add a claim",
        "Fix a quote or correct a claim",
        "Appeal a verdict",
    ):
        assert heading in headings


def test_dependabot_keeps_the_pinned_actions_current():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert [u["package-ecosystem"] for u in config["updates"]] == ["github-actions"]


def test_the_appeal_issue_template_has_front_matter():
    text = (ROOT / ".github" / "ISSUE_TEMPLATE" / "appeal.md").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["name"] == "Appeal a verdict" and front["about"]
    assert "Evidence" in text
