"""generator.publish.site: real MkDocs builds of a small hand-written docs folder."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import importlib.util
import os
import re
import signal
import stat
import struct
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from publishkit import ROOT, make_project, tree_of

from generator.errors import BuildInterrupted, PublishError
from generator.publish import config as publish_config
from generator.publish import offline, publisher
from generator.publish import site as publish
from generator.publish import theme_plugin as publish_theme
from generator.publish.config import offline_zip_path, site_slug
from generator.publish.offline import build_offline_bundle, default_shim_path
from generator.publish.site import build_site

pytestmark = pytest.mark.slow


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if ".tmp-" in p.name)


# --------------------------------------------------------------- public site


def test_builds_clean_urls_and_keeps_claim_pages_out_of_the_nav(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    site = tmp_path / "out" / "site"
    result = build_site(project, docs, site)
    assert result.path == site
    assert result.warnings == ()
    assert (site / "index.html").is_file()
    claim = site / "claims" / "kim-100-deaths" / "index.html"
    assert claim.is_file()
    assert (site / "sources" / "kim-admits-100-deaths" / "index.html").is_file()
    assert (site / "search" / "search_index.json").is_file()
    assert (site / "assets" / "factcheck.css").is_file()
    html = (site / "index.html").read_text(encoding="utf-8")
    nav_links = re.findall(r'<a href="([^"#]+)" class="md-nav__link', html)
    assert nav_links[0] == "."
    assert {"claims/", "sources/", "methodology/"} <= set(nav_links)
    assert not [link for link in nav_links if re.match(r"(claims|sources)/.+", link)]
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "iframe-worker" not in html  # the shim is for the offline bundle only
    assert leftovers(site.parent) == []
    (tmp_path / "plain").mkdir()
    assert stat.S_IMODE(site.stat().st_mode) == stat.S_IMODE((tmp_path / "plain").stat().st_mode)


def test_same_content_gives_identical_bytes(project: Path, docs: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "site", tmp_path / "b" / "other-name"
    build_site(project, docs, a)
    os.utime(docs / "index.md", (1, 1))  # mtimes must not matter either
    build_site(project, docs, b)
    assert tree(a) == tree(b)


def test_no_invented_lastmod_without_a_content_date(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://factcheck.example.org/claims/kim-100-deaths/</loc>" in xml
    assert "<lastmod>" not in xml
    gz = (site / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", gz[4:8]) == (0,)
    assert gzip.decompress(gz).decode("utf-8") == xml


def test_content_date_stamps_sitemap_and_gzip(project: Path, docs: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site, build_date=dt.date(2026, 11, 23))
    xml = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2026-11-23</lastmod>" in xml
    gz = (site / "sitemap.xml.gz").read_bytes()
    stamp = struct.unpack("<I", gz[4:8])[0]
    assert dt.datetime.fromtimestamp(stamp, dt.UTC).date() == dt.date(2026, 11, 23)
    assert "SOURCE_DATE_EPOCH" not in os.environ or os.environ["SOURCE_DATE_EPOCH"] != str(stamp)


def test_rebuild_replaces_the_site_and_drops_stale_files(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    (site / "stale.html").write_text("old", encoding="utf-8")
    (docs / "claims" / "hectares-cleared.md").unlink()
    (docs / "claims" / "index.md").write_text("# Claims\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n\n[Claims](claims/index.md)\n", encoding="utf-8")
    build_site(project, docs, site)
    assert not (site / "stale.html").exists()
    assert not (site / "claims" / "hectares-cleared").exists()
    assert leftovers(tmp_path) == []


def test_stale_temporary_folders_of_a_killed_build_are_removed(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    (tmp_path / ".site.tmp-killed").mkdir()
    (tmp_path / ".site.tmp-killed" / "x.html").write_text("x", encoding="utf-8")
    build_site(project, docs, tmp_path / "site")
    assert leftovers(tmp_path) == []


def _break(docs: Path, page: str, text: str) -> None:
    path = docs / page
    path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("page", "text", "expected"),
    [
        ("claims/kim-100-deaths.md", "[gone](../sources/no-such-source.md)", "no-such-source.md"),
        ("claims/kim-100-deaths.md", "[bad](../sources/kim-admits-100-deaths.md#q-1-2)", "#q-1-2"),
        ("index.md", "[here](#no-such-heading)", "no-such-heading"),
        ("methodology.md", "[dir](claims/)", "claims/"),
    ],
    ids=[
        "missing-page",
        "missing-anchor-in-other-page",
        "missing-anchor-same-page",
        "unrecognized-link",
    ],
)
def test_broken_links_and_anchors_fail_and_keep_the_previous_site(
    project: Path, docs: Path, tmp_path: Path, page: str, text: str, expected: str
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    before = tree(site)
    _break(docs, page, text)
    with pytest.raises(PublishError) as err:
        build_site(project, docs, site)
    message = err.value.format_message()
    assert "strict mode" in message and "previous output is kept" in message
    assert expected in message
    assert tree(site) == before
    assert leftovers(tmp_path) == []


def test_page_missing_from_the_nav_fails(project: Path, docs: Path, tmp_path: Path) -> None:
    (docs / "stray.md").write_text("# Stray\n", encoding="utf-8")
    with pytest.raises(PublishError, match=r"stray\.md"):
        build_site(project, docs, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_not_strict_returns_the_warnings(project: Path, docs: Path, tmp_path: Path) -> None:
    _break(docs, "index.md", "[gone](nowhere.md)")
    result = build_site(project, docs, tmp_path / "site", strict=False)
    assert any("nowhere.md" in w for w in result.warnings)
    assert (tmp_path / "site" / "index.html").is_file()


def test_dirty_build_starts_from_the_current_site(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    (site / "kept-by-dirty.txt").write_text("x", encoding="utf-8")
    result = build_site(project, docs, site, dirty=True)
    assert result.warnings == ()  # MkDocs' own "dirty build" warning is expected, not a failure
    assert (site / "kept-by-dirty.txt").is_file()


def test_bad_config_and_missing_docs_are_publish_errors(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    with pytest.raises(PublishError, match="rendered docs folder not found"):
        build_site(project, tmp_path / "nope", tmp_path / "site")
    with pytest.raises(PublishError, match="configuration not found"):
        build_site(tmp_path / "missing.yml", docs, tmp_path / "site")
    bad = make_project(
        tmp_path / "bad", (ROOT / "mkdocs.yml").read_text() + "\nmarkdown_extensions: 7\n"
    )
    with pytest.raises(PublishError, match="markdown_extensions"):
        build_site(bad, docs, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_interrupt_in_process_keeps_previous_site(
    project: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    before = tree(site)
    real = publish.run_build

    def interrupted(config: Path, overrides: dict[str, object], **kw: object) -> tuple[str, ...]:
        real(config, overrides, **kw)  # type: ignore[arg-type]
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM should have interrupted the build")

    monkeypatch.setattr(publish, "run_build", interrupted)
    with pytest.raises(BuildInterrupted, match="SIGTERM"):
        build_site(project, docs, site)
    assert tree(site) == before
    assert leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


_KILL_SCRIPT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    import mkdocs.commands.build as b
    from generator.publish import site as publish
    real = b.build
    def slow(cfg, **kw):
        real(cfg, **kw)             # the new site is fully written to the temporary folder...
        print("built", flush=True)
        time.sleep(60)              # ...and the signal arrives before the swap
    b.build = slow
    publish.build_site(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    """
)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_to_a_real_build_process_keeps_previous_site(
    project: Path, docs: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site)
    before = tree(site)
    (docs / "index.md").write_text("# Changed\n\n[Claims](claims/index.md)\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", _KILL_SCRIPT, str(project), str(docs), str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "built"
    proc.send_signal(sig)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode != 0
    assert "BuildInterrupted" in stderr and sig.name in stderr
    assert tree(site) == before
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------ offline bundle


def test_offline_bundle_layout(project: Path, docs: Path, tmp_path: Path, shim: Path) -> None:
    zip_path = offline_zip_path(project, tmp_path / "dist")
    assert zip_path.name == f"{site_slug(project)}-offline.zip"
    result = build_offline_bundle(
        project, docs, zip_path, shim=shim, build_date=dt.date(2026, 11, 23)
    )
    assert result.path == zip_path and result.warnings == ()
    top = zip_path.name.removesuffix(".zip")
    with zipfile.ZipFile(zip_path) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert all(n.startswith(top + "/") for n in names)
        assert {i.date_time for i in infos} == {(2026, 11, 23, 0, 0, 0)}
        assert {i.external_attr >> 16 for i in infos} == {0o100644}
        assert f"{top}/index.html" in names
        assert f"{top}/claims/kim-100-deaths.html" in names  # no directory URLs offline
        assert f"{top}/search/search_index.js" in names  # inlined index for file://
        assert not {f"{top}/{n}" for n in offline.OFFLINE_DROPPED} & set(names)
        assert not [n for n in names if n.endswith(".map") or "/lunr/" in n]  # English-only search
        assert zf.read(f"{top}/{offline.SHIM_DEST}") == shim.read_bytes()
        claim = zf.read(f"{top}/claims/kim-100-deaths.html").decode("utf-8")
        assert 'href="../sources/kim-admits-100-deaths.html#q-310-343"' in claim
        assert f'src="../{offline.SHIM_DEST}"' in claim
        assert "unpkg.com" not in claim and "fonts.googleapis" not in claim
        assert (
            'rel="canonical"' not in claim
        )  # it would name a public .html URL that does not exist
    assert leftovers(zip_path.parent) == []


def test_offline_bundle_is_reproducible(
    project: Path, docs: Path, tmp_path: Path, shim: Path
) -> None:
    one = build_offline_bundle(project, docs, tmp_path / "1" / "x.zip", shim=shim, folder="f").path
    os.utime(docs / "index.md", (1, 1))
    two = build_offline_bundle(project, docs, tmp_path / "2" / "y.zip", shim=shim, folder="f").path
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as zf:
        assert {i.date_time for i in zf.infolist()} == {offline.FIXED_ZIP_TIME}


def test_failed_offline_build_keeps_previous_zip(
    project: Path, docs: Path, tmp_path: Path, shim: Path
) -> None:
    zip_path = tmp_path / "dist" / "bundle.zip"
    build_offline_bundle(project, docs, zip_path, shim=shim)
    before = zip_path.read_bytes()
    _break(docs, "index.md", "[gone](nowhere.md)")
    with pytest.raises(PublishError, match=r"nowhere\.md"):
        build_offline_bundle(project, docs, zip_path, shim=shim)
    assert zip_path.read_bytes() == before
    assert leftovers(zip_path.parent) == []


def test_offline_bundle_needs_the_pinned_shim(project: Path, docs: Path, tmp_path: Path) -> None:
    with pytest.raises(PublishError, match="make vendor"):
        build_offline_bundle(project, docs, tmp_path / "b.zip", shim=tmp_path / "none.js")
    fake = tmp_path / "iframe-worker.js"
    fake.write_text("window.Worker = function () {};", encoding="utf-8")
    with pytest.raises(PublishError, match="not the pinned iframe-worker"):
        build_offline_bundle(project, docs, tmp_path / "b.zip", shim=fake)
    assert not (tmp_path / "b.zip").exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace("  - search\n", "  - privacy\n  - search\n"), "privacy"),
        (lambda s: s.replace("  font: false\n", ""), "theme.font: false"),
    ],
    ids=["privacy-plugin", "web-fonts"],
)
def test_offline_bundle_refuses_configs_that_go_online(
    docs: Path, tmp_path: Path, shim: Path, edit: object, message: str
) -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    changed = edit(text)  # type: ignore[operator]
    assert changed != text
    config = make_project(tmp_path / "p", changed)
    with pytest.raises(PublishError, match=message):
        build_offline_bundle(config, docs, tmp_path / "b.zip", shim=shim)


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="https://example.org/pixel.png" alt="">',
        '<img alt="" src="//example.org/pixel.png">',
        '<iframe src="http://example.org/embed"></iframe>',
    ],
)
def test_offline_bundle_refuses_remote_assets_in_pages(
    project: Path, docs: Path, tmp_path: Path, shim: Path, markup: str
) -> None:
    _break(docs, "methodology.md", markup)
    with pytest.raises(PublishError, match="remote resources"):
        build_offline_bundle(project, docs, tmp_path / "b.zip", shim=shim)


