"""`factcheck archive`: Save Page Now asked through a local server that answers as it does.

The fake service (`fakewayback.FakeWayback`) stands in for https://web.archive.org: every
test points `--service` at it and queues the answers it should give. The articles and
their addresses are invented (example.org).
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from contentkit import SOURCE_BODY, write_content
from fakewayback import (
    CAPTURED,
    Answer,
    FakeWayback,
    capture_path,
    content_location,
    html_page,
    redirect_to,
)

from generator.cli import cli
from generator.commands import wayback
from generator.commands.front_matter_edit import EditError, with_archived_copy
from generator.corpus.pipeline import validate_content

URL = "https://example.org/news/regiment-returns"
PATH = "content/sources/article.md"
FRONT = f"""\
---
# The headline as printed.
title: A test article   # the headline
outlet: Test Outlet
published: 2025-12-12
url: {URL}   # where it was published
# When this copy of the text was captured.
retrieved: 2025-12-12
language: en
---
"""
"""A source's front matter with comments, as people write them."""


@pytest.fixture
def fake() -> Iterator[FakeWayback]:
    with FakeWayback() as service:
        yield service


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A content folder whose source has a url and no archived copy; cwd is its parent."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FACTCHECK_ARCHIVE_SERVICE", raising=False)
    return write_content(tmp_path, sources={"article.md": FRONT + SOURCE_BODY})


def archive(fake: FakeWayback, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["archive", "--service", fake.base, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    return result


def capture_url(fake: FakeWayback, url: str = URL) -> str:
    return f"{fake.base}{capture_path(url)}"


def archived_lines(fake: FakeWayback, url: str = URL) -> str:
    return f"archived:\n  - url: {capture_url(fake, url)}\n    date: 2025-12-12\n"


# -- a capture -----------------------------------------------------------------------------


def test_a_capture_is_written_below_the_url_and_nothing_else_changes(fake, content):
    fake.answer(content_location(URL))
    before = (content / "sources/article.md").read_text(encoding="utf-8")
    result = archive(fake)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Asking {fake.base}/save/ for 1 capture (waiting at most 120 s for each answer)",
        f"article: archived, {capture_url(fake)} (captured 2025-12-12)",
        "archived 1 source",
    ]
    after = (content / "sources/article.md").read_text(encoding="utf-8")
    url_line = f"url: {URL}   # where it was published\n"
    assert after == before.replace(url_line, url_line + archived_lines(fake))
    (request,) = fake.requests
    assert (request.method, request.path) == ("GET", f"/save/{URL}")
    assert request.headers["User-Agent"].startswith("factcheck/")


def test_the_archived_source_validates(fake, content):
    fake.answer(content_location(URL))
    assert archive(fake).exit_code == 0
    report = validate_content(content)
    assert report.errors == ()
    (copy,) = report.corpus.source("article").meta.archived if report.corpus else ()
    assert (copy.url, copy.date) == (capture_url(fake), dt.date(2025, 12, 12))
    # the fake service is no known archive: validation says so, as it would of any other host
    assert [p.message.split(" is not")[0] for p in report.warnings] == ["127.0.0.1"]


def test_a_redirect_to_the_capture_is_a_capture(fake, content):
    fake.answer(redirect_to(capture_url(fake)))
    assert archive(fake).exit_code == 0
    assert archived_lines(fake) in (content / "sources/article.md").read_text(encoding="utf-8")


def test_a_link_memento_is_a_capture(fake, content):
    link = f'<{URL}>; rel="original", <{capture_url(fake)}>; rel="memento"; datetime="Fri, 12 Dec 2025 09:30:00 GMT"'
    fake.answer(Answer(200, {"Link": link, "Content-Type": "text/html"}))
    assert archive(fake).exit_code == 0
    assert archived_lines(fake) in (content / "sources/article.md").read_text(encoding="utf-8")


def test_a_capture_on_another_site_or_of_another_page_is_no_capture(fake, content):
    before = (content / "sources/article.md").read_bytes()
    for answer in (
        redirect_to(f"https://elsewhere.example.net{capture_path(URL)}"),
        content_location("https://example.org/news/another-story"),
        content_location(URL, timestamp="20250230093000"),
        content_location(URL, timestamp="20991212093000"),
    ):
        fake.answer(answer)
        result = archive(fake)
        assert result.exit_code == 1, result.output
        assert f"{PATH}:6:6: error: the archive " in result.output
    assert (content / "sources/article.md").read_bytes() == before


def test_an_address_with_other_characters_is_asked_for_percent_encoded(fake, content):
    url = "https://example.org/news/café?q=é"
    text = (content / "sources/article.md").read_text(encoding="utf-8").replace(URL, url)
    (content / "sources/article.md").write_text(text, encoding="utf-8")
    encoded = "https://example.org/news/caf%C3%A9?q=%C3%A9"
    fake.answer(content_location(encoded))
    assert archive(fake).exit_code == 0
    assert fake.requests[0].path == f"/save/{encoded}"
    assert archived_lines(fake, encoded) in (content / "sources/article.md").read_text(
        encoding="utf-8"
    )


def test_a_capture_service_below_a_path(fake, content):
    fake.answer(content_location(URL))
    result = CliRunner().invoke(cli, ["archive", "--service", fake.base + "/"])
    assert result.exit_code == 0, result.output


# -- what the service may answer instead --------------------------------------------------------


def test_a_web_page_instead_of_a_capture_is_a_clear_error(fake, content):
    fake.answer(html_page())
    before = (content / "sources/article.md").read_bytes()
    result = archive(fake)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"{PATH}:6:6: error: the archive answered with a web page, not a capture: it may be busy, "
        "or want a login; try again later, or capture the page at https://web.archive.org/save in "
        "a browser and list the capture under `archived:` (its url and date)",
        "archived 0 sources",
    ]
    assert (content / "sources/article.md").read_bytes() == before
    assert "Traceback" not in result.output


