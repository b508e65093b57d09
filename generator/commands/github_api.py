"""GitHub's REST API, for the one thing factcheck asks of it: the reviews of a pull request.

    pull_request_reviews(api_url, repository, number, token) -> tuple[Review, ...]

`GET {api_url}/repos/{owner}/{name}/pulls/{number}/reviews`, 100 reviews a page, following
the `Link` header's `rel="next"` while it stays on `api_url`'s origin (the token is sent
nowhere else), for at most `MAX_PAGES` pages. Every failure is a `GitHubError` that says
what to do: a token GitHub refuses (401), no such pull request or no access to it (404),
the rate limit (403 or 429 with `x-ratelimit-remaining: 0` or `retry-after`), any other
status, a network error, an answer that is not a list of reviews. The token never appears
in a message.

Only `factcheck signoff` calls this, when a user (or the workflow) runs it: nothing that
validates, builds or serves ever goes to the network. The standard library's urllib does
the request; the API's address is a parameter, so tests stand up a local server in its place.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from typing import Any

from generator.errors import FactcheckError

__all__ = [
    "DEFAULT_API_URL",
    "MAX_PAGES",
    "GitHubError",
    "Review",
    "check_api_url",
    "check_repository",
    "pull_request_reviews",
]

DEFAULT_API_URL = "https://api.github.com"
MAX_PAGES = 30
"""Pages of 100 reviews read at most: no pull request of a fact-check has 3,000 reviews."""
TIMEOUT = 30.0
"""Seconds to wait for each answer."""
API_VERSION = "2022-11-28"
_REPOSITORY = re.compile(r"^[A-Za-z0-9-]+/[A-Za-z0-9._-]+$")
_NEXT = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')


class GitHubError(FactcheckError):
    """GitHub's API could not answer the question; the message says why and what to do."""


@dataclass(frozen=True)
class Review:
    """One review of a pull request, as GitHub lists it."""

    login: str | None
    """The reviewer's GitHub user name; None for a deleted account."""
    state: str
    """`APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`, `DISMISSED` or `PENDING`."""
    commit_id: str | None
    """The commit the review was made on."""


def check_repository(repository: str) -> str | None:
    """Why `repository` is not `owner/name`, or None."""
    if _REPOSITORY.fullmatch(repository):
        return None
    return f"{repository!r} is not a GitHub repository written owner/name"


def check_api_url(api_url: str) -> str | None:
    """Why `api_url` cannot be GitHub's API, or None."""
    parsed = urllib.parse.urlsplit(api_url)
    if parsed.scheme in ("http", "https") and parsed.netloc and not parsed.query:
        return None
    return f"{api_url!r} is not an http(s) address of GitHub's API"


def pull_request_reviews(
    api_url: str, repository: str, number: int, token: str, *, timeout: float = TIMEOUT
) -> tuple[Review, ...]:
    """Every review of pull request `number` of `repository`, oldest first."""
    for problem in (check_api_url(api_url), check_repository(repository)):
        if problem:
            raise GitHubError(problem)
    base = api_url.rstrip("/")
    url: str | None = f"{base}/repos/{repository}/pulls/{number}/reviews?per_page=100"
    what = f"pull request #{number} of {repository}"
    reviews: list[Review] = []
    for _ in range(MAX_PAGES):
        assert url is not None
        body, headers = _get(url, token, timeout, what)
        reviews += _reviews(body, what)
        url = _next_page(headers.get("Link"), base)
        if url is None:
            return tuple(reviews)
    raise GitHubError(f"{what} has more than {MAX_PAGES * 100} reviews; factcheck reads no more")


def _get(url: str, token: str, timeout: float, what: str) -> tuple[bytes, Message]:
    request = urllib.request.Request(
        url,
        headers={
            "Accept": "application/vnd.github+json",
            "Authorization": f"Bearer {token}",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "factcheck",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read(), response.headers
    except urllib.error.HTTPError as error:
        raise GitHubError(_refusal(error.code, error.headers, what)) from None
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        reason = getattr(error, "reason", None) or error
        raise GitHubError(f"cannot reach GitHub's API at {_origin(url)}: {reason}") from None


def _refusal(status: int, headers: Message | Mapping[str, str], what: str) -> str:
    """What a refusal means, and what to do about it."""
    if status == 401:
        return (
            "GitHub refused the token (401 Unauthorized): pass the workflow's token as "
            "GITHUB_TOKEN (`${{ github.token }}`), or a personal token that can read the repository"
        )
    limited = headers.get("x-ratelimit-remaining") == "0" or headers.get("retry-after")
    if status in (403, 429) and limited:
        return f"GitHub's API rate limit is reached ({status}); {_when_to_retry(headers)}"
    if status == 403:
        return (
            f"GitHub refused access to {what} (403 Forbidden): the token needs the "
            "`pull-requests: read` permission"
        )
    if status == 404:
        return (
            f"{what} was not found (404): check --repo and --pull-request, and that the "
            "token can read the repository"
        )
    return f"GitHub's API answered {status} for {what}; try again later"


def _when_to_retry(headers: Message | Mapping[str, str]) -> str:
    retry_after = headers.get("retry-after")
    if retry_after and retry_after.isdigit():
        return f"try again in {retry_after} seconds"
    reset = headers.get("x-ratelimit-reset")
    if reset and reset.isdigit():
        when = dt.datetime.fromtimestamp(int(reset), tz=dt.UTC)
        return f"it resets at {when:%H:%M} UTC: run the check again then"
    return "run the check again later"


def _reviews(body: bytes, what: str) -> list[Review]:
    try:
        data: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise GitHubError(f"GitHub's answer for {what} is not JSON") from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise GitHubError(f"GitHub's answer for {what} is not a list of reviews")
    return [_review(item) for item in data]


def _review(item: dict[str, Any]) -> Review:
    user = item.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    state, commit = item.get("state"), item.get("commit_id")
    return Review(
        login if isinstance(login, str) else None,
        state if isinstance(state, str) else "",
        commit if isinstance(commit, str) else None,
    )


def _next_page(link: str | None, base: str) -> str | None:
    """The `rel="next"` address of a `Link` header, when it is on the API's own origin."""
    if not link:
        return None
    for part in link.split(","):
        match = _NEXT.search(part)
        if match is None:
            continue
        target = match.group(1)
        if _origin(target) != _origin(base):
            raise GitHubError(
                f"GitHub's next page is at {_origin(target)}, not at {_origin(base)}; "
                "the token is sent to GitHub's API only"
            )
        return target
    return None


def _origin(url: str) -> str:
    parsed = urllib.parse.urlsplit(url)
    return f"{parsed.scheme}://{parsed.netloc}"
