"""Build small content folders for tests, and the shipped content (conftest's `shipped_build`)."""

from __future__ import annotations

import hashlib
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from generator.render.settings import SiteSettings

REPO_ROOT = Path(__file__).resolve().parents[1]

TEST_SETTINGS = SiteSettings(
    site_name="Test Checks",
    site_url="https://checks.example.org/",
    description="Claims, checked.",
    publisher_name="Test Desk",
    publisher_url="https://desk.example.org/",
)
"""The site settings of tests that render content without a mkdocs.yml."""

SOURCE_BODY = """\
The regiment returned in December after 120 days.

Kim said “all of you” endured — almost every day — unimaginable stress…

Officials said nine soldiers died. Officials said nine soldiers died.
"""

SOURCE = (
    """\
---
title: A test article
outlet: Test Outlet
published: 2025-12-12
retrieved: unknown
language: en
---
"""
    + SOURCE_BODY
)

CLAIM = """\
# yaml-language-server: $schema=../../schemas/claim.schema.json
question: Did the regiment serve 120 days?
claim: The regiment served 120 days.
claimant: test-outlet
status: mostly-true
summary: The article says so.
citations:
  - source: article
    quote: returned in December after 120 days
    stance: supports
analysis: |
  The article says the regiment returned after [120 days](https://example.org/a).
tags: [deployment]
published: 2026-11-23
updated: 2026-11-23
"""
"""A published claim (`served-120-days.yaml`) quoting `article`; `write_content` adds its
`CREDITS`."""

CREDITS = "authors: [test-author]\neditor: test-editor\n"
"""Who checked and who edited a claim of `write_content`'s desk."""

AUTHOR = """\
name: Test Author
role: Fact-checker
bio: An invented fact-checker of the test suite.
"""
EDITOR = """\
name: Test Editor
role: Editor
bio: An invented editor of the test suite.
github: test-editor
"""
PEOPLE = {"test-author.yaml": AUTHOR, "test-editor.yaml": EDITOR}
"""The people of `write_content`'s desk (invented names)."""

CLAIMANT = """\
name: Test Outlet
description: An invented outlet whose claims the test suite checks.
"""
CLAIMANTS = {"test-outlet.yaml": CLAIMANT}
"""The claimants of `write_content`'s desk: `CLAIM`'s (invented)."""

ABOUT = """\
who_we_are: An invented desk that checks the claims of the test suite.
legal_form: An invented association, registered nowhere.
owners:
  - name: Invented Owners' Association
funding:
  - year: 2026
    funders:
      - name: Invented Test Fund
        amount: 1000
        currency: EUR
        share: 100
nonpartisanship: The invented desk takes no side.
how_we_choose: We check the claims the tests need.
how_to_suggest: Tell the test suite.
"""
"""A complete `about.yaml`: every item the IFCN Code of Principles asks for (invented)."""


