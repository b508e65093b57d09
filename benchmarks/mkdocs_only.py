"""MkDocs' build alone, of Markdown already rendered, in one process, with our theme's
adjustments added as `factcheck build` adds them (the theme override needs its filters):

    python -m benchmarks.mkdocs_only CONFIG SITE_DIR

`python -m mkdocs build` cannot build with our override: the adjustments are no plugin
MkDocs finds by name.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.publish.publisher import run_build


def main() -> None:
    config, site = Path(sys.argv[1]), Path(sys.argv[2])
    run_build(
        config,
        {"site_dir": str(site)},
        strict=False,
        dirty=False,
        build_date=None,
        claim_search=True,
    )


if __name__ == "__main__":
    main()
