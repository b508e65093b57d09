"""A site with many claims: the claims index, the matrix and the sources index split into
pages a reader can open.

The synthetic corpus of benchmarks/corpus.py is rendered with the limits of
generator/render/paging.py lowered (the real ones need hundreds of claims), so that every
verdict and tag has a list of several pages, and the matrix and the sources index have
several pages too. The first edition, below the limits, keeps its one-page index, matrix
and sources list byte for byte (tests/test_render_golden.py). A preview's drafts do not
count towards the limits: it has the release's pages, its drafts added.
"""

from __future__ import annotations

import dataclasses
import html
import itertools
import re
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import pytest
from contentkit import TEST_SETTINGS

from benchmarks.corpus import generate
from generator.corpus.models import Corpus
from generator.corpus.pipeline import check
from generator.corpus.scale import SCALE
from generator.corpus.validate import RESERVED_IDS
from generator.render import files as render_files
from generator.render import paging
from generator.render.docs import generate_files, render_docs
from generator.render.matrix import MAX_COLUMNS, matrix_order
from generator.render.paths import SOURCES_INDEX, numbered_page, source_page
from generator.render.settings import SiteSettings

MOST_LISTED = 8
MATRIX_ROWS = 30
SOURCES_LISTED = 2
"""15 sources on 8 pages: enough for the pager to leave some out."""
CLAIMS = 130
"""Over 13 sources: more than `MAX_COLUMNS`, so the matrix lists the sources that speak."""
PREVIEW = dataclasses.replace(TEST_SETTINGS, include_drafts=True)

ITEM = re.compile(r"^- <span class=\"fc-badge[^>]*>[^<]*</span> \[[^\]]*\]\(([^)]+)\)", re.M)
"""A claim's line in a list, and the link to its page."""
ROW = re.compile(r"^\| <span class=\"fc-matrix-claim\">\[[^\]]*\]\(([^)]+)\)", re.M)
"""A claim's row in the matrix, and the link to its page."""
SOURCE_ROW = re.compile(r"^\| \[[^\]]*\]\(([^)]+)\)", re.M)
"""A source's row in the sources index, and the link to its page."""
PAGER = re.compile(r'<span role="navigation" aria-label="Pages">(.*?)</span>')


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "MOST_LISTED", MOST_LISTED)
    monkeypatch.setattr(paging, "MATRIX_ROWS", MATRIX_ROWS)
    monkeypatch.setattr(paging, "SOURCES_LISTED", SOURCES_LISTED)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = generate(tmp_path_factory.mktemp("paging") / "content", CLAIMS).root
    for name in NAMED_AS_FOLDERS:
        shutil.copy(root / "claims" / "claim-00001.yaml", root / "claims" / f"{name}.yaml")
    for name in NAMED_AS_PAGES:
        shutil.copy(root / "sources" / "source-0000.md", root / "sources" / f"{name}.md")
    return root


NAMED_AS_FOLDERS = ("verdict", "tag")
"""Claims whose ids are the names of the lists' folders: `claims/verdict.md` is published
as `claims/verdict/`, beside (never in place of) `claims/verdict/true/`."""
NAMED_AS_PAGES = ("2", "3")
"""Sources whose ids are the numbers of the sources index's pages: `sources/2.md` is that
source's page, beside (never in place of) the index's second page, `sources/index/2.md`."""


def add_drafts(root: Path, claims: tuple[str, ...], sources: tuple[str, ...]) -> None:
    """Draft claims (copies of claim-00001, with its verdict and tags) and draft sources."""
    claim = (root / "claims" / "claim-00001.yaml").read_text(encoding="utf-8")
    for name in claims:
        (root / "claims" / f"{name}.yaml").write_text(claim + "draft: true\n", encoding="utf-8")
    source = (root / "sources" / "source-0000.md").read_text(encoding="utf-8")
    for name in sources:
        (root / "sources" / f"{name}.md").write_text(
            source.replace("---\n", "---\ndraft: true\n", 1), encoding="utf-8"
        )


@pytest.fixture(scope="module")
def corpus(content: Path) -> Corpus:
    return check(content)


@pytest.fixture
def pages(corpus: Corpus, small_limits: None) -> dict[str, str]:
    return {
        path: data.decode("utf-8")
        for path, data in generate_files(corpus, TEST_SETTINGS).items()
        if path.endswith(".md")
    }


