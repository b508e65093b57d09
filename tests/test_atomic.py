"""Nothing lost: a failed or interrupted `factcheck build` keeps the previous site and bundle.

Each test makes a throwaway project (the real mkdocs.yml and theme override, the
vendored iframe-worker shim when present), builds it once, then breaks one stage
(validation, rendering, MkDocs, the offline bundle) or signals a real `factcheck
build` process, and compares a hash of every file of `site/` and `dist/` before
and after. No `.tmp-` folder may be left behind. `factcheck new` must never
overwrite a file.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from contentkit import CLAIM, SOURCE, write_content

from generator.cli import cli
from generator.commands import build as build_module
from generator.publish.offline import default_shim_path

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
SHIM = default_shim_path(ROOT / "mkdocs.yml")
ZIP = "kursk-claims-fact-check-offline.zip"


def tree(root: Path) -> dict[str, str]:
    """sha256 of every file below `root` (empty when it does not exist)."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def litter(project: Path) -> list[str]:
    return sorted(
        str(p.relative_to(project))
        for folder in (project, project / "dist")
        if folder.is_dir()
        for p in folder.iterdir()
        if ".tmp-" in p.name
    )


def make_project(where: Path, *, claims: int = 1) -> Path:
    """A project folder with mkdocs.yml, the theme override, the shim and valid content."""
    where.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", where / "mkdocs.yml")
    shutil.copytree(ROOT / "site_templates", where / "site_templates")
    if SHIM.is_file():
        target = default_shim_path(where / "mkdocs.yml")
        target.parent.mkdir(parents=True)
        shutil.copy(SHIM, target)
    if claims == 1:
        write_content(where)
    else:
        body = "\n\n".join(
            f"Paragraph {k} of a long article, with enough words to index." * 3 for k in range(40)
        )
        head = SOURCE.split("The regiment")[0]
        write_content(
            where,
            {
                f"claim-{i}.yaml": CLAIM.replace("source: article", f"source: s{i}")
                for i in range(claims)
            },
            {
                f"s{i}.md": head
                + "The regiment returned in December after 120 days.\n\n"
                + body
                + "\n"
                for i in range(claims)
            },
        )
    return where


def offline_flag() -> list[str]:
    return ["--offline"] if SHIM.is_file() else []


def run_build(project: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> Result:
    monkeypatch.chdir(project)
    return CliRunner().invoke(cli, ["build", *offline_flag(), *extra])


@pytest.fixture
def built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, dict[str, str], dict[str, str]]:
    """A project that has been built once: (project, site hashes, dist hashes)."""
    project = make_project(tmp_path / "project")
    result = run_build(project, monkeypatch)
    assert result.exit_code == 0, result.output
    site, dist = tree(project / "site"), tree(project / "dist")
    assert "index.html" in site
    assert not SHIM.is_file() or ZIP in dist
    change_content(project)
    return project, site, dist


def change_content(project: Path) -> None:
    """Valid content that would give a different site, so a swap would show."""
    claim = project / "content" / "claims" / "served-120-days.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("The article says so.", "Changed summary."),
        encoding="utf-8",
    )


def assert_untouched(project: Path, site: dict[str, str], dist: dict[str, str]) -> None:
    assert tree(project / "site") == site
    assert tree(project / "dist") == dist
    assert litter(project) == []


# -- failures at each stage ------------------------------------------------------


def test_a_validation_failure_changes_nothing(built, monkeypatch: pytest.MonkeyPatch) -> None:
    project, site, dist = built
    claim = project / "content" / "claims" / "served-120-days.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("status: mostly-true", "status: maybe"),
        encoding="utf-8",
    )
    result = run_build(project, monkeypatch)
    assert result.exit_code == 1
    assert "content/claims/served-120-days.yaml:5:9: error: unknown status 'maybe'" in result.output
    assert "Traceback" not in result.output
    assert_untouched(project, site, dist)


def test_a_rendering_failure_changes_nothing(built, monkeypatch: pytest.MonkeyPatch) -> None:
    project, site, dist = built
    real = build_module.render

    def broken(corpus: object, docs_dir: Path, config: Path, *, jobs: int = 1) -> None:
        real(corpus, docs_dir, config)  # type: ignore[arg-type]
        (docs_dir / "half-written.md").write_text("# Half\n", encoding="utf-8")
        raise RuntimeError("template bug")

    monkeypatch.setattr(build_module, "render", broken)
    result = run_build(project, monkeypatch)
    assert result.exit_code != 0
    assert isinstance(result.exception, RuntimeError)
    assert_untouched(project, site, dist)


