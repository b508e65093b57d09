"""Search: Pagefind's index of the published claims, built into a staged site.

Material's search box stays on every page, but its lunr index (every page's text, in one
file that a reader's first search downloads whole) is not made: `unindex_pages` keeps
Material's search plugin from indexing pages, so its `search/search_index.json` only
carries the search settings. `index_published_claims` then runs Pagefind over the built
site (after MkDocs, before the site is put in place): it indexes the pages marked
`data-pagefind-body`, which the theme puts on published claim pages only
(site_templates/overrides/main.html), in chunks that a query loads a few of. Each result
shows the claim's verdict, from the badge marked `data-pagefind-meta` (render/docs.py).
A large site's index is built in parts (`PART_PAGES`), each of its own share of the claim
pages, that the worker searches in turn and merges: one index of them all would be
ranked too slowly for a word most claims share.

The box's queries are answered by our worker, `search/worker.js`: our adapter
(`search_worker.js`, next to this module) followed by Pagefind's own worker script.
In the offline bundle, which browsers open from file:// and refuse fetch() in, each
file of the index becomes a script holding its bytes (`<name>.js`), which the worker
loads with <script> elements instead.

Pagefind runs with no network, no configuration file and no `PAGEFIND_*` variable: only
the arguments given here. Its output is the same bytes for the same site.
"""

from __future__ import annotations

import base64
import contextlib
import json
import math
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import PublishError
from generator.publish.atomic import swap_into_place

__all__ = [
    "FIRST_SHOWN",
    "INDEX_FOLDER",
    "MORE_TEXT",
    "MORE_TITLE",
    "MOST_PARTS",
    "PART_PAGES",
    "RESULTS_LISTED",
    "WORKER",
    "SearchIndex",
    "SearchStopped",
    "index_published_claims",
    "index_site",
    "pagefind_executable",
    "unindex_pages",
]

INDEX_FOLDER = "search/pagefind"
"""Where Pagefind's index goes in the site."""
WORKER = "search/worker.js"
"""The search box's worker (site_templates/overrides/main.html points Material at it)."""
CLAIM_PAGES = "claims/**/*.html"
"""The pages Pagefind reads; of those it indexes the ones marked `BODY_ATTRIBUTE`."""
BODY_ATTRIBUTE = "data-pagefind-body"
"""What the theme marks the article of a published claim's page with (main.html)."""
_NO_PAGE = "Pagefind was not able to build an index"
"""What Pagefind says when no page was indexed."""
RESULTS_LISTED = 9
"""Claims a result lists; with the entry that says how many more match, the ten
entries Material shows before the reader scrolls."""
FIRST_SHOWN = 6
"""Claims a result shows as soon as their pages are in, before the others: a browser
loads at most six files at once from a host over HTTP/1.1, so the seventh page waits."""
MORE_TITLE = "More matching claims: {count}"
"""The last entry of a result when more claims match than are listed."""
MORE_TEXT = "Add a word to narrow the search, or browse every claim."
"""Its text; the entry links to the list of claims."""
PART_PAGES = 2_000
"""Most claim pages in one part of the index. Pagefind ranks the pages a query matches in
a time that grows with the square of their number (it looks each page up among all the
word's matches), too slowly in one index for a word most of 10,000 claims share. The
index is built in parts; the worker searches them in turn and merges their results by
score (Pagefind's `mergeIndex`). Figures: benchmarks/RESULTS.md."""
MOST_PARTS = 6
"""Most parts of the index, however many claims: a query loads a chunk of each part, and
a browser loads six files at once from an HTTP/1.1 host."""
PAGEFIND_TIMEOUT = 600
"""Seconds Pagefind may take before the build fails."""
_ADAPTER = Path(__file__).with_name("search_worker.js")
_KEPT_FOLDERS = ("index", "fragment", "filter")


class SearchStopped(Exception):
    """Indexing was stopped (`index_published_claims`' `stop`); nothing was replaced."""


