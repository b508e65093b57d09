"""A local HTTP server that answers as the Wayback Machine's Save Page Now does.

`factcheck archive --service <its base>` talks to it as to https://web.archive.org: each
test queues the answers it wants (`FakeWayback.answer`), in order, the last one repeated:
a capture named in `Content-Location`, a redirect to it, a `Link` memento, a web page
instead of a capture, an error status, rate limiting with `Retry-After`, or no answer at
all. Every request it receives is kept (`requests`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CAPTURED = "20251212093000"
"""The timestamp of the captures it makes (2025-12-12, 09:30:00 UTC)."""


@dataclass(frozen=True)
class Answer:
    """One answer of the fake service."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    hang: bool = False
    """Never answer: hold the connection open until the server stops."""


@dataclass(frozen=True)
class Request:
    """A request the fake service received."""

    method: str
    path: str
    headers: dict[str, str]


def capture_path(url: str, timestamp: str = CAPTURED) -> str:
    """The path of a capture of `url`, as Save Page Now writes it."""
    return f"/web/{timestamp}/{url}"


def content_location(url: str, timestamp: str = CAPTURED) -> Answer:
    """Save Page Now's answer to a GET /save/<url>: the capture in Content-Location."""
    return Answer(
        200,
        {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Location": capture_path(url, timestamp),
        },
        b"<html><body>Saved.</body></html>",
    )


def redirect_to(location: str) -> Answer:
    return Answer(302, {"Location": location, "Content-Type": "text/html"}, b"")


def html_page(status: int = 200, text: str = "Saving page now...") -> Answer:
    return Answer(
        status,
        {"Content-Type": "text/html; charset=utf-8"},
        f"<html><body><p>{text}</p></body></html>".encode(),
    )


class FakeWayback:
    """The fake service, serving on a free port of 127.0.0.1 in a thread."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self._answers: list[Answer] = [html_page()]
        self._released = threading.Event()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def answer(self, *answers: Answer) -> None:
        """Answer the next requests with these, in order; the last one from then on."""
        with self._lock:
            self._answers = list(answers)

    def _next_answer(self) -> Answer:
        with self._lock:
            return self._answers.pop(0) if len(self._answers) > 1 else self._answers[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                fake.requests.append(Request("GET", self.path, dict(self.headers.items())))
                answer = fake._next_answer()
                if answer.hang:
                    fake._released.wait(60)
                    self.close_connection = True
                    return
                self.send_response(answer.status)
                for name, value in answer.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(answer.body)))
                self.end_headers()
                self.wfile.write(answer.body)

            do_POST = do_GET

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    def __enter__(self) -> FakeWayback:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._released.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)


def running() -> Iterator[FakeWayback]:
    """The fake service for a fixture: started, and stopped after the test."""
    with FakeWayback() as fake:
        yield fake
