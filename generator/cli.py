"""The `factcheck` command: parses arguments and formats results, nothing more."""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from pathlib import Path

import click

from generator.commands import new as scaffold
from generator.corpus.pipeline import problems_of
from generator.corpus.validate import Report
from generator.errors import FactcheckError, Problem, Severity, display_path
from generator.publish.publisher import DEFAULT_PUBLISHER, PUBLISHERS


class _ContentFolder(click.Path):
    """An existing folder; when it is missing, the message says where factcheck runs from."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(
        self,
        value: str | os.PathLike[str],
        param: click.Parameter | None,
        ctx: click.Context | None,
    ) -> str | bytes | os.PathLike[str]:
        path = super().convert(value, param, ctx)
        if not Path(str(path)).is_dir():
            self.fail(
                f"folder {str(value)!r} does not exist: run factcheck from the project's top folder "
                "(the one with mkdocs.yml), or pass --content",
                param,
                ctx,
            )
        return path


EXISTING_CONTENT_OPTION = click.option(
    "--content",
    "content_dir",
    type=_ContentFolder(),
    default=Path("content"),
    show_default=True,
    help="Folder holding claims/ and sources/.",
)
"""For every command: a content folder that is not there is a usage error (exit 2), so that
`new` run from the wrong folder does not start a second content tree there."""

CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="MkDocs configuration.",
)

PUBLISHER_OPTION = click.option(
    "--publisher",
    type=click.Choice(PUBLISHERS),
    default=DEFAULT_PUBLISHER,
    show_default=True,
    envvar="FACTCHECK_PUBLISHER",
    help="What builds the HTML: MkDocs, or ProperDocs, its maintained fork "
    "(pip install 'factcheck[properdocs]'). Also FACTCHECK_PUBLISHER.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="factcheck")
def cli() -> None:
    """Validate fact-check content and publish it as a static site."""


@cli.command()
@EXISTING_CONTENT_OPTION
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "github", "json"]),
    default="text",
    show_default=True,
    help="text: path:line:col lines; github: workflow annotations; json: a list.",
)
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--base",
    metavar="REF",
    help="Also compare with this git revision (e.g. origin/main): a published claim whose "
    "status or quotes changed needs a new corrections entry (a changed summary without one "
    "is a warning).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that read and check the claims (same report for any number).  [default: on Linux the CPUs available, at most 8; elsewhere 1]",
)
def validate(
    content_dir: Path, output_format: str, strict: bool, base: str | None, jobs: int | None
) -> None:
    """Check every claim and source; exit 1 if anything is wrong.

    Reports every problem in every file at once: YAML syntax, fields and
    types, unknown keys, ids, dates, links, statuses and stances, references
    between claims and sources, and that every quote appears in its source.

    With --base REF, a claim that was published at REF (not a draft) and whose
    status changed, or whose quotes (citations or reported figures) were
    added, removed or edited, must have more corrections entries than at REF;
    one whose summary changed without a new entry is warned about (a wording
    fix needs none, a change to what it says does).
    """
    from generator.corpus.forking import default_jobs

    report = problems_of(content_dir, jobs=jobs if jobs is not None else default_jobs())
    if base is not None:
        from generator.corpus.history import with_corrections_check

        report = with_corrections_check(report, content_dir, base)
    click.echo(format_report(report, output_format), nl=False)
    failed = report.errors or (strict and report.warnings)
    if failed:
        raise SystemExit(1)


def format_report(report: Report, output_format: str) -> str:
    if output_format == "json":
        return (
            json.dumps([problem_record(p) for p in report.problems], indent=2, ensure_ascii=False)
            + "\n"
        )
    lines = [
        github_annotation(p) if output_format == "github" else p.format() for p in report.problems
    ]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    """`17 claims, 5 sources, 99 citations: 0 errors, 1 warning` (warnings alone do not fail)."""
    return (
        f"{_counted(report.claims, 'claim')}, {_counted(report.sources, 'source')}, "
        f"{_counted(report.citations, 'citation')}: "
        f"{_counted(len(report.errors), 'error')}, {_counted(len(report.warnings), 'warning')}"
    )


def _counted(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


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
        for key, value in (
            ("file", problem.display_path),
            ("line", problem.line),
            ("col", problem.col),
        )
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
@click.option(
    "--check", is_flag=True, help="Only report whether the files are up to date (exit 1 if not)."
)
def schema(output: Path, check: bool) -> None:
    """Write JSON Schema files for claims and sources (for editors' YAML language servers)."""
    from generator.commands.schema import stale_schemas, write_schemas

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
@EXISTING_CONTENT_OPTION
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
@CONFIG_OPTION
@PUBLISHER_OPTION
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that render the Markdown and the HTML pages (same output for any number).  [default: on Linux the CPUs available, at most 8; elsewhere 1]",
)
def build(
    content_dir: Path,
    site_dir: Path,
    offline: bool,
    dist_dir: Path,
    config_file: Path,
    publisher: str,
    jobs: int | None,
) -> None:
    """Validate, render Markdown and build the site with MkDocs.

    Aborts on any validation error (printed as `validate` prints them) and
    leaves the previous site and bundle untouched when anything fails.
    """
    from generator.commands.build import build as run_build
    from generator.errors import BuildInterrupted
    from generator.render.files import default_jobs

    jobs = jobs if jobs is not None else default_jobs()
    try:
        result = run_build(
            content_dir,
            site_dir,
            offline=offline,
            dist_dir=dist_dir,
            config=config_file,
            jobs=jobs,
            publisher=publisher,
        )
    except KeyboardInterrupt:
        raise BuildInterrupted(
            "build interrupted; the previous site and bundle are unchanged"
        ) from None
    click.echo(
        f"Built {display_path(site_dir)}/ from {result.claims} claims and "
        f"{result.sources} sources in {result.seconds:.1f} s"
    )
    if result.bundle is not None:
        click.echo(f"Offline bundle: {display_path(result.bundle.path)}")


