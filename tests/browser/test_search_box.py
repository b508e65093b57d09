"""Search in a real browser: Material's search box, answered from Pagefind's index of the
published claims (generator/publish/search.py), on the public site served over HTTP and in
the offline bundle opened from file://.

A reader types a word of a claim's question and finds the claim, with its verdict; the
keyboard works as in Material's search; more matches than are listed are counted and
pointed to; text from the content is shown as text, never run as HTML.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browserkit import ROOT, Browser, Published, served
from contentkit import build_with_bundle, claim_with, write_content

from generator.corpus.pipeline import check
from generator.corpus.scale import verdict
from generator.publish.search import (
    FIRST_SHOWN,
    MOST_PARTS,
    RESULTS_LISTED,
    index_published_claims,
)

pytestmark = pytest.mark.browser

TIMEOUT = 20_000  # ms
_COMMON = {"north", "korea", "korean", "koreans", "russia", "russian", "kursk", "which", "their"}


def sought_claim() -> tuple[str, str, str]:
    """A published claim's id, a word of its question that few claims share, its verdict."""
    claims = check(ROOT / "content").published_claims
    words_of = {c.id: set(re.findall(r"[a-z]{5,}", c.claim.question.lower())) for c in claims}
    for claim in claims:
        others = set().union(*(w for i, w in words_of.items() if i != claim.id))
        rare = sorted(words_of[claim.id] - others - _COMMON, key=len, reverse=True)
        if rare:
            return claim.id, rare[0], verdict(claim.claim.status).label
    raise AssertionError("no claim has a word of its own in its question")


def results(page: Any) -> Any:
    return page.locator(".md-search-result__list .md-search-result__item")


def search_for(page: Any, word: str) -> None:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(word)
    box.press("End")  # Material reads the query on keyup
    results(page).first.wait_for(state="attached", timeout=TIMEOUT)


def listed_all(page: Any) -> None:
    """Wait until every listed claim is shown, with the entry that counts the others."""
    page.wait_for_function(
        "n => document.querySelectorAll('.md-search-result__list .md-search-result__item')"
        ".length === n && document.querySelector('[data-fc-total]')",
        arg=RESULTS_LISTED + 1,
        timeout=TIMEOUT,
    )


def the_result_for(page: Any, claim_id: str) -> Any:
    found = page.locator(f".md-search-result__list a[href*='claims/{claim_id}']")
    found.first.wait_for(state="attached", timeout=TIMEOUT)
    return found.first


@pytest.mark.parametrize("where", ["public", "offline"])
def test_a_word_of_a_claims_question_finds_it_with_its_verdict(
    published: Published, server: str, browser: Browser, where: str
) -> None:
    claim_id, word, label = sought_claim()
    if where == "public":
        root, home = server, server
    else:
        root = published.bundle.as_uri() + "/"
        home = root + "index.html"
    page, traffic = browser.open((root,))
    page.goto(home)
    search_for(page, word)
    result = the_result_for(page, claim_id)
    assert result.locator("h1").inner_text().lower().count(word) >= 1
    assert result.locator(".md-tag").all_inner_texts() == [label]
    assert result.locator("mark").first.inner_text().lower().startswith(word[:4])
    result.click()
    page.wait_for_load_state()
    assert f"claims/{claim_id}" in page.url
    traffic.check()
    searched = [u for u in traffic.requests if "/search/" in u]
    assert any(u.split("?")[0].endswith("search/worker.js") for u in searched)
    if where == "offline":  # every file of the index was a script inside the bundle
        chunks = [u for u in searched if "/search/pagefind/" in u]
        assert chunks and all(u.startswith(root) and u.endswith(".js") for u in chunks)
    else:  # Material's own index, which it fetches on every page, holds no page
        assert all("lunr" not in u and "workers/search." not in u for u in traffic.requests)


