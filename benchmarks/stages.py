"""Time the generator's stages on one content folder, in a process of their own.

    python -m benchmarks.stages CONTENT WORK [--edit INDEX]   -> one JSON object on stdout

Run once per corpus size by `benchmarks.run`, so that peak memory (the process's
maximum resident set size) belongs to that size alone. Stages:

* `load`: read and parse every file (`load.load_content`);
* `validate`: check and anchor every quote, given the loaded files
  (`validate.validate_content` with its loading replaced by the result above);
* `render`: write the whole Markdown tree into an empty folder (`render.render_docs`);
* `rerender_unchanged`: render again, nothing changed (nothing may be written);
* after editing one claim (`--edit`): validate and render again as `factcheck build`
  does (everything read again), and as `factcheck serve` does (`load.LoadCache`),
  with which files were written and whether any other file changed its mtime.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def _age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def measure(content: Path, work: Path, edit: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    import yaml

    from generator import validate as validate_module
    from generator import yamlload
    from generator.load import LoadCache, load_content
    from generator.render import render_docs
    from generator.settings import load_settings

    out: dict[str, Any] = {
        "import_s": time.perf_counter() - started,
        "rss_after_import_mb": _rss_mb(),
        "yaml_loader": f"{yamlload._Loader.__module__}.{yamlload._Loader.__name__}",
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
    }
    config = Path(__file__).resolve().parent.parent / "mkdocs.yml"
    settings = load_settings(config)

    t = time.perf_counter()
    loaded = load_content(content)
    out["load_s"] = time.perf_counter() - t

    real_load = validate_module.load_content
    validate_module.load_content = lambda content_dir, cache=None: loaded  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        report = validate_module.validate_content(content)
        out["validate_s"] = time.perf_counter() - t
    finally:
        validate_module.load_content = real_load  # type: ignore[assignment]
    if report.corpus is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(p.format() for p in report.problems[:20]))
    out["claims"], out["sources"], out["citations"] = report.claims, report.sources, report.citations
    out["problems"] = len(report.problems)

    docs = work / "docs"
    t = time.perf_counter()
    result = render_docs(report.corpus, docs, settings)
    out["render_s"] = time.perf_counter() - t
    out["files"] = len(result.written)
    out["docs_bytes"] = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    out["total_s"] = out["load_s"] + out["validate_s"] + out["render_s"]
    out["peak_rss_mb"] = _rss_mb()

    t = time.perf_counter()
    again = render_docs(report.corpus, docs, settings)
    out["rerender_unchanged_s"] = time.perf_counter() - t
    out["rerender_unchanged_written"] = len(again.written)

    if edit is not None:
        from benchmarks.corpus import edit_claim

        cache = LoadCache()
        validate_module.validate_content(content, cache=cache)  # warm, as a running `serve` is
        _age(docs)
        before = _mtimes(docs)
        path = edit_claim(content, edit, "an edited summary")
        t = time.perf_counter()
        report = validate_module.validate_content(content)
        out["edit_validate_s"] = time.perf_counter() - t
        t = time.perf_counter()
        assert report.corpus is not None
        changed = render_docs(report.corpus, docs, settings)
        out["edit_render_s"] = time.perf_counter() - t
        out["edit_written"] = list(changed.written)
        after = _mtimes(docs)
        out["edit_other_mtimes_changed"] = sorted(p for p in after if after[p] != before.get(p) and p not in changed.written)
        t = time.perf_counter()
        validate_module.validate_content(content, cache=cache)
        out["edit_validate_cached_s"] = time.perf_counter() - t
        out["edited_file"] = str(path)
    out["peak_rss_end_mb"] = _rss_mb()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument("--edit", type=int, default=None, help="index of the claim to edit afterwards")
    args = parser.parse_args()
    json.dump(measure(args.content, args.work, args.edit), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