@cli.command()
@EXISTING_CONTENT_OPTION
@click.option(
    "--base",
    metavar="REF",
    required=True,
    help="The git revision to compare with, e.g. origin/main.",
)
def diff(content_dir: Path, base: str) -> None:
    """Print the claim changes since REF as Markdown, for a pull-request comment.

    For each claim added, modified or removed (in that order, then by id): the
    status (old label -> new label), the summary, the quotes added or removed
    in citations and reported figures, stance changes, new corrections and
    other changed fields. Prints "No claim changed." when nothing did.
    """
    from generator.commands.diff import render_diff
    from generator.corpus.history import claims_at, compare, current_claims

    changes = compare(claims_at(base, content_dir), current_claims(content_dir))
    click.echo(render_diff(changes, base), nl=False)


@cli.command()
@EXISTING_CONTENT_OPTION
@CONFIG_OPTION
@PUBLISHER_OPTION
@click.option(
    "--dev-addr",
    metavar="HOST:PORT",
    default="127.0.0.1:8000",
    show_default=True,
    help="Where to serve the preview (loopback only unless you say otherwise).",
)
@click.option(
    "--drafts/--no-drafts",
    "include_drafts",
    default=True,
    show_default=True,
    help="Show draft claims and sources, each marked as a draft (`factcheck build` never publishes them).",
)
def serve(
    content_dir: Path, config_file: Path, publisher: str, dev_addr: str, include_drafts: bool
) -> None:
    """Serve a live preview that rebuilds when content/ or site_templates/ change.

    Validation errors are printed as `path:line:col: error: ...` and the last
    good preview stays up. Rebuilds are incremental (MkDocs' dirty builds), for
    previewing only: publish with `factcheck build`. Drafts are shown, each with
    a "Draft — not published" notice, unless --no-drafts is given.
    """
    from generator.commands.serve import serve as run_serve

    run_serve(
        content_dir, config_file, dev_addr, include_drafts=include_drafts, publisher=publisher
    )


