"""`factcheck serve`: a live preview that follows edits, survives bad content and stops cleanly."""

from __future__ import annotations

import contextlib
import gc
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from benchmarks.run import fetch, free_port
from generator.commands.serve import Preview, is_loopback, parse_dev_addr
from tests import contentkit
from tests.contentkit import (
    DRAFT_SOURCE,
    SOURCE,
    with_credits,
    write_content,
    write_content_with_drafts,
)

CLAIM = with_credits(contentkit.CLAIM)
DRAFT_CLAIM = with_credits(contentkit.DRAFT_CLAIM)
"""The kit's claims as this module writes them itself: with their authors and editor."""

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "mkdocs.yml"
CLAIM_FILE = "content/claims/served-120-days.yaml"
WAIT = 60.0
"""Seconds to wait for what the preview does on its own: each wait ends as soon as it is
seen, so this only bounds a failure, and a machine busy with other builds needs a margin."""


def wait_for(condition: Callable[[], bool], what: str, log: Path, seconds: float = WAIT) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(
        f"waited {seconds:.0f} s for {what}; serve printed:\n{log.read_text(encoding='utf-8')}"
    )


class Served:
    def __init__(self, root: Path, proc: subprocess.Popen[bytes], port: int, log: Path) -> None:
        self.root, self.proc, self.log = root, proc, log
        self.base = f"http://127.0.0.1:{port}"

    def page(self) -> str | None:
        return fetch(f"{self.base}/claims/served-120-days/")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    write_content(tmp_path)
    with serving(tmp_path) as server:
        yield server


@contextlib.contextmanager
def serving(root: Path, *options: str) -> Iterator[Served]:
    """`factcheck serve` of `root`/content (with these options) on a free loopback port."""
    port = free_port()
    log = root / "serve.log"
    temp = root / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--config",
                str(CONFIG),
                "--dev-addr",
                f"127.0.0.1:{port}",
                *options,
            ],
            cwd=root,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    server = Served(root, proc, port, log)
    try:
        wait_for(
            lambda: server.page() is not None or proc.poll() is not None,
            "the first build",
            log,
            120,
        )
        assert proc.poll() is None, server.output()
        yield server
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def edit(root: Path, **lines: str) -> None:
    text = CLAIM
    for key, line in lines.items():
        text = "\n".join(line if old.startswith(f"{key}:") else old for old in text.split("\n"))
    (root / CLAIM_FILE).write_text(text, encoding="utf-8")


def test_the_preview_follows_edits_keeps_the_last_good_build_and_stops_cleanly(
    served: Served,
) -> None:
    first = served.page()
    assert first is not None and "The article says so." in first

    edit(served.root, summary="summary: The article says so, as edited.")
    wait_for(lambda: "as edited" in (served.page() or ""), "the edit to show", served.log)

    edit(served.root, summary="summary: A broken edit.", status="status: not-a-status")
    wait_for(lambda: f"{CLAIM_FILE}:5:" in served.output(), "the validation error", served.log)
    assert f"{CLAIM_FILE}:5:9: error: unknown status 'not-a-status'" in served.output()
    assert "last good" in served.output()
    kept = served.page()
    assert kept is not None and "as edited" in kept and "A broken edit" not in kept

    edit(
        served.root, summary="summary: The article says so, as edited."
    )  # back to the good bytes: nothing to rebuild
    wait_for(
        lambda: "fixed: no errors now" in served.output(),
        "the all-clear after the error",
        served.log,
    )

    edit(served.root, summary="summary: Fixed again.")
    wait_for(lambda: "Fixed again." in (served.page() or ""), "the fix to show", served.log)
    assert served.output().count("fixed: no errors now") == 1

    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.wait(WAIT) == 0, served.output()
    assert list((served.root / "tmp").iterdir()) == []  # the preview's folder is removed
    assert fetch(served.base + "/") is None


