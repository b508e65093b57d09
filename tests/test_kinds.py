"""Sources of every kind, read and judged: kind fields, transcripts, pages, quotes in them.

The every-kind fixture (tests/fixtures/kinds/, media made by tests/mediakit.py) is valid;
each test changes one thing and expects the one message that says so, at its place.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mediakit import kinds_content, pdf

from generator.corpus.models import SourceKind, SourceMeta
from generator.corpus.pages import parse_pages
from generator.corpus.pipeline import validate_content
from generator.corpus.transcripts import format_time, parse_transcript

VIDEO = "board-chair-video"
MINUTES = "harbour-board-minutes"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return kinds_content(tmp_path)


def lines(content: Path) -> list[str]:
    return [p.format() for p in validate_content(content).problems]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def source(content: Path, source_id: str) -> Path:
    return content / "sources" / f"{source_id}.md"


def claim(content: Path, claim_id: str = "ferry-runs-all-summer") -> Path:
    return content / "claims" / f"{claim_id}.yaml"


# -- the fixture, and articles as before ------------------------------------------------------


def test_the_every_kind_fixture_is_valid_and_each_source_has_its_kind(content):
    report = validate_content(content)
    assert report.problems == ()
    assert report.corpus is not None
    kinds = {doc.id: doc.kind for doc in report.corpus.sources}
    assert kinds == {
        "board-chair-video": SourceKind.VIDEO,
        "ferry-flyer": SourceKind.IMAGE,
        "harbour-board-minutes": SourceKind.DOCUMENT,
        "harbour-ferry-article": SourceKind.ARTICLE,
        "harbour-radio-interview": SourceKind.AUDIO,
        "harbour-watch-post": SourceKind.POST,
    }


def test_a_source_without_kind_is_an_article():
    meta = SourceMeta.model_validate(
        {
            "title": "t",
            "outlet": "o",
            "published": "unknown",
            "retrieved": "unknown",
            "language": "en",
        }
    )
    assert meta.kind is SourceKind.ARTICLE


def test_an_unknown_kind_is_refused_with_the_kinds(content):
    edit(source(content, "harbour-watch-post"), "kind: post", "kind: tweet")
    assert lines(content) == [
        "content/sources/harbour-watch-post.md:2:7: error: unknown kind 'tweet' (use one of: article, post, image, video, audio, document)",
    ]


# -- kind fields ------------------------------------------------------------------------------


def test_a_post_needs_its_platform_and_handle(content):
    post = source(content, "harbour-watch-post")
    edit(post, "platform: Example Social\n", "")
    edit(post, 'handle: "@harbour_watch_example"\n', "")
    assert lines(content) == [
        "content/sources/harbour-watch-post.md:2:7: error: a source of kind post needs `handle:` (the author's handle as the platform shows it)",
        "content/sources/harbour-watch-post.md:2:7: error: a source of kind post needs `platform:` (the platform as it names itself, e.g. Telegram)",
    ]


def test_an_image_needs_its_file_alt_text_and_description(content):
    flyer = source(content, "ferry-flyer")
    text = flyer.read_text(encoding="utf-8")
    kept = [line for line in text.split("\n") if not line.startswith(("alt:", "description:"))]
    flyer.write_text("\n".join(kept), encoding="utf-8")
    assert lines(content) == [
        "content/sources/ferry-flyer.md:2:7: error: a source of kind image needs `alt:` (what the image shows, for readers who cannot see it)",
        "content/sources/ferry-flyer.md:2:7: error: a source of kind image needs `description:` (where the image comes from and what matters in it)",
    ]


def test_a_field_of_another_kind_is_refused_where_it_stands(content):
    edit(source(content, "harbour-ferry-article"), "language: en\n", "language: en\nalt: A ferry\n")
    edit(source(content, VIDEO), "platform: YouTube\n", "platform: YouTube\nhandle: '@board'\n")
    assert lines(content) == [
        "content/sources/board-chair-video.md:6:9: error: `handle` is for a source of kind post; this one is a video: remove it, or set `kind:`",
        "content/sources/harbour-ferry-article.md:8:6: error: `alt` is for a source of kind image; this one is an article: remove it, or set `kind:`",
    ]


def test_an_image_may_have_no_text_but_an_article_may_not(content):
    flyer = source(content, "ferry-flyer")
    text = flyer.read_text(encoding="utf-8")
    flyer.write_text(text[: text.rindex("---\n") + 4], encoding="utf-8")
    claim(content).write_text(
        claim(content)
        .read_text(encoding="utf-8")
        .replace(
            "  - source: ferry-flyer\n    quote: Every hour, from 1 May to 30 September\n    stance: supports\n",
            "",
        ),
        encoding="utf-8",
    )
    assert lines(content) == []
    article = source(content, "harbour-ferry-article")
    text = article.read_text(encoding="utf-8")
    article.write_text(text[: text.rindex("---\n") + 4], encoding="utf-8")
    assert "source has no text; paste the article below the front matter" in lines(content)[0]


# -- transcripts ------------------------------------------------------------------------------


def test_a_transcripts_words_are_its_text_one_paragraph_per_cue(content):
    corpus = validate_content(content).corpus
    assert corpus is not None
    video = corpus.source(VIDEO)
    assert video.body == (
        "Good evening, and thank you for coming.\n\n"
        "The last crossing of the ferry will be\n\n"
        "on the thirtieth of April, as we announced.\n\n"
        "There is no summer timetable."
    )
    assert [(c.paragraph, c.start_ms, c.end_ms) for c in video.cues] == [
        (1, 1_000, 4_000),
        (2, 75_000, 79_500),
        (3, 79_500, 82_000),
        (4, 90_000, 94_000),
    ]
    assert [p.line for p in video.paragraphs] == [17, 20, 23, 26]


def test_a_quote_may_run_on_across_cues_without_a_pause(content):
    corpus = validate_content(content).corpus
    assert corpus is not None
    doc = next(c for c in corpus.claims if c.id == "ferry-runs-all-summer")
    anchor = doc.citation_anchors[2]
    assert corpus.source(VIDEO).body[anchor.start : anchor.end] == (
        "The last crossing of the ferry will be\n\non the thirtieth of April"
    )
    assert anchor.paragraph == 2


def test_a_quote_may_not_span_cues_with_a_pause_between_them(content):
    edit(
        claim(content),
        "quote: The last crossing of the ferry will be on the thirtieth of April",
        "quote: on the thirtieth of April, as we announced. There is no summer timetable.",
    )
    assert lines(content) == [
        "content/claims/ferry-runs-all-summer.yaml:15:12: error: quote spans cues 3 to 4 of 'board-chair-video', with a pause between them (from 00:01:22.000 to 00:01:30.000); cite each part separately",
    ]


def test_a_quote_does_not_anchor_in_the_timings(content):
    edit(
        claim(content),
        "quote: The last crossing of the ferry will be on the thirtieth of April",
        "quote: 00:01:15.000 --> 00:01:19.500",
    )
    assert lines(content)[0].startswith(
        "content/claims/ferry-runs-all-summer.yaml:15:12: error: quote not found in source 'board-chair-video'"
    )


def test_a_cue_out_of_order_that_also_ends_before_it_starts_gets_both_problems():
    body = (
        "WEBVTT\n\n00:00:10.000 --> 00:00:11.000\nFirst.\n\n00:00:05.000 --> 00:00:04.000\nBoth.\n"
    )
    transcript = parse_transcript(body, 10)
    assert [(p.line, p.col, p.message.split(";")[0]) for p in transcript.problems] == [
        (
            15,
            1,
            "timestamps out of order: this cue starts at 00:00:05.000, before the cue above it (00:00:10.000)",
        ),
        (15, 18, "this cue ends (00:00:04.000) before it starts (00:00:05.000)"),
    ]


def test_transcript_problems_are_reported_at_their_line_and_column():
    body = "\n".join(
        [
            "WEBVTT",  # 10
            "",
            "00:00:05.000 --> 00:00:04.000",  # 12: ends before it starts
            "Backwards.",
            "",
            "00:00,06.000 --> 00:00:07.000",  # 15: a comma
            "Comma.",
            "",
            "intro",  # 18: an identifier, then a timing with no words
            "00:00:08.000 --> 00:00:09.000",
            "",
            "00:00:10.000 --> 00:00:11.000",  # 21
            "A <v Speaker>tag</v>.",  # 22: a tag at column 3
            "",
            "STYLE",  # 24
            "::cue { color: red }",
            "",
            "Words with no timing.",  # 27
            "",
            "00:00:12.000 --> 00:00:13.000 align:start",  # 29: settings are ignored
            "Fine.",
            "",
            "00:00:01.000 --> 00:00:02.000",  # 32: before the cue above
            "Late.",
        ]
    )
    transcript = parse_transcript(body, 10)
    assert [(p.line, p.col, p.message.split(";")[0]) for p in transcript.problems] == [
        (12, 18, "this cue ends (00:00:04.000) before it starts (00:00:05.000)"),
        (15, 1, "a timing line with commas (SubRip's `00:01:15,000`)"),
        (19, 1, "this cue has no words"),
        (22, 3, "WebVTT tag '<v Speaker>' in the words"),
        (24, 1, "a WebVTT STYLE block: the site shows only the words"),
        (
            27,
            1,
            "expected a cue's timing line, like `00:01:15.000 --> 00:01:19.500`, above its words",
        ),
        (
            32,
            1,
            "timestamps out of order: this cue starts at 00:00:01.000, before the cue above it (00:00:12.000)",
        ),
    ]
    assert transcript.text == "Fine."


def test_a_transcript_with_many_problems_lists_fifty_and_counts_the_rest():
    cues = [
        f"00:{59 - n // 60:02d}:{59 - n % 60:02d}.000 --> 01:00:00.000\nWords {n}."
        for n in range(200)
    ]
    transcript = parse_transcript("\n\n".join(cues), 1)
    assert len(transcript.problems) == 51
    assert transcript.problems[-1].message.startswith("and 149 more problems")


def test_times_are_written_as_a_transcript_and_as_a_reader_reads_them():
    assert format_time(4_503_450) == "01:15:03.450"
    assert format_time(4_503_450, exact=False) == "1:15:03"
    assert format_time(75_999, exact=False) == "1:15"


# -- documents --------------------------------------------------------------------------------


def test_a_documents_text_is_given_page_by_page():
    text = parse_pages("[page 1]\nOne.\n\nTwo.\n\n[page 3]\nThree.", 5)
    assert text.problems == ()
    assert text.text == "One.\n\nTwo.\n\nThree."
    assert [(p.number, p.first_paragraph, p.last_paragraph) for p in text.pages] == [
        (1, 1, 2),
        (3, 3, 3),
    ]
    assert [p.line for p in text.paragraphs] == [6, 8, 11]


def test_page_markers_are_checked_at_their_lines():
    text = parse_pages("Stray.\n\n[page 2]\nTwo.\n\n[page 2]\nAgain.\n\n[Page 4]\n\n[page 5]", 1)
    assert [(p.line, p.col, p.message.split(";")[0]) for p in text.problems] == [
        (1, 1, "text before the first page marker"),
        (6, 2, "page 2 comes after page 2"),
        (9, 1, "write a page marker as `[page 3]`, not '[Page 4]'"),
        (11, 1, "page 5 has no text"),
    ]


def test_every_page_given_is_a_page_of_the_pdf(content):
    edit(source(content, MINUTES), "[page 2]", "[page 7]")
    assert lines(content) == [
        "content/sources/harbour-board-minutes.md:8:7: error: the text gives page 7, but minutes.pdf has 2 page(s); check the page markers",
    ]


def test_a_document_needs_a_pdf_not_an_image(content):
    folder = content / "sources" / MINUTES
    (folder / "minutes.pdf").unlink()
    (folder / "minutes.png").write_bytes(
        (content / "sources" / "ferry-flyer" / "flyer.png").read_bytes()
    )
    edit(source(content, MINUTES), "file: minutes.pdf", "file: minutes.png")
    assert lines(content) == [
        "content/sources/harbour-board-minutes.md:8:7: error: minutes.png is an image; `file` of a document is its PDF",
    ]


def test_a_quote_in_a_document_knows_its_page(content):
    corpus = validate_content(content).corpus
    assert corpus is not None
    minutes = corpus.source(MINUTES)
    doc = next(c for c in corpus.claims if c.id == "ferry-runs-all-summer")
    page = minutes.page_of(doc.citation_anchors[3].paragraph)
    assert page is not None and page.number == 2
    assert minutes.media[0].pages == 2


# -- files beside a source ------------------------------------------------------------------


def test_a_file_no_field_names_is_a_warning_and_not_published(content):
    (content / "sources" / MINUTES / "spare.pdf").write_bytes(pdf(1))
    report = validate_content(content)
    assert [p.format() for p in report.problems] == [
        "content/sources/harbour-board-minutes/spare.pdf:1:1: warning: spare.pdf is not named by its source's front matter, so it is not published; name it there, or remove it",
    ]
    assert report.corpus is not None
    assert [m.name for m in report.corpus.source(MINUTES).media] == ["minutes.pdf"]


def test_a_missing_file_is_reported_at_the_field_that_names_it(content):
    (content / "sources" / "ferry-flyer" / "flyer.png").unlink()
    assert lines(content) == [
        "content/sources/ferry-flyer.md:8:7: error: no file 'flyer.png' in content/sources/ferry-flyer/; put the file there, beside the source's .md file",
    ]


def test_a_folder_in_sources_needs_its_source(content):
    (content / "sources" / "orphan").mkdir()
    assert lines(content) == [
        "content/sources/orphan:1:1: error: a folder in sources/ holds the files of the source of the same name (orphan/ beside orphan.md), and there is no orphan.md; rename the folder after its source",
    ]


def test_a_folder_inside_a_sources_folder_is_refused(content):
    (content / "sources" / "ferry-flyer" / "more").mkdir()
    assert lines(content) == [
        "content/sources/ferry-flyer/more:1:1: error: more/ is a folder; a source's files lie directly in ferry-flyer/",
    ]


def test_an_unknown_file_type_is_refused(content):
    (content / "sources" / "ferry-flyer" / "notes.html").write_text("<script>x</script>")
    assert lines(content) == [
        "content/sources/ferry-flyer/notes.html:1:1: error: notes.html: a source's files are .png, .jpg, .jpeg, .gif, .webp, .pdf only",
    ]


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(content, monkeypatch):
    from generator.corpus import media

    monkeypatch.setitem(media.MAX_BYTES, "image", 200)
    assert lines(content) == [
        "content/sources/ferry-flyer.md:8:7: error: ferry-flyer/flyer.png: the file is 1,157 bytes; the limit is 200 bytes: make it smaller (a screenshot, a lower resolution)",
        "content/sources/harbour-watch-post.md:11:13: error: harbour-watch-post/post.png: the file is 976 bytes; the limit is 200 bytes: make it smaller (a screenshot, a lower resolution)",
    ]


def test_an_edited_file_is_read_again_by_the_preview_cache(content):
    from generator.corpus.validation_cache import ValidationCache

    cache = ValidationCache()
    assert validate_content(content, cache=cache).problems == ()
    flyer = content / "sources" / "ferry-flyer" / "flyer.png"
    flyer.write_bytes(b"<html>not a picture</html>")
    os.utime(flyer, ns=(1, 1))
    assert [p.format() for p in validate_content(content, cache=cache).problems] == [
        "content/sources/ferry-flyer.md:8:7: error: ferry-flyer/flyer.png is named as a PNG image but its content is not one (nor any image or PDF); export it again as a PNG image",
    ]


def test_a_file_over_the_size_limit_is_never_read_into_memory(tmp_path):
    import tracemalloc

    from generator.corpus.media import read_media_folder

    folder = tmp_path / "huge"
    folder.mkdir()
    with open(folder / "huge.png", "wb") as handle:  # 64 MiB of nothing, sparse on disk
        handle.truncate(64 * 2**20)
    tracemalloc.start()
    try:
        found = read_media_folder(folder)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found.faults["huge.png"].message == (
        "huge.png: the file is 64 MiB; the limit is 10 MiB: make it smaller (a screenshot, a lower resolution)"
    )
    assert peak < 2**20


# -- the JSON Schema --------------------------------------------------------------------------


def _front_matter(path: Path) -> dict[str, object]:
    import yaml

    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def test_every_kind_of_the_fixture_passes_its_part_of_the_schema(content):
    import json

    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "schemas/source.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted((content / "sources").glob("*.md")):
        data = json.loads(json.dumps(_front_matter(path), default=str))  # dates as text
        assert list(validator.iter_errors(data)) == [], path.name


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"handle": None}, "'handle' is a required property"),
        ({"alt": "A ferry"}, "False schema does not allow 'A ferry'"),
        (
            {"kind": "video", "handle": None, "screenshot": "x.png"},
            "False schema does not allow 'x.png'",
        ),
    ],
)
def test_the_schema_says_what_each_kind_requires_and_refuses(change, message):
    import json

    import jsonschema

    schema = json.loads((Path(__file__).parents[1] / "schemas/source.schema.json").read_text())
    post = {
        "kind": "post",
        "title": "t",
        "outlet": "o",
        "platform": "p",
        "handle": "@h",
        "published": "unknown",
        "retrieved": "unknown",
        "language": "en",
    }
    data = {k: v for k, v in (post | change).items() if v is not None}
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(data)]
    assert errors == [message]
