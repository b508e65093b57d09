"""Search: Pagefind's index of the published claims (generator/publish/search.py).

The index is made by the real Pagefind binary, over small hand-written sites here (fast),
and over real builds of the shipped content (slow). What a reader sees in a browser is
tested in tests/browser/test_search.py.
"""

from __future__ import annotations

import base64
import gzip
import json
import re
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from contentkit import OfflineBundle, file_digests, write_content
from publishkit import tree_of

from generator.errors import PublishError
from generator.publish import search
from generator.publish.search import (
    FIRST_SHOWN,
    INDEX_FOLDER,
    RESULTS_LISTED,
    WORKER,
    SearchStopped,
    index_published_claims,
)

ROOT = Path(__file__).resolve().parent.parent


def claim_page(question: str, verdict: str, text: str, *, marked: bool = True) -> str:
    """A page as the theme prints a published claim's (`marked`) or any other page."""
    body = " data-pagefind-body" if marked else ""
    return (
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        "<header><nav>Home Claims Sources</nav></header>"
        f'<article class="md-content__inner md-typeset"{body}>'
        f"<h1>{question}</h1>"
        f'<p>Our verdict: <span data-pagefind-meta="verdict">{verdict}</span></p>'
        f"<p>{text}</p><p data-pagefind-ignore>Printed address and terms</p></article>"
        "<footer>footer words</footer></body></html>"
    )


def write_site(root: Path, pages: dict[str, str]) -> Path:
    for name, html in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
    return root


def small_site(root: Path) -> Path:
    """Two published claims, the list of claims, a draft's page and a source page."""
    return write_site(
        root,
        {
            "index.html": claim_page("Home", "-", "home page words", marked=False),
            "claims/index.html": claim_page("Claims", "-", "every claim listed", marked=False),
            "claims/regiment/index.html": claim_page(
                "Did the regiment serve 120 days?", "Mostly true", "The sappers cleared mines."
            ),
            "claims/ceremony/index.html": claim_page(
                "Was the ceremony held in December?", "False", "A ceremony & a <parade>."
            ),
            "claims/draft/index.html": claim_page(
                "A draft nobody reviewed", "False", "draftword", marked=False
            ),
            "sources/article/index.html": claim_page("A source", "-", "sourceword"),
        },
    )


def index(site: Path, *, offline: bool = False, **options: object) -> search.SearchIndex:
    return index_published_claims(
        site, offline=offline, claims_list="claims/", language="en", **options
    )  # type: ignore[arg-type]


def fragments(site: Path) -> list[dict[str, object]]:
    """Every page the index holds, as Pagefind stored it (its fragments, gunzipped)."""
    folder = site / INDEX_FOLDER / "fragment"
    found = []
    for path in sorted(folder.iterdir()):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        found.append(json.loads(data[len(b"pagefind_dcd") :]))
    return found


def worker_settings(site: Path) -> tuple[dict[str, object], dict[str, str]]:
    """The settings and the embedded files that the worker starts with."""
    text = (site / WORKER).read_text(encoding="ascii")
    settings = re.match(r"self\.factcheckSearch = (.*);\n", text)
    files = re.search(r"^self\.factcheckSearchFiles = (.*);$", text, re.MULTILINE)
    assert settings and files
    return json.loads(settings[1]), json.loads(files[1])


# ----------------------------------------------------------------- what is indexed


def test_only_the_marked_claim_pages_are_indexed_with_their_title_and_verdict(
    tmp_path: Path,
) -> None:
    site = small_site(tmp_path / "site")
    made = index(site)
    pages = {page["url"]: page for page in fragments(site)}
    assert set(pages) == {"/claims/regiment/", "/claims/ceremony/"}
    assert made.pages == 2
    regiment = pages["/claims/regiment/"]
    assert regiment["meta"] == {
        "title": "Did the regiment serve 120 days?",
        "verdict": "Mostly true",
    }
    content = str(regiment["content"])
    assert "sappers cleared mines" in content
    for chrome in ("Home Claims Sources", "footer words", "Printed address"):
        assert chrome not in content


def test_a_site_without_a_published_claim_gets_a_worker_that_finds_nothing(
    tmp_path: Path,
) -> None:
    """Pagefind would index every page whole when none is marked: the list of claims must
    not become a search result."""
    site = write_site(
        tmp_path / "site",
        {"claims/index.html": claim_page("Claims", "-", "no claim yet", marked=False)},
    )
    made = index(site)
    assert made == search.SearchIndex(0, 0, 0)
    assert list((site / INDEX_FOLDER).iterdir()) == []
    settings, files = worker_settings(site)
    assert settings["transport"] == "none" and files == {}
    assert "const pagefind_version" not in (site / WORKER).read_text(encoding="ascii")