def test_after_an_edit_the_preview_goes_quiet(served: Served) -> None:
    """A rebuild reads mkdocs.yml, the templates and the content; inotify reports those reads,
    and reacting to them rebuilt (and reloaded every open tab) forever."""
    edit(served.root, summary="summary: Edited once.")
    wait_for(lambda: "Edited once." in (served.page() or ""), "the edit to show", served.log)
    # The edited page comes first; the rest of the site follows from a background render,
    # which takes as long as the machine's load makes it. Quiet means: after that one.
    wait_for(lambda: len(rebuilds(served)) >= 2, "the rest of the site", served.log)
    assert rebuilds(served) == [
        f"rebuilt the page of claim served-120-days ({CLAIM_FILE} changed) in "
        f"{seconds(served, 0)} s; the lists, search and data follow",
        f"rebuilt the lists, search and data (after {CLAIM_FILE} changed) in {seconds(served, 1)} s",
    ], served.output()
    # The server publishes a rebuild's version just after the rebuild prints its line: a
    # first window may see that step. Rebuilding forever changes the version in every one.
    assert any(_same_version_for(2.0, served) for _ in range(2)), served.output()
    assert len(rebuilds(served)) == 2, served.output()


def _same_version_for(seconds: float, served: Served) -> bool:
    """Whether the version of the site the live-reload server shows stays put `seconds`."""
    epoch = fetch(served.base + "/livereload/0/0")
    time.sleep(seconds)
    return epoch is not None and fetch(served.base + "/livereload/0/0") == epoch


def seconds(served: Served, index: int) -> str:
    """The time the `index`th rebuild line gives."""
    return re.findall(r" in (\d+\.\d\d) s", "\n".join(rebuilds(served)))[index]


def rebuilds(served: Served) -> list[str]:
    """The `rebuilt ...` lines serve printed after its first build."""
    return [
        line
        for line in re.findall(r"^rebuilt .*$", served.output(), re.M)
        if not line.startswith("rebuilt the preview of ")
    ]


def test_the_watcher_reacts_to_changes_not_to_reads(tmp_path: Path) -> None:
    import watchdog.events
    import watchdog.observers

    from generator.publish.preview import changes_only

    watched = tmp_path / "watched.yml"
    watched.write_text("a: 1\n", encoding="utf-8")
    seen: list[str] = []
    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = lambda event: seen.append(event.event_type)  # type: ignore[method-assign]
    observer = changes_only(watchdog.observers.Observer())
    observer.schedule(handler, str(tmp_path), recursive=True)
    observer.start()
    try:
        time.sleep(0.3)
        for _ in range(3):
            watched.read_text(encoding="utf-8")
        time.sleep(0.5)
        assert seen == []
        watched.write_text("a: 2\n", encoding="utf-8")
        wait_for(lambda: "modified" in seen, "the change to be seen", watched)
    finally:
        observer.stop()
        observer.join()


def test_the_preview_is_served_on_loopback_by_default(served: Served) -> None:
    assert "serving on http://127.0.0.1:" in served.output()
    served.proc.send_signal(signal.SIGINT)
    assert served.proc.wait(WAIT) == 0