def test_offline_bundle_keeps_the_links_a_reader_follows_out_of_it(
    project: Path, docs: Path, tmp_path: Path, shim: Path
) -> None:
    """A report link (`mailto:`, pre-filled) and a link to another site load nothing, so
    the bundle's check lets them through, as written: it refuses remote resources only."""
    mail = (
        '<a href="mailto:corrections@factcheck.example.org?subject=Correction%20request%3A%20x'
        '&amp;body=Claim%3A%20y%0D%0A">corrections&#64;factcheck&#46;example&#46;org</a>'
    )
    issue = (
        '<a class="fc-external" href="https://github.com/o/r/issues/new?title=Correction%20request'
        '%3A%20x" rel="nofollow noopener">open an issue on GitHub</a>'
    )
    _break(docs, "methodology.md", f"Report it: {mail}, or {issue}.")
    zip_path = build_offline_bundle(project, docs, tmp_path / "b.zip", shim=shim).path
    with zipfile.ZipFile(zip_path) as zf:
        (name,) = [n for n in zf.namelist() if n.endswith("/methodology.html")]
        page = zf.read(name).decode("utf-8")
    assert mail in page and issue in page


@pytest.mark.parametrize("rel", ["alternate ", "alternate", "ALTERNATE", "feed alternate"])
def test_offline_bundle_drops_feed_autodiscovery_links(
    project: Path, docs: Path, tmp_path: Path, shim: Path, rel: str
) -> None:
    """No feed reader subscribes to a file; and Material fetches sitemap.xml for a
    link[rel=alternate], which file:// blocks. Our theme writes `alternate `."""
    (project.parent / "site_templates" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block extrahead %}{{ super() }}\n'
        f'  <link rel="{rel}" type="application/atom+xml" title="Feed" href="{{{{ \'feed.xml\' | url }}}}">\n'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    build_site(project, docs, tmp_path / "site")
    assert f'rel="{rel}"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    zip_path = build_offline_bundle(project, docs, tmp_path / "b.zip", shim=shim, folder="f").path
    with zipfile.ZipFile(zip_path) as zf:
        pages = [n for n in zf.namelist() if n.endswith(".html")]
        assert pages
        for name in pages:
            assert b"application/atom+xml" not in zf.read(name), name