def claim_ids_linked(page: str, text: str, pattern: re.Pattern[str]) -> list[str]:
    """The ids of the claims `text` (the Markdown of `page`) lists, in order."""
    folder = PurePosixPath(page).parent
    ids = []
    for link in pattern.findall(text):
        target = PurePosixPath(_normalised(folder / link))
        assert target.parent == PurePosixPath("claims"), (page, link)
        ids.append(target.stem)
    return ids


def _normalised(path: PurePosixPath) -> str:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def list_of(pages: dict[str, str], first_page: str) -> tuple[list[str], list[str]]:
    """The paths of a list's pages, first to last, and the claims they list, in order."""
    paths, claims = [], []
    for number in range(1, len(pages) + 1):
        path = numbered_page(first_page, number)
        if path not in pages:
            break
        paths.append(path)
        found = claim_ids_linked(path, pages[path], ITEM)
        assert 1 <= len(found) <= MOST_LISTED, (path, len(found))
        claims += found
    return paths, claims


# --- paths and the pager -----------------------------------------------------------------


def test_the_pages_of_a_list_are_numbered_from_the_first() -> None:
    assert numbered_page("matrix.md", 1) == "matrix.md"
    assert numbered_page("matrix.md", 2) == "matrix/2.md"
    assert numbered_page("claims/tag/x.md", 12) == "claims/tag/x/12.md"
    with pytest.raises(ValueError):
        numbered_page("matrix.md", 0)
    assert paging.split([1, 2, 3, 4, 5], 2) == ((1, 2), (3, 4), (5,))
    assert paging.split([], 2) == ((),)
    assert [paging.page_count(n, 2) for n in (0, 1, 2, 3)] == [1, 1, 1, 2]


def test_split_counts_only_what_it_is_told_to() -> None:
    # Upper case does not count (a preview's drafts): it goes with the item before it.
    assert paging.split("AbcDdeFGfg", 2, str.islower) == (
        ("A", "b", "c", "D"),
        ("d", "e", "F", "G"),
        ("f", "g"),
    )
    assert paging.split("AB", 2, str.islower) == (("A", "B"),)  # nothing counted: one page
    pages = paging.paginate("abCde", "matrix.md", 2, str.islower)
    assert [(p.path, p.items, p.first, p.last, p.total) for p in pages] == [
        ("matrix.md", ("a", "b", "C"), 1, 3, 5),
        ("matrix/2.md", ("d", "e"), 4, 5, 5),
    ]


def shown(number: int, count: int) -> str:
    """`page_numbers` as a reader sees them: `1 … 4 5 6 7 8 … 100`."""
    return " ".join("…" if n is None else str(n) for n in paging.page_numbers(number, count))


def test_the_pager_names_the_first_the_last_and_the_pages_near_this_one() -> None:
    assert shown(1, 1) == "1"
    assert [shown(n, 2) for n in (1, 2)] == ["1 2", "1 2"]
    assert [shown(n, 5) for n in range(1, 6)] == ["1 2 3 4 5"] * 5  # no gap of two pages
    assert [shown(n, 6) for n in (1, 3, 4, 6)] == ["1 2 3 … 6", *["1 2 3 4 5 6"] * 2, "1 … 4 5 6"]
    assert shown(1, 100) == "1 2 3 … 100"
    assert shown(2, 100) == "1 2 3 4 … 100"
    assert shown(4, 100) == "1 2 3 4 5 6 … 100"
    assert shown(5, 100) == "1 2 3 4 5 6 7 … 100"  # a gap of one page names it
    assert shown(6, 100) == "1 … 4 5 6 7 8 … 100"
    assert shown(50, 100) == "1 … 48 49 50 51 52 … 100"
    assert shown(96, 100) == "1 … 94 95 96 97 98 99 100"
    assert shown(100, 100) == "1 … 98 99 100"
    for count in range(1, 40):
        for number in range(1, count + 1):
            named = paging.page_numbers(number, count)
            numbers = [n for n in named if n is not None]
            assert numbers == sorted(set(numbers)) and len(named) <= 9, (number, count)
            near = range(max(1, number - 2), min(count, number + 2) + 1)
            assert {1, count, *near} <= set(numbers), (number, count)
            for before, after in itertools.pairwise(named):
                if before is not None and after is not None:
                    assert after == before + 1, (number, count)  # no page left out unsaid
            for before, gap, after in zip(named, named[1:], named[2:], strict=False):
                if gap is None:  # an ellipsis stands for two pages or more
                    assert before is not None and after is not None and after - before > 2
    for number, count in ((0, 3), (4, 3), (1, 0)):
        with pytest.raises(ValueError):
            paging.page_numbers(number, count)


