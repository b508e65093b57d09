"""Stage 1: read the content folder into parsed documents with positions.

Nothing here judges the *meaning* of a document; it only turns files into
`LoadedFile`s (YAML data with line numbers, plus a source's body split into
paragraphs) and reports what stops a file from being read at all: encoding,
size, syntax, layout. Validation (`validate.validate_loaded`) takes the result
from there and never reads a file itself.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.corpus.gc_pause import gc_paused
from generator.corpus.media import MediaFolder, folder_stamp, read_media_folder
from generator.corpus.models import Cue, Page, Paragraph
from generator.corpus.pages import parse_pages
from generator.corpus.transcripts import parse_transcript
from generator.corpus.yamlload import Located, load_yaml
from generator.errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
CLAIM_SUFFIXES = (".yaml", ".yml")
SOURCE_SUFFIXES = (".md",)
Kind = Literal["claim", "source", "person", "claimant", "about"]
NEWSROOM_FOLDERS: tuple[tuple[Kind, str], ...] = (("person", "people"), ("claimant", "claimants"))
"""The optional folders of YAML files besides claims/ (kind, folder): read when they exist."""
ABOUT_FILE = "about.yaml"
"""The transparency statement, at the top of the content folder (optional)."""

_KIND_NAMES: dict[Kind, str] = {
    "claim": "a claim",
    "source": "a source",
    "person": "a person",
    "claimant": "a claimant",
    "about": ABOUT_FILE,
}
"""How messages name a file of each kind."""
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


@dataclass(frozen=True)
class LoadedFile:
    """A content file that could be read and parsed."""

    path: Path
    """Where it was read from."""
    kind: Kind
    """`claim`, `source`, `person`, `claimant` or `about`."""
    stem: str
    """The file name without its extension: the document's id."""
    located: Located
    """The YAML (a claim, or a source's front matter) with positions."""
    text: str
    """The whole file, decoded, with Unix line endings."""
    body: str = ""
    """A source's article text, verbatim (empty for claims)."""
    body_line: int = 0
    """Line of the file on which the body starts."""
    paragraphs: tuple[Paragraph, ...] = ()
    """A source's paragraphs, split at blank lines (empty for claims); a recording's or
    a document's, one per cue or per block of a page (`body` is then their words only)."""
    cues: tuple[Cue, ...] = ()
    """A video's or an audio's cues (`transcripts`)."""
    pages: tuple[Page, ...] = ()
    """A document's pages (`pages`)."""
    media: MediaFolder | None = None
    """The source's own folder, `content/sources/<id>/`, when it has one (`media`)."""
    body_read: bool = True
    """False when a transcript or a document's pages had problems (each reported): its
    text is then incomplete, and no quote is looked for in it."""


@dataclass(frozen=True)
class LoadResult:
    """What reading a content folder produced: all that validation works from."""

    files: tuple[LoadedFile, ...]
    """Every file that parsed, sorted by path."""
    problems: tuple[Problem, ...]
    """Why the others could not be read, and layout mistakes."""
    unreadable: tuple[Path, ...] = ()
    """Regular files in `claims/` or `sources/` that could not be read or parsed (each
    has a problem above); they are counted with the claims and sources all the same."""
    content_dir: Path | None = None
    """The folder read (where `about.yaml` is, or would be)."""

    def counted(self, kind: Kind) -> int:
        """How many `kind` files the folder holds: those read, and those that could not be."""
        folder = f"{kind}s"
        return sum(1 for f in self.files if f.kind == kind) + sum(
            1 for path in self.unreadable if path.parent.name == folder
        )


