"""generator.publish.parallel_pages: MkDocs' page work in forked processes, compared with one process.

Real MkDocs builds of the hand-written fixture docs (plus generated pages where
more are needed); every comparison is of whole site trees, byte for byte.
"""

from __future__ import annotations

import os
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from publishkit import ROOT, tree_of

from generator.errors import PublishError
from generator.publish import parallel_pages as publish_pages
from generator.publish.offline import build_offline_bundle
from generator.publish.site import build_site

pytestmark = pytest.mark.slow


REAL_MINIMUM_MARKDOWN = publish_pages.MINIMUM_MARKDOWN


@pytest.fixture(autouse=True)
def small_sites_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture docs are small: share their pages among workers all the same."""
    monkeypatch.setattr(publish_pages, "MINIMUM_MARKDOWN", 0)


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each time pages went to workers: which loop (`_convert`, `_build`) and how many pages."""
    calls: list[tuple[str, int]] = []
    real = publish_pages._Work.run

    def run(self: Any, jobs: int, worker: Any) -> list[Any]:
        calls.append((worker.__name__, len(self.pages)))
        return real(self, jobs, worker)

    monkeypatch.setattr(publish_pages._Work, "run", run)
    return calls


def more_pages(docs: Path, count: int) -> None:
    """Claim pages that link to each other, to anchors and to sources, with tables and lists."""
    for n in range(count):
        other = (n + 1) % count
        (docs / "claims" / f"extra-{n:02d}.md").write_text(
            textwrap.dedent(
                f"""\
                ---
                title: Extra claim {n}
                ---

                # Extra claim {n}

                ## What the sources say {{: #said }}

                > A quote with *emphasis*, `code` and a [link](extra-{other:02d}.md#analysis).

                [The source](../sources/kim-admits-100-deaths.md) and [its list](../sources/index.md).

                ## Analysis

                | Source | Figure |
                | --- | --- |
                | one | {n} |

                - a list item with **bold** text
                - and one more, with the same heading twice below

                ## Analysis
                """
            ),
            encoding="utf-8",
        )


def test_pages_built_in_workers_give_the_same_site(
    project: Path, docs: Path, tmp_path: Path, forks: list[tuple[str, int]]
) -> None:
    more_pages(docs, 40)
    one = build_site(project, docs, tmp_path / "one", jobs=1)
    assert forks == []
    two = build_site(project, docs, tmp_path / "two", jobs=2)
    pages = len(list(docs.rglob("*.md")))
    assert forks == [("_convert", pages), ("_build", pages)]
    three = build_site(project, docs, tmp_path / "three", jobs=3)
    assert one.warnings == two.warnings == three.warnings == ()
    assert tree_of(tmp_path / "one") == tree_of(tmp_path / "two") == tree_of(tmp_path / "three")
    assert b"Extra claim 39" in (tmp_path / "two" / "search" / "search_index.json").read_bytes()


def test_warnings_from_workers_are_the_same_and_in_the_same_order(
    project: Path, docs: Path, tmp_path: Path, forks: list[tuple[str, int]]
) -> None:
    more_pages(docs, 10)
    broken = {
        "claims/extra-03.md": "[gone](../sources/no-such-source.md)",
        "claims/extra-05.md": "[bad](../sources/kim-admits-100-deaths.md#q-9-9)",
        "index.md": "[here](#no-such-heading)",
        "methodology.md": "[dir](claims/)",
    }
    for page, text in broken.items():
        path = docs / page
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    one = build_site(project, docs, tmp_path / "one", strict=False, jobs=1)
    two = build_site(project, docs, tmp_path / "two", strict=False, jobs=2)
    assert [name for name, _ in forks] == ["_convert", "_build"]
    assert len(one.warnings) == 4
    for expected in ("no-such-source.md", "#q-9-9", "no-such-heading", "'claims/'"):
        assert any(expected in w for w in one.warnings), expected
    assert two.warnings == one.warnings
    with pytest.raises(PublishError) as strict_one:
        build_site(project, docs, tmp_path / "three", jobs=1)
    with pytest.raises(PublishError) as strict_two:
        build_site(project, docs, tmp_path / "three", jobs=2)
    assert strict_two.value.format_message() == strict_one.value.format_message()
    assert not (tmp_path / "three").exists()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda page: page.write_bytes(b"# Bad\n\n\xff\xfe not UTF-8\n"), "Encoding error"),
        (
            lambda page: page.write_text(
                "---\ntemplate: no-such-template.html\n---\n\n# T\n", encoding="utf-8"
            ),
            "no-such-template.html",
        ),
    ],
    ids=["page-that-cannot-be-read", "page-whose-template-is-missing"],
)
def test_a_page_that_fails_in_a_worker_fails_the_build_as_in_one_process(
    project: Path, docs: Path, tmp_path: Path, damage: Any, expected: str
) -> None:
    more_pages(docs, 10)
    damage(docs / "claims" / "extra-04.md")
    messages = []
    for jobs in (1, 2):
        with pytest.raises(PublishError) as err:
            build_site(project, docs, tmp_path / f"site-{jobs}", jobs=jobs)
        messages.append(err.value.format_message())
        assert not (tmp_path / f"site-{jobs}").exists()
    assert expected in messages[0]
    assert messages[1] == messages[0]


