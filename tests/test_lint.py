"""The code base stays clean: ruff's linter and formatter, and mypy (settings in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("ruff", path=str(BIN)) is None, reason="ruff is not installed")
def test_ruff_finds_nothing():
    done = run(str(BIN / "ruff"), "check", "generator", "tests", "benchmarks", "scripts")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("ruff", path=str(BIN)) is None, reason="ruff is not installed")
def test_the_code_is_formatted_by_ruff():
    done = run(
        str(BIN / "ruff"), "format", "--check", "generator", "tests", "benchmarks", "scripts"
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("mypy", path=str(BIN)) is None, reason="mypy is not installed")
def test_mypy_strict_passes():
    done = run(str(BIN / "mypy"))
    assert done.returncode == 0, done.stdout + done.stderr
