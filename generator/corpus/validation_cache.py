"""What `factcheck serve` keeps between validations: files read, and verdicts on them.

The preview validates after every edit; through this cache an unchanged file is
neither read nor judged again, and the report is the one a fresh validation gives.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from generator.corpus.models import Claim, ClaimDoc, SourceDoc
from generator.corpus.read import LoadCache, LoadedFile
from generator.errors import Problem


@dataclass(frozen=True)
class JudgedSource:
    """The verdict on one source file."""

    file: LoadedFile
    """The file judged (the very object: `LoadCache` gives it back while it is unchanged)."""
    doc: SourceDoc | None
    """The source, or None when it failed."""
    problems: tuple[Problem, ...]
    """What judging it found."""


@dataclass(frozen=True)
class JudgedClaim:
    """The verdict on one claim file whose quotes were all anchored."""

    file: LoadedFile
    """The file judged (the very object, as for sources)."""
    claim: Claim
    """Its content, schema-checked."""
    doc: ClaimDoc
    """The claim with its quotes anchored."""
    problems: tuple[Problem, ...]
    """What judging it found."""


class ValidationCache:
    """Files read and judged, for `factcheck serve`, which validates after every edit.

    `files` gives back the same `LoadedFile` for a file that has not changed; the
    verdict on it is then reused too. A source's verdict depends on its file alone; a
    claim's on its file and on every source (a quote is anchored in one, an unknown id's
    hint names the closest of all), so any change to the sources judges every claim
    again. Both depend on the day (dates in the future are refused), so a new day starts
    afresh. A claim with a quote that is not anchored is judged again every time: the
    closest-passage search that explains it draws on a budget shared by the whole
    validation, so its message depends on the other claims.
    """

    def __init__(self) -> None:
        self.files = LoadCache()
        """The files read, reused while unchanged."""
        self._day: dt.date | None = None
        self._sources: dict[Path, JudgedSource] = {}
        self._claims: dict[Path, JudgedClaim] = {}
        self._claims_judged_against: tuple[object, ...] | None = None

    def start(self, today: dt.date) -> None:
        """Begin one validation: forget everything judged on another day."""
        if today != self._day:
            self._day, self._sources, self._claims = today, {}, {}

    def source(self, file: LoadedFile) -> JudgedSource | None:
        """The verdict on `file`, if this very file was judged before."""
        hit = self._sources.get(file.path)
        return hit if hit is not None and hit.file is file else None

    def keep_source(self, judged: JudgedSource) -> None:
        self._sources[judged.file.path] = judged

    def claims_against(self, sources: tuple[object, ...]) -> None:
        """The sources (and failed source ids) the claims of this validation are judged
        against: any change from the last validation's forgets every claim's verdict."""
        if sources != self._claims_judged_against:
            self._claims, self._claims_judged_against = {}, sources

    def claim(self, file: LoadedFile) -> JudgedClaim | None:
        """The verdict on `file`, if this very file was judged against the same sources."""
        hit = self._claims.get(file.path)
        return hit if hit is not None and hit.file is file else None

    def keep_claim(self, judged: JudgedClaim) -> None:
        self._claims[judged.file.path] = judged

    def forget_unseen(self, files: Iterable[LoadedFile]) -> None:
        """Drop the verdicts on files that are gone."""
        present = {f.path for f in files}
        self._sources = {p: j for p, j in self._sources.items() if p in present}
        self._claims = {p: j for p, j in self._claims.items() if p in present}