def test_offline_bundle_built_in_workers_is_the_same(
    project: Path, docs: Path, tmp_path: Path, shim: Path, forks: list[tuple[str, int]]
) -> None:
    one = build_offline_bundle(project, docs, tmp_path / "one" / "site.zip", shim=shim, jobs=1)
    two = build_offline_bundle(project, docs, tmp_path / "two" / "site.zip", shim=shim, jobs=2)
    assert [name for name, _ in forks] == ["_convert", "_build"]
    assert one.path.read_bytes() == two.path.read_bytes()
    with zipfile.ZipFile(two.path) as bundle:
        assert any(name.endswith("search/search_index.js") for name in bundle.namelist())


def test_dirty_builds_and_small_sites_stay_in_one_process(
    project: Path,
    docs: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forks: list[tuple[str, int]],
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site, jobs=2)
    assert len(forks) == 2
    build_site(project, docs, site, dirty=True, jobs=2)
    assert len(forks) == 2

    monkeypatch.setattr(publish_pages, "MINIMUM_MARKDOWN", REAL_MINIMUM_MARKDOWN)
    build_site(project, docs, tmp_path / "small", jobs=2)  # the fixture docs: about 19 KB
    assert len(forks) == 2, "less Markdown than MINIMUM_MARKDOWN is built in one process"
    methodology = docs / "methodology.md"
    words = "Padding to make the site large enough to share. " * (REAL_MINIMUM_MARKDOWN // 48)
    methodology.write_text(
        methodology.read_text(encoding="utf-8") + "\n" + words + "\n", encoding="utf-8"
    )
    build_site(project, docs, tmp_path / "large", jobs=2)
    assert len(forks) == 4


def test_our_plugins_allow_workers_and_a_per_page_hook_does_not(
    project: Path, docs: Path, tmp_path: Path, forks: list[tuple[str, int]]
) -> None:
    ours = str(ROOT / "mkdocs.yml")
    assert publish_pages.runs_in_parallel(load_config(ours, docs_dir=str(docs)))
    assert publish_pages.runs_in_parallel(
        load_config(ours, docs_dir=str(docs), plugins=["search", "offline"])
    )

    hook = project.parent / "hook.py"
    hook.write_text(
        "def on_page_markdown(markdown, **kwargs):\n    return markdown + '\\n\\nAdded by a hook.\\n'\n",
        encoding="utf-8",
    )
    config = project.read_text(encoding="utf-8") + "\nhooks:\n  - hook.py\n"
    project.write_text(config, encoding="utf-8")
    assert not publish_pages.runs_in_parallel(load_config(str(project), docs_dir=str(docs)))
    build_site(project, docs, tmp_path / "site", jobs=2)
    assert forks == []
    assert "Added by a hook." in (tmp_path / "site" / "methodology" / "index.html").read_text(
        encoding="utf-8"
    )


def test_the_mkdocs_functions_are_put_back(project: Path, docs: Path, tmp_path: Path) -> None:
    import mkdocs.commands.build as mkdocs_build

    before = (mkdocs_build._populate_page, mkdocs_build._build_page)
    with pytest.raises(PublishError):
        build_site(project, docs / "no-such-folder", tmp_path / "site", jobs=2)
    (docs / "claims" / "extra.md").write_text(
        "---\ntemplate: gone.html\n---\n# X\n", encoding="utf-8"
    )
    with pytest.raises(PublishError):
        build_site(project, docs, tmp_path / "site", jobs=2)
    assert (mkdocs_build._populate_page, mkdocs_build._build_page) == before


def test_a_worker_that_dies_fails_the_build_with_advice(
    project: Path, docs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    build_site(project, docs, site, jobs=1)
    before = tree_of(site)
    monkeypatch.setattr(publish_pages, "_build", _killed)
    with pytest.raises(PublishError) as err:
        build_site(project, docs, site, jobs=2)
    message = err.value.format_message()
    assert "a process building pages died (out of memory?); try again with --jobs 1" in message
    assert "previous output is kept" in message
    assert tree_of(site) == before


def _killed(indexes: range) -> list[Any]:
    """A worker ended from outside, as the kernel's out-of-memory killer would."""
    os._exit(9)


def test_a_mkdocs_without_the_two_functions_is_left_as_it_is(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import mkdocs.commands.build as mkdocs_build

    populate = mkdocs_build._populate_page
    with publish_pages.parallel_pages(2):
        assert mkdocs_build._populate_page is not populate
    assert mkdocs_build._populate_page is populate
    monkeypatch.delattr(mkdocs_build, "_build_page")  # as if a future MkDocs renamed it
    with publish_pages.parallel_pages(2):
        assert mkdocs_build._populate_page is populate
    assert not hasattr(mkdocs_build, "_build_page")


class _OtherPlugin:
    def on_page_context(self, context: Any, **kwargs: Any) -> Any:
        return context


def _config_with(**handlers: list[Any]) -> Any:
    from types import SimpleNamespace

    events = {name: [] for name in publish_pages.PER_PAGE_EVENTS}
    events.update(handlers)
    return SimpleNamespace(plugins=SimpleNamespace(events=events))


def test_only_material_search_may_act_on_pages_in_workers() -> None:
    from material.plugins.search.plugin import SearchPlugin

    search = SearchPlugin()
    assert publish_pages.runs_in_parallel(_config_with())
    assert publish_pages.runs_in_parallel(_config_with(page_context=[search.on_page_context]))
    assert not publish_pages.runs_in_parallel(
        _config_with(page_context=[_OtherPlugin().on_page_context])
    )
    assert not publish_pages.runs_in_parallel(
        _config_with(page_context=[search.on_page_context, _OtherPlugin().on_page_context])
    )
    for event in publish_pages.PER_PAGE_EVENTS:
        if event != "page_context":
            assert not publish_pages.runs_in_parallel(
                _config_with(**{event: [lambda *a, **k: None]})
            ), event
