"""The `factcheck` command: parses arguments and formats results, nothing more."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import click

from generator.commands import DOCUMENTED_COMMAND
from generator.commands import new as scaffold
from generator.corpus.models import SourceKind
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

DEFAULT_CONFIG = Path("mkdocs.yml")

CONFIG_OPTION = click.option(
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=DEFAULT_CONFIG,
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


def jobs_option(work: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """`--jobs N`: how many processes do `work` (the output is the same for any number)."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help=f"Processes that {work} (same output for any number).  [default: on Linux the "
        "CPUs available, at most 8; elsewhere 1]",
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
    "--config",
    "config_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="MkDocs configuration whose settings are checked too (theme.language, the language "
    "editions that claims' translations name).  [default: mkdocs.yml, when there is one]",
)
@click.option(
    "--base",
    metavar="REF",
    help="Also compare with this git revision (e.g. origin/main): a published claim whose "
    "status or quotes changed needs a new corrections entry (a changed summary without one "
    "is a warning), and so does a published source whose text changed.",
)
@jobs_option("read and judge the claims")
def validate(
    content_dir: Path,
    output_format: str,
    strict: bool,
    config_file: Path | None,
    base: str | None,
    jobs: int | None,
) -> None:
    """Check every claim and source; exit 1 if anything is wrong.

    Reports every problem in every file at once: YAML syntax, fields and
    types, unknown keys, ids, dates, links, statuses and stances, references
    between claims and sources, and that every quote appears in its source.

    With --base REF, a claim that was published at REF (not a draft) and whose
    status changed, or whose quotes (citations or reported figures) were
    added, removed or edited, must have more corrections entries than at REF;
    one whose summary changed without a new entry is warned about (a wording
    fix needs none, a change to what it says does). A source published at REF
    whose text changed at all must have more entries in its own corrections
    log (`typo: true` for a slip in copying, a few words at most).

    mkdocs.yml (--config) is checked too: a setting the site cannot be built with, such as
    a theme.language without a catalog, and the editions claims' translations name.
    """
    from generator.commands.validate import validate as validate_all
    from generator.corpus.forking import default_jobs

    config = config_file or (DEFAULT_CONFIG if DEFAULT_CONFIG.is_file() else None)
    report = validate_all(content_dir, config, jobs=jobs if jobs is not None else default_jobs())
    if base is not None:
        from generator.corpus.history import with_corrections_check

        report = with_corrections_check(report, content_dir, base)
    click.echo(format_report(report, output_format), nl=False)
    failed = report.errors or (strict and report.warnings)
    if failed:
        raise SystemExit(1)


def invoked_as() -> str:
    """How factcheck was run, so that the commands it suggests run the same way in a fresh
    shell: `.venv/bin/factcheck` as typed (the manual's way), `factcheck` when found on PATH,
    `.venv/bin/python -m generator` for the module."""
    argv0 = sys.argv[0] if sys.argv else ""
    if Path(argv0).name == "__main__.py" and Path(argv0).parent.name == "generator":
        return f"{display_path(Path(sys.executable))} -m generator"
    if Path(argv0).name != "factcheck":
        return DOCUMENTED_COMMAND  # run from Python (tests): the way the manual shows
    if not os.path.isabs(argv0):
        return argv0
    on_path = shutil.which("factcheck")
    if on_path is not None and os.path.samefile(on_path, argv0):
        return "factcheck"
    return display_path(Path(argv0))


def _preview_address(config_file: Path) -> str:
    """Where `factcheck serve` shows the site by default (mkdocs.yml's site_url path)."""
    from urllib.parse import urlsplit

    from generator.publish.preview import preview_url
    from generator.render.settings import load_settings

    host, port = DEFAULT_DEV_ADDR.rsplit(":", 1)
    return preview_url(host, int(port), urlsplit(load_settings(config_file).site_url).path)


DEFAULT_DEV_ADDR = "127.0.0.1:8000"


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
    """One problem for `--format json`; `fix` only when the problem has a second line."""
    record: dict[str, object] = {
        "path": problem.display_path,
        "line": problem.line,
        "column": problem.col,
        "severity": str(problem.severity),
        "message": problem.message,
    }
    if problem.fix:
        record["fix"] = problem.fix
    return record


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
    return f"::{level} {props},title=factcheck::{_escape_data(problem.full_message)}"


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
    """Write JSON Schema files for claims, sources, people, claimants and about.yaml (for
    editors' YAML language servers)."""
    from generator.commands.schema import stale_schemas, write_schemas

    if check:
        stale = stale_schemas(output)
        for path in stale:
            click.echo(f"{path}: out of date; run `{invoked_as()} schema`")
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
@jobs_option("render the Markdown and the HTML pages")
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
    from generator.commands.build import drafts_report

    click.echo(
        f"Built {display_path(site_dir)}/ from {_counted(result.claims, 'claim')} and "
        f"{_counted(result.sources, 'source')} in {result.seconds:.1f} s"
    )
    for line in drafts_report(result.draft_claims, result.draft_sources, "not published"):
        click.echo(line)
    if result.bundle is not None:
        click.echo(
            f"Offline bundle: {display_path(result.bundle.path)} (unzip it anywhere and open its index.html)"
        )
    click.echo(
        f"To look at the site: {invoked_as()} serve, then open {_preview_address(config_file)}"
    )


@cli.command()
@EXISTING_CONTENT_OPTION
@click.option(
    "--base",
    metavar="REF",
    required=True,
    help="The git revision to compare with, e.g. origin/main.",
)
def diff(content_dir: Path, base: str) -> None:
    """Print the claim and source changes since REF as Markdown, for a pull-request comment.

    For each claim added, modified or removed (in that order, then by id): the
    status (old label -> new label), the summary, the quotes added or removed
    in citations and reported figures, stance changes, new corrections and
    other changed fields. Then for each source added, modified or removed: its
    title, the front-matter fields that changed, the paragraphs of its text
    edited, added or removed, and the claims that quote it. Prints "No claim or
    source changed." when nothing did.
    """
    from generator.commands.diff import render_diff
    from generator.commands.signoff import signoff_section, verdict_changes
    from generator.corpus.history import claims_at, compare, current_claims
    from generator.corpus.source_changes import compare_sources

    before, now = claims_at(base, content_dir), current_claims(content_dir)
    changes = compare(before, now)
    click.echo(render_diff(changes, base, compare_sources(before, now), now), nl=False)
    section = signoff_section(verdict_changes(changes, before, now), base)
    if section:
        click.echo("\n" + section, nl=False)


@cli.command()
@EXISTING_CONTENT_OPTION
@click.option(
    "--base", metavar="REF", required=True, help="The pull request's base, e.g. origin/main."
)
@click.option(
    "--repo",
    "repository",
    metavar="OWNER/NAME",
    required=True,
    envvar="GITHUB_REPOSITORY",
    help="The repository of the pull request.  [default: GITHUB_REPOSITORY]",
)
@click.option(
    "--pull-request", "number", type=click.IntRange(min=1), required=True, help="Its number."
)
@click.option(
    "--head-sha",
    metavar="SHA",
    help="The pull request's latest commit: an approval of an earlier one does not count.",
)
@click.option(
    "--api-url",
    default="https://api.github.com",
    show_default=True,
    envvar="GITHUB_API_URL",
    help="GitHub's REST API (GitHub Enterprise's, or a test server). Also GITHUB_API_URL.",
)
@click.option(
    "--summary",
    "summary_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also append the report, in Markdown, to this file (e.g. $GITHUB_STEP_SUMMARY).",
)
def signoff(
    content_dir: Path,
    base: str,
    repository: str,
    number: int,
    head_sha: str | None,
    api_url: str,
    summary_file: Path | None,
) -> None:
    """Check that each changed published verdict is approved by the claim's editor.

    For each claim that was published at REF and whose status the pull request changes,
    the claim's editor must have approved the pull request on GitHub, with the account
    their person file gives at REF (`github`). Reads the reviews through GitHub's REST API
    with the token in GITHUB_TOKEN; exits 1, naming each claim at its status line, when an
    approval is missing. Makes no request when no verdict changed.
    """
    from generator.commands.github_api import check_api_url, check_repository
    from generator.commands.signoff import MissingToken, SignoffRequest, check_signoff

    for problem in (check_repository(repository), check_api_url(api_url)):
        if problem:
            raise click.UsageError(problem)
    request = SignoffRequest(content_dir, base, repository, number, head_sha, api_url)
    try:
        report = check_signoff(request, os.environ.get("GITHUB_TOKEN", "").strip())
    except MissingToken:
        raise click.UsageError(
            "set GITHUB_TOKEN to a token that can read the pull request "
            "(in a workflow: `GITHUB_TOKEN: ${{ github.token }}`)"
        ) from None
    if report.lines:
        click.echo("\n".join(report.lines))
    _append_summary(summary_file, report.summary)
    if report.error is not None:
        raise report.error
    if report.failed:
        raise SystemExit(1)


def _append_summary(path: Path | None, markdown: str) -> None:
    """Append `markdown` to `path` (a workflow's step summary), if one is given."""
    if path is None:
        return
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(markdown.rstrip("\n") + "\n")
    except OSError as exc:
        raise FactcheckError(f"cannot write the summary to {path}: {exc.strerror}") from exc


@cli.command()
@EXISTING_CONTENT_OPTION
@CONFIG_OPTION
@PUBLISHER_OPTION
@click.option(
    "--dev-addr",
    metavar="HOST:PORT",
    default=DEFAULT_DEV_ADDR,
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


# -- factcheck archive --------------------------------------------------------------------


def _archive_service(ctx: click.Context, param: click.Parameter, value: str) -> str:
    from generator.commands.wayback import Service

    try:
        Service.at(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None
    return value


@cli.command()
@EXISTING_CONTENT_OPTION
@click.argument("source_ids", metavar="[SOURCE]...", nargs=-1)
@click.option(
    "--service",
    metavar="URL",
    default="https://web.archive.org",
    show_default=True,
    envvar="FACTCHECK_ARCHIVE_SERVICE",
    callback=_archive_service,
    help="Where the Wayback Machine's Save Page Now is (also FACTCHECK_ARCHIVE_SERVICE).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=1, max=3600),
    default=120,
    show_default=True,
    help="Seconds to wait for each answer; a capture of a slow page takes a minute or more.",
)
@click.option(
    "--max-wait",
    type=click.FloatRange(min=0, max=3600),
    default=60,
    show_default=True,
    help="When the archive limits requests and asks to wait (HTTP 429), wait at most this "
    "long and ask again; a longer wait stops the run.",
)
def archive(
    content_dir: Path, source_ids: tuple[str, ...], service: str, timeout: float, max_wait: float
) -> None:
    """Have the Wayback Machine capture each source's original, and list the capture.

    For each SOURCE (an id; with none, every source) that has a `url` and no
    archived copy, asks the Wayback Machine's Save Page Now for a capture of
    that address (an unauthenticated GET of <service>/save/<url>) and adds it
    under the source's `archived:`, every other byte of the file unchanged.
    Run it when a source is added, before the pull request.

    This is the only command that uses the network: `build`, `validate` and
    `serve` never do. Problems are printed as `path:line:col: error: ...`;
    exit 1 if any source was not archived.
    """
    from generator.commands.archive import archive_sources
    from generator.commands.wayback import Service

    run = archive_sources(
        content_dir,
        source_ids,
        Service.at(service, timeout),
        max_wait=max_wait,
        say=click.echo,
    )
    for problem in run.problems:
        click.echo(problem.format())
    if run.not_asked:
        click.echo(f"not asked (the run stopped): {', '.join(run.not_asked)}")
    if run.archived or run.failed:
        click.echo(f"archived {_counted(len(run.archived), 'source')}")
    if run.failed:
        raise SystemExit(1)


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
    """Write a commented skeleton for a new claim, source, person or claimant (never
    overwrites)."""


@new.command("claim")
@EXISTING_CONTENT_OPTION
@click.argument("claim_id", metavar="ID", callback=_checked(scaffold.check_id))
def new_claim(content_dir: Path, claim_id: str) -> None:
    """Write content/claims/ID.yaml: every field to fill is left "", as a draft.

    The file lists, in comments, the ids and titles of the sources you can
    cite. Run `factcheck validate` to see which fields are still empty.
    """
    target = scaffold.claim_path(content_dir, claim_id)
    text = scaffold.claim_skeleton(scaffold.available(content_dir), dt.date.today())
    path = scaffold.write_new(target, text)
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        f'next: fill in every "" (`{invoked_as()} validate` lists them); '
        "delete `draft: true` when it is ready"
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
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in SourceKind]),
    default=SourceKind.ARTICLE.value,
    show_default=True,
    help="What the source is. With --from, a post takes its text, an image its picture, "
    "a video or an audio a WebVTT transcript, a document its PDF (its text taken out page by page).",
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
    kind: str,
) -> None:
    """Write content/sources/ID.md: front matter to fill, and the source's text.

    Without --from the text is left for you to paste below the front matter.
    Outlet and dates are `unknown` unless given; they are never guessed.
    """
    order = scaffold.check_retrieved(published, retrieved)
    if order:
        raise click.BadParameter(order, param_hint="'--retrieved'")
    source_kind = SourceKind(kind)
    if source_kind is not SourceKind.ARTICLE:
        _new_source_of_kind(
            content_dir,
            source_id,
            source_kind,
            from_file,
            scaffold.SourceFields(
                title=title or "",
                outlet=outlet or "unknown",
                published=published or "unknown",
                retrieved=retrieved or "unknown",
                url=url,
                language=language,
            ),
        )
        return
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
        _archive_hint(source_id, url)
        return
    inserted = (
        "; blank lines were inserted between its lines" if imported.blank_lines_inserted else ""
    )
    click.echo(f"wrote {display_path(path)} ({imported.paragraphs} paragraphs{inserted})")
    if not title:
        click.echo(f"next: fill in the title (`{invoked_as()} validate` lists what is missing)")
    _archive_hint(source_id, url)