class LoadCache:
    """Files already read, reused while their size, times and inode are unchanged.

    For `factcheck serve`, which validates again after every edit: an unchanged
    file is neither read nor parsed, and gives back the very same `LoadedFile`.
    """

    def __init__(self) -> None:
        self._entries: dict[
            tuple[Path, str], tuple[tuple[object, ...], LoadedFile | None, tuple[Problem, ...]]
        ] = {}
        self._seen: set[tuple[Path, str]] = set()

    def load(self, path: Path, kind: Kind, problems: list[Problem]) -> LoadedFile | None:
        try:
            st = path.stat()
        except OSError:
            return load_file(path, kind, problems)
        stamp: tuple[object, ...] = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
        if kind == "source":  # its folder's files are part of it
            stamp += folder_stamp(path.with_suffix(""))
        key = (path, kind)
        self._seen.add(key)
        hit = self._entries.get(key)
        if hit is not None and hit[0] == stamp:
            problems.extend(hit[2])
            return hit[1]
        found: list[Problem] = []
        loaded = load_file(path, kind, found)
        problems.extend(found)
        self._entries[key] = (stamp, loaded, tuple(found))
        return loaded

    def forget_unseen(self) -> None:
        """Drop files not asked for since the last call (deleted or renamed)."""
        self._entries = {key: entry for key, entry in self._entries.items() if key in self._seen}
        self._seen = set()


@dataclass(frozen=True)
class EditionClaims:
    """Another language edition's claims, as far as this checkout has them."""

    folder: Path
    """Its claims folder (`<content>/claims`), for messages."""
    claims: frozenset[str] | None
    """The ids of its claims (file names); None when the folder is not here."""


def edition_claims(content_dir: Path) -> EditionClaims:
    """The claims of another edition whose content folder is `content_dir` (by file name:
    what a translation names is that edition's to judge)."""
    folder = content_dir / "claims"
    if not folder.is_dir():
        return EditionClaims(folder, None)
    return EditionClaims(
        folder,
        frozenset(path.stem for path in folder.iterdir() if path.suffix in CLAIM_SUFFIXES),
    )


def load_content(content_dir: Path, *, cache: LoadCache | None = None) -> LoadResult:
    """Read every claim and source below `content_dir` (through `cache` if given)."""
    with gc_paused():
        result = _load_content(content_dir, cache.load if cache is not None else load_file)
    if cache is not None:
        cache.forget_unseen()
    return result


def _load_content(
    content_dir: Path, read: Callable[[Path, Kind, list[Problem]], LoadedFile | None]
) -> LoadResult:
    listing = list_content(content_dir)
    problems = list(listing.problems)
    files = load_listed(listing.paths, read, problems)
    return LoadResult(
        tuple(files), tuple(problems), unreadable(problems, files), listing.content_dir
    )


@dataclass(frozen=True)
class Listing:
    """The files of a content folder, before any is read."""

    content_dir: Path | None
    """The folder, or None when there is none (`problems` says so)."""
    paths: tuple[tuple[Kind, Path], ...]
    """Each file to read and what it holds, in reading order (claims first)."""
    problems: tuple[Problem, ...]
    """Layout mistakes: a missing folder, a stray or hidden file, a symbolic link."""


def list_content(content_dir: Path) -> Listing:
    """The files `load_content` reads below `content_dir`, without reading them."""
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(Problem(content_dir, 1, 1, "content folder not found; pass --content DIR"))
        return Listing(None, (), tuple(problems))
    folders: list[tuple[Kind, Path, tuple[str, ...]]] = [
        ("claim", content_dir / "claims", CLAIM_SUFFIXES),
        ("source", content_dir / "sources", SOURCE_SUFFIXES),
    ]
    folders += [
        (kind, content_dir / name, CLAIM_SUFFIXES)
        for kind, name in NEWSROOM_FOLDERS
        if (content_dir / name).exists() or (content_dir / name).is_symlink()
    ]
    paths = [
        (kind, path)
        for kind, folder, suffixes in folders
        for path in _content_files(folder, suffixes, problems)
    ]
    about = _about_file(content_dir, problems)
    if about is not None:
        paths.append(("about", about))
    return Listing(content_dir, tuple(paths), tuple(problems))


def load_listed(
    paths: Iterable[tuple[Kind, Path]],
    read: Callable[[Path, Kind, list[Problem]], LoadedFile | None],
    problems: list[Problem],
) -> list[LoadedFile]:
    """The files at `paths` that could be read; why the others could not, in `problems`."""
    return [loaded for kind, path in paths if (loaded := read(path, kind, problems))]


