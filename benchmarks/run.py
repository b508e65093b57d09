"""Run every benchmark and write benchmarks/RESULTS.md (`make bench`).

    .venv/bin/python -m benchmarks.run [--quick] [--sizes 100,1000,2000,10000] [--out FILE]

For each size N (synthetic corpora from `benchmarks.corpus`, seed 0):

1. **Stages** in a fresh process per N (`benchmarks.stages`): load, validate +
   anchor, render, their peak memory (maximum resident set size), a re-render
   with nothing changed, and a re-validate + re-render after editing one claim.
2. **MkDocs builds** (N <= 2,000, and N = 1 for the fixed start-up cost), each in
   a fresh process, interleaved and repeated (the fastest run of each counts, as
   the machine is shared):
   * *ours*: `factcheck build`, end to end (validate, render, MkDocs, swap), with
     its default `--jobs` (the CPUs available), and again with `--jobs 1`;
   * *bare*: `mkdocs build` of the same rendered Markdown with a default
     Material configuration (no theme override, no Markdown extensions, default
     plugins) plus our four-entry `nav`: the floor for a build in one process
     (ours with `--jobs 1` cannot beat it; with more jobs it can, as MkDocs' page
     work is then shared among processes);
   * navigation variants at two sizes: MkDocs' default navigation (every page
     listed on every page), every claim in one nav section, and claims in nav
     sections of 100 with Material's `navigation.prune`.
3. **Serve**: `factcheck serve` on a 2,000-claim corpus; the time from saving an
   edited claim until the served page shows the edit.
4. **Anchoring**: quotes in a long source (normalised once, one search per quote)
   and the highlighted source page, at 250 KB to 2 MB.

The numbers are written between the markers in `benchmarks/RESULTS.md`; the notes
around them (profiling, what was changed) are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import itertools
import json
import math
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from benchmarks.corpus import claim_id, edit_claim, generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
PYTHON = sys.executable

TARGET_STAGES_S = 3.0
TARGET_PEAK_MB = 500
TARGET_RATIO = 1.15
TARGET_FLAT = 1.5
TARGET_SERVE_S = 1.5
TARGET_ANCHOR_S = 1.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass

    def version(name: str) -> str:
        try:
            return importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            return "missing"

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(os.cpu_count()),
        "memory": memory,
        "cpu": cpu,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "mkdocs": version("mkdocs"),
        "material": version("mkdocs-material"),
        "pyyaml": version("PyYAML")
        + (" (libyaml)" if getattr(yaml, "__with_libyaml__", False) else " (no libyaml)"),
        "markdown": version("Markdown"),
        "jinja2": version("Jinja2"),
        "pydantic": version("pydantic"),
        "load": ", ".join(f"{x:.2f}" for x in os.getloadavg())
        if hasattr(os, "getloadavg")
        else "?",
    }


# --------------------------------------------------------------------------- configs


def our_config(
    work: Path, docs: Path, extra: dict[str, Any] | None = None, *, name: str = "ours"
) -> Path:
    """The repository's mkdocs.yml with docs_dir and the theme override made absolute."""
    raw = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    raw["docs_dir"] = str(docs)
    raw["site_dir"] = str(work / "site-unused")
    theme = dict(raw.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = str((ROOT / theme["custom_dir"]).resolve())
    raw["theme"] = theme
    for key, value in (extra or {}).items():
        if key == "features":
            theme["features"] = [*theme.get("features", []), *value]
        else:
            raw[key] = value
    path = work / f"{name}.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def bare_config(
    work: Path, docs: Path, *, our_nav: bool, name: str, our_extensions: bool = False
) -> Path:
    """Default MkDocs Material: no theme override, no extensions, default plugins."""
    raw: dict[str, Any] = {
        "site_name": "Bare",
        "docs_dir": str(docs),
        "theme": {"name": "material"},
    }
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    if our_nav:
        raw["nav"] = ours.get("nav")
        raw["not_in_nav"] = ours.get("not_in_nav")
    if our_extensions:
        raw["markdown_extensions"] = ours.get("markdown_extensions")
    path = work / f"{name}.yml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def nav_with_claims(docs: Path, section: int | None) -> list[Any]:
    """Our nav with every claim page in it: one section, or sections of `section` claims."""
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    claims = sorted(
        f"claims/{p.name}" for p in (docs / "claims").glob("*.md") if p.name != "index.md"
    )
    if section is None:
        listed: list[Any] = ["claims/index.md", *claims]
    else:
        listed = ["claims/index.md"] + [
            {f"Claims {i + 1}-{min(i + section, len(claims))}": claims[i : i + section]}
            for i in range(0, len(claims), section)
        ]
    nav = []
    for entry in ours:
        if isinstance(entry, dict) and "Claims" in entry:
            nav.append({"Claims": listed})
        else:
            nav.append(entry)
    return nav


# --------------------------------------------------------------------------- running