def _archive_hint(source_id: str, url: str | None) -> None:
    """Tell a desk to archive a new source's original, the step its pull request needs."""
    if url:
        click.echo(
            f"next: archive the original before the pull request: `{invoked_as()} archive {source_id}`"
        )


@new.command("person")
@EXISTING_CONTENT_OPTION
@click.argument("person_id", metavar="ID", callback=_checked(scaffold.check_id))
def new_person(content_dir: Path, person_id: str) -> None:
    """Write content/people/ID.yaml: a person of the desk, to name in claims' `authors`
    and `editor`. Run `factcheck validate` to see which fields are still empty."""
    path = scaffold.write_new(
        scaffold.person_path(content_dir, person_id), scaffold.PERSON_TEMPLATE
    )
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        f'next: fill in every "" (`{invoked_as()} validate` lists them); '
        f"then name `{person_id}` in claims"
    )


@new.command("claimant")
@EXISTING_CONTENT_OPTION
@click.argument("claimant_id", metavar="ID", callback=_checked(scaffold.check_id))
def new_claimant(content_dir: Path, claimant_id: str) -> None:
    """Write content/claimants/ID.yaml: someone whose claims the desk checks, with a page
    of their own. Run `factcheck validate` to see which fields are still empty."""
    path = scaffold.write_new(
        scaffold.claimant_path(content_dir, claimant_id), scaffold.CLAIMANT_TEMPLATE
    )
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        f'next: fill in every "" (`{invoked_as()} validate` lists them); '
        f"then write `claimant: {claimant_id}` in their claims"
    )