def _about_file(content_dir: Path, problems: list[Problem]) -> Path | None:
    """`about.yaml` when it is there and a plain file; a problem when it is something else,
    or when it is spelled `about.yml`."""
    path = content_dir / ABOUT_FILE
    misspelt = content_dir / "about.yml"
    if misspelt.exists() and not path.exists():
        problems.append(Problem(misspelt, 1, 1, f"rename this file to {ABOUT_FILE}"))
    if path.is_symlink():
        problems.append(
            Problem(path, 1, 1, "symbolic links are not allowed in content; copy the file in")
        )
        return None
    if not path.exists():
        return None
    if not path.is_file():
        problems.append(
            Problem(path, 1, 1, f"{ABOUT_FILE} must be a plain file (the About page's content)")
        )
        return None
    return path


def unreadable(problems: Iterable[Problem], files: Iterable[LoadedFile]) -> tuple[Path, ...]:
    """The regular files of `claims/` and `sources/` that a problem kept from being read."""
    read = {f.path for f in files}
    return tuple(
        sorted(
            {
                p.path
                for p in problems
                if p.path.parent.name in ("claims", "sources")
                and p.path not in read
                and p.path.is_file()
            }
        )
    )


def _content_files(
    folder: Path, suffixes: tuple[str, ...], problems: list[Problem]
) -> Iterator[Path]:
    if folder.is_symlink():
        problems.append(
            Problem(
                folder,
                1,
                1,
                f"{folder.name}/ is a symbolic link; content must be real folders and files",
            )
        )
        return
    if not folder.is_dir():
        problems.append(Problem(folder, 1, 1, f"folder {folder.name}/ is missing; create it"))
        return
    # scandir: the folder listing already says what each entry is, without a stat per file.
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        path = Path(entry.path)
        is_file = entry.is_file(follow_symlinks=False)
        if entry.name.startswith("."):
            if path.suffix in suffixes and is_file:
                visible = entry.name.lstrip(".")
                problems.append(
                    Problem(
                        path,
                        1,
                        1,
                        f"hidden file (its name starts with '.'), so it is never published; rename it to {visible}",
                    )
                )
            continue  # .gitkeep, editor lock files and the like are not content
        if entry.is_symlink():
            problems.append(
                Problem(path, 1, 1, "symbolic links are not allowed in content; copy the file in")
            )
        elif entry.is_dir(follow_symlinks=False):
            if not _is_media_folder(folder, entry.name, suffixes):
                problems.append(Problem(path, 1, 1, _stray_folder(folder, entry.name)))
        elif path.suffix not in suffixes:
            wanted = " or ".join(suffixes)
            problems.append(
                Problem(path, 1, 1, f"unexpected file; {folder.name}/ holds only {wanted} files")
            )
        elif not is_file:
            problems.append(
                Problem(
                    path,
                    1,
                    1,
                    "not a regular file (a pipe or device?); content files must be plain files",
                )
            )
        else:
            yield path


def _is_media_folder(folder: Path, name: str, suffixes: tuple[str, ...]) -> bool:
    """A source's own folder: `sources/<id>/` beside `sources/<id>.md`."""
    return folder.name == "sources" and any((folder / f"{name}{s}").is_file() for s in suffixes)


def _stray_folder(folder: Path, name: str) -> str:
    if folder.name == "sources":
        return f"a folder in sources/ holds the files of the source of the same name ({name}/ beside {name}.md), and there is no {name}.md; rename the folder after its source"
    return f"sub-folders are not read; move its files into {folder.name}/"


def load_file(path: Path, kind: Kind, problems: list[Problem]) -> LoadedFile | None:
    """The file at `path`, read and parsed; None after adding to `problems` why it could not be."""
    text = _read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(
                path,
                1,
                1,
                f"file is empty; {_KIND_NAMES[kind]} needs its fields (see docs/manual/content.md)",
            )
        )
        return None
    if kind != "source":
        located, yaml_problems = load_yaml(text)
        body, body_line = "", 0
    else:
        split = _split_front_matter(path, text, problems)
        if split is None:
            return None
        front, front_line, body, body_line = split
        located, yaml_problems = load_yaml(front, first_line=front_line)
    problems.extend(Problem(path, p.line, p.col, p.message) for p in yaml_problems)
    if yaml_problems and (located.data is None or not all(p.recoverable for p in yaml_problems)):
        return (
            None  # a duplicate key or a refused tag leaves the rest worth checking; others do not
        )
    if not isinstance(located.data, dict):
        found = "nothing" if located.data is None else f"a {type(located.data).__name__}"
        where = "the front matter" if kind == "source" else "the file"
        pos = located.position(())
        problems.append(
            Problem(
                path,
                pos.line,
                pos.col,
                f"{where} must be a mapping of keys (like `title: ...`), found {found}",
            )
        )
        return None
    if kind != "source":
        return LoadedFile(path, kind, path.stem, located, text)
    return _source_file(path, located, text, body, body_line, problems)


