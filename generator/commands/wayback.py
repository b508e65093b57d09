"""The Wayback Machine's Save Page Now, asked for one capture: the only module that opens a
network connection (`factcheck archive` alone calls it; an import-linter contract keeps
every other module of `generator` from importing `http`, `socket` or `ssl`).

How it asks. Save Page Now 2's API proper (`POST /save` with `Accept: application/json`,
then polling `/save/status/<job id>`) needs an archive.org account's S3 keys. The form
that works without keys is the one a browser's address bar uses:

    GET https://web.archive.org/save/<the article's address>

It answers once the page is captured, and says where the capture is in its headers:

* `Content-Location: /web/<YYYYMMDDhhmmss>/<address>`, or
* a redirect (`302`) whose `Location` is the capture's address, or
* a `Link` header with the capture as `rel="memento"`.

The first of these that names a capture of the address asked for is taken; redirects are
not followed. A capture's address is always written as `<service>/web/<timestamp>/<address>`
from its path, so an answer cannot point a source at another site. Anything else is no
capture, and the error says what came instead: a web page (Save Page Now shows one while
it is busy, or to ask for a login), a refusal (`4xx`), the service down (`502`, `503`,
`504`), rate limiting (`429`, whose `Retry-After` is given to the caller), no answer within
the timeout, or no connection at all (offline, refused, a name that does not resolve).

The service's address is configurable (`--service`, `FACTCHECK_ARCHIVE_SERVICE`), so tests
run it against a local server that answers as the Wayback Machine does.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import re
import socket
import ssl
from dataclasses import dataclass
from importlib import metadata
from urllib.parse import quote, urlsplit

from generator.corpus.archives import path_and_query, same_address, wayback_capture
from generator.corpus.control_characters import replace_control_characters
from generator.corpus.models import HTTP_URL_PATTERN

DEFAULT_SERVICE = "https://web.archive.org"
SERVICE_ENV = "FACTCHECK_ARCHIVE_SERVICE"
DEFAULT_TIMEOUT = 120.0
"""Seconds to wait for the service: a capture of a slow page takes a minute or more."""
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"
_HTTP_URL = re.compile(HTTP_URL_PATTERN)
_LINK = re.compile(r"<([^>]*)>([^,<]*)")
_MEMENTO_REL = re.compile(r"""\brel\s*=\s*"?(?:last )?memento["\s;]""")
_SHOWN = 200
"""Characters of a header's value that a message quotes at most."""
_UNAVAILABLE = frozenset({502, 503, 504})
"""Statuses that mean the service itself is down, not that one page failed."""


class ServiceError(Exception):
    """The service gave no capture; `str()` says why, in one line."""

    stops_run = False
    """Whether asking again for the next source is pointless (the service is out of reach,
    down or limiting requests) rather than a failure of this one page."""


class Unreachable(ServiceError):
    """No connection: offline, refused, a name that does not resolve, a TLS failure."""

    stops_run = True


class NoAnswer(ServiceError):
    """Connected, but no answer came within the timeout."""

    stops_run = True


class Unavailable(ServiceError):
    """The service says it is down (502, 503, 504)."""

    stops_run = True