def _new_source_of_kind(
    content_dir: Path,
    source_id: str,
    kind: SourceKind,
    from_file: Path | None,
    fields: scaffold.SourceFields,
) -> None:
    """`new source --kind KIND` for a kind other than an article (`commands.new_kinds`)."""
    from generator.commands.new_kinds import write_source_of_kind

    for line in write_source_of_kind(content_dir, source_id, kind, from_file, fields):
        click.echo(line)


# -- factcheck catalog --------------------------------------------------------------------


@cli.group()
def catalog() -> None:
    """Start, update and check the catalogs every word of the site comes from.

    One catalog per language, in site_templates/locales/ (the manual's "Languages").
    """


@catalog.command("new")
@click.argument("language")
def catalog_new(language: str) -> None:
    """Start the catalog of LANGUAGE (a tag like es, pt-BR), every entry to translate."""
    from generator.commands.catalog import new_catalog

    path = new_catalog(language)
    click.echo(f"wrote {display_path(path)}")
    click.echo(
        f"next: translate every msgstr, then `factcheck catalog check {language}`; "
        f"set `theme.language: {language}` in mkdocs.yml to build the site in it"
    )


@catalog.command("update")
def catalog_update() -> None:
    """Extract the strings of the code and templates again and bring every catalog up to
    date: new strings added untranslated, changed ones marked fuzzy, unused ones dropped."""
    from generator.commands.catalog import update_catalogs

    changed = update_catalogs()
    for path in changed:
        click.echo(f"updated {display_path(path)}")
    if not changed:
        click.echo("every catalog is up to date")


@catalog.command("check")
@click.argument("languages", nargs=-1, metavar="[LANGUAGE]...")
def catalog_check(languages: tuple[str, ...]) -> None:
    """Check the catalogs (all, or these): exit 1 on an untranslated or fuzzy entry, a
    placeholder that differs from the English, or a string of the code or templates that
    a catalog lacks."""
    from generator.commands.catalog import check_catalogs

    problems = check_catalogs(languages)
    for problem in problems:
        click.echo(f"{problem.display_path}:{problem.line}: {problem.severity}: {problem.message}")
    if problems:
        click.echo(f"{_counted(len(problems), 'problem')} in the catalogs")
        raise SystemExit(1)
    click.echo("the catalogs are complete")


def main() -> None:
    try:
        cli(standalone_mode=True)
    except FactcheckError as exc:  # pragma: no cover - click handles ClickException itself
        exc.show()
        raise SystemExit(exc.exit_code) from exc
