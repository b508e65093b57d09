"""`build`, `validate` and `serve` never touch the network; `factcheck archive` alone does, when run.

The import-linter contract "Only generator.commands.wayback and github_api open network connections"
(tests/test_lint.py) keeps every other module from importing a network library. Here the
commands themselves run with every outgoing connection and name lookup forbidden, on
content that lists archived copies, and the network client is never even loaded.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import SOURCE, build_folder, write_content

from generator.cli import cli

ARCHIVED_SOURCE = SOURCE.replace(
    "retrieved: unknown\n",
    "url: https://example.org/news/a\nretrieved: unknown\narchived:\n"
    "  - url: https://web.archive.org/web/20251212093000/https://example.org/news/a\n"
    "    date: 2025-12-12\n",
)


def test_validate_makes_no_network_call(tmp_path, monkeypatch, no_network):
    write_content(tmp_path, sources={"article.md": ARCHIVED_SOURCE})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["validate", "--strict"])
    assert result.exit_code == 0, result.output
    assert no_network == []


def test_the_guard_catches_the_archive_command(tmp_path, monkeypatch, no_network):
    """The guard is no decoration: `factcheck archive` is caught by it."""
    write_content(tmp_path, sources={"article.md": ARCHIVED_SOURCE.replace("archived:", "old:")})
    (tmp_path / "content/sources/article.md").write_text(
        SOURCE.replace(
            "retrieved: unknown\n", "url: https://example.org/news/a\nretrieved: unknown\n"
        ),
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    CliRunner().invoke(cli, ["archive"])
    assert no_network != []


def test_only_the_archive_command_loads_the_network_client(tmp_path):
    write_content(tmp_path, sources={"article.md": ARCHIVED_SOURCE})
    script = textwrap.dedent(
        """
        import sys
        from click.testing import CliRunner
        from generator.cli import cli
        import generator.commands.build, generator.commands.serve, generator.commands.diff
        import generator.publish.preview
        for args in (["validate"], ["new", "source", "fresh"], ["archive", "--help"]):
            assert CliRunner().invoke(cli, args).exit_code == 0, args
        print(sorted(m for m in sys.modules if m in (
            "generator.commands.wayback", "generator.commands.archive", "http.client")))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.slow
def test_build_makes_no_network_call(tmp_path, no_network):
    content = write_content(tmp_path, sources={"article.md": ARCHIVED_SOURCE})
    built = build_folder(content, tmp_path / "out", offline=False)
    assert (built.site / "sources" / "article" / "index.html").is_file()
    assert no_network == []


def test_no_network_fixture_blocks_a_real_connection(no_network):
    with pytest.raises(AssertionError, match="a network call"):
        socket.create_connection(("127.0.0.1", 9))
    assert no_network


def test_only_the_fetching_clients_import_a_network_library(repo_root: Path):
    """What the contract says, read from the source: a second line of defence that needs
    no import-linter."""
    pattern = (
        "import http",
        "from http",
        "import socket",
        "from socket",
        "import ssl",
        "import urllib.request",
        "from urllib.request",
        "import requests",
        "import httpx",
    )
    found = sorted(
        path.relative_to(repo_root).as_posix()
        for path in (repo_root / "generator").rglob("*.py")
        if any(
            line.strip().startswith(pattern)
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    )
    assert found == ["generator/commands/github_api.py", "generator/commands/wayback.py"]
