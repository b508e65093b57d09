"""In Chromium: a citation of a video lands on its cue, whose time is shown.

The every-kind fixture (tests/fixtures/kinds/) is built for real; on the claim page the
link "See it in the source, at 1:15" is clicked; the source page must scroll to the
quote, light it up, and the quote must stand in the cue whose time, 1:15, is shown
beside it, on the public site and in the offline bundle (file://), built in each language
of the catalogs (the link's words from the language's catalog).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browserkit import LANDED, LIT_TEXT, Browser, in_every_language, served
from contentkit import REPO_ROOT, ShippedBuild, build_folder, config_in_language
from mediakit import kinds_content

from generator.corpus.transcripts import format_time
from generator.render.i18n import SOURCE_LANGUAGE, gettext, speaking

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
def built_in(tmp_path_factory: pytest.TempPathFactory, shim: Path) -> Callable[[str], ShippedBuild]:
    """The kinds fixture built in a language, site and bundle, once a module per language."""
    made: dict[str, ShippedBuild] = {}

    def built(language: str) -> ShippedBuild:
        if language not in made:
            root = tmp_path_factory.mktemp(f"kinds-browser-{language}")
            config = REPO_ROOT / "mkdocs.yml"
            if language != SOURCE_LANGUAGE:
                config = config_in_language(language, root / "project")
            made[language] = build_folder(
                kinds_content(root), root / "build", offline=True, config=config
            )
        return made[language]

    return built


@pytest.fixture
def built(site_language: str, built_in: Callable[[str], ShippedBuild]) -> ShippedBuild:
    return built_in(site_language)


def link_to_the_cue(language: str) -> str:
    """The claim page's link to the quote at 1:15, in `language` ("See it in the source,
    at 1:15")."""
    with speaking(language):
        place = gettext("at %(time)s", time=format_time(75_000, exact=False))
        return gettext("See it in the source, %(place)s", place=place)


def test_the_link_is_named_in_english_as_it_was() -> None:
    assert link_to_the_cue(SOURCE_LANGUAGE) == "See it in the source, at 1:15"


def _follow_the_citation(page: Any, claim_url: str, language: str) -> None:
    page.goto(claim_url)
    page.get_by_role("link", name=link_to_the_cue(language), exact=True).click()
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


@in_every_language
def test_a_citation_of_a_video_lands_on_its_cue_with_its_time_shown(
    browser: Browser, built: ShippedBuild, site_language: str
) -> None:
    with served(built.site) as url:
        page, traffic = browser.open((url,))
        _follow_the_citation(page, url + "claims/ferry-runs-all-summer/", site_language)
        assert page.url == url + "sources/board-chair-video/#q-41-106"
        _check_landed_on_the_cue(page)
        traffic.check()


@in_every_language
def test_offline_too(browser: Browser, built: ShippedBuild, site_language: str) -> None:
    assert built.bundle is not None
    bundle = built.bundle.unzipped.as_uri() + "/"
    page, traffic = browser.open((bundle,))
    _follow_the_citation(page, bundle + "claims/ferry-runs-all-summer.html", site_language)
    assert page.url == bundle + "sources/board-chair-video.html#q-41-106"
    _check_landed_on_the_cue(page)
    traffic.check()
