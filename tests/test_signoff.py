"""Editor sign-off: `factcheck diff` names the editor of each changed verdict, and
`factcheck signoff` asks GitHub's REST API (a local server that answers as it does) whether
that editor approved the pull request."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner, Result
from contentkit import CLAIM, EDITOR
from test_history import CORRECTED, Repo, make_repo

from generator.cli import cli
from generator.commands.github_api import GitHubError, Review, pull_request_reviews
from generator.commands.signoff import approved

TOKEN = "secret-test-token"
HEAD = "a" * 40
CHANGED = CLAIM.replace("status: mostly-true", "status: mixed").replace(
    "updated: 2026-11-23", CORRECTED.rstrip("\n")
)
"""The kit's claim with its verdict changed (and the correction that needs)."""
STATUS_LINE = "content/claims/served-120-days.yaml:5:9"


# -- a stand-in for GitHub's REST API --------------------------------------------------------


@dataclass
class FakeGitHub:
    """Answers `GET /repos/{owner}/{name}/pulls/{n}/reviews` as GitHub does, `per_page` at a
    time with a `Link` header, for the one pull request `desk/checks#7`."""

    reviews: list[dict[str, Any]] = field(default_factory=list)
    per_page: int = 2
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    next_link: str | None = None
    requests: list[tuple[str, str | None]] = field(default_factory=list)
    url: str = ""

    def review(self, login: str, state: str, commit: str = HEAD) -> None:
        self.reviews.append(
            {
                "id": len(self.reviews) + 1,
                "user": {"login": login},
                "state": state,
                "commit_id": commit,
            }
        )

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append((handler.path, handler.headers.get("Authorization")))
        parts = urlsplit(handler.path)
        if handler.headers.get("Authorization") != f"Bearer {TOKEN}":
            return self._send(handler, 401, {"message": "Bad credentials"})
        if self.status != 200:
            return self._send(handler, self.status, {"message": "refused"}, self.headers)
        if parts.path != "/repos/desk/checks/pulls/7/reviews":
            return self._send(handler, 404, {"message": "Not Found"})
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        chunk = self.reviews[(page - 1) * self.per_page : page * self.per_page]
        headers = {}
        if page * self.per_page < len(self.reviews):
            headers["Link"] = (
                f'<{self.url}/repos/desk/checks/pulls/7/reviews?per_page=100&page={page + 1}>; rel="next", '
                f'<{self.url}/repos/desk/checks/pulls/7/reviews?page=1>; rel="first"'
            )
        if self.next_link:
            headers["Link"] = f'<{self.next_link}>; rel="next"'
        self._send(handler, 200, chunk, headers, self.body)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler,
        status: int,
        data: object,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> None:
        payload = body if body is not None else json.dumps(data).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(payload)


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    fake = FakeGitHub()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            fake.answer(self)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield fake
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    monkeypatch.delenv("GITHUB_API_URL", raising=False)
    return make_repo(tmp_path, monkeypatch)


