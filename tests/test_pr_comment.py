"""The workflow's comment job posts the summary on the pull request once, then edits it.

The job's script (actions/github-script, in .github/workflows/content.yml) is run here by
Node.js as that action runs it: an async function of `require`, `github`, `context` and
`core`. `github` is a small stand-in for Octokit that sends every call as an HTTP request
to a local server answering as GitHub's REST API does (issue comments, listed 100 to a
page with a `Link` header to the next); the server records the requests and keeps the
comments, so each test reads what a pull request would show.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "content.yml"
MARKER = "<!-- factcheck: changes since the base branch -->"
BOT = {"login": "github-actions[bot]", "type": "Bot"}
PERSON = {"login": "a-reviewer", "type": "User"}
COMMENTS = re.compile(r"^/repos/desk/checks/issues/7/comments$")
COMMENT = re.compile(r"^/repos/desk/checks/issues/comments/(\d+)$")

HARNESS = r"""
const fs = require('fs');
const API = process.env.API;
async function request(method, path, body) {
  const response = await fetch(API + path, {
    method,
    headers: {'content-type': 'application/json', authorization: 'token test'},
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
  return {data: await response.json(), headers: response.headers};
}
const issues = {
  listComments: (p) => `/repos/${p.owner}/${p.repo}/issues/${p.issue_number}/comments?per_page=${p.per_page || 30}`,
  createComment: (p) => request('POST', `/repos/${p.owner}/${p.repo}/issues/${p.issue_number}/comments`, {body: p.body}),
  updateComment: (p) => request('PATCH', `/repos/${p.owner}/${p.repo}/issues/comments/${p.comment_id}`, {body: p.body}),
};
const github = {
  rest: {issues},
  async paginate(route, params) {  // as Octokit's: follow rel="next" until the last page
    let path = route(params);
    const all = [];
    while (path) {
      const {data, headers} = await request('GET', path);
      all.push(...data);
      const next = (headers.get('link') || '').match(/<([^>]+)>;\s*rel="next"/);
      path = next ? next[1].slice(API.length) : null;
    }
    return all;
  },
};
const context = {repo: {owner: 'desk', repo: 'checks'}, issue: {number: 7}};
const core = {info: (line) => console.log(line)};
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const script = fs.readFileSync(process.env.SCRIPT, 'utf8');
new AsyncFunction('require', 'github', 'context', 'core', script)(require, github, context, core)
  .catch((error) => { console.error(error); process.exit(1); });
"""


@dataclass
class FakeGitHub:
    """The state of one pull request's comments, and the requests made of it."""

    comments: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str]] = field(default_factory=list)
    base: str = ""

    def add(self, user: dict[str, str], body: str) -> int:
        comment_id = 1000 + len(self.comments)
        self.comments.append({"id": comment_id, "user": user, "body": body})
        return comment_id


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers the three calls the script makes as api.github.com does."""

    state: FakeGitHub

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _body(self) -> str:
        data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        return str(data["body"])

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        self.state.requests.append(("GET", self.path))
        if not COMMENTS.match(url.path):
            return self._send(404, {"message": "Not Found"})
        query = parse_qs(url.query)
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        start = (page - 1) * per_page
        headers = {}
        if start + per_page < len(self.state.comments):
            after = f"{self.state.base}{url.path}?per_page={per_page}&page={page + 1}"
            headers["Link"] = f'<{after}>; rel="next"'
        self._send(200, self.state.comments[start : start + per_page], headers)

    def do_POST(self) -> None:
        self.state.requests.append(("POST", self.path))
        if not COMMENTS.match(self.path):
            return self._send(404, {"message": "Not Found"})
        comment_id = self.state.add(BOT, self._body())
        self._send(201, self.state.comments[-1] | {"id": comment_id})

    def do_PATCH(self) -> None:
        self.state.requests.append(("PATCH", self.path))
        match = COMMENT.match(self.path)
        found = [c for c in self.state.comments if match and c["id"] == int(match[1])]
        if not found:
            return self._send(404, {"message": "Not Found"})
        if found[0]["user"] != BOT:  # the token may edit only its own comments here
            return self._send(403, {"message": "Forbidden"})
        found[0]["body"] = self._body()
        self._send(200, found[0])


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    state = FakeGitHub()
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


def comment_script() -> str:
    """The script of the comment job's github-script step."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["comment"]["steps"]
    (step,) = [s for s in steps if s.get("uses", "").startswith("actions/github-script@")]
    return str(step["with"]["script"])