def run_timed(args: list[str], *, cwd: Path = ROOT, timeout: float = 1800) -> float:
    """Wall-clock seconds of a subprocess; raises with its output if it fails."""
    start = time.perf_counter()
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    return seconds


def stages(
    content: Path, work: Path, edit: int | None, *, without_extras: bool = False
) -> dict[str, Any]:
    args = [PYTHON, "-m", "benchmarks.stages", str(content), str(work)]
    if edit is not None:
        args += ["--edit", str(edit)]
    if without_extras:
        args.append("--without-extras")
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    if done.returncode != 0:
        raise RuntimeError(f"stages failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


STUB_EXTRAS = """
import sys
import generator.render.matrix_timeline_pages as extras
import generator.render.docs as render
stub = b"---\\ntitle: Stub\\n---\\n\\n# Stub\\n\\nA what-if: this page left out.\\n"
render.extra_page_producers = lambda corpus, **_: {extras.MATRIX_PAGE: lambda: stub, extras.TIMELINE_PAGE: lambda: stub}
from generator.cli import main
sys.argv = ["factcheck", *sys.argv[1:]]
main()
"""
"""`factcheck` with the matrix and timeline pages replaced by stubs (a what-if)."""


def ours_build(
    content: Path,
    work: Path,
    config: Path,
    docs: Path,
    *,
    stub_extras: bool = False,
    jobs: int | None = None,
) -> float:
    """`factcheck build`, end to end, from an empty docs folder into a new site folder
    (`jobs`: its `--jobs`; None for its default)."""
    shutil.rmtree(docs, ignore_errors=True)
    site = work / "site-ours"
    shutil.rmtree(site, ignore_errors=True)
    command = [PYTHON, "-c", STUB_EXTRAS] if stub_extras else [PYTHON, "-m", "generator"]
    jobs_option = [] if jobs is None else ["--jobs", str(jobs)]
    return run_timed(
        [
            *command,
            "build",
            "--content",
            str(content),
            "--site-dir",
            str(site),
            "--config",
            str(config),
            *jobs_option,
        ]
    )


def mkdocs_build(config: Path, site: Path, *, our_theme: bool = False) -> float:
    """Seconds of MkDocs' build of `config` into `site`: `mkdocs build`, or with
    `our_theme` (a config of `our_config`) MkDocs with our theme's adjustments."""
    shutil.rmtree(site, ignore_errors=True)
    if our_theme:
        return run_timed([PYTHON, "-m", "benchmarks.mkdocs_only", str(config), str(site)])
    return run_timed(
        [
            PYTHON,
            "-m",
            "mkdocs",
            "build",
            "--quiet",
            "--config-file",
            str(config),
            "--site-dir",
            str(site),
        ]
    )


def html_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*.html"))


@dataclass
class Builds:
    n: int
    ours: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    ours_html: int = 0
    serial: list[float] = field(default_factory=list)
    bare_html: int = 0
    bare_extensions: float | None = None
    stubbed_ours: float | None = None
    stubbed_bare: float | None = None
    variants: dict[str, float] = field(default_factory=dict)
    variant_html: dict[str, int] = field(default_factory=dict)


def measure_builds(
    n: int,
    content: Path,
    work: Path,
    repeat: int,
    variants: bool,
    *,
    what_if: bool = False,
    main: bool = True,
) -> Builds:
    docs = work / "docs-build"
    config = our_config(work, docs)
    result = Builds(n)
    bare = bare_config(work, docs, our_nav=True, name="bare")
    if what_if:
        log(f"N={n}: what-if without the matrix and timeline pages: our build, then bare")
        result.stubbed_ours = ours_build(content, work, config, docs, stub_extras=True)
        result.stubbed_bare = mkdocs_build(bare, work / "site-bare")
    for round_ in range(repeat if main else 0):
        log(f"N={n}: our build, round {round_ + 1}")
        result.ours.append(ours_build(content, work, config, docs))
        result.ours_html = html_bytes(work / "site-ours")
        log(f"N={n}: our build with --jobs 1, round {round_ + 1}")
        result.serial.append(ours_build(content, work, config, docs, jobs=1))
        log(f"N={n}: bare MkDocs Material build, round {round_ + 1}")
        result.bare.append(mkdocs_build(bare, work / "site-bare"))
        result.bare_html = html_bytes(work / "site-bare")
    if main:
        log(f"N={n}: bare MkDocs Material with our Markdown extensions")
        result.bare_extensions = mkdocs_build(
            bare_config(work, docs, our_nav=True, name="bare-ext", our_extensions=True),
            work / "site-bare",
        )
    else:  # the variants below need the rendered Markdown
        ours_build(content, work, config, docs)
    if variants:
        cases = {
            "bare, default nav (every page listed)": bare_config(
                work, docs, our_nav=False, name="bare-autonav"
            ),
            "ours, every claim in one nav section": our_config(
                work,
                docs,
                {
                    "nav": nav_with_claims(docs, None),
                    "not_in_nav": "/sources/*.md\n",
                    "strict": False,
                },
                name="one-section",
            ),
            "ours, claims in nav sections of 100 + navigation.prune": our_config(
                work,
                docs,
                {
                    "nav": nav_with_claims(docs, 100),
                    "not_in_nav": "/sources/*.md\n",
                    "features": ["navigation.prune"],
                    "strict": False,
                },
                name="pruned",
            ),
        }
        for name, cfg in cases.items():
            log(f"N={n}: variant {name}")
            site = work / "site-variant"
            result.variants[name] = mkdocs_build(cfg, site, our_theme=name.startswith("ours"))
            result.variant_html[name] = html_bytes(site)
        result.variants["ours (claims and sources kept out of the nav), MkDocs only"] = (
            mkdocs_build(
                our_config(work, docs, {"strict": False}, name="ours-mkdocs-only"),
                work / "site-variant",
                our_theme=True,
            )
        )
        result.variant_html["ours (claims and sources kept out of the nav), MkDocs only"] = (
            html_bytes(work / "site-variant")
        )
    shutil.rmtree(work / "site-variant", ignore_errors=True)
    return result


def startup_needed(builds: dict[int, Builds], ours_startup: float) -> float | None:
    """The largest fixed start-up with which time per claim would be flat within
    TARGET_FLAT at every measured size, keeping the rest of each build (its time beyond
    `ours_startup`) as measured; None if no start-up would do.

    With V(n) the variable part and s the start-up, every pair of sizes a, b needs
    (V(a) + s) / a <= F (V(b) + s) / b, i.e. s (b - F a) <= F a V(b) - b V(a).
    """
    variable = {n: min(b.ours) - ours_startup for n, b in builds.items()}
    upper, lower = math.inf, 0.0
    for a, b in itertools.permutations(variable, 2):
        weight, bound = b - TARGET_FLAT * a, TARGET_FLAT * a * variable[b] - b * variable[a]
        if weight > 0:
            upper = min(upper, bound / weight)
        elif weight < 0:
            lower = max(lower, bound / weight)
    return upper if lower <= upper else None


def startup_floor_row(builds: dict[int, Builds], startup: dict[str, float]) -> str:
    """Whether any start-up MkDocs allows could meet the flatness target: bare MkDocs' own
    start-up in place of ours, with the rest of our builds as measured."""
    shifted = {n: (min(b.ours) - startup["ours"] + startup["bare"]) / n for n, b in builds.items()}
    flat = max(shifted.values()) / min(shifted.values())
    needed = startup_needed(builds, startup["ours"])
    reach = (
        "no start-up would do" if needed is None else f"needs a start-up of at most {needed:.2f} s"
    )
    return (
        f"| (for comparison) the same, had our build only bare MkDocs' start-up ({startup['bare']:.2f} s) as fixed cost | "
        f"{flat:.2f}x; within {TARGET_FLAT}x {reach} | — |"
    )


def bare_flat_row(builds: dict[int, Builds]) -> str:
    """Bare MkDocs Material's own time per claim over the same sizes: the flatness of the
    floor the issue names ("the floor our build cannot beat")."""
    per = {n: min(b.bare) / n * 1000 for n, b in builds.items()}
    shown = ", ".join(f"{per[n]:.1f} ms at {n:,}" for n in sorted(per))
    flat = max(per.values()) / min(per.values())
    return (
        f"| (for comparison) bare MkDocs Material's own time per claim | {shown}: {flat:.2f}x | — |"
    )


def floor_row(n: int, stage: dict[str, Any]) -> str:
    """The libraries' floor (`benchmarks/floor.py`) beside our stages, from the same process."""
    f = stage["floor"]
    return (
        f"| (for comparison) the libraries' floor at {n:,} claims, one process (`benchmarks/floor.py`: "
        f"PyYAML's C loader on every file, Python-Markdown on every analysis, a six-line Jinja page per claim, "
        f"written; no checks, no other page) | {f['total_s']:.2f} s: YAML {f['yaml_s']:.2f} s, Markdown "
        f"{f['markdown_s']:.2f} s, Jinja {f['jinja_s']:.2f} s, writing {f['write_s']:.2f} s (ours in one "
        f"process: {stage['total_s']:.2f} s) | — |"
    )


def measure_startup(work: Path, repeat: int) -> dict[str, float]:
    """The fixed cost of a build: ours (default `--jobs`, and `--jobs 1`) and bare, of one claim."""
    content = work / "content"
    generate(content, 1)
    docs = work / "docs-build"
    config, bare = our_config(work, docs), bare_config(work, docs, our_nav=True, name="bare")
    times: dict[str, list[float]] = {"ours": [], "ours_serial": [], "bare": []}
    for round_ in range(repeat):
        log(f"start-up: one-claim builds, round {round_ + 1}")
        times["ours"].append(ours_build(content, work, config, docs))
        times["ours_serial"].append(ours_build(content, work, config, docs, jobs=1))
        times["bare"].append(mkdocs_build(bare, work / "site-bare"))
    return {name: min(values) for name, values in times.items()}


# --------------------------------------------------------------------------- serve


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def measure_serve(n: int, work: Path, edits: int) -> dict[str, Any]:
    content = work / "content"
    shutil.rmtree(content, ignore_errors=True)
    generate(content, n)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = work / "serve.log"
    start = time.perf_counter()
    with open(log_path, "w") as log_file:
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "generator",
                "serve",
                "--content",
                str(content),
                "--dev-addr",
                f"127.0.0.1:{port}",
            ],
            cwd=ROOT,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    latencies: list[float] = []
    complete: list[float] = []
    rapid: list[float] = []

    def edit_and_wait(index: int, k: int, *, everything: bool) -> None:
        page = f"{base}/claims/{claim_id(index)}/"
        if fetch(page) is None:
            raise RuntimeError(f"{page} is not served")
        marker = f"edit-{k}-{time.time_ns()}"
        t = time.perf_counter()
        edit_claim(content, index, marker)
        targets = [page, f"{base}/api/claims.json"] if everything else [page]
        for n, url in enumerate(targets):
            while True:
                body = fetch(url)
                if body is not None and marker in body:
                    break
                if time.perf_counter() - t > 120:
                    raise RuntimeError(f"the edit never showed in {url}:\n" + log_path.read_text())
                time.sleep(
                    0.005 if n == 0 else 0.05
                )  # api/claims.json is megabytes: poll it gently
            (latencies if n == 0 else complete).append(time.perf_counter() - t)

    try:
        while fetch(base + "/") is None:
            if proc.poll() is not None or time.perf_counter() - start > 600:
                raise RuntimeError("serve did not start:\n" + log_path.read_text())
            time.sleep(0.2)
        ready = time.perf_counter() - start
        for k in range(edits):
            time.sleep(0.5)
            edit_and_wait(11 + 97 * k, k, everything=True)
            log(
                f"serve N={n}: edit {k + 1} visible after {latencies[-1]:.2f} s, whole site after {complete[-1]:.2f} s"
            )
        for k in range(
            edits
        ):  # the next edit as soon as the last one shows: the rest is still rendering
            edit_and_wait(13 + 89 * k, 100 + k, everything=False)
            rapid.append(latencies.pop())
            log(f"serve N={n}: quick edit {k + 1} visible after {rapid[-1]:.2f} s")
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    rebuilds = [line for line in log_path.read_text().splitlines() if line.startswith("rebuilt")]
    return {
        "n": n,
        "ready_s": ready,
        "latencies": latencies,
        "complete": complete,
        "rapid": rapid,
        "log": rebuilds,
        "exit": proc.returncode,
    }


