"""The search worker's own logic (generator/publish/search_worker.js) in Chromium, with a
stand-in for Pagefind's worker script that logs what it is asked: a reader types a word a
letter at a time, and only the query still the latest once its index chunks are in is
ranked (ranking a common word takes hundreds of milliseconds, each prefix in turn)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browserkit import Browser, served

from generator.publish import search
from generator.publish.search import FIRST_SHOWN, RESULTS_LISTED

WORKER_SOURCE = Path(search.__file__).with_name("search_worker.js")

pytestmark = pytest.mark.browser

SETTINGS = {
    "transport": "fetch",
    "language": "en",
    "limit": RESULTS_LISTED,
    "first": FIRST_SHOWN,
    "claims": "claims/",
    "more": {"title": "More: {count}", "text": "Browse them."},
    "parts": [],
}

STAND_IN = """
(function () {
  var asked = [];
  self.addEventListener("message", function (event) {
    var call = event.data;
    asked.push(call.method + " " + (typeof call.args[0] === "string" ? call.args[0] : ""));
    function answer(result) {
      self.postMessage({ id: call.id, result: result });
      self.postMessage({ asked: asked.slice() });
    }
    if (call.method === "preload") {  /* the index chunks take a while to come */
      setTimeout(function () { answer(true); }, 200);
    } else if (call.method === "search") {
      answer({ results: [{ data: "page-1", score: 1 }] });
    } else if (call.method === "getData") {
      answer({ url: "/claims/one/", meta: { title: "One", verdict: "True" }, excerpt: "one" });
    } else {
      answer(true);
    }
  });
})();
"""

PAGE = """<!doctype html><title>worker</title><script>
window.asked = []; window.results = [];
const worker = new Worker("worker.js");
worker.onmessage = (event) => {
  if (event.data.asked) window.asked = event.data.asked;
  else if (event.data.type === 3) window.results.push(event.data.data.items);
};
for (const query of ["k", "ku", "kur", "kurs", "kursk"]) worker.postMessage({ type: 2, data: query });
</script>"""


def test_only_the_latest_query_is_ranked_once_its_chunks_are_in(
    tmp_path: Path, browser: Browser
) -> None:
    script = (
        f"self.factcheckSearch = {json.dumps(SETTINGS)};\nself.factcheckSearchFiles = {{}};\n"
        + WORKER_SOURCE.read_text(encoding="utf-8")
        + STAND_IN
    )
    (tmp_path / "worker.js").write_text(script, encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    with served(tmp_path) as root:
        page, traffic = browser.open((root,))
        page.goto(root + "index.html")
        page.wait_for_function("() => window.results.length > 0", timeout=10_000)
        page.wait_for_timeout(500)  # any later ranking would have been asked for by now
        asked = page.evaluate("() => window.asked")
        results = page.evaluate("() => window.results")
    assert [call for call in asked if call.startswith("preload")] == [
        "preload k",
        "preload ku",
        "preload kur",
        "preload kurs",
        "preload kursk",
    ]
    assert [call for call in asked if call.startswith("search")] == ["search kursk"]
    assert [[entry["title"] for (entry,) in items] for items in results] == [["One"]]
    traffic.check()


# ----------------------------------------------------------------- an index in parts

PARTS_STAND_IN = """
(function () {
  var asked = [];
  self.addEventListener("message", function (event) {
    var call = event.data;
    asked.push(call.method + " " + (call.method === "mergeIndex" ? call.args[0].split("/").slice(-2)[0] : ""));
    if (call.method === "init") {  /* Pagefind makes its WebAssembly a while after */
      setTimeout(function () {
        WebAssembly.instantiate(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).then(function () {
          asked.push("instantiated ");
        });
      }, 100);
    }
    self.postMessage({ id: call.id, result: call.method === "search" ? { results: [] } : true });
    self.postMessage({ asked: asked.slice() });
  });
})();
"""
"""Pagefind's stand-in, logging its calls and when it has made its WebAssembly."""


def test_the_parts_are_merged_once_the_webassembly_is_made(
    tmp_path: Path, browser: Browser
) -> None:
    """Pagefind checks every 50 ms for the first part's WebAssembly before it merges a part:
    the worker merges the parts once it is made, not at once (and up to 50 ms late)."""
    script = (
        f"self.factcheckSearch = {json.dumps({**SETTINGS, 'parts': ['1', '2']})};\n"
        "self.factcheckSearchFiles = {};\n"
        + WORKER_SOURCE.read_text(encoding="utf-8")
        + PARTS_STAND_IN
    )
    (tmp_path / "worker.js").write_text(script, encoding="utf-8")
    (tmp_path / "index.html").write_text(
        "<!doctype html><title>worker</title><script>window.asked = [];"
        'new Worker("worker.js").onmessage = (e) => {'
        " if (e.data.asked) window.asked = e.data.asked; };</script>",
        encoding="utf-8",
    )
    with served(tmp_path) as root:
        page, traffic = browser.open((root,))
        page.goto(root + "index.html")
        page.wait_for_function("() => window.asked.length === 4", timeout=10_000)
        asked = page.evaluate("() => window.asked")
    assert [call.strip() for call in asked] == [
        "init",
        "instantiated",
        "mergeIndex 1",
        "mergeIndex 2",
    ]
    traffic.check()