def test_the_keyboard_opens_search_moves_through_results_and_follows_one(
    published: Published, server: str, browser: Browser
) -> None:
    claim_id, word, _ = sought_claim()
    page, traffic = browser.open((server,))
    page.goto(server + "methodology/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.type(word)
    the_result_for(page, claim_id)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
    assert "claims/" in focused
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("Enter")  # the best result
    page.wait_for_url(re.compile(r".*/claims/.*"), timeout=TIMEOUT)
    page.goto(server)
    page.keyboard.press("/")
    page.wait_for_function("() => document.getElementById('__search').checked")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('__search').checked")
    traffic.check()


def test_more_matches_than_listed_are_counted_and_lead_to_the_list_of_claims(
    published: Published, server: str, browser: Browser
) -> None:
    """A word most claims share: the best are listed, the last entry says how many more
    match, and the line above the results counts them all (not the entries listed)."""
    page, traffic = browser.open((server,))
    page.goto(server)
    search_for(page, "kursk")
    listed_all(page)
    items = results(page)
    more = items.last
    total = int(more.locator("[data-fc-total]").get_attribute("data-fc-total") or 0)
    assert total > RESULTS_LISTED
    assert more.locator("h1").inner_text() == f"More matching claims: {total - RESULTS_LISTED}"
    meta = page.locator(".md-search-result__meta").inner_text()
    assert meta == f"{total} matching documents"
    more.locator("a").click()
    page.wait_for_load_state()
    assert page.url.split("?")[0] == server + "claims/"
    traffic.check()


def test_text_from_the_content_is_shown_as_text_never_run(tmp_path: Path, browser: Browser) -> None:
    """A question written as HTML reaches the index as text (the page escaped it); the
    worker escapes it again, keeping only Pagefind's <mark>, so nothing of it runs."""
    hostile = 'Did <img src=x onerror="window.pwned=1"> <b>zqxbold</b> happen?'
    content = write_content(
        tmp_path / "in",
        claims={"hostile-question.yaml": claim_with(question=f"question: '{hostile}'")},
    )
    site, bundle = build_with_bundle(content, tmp_path / "out")
    with served(site) as url:
        shown_as_text(browser, url, url, hostile)
    root = bundle.as_uri() + "/"
    shown_as_text(browser, root, root + "index.html", hostile)


def shown_as_text(browser: Browser, root: str, home: str, hostile: str) -> None:
    page, traffic = browser.open((root,))
    page.goto(home)
    search_for(page, "zqxbold")
    result = results(page).first
    title = result.locator("h1")
    assert title.inner_text() == hostile
    assert result.locator("img, b").count() == 0
    marked = result.locator("mark").all_inner_texts()  # the words as written, tags and all
    assert marked and all("zqxbold" in text for text in marked), marked
    assert page.evaluate("() => window.pwned") is None
    traffic.check()


def test_the_first_six_results_show_while_the_others_load(
    published: Published, server: str, browser: Browser
) -> None:
    """A browser loads at most six files at once from an HTTP/1.1 host: the first six
    claims listed are shown, with the count of more matches, before the others are in."""
    page, traffic = browser.open((server,))
    held: list[Any] = []
    asked: list[str] = []

    def hold_after_six(route: Any) -> None:
        asked.append(route.request.url)
        if len(asked) > FIRST_SHOWN:
            held.append(route)
        else:
            route.fallback()

    page.context.route("**/search/pagefind/fragment/**", hold_after_six)
    page.goto(server)
    search_for(page, "kursk")
    page.wait_for_function(
        "n => document.querySelectorAll('.md-search-result__list .md-search-result__item')"
        ".length === n",
        arg=FIRST_SHOWN + 1,
        timeout=TIMEOUT,
    )
    assert results(page).last.locator("[data-fc-total]").count() == 1
    page.wait_for_function("() => true")  # lets the held requests reach the handler
    assert len(held) == RESULTS_LISTED - FIRST_SHOWN
    for route in held:
        route.fallback()
    listed_all(page)
    traffic.check()


# ----------------------------------------------------------------- an index in parts


@pytest.fixture(scope="module")
def in_parts(
    published_in: Callable[[str], Published], tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, Path]:
    """The English site and bundle, copied and indexed again in parts of four claim pages
    (a large site's index, on the shipped claims): (site, bundle)."""
    shipped = published_in("en")
    where = tmp_path_factory.mktemp("in-parts")
    site = Path(shutil.copytree(shipped.site, where / "site"))
    bundle = Path(shutil.copytree(shipped.bundle, where / "bundle"))
    index_published_claims(site, offline=False, claims_list="claims/", language="en", part_pages=4)
    index_published_claims(
        bundle, offline=True, claims_list="claims/index.html", language="en", part_pages=4
    )
    return site, bundle


def total_for(page: Any, word: str) -> int:
    """How many claims match `word`, by the entry that counts those not listed."""
    search_for(page, word)
    listed_all(page)
    return int(page.locator("[data-fc-total]").get_attribute("data-fc-total") or 0)


@pytest.mark.parametrize("where", ["public", "offline"])
def test_an_index_in_parts_finds_a_claim_and_counts_every_match(
    in_parts: tuple[Path, Path], published: Published, server: str, browser: Browser, where: str
) -> None:
    site, bundle = in_parts
    claim_id, word, label = sought_claim()
    with served(site) as url:
        root = url if where == "public" else bundle.as_uri() + "/"
        home = root if where == "public" else root + "index.html"
        page, traffic = browser.open((root,))
        page.goto(home)
        search_for(page, word)
        result = the_result_for(page, claim_id)
        assert result.locator(".md-tag").all_inner_texts() == [label]
        page.goto(home)
        in_parts_total = total_for(page, "kursk")
        searched = [u for u in traffic.requests if "/search/pagefind/" in u]
        assert {re.sub(r".*/search/pagefind/(\d/)?.*", r"\1", u) for u in searched} == {
            "",
            *(f"{n}/" for n in range(1, MOST_PARTS)),
        }
        traffic.check()
    whole, _ = browser.open((server,))
    whole.goto(server)
    assert in_parts_total == total_for(whole, "kursk")
