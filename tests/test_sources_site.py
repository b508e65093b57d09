"""Fingerprints and archived copies on a real built site, and hostile archives refused before it.

The fingerprint each source page prints is checked with the real `sha256sum` on the very
file the site publishes, on the public site and in the offline bundle, as the manual tells
readers to check it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from contentkit import CLAIM, SOURCE, OfflineBundle, build_folder, write_content

from generator.commands.build import build
from generator.corpus.pipeline import check
from generator.errors import ContentError

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FINGERPRINT = re.compile(r'<code class="fc-fingerprint">([0-9a-f]{64})</code>')
WAYBACK = "https://web.archive.org/web/20251212093000/https://example.org/news/a"


def sha256sum(path: Path) -> str:
    """What the manual's one command prints for `path`: its digest."""
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:  # pragma: no cover - coreutils is on every Linux we test on
        pytest.skip("sha256sum is not installed")
    done = subprocess.run(
        [sha256sum, path.name], cwd=path.parent, capture_output=True, text=True, check=True
    )
    digest, name = done.stdout.split()
    assert name == path.name
    return digest


def test_each_source_page_prints_what_sha256sum_says_of_its_text(shipped_site: Path) -> None:
    sources = check(ROOT / "content").published_sources
    assert len(sources) == 5
    for source in sources:
        page = (shipped_site / "sources" / source.id / "index.html").read_text(encoding="utf-8")
        (printed,) = FINGERPRINT.findall(page)
        assert printed == sha256sum(shipped_site / "api" / "sources" / f"{source.id}.txt")


def test_the_offline_bundle_prints_the_same_fingerprints(
    shipped_site: Path, shipped_bundle: OfflineBundle
) -> None:
    for text in sorted((shipped_bundle.unzipped / "api" / "sources").glob("*.txt")):
        page = (shipped_bundle.unzipped / "sources" / f"{text.stem}.html").read_text(
            encoding="utf-8"
        )
        assert FINGERPRINT.findall(page) == [sha256sum(text)]
        assert text.read_bytes() == (shipped_site / "api" / "sources" / text.name).read_bytes()


def test_the_data_page_says_how_to_check_a_fingerprint(shipped_site: Path) -> None:
    page = (shipped_site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'id="fingerprints"' in page
    assert "<pre><code>sha256sum <var>source</var>.txt</code></pre>" in page


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[dict[str, str | None], str]] = []
        self._open: dict[str, str | None] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open, "".join(self._text)))
            self._open = None


def test_archived_copies_are_links_beside_the_original(tmp_path: Path) -> None:
    source = SOURCE.replace(
        "retrieved: unknown\n",
        f"url: https://example.org/news/a\nretrieved: 2025-12-12\narchived:\n  - url: {WAYBACK}\n    date: 2025-12-12\n",
    )
    built = build_folder(
        write_content(tmp_path, sources={"article.md": source}), tmp_path / "out", offline=False
    )
    parser = _Links()
    parser.feed((built.site / "sources" / "article" / "index.html").read_text(encoding="utf-8"))
    (archived,) = [(attrs, text) for attrs, text in parser.links if attrs.get("href") == WAYBACK]
    assert archived[1] == "Wayback Machine"
    assert archived[0]["rel"] == "nofollow noopener" and archived[0]["class"] == "fc-external"


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("archived", "expected"),
    [
        (
            "  - url: javascript:alert(document.domain)\n    date: 2025-12-12\n",
            "7:10: 'javascript:alert(document.domain)' is not a web address",
        ),
        (
            "  - url: https://web.archive.org/web/20250230120000/https://example.org/news/a\n    date: 2025-02-28\n",
            "7:10: the timestamp 20250230120000 in this address is not a real time",
        ),
        (
            "  - url: https://archive.ph/AbCd1\n    date: 2999-01-01\n",
            "8:11: capture date 2999-01-01 is in the future",
        ),
        (
            "".join(
                f"  - url: https://archive.ph/copy{i}\n    date: 2025-12-12\n" for i in range(100)
            ),
            "7:3: archived has 100 items; the limit is 20",
        ),
    ],
)
def test_hostile_archives_fail_the_build_and_keep_the_previous_site(
    tmp_path: Path, archived: str, expected: str
) -> None:
    content = write_content(tmp_path, {"served-120-days.yaml": CLAIM})
    site, dist = tmp_path / "site", tmp_path / "dist"

    def run_build() -> None:
        build(
            content,
            site,
            offline=False,
            dist_dir=dist,
            config=ROOT / "mkdocs.yml",
            docs_dir=tmp_path / "docs",
        )

    run_build()
    before = tree(site)
    hostile = SOURCE.replace("retrieved: unknown\n", "retrieved: unknown\narchived:\n" + archived)
    (content / "sources" / "article.md").write_text(hostile, encoding="utf-8")
    with pytest.raises(ContentError) as failed:
        run_build()
    found = [f"{p.line}:{p.col}: {p.message}" for p in failed.value.problems if p.is_error]
    assert any(line.startswith(expected) for line in found), found
    assert all(p.path.name == "article.md" for p in failed.value.problems)
    assert tree(site) == before
