"""Search at scale: a reader's first query, on the public site and in the offline bundle.

    python -m benchmarks.search --site SITE --bundle UNZIPPED_BUNDLE --claim ID --rare WORD [--common WORD]

Debian's Chromium, driven by Playwright, from a fresh profile each time (nothing cached):

* **Online.** The site is served by a local HTTP server that gzips text as any host
  does (`GzipHandler`), and Chromium's network is throttled through CDP
  (`Network.emulateNetworkConditions`) to Chrome DevTools' "Fast 4G" preset
  (`FAST_4G`), which applies to the search worker's requests too. The home page is
  opened; once its `load` event has fired the word is typed into the search box.
  Measured: from `load` to the first result on screen and to the result for the claim
  sought (times taken in the page), and the bytes the search downloaded on the wire
  (everything under `search/`, gzipped where the server gzips) until every claim the
  result lists is shown.
* **Offline.** The unzipped bundle is opened from file://, the home page and a claim
  page in turn; the same times are taken, and every request must stay inside the
  bundle (none goes to a network).

`rare` is a word of the sought claim's question that few claims share; `common`, one
that every claim has, is the worst case: Pagefind then ranks every claim.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FAST_4G = {
    "offline": False,
    "latency": 60 * 2.75,
    "downloadThroughput": 9_000_000 / 8 * 0.9,
    "uploadThroughput": 1_500_000 / 8 * 0.9,
}
"""Chrome DevTools' "Fast 4G" preset: 165 ms of latency, 9 Mbit/s down and 1.5 up, each
less 10% (the factors are DevTools' own)."""
GZIPPED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")
"""What the test server compresses, as hosts do; Pagefind's chunks are gzip already."""
TIMEOUT_MS = 15_000

PAGE_CLOCK = """
window.__search = {};
addEventListener('load', () => { window.__search.load = performance.now(); });
new MutationObserver(() => {
  const t = window.__search;
  if (!t.first && document.querySelector('.md-search-result__item')) t.first = performance.now();
  if (!t.found && t.sought && document.querySelector(`.md-search-result__list a[href*="${t.sought}"]`))
    t.found = performance.now();
}).observe(document, {childList: true, subtree: true});
"""
"""Times in the page's own clock: `load`, the first result on screen, the sought one."""


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder, gzipping text files for clients that accept it."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in GZIPPED and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """A response body for `SimpleHTTPRequestHandler.do_GET` (it copies, then closes it)."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """`site` on a local HTTP server, gzipping text; yields its address."""
    handler = functools.partial(GzipHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _search(page: Any, word: str, sought: str | None) -> dict[str, Any]:
    """Type `word` once the page has loaded; the page's times, from its `load` event, to
    the first result and (unless None) to a result whose address holds `sought`."""
    page.wait_for_function("() => window.__search.load !== undefined")
    page.evaluate("s => { window.__search.sought = s; }", sought)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(word)
    box.press("End")  # Material reads the query on keyup
    done = "found" if sought else "first"
    page.wait_for_function(f"() => window.__search.{done}", timeout=TIMEOUT_MS)
    clock = page.evaluate("() => window.__search")
    meta = page.locator(".md-search-result__meta").inner_text()
    _wait_for_the_whole_list(page, int(meta.split()[0].replace(",", "")))
    return {
        "first": (clock["first"] - clock["load"]) / 1000,
        "found": (clock["found"] - clock["load"]) / 1000 if sought else None,
        "matches": meta,
    }


def _wait_for_the_whole_list(page: Any, matches: int) -> None:
    """Wait until every claim a result lists is on screen (the first are shown before the
    others are in), so that the bytes counted are the whole query's."""
    from generator.publish.search import RESULTS_LISTED

    entries = min(matches, RESULTS_LISTED) + (matches > RESULTS_LISTED)
    page.wait_for_function(
        "n => document.querySelectorAll('.md-search-result__item').length === n",
        arg=entries,
        timeout=TIMEOUT_MS,
    )


def first_query_online(site: Path, word: str, sought: str | None) -> dict[str, Any]:
    """The first query on the home page of the served `site`, on a Fast 4G network."""
    from playwright.sync_api import sync_playwright

    with served(site) as root, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_init_script(PAGE_CLOCK)
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.emulateNetworkConditions", FAST_4G)
            finished: list[Any] = []
            page.on("requestfinished", lambda request: finished.append(request))
            page.goto(root, wait_until="load")
            times = _search(page, word, sought)
            search_bytes = page_bytes = 0
            requests = 0
            for request in finished:
                size = request.sizes()["responseBodySize"]
                if request.url.startswith(root + "search/"):
                    search_bytes += size
                    requests += 1
                else:
                    page_bytes += size
        finally:
            browser.close()
    return {
        **times,
        "search_bytes": search_bytes,
        "search_requests": requests,
        "page_bytes": page_bytes,
    }


def first_query_offline(
    bundle: Path, pages: list[str], word: str, sought: str | None
) -> dict[str, Any]:
    """The first query on each of `pages` of the unzipped bundle, opened from file://."""
    from playwright.sync_api import sync_playwright

    root = bundle.as_uri() + "/"
    outside: list[str] = []
    result: dict[str, Any] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name in pages:
                context = browser.new_context()
                context.add_init_script(PAGE_CLOCK)
                context.on(
                    "request",
                    lambda r: (
                        None
                        if r.url.startswith((root, "data:", "blob:", "about:"))
                        else outside.append(r.url)
                    ),
                )
                page = context.new_page()
                page.goto(root + name, wait_until="load")
                result[name] = _search(page, word, sought)
                context.close()
        finally:
            browser.close()
    result["outside_requests"] = outside
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--bundle", type=Path, help="the unzipped offline bundle's folder")
    parser.add_argument("--claim", required=True, help="the id of the claim sought")
    parser.add_argument("--rare", required=True, help="a word of its question")
    parser.add_argument("--common", help="a word every claim has")
    args = parser.parse_args()
    words = {args.rare: args.claim, **({args.common: None} if args.common else {})}
    report: dict[str, Any] = {}
    for word, claim in words.items():
        online = f"claims/{claim}/" if claim else None
        report[f"online {word}"] = first_query_online(args.site, word, online)
        if args.bundle:
            offline = f"claims/{claim}." if claim else None
            pages = ["index.html", f"claims/{args.claim}.html"]
            report[f"offline {word}"] = first_query_offline(args.bundle, pages, word, offline)
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
