"""The `factcheck` command: parses arguments and formats results, nothing more."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .errors import FactcheckError, Problem, Severity
from .validate import Report, validate_content

CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="Folder holding claims/ and sources/.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck")
def cli() -> None:
    """Validate fact-check content and publish it as a static site."""


@cli.command()
@CONTENT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col lines; github: workflow annotations; json: a list.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def validate(content_dir: Path, output_format: str, strict: bool) -> None:
    """Check every claim and source; exit 1 if anything is wrong.

    Reports every problem in every file at once: YAML syntax, fields and
    types, unknown keys, ids, dates, links, statuses and stances, references
    between claims and sources, and that every quote appears in its source.
    """
    report = validate_content(content_dir)
    click.echo(format_report(report, output_format), nl=False)
    failed = report.errors or (strict and report.warnings)
    if failed:
        raise SystemExit(1)


def format_report(report: Report, output_format: str) -> str:
    if output_format == "json":
        return json.dumps([problem_record(p) for p in report.problems], indent=2, ensure_ascii=False) + "\n"
    lines = [
        github_annotation(p) if output_format == "github" else p.format() for p in report.problems
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    return (
        f"{report.claims} claims, {report.sources} sources, "
        f"{report.citations} citations, {len(report.problems)} problems"
    )


def problem_record(problem: Problem) -> dict[str, object]:
    return {
        "path": problem.display_path,
        "line": problem.line,
        "column": problem.col,
        "severity": str(problem.severity),
        "message": problem.message,
    }


def github_annotation(problem: Problem) -> str:
    """A GitHub Actions workflow command that annotates the line in the pull request."""
    level = "error" if problem.severity is Severity.ERROR else "warning"
    props = ",".join(
        f"{key}={_escape_property(str(value))}"
        for key, value in (("file", problem.display_path), ("line", problem.line), ("col", problem.col))
    )
    return f"::{level} {props},title=factcheck::{_escape_data(problem.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


@cli.command()
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    show_default=True,
    help="Folder to write the JSON Schema files into.",
)
@click.option("--check", is_flag=True, help="Only report whether the files are up to date (exit 1 if not).")
def schema(output: Path, check: bool) -> None:
    """Write JSON Schema files for claims and sources (for editors' YAML language servers)."""
    from .schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(output)
        for path in stale:
            click.echo(f"{path}: out of date; run `factcheck schema`")
        if stale:
            raise SystemExit(1)
        return
    for path in write_schemas(output):
        click.echo(f"wrote {path}")


@cli.command()
@CONTENT_OPTION
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where the public site is written.",
)
@click.option(
    "--offline/--no-offline",
    default=False,
    help="Also write the offline bundle dist/<site-name>-offline.zip.",
)
@click.option(
    "--dist-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("dist"),
    show_default=True,
    help="Where the offline bundle is written.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs configuration.",
)
def build(content_dir: Path, site_dir: Path, offline: bool, dist_dir: Path, config_file: Path) -> None:
    """Validate, render Markdown and build the site with MkDocs.

    Aborts on any validation error (printed as `validate` prints them) and
    leaves the previous site and bundle untouched when anything fails.
    """
    from .build import build as run_build

    run_build(content_dir, site_dir, offline=offline, dist_dir=dist_dir, config=config_file)


def main() -> None:
    try:
        cli(standalone_mode=True)
    except FactcheckError as exc:  # pragma: no cover - click handles ClickException itself
        exc.show()
        raise SystemExit(exc.exit_code) from exc