def test_a_refusal_is_reported_and_the_next_source_is_asked_for(fake, content):
    other = "https://example.org/news/second"
    (content / "sources/second.md").write_text(
        FRONT.replace(URL, other) + SOURCE_BODY, encoding="utf-8"
    )
    fake.answer(
        Answer(403, {"X-Archive-Wayback-Runtime-Error": "Blocked Site Error"}, b"<p>No.</p>"),
        content_location(other),
    )
    result = archive(fake)
    assert result.exit_code == 1
    assert (
        f"{PATH}:6:6: error: the archive refused to capture the page (HTTP 403 Forbidden) (Blocked Site Error)"
        in result.output
    )
    assert "second: archived" in result.output
    assert [r.path for r in fake.requests] == [f"/save/{URL}", f"/save/{other}"]


def test_a_service_that_is_down_stops_the_run(fake, content):
    (content / "sources/second.md").write_text(
        FRONT.replace(URL, "https://example.org/b") + SOURCE_BODY, encoding="utf-8"
    )
    fake.answer(html_page(503, "Service Unavailable"))
    result = archive(fake)
    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"{PATH}:6:6: error: the archive is unavailable (HTTP 503 Service Unavailable); try again later",
        "not asked (the run stopped): second",
        "archived 0 sources",
    ]
    assert len(fake.requests) == 1


def test_rate_limiting_with_a_long_retry_after_stops_the_run(fake, content):
    fake.answer(Answer(429, {"Retry-After": "3600", "Content-Type": "text/html"}, b"Too many"))
    result = archive(fake)
    assert result.exit_code == 1
    assert (
        f"{PATH}:6:6: error: the archive is limiting requests (HTTP 429) and asks to wait 3600 s; "
        "run `factcheck archive` again later"
    ) in result.output
    assert len(fake.requests) == 1