class RateLimited(ServiceError):
    """HTTP 429: too many requests."""

    stops_run = True

    def __init__(self, message: str, retry_after: float | None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
        """Seconds the service asks to wait (`Retry-After`), if it says."""


class NoCapture(ServiceError):
    """An answer that names no capture of the page asked for."""


@dataclass(frozen=True)
class Service:
    """Where Save Page Now is, and how long to wait for it."""

    base: str
    """`scheme://host[:port][/path]`, no final `/`."""
    timeout: float = DEFAULT_TIMEOUT
    """Seconds to wait for a connection, and then for each part of the answer."""

    @classmethod
    def at(cls, address: str, timeout: float = DEFAULT_TIMEOUT) -> Service:
        """The service at `address`; ValueError, saying why, for anything but an
        http(s) address of a host with no query or fragment."""
        parts = urlsplit(address.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{address!r} is not an http:// or https:// address")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError(
                f"{address!r}: give the service's address alone, with no query or login"
            )
        return cls(f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}", timeout)


@dataclass(frozen=True)
class Capture:
    """A capture the service made (or already had) of an address."""

    url: str
    """The capture's address: `<service>/web/<timestamp>/<address>`."""
    date: dt.date
    """The day of the capture (its timestamp's, in UTC)."""


def request_capture(url: str, service: Service, *, today: dt.date) -> Capture:
    """Ask `service` to capture `url`; the capture, or a `ServiceError` saying why not.
    A capture dated after `today` (and a day's grace) is refused as impossible."""
    parts = urlsplit(service.base)
    path = f"{parts.path}/save/{quote(url, safe=_URL_SAFE)}"
    status, reason, headers = _get(parts.scheme, parts.netloc, path, service)
    if status == 429:
        wait = _retry_after(headers.get("Retry-After"))
        asks = f" and asks to wait {wait:.0f} s" if wait is not None else ""
        raise RateLimited(
            f"the archive is limiting requests (HTTP 429){asks}; run `factcheck archive` again later",
            wait,
        )
    capture = _capture_in(headers, url, service)
    if capture is not None:
        return _checked(capture, today)
    raise _no_capture(status, reason, headers)


def _get(
    scheme: str, netloc: str, path: str, service: Service
) -> tuple[int, str, http.client.HTTPMessage]:
    """One GET, redirects not followed: (status, reason, headers); the body is not read."""
    connection_class = (
        http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(netloc, timeout=service.timeout)
    headers = {"User-Agent": _user_agent(), "Accept": "text/html,application/xhtml+xml"}
    host = urlsplit(service.base).hostname
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, response.reason, response.headers
    except TimeoutError:
        raise NoAnswer(
            f"no answer from {host} within {service.timeout:g} s; it may be busy: try again later, "
            "or wait longer with --timeout"
        ) from None
    except socket.gaierror:
        raise Unreachable(
            f"cannot find {host}: are you offline? (the name does not resolve)"
        ) from None
    except ConnectionRefusedError:
        raise Unreachable(
            f"{host} refused the connection (is the service address right?)"
        ) from None
    except ssl.SSLError as exc:
        raise Unreachable(f"no secure connection to {host}: {_shown(str(exc))}") from None
    except OSError as exc:
        raise Unreachable(f"cannot reach {host}: {_shown(exc.strerror or str(exc))}") from None
    except http.client.HTTPException as exc:
        raise NoCapture(
            f"{host} did not answer in HTTP ({type(exc).__name__}); try again later"
        ) from None
    finally:
        connection.close()


def _capture_in(headers: http.client.HTTPMessage, url: str, service: Service) -> Capture | None:
    """The first capture of `url` the headers name (Content-Location, Location, Link)."""
    candidates = [headers.get("Content-Location"), headers.get("Location")]
    candidates += _mementos(headers.get_all("Link") or [])
    for candidate in candidates:
        capture = _capture_at(candidate, url, service) if candidate else None
        if capture is not None:
            return capture
    return None


def _mementos(links: list[str]) -> list[str]:
    """The addresses a `Link` header gives as `rel="memento"` (or `last memento`)."""
    return [
        target
        for value in links
        for target, params in _LINK.findall(value)
        if _MEMENTO_REL.search(params + ";")
    ]


def _capture_at(address: str, url: str, service: Service) -> Capture | None:
    """The capture `address` names, when it is a capture of `url` on the service."""
    parts, base = urlsplit(address.strip()), urlsplit(service.base)
    if parts.netloc and parts.hostname != base.hostname:
        return None  # an address on another site is no capture of ours
    path = path_and_query(address.strip())
    if base.path and path.startswith(base.path + "/"):
        path = path[len(base.path) :]
    capture = wayback_capture(path)
    if capture is None or capture.day is None or not same_address(capture.original, url):
        return None
    full = f"{service.base}/web/{capture.timestamp}/{capture.original}"
    if not _HTTP_URL.match(full) or len(full) > 2000:
        return None
    return Capture(full, capture.day)


def _checked(capture: Capture, today: dt.date) -> Capture:
    if capture.date > today + dt.timedelta(days=1):
        raise NoCapture(
            f"the archive answered with a capture dated {capture.date}, in the future; "
            "it is not recorded: check the service address"
        )
    return capture


def _no_capture(status: int, reason: str, headers: http.client.HTTPMessage) -> ServiceError:
    """Why an answer with no capture of the page in it is not one."""
    said = f"HTTP {status} {_shown(reason)}".strip()
    detail = headers.get("X-Archive-Wayback-Runtime-Error")
    because = f" ({_shown(detail)})" if detail else ""
    if status in _UNAVAILABLE:
        return Unavailable(f"the archive is unavailable ({said}){because}; try again later")
    if status >= 400:
        return NoCapture(f"the archive refused to capture the page ({said}){because}")
    kind = headers.get_content_type()
    what = "a web page" if kind in ("text/html", "application/xhtml+xml") else f"{said} ({kind})"
    return NoCapture(
        f"the archive answered with {what}, not a capture{because}: it may be busy, or want a "
        "login; try again later, or capture the page at https://web.archive.org/save in a "
        "browser and list the capture under `archived:` (its url and date)"
    )


def _retry_after(value: str | None) -> float | None:
    """Seconds a `Retry-After` header asks to wait (a number, or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _shown(text: str) -> str:
    """Text from the service, safe to print on one line: no control characters, short."""
    one_line = " ".join(replace_control_characters(text).split())
    return one_line if len(one_line) <= _SHOWN else one_line[: _SHOWN - 1] + "…"


def _user_agent() -> str:
    try:
        version = metadata.version("factcheck")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        version = "unknown"
    return f"factcheck/{version} (archiving the sources of fact-checks)"
