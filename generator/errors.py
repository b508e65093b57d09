"""Domain errors. Every failure a user can cause carries a path and a line.

The tree is rooted in `click.ClickException` (as in MkDocs), so the CLI shows
the message and exits non-zero without a traceback.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import click


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content, at a place in a file."""

    path: Path
    """The file at fault."""
    line: int
    """1-based line."""
    col: int
    """1-based column."""
    message: str
    """What is wrong and how to fix it."""
    severity: Severity = Severity.ERROR
    """Errors fail validation; warnings are reported and do not."""
    fix: str = ""
    """How to fix it, when that takes a sentence of its own: printed on a second line."""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.display_path, self.line, self.col, self.message)

    def format(self) -> str:
        """`path:line:col: severity: message`, the format compilers use; the fix, if any,
        follows on an indented line of its own (which such parsers skip)."""
        first = f"{self.display_path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return f"{first}\n{FIX_INDENT}{self.fix}" if self.fix else first

    @property
    def full_message(self) -> str:
        """The message and its fix, on two lines (for annotations and JSON readers)."""
        return f"{self.message}\n{self.fix}" if self.fix else self.message


FIX_INDENT = "    fix: "
"""What opens the second line of a problem that says how to fix it."""


def display_path(path: Path) -> str:
    """The path relative to the working directory when it lies below it."""
    try:
        rel = os.path.relpath(path)
    except (ValueError, OSError):  # another drive; or the working directory is gone
        return str(path)
    return str(path) if rel.startswith("..") else rel


def sorted_problems(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(problems, key=Problem.sort_key)


class FactcheckError(click.ClickException):
    """Base of every error the tool reports to users (exit code 1)."""

    exit_code = 1


class ContentError(FactcheckError):
    """The content has problems; each names its file, line and column."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = sorted_problems(problems)
        errors = sum(1 for p in self.problems if p.is_error)
        super().__init__(f"validation failed with {errors} error(s)")

    def format_message(self) -> str:
        lines = [p.format() for p in self.problems]
        lines.append(self.message)
        return "\n".join(lines)

    def show(self, file: IO[Any] | None = None) -> None:
        # No "Error: " prefix: each line stays `path:line:col: severity: message`,
        # the form editors and CI parse.
        click.echo(self.format_message(), file=file, err=file is None)


class OutputPathError(FactcheckError):
    """An output folder would overwrite or delete the inputs, or a folder that is not a
    site: a usage mistake, refused before anything is read or written (exit code 2)."""

    exit_code = 2


class PublishError(FactcheckError):
    """Rendering or the MkDocs build failed; the previous site is kept."""


class BuildInterrupted(FactcheckError):
    """The build was stopped by a signal; the previous site is kept."""

    exit_code = 130


def describe_exception(exc: BaseException) -> str:
    """One line for an exception from a template or a plugin: `path:line: message` for a
    Jinja2 template error that knows its file, else `Type: message`."""
    import jinja2

    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{display_path(Path(exc.filename))}:{exc.lineno}: template error: {exc.message}"
    name = getattr(exc, "name", None)  # TemplateNotFound and friends
    if isinstance(exc, jinja2.TemplateError) and name:
        return f"template {name}: {type(exc).__name__}: {exc}"
    return f"{type(exc).__name__}: {exc}"