def write_content(
    root: Path,
    claims: dict[str, str] | None = None,
    sources: dict[str, str] | None = None,
    *,
    people: dict[str, str] | None = None,
    about: str | None = ABOUT,
    claimants: dict[str, str] | None = None,
    credits: bool = True,
) -> Path:
    """A content folder with the given files (defaults: one valid claim, one source, the
    two people and the claimant it names, and a complete about.yaml; `about=None` writes
    no about.yaml).

    With `credits`, each claim that names neither authors nor an editor gets `CREDITS`
    at its end, so that every line the test wrote keeps its number."""
    content = root / "content"
    (content / "claims").mkdir(parents=True, exist_ok=True)
    (content / "sources").mkdir(parents=True, exist_ok=True)
    for name, text in (sources if sources is not None else {"article.md": SOURCE}).items():
        (content / "sources" / name).write_text(text, encoding="utf-8")
    for name, text in (claims if claims is not None else {"served-120-days.yaml": CLAIM}).items():
        text = textwrap.dedent(text)
        if credits:
            text = with_credits(text)
        (content / "claims" / name).write_text(text, encoding="utf-8")
    for folder, files in (
        ("people", people if people is not None else PEOPLE),
        ("claimants", claimants if claimants is not None else CLAIMANTS),
    ):
        if files:
            (content / folder).mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (content / folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    if about is not None:
        (content / "about.yaml").write_text(about, encoding="utf-8")
    return content


def with_credits(text: str) -> str:
    """`text` with `CREDITS` at its end, unless it names authors or an editor already, or
    is no YAML mapping (a file a test breaks on purpose stays as it wrote it)."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # ValueError: a date no calendar has
        return text
    if not isinstance(data, dict) or "authors" in data or "editor" in data:
        return text
    return text + ("" if text.endswith("\n") else "\n") + CREDITS


def claim_with(**replacements: str) -> str:
    """The default claim with whole lines replaced: key -> new line (or '' to drop)."""
    lines = CLAIM.splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        if key in replacements and not line.startswith(" "):
            if replacements[key]:
                out.append(replacements[key])
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def source_with(title: str, outlet: str, body: str) -> str:
    """A source file with this title, outlet and text, dates unknown."""
    return f"---\ntitle: {title}\noutlet: {outlet}\npublished: unknown\nretrieved: unknown\nlanguage: en\n---\n{body}\n"


DRAFT_SOURCE = """\
---
title: Unpublished field notes
outlet: Draft Outlet
published: unknown
retrieved: unknown
language: en
draft: true
---
The notes say the regiment marched for ninety-nine nights.
"""
"""A draft source (`draft-notes.md`): only draft claims may cite it."""

DRAFT_CLAIM = """\
question: Did the regiment march for ninety-nine nights?
claim: The regiment marched for ninety-nine nights.
claimant: Draft Outlet
status: unproven
summary: Still being checked.
citations:
  - source: draft-notes
    quote: marched for ninety-nine nights
    stance: supports
  - source: article
    quote: returned in December after 120 days
    stance: context
timeline:
  - event: The regiment came home
    date: "2025-12"
    source: article
    quote: returned in December after 120 days
analysis: Work in progress.
tags: [deployment]
published: 2026-11-23
updated: 2026-11-23
draft: true
"""
"""A draft claim (`ninety-nine-nights.yaml`) quoting the draft source and `article`."""


def write_content_with_drafts(root: Path) -> Path:
    """The default content plus a draft claim and a draft source."""
    return write_content(
        root,
        claims={"served-120-days.yaml": CLAIM, "ninety-nine-nights.yaml": DRAFT_CLAIM},
        sources={"article.md": SOURCE, "draft-notes.md": DRAFT_SOURCE},
    )


def build_with_bundle(content: Path, where: Path) -> tuple[Path, Path]:
    """`factcheck build --offline` of `content` into `where` with the repository's mkdocs.yml:
    (the public site, the offline bundle unzipped)."""
    built = build_folder(content, where, offline=True)
    assert built.bundle is not None
    return built.site, built.bundle.unzipped


@dataclass(frozen=True)
class OfflineBundle:
    """The offline bundle of a build."""

    zip: Path
    """The zip, as `factcheck build --offline` writes it."""
    unzipped: Path
    """Its top folder, unzipped (holds index.html)."""


@dataclass(frozen=True)
class ShippedBuild:
    """`factcheck build --offline` of the shipped content/ with the repository's mkdocs.yml."""

    root: Path
    """The folder holding all of it: the public site, the bundle, the rendered docs."""
    site: Path
    """The public site."""
    bundle: OfflineBundle | None
    """The offline bundle; None when the iframe-worker shim is missing (`make vendor`)."""


def build_shipped(where: Path, *, offline: bool) -> ShippedBuild:
    """The shipped content built into `where`, with its offline bundle unzipped if `offline`."""
    return build_folder(REPO_ROOT / "content", where, offline=offline)


def build_folder(
    content: Path, where: Path, *, offline: bool, config: Path = REPO_ROOT / "mkdocs.yml"
) -> ShippedBuild:
    """`factcheck build` of `content` into `where` with `config` (the repository's mkdocs.yml),
    with its offline bundle unzipped if `offline`."""
    from generator.commands.build import build

    result = build(
        content,
        where / "site",
        offline=offline,
        dist_dir=where / "dist",
        config=config,
        docs_dir=where / "docs",
    )
    if result.bundle is None:
        return ShippedBuild(where, result.site.path, None)
    with zipfile.ZipFile(result.bundle.path) as bundle:
        bundle.extractall(where / "offline")
    (top,) = (where / "offline").iterdir()
    return ShippedBuild(where, result.site.path, OfflineBundle(result.bundle.path, top))


def config_in_language(language: str, where: Path) -> Path:
    """A project in `where` whose mkdocs.yml is the repository's with `theme.language` set to
    `language` (and nothing else changed), beside a copy of the theme override and of the
    vendored iframe-worker shim, when there is one; its mkdocs.yml."""
    from publishkit import make_project

    from generator.publish.offline import default_shim_path

    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert text.count("\n  language: en\n") == 1
    config = make_project(where, text.replace("\n  language: en\n", f"\n  language: {language}\n"))
    shim = default_shim_path(REPO_ROOT / "mkdocs.yml")
    if shim.is_file():
        copy = default_shim_path(config)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_bytes(shim.read_bytes())
    return config


def build_shipped_in(language: str, where: Path, *, offline: bool) -> ShippedBuild:
    """The shipped content/ built as `build_shipped` does, with `theme.language: language`."""
    config = config_in_language(language, where / "project")
    return build_folder(REPO_ROOT / "content", where, offline=offline, config=config)


def file_digests(root: Path) -> dict[str, str]:
    """Every file under `root`, by POSIX path, with the SHA-256 of its bytes."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def changed_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """What differs between two `file_digests`: each path marked changed, added or removed."""
    return [
        f"{path} ({'removed' if path not in after else 'added' if path not in before else 'changed'})"
        for path in sorted(before.keys() | after.keys())
        if before.get(path) != after.get(path)
    ]


class SharedBuild:
    """A build that tests share, and the digests its files must keep (conftest's `shipped_build`)."""

    def __init__(self, built: ShippedBuild) -> None:
        self.built = built
        self.digests = file_digests(built.root)

    def check_unchanged(self, by: str) -> None:
        """Fail, naming `by`, if a file of the build changed since the last check."""
        now = file_digests(self.built.root)
        changes, self.digests = changed_files(self.digests, now), now  # each change told once
        if changes:
            pytest.fail(
                f"{by} wrote into the shared build of the shipped content ({self.built.root}),"
                " which other tests read: give it a build of its own (tmp_path).\n  "
                + "\n  ".join(changes),
                pytrace=False,
            )