LANDMARK = '<span role="navigation" aria-label="Pages">'


def said(markdown: str) -> str:
    """Markdown with its character references decoded: what a reader reads of our words
    (`Page 2 of 3: ...`), their punctuation written as references by the escaping."""
    return html.unescape(markdown)


def test_the_pager_is_a_landmark_with_the_previous_the_next_and_the_pages_near() -> None:
    paths = paging.page_paths("claims/tag/x.md", 3)
    assert paths == ("claims/tag/x.md", "claims/tag/x/2.md", "claims/tag/x/3.md")
    assert said(paging.pager(paths[1], paths, 2)) == (
        f"{LANDMARK}Page 2 of 3: [previous page](../x.md) · [next page](3.md). "
        'Pages: [1](../x.md) <strong aria-current="page">2</strong> [3](3.md).</span>'
    )
    two = paging.page_paths("matrix.md", 2)
    assert said(paging.pager(two[0], two, 1)) == (
        f"{LANDMARK}Page 1 of 2: [next page](matrix/2.md). "
        'Pages: <strong aria-current="page">1</strong> [2](matrix/2.md).</span>'
    )
    assert said(paging.pager(two[1], two, 2)) == (
        f"{LANDMARK}Page 2 of 2: [previous page](../matrix.md). "
        'Pages: [1](../matrix.md) <strong aria-current="page">2</strong>.</span>'
    )
    assert paging.pager("matrix.md", ("matrix.md",), 1) == ""  # one page: no pager
    with pytest.raises(ValueError):
        paging.pager(two[0], two, 3)


def test_the_pager_of_a_hundred_pages_names_nine_at_most() -> None:
    paths = paging.page_paths("matrix.md", 100)
    sixth = said(paging.pager(paths[5], paths, 6))
    assert sixth == (
        f"{LANDMARK}Page 6 of 100: [previous page](5.md) · [next page](7.md). Pages: "
        "[1](../matrix.md) … [4](4.md) [5](5.md) "
        '<strong aria-current="page">6</strong> [7](7.md) [8](8.md) … [100](100.md).</span>'
    )
    first = said(paging.pager(paths[0], paths, 1))
    assert first == (
        f"{LANDMARK}Page 1 of 100: [next page](matrix/2.md). Pages: "
        '<strong aria-current="page">1</strong> [2](matrix/2.md) [3](matrix/3.md) … '
        "[100](matrix/100.md).</span>"
    )
    last = said(paging.pager(paths[99], paths, 100))
    assert last == (
        f"{LANDMARK}Page 100 of 100: [previous page](99.md). Pages: "
        "[1](../matrix.md) … [98](98.md) [99](99.md) "
        '<strong aria-current="page">100</strong>.</span>'
    )
    for number in range(1, 101):
        text = paging.pager(paths[number - 1], paths, number)
        assert text.count("aria-current") == 1 and text.count(LANDMARK) == 1
        assert len(re.findall(r"\]\(", text)) <= 9 + 2  # the pages named, previous and next
    thousand = paging.page_paths("matrix.md", 1_000)
    assert "Page 1,000 of 1,000: [previous page](999.md). Pages: [1](../matrix.md) … [998]" in (
        said(paging.pager(thousand[-1], thousand, 1_000))
    )


# --- the pages of a large site -----------------------------------------------------------


def test_the_claims_index_becomes_an_overview_that_links_each_group(
    corpus: Corpus, pages: dict[str, str]
) -> None:
    overview = said(pages["claims/index.md"])
    assert len(ITEM.findall(overview)) == 0  # no claim listed on it
    statuses = Counter(doc.claim.status for doc in corpus.published_claims)
    tags = Counter(tag for doc in corpus.published_claims for tag in doc.claim.tags)
    for status, count in statuses.items():
        assert re.search(
            rf'^\| <span id="status-{status}">.*\| \[{count}\]\(verdict/{status}\.md\) '
            rf"\({paging.page_count(count, MOST_LISTED)} pages\) \|$",
            overview,
            re.M,
        ), status
    for tag, count in tags.items():
        pages_note = f" ({n} pages)" if (n := paging.page_count(count, MOST_LISTED)) > 1 else ""
        assert f'| <span id="tag-{tag}">' in overview
        assert f"| [{count}](tag/{tag}.md){pages_note} |" in overview


