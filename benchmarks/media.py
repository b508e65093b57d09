"""Time (and weigh) what sources of other kinds than articles cost to read and check.

    python -m benchmarks.media [--hours 8] [--megapixels 40]   -> a Markdown table on stdout

Each case runs in a process of its own, timed with `time.perf_counter`; its memory is the
process's maximum resident set size (Pillow's decoded pixels included), beside a
process that only starts up (`baseline`):

* a transcript of `--hours` hours, a cue every 2 seconds, parsed (`corpus.transcripts`);
* the same, validated as a video source, with a claim quoting 200 of its cues;
* a picture of `--megapixels` million pixels, checked (decoded whole: `corpus.media`);
* a decompression bomb announcing 900 million pixels, refused;
* a PDF of 2,000 blank pages, opened and its pages counted.

Its figures are the section "Media and transcripts" of benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import functools
import io
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _stamp(seconds: int) -> str:
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.000"


def transcript(hours: float) -> str:
    """WebVTT cues, one every 2 seconds for `hours` hours."""
    cues = (
        f"{_stamp(2 * n)} --> {_stamp(2 * n + 2)}\nThe speaker says sentence number {n} here.\n"
        for n in range(int(hours * 1800))
    )
    return "WEBVTT\n\n" + "\n".join(cues)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def video_content(root: Path, hours: float) -> Path:
    """A content folder with one video source of `hours` hours and a claim quoting it."""
    content = root / "content"
    (content / "sources").mkdir(parents=True)
    (content / "claims").mkdir()
    (content / "people").mkdir()
    for person in ("bench-author", "bench-editor"):
        (content / "people" / f"{person}.yaml").write_text(
            f"name: {person}\nrole: Benchmark\nbio: A benchmark's invented person.\n",
            encoding="utf-8",
        )
    front = (
        "---\nkind: video\ntitle: A long recording\noutlet: Bench\npublished: unknown\n"
        "retrieved: unknown\nlanguage: en\n---\n"
    )
    (content / "sources" / "recording.md").write_text(front + transcript(hours), encoding="utf-8")
    quotes = "".join(
        f"  - source: recording\n    quote: sentence number {n} here\n    stance: context\n"
        for n in range(0, int(hours * 1800), 100)
    )[: 200 * 90]
    citations = quotes.split("  - source")[1:201]
    (content / "claims" / "long.yaml").write_text(
        "question: Q?\nclaim: C.\nclaimant: Bench\nstatus: unproven\nsummary: S.\ncitations:\n"
        + "".join("  - source" + c for c in citations)
        + "analysis: A.\ntags: [bench]\npublished: 2026-01-01\nupdated: 2026-01-01\n"
        + "authors: [bench-author]\neditor: bench-editor\n",
        encoding="utf-8",
    )
    return content


def picture(megapixels: float) -> bytes:
    from PIL import Image

    side = int((megapixels * 1_000_000) ** 0.5)
    out = io.BytesIO()
    Image.new("RGB", (side, side), "white").save(out, format="PNG")
    return out.getvalue()


def blank_pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bomb() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", 30_000, 30_000, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IEND", b"")


CASES = ("baseline", "parse", "validate", "picture", "bomb", "pdf")
"""Each case, run in a process of its own (its peak memory is that process's)."""


def prepare(scratch: Path, hours: float, megapixels: float) -> dict[str, str]:
    """Write every case's input below `scratch`; what each case is, in words."""
    (scratch / "parse.vtt").write_text(transcript(hours), encoding="utf-8")
    video_content(scratch / "validate", hours)
    inputs = {
        "picture": ("file.png", picture(megapixels)),
        "bomb": ("file.png", bomb()),
        "pdf": ("file.pdf", blank_pdf(2_000)),
    }
    for case, (name, data) in inputs.items():
        (scratch / case).mkdir()
        (scratch / case / name).write_bytes(data)
    size = {case: len(data) / 2**20 for case, (_, data) in inputs.items()}
    return {
        "baseline": "(start-up: Python and the generator imported, nothing done)",
        "parse": f"parse a {hours:g}-hour transcript ({int(hours * 1800):,} cues)",
        "validate": "validate it as a video source, a claim quoting 200 of its cues",
        "picture": f"check a {megapixels:g}-megapixel PNG ({size['picture']:.1f} MiB), decoded whole",
        "bomb": "refuse a PNG announcing 900 megapixels (a decompression bomb)",
        "pdf": f"open a PDF of 2,000 pages ({size['pdf']:.1f} MiB), count them",
    }


def run_case(case: str, scratch: Path) -> dict[str, Any]:
    """Time the one call of `case` on its input below `scratch`: {seconds, rss_mb, ...}."""
    from generator.corpus.media import read_media_folder
    from generator.corpus.pipeline import validate_content
    from generator.corpus.transcripts import parse_transcript

    call: Callable[[], Any] = lambda: None  # noqa: E731 - the baseline
    if case == "parse":
        call = functools.partial(
            parse_transcript, (scratch / "parse.vtt").read_text(encoding="utf-8"), 1
        )
    elif case == "validate":
        call = functools.partial(validate_content, scratch / "validate" / "content")
    elif case != "baseline":
        call = functools.partial(read_media_folder, scratch / case)
    before = _rss_mb()
    start = time.perf_counter()
    result = call()
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "rss_mb": _rss_mb(),
        "before_mb": before,
        "outcome": _outcome(result),
    }


def _outcome(result: Any) -> str:
    faults = getattr(result, "faults", None)
    if faults is not None:
        return "refused: " + next(iter(faults.values())).message if faults else "accepted"
    corpus = getattr(result, "corpus", "")
    if corpus != "":
        return "valid" if corpus is not None else "invalid"
    problems = getattr(result, "problems", ())
    return f"{len(problems)} problems" if problems else "done"


def run(hours: float, megapixels: float) -> list[dict[str, Any]]:
    """Every case, each in a fresh process, on inputs prepared here."""
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # Prepared in a process of its own too: Linux carries a process's peak RSS over
        # into the processes it starts, so this one must stay small.
        command = [sys.executable, "-m", "benchmarks.media", "--prepare", scratch]
        command += ["--hours", str(hours), "--megapixels", str(megapixels)]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        what = json.loads(done.stdout)
        for case in CASES:
            command = [sys.executable, "-m", "benchmarks.media", "--case", case, scratch]
            done = subprocess.run(command, capture_output=True, text=True, check=True)
            rows.append({"what": what[case], **json.loads(done.stdout)})
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| case | time | max RSS (before the call) | outcome |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['what']} | {r['seconds']:.3f} s | {r['rss_mb']:.0f} MB ({r['before_mb']:.0f} MB) | {r['outcome']} |"
        for r in rows
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--hours", type=float, default=8)
    parser.add_argument("--megapixels", type=float, default=40)
    parser.add_argument("--case", nargs=2, metavar=("CASE", "SCRATCH"), help=argparse.SUPPRESS)
    parser.add_argument("--prepare", metavar="SCRATCH", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:  # write the inputs; say what each case is, as JSON
        print(json.dumps(prepare(Path(args.prepare), args.hours, args.megapixels)))
        return
    if args.case:  # one case, on the inputs `run` prepared: its figures as JSON
        print(json.dumps(run_case(args.case[0], Path(args.case[1]))))
        return
    print(table(run(args.hours, args.megapixels)))


if __name__ == "__main__":
    main()
