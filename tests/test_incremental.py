"""Regenerating after one edit in a 2,000-claim site rewrites only the files whose bytes change.

Unchanged files keep their bytes and their mtime, which is what lets MkDocs'
dirty builds (`factcheck serve`) rebuild only the changed pages. Also: the load
cache `factcheck serve` validates with gives the same report as reading
everything again, and reuses what did not change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.corpus import claim_id, edit_claim, generate
from generator.corpus.pipeline import validate_content
from generator.corpus.read import LoadCache, load_content
from generator.corpus.validation_cache import ValidationCache
from generator.render.docs import generate_files, render_docs
from generator.render.settings import load_settings

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = load_settings(ROOT / "mkdocs.yml")
PAST_NS = 1_000_000_000_000_000_000


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in root.rglob("*")
        if p.is_file()
    }


def age(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(PAST_NS, PAST_NS))


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("incremental")
    content = generate(root / "content", 2000).root
    report = validate_content(content)
    assert report.corpus is not None
    render_docs(report.corpus, root / "docs", SETTINGS)
    return content, root / "docs"


@pytest.mark.slow  # renders a whole 2,000-claim site
def test_one_edit_in_2000_claims_rewrites_only_what_changed(big_site: tuple[Path, Path]) -> None:
    content, docs = big_site
    age(docs)
    before = snapshot(docs)
    edit_claim(content, 1234, "one edited summary")
    report = validate_content(content)
    assert report.corpus is not None
    expected = {path: data for path, data in generate_files(report.corpus, SETTINGS).items()}
    result = render_docs(report.corpus, docs, SETTINGS)
    after = snapshot(docs)

    changed = sorted(path for path, data in expected.items() if before[path][0] != data)
    assert list(result.written) == changed
    assert f"claims/{claim_id(1234)}.md" in changed
    assert len(changed) < 10, changed  # the claim page and the files listing every claim's summary
    assert result.deleted == ()
    for path, (data, mtime) in after.items():
        if path in changed:
            assert data == expected[path] and mtime != PAST_NS
        elif path in expected:
            assert (data, mtime) == (before[path][0], PAST_NS), f"{path} was rewritten"


@pytest.mark.slow  # renders a whole 2,000-claim site
def test_rendering_again_without_a_change_touches_nothing(big_site: tuple[Path, Path]) -> None:
    content, docs = big_site
    report = validate_content(content)
    assert report.corpus is not None
    render_docs(report.corpus, docs, SETTINGS)
    age(docs)
    before = snapshot(docs)
    result = render_docs(report.corpus, docs, SETTINGS)
    assert result.written == () and result.deleted == ()
    assert snapshot(docs) == before


def test_the_load_cache_reuses_unchanged_files_and_rereads_changed_ones(tmp_path: Path) -> None:
    content = generate(tmp_path / "content", 30).root
    cache = LoadCache()
    first = {f.path: f for f in load_content(content, cache=cache).files}
    path = edit_claim(content, 3, "cached?")
    second = {f.path: f for f in load_content(content, cache=cache).files}
    assert second.keys() == first.keys()
    assert second[path] is not first[path] and "cached?" in second[path].text
    assert all(second[p] is first[p] for p in first if p != path)
    (content / "claims" / f"{claim_id(4)}.yaml").unlink()
    third = load_content(content, cache=cache)
    assert len(third.files) == len(second) - 1


def test_validating_through_the_cache_gives_the_same_report(tmp_path: Path) -> None:
    content = generate(tmp_path / "content", 30).root
    cache = ValidationCache()
    validate_content(content, cache=cache)
    (content / "claims" / f"{claim_id(5)}.yaml").write_text(
        "question: [unclosed\n", encoding="utf-8"
    )
    edit_claim(content, 6, "fine")
    cached, fresh = validate_content(content, cache=cache), validate_content(content)
    assert [p.format() for p in cached.problems] == [p.format() for p in fresh.problems]
    assert cached.problems and cached.corpus is None
    assert (cached.claims, cached.sources, cached.citations) == (
        fresh.claims,
        fresh.sources,
        fresh.citations,
    )


@pytest.mark.slow  # renders a whole 2,000-claim site
def test_rendering_with_two_processes_gives_the_same_tree(
    big_site: tuple[Path, Path], tmp_path: Path
) -> None:
    content, _ = big_site
    report = validate_content(content)
    assert report.corpus is not None
    serial = render_docs(report.corpus, tmp_path / "serial", SETTINGS, jobs=1)
    parallel = render_docs(report.corpus, tmp_path / "parallel", SETTINGS, jobs=2)
    assert parallel == serial
    assert len(serial.written) > 2000
    serial_files = {path: data for path, (data, _) in snapshot(tmp_path / "serial").items()}
    assert {
        path: data for path, (data, _) in snapshot(tmp_path / "parallel").items()
    } == serial_files

    age(tmp_path / "parallel")
    again = render_docs(report.corpus, tmp_path / "parallel", SETTINGS, jobs=2)
    assert again.written == () and again.unchanged == serial.written
    assert {mtime for _, mtime in snapshot(tmp_path / "parallel").values()} == {PAST_NS}
