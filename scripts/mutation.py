"""Mutation testing of three modules with mutmut (docs/mutation-testing.md).

    python scripts/mutation.py [anchor] [history] [offline] [--exclude-tests GLOB]

For each module named (all three by default), a copy of the repository's code and
tests goes to `build/mutation/<module>/` (git-ignored), with a `[tool.mutmut]`
section added to the copy's pyproject.toml only, and `mutmut run` runs there with
the fast tests that exercise that module (never `slow` or `browser`; Hypothesis with a
fixed seed, so a score does not depend on chance). Then it prints each mutant's
status and a one-line score per module. mutmut has a lock of its own: `make mutation`
installs it (requirements-mutation.lock) first.

`--exclude-tests` leaves out test files matching a glob (e.g. `tests/test_guard_*`),
to measure what the suite caught without them. `--again` keeps the last run's work
folder and results and runs only the mutants that survived it (or had no test), with
the tests as they are now: the quick loop while writing a test for a survivor.
"""

from __future__ import annotations

import argparse
import fnmatch
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "build" / "mutation"
COPIED = (
    "generator",
    "tests",
    "mkdocs.yml",
    "site_templates",
    "content",
    "schemas",
    ".cache/vendor",
)
"""What the tests read besides the code (the vendored shim: `make vendor`)."""


@dataclass(frozen=True)
class Target:
    files: tuple[str, ...]
    """The files mutmut mutates."""
    functions: tuple[str, ...]
    """Which of their mutants are run (fnmatch patterns over mutmut's mutant names)."""
    tests: tuple[str, ...]
    """The fast test files that exercise them."""


TARGETS = {
    # Quote anchoring: the finder and the normaliser it searches through.
    "anchor": Target(
        ("generator/corpus/anchor.py", "generator/corpus/normalize.py"),
        ("generator.corpus.anchor.*", "generator.corpus.normalize.*"),
        (
            "tests/test_normalize.py",
            "tests/test_validate.py",
            "tests/test_guard_quote_case.py",
            "tests/test_guard_anchor.py",
        ),
    ),
    # The corrections rule of `validate --base`: correction_problems and what it calls
    # (reading a git revision, `claims_at` and its helpers, is not the rule).
    "history": Target(
        ("generator/corpus/history.py",),
        tuple(
            f"generator.corpus.history.{name}"
            for name in (
                "x_correction_problems__*",
                "x__summary_warning__*",
                "x__removed_claims__*",
                "x__unpublished__*",
                "x__draft_position__*",
                "x__rewritten_corrections__*",
                "x__schema_valid__*",
                "x__what_changed__*",
                "x_changed_figures__*",
                "x__position__*",
                "x_compare__*",
                "x_status_of__*",
                "x__as_list__*",
                "x__items__*",
                "x_list_change__*",
            )
        ),
        ("tests/test_history.py", "tests/test_guard_history.py"),
    ),
    # The offline checker: what may stay in, and be dropped from, the offline pages.
    "offline": Target(
        ("generator/publish/offline.py",),
        tuple(
            f"generator.publish.offline.{name}"
            for name in (
                "x__check_offline_output__*",
                "x__is_metadata_link__*",
                "x__drop_feed_links__*",
                "x__drop_server_only_files__*",
                "x__check_offline_safe__*",
                "x__with_offline_plugin__*",
                "x__plugin_name__*",
            )
        ),
        ("tests/test_guard_offline_checker.py",),
    ),
}


def toml_list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{item}"' for item in items) + "]"


def prepare(name: str, target: Target, exclude: list[str], tests: list[str]) -> Path:
    work = WORK / name
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for item in COPIED:
        source = ROOT / item
        if source.is_dir():
            shutil.copytree(source, work / item, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.is_file():
            shutil.copy2(source, work / item)
    tests = [
        t
        for t in tests or target.tests
        if (ROOT / t).is_file() and not any(fnmatch.fnmatch(t, g) for g in exclude)
    ]
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config += f"""

[tool.mutmut]
source_paths = ["generator"]
only_mutate = {toml_list(list(target.files))}
also_copy = {toml_list([c for c in COPIED if c not in ("generator", "tests")])}
pytest_add_cli_args = ["-p", "no:cacheprovider", "-m", "not slow and not browser", "--hypothesis-seed=0"]
pytest_add_cli_args_test_selection = {toml_list(tests)}
use_git_change_detection = false
"""
    (work / "pyproject.toml").write_text(config, encoding="utf-8")
    return work


def mutmut() -> str:
    found = shutil.which("mutmut", path=str(Path(sys.executable).parent))
    if found is None:
        sys.exit(
            "mutmut is not installed in this venv: .venv/bin/python -m pip install"
            " --require-hashes --no-deps -r requirements-mutation.lock"
        )
    return found


def statuses(listing: str, target: Target) -> dict[str, str]:
    """mutant name -> status, for the target's mutants, from `mutmut results --all true`."""
    found = {}
    for line in listing.splitlines():
        mutant, _, status = line.strip().rpartition(": ")
        if mutant and any(fnmatch.fnmatch(mutant, p) for p in target.functions):
            found[mutant] = status
    return found


def run(
    name: str, target: Target, exclude: list[str], tests: list[str], children: int, again: bool
) -> Counter[str]:
    names = list(target.functions)
    before: dict[str, str] = {}
    if again:
        kept = WORK / name / "results.txt"
        if not kept.is_file():
            sys.exit(f"--again: no earlier run of {name} ({kept} is missing)")
        before = statuses(kept.read_text(encoding="utf-8"), target)
        names = [m for m, status in before.items() if status in ("survived", "no tests")]
    work = prepare(name, target, exclude, tests)
    print(f"== {name}: mutmut run of {len(names)} pattern(s) in {work.relative_to(ROOT)}")
    if names:
        subprocess.run(
            [mutmut(), "run", "--max-children", str(children), *names], cwd=work, check=False
        )
    listing = subprocess.run(
        [mutmut(), "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    now = statuses(listing, target)
    # Adding tests cannot revive a mutant, so the earlier verdicts of the others stand.
    merged = {m: (now.get(m, s) if m in names else s) for m, s in before.items()} or now
    (work / "results.txt").write_text(
        "".join(f"{m}: {s}\n" for m, s in sorted(merged.items())), encoding="utf-8"
    )
    return Counter(merged.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(TARGETS)} (default: all)")
    parser.add_argument("--exclude-tests", action="append", default=[], metavar="GLOB")
    parser.add_argument(
        "--tests", action="append", default=[], metavar="FILE", help="instead of the module's own"
    )
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--again", action="store_true", help="rerun only the last survivors")
    args = parser.parse_args()
    unknown = sorted(set(args.modules) - set(TARGETS))
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; choose from {', '.join(TARGETS)}")
    scores = {}
    for name in args.modules or list(TARGETS):
        scores[name] = run(
            name, TARGETS[name], args.exclude_tests, args.tests, args.max_children, args.again
        )
    print()
    for name, counts in scores.items():
        total = sum(counts.values())
        detail = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        print(f"{name}: {counts['killed']} killed of {total} ({detail})")


if __name__ == "__main__":
    main()
