"""generator.commands.build: validate -> render -> publish, and the same bytes for the same content."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
import zipfile
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from contentkit import OfflineBundle, build_folder, claim_with, with_credits, write_content

from generator.commands import build as build_module
from generator.commands.build import build, content_date, docs_dir_of
from generator.corpus.pipeline import check
from generator.errors import BuildInterrupted, ContentError, PublishError
from generator.publish.offline import default_shim_path
from generator.render import files as render_files

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "publish_docs"


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def need_shim() -> None:
    if not default_shim_path(ROOT / "mkdocs.yml").is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(
                "the iframe-worker shim is missing: `make vendor` must run before the tests"
            )
        pytest.skip("run `make vendor` first (iframe-worker shim)")


def renderer() -> None:
    pytest.importorskip("generator.render.docs", reason="generator.render.docs not written yet")
    pytest.importorskip(
        "generator.render.settings", reason="generator.render.settings not written yet"
    )


@pytest.fixture
def fake_render(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Stand in for generator.render.docs: copy the hand-written docs (tests publish, not render)."""
    calls: list[Path] = []

    def render(corpus: object, docs_dir: Path, config: Path, *, jobs: int = 1) -> None:
        calls.append(docs_dir)
        if docs_dir.exists():
            shutil.rmtree(docs_dir)
        shutil.copytree(FIXTURE_DOCS, docs_dir)

    monkeypatch.setattr(build_module, "render", render)
    return calls


def test_docs_dir_comes_from_mkdocs_yml() -> None:
    assert docs_dir_of(ROOT / "mkdocs.yml") == ROOT / "build" / "docs"


def test_content_date_is_the_newest_published_date(tmp_path: Path) -> None:
    content = write_content(
        tmp_path,
        claims={
            "a.yaml": claim_with(published="published: 2026-01-02", updated="updated: 2026-03-04"),
            "b.yaml": claim_with(published="published: 2026-01-02", updated="updated: 2026-10-31")
            + "draft: true\n",
        },
    )
    corpus = check(content)
    assert content_date(corpus) == dt.date(2026, 3, 4)  # drafts are not published


def test_orchestrates_validate_render_publish(tmp_path: Path, fake_render: list[Path]) -> None:
    need_shim()
    content = write_content(tmp_path)
    result = build(
        content,
        tmp_path / "site",
        offline=True,
        dist_dir=tmp_path / "dist",
        config=ROOT / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
    )
    assert fake_render == [tmp_path / "docs"]
    assert result.site.path == tmp_path / "site"
    assert (tmp_path / "site" / "claims" / "kim-100-deaths" / "index.html").is_file()
    assert result.bundle is not None
    assert result.bundle.path == tmp_path / "dist" / "kursk-claims-fact-check-offline.zip"
    xml = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-23</lastmod>" in xml  # the claim's `updated`, not today


def test_invalid_content_writes_nothing(tmp_path: Path, fake_render: list[Path]) -> None:
    content = write_content(tmp_path, claims={"bad.yaml": claim_with(status="status: probably")})
    with pytest.raises(ContentError):
        build(
            content,
            tmp_path / "site",
            offline=True,
            dist_dir=tmp_path / "dist",
            config=ROOT / "mkdocs.yml",
            docs_dir=tmp_path / "docs",
        )
    assert fake_render == []
    assert not (tmp_path / "site").exists() and not (tmp_path / "dist").exists()


