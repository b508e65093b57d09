"""Hostile media beside sources, through the real `factcheck validate` and `factcheck build`.

Each case starts from the valid every-kind content (tests/fixtures/kinds/, its media made
by tests/mediakit.py) and plants one hostile thing: a file whose name lies about its type,
a decompression-bomb image, an 8-hour transcript with timestamps out of order, a path in a
file name, a PDF that is not one, a screenshot that is a symbolic link out of the content
folder. Each must give exactly its `path:line:col` lines, exit 1, never a traceback, and
leave the site built before untouched: nothing is published.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mediakit import bomb_png, jpeg, kinds_content, png

from generator.cli import cli

REPO = Path(__file__).resolve().parents[2]
POST = Path("sources/harbour-watch-post")
FLYER = Path("sources/ferry-flyer")
MINUTES = Path("sources/harbour-board-minutes")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def name_lies(content: Path) -> None:
    (content / POST / "post.png").write_bytes(jpeg())


def html_named_png(content: Path) -> None:
    (content / FLYER / "flyer.png").write_bytes(b"<html><script>alert(1)</script></html>")


def decompression_bomb(content: Path) -> None:
    (content / FLYER / "flyer.png").write_bytes(bomb_png())


def bomb_within_twice_the_limit(content: Path) -> None:
    # 50 million pixels: over the limit, under twice it (where Pillow only warns).
    (content / FLYER / "flyer.png").write_bytes(bomb_png(10_000, 5_000))


def eight_hour_transcript_out_of_order(content: Path) -> None:
    cues = []
    for n in range(8 * 3600 // 2):  # a cue every 2 seconds for 8 hours
        start = n * 2
        if n == 9_000:  # 5 hours in, one cue stamped an hour early
            start -= 3600
        cues.append(f"{_stamp(start)} --> {_stamp(start + 2)}\nWords of cue {n}.\n")
    video = content / "sources" / "board-chair-video.md"
    text = video.read_text(encoding="utf-8")
    video.write_text(text[: text.index("WEBVTT")] + "\n".join(cues), encoding="utf-8")


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def path_in_file_name(content: Path) -> None:
    _replace(content / "sources/ferry-flyer.md", "file: flyer.png", "file: ../../../etc/passwd")
    _replace(
        content / "sources/harbour-watch-post.md",
        "screenshot: post.png",
        "screenshot: shots/post.png",
    )


def pdf_that_is_not_one(content: Path) -> None:
    (content / MINUTES / "minutes.pdf").write_bytes(b"Minutes of the meeting\n" * 20)


def pdf_with_a_header_only(content: Path) -> None:
    (content / MINUTES / "minutes.pdf").write_bytes(b"%PDF-1.7\nnothing of a PDF here\n%%EOF\n")


def screenshot_linked_from_outside(content: Path) -> None:
    outside = content.parent / "outside.png"
    outside.write_bytes(png())
    shot = content / POST / "post.png"
    shot.unlink()
    shot.symlink_to(outside)


def folder_linked_from_outside(content: Path) -> None:
    outside = content.parent / "elsewhere"
    shutil.move(content / POST, outside)
    (content / POST).symlink_to(outside)


CASES: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "name-lies": (
        name_lies,
        [
            "content/sources/harbour-watch-post.md:11:13: error: harbour-watch-post/post.png is named as a PNG image but its content is a JPEG image; rename it post.jpg",
        ],
    ),
    "html-named-png": (
        html_named_png,
        [
            "content/sources/ferry-flyer.md:8:7: error: ferry-flyer/flyer.png is named as a PNG image but its content is not one (nor any image or PDF); export it again as a PNG image",
        ],
    ),
    "decompression-bomb": (
        decompression_bomb,
        [
            "content/sources/ferry-flyer.md:8:7: error: ferry-flyer/flyer.png: the image would unpack into more pixels than allowed (a decompression bomb?); export it again at a normal size",
        ],
    ),
    "bomb-within-twice-the-limit": (
        bomb_within_twice_the_limit,
        [
            "content/sources/ferry-flyer.md:8:7: error: ferry-flyer/flyer.png: the image would unpack into more pixels than allowed (a decompression bomb?); export it again at a normal size",
        ],
    ),
    "eight-hour-transcript-out-of-order": (
        eight_hour_transcript_out_of_order,
        [
            "content/sources/board-chair-video.md:27012:1: error: timestamps out of order: this cue starts at 04:00:00.000, before the cue above it (04:59:58.000); put the cues in the order of the recording",
        ],
    ),
    "path-in-file-name": (
        path_in_file_name,
        [
            "content/sources/ferry-flyer.md:8:7: error: file: a file name without folders (e.g. `screenshot.png`): put the file in the source's own folder, content/sources/<id>/",
            "content/sources/harbour-watch-post.md:11:13: error: screenshot: a file name without folders (e.g. `screenshot.png`): put the file in the source's own folder, content/sources/<id>/",
        ],
    ),
    "pdf-that-is-not-one": (
        pdf_that_is_not_one,
        [
            "content/sources/harbour-board-minutes.md:8:7: error: harbour-board-minutes/minutes.pdf is named as a PDF but its content is not one (nor any image or PDF); export it again as a PDF",
        ],
    ),
    "pdf-with-a-header-only": (
        pdf_with_a_header_only,
        [
            "content/sources/harbour-board-minutes.md:8:7: error: harbour-board-minutes/minutes.pdf: not a readable PDF",
        ],
    ),
    "screenshot-linked-from-outside": (
        screenshot_linked_from_outside,
        [
            "content/sources/harbour-watch-post.md:11:13: error: harbour-watch-post/post.png is a symbolic link; put the file itself in harbour-watch-post/, not a link to it",
        ],
    ),
    "folder-linked-from-outside": (
        folder_linked_from_outside,
        [
            "content/sources/harbour-watch-post:1:1: error: symbolic links are not allowed in content; copy the file in",
            "content/sources/harbour-watch-post.md:11:13: error: no file 'post.png' in content/sources/harbour-watch-post/; put the file there, beside the source's .md file",
        ],
    ),
}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    kinds_content(tmp_path)
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_media_gives_its_lines_and_nothing_is_published(project: Path, case: str):
    plant, expected = CASES[case]
    plant(project / "content")
    result = CliRunner().invoke(cli, ["validate", "--content", "content"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    printed = result.output.splitlines()[:-1]  # the summary line aside
    assert len(printed) == len(expected), result.output
    for line, wanted in zip(printed, expected, strict=True):
        assert line.startswith(wanted), (line, wanted)

    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("the site built before")
    built = CliRunner().invoke(cli, ["build", "--content", "content", "--site-dir", "site"])
    assert built.exit_code == 1, built.output
    assert expected[0] in built.output.replace("\n", " ") or expected[0][:60] in built.output
    assert sorted(os.listdir(old_site)) == ["index.html"]
    assert (old_site / "index.html").read_text() == "the site built before"


def test_the_valid_content_these_cases_start_from_passes(project: Path):
    result = CliRunner().invoke(cli, ["validate", "--content", "content"])
    assert result.exit_code == 0, result.output
