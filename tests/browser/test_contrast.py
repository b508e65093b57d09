"""In Chromium: every piece of text in our pages' content keeps WCAG 1.4.3 contrast.

For each page of the public site, in the light and the dark scheme (and printed in the
dark scheme, where Material prints dark text on white), every visible
text node inside Material's content area is measured: its computed colour against
the colour behind it (the background colours of it and its ancestors, composited
over the page's), by WCAG 2's relative-luminance formula. Normal text needs 4.5:1,
large text (24 px, or 18.66 px bold) 3:1. The landed-on passage of a citation is
measured too: each source page is opened at a quoted passage's fragment. The site is the
shipped content built in each language of the catalogs: English's every page, the other
languages' one page of each kind.

Charts are SVG, whose text is painted with `fill`, not `color`; their figures are
repeated in the table after each chart, which is measured.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from browserkit import (
    CONTRAST_RATIO,
    Browser,
    Published,
    in_every_language,
    one_of_each_kind,
    settle,
)

from generator.render.i18n import SOURCE_LANGUAGE

pytestmark = [pytest.mark.browser, in_every_language]

LOW_CONTRAST = f"""
() => {{
  const contrast = {CONTRAST_RATIO};
  const visible = element => {{
    for (let e = element; e; e = e.parentElement) {{
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || Number(s.opacity) === 0) return false;
    }}
    const r = element.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  }};
  const problems = [];
  const walker = document.createTreeWalker(document.querySelector('.md-content'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {{
    const element = node.parentElement;
    if (!node.data.trim() || element.closest('svg') || !visible(element)) continue;
    const style = getComputedStyle(element);
    const {{ratio, background}} = contrast(element);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    const needed = large ? 3 : 4.5;
    if (ratio < needed - 0.005) {{
      problems.push(`${{ratio.toFixed(2)}}:1 < ${{needed}}:1 for ${{JSON.stringify(node.data.trim().slice(0, 40))}}`
        + ` (${{style.color}} on ${{background}}, <${{element.tagName.toLowerCase()}}`
        + ` class="${{element.className}}">)`);
    }}
  }}
  return problems;
}}
"""
"""Every visible text node in `.md-content` whose contrast is below WCAG AA, described."""


def _pages(published: Published) -> list[str]:
    """Each page of the public site as a URL path, source pages at one quoted passage each
    (in another language than English, one page of each kind)."""
    paths = []
    for html in sorted(published.site.rglob("index.html")):
        path = html.parent.relative_to(published.site).as_posix()
        if path.startswith(("assets", "search")):
            continue
        url = "" if path == "." else f"{path}/"
        if path.startswith("sources/") and path != "sources":
            fragment = re.search(r'id="(q-\d+-\d+)"', html.read_text(encoding="utf-8"))
            assert fragment, f"{path}: no quoted passage to land on"
            url += f"#{fragment.group(1)}"
        paths.append(url)
    return paths if published.scenario.language == SOURCE_LANGUAGE else one_of_each_kind(paths)


def _low_contrast(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    settle(page)  # Material eases colour changes in
    return [f"{url}: {problem}" for problem in page.evaluate(LOW_CONTRAST)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_in_the_content_keeps_aa_contrast(
    published: Published, server: str, browser: Browser, scheme: str
) -> None:
    page, traffic = browser.open((server,))
    page.emulate_media(color_scheme=scheme)
    pages = _pages(published)
    assert any(p.startswith("claims/") for p in pages) and any("#q-" in p for p in pages)
    problems = [problem for path in pages for problem in _low_contrast(page, server + path)]
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    assert problems == [], "\n".join(problems)
    traffic.check()


def test_every_text_keeps_aa_contrast_on_paper_in_the_dark_scheme(
    published: Published, server: str, browser: Browser
) -> None:
    """Printed from a browser in the dark scheme, Material puts dark text on white paper:
    the stances, highlighted quotes, landed-on passage and matrix links must follow it,
    not keep the light colours meant for a dark screen."""
    page, traffic = browser.open((server,))
    page.emulate_media(color_scheme="dark", media="print")
    pages = _pages(published)
    problems = [problem for path in pages for problem in _low_contrast(page, server + path)]
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert problems == [], "\n".join(problems)
    traffic.check()


def test_the_measure_sees_low_contrast(published: Published, server: str, browser: Browser) -> None:
    """The check itself: text made pale grey on white, and a dark-on-dark mark, are reported."""
    page, traffic = browser.open((server,))
    page.goto(server + "methodology/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate(LOW_CONTRAST) == []
    page.evaluate(
        """() => {
          const p = document.querySelector('.md-content p');
          p.style.color = 'rgb(170, 170, 170)';
          const mark = document.createElement('mark');
          mark.textContent = 'dark on dark';
          mark.style.cssText = 'background: rgb(20, 20, 20); color: rgb(60, 60, 60)';
          p.append(mark);
        }"""
    )
    problems = page.evaluate(LOW_CONTRAST)
    assert any("rgb(170, 170, 170)" in p for p in problems), problems
    assert any("dark on dark" in p for p in problems), problems
    traffic.check()