@dataclass(frozen=True)
class SearchIndex:
    """What `index_published_claims` made."""

    pages: int
    """Claim pages in the index."""
    files: int
    """Files of the index (the worker not counted)."""
    bytes: int
    """Their size on disk."""


def unindex_pages(cfg: Any) -> None:
    """Keep Material's search plugin (its box, its settings) from indexing each page.

    Its `on_page_context` is taken out of the loaded config's events, so the plugin's
    `search_index.json` holds the settings and no page; Pagefind indexes the claims.
    """
    from generator.publish.mkdocs_internals import search_plugin_of

    handlers = cfg.plugins.events["page_context"]
    handlers[:] = [h for h in handlers if search_plugin_of(h) is None]


def pagefind_executable() -> Path:
    """The Pagefind binary that the `pagefind[extended]` package installed."""
    try:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]
    except ImportError:
        raise PublishError(
            "Pagefind is not installed; install the locked dependencies with `make deps`"
        ) from None
    try:
        return Path(get_executable())
    except FileNotFoundError as e:
        raise PublishError(f"Pagefind's binary is missing ({e}); reinstall with `make deps`") from e


def index_site(
    site: Path,
    raw_config: dict[str, Any],
    *,
    offline: bool,
    stop: threading.Event | None = None,
    niceness: int = 0,
) -> SearchIndex:
    """`index_published_claims` for a site built with this mkdocs.yml (`read_config`);
    the offline bundle's pages end in `.html`."""
    from generator.render.paths import CLAIMS_INDEX

    theme = raw_config.get("theme")
    language = str((theme.get("language") if isinstance(theme, dict) else None) or "en")
    directory_urls = not offline and raw_config.get("use_directory_urls", True) is not False
    folder = CLAIMS_INDEX.removesuffix("index.md")
    claims_list = folder if directory_urls else f"{folder}index.html"
    return index_published_claims(
        site,
        offline=offline,
        claims_list=claims_list,
        language=language,
        stop=stop,
        niceness=niceness,
    )


def index_published_claims(
    site: Path,
    *,
    offline: bool,
    claims_list: str,
    language: str,
    stop: threading.Event | None = None,
    niceness: int = 0,
    part_pages: int = PART_PAGES,
) -> SearchIndex:
    """Index the published claim pages of the built `site` and write the search worker.

    `offline` writes each file of the index as a script (for file://); `claims_list`
    is the address, from the site's root, of the list of every claim that a result
    links when more claims match than it lists; `language` the site's (the index of
    that language is searched). The index is made beside the one in place, if any, and
    replaces it when complete. Setting `stop` (the preview, when a newer edit comes)
    ends Pagefind and raises `SearchStopped`; `niceness` is added to Pagefind's (the
    preview indexes while the reader edits); `part_pages` is the most claim pages in a
    part of the index (`PART_PAGES`). Raises `PublishError` when Pagefind fails.
    """
    home = site / INDEX_FOLDER
    home.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".index-", dir=home.parent))
    try:
        index = work / "pagefind"
        settings: dict[str, Any] = {
            "transport": "script" if offline else "fetch",
            "language": language,
            "limit": RESULTS_LISTED,
            "first": FIRST_SHOWN,
            "claims": claims_list,
            "more": {"title": MORE_TITLE, "text": MORE_TEXT},
            "parts": [],
        }
        worker = work / "worker.js"
        parts = _indexed_parts(site, work, part_pages, stop, niceness)
        if parts:
            first: dict[str, bytes] = {}
            for number, part in enumerate(parts):
                prefix = f"{_folder_of(number)}/" if number else ""
                first.update(_read_first(part.folder, part.entry, prefix, wasm=not number))
                _keep_what_queries_read(part.folder)
            _gather_parts(parts, index)
            if offline:
                _as_scripts(index)
            primary = parts[0].entry
            settings["language"] = _indexed_language(primary, language)
            settings["parts"] = [_folder_of(number) for number in range(1, len(parts))]
            version = str(primary.get("version", "?"))
            _write_worker(worker, settings, first, version, parts[0].worker)
            pages = sum(part.pages for part in parts)
        else:  # no published claim: a worker that finds nothing
            index.mkdir()
            _write_worker(worker, {**settings, "transport": "none"}, {})
            pages = 0
        files = [p for p in index.rglob("*") if p.is_file()]
        made = SearchIndex(pages, len(files), sum(p.stat().st_size for p in files))
        swap_into_place(index, home)  # an index already there ends up in `work`, removed below
        os.replace(worker, site / WORKER)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return made