# -- factcheck new ------------------------------------------------------------------------


def _checked(
    check: Callable[[str], str | None],
) -> Callable[[click.Context, click.Parameter, str | None], str | None]:
    """A click callback that turns `check`'s message into a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        if value is not None:
            problem = check(value)
            if problem:
                raise click.BadParameter(problem)
        return value

    return callback


@cli.group()
def new() -> None:
    """Write a commented skeleton for a new claim or source (never overwrites)."""


@new.command("claim")
@EXISTING_CONTENT_OPTION
@click.argument("claim_id", metavar="ID", callback=_checked(scaffold.check_id))
def new_claim(content_dir: Path, claim_id: str) -> None:
    """Write content/claims/ID.yaml: every field to fill is left "", as a draft.

    The file lists, in comments, the ids and titles of the sources you can
    cite. Run `factcheck validate` to see which fields are still empty.
    """
    target = scaffold.claim_path(content_dir, claim_id)
    text = scaffold.claim_skeleton(scaffold.available_sources(content_dir), dt.date.today())
    path = scaffold.write_new(target, text)
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        'next: fill in every "" (`factcheck validate` lists them); delete `draft: true` when it is ready'
    )


@new.command("source")
@EXISTING_CONTENT_OPTION
@click.argument("source_id", metavar="ID", callback=_checked(scaffold.check_id))
@click.option(
    "--from",
    "from_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Import the article's text from this UTF-8 file (words kept verbatim).",
)
@click.option("--title", callback=_checked(scaffold.check_text), help="The headline as printed.")
@click.option(
    "--outlet",
    callback=_checked(scaffold.check_text),
    help="The publication, as named in the article.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    callback=_checked(scaffold.check_date),
    help="Publication date the article states.",
)
@click.option(
    "--retrieved",
    metavar="YYYY-MM-DD",
    callback=_checked(scaffold.check_date),
    help="When this copy of the text was captured.",
)
@click.option(
    "--url", callback=_checked(scaffold.check_url), help="Where it was published (http or https)."
)
@click.option(
    "--language",
    default="en",
    show_default=True,
    callback=_checked(scaffold.check_language),
    help="Language tag of the text.",
)
def new_source(
    content_dir: Path,
    source_id: str,
    from_file: Path | None,
    title: str | None,
    outlet: str | None,
    published: str | None,
    retrieved: str | None,
    url: str | None,
    language: str,
) -> None:
    """Write content/sources/ID.md: front matter to fill, and the article's text.

    Without --from the text is left for you to paste below the front matter.
    Outlet and dates are `unknown` unless given; they are never guessed.
    """
    target = scaffold.source_path(content_dir, source_id)
    imported = scaffold.import_text(from_file) if from_file is not None else None
    fields = scaffold.SourceFields(
        title=title or "",
        outlet=outlet or "unknown",
        published=published or "unknown",
        retrieved=retrieved or "unknown",
        url=url,
        language=language,
        note=scaffold.import_note(from_file, imported)
        if from_file is not None and imported is not None
        else None,
    )
    body = imported.body if imported is not None else None
    path = scaffold.write_new(target, scaffold.source_skeleton(fields, body))
    if imported is None:
        click.echo(f"wrote {display_path(path)}")
        click.echo(
            "next: paste the article's text below the front matter, one blank line between paragraphs"
        )
        return
    inserted = (
        "; blank lines were inserted between its lines" if imported.blank_lines_inserted else ""
    )
    click.echo(f"wrote {display_path(path)} ({imported.paragraphs} paragraphs{inserted})")
    if not title:
        click.echo("next: fill in the title (`factcheck validate` lists what is missing)")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except FactcheckError as exc:  # pragma: no cover - click handles ClickException itself
        exc.show()
        raise SystemExit(exc.exit_code) from exc
