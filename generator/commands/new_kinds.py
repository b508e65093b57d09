"""`factcheck new source --kind KIND`: the skeleton of a post, an image, a recording or a
document, and what `--from FILE` imports for each.

As for an article (`generator.commands.new`), a fresh skeleton is not valid on
purpose: every field only a person can fill is left `""`, so `factcheck validate`
lists them. `--from` takes, by kind:

* `post`: the text as posted (a UTF-8 file, as for an article);
* `image`: the picture, copied into `content/sources/<id>/` once it passes the
  checks a build makes (`corpus.media`); its text is left to transcribe;
* `video`, `audio`: a WebVTT file, whose cues become the text once they parse;
* `document`: the PDF, copied into `content/sources/<id>/`, with its text taken out
  page by page by pypdf, to be checked against the PDF word for word.
"""

from __future__ import annotations

import contextlib
import io
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from generator.commands import DOCUMENTED_COMMAND
from generator.commands.new import (
    ScaffoldError,
    SourceFields,
    import_text,
    source_path,
    source_skeleton,
    write_new,
    write_new_bytes,
)
from generator.corpus.media import MediaFault, read_media_folder
from generator.corpus.models import MediaFile, SourceKind
from generator.corpus.pages import page_marker
from generator.corpus.read import MAX_FILE_BYTES
from generator.corpus.transcripts import parse_transcript
from generator.errors import display_path

__all__ = [
    "KIND_SKELETON_FIELDS",
    "KindImport",
    "import_for_kind",
    "kind_lines",
    "write_source_of_kind",
]

KIND_SKELETON_FIELDS: dict[SourceKind, tuple[tuple[str, str], ...]] = {
    SourceKind.ARTICLE: (),
    SourceKind.POST: (
        ("platform", "The platform as it names itself, e.g. Telegram."),
        ("handle", "The author's handle as the platform shows it, e.g. @example."),
    ),
    SourceKind.IMAGE: (
        ("file", "The picture's file name in content/sources/<id>/ (PNG, JPEG, GIF or WebP)."),
        ("alt", "What the image shows, for readers who cannot see it."),
        ("description", "Where the image comes from and what matters in it."),
    ),
    SourceKind.VIDEO: (),
    SourceKind.AUDIO: (),
    SourceKind.DOCUMENT: (("file", "The PDF's file name in content/sources/<id>/."),),
}
"""The kind fields a skeleton asks for, each with its comment."""
_OPTIONAL_LINES = {
    SourceKind.POST: "# screenshot: post.png  (optional: a file in content/sources/<id>/)",
    SourceKind.VIDEO: "# platform: YouTube  (optional)",
    SourceKind.AUDIO: "# platform: Example Radio  (optional)",
}
NEXT_STEPS = {
    SourceKind.ARTICLE: "paste the article's text below the front matter, one blank line between paragraphs",
    SourceKind.POST: "paste the text as posted below the front matter; put a screenshot in content/sources/<id>/ if you have one",
    SourceKind.IMAGE: "put the picture in content/sources/<id>/ and transcribe any text in it below the front matter",
    SourceKind.VIDEO: "paste the transcript's WebVTT cues below the front matter (`00:01:15.000 --> 00:01:19.500`, then the words)",
    SourceKind.AUDIO: "paste the transcript's WebVTT cues below the front matter (`00:01:15.000 --> 00:01:19.500`, then the words)",
    SourceKind.DOCUMENT: "put the PDF in content/sources/<id>/ and give its text below the front matter, each page after `[page N]`",
}
"""What to do after writing a skeleton without `--from`."""


def write_source_of_kind(
    content_dir: Path,
    source_id: str,
    kind: SourceKind,
    from_file: Path | None,
    fields: SourceFields,
) -> list[str]:
    """Write the skeleton of a source of `kind` (with what `--from` imports, a file copied
    into its folder first); the lines that say what was written and what to do next."""
    target = source_path(content_dir, source_id)
    imported = import_for_kind(kind, from_file) if from_file is not None else None
    if imported is not None:
        fields = replace(fields, note=imported.note)
    body = imported.body if imported is not None else None
    text = source_skeleton(fields, body, kind_lines(kind, imported.values if imported else {}))
    if imported is not None and imported.copy is not None:
        name, data = imported.copy
        write_new_bytes(target.with_suffix("") / name, data)
    path = write_new(target, text)
    if imported is None:
        return [
            f"wrote {display_path(path)}",
            f"next: {NEXT_STEPS[kind].replace('<id>', source_id)}",
        ]
    return [
        f"wrote {display_path(path)} ({imported.summary})",
        f"next: fill in the fields left empty (`{DOCUMENTED_COMMAND} validate` lists them)",
    ]


