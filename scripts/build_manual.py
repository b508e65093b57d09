"""Build the manual (docs/) into build/manual/ with our own publisher, strictly (`make docs`).

    .venv/bin/python scripts/build_manual.py [--site-dir DIR] [--config docs/mkdocs.yml]

The manual is built as the fact-check site is, by `generator.publish.site.build_site`: any
warning (a broken link or anchor, a page missing from the nav) fails the build, and the
previous build/manual/ stays as it was. It needs the `dev` extra's mkdocs-click, which
generates the command reference from the click commands.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "docs" / "mkdocs.yml"
SITE_DIR = ROOT / "build" / "manual"


def build_manual(site_dir: Path = SITE_DIR, config: Path = CONFIG) -> Path:
    """Build the manual into `site_dir` and return it; raises `PublishError` on any warning."""
    from generator.publish.config import docs_dir_of
    from generator.publish.site import build_site

    return build_site(config, docs_dir_of(config), site_dir, strict=True).path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=SITE_DIR, help="where to write it")
    parser.add_argument("--config", type=Path, default=CONFIG, help="the manual's mkdocs.yml")
    args = parser.parse_args(argv)
    from generator.errors import FactcheckError

    try:
        path = build_manual(args.site_dir, args.config)
    except FactcheckError as error:
        print(f"make docs: {error.format_message()}", file=sys.stderr)
        return 1
    print(f"Built the manual: {path}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
