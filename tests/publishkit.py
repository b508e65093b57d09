"""Shared by the publisher's tests: a throwaway project and the hand-written fixture docs."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "publish_docs"


def make_project(where: Path, config_text: str | None = None) -> Path:
    """A throwaway project: the real mkdocs.yml and theme override, returns mkdocs.yml."""
    where.mkdir(parents=True, exist_ok=True)
    overrides = ROOT / "site_templates" / "overrides"
    if overrides.is_dir():
        shutil.copytree(overrides, where / "site_templates" / "overrides")
    else:
        (where / "site_templates" / "overrides").mkdir(parents=True)
    config = where / "mkdocs.yml"
    config.write_text(
        config_text or (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return config


def tree_of(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by POSIX path, with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }
