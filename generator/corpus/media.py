"""Files beside a source (`content/sources/<id>/`): screenshots, images and PDFs.

Each file in a source's folder is read once, with limits, and judged by its
content, never by its name:

* its type comes from its first bytes (PNG, JPEG, GIF, WebP or PDF), and its name's
  extension must say the same (a `.png` that is a JPEG, or an HTML page, is refused);
* its size is limited (`MAX_BYTES`), checked before it is read;
* an image is decoded whole by Pillow, within `MAX_IMAGE_PIXELS` (Pillow's own
  decompression-bomb guard, `Image.MAX_IMAGE_PIXELS`, is set to it and turned into an
  error), so a small file that would unpack into gigabytes is refused before decoding;
* a PDF must start with `%PDF-`, end with `%%EOF`, open in pypdf without a password,
  and have at most `MAX_PDF_PAGES` pages, which are counted;
* a symbolic link, a folder or anything but a plain file is refused, and a file is
  opened without following a link swapped in after the listing.

Nothing is fetched: what the site publishes is exactly these bytes, whose digest is
kept (`MediaFile.sha256`) so that the render can check it copies what was checked.
Reading reports no problem itself: each file is a `MediaFile` or a `MediaFault`, and
validation decides where to say what (at the front-matter key that names the file).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import logging
import os
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from generator.corpus.models import MediaFile

__all__ = [
    "EXTENSIONS",
    "IMAGE_TYPES",
    "MAX_BYTES",
    "MAX_IMAGE_PIXELS",
    "PDF",
    "MediaFault",
    "MediaFolder",
    "folder_stamp",
    "quiet_pypdf",
    "read_media_folder",
    "read_verified",
]

PDF = "application/pdf"
IMAGE_TYPES = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
}
"""The images a source may carry, with their names in messages."""
EXTENSIONS = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": PDF,
}
"""What each allowed extension (in any case) says the content is."""
_PREFERRED_EXTENSION = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif"}
_PREFERRED_EXTENSION |= {"image/webp": "webp", PDF: "pdf"}
_PILLOW_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
_PILLOW_FORMATS |= {"WEBP": "image/webp"}
MAX_BYTES = {"image": 10 * 2**20, "pdf": 25 * 2**20}
"""Largest image and largest PDF, in bytes."""
MAX_IMAGE_PIXELS = 40_000_000
"""Most pixels an image may have (a 40-megapixel photograph); more is refused undecoded."""
MAX_PDF_PAGES = 2_000
"""Most pages a PDF may have."""
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


@dataclass(frozen=True)
class MediaFault:
    """A file of a source's folder that cannot be published, and why."""

    name: str
    """The entry's name in the folder."""
    path: Path
    message: str
    """What is wrong, and how to fix it."""


@dataclass(frozen=True)
class MediaFolder:
    """What a source's folder holds, by file name."""

    path: Path
    files: dict[str, MediaFile]
    """The files that passed every check."""
    faults: dict[str, MediaFault]
    """The entries that did not."""


def folder_stamp(folder: Path) -> tuple[object, ...]:
    """What changes when anything in `folder` changes (names, sizes, times, inodes):
    `read.LoadCache` reads the folder again only then."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
            return tuple(
                (e.name, s.st_mtime_ns, s.st_ctime_ns, s.st_size, s.st_ino)
                for e in entries
                for s in (e.stat(follow_symlinks=False),)
            )
    except OSError:
        return ()


def read_media_folder(folder: Path) -> MediaFolder:
    """Read and check every entry of a source's folder."""
    files: dict[str, MediaFile] = {}
    faults: dict[str, MediaFault] = {}
    for name, result in _entries(folder):
        if isinstance(result, MediaFault):
            faults[name] = result
        else:
            files[name] = result
    return MediaFolder(folder, files, faults)


def _entries(folder: Path) -> Iterator[tuple[str, MediaFile | MediaFault]]:
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            yield (
                entry.name,
                MediaFault(
                    entry.name,
                    path,
                    f"{entry.name} is a symbolic link; put the file itself in {folder.name}/, not a link to it",
                ),
            )
        elif entry.is_dir(follow_symlinks=False):
            yield (
                entry.name,
                MediaFault(
                    entry.name,
                    path,
                    f"{entry.name}/ is a folder; a source's files lie directly in {folder.name}/",
                ),
            )
        elif not entry.is_file(follow_symlinks=False):
            yield (
                entry.name,
                MediaFault(
                    entry.name, path, f"{entry.name} is not a plain file (a pipe or device?)"
                ),
            )
        else:
            yield entry.name, _checked_file(path)