def test_every_claim_is_listed_once_under_its_verdict_and_once_under_each_tag(
    corpus: Corpus, pages: dict[str, str]
) -> None:
    claims = corpus.published_claims
    listed_by_verdict: list[str] = []
    for status in SCALE:
        paths, listed = list_of(pages, f"claims/verdict/{status.value}.md")
        wanted = sorted(doc.id for doc in claims if doc.claim.status == status)
        assert listed == wanted, status  # by id, each once
        assert len(paths) == paging.page_count(len(wanted), MOST_LISTED) if wanted else not paths
        listed_by_verdict += listed
    assert sorted(listed_by_verdict) == sorted(doc.id for doc in claims)
    for tag in sorted({tag for doc in claims for tag in doc.claim.tags}):
        _, listed = list_of(pages, f"claims/tag/{tag}.md")
        assert listed == sorted(doc.id for doc in claims if tag in doc.claim.tags), tag
    several = [
        path for path in pages if re.fullmatch(r"claims/(verdict|tag)/[a-z0-9-]+/\d+\.md", path)
    ]
    assert several  # the lowered limit splits the lists
    expected = {f"claims/{doc.id}.md" for doc in claims} | {"claims/index.md"}
    lists = {p for p in pages if p.startswith(("claims/verdict/", "claims/tag/"))}
    assert {p for p in pages if p.startswith("claims/")} - lists == expected


def test_the_matrix_is_split_into_pages_each_row_once(
    corpus: Corpus, pages: dict[str, str]
) -> None:
    assert len(corpus.published_sources) > MAX_COLUMNS
    paths = [path for path in pages if path == "matrix.md" or path.startswith("matrix/")]
    count = paging.page_count(len(corpus.published_claims), MATRIX_ROWS)
    assert sorted(paths) == sorted(paging.page_paths("matrix.md", count))
    assert count > 2
    rows: list[str] = []
    for number, path in enumerate(paging.page_paths("matrix.md", count), start=1):
        on_page = claim_ids_linked(path, pages[path], ROW)
        assert 1 <= len(on_page) <= MATRIX_ROWS
        assert f"Page {number} of {count}:" in said(pages[path])
        assert f"title: Which source says what (page {number} of {count})" in pages[path]
        rows += on_page
    assert rows == sorted(doc.id for doc in corpus.published_claims)


def source_ids_linked(page: str, text: str) -> list[str]:
    """The ids of the sources `text` (the Markdown of `page`) lists, in order."""
    folder = PurePosixPath(page).parent
    ids = []
    for link in SOURCE_ROW.findall(text):
        target = PurePosixPath(_normalised(folder / link))
        assert target.parent == PurePosixPath("sources"), (page, link)
        ids.append(target.stem)
    return ids


def pager_links(page: str, text: str) -> dict[str, str]:
    """What the pager of `page` links, by the link's text, to which page ({} for a list's
    only page, which has none); checks that its two pagers (above and below the list) are
    the same."""
    pagers = PAGER.findall(text)
    if not pagers:
        return {}
    above, below = pagers
    assert above == below, page
    folder = PurePosixPath(page).parent
    links = re.findall(r"\[([^\]]+)\]\(([^)]+)\)", above)
    return {label: _normalised(folder / target) for label, target in links}