def test_the_processes_tests_start_get_ctrl_c_as_under_a_terminal() -> None:
    """Even when the suite runs as a background job, which ignores SIGINT (tests/conftest.py)."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import signal; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "True"


def test_dev_addr_parsing() -> None:
    assert parse_dev_addr("127.0.0.1:8000") == ("127.0.0.1", 8000)
    assert parse_dev_addr("[::1]:8001") == ("::1", 8001)
    for bad in ("8000", "localhost", "host:", ":80", "h:0", "h:70000", "h:x"):
        with pytest.raises(ValueError):
            parse_dev_addr(bad)
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_rebuilds_are_dirty_unless_a_page_disappears(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    follow_ups: list[int] = []
    preview = Preview(
        content, CONFIG, tmp_path / "work", background_done=lambda: follow_ups.append(1)
    )
    lines: list[str] = []
    first = preview.rebuild(lines.append)
    assert first.ok and first.mkdocs == "full", lines
    page = preview.site_dir / "claims" / "served-120-days" / "index.html"
    assert "The article says so." in page.read_text(encoding="utf-8")

    assert preview.rebuild(lines.append).mkdocs == "skipped"  # nothing changed

    edit(tmp_path, summary="summary: Changed in place.")
    second = preview.rebuild(lines.append)  # first the edited claim's page alone
    assert second.ok and second.pages_only and second.mkdocs == "dirty"
    assert second.written == ("claims/served-120-days.md",) and follow_ups == [1]
    assert "Changed in place." in page.read_text(encoding="utf-8")
    rest = preview.rebuild(lines.append)  # then everything else
    assert (
        rest.ok
        and not rest.pages_only
        and rest.mkdocs == "dirty"
        and "api/claims.json" in rest.written
    )
    assert follow_ups == [1] and preview.rebuild(lines.append).mkdocs == "skipped"

    edit(tmp_path, status="status: not-a-status")
    bad = preview.rebuild(lines.append)
    assert not bad.ok and any(
        line.startswith(f"{CLAIM_FILE}:5:9: error: unknown status") for line in lines
    ), lines
    assert "Changed in place." in page.read_text(encoding="utf-8")

    edit(tmp_path, summary="summary: Renamed.")
    (content / "claims" / "served-120-days.yaml").rename(content / "claims" / "renamed.yaml")
    moved = preview.rebuild(lines.append)
    assert moved.ok and moved.mkdocs == "full"  # a page was removed: its HTML must go too
    assert not page.exists()
    assert "Renamed." in (preview.site_dir / "claims" / "renamed" / "index.html").read_text(
        encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("changed", "shown"),
    [
        ("people/test-author.yaml", "people/test-author/index.html"),
        ("claimants/test-outlet.yaml", "claimants/test-outlet/index.html"),
        ("about.yaml", "about/index.html"),
    ],
)
def test_an_edit_to_the_newsroom_renders_every_page_that_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: str, shown: str
) -> None:
    """A byline, a claimant's name or the About page is on many pages: the whole site is
    rendered at once, not the edited claims' pages first (there are none)."""
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    preview = Preview(content, CONFIG, tmp_path / "work", background_done=lambda: None)
    assert preview.rebuild(lambda _: None).ok
    path = content / changed
    path.write_text(
        path.read_text(encoding="utf-8").replace("Test", "Renamed").replace("invented", "renamed"),
        encoding="utf-8",
    )
    rebuilt = preview.rebuild(lambda _: None)
    assert rebuilt.ok and not rebuilt.pages_only and rebuilt.written
    assert "Renamed" in (preview.site_dir / shown).read_text(encoding="utf-8")
    if changed.startswith("people/"):
        claim = preview.site_dir / "claims" / "served-120-days" / "index.html"
        assert "Checked by" in claim.read_text(encoding="utf-8")
        assert "Renamed Author" in claim.read_text(encoding="utf-8")


class _Node:
    """A cycle's member: freed only by the cyclic garbage collector."""

    def __init__(self) -> None:
        self.itself = self


