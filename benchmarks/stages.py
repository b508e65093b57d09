"""Time the generator's stages on one content folder, in a process of their own.

    python -m benchmarks.stages CONTENT WORK [--edit INDEX] [--jobs N]   -> one JSON object on stdout

Run once per corpus size by `benchmarks.run`, so that peak memory (the process's
maximum resident set size) belongs to that size alone. Stages:

* `load`: read and parse every file (`corpus.read.load_content`);
* `validate`: check and anchor every quote, given the loaded files
  (`corpus.validate.validate_loaded` on the result above);
* `render`: write the whole Markdown tree into an empty folder (`render.docs.render_docs`)
  in this one process (its peak RSS is the memory figure); then again with `--jobs`
  forked workers (`render_parallel_s`; `peak_rss_workers_mb` is the largest worker's
  peak, most of it pages shared with this process); then once more, timing each
  part (`render_parts`: the site view, each kind of file, writing). Each of these
  starts cold (`_cold`), as a fresh `factcheck build` does;
* `rerender_unchanged` (with `--edit`): render again, nothing changed (nothing may be written);
* after editing one claim (`--edit`): validate and render again as `factcheck build`
  does (everything read again), and as `factcheck serve` does (`ValidationCache`),
  with which files were written and whether any other file changed its mtime;
* `floor`: last, the libraries' floor on the same folder (`benchmarks.floor`): what any
  generator on PyYAML, Python-Markdown and Jinja2 spends at the least.
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
    return {
        p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()
    }


def _age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000, 1_000_000_000))


def _cold() -> None:
    """Forget what an earlier render remembered (site view, analyses, highlighted
    sources), so that every timed render starts from nothing, as `factcheck build` does."""
    from generator.render.docs import forget_remembered

    forget_remembered()


def _part(path: str) -> str:
    if path.startswith("claims/") and path != "claims/index.md":
        return "claim pages (with the analysis Markdown)"
    if path.startswith("sources/") and path != "sources/index.md" and "/index/" not in path:
        return "source pages (with the highlighting)"
    if path == "api/claims.json":
        return "api/claims.json"
    if path.startswith("api/") or path == "feed.xml":
        return "exports (feed, api/)"
    if path in ("matrix.md", "timeline.md"):
        return "matrix and timeline pages"
    if path.startswith("assets/"):
        return "assets"
    return "index pages"


def _render_parts(corpus: Any, settings: Any, scratch: Path) -> dict[str, float]:
    """Render once more, timing each part: the site view, each kind of file, and writing."""
    from generator.corpus.gc_pause import gc_paused
    from generator.render.docs import planned_files
    from generator.render.files import write_if_changed

    _cold()
    spent: dict[str, float] = {}
    with gc_paused():
        t = time.perf_counter()
        plan = planned_files(corpus, settings)
        spent["site view"] = time.perf_counter() - t
        writing = 0.0
        for path, make in plan.items():
            t = time.perf_counter()
            data = make()
            done = time.perf_counter()
            part = _part(path)
            spent[part] = spent.get(part, 0.0) + done - t
            write_if_changed(scratch / path, data)
            writing += time.perf_counter() - done
    spent["writing files"] = writing
    return spent


def measure(
    content: Path, work: Path, edit: int | None, *, without_extras: bool = False, jobs: int = 2
) -> dict[str, Any]:
    started = time.perf_counter()
    import importlib

    import yaml

    from generator.corpus.pipeline import validate_content
    from generator.corpus.read import load_content
    from generator.corpus.validate import validate_loaded
    from generator.corpus.validation_cache import ValidationCache
    from generator.render.docs import render_docs
    from generator.render.settings import load_settings

    yamlload: Any = importlib.import_module("generator.corpus.yamlload")
    if without_extras:  # what-if: no matrix or timeline page
        docs: Any = importlib.import_module("generator.render.docs")
        docs.extra_page_producers = lambda corpus, **_: {}

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

    t = time.perf_counter()
    report = validate_loaded(loaded)
    out["validate_s"] = time.perf_counter() - t
    if report.corpus is None:
        raise SystemExit(
            "the synthetic corpus does not validate:\n"
            + "\n".join(p.format() for p in report.problems[:20])
        )
    out["claims"], out["sources"], out["citations"] = (
        report.claims,
        report.sources,
        report.citations,
    )
    out["problems"] = len(report.problems)

    docs = work / "docs"
    _cold()
    t = time.perf_counter()
    result = render_docs(report.corpus, docs, settings, jobs=1)
    out["render_s"] = time.perf_counter() - t
    out["largest_files"] = sorted(
        (
            (p.stat().st_size, p.relative_to(docs).as_posix())
            for p in docs.rglob("*")
            if p.is_file()
        ),
        reverse=True,
    )[:3]
    out["files"] = len(result.written)
    out["docs_bytes"] = sum(p.stat().st_size for p in docs.rglob("*") if p.is_file())
    out["total_s"] = out["load_s"] + out["validate_s"] + out["render_s"]
    out["peak_rss_mb"] = _rss_mb()  # one process did everything so far: its peak is the whole cost

    _cold()
    t = time.perf_counter()
    parallel = render_docs(report.corpus, work / "docs-parallel", settings, jobs=jobs)
    out["jobs"] = jobs
    out["render_parallel_s"] = time.perf_counter() - t
    out["total_parallel_s"] = out["load_s"] + out["validate_s"] + out["render_parallel_s"]
    out["peak_rss_workers_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    out["parallel_same_files"] = parallel.written == result.written
    out["render_parts"] = _render_parts(report.corpus, settings, work / "docs-parts")

    if edit is not None:
        _cold()
        t = time.perf_counter()
        again = render_docs(report.corpus, docs, settings)
        out["rerender_unchanged_s"] = time.perf_counter() - t
        out["rerender_unchanged_written"] = len(again.written)

        from benchmarks.corpus import edit_claim

        cache = ValidationCache()
        validate_content(content, cache=cache)  # warm, as a running `serve` is
        _age(docs)
        before = _mtimes(docs)
        path = edit_claim(content, edit, "an edited summary")
        t = time.perf_counter()
        report = validate_content(content)
        out["edit_validate_s"] = time.perf_counter() - t
        _cold()
        t = time.perf_counter()
        assert report.corpus is not None
        changed = render_docs(report.corpus, docs, settings)
        out["edit_render_s"] = time.perf_counter() - t
        out["edit_written"] = list(changed.written)
        after = _mtimes(docs)
        out["edit_other_mtimes_changed"] = sorted(
            p for p in after if after[p] != before.get(p) and p not in changed.written
        )
        t = time.perf_counter()
        validate_content(content, cache=cache)
        out["edit_validate_cached_s"] = time.perf_counter() - t
        out["edited_file"] = str(path)
    out["peak_rss_end_mb"] = _rss_mb()

    from benchmarks.floor import floor

    out["floor"] = floor(content, work / "floor")  # after the peak RSS above was taken
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("work", type=Path)
    parser.add_argument(
        "--edit", type=int, default=None, help="index of the claim to edit afterwards"
    )
    parser.add_argument(
        "--without-extras", action="store_true", help="what-if: render no matrix or timeline page"
    )
    parser.add_argument("--jobs", type=int, default=2, help="processes for the parallel render")
    args = parser.parse_args()
    json.dump(
        measure(
            args.content, args.work, args.edit, without_extras=args.without_extras, jobs=args.jobs
        ),
        sys.stdout,
    )
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