def test_rate_limiting_with_a_short_retry_after_waits_and_asks_again(fake, content, monkeypatch):
    waited: list[float] = []
    monkeypatch.setattr(time, "sleep", waited.append)
    fake.answer(Answer(429, {"Retry-After": "2"}), content_location(URL))
    result = archive(fake)
    assert result.exit_code == 0, result.output
    assert waited == [2.0]
    assert "article: the archive asks to wait 2 s; waiting" in result.output
    assert len(fake.requests) == 2


def test_rate_limiting_that_goes_on_stops_after_a_few_asks(fake, content, monkeypatch):
    monkeypatch.setattr(time, "sleep", lambda seconds: None)
    fake.answer(Answer(429, {"Retry-After": "1"}))
    assert archive(fake).exit_code == 1
    assert len(fake.requests) == 3


def test_rate_limiting_without_retry_after_stops_the_run(fake, content):
    fake.answer(Answer(429))
    result = archive(fake, "--max-wait", "600")
    assert result.exit_code == 1
    assert (
        "the archive is limiting requests (HTTP 429); run `factcheck archive` again later"
        in result.output
    )


def test_a_retry_after_date_is_read():
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)
    seconds = wayback._retry_after(later.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    assert seconds is not None and 80 < seconds <= 90
    assert wayback._retry_after("soon") is None


def test_a_service_that_never_answers_times_out(fake, content):
    (content / "sources/second.md").write_text(
        FRONT.replace(URL, "https://example.org/b") + SOURCE_BODY, encoding="utf-8"
    )
    fake.answer(Answer(hang=True))
    before = (content / "sources/article.md").read_bytes()
    start = time.monotonic()
    result = archive(fake, "--timeout", "1")
    assert time.monotonic() - start < 10
    assert result.exit_code == 1
    assert (
        f"{PATH}:6:6: error: no answer from 127.0.0.1 within 1 s; it may be busy: try again later, "
        "or wait longer with --timeout"
    ) in result.output
    assert "not asked (the run stopped): second" in result.output
    assert len(fake.requests) == 1
    assert (content / "sources/article.md").read_bytes() == before


def test_a_refused_connection_is_a_clear_error_and_stops_the_run(content):
    (content / "sources/second.md").write_text(
        FRONT.replace(URL, "https://example.org/b") + SOURCE_BODY, encoding="utf-8"
    )
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = CliRunner().invoke(cli, ["archive", "--service", f"http://127.0.0.1:{port}"])
    assert result.exit_code == 1
    assert (
        f"{PATH}:6:6: error: 127.0.0.1 refused the connection (is the service address right?)"
        in result.output
    )
    assert "not asked (the run stopped): second" in result.output


def test_offline_a_name_that_does_not_resolve_is_a_clear_error(content, monkeypatch):
    def no_resolver(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_resolver)
    result = CliRunner().invoke(cli, ["archive"])
    assert result.exit_code == 1
    assert (
        f"{PATH}:6:6: error: cannot find web.archive.org: are you offline? (the name does not resolve)"
        in result.output
    )


def test_an_answer_that_is_not_http_is_a_clear_error(content):
    import threading

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)

        def garbage() -> None:
            connection, _ = server.accept()
            with connection:
                connection.recv(4096)
                connection.sendall(b"SSH-2.0-OpenSSH\r\n\r\n")

        thread = threading.Thread(target=garbage, daemon=True)
        thread.start()
        port = server.getsockname()[1]
        result = CliRunner().invoke(cli, ["archive", "--service", f"http://127.0.0.1:{port}"])
        thread.join(5)
    assert result.exit_code == 1
    assert "127.0.0.1 did not answer in HTTP" in result.output


# -- which sources are asked for --------------------------------------------------------------------


