"""Sources of every kind on the pages and in the exports, rendered without MkDocs.

The every-kind fixture (tests/fixtures/kinds/) rendered by `generate_files`: each kind's
page, the citation's place and its link to the original, the matrix and timeline, and
the exports (ClaimReview types, FEVER's cue or page, W3C fragment selectors).
"""

from __future__ import annotations

import hashlib
import html
import json
from pathlib import Path

import pytest
from contentkit import TEST_SETTINGS
from mediakit import kinds_content

from generator.corpus.media import read_verified
from generator.corpus.pipeline import check
from generator.render.docs import generate_files
from generator.render.kinds import time_link


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    content = kinds_content(tmp_path_factory.mktemp("kinds"))
    return generate_files(check(content), TEST_SETTINGS)


def page(rendered: dict[str, bytes], path: str) -> str:
    return rendered[path].decode("utf-8")


# -- source pages -----------------------------------------------------------------------------


def test_a_video_page_shows_each_cue_with_its_time_and_the_quote_in_its_cue(rendered):
    text = page(rendered, "sources/board-chair-video.md")
    assert "## Transcript" in text
    cue = next(line for line in text.splitlines() if 'id="p2"' in line)
    assert cue.startswith(
        '<a class="fc-pnum fc-cue-time" id="p2" href="#p2" title="Cue 2&#58; from 1&#58;15 to 1&#58;19">'
        '<time datetime="PT75S">1&#58;15</time></a> <mark class="fc-quote"><span class="fc-anchor" id="q-41-106">'
    )
    assert "00&#58;01&#58;15" not in text  # the timing lines are not text


def test_an_image_page_shows_the_image_with_its_alt_text_and_description(rendered):
    text = page(rendered, "sources/ferry-flyer.md")
    assert (
        "![A printed flyer with a drawing of a ferry and the words &quot;Summer timetable&#44; every hour&quot;&#46;](ferry-flyer/flyer.png)"
        in text.replace(",", "&#44;")
    )
    assert "**Description:** An invented flyer" in html.unescape(text)  # ours: `Description&#58;`
    assert "## Text in the image" in text


def test_a_post_page_shows_platform_handle_screenshot_and_text(rendered):
    text = page(rendered, "sources/harbour-watch-post.md")
    said = html.unescape(text)  # our words' punctuation is written as references
    assert "- **Platform:** Example Social" in said
    assert "- **Posted by:** @harbour_watch_example" in said
    assert (
        "![Screenshot of the post by &#64;harbour&#95;watch&#95;example on Example Social](harbour-watch-post/post.png)"
        in text
    )
    assert "## Text as posted" in text


def test_a_document_page_shows_page_numbers_and_links_its_pdf(rendered):
    text = page(rendered, "sources/harbour-board-minutes.md")
    assert '<h3 class="fc-page" id="page-1">Page 1</h3>' in text
    assert text.index('id="page-2"') < text.index('id="p3"')
    assert (
        "- **Document:** [minutes.pdf](harbour-board-minutes/minutes.pdf) (PDF, 2 pages)"
        in html.unescape(text)
    )


def test_an_article_page_is_as_it_was(rendered):
    text = page(rendered, "sources/harbour-ferry-article.md")
    assert "The text below is the article as we captured it, word for word." in html.unescape(text)
    assert "Platform" not in text and '<time datetime="PT' not in text


# -- citations --------------------------------------------------------------------------------


def test_each_citation_names_its_place_and_links_the_original_there(rendered):
    text = page(rendered, "claims/ferry-runs-all-summer.md")
    assert "[See it in the source, paragraph 1](../sources/harbour-watch-post.md#q-12-46)" in text
    assert (
        "[See it in the source, at 1&#58;15](../sources/board-chair-video.md#q-41-106) · "
        '<a class="fc-external" href="https://youtu.be/EXAMPLE0000?t=75" rel="nofollow noopener">the original at 1&#58;15</a>'
    ) in text
    assert (
        "[See it in the source, page 2, paragraph 3](../sources/harbour-board-minutes.md#q-129-167)"
        " · [the PDF, page 2](../sources/harbour-board-minutes/minutes.pdf#page=2)"
    ) in text
    assert 'href="https://radio.example.org/shows/harbour-segment.mp3#t=10"' in text
    assert ">original article</a>" in text


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://www.youtube.com/watch?v=abc&t=3", "https://www.youtube.com/watch?v=abc&t=75"),
        ("https://youtu.be/abc", "https://youtu.be/abc?t=75"),
        ("https://www.youtube.com/shorts/abc", "https://www.youtube.com/shorts/abc?t=75"),
        ("https://vimeo.com/12345", "https://vimeo.com/12345#t=75s"),
        ("https://media.example.org/a/talk.MP4", "https://media.example.org/a/talk.MP4#t=75"),
        ("https://video.example.org/watch/abc", None),
        (None, None),
    ],
)
def test_the_original_is_linked_at_the_second_where_its_platform_allows(url, linked):
    assert time_link(url, 75) == linked


