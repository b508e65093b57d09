"""Media files made on the spot for tests (no downloads): images drawn by Pillow, PDFs
written by pypdf, and hostile ones, plus the every-kind fixture content that uses them."""

from __future__ import annotations

import io
import shutil
import struct
import zlib
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter

KINDS_FIXTURE = Path(__file__).parent / "fixtures" / "kinds" / "content"
"""Sources of every kind and two claims citing them (tests/fixtures/kinds/)."""


def png(width: int = 120, height: int = 80, text: str = "") -> bytes:
    """A small PNG with a frame and, optionally, a few words drawn in it."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((2, 2, width - 3, height - 3), outline="navy", width=2)
    if text:
        draw.text((8, 8), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def jpeg(width: int = 60, height: int = 40) -> bytes:
    image = Image.new("RGB", (width, height), "teal")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def pdf(pages: int = 2) -> bytes:
    """A PDF of `pages` blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG whose header claims `width` x `height` pixels (900 million by default) in a
    file of a few hundred bytes: a decompression bomb (its rows would unpack to gigabytes;
    only the first few are written, so the file stays small)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    rows = zlib.compress(b"\x00" * (1 + width // 8) * 16, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def kinds_content(root: Path) -> Path:
    """A copy of the every-kind fixture content in `root`, with its media files made."""
    content = root / "content"
    shutil.copytree(KINDS_FIXTURE, content)
    sources = content / "sources"
    (sources / "harbour-watch-post").mkdir()
    (sources / "harbour-watch-post" / "post.png").write_bytes(png(text="ALL SUMMER"))
    (sources / "ferry-flyer").mkdir()
    (sources / "ferry-flyer" / "flyer.png").write_bytes(png(160, 100, "Summer timetable"))
    (sources / "harbour-board-minutes").mkdir()
    (sources / "harbour-board-minutes" / "minutes.pdf").write_bytes(pdf(2))
    return content


def pdf_with_text(pages: list[str]) -> bytes:
    """A PDF written by hand whose pages each show one line of text (Helvetica), so that a
    program can take the text out again."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]  # the page tree is filled in below
    kids = []
    font = 3 + 2 * len(pages)
    for number, text in enumerate(pages):
        page_id, stream_id = 3 + 2 * number, 4 + 2 * number
        kids.append(f"{page_id} 0 R")
        escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        stream = f"BT /F1 12 Tf 20 100 Td ({escaped}) Tj ET".encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents {stream_id} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