@dataclass(frozen=True)
class _Part:
    """One part of the index, as Pagefind wrote it."""

    folder: Path
    """Pagefind's output."""
    entry: dict[str, Any]
    """Its `pagefind-entry.json`."""
    worker: bytes
    """Pagefind's worker script."""

    @property
    def pages(self) -> int:
        return sum(int(lang.get("page_count", 0)) for lang in self.entry["languages"].values())


def _indexed_parts(
    site: Path, work: Path, most: int, stop: threading.Event | None, niceness: int
) -> list[_Part]:
    """Pagefind's index of `site`'s published claims, in parts of at most `most` claim
    pages each, and `MOST_PARTS` at most (one part, of the site itself, when the pages are
    that few); a part with no published claim is left out."""
    pages = sorted(site.glob(CLAIM_PAGES))
    count = min(MOST_PARTS, max(1, math.ceil(len(pages) / most)))
    if count == 1:
        sites = [site]
    else:  # each page in turn to the next part, so that the parts' words are alike
        sites = [_linked(site, pages[n::count], work / f"pages-{n}") for n in range(count)]
    parts = []
    for n, part_site in enumerate(sites):
        output = work / f"part-{n}"
        if _run_pagefind(part_site, output, stop, niceness):
            entry = json.loads((output / "pagefind-entry.json").read_text(encoding="utf-8"))
            parts.append(_Part(output, entry, (output / "pagefind-worker.js").read_bytes()))
    return parts


def _linked(site: Path, pages: list[Path], folder: Path) -> Path:
    """A site in `folder` with `pages` only, at their places in `site`: hard links where
    the file system has them (Pagefind reads the pages, and a copy costs their bytes)."""
    for page in pages:
        place = folder / page.relative_to(site)
        place.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(page, place)
        except OSError:
            shutil.copyfile(page, place)
    return folder


def _gather_parts(parts: list[_Part], index: Path) -> None:
    """The first part's files in `index`, and each other's in its folder there."""
    parts[0].folder.rename(index)
    for number, part in enumerate(parts[1:], start=1):
        part.folder.rename(index / _folder_of(number))


def _folder_of(number: int) -> str:
    """The folder of part `number` (1 on) in the index's: the worker's `parts`."""
    return str(number)