def test_the_matrix_and_timeline_name_the_cue_or_page(rendered):
    matrix = page(rendered, "matrix.md")
    assert "[Refutes 1&#58;15](sources/board-chair-video.md#q-41-106" in matrix
    assert "[Refutes p&#46; 2](sources/harbour-board-minutes.md#q-129-167" in matrix
    assert "[Supports ¶1](sources/harbour-watch-post.md#q-12-46" in matrix
    timeline = page(rendered, "timeline.md")
    assert "(p&#46; 1)" in timeline


# -- exports ----------------------------------------------------------------------------------


def test_claimreview_types_each_appearance_by_its_kind(rendered):
    reviews = {r["url"]: r for r in json.loads(rendered["api/claimreview.json"])}
    summer = reviews["https://checks.example.org/claims/ferry-runs-all-summer/"]
    appearances = summer["itemReviewed"]["appearance"]
    assert [a["@type"] for a in appearances] == ["SocialMediaPosting", "ImageObject"]
    assert (
        appearances[1]["contentUrl"] == "https://checks.example.org/sources/ferry-flyer/flyer.png"
    )
    crossing = reviews["https://checks.example.org/claims/last-crossing-30-april/"]
    types = [a["@type"] for a in crossing["itemReviewed"]["appearance"]]
    assert types == ["VideoObject", "DigitalDocument"]
    pdf = crossing["itemReviewed"]["appearance"][1]["encoding"]
    assert (
        pdf["contentUrl"] == "https://checks.example.org/sources/harbour-board-minutes/minutes.pdf"
    )


def test_fever_evidence_names_the_cue_or_the_page(rendered):
    records = {
        r["id"]: r for r in map(json.loads, rendered["api/fever.jsonl"].decode().splitlines())
    }
    passages = [p[0] for p in records["last-crossing-30-april"]["evidence_passages"]]
    by_source = {p["source"]: p for p in passages}
    assert by_source["board-chair-video"]["cue"] == 3
    assert by_source["board-chair-video"]["cue_start"] == "00:01:19.500"
    assert by_source["harbour-board-minutes"]["page"] == 1
    assert [e[0][3] for e in records["last-crossing-30-april"]["evidence"]] == [3, 2]


def test_annotations_select_the_time_of_a_recording_and_the_page_of_a_document(rendered):
    items = json.loads(rendered["api/annotations.jsonld"])["first"]["items"]
    targets = {item["id"].split("#")[1]: item["target"] for item in items}
    video = targets["last-crossing-30-april.board-chair-video.q-81-106"]
    assert video[1] == {
        "type": "SpecificResource",
        "source": "https://youtu.be/EXAMPLE0000",
        "selector": {
            "type": "FragmentSelector",
            "conformsTo": "http://www.w3.org/TR/media-frags/",
            "value": "t=79.5,82",
        },
    }
    document = targets["last-crossing-30-april.harbour-board-minutes.q-66-118"]
    assert document[1]["source"] == (
        "https://checks.example.org/sources/harbour-board-minutes/minutes.pdf"
    )
    assert document[1]["selector"]["value"] == "page=1"
    article = targets["ferry-runs-all-summer.harbour-ferry-article.q-155-193"]
    assert isinstance(article, dict) and article["selector"][0]["type"] == "TextQuoteSelector"


def test_claims_json_gives_a_documents_page_and_a_recordings_time(rendered):
    claims = {c["id"]: c for c in json.loads(rendered["api/claims.json"])}
    citations = {c["source"]: c for c in claims["ferry-runs-all-summer"]["citations"]}
    assert citations["harbour-board-minutes"]["page"] == 2
    assert citations["board-chair-video"]["at"] == "1:15"
    assert citations["board-chair-video"]["original_url"] == "https://youtu.be/EXAMPLE0000?t=75"
    assert set(citations["harbour-ferry-article"]) == {
        "source",
        "quote",
        "stance",
        "paragraph",
        "url",
    }


# -- the files beside sources -----------------------------------------------------------------


def test_the_files_beside_sources_are_published_byte_for_byte(rendered, tmp_path):
    content = kinds_content(tmp_path)
    for name in (
        "harbour-watch-post/post.png",
        "ferry-flyer/flyer.png",
        "harbour-board-minutes/minutes.pdf",
    ):
        assert rendered[f"sources/{name}"] == (content / "sources" / name).read_bytes()


def test_a_file_changed_after_it_was_checked_is_not_published(tmp_path):
    corpus = check(kinds_content(tmp_path))
    media = corpus.source("ferry-flyer").media[0]
    assert read_verified(media) == media.path.read_bytes()
    media.path.write_bytes(b"<html>swapped in</html>")
    with pytest.raises(ValueError, match="changed after it was checked"):
        read_verified(media)


