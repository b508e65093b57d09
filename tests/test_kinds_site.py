"""Sources of every kind through a real `factcheck build --offline`: MkDocs' strict build
passes, the pages show what each kind shows, and the files beside the sources are in the
site and in the offline bundle, byte for byte, built the same twice."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from contentkit import ShippedBuild, build_folder, file_digests
from mediakit import kinds_content

pytestmark = pytest.mark.slow

MEDIA = (
    "harbour-watch-post/post.png",
    "ferry-flyer/flyer.png",
    "harbour-board-minutes/minutes.pdf",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, shim: Path) -> tuple[Path, ShippedBuild]:
    root = tmp_path_factory.mktemp("kinds-site")
    content = kinds_content(root)
    return content, build_folder(content, root / "first", offline=True)


class _Images(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs))


def images(page: Path) -> list[dict[str, str | None]]:
    parser = _Images()
    parser.feed(page.read_text(encoding="utf-8"))
    return [
        i
        for i in parser.images
        if "fc-" not in (i.get("class") or "") and i.get("src", "").endswith(".png")
    ]


def test_the_files_beside_sources_are_in_the_site_and_the_bundle(built):
    content, build = built
    assert build.bundle is not None
    for name in MEDIA:
        original = (content / "sources" / name).read_bytes()
        assert (build.site / "sources" / name).read_bytes() == original
        assert (build.bundle.unzipped / "sources" / name).read_bytes() == original


def test_an_image_is_shown_with_its_alt_text_on_the_site_and_offline(built):
    _, build = built
    assert build.bundle is not None
    alt = 'A printed flyer with a drawing of a ferry and the words "Summer timetable, every hour".'
    assert images(build.site / "sources" / "ferry-flyer" / "index.html") == [
        {"alt": alt, "src": "flyer.png"}
    ]
    offline = images(build.bundle.unzipped / "sources" / "ferry-flyer.html")
    assert offline == [{"alt": alt, "src": "ferry-flyer/flyer.png"}]
    assert (
        (build.bundle.unzipped / "sources" / "ferry-flyer.html")
        .parent.joinpath(str(offline[0]["src"]))
        .is_file()
    )


def test_the_same_content_builds_the_same_bytes(built, tmp_path):
    content, build = built
    again = build_folder(content, tmp_path / "again", offline=True)
    assert file_digests(again.site) == file_digests(build.site)
    assert build.bundle is not None and again.bundle is not None
    assert again.bundle.zip.read_bytes() == build.bundle.zip.read_bytes()
