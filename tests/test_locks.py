"""The lock files pin and hash everything `make` installs, and each target uses its own.

requirements.lock is the runtime (pyproject's `dependencies`, for `make site`);
requirements-dev.lock is the same pins plus the `dev` extra (`make test`, `check`, `lint`);
requirements-mutation.lock is the dev pins plus the `mutation` extra (`make mutation`).
All are written by `make lock` (pip-compile --generate-hashes) and installed with
`pip install --require-hashes --no-deps`, so CI installs exactly the reviewed files.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).parents[1]
RUNTIME = ROOT / "requirements.lock"
DEV = ROOT / "requirements-dev.lock"
MUTATION = ROOT / "requirements-mutation.lock"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?:\s+--hash=sha256:[0-9a-f]{64})*)\s*$")


def pins(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """{name: (version, hashes)} of a lock file; fails on any line that is not a hashed pin."""
    found: dict[str, tuple[str, frozenset[str]]] = {}
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: not an exact pin with hashes: {line[:80]!r}"
        name, version, hashes = match.groups()
        assert hashes, f"{path.name}: {name}=={version} has no --hash"
        found[canonicalize_name(name)] = (version, frozenset(hashes.split()))
    return found


def names(requirements: list[str]) -> set[str]:
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def test_the_pin_parser_refuses_unhashed_and_loose_lines(tmp_path):
    lock = tmp_path / "x.lock"
    lock.write_text("click==8.1.0 \\\n    --hash=sha256:" + "a" * 64 + "\n", encoding="utf-8")
    assert pins(lock) == {"click": ("8.1.0", frozenset(["--hash=sha256:" + "a" * 64]))}
    for bad in ("click==8.1.0\n", "click>=8.1 \\\n    --hash=sha256:" + "a" * 64 + "\n"):
        lock.write_text(bad, encoding="utf-8")
        with pytest.raises(AssertionError):
            pins(lock)


def test_every_line_of_both_locks_is_an_exact_pin_with_hashes():
    assert len(pins(RUNTIME)) > 10 and len(pins(DEV)) > len(pins(RUNTIME))


def test_the_runtime_lock_has_the_dependencies_and_no_dev_tool():
    runtime = pins(RUNTIME)
    assert names(PROJECT["dependencies"]) <= runtime.keys()
    assert "setuptools" in runtime, "the build backend is locked too (--all-build-deps)"
    dev_tools = names(PROJECT["optional-dependencies"]["dev"])
    assert not dev_tools & runtime.keys(), "`make site` must not install the dev tools"


def test_the_dev_lock_is_the_runtime_lock_plus_the_dev_extra():
    runtime, dev = pins(RUNTIME), pins(DEV)
    differing = {n: (runtime[n], dev.get(n)) for n in runtime if dev.get(n) != runtime[n]}
    assert not differing, "the dev lock must carry the runtime pins and hashes unchanged"
    assert names(PROJECT["optional-dependencies"]["dev"]) <= dev.keys()


def test_the_mutation_lock_is_the_dev_lock_plus_the_mutation_extra():
    dev, mutation = pins(DEV), pins(MUTATION)
    differing = {n: (dev[n], mutation.get(n)) for n in dev if mutation.get(n) != dev[n]}
    assert not differing, "the mutation lock must carry the dev pins and hashes unchanged"
    assert names(PROJECT["optional-dependencies"]["mutation"]) <= mutation.keys()
    assert "mutmut" not in dev, "the test suite never needs mutmut"


@pytest.mark.parametrize(
    ("lock", "variable"),
    [(RUNTIME, "RUNTIME_LOCK"), (DEV, "DEV_LOCK"), (MUTATION, "MUTATION_LOCK")],
    ids=["runtime", "dev", "mutation"],
)
def test_each_lock_names_the_command_that_wrote_it(lock, variable):
    header = re.search(r"^#\s+(pip-compile .*)$", lock.read_text(encoding="utf-8"), re.M)
    assert header, f"{lock.name}: no pip-compile command at the top"
    command = header.group(1).split()
    assert "--generate-hashes" in command and f"--output-file={lock.name}" in command
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert f"--output-file=$({variable})" in makefile
    assert f"{variable} := {lock.name}" in makefile


def dry_run(target: str) -> str:
    """What `make TARGET` would run from scratch (make -n -B: printed, nothing executed)."""
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_site_installs_the_runtime_lock_alone_with_hashes():
    installs = [line for line in dry_run("site").splitlines() if " install " in line]
    assert any("--require-hashes --no-deps -r requirements.lock" in i for i in installs)
    assert not any("requirements-dev.lock" in i for i in installs), installs
    unhashed = [i for i in installs if "--require-hashes" not in i and " -e ." not in i]
    assert not unhashed, unhashed


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
@pytest.mark.parametrize("target", ["test", "check", "lint"])
def test_the_developer_targets_install_the_dev_lock_with_hashes(target):
    installs = [line for line in dry_run(target).splitlines() if " install " in line]
    assert any("--require-hashes --no-deps -r requirements-dev.lock" in i for i in installs)


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_mutation_installs_mutmut_from_its_lock_with_hashes():
    installs = [line for line in dry_run("mutation").splitlines() if " install " in line]
    assert any("--require-hashes --no-deps -r requirements-mutation.lock" in i for i in installs)
    unhashed = [i for i in installs if "--require-hashes" not in i and " -e ." not in i]
    assert not unhashed, unhashed
