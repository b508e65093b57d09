#!/usr/bin/env python3
"""How does search behave in the offline bundle (file://) as the site grows?

Generates synthetic content (half claims, half sources, valid: every quote is
verbatim in its source), runs the real pipeline (`generator.commands.build.build`,
offline bundle included), unzips the bundle and drives Debian's Chromium from
file:// to time:

* first paint of index.html (`load` event),
* search ready: Material fetches `search/search_index.js` and its worker
  (through the iframe-worker shim) builds the lunr index; until then a query
  is not answered,
* a query for a rare word (one claim) and a common word (hundreds of hits),
* the same on a claim page: from file:// every page load rebuilds the index.

Usage (from the checkout, after `make vendor`):

    .venv/bin/python scripts/bench_offline_search.py --pages 2000 [--pages 500 ...]

Prints a Markdown table. Nothing leaves the machine: the browser's requests are
checked to stay inside the unzipped bundle.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.browserkit import CHROMIUM_ARGS  # noqa: E402 - after the path above

STATUSES = ["true", "mostly-true", "mixed", "mostly-false", "false", "misleading", "unproven"]
SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "to",
    "vi",
    "de",
    "ga",
    "po",
    "li",
    "ban",
    "dor",
    "sek",
    "tun",
]
COMMON = [
    "regiment",
    "ceremony",
    "governor",
    "deployment",
    "casualties",
    "operation",
    "border",
    "report",
]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def _sentence(rng: random.Random, words: int) -> str:
    out = [rng.choice(COMMON) if rng.random() < 0.08 else _word(rng) for _ in range(words)]
    return " ".join(out).capitalize() + "."


def write_content(root: Path, pages: int, seed: int = 1) -> tuple[Path, str]:
    """`pages // 2` sources and as many claims; returns the folder and a rare search word."""
    rng = random.Random(seed)
    content = root / "content"
    (content / "claims").mkdir(parents=True)
    (content / "sources").mkdir(parents=True)
    n = max(1, pages // 2)
    rare = ""
    for i in range(n):
        sid = f"source-{i:05d}"
        paragraphs = [
            " ".join(_sentence(rng, rng.randint(10, 22)) for _ in range(4)) for _ in range(6)
        ]
        (content / "sources" / f"{sid}.md").write_text(
            "---\n"
            f'title: "Synthetic report {i}: {_word(rng)} {_word(rng)}"\n'
            "outlet: Synthetic Wire\n"
            "published: 2025-12-01\n"
            "retrieved: 2026-01-01\n"
            "language: en\n"
            "---\n" + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )
        marker = f"zq{i:05d}x"  # one claim only: the rare word
        if i == n // 2:
            rare = marker
        quotes = [" ".join(p.split(". ")[1].split()[:8]) for p in paragraphs[:3]]
        citations = "".join(
            f"  - source: {sid}\n    quote: {json.dumps(q)}\n    stance: {s}\n"
            for q, s in zip(quotes, ["supports", "refutes", "context"], strict=True)
        )
        analysis = "\n\n".join(_sentence(rng, 40) for _ in range(3))
        (content / "claims" / f"claim-{i:05d}.yaml").write_text(
            f"question: Did {_word(rng)} {marker} report {i}?\n"
            f"claim: The {_word(rng)} {marker} says {i}.\n"
            "claimant: Synthetic claimant\n"
            f"appears_in: [{sid}]\n"
            f"status: {STATUSES[i % len(STATUSES)]}\n"
            f"summary: {json.dumps(_sentence(rng, 25))}\n"
            f"citations:\n{citations}"
            f"analysis: |\n  " + analysis.replace("\n", "\n  ") + "\n"
            "tags: [synthetic]\n"
            "published: 2026-11-01\n"
            "updated: 2026-11-20\n",
            encoding="utf-8",
        )
    return content, rare


def _answered(page: object, box: object, word: str, deadline: float) -> None:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    while True:
        box.fill("")  # type: ignore[attr-defined]
        box.fill(word)  # type: ignore[attr-defined]
        box.press("End")  # type: ignore[attr-defined]  # Material reads the query on keyup
        try:
            page.wait_for_function(  # type: ignore[attr-defined]
                "() => document.querySelectorAll('.md-search-result__item').length > 0",
                timeout=250,
                polling=10,
            )
            return
        except PlaywrightTimeout:
            if time.perf_counter() > deadline:
                raise


def measure(bundle: Path, rare: str, common: str, runs: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    root = bundle.as_uri() + "/"
    results: dict[str, list[float]] = {}
    outside: list[str] = []
    with sync_playwright() as pw:
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as profile:
                ctx = pw.chromium.launch_persistent_context(
                    profile,
                    executable_path="/usr/bin/chromium",
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport={"width": 1280, "height": 800},
                )
                ctx.on(
                    "request",
                    lambda r: (
                        None
                        if r.url.startswith((root, "data:", "blob:", "about:"))
                        else outside.append(r.url)
                    ),
                )
                page = ctx.pages[0] if ctx.pages else ctx.new_page()
                for label, url in (
                    ("home", root + "index.html"),
                    ("claim", root + "claims/claim-00000.html"),
                ):
                    t0 = time.perf_counter()
                    page.goto(url, wait_until="load")
                    results.setdefault(f"{label}: load", []).append(time.perf_counter() - t0)
                    box = page.locator("input.md-search__input")
                    box.click()
                    # Material ignores a query typed before its worker has built the index,
                    # so "ready" is when a query first gets an answer (retyped every 250 ms).
                    _answered(page, box, rare, deadline=time.perf_counter() + 180)
                    results.setdefault(f"{label}: first answer", []).append(
                        time.perf_counter() - t0
                    )
                    for kind, word in (("rare", rare), ("common", common)):
                        box.fill("")
                        box.press("End")
                        page.wait_for_function(
                            "() => document.querySelectorAll('.md-search-result__item').length === 0"
                        )
                        t1 = time.perf_counter()
                        box.fill(word)
                        box.press("End")
                        page.wait_for_function(
                            "() => document.querySelectorAll('.md-search-result__item').length > 0",
                            timeout=120_000,
                            polling=10,
                        )
                        results.setdefault(f"{label}: query {kind}", []).append(
                            time.perf_counter() - t1
                        )
                    hits = page.locator(".md-search-result__meta").inner_text()
                    digits = re.findall(r"\d[\d,]*", hits)
                    results.setdefault("common-word hits", []).append(
                        float(digits[0].replace(",", "")) if digits else -1
                    )
                ctx.close()
    if outside:
        raise SystemExit(f"requests left the bundle: {outside[:5]}")
    return {k: statistics.median(v) for k, v in results.items()}


def run(pages: int, runs: int, keep: Path | None) -> dict[str, object]:
    from generator.commands.build import build

    with tempfile.TemporaryDirectory(prefix="bench-") as tmp_name:
        tmp = keep or Path(tmp_name)
        content, rare = write_content(tmp, pages)
        t = time.perf_counter()
        result = build(
            content,
            tmp / "site",
            offline=True,
            dist_dir=tmp / "dist",
            config=ROOT / "mkdocs.yml",
            docs_dir=tmp / "docs",
        )
        total = time.perf_counter() - t
        assert result.bundle is not None
        zip_path = result.bundle.path
        unzip = tmp / "unzipped"
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(unzip)
            raw_size = sum(i.file_size for i in zf.infolist())
        (bundle,) = [p for p in unzip.iterdir() if p.is_dir()]
        index_js = bundle / "search" / "search_index.js"
        html_pages = sum(1 for _ in bundle.rglob("*.html"))
        timings = measure(bundle, rare, "regiment", runs)
        return {
            "pages": html_pages,
            "build s": round(total, 1),
            "site s": round(result.site.seconds, 1),
            "bundle s": round(result.bundle.seconds, 1),
            "zip MB": round(zip_path.stat().st_size / 1e6, 1),
            "unzipped MB": round(raw_size / 1e6, 1),
            "index MB": round(index_js.stat().st_size / 1e6, 1),
            **{k: round(v, 2) for k, v in timings.items()},
        }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, action="append", help="synthetic pages (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="browser runs per size (median)")
    parser.add_argument("--keep", type=Path, help="build here and keep it (one size only)")
    args = parser.parse_args()
    rows = [run(p, args.runs, args.keep) for p in (args.pages or [2000])]
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
