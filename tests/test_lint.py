"""The code base stays clean: ruff's linter and formatter, mypy, and the stage contracts
(import-linter); settings in pyproject.toml."""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("ruff", path=str(BIN)) is None, reason="ruff is not installed")
def test_ruff_finds_nothing():
    done = run(
        str(BIN / "ruff"), "check", "generator", "tests", "benchmarks", "scripts", "docs/hooks"
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("ruff", path=str(BIN)) is None, reason="ruff is not installed")
def test_the_code_is_formatted_by_ruff():
    done = run(
        str(BIN / "ruff"),
        "format",
        "--check",
        "generator",
        "tests",
        "benchmarks",
        "scripts",
        "docs/hooks",
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("mypy", path=str(BIN)) is None, reason="mypy is not installed")
def test_mypy_strict_passes():
    done = run(str(BIN / "mypy"))
    assert done.returncode == 0, done.stdout + done.stderr


# -- the stage contracts (import-linter, [tool.importlinter] in pyproject.toml) ---------------

CONTRACTS = [
    c["name"]
    for c in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
        "importlinter"
    ]["contracts"]
]


def contract_report(output: str) -> dict[str, set[str] | None]:
    """{contract name: None when kept, else the imports `lint-imports` printed as breaking it}."""
    report: dict[str, set[str] | None] = {
        m[1]: None if m[2] == "KEPT" else set()
        for m in re.finditer(r"^(.+) (KEPT|BROKEN)(?: \(\d+ ignored imports?\))?$", output, re.M)
    }
    _, _, details = output.partition("\nBroken contracts\n")
    current: set[str] | None = None
    lines = details.splitlines()
    for line, underline in zip(lines, [*lines[1:], ""], strict=False):
        if line in report and underline and set(underline) == {"-"}:
            current = report[line]
        elif current is not None and (m := re.match(r"^-\s+(\S+ -> \S+)", line)):
            current.add(m[1])
    return report


def test_the_contract_report_is_read_right():
    output = (
        "A KEPT\nB BROKEN\nC KEPT (2 ignored imports)\n\nContracts: 2 kept, 1 broken.\n\n\n------\nBroken contracts\n"
        "------\n\nB\n-\n\nx is not allowed to import y:\n\n- x.a -> y.b (l.3)\n"
        "-   x.c -> y (l.1, l.2)\n\n"
    )
    assert contract_report(output) == {"A": None, "B": {"x.a -> y.b", "x.c -> y"}, "C": None}


def test_the_stage_contracts_hold():
    done = run(str(BIN / "lint-imports"), "--no-logo", "--no-cache")
    report = contract_report(done.stdout)
    assert sorted(report) == sorted(CONTRACTS), done.stdout + done.stderr
    broken = {name: sorted(imports) for name, imports in report.items() if imports is not None}
    assert not broken, f"imports breaking a contract: {broken}\n{done.stdout}"
    assert done.returncode == 0, done.stdout + done.stderr