def test_publish_failure_keeps_the_previous_site(
    tmp_path: Path, fake_render: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_content(tmp_path)
    kw = {
        "offline": False,
        "dist_dir": tmp_path / "dist",
        "config": ROOT / "mkdocs.yml",
        "docs_dir": tmp_path / "docs",
    }
    build(content, tmp_path / "site", **kw)  # type: ignore[arg-type]
    before = tree(tmp_path / "site")

    def broken(corpus: object, docs_dir: Path, config: Path, *, jobs: int = 1) -> None:
        shutil.rmtree(docs_dir)
        shutil.copytree(FIXTURE_DOCS, docs_dir)
        (docs_dir / "index.md").write_text("# Home\n\n[gone](nowhere.md)\n", encoding="utf-8")

    monkeypatch.setattr(build_module, "render", broken)
    with pytest.raises(PublishError, match=r"nowhere\.md"):
        build(content, tmp_path / "site", **kw)  # type: ignore[arg-type]
    assert tree(tmp_path / "site") == before


def test_bundle_failure_keeps_the_previous_site_and_zip(
    tmp_path: Path, fake_render: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both outputs are staged first: a failing bundle must not leave a new site beside the old zip."""
    need_shim()
    content = write_content(tmp_path)
    kw = {
        "offline": True,
        "dist_dir": tmp_path / "dist",
        "config": ROOT / "mkdocs.yml",
        "docs_dir": tmp_path / "docs",
    }
    build(content, tmp_path / "site", **kw)  # type: ignore[arg-type]
    site, dist = tree(tmp_path / "site"), tree(tmp_path / "dist")
    (content / "claims" / "served-120-days.yaml").write_text(
        with_credits(claim_with(updated="updated: 2026-11-24")), encoding="utf-8"
    )  # a new date: the new site would differ

    def failing(*args: object, **kwargs: object) -> object:
        raise PublishError("bundle broke")

    monkeypatch.setattr(build_module, "stage_offline_bundle", failing)
    with pytest.raises(PublishError, match="bundle broke"):
        build(content, tmp_path / "site", **kw)  # type: ignore[arg-type]
    assert tree(tmp_path / "site") == site
    assert tree(tmp_path / "dist") == dist
    assert not [p for p in tmp_path.iterdir() if ".tmp-" in p.name]


def test_a_signal_between_a_staging_folder_and_its_cleanup_leaves_nothing(
    tmp_path: Path, fake_render: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal can land after a stage made its temporary folder and before any code knows
    to remove it (CI once caught one at that moment); the build removes such leftovers."""
    content = write_content(tmp_path)
    kw = {
        "offline": True,
        "dist_dir": tmp_path / "dist",
        "config": ROOT / "mkdocs.yml",
        "docs_dir": tmp_path / "docs",
    }

    def interrupted(config: Path, docs_dir: Path, zip_path: Path, **kwargs: object) -> object:
        zip_path.parent.mkdir(parents=True, exist_ok=True)
        tempfile.mkdtemp(prefix=f".{zip_path.name}.tmp-", dir=zip_path.parent)
        raise BuildInterrupted("build interrupted by SIGTERM; the previous output is kept")

    monkeypatch.setattr(build_module, "stage_offline_bundle", interrupted)
    with pytest.raises(BuildInterrupted):
        build(content, tmp_path / "site", **kw)  # type: ignore[arg-type]
    assert not [p for p in tmp_path.rglob("*") if ".tmp-" in p.name]


# ----------------------------------------------------------- the shipped content


def build_content(where: Path, jobs: int = 1) -> tuple[Path, Path]:
    result = build(
        ROOT / "content",
        where / "site",
        offline=True,
        dist_dir=where / "dist",
        config=ROOT / "mkdocs.yml",
        docs_dir=where / "docs",
        jobs=jobs,
    )
    assert result.bundle is not None
    return result.site.path, result.bundle.path


def test_shipped_content_builds_strictly_and_reproducibly(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shipped_site: Path,
    shipped_bundle: OfflineBundle,
) -> None:
    """The real thing, twice: same content -> byte-identical site/ and zip, whether
    one process renders the pages or two forked workers do (the first is the session's
    shared build, `shipped_build`, made as `build_content` makes it)."""
    renderer()
    need_shim()
    site_a, zip_a = shipped_site, shipped_bundle.zip
    os.utime(ROOT / "mkdocs.yml")  # a touched file changes nothing
    monkeypatch.setattr(render_files, "PARALLEL_MINIMUM", 1)  # fork even for 18 claims
    site_b, zip_b = build_content(tmp_path / "b", jobs=2)
    assert tree(site_a) == tree(site_b)
    assert zip_a.read_bytes() == zip_b.read_bytes()

    corpus = check(ROOT / "content")
    for doc in corpus.published_claims:
        assert (site_a / "claims" / doc.id / "index.html").is_file()
    for source in corpus.sources:
        assert (site_a / "sources" / source.id / "index.html").is_file()
    with zipfile.ZipFile(zip_a) as zf:
        names = set(zf.namelist())
    top = zip_a.name.removesuffix(".zip")
    for doc in corpus.published_claims:
        assert f"{top}/claims/{doc.id}.html" in names
    assert "<lastmod>" in (site_a / "sitemap.xml").read_text(encoding="utf-8")
    lastmods = sitemap_lastmods(site_a / "sitemap.xml")
    for doc in corpus.published_claims:
        assert (
            lastmods[f"https://factcheck.example.org/claims/{doc.id}/"]
            == doc.claim.updated.isoformat()
        )
    for source in corpus.published_sources:
        dates = [c.claim.updated for c in corpus.published_claims if source.id in _sources_of(c)]
        dates += [source.meta.retrieved] if isinstance(source.meta.retrieved, dt.date) else []
        assert (
            lastmods[f"https://factcheck.example.org/sources/{source.id}/"]
            == max(dates).isoformat()
        )
    newest = content_date(corpus)
    assert newest is not None
    assert (
        lastmods["https://factcheck.example.org/"] == newest.isoformat()
    )  # lists change with any claim


def test_each_claim_page_has_its_own_lastmod_in_the_sitemap(tmp_path: Path) -> None:
    renderer()
    content = write_content(
        tmp_path,
        claims={
            "older.yaml": claim_with(
                published="published: 2026-01-02", updated="updated: 2026-02-03"
            ),
            "newer.yaml": claim_with(
                published="published: 2026-01-02", updated="updated: 2026-11-23"
            ),
        },
    )
    site = tmp_path / "site"
    build(
        content,
        site,
        offline=False,
        dist_dir=tmp_path / "dist",
        config=ROOT / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
    )
    lastmods = sitemap_lastmods(site / "sitemap.xml")
    assert lastmods["https://factcheck.example.org/claims/older/"] == "2026-02-03"
    assert lastmods["https://factcheck.example.org/claims/newer/"] == "2026-11-23"
    assert (
        lastmods["https://factcheck.example.org/sources/article/"] == "2026-11-23"
    )  # quoted by both
    assert lastmods["https://factcheck.example.org/claims/"] == "2026-11-23"


def sitemap_lastmods(path: Path) -> dict[str, str]:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(path).getroot()
    return {
        url.findtext("s:loc", namespaces=namespace) or "": url.findtext(
            "s:lastmod", namespaces=namespace
        )
        or ""
        for url in root.findall("s:url", namespace)
    }


def _sources_of(doc: Any) -> set[str]:
    claim = doc.claim
    quoted = [*claim.citations, *claim.reported, *claim.timeline]
    return {item.source for item in quoted} | set(claim.appears_in)


def test_a_rendering_process_that_dies_is_a_publish_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    renderer()
    import generator.render.docs

    def dying_render(*args: object, **kwargs: object) -> None:
        raise BrokenProcessPool("A process in the process pool was terminated abruptly")

    monkeypatch.setattr(generator.render.docs, "render_docs", dying_render)
    with pytest.raises(
        PublishError,
        match=r"a rendering process died \(out of memory\?\); nothing was published; try again with --jobs 1",
    ):
        build_module.render(check(ROOT / "content"), tmp_path / "docs", ROOT / "mkdocs.yml", jobs=2)


def test_the_corpus_is_freed_before_mkdocs_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs holds every page in memory; the validated content must not stay beside it."""
    renderer()
    import weakref

    import generator.corpus.pipeline

    seen: list[weakref.ref[object]] = []
    alive_during_mkdocs: list[bool] = []
    real_check, real_stage = generator.corpus.pipeline.check, build_module.stage_site

    def remembering_check(content: Path, **options: object) -> object:
        corpus = real_check(content, **options)  # type: ignore[arg-type]
        seen.extend(weakref.ref(part) for part in (corpus, corpus.claims[0], corpus.sources[0]))
        return corpus

    def watching_stage(*args: object, **kwargs: object) -> object:
        alive_during_mkdocs.append(any(ref() is not None for ref in seen))
        return real_stage(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(generator.corpus.pipeline, "check", remembering_check)
    monkeypatch.setattr(build_module, "stage_site", watching_stage)
    result = build(
        write_content(tmp_path),
        tmp_path / "site",
        offline=False,
        dist_dir=tmp_path / "dist",
        config=ROOT / "mkdocs.yml",
        docs_dir=tmp_path / "docs",
    )
    assert (result.claims, result.sources) == (1, 1)
    assert alive_during_mkdocs == [False]


def test_a_draft_in_the_shipped_content_leaves_no_trace_in_the_site_or_the_bundle(
    tmp_path: Path, shipped_site: Path, shipped_bundle: OfflineBundle
) -> None:
    """The real content with a draft claim and a draft source added builds to exactly the
    bytes of the real content alone (the session's shared build): not a page, link, search
    entry or quote of either."""
    renderer()
    need_shim()
    corpus = check(ROOT / "content")
    cited = next(doc for doc in corpus.published_claims if doc.claim.citations).claim.citations[0]
    with_drafts = tmp_path / "with-drafts" / "content"
    shutil.copytree(ROOT / "content", with_drafts)
    (with_drafts / "sources" / "zz-draft-notes.md").write_text(
        "---\ntitle: Unpublished field notes of a draft\noutlet: Draft Outlet\npublished: unknown\n"
        "retrieved: unknown\nlanguage: en\ndraft: true\n---\nThe notes say the regiment marched for ninety-nine nights.\n",
        encoding="utf-8",
    )
    (with_drafts / "claims" / "zz-draft-claim.yaml").write_text(
        claim_with(
            question="question: Did the sappers march for ninety-nine nights?",
            claimant="claimant: Draft Outlet",
            citations="citations:\n  - source: zz-draft-notes\n    quote: marched for ninety-nine nights\n    stance: supports\n"
            f"  - source: {cited.source}\n    quote: {json.dumps(cited.quote)}\n    stance: context",
        ).replace(
            "  - source: article\n    quote: returned in December after 120 days\n    stance: supports\n",
            "",
        )
        + "draft: true\n",
        encoding="utf-8",
    )
    assert {doc.id for doc in check(with_drafts).claims if doc.claim.draft} >= {"zz-draft-claim"}
    drafted = build_folder(with_drafts, tmp_path / "with-drafts", offline=True)
    assert drafted.bundle is not None
    plain_site, plain_zip = shipped_site, shipped_bundle.zip
    draft_site, draft_zip = drafted.site, drafted.bundle.zip
    assert tree(draft_site) == tree(plain_site)
    assert draft_zip.read_bytes() == plain_zip.read_bytes()
    traces = [
        b"zz-draft",
        b"ninety-nine",
        b"Unpublished field notes",
        b"Draft Outlet",
        b"Draft \xe2\x80\x94 not published",
        b'fc-draft"',
    ]
    files = [p.read_bytes() for p in draft_site.rglob("*") if p.is_file()]
    with zipfile.ZipFile(draft_zip) as zf:
        files += [zf.read(name) for name in zf.namelist()]
        files.append("\n".join(zf.namelist()).encode("utf-8"))
    files.append("\n".join(p.as_posix() for p in draft_site.rglob("*")).encode("utf-8"))
    for trace in traces:
        assert not any(trace in data for data in files), trace


def test_a_build_after_a_preview_in_the_same_process_indexes_only_its_own_pages(
    tmp_path: Path,
) -> None:
    """MkDocs keeps Material's search plugin for the whole process; after a preview had
    built, a later full build merged its index into the preview's (the offline bundle's
    search had the preview's drafts). Neither Material's index nor Pagefind's may carry
    a page the build did not make."""
    import gzip

    from contentkit import write_content_with_drafts

    from generator.commands.serve import Preview

    renderer()
    preview = Preview(
        write_content_with_drafts(tmp_path / "preview"), ROOT / "mkdocs.yml", tmp_path / "work"
    )
    assert preview.rebuild(lambda line: None).ok
    shown = [p.read_text(encoding="utf-8") for p in preview.site_dir.glob("claims/*/index.html")]
    assert any("ninety-nine" in page for page in shown)  # the preview shows the draft
    need_shim()
    site, bundle = build_content(tmp_path)
    material = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "ninety-nine" not in material
    fragments = [
        gzip.decompress(p.read_bytes()) for p in (site / "search/pagefind/fragment").iterdir()
    ]
    assert fragments and not any(b"ninety-nine" in f for f in fragments)
    with zipfile.ZipFile(bundle) as zf:
        assert not any(b"ninety-nine" in zf.read(name) for name in zf.namelist())