def test_the_sources_index_is_split_into_pages_each_source_once(
    corpus: Corpus, pages: dict[str, str]
) -> None:
    total = len(corpus.published_sources)
    count = paging.page_count(total, SOURCES_LISTED)
    paths = paging.page_paths(SOURCES_INDEX, count)
    assert count == 8 and paths[1:3] == ("sources/index/2.md", "sources/index/3.md")
    assert sorted(p for p in pages if p.startswith("sources/index")) == sorted(paths)
    listed: list[str] = []
    for number, path in enumerate(paths, start=1):
        text = pages[path]
        on_page = source_ids_linked(path, text)
        assert 1 <= len(on_page) <= SOURCES_LISTED
        first = len(listed) + 1
        assert f"Sources {first} to {first + len(on_page) - 1} of {total}, by id. " in said(text)
        assert f"title: Sources (page {number} of {count})\n" in text
        assert f" Page {number} of {count}.\n" in text  # the description
        links = pager_links(path, text)
        assert set(links.values()) <= set(paths) - {path}
        assert links.get("previous page") == (paths[number - 2] if number > 1 else None)
        assert links.get("next page") == (paths[number] if number < count else None)
        named = {int(label): target for label, target in links.items() if label.isdigit()}
        assert all(paths[n - 1] == target for n, target in named.items())
        assert {1, count} - {number} <= set(named) and number not in named
        assert f'<strong aria-current="page">{number}</strong>' in text
        listed += on_page
    assert listed == sorted(s.id for s in corpus.published_sources)  # by id, each once
    assert "…" in PAGER.findall(pages[paths[0]])[0]  # 8 pages: the pager leaves some out


def test_no_source_page_is_ever_a_page_of_the_sources_index(pages: dict[str, str]) -> None:
    # A source id is a slug, with no "/": `sources/index/<n>.md` is no source's page, and
    # `index`, the folder's name, is refused as an id (tests/test_validate.py), so that no
    # source is published at /sources/index/ either.
    assert "index" in RESERVED_IDS
    for number in range(2, 1_000):
        path = numbered_page(SOURCES_INDEX, number)
        assert path == f"sources/index/{number}.md"
    with pytest.raises(ValueError):
        source_page("index/2")
    for name in NAMED_AS_PAGES:  # sources named like the numbered pages keep their own
        assert "title: Synthetic article number 0\n" in pages[f"sources/{name}.md"]
        assert source_ids_linked(f"sources/index/{name}.md", pages[f"sources/index/{name}.md"])
    assert sum(1 for text in pages.values() if text.startswith("---\ntitle: Sources")) == 8


def test_the_sites_links_go_to_the_groups_own_lists(corpus: Corpus, pages: dict[str, str]) -> None:
    home = pages["index.md"]
    for status in {doc.claim.status for doc in corpus.published_claims}:
        assert f"](claims/verdict/{status}.md) |" in home
    assert "claims/index.md#" not in home
    for doc in corpus.published_claims:
        page = pages[f"claims/{doc.id}.md"]
        tags = re.search(r"^- \*\*Tags:\*\* (.*)$", said(page), re.M)
        assert tags is not None
        assert re.findall(r"\]\(([^)]+)\)", tags.group(1)) == [
            f"tag/{tag}.md" for tag in doc.claim.tags
        ]


def test_page_sizes_stay_bounded_as_the_site_grows(corpus: Corpus, small_limits: None) -> None:
    files = generate_files(corpus, TEST_SETTINGS)
    lists = [p for p in files if p.startswith(("claims/verdict/", "claims/tag/", "matrix"))]
    largest_list = max(len(files[p]) for p in lists if p.startswith("claims/"))
    largest_matrix = max(len(files[p]) for p in lists if p.startswith("matrix"))
    assert largest_list < 250 * MOST_LISTED + 3_000  # ~200 bytes a line, and the page around
    assert largest_matrix < 1_500 * MATRIX_ROWS + 5_000  # ~1 KB a row
    assert len(files["claims/index.md"]) < 10_000


# --- the limits' edges, the renderer ------------------------------------------------------


SPLIT = ("claims/verdict/", "claims/tag/", "matrix/", "sources/index/")
"""Where the further pages of split lists go."""


