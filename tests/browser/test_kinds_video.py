"""In Chromium: a citation of a video lands on its cue, whose time is shown.

The every-kind fixture (tests/fixtures/kinds/) is built for real; on the claim page the
link "See it in the source, at 1:15" is clicked; the source page must scroll to the
quote, light it up, and the quote must stand in the cue whose time, 1:15, is shown
beside it, on the public site and in the offline bundle (file://).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from browserkit import LANDED, LIT_TEXT, Browser, served
from contentkit import ShippedBuild, build_folder
from mediakit import kinds_content

pytestmark = pytest.mark.browser

CUE_OF_TARGET = """
() => {
  const target = document.querySelector(':target');
  const cue = target.closest('p');
  const time = cue.querySelector('a.fc-cue-time time');
  const box = time.getBoundingClientRect();
  const style = getComputedStyle(time);
  return {id: target.id, cue: cue.querySelector('.fc-pnum').id, time: time.textContent,
          datetime: time.getAttribute('datetime'), visible: box.width > 0 && box.height > 0
          && box.top >= 0 && box.bottom <= window.innerHeight && style.visibility !== 'hidden'};
}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shim: Path) -> ShippedBuild:
    root = tmp_path_factory.mktemp("kinds-browser")
    return build_folder(kinds_content(root), root / "build", offline=True)


def _follow_the_citation(page: Any, claim_url: str) -> None:
    page.goto(claim_url)
    page.get_by_role("link", name="See it in the source, at 1:15").click()
    page.wait_for_load_state("networkidle")
    page.wait_for_function("() => document.querySelector(':target') !== null")


def _check_landed_on_the_cue(page: Any) -> None:
    landed = page.evaluate(CUE_OF_TARGET)
    assert landed == {
        "id": "q-41-106",
        "cue": "p2",
        "time": "1:15",
        "datetime": "PT75S",
        "visible": True,
    }
    lit = page.evaluate(LIT_TEXT, list(LANDED["light"]))["lit"]
    shown = " ".join(" ".join(node["text"] for node in lit).split())  # two cues, two paragraphs
    assert shown == "The last crossing of the ferry will be on the thirtieth of April"


def test_a_citation_of_a_video_lands_on_its_cue_with_its_time_shown(browser: Browser, built):
    with served(built.site) as url:
        page, traffic = browser.open((url,))
        _follow_the_citation(page, url + "claims/ferry-runs-all-summer/")
        assert page.url == url + "sources/board-chair-video/#q-41-106"
        _check_landed_on_the_cue(page)
        traffic.check()


def test_offline_too(browser: Browser, built):
    assert built.bundle is not None
    bundle = built.bundle.unzipped.as_uri() + "/"
    page, traffic = browser.open((bundle,))
    _follow_the_citation(page, bundle + "claims/ferry-runs-all-summer.html")
    assert page.url == bundle + "sources/board-chair-video.html#q-41-106"
    _check_landed_on_the_cue(page)
    traffic.check()