def signoff(github: FakeGitHub, *extra: str, token: str | None = TOKEN) -> Result:
    args = ["signoff", "--base", "main", "--repo", "desk/checks", "--pull-request", "7"]
    env = {"GITHUB_TOKEN": token} if token is not None else {"GITHUB_TOKEN": ""}
    result = CliRunner().invoke(cli, [*args, "--api-url", github.url, *extra], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert "Traceback" not in result.output and TOKEN not in result.output
    return result


# -- the summary names the editor ----------------------------------------------------------


def diff_output() -> str:
    result = CliRunner().invoke(cli, ["diff", "--base", "main"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_summary_names_the_editor_of_a_changed_verdict(repo):
    repo.claim(CHANGED)
    assert diff_output().endswith(
        "\n### Editor sign-off\n"
        "\n"
        "The verdict of 1 published claim changed; each claim's editor reviews the change:\n"
        "\n"
        "- `served-120-days`: Mostly true -> Mixed. Editor: **Test Editor** (`test-editor`), GitHub `@test-editor`.\n"
    )


def test_no_changed_verdict_no_sign_off(repo):
    repo.claim(CLAIM.replace("summary: The article says so.", "summary: It says so."))
    assert "Editor sign-off" not in diff_output()


def test_a_claim_that_was_a_draft_needs_no_sign_off(repo):
    repo.claim(CLAIM + "draft: true\n")
    repo.commit("a draft")
    repo.claim(CHANGED)
    assert "Editor sign-off" not in diff_output()


def test_the_editors_account_is_the_one_on_record_at_the_base(repo):
    repo.write(
        "content/people/test-editor.yaml", EDITOR.replace("github: test-editor", "github: intruder")
    )
    repo.claim(CHANGED)
    assert "GitHub `@test-editor`." in diff_output()


def test_a_new_person_cannot_sign_off_in_their_first_pull_request(repo):
    repo.write(
        "content/people/newcomer.yaml",
        EDITOR.replace("Test Editor", "New Comer").replace("test-editor", "newcomer"),
    )
    repo.claim(CHANGED.replace("updated: 2026-11-24", "updated: 2026-11-24\neditor: newcomer"))
    assert (
        "Editor: **New Comer** (`newcomer`), who has no GitHub account on record at `main`."
        in diff_output()
    )


# -- the check -----------------------------------------------------------------------------


def test_the_editors_approval_of_the_latest_commit_passes(repo, github):
    repo.claim(CHANGED)
    github.review("someone", "COMMENTED")
    github.review("Test-Editor", "APPROVED")
    github.review("test-editor", "COMMENTED")  # a comment does not take an approval back
    result = signoff(github, "--head-sha", HEAD)
    assert (result.exit_code, result.output) == (
        0,
        "served-120-days: the verdict change is approved by its editor, @test-editor\n",
    )
    assert len(github.requests) == 2  # two pages of two reviews
    assert github.requests[0][0] == "/repos/desk/checks/pulls/7/reviews?per_page=100"


@pytest.mark.parametrize(
    ("reviews", "why"),
    [
        ([], "has not approved this pull request"),
        ([("someone-else", "APPROVED")], "has not approved this pull request"),
        (
            [("test-editor", "APPROVED"), ("test-editor", "CHANGES_REQUESTED")],
            "has not approved this pull request (their review: changes requested)",
        ),
        (
            [("test-editor", "APPROVED"), ("test-editor", "DISMISSED")],
            "has not approved this pull request (their review: dismissed)",
        ),
    ],
)
def test_without_the_editors_approval_the_check_fails_at_the_status(repo, github, reviews, why):
    repo.claim(CHANGED)
    for login, state in reviews:
        github.review(login, state)
    result = signoff(github)
    assert result.exit_code == 1
    assert result.output == (
        f"{STATUS_LINE}: error: the verdict changed (Mostly true -> Mixed); its editor, "
        f"Test Editor (@test-editor), {why}\n"
    )


def test_an_approval_of_an_earlier_commit_does_not_count(repo, github):
    repo.claim(CHANGED)
    github.review("test-editor", "APPROVED", commit="b" * 40)
    assert signoff(github).exit_code == 0  # without --head-sha, any approval
    result = signoff(github, "--head-sha", HEAD)
    assert result.exit_code == 1
    assert (
        "approved an earlier commit (bbbbbbbbbbbb), not the pull request's latest" in result.output
    )


def test_an_editor_with_no_account_on_record_fails_the_check(repo, github):
    repo.write("content/people/test-editor.yaml", EDITOR.replace("github: test-editor\n", ""))
    repo.commit("no account")
    repo.write("content/people/test-editor.yaml", EDITOR)
    repo.claim(CHANGED)
    github.review("test-editor", "APPROVED")
    result = signoff(github)
    assert result.exit_code == 1
    assert result.output == (
        f"{STATUS_LINE}: error: the verdict changed (Mostly true -> Mixed), and its editor "
        "'test-editor' has no `github` account in their person file at main: add it in a pull "
        "request of its own, then run this check again\n"
    )


def test_no_changed_verdict_asks_github_nothing(repo, github, tmp_path):
    repo.claim(CLAIM.replace("summary: The article says so.", "summary: It says so."))
    summary = tmp_path / "summary.md"
    result = signoff(github, "--summary", str(summary), token=None)
    assert (result.exit_code, github.requests) == (0, [])
    assert result.output == "No published claim's verdict changed: no editor needs to sign off.\n"
    assert summary.read_text(encoding="utf-8") == result.output


def test_the_summary_file_gets_the_report_in_markdown(repo, github, tmp_path):
    repo.claim(CHANGED)
    github.review("test-editor", "APPROVED")
    summary = tmp_path / "summary.md"
    summary.write_text("earlier steps\n", encoding="utf-8")
    assert signoff(github, "--summary", str(summary)).exit_code == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier steps\n### Editor sign-off\n")
    assert (
        "    served-120-days: the verdict change is approved by its editor, @test-editor\n" in text
    )


def test_a_changed_verdict_needs_a_token(repo, github):
    repo.claim(CHANGED)
    result = signoff(github, token=None)
    assert result.exit_code == 2 and "set GITHUB_TOKEN" in result.output and github.requests == []


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (
            403,
            {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1767225600"},
            "GitHub's API rate limit is reached (403); it resets at 00:00 UTC: run the check again then",
        ),
        (
            429,
            {"retry-after": "60"},
            "GitHub's API rate limit is reached (429); try again in 60 seconds",
        ),
        (
            403,
            {},
            "GitHub refused access to pull request #7 of desk/checks (403 Forbidden): the token needs the `pull-requests: read` permission",
        ),
        (502, {}, "GitHub's API answered 502 for pull request #7 of desk/checks; try again later"),
    ],
)
def test_refusals_are_explained(repo, github, status, headers, message):
    repo.claim(CHANGED)
    github.status, github.headers = status, headers
    result = signoff(github)
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")


def test_a_refused_token_is_explained(repo, github):
    repo.claim(CHANGED)
    result = signoff(github, token="wrong")
    assert result.exit_code == 1
    assert result.output.startswith("Error: GitHub refused the token (401 Unauthorized)")


def test_an_unknown_pull_request_is_explained(repo, github):
    repo.claim(CHANGED)
    result = CliRunner().invoke(
        cli,
        [
            "signoff",
            "--base",
            "main",
            "--repo",
            "desk/checks",
            "--pull-request",
            "8",
            "--api-url",
            github.url,
        ],
        env={"GITHUB_TOKEN": TOKEN},
    )
    assert (result.exit_code, result.output) == (
        1,
        "Error: pull request #8 of desk/checks was not found (404): check --repo and "
        "--pull-request, and that the token can read the repository\n",
    )


# -- the client ----------------------------------------------------------------------------


def test_the_token_never_leaves_the_apis_origin(github):
    github.review("a", "APPROVED")
    github.next_link = "http://127.0.0.1:9/elsewhere?page=2"
    with pytest.raises(GitHubError, match="the token is sent to GitHub's API only"):
        pull_request_reviews(github.url, "desk/checks", 7, TOKEN)
    assert len(github.requests) == 1


def test_every_page_is_read(github):
    for number in range(7):
        github.review(f"user{number}", "COMMENTED")
    reviews = pull_request_reviews(github.url + "/", "desk/checks", 7, TOKEN)
    assert [r.login for r in reviews] == [f"user{n}" for n in range(7)]
    assert len(github.requests) == 4
    assert all(auth == f"Bearer {TOKEN}" for _, auth in github.requests)


@pytest.mark.parametrize(
    ("body", "message"),
    [(b"<html>", "is not JSON"), (b'{"message": "x"}', "is not a list of reviews")],
)
def test_an_answer_that_is_not_reviews_is_an_error(github, body, message):
    github.body = body
    with pytest.raises(GitHubError, match=message):
        pull_request_reviews(github.url, "desk/checks", 7, TOKEN)


def test_an_unreachable_api_is_an_error(github):
    with pytest.raises(GitHubError, match=r"cannot reach GitHub's API at http://127\.0\.0\.1:9"):
        pull_request_reviews("http://127.0.0.1:9", "desk/checks", 7, TOKEN, timeout=5)


@pytest.mark.parametrize(
    ("api", "repository", "message"),
    [
        ("file:///etc", "desk/checks", "is not an http"),
        ("https://api.github.com", "desk/checks/../x", "is not a GitHub repository"),
    ],
)
def test_the_address_and_the_repository_are_checked_first(api, repository, message):
    with pytest.raises(GitHubError, match=message):
        pull_request_reviews(api, repository, 7, TOKEN)


def test_each_reviewers_standing_verdict_is_their_latest_decisive_review():
    reviews = [
        Review("Ann", "APPROVED", HEAD),
        Review("bob", "CHANGES_REQUESTED", HEAD),
        Review("ann", "COMMENTED", HEAD),
        Review("Bob", "APPROVED", HEAD),
        Review(None, "APPROVED", HEAD),
        Review("cy", "PENDING", HEAD),
    ]
    standing = approved(reviews)
    assert {login: review.state for login, review in standing.items()} == {
        "ann": "APPROVED",
        "bob": "APPROVED",
    }