def test_sources_without_url_or_with_a_copy_are_not_asked_for(fake, content):
    (content / "sources/no-url.md").write_text(
        FRONT.replace(f"url: {URL}   # where it was published\n", "") + SOURCE_BODY,
        encoding="utf-8",
    )
    fake.answer(content_location(URL))
    assert archive(fake).exit_code == 0
    assert len(fake.requests) == 1
    result = archive(fake)
    assert result.exit_code == 0
    assert result.output == "Nothing to archive: every source with a url lists an archived copy.\n"
    assert len(fake.requests) == 1


def test_named_sources_only_and_why_not(fake, content):
    (content / "sources/no-url.md").write_text(
        FRONT.replace(f"url: {URL}   # where it was published\n", "") + SOURCE_BODY,
        encoding="utf-8",
    )
    (content / "sources/second.md").write_text(
        FRONT.replace(URL, "https://example.org/b") + SOURCE_BODY, encoding="utf-8"
    )
    fake.answer(content_location(URL))
    result = archive(fake, "article", "no-url")
    assert result.exit_code == 1
    assert (
        "content/sources/no-url.md:3:1: error: this source has no `url:`: nothing to archive"
        in result.output
    )
    assert [r.path for r in fake.requests] == [f"/save/{URL}"]
    again = archive(fake, "article")
    assert again.exit_code == 0
    assert again.output == f"{PATH}:7:1: warning: already lists an archived copy; not asked again\n"


def test_an_unknown_source_is_a_usage_error_before_any_request(fake, content):
    result = archive(fake, "artcle")
    assert result.exit_code == 2
    assert "no source 'artcle' in content/sources/" in result.output
    assert "did you mean 'article'?" in result.output
    assert fake.requests == []


def test_a_source_whose_front_matter_has_errors_is_not_asked_for(fake, content):
    text = (FRONT + SOURCE_BODY).replace("language: en", "language: 7")
    (content / "sources/article.md").write_text(text, encoding="utf-8")
    result = archive(fake)
    assert result.exit_code == 1
    assert "its front matter has errors: run `factcheck validate`" in result.output
    assert fake.requests == []


def test_drafts_are_archived_too(fake, content):
    text = (FRONT + SOURCE_BODY).replace("language: en\n", "language: en\ndraft: true\n")
    (content / "sources/article.md").write_text(text, encoding="utf-8")
    fake.answer(content_location(URL))
    assert archive(fake).exit_code == 0


def test_the_service_comes_from_the_environment(fake, content, monkeypatch):
    monkeypatch.setenv("FACTCHECK_ARCHIVE_SERVICE", fake.base)
    fake.answer(content_location(URL))
    result = CliRunner().invoke(cli, ["archive"])
    assert result.exit_code == 0, result.output
    assert len(fake.requests) == 1


@pytest.mark.parametrize(
    "address", ["ftp://web.archive.org", "web.archive.org", "https://x.org/?a=1"]
)
def test_a_service_address_that_is_not_one_is_a_usage_error(content, address):
    result = CliRunner().invoke(cli, ["archive", "--service", address])
    assert result.exit_code == 2
    assert "Invalid value for '--service'" in result.output


def test_the_default_service_is_the_wayback_machine():
    option = next(p for p in cli.commands["archive"].params if p.name == "service")
    assert option.default == wayback.DEFAULT_SERVICE
    assert option.envvar == wayback.SERVICE_ENV