def test_a_broken_mkdocs_yml_for_the_renderer_changes_nothing(
    built, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, site, dist = built
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_url: https://factcheck.example.org/", "site_url: javascript:alert(1)"
        ),
        encoding="utf-8",
    )
    run_build(project, monkeypatch)
    assert_untouched(project, site, dist)


def test_a_broken_mkdocs_yml_is_reported_without_a_traceback(
    built, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, _, _ = built
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "site_url: https://factcheck.example.org/", "site_url: javascript:alert(1)"
        ),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "site_url" in done.stderr


def test_an_mkdocs_failure_changes_nothing(built, monkeypatch: pytest.MonkeyPatch) -> None:
    project, site, dist = built
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - methodology.md\n",
            "  - methodology.md\n  - Gone: no-such-page.md\n",
        ),
        encoding="utf-8",
    )
    result = run_build(project, monkeypatch)
    assert result.exit_code == 1
    assert "no-such-page.md" in result.output and "previous output is kept" in result.output
    assert "Traceback" not in result.output
    assert_untouched(project, site, dist)


def test_an_offline_bundle_failure_changes_nothing(built, monkeypatch: pytest.MonkeyPatch) -> None:
    project, site, dist = built
    if not SHIM.is_file():
        pytest.skip("run `make vendor` first (iframe-worker shim)")
    default_shim_path(project / "mkdocs.yml").write_bytes(b"not the pinned shim")
    result = run_build(project, monkeypatch)
    assert result.exit_code == 1
    assert "iframe-worker" in result.output
    assert_untouched(project, site, dist)


# -- interrupted builds ------------------------------------------------------------


def wait_for_temp_folder(
    proc: subprocess.Popen[str], folder: Path, prefix: str, timeout: float = 60
) -> Path:
    """Poll until the build has made its temporary folder (it then stays until the swap)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"the build ended (code {proc.returncode}) before its temporary folder was seen"
            )
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.startswith(prefix):
                    return path
        time.sleep(0.002)
    raise AssertionError("no temporary folder appeared")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_during_the_site_build_keeps_the_previous_site(
    tmp_path: Path, sig: signal.Signals
) -> None:
    project = make_project(
        tmp_path / "project", claims=40
    )  # MkDocs then needs ~1 s: time to see the folder
    first = subprocess.run(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    before = tree(project / "site")
    change_content_many(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_temp_folder(proc, project, ".site.tmp-")
        proc.send_signal(sig)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert sig.name in stderr and "previous" in stderr
    assert tree(project / "site") == before
    assert litter(project) == []


def test_a_signal_during_the_offline_bundle_keeps_the_previous_site_and_zip(tmp_path: Path) -> None:
    if not SHIM.is_file():
        pytest.skip("run `make vendor` first (iframe-worker shim)")
    project = make_project(tmp_path / "project", claims=40)
    first = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--offline"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert first.returncode == 0, first.stderr
    site, dist = tree(project / "site"), tree(project / "dist")
    change_content_many(project)
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--offline"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for_temp_folder(proc, project / "dist", f".{ZIP}.tmp-")
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=120)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr
    assert tree(project / "dist") == dist
    assert litter(project) == []
    assert tree(project / "site") == site


def change_content_many(project: Path) -> None:
    claim = project / "content" / "claims" / "claim-0.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("The article says so.", "Changed summary."),
        encoding="utf-8",
    )


# -- factcheck new -------------------------------------------------------------------


def test_factcheck_new_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    (content / "claims" / "other.yml").write_text(CLAIM, encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("precious\n", encoding="utf-8")
    (content / "claims" / "linked.yaml").symlink_to(outside)
    (content / "claims" / "dangling.yaml").symlink_to(tmp_path / "does-not-exist.yaml")
    (content / "sources" / "linked.md").symlink_to(outside)
    before = tree(tmp_path)
    links = sorted(p.name for p in tmp_path.rglob("*") if p.is_symlink())
    attempts = [
        ["new", "claim", "served-120-days"],
        ["new", "claim", "other"],
        ["new", "claim", "linked"],
        ["new", "claim", "dangling"],
        ["new", "source", "article"],
        ["new", "source", "linked"],
        ["new", "source", "article", "--from", str(content / "sources" / "article.md")],
        ["new", "claim", "../outside"],
        ["new", "source", "../../outside"],
    ]
    for args in attempts:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (1, 2), (args, result.output)
        assert isinstance(result.exception, SystemExit), (args, result.exc_info)
        assert "Traceback" not in result.output
    assert tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_symlink()) == links
    assert not (tmp_path / "does-not-exist.yaml").exists()
    assert outside.read_text(encoding="utf-8") == "precious\n"
    assert sorted(os.listdir(tmp_path)) == ["content", "outside.txt"]
