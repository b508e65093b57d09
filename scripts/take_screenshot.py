"""Take the screenshot the README and the manual show: a claim page of the shipped site.

    .venv/bin/factcheck build
    .venv/bin/python scripts/take_screenshot.py [--site site] [--claim ID] [--output PNG]

Serves the built site over a local HTTP server (on the loopback interface, a free port) and
photographs the top of one claim page with Debian's Chromium, driven by Playwright.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
DEFAULT_CLAIM = "kim-acknowledged-nine-deaths"
DEFAULT_OUTPUT = ROOT / "docs" / "manual" / "assets" / "screenshot.png"
VIEWPORT = {"width": 1100, "height": 760}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def take(site: Path, claim: str, output: Path) -> Path:
    """Photograph `claims/<claim>/` of the built `site` into `output` (PNG)."""
    from playwright.sync_api import sync_playwright

    page_dir = site / "claims" / claim
    if not (page_dir / "index.html").is_file():
        raise SystemExit(f"{page_dir}/index.html not found: run `.venv/bin/factcheck build` first")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
            )
            try:
                page = browser.new_page(viewport=VIEWPORT, color_scheme="light")
                url = f"http://127.0.0.1:{server.server_address[1]}/claims/{claim}/"
                page.goto(url, wait_until="networkidle")
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output))
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site")
    parser.add_argument("--claim", default=DEFAULT_CLAIM, help="the claim whose page to take")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the PNG to write")
    args = parser.parse_args(argv)
    path = take(args.site, args.claim, args.output)
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