def test_a_site_at_the_limits_keeps_its_single_pages_in_a_preview_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = generate(tmp_path / "content", 20).root
    add_drafts(root, claims=("a-draft", "zz-draft"), sources=("a-draft-source",))
    corpus = check(root)
    listed = sum(1 + len(doc.claim.tags) for doc in corpus.published_claims)
    assert (len(corpus.published_claims), len(corpus.published_sources)) == (20, 2)
    monkeypatch.setattr(paging, "MOST_LISTED", listed)
    monkeypatch.setattr(paging, "MATRIX_ROWS", 20)
    monkeypatch.setattr(paging, "SOURCES_LISTED", 2)
    for settings in (TEST_SETTINGS, PREVIEW):  # the drafts do not count
        files = generate_files(corpus, settings)
        assert not [p for p in files if p.startswith(SPLIT)], settings
        assert '<h3 id="status-true">' in files["claims/index.md"].decode()
        assert "Page 1 of" not in files["matrix.md"].decode()
        assert "Page 1 of" not in files["sources/index.md"].decode()
    monkeypatch.setattr(paging, "MOST_LISTED", listed - 1)
    monkeypatch.setattr(paging, "MATRIX_ROWS", 19)
    monkeypatch.setattr(paging, "SOURCES_LISTED", 1)
    for settings in (TEST_SETTINGS, PREVIEW):
        files = generate_files(corpus, settings)
        assert {"claims/verdict/true.md", "matrix/2.md", "sources/index/2.md"} <= set(files)
        assert "matrix/3.md" not in files and "sources/index/3.md" not in files
        assert "<h3 " not in files["claims/index.md"].decode()


DRAFT_CLAIMS = ("a-draft", "claim-00050-draft", "zz-draft")
"""Before every published claim, amid them, after them all (by id)."""
DRAFT_SOURCES = ("a-draft-source", "zz-draft-source")


def test_a_previews_drafts_join_the_releases_pages(
    content: Path, small_limits: None, tmp_path: Path
) -> None:
    root = tmp_path / "content"
    shutil.copytree(content, root)
    add_drafts(root, DRAFT_CLAIMS, DRAFT_SOURCES)
    corpus = check(root)

    def markdown(settings: SiteSettings) -> dict[str, str]:
        files = generate_files(corpus, settings)
        return {path: data.decode() for path, data in files.items() if path.endswith(".md")}

    release, preview = markdown(TEST_SETTINGS), markdown(PREVIEW)
    lists = sorted(p for p in release if p.startswith((*SPLIT, "matrix.md", "sources/index.md")))
    assert lists == sorted(
        p for p in preview if p.startswith((*SPLIT, "matrix.md", "sources/index.md"))
    )
    assert len(lists) > 40
    drafts = set(DRAFT_CLAIMS) | set(DRAFT_SOURCES)
    shown: Counter[str] = Counter()
    for path in lists:
        if path.startswith("sources/"):
            listed = [source_ids_linked(path, text[path]) for text in (release, preview)]
        else:
            pattern = ROW if path.startswith("matrix") else ITEM
            listed = [claim_ids_linked(path, text[path], pattern) for text in (release, preview)]
        in_release, in_preview = listed
        assert [i for i in in_preview if i not in drafts] == in_release, path  # the same page
        assert in_preview == sorted(in_preview), path
        assert pager_links(path, preview[path]) == pager_links(path, release[path])
        if path.startswith(("matrix", "sources/")):
            shown.update(i for i in in_preview if i in drafts)
    assert shown == Counter(drafts)  # each once in the matrix or the sources index
    first, last = paging.page_paths("matrix.md", 5)[::4]
    assert claim_ids_linked(first, preview[first], ROW)[0] == "a-draft"
    assert claim_ids_linked(last, preview[last], ROW)[-1] == "zz-draft"
    assert "Claims 1 to 31 of 135, by id." in said(preview[first])  # a draft and 30 published
    for page in ("claims/claim-00001.md", "claims/claim-00050.md", "sources/source-0001.md"):
        assert preview[page] == release[page]  # its links lead to the same lists


def test_rendering_is_deterministic_incremental_and_parallel(
    corpus: Corpus, small_limits: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_files, "PARALLEL_MINIMUM", 1)  # fork even for this small site
    one, two = tmp_path / "one", tmp_path / "two"
    render_docs(corpus, one, TEST_SETTINGS)
    first = render_docs(corpus, two, TEST_SETTINGS, jobs=2)
    assert "matrix/2.md" in first.written and "claims/tag/topic-00/2.md" in first.written
    assert tree(one) == tree(two)
    assert render_docs(corpus, two, TEST_SETTINGS, jobs=2).written == ()
    monkeypatch.setattr(paging, "MOST_LISTED", 10_000)
    monkeypatch.setattr(paging, "MATRIX_ROWS", 10_000)
    shrunk = render_docs(corpus, two, TEST_SETTINGS, jobs=2)
    assert "matrix/2.md" in shrunk.deleted and "claims/verdict/true.md" in shrunk.deleted
    assert not (two / "matrix").exists() and not (two / "claims" / "verdict").exists()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