def test_a_draft_sources_files_are_published_only_in_the_preview(tmp_path):
    from dataclasses import replace

    content = kinds_content(tmp_path)
    flyer = content / "sources" / "ferry-flyer.md"
    flyer.write_text(flyer.read_text().replace("language: en\n", "language: en\ndraft: true\n"))
    claim = content / "claims" / "ferry-runs-all-summer.yaml"
    claim.write_text(claim.read_text() + "draft: true\n")
    corpus = check(content)
    assert "sources/ferry-flyer/flyer.png" not in generate_files(corpus, TEST_SETTINGS)
    preview = replace(TEST_SETTINGS, include_drafts=True)
    assert "sources/ferry-flyer/flyer.png" in generate_files(corpus, preview)


def test_no_media_path_escapes_its_sources_folder():
    from generator.render.paths import media_path

    for name in ("../x.png", "a/b.png", ".hidden.png", "x.html", "x.png/"):
        with pytest.raises(ValueError):
            media_path("ferry-flyer", name)
    assert Path(media_path("ferry-flyer", "Flyer_2.PNG")).parts == (
        "sources",
        "ferry-flyer",
        "Flyer_2.PNG",
    )


def test_an_image_without_text_says_so_and_has_no_empty_text_section(tmp_path):
    content = kinds_content(tmp_path)
    flyer = content / "sources" / "ferry-flyer.md"
    text = flyer.read_text(encoding="utf-8")
    flyer.write_text(text[: text.rindex("---\n") + 4], encoding="utf-8")
    claim = content / "claims" / "ferry-runs-all-summer.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace(
            "  - source: ferry-flyer\n    quote: Every hour, from 1 May to 30 September\n    stance: supports\n",
            "",
        ),
        encoding="utf-8",
    )
    shown = generate_files(check(content), TEST_SETTINGS)["sources/ferry-flyer.md"].decode()
    assert "No text is transcribed from this image.\n\n## Claims citing this source" in (
        html.unescape(shown)
    )
    assert "## Text in the image" not in shown


def test_a_source_pages_description_says_what_its_kind_holds(rendered):
    def description(source_id: str) -> str:
        text = page(rendered, f"sources/{source_id}.md")
        return next(line for line in text.splitlines() if line.startswith("description: "))

    assert description("board-chair-video").startswith(
        "description: The transcript of “Harbour board answers questions on the ferry”"
    )
    assert description("harbour-board-minutes").endswith(
        ", page by page, with the passages our fact-checks quote highlighted."
    )
    assert description("harbour-ferry-article").startswith("description: The full text of “")


def test_every_kind_has_its_schema_org_type_as_an_appearance():
    from generator.corpus.models import SourceKind
    from generator.render.structured_data import _appearance
    from generator.render.views import SourceRef

    types = {}
    for kind in SourceKind:
        ref = SourceRef("x", "A title", "An outlet", None, None, "sources/x.md", "en", False, kind)
        types[kind.value] = _appearance(ref, TEST_SETTINGS)["@type"]
    assert types == {
        "article": "CreativeWork",
        "post": "SocialMediaPosting",
        "image": "ImageObject",
        "video": "VideoObject",
        "audio": "AudioObject",
        "document": "DigitalDocument",
    }


def test_a_decoder_that_raises_anything_gives_a_message_not_a_traceback(tmp_path, monkeypatch):
    from PIL import Image

    from generator.corpus import media

    def explode(*args, **kwargs):
        raise IndexError("crafted")

    (tmp_path / "x.png").write_bytes(
        (kinds_content(tmp_path / "c") / "sources/ferry-flyer/flyer.png").read_bytes()
    )
    monkeypatch.setattr(Image.Image, "load", explode)
    fault = media.read_media_folder(tmp_path).faults["x.png"]
    assert fault.message == "x.png: the image cannot be decoded (IndexError); export it again"


def test_the_sources_export_gives_each_kind_its_fields_and_files(rendered):
    records = {r["id"]: r for r in json.loads(rendered["api/sources.json"])}
    post = records["harbour-watch-post"]
    assert (post["kind"], post["platform"], post["handle"]) == (
        "post",
        "Example Social",
        "@harbour_watch_example",
    )
    (screenshot,) = post["files"]
    assert screenshot["url"] == "https://checks.example.org/sources/harbour-watch-post/post.png"
    assert screenshot["media_type"] == "image/png"
    assert (
        screenshot["sha256"]
        == hashlib.sha256(rendered["sources/harbour-watch-post/post.png"]).hexdigest()
    )
    (pdf,) = records["harbour-board-minutes"]["files"]
    assert (pdf["media_type"], pdf["pages"]) == ("application/pdf", 2)
    article = records["harbour-ferry-article"]
    assert (article["kind"], article["files"]) == ("article", [])