# --------------------------------------------------------------------------- anchoring


def measure_anchoring(sizes: list[tuple[int, int]]) -> list[dict[str, Any]]:
    code = r"""
import json, sys, time
from pathlib import Path
from benchmarks.corpus import big_source
from generator.corpus.anchor import AnchoredSource, Found
from generator.corpus.read import split_paragraphs
from generator.corpus.models import SourceDoc, SourceMeta
from generator.render.highlight import QuoteUse, highlighted_paragraphs
from generator.render.markup import SafeMarkdown
out = []
for size, quotes in json.loads(sys.argv[1]):
    body, passages = big_source(size, quotes)
    paragraphs = split_paragraphs(body, 1)
    t = time.perf_counter()
    source = AnchoredSource(body, paragraphs)
    prepared = time.perf_counter() - t
    t = time.perf_counter()
    found = [source.find(q) for q in passages]
    searched = time.perf_counter() - t
    assert all(isinstance(f, Found) for f in found)
    meta = SourceMeta(title="Big", outlet="unknown", published="unknown", retrieved="unknown", language="en")
    doc = SourceDoc("big", Path("big.md"), meta, body, paragraphs)
    uses = [QuoteUse.of(f.anchor, f"claim-{i % 50}") for i, f in enumerate(found)]
    t = time.perf_counter()
    highlighted_paragraphs(doc, uses, lambda claim: SafeMarkdown(claim))
    highlighted = time.perf_counter() - t
    out.append({"bytes": len(body.encode()), "quotes": quotes, "paragraphs": len(paragraphs),
                "normalise_s": prepared, "find_s": searched, "anchor_s": prepared + searched,
                "highlight_s": highlighted})
print(json.dumps(out))
"""
    done = subprocess.run(
        [PYTHON, "-c", code, json.dumps(sizes)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-3000:])
    result: list[dict[str, Any]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --------------------------------------------------------------------------- report


def _rerender(s: dict[str, Any]) -> str:
    if "rerender_unchanged_s" not in s:
        return "-"
    return f"{s['rerender_unchanged_s']:.2f} s, {s['rerender_unchanged_written']} written"


def _default_jobs() -> int:
    from generator.render.files import default_jobs

    return default_jobs()


def verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def report(
    info: dict[str, str],
    stage_runs: dict[int, dict[str, Any]],
    whatif: dict[int, dict[str, Any]],
    builds: dict[int, Builds],
    nav_only: dict[int, Builds],
    serve: dict[str, Any] | None,
    anchoring: list[dict[str, Any]],
    wall: float,
    args: argparse.Namespace,
    startup: dict[str, float] | None = None,
) -> str:
    lines: list[str] = []
    add = lines.append
    add(
        f"Measured {info['date']} by `python -m benchmarks.run{' --quick' if args.quick else ''}` in {wall / 60:.1f} minutes."
    )
    add("")
    add("| machine | |")
    add("| --- | --- |")
    add(f"| CPU | {info['cpu']}, {info['nproc']} cores (`nproc`) |")
    add(f"| memory | {info['memory']} |")
    add(
        f"| OS | {info['os']}; load average at start {info['load']} (a shared machine: ratios are taken within one run) |"
    )
    add(f"| Python | {info['python']} |")
    add(f"| MkDocs / Material | {info['mkdocs']} / {info['material']} |")
    add(
        f"| PyYAML / Markdown / Jinja2 / pydantic | {info['pyyaml']} / {info['markdown']} / {info['jinja2']} / {info['pydantic']} |"
    )
    add("")

    # -- targets
    add("### Targets")
    add("")
    add("| target | measured | |")
    add("| --- | --- | --- |")
    big = max(stage_runs) if stage_runs else None
    if big is not None:
        s = stage_runs[big]
        best = min(s["total_s"], s["total_parallel_s"])
        add(
            f"| load + validate + render of {big:,} claims < {TARGET_STAGES_S:g} s | {s['total_parallel_s']:.2f} s with {s['jobs']} rendering processes "
            f"(`factcheck build`'s default here), {s['total_s']:.2f} s in one | {verdict(best < TARGET_STAGES_S)} |"
        )
        add(
            f"| peak memory of that < {TARGET_PEAK_MB} MB | {s['peak_rss_mb']:.0f} MB in one process (max RSS); with {s['jobs']} workers, each worker "
            f"peaks at {s['peak_rss_workers_mb']:.0f} MB, most of it pages shared with the parent | {verdict(s['peak_rss_mb'] < TARGET_PEAK_MB)} |"
        )
        add(
            f"| PyYAML's C loader used | `{s['yaml_loader']}` | {verdict(s['yaml_loader'].endswith('CSafeLoader'))} |"
        )
        if "floor" in s:
            add(floor_row(big, s))
    if builds:
        top = max(builds)
        b = builds[top]
        ratio = min(b.ours) / min(b.bare)
        serial = (
            f"; with `--jobs 1`, {min(b.serial):.1f} s = {min(b.serial) / min(b.bare):.2f}x"
            if b.serial
            else ""
        )
        add(
            f"| full build at {top:,} claims <= {TARGET_RATIO}x bare MkDocs Material | {min(b.ours):.1f} s / {min(b.bare):.1f} s = {ratio:.2f}x "
            f"with {_default_jobs()} processes (`factcheck build`'s default here){serial} | {verdict(ratio <= TARGET_RATIO)} |"
        )
        per = {n: min(x.ours) / n * 1000 for n, x in builds.items()}
        if len(per) > 1:
            flat = max(per.values()) / min(per.values())
            shown = ", ".join(f"{per[n]:.1f} ms at {n:,}" for n in sorted(per))
            serial_per = {n: min(x.serial) / n * 1000 for n, x in builds.items() if x.serial}
            serial_flat = (
                f"; with `--jobs 1`, {max(serial_per.values()) / min(serial_per.values()):.2f}x"
                if len(serial_per) > 1
                else ""
            )
            fixed = (
                f"; start-up (a build of one claim): {startup['ours']:.2f} s, {startup['ours_serial']:.2f} s with `--jobs 1`, bare {startup['bare']:.2f} s"
                if startup
                else ""
            )
            add(
                f"| time per claim flat from {min(per):,} to {max(per):,} claims (within {TARGET_FLAT}x) | {shown}: {flat:.2f}x{serial_flat}{fixed} | {verdict(flat <= TARGET_FLAT)} |"
            )
            if startup:
                add(startup_floor_row(builds, startup))
            if all(b.bare for b in builds.values()):
                add(bare_flat_row(builds))
            ns = sorted(builds)
            if len(ns) >= 3:
                slopes = [
                    (min(builds[b2].ours) - min(builds[b1].ours)) / (b2 - b1) * 1000
                    for b1, b2 in itertools.pairwise(ns)
                ]
                shown = ", ".join(
                    f"{s:.1f} ms ({b1:,}->{b2:,})"
                    for s, b1, b2 in zip(slopes, ns, ns[1:], strict=False)
                )
                add(
                    f"| (for comparison) marginal time per added claim | {shown}: {max(slopes) / min(slopes):.2f}x | — |"
                )
    for n, s in sorted(stage_runs.items()):
        if "edit_written" in s:
            extra = (
                ""
                if not s["edit_other_mtimes_changed"]
                else f"; other files touched: {s['edit_other_mtimes_changed'][:5]}"
            )
            ok = not s["edit_other_mtimes_changed"] and s.get("rerender_unchanged_written", 0) == 0
            add(
                f"| editing one claim of {n:,} rewrites only changed files | {len(s['edit_written'])} written ({', '.join(s['edit_written'][:6])}){extra} | {verdict(ok)} |"
            )
    if serve and serve["latencies"]:
        both = serve["latencies"] + serve["rapid"]
        worst = max(both)
        add(
            f"| `factcheck serve`, {serve['n']:,} claims: edit visible < {TARGET_SERVE_S} s | median {statistics.median(both):.2f} s, worst {worst:.2f} s of {len(both)} edits | {verdict(worst < TARGET_SERVE_S)} |"
        )
    for a in anchoring:
        if a["bytes"] >= 900_000 and a["quotes"] >= 1000:
            add(
                f"| anchoring {a['quotes']:,} quotes in a {a['bytes'] / 1e6:.1f} MB source well under {TARGET_ANCHOR_S:g} s | {a['anchor_s']:.3f} s | {verdict(a['anchor_s'] < TARGET_ANCHOR_S / 2)} |"
            )
            break
    add("")

    # -- stages
    add("### Stages (one fresh process per size)")
    add("")
    jobs = next((s["jobs"] for s in stage_runs.values()), 2)
    add(
        f"| claims | sources | quotes | load | validate + anchor | render | total | per claim | render, {jobs} processes | total, {jobs} processes | peak RSS (one process) | files | re-render, nothing changed |"
    )
    add(
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    )
    for label, s in [(f"{n:,}", s) for n, s in sorted(stage_runs.items())] + [
        (f"{n:,}, without the matrix and timeline pages (what-if)", s)
        for n, s in sorted(whatif.items())
    ]:
        n = s["claims"]
        add(
            f"| {label} | {s['sources']:,} | {s['citations']:,} | {s['load_s']:.2f} s | {s['validate_s']:.2f} s | {s['render_s']:.2f} s "
            f"| {s['total_s']:.2f} s | {s['total_s'] / n * 1000:.2f} ms | {s['render_parallel_s']:.2f} s | {s['total_parallel_s']:.2f} s "
            f"| {s['peak_rss_mb']:.0f} MB | {s['files']:,} | {_rerender(s)} |"
        )
    add("")
    floors = [(n, s["floor"]) for n, s in sorted(stage_runs.items()) if "floor" in s]
    if floors:
        add(
            "The libraries' floor, in the same processes (`benchmarks/floor.py`: only reading the files with PyYAML's C loader, "
            "Python-Markdown on the analyses, a minimal Jinja page per claim and writing it; no check, no other page):"
        )
        add("")
        add(
            "| claims | YAML (C loader) | Markdown | Jinja | writing | floor | ours, one process | ours / floor |"
        )
        add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, f in floors:
            ours = stage_runs[n]["total_s"]
            add(
                f"| {n:,} | {f['yaml_s']:.2f} s | {f['markdown_s']:.2f} s | {f['jinja_s']:.2f} s | {f['write_s']:.2f} s "
                f"| {f['total_s']:.2f} s | {ours:.2f} s | {ours / f['total_s']:.1f}x |"
            )
        add("")
    add(
        "Where rendering spends its time (seconds, one process, from cold; each file is made when it is written, so the site view is only the arrangement of the corpus):"
    )
    add("")
    runs = [(f"{n:,}", s) for n, s in sorted(stage_runs.items())] + [
        (f"{n:,} w/o matrix", s) for n, s in sorted(whatif.items())
    ]
    parts = list(dict.fromkeys(k for _, s in runs for k in s.get("render_parts", {})))
    add("| claims | " + " | ".join(parts) + " | largest files |")
    add("| ---: | " + " | ".join("---:" for _ in parts) + " | --- |")
    for label, s in runs:
        cells = [f"{s.get('render_parts', {}).get(k, 0.0):.2f}" for k in parts]
        largest = ", ".join(
            f"{path} {size / 1e6:.1f} MB" for size, path in s.get("largest_files", [])
        )
        add(f"| {label} | " + " | ".join(cells) + f" | {largest} |")
    add("")
    add(
        f"Peak RSS includes the interpreter and imports ({stage_runs[min(stage_runs)]['rss_after_import_mb']:.0f} MB before any content is read)."
        if stage_runs
        else ""
    )
    add("")
    edits = {n: s for n, s in stage_runs.items() if "edit_written" in s}
    if edits:
        add("After editing one claim's summary:")
        add("")
        add(
            "| claims | validate (all files read, as `factcheck build`) | validate (`ValidationCache`, as `factcheck serve`) | render | files written |"
        )
        add("| ---: | ---: | ---: | ---: | --- |")
        for n, s in sorted(edits.items()):
            add(
                f"| {n:,} | {s['edit_validate_s']:.2f} s | {s['edit_validate_cached_s']:.2f} s | {s['edit_render_s']:.2f} s | {', '.join(s['edit_written'])} |"
            )
        add("")

    # -- builds
    if builds:
        add("### MkDocs builds (fresh process each; fastest of the rounds)")
        add("")
        add(
            f"| claims | ours, end to end ({_default_jobs()} processes) | ours, `--jobs 1` | bare MkDocs Material | ratio | ratio, `--jobs 1` | ours per claim | bare per claim "
            "| bare + our Markdown extensions | HTML ours / bare |"
        )
        add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for n, b in sorted(builds.items()):
            o, r = min(b.ours), min(b.bare)
            one = min(b.serial) if b.serial else None
            ext = f"{b.bare_extensions:.1f} s" if b.bare_extensions else "-"
            one_cells = (
                f"{one:.1f} s | {r:.1f} s | {o / r:.2f}x | {one / r:.2f}x"
                if one
                else f"- | {r:.1f} s | {o / r:.2f}x | -"
            )
            add(
                f"| {n:,} | {o:.1f} s | {one_cells} | {o / n * 1000:.1f} ms | {r / n * 1000:.1f} ms | {ext} | {b.ours_html / 1e6:.0f} / {b.bare_html / 1e6:.0f} MB |"
            )
        for n, b in sorted(builds.items()):
            if b.stubbed_ours and b.stubbed_bare:
                add(
                    f"| {n:,}, matrix and timeline pages stubbed (what-if, one round) | {b.stubbed_ours:.1f} s | - | {b.stubbed_bare:.1f} s "
                    f"| {b.stubbed_ours / b.stubbed_bare:.2f}x | - | {b.stubbed_ours / n * 1000:.1f} ms | {b.stubbed_bare / n * 1000:.1f} ms | - | - |"
                )
        add("")
        add(
            "*Ours* is `factcheck build` (validate, render, strict MkDocs build with our theme override and "
            "Markdown extensions, sitemap, atomic swap), including interpreter start-up, with its default `--jobs` "
            "(MkDocs' page work shared among that many forked processes) and with `--jobs 1` (everything in one "
            "process, as MkDocs itself works). *Bare* is `mkdocs build` of the same rendered Markdown with "
            "`theme: material` and nothing else but our four-entry `nav` (without it MkDocs lists every page on "
            "every page: see below)."
        )
        add("")
        with_variants = {n: b for n, b in {**builds, **nav_only}.items() if b.variants}
        if with_variants:
            add("Navigation (MkDocs only, same Markdown):")
            add("")
            names = list(next(iter(with_variants.values())).variants)
            add("| claims | " + " | ".join(names) + " |")
            add("| ---: | " + " | ".join("---:" for _ in names) + " |")
            for n, b in sorted(with_variants.items()):
                cells = [
                    f"{b.variants[name]:.1f} s ({b.variants[name] / n * 1000:.1f} ms/claim, {b.variant_html[name] / 1e6:.0f} MB)"
                    for name in names
                ]
                add(f"| {n:,} | " + " | ".join(cells) + " |")
            add("")

    # -- serve
    if serve:
        add("### `factcheck serve`")
        add("")
        add(
            f"{serve['n']:,} claims; the first (full) build was served after {serve['ready_s']:.1f} s."
        )
        add("")
        add("| | latencies |")
        add("| --- | --- |")
        add(
            f"| edit -> its claim page shows it (edits 5 s apart) | {', '.join(f'{x:.2f} s' for x in serve['latencies'])} |"
        )
        add(
            f"| edit -> `api/claims.json` shows it too (the rest of the site) | {', '.join(f'{x:.2f} s' for x in serve['complete'])} |"
        )
        add(
            f"| edit made as soon as the previous one showed (its rest still rendering) -> its page shows it | {', '.join(f'{x:.2f} s' for x in serve['rapid'])} |"
        )
        add("")
        add(
            "Each latency runs from saving the claim file to an HTTP fetch that shows the edit: noticing the change "
            "(inotify), validating (only the changed file is read and judged again), rendering the edited claim's page, "
            "MkDocs' dirty build; then the rest of the site renders in a separate process and a second dirty build "
            "publishes it. The server's own log:"
        )
        add("")
        add("```")
        lines.extend(serve["log"])
        add("```")
        add("")

    # -- anchoring
    if anchoring:
        add("### Quote anchoring in one long source")
        add("")
        add(
            "| source | paragraphs | quotes | normalise (once) | find all quotes | total | per quote | highlighted page |"
        )
        add("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        for a in anchoring:
            add(
                f"| {a['bytes'] / 1e6:.2f} MB | {a['paragraphs']:,} | {a['quotes']:,} | {a['normalise_s']:.3f} s | {a['find_s']:.3f} s "
                f"| {a['anchor_s']:.3f} s | {a['find_s'] / a['quotes'] * 1e6:.0f} µs | {a['highlight_s']:.3f} s |"
            )
        add("")
    return "\n".join(lines)


def write_results(body: str, path: Path) -> None:
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:
        head, rest = old.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
    else:
        head, tail = "# Benchmark results\n\n", "\n"
    path.write_text(f"{head}{BEGIN}\n{body}\n{END}{tail}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,2000,10000", help="corpus sizes (claims)")
    parser.add_argument(
        "--mkdocs-max", type=int, default=2000, help="largest size with MkDocs builds"
    )
    parser.add_argument("--variants", default="100,500", help="sizes with the navigation variants")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of each MkDocs build")
    parser.add_argument(
        "--serve", type=int, default=2000, help="corpus size for the serve latency (0: skip)"
    )
    parser.add_argument("--edits", type=int, default=5, help="edits timed in serve")
    parser.add_argument(
        "--quick", action="store_true", help="sizes 100 and 1,000; one round; serve at 1,000"
    )
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--keep", action="store_true", help="keep the work folder")
    args = parser.parse_args()
    if args.quick:
        args.sizes, args.variants, args.repeat, args.serve, args.edits = (
            "100,1000",
            "100",
            1,
            1000,
            2,
        )
    sizes = [int(x) for x in args.sizes.split(",") if x]
    variant_sizes = {int(x) for x in args.variants.split(",") if x}
    info = machine()
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="factcheck-bench-"))
    log(f"work folder {work}")
    stage_runs: dict[int, dict[str, Any]] = {}
    whatif: dict[int, dict[str, Any]] = {}
    builds: dict[int, Builds] = {}
    nav_only: dict[int, Builds] = {}
    startup = None
    try:
        if args.mkdocs_max:
            startup = measure_startup(work / "startup", args.repeat)
            shutil.rmtree(work / "startup", ignore_errors=True)
        for n in sizes:
            here = work / str(n)
            content = here / "content"
            t = time.perf_counter()
            generate(content, n)
            log(f"N={n}: corpus written in {time.perf_counter() - t:.1f} s; timing the stages")
            stage_runs[n] = stages(
                content, here / "stages", edit=n // 2 if n <= args.mkdocs_max else None
            )
            s = stage_runs[n]
            log(
                f"N={n}: load {s['load_s']:.2f} s, validate {s['validate_s']:.2f} s, render {s['render_s']:.2f} s, peak {s['peak_rss_mb']:.0f} MB"
            )
            shutil.rmtree(content)
            generate(
                content, n
            )  # the edit above changed one claim: start again from the same bytes
            if n == max(sizes):
                shutil.rmtree(here / "stages", ignore_errors=True)
                whatif[n] = stages(content, here / "stages", edit=None, without_extras=True)
                log(
                    f"N={n} without matrix/timeline: render {whatif[n]['render_s']:.2f} s, peak {whatif[n]['peak_rss_mb']:.0f} MB"
                )
            if n <= args.mkdocs_max:
                top = n == max(x for x in sizes if x <= args.mkdocs_max)
                builds[n] = measure_builds(
                    n, content, here, args.repeat, n in variant_sizes, what_if=top
                )
                b = builds[n]
                log(
                    f"N={n}: ours {min(b.ours):.1f} s, bare {min(b.bare):.1f} s, ratio {min(b.ours) / min(b.bare):.2f}"
                )
            shutil.rmtree(here, ignore_errors=True)
        for n in sorted(variant_sizes - set(sizes)):  # navigation variants at sizes of their own
            here = work / f"nav-{n}"
            generate(here / "content", n)
            nav_only[n] = measure_builds(n, here / "content", here, 0, True, main=False)
            shutil.rmtree(here, ignore_errors=True)
        serve = None
        if args.serve:
            log(f"serve: {args.serve} claims")
            serve = measure_serve(args.serve, work / "serve", args.edits)
        log("anchoring")
        anchoring = measure_anchoring([(250_000, 250), (1_000_000, 1_000), (2_000_000, 2_000)])
        body = report(
            info,
            stage_runs,
            whatif,
            builds,
            nav_only,
            serve,
            anchoring,
            time.perf_counter() - started,
            args,
            startup,
        )
        write_results(body, args.out)
        log(f"wrote {args.out} in {(time.perf_counter() - started) / 60:.1f} minutes")
        print(body)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