def test_the_same_site_gives_the_same_bytes(tmp_path: Path) -> None:
    one, two = small_site(tmp_path / "one"), small_site(tmp_path / "two")
    index(one)
    index(two)
    assert tree_of(one / "search") == tree_of(two / "search")
    index(one)  # again, over the index in place
    assert tree_of(one / "search") == tree_of(two / "search")


# ----------------------------------------------------------------- the worker and the files


def test_the_worker_carries_its_settings_the_files_read_first_and_pagefinds_script(
    tmp_path: Path,
) -> None:
    site = small_site(tmp_path / "site")
    index(site)
    settings, files = worker_settings(site)
    assert settings == {
        "claims": "claims/",
        "language": "en",
        "limit": RESULTS_LISTED,
        "first": FIRST_SHOWN,
        "more": {"text": search.MORE_TEXT, "title": search.MORE_TITLE},
        "parts": [],
        "transport": "fetch",
    }
    entry = json.loads(base64.b64decode(files["pagefind-entry.json"]))
    assert set(files) == {
        "pagefind-entry.json",
        f"pagefind.{entry['languages']['en']['hash']}.pf_meta",
        "wasm.en.pagefind",
    }
    text = (site / WORKER).read_text(encoding="ascii")
    assert search._ADAPTER.read_text(encoding="utf-8") in text
    assert "Pagefind 1.5.2's worker script" in text
    assert text.index("factcheck's search worker") < text.index("const pagefind_version")
    # What the worker carries is not left in the folder; only what queries load is.
    kept = {p.relative_to(site / INDEX_FOLDER).parts[0] for p in (site / INDEX_FOLDER).rglob("*")}
    assert kept <= {"index", "fragment", "filter"}


def test_offline_every_file_of_the_index_is_a_script_that_hands_over_its_bytes(
    tmp_path: Path,
) -> None:
    online, offline = small_site(tmp_path / "online"), small_site(tmp_path / "offline")
    index(online)
    index(offline, offline=True)
    assert worker_settings(offline)[0]["transport"] == "script"
    binary = tree_of(online / INDEX_FOLDER)
    scripts = tree_of(offline / INDEX_FOLDER)
    assert set(scripts) == {f"{name}.js" for name in binary}
    for name, data in binary.items():
        script = scripts[f"{name}.js"].decode("ascii")
        assert script == (
            f'self.factcheckSearchFiles["{name}"]="{base64.b64encode(data).decode()}";\n'
        )


