"""Shared pytest options and fixtures."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from publishkit import FIXTURE_DOCS, make_project

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO_ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project (mkdocs.yml and theme override); its mkdocs.yml."""
    return make_project(tmp_path / "project")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of the hand-written fixture docs folder."""
    target = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, target)
    return target


@pytest.fixture(scope="session")
def shim() -> Path:
    """The pinned iframe-worker shim (`make vendor`); fails in CI, skips elsewhere, if missing."""
    from generator.publish import default_shim_path

    path = default_shim_path(REPO_ROOT / "mkdocs.yml")
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} missing: `make vendor` must run before the tests in CI")
        pytest.skip(f"{path} missing: run `make vendor` (fetches iframe-worker from npm)")
    return path
