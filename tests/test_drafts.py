"""Drafts in the preview (`SiteSettings.include_drafts`): a page each, opened by a notice in
words, marked "Draft" in every list; never in the exports, never without the setting."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
import yaml
from contentkit import TEST_SETTINGS, write_content_with_drafts

from generator.corpus.models import Corpus
from generator.corpus.pipeline import check
from generator.render import views as render_views
from generator.render.docs import generate_files
from generator.render.exports import CLAIMREVIEW, EXPORTS
from generator.render.paths import CLAIMS_EXPORT
from generator.render.settings import SiteSettings

RELEASE = TEST_SETTINGS
PREVIEW = dataclasses.replace(RELEASE, include_drafts=True)
DRAFT_MARK = '<span class="fc-draft">Draft</span>'
NOTICE = "Draft — not published"


@pytest.fixture
def rendered(tmp_path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(release files, preview files) of one content folder with a draft claim and source."""
    corpus = check(write_content_with_drafts(tmp_path))
    assert sorted(c.id for c in corpus.claims if c.claim.draft) == ["ninety-nine-nights"]

    def text(settings: SiteSettings) -> dict[str, str]:
        return {
            path: data.decode("utf-8") for path, data in generate_files(corpus, settings).items()
        }

    return text(RELEASE), text(PREVIEW)


def _body(page: str) -> str:
    return page.split("\n---\n", 1)[1]


def _title(page: str) -> str:
    return str(yaml.safe_load(page.split("---\n")[1])["title"])


def test_a_draft_page_opens_with_the_notice_in_words(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    _, preview = rendered
    for path, kind in (
        ("claims/ninety-nine-nights.md", "claim"),
        ("sources/draft-notes.md", "source"),
    ):
        body = _body(preview[path])
        first = body.lstrip().split("\n", 1)[0]
        assert first.startswith('<div class="admonition warning fc-draft-notice" role="note"'), path
        assert f'id="draft-notice">{NOTICE}</p>' in first and f"This {kind} is a draft" in first
        assert body.index(NOTICE) < body.index("<h1"), path
        assert _title(preview[path]).startswith("Draft: ")


def test_a_published_page_carries_no_notice_and_is_the_same_in_the_preview(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    release, preview = rendered
    page = preview["claims/served-120-days.md"]
    assert NOTICE not in page and "fc-draft" not in page and not _title(page).startswith("Draft")
    assert page == release["claims/served-120-days.md"]


def test_every_list_marks_the_drafts_and_only_them(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    _, preview = rendered
    lists = (
        "index.md",
        "claims/index.md",
        "sources/index.md",
        "matrix.md",
        "timeline.md",
        "sources/article.md",
    )
    for path in lists:
        page = preview[path]
        draft_lines = [
            line
            for line in page.splitlines()
            if re.search(r"ninety-nine-nights\.md\)|draft-notes\.md\)", line)
        ]
        assert draft_lines, f"{path} does not list the draft"
        for line in draft_lines:
            assert DRAFT_MARK in line, (path, line)
        for line in page.splitlines():
            if "served-120-days.md)" in line and "ninety-nine-nights" not in line:
                assert DRAFT_MARK not in line, (path, line)
    for path in ("index.md", "claims/index.md", "sources/index.md"):
        assert (
            "This preview shows drafts:</strong> 1 draft claim and 1 draft source,"
            in html.unescape(preview[path])
        )
    assert (
        '"Draft&#58; Did the regiment march for ninety&#45;nine nights&#63;"'
        in preview["sources/article.md"]
    )  # the quote marker's tooltip


def test_the_exports_leave_drafts_out_in_the_preview_too(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    release, preview = rendered
    for path in (*EXPORTS, CLAIMS_EXPORT):
        assert preview[path] == release[path], path
        assert "ninety-nine" not in preview[path] and "draft-notes" not in preview[path]


def test_without_the_setting_no_draft_is_rendered(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    release, preview = rendered
    assert set(preview) - set(release) == {"claims/ninety-nine-nights.md", "sources/draft-notes.md"}
    everything = "\n".join(release.values())
    for trace in (
        "ninety-nine",
        "ninety&#45;nine",
        "draft-notes",
        "draft&#45;notes",
        "Unpublished field notes",
        'fc-draft"',
        NOTICE,
        "preview shows drafts",
    ):
        assert trace not in everything, trace


def _meta(page: str) -> dict[str, str]:
    return {key: str(value) for key, value in yaml.safe_load(page.split("---\n")[1]).items()}


def test_a_draft_page_carries_no_claimreview_and_is_marked_noindex(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    """A draft is reviewed by no one yet: nothing machine-readable on its page may say otherwise."""
    release, preview = rendered
    draft = _meta(preview["claims/ninety-nine-nights.md"])
    assert (
        "claimreview" not in draft and "ClaimReview" not in preview["claims/ninety-nine-nights.md"]
    )
    assert draft["robots"] == "noindex, nofollow"
    assert draft["description"].startswith("Draft — not published. Our verdict: Unproven.")
    source = _meta(preview["sources/draft-notes.md"])
    assert source["robots"] == "noindex, nofollow"
    assert source["description"].startswith("Draft — not published. The full text of")
    published = _meta(preview["claims/served-120-days.md"])
    assert (
        json.loads(published["claimreview"])["@type"] == "ClaimReview" and "robots" not in published
    )
    assert published == _meta(release["claims/served-120-days.md"])
    for path in ("sources/article.md", "claims/index.md", "matrix.md"):
        assert "robots" not in _meta(preview[path]), path


def test_a_draft_source_page_links_no_plain_text_export(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    """The exports leave drafts out, so a draft's page must not point at its plain text."""
    _, preview = rendered
    assert "api/sources/draft-notes.txt" not in preview
    assert "draft-notes.txt" not in preview["sources/draft-notes.md"]
    assert "none while this source is a draft" in preview["sources/draft-notes.md"]
    assert "../api/sources/article.txt" in preview["sources/article.md"]


def test_the_lists_describe_what_is_published(
    rendered: tuple[dict[str, str], dict[str, str]],
) -> None:
    """A list's description (search snippets, link previews) counts no draft, in the preview too."""
    release, preview = rendered
    for path in ("claims/index.md", "sources/index.md"):
        assert _meta(preview[path])["description"] == _meta(release[path])["description"], path
    assert _meta(preview["claims/index.md"])["description"].startswith(
        "The 1 fact-check on this site"
    )


def test_the_preview_builds_one_site_view_for_pages_and_exports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The exports take the published claims from the view with drafts the pages use,
    instead of building a second view without them; they still list no draft."""
    corpus = check(write_content_with_drafts(tmp_path))
    built: list[bool] = []
    real = render_views._site_view

    def counted(corpus: Corpus, include_drafts: bool) -> render_views.SiteView:
        built.append(include_drafts)
        return real(corpus, include_drafts)

    monkeypatch.setattr(render_views, "_site_view", counted)
    render_views.forget_last_view()
    files = generate_files(corpus, PREVIEW)
    assert built == [True]
    reviews = json.loads(files[CLAIMREVIEW])
    assert [review["url"] for review in reviews] == [
        "https://checks.example.org/claims/served-120-days/"
    ]
