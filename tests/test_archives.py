"""A source's archived copies and the corrections to its text, as `factcheck validate` judges them.

Every example is invented: example.org articles, captures at invented times.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from contentkit import SOURCE, write_content

from generator.cli import cli
from generator.corpus import validate as validate_module
from generator.corpus.archives import WaybackCapture, archive_name, same_address
from generator.corpus.models import MAX_ARCHIVED
from generator.corpus.pipeline import check, validate_content

URL = "https://example.org/news/regiment-returns"
WAYBACK = f"https://web.archive.org/web/20251212093000/{URL}"
TODAY = dt.date(2026, 12, 5)


def source(*extra: str, url: str | None = URL, draft: bool = False) -> str:
    """The test article with a url (unless None), the given front-matter lines and
    `draft: true` if asked; retrieved 2025-12-12."""
    lines = [f"url: {url}"] if url else []
    lines += ["retrieved: 2025-12-12", *extra]
    if draft:
        lines.append("draft: true")
    return SOURCE.replace("retrieved: unknown\n", "\n".join(lines) + "\n")


def archived(*copies: tuple[str, str]) -> str:
    """An `archived:` block listing (url, date) pairs."""
    return "archived:\n" + "".join(f"  - url: {url}\n    date: {date}\n" for url, date in copies)


def problems(tmp_path: Path, text: str) -> list[str]:
    """`line:col: severity: message` of every problem of a content folder whose only
    source is `text` (its claim quotes it)."""
    report = validate_content(write_content(tmp_path, sources={"article.md": text}))
    return [f"{p.line}:{p.col}: {p.severity}: {p.message}" for p in report.problems]


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(validate_module, "_today", lambda: TODAY)


# -- archived copies: what passes ------------------------------------------------------------


def test_a_wayback_capture_of_the_url_on_its_day_passes(tmp_path: Path) -> None:
    assert problems(tmp_path, source(archived((WAYBACK, "2025-12-12")).rstrip("\n"))) == []
    corpus = check(tmp_path / "content")
    (copy,) = corpus.source("article").meta.archived
    assert (copy.url, copy.date) == (WAYBACK, dt.date(2025, 12, 12))


@pytest.mark.parametrize(
    "url",
    [
        "https://archive.ph/AbCd1",
        "https://archive.today/AbCd1",
        "https://archive.is/AbCd1",
        "https://perma.cc/ABCD-1234",
        "http://web.archive.org/web/20251212093000id_/https://example.org/news/regiment-returns/",
        "https://web.archive.org/web/20251212093000/http://www.example.org/news/regiment-returns",
    ],
)
def test_the_known_archives_pass_without_a_warning(tmp_path: Path, url: str) -> None:
    assert problems(tmp_path, source(archived((url, "2025-12-12")).rstrip("\n"))) == []


def test_a_capture_of_an_address_with_a_query_is_of_that_address(tmp_path: Path) -> None:
    url = "https://example.org/story?id=7&lang=en"
    capture = f"https://web.archive.org/web/20251212093000/{url}"
    assert problems(tmp_path, source(archived((capture, "2025-12-12")).rstrip("\n"), url=url)) == []
    other = capture.replace("id=7", "id=8")
    (found,) = problems(tmp_path, source(archived((other, "2025-12-12")).rstrip("\n"), url=url))
    assert found.startswith(
        "8:10: warning: this is a capture of https://example.org/story?id=8&lang=en"
    )


def test_a_source_without_url_needs_no_archive_and_may_list_one(tmp_path: Path) -> None:
    assert problems(tmp_path, source(url=None)) == []
    assert (
        problems(tmp_path, source(archived((WAYBACK, "2025-12-12")).rstrip("\n"), url=None)) == []
    )


# -- archived copies: what does not ------------------------------------------------------------


def test_a_javascript_address_is_an_error_at_its_line(tmp_path: Path) -> None:
    text = source(archived(("javascript:alert(document.cookie)", "2025-12-12")).rstrip("\n"))
    assert problems(tmp_path, text) == [
        "8:10: error: 'javascript:alert(document.cookie)' is not a web address; links must start with http:// or https://"
    ]


def test_a_wayback_timestamp_of_30_february_is_an_error(tmp_path: Path) -> None:
    url = f"https://web.archive.org/web/20250230120000/{URL}"
    assert problems(tmp_path, source(archived((url, "2025-02-28")).rstrip("\n"))) == [
        "8:10: error: the timestamp 20250230120000 in this address is not a real time (YYYYMMDDhhmmss, a day of the calendar); copy the capture's address again"
    ]


@pytest.mark.parametrize("timestamp", ["20251312093000", "20251212250000", "20251212096000"])
def test_a_wayback_timestamp_out_of_range_is_an_error(tmp_path: Path, timestamp: str) -> None:
    url = f"https://web.archive.org/web/{timestamp}/{URL}"
    (found,) = problems(tmp_path, source(archived((url, "2025-12-12")).rstrip("\n")))
    assert found.startswith(
        f"8:10: error: the timestamp {timestamp} in this address is not a real time"
    )


def test_a_date_of_30_february_is_an_error(tmp_path: Path) -> None:
    url = f"https://web.archive.org/web/20250228120000/{URL}"
    assert problems(tmp_path, source(archived((url, "2025-02-30")).rstrip("\n"))) == [
        "9:11: error: date 2025-02-30 is not a day of the calendar; check the month and the day"
    ]


def test_a_wayback_timestamp_must_match_the_date(tmp_path: Path) -> None:
    assert problems(tmp_path, source(archived((WAYBACK, "2025-12-13")).rstrip("\n"))) == [
        "9:11: error: date 2025-12-13 is not the day of this capture: its address's timestamp (20251212093000) says 2025-12-12; write date: 2025-12-12"
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"https://web.archive.org/web/2025/{URL}",
        f"https://web.archive.org/{URL}",
        "https://web.archive.org/",
    ],
)
def test_a_wayback_address_without_a_full_timestamp_is_an_error(tmp_path: Path, url: str) -> None:
    assert problems(tmp_path, source(archived((url, "2025-12-12")).rstrip("\n"))) == [
        "8:10: error: a Wayback Machine capture's address has a 14-digit timestamp: https://web.archive.org/web/YYYYMMDDhhmmss/<the article's address>; copy the address the Wayback Machine shows for the capture"
    ]


def test_a_capture_date_in_the_future_is_an_error(tmp_path: Path) -> None:
    url = "https://archive.ph/AbCd1"
    assert problems(tmp_path, source(archived((url, "2026-12-07")).rstrip("\n"))) == [
        "9:11: error: capture date 2026-12-07 is in the future; use the day the archive captured the page"
    ]
    assert (
        problems(tmp_path, source(archived((url, "2026-12-06")).rstrip("\n"))) == []
    )  # a day's grace


def test_a_100_entry_list_is_an_error(tmp_path: Path) -> None:
    copies = [(f"https://archive.ph/copy{i}", "2025-12-12") for i in range(100)]
    assert problems(tmp_path, source(archived(*copies).rstrip("\n"))) == [
        f"8:3: error: archived has 100 items; the limit is {MAX_ARCHIVED}"
    ]


def test_the_limit_itself_passes(tmp_path: Path) -> None:
    copies = [(f"https://archive.ph/copy{i}", "2025-12-12") for i in range(MAX_ARCHIVED)]
    assert problems(tmp_path, source(archived(*copies).rstrip("\n"))) == []


def test_a_copy_listed_twice_is_an_error(tmp_path: Path) -> None:
    text = source(archived((WAYBACK, "2025-12-12"), (WAYBACK, "2025-12-12")).rstrip("\n"))
    assert problems(tmp_path, text) == [
        "10:10: error: this archived copy is listed twice (also item 1); remove one"
    ]


def test_another_host_is_accepted_with_a_warning(tmp_path: Path) -> None:
    text = source(archived(("https://mirror.example.net/copy/1", "2025-12-12")).rstrip("\n"))
    assert problems(tmp_path, text) == [
        "8:10: warning: mirror.example.net is not a known web archive (web.archive.org, archive.today, archive.ph, archive.is, perma.cc); check that this address is a lasting capture of the article, not the article itself"
    ]


def test_a_wayback_capture_of_another_address_is_a_warning(tmp_path: Path) -> None:
    url = "https://web.archive.org/web/20251212093000/https://example.org/news/other-story"
    assert problems(tmp_path, source(archived((url, "2025-12-12")).rstrip("\n"))) == [
        f"8:10: warning: this is a capture of https://example.org/news/other-story, not of the source's url ({URL}); check that it is the same article"
    ]


def test_an_unknown_key_in_a_copy_names_the_allowed_ones(tmp_path: Path) -> None:
    text = source(archived((WAYBACK, "2025-12-12")) + "    captured_by: me")
    assert problems(tmp_path, text) == [
        "10:5: error: unknown key 'captured_by'; allowed keys: date, url"
    ]


def test_archive_checks_run_when_another_field_fails_the_schema(tmp_path: Path) -> None:
    text = source(archived((WAYBACK, "2025-12-13")).rstrip("\n")).replace(
        "language: en", "language: 7"
    )
    assert problems(tmp_path, text) == [
        "9:11: error: date 2025-12-13 is not the day of this capture: its address's timestamp (20251212093000) says 2025-12-12; write date: 2025-12-12",
        "10:11: error: language must be text, not the number 7; put it in quotes",
    ]


# -- the archive a published source needs --------------------------------------------------------


MISSING = (
    "5:6: warning: no archived copy of this article: run `factcheck archive article` to have the "
    "Wayback Machine capture it, or list a capture under `archived:` (its url and date)"
)


def test_a_published_source_with_a_url_and_no_archive_is_warned_about(tmp_path: Path) -> None:
    assert problems(tmp_path, source()) == [MISSING]
    assert problems(tmp_path, source("archived: []")) == [MISSING]


def test_a_draft_source_is_not_warned_about_yet(tmp_path: Path) -> None:
    report = validate_content(
        write_content(tmp_path, claims={}, sources={"article.md": source(draft=True)})
    )
    assert report.problems == ()


def test_strict_makes_the_missing_archive_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_content(tmp_path, sources={"article.md": source()})
    monkeypatch.chdir(tmp_path)
    lenient = CliRunner().invoke(cli, ["validate"])
    strict = CliRunner().invoke(cli, ["validate", "--strict"])
    assert lenient.exit_code == 0 and strict.exit_code == 1
    assert strict.output.splitlines()[0] == f"content/sources/article.md:{MISSING}"


def test_the_shipped_sources_pass_strict_without_an_archive(repo_root: Path) -> None:
    """The first edition's five sources have no known address (the seed files give none), so
    none is owed an archived copy, and none lists one: no capture of them is known here."""
    report = validate_content(repo_root / "content")
    sources = report.corpus.sources if report.corpus else ()
    assert len(sources) == 5
    assert all(s.meta.url is None and s.meta.archived == [] for s in sources)
    assert report.warnings == ()


# -- corrections to a source's text: their dates ----------------------------------------------


def corrections(*entries: str) -> str:
    return "corrections:\n" + "".join(entries).rstrip("\n")


def entry(date: str, note: str = "A word fixed.", typo: bool = False) -> str:
    return f"  - date: {date}\n" + ("    typo: true\n" if typo else "") + f"    note: {note}\n"


def test_corrections_of_a_source_pass_and_are_read(tmp_path: Path) -> None:
    text = source(
        archived((WAYBACK, "2025-12-12"))
        + corrections(entry("2026-01-05", typo=True), entry("2026-02-01", "A paragraph restored."))
    )
    assert problems(tmp_path, text) == []
    log = check(tmp_path / "content").source("article").meta.corrections
    assert [(c.date, c.typo, c.note) for c in log] == [
        (dt.date(2026, 1, 5), True, "A word fixed."),
        (dt.date(2026, 2, 1), False, "A paragraph restored."),
    ]


def test_correction_dates_are_checked(tmp_path: Path) -> None:
    text = source(
        archived((WAYBACK, "2025-12-12"))
        + corrections(
            entry("2026-02-01"), entry("2026-01-05"), entry("2025-12-01"), entry("2026-12-09")
        )
    )
    assert problems(tmp_path, text) == [
        "13:11: error: correction dated 2026-01-05 comes after one dated 2026-02-01; list corrections oldest first",
        "15:11: error: correction dated 2025-12-01 comes after one dated 2026-02-01; list corrections oldest first",
        "15:11: error: correction dated 2025-12-01, before this copy was retrieved (2025-12-12); a correction of our copy comes after it was taken",
        "17:11: error: correction date 2026-12-09 is in the future",
    ]


def test_a_correction_entry_is_checked_by_the_schema(tmp_path: Path) -> None:
    text = source(
        archived((WAYBACK, "2025-12-12"))
        + corrections("  - date: 2026-01-05\n    typo: yes\n    note: x\n    kind: typo\n")
    )
    assert problems(tmp_path, text) == [
        "12:11: error: typo must be true or false, not 'yes'",
        "14:5: error: unknown key 'kind'; allowed keys: date, note, typo",
    ]


# -- what a capture's address says ------------------------------------------------------------------


def test_archive_names() -> None:
    assert archive_name(WAYBACK) == "Wayback Machine"
    assert archive_name("https://archive.is/x") == "archive.today"
    assert archive_name("https://www.perma.cc/ABCD-1234") == "Perma.cc"
    assert archive_name("https://Mirror.Example.net:8443/x") == "mirror.example.net"


def test_same_address_ignores_what_archives_rewrite() -> None:
    assert same_address("http://www.example.org/a/", "https://example.org/a")
    assert same_address("https://example.org:443/a?x=1", "https://EXAMPLE.org/a?x=1")
    assert same_address("https://example.org/caf%C3%A9", "https://example.org/café")
    assert not same_address("https://example.org/a?x=1", "https://example.org/a?x=2")
    assert not same_address("https://example.org/a", "https://example.org/b")


def test_a_wayback_timestamp_gives_its_day() -> None:
    assert WaybackCapture("20251212235959", URL).day == dt.date(2025, 12, 12)
    assert WaybackCapture("20240229000000", URL).day == dt.date(2024, 2, 29)
    assert WaybackCapture("20250229000000", URL).day is None
    assert WaybackCapture("20251212240000", URL).day is None
