"""Shared pytest options and fixtures."""

from __future__ import annotations

import os
import shutil
import signal
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from contentkit import OfflineBundle, SharedBuild, ShippedBuild, build_shipped, build_shipped_in
from publishkit import FIXTURE_DOCS, make_project

REPO_ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    # Tests press Ctrl-C (SIGINT) on the processes they start, as a person at a terminal
    # would. A shell that starts the suite as a background job (`pytest &` in a script)
    # makes it ignore SIGINT, and its children inherit that: Python then installs no
    # KeyboardInterrupt for SIGINT and `factcheck serve` ignored the tests' Ctrl-C. With a
    # handler here, the children start with SIGINT's default, as under a terminal.
    if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output",
    )


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root folder."""
    return REPO_ROOT


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A throwaway project (mkdocs.yml and theme override); its mkdocs.yml."""
    return make_project(tmp_path / "project")


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """A copy of the hand-written fixture docs folder."""
    target = tmp_path / "docs"
    shutil.copytree(FIXTURE_DOCS, target)
    return target


@pytest.fixture(scope="session")
def shim() -> Path:
    """The pinned iframe-worker shim (`make vendor`); fails in CI, skips elsewhere, if missing."""
    from generator.publish.offline import default_shim_path

    path = default_shim_path(REPO_ROOT / "mkdocs.yml")
    if not path.is_file():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} missing: `make vendor` must run before the tests in CI")
        pytest.skip(f"{path} missing: run `make vendor` (fetches iframe-worker from npm)")
    return path


# ----------------------------------------------------------- the shipped content, built once

_SHARED = pytest.StashKey[SharedBuild]()
_READERS = pytest.StashKey[set[str]]()


@pytest.fixture(scope="session")
def shipped_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ShippedBuild]:
    """`factcheck build --offline` of the shipped content/, built once a session and shared:
    read it, never write into it (the files' digests are checked after each module that
    reads it and at the end of the session). A test that changes a site or builds a
    variant makes its own. Without the iframe-worker shim the bundle is left out."""
    from generator.publish.offline import default_shim_path

    offline = default_shim_path(REPO_ROOT / "mkdocs.yml").is_file()
    shared = SharedBuild(build_shipped(tmp_path_factory.mktemp("shipped"), offline=offline))
    request.session.stash[_SHARED] = shared
    yield shared.built
    shared.check_unchanged("a test of this session")


@pytest.fixture(scope="session")
def shipped_in(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], ShippedBuild]:
    """The shipped content built with `theme.language` set to a language, once a session per
    language, offline bundle included when the iframe-worker shim is there (read it, never
    write into it)."""
    from generator.publish.offline import default_shim_path

    offline = default_shim_path(REPO_ROOT / "mkdocs.yml").is_file()
    built: dict[str, ShippedBuild] = {}

    def build(language: str) -> ShippedBuild:
        if language not in built:
            where = tmp_path_factory.mktemp(f"shipped-{language}")
            built[language] = build_shipped_in(language, where, offline=offline)
        return built[language]

    return build


@pytest.fixture(scope="session")
def shipped_site(shipped_build: ShippedBuild) -> Path:
    """The public site of `shipped_build` (read only)."""
    return shipped_build.site


@pytest.fixture(scope="session")
def shipped_bundle(shipped_build: ShippedBuild, shim: Path) -> OfflineBundle:
    """The offline bundle of `shipped_build`, zipped and unzipped (read only)."""
    assert shipped_build.bundle is not None, "the shim is there: the bundle must be too"
    return shipped_build.bundle


def pytest_collection_modifyitems(session: pytest.Session, items: list[pytest.Item]) -> None:
    session.stash[_READERS] = {
        module.nodeid
        for item in items
        if "shipped_build" in getattr(item, "fixturenames", ())
        and (module := item.getparent(pytest.Module)) is not None
    }


@pytest.fixture(scope="module", autouse=True)
def _shipped_build_left_unchanged(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each module that reads the shared build: fail it if the build changed."""
    yield
    shared = request.session.stash.get(_SHARED, None)
    if shared is not None and request.node.nodeid in request.session.stash.get(_READERS, set()):
        shared.check_unchanged(request.node.nodeid)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every connection and name lookup fails the test (and is recorded): for the stages
    that must never use the network."""
    attempts: list[str] = []

    def refuse(name: str) -> Callable[..., None]:
        def refused(*args: object, **kwargs: object) -> None:
            attempts.append(name)
            raise AssertionError(f"a network call: {name}")

        return refused

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    return attempts