def test_a_real_process_archives_and_exits_0(fake, content):
    fake.answer(content_location(URL))
    done = subprocess.run(
        [sys.executable, "-m", "generator", "archive", "--service", fake.base],
        cwd=content.parent,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "captured 2025-12-12" in done.stdout


# -- editing the front matter ---------------------------------------------------------------


COPY = "https://web.archive.org/web/20251212093000/https://example.org/a"
DAY = dt.date(2025, 12, 12)


def test_crlf_line_endings_are_kept():
    text = "---\r\ntitle: T\r\nurl: https://example.org/a\r\nlanguage: en\r\n---\r\nBody.\r\n"
    assert with_archived_copy(text, COPY, DAY) == (
        "---\r\ntitle: T\r\nurl: https://example.org/a\r\n"
        f"archived:\r\n  - url: {COPY}\r\n    date: 2025-12-12\r\n"
        "language: en\r\n---\r\nBody.\r\n"
    )


def test_an_empty_list_is_replaced_in_place():
    text = "---\nurl: https://example.org/a\narchived: []  # none yet\nlanguage: en\n---\nBody.\n"
    assert with_archived_copy(text, COPY, DAY) == (
        "---\nurl: https://example.org/a\narchived:  # none yet\n"
        f"  - url: {COPY}\n    date: 2025-12-12\nlanguage: en\n---\nBody.\n"
    )


def test_a_url_written_as_a_block_or_quoted_gets_the_copy_after_its_value():
    block = "---\nurl: >-\n  https://example.org/a\n# a comment\nlanguage: en\n---\nBody.\n"
    assert with_archived_copy(block, COPY, DAY) == (
        "---\nurl: >-\n  https://example.org/a\n"
        f"archived:\n  - url: {COPY}\n    date: 2025-12-12\n# a comment\nlanguage: en\n---\nBody.\n"
    )
    last = "---\nlanguage: en\nurl: 'https://example.org/a'\n---\nBody.\n"
    assert with_archived_copy(last, COPY, DAY) == (
        "---\nlanguage: en\nurl: 'https://example.org/a'\n"
        f"archived:\n  - url: {COPY}\n    date: 2025-12-12\n---\nBody.\n"
    )


def test_an_address_that_would_not_read_back_plain_is_quoted():
    odd = "https://web.archive.org/web/20251212093000/https://example.org/a:"
    text = "---\nurl: https://example.org/a\n---\nBody.\n"
    assert f'  - url: "{odd}"\n' in with_archived_copy(text, odd, DAY)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "---\n{url: 'https://example.org/a', language: en}\n---\nB.\n",
            "not a block of `key: value` lines",
        ),
        (
            "---\nurl: https://example.org/a\narchived:\n  - url: x\n---\nB.\n",
            "already lists archived copies",
        ),
        ("---\nlanguage: en\n---\nB.\n", "it has no `url:`"),
        ("---\nurl: https://example.org/a\u2028\n---\nB.\n", "line breaks other than LF or CRLF"),
        ("title: T\n", "it does not start with front matter"),
        (
            "---\n  title: T\n  url: https://example.org/a\n---\nB.\n",
            "the edit would change more than the archived copies",
        ),
    ],
)
def test_layouts_it_cannot_edit_safely_are_refused(text: str, reason: str):
    with pytest.raises(EditError, match=reason):
        with_archived_copy(text, COPY, DAY)


def test_a_file_that_cannot_be_edited_keeps_its_bytes_and_says_what_to_add(fake, content):
    text = (FRONT + SOURCE_BODY).replace(
        "retrieved: 2025-12-12\n", "retrieved: 2025-12-12\narchived: [\n  ]\n"
    )
    (content / "sources/article.md").write_text(text, encoding="utf-8")
    fake.answer(content_location(URL))
    result = archive(fake)
    assert result.exit_code == 1
    assert (
        "but the file was not changed (it already lists archived copies, or writes `archived:` oddly); add by hand below `url:`: 'archived:\\n  - url: "
        in result.output
    )
    assert (content / "sources/article.md").read_text(encoding="utf-8") == text


def test_the_file_keeps_its_permissions(fake, content):
    path = content / "sources/article.md"
    path.chmod(0o640)
    fake.answer(content_location(URL))
    assert archive(fake).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in path.parent.iterdir()) == ["article.md"]


def test_every_capture_timestamp_written_is_the_one_served(fake, content):
    fake.answer(content_location(URL, timestamp="20260101000000"))
    assert archive(fake).exit_code == 0
    text = (content / "sources/article.md").read_text(encoding="utf-8")
    assert f"/web/20260101000000/{URL}\n    date: 2026-01-01\n" in text
    assert CAPTURED not in text