def test_the_log_says_what_was_rebuilt_and_why_in_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It once said `rebuilt (dirty: 0 file(s) changed)` after a real edit."""
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8").replace(
            "custom_dir: site_templates/overrides",
            f"custom_dir: {ROOT / 'site_templates/overrides'}",
        ),
        encoding="utf-8",
    )
    preview = Preview(content, config, tmp_path / "work")
    quiet: Callable[[str], None] = lambda line: None  # noqa: E731

    def line() -> str:
        result = preview.rebuild(quiet)
        assert result.ok
        return re.sub(r" in \d+\.\d\d s", " in T s", result.log_line())

    assert line() == "rebuilt the preview of 1 claim and 1 source in T s"
    edit(tmp_path, summary="summary: Edited.")
    assert line() == (
        f"rebuilt the page of claim served-120-days ({CLAIM_FILE} changed) in T s; "
        "the lists, search and data follow"
    )
    assert line() == f"rebuilt the lists, search and data (after {CLAIM_FILE} changed) in T s"

    (tmp_path / DRAFT_FILE).write_text(
        DRAFT_CLAIM.replace("draft-notes", "article").replace(
            "marched for ninety-nine nights", "returned in December after 120 days"
        ),
        encoding="utf-8",
    )
    assert line() == (
        f"rebuilt the pages of claim ninety-nine-nights and source article ({DRAFT_FILE} is new) "
        "in T s; the lists, search and data follow"
    )
    line()
    (tmp_path / DRAFT_FILE).unlink()
    assert line() == f"rebuilt every page ({DRAFT_FILE} was removed) in T s"

    config.write_text(
        config.read_text(encoding="utf-8").replace("copyright:", "copyright: Edited."),
        encoding="utf-8",
    )
    assert line() == "rebuilt every page (mkdocs.yml changed) in T s"


def test_cyclic_garbage_is_collected_once_the_whole_site_is_published_not_during_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    preview = Preview(content, CONFIG, tmp_path / "work", background_done=lambda: None)
    try:
        cycle = _Node()
        assert preview.rebuild(lambda _: None).mkdocs == "full"
        assert gc.get_freeze_count() > 0  # what the preview keeps is exempt from collections
        gone = weakref.ref(cycle)
        del cycle  # garbage now, but frozen with the rest
        edit(tmp_path, summary="summary: Changed in place.")
        assert preview.rebuild(lambda _: None).pages_only
        gc.collect()  # as the edit's rebuild may: it cannot reach frozen objects
        assert gone() is not None  # no full collection while an edit waits to be shown
        assert not preview.rebuild(lambda _: None).pages_only  # the rest of the site
        assert gone() is None  # unfrozen and collected
    finally:
        gc.unfreeze()


def test_a_broken_theme_template_keeps_the_last_good_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    overrides = tmp_path / "overrides"
    shutil.copytree(ROOT / "site_templates" / "overrides", overrides)
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        CONFIG.read_text(encoding="utf-8").replace(
            "custom_dir: site_templates/overrides", f"custom_dir: {overrides}"
        ),
        encoding="utf-8",
    )
    preview = Preview(content, config, tmp_path / "work")
    lines: list[str] = []
    assert preview.rebuild(lines.append).ok, lines
    page = preview.site_dir / "claims" / "served-120-days" / "index.html"
    good = page.read_bytes()

    main = overrides / "main.html"
    main.write_text(main.read_text(encoding="utf-8") + "{% if %}\n", encoding="utf-8")
    config.write_text(
        config.read_text(encoding="utf-8") + "# changed: a full build\n", encoding="utf-8"
    )
    broken = preview.rebuild(lines.append)
    assert not broken.ok
    assert page.read_bytes() == good and (preview.site_dir / "index.html").is_file()
    last = (
        len(
            (ROOT / "site_templates" / "overrides" / "main.html")
            .read_text(encoding="utf-8")
            .splitlines()
        )
        + 1
    )
    assert any(
        f"overrides/main.html:{last}: template error: Expected an expression" in line
        for line in lines
    ), lines

    main.write_text(main.read_text(encoding="utf-8").replace("{% if %}\n", ""), encoding="utf-8")
    assert preview.rebuild(lines.append).ok, lines


def test_a_wrong_setting_in_mkdocs_yml_is_printed_at_its_line_and_keeps_the_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    config = tmp_path / "mkdocs.yml"
    good = CONFIG.read_text(encoding="utf-8").replace(
        "custom_dir: site_templates/overrides", f"custom_dir: {ROOT / 'site_templates/overrides'}"
    )
    config.write_text(good, encoding="utf-8")
    preview = Preview(content, config, tmp_path / "work")
    lines: list[str] = []
    assert preview.rebuild(lines.append).ok, lines
    page = preview.site_dir / "claims" / "served-120-days" / "index.html"
    kept = page.read_bytes()

    email = "    email: corrections@factcheck.example.org\n"
    config.write_text(good.replace(email, "    email: nobody\n"), encoding="utf-8")
    assert not preview.rebuild(lines.append).ok
    line = good[: good.index(email)].count("\n") + 1
    assert (
        f"mkdocs.yml:{line}:12: error: `extra.corrections.email` must be an email address like"
        " corrections@example.org (no name, no `mailto:`), not 'nobody'; the preview still"
        " shows the last good build"
    ) in lines
    assert page.read_bytes() == kept


def test_what_the_background_render_wrote_is_published_even_if_its_report_is_lost(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    done = threading.Event()
    preview = Preview(content, CONFIG, tmp_path / "work", background=True, background_done=done.set)
    try:
        assert preview.rebuild(lambda line: None).mkdocs == "full"
        edit(tmp_path, summary="summary: Rendered in the background.")
        first = preview.rebuild(lambda line: None)
        assert first.pages_only and first.written == ("claims/served-120-days.md",)
        assert done.wait(60), "the background render never finished"
        exported = preview.site_dir / "api" / "claims.json"
        assert "Rendered in the background." not in exported.read_text(encoding="utf-8")
        preview._worker_result = (
            None  # as if a rebuild racing with the worker had dropped its report
        )
        preview._pages_first = None
        rest = preview.rebuild(lambda line: None)
        assert rest.ok and rest.mkdocs == "dirty"
        assert "Rendered in the background." in exported.read_text(encoding="utf-8")
    finally:
        preview.close()


@pytest.mark.slow  # builds a whole 400-claim site first
def test_stopping_the_background_render_stops_the_processes_it_forked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchmarks.corpus import edit_claim, generate

    monkeypatch.chdir(tmp_path)
    content = generate(tmp_path / "content", 400).root  # enough files for the worker to fork
    preview = Preview(content, CONFIG, tmp_path / "work", background=True)
    try:
        assert preview.rebuild(lambda line: None).mkdocs == "full"
        edit_claim(content, 7, "an edited summary")
        assert preview.rebuild(lambda line: None).pages_only
        worker = preview._worker
        assert worker is not None
        group = os.getpgid(worker.pid)
        assert group == worker.pid != os.getpgid(0)  # a session of its own
        deadline = time.monotonic() + 20
        while len(_members(group)) < 2 and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)  # until it has forked its renderers (or finished)
        preview._stop_worker()
        # SIGKILL is sent to the group at once, but each process leaves only when it next
        # runs, which takes a while at a low priority on a busy machine.
        deadline = time.monotonic() + WAIT
        while _members(group) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _members(group) == []
    finally:
        preview.close()


def _members(group: int) -> list[int]:
    """Live processes (not zombies) of a process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def test_only_a_first_build_alone_in_its_process_forks_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from publishkit import tree_of

    from generator.commands import serve
    from generator.publish import parallel_pages as publish_pages

    monkeypatch.chdir(tmp_path)
    content = write_content(tmp_path)
    forked: list[int] = []
    real_run = publish_pages._Work.run
    monkeypatch.setattr(
        publish_pages._Work,
        "run",
        lambda self, jobs, worker: forked.append(jobs) or real_run(self, jobs, worker),
    )
    monkeypatch.setattr(publish_pages, "MINIMUM_MARKDOWN", 0)
    monkeypatch.setattr(serve, "default_jobs", lambda: 2)

    monkeypatch.setattr(serve.threading, "active_count", lambda: 1)  # as before the server starts
    alone = Preview(content, CONFIG, tmp_path / "alone")
    assert alone.rebuild().ok
    assert forked == [2, 2]  # converting, then building the pages

    monkeypatch.setattr(
        serve.threading, "active_count", lambda: 3
    )  # the server's threads are running
    threaded = Preview(content, CONFIG, tmp_path / "threaded")
    assert threaded.rebuild().ok
    assert forked == [2, 2]
    alone.site.finish_indexing()
    threaded.site.finish_indexing()
    assert tree_of(alone.site_dir) == tree_of(threaded.site_dir)