def post(tmp_path: Path, github: FakeGitHub, summary: str) -> str:
    """Run the comment job's script as the action would, with `summary` as its input."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI") == "true":
            pytest.fail("node is missing (it comes with npm, which `make vendor` needs)")
        pytest.skip("node is not installed")
    (tmp_path / "changes.md").write_text(summary, encoding="utf-8")
    (tmp_path / "script.js").write_text(comment_script(), encoding="utf-8")
    (tmp_path / "harness.js").write_text(HARNESS, encoding="utf-8")
    done = subprocess.run(
        [node, str(tmp_path / "harness.js")],
        cwd=tmp_path,
        env={
            "PATH": os.environ.get("PATH", ""),
            "API": github.base,
            "SCRIPT": str(tmp_path / "script.js"),
            "CHANGES": "changes.md",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def bodies(github: FakeGitHub, user: dict[str, str] = BOT) -> list[str]:
    return [c["body"] for c in github.comments if c["user"] == user]


def test_the_first_push_posts_one_comment_with_the_summary(tmp_path, github):
    assert post(tmp_path, github, "## Changes since `main`\n") == (
        "posted the summary as a comment\n"
    )
    assert bodies(github) == [f"{MARKER}\n## Changes since `main`\n"]


def test_later_pushes_edit_that_comment_instead_of_adding_one(tmp_path, github):
    post(tmp_path, github, "first summary\n")
    github.add(PERSON, "Looks good to me.")
    post(tmp_path, github, "second summary\n")
    post(tmp_path, github, "third summary\n")
    assert bodies(github) == [f"{MARKER}\nthird summary\n"]
    assert bodies(github, PERSON) == ["Looks good to me."]
    assert [m for m, _ in github.requests].count("POST") == 1
    assert [m for m, _ in github.requests].count("PATCH") == 2


def test_an_unchanged_summary_is_not_written_again(tmp_path, github):
    post(tmp_path, github, "same\n")
    output = post(tmp_path, github, "same\n")
    assert output.endswith("already says this\n")
    assert [m for m, _ in github.requests] == ["GET", "POST", "GET"]


def test_its_comment_is_found_on_a_later_page(tmp_path, github):
    for n in range(150):
        github.add(PERSON, f"comment {n}")
    ours = github.add(BOT, f"{MARKER}\nold summary\n")
    post(tmp_path, github, "new summary\n")
    assert ("PATCH", f"/repos/desk/checks/issues/comments/{ours}") in github.requests
    assert bodies(github) == [f"{MARKER}\nnew summary\n"]
    assert [m for m, _ in github.requests].count("GET") == 2


def test_a_persons_comment_that_copies_the_marker_is_left_alone(tmp_path, github):
    github.add(PERSON, f"{MARKER}\nnot the bot's")
    github.add(BOT, "another bot comment, without the marker")
    post(tmp_path, github, "summary\n")
    assert bodies(github, PERSON) == [f"{MARKER}\nnot the bot's"]
    assert bodies(github) == ["another bot comment, without the marker", f"{MARKER}\nsummary\n"]


def test_a_summary_too_long_for_a_comment_is_cut_at_a_line_and_says_where_the_rest_is(
    tmp_path, github
):
    summary = "".join(f"- line {n} of a very long summary\n" for n in range(5000))
    post(tmp_path, github, summary)
    (body,) = bodies(github)
    assert len(body) <= 65_536
    cut, note = body.rsplit("\n\n", 1)
    assert summary.startswith(cut.removeprefix(f"{MARKER}\n") + "\n")
    assert note == "*Cut short here: the whole summary is on the run's summary page.*\n"