def _run_pagefind(site: Path, output: Path, stop: threading.Event | None, niceness: int) -> bool:
    """Run Pagefind over `site`'s claim pages into `output`; False when no page is marked
    `data-pagefind-body` (no claim is published), so that there is no index."""
    command = [
        str(pagefind_executable()),
        "--site",
        str(site),
        "--output-path",
        str(output),
        "--glob",
        CLAIM_PAGES,
        # Only the marked element, and no page without one: a site with no published
        # claim would otherwise have every page of the glob indexed whole.
        "--root-selector",
        f"[{BODY_ATTRIBUTE}]",
        "--quiet",
    ]
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND")}
    with tempfile.TemporaryDirectory(prefix="factcheck-pagefind-") as nowhere:
        try:
            process = subprocess.Popen(
                command,
                cwd=nowhere,  # no pagefind.yml or .toml can be picked up from here
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        except OSError as e:
            raise PublishError(
                f"cannot run Pagefind ({e.strerror}); reinstall with `make deps`"
            ) from e
        if niceness:
            with contextlib.suppress(OSError):  # it may have exited already
                mine = os.getpriority(os.PRIO_PROCESS, 0)
                os.setpriority(os.PRIO_PROCESS, process.pid, mine + niceness)
        out, err = _finished(process, stop)
    if process.returncode != 0 and _NO_PAGE in err:
        return False
    if process.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        said = (err or out).strip().splitlines()[-20:]
        raise PublishError(
            "Pagefind failed to index the claims; nothing was published:\n"
            + "\n".join(f"  {line}" for line in said)
        )
    return True


def _finished(process: subprocess.Popen[str], stop: threading.Event | None) -> tuple[str, str]:
    """Pagefind's output once it has exited; it is ended on `stop`, after
    `PAGEFIND_TIMEOUT` and when the build is interrupted."""
    deadline = time.monotonic() + PAGEFIND_TIMEOUT
    try:
        while True:
            try:
                return process.communicate(timeout=0.1)
            except subprocess.TimeoutExpired:
                if stop is not None and stop.is_set():
                    raise SearchStopped("a newer build came; indexing stopped") from None
                if time.monotonic() > deadline:
                    raise PublishError(
                        f"Pagefind took more than {PAGEFIND_TIMEOUT} s to index the claims; nothing was published"
                    ) from None
    except BaseException:
        process.kill()
        process.communicate()
        raise


def _read_first(
    folder: Path, entry: dict[str, Any], prefix: str = "", *, wasm: bool = True
) -> dict[str, bytes]:
    """The files Pagefind reads before any query, named from the index's folder (a part's
    with its `prefix`): its entry, and each language's metadata and, unless `wasm` is
    False (a merged part uses the first part's), WebAssembly. They go into the worker."""
    names = ["pagefind-entry.json"]
    for language in entry["languages"].values():
        names.append(f"pagefind.{language['hash']}.pf_meta")
        if wasm:
            names.append(f"wasm.{language.get('wasm') or 'unknown'}.pagefind")
    return {prefix + name: (folder / name).read_bytes() for name in dict.fromkeys(names)}


def _keep_what_queries_read(folder: Path) -> None:
    """Only the chunks that queries load stay in the folder: the rest of Pagefind's
    output is its user interfaces, its module script, its worker (in ours) and the
    files that `_read_first` put in the worker."""
    for path in folder.iterdir():
        if path.is_dir():
            if path.name not in _KEPT_FOLDERS:
                shutil.rmtree(path)
        else:
            path.unlink()


def _as_scripts(folder: Path) -> None:
    """Each file of the index as `<name>.js`, a script that hands its bytes to the worker."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        script = f"self.factcheckSearchFiles[{json.dumps(name)}]={json.dumps(data)};\n"
        path.with_name(path.name + ".js").write_text(script, encoding="ascii")
        path.unlink()


def _indexed_language(entry: dict[str, Any], language: str) -> str:
    """`language` when the index has it, else the language of most of its pages."""
    languages: dict[str, Any] = entry.get("languages", {})
    for code in (language, language.split("-")[0]):
        if code in languages:
            return code
    ranked = sorted(
        languages.items(), key=lambda item: (-int(item[1].get("page_count", 0)), item[0])
    )
    return ranked[0][0] if ranked else language


def _write_worker(
    path: Path,
    settings: dict[str, Any],
    first: dict[str, bytes],
    version: str = "",
    pagefind: bytes = b"",
) -> None:
    """Our adapter, then Pagefind's worker script (`version`'s, unless there is no index),
    in one file, after the settings and the files read before any query: one request,
    where Pagefind alone would make four in turn."""
    files = {name: base64.b64encode(data).decode("ascii") for name, data in first.items()}
    parts = [
        b"self.factcheckSearch = " + _json(settings) + b";\n",
        b"self.factcheckSearchFiles = " + _json(files) + b";\n",
        _ADAPTER.read_bytes(),
    ]
    if pagefind:
        notice = f"/* Pagefind {version}'s worker script (MIT licence, https://pagefind.app) */"
        parts += [b"\n", notice.encode("ascii"), b"\n", pagefind, b"\n"]
    path.write_bytes(b"".join(parts))


def _json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=True).encode("ascii")
