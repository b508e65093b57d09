"""`factcheck new source --kind KIND`: a skeleton for every kind, and what `--from` imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import write_content
from mediakit import jpeg, pdf_with_text, png

from generator.cli import cli


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_content(tmp_path, claims={})


def validate_lines(source_id: str) -> list[str]:
    _, output = run("validate")
    return [line for line in output.splitlines() if line.startswith(f"content/sources/{source_id}")]


# Each kind's skeleton: validate lists exactly the fields to fill and the text to give, each
# at its line, all at once.
SKELETON_ERRORS = {
    "post": [
        "content/sources/x.md:3:8: error: title must not be blank",
        "content/sources/x.md:15:11: error: platform must not be blank",
        "content/sources/x.md:17:9: error: handle must not be blank",
        "content/sources/x.md:20:1: error: source has no text; give the text as posted below the front matter",
    ],
    "image": [
        "content/sources/x.md:3:8: error: title must not be blank",
        "content/sources/x.md:15:7: error: file must not be blank",
        "content/sources/x.md:17:6: error: alt must not be blank",
        "content/sources/x.md:19:14: error: description must not be blank",
    ],
    "video": [
        "content/sources/x.md:3:8: error: title must not be blank",
        "content/sources/x.md:16:1: error: source has no text; give the transcript as WebVTT cues below the front matter",
    ],
    "audio": [
        "content/sources/x.md:3:8: error: title must not be blank",
        "content/sources/x.md:16:1: error: source has no text; give the transcript as WebVTT cues below the front matter",
    ],
    "document": [
        "content/sources/x.md:3:8: error: title must not be blank",
        "content/sources/x.md:15:7: error: file must not be blank",
        "content/sources/x.md:17:1: error: source has no text; give the text of each page after a line `[page N]` below the front matter",
    ],
}


@pytest.mark.parametrize("kind", sorted(SKELETON_ERRORS))
def test_each_kinds_skeleton_asks_for_its_fields(content, kind):
    code, output = run("new", "source", "x", "--kind", kind)
    assert code == 0, output
    text = (content / "sources" / "x.md").read_text(encoding="utf-8")
    assert f"\nkind: {kind}\n" in text
    assert validate_lines("x") == SKELETON_ERRORS[kind]


def test_filled_in_each_kind_asks_for_its_text(content):
    for kind in ("post", "video", "document"):
        run("new", "source", f"x-{kind}", "--kind", kind, "--title", "A title")
    post = content / "sources" / "x-post.md"
    post.write_text(
        post.read_text()
        .replace('platform: ""', "platform: Example")
        .replace('handle: ""', "handle: '@x'")
    )
    document = content / "sources" / "x-document.md"
    document.write_text(document.read_text().replace('file: ""', "file: a.pdf"))
    _, output = run("validate")
    assert output.splitlines() == [
        "content/sources/x-document.md:17:1: error: source has no text; give the text of each page after a line `[page N]` below the front matter",
        "content/sources/x-post.md:20:1: error: source has no text; give the text as posted below the front matter",
        "content/sources/x-video.md:16:1: error: source has no text; give the transcript as WebVTT cues below the front matter",
        "0 claims, 4 sources, 0 citations: 3 errors, 0 warnings",
    ]


def test_an_image_is_imported_into_its_folder(content, tmp_path):
    picture = tmp_path / "Flyer photo.PNG"
    picture.write_bytes(png())
    code, output = run("new", "source", "flyer", "--kind", "image", "--from", str(picture))
    assert code == 0, output
    assert output.splitlines()[0] == (
        "wrote content/sources/flyer.md (copied Flyer-photo.png; transcribe any text in it below the front matter)"
    )
    assert (content / "sources" / "flyer" / "Flyer-photo.png").read_bytes() == picture.read_bytes()
    assert "\nfile: Flyer-photo.png\n" in (content / "sources" / "flyer.md").read_text()


def test_an_image_that_is_not_what_its_name_says_is_refused_and_nothing_written(content, tmp_path):
    picture = tmp_path / "flyer.png"
    picture.write_bytes(jpeg())
    code, output = run("new", "source", "flyer", "--kind", "image", "--from", str(picture))
    assert code == 1
    assert (
        "flyer.png is named as a PNG image but its content is a JPEG image; rename it flyer.jpg"
        in output
    )
    assert not (content / "sources" / "flyer.md").exists()
    assert not (content / "sources" / "flyer").exists()


def test_a_document_is_imported_with_its_text_page_by_page(content, tmp_path):
    report = tmp_path / "report.pdf"
    report.write_bytes(
        pdf_with_text(["Item 1. The board met.", "", "Item 2. No summer timetable."])
    )
    code, output = run("new", "source", "report", "--kind", "document", "--from", str(report))
    assert code == 0, output
    assert "copied report.pdf; text of 2 of its 3 pages taken out" in output
    text = (content / "sources" / "report.md").read_text()
    assert text.endswith(
        "---\n[page 1]\nItem 1. The board met.\n\n[page 3]\nItem 2. No summer timetable.\n"
    )
    assert validate_lines("report") == [
        "content/sources/report.md:3:8: error: title must not be blank"
    ]


def test_a_transcript_is_imported_once_its_cues_parse(content, tmp_path):
    vtt = tmp_path / "talk.vtt"
    vtt.write_text("WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.500\r\nHello.\r\n", encoding="utf-8")
    code, output = run(
        "new", "source", "talk", "--kind", "video", "--from", str(vtt), "--title", "Talk"
    )
    assert code == 0, output
    assert output.splitlines()[0] == "wrote content/sources/talk.md (1 cue)"
    assert (
        (content / "sources" / "talk.md")
        .read_text()
        .endswith("---\nWEBVTT\n\n00:00:01.000 --> 00:00:02.500\nHello.\n")
    )
    assert validate_lines("talk") == []


def test_a_transcript_that_does_not_parse_is_refused_at_its_line(content, tmp_path):
    vtt = tmp_path / "talk.vtt"
    vtt.write_text(
        "WEBVTT\n\n00:00:05.000 --> 00:00:06.000\nB.\n\n00:00:01.000 --> 00:00:02.000\nA.\n"
    )
    code, output = run("new", "source", "talk", "--kind", "audio", "--from", str(vtt))
    assert code == 1
    assert "Error: talk.vtt:6:1: timestamps out of order" in output
    assert not (content / "sources" / "talk.md").exists()