def kind_lines(kind: SourceKind, values: dict[str, str]) -> list[str]:
    """The front-matter lines of `kind` (after `language:`): `kind:` and its fields."""
    if kind is SourceKind.ARTICLE:
        return []
    lines = [f"# What this source is: {' | '.join(k.value for k in SourceKind)}", f"kind: {kind}"]
    for key, comment in KIND_SKELETON_FIELDS[kind]:
        lines += [f"# {comment}", f"{key}: {values.get(key, chr(34) * 2)}"]
    if kind in _OPTIONAL_LINES:
        lines.append(_OPTIONAL_LINES[kind])
    return lines


@dataclass(frozen=True)
class KindImport:
    """What `--from FILE` gives a source of some kind."""

    body: str | None
    """The text below the front matter (None: left for the editor)."""
    values: dict[str, str]
    """Kind fields filled in (a copied file's name)."""
    note: str
    """The source's `note`: where the text comes from."""
    summary: str
    """What was done, for the command's output."""
    copy: tuple[Path, bytes] | None = None
    """A file to put in the source's folder: its name there, and its bytes."""


def import_for_kind(kind: SourceKind, from_path: Path) -> KindImport:
    """Read `from_path` as `--from` of a source of `kind` (not an article)."""
    if kind is SourceKind.POST:
        imported = import_text(from_path)
        return KindImport(
            imported.body,
            {},
            f"Text as posted, imported from {from_path.name}.",
            f"{imported.paragraphs} paragraphs",
        )
    if kind.timed:
        return _transcript(from_path)
    media = _checked_media(from_path)
    if kind is SourceKind.IMAGE:
        if media.media_type == "application/pdf":
            raise ScaffoldError(f"{from_path} is a PDF; an image source takes a picture")
        return KindImport(
            None,
            {"file": media.name},
            f"Picture imported from {from_path.name}.",
            f"copied {media.name}; transcribe any text in it below the front matter",
            (Path(media.name), from_path.read_bytes()),
        )
    if media.media_type != "application/pdf":
        raise ScaffoldError(f"{from_path} is an image; a document source takes a PDF")
    data = from_path.read_bytes()
    body, pages = _pdf_text(data)
    return KindImport(
        body,
        {"file": media.name},
        f"Text taken out of {media.name} page by page by a program; check it against the PDF word for word.",
        f"copied {media.name}; text of {pages} of its {media.pages} pages taken out",
        (Path(media.name), data),
    )


def _transcript(from_path: Path) -> KindImport:
    imported = import_text(from_path)
    text = from_path.read_bytes().removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    parsed = parse_transcript(text, 1)
    if parsed.problems:
        first = parsed.problems[0]
        raise ScaffoldError(
            f"{display_path(from_path)}:{first.line}:{first.col}: {first.message}"
            + (f" (and {len(parsed.problems) - 1} more)" if len(parsed.problems) > 1 else "")
        )
    del imported  # read for its checks (size, UTF-8, no NUL) only
    return KindImport(
        text,
        {},
        f"Transcript imported from {from_path.name}.",
        f"{len(parsed.cues)} cue" + ("" if len(parsed.cues) == 1 else "s"),
    )


def _checked_media(from_path: Path) -> MediaFile:
    """`from_path` checked as a build checks a source's file, by way of a scratch folder
    (its name made safe for a source's folder)."""
    import tempfile

    name = _safe_name(from_path.name)
    with tempfile.TemporaryDirectory(prefix="factcheck-new-") as scratch:
        folder = Path(scratch)
        try:
            shutil.copyfile(from_path, folder / name)
        except OSError as exc:
            raise ScaffoldError(f"cannot read {from_path}: {exc.strerror}") from exc
        found = read_media_folder(folder)
    result: MediaFile | MediaFault | None = found.files.get(name) or found.faults.get(name)
    if isinstance(result, MediaFault):
        raise ScaffoldError(f"{display_path(from_path)}: {result.message}")
    assert result is not None, "the folder holds the file just copied"
    return result


def _safe_name(name: str) -> str:
    """A file name a source's folder takes: letters, digits, `-`, `_`, dots between."""
    import re

    stem, dot, extension = name.rpartition(".")
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", stem if dot else name).strip("-_") or "file"
    return f"{stem}.{extension.lower()}" if dot else stem


def _pdf_text(data: bytes) -> tuple[str | None, int]:
    """The PDF's text, each page with text after its marker, and how many pages had some."""
    from pypdf import PdfReader

    from generator.corpus.media import quiet_pypdf

    parts: list[str] = []
    with quiet_pypdf(), contextlib.suppress(Exception):
        reader = PdfReader(io.BytesIO(data))
        for number, page in enumerate(reader.pages, start=1):
            words = _paragraphs(page.extract_text() or "")
            if words:
                parts.append(f"{page_marker(number)}\n{words}")
            if sum(len(p) for p in parts) > MAX_FILE_BYTES // 2:
                break
    return ("\n\n".join(parts) if parts else None), len(parts)


def _paragraphs(text: str) -> str:
    """A page's text with lines trimmed and one blank line between paragraphs."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n")]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return "\n\n".join("\n".join(block) for block in blocks if block)
