"""`ValidationCache` (what `factcheck serve` validates through) gives, after any edit,
the report a fresh validation gives, and judges again only what an edit can change."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.corpus.validate as validate_module
import generator.render.views as render_views
from benchmarks.corpus import claim_id, edit_claim, generate, source_id
from generator.corpus.pipeline import validate_content
from generator.corpus.validate import Report
from generator.corpus.validation_cache import ValidationCache


def _claim_file(content: Path, index: int) -> Path:
    return content / "claims" / f"{claim_id(index)}.yaml"


def _source_file(content: Path, index: int) -> Path:
    return content / "sources" / f"{source_id(index)}.md"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _a_quote_of(content: Path, source: Path) -> str:
    """A passage of `source` that some claim quotes, as it stands in the source."""
    pattern = re.compile(rf'source: {source.stem}\n\s+quote: "([^"\\]+)"')
    body = source.read_text(encoding="utf-8")
    for claim in sorted((content / "claims").glob("*.yaml")):
        for quote in pattern.findall(claim.read_text(encoding="utf-8")):
            if quote in body:
                return str(quote)
    raise AssertionError(f"no claim quotes {source.name} verbatim")


def _outcome(report: Report) -> tuple[object, ...]:
    return (
        [p.format() for p in report.problems],
        report.corpus,
        report.claims,
        report.sources,
        report.citations,
    )


def _edits(content: Path, saved: Path) -> list[tuple[str, Callable[[], None]]]:
    """Edits a contributor makes in a running preview, each with what undoes it."""
    claim, source = _claim_file(content, 4), _source_file(content, 1)
    quote = _a_quote_of(content, source)
    return [
        ("summary edited", lambda: edit_claim(content, 2, "an edited summary")),
        ("a quote made up", lambda: _replace(claim, 'quote: "', 'quote: "not in the source ')),
        ("the quote put right", lambda: shutil.copy(saved / "claims" / claim.name, claim)),
        (
            "a quoted passage removed from its source",
            lambda: _replace(source, quote, "words that were edited out"),
        ),
        ("the source put right", lambda: shutil.copy(saved / "sources" / source.name, source)),
        ("a source deleted", source.unlink),
        ("the source restored", lambda: shutil.copy(saved / "sources" / source.name, source)),
        (
            "a lone tag that looks like another",
            lambda: _replace(_claim_file(content, 7), "tags: [", "tags: [topic-7, "),
        ),
        (
            "a second claim uses it too",
            lambda: _replace(_claim_file(content, 8), "tags: [", "tags: [topic-7, "),
        ),
        ("a claim deleted", _claim_file(content, 9).unlink),
        (
            "a claim added as a copy under another id",
            lambda: shutil.copy(_claim_file(content, 5), content / "claims" / "a-copy.yaml"),
        ),
        (
            "a claim that fails the schema",
            lambda: _replace(_claim_file(content, 6), "status: ", "status: wrong-"),
        ),
        (
            "its status put right",
            lambda: shutil.copy(
                saved / "claims" / _claim_file(content, 6).name, _claim_file(content, 6)
            ),
        ),
        ("a source made a draft", lambda: _replace(source, "---\n", "---\ndraft: true\n")),
    ]


def test_every_edit_gives_the_report_of_a_fresh_validation(tmp_path: Path) -> None:
    content = generate(tmp_path / "content", 30).root
    saved = tmp_path / "saved"
    shutil.copytree(content, saved)
    cache = ValidationCache()
    assert _outcome(validate_content(content, cache=cache)) == _outcome(validate_content(content))
    for what, edit in _edits(content, saved):
        edit()
        cached, fresh = validate_content(content, cache=cache), validate_content(content)
        assert _outcome(cached) == _outcome(fresh), what
        assert _outcome(validate_content(content, cache=cache)) == _outcome(fresh), (
            f"{what}, validated again"
        )


def test_the_edits_above_are_seen_by_the_validator(tmp_path: Path) -> None:
    """Each edit of the test above changes the report: none of them is a no-op."""
    content = generate(tmp_path / "content", 30).root
    saved = tmp_path / "saved"
    shutil.copytree(content, saved)
    before = _outcome(validate_content(content))
    for what, edit in _edits(content, saved):
        edit()
        after = _outcome(validate_content(content))
        assert after != before, what
        before = after


@pytest.fixture
def judged(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The ids of the claims judged (not taken from the cache), in order."""
    seen: list[str] = []
    real = validate_module._Checker._claim

    def counting(self: object, file: validate_module.LoadedFile, *args: object) -> object:
        seen.append(file.stem)
        return real(self, file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(validate_module._Checker, "_claim", counting)
    return seen


def test_only_the_edited_claim_is_judged_again(tmp_path: Path, judged: list[str]) -> None:
    content = generate(tmp_path / "content", 30).root
    cache = ValidationCache()
    validate_content(content, cache=cache)
    assert len(judged) == 30
    judged.clear()
    validate_content(content, cache=cache)
    assert judged == []
    edit_claim(content, 12, "an edited summary")
    validate_content(content, cache=cache)
    assert judged == [claim_id(12)]


def test_a_source_edit_judges_every_claim_again(tmp_path: Path, judged: list[str]) -> None:
    content = generate(tmp_path / "content", 30).root
    cache = ValidationCache()
    validate_content(content, cache=cache)
    judged.clear()
    _replace(_source_file(content, 2), 'title: "', 'title: "Edited: ')
    validate_content(content, cache=cache)
    assert sorted(judged) == [claim_id(i) for i in range(30)]


def test_a_claim_with_a_missing_quote_is_judged_every_time(
    tmp_path: Path, judged: list[str]
) -> None:
    content = generate(tmp_path / "content", 30).root
    _replace(_claim_file(content, 3), 'quote: "', 'quote: "not in the source ')
    cache = ValidationCache()
    validate_content(content, cache=cache)
    judged.clear()
    validate_content(content, cache=cache)
    assert judged == [claim_id(3)]


def test_a_new_day_judges_everything_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Dates are refused from the day after tomorrow: a claim updated "tomorrow" is valid
    today, and no longer when the clock goes back a day (as a cached verdict would say)."""
    content = generate(tmp_path / "content", 30).root
    today = dt.date(2026, 6, 1)
    monkeypatch.setattr(validate_module, "_today", lambda: today)
    path = _claim_file(content, 3)
    text = re.sub(
        r"^updated: .*$", "updated: 2026-06-02", path.read_text(encoding="utf-8"), flags=re.M
    )
    path.write_text(
        re.sub(r"^published: .*$", "published: 2026-01-01", text, flags=re.M), encoding="utf-8"
    )
    cache = ValidationCache()
    assert validate_content(content, cache=cache).errors == ()
    monkeypatch.setattr(validate_module, "_today", lambda: today - dt.timedelta(days=1))
    cached, fresh = validate_content(content, cache=cache), validate_content(content)
    assert [p.format() for p in cached.errors] == [p.format() for p in fresh.errors]
    assert any("in the future" in p.message for p in fresh.errors)


def test_site_views_after_every_edit_are_those_of_a_fresh_validation(tmp_path: Path) -> None:
    """The site view reuses the views of unchanged claims (same objects from the cache)."""
    content = generate(tmp_path / "content", 30).root
    saved = tmp_path / "saved"
    shutil.copytree(content, saved)
    cache = ValidationCache()
    for what, edit in [("nothing", lambda: None), *_edits(content, saved)]:
        edit()
        cached, fresh = (
            validate_content(content, cache=cache).corpus,
            validate_content(content).corpus,
        )
        if cached is None or fresh is None:
            assert cached is fresh is None, what
            continue
        for drafts in (False, True):
            reused = render_views.site_view(cached, include_drafts=drafts)
            render_views.forget_last_view()
            assert reused == render_views.site_view(fresh, include_drafts=drafts), what
            render_views.forget_last_view()
            render_views.site_view(cached, include_drafts=drafts)


def test_the_views_of_unchanged_claims_are_reused(tmp_path: Path) -> None:
    content = generate(tmp_path / "content", 30).root
    cache = ValidationCache()
    first = validate_content(content, cache=cache).corpus
    assert first is not None
    before = {v.summary.id: v for v in render_views.site_view(first).claims}
    edit_claim(content, 12, "an edited summary")
    second = validate_content(content, cache=cache).corpus
    assert second is not None and second is not first
    after = {v.summary.id: v for v in render_views.site_view(second).claims}
    assert [i for i in after if after[i] is not before[i]] == [claim_id(12)]
    assert "an edited summary" in after[claim_id(12)].claim.summary


def test_a_claim_view_is_made_again_when_a_source_it_quotes_changes(tmp_path: Path) -> None:
    """Even when the claim itself is the very same object."""
    content = generate(tmp_path / "content", 30).root
    corpus = validate_content(content).corpus
    assert corpus is not None
    render_views.site_view(corpus)
    first = corpus.sources[1]
    renamed = dataclasses.replace(
        first, meta=first.meta.model_copy(update={"title": "A new title"})
    )
    edited = dataclasses.replace(corpus, sources=(corpus.sources[0], renamed, *corpus.sources[2:]))
    views = {v.summary.id: v for v in render_views.site_view(edited).claims}
    titles = {q.source.title for q in views[claim_id(3)].citations}
    assert "A new title" in titles and first.meta.title not in titles