# --- a real, strict MkDocs build ----------------------------------------------------------


class _Links(HTMLParser):
    """The hrefs of a page's links and the ids it has."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.nav_hrefs: list[str] = []
        """The links of Material's navigation (`md-nav__link`)."""
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        if tag == "a" and values.get("href"):
            self.hrefs.append(str(values["href"]))
            if "md-nav__link" in str(values.get("class", "")).split():
                self.nav_hrefs.append(str(values["href"]))


def target_of(page: Path, href: str) -> Path:
    """The file a relative link of `page` leads to (a folder's `index.html`)."""
    path = unquote(urlsplit(href).path)
    target = (page.parent / path).resolve() if path else page
    return target / "index.html" if target.is_dir() else target


def parsed(page: Path) -> _Links:
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


@pytest.mark.slow
def test_the_split_pages_build_strictly_and_every_link_lands(
    content: Path, small_limits: None, shim: Path, tmp_path: Path, repo_root: Path
) -> None:
    from generator.commands.build import build

    site = tmp_path / "site"
    build(
        content,
        site,
        offline=True,  # strict too, without directory URLs
        dist_dir=tmp_path / "dist",
        config=repo_root / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
    )
    checked = [site / "index.html", site / "claims" / "index.html"]
    checked += sorted((site / "claims" / "verdict").rglob("index.html"))
    checked += sorted((site / "claims" / "tag").rglob("index.html"))
    checked += [site / "matrix" / "index.html", *sorted((site / "matrix").glob("*/index.html"))]
    checked += [site / "claims" / "claim-00001" / "index.html"]
    checked += [
        site / "sources" / "index.html",
        *sorted((site / "sources" / "index").glob("*/index.html")),
    ]
    assert len(checked) > 40
    in_nav = {site / "index.html", site / "claims" / "index.html", site / "sources" / "index.html"}
    in_nav |= {
        site / name / "index.html"
        for name in ("matrix", "timeline", "methodology", "data", "claimants", "about")
    }
    for page in checked:
        links = parsed(page)
        # The lists stay out of the nav: it links the pages of mkdocs.yml's nav, and this one.
        assert {target_of(page, href) for href in links.nav_hrefs} <= in_nav | {page}, page
        for href in links.hrefs:
            address = urlsplit(href)
            if address.scheme or address.netloc:
                continue
            target = target_of(page, href)
            assert target.is_file(), (page, href)
            if address.fragment and target.suffix == ".html":
                assert address.fragment in parsed(target).ids, (page, href)
    for name in NAMED_AS_FOLDERS:
        assert "question" in parsed(site / "claims" / name / "index.html").ids
    assert "verdict-true" in parsed(site / "claims" / "verdict" / "true" / "index.html").ids
    sources = [site / "sources" / "index.html"]
    sources += [site / "sources" / "index" / str(n) / "index.html" for n in range(2, 9)]
    listed = []
    for number, page in enumerate(sources, start=1):
        links = parsed(page)
        targets = {target_of(page, href) for href in links.hrefs}
        assert {sources[0], sources[-1]} - {page} <= targets, page  # the first, the last
        listed += [t.parent.name for t in targets if t.parent.parent == site / "sources"]
        html = page.read_text(encoding="utf-8")
        assert html.count('<span role="navigation" aria-label="Pages">') == 2, page
        assert html.count(f'<strong aria-current="page">{number}</strong>') == 2, page
    assert sorted(listed) == sorted(s.stem for s in (content / "sources").glob("*.md"))
    for name in NAMED_AS_PAGES:  # a source named 2 has its page; the index's page 2 its own
        assert "Synthetic article number 0" in (site / "sources" / name / "index.html").read_text()
    overview = parsed(site / "claims" / "index.html")
    assert {f"status-{s.value}" for s in SCALE} <= overview.ids
    assert "tag-topic-00" in overview.ids


def test_the_matrix_order_is_each_corpus_own(corpus: Corpus, tmp_path: Path) -> None:
    other = check(generate(tmp_path / "content", 12).root)
    for each in (corpus, other, corpus):
        sources, claims = matrix_order(each)
        assert [doc.id for doc in claims] == sorted(doc.id for doc in each.published_claims)
        assert [s.id for s in sources] == sorted(s.id for s in each.published_sources)
