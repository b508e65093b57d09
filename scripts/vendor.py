#!/usr/bin/env python3
"""Fetch the pinned third-party browser files the offline bundle needs (`make vendor`).

Today that is one file: the `iframe-worker` shim (npm package `iframe-worker`,
MIT, by the author of Material for MkDocs). Material's search runs in a Web
Worker, and browsers refuse workers on `file://`; the shim runs the worker in a
hidden iframe instead. Material's `offline` plugin would reference a CDN copy;
we ship our own so the bundle makes no request outside itself.

The package comes from the npm registry through `npm pack` (no install, no
scripts run), its tarball is checked against the registry's pinned sha512
integrity, and only `shim/index.js` and `LICENSE` are unpacked to
`.cache/vendor/iframe-worker-<version>/` (git-ignored). Running it again is a
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

ROOT = Path(__file__).resolve().parent.parent

PACKAGE = "iframe-worker"
VERSION = "1.0.4"
INTEGRITY = "sha512-roeaaI+Lg1LJNfgpCjoRe/+WzEjy9+Z08LoEvu85MCPbBjwm+qXz8Ag5U05lHa6V1CysZyGzE0SOkAtSUA5q7Q=="
"""`npm view iframe-worker@1.0.4 dist.integrity`: the hash of the tarball itself."""
SHIM_MEMBER = "package/shim/index.js"
SHIM_SHA256 = "e8e412dbcfea9b7e31b5ffa288d7b6035915e714c542f4176a0cdbe262fc9609"
"""Of the unpacked shim; generator/publish/offline.py checks it again before every offline build."""
LICENSE_MEMBER = "package/LICENSE"


def dest_dir(root: Path = ROOT) -> Path:
    return root / ".cache" / "vendor" / f"{PACKAGE}-{VERSION}"


def sri(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def is_current(dest: Path) -> bool:
    shim = dest / "shim.js"
    return (
        shim.is_file()
        and (dest / "LICENSE").is_file()
        and hashlib.sha256(shim.read_bytes()).hexdigest() == SHIM_SHA256
    )


def npm_pack(workdir: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("vendor: npm not found; install it (Debian: apt-get install npm)")
    cmd = [
        npm,
        "pack",
        f"{PACKAGE}@{VERSION}",
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


def extract(tarball: Path, dest: Path) -> None:
    data = tarball.read_bytes()
    got = sri(data)
    if got != INTEGRITY:
        raise SystemExit(
            f"vendor: {PACKAGE}@{VERSION} tarball integrity mismatch\n"
            f"  expected {INTEGRITY}\n  got      {got}"
        )
    wanted = {SHIM_MEMBER: "shim.js", LICENSE_MEMBER: "LICENSE"}
    files: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for member in tar.getmembers():
            if member.name in wanted and member.isfile():
                f = tar.extractfile(member)
                assert f is not None
                files[wanted[member.name]] = f.read()
    missing = set(wanted.values()) - set(files)
    if missing:
        raise SystemExit(f"vendor: {PACKAGE}@{VERSION} lacks {sorted(missing)}")
    if hashlib.sha256(files["shim.js"]).hexdigest() != SHIM_SHA256:
        raise SystemExit(
            f"vendor: {PACKAGE}@{VERSION} shim/index.js does not have the pinned sha256"
        )

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.tmp-", dir=dest.parent))
    os.chmod(tmp, 0o755)
    try:
        for name, content in files.items():
            (tmp / name).write_bytes(content)
            os.chmod(tmp / name, 0o644)
        (tmp / "SOURCE").write_text(
            f"npm package {PACKAGE}@{VERSION} ({INTEGRITY}); shim.js is {SHIM_MEMBER}\n",
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
        "--tarball", type=Path, help="use this already downloaded .tgz instead of npm"
    )
    parser.add_argument("--force", action="store_true", help="fetch again even if up to date")
    args = parser.parse_args(argv)

    dest = dest_dir(args.root)
    if is_current(dest) and not args.force:
        print(f"vendor: {PACKAGE}@{VERSION} up to date in {dest.relative_to(args.root)}")
        return 0
    if args.tarball:
        extract(args.tarball, dest)
    else:
        with tempfile.TemporaryDirectory(prefix="vendor-") as work:
            extract(npm_pack(Path(work)), dest)
    print(
        f"vendor: {PACKAGE}@{VERSION} -> {dest.relative_to(args.root)}/shim.js (integrity checked)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