def _set_in_config(project: Path, old: str, new: str) -> None:
    text = project.read_text(encoding="utf-8")
    assert old in text
    project.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(("language", "locale"), [("ru", "ru_RU"), ("ar", "ar_EG")])
def test_og_locale_is_the_theme_languages_with_a_territory(
    project: Path, docs: Path, tmp_path: Path, language: str, locale: str | None
) -> None:
    """og:locale is CLDR's likely territory of theme.language (tests/test_labels.py tries
    the tags without a catalog: a region given, none to be found)."""
    _set_in_config(project, "  language: en\n", f"  language: {language}\n")
    site = build_site(project, docs, tmp_path / "site").path
    index = (site / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<meta property="og:locale" content="([^"]*)">', index)
    assert tags == ([locale] if locale else [])


def test_a_theme_language_without_a_catalog_fails_the_build_saying_so(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    _set_in_config(project, "  language: en\n", "  language: fr\n")
    with pytest.raises(PublishError, match=r"no catalog for 'fr'.*languages available: ar, en"):
        build_site(project, docs, tmp_path / "site")


def test_materials_favicon_is_published_only_when_pages_link_it(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    """Left out when `theme.favicon` names another; kept when it is Material's default,
    and kept when the docs bring a file of that name themselves."""
    favicon = publish_theme.MATERIAL_FAVICON
    ours = build_site(project, docs, tmp_path / "ours").path
    assert not (ours / favicon).exists() and (ours / "assets" / "favicon.svg").is_file()
    (docs / favicon).parent.mkdir(parents=True)
    (docs / favicon).write_bytes(b"the docs' own")
    assert (
        build_site(project, docs, tmp_path / "docs-own").path / favicon
    ).read_bytes() == b"the docs' own"
    (docs / favicon).unlink()
    _set_in_config(project, "  favicon: assets/favicon.svg", "  # favicon: Material's")
    default = build_site(project, docs, tmp_path / "default").path
    assert (default / favicon).is_file()
    assert '<link rel="icon" href="assets/images/favicon.png">' in (
        default / "index.html"
    ).read_text(encoding="utf-8")


def test_offline_bundle_allows_outbound_links(
    project: Path, docs: Path, tmp_path: Path, shim: Path
) -> None:
    _break(docs, "methodology.md", "[the original](https://example.org/article)")
    build_offline_bundle(project, docs, tmp_path / "b.zip", shim=shim)


# -------------------------------------------------------------- configuration


def test_mkdocs_yml_follows_the_agreed_layout() -> None:
    raw = publish_config.read_config(ROOT / "mkdocs.yml")
    assert raw["docs_dir"] == "build/docs" and raw["site_dir"] == "site"
    assert raw["theme"]["name"] == "material"
    assert raw["theme"]["custom_dir"] == "site_templates/overrides"
    assert raw["theme"]["font"] is False
    assert raw["extra_css"] == ["assets/factcheck.css"]
    assert {"name", "url"} <= set(raw["extra"]["publisher"])
    assert all(isinstance(item, str) for item in raw["nav"])  # titled from the catalogs
    nav = raw["nav"]
    assert nav[0] == "index.md"
    assert {"claims/index.md", "sources/index.md", "methodology.md"} <= set(nav)
    assert not [
        p for p in nav if p.startswith(("claims/", "sources/")) and not p.endswith("/index.md")
    ]
    not_in_nav = raw["not_in_nav"].split()
    assert {"/claims/*.md", "/sources/*.md"} <= set(not_in_nav)
    # A large site's split lists (generator/render/paging.py); a strict build fails without them.
    assert {"/claims/verdict/", "/claims/tag/", "/matrix/", "/sources/index/"} <= set(not_in_nav)
    assert raw["validation"]["links"]["not_found"] == "warn"
    assert raw["validation"]["links"]["anchors"] == "warn"
    extensions = {e if isinstance(e, str) else next(iter(e)) for e in raw["markdown_extensions"]}
    assert not any(
        e.startswith("pymdownx") for e in extensions
    )  # no snippets, nothing that reads files
    plugin_names = {p if isinstance(p, str) else next(iter(p)) for p in raw["plugins"]}
    assert plugin_names == {"search"}
    assert "hooks" not in raw


def test_vendor_script_and_publisher_pin_the_same_shim() -> None:
    spec = importlib.util.spec_from_file_location("vendor", ROOT / "scripts" / "vendor.py")
    assert spec and spec.loader
    vendor = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor)
    assert vendor.VERSION == offline.IFRAME_WORKER_VERSION
    assert vendor.SHIM_SHA256 == offline.IFRAME_WORKER_SHA256
    assert vendor.dest_dir(ROOT) / "shim.js" == default_shim_path(ROOT / "mkdocs.yml")


def test_vendor_script_rejects_a_tarball_with_the_wrong_integrity(tmp_path: Path) -> None:
    import io
    import tarfile

    tgz = tmp_path / "iframe-worker-1.0.4.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        data = b"window.Worker = null"
        info = tarfile.TarInfo("package/shim/index.js")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    res = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "vendor.py"),
            "--root",
            str(tmp_path),
            "--tarball",
            str(tgz),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert res.returncode != 0
    assert "integrity mismatch" in res.stderr
    assert not (tmp_path / ".cache" / "vendor" / "iframe-worker-1.0.4").exists()


