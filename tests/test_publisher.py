"""The publisher behind the door: MkDocs by default, ProperDocs when chosen."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.errors import PublishError
from generator.publish import publisher

REPO_ROOT = Path(__file__).resolve().parents[1]
GENERATOR_META = re.compile(rb'<meta name="generator" content="[^"]*">')
"""The one line in which the two publishers' pages may differ: each names itself."""


def _properdocs_installed() -> bool:
    try:
        from importlib import metadata

        metadata.version("properdocs")
    except Exception:
        return False
    return True


def _require_properdocs() -> None:
    if not _properdocs_installed():
        if os.environ.get("CI") == "true":
            pytest.fail("properdocs is missing: the development lock must install it")
        pytest.skip("properdocs is not installed (pip install 'factcheck[properdocs]')")


def _build(tmp_path: Path, name: str, *extra: str) -> tuple[Path, Path]:
    site, dist = tmp_path / f"{name}-site", tmp_path / f"{name}-dist"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "build",
            "--offline",
            "--site-dir",
            str(site),
            "--dist-dir",
            str(dist),
            *extra,
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return site, next(dist.glob("*.zip"))


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _zip_files(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _without_generator_meta(files: dict[str, bytes]) -> dict[str, bytes]:
    return {name: GENERATOR_META.sub(b"", data) for name, data in files.items()}


@pytest.mark.slow
def test_properdocs_builds_the_shipped_site_to_the_same_bytes_as_mkdocs(
    tmp_path: Path, shim: Path
) -> None:
    _require_properdocs()
    mkdocs_site, mkdocs_zip = _build(tmp_path, "mkdocs")
    proper_site, proper_zip = _build(tmp_path, "properdocs", "--publisher", "properdocs")

    by_mkdocs, by_properdocs = _files(mkdocs_site), _files(proper_site)
    assert by_mkdocs.keys() == by_properdocs.keys()
    changed = {n for n in by_mkdocs if by_mkdocs[n] != by_properdocs[n]}
    assert changed, "the generator meta tag should name each publisher"
    assert all(n.endswith(".html") for n in changed)
    assert b"ProperDocs" in by_properdocs["index.html"]
    assert _without_generator_meta(by_mkdocs) == _without_generator_meta(by_properdocs)
    assert _without_generator_meta(_zip_files(mkdocs_zip)) == _without_generator_meta(
        _zip_files(proper_zip)
    )


def test_the_publisher_is_mkdocs_unless_chosen() -> None:
    assert publisher.DEFAULT_PUBLISHER == "mkdocs"
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "--publisher [mkdocs|properdocs]" in result.output
    assert "[default: mkdocs]" in result.output


def test_an_unknown_publisher_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", "--publisher", "zensical"])
    assert result.exit_code == 2
    assert "'zensical' is not one of 'mkdocs', 'properdocs'" in result.output


def test_properdocs_cannot_take_over_once_mkdocs_is_loaded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mkdocs  # noqa: F401  (loaded, as it is after any build in this process)

    monkeypatch.delitem(sys.modules, "properdocs.replacement", raising=False)
    with pytest.raises(PublishError, match="already mkdocs in this process"):
        publisher.use_publisher("properdocs")


def test_properdocs_missing_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(publisher, "_mkdocs_loaded", lambda: False)
    monkeypatch.delitem(sys.modules, "properdocs.replacement", raising=False)
    monkeypatch.setitem(sys.modules, "properdocs.replacement", None)  # import fails
    with pytest.raises(PublishError, match=r"pip install 'factcheck\[properdocs\]'"):
        publisher.use_publisher("properdocs")


def test_choosing_properdocs_redirects_mkdocs_imports_in_a_fresh_process() -> None:
    _require_properdocs()
    code = (
        "from generator.publish.publisher import use_publisher, active_publisher\n"
        "use_publisher('properdocs')\n"
        "import mkdocs.commands.build as b\n"
        "print(active_publisher(), b.__name__)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    assert done.stdout.split() == ["properdocs", "properdocs.commands.build"]