def _checked_file(path: Path) -> MediaFile | MediaFault:
    """The file at `path`, checked from its bytes; or why it cannot be published."""
    name = path.name
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        allowed = ", ".join(f".{e}" for e in EXTENSIONS)
        return MediaFault(name, path, f"{name}: a source's files are {allowed} only")
    limit = MAX_BYTES["pdf" if claimed == PDF else "image"]
    data = _read_limited(path, limit)
    if isinstance(data, str):
        return MediaFault(name, path, f"{name}: {data}")
    found = sniff(data)
    if found != claimed:
        return MediaFault(name, path, _lying_name(name, claimed, found))
    checked = _checked_pdf(data) if found == PDF else _checked_image(data, found)
    if isinstance(checked, str):
        return MediaFault(name, path, f"{name}: {checked}")
    width, height, pages = checked
    digest = hashlib.sha256(data).hexdigest()
    return MediaFile(name, path, found, len(data), digest, width, height, pages)


def _read_limited(path: Path, limit: int) -> bytes | str:
    """The file's bytes, or why they cannot be had (too large, unreadable)."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            data = b"" if size > limit else handle.read(limit + 1)
    except OSError as exc:
        return f"cannot read it: {exc.strerror or exc}"
    size = max(size, len(data))
    if size > limit:
        return f"the file is {_size(size)}; the limit is {_size(limit)}: make it smaller (a screenshot, a lower resolution)"
    if not data:
        return "the file is empty"
    return data


def _size(size: int) -> str:
    """A size in words: `3.2 MiB`, `10 MiB`, `976 bytes`."""
    if size < 2**20:
        return f"{size:,} bytes"
    return f"{size / 2**20:.1f} MiB".replace(".0 MiB", " MiB")


def sniff(data: bytes) -> str | None:
    """The media type the first bytes of `data` announce, or None for none we take."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return PDF
    return None


def _kind_name(media_type: str) -> str:
    return IMAGE_TYPES.get(media_type, "PDF")


def _lying_name(name: str, claimed: str, found: str | None) -> str:
    """Why a file's name and its content disagree, and the fix."""
    if found is None:
        return f"{name} is named as a {_kind_name(claimed)} but its content is not one (nor any image or PDF); export it again as a {_kind_name(claimed)}"
    stem = name.rsplit(".", 1)[0]
    return f"{name} is named as a {_kind_name(claimed)} but its content is a {_kind_name(found)}; rename it {stem}.{_PREFERRED_EXTENSION[found]}"


def _checked_image(data: bytes, media_type: str) -> tuple[int, int, int] | str:
    """(width, height, 0) of an image that decodes whole within the limits, or why not."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return _too_many_pixels(width, height)
                if _PILLOW_FORMATS.get(image.format or "") != media_type:
                    return f"its content does not decode as a {_kind_name(media_type)}"
                image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return "the image would unpack into more pixels than allowed (a decompression bomb?); export it again at a normal size"
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        return f"the image cannot be decoded ({_short(exc)}); export it again"
    except Exception as exc:  # hostile bytes can make a decoder raise anything (not signals)
        return f"the image cannot be decoded ({type(exc).__name__}); export it again"
    return width, height, 0


def _too_many_pixels(width: int, height: int) -> str:
    return f"the image is {width:,} by {height:,} pixels; the limit is {MAX_IMAGE_PIXELS:,} pixels: export it at a lower resolution"


def _checked_pdf(data: bytes) -> tuple[int, int, int] | str:
    """(0, 0, pages) of a PDF that pypdf opens, or why it is not one."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    if b"%%EOF" not in data[-2048:]:
        return "the PDF has no end (`%%EOF`): it is cut short or not a PDF; export it again"
    try:
        with quiet_pypdf():
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                return "the PDF is encrypted; publish a copy without a password"
            pages = len(reader.pages)
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"not a readable PDF ({_short(exc)}); export it again"
    except RecursionError:
        return "not a readable PDF (its structure loops); export it again"
    except Exception as exc:  # hostile bytes can make a parser raise anything (not signals)
        return f"not a readable PDF ({type(exc).__name__}); export it again"
    if pages < 1:
        return "the PDF has no pages"
    if pages > MAX_PDF_PAGES:
        return f"the PDF has {pages:,} pages; the limit is {MAX_PDF_PAGES:,}: publish the part you cite"
    return 0, 0, pages


@contextlib.contextmanager
def quiet_pypdf() -> Iterator[None]:
    """pypdf logs what it repairs as warnings; a build's output is our messages only."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR + 10)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())[:120]
    return text or type(exc).__name__


def read_verified(media: MediaFile) -> bytes:
    """The bytes of a checked file, read again for publishing; raises ValueError when they
    are no longer the bytes that were checked (the file changed during the build)."""
    data = _read_limited(media.path, max(MAX_BYTES.values()))
    if isinstance(data, str) or hashlib.sha256(data).hexdigest() != media.sha256:
        raise ValueError(f"{media.path} changed after it was checked; build again")
    return data
