"""Time the generator's stages on one content folder, in a process of their own.

    python -m benchmarks.stages CONTENT WORK [--edit INDEX]   -> one JSON object on stdout

Run once per corpus size by `benchmarks.run`, so that peak memory (the process's
maximum resident set size) belongs to that size alone. Stages:

* `load`: read and parse every file (`load.load_content`);
* `validate`: check and anchor every quote, given the loaded files
  (`validate.validate_content` with its loading replaced by the result above);
* `render`: write the whole Markdown tree into an empty folder (`render.render_docs`);
* `rerender_unchanged` (with `--edit`): render again, nothing changed (nothing may be written);
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


_PARTS = {
    # module, attribute: what the render breakdown calls it
    ("generator.render", "site_view"): "site view (all of it)",
    ("generator.render_views", "render_analysis"): "site view: analysis Markdown",
    ("generator.render_views", "highlighted_paragraphs"): "site view: highlighted sources",
    ("generator.render", "_Pages.render_all"): "pages (templates)",
    ("generator.render", "claims_export"): "api/claims.json",
    ("generator.render", "export_files"): "exports (feed, api/)",
    ("generator.render", "extra_page_files"): "matrix and timeline pages",
    ("generator.render", "asset_files"): "assets",
    ("generator.render", "write_tree"): "writing files",
}


def _time_parts(spent: dict[str, float]) -> None:
    """Wrap the functions `render_docs` calls so that the time in each adds up in `spent`."""
    import functools
    import importlib

    for (module_name, attribute), label in _PARTS.items():
        owner: Any = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, name, None) if owner is not None else None
        if original is None:
            continue  # renamed since: no breakdown for it

        def timed(*args: Any, _original: Any = original, _label: str = label, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_label] = spent.get(_label, 0.0) + time.perf_counter() - t

        setattr(owner, name, functools.wraps(original)(timed))


def measure(content: Path, work: Path, edit: int | None, *, without_extras: bool = False) -> dict[str, Any]:
    started = time.perf_counter()
    import importlib

    import yaml

    import generator.render
    from generator.load import LoadCache, load_content
    from generator.render import render_docs
    from generator.settings import load_settings

    validate_module: Any = importlib.import_module("generator.validate")
    yamlload: Any = importlib.import_module("generator.yamlload")
    if without_extras and hasattr(generator.render, "extra_page_files"):
        generator.render.extra_page_files = lambda corpus: {}  # what-if: no matrix or timeline page
    spent: dict[str, float] = {}
    _time_parts(spent)

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
    validate_module.load_content = lambda content_dir, cache=None: loaded
    try:
        t = time.perf_counter()
        report = validate_module.validate_content(content)
        out["validate_s"] = time.perf_counter() - t
    finally:
        validate_module.load_content = real_load
    if report.corpus is None:
        raise SystemExit("the synthetic corpus does not validate:\n" + "\n".join(p.format() for p in report.problems[:20]))
    out["claims"], out["sources"], out["citations"] = report.claims, report.sources, report.citations
    out["problems"] = len(report.problems)

    docs = work / "docs"
    t = time.perf_counter()
    result = render_docs(report.corpus, docs, settings)
    out["render_s"] = time.perf_counter() - t
    out["render_parts"] = dict(spent)
    out["largest_files"] = sorted(((p.stat().st_size, p.relative_to(docs).as_posix()) for p in docs.rglob("*") if p.is_file()), reverse=True)[:3]
    out["files"] = len(result.written)
    out["docs_bytes"] = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    out["total_s"] = out["load_s"] + out["validate_s"] + out["render_s"]
    out["peak_rss_mb"] = _rss_mb()

    if edit is not None:
        t = time.perf_counter()
        again = render_docs(report.corpus, docs, settings)
        out["rerender_unchanged_s"] = time.perf_counter() - t
        out["rerender_unchanged_written"] = len(again.written)

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
    parser.add_argument("--without-extras", action="store_true", help="what-if: render no matrix or timeline page")
    args = parser.parse_args()
    json.dump(measure(args.content, args.work, args.edit, without_extras=args.without_extras), sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
