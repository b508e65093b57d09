"""`factcheck archive [SOURCE...]`: a capture of each source's original, listed in its file.

For each source named (or, with none named, each source in the content folder) that has
a `url` and no archived copy, it asks the Wayback Machine's Save Page Now for a capture
(`wayback.request_capture`) and adds it under the source's `archived:`
(`front_matter_edit`), leaving every other byte of the file as it was. Each file is
written as soon as its capture arrives, so a run that stops half-way keeps what it got,
and running it again asks only for the rest.

It is the one command that uses the network, and only when run: `build`, `validate` and
`serve` never call it. A failure for one page (a refusal, a web page instead of a
capture) is reported at the source's `url` line and the next source is asked for; a
failure of the service (no connection, no answer within the timeout, down, or limiting
requests for longer than `--max-wait`) stops the run. When the service asks to wait
(HTTP 429 with `Retry-After`) no longer than `--max-wait` seconds, it waits and asks again.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from generator.commands.front_matter_edit import (
    EditError,
    by_hand,
    with_archived_copy,
    write_in_place,
)
from generator.commands.wayback import (
    Capture,
    RateLimited,
    Service,
    ServiceError,
    request_capture,
)
from generator.corpus.models import SourceMeta
from generator.corpus.read import LoadedFile, load_content
from generator.corpus.schema_messages import did_you_mean
from generator.errors import FactcheckError, Problem, Severity

ASKS_PER_SOURCE = 3
"""How many times one source is asked for when the service asks to wait in between."""


class UnknownSourceError(FactcheckError):
    """A source named on the command line does not exist (a usage error, exit 2)."""

    exit_code = 2


@dataclass
class ArchiveRun:
    """What a run did."""

    archived: list[tuple[str, Capture]] = field(default_factory=list)
    """(source id, capture) for each source whose file now lists a capture."""
    problems: list[Problem] = field(default_factory=list)
    """Why a source was not archived, at its `url` line (warnings: skipped on purpose)."""
    not_asked: list[str] = field(default_factory=list)
    """Sources left out because the run stopped before their turn."""

    @property
    def failed(self) -> bool:
        return bool(self.not_asked) or any(p.is_error for p in self.problems)


@dataclass(frozen=True)
class _Candidate:
    """A source to ask a capture for."""

    id: str
    file: LoadedFile
    url: str


def archive_sources(
    content_dir: Path,
    source_ids: Sequence[str],
    service: Service,
    *,
    max_wait: float,
    say: Callable[[str], None],
    sleep: Callable[[float], None] | None = None,
    today: Callable[[], dt.date] = dt.date.today,
) -> ArchiveRun:
    """Ask `service` for a capture of each source named (all, when none is), and write
    each capture into its file; `say` reports progress, one line at a time; `sleep`
    waits (`time.sleep` unless given)."""
    sleep = sleep if sleep is not None else time.sleep
    loaded = {f.stem: f for f in load_content(content_dir).files if f.kind == "source"}
    run = ArchiveRun()
    candidates = _candidates(loaded, source_ids, content_dir, run)
    if not candidates:
        if not run.problems:
            say("Nothing to archive: every source with a url lists an archived copy.")
        return run
    say(
        f"Asking {service.base}/save/ for {_counted(len(candidates), 'capture')} "
        f"(waiting at most {service.timeout:g} s for each answer)"
    )
    for index, candidate in enumerate(candidates):
        try:
            capture = _ask(candidate, service, max_wait=max_wait, say=say, sleep=sleep, today=today)
        except ServiceError as exc:
            run.problems.append(_problem(candidate, str(exc)))
            if exc.stops_run:
                run.not_asked = [c.id for c in candidates[index + 1 :]]
                break
            continue
        _record(candidate, capture, run, say)
    return run


def _candidates(
    loaded: dict[str, LoadedFile], source_ids: Sequence[str], content_dir: Path, run: ArchiveRun
) -> list[_Candidate]:
    """The sources to ask for: those named, else every one with a url and no copy."""
    unknown = [source_id for source_id in source_ids if source_id not in loaded]
    if unknown:
        folder = content_dir / "sources"
        first = unknown[0]
        raise UnknownSourceError(
            f"no source {first!r} in {folder}/ (or it cannot be read: run `factcheck validate`)"
            + did_you_mean(first, loaded)
        )
    named = list(dict.fromkeys(source_ids)) or sorted(loaded)
    candidates = []
    for source_id in named:
        file = loaded[source_id]
        data = file.located.data
        url, archived = data.get("url"), data.get("archived")
        if not isinstance(url, str):
            if source_ids:
                run.problems.append(_at(file, (), "this source has no `url:`: nothing to archive"))
            continue
        if archived not in (None, []):
            if source_ids:
                run.problems.append(
                    _at(
                        file,
                        ("archived",),
                        "already lists an archived copy; not asked again",
                        Severity.WARNING,
                        key=True,
                    )
                )
            continue
        try:
            SourceMeta.model_validate(data)
        except ValidationError:
            run.problems.append(
                _at(
                    file,
                    (),
                    "its front matter has errors: run `factcheck validate`, fix them, then archive it",
                )
            )
            continue
        candidates.append(_Candidate(source_id, file, url))
    return candidates


def _ask(
    candidate: _Candidate,
    service: Service,
    *,
    max_wait: float,
    say: Callable[[str], None],
    sleep: Callable[[float], None],
    today: Callable[[], dt.date],
) -> Capture:
    """A capture of the candidate's url, waiting when the service asks for a short wait."""
    for ask in range(1, ASKS_PER_SOURCE + 1):
        try:
            return request_capture(candidate.url, service, today=today())
        except RateLimited as exc:
            wait = exc.retry_after
            if wait is None or wait > max_wait or ask == ASKS_PER_SOURCE:
                raise
            say(f"{candidate.id}: the archive asks to wait {wait:.0f} s; waiting")
            sleep(wait)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _record(
    candidate: _Candidate, capture: Capture, run: ArchiveRun, say: Callable[[str], None]
) -> None:
    """Write the capture into the candidate's file, or say why it cannot be."""
    path = candidate.file.path
    try:
        original = path.read_bytes()
        edited = with_archived_copy(original.decode("utf-8"), capture.url, capture.date)
        write_in_place(path, original, edited)
    except (EditError, OSError, UnicodeDecodeError) as exc:
        reason = exc.message if isinstance(exc, EditError) else str(exc)
        run.problems.append(
            _problem(
                candidate,
                f"captured at {capture.url}, but the file was not changed ({reason}); "
                f"add by hand below `url:`: {by_hand(capture.url, capture.date)!r}",
            )
        )
        return
    run.archived.append((candidate.id, capture))
    say(f"{candidate.id}: archived, {capture.url} (captured {capture.date.isoformat()})")


def _problem(candidate: _Candidate, message: str) -> Problem:
    return _at(candidate.file, ("url",), message)


def _at(
    file: LoadedFile,
    path: tuple[str, ...],
    message: str,
    severity: Severity = Severity.ERROR,
    *,
    key: bool = False,
) -> Problem:
    pos = file.located.position(path, key=key)
    return Problem(file.path, pos.line, pos.col, message, severity)


def _counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")
