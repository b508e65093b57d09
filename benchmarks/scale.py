"""Search and validation at desk scale: the shipped claims copied to N claims (10,000).

    python -m benchmarks.scale [--claims 10000] [--no-write]

Measured once each, on one corpus (`corpus.copy_shipped`: the shipped claims copied with
new ids, each with its citations, over the shipped sources):

1. **Validation.** `factcheck validate`, end to end in a fresh process, against the floor: PyYAML's C loader alone
   (`yaml.CSafeLoader`) on the same files, in this process; alternated, fastest of `ROUNDS`.
2. **Full build.** `factcheck build --offline` (site and bundle, search indexes
   included), wall clock.
3. **Search index.** Its files and size, and whether Pagefind made the same bytes a
   second time over the same site (`search.index_site` run again).
4. **First query** (`benchmarks.search`): on the site served over local HTTP with
   Fast 4G throttling, and in the unzipped bundle from file://, a word of one claim's
   question (`RARE`, shared by that claim's copies only) and a word every claim has
   (`COMMON`, the worst case).

The figures go between their own markers in `benchmarks/RESULTS.md`. Load on the shared
machine varies: compare figures within one run.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpus import copy_shipped
from benchmarks.run import PYTHON, RESULTS, ROOT, our_config, run_timed
from benchmarks.search import first_query_offline, first_query_online

BEGIN, END = "<!-- scale:begin -->", "<!-- scale:end -->"
RARE_CLAIM, RARE = "kursk-monument-to-north-korean-military", "monument"
"""A shipped claim, and a word of its question that no other shipped claim has."""
COMMON = "kursk"
"""A word nearly every shipped claim has."""
TARGET_VALIDATE_S = 3.0
ROUNDS = 3
"""Runs of validation and of its floor, alternated; the fastest of each is reported."""
TARGET_FIRST_QUERY_KB = 500
TARGET_FIRST_RESULT_S = 1.0


def validation_floor(content: Path) -> float:
    """Seconds PyYAML's C loader takes over every claim file and source front matter."""
    start = time.perf_counter()
    for path in sorted((content / "claims").glob("*.yaml")):
        yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
    for path in sorted((content / "sources").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            yaml.load(text[4:].split("\n---\n", 1)[0], Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def tree_digest(folder: Path) -> str:
    """One digest of every file's path and bytes below `folder`."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def measure(claims: int, work: Path) -> dict[str, Any]:
    from generator.publish.config import read_config
    from generator.publish.search import INDEX_FOLDER, index_site

    content = work / "content"
    citations = copy_shipped(content, claims)
    result: dict[str, Any] = {"claims": claims, "citations": citations}
    validate = [PYTHON, "-m", "generator", "validate", "--content", str(content)]
    # Alternated, fastest of three each: the shared machine's speed drifts within minutes.
    validations, floors = [], []
    for _ in range(ROUNDS):
        validations.append(run_timed(validate))
        floors.append(validation_floor(content))
    result["validate_s"], result["floor_s"] = min(validations), min(floors)
    result["validate_rounds_s"], result["floor_rounds_s"] = validations, floors

    docs, site, dist = work / "docs", work / "site", work / "dist"
    config = our_config(work, docs)
    (work / ".cache").mkdir()  # the offline bundle's shim is found beside the config
    (work / ".cache" / "vendor").symlink_to(ROOT / ".cache" / "vendor")
    build = [PYTHON, "-m", "generator", "build", "--content", str(content)]
    build += ["--site-dir", str(site), "--config", str(config), "--offline"]
    result["build_s"] = run_timed([*build, "--dist-dir", str(dist)], timeout=3600)

    index = site / INDEX_FOLDER
    files = [p for p in index.rglob("*") if p.is_file()]
    result["index_files"] = len(files)
    result["index_mb"] = sum(p.stat().st_size for p in files) / 1e6
    first = tree_digest(site / "search")
    start = time.perf_counter()
    index_site(site, read_config(config), offline=False)
    result["index_s"] = time.perf_counter() - start
    result["index_same_bytes"] = tree_digest(site / "search") == first

    (zip_path,) = dist.glob("*.zip")
    bundle_root = work / "bundle"
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(bundle_root)
    (bundle,) = [p for p in bundle_root.iterdir() if p.is_dir()]
    sought = f"claims/{RARE_CLAIM}-"
    result["online_rare"] = attempt(first_query_online, site, RARE, sought)
    result["online_common"] = attempt(first_query_online, site, COMMON, None)
    first_copy = min((content / "claims").glob(f"{RARE_CLAIM}-*.yaml")).stem
    pages = ["index.html", f"claims/{first_copy}.html"]
    result["offline_rare"] = attempt(first_query_offline, bundle, pages, RARE, sought)
    result["offline_common"] = attempt(first_query_offline, bundle, pages, COMMON, None)
    return result


def attempt(measure: Any, *args: Any) -> dict[str, Any]:
    """`measure(*args)`, or what went wrong (a query that timed out is a figure too)."""
    try:
        return dict(measure(*args))
    except Exception as e:  # reported in the results, not raised
        return {"error": f"{type(e).__name__}: {str(e).splitlines()[0]}"}


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(r: dict[str, Any]) -> str:
    failed = [k for k in RUNS if "error" in r[k]]
    if failed:
        return failure_report(r, failed)
    n = f"{r['claims']:,}"
    online = [r["online_rare"], r["online_common"]]
    worst_kb = max(o["search_bytes"] for o in online) / 1000
    worst_online = max(o["found"] or o["first"] for o in online)
    offline_times = [
        q["found"] or q["first"]
        for key in ("offline_rare", "offline_common")
        for name, q in r[key].items()
        if name != "outside_requests"
    ]
    outside = r["offline_rare"]["outside_requests"] + r["offline_common"]["outside_requests"]
    lines = [
        f"## Search and validation at {n} claims (`benchmarks/scale.py`)",
        "",
        f"The shipped claims copied to {n} claims ({r['citations']:,} citations). Measured once;",
        "the machine is shared, so compare figures within this run.",
        "",
        "| target | measured | floor | |",
        "| --- | --- | --- | --- |",
        f"| `factcheck validate` of {n} claims < {TARGET_VALIDATE_S:g} s, every check and line "
        f"number kept | {r['validate_s']:.2f} s ({r['validate_s'] / r['floor_s']:.2f}x the floor), fastest of {ROUNDS}, a fresh process each | PyYAML's C loader alone on the same files, in one process: {r['floor_s']:.2f} s | "
        f"{verdict(r['validate_s'] < TARGET_VALIDATE_S)} |",
        f"| online, first query downloads < {TARGET_FIRST_QUERY_KB} KB (gzipped) | "
        f"{worst_kb:.0f} KB at most ('{RARE}': {online[0]['search_bytes'] / 1000:.0f} KB in "
        f"{online[0]['search_requests']} requests; '{COMMON}': "
        f"{online[1]['search_bytes'] / 1000:.0f} KB in {online[1]['search_requests']}) | the "
        f"worker and one chunk | {verdict(worst_kb < TARGET_FIRST_QUERY_KB)} |",
        f"| online, results within {TARGET_FIRST_RESULT_S:g} s of the page's load (Fast 4G) | "
        f"{worst_online:.2f} s at most ('{RARE}': first result {online[0]['first']:.2f} s, "
        f"the claim {online[0]['found']:.2f} s; '{COMMON}': {online[1]['first']:.2f} s, "
        f"{online[1]['matches']}) | - | {verdict(worst_online < TARGET_FIRST_RESULT_S)} |",
        f"| offline from file://, results within {TARGET_FIRST_RESULT_S:g} s on every page, no "
        f"network request | {max(offline_times):.2f} s at most over the home page and a claim "
        f"page, both words; requests outside the bundle: {len(outside)} | - | "
        f"{verdict(max(offline_times) < TARGET_FIRST_RESULT_S and not outside)} |",
        f"| the index: built at build time, same bytes for the same site | {r['index_files']:,} "
        f"files, {r['index_mb']:.1f} MB; Pagefind alone {r['index_s']:.1f} s; same bytes a "
        f"second time: {'yes' if r['index_same_bytes'] else 'NO'} | - | "
        f"{verdict(r['index_same_bytes'])} |",
        f"| full build at {n} claims (`factcheck build --offline`) | {r['build_s']:.1f} s | - | "
        "reported |",
        "",
        "<details><summary>raw figures</summary>",
        "",
        "```json",
        json.dumps(r, indent=1, sort_keys=True),
        "```",
        "",
        "</details>",
    ]
    return "\n".join(lines)


RUNS = ("online_rare", "online_common", "offline_rare", "offline_common")


def failure_report(r: dict[str, Any], failed: list[str]) -> str:
    """The figures, when a query did not answer in time."""
    lines = [
        f"## Search and validation at {r['claims']:,} claims (`benchmarks/scale.py`)",
        "",
        "**A query failed**: " + "; ".join(f"{k}: {r[k]['error']}" for k in failed),
        "",
        "```json",
        json.dumps(r, indent=1, sort_keys=True),
        "```",
    ]
    return "\n".join(lines)


def write_section(body: str, path: Path) -> None:
    """`body` between this benchmark's markers in `path`, appended the first time."""
    old = path.read_text(encoding="utf-8")
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = old.rstrip("\n") + "\n\n", "\n"
    path.write_text(f"{head}{BEGIN}\n{body}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--no-write", action="store_true", help="print, leave RESULTS.md")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="factcheck-scale-"))
    try:
        figures = measure(args.claims, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    body = report(figures)
    print(body)
    if not args.no_write:
        write_section(body, RESULTS)


if __name__ == "__main__":
    main()