def test_site_slug() -> None:
    assert site_slug(ROOT / "mkdocs.yml") == "kursk-claims-fact-check"


def test_theme_templates_are_compiled_once_and_again_when_they_change(
    project: Path, docs: Path, tmp_path: Path
) -> None:
    build_site(project, docs, tmp_path / "a")
    cache = project.parent / publisher.THEME_BYTECODE_DIR
    cached = sorted(p.name for p in cache.iterdir())
    assert cached, "no compiled template was kept"
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    build_site(project, docs, tmp_path / "b")
    assert tree_of(tmp_path / "a") == tree_of(tmp_path / "b")

    override = project.parent / "site_templates" / "overrides" / "main.html"
    override.write_text(
        override.read_text(encoding="utf-8").replace(
            "{{ super() }}", '{{ super() }}\n  <meta name="fc-test" content="edited">'
        ),
        encoding="utf-8",
    )
    build_site(project, docs, tmp_path / "c")
    assert '<meta name="fc-test" content="edited">' in (tmp_path / "c" / "index.html").read_text(
        encoding="utf-8"
    )


def test_a_bytecode_cache_that_cannot_be_written_does_not_fail_the_build(
    project: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import jinja2

    def full_disk(self: object, bucket: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(jinja2.FileSystemBytecodeCache, "dump_bytecode", full_disk)
    result = build_site(project, docs, tmp_path / "site")
    assert result.warnings == ()
    assert (tmp_path / "site" / "index.html").is_file()