def test_the_index_replaces_the_one_in_place_only_when_complete(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site")
    index(site)
    before = tree_of(site / "search")
    (site / "claims" / "regiment" / "index.html").write_text(
        claim_page("Did the regiment serve 200 days?", "False", "changed"), encoding="utf-8"
    )
    index(site)
    after = tree_of(site / "search")
    assert after != before
    assert {p.name for p in (site / "search").iterdir()} == {"pagefind", "worker.js"}
    titles = {page["meta"]["title"] for page in fragments(site)}  # type: ignore[index]
    assert titles == {"Did the regiment serve 200 days?", "Was the ceremony held in December?"}


# ----------------------------------------------------------------- an index in parts


def many_claims(
    root: Path, count: int, *, published: Callable[[int], bool] = lambda n: True
) -> Path:
    """`count` claim pages, `claims/c00/` on; those for which `published(n)` is False are
    drafts' pages (not marked)."""
    pages = {
        f"claims/c{n:02}/index.html": claim_page(
            f"Did the sappers clear field {n}?",
            "False",
            f"Fieldword{n} mines.",
            marked=published(n),
        )
        for n in range(count)
    }
    return write_site(
        root, {"claims/index.html": claim_page("Claims", "-", "list", marked=False), **pages}
    )


def indexed_titles(site: Path) -> list[str]:
    """The title of every page of every part of the index, part by part."""
    folder = site / INDEX_FOLDER
    found = []
    for path in sorted(folder.rglob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        found.append(json.loads(data[len(b"pagefind_dcd") :])["meta"]["title"])
    return found


def test_a_large_site_is_indexed_in_parts_each_page_in_one(tmp_path: Path) -> None:
    site = many_claims(tmp_path / "site", 7)  # with the list of claims, 8 pages: 3 parts
    made = index(site, part_pages=3)
    assert made.pages == 7
    folder = site / INDEX_FOLDER
    assert sorted(p.name for p in folder.iterdir() if p.is_dir()) == ["1", "2", "fragment", "index"]
    titles = indexed_titles(site)
    assert sorted(titles) == sorted(f"Did the sappers clear field {n}?" for n in range(7))
    settings, files = worker_settings(site)
    assert settings["parts"] == ["1", "2"]
    prefixes = ("", "1/", "2/")
    entries = [json.loads(base64.b64decode(files[f"{p}pagefind-entry.json"])) for p in prefixes]
    metas = {
        f"{p}pagefind.{entry['languages']['en']['hash']}.pf_meta"
        for p, entry in zip(prefixes, entries, strict=True)
    }
    # Every part's entry and metadata; the WebAssembly once (merged parts use the first's).
    assert set(files) == {f"{p}pagefind-entry.json" for p in prefixes} | metas | {
        "wasm.en.pagefind"
    }
    for number in ("1", "2"):
        kept = {p.name for p in (folder / number).iterdir()}
        assert kept <= {"index", "fragment", "filter"}


def test_each_page_goes_to_the_next_part_in_turn_and_no_part_is_empty(tmp_path: Path) -> None:
    """Pages in turn, so that the parts' words are alike; a part left with no published
    claim (here the last: two drafts' pages and the list of claims) is left out."""
    site = many_claims(tmp_path / "site", 8, published=lambda n: n % 3 != 2)
    index(site, part_pages=3)
    assert worker_settings(site)[0]["parts"] == ["1"]
    assert len(indexed_titles(site)) == 6
    first = {page["meta"]["title"] for page in fragments(site)}  # type: ignore[index]
    assert first == {f"Did the sappers clear field {n}?" for n in (0, 3, 6)}


def test_the_parts_are_six_at_most(tmp_path: Path) -> None:
    site = many_claims(tmp_path / "site", 13)
    index(site, part_pages=1)
    assert worker_settings(site)[0]["parts"] == ["1", "2", "3", "4", "5"]
    assert sorted(indexed_titles(site)) == sorted(
        f"Did the sappers clear field {n}?" for n in range(13)
    )


def test_an_index_in_parts_is_the_same_bytes_for_the_same_site_online_and_offline(
    tmp_path: Path,
) -> None:
    one, two = many_claims(tmp_path / "one", 7), many_claims(tmp_path / "two", 7)
    index(one, part_pages=3)
    index(two, part_pages=3)
    assert tree_of(one / "search") == tree_of(two / "search")
    offline = many_claims(tmp_path / "offline", 7)
    index(offline, offline=True, part_pages=3)
    binary, scripts = tree_of(one / INDEX_FOLDER), tree_of(offline / INDEX_FOLDER)
    assert set(scripts) == {f"{name}.js" for name in binary}
    assert any(name.startswith("2/index/") for name in binary)
    assert list((one / "search").iterdir()) and not list(tmp_path.glob("**/pages-*"))


# ----------------------------------------------------------------- running Pagefind


def fake_pagefind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, script: str) -> Path:
    """A stand-in for Pagefind's binary: a shell script."""
    path = tmp_path / "fake-pagefind"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(search, "pagefind_executable", lambda: path)
    return path


def test_a_failing_pagefind_is_a_publish_error_and_the_index_in_place_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = small_site(tmp_path / "site")
    index(site)
    before = file_digests(site)
    fake_pagefind(tmp_path, monkeypatch, 'echo "Error: the disk is on fire" >&2\nexit 3\n')
    with pytest.raises(
        PublishError, match=r"(?s)Pagefind failed to index the claims.*disk is on fire"
    ):
        index(site)
    assert file_digests(site) == before


def test_pagefind_reads_no_configuration_file_and_no_pagefind_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the arguments given count: not a pagefind.yml where the build runs, nor
    PAGEFIND_* variables (which would let the environment change what is published)."""
    report = tmp_path / "seen"
    fake_pagefind(
        tmp_path,
        monkeypatch,
        f'pwd > {report}\nenv | grep -i "^pagefind" >> {report}\necho "$@" >> {report}\nexit 9\n',
    )
    monkeypatch.setenv("PAGEFIND_GLOB", "**/*.html")
    monkeypatch.setenv("pagefind_root_selector", "body")
    site = small_site(tmp_path / "site")
    (site / "pagefind.yml").write_text("glob: '**/*.html'\n", encoding="utf-8")
    monkeypatch.chdir(site)
    with pytest.raises(PublishError):
        index(site)
    cwd, arguments = report.read_text(encoding="utf-8").splitlines()
    assert Path(cwd) != site and not (Path(cwd) / "pagefind.yml").exists()
    assert "--glob claims/**/*.html" in arguments
    assert "--root-selector [data-pagefind-body]" in arguments


def test_stopping_ends_pagefind_and_replaces_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = small_site(tmp_path / "site")
    index(site)
    before = file_digests(site)
    started = tmp_path / "started"
    fake_pagefind(tmp_path, monkeypatch, f"touch {started}\nexec sleep 60\n")
    stop = threading.Event()
    threading.Timer(0.3, stop.set).start()
    with pytest.raises(SearchStopped):
        index(site, stop=stop)
    assert started.exists()
    assert file_digests(site) == before
    assert not [p for p in (site / "search").iterdir() if p.name.startswith(".")]


def test_a_missing_binary_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "pagefind_executable", lambda: tmp_path / "nowhere")
    with pytest.raises(PublishError, match=r"(?s)cannot run Pagefind.*make deps"):
        index(small_site(tmp_path / "site"))


# ----------------------------------------------------------------- real builds


@pytest.mark.slow
def test_the_shipped_site_indexes_every_published_claim_and_nothing_else(
    shipped_site: Path, shipped_bundle: OfflineBundle
) -> None:
    from generator.corpus.pipeline import check
    from generator.corpus.scale import verdict

    corpus = check(ROOT / "content")
    expected = {
        f"/claims/{c.id}/": (c.claim.question, verdict(c.claim.status).label)
        for c in corpus.published_claims
    }
    pages = {page["url"]: page["meta"] for page in fragments(shipped_site)}
    assert {url: (m["title"], m["verdict"]) for url, m in pages.items()} == expected  # type: ignore[index]
    marked = sorted(
        p.relative_to(shipped_site).as_posix()
        for p in shipped_site.rglob("*.html")
        if "data-pagefind-body" in p.read_text(encoding="utf-8")
    )
    assert marked == sorted(f"{url.strip('/')}/index.html" for url in expected)
    # Material's own index holds its settings and no page; its box asks our worker.
    material = json.loads((shipped_site / "search" / "search_index.json").read_text("utf-8"))
    assert material["docs"] == [] and material["config"]["lang"] == ["en"]
    home = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert '"search": "search/worker.js"' in home
    assert '<link rel="prefetch" href="search/worker.js">' in home
    # The offline bundle: its own index, of scripts, with the bundle's addresses.
    bundle = shipped_bundle.unzipped
    settings, _ = worker_settings(bundle)
    assert settings["transport"] == "script" and settings["claims"] == "claims/index.html"
    assert all(p.name.endswith(".js") for p in (bundle / INDEX_FOLDER).rglob("*") if p.is_file())
    offline_home = (bundle / "index.html").read_text(encoding="utf-8")
    assert '"search": "search/worker.js"' in offline_home and "prefetch" not in offline_home


@pytest.mark.slow
def test_a_failing_index_leaves_the_previous_site_and_bundle_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from contentkit import build_folder

    content = write_content(tmp_path / "in")
    built = build_folder(content, tmp_path / "out", offline=True)
    assert built.bundle is not None
    before = file_digests(built.site), built.bundle.zip.read_bytes()
    fake_pagefind(tmp_path, monkeypatch, 'echo "Error: no space left" >&2\nexit 1\n')
    with pytest.raises(PublishError, match="no space left"):
        build_folder(content, tmp_path / "out", offline=True)
    assert (file_digests(built.site), built.bundle.zip.read_bytes()) == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "dist",
        "docs",
        "offline",
        "site",
    ]


@pytest.mark.slow
def test_the_manual_keeps_materials_own_search(tmp_path: Path) -> None:
    """Only the fact-check site searches its claims with Pagefind; the manual's pages are
    indexed by Material, as any MkDocs site's."""
    import importlib.util

    if importlib.util.find_spec("mkdocs_click") is None:
        pytest.skip("mkdocs-click (the dev extra) builds the manual's command reference")
    from generator.publish.config import docs_dir_of
    from generator.publish.site import build_site

    config = ROOT / "docs" / "mkdocs.yml"
    site = build_site(config, docs_dir_of(config), tmp_path / "manual").path
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert len(index["docs"]) > 10
    assert not (site / WORKER).exists() and not (site / INDEX_FOLDER).exists()


@pytest.mark.slow
def test_the_preview_searches_published_claims_not_drafts(tmp_path: Path) -> None:
    from contentkit import write_content_with_drafts

    from generator.commands.serve import Preview

    content = write_content_with_drafts(tmp_path / "in")
    preview = Preview(content, ROOT / "mkdocs.yml", tmp_path / "work")
    try:
        assert preview.rebuild().ok
        preview.site.finish_indexing()
        urls = {page["url"] for page in fragments(preview.site_dir)}
        assert urls == {"/claims/served-120-days/"}
        assert (preview.site_dir / "claims" / "ninety-nine-nights" / "index.html").is_file()
    finally:
        preview.close()


def test_the_override_names_the_worker_this_material_ships() -> None:
    """main.html swaps Material's search worker for ours by its hashed file name; a Material
    release with another worker would leave its own (empty) search in place, silently."""
    import material

    template = (ROOT / "site_templates" / "overrides" / "main.html").read_text(encoding="utf-8")
    named = re.findall(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", template)
    shipped = Path(material.__file__).parent / "templates"
    assert named and all((shipped / name).is_file() for name in named)
