#!/usr/bin/env python3
"""Fetch the pinned third-party browser files the project needs (`make vendor`).

Two packages, one file each:
- the `iframe-worker` shim (npm package `iframe-worker`, MIT, by the author of
  Material for MkDocs), which the offline bundle ships. Material's search runs in
  a Web Worker, and browsers refuse workers on `file://`; the shim runs the worker
  in a hidden iframe instead. Material's `offline` plugin would reference a CDN
  copy; we ship our own so the bundle makes no request outside itself.
- `axe-core` (MPL-2.0, by Deque), the accessibility checker the browser tests
  inject into every page type (tests/browser/test_every_language.py). It is never
  published with the site.

Each package comes from the npm registry through `npm pack` (no install, no
scripts run), its tarball is checked against the registry's pinned sha512
integrity, and only the named files are unpacked to
`.cache/vendor/<package>-<version>/` (git-ignored). Running it again is a
no-op when the files are there with the pinned hash. Standard library only, so
it runs with any python3.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent

PACKAGE = "iframe-worker"
VERSION = "1.0.4"
INTEGRITY = "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q=="
"""`npm view iframe-worker@1.0.4 dist.integrity`: the hash of the tarball itself."""
SHIM_MEMBER = "package/shim/index.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
"""Of the unpacked shim; generator/publish/offline.py checks it again before every offline build."""
LICENSE_MEMBER = "package/LICENSE"


AXE_VERSION = "4.10.2"
AXE_INTEGRITY = "sha512-RE3mdQ7P3FRSe7eqCWoeQ/Z9QXrtniSjp1wUjt5nRC3WIpz5rSCve6o3fsZ2aCpJtrZjSZgjwXAoTO5k4tEI0w=="
"""`npm view axe-core@4.10.2 dist.integrity`."""
AXE_SHA256 = "b511cd9dec01c76f4b2ad1723b66b6db37d4c2eb4ed199076e1829d9ee7b75e3"
"""Of the unpacked `axe.min.js`; tests/browser checks it again before injecting it."""


class Vendored(NamedTuple):
    """One npm package whose file the project keeps, pinned (a NamedTuple: the tests load
    this script as a file, outside sys.modules, where a dataclass cannot be made)."""

    package: str
    version: str
    integrity: str
    """The registry's sha512 of the tarball."""
    main_member: str
    """The file wanted, inside the tarball."""
    main_name: str
    """Its name once unpacked."""
    main_sha256: str
    """Its hash once unpacked."""

    def dest(self, root: Path = ROOT) -> Path:
        return root / ".cache" / "vendor" / f"{self.package}-{self.version}"


IFRAME_WORKER = Vendored(PACKAGE, VERSION, INTEGRITY, SHIM_MEMBER, "shim.js", SHIM_SHA256)
AXE_CORE = Vendored(
    "axe-core", AXE_VERSION, AXE_INTEGRITY, "package/axe.min.js", "axe.min.js", AXE_SHA256
)
PACKAGES = (IFRAME_WORKER, AXE_CORE)


def dest_dir(root: Path = ROOT) -> Path:
    return IFRAME_WORKER.dest(root)


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def is_current(dest: Path, vendored: Vendored = IFRAME_WORKER) -> bool:
    main = dest / vendored.main_name
    return (
        main.is_file()
        and (dest / "LICENSE").is_file()
        and hashlib.sha256(main.read_bytes()).hexdigest() == vendored.main_sha256
    )


def npm_pack(workdir: Path, vendored: Vendored = IFRAME_WORKER) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("vendor: npm not found; install it (Debian: apt-get install npm)")
    cmd = [
        npm,
        "pack",
        f"{vendored.package}@{vendored.version}",
        "--pack-destination",
        str(workdir),
        "--ignore-scripts",
        "--silent",
        "--no-fund",
        "--no-audit",
    ]
    res = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, check=False)
    tarballs = sorted(workdir.glob("*.tgz"))
    if res.returncode != 0 or len(tarballs) != 1:
        raise SystemExit(
            f"vendor: `{' '.join(cmd[1:3])}` failed (exit {res.returncode}):\n{res.stderr.strip()}"
        )
    return tarballs[0]


def extract(tarball: Path, dest: Path, vendored: Vendored = IFRAME_WORKER) -> None:
    name = f"{vendored.package}@{vendored.version}"
    data = tarball.read_bytes()
    got = sri(data)
    if got != vendored.integrity:
        raise SystemExit(
            f"vendor: {name} tarball integrity mismatch\n"
            f"  expected {vendored.integrity}\n  got      {got}"
        )
    wanted = {vendored.main_member: vendored.main_name, LICENSE_MEMBER: "LICENSE"}
    files: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                f = tar.extractfile(member)
                assert f is not None
                files[wanted[member.name]] = f.read()
    missing = set(wanted.values()) - set(files)
    if missing:
        raise SystemExit(f"vendor: {name} lacks {sorted(missing)}")
    if hashlib.sha256(files[vendored.main_name]).hexdigest() != vendored.main_sha256:
        raise SystemExit(f"vendor: {name} {vendored.main_member} does not have the pinned sha256")

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    os.chmod(tmp, 0o755)
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
            os.chmod(tmp / name, 0o644)
        (tmp / "SOURCE").write_text(
            f"npm package {name} ({vendored.integrity}); "
            f"{vendored.main_name} is {vendored.main_member}\n",
            encoding="utf-8",
        )
        if dest.exists():
            shutil.rmtree(dest)
        os.rename(tmp, dest)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="project root (default: this checkout)"
    )
    parser.add_argument(
        "--tarball",
        type=Path,
        help="use this already downloaded .tgz of iframe-worker instead of npm",
    )
    parser.add_argument("--force", action="store_true", help="fetch again even if up to date")
    args = parser.parse_args(argv)
    for vendored in PACKAGES:
        tarball = args.tarball if vendored is IFRAME_WORKER else None
        fetch(vendored, args.root, tarball=tarball, force=args.force)
    return 0


def fetch(vendored: Vendored, root: Path, *, tarball: Path | None, force: bool) -> None:
    """Unpack `vendored`'s file under `root`'s .cache/vendor/, from `tarball` or npm."""
    name = f"{vendored.package}@{vendored.version}"
    dest = vendored.dest(root)
    if is_current(dest, vendored) and not force:
        print(f"vendor: {name} up to date in {dest.relative_to(root)}")
        return
    if tarball:
        extract(tarball, dest, vendored)
    else:
        with tempfile.TemporaryDirectory(prefix="vendor-") as work:
            extract(npm_pack(Path(work), vendored), dest, vendored)
    print(f"vendor: {name} -> {dest.relative_to(root)}/{vendored.main_name} (integrity checked)")


if __name__ == "__main__":
    sys.exit(main())
