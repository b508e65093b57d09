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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator.corpus.gc_pause import gc_paused
from generator.corpus.models import Paragraph
from generator.corpus.yamlload import Located, load_yaml
from generator.errors import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024
CLAIM_SUFFIXES = (".yaml", ".yml")
SOURCE_SUFFIXES = (".md",)
Kind = Literal["claim", "source"]

_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)*")


@dataclass(frozen=True)
class LoadedFile:
    """A content file that could be read and parsed."""

    path: Path
    """Where it was read from."""
    kind: Kind
    """`claim` or `source`."""
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
    """A source's paragraphs, split at blank lines (empty for claims)."""


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
            tuple[Path, str], tuple[tuple[int, ...], LoadedFile | None, tuple[Problem, ...]]
        ] = {}
        self._seen: set[tuple[Path, str]] = set()

    def load(self, path: Path, kind: Kind, problems: list[Problem]) -> LoadedFile | None:
        try:
            st = path.stat()
        except OSError:
            return load_file(path, kind, problems)
        stamp = (st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino)
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


def load_content(content_dir: Path, *, cache: LoadCache | None = None) -> LoadResult:
    """Read every claim and source below `content_dir` (through `cache` if given)."""
    with gc_paused():
        result = _load_content(content_dir, cache.load if cache is not None else load_file)
    if cache is not None:
        cache.forget_unseen()
    return result


@dataclass(frozen=True)
class Listing:
    """The content folder's files, before any is read."""

    claims: tuple[Path, ...]
    """The claim files, sorted by name."""
    sources: tuple[Path, ...]
    """The source files, sorted by name."""
    problems: tuple[Problem, ...]
    """What is wrong with the folder itself and with what else it holds."""


def list_content(content_dir: Path) -> Listing:
    """The claim and source files below `content_dir`, and what else is wrong there."""
    problems: list[Problem] = []
    if not content_dir.is_dir():
        problems.append(Problem(content_dir, 1, 1, "content folder not found; pass --content DIR"))
        return Listing((), (), tuple(problems))
    claims = tuple(_content_files(content_dir / "claims", CLAIM_SUFFIXES, problems))
    sources = tuple(_content_files(content_dir / "sources", SOURCE_SUFFIXES, problems))
    return Listing(claims, sources, tuple(problems))


def _load_content(
    content_dir: Path, load: Callable[[Path, Kind, list[Problem]], LoadedFile | None]
) -> LoadResult:
    listing = list_content(content_dir)
    problems = list(listing.problems)
    files: list[LoadedFile] = []
    for kind, paths in (("claim", listing.claims), ("source", listing.sources)):
        for path in paths:
            loaded = load(path, kind, problems)  # type: ignore[arg-type]
            if loaded is not None:
                files.append(loaded)
    return LoadResult(tuple(files), tuple(problems), unreadable(problems, files))


def unreadable(problems: list[Problem], files: list[LoadedFile]) -> tuple[Path, ...]:
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
            problems.append(
                Problem(path, 1, 1, f"sub-folders are not read; move its files into {folder.name}/")
            )
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


def load_file(path: Path, kind: Kind, problems: list[Problem]) -> LoadedFile | None:
    """The `kind` file at `path`, read and parsed; None (and its problems added to
    `problems`) when it cannot be."""
    text = _read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.append(
            Problem(
                path, 1, 1, f"file is empty; a {kind} needs its fields (see docs/manual/content.md)"
            )
        )
        return None
    if kind == "claim":
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
    paragraphs = split_paragraphs(body, body_line) if kind == "source" else ()
    return LoadedFile(path, kind, path.stem, located, text, body, body_line, paragraphs)


def _read_text(path: Path, problems: list[Problem]) -> str | None:
    try:
        # Never follow a link swapped in after listing; read at most one byte past the
        # limit, so a file that grows (or lies about its size) cannot exhaust memory.
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
            size = len(data)
            if size > MAX_FILE_BYTES:
                size = max(size, os.fstat(handle.fileno()).st_size)
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