# --------------------------------------------------------------------------- drafts

DRAFT_FILE = "content/claims/ninety-nine-nights.yaml"
DRAFT_SOURCE_FILE = "content/sources/draft-notes.md"
NOTICE = "Draft — not published"
DRAFT_MARK = '<span class="fc-draft">Draft</span>'


def _html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def _listed_as_draft(html: str, page_id: str) -> bool | None:
    """Whether the list item linking to claim `page_id` is marked as a draft (None: not listed)."""
    items = [item for item in re.findall(r"<li>.*?</li>", html, re.S) if f"{page_id}/" in item]
    return None if not items else all(DRAFT_MARK in item for item in items)


def test_drafts_are_previewed_through_edits_creation_and_publication(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    content = write_content_with_drafts(tmp_path)
    preview = Preview(content, CONFIG, tmp_path / "work", background_done=lambda: None)
    lines: list[str] = []
    site = preview.site_dir

    def rebuilt_in_two_steps(page: str) -> None:
        first = preview.rebuild(lines.append)
        assert first.ok and first.pages_only and page in first.written, (first, lines)
        rest = preview.rebuild(lines.append)
        assert rest.ok and not rest.pages_only, (rest, lines)

    assert preview.rebuild(lines.append).ok, lines
    draft = _html(site, "claims/ninety-nine-nights")
    assert NOTICE in draft and draft.index(NOTICE) < draft.index('<h1 id="question"')
    assert NOTICE in _html(site, "sources/draft-notes")
    assert NOTICE not in _html(site, "claims/served-120-days")
    assert _listed_as_draft(_html(site, "claims"), "ninety-nine-nights") is True
    assert _listed_as_draft(_html(site, "claims"), "served-120-days") is False
    assert "ninety-nine" not in (site / "api" / "claims.json").read_text(encoding="utf-8")

    (tmp_path / DRAFT_FILE).write_text(
        DRAFT_CLAIM.replace("Still being checked.", "Edited as a draft."), encoding="utf-8"
    )
    rebuilt_in_two_steps("claims/ninety-nine-nights.md")
    draft = _html(site, "claims/ninety-nine-nights")
    assert "Edited as a draft." in draft and NOTICE in draft

    # Published: `draft: true` removed from the claim and from the source it quotes.
    (tmp_path / DRAFT_SOURCE_FILE).write_text(
        DRAFT_SOURCE.replace("draft: true\n", ""), encoding="utf-8"
    )
    (tmp_path / DRAFT_FILE).write_text(DRAFT_CLAIM.replace("draft: true\n", ""), encoding="utf-8")
    rebuilt_in_two_steps("claims/ninety-nine-nights.md")
    assert NOTICE not in _html(site, "claims/ninety-nine-nights") and NOTICE not in _html(
        site, "sources/draft-notes"
    )
    assert _listed_as_draft(_html(site, "claims"), "ninety-nine-nights") is False
    assert _listed_as_draft(_html(site, ""), "ninety-nine-nights") is False
    assert "ninety-nine-nights" in (site / "api" / "claims.json").read_text(encoding="utf-8")

    # A draft again (the source stays published).
    (tmp_path / DRAFT_FILE).write_text(DRAFT_CLAIM, encoding="utf-8")
    rebuilt_in_two_steps("claims/ninety-nine-nights.md")
    assert NOTICE in _html(site, "claims/ninety-nine-nights") and NOTICE not in _html(
        site, "sources/draft-notes"
    )
    assert _listed_as_draft(_html(site, "claims"), "ninety-nine-nights") is True
    assert "ninety-nine" not in (site / "api" / "claims.json").read_text(encoding="utf-8")

    # A new draft.
    (content / "claims" / "brand-new.yaml").write_text(CLAIM + "draft: true\n", encoding="utf-8")
    rebuilt_in_two_steps("claims/brand-new.md")
    assert NOTICE in _html(site, "claims/brand-new")
    assert _listed_as_draft(_html(site, "claims"), "brand-new") is True
    assert _listed_as_draft(_html(site, ""), "brand-new") is True


def test_a_previewed_draft_is_published_nowhere_machines_look(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The built preview: a draft's page has no ClaimReview and no `og:type` article, is
    `noindex` and out of the sitemap, and links no export; a published page keeps its JSON-LD."""
    monkeypatch.chdir(tmp_path)
    preview = Preview(write_content_with_drafts(tmp_path), CONFIG, tmp_path / "work")
    lines: list[str] = []
    assert preview.rebuild(lines.append).ok, lines
    assert not [line for line in lines if "draft-notes.txt" in line], (
        lines
    )  # no link to a missing export
    site = preview.site_dir
    for page in ("claims/ninety-nine-nights", "sources/draft-notes"):
        html = _html(site, page)
        assert "application/ld+json" not in html and "ClaimReview" not in html, page
        assert '<meta property="og:type" content="website">' in html, page
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        assert '<meta name="description" content="Draft — not published. ' in html, page
    published = _html(site, "claims/served-120-days")
    (review,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', published)
    assert json.loads(review)["@type"] == "ClaimReview"
    assert (
        '<meta property="og:type" content="article">' in published
        and 'name="robots"' not in published
    )
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "claims/served-120-days/" in sitemap and "sources/article/" in sitemap
    assert "ninety-nine-nights" not in sitemap and "draft-notes" not in sitemap
    for export in (
        "feed.xml",
        "api/claimreview.json",
        "api/claims.json",
        "api/fever.jsonl",
        "api/annotations.jsonld",
    ):
        text = (site / export).read_text(encoding="utf-8")
        assert "ninety-nine" not in text and "draft-notes" not in text, export


def test_without_drafts_the_preview_leaves_them_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    preview = Preview(
        write_content_with_drafts(tmp_path), CONFIG, tmp_path / "work", include_drafts=False
    )
    assert preview.rebuild(lambda line: None).ok
    assert not (preview.site_dir / "claims" / "ninety-nine-nights").exists()
    assert not (preview.site_dir / "sources" / "draft-notes").exists()
    assert _listed_as_draft(_html(preview.site_dir, "claims"), "ninety-nine-nights") is None
    assert "fc-draft" not in _html(preview.site_dir, "claims")


def test_the_served_preview_shows_drafts_by_default_and_follows_their_publication(
    tmp_path: Path,
) -> None:
    """The real server: the edited draft's page first, then the lists from the background render."""
    write_content(tmp_path)
    with serving(tmp_path) as served:
        assert "drafts shown" in served.output()
        claims_index = f"{served.base}/claims/"
        page = f"{served.base}/claims/new-draft/"
        new_draft = served.root / "content" / "claims" / "new-draft.yaml"
        new_draft.write_text(
            CLAIM.replace("summary: The article says so.", "summary: A draft summary.")
            + "draft: true\n",
            encoding="utf-8",
        )
        wait_for(lambda: NOTICE in (fetch(page) or ""), "the new draft's page", served.log)
        wait_for(
            lambda: "1 draft shown, marked as not published: new-draft" in served.output(),
            "the draft named in the log",
            served.log,
        )
        wait_for(
            lambda: _listed_as_draft(fetch(claims_index) or "", "new-draft") is True,
            "the draft in the claims list",
            served.log,
        )

        new_draft.write_text(
            CLAIM.replace("summary: The article says so.", "summary: A draft summary."),
            encoding="utf-8",
        )
        wait_for(
            lambda: "A draft summary." in (fetch(page) or "") and NOTICE not in (fetch(page) or ""),
            "the published page",
            served.log,
        )
        wait_for(
            lambda: _listed_as_draft(fetch(claims_index) or "", "new-draft") is False,
            "the claim listed as published",
            served.log,
        )
        wait_for(
            lambda: "new-draft" in (fetch(f"{served.base}/api/claims.json") or ""),
            "the claim in the export",
            served.log,
        )

        new_draft.write_text(
            CLAIM.replace("summary: The article says so.", "summary: A draft summary.")
            + "draft: true\n",
            encoding="utf-8",
        )
        wait_for(lambda: NOTICE in (fetch(page) or ""), "the notice back", served.log)
        wait_for(
            lambda: _listed_as_draft(fetch(claims_index) or "", "new-draft") is True,
            "the draft marked again",
            served.log,
        )
        wait_for(
            lambda: "new-draft" not in (fetch(f"{served.base}/api/claims.json") or "new-draft"),
            "the draft out of the export",
            served.log,
        )


def test_serve_no_drafts_leaves_them_out(tmp_path: Path) -> None:
    write_content(tmp_path, sources={"article.md": SOURCE, "draft-notes.md": DRAFT_SOURCE})
    (tmp_path / DRAFT_FILE).write_text(DRAFT_CLAIM, encoding="utf-8")
    with serving(tmp_path, "--no-drafts") as served:
        assert "drafts left out" in served.output()
        assert "\n1 draft not shown: ninety-nine-nights\n" in served.output()
        assert "\n1 draft source not shown: draft-notes\n" in served.output()
        assert fetch(f"{served.base}/claims/ninety-nine-nights/") is None
        assert "ninety-nine" not in (fetch(f"{served.base}/claims/") or "ninety-nine")


def test_the_background_render_yields_the_cores_to_the_edited_page(tmp_path: Path) -> None:
    """The rest of the site renders at a lower priority (it and the renderers it forks), so
    the next edit's page, rebuilt in the server's process, does not queue behind it."""
    from generator.commands.serve import BACKGROUND_NICENESS

    content = write_content(tmp_path)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator.commands.serve",
            str(content),
            str(CONFIG),
            str(tmp_path / "docs"),
            "--drafts",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        check=True,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert "claims/served-120-days.md" in report["written"]
    assert report["niceness"] == min(19, os.nice(0) + BACKGROUND_NICENESS)