def _source_file(
    path: Path, located: Located, text: str, body: str, body_line: int, problems: list[Problem]
) -> LoadedFile:
    """A source, its body read as its kind lays it out, with its folder's files."""
    source_kind = located.data.get("kind")
    cues: tuple[Cue, ...] = ()
    pages: tuple[Page, ...] = ()
    if source_kind in ("video", "audio"):
        transcript = parse_transcript(body, body_line)
        words, paragraphs, cues, found = (
            transcript.text,
            transcript.paragraphs,
            transcript.cues,
            transcript.problems,
        )
    elif source_kind == "document":
        document = parse_pages(body, body_line)
        words, paragraphs, pages, found = (
            document.text,
            document.paragraphs,
            document.pages,
            document.problems,
        )
    else:
        words, paragraphs, found = body, split_paragraphs(body, body_line), ()
    problems.extend(Problem(path, p.line, p.col, p.message) for p in found)
    folder = path.with_suffix("")
    media = read_media_folder(folder) if folder.is_dir() and not folder.is_symlink() else None
    return LoadedFile(
        path,
        "source",
        path.stem,
        located,
        text,
        words,
        body_line,
        paragraphs,
        cues,
        pages,
        media,
        body_read=not found,
    )


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        # Never follow a link swapped in after listing; read at most one byte past the
        # limit, so a file that grows (or lies about its size) cannot exhaust memory.
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                data = b""
            else:
                data = handle.read(MAX_FILE_BYTES + 1)
                size = max(size, len(data))
    except OSError as exc:
        problems.append(Problem(path, 1, 1, f"cannot read file: {exc.strerror or exc}"))
        return None
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(
                path,
                1,
                1,
                f"file is {size / 2**20:.1f} MiB; the limit is {MAX_FILE_BYTES // 2**20} MiB",
            )
        )
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(
            Problem(
                path, 1, 1, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM"
            )
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8")) + 1  # characters, as editors count
        problems.append(
            Problem(
                path,
                line,
                col,
                f"invalid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            )
        )
        return None
    if "\x00" in text:
        at = text.index("\x00")
        line = text.count("\n", 0, at) + 1
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        problems.append(
            Problem(path, line, col, "file contains a NUL character; is it a binary file?")
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(
    path: Path, text: str, problems: list[Problem]
) -> tuple[str, int, str, int] | None:
    """(front matter, its first line, body, body's first line) of a source file."""
    lines = text.split("\n")
    if not _FENCE.match(lines[0]) or lines[0].startswith("."):
        problems.append(
            Problem(
                path,
                1,
                1,
                "a source must start with YAML front matter: a line '---', the fields, then '---'",
            )
        )
        return None
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            front = "\n".join(lines[1:index])
            rest = lines[index + 1 :]
            skipped = 0
            while skipped < len(rest) and not rest[skipped].strip():
                skipped += 1
            body = "\n".join(rest[skipped:]).rstrip()
            body_line = index + 2 + skipped if body else index + 2
            return front, 2, body, body_line
    problems.append(
        Problem(
            path,
            1,
            1,
            "front matter opened on line 1 is never closed; add a line '---' after the fields",
        )
    )
    return None


def split_paragraphs(body: str, first_line: int) -> tuple[Paragraph, ...]:
    """The body's paragraphs: runs of text separated by blank lines."""
    paragraphs: list[Paragraph] = []
    start = 0
    line, counted = first_line, 0  # line number at offset `counted`, counted incrementally
    for gap in [*_BLANK_LINES.finditer(body), None]:
        end = gap.start() if gap else len(body)
        chunk = body[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        if chunk.strip():
            begin = start + lead
            finish = start + len(chunk.rstrip())
            line += body.count("\n", counted, begin)
            counted = begin
            paragraphs.append(Paragraph(len(paragraphs) + 1, begin, finish, line))
        if gap:
            start = gap.end()
    return tuple(paragraphs)
